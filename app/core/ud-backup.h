/* ud-backup.h — backups of the live database, daily automatic backups, checks and restore
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

/* One backup file found by ud_backup_list(). */
typedef struct
{
  char      *path;
  guint64    size;       /* bytes */
  GDateTime *modified;   /* local time */
} UdBackupInfo;

#define UD_TYPE_BACKUP_INFO (ud_backup_info_get_type ())
GType         ud_backup_info_get_type (void) G_GNUC_CONST;
UdBackupInfo *ud_backup_info_copy     (const UdBackupInfo *info);
void          ud_backup_info_free     (UdBackupInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdBackupInfo, ud_backup_info_free)

/* Progress of ud_backup_create(): pages still to copy and pages in all. */
typedef void (*UdBackupProgress) (int      remaining,
                                  int      total,
                                  gpointer user_data);

/* Admin only (UD_ACTION_BACKUP). Copies the database of @db, while it is in use, to @path with
 * SQLite's online backup API: a few pages at a time with short pauses, so other connections keep
 * working (a write by another connection restarts the copy; after a few restarts the rest is
 * copied in one go, which in WAL mode blocks no writer). The copy goes to a hidden temporary
 * file beside @path (mode 0600), is checked with PRAGMA integrity_check, synced and renamed into
 * place, so a failed or cancelled backup leaves no file behind. @path may not be the database
 * itself. Audited ("database", "backup", with path and size). @db must not be inside a
 * transaction. Cancelling returns G_IO_ERROR_CANCELLED. Runs on @db's thread; for the UI, call it
 * from a worker thread with its own connection (ud_database_open_worker()). */
gboolean      ud_backup_create        (UdDatabase        *db,
                                       const UdAccount   *actor,
                                       const char        *path,
                                       GCancellable      *cancellable,
                                       UdBackupProgress   progress,
                                       gpointer           progress_data,
                                       GError           **error);

/* The folder of automatic backups: "<folder of the database>/backups". */
char         *ud_backup_default_dir   (const char        *db_path);

/* The automatic backup's file name for the local date of @when: "union-desk-2026-11-25.db" for
 * the database "union-desk.db". */
char         *ud_backup_auto_name     (const char        *db_path,
                                       GDateTime         *when);

/* The daily automatic backup: makes today's backup in ud_backup_default_dir() (created with
 * mode 0700) unless it exists, then deletes the oldest automatic backups of this database beyond
 * @keep (at least 1; today's is always kept). Only files named like ud_backup_auto_name() for
 * this database are ever deleted. No role check: the system makes it, whoever is logged in;
 * @actor (NULL for the system) is recorded in the audit trail. *@out_made tells whether a backup
 * was made; it is set even when deleting an old backup then fails. */
gboolean      ud_backup_auto          (UdDatabase        *db,
                                       const UdAccount   *actor,
                                       guint              keep,
                                       gboolean          *out_made,
                                       GError           **error);

/* The backups in @dir (SQLite files named *.db, hidden files skipped), as UdBackupInfo, newest
 * first. A missing folder has none. */
GPtrArray    *ud_backup_list          (const char        *dir,
                                       GError           **error);

/* Checks that @path is a backup that can be restored: an SQLite file, a Union Desk database of
 * this or an older schema, intact (integrity_check) and with an unbroken audit trail
 * (ud_audit_verify()). The file itself is only read: the checks run on a private temporary copy.
 * *@n_audit_entries is the number of audit entries verified (a copy of an older schema is
 * migrated first, which may add some). */
gboolean      ud_backup_check_file    (const char        *path,
                                       guint64           *n_audit_entries,
                                       GError           **error);

/* Replaces the database at @db_path with the backup @backup_path. Only while no program uses the
 * database (the CLI, or the UI after closing its connections); refused when another connection
 * is open. The backup is copied to a hidden file beside the database and checked there like
 * ud_backup_check_file() before anything else is touched; a "restore" audit entry by @actor is
 * added to it (NULL for the system, e.g. the CLI run by the owner of the files; otherwise the
 * actor needs UD_ACTION_BACKUP). Then the current database is checkpointed and moved aside as
 * "<db>.replaced-YYYYmmdd-HHMMSS" (kept, mode 0600; returned in @out_replaced_path, NULL when
 * there was no database) and the checked copy is renamed into place (mode 0600). */
gboolean      ud_backup_restore       (const char        *backup_path,
                                       const char        *db_path,
                                       const UdAccount   *actor,
                                       char             **out_replaced_path,
                                       GError           **error);

G_END_DECLS
