/* tests/test-backup.c — online backups, daily automatic backups with rotation, checks and restore
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>
#include <glib/gstdio.h>

#include "ud-audit.h"
#include "ud-backup.h"
#include "ud-error.h"
#include "ud-org.h"
#include "ud-test-util.h"

typedef struct
{
  UdTestDb  *t;
  UdAccount *admin;   /* owned copies: they outlive closing t->db */
  UdAccount *clerk;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->t = ud_test_db_new ();
  f->admin = ud_account_copy (ud_test_admin (f->t->db));
  f->clerk = ud_account_copy (ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->admin, ud_account_free);
  g_clear_pointer (&f->clerk, ud_account_free);
  g_clear_pointer (&f->t, ud_test_db_free);
}

static void
insert_street (UdDatabase      *db,
               const UdAccount *actor,
               const char      *name)
{
  g_autoptr(UdOrg) org = ud_org_new ();
  g_autoptr(GError) error = NULL;

  org->name = g_strdup (name);
  org->kind = UD_ORG_KIND_STREET;
  org->parent_id = ud_database_get_office_org_id (db);
  g_assert_true (ud_org_insert (db, actor, org, &error));
  g_assert_no_error (error);
}

/* A number from a database file opened read-only (backups are single files: this writes
 * nothing beside them). */
static gint64
file_query_int (const char *path,
                const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return value;
}

static gint64
db_query_int (UdDatabase *db,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
file_exec (const char *path,
           const char *sql)
{
  sqlite3 *handle = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                   NULL), ==, SQLITE_OK);
  if (sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (handle);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @dir, sorted, joined by spaces. */
static char *
list_folder_sorted (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Folders ud_backup_check_file() leaves in the temporary folder (there must be none). */
static guint
count_check_folders (void)
{
  g_autoptr(GDir) folder = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;
  guint n = 0;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_prefix (name, "union-desk-check-"))
      n++;
  return n;
}

static void
test_names (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) when = g_date_time_new (zone, 2026, 11, 25, 23, 59, 0);
  g_autofree char *dir = ud_backup_default_dir ("/srv/office/union-desk.db");
  g_autofree char *name = ud_backup_auto_name ("/srv/office/union-desk.db", when);
  g_autofree char *other = ud_backup_auto_name ("/srv/office/office-data", when);

  g_assert_cmpstr (dir, ==, "/srv/office/backups");
  g_assert_cmpstr (name, ==, "union-desk-2026-11-25.db");
  g_assert_cmpstr (other, ==, "office-data-2026-11-25.db");
}

typedef struct
{
  UdDatabase      *writer;
  const UdAccount *actor;
  GCancellable    *cancellable;
  guint            n_calls;
  guint            n_inserted;
  int              last_remaining;
} Progress;

static void
on_progress (int      remaining,
             int      total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpint (remaining, >=, 0);
  g_assert_cmpint (remaining, <=, total);
  progress->n_calls++;
  progress->last_remaining = remaining;

  /* Another connection writes between every two steps: each write restarts the copy. */
  if (progress->writer != NULL && remaining > 0)
    {
      g_autofree char *name = g_strdup_printf ("备份中新建 %u", ++progress->n_inserted);

      insert_street (progress->writer, progress->actor, name);
    }

  if (progress->cancellable != NULL)
    g_cancellable_cancel (progress->cancellable);
}

/* A few MiB, so that a backup takes several steps. */
static void
make_big (UdDatabase *db)
{
  g_autofree char *filler = g_strnfill (3 * 1024 * 1024, 'x');
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_database_set_meta (db, "test_filler", filler, &error));
  g_assert_no_error (error);
}

