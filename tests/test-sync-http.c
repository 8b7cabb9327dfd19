/* tests/test-sync-http.c — the transport as the server sees it, against a loopback socket that
 * records each request: gzip above 1 KiB with Content-Encoding, the Idempotency-Key and bearer
 * headers, gzip answers decoded; and hello's clock offset warning and limits
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ud-sync-client.h"
#include "ud-sync-http.h"
#include "ud-sync-session.h"

/* A one-connection-at-a-time HTTP/1.1 responder: each request gets the canned answer. */
typedef struct
{
  GSocketListener *listener;
  GThread         *thread;
  guint16          port;
  GMutex           lock;
  char            *answer;        /* the whole response, headers and body */
  gsize            answer_length;
  char            *headers;       /* the last request's header block */
  GBytes          *body;          /* the last request's body, as sent */
  guint            n_requests;
  gboolean         stop;
} Capture;

static gboolean
read_exactly (GInputStream *in,
              guint8       *buffer,
              gsize         length)
{
  gsize done = 0;

  return g_input_stream_read_all (in, buffer, length, &done, NULL, NULL) && done == length;
}

static gpointer
capture_thread (gpointer data)
{
  Capture *capture = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GString) headers = g_string_new (NULL);
      GInputStream *in;
      GOutputStream *out;
      const char *length_header;
      gsize content_length = 0;
      guint8 *body;
      char c;

      connection = g_socket_listener_accept (capture->listener, NULL, NULL, NULL);
      if (connection == NULL || capture->stop)
        return NULL;
      in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
      out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      while (!g_str_has_suffix (headers->str, "\r\n\r\n") && read_exactly (in, (guint8 *) &c, 1))
        g_string_append_c (headers, c);
      length_header = strstr (headers->str, "Content-Length: ");
      if (length_header == NULL)
        length_header = strstr (headers->str, "content-length: ");
      if (length_header != NULL)
        content_length = g_ascii_strtoull (length_header + 16, NULL, 10);
      body = g_malloc (content_length + 1);
      if (content_length > 0)
        g_assert_true (read_exactly (in, body, content_length));

      g_mutex_lock (&capture->lock);
      g_free (capture->headers);
      capture->headers = g_strdup (headers->str);
      g_clear_pointer (&capture->body, g_bytes_unref);
      capture->body = g_bytes_new_take (body, content_length);
      capture->n_requests++;
      g_output_stream_write_all (out, capture->answer, capture->answer_length, NULL, NULL, NULL);
      g_mutex_unlock (&capture->lock);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
}

static Capture *
capture_start (void)
{
  Capture *capture = g_new0 (Capture, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&capture->lock);
  capture->listener = g_socket_listener_new ();
  g_socket_listener_add_address (capture->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  capture->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  capture->thread = g_thread_new ("capture", capture_thread, capture);
  return capture;
}

static void
capture_stop (Capture *capture)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) poke = NULL;

  capture->stop = TRUE;
  poke = g_socket_client_connect_to_host (client, "127.0.0.1", capture->port, NULL, NULL);
  g_thread_join (capture->thread);
  g_socket_listener_close (capture->listener);
  g_object_unref (capture->listener);
  g_free (capture->answer);
  g_free (capture->headers);
  g_clear_pointer (&capture->body, g_bytes_unref);
  g_mutex_clear (&capture->lock);
  g_free (capture);
}

static void
capture_answer (Capture    *capture,
                const char *extra_headers,
                const void *body,
                gsize       length)
{
  g_autoptr(GString) answer = g_string_new (NULL);

  g_string_append_printf (answer, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Connection: close\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n%s\r\n",
                          length, extra_headers ? extra_headers : "");
  g_string_append_len (answer, body, (gssize) length);
  g_mutex_lock (&capture->lock);
  g_free (capture->answer);
  capture->answer_length = answer->len;
  capture->answer = g_string_free (g_steal_pointer (&answer), FALSE);
  g_mutex_unlock (&capture->lock);
}

static char *
capture_url (Capture *capture)
{
  return g_strdup_printf ("http://127.0.0.1:%u/api/", capture->port);
}

/* Bodies over 1 KiB go gzip-compressed with Content-Encoding: gzip; smaller ones as they are;
 * the headers the protocol asks for are there. */
