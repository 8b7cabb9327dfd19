/* tests/test-payout-file.c — the bank transfer file and the bank's return file
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ud-csv.h"
#include "ud-error.h"
#include "ud-payout-file.h"
#include "ud-test-util.h"

#define UUID_1 "a1b2c3d4-0000-4000-8000-000000000001"
#define UUID_2 "a1b2c3d4-0000-4000-8000-000000000002"
#define ACCOUNT_1 "6222021234567890123"
#define ACCOUNT_2 "622848001234567"

static const char return_header[] = "业务编号,账号,金额,状态,凭证号,日期,失败原因\r\n";

static UdTransferLine *
make_line (int         seq,
           const char *uuid,
           const char *name,
           const char *id_number,
           const char *bank,
           const char *account,
           gint64      amount_fen,
           const char *purpose)
{
  UdTransferLine *line = ud_transfer_line_new ();

  line->seq = seq;
  line->line_uuid = g_strdup (uuid);
  line->payee_name = g_strdup (name);
  line->id_number = g_strdup (id_number);
  line->bank_name = g_strdup (bank);
  line->account = g_strdup (account);
  line->amount_fen = amount_fen;
  line->purpose = g_strdup (purpose);
  return line;
}

static UdTransferBatch *
make_batch (void)
{
  GDate date;
  UdTransferBatch *batch;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 20, G_DATE_NOVEMBER, 2026);
  batch = ud_transfer_batch_new ("PF-2026-0007", "某区总工会", &date);
  ud_transfer_batch_add (batch, make_line (1, UUID_1, "张三", "440524188001010014",
                                           "中国工商银行", ACCOUNT_1, 123456, "医疗救助"));
  ud_transfer_batch_add (batch, make_line (2, UUID_2, "李四", "11010519491231002X",
                                           "中国农业银行", ACCOUNT_2, 50000, "金秋助学"));
  return batch;
}

static UdTransferLine *
batch_line (UdTransferBatch *batch,
            guint            index)
{
  return g_ptr_array_index (batch->lines, index);
}

/* A new empty folder for the test's files; the test removes it. */
static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ud-payout-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_checksum (void)
{
  g_autoptr(UdTransferBatch) batch = make_batch ();
  g_autofree char *checksum = ud_transfer_batch_checksum (batch);
  g_autofree char *again = ud_transfer_batch_checksum (batch);
  g_autofree char *expected = NULL;
  g_autofree char *changed = NULL;
  const char *text = "union-desk-transfer-batch 1\n"
                     "batch PF-2026-0007\n"
                     "date 2026-11-20\n"
                     "count 2\n"
                     "total 173456\n"
                     "1|" ACCOUNT_1 "|张三|123456\n"
                     "2|" ACCOUNT_2 "|李四|50000\n";

  g_assert_cmpint (ud_transfer_batch_total (batch), ==, 173456);

  /* Stable, and exactly the documented text. */
  g_assert_cmpstr (checksum, ==, again);
  g_assert_cmpuint (strlen (checksum), ==, 64);
  expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_assert_cmpstr (checksum, ==, expected);

  /* Any amount, account or name changes it. */
  batch_line (batch, 1)->amount_fen = 50001;
  changed = ud_transfer_batch_checksum (batch);
  g_assert_cmpstr (changed, !=, checksum);
  batch_line (batch, 1)->amount_fen = 50000;
  g_clear_pointer (&changed, g_free);

  g_free (batch_line (batch, 0)->account);
  batch_line (batch, 0)->account = g_strdup ("6222021234567890124");
  changed = ud_transfer_batch_checksum (batch);
  g_assert_cmpstr (changed, !=, checksum);
  g_free (batch_line (batch, 0)->account);
  batch_line (batch, 0)->account = g_strdup (ACCOUNT_1);
  g_clear_pointer (&changed, g_free);

  g_free (batch->batch_number);
  batch->batch_number = g_strdup ("PF-2026-0008");
  changed = ud_transfer_batch_checksum (batch);
  g_assert_cmpstr (changed, !=, checksum);
  g_free (batch->batch_number);
  batch->batch_number = g_strdup ("PF-2026-0007");
  g_clear_pointer (&changed, g_free);

  changed = ud_transfer_batch_checksum (batch);
  g_assert_cmpstr (changed, ==, checksum);
}

