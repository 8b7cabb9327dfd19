/* ud-sync-bundle.c — the offline bundle: frozen batches carried to a connected machine, and the
 * server's answers carried back
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-sync"

#include <string.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-json.h"
#include "ud-sync-bundle.h"
#include "ud-sync-error.h"
#include "ud-sync-http.h"
#include "ud-sync-session.h"
#include "ud-sync-store.h"

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* Writes @contents to @path atomically (a temporary file renamed over it). */
static gboolean
write_file (const char  *path,
            const void  *contents,
            gsize        length,
            GError     **error)
{
  return g_file_set_contents_full (path, contents, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

gboolean
ud_sync_bundle_export (UdDatabase  *db,
                       const char  *path,
                       guint       *n_batches,
                       guint       *n_records,
                       GError     **error)
{
  g_autoptr(UdSyncSettings) settings = ud_sync_settings_load (db);
  g_autoptr(UdSyncStatus) status = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GString) array = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = ud_timestamp_now ();

  *n_batches = 0;
  *n_records = 0;
  if (settings->office_id == NULL)
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_NOT_CONFIGURED,
                   _("The office's id at the city union is not known yet: enter it in the sync "
                     "settings (or sync online once)"));
      return FALSE;
    }
  status = ud_sync_status_get (db, error);
  if (status == NULL)
    return FALSE;

  batches = ud_sync_store_freeze_all (db, settings->office_id, status->max_records,
                                      status->max_bytes, error);
  if (batches == NULL)
    return FALSE;
  if (batches->len == 0)
    return TRUE;

  array = g_string_new ("[");
  for (guint i = 0; i < batches->len; i++)
    {
      UdSyncBatch *batch = g_ptr_array_index (batches, i);
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autofree char *again = NULL;

      /* Every body must be its own canonical form, or a reader could not hash it the same. */
      if (!json_parser_load_from_data (parser, batch->body, -1, NULL)
          || g_strcmp0 ((again = ud_json_node_to_string (json_parser_get_root (parser))),
                        batch->body) != 0)
        {
          g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                       _("The frozen batch %s is not in canonical form; it cannot go into a "
                         "bundle"), batch->batch_id);
          return FALSE;
        }
      if (i > 0)
        g_string_append_c (array, ',');
      g_string_append (array, batch->body);
      *n_records += batch->n_records;
    }
  g_string_append_c (array, ']');
  hash = sha256_hex (array->str);

  out = g_string_sized_new (array->len + 512);
  g_string_append (out, "{\"protocol\":1,\"office_id\":");
  ud_json_append_string (out, settings->office_id);
  g_string_append (out, ",\"device_id\":");
  ud_json_append_string (out, ud_database_get_device_id (db));
  g_string_append (out, ",\"created_at\":");
  ud_json_append_string (out, now);
  g_string_append (out, ",\"batches\":");
  g_string_append_len (out, array->str, (gssize) array->len);
  g_string_append (out, ",\"sha256\":");
  ud_json_append_string (out, hash);
  g_string_append_c (out, '}');

  compressed = ud_sync_gzip (out->str, out->len);
  if (!write_file (path, g_bytes_get_data (compressed, NULL), g_bytes_get_size (compressed),
                   error))
    return FALSE;
  *n_batches = batches->len;
  return TRUE;
}

typedef struct
{
  char      *office_id;
  char      *sha256;
  GPtrArray *batch_ids;  /* char * */
  GPtrArray *bodies;     /* char * */
  GPtrArray *seqs;       /* GArray of gint64 */
  guint      n_records;
} Bundle;

static void
bundle_free (Bundle *bundle)
{
  g_free (bundle->office_id);
  g_free (bundle->sha256);
  g_ptr_array_unref (bundle->batch_ids);
  g_ptr_array_unref (bundle->bodies);
  g_ptr_array_unref (bundle->seqs);
  g_free (bundle);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Bundle, bundle_free)

static gboolean
bundle_error (GError    **error,
              const char *path,
              const char *why)
{
  g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BUNDLE,
               _("The bundle %s cannot be used: %s"), path, why);
  return FALSE;
}

