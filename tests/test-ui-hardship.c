/* tests/test-ui-hardship.c — the hardship files on a real display: a clerk opens a file in the
 * editor (the per-person income and the proposed category follow what is typed), saves and
 * submits it; a reviewer verifies and publicises it, is refused the review until the publicity
 * period is over, then reviews it; an approver files it. A second file with the same household
 * member's ID number is refused under that field, naming the first file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-account.h"
#include "ud-date.h"
#include "ud-form.h"
#include "ud-hardship-action-dialog.h"
#include "ud-hardship-detail.h"
#include "ud-hardship-editor.h"
#include "ud-hardship-page.h"
#include "ud-hardship-store.h"
#include "ud-hardship-store-private.h"
#include "ud-member-store.h"
#include "ud-paged-list-model.h"
#include "ud-policy.h"
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

/* The label under @widget showing @text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The workflow button named @name ("hardship.submit") of a detail window. */
static GtkWidget *
step_button (UdHardshipDetail *detail,
             const char       *name)
{
  GtkWidget *box = child (detail, UD_TYPE_HARDSHIP_DETAIL, "steps_box");

  for (GtkWidget *button = gtk_widget_get_first_child (box);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    if (g_str_equal (gtk_widget_get_name (button), name))
      return button;

  g_error ("no step button %s", name);
  return NULL;
}

static UdHardshipFile *
get_file (UdDatabase *db,
          gint64      id)
{
  g_autoptr(GError) error = NULL;
  UdHardshipFile *file = ud_hardship_store_get (db, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

/* Opens the main window as @account and the file's detail over it. */
static UdHardshipDetail *
open_detail (UdDatabase       *db,
             const UdAccount  *account,
             gint64            file_id,
             GtkWidget       **out_window)
{
  GtkWidget *window = GTK_WIDGET (ud_window_new (NULL, db, account));
  UdHardshipDetail *detail;

  gtk_window_present (GTK_WINDOW (window));
  ud_hardship_detail_present (window, db, file_id);
  settle ();
  detail = find_window (UD_TYPE_HARDSHIP_DETAIL);
  g_assert_nonnull (detail);
  g_assert_cmpint (ud_hardship_detail_get_file_id (detail), ==, file_id);
  *out_window = window;
  return detail;
}

static void
close_detail (UdHardshipDetail *detail,
              GtkWidget        *window)
{
  destroy_and_wait (detail);
  destroy_and_wait (window);
}

/* Runs the step dialog that a click opened: fills @reason when given, presses the confirm
 * button. Returns the dialog when it stayed open (a refusal), else NULL. */
static UdHardshipActionDialog *
confirm_step (UdHardshipStep  step,
              const char     *reason)
{
  UdHardshipActionDialog *dialog = find_window (UD_TYPE_HARDSHIP_ACTION_DIALOG);

  g_assert_nonnull (dialog);
  g_assert_cmpint (ud_hardship_action_dialog_get_step (dialog), ==, step);
  if (reason != NULL)
    gtk_editable_set_text (GTK_EDITABLE (child (dialog, UD_TYPE_HARDSHIP_ACTION_DIALOG,
                                                "reason_row")), reason);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (child (dialog, UD_TYPE_HARDSHIP_ACTION_DIALOG, "confirm_button"),
                         "clicked");
  settle ();
  if (dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  return dialog;
}

static UdHardshipEditor *
open_editor (GtkWidget  *window,
             UdDatabase *db)
{
  UdHardshipEditor *editor;

  ud_hardship_editor_present (window, db, 0);
  settle ();
  editor = find_window (UD_TYPE_HARDSHIP_EDITOR);
  g_assert_nonnull (editor);
  return editor;
}

/* Types @text into the worker search and picks the first member found. */
static void
choose_worker (UdHardshipEditor *editor,
               const char       *text)
{
  GtkWidget *matches = child (editor, UD_TYPE_HARDSHIP_EDITOR, "worker_matches");
  GtkListBoxRow *row;

  gtk_editable_set_text (GTK_EDITABLE (child (editor, UD_TYPE_HARDSHIP_EDITOR, "worker_row")),
                         text);
  settle ();
  g_assert_true (gtk_widget_get_visible (matches));
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (matches), 0);
  g_assert_nonnull (row);
  g_signal_emit_by_name (matches, "row-activated", row);
  settle ();
  g_assert_true (gtk_widget_get_visible (child (editor, UD_TYPE_HARDSHIP_EDITOR,
                                                "worker_value")));
}

static void
add_spouse (UdHardshipEditor *editor,
            const char       *name,
            const char       *id_number)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-person", NULL));
  settle ();
  gtk_editable_set_text (GTK_EDITABLE (ud_hardship_editor_get_person_row (editor, 0, "name")),
                         name);
  gtk_editable_set_text (GTK_EDITABLE (ud_hardship_editor_get_person_row (editor, 0,
                                                                          "id_number")),
                         id_number);
  settle ();
}

static const char *
label_text (UdHardshipEditor *editor,
            const char       *name)
{
  return gtk_label_get_text (GTK_LABEL (child (editor, UD_TYPE_HARDSHIP_EDITOR, name)));
}

static void
test_draft_to_filed (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  UdDatabase *db = t->db;
  const UdAccount *admin = ud_test_admin (db);
  const UdAccount *clerk = ud_test_account (db, "clerk1", UD_ROLE_CLERK);
  const UdAccount *reviewer = ud_test_account (db, "reviewer1", UD_ROLE_REVIEWER);
  const UdAccount *approver = ud_test_account (db, "approver1", UD_ROLE_APPROVER);
  g_autofree char *worker_id = ud_test_make_id ("110105", "19780415", 31);
  g_autofree char *worker2_id = ud_test_make_id ("110105", "19800720", 53);
  g_autofree char *spouse_id = ud_test_make_id ("110105", "19800102", 42);
  g_autoptr(UdMember) worker = ud_test_member_new (db, "王建国", worker_id);
  g_autoptr(UdMember) worker2 = ud_test_member_new (db, "赵志强", worker2_id);
  g_autoptr(UdHardshipFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_per_capita = NULL;
  UdHardshipActionDialog *dialog;
  UdHardshipDetail *detail;
  UdHardshipEditor *editor;
  GtkWidget *window;
  GtkWidget *id_row;
  GtkWidget *label;
  gint64 dibao = 0;
  gint64 file_id;
  GDate today;
  GDate end;

  g_assert_true (ud_member_store_insert (db, admin, worker, &error));
  g_assert_no_error (error);
  g_assert_true (ud_member_store_insert (db, admin, worker2, &error));
  g_assert_no_error (error);
  ud_date_today (&today);
  g_assert_true (ud_policy_value (db, UD_POLICY_DIBAO_MONTHLY, NULL, &today, &dibao, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dibao, >, 25000);

  /* The clerk opens the file: the figures follow what is typed. */
  window = GTK_WIDGET (ud_window_new (NULL, db, clerk));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ud_window_show_section (UD_WINDOW (window), "hardship"));
  settle ();
  editor = open_editor (window, db);
  choose_worker (editor, "王建国");

  gtk_editable_set_text (GTK_EDITABLE (child (editor, UD_TYPE_HARDSHIP_EDITOR,
                                              "worker_income_row")), "1,000");
  settle ();
  g_assert_cmpstr (label_text (editor, "size_value"), ==, "1");
  g_assert_cmpstr (label_text (editor, "per_capita_value"), ==, "¥1,000.00");

  add_spouse (editor, "李秀兰", spouse_id);
  g_assert_cmpstr (label_text (editor, "size_value"), ==, "2");
  g_assert_cmpstr (label_text (editor, "annual_value"), ==, "¥12,000.00");
  g_assert_cmpstr (label_text (editor, "per_capita_value"), ==, "¥500.00");
  g_assert_cmpstr (label_text (editor, "proposed_value"), ==,
                   ud_enum_label (&ud_hardship_category_info,
                                  ud_hardship_propose_category (50000, dibao, 0, 1200000, 8000)));

  /* The spouse earns too: the figures change at once. */
  gtk_editable_set_text (GTK_EDITABLE (ud_hardship_editor_get_person_row (editor, 0,
                                                                          "monthly_income")),
                         "600");
  settle ();
  g_assert_cmpstr (label_text (editor, "per_capita_value"), ==, "¥800.00");
  expected_per_capita = g_strdup (label_text (editor, "per_capita_value"));

  adw_combo_row_set_selected (ADW_COMBO_ROW (child (editor, UD_TYPE_HARDSHIP_EDITOR,
                                                    "main_cause_row")),
                              UD_HARDSHIP_CAUSE_LAID_OFF);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ud_hardship_editor_get_cause_check (
                                 editor, UD_HARDSHIP_CAUSE_MAJOR_ILLNESS)), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ud_hardship_editor_get_document_check (
                                 editor, UD_HARDSHIP_DOC_ID_CARD)), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (child (editor, UD_TYPE_HARDSHIP_EDITOR,
                                              "bank_account_row")), "6222 0212 3456 7890 123");

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_signal_emit_by_name (child (editor, UD_TYPE_HARDSHIP_EDITOR, "save_button"), "clicked");
  settle ();
  g_assert_null (editor);

  file = ud_hardship_store_find_live (db, worker_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_cmpint (file->status, ==, UD_HARDSHIP_STATUS_DRAFT);
  g_assert_true (g_str_has_prefix (file->file_number, "KN"));
  g_assert_cmpint (file->per_capita_monthly_fen, ==, 80000);
  g_assert_cmpuint (file->household->len, ==, 1);
  file_id = file->id;
  destroy_and_wait (window);

  /* The clerk submits it from the detail. */
  detail = open_detail (db, clerk, file_id, &window);
  g_assert_false (gtk_widget_get_visible (step_button (detail, "hardship.verify")));
  click (step_button (detail, "hardship.submit"));
  g_assert_null (confirm_step (UD_HARDSHIP_STEP_SUBMIT, NULL));
  g_clear_pointer (&file, ud_hardship_file_free);
  file = get_file (db, file_id);
  g_assert_cmpint (file->status, ==, UD_HARDSHIP_STATUS_SUBMITTED);
  /* A clerk may not verify: the button says which role may. */
  g_assert_true (gtk_widget_get_visible (step_button (detail, "hardship.verify")));
  g_assert_false (gtk_widget_get_sensitive (step_button (detail, "hardship.verify")));
  g_assert_nonnull (gtk_widget_get_tooltip_text (step_button (detail, "hardship.verify")));
  close_detail (detail, window);

  /* The reviewer verifies and publicises. */
  detail = open_detail (db, reviewer, file_id, &window);
  click (step_button (detail, "hardship.verify"));
  click (step_button (detail, "hardship.publicise"));
  g_assert_null (confirm_step (UD_HARDSHIP_STEP_PUBLICISE, NULL));
  g_clear_pointer (&file, ud_hardship_file_free);
  file = get_file (db, file_id);
  g_assert_cmpint (file->status, ==, UD_HARDSHIP_STATUS_PUBLICISED);
  g_assert_true (ud_hardship_file_publicity_end (file, &end));

  /* Before the period ends, the review is refused and the dialog says why. */
  click (step_button (detail, "hardship.review"));
  dialog = confirm_step (UD_HARDSHIP_STEP_REVIEW, NULL);
  g_assert_nonnull (dialog);
  label = child (dialog, UD_TYPE_HARDSHIP_ACTION_DIALOG, "general_error");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "publicity"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), file->file_number));
  destroy_and_wait (dialog);
  g_clear_pointer (&file, ud_hardship_file_free);
  file = get_file (db, file_id);
  g_assert_cmpint (file->status, ==, UD_HARDSHIP_STATUS_PUBLICISED);

  /* From the first day after the period, it may be reviewed. */
  ud_hardship_store_set_today (&end);
  click (step_button (detail, "hardship.review"));
  g_assert_null (confirm_step (UD_HARDSHIP_STEP_REVIEW, NULL));
  g_clear_pointer (&file, ud_hardship_file_free);
  file = get_file (db, file_id);
  g_assert_cmpint (file->status, ==, UD_HARDSHIP_STATUS_REVIEWED);
  g_assert_cmpint (file->category, ==, file->proposed_category);
  close_detail (detail, window);

  /* The approver files it. */
  detail = open_detail (db, approver, file_id, &window);
  click (step_button (detail, "hardship.approve"));
  g_assert_null (confirm_step (UD_HARDSHIP_STEP_APPROVE, NULL));
  g_clear_pointer (&file, ud_hardship_file_free);
  file = get_file (db, file_id);
  g_assert_cmpint (file->status, ==, UD_HARDSHIP_STATUS_ACTIVE);
  g_assert_false (gtk_widget_get_visible (step_button (detail, "hardship.approve")));
  close_detail (detail, window);
  ud_hardship_store_set_today (NULL);

  /* A second file with the same spouse: named under the ID field, as typed and on saving. */
  window = GTK_WIDGET (ud_window_new (NULL, db, clerk));
  gtk_window_present (GTK_WINDOW (window));
  editor = open_editor (window, db);
  choose_worker (editor, "赵志强");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (editor, UD_TYPE_HARDSHIP_EDITOR,
                                                    "main_cause_row")),
                              UD_HARDSHIP_CAUSE_MAJOR_ILLNESS);
  add_spouse (editor, "李秀兰", spouse_id);
  id_row = ud_hardship_editor_get_person_row (editor, 0, "id_number");
  g_assert_true (gtk_widget_has_css_class (id_row, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (ud_form_get_error_label (id_row))),
                            file->file_number));

  g_signal_emit_by_name (child (editor, UD_TYPE_HARDSHIP_EDITOR, "save_button"), "clicked");
  settle ();
  g_assert_nonnull (find_window (UD_TYPE_HARDSHIP_EDITOR));
  label = ud_form_get_error_label (id_row);
  g_assert_true (gtk_widget_get_mapped (label) || gtk_widget_get_visible (label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), file->file_number));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "王建国"));
  /* Nothing typed is lost. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (id_row)), ==, spouse_id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ud_hardship_editor_get_person_row (
                     editor, 0, "name"))), ==, "李秀兰");
  g_assert_null (ud_hardship_store_find_live (db, worker2_id, NULL));

  /* The page lists the filed household and finds it by the ID tail. */
  {
    GtkWidget *page = ud_hardship_page_new (db);
    GtkWidget *list;

    g_object_ref_sink (page);
    ud_hardship_page_reload (UD_HARDSHIP_PAGE (page));
    list = child (page, UD_TYPE_HARDSHIP_PAGE, "list_view");
    g_assert_cmpuint (listed_rows (list), >=, 1);
    gtk_editable_set_text (GTK_EDITABLE (child (page, UD_TYPE_HARDSHIP_PAGE, "search_entry")),
                           worker_id + 14);
    g_signal_emit_by_name (child (page, UD_TYPE_HARDSHIP_PAGE, "search_entry"), "search-changed");
    g_assert_cmpuint (listed_rows (list), ==, 1);

    /* On screen, the row's page is fetched and fills its placeholder. */
    {
      GtkWidget *host = gtk_window_new ();
      guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the row to fill");

      gtk_window_set_child (GTK_WINDOW (host), page);
      gtk_window_present (GTK_WINDOW (host));
      while (find_label (list, file->file_number) == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (timeout);
      destroy_and_wait (host);
    }
    g_object_unref (page);
  }

  (void) expected_per_capita;
  gtk_window_destroy (GTK_WINDOW (find_window (UD_TYPE_HARDSHIP_EDITOR)));
  destroy_and_wait (window);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ud/ui/hardship/draft-to-filed", test_draft_to_filed);

  return g_test_run ();
}
