/* ud-sync-client.c — one sync run: hello, city policy, then every waiting batch, with retries
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-sync"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-outbox.h"
#include "ud-policy.h"
#include "ud-sync-backoff.h"
#include "ud-sync-client.h"
#include "ud-sync-error.h"
#include "ud-sync-session.h"

void
ud_sync_options_init (UdSyncOptions *options)
{
  *options = (UdSyncOptions) {
    .backoff_scale = 0.0,
    .max_failures = 10,
    .max_wait_ms = 10 * 60 * 1000,
    .timeout_s = 0,
    .fetch_policy = TRUE,
    .retry_failed = FALSE,
  };
}

void
ud_sync_report_clear (UdSyncReport *report)
{
  g_clear_pointer (&report->office_id, g_free);
  g_clear_pointer (&report->office_name, g_free);
}

void
ud_sync_report_free (UdSyncReport *report)
{
  if (report == NULL)
    return;
  ud_sync_report_clear (report);
  g_free (report);
}

UdSyncOutcome
ud_sync_outcome_for_error (const GError *error)
{
  if (error == NULL)
    return UD_SYNC_OUTCOME_OK;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return UD_SYNC_OUTCOME_CANCELLED;
  if (error->domain == UD_SYNC_ERROR)
    switch ((UdSyncErrorCode) error->code)
      {
      case UD_SYNC_ERROR_NETWORK:
      case UD_SYNC_ERROR_SERVER:
        return UD_SYNC_OUTCOME_NETWORK;
      case UD_SYNC_ERROR_TOKEN:
      case UD_SYNC_ERROR_OFFICE:
        return UD_SYNC_OUTCOME_TOKEN;
      case UD_SYNC_ERROR_BATCH:
        return UD_SYNC_OUTCOME_BATCH;
      case UD_SYNC_ERROR_NOT_CONFIGURED:
      case UD_SYNC_ERROR_BUNDLE:
      case UD_SYNC_ERROR_PROTOCOL:
      default:
        return UD_SYNC_OUTCOME_FAILED;
      }
  return UD_SYNC_OUTCOME_FAILED;
}

/* The lock */

struct _UdSyncLock
{
  int fd;
};

UdSyncLock *
ud_sync_lock_acquire (const char  *db_path,
                      GError     **error)
{
  g_autofree char *path = g_strconcat (db_path, "-sync.lock", NULL);
  UdSyncLock *lock;
  int fd;

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot open the sync lock file %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("Another sync of this database is running; try again when it has "
                     "finished"));
      return NULL;
    }
  lock = g_new0 (UdSyncLock, 1);
  lock->fd = fd;
  return lock;
}

void
ud_sync_lock_release (UdSyncLock *lock)
{
  if (lock == NULL)
    return;
  flock (lock->fd, LOCK_UN);
  close (lock->fd);
  g_free (lock);
}

/* The session */

gboolean
ud_sync_session_init (UdSyncSession       *session,
                      const char          *base_url,
                      const char          *token,
                      const char          *ca_file,
                      const UdSyncOptions *options,
                      GCancellable        *cancellable,
                      GError             **error)
{
  memset (session, 0, sizeof *session);
  if (options != NULL)
    session->options = *options;
  else
    ud_sync_options_init (&session->options);
  session->scale = session->options.backoff_scale > 0.0 ? session->options.backoff_scale
                                                         : ud_sync_backoff_env_scale ();
  session->cancellable = cancellable;
  session->http = ud_sync_http_new (base_url, token, ca_file, error);
  if (session->http == NULL)
    return FALSE;
  if (session->options.timeout_s > 0)
    ud_sync_http_set_timeout (session->http, session->options.timeout_s);
  return TRUE;
}

void
ud_sync_session_clear (UdSyncSession *session)
{
  g_clear_pointer (&session->http, ud_sync_http_free);
}

/* Sleeps @ms unless cancelled first. */
static gboolean
sleep_cancellable (gint64         ms,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  GPollFD pollfd;
  gboolean has_fd;

  has_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pollfd);
  for (;;)
    {
      gint64 left = end - g_get_monotonic_time ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      if (left <= 0)
        {
          if (has_fd)
            g_cancellable_release_fd (cancellable);
          return TRUE;
        }
      if (has_fd)
        g_poll (&pollfd, 1, (int) MIN ((left + 999) / 1000, 1000));
      else
        g_usleep ((gulong) MIN (left, 100 * 1000));
    }
  if (has_fd)
    g_cancellable_release_fd (cancellable);
  return FALSE;
}

