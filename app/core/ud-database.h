/* ud-database.h — one SQLite connection to an office's database
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ud-enums.h"

G_BEGIN_DECLS

#define UD_TYPE_DATABASE (ud_database_get_type ())
G_DECLARE_FINAL_TYPE (UdDatabase, ud_database, UD, DATABASE, GObject)

/* The default database file: $XDG_DATA_HOME/union-desk/union-desk.db */
char         *ud_database_default_path     (void);

/* Opens (creating with mode 0600 if missing) and migrates the database at @path to the current
 * schema. Sets WAL, synchronous=FULL, foreign keys and a busy timeout. A database written by a
 * newer Union Desk is refused with UD_ERROR_SCHEMA_TOO_NEW. Use one connection per thread. */
UdDatabase   *ud_database_open             (const char  *path,
                                            GError     **error);

/* Opens another connection to an existing, migrated database, for a worker thread. */
UdDatabase   *ud_database_open_worker      (const char  *path,
                                            GError     **error);

/* For migration tests: opens without migrating, then migrates up to @version. */
UdDatabase   *ud_database_open_at_version  (const char  *path,
                                            int          version,
                                            GError     **error);
gboolean      ud_database_migrate          (UdDatabase  *self,
                                            int          target_version,
                                            GError     **error);
int           ud_database_get_schema_version (UdDatabase *self);
int           ud_database_latest_schema_version (void);

const char   *ud_database_get_path         (UdDatabase  *self);
sqlite3      *ud_database_get_handle       (UdDatabase  *self);

/* This installation's id (a UUID made on first open), sent with every sync batch. */
const char   *ud_database_get_device_id    (UdDatabase  *self);

/* The office's own org node (created on first open, named "My union office" until renamed). */
gint64        ud_database_get_office_org_id (UdDatabase *self);

/* A prepared statement for @sql, cached on the connection: reset and with cleared bindings.
 * Do not finalize it; call ud_database_release() or just let the next prepare reset it.
 * @sql must be a string literal (its address is the cache key). */
sqlite3_stmt *ud_database_prepare          (UdDatabase  *self,
                                            const char  *sql,
                                            GError     **error);

/* The same for SQL put together at run time from fixed pieces (never from user input: values are
 * always bound): cached by its text, so @sql may be freed after the call. */
sqlite3_stmt *ud_database_prepare_built    (UdDatabase  *self,
                                            const char  *sql,
                                            GError     **error);

gboolean      ud_database_exec             (UdDatabase  *self,
                                            const char  *sql,
                                            GError     **error);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Transactions do not nest. */
gboolean      ud_database_begin            (UdDatabase  *self,
                                            GError     **error);
gboolean      ud_database_commit           (UdDatabase  *self,
                                            GError     **error);
void          ud_database_rollback         (UdDatabase  *self);
gboolean      ud_database_in_transaction   (UdDatabase  *self);

/* For store functions that may run alone or inside a caller's transaction: begins one unless
 * one is open (*@owned tells which), and ends it: commit when @ok, else roll back. When the
 * transaction is the caller's, a failure is left for the caller to roll back. */
gboolean      ud_database_begin_owned      (UdDatabase  *self,
                                            gboolean    *owned,
                                            GError     **error);
gboolean      ud_database_end_owned        (UdDatabase  *self,
                                            gboolean     owned,
                                            gboolean     ok,
                                            GError     **error);

/* While @cancellable (NULL: none) is set, SQL on this connection stops with an error soon after it
 * is cancelled, so the write that was running fails and its transaction is rolled back. For the
 * worker threads' own connections. */
void          ud_database_set_cancellable  (UdDatabase    *self,
                                            GCancellable  *cancellable);

typedef gboolean (*UdDatabaseWriteFunc) (UdDatabase  *db,
                                         gpointer     data,
                                         GError     **error);

/* Runs @func in a transaction of its own, or inside the caller's when one is open (then the
 * caller commits or rolls back). A transaction of its own is committed when @func succeeds, rolled
 * back otherwise, and after a commit the database emits "changed" for @entity. */
gboolean      ud_database_write            (UdDatabase          *self,
                                            const char          *entity,
                                            UdDatabaseWriteFunc  func,
                                            gpointer             data,
                                            GError             **error);

