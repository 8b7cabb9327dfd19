/* ud-books-page.h — the treasurer's books: approved, paid and outstanding per fund and period,
 * summaries, a chart by month and the reconciliation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

typedef enum
{
  UD_BOOKS_FORMAT_XLSX,
  UD_BOOKS_FORMAT_PDF,
} UdBooksFormat;

#define UD_TYPE_BOOKS_PAGE (ud_books_page_get_type ())
G_DECLARE_FINAL_TYPE (UdBooksPage, ud_books_page, UD, BOOKS_PAGE, AdwBin)

GtkWidget  *ud_books_page_new             (UdDatabase          *db);

/* The period shown: @month 1–12, or 0 for the whole year (this month of this year at first). */
int         ud_books_page_get_year        (UdBooksPage         *self);
int         ud_books_page_get_month       (UdBooksPage         *self);
void        ud_books_page_set_period      (UdBooksPage         *self,
                                           int                  year,
                                           int                  month);

/* Whether the books are being read (the page shows the previous ones meanwhile). */
gboolean    ud_books_page_is_loading      (UdBooksPage         *self);

/* How many differences the reconciliation shown lists. */
guint       ud_books_page_get_n_differences (UdBooksPage       *self);

/* The text under the chart (what a screen reader reads). */
const char *ud_books_page_get_chart_summary (UdBooksPage       *self);

/* Writes the books shown to @path in a worker thread (what the export buttons do once a file is
 * chosen) and shows a toast when done. Fails when no books have been read yet. */
void        ud_books_page_export_async    (UdBooksPage         *self,
                                           UdBooksFormat        format,
                                           const char          *path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    ud_books_page_export_finish   (UdBooksPage         *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
