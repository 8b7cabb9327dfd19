/* ud-statistics.c — counts and sums for the statistics page and its XLSX export
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is counted in SQL (GROUP BY) and kept in fixed arrays; money stays in fen and
 * becomes yuan (fen / 100.0) only in the cells of the XLSX file. */
#define G_LOG_DOMAIN "ud-statistics"

#include <string.h>


#include "ud-aid-application.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-hardship-enums.h"
#include "ud-i18n.h"
#include "ud-statistics.h"
#include "ud-xlsx.h"

G_STATIC_ASSERT (UD_STATISTICS_N_CATEGORIES == UD_HARDSHIP_CATEGORY_ACCIDENT + 1);
G_STATIC_ASSERT (UD_STATISTICS_N_CAUSES == UD_HARDSHIP_CAUSE_OTHER + 1);
G_STATIC_ASSERT (UD_STATISTICS_N_AID_TYPES == UD_AID_TYPE_CONDOLENCE + 1);

gboolean
ud_statistics_files (UdDatabase        *db,
                     const GDate       *on_date,
                     UdFileStatistics  *out,
                     GError           **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *day = NULL;
  GDate today;
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_assert (ud_hardship_category_info.n_values == UD_STATISTICS_N_CATEGORIES);
  g_assert (ud_hardship_cause_info.n_values == UD_STATISTICS_N_CAUSES);

  if (on_date == NULL)
    {
      ud_date_today (&today);
      on_date = &today;
    }
  day = ud_date_format (on_date);
  memset (out, 0, sizeof *out);
  g_strlcpy (out->on_date, day, sizeof out->on_date);

  /* A file is in force on @day when the last status change on or before it left it filed. */
  stmt = ud_database_prepare (db,
                              "SELECT f.category, f.main_cause, count(*) FROM hardship_file f"
                              " WHERE (SELECT e.to_status FROM hardship_file_event e"
                              "        WHERE e.file_id = f.id AND e.event_date <= ?1"
                              "        ORDER BY e.event_date DESC, e.id DESC LIMIT 1)"
                              "       IN ('active', 'annual_review')"
                              " GROUP BY f.category, f.main_cause",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int category = UD_HARDSHIP_CATEGORY_NONE;
      int cause = UD_HARDSHIP_CAUSE_NONE;
      guint n = (guint) sqlite3_column_int64 (stmt, 2);

      ud_enum_from_code (&ud_hardship_category_info,
                         (const char *) sqlite3_column_text (stmt, 0), &category);
      ud_enum_from_code (&ud_hardship_cause_info,
                         (const char *) sqlite3_column_text (stmt, 1), &cause);
      out->by_category[category] += n;
      out->by_cause[cause] += n;
      out->total += n;
    }
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("Cannot count the hardship files"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Adds the rows of @stmt (type, month "01"–"12", count, sum) to @counts and @sums. */
static gboolean
add_by_type_and_month (UdDatabase   *db,
                       sqlite3_stmt *stmt,
                       guint         counts[UD_STATISTICS_N_AID_TYPES][UD_STATISTICS_N_MONTHS],
                       gint64        sums[UD_STATISTICS_N_AID_TYPES][UD_STATISTICS_N_MONTHS],
                       GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int type;
      int month = sqlite3_column_int (stmt, 1);

      if (!ud_enum_from_code (&ud_aid_type_info, (const char *) sqlite3_column_text (stmt, 0),
                              &type)
          || month < 1 || month > UD_STATISTICS_N_MONTHS)
        continue;
      counts[type][month - 1] += (guint) sqlite3_column_int64 (stmt, 2);
      if (sums != NULL)
        sums[type][month - 1] += sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("Cannot count the aid applications"));
      return FALSE;
    }
  return TRUE;
}

