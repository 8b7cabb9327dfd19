/* test-payout-store.c — payout lines, batches, bank results, reissue, guards, audit and outbox
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "ud-aid-store.h"
#include "ud-aid-store-private.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-member-store.h"
#include "ud-payout-books.h"
#include "ud-payout-store.h"
#include "ud-test-util.h"

#define ACCOUNT_1 "6222020200112233445"
#define ACCOUNT_2 "6217000010002000300"
#define ACCOUNT_3 "6228480010001234567"

typedef struct
{
  UdTestDb        *t;
  UdDatabase      *db;
  const UdAccount *clerk;
  const UdAccount *reviewer;
  const UdAccount *approver;
  const UdAccount *treasurer;
  guint            n_members;
} Fixture;

static gint64
count (UdDatabase *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, 11, 2026);
  ud_date_set_today_for_tests (&today);
  ud_aid_store_set_today (&today);

  f->t = ud_test_db_new ();
  f->db = f->t->db;
  f->clerk = ud_test_account (f->db, "clerk", UD_ROLE_CLERK);
  f->reviewer = ud_test_account (f->db, "reviewer", UD_ROLE_REVIEWER);
  f->approver = ud_test_account (f->db, "approver", UD_ROLE_APPROVER);
  f->treasurer = ud_test_account (f->db, "treasurer", UD_ROLE_TREASURER);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->t, ud_test_db_free);
  ud_date_set_today_for_tests (NULL);
  ud_aid_store_set_today (NULL);
}

/* A member with an approved temporary relief of @amount fen; returns its payout line. */
static gint64
approved_line (Fixture    *f,
               const char *name,
               gint64      amount)
{
  g_autofree char *id_number = ud_test_make_id ("330102", "19800101", ++f->n_members * 2 + 1);
  g_autoptr(UdMember) member = ud_test_member_new (f->db, name, id_number);
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_TEMPORARY);
  g_autoptr(UdPayout) payout = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_member_store_insert (f->db, ud_test_admin (f->db), member, &error));
  g_assert_no_error (error);
  app->member_id = member->id;
  app->requested_fen = amount;
  g_assert_true (ud_aid_store_create (f->db, f->clerk, app, &error));
  g_assert_true (ud_aid_store_submit (f->db, f->clerk, app->id, &error));
  g_assert_true (ud_aid_store_review (f->db, f->reviewer, app->id, NULL, &error));
  g_assert_true (ud_aid_store_approve (f->db, f->approver, app->id, -1, NULL, &error));
  g_assert_no_error (error);

  payout = ud_payout_store_get_for_source (f->db, UD_PAYOUT_SOURCE_AID, app->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payout);
  g_assert_cmpint (payout->amount_fen, ==, amount);
  g_assert_cmpstr (payout->payee_name, ==, name);
  g_assert_cmpstr (payout->payee_id_number, ==, id_number);
  return payout->id;
}

static gint64
line_with_account (Fixture    *f,
                   const char *name,
                   gint64      amount,
                   const char *account)
{
  gint64 id = approved_line (f, name, amount);
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_payout_store_set_account (f->db, f->treasurer, id, "工商银行", account, NULL,
                                              NULL, &error));
  g_assert_no_error (error);
  return id;
}

static UdAidStatus
source_status (Fixture *f,
               gint64   payout_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayout) payout = ud_payout_store_get (f->db, payout_id, &error);
  g_autoptr(UdAidApplication) app = NULL;

  g_assert_no_error (error);
  app = ud_aid_store_get (f->db, payout->source_id, &error);
  g_assert_no_error (error);
  return app->status;
}

static UdPayoutStatus
line_status (Fixture *f,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayout) payout = ud_payout_store_get (f->db, id, &error);

  g_assert_no_error (error);
  return payout->status;
}

static char *
export (Fixture            *f,
        gint64              batch_id,
        UdPayoutFileFormat  format)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->t->dir, format == UD_PAYOUT_FILE_XLSX ? "batch.xlsx"
                                                                          : "batch.csv", NULL);

  g_assert_true (ud_payout_store_export_batch (f->db, f->treasurer, batch_id, path, format,
                                               &error));
  g_assert_no_error (error);
  return path;
}

static char *
write_return (Fixture    *f,
              const char *name,
              const char *body)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->t->dir, name, NULL);
  g_autofree char *data = g_strconcat ("业务编号,账号,金额,状态,凭证号,日期,失败原因\r\n", body,
                                       NULL);

  g_assert_true (g_file_set_contents (path, data, -1, &error));
  g_assert_no_error (error);
  return path;
}

static char *
return_row (Fixture    *f,
            gint64      id,
            const char *rest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayout) payout = ud_payout_store_get (f->db, id, &error);
  g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d",
                                             payout->amount_fen / 100,
                                             (int) (payout->amount_fen % 100));

  return g_strdup_printf ("%s,%s,%s,%s\r\n", payout->uuid, payout->bank_account, amount, rest);
}

