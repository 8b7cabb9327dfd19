/* ud-hardship-query.c — listing and searching hardship files for the hardship page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-hardship-query"

#include <string.h>

#include "ud-hardship-query.h"
#include "ud-i18n.h"
#include "ud-mask.h"

UdHardshipQuery *
ud_hardship_query_new (void)
{
  UdHardshipQuery *query = g_new0 (UdHardshipQuery, 1);

  query->status = UD_HARDSHIP_QUERY_ANY;
  query->category = UD_HARDSHIP_QUERY_ANY;
  return query;
}

void
ud_hardship_query_free (UdHardshipQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->text);
  g_clear_pointer (&query->file_ids, g_array_unref);
  g_free (query);
}

void
ud_hardship_list_row_free (UdHardshipListRow *row)
{
  if (row == NULL)
    return;

  g_free (row->file_number);
  g_free (row->worker_name);
  g_free (row->worker_id_masked);
  g_free (row->org_name);
  g_free (row->updated_at);
  g_free (row);
}

/* "%text%" (or "%text" for @tail_only) with LIKE's wildcards escaped by '\'. */
static char *
like_pattern (const char *text,
              gboolean    tail_only)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  if (!tail_only)
    g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* ",1,5,9," for instr (): the queue's files. */
static char *
id_list (const GArray *ids)
{
  GString *text = g_string_new (",");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%" G_GINT64_FORMAT ",", g_array_index (ids, gint64, i));
  return g_string_free (text, FALSE);
}

#define MATCH_WHERE \
  "WHERE (?1 IS NULL OR m.name LIKE ?1 ESCAPE '\\' OR f.file_number LIKE ?1 ESCAPE '\\'" \
  "    OR (?2 IS NOT NULL AND (f.worker_id_number LIKE ?2 ESCAPE '\\'" \
  "      OR EXISTS (SELECT 1 FROM household_member h WHERE h.file_id = f.id" \
  "        AND h.id_number LIKE ?2 ESCAPE '\\'))))" \
  "  AND (?3 IS NULL OR f.status = ?3)" \
  "  AND (?4 IS NULL OR f.category = ?4)" \
  "  AND (?5 IS NULL OR instr (?5, ',' || f.id || ',') > 0) "

static void
bind_query (sqlite3_stmt          *stmt,
            const UdHardshipQuery *query,
            char                 **owned_texts)
{
  g_autofree char *text = g_strstrip (g_strdup (query->text ? query->text : ""));

  if (*text != '\0')
    {
      /* ID numbers end in an upper-case X. */
      g_autofree char *upper = g_utf8_strup (text, -1);

      owned_texts[0] = like_pattern (text, FALSE);
      if (strlen (upper) >= 4)
        owned_texts[1] = like_pattern (upper, TRUE);
    }
  if (query->file_ids != NULL)
    owned_texts[2] = id_list (query->file_ids);

  ud_stmt_bind_text_or_null (stmt, 1, owned_texts[0]);
  ud_stmt_bind_text_or_null (stmt, 2, owned_texts[1]);
  if (query->status >= 0 && (guint) query->status < ud_hardship_status_info.n_values)
    sqlite3_bind_text (stmt, 3, ud_enum_code (&ud_hardship_status_info, query->status), -1,
                       SQLITE_STATIC);
  if (query->category >= 0 && (guint) query->category < ud_hardship_category_info.n_values)
    sqlite3_bind_text (stmt, 4, ud_enum_code (&ud_hardship_category_info, query->category), -1,
                       SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 5, owned_texts[2]);
}

static UdHardshipListRow *
list_row_from_row (sqlite3_stmt *stmt)
{
  UdHardshipListRow *row = g_new0 (UdHardshipListRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->file_number = ud_stmt_dup_text (stmt, 1);
  row->worker_name = ud_stmt_dup_text (stmt, 2);
  row->worker_id_masked = ud_mask_id_number ((const char *) sqlite3_column_text (stmt, 3));
  row->org_name = ud_stmt_dup_text (stmt, 4);
  row->status = ud_stmt_column_enum (stmt, 5, &ud_hardship_status_info);
  row->category = ud_stmt_column_enum (stmt, 6, &ud_hardship_category_info);
  row->proposed_category = ud_stmt_column_enum (stmt, 7, &ud_hardship_category_info);
  row->main_cause = ud_stmt_column_enum (stmt, 8, &ud_hardship_cause_info);
  row->per_capita_monthly_fen = sqlite3_column_int64 (stmt, 9);
  row->updated_at = ud_stmt_dup_text (stmt, 10);
  return row;
}

/* Unbinds the texts bind_query() made for @stmt (which has been reset) and frees them. */
static void
unbind_query (sqlite3_stmt *stmt,
              char         *texts[3])
{
  sqlite3_clear_bindings (stmt);
  for (guint i = 0; i < 3; i++)
    g_free (texts[i]);
}

GPtrArray *
ud_hardship_query_fetch (UdDatabase             *db,
                         const UdHardshipQuery  *query,
                         guint                   offset,
                         guint                   limit,
                         GError                **error)
{
  char *texts[3] = { NULL, NULL, NULL };
  sqlite3_stmt *stmt;
  GPtrArray *rows;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = ud_database_prepare (db,
                              "SELECT f.id, f.file_number, m.name, f.worker_id_number, o.name,"
                              "  f.status, f.category, f.proposed_category, f.main_cause,"
                              "  f.per_capita_monthly_fen, f.updated_at "
                              "FROM hardship_file f JOIN member m ON m.id = f.member_id"
                              "  JOIN org o ON o.id = f.org_id "
                              MATCH_WHERE
                              "ORDER BY f.updated_at DESC, f.id DESC LIMIT ?6 OFFSET ?7",
                              error);
  if (stmt == NULL)
    return NULL;

  bind_query (stmt, query, texts);
  sqlite3_bind_int64 (stmt, 6, limit);
  sqlite3_bind_int64 (stmt, 7, offset);
  rows = ud_database_collect (db, stmt, (UdRowFunc) list_row_from_row,
                              (GDestroyNotify) ud_hardship_list_row_free,
                              _("reading the hardship files"), error);
  unbind_query (stmt, texts);
  return rows;
}

gboolean
ud_hardship_query_count (UdDatabase             *db,
                         const UdHardshipQuery  *query,
                         guint                  *out_count,
                         GError                **error)
{
  char *texts[3] = { NULL, NULL, NULL };
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  stmt = ud_database_prepare (db,
                              "SELECT count (*) "
                              "FROM hardship_file f JOIN member m ON m.id = f.member_id "
                              MATCH_WHERE,
                              error);
  if (stmt == NULL)
    return FALSE;

  bind_query (stmt, query, texts);
  ok = ud_database_read_count (db, stmt, out_count, _("counting the hardship files"), error);
  unbind_query (stmt, texts);
  return ok;
}
