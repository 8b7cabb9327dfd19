/* ud-window.c — the main window: the sections in a sidebar, the chosen section beside it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only sections that work are listed. Each section is a page made by its own constructor from
 * the database; the window keeps their order, titles, icons and the action a section needs (the
 * Accounts section is for administrators) in one table. The window also locks the session: on
 * Ctrl+L or after the idle time (GSettings idle-lock-minutes) its content and every window that
 * belongs to it are hidden behind UdLockScreen until the same account's password is given. Hidden
 * editors keep what was typed in them. */
#define G_LOG_DOMAIN "ud-window"

#include <glib/gstdio.h>

#include "ud-account-page.h"
#include "ud-aid-page.h"
#include "ud-audit-page.h"
#include "ud-backup-dialog.h"
#include "ud-backup.h"
#include "ud-books-page.h"
#include "ud-employer-page.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-hardship-page.h"
#include "ud-i18n.h"
#include "ud-preferences-window.h"
#include "ud-lock-screen.h"
#include "ud-password-dialog.h"
#include "ud-policy-page.h"
#include "ud-import-dialog.h"
#include "ud-insurance-page.h"
#include "ud-member-editor.h"
#include "ud-member-page.h"
#include "ud-org.h"
#include "ud-org-page.h"
#include "ud-payout-page.h"
#include "ud-statistics-page.h"
#include "ud-sync-indicator.h"
#include "ud-sync-page.h"
#include "ud-window.h"

#define NO_GUARD (-1)

typedef struct
{
  const char *name;
  const char *title;       /* untranslated */
  const char *icon_name;
  GtkWidget *(*create) (UdDatabase *db);
  int         guard;       /* the UdAction needed to see the section, or NO_GUARD */
} Section;

/* Every logged-in role may read the audit trail (see ud-audit-page.c). */
static const Section sections[] = {
  { "members", N_("Members"), "system-users-symbolic", ud_member_page_new, NO_GUARD },
  { "organisations", N_("Unions"), "network-workgroup-symbolic", ud_org_page_new, NO_GUARD },
  { "employers", N_("Employers"), "applications-engineering-symbolic", ud_employer_page_new,
    NO_GUARD },
  { "audit", N_("Audit Trail"), "document-open-recent-symbolic", ud_audit_page_new, NO_GUARD },
  { "accounts", N_("Accounts"), "avatar-default-symbolic", ud_account_page_new,
    UD_ACTION_ACCOUNT_ADMIN },
  { "hardship", N_("Hardship Files"), "folder-documents-symbolic", ud_hardship_page_new,
    NO_GUARD },
  { "aid", N_("Aid Applications"), "emblem-documents-symbolic", ud_aid_page_new, NO_GUARD },
  { "insurance", N_("Mutual Insurance"), "security-medium-symbolic", ud_insurance_page_new,
    NO_GUARD },
  /* Bank accounts in full: the treasurer's section. */
  { "payouts", N_("Payouts"), "mail-send-symbolic", ud_payout_page_new, UD_ACTION_PAY },
  { "statistics", N_("Statistics"), "x-office-spreadsheet-symbolic", ud_statistics_page_new,
    NO_GUARD },
  { "policy", N_("Policy Parameters"), "preferences-system-symbolic", ud_policy_page_new,
    NO_GUARD },
  { "books", N_("Books"), "accessories-calculator-symbolic", ud_books_page_new, NO_GUARD },
  /* Every role sees the state and may sync; the settings are the administrator's. */
  { "sync", N_("City Union Sync"), "emblem-synchronizing-symbolic", ud_sync_page_new, NO_GUARD },
};

struct _UdWindow
{
  AdwApplicationWindow  parent_instance;

  UdDatabase           *db;            /* owned */
  UdAccount            *account;       /* owned: who is logged in */
  GSettings            *settings;      /* owned */

  guint                 idle_source;   /* the idle-lock timeout, or 0 */
  gboolean              locked;
  GPtrArray            *hidden;        /* owned: windows hidden while locked (strong refs) */
  GCancellable         *cancellable;   /* owned: the automatic backup and file checks */

