/* tests/test-ui-insurance.c — mutual insurance on a real display: a clerk reports a claim in the
 * editor (Ctrl+N's action, the member found by name, the event from the plan's benefit table;
 * a missing field named inline); a reviewer marks the documents complete and assesses it and the
 * detail shows the computation line by line; the reporter, also an approver, may not approve
 * (the button says why); another approver approves and the payout line is made. The page lists
 * the claim, its enrollment and the seven plans. The administrator edits a plan (a wrong age
 * window is named inline; a reviewer may read but not save); a clerk enrols a union's members in
 * a worker thread after a preview that lists the refused with the reason.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-account.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-insurance-claim-detail.h"
#include "ud-insurance-claim-editor.h"
#include "ud-insurance-page.h"
#include "ud-insurance-plan-dialog.h"
#include "ud-insurance-roster-dialog.h"
#include "ud-insurance-store.h"
#include "ud-member-store.h"
#include "ud-paged-list-model.h"
#include "ud-payout-store.h"
#include "ud-test-ui.h"
#include "ud-test-util.h"
#include "ud-window.h"

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static guint
listed_rows (GtkWidget *list_view)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));
  GListModel *model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection));
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the list to be counted");

  g_assert_true (UD_IS_PAGED_LIST_MODEL (model));
  while (ud_paged_list_model_get_counting (UD_PAGED_LIST_MODEL (model)))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  return g_list_model_get_n_items (model);
}

static UdInsuranceClaim *
get_claim (UdDatabase *db,
           gint64      id)
{
  g_autoptr(GError) error = NULL;
  UdInsuranceClaim *claim = ud_insurance_store_get_claim (db, id, &error);

  g_assert_no_error (error);
  return claim;
}

static UdInsuranceClaimDetail *
open_detail (UdDatabase      *db,
             const UdAccount *account,
             gint64           id,
             GtkWidget      **out_window)
{
  GtkWidget *window = GTK_WIDGET (ud_window_new (NULL, db, account));
  UdInsuranceClaimDetail *detail;

  gtk_window_present (GTK_WINDOW (window));
  ud_insurance_claim_detail_present (window, db, id);
  settle ();
  detail = find_window (UD_TYPE_INSURANCE_CLAIM_DETAIL);
  g_assert_nonnull (detail);
  g_assert_cmpint (ud_insurance_claim_detail_get_claim_id (detail), ==, id);
  *out_window = window;
  return detail;
}

static void
test_claim_to_approved (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  UdDatabase *db = t->db;
  const UdAccount *admin = ud_test_admin (db);
  const UdAccount *clerk_approver = ud_test_account (db, "both1",
                                                     UD_ROLE_CLERK | UD_ROLE_APPROVER);
  const UdAccount *reviewer = ud_test_account (db, "reviewer1", UD_ROLE_REVIEWER);
  const UdAccount *approver = ud_test_account (db, "approver1", UD_ROLE_APPROVER);
  const UdAccount *treasurer = ud_test_account (db, "treasurer1", UD_ROLE_TREASURER);
  g_autofree char *member_id = ud_test_make_id ("110105", "19780415", 31);
  g_autoptr(UdMember) member = ud_test_member_new (db, "王建国", member_id);
  g_autoptr(UdInsuranceRosterResult) roster = NULL;
  g_autoptr(UdInsuranceClaim) claim = NULL;
  g_autoptr(UdPayout) payout = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  UdInsuranceRosterRequest request = { 0 };
  UdInsuranceClaimEditor *editor;
  UdInsuranceClaimDetail *detail;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *button;
  GtkWidget *dialog;
  g_autofree char *paid_on = NULL;
  g_autofree char *event_on = NULL;
  GDate day;
  gint64 id;

  g_assert_true (ud_member_store_insert (db, admin, member, &error));
  g_assert_no_error (error);

  /* The member is enrolled in the accident plan with 2 shares, paid 30 days ago. */
  request.plan_kind = UD_INSURANCE_PLAN_ACCIDENT;
  ud_date_today (&day);
  request.term_year = g_date_get_year (&day);
  request.shares = 2;
  request.payer = UD_INSURANCE_PAYER_UNION;
  request.org_id = ud_database_get_office_org_id (db);
  request.all_active = TRUE;
  roster = ud_insurance_store_enroll_roster (db, clerk_approver, &request, NULL, NULL, NULL,
                                             &error);
  g_assert_no_error (error);
  g_date_subtract_days (&day, 30);
  paid_on = ud_date_format (&day);
  g_assert_true (ud_insurance_store_record_payment (db, treasurer, roster->roster, paid_on, NULL,
                                                    NULL, NULL, &error));
  g_assert_no_error (error);
  g_date_add_days (&day, 25);
  event_on = ud_date_format (&day);

  /* The clerk reports the claim: Ctrl+N's action on the page opens the editor. */
  window = GTK_WIDGET (ud_window_new (NULL, db, clerk_approver));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ud_window_show_section (UD_WINDOW (window), "insurance"));
  settle ();
  {
    GtkWidget *found = NULL;
    GtkWidget *stack[64];
    int depth = 0;

    stack[depth++] = window;
    while (depth > 0 && found == NULL)
      {
        GtkWidget *w = stack[--depth];

        if (UD_IS_INSURANCE_PAGE (w))
          found = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && depth < 63;
             c = gtk_widget_get_next_sibling (c))
          stack[depth++] = c;
      }
    g_assert_nonnull (found);
    page = found;
  }
  g_assert_true (gtk_widget_activate_action (page, "insurance-page.new-claim", NULL));
  settle ();
  editor = find_window (UD_TYPE_INSURANCE_CLAIM_EDITOR);
  g_assert_nonnull (editor);

  type_text (child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR, "member_row"), "王建国");
  {
    GtkWidget *row = child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR, "enrollment_row");
    GListModel *choices = adw_combo_row_get_model (ADW_COMBO_ROW (row));

    g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 1);
  }
  /* The accident plan's table: death, total disability, grades 1–10; grade 2 is the fourth. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR,
                                                    "event_row")), 3);
  settle ();
  g_assert_false (gtk_widget_get_visible (child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR,
                                                 "days_row")));
  type_text (child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR, "bank_row"), "工商银行");
  type_text (child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR, "account_row"),
             "6222021234567890123");

  /* A date in the future is named under its field, and the editor stays. */
  type_text (child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR, "event_date_row"), "2999-01-01");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  settle ();
  g_assert_true (find_window (UD_TYPE_INSURANCE_CLAIM_EDITOR) == editor);
  g_assert_true (ud_form_has_error (child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR,
                                           "event_date_row")));

  /* Closing with what was typed asks first; keeping loses nothing. */
  gtk_window_close (GTK_WINDOW (editor));
  settle ();
  dialog = find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  settle ();
  g_assert_true (find_window (UD_TYPE_INSURANCE_CLAIM_EDITOR) == editor);

  type_text (child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR, "event_date_row"), event_on);
  g_assert_false (ud_form_has_error (child (editor, UD_TYPE_INSURANCE_CLAIM_EDITOR,
                                            "event_date_row")));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  settle ();
  g_assert_null (editor);

  /* The claim's window opened; the clerk may not mark the documents. */
  detail = find_window (UD_TYPE_INSURANCE_CLAIM_DETAIL);
  g_assert_nonnull (detail);
  id = ud_insurance_claim_detail_get_claim_id (detail);
  claim = get_claim (db, id);
  g_assert_cmpint (claim->status, ==, UD_INSURANCE_CLAIM_REPORTED);
  g_assert_cmpstr (claim->event, ==, "grade_2");
  g_assert_cmpstr (claim->event_date, ==, event_on);
  g_assert_cmpstr (claim->payee_name, ==, "王建国");
  button = ud_insurance_claim_detail_get_step_button (detail, "claim.documents");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  destroy_and_wait (detail);
  destroy_and_wait (window);

  /* The reviewer: documents complete, then the assessment, shown line by line. */
  detail = open_detail (db, reviewer, id, &window);
  click (ud_insurance_claim_detail_get_step_button (detail, "claim.documents"));
  g_clear_pointer (&claim, ud_insurance_claim_free);
  claim = get_claim (db, id);
  g_assert_cmpint (claim->status, ==, UD_INSURANCE_CLAIM_DOCUMENTS_COMPLETE);
  click (ud_insurance_claim_detail_get_step_button (detail, "claim.assess"));
  g_clear_pointer (&claim, ud_insurance_claim_free);
  claim = get_claim (db, id);
  g_assert_cmpint (claim->status, ==, UD_INSURANCE_CLAIM_ASSESSED);
  g_assert_cmpint (claim->assessed_fen, ==, 2 * 450000);
  lines = ud_insurance_claim_dup_computation_lines (claim);
  g_assert_nonnull (lines);
  g_assert_cmpuint (g_strv_length (lines), >, 1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_true (shows_label (ud_insurance_claim_detail_get_computation_group (detail),
                                lines[i]));
  g_assert_false (gtk_widget_get_sensitive (ud_insurance_claim_detail_get_step_button (
                                              detail, "claim.approve")));
  destroy_and_wait (detail);
  destroy_and_wait (window);

  /* The reporter is an approver too, but may not approve it: the button says why. */
  detail = open_detail (db, clerk_approver, id, &window);
  button = ud_insurance_claim_detail_get_step_button (detail, "claim.approve");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "another approver"));
  destroy_and_wait (detail);
  destroy_and_wait (window);

  /* Another approver approves after the confirmation. */
  detail = open_detail (db, approver, id, &window);
  click (ud_insurance_claim_detail_get_step_button (detail, "claim.approve"));
  dialog = find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "approve");
  settle ();
  g_clear_pointer (&claim, ud_insurance_claim_free);
  claim = get_claim (db, id);
  g_assert_cmpint (claim->status, ==, UD_INSURANCE_CLAIM_APPROVED);
  g_assert_cmpint (claim->approved_fen, ==, 900000);
  g_assert_false (gtk_widget_get_visible (ud_insurance_claim_detail_get_step_button (
                                            detail, "claim.approve")));
  g_assert_true (shows_label (GTK_WIDGET (detail), "¥9,000.00"));
  payout = ud_payout_store_get_for_source (db, UD_PAYOUT_SOURCE_INSURANCE, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payout);
  g_assert_cmpint (payout->amount_fen, ==, 900000);
  destroy_and_wait (detail);
  destroy_and_wait (window);

  /* The page lists the claim, the enrollment and the seven plans. */
  page = ud_insurance_page_new (db);
  g_object_ref_sink (page);
  g_assert_cmpuint (listed_rows (child (page, UD_TYPE_INSURANCE_PAGE, "claims_view")), ==, 1);
  g_assert_cmpuint (listed_rows (child (page, UD_TYPE_INSURANCE_PAGE, "enrollments_view")), ==,
                    1);
  {
    guint n = 0;

    for (GtkWidget *row = gtk_widget_get_first_child (child (page, UD_TYPE_INSURANCE_PAGE,
                                                             "plans_list"));
         row != NULL; row = gtk_widget_get_next_sibling (row))
      n++;
    g_assert_cmpuint (n, ==, UD_INSURANCE_N_PLANS);
  }
  gtk_editable_set_text (GTK_EDITABLE (child (page, UD_TYPE_INSURANCE_PAGE, "claim_search")),
                         "没有这个人");
  settle ();
  {
    guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the search");
    GtkWidget *view = child (page, UD_TYPE_INSURANCE_PAGE, "claims_view");

    /* The search entry waits a moment before it searches. */
    while (listed_rows (view) != 0)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (timeout);
  }
  g_object_unref (page);
}