static void
test_create_while_writing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) writer = NULL;
  g_autofree char *path = g_build_filename (f->t->dir, "backup.db", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  UdAuditFilter filter = { .action = (char *) "backup" };
  UdAuditEntry *entry;
  Progress progress = { 0 };
  guint64 n_audit = 0;

  make_big (f->t->db);
  insert_street (f->t->db, f->admin, "备份前");

  writer = ud_database_open_worker (f->t->path, &error);
  g_assert_no_error (error);
  progress.writer = writer;
  progress.actor = f->admin;

  g_assert_true (ud_backup_create (f->t->db, f->admin, path, NULL, on_progress, &progress,
                                   &error));
  g_assert_no_error (error);

  /* It took steps, the writer was not held up, and the copy finished all the same. */
  g_test_message ("%u steps, %u writes during the backup", progress.n_calls, progress.n_inserted);
  g_assert_cmpuint (progress.n_calls, >=, 4);
  g_assert_cmpuint (progress.n_inserted, >=, 3);
  g_assert_cmpint (progress.last_remaining, ==, 0);

  /* The copy has everything written before it finished, and only the owner may read it. */
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpint (file_query_int (path, "SELECT count(*) FROM org WHERE name = '备份前'"), ==, 1);
  g_assert_cmpint (file_query_int (path, "SELECT count(*) FROM org WHERE name LIKE '备份中新建 %'"),
                   ==, progress.n_inserted);
  g_assert_cmpint (file_query_int (path, "SELECT length (value) FROM meta"
                                         "  WHERE key = 'test_filler'"), ==, 3 * 1024 * 1024);
  g_assert_cmpint (db_query_int (f->t->db, "SELECT count(*) FROM org WHERE name LIKE '备份中新建 %'"),
                   ==, progress.n_inserted);

  /* A single self-contained file, no temporary file left. */
  listing = list_folder_sorted (f->t->dir);
  g_assert_cmpstr (listing, ==, "backup.db test.db test.db-shm test.db-wal");

  g_assert_true (ud_backup_check_file (path, &n_audit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_audit, >, 0);

  /* Audited, with the path and the size. */
  entries = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->entity, ==, "database");
  g_assert_cmpstr (entry->account_name, ==, "admin");
  g_assert_nonnull (strstr (entry->changes, "backup.db"));
  g_assert_nonnull (strstr (entry->changes, "\"size\""));
  g_assert_true (ud_audit_verify (f->t->db, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_create_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->t->dir, "cancelled.db", NULL);
  g_autofree char *listing = NULL;
  Progress progress = { .cancellable = cancellable };

  make_big (f->t->db);
  g_assert_false (ud_backup_create (f->t->db, f->admin, path, cancellable, on_progress,
                                    &progress, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.n_calls, ==, 1);

  listing = list_folder_sorted (f->t->dir);
  g_assert_cmpstr (listing, ==, "test.db test.db-shm test.db-wal");
}

static void
test_create_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->t->dir, "backup.db", NULL);
  g_autofree char *wal = g_strconcat (f->t->path, "-wal", NULL);
  g_autofree char *missing = g_build_filename (f->t->dir, "no-such-folder", "backup.db", NULL);
  g_autofree char *listing = NULL;

  g_assert_false (ud_backup_create (f->t->db, f->clerk, path, NULL, NULL, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_false (ud_backup_create (f->t->db, NULL, path, NULL, NULL, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Never over the database or its log. */
  g_assert_false (ud_backup_create (f->t->db, f->admin, f->t->path, NULL, NULL, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, f->t->path));
  g_clear_error (&error);
  g_assert_false (ud_backup_create (f->t->db, f->admin, wal, NULL, NULL, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (ud_backup_create (f->t->db, f->admin, missing, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  listing = list_folder_sorted (f->t->dir);
  g_assert_cmpstr (listing, ==, "test.db test.db-shm test.db-wal");
  g_assert_true (ud_audit_verify (f->t->db, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
write_fake_backup (const char *dir,
                   const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "not really a backup", -1, &error);
  g_assert_no_error (error);
}

static gboolean
exists_in (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_auto_rotation (Fixture       *f,
                    gconstpointer  data)
{
  static const char *const foreign[] = {
    "notes.txt", "test-manual.db", "other-2020-01-01.db", "test-2020-01-01.db.txt",
    "test-20200101.db", "test-2020-1-01.db", "xtest-2020-01-01.db",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ud_backup_default_dir (f->t->path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = ud_backup_auto_name (f->t->path, now);
  g_autofree char *today_path = g_build_filename (dir, today, NULL);
  char *older[6] = { NULL };
  g_autoptr(GPtrArray) backups = NULL;
  gboolean made = FALSE;

  g_assert_true (ud_backup_auto (f->t->db, f->clerk, 3, &made, &error));
  g_assert_no_error (error);
  g_assert_true (made);
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (today_path), ==, 0600);
  g_assert_cmpint (file_query_int (today_path, "SELECT count(*) FROM account"), ==, 2);

  /* One a day. */
  g_assert_true (ud_backup_auto (f->t->db, f->clerk, 3, &made, &error));
  g_assert_no_error (error);
  g_assert_false (made);

  /* Older automatic backups (five days back) and files that are not ours. */
  for (guint i = 1; i < G_N_ELEMENTS (older); i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, -(int) i);

      older[i] = ud_backup_auto_name (f->t->path, day);
      write_fake_backup (dir, older[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
    write_fake_backup (dir, foreign[i]);

  g_assert_true (ud_backup_auto (f->t->db, NULL, 3, &made, &error));
  g_assert_no_error (error);
  g_assert_false (made);

  g_assert_true (exists_in (dir, today));
  g_assert_true (exists_in (dir, older[1]));
  g_assert_true (exists_in (dir, older[2]));
  for (guint i = 3; i < G_N_ELEMENTS (older); i++)
    g_assert_false (exists_in (dir, older[i]));
  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
    g_assert_true (exists_in (dir, foreign[i]));

  /* Keeping one keeps today's. */
  g_assert_true (ud_backup_auto (f->t->db, NULL, 1, &made, &error));
  g_assert_no_error (error);
  g_assert_true (exists_in (dir, today));
  g_assert_false (exists_in (dir, older[1]));
  g_assert_false (exists_in (dir, older[2]));

  /* Only real SQLite files are listed. */
  backups = ud_backup_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_cmpstr (((UdBackupInfo *) backups->pdata[0])->path, ==, today_path);

  g_assert_true (ud_audit_verify (f->t->db, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (older); i++)
    g_free (older[i]);
}

static void
set_mtime (const char *path,
           time_t      when)
{
  struct utimbuf times = { .actime = when, .modtime = when };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  static const char *const names[] = { "a.db", "b.db", "c.db" };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->t->dir, "saved", NULL);
  g_autofree char *missing = g_build_filename (f->t->dir, "none", NULL);
  g_autofree char *hidden = g_build_filename (dir, ".hidden.db", NULL);
  char *paths[3] = { NULL };
  g_autoptr(GPtrArray) backups = NULL;
  time_t base = time (NULL) - 10000;
  UdBackupInfo *info;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      paths[i] = g_build_filename (dir, names[i], NULL);
      g_assert_true (ud_backup_create (f->t->db, f->admin, paths[i], NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  copy_file (paths[0], hidden);
  write_fake_backup (dir, "notes.db");
  set_mtime (paths[0], base + 200);
  set_mtime (paths[1], base + 300);
  set_mtime (paths[2], base + 100);

  backups = ud_backup_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 3);
  g_assert_cmpstr (((UdBackupInfo *) backups->pdata[0])->path, ==, paths[1]);
  g_assert_cmpstr (((UdBackupInfo *) backups->pdata[1])->path, ==, paths[0]);
  g_assert_cmpstr (((UdBackupInfo *) backups->pdata[2])->path, ==, paths[2]);
  info = backups->pdata[0];
  g_assert_cmpint (g_date_time_to_unix (info->modified), ==, base + 300);
  g_assert_cmpuint (info->size, >, 0);
  g_assert_cmpuint (info->size % 512, ==, 0);
  {
    g_autoptr(UdBackupInfo) copy = ud_backup_info_copy (info);

    g_assert_cmpstr (copy->path, ==, info->path);
    g_assert_cmpuint (copy->size, ==, info->size);
  }
  g_clear_pointer (&backups, g_ptr_array_unref);

  /* No folder yet: no backups, not an error. */
  backups = ud_backup_list (missing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (paths[i]);
}

/* A backup of the fixture's database, made before @after is inserted. */
static char *
make_backup_then_change (Fixture    *f,
                         const char *after)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->t->dir, "good.db", NULL);

  insert_street (f->t->db, f->admin, "备份里有");
  g_assert_true (ud_backup_create (f->t->db, f->admin, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  insert_street (f->t->db, f->admin, after);
  return path;
}

static void
assert_restore_refused (Fixture    *f,
                        const char *backup,
                        GQuark      domain,
                        int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before_sum = file_checksum (f->t->path);
  g_autofree char *before_listing = list_folder_sorted (f->t->dir);
  g_autofree char *after_sum = NULL;
  g_autofree char *after_listing = NULL;
  g_autofree char *replaced = NULL;
  guint n_check_folders = count_check_folders ();

  g_assert_false (ud_backup_check_file (backup, NULL, &error));
  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, backup));
  g_test_message ("check: %s", error->message);
  g_clear_error (&error);

  g_assert_false (ud_backup_restore (backup, f->t->path, f->admin, &replaced, &error));
  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, backup));
  g_test_message ("restore: %s", error->message);
  g_assert_null (replaced);

  /* The current database is untouched and nothing was left behind. */
  after_sum = file_checksum (f->t->path);
  after_listing = list_folder_sorted (f->t->dir);
  g_assert_cmpstr (after_sum, ==, before_sum);
  g_assert_cmpstr (after_listing, ==, before_listing);
  g_assert_cmpuint (count_check_folders (), ==, n_check_folders);
}

static void
test_restore_refuses_bad_backups (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *cut = g_build_filename (f->t->dir, "cut.db", NULL);
  g_autofree char *stub = g_build_filename (f->t->dir, "stub.db", NULL);
  g_autofree char *garbage = g_build_filename (f->t->dir, "garbage.db", NULL);
  g_autofree char *tampered = g_build_filename (f->t->dir, "tampered.db", NULL);
  g_autofree char *newer = g_build_filename (f->t->dir, "newer.db", NULL);
  g_autofree char *text = g_build_filename (f->t->dir, "text.db", NULL);
  g_autofree char *foreign = g_build_filename (f->t->dir, "foreign.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  gint64 page_size, root;
  FILE *file;

  make_big (f->t->db);
  good = make_backup_then_change (f, "备份后");
  g_clear_object (&f->t->db);

  /* Cut short, and cut to less than a header. */
  g_file_get_contents (good, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (cut, contents, length / 2, &error);
  g_assert_no_error (error);
  g_file_set_contents (stub, contents, 50, &error);
  g_assert_no_error (error);
  assert_restore_refused (f, cut, UD_ERROR, UD_ERROR_DATABASE);
  assert_restore_refused (f, stub, UD_ERROR, UD_ERROR_FILE_FORMAT);

  /* Garbage over the organisations' root page. */
  copy_file (good, garbage);
  page_size = file_query_int (garbage, "PRAGMA page_size");
  root = file_query_int (garbage, "SELECT rootpage FROM sqlite_schema WHERE name = 'org'");
  g_assert_cmpint (root, >, 1);
  file = g_fopen (garbage, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long) ((root - 1) * page_size), SEEK_SET), ==, 0);
  for (gint64 i = 0; i < page_size; i++)
    g_assert_cmpint (fputc (0xa5, file), ==, 0xa5);
  g_assert_cmpint (fclose (file), ==, 0);
  assert_restore_refused (f, garbage, UD_ERROR, UD_ERROR_DATABASE);

  /* The audit trail changed behind the triggers' back. */
  copy_file (good, tampered);
  file_exec (tampered, "DROP TRIGGER audit_entry_no_update;"
                       "UPDATE audit_entry SET account_name = 'mallory' WHERE seq = 1");
  assert_restore_refused (f, tampered, UD_ERROR, UD_ERROR_CONFLICT);

  /* A newer schema, a text file, another program's database. */
  copy_file (good, newer);
  file_exec (newer, "PRAGMA user_version = 999");
  assert_restore_refused (f, newer, UD_ERROR, UD_ERROR_SCHEMA_TOO_NEW);

  g_file_set_contents (text, "姓名,身份证号\n张三,110101199003070011\n", -1, &error);
  g_assert_no_error (error);
  assert_restore_refused (f, text, UD_ERROR, UD_ERROR_FILE_FORMAT);

  file_exec (foreign, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('咱们工人有力量')");
  assert_restore_refused (f, foreign, UD_ERROR, UD_ERROR_FILE_FORMAT);

  /* And the good one passes the check. */
  g_assert_true (ud_backup_check_file (good, NULL, &error));
  g_assert_no_error (error);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *replaced_prefix = g_strconcat (f->t->path, ".replaced-", NULL);
  g_autofree char *good_sum = NULL;
  g_autofree char *good_sum_after = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *expected_listing = NULL;
  g_autofree char *replaced_base = NULL;
  g_autoptr(UdDatabase) old = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  UdAuditFilter filter = { .action = (char *) "restore" };
  UdAuditEntry *entry;
  guint64 n_before = 0, n_after = 0;

  good = make_backup_then_change (f, "备份后");
  good_sum = file_checksum (good);
  g_assert_true (ud_backup_check_file (good, &n_before, &error));
  g_assert_no_error (error);

  /* Refused while the database is open, and by a clerk. */
  g_assert_false (ud_backup_restore (good, f->t->path, f->admin, &replaced, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, f->t->path));
  g_clear_error (&error);
  g_assert_null (replaced);
  g_clear_object (&f->t->db);

  g_assert_false (ud_backup_restore (good, f->t->path, f->clerk, &replaced, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_backup_restore (f->t->path, f->t->path, f->admin, &replaced, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (ud_backup_restore (good, f->t->path, f->admin, &replaced, &error));
  g_assert_no_error (error);
  g_assert_nonnull (replaced);
  g_assert_true (g_str_has_prefix (replaced, replaced_prefix));

  /* The backup itself is not changed; the files are the owner's only; nothing else is left. */
  good_sum_after = file_checksum (good);
  g_assert_cmpstr (good_sum_after, ==, good_sum);
  g_assert_cmpuint (file_mode (f->t->path), ==, 0600);
  g_assert_cmpuint (file_mode (replaced), ==, 0600);
  replaced_base = g_path_get_basename (replaced);
  listing = list_folder_sorted (f->t->dir);
  expected_listing = g_strdup_printf ("good.db test.db %s", replaced_base);
  g_assert_cmpstr (listing, ==, expected_listing);

  /* The replaced database is kept whole, with what was written after the backup. */
  old = ud_database_open_worker (replaced, &error);
  g_assert_no_error (error);
  g_assert_cmpint (db_query_int (old, "SELECT count(*) FROM org WHERE name = '备份后'"), ==, 1);
  g_assert_true (ud_audit_verify (old, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&old);

  /* The restored database opens, verifies, has the backup's data and records the restore. */
  f->t->db = ud_database_open (f->t->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (db_query_int (f->t->db, "SELECT count(*) FROM org WHERE name = '备份里有'"), ==,
                   1);
  g_assert_cmpint (db_query_int (f->t->db, "SELECT count(*) FROM org WHERE name = '备份后'"), ==, 0);
  g_assert_true (ud_audit_verify (f->t->db, NULL, &n_after, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_after, ==, n_before + 1);

  entries = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpint (entry->seq, ==, (gint64) n_after);
  g_assert_cmpstr (entry->account_name, ==, "admin");
  g_assert_cmpint (entry->account_id, ==, f->admin->id);
  g_assert_nonnull (strstr (entry->changes, "good.db"));
  g_assert_nonnull (strstr (entry->changes, replaced_base));
}

/* A database left with un-checkpointed writes in its log (a crash) is set aside with them, and
 * the log is not replayed into the restored database. */
static void
test_restore_over_log (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *crashed = g_build_filename (f->t->dir, "crashed.db", NULL);
  g_autofree char *crashed_wal = g_strconcat (crashed, "-wal", NULL);
  g_autofree char *wal = g_strconcat (f->t->path, "-wal", NULL);
  g_autofree char *replaced = NULL;
  g_autoptr(UdDatabase) old = NULL;
  g_autoptr(UdDatabase) restored = NULL;

  good = make_backup_then_change (f, "备份后");
  g_assert_true (ud_database_exec (f->t->db, "PRAGMA wal_checkpoint (TRUNCATE);"
                                             "PRAGMA wal_autocheckpoint = 0", &error));
  g_assert_no_error (error);
  insert_street (f->t->db, f->admin, "只在日志里");
  copy_file (f->t->path, crashed);
  copy_file (wal, crashed_wal);
  g_assert_cmpint (file_query_int (crashed, "SELECT count(*) FROM org WHERE name = '只在日志里'"),
                   ==, 1);

  g_assert_true (ud_backup_restore (good, crashed, NULL, &replaced, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (crashed_wal, G_FILE_TEST_EXISTS));

  old = ud_database_open_worker (replaced, &error);
  g_assert_no_error (error);
  g_assert_cmpint (db_query_int (old, "SELECT count(*) FROM org WHERE name = '只在日志里'"), ==, 1);
  g_clear_object (&old);

  restored = ud_database_open (crashed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (db_query_int (restored, "SELECT count(*) FROM org WHERE name = '只在日志里'"),
                   ==, 0);
  g_assert_true (ud_audit_verify (restored, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (db_query_int (restored,
                                 "SELECT count(*) FROM audit_entry"
                                 "  WHERE action = 'restore' AND account_name = 'system'"),
                   ==, 1);
}

/* A backup from before accounts existed is migrated on the way in. */
static void
test_restore_older_schema (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *v1 = g_build_filename (f->t->dir, "v1.db", NULL);
  g_autofree char *replaced = NULL;
  g_autoptr(UdDatabase) old = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  UdAuditFilter filter = { .action = (char *) "restore" };
  UdAuditEntry *entry;
  guint64 n = 99;

  old = ud_database_open_at_version (v1, 1, &error);
  g_assert_no_error (error);
  g_assert_true (ud_database_exec (old, "PRAGMA journal_mode = DELETE", &error));
  g_assert_no_error (error);
  g_clear_object (&old);

  g_assert_true (ud_backup_check_file (v1, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, <=, 1);  /* at most the office made while migrating the copy */
  g_assert_cmpint (file_query_int (v1, "PRAGMA user_version"), ==, 1);

  g_clear_object (&f->t->db);
  g_assert_true (ud_backup_restore (v1, f->t->path, f->admin, &replaced, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_query_int (v1, "PRAGMA user_version"), ==, 1);

  f->t->db = ud_database_open (f->t->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_database_get_schema_version (f->t->db), ==,
                   ud_database_latest_schema_version ());
  g_assert_true (ud_audit_verify (f->t->db, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The restored database has no such account: the restore is recorded by name. */
  entries = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->account_name, ==, "admin");
  g_assert_cmpint (entry->account_id, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ud/backup/names", test_names);
  g_test_add ("/ud/backup/create/while-writing", Fixture, NULL, fixture_set_up,
              test_create_while_writing, fixture_tear_down);
  g_test_add ("/ud/backup/create/cancelled", Fixture, NULL, fixture_set_up,
              test_create_cancelled, fixture_tear_down);
  g_test_add ("/ud/backup/create/refused", Fixture, NULL, fixture_set_up, test_create_refused,
              fixture_tear_down);
  g_test_add ("/ud/backup/auto/rotation", Fixture, NULL, fixture_set_up, test_auto_rotation,
              fixture_tear_down);
  g_test_add ("/ud/backup/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/ud/backup/restore/refuses-bad", Fixture, NULL, fixture_set_up,
              test_restore_refuses_bad_backups, fixture_tear_down);
  g_test_add ("/ud/backup/restore/good", Fixture, NULL, fixture_set_up, test_restore,
              fixture_tear_down);
  g_test_add ("/ud/backup/restore/over-log", Fixture, NULL, fixture_set_up,
              test_restore_over_log, fixture_tear_down);
  g_test_add ("/ud/backup/restore/older-schema", Fixture, NULL, fixture_set_up,
              test_restore_older_schema, fixture_tear_down);

  return g_test_run ();
}
