/* ud-login-window.c — logging in, and creating the administrator on a new database
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-login-window"

#include <string.h>

#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-login-window.h"

struct _UdLoginWindow
{
  AdwApplicationWindow parent_instance;

  UdDatabase  *db;          /* owned */
  gboolean     first_run;   /* no account yet: create the administrator */

  /* template */
  AdwStatusPage *status_page;
  AdwEntryRow   *username_row;
  AdwEntryRow   *display_name_row;
  AdwEntryRow   *password_row;
  AdwEntryRow   *repeat_row;
  GtkLabel      *error_label;
  GtkButton     *submit_button;
};

G_DEFINE_FINAL_TYPE (UdLoginWindow, ud_login_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  SIGNAL_LOGGED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (UdLoginWindow *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_changed (UdLoginWindow *self)
{
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button),
                            *username != '\0' && *password != '\0');
}

static void
clear_password (AdwEntryRow *row)
{
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
on_submit (UdLoginWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAccount) account = NULL;
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (*username == '\0' || *password == '\0')
    return;

  if (self->first_run)
    {
      const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));

      if (strcmp (password, repeat) != 0)
        {
          show_error (self, _("The two passwords are not the same"));
          gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
          return;
        }
      account = ud_account_create_first_admin (self->db, username,
                                               gtk_editable_get_text (
                                                 GTK_EDITABLE (self->display_name_row)),
                                               password, &error);
    }
  else
    account = ud_account_authenticate (self->db, username, password, &error);

  if (account == NULL)
    {
      show_error (self, error->message);
      clear_password (self->password_row);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  clear_password (self->password_row);
  clear_password (self->repeat_row);
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_LOGGED_IN], 0, account);
}

static void
on_entry_activated (UdLoginWindow *self)
{
  on_submit (self);
}

static void
ud_login_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), UD_TYPE_LOGIN_WINDOW);
  G_OBJECT_CLASS (ud_login_window_parent_class)->dispose (object);
}

static void
ud_login_window_finalize (GObject *object)
{
  UdLoginWindow *self = UD_LOGIN_WINDOW (object);

  g_clear_object (&self->db);
  G_OBJECT_CLASS (ud_login_window_parent_class)->finalize (object);
}

static void
ud_login_window_class_init (UdLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_login_window_dispose;
  object_class->finalize = ud_login_window_finalize;

  signals[SIGNAL_LOGGED_IN] =
    g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, UD_TYPE_ACCOUNT | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/uniondesk/UnionDesk/ud-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, UdLoginWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, UdLoginWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, UdLoginWindow, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, UdLoginWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, UdLoginWindow, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, UdLoginWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, UdLoginWindow, submit_button);
  gtk_widget_class_bind_template_callback (widget_class, on_submit);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
}

static void
ud_login_window_init (UdLoginWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), FALSE);
}

UdLoginWindow *
ud_login_window_new (GtkApplication *application,
                     UdDatabase     *db)
{
  UdLoginWindow *self;
  g_autofree char *description = NULL;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_LOGIN_WINDOW, "application", application, NULL);
  self->db = g_object_ref (db);
  self->first_run = ud_account_none_exist (db);

  if (self->first_run)
    {
      /* Translators: %d is the minimum length of a password */
      description = g_strdup_printf (_("This database has no accounts yet. Create the "
                                       "administrator account: it may do everything, and it "
                                       "creates the accounts of the others. Use a password of at "
                                       "least %d characters."),
                                     UD_PASSWORD_MIN_CHARS);
      adw_status_page_set_description (self->status_page, description);
      gtk_widget_set_visible (GTK_WIDGET (self->display_name_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->repeat_row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->username_row), "admin");
      gtk_button_set_label (self->submit_button, _("_Create Administrator"));
    }
  else
    {
      g_autofree char *path = g_path_get_basename (ud_database_get_path (db));

      /* Translators: %s is the database file's name */
      description = g_strdup_printf (_("Log in to work on %s."), path);
      adw_status_page_set_description (self->status_page, description);
    }

  return self;
}

void
ud_login_window_log_in (UdLoginWindow *self,
                        const char    *username,
                        const char    *password)
{
  g_return_if_fail (UD_IS_LOGIN_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  if (self->first_run)
    gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), password);
  on_submit (self);
}
