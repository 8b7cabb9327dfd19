/* tests/test-city-server.c — the reference city server (issue 6) driven over HTTP as a subprocess
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-city-server"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#define TOKEN   "test-token"
#define TOKEN_2 "token-2"

/* First of a fixture's extra arguments: start the server with no --db and no --office. */
#define BARE    "(bare)"

/* Valid GB 11643 numbers (DESIGN.md §3) and one with a wrong check character. */
#define ID_VALID       "11010519491231002X"
#define ID_VALID_LOWER "11010519491231002x"
#define ID_VALID_2     "440524188001010014"
#define ID_INVALID     "110105194912310021"

typedef struct
{
  GSubprocess *server;  /* owned */
  char        *tmpdir;  /* owned */
  char        *db_path; /* owned */
  char        *base;    /* owned: http://127.0.0.1:PORT/api/ */
  char        *root;    /* owned: http://127.0.0.1:PORT/ */
  guint        port;
  SoupSession *session; /* owned */
} Fixture;

/* Server */

static void
server_start (Fixture           *f,
              const char *const *extra_args)
{
  const char *exe = g_getenv ("UD_CITY_SERVER");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GUri) uri = NULL;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (char *) exe);
  g_ptr_array_add (argv, "--watch-stdin");
  if (extra_args != NULL && g_strcmp0 (extra_args[0], BARE) == 0)
    {
      /* The defaults: an in-memory database and the one built-in office. */
      extra_args++;
    }
  else
    {
      g_ptr_array_add (argv, "--db");
      g_ptr_array_add (argv, f->db_path);
      g_ptr_array_add (argv, "--office");
      g_ptr_array_add (argv, "office-1:" TOKEN ":Test Office");
      g_ptr_array_add (argv, "--office");
      g_ptr_array_add (argv, "office-2:" TOKEN_2 ":Second Office");
    }
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  /* A pipe on stdin: the server (--watch-stdin) exits with the test, even if the test aborts. */
  f->server = g_subprocess_newv ((const char *const *) argv->pdata,
                                 G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                 &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "LISTENING http://127.0.0.1:")
                 || g_str_has_prefix (line, "LISTENING https://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (line, "/api/"));

  g_clear_pointer (&f->base, g_free);
  g_clear_pointer (&f->root, g_free);
  f->base = g_strdup (line + strlen ("LISTENING "));
  uri = g_uri_parse (f->base, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->port = g_uri_get_port (uri);
  f->root = g_strdup_printf ("%s://127.0.0.1:%u/", g_uri_get_scheme (uri), f->port);
}

static void
server_stop (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->server == NULL)
    return;
  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait (f->server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (f->server));
  g_assert_cmpint (g_subprocess_get_exit_status (f->server), ==, 0);
  g_clear_object (&f->server);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("ud-city-server-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->tmpdir, "city.sqlite", NULL);
  f->session = soup_session_new_with_options ("timeout", 30, "max-conns-per-host", 8,
                                             NULL);
  server_start (f, user_data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  server_stop (f);
  g_clear_object (&f->session);

  dir = g_dir_open (f->tmpdir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->tmpdir), ==, 0);
  g_free (f->tmpdir);
  g_free (f->db_path);
  g_free (f->base);
  g_free (f->root);
}

/* HTTP */

/* Every message gets a connection of its own: a fault that closes a connection then fails that
 * request only, and libsoup never silently resends it on another one. */
static SoupMessage *
api_message (Fixture    *f,
             const char *method,
             const char *path,
             const char *token)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  return msg;
}

static GBytes *
send_message (Fixture     *f,
              SoupMessage *msg,
              GError     **error)
{
  return soup_session_send_and_read (f->session, msg, NULL, error);
}

/* Sends and asserts that the exchange itself worked (whatever the status). */
static GBytes *
send_ok (Fixture     *f,
         SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  GBytes *body = send_message (f, msg, &error);

  g_assert_no_error (error);
  g_assert_nonnull (body);
  return body;
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  json_parser_load_from_data (parser, data ? data : "", length, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static gboolean
is_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return json_parser_load_from_data (parser, data ? data : "", length, NULL);
}

static char *
bytes_dup_string (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return g_strndup (data, length);
}

static GBytes *
gzip_bytes (GBytes *input,
            gboolean compress)
{
  g_autoptr(GConverter) converter = compress
    ? G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1))
    : G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  g_autoptr(GInputStream) memory = g_memory_input_stream_new_from_bytes (input);
  g_autoptr(GInputStream) converted = g_converter_input_stream_new (memory, converter);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (output, converted, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                          | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
}

/* Batches */

static char *
record_json (gint64      seq,
             const char *entity,
             const char *uuid,
             gint64      version,
             const char *op,
             const char *data_json)
{
  return g_strdup_printf ("{\"seq\": %" G_GINT64_FORMAT ", \"entity\": \"%s\", \"schema\": 1,"
                          " \"uuid\": \"%s\", \"version\": %" G_GINT64_FORMAT ", \"op\": \"%s\","
                          " \"changed_at\": \"2026-11-22T08:15:30.123Z\", \"data\": %s}",
                          seq, entity, uuid, version, op, data_json);
}

/* A batch body whose records (NULL-terminated, JSON texts) are numbered from @first_seq. */
static char *
batch_json (const char        *batch_id,
            const char        *office_id,
            gint64             first_seq,
            const char *const *records)
{
  GString *text = g_string_new (NULL);
  guint n = records ? g_strv_length ((char **) records) : 0;

  g_string_append_printf (text,
                          "{\"protocol\": 1, \"batch_id\": \"%s\", \"office_id\": \"%s\","
                          " \"device_id\": \"device-1\", \"first_seq\": %" G_GINT64_FORMAT ","
                          " \"last_seq\": %" G_GINT64_FORMAT ","
                          " \"created_at\": \"2026-11-22T08:15:31.000Z\", \"records\": [",
                          batch_id, office_id, first_seq, first_seq + n - 1);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i ? ", " : "", records[i]);
  g_string_append (text, "]}");
  return g_string_free (text, FALSE);
}

/* A batch of @n member upserts u-<prefix>-<i>, version 1. */
static char *
member_batch (const char *batch_id,
              const char *prefix,
              gint64      first_seq,
              guint       n)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("u-%s-%u", prefix, i);
      g_autofree char *data = g_strdup_printf ("{\"name\": \"成员 %s %u\","
                                               " \"id_kind\": \"resident\","
                                               " \"id_number\": \"" ID_VALID "\"}",
                                               prefix, i);

      g_ptr_array_add (records, record_json (first_seq + i, "member", uuid, 1, "upsert", data));
    }
  g_ptr_array_add (records, NULL);
  return batch_json (batch_id, "office-1", first_seq, (const char *const *) records->pdata);
}

