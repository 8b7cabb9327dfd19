/* ud-payout-file.c — the bank transfer file of a payout batch and the bank's return file
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions on plain structs: the payout store decides what goes into a batch and records
 * the results. Files are written to a hidden temporary file next to the target (mode 0600: they
 * hold personal data) and renamed over it only when complete. */
#define G_LOG_DOMAIN "ud-payout-file"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "ud-csv.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-mask.h"
#include "ud-money.h"
#include "ud-payout-file.h"

#define ACCOUNT_MIN_DIGITS 12
#define ACCOUNT_MAX_DIGITS 30

typedef enum
{
  COLUMN_SEQ,
  COLUMN_PAYEE,
  COLUMN_ID_NUMBER,
  COLUMN_BANK,
  COLUMN_ACCOUNT,
  COLUMN_AMOUNT,
  COLUMN_PURPOSE,
  COLUMN_BUSINESS_NUMBER,
  N_COLUMNS
} Column;

/* The names banks in China expect, in every locale; widths in Excel's character units. */
static const struct
{
  const char *header;
  double      width;
} columns[N_COLUMNS] = {
  [COLUMN_SEQ] = { "序号", 6 },
  [COLUMN_PAYEE] = { "收款人", 12 },
  [COLUMN_ID_NUMBER] = { "身份证号", 21 },
  [COLUMN_BANK] = { "开户银行", 24 },
  [COLUMN_ACCOUNT] = { "银行账号", 24 },
  [COLUMN_AMOUNT] = { "金额（元）", 14 },
  [COLUMN_PURPOSE] = { "用途", 20 },
  [COLUMN_BUSINESS_NUMBER] = { "业务编号", 38 },
};

/* Structs */

UdTransferLine *
ud_transfer_line_new (void)
{
  return g_new0 (UdTransferLine, 1);
}

void
ud_transfer_line_free (UdTransferLine *line)
{
  if (line == NULL)
    return;

  g_free (line->line_uuid);
  g_free (line->payee_name);
  g_free (line->id_number);
  g_free (line->bank_name);
  g_free (line->account);
  g_free (line->purpose);
  g_free (line);
}

UdTransferBatch *
ud_transfer_batch_new (const char  *batch_number,
                       const char  *payer_account_name,
                       const GDate *date)
{
  UdTransferBatch *batch = g_new0 (UdTransferBatch, 1);

  g_return_val_if_fail (batch_number != NULL, NULL);

  batch->batch_number = g_strdup (batch_number);
  batch->payer_account_name = g_strdup (payer_account_name);
  g_date_clear (&batch->date, 1);
  if (date != NULL && g_date_valid (date))
    batch->date = *date;
  batch->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_transfer_line_free);
  return batch;
}

void
ud_transfer_batch_free (UdTransferBatch *batch)
{
  if (batch == NULL)
    return;

  g_free (batch->batch_number);
  g_free (batch->payer_account_name);
  g_ptr_array_unref (batch->lines);
  g_free (batch);
}

void
ud_transfer_batch_add (UdTransferBatch *batch,
                       UdTransferLine  *line)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (line != NULL);

  g_ptr_array_add (batch->lines, line);
}

void
ud_bank_return_line_free (UdBankReturnLine *line)
{
  if (line == NULL)
    return;

  g_free (line->business_number);
  g_free (line->account);
  g_free (line->voucher);
  g_free (line->reason);
  g_free (line);
}

void
ud_bank_return_problem_free (UdBankReturnProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->message);
  g_free (problem);
}

/* Totals and checksum */

gint64
ud_transfer_batch_total (const UdTransferBatch *batch)
{
  gint64 total = 0;

  g_return_val_if_fail (batch != NULL, 0);

  for (guint i = 0; i < batch->lines->len; i++)
    {
      const UdTransferLine *line = g_ptr_array_index (batch->lines, i);
      total += line->amount_fen;
    }
  return total;
}

static char *
date_text (const GDate *date)
{
  return g_date_valid (date) ? ud_date_format (date) : g_strdup ("invalid");
}

