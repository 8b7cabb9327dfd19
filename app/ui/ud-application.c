/* ud-application.c — the Union Desk application: options, the database, app actions
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The database is the one given with --db, else the GSettings key database-path, else the
 * default file in the user's data folder. It is opened (and migrated) on the first activation;
 * when that fails the person is told which file and why, and the application quits. */
#define G_LOG_DOMAIN "ud-application"

#include <string.h>

#include "ud-application.h"
#include "ud-backup.h"
#include "ud-bench.h"
#include "ud-i18n.h"
#include "ud-login-window.h"
#include "ud-password-dialog.h"
#include "ud-window.h"

struct _UdApplication
{
  AdwApplication  parent_instance;

  char           *db_path;   /* owned: from --db, or NULL */
  UdDatabase     *db;        /* owned */
  GSettings      *settings;  /* owned */
};

G_DEFINE_FINAL_TYPE (UdApplication, ud_application, ADW_TYPE_APPLICATION)

static char *
dup_database_path (UdApplication *self)
{
  g_autofree char *configured = NULL;

  if (self->db_path != NULL)
    return g_strdup (self->db_path);

  configured = g_settings_get_string (self->settings, "database-path");
  if (configured != NULL && *configured != '\0')
    return g_steal_pointer (&configured);

  return ud_database_default_path ();
}

static void
open_error_response (AdwMessageDialog *dialog,
                     const char       *response,
                     UdApplication    *self)
{
  g_application_release (G_APPLICATION (self));
}