static SoupMessage *
batch_message (Fixture    *f,
               const char *token,
               const char *batch_id,
               GBytes     *body,
               gboolean    gzip)
{
  SoupMessage *msg = api_message (f, "POST", "v1/batches", token);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (batch_id != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", batch_id);
  if (gzip)
    {
      g_autoptr(GBytes) compressed = gzip_bytes (body, TRUE);

      soup_message_headers_replace (headers, "Content-Encoding", "gzip");
      soup_message_set_request_body_from_bytes (msg, "application/json", compressed);
    }
  else
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

/* POSTs @body (plain) with Idempotency-Key @batch_id; returns the reply body, *status set. */
static GBytes *
post_batch (Fixture    *f,
            const char *token,
            const char *batch_id,
            const char *body,
            guint      *status)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = batch_message (f, token, batch_id, bytes, FALSE);
  GBytes *reply = send_ok (f, msg);

  *status = soup_message_get_status (msg);
  return reply;
}

static GBytes *
get_batch (Fixture    *f,
           const char *token,
           const char *batch_id,
           guint      *status)
{
  g_autofree char *path = g_strconcat ("v1/batches/", batch_id, NULL);
  g_autoptr(SoupMessage) msg = api_message (f, "GET", path, token);
  GBytes *reply = send_ok (f, msg);

  *status = soup_message_get_status (msg);
  return reply;
}

static guint
hello_status (Fixture    *f,
              const char *token)
{
  g_autoptr(SoupMessage) msg = api_message (f, "GET", "v1/hello", token);
  g_autoptr(GBytes) body = send_ok (f, msg);

  return soup_message_get_status (msg);
}

/* The status of result @index of a batch reply, checking its seq. */
static JsonObject *
result_at (JsonNode *reply,
           guint     index,
           gint64    seq)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (reply), "results");
  JsonObject *result = json_array_get_object_element (results, index);

  g_assert_cmpint (json_object_get_int_member (result, "seq"), ==, seq);
  return result;
}

static const char *
status_at (JsonNode *reply,
           guint     index,
           gint64    seq)
{
  return json_object_get_string_member (result_at (reply, index, seq), "status");
}

/* Control API */

static void
control_faults (Fixture    *f,
                const char *json)
{
  g_autofree char *url = g_strconcat (f->root, "control/faults", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = send_ok (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NO_CONTENT);
}

static JsonNode *
control_get (Fixture    *f,
             const char *path)
{
  g_autofree char *url = g_strconcat (f->root, "control/", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) reply = send_ok (f, msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  return parse_json (reply);
}

static gint64
stat_value (Fixture    *f,
            const char *name)
{
  g_autoptr(JsonNode) stats = control_get (f, "stats");

  g_assert_true (json_object_has_member (json_node_get_object (stats), name));
  return json_object_get_int_member (json_node_get_object (stats), name);
}

static void
control_reset (Fixture *f)
{
  g_autofree char *url = g_strconcat (f->root, "control/reset", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) reply = send_ok (f, msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NO_CONTENT);
}

/* Raw HTTP over a socket: the bytes the server sent before closing, and the read error if the
 * connection was reset. */
static GBytes *
raw_exchange (Fixture    *f,
              const char *request,
              GError    **read_error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GInputStream *input;
  guint8 buffer[4096];

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  for (;;)
    {
      gssize n = g_input_stream_read (input, buffer, sizeof buffer, NULL, read_error);

      if (n <= 0)
        break;
      g_byte_array_append (data, buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* Asynchronous requests, for the concurrency tests. */

typedef struct
{
  SoupMessage *msg;   /* owned */
  GBytes      *body;  /* owned */
  GError      *error; /* owned */
  gboolean     done;
  gint64       finished_at;
} Pending;

static void
pending_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                     &pending->error);
  pending->done = TRUE;
  pending->finished_at = g_get_monotonic_time ();
}

static void
pending_start (Fixture     *f,
               Pending     *pending,
               SoupMessage *msg)
{
  pending->msg = msg;
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, pending_done,
                                    pending);
}

static void
pending_wait (Pending *pending)
{
  while (!pending->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
pending_clear (Pending *pending)
{
  g_clear_object (&pending->msg);
  g_clear_pointer (&pending->body, g_bytes_unref);
  g_clear_error (&pending->error);
}

static gboolean
timeout_done (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Tests */

static void
test_hello (Fixture       *f,
            gconstpointer  user_data)
{
  g_autoptr(SoupMessage) msg = api_message (f, "GET", "v1/hello", TOKEN);
  g_autoptr(GBytes) body = send_ok (f, msg);
  g_autoptr(JsonNode) root = parse_json (body);
  JsonObject *hello = json_node_get_object (root);
  g_autoptr(GRegex) iso = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", 0,
                                       0, NULL);
  g_autoptr(SoupMessage) bad = api_message (f, "GET", "v1/hello", "wrong-token");
  g_autoptr(GBytes) bad_body = send_ok (f, bad);
  g_autoptr(SoupMessage) second = api_message (f, "GET", "v1/hello", TOKEN_2);
  g_autoptr(GBytes) second_body = send_ok (f, second);
  g_autoptr(JsonNode) second_root = parse_json (second_body);
  g_autoptr(GDateTime) server_time = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (hello, "protocol"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (hello, "office_id"), ==, "office-1");
  g_assert_cmpstr (json_object_get_string_member (hello, "office_name"), ==, "Test Office");
  g_assert_cmpint (json_object_get_int_member (hello, "max_batch_records"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (hello, "max_batch_bytes"), ==, 4194304);
  g_assert_true (g_regex_match (iso, json_object_get_string_member (hello, "server_time"), 0,
                                NULL));
  server_time = g_date_time_new_from_iso8601 (json_object_get_string_member (hello,
                                                                             "server_time"),
                                              NULL);
  g_assert_nonnull (server_time);
  g_assert_cmpint (ABS (g_date_time_difference (now, server_time)), <, 60 * G_TIME_SPAN_SECOND);

  g_assert_cmpuint (soup_message_get_status (bad), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (
                                     soup_message_get_response_headers (bad), "WWW-Authenticate"),
                                   "Bearer"));
  g_assert_cmpuint (hello_status (f, NULL), ==, SOUP_STATUS_UNAUTHORIZED);

  g_assert_cmpuint (soup_message_get_status (second), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (second_root),
                                                  "office_name"),
                   ==, "Second Office");
}

static void
test_endpoints (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(SoupMessage) unknown = api_message (f, "GET", "v1/nothing", TOKEN);
  g_autoptr(GBytes) unknown_body = send_ok (f, unknown);
  g_autoptr(SoupMessage) wrong = api_message (f, "DELETE", "v1/batches", TOKEN);
  g_autoptr(GBytes) wrong_body = send_ok (f, wrong);
  g_autoptr(SoupMessage) policy = api_message (f, "GET", "v1/policy", NULL);
  g_autoptr(GBytes) policy_body = send_ok (f, policy);
  guint status;
  g_autoptr(GBytes) batch = get_batch (f, NULL, "some-batch", &status);

  g_assert_cmpuint (soup_message_get_status (unknown), ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (soup_message_get_status (wrong), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpuint (soup_message_get_status (policy), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
}

static void
test_batch_accepted_and_replayed (Fixture       *f,
                                  gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-a", "a", 1, 2);
  guint status;
  g_autoptr(GBytes) first = post_batch (f, TOKEN, "batch-a", body, &status);
  g_autoptr(JsonNode) reply = parse_json (first);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GBytes) unknown = NULL;
  g_autoptr(GBytes) other_office = NULL;

  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply), "batch_id"), ==,
                   "batch-a");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (reply), "results")), ==, 2);
  g_assert_cmpstr (status_at (reply, 0, 1), ==, "accepted");
  g_assert_cmpstr (status_at (reply, 1, 2), ==, "accepted");

  /* The same batch again: the same results, byte for byte, and nothing stored twice. */
  again = post_batch (f, TOKEN, "batch-a", body, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (first, again));

  stored = get_batch (f, TOKEN, "batch-a", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (first, stored));

  unknown = get_batch (f, TOKEN, "never-sent", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_NOT_FOUND);
  other_office = get_batch (f, TOKEN_2, "batch-a", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_NOT_FOUND);

  g_assert_cmpint (stat_value (f, "batches"), ==, 1);
  g_assert_cmpint (stat_value (f, "records"), ==, 2);
  g_assert_cmpint (stat_value (f, "accepted"), ==, 2);
  g_assert_cmpint (stat_value (f, "duplicate"), ==, 0);
  g_assert_cmpint (stat_value (f, "batch_replays"), ==, 1);
  g_assert_cmpint (stat_value (f, "max_times_stored"), ==, 1);
}

