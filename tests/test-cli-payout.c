/* tests/test-cli-payout.c — union-desk-cli payouts run as a program: the treasurer enters the
 * accounts, makes a batch, exports the bank transfer file, imports the bank's return file (one
 * paid, one failed), cannot pay a line twice, reissues the failed one and prints the books; a
 * clerk is refused
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The path of the built union-desk-cli is the first argument (meson passes it). */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "ud-aid-store.h"
#include "ud-member-store.h"
#include "ud-payout-store.h"
#include "ud-test-cli.h"
#include "ud-test-util.h"

#define PASSWORD "test-password-1\n"

static const char *cli_path;

typedef struct
{
  UdTestDb *t;
  char     *numbers[2];   /* the two approved applications */
} Fixture;

static UdCliRun *
run_as (Fixture    *fixture,
        const char *user,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, fixture->t->path);
  va_start (ap, user);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  return ud_test_cli_run_argv (cli_path, fixture->t->dir, NULL, user, PASSWORD, NULL, args);
}

#define treasurer(fixture, ...) run_as ((fixture), "treasurer", __VA_ARGS__, NULL)

static char *
approved (Fixture    *fixture,
          const char *name,
          guint       sequence,
          gint64      amount)
{
  UdDatabase *db = fixture->t->db;
  g_autofree char *id_number = ud_test_make_id ("330102", "19760315", sequence);
  g_autoptr(UdMember) member = ud_test_member_new (db, name, id_number);
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_TEMPORARY);
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_member_store_insert (db, ud_test_admin (db), member, &error));
  app->member_id = member->id;
  app->requested_fen = amount;
  g_assert_true (ud_aid_store_create (db, ud_test_account (db, "clerk", UD_ROLE_CLERK), app,
                                      &error));
  g_assert_true (ud_aid_store_submit (db, ud_test_account (db, "clerk", UD_ROLE_CLERK),
                                      app->id, &error));
  g_assert_true (ud_aid_store_review (db, ud_test_account (db, "reviewer", UD_ROLE_REVIEWER),
                                      app->id, NULL, &error));
  g_assert_true (ud_aid_store_approve (db, ud_test_account (db, "approver", UD_ROLE_APPROVER),
                                       app->id, -1, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (app->number);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->t = ud_test_db_new ();
  ud_test_account (fixture->t->db, "treasurer", UD_ROLE_TREASURER);
  fixture->numbers[0] = approved (fixture, "周芳", 41, 120000);
  fixture->numbers[1] = approved (fixture, "吴刚", 43, 80050);
  /* Made by the administrator: they would have to change their passwords first. */
  g_assert_true (ud_database_exec (fixture->t->db, "UPDATE account SET must_change_password = 0",
                                   &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->numbers[0]);
  g_free (fixture->numbers[1]);
  g_clear_pointer (&fixture->t, ud_test_db_free);
}

/* A bank return file for the lines of the batch: @results has one "status,voucher,date,reason"
 * per line, in batch order. */
static char *
return_file (Fixture           *fixture,
             const char        *batch_number,
             const char *const *results)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayoutBatch) batch = ud_payout_store_find_batch (fixture->t->db, batch_number,
                                                              &error);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GString) data = g_string_new ("业务编号,账号,金额,状态,凭证号,日期,失败原因\r\n");
  char *path = g_build_filename (fixture->t->dir, "return.csv", NULL);

  g_assert_no_error (error);
  lines = ud_payout_store_list_batch_lines (fixture->t->db, batch->id, &error);
  for (guint i = 0; i < lines->len && results[i] != NULL; i++)
    {
      UdPayout *line = g_ptr_array_index (lines, i);

      g_string_append_printf (data, "%s,%s,%" G_GINT64_FORMAT ".%02d,%s\r\n", line->uuid,
                              line->bank_account, line->amount_fen / 100,
                              (int) (line->amount_fen % 100), results[i]);
    }
  g_assert_true (g_file_set_contents (path, data->str, -1, &error));
  return path;
}

