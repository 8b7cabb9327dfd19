/* ud-payout-books.c — the treasurer's books: approved, paid and outstanding per fund and period,
 * month-end and year-end summaries, and the reconciliation that lists every difference
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-payout-books"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "ud-aid-application.h"
#include "ud-date.h"
#include "ud-enums.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-insurance-store.h"
#include "ud-money.h"
#include "ud-payout-books.h"
#include "ud-xlsx.h"

static void
row_clear (UdBooksRow *row)
{
  g_clear_pointer (&row->key, g_free);
  g_clear_pointer (&row->label, g_free);
}

static void
row_free (UdBooksRow *row)
{
  row_clear (row);
  g_free (row);
}

static void
difference_free (UdBooksDifference *difference)
{
  g_free (difference->number);
  g_free (difference->message);
  g_free (difference);
}

void
ud_books_free (UdBooks *books)
{
  if (books == NULL)
    return;
  g_free (books->from);
  g_free (books->to);
  for (int i = 0; i < UD_FUND_N_SOURCES; i++)
    row_clear (&books->funds[i]);
  row_clear (&books->total);
  g_clear_pointer (&books->by_category, g_ptr_array_unref);
  g_clear_pointer (&books->by_org, g_ptr_array_unref);
  g_clear_pointer (&books->by_group, g_ptr_array_unref);
  g_clear_pointer (&books->differences, g_ptr_array_unref);
  g_free (books);
}

/* Grouped sums */

/* The chains of lines: every line with the first line of its chain (reissues follow
 * reissued_from back to it). */
#define CHAINS                                                                               \
  "WITH RECURSIVE chain (id, root) AS ("                                                     \
  "  SELECT id, id FROM payout WHERE reissued_from IS NULL"                                  \
  "  UNION ALL SELECT p.id, c.root FROM payout p JOIN chain c ON p.reissued_from = c.id) "

/* What a summary groups by: @key is an SQL expression over p (payout), m (member) and o (org);
 * @label turns a key into its translated label. */
typedef struct
{
  const char *key;
  char     *(*label) (const char *key);
} Grouping;

static char *
fund_label (const char *key)
{
  int value;

  if (ud_enum_from_code (&ud_fund_source_info, key, &value))
    return g_strdup (ud_enum_label (&ud_fund_source_info, value));
  return g_strdup (key);
}

/* "aid:medical" or "insurance:accident". */
static char *
category_label (const char *key)
{
  if (g_str_has_prefix (key, "aid:"))
    return ud_payout_dup_category_label (UD_PAYOUT_SOURCE_AID, key + 4);
  if (g_str_has_prefix (key, "insurance:"))
    return ud_payout_dup_category_label (UD_PAYOUT_SOURCE_INSURANCE, key + 10);
  return g_strdup (key);
}

static char *
org_label (const char *key)
{
  return g_strdup (key);
}

static char *
group_label (const char *key)
{
  int value;

  if (ud_enum_from_code (&ud_new_employment_info, key, &value))
    return g_strdup (ud_enum_label (&ud_new_employment_info, value));
  return g_strdup (key);
}

static const Grouping by_fund = { "p.fund_source", fund_label };
static const Grouping by_category = { "p.source || ':' || p.category", category_label };
static const Grouping by_org = { "o.name", org_label };
static const Grouping by_group = { "m.new_employment", group_label };

static UdBooksRow *
find_row (GPtrArray  *rows,
          const char *key,
          const Grouping *grouping)
{
  UdBooksRow *row;

  for (guint i = 0; i < rows->len; i++)
    {
      row = g_ptr_array_index (rows, i);
      if (g_strcmp0 (row->key, key) == 0)
        return row;
    }
  row = g_new0 (UdBooksRow, 1);
  row->key = g_strdup (key);
  row->label = grouping->label (key);
  g_ptr_array_add (rows, row);
  return row;
}

typedef enum
{
  MEASURE_APPROVED,
  MEASURE_PAID,
  MEASURE_OUTSTANDING,
} Measure;