static void
test_csv (void)
{
  g_autoptr(UdTransferBatch) batch = make_batch ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "transfer.csv", NULL);
  g_autofree char *checksum = ud_transfer_batch_checksum (batch);
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdCsvReader) reader = NULL;
  const UdCsvRecord *record;
  GStatBuf st;
  gsize length;
  guint n_records = 0;

  g_assert_true (ud_transfer_file_write_csv (batch, path, &error));
  g_assert_no_error (error);

  expected = g_strconcat ("\xEF\xBB\xBF",
                          "序号,收款人,身份证号,开户银行,银行账号,金额（元）,用途,业务编号\r\n",
                          "1,张三,\t440524188001010014,中国工商银行,\t" ACCOUNT_1 ",1234.56,医疗救助,"
                          UUID_1 "\r\n",
                          "2,李四,11010519491231002X,中国农业银行,\t" ACCOUNT_2 ",500.00,金秋助学,"
                          UUID_2 "\r\n",
                          "合计,2,,,,1734.56,,\r\n",
                          "批次号,PF-2026-0007,付款单位,某区总工会,日期,2026-11-20,校验码(SHA-256),",
                          checksum, "\r\n", NULL);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
  g_assert_cmpuint (length, ==, strlen (expected));

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* Only the file: the temporary file was renamed. */
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  /* It reads back through our CSV reader. */
  reader = ud_csv_reader_new (contents, length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, UD_CSV_ENCODING_UTF8_BOM);
  while ((record = ud_csv_reader_next (reader, &error)) != NULL)
    {
      g_assert_cmpuint (record->n_fields, ==, 8);
      if (n_records == 0)
        g_assert_cmpstr (record->fields[0], ==, "序号");
      else if (n_records == 1)
        {
          g_assert_cmpstr (record->fields[1], ==, "张三");
          g_assert_cmpstr (record->fields[4], ==, "\t" ACCOUNT_1);
          g_assert_cmpstr (record->fields[5], ==, "1234.56");
          g_assert_cmpstr (record->fields[7], ==, UUID_1);
        }
      else if (n_records == 3)
        {
          g_assert_cmpstr (record->fields[0], ==, "合计");
          g_assert_cmpstr (record->fields[5], ==, "1734.56");
        }
      else if (n_records == 4)
        g_assert_cmpstr (record->fields[7], ==, checksum);
      n_records++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_records, ==, 5);

  /* Writing again replaces the file. */
  batch_line (batch, 1)->amount_fen = 7;
  g_assert_true (ud_transfer_file_write_csv (batch, path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, ",0.07,"));
  g_assert_nonnull (strstr (contents, "合计,2,,,,1234.63,,\r\n"));
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  ud_test_rm_rf (dir);
}

static void
test_xlsx (void)
{
  g_autoptr(UdTransferBatch) batch = make_batch ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "transfer.xlsx", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize length;

  g_assert_true (ud_transfer_file_write_xlsx (batch, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 2);
  g_assert_cmpint (contents[0], ==, 'P');
  g_assert_cmpint (contents[1], ==, 'K');

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);

  ud_test_rm_rf (dir);
}