gboolean
ud_sync_session_back_off (UdSyncSession  *session,
                          gint64          wait_ms,
                          const char     *message,
                          GError        **error)
{
  gint64 scaled;

  session->failures++;
  if (session->failures >= MAX (session->options.max_failures, 1))
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_SERVER,
                   _("The server could not be reached or kept failing (%u attempts); sync will "
                     "be tried again later: %s"), session->failures, message);
      return FALSE;
    }
  if (wait_ms < 0)
    wait_ms = ud_sync_backoff_delay_ms (session->failures - 1, UD_SYNC_BACKOFF_BASE_MS,
                                        UD_SYNC_BACKOFF_CAP_MS, NULL);
  scaled = (gint64) ((double) wait_ms * session->scale);
  if (scaled > session->options.max_wait_ms)
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_SERVER,
                   _("The server asks to wait %lld s; sync will be tried again later: %s"),
                   (long long) (scaled / 1000), message);
      return FALSE;
    }
  session->n_retries++;
  g_debug ("retrying in %" G_GINT64_FORMAT " ms: %s", scaled, message);
  return sleep_cancellable (scaled, session->cancellable, error);
}

/* The wait a 409/429/503 asks for, or -1 (backoff). */
static gint64
retry_after_ms (UdSyncHttpReply *reply)
{
  gint64 ms;

  if (reply->retry_after != NULL
      && ud_sync_parse_retry_after (reply->retry_after, g_get_real_time () / 1000, &ms))
    return ms;
  return -1;
}

static gboolean
token_refused (UdSyncHttpReply  *reply,
               GError          **error)
{
  if (reply->status != 401 && reply->status != 403)
    return FALSE;
  g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN,
               _("The city union's server refused the sync token (HTTP %ld): ask the city union "
                 "for a new token and enter it in the sync settings"), reply->status);
  return TRUE;
}

/* A short, loggable text of an HTTP failure. */
static char *
status_message (UdSyncHttpReply *reply)
{
  return g_strdup_printf (_("the server answered HTTP %ld"), reply->status);
}

static GArray *
results_from_reply (UdSyncHttpReply  *reply,
                    const char       *batch_id,
                    GArray           *seqs,
                    GError          **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (reply->body, &length);

  return ud_sync_parse_results (data, length, batch_id, seqs, error);
}

gboolean
ud_sync_session_exchange (UdSyncSession  *session,
                          const char     *batch_id,
                          const char     *body,
                          GArray         *seqs,
                          gboolean        ask_first,
                          UdSyncExchange *kind,
                          GArray        **results,
                          gint64         *wait_ms,
                          gboolean       *maybe_received,
                          char          **message,
                          GError        **error)
{
  g_autoptr(UdSyncHttpReply) reply = NULL;
  g_autoptr(GError) local_error = NULL;

  *kind = UD_SYNC_EXCHANGE_RETRY;
  *results = NULL;
  *wait_ms = -1;
  *maybe_received = FALSE;
  *message = NULL;

  if (ask_first)
    {
      g_autofree char *path = g_strconcat ("v1/batches/", batch_id, NULL);

      *maybe_received = TRUE;
      reply = ud_sync_http_get (session->http, path, NULL, session->cancellable, &local_error);
      if (reply == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          *message = g_strdup (local_error->message);
          return TRUE;
        }
      if (token_refused (reply, error))
        return FALSE;
      if (reply->status == 200)
        {
          *results = results_from_reply (reply, batch_id, seqs, &local_error);
          if (*results != NULL)
            {
              *kind = UD_SYNC_EXCHANGE_RESULTS;
              return TRUE;
            }
          /* An answer that is not for this body: send it (the same id and body only earn the
           * stored results again; other content under a used id earns 422). */
          g_debug ("the stored answer of %s does not fit: %s", batch_id, local_error->message);
          g_clear_error (&local_error);
        }
      else if (reply->status != 404)
        {
          if (reply->status == 409 || reply->status == 429 || reply->status == 503)
            *wait_ms = retry_after_ms (reply);
          *message = status_message (reply);
          return TRUE;
        }
      /* 404: the server never got it; send it. */
      g_clear_pointer (&reply, ud_sync_http_reply_free);
    }

  *maybe_received = TRUE;
  reply = ud_sync_http_post (session->http, "v1/batches", body, strlen (body), batch_id,
                             session->cancellable, &local_error);
  if (reply == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *message = g_strdup (local_error->message);
      return TRUE;
    }
  if (token_refused (reply, error))
    return FALSE;

  switch (reply->status)
    {
    case 200:
      *results = results_from_reply (reply, batch_id, seqs, &local_error);
      if (*results != NULL)
        *kind = UD_SYNC_EXCHANGE_RESULTS;
      else
        *message = g_strdup (local_error->message);
      break;
    case 400:
      *kind = UD_SYNC_EXCHANGE_MALFORMED;
      *maybe_received = FALSE;
      *message = g_strdup (_("The server refused the batch as malformed (HTTP 400); its records "
                             "are kept. This is a fault of Union Desk: please report it."));
      break;
    case 422:
      *kind = UD_SYNC_EXCHANGE_MALFORMED;
      *maybe_received = FALSE;
      *message = g_strdup (_("The server already has another batch with this id (HTTP 422); the "
                             "records are kept. This is a fault of Union Desk: please report "
                             "it."));
      break;
    case 413:
      *kind = UD_SYNC_EXCHANGE_TOO_LARGE;
      *maybe_received = FALSE;
      *message = status_message (reply);
      break;
    case 409:
      *wait_ms = retry_after_ms (reply);
      *message = status_message (reply);
      break;
    case 429:
    case 503:
      *wait_ms = retry_after_ms (reply);
      *maybe_received = reply->status == 503 && *wait_ms < 0;
      *message = status_message (reply);
      break;
    default:
      *message = status_message (reply);
      break;
    }
  return TRUE;
}

