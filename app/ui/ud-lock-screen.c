/* ud-lock-screen.c — the locked session: the same account's password unlocks it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows this screen instead of its content while the session is locked. The password
 * is checked with ud_account_authenticate(), so wrong passwords count towards the lockout like
 * at the login window. */
#define G_LOG_DOMAIN "ud-lock-screen"

#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-lock-screen.h"

struct _UdLockScreen
{
  AdwBin              parent_instance;

  UdDatabase         *db;          /* owned */
  char               *username;    /* owned */

  /* template */
  AdwStatusPage      *status_page;
  AdwPasswordEntryRow *password_row;
  GtkLabel           *error_label;
  GtkButton          *unlock_button;
};

G_DEFINE_FINAL_TYPE (UdLockScreen, ud_lock_screen, ADW_TYPE_BIN)

enum
{
  SIGNAL_UNLOCKED,
  SIGNAL_SWITCH_USER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (UdLockScreen *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_password_changed (UdLockScreen *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), *password != '\0');
}

static void
on_unlock (UdLockScreen *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAccount) account = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->db == NULL || *password == '\0')
    return;

  account = ud_account_authenticate (self->db, self->username, password, &error);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  if (account == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0);
}

static void
on_switch_user (UdLockScreen *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNAL_SWITCH_USER], 0);
}

static void
ud_lock_screen_dispose (GObject *object)
{
  UdLockScreen *self = UD_LOCK_SCREEN (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_LOCK_SCREEN);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_lock_screen_parent_class)->dispose (object);
}

static void
ud_lock_screen_finalize (GObject *object)
{
  UdLockScreen *self = UD_LOCK_SCREEN (object);

  g_free (self->username);

  G_OBJECT_CLASS (ud_lock_screen_parent_class)->finalize (object);
}

static void
ud_lock_screen_class_init (UdLockScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_lock_screen_dispose;
  object_class->finalize = ud_lock_screen_finalize;

  signals[SIGNAL_UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_SWITCH_USER] =
    g_signal_new ("switch-user", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-lock-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, UdLockScreen, status_page);
  gtk_widget_class_bind_template_child (widget_class, UdLockScreen, password_row);
  gtk_widget_class_bind_template_child (widget_class, UdLockScreen, error_label);
  gtk_widget_class_bind_template_child (widget_class, UdLockScreen, unlock_button);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock);
  gtk_widget_class_bind_template_callback (widget_class, on_switch_user);
}

static void
ud_lock_screen_init (UdLockScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), FALSE);
}

GtkWidget *
ud_lock_screen_new (void)
{
  return g_object_new (UD_TYPE_LOCK_SCREEN, NULL);
}

void
ud_lock_screen_reset (UdLockScreen    *self,
                      UdDatabase      *db,
                      const UdAccount *account)
{
  g_autofree char *description = NULL;

  g_return_if_fail (UD_IS_LOCK_SCREEN (self));
  g_return_if_fail (UD_IS_DATABASE (db));
  g_return_if_fail (account != NULL);

  g_set_object (&self->db, db);
  g_free (self->username);
  self->username = g_strdup (account->username);

  /* Translators: %s is the name of the person logged in, then their user name */
  description = g_strdup_printf (_("Locked by %s (%s). Enter the password to go on working, or "
                                   "log in as someone else."),
                                 account->display_name && *account->display_name
                                   ? account->display_name : account->username,
                                 account->username);
  adw_status_page_set_description (self->status_page, description);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}