char *
ud_transfer_batch_checksum (const UdTransferBatch *batch)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *date = NULL;

  g_return_val_if_fail (batch != NULL, NULL);

  date = date_text (&batch->date);
  g_string_append (text, "union-desk-transfer-batch 1\n");
  g_string_append_printf (text, "batch %s\n", batch->batch_number);
  g_string_append_printf (text, "date %s\n", date);
  g_string_append_printf (text, "count %u\n", batch->lines->len);
  g_string_append_printf (text, "total %" G_GINT64_FORMAT "\n", ud_transfer_batch_total (batch));
  for (guint i = 0; i < batch->lines->len; i++)
    {
      const UdTransferLine *line = g_ptr_array_index (batch->lines, i);

      g_string_append_printf (text, "%d|%s|%s|%" G_GINT64_FORMAT "\n", line->seq,
                              line->account ? line->account : "",
                              line->payee_name ? line->payee_name : "", line->amount_fen);
    }

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, (gssize) text->len);
}

/* Validation */

static gboolean
is_account (const char *account)
{
  gsize len;

  if (account == NULL)
    return FALSE;

  len = strlen (account);
  if (len < ACCOUNT_MIN_DIGITS || len > ACCOUNT_MAX_DIGITS)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (account[i]))
      return FALSE;
  return TRUE;
}

gboolean
ud_transfer_batch_validate (const UdTransferBatch  *batch,
                            GError                **error)
{
  g_autoptr(GHashTable) seqs = NULL;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (batch->lines->len == 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "lines",
                          _("Batch %s has no lines to transfer"), batch->batch_number);
      return FALSE;
    }

  seqs = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < batch->lines->len; i++)
    {
      const UdTransferLine *line = g_ptr_array_index (batch->lines, i);

      if (!g_hash_table_add (seqs, GINT_TO_POINTER (line->seq)))
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "seq",
                              _("Line %d: the sequence number is used twice in the batch"),
                              line->seq);
          return FALSE;
        }
      if (line->payee_name == NULL || *line->payee_name == '\0')
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "payee_name",
                              _("Line %d: the payee has no name"), line->seq);
          return FALSE;
        }
      if (line->amount_fen <= 0)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "amount_fen",
                              _("Line %d (%s): the amount must be more than zero"),
                              line->seq, line->payee_name);
          return FALSE;
        }
      if (line->amount_fen > UD_MONEY_MAX_FEN)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "amount_fen",
                              _("Line %d (%s): the amount is too large"),
                              line->seq, line->payee_name);
          return FALSE;
        }
      if (!is_account (line->account))
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "account",
                              _("Line %d (%s): the bank account must be %d to %d digits"),
                              line->seq, line->payee_name, ACCOUNT_MIN_DIGITS,
                              ACCOUNT_MAX_DIGITS);
          return FALSE;
        }
    }

  return TRUE;
}

/* Rows shared by both formats */

/* "1234.56": no thousands separator, two decimals; banks parse these. */
static char *
amount_text (gint64 fen)
{
  g_assert (fen >= 0);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
}

static char *
business_number (const UdTransferLine *line)
{
  if (line->line_uuid != NULL && *line->line_uuid != '\0')
    return g_strdup (line->line_uuid);
  return g_strdup_printf ("%d", line->seq);
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Cannot write “%s”: %s"), path, g_strerror (saved_errno));
}

/* A hidden temporary file next to @path, created with mode 0600; -1 with @error set. */
static int
open_temp (const char  *path,
           char       **out_tmp_path,
           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  int fd;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_write_error (error, path, errno);
      return -1;
    }

  *out_tmp_path = g_steal_pointer (&tmp_path);
  return fd;
}

