/* ud-backup.c — backups of the live database, daily automatic backups, checks and restore
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file written here is personal data: created with mode 0600 (folders 0700), written
 * under a hidden temporary name in the target's folder, synced and renamed into place, so that a
 * failure never leaves half a file under the real name. */
#define G_LOG_DOMAIN "ud-backup"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ud-audit.h"
#include "ud-backup.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"

#define PAGES_PER_STEP   256   /* 1 MiB with 4 KiB pages */
#define STEP_PAUSE_MS    5     /* between steps, so other connections get the database */
#define BUSY_PAUSE_MS    50
#define BUSY_MAX_TRIES   200   /* 10 s of SQLITE_BUSY/SQLITE_LOCKED in a row */
#define MAX_RESTARTS     4     /* then the rest is copied in one step */
#define COPY_BUFFER_SIZE (1024 * 1024)
#define SQLITE_HEADER_SIZE 100

static const char sqlite_magic[16] = "SQLite format 3";  /* with its NUL */

/* Files SQLite keeps beside a database. */
static const char *const companion_suffixes[] = { "-wal", "-shm", "-journal" };

/* UdBackupInfo */

UdBackupInfo *
ud_backup_info_copy (const UdBackupInfo *info)
{
  UdBackupInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (UdBackupInfo, 1);
  copy->path = g_strdup (info->path);
  copy->size = info->size;
  copy->modified = info->modified ? g_date_time_ref (info->modified) : NULL;
  return copy;
}

void
ud_backup_info_free (UdBackupInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_clear_pointer (&info->modified, g_date_time_unref);
  g_free (info);
}

G_DEFINE_BOXED_TYPE (UdBackupInfo, ud_backup_info, ud_backup_info_copy, ud_backup_info_free)

/* Files */

static void
remove_database_files (const char *path)
{
  g_unlink (path);
  for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (path, companion_suffixes[i], NULL);

      g_unlink (companion);
    }
}

static void
sync_folder (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  if (g_fsync (fd) != 0)
    g_debug ("Cannot sync the folder %s: %s", dir, g_strerror (errno));
  g_close (fd, NULL);
}

static gboolean
is_same_file (const char *a,
              const char *b)
{
  GStatBuf sa, sb;
  g_autofree char *canonical_a = g_canonicalize_filename (a, NULL);
  g_autofree char *canonical_b = g_canonicalize_filename (b, NULL);

  if (strcmp (canonical_a, canonical_b) == 0)
    return TRUE;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0
         && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* TRUE when @path is the database at @db_path or one of the files SQLite keeps beside it. */
static gboolean
is_database_file (const char *db_path,
                  const char *path)
{
  if (is_same_file (db_path, path))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (db_path, companion_suffixes[i], NULL);

      if (is_same_file (companion, path))
        return TRUE;
    }

  return FALSE;
}

/* Reads up to @size bytes from the start of @path; returns how many, or -1 with errno set. */
static gssize
read_start (const char *path,
            guchar     *buffer,
            gsize       size)
{
  gsize done = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return -1;

  while (done < size)
    {
      gssize n = read (fd, buffer + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_close (fd, NULL);
          errno = saved;
          return -1;
        }
      if (n == 0)
        break;
      done += n;
    }

  g_close (fd, NULL);
  return done;
}

static gboolean
has_sqlite_magic (const char *path)
{
  guchar start[sizeof sqlite_magic];

  return read_start (path, start, sizeof start) == (gssize) sizeof start
         && memcmp (start, sqlite_magic, sizeof sqlite_magic) == 0;
}

static guint32
read_be32 (const guchar *bytes)
{
  return ((guint32) bytes[0] << 24) | ((guint32) bytes[1] << 16) | ((guint32) bytes[2] << 8)
         | (guint32) bytes[3];
}

