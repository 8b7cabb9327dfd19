/* ud-xlsx.c — writing an Excel workbook: made under a temporary name with mode 0600 and renamed
 * over the target only when complete, the first error kept
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-xlsx"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-xlsx.h"

static void
book_free (UdXlsxBook *book)
{
  g_free (book->path);
  g_free (book->tmp_path);
  g_free (book);
}

UdXlsxBook *
ud_xlsx_book_open (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  UdXlsxBook *book;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  book = g_new0 (UdXlsxBook, 1);
  book->path = g_strdup (path);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  book->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (book->tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      book_free (book);
      return NULL;
    }
  /* libxlsxwriter writes the file itself at workbook_close(). */
  g_close (fd, NULL);

  book->workbook = workbook_new (book->tmp_path);
  if (book->workbook == NULL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED, _("Cannot write the Excel file “%s”: %s"),
                   path, g_strerror (errno));
      g_unlink (book->tmp_path);
      book_free (book);
      return NULL;
    }
  book->bold = workbook_add_format (book->workbook);
  format_set_bold (book->bold);
  book->money = workbook_add_format (book->workbook);
  format_set_num_format (book->money, "0.00");
  book->bold_money = workbook_add_format (book->workbook);
  format_set_bold (book->bold_money);
  format_set_num_format (book->bold_money, "0.00");
  return book;
}

static void
check (UdXlsxBook *book,
       lxw_error   code)
{
  if (book->error == LXW_NO_ERROR)
    book->error = code;
}

gboolean
ud_xlsx_book_close (UdXlsxBook  *book,
                    GError     **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (book != NULL, FALSE);

  check (book, workbook_close (g_steal_pointer (&book->workbook)));
  if (book->error != LXW_NO_ERROR)
    g_set_error (error, UD_ERROR, UD_ERROR_FAILED, _("Cannot write the Excel file “%s”: %s"),
                 book->path, lxw_strerror (book->error));
  else if (g_rename (book->tmp_path, book->path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), book->path, g_strerror (saved));
    }
  else
    ok = TRUE;

  if (!ok)
    g_unlink (book->tmp_path);
  book_free (book);
  return ok;
}

lxw_worksheet *
ud_xlsx_add_sheet (UdXlsxBook *book,
                   const char *name)
{
  lxw_worksheet *sheet = workbook_add_worksheet (book->workbook, name);

  if (sheet == NULL)
    check (book, LXW_ERROR_SHEETNAME_ALREADY_USED);
  return sheet;
}

void
ud_xlsx_write_text (UdXlsxBook    *book,
                    lxw_worksheet *sheet,
                    lxw_row_t      row,
                    lxw_col_t      col,
                    const char    *text,
                    lxw_format    *format)
{
  if (sheet != NULL)
    check (book, worksheet_write_string (sheet, row, col, text ? text : "", format));
}

void
ud_xlsx_write_count (UdXlsxBook    *book,
                     lxw_worksheet *sheet,
                     lxw_row_t      row,
                     lxw_col_t      col,
                     gint64         n,
                     lxw_format    *format)
{
  if (sheet != NULL)
    check (book, worksheet_write_number (sheet, row, col, (double) n, format));
}

void
ud_xlsx_write_money (UdXlsxBook    *book,
                     lxw_worksheet *sheet,
                     lxw_row_t      row,
                     lxw_col_t      col,
                     gint64         fen,
                     lxw_format    *format)
{
  if (sheet != NULL)
    check (book, worksheet_write_number (sheet, row, col, (double) fen / 100.0, format));
}
