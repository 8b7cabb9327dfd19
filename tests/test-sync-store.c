/* tests/test-sync-store.c — the sync client without a server: batch assembly and freezing,
 * result checking and application, 413 splitting, backoff, Retry-After, URL rules, gzip, status
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ud-error.h"
#include "ud-json.h"
#include "ud-member-store.h"
#include "ud-outbox.h"
#include "ud-sync-backoff.h"
#include "ud-sync-http.h"
#include "ud-sync-store.h"
#include "ud-sync-test-server.h"
#include "ud-test-util.h"

typedef struct
{
  UdTestDb   *test_db;
  UdDatabase *db;
  GHashTable *expected;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->test_db = ud_test_db_new ();
  f->db = f->test_db->db;
  f->expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
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

static char *
query_text (UdDatabase *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Guarantee 1: a change and its outbox row are one transaction. */
static void
test_change_and_outbox_together (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *id = ud_test_make_id ("330102", "19850505", 11);
  g_autoptr(UdMember) member = ud_test_member_new (f->db, "王芳", id);
  g_autoptr(UdMember) again = ud_test_member_new (f->db, "王芳", id);
  g_autoptr(GError) error = NULL;
  gint64 members = count (f->db, "SELECT count(*) FROM member");
  gint64 rows = count (f->db, "SELECT count(*) FROM outbox");
  g_autofree char *sync_mode = query_text (f->db, "PRAGMA synchronous");

  /* synchronous=FULL (2): a committed transaction survives a power cut in WAL mode. */
  g_assert_cmpstr (sync_mode, ==, "2");

  /* Rolled back: neither the member nor its outbox rows. */
  g_assert_true (ud_database_begin (f->db, &error));
  g_assert_true (ud_member_store_insert (f->db, ud_test_admin (f->db), member, &error));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), >, rows);
  ud_database_rollback (f->db);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM member"), ==, members);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, rows);

  /* Committed: both. */
  g_assert_true (ud_member_store_insert (f->db, ud_test_admin (f->db), again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM member"), ==, members + 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE entity = 'member'"), >=, 1);
}

/* Guarantee 2: a batch gets its id and frozen body in the database before anything is sent; the
 * body is canonical JSON with the records in seq order. */
static void
test_freeze (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncBatch) batch = NULL;
  g_autoptr(UdSyncBatch) same = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *again = NULL;
  g_autoptr(GArray) seqs = NULL;
  JsonObject *body;
  JsonArray *records;
  gint64 before = count (f->db, "SELECT count(*) FROM outbox WHERE batch_id IS NULL");

  ud_sync_test_fill_outbox (f->db, 30, 0, f->expected);
  batch = ud_sync_store_next_batch (f->db, "office-1", 7, UD_SYNC_MAX_BATCH_BYTES, &error);
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_cmpstr (batch->state, ==, "open");
  g_assert_cmpuint (batch->n_records, ==, 7);
  g_assert_false (ud_database_in_transaction (f->db));

  /* In the database: the rows point at the batch, the body is stored. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE batch_id IS NOT NULL"), ==, 7);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM sync_batch"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE batch_id IS NULL"), ==,
                   before + 30 - 7);

  /* Canonical: parsing and writing again gives the same text. */
  json_parser_load_from_data (parser, batch->body, -1, &error);
  g_assert_no_error (error);
  again = ud_json_node_to_string (json_parser_get_root (parser));
  g_assert_cmpstr (again, ==, batch->body);

  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (body, "protocol"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (body, "batch_id"), ==, batch->batch_id);
  g_assert_cmpstr (json_object_get_string_member (body, "office_id"), ==, "office-1");
  g_assert_cmpstr (json_object_get_string_member (body, "device_id"), ==,
                   ud_database_get_device_id (f->db));
  records = json_object_get_array_member (body, "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 7);
  seqs = ud_sync_batch_dup_seqs (f->db, batch->batch_id, &error);
  for (guint i = 0; i < 7; i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      g_assert_cmpint (json_object_get_int_member (record, "seq"), ==,
                       g_array_index (seqs, gint64, i));
      g_assert_true (json_object_has_member (record, "data"));
      g_assert_true (json_object_has_member (record, "schema"));
      if (i > 0)
        g_assert_cmpint (g_array_index (seqs, gint64, i), >, g_array_index (seqs, gint64, i - 1));
    }
  g_assert_cmpint (json_object_get_int_member (body, "first_seq"), ==,
                   g_array_index (seqs, gint64, 0));
  g_assert_cmpint (json_object_get_int_member (body, "last_seq"), ==,
                   g_array_index (seqs, gint64, 6));

  /* One batch in flight: until it is answered, the same batch comes back. */
  same = ud_sync_store_next_batch (f->db, "office-1", 7, UD_SYNC_MAX_BATCH_BYTES, &error);
  g_assert_cmpstr (same->batch_id, ==, batch->batch_id);
  g_assert_cmpstr (same->body, ==, batch->body);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM sync_batch"), ==, 1);
}

