/* tests/test-sync-client.c — the sync client end to end against the reference city server:
 * the protocol's client guarantees, status handling, hello, policy, cancellation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ud-error.h"
#include "ud-outbox.h"
#include "ud-policy.h"
#include "ud-sync-client.h"
#include "ud-sync-error.h"
#include "ud-sync-store.h"
#include "ud-sync-test-server.h"
#include "ud-test-util.h"

typedef struct
{
  UdTestDb         *test_db;
  UdDatabase       *db;
  UdSyncTestServer *server;
  GHashTable       *expected;
  UdSyncOptions     options;
} Fixture;

static void
fixture_start (Fixture            *f,
               const char *const  *server_args)
{
  f->test_db = ud_test_db_new ();
  f->db = f->test_db->db;
  f->expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ud_sync_options_init (&f->options);
  f->options.fetch_policy = FALSE;
  f->server = ud_sync_test_server_start (server_args);
  if (f->server != NULL)
    ud_sync_test_configure (f->db, f->server);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_start (f, data);
}

/* For tests whose data is not the server's arguments. */
static void
fixture_set_up_plain (Fixture       *f,
                      gconstpointer  data)
{
  fixture_start (f, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ud_sync_test_server_stop (f->server);
  g_hash_table_unref (f->expected);
  ud_test_db_free (f->test_db);
}

static gint64
count (UdDatabase *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The records the database had before the test's own: the admin's audit entries. They are
 * expected on the server too. */
static void
expect_existing (Fixture *f)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (f->db),
                                       "SELECT entity, uuid, max (version) FROM outbox "
                                       "GROUP BY entity, uuid", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (f->expected,
                         g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 0),
                                          sqlite3_column_text (stmt, 1)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 2)));
  sqlite3_finalize (stmt);
}

static gboolean
run (Fixture       *f,
     UdSyncReport  *report,
     GError       **error)
{
  return ud_sync_run (f->db, "test-token", &f->options, report, NULL, NULL, NULL, error);
}

static void
assert_all_sent (Fixture *f)
{
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM sync_batch"), ==, 0);
  ud_sync_test_assert_server_has (f->server, f->expected);
}

/* Everything reaches the server once; the queue ends empty; status says up to date. */
static void
test_basic (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncStatus) status = NULL;
  g_autofree char *text = NULL;
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 2600, 0, f->expected);
  g_assert_true (run (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_acknowledged, ==, g_hash_table_size (f->expected));
  g_assert_cmpuint (report.n_batches, ==, 3);
  g_assert_cmpstr (report.office_id, ==, "office-1");
  g_assert_cmpstr (report.office_name, ==, "Office one");
  g_assert_false (report.clock_warning);
  g_assert_cmpint (ABS (report.clock_offset_ms), <, 5000);
  ud_sync_report_clear (&report);
  assert_all_sent (f);

  status = ud_sync_status_get (f->db, &error);
  g_assert_cmpint (status->state, ==, UD_SYNC_STATE_UP_TO_DATE);
  g_assert_true (status->has_clock_offset);
  g_assert_nonnull (status->last_success_at);
  text = ud_sync_status_describe (status);
  g_assert_cmpstr (text, ==, "Up to date");

  /* The office id was learned from hello. */
  {
    g_autoptr(UdSyncSettings) settings = ud_sync_settings_load (f->db);
    g_assert_cmpstr (settings->office_id, ==, "office-1");
  }
}

/* hello: limits adopted (the server's 7 records), never above the client's own. */
static const char *const small_batches[] = { "--max-batch-records", "7", NULL };

static void
test_hello_limits (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncStatus) status = NULL;
  UdSyncReport report = { 0 };
  gint64 n;

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 30, 0, f->expected);
  n = count (f->db, "SELECT count(*) FROM outbox");
  g_assert_true (run (f, &report, &error));
  g_assert_cmpuint (report.n_batches, ==, (n + 6) / 7);
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "batches"), ==, (n + 6) / 7);
  ud_sync_report_clear (&report);
  status = ud_sync_status_get (f->db, &error);
  g_assert_cmpuint (status->max_records, ==, 7);
  assert_all_sent (f);
}

