/* ud-sync-store.c — the database side of sync: settings, frozen batches, results, status
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-sync"

#include <string.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-json.h"
#include "ud-sync-http.h"
#include "ud-sync-store.h"
#include "ud-uuid.h"

#define META_URL      "sync.url"
#define META_CA_FILE  "sync.ca_file"
#define META_OFFICE   "sync.office_id"
#define META_INTERVAL "sync.interval_minutes"

static char *
dup_meta_or_null (UdDatabase *db,
                  const char *key)
{
  char *value = ud_database_dup_meta (db, key);

  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

UdSyncSettings *
ud_sync_settings_load (UdDatabase *db)
{
  UdSyncSettings *settings = g_new0 (UdSyncSettings, 1);
  g_autofree char *interval = NULL;

  g_return_val_if_fail (UD_IS_DATABASE (db), settings);

  settings->url = dup_meta_or_null (db, META_URL);
  settings->ca_file = dup_meta_or_null (db, META_CA_FILE);
  settings->office_id = dup_meta_or_null (db, META_OFFICE);
  interval = dup_meta_or_null (db, META_INTERVAL);
  if (interval != NULL)
    settings->interval_minutes = (guint) CLAMP (g_ascii_strtoll (interval, NULL, 10), 0, 100000);
  return settings;
}

void
ud_sync_settings_free (UdSyncSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->url);
  g_free (settings->ca_file);
  g_free (settings->office_id);
  g_free (settings);
}

gboolean
ud_sync_settings_save (UdDatabase           *db,
                       const UdAccount      *actor,
                       const UdSyncSettings *settings,
                       GError              **error)
{
  g_autofree char *url = NULL;
  g_autofree char *interval = NULL;
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  if (actor != NULL && !ud_guard_check_current (db, actor, UD_ACTION_SYNC_SETTINGS, error))
    return FALSE;

  if (settings->url != NULL && *settings->url != '\0')
    {
      url = ud_sync_normalize_url (settings->url, error);
      if (url == NULL)
        return FALSE;
    }
  if (settings->ca_file != NULL && *settings->ca_file != '\0'
      && !g_file_test (settings->ca_file, G_FILE_TEST_IS_REGULAR))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "ca_file",
                          _("CA file: “%s” does not exist or is not a file"), settings->ca_file);
      return FALSE;
    }
  if (settings->interval_minutes > 7 * 24 * 60)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "interval",
                          _("Interval: at most a week (10080 minutes); 0 turns automatic sync "
                            "off"));
      return FALSE;
    }

  interval = g_strdup_printf ("%u", settings->interval_minutes);
  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = ud_database_set_meta (db, META_URL, url ? url : "", error)
       && ud_database_set_meta (db, META_CA_FILE, settings->ca_file ? settings->ca_file : "",
                                error)
       && ud_database_set_meta (db, META_INTERVAL, interval, error);
  if (ok && settings->office_id != NULL)
    ok = ud_database_set_meta (db, META_OFFICE, settings->office_id, error);
  return ud_database_end_owned (db, owned, ok, ok ? error : NULL) && ok;
}

gboolean
ud_sync_store_set_office_id (UdDatabase *db,
                             const char *office_id,
                             GError    **error)
{
  return ud_database_set_meta (db, META_OFFICE, office_id ? office_id : "", error);
}

void
ud_sync_batch_free (UdSyncBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->batch_id);
  g_free (batch->body);
  g_free (batch->state);
  g_free (batch->last_error);
  g_free (batch);
}

/* Steps @stmt to its end; FALSE with an error naming @what otherwise. */
static gboolean
step_done (UdDatabase   *db,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, what);
      return FALSE;
    }
  return TRUE;
}

#define BATCH_SELECT \
  "SELECT batch_id, body, first_seq, last_seq, n_records, state, attempts, maybe_received," \
  "  last_error FROM sync_batch "

static UdSyncBatch *
batch_from_row (sqlite3_stmt *stmt)
{
  UdSyncBatch *batch = g_new0 (UdSyncBatch, 1);

  batch->batch_id = ud_stmt_dup_text (stmt, 0);
  batch->body = ud_stmt_dup_text (stmt, 1);
  batch->first_seq = sqlite3_column_int64 (stmt, 2);
  batch->last_seq = sqlite3_column_int64 (stmt, 3);
  batch->n_records = (guint) sqlite3_column_int (stmt, 4);
  batch->state = ud_stmt_dup_text (stmt, 5);
  batch->attempts = (guint) sqlite3_column_int (stmt, 6);
  batch->maybe_received = sqlite3_column_int (stmt, 7) != 0;
  batch->last_error = ud_stmt_dup_text (stmt, 8);
  return batch;
}

