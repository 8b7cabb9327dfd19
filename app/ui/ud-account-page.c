/* ud-account-page.c — the administrator's page of accounts: create, roles, deactivate, reset
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list shows every account (deactivated ones last); the form beside it creates one or edits
 * the chosen one. Accounts are never deleted, only deactivated. The core checks everything (only
 * an administrator may, the last administrator keeps the role, passwords are long enough); its
 * messages appear under the field they are about. */
#define G_LOG_DOMAIN "ud-account-page"

#include "ud-account-page.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"

static const UdRole all_roles[] = {
  UD_ROLE_CLERK,
  UD_ROLE_REVIEWER,
  UD_ROLE_APPROVER,
  UD_ROLE_TREASURER,
  UD_ROLE_ADMIN,
};

struct _UdAccountPage
{
  AdwBin               parent_instance;

  UdDatabase          *db;                /* owned */
  UdAccount           *editing;           /* owned: the account in the form, NULL when new */
  gulong               changed_handler;
  GtkCheckButton      *role_checks[G_N_ELEMENTS (all_roles)];   /* borrowed */
  GtkWidget           *role_rows[G_N_ELEMENTS (all_roles)];     /* borrowed */

  /* template */
  GtkListBox          *account_list;
  GtkLabel            *form_title;
  GtkLabel            *general_error;
  AdwEntryRow         *username_row;
  AdwEntryRow         *display_name_row;
  AdwPreferencesGroup *roles_group;
  GtkListBox          *roles_list;
  AdwActionRow        *active_row;
  GtkSwitch           *active_switch;
  AdwActionRow        *state_row;
  AdwPreferencesGroup *password_group;
  AdwPasswordEntryRow *password_row;
  GtkButton           *save_button;
  GtkButton           *reset_button;
};

G_DEFINE_FINAL_TYPE (UdAccountPage, ud_account_page, ADW_TYPE_BIN)

static const char *
display_name_or_username (const UdAccount *account)
{
  return account->display_name && *account->display_name ? account->display_name
                                                           : account->username;
}

static gboolean
is_locked (const UdAccount *account)
{
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (account->locked_until == NULL)
    return FALSE;

  until = g_date_time_new_from_iso8601 (account->locked_until, NULL);
  now = g_date_time_new_now_utc ();
  return until != NULL && g_date_time_compare (until, now) > 0;
}

/* "Clerk, Approver · deactivated · waiting until 2026-11-25 16:30" */
static char *
describe_account (const UdAccount *account)
{
  g_autofree char *roles = ud_roles_describe (account->roles);
  GString *text = g_string_new (roles);

  if (!account->active)
    g_string_append_printf (text, " · %s", _("deactivated"));
  if (is_locked (account))
    {
      g_autofree char *until = ud_form_format_timestamp (account->locked_until);

      /* Translators: after too many wrong passwords; %s is a local date and time */
      g_string_append (text, " · ");
      g_string_append_printf (text, _("locked until %s"), until);
    }
  if (account->must_change_password)
    g_string_append_printf (text, " · %s", _("must change the password"));

  return g_string_free (text, FALSE);
}

static GtkWidget *
account_row_new (const UdAccount *account)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = describe_account (account);
  GtkWidget *row = adw_action_row_new ();

  title = g_strdup_printf ("%s (%s)", display_name_or_username (account), account->username);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  if (!account->active)
    gtk_widget_add_css_class (row, "dim-label");
  g_object_set_data (G_OBJECT (row), "ud-account-id", GINT_TO_POINTER ((int) account->id));
  gtk_widget_set_name (row, account->username);

  return row;
}

static void
reload_list (UdAccountPage *self)
{
  g_autoptr(GPtrArray) accounts = ud_account_list (self->db, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->account_list))) != NULL)
    gtk_list_box_remove (self->account_list, child);

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    gtk_list_box_append (self->account_list, account_row_new (g_ptr_array_index (accounts, i)));
}

/* The form */