static const char *const big_limits[] = { "--max-batch-records", "5000", "--max-batch-bytes",
                                          "99999999", "--max-body-bytes", "99999999", NULL };

static void
test_hello_limits_capped (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncStatus) status = NULL;
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 1500, 0, f->expected);
  g_assert_true (run (f, &report, &error));
  ud_sync_report_clear (&report);
  status = ud_sync_status_get (f->db, &error);
  g_assert_cmpuint (status->max_records, ==, UD_SYNC_MAX_BATCH_RECORDS);
  g_assert_cmpuint (status->max_bytes, ==, UD_SYNC_MAX_BATCH_BYTES);
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "batches"), ==, 2);
  assert_all_sent (f);
}

/* A lost response: the server stored the batch but the answer never came. The client asks
 * GET v1/batches/{id} before resending and takes the stored results: stored once. */
static void
test_lost_response (Fixture       *f,
                    gconstpointer  data)
{
  const char *kind = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *queue = g_strdup_printf ("[\"none\", \"%s\"]", kind);
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 50, 0, f->expected);
  /* hello passes, the batch's first POST fails. */
  ud_sync_test_server_faults (f->server, queue, NULL);
  g_assert_true (run (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_retries, >=, 1);
  ud_sync_report_clear (&report);
  assert_all_sent (f);
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "faults_injected"), ==, 1);
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "duplicate"), ==, 0);
  /* Asked, not resent blindly: the server never saw the same batch posted twice. */
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "batch_replays"), ==, 0);
}

/* 429 and 503 with Retry-After: the client waits that long (here at scale 1: 1 s). */
static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  const char *kind = data;
  gboolean as_date = g_str_has_suffix (kind, "-date");
  g_autofree char *fault = g_strndup (kind, 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *queue = g_strdup_printf ("[\"none\", \"%s\"]", fault);
  g_autofree char *retry_after = NULL;
  UdSyncReport report = { 0 };
  gint64 start;

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 10, 0, f->expected);
  if (as_date)
    {
      /* An HTTP date 2 s ahead (whole seconds: at least 1 s from now). */
      g_autoptr(GDateTime) later = g_date_time_new_from_unix_utc (g_get_real_time ()
                                                                  / G_USEC_PER_SEC + 2);
      g_autofree char *date = g_date_time_format (later, "%a, %d %b %Y %H:%M:%S GMT");

      retry_after = g_strdup_printf (", \"retry_after\": \"%s\"", date);
    }
  else
    retry_after = g_strdup (", \"retry_after\": \"1\"");
  ud_sync_test_server_faults (f->server, queue, retry_after);
  f->options.backoff_scale = 1.0;
  start = g_get_monotonic_time ();
  g_assert_true (run (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1000 * 1000);
  g_assert_cmpuint (report.n_retries, ==, 1);
  ud_sync_report_clear (&report);
  assert_all_sent (f);
}

/* 401: stop, keep everything, say the token is refused. */
static void
test_token_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(UdSyncStatus) status = NULL;
  UdSyncReport report = { 0 };
  gint64 rows;

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 20, 0, f->expected);
  rows = count (f->db, "SELECT count(*) FROM outbox");

  /* A wrong token: hello answers 401. */
  g_assert_false (ud_sync_run (f->db, "wrong-token", &f->options, &report, NULL, NULL, NULL,
                               &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN);
  ud_sync_report_clear (&report);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, rows);
  status = ud_sync_status_get (f->db, NULL);
  g_assert_cmpint (status->state, ==, UD_SYNC_STATE_FAILING);
  g_assert_cmpint (status->last_outcome, ==, UD_SYNC_OUTCOME_TOKEN);
  g_assert_nonnull (strstr (status->last_message, "token"));

  /* A 401 on the batch itself: the same. */
  ud_sync_test_server_faults (f->server, "[\"none\", \"401\"]", NULL);
  g_assert_false (run (f, &report, &error2));
  g_assert_error (error2, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN);
  ud_sync_report_clear (&report);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, rows);
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "records"), ==, 0);

  /* With the right token, everything goes. */
  g_assert_true (run (f, &report, NULL));
  ud_sync_report_clear (&report);
  assert_all_sent (f);
}

