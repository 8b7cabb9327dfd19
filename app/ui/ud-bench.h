/* ud-bench.h — startup and memory figures for bench/bench-startup.sh
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* When UD_BENCH_STARTUP is set: on the first painted frame of @window prints the time since the
 * process started, then scrolls the member list to its middle and its end, waits for the rows,
 * prints the peak resident memory and quits the application. */
void ud_bench_watch_startup (GtkWindow *window);

G_END_DECLS
