/* ud-database.c — one SQLite connection to an office's database
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-database"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>

#include "ud-database.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-migrations.h"
#include "ud-org.h"

struct _UdDatabase
{
  GObject     parent_instance;

  char       *path;          /* owned */
  sqlite3    *handle;        /* owned */
  GHashTable *statements;    /* owned: const char *sql → sqlite3_stmt * */
  GHashTable *built;         /* owned: char *sql (by content) → sqlite3_stmt * */
  GCancellable *cancellable; /* owned, or NULL: interrupts SQL once cancelled */
  char       *device_id;     /* owned */
  gint64      office_org_id;
  guint64     change_serial;
};

G_DEFINE_FINAL_TYPE (UdDatabase, ud_database, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ud_database_finalize (GObject *object)
{
  UdDatabase *self = UD_DATABASE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->built, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  if (self->handle != NULL)
    {
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);

  G_OBJECT_CLASS (ud_database_parent_class)->finalize (object);
}

static void
ud_database_class_init (UdDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ud_database_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ud_database_init (UdDatabase *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
  self->built = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) sqlite3_finalize);
}

char *
ud_database_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "union-desk", "union-desk.db", NULL);
}

void
ud_database_set_error (UdDatabase  *self,
                       GError     **error,
                       const char  *what)
{
  g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
               /* Translators: %s is what failed, the second %s SQLite's own message */
               _("Database error while %s: %s"), what, sqlite3_errmsg (self->handle));
}

gboolean
ud_database_exec (UdDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  char *message = NULL;

  g_return_val_if_fail (UD_IS_DATABASE (self), FALSE);

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("Database error: %s"),
                   message ? message : sqlite3_errmsg (self->handle));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* The statement for @sql in @cache (keyed as the cache keys), prepared on first use. */
static sqlite3_stmt *
prepare_cached (UdDatabase  *self,
                GHashTable  *cache,
                const char  *sql,
                gpointer     key,
                GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (cache, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("Database error: %s"),
                   sqlite3_errmsg (self->handle));
      g_critical ("Cannot prepare %s: %s", sql, sqlite3_errmsg (self->handle));
      return NULL;
    }

  g_hash_table_insert (cache, key, stmt);
  return stmt;
}

sqlite3_stmt *
ud_database_prepare (UdDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  g_return_val_if_fail (UD_IS_DATABASE (self), NULL);

  return prepare_cached (self, self->statements, sql, (gpointer) sql, error);
}

sqlite3_stmt *
ud_database_prepare_built (UdDatabase  *self,
                           const char  *sql,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->built, sql);
  if (stmt != NULL)
    return prepare_cached (self, self->built, sql, NULL, error);
  return prepare_cached (self, self->built, sql, g_strdup (sql), error);
}

gboolean
ud_database_begin (UdDatabase  *self,
                   GError     **error)
{
  g_return_val_if_fail (UD_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sqlite3_get_autocommit (self->handle), FALSE);

  return ud_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
ud_database_commit (UdDatabase  *self,
                    GError     **error)
{
  g_return_val_if_fail (UD_IS_DATABASE (self), FALSE);

  if (!ud_database_exec (self, "COMMIT", error))
    {
      ud_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
ud_database_rollback (UdDatabase *self)
{
  g_return_if_fail (UD_IS_DATABASE (self));

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
ud_database_in_transaction (UdDatabase *self)
{
  return !sqlite3_get_autocommit (self->handle);
}

gboolean
ud_database_begin_owned (UdDatabase  *self,
                         gboolean    *owned,
                         GError     **error)
{
  *owned = !ud_database_in_transaction (self);
  return *owned ? ud_database_begin (self, error) : TRUE;
}

gboolean
ud_database_end_owned (UdDatabase  *self,
                       gboolean     owned,
                       gboolean     ok,
                       GError     **error)
{
  if (!owned)
    return ok;

  if (!ok)
    {
      ud_database_rollback (self);
      return FALSE;
    }

  return ud_database_commit (self, error);
}

static int
progress_cb (void *data)
{
  UdDatabase *self = data;

  return self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable);
}

void
ud_database_set_cancellable (UdDatabase   *self,
                             GCancellable *cancellable)
{
  g_return_if_fail (UD_IS_DATABASE (self));

  g_set_object (&self->cancellable, cancellable);
  sqlite3_progress_handler (self->handle, cancellable ? 1000 : 0,
                            cancellable ? progress_cb : NULL, self);
}

char *
ud_database_next_number (UdDatabase    *self,
                         sqlite3_stmt  *stmt,
                         const char    *prefix,
                         int            digits,
                         GError       **error)
{
  g_autofree char *pattern = g_strconcat (prefix, "%", NULL);
  gint64 last = 0;
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (self), NULL);
  g_return_val_if_fail (stmt != NULL, NULL);

  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      ud_database_set_error (self, error, _("numbering the record"));
      return NULL;
    }
  return g_strdup_printf ("%s%0*" G_GINT64_FORMAT, prefix, digits, last + 1);
}

JsonArray *
ud_database_history_to_json (sqlite3_stmt *stmt)
{
  static const char *const keys[] = {
    "uuid", "action", "from_status", "to_status", "event_date", "account_uuid", "reason",
    "created_at",
  };
  JsonArray *history = json_array_new ();

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *event = json_object_new ();

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        json_object_set_string_member (event, keys[i],
                                       (const char *) sqlite3_column_text (stmt, (int) i));
      if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
        json_object_set_int_member (event, "amount_fen", sqlite3_column_int64 (stmt, 8));
      else
        json_object_set_null_member (event, "amount_fen");
      json_array_add_object_element (history, event);
    }
  sqlite3_reset (stmt);
  return history;
}