/* The byte limit: a batch stays under it; a single record over it goes alone. */
static void
test_freeze_bytes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  guint total = 0;

  ud_sync_test_fill_outbox (f->db, 40, 0, f->expected);
  batches = ud_sync_store_freeze_all (f->db, "office-1", 1000, 2000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, >, 4);
  for (guint i = 0; i < batches->len; i++)
    {
      UdSyncBatch *batch = g_ptr_array_index (batches, i);

      if (batch->n_records > 1)
        g_assert_cmpuint (strlen (batch->body), <=, 2000);
      total += batch->n_records;
      if (i > 0)
        g_assert_cmpint (batch->first_seq, >,
                         ((UdSyncBatch *) g_ptr_array_index (batches, i - 1))->last_seq);
    }
  g_assert_cmpuint (total, ==, count (f->db, "SELECT count(*) FROM outbox"));
}

/* Guarantee 2: after a restart the unfinished batch is resent with the same id and body. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncBatch) batch = NULL;
  g_autoptr(UdSyncBatch) after = NULL;
  g_autoptr(UdDatabase) reopened = NULL;

  ud_sync_test_fill_outbox (f->db, 20, 0, f->expected);
  batch = ud_sync_store_next_batch (f->db, "office-1", 10, UD_SYNC_MAX_BATCH_BYTES, &error);
  g_assert_true (ud_sync_store_note_failure (f->db, batch->batch_id, TRUE, "reset", &error));
  g_clear_object (&f->test_db->db);
  f->db = NULL;

  reopened = ud_database_open (f->test_db->path, &error);
  g_assert_no_error (error);
  after = ud_sync_store_next_batch (reopened, "office-1", 10, UD_SYNC_MAX_BATCH_BYTES, &error);
  g_assert_nonnull (after);
  g_assert_cmpstr (after->batch_id, ==, batch->batch_id);
  g_assert_cmpstr (after->body, ==, batch->body);
  g_assert_true (after->maybe_received);
  g_assert_cmpuint (after->attempts, ==, 1);
  f->test_db->db = g_steal_pointer (&reopened);
  f->db = f->test_db->db;
}

/* Guarantee 2: a row in a batch is never changed; a later edit is a new row. A pending row not
 * yet in a batch is replaced by the newer version. */
static void
test_frozen_row_unchanged (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncBatch) batch = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *payload_after = NULL;
  gint64 rows;

  ud_sync_test_fill_outbox (f->db, 5, 0, f->expected);
  rows = count (f->db, "SELECT count(*) FROM outbox");
  /* Edits before freezing replace the pending rows. */
  ud_sync_test_edit_some (f->db, f->expected, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, rows);

  batch = ud_sync_store_next_batch (f->db, "office-1", 1000, UD_SYNC_MAX_BATCH_BYTES, &error);
  payload = query_text (f->db, "SELECT group_concat (payload || version, '|') FROM outbox "
                               "WHERE batch_id IS NOT NULL ORDER BY seq");
  ud_sync_test_edit_some (f->db, f->expected, 1);
  payload_after = query_text (f->db, "SELECT group_concat (payload || version, '|') FROM outbox "
                                     "WHERE batch_id IS NOT NULL ORDER BY seq");
  g_assert_cmpstr (payload, ==, payload_after);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, rows + 5);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE batch_id IS NULL"), ==, 5);
}