/* Copies the whole file @src_path into @dest_fd (at its current offset) and syncs it. */
static gboolean
copy_into (const char  *src_path,
           int          dest_fd,
           const char  *dest_path,
           GError     **error)
{
  g_autofree guchar *buffer = NULL;
  int src_fd = g_open (src_path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok = TRUE;

  if (src_fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot read the backup “%s”: %s"), src_path, g_strerror (saved));
      return FALSE;
    }

  buffer = g_malloc (COPY_BUFFER_SIZE);
  while (ok)
    {
      gssize n = read (src_fd, buffer, COPY_BUFFER_SIZE);
      gssize done = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot read the backup “%s”: %s"), src_path, g_strerror (saved));
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;

      while (done < n)
        {
          gssize written = write (dest_fd, buffer + done, n - done);

          if (written < 0 && errno == EINTR)
            continue;
          if (written < 0)
            {
              int saved = errno;

              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           _("Cannot write “%s”: %s"), dest_path, g_strerror (saved));
              ok = FALSE;
              break;
            }
          done += written;
        }
    }
  g_close (src_fd, NULL);

  if (ok && g_fsync (dest_fd) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), dest_path, g_strerror (saved));
      ok = FALSE;
    }

  return ok;
}

/* Copies @src_path and, if it has one, its write-ahead log to @dest_path (already created, open
 * as @dest_fd) and "@dest_path-wal" (created here with mode 0600). */
static gboolean
copy_database_file (const char  *src_path,
                    int          dest_fd,
                    const char  *dest_path,
                    GError     **error)
{
  g_autofree char *src_wal = g_strconcat (src_path, "-wal", NULL);
  g_autofree char *dest_wal = NULL;
  GStatBuf st;
  int wal_fd;
  gboolean ok;

  if (!copy_into (src_path, dest_fd, dest_path, error))
    return FALSE;

  /* A backup is a single file; a copy of a database in WAL mode may come with its log. */
  if (g_stat (src_wal, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size == 0)
    return TRUE;

  dest_wal = g_strconcat (dest_path, "-wal", NULL);
  wal_fd = g_open (dest_wal, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (wal_fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), dest_wal, g_strerror (saved));
      return FALSE;
    }
  ok = copy_into (src_wal, wal_fd, dest_wal, error);
  g_close (wal_fd, NULL);

  return ok;
}

/* Checks */

/* The quick checks that need only the first 100 bytes: an SQLite file, not cut short, not of a
 * newer schema. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  guchar header[SQLITE_HEADER_SIZE];
  GStatBuf st;
  guint32 page_size, n_pages;
  int schema;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot read the backup “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("“%s” is not a Union Desk backup: it is not a file"), path);
      return FALSE;
    }

  if (read_start (path, header, sizeof header) != (gssize) sizeof header
      || memcmp (header, sqlite_magic, sizeof sqlite_magic) != 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("“%s” is not a Union Desk backup: it is not an SQLite database file"), path);
      return FALSE;
    }

  /* The page count in the header is valid when the change counter matches "version valid
   * for" (SQLite file format §1.3.7). */
  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = read_be32 (header + 28);
  if (n_pages > 0 && read_be32 (header + 24) == read_be32 (header + 92)
      && (guint64) page_size * n_pages > (guint64) st.st_size)
    {
      g_autofree char *expected = g_format_size ((guint64) page_size * n_pages);
      g_autofree char *actual = g_format_size (st.st_size);

      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   /* Translators: the first %s is a file, the others are sizes ("4.2 MB") */
                   _("The backup “%s” is cut short: it should have %s but has only %s"),
                   path, expected, actual);
      return FALSE;
    }

  schema = (int) read_be32 (header + 60);
  if (schema > ud_database_latest_schema_version ())
    {
      g_set_error (error, UD_ERROR, UD_ERROR_SCHEMA_TOO_NEW,
                   _("The backup “%s” was made by a newer version of Union Desk (schema %d; this "
                     "version knows up to %d). Update Union Desk to restore it."),
                   path, schema, ud_database_latest_schema_version ());
      return FALSE;
    }

  return TRUE;
}

/* PRAGMA integrity_check on @handle; @path names the file in messages. */
static gboolean
check_integrity (sqlite3     *handle,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (handle, "PRAGMA integrity_check (5)", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   /* Translators: %s is a file, then SQLite's message */
                   _("“%s” is damaged: %s"), path, sqlite3_errmsg (handle));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        continue;
      if (problems->len > 0)
        g_string_append (problems, "; ");
      g_string_append (problems, line ? line : "?");
    }

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("“%s” is damaged: %s"), path,
                   sqlite3_errmsg (handle));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (problems->len > 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   /* Translators: %s is a file, then what SQLite found ("Page 12: …") */
                   _("“%s” is damaged (SQLite integrity check: %s)"), path, problems->str);
      return FALSE;
    }

  return TRUE;
}