static void
clear_errors (UdAccountPage *self)
{
  ud_form_set_error (GTK_WIDGET (self->username_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->display_name_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->password_row), NULL);
  ud_form_set_error (self->role_rows[G_N_ELEMENTS (all_roles) - 1], NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

static void
show_error (UdAccountPage *self,
            const GError  *error)
{
  const char *field = ud_error_get_field (error);
  GtkWidget *row = NULL;

  if (g_strcmp0 (field, "username") == 0)
    row = GTK_WIDGET (self->username_row);
  else if (g_strcmp0 (field, "display_name") == 0)
    row = GTK_WIDGET (self->display_name_row);
  else if (g_strcmp0 (field, "password") == 0)
    row = GTK_WIDGET (self->password_row);
  else if (g_strcmp0 (field, "roles") == 0)
    row = self->role_rows[G_N_ELEMENTS (all_roles) - 1];

  if (row != NULL)
    {
      ud_form_set_error (row, error->message);
      gtk_widget_grab_focus (row);
    }
  else
    {
      gtk_label_set_text (self->general_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
    }
}

static void
fill_form (UdAccountPage *self)
{
  const UdAccount *account = self->editing;

  clear_errors (self);
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), account ? account->username : "");
  gtk_editable_set_text (GTK_EDITABLE (self->display_name_row),
                         account && account->display_name ? account->display_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), account == NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_roles); i++)
    gtk_check_button_set_active (self->role_checks[i],
                                 account ? (account->roles & all_roles[i]) != 0
                                         : all_roles[i] == UD_ROLE_CLERK);

  gtk_widget_set_visible (GTK_WIDGET (self->active_row), account != NULL);
  gtk_switch_set_active (self->active_switch, account == NULL || account->active);
  gtk_widget_set_visible (GTK_WIDGET (self->state_row), account != NULL);
  if (account != NULL)
    {
      g_autofree char *state = describe_account (account);
      g_autofree char *changed = ud_form_format_timestamp (account->password_changed_at);
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a local date and time */
      subtitle = changed ? g_strdup_printf (_("Password changed %s"), changed) : NULL;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), state);
      adw_action_row_set_subtitle (self->state_row, subtitle);
    }

  if (account == NULL)
    {
      g_autofree char *description = NULL;

      gtk_label_set_text (self->form_title, _("New Account"));
      adw_preferences_group_set_title (self->password_group, _("Initial Password"));
      /* Translators: %d is the minimum length of a password */
      description = g_strdup_printf (_("At least %d characters. The person must change it at "
                                       "the first login."),
                                     UD_PASSWORD_MIN_CHARS);
      adw_preferences_group_set_description (self->password_group, description);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                     _("Initial password"));
      gtk_button_set_label (self->save_button, _("C_reate"));
    }
  else
    {
      g_autofree char *title = g_strdup_printf ("%s (%s)", display_name_or_username (account),
                                                account->username);

      gtk_label_set_text (self->form_title, title);
      adw_preferences_group_set_title (self->password_group, _("Reset Password"));
      adw_preferences_group_set_description (self->password_group,
                                             _("For a forgotten password: the person must change "
                                               "the new one at the next login. Resetting also "
                                               "ends a wait after wrong passwords."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                     _("New password"));
      gtk_button_set_label (self->save_button, _("_Save"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reset_button), account != NULL);
}

static void
start_new (UdAccountPage *self)
{
  g_clear_pointer (&self->editing, ud_account_free);
  gtk_list_box_unselect_all (self->account_list);
  fill_form (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
}

static void
start_edit (UdAccountPage *self,
            gint64         account_id)
{
  g_autoptr(GError) error = NULL;
  UdAccount *account = ud_account_get (self->db, account_id, &error);

  if (account == NULL)
    {
      ud_form_add_toast (GTK_WIDGET (self), error->message);
      return;
    }

  g_clear_pointer (&self->editing, ud_account_free);
  self->editing = account;
  fill_form (self);
}

static void
on_row_activated (UdAccountPage *self,
                  GtkListBoxRow *row)
{
  start_edit (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "ud-account-id")));
}

