/* tests/test-ui-accounts.c — logging in, roles in the interface, the accounts and audit pages and
 * the lock screen, on a real display
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-account-page.h"
#include "ud-audit-page.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-lock-screen.h"
#include "ud-login-window.h"
#include "ud-member-store.h"
#include "ud-org-page.h"
#include "ud-test-ui.h"
#include "ud-test-util.h"
#include "ud-window.h"

#define CHILD(widget, type, ctype, name) \
  ((ctype *) gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static void
iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The first widget under @root whose action is @action_name. */
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

/* A button for @action_name placed in @window: is the action enabled there? */
static gboolean
action_enabled_in (UdWindow   *window,
                   const char *action_name)
{
  GtkWidget *box = gtk_widget_get_parent (CHILD (window, UD_TYPE_WINDOW, GtkWidget,
                                                 "new_member_button"));
  GtkWidget *button = gtk_button_new_with_label ("probe");
  gboolean enabled;

  g_assert_true (GTK_IS_BOX (box));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_box_append (GTK_BOX (box), button);
  iterate ();
  enabled = gtk_widget_get_sensitive (button);
  gtk_box_remove (GTK_BOX (box), button);
  return enabled;
}

static void
on_logged_in (UdLoginWindow    *login,
              const UdAccount  *account,
              UdAccount       **out)
{
  g_clear_pointer (out, ud_account_free);
  *out = ud_account_copy (account);
}

/* A wrong password is refused with a message; the clerk's password lets the clerk in, and the
 * window shows only what a clerk may do: no Accounts, no backups, no union changes (the buttons
 * say which role they need) and the core's refusal appears in the form. */
static void
test_login_and_roles (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(UdAccount) account = NULL;
  g_autofree char *admin_label = NULL;
  UdLoginWindow *login;
  UdWindow *window;
  GtkWidget *org_page;
  GtkWidget *empty_add;
  GtkWidget *add_button;
  GtkLabel *error_label;
  GtkLabel *general_error;
  const char *tooltip;

  ud_test_account (t->db, "clerk1", UD_ROLE_CLERK);
  admin_label = g_strdup (ud_role_label (UD_ROLE_ADMIN));

  login = ud_login_window_new (NULL, t->db);
  g_signal_connect (login, "logged-in", G_CALLBACK (on_logged_in), &account);
  gtk_window_present (GTK_WINDOW (login));
  iterate ();

  gtk_editable_set_text (CHILD (login, UD_TYPE_LOGIN_WINDOW, GtkEditable, "username_row"),
                         "clerk1");
  gtk_editable_set_text (CHILD (login, UD_TYPE_LOGIN_WINDOW, GtkEditable, "password_row"),
                         "not-the-password");
  g_signal_emit_by_name (CHILD (login, UD_TYPE_LOGIN_WINDOW, GtkButton, "submit_button"),
                         "clicked");
  error_label = CHILD (login, UD_TYPE_LOGIN_WINDOW, GtkLabel, "error_label");
  g_assert_null (account);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), !=, "");

  gtk_editable_set_text (CHILD (login, UD_TYPE_LOGIN_WINDOW, GtkEditable, "password_row"),
                         "test-password-1");
  g_signal_emit_by_name (CHILD (login, UD_TYPE_LOGIN_WINDOW, GtkButton, "submit_button"),
                         "clicked");
  g_assert_nonnull (account);
  g_assert_cmpstr (account->username, ==, "clerk1");
  /* Made by the administrator: the clerk must choose a password first (the application shows the
   * password dialog before the main window). */
  g_assert_true (account->must_change_password);
  destroy_and_wait (GTK_WIDGET (login));

  window = ud_window_new (NULL, t->db, account);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (ud_form_get_account (GTK_WIDGET (window)) == ud_window_get_account (window));

  /* No Accounts section and no backups for a clerk; members and the audit trail are there. */
  g_assert_false (ud_window_show_section (window, "accounts"));
  g_assert_true (ud_window_show_section (window, "audit"));
  g_assert_false (action_enabled_in (window, "win.backup"));
  g_assert_false (action_enabled_in (window, "win.restore"));
  g_assert_true (action_enabled_in (window, "win.export"));
  g_assert_true (action_enabled_in (window, "win.new-member"));
  g_assert_true (gtk_widget_is_sensitive (CHILD (window, UD_TYPE_WINDOW, GtkWidget,
                                                 "new_member_button")));

  /* Unions: only administrators add them; the button says so. */
  g_assert_true (ud_window_show_section (window, "organisations"));
  org_page = ud_window_get_page (window, "organisations");
  g_assert_true (UD_IS_ORG_PAGE (org_page));
  empty_add = CHILD (org_page, UD_TYPE_ORG_PAGE, GtkWidget, "empty_add_button");
  g_assert_false (gtk_widget_get_sensitive (empty_add));
  tooltip = gtk_widget_get_tooltip_text (empty_add);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, admin_label));
  add_button = find_actionable (org_page, "org.add-child");
  g_assert_nonnull (add_button);
  g_assert_false (gtk_widget_get_sensitive (add_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (add_button), admin_label));

  /* Opening the office to read it works; saving a change is refused by the core, and the
   * form says why. */
  g_assert_true (gtk_widget_activate_action (org_page, "org.edit", "x",
                                             ud_database_get_office_org_id (t->db)));
  gtk_editable_set_text (CHILD (org_page, UD_TYPE_ORG_PAGE, GtkEditable, "name_row"),
                         "新的名称工会");
  g_assert_true (gtk_widget_activate_action (org_page, "org.save", NULL));
  general_error = CHILD (org_page, UD_TYPE_ORG_PAGE, GtkLabel, "general_error");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (general_error)));
  g_assert_nonnull (strstr (gtk_label_get_text (general_error), admin_label));

  destroy_and_wait (GTK_WIDGET (window));
}

