/* tests/test-ui-policy.c — the policy parameters page: values in force, history, new values by
 * the administrator, a clerk who may only read, and a bad value refused, on a real display
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-date.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-policy.h"
#include "ud-policy-dialog.h"
#include "ud-policy-page.h"
#include "ud-test-util.h"
#include "ud-window.h"

#define CHILD(widget, type, ctype, name) \
  ((ctype *) gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static void
iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
destroy_and_wait (GtkWidget *window)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for a window to go");

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, window != NULL);
  g_source_remove (timeout);
}

/* The first widget under @root named @name that is of @type. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name,
            GType       type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_type_is_a (G_OBJECT_TYPE (child), type)
          && g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name, type)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child)
          && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;
      if ((found = find_actionable (child, action_name)) != NULL)
        return found;
    }
  return NULL;
}

/* Does any row under @root have a title or subtitle containing @text? */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ACTION_ROW (child)
          && (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), text) != NULL
              || g_strstr_len (adw_action_row_get_subtitle (ADW_ACTION_ROW (child)), -1,
                               text) != NULL))
        return TRUE;
      if (ADW_IS_EXPANDER_ROW (child)
          && g_strstr_len (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (child)), -1,
                           text) != NULL)
        return TRUE;
      if (shows_text (child, text))
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
show_policy_page (UdWindow *window)
{
  GtkWidget *page;

  g_assert_true (ud_window_show_section (window, "policy"));
  iterate ();
  page = ud_window_get_page (window, "policy");
  g_assert_true (UD_IS_POLICY_PAGE (page));
  return page;
}

static UdPolicyDialog *
open_dialog (GtkWidget  *page,
             const char *name)
{
  UdPolicyDialog *dialog = NULL;
  GList *toplevels;

  g_assert_true (gtk_widget_activate_action (page, "policy.new-value", "s", name));
  iterate ();
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (UD_IS_POLICY_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (ud_policy_dialog_get_info (dialog)->name, ==, name);
  return dialog;
}

static void
fill (UdPolicyDialog *dialog,
      const char     *row_name,
      const char     *text)
{
  gtk_editable_set_text (CHILD (dialog, UD_TYPE_POLICY_DIALOG, GtkEditable, row_name), text);
}

static void
save_and_wait (UdPolicyDialog *dialog)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the dialog to close");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "policy-dialog.save", NULL));
  while (dialog != NULL || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, dialog != NULL);
  g_source_remove (timeout);
}

static gint64
value_on (UdDatabase *db,
          const char *name,
          const char *region,
          const char *date)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;
  GDate on;

  g_assert_true (ud_date_parse (date, NULL, &on, NULL));
  g_assert_true (ud_policy_value (db, name, region, &on, &value, &error));
  g_assert_no_error (error);
  return value;
}

static guint
n_stored (UdDatabase *db,
          const char *name)
{
  g_autoptr(GPtrArray) values = ud_policy_list (db, name, NULL);

  g_assert_nonnull (values);
  return values->len;
}

/* The administrator sets the medical ratio to 60% and a 低保 value for one region from a date
 * that has passed (with a warning); the page shows both, the region under its parameter and the
 * note in the history. A value that cannot be read is refused under its field. */
