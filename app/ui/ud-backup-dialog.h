/* ud-backup-dialog.h — a backup of the live database to a chosen file, with progress and cancel
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_BACKUP_DIALOG (ud_backup_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdBackupDialog, ud_backup_dialog, UD, BACKUP_DIALOG, AdwWindow)

/* Starts copying @db to @path as @account (copied) on a worker thread with its own connection and
 * shows the progress; Cancel stops it (no file is left). The dialog says how it ended.
 * signal: "finished" (gboolean made). */
UdBackupDialog *ud_backup_dialog_new (UdDatabase      *db,
                                      const UdAccount *account,
                                      const char      *path);

/* The daily automatic backup, on a worker thread: ud_backup_auto() keeping @keep backups.
 * @callback gets whether one was made: ud_backup_auto_finish(). */
void            ud_backup_auto_async  (UdDatabase          *db,
                                       const UdAccount     *account,
                                       guint                keep,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean        ud_backup_auto_finish (GAsyncResult        *result,
                                       gboolean            *out_made,
                                       GError             **error);

/* ud_backup_check_file() on a worker thread; the result is the number of audit entries checked. */
void            ud_backup_check_file_async  (const char          *path,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean        ud_backup_check_file_finish (GAsyncResult        *result,
                                             guint64             *n_audit_entries,
                                             GError             **error);

G_END_DECLS
