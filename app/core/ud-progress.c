/* ud-progress.c — progress figures from a worker thread to the thread that asked for the work
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-progress"

#include "ud-progress.h"

typedef struct
{
  UdProgressFunc func;
  gpointer       user_data;
  guint          done;
  guint          total;
} ProgressCall;

static gboolean
dispatch (gpointer data)
{
  ProgressCall *call = data;

  call->func (call->done, call->total, call->user_data);
  return G_SOURCE_REMOVE;
}

void
ud_progress_invoke (GMainContext   *context,
                    UdProgressFunc  func,
                    gpointer        user_data,
                    guint           done,
                    guint           total)
{
  ProgressCall *call = g_new (ProgressCall, 1);

  g_return_if_fail (func != NULL);

  *call = (ProgressCall) { func, user_data, done, total };
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, dispatch, call, g_free);
}