UdSyncBatch *
ud_sync_store_get_batch (UdDatabase  *db,
                         const char  *batch_id,
                         GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, BATCH_SELECT "WHERE batch_id = ?1", error);
  UdSyncBatch *batch = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    batch = batch_from_row (stmt);
  else if (rc != SQLITE_DONE)
    ud_database_set_error (db, error, _("reading a sync batch"));
  sqlite3_reset (stmt);
  return batch;
}

static UdSyncBatch *
oldest_open_batch (UdDatabase  *db,
                   GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            BATCH_SELECT "WHERE state = 'open' "
                                            "ORDER BY first_seq LIMIT 1",
                                            error);
  UdSyncBatch *batch = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    batch = batch_from_row (stmt);
  else if (rc != SQLITE_DONE)
    ud_database_set_error (db, error, _("reading a sync batch"));
  sqlite3_reset (stmt);
  return batch;
}

GArray *
ud_sync_batch_dup_seqs (UdDatabase  *db,
                        const char  *batch_id,
                        GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT seq FROM outbox WHERE batch_id = ?1 "
                                            "ORDER BY seq",
                                            error);
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (seqs, seq);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading a sync batch"));
      return NULL;
    }
  return g_steal_pointer (&seqs);
}

/* Appends one record of a batch body, in the form ud_json writes (compact, members in order),
 * so that the body is its own canonical JSON text. */
static void
append_record (GString      *out,
               sqlite3_stmt *stmt)
{
  const char *payload = (const char *) sqlite3_column_text (stmt, 6);

  g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT ",\"entity\":",
                          (gint64) sqlite3_column_int64 (stmt, 0));
  ud_json_append_string (out, (const char *) sqlite3_column_text (stmt, 1));
  g_string_append_printf (out, ",\"schema\":%d,\"uuid\":", sqlite3_column_int (stmt, 2));
  ud_json_append_string (out, (const char *) sqlite3_column_text (stmt, 3));
  g_string_append_printf (out, ",\"version\":%" G_GINT64_FORMAT ",\"op\":",
                          (gint64) sqlite3_column_int64 (stmt, 4));
  ud_json_append_string (out, (const char *) sqlite3_column_text (stmt, 5));
  g_string_append (out, ",\"changed_at\":");
  ud_json_append_string (out, (const char *) sqlite3_column_text (stmt, 7));
  g_string_append (out, ",\"data\":");
  g_string_append (out, payload != NULL && payload[0] == '{' ? payload : "{}");
  g_string_append_c (out, '}');
}

static char *
build_body (const char *batch_id,
            const char *office_id,
            const char *device_id,
            gint64      first_seq,
            gint64      last_seq,
            const char *records)
{
  g_autofree char *created_at = ud_timestamp_now ();
  GString *body = g_string_sized_new (strlen (records) + 300);

  g_string_append (body, "{\"protocol\":1,\"batch_id\":");
  ud_json_append_string (body, batch_id);
  g_string_append (body, ",\"office_id\":");
  ud_json_append_string (body, office_id ? office_id : "");
  g_string_append (body, ",\"device_id\":");
  ud_json_append_string (body, device_id ? device_id : "");
  g_string_append_printf (body, ",\"first_seq\":%" G_GINT64_FORMAT
                          ",\"last_seq\":%" G_GINT64_FORMAT ",\"created_at\":",
                          first_seq, last_seq);
  ud_json_append_string (body, created_at);
  g_string_append (body, ",\"records\":[");
  g_string_append (body, records);
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

#define RECORD_COLUMNS "seq, entity, schema, uuid, version, op, payload, changed_at"

/* Writes the batch row and points the outbox rows of seq @first…@last in @where_batch (NULL:
 * not in a batch) at it. In the caller's transaction. */
static gboolean
store_batch (UdDatabase  *db,
             const char  *batch_id,
             const char  *body,
             gint64       first_seq,
             gint64       last_seq,
             guint        n_records,
             const char  *where_batch,
             GError     **error)
{
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;
  int n_changed;

  stmt = ud_database_prepare (db,
                              "INSERT INTO sync_batch (batch_id, body, first_seq, last_seq,"
                              "  n_records, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, first_seq);
  sqlite3_bind_int64 (stmt, 4, last_seq);
  sqlite3_bind_int (stmt, 5, (int) n_records);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  if (!step_done (db, stmt, _("freezing a sync batch"), error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "UPDATE outbox SET batch_id = ?1 "
                              "WHERE seq BETWEEN ?2 AND ?3 AND batch_id IS ?4",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, first_seq);
  sqlite3_bind_int64 (stmt, 3, last_seq);
  if (where_batch != NULL)
    sqlite3_bind_text (stmt, 4, where_batch, -1, SQLITE_STATIC);
  if (!step_done (db, stmt, _("freezing a sync batch"), error))
    return FALSE;
  n_changed = sqlite3_changes (ud_database_get_handle (db));
  if (n_changed != (int) n_records)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   _("Freezing a sync batch: %d of %u records found"), n_changed, n_records);
      return FALSE;
    }
  return TRUE;
}

/* Freezes one new batch of the pending rows not in a batch, in the caller's transaction.
 * FALSE with *@none when nothing waits. */
static gboolean
freeze_one (UdDatabase  *db,
            const char  *office_id,
            guint        max_records,
            gsize        max_bytes,
            char       **out_batch_id,
            GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " RECORD_COLUMNS " FROM outbox "
                                            "WHERE batch_id IS NULL ORDER BY seq LIMIT ?1",
                                            error);
  g_autoptr(GString) records = NULL;
  g_autofree char *batch_id = NULL;
  g_autofree char *body = NULL;
  gint64 first_seq = 0, last_seq = 0;
  guint n = 0;
  gsize envelope = 400;
  int rc;

  *out_batch_id = NULL;
  if (stmt == NULL)
    return FALSE;

  records = g_string_sized_new (64 * 1024);
  sqlite3_bind_int (stmt, 1, (int) MAX (max_records, 1));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gsize before = records->len;

      if (n > 0)
        g_string_append_c (records, ',');
      append_record (records, stmt);
      if (n > 0 && records->len + envelope > max_bytes)
        {
          g_string_truncate (records, before);
          break;
        }
      if (n == 0)
        first_seq = sqlite3_column_int64 (stmt, 0);
      last_seq = sqlite3_column_int64 (stmt, 0);
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      ud_database_set_error (db, error, _("reading the outbox"));
      return FALSE;
    }
  if (n == 0)
    return TRUE;

  batch_id = ud_uuid_new ();
  body = build_body (batch_id, office_id, ud_database_get_device_id (db), first_seq, last_seq,
                     records->str);
  if (!store_batch (db, batch_id, body, first_seq, last_seq, n, NULL, error))
    return FALSE;

  *out_batch_id = g_steal_pointer (&batch_id);
  return TRUE;
}