static gboolean
rename_into_place (const char  *tmp_path,
                   const char  *path,
                   GError     **error)
{
  if (g_rename (tmp_path, path) != 0)
    {
      set_write_error (error, path, errno);
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}

/* CSV */

/* Appends a record, giving values Excel would mangle a leading tab. */
static void
append_csv_row (GString            *out,
                const char * const *cells,
                guint               n_cells)
{
  char *tabbed[N_COLUMNS] = { NULL, };
  const char *row[N_COLUMNS];

  g_assert (n_cells <= N_COLUMNS);
  for (guint i = 0; i < n_cells; i++)
    {
      if (cells[i] != NULL && ud_csv_excel_would_mangle (cells[i]))
        {
          tabbed[i] = g_strconcat ("\t", cells[i], NULL);
          row[i] = tabbed[i];
        }
      else
        row[i] = cells[i];
    }
  ud_csv_append_record (out, row, n_cells);

  for (guint i = 0; i < n_cells; i++)
    g_free (tabbed[i]);
}

gboolean
ud_transfer_file_write_csv (const UdTransferBatch  *batch,
                            const char             *path,
                            GError                **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autofree char *tmp_path = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *date = NULL;
  g_autofree char *count = NULL;
  g_autofree char *total = NULL;
  const char *cells[N_COLUMNS];
  gsize written = 0;
  int fd;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!ud_transfer_batch_validate (batch, error))
    return FALSE;

  for (guint i = 0; i < N_COLUMNS; i++)
    cells[i] = columns[i].header;
  append_csv_row (out, cells, N_COLUMNS);

  for (guint i = 0; i < batch->lines->len; i++)
    {
      const UdTransferLine *line = g_ptr_array_index (batch->lines, i);
      g_autofree char *seq = g_strdup_printf ("%d", line->seq);
      g_autofree char *amount = amount_text (line->amount_fen);
      g_autofree char *number = business_number (line);

      cells[COLUMN_SEQ] = seq;
      cells[COLUMN_PAYEE] = line->payee_name;
      cells[COLUMN_ID_NUMBER] = line->id_number;
      cells[COLUMN_BANK] = line->bank_name;
      cells[COLUMN_ACCOUNT] = line->account;
      cells[COLUMN_AMOUNT] = amount;
      cells[COLUMN_PURPOSE] = line->purpose;
      cells[COLUMN_BUSINESS_NUMBER] = number;
      append_csv_row (out, cells, N_COLUMNS);
    }

  count = g_strdup_printf ("%u", batch->lines->len);
  total = amount_text (ud_transfer_batch_total (batch));
  memset (cells, 0, sizeof cells);
  cells[COLUMN_SEQ] = "合计";
  cells[COLUMN_PAYEE] = count;
  cells[COLUMN_AMOUNT] = total;
  append_csv_row (out, cells, N_COLUMNS);

  date = date_text (&batch->date);
  checksum = ud_transfer_batch_checksum (batch);
  {
    const char *last[N_COLUMNS] = {
      "批次号", batch->batch_number, "付款单位", batch->payer_account_name,
      "日期", date, "校验码(SHA-256)", checksum,
    };
    append_csv_row (out, last, N_COLUMNS);
  }

  fd = open_temp (path, &tmp_path, error);
  if (fd < 0)
    return FALSE;

  while (written < out->len)
    {
      gssize n = write (fd, out->str + written, out->len - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          set_write_error (error, path, n < 0 ? errno : EIO);
          g_close (fd, NULL);
          g_unlink (tmp_path);
          return FALSE;
        }
      written += (gsize) n;
    }

  if (g_fsync (fd) != 0)
    {
      set_write_error (error, path, errno);
      g_close (fd, NULL);
      g_unlink (tmp_path);
      return FALSE;
    }
  if (!g_close (fd, NULL))
    {
      set_write_error (error, path, errno);
      g_unlink (tmp_path);
      return FALSE;
    }

  return rename_into_place (tmp_path, path, error);
}

/* XLSX */

typedef struct
{
  lxw_worksheet *sheet;     /* owned by the workbook */
  lxw_format    *text;      /* owned by the workbook */
  lxw_format    *money;     /* owned by the workbook */
  lxw_format    *bold;      /* owned by the workbook */
  lxw_error      code;      /* the first error */
} Sheet;

static void
sheet_string (Sheet      *sheet,
              lxw_row_t   row,
              lxw_col_t   col,
              const char *value,
              lxw_format *format)
{
  lxw_error code;

  if (value == NULL || *value == '\0' || sheet->code != LXW_NO_ERROR)
    return;
  code = worksheet_write_string (sheet->sheet, row, col, value, format);
  if (code != LXW_NO_ERROR)
    sheet->code = code;
}

static void
sheet_number (Sheet      *sheet,
              lxw_row_t   row,
              lxw_col_t   col,
              double      value,
              lxw_format *format)
{
  lxw_error code;

  if (sheet->code != LXW_NO_ERROR)
    return;
  code = worksheet_write_number (sheet->sheet, row, col, value, format);
  if (code != LXW_NO_ERROR)
    sheet->code = code;
}

/* The one place where fen become a floating-point number: an Excel cell. */
static double
fen_to_cell (gint64 fen)
{
  return (double) fen / 100.0;
}