static void
test_admin_sets_values (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  UdWindow *window = ud_window_new (NULL, t->db, ud_test_admin (t->db));
  UdPolicyDialog *dialog;
  GtkWidget *page;
  GtkWidget *ratio_row;
  GtkWidget *dibao_row;
  GtkWidget *button;
  GtkWidget *region_row;
  GtkWidget *value_row;
  GDate today;
  guint before;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, G_DATE_JUNE, 2026);
  ud_date_set_today_for_tests (&today);

  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  page = show_policy_page (window);

  ratio_row = find_named (page, UD_POLICY_MEDICAL_RATIO, ADW_TYPE_EXPANDER_ROW);
  g_assert_nonnull (ratio_row);
  g_assert_true (shows_text (gtk_widget_get_parent (ratio_row), "50.00%"));
  button = find_actionable (ratio_row, "policy.new-value");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));

  /* The medical ratio: 60% from the first of the month. */
  dialog = open_dialog (page, UD_POLICY_MEDICAL_RATIO);
  g_assert_cmpstr (gtk_editable_get_text (CHILD (dialog, UD_TYPE_POLICY_DIALOG, GtkEditable,
                                                 "from_row")), ==, "2026-07-01");
  g_assert_false (gtk_widget_get_visible (CHILD (dialog, UD_TYPE_POLICY_DIALOG, GtkWidget,
                                                 "region_row")));
  fill (dialog, "value_row", "60%");
  fill (dialog, "from_row", "2026-06-01");
  g_assert_true (gtk_widget_get_visible (CHILD (dialog, UD_TYPE_POLICY_DIALOG, GtkWidget,
                                                "past_warning")));
  fill (dialog, "note_row", "区总工会〔2026〕5号");
  save_and_wait (dialog);
  g_assert_cmpint (value_on (t->db, UD_POLICY_MEDICAL_RATIO, NULL, "2026-06-15"), ==, 6000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_MEDICAL_RATIO, NULL, "2026-05-31"), ==, 5000);

  ratio_row = find_named (page, UD_POLICY_MEDICAL_RATIO, ADW_TYPE_EXPANDER_ROW);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (ratio_row)),
                            "60.00%"));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (ratio_row)),
                            "2026-06-01"));
  g_assert_true (shows_text (ratio_row, "区总工会〔2026〕5号"));
  g_assert_true (shows_text (ratio_row, "50.00%"));

  /* 低保 for the region 330105 only. */
  dialog = open_dialog (page, UD_POLICY_DIBAO_MONTHLY);
  g_assert_true (gtk_widget_get_visible (CHILD (dialog, UD_TYPE_POLICY_DIALOG, GtkWidget,
                                                "region_row")));
  fill (dialog, "value_row", "1,180.00");
  fill (dialog, "from_row", "2026-06-01");
  fill (dialog, "region_row", "330105");
  save_and_wait (dialog);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, "330105", "2026-06-15"), ==, 118000);
  g_assert_cmpint (value_on (t->db, UD_POLICY_DIBAO_MONTHLY, NULL, "2026-06-15"), ==, 106000);

  dibao_row = find_named (page, UD_POLICY_DIBAO_MONTHLY, ADW_TYPE_EXPANDER_ROW);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (dibao_row)),
                            "1,060.00"));
  region_row = find_named (dibao_row, "330105", ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (region_row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (region_row)),
                            "1,180.00"));

  /* "abc" is no value: the error is under the field, the dialog stays, nothing is stored. */
  before = n_stored (t->db, UD_POLICY_MEDICAL_RATIO);
  dialog = open_dialog (page, UD_POLICY_MEDICAL_RATIO);
  fill (dialog, "value_row", "abc");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "policy-dialog.save", NULL));
  iterate ();
  value_row = CHILD (dialog, UD_TYPE_POLICY_DIALOG, GtkWidget, "value_row");
  g_assert_true (ud_form_has_error (value_row));
  g_assert_true (gtk_widget_get_visible (ud_form_get_error_label (value_row)));
  g_assert_cmpuint (n_stored (t->db, UD_POLICY_MEDICAL_RATIO), ==, before);
  g_assert_cmpint (value_on (t->db, UD_POLICY_MEDICAL_RATIO, NULL, "2026-07-15"), ==, 6000);
  destroy_and_wait (GTK_WIDGET (dialog));

  destroy_and_wait (GTK_WIDGET (window));
  ud_date_set_today_for_tests (NULL);
}

/* A clerk reads the page; the buttons are off and say that an administrator sets values. */
static void
test_clerk_reads (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  const UdAccount *clerk = ud_test_account (t->db, "clerk1", UD_ROLE_CLERK);
  g_autofree char *admin_label = g_strdup (ud_role_label (UD_ROLE_ADMIN));
  UdWindow *window = ud_window_new (NULL, t->db, clerk);
  GtkWidget *page;
  GtkWidget *row;
  GtkWidget *button;

  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  page = show_policy_page (window);

  row = find_named (page, UD_POLICY_MEDICAL_RATIO, ADW_TYPE_EXPANDER_ROW);
  g_assert_nonnull (row);
  g_assert_true (shows_text (gtk_widget_get_parent (row), "50.00%"));
  button = find_actionable (row, "policy.new-value");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), admin_label));

  destroy_and_wait (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ud_password_use_test_cost ();

  g_test_add_func ("/ud/ui/policy/admin-sets-values", test_admin_sets_values);
  g_test_add_func ("/ud/ui/policy/clerk-reads", test_clerk_reads);

  return g_test_run ();
}