static void
test_batch_reused_id (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-r", "r", 1, 1);
  g_autofree char *other = member_batch ("batch-r", "other", 1, 1);
  guint status;
  g_autoptr(GBytes) first = post_batch (f, TOKEN, "batch-r", body, &status);
  g_autoptr(GBytes) second = NULL;
  g_autoptr(JsonNode) error = NULL;

  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  second = post_batch (f, TOKEN, "batch-r", other, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNPROCESSABLE_ENTITY);
  error = parse_json (second);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (error), "error"), ==,
                   "batch_id_reused");
  g_assert_cmpint (stat_value (f, "records"), ==, 1);
}

static const char *const delay_args[] = { "--processing-delay-ms", "2500", NULL };

static void
test_batch_in_progress (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-slow", "slow", 1, 1);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  Pending first = { NULL, };
  Pending second = { NULL, };
  Pending hello = { NULL, };
  gint64 hello_started;
  g_autoptr(JsonNode) reply = NULL;

  pending_start (f, &first, batch_message (f, TOKEN, "batch-slow", bytes, FALSE));
  iterate_for (300);

  /* While the first is processed: 409 for the same batch id, and other requests are served. */
  hello_started = g_get_monotonic_time ();
  pending_start (f, &hello, api_message (f, "GET", "v1/hello", TOKEN));
  pending_start (f, &second, batch_message (f, TOKEN, "batch-slow", bytes, FALSE));
  pending_wait (&hello);
  pending_wait (&second);
  g_assert_false (first.done);
  g_assert_no_error (hello.error);
  g_assert_cmpuint (soup_message_get_status (hello.msg), ==, SOUP_STATUS_OK);
  g_assert_cmpint (hello.finished_at - hello_started, <, G_TIME_SPAN_SECOND);
  g_assert_no_error (second.error);
  g_assert_cmpuint (soup_message_get_status (second.msg), ==, SOUP_STATUS_CONFLICT);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (second.msg),
                                                 "Retry-After"),
                   ==, "1");
  g_assert_cmpint (stat_value (f, "in_flight"), ==, 1);

  pending_wait (&first);
  g_assert_no_error (first.error);
  g_assert_cmpuint (soup_message_get_status (first.msg), ==, SOUP_STATUS_OK);
  reply = parse_json (first.body);
  g_assert_cmpstr (status_at (reply, 0, 1), ==, "accepted");
  g_assert_cmpint (stat_value (f, "in_flight"), ==, 0);
  g_assert_cmpint (stat_value (f, "batches"), ==, 1);

  pending_clear (&first);
  pending_clear (&second);
  pending_clear (&hello);
}

static void
test_batch_statuses (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autofree char *m1 = record_json (1, "member", "m-1", 2, "upsert",
                                     "{\"name\": \"张三\", \"id_kind\": \"resident\","
                                     " \"id_number\": \"" ID_VALID "\", \"dues_fen\": 1200}");
  g_autofree char *p1 = record_json (2, "payout", "p-1", 1, "upsert",
                                     "{\"amount_fen\": 150000, \"member\": \"m-1\"}");
  const char *first_records[] = { m1, p1, NULL };
  g_autofree char *first = batch_json ("batch-s1", "office-1", 1, first_records);
  /* The same member, members reordered and spaced differently: the same content. */
  g_autofree char *dup = record_json (3, "member", "m-1", 2, "upsert",
                                      "{\"dues_fen\":1200,\"id_number\":\"" ID_VALID "\","
                                      "\"name\":\"张三\",\"id_kind\":\"resident\"}");
  g_autofree char *stale = record_json (4, "member", "m-1", 1, "upsert",
                                        "{\"name\": \"张三\"}");
  g_autofree char *conflict = record_json (5, "member", "m-1", 2, "upsert",
                                           "{\"name\": \"李四\"}");
  g_autofree char *bad_id = record_json (6, "member", "m-2", 1, "upsert",
                                         "{\"name\": \"王五\", \"id_kind\": \"resident\","
                                         " \"id_number\": \"" ID_INVALID "\"}");
  g_autofree char *lower_x = record_json (7, "member", "m-3", 1, "upsert",
                                          "{\"name\": \"赵六\", \"id_number\": \""
                                          ID_VALID_LOWER "\"}");
  g_autofree char *negative = record_json (8, "payout", "p-2", 1, "upsert",
                                           "{\"amount_fen\": -500}");
  g_autofree char *fractional = record_json (9, "payout", "p-3", 1, "upsert",
                                             "{\"amount_fen\": 15.5}");
  g_autofree char *string_fen = record_json (10, "aid_application", "a-1", 1, "upsert",
                                             "{\"requested_fen\": \"100\"}");
  g_autofree char *unknown = record_json (11, "widget", "w-1", 1, "upsert", "{}");
  g_autofree char *bad_op = record_json (12, "org", "o-1", 1, "merge", "{}");
  g_autofree char *tombstone = record_json (13, "payout", "p-1", 2, "delete", "{}");
  g_autofree char *no_amount = record_json (14, "payout", "p-4", 1, "upsert", "{}");
  g_autofree char *second_id = record_json (15, "member", "m-4", 1, "upsert",
                                            "{\"id_kind\": \"resident\", \"id_number\": \""
                                            ID_VALID_2 "\"}");
  const char *second_records[] = { dup, stale, conflict, bad_id, lower_x, negative, fractional,
                                   string_fen, unknown, bad_op, tombstone, no_amount, second_id,
                                   NULL };
  g_autofree char *second = batch_json ("batch-s2", "office-1", 3, second_records);
  /* Another office cannot take over office-1's record. */
  g_autofree char *foreign = record_json (1, "member", "m-1", 3, "upsert", "{\"name\": \"X\"}");
  const char *third_records[] = { foreign, NULL };
  g_autofree char *third = batch_json ("batch-o2", "office-2", 1, third_records);
  guint status;
  g_autoptr(GBytes) first_reply = post_batch (f, TOKEN, "batch-s1", first, &status);
  g_autoptr(GBytes) second_reply = NULL;
  g_autoptr(GBytes) third_reply = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) reply3 = NULL;
  g_autoptr(JsonNode) records = NULL;
  JsonObject *result;
  JsonArray *list;
  g_autofree char *canonical_sha256 = NULL;
  gboolean found = FALSE;

  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  second_reply = post_batch (f, TOKEN, "batch-s2", second, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  reply = parse_json (second_reply);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (reply), "results")), ==, 13);
  g_assert_cmpstr (status_at (reply, 0, 3), ==, "duplicate");
  g_assert_cmpstr (status_at (reply, 1, 4), ==, "stale");
  g_assert_cmpstr (status_at (reply, 2, 5), ==, "conflict");
  g_assert_nonnull (json_object_get_string_member (result_at (reply, 2, 5), "message"));

  result = result_at (reply, 3, 6);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "invalid_field");
  g_assert_cmpstr (json_object_get_string_member (result, "field"), ==, "id_number");
  g_assert_nonnull (json_object_get_string_member (result, "message"));

  g_assert_cmpstr (status_at (reply, 4, 7), ==, "accepted");

  result = result_at (reply, 5, 8);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "field"), ==, "amount_fen");
  result = result_at (reply, 6, 9);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "field"), ==, "amount_fen");
  result = result_at (reply, 7, 10);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "field"), ==, "requested_fen");
  result = result_at (reply, 8, 11);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "unknown_entity");
  result = result_at (reply, 9, 12);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "field"), ==, "op");
  g_assert_cmpstr (status_at (reply, 10, 13), ==, "accepted");
  result = result_at (reply, 11, 14);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "missing_field");
  g_assert_cmpstr (status_at (reply, 12, 15), ==, "accepted");

  third_reply = post_batch (f, TOKEN_2, "batch-o2", third, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  reply3 = parse_json (third_reply);
  g_assert_cmpstr (status_at (reply3, 0, 1), ==, "conflict");

  g_assert_cmpint (stat_value (f, "accepted"), ==, 5);
  g_assert_cmpint (stat_value (f, "duplicate"), ==, 1);
  g_assert_cmpint (stat_value (f, "stale"), ==, 1);
  g_assert_cmpint (stat_value (f, "conflict"), ==, 2);
  g_assert_cmpint (stat_value (f, "rejected"), ==, 7);
  g_assert_cmpint (stat_value (f, "records"), ==, 4);
  g_assert_cmpint (stat_value (f, "max_times_stored"), ==, 1);

  /* /control/records: every stored version once, with the sha256 of the canonical data. */
  canonical_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                    "{\"amount_fen\":150000,\"member\":\"m-1\"}",
                                                    -1);
  records = control_get (f, "records?office=office-1");
  list = json_object_get_array_member (json_node_get_object (records), "records");
  g_assert_cmpuint (json_array_get_length (list), ==, 5);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *record = json_array_get_object_element (list, i);

      g_assert_cmpint (json_object_get_int_member (record, "times_stored"), ==, 1);
      if (g_str_equal (json_object_get_string_member (record, "uuid"), "p-1")
          && json_object_get_int_member (record, "version") == 1)
        {
          g_assert_cmpstr (json_object_get_string_member (record, "entity"), ==, "payout");
          g_assert_cmpstr (json_object_get_string_member (record, "sha256"), ==,
                           canonical_sha256);
          g_assert_false (json_object_get_boolean_member (record, "current"));
          found = TRUE;
        }
    }
  g_assert_true (found);

  g_clear_pointer (&records, json_node_unref);
  records = control_get (f, "records?office=office-2");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (records), "records")), ==, 0);
}