static void
show_open_error (UdApplication *self,
                 const char    *path,
                 const GError  *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Cannot Open the Database"), NULL);
  if (strstr (error->message, path) != NULL)
    /* Translators: %s is why the database cannot be opened; it names the file */
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("%s\n\nCheck that the file exists and that you may read "
                                      "and write it, or start Union Desk with another file "
                                      "(--db FILE)."),
                                    error->message);
  else
    /* Translators: %s is a file path, then the reason */
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("Union Desk could not open the database file\n“%s”."
                                      "\n\n%s\n\nCheck that the file exists and that you may "
                                      "read and write it, or start Union Desk with another file "
                                      "(--db FILE)."),
                                    path, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));

  /* Hold the application until the dialog is answered. */
  g_application_hold (G_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_error_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void show_login (UdApplication *self);

static void
on_log_out (UdWindow      *window,
            UdApplication *self)
{
  show_login (self);
}

static void
open_main_window (UdApplication   *self,
                  UdLoginWindow   *login,
                  const UdAccount *account)
{
  GtkWindow *window = GTK_WINDOW (ud_window_new (GTK_APPLICATION (self), self->db, account));

  g_signal_connect_object (window, "log-out", G_CALLBACK (on_log_out), self, 0);
  if (g_getenv ("UD_BENCH_STARTUP") != NULL)
    ud_bench_watch_startup (window);
  gtk_window_present (window);
  gtk_window_destroy (GTK_WINDOW (login));
  ud_window_start_auto_backup (UD_WINDOW (window));
}

static void
on_password_finished (UdPasswordDialog *dialog,
                      gboolean          changed,
                      UdLoginWindow    *login)
{
  UdApplication *self = UD_APPLICATION (gtk_window_get_application (GTK_WINDOW (login)));
  const UdAccount *account = g_object_get_data (G_OBJECT (dialog), "ud-account");
  g_autoptr(UdAccount) fresh = NULL;

  /* Without a password of their own the person stays at the login window. */
  if (!changed || self == NULL)
    return;

  fresh = ud_account_get (self->db, account->id, NULL);
  open_main_window (self, login, fresh ? fresh : account);
}

static void
on_logged_in (UdLoginWindow   *login,
              const UdAccount *account,
              UdApplication   *self)
{
  UdPasswordDialog *dialog;

  if (!account->must_change_password)
    {
      open_main_window (self, login, account);
      return;
    }

  dialog = ud_password_dialog_new (self->db, account, TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "ud-account", ud_account_copy (account),
                          (GDestroyNotify) ud_account_free);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (login));
  g_signal_connect_object (dialog, "finished", G_CALLBACK (on_password_finished), login, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_login (UdApplication *self)
{
  GtkWindow *window = GTK_WINDOW (ud_login_window_new (GTK_APPLICATION (self), self->db));

  g_signal_connect_object (window, "logged-in", G_CALLBACK (on_logged_in), self, 0);
  if (g_getenv ("UD_BENCH_STARTUP") != NULL)
    ud_bench_watch_login (window);
  gtk_window_present (window);
}

static void
ud_application_activate (GApplication *application)
{
  UdApplication *self = UD_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->db == NULL)
    {
      g_autofree char *path = dup_database_path (self);
      g_autoptr(GError) error = NULL;

      self->db = ud_database_open (path, &error);
      if (self->db == NULL)
        {
          g_message ("Cannot open the database %s: %s", path, error->message);
          show_open_error (self, path, error);
          return;
        }
    }

  show_login (self);
}

static int
ud_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  UdApplication *self = UD_APPLICATION (application);
  g_autofree char *db_path = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("union-desk %s\n", UD_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^ay", &db_path))
    {
      g_free (self->db_path);
      self->db_path = g_canonicalize_filename (db_path, NULL);
    }

  return G_APPLICATION_CLASS (ud_application_parent_class)->handle_local_options (application,
                                                                                  options);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  UdApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows saves their state; the application ends with the last one. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  UdApplication *self = user_data;
  const char *developers[] = { _("Union Desk developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-icon", UD_APP_ID,
                        "application-name", _("Union Desk"),
                        "developer-name", _("Union Desk developers"),
                        "version", UD_VERSION,
                        "comments", _("Members, hardship aid, medical relief, mutual insurance "
                                      "and payouts for trade-union offices, kept on this computer "
                                      "and sent to the city union when a network is available."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© 2026 Union Desk developers"),
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  UdApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

/* Restoring a backup: the main window has checked the file and asked. */

typedef struct
{
  char      *backup_path;
  char      *db_path;
  UdAccount *account;
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
  g_free (job->backup_path);
  g_free (job->db_path);
  g_clear_pointer (&job->account, ud_account_free);
  g_free (job);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreJob *job = task_data;
  char *replaced = NULL;
  GError *error = NULL;

  if (!ud_backup_restore (job->backup_path, job->db_path, job->account, &replaced, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, replaced ? replaced : g_strdup (""), g_free);
}

static void
restore_done (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  UdApplication *self = UD_APPLICATION (source_object);
  RestoreJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) open_error = NULL;
  g_autofree char *replaced = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  self->db = ud_database_open (job->db_path, &open_error);
  if (self->db == NULL)
    {
      show_open_error (self, job->db_path, open_error);
      g_application_release (G_APPLICATION (self));
      return;
    }

  show_login (self);
  if (replaced != NULL)
    /* Translators: %s is the file the replaced database was kept as */
    body = g_strdup_printf (_("The backup was restored. The database it replaced is kept as "
                              "“%s”."),
                            replaced);
  else
    /* Translators: %s is why */
    body = g_strdup_printf (_("The backup was not restored, and nothing was changed: %s"),
                            error->message);
  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   replaced ? _("Backup Restored") : _("Restore Failed"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  g_application_release (G_APPLICATION (self));
}

static void
restore_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  UdApplication *self = user_data;
  g_autoptr(GTask) task = NULL;
  RestoreJob *job;
  UdWindow *main_window = NULL;

  if (self->db == NULL)
    return;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (UD_IS_WINDOW (l->data))
      main_window = l->data;
  if (main_window == NULL)
    return;

  job = g_new0 (RestoreJob, 1);
  job->backup_path = g_strdup (g_variant_get_string (parameter, NULL));
  job->db_path = g_strdup (ud_database_get_path (self->db));
  job->account = ud_account_copy (ud_window_get_account (main_window));

  /* Close every window, then the connection: the restore refuses while one is open. */
  g_application_hold (G_APPLICATION (self));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }
  g_clear_object (&self->db);

  task = g_task_new (self, NULL, restore_done, NULL);
  g_task_set_source_tag (task, restore_activated);
  g_task_set_task_data (task, job, (GDestroyNotify) restore_job_free);
  g_task_run_in_thread (task, restore_thread);
}

static const GActionEntry app_actions[] = {
  { "restore", restore_activated, "s" },
  { "quit", quit_activated },
  { "about", about_activated },
  { "shortcuts", shortcuts_activated },
};

static void
ud_application_startup (GApplication *application)
{
  UdApplication *self = UD_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (ud_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  /* Ctrl+? opens the shortcuts: GtkApplication gives win.show-help-overlay that accelerator
   * because gtk/help-overlay.ui is in the resources. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

static void
ud_application_dispose (GObject *object)
{
  UdApplication *self = UD_APPLICATION (object);

  g_clear_object (&self->db);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ud_application_parent_class)->dispose (object);
}

static void
ud_application_finalize (GObject *object)
{
  UdApplication *self = UD_APPLICATION (object);

  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (ud_application_parent_class)->finalize (object);
}

static void
ud_application_class_init (UdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ud_application_dispose;
  object_class->finalize = ud_application_finalize;
  application_class->activate = ud_application_activate;
  application_class->startup = ud_application_startup;
  application_class->handle_local_options = ud_application_handle_local_options;
}

static void
ud_application_init (UdApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the database FILE instead of the configured one"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  self->settings = g_settings_new (UD_APP_ID);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Member services and aid for trade-union offices"));
}

UdApplication *
ud_application_new (void)
{
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;

  /* Tests start several instances at once on one session bus. */
  if (g_getenv ("UD_NON_UNIQUE") != NULL)
    flags |= G_APPLICATION_NON_UNIQUE;

  return g_object_new (UD_TYPE_APPLICATION,
                       "application-id", UD_APP_ID,
                       "flags", flags,
                       "resource-base-path", "/io/github/uniondesk/UnionDesk",
                       NULL);
}

UdDatabase *
ud_application_get_database (UdApplication *self)
{
  g_return_val_if_fail (UD_IS_APPLICATION (self), NULL);

  return self->db;
}
