/* ud-sync-backoff.h — how long to wait before trying again: full-jitter backoff, Retry-After
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The protocol's backoff: from 1 s doubling to 5 min. */
#define UD_SYNC_BACKOFF_BASE_MS 1000
#define UD_SYNC_BACKOFF_CAP_MS  (5 * 60 * 1000)

/* Full jitter: a uniformly random wait in [0, min (@cap_ms, @base_ms × 2^@attempt)] ms, with
 * @attempt 0 for the first retry. @random may be NULL (g_random). */
gint64   ud_sync_backoff_delay_ms   (guint    attempt,
                                     gint64   base_ms,
                                     gint64   cap_ms,
                                     GRand   *random);

/* The test hook: UD_SYNC_BACKOFF_SCALE in the environment (a number > 0, e.g. 0.001) multiplies
 * every wait of a sync run — backoff and Retry-After alike — so tests never sleep real
 * minutes. 1.0 when unset or not a positive number. */
double   ud_sync_backoff_env_scale  (void);

/* Parses a Retry-After value: delta-seconds ("120") or an HTTP date ("Wed, 21 Oct 2026 07:28:00
 * GMT", also the obsolete RFC 850 and asctime forms), relative to @now_unix_ms. A date in the
 * past is 0. FALSE for anything else. */
gboolean ud_sync_parse_retry_after  (const char *value,
                                     gint64      now_unix_ms,
                                     gint64     *out_ms);

/* Parses an HTTP date (IMF-fixdate, RFC 850 or asctime) to Unix milliseconds. */
gboolean ud_sync_parse_http_date    (const char *value,
                                     gint64     *out_unix_ms);

G_END_DECLS