static void
expect_batch_error (Fixture    *f,
                    const char *token,
                    const char *batch_id,
                    const char *body,
                    guint       expected_status)
{
  guint status;
  g_autoptr(GBytes) reply = post_batch (f, token, batch_id, body, &status);
  g_autoptr(JsonNode) error = parse_json (reply);

  g_assert_cmpuint (status, ==, expected_status);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (error), "error"));
}

static void
test_batch_malformed (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autofree char *good = member_batch ("batch-m", "m", 1, 2);
  g_autofree char *r1 = record_json (1, "member", "u1", 1, "upsert", "{}");
  g_autofree char *r3 = record_json (3, "member", "u2", 1, "upsert", "{}");
  const char *gap[] = { r1, r3, NULL };
  g_autofree char *with_gap = batch_json ("batch-gap", "office-1", 1, gap);
  g_autofree char *protocol_2 = NULL;
  g_autofree char *no_device = NULL;
  g_autofree char *other_office = member_batch ("batch-m", "m", 1, 2);
  g_autofree char *wrong_last = NULL;
  g_autoptr(GString) edit = NULL;

  expect_batch_error (f, TOKEN, "batch-x", "{\"protocol\": 1, \"batch_id\": ", 400);
  expect_batch_error (f, TOKEN, "batch-x", "[1, 2]", 400);

  edit = g_string_new (good);
  g_string_replace (edit, "\"protocol\": 1", "\"protocol\": 2", 1);
  protocol_2 = g_strdup (edit->str);
  expect_batch_error (f, TOKEN, "batch-m", protocol_2, 400);

  g_string_assign (edit, good);
  g_string_replace (edit, "\"device_id\": \"device-1\", ", "", 1);
  no_device = g_strdup (edit->str);
  expect_batch_error (f, TOKEN, "batch-m", no_device, 400);

  g_string_assign (edit, good);
  g_string_replace (edit, "\"last_seq\": 2", "\"last_seq\": 3", 1);
  wrong_last = g_strdup (edit->str);
  expect_batch_error (f, TOKEN, "batch-m", wrong_last, 400);
  expect_batch_error (f, TOKEN, "batch-gap", with_gap, 400);

  /* Idempotency-Key missing, or not the batch_id. */
  expect_batch_error (f, TOKEN, NULL, good, 400);
  expect_batch_error (f, TOKEN, "batch-other", good, 400);

  /* A batch of office-1 with office-2's token; no token at all. */
  expect_batch_error (f, TOKEN_2, "batch-m", other_office, 403);
  expect_batch_error (f, NULL, "batch-m", good, 401);
  expect_batch_error (f, "nope", "batch-m", good, 401);

  g_assert_cmpint (stat_value (f, "batches"), ==, 0);
  g_assert_cmpint (stat_value (f, "records"), ==, 0);

  /* After all that, the good batch goes through. */
  {
    guint status;
    g_autoptr(GBytes) reply = post_batch (f, TOKEN, "batch-m", good, &status);

    g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  }
}

static const char *const small_args[] = { "--max-body-bytes", "3000", "--max-batch-records", "3",
                                          "--max-batch-bytes", "2500", NULL };