/* Adds one measure of the period ?1 … ?2 to @rows, grouped by @grouping. */
static gboolean
add_measure (UdDatabase      *db,
             const Grouping  *grouping,
             Measure          measure,
             const char      *from,
             const char      *to,
             GPtrArray       *rows,
             GError         **error)
{
  static const char *const conditions[] = {
    /* approved: the first line of each chain, on its approval date */
    "p.reissued_from IS NULL AND p.approved_date BETWEEN ?1 AND ?2",
    /* paid: on the bank's value date */
    "p.status = 'paid' AND p.paid_date BETWEEN ?1 AND ?2",
    /* outstanding at the end: approved by then, and no line of the chain paid by then */
    "p.reissued_from IS NULL AND p.approved_date <= ?2 AND NOT EXISTS (SELECT 1 FROM chain c"
    "  JOIN payout q ON q.id = c.id WHERE c.root = p.id AND q.status = 'paid'"
    "  AND q.paid_date <= ?2)",
  };
  g_autofree char *sql = g_strdup_printf (CHAINS
                                          "SELECT %s, count(*), sum (p.amount_fen) "
                                          "FROM payout p JOIN member m ON m.id = p.member_id "
                                          "JOIN org o ON o.id = p.org_id WHERE %s GROUP BY 1",
                                          grouping->key, conditions[measure]);
  sqlite3_stmt *stmt = ud_database_prepare_built (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UdBooksRow *row = find_row (rows, (const char *) sqlite3_column_text (stmt, 0), grouping);
      guint n = (guint) sqlite3_column_int64 (stmt, 1);
      gint64 fen = sqlite3_column_int64 (stmt, 2);

      switch (measure)
        {
        case MEASURE_APPROVED:
          row->n_approved += n;
          row->approved_fen += fen;
          break;
        case MEASURE_PAID:
          row->n_paid += n;
          row->paid_fen += fen;
          break;
        case MEASURE_OUTSTANDING:
        default:
          row->n_outstanding += n;
          row->outstanding_fen += fen;
          break;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("summing the payouts"));
      return FALSE;
    }
  return TRUE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const UdBooksRow *row_a = *(const UdBooksRow **) a;
  const UdBooksRow *row_b = *(const UdBooksRow **) b;

  if (row_a->approved_fen != row_b->approved_fen)
    return row_a->approved_fen > row_b->approved_fen ? -1 : 1;
  return g_strcmp0 (row_a->key, row_b->key);
}

static GPtrArray *
summary (UdDatabase      *db,
         const Grouping  *grouping,
         const char      *from,
         const char      *to,
         GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  for (Measure measure = MEASURE_APPROVED; measure <= MEASURE_OUTSTANDING; measure++)
    if (!add_measure (db, grouping, measure, from, to, rows, error))
      return NULL;
  g_ptr_array_sort (rows, compare_rows);
  return g_steal_pointer (&rows);
}

