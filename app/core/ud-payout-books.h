/* ud-payout-books.h — the treasurer's books: approved, paid and outstanding per fund and period,
 * month-end and year-end summaries, and the reconciliation that lists every difference
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A payout line and the lines that reissue it are one approval: "approved" counts the first line
 * of each chain (on its approval date), "paid" counts paid lines (on the bank's value date), and
 * "outstanding" is what was approved up to the end of the period and not paid by then. */
#pragma once

#include <gio/gio.h>

#include "ud-database.h"
#include "ud-payout-store.h"

G_BEGIN_DECLS

/* One row of a summary: a fund, an aid type or plan, an org, a new-employment group. */
typedef struct
{
  char   *key;             /* owned: the stored code, or the org's name */
  char   *label;           /* owned: translated */
  guint   n_approved;
  gint64  approved_fen;
  guint   n_paid;
  gint64  paid_fen;
  guint   n_outstanding;   /* at the end of the period */
  gint64  outstanding_fen;
} UdBooksRow;

typedef enum
{
  UD_BOOKS_DIFF_NO_PAYOUT,          /* approved with an amount, no payout line */
  UD_BOOKS_DIFF_AMOUNT,             /* the line's amount is not the approved amount */
  UD_BOOKS_DIFF_STATUS,             /* the record's status disagrees with its line */
  UD_BOOKS_DIFF_NOT_GRANTED,        /* a line for a record that is not approved */
  UD_BOOKS_DIFF_BATCH_TOTAL,        /* a sent batch whose lines no longer add up to its file */
  UD_BOOKS_DIFF_PAID_TWICE,         /* more than one paid line for one record */
  UD_BOOKS_DIFF_BATCH_OPEN_LINES,   /* a closed batch with lines still waiting */
} UdBooksDifferenceKind;

typedef struct
{
  UdBooksDifferenceKind  kind;
  char                  *number;   /* owned: the record or batch number */
  char                  *message;  /* owned: translated, says what differs and by how much */
} UdBooksDifference;

typedef struct
{
  int         year;
  int         month;           /* 1–12, or 0 for the whole year */
  char       *from;            /* owned: first day, YYYY-MM-DD */
  char       *to;              /* owned: last day */
  UdBooksRow  funds[UD_FUND_N_SOURCES];
  UdBooksRow  total;
  GPtrArray  *by_category;     /* UdBooksRow: aid types and insurance plans */
  GPtrArray  *by_org;          /* UdBooksRow */
  GPtrArray  *by_group;        /* UdBooksRow: new-employment category of the payee */
  gint64      month_approved_fen[12];  /* of the year, for the chart */
  gint64      month_paid_fen[12];
  GPtrArray  *differences;     /* UdBooksDifference: the reconciliation, of all time */
} UdBooks;

void      ud_books_free         (UdBooks *books);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdBooks, ud_books_free)

/* The books of @year (2000–2100) and @month (0 for the year). Reads only. */
UdBooks  *ud_books_build        (UdDatabase    *db,
                                 int            year,
                                 int            month,
                                 GCancellable  *cancellable,
                                 GError       **error);

/* Opens its own connection to the database at @db_path in a worker thread. */
void      ud_books_build_async  (const char          *db_path,
                                 int                  year,
                                 int                  month,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
UdBooks  *ud_books_build_finish (GAsyncResult        *result,
                                 GError             **error);

/* The title: "2026年11月 发放台账" in the translation of "Payout books, %s". */
char     *ud_books_dup_title    (const UdBooks *books);

/* The books as plain text (for the terminal): the funds, the summaries and the differences. */
char     *ud_books_to_text      (const UdBooks *books);

/* Workbook with sheets Funds, By type, By union, By group, Months, Reconciliation. */
gboolean  ud_books_export_xlsx  (const UdBooks  *books,
                                 const char     *path,
                                 GError        **error);

/* A4 PDF of the same tables (cairo and Pango, so Chinese prints with the system's fonts). */
gboolean  ud_books_export_pdf   (const UdBooks  *books,
                                 const char     *path,
                                 GError        **error);

G_END_DECLS
