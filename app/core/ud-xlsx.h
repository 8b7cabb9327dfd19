/* ud-xlsx.h — writing an Excel workbook: made under a temporary name with mode 0600 and renamed
 * over the target only when complete, the first error kept
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <xlsxwriter.h>

G_BEGIN_DECLS

typedef struct
{
  lxw_workbook *workbook;    /* owned until ud_xlsx_book_close() */
  lxw_format   *bold;        /* owned by the workbook */
  lxw_format   *money;       /* 0.00 */
  lxw_format   *bold_money;
  lxw_error     error;       /* the first error */
  char         *path;        /* owned */
  char         *tmp_path;    /* owned */
} UdXlsxBook;

/* A new workbook that will be written to @path, or NULL with an error naming the file. */
UdXlsxBook    *ud_xlsx_book_open   (const char  *path,
                                    GError     **error);

/* Writes the workbook and renames it over the path; frees @book in every case. */
gboolean       ud_xlsx_book_close  (UdXlsxBook  *book,
                                    GError     **error);

lxw_worksheet *ud_xlsx_add_sheet   (UdXlsxBook  *book,
                                    const char  *name);

void           ud_xlsx_write_text  (UdXlsxBook    *book,
                                    lxw_worksheet *sheet,
                                    lxw_row_t      row,
                                    lxw_col_t      col,
                                    const char    *text,
                                    lxw_format    *format);
void           ud_xlsx_write_count (UdXlsxBook    *book,
                                    lxw_worksheet *sheet,
                                    lxw_row_t      row,
                                    lxw_col_t      col,
                                    gint64         n,
                                    lxw_format    *format);
/* The only place money becomes a float: a cell of yuan with two decimals. */
void           ud_xlsx_write_money (UdXlsxBook    *book,
                                    lxw_worksheet *sheet,
                                    lxw_row_t      row,
                                    lxw_col_t      col,
                                    gint64         fen,
                                    lxw_format    *format);

G_END_DECLS
