/* ud-audit.c — the append-only, hash-chained audit trail
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each entry's hash is SHA-256 over the previous entry's hash and this entry's canonical JSON
 * (fixed member order, no white space), so changing, inserting or removing an entry anywhere
 * breaks every hash after it. The newest hash is also kept in meta ("audit_head"), so removing
 * entries at the end is found too. */
#define G_LOG_DOMAIN "ud-audit"

#include <stdio.h>
#include <string.h>

#include "ud-audit.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-json.h"
#include "ud-outbox.h"
#include "ud-uuid.h"

#define AUDIT_SCHEMA 1
#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

void
ud_audit_entry_free (UdAuditEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->uuid);
  g_free (entry->at);
  g_free (entry->account_name);
  g_free (entry->entity);
  g_free (entry->record_uuid);
  g_free (entry->action);
  g_free (entry->changes);
  g_free (entry->prev_hash);
  g_free (entry->hash);
  g_free (entry);
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* {"field": [before, after]} for the members that differ, keys sorted. */
static JsonNode *
diff_objects (JsonObject *before,
              JsonObject *after)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GList *members;

  if (before != NULL)
    {
      members = json_object_get_members (before);
      for (GList *l = members; l; l = l->next)
        g_hash_table_add (names, l->data);
      g_list_free (members);
    }
  if (after != NULL)
    {
      members = json_object_get_members (after);
      for (GList *l = members; l; l = l->next)
        g_hash_table_add (names, l->data);
      g_list_free (members);
    }

  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, names);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (sorted, key);
  }
  g_ptr_array_sort (sorted, compare_strings);

  json_builder_begin_object (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *name = sorted->pdata[i];
      JsonNode *b = before && json_object_has_member (before, name)
                    ? json_object_get_member (before, name) : NULL;
      JsonNode *a = after && json_object_has_member (after, name)
                    ? json_object_get_member (after, name) : NULL;

      if (b != NULL && JSON_NODE_HOLDS_NULL (b))
        b = NULL;
      if (a != NULL && JSON_NODE_HOLDS_NULL (a))
        a = NULL;
      if (nodes_equal (a, b))
        continue;

      json_builder_set_member_name (builder, name);
      json_builder_begin_array (builder);
      if (b)
        json_builder_add_value (builder, json_node_copy (b));
      else
        json_builder_add_null_value (builder);
      if (a)
        json_builder_add_value (builder, json_node_copy (a));
      else
        json_builder_add_null_value (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The canonical form that is hashed: fixed order, compact. */
static char *
canonical_json (gint64       seq,
                const char  *uuid,
                const char  *at,
                gint64       account_id,
                const char  *account_name,
                const char  *entity,
                const char  *record_uuid,
                const char  *action,
                JsonNode    *changes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, seq);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, uuid);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_int_value (builder, account_id);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, account_name);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, entity);
  json_builder_set_member_name (builder, "record_uuid");
  if (record_uuid)
    json_builder_add_string_value (builder, record_uuid);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_set_member_name (builder, "changes");
  if (changes != NULL)
    json_builder_add_value (builder, json_node_copy (changes));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return ud_json_node_to_string (root);
}

static char *
chain_hash (const char *prev_hash,
            const char *canonical)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) prev_hash, strlen (prev_hash));
  g_checksum_update (checksum, (const guchar *) canonical, strlen (canonical));
  return g_strdup (g_checksum_get_string (checksum));
}

static char *
current_head (UdDatabase *db)
{
  char *head = ud_database_dup_meta (db, "audit_head");

  return head ? head : g_strdup (GENESIS_HASH);
}