static void
assert_refused (UdTransferBatch *batch,
                const char      *dir,
                const char      *field,
                const char      *needle)
{
  g_autofree char *csv = g_build_filename (dir, "refused.csv", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "refused.xlsx", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (ud_transfer_file_write_csv (batch, csv, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, field);
  g_assert_nonnull (strstr (error->message, needle));
  g_clear_error (&error);

  g_assert_false (ud_transfer_file_write_xlsx (batch, xlsx, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, needle));

  /* No half file, no temporary file. */
  g_assert_cmpuint (count_dir_entries (dir), ==, 0);
}

static void
test_refuse (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(UdTransferBatch) empty = ud_transfer_batch_new ("PF-EMPTY", NULL, NULL);
  g_autoptr(UdTransferBatch) batch = make_batch ();

  assert_refused (empty, dir, "lines", "PF-EMPTY");

  batch_line (batch, 1)->amount_fen = 0;
  assert_refused (batch, dir, "amount_fen", "Line 2");
  batch_line (batch, 1)->amount_fen = -100;
  assert_refused (batch, dir, "amount_fen", "Line 2");
  batch_line (batch, 1)->amount_fen = 50000;

  g_free (batch_line (batch, 1)->account);
  batch_line (batch, 1)->account = g_strdup ("12345678901");   /* 11 digits */
  assert_refused (batch, dir, "account", "Line 2");
  g_free (batch_line (batch, 1)->account);
  batch_line (batch, 1)->account = g_strdup ("6222 0212 3456 7890");
  assert_refused (batch, dir, "account", "Line 2");
  g_free (batch_line (batch, 1)->account);
  batch_line (batch, 1)->account = g_strdup ("1234567890123456789012345678901");   /* 31 */
  assert_refused (batch, dir, "account", "Line 2");
  g_free (batch_line (batch, 1)->account);
  batch_line (batch, 1)->account = g_strdup ("123456789012345678901234567890");   /* 30 */

  batch_line (batch, 1)->seq = 1;
  assert_refused (batch, dir, "seq", "Line 1");

  ud_test_rm_rf (dir);
}

static const UdBankReturnLine *
return_line (GPtrArray *lines,
             guint      index)
{
  return g_ptr_array_index (lines, index);
}

static const UdBankReturnProblem *
problem_at (GPtrArray *problems,
            guint      index)
{
  return g_ptr_array_index (problems, index);
}

static void
assert_full_return (const char *data,
                    gsize       length)
{
  g_autoptr(UdTransferBatch) batch = make_batch ();
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) matched = NULL;
  g_autoptr(GPtrArray) match_problems = NULL;
  g_autoptr(GError) error = NULL;
  const UdBankReturnLine *paid;
  const UdBankReturnLine *failed;
  const UdBankReturnMatch *match;

  lines = ud_bank_return_parse (data, length, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lines);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (lines->len, ==, 2);

  paid = return_line (lines, 0);
  g_assert_cmpint (paid->line_number, ==, 2);
  g_assert_cmpstr (paid->business_number, ==, UUID_1);
  g_assert_cmpstr (paid->account, ==, ACCOUNT_1);
  g_assert_cmpint (paid->amount_fen, ==, 123456);
  g_assert_true (paid->paid);
  g_assert_cmpstr (paid->voucher, ==, "V20261121001");
  g_assert_true (g_date_valid (&paid->date));
  g_assert_cmpint (g_date_get_day (&paid->date), ==, 21);
  g_assert_cmpint (g_date_get_month (&paid->date), ==, G_DATE_NOVEMBER);
  g_assert_cmpint (g_date_get_year (&paid->date), ==, 2026);
  g_assert_null (paid->reason);

  failed = return_line (lines, 1);
  g_assert_cmpint (failed->line_number, ==, 3);
  g_assert_false (failed->paid);
  g_assert_null (failed->voucher);
  g_assert_cmpstr (failed->reason, ==, "账户已销户");
  g_assert_cmpint (failed->amount_fen, ==, 50000);

  g_assert_true (ud_bank_return_match (batch, lines, &matched, &match_problems));
  g_assert_cmpuint (matched->len, ==, 2);
  g_assert_cmpuint (match_problems->len, ==, 0);
  match = g_ptr_array_index (matched, 1);
  g_assert_true (match->line == batch_line (batch, 1));
  g_assert_true (match->result == failed);
}

/* The business number in another case still matches; amounts with separators parse. */
static const char full_return[] =
  "业务编号,账号,金额,状态,凭证号,日期,失败原因\r\n"
  UUID_1 ",\t" ACCOUNT_1 ",\"1,234.56\",成功,V20261121001,2026-11-21,\r\n"
  "A1B2C3D4-0000-4000-8000-000000000002," ACCOUNT_2 ",500.00,失败,,,账户已销户\r\n";

static void
test_return_utf8 (void)
{
  assert_full_return (full_return, strlen (full_return));
}

static void
test_return_gb18030 (void)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *data = g_convert (full_return, -1, "GB18030", "UTF-8", NULL, &length, &error);

  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (data, (gssize) length, NULL));
  assert_full_return (data, length);
}