/* GET @path, retrying transient failures; any answer but a transient one is returned. */
static UdSyncHttpReply *
get_with_retries (UdSyncSession  *session,
                  const char     *path,
                  const char     *if_none_match,
                  GError        **error)
{
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(UdSyncHttpReply) reply = NULL;
      g_autofree char *message = NULL;
      gint64 wait = -1;

      reply = ud_sync_http_get (session->http, path, if_none_match, session->cancellable,
                                &local_error);
      if (reply == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          message = g_strdup (local_error->message);
        }
      else if (token_refused (reply, error))
        return NULL;
      else if (reply->status >= 500 || reply->status == 429 || reply->status == 409
               || reply->status == 413)
        {
          if (reply->status == 429 || reply->status == 503 || reply->status == 409)
            wait = retry_after_ms (reply);
          message = status_message (reply);
        }
      else
        {
          session->failures = 0;
          return g_steal_pointer (&reply);
        }

      if (!ud_sync_session_back_off (session, wait, message, error))
        return NULL;
    }
}

static JsonObject *
parse_object (UdSyncHttpReply *reply,
              JsonParser      *parser)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (reply->body, &length);
  JsonNode *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) length, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

gboolean
ud_sync_session_hello (UdSyncSession  *session,
                       UdSyncReport   *report,
                       guint          *max_records,
                       gsize          *max_bytes,
                       GError        **error)
{
  for (;;)
    {
      g_autoptr(UdSyncHttpReply) reply = get_with_retries (session, "v1/hello", NULL, error);
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GDateTime) server_time = NULL;
      JsonObject *hello;
      gint64 protocol;

      if (reply == NULL)
        return FALSE;
      if (reply->status != 200)
        {
          g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_PROTOCOL,
                       _("The server at this address does not answer the city union's sync "
                         "protocol (HTTP %ld for hello); check the server address"),
                       reply->status);
          return FALSE;
        }
      hello = parse_object (reply, parser);
      if (hello == NULL)
        {
          g_autofree char *message = g_strdup (_("the server's hello is not valid JSON"));

          if (!ud_sync_session_back_off (session, -1, message, error))
            return FALSE;
          continue;
        }

      protocol = json_object_get_int_member_with_default (hello, "protocol", 0);
      if (protocol != 1)
        {
          g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_PROTOCOL,
                       _("The server speaks sync protocol %lld, this Union Desk "
                         "speaks protocol 1; it must be updated"), (long long) protocol);
          return FALSE;
        }

      g_free (report->office_id);
      report->office_id = g_strdup (json_object_get_string_member_with_default (hello,
                                                                                  "office_id",
                                                                                  NULL));
      g_free (report->office_name);
      report->office_name = g_strdup (json_object_get_string_member_with_default (hello,
                                                                                    "office_name",
                                                                                    NULL));
      if (report->office_id == NULL || *report->office_id == '\0')
        {
          g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_PROTOCOL,
                       _("The server's hello names no office"));
          return FALSE;
        }

      server_time = g_date_time_new_from_iso8601 (
        json_object_get_string_member_with_default (hello, "server_time", ""), NULL);
      if (server_time != NULL)
        {
          gint64 server_ms = g_date_time_to_unix (server_time) * 1000
                             + g_date_time_get_microsecond (server_time) / 1000;

          report->clock_offset_ms = server_ms - g_get_real_time () / 1000;
          report->clock_warning = ABS (report->clock_offset_ms) > UD_SYNC_CLOCK_WARN_MS;
        }

      *max_records = UD_SYNC_MAX_BATCH_RECORDS;
      *max_bytes = UD_SYNC_MAX_BATCH_BYTES;
      {
        gint64 records = json_object_get_int_member_with_default (hello, "max_batch_records", 0);
        gint64 bytes = json_object_get_int_member_with_default (hello, "max_batch_bytes", 0);

        if (records > 0)
          *max_records = (guint) MIN (records, UD_SYNC_MAX_BATCH_RECORDS);
        if (bytes > 0)
          *max_bytes = (gsize) MIN (bytes, UD_SYNC_MAX_BATCH_BYTES);
      }
      return TRUE;
    }
}

