/* ud-sync-page.c — sync with the city union: state, a run with progress and cancel, the records
 * the server refused, and automatic sync on the configured interval
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page only shows and starts things: the state comes from ud_sync_status_get(), a run is
 * ud_sync_run_async() (its own connection in a worker thread), the settings dialog saves through
 * ud_sync_settings_save(). The token is asked from the keyring (or kept for the session when it
 * was typed and there is no keyring). */
#define G_LOG_DOMAIN "ud-sync-page"

#include <string.h>

#include "ud-aid-detail.h"
#include "ud-date.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-hardship-detail.h"
#include "ud-insurance-claim-detail.h"
#include "ud-i18n.h"
#include "ud-member-detail.h"
#include "ud-payout-detail.h"
#include "ud-sync-client.h"
#include "ud-sync-error.h"
#include "ud-sync-page.h"
#include "ud-sync-settings-dialog.h"
#include "ud-sync-store.h"
#include "ud-sync-token.h"

struct _UdSyncPage
{
  AdwBin         parent_instance;

  UdDatabase    *db;             /* owned */
  char          *token;          /* owned: typed this session, or found in the keyring */
  GCancellable  *run_cancellable; /* owned while a run goes */
  GCancellable  *cancellable;    /* owned: keyring look-ups; cancelled on dispose */
  guint          timer_source;
  guint          timer_seconds;
  guint          reload_source;
  gboolean       running;
  gboolean       automatic;      /* the running run was started by the timer */

  /* template */
  AdwActionRow  *state_row;
  AdwActionRow  *last_run_row;
  AdwActionRow  *server_row;
  AdwActionRow  *clock_row;
  AdwActionRow  *progress_row;
  GtkProgressBar *progress_bar;
  GtkWidget     *settings_button;
  GtkWidget     *sync_button;
  GtkListBox    *problems_list;
  GtkWidget     *problems_group;
};

G_DEFINE_FINAL_TYPE (UdSyncPage, ud_sync_page, ADW_TYPE_BIN)

static const struct
{
  const char *entity;
  const char *label;
} entity_labels[] = {
  { "org", N_("Union") },
  { "member", N_("Member") },
  { "membership_event", N_("Membership change") },
  { "hardship_file", N_("Hardship file") },
  { "household_member", N_("Household member") },
  { "aid_application", N_("Aid application") },
  { "medical_claim", N_("Medical claim") },
  { "insurance_plan", N_("Insurance plan") },
  { "insurance_enrollment", N_("Insurance enrollment") },
  { "insurance_claim", N_("Insurance claim") },
  { "payout", N_("Payout") },
  { "payout_batch", N_("Payout batch") },
  { "audit_entry", N_("Audit entry") },
};

static const char *
entity_label (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_labels); i++)
    if (g_strcmp0 (entity_labels[i].entity, entity) == 0)
      return _(entity_labels[i].label);
  return entity;
}

static void update_actions (UdSyncPage *self);
static void arm_timer      (UdSyncPage *self);

static GtkWidget *
problem_row_new (UdSyncPage    *self,
                 UdSyncProblem *problem)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *what = g_strcmp0 (problem->state, "conflict") == 0 ? _("In conflict")
                                                                  : _("Rejected");
  const char *message = problem->message ? problem->message
                                         : problem->code ? problem->code : "";
  gint64 id;

  /* Translators: "Member 0190c3…, version 3" */
  title = g_strdup_printf (_("%s %.8s…, version %lld"),
                           entity_label (problem->entity), problem->uuid,
                           (long long) problem->version);
  if (problem->field != NULL)
    /* Translators: "Rejected — id_number: the check character is wrong" */
    subtitle = g_strdup_printf (_("%s — %s: %s"), what, problem->field, message);
  else
    subtitle = g_strdup_printf (_("%s — %s"), what, message);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, problem->uuid);

  if (ud_sync_store_find_record (self->db, problem->entity, problem->uuid, &id))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("go-next-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Open the record"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Open the record"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sync.open-record");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", problem->entity,
                                        problem->uuid);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
    }
  return row;
}