static void
test_batch_too_large (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(SoupMessage) hello = api_message (f, "GET", "v1/hello", TOKEN);
  g_autoptr(GBytes) hello_body = send_ok (f, hello);
  g_autoptr(JsonNode) hello_root = parse_json (hello_body);
  g_autofree char *four = member_batch ("batch-4", "four", 1, 4);
  g_autofree char *pad = NULL;
  g_autofree char *pad_data = NULL;
  g_autofree char *padded_record = NULL;
  const char *padded_records[2] = { NULL, NULL };
  g_autofree char *padded = NULL;
  g_autoptr(GBytes) padded_bytes = NULL;
  g_autoptr(SoupMessage) gzip_msg = NULL;
  g_autoptr(GBytes) gzip_reply = NULL;
  g_autofree char *three = member_batch ("batch-3", "three", 1, 3);
  guint status;
  g_autoptr(GBytes) ok = NULL;

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (hello_root),
                                               "max_batch_records"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (hello_root),
                                               "max_batch_bytes"), ==, 2500);

  expect_batch_error (f, TOKEN, "batch-4", four, 413);

  /* One record, 4000 bytes of data: 413 plain, and 413 gzip-compressed (tiny on the wire). */
  pad = g_strnfill (4000, 'x');
  pad_data = g_strdup_printf ("{\"note\": \"%s\"}", pad);
  padded_record = record_json (1, "org", "o-1", 1, "upsert", pad_data);
  padded_records[0] = padded_record;
  padded = batch_json ("batch-big", "office-1", 1, padded_records);
  expect_batch_error (f, TOKEN, "batch-big", padded, 413);

  padded_bytes = g_bytes_new (padded, strlen (padded));
  gzip_msg = batch_message (f, TOKEN, "batch-big", padded_bytes, TRUE);
  gzip_reply = send_ok (f, gzip_msg);
  g_assert_cmpuint (soup_message_get_status (gzip_msg), ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);

  g_assert_cmpint (stat_value (f, "batches"), ==, 0);
  g_assert_cmpint (stat_value (f, "records"), ==, 0);

  ok = post_batch (f, TOKEN, "batch-3", three, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
}

static void
test_batch_gzip (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-gz", "gz", 1, 40);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = batch_message (f, TOKEN, "batch-gz", bytes, TRUE);
  g_autoptr(GBytes) reply = send_ok (f, msg);
  g_autoptr(JsonNode) root = parse_json (reply);
  g_autoptr(SoupMessage) plain = batch_message (f, TOKEN, "batch-gz", bytes, FALSE);
  g_autoptr(GBytes) plain_reply = NULL;
  g_autoptr(SoupSession) raw_session = soup_session_new ();
  g_autoptr(SoupMessage) compressed = api_message (f, "GET", "v1/batches/batch-gz", TOKEN);
  g_autoptr(GBytes) compressed_reply = NULL;
  g_autoptr(GBytes) inflated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) bad_gzip = NULL;
  g_autoptr(GBytes) bad_reply = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not gzip at all", 15);

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  for (guint i = 0; i < 40; i++)
    g_assert_cmpstr (status_at (root, i, i + 1), ==, "accepted");

  /* The same body sent uncompressed is the same batch (the sha256 is of the decompressed body). */
  plain_reply = send_ok (f, plain);
  g_assert_cmpuint (soup_message_get_status (plain), ==, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (reply, plain_reply));

  /* Responses over 1 KiB are compressed for a client that accepts gzip. */
  soup_session_remove_feature_by_type (raw_session, SOUP_TYPE_CONTENT_DECODER);
  soup_message_headers_replace (soup_message_get_request_headers (compressed), "Accept-Encoding",
                                "gzip");
  compressed_reply = soup_session_send_and_read (raw_session, compressed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (compressed), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (compressed),
                                                 "Content-Encoding"),
                   ==, "gzip");
  g_assert_cmpuint (g_bytes_get_size (compressed_reply), <, g_bytes_get_size (reply));
  inflated = gzip_bytes (compressed_reply, FALSE);
  g_assert_true (g_bytes_equal (inflated, reply));

  bad_gzip = batch_message (f, TOKEN, "batch-bad", garbage, FALSE);
  soup_message_headers_replace (soup_message_get_request_headers (bad_gzip), "Content-Encoding",
                                "gzip");
  bad_reply = send_ok (f, bad_gzip);
  g_assert_cmpuint (soup_message_get_status (bad_gzip), ==, SOUP_STATUS_BAD_REQUEST);
}

static void
test_policy (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(SoupMessage) msg = api_message (f, "GET", "v1/policy", TOKEN);
  g_autoptr(GBytes) body = send_ok (f, msg);
  g_autoptr(JsonNode) root = parse_json (body);
  const char *etag = json_object_get_string_member (json_node_get_object (root), "etag");
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", etag);
  JsonArray *parameters = json_object_get_array_member (json_node_get_object (root),
                                                        "parameters");
  g_autoptr(SoupMessage) again = api_message (f, "GET", "v1/policy", TOKEN);
  g_autoptr(GBytes) again_body = NULL;
  g_autoptr(SoupMessage) changed = api_message (f, "GET", "v1/policy", TOKEN);
  g_autoptr(GBytes) changed_body = NULL;
  const char *policy_text = "{\"parameters\": [{\"name\": \"dibao_monthly_fen\", \"region\":"
                            " \"330106\", \"value\": 110000, \"effective_from\": \"2027-01-01\"}]}";
  g_autofree char *policy_path = g_build_filename (f->tmpdir, "policy.json", NULL);
  const char *policy_args[] = { "--policy", policy_path, NULL };
  g_autoptr(SoupMessage) from_file = NULL;
  g_autoptr(GBytes) file_body = NULL;
  g_autoptr(JsonNode) file_root = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (strlen (etag), ==, 64);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"),
                   ==, quoted);
  for (guint i = 0; i < json_array_get_length (parameters); i++)
    {
      JsonObject *parameter = json_array_get_object_element (parameters, i);

      if (g_str_equal (json_object_get_string_member (parameter, "name"), "dibao_monthly_fen"))
        {
          g_assert_cmpstr (json_object_get_string_member (parameter, "region"), ==, "330102");
          g_assert_cmpint (json_object_get_int_member (parameter, "value"), ==, 106000);
          found = TRUE;
        }
    }
  g_assert_true (found);

  soup_message_headers_replace (soup_message_get_request_headers (again), "If-None-Match", quoted);
  again_body = send_ok (f, again);
  g_assert_cmpuint (soup_message_get_status (again), ==, SOUP_STATUS_NOT_MODIFIED);
  g_assert_cmpuint (g_bytes_get_size (again_body), ==, 0);

  soup_message_headers_replace (soup_message_get_request_headers (changed), "If-None-Match",
                                "\"something-else\"");
  changed_body = send_ok (f, changed);
  g_assert_cmpuint (soup_message_get_status (changed), ==, SOUP_STATUS_OK);

  /* --policy FILE: served with the sha256 of the file as etag. */
  g_file_set_contents (policy_path, policy_text, -1, &error);
  g_assert_no_error (error);
  server_stop (f);
  server_start (f, policy_args);
  from_file = api_message (f, "GET", "v1/policy", TOKEN);
  file_body = send_ok (f, from_file);
  g_assert_cmpuint (soup_message_get_status (from_file), ==, SOUP_STATUS_OK);
  file_root = parse_json (file_body);
  {
    g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, policy_text, -1);
    JsonArray *list = json_object_get_array_member (json_node_get_object (file_root),
                                                    "parameters");

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (file_root), "etag"), ==,
                     sha256);
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                    "region"),
                     ==, "330106");
  }
}

/* Faults */