gboolean
ud_statistics_aid (UdDatabase       *db,
                   int               year,
                   UdAidStatistics  *out,
                   GError          **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_assert (ud_aid_type_info.n_values == UD_STATISTICS_N_AID_TYPES);

  memset (out, 0, sizeof *out);
  out->year = year;
  from = g_strdup_printf ("%04d-01-01", year);
  to = g_strdup_printf ("%04d-12-31", year);

  stmt = ud_database_prepare (db,
                              "SELECT type, CAST (substr (submitted_date, 6, 2) AS INTEGER),"
                              " count(*), 0 FROM aid_application"
                              " WHERE submitted_date BETWEEN ?1 AND ?2"
                              " GROUP BY 1, 2",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  if (!add_by_type_and_month (db, stmt, out->applications, NULL, error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "SELECT type, CAST (substr (approved_date, 6, 2) AS INTEGER),"
                              " count(*), total (approved_fen) FROM aid_application"
                              " WHERE granted = 1 AND approved_date BETWEEN ?1 AND ?2"
                              " GROUP BY 1, 2",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  return add_by_type_and_month (db, stmt, out->approved, out->approved_fen, error);
}

guint
ud_aid_statistics_applications_total (const UdAidStatistics *aid,
                                      int                    type)
{
  guint total = 0;

  g_return_val_if_fail (aid != NULL, 0);
  g_return_val_if_fail (type >= 0 && type < UD_STATISTICS_N_AID_TYPES, 0);

  for (int m = 0; m < UD_STATISTICS_N_MONTHS; m++)
    total += aid->applications[type][m];
  return total;
}

gint64
ud_aid_statistics_approved_total (const UdAidStatistics *aid,
                                  int                    type)
{
  gint64 total = 0;

  g_return_val_if_fail (aid != NULL, 0);
  g_return_val_if_fail (type >= 0 && type < UD_STATISTICS_N_AID_TYPES, 0);

  for (int m = 0; m < UD_STATISTICS_N_MONTHS; m++)
    total += aid->approved_fen[type][m];
  return total;
}

gint64
ud_aid_statistics_month_total (const UdAidStatistics *aid,
                               int                    month)
{
  gint64 total = 0;

  g_return_val_if_fail (aid != NULL, 0);
  g_return_val_if_fail (month >= 0 && month < UD_STATISTICS_N_MONTHS, 0);

  for (int t = 0; t < UD_STATISTICS_N_AID_TYPES; t++)
    total += aid->approved_fen[t][month];
  return total;
}

/* XLSX */

static void
write_files_sheet (UdXlsxBook             *book,
                   const UdFileStatistics *files)
{
  lxw_worksheet *sheet = ud_xlsx_add_sheet (book, _("Hardship files"));
  g_autofree char *heading = NULL;
  lxw_row_t row = 0;

  worksheet_set_column (sheet, 0, 0, 30, NULL);
  worksheet_set_column (sheet, 1, 1, 12, NULL);

  /* Translators: a heading of the statistics export; %s is a date */
  heading = g_strdup_printf (_("Files in force on %s"), files->on_date);
  ud_xlsx_write_text (book, sheet, row++, 0, heading, book->bold);
  row++;

  ud_xlsx_write_text (book, sheet, row, 0, _("Category"), book->bold);
  ud_xlsx_write_text (book, sheet, row++, 1, _("Files"), book->bold);
  for (int c = 0; c < UD_STATISTICS_N_CATEGORIES; c++)
    {
      if (c == UD_HARDSHIP_CATEGORY_NONE && files->by_category[c] == 0)
        continue;
      ud_xlsx_write_text (book, sheet, row, 0,
                          ud_enum_label (&ud_hardship_category_info, c), NULL);
      ud_xlsx_write_count (book, sheet, row++, 1, files->by_category[c], NULL);
    }
  ud_xlsx_write_text (book, sheet, row, 0, _("Total"), book->bold);
  ud_xlsx_write_count (book, sheet, row++, 1, files->total, book->bold);
  row++;

  ud_xlsx_write_text (book, sheet, row, 0, _("Main cause"), book->bold);
  ud_xlsx_write_text (book, sheet, row++, 1, _("Files"), book->bold);
  for (int c = 0; c < UD_STATISTICS_N_CAUSES; c++)
    {
      if (c == UD_HARDSHIP_CAUSE_NONE && files->by_cause[c] == 0)
        continue;
      ud_xlsx_write_text (book, sheet, row, 0, ud_enum_label (&ud_hardship_cause_info, c),
                          NULL);
      ud_xlsx_write_count (book, sheet, row++, 1, files->by_cause[c], NULL);
    }
  ud_xlsx_write_text (book, sheet, row, 0, _("Total"), book->bold);
  ud_xlsx_write_count (book, sheet, row, 1, files->total, book->bold);
}

/* A table of types (rows) by months (columns) with totals, from @row; returns the next row. */
static lxw_row_t
write_aid_table (UdXlsxBook            *book,
                 lxw_worksheet         *sheet,
                 lxw_row_t              row,
                 const char            *heading,
                 const UdAidStatistics *aid,
                 gboolean               money)
{
  lxw_format *format = money ? book->money : NULL;
  lxw_format *bold_format = money ? book->bold_money : book->bold;
  gint64 grand_total = 0;

  ud_xlsx_write_text (book, sheet, row, 0, heading, book->bold);
  for (int m = 0; m < UD_STATISTICS_N_MONTHS; m++)
    {
      /* Translators: a month's column in the statistics export; %d is 1 to 12 */
      g_autofree char *month = g_strdup_printf (_("Month %d"), m + 1);

      ud_xlsx_write_text (book, sheet, row, (lxw_col_t) (m + 1), month, book->bold);
    }
  ud_xlsx_write_text (book, sheet, row++, UD_STATISTICS_N_MONTHS + 1, _("Total"), book->bold);

  for (int t = 0; t < UD_STATISTICS_N_AID_TYPES; t++)
    {
      gint64 total = 0;

      ud_xlsx_write_text (book, sheet, row, 0, ud_enum_label (&ud_aid_type_info, t), NULL);
      for (int m = 0; m < UD_STATISTICS_N_MONTHS; m++)
        {
          if (money)
            ud_xlsx_write_money (book, sheet, row, (lxw_col_t) (m + 1), aid->approved_fen[t][m],
                                 format);
          else
            ud_xlsx_write_count (book, sheet, row, (lxw_col_t) (m + 1), aid->applications[t][m],
                                 NULL);
          total += money ? aid->approved_fen[t][m] : (gint64) aid->applications[t][m];
        }
      if (money)
        ud_xlsx_write_money (book, sheet, row, UD_STATISTICS_N_MONTHS + 1, total, bold_format);
      else
        ud_xlsx_write_count (book, sheet, row, UD_STATISTICS_N_MONTHS + 1, total, bold_format);
      grand_total += total;
      row++;
    }

  ud_xlsx_write_text (book, sheet, row, 0, _("Total"), book->bold);
  for (int m = 0; m <= UD_STATISTICS_N_MONTHS; m++)
    {
      gint64 total = 0;

      if (m == UD_STATISTICS_N_MONTHS)
        total = grand_total;
      else
        for (int t = 0; t < UD_STATISTICS_N_AID_TYPES; t++)
          total += money ? aid->approved_fen[t][m] : (gint64) aid->applications[t][m];
      if (money)
        ud_xlsx_write_money (book, sheet, row, (lxw_col_t) (m + 1), total, bold_format);
      else
        ud_xlsx_write_count (book, sheet, row, (lxw_col_t) (m + 1), total, bold_format);
    }
  return row + 1;
}

static void
write_aid_sheet (UdXlsxBook            *book,
                 const UdAidStatistics *aid)
{
  lxw_worksheet *sheet = ud_xlsx_add_sheet (book, _("Aid"));
  g_autofree char *heading = NULL;
  lxw_row_t row = 0;

  worksheet_set_column (sheet, 0, 0, 16, NULL);
  worksheet_set_column (sheet, 1, UD_STATISTICS_N_MONTHS + 1, 12, NULL);

  /* Translators: a heading of the statistics export; %d is a year */
  heading = g_strdup_printf (_("Aid applications in %d"), aid->year);
  ud_xlsx_write_text (book, sheet, row++, 0, heading, book->bold);
  row++;
  row = write_aid_table (book, sheet, row, _("Applications submitted"), aid, FALSE);
  row++;
  write_aid_table (book, sheet, row, _("Approved amounts (yuan)"), aid, TRUE);
}

gboolean
ud_statistics_export_xlsx (const UdStatistics *statistics,
                           const char         *path,
                           GError            **error)
{
  UdXlsxBook *book;

  g_return_val_if_fail (statistics != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  book = ud_xlsx_book_open (path, error);
  if (book == NULL)
    return FALSE;
  write_files_sheet (book, &statistics->files);
  write_aid_sheet (book, &statistics->aid);
  return ud_xlsx_book_close (book, error);
}

/* In a worker thread */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *db_path = task_data;
  int year = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "ud-year"));
  g_autoptr(UdDatabase) db = NULL;
  g_autofree UdStatistics *statistics = g_new0 (UdStatistics, 1);
  g_autoptr(GError) error = NULL;
  GDate today, on_date;

  db = ud_database_open_worker (db_path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Files in force at the end of the year, or today for the current year. */
  ud_date_today (&today);
  g_date_clear (&on_date, 1);
  g_date_set_dmy (&on_date, 31, G_DATE_DECEMBER, (GDateYear) year);
  if (g_date_compare (&on_date, &today) > 0)
    on_date = today;

  if (!ud_statistics_files (db, &on_date, &statistics->files, &error)
      || g_task_return_error_if_cancelled (task)
      || !ud_statistics_aid (db, year, &statistics->aid, &error))
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&statistics), g_free);
}

void
ud_statistics_load_async (UdDatabase          *db,
                          int                  year,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (UD_IS_DATABASE (db));
  g_return_if_fail (year >= 1 && year <= 9999);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ud_statistics_load_async);
  g_task_set_task_data (task, g_strdup (ud_database_get_path (db)), g_free);
  g_object_set_data (G_OBJECT (task), "ud-year", GINT_TO_POINTER (year));
  g_task_run_in_thread (task, load_thread);
}

UdStatistics *
ud_statistics_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ud_statistics_load_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const UdStatistics *statistics = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "ud-path");
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!ud_statistics_export_xlsx (statistics, path, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ud_statistics_export_xlsx_async (const UdStatistics  *statistics,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (statistics != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ud_statistics_export_xlsx_async);
  g_task_set_task_data (task, g_memdup2 (statistics, sizeof *statistics), g_free);
  g_object_set_data_full (G_OBJECT (task), "ud-path", g_strdup (path), g_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
ud_statistics_export_xlsx_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ud_statistics_export_xlsx_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