/* A token of another office than the one this database belongs to. */
static void
test_other_office (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  ud_sync_test_fill_outbox (f->db, 3, 0, f->expected);
  g_assert_true (run (f, &report, &error));
  ud_sync_report_clear (&report);
  ud_sync_test_fill_outbox (f->db, 3, 3, f->expected);
  g_assert_false (ud_sync_run (f->db, "other-token", &f->options, &report, NULL, NULL, NULL,
                               &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_OFFICE);
  ud_sync_report_clear (&report);
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, 3);
}

/* 413: split in halves with new ids, down to one record; everything stored once. */
static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 40, 0, f->expected);
  ud_sync_test_server_faults (f->server, "[\"none\", \"413\", \"413\", \"413\"]", NULL);
  g_assert_true (run (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_batches, >=, 4);
  g_assert_cmpuint (report.n_too_large, ==, 0);
  ud_sync_report_clear (&report);
  assert_all_sent (f);
}

/* A single record over the server's body limit is reported (rejected "too_large"); the rest
 * goes. */
static const char *const tiny_body[] = { "--max-body-bytes", "3000", NULL };

static void
test_single_too_large (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) huge = json_object_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) problems = NULL;
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  for (guint i = 0; i < 400; i++)
    g_string_append_printf (text, "%08x", g_random_int ());
  json_object_set_string_member (huge, "note", text->str);
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 4, 0, f->expected);
  g_assert_true (ud_database_begin (f->db, &error));
  g_assert_true (ud_outbox_append (f->db, "org", 1, "big-record", 1, "upsert", huge, &error));
  g_assert_true (ud_database_commit (f->db, &error));
  ud_sync_test_fill_outbox (f->db, 4, 4, f->expected);

  g_assert_true (run (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_too_large, ==, 1);
  ud_sync_report_clear (&report);
  problems = ud_sync_store_list_problems (f->db, &error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((UdSyncProblem *) g_ptr_array_index (problems, 0))->uuid, ==, "big-record");
  g_assert_cmpstr (((UdSyncProblem *) g_ptr_array_index (problems, 0))->code, ==, "too_large");
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, 0);
  ud_sync_test_assert_server_has (f->server, f->expected);
}

/* Replies that are not for this batch, or cannot be read, change nothing and are retried. */
static void
test_bad_replies (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 25, 0, f->expected);
  f->options.backoff_scale = 0.001;
  {
    UdSyncReport first = { 0 };
    /* A first batch so that "replay" has another batch's results to send. */
    g_assert_true (run (f, &first, &error));
    ud_sync_report_clear (&first);
  }
  ud_sync_test_fill_outbox (f->db, 25, 25, f->expected);
  ud_sync_test_server_faults (f->server,
                              "[\"none\", \"replay\", \"invalid_json\", \"truncated\","
                              " \"reset_mid_response\", \"500\", \"slow\"]",
                              ", \"slow_ms\": 300");
  g_assert_true (run (f, &report, &error));
  g_assert_no_error (error);
  /* Each fault costs an attempt, except that a stored answer that does not fit (the
   * invalid_json one) is followed by a POST in the same attempt, and "slow" only delays. */
  g_assert_cmpint (ud_sync_test_server_stat (f->server, "faults_injected"), ==, 6);
  g_assert_cmpuint (report.n_retries, >=, 4);
  ud_sync_report_clear (&report);
  assert_all_sent (f);
}