UdSyncBatch *
ud_sync_store_next_batch (UdDatabase  *db,
                          const char  *office_id,
                          guint        max_records,
                          gsize        max_bytes,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *batch_id = NULL;
  UdSyncBatch *batch;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (!ud_database_in_transaction (db), NULL);

  batch = oldest_open_batch (db, &local_error);
  if (batch != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return batch;
    }

  if (!ud_database_begin (db, error))
    return NULL;
  if (!freeze_one (db, office_id, max_records, max_bytes, &batch_id, error))
    {
      ud_database_rollback (db);
      return NULL;
    }
  if (!ud_database_commit (db, error))
    return NULL;
  if (batch_id == NULL)
    return NULL;

  return ud_sync_store_get_batch (db, batch_id, error);
}

GHashTable *
ud_sync_store_dup_open_batch_ids (UdDatabase  *db,
                                  GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT batch_id FROM sync_batch WHERE state = 'open'",
                                            error);
  g_autoptr(GHashTable) ids = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (ids, ud_stmt_dup_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading a sync batch"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

GPtrArray *
ud_sync_store_freeze_all (UdDatabase  *db,
                          const char  *office_id,
                          guint        max_records,
                          gsize        max_bytes,
                          GError     **error)
{
  g_autoptr(GPtrArray) batches = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (!ud_database_in_transaction (db), NULL);

  batches = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_sync_batch_free);
  if (!ud_database_begin (db, error))
    return NULL;
  for (;;)
    {
      g_autofree char *batch_id = NULL;

      if (!freeze_one (db, office_id, max_records, max_bytes, &batch_id, error))
        {
          ud_database_rollback (db);
          return NULL;
        }
      if (batch_id == NULL)
        break;
    }
  if (!ud_database_commit (db, error))
    return NULL;

  stmt = ud_database_prepare (db, BATCH_SELECT "WHERE state = 'open' ORDER BY first_seq", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (batches, batch_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading a sync batch"));
      return NULL;
    }
  return g_steal_pointer (&batches);
}

/* Results */

static const char *const result_names[] = {
  [UD_SYNC_RESULT_ACCEPTED] = "accepted",
  [UD_SYNC_RESULT_DUPLICATE] = "duplicate",
  [UD_SYNC_RESULT_STALE] = "stale",
  [UD_SYNC_RESULT_CONFLICT] = "conflict",
  [UD_SYNC_RESULT_REJECTED] = "rejected",
};

static int
compare_seq (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
clear_result (gpointer data)
{
  UdSyncResult *result = data;

  g_free (result->code);
  g_free (result->field);
  g_free (result->message);
}

void
ud_sync_results_free (GArray *results)
{
  if (results != NULL)
    g_array_unref (results);
}

static char *
dup_member_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

GArray *
ud_sync_parse_results (const char  *reply,
                       gsize        length,
                       const char  *batch_id,
                       GArray      *seqs,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) results = NULL;
  g_autoptr(GArray) seen = NULL;
  g_autofree char *reply_batch = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root;
  JsonArray *array;
  JsonNode *node;
  guint n;

  if (reply == NULL || !json_parser_load_from_data (parser, reply, (gssize) length, &parse_error)
      || (node = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("The server's answer is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);
  reply_batch = dup_member_string (root, "batch_id");
  if (g_strcmp0 (reply_batch, batch_id) != 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("The server answered for another batch (“%s”, not “%s”)"),
                   reply_batch ? reply_batch : "", batch_id);
      return NULL;
    }
  node = json_object_get_member (root, "results");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT, _("The server's answer has no results"));
      return NULL;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n != seqs->len)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("The server answered for %u records of a batch of %u"), n, seqs->len);
      return NULL;
    }

  results = g_array_sized_new (FALSE, TRUE, sizeof (UdSyncResult), n);
  g_array_set_clear_func (results, clear_result);
  seen = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      UdSyncResult result = { 0 };
      g_autofree char *status = NULL;
      JsonObject *object;
      JsonNode *seq;
      guint s;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto bad;
      object = json_node_get_object (element);
      seq = json_object_get_member (object, "seq");
      if (seq == NULL || !JSON_NODE_HOLDS_VALUE (seq)
          || json_node_get_value_type (seq) != G_TYPE_INT64)
        goto bad;
      status = dup_member_string (object, "status");
      for (s = 0; s < G_N_ELEMENTS (result_names); s++)
        if (g_strcmp0 (status, result_names[s]) == 0)
          break;
      if (s == G_N_ELEMENTS (result_names))
        goto bad;

      result.seq = json_node_get_int (seq);
      result.status = s;
      result.code = dup_member_string (object, "code");
      result.field = dup_member_string (object, "field");
      result.message = dup_member_string (object, "message");
      g_array_append_val (results, result);
      g_array_append_val (seen, result.seq);
    }

  /* Exactly the seqs sent, each once. */
  {
    g_autoptr(GArray) sent = g_array_copy (seqs);

    g_array_sort (seen, compare_seq);
    g_array_sort (sent, compare_seq);
    for (guint i = 0; i < n; i++)
      if (g_array_index (seen, gint64, i) != g_array_index (sent, gint64, i))
        {
          g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                       _("The server's answer does not match the records sent"));
          return NULL;
        }
  }
  return g_steal_pointer (&results);

