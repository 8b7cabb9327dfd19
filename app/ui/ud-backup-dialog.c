/* ud-backup-dialog.c — a backup of the live database to a chosen file, with progress and cancel
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQLite's online backup API copies the database while the app goes on using it. The copy runs
 * on a worker thread with its own connection (ud_database_open_worker()); progress reaches the
 * dialog through the main context. */
#define G_LOG_DOMAIN "ud-backup-dialog"

#include "ud-backup-dialog.h"
#include "ud-backup.h"
#include "ud-form.h"
#include "ud-i18n.h"

struct _UdBackupDialog
{
  AdwWindow        parent_instance;

  GCancellable    *cancellable;    /* owned */
  char            *path;           /* owned */
  gboolean         running;
  gboolean         made;
  gboolean         close_requested;

  /* template */
  GtkLabel        *message_label;
  GtkProgressBar  *progress_bar;
  GtkButton       *cancel_button;
  GtkButton       *close_button;
};

G_DEFINE_FINAL_TYPE (UdBackupDialog, ud_backup_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char       *db_path;
  UdAccount  *account;
  char       *path;
  guint       keep;
  GWeakRef    dialog;
} BackupJob;

static void
backup_job_free (BackupJob *job)
{
  g_free (job->db_path);
  g_clear_pointer (&job->account, ud_account_free);
  g_free (job->path);
  g_weak_ref_clear (&job->dialog);
  g_free (job);
}

static BackupJob *
backup_job_new (UdDatabase      *db,
                const UdAccount *account,
                const char      *path)
{
  BackupJob *job = g_new0 (BackupJob, 1);

  job->db_path = g_strdup (ud_database_get_path (db));
  job->account = account ? ud_account_copy (account) : NULL;
  job->path = g_strdup (path);
  g_weak_ref_init (&job->dialog, NULL);
  return job;
}

typedef struct
{
  GWeakRef dialog;
  double   fraction;
} Progress;

