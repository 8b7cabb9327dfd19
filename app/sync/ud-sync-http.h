/* ud-sync-http.h — the transport of the upload protocol: libcurl with the protocol's rules
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * https is required, plain http only for loopback hosts; TLS peer and host verification are
 * always on (an extra CA file may be given, nothing turns verification off); request bodies over
 * 1 KiB are gzip-compressed; responses may be gzip; connect timeout 10 s, abort below 1 KiB/s
 * for 30 s, 120 s per request; proxies from the environment (libcurl's default). The token is
 * sent as "Authorization: Bearer" and never logged. Blocking: call it from a worker thread. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Request bodies larger than this are sent gzip-compressed. */
#define UD_SYNC_GZIP_THRESHOLD 1024

/* TRUE when @url may be the base URL: https, or http to 127.0.0.0/8, ::1 or localhost; with a
 * host and no query or fragment. The error (UD_ERROR_INVALID_FIELD, field "url") says why. */
gboolean  ud_sync_check_url      (const char  *url,
                                  GError     **error);
/* @url checked and ending in "/" (a new string), or NULL with the error above. */
char     *ud_sync_normalize_url  (const char  *url,
                                  GError     **error);

/* @data gzip-compressed (a member with a gzip header, as Content-Encoding: gzip wants). */
GBytes   *ud_sync_gzip           (const void  *data,
                                  gsize        length);
/* The inverse; NULL with UD_ERROR_FILE_FORMAT for damaged or truncated data. */
GBytes   *ud_sync_gunzip         (const void  *data,
                                  gsize        length,
                                  GError     **error);

typedef struct _UdSyncHttp UdSyncHttp;

typedef struct
{
  long    status;          /* HTTP status; 0 when no answer arrived */
  GBytes *body;            /* the (decoded) body */
  char   *retry_after;     /* the Retry-After header, or NULL */
  char   *etag;            /* the ETag header, or NULL */
  char   *date;            /* the Date header, or NULL */
} UdSyncHttpReply;

void            ud_sync_http_reply_free (UdSyncHttpReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdSyncHttpReply, ud_sync_http_reply_free)

/* A connection to @base_url (checked with ud_sync_check_url()) with @token and an optional
 * @ca_file. Keeps the connection open between requests. */
UdSyncHttp     *ud_sync_http_new     (const char  *base_url,
                                      const char  *token,
                                      const char  *ca_file,
                                      GError     **error);
void            ud_sync_http_free    (UdSyncHttp  *http);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdSyncHttp, ud_sync_http_free)

/* For tests: the overall per-request timeout in seconds instead of 120. */
void            ud_sync_http_set_timeout (UdSyncHttp *http,
                                          guint       seconds);

/* GET @path (relative to the base URL). @if_none_match may be NULL. Returns NULL with
 * G_IO_ERROR_CANCELLED when cancelled, or a UD_SYNC_ERROR_NETWORK error when no complete
 * answer arrived (refused, reset, timeout, truncated); any HTTP status is a reply. */
UdSyncHttpReply *ud_sync_http_get    (UdSyncHttp    *http,
                                      const char    *path,
                                      const char    *if_none_match,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* POST @body (JSON) to @path with "Idempotency-Key: @idempotency_key"; gzip above
 * UD_SYNC_GZIP_THRESHOLD. Errors as ud_sync_http_get(). */
UdSyncHttpReply *ud_sync_http_post   (UdSyncHttp    *http,
                                      const char    *path,
                                      const char    *body,
                                      gsize          length,
                                      const char    *idempotency_key,
                                      GCancellable  *cancellable,
                                      GError       **error);

G_END_DECLS