static char *
reply_for (const char *batch_id,
           GArray     *seqs,
           const char *const *statuses)
{
  GString *reply = g_string_new ("{\"batch_id\":\"");

  g_string_append_printf (reply, "%s\",\"results\":[", batch_id);
  for (guint i = 0; i < seqs->len; i++)
    {
      g_string_append_printf (reply, "%s{\"seq\":%" G_GINT64_FORMAT ",\"status\":\"%s\"",
                              i ? "," : "", g_array_index (seqs, gint64, i), statuses[i]);
      if (strcmp (statuses[i], "rejected") == 0)
        g_string_append (reply, ",\"code\":\"invalid_field\",\"field\":\"amount_fen\","
                                "\"message\":\"amount must be positive\"");
      if (strcmp (statuses[i], "conflict") == 0)
        g_string_append (reply, ",\"code\":\"conflict\",\"message\":\"owned by another office\"");
      g_string_append_c (reply, '}');
    }
  g_string_append (reply, "]}");
  return g_string_free (reply, FALSE);
}

/* A reply counts only when its batch id is ours and its seqs are exactly the set sent. */
static void
test_parse_results (Fixture       *f,
                    gconstpointer  data)
{
  const char *const statuses[] = { "accepted", "duplicate", "stale", "conflict", "rejected" };
  const char *const bad_status[] = { "accepted", "duplicate", "stale", "conflict", "lost" };
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) fewer = NULL;
  g_autoptr(GArray) results = NULL;
  g_autofree char *good = NULL;
  g_autoptr(GError) error = NULL;
  struct
  {
    const char *reply;
  } bad[] = {
    { "" }, { "[]" }, { "{\"batch_id\":\"b1\"" }, { "{\"batch_id\":\"b2\",\"results\":[]}" },
    { "{\"batch_id\":\"b1\"}" }, { "{\"batch_id\":\"b1\",\"results\":{}}" },
    { "{\"batch_id\":\"b1\",\"results\":[{\"seq\":1,\"status\":\"accepted\"},"
      "{\"seq\":2,\"status\":\"accepted\"},{\"seq\":3,\"status\":\"accepted\"},"
      "{\"seq\":4,\"status\":\"accepted\"},{\"seq\":4,\"status\":\"accepted\"}]}" },
    { "{\"batch_id\":\"b1\",\"results\":[{\"seq\":1,\"status\":\"accepted\"},"
      "{\"seq\":2,\"status\":\"accepted\"},{\"seq\":3,\"status\":\"accepted\"},"
      "{\"seq\":4,\"status\":\"accepted\"},{\"seq\":6,\"status\":\"accepted\"}]}" },
    { "{\"batch_id\":\"b1\",\"results\":[{\"seq\":\"1\",\"status\":\"accepted\"},"
      "{\"seq\":2,\"status\":\"accepted\"},{\"seq\":3,\"status\":\"accepted\"},"
      "{\"seq\":4,\"status\":\"accepted\"},{\"seq\":5,\"status\":\"accepted\"}]}" },
  };

  for (gint64 s = 1; s <= 5; s++)
    g_array_append_val (seqs, s);
  good = reply_for ("b1", seqs, statuses);
  results = ud_sync_parse_results (good, strlen (good), "b1", seqs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 5);
  g_assert_cmpint (g_array_index (results, UdSyncResult, 4).status, ==, UD_SYNC_RESULT_REJECTED);
  g_assert_cmpstr (g_array_index (results, UdSyncResult, 4).field, ==, "amount_fen");
  g_assert_cmpint (g_array_index (results, UdSyncResult, 3).status, ==, UD_SYNC_RESULT_CONFLICT);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GArray) none = ud_sync_parse_results (bad[i].reply, strlen (bad[i].reply), "b1",
                                                       seqs, &local_error);

      g_assert_null (none);
      g_assert_nonnull (local_error);
    }

  /* Another batch's id, an unknown status, a result missing. */
  {
    g_autofree char *other = reply_for ("b2", seqs, statuses);
    g_autofree char *unknown = reply_for ("b1", seqs, bad_status);
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(GError) e3 = NULL;

    g_assert_null (ud_sync_parse_results (other, strlen (other), "b1", seqs, &e1));
    g_assert_null (ud_sync_parse_results (unknown, strlen (unknown), "b1", seqs, &e2));
    fewer = g_array_copy (seqs);
    g_array_remove_index (fewer, 4);
    g_assert_null (ud_sync_parse_results (good, strlen (good), "b1", fewer, &e3));
    g_assert_nonnull (e1);
    g_assert_nonnull (e2);
    g_assert_nonnull (e3);
  }
}