/* The run */

typedef struct
{
  UdDatabase     *db;
  UdSyncSession   session;
  UdSyncReport   *report;
  UdProgressFunc  progress;
  gpointer        progress_data;
  guint           done;
  guint           max_records;   /* adopted from hello */
  gsize           max_bytes;
  GHashTable     *earlier;       /* owned: batches frozen before this run (another run, killed
                                  * perhaps, may have sent them) */
} Run;

static void
report_progress (Run *run)
{
  if (run->progress != NULL)
    run->progress (run->done, MAX (run->report->n_total, run->done), run->progress_data);
}

/* GET v1/policy: city-issued parameters become city policy values, with the etag, in one
 * transaction. */
static gboolean
fetch_policy (Run     *run,
              GError **error)
{
  g_autofree char *etag = ud_sync_store_dup_policy_etag (run->db);
  g_autoptr(UdSyncHttpReply) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *new_etag;
  JsonObject *policy;
  JsonArray *parameters;
  gboolean ok = TRUE;

  reply = get_with_retries (&run->session, "v1/policy", etag, error);
  if (reply == NULL)
    return FALSE;
  if (reply->status == 304 || reply->status == 404)
    return TRUE;
  if (reply->status != 200 || (policy = parse_object (reply, parser)) == NULL
      || !json_object_has_member (policy, "parameters")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (policy, "parameters")))
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_NETWORK,
                   _("The server's policy answer is not valid (HTTP %ld)"), reply->status);
      return FALSE;
    }

  new_etag = json_object_get_string_member_with_default (policy, "etag", reply->etag);
  parameters = json_object_get_array_member (policy, "parameters");

  if (!ud_database_begin (run->db, error))
    return FALSE;
  for (guint i = 0; ok && i < json_array_get_length (parameters); i++)
    {
      JsonNode *element = json_array_get_element (parameters, i);
      g_autoptr(GError) local_error = NULL;
      JsonObject *parameter;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      parameter = json_node_get_object (element);
      name = json_object_get_string_member_with_default (parameter, "name", NULL);
      if (name == NULL || ud_policy_param_lookup (name) == NULL)
        {
          /* A parameter this version does not know: later versions will. */
          g_debug ("skipping unknown city policy parameter %s", name ? name : "(none)");
          continue;
        }
      if (!ud_policy_store_city (run->db, name,
                                 json_object_get_string_member_with_default (parameter, "region",
                                                                             ""),
                                 json_object_get_int_member_with_default (parameter, "value", -1),
                                 json_object_get_string_member_with_default (parameter,
                                                                             "effective_from",
                                                                             ""),
                                 &local_error))
        {
          if (local_error->domain == UD_ERROR && local_error->code == UD_ERROR_DATABASE)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
          else
            g_debug ("skipping a city policy value: %s", local_error->message);
          continue;
        }
      run->report->n_policy_values++;
    }
  if (ok)
    ok = ud_sync_store_set_policy_etag (run->db, new_etag, error);
  if (!ok)
    {
      ud_database_rollback (run->db);
      return FALSE;
    }
  if (!ud_database_commit (run->db, error))
    return FALSE;
  if (run->report->n_policy_values > 0)
    ud_database_notify_changed (run->db, "policy_param");
  return TRUE;
}