/* Parses @text as a JSON object kept by @parser; NULL if it is not one. */
static JsonObject *
parse_object (JsonParser *parser,
              const char *text,
              gsize       length)
{
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, (gssize) length, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static Bundle *
bundle_load (const char  *path,
             GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(Bundle) bundle = g_new0 (Bundle, 1);
  g_autofree char *array_text = NULL;
  g_autofree char *hash = NULL;
  JsonObject *root;
  JsonNode *batches_node;
  JsonArray *batches;
  const char *office_id;
  const char *sha256;
  gsize length;

  bundle->batch_ids = g_ptr_array_new_with_free_func (g_free);
  bundle->bodies = g_ptr_array_new_with_free_func (g_free);
  bundle->seqs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  json = ud_sync_gunzip (contents, length, NULL);
  if (json == NULL)
    {
      bundle_error (error, path, _("it is damaged or truncated (not a complete gzip file)"));
      return NULL;
    }
  root = parse_object (parser, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  if (root == NULL)
    {
      bundle_error (error, path, _("it is damaged or truncated (not valid JSON)"));
      return NULL;
    }
  office_id = string_member (root, "office_id");
  sha256 = string_member (root, "sha256");
  batches_node = json_object_get_member (root, "batches");
  if (json_object_get_int_member_with_default (root, "protocol", 0) != 1 || office_id == NULL
      || sha256 == NULL || batches_node == NULL || !JSON_NODE_HOLDS_ARRAY (batches_node))
    {
      bundle_error (error, path, _("it is not a Union Desk sync bundle"));
      return NULL;
    }

  array_text = ud_json_node_to_string (batches_node);
  hash = sha256_hex (array_text);
  if (g_ascii_strcasecmp (hash, sha256) != 0)
    {
      bundle_error (error, path, _("it was modified after it was exported (the checksum does "
                                   "not match)"));
      return NULL;
    }

  bundle->office_id = g_strdup (office_id);
  bundle->sha256 = g_strdup (hash);
  batches = json_node_get_array (batches_node);
  for (guint i = 0; i < json_array_get_length (batches); i++)
    {
      JsonNode *node = json_array_get_element (batches, i);
      g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
      JsonObject *batch;
      JsonNode *records_node;
      JsonArray *records;
      const char *batch_id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad_batch;
      batch = json_node_get_object (node);
      batch_id = string_member (batch, "batch_id");
      records_node = json_object_get_member (batch, "records");
      if (batch_id == NULL || g_strcmp0 (string_member (batch, "office_id"), office_id) != 0
          || records_node == NULL || !JSON_NODE_HOLDS_ARRAY (records_node))
        goto bad_batch;
      records = json_node_get_array (records_node);
      for (guint r = 0; r < json_array_get_length (records); r++)
        {
          JsonNode *record = json_array_get_element (records, r);
          gint64 seq;

          if (!JSON_NODE_HOLDS_OBJECT (record))
            goto bad_batch;
          seq = json_object_get_int_member_with_default (json_node_get_object (record), "seq", 0);
          if (seq <= 0)
            goto bad_batch;
          g_array_append_val (seqs, seq);
        }
      if (seqs->len == 0)
        goto bad_batch;
      g_ptr_array_add (bundle->batch_ids, g_strdup (batch_id));
      g_ptr_array_add (bundle->bodies, ud_json_node_to_string (node));
      g_ptr_array_add (bundle->seqs, g_steal_pointer (&seqs));
      bundle->n_records += json_array_get_length (records);
    }
  return g_steal_pointer (&bundle);

bad_batch:
  bundle_error (error, path, _("one of its batches is malformed or belongs to another office"));
  return NULL;
}

gboolean
ud_sync_bundle_check (const char  *path,
                      char       **office_id,
                      guint       *n_batches,
                      GError     **error)
{
  g_autoptr(Bundle) bundle = bundle_load (path, error);

  if (bundle == NULL)
    return FALSE;
  if (office_id != NULL)
    *office_id = g_strdup (bundle->office_id);
  if (n_batches != NULL)
    *n_batches = bundle->batch_ids->len;
  return TRUE;
}

static void
append_ack (GString    *acks,
            const char *batch_id,
            const char *status,
            const char *reply,
            const char *message)
{
  if (acks->len > 1)
    g_string_append_c (acks, ',');
  g_string_append (acks, "{\"batch_id\":");
  ud_json_append_string (acks, batch_id);
  g_string_append (acks, ",\"status\":");
  ud_json_append_string (acks, status);
  if (reply != NULL)
    {
      g_string_append (acks, ",\"reply\":");
      g_string_append (acks, reply);
    }
  if (message != NULL)
    {
      g_string_append (acks, ",\"message\":");
      ud_json_append_string (acks, message);
    }
  g_string_append_c (acks, '}');
}

gboolean
ud_sync_bundle_upload (const char          *path,
                       const char          *ack_path,
                       const char          *url,
                       const char          *token,
                       const char          *ca_file,
                       const UdSyncOptions *options,
                       UdSyncBundleReport  *report,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(Bundle) bundle = NULL;
  g_autoptr(GString) acks = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *acks_hash = NULL;
  UdSyncReport hello = { 0 };
  UdSyncSession session;
  guint max_records;
  gsize max_bytes;
  gboolean ok = FALSE;

  memset (report, 0, sizeof *report);
  bundle = bundle_load (path, error);
  if (bundle == NULL)
    return FALSE;
  report->n_batches = bundle->batch_ids->len;
  report->n_records = bundle->n_records;

  if (!ud_sync_session_init (&session, url, token, ca_file, options, cancellable, error))
    return FALSE;
  if (!ud_sync_session_hello (&session, &hello, &max_records, &max_bytes, error))
    goto out;
  if (g_strcmp0 (hello.office_id, bundle->office_id) != 0)
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_OFFICE,
                   _("The bundle belongs to the office “%s”, but the token is for the office "
                     "“%s”: use that office's token"), bundle->office_id, hello.office_id);
      goto out;
    }

  acks = g_string_new ("[");
  for (guint i = 0; i < bundle->batch_ids->len; i++)
    {
      const char *batch_id = g_ptr_array_index (bundle->batch_ids, i);
      const char *body = g_ptr_array_index (bundle->bodies, i);
      GArray *seqs = g_ptr_array_index (bundle->seqs, i);
      gboolean ask_first = FALSE;

      for (;;)
        {
          g_autoptr(GArray) results = NULL;
          g_autofree char *message = NULL;
          UdSyncExchange kind;
          gboolean maybe_received;
          gint64 wait;

          if (!ud_sync_session_exchange (&session, batch_id, body, seqs, ask_first, &kind,
                                         &results, &wait, &maybe_received, &message, error))
            goto out;
          if (kind == UD_SYNC_EXCHANGE_RESULTS)
            {
              /* The answer as the client accepts it, rebuilt from the checked results. */
              g_autoptr(GString) reply = g_string_new ("{\"batch_id\":");

              ud_json_append_string (reply, batch_id);
              g_string_append (reply, ",\"results\":[");
              for (guint r = 0; r < results->len; r++)
                {
                  const UdSyncResult *result = &g_array_index (results, UdSyncResult, r);
                  static const char *const names[] = { "accepted", "duplicate", "stale",
                                                       "conflict", "rejected" };

                  g_string_append_printf (reply, "%s{\"seq\":%" G_GINT64_FORMAT ",\"status\":",
                                          r > 0 ? "," : "", result->seq);
                  ud_json_append_string (reply, names[result->status]);
                  if (result->code != NULL)
                    {
                      g_string_append (reply, ",\"code\":");
                      ud_json_append_string (reply, result->code);
                    }
                  if (result->field != NULL)
                    {
                      g_string_append (reply, ",\"field\":");
                      ud_json_append_string (reply, result->field);
                    }
                  if (result->message != NULL)
                    {
                      g_string_append (reply, ",\"message\":");
                      ud_json_append_string (reply, result->message);
                    }
                  g_string_append_c (reply, '}');
                }
              g_string_append (reply, "]}");
              append_ack (acks, batch_id, "answered", reply->str, NULL);
              session.failures = 0;
              report->n_answered++;
              break;
            }
          if (kind == UD_SYNC_EXCHANGE_TOO_LARGE || kind == UD_SYNC_EXCHANGE_MALFORMED)
            {
              append_ack (acks, batch_id,
                          kind == UD_SYNC_EXCHANGE_TOO_LARGE ? "too_large" : "malformed", NULL,
                          message);
              report->n_unanswered++;
              break;
            }
          ask_first = ask_first || maybe_received;
          if (!ud_sync_session_back_off (&session, wait, message, error))
            goto out;
        }
    }
  g_string_append_c (acks, ']');
  acks_hash = sha256_hex (acks->str);

  out = g_string_new ("{\"protocol\":1,\"office_id\":");
  ud_json_append_string (out, bundle->office_id);
  g_string_append (out, ",\"bundle_sha256\":");
  ud_json_append_string (out, bundle->sha256);
  g_string_append (out, ",\"acks\":");
  g_string_append (out, acks->str);
  g_string_append (out, ",\"sha256\":");
  ud_json_append_string (out, acks_hash);
  g_string_append (out, "}\n");
  ok = write_file (ack_path, out->str, out->len, error);

out:
  ud_sync_report_clear (&hello);
  ud_sync_session_clear (&session);
  return ok;
}