static void
test_post_headers_and_gzip (void)
{
  Capture *capture = capture_start ();
  g_autofree char *url = capture_url (capture);
  g_autoptr(UdSyncHttp) http = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new ("{\"records\":[");
  const char *small = "{\"batch_id\":\"b-small\"}";

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (big, "%s{\"seq\":%u,\"name\":\"张三\"}", i ? "," : "", i);
  g_string_append (big, "]}");
  capture_answer (capture, NULL, "{}", 2);
  http = ud_sync_http_new (url, "secret-token-1", NULL, &error);
  g_assert_no_error (error);

  {
    g_autoptr(UdSyncHttpReply) reply = ud_sync_http_post (http, "v1/batches", big->str, big->len,
                                                          "batch-7", NULL, &error);
    g_autoptr(GBytes) unpacked = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (reply->status, ==, 200);
    g_assert_true (g_str_has_prefix (capture->headers, "POST /api/v1/batches HTTP/1.1\r\n"));
    g_assert_nonnull (strstr (capture->headers, "\r\nContent-Encoding: gzip\r\n"));
    g_assert_nonnull (strstr (capture->headers, "\r\nIdempotency-Key: batch-7\r\n"));
    g_assert_nonnull (strstr (capture->headers, "\r\nAuthorization: Bearer secret-token-1\r\n"));
    g_assert_nonnull (strstr (capture->headers, "\r\nContent-Type: application/json\r\n"));
    g_assert_nonnull (strstr (capture->headers, "\r\nAccept-Encoding: "));
    g_assert_cmpuint (g_bytes_get_size (capture->body), <, big->len);
    unpacked = ud_sync_gunzip (g_bytes_get_data (capture->body, NULL),
                               g_bytes_get_size (capture->body), &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (unpacked, NULL), g_bytes_get_size (unpacked), big->str,
                     big->len);
  }

  {
    g_autoptr(UdSyncHttpReply) reply = ud_sync_http_post (http, "v1/batches", small,
                                                          strlen (small), "b-small", NULL,
                                                          &error);

    g_assert_no_error (error);
    g_assert_null (strstr (capture->headers, "Content-Encoding"));
    g_assert_cmpmem (g_bytes_get_data (capture->body, NULL), g_bytes_get_size (capture->body),
                     small, strlen (small));
  }
  capture_stop (capture);
}

/* An answer sent gzip-compressed is decoded. */
static void
test_gzip_answer (void)
{
  Capture *capture = capture_start ();
  g_autofree char *url = capture_url (capture);
  const char *text = "{\"batch_id\":\"b1\",\"results\":[]}";
  g_autoptr(GBytes) packed = ud_sync_gzip (text, strlen (text));
  g_autoptr(UdSyncHttp) http = ud_sync_http_new (url, "t", NULL, NULL);
  g_autoptr(UdSyncHttpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  capture_answer (capture, "Content-Encoding: gzip\r\nRetry-After: 7\r\n",
                  g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
  reply = ud_sync_http_get (http, "v1/batches/b1", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body), text,
                   strlen (text));
  g_assert_cmpstr (reply->retry_after, ==, "7");
  g_assert_true (g_str_has_prefix (capture->headers, "GET /api/v1/batches/b1 HTTP/1.1\r\n"));
  capture_stop (capture);
}

/* hello: a clock 10 minutes off is reported; the server's limits are adopted, never above the
 * client's own. */
static void
test_hello_clock_and_limits (void)
{
  Capture *capture = capture_start ();
  g_autofree char *url = capture_url (capture);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ahead = g_date_time_add_minutes (now, 10);
  g_autofree char *server_time = g_date_time_format (ahead, "%Y-%m-%dT%H:%M:%S.000Z");
  g_autofree char *hello = g_strdup_printf ("{\"protocol\": 1, \"server_time\": \"%s\","
                                            " \"office_id\": \"office-9\", \"office_name\":"
                                            " \"九号\", \"max_batch_records\": 5000,"
                                            " \"max_batch_bytes\": 65536}", server_time);
  g_autoptr(GError) error = NULL;
  UdSyncReport report = { 0 };
  UdSyncSession session;
  guint max_records;
  gsize max_bytes;

  capture_answer (capture, NULL, hello, strlen (hello));
  g_assert_true (ud_sync_session_init (&session, url, "t", NULL, NULL, NULL, &error));
  g_assert_true (ud_sync_session_hello (&session, &report, &max_records, &max_bytes, &error));
  g_assert_no_error (error);
  g_assert_true (report.clock_warning);
  g_assert_cmpint (report.clock_offset_ms, >, 9 * 60 * 1000);
  g_assert_cmpint (report.clock_offset_ms, <, 11 * 60 * 1000);
  g_assert_cmpstr (report.office_id, ==, "office-9");
  g_assert_cmpuint (max_records, ==, 1000);
  g_assert_cmpuint (max_bytes, ==, 65536);
  ud_sync_report_clear (&report);
  ud_sync_session_clear (&session);
  capture_stop (capture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/transport/post-headers-and-gzip", test_post_headers_and_gzip);
  g_test_add_func ("/sync/transport/gzip-answer", test_gzip_answer);
  g_test_add_func ("/sync/transport/hello-clock-and-limits", test_hello_clock_and_limits);
  return g_test_run ();
}