/* Guarantee 3: rows leave on accepted, duplicate, stale; rejected and conflict stay with the
 * message and do not block the rows behind them. Applying twice changes nothing. */
static void
test_apply (Fixture       *f,
            gconstpointer  data)
{
  const char *const statuses[] = { "accepted", "duplicate", "stale", "conflict", "rejected" };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncBatch) batch = NULL;
  g_autoptr(UdSyncBatch) next = NULL;
  g_autoptr(GArray) seqs = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(UdSyncStatus) status = NULL;
  g_autofree char *reply = NULL;
  UdSyncTally tally;
  gint64 other = count (f->db, "SELECT count(*) FROM outbox");

  ud_sync_test_fill_outbox (f->db, 8, 0, f->expected);
  /* Only the test's rows: send the earlier ones (the admin's audit entries) away first. */
  if (other > 0)
    {
      g_autoptr(UdSyncBatch) first = ud_sync_store_next_batch (f->db, "office-1", (guint) other,
                                                                UD_SYNC_MAX_BATCH_BYTES, &error);
      g_autoptr(GArray) first_seqs = ud_sync_batch_dup_seqs (f->db, first->batch_id, &error);
      g_autoptr(GArray) first_results = NULL;
      g_autofree char *statuses_all = NULL;
      GString *all = g_string_new ("{\"batch_id\":\"");

      g_string_append_printf (all, "%s\",\"results\":[", first->batch_id);
      for (guint i = 0; i < first_seqs->len; i++)
        g_string_append_printf (all, "%s{\"seq\":%" G_GINT64_FORMAT ",\"status\":\"accepted\"}",
                                i ? "," : "", g_array_index (first_seqs, gint64, i));
      g_string_append (all, "]}");
      statuses_all = g_string_free (all, FALSE);
      first_results = ud_sync_parse_results (statuses_all, strlen (statuses_all),
                                             first->batch_id, first_seqs, &error);
      g_assert_no_error (error);
      g_assert_true (ud_sync_store_apply_results (f->db, first->batch_id, first_results, NULL,
                                                  &error));
    }

  batch = ud_sync_store_next_batch (f->db, "office-1", 5, UD_SYNC_MAX_BATCH_BYTES, &error);
  seqs = ud_sync_batch_dup_seqs (f->db, batch->batch_id, &error);
  reply = reply_for (batch->batch_id, seqs, statuses);
  results = ud_sync_parse_results (reply, strlen (reply), batch->batch_id, seqs, &error);
  g_assert_no_error (error);
  g_assert_true (ud_sync_store_apply_results (f->db, batch->batch_id, results, &tally, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tally.n_acknowledged, ==, 3);
  g_assert_cmpuint (tally.n_conflict, ==, 1);
  g_assert_cmpuint (tally.n_rejected, ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, 5);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM sync_batch"), ==, 0);

  /* Applying again (a replayed answer): nothing changes. */
  g_assert_true (ud_sync_store_apply_results (f->db, batch->batch_id, results, &tally, &error));
  g_assert_cmpuint (tally.n_acknowledged, ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, 5);

  problems = ud_sync_store_list_problems (f->db, &error);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (((UdSyncProblem *) g_ptr_array_index (problems, 0))->state, ==, "conflict");
  g_assert_cmpstr (((UdSyncProblem *) g_ptr_array_index (problems, 1))->field, ==, "amount_fen");
  g_assert_cmpstr (((UdSyncProblem *) g_ptr_array_index (problems, 1))->message, ==,
                   "amount must be positive");

  /* They do not block: the next batch has the 3 rows behind them. */
  next = ud_sync_store_next_batch (f->db, "office-1", 1000, UD_SYNC_MAX_BATCH_BYTES, &error);
  g_assert_nonnull (next);
  g_assert_cmpuint (next->n_records, ==, 3);
  status = ud_sync_status_get (f->db, &error);
  g_assert_cmpint (status->n_waiting, ==, 3);
  g_assert_cmpint (status->n_rejected, ==, 1);
  g_assert_cmpint (status->n_conflict, ==, 1);
}