gboolean
ud_transfer_file_write_xlsx (const UdTransferBatch  *batch,
                             const char             *path,
                             GError                **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *date = NULL;
  lxw_workbook *workbook;
  Sheet sheet = { NULL, NULL, NULL, NULL, LXW_NO_ERROR };
  lxw_row_t row = 0;
  lxw_error code;
  int fd;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!ud_transfer_batch_validate (batch, error))
    return FALSE;

  if (batch->lines->len + 3 >= LXW_ROW_MAX)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                   _("An Excel sheet holds at most %u lines; export the batch as CSV instead"),
                   (guint) LXW_ROW_MAX - 3);
      return FALSE;
    }

  fd = open_temp (path, &tmp_path, error);
  if (fd < 0)
    return FALSE;
  /* libxlsxwriter writes the file itself at workbook_close(); it keeps the mode. */
  g_close (fd, NULL);

  workbook = workbook_new (tmp_path);
  if (workbook == NULL)
    {
      int saved = errno;
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED, _("Cannot write the Excel file “%s”: %s"),
                   path, g_strerror (saved));
      g_unlink (tmp_path);
      return FALSE;
    }

  sheet.sheet = workbook_add_worksheet (workbook, _("Bank transfer"));
  sheet.text = workbook_add_format (workbook);
  format_set_num_format (sheet.text, "@");
  sheet.money = workbook_add_format (workbook);
  format_set_num_format (sheet.money, "0.00");
  sheet.bold = workbook_add_format (workbook);
  format_set_bold (sheet.bold);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      worksheet_set_column (sheet.sheet, (lxw_col_t) i, (lxw_col_t) i, columns[i].width, NULL);
      sheet_string (&sheet, row, (lxw_col_t) i, columns[i].header, sheet.bold);
    }
  worksheet_freeze_panes (sheet.sheet, 1, 0);
  row++;

  for (guint i = 0; i < batch->lines->len; i++, row++)
    {
      const UdTransferLine *line = g_ptr_array_index (batch->lines, i);
      g_autofree char *number = business_number (line);

      sheet_number (&sheet, row, COLUMN_SEQ, line->seq, NULL);
      sheet_string (&sheet, row, COLUMN_PAYEE, line->payee_name, NULL);
      /* Strings, never numbers: ID and account numbers keep every digit. */
      sheet_string (&sheet, row, COLUMN_ID_NUMBER, line->id_number, sheet.text);
      sheet_string (&sheet, row, COLUMN_BANK, line->bank_name, NULL);
      sheet_string (&sheet, row, COLUMN_ACCOUNT, line->account, sheet.text);
      sheet_number (&sheet, row, COLUMN_AMOUNT, fen_to_cell (line->amount_fen), sheet.money);
      sheet_string (&sheet, row, COLUMN_PURPOSE, line->purpose, NULL);
      sheet_string (&sheet, row, COLUMN_BUSINESS_NUMBER, number, sheet.text);
    }

  sheet_string (&sheet, row, COLUMN_SEQ, "合计", sheet.bold);
  sheet_number (&sheet, row, COLUMN_PAYEE, batch->lines->len, sheet.bold);
  sheet_number (&sheet, row, COLUMN_AMOUNT, fen_to_cell (ud_transfer_batch_total (batch)),
                sheet.money);
  row++;

  date = date_text (&batch->date);
  checksum = ud_transfer_batch_checksum (batch);
  sheet_string (&sheet, row, 0, "批次号", NULL);
  sheet_string (&sheet, row, 1, batch->batch_number, sheet.text);
  sheet_string (&sheet, row, 2, "付款单位", NULL);
  sheet_string (&sheet, row, 3, batch->payer_account_name, NULL);
  sheet_string (&sheet, row, 4, "日期", NULL);
  sheet_string (&sheet, row, 5, date, sheet.text);
  sheet_string (&sheet, row, 6, "校验码(SHA-256)", NULL);
  sheet_string (&sheet, row, 7, checksum, sheet.text);

  /* Also frees the workbook. */
  code = workbook_close (workbook);
  if (sheet.code == LXW_NO_ERROR)
    sheet.code = code;
  if (sheet.code != LXW_NO_ERROR)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED, _("Cannot write the Excel file “%s”: %s"),
                   path, lxw_strerror (sheet.code));
      g_unlink (tmp_path);
      return FALSE;
    }

  return rename_into_place (tmp_path, path, error);
}