/* English headers, tabs, sequence numbers as business numbers; line 2 is missing. */
static void
test_return_partial (void)
{
  const char data[] = "Business Number\tAccount\tAmount\tStatus\tVoucher\tDate\tReason\n"
                      "1\t" ACCOUNT_1 "\t1234.56\tsuccess\tV1\t2026/11/21\t\n";
  g_autoptr(UdTransferBatch) batch = make_batch ();
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) matched = NULL;
  g_autoptr(GPtrArray) match_problems = NULL;
  g_autoptr(GError) error = NULL;
  const UdBankReturnMatch *match;
  const UdBankReturnProblem *missing;

  lines = ud_bank_return_parse (data, strlen (data), &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_true (return_line (lines, 0)->paid);

  g_assert_false (ud_bank_return_match (batch, lines, &matched, &match_problems));
  g_assert_cmpuint (matched->len, ==, 1);
  match = g_ptr_array_index (matched, 0);
  g_assert_true (match->line == batch_line (batch, 0));

  g_assert_cmpuint (match_problems->len, ==, 1);
  missing = problem_at (match_problems, 0);
  g_assert_cmpint (missing->kind, ==, UD_BANK_RETURN_PROBLEM_MISSING);
  g_assert_cmpint (missing->seq, ==, 2);
  g_assert_cmpint (missing->line_number, ==, 0);
  g_assert_nonnull (strstr (missing->message, "pending"));
}

static void
test_return_mismatch (void)
{
  g_autofree char *data = g_strconcat (return_header,
    UUID_1 ",6222021234567890124,1234.56,成功,V1,2026-11-21,\r\n",         /* account */
    UUID_2 "," ACCOUNT_2 ",600.00,成功,V2,2026-11-21,\r\n",                 /* amount */
    UUID_2 "," ACCOUNT_2 ",500.00,成功,V3,2026-11-21,\r\n",                 /* duplicate */
    "ffffffff-0000-4000-8000-000000000009," ACCOUNT_1 ",10.00,成功,V4,2026-11-21,\r\n",
    NULL);
  g_autoptr(UdTransferBatch) batch = make_batch ();
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) matched = NULL;
  g_autoptr(GPtrArray) match_problems = NULL;
  g_autoptr(GError) error = NULL;
  static const struct
  {
    UdBankReturnProblemKind kind;
    int                     line_number;
    int                     seq;
    const char             *needle;
  } expected[] = {
    { UD_BANK_RETURN_PROBLEM_ACCOUNT_MISMATCH, 2, 1, "Line 2: the account 6222***********0124" },
    { UD_BANK_RETURN_PROBLEM_AMOUNT_MISMATCH, 3, 2, "Line 3: the amount 600.00 differs from 500.00" },
    { UD_BANK_RETURN_PROBLEM_DUPLICATE, 4, 2, "Line 4: batch line 2 was already returned on line 3" },
    { UD_BANK_RETURN_PROBLEM_NOT_IN_BATCH, 5, 0, "Line 5: the business number" },
  };

  lines = ud_bank_return_parse (data, strlen (data), &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (lines->len, ==, 4);

  g_assert_false (ud_bank_return_match (batch, lines, &matched, &match_problems));
  g_assert_cmpuint (matched->len, ==, 0);
  g_assert_cmpuint (match_problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const UdBankReturnProblem *problem = problem_at (match_problems, i);

      g_assert_cmpint (problem->kind, ==, expected[i].kind);
      g_assert_cmpint (problem->line_number, ==, expected[i].line_number);
      g_assert_cmpint (problem->seq, ==, expected[i].seq);
      g_assert_nonnull (strstr (problem->message, expected[i].needle));
      /* Whole account numbers never appear in messages. */
      g_assert_null (strstr (problem->message, ACCOUNT_1));
    }
}