/* The administrator sees the Accounts page and creates an account there; a short password is
 * refused under its field. */
static void
test_accounts_page (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(UdAccount) created = NULL;
  UdWindow *window = ud_window_new (NULL, t->db, ud_test_admin (t->db));
  GtkWidget *page;
  GtkWidget *password_row;
  GtkListBox *list;

  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  g_assert_true (ud_window_show_section (window, "accounts"));
  page = ud_window_get_page (window, "accounts");
  g_assert_true (UD_IS_ACCOUNT_PAGE (page));
  list = CHILD (page, UD_TYPE_ACCOUNT_PAGE, GtkListBox, "account_list");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));

  g_assert_true (gtk_widget_activate_action (page, "account.new", NULL));
  gtk_editable_set_text (CHILD (page, UD_TYPE_ACCOUNT_PAGE, GtkEditable, "username_row"),
                         "zhangli");
  gtk_editable_set_text (CHILD (page, UD_TYPE_ACCOUNT_PAGE, GtkEditable, "display_name_row"),
                         "张丽");
  password_row = CHILD (page, UD_TYPE_ACCOUNT_PAGE, GtkWidget, "password_row");
  gtk_editable_set_text (GTK_EDITABLE (password_row), "short");
  g_assert_true (gtk_widget_activate_action (page, "account.save", NULL));
  g_assert_true (ud_form_has_error (password_row));
  g_assert_null (ud_account_find (t->db, "zhangli"));

  gtk_editable_set_text (GTK_EDITABLE (password_row), "initial-password-1");
  g_assert_true (gtk_widget_activate_action (page, "account.save", NULL));
  g_assert_false (ud_form_has_error (password_row));
  created = ud_account_find (t->db, "zhangli");
  g_assert_nonnull (created);
  g_assert_cmpstr (created->display_name, ==, "张丽");
  g_assert_cmpuint (created->roles, ==, UD_ROLE_CLERK);
  g_assert_true (created->must_change_password);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));

  destroy_and_wait (GTK_WIDGET (window));
}