/* Approval makes one line; a second line for the same record is refused. */
static void
test_line_from_approval (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = approved_line (f, "张三", 150000);
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayout) payout = ud_payout_store_get (f->db, id, &error);
  UdPayoutOrigin origin = { 0 };

  g_assert_cmpint (payout->status, ==, UD_PAYOUT_PENDING);
  g_assert_null (payout->bank_account);
  g_assert_cmpint (source_status (f, id), ==, UD_AID_STATUS_APPROVED);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE entity = 'payout'"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM audit_entry WHERE entity = 'payout'"),
                   ==, 1);

  origin.source = UD_PAYOUT_SOURCE_AID;
  origin.source_id = payout->source_id;
  origin.source_uuid = payout->source_uuid;
  origin.source_number = payout->source_number;
  origin.category = "temporary";
  origin.member_id = payout->member_id;
  origin.org_id = payout->org_id;
  origin.payee_name = "张三";
  origin.amount_fen = 150000;
  origin.approved_date = "2026-11-20";
  g_assert_true (ud_database_begin (f->db, &error));
  g_assert_false (ud_payout_store_create_for_origin (f->db, f->approver, &origin, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_CONFLICT);
  ud_database_rollback (f->db);
}

/* Real-name accounts: a holder other than the payee needs a reason; the account is checked. */
static void
test_account_rules (Fixture       *f,
                    gconstpointer  data)
{
  gint64 id = approved_line (f, "李四", 50000);
  g_autoptr(GError) error = NULL;
  gint64 batch_id = 0;

  /* No account yet: it cannot be batched. */
  g_assert_false (ud_payout_store_create_batch (f->db, f->treasurer, &id, 1, NULL, &batch_id,
                                                &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "李四"));
  g_clear_error (&error);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM payout_batch"), ==, 0);

  g_assert_false (ud_payout_store_set_account (f->db, f->treasurer, id, NULL, "6222 0202", NULL,
                                               NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "bank_account");
  g_clear_error (&error);
  g_assert_false (ud_payout_store_set_account (f->db, f->treasurer, id, NULL, ACCOUNT_1, "李四妻",
                                               NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "holder_reason");
  g_clear_error (&error);
  g_assert_true (ud_payout_store_set_account (f->db, f->treasurer, id, "农业银行",
                                              "6222-0202-0011-2233-445", "李四妻",
                                              "本人卧床，代为领取", &error));
  g_assert_no_error (error);
  {
    g_autoptr(UdPayout) payout = ud_payout_store_get (f->db, id, &error);

    g_assert_cmpstr (payout->bank_account, ==, ACCOUNT_1);
    g_assert_cmpstr (payout->bank_holder, ==, "李四妻");
    g_assert_cmpint (payout->amount_fen, ==, 50000);
  }
  g_assert_true (ud_payout_store_set_fund_source (f->db, f->treasurer, id, UD_FUND_DONATIONS,
                                                  &error));
  g_assert_no_error (error);
  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, &id, 1, NULL, &batch_id,
                                               &error));
  g_assert_no_error (error);
  /* In a batch, the fund no longer changes. */
  g_assert_false (ud_payout_store_set_fund_source (f->db, f->treasurer, id, UD_FUND_UNION_FUNDS,
                                                   &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
}

/* Only the treasurer pays. */
static void
test_guards (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = line_with_account (f, "王五", 20000, ACCOUNT_1);
  g_autoptr(GError) error = NULL;
  gint64 batch_id = 0;
  const UdAccount *others[] = { f->clerk, f->reviewer, f->approver };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_assert_false (ud_payout_store_create_batch (f->db, others[i], &id, 1, NULL, &batch_id,
                                                    &error));
      g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
      g_clear_error (&error);
    }
  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, &id, 1, NULL, &batch_id,
                                               &error));
  g_assert_no_error (error);
  {
    g_autofree char *path = g_build_filename (f->t->dir, "x.csv", NULL);

    g_assert_false (ud_payout_store_export_batch (f->db, f->clerk, batch_id, path,
                                                  UD_PAYOUT_FILE_CSV, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

/* A batch: open lines can come and go; after the export only results may be recorded. */
static void
test_batch_lifecycle (Fixture       *f,
                      gconstpointer  data)
{
  gint64 ids[3];
  gint64 batch_id = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayoutBatch) batch = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *contents = NULL;
  GDate paid;

  ids[0] = line_with_account (f, "赵一", 100000, ACCOUNT_1);
  ids[1] = line_with_account (f, "钱二", 250050, ACCOUNT_2);
  ids[2] = line_with_account (f, "孙三", 30000, ACCOUNT_3);

  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, ids, 2, "十一月第一批",
                                               &batch_id, &error));
  g_assert_no_error (error);
  batch = ud_payout_store_get_batch (f->db, batch_id, &error);
  g_assert_cmpstr (batch->number, ==, "FF2026-0001");
  g_assert_cmpint (batch->status, ==, UD_PAYOUT_BATCH_OPEN);
  g_assert_cmpint (batch->line_count, ==, 2);
  g_assert_cmpint (batch->total_fen, ==, 350050);
  g_clear_pointer (&batch, ud_payout_batch_free);
  g_assert_cmpint (source_status (f, ids[0]), ==, UD_AID_STATUS_PAYMENT_PENDING);

  /* A line in a batch cannot go in another; taking one out makes it pending again. */
  g_assert_false (ud_payout_store_create_batch (f->db, f->treasurer, &ids[0], 1, NULL, NULL,
                                                &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_true (ud_payout_store_remove_from_batch (f->db, f->treasurer, &ids[1], 1, &error));
  g_assert_cmpint (line_status (f, ids[1]), ==, UD_PAYOUT_PENDING);
  g_assert_cmpint (source_status (f, ids[1]), ==, UD_AID_STATUS_APPROVED);
  g_assert_true (ud_payout_store_add_to_batch (f->db, f->treasurer, batch_id, &ids[1], 1,
                                               &error));
  g_assert_true (ud_payout_store_add_to_batch (f->db, f->treasurer, batch_id, &ids[2], 1,
                                               &error));
  g_assert_no_error (error);

  /* Results cannot be recorded before the file went to the bank. */
  g_date_clear (&paid, 1);
  g_date_set_dmy (&paid, 20, 11, 2026);
  g_assert_false (ud_payout_store_record_paid (f->db, f->treasurer, ids[0], "V1", &paid,
                                               &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  csv = export (f, batch_id, UD_PAYOUT_FILE_CSV);
  batch = ud_payout_store_get_batch (f->db, batch_id, &error);
  g_assert_cmpint (batch->status, ==, UD_PAYOUT_BATCH_EXPORTED);
  g_assert_cmpint (batch->line_count, ==, 3);
  g_assert_cmpint (batch->total_fen, ==, 380050);
  g_assert_cmpstr (batch->transfer_date, ==, "2026-11-20");
  g_assert_cmpint (strlen (batch->checksum), ==, 64);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "合计,3,,,,3800.50,,"));
  g_assert_nonnull (strstr (contents, batch->checksum));
  g_assert_nonnull (strstr (contents, "FF2026-0001"));

  /* Exported: nothing may be added, removed or discarded; a second copy has the same sum. */
  g_assert_false (ud_payout_store_remove_from_batch (f->db, f->treasurer, &ids[0], 1, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_false (ud_payout_store_discard_batch (f->db, f->treasurer, batch_id, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_false (ud_payout_store_set_account (f->db, f->treasurer, ids[0], NULL, ACCOUNT_2, NULL,
                                               NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  xlsx = export (f, batch_id, UD_PAYOUT_FILE_XLSX);
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr(UdPayoutBatch) again = ud_payout_store_get_batch (f->db, batch_id, &error);

    g_assert_cmpstr (again->checksum, ==, batch->checksum);
    g_assert_cmpint (again->version, ==, batch->version);
  }

  /* Each result moves the line and its application; the last closes the batch. */
  g_assert_true (ud_payout_store_record_paid (f->db, f->treasurer, ids[0], "V0001", &paid,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (source_status (f, ids[0]), ==, UD_AID_STATUS_PAID);
  {
    g_autoptr(UdPayout) line = ud_payout_store_get (f->db, ids[0], &error);
    g_autoptr(UdPayout) waiting = ud_payout_store_get (f->db, ids[1], &error);
    g_autofree char *text = ud_payout_dup_status_text (line);
    g_autofree char *waiting_text = ud_payout_dup_status_text (waiting);
    g_autofree char *category = ud_payout_dup_category_label (line->source, line->category);
    g_autofree char *plan = ud_payout_dup_category_label (UD_PAYOUT_SOURCE_INSURANCE,
                                                          "accident");

    g_assert_cmpstr (text, ==, "Paid on 2026-11-20, voucher V0001");
    g_assert_cmpstr (waiting_text, ==, "In a batch: FF2026-0001");
    g_assert_cmpstr (category, ==, "Temporary relief");
    g_assert_cmpstr (plan, ==, "Mutual insurance: Accident injury");
  }
  g_assert_true (ud_payout_store_record_failed (f->db, f->treasurer, ids[1], "户名不符", &paid,
                                                &error));
  g_assert_cmpint (source_status (f, ids[1]), ==, UD_AID_STATUS_PAYMENT_FAILED);
  g_clear_pointer (&batch, ud_payout_batch_free);
  batch = ud_payout_store_get_batch (f->db, batch_id, &error);
  g_assert_cmpint (batch->status, ==, UD_PAYOUT_BATCH_EXPORTED);
  g_assert_true (ud_payout_store_record_paid (f->db, f->treasurer, ids[2], "V0003", &paid,
                                              &error));
  g_clear_pointer (&batch, ud_payout_batch_free);
  batch = ud_payout_store_get_batch (f->db, batch_id, &error);
  g_assert_cmpint (batch->status, ==, UD_PAYOUT_BATCH_CLOSED);
  g_assert_cmpint (batch->n_paid, ==, 2);
  g_assert_cmpint (batch->n_failed, ==, 1);
  g_assert_cmpint (batch->paid_fen, ==, 130000);

  g_unlink (csv);
  g_unlink (xlsx);
}

/* A line is paid at most once, by hand or by file. */
static void
test_double_payment (Fixture       *f,
                     gconstpointer  data)
{
  gint64 ids[2];
  gint64 batch_id = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *row = NULL;
  g_autofree char *path = NULL;
  g_autoptr(UdBankReturnReport) report = NULL;
  GDate paid;

  ids[0] = line_with_account (f, "周一", 80000, ACCOUNT_1);
  ids[1] = line_with_account (f, "吴二", 90000, ACCOUNT_2);
  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, ids, 2, NULL, &batch_id,
                                               &error));
  csv = export (f, batch_id, UD_PAYOUT_FILE_CSV);

  g_date_clear (&paid, 1);
  g_date_set_dmy (&paid, 19, 11, 2026);
  g_assert_true (ud_payout_store_record_paid (f->db, f->treasurer, ids[0], "V1", &paid, &error));
  g_assert_no_error (error);
  g_assert_false (ud_payout_store_record_paid (f->db, f->treasurer, ids[0], "V1-again", &paid,
                                               &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_assert_nonnull (strstr (error->message, "V1"));
  g_clear_error (&error);
  g_assert_false (ud_payout_store_record_failed (f->db, f->treasurer, ids[0], "x", &paid,
                                                 &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  /* The bank's file says paid again under another voucher: a problem, nothing recorded. */
  row = return_row (f, ids[0], "成功,V9,2026-11-19,");
  path = write_return (f, "return.csv", row);
  report = ud_payout_store_import_bank_return (f->db, f->treasurer, batch_id, path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_paid, ==, 0);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_cmpuint (report->n_pending, ==, 1);
  {
    g_autoptr(UdPayout) payout = ud_payout_store_get (f->db, ids[0], &error);

    g_assert_cmpstr (payout->voucher, ==, "V1");
  }
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM payout WHERE status = 'paid'"), ==, 1);

  /* A future date and a missing voucher are refused by name. */
  {
    GDate future;

    g_date_clear (&future, 1);
    g_date_set_dmy (&future, 21, 11, 2026);
    g_assert_false (ud_payout_store_record_paid (f->db, f->treasurer, ids[1], "V2", &future,
                                                 &error));
    g_assert_cmpstr (ud_error_get_field (error), ==, "paid_date");
    g_clear_error (&error);
    g_assert_false (ud_payout_store_record_paid (f->db, f->treasurer, ids[1], " ", &paid,
                                                 &error));
    g_assert_cmpstr (ud_error_get_field (error), ==, "voucher");
  }
  g_unlink (csv);
  g_unlink (path);
}

/* A partial return leaves the rest in the batch; importing the same file twice changes nothing;
 * the rest comes in a second file. */
static void
test_partial_return (Fixture       *f,
                     gconstpointer  data)
{
  gint64 ids[3];
  gint64 batch_id = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *row0 = NULL;
  g_autofree char *row1 = NULL;
  g_autofree char *row2 = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *body = NULL;
  g_autoptr(UdPayoutBatch) batch = NULL;

  ids[0] = line_with_account (f, "郑一", 10000, ACCOUNT_1);
  ids[1] = line_with_account (f, "王二", 20000, ACCOUNT_2);
  ids[2] = line_with_account (f, "冯三", 30000, ACCOUNT_3);
  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, ids, 3, NULL, &batch_id,
                                               &error));
  csv = export (f, batch_id, UD_PAYOUT_FILE_CSV);

  row0 = return_row (f, ids[0], "成功,B0001,2026-11-20,");
  row1 = return_row (f, ids[1], "失败,,2026-11-20,账户已销户");
  row2 = return_row (f, ids[2], "成功,B0003,2026-11-20,");
  body = g_strconcat (row0, row1, NULL);
  first = write_return (f, "first.csv", body);

  for (int round = 0; round < 2; round++)
    {
      g_autoptr(UdBankReturnReport) report =
        ud_payout_store_import_bank_return (f->db, f->treasurer, batch_id, first, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (report->n_paid, ==, round == 0 ? 1 : 0);
      g_assert_cmpuint (report->n_failed, ==, round == 0 ? 1 : 0);
      g_assert_cmpuint (report->n_unchanged, ==, round == 0 ? 0 : 2);
      g_assert_cmpuint (report->n_pending, ==, 1);
      g_assert_cmpuint (report->problems->len, ==, 0);
    }
  g_assert_cmpint (line_status (f, ids[0]), ==, UD_PAYOUT_PAID);
  g_assert_cmpint (line_status (f, ids[1]), ==, UD_PAYOUT_FAILED);
  g_assert_cmpint (line_status (f, ids[2]), ==, UD_PAYOUT_IN_BATCH);
  batch = ud_payout_store_get_batch (f->db, batch_id, &error);
  g_assert_cmpint (batch->status, ==, UD_PAYOUT_BATCH_EXPORTED);
  g_clear_pointer (&batch, ud_payout_batch_free);
  {
    g_autoptr(UdPayout) failed = ud_payout_store_get (f->db, ids[1], &error);

    g_assert_cmpstr (failed->failure_reason, ==, "账户已销户");
  }

  second = write_return (f, "second.csv", row2);
  {
    g_autoptr(UdBankReturnReport) report =
      ud_payout_store_import_bank_return (f->db, f->treasurer, batch_id, second, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->n_paid, ==, 1);
    g_assert_cmpuint (report->n_pending, ==, 0);
  }
  batch = ud_payout_store_get_batch (f->db, batch_id, &error);
  g_assert_cmpint (batch->status, ==, UD_PAYOUT_BATCH_CLOSED);

  /* A return file with a wrong amount is a problem, not a payment. */
  {
    g_autofree char *bad = write_return (f, "bad.csv", "x,1,1.00,成功,V,2026-11-20,\r\n");
    g_autoptr(UdBankReturnReport) report =
      ud_payout_store_import_bank_return (f->db, f->treasurer, batch_id, bad, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 1);
    g_unlink (bad);
  }
  g_unlink (csv);
  g_unlink (first);
  g_unlink (second);
}

/* A failed line is reissued on a corrected account into a new batch; paid once. The failed line
 * keeps the account the bank was sent, so a later return file for its batch still matches. */
static void
test_reissue (Fixture       *f,
              gconstpointer  data)
{
  gint64 ids[2];
  gint64 id;
  gint64 batch_id = 0;
  gint64 second_batch = 0;
  gint64 new_id = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *late_row = NULL;
  g_autofree char *late = NULL;
  GDate date;

  ids[0] = line_with_account (f, "陈六", 120000, ACCOUNT_1);
  ids[1] = line_with_account (f, "褚七", 30000, ACCOUNT_2);
  id = ids[0];
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 20, 11, 2026);
  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, ids, 2, NULL, &batch_id,
                                               &error));
  csv = export (f, batch_id, UD_PAYOUT_FILE_CSV);

  /* Only a failed line is reissued. */
  g_assert_false (ud_payout_store_reissue (f->db, f->treasurer, id, NULL, NULL, NULL, NULL,
                                           &new_id, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  g_assert_true (ud_payout_store_record_failed (f->db, f->treasurer, id, "账号错误", &date,
                                                &error));
  /* The failed line is not corrected in place: the correction goes with the reissue. */
  g_assert_false (ud_payout_store_set_account (f->db, f->treasurer, id, "建设银行", ACCOUNT_3,
                                               NULL, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_false (ud_payout_store_reissue (f->db, f->clerk, id, "建设银行", ACCOUNT_3, NULL, NULL,
                                           &new_id, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_payout_store_reissue (f->db, f->treasurer, id, "建设银行", "123", NULL, NULL,
                                           &new_id, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "bank_account");
  g_clear_error (&error);
  g_assert_true (ud_payout_store_reissue (f->db, f->treasurer, id, "建设银行", ACCOUNT_3, NULL,
                                          NULL, &new_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (new_id, !=, id);
  g_assert_cmpint (line_status (f, id), ==, UD_PAYOUT_REISSUED);
  g_assert_cmpint (source_status (f, id), ==, UD_AID_STATUS_REISSUED);
  {
    g_autoptr(UdPayout) fresh = ud_payout_store_get (f->db, new_id, &error);
    g_autoptr(UdPayout) old = ud_payout_store_get (f->db, id, &error);

    g_assert_cmpint (fresh->status, ==, UD_PAYOUT_PENDING);
    g_assert_cmpint (fresh->amount_fen, ==, 120000);
    g_assert_cmpint (fresh->reissued_from, ==, id);
    g_assert_cmpstr (fresh->bank_account, ==, ACCOUNT_3);
    g_assert_cmpstr (fresh->bank_name, ==, "建设银行");
    g_assert_cmpstr (old->bank_account, ==, ACCOUNT_1);
  }
  /* The reissued line is not reissued twice. */
  g_assert_false (ud_payout_store_reissue (f->db, f->treasurer, id, NULL, NULL, NULL, NULL, NULL,
                                           &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  /* The bank's late return for the other line of the first batch still matches it. */
  late_row = return_row (f, ids[1], "成功,L0002,2026-11-20,");
  late = write_return (f, "late.csv", late_row);
  {
    g_autoptr(UdBankReturnReport) report =
      ud_payout_store_import_bank_return (f->db, f->treasurer, batch_id, late, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->n_paid, ==, 1);
    g_assert_cmpuint (report->problems->len, ==, 0);
  }
  g_unlink (late);

  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, &new_id, 1, NULL,
                                               &second_batch, &error));
  g_unlink (csv);
  g_free (csv);
  csv = export (f, second_batch, UD_PAYOUT_FILE_CSV);
  g_assert_true (ud_payout_store_record_paid (f->db, f->treasurer, new_id, "R0001", &date,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (source_status (f, new_id), ==, UD_AID_STATUS_PAID);
  /* 陈六 paid once (on the reissue), 褚七 once. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM payout WHERE status = 'paid'"), ==, 2);
  g_assert_cmpint (count (f->db, "SELECT coalesce (sum (amount_fen), 0) FROM payout "
                                 "WHERE status = 'paid'"), ==, 150000);
  g_unlink (csv);
}

/* Every change is audited and queued for upload; the amount is never part of a change. */
static void
test_audit_and_outbox (Fixture       *f,
                       gconstpointer  data)
{
  gint64 id = line_with_account (f, "蒋七", 66600, ACCOUNT_2);
  gint64 batch_id = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, &id, 1, NULL, &batch_id,
                                               &error));
  csv = export (f, batch_id, UD_PAYOUT_FILE_CSV);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM audit_entry WHERE entity = 'payout'"),
                   ==, 3);  /* create, correct_account, add_to_batch */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM audit_entry WHERE entity = "
                                 "'payout_batch'"), ==, 2);  /* create, export */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE entity = 'payout'"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT max (version) FROM outbox WHERE entity = 'payout'"), ==,
                   3);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE entity = 'payout_batch'"),
                   ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE entity = 'payout' AND "
                                 "json_extract (payload, '$.amount_fen') = 66600 AND "
                                 "json_extract (payload, '$.batch_number') = 'FF2026-0001'"),
                   ==, 1);
  g_unlink (csv);
}

static void
test_list_and_filter (Fixture       *f,
                      gconstpointer  data)
{
  UdPayoutFilter filter = UD_PAYOUT_FILTER_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  guint n = 0;

  line_with_account (f, "韩一", 1000, ACCOUNT_1);
  approved_line (f, "杨二", 2000);
  line_with_account (f, "韩三", 3000, ACCOUNT_3);

  g_assert_true (ud_payout_store_count (f->db, &filter, &n, &error));
  g_assert_cmpuint (n, ==, 3);
  filter.text = "韩";
  lines = ud_payout_store_list (f->db, &filter, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 2);
  filter.text = "100%_";
  g_assert_true (ud_payout_store_count (f->db, &filter, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  filter.text = NULL;
  filter.status = UD_PAYOUT_PENDING;
  filter.fund_source = UD_FUND_DONATIONS;
  g_assert_true (ud_payout_store_count (f->db, &filter, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  filter.fund_source = UD_FUND_CENTRAL_HARDSHIP;
  g_assert_true (ud_payout_store_count (f->db, &filter, &n, &error));
  g_assert_cmpuint (n, ==, 3);

  /* Ready for a batch: the two with an account, the oldest approval first. */
  {
    g_autoptr(GArray) ready = ud_payout_store_list_ready (f->db, -1, &error);
    g_autoptr(GArray) donations = ud_payout_store_list_ready (f->db, UD_FUND_DONATIONS, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ready->len, ==, 2);
    g_assert_cmpint (g_array_index (ready, gint64, 0), <, g_array_index (ready, gint64, 1));
    g_assert_cmpuint (donations->len, ==, 0);
  }
}

static void
set_today (int year,
           int month,
           int day)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, day, month, year);
  ud_date_set_today_for_tests (&today);
  ud_aid_store_set_today (&today);
}

static const UdBooksRow *
books_row (GPtrArray  *rows,
           const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const UdBooksRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->key, key) == 0)
        return row;
    }
  return NULL;
}

/* Approved, paid and outstanding per fund and period; a reissue is one approval. */
static void
test_books_periods (Fixture       *f,
                    gconstpointer  data)
{
  gint64 ids[3];
  gint64 batch_id = 0;
  gint64 reissued = 0;
  gint64 second_batch = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdBooks) november = NULL;
  g_autoptr(UdBooks) december = NULL;
  g_autoptr(UdBooks) year = NULL;
  g_autofree char *csv = NULL;
  GDate date;

  set_today (2026, 11, 10);
  ids[0] = line_with_account (f, "甲", 100000, ACCOUNT_1);
  ids[1] = line_with_account (f, "乙", 200000, ACCOUNT_2);
  ids[2] = line_with_account (f, "丙", 40000, ACCOUNT_3);
  g_assert_true (ud_payout_store_set_fund_source (f->db, f->treasurer, ids[2], UD_FUND_DONATIONS,
                                                  &error));
  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, ids, 3, NULL, &batch_id,
                                               &error));
  csv = export (f, batch_id, UD_PAYOUT_FILE_CSV);
  set_today (2026, 11, 12);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 12, 11, 2026);
  g_assert_true (ud_payout_store_record_paid (f->db, f->treasurer, ids[0], "N1", &date, &error));
  g_assert_true (ud_payout_store_record_failed (f->db, f->treasurer, ids[1], "户名不符", &date,
                                                &error));
  g_assert_true (ud_payout_store_record_paid (f->db, f->treasurer, ids[2], "N3", &date, &error));
  g_assert_no_error (error);

  /* December: the failed line is reissued and paid. */
  set_today (2026, 12, 3);
  g_assert_true (ud_payout_store_reissue (f->db, f->treasurer, ids[1], NULL, NULL, NULL, NULL,
                                          &reissued, &error));
  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, &reissued, 1, NULL,
                                               &second_batch, &error));
  g_unlink (csv);
  g_free (csv);
  csv = export (f, second_batch, UD_PAYOUT_FILE_CSV);
  g_date_set_dmy (&date, 3, 12, 2026);
  g_assert_true (ud_payout_store_record_paid (f->db, f->treasurer, reissued, "D1", &date,
                                              &error));
  g_assert_no_error (error);

  november = ud_books_build (f->db, 2026, 11, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (november->from, ==, "2026-11-01");
  g_assert_cmpstr (november->to, ==, "2026-11-30");
  g_assert_cmpuint (november->funds[UD_FUND_CENTRAL_HARDSHIP].n_approved, ==, 2);
  g_assert_cmpint (november->funds[UD_FUND_CENTRAL_HARDSHIP].approved_fen, ==, 300000);
  g_assert_cmpint (november->funds[UD_FUND_CENTRAL_HARDSHIP].paid_fen, ==, 100000);
  g_assert_cmpint (november->funds[UD_FUND_CENTRAL_HARDSHIP].outstanding_fen, ==, 200000);
  g_assert_cmpint (november->funds[UD_FUND_DONATIONS].paid_fen, ==, 40000);
  g_assert_cmpint (november->funds[UD_FUND_DONATIONS].outstanding_fen, ==, 0);
  g_assert_cmpint (november->total.approved_fen, ==, 340000);
  g_assert_cmpint (november->total.paid_fen, ==, 140000);
  g_assert_cmpint (november->total.outstanding_fen, ==, 200000);
  g_assert_cmpint (books_row (november->by_category, "aid:temporary")->approved_fen, ==, 340000);

  december = ud_books_build (f->db, 2026, 12, NULL, &error);
  g_assert_cmpuint (december->total.n_approved, ==, 0);  /* the reissue is not a new approval */
  g_assert_cmpint (december->total.paid_fen, ==, 200000);
  g_assert_cmpint (december->total.outstanding_fen, ==, 0);

  year = ud_books_build (f->db, 2026, 0, NULL, &error);
  g_assert_cmpint (year->total.approved_fen, ==, 340000);
  g_assert_cmpint (year->total.paid_fen, ==, 340000);
  g_assert_cmpint (year->total.outstanding_fen, ==, 0);
  g_assert_cmpint (year->month_approved_fen[10], ==, 340000);
  g_assert_cmpint (year->month_paid_fen[10], ==, 140000);
  g_assert_cmpint (year->month_paid_fen[11], ==, 200000);
  g_assert_cmpuint (year->differences->len, ==, 0);
  g_assert_cmpuint (year->by_org->len, ==, 1);
  g_assert_nonnull (books_row (year->by_group, "none"));
  g_unlink (csv);
}

/* The reconciliation finds what was changed behind the program's back. */
static void
test_books_reconciliation (Fixture       *f,
                           gconstpointer  data)
{
  gint64 ids[2];
  gint64 batch_id = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdBooks) books = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  guint kinds = 0;

  ids[0] = line_with_account (f, "丁", 50000, ACCOUNT_1);
  ids[1] = line_with_account (f, "戊", 60000, ACCOUNT_2);
  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, ids, 2, NULL, &batch_id,
                                               &error));
  csv = export (f, batch_id, UD_PAYOUT_FILE_CSV);
  books = ud_books_build (f->db, 2026, 11, NULL, &error);
  g_assert_cmpuint (books->differences->len, ==, 0);
  g_clear_pointer (&books, ud_books_free);

  /* An amount edited in the database, and a line deleted. */
  g_assert_true (ud_database_exec (f->db, "UPDATE payout SET amount_fen = 50001 WHERE id = 1",
                                   &error));
  g_assert_true (ud_database_exec (f->db, "UPDATE payout SET batch_id = NULL, batch_seq = NULL,"
                                   "  status = 'pending' WHERE id = 2", &error));
  g_assert_true (ud_database_exec (f->db, "DELETE FROM payout WHERE id = 2", &error));
  g_assert_no_error (error);
  books = ud_books_build (f->db, 2026, 11, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < books->differences->len; i++)
    {
      UdBooksDifference *difference = g_ptr_array_index (books->differences, i);

      kinds |= 1u << difference->kind;
      g_test_message ("%s", difference->message);
    }
  g_assert_true (kinds & (1u << UD_BOOKS_DIFF_AMOUNT));
  g_assert_true (kinds & (1u << UD_BOOKS_DIFF_NO_PAYOUT));
  g_assert_true (kinds & (1u << UD_BOOKS_DIFF_BATCH_TOTAL));

  text = ud_books_to_text (books);
  g_assert_nonnull (strstr (text, "500.01"));
  xlsx = g_build_filename (f->t->dir, "books.xlsx", NULL);
  g_assert_true (ud_books_export_xlsx (books, xlsx, &error));
  g_assert_no_error (error);
  pdf = g_build_filename (f->t->dir, "books.pdf", NULL);
  g_assert_true (ud_books_export_pdf (books, pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *head = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (pdf, &head, &length, &error));
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (g_str_has_prefix (head, "%PDF"));
  }
  g_unlink (csv);
  g_unlink (xlsx);
  g_unlink (pdf);
}