gboolean
ud_audit_append (UdDatabase      *db,
                 const UdAccount *actor,
                 const char      *entity,
                 const char      *record_uuid,
                 const char      *action,
                 JsonObject      *before,
                 JsonObject      *after,
                 GError         **error)
{
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *at = ud_timestamp_now ();
  g_autoptr(JsonNode) changes_node = diff_objects (before, after);
  g_autofree char *changes = ud_json_node_to_string (changes_node);
  g_autofree char *prev = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;
  const char *account_name = actor ? actor->username : "system";
  gint64 account_id = actor ? actor->id : 0;
  g_autoptr(JsonObject) data = NULL;
  sqlite3_stmt *stmt;
  gboolean owned;
  gint64 seq = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (entity != NULL && action != NULL, FALSE);

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;

  /* The next seq: AUTOINCREMENT's counter, read inside the write transaction. */
  stmt = ud_database_prepare (db,
                              "SELECT ifnull ((SELECT seq FROM sqlite_sequence"
                              "  WHERE name = 'audit_entry'), 0) + 1",
                              error);
  if (stmt != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        seq = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (seq > 0)
    {
      prev = current_head (db);
      canonical = canonical_json (seq, uuid, at, account_id, account_name, entity, record_uuid,
                                  action, changes_node);
      hash = chain_hash (prev, canonical);

      stmt = ud_database_prepare (db,
                                  "INSERT INTO audit_entry (seq, uuid, at, account_id,"
                                  "  account_name, entity, record_uuid, action, changes,"
                                  "  prev_hash, hash) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                  error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, seq);
          sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, at, -1, SQLITE_STATIC);
          ud_stmt_bind_id_or_null (stmt, 4, account_id);
          sqlite3_bind_text (stmt, 5, account_name, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, entity, -1, SQLITE_STATIC);
          ud_stmt_bind_text_or_null (stmt, 7, record_uuid);
          sqlite3_bind_text (stmt, 8, action, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 9, changes, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 10, prev, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 11, hash, -1, SQLITE_STATIC);
          ok = sqlite3_step (stmt) == SQLITE_DONE;
          sqlite3_reset (stmt);
          if (!ok)
            ud_database_set_error (db, error, _("writing the audit trail"));
        }
    }

  ok = ok && ud_database_set_meta (db, "audit_head", hash, error);

  if (ok)
    {
      data = json_object_new ();
      json_object_set_string_member (data, "uuid", uuid);
      json_object_set_int_member (data, "seq", seq);
      json_object_set_string_member (data, "at", at);
      json_object_set_string_member (data, "account", account_name);
      json_object_set_string_member (data, "entity", entity);
      json_object_set_string_member (data, "record_uuid", record_uuid);
      json_object_set_string_member (data, "action", action);
      json_object_set_member (data, "changes", json_node_copy (changes_node));
      json_object_set_string_member (data, "prev_hash", prev);
      json_object_set_string_member (data, "hash", hash);
      ok = ud_outbox_append (db, "audit_entry", AUDIT_SCHEMA, uuid, 1, "upsert", data, error);
    }

  return ud_database_end_owned (db, owned, ok, ok ? error : NULL);
}

static UdAuditEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  UdAuditEntry *entry = g_new0 (UdAuditEntry, 1);

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->uuid = ud_stmt_dup_text (stmt, 1);
  entry->at = ud_stmt_dup_text (stmt, 2);
  entry->account_id = sqlite3_column_int64 (stmt, 3);
  entry->account_name = ud_stmt_dup_text (stmt, 4);
  entry->entity = ud_stmt_dup_text (stmt, 5);
  entry->record_uuid = ud_stmt_dup_text (stmt, 6);
  entry->action = ud_stmt_dup_text (stmt, 7);
  entry->changes = ud_stmt_dup_text (stmt, 8);
  entry->prev_hash = ud_stmt_dup_text (stmt, 9);
  entry->hash = ud_stmt_dup_text (stmt, 10);
  return entry;
}

#define ENTRY_COLUMNS \
  "seq, uuid, at, account_id, account_name, entity, record_uuid, action, changes, prev_hash, " \
  "hash"

static gboolean
check_integrity (UdDatabase  *db,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *result = NULL;

  if (sqlite3_prepare_v2 (ud_database_get_handle (db), "PRAGMA integrity_check", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      ud_database_set_error (db, error, _("checking the database"));
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = ud_stmt_dup_text (stmt, 0);
  sqlite3_finalize (stmt);

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   _("The database file is damaged: %s"), result ? result : "?");
      return FALSE;
    }

  return TRUE;
}