static void
test_fault_status (Fixture       *f,
                   gconstpointer  user_data)
{
  static const struct
  {
    const char *kind;
    guint       status;
    const char *retry_after;
  } cases[] = {
    { "500", 500, NULL },
    { "503", 503, "1" },
    { "429", 429, "1" },
    { "401", 401, NULL },
    { "413", 413, NULL },
  };
  g_autofree char *body = member_batch ("batch-f", "f", 1, 2);
  g_autofree char *date = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *queue = g_strdup_printf ("{\"queue\": [\"%s\"]}", cases[i].kind);
      guint status;
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      g_autoptr(SoupMessage) msg = batch_message (f, TOKEN, "batch-f", bytes, FALSE);
      g_autoptr(GBytes) reply = NULL;

      control_faults (f, queue);
      reply = send_ok (f, msg);
      status = soup_message_get_status (msg);
      g_assert_cmpuint (status, ==, cases[i].status);
      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "Retry-After"),
                       ==, cases[i].retry_after);
      g_assert_cmpint (stat_value (f, "batches"), ==, 0);
      g_assert_cmpint (stat_value (f, "faults_injected"), ==, i + 1);
    }

  /* retry_after: seconds, or an HTTP date. */
  control_faults (f, "{\"queue\": [\"503\", \"429\"], \"retry_after\": 7}");
  {
    g_autoptr(SoupMessage) msg = api_message (f, "GET", "v1/hello", TOKEN);
    g_autoptr(GBytes) reply = send_ok (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 503);
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "Retry-After"),
                     ==, "7");
  }
  date = g_strdup ("Wed, 21 Oct 2026 07:28:00 GMT");
  {
    g_autofree char *json = g_strdup_printf ("{\"retry_after\": \"%s\"}", date);
    g_autoptr(SoupMessage) msg = api_message (f, "GET", "v1/hello", TOKEN);
    g_autoptr(GBytes) reply = NULL;

    control_faults (f, json);
    reply = send_ok (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "Retry-After"),
                     ==, date);
  }
  g_assert_cmpuint (hello_status (f, TOKEN), ==, SOUP_STATUS_OK);
}

static void
test_fault_close_before_commit (Fixture       *f,
                                gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-cb", "cb", 1, 2);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = batch_message (f, TOKEN, "batch-cb", bytes, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) lookup = NULL;
  g_autoptr(GBytes) resent = NULL;
  guint status;

  control_faults (f, "{\"queue\": [\"close_before_commit\"]}");
  reply = send_message (f, msg, &error);
  g_assert_nonnull (error);
  g_assert_null (reply);

  lookup = get_batch (f, TOKEN, "batch-cb", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpint (stat_value (f, "batches"), ==, 0);
  g_assert_cmpint (stat_value (f, "records"), ==, 0);
  g_assert_cmpint (stat_value (f, "faults_injected"), ==, 1);

  resent = post_batch (f, TOKEN, "batch-cb", body, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpint (stat_value (f, "accepted"), ==, 2);
}

static void
test_fault_close_after_commit (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-ca", "ca", 1, 3);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = batch_message (f, TOKEN, "batch-ca", bytes, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) lookup = NULL;
  g_autoptr(GBytes) resent = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  control_faults (f, "{\"queue\": [\"close_after_commit\"]}");
  reply = send_message (f, msg, &error);
  g_assert_nonnull (error);
  g_assert_null (reply);

  /* The response was lost, the batch was not. */
  g_assert_cmpint (stat_value (f, "batches"), ==, 1);
  g_assert_cmpint (stat_value (f, "records"), ==, 3);
  lookup = get_batch (f, TOKEN, "batch-ca", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  root = parse_json (lookup);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (status_at (root, i, i + 1), ==, "accepted");

  resent = post_batch (f, TOKEN, "batch-ca", body, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (lookup, resent));
  g_assert_cmpint (stat_value (f, "accepted"), ==, 3);
  g_assert_cmpint (stat_value (f, "max_times_stored"), ==, 1);

  /* On a GET too. */
  control_faults (f, "{\"queue\": [\"close_after_commit\"]}");
  {
    g_autoptr(SoupMessage) get = api_message (f, "GET", "v1/batches/batch-ca", TOKEN);
    g_autoptr(GError) get_error = NULL;
    g_autoptr(GBytes) get_reply = send_message (f, get, &get_error);

    g_assert_nonnull (get_error);
  }
}

static void
test_fault_reset_and_truncated (Fixture       *f,
                                gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-rt", "rt", 1, 3);
  g_autofree char *other = member_batch ("batch-rt2", "rt2", 4, 3);
  const char *kinds[] = { "reset_mid_response", "truncated" };
  const char *ids[] = { "batch-rt", "batch-rt2" };
  const char *bodies[] = { body, other };
  g_autofree char *request = g_strdup_printf ("GET /api/v1/batches/batch-rt HTTP/1.1\r\n"
                                              "Host: 127.0.0.1\r\n"
                                              "Authorization: Bearer " TOKEN "\r\n"
                                              "Connection: close\r\n\r\n");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *queue = g_strdup_printf ("{\"queue\": [\"%s\"]}", kinds[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (bodies[i], strlen (bodies[i]));
      g_autoptr(SoupMessage) msg = batch_message (f, TOKEN, ids[i], bytes, FALSE);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GBytes) lookup = NULL;
      guint status;

      control_faults (f, queue);
      reply = send_message (f, msg, &error);
      g_assert_nonnull (error);
      g_assert_null (reply);

      /* Committed before the broken response. */
      lookup = get_batch (f, TOKEN, ids[i], &status);
      g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
    }
  g_assert_cmpint (stat_value (f, "records"), ==, 6);
  g_assert_cmpint (stat_value (f, "faults_injected"), ==, 2);

  /* On the wire: a status line, a Content-Length, and less body than it claims. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *queue = g_strdup_printf ("{\"queue\": [\"%s\"]}", kinds[i]);
      g_autoptr(GError) read_error = NULL;
      g_autoptr(GBytes) raw = NULL;
      g_autofree char *text = NULL;
      const char *length_header;
      const char *separator;
      guint64 claimed;

      control_faults (f, queue);
      raw = raw_exchange (f, request, &read_error);
      text = bytes_dup_string (raw);
      if (i == 1)
        g_assert_no_error (read_error); /* truncated: a clean close */
      if (read_error != NULL)
        {
          /* reset: an RST may also discard what was already received. */
          g_assert_true (read_error->domain == G_IO_ERROR);
          if (g_bytes_get_size (raw) == 0)
            continue;
        }
      g_assert_true (g_str_has_prefix (text, "HTTP/1.1 200 OK\r\n"));
      length_header = strstr (text, "Content-Length: ");
      separator = strstr (text, "\r\n\r\n");
      g_assert_nonnull (length_header);
      g_assert_nonnull (separator);
      claimed = g_ascii_strtoull (length_header + strlen ("Content-Length: "), NULL, 10);
      g_assert_cmpuint (strlen (separator + 4), <, claimed);
      g_assert_cmpuint (strlen (separator + 4), >, 0);
      g_assert_true (g_str_has_prefix (separator + 4, "{\"batch_id\":\"batch-rt\""));
    }
}

static void
test_fault_invalid_json (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-ij", "ij", 1, 2);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = batch_message (f, TOKEN, "batch-ij", bytes, FALSE);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) lookup = NULL;
  guint status;

  control_faults (f, "{\"queue\": [\"invalid_json\"]}");
  reply = send_ok (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_false (is_json (reply));

  lookup = get_batch (f, TOKEN, "batch-ij", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_true (is_json (lookup));
  g_assert_cmpint (stat_value (f, "records"), ==, 2);
}

static void
test_fault_replay (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autofree char *body_a = member_batch ("batch-ra", "ra", 1, 2);
  g_autofree char *body_b = member_batch ("batch-rb", "rb", 3, 2);
  guint status;
  g_autoptr(GBytes) reply_a = NULL;
  g_autoptr(GBytes) reply_b = NULL;
  g_autoptr(GBytes) lookup_b = NULL;
  g_autoptr(GBytes) reply_c = NULL;
  g_autoptr(JsonNode) root_b = NULL;
  g_autoptr(JsonNode) root_c = NULL;
  g_autoptr(JsonNode) true_b = NULL;

  /* No other batch yet: this batch's results under another batch id. */
  control_faults (f, "{\"queue\": [\"replay\"]}");
  reply_a = post_batch (f, TOKEN, "batch-ra", body_a, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  root_c = parse_json (reply_a);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root_c), "batch_id"), !=,
                   "batch-ra");
  g_assert_cmpstr (status_at (root_c, 0, 1), ==, "accepted");

  /* Then another batch's results. */
  control_faults (f, "{\"queue\": [\"replay\"]}");
  reply_b = post_batch (f, TOKEN, "batch-rb", body_b, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  root_b = parse_json (reply_b);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root_b), "batch_id"), ==,
                   "batch-ra");

  /* The real results were committed and are what a resend gets. */
  lookup_b = get_batch (f, TOKEN, "batch-rb", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  true_b = parse_json (lookup_b);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (true_b), "batch_id"), ==,
                   "batch-rb");
  g_assert_cmpstr (status_at (true_b, 0, 3), ==, "accepted");
  reply_c = post_batch (f, TOKEN, "batch-rb", body_b, &status);
  g_assert_true (g_bytes_equal (reply_c, lookup_b));
  g_assert_cmpint (stat_value (f, "faults_injected"), ==, 2);
  g_assert_cmpint (stat_value (f, "max_times_stored"), ==, 1);
}

