/* ud-sync-client.h — one sync run: hello, city policy, then every waiting batch, with retries
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run is blocking and meant for a worker thread (ud_sync_run_async() runs it in one); it opens
 * no transaction during network I/O, keeps one batch in flight, and holds a lock file beside the
 * database so that only one run per installation sends at a time. */
#pragma once

#include <gio/gio.h>

#include "ud-database.h"
#include "ud-progress.h"
#include "ud-sync-store.h"

G_BEGIN_DECLS

typedef struct
{
  double   backoff_scale;  /* multiplies every wait (backoff and Retry-After); 0: the
                            * UD_SYNC_BACKOFF_SCALE test hook, else 1 */
  guint    max_failures;   /* consecutive failed attempts before the run gives up (retry later) */
  gint64   max_wait_ms;    /* a wait longer than this (after scaling) ends the run instead */
  guint    timeout_s;      /* per request; 0 for the protocol's 120 s */
  gboolean fetch_policy;   /* ask GET v1/policy */
  gboolean retry_failed;   /* reopen batches stopped by 400/422 first */
} UdSyncOptions;

/* Defaults: scale from the environment, 10 failures, 10 minutes, 120 s, policy on. */
void     ud_sync_options_init (UdSyncOptions *options);

typedef struct
{
  guint    n_total;          /* records waiting when the uploads began */
  guint    n_acknowledged;   /* accepted, duplicate or stale */
  guint    n_rejected;
  guint    n_conflict;
  guint    n_too_large;      /* single records the server refused as too large (413) */
  guint    n_batches;        /* batches answered */
  guint    n_failed_batches; /* stopped by 400/422 */
  guint    n_retries;        /* failed attempts that were retried */
  guint    n_policy_values;  /* city policy values stored */
  gboolean clock_warning;    /* the PC's clock is more than 5 minutes off the server's */
  gint64   clock_offset_ms;
  char    *office_id;
  char    *office_name;
} UdSyncReport;

void     ud_sync_report_clear (UdSyncReport *report);

/* Runs a whole sync on @db (this thread's connection) with @token. Records the outcome and time
 * in the database. The error's code (UD_SYNC_ERROR_…, G_IO_ERROR_CANCELLED, UD_ERROR_…) tells a
 * scheduled job whether to retry later or call a person. @progress is called on this thread
 * with records answered / waiting. */
gboolean ud_sync_run          (UdDatabase          *db,
                               const char          *token,
                               const UdSyncOptions *options,
                               UdSyncReport        *report,
                               UdProgressFunc       progress,
                               gpointer             progress_data,
                               GCancellable        *cancellable,
                               GError             **error);

/* ud_sync_run() in a GTask thread on its own connection to @db_path. @progress is called on
 * the caller's thread-default main context. */
void     ud_sync_run_async    (const char          *db_path,
                               const char          *token,
                               const UdSyncOptions *options,
                               UdProgressFunc       progress,
                               gpointer             progress_data,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
/* The run's report (free with ud_sync_report_free()), or NULL with the run's error. */
UdSyncReport *ud_sync_run_finish (GAsyncResult  *result,
                                  GError       **error);
void     ud_sync_report_free  (UdSyncReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdSyncReport, ud_sync_report_free)

/* The outcome a run's error stands for. */
UdSyncOutcome ud_sync_outcome_for_error (const GError *error);

/* Holds the lock file beside @db_path (one sync at a time per installation); NULL with an
 * error when another run holds it. Release with ud_sync_lock_release(). */
typedef struct _UdSyncLock UdSyncLock;
UdSyncLock *ud_sync_lock_acquire (const char  *db_path,
                                  GError     **error);
void        ud_sync_lock_release (UdSyncLock  *lock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdSyncLock, ud_sync_lock_release)

G_END_DECLS