static void
test_batch_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(UdCliRun) run = NULL;
  g_autofree char *csv = g_build_filename (fixture->t->dir, "transfer.csv", NULL);
  g_autofree char *xlsx = g_build_filename (fixture->t->dir, "transfer.xlsx", NULL);
  g_autofree char *pdf = g_build_filename (fixture->t->dir, "books.pdf", NULL);
  g_autofree char *books_xlsx = g_build_filename (fixture->t->dir, "books.xlsx", NULL);
  g_autofree char *returned = NULL;
  g_autofree char *contents = NULL;
  const char *results[] = {
    "成功,B0001,2026-11-25,", "失败,,2026-11-25,账号不存在", NULL,
  };

  /* Two lines to pay, without accounts (temporary relief has no household file). */
  run = treasurer (fixture, "payouts");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, fixture->numbers[0]));
  g_assert_nonnull (strstr (run->out, "1,200.00"));
  g_assert_nonnull (strstr (run->out, "2 payout lines"));
  g_clear_pointer (&run, ud_cli_run_free);

  /* A batch needs accounts; a clerk cannot make one. */
  run = treasurer (fixture, "batch", "create", fixture->numbers[0]);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "Bank account"));
  g_clear_pointer (&run, ud_cli_run_free);
  run = treasurer (fixture, "payout", "account", fixture->numbers[0], "--account",
                   "6222 0202 0011 2233 445", "--bank", "工商银行");
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, ud_cli_run_free);
  run = treasurer (fixture, "payout", "account", fixture->numbers[1], "--account",
                   "6217000010002000300", "--holder", "吴刚妻");
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "Account holder"));
  g_clear_pointer (&run, ud_cli_run_free);
  run = treasurer (fixture, "payout", "account", fixture->numbers[1], "--account",
                   "6217000010002000300");
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, ud_cli_run_free);
  run = run_as (fixture, "clerk", "batch", "create", "--all", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "Treasurer"));
  g_clear_pointer (&run, ud_cli_run_free);

  run = treasurer (fixture, "batch", "create", "--all", "--note", "十一月");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "FF2026-0001"));
  g_assert_nonnull (strstr (run->out, "2,000.50"));
  g_clear_pointer (&run, ud_cli_run_free);

  /* Results before the export are refused. */
  run = treasurer (fixture, "batch", "record", fixture->numbers[0], "--paid", "X1");
  g_assert_cmpint (run->status, ==, 1);
  g_clear_pointer (&run, ud_cli_run_free);

  run = treasurer (fixture, "batch", "export", "FF2026-0001", csv);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "checksum"));
  g_clear_pointer (&run, ud_cli_run_free);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "合计,2,,,,2000.50,,"));
  run = treasurer (fixture, "batch", "export", "FF2026-0001", xlsx);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&run, ud_cli_run_free);

  returned = return_file (fixture, "FF2026-0001", results);
  run = treasurer (fixture, "batch", "import-return", "FF2026-0001", returned);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "Paid: 1, failed: 1"));
  g_clear_pointer (&run, ud_cli_run_free);

  /* Paid once: by hand or by the same file again. */
  run = treasurer (fixture, "batch", "record", fixture->numbers[0], "--paid", "B0002");
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "B0001"));
  g_clear_pointer (&run, ud_cli_run_free);
  run = treasurer (fixture, "batch", "import-return", "FF2026-0001", returned);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "already recorded: 2"));
  g_clear_pointer (&run, ud_cli_run_free);

  /* The failed one: its line keeps what the bank was sent; reissued on the corrected account,
   * batched, recorded by hand. */
  run = treasurer (fixture, "payout", "account", fixture->numbers[1], "--account",
                   "6228480010001234567", "--bank", "农业银行");
  g_assert_cmpint (run->status, ==, 1);
  g_clear_pointer (&run, ud_cli_run_free);
  run = treasurer (fixture, "payout", "reissue", fixture->numbers[1], "--account",
                   "6228480010001234567", "--bank", "农业银行");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "800.50"));
  g_clear_pointer (&run, ud_cli_run_free);
  run = treasurer (fixture, "batch", "create", fixture->numbers[1]);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "FF2026-0002"));
  g_clear_pointer (&run, ud_cli_run_free);
  g_unlink (csv);
  run = treasurer (fixture, "batch", "export", "FF2026-0002", csv);
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, ud_cli_run_free);
  run = treasurer (fixture, "batch", "record", fixture->numbers[1], "--paid", "B0003");
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, ud_cli_run_free);

  run = treasurer (fixture, "batches");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "FF2026-0002"));
  g_assert_nonnull (strstr (run->out, "2 batches"));
  g_clear_pointer (&run, ud_cli_run_free);

  /* The books of the year: everything approved is paid, no differences. */
  run = treasurer (fixture, "books", "--month", "0", "--pdf", pdf, "--xlsx", books_xlsx);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "2,000.50"));
  g_assert_nonnull (strstr (run->out, "No differences"));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (books_xlsx, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&run, ud_cli_run_free);

  /* In Chinese. */
  {
    g_autoptr(GPtrArray) args = g_ptr_array_new ();

    g_ptr_array_add (args, (gpointer) "--db");
    g_ptr_array_add (args, fixture->t->path);
    g_ptr_array_add (args, (gpointer) "books");
    run = ud_test_cli_run_argv (cli_path, fixture->t->dir, "zh_CN.UTF-8", "treasurer", PASSWORD,
                                NULL, args);
    g_assert_cmpint (run->status, ==, 0);
    /* Only where the locale is installed (tools/setup.sh makes it). */
    if (setlocale (LC_ALL, "zh_CN.UTF-8") != NULL)
      {
        g_assert_nonnull (strstr (run->out, "发放台账"));
        g_assert_nonnull (strstr (run->out, "中央财政帮扶资金"));
        setlocale (LC_ALL, "");
      }
    g_clear_pointer (&run, ud_cli_run_free);
  }

  g_unlink (csv);
  g_unlink (xlsx);
  g_unlink (pdf);
  g_unlink (books_xlsx);
  g_unlink (returned);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  cli_path = argc > 1 ? argv[1] : g_getenv ("UD_CLI");
  if (cli_path == NULL)
    {
      g_printerr ("Give the path of union-desk-cli\n");
      return 2;
    }

  g_test_add ("/ud/cli/payout/batch-round-trip", Fixture, NULL, fixture_set_up,
              test_batch_round_trip, fixture_tear_down);

  return g_test_run ();
}