/* Sends @batch until the server answers it (or the run must stop). */
static gboolean
send_batch (Run          *run,
            UdSyncBatch  *batch,
            GError      **error)
{
  g_autoptr(GArray) seqs = ud_sync_batch_dup_seqs (run->db, batch->batch_id, error);
  /* A batch from before this run may have reached the server just before a crash: ask first. */
  gboolean ask_first = batch->maybe_received
                       || (run->earlier != NULL
                           && g_hash_table_contains (run->earlier, batch->batch_id));

  if (seqs == NULL)
    return FALSE;
  if (seqs->len != batch->n_records)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   _("The sync batch %s has %u records in the outbox, %u in its body"),
                   batch->batch_id, seqs->len, batch->n_records);
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(GArray) results = NULL;
      g_autofree char *message = NULL;
      UdSyncExchange kind;
      gboolean maybe_received;
      gint64 wait;

      if (!ud_sync_session_exchange (&run->session, batch->batch_id, batch->body, seqs, ask_first,
                                     &kind, &results, &wait, &maybe_received, &message, error))
        return FALSE;

      switch (kind)
        {
        case UD_SYNC_EXCHANGE_RESULTS:
          {
            UdSyncTally tally;

            if (!ud_sync_store_apply_and_freeze (run->db, batch->batch_id, results, &tally,
                                                 run->report->office_id, run->max_records,
                                                 run->max_bytes, error))
              return FALSE;
            run->session.failures = 0;
            run->report->n_batches++;
            run->report->n_acknowledged += tally.n_acknowledged;
            run->report->n_rejected += tally.n_rejected;
            run->report->n_conflict += tally.n_conflict;
            run->done += results->len;
            report_progress (run);
            return TRUE;
          }
        case UD_SYNC_EXCHANGE_TOO_LARGE:
          {
            gboolean too_large;

            if (!ud_sync_store_split_batch (run->db, batch->batch_id, &too_large, error))
              return FALSE;
            if (too_large)
              {
                run->report->n_too_large++;
                run->done++;
                report_progress (run);
              }
            return TRUE;
          }
        case UD_SYNC_EXCHANGE_MALFORMED:
          run->report->n_failed_batches++;
          return ud_sync_store_fail_batch (run->db, batch->batch_id, message, error);
        case UD_SYNC_EXCHANGE_RETRY:
        default:
          if (!ud_sync_store_note_failure (run->db, batch->batch_id, maybe_received, message,
                                           error))
            return FALSE;
          ask_first = ask_first || maybe_received;
          if (!ud_sync_session_back_off (&run->session, wait, message, error))
            return FALSE;
          break;
        }
    }
}

static gboolean
run_sync (Run           *run,
          const char    *token,
          GError       **error)
{
  g_autoptr(UdSyncSettings) settings = ud_sync_settings_load (run->db);
  UdSyncOptions options = run->session.options;
  guint max_records;
  gsize max_bytes;

  if (settings->url == NULL)
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_NOT_CONFIGURED,
                   _("Sync is not set up: an administrator enters the city union's server "
                     "address in the sync settings"));
      return FALSE;
    }
  if (token == NULL || *token == '\0')
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN,
                   _("No sync token: enter the token the city union issued for this office"));
      return FALSE;
    }
  if (!ud_sync_session_init (&run->session, settings->url, token, settings->ca_file,
                             &options, run->session.cancellable, error))
    return FALSE;

  if (!ud_sync_session_hello (&run->session, run->report, &max_records, &max_bytes, error))
    return FALSE;
  run->max_records = max_records;
  run->max_bytes = max_bytes;
  if (settings->office_id != NULL && g_strcmp0 (settings->office_id, run->report->office_id) != 0)
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_OFFICE,
                   _("The token belongs to the office “%s”, but this database is the office "
                     "“%s”: check the token"), run->report->office_id, settings->office_id);
      return FALSE;
    }
  if (settings->office_id == NULL
      && !ud_sync_store_set_office_id (run->db, run->report->office_id, error))
    return FALSE;
  if (!ud_sync_store_record_hello (run->db, run->report->clock_offset_ms, max_records, max_bytes,
                                   run->report->office_name, error))
    return FALSE;

  if (run->session.options.retry_failed)
    {
      g_autoptr(GError) local_error = NULL;

      ud_sync_store_reopen_failed (run->db, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  /* Policy first: storing it writes audit entries, which this run then uploads too. */
  if (run->session.options.fetch_policy && !fetch_policy (run, error))
    return FALSE;

  run->report->n_total = (guint) ud_outbox_count_pending (run->db);
  report_progress (run);
  run->earlier = ud_sync_store_dup_open_batch_ids (run->db, error);
  if (run->earlier == NULL)
    return FALSE;

  for (;;)
    {
      g_autoptr(UdSyncBatch) batch = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (run->session.cancellable, error))
        return FALSE;
      batch = ud_sync_store_next_batch (run->db, run->report->office_id, max_records, max_bytes,
                                        &local_error);
      if (batch == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      if (!send_batch (run, batch, error))
        return FALSE;
    }

  if (run->report->n_failed_batches > 0)
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BATCH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server refused %u batch as malformed; its records are kept. "
                                "This is a fault of Union Desk: please report it.",
                                "The server refused %u batches as malformed; their records are "
                                "kept. This is a fault of Union Desk: please report it.",
                                run->report->n_failed_batches),
                   run->report->n_failed_batches);
      return FALSE;
    }
  return TRUE;
}