/* Ctrl+L locks: the lock screen hides the content and the windows that belong to the main
 * window; a wrong password is refused; the right one brings everything back. */
static void
test_lock (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  UdWindow *window = ud_window_new (NULL, t->db, ud_test_admin (t->db));
  GtkStack *session_stack = CHILD (window, UD_TYPE_WINDOW, GtkStack, "session_stack");
  UdLockScreen *lock_screen = CHILD (window, UD_TYPE_WINDOW, UdLockScreen, "lock_screen");
  GtkWidget *editor = gtk_window_new ();
  GtkEditable *editor_entry = GTK_EDITABLE (gtk_entry_new ());
  GtkEditable *password;
  GtkLabel *error_label;

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_set_child (GTK_WINDOW (editor), GTK_WIDGET (editor_entry));
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (editor));
  gtk_editable_set_text (editor_entry, "unsaved text");
  iterate ();

  g_assert_cmpstr (gtk_stack_get_visible_child_name (session_stack), ==, "session");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  g_assert_true (ud_window_is_locked (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (session_stack), ==, "locked");
  g_assert_false (gtk_widget_get_visible (editor));

  password = CHILD (lock_screen, UD_TYPE_LOCK_SCREEN, GtkEditable, "password_row");
  error_label = CHILD (lock_screen, UD_TYPE_LOCK_SCREEN, GtkLabel, "error_label");
  gtk_editable_set_text (password, "wrong-password");
  g_signal_emit_by_name (CHILD (lock_screen, UD_TYPE_LOCK_SCREEN, GtkButton, "unlock_button"),
                         "clicked");
  g_assert_true (ud_window_is_locked (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  gtk_editable_set_text (password, "test-password-1");
  g_signal_emit_by_name (CHILD (lock_screen, UD_TYPE_LOCK_SCREEN, GtkButton, "unlock_button"),
                         "clicked");
  g_assert_false (ud_window_is_locked (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (session_stack), ==, "session");
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_cmpstr (gtk_editable_get_text (editor_entry), ==, "unsaved text");

  destroy_and_wait (editor);
  destroy_and_wait (GTK_WIDGET (window));
}

/* A correction shows in the audit page as "Name: before → after". */
static void
test_audit_page (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id_number = ud_test_make_id ("440305", "19850615", 7);
  g_autoptr(UdMember) member = ud_test_member_new (t->db, "李明", id_number);
  const UdAccount *admin = ud_test_admin (t->db);
  UdWindow *window;
  GtkWidget *page;
  GtkListBox *list;
  GtkListBoxRow *row;
  const char *subtitle;

  g_assert_true (ud_member_store_insert (t->db, admin, member, &error));
  g_assert_no_error (error);
  g_free (member->name);
  member->name = g_strdup ("李明华");
  g_assert_true (ud_member_store_update (t->db, admin, member, NULL, &error));
  g_assert_no_error (error);

  window = ud_window_new (NULL, t->db, admin);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ud_window_show_section (window, "audit"));
  iterate ();
  page = ud_window_get_page (window, "audit");
  g_assert_true (UD_IS_AUDIT_PAGE (page));
  ud_audit_page_reload (UD_AUDIT_PAGE (page));

  list = CHILD (page, UD_TYPE_AUDIT_PAGE, GtkListBox, "entry_list");
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, "李明 → 李明华"));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "admin"));
  /* Whole ID numbers never appear in the audit page. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), id_number));

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

  g_test_add_func ("/ud/ui/accounts/login-and-roles", test_login_and_roles);
  g_test_add_func ("/ud/ui/accounts/accounts-page", test_accounts_page);
  g_test_add_func ("/ud/ui/accounts/lock", test_lock);
  g_test_add_func ("/ud/ui/accounts/audit-page", test_audit_page);

  return g_test_run ();
}