/* Runs the main loop until @button is sensitive again (the worker thread finished). */
static void
wait_sensitive (GtkWidget *button)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the worker thread");

  while (!gtk_widget_get_sensitive (button))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  settle ();
}

static void
test_plan_and_roster (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  UdDatabase *db = t->db;
  const UdAccount *admin = ud_test_admin (db);
  const UdAccount *clerk = ud_test_account (db, "clerk1", UD_ROLE_CLERK);
  const UdAccount *reviewer = ud_test_account (db, "reviewer1", UD_ROLE_REVIEWER);
  g_autofree char *young_id = ud_test_make_id ("110105", "19850301", 31);
  g_autofree char *old_id = ud_test_make_id ("110105", "19400301", 33);
  g_autoptr(UdMember) young = ud_test_member_new (db, "赵青", young_id);
  g_autoptr(UdMember) old = ud_test_member_new (db, "钱老", old_id);
  g_autoptr(UdInsurancePlanRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  UdInsurancePlanDialog *plan_dialog;
  UdInsuranceRosterDialog *roster_dialog;
  GtkWidget *window;
  GtkWidget *preview;
  GtkWidget *enrol;
  guint n = 0;

  g_assert_true (ud_member_store_insert (db, admin, young, &error));
  g_assert_true (ud_member_store_insert (db, admin, old, &error));
  g_assert_no_error (error);

  /* The administrator edits the accident plan. */
  window = GTK_WIDGET (ud_window_new (NULL, db, admin));
  gtk_window_present (GTK_WINDOW (window));
  ud_insurance_plan_dialog_present (window, db, UD_INSURANCE_PLAN_ACCIDENT);
  settle ();
  plan_dialog = find_window (UD_TYPE_INSURANCE_PLAN_DIALOG);
  g_assert_nonnull (plan_dialog);
  type_text (child (plan_dialog, UD_TYPE_INSURANCE_PLAN_DIALOG, "price_row"), "12");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (plan_dialog, UD_TYPE_INSURANCE_PLAN_DIALOG,
                                                     "max_age_spin")), 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (plan_dialog), "plan.save", NULL));
  settle ();
  g_assert_true (find_window (UD_TYPE_INSURANCE_PLAN_DIALOG) == plan_dialog);
  g_assert_true (ud_form_has_error (child (plan_dialog, UD_TYPE_INSURANCE_PLAN_DIALOG,
                                           "max_age_row")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (plan_dialog, UD_TYPE_INSURANCE_PLAN_DIALOG,
                                                     "max_age_spin")), 70);
  g_object_add_weak_pointer (G_OBJECT (plan_dialog), (gpointer *) &plan_dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (plan_dialog), "plan.save", NULL));
  settle ();
  g_assert_null (plan_dialog);
  record = ud_insurance_store_get_plan (db, UD_INSURANCE_PLAN_ACCIDENT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->plan.price_per_share_fen, ==, 1200);
  g_assert_cmpint (record->plan.max_age, ==, 70);
  g_assert_cmpint (record->version, ==, 2);
  destroy_and_wait (window);

  /* A reviewer reads the plan but may not save it. */
  window = GTK_WIDGET (ud_window_new (NULL, db, reviewer));
  gtk_window_present (GTK_WINDOW (window));
  ud_insurance_plan_dialog_present (window, db, UD_INSURANCE_PLAN_ACCIDENT);
  settle ();
  plan_dialog = find_window (UD_TYPE_INSURANCE_PLAN_DIALOG);
  g_assert_nonnull (plan_dialog);
  g_assert_false (gtk_widget_get_sensitive (child (plan_dialog, UD_TYPE_INSURANCE_PLAN_DIALOG,
                                                   "save_button")));
  g_assert_nonnull (gtk_widget_get_tooltip_text (child (plan_dialog,
                                                        UD_TYPE_INSURANCE_PLAN_DIALOG,
                                                        "save_button")));
  destroy_and_wait (plan_dialog);
  destroy_and_wait (window);

  /* The clerk enrols every active member: a preview first, the old member refused. */
  window = GTK_WIDGET (ud_window_new (NULL, db, clerk));
  gtk_window_present (GTK_WINDOW (window));
  ud_insurance_roster_dialog_present (window, db);
  settle ();
  roster_dialog = find_window (UD_TYPE_INSURANCE_ROSTER_DIALOG);
  g_assert_nonnull (roster_dialog);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (roster_dialog,
                                                    UD_TYPE_INSURANCE_ROSTER_DIALOG, "plan_row")),
                              UD_INSURANCE_PLAN_ACCIDENT);
  preview = child (roster_dialog, UD_TYPE_INSURANCE_ROSTER_DIALOG, "preview_button");
  enrol = child (roster_dialog, UD_TYPE_INSURANCE_ROSTER_DIALOG, "enrol_button");
  g_assert_false (gtk_widget_get_sensitive (enrol));
  click (preview);
  wait_sensitive (preview);
  g_assert_true (gtk_widget_get_sensitive (enrol));
  g_assert_true (gtk_widget_get_visible (child (roster_dialog, UD_TYPE_INSURANCE_ROSTER_DIALOG,
                                                "result_list")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (roster_dialog,
                                                                  UD_TYPE_INSURANCE_ROSTER_DIALOG,
                                                                  "summary_label"))),
                            "1 will be enrolled, 1 refused"));
  g_assert_true (shows_label (child (roster_dialog, UD_TYPE_INSURANCE_ROSTER_DIALOG,
                                     "result_list"), "Refused"));
  g_assert_true (ud_insurance_store_count_enrollments (db, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 0);

  click (enrol);
  while (gtk_widget_get_visible (child (roster_dialog, UD_TYPE_INSURANCE_ROSTER_DIALOG,
                                        "progress_bar")))
    g_main_context_iteration (NULL, TRUE);
  settle ();
  g_assert_true (ud_insurance_store_count_enrollments (db, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (roster_dialog,
                                                                  UD_TYPE_INSURANCE_ROSTER_DIALOG,
                                                                  "summary_label"))),
                            "BZ"));
  g_assert_false (gtk_widget_get_sensitive (enrol));
  destroy_and_wait (roster_dialog);
  destroy_and_wait (window);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ud/ui/insurance/claim-to-approved", test_claim_to_approved);
  g_test_add_func ("/ud/ui/insurance/plan-and-roster", test_plan_and_roster);

  return g_test_run ();
}
