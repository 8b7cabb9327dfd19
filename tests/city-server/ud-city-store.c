/* ud-city-store.c — the reference city server's SQLite storage of batches and records
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-city-store"

#include <string.h>

#include <gio/gio.h>
#include <sqlite3.h>

#include "ud-city-store.h"
#include "ud-city-validate.h"

struct _UdCityStore
{
  sqlite3 *db; /* owned */
};

/* batches: one row per batch received and processed, with the exact response body sent.
 * records: the current version of each (entity, uuid) and the office that owns it.
 * record_versions: every version ever stored as accepted, and how many times (always 1 when
 * the server is right: the tests prove "exactly once per version" with it).
 * counters: the per-record statuses handed out. */
static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS batches ("
  "  batch_id TEXT PRIMARY KEY,"
  "  office_id TEXT NOT NULL,"
  "  device_id TEXT NOT NULL,"
  "  first_seq INTEGER NOT NULL,"
  "  last_seq INTEGER NOT NULL,"
  "  n_records INTEGER NOT NULL,"
  "  body_sha256 TEXT NOT NULL,"
  "  received_at TEXT NOT NULL,"
  "  response TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS records ("
  "  entity TEXT NOT NULL,"
  "  uuid TEXT NOT NULL,"
  "  office_id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  op TEXT NOT NULL,"
  "  schema INTEGER,"
  "  changed_at TEXT NOT NULL,"
  "  data TEXT NOT NULL,"
  "  data_sha256 TEXT NOT NULL,"
  "  batch_id TEXT NOT NULL,"
  "  stored_at TEXT NOT NULL,"
  "  PRIMARY KEY (entity, uuid));"
  "CREATE INDEX IF NOT EXISTS records_by_uuid ON records (uuid, office_id);"
  "CREATE TABLE IF NOT EXISTS record_versions ("
  "  office_id TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  uuid TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  op TEXT NOT NULL,"
  "  data TEXT NOT NULL,"
  "  data_sha256 TEXT NOT NULL,"
  "  times_stored INTEGER NOT NULL,"
  "  PRIMARY KEY (office_id, entity, uuid, version));"
  "CREATE TABLE IF NOT EXISTS counters ("
  "  name TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL);";

typedef enum
{
  STATUS_ERROR = -1,
  STATUS_ACCEPTED,
  STATUS_DUPLICATE,
  STATUS_STALE,
  STATUS_CONFLICT,
  STATUS_REJECTED,
  N_STATUSES
} RecordStatus;

static const char *const status_names[N_STATUSES] = { "accepted", "duplicate", "stale",
                                                      "conflict", "rejected" };

static gboolean
set_error (UdCityStore *store,
           GError     **error,
           const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (store->db));
  return FALSE;
}

