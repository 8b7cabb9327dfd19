/* tests/test-ui-payouts.c — payouts on a real display: an approved mutual-insurance claim appears
 * on the treasurer's "To Pay" list; "New Batch" puts it in a batch; the batch's transfer file is
 * exported; the bank's return file is imported and the line, its batch and the claim are paid.
 * A clerk does not see the section; a second payout that the bank refused is reissued from its
 * window after the account is corrected.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "ud-account.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-insurance-store.h"
#include "ud-member-store.h"
#include "ud-paged-list-model.h"
#include "ud-payout-detail.h"
#include "ud-payout-page.h"
#include "ud-payout-store.h"
#include "ud-test-ui.h"
#include "ud-test-util.h"
#include "ud-window.h"

#define ACCOUNT_1 "6222020200112233445"
#define ACCOUNT_2 "6217000010002000300"

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static gpointer
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      gpointer found = find_widget (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The rows the lines list shows once its paged model has counted. */
static guint
listed_rows (UdPayoutPage *page)
{
  GtkWidget *list_view = child (page, UD_TYPE_PAYOUT_PAGE, "list_view");
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));
  GListModel *model = gtk_multi_selection_get_model (GTK_MULTI_SELECTION (selection));
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the list to be counted");

  settle ();
  while (ud_paged_list_model_get_counting (UD_PAGED_LIST_MODEL (model)))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  return g_list_model_get_n_items (model);
}

/* Waits for the page's worker job to finish. */
static void
wait_job (UdPayoutPage *page)
{
  guint timeout = g_timeout_add_seconds (30, timeout_cb, "waiting for a payout job");

  while (ud_payout_page_get_busy (page))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  settle ();
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
}

typedef struct
{
  UdTestDb        *t;
  UdDatabase      *db;
  const UdAccount *clerk;
  const UdAccount *reviewer;
  const UdAccount *approver;
  const UdAccount *treasurer;
} Office;

/* A member covered by the accident plan (3 shares, paid 2026-06-01) with an approved claim for
 * a grade-10 disability on 2026-06-10: 10% of 5,000 yuan × 3 = 1,500 yuan. Returns the claim. */
static gint64
approved_claim (Office     *office,
                const char *name,
                guint       sequence,
                const char *account)
{
  g_autofree char *id_number = ud_test_make_id ("330102", "19850505", sequence);
  g_autoptr(UdMember) member = ud_test_member_new (office->db, name, id_number);
  g_autoptr(UdInsuranceRosterResult) roster = NULL;
  g_autoptr(UdInsuranceClaim) claim = ud_insurance_claim_new ();
  g_autoptr(GError) error = NULL;
  UdInsuranceRosterRequest request = { 0 };
  guint n_paid = 0;
  guint n_cancelled = 0;

  set_today (2026, 6, 1);
  g_assert_true (ud_member_store_insert (office->db, ud_test_admin (office->db), member, &error));
  g_assert_no_error (error);
  request.plan_kind = UD_INSURANCE_PLAN_ACCIDENT;
  request.term_year = 2026;
  request.shares = 3;
  request.payer = UD_INSURANCE_PAYER_UNION;
  request.org_id = member->org_id;
  request.member_ids = &member->id;
  request.n_member_ids = 1;
  roster = ud_insurance_store_enroll_roster (office->db, office->clerk, &request, NULL, NULL,
                                             NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roster->n_enrolled, ==, 1);
  g_assert_true (ud_insurance_store_record_payment (office->db, office->treasurer, roster->roster,
                                                    "2026-06-01", NULL, &n_paid, &n_cancelled,
                                                    &error));
  g_assert_no_error (error);

  set_today (2026, 6, 15);
  claim->enrollment_id = ((UdInsuranceRosterEntry *) g_ptr_array_index (roster->entries, 0))
                         ->enrollment_id;
  claim->event = g_strdup ("grade_10");
  claim->event_date = g_strdup ("2026-06-10");
  claim->bank_name = g_strdup ("工商银行");
  claim->bank_account = g_strdup (account);
  g_assert_true (ud_insurance_store_report_claim (office->db, office->clerk, claim, &error));
  g_assert_no_error (error);
  g_assert_true (ud_insurance_store_documents_complete (office->db, office->reviewer, claim->id,
                                                        NULL, &error));
  g_assert_true (ud_insurance_store_assess (office->db, office->reviewer, claim->id, &error));
  g_assert_true (ud_insurance_store_approve (office->db, office->approver, claim->id, NULL,
                                             &error));
  g_assert_no_error (error);
  return claim->id;
}

