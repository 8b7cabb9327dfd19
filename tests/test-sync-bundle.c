/* tests/test-sync-bundle.c — the offline bundle: export, upload from another machine, import the
 * acks; a modified, truncated or foreign bundle (or ack file) is refused with a clear message
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "ud-outbox.h"
#include "ud-sync-bundle.h"
#include "ud-sync-client.h"
#include "ud-sync-error.h"
#include "ud-sync-http.h"
#include "ud-sync-store.h"
#include "ud-sync-test-server.h"
#include "ud-test-util.h"

typedef struct
{
  UdTestDb         *test_db;
  UdDatabase       *db;
  UdSyncTestServer *server;
  GHashTable       *expected;
  char             *bundle;
  char             *ack;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  UdSyncSettings settings = { .office_id = (char *) "office-1" };
  sqlite3_stmt *stmt = NULL;

  f->test_db = ud_test_db_new ();
  f->db = f->test_db->db;
  f->expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->bundle = g_build_filename (f->test_db->dir, "changes.udbundle", NULL);
  f->ack = g_strconcat (f->bundle, ".ack", NULL);
  f->server = ud_sync_test_server_start (NULL);
  /* Offline: no server address, only the office id. */
  g_assert_true (ud_sync_settings_save (f->db, NULL, &settings, NULL));
  ud_test_admin (f->db);
  sqlite3_prepare_v2 (ud_database_get_handle (f->db), "SELECT entity, uuid, version FROM outbox",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (f->expected, g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 0),
                                                       sqlite3_column_text (stmt, 1)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 2)));
  sqlite3_finalize (stmt);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ud_sync_test_server_stop (f->server);
  g_hash_table_unref (f->expected);
  g_free (f->bundle);
  g_free (f->ack);
  ud_test_db_free (f->test_db);
}

static UdSyncOptions *
fast_options (UdSyncOptions *options)
{
  ud_sync_options_init (options);
  options->fetch_policy = FALSE;
  return options;
}

static gboolean
upload (Fixture     *f,
        const char  *token,
        GError     **error)
{
  UdSyncBundleReport report;
  UdSyncOptions options;

  return ud_sync_bundle_upload (f->bundle, f->ack, f->server->url, token, NULL,
                                fast_options (&options), &report, NULL, error);
}

/* Export → upload elsewhere → import acks: as if online. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  UdSyncBundleReport report;
  UdSyncOptions options;
  UdSyncTally tally;
  guint n_batches, n_records, n_skipped;
  gint64 waiting;

  if (f->server == NULL)
    return;
  ud_sync_test_fill_outbox (f->db, 2300, 0, f->expected);
  waiting = ud_outbox_count_pending (f->db);
  g_assert_true (ud_sync_bundle_export (f->db, f->bundle, &n_batches, &n_records, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_batches, ==, 3);
  g_assert_cmpuint (n_records, ==, waiting);
  /* Exporting acknowledges nothing. */
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, waiting);

  /* Some faults on the way: the upload retries like the online client. */
  ud_sync_test_server_faults (f->server, "[\"none\", \"close_after_commit\", \"500\"]", NULL);
  g_assert_true (ud_sync_bundle_upload (f->bundle, f->ack, f->server->url, "test-token", NULL,
                                        fast_options (&options), &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_answered, ==, 3);
  g_assert_true (g_file_test (f->ack, G_FILE_TEST_IS_REGULAR));
  ud_sync_test_assert_server_has (f->server, f->expected);

  g_assert_true (ud_sync_bundle_import_acks (f->db, f->ack, &tally, &n_skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tally.n_acknowledged, ==, waiting);
  g_assert_cmpuint (n_skipped, ==, 0);
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, 0);

  /* Importing again changes nothing. */
  g_assert_true (ud_sync_bundle_import_acks (f->db, f->ack, &tally, &n_skipped, &error));
  g_assert_cmpuint (tally.n_acknowledged, ==, 0);
  g_assert_cmpuint (n_skipped, ==, 3);
}

/* Exported, uploaded, but sent online before the acks came back: only duplicates, stored once. */
static void
test_online_after_bundle (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  UdSyncReport report = { 0 };
  UdSyncOptions options;
  guint n_batches, n_records;

  if (f->server == NULL)
    return;
  ud_sync_test_fill_outbox (f->db, 300, 0, f->expected);
  g_assert_true (ud_sync_bundle_export (f->db, f->bundle, &n_batches, &n_records, &error));
  g_assert_true (upload (f, "test-token", &error));
  g_assert_no_error (error);

  ud_sync_test_configure (f->db, f->server);
  g_assert_true (ud_sync_run (f->db, "test-token", fast_options (&options), &report, NULL, NULL,
                              NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_acknowledged, ==, n_records);
  ud_sync_report_clear (&report);
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, 0);
  ud_sync_test_assert_server_has (f->server, f->expected);
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "max_times_stored"), ==, 1);
}

static void
rewrite_bundle (const char *path,
                const char *from,
                const char *to)
{
  g_autofree char *packed = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) again = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &packed, &length, NULL));
  json = ud_sync_gunzip (packed, length, NULL);
  text = g_string_new_len (g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json));
  g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
  again = ud_sync_gzip (text->str, text->len);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (again, NULL),
                                      (gssize) g_bytes_get_size (again), NULL));
}

