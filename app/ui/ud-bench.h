/* ud-bench.h — startup and memory figures for bench/bench-startup.sh
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* When UD_BENCH_STARTUP is set: on the first painted frame of @window prints the time since the
 * process started, then scrolls the member list to its middle and its end, waits for the rows,
 * prints the peak resident memory and quits the application. */
void ud_bench_watch_startup (GtkWindow *window);

/* When UD_BENCH_STARTUP is set: on the first painted frame of the login window prints the time
 * since the process started, then logs in as $UD_BENCH_USER with the password read from the file
 * descriptor $UD_BENCH_PASSWORD_FD (never from the environment), as a person typing would. */
void ud_bench_watch_login   (GtkWindow *login);

G_END_DECLS