/* A database of schema 4 with aid approved (and marked payment pending, as schema 4 allowed)
 * gets the payout lines when it is migrated. Made by taking a current database back to schema
 * 4: everything later is dropped. */
static void
test_migration_backfill (void)
{
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) old_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *old_path = NULL;
  g_autofree char *path = NULL;
  g_autoptr(UdDatabase) reopened = NULL;
  g_autoptr(UdPayout) line = NULL;
  g_autoptr(UdAidApplication) app = NULL;
  gint64 payout_id, app_id;
  sqlite3_stmt *stmt = NULL;

  setup (f, NULL);
  payout_id = approved_line (f, "钱七", 90000);
  {
    g_autoptr(UdPayout) original = ud_payout_store_get (f->db, payout_id, &error);

    app_id = original->source_id;
  }

  /* The names a schema-4 database has. */
  old_path = g_build_filename (f->t->dir, "v4.db", NULL);
  {
    g_autoptr(UdDatabase) v4 = ud_database_open_at_version (old_path, 4, &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (v4),
                                         "SELECT name FROM sqlite_master", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_hash_table_add (old_names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_finalize (stmt);
  }

  /* Back to schema 4, the application in payment as schema 4 left it. */
  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (f->db),
                                       "SELECT type, name FROM sqlite_master"
                                       " WHERE type = 'table' OR type = 'index'"
                                       "   OR type = 'trigger'", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      if (!g_hash_table_contains (old_names, name) && !g_str_has_prefix (name, "sqlite_"))
        g_ptr_array_add (drops, g_strdup_printf ("DROP %s IF EXISTS \"%s\"", type, name));
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (drops->len, >, 0);
  g_assert_true (ud_database_exec (f->db, "PRAGMA foreign_keys = OFF", &error));
  for (guint i = 0; i < drops->len; i++)
    g_assert_true (ud_database_exec (f->db, g_ptr_array_index (drops, i), &error));
  g_assert_true (ud_database_exec (f->db, "DELETE FROM outbox WHERE entity = 'payout'", &error));
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE aid_application SET status ="
                                            " 'payment_pending' WHERE id = %" G_GINT64_FORMAT,
                                            app_id);

    g_assert_true (ud_database_exec (f->db, sql, &error));
  }
  g_assert_true (ud_database_exec (f->db, "PRAGMA user_version = 4", &error));
  g_assert_no_error (error);
  path = g_strdup (f->t->path);

  /* Opened again: migrated, with the line to pay. */
  reopened = ud_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_database_get_schema_version (reopened), ==,
                   ud_database_latest_schema_version ());
  line = ud_payout_store_get_for_source (reopened, UD_PAYOUT_SOURCE_AID, app_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpint (line->status, ==, UD_PAYOUT_PENDING);
  g_assert_cmpint (line->amount_fen, ==, 90000);
  app = ud_aid_store_get (reopened, app_id, &error);
  g_assert_cmpint (app->status, ==, UD_AID_STATUS_APPROVED);
  g_assert_cmpint (count (reopened, "SELECT count(*) FROM outbox WHERE entity = 'payout'"), ==, 1);
  g_clear_object (&reopened);

  teardown (f, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/ud/payout/line-from-approval", test_line_from_approval);
  ADD ("/ud/payout/account-rules", test_account_rules);
  ADD ("/ud/payout/guards", test_guards);
  ADD ("/ud/payout/batch-lifecycle", test_batch_lifecycle);
  ADD ("/ud/payout/double-payment", test_double_payment);
  ADD ("/ud/payout/partial-return", test_partial_return);
  ADD ("/ud/payout/reissue", test_reissue);
  ADD ("/ud/payout/audit-and-outbox", test_audit_and_outbox);
  ADD ("/ud/payout/list-and-filter", test_list_and_filter);
  ADD ("/ud/payout/books/periods", test_books_periods);
  ADD ("/ud/payout/books/reconciliation", test_books_reconciliation);
  g_test_add_func ("/ud/payout/migration-backfill", test_migration_backfill);
#undef ADD

  return g_test_run ();
}
