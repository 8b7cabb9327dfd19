/* tests/test-sync-cli.c — union-desk-cli sync as a scheduled job runs it: exit statuses that tell
 * "retry later" from "needs a person", sync status, sync setup, and the bundle workflow with a
 * refused bundle. The CLI's path is the test's argument.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "ud-outbox.h"
#include "ud-sync-client.h"
#include "ud-sync-http.h"
#include "ud-sync-store.h"
#include "ud-sync-test-server.h"
#include "ud-test-util.h"

static const char *cli_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

/* Runs the CLI with @input on standard input and the NULL-terminated arguments. */
static CliRun *
run_cli (const char *input,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  CliRun *run = g_new0 (CliRun, 1);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path);
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  return run;
}

typedef struct
{
  UdTestDb         *test_db;
  UdSyncTestServer *server;
  char             *token_file;
  char             *wrong_token_file;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  f->test_db = ud_test_db_new ();
  f->server = ud_sync_test_server_start (NULL);
  f->token_file = g_build_filename (f->test_db->dir, "token", NULL);
  f->wrong_token_file = g_build_filename (f->test_db->dir, "wrong-token", NULL);
  g_assert_true (g_file_set_contents_full (f->token_file, "test-token\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  g_assert_true (g_file_set_contents_full (f->wrong_token_file, "nope\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  ud_test_admin (f->test_db->db);
  ud_sync_test_fill_outbox (f->test_db->db, 40, 0, expected);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ud_sync_test_server_stop (f->server);
  g_free (f->token_file);
  g_free (f->wrong_token_file);
  ud_test_db_free (f->test_db);
}

/* The exit statuses: 5 without or with a refused token, 0 when sent, 3 with rejected records,
 * 4 when the server cannot be reached, 4 when another sync runs. */
static void
test_exit_statuses (Fixture       *f,
                    gconstpointer  data)
{
  const char *db = f->test_db->path;
  g_autoptr(CliRun) not_set_up = NULL;
  g_autoptr(CliRun) no_token = NULL;
  g_autoptr(CliRun) refused = NULL;
  g_autoptr(CliRun) sent = NULL;
  g_autoptr(CliRun) status = NULL;
  g_autoptr(CliRun) rejected = NULL;
  g_autoptr(CliRun) problems = NULL;
  g_autoptr(CliRun) busy = NULL;
  g_autoptr(CliRun) unreachable = NULL;
  g_autoptr(CliRun) public_file = NULL;
  g_autofree char *public_token = g_build_filename (f->test_db->dir, "public-token", NULL);

  if (f->server == NULL)
    return;

  not_set_up = run_cli (NULL, "--db", db, "sync", "--token-file", f->token_file, NULL);
  g_assert_cmpint (not_set_up->status, ==, 3);
  g_assert_nonnull (strstr (not_set_up->err, "not set up"));

  ud_sync_test_configure (f->test_db->db, f->server);
  no_token = run_cli (NULL, "--db", db, "sync", NULL);
  g_assert_cmpint (no_token->status, ==, 5);
  g_assert_nonnull (strstr (no_token->err, "--token-file"));

  g_assert_true (g_file_set_contents (public_token, "test-token\n", -1, NULL));
  g_assert_cmpint (g_chmod (public_token, 0644), ==, 0);
  public_file = run_cli (NULL, "--db", db, "sync", "--token-file", public_token, NULL);
  g_assert_cmpint (public_file->status, ==, 5);
  g_assert_nonnull (strstr (public_file->err, "chmod 600"));

  refused = run_cli (NULL, "--db", db, "sync", "--token-file", f->wrong_token_file, NULL);
  g_assert_cmpint (refused->status, ==, 5);
  g_assert_nonnull (strstr (refused->err, "refused the sync token"));
  /* The token never appears in what is printed. */
  g_assert_null (strstr (refused->err, "nope"));
  g_assert_null (strstr (refused->out, "nope"));

  sent = run_cli ("test-token\n", "--db", db, "sync", "--token-stdin", NULL);
  g_assert_cmpint (sent->status, ==, 0);
  g_assert_nonnull (strstr (sent->out, "Sent:"));
  status = run_cli (NULL, "--db", db, "sync", "status", NULL);
  g_assert_cmpint (status->status, ==, 0);
  g_assert_nonnull (strstr (status->out, "Up to date"));
  g_assert_nonnull (strstr (status->out, "office-1"));

  /* A record the server rejects: the scheduled job must call a person. */
  {
    g_autoptr(JsonObject) bad = json_object_new ();

    json_object_set_int_member (bad, "amount_fen", -5);
    g_assert_true (ud_database_begin (f->test_db->db, NULL));
    g_assert_true (ud_outbox_append (f->test_db->db, "payout", 1, "bad-payout", 1, "upsert", bad,
                                     NULL));
    g_assert_true (ud_database_commit (f->test_db->db, NULL));
  }
  rejected = run_cli (NULL, "--db", db, "sync", "--token-file", f->token_file, NULL);
  g_assert_cmpint (rejected->status, ==, 3);
  problems = run_cli (NULL, "--db", db, "sync", "status", "--problems", NULL);
  g_assert_nonnull (strstr (problems->out, "bad-payout"));
  g_assert_nonnull (strstr (problems->out, "amount_fen"));

  /* Another sync holds the lock: retry later. */
  {
    g_autoptr(UdSyncLock) lock = ud_sync_lock_acquire (db, NULL);

    g_assert_nonnull (lock);
    busy = run_cli (NULL, "--db", db, "sync", "--token-file", f->token_file, NULL);
    g_assert_cmpint (busy->status, ==, 4);
  }

  /* No server: retry later, and the status says since when it fails. */
  g_clear_pointer (&f->server, ud_sync_test_server_stop);
  unreachable = run_cli (NULL, "--db", db, "sync", "--token-file", f->token_file,
                         "--max-failures", "2", NULL);
  g_assert_cmpint (unreachable->status, ==, 4);
  {
    g_autoptr(CliRun) failing = run_cli (NULL, "--db", db, "sync", "status", NULL);
    g_assert_nonnull (strstr (failing->out, "Failing since"));
  }
}

/* sync setup: the administrator only, and the address checked. */
static void
test_setup (Fixture       *f,
            gconstpointer  data)
{
  const char *db = f->test_db->path;
  g_autoptr(CliRun) bad = NULL;
  g_autoptr(CliRun) good = NULL;
  g_autoptr(UdSyncSettings) settings = NULL;

  if (f->server == NULL)
    return;
  bad = run_cli ("test-password-1\n", "--db", db, "--user", "admin", "sync", "setup", "--url",
                 "http://sync.city-union.example/api/", NULL);
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_nonnull (strstr (bad->err, "https://"));
  good = run_cli ("test-password-1\n", "--db", db, "--user", "admin", "sync", "setup", "--url",
                  f->server->url, "--interval", "30", "--office-id", "office-1", NULL);
  g_assert_cmpint (good->status, ==, 0);
  settings = ud_sync_settings_load (f->test_db->db);
  g_assert_cmpstr (settings->url, ==, f->server->url);
  g_assert_cmpuint (settings->interval_minutes, ==, 30);
  g_assert_cmpstr (settings->office_id, ==, "office-1");
}

/* export-bundle, upload-bundle (writes FILE.ack), import-acks; a modified bundle is refused with
 * a clear message and "needs a person". */
static void
test_bundle (Fixture       *f,
             gconstpointer  data)
{
  const char *db = f->test_db->path;
  UdSyncSettings settings = { .office_id = (char *) "office-1" };
  g_autofree char *bundle = g_build_filename (f->test_db->dir, "out.udbundle", NULL);
  g_autofree char *ack = g_strconcat (bundle, ".ack", NULL);
  g_autofree char *bad_bundle = g_build_filename (f->test_db->dir, "bad.udbundle", NULL);
  g_autoptr(CliRun) exported = NULL;
  g_autoptr(CliRun) uploaded = NULL;
  g_autoptr(CliRun) imported = NULL;
  g_autoptr(CliRun) tampered = NULL;
  g_autofree char *packed = NULL;
  gsize length;

  if (f->server == NULL)
    return;
  g_assert_true (ud_sync_settings_save (f->test_db->db, NULL, &settings, NULL));
  exported = run_cli (NULL, "--db", db, "sync", "export-bundle", bundle, NULL);
  g_assert_cmpint (exported->status, ==, 0);
  g_assert_true (g_file_test (bundle, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (ud_outbox_count_pending (f->test_db->db), >=, 40);

  /* Modified on the way: refused. */
  g_assert_true (g_file_get_contents (bundle, &packed, &length, NULL));
  {
    g_autoptr(GBytes) json = ud_sync_gunzip (packed, length, NULL);
    g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (json, NULL),
                                                (gssize) g_bytes_get_size (json));
    g_autoptr(GBytes) again = NULL;

    g_assert_cmpuint (g_string_replace (text, "测试会员", "别的名字", 1), ==, 1);
    again = ud_sync_gzip (text->str, text->len);
    g_assert_true (g_file_set_contents (bad_bundle, g_bytes_get_data (again, NULL),
                                        (gssize) g_bytes_get_size (again), NULL));
  }
  tampered = run_cli (NULL, "sync", "upload-bundle", bad_bundle, "--url", f->server->url,
                      "--token-file", f->token_file, NULL);
  g_assert_cmpint (tampered->status, ==, 3);
  g_assert_nonnull (strstr (tampered->err, "modified"));

  uploaded = run_cli (NULL, "sync", "upload-bundle", bundle, "--url", f->server->url,
                      "--token-file", f->token_file, NULL);
  g_assert_cmpint (uploaded->status, ==, 0);
  g_assert_true (g_file_test (ack, G_FILE_TEST_IS_REGULAR));

  imported = run_cli (NULL, "--db", db, "sync", "import-acks", ack, NULL);
  g_assert_cmpint (imported->status, ==, 0);
  g_assert_cmpint (ud_outbox_count_pending (f->test_db->db), ==, 0);
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "max_times_stored"), ==, 1);
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
  g_test_add ("/sync/cli/exit-statuses", Fixture, NULL, fixture_set_up, test_exit_statuses,
              fixture_tear_down);
  g_test_add ("/sync/cli/setup", Fixture, NULL, fixture_set_up, test_setup, fixture_tear_down);
  g_test_add ("/sync/cli/bundle", Fixture, NULL, fixture_set_up, test_bundle, fixture_tear_down);
  return g_test_run ();
}
