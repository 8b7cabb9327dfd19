/* ud-outbox.c — the sync outbox: every synced change, written in the change's own transaction
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-outbox"

#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-json.h"
#include "ud-outbox.h"

/* A row as both statements below bind it: ?1 entity … ?7 schema. */
typedef struct
{
  const char *entity;
  int         schema;
  const char *uuid;
  gint64      version;
  const char *op;
  const char *payload;
  const char *changed_at;
} Change;

/* Runs @sql (an outbox statement with the parameters of Change); the number of rows it changed
 * goes to *@n_changed. */
static gboolean
run_change (UdDatabase   *db,
            const char   *sql,
            const Change *change,
            int          *n_changed,
            GError      **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, change->entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, change->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, change->version);
  sqlite3_bind_text (stmt, 4, change->op, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, change->payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, change->changed_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, change->schema);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("recording a change for upload"));
      return FALSE;
    }

  *n_changed = sqlite3_changes (ud_database_get_handle (db));
  return TRUE;
}

gboolean
ud_outbox_append (UdDatabase  *db,
                  const char  *entity,
                  int          schema,
                  const char  *uuid,
                  gint64       version,
                  const char  *op,
                  JsonObject  *data,
                  GError     **error)
{
  g_autofree char *payload = NULL;
  g_autofree char *changed_at = NULL;
  Change change;
  int n_changed = 0;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (entity != NULL && uuid != NULL && op != NULL, FALSE);
  g_return_val_if_fail (ud_database_in_transaction (db), FALSE);

  payload = ud_json_object_to_string (data);
  changed_at = ud_timestamp_now ();
  change = (Change) { entity, schema, uuid, version, op, payload, changed_at };

  /* A pending row not yet frozen in a batch is replaced by the newer version (keeping its seq).
   * A new record (version 1) has no row yet. */
  if (version > 1 || g_strcmp0 (op, "delete") == 0)
    {
      if (!run_change (db,
                       "UPDATE outbox SET version = ?3, op = ?4, payload = ?5, changed_at = ?6,"
                       "  schema = ?7, state = 'pending', result_code = NULL,"
                       "  result_field = NULL, result_message = NULL "
                       "WHERE entity = ?1 AND uuid = ?2 AND batch_id IS NULL",
                       &change, &n_changed, error))
        return FALSE;
      if (n_changed > 0)
        return TRUE;
    }

  return run_change (db,
                     "INSERT INTO outbox (entity, uuid, version, op, payload, changed_at, schema) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                     &change, &n_changed, error);
}

gint64
ud_outbox_count_pending (UdDatabase *db)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT count(*) FROM outbox WHERE state = 'pending'",
                                            NULL);
  gint64 n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return n;
}