static gboolean
progress_idle (gpointer data)
{
  Progress *progress = data;
  g_autoptr(UdBackupDialog) self = g_weak_ref_get (&progress->dialog);

  if (self != NULL && self->running)
    gtk_progress_bar_set_fraction (self->progress_bar, progress->fraction);

  g_weak_ref_clear (&progress->dialog);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

/* Called on the worker thread. */
static void
backup_progress (int      remaining,
                 int      total,
                 gpointer user_data)
{
  BackupJob *job = user_data;
  g_autoptr(UdBackupDialog) self = g_weak_ref_get (&job->dialog);
  Progress *progress;

  if (self == NULL || total <= 0)
    return;

  progress = g_new0 (Progress, 1);
  g_weak_ref_init (&progress->dialog, self);
  progress->fraction = (double) (total - remaining) / total;
  g_idle_add (progress_idle, progress);
}

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BackupJob *job = task_data;
  g_autoptr(UdDatabase) worker = NULL;
  GError *error = NULL;

  worker = ud_database_open_worker (job->db_path, &error);
  if (worker == NULL
      || !ud_backup_create (worker, job->account, job->path, cancellable, backup_progress, job,
                            &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
backup_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(UdBackupDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  self->running = FALSE;
  self->made = g_task_propagate_boolean (G_TASK (result), &error);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, self->made);

  if (self->message_label == NULL)
    return;
  if (self->close_requested)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (self->made)
    {
      /* Translators: %s is the backup file */
      message = g_strdup_printf (_("The backup was saved as “%s”. Keep a copy away from this "
                                   "computer, such as on a USB drive kept in a safe place."),
                                 self->path);
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("The backup was cancelled; no file was made."));
  else
    /* Translators: %s is why the backup failed */
    message = g_strdup_printf (_("The backup failed: %s"), error->message);

  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdBackupDialog *self = UD_BACKUP_DIALOG (widget);

  if (self->running)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
ud_backup_dialog_close_request (GtkWindow *window)
{
  UdBackupDialog *self = UD_BACKUP_DIALOG (window);

  /* Closing while copying cancels; the dialog closes once the copy has stopped. */
  if (self->running)
    {
      self->close_requested = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (ud_backup_dialog_parent_class)->close_request (window);
}

static void
ud_backup_dialog_dispose (GObject *object)
{
  UdBackupDialog *self = UD_BACKUP_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_BACKUP_DIALOG);

  G_OBJECT_CLASS (ud_backup_dialog_parent_class)->dispose (object);
}

static void
ud_backup_dialog_finalize (GObject *object)
{
  UdBackupDialog *self = UD_BACKUP_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->path);

  G_OBJECT_CLASS (ud_backup_dialog_parent_class)->finalize (object);
}

static void
ud_backup_dialog_class_init (UdBackupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ud_backup_dialog_dispose;
  object_class->finalize = ud_backup_dialog_finalize;
  window_class->close_request = ud_backup_dialog_close_request;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-backup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UdBackupDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, UdBackupDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, UdBackupDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, UdBackupDialog, close_button);

  gtk_widget_class_install_action (widget_class, "backup.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "backup.cancel", NULL);
}

static void
ud_backup_dialog_init (UdBackupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

UdBackupDialog *
ud_backup_dialog_new (UdDatabase      *db,
                      const UdAccount *account,
                      const char      *path)
{
  UdBackupDialog *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *message = NULL;
  BackupJob *job;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (UD_TYPE_BACKUP_DIALOG, NULL);
  self->path = g_strdup (path);
  self->running = TRUE;

  /* Translators: %s is the backup file */
  message = g_strdup_printf (_("Copying the database to “%s”. You can go on working."), path);
  gtk_label_set_text (self->message_label, message);

  job = backup_job_new (db, account, path);
  g_weak_ref_set (&job->dialog, self);
  task = g_task_new (NULL, self->cancellable, backup_done, g_object_ref (self));
  g_task_set_source_tag (task, ud_backup_dialog_new);
  g_task_set_task_data (task, job, (GDestroyNotify) backup_job_free);
  g_task_run_in_thread (task, backup_thread);

  return self;
}

/* The automatic backup */

static void
auto_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BackupJob *job = task_data;
  g_autoptr(UdDatabase) worker = NULL;
  GError *error = NULL;
  gboolean made = FALSE;

  worker = ud_database_open_worker (job->db_path, &error);
  if (worker == NULL || !ud_backup_auto (worker, job->account, job->keep, &made, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, made);
}

void
ud_backup_auto_async (UdDatabase          *db,
                      const UdAccount     *account,
                      guint                keep,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BackupJob *job;

  g_return_if_fail (UD_IS_DATABASE (db));

  job = backup_job_new (db, account, NULL);
  job->keep = MAX (keep, 1);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ud_backup_auto_async);
  g_task_set_task_data (task, job, (GDestroyNotify) backup_job_free);
  g_task_run_in_thread (task, auto_thread);
}

gboolean
ud_backup_auto_finish (GAsyncResult  *result,
                       gboolean      *out_made,
                       GError       **error)
{
  gssize made;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  made = g_task_propagate_int (G_TASK (result), error);
  if (out_made != NULL)
    *out_made = made > 0;
  return made >= 0;
}

/* Checking a file before a restore */

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  guint64 n_entries = 0;
  GError *error = NULL;

  if (!ud_backup_check_file (task_data, &n_entries, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, (gssize) MIN (n_entries, G_MAXSSIZE));
}

void
ud_backup_check_file_async (const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ud_backup_check_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, check_thread);
}

gboolean
ud_backup_check_file_finish (GAsyncResult  *result,
                             guint64       *n_audit_entries,
                             GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n_audit_entries != NULL)
    *n_audit_entries = n > 0 ? (guint64) n : 0;
  return n >= 0;
}