/* That @handle is a Union Desk database of this or an older schema; sets *@schema. */
static gboolean
check_union_desk (sqlite3     *handle,
                  const char  *path,
                  int         *schema,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int n_tables = -1;

  *schema = -1;
  if (sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    *schema = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (*schema >= 0
      && sqlite3_prepare_v2 (handle,
                             "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                             "  AND name IN ('meta', 'org', 'member', 'outbox')",
                             -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n_tables = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (n_tables < 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("“%s” is damaged: %s"), path,
                   sqlite3_errmsg (handle));
      return FALSE;
    }

  if (*schema < 1 || n_tables != 4)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("“%s” is not a Union Desk backup: it is an SQLite database of another "
                     "program"), path);
      return FALSE;
    }

  if (*schema > ud_database_latest_schema_version ())
    {
      g_set_error (error, UD_ERROR, UD_ERROR_SCHEMA_TOO_NEW,
                   _("The backup “%s” was made by a newer version of Union Desk (schema %d; this "
                     "version knows up to %d). Update Union Desk to restore it."),
                   path, *schema, ud_database_latest_schema_version ());
      return FALSE;
    }

  return TRUE;
}

/* Checks @copy_path, a private copy of the backup @path (which names it in messages): a Union
 * Desk database, intact, with an unbroken audit trail. Returns the copy open (migrated to the
 * current schema if it was older) in *@out_db. */