static gboolean
exec (UdCityStore *store,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (store->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (UdCityStore *store,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (store, error, sql);
      return NULL;
    }
  return stmt;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static char *
timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

UdCityStore *
ud_city_store_open (const char *path,
                    GError    **error)
{
  g_autoptr(UdCityStore) store = g_new0 (UdCityStore, 1);

  if (sqlite3_open_v2 (path ? path : ":memory:", &store->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      set_error (store, error, path ? path : ":memory:");
      return NULL;
    }

  sqlite3_busy_timeout (store->db, 5000);
  if (path != NULL && !exec (store, "PRAGMA journal_mode=WAL;", error))
    return NULL;
  if (!exec (store, "PRAGMA synchronous=FULL;", error) || !exec (store, schema_sql, error))
    return NULL;

  return g_steal_pointer (&store);
}

void
ud_city_store_free (UdCityStore *store)
{
  if (store == NULL)
    return;
  sqlite3_close (store->db);
  g_free (store);
}

gboolean
ud_city_store_lookup_batch (UdCityStore *store,
                            const char  *batch_id,
                            char       **office_id,
                            char       **body_sha256,
                            char       **response,
                            GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
                                "SELECT office_id, body_sha256, response FROM batches"
                                " WHERE batch_id = ?1",
                                error);
  gboolean found = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      if (office_id)
        *office_id = column_dup (stmt, 0);
      if (body_sha256)
        *body_sha256 = column_dup (stmt, 1);
      if (response)
        *response = column_dup (stmt, 2);
    }
  else if (rc != SQLITE_DONE)
    set_error (store, error, "looking up a batch");
  sqlite3_finalize (stmt);

  return found;
}

typedef struct
{
  sqlite3_stmt *owner;         /* owned */
  sqlite3_stmt *current;       /* owned */
  sqlite3_stmt *store_record;  /* owned */
  sqlite3_stmt *store_version; /* owned */
} Statements;

static void
statements_clear (Statements *statements)
{
  sqlite3_finalize (statements->owner);
  sqlite3_finalize (statements->current);
  sqlite3_finalize (statements->store_record);
  sqlite3_finalize (statements->store_version);
}

/* Decides the status of one valid record and stores it when accepted. Returns STATUS_ERROR on
 * a database error. *message is set for a conflict. */
static RecordStatus
apply_record (UdCityStore *store,
              Statements  *statements,
              const char  *office_id,
              const char  *batch_id,
              const char  *now,
              JsonObject  *record,
              char       **message,
              GError     **error)
{
  const char *entity = json_object_get_string_member (record, "entity");
  const char *uuid = json_object_get_string_member (record, "uuid");
  gint64 version = json_object_get_int_member (record, "version");
  const char *op = json_object_get_string_member (record, "op");
  const char *changed_at = json_object_get_string_member (record, "changed_at");
  JsonNode *schema = json_object_get_member (record, "schema");
  g_autofree char *data = ud_city_canonical_json (json_object_get_member (record, "data"));
  g_autofree char *data_sha256 = ud_city_sha256_hex (data, strlen (data));
  sqlite3_stmt *stmt;
  int rc;

  /* Owned by another office (under any entity)? */
  stmt = statements->owner;
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, office_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *message = g_strdup ("the record belongs to another office");
      return STATUS_CONFLICT;
    }
  if (rc != SQLITE_DONE)
    return set_error (store, error, "looking up the owner"), STATUS_ERROR;

  stmt = statements->current;
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 stored_version = sqlite3_column_int64 (stmt, 0);
      const char *stored_op = (const char *) sqlite3_column_text (stmt, 1);
      const char *stored_sha256 = (const char *) sqlite3_column_text (stmt, 2);

      if (stored_version > version)
        return STATUS_STALE;
      if (stored_version == version)
        {
          if (g_strcmp0 (stored_op, op) == 0 && g_strcmp0 (stored_sha256, data_sha256) == 0)
            return STATUS_DUPLICATE;
          *message = g_strdup_printf ("the server has version %" G_GINT64_FORMAT
                                      " of this record with different content",
                                      version);
          return STATUS_CONFLICT;
        }
    }
  else if (rc != SQLITE_DONE)
    return set_error (store, error, "looking up the record"), STATUS_ERROR;

  stmt = statements->store_record;
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, office_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, version);
  sqlite3_bind_text (stmt, 5, op, -1, SQLITE_STATIC);
  if (schema != NULL)
    sqlite3_bind_int64 (stmt, 6, json_node_get_int (schema));
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_text (stmt, 7, changed_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, data, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, data_sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, batch_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_error (store, error, "storing a record"), STATUS_ERROR;

  stmt = statements->store_version;
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, office_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, version);
  sqlite3_bind_text (stmt, 5, op, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, data, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, data_sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_error (store, error, "storing a record version"), STATUS_ERROR;

  return STATUS_ACCEPTED;
}