static gboolean
months (UdDatabase  *db,
        UdBooks     *books,
        GError     **error)
{
  static const char *const queries[] = {
    "SELECT CAST (substr (approved_date, 6, 2) AS INTEGER), sum (amount_fen) FROM payout "
    "WHERE reissued_from IS NULL AND approved_date BETWEEN ?1 AND ?2 GROUP BY 1",
    "SELECT CAST (substr (paid_date, 6, 2) AS INTEGER), sum (amount_fen) FROM payout "
    "WHERE status = 'paid' AND paid_date BETWEEN ?1 AND ?2 GROUP BY 1",
  };
  g_autofree char *from = g_strdup_printf ("%04d-01-01", books->year);
  g_autofree char *to = g_strdup_printf ("%04d-12-31", books->year);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = ud_database_prepare (db, queries[q], error);
      gint64 *sums = q == 0 ? books->month_approved_fen : books->month_paid_fen;
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          int month = sqlite3_column_int (stmt, 0);

          if (month >= 1 && month <= 12)
            sums[month - 1] = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ud_database_set_error (db, error, _("summing the payouts"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Reconciliation */

static void
add_difference (UdBooks               *books,
                UdBooksDifferenceKind  kind,
                const char            *number,
                char                  *message)
{
  UdBooksDifference *difference = g_new0 (UdBooksDifference, 1);

  difference->kind = kind;
  difference->number = g_strdup (number);
  difference->message = message;
  g_ptr_array_add (books->differences, difference);
}

/* Runs @sql and calls @report with each row. */
static gboolean
each_row (UdDatabase  *db,
          const char  *sql,
          void       (*report) (UdBooks      *books,
                                sqlite3_stmt *stmt),
          UdBooks     *books,
          GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare_built (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    report (books, stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reconciling the payouts"));
      return FALSE;
    }
  return TRUE;
}

#define TEXT(i) ((const char *) sqlite3_column_text (stmt, (i)))

static void
report_no_payout (UdBooks      *books,
                  sqlite3_stmt *stmt)
{
  g_autofree char *amount = ud_money_format (sqlite3_column_int64 (stmt, 1));

  add_difference (books, UD_BOOKS_DIFF_NO_PAYOUT, TEXT (0),
                  /* Translators: "JZ2026-00001: approved 1,500.00 yuan, but no payout line" */
                  g_strdup_printf (_("%s: approved %s yuan, but there is no payout line"),
                                   TEXT (0), amount));
}

static void
report_amount (UdBooks      *books,
               sqlite3_stmt *stmt)
{
  g_autofree char *approved = ud_money_format (sqlite3_column_int64 (stmt, 1));
  g_autofree char *line = ud_money_format (sqlite3_column_int64 (stmt, 2));

  add_difference (books, UD_BOOKS_DIFF_AMOUNT, TEXT (0),
                  g_strdup_printf (_("%s: approved %s yuan, but the payout line is %s yuan"),
                                   TEXT (0), approved, line));
}

static void
report_status (UdBooks      *books,
               sqlite3_stmt *stmt)
{
  add_difference (books, UD_BOOKS_DIFF_STATUS, TEXT (0),
                  g_strdup_printf (_("%s: the record is “%s” but its payout line is “%s”"),
                                   TEXT (0), TEXT (1), TEXT (2)));
}

static void
report_not_granted (UdBooks      *books,
                    sqlite3_stmt *stmt)
{
  add_difference (books, UD_BOOKS_DIFF_NOT_GRANTED, TEXT (0),
                  g_strdup_printf (_("%s: a payout line exists for a record that is “%s”, not "
                                     "approved"), TEXT (0), TEXT (1)));
}

static void
report_batch_total (UdBooks      *books,
                    sqlite3_stmt *stmt)
{
  g_autofree char *file_total = ud_money_format (sqlite3_column_int64 (stmt, 2));
  g_autofree char *lines_total = ud_money_format (sqlite3_column_int64 (stmt, 4));

  add_difference (books, UD_BOOKS_DIFF_BATCH_TOTAL, TEXT (0),
                  g_strdup_printf (_("Batch %s: the bank file had %d lines for %s yuan, its "
                                     "lines now are %d for %s yuan"),
                                   TEXT (0), sqlite3_column_int (stmt, 1), file_total,
                                   sqlite3_column_int (stmt, 3), lines_total));
}

static void
report_paid_twice (UdBooks      *books,
                   sqlite3_stmt *stmt)
{
  g_autofree char *total = ud_money_format (sqlite3_column_int64 (stmt, 2));

  add_difference (books, UD_BOOKS_DIFF_PAID_TWICE, TEXT (0),
                  g_strdup_printf (_("%s: paid %d times, %s yuan in all"), TEXT (0),
                                   sqlite3_column_int (stmt, 1), total));
}

static void
report_open_lines (UdBooks      *books,
                   sqlite3_stmt *stmt)
{
  add_difference (books, UD_BOOKS_DIFF_BATCH_OPEN_LINES, TEXT (0),
                  g_strdup_printf (_("Batch %s is closed but %d of its lines have no result"),
                                   TEXT (0), sqlite3_column_int (stmt, 1)));
}

#undef TEXT

/* The record tables the payouts come from, with their payout column. */
static const struct
{
  const char *table;
  const char *column;
} sources[] = {
  { "aid_application", "aid_application_id" },
  { "insurance_claim", "insurance_claim_id" },
};

static gboolean
reconcile (UdDatabase  *db,
           UdBooks     *books,
           GError     **error)
{
  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      g_autofree char *no_payout = g_strdup_printf (
        "SELECT r.number, r.approved_fen FROM %s r WHERE r.granted = 1 AND r.approved_fen > 0"
        "  AND NOT EXISTS (SELECT 1 FROM payout p WHERE p.%s = r.id"
        "    AND p.status <> 'reissued') ORDER BY r.number",
        sources[s].table, sources[s].column);
      g_autofree char *amount = g_strdup_printf (
        "SELECT r.number, r.approved_fen, p.amount_fen FROM payout p JOIN %s r"
        "  ON r.id = p.%s WHERE p.status <> 'reissued' AND p.amount_fen <> r.approved_fen"
        "  ORDER BY r.number",
        sources[s].table, sources[s].column);
      /* What the record's status should be for its live line. */
      g_autofree char *status = g_strdup_printf (
        "SELECT r.number, r.status, p.status FROM payout p JOIN %s r ON r.id = p.%s"
        "  WHERE p.status <> 'reissued' AND r.granted = 1 AND NOT ("
        "    (p.status = 'pending' AND (r.status = 'approved' OR r.status = 'reissued'))"
        "    OR (p.status = 'in_batch' AND r.status = 'payment_pending')"
        "    OR (p.status = 'paid' AND r.status = 'paid')"
        "    OR (p.status = 'failed' AND r.status = 'payment_failed'))"
        "  ORDER BY r.number",
        sources[s].table, sources[s].column);
      g_autofree char *not_granted = g_strdup_printf (
        "SELECT r.number, r.status FROM payout p JOIN %s r ON r.id = p.%s"
        "  WHERE p.status <> 'reissued' AND r.granted = 0 ORDER BY r.number",
        sources[s].table, sources[s].column);
      g_autofree char *paid_twice = g_strdup_printf (
        "SELECT r.number, count(*), sum (p.amount_fen) FROM payout p JOIN %s r"
        "  ON r.id = p.%s WHERE p.status = 'paid' GROUP BY r.id HAVING count(*) > 1"
        "  ORDER BY r.number",
        sources[s].table, sources[s].column);

      if (!each_row (db, no_payout, report_no_payout, books, error)
          || !each_row (db, amount, report_amount, books, error)
          || !each_row (db, status, report_status, books, error)
          || !each_row (db, not_granted, report_not_granted, books, error)
          || !each_row (db, paid_twice, report_paid_twice, books, error))
        return FALSE;
    }

  return each_row (db,
                   "SELECT b.number, b.line_count, b.total_fen, count (p.id),"
                   "  coalesce (sum (p.amount_fen), 0) FROM payout_batch b"
                   "  LEFT JOIN payout p ON p.batch_id = b.id WHERE b.status <> 'open'"
                   "  GROUP BY b.id HAVING count (p.id) <> b.line_count"
                   "  OR coalesce (sum (p.amount_fen), 0) <> b.total_fen ORDER BY b.number",
                   report_batch_total, books, error)
         && each_row (db,
                      "SELECT b.number, count(*) FROM payout_batch b JOIN payout p"
                      "  ON p.batch_id = b.id WHERE b.status = 'closed'"
                      "  AND p.status = 'in_batch' GROUP BY b.id ORDER BY b.number",
                      report_open_lines, books, error);
}

/* Building */

UdBooks *
ud_books_build (UdDatabase    *db,
                int            year,
                int            month,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(UdBooks) books = g_new0 (UdBooks, 1);
  g_autoptr(GPtrArray) funds = NULL;
  GDate last;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (year >= 2000 && year <= 2100, NULL);
  g_return_val_if_fail (month >= 0 && month <= 12, NULL);

  books->year = year;
  books->month = month;
  books->from = g_strdup_printf ("%04d-%02d-01", year, month == 0 ? 1 : month);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, g_date_get_days_in_month (month == 0 ? 12 : month, year),
                  month == 0 ? 12 : month, year);
  books->to = ud_date_format (&last);
  books->differences = g_ptr_array_new_with_free_func ((GDestroyNotify) difference_free);

  funds = summary (db, &by_fund, books->from, books->to, error);
  if (funds == NULL)
    return NULL;
  for (int f = 0; f < UD_FUND_N_SOURCES; f++)
    {
      books->funds[f].key = g_strdup (ud_enum_code (&ud_fund_source_info, f));
      books->funds[f].label = g_strdup (ud_enum_label (&ud_fund_source_info, f));
    }
  books->total.key = g_strdup ("total");
  books->total.label = g_strdup (_("Total"));
  for (guint i = 0; i < funds->len; i++)
    {
      UdBooksRow *row = g_ptr_array_index (funds, i);
      int f;
      UdBooksRow *to_row;

      if (!ud_enum_from_code (&ud_fund_source_info, row->key, &f))
        continue;
      to_row = &books->funds[f];
      to_row->n_approved = row->n_approved;
      to_row->approved_fen = row->approved_fen;
      to_row->n_paid = row->n_paid;
      to_row->paid_fen = row->paid_fen;
      to_row->n_outstanding = row->n_outstanding;
      to_row->outstanding_fen = row->outstanding_fen;
      books->total.n_approved += row->n_approved;
      books->total.approved_fen += row->approved_fen;
      books->total.n_paid += row->n_paid;
      books->total.paid_fen += row->paid_fen;
      books->total.n_outstanding += row->n_outstanding;
      books->total.outstanding_fen += row->outstanding_fen;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  books->by_category = summary (db, &by_category, books->from, books->to, error);
  if (books->by_category == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  books->by_org = summary (db, &by_org, books->from, books->to, error);
  if (books->by_org == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  books->by_group = summary (db, &by_group, books->from, books->to, error);
  if (books->by_group == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!months (db, books, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error)
      || !reconcile (db, books, error))
    return NULL;

  return g_steal_pointer (&books);
}

typedef struct
{
  char *db_path;
  int   year;
  int   month;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_free (data->db_path);
  g_free (data);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) db = ud_database_open (data->db_path, &error);
  UdBooks *books;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  books = ud_books_build (db, data->year, data->month, cancellable, &error);
  if (books == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, books, (GDestroyNotify) ud_books_free);
}

void
ud_books_build_async (const char          *db_path,
                      int                  year,
                      int                  month,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (year >= 2000 && year <= 2100);
  g_return_if_fail (month >= 0 && month <= 12);

  data = g_new0 (BuildData, 1);
  data->db_path = g_strdup (db_path);
  data->year = year;
  data->month = month;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ud_books_build_async);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
}

UdBooks *
ud_books_build_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ud_books_build_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Tables, the same for text, XLSX and PDF */

char *
ud_books_dup_title (const UdBooks *books)
{
  g_autofree char *period = NULL;

  if (books->month == 0)
    /* Translators: the period of the books, a year: "2026年" */
    period = g_strdup_printf (_("the year %d"), books->year);
  else
    /* Translators: the period of the books, a month: "2026年11月" */
    period = g_strdup_printf (_("%d-%02d"), books->year, books->month);
  /* Translators: "发放台账（2026年11月）" */
  return g_strdup_printf (_("Payout books, %s"), period);
}

/* A table: a heading, the column headers, rows of cells (the last row may be a total). */
typedef struct
{
  char      *heading;   /* owned */
  GStrv      headers;   /* owned */
  GPtrArray *rows;      /* GStrv */
  GPtrArray *money;     /* per row: a GArray of gint64 (fen) for money cells, -1 elsewhere */
  gboolean   total;     /* the last row is a total */
} Table;

static void
table_free (Table *table)
{
  g_free (table->heading);
  g_strfreev (table->headers);
  g_ptr_array_unref (table->rows);
  g_ptr_array_unref (table->money);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static Table *
table_new (const char *heading,
           const char *first_header)
{
  Table *table = g_new0 (Table, 1);
  const char *headers[] = {
    first_header, _("Approved"), _("Amount approved"), _("Paid"), _("Amount paid"),
    _("Outstanding"), _("Amount outstanding"), NULL,
  };

  table->heading = g_strdup (heading);
  table->headers = g_strdupv ((char **) headers);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->money = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return table;
}

static void
table_add_row (Table            *table,
               const UdBooksRow *row)
{
  GPtrArray *cells = g_ptr_array_new ();
  GArray *money = g_array_new (FALSE, FALSE, sizeof (gint64));
  const gint64 values[] = {
    -1, -1, row->approved_fen, -1, row->paid_fen, -1, row->outstanding_fen,
  };

  g_ptr_array_add (cells, g_strdup (row->label));
  g_ptr_array_add (cells, g_strdup_printf ("%u", row->n_approved));
  g_ptr_array_add (cells, ud_money_format (row->approved_fen));
  g_ptr_array_add (cells, g_strdup_printf ("%u", row->n_paid));
  g_ptr_array_add (cells, ud_money_format (row->paid_fen));
  g_ptr_array_add (cells, g_strdup_printf ("%u", row->n_outstanding));
  g_ptr_array_add (cells, ud_money_format (row->outstanding_fen));
  g_ptr_array_add (cells, NULL);
  g_ptr_array_add (table->rows, g_ptr_array_free (cells, FALSE));
  g_array_append_vals (money, values, G_N_ELEMENTS (values));
  g_ptr_array_add (table->money, money);
}

static Table *
rows_table (const char       *heading,
            const char       *first_header,
            GPtrArray        *rows,
            const UdBooksRow *total)
{
  Table *table = table_new (heading, first_header);

  for (guint i = 0; i < rows->len; i++)
    table_add_row (table, g_ptr_array_index (rows, i));
  if (total != NULL)
    {
      table_add_row (table, total);
      table->total = TRUE;
    }
  return table;
}

/* Every table of @books in reading order; the reconciliation comes separately. */
static GPtrArray *
books_tables (const UdBooks *books)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  g_autoptr(GPtrArray) funds = g_ptr_array_new ();

  for (int f = 0; f < UD_FUND_N_SOURCES; f++)
    g_ptr_array_add (funds, (gpointer) &books->funds[f]);

  g_ptr_array_add (tables, rows_table (_("By fund"), _("Fund"), funds, &books->total));
  g_ptr_array_add (tables, rows_table (_("By aid type and plan"), _("Type"), books->by_category,
                                       NULL));
  g_ptr_array_add (tables, rows_table (_("By union"), _("Union"), books->by_org, NULL));
  g_ptr_array_add (tables, rows_table (_("By new-employment group"), _("Group"),
                                       books->by_group, NULL));
  return tables;
}

static guint
text_width (const char *text)
{
  guint used = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    used += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return used;
}

static void
append_padded (GString    *out,
               const char *text,
               guint       width,
               gboolean    right)
{
  guint used = text_width (text);

  if (right)
    for (guint i = used; i < width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (guint i = used; i < width; i++)
      g_string_append_c (out, ' ');
}


static void
table_to_text (const Table *table,
               GString     *out)
{
  guint n = g_strv_length (table->headers);
  g_autofree guint *widths = g_new0 (guint, n);

  for (guint c = 0; c < n; c++)
    widths[c] = text_width (table->headers[c]);
  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < n; c++)
        widths[c] = MAX (widths[c], text_width (row[c]));
    }

  g_string_append_printf (out, "%s\n", table->heading);
  g_string_append (out, "  ");
  for (guint c = 0; c < n; c++)
    {
      append_padded (out, table->headers[c], widths[c], c > 0);
      g_string_append (out, c + 1 < n ? "  " : "\n");
    }
  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);

      g_string_append (out, "  ");
      for (guint c = 0; c < n; c++)
        {
          append_padded (out, row[c], widths[c], c > 0);
          g_string_append (out, c + 1 < n ? "  " : "\n");
        }
    }
  g_string_append_c (out, '\n');
}

