/* bench/bench-sync.c — upload throughput: UD_BENCH_SYNC_RECORDS (100,000) records of every entity
 * to the reference city server over loopback; prints records per second
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

#include "ud-outbox.h"
#include "ud-sync-client.h"
#include "ud-sync-store.h"
#include "ud-sync-test-server.h"
#include "ud-test-util.h"

/* The client's own share: freeze and apply (every record accepted) without the network. */
static double
client_only_rate (guint n)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncBatch) batch = NULL;
  guint done = 0;
  gint64 start;

  for (guint i = 0; i < n; i += 10000)
    ud_sync_test_fill_outbox (test_db->db, MIN (10000, n - i), i, expected);

  start = g_get_monotonic_time ();
  batch = ud_sync_store_next_batch (test_db->db, "office-1", UD_SYNC_MAX_BATCH_RECORDS,
                                    UD_SYNC_MAX_BATCH_BYTES, &error);
  while (batch != NULL)
    {
      g_autoptr(GArray) seqs = ud_sync_batch_dup_seqs (test_db->db, batch->batch_id, &error);
      g_autoptr(GArray) results = g_array_sized_new (FALSE, TRUE, sizeof (UdSyncResult),
                                                     seqs->len);

      for (guint i = 0; i < seqs->len; i++)
        {
          UdSyncResult result = { g_array_index (seqs, gint64, i), UD_SYNC_RESULT_ACCEPTED };
          g_array_append_val (results, result);
        }
      g_assert_true (ud_sync_store_apply_and_freeze (test_db->db, batch->batch_id, results, NULL,
                                                     "office-1", UD_SYNC_MAX_BATCH_RECORDS,
                                                     UD_SYNC_MAX_BATCH_BYTES, &error));
      done += seqs->len;
      g_clear_pointer (&batch, ud_sync_batch_free);
      batch = ud_sync_store_next_batch (test_db->db, "office-1", UD_SYNC_MAX_BATCH_RECORDS,
                                        UD_SYNC_MAX_BATCH_BYTES, &error);
    }
  g_assert_no_error (error);
  return done / ((double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  const char *size = g_getenv ("UD_BENCH_SYNC_RECORDS");
  guint n = size ? (guint) g_ascii_strtoull (size, NULL, 10) : 100000;
  g_autoptr(UdSyncTestServer) server = NULL;
  g_autoptr(UdTestDb) test_db = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  UdSyncReport report = { 0 };
  UdSyncOptions options;
  gint64 start, elapsed;
  double fill_s;

  if (argc > 1)
    g_setenv ("UD_CITY_SERVER", argv[1], TRUE);
  server = ud_sync_test_server_start (NULL);
  if (server == NULL)
    {
      g_printerr ("give the path of ud-city-server (or set UD_CITY_SERVER)\n");
      return 77;
    }
  test_db = ud_test_db_new ();
  ud_sync_test_configure (test_db->db, server);

  start = g_get_monotonic_time ();
  for (guint done = 0; done < n; done += 10000)
    ud_sync_test_fill_outbox (test_db->db, MIN (10000, n - done), done, expected);
  fill_s = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;

  ud_sync_options_init (&options);
  options.fetch_policy = FALSE;
  start = g_get_monotonic_time ();
  if (!ud_sync_run (test_db->db, "test-token", &options, &report, NULL, NULL, NULL, &error))
    {
      g_printerr ("sync failed: %s\n", error->message);
      return 1;
    }
  elapsed = g_get_monotonic_time () - start;

  printf ("outbox fill: %u records in %.2f s\n", n, fill_s);
  printf ("sync upload: %u records in %u batches in %.2f s: %.0f records/s\n",
          report.n_acknowledged, report.n_batches, (double) elapsed / G_USEC_PER_SEC,
          report.n_acknowledged / ((double) elapsed / G_USEC_PER_SEC));
  ud_sync_report_clear (&report);
  printf ("client side only (freeze, apply; no network): %.0f records/s\n",
          client_only_rate (n));
  return 0;
}