/* Modified, truncated, not a bundle, another office: refused, with a message that says so. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *packed = NULL;
  g_autofree char *garbage = NULL;
  guint n_batches, n_records;
  gsize length;

  if (f->server == NULL)
    return;
  ud_sync_test_fill_outbox (f->db, 50, 0, f->expected);
  g_assert_true (ud_sync_bundle_export (f->db, f->bundle, &n_batches, &n_records, &error));
  g_assert_true (ud_sync_bundle_check (f->bundle, NULL, NULL, &error));
  g_assert_true (g_file_get_contents (f->bundle, &packed, &length, NULL));

  /* Modified: an amount changed. */
  rewrite_bundle (f->bundle, "\"amount_fen\":150", "\"amount_fen\":950");
  g_assert_false (upload (f, "test-token", &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BUNDLE);
  g_assert_nonnull (strstr (error->message, "modified"));
  g_clear_error (&error);
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "records"), ==, 0);

  /* Modified together with its checksum field: still caught (the office field changed). */
  g_assert_true (g_file_set_contents (f->bundle, packed, (gssize) length, NULL));
  rewrite_bundle (f->bundle, "\"office_id\":\"office-1\",\"device_id\"",
                  "\"office_id\":\"office-2\",\"device_id\"");
  g_assert_false (upload (f, "other-token", &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BUNDLE);
  g_clear_error (&error);

  /* Truncated. */
  g_assert_true (g_file_set_contents (f->bundle, packed, (gssize) (length * 2 / 3), NULL));
  g_assert_false (upload (f, "test-token", &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BUNDLE);
  g_assert_nonnull (strstr (error->message, "truncated"));
  g_clear_error (&error);

  /* Not a bundle at all. */
  garbage = g_strdup ("name,id_number\n张三,110105194912310021\n");
  g_assert_true (g_file_set_contents (f->bundle, garbage, -1, NULL));
  g_assert_false (upload (f, "test-token", &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BUNDLE);
  g_clear_error (&error);

  /* Sound, but the token is another office's: refused before anything is sent. */
  g_assert_true (g_file_set_contents (f->bundle, packed, (gssize) length, NULL));
  g_assert_false (upload (f, "other-token", &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_OFFICE);
  g_clear_error (&error);
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "records"), ==, 0);
  g_assert_cmpint (ud_outbox_count_pending (f->db), >=, 50);
}

/* Ack files: modified or another office's are refused. */
static void
test_acks_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdTestDb) foreign = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) modified = NULL;
  UdSyncSettings other = { .office_id = (char *) "office-2" };
  UdSyncTally tally;
  guint n_batches, n_records, n_skipped;
  gint64 waiting;

  if (f->server == NULL)
    return;
  ud_sync_test_fill_outbox (f->db, 20, 0, f->expected);
  waiting = ud_outbox_count_pending (f->db);
  g_assert_true (ud_sync_bundle_export (f->db, f->bundle, &n_batches, &n_records, &error));
  g_assert_true (upload (f, "test-token", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->ack, &text, NULL, NULL));

  /* A rejected result turned into an accepted one. */
  modified = g_string_new (text);
  g_assert_cmpuint (g_string_replace (modified, "\"status\":\"accepted\"", "\"status\":\"stale\"",
                                      1), ==, 1);
  g_assert_true (g_file_set_contents (f->ack, modified->str, -1, NULL));
  g_assert_false (ud_sync_bundle_import_acks (f->db, f->ack, &tally, &n_skipped, &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BUNDLE);
  g_assert_nonnull (strstr (error->message, "modified"));
  g_clear_error (&error);

  /* Truncated. */
  g_assert_true (g_file_set_contents (f->ack, text, (gssize) strlen (text) / 2, NULL));
  g_assert_false (ud_sync_bundle_import_acks (f->db, f->ack, &tally, &n_skipped, &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BUNDLE);
  g_clear_error (&error);
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, waiting);

  /* Another office's database. */
  g_assert_true (g_file_set_contents (f->ack, text, -1, NULL));
  foreign = ud_test_db_new ();
  g_assert_true (ud_sync_settings_save (foreign->db, NULL, &other, NULL));
  g_assert_false (ud_sync_bundle_import_acks (foreign->db, f->ack, &tally, &n_skipped, &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_OFFICE);
  g_clear_error (&error);

  /* The sound one works. */
  g_assert_true (ud_sync_bundle_import_acks (f->db, f->ack, &tally, &n_skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, 0);
}

/* Without the office id, no bundle; with nothing waiting, no file. */
static void
test_export_rules (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(UdTestDb) fresh = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fresh->dir, "b.udbundle", NULL);
  guint n_batches = 99, n_records = 99;

  g_assert_false (ud_sync_bundle_export (fresh->db, path, &n_batches, &n_records, &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_NOT_CONFIGURED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (ud_database_exec (f->db, "DELETE FROM outbox", NULL));
  g_assert_true (ud_sync_bundle_export (f->db, f->bundle, &n_batches, &n_records, &error));
  g_assert_cmpuint (n_batches, ==, 0);
  g_assert_false (g_file_test (f->bundle, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/bundle/round-trip", test_round_trip);
  ADD ("/sync/bundle/online-after-upload", test_online_after_bundle);
  ADD ("/sync/bundle/refused", test_refused);
  ADD ("/sync/bundle/acks-refused", test_acks_refused);
  ADD ("/sync/bundle/export-rules", test_export_rules);
  return g_test_run ();
}
