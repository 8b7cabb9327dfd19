/* ud-sync-settings-dialog.c — the sync settings: server address, CA file, automatic interval,
 * office id and token (administrators only)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving goes through ud_sync_settings_save(), which checks the role and the values; a refusal is
 * shown under its field. A typed token goes to the keyring (and to whoever listens to "saved",
 * for this session, in case there is no keyring); it is never written to the database. */
#define G_LOG_DOMAIN "ud-sync-settings-dialog"

#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-sync-settings-dialog.h"
#include "ud-sync-store.h"
#include "ud-sync-token.h"

struct _UdSyncSettingsDialog
{
  AdwWindow      parent_instance;

  UdDatabase    *db;            /* owned */

  /* template */
  GtkWidget     *url_row;
  GtkWidget     *ca_row;
  GtkWidget     *office_row;
  GtkWidget     *token_row;
  GtkWidget     *interval_row;
  GtkSpinButton *interval_spin;
  GtkWidget     *save_button;
};

G_DEFINE_FINAL_TYPE (UdSyncSettingsDialog, ud_sync_settings_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
token_stored_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!ud_sync_token_store_finish (result, &error) && parent != NULL)
    ud_form_add_toast (parent, _("The keyring could not keep the token: it is kept until Union "
                                 "Desk closes"));
}

gboolean
ud_sync_settings_dialog_save (UdSyncSettingsDialog *self)
{
  g_autoptr(UdSyncSettings) settings = ud_sync_settings_load (self->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = ud_form_dup_text (GTK_EDITABLE (self->token_row));
  GtkWidget *rows[] = { self->url_row, self->ca_row, self->office_row, self->interval_row };
  GtkWindow *parent;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    ud_form_set_error (rows[i], NULL);

  g_free (settings->url);
  settings->url = ud_form_dup_text (GTK_EDITABLE (self->url_row));
  g_free (settings->ca_file);
  settings->ca_file = ud_form_dup_text (GTK_EDITABLE (self->ca_row));
  g_free (settings->office_id);
  settings->office_id = ud_form_dup_text (GTK_EDITABLE (self->office_row));
  settings->interval_minutes = (guint) gtk_spin_button_get_value_as_int (self->interval_spin);

  if (!ud_sync_settings_save (self->db, ud_form_get_account (GTK_WIDGET (self)), settings,
                              &error))
    {
      const char *field = ud_error_get_field (error);
      GtkWidget *row = self->url_row;

      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        if (g_strcmp0 (gtk_widget_get_name (rows[i]), field) == 0)
          row = rows[i];
      ud_form_set_error (row, error->message);
      return FALSE;
    }

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (token != NULL && *token != '\0')
    {
      g_autoptr(UdSyncSettings) saved = ud_sync_settings_load (self->db);

      ud_sync_token_store_async (saved->url ? saved->url : "", token, NULL, token_stored_cb,
                                 parent ? g_object_ref (GTK_WIDGET (parent)) : NULL);
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, token != NULL && *token != '\0' ? token : NULL);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ud_sync_settings_dialog_save (UD_SYNC_SETTINGS_DIALOG (widget));
}

static void
ud_sync_settings_dialog_dispose (GObject *object)
{
  UdSyncSettingsDialog *self = UD_SYNC_SETTINGS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_SYNC_SETTINGS_DIALOG);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (ud_sync_settings_dialog_parent_class)->dispose (object);
}

static void
ud_sync_settings_dialog_class_init (UdSyncSettingsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_sync_settings_dialog_dispose;

  /* saved (const char *token): NULL when the token was left as it was. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-sync-settings-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UdSyncSettingsDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncSettingsDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncSettingsDialog, office_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncSettingsDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncSettingsDialog, interval_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncSettingsDialog, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, UdSyncSettingsDialog, save_button);
  gtk_widget_class_install_action (widget_class, "sync-settings.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ud_sync_settings_dialog_init (UdSyncSettingsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

UdSyncSettingsDialog *
ud_sync_settings_dialog_new (GtkWindow  *parent,
                             UdDatabase *db)
{
  UdSyncSettingsDialog *self = g_object_new (UD_TYPE_SYNC_SETTINGS_DIALOG,
                                             "transient-for", parent, NULL);
  g_autoptr(UdSyncSettings) settings = ud_sync_settings_load (db);

  self->db = g_object_ref (db);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), settings->url ? settings->url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->ca_row), settings->ca_file ? settings->ca_file : "");
  gtk_editable_set_text (GTK_EDITABLE (self->office_row),
                         settings->office_id ? settings->office_id : "");
  gtk_spin_button_set_value (self->interval_spin, settings->interval_minutes);
  ud_form_guard (self->save_button, ud_form_get_account (GTK_WIDGET (self)),
                 UD_ACTION_SYNC_SETTINGS);
  return self;
}
