/* tests/test-ui-aid.c — aid applications on a real display: a clerk enters a medical relief
 * application with two bills in the editor (the out-of-pocket of each follows what is typed; the
 * second bill takes the year's out-of-pocket over the 2,000-yuan threshold) and submits it; a
 * reviewer reviews it and the detail shows the computation line by line and the computed amount;
 * an approver approves it. An approver who entered an application is refused: the button is
 * insensitive with a tooltip, and the core's refusal shows in the step's dialog when forced.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-account.h"
#include "ud-aid-action-dialog.h"
#include "ud-aid-detail.h"
#include "ud-aid-editor.h"
#include "ud-aid-page.h"
#include "ud-aid-store.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-hardship-store.h"
#include "ud-hardship-store-private.h"
#include "ud-member-store.h"
#include "ud-paged-list-model.h"
#include "ud-test-ui.h"
#include "ud-test-util.h"
#include "ud-window.h"

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* The rows a page's list view shows once its paged model has counted the query. */
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

static UdAidApplication *
get_application (UdDatabase *db,
                 gint64      id)
{
  g_autoptr(GError) error = NULL;
  UdAidApplication *app = ud_aid_store_get (db, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (app);
  return app;
}

static UdAidDetail *
open_detail (UdDatabase      *db,
             const UdAccount *account,
             gint64           id,
             GtkWidget      **out_window)
{
  GtkWidget *window = GTK_WIDGET (ud_window_new (NULL, db, account));
  UdAidDetail *detail;

  gtk_window_present (GTK_WINDOW (window));
  ud_aid_detail_present (window, db, id);
  settle ();
  detail = find_window (UD_TYPE_AID_DETAIL);
  g_assert_nonnull (detail);
  g_assert_cmpint (ud_aid_detail_get_application_id (detail), ==, id);
  *out_window = window;
  return detail;
}

static void
close_detail (UdAidDetail *detail,
              GtkWidget   *window)
{
  destroy_and_wait (detail);
  destroy_and_wait (window);
}

/* Presses the confirm button of the step dialog a click opened. Returns the dialog when it
 * stayed open (a refusal), else NULL. */
static UdAidActionDialog *
confirm_step (UdAidStep step)
{
  UdAidActionDialog *dialog = find_window (UD_TYPE_AID_ACTION_DIALOG);

  g_assert_nonnull (dialog);
  g_assert_cmpint (ud_aid_action_dialog_get_step (dialog), ==, step);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (child (dialog, UD_TYPE_AID_ACTION_DIALOG, "confirm_button"), "clicked");
  settle ();
  if (dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  return dialog;
}

/* A filed hardship file (relative hardship: the medical threshold is 2,000 yuan) for the
 * worker with the spouse in the household, made through the store on dates in the past. */
static gint64
filed_file (UdDatabase      *db,
            const UdAccount *clerk,
            const UdAccount *reviewer,
            const UdAccount *approver,
            gint64           worker,
            const char      *spouse_id)
{
  g_autoptr(UdHardshipFile) file = ud_hardship_file_new ();
  UdHouseholdMember *spouse = ud_household_member_new ();
  g_autoptr(GError) error = NULL;
  GDate day;

  ud_date_today (&day);
  g_date_subtract_days (&day, 40);
  ud_hardship_store_set_today (&day);
  file->member_id = worker;
  file->main_cause = UD_HARDSHIP_CAUSE_MAJOR_ILLNESS;
  file->worker_monthly_income_fen = 50000;
  file->bank_account = g_strdup ("6222021234567890123");
  spouse->name = g_strdup ("李秀兰");
  spouse->relation = UD_RELATION_SPOUSE;
  spouse->id_number = g_strdup (spouse_id);
  g_ptr_array_add (file->household, spouse);
  g_assert_true (ud_hardship_store_create (db, clerk, file, &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_submit (db, clerk, file->id, NULL, &error));
  g_assert_true (ud_hardship_store_start_verification (db, reviewer, file->id, &error));
  g_assert_true (ud_hardship_store_publicise (db, reviewer, file->id, NULL, &error));
  g_assert_no_error (error);
  g_date_add_days (&day, 30);
  ud_hardship_store_set_today (&day);
  g_assert_true (ud_hardship_store_review (db, reviewer, file->id, UD_HARDSHIP_CATEGORY_RELATIVE,
                                           "核实", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_approve (db, approver, file->id, NULL, &error));
  g_assert_no_error (error);
  ud_hardship_store_set_today (NULL);
  return file->id;
}

static void
fill_claim (UdAidEditor *editor,
            guint        index,
            guint        patient,
            UdMedicalKind kind,
            const char  *date,
            const char  *total,
            const char  *basic,
            const char  *critical)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (ud_aid_editor_get_claim_row (editor, index,
                                                                           "patient")), patient);
  adw_combo_row_set_selected (ADW_COMBO_ROW (ud_aid_editor_get_claim_row (editor, index, "kind")),
                              kind);
  type_text (ud_aid_editor_get_claim_row (editor, index, "diagnosis"), "肺炎");
  type_text (ud_aid_editor_get_claim_row (editor, index, "hospital"), "区人民医院");
  type_text (ud_aid_editor_get_claim_row (editor, index, "admitted"), date);
  if (kind == UD_MEDICAL_KIND_INPATIENT)
    type_text (ud_aid_editor_get_claim_row (editor, index, "discharged"), date);
  type_text (ud_aid_editor_get_claim_row (editor, index, "total"), total);
  type_text (ud_aid_editor_get_claim_row (editor, index, "basic_insurance"), basic);
  type_text (ud_aid_editor_get_claim_row (editor, index, "critical_insurance"), critical);
}

static void
test_medical_to_approved (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  UdDatabase *db = t->db;
  const UdAccount *admin = ud_test_admin (db);
  const UdAccount *clerk = ud_test_account (db, "clerk1", UD_ROLE_CLERK);
  const UdAccount *reviewer = ud_test_account (db, "reviewer1", UD_ROLE_REVIEWER);
  const UdAccount *approver = ud_test_account (db, "approver1", UD_ROLE_APPROVER);
  const UdAccount *clerk_approver = ud_test_account (db, "both1",
                                                     UD_ROLE_CLERK | UD_ROLE_APPROVER);
  g_autofree char *worker_id = ud_test_make_id ("110105", "19780415", 31);
  g_autofree char *spouse_id = ud_test_make_id ("110105", "19800102", 42);
  g_autoptr(UdMember) worker = ud_test_member_new (db, "王建国", worker_id);
  g_autoptr(UdAidApplication) app = NULL;
  g_autoptr(UdAidApplication) own = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today_text = NULL;
  UdAidActionDialog *dialog;
  UdAidDetail *detail;
  UdAidEditor *editor;
  GtkWidget *window;
  GtkWidget *matches;
  GtkWidget *button;
  GtkWidget *total_row;
  gint64 file_id;
  gint64 id;
  GDate today;

  g_assert_true (ud_member_store_insert (db, admin, worker, &error));
  g_assert_no_error (error);
  file_id = filed_file (db, clerk, reviewer, approver, worker->id, spouse_id);
  ud_date_today (&today);
  today_text = ud_date_format (&today);

  /* The clerk enters a medical relief application with two bills. */
  window = GTK_WIDGET (ud_window_new (NULL, db, clerk));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ud_window_show_section (UD_WINDOW (window), "aid"));
  settle ();
  ud_aid_editor_present (window, db, 0, 0);
  settle ();
  editor = find_window (UD_TYPE_AID_EDITOR);
  g_assert_nonnull (editor);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (editor, UD_TYPE_AID_EDITOR,
                                                                      "type_row"))),
                    ==, UD_AID_TYPE_MEDICAL);
  g_assert_true (gtk_widget_get_visible (child (editor, UD_TYPE_AID_EDITOR, "medical_group")));

  type_text (child (editor, UD_TYPE_AID_EDITOR, "file_row"), "王建国");
  matches = child (editor, UD_TYPE_AID_EDITOR, "file_matches");
  g_assert_true (gtk_widget_get_visible (matches));
  g_signal_emit_by_name (matches, "row-activated",
                         gtk_list_box_get_row_at_index (GTK_LIST_BOX (matches), 0));
  settle ();
  g_assert_true (gtk_widget_get_visible (child (editor, UD_TYPE_AID_EDITOR, "file_value")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     child (editor, UD_TYPE_AID_EDITOR, "applicant_value"))), ==, "王建国");
  type_text (child (editor, UD_TYPE_AID_EDITOR, "requested_row"), "500");

  /* Closing with unsaved changes asks first, and keeping the form loses nothing. */
  {
    GtkWidget *confirm;

    gtk_window_close (GTK_WINDOW (editor));
    settle ();
    confirm = find_window (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (confirm);
    g_assert_true (find_window (UD_TYPE_AID_EDITOR) == editor);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "keep");
    settle ();
    g_assert_true (find_window (UD_TYPE_AID_EDITOR) == editor);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (editor, UD_TYPE_AID_EDITOR,
                                                                 "requested_row"))),
                     ==, "500");
  }

  /* A hospital stay of the worker: 1,200 yuan out of pocket, below the threshold. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-claim", NULL));
  settle ();
  fill_claim (editor, 0, 0, UD_MEDICAL_KIND_INPATIENT, today_text, "10,000", "8800", "");
  g_assert_cmpstr (gtk_label_get_text (ud_aid_editor_get_out_of_pocket_label (editor, 0)), ==,
                   "¥1,200.00");

  /* An outpatient bill of the spouse: payers above the total are named under the total. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-claim", NULL));
  settle ();
  g_assert_cmpuint (ud_aid_editor_get_n_claims (editor), ==, 2);
  fill_claim (editor, 1, 1, UD_MEDICAL_KIND_OUTPATIENT, today_text, "3000", "3500", "");
  total_row = ud_aid_editor_get_claim_row (editor, 1, "total");
  g_assert_true (gtk_widget_has_css_class (total_row, "error"));
  g_assert_true (ud_form_has_error (total_row));
  g_assert_cmpstr (gtk_label_get_text (ud_aid_editor_get_out_of_pocket_label (editor, 1)), ==,
                   "—");
  type_text (ud_aid_editor_get_claim_row (editor, 1, "basic_insurance"), "1500");
  type_text (ud_aid_editor_get_claim_row (editor, 1, "critical_insurance"), "300");
  g_assert_false (ud_form_has_error (total_row));
  g_assert_cmpstr (gtk_label_get_text (ud_aid_editor_get_out_of_pocket_label (editor, 1)), ==,
                   "¥1,200.00");

  /* Saved with Ctrl+S's action: the editor closes and the new application opens. */
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  settle ();
  if (editor != NULL)
    g_error ("the editor stayed open: %s",
             gtk_label_get_text (GTK_LABEL (child (editor, UD_TYPE_AID_EDITOR,
                                                   "general_error"))));
  detail = find_window (UD_TYPE_AID_DETAIL);
  g_assert_nonnull (detail);
  id = ud_aid_detail_get_application_id (detail);
  app = get_application (db, id);
  g_assert_cmpint (app->status, ==, UD_AID_STATUS_DRAFT);
  g_assert_cmpint (app->file_id, ==, file_id);
  g_assert_cmpint (app->requested_fen, ==, 50000);
  g_assert_cmpuint (app->claims->len, ==, 2);

  /* The clerk submits; the clerk may not review, and the button says who may. */
  click (ud_aid_detail_get_step_button (detail, "aid.submit"));
  g_clear_pointer (&app, ud_aid_application_free);
  app = get_application (db, id);
  g_assert_cmpint (app->status, ==, UD_AID_STATUS_SUBMITTED);
  button = ud_aid_detail_get_step_button (detail, "aid.review");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  close_detail (detail, window);

  /* The reviewer reviews: the detail shows the computation and 200 yuan (50% of 400). */
  detail = open_detail (db, reviewer, id, &window);
  click (ud_aid_detail_get_step_button (detail, "aid.review"));
  g_assert_null (confirm_step (UD_AID_STEP_REVIEW));
  g_clear_pointer (&app, ud_aid_application_free);
  app = get_application (db, id);
  g_assert_cmpint (app->status, ==, UD_AID_STATUS_REVIEWED);
  g_assert_cmpint (app->computed_fen, ==, 20000);
  lines = ud_aid_application_explain (app, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, >, 1);
  for (guint i = 0; i < lines->len; i++)
    g_assert_true (shows_label (ud_aid_detail_get_computation_group (detail),
                                g_ptr_array_index (lines, i)));
  g_assert_true (shows_label (GTK_WIDGET (detail), "¥200.00"));
  /* A reviewer may not approve. */
  g_assert_false (gtk_widget_get_sensitive (ud_aid_detail_get_step_button (detail,
                                                                           "aid.approve")));
  close_detail (detail, window);

  /* The approver approves at the recommendation. */
  detail = open_detail (db, approver, id, &window);
  click (ud_aid_detail_get_step_button (detail, "aid.approve"));
  g_assert_null (confirm_step (UD_AID_STEP_APPROVE));
  g_clear_pointer (&app, ud_aid_application_free);
  app = get_application (db, id);
  g_assert_cmpint (app->status, ==, UD_AID_STATUS_APPROVED);
  g_assert_cmpint (app->approved_fen, ==, 20000);
  g_assert_false (gtk_widget_get_visible (ud_aid_detail_get_step_button (detail,
                                                                         "aid.approve")));
  g_assert_true (shows_label (GTK_WIDGET (detail), "¥200.00"));
  close_detail (detail, window);

  /* An approver who entered an application may not approve it. */
  own = ud_aid_application_new (UD_AID_TYPE_LIVING);
  own->year = g_date_get_year (&today);
  own->file_id = file_id;
  own->living_months = 2;
  g_assert_true (ud_aid_store_create (db, clerk_approver, own, &error));
  g_assert_no_error (error);
  g_assert_true (ud_aid_store_submit (db, clerk_approver, own->id, &error));
  g_assert_no_error (error);
  g_assert_true (ud_aid_store_review (db, reviewer, own->id, NULL, &error));
  g_assert_no_error (error);

  detail = open_detail (db, clerk_approver, own->id, &window);
  button = ud_aid_detail_get_step_button (detail, "aid.approve");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "another approver"));

  /* Forced: the step's dialog shows the core's refusal and stays open. */
  g_clear_pointer (&app, ud_aid_application_free);
  app = get_application (db, own->id);
  dialog = ud_aid_action_dialog_new (db, app, UD_AID_STEP_APPROVE);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (detail));
  gtk_window_present (GTK_WINDOW (dialog));
  settle ();
  dialog = confirm_step (UD_AID_STEP_APPROVE);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (child (dialog, UD_TYPE_AID_ACTION_DIALOG,
                                                "general_error")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (dialog, UD_TYPE_AID_ACTION_DIALOG,
                                                         "general_error"))), !=, "");
  destroy_and_wait (dialog);
  g_clear_pointer (&app, ud_aid_application_free);
  app = get_application (db, own->id);
  g_assert_cmpint (app->status, ==, UD_AID_STATUS_REVIEWED);
  close_detail (detail, window);

  /* The page lists both applications, and the file filter keeps them. */
  {
    GtkWidget *page = ud_aid_page_new (db);
    GtkWidget *list;

    g_object_ref_sink (page);
    ud_aid_page_set_file (UD_AID_PAGE (page), file_id, "KN");
    list = child (page, UD_TYPE_AID_PAGE, "list_view");
    g_assert_cmpuint (listed_rows (list), ==, 2);
    ud_aid_page_set_file (UD_AID_PAGE (page), file_id + 1000, "KN");
    g_assert_cmpuint (listed_rows (list), ==, 0);
    g_object_unref (page);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ud/ui/aid/medical-to-approved", test_medical_to_approved);

  return g_test_run ();
}