GPtrArray *
ud_database_collect (UdDatabase     *self,
                     sqlite3_stmt   *stmt,
                     UdRowFunc       from_row,
                     GDestroyNotify  record_free,
                     const char     *what,
                     GError        **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (record_free);
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (self), NULL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (self, error, what);
      return NULL;
    }
  return g_steal_pointer (&records);
}

GArray *
ud_database_collect_ids (UdDatabase    *self,
                         sqlite3_stmt  *stmt,
                         const char    *what,
                         GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (self), NULL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (self, error, what);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gboolean
ud_database_read_count (UdDatabase    *self,
                        sqlite3_stmt  *stmt,
                        guint         *out_count,
                        const char    *what,
                        GError       **error)
{
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      ud_database_set_error (self, error, what);
      return FALSE;
    }
  return TRUE;
}

void
ud_stmt_bind_page (sqlite3_stmt *stmt,
                   guint         offset,
                   guint         limit)
{
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":page_limit"),
                      limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":page_offset"), offset);
}

gboolean
ud_database_write (UdDatabase          *self,
                   const char          *entity,
                   UdDatabaseWriteFunc  func,
                   gpointer             data,
                   GError             **error)
{
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!ud_database_begin_owned (self, &owned, error))
    return FALSE;
  ok = func (self, data, error);
  if (!ud_database_end_owned (self, owned, ok, ok ? error : NULL))
    return FALSE;

  if (owned)
    ud_database_notify_changed (self, entity);
  return TRUE;
}

static int
read_user_version (UdDatabase *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

int
ud_database_get_schema_version (UdDatabase *self)
{
  g_return_val_if_fail (UD_IS_DATABASE (self), -1);

  return read_user_version (self);
}

int
ud_database_latest_schema_version (void)
{
  guint n;
  const UdMigration *migrations = ud_migrations_get (&n);

  return migrations[n - 1].version;
}

gboolean
ud_database_migrate (UdDatabase  *self,
                     int          target_version,
                     GError     **error)
{
  guint n;
  const UdMigration *migrations = ud_migrations_get (&n);
  int current = read_user_version (self);

  if (current > ud_database_latest_schema_version ())
    {
      g_set_error (error, UD_ERROR, UD_ERROR_SCHEMA_TOO_NEW,
                   _("The database “%s” was written by a newer version of Union Desk "
                     "(schema %d; this version knows up to %d). Update Union Desk to open it."),
                   self->path, current, ud_database_latest_schema_version ());
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *bump = NULL;

      if (migrations[i].version <= current || migrations[i].version > target_version)
        continue;

      if (!ud_database_begin (self, error))
        return FALSE;

      bump = g_strdup_printf ("PRAGMA user_version = %d", migrations[i].version);
      if (!ud_database_exec (self, migrations[i].sql, error)
          || (migrations[i].after != NULL && !migrations[i].after (self, error))
          || !ud_database_exec (self, bump, error)
          || !ud_database_commit (self, error))
        {
          ud_database_rollback (self);
          g_prefix_error (error, _("Could not update the database to schema %d: "),
                          migrations[i].version);
          return FALSE;
        }

      g_debug ("Migrated %s to schema %d", self->path, migrations[i].version);
    }

  return TRUE;
}

static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  /* Personal data: the database is readable by its owner only. SQLite gives the -wal and -shm
   * files the same mode. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot open the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  g_close (fd, NULL);

  return TRUE;
}

static UdDatabase *
open_connection (const char  *path,
                 gboolean     create,
                 GError     **error)
{
  g_autoptr(UdDatabase) self = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

  g_return_val_if_fail (path != NULL, NULL);

  if (create)
    {
      if (!create_private_file (path, error))
        return NULL;
    }
  else if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The database “%s” does not exist"), path);
      return NULL;
    }

  self = g_object_new (UD_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  if (sqlite3_open_v2 (path, &self->handle, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE, _("Cannot open the database “%s”: %s"),
                   path, self->handle ? sqlite3_errmsg (self->handle) : g_strerror (ENOMEM));
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 10000);

  /* WAL with synchronous=FULL: aid and money records must survive a power cut. */
  if (!ud_database_exec (self, "PRAGMA journal_mode = WAL", error)
      || !ud_database_exec (self, "PRAGMA synchronous = FULL", error)
      || !ud_database_exec (self, "PRAGMA foreign_keys = ON", error)
      || !ud_database_exec (self, "PRAGMA temp_store = MEMORY", error)
      || !ud_database_exec (self, "PRAGMA cache_size = -8192", error))
    {
      g_prefix_error (error, _("Cannot open the database “%s”: "), path);
      return NULL;
    }

  /* A file that is not a database fails on the first read. */
  if (read_user_version (self) < 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   _("“%s” is not a Union Desk database: %s"), path,
                   sqlite3_errmsg (self->handle));
      return NULL;
    }

  return g_steal_pointer (&self);
}