void
ud_sync_page_reload (UdSyncPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncStatus) status = NULL;
  g_autoptr(UdSyncSettings) settings = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *state = NULL;
  g_autofree char *details = NULL;
  g_autofree char *last_run = NULL;
  g_autofree char *last_success = NULL;
  g_autofree char *runs = NULL;
  GtkWidget *child;

  g_return_if_fail (UD_IS_SYNC_PAGE (self));

  status = ud_sync_status_get (self->db, &error);
  if (status == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), error->message);
      return;
    }
  settings = ud_sync_settings_load (self->db);

  state = ud_sync_status_describe (status);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), state);
  if (status->n_rejected + status->n_conflict + status->n_stopped > 0)
    /* Translators: "2 rejected, 1 in conflict, 0 held in a stopped batch" */
    details = g_strdup_printf (_("%lld rejected, %lld in conflict, %lld held in a stopped batch"),
                               (long long) status->n_rejected, (long long) status->n_conflict,
                               (long long) status->n_stopped);
  adw_action_row_set_subtitle (self->state_row, details ? details : "");

  last_run = status->last_run_at ? ud_timestamp_to_local_display (status->last_run_at) : NULL;
  last_success = status->last_success_at
                 ? ud_timestamp_to_local_display (status->last_success_at) : NULL;
  if (last_run == NULL)
    runs = g_strdup (_("Never"));
  else
    /* Translators: "2026-11-22 16:15 (last success 2026-11-21 09:00)" */
    runs = g_strdup_printf (_("%s (last success %s)"), last_run,
                            last_success ? last_success : _("never"));
  adw_action_row_set_subtitle (self->last_run_row, runs);

  if (settings->url != NULL)
    {
      g_autofree char *server = NULL;

      if (settings->interval_minutes > 0)
        server = g_strdup_printf (_("%s, automatically every %u minutes"), settings->url,
                                  settings->interval_minutes);
      else
        server = g_strdup_printf (_("%s, only when asked"), settings->url);
      adw_action_row_set_subtitle (self->server_row, server);
    }
  else
    adw_action_row_set_subtitle (self->server_row,
                                 _("Not set up: an administrator enters the address"));

  gtk_widget_set_visible (GTK_WIDGET (self->clock_row),
                          status->has_clock_offset
                          && ABS (status->clock_offset_ms) > UD_SYNC_CLOCK_WARN_MS);
  if (status->has_clock_offset)
    {
      g_autofree char *clock = g_strdup_printf (_("This computer's clock is %lld minutes off the "
                                                  "city server's: set it right"),
                                                (long long) (ABS (status->clock_offset_ms)
                                                             / 60000));
      adw_action_row_set_subtitle (self->clock_row, clock);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  problems = ud_sync_store_list_problems (self->db, NULL);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    gtk_list_box_append (self->problems_list,
                         problem_row_new (self, g_ptr_array_index (problems, i)));
  gtk_widget_set_visible (self->problems_group, problems != NULL && problems->len > 0);

  arm_timer (self);
  update_actions (self);
}

static void
update_actions (UdSyncPage *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.run", !self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.cancel", self->running);
  /* Only administrators change the settings; the button says so. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.settings",
                                 ud_guard_allows (account, UD_ACTION_SYNC_SETTINGS));
  ud_form_guard (self->settings_button, account, UD_ACTION_SYNC_SETTINGS);
}

static gboolean
reload_idle (gpointer data)
{
  UdSyncPage *self = data;

  self->reload_source = 0;
  ud_sync_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
database_changed_cb (UdSyncPage *self,
                     const char *entity)
{
  /* Every change may add to the outbox: reload once the main loop is idle. */
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_idle, self);
}

/* The run */

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  UdSyncPage *self = user_data;
  g_autofree char *text = NULL;

  if (self->db == NULL)
    return;
  text = g_strdup_printf (_("%u of %u records"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(UdSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncReport) report = ud_sync_run_finish (result, &error);
  g_autofree char *message = NULL;

  self->running = FALSE;
  g_clear_object (&self->run_cancellable);
  if (self->db == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), FALSE);

  if (report != NULL)
    message = g_strdup_printf (_("Sync finished: %u records sent, %u rejected, %u in conflict"),
                               report->n_acknowledged, report->n_rejected, report->n_conflict);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Sync cancelled; nothing was lost"));
  else
    {
      message = g_strdup (error->message);
      /* A refused token is not worth keeping; the administrator is asked for a new one. */
      if (g_error_matches (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN))
        {
          ud_sync_page_set_token (self, NULL);
          /* Administrators get the settings to enter it (the action is off for others). */
          if (!self->automatic)
            gtk_widget_activate_action (GTK_WIDGET (self), "sync.settings", NULL);
        }
    }
  if (!self->automatic || report == NULL)
    ud_form_add_toast (GTK_WIDGET (self), message);
  /* The run wrote through its own connection: tell this one's listeners (the header indicator,
   * the lists) that the outbox and the sync state changed. */
  ud_database_notify_changed (self->db, "outbox");
}

static void
start_run (UdSyncPage *self)
{
  UdSyncOptions options;

  ud_sync_options_init (&options);
  self->run_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), TRUE);
  ud_sync_run_async (ud_database_get_path (self->db), self->token, &options, progress_cb, self,
                     self->run_cancellable, run_done_cb, g_object_ref (self));
}

static void
token_found_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(UdSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = ud_sync_token_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->db == NULL)
    {
      g_free (token);
      return;
    }
  if (token == NULL)
    {
      self->running = FALSE;
      update_actions (self);
      if (!self->automatic)
        ud_form_add_toast (GTK_WIDGET (self),
                           _("No sync token: an administrator enters the office's token in the "
                             "sync settings"));
      return;
    }
  g_free (self->token);
  self->token = token;
  start_run (self);
}

