/* bench-payouts.c — how long the treasurer waits: making a batch of N payout lines, exporting
 * its transfer file, importing the bank's return file, and building the month's books
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UD_BENCH_PAYOUTS sets N (999 by default, the most one birth date gives). Prints figures; asserts nothing about speed. */
#include <glib/gstdio.h>
#include <locale.h>

#include "ud-account.h"
#include "ud-aid-store.h"
#include "ud-database.h"
#include "ud-date.h"
#include "ud-id-number.h"
#include "ud-member-store.h"
#include "ud-payout-books.h"
#include "ud-payout-store.h"

static char *
make_id (guint sequence)
{
  /* Born 1980-01-01 in 330102, sequence number 001 … 999 with a check character. */
  g_autofree char *body = g_strdup_printf ("33010219800101%03u", sequence % 1000);
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (body[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", body, "10X98765432"[sum % 11]);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  const char *size = g_getenv ("UD_BENCH_PAYOUTS");
  guint n = size ? (guint) g_ascii_strtoull (size, NULL, 10) : 999;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ud-bench-payouts-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "transfer.csv", NULL);
  g_autofree char *returned = g_build_filename (dir, "return.csv", NULL);
  g_autoptr(UdDatabase) db = ud_database_open (path, &error);
  g_autoptr(UdAccount) admin = NULL;
  g_autoptr(UdAccount) clerk = NULL;
  g_autoptr(UdAccount) reviewer = NULL;
  g_autoptr(UdAccount) approver = NULL;
  g_autoptr(UdAccount) treasurer = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GString) bank = g_string_new ("业务编号,账号,金额,状态,凭证号,日期,失败原因\r\n");
  g_autoptr(UdBankReturnReport) report = NULL;
  g_autoptr(UdBooks) books = NULL;
  UdPayoutFilter filter = UD_PAYOUT_FILTER_INIT;
  gint64 batch_id = 0;
  gint64 start;
  GDate today;

  setlocale (LC_ALL, "");
  g_assert_no_error (error);
  n = CLAMP (n, 1, 999);  /* one member per sequence number of one birth date */
  ud_password_use_test_cost ();
  admin = ud_account_create_first_admin (db, "admin", "admin", "bench-password-1", &error);
  clerk = ud_account_create (db, admin, "clerk", "clerk", UD_ROLE_CLERK, "bench-password-1",
                             &error);
  reviewer = ud_account_create (db, admin, "reviewer", "reviewer", UD_ROLE_REVIEWER,
                                "bench-password-1", &error);
  approver = ud_account_create (db, admin, "approver", "approver", UD_ROLE_APPROVER,
                                "bench-password-1", &error);
  treasurer = ud_account_create (db, admin, "treasurer", "treasurer", UD_ROLE_TREASURER,
                                 "bench-password-1", &error);
  g_assert_no_error (error);

  g_print ("Approving %u temporary relief applications…\n", n);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *id_number = make_id (i);
      static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴" };
      static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋" };
      g_autofree char *name = g_strconcat (surnames[i % 10], given[(i / 10) % 10],
                                           given[(i / 100) % 10], NULL);
      g_autoptr(UdMember) member = ud_member_new ();
      g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_TEMPORARY);

      member->name = g_strdup (name);
      member->id_number = g_strdup (id_number);
      member->org_id = ud_database_get_office_org_id (db);
      if (!ud_member_store_insert (db, admin, member, &error))
        g_error ("%s", error->message);
      app->member_id = member->id;
      app->requested_fen = 100000 + i;
      if (!ud_aid_store_create (db, clerk, app, &error)
          || !ud_aid_store_submit (db, clerk, app->id, &error)
          || !ud_aid_store_review (db, reviewer, app->id, NULL, &error)
          || !ud_aid_store_approve (db, approver, app->id, -1, NULL, &error))
        g_error ("%s", error->message);
    }

  filter.status = UD_PAYOUT_PENDING;
  lines = ud_payout_store_list (db, &filter, 0, 0, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < lines->len; i++)
    {
      UdPayout *line = g_ptr_array_index (lines, i);
      g_autofree char *account = g_strdup_printf ("6222020200%09u", i);

      if (!ud_payout_store_set_account (db, treasurer, line->id, "工商银行", account, NULL, NULL,
                                        &error))
        g_error ("%s", error->message);
      g_array_append_val (ids, line->id);
    }
  g_print ("Accounts entered one by one: %.2f s (%.1f ms each)\n", seconds_since (start),
           seconds_since (start) * 1000 / lines->len);

  start = g_get_monotonic_time ();
  if (!ud_payout_store_create_batch (db, treasurer, (gint64 *) (void *) ids->data, ids->len, NULL,
                                     &batch_id, &error))
    g_error ("%s", error->message);
  g_print ("Batch of %u lines made: %.2f s\n", ids->len, seconds_since (start));

  start = g_get_monotonic_time ();
  if (!ud_payout_store_export_batch (db, treasurer, batch_id, csv, UD_PAYOUT_FILE_CSV, &error))
    g_error ("%s", error->message);
  g_print ("Transfer file exported: %.2f s\n", seconds_since (start));

  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = ud_payout_store_list_batch_lines (db, batch_id, &error);
  ud_date_today (&today);
  for (guint i = 0; i < lines->len; i++)
    {
      UdPayout *line = g_ptr_array_index (lines, i);

      g_string_append_printf (bank, "%s,%s,%" G_GINT64_FORMAT ".%02d,成功,V%06u,%04d-%02d-%02d,\r\n",
                              line->uuid, line->bank_account, line->amount_fen / 100,
                              (int) (line->amount_fen % 100), i, g_date_get_year (&today),
                              g_date_get_month (&today), g_date_get_day (&today));
    }
  g_assert_true (g_file_set_contents (returned, bank->str, -1, NULL));
  start = g_get_monotonic_time ();
  report = ud_payout_store_import_bank_return (db, treasurer, batch_id, returned, &error);
  if (report == NULL)
    g_error ("%s", error->message);
  g_print ("Bank return imported (%u paid): %.2f s\n", report->n_paid, seconds_since (start));

  start = g_get_monotonic_time ();
  books = ud_books_build (db, g_date_get_year (&today), g_date_get_month (&today), NULL, &error);
  g_assert_no_error (error);
  g_print ("Books of the month (%u differences): %.3f s\n", books->differences->len,
           seconds_since (start));

  g_clear_object (&db);
  g_unlink (csv);
  g_unlink (returned);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
