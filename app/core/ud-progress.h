/* ud-progress.h — progress figures from a worker thread to the thread that asked for the work
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*UdProgressFunc) (guint    done,
                                guint    total,
                                gpointer user_data);

/* Calls @func (@done, @total, @user_data) on @context, with a copy of the figures. It runs at
 * the priority GTask completes at, so every progress call reaches the caller before the task's
 * callback. The worker should push a thread-default context of its own first, or
 * g_main_context_invoke_full() may run @func right there in the worker. */
void ud_progress_invoke (GMainContext   *context,
                         UdProgressFunc  func,
                         gpointer        user_data,
                         guint           done,
                         guint           total);

G_END_DECLS