/* 413: halves with new ids, down to one record; a single record is reported too large. */
static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *old_id = NULL;
  gboolean too_large = TRUE;
  gint64 rows;

  ud_sync_test_fill_outbox (f->db, 5, 0, f->expected);
  rows = count (f->db, "SELECT count(*) FROM outbox");
  {
    g_autoptr(UdSyncBatch) batch = ud_sync_store_next_batch (f->db, "office-1", 1000,
                                                             UD_SYNC_MAX_BATCH_BYTES, &error);
    old_id = g_strdup (batch->batch_id);
  }
  g_assert_true (ud_sync_store_split_batch (f->db, old_id, &too_large, &error));
  g_assert_no_error (error);
  g_assert_false (too_large);
  g_assert_null (ud_sync_store_get_batch (f->db, old_id, &error));

  batches = ud_sync_store_freeze_all (f->db, "office-1", 1000, UD_SYNC_MAX_BATCH_BYTES, &error);
  g_assert_cmpuint (batches->len, ==, 2);
  g_assert_cmpuint (((UdSyncBatch *) g_ptr_array_index (batches, 0))->n_records
                    + ((UdSyncBatch *) g_ptr_array_index (batches, 1))->n_records, ==, rows);
  for (guint i = 0; i < 2; i++)
    {
      UdSyncBatch *batch = g_ptr_array_index (batches, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_cmpstr (batch->batch_id, !=, old_id);
      g_assert_true (json_parser_load_from_data (parser, batch->body, -1, NULL));
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                         json_parser_get_root (parser)), "batch_id"), ==, batch->batch_id);
      g_hash_table_add (ids, g_strdup (batch->batch_id));
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, 2);

  /* Split down to one record; then it is too large. */
  while (TRUE)
    {
      g_autoptr(UdSyncBatch) batch = ud_sync_store_next_batch (f->db, "office-1", 1000,
                                                               UD_SYNC_MAX_BATCH_BYTES, &error);

      g_assert_nonnull (batch);
      g_assert_true (ud_sync_store_split_batch (f->db, batch->batch_id, &too_large, &error));
      if (too_large)
        break;
    }
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"
                                 " AND result_code = 'too_large'"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox"), ==, rows);
}

static void
test_backoff (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 max_seen[12] = { 0 };
  gint64 retry;

  for (guint attempt = 0; attempt < 12; attempt++)
    {
      gint64 ceiling = MIN ((gint64) 1000 << attempt, 300000);
      gboolean varied = FALSE;
      gint64 first = -1;

      for (guint i = 0; i < 400; i++)
        {
          gint64 d = ud_sync_backoff_delay_ms (attempt, UD_SYNC_BACKOFF_BASE_MS,
                                               UD_SYNC_BACKOFF_CAP_MS, rand);

          g_assert_cmpint (d, >=, 0);
          g_assert_cmpint (d, <=, ceiling);
          max_seen[attempt] = MAX (max_seen[attempt], d);
          if (first < 0)
            first = d;
          else if (d != first)
            varied = TRUE;
        }
      /* Full jitter: spread over the whole range. */
      g_assert_true (varied);
      g_assert_cmpint (max_seen[attempt], >, ceiling / 2);
    }
  /* The cap: 5 minutes at most however many attempts. */
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (ud_sync_backoff_delay_ms (40, 1000, 300000, NULL), <=, 300000);
  g_assert_cmpint (ud_sync_backoff_delay_ms (3, 0, 300000, NULL), ==, 0);

  /* Retry-After: seconds or an HTTP date. */
  g_assert_true (ud_sync_parse_retry_after ("120", 0, &retry));
  g_assert_cmpint (retry, ==, 120000);
  g_assert_true (ud_sync_parse_retry_after (" 0 ", 0, &retry));
  g_assert_cmpint (retry, ==, 0);
  /* Sun, 06 Nov 1994 08:49:37 GMT = 784111777 */
  g_assert_true (ud_sync_parse_retry_after ("Sun, 06 Nov 1994 08:49:37 GMT",
                                            784111777000 - 5000, &retry));
  g_assert_cmpint (retry, ==, 5000);
  g_assert_true (ud_sync_parse_retry_after ("Sunday, 06-Nov-94 08:49:37 GMT",
                                            784111777000 - 1000, &retry));
  g_assert_cmpint (retry, ==, 1000);
  g_assert_true (ud_sync_parse_retry_after ("Sun Nov  6 08:49:37 1994", 784111777000, &retry));
  g_assert_cmpint (retry, ==, 0);
  /* A date in the past: no wait. */
  g_assert_true (ud_sync_parse_retry_after ("Sun, 06 Nov 1994 08:49:37 GMT",
                                            784111777000 + 60000, &retry));
  g_assert_cmpint (retry, ==, 0);
  g_assert_false (ud_sync_parse_retry_after ("soon", 0, &retry));
  g_assert_false (ud_sync_parse_retry_after ("-5", 0, &retry));
  g_assert_false (ud_sync_parse_retry_after ("12abc", 0, &retry));
  g_assert_false (ud_sync_parse_retry_after ("Sun, 32 Nov 1994 08:49:37 GMT", 0, &retry));
  g_assert_false (ud_sync_parse_retry_after (NULL, 0, &retry));
}