bad:
  g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
               _("The server's answer has a malformed result"));
  return NULL;
}

/* Applies @results of the batch @batch_id in the caller's transaction. */
static gboolean
apply_results (UdDatabase  *db,
               const char  *batch_id,
               GArray      *results,
               UdSyncTally *counts,
               gboolean    *applied,
               GError     **error)
{
  g_autoptr(UdSyncBatch) batch = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_problems = FALSE;

  *applied = FALSE;
  batch = ud_sync_store_get_batch (db, batch_id, &local_error);
  if (batch == NULL)
    {
      /* Applied before (or an error). */
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  /* Older refused versions are looked for only when there are any. */
  stmt = ud_database_prepare (db, "SELECT EXISTS (SELECT 1 FROM outbox"
                              "  WHERE state IN ('rejected', 'conflict'))",
                              error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    has_problems = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);

  for (guint i = 0; i < results->len; i++)
    {
      const UdSyncResult *result = &g_array_index (results, UdSyncResult, i);

      if (result->status <= UD_SYNC_RESULT_STALE)
        {
          stmt = ud_database_prepare (db,
                                      "DELETE FROM outbox WHERE seq = ?1 AND batch_id = ?2 "
                                      "RETURNING entity, uuid, version",
                                      error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, result->seq);
          sqlite3_bind_text (stmt, 2, batch_id, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              g_autofree char *entity = has_problems ? ud_stmt_dup_text (stmt, 0) : NULL;
              g_autofree char *uuid = has_problems ? ud_stmt_dup_text (stmt, 1) : NULL;
              gint64 version = sqlite3_column_int64 (stmt, 2);
              sqlite3_stmt *older;

              if (!step_done (db, stmt, _("applying the server's results"), error))
                return FALSE;
              counts->n_acknowledged++;
              if (!has_problems)
                continue;
              /* Older versions the server refused are settled by this one. */
              older = ud_database_prepare (db,
                                           "DELETE FROM outbox WHERE entity = ?1 AND uuid = ?2"
                                           "  AND version <= ?3 AND state <> 'pending'",
                                           error);
              if (older == NULL)
                return FALSE;
              sqlite3_bind_text (older, 1, entity, -1, SQLITE_STATIC);
              sqlite3_bind_text (older, 2, uuid, -1, SQLITE_STATIC);
              sqlite3_bind_int64 (older, 3, version);
              if (!step_done (db, older, _("applying the server's results"), error))
                return FALSE;
            }
          else if (!step_done (db, stmt, _("applying the server's results"), error))
            return FALSE;
        }
      else
        {
          stmt = ud_database_prepare (db,
                                      "UPDATE outbox SET state = ?3, result_code = ?4,"
                                      "  result_field = ?5, result_message = ?6 "
                                      "WHERE seq = ?1 AND batch_id = ?2",
                                      error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, result->seq);
          sqlite3_bind_text (stmt, 2, batch_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, result->status == UD_SYNC_RESULT_CONFLICT ? "conflict"
                                                                                : "rejected",
                             -1, SQLITE_STATIC);
          ud_stmt_bind_text_or_null (stmt, 4, result->code);
          ud_stmt_bind_text_or_null (stmt, 5, result->field);
          ud_stmt_bind_text_or_null (stmt, 6, result->message);
          if (!step_done (db, stmt, _("applying the server's results"), error))
            return FALSE;
          if (result->status == UD_SYNC_RESULT_CONFLICT)
            counts->n_conflict++;
          else
            counts->n_rejected++;
          has_problems = TRUE;
        }
    }

  stmt = ud_database_prepare (db, "DELETE FROM sync_batch WHERE batch_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_STATIC);
  if (!step_done (db, stmt, _("applying the server's results"), error))
    return FALSE;
  *applied = TRUE;
  return TRUE;
}

gboolean
ud_sync_store_apply_results (UdDatabase  *db,
                             const char  *batch_id,
                             GArray      *results,
                             UdSyncTally *tally,
                             GError     **error)
{
  return ud_sync_store_apply_and_freeze (db, batch_id, results, tally, NULL, 0, 0, error);
}

gboolean
ud_sync_store_apply_and_freeze (UdDatabase  *db,
                                const char  *batch_id,
                                GArray      *results,
                                UdSyncTally *tally,
                                const char  *office_id,
                                guint        max_records,
                                gsize        max_bytes,
                                GError     **error)
{
  UdSyncTally counts = { 0 };
  gboolean applied = FALSE;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (!ud_database_in_transaction (db), FALSE);

  if (tally != NULL)
    *tally = counts;
  if (!ud_database_begin (db, error))
    return FALSE;
  ok = apply_results (db, batch_id, results, &counts, &applied, error);

  /* The next batch frozen in the same transaction: one commit per batch. Only when no other
   * batch waits to be sent. */
  if (ok && applied && max_records > 0)
    {
      sqlite3_stmt *stmt = ud_database_prepare (db,
                                                "SELECT EXISTS (SELECT 1 FROM sync_batch"
                                                "  WHERE state = 'open')",
                                                error);
      gboolean open_left = TRUE;
      g_autofree char *next_id = NULL;

      ok = stmt != NULL;
      if (ok && sqlite3_step (stmt) == SQLITE_ROW)
        open_left = sqlite3_column_int (stmt, 0) != 0;
      if (stmt != NULL)
        sqlite3_reset (stmt);
      if (ok && !open_left)
        ok = freeze_one (db, office_id, max_records, max_bytes, &next_id, error);
    }

  if (!ok || !applied)
    {
      ud_database_rollback (db);
      return ok;
    }
  if (!ud_database_commit (db, error))
    return FALSE;
  ud_database_notify_changed (db, "outbox");
  if (tally != NULL)
    *tally = counts;
  return TRUE;
}

static gboolean
update_batch (UdDatabase  *db,
              const char  *sql,
              const char  *batch_id,
              int          flag,
              const char  *message,
              GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, flag);
  ud_stmt_bind_text_or_null (stmt, 3, message);
  return step_done (db, stmt, _("updating a sync batch"), error);
}

gboolean
ud_sync_store_note_failure (UdDatabase  *db,
                            const char  *batch_id,
                            gboolean     maybe_received,
                            const char  *message,
                            GError     **error)
{
  return update_batch (db,
                       "UPDATE sync_batch SET attempts = attempts + 1,"
                       "  maybe_received = max (maybe_received, ?2), last_error = ?3 "
                       "WHERE batch_id = ?1",
                       batch_id, maybe_received ? 1 : 0, message, error);
}

gboolean
ud_sync_store_fail_batch (UdDatabase  *db,
                          const char  *batch_id,
                          const char  *message,
                          GError     **error)
{
  return update_batch (db,
                       "UPDATE sync_batch SET state = 'failed', attempts = attempts + ?2,"
                       "  last_error = ?3 WHERE batch_id = ?1",
                       batch_id, 1, message, error);
}

guint
ud_sync_store_reopen_failed (UdDatabase *db,
                             GError    **error)
{
  if (!ud_database_exec (db,
                         "UPDATE sync_batch SET state = 'open', attempts = 0 "
                         "WHERE state = 'failed'",
                         error))
    return 0;
  return (guint) sqlite3_changes (ud_database_get_handle (db));
}

/* Freezes the rows @first…@last of the batch @old_id as a new batch, in the caller's
 * transaction. */
static gboolean
refreeze (UdDatabase  *db,
          const char  *old_id,
          const char  *office_id,
          GArray      *seqs,
          guint        from,
          guint        to,
          GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " RECORD_COLUMNS " FROM outbox "
                                            "WHERE batch_id = ?1 AND seq BETWEEN ?2 AND ?3 "
                                            "ORDER BY seq",
                                            error);
  g_autoptr(GString) records = g_string_new (NULL);
  g_autofree char *batch_id = NULL;
  g_autofree char *body = NULL;
  gint64 first = g_array_index (seqs, gint64, from);
  gint64 last = g_array_index (seqs, gint64, to - 1);
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, old_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, first);
  sqlite3_bind_int64 (stmt, 3, last);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ > 0)
        g_string_append_c (records, ',');
      append_record (records, stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("splitting a sync batch"));
      return FALSE;
    }

  batch_id = ud_uuid_new ();
  body = build_body (batch_id, office_id, ud_database_get_device_id (db), first, last,
                     records->str);
  return store_batch (db, batch_id, body, first, last, n, old_id, error);
}