static gboolean
prepare_statements (UdCityStore *store,
                    Statements  *statements,
                    GError     **error)
{
  statements->owner = prepare (store,
                               "SELECT office_id FROM records"
                               " WHERE uuid = ?1 AND office_id != ?2 LIMIT 1",
                               error);
  if (statements->owner == NULL)
    return FALSE;
  statements->current = prepare (store,
                                 "SELECT version, op, data_sha256 FROM records"
                                 " WHERE entity = ?1 AND uuid = ?2",
                                 error);
  if (statements->current == NULL)
    return FALSE;
  statements->store_record = prepare (store,
                                      "INSERT OR REPLACE INTO records (entity, uuid, office_id,"
                                      "  version, op, schema, changed_at, data, data_sha256,"
                                      "  batch_id, stored_at)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                      error);
  if (statements->store_record == NULL)
    return FALSE;
  statements->store_version = prepare (store,
                                       "INSERT INTO record_versions (office_id, entity, uuid,"
                                       "  version, op, data, data_sha256, times_stored)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)"
                                       " ON CONFLICT (office_id, entity, uuid, version)"
                                       " DO UPDATE SET times_stored = times_stored + 1",
                                       error);
  return statements->store_version != NULL;
}

static gboolean
add_counters (UdCityStore  *store,
              const gint64 *counts,
              GError      **error)
{
  sqlite3_stmt *stmt = prepare (store,
                                "INSERT INTO counters (name, value) VALUES (?1, ?2)"
                                " ON CONFLICT (name) DO UPDATE SET value = value + ?2",
                                error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, status_names[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, counts[i]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          set_error (store, error, "counting statuses");
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
insert_batch (UdCityStore *store,
              const char  *office_id,
              const char  *body_sha256,
              JsonObject  *batch,
              const char  *now,
              const char  *response,
              GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
                                "INSERT INTO batches (batch_id, office_id, device_id, first_seq,"
                                "  last_seq, n_records, body_sha256, received_at, response)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, json_object_get_string_member (batch, "batch_id"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, office_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, json_object_get_string_member (batch, "device_id"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, json_object_get_int_member (batch, "first_seq"));
  sqlite3_bind_int64 (stmt, 5, json_object_get_int_member (batch, "last_seq"));
  sqlite3_bind_int64 (stmt, 6, json_array_get_length (json_object_get_array_member (batch,
                                                                                     "records")));
  sqlite3_bind_text (stmt, 7, body_sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, response, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    set_error (store, error, "storing the batch");
  sqlite3_finalize (stmt);
  return ok;
}

/* Decides every record of @batch (already checked for shape: protocol, ids, seqs), stores the
 * accepted ones, and stores the batch with its response, all in one transaction. Returns the
 * response body `{"batch_id": …, "results": […]}`, or NULL (nothing stored) on error. */
char *
ud_city_store_process_batch (UdCityStore *store,
                             const char  *office_id,
                             const char  *body_sha256,
                             JsonObject  *batch,
                             GError     **error)
{
  const char *batch_id = json_object_get_string_member (batch, "batch_id");
  JsonArray *records = json_object_get_array_member (batch, "records");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = timestamp_now ();
  g_autofree char *response = NULL;
  Statements statements = { NULL, };
  gint64 counts[N_STATUSES] = { 0, };

  if (!exec (store, "BEGIN IMMEDIATE;", error))
    return NULL;

  if (!prepare_statements (store, &statements, error))
    goto fail;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_string_value (builder, batch_id);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      UdCityRejection rejection = { NULL, };
      g_autofree char *message = NULL;
      RecordStatus status;

      if (!ud_city_validate_record (record, &rejection))
        status = STATUS_REJECTED;
      else
        status = apply_record (store, &statements, office_id, batch_id, now, record, &message,
                               error);
      if (status == STATUS_ERROR)
        goto fail;

      counts[status]++;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, json_object_get_int_member (record, "seq"));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status_names[status]);
      if (status == STATUS_REJECTED)
        {
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, rejection.code);
          json_builder_set_member_name (builder, "field");
          json_builder_add_string_value (builder, rejection.field);
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, rejection.message);
        }
      else if (message != NULL)
        {
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, message);
        }
      json_builder_end_object (builder);
      ud_city_rejection_clear (&rejection);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  response = json_to_string (root, FALSE);

  if (!insert_batch (store, office_id, body_sha256, batch, now, response, error)
      || !add_counters (store, counts, error))
    goto fail;

  statements_clear (&statements);
  if (!exec (store, "COMMIT;", error))
    {
      exec (store, "ROLLBACK;", NULL);
      return NULL;
    }
  return g_steal_pointer (&response);

fail:
  statements_clear (&statements);
  exec (store, "ROLLBACK;", NULL);
  return NULL;
}

