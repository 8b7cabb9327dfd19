/* tests/test-sync-crash.c — union-desk-cli sync killed with SIGKILL at random moments of a run,
 * many times, then run to the end: nothing lost, nothing applied twice, the database sound.
 * The CLI's path is the test's argument.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <signal.h>

#include "ud-outbox.h"
#include "ud-sync-store.h"
#include "ud-sync-test-server.h"
#include "ud-test-util.h"

#define N_KILLS 25

static const char *cli_path;

static const char *const server_args[] = {
  "--max-batch-records", "150", "--processing-delay-ms", "40", "--fault-rate", "0.1",
  "--fault-kinds", "close_after_commit,close_before_commit,500,503,truncated", "--seed", "11",
  NULL
};

static GSubprocess *
spawn_sync (const char *db_path,
            const char *token_path)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, cli_path, "--db", db_path, "sync", "--token-file",
                              token_path, "--no-policy", "--max-failures", "100", "--quiet",
                              NULL);
  g_assert_no_error (error);
  return process;
}

static void
test_crash (void)
{
  g_autoptr(UdSyncTestServer) server = ud_sync_test_server_start (server_args);
  g_autoptr(UdTestDb) test_db = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  g_autofree char *token_path = NULL;
  g_autoptr(GError) error = NULL;
  guint n_killed = 0, n_finished_early = 0;
  sqlite3_stmt *stmt = NULL;

  if (server == NULL)
    return;
  test_db = ud_test_db_new ();
  expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ud_sync_test_configure (test_db->db, server);
  ud_test_admin (test_db->db);
  sqlite3_prepare_v2 (ud_database_get_handle (test_db->db),
                      "SELECT entity, uuid, version FROM outbox", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (expected, g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 0),
                                                    sqlite3_column_text (stmt, 1)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 2)));
  sqlite3_finalize (stmt);
  ud_sync_test_fill_outbox (test_db->db, 3000, 0, expected);

  token_path = g_build_filename (test_db->dir, "token", NULL);
  g_assert_true (g_file_set_contents_full (token_path, "test-token\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));

  for (guint i = 0; i < N_KILLS; i++)
    {
      g_autoptr(GSubprocess) process = spawn_sync (test_db->path, token_path);
      gulong delay_ms = (gulong) g_rand_int_range (rand, 5, 350);

      g_usleep (delay_ms * 1000);
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (process))
        n_killed++;
      else
        n_finished_early++;

      /* Work goes on at the office between runs: new records and edits. */
      ud_sync_test_fill_outbox (test_db->db, 300, 3000 + i * 300, expected);
      if (i % 5 == 2)
        ud_sync_test_edit_some (test_db->db, expected, 41);
    }
  g_test_message ("%u runs killed, %u had finished", n_killed, n_finished_early);
  g_assert_cmpuint (n_killed, >=, N_KILLS / 2);

  /* Then to the end. */
  {
    g_autoptr(GSubprocess) process = spawn_sync (test_db->path, token_path);

    g_subprocess_wait (process, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_if_exited (process));
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  }

  g_assert_cmpint (ud_outbox_count_pending (test_db->db), ==, 0);
  ud_sync_test_assert_server_has (server, expected);
  g_assert_cmpint (ud_sync_test_server_stat (server, "max_times_stored"), ==, 1);

  sqlite3_prepare_v2 (ud_database_get_handle (test_db->db), "PRAGMA integrity_check", -1, &stmt,
                      NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-union-desk-cli\n", argv[0]);
      return 1;
    }
  cli_path = argv[1];
  g_test_add_func ("/sync/crash/sigkill-at-random-then-to-the-end", test_crash);
  return g_test_run ();
}