static void
test_url (void)
{
  const char *const good[] = {
    "https://sync.city-union.example/api/", "https://sync.example:8443/api",
    "http://127.0.0.1:8080/api/", "http://127.1.2.3/api/", "http://[::1]:9/api/",
    "http://localhost:5000/api/", "HTTPS://Sync.Example/api/",
  };
  const char *const bad[] = {
    "", "http://sync.city-union.example/api/", "http://10.0.0.1/api/", "ftp://127.0.0.1/",
    "https://sync.example/api/?x=1", "https://sync.example/api/#f", "https:///api/",
    "sync.example/api/", "http://user:pw@127.0.0.1/api/", "http://128.0.0.1/api/",
  };
  g_autofree char *normal = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ud_sync_check_url (good[i], &error))
        g_error ("%s refused: %s", good[i], error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (ud_sync_check_url (bad[i], &error))
        g_error ("%s accepted", bad[i]);
      g_assert_cmpstr (ud_error_get_field (error), ==, "url");
    }
  normal = ud_sync_normalize_url (" https://sync.example/api ", NULL);
  g_assert_cmpstr (normal, ==, "https://sync.example/api/");
}

static void
test_gzip (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *bytes;
  gsize size;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "{\"seq\":%u,\"name\":\"张三\"},", i);
  packed = ud_sync_gzip (text->str, text->len);
  bytes = g_bytes_get_data (packed, &size);
  g_assert_cmpuint (size, <, text->len / 4);
  /* A gzip member: magic 1f 8b, deflate. */
  g_assert_cmpuint (bytes[0], ==, 0x1f);
  g_assert_cmpuint (bytes[1], ==, 0x8b);
  g_assert_cmpuint (bytes[2], ==, 8);
  unpacked = ud_sync_gunzip (bytes, size, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (unpacked, NULL), g_bytes_get_size (unpacked), text->str,
                   text->len);
  none = ud_sync_gunzip (bytes, size / 2, &error);
  g_assert_null (none);
  g_assert_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT);
}