/* For the replay fault: the response of another batch, this office's most recent first. */
char *
ud_city_store_dup_other_response (UdCityStore *store,
                                  const char  *batch_id,
                                  const char  *office_id)
{
  sqlite3_stmt *stmt = prepare (store,
                                "SELECT response FROM batches WHERE batch_id != ?1"
                                " ORDER BY office_id = ?2 DESC, rowid DESC LIMIT 1",
                                NULL);
  char *response = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, office_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    response = column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  return response;
}

static gboolean
query_int (UdCityStore *store,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  sqlite3_stmt *stmt = prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (store, error, sql);
  return TRUE;
}

/* {"batches", "records", "accepted", "duplicate", "stale", "conflict", "rejected",
 * "max_times_stored"}; the server adds its own counters. */
JsonNode *
ud_city_store_get_stats (UdCityStore *store,
                         GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 value;

  json_builder_begin_object (builder);

  if (!query_int (store, "SELECT COUNT(*) FROM batches", &value, error))
    return NULL;
  json_builder_set_member_name (builder, "batches");
  json_builder_add_int_value (builder, value);

  if (!query_int (store, "SELECT COUNT(*) FROM records", &value, error))
    return NULL;
  json_builder_set_member_name (builder, "records");
  json_builder_add_int_value (builder, value);

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT value FROM counters WHERE name = '%s'",
                                              status_names[i]);

      if (!query_int (store, sql, &value, error))
        return NULL;
      json_builder_set_member_name (builder, status_names[i]);
      json_builder_add_int_value (builder, value);
    }

  if (!query_int (store, "SELECT IFNULL(MAX(times_stored), 0) FROM record_versions", &value,
                  error))
    return NULL;
  json_builder_set_member_name (builder, "max_times_stored");
  json_builder_add_int_value (builder, value);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* {"records": [{"office_id", "entity", "uuid", "version", "op", "times_stored", "sha256",
 * "current", "data"}…]}: every version stored as accepted, of one office or of all. */
JsonNode *
ud_city_store_list_records (UdCityStore *store,
                            const char  *office_id,
                            GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt = prepare (store,
                                "SELECT v.office_id, v.entity, v.uuid, v.version, v.op,"
                                "  v.times_stored, v.data_sha256, r.version = v.version, v.data"
                                " FROM record_versions v"
                                " LEFT JOIN records r ON r.entity = v.entity AND r.uuid = v.uuid"
                                " WHERE ?1 IS NULL OR v.office_id = ?1"
                                " ORDER BY v.office_id, v.entity, v.uuid, v.version",
                                error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, office_id, -1, SQLITE_STATIC);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) data = json_from_string ((const char *) sqlite3_column_text (stmt, 8),
                                                   NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "office_id");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "entity");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 2));
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
      json_builder_set_member_name (builder, "op");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 4));
      json_builder_set_member_name (builder, "times_stored");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 5));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 6));
      json_builder_set_member_name (builder, "current");
      json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 7) != 0);
      json_builder_set_member_name (builder, "data");
      if (data != NULL)
        json_builder_add_value (builder, g_steal_pointer (&data));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (store, error, "listing records");
      return NULL;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
ud_city_store_reset (UdCityStore *store,
                     GError     **error)
{
  if (!exec (store,
             "BEGIN IMMEDIATE;"
             "DELETE FROM batches;"
             "DELETE FROM records;"
             "DELETE FROM record_versions;"
             "DELETE FROM counters;"
             "COMMIT;",
             error))
    {
      if (!sqlite3_get_autocommit (store->db))
        exec (store, "ROLLBACK;", NULL);
      return FALSE;
    }
  return TRUE;
}