/* The return file */

typedef enum
{
  RETURN_BUSINESS_NUMBER,
  RETURN_ACCOUNT,
  RETURN_AMOUNT,
  RETURN_STATUS,
  RETURN_VOUCHER,
  RETURN_DATE,
  RETURN_REASON,
  N_RETURN_COLUMNS
} ReturnColumn;

/* Header names, compared after removing spaces, tabs and underscores and folding ASCII case. */
static const char * const return_headers[N_RETURN_COLUMNS][8] = {
  [RETURN_BUSINESS_NUMBER] = { "业务编号", "流水号", "客户流水号", "业务流水号", "businessnumber",
                               "reference", "ref", NULL },
  [RETURN_ACCOUNT] = { "账号", "银行账号", "收款账号", "收款人账号", "account", "accountnumber",
                       NULL },
  [RETURN_AMOUNT] = { "金额", "金额（元）", "金额(元)", "交易金额", "amount", NULL },
  [RETURN_STATUS] = { "状态", "交易状态", "处理状态", "处理结果", "status", "result", NULL },
  [RETURN_VOUCHER] = { "凭证号", "银行凭证号", "交易凭证号", "voucher", "vouchernumber", NULL },
  [RETURN_DATE] = { "日期", "交易日期", "入账日期", "date", "valuedate", NULL },
  [RETURN_REASON] = { "失败原因", "原因", "reason", "failurereason", NULL },
};

static const char * const paid_words[] = { "成功", "交易成功", "已入账", "success", "succeeded",
                                           "successful", "paid", NULL };
static const char * const failed_words[] = { "失败", "交易失败", "failed", "failure", "fail",
                                             NULL };

/* Removes spaces, tabs and underscores (and full-width spaces) and folds ASCII case. */
static char *
normalize_token (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '_' || c == 0x3000)
        continue;
      if (c < 0x80)
        g_string_append_c (out, g_ascii_tolower ((char) c));
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
word_in (const char         *normalized,
         const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (normalized, words[i]))
      return TRUE;
  return FALSE;
}