  /* template */
  GtkStack             *session_stack;
  UdLockScreen         *lock_screen;
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  AdwWindowTitle       *content_title;
  GtkWidget            *new_member_button;
  GtkStack             *stack;
  UdSyncIndicator      *sync_indicator;

  GtkWidget            *member_page;   /* borrowed: a child of the stack */
};

G_DEFINE_FINAL_TYPE (UdWindow, ud_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_DATABASE,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_LOG_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reset_idle_timer (UdWindow *self);

static const Section *
find_section (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (sections); i++)
    if (g_str_equal (sections[i].name, name))
      return &sections[i];
  return NULL;
}

static void
update_office_name (UdWindow *self)
{
  g_autoptr(UdOrg) office = ud_org_get (self->db, ud_database_get_office_org_id (self->db), NULL);

  adw_window_title_set_subtitle (self->content_title, office ? office->name : NULL);
}

static void
database_changed_cb (UdWindow   *self,
                     const char *entity,
                     UdDatabase *db)
{
  if (entity == NULL || g_str_equal (entity, "org"))
    update_office_name (self);
}

/* The page in the stack child @child, made now when the section was not shown yet (the child is
 * then a bin waiting for it). */
static GtkWidget *
ensure_page (UdWindow  *self,
             GtkWidget *child)
{
  const Section *section = child ? g_object_get_data (G_OBJECT (child), "ud-section") : NULL;

  if (section == NULL)
    return child;
  if (adw_bin_get_child (ADW_BIN (child)) == NULL)
    adw_bin_set_child (ADW_BIN (child), section->create (self->db));
  return adw_bin_get_child (ADW_BIN (child));
}

static void
stack_visible_child_cb (UdWindow *self)
{
  const Section *section = find_section (gtk_stack_get_visible_child_name (self->stack));
  GtkListBoxRow *row;

  if (section == NULL)
    return;

  ensure_page (self, gtk_stack_get_visible_child (self->stack));

  adw_window_title_set_title (self->content_title, _(section->title));
  gtk_widget_set_visible (self->new_member_button, g_str_equal (section->name, "members"));

  /* The sidebar lists only the sections this account may see: find the row by name. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    if (g_str_equal (gtk_widget_get_name (GTK_WIDGET (row)), section->name))
      break;
  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar) != row)
    gtk_list_box_select_row (self->sidebar, row);
}

static void
sidebar_row_selected_cb (UdWindow      *self,
                         GtkListBoxRow *row)
{
  const Section *section = row ? find_section (gtk_widget_get_name (GTK_WIDGET (row))) : NULL;

  if (section != NULL)
    gtk_stack_set_visible_child_name (self->stack, section->name);
}

static void
sidebar_row_activated_cb (UdWindow      *self,
                          GtkListBoxRow *row)
{
  sidebar_row_selected_cb (self, row);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (UdWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static GtkWidget *
sidebar_row_new (const Section *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(section->title));

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (section->icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, section->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(section->title),
                                  -1);
  return row;
}

/* Actions */

static void
new_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);

  ud_member_editor_present (GTK_WIDGET (self), self->db, 0);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);

  ud_import_dialog_present (GTK_WIDGET (self), self->db);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);

  ud_window_show_section (self, "members");
  ud_member_page_export (UD_MEMBER_PAGE (self->member_page));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);

  ud_window_show_section (self, "members");
  ud_member_page_focus_search (UD_MEMBER_PAGE (self->member_page));
}

static void
section_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ud_window_show_section (UD_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ud_window_lock (UD_WINDOW (widget));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (ud_preferences_window_new (GTK_WINDOW (self), self->db)));
}

static void
change_password_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);
  UdPasswordDialog *dialog = ud_password_dialog_new (self->db, self->account, FALSE);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Backups */

