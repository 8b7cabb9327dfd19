/* ud-sync-indicator.c — the sync state in the main window's header: a button to the sync page
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An icon and a short text ("Up to date", "12 waiting", "Sync failing"); the tooltip has the whole
 * state line of ud_sync_status_describe(). Clicking shows the sync section. */
#define G_LOG_DOMAIN "ud-sync-indicator"

#include "ud-i18n.h"
#include "ud-sync-indicator.h"
#include "ud-sync-store.h"

struct _UdSyncIndicator
{
  AdwBin           parent_instance;

  UdDatabase      *db;            /* owned */
  guint            reload_source;
  char            *text;          /* owned */
  GtkWidget       *button;        /* child */
  AdwButtonContent *content;      /* child of button */
};

G_DEFINE_FINAL_TYPE (UdSyncIndicator, ud_sync_indicator, ADW_TYPE_BIN)

static void
reload (UdSyncIndicator *self)
{
  g_autoptr(UdSyncStatus) status = ud_sync_status_get (self->db, NULL);
  g_autofree char *line = NULL;
  const char *icon;

  g_free (self->text);
  if (status == NULL)
    {
      self->text = g_strdup (_("Sync state unknown"));
      icon = "dialog-question-symbolic";
      line = g_strdup (self->text);
    }
  else
    {
      line = ud_sync_status_describe (status);
      switch (status->state)
        {
        case UD_SYNC_STATE_FAILING:
          self->text = g_strdup (_("Sync failing"));
          icon = "dialog-warning-symbolic";
          break;
        case UD_SYNC_STATE_UP_TO_DATE:
          self->text = g_strdup (_("Up to date"));
          icon = "emblem-ok-symbolic";
          break;
        case UD_SYNC_STATE_WAITING:
        case UD_SYNC_STATE_NEVER_SYNCED:
        default:
          /* Translators: a short state in the header: "12 waiting" */
          self->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld waiting",
                                                     "%lld waiting",
                                                     (gulong) status->n_waiting),
                                        (long long) status->n_waiting);
          icon = "emblem-synchronizing-symbolic";
          break;
        }
    }
  adw_button_content_set_label (self->content, self->text);
  adw_button_content_set_icon_name (self->content, icon);
  gtk_widget_set_tooltip_text (self->button, line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  line, -1);
}

static gboolean
reload_idle (gpointer data)
{
  UdSyncIndicator *self = data;

  self->reload_source = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
database_changed_cb (UdSyncIndicator *self,
                     const char      *entity)
{
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_idle, self);
}

void
ud_sync_indicator_set_database (UdSyncIndicator *self,
                                UdDatabase      *db)
{
  g_return_if_fail (UD_IS_SYNC_INDICATOR (self));
  g_return_if_fail (UD_IS_DATABASE (db));

  g_set_object (&self->db, db);
  g_signal_connect_object (db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reload (self);
}

const char *
ud_sync_indicator_get_text (UdSyncIndicator *self)
{
  return self->text;
}

static void
ud_sync_indicator_dispose (GObject *object)
{
  UdSyncIndicator *self = UD_SYNC_INDICATOR (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (ud_sync_indicator_parent_class)->dispose (object);
}

static void
ud_sync_indicator_finalize (GObject *object)
{
  g_free (UD_SYNC_INDICATOR (object)->text);
  G_OBJECT_CLASS (ud_sync_indicator_parent_class)->finalize (object);
}

static void
ud_sync_indicator_class_init (UdSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ud_sync_indicator_dispose;
  object_class->finalize = ud_sync_indicator_finalize;
}

static void
ud_sync_indicator_init (UdSyncIndicator *self)
{
  self->content = ADW_BUTTON_CONTENT (adw_button_content_new ());
  self->button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->button), GTK_WIDGET (self->content));
  gtk_widget_add_css_class (self->button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), "win.section");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s", "sync");
  adw_bin_set_child (ADW_BIN (self), self->button);
}