static const char *
return_column_label (ReturnColumn column)
{
  switch (column)
    {
    case RETURN_BUSINESS_NUMBER:
      return C_("bank return column", "Business number");
    case RETURN_ACCOUNT:
      return C_("bank return column", "Account");
    case RETURN_AMOUNT:
      return C_("bank return column", "Amount");
    case RETURN_STATUS:
      return C_("bank return column", "Status");
    case RETURN_VOUCHER:
      return C_("bank return column", "Voucher number");
    case RETURN_DATE:
      return C_("bank return column", "Date");
    case RETURN_REASON:
      return C_("bank return column", "Reason");
    case N_RETURN_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
add_problem (GPtrArray               *problems,
             UdBankReturnProblemKind  kind,
             int                      line_number,
             int                      seq,
             char                    *message)
{
  UdBankReturnProblem *problem = g_new0 (UdBankReturnProblem, 1);

  problem->kind = kind;
  problem->line_number = line_number;
  problem->seq = seq;
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

/* The field of @record in @column, trimmed; NULL when the column or the value is missing. */
static char *
record_field (const UdCsvRecord *record,
              const int         *index,
              ReturnColumn       column)
{
  char *value;

  if (index[column] < 0 || (guint) index[column] >= record->n_fields)
    return NULL;

  value = g_strstrip (g_strdup (record->fields[index[column]]));
  if (*value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* The line, or NULL with a message for the problem list. */
static UdBankReturnLine *
parse_return_record (const UdCsvRecord  *record,
                     const int          *index,
                     char              **message)
{
  g_autoptr(UdBankReturnLine) line = g_new0 (UdBankReturnLine, 1);
  g_autofree char *amount = NULL;
  g_autofree char *status = NULL;
  g_autofree char *status_token = NULL;
  g_autofree char *account = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;
  int n = (int) record->line;

  line->line_number = n;
  g_date_clear (&line->date, 1);

  line->business_number = record_field (record, index, RETURN_BUSINESS_NUMBER);
  if (line->business_number == NULL)
    {
      *message = g_strdup_printf (_("Line %d: the business number is missing"), n);
      return NULL;
    }

  account = record_field (record, index, RETURN_ACCOUNT);
  if (account != NULL)
    line->account = normalize_token (account);
  if (line->account == NULL || *line->account == '\0')
    {
      *message = g_strdup_printf (_("Line %d: the account is missing"), n);
      return NULL;
    }

  amount = record_field (record, index, RETURN_AMOUNT);
  if (amount == NULL)
    {
      *message = g_strdup_printf (_("Line %d: the amount is missing"), n);
      return NULL;
    }
  if (!ud_money_parse (amount, 1, UD_MONEY_MAX_FEN, return_column_label (RETURN_AMOUNT),
                       &line->amount_fen, &error))
    {
      *message = g_strdup_printf (_("Line %d: %s"), n, error->message);
      return NULL;
    }

  status = record_field (record, index, RETURN_STATUS);
  status_token = status ? normalize_token (status) : NULL;
  if (status_token != NULL && word_in (status_token, paid_words))
    line->paid = TRUE;
  else if (status_token != NULL && word_in (status_token, failed_words))
    line->paid = FALSE;
  else
    {
      *message = g_strdup_printf (_("Line %d: the status “%s” is neither success nor failure"),
                                  n, status ? status : "");
      return NULL;
    }

  date = record_field (record, index, RETURN_DATE);
  if (date != NULL && !ud_date_parse (date, return_column_label (RETURN_DATE), &line->date,
                                      &error))
    {
      *message = g_strdup_printf (_("Line %d: %s"), n, error->message);
      return NULL;
    }

  if (line->paid)
    {
      line->voucher = record_field (record, index, RETURN_VOUCHER);
      if (line->voucher == NULL)
        {
          *message = g_strdup_printf (_("Line %d: a paid line needs the voucher number"), n);
          return NULL;
        }
      if (!g_date_valid (&line->date))
        {
          *message = g_strdup_printf (_("Line %d: a paid line needs the date"), n);
          return NULL;
        }
    }
  else
    {
      line->reason = record_field (record, index, RETURN_REASON);
      if (line->reason == NULL)
        {
          *message = g_strdup_printf (_("Line %d: a failed line needs the reason"), n);
          return NULL;
        }
    }

  return g_steal_pointer (&line);
}

static gboolean
record_is_blank (const UdCsvRecord *record)
{
  for (guint i = 0; i < record->n_fields; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (record->fields[i]));
      if (*value != '\0')
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
ud_bank_return_parse (const char  *data,
                      gsize        length,
                      GPtrArray  **out_problems,
                      GError     **error)
{
  g_autoptr(UdCsvReader) reader = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const UdCsvRecord *record;
  int index[N_RETURN_COLUMNS];
  GError *local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = ud_csv_reader_new (data, length, error);
  if (reader == NULL)
    return NULL;

  record = ud_csv_reader_next (reader, &local_error);
  if (record == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                     _("The bank's return file is empty"));
      return NULL;
    }

  for (guint c = 0; c < N_RETURN_COLUMNS; c++)
    index[c] = -1;
  for (guint i = 0; i < record->n_fields; i++)
    {
      g_autofree char *token = normalize_token (record->fields[i]);

      for (guint c = 0; c < N_RETURN_COLUMNS; c++)
        if (index[c] < 0 && word_in (token, return_headers[c]))
          {
            index[c] = (int) i;
            break;
          }
    }

  for (guint c = RETURN_BUSINESS_NUMBER; c <= RETURN_STATUS; c++)
    if (index[c] < 0)
      {
        g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                     _("The bank's return file has no “%s” column"),
                     return_column_label ((ReturnColumn) c));
        return NULL;
      }

  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_bank_return_line_free);
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_bank_return_problem_free);

  while ((record = ud_csv_reader_next (reader, &local_error)) != NULL)
    {
      UdBankReturnLine *line;
      char *message = NULL;

      if (record_is_blank (record))
        continue;

      line = parse_return_record (record, index, &message);
      if (line != NULL)
        g_ptr_array_add (lines, line);
      else
        add_problem (problems, UD_BANK_RETURN_PROBLEM_BAD_LINE, (int) record->line, 0, message);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (out_problems != NULL)
    *out_problems = g_steal_pointer (&problems);
  return g_steal_pointer (&lines);
}

/* Matching */

static gboolean
is_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static const UdTransferLine *
find_batch_line (GHashTable *by_uuid,
                 GHashTable *by_seq,
                 const char *business_number)
{
  g_autofree char *key = g_ascii_strdown (business_number, -1);
  const UdTransferLine *line = g_hash_table_lookup (by_uuid, key);

  if (line == NULL && is_digits (business_number) && strlen (business_number) < 10)
    line = g_hash_table_lookup (by_seq, GINT_TO_POINTER ((int) g_ascii_strtoll (business_number, NULL, 10)));
  return line;
}

gboolean
ud_bank_return_match (const UdTransferBatch  *batch,
                      GPtrArray              *return_lines,
                      GPtrArray             **out_matched,
                      GPtrArray             **out_problems)
{
  g_autoptr(GHashTable) by_uuid = NULL;
  g_autoptr(GHashTable) by_seq = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) matched = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gboolean complete;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (return_lines != NULL, FALSE);

  by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  by_seq = g_hash_table_new (g_direct_hash, g_direct_equal);
  seen = g_hash_table_new (g_direct_hash, g_direct_equal);   /* batch line → first return line */
  matched = g_ptr_array_new_with_free_func (g_free);
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_bank_return_problem_free);

  for (guint i = 0; i < batch->lines->len; i++)
    {
      UdTransferLine *line = g_ptr_array_index (batch->lines, i);

      if (line->line_uuid != NULL && *line->line_uuid != '\0')
        g_hash_table_insert (by_uuid, g_ascii_strdown (line->line_uuid, -1), line);
      g_hash_table_insert (by_seq, GINT_TO_POINTER (line->seq), line);
    }

  for (guint i = 0; i < return_lines->len; i++)
    {
      const UdBankReturnLine *result = g_ptr_array_index (return_lines, i);
      const UdTransferLine *line;
      const UdBankReturnLine *first;
      UdBankReturnMatch *match;
      int n = result->line_number;

      line = find_batch_line (by_uuid, by_seq, result->business_number);
      if (line == NULL)
        {
          add_problem (problems, UD_BANK_RETURN_PROBLEM_NOT_IN_BATCH, n, 0,
                       g_strdup_printf (_("Line %d: the business number “%s” is not in batch %s"),
                                        n, result->business_number, batch->batch_number));
          continue;
        }

      first = g_hash_table_lookup (seen, line);
      if (first != NULL)
        {
          add_problem (problems, UD_BANK_RETURN_PROBLEM_DUPLICATE, n, line->seq,
                       g_strdup_printf (_("Line %d: batch line %d was already returned on line %d"),
                                        n, line->seq, first->line_number));
          continue;
        }
      g_hash_table_insert (seen, (gpointer) line, (gpointer) result);

      if (g_strcmp0 (result->account, line->account) != 0)
        {
          g_autofree char *theirs = ud_mask_bank_card (result->account);
          g_autofree char *ours = ud_mask_bank_card (line->account);

          add_problem (problems, UD_BANK_RETURN_PROBLEM_ACCOUNT_MISMATCH, n, line->seq,
                       g_strdup_printf (_("Line %d: the account %s differs from %s on batch "
                                          "line %d"), n, theirs, ours, line->seq));
          continue;
        }

      if (result->amount_fen != line->amount_fen)
        {
          g_autofree char *theirs = ud_money_format (result->amount_fen);
          g_autofree char *ours = ud_money_format (line->amount_fen);

          add_problem (problems, UD_BANK_RETURN_PROBLEM_AMOUNT_MISMATCH, n, line->seq,
                       g_strdup_printf (_("Line %d: the amount %s differs from %s on batch "
                                          "line %d"), n, theirs, ours, line->seq));
          continue;
        }

      match = g_new0 (UdBankReturnMatch, 1);
      match->line = line;
      match->result = result;
      g_ptr_array_add (matched, match);
    }

  for (guint i = 0; i < batch->lines->len; i++)
    {
      const UdTransferLine *line = g_ptr_array_index (batch->lines, i);

      if (!g_hash_table_contains (seen, line))
        add_problem (problems, UD_BANK_RETURN_PROBLEM_MISSING, 0, line->seq,
                     g_strdup_printf (_("Batch line %d (%s) is not in the return file and stays "
                                        "pending"), line->seq, line->payee_name));
    }

  complete = problems->len == 0 && matched->len == batch->lines->len;
  if (out_matched != NULL)
    *out_matched = g_steal_pointer (&matched);
  if (out_problems != NULL)
    *out_problems = g_steal_pointer (&problems);
  return complete;
}