gboolean
ud_audit_verify (UdDatabase  *db,
                 gint64      *broken_seq,
                 guint64     *n_checked,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  g_autofree char *head = NULL;
  gint64 expected_seq = 1;
  gint64 last_sequence = 0;
  guint64 n = 0;
  int rc;

  if (broken_seq)
    *broken_seq = 0;
  if (n_checked)
    *n_checked = 0;

  if (!check_integrity (db, error))
    return FALSE;

  if (sqlite3_prepare_v2 (ud_database_get_handle (db),
                          "SELECT " ENTRY_COLUMNS " FROM audit_entry ORDER BY seq", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      ud_database_set_error (db, error, _("reading the audit trail"));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(UdAuditEntry) entry = entry_from_row (stmt);
      g_autofree char *canonical = NULL;
      g_autofree char *hash = NULL;

      if (entry->seq != expected_seq)
        {
          if (broken_seq)
            *broken_seq = expected_seq;
          g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                       _("Audit entry %lld is missing (the next one is %lld): entries were "
                         "deleted"),
                       (long long) expected_seq, (long long) entry->seq);
          sqlite3_finalize (stmt);
          return FALSE;
        }

      g_autoptr(JsonNode) stored_changes = json_from_string (entry->changes, NULL);

      canonical = canonical_json (entry->seq, entry->uuid, entry->at, entry->account_id,
                                  entry->account_name, entry->entity, entry->record_uuid,
                                  entry->action, stored_changes);
      hash = chain_hash (prev, canonical);
      if (g_strcmp0 (entry->prev_hash, prev) != 0 || g_strcmp0 (entry->hash, hash) != 0)
        {
          if (broken_seq)
            *broken_seq = entry->seq;
          g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                       _("Audit entry %lld (%s, %s) was changed after it was written: its hash "
                         "does not match"),
                       (long long) entry->seq, entry->at ? entry->at : "?",
                       entry->action ? entry->action : "?");
          sqlite3_finalize (stmt);
          return FALSE;
        }

      g_free (prev);
      prev = g_steal_pointer (&entry->hash);
      expected_seq++;
      n++;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the audit trail"));
      return FALSE;
    }

  /* Entries removed at the end leave the chain whole: compare with the head and the counter. */
  head = ud_database_dup_meta (db, "audit_head");
  if (sqlite3_prepare_v2 (ud_database_get_handle (db),
                          "SELECT seq FROM sqlite_sequence WHERE name = 'audit_entry'", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        last_sequence = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }

  if ((head != NULL && strcmp (head, prev) != 0) || last_sequence != expected_seq - 1)
    {
      if (broken_seq)
        *broken_seq = expected_seq;
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("The audit trail ends at entry %lld but entries up to %lld were written: "
                     "the last entries were deleted"),
                   (long long) (expected_seq - 1), (long long) MAX (last_sequence, expected_seq));
      return FALSE;
    }

  if (n_checked)
    *n_checked = n;
  return TRUE;
}

/* The UTC timestamp of local midnight starting @date (YYYY-MM-DD), @days_after days later. */
static char *
local_midnight_utc (const char *date,
                    int         days_after)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) later = NULL;
  int year, month, day;

  if (date == NULL || sscanf (date, "%d-%d-%d", &year, &month, &day) != 3)
    return NULL;

  midnight = g_date_time_new (local, year, month, day, 0, 0, 0);
  if (midnight == NULL)
    return NULL;
  later = g_date_time_add_days (midnight, days_after);
  return ud_timestamp_format (later);
}

GPtrArray *
ud_audit_list (UdDatabase          *db,
               const UdAuditFilter *filter,
               guint                offset,
               guint                limit,
               GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " ENTRY_COLUMNS " FROM audit_entry WHERE 1");
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  sqlite3_stmt *stmt = NULL;
  GPtrArray *entries;
  int rc;

  /* Only the conditions in use, so that SQLite can take the matching index (record, account,
   * time); "(?1 IS NULL OR column = ?1)" would make it read the whole trail. */
  if (filter != NULL && filter->account_id > 0)
    g_string_append (sql, " AND account_id = :account");
  if (filter != NULL && filter->entity != NULL)
    g_string_append (sql, " AND entity = :entity");
  if (filter != NULL && filter->record_uuid != NULL)
    g_string_append (sql, " AND record_uuid = :record");
  if (filter != NULL && filter->action != NULL)
    g_string_append (sql, " AND action = :action");
  if (filter != NULL && (from = local_midnight_utc (filter->from_date, 0)) != NULL)
    g_string_append (sql, " AND at >= :from");
  if (filter != NULL && (to = local_midnight_utc (filter->to_date, 1)) != NULL)
    g_string_append (sql, " AND at < :to");
  g_string_append (sql, " ORDER BY seq DESC LIMIT :limit OFFSET :offset");

  if (sqlite3_prepare_v2 (ud_database_get_handle (db), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      ud_database_set_error (db, error, _("reading the audit trail"));
      return NULL;
    }

#define BIND_TEXT(name, value) \
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, name), value, -1, SQLITE_TRANSIENT)
  if (filter != NULL)
    {
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":account"),
                          filter->account_id);
      BIND_TEXT (":entity", filter->entity);
      BIND_TEXT (":record", filter->record_uuid);
      BIND_TEXT (":action", filter->action);
    }
  BIND_TEXT (":from", from);
  BIND_TEXT (":to", to);
#undef BIND_TEXT
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"),
                      limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_audit_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the audit trail"));
      g_ptr_array_unref (entries);
      return NULL;
    }

  return entries;
}