/* The office id written in a frozen body. */
static char *
body_office_id (const char *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, body, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return dup_member_string (json_node_get_object (root), "office_id");
}

gboolean
ud_sync_store_split_batch (UdDatabase  *db,
                           const char  *batch_id,
                           gboolean    *too_large,
                           GError     **error)
{
  g_autoptr(UdSyncBatch) batch = NULL;
  g_autoptr(GArray) seqs = NULL;
  g_autofree char *office_id = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  *too_large = FALSE;
  batch = ud_sync_store_get_batch (db, batch_id, error);
  if (batch == NULL)
    return error == NULL || *error == NULL;
  seqs = ud_sync_batch_dup_seqs (db, batch_id, error);
  if (seqs == NULL)
    return FALSE;
  office_id = body_office_id (batch->body);

  if (!ud_database_begin (db, error))
    return FALSE;
  if (seqs->len <= 1)
    {
      *too_large = TRUE;
      stmt = ud_database_prepare (db,
                                  "UPDATE outbox SET state = 'rejected', result_code = 'too_large',"
                                  "  result_field = NULL, result_message = ?2 WHERE batch_id = ?1",
                                  error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, _("The record is too large for the server"), -1,
                             SQLITE_TRANSIENT);
          ok = step_done (db, stmt, _("splitting a sync batch"), error);
        }
    }
  else
    {
      guint half = seqs->len / 2;

      ok = refreeze (db, batch_id, office_id, seqs, 0, half, error)
           && refreeze (db, batch_id, office_id, seqs, half, seqs->len, error);
    }
  if (ok)
    {
      stmt = ud_database_prepare (db, "DELETE FROM sync_batch WHERE batch_id = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_STATIC);
          ok = step_done (db, stmt, _("splitting a sync batch"), error);
        }
    }
  if (!ok)
    {
      ud_database_rollback (db);
      return FALSE;
    }
  return ud_database_commit (db, error);
}