static gboolean
check_copy (const char  *path,
            const char  *copy_path,
            guint64     *n_audit_entries,
            UdDatabase **out_db,
            GError     **error)
{
  g_autoptr(UdDatabase) db = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *handle = NULL;
  int schema = -1;
  gboolean ok;

  if (sqlite3_open_v2 (copy_path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("Cannot open the backup “%s”: %s"),
                   path, handle ? sqlite3_errmsg (handle) : g_strerror (ENOMEM));
      sqlite3_close (handle);
      return FALSE;
    }

  ok = check_union_desk (handle, path, &schema, error) && check_integrity (handle, path, error);
  sqlite3_close (handle);
  if (!ok)
    return FALSE;

  /* An older schema is migrated here, as the first start after the restore would do. */
  if (schema < ud_database_latest_schema_version ())
    db = ud_database_open (copy_path, &local_error);
  else
    db = ud_database_open_worker (copy_path, &local_error);
  if (db == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot open the backup “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (!ud_audit_verify (db, NULL, n_audit_entries, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: %s is a file, then what is wrong with the audit trail */
                   _("The audit trail in the backup “%s” is broken: %s"), path,
                   local_error->message);
      return FALSE;
    }

  if (out_db != NULL)
    *out_db = g_steal_pointer (&db);
  return TRUE;
}

gboolean
ud_backup_check_file (const char  *path,
                      guint64     *n_audit_entries,
                      GError     **error)
{
  g_autofree char *work_dir = NULL;
  g_autofree char *copy_path = NULL;
  g_autoptr(GError) local_error = NULL;
  int fd;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  if (n_audit_entries != NULL)
    *n_audit_entries = 0;

  if (!check_header (path, error))
    return FALSE;

  /* SQLite would write beside a file it opens (journal mode, -wal, -shm): the checks run on a
   * private copy, and the backup itself is only read. */
  work_dir = g_dir_make_tmp ("union-desk-check-XXXXXX", &local_error);
  if (work_dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot check the backup “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  copy_path = g_build_filename (work_dir, "backup.db", NULL);
  fd = g_open (copy_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot check the backup “%s”: %s"), path, g_strerror (saved));
      g_rmdir (work_dir);
      return FALSE;
    }

  ok = copy_database_file (path, fd, copy_path, error)
       && check_copy (path, copy_path, n_audit_entries, NULL, error);

  g_close (fd, NULL);
  remove_database_files (copy_path);
  g_rmdir (work_dir);

  return ok;
}

/* Backups */

/* Copies the main database of @source to the empty file @dest_path with the online backup API,
 * then makes the copy a single file (rollback journal mode) and checks it. */
static gboolean
copy_live_database (sqlite3           *source,
                    const char        *dest_path,
                    const char        *path,
                    GCancellable      *cancellable,
                    UdBackupProgress   progress,
                    gpointer           progress_data,
                    GError           **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int pages = PAGES_PER_STEP;
  int last_remaining = -1;
  guint busy_tries = 0;
  guint restarts = 0;
  int rc;

  if (sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("Cannot create the backup “%s”: %s"),
                   path, dest ? sqlite3_errmsg (dest) : g_strerror (ENOMEM));
      sqlite3_close (dest);
      return FALSE;
    }

  backup = sqlite3_backup_init (dest, "main", source, "main");
  if (backup == NULL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("Cannot create the backup “%s”: %s"),
                   path, sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }

  for (;;)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_backup_finish (backup);
          sqlite3_close (dest);
          return FALSE;
        }

      rc = sqlite3_backup_step (backup, pages);

      if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        {
          /* Another connection holds a lock, or this one is in the middle of a write. */
          if (++busy_tries > BUSY_MAX_TRIES)
            break;
          sqlite3_sleep (BUSY_PAUSE_MS);
          continue;
        }
      busy_tries = 0;

      if (rc != SQLITE_OK && rc != SQLITE_DONE)
        break;

      {
        int remaining = sqlite3_backup_remaining (backup);
        int total = sqlite3_backup_pagecount (backup);

        /* A write through another connection starts the copy again. Under a steady stream of
         * writes it would never end: after a few restarts, copy the rest in one step (in WAL
         * mode that blocks no writer). */
        if (rc == SQLITE_OK && last_remaining >= 0 && remaining >= last_remaining
            && ++restarts >= MAX_RESTARTS)
          pages = -1;
        last_remaining = remaining;

        if (progress != NULL)
          progress (remaining, total, progress_data);
      }

      if (rc == SQLITE_DONE)
        break;
      sqlite3_sleep (STEP_PAUSE_MS);
    }

  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   /* Translators: %s is a file, then SQLite's message */
                   _("Cannot copy the database to the backup “%s”: %s"), path,
                   busy_tries > BUSY_MAX_TRIES ? _("the database stayed busy")
                                               : sqlite3_errstr (rc));
      sqlite3_close (dest);
      return FALSE;
    }

  /* The copy carries the source's WAL flag; a backup is one self-contained file. */
  if (sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("Cannot create the backup “%s”: %s"),
                   path, sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }

  if (!check_integrity (dest, path, error))
    {
      sqlite3_close (dest);
      return FALSE;
    }

  if (sqlite3_close (dest) != SQLITE_OK)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("Cannot create the backup “%s”: %s"),
                   path, sqlite3_errmsg (dest));
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_backup (UdDatabase        *db,
               const UdAccount   *actor,
               const char        *path,
               gboolean           automatic,
               GCancellable      *cancellable,
               UdBackupProgress   progress,
               gpointer           progress_data,
               GError           **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *temp_path = NULL;
  g_autoptr(JsonObject) after = NULL;
  GStatBuf st;
  int fd;

  if (is_database_file (ud_database_get_path (db), path))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                   _("“%s” is the database itself; choose another file for the backup"), path);
      return FALSE;
    }

  temp_path = g_strdup_printf ("%s%c.%s.tmp-XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the backup “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  if (!copy_live_database (ud_database_get_handle (db), temp_path, path, cancellable, progress,
                           progress_data, error))
    {
      g_close (fd, NULL);
      remove_database_files (temp_path);
      return FALSE;
    }

  if (g_fsync (fd) != 0 || g_rename (temp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the backup “%s”: %s"), path, g_strerror (saved));
      g_close (fd, NULL);
      remove_database_files (temp_path);
      return FALSE;
    }
  g_close (fd, NULL);
  sync_folder (dir);

  after = json_object_new ();
  json_object_set_string_member (after, "path", path);
  if (g_stat (path, &st) == 0)
    json_object_set_int_member (after, "size", st.st_size);
  if (automatic)
    json_object_set_boolean_member (after, "automatic", TRUE);

  /* No backup without its audit entry. */
  if (!ud_audit_append (db, actor, "database", NULL, "backup", NULL, after, error))
    {
      g_unlink (path);
      return FALSE;
    }

  g_debug ("Backed up %s to %s", ud_database_get_path (db), path);
  return TRUE;
}