static gboolean
ack_error (GError    **error,
           const char *path,
           const char *why)
{
  g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BUNDLE,
               _("The ack file %s cannot be used: %s"), path, why);
  return FALSE;
}

gboolean
ud_sync_bundle_import_acks (UdDatabase   *db,
                            const char   *path,
                            UdSyncTally  *tally,
                            guint        *n_skipped,
                            GError      **error)
{
  g_autoptr(UdSyncSettings) settings = ud_sync_settings_load (db);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *contents = NULL;
  g_autofree char *acks_text = NULL;
  g_autofree char *hash = NULL;
  JsonObject *root;
  JsonNode *acks_node;
  JsonArray *acks;
  const char *office_id;
  const char *sha256;
  gsize length;

  memset (tally, 0, sizeof *tally);
  *n_skipped = 0;
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  root = parse_object (parser, contents, length);
  if (root == NULL)
    return ack_error (error, path, _("it is damaged or truncated (not valid JSON)"));
  office_id = string_member (root, "office_id");
  sha256 = string_member (root, "sha256");
  acks_node = json_object_get_member (root, "acks");
  if (json_object_get_int_member_with_default (root, "protocol", 0) != 1 || office_id == NULL
      || sha256 == NULL || acks_node == NULL || !JSON_NODE_HOLDS_ARRAY (acks_node))
    return ack_error (error, path, _("it is not a Union Desk ack file"));
  acks_text = ud_json_node_to_string (acks_node);
  hash = sha256_hex (acks_text);
  if (g_ascii_strcasecmp (hash, sha256) != 0)
    return ack_error (error, path, _("it was modified after it was written (the checksum does "
                                     "not match)"));
  if (g_strcmp0 (office_id, settings->office_id) != 0)
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_OFFICE,
                   _("The ack file %s belongs to the office “%s”, not to this office (“%s”)"),
                   path, office_id, settings->office_id ? settings->office_id : "");
      return FALSE;
    }

  acks = json_node_get_array (acks_node);
  for (guint i = 0; i < json_array_get_length (acks); i++)
    {
      JsonNode *node = json_array_get_element (acks, i);
      g_autoptr(UdSyncBatch) batch = NULL;
      g_autoptr(GArray) seqs = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *ack;
      const char *batch_id;
      const char *status;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return ack_error (error, path, _("one of its answers is malformed"));
      ack = json_node_get_object (node);
      batch_id = string_member (ack, "batch_id");
      status = string_member (ack, "status");
      if (batch_id == NULL || status == NULL)
        return ack_error (error, path, _("one of its answers is malformed"));

      batch = ud_sync_store_get_batch (db, batch_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (batch == NULL)
        {
          /* Applied before (imported twice, or sent online meanwhile). */
          (*n_skipped)++;
          continue;
        }

      if (strcmp (status, "answered") == 0)
        {
          JsonNode *reply = json_object_get_member (ack, "reply");
          g_autofree char *reply_text = reply ? ud_json_node_to_string (reply) : NULL;
          g_autoptr(GArray) results = NULL;
          UdSyncTally counts;

          seqs = ud_sync_batch_dup_seqs (db, batch_id, error);
          if (seqs == NULL)
            return FALSE;
          results = ud_sync_parse_results (reply_text, reply_text ? strlen (reply_text) : 0,
                                           batch_id, seqs, &local_error);
          if (results == NULL)
            return ack_error (error, path, local_error->message);
          if (!ud_sync_store_apply_results (db, batch_id, results, &counts, error))
            return FALSE;
          tally->n_acknowledged += counts.n_acknowledged;
          tally->n_rejected += counts.n_rejected;
          tally->n_conflict += counts.n_conflict;
        }
      else if (strcmp (status, "too_large") == 0)
        {
          gboolean too_large;

          if (!ud_sync_store_split_batch (db, batch_id, &too_large, error))
            return FALSE;
          if (too_large)
            tally->n_rejected++;
        }
      else if (strcmp (status, "malformed") == 0)
        {
          if (!ud_sync_store_fail_batch (db, batch_id, string_member (ack, "message"), error))
            return FALSE;
        }
      else
        return ack_error (error, path, _("one of its answers is malformed"));
    }
  return TRUE;
}