/* State */

static const char *const outcome_names[] = {
  [UD_SYNC_OUTCOME_NONE] = "",
  [UD_SYNC_OUTCOME_OK] = "ok",
  [UD_SYNC_OUTCOME_NETWORK] = "network",
  [UD_SYNC_OUTCOME_TOKEN] = "token",
  [UD_SYNC_OUTCOME_BATCH] = "batch",
  [UD_SYNC_OUTCOME_CANCELLED] = "cancelled",
  [UD_SYNC_OUTCOME_FAILED] = "failed",
};

gboolean
ud_sync_store_record_run (UdDatabase    *db,
                          UdSyncOutcome  outcome,
                          const char    *message,
                          GError       **error)
{
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (outcome < G_N_ELEMENTS (outcome_names), FALSE);

  stmt = ud_database_prepare (db,
                              "UPDATE sync_state SET last_run_at = ?1, last_outcome = ?2,"
                              "  last_message = ?3,"
                              "  last_success_at = CASE WHEN ?2 = 'ok' THEN ?1"
                              "                    ELSE last_success_at END,"
                              "  failing_since = CASE WHEN ?2 = 'ok' THEN NULL"
                              "                  WHEN ?2 = 'cancelled' THEN failing_since"
                              "                  ELSE coalesce (failing_since, ?1) END "
                              "WHERE id = 1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, outcome_names[outcome], -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 3, message);
  if (!step_done (db, stmt, _("recording the sync run"), error))
    return FALSE;
  ud_database_notify_changed (db, "sync_state");
  return TRUE;
}

gboolean
ud_sync_store_record_hello (UdDatabase  *db,
                            gint64       clock_offset_ms,
                            guint        max_records,
                            gsize        max_bytes,
                            const char  *office_name,
                            GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "UPDATE sync_state SET clock_offset_ms = ?1,"
                                            "  max_batch_records = ?2, max_batch_bytes = ?3,"
                                            "  office_name = ?4 WHERE id = 1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, clock_offset_ms);
  sqlite3_bind_int64 (stmt, 2, max_records);
  sqlite3_bind_int64 (stmt, 3, (gint64) max_bytes);
  ud_stmt_bind_text_or_null (stmt, 4, office_name);
  return step_done (db, stmt, _("recording the server's limits"), error);
}

char *
ud_sync_store_dup_policy_etag (UdDatabase *db)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, "SELECT policy_etag FROM sync_state", NULL);
  char *etag = NULL;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    etag = ud_stmt_dup_text (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return etag;
}