/* Guarantee 3: rejected and conflicting records stay with the server's message and field, do
 * not block the rows behind them, and a corrected version is sent again. */
static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bad_member = json_object_new ();
  g_autoptr(JsonObject) bad_payout = json_object_new ();
  g_autoptr(JsonObject) good_payout = json_object_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) after = NULL;
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  expect_existing (f);
  json_object_set_string_member (bad_member, "name", "错号");
  json_object_set_string_member (bad_member, "id_number", "110105194912310021");
  json_object_set_int_member (bad_payout, "amount_fen", 0);
  json_object_set_int_member (good_payout, "amount_fen", 5000);

  g_assert_true (ud_database_begin (f->db, &error));
  g_assert_true (ud_outbox_append (f->db, "member", 1, "bad-member", 1, "upsert", bad_member,
                                   &error));
  g_assert_true (ud_outbox_append (f->db, "payout", 1, "bad-payout", 1, "upsert", bad_payout,
                                   &error));
  g_assert_true (ud_database_commit (f->db, &error));
  ud_sync_test_fill_outbox (f->db, 20, 0, f->expected);

  g_assert_true (run (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_rejected, ==, 2);
  ud_sync_report_clear (&report);
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, 0);
  problems = ud_sync_store_list_problems (f->db, &error);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (((UdSyncProblem *) g_ptr_array_index (problems, 0))->field, ==, "id_number");
  g_assert_cmpstr (((UdSyncProblem *) g_ptr_array_index (problems, 1))->field, ==, "amount_fen");
  g_assert_nonnull (((UdSyncProblem *) g_ptr_array_index (problems, 1))->message);
  /* The rows behind them went. */
  ud_sync_test_assert_server_has (f->server, f->expected);

  /* The payout is corrected: a new version, sent, and the rejected row is settled. */
  g_assert_true (ud_database_begin (f->db, &error));
  g_assert_true (ud_outbox_append (f->db, "payout", 1, "bad-payout", 2, "upsert", good_payout,
                                   &error));
  g_assert_true (ud_database_commit (f->db, &error));
  g_assert_true (run (f, &report, &error));
  ud_sync_report_clear (&report);
  after = ud_sync_store_list_problems (f->db, &error);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((UdSyncProblem *) g_ptr_array_index (after, 0))->uuid, ==, "bad-member");
  g_hash_table_insert (f->expected, g_strdup ("payout bad-payout"), GINT_TO_POINTER (2));
  ud_sync_test_assert_server_has (f->server, f->expected);
}

/* 422 (same id, other content) and 400 (malformed): the batch stops, its records are kept, the
 * run reports a client fault; the other batches still go. */