gboolean
ud_backup_create (UdDatabase        *db,
                  const UdAccount   *actor,
                  const char        *path,
                  GCancellable      *cancellable,
                  UdBackupProgress   progress,
                  gpointer           progress_data,
                  GError           **error)
{
  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!ud_database_in_transaction (db), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_BACKUP, error))
    return FALSE;

  return create_backup (db, actor, path, FALSE, cancellable, progress, progress_data, error);
}

/* Automatic backups */

char *
ud_backup_default_dir (const char *db_path)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  dir = g_path_get_dirname (db_path);
  return g_build_filename (dir, "backups", NULL);
}

/* The database's file name without ".db". */
static char *
database_stem (const char *db_path)
{
  char *stem = g_path_get_basename (db_path);
  gsize len = strlen (stem);

  if (len > 3 && g_str_has_suffix (stem, ".db"))
    stem[len - 3] = '\0';
  return stem;
}

char *
ud_backup_auto_name (const char *db_path,
                     GDateTime  *when)
{
  g_autofree char *stem = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (when != NULL, NULL);

  stem = database_stem (db_path);
  local = g_date_time_to_local (when);
  date = g_date_time_format (local, "%Y-%m-%d");
  return g_strdup_printf ("%s-%s.db", stem, date);
}

/* TRUE for "<stem>-YYYY-MM-DD.db", the names ud_backup_auto_name() gives. */
static gboolean
is_auto_name (const char *stem,
              const char *name)
{
  static const char date_shape[] = "0000-00-00";
  gsize stem_len = strlen (stem);
  const char *date;

  if (strlen (name) != stem_len + 1 + strlen (date_shape) + strlen (".db")
      || strncmp (name, stem, stem_len) != 0 || name[stem_len] != '-'
      || !g_str_has_suffix (name, ".db"))
    return FALSE;

  date = name + stem_len + 1;
  for (guint i = 0; date_shape[i] != '\0'; i++)
    {
      if (date_shape[i] == '-' ? date[i] != '-' : !g_ascii_isdigit (date[i]))
        return FALSE;
    }

  return TRUE;
}

static int
compare_names_descending (gconstpointer a,
                          gconstpointer b)
{
  return -strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Deletes the oldest automatic backups of @db_path in @dir beyond @keep; @today_name is kept. */
static gboolean
rotate_auto_backups (const char  *dir,
                     const char  *db_path,
                     const char  *today_name,
                     guint        keep,
                     GError     **error)
{
  g_autofree char *stem = database_stem (db_path);
  g_autofree char *today_path = g_build_filename (dir, today_name, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) folder = g_dir_open (dir, 0, &local_error);
  const char *name;
  guint kept;

  if (folder == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot read the backup folder “%s”: %s"), dir, local_error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!is_auto_name (stem, name) || strcmp (name, today_name) == 0)
        continue;

      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode))
        g_ptr_array_add (names, g_strdup (name));
    }

  /* The date in the name orders them, whatever the files' times say. */
  g_ptr_array_sort (names, compare_names_descending);

  kept = g_file_test (today_path, G_FILE_TEST_EXISTS) ? 1 : 0;
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = NULL;

      if (kept < keep)
        {
          kept++;
          continue;
        }

      path = g_build_filename (dir, names->pdata[i], NULL);
      if (g_unlink (path) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot delete the old backup “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      g_debug ("Deleted the old automatic backup %s", path);
    }

  return TRUE;
}

gboolean
ud_backup_auto (UdDatabase        *db,
                const UdAccount   *actor,
                guint              keep,
                gboolean          *out_made,
                GError           **error)
{
  const char *db_path;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (keep >= 1, FALSE);
  g_return_val_if_fail (!ud_database_in_transaction (db), FALSE);

  if (out_made != NULL)
    *out_made = FALSE;

  db_path = ud_database_get_path (db);
  dir = ud_backup_default_dir (db_path);
  now = g_date_time_new_now_local ();
  name = ud_backup_auto_name (db_path, now);
  path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the backup folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!create_backup (db, actor, path, TRUE, NULL, NULL, NULL, error))
        return FALSE;
      if (out_made != NULL)
        *out_made = TRUE;
    }

  return rotate_auto_backups (dir, db_path, name, keep, error);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const UdBackupInfo *info_a = *(UdBackupInfo *const *) a;
  const UdBackupInfo *info_b = *(UdBackupInfo *const *) b;
  int by_time = g_date_time_compare (info_b->modified, info_a->modified);

  return by_time != 0 ? by_time : -strcmp (info_a->path, info_b->path);
}