gboolean
ud_sync_store_set_policy_etag (UdDatabase *db,
                               const char *etag,
                               GError    **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, "UPDATE sync_state SET policy_etag = ?1", error);

  if (stmt == NULL)
    return FALSE;
  ud_stmt_bind_text_or_null (stmt, 1, etag);
  return step_done (db, stmt, _("recording the policy version"), error);
}

void
ud_sync_status_free (UdSyncStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->last_run_at);
  g_free (status->last_success_at);
  g_free (status->failing_since);
  g_free (status->last_message);
  g_free (status->office_name);
  g_free (status);
}

UdSyncStatus *
ud_sync_status_get (UdDatabase  *db,
                    GError     **error)
{
  g_autoptr(UdSyncStatus) status = g_new0 (UdSyncStatus, 1);
  g_autofree char *outcome = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = ud_database_prepare (db,
                              "SELECT"
                              " (SELECT count(*) FROM outbox WHERE state = 'pending'),"
                              " (SELECT count(*) FROM outbox WHERE state = 'rejected'),"
                              " (SELECT count(*) FROM outbox WHERE state = 'conflict'),"
                              " (SELECT ifnull (sum (n_records), 0) FROM sync_batch"
                              "   WHERE state = 'failed'),"
                              " last_run_at, last_success_at, failing_since, last_message,"
                              " last_outcome, clock_offset_ms, max_batch_records, max_batch_bytes,"
                              " office_name "
                              "FROM sync_state WHERE id = 1",
                              error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      ud_database_set_error (db, error, _("reading the sync state"));
      return NULL;
    }
  status->n_waiting = sqlite3_column_int64 (stmt, 0);
  status->n_rejected = sqlite3_column_int64 (stmt, 1);
  status->n_conflict = sqlite3_column_int64 (stmt, 2);
  status->n_stopped = sqlite3_column_int64 (stmt, 3);
  status->last_run_at = ud_stmt_dup_text (stmt, 4);
  status->last_success_at = ud_stmt_dup_text (stmt, 5);
  status->failing_since = ud_stmt_dup_text (stmt, 6);
  status->last_message = ud_stmt_dup_text (stmt, 7);
  outcome = ud_stmt_dup_text (stmt, 8);
  status->has_clock_offset = sqlite3_column_type (stmt, 9) != SQLITE_NULL;
  status->clock_offset_ms = sqlite3_column_int64 (stmt, 9);
  status->max_records = sqlite3_column_type (stmt, 10) != SQLITE_NULL
                        ? (guint) sqlite3_column_int64 (stmt, 10) : UD_SYNC_MAX_BATCH_RECORDS;
  status->max_bytes = sqlite3_column_type (stmt, 11) != SQLITE_NULL
                      ? (gsize) sqlite3_column_int64 (stmt, 11) : UD_SYNC_MAX_BATCH_BYTES;
  status->office_name = ud_stmt_dup_text (stmt, 12);
  sqlite3_reset (stmt);

  status->last_outcome = UD_SYNC_OUTCOME_NONE;
  for (guint i = 1; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_strcmp0 (outcome, outcome_names[i]) == 0)
      status->last_outcome = i;

  if (status->last_run_at == NULL)
    status->state = UD_SYNC_STATE_NEVER_SYNCED;
  else if (status->failing_since != NULL)
    status->state = UD_SYNC_STATE_FAILING;
  else if (status->n_waiting > 0)
    status->state = UD_SYNC_STATE_WAITING;
  else
    status->state = UD_SYNC_STATE_UP_TO_DATE;

  return g_steal_pointer (&status);
}