static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(UdSyncStatus) status = NULL;
  g_autoptr(UdSyncBatch) batch = NULL;
  UdSyncReport report = { 0 };
  sqlite3_stmt *stmt = NULL;
  g_autofree char *changed = NULL;
  gint64 rows;

  if (f->server == NULL)
    return;
  ud_sync_test_fill_outbox (f->db, 5, 0, f->expected);
  g_assert_true (run (f, &report, &error));
  ud_sync_report_clear (&report);

  /* A batch is sent and answered, but (a client bug) the same id is frozen again with other
   * content: the server must say 422. */
  ud_sync_test_fill_outbox (f->db, 5, 5, f->expected);
  batch = ud_sync_store_next_batch (f->db, "office-1", 1000, UD_SYNC_MAX_BATCH_BYTES, &error);
  g_assert_true (run (f, &report, &error));
  ud_sync_report_clear (&report);
  ud_sync_test_fill_outbox (f->db, 5, 10, f->expected);
  {
    g_autoptr(UdSyncBatch) second = ud_sync_store_next_batch (f->db, "office-1", 1000,
                                                              UD_SYNC_MAX_BATCH_BYTES, &error);
    g_autoptr(GString) body = g_string_new (second->body);

    g_string_replace (body, second->batch_id, batch->batch_id, 0);
    changed = g_strdup (body->str);
    g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (f->db),
                                         "UPDATE sync_batch SET batch_id = ?2, body = ?3 "
                                         "WHERE batch_id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, second->batch_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, batch->batch_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, changed, -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_exec (ud_database_get_handle (f->db),
                                   "UPDATE outbox SET batch_id = (SELECT batch_id FROM sync_batch) "
                                   "WHERE batch_id IS NOT NULL AND state = 'pending'",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
  }
  rows = count (f->db, "SELECT count(*) FROM outbox");
  ud_sync_test_fill_outbox (f->db, 5, 15, f->expected);
  g_assert_false (run (f, &report, &error2));
  g_assert_error (error2, UD_SYNC_ERROR, UD_SYNC_ERROR_BATCH);
  g_assert_cmpuint (report.n_failed_batches, ==, 1);
  ud_sync_report_clear (&report);
  /* Its records are kept; the 5 behind it went. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, rows);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM sync_batch WHERE state = 'failed'"), ==, 1);
  status = ud_sync_status_get (f->db, NULL);
  g_assert_cmpint (status->n_stopped, ==, 5);
  g_assert_cmpint (status->state, ==, UD_SYNC_STATE_FAILING);
  g_assert_cmpint (status->last_outcome, ==, UD_SYNC_OUTCOME_BATCH);
}

/* 400 (the batch is malformed: here a frozen body claims another protocol): the batch stops, its
 * records are kept, the run reports a client fault; the batches behind it still go. */
static void
test_malformed_400 (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncBatch) batch = NULL;
  g_autoptr(UdSyncStatus) status = NULL;
  g_autoptr(GString) body = NULL;
  UdSyncReport report = { 0 };
  sqlite3_stmt *stmt = NULL;

  if (f->server == NULL)
    return;
  ud_sync_test_fill_outbox (f->db, 5, 0, f->expected);
  batch = ud_sync_store_next_batch (f->db, "office-1", 1000, UD_SYNC_MAX_BATCH_BYTES, &error);
  g_assert_no_error (error);
  body = g_string_new (batch->body);
  g_assert_cmpuint (g_string_replace (body, "\"protocol\":1", "\"protocol\":2", 1), ==, 1);
  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (f->db),
                                       "UPDATE sync_batch SET body = ?2 WHERE batch_id = ?1", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, batch->batch_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, body->str, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  ud_sync_test_fill_outbox (f->db, 5, 5, f->expected);

  g_assert_false (run (f, &report, &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_BATCH);
  g_assert_cmpuint (report.n_failed_batches, ==, 1);
  g_assert_cmpuint (report.n_acknowledged, ==, 5);
  ud_sync_report_clear (&report);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM sync_batch WHERE state = 'failed'"), ==, 1);
  /* Its records are kept, all of them. */
  status = ud_sync_status_get (f->db, NULL);
  g_assert_cmpint (status->n_stopped, ==,
                   count (f->db, "SELECT count(*) FROM outbox WHERE batch_id = (SELECT batch_id"
                                 " FROM sync_batch WHERE state = 'failed')"));
  g_assert_cmpint (status->n_stopped, >=, 5);
  g_assert_cmpint (status->last_outcome, ==, UD_SYNC_OUTCOME_BATCH);
}