static void
backup_response (GtkNativeDialog *chooser,
                 int              response,
                 UdWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  UdBackupDialog *dialog;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  dialog = ud_backup_dialog_new (self->db, self->account, path);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
backup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M");
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  /* Translators: the suggested name of a backup file; %s is the date and time */
  name = g_strdup_printf (_("union-desk-backup-%s.db"), stamp);
  chooser = gtk_file_chooser_native_new (_("Back Up the Database"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Back Up"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("Union Desk databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (backup_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
restore_confirm_response (AdwMessageDialog *dialog,
                          const char       *response,
                          UdWindow         *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "ud-backup-path");
  GApplication *application;

  if (g_strcmp0 (response, "restore") != 0)
    return;

  /* The application closes the windows and the connection, restores and shows the login. */
  application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application), "restore",
                                    g_variant_new_string (path));
}

static void
restore_checked (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(UdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *name = NULL;
  const char *path = g_task_get_task_data (G_TASK (result));
  guint64 n_entries = 0;
  GtkWidget *dialog;

  if (!ud_backup_check_file_finish (result, &n_entries, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("This File Cannot Be Restored"), NULL);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  name = g_path_get_basename (path);
  /* Translators: %s is a backup file, %lu the number of audit entries checked, then the
   * database file */
  body = g_strdup_printf (_("“%s” is intact and its audit trail of %lu entries is unbroken.\n\n"
                            "Restoring replaces everything in the database “%s” with the backup: "
                            "changes made since the backup are no longer shown. The current "
                            "database is not deleted: it is kept beside it as a copy whose name "
                            "ends in “.replaced” and the date.\n\nUnion Desk closes this "
                            "window; log in again afterwards."),
                          name, (unsigned long) n_entries, ud_database_get_path (self->db));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ud-backup-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_response (GtkNativeDialog *chooser,
                  int              response,
                  UdWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  ud_form_add_toast (GTK_WIDGET (self), _("Checking the backup…"));
  ud_backup_check_file_async (path, self->cancellable, restore_checked, g_object_ref (self));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);
  g_autofree char *dir = ud_backup_default_dir (ud_database_get_path (self->db));
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Restore a Backup"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Check"), NULL);
  gtk_file_filter_set_name (filter, _("Union Desk databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (restore_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
auto_backup_done (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(UdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean made = FALSE;

  if (!ud_backup_auto_finish (result, &made, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->db == NULL)
        return;
      g_message ("The daily backup failed: %s", error->message);
      /* Translators: %s is why */
      message = g_strdup_printf (_("The daily backup failed: %s"), error->message);
      ud_form_add_toast (GTK_WIDGET (self), message);
      return;
    }

  if (made && self->db != NULL)
    ud_form_add_toast (GTK_WIDGET (self), _("Today’s automatic backup was made"));
}

/* Locking */

static gboolean
idle_timeout_cb (gpointer user_data)
{
  UdWindow *self = user_data;

  self->idle_source = 0;
  ud_window_lock (self);
  return G_SOURCE_REMOVE;
}

static void
reset_idle_timer (UdWindow *self)
{
  int minutes = g_settings_get_int (self->settings, "idle-lock-minutes");

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (minutes > 0 && !self->locked)
    self->idle_source = g_timeout_add_seconds ((guint) minutes * 60, idle_timeout_cb, self);
}

static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                UdWindow                 *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      reset_idle_timer (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Every window that belongs to this one: editors, details, dialogs (transient for it, or for one
 * of those). */
static gboolean
belongs_to (UdWindow  *self,
            GtkWindow *window)
{
  for (GtkWindow *w = gtk_window_get_transient_for (window); w != NULL;
       w = gtk_window_get_transient_for (w))
    if (w == GTK_WINDOW (self))
      return TRUE;
  return FALSE;
}

static void
on_unlocked (UdWindow *self)
{
  g_autoptr(GPtrArray) hidden = g_steal_pointer (&self->hidden);

  self->locked = FALSE;
  gtk_stack_set_visible_child_name (self->session_stack, "session");
  for (guint i = 0; hidden != NULL && i < hidden->len; i++)
    gtk_window_present (g_ptr_array_index (hidden, i));
  reset_idle_timer (self);
}

static void
on_switch_user (UdWindow *self)
{
  g_autoptr(GPtrArray) hidden = g_steal_pointer (&self->hidden);

  for (guint i = 0; hidden != NULL && i < hidden->len; i++)
    gtk_window_destroy (g_ptr_array_index (hidden, i));
  g_signal_emit (self, signals[SIGNAL_LOG_OUT], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
settings_changed_cb (UdWindow   *self,
                     const char *key)
{
  if (g_strcmp0 (key, "idle-lock-minutes") == 0)
    reset_idle_timer (self);
}

/* What the role may do: actions it may not are disabled, and the buttons say which role they
 * need. */
static void
apply_roles (UdWindow *self)
{
  gboolean member_write = ud_guard_allows (self->account, UD_ACTION_MEMBER_WRITE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-member", member_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", member_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 ud_guard_allows (self->account, UD_ACTION_EXPORT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.backup",
                                 ud_guard_allows (self->account, UD_ACTION_BACKUP));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore",
                                 ud_guard_allows (self->account, UD_ACTION_BACKUP));
  ud_form_guard (self->new_member_button, self->account, UD_ACTION_MEMBER_WRITE);
}

/* Window state */

static void
restore_state (UdWindow *self)
{
  g_autofree char *section = g_settings_get_string (self->settings, "last-section");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (!ud_window_show_section (self, section))
    ud_window_show_section (self, "members");
}

static void
save_state (UdWindow *self)
{
  const char *section = gtk_stack_get_visible_child_name (self->stack);
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width, height;

  g_settings_delay (self->settings);
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (section != NULL)
    g_settings_set_string (self->settings, "last-section", section);
  g_settings_apply (self->settings);
}

static gboolean
ud_window_close_request (GtkWindow *window)
{
  save_state (UD_WINDOW (window));

  return GTK_WINDOW_CLASS (ud_window_parent_class)->close_request (window);
}

/* GObject */

static void
ud_window_constructed (GObject *object)
{
  UdWindow *self = UD_WINDOW (object);

  G_OBJECT_CLASS (ud_window_parent_class)->constructed (object);

  g_assert (UD_IS_DATABASE (self->db));
  g_assert (self->account != NULL);

  apply_roles (self);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *page;

      if (sections[i].guard != NO_GUARD
          && !ud_guard_allows (self->account, (UdAction) sections[i].guard))
        continue;

      /* The members (the first section) and the sync page (its timer runs automatic sync) are
       * made now; the others when first shown, so the window opens sooner. */
      if (i == 0 || g_str_equal (sections[i].name, "sync"))
        page = sections[i].create (self->db);
      else
        {
          page = adw_bin_new ();
          g_object_set_data (G_OBJECT (page), "ud-section", (gpointer) &sections[i]);
        }

      gtk_stack_add_titled (self->stack, page, sections[i].name, _(sections[i].title));
      gtk_list_box_append (self->sidebar, sidebar_row_new (&sections[i]));
      if (i == 0)
        self->member_page = page;
    }

  ud_sync_indicator_set_database (self->sync_indicator, self->db);
  g_signal_connect_object (self->db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_office_name (self);
  restore_state (self);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reset_idle_timer (self);
}

static void
ud_window_dispose (GObject *object)
{
  UdWindow *self = UD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_pointer (&self->hidden, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_WINDOW);
  self->member_page = NULL;

  G_OBJECT_CLASS (ud_window_parent_class)->dispose (object);
}

static void
ud_window_finalize (GObject *object)
{
  UdWindow *self = UD_WINDOW (object);

  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);
  g_clear_pointer (&self->account, ud_account_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ud_window_parent_class)->finalize (object);
}

static void
ud_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  UdWindow *self = UD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;

    case PROP_ACCOUNT:
      g_value_set_boxed (value, self->account);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  UdWindow *self = UD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      self->account = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_window_class_init (UdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ud_window_constructed;
  object_class->dispose = ud_window_dispose;
  object_class->finalize = ud_window_finalize;
  object_class->get_property = ud_window_get_property;
  object_class->set_property = ud_window_set_property;
  window_class->close_request = ud_window_close_request;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UD_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_boxed ("account", NULL, NULL, UD_TYPE_ACCOUNT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The person chose "Switch User" on the lock screen; the window closes itself after. */
  signals[SIGNAL_LOG_OUT] =
    g_signal_new ("log-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (UD_TYPE_LOCK_SCREEN);
  g_type_ensure (UD_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/uniondesk/UnionDesk/ud-window.ui");
  gtk_widget_class_bind_template_child (widget_class, UdWindow, session_stack);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, lock_screen);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, new_member_button);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, sync_indicator);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unlocked);
  gtk_widget_class_bind_template_callback (widget_class, on_switch_user);

  gtk_widget_class_install_action (widget_class, "win.new-member", NULL, new_member_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.section", "s", section_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.change-password", NULL,
                                   change_password_action);
  gtk_widget_class_install_action (widget_class, "win.backup", NULL, backup_action);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-member", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.section", "s", "members");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.section", "s", "organisations");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.section", "s", "employers");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.section", "s", "audit");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK,
                                       "win.section", "s", "accounts");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_ALT_MASK,
                                       "win.section", "s", "hardship");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_7, GDK_ALT_MASK,
                                       "win.section", "s", "aid");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_8, GDK_ALT_MASK,
                                       "win.section", "s", "statistics");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_9, GDK_ALT_MASK,
                                       "win.section", "s", "policy");
}

