/* ud-sync-bundle.h — the offline bundle: frozen batches carried to a connected machine, and the
 * server's answers carried back
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bundle file (gzip-compressed UTF-8 JSON, written compact as ud_json writes it):
 *
 *   {"protocol":1,"office_id":"…","device_id":"…","created_at":"…","batches":[B1,B2,…],
 *    "sha256":"<hex>"}
 *
 * Each Bi is the exact frozen POST v1/batches body of one batch, oldest first. The hash is the
 * lowercase hex SHA-256 of the UTF-8 text of the batches array exactly as written in the file:
 * "[" B1 "," B2 … "]" with no white space, where each body is compact canonical JSON (members in
 * their order, only '"', '\\' and control characters escaped) — the form ud_json_node_to_string()
 * gives, and the form every frozen body already has (export checks it). A reader parses the
 * file, serialises the batches array again with ud_json_node_to_string() and compares hashes;
 * the bodies it sends are those serialisations, byte for byte the frozen ones.
 *
 * Ack file (FILE.ack, UTF-8 JSON, compact):
 *
 *   {"protocol":1,"office_id":"…","bundle_sha256":"<hex>","acks":[A1,…],"sha256":"<hex>"}
 *
 * with Ai = {"batch_id":"…","status":"answered","reply":{… the server's 200 answer …}} or
 * {"batch_id":"…","status":"too_large"|"malformed","message":"…"}, and sha256 the hash of the
 * acks array text, made the same way. */
#pragma once

#include "ud-database.h"
#include "ud-sync-client.h"

G_BEGIN_DECLS

/* Freezes every waiting record into batches and writes them all to @path. Nothing is
 * acknowledged. *@n_batches is 0 (and no file written) when nothing waits. The office id must be
 * known (sync settings, or an earlier online hello): UD_SYNC_ERROR_NOT_CONFIGURED otherwise. */
gboolean ud_sync_bundle_export      (UdDatabase    *db,
                                     const char    *path,
                                     guint         *n_batches,
                                     guint         *n_records,
                                     GError       **error);

typedef struct
{
  guint n_batches;     /* in the bundle */
  guint n_answered;    /* answered with results */
  guint n_unanswered;  /* too large or malformed: see the ack file */
  guint n_records;
} UdSyncBundleReport;

/* Reads and checks the bundle at @path (UD_SYNC_ERROR_BUNDLE for a damaged, truncated or
 * modified one), checks with the server's hello that @token belongs to the bundle's office
 * (UD_SYNC_ERROR_OFFICE), sends every batch with the online retry rules and writes the answers
 * to @ack_path. */
gboolean ud_sync_bundle_upload      (const char          *path,
                                     const char          *ack_path,
                                     const char          *url,
                                     const char          *token,
                                     const char          *ca_file,
                                     const UdSyncOptions *options,
                                     UdSyncBundleReport  *report,
                                     GCancellable        *cancellable,
                                     GError             **error);

/* Checks the ack file at @path (hash, office) and applies every answer as if received online:
 * results are applied, a too-large batch is split, a malformed one stopped. Batches already
 * applied are skipped. Counts go to @tally. */
gboolean ud_sync_bundle_import_acks (UdDatabase    *db,
                                     const char    *path,
                                     UdSyncTally   *tally,
                                     guint         *n_skipped,
                                     GError       **error);

/* For tests: whether the bundle at @path is sound, and its office. */
gboolean ud_sync_bundle_check       (const char    *path,
                                     char         **office_id,
                                     guint         *n_batches,
                                     GError       **error);

G_END_DECLS
