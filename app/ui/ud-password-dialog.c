/* ud-password-dialog.c — changing one's own password (also forced at first login)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core checks the old password and the new one's rules; its messages appear under the field
 * they are about. */
#define G_LOG_DOMAIN "ud-password-dialog"

#include <string.h>

#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-password-dialog.h"

struct _UdPasswordDialog
{
  AdwWindow            parent_instance;

  UdDatabase          *db;          /* owned */
  UdAccount           *account;     /* owned */
  gboolean             finished;

  /* template */
  AdwWindowTitle      *window_title;
  GtkLabel            *intro_label;
  AdwPasswordEntryRow *old_row;
  AdwPasswordEntryRow *new_row;
  AdwPasswordEntryRow *repeat_row;
  GtkLabel            *general_error;
  GtkButton           *change_button;
};

G_DEFINE_FINAL_TYPE (UdPasswordDialog, ud_password_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finish (UdPasswordDialog *self,
        gboolean          changed)
{
  if (self->finished)
    return;

  self->finished = TRUE;
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, changed);
}

static void
clear_errors (UdPasswordDialog *self)
{
  ud_form_set_error (GTK_WIDGET (self->old_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->new_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->repeat_row), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

static void
on_changed (UdPasswordDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button),
                            *gtk_editable_get_text (GTK_EDITABLE (self->old_row)) != '\0'
                            && *gtk_editable_get_text (GTK_EDITABLE (self->new_row)) != '\0'
                            && *gtk_editable_get_text (GTK_EDITABLE (self->repeat_row)) != '\0');
}

static void
change_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdPasswordDialog *self = UD_PASSWORD_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  const char *old_password = gtk_editable_get_text (GTK_EDITABLE (self->old_row));
  const char *new_password = gtk_editable_get_text (GTK_EDITABLE (self->new_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));
  const char *field;
  GtkWidget *row;

  clear_errors (self);
  if (strcmp (new_password, repeat) != 0)
    {
      ud_form_set_error (GTK_WIDGET (self->repeat_row), _("The two passwords are not the same"));
      gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
      return;
    }

  if (!ud_account_change_password (self->db, self->account, old_password, new_password, &error))
    {
      field = ud_error_get_field (error);
      if (g_strcmp0 (field, "old_password") == 0)
        row = GTK_WIDGET (self->old_row);
      else if (g_strcmp0 (field, "password") == 0)
        row = GTK_WIDGET (self->new_row);
      else
        row = NULL;

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
      return;
    }

  finish (self, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static gboolean
ud_password_dialog_close_request (GtkWindow *window)
{
  finish (UD_PASSWORD_DIALOG (window), FALSE);

  return GTK_WINDOW_CLASS (ud_password_dialog_parent_class)->close_request (window);
}

static void
ud_password_dialog_dispose (GObject *object)
{
  UdPasswordDialog *self = UD_PASSWORD_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_PASSWORD_DIALOG);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_password_dialog_parent_class)->dispose (object);
}

static void
ud_password_dialog_finalize (GObject *object)
{
  UdPasswordDialog *self = UD_PASSWORD_DIALOG (object);

  g_clear_pointer (&self->account, ud_account_free);

  G_OBJECT_CLASS (ud_password_dialog_parent_class)->finalize (object);
}

static void
ud_password_dialog_class_init (UdPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ud_password_dialog_dispose;
  object_class->finalize = ud_password_dialog_finalize;
  window_class->close_request = ud_password_dialog_close_request;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UdPasswordDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdPasswordDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, UdPasswordDialog, old_row);
  gtk_widget_class_bind_template_child (widget_class, UdPasswordDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, UdPasswordDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, UdPasswordDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, UdPasswordDialog, change_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);

  gtk_widget_class_install_action (widget_class, "password.change", NULL, change_action);
  gtk_widget_class_install_action (widget_class, "password.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "password.cancel", NULL);
}

static void
ud_password_dialog_init (UdPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), FALSE);
}

UdPasswordDialog *
ud_password_dialog_new (UdDatabase      *db,
                        const UdAccount *account,
                        gboolean         forced)
{
  UdPasswordDialog *self;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  self = g_object_new (UD_TYPE_PASSWORD_DIALOG, NULL);
  self->db = g_object_ref (db);
  self->account = ud_account_copy (account);

  adw_window_title_set_subtitle (self->window_title, account->username);
  if (forced)
    /* Translators: %d is the minimum length of a password */
    intro = g_strdup_printf (_("Your password was set by the administrator. Choose your own "
                               "password before you start: at least %d characters, and not "
                               "your user name."),
                             UD_PASSWORD_MIN_CHARS);
  else
    /* Translators: %d is the minimum length of a password */
    intro = g_strdup_printf (_("Enter your current password, then the new one twice: at least "
                               "%d characters, and not your user name."),
                             UD_PASSWORD_MIN_CHARS);
  gtk_label_set_text (self->intro_label, intro);

  return self;
}