/* Guarantee 5: cancellation during a slow request returns promptly; nothing is lost. */
typedef struct
{
  GMainLoop    *loop;
  UdSyncReport *report;
  GError       *error;
  guint         n_progress;
  guint         last_done;
  guint         last_total;
  gboolean      in_main;
  GThread      *main_thread;
} AsyncRun;

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  AsyncRun *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpuint (done, >=, state->last_done);
  g_assert_cmpuint (done, <=, total);
  state->last_done = done;
  state->last_total = total;
  state->n_progress++;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncRun *state = user_data;

  state->report = ud_sync_run_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncRun state = { loop, NULL, NULL, 0, 0, 0, FALSE, g_thread_self () };
  g_autoptr(UdSyncStatus) status = NULL;
  gint64 rows, start;

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 30, 0, f->expected);
  rows = count (f->db, "SELECT count(*) FROM outbox");
  ud_sync_test_server_faults (f->server, "[\"none\", \"slow\"]", ", \"slow_ms\": 20000");
  ud_sync_run_async (ud_database_get_path (f->db), "test-token", &f->options, on_progress,
                     &state, cancellable, on_done, &state);
  g_timeout_add (300, cancel_now, cancellable);
  start = g_get_monotonic_time ();
  g_main_loop_run (loop);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_null (state.report);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, rows);
  status = ud_sync_status_get (f->db, NULL);
  g_assert_cmpint (status->last_outcome, ==, UD_SYNC_OUTCOME_CANCELLED);

  /* Again, to the end, with progress on this thread up to the total. */
  {
    g_autoptr(GCancellable) fresh = g_cancellable_new ();

    ud_sync_run_async (ud_database_get_path (f->db), "test-token", &f->options, on_progress,
                       &state, fresh, on_done, &state);
    g_main_loop_run (loop);
  }
  g_assert_no_error (state.error);
  g_assert_nonnull (state.report);
  g_assert_cmpuint (state.n_progress, >=, 2);
  g_assert_cmpuint (state.last_done, ==, state.last_total);
  g_assert_cmpuint (state.last_total, ==, (guint) rows);
  ud_sync_report_free (state.report);
  assert_all_sent (f);
}

/* Guarantee 2: one sync at a time per installation, and no transaction is open while a request
 * is on the network: another connection can write meanwhile. */
static const char *const slow_server[] = { "--processing-delay-ms", "700", NULL };