static void
test_return_bad_lines (void)
{
  g_autofree char *data = g_strconcat (return_header,
    UUID_1 "," ACCOUNT_1 ",12.345,成功,V1,2026-11-21,\r\n",
    UUID_2 "," ACCOUNT_2 ",500.00,失败,,,户名不符\r\n",
    "\r\n",
    UUID_1 "," ACCOUNT_1 ",1234.56,处理中,V1,2026-11-21,\r\n",
    UUID_1 "," ACCOUNT_1 ",1234.56,成功,,2026-11-21,\r\n",
    UUID_1 "," ACCOUNT_1 ",1234.56,成功,V1,2026-02-30,\r\n",
    UUID_2 "," ACCOUNT_2 ",500.00,失败,,,\r\n",
    "," ACCOUNT_2 ",500.00,失败,,,户名不符\r\n",
    NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  static const int bad_lines[] = { 2, 5, 6, 7, 8, 9 };

  lines = ud_bank_return_parse (data, strlen (data), &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpint (return_line (lines, 0)->line_number, ==, 3);
  g_assert_cmpstr (return_line (lines, 0)->reason, ==, "户名不符");

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (bad_lines));
  for (guint i = 0; i < G_N_ELEMENTS (bad_lines); i++)
    {
      const UdBankReturnProblem *problem = problem_at (problems, i);
      g_autofree char *prefix = g_strdup_printf ("Line %d: ", bad_lines[i]);

      g_assert_cmpint (problem->kind, ==, UD_BANK_RETURN_PROBLEM_BAD_LINE);
      g_assert_cmpint (problem->line_number, ==, bad_lines[i]);
      g_assert_true (g_str_has_prefix (problem->message, prefix));
    }
  g_assert_nonnull (strstr (problem_at (problems, 0)->message, "Amount"));
}

static void
test_return_unreadable (void)
{
  const char no_status[] = "业务编号,账号,金额\r\n1," ACCOUNT_1 ",1.00\r\n";
  const char binary[] = "a\0b\0c";
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;

  lines = ud_bank_return_parse (no_status, strlen (no_status), NULL, &error);
  g_assert_null (lines);
  g_assert_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT);
  g_assert_nonnull (strstr (error->message, "Status"));
  g_clear_error (&error);

  lines = ud_bank_return_parse ("", 0, NULL, &error);
  g_assert_null (lines);
  g_assert_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT);
  g_clear_error (&error);

  lines = ud_bank_return_parse (binary, sizeof binary - 1, NULL, &error);
  g_assert_null (lines);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ud/payout-file/checksum", test_checksum);
  g_test_add_func ("/ud/payout-file/csv", test_csv);
  g_test_add_func ("/ud/payout-file/xlsx", test_xlsx);
  g_test_add_func ("/ud/payout-file/refuse", test_refuse);
  g_test_add_func ("/ud/payout-file/return/utf8", test_return_utf8);
  g_test_add_func ("/ud/payout-file/return/gb18030", test_return_gb18030);
  g_test_add_func ("/ud/payout-file/return/partial", test_return_partial);
  g_test_add_func ("/ud/payout-file/return/mismatch", test_return_mismatch);
  g_test_add_func ("/ud/payout-file/return/bad-lines", test_return_bad_lines);
  g_test_add_func ("/ud/payout-file/return/unreadable", test_return_unreadable);

  return g_test_run ();
}