static UdInsuranceClaimStatus
claim_status (Office *office,
              gint64  id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdInsuranceClaim) claim = ud_insurance_store_get_claim (office->db, id, &error);

  g_assert_no_error (error);
  return claim->status;
}

static char *
return_file (Office     *office,
             gint64      claim_id,
             const char *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayout) line = ud_payout_store_get_for_source (office->db,
                                                             UD_PAYOUT_SOURCE_INSURANCE,
                                                             claim_id, &error);
  char *path = g_build_filename (office->t->dir, "return.csv", NULL);
  g_autofree char *data = g_strdup_printf ("业务编号,账号,金额,状态,凭证号,日期,失败原因\r\n"
                                           "%s,%s,%" G_GINT64_FORMAT ".%02d,%s\r\n",
                                           line->uuid, line->bank_account,
                                           line->amount_fen / 100,
                                           (int) (line->amount_fen % 100), result);

  g_assert_true (g_file_set_contents (path, data, -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_claim_to_paid (void)
{
  Office office = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *paid_file = NULL;
  g_autofree char *failed_file = NULL;
  GtkWidget *window;
  UdPayoutPage *page;
  UdPayoutDetail *detail;
  gint64 claim_a, claim_b;
  gint64 batch_id;

  office.t = ud_test_db_new ();
  office.db = office.t->db;
  office.clerk = ud_test_account (office.db, "clerk", UD_ROLE_CLERK);
  office.reviewer = ud_test_account (office.db, "reviewer", UD_ROLE_REVIEWER);
  office.approver = ud_test_account (office.db, "approver", UD_ROLE_APPROVER);
  office.treasurer = ud_test_account (office.db, "treasurer", UD_ROLE_TREASURER);

  claim_a = approved_claim (&office, "韩梅梅", 21, ACCOUNT_1);
  claim_b = approved_claim (&office, "李雷", 33, ACCOUNT_2);
  g_assert_cmpint (claim_status (&office, claim_a), ==, UD_INSURANCE_CLAIM_APPROVED);

  /* A clerk has no Payouts section. */
  window = GTK_WIDGET (ud_window_new (NULL, office.db, office.clerk));
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  g_assert_false (ud_window_show_section (UD_WINDOW (window), "payouts"));
  destroy_and_wait (window);

  /* The treasurer's list: two lines to pay, 1,500.00 yuan each, from the mutual-insurance fund. */
  window = GTK_WIDGET (ud_window_new (NULL, office.db, office.treasurer));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  g_assert_true (ud_window_show_section (UD_WINDOW (window), "payouts"));
  page = find_widget (window, UD_TYPE_PAYOUT_PAGE);
  g_assert_nonnull (page);
  g_assert_cmpuint (listed_rows (page), ==, 2);

  /* New Batch with nothing chosen takes every line waiting with an account. */
  g_assert_true (gtk_widget_get_sensitive (child (page, UD_TYPE_PAYOUT_PAGE,
                                                  "new_batch_button")));
  gtk_widget_activate_action (GTK_WIDGET (page), "payout-page.new-batch", NULL);
  g_assert_true (ud_payout_page_get_busy (page));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (page, UD_TYPE_PAYOUT_PAGE,
                                                                    "job_revealer"))));
  wait_job (page);
  batch_id = ud_payout_page_get_batch (page);
  g_assert_cmpint (batch_id, !=, 0);
  g_assert_cmpint (claim_status (&office, claim_a), ==, UD_INSURANCE_CLAIM_PAYMENT_PENDING);
  g_assert_true (shows_text (child (page, UD_TYPE_PAYOUT_PAGE, "batch_title"), "FF2026-0001"));
  g_assert_true (shows_text (child (page, UD_TYPE_PAYOUT_PAGE, "batch_lines"), "韩梅梅"));
  g_assert_true (shows_text (child (page, UD_TYPE_PAYOUT_PAGE, "batch_lines"), "1,500.00"));
  /* Nothing to import before the file went to the bank. */
  g_assert_false (gtk_widget_get_sensitive (child (page, UD_TYPE_PAYOUT_PAGE, "import_button")));
  g_assert_cmpuint (listed_rows (page), ==, 0);

  /* Export: the batch is fixed, its checksum shown. */
  csv = g_build_filename (office.t->dir, "transfer.csv", NULL);
  ud_payout_page_export_batch (page, csv, UD_PAYOUT_FILE_CSV);
  wait_job (page);
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
  g_assert_true (shows_text (child (page, UD_TYPE_PAYOUT_PAGE, "batch_facts"), "SHA-256"));
  g_assert_true (gtk_widget_get_sensitive (child (page, UD_TYPE_PAYOUT_PAGE, "import_button")));
  g_assert_false (gtk_widget_get_sensitive (child (page, UD_TYPE_PAYOUT_PAGE,
                                                   "discard_button")));

  /* The bank paid the first (a partial return): one line paid, one still waiting. */
  paid_file = return_file (&office, claim_a, "成功,B20260615001,2026-06-15,");
  ud_payout_page_import_return (page, paid_file);
  wait_job (page);
  g_assert_true (shows_text (child (page, UD_TYPE_PAYOUT_PAGE, "batch_message"), "1"));
  g_assert_cmpint (claim_status (&office, claim_a), ==, UD_INSURANCE_CLAIM_PAID);
  g_assert_cmpint (claim_status (&office, claim_b), ==, UD_INSURANCE_CLAIM_PAYMENT_PENDING);
  g_assert_true (shows_text (child (page, UD_TYPE_PAYOUT_PAGE, "batch_lines"), "B20260615001"));

  /* The same file again changes nothing: paid once. */
  ud_payout_page_import_return (page, paid_file);
  wait_job (page);
  {
    g_autoptr(UdPayoutBatch) batch = ud_payout_store_get_batch (office.db, batch_id, &error);

    g_assert_cmpint (batch->n_paid, ==, 1);
    g_assert_cmpint (batch->paid_fen, ==, 150000);
  }

  /* The bank refused the second: failed; corrected and reissued from its window. */
  g_unlink (paid_file);
  failed_file = return_file (&office, claim_b, "失败,,2026-06-15,户名与账号不符");
  ud_payout_page_import_return (page, failed_file);
  wait_job (page);
  g_assert_cmpint (claim_status (&office, claim_b), ==, UD_INSURANCE_CLAIM_PAYMENT_FAILED);
  {
    g_autoptr(UdPayoutBatch) batch = ud_payout_store_get_batch (office.db, batch_id, &error);

    g_assert_cmpint (batch->status, ==, UD_PAYOUT_BATCH_CLOSED);
  }
  {
    g_autoptr(UdPayout) line = ud_payout_store_get_for_source (office.db,
                                                               UD_PAYOUT_SOURCE_INSURANCE,
                                                               claim_b, &error);

    detail = ud_payout_detail_present (GTK_WIDGET (page), office.db, line->id);
  }
  settle ();
  g_assert_true (gtk_widget_get_visible (child (detail, UD_TYPE_PAYOUT_DETAIL, "reissue_group")));
  /* The failed line keeps the account the bank was sent; the correction goes with the reissue. */
  g_assert_false (gtk_widget_get_visible (child (detail, UD_TYPE_PAYOUT_DETAIL, "save_button")));
  gtk_editable_set_text (GTK_EDITABLE (child (detail, UD_TYPE_PAYOUT_DETAIL, "account_row")),
                         "6228480010001234567");
  g_signal_emit_by_name (child (detail, UD_TYPE_PAYOUT_DETAIL, "reissue_button"), "clicked");
  settle ();
  g_assert_false (gtk_widget_get_visible (child (detail, UD_TYPE_PAYOUT_DETAIL, "error_label")));
  g_assert_cmpint (claim_status (&office, claim_b), ==, UD_INSURANCE_CLAIM_REISSUED);
  {
    g_autoptr(UdPayout) fresh = ud_payout_store_get (office.db,
                                                     ud_payout_detail_get_payout (detail),
                                                     &error);

    g_assert_cmpint (fresh->status, ==, UD_PAYOUT_PENDING);
    g_assert_cmpint (fresh->amount_fen, ==, 150000);
    g_assert_cmpstr (fresh->bank_account, ==, "6228480010001234567");
  }
  /* The amount is shown, never editable. */
  g_assert_true (ADW_IS_ACTION_ROW (child (detail, UD_TYPE_PAYOUT_DETAIL, "amount_row")));
  destroy_and_wait (detail);

  g_assert_cmpuint (listed_rows (page), ==, 1);

  destroy_and_wait (window);
  g_unlink (csv);
  g_unlink (failed_file);
  ud_date_set_today_for_tests (NULL);
  ud_test_db_free (office.t);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ud/ui/payouts/claim-to-paid", test_claim_to_paid);

  return g_test_run ();
}