GPtrArray *
ud_backup_list (const char  *dir,
                GError     **error)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) folder = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  backups = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_backup_info_free);
  folder = g_dir_open (dir, 0, &local_error);
  if (folder == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&backups);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot read the backup folder “%s”: %s"), dir, local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      UdBackupInfo *info;
      GStatBuf st;

      /* Hidden files are backups being written. */
      if (name[0] == '.' || !g_str_has_suffix (name, ".db"))
        continue;

      path = g_build_filename (dir, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || !has_sqlite_magic (path))
        continue;

      info = g_new0 (UdBackupInfo, 1);
      info->path = g_steal_pointer (&path);
      info->size = st.st_size;
      info->modified = g_date_time_new_from_unix_local (st.st_mtime);
      g_ptr_array_add (backups, info);
    }

  g_ptr_array_sort (backups, compare_newest_first);
  return g_steal_pointer (&backups);
}

/* Restore */

/* "<db>.replaced-YYYYmmdd-HHMMSS", with "-2", "-3" … if taken. */
static char *
replaced_path_for (const char *db_path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *path = g_strdup_printf ("%s.replaced-%s", db_path, stamp);

  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (path);
      path = g_strdup_printf ("%s.replaced-%s-%u", db_path, stamp, i);
    }

  return path;
}

/* The "restore" entry, written into the checked copy before it replaces anything. The actor's
 * account is looked up by UUID in the restored database; one it does not have is recorded by
 * name only. */
static gboolean
record_restore (UdDatabase       *restored,
                const UdAccount  *actor,
                const char       *backup_path,
                const char       *replaced_path,
                guint64           n_audit_entries,
                GError          **error)
{
  g_autoptr(JsonObject) after = json_object_new ();
  UdAccount recorded;

  json_object_set_string_member (after, "backup", backup_path);
  if (replaced_path != NULL)
    json_object_set_string_member (after, "replaced", replaced_path);
  json_object_set_int_member (after, "audit_entries", (gint64) n_audit_entries);

  if (actor == NULL)
    return ud_audit_append (restored, NULL, "database", NULL, "restore", NULL, after, error);

  recorded = *actor;
  recorded.id = 0;
  if (actor->uuid != NULL)
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (ud_database_get_handle (restored),
                              "SELECT id FROM account WHERE uuid = ?1", -1, &stmt, NULL)
          == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, actor->uuid, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            recorded.id = sqlite3_column_int64 (stmt, 0);
        }
      sqlite3_finalize (stmt);
    }

  return ud_audit_append (restored, &recorded, "database", NULL, "restore", NULL, after, error);
}

/* Checkpoints the current database and moves it aside to @replaced_path. Refused while another
 * connection has it open. A database too damaged to open is moved aside as it is, with its
 * write-ahead log. */
static gboolean
set_aside_current (const char  *db_path,
                   const char  *replaced_path,
                   GError     **error)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  sqlite3 *handle = NULL;
  gboolean as_is = FALSE;
  int rc;

  rc = sqlite3_open_v2 (db_path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (handle, 1);
      sqlite3_busy_timeout (handle, 2000);
      rc = sqlite3_exec (handle, "PRAGMA wal_checkpoint (TRUNCATE)", NULL, NULL, NULL);
    }

  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) != SQLITE_CORRUPT && (rc & 0xff) != SQLITE_NOTADB)
        {
          g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                       _("Cannot set the current database “%s” aside: %s"), db_path,
                       handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
          sqlite3_close (handle);
          return FALSE;
        }
      as_is = TRUE;
    }
  sqlite3_close (handle);

  /* The last connection to close removes the log: if it is still there, another one is open. */
  if (!as_is && g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                   _("The database “%s” is in use (is Union Desk still running?). Close every "
                     "program using it and restore again."), db_path);
      return FALSE;
    }

  if (g_rename (db_path, replaced_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot set the current database “%s” aside: %s"), db_path,
                   g_strerror (saved));
      return FALSE;
    }
  g_chmod (replaced_path, 0600);

  /* A log left beside the restored database would be replayed into it: it goes with the file it
   * belongs to. */
  for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (db_path, companion_suffixes[i], NULL);
      g_autofree char *moved = g_strconcat (replaced_path, companion_suffixes[i], NULL);

      if (!g_file_test (companion, G_FILE_TEST_EXISTS))
        continue;
      if (strcmp (companion_suffixes[i], "-shm") == 0)
        g_unlink (companion);
      else if (g_rename (companion, moved) == 0)
        g_chmod (moved, 0600);
      else
        g_unlink (companion);
    }

  return TRUE;
}

