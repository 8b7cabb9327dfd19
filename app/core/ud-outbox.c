/* ud-outbox.c — the sync outbox: every synced change, written in the change's own transaction
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-outbox"

#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-outbox.h"

static char *
object_to_string (JsonObject *data)
{
  g_autoptr(JsonNode) node = NULL;

  if (data == NULL)
    return g_strdup ("{}");

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, data);
  return json_to_string (node, FALSE);
}

static gboolean
replace_pending (UdDatabase  *db,
                 const char  *entity,
                 int          schema,
                 const char  *uuid,
                 gint64       version,
                 const char  *op,
                 const char  *payload,
                 const char  *changed_at,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = ud_database_prepare (db,
                              "UPDATE outbox SET version = ?3, op = ?4, payload = ?5, "
                              "  changed_at = ?6, schema = ?7, state = 'pending', "
                              "  result_code = NULL, result_field = NULL, result_message = NULL "
                              "WHERE entity = ?1 AND uuid = ?2 AND batch_id IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_bind_text (stmt, 4, op, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, changed_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, schema);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("recording a change for upload"));
      return FALSE;
    }

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
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (entity != NULL && uuid != NULL && op != NULL, FALSE);
  g_return_val_if_fail (ud_database_in_transaction (db), FALSE);

  payload = object_to_string (data);
  changed_at = ud_timestamp_now ();

  /* A pending row not yet frozen in a batch is replaced by the newer version. A new record
   * (version 1) has no row yet. */
  if (version > 1 || g_strcmp0 (op, "delete") == 0)
    {
      if (!replace_pending (db, entity, schema, uuid, version, op, payload, changed_at, error))
        return FALSE;
      if (sqlite3_changes (ud_database_get_handle (db)) > 0)
        return TRUE;
    }

  stmt = ud_database_prepare (db,
                              "INSERT INTO outbox (entity, uuid, version, op, payload, changed_at,"
                              "                    schema) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_bind_text (stmt, 4, op, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, changed_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, schema);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("recording a change for upload"));
      return FALSE;
    }

  return TRUE;
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