static void
test_fault_slow (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-sl", "sl", 1, 1);
  gint64 start;
  guint status;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) root = NULL;

  control_faults (f, "{\"queue\": [\"slow\"], \"slow_ms\": 800}");
  start = g_get_monotonic_time ();
  reply = post_batch (f, TOKEN, "batch-sl", body, &status);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 800 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  root = parse_json (reply);
  g_assert_cmpstr (status_at (root, 0, 1), ==, "accepted");
}

static void
test_fault_queue_and_random (Fixture       *f,
                             gconstpointer  user_data)
{
  guint first_run[30];

  /* A queue applies to the next requests in order; "none" lets one through. */
  control_faults (f, "{\"queue\": [\"500\", \"none\", \"503\"]}");
  g_assert_cmpuint (hello_status (f, TOKEN), ==, 500);
  g_assert_cmpuint (hello_status (f, TOKEN), ==, 200);
  g_assert_cmpuint (hello_status (f, TOKEN), ==, 503);
  g_assert_cmpuint (hello_status (f, TOKEN), ==, 200);

  /* Random faults of the kinds asked for, only on hello and batches. */
  control_faults (f, "{\"rate\": 1, \"kinds\": [\"429\"], \"seed\": 3}");
  g_assert_cmpuint (hello_status (f, TOKEN), ==, 429);
  {
    g_autoptr(SoupMessage) msg = api_message (f, "GET", "v1/policy", TOKEN);
    g_autoptr(GBytes) body = send_ok (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }

  /* The same seed gives the same sequence. */
  control_faults (f, "{\"rate\": 0.5, \"kinds\": [\"500\", \"503\"], \"seed\": 42}");
  for (guint i = 0; i < G_N_ELEMENTS (first_run); i++)
    first_run[i] = hello_status (f, TOKEN);
  control_faults (f, "{\"seed\": 42}");
  for (guint i = 0; i < G_N_ELEMENTS (first_run); i++)
    g_assert_cmpuint (hello_status (f, TOKEN), ==, first_run[i]);
  {
    guint ok = 0;

    for (guint i = 0; i < G_N_ELEMENTS (first_run); i++)
      {
        g_assert_true (first_run[i] == 200 || first_run[i] == 500 || first_run[i] == 503);
        ok += first_run[i] == 200;
      }
    g_assert_cmpuint (ok, >, 0);
    g_assert_cmpuint (ok, <, G_N_ELEMENTS (first_run));
  }

  control_faults (f, "{\"rate\": 0}");
  g_assert_cmpuint (hello_status (f, TOKEN), ==, 200);
}

static const char *const random_args[] = { "--fault-rate", "1", "--fault-kinds", "503", "--seed",
                                           "1", NULL };

static void
test_fault_command_line (Fixture       *f,
                         gconstpointer  user_data)
{
  g_assert_cmpuint (hello_status (f, TOKEN), ==, 503);
  g_assert_cmpuint (hello_status (f, TOKEN), ==, 503);
  control_reset (f);
  g_assert_cmpuint (hello_status (f, TOKEN), ==, 200);
}

/* A small client that follows the protocol's retry rules, against random faults of every kind
 * that a client recovers from: every record ends stored exactly once. */
static void
test_fault_exactly_once (Fixture       *f,
                         gconstpointer  user_data)
{
  const guint n_batches = 12;
  const guint per_batch = 3;
  guint attempts = 0;

  control_faults (f, "{\"rate\": 0.5, \"seed\": 11, \"slow_ms\": 50, \"retry_after\": \"0\","
                  " \"kinds\": [\"close_before_commit\", \"close_after_commit\","
                  " \"reset_mid_response\", \"500\", \"503\", \"429\", \"slow\", \"truncated\","
                  " \"invalid_json\", \"replay\"]}");

  for (guint b = 0; b < n_batches; b++)
    {
      g_autofree char *batch_id = g_strdup_printf ("batch-eo-%u", b);
      g_autofree char *prefix = g_strdup_printf ("eo%u", b);
      g_autofree char *body = member_batch (batch_id, prefix, 1 + b * per_batch, per_batch);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      gboolean done = FALSE;

      while (!done)
        {
          g_autoptr(SoupMessage) msg = batch_message (f, TOKEN, batch_id, bytes, FALSE);
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) reply = send_message (f, msg, &error);
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *object;

          g_assert_cmpuint (++attempts, <, 500);
          if (reply == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
            continue;
          if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                           g_bytes_get_size (reply), NULL)
              || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            continue;
          object = json_node_get_object (json_parser_get_root (parser));
          if (g_strcmp0 (json_object_get_string_member_with_default (object, "batch_id", ""),
                         batch_id) != 0)
            continue;
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                                 "results")),
                            ==, per_batch);
          for (guint i = 0; i < per_batch; i++)
            {
              JsonObject *result = json_array_get_object_element (
                json_object_get_array_member (object, "results"), i);

              g_assert_cmpint (json_object_get_int_member (result, "seq"), ==,
                               1 + b * per_batch + i);
              g_assert_cmpstr (json_object_get_string_member (result, "status"), ==,
                               "accepted");
            }
          done = TRUE;
        }
    }

  control_faults (f, "{\"rate\": 0}");
  g_assert_cmpint (stat_value (f, "faults_injected"), >, 0);
  g_assert_cmpint (stat_value (f, "batches"), ==, n_batches);
  g_assert_cmpint (stat_value (f, "records"), ==, n_batches * per_batch);
  g_assert_cmpint (stat_value (f, "accepted"), ==, n_batches * per_batch);
  g_assert_cmpint (stat_value (f, "max_times_stored"), ==, 1);
}