char *
ud_sync_status_describe (const UdSyncStatus *status)
{
  g_autofree char *since = NULL;

  switch (status->state)
    {
    case UD_SYNC_STATE_NEVER_SYNCED:
      if (status->n_waiting > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Never synced: %lld change waiting",
                                             "Never synced: %lld changes waiting",
                                             (gulong) status->n_waiting),
                                (long long) status->n_waiting);
      return g_strdup (_("Never synced"));
    case UD_SYNC_STATE_UP_TO_DATE:
      return g_strdup (_("Up to date"));
    case UD_SYNC_STATE_WAITING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lld change waiting",
                                           "%lld changes waiting",
                                           (gulong) status->n_waiting),
                              (long long) status->n_waiting);
    case UD_SYNC_STATE_FAILING:
    default:
      since = ud_timestamp_to_local_display (status->failing_since);
      /* Translators: "Failing since 2026-11-22 16:15: the server could not be reached" */
      return g_strdup_printf (_("Failing since %s: %s"), since ? since : status->failing_since,
                              status->last_message ? status->last_message : _("unknown error"));
    }
}

void
ud_sync_problem_free (UdSyncProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->entity);
  g_free (problem->uuid);
  g_free (problem->state);
  g_free (problem->code);
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem->changed_at);
  g_free (problem);
}

GPtrArray *
ud_sync_store_list_problems (UdDatabase  *db,
                             GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT seq, entity, uuid, version, state, result_code,"
                                            "  result_field, result_message, changed_at "
                                            "FROM outbox WHERE state IN ('rejected', 'conflict') "
                                            "ORDER BY seq",
                                            error);
  g_autoptr(GPtrArray) problems = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_sync_problem_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UdSyncProblem *problem = g_new0 (UdSyncProblem, 1);

      problem->seq = sqlite3_column_int64 (stmt, 0);
      problem->entity = ud_stmt_dup_text (stmt, 1);
      problem->uuid = ud_stmt_dup_text (stmt, 2);
      problem->version = sqlite3_column_int64 (stmt, 3);
      problem->state = ud_stmt_dup_text (stmt, 4);
      problem->code = ud_stmt_dup_text (stmt, 5);
      problem->field = ud_stmt_dup_text (stmt, 6);
      problem->message = ud_stmt_dup_text (stmt, 7);
      problem->changed_at = ud_stmt_dup_text (stmt, 8);
      g_ptr_array_add (problems, problem);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the outbox"));
      return NULL;
    }
  return g_steal_pointer (&problems);
}

gboolean
ud_sync_store_find_record (UdDatabase  *db,
                           const char  *entity,
                           const char  *uuid,
                           gint64      *id)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  /* One literal statement per table: ud_database_prepare() caches by the literal. */
  if (g_strcmp0 (entity, "member") == 0)
    stmt = ud_database_prepare (db, "SELECT id FROM member WHERE uuid = ?1", NULL);
  else if (g_strcmp0 (entity, "hardship_file") == 0)
    stmt = ud_database_prepare (db, "SELECT id FROM hardship_file WHERE uuid = ?1", NULL);
  else if (g_strcmp0 (entity, "aid_application") == 0)
    stmt = ud_database_prepare (db, "SELECT id FROM aid_application WHERE uuid = ?1", NULL);
  else if (g_strcmp0 (entity, "insurance_claim") == 0)
    stmt = ud_database_prepare (db, "SELECT id FROM insurance_claim WHERE uuid = ?1", NULL);
  else if (g_strcmp0 (entity, "payout") == 0)
    stmt = ud_database_prepare (db, "SELECT id FROM payout WHERE uuid = ?1", NULL);
  /* Parts of a record open their record. */
  else if (g_strcmp0 (entity, "medical_claim") == 0)
    stmt = ud_database_prepare (db, "SELECT application_id FROM medical_claim WHERE uuid = ?1",
                                NULL);
  else if (g_strcmp0 (entity, "household_member") == 0)
    stmt = ud_database_prepare (db, "SELECT file_id FROM household_member WHERE uuid = ?1",
                                NULL);
  else if (g_strcmp0 (entity, "membership_event") == 0)
    stmt = ud_database_prepare (db, "SELECT member_id FROM membership_event WHERE uuid = ?1",
                                NULL);
  else
    return FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}