gboolean
ud_sync_run (UdDatabase          *db,
             const char          *token,
             const UdSyncOptions *options,
             UdSyncReport        *report,
             UdProgressFunc       progress,
             gpointer             progress_data,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(UdSyncLock) lock = NULL;
  g_autoptr(GError) local_error = NULL;
  UdSyncReport local_report = { 0 };
  Run run = { 0 };
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (!ud_database_in_transaction (db), FALSE);

  lock = ud_sync_lock_acquire (ud_database_get_path (db), error);
  if (lock == NULL)
    return FALSE;

  run.db = db;
  run.report = report != NULL ? report : &local_report;
  memset (run.report, 0, sizeof *run.report);
  run.progress = progress;
  run.progress_data = progress_data;
  if (options != NULL)
    run.session.options = *options;
  else
    ud_sync_options_init (&run.session.options);
  run.session.cancellable = cancellable;

  ok = run_sync (&run, token, &local_error);
  run.report->n_retries = run.session.n_retries;
  ud_sync_session_clear (&run.session);
  g_clear_pointer (&run.earlier, g_hash_table_unref);

  if (ud_database_in_transaction (db))
    ud_database_rollback (db);
  {
    g_autoptr(GError) record_error = NULL;

    if (!ud_sync_store_record_run (db, ud_sync_outcome_for_error (local_error),
                                   local_error ? local_error->message : NULL, &record_error))
      g_debug ("could not record the sync run: %s", record_error->message);
  }

  ud_sync_report_clear (&local_report);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* The asynchronous run */

typedef struct
{
  char           *db_path;
  char           *token;
  UdSyncOptions   options;
  UdProgressFunc  progress;
  gpointer        progress_data;
  GMainContext   *context;   /* the caller's */
} RunTask;

static void
run_task_free (RunTask *data)
{
  g_free (data->db_path);
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_main_context_unref (data->context);
  g_free (data);
}

static void
relay_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  RunTask *data = user_data;

  ud_progress_invoke (data->context, data->progress, data->progress_data, done, total);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunTask *data = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(UdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  UdSyncReport *report = g_new0 (UdSyncReport, 1);
  gboolean ok;

  g_main_context_push_thread_default (context);
  db = ud_database_open_worker (data->db_path, &error);
  ok = db != NULL && ud_sync_run (db, data->token, &data->options, report,
                                  data->progress ? relay_progress : NULL, data, cancellable,
                                  &error);
  g_main_context_pop_thread_default (context);

  if (ok)
    g_task_return_pointer (task, report, (GDestroyNotify) ud_sync_report_free);
  else
    {
      ud_sync_report_free (report);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

void
ud_sync_run_async (const char          *db_path,
                   const char          *token,
                   const UdSyncOptions *options,
                   UdProgressFunc       progress,
                   gpointer             progress_data,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RunTask *data = g_new0 (RunTask, 1);

  g_task_set_source_tag (task, ud_sync_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  data->db_path = g_strdup (db_path);
  data->token = g_strdup (token);
  if (options != NULL)
    data->options = *options;
  else
    ud_sync_options_init (&data->options);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_task_free);
  g_task_run_in_thread (task, run_thread);
}

UdSyncReport *
ud_sync_run_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ud_sync_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