static guint
checked_roles (UdAccountPage *self)
{
  guint roles = 0;

  for (guint i = 0; i < G_N_ELEMENTS (all_roles); i++)
    if (gtk_check_button_get_active (self->role_checks[i]))
      roles |= all_roles[i];
  return roles;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdAccountPage *self = UD_ACCOUNT_PAGE (widget);
  const UdAccount *actor = ud_form_get_account (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *username = ud_form_dup_text (GTK_EDITABLE (self->username_row));
  g_autofree char *display_name = ud_form_dup_text (GTK_EDITABLE (self->display_name_row));
  g_autofree char *toast = NULL;
  g_autoptr(UdAccount) saved = NULL;
  gint64 saved_id;

  clear_errors (self);

  if (self->editing == NULL)
    {
      saved = ud_account_create (self->db, actor, username, display_name, checked_roles (self),
                                 gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                 &error);
      if (saved == NULL)
        {
          show_error (self, error);
          return;
        }
      /* Translators: %s is a user name */
      toast = g_strdup_printf (_("Account %s was created"), saved->username);
      saved_id = saved->id;
    }
  else
    {
      saved = ud_account_copy (self->editing);
      g_free (saved->display_name);
      saved->display_name = g_steal_pointer (&display_name);
      saved->roles = checked_roles (self);
      saved->active = gtk_switch_get_active (self->active_switch);
      if (!ud_account_update (self->db, actor, saved, &error))
        {
          show_error (self, error);
          return;
        }
      /* Translators: %s is a user name */
      toast = g_strdup_printf (_("Account %s was saved"), saved->username);
      saved_id = saved->id;
    }

  ud_form_add_toast (widget, toast);
  reload_list (self);
  start_edit (self, saved_id);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  UdAccountPage *self = UD_ACCOUNT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;
  gint64 id;

  if (self->editing == NULL)
    return;

  clear_errors (self);
  id = self->editing->id;
  if (!ud_account_reset_password (self->db, ud_form_get_account (widget), id,
                                  gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                  &error))
    {
      show_error (self, error);
      return;
    }

  /* Translators: %s is a user name */
  toast = g_strdup_printf (_("The password of %s was reset"), self->editing->username);
  ud_form_add_toast (widget, toast);
  reload_list (self);
  start_edit (self, id);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  start_new (UD_ACCOUNT_PAGE (widget));
}

static void
on_database_changed (UdAccountPage *self,
                     const char    *entity)
{
  if (entity == NULL || g_str_equal (entity, "account"))
    reload_list (self);
}

GtkWidget *
ud_account_page_new (UdDatabase *db)
{
  UdAccountPage *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_ACCOUNT_PAGE, NULL);
  self->db = g_object_ref (db);
  self->changed_handler = g_signal_connect_object (db, "changed", G_CALLBACK (on_database_changed),
                                                   self, G_CONNECT_SWAPPED);
  reload_list (self);
  fill_form (self);

  return GTK_WIDGET (self);
}

static void
ud_account_page_dispose (GObject *object)
{
  UdAccountPage *self = UD_ACCOUNT_PAGE (object);

  if (self->db != NULL)
    g_clear_signal_handler (&self->changed_handler, self->db);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_ACCOUNT_PAGE);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_account_page_parent_class)->dispose (object);
}

static void
ud_account_page_finalize (GObject *object)
{
  UdAccountPage *self = UD_ACCOUNT_PAGE (object);

  g_clear_pointer (&self->editing, ud_account_free);

  G_OBJECT_CLASS (ud_account_page_parent_class)->finalize (object);
}

static void
ud_account_page_class_init (UdAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_account_page_dispose;
  object_class->finalize = ud_account_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, account_list);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, form_title);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, general_error);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, roles_group);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, roles_list);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, active_row);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, active_switch);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, password_group);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, UdAccountPage, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "account.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "account.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "account.reset-password", NULL, reset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "account.save",
                                       NULL);
}

static void
ud_account_page_init (UdAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (all_roles); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ud_role_label (all_roles[i]));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, ud_role_label (all_roles[i]),
                                      -1);
      gtk_list_box_append (self->roles_list, row);
      self->role_checks[i] = GTK_CHECK_BUTTON (check);
      self->role_rows[i] = row;
    }
}