/* Control API */

static void
test_control_reset (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-cr", "cr", 1, 2);
  guint status;
  g_autoptr(GBytes) reply = post_batch (f, TOKEN, "batch-cr", body, &status);
  g_autoptr(GBytes) lookup = NULL;
  g_autoptr(JsonNode) records = NULL;
  g_autoptr(JsonNode) stats = NULL;
  GList *members;

  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  control_faults (f, "{\"queue\": [\"500\", \"500\"], \"rate\": 1}");
  g_assert_cmpint (stat_value (f, "faults_queued"), ==, 2);

  control_reset (f);
  stats = control_get (f, "stats");
  members = json_object_get_members (json_node_get_object (stats));
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), l->data), ==, 0);
  g_list_free (members);

  records = control_get (f, "records");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (records), "records")), ==, 0);
  lookup = get_batch (f, TOKEN, "batch-cr", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (hello_status (f, TOKEN), ==, SOUP_STATUS_OK);
}

static void
test_control_bad_requests (Fixture       *f,
                           gconstpointer  user_data)
{
  const char *bad[] = {
    "{\"queue\": [\"explode\"]}",
    "{\"kinds\": [\"500\", 3]}",
    "{\"rate\": 1.5}",
    "{\"seed\": \"x\"}",
    "not json",
  };
  g_autofree char *url = g_strconcat (f->root, "control/faults", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) request = g_bytes_new (bad[i], strlen (bad[i]));
      g_autoptr(GBytes) reply = NULL;

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      reply = send_ok (f, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
    }
  g_assert_cmpint (stat_value (f, "faults_queued"), ==, 0);
  g_assert_cmpuint (hello_status (f, TOKEN), ==, SOUP_STATUS_OK);
}

static void
test_persistence (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autofree char *body = member_batch ("batch-p", "p", 1, 2);
  guint status;
  g_autoptr(GBytes) reply = post_batch (f, TOKEN, "batch-p", body, &status);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) resent = NULL;

  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  server_stop (f);
  g_assert_true (g_file_test (f->db_path, G_FILE_TEST_IS_REGULAR));
  server_start (f, NULL);

  after = get_batch (f, TOKEN, "batch-p", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (reply, after));
  resent = post_batch (f, TOKEN, "batch-p", body, &status);
  g_assert_true (g_bytes_equal (reply, resent));
  g_assert_cmpint (stat_value (f, "records"), ==, 2);
}

static const char *const bare_args[] = { BARE, NULL };

/* Without options: office-1 / test-token / Test Office, in memory, default limits. */
static void
test_defaults (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(SoupMessage) msg = api_message (f, "GET", "v1/hello", TOKEN);
  g_autoptr(GBytes) body = send_ok (f, msg);
  g_autoptr(JsonNode) root = parse_json (body);
  JsonObject *hello = json_node_get_object (root);
  g_autofree char *batch = member_batch ("batch-d", "d", 1, 1);
  guint status;
  g_autoptr(GBytes) reply = post_batch (f, TOKEN, "batch-d", batch, &status);

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (hello, "office_id"), ==, "office-1");
  g_assert_cmpstr (json_object_get_string_member (hello, "office_name"), ==, "Test Office");
  g_assert_cmpint (json_object_get_int_member (hello, "max_batch_records"), ==, 1000);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (hello_status (f, TOKEN_2), ==, SOUP_STATUS_UNAUTHORIZED);

  /* In memory: a restart forgets everything, and no database file was written. */
  server_stop (f);
  server_start (f, bare_args);
  g_clear_pointer (&reply, g_bytes_unref);
  reply = get_batch (f, TOKEN, "batch-d", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
}

/* --tls-cert/--tls-key: HTTPS, verified against the server's certificate as the CA file. */
static void
test_tls (Fixture       *f,
          gconstpointer  user_data)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert = g_build_filename (f->tmpdir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (f->tmpdir, "key.pem", NULL);
  const char *tls_args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupSession) unverified = NULL;
  g_autoptr(SoupMessage) rejected = NULL;
  g_autoptr(GBytes) rejected_reply = NULL;
  g_autofree char *body = member_batch ("batch-tls", "tls", 1, 2);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) cut = NULL;
  g_autoptr(GBytes) cut_reply = NULL;
  g_autoptr(GBytes) lookup = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  guint status;

  if (openssl == NULL || !g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("needs openssl and a GIO TLS backend");
      return;
    }

  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           "-keyout", key, "-out", cert, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                  NULL, &wait_status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (wait_status, &error);
    g_assert_no_error (error);
  }

  server_stop (f);
  server_start (f, tls_args);
  g_assert_true (g_str_has_prefix (f->base, "https://127.0.0.1:"));

  /* Verification stays on: without the CA the handshake fails. */
  unverified = soup_session_new ();
  rejected = soup_message_new ("GET", f->base);
  rejected_reply = soup_session_send_and_read (unverified, rejected, NULL, &error);
  g_assert_nonnull (error);
  g_clear_error (&error);

  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  g_object_set (f->session, "tls-database", database, NULL);

  g_assert_cmpuint (hello_status (f, TOKEN), ==, SOUP_STATUS_OK);

  control_faults (f, "{\"queue\": [\"truncated\"]}");
  cut = batch_message (f, TOKEN, "batch-tls", bytes, FALSE);
  cut_reply = send_message (f, cut, &error);
  g_assert_nonnull (error);
  lookup = get_batch (f, TOKEN, "batch-tls", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpint (stat_value (f, "records"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, args) \
  g_test_add ("/city-server/" path, Fixture, args, fixture_set_up, func, fixture_tear_down)

  ADD ("hello", test_hello, NULL);
  ADD ("defaults", test_defaults, bare_args);
  ADD ("endpoints", test_endpoints, NULL);
  ADD ("batch/accepted-and-replayed", test_batch_accepted_and_replayed, NULL);
  ADD ("batch/reused-id", test_batch_reused_id, NULL);
  ADD ("batch/in-progress", test_batch_in_progress, delay_args);
  ADD ("batch/statuses", test_batch_statuses, NULL);
  ADD ("batch/malformed", test_batch_malformed, NULL);
  ADD ("batch/too-large", test_batch_too_large, small_args);
  ADD ("batch/gzip", test_batch_gzip, NULL);
  ADD ("policy", test_policy, NULL);
  ADD ("fault/status", test_fault_status, NULL);
  ADD ("fault/close-before-commit", test_fault_close_before_commit, NULL);
  ADD ("fault/close-after-commit", test_fault_close_after_commit, NULL);
  ADD ("fault/reset-and-truncated", test_fault_reset_and_truncated, NULL);
  ADD ("fault/invalid-json", test_fault_invalid_json, NULL);
  ADD ("fault/replay", test_fault_replay, NULL);
  ADD ("fault/slow", test_fault_slow, NULL);
  ADD ("fault/queue-and-random", test_fault_queue_and_random, NULL);
  ADD ("fault/command-line", test_fault_command_line, random_args);
  ADD ("fault/exactly-once", test_fault_exactly_once, NULL);
  ADD ("control/reset", test_control_reset, NULL);
  ADD ("control/bad-requests", test_control_bad_requests, NULL);
  ADD ("persistence", test_persistence, NULL);
  ADD ("tls", test_tls, NULL);

#undef ADD

  return g_test_run ();
}