/* Sets @error from the connection's last SQLite error (UD_ERROR_DATABASE), prefixed by @what. */
void          ud_database_set_error        (UdDatabase  *self,
                                            GError     **error,
                                            const char  *what);

/* Key/value settings stored in the database (table meta). */
char         *ud_database_dup_meta         (UdDatabase  *self,
                                            const char  *key);
gboolean      ud_database_set_meta         (UdDatabase  *self,
                                            const char  *key,
                                            const char  *value,
                                            GError     **error);

/* For imports and other long runs of writes: a large page cache (128 MiB) while on, the usual
 * 8 MiB after. */
void          ud_database_set_bulk_mode    (UdDatabase  *self,
                                            gboolean     bulk);

/* Incremented on every committed change made through this connection; list models use it to
 * know their pages are stale. */
guint64       ud_database_get_change_serial (UdDatabase *self);

/* Emitted on the thread that committed, after every commit that changed records, with the
 * entity name ("member", "org", "employer", …) or NULL for several. */
/* signal: "changed" (const char *entity) */
void          ud_database_notify_changed   (UdDatabase  *self,
                                            const char  *entity);

/* The next number of a series "PREFIX00001": @stmt (prepared from a literal, with ?1 the LIKE
 * pattern of the series) selects the largest numeric suffix so far, or 0; the result has @digits
 * digits after @prefix. */
char         *ud_database_next_number      (UdDatabase    *self,
                                            sqlite3_stmt  *stmt,
                                            const char    *prefix,
                                            int            digits,
                                            GError       **error);

/* The status history of a record as synced: @stmt (bound) selects the events' uuid, action,
 * from_status, to_status, event_date, the account's uuid, reason, created_at and amount_fen (NULL
 * for none), in their order; a JSON array of objects with those keys. */
JsonArray    *ud_database_history_to_json  (sqlite3_stmt  *stmt);

typedef gpointer (*UdRowFunc) (sqlite3_stmt *stmt);

/* Steps @stmt (bound) to its end and makes a record of each row with @from_row; an array freeing
 * them with @record_free, or NULL with an error saying what was being read (@what). */
GPtrArray    *ud_database_collect          (UdDatabase     *self,
                                            sqlite3_stmt   *stmt,
                                            UdRowFunc       from_row,
                                            GDestroyNotify  record_free,
                                            const char     *what,
                                            GError        **error);

/* The same for a statement selecting ids: a GArray of gint64. */
GArray       *ud_database_collect_ids      (UdDatabase     *self,
                                            sqlite3_stmt   *stmt,
                                            const char     *what,
                                            GError        **error);

/* Steps @stmt (bound), which selects one count, into @out_count and resets it; FALSE with an
 * error saying what was being counted (@what). */
gboolean      ud_database_read_count       (UdDatabase     *self,
                                            sqlite3_stmt   *stmt,
                                            guint          *out_count,
                                            const char     *what,
                                            GError        **error);

/* Paging for SQL put together at run time: UD_DATABASE_PAGE_SQL is the LIMIT and OFFSET clause
 * with named parameters, ud_stmt_bind_page() binds them (@limit 0: no limit). */
#define UD_DATABASE_PAGE_SQL " LIMIT :page_limit OFFSET :page_offset"
void          ud_stmt_bind_page            (sqlite3_stmt *stmt,
                                            guint         offset,
                                            guint         limit);

/* Binding helpers: NULL or "" binds SQL NULL. */
void          ud_stmt_bind_text_or_null    (sqlite3_stmt *stmt,
                                            int           index,
                                            const char   *text);
void          ud_stmt_bind_id_or_null      (sqlite3_stmt *stmt,
                                            int           index,
                                            gint64        id);
/* The value of a closed list stored as its code in @column; 0 (the list's first value) for an
 * unknown code or NULL. */
int           ud_stmt_column_enum          (sqlite3_stmt     *stmt,
                                            int               column,
                                            const UdEnumInfo *info);

/* Returns a copy of the column's text, NULL for SQL NULL. */
char         *ud_stmt_dup_text             (sqlite3_stmt *stmt,
                                            int           column);

G_END_DECLS