/* Never synced → failing since … (kept across failures) → up to date / waiting. */
static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncStatus) s1 = NULL;
  g_autoptr(UdSyncStatus) s2 = NULL;
  g_autoptr(UdSyncStatus) s3 = NULL;
  g_autoptr(UdSyncStatus) s4 = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *text4 = NULL;
  g_autofree char *since = NULL;

  ud_sync_test_fill_outbox (f->db, 3, 0, f->expected);
  s1 = ud_sync_status_get (f->db, &error);
  g_assert_cmpint (s1->state, ==, UD_SYNC_STATE_NEVER_SYNCED);
  text1 = ud_sync_status_describe (s1);
  g_assert_true (g_str_has_prefix (text1, "Never synced"));

  g_assert_true (ud_sync_store_record_run (f->db, UD_SYNC_OUTCOME_NETWORK, "no route", &error));
  s2 = ud_sync_status_get (f->db, &error);
  g_assert_cmpint (s2->state, ==, UD_SYNC_STATE_FAILING);
  g_assert_cmpstr (s2->last_message, ==, "no route");
  since = g_strdup (s2->failing_since);
  text2 = ud_sync_status_describe (s2);
  g_assert_true (g_str_has_prefix (text2, "Failing since "));
  g_assert_nonnull (strstr (text2, "no route"));

  g_usleep (5000);
  g_assert_true (ud_sync_store_record_run (f->db, UD_SYNC_OUTCOME_TOKEN, "refused", &error));
  s3 = ud_sync_status_get (f->db, &error);
  g_assert_cmpstr (s3->failing_since, ==, since);
  g_assert_cmpint (s3->last_outcome, ==, UD_SYNC_OUTCOME_TOKEN);

  g_assert_true (ud_sync_store_record_run (f->db, UD_SYNC_OUTCOME_OK, NULL, &error));
  s4 = ud_sync_status_get (f->db, &error);
  g_assert_cmpint (s4->state, ==, UD_SYNC_STATE_WAITING);
  g_assert_null (s4->failing_since);
  g_assert_nonnull (s4->last_success_at);
  text4 = ud_sync_status_describe (s4);
  g_assert_nonnull (strstr (text4, "waiting"));
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  UdSyncSettings settings = { .url = (char *) "https://sync.example/api", .interval_minutes = 30 };
  UdSyncSettings bad = { .url = (char *) "http://sync.example/api/" };
  g_autoptr(UdSyncSettings) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const UdAccount *clerk = ud_test_account (f->db, "clerk", UD_ROLE_CLERK);

  g_assert_false (ud_sync_settings_save (f->db, clerk, &settings, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_sync_settings_save (f->db, ud_test_admin (f->db), &bad, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_true (ud_sync_settings_save (f->db, ud_test_admin (f->db), &settings, &error));
  loaded = ud_sync_settings_load (f->db);
  g_assert_cmpstr (loaded->url, ==, "https://sync.example/api/");
  g_assert_cmpuint (loaded->interval_minutes, ==, 30);
  g_assert_null (loaded->ca_file);
}

/* A rejected record opens in its window: records by their uuid, parts by the record they are
 * part of; entities without a window have no link. */
static void
test_find_record (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = ud_test_make_id ("330102", "19850505", 13);
  g_autoptr(UdMember) member = ud_test_member_new (f->db, "李明", id);
  g_autoptr(GError) error = NULL;
  g_autofree char *event_uuid = NULL;
  g_autofree char *sql = NULL;
  gint64 found = 0;

  g_assert_true (ud_member_store_insert (f->db, ud_test_admin (f->db), member, &error));
  g_assert_no_error (error);
  g_assert_true (ud_sync_store_find_record (f->db, "member", member->uuid, &found));
  g_assert_cmpint (found, ==, member->id);

  sql = g_strdup_printf ("SELECT uuid FROM membership_event WHERE member_id = %" G_GINT64_FORMAT,
                         member->id);
  event_uuid = query_text (f->db, sql);
  g_assert_nonnull (event_uuid);
  found = 0;
  g_assert_true (ud_sync_store_find_record (f->db, "membership_event", event_uuid, &found));
  g_assert_cmpint (found, ==, member->id);

  g_assert_false (ud_sync_store_find_record (f->db, "payout", member->uuid, &found));
  g_assert_false (ud_sync_store_find_record (f->db, "audit_entry", member->uuid, &found));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/guarantee1/change-and-outbox-together", test_change_and_outbox_together);
  ADD ("/sync/guarantee2/freeze-before-send", test_freeze);
  ADD ("/sync/guarantee2/freeze-byte-limit", test_freeze_bytes);
  ADD ("/sync/guarantee2/restart-same-id-same-body", test_restart);
  ADD ("/sync/guarantee2/frozen-row-unchanged", test_frozen_row_unchanged);
  ADD ("/sync/reply/exact-batch-and-seqs", test_parse_results);
  ADD ("/sync/guarantee3/apply-results", test_apply);
  ADD ("/sync/413/split", test_split);
  ADD ("/sync/status", test_status);
  ADD ("/sync/settings", test_settings);
  ADD ("/sync/find-record", test_find_record);
  g_test_add_func ("/sync/backoff/full-jitter-and-retry-after", test_backoff);
  g_test_add_func ("/sync/transport/url-rules", test_url);
  g_test_add_func ("/sync/transport/gzip", test_gzip);
  return g_test_run ();
}