static void
test_no_transaction_during_io (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncRun state = { loop, NULL, NULL, 0, 0, 0, FALSE, g_thread_self () };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncLock) lock = NULL;
  g_autoptr(UdDatabase) other = NULL;
  UdSyncReport report = { 0 };
  gint64 start;

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 10, 0, f->expected);

  /* Another run holds the lock: this one does not send. */
  lock = ud_sync_lock_acquire (ud_database_get_path (f->db), &error);
  g_assert_nonnull (lock);
  g_assert_false (run (f, &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  ud_sync_report_clear (&report);
  g_clear_pointer (&lock, ud_sync_lock_release);

  ud_sync_run_async (ud_database_get_path (f->db), "test-token", &f->options, NULL, NULL, NULL,
                     on_done, &state);
  /* While the batch is being processed on the server, write from another connection. */
  g_usleep (350 * 1000);
  other = ud_database_open_worker (ud_database_get_path (f->db), &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  ud_sync_test_fill_outbox (other, 5, 100, f->expected);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 300 * 1000);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  ud_sync_report_free (state.report);

  /* The rows written meanwhile go with the next run. */
  g_assert_true (run (f, &report, &error));
  ud_sync_report_clear (&report);
  assert_all_sent (f);
}

/* GET v1/policy: city values stored as policy versions (source "city"); the etag makes the next
 * fetch a 304. */
static void
test_policy (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(UdPolicyValue) dibao = NULL;
  UdSyncReport report = { 0 };
  GDate on;
  guint n_city = 0;

  if (f->server == NULL)
    return;
  f->options.fetch_policy = TRUE;
  g_assert_true (run (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_policy_values, ==, 3);
  ud_sync_report_clear (&report);

  values = ud_policy_list (f->db, NULL, &error);
  for (guint i = 0; i < values->len; i++)
    {
      UdPolicyValue *value = g_ptr_array_index (values, i);

      if (g_strcmp0 (value->source, "city") == 0)
        n_city++;
    }
  g_assert_cmpuint (n_city, ==, 3);
  g_date_set_dmy (&on, 1, 6, 2026);
  dibao = ud_policy_lookup (f->db, UD_POLICY_DIBAO_MONTHLY, "330102", &on, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dibao->value, ==, 106000);
  g_assert_cmpstr (dibao->source, ==, "city");

  /* Unchanged: 304, nothing stored again. */
  g_assert_true (run (f, &report, &error));
  g_assert_cmpuint (report.n_policy_values, ==, 0);
  ud_sync_report_clear (&report);
  /* The audit entries of the stored values went up too: the queue is empty. */
  g_assert_cmpint (ud_outbox_count_pending (f->db), ==, 0);
}

/* Not set up, a URL that is not allowed, no token. */
static void
test_configuration (Fixture       *f,
                    gconstpointer  data)
{
  UdSyncSettings settings = { .url = (char *) "" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  g_assert_false (ud_sync_run (f->db, "", &f->options, &report, NULL, NULL, NULL, &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN);
  ud_sync_report_clear (&report);

  g_assert_true (ud_sync_settings_save (f->db, NULL, &settings, &error2));
  g_assert_false (run (f, &report, &error2));
  g_assert_error (error2, UD_SYNC_ERROR, UD_SYNC_ERROR_NOT_CONFIGURED);
  ud_sync_report_clear (&report);

  /* Plain http to another host is refused before any byte is sent. */
  g_assert_true (ud_database_set_meta (f->db, "sync.url", "http://192.0.2.1/api/", NULL));
  g_assert_false (run (f, &report, &error3));
  g_assert_error (error3, UD_ERROR, UD_ERROR_INVALID_FIELD);
  ud_sync_report_clear (&report);
}

/* Nothing listening: a network failure, retried a few times, then "retry later". */
static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncStatus) status = NULL;
  UdSyncReport report = { 0 };
  g_autofree char *url = NULL;

  if (f->server == NULL)
    return;
  url = g_strdup (f->server->url);
  g_clear_pointer (&f->server, ud_sync_test_server_stop);
  ud_sync_test_fill_outbox (f->db, 3, 0, f->expected);
  f->options.max_failures = 3;
  g_assert_false (run (f, &report, &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_SERVER);
  ud_sync_report_clear (&report);
  status = ud_sync_status_get (f->db, NULL);
  g_assert_cmpint (status->state, ==, UD_SYNC_STATE_FAILING);
  g_assert_cmpint (status->last_outcome, ==, UD_SYNC_OUTCOME_NETWORK);
  g_assert_cmpint (ud_outbox_count_pending (f->db), >, 3);
  /* a server for the tear-down */
  f->server = ud_sync_test_server_start (NULL);
}

/* A request that times out while the server is still processing it: the client asks, gets 409
 * (or 404) while the first request is in progress, waits, and takes the stored answer. Stored
 * once. */
static const char *const very_slow_server[] = { "--processing-delay-ms", "2500", NULL };

static void
test_timeout_in_progress (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  UdSyncReport report = { 0 };

  if (f->server == NULL)
    return;
  expect_existing (f);
  ud_sync_test_fill_outbox (f->db, 30, 0, f->expected);
  f->options.timeout_s = 1;
  f->options.backoff_scale = 0.2;
  f->options.max_failures = 20;
  g_assert_true (run (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_retries, >=, 1);
  ud_sync_report_clear (&report);
  assert_all_sent (f);
}

/* TLS: verification is always on. A server with a certificate of a private CA is refused until
 * the CA file is set; then everything goes. */
static void
test_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ud-tls-XXXXXX", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  const char *openssl_argv[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2", NULL
  };
  const char *server_args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  g_autoptr(UdSyncTestServer) server = NULL;
  g_autoptr(UdTestDb) t = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  UdSyncSettings settings = { 0 };
  UdSyncReport report = { 0 };
  UdSyncOptions options;
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) openssl_argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &wait_status, NULL)
      || !g_spawn_check_wait_status (wait_status, NULL))
    {
      g_test_skip ("openssl cannot make a test certificate");
      ud_test_rm_rf (dir);
      return;
    }
  server = ud_sync_test_server_start (server_args);
  if (server == NULL)
    {
      ud_test_rm_rf (dir);
      return;
    }
  g_assert_true (g_str_has_prefix (server->url, "https://"));
  server->ca_file = cert;
  t = ud_test_db_new ();
  ud_sync_test_fill_outbox (t->db, 20, 0, expected);
  ud_sync_options_init (&options);
  options.fetch_policy = FALSE;
  options.max_failures = 2;

  settings.url = server->url;
  g_assert_true (ud_sync_settings_save (t->db, NULL, &settings, &error));
  g_assert_false (ud_sync_run (t->db, "test-token", &options, &report, NULL, NULL, NULL, &error));
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_SERVER);
  g_clear_error (&error);
  ud_sync_report_clear (&report);
  g_assert_cmpint (ud_sync_test_server_stat (server, "records"), ==, 0);

  settings.ca_file = cert;
  g_assert_true (ud_sync_settings_save (t->db, NULL, &settings, &error));
  g_assert_true (ud_sync_run (t->db, "test-token", &options, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  ud_sync_report_clear (&report);
  g_assert_cmpint (ud_outbox_count_pending (t->db), ==, 0);
  ud_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/e2e/basic", NULL, test_basic);
  ADD ("/sync/e2e/hello/limits", small_batches, test_hello_limits);
  ADD ("/sync/e2e/hello/limits-capped", big_limits, test_hello_limits_capped);
  g_test_add ("/sync/e2e/lost/close-after-commit", Fixture, "close_after_commit",
              fixture_set_up_plain, test_lost_response, fixture_tear_down);
  g_test_add ("/sync/e2e/lost/close-before-commit", Fixture, "close_before_commit",
              fixture_set_up_plain, test_lost_response, fixture_tear_down);
  g_test_add ("/sync/e2e/lost/reset-mid-response", Fixture, "reset_mid_response",
              fixture_set_up_plain, test_lost_response, fixture_tear_down);
  g_test_add ("/sync/e2e/retry-after/429", Fixture, "429", fixture_set_up_plain, test_retry_after,
              fixture_tear_down);
  g_test_add ("/sync/e2e/retry-after/503", Fixture, "503", fixture_set_up_plain, test_retry_after,
              fixture_tear_down);
  g_test_add ("/sync/e2e/retry-after/429-http-date", Fixture, "429-date", fixture_set_up_plain,
              test_retry_after, fixture_tear_down);
  ADD ("/sync/e2e/token-refused", NULL, test_token_refused);
  ADD ("/sync/e2e/other-office", NULL, test_other_office);
  ADD ("/sync/e2e/413/split", NULL, test_too_large);
  ADD ("/sync/e2e/413/single-record", tiny_body, test_single_too_large);
  ADD ("/sync/e2e/bad-replies", NULL, test_bad_replies);
  ADD ("/sync/e2e/guarantee3/rejected-stay-and-do-not-block", NULL, test_rejected);
  ADD ("/sync/e2e/malformed-422", NULL, test_malformed);
  ADD ("/sync/e2e/malformed-400", NULL, test_malformed_400);
  ADD ("/sync/e2e/guarantee5/cancel-and-progress", NULL, test_cancel);
  ADD ("/sync/e2e/guarantee2/no-transaction-during-io", slow_server,
       test_no_transaction_during_io);
  ADD ("/sync/e2e/policy", NULL, test_policy);
  ADD ("/sync/e2e/configuration", NULL, test_configuration);
  ADD ("/sync/e2e/unreachable", NULL, test_unreachable);
  g_test_add_func ("/sync/e2e/tls-verification-and-ca-file", test_tls);
  ADD ("/sync/e2e/timeout-while-processing", very_slow_server, test_timeout_in_progress);
  return g_test_run ();
}