/* Moves a set-aside database back after a failed restore; FALSE if it stays aside. */
static gboolean
put_back_current (const char *db_path,
                  const char *replaced_path)
{
  for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (db_path, companion_suffixes[i], NULL);
      g_autofree char *moved = g_strconcat (replaced_path, companion_suffixes[i], NULL);

      if (g_file_test (moved, G_FILE_TEST_EXISTS))
        g_rename (moved, companion);
    }

  return g_rename (replaced_path, db_path) == 0;
}

gboolean
ud_backup_restore (const char       *backup_path,
                   const char       *db_path,
                   const UdAccount  *actor,
                   char            **out_replaced_path,
                   GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *staged_path = NULL;
  g_autofree char *staged_wal = NULL;
  g_autofree char *replaced_path = NULL;
  g_autoptr(UdDatabase) staged = NULL;
  guint64 n_audit_entries = 0;
  gboolean ok;
  int fd;

  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (db_path != NULL, FALSE);

  if (out_replaced_path != NULL)
    *out_replaced_path = NULL;

  if (actor != NULL && !ud_guard_check (actor, UD_ACTION_BACKUP, error))
    return FALSE;

  if (is_database_file (db_path, backup_path))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                   _("“%s” is the database itself, not a backup of it"), backup_path);
      return FALSE;
    }

  if (!check_header (backup_path, error))
    return FALSE;

  dir = g_path_get_dirname (db_path);
  base = g_path_get_basename (db_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    replaced_path = replaced_path_for (db_path);

  /* 1. A copy beside the database, checked, migrated if older and with the restore recorded:
   *    nothing else is touched until it is ready. */
  staged_path = g_strdup_printf ("%s%c.%s.restore-XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (staged_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot restore the backup “%s”: %s"), backup_path, g_strerror (saved));
      return FALSE;
    }

  ok = copy_database_file (backup_path, fd, staged_path, error)
       && check_copy (backup_path, staged_path, &n_audit_entries, &staged, error)
       && record_restore (staged, actor, backup_path, replaced_path, n_audit_entries, error)
       && ud_database_exec (staged, "PRAGMA journal_mode = DELETE", error);
  g_clear_object (&staged);

  staged_wal = g_strconcat (staged_path, "-wal", NULL);
  if (ok && g_file_test (staged_wal, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   _("Cannot restore the backup “%s”: its copy could not be closed cleanly"),
                   backup_path);
      ok = FALSE;
    }

  if (ok && g_fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot restore the backup “%s”: %s"), backup_path, g_strerror (saved));
      ok = FALSE;
    }
  g_close (fd, NULL);

  if (!ok)
    {
      remove_database_files (staged_path);
      return FALSE;
    }

  /* 2. The current database aside, the copy in its place. */
  if (replaced_path != NULL && !set_aside_current (db_path, replaced_path, error))
    {
      remove_database_files (staged_path);
      return FALSE;
    }

  if (g_rename (staged_path, db_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot restore the backup “%s”: %s"), backup_path, g_strerror (saved));
      remove_database_files (staged_path);
      if (replaced_path != NULL && !put_back_current (db_path, replaced_path))
        g_prefix_error (error,
                        /* Translators: %s is a file; the sentence continues with the error */
                        _("The current database was kept as “%s” and could not be moved back. "),
                        replaced_path);
      return FALSE;
    }
  g_chmod (db_path, 0600);
  sync_folder (dir);

  g_debug ("Restored %s from %s; the replaced database is %s", db_path, backup_path,
           replaced_path ? replaced_path : "(none)");

  if (out_replaced_path != NULL)
    *out_replaced_path = g_steal_pointer (&replaced_path);
  return TRUE;
}