static void
ud_window_init (UdWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (UD_APP_ID);
  self->cancellable = g_cancellable_new ();

  /* Any key, pointer or scroll input on the window postpones the idle lock. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (input_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Public */

UdWindow *
ud_window_new (GtkApplication  *application,
               UdDatabase      *db,
               const UdAccount *account)
{
  UdWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  self = g_object_new (UD_TYPE_WINDOW,
                       "application", application,
                       "database", db,
                       "account", account,
                       NULL);
  return self;
}

const UdAccount *
ud_window_get_account (UdWindow *self)
{
  g_return_val_if_fail (UD_IS_WINDOW (self), NULL);

  return self->account;
}

void
ud_window_add_toast (UdWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (UD_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

UdDatabase *
ud_window_get_database (UdWindow *self)
{
  g_return_val_if_fail (UD_IS_WINDOW (self), NULL);

  return self->db;
}

gboolean
ud_window_show_section (UdWindow   *self,
                        const char *name)
{
  const Section *section;

  g_return_val_if_fail (UD_IS_WINDOW (self), FALSE);

  section = find_section (name);
  if (section == NULL || gtk_stack_get_child_by_name (self->stack, section->name) == NULL)
    return FALSE;

  gtk_stack_set_visible_child_name (self->stack, section->name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  return TRUE;
}

GtkWidget *
ud_window_get_page (UdWindow   *self,
                    const char *name)
{
  const Section *section;
  GtkWidget *child;

  g_return_val_if_fail (UD_IS_WINDOW (self), NULL);

  section = find_section (name);
  child = section ? gtk_stack_get_child_by_name (self->stack, section->name) : NULL;
  return child ? ensure_page (self, child) : NULL;
}

void
ud_window_lock (UdWindow *self)
{
  g_autoptr(GList) toplevels = NULL;

  g_return_if_fail (UD_IS_WINDOW (self));

  if (self->locked)
    return;

  self->locked = TRUE;
  g_clear_handle_id (&self->idle_source, g_source_remove);

  /* Hide (not close) the windows that belong to this one, so nothing typed is lost. */
  if (self->hidden == NULL)
    self->hidden = g_ptr_array_new_with_free_func (g_object_unref);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_WINDOW (l->data) && l->data != (gpointer) self
        && gtk_widget_get_visible (l->data) && belongs_to (self, l->data))
      {
        g_ptr_array_add (self->hidden, g_object_ref (l->data));
        gtk_widget_set_visible (l->data, FALSE);
      }

  ud_lock_screen_reset (self->lock_screen, self->db, self->account);
  gtk_stack_set_visible_child_name (self->session_stack, "locked");
  gtk_window_present (GTK_WINDOW (self));
}

gboolean
ud_window_is_locked (UdWindow *self)
{
  g_return_val_if_fail (UD_IS_WINDOW (self), FALSE);

  return self->locked;
}

void
ud_window_start_auto_backup (UdWindow *self)
{
  g_return_if_fail (UD_IS_WINDOW (self));

  ud_backup_auto_async (self->db, self->account,
                        (guint) g_settings_get_int (self->settings, "backup-keep"),
                        self->cancellable, auto_backup_done, g_object_ref (self));
}
