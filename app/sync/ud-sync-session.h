/* ud-sync-session.h — the exchange of one batch with the server, shared by the online run and
 * the bundle upload (private to app/sync)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-sync-client.h"
#include "ud-sync-http.h"

G_BEGIN_DECLS

typedef struct
{
  UdSyncHttp    *http;          /* owned */
  UdSyncOptions  options;
  double         scale;         /* the effective wait scale */
  GCancellable  *cancellable;   /* borrowed */
  guint          failures;      /* consecutive failed attempts */
  guint          n_retries;
} UdSyncSession;

gboolean ud_sync_session_init  (UdSyncSession       *session,
                                const char          *base_url,
                                const char          *token,
                                const char          *ca_file,
                                const UdSyncOptions *options,
                                GCancellable        *cancellable,
                                GError             **error);
void     ud_sync_session_clear (UdSyncSession       *session);

typedef enum
{
  UD_SYNC_EXCHANGE_RESULTS,     /* *results holds the server's valid answer */
  UD_SYNC_EXCHANGE_RETRY,       /* try the same batch again after *wait_ms */
  UD_SYNC_EXCHANGE_TOO_LARGE,   /* 413: nothing stored; split */
  UD_SYNC_EXCHANGE_MALFORMED,   /* 400 or 422: stop this batch (*message says why) */
} UdSyncExchange;

/* One attempt for the batch @batch_id with @body and @seqs. When @ask_first, GET
 * v1/batches/{id} comes first (a previous request may have arrived) and a stored answer is taken
 * without resending. *@maybe_received tells whether this attempt may have reached the server.
 * FALSE with an error only for what stops the run: cancelled, token refused (401/403). */
gboolean ud_sync_session_exchange (UdSyncSession  *session,
                                   const char     *batch_id,
                                   const char     *body,
                                   GArray         *seqs,
                                   gboolean        ask_first,
                                   UdSyncExchange *kind,
                                   GArray        **results,
                                   gint64         *wait_ms,
                                   gboolean       *maybe_received,
                                   char          **message,
                                   GError        **error);

/* Counts a failure and waits @wait_ms (scaled; a wait of -1 is the protocol's backoff for this
 * failure count). FALSE when cancelled, when the failures reached options.max_failures, or when
 * the wait would exceed options.max_wait_ms; @message is the last failure's reason. */
gboolean ud_sync_session_back_off (UdSyncSession  *session,
                                   gint64          wait_ms,
                                   const char     *message,
                                   GError        **error);

/* GET v1/hello: checks the token and the protocol, fills @report's office and clock fields and
 * the adopted limits. Retries transient failures. */
gboolean ud_sync_session_hello    (UdSyncSession  *session,
                                   UdSyncReport   *report,
                                   guint          *max_records,
                                   gsize          *max_bytes,
                                   GError        **error);

G_END_DECLS