static gboolean
load_identity (UdDatabase  *self,
               GError     **error)
{
  g_autofree char *office = NULL;

  self->device_id = ud_database_dup_meta (self, "device_id");
  if (self->device_id == NULL)
    {
      self->device_id = g_uuid_string_random ();
      if (!ud_database_set_meta (self, "device_id", self->device_id, error))
        return FALSE;
    }

  office = ud_database_dup_meta (self, "office_org_id");
  if (office == NULL)
    {
      if (!ud_org_create_office (self, _("My union office"), &self->office_org_id, error))
        return FALSE;
    }
  else
    self->office_org_id = g_ascii_strtoll (office, NULL, 10);

  return TRUE;
}

UdDatabase *
ud_database_open (const char  *path,
                  GError     **error)
{
  g_autoptr(UdDatabase) self = open_connection (path, TRUE, error);

  if (self == NULL)
    return NULL;

  if (!ud_database_migrate (self, G_MAXINT, error) || !load_identity (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

UdDatabase *
ud_database_open_worker (const char  *path,
                         GError     **error)
{
  g_autoptr(UdDatabase) self = open_connection (path, FALSE, error);
  g_autofree char *office = NULL;

  if (self == NULL)
    return NULL;

  if (read_user_version (self) != ud_database_latest_schema_version ())
    {
      g_set_error (error, UD_ERROR, UD_ERROR_SCHEMA_TOO_NEW,
                   _("The database “%s” has schema %d, expected %d"), path,
                   read_user_version (self), ud_database_latest_schema_version ());
      return NULL;
    }

  self->device_id = ud_database_dup_meta (self, "device_id");
  office = ud_database_dup_meta (self, "office_org_id");
  self->office_org_id = office ? g_ascii_strtoll (office, NULL, 10) : 0;

  return g_steal_pointer (&self);
}

UdDatabase *
ud_database_open_at_version (const char  *path,
                             int          version,
                             GError     **error)
{
  g_autoptr(UdDatabase) self = open_connection (path, TRUE, error);

  if (self == NULL || !ud_database_migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ud_database_get_path (UdDatabase *self)
{
  g_return_val_if_fail (UD_IS_DATABASE (self), NULL);
  return self->path;
}

sqlite3 *
ud_database_get_handle (UdDatabase *self)
{
  g_return_val_if_fail (UD_IS_DATABASE (self), NULL);
  return self->handle;
}

const char *
ud_database_get_device_id (UdDatabase *self)
{
  g_return_val_if_fail (UD_IS_DATABASE (self), NULL);
  return self->device_id;
}

gint64
ud_database_get_office_org_id (UdDatabase *self)
{
  g_return_val_if_fail (UD_IS_DATABASE (self), 0);
  return self->office_org_id;
}

char *
ud_database_dup_meta (UdDatabase *self,
                      const char *key)
{
  sqlite3_stmt *stmt = ud_database_prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = ud_stmt_dup_text (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

gboolean
ud_database_set_meta (UdDatabase  *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (self,
                                            "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                            "ON CONFLICT (key) DO UPDATE"
                                            "  SET value = excluded.value",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (self, error, _("saving a setting"));
      return FALSE;
    }

  return TRUE;
}

void
ud_database_set_bulk_mode (UdDatabase *self,
                           gboolean    bulk)
{
  g_return_if_fail (UD_IS_DATABASE (self));

  /* Imports touch many indexes at once: with the usual 8 MiB the page cache spills to the WAL in
   * the middle of a transaction and reads the pages back. */
  ud_database_exec (self, bulk ? "PRAGMA cache_size = -131072" : "PRAGMA cache_size = -8192",
                    NULL);
}

guint64
ud_database_get_change_serial (UdDatabase *self)
{
  g_return_val_if_fail (UD_IS_DATABASE (self), 0);
  return self->change_serial;
}

void
ud_database_notify_changed (UdDatabase *self,
                            const char *entity)
{
  g_return_if_fail (UD_IS_DATABASE (self));

  self->change_serial++;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, entity);
}

void
ud_stmt_bind_text_or_null (sqlite3_stmt *stmt,
                           int           index,
                           const char   *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
ud_stmt_bind_id_or_null (sqlite3_stmt *stmt,
                         int           index,
                         gint64        id)
{
  if (id <= 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, id);
}

int
ud_stmt_column_enum (sqlite3_stmt     *stmt,
                     int               column,
                     const UdEnumInfo *info)
{
  int value = 0;

  ud_enum_from_code (info, (const char *) sqlite3_column_text (stmt, column), &value);
  return value;
}

char *
ud_stmt_dup_text (sqlite3_stmt *stmt,
                  int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}
