/* tests/test-sync-soak.c — guarantee 4: 20,000 records of every entity against a server that
 * drops, resets, truncates, delays, rate-limits and errors at random (30% of requests); the
 * client's queue ends empty and the server holds every record exactly once per version
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "ud-outbox.h"
#include "ud-sync-client.h"
#include "ud-sync-error.h"
#include "ud-sync-store.h"
#include "ud-sync-test-server.h"
#include "ud-test-util.h"

#define N_RECORDS 20000

/* UD_SYNC_SOAK_SEED picks other faults (the default is fixed, so a failure can be replayed). */
static const char *server_args[] = {
  "--fault-rate", "0.3", "--seed", "20261126", "--max-batch-records", "100", NULL
};

static void
test_soak (void)
{
  g_autoptr(UdSyncTestServer) server = NULL;
  g_autoptr(UdTestDb) test_db = NULL;
  g_autoptr(GHashTable) expected = NULL;
  UdSyncOptions options;
  guint n_runs = 0, n_retries = 0;
  gint64 start = g_get_monotonic_time ();

  if (g_getenv ("UD_SYNC_SOAK_SEED") != NULL)
    server_args[3] = g_getenv ("UD_SYNC_SOAK_SEED");
  server = ud_sync_test_server_start (server_args);
  if (server == NULL)
    return;
  /* Short waits: slow replies of 200 ms, Retry-After of 1 s (scaled by the test hook). */
  {
    g_autoptr(JsonNode) answer = ud_sync_test_server_control (server, "faults",
                                                              "{\"slow_ms\": 200,"
                                                              " \"retry_after\": \"1\"}");
  }

  test_db = ud_test_db_new ();
  expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ud_sync_test_configure (test_db->db, server);
  ud_test_admin (test_db->db);
  {
    /* The admin's own audit entries go up too. */
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (ud_database_get_handle (test_db->db),
                        "SELECT entity, uuid, version FROM outbox", -1, &stmt, NULL);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_hash_table_insert (expected, g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 0),
                                                      sqlite3_column_text (stmt, 1)),
                           GINT_TO_POINTER (sqlite3_column_int (stmt, 2)));
    sqlite3_finalize (stmt);
  }
  ud_sync_test_fill_outbox (test_db->db, N_RECORDS / 2, 0, expected);

  ud_sync_options_init (&options);
  options.fetch_policy = FALSE;
  options.backoff_scale = 0.0005;
  options.max_failures = 30;

  /* A scheduled job: run until nothing waits. Halfway, edit records (new versions, some of rows
   * already frozen in a batch) and add the other half. A run may stop (a 401 fault, too many
   * failures in a row); the next run carries on. */
  while (n_runs < 200)
    {
      g_autoptr(GError) error = NULL;
      UdSyncReport report = { 0 };
      gboolean ok;

      if (n_runs == 1)
        {
          ud_sync_test_edit_some (test_db->db, expected, 7);
          ud_sync_test_fill_outbox (test_db->db, N_RECORDS / 2, N_RECORDS / 2, expected);
        }
      ok = ud_sync_run (test_db->db, "test-token", &options, &report, NULL, NULL, NULL, &error);
      n_runs++;
      n_retries += report.n_retries;
      ud_sync_report_clear (&report);
      if (!ok)
        {
          g_assert_true (g_error_matches (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN)
                         || g_error_matches (error, UD_SYNC_ERROR, UD_SYNC_ERROR_SERVER));
          continue;
        }
      if (n_runs > 1 && ud_outbox_count_pending (test_db->db) == 0)
        break;
    }

  g_test_message ("%u runs, %u retries, %" G_GINT64_FORMAT " faults injected, %.1f s", n_runs,
                  n_retries, ud_sync_test_server_stat (server, "faults_injected"),
                  (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  g_assert_cmpint (ud_sync_test_server_stat (server, "faults_injected"), >, 10);

  /* The queue is empty; nothing rejected; every record once per version at its last version. */
  g_assert_cmpint (ud_outbox_count_pending (test_db->db), ==, 0);
  {
    g_autoptr(GPtrArray) problems = ud_sync_store_list_problems (test_db->db, NULL);
    g_assert_cmpuint (problems->len, ==, 0);
  }
  g_assert_cmpuint (g_hash_table_size (expected), >, N_RECORDS);
  ud_sync_test_assert_server_has (server, expected);
  g_assert_cmpint (ud_sync_test_server_stat (server, "max_times_stored"), ==, 1);
  g_assert_cmpint (ud_sync_test_server_stat (server, "rejected"), ==, 0);
  g_assert_cmpint (ud_sync_test_server_stat (server, "conflict"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/guarantee4/soak-20000-records-30-percent-faults", test_soak);
  return g_test_run ();
}
