/* ud-preferences-window.c — the settings a person can change: lock time, backups kept
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The values live in GSettings and take effect at once: the window listens for
 * idle-lock-minutes, and the automatic backup reads backup-keep when it runs. */
#define G_LOG_DOMAIN "ud-preferences-window"

#include "ud-backup.h"
#include "ud-i18n.h"
#include "ud-preferences-window.h"

struct _UdPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings     *settings;       /* owned */

  /* template */
  GtkSpinButton *idle_spin;
  GtkSpinButton *keep_spin;
  AdwActionRow  *backup_dir_row;
  AdwActionRow  *database_row;
};

G_DEFINE_FINAL_TYPE (UdPreferencesWindow, ud_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
ud_preferences_window_dispose (GObject *object)
{
  UdPreferencesWindow *self = UD_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ud_preferences_window_parent_class)->dispose (object);
}

static void
ud_preferences_window_class_init (UdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/uniondesk/UnionDesk/"
                                               "ud-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, UdPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, UdPreferencesWindow, keep_spin);
  gtk_widget_class_bind_template_child (widget_class, UdPreferencesWindow, backup_dir_row);
  gtk_widget_class_bind_template_child (widget_class, UdPreferencesWindow, database_row);
}

static void
ud_preferences_window_init (UdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (UD_APP_ID);
  g_settings_bind (self->settings, "idle-lock-minutes", self->idle_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backup-keep", self->keep_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

UdPreferencesWindow *
ud_preferences_window_new (GtkWindow  *parent,
                           UdDatabase *db)
{
  UdPreferencesWindow *self;
  g_autofree char *backup_dir = NULL;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  backup_dir = ud_backup_default_dir (ud_database_get_path (db));
  adw_action_row_set_subtitle (self->backup_dir_row, backup_dir);
  adw_action_row_set_subtitle (self->database_row, ud_database_get_path (db));
  return self;
}
