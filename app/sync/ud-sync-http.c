/* ud-sync-http.c — the transport of the upload protocol: libcurl with the protocol's rules
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-sync"

#include <curl/curl.h>
#include <string.h>
#include <zlib.h>

#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-sync-error.h"
#include "ud-sync-http.h"

G_DEFINE_QUARK (ud-sync-error-quark, ud_sync_error)

struct _UdSyncHttp
{
  CURL    *curl;           /* owned */
  char    *base_url;       /* owned, ends in "/" */
  char    *authorization;  /* owned: "Authorization: Bearer …"; never logged */
  char    *ca_file;        /* owned, or NULL */
  guint    timeout_s;
};

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
ud_sync_check_url (const char  *url,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || *url == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "url",
                          _("Server address: give the city union's address (https://…)"));
      return FALSE;
    }
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "url",
                          _("Server address: “%s” is not a web address"), url);
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL
      || g_uri_get_userinfo (uri) != NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "url",
                          _("Server address: “%s” must not have a query, a fragment or a user "
                            "name"), url);
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (host))
    return TRUE;

  ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "url",
                      _("Server address: “%s” must start with https:// (plain http:// is only "
                        "allowed to this computer)"), url);
  return FALSE;
}

char *
ud_sync_normalize_url (const char  *url,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (url == NULL)
    url = "";
  trimmed = g_strstrip (g_strdup (url));
  if (!ud_sync_check_url (trimmed, error))
    return NULL;
  if (g_str_has_suffix (trimmed, "/"))
    return g_steal_pointer (&trimmed);
  return g_strconcat (trimmed, "/", NULL);
}

GBytes *
ud_sync_gzip (const void *data,
              gsize       length)
{
  z_stream stream = { 0 };
  gsize bound;
  guint8 *out;
  int rc;

  /* windowBits 15 + 16: a gzip header and trailer. Fastest level: bodies are compressed on
   * every (re)send. */
  rc = deflateInit2 (&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  g_assert (rc == Z_OK);
  bound = deflateBound (&stream, length) + 32;
  out = g_malloc (bound);
  stream.next_in = (Bytef *) data;
  stream.avail_in = (uInt) length;
  stream.next_out = out;
  stream.avail_out = (uInt) bound;
  rc = deflate (&stream, Z_FINISH);
  g_assert (rc == Z_STREAM_END);
  bound = stream.total_out;
  deflateEnd (&stream);
  return g_bytes_new_take (g_realloc (out, bound), bound);
}

GBytes *
ud_sync_gunzip (const void  *data,
                gsize        length,
                GError     **error)
{
  z_stream stream = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[64 * 1024];
  int rc;

  if (inflateInit2 (&stream, 15 + 16) != Z_OK)
    g_error ("inflateInit2 failed");
  stream.next_in = (Bytef *) data;
  stream.avail_in = (uInt) length;
  do
    {
      stream.next_out = buffer;
      stream.avail_out = sizeof buffer;
      rc = inflate (&stream, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END)
        break;
      g_byte_array_append (out, buffer, sizeof buffer - stream.avail_out);
    }
  while (rc != Z_STREAM_END && (stream.avail_in > 0 || stream.avail_out == 0));
  inflateEnd (&stream);

  if (rc != Z_STREAM_END)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("The compressed data is damaged or incomplete"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

void
ud_sync_http_reply_free (UdSyncHttpReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply->retry_after);
  g_free (reply->etag);
  g_free (reply->date);
  g_free (reply);
}

static gpointer
init_curl (gpointer data)
{
  if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
    g_error ("curl_global_init failed");
  return NULL;
}

UdSyncHttp *
ud_sync_http_new (const char  *base_url,
                  const char  *token,
                  const char  *ca_file,
                  GError     **error)
{
  static GOnce once = G_ONCE_INIT;
  g_autofree char *url = NULL;
  UdSyncHttp *http;

  g_once (&once, init_curl, NULL);

  url = ud_sync_normalize_url (base_url, error);
  if (url == NULL)
    return NULL;
  if (token == NULL || *token == '\0' || strpbrk (token, "\r\n") != NULL)
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN,
                   _("No valid sync token: ask the city union for this office's token"));
      return NULL;
    }

  http = g_new0 (UdSyncHttp, 1);
  http->curl = curl_easy_init ();
  if (http->curl == NULL)
    g_error ("curl_easy_init failed");
  http->base_url = g_steal_pointer (&url);
  http->authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
  http->ca_file = ca_file != NULL && *ca_file != '\0' ? g_strdup (ca_file) : NULL;
  http->timeout_s = 120;
  return http;
}

void
ud_sync_http_free (UdSyncHttp *http)
{
  if (http == NULL)
    return;
  curl_easy_cleanup (http->curl);
  g_free (http->base_url);
  if (http->authorization != NULL)
    memset (http->authorization, 0, strlen (http->authorization));
  g_free (http->authorization);
  g_free (http->ca_file);
  g_free (http);
}

void
ud_sync_http_set_timeout (UdSyncHttp *http,
                          guint       seconds)
{
  http->timeout_s = MAX (seconds, 1);
}

typedef struct
{
  GByteArray      *body;
  UdSyncHttpReply *reply;
  GCancellable    *cancellable;
} Transfer;

static size_t
on_body (char   *data,
         size_t  size,
         size_t  n,
         void   *user_data)
{
  Transfer *transfer = user_data;

  g_byte_array_append (transfer->body, (const guint8 *) data, (guint) (size * n));
  return size * n;
}