char *
ud_books_to_text (const UdBooks *books)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = books_tables (books);
  g_autofree char *title = ud_books_dup_title (books);

  g_string_append_printf (out, "%s\n", title);
  /* Translators: "From 2026-11-01 to 2026-11-30" */
  g_string_append_printf (out, _("From %s to %s (outstanding: on %s)"), books->from, books->to,
                          books->to);
  g_string_append (out, "\n\n");
  for (guint i = 0; i < tables->len; i++)
    table_to_text (g_ptr_array_index (tables, i), out);

  g_string_append_printf (out, "%s\n", _("Reconciliation"));
  if (books->differences->len == 0)
    g_string_append_printf (out, "  %s\n",
                            _("No differences: every approved amount has its payout line, and "
                              "every line and batch agrees with its record."));
  for (guint i = 0; i < books->differences->len; i++)
    {
      UdBooksDifference *difference = g_ptr_array_index (books->differences, i);

      g_string_append_printf (out, "  %s\n", difference->message);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* XLSX */

static void
write_table_sheet (UdXlsxBook  *book,
                   const char  *sheet_name,
                   const char  *title,
                   const Table *table)
{
  lxw_worksheet *sheet = ud_xlsx_add_sheet (book, sheet_name);
  guint n = g_strv_length (table->headers);
  lxw_row_t row = 0;

  if (sheet == NULL)
    return;
  worksheet_set_column (sheet, 0, 0, 28, NULL);
  worksheet_set_column (sheet, 1, (lxw_col_t) (n - 1), 14, NULL);
  ud_xlsx_write_text (book, sheet, row++, 0, title, book->bold);
  ud_xlsx_write_text (book, sheet, row++, 0, table->heading, book->bold);
  for (guint c = 0; c < n; c++)
    ud_xlsx_write_text (book, sheet, row, (lxw_col_t) c, table->headers[c], book->bold);
  row++;
  for (guint r = 0; r < table->rows->len; r++, row++)
    {
      GStrv cells = g_ptr_array_index (table->rows, r);
      GArray *money = g_ptr_array_index (table->money, r);
      gboolean bold = table->total && r + 1 == table->rows->len;

      ud_xlsx_write_text (book, sheet, row, 0, cells[0], bold ? book->bold : NULL);
      for (guint c = 1; c < n; c++)
        {
          gint64 fen = g_array_index (money, gint64, c);

          if (fen >= 0)
            ud_xlsx_write_money (book, sheet, row, (lxw_col_t) c, fen,
                                 bold ? book->bold_money : book->money);
          else
            ud_xlsx_write_count (book, sheet, row, (lxw_col_t) c,
                                 g_ascii_strtoll (cells[c], NULL, 10),
                                 bold ? book->bold : NULL);
        }
    }
}

gboolean
ud_books_export_xlsx (const UdBooks  *books,
                      const char     *path,
                      GError        **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autofree char *title = NULL;
  const char *sheet_names[] = { _("Funds"), _("By type"), _("By union"), _("By group") };
  lxw_worksheet *sheet;
  UdXlsxBook *book;
  lxw_row_t row = 0;

  g_return_val_if_fail (books != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  book = ud_xlsx_book_open (path, error);
  if (book == NULL)
    return FALSE;
  tables = books_tables (books);
  title = ud_books_dup_title (books);
  for (guint i = 0; i < tables->len; i++)
    write_table_sheet (book, sheet_names[i], title, g_ptr_array_index (tables, i));

  sheet = ud_xlsx_add_sheet (book, _("Months"));
  if (sheet != NULL)
    {
      /* Translators: a heading of the books' export; %d is a year */
      g_autofree char *heading = g_strdup_printf (_("Payouts by month in %d"), books->year);

      worksheet_set_column (sheet, 0, 2, 16, NULL);
      ud_xlsx_write_text (book, sheet, row++, 0, heading, book->bold);
      ud_xlsx_write_text (book, sheet, row, 0, _("Month"), book->bold);
      ud_xlsx_write_text (book, sheet, row, 1, _("Amount approved"), book->bold);
      ud_xlsx_write_text (book, sheet, row++, 2, _("Amount paid"), book->bold);
      for (int m = 0; m < 12; m++, row++)
        {
          ud_xlsx_write_count (book, sheet, row, 0, m + 1, NULL);
          ud_xlsx_write_money (book, sheet, row, 1, books->month_approved_fen[m], book->money);
          ud_xlsx_write_money (book, sheet, row, 2, books->month_paid_fen[m], book->money);
        }
    }

  sheet = ud_xlsx_add_sheet (book, _("Reconciliation"));
  if (sheet != NULL)
    {
      row = 0;
      worksheet_set_column (sheet, 0, 0, 16, NULL);
      worksheet_set_column (sheet, 1, 1, 90, NULL);
      ud_xlsx_write_text (book, sheet, row, 0, _("Number"), book->bold);
      ud_xlsx_write_text (book, sheet, row++, 1, _("Difference"), book->bold);
      if (books->differences->len == 0)
        ud_xlsx_write_text (book, sheet, row, 1, _("No differences"), NULL);
      for (guint i = 0; i < books->differences->len; i++, row++)
        {
          UdBooksDifference *difference = g_ptr_array_index (books->differences, i);

          ud_xlsx_write_text (book, sheet, row, 0, difference->number, NULL);
          ud_xlsx_write_text (book, sheet, row, 1, difference->message, NULL);
        }
    }
  return ud_xlsx_book_close (book, error);
}

/* PDF */

#define PAGE_WIDTH 595.276   /* A4 in points */
#define PAGE_HEIGHT 841.89
#define MARGIN 42.0

typedef struct
{
  cairo_t     *cr;
  PangoLayout *layout;
  double       y;
} Pdf;

static double
pdf_text (Pdf        *pdf,
          const char *text,
          double      x,
          double      width,
          const char *font,
          gboolean    right)
{
  PangoFontDescription *description = pango_font_description_from_string (font);
  int text_width, text_height;

  pango_layout_set_font_description (pdf->layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (pdf->layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_wrap (pdf->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (pdf->layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_text (pdf->layout, text, -1);
  pango_layout_get_size (pdf->layout, &text_width, &text_height);
  cairo_move_to (pdf->cr, x, pdf->y);
  pango_cairo_show_layout (pdf->cr, pdf->layout);
  return (double) text_height / PANGO_SCALE;
}

static void
pdf_need (Pdf    *pdf,
          double  height)
{
  if (pdf->y + height > PAGE_HEIGHT - MARGIN)
    {
      cairo_show_page (pdf->cr);
      pdf->y = MARGIN;
    }
}

static void
pdf_table (Pdf         *pdf,
           const Table *table)
{
  guint n = g_strv_length (table->headers);
  double first = 150.0;
  double column = (PAGE_WIDTH - 2 * MARGIN - first) / (n - 1);

  pdf_need (pdf, 60);
  pdf->y += pdf_text (pdf, table->heading, MARGIN, 0, "Sans Bold 11", FALSE) + 4;
  for (guint r = 0; r <= table->rows->len; r++)
    {
      GStrv cells = r == 0 ? table->headers : g_ptr_array_index (table->rows, r - 1);
      gboolean bold = r == 0 || (table->total && r == table->rows->len);
      const char *font = bold ? "Sans Bold 8" : "Sans 8";
      double height = 0;

      pdf_need (pdf, 14);
      height = MAX (height, pdf_text (pdf, cells[0], MARGIN, first - 6, font, FALSE));
      for (guint c = 1; c < n; c++)
        height = MAX (height, pdf_text (pdf, cells[c], MARGIN + first + column * (c - 1),
                                        column - 4, font, TRUE));
      pdf->y += height + 2;
      if (r == 0 || (table->total && r + 1 == table->rows->len))
        {
          cairo_set_line_width (pdf->cr, 0.5);
          cairo_move_to (pdf->cr, MARGIN, pdf->y);
          cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN, pdf->y);
          cairo_stroke (pdf->cr);
          pdf->y += 2;
        }
    }
  pdf->y += 12;
}

gboolean
ud_books_export_pdf (const UdBooks  *books,
                     const char     *path,
                     GError        **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autofree char *title = NULL;
  g_autofree char *period = NULL;
  g_autofree char *tmp_path = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Pdf pdf = { 0 };

  g_return_val_if_fail (books != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  tmp_path = g_strconcat (path, ".part", NULL);
  surface = cairo_pdf_surface_create (tmp_path, PAGE_WIDTH, PAGE_HEIGHT);
  pdf.cr = cairo_create (surface);
  pdf.layout = pango_cairo_create_layout (pdf.cr);
  pdf.y = MARGIN;

  title = ud_books_dup_title (books);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  pdf.y += pdf_text (&pdf, title, MARGIN, PAGE_WIDTH - 2 * MARGIN, "Sans Bold 16", FALSE) + 4;
  period = g_strdup_printf (_("From %s to %s (outstanding: on %s)"), books->from, books->to,
                            books->to);
  pdf.y += pdf_text (&pdf, period, MARGIN, PAGE_WIDTH - 2 * MARGIN, "Sans 9", FALSE) + 14;

  tables = books_tables (books);
  for (guint i = 0; i < tables->len; i++)
    pdf_table (&pdf, g_ptr_array_index (tables, i));

  pdf_need (&pdf, 40);
  pdf.y += pdf_text (&pdf, _("Reconciliation"), MARGIN, 0, "Sans Bold 11", FALSE) + 4;
  if (books->differences->len == 0)
    pdf.y += pdf_text (&pdf, _("No differences: every approved amount has its payout line, and "
                               "every line and batch agrees with its record."),
                       MARGIN, PAGE_WIDTH - 2 * MARGIN, "Sans 8", FALSE);
  for (guint i = 0; i < books->differences->len; i++)
    {
      UdBooksDifference *difference = g_ptr_array_index (books->differences, i);

      pdf_need (&pdf, 14);
      pdf.y += pdf_text (&pdf, difference->message, MARGIN, PAGE_WIDTH - 2 * MARGIN, "Sans 8",
                         FALSE) + 2;
    }

  g_object_unref (pdf.layout);
  cairo_destroy (pdf.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED, _("Cannot write the PDF file “%s”: %s"),
                   path, cairo_status_to_string (status));
      g_unlink (tmp_path);
      return FALSE;
    }
  if (g_chmod (tmp_path, 0600) != 0 || g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}