gboolean
ud_sync_page_sync_now (UdSyncPage *self)
{
  g_autoptr(UdSyncSettings) settings = NULL;

  g_return_val_if_fail (UD_IS_SYNC_PAGE (self), FALSE);

  if (self->running)
    return FALSE;
  self->running = TRUE;
  update_actions (self);
  if (self->token != NULL)
    {
      start_run (self);
      return TRUE;
    }

  settings = ud_sync_settings_load (self->db);
  if (settings->url == NULL)
    {
      /* The run says what is missing, and records it. */
      start_run (self);
      return TRUE;
    }
  ud_sync_token_lookup_async (settings->url, self->cancellable, token_found_cb,
                              g_object_ref (self));
  return TRUE;
}

gboolean
ud_sync_page_is_running (UdSyncPage *self)
{
  return self->running;
}

void
ud_sync_page_set_token (UdSyncPage *self,
                        const char *token)
{
  g_return_if_fail (UD_IS_SYNC_PAGE (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = token != NULL && *token != '\0' ? g_strdup (token) : NULL;
}

/* Automatic sync */

static gboolean
timer_cb (gpointer data)
{
  UdSyncPage *self = data;

  if (!self->running)
    {
      self->automatic = TRUE;
      ud_sync_page_sync_now (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
arm_timer (UdSyncPage *self)
{
  g_autoptr(UdSyncSettings) settings = ud_sync_settings_load (self->db);
  guint seconds = settings->url != NULL ? settings->interval_minutes * 60 : 0;

  if (seconds == self->timer_seconds)
    return;
  g_clear_handle_id (&self->timer_source, g_source_remove);
  self->timer_seconds = seconds;
  if (seconds > 0)
    self->timer_source = g_timeout_add_seconds (seconds, timer_cb, self);
}

guint
ud_sync_page_get_timer_seconds (UdSyncPage *self)
{
  return self->timer_seconds;
}

/* Actions */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  UdSyncPage *self = UD_SYNC_PAGE (widget);

  self->automatic = FALSE;
  ud_sync_page_sync_now (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdSyncPage *self = UD_SYNC_PAGE (widget);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

static void
settings_saved_cb (UdSyncPage *self,
                   const char *token)
{
  if (token != NULL)
    ud_sync_page_set_token (self, token);
  ud_sync_page_reload (self);
}

static void
settings_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  UdSyncPage *self = UD_SYNC_PAGE (widget);
  UdSyncSettingsDialog *dialog;

  dialog = ud_sync_settings_dialog_new (ud_form_get_window (widget), self->db);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (settings_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  UdSyncPage *self = UD_SYNC_PAGE (widget);
  const char *entity, *uuid;
  gint64 id;

  g_variant_get (parameter, "(&s&s)", &entity, &uuid);
  if (!ud_sync_store_find_record (self->db, entity, uuid, &id))
    {
      ud_form_add_toast (widget, _("The record is no longer in this database"));
      return;
    }
  if (g_str_equal (entity, "member") || g_str_equal (entity, "membership_event"))
    ud_member_detail_present (widget, self->db, id);
  else if (g_str_equal (entity, "hardship_file") || g_str_equal (entity, "household_member"))
    ud_hardship_detail_present (widget, self->db, id);
  else if (g_str_equal (entity, "aid_application") || g_str_equal (entity, "medical_claim"))
    ud_aid_detail_present (widget, self->db, id);
  else if (g_str_equal (entity, "insurance_claim"))
    ud_insurance_claim_detail_present (widget, self->db, id);
  else if (g_str_equal (entity, "payout"))
    ud_payout_detail_present (widget, self->db, id);
}

/* GObject */

static void
ud_sync_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ud_sync_page_parent_class)->root (widget);
  /* The account is known once the page is in its window. */
  update_actions (UD_SYNC_PAGE (widget));
}

static void
ud_sync_page_dispose (GObject *object)
{
  UdSyncPage *self = UD_SYNC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_handle_id (&self->timer_source, g_source_remove);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_SYNC_PAGE);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->cancellable);
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_sync_page_parent_class)->dispose (object);
}

static void
ud_sync_page_finalize (GObject *object)
{
  UdSyncPage *self = UD_SYNC_PAGE (object);

  ud_sync_page_set_token (self, NULL);
  G_OBJECT_CLASS (ud_sync_page_parent_class)->finalize (object);
}

static void
ud_sync_page_class_init (UdSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_sync_page_dispose;
  object_class->finalize = ud_sync_page_finalize;
  widget_class->root = ud_sync_page_root;

  gtk_widget_class_set_template_from_resource (widget_class, UD_RESOURCE_PATH "ud-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, last_run_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, clock_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, progress_row);
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, settings_button);
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, UdSyncPage, problems_group);

  gtk_widget_class_install_action (widget_class, "sync.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "sync.settings", NULL, settings_action);
  gtk_widget_class_install_action (widget_class, "sync.open-record", "(ss)", open_record_action);
}

static void
ud_sync_page_init (UdSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
ud_sync_page_new (UdDatabase *db)
{
  UdSyncPage *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_SYNC_PAGE, NULL);
  self->db = g_object_ref (db);
  g_signal_connect_object (db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  ud_sync_page_reload (self);
  return GTK_WIDGET (self);
}