static char *
header_value (const char *line,
              size_t      length,
              const char *name)
{
  size_t name_length = strlen (name);

  if (length <= name_length || g_ascii_strncasecmp (line, name, name_length) != 0
      || line[name_length] != ':')
    return NULL;
  return g_strstrip (g_strndup (line + name_length + 1, length - name_length - 1));
}

static void
replace_string (char **slot,
                char  *value)
{
  g_free (*slot);
  *slot = value;
}

static size_t
on_header (char   *data,
           size_t  size,
           size_t  n,
           void   *user_data)
{
  Transfer *transfer = user_data;
  size_t length = size * n;
  char *value;

  /* A new response (after a redirect or 100 Continue) starts over. */
  if (length >= 5 && strncmp (data, "HTTP/", 5) == 0)
    {
      g_clear_pointer (&transfer->reply->retry_after, g_free);
      g_clear_pointer (&transfer->reply->etag, g_free);
      g_clear_pointer (&transfer->reply->date, g_free);
    }
  if ((value = header_value (data, length, "Retry-After")) != NULL)
    replace_string (&transfer->reply->retry_after, value);
  else if ((value = header_value (data, length, "ETag")) != NULL)
    replace_string (&transfer->reply->etag, value);
  else if ((value = header_value (data, length, "Date")) != NULL)
    replace_string (&transfer->reply->date, value);
  return length;
}

static int
on_progress (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *transfer = user_data;

  /* Non-zero aborts the transfer (CURLE_ABORTED_BY_CALLBACK). */
  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

static UdSyncHttpReply *
perform (UdSyncHttp         *http,
         const char         *path,
         struct curl_slist  *headers,
         GBytes             *post_body,
         GCancellable       *cancellable,
         GError            **error)
{
  g_autofree char *url = g_strconcat (http->base_url, path, NULL);
  g_autoptr(UdSyncHttpReply) reply = g_new0 (UdSyncHttpReply, 1);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  Transfer transfer = { body, reply, cancellable };
  CURL *curl = http->curl;
  CURLcode rc;
  long status = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  curl_easy_reset (curl);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (http->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, http->ca_file);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, 30L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) http->timeout_s);
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "union-desk/" UD_VERSION);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);
  if (post_body != NULL)
    {
      /* libcurl silently sends a request again when a reused connection dies before the answer;
       * a batch is resent only after asking the server (GET v1/batches/{id}), so a POST always
       * gets a connection of its own. */
      curl_easy_setopt (curl, CURLOPT_FRESH_CONNECT, 1L);
      curl_easy_setopt (curl, CURLOPT_POST, 1L);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, g_bytes_get_data (post_body, NULL));
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE,
                        (curl_off_t) g_bytes_get_size (post_body));
    }
  else
    curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);

  rc = curl_easy_perform (curl);
  if (rc == CURLE_ABORTED_BY_CALLBACK && g_cancellable_is_cancelled (cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  if (rc != CURLE_OK)
    {
      /* curl_easy_strerror() never quotes the request headers (the token). */
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_NETWORK,
                   _("No complete answer from the server (%s)"), curl_easy_strerror (rc));
      return NULL;
    }

  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  reply->status = status;
  reply->body = g_byte_array_free_to_bytes (g_steal_pointer (&body));
  transfer.body = NULL;
  return g_steal_pointer (&reply);
}

UdSyncHttpReply *
ud_sync_http_get (UdSyncHttp    *http,
                  const char    *path,
                  const char    *if_none_match,
                  GCancellable  *cancellable,
                  GError       **error)
{
  struct curl_slist *headers = NULL;
  g_autofree char *inm = NULL;
  UdSyncHttpReply *reply;

  headers = curl_slist_append (headers, http->authorization);
  headers = curl_slist_append (headers, "Accept: application/json");
  if (if_none_match != NULL)
    {
      inm = g_strconcat ("If-None-Match: ", if_none_match, NULL);
      headers = curl_slist_append (headers, inm);
    }
  reply = perform (http, path, headers, NULL, cancellable, error);
  curl_slist_free_all (headers);
  return reply;
}

UdSyncHttpReply *
ud_sync_http_post (UdSyncHttp    *http,
                   const char    *path,
                   const char    *body,
                   gsize          length,
                   const char    *idempotency_key,
                   GCancellable  *cancellable,
                   GError       **error)
{
  struct curl_slist *headers = NULL;
  g_autofree char *key = g_strconcat ("Idempotency-Key: ", idempotency_key, NULL);
  g_autoptr(GBytes) payload = NULL;
  UdSyncHttpReply *reply;

  headers = curl_slist_append (headers, http->authorization);
  headers = curl_slist_append (headers, "Accept: application/json");
  headers = curl_slist_append (headers, "Content-Type: application/json");
  headers = curl_slist_append (headers, key);
  /* No "Expect: 100-continue" round trip. */
  headers = curl_slist_append (headers, "Expect:");
  if (length > UD_SYNC_GZIP_THRESHOLD)
    {
      payload = ud_sync_gzip (body, length);
      headers = curl_slist_append (headers, "Content-Encoding: gzip");
    }
  else
    payload = g_bytes_new_static (body, length);

  reply = perform (http, path, headers, payload, cancellable, error);
  curl_slist_free_all (headers);
  return reply;
}
