/* ud-city-server.c — the reference city-union server of SYNC-PROTOCOL.md, with fault injection
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-city-server"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ud-city-store.h"
#include "ud-city-validate.h"

#define PROTOCOL_VERSION       1
#define GZIP_RESPONSE_MIN      1024
#define DEFAULT_SLOW_MS        3000
#define DEFAULT_RETRY_AFTER    "1"
#define JSON_TYPE              "application/json"

typedef enum
{
  FAULT_NONE,
  FAULT_CLOSE_BEFORE_COMMIT,
  FAULT_CLOSE_AFTER_COMMIT,
  FAULT_RESET_MID_RESPONSE,
  FAULT_500,
  FAULT_503,
  FAULT_429,
  FAULT_401,
  FAULT_413,
  FAULT_SLOW,
  FAULT_TRUNCATED,
  FAULT_INVALID_JSON,
  FAULT_REPLAY,
  N_FAULTS
} Fault;

/* The names used by --fault-kinds and POST /control/faults. "none" only makes sense in a queue:
 * it lets one request through untouched. */
static const char *const fault_names[N_FAULTS] = {
  "none", "close_before_commit", "close_after_commit", "reset_mid_response", "500", "503", "429",
  "401", "413", "slow", "truncated", "invalid_json", "replay",
};

typedef struct
{
  char *office_id; /* owned */
  char *token;     /* owned */
  char *name;      /* owned */
} Office;

typedef struct
{
  GMainLoop   *loop;                  /* owned */
  SoupServer  *soup;                  /* owned */
  UdCityStore *store;                 /* owned */
  GPtrArray   *offices;               /* owned, of Office */
  gint64       max_batch_records;
  gint64       max_batch_bytes;
  gint64       max_body_bytes;
  guint        processing_delay_ms;
  char        *policy_body;           /* owned: the 200 body of v1/policy */
  char        *policy_etag;           /* owned: sha256 of the policy content */

  GQueue       fault_queue;           /* of GINT_TO_POINTER (Fault) */
  double       fault_rate;
  gboolean     fault_kinds[N_FAULTS];
  GRand       *rand;                  /* owned */
  char        *retry_after;           /* owned */
  guint        slow_ms;
  gint64       faults_injected;
  gint64       batch_replays;
  GHashTable  *in_flight;             /* owned: batch_id → NULL while being processed */
} CityServer;

typedef struct
{
  CityServer        *server;           /* borrowed */
  SoupServerMessage *msg;              /* owned */
  gulong             disconnected_id;
  gboolean           disconnected;
  char              *path;             /* owned */
  Fault              fault;
  const Office      *office;           /* borrowed, once authenticated */

  /* The response being prepared (applied to msg, or written by hand, in deliver ()). */
  guint              status;
  GBytes            *body;             /* owned, nullable */
  GPtrArray         *headers;          /* owned: name, value, name, value… */
  gboolean           batch_response;   /* body is {"batch_id", "results"} */
  char              *batch_id;         /* owned, nullable */

  /* POST v1/batches while it is processed. */
  JsonParser        *parser;           /* owned, nullable */
  char              *body_sha256;      /* owned, nullable */
  gboolean           in_flight;
} Request;

static void deliver (Request *req);

/* Helpers */

static char *
timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

/* libsoup 3.2 has no reason phrase for 429. */
static const char *
reason_phrase (guint status)
{
  return status == 429 ? "Too Many Requests" : soup_status_get_phrase (status);
}

static gboolean
fault_from_name (const char *name,
                 Fault      *fault)
{
  for (int i = 0; i < N_FAULTS; i++)
    if (g_strcmp0 (name, fault_names[i]) == 0)
      {
        *fault = i;
        return TRUE;
      }
  return FALSE;
}

/* Runs @input through @converter. With @limit > 0, stops with *too_large set as soon as the
 * output exceeds @limit bytes (a gzip bomb costs nothing). */
static GBytes *
convert_bytes (GConverter *converter,
               GBytes     *input,
               gsize       limit,
               gboolean   *too_large,
               GError    **error)
{
  g_autoptr(GByteArray) output = g_byte_array_new ();
  gsize input_length;
  const guint8 *input_data = g_bytes_get_data (input, &input_length);
  gsize position = 0;
  guint8 buffer[16384];

  if (too_large)
    *too_large = FALSE;

  for (;;)
    {
      gsize bytes_read = 0;
      gsize bytes_written = 0;
      GConverterResult result;

      result = g_converter_convert (converter, input_data + position, input_length - position,
                                    buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END, &bytes_read,
                                    &bytes_written, error);
      if (result == G_CONVERTER_ERROR)
        return NULL;

      position += bytes_read;
      g_byte_array_append (output, buffer, bytes_written);
      if (limit > 0 && output->len > limit)
        {
          if (too_large)
            *too_large = TRUE;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "body too large");
          return NULL;
        }
      if (result == G_CONVERTER_FINISHED)
        break;
      if (bytes_read == 0 && bytes_written == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "truncated gzip data");
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&output));
}

/* Requests */

static void
message_disconnected (SoupServerMessage *msg,
                      Request           *req)
{
  req->disconnected = TRUE;
}

static Request *
request_new (CityServer        *server,
             SoupServerMessage *msg,
             const char        *path)
{
  Request *req = g_new0 (Request, 1);

  req->server = server;
  req->msg = g_object_ref (msg);
  req->path = g_strdup (path);
  req->headers = g_ptr_array_new_with_free_func (g_free);
  req->disconnected_id = g_signal_connect (msg, "disconnected",
                                           G_CALLBACK (message_disconnected), req);
  return req;
}

static void
request_free (Request *req)
{
  if (req->in_flight)
    g_hash_table_remove (req->server->in_flight, req->batch_id);
  g_clear_signal_handler (&req->disconnected_id, req->msg);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->path, g_free);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_pointer (&req->headers, g_ptr_array_unref);
  g_clear_pointer (&req->batch_id, g_free);
  g_clear_object (&req->parser);
  g_clear_pointer (&req->body_sha256, g_free);
  g_free (req);
}

static void
add_header (Request    *req,
            const char *name,
            const char *value)
{
  g_ptr_array_add (req->headers, g_strdup (name));
  g_ptr_array_add (req->headers, g_strdup (value));
}

static void
set_json_body (Request  *req,
               guint     status,
               JsonNode *root)
{
  char *text = json_to_string (root, FALSE);

  req->status = status;
  g_clear_pointer (&req->body, g_bytes_unref);
  req->body = g_bytes_new_take (text, strlen (text));
}

static void
set_text_body (Request    *req,
               guint       status,
               const char *json_text)
{
  req->status = status;
  g_clear_pointer (&req->body, g_bytes_unref);
  req->body = g_bytes_new (json_text, strlen (json_text));
}

/* Error answers carry {"error": code, "message": …}. */
static void
set_error_body (Request    *req,
                guint       status,
                const char *code,
                const char *format,
                ...) G_GNUC_PRINTF (4, 5);

static void
set_error_body (Request    *req,
                guint       status,
                const char *code,
                const char *format,
                ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  set_json_body (req, status, root);
  req->batch_response = FALSE;
}

static void
set_retry_after (Request *req)
{
  add_header (req, "Retry-After", req->server->retry_after);
}

static GSocket *
request_dup_socket (Request *req)
{
  GSocket *socket = soup_server_message_get_socket (req->msg);

  return socket ? g_object_ref (socket) : NULL;
}

/* Takes the connection away from libsoup and ends it: after @bytes (if any) have been written,
 * either a FIN (graceful close) or, with @reset, an RST (SO_LINGER 0). */
static void
end_connection (Request    *req,
                GBytes     *bytes,
                gboolean    reset)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GIOStream) stream = NULL;

  if (req->disconnected)
    return;

  socket = request_dup_socket (req);
  stream = soup_server_message_steal_connection (req->msg);
  if (stream == NULL)
    return;

  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    {
      GOutputStream *output = g_io_stream_get_output_stream (stream);

      g_output_stream_write_all (output, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 NULL, NULL, NULL);
      g_output_stream_flush (output, NULL, NULL);
    }

  if (reset && socket != NULL)
    {
      struct linger linger = { 1, 0 };

      if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger,
                      sizeof linger) != 0)
        g_debug ("SO_LINGER: %s", g_strerror (errno));
    }

  /* A reset closes the socket under the stream: no TLS close_notify, no FIN, just the RST. */
  if (!reset)
    g_io_stream_close (stream, NULL, NULL);
  if (socket != NULL)
    g_socket_close (socket, NULL);
}

/* The status line, headers and the first half of the body (at least one byte short), with a
 * Content-Length that claims the whole body. */
static GBytes *
partial_response (Request *req)
{
  GString *text = g_string_new (NULL);
  gsize length = req->body ? g_bytes_get_size (req->body) : 0;
  gsize claimed = MAX (length, 2);

  g_string_append_printf (text, "HTTP/1.1 %u %s\r\n", req->status, reason_phrase (req->status));
  g_string_append (text, "Content-Type: " JSON_TYPE "\r\n");
  g_string_append_printf (text, "Content-Length: %" G_GSIZE_FORMAT "\r\n", claimed);
  for (guint i = 0; i + 1 < req->headers->len; i += 2)
    g_string_append_printf (text, "%s: %s\r\n", (char *) req->headers->pdata[i],
                            (char *) req->headers->pdata[i + 1]);
  g_string_append (text, "\r\n");
  if (length > 0)
    g_string_append_len (text, g_bytes_get_data (req->body, NULL), length / 2);

  return g_string_free_to_bytes (text);
}

static void
count_fault (Request *req)
{
  req->server->faults_injected++;
  g_debug ("fault %s on %s %s", fault_names[req->fault],
           soup_server_message_get_method (req->msg), req->path);
}

static gboolean
accepts_gzip (Request *req)
{
  const char *value = soup_message_headers_get_list (
    soup_server_message_get_request_headers (req->msg), "Accept-Encoding");

  return value != NULL && soup_header_contains (value, "gzip");
}

/* Hands the prepared response to libsoup and lets it write it. */
static void
send_response (Request *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  g_autoptr(GBytes) body = req->body ? g_bytes_ref (req->body) : NULL;

  if (req->disconnected)
    return;

  soup_server_message_set_status (req->msg, req->status, reason_phrase (req->status));
  for (guint i = 0; i + 1 < req->headers->len; i += 2)
    soup_message_headers_append (headers, req->headers->pdata[i], req->headers->pdata[i + 1]);

  if (body != NULL && g_bytes_get_size (body) > GZIP_RESPONSE_MIN && accepts_gzip (req))
    {
      g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                     -1);
      GBytes *compressed = convert_bytes (G_CONVERTER (compressor), body, 0, NULL, NULL);

      if (compressed != NULL)
        {
          g_bytes_unref (body);
          body = compressed;
          soup_message_headers_replace (headers, "Content-Encoding", "gzip");
        }
      soup_message_headers_append (headers, "Vary", "Accept-Encoding");
    }

  if (body != NULL)
    {
      soup_message_headers_replace (headers, "Content-Type", JSON_TYPE);
      soup_message_body_append_bytes (soup_server_message_get_response_body (req->msg), body);
    }
  soup_server_message_unpause (req->msg);
}

/* The response is ready (and whatever it commits is committed): apply the delivery faults. */
static void
deliver_now (Request *req)
{
  CityServer *self = req->server;

  g_debug ("%s %s -> %u", soup_server_message_get_method (req->msg), req->path, req->status);

  switch (req->fault)
    {
    case FAULT_CLOSE_AFTER_COMMIT:
      count_fault (req);
      end_connection (req, NULL, FALSE);
      break;

    case FAULT_RESET_MID_RESPONSE:
    case FAULT_TRUNCATED:
      {
        g_autoptr(GBytes) partial = partial_response (req);

        count_fault (req);
        end_connection (req, partial, req->fault == FAULT_RESET_MID_RESPONSE);
      }
      break;

    case FAULT_INVALID_JSON:
      if (req->body == NULL)
        {
          send_response (req);
          break;
        }
      count_fault (req);
      set_text_body (req, req->status,
                     "<html><body>502 Bad Gateway: upstream said {\"batch_id\": </body></html>");
      send_response (req);
      break;

    case FAULT_REPLAY:
      if (req->status == SOUP_STATUS_OK && req->batch_response)
        {
          g_autofree char *other = ud_city_store_dup_other_response (self->store, req->batch_id,
                                                                     req->office->office_id);

          if (other == NULL)
            {
              /* No other batch yet: this batch's results under another batch id. */
              gsize length;
              const char *data = g_bytes_get_data (req->body, &length);
              g_autofree char *text = g_strndup (data, length);
              g_autoptr(JsonNode) root = json_from_string (text, NULL);
              g_autofree char *fake_id = g_uuid_string_random ();

              g_assert (root != NULL && JSON_NODE_HOLDS_OBJECT (root));
              json_object_set_string_member (json_node_get_object (root), "batch_id", fake_id);
              other = json_to_string (root, FALSE);
            }
          count_fault (req);
          set_text_body (req, SOUP_STATUS_OK, other);
        }
      send_response (req);
      break;

    case FAULT_NONE:
    case FAULT_CLOSE_BEFORE_COMMIT:
    case FAULT_500:
    case FAULT_503:
    case FAULT_429:
    case FAULT_401:
    case FAULT_413:
    case FAULT_SLOW:
    case N_FAULTS:
    default:
      send_response (req);
      break;
    }

  request_free (req);
}

static gboolean
slow_done (gpointer user_data)
{
  deliver_now (user_data);
  return G_SOURCE_REMOVE;
}

static void
deliver (Request *req)
{
  if (req->fault == FAULT_SLOW)
    {
      count_fault (req);
      g_timeout_add (req->server->slow_ms, slow_done, req);
      return;
    }
  deliver_now (req);
}

/* Authentication */

static const Office *
find_office (CityServer *self,
             const char *token)
{
  for (guint i = 0; i < self->offices->len; i++)
    {
      const Office *office = self->offices->pdata[i];

      if (g_strcmp0 (office->token, token) == 0)
        return office;
    }
  return NULL;
}

/* Sets req->office from `Authorization: Bearer <token>`; otherwise prepares a 401. */
static gboolean
authenticate (Request *req)
{
  const char *value = soup_message_headers_get_one (
    soup_server_message_get_request_headers (req->msg), "Authorization");
  g_autofree char *token = NULL;

  if (value != NULL && g_ascii_strncasecmp (value, "Bearer ", 7) == 0)
    token = g_strstrip (g_strdup (value + 7));

  req->office = token ? find_office (req->server, token) : NULL;
  if (req->office == NULL)
    {
      add_header (req, "WWW-Authenticate", "Bearer realm=\"city-union\"");
      set_error_body (req, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                      value ? "unknown token" : "missing Authorization: Bearer token");
      return FALSE;
    }
  return TRUE;
}

/* GET v1/hello */

static void
handle_hello (Request *req)
{
  CityServer *self = req->server;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = timestamp_now ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "office_id");
  json_builder_add_string_value (builder, req->office->office_id);
  json_builder_set_member_name (builder, "office_name");
  json_builder_add_string_value (builder, req->office->name);
  json_builder_set_member_name (builder, "max_batch_records");
  json_builder_add_int_value (builder, self->max_batch_records);
  json_builder_set_member_name (builder, "max_batch_bytes");
  json_builder_add_int_value (builder, self->max_batch_bytes);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  set_json_body (req, SOUP_STATUS_OK, root);
}

/* GET v1/policy */

static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;

  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      char *tag = g_strstrip (tags[i]);
      gsize length;

      if (g_str_equal (tag, "*"))
        return TRUE;
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      length = strlen (tag);
      if (length >= 2 && tag[0] == '"' && tag[length - 1] == '"')
        {
          tag[length - 1] = '\0';
          tag++;
        }
      if (g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

static void
handle_policy (Request *req)
{
  CityServer *self = req->server;
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", self->policy_etag);
  const char *if_none_match = soup_message_headers_get_list (
    soup_server_message_get_request_headers (req->msg), "If-None-Match");

  add_header (req, "ETag", quoted);
  add_header (req, "Cache-Control", "no-cache");
  if (etag_matches (if_none_match, self->policy_etag))
    {
      req->status = SOUP_STATUS_NOT_MODIFIED;
      return;
    }
  set_text_body (req, SOUP_STATUS_OK, self->policy_body);
}

/* GET v1/batches/{id} */

static void
handle_get_batch (Request    *req,
                  const char *batch_id)
{
  CityServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autofree char *office_id = NULL;
  g_autofree char *response = NULL;

  if (!ud_city_store_lookup_batch (self->store, batch_id, &office_id, NULL, &response, &error))
    {
      if (error != NULL)
        set_error_body (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s", error->message);
      else
        set_error_body (req, SOUP_STATUS_NOT_FOUND, "not_found", "batch %s was never received",
                        batch_id);
      return;
    }

  if (!g_str_equal (office_id, req->office->office_id))
    {
      set_error_body (req, SOUP_STATUS_NOT_FOUND, "not_found", "batch %s was never received",
                      batch_id);
      return;
    }

  req->batch_id = g_strdup (batch_id);
  req->batch_response = TRUE;
  set_text_body (req, SOUP_STATUS_OK, response);
}

/* POST v1/batches */

static gboolean
member_is_integer (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
member_is_string (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING
         && json_node_get_string (node)[0] != '\0';
}

/* The decompressed request body, or NULL with a 400 or 413 prepared. */
static GBytes *
read_body (Request *req)
{
  CityServer *self = req->server;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  g_autoptr(GBytes) raw = soup_message_body_flatten (
    soup_server_message_get_request_body (req->msg));

  if (encoding == NULL || g_ascii_strcasecmp (encoding, "identity") == 0)
    {
      if ((gint64) g_bytes_get_size (raw) > self->max_body_bytes)
        {
          set_error_body (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                          "the body is larger than %" G_GINT64_FORMAT " bytes",
                          self->max_body_bytes);
          return NULL;
        }
      return g_steal_pointer (&raw);
    }

  if (g_ascii_strcasecmp (encoding, "gzip") == 0 || g_ascii_strcasecmp (encoding, "x-gzip") == 0)
    {
      g_autoptr(GZlibDecompressor) decompressor =
        g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      g_autoptr(GError) error = NULL;
      gboolean too_large = FALSE;
      GBytes *body = convert_bytes (G_CONVERTER (decompressor), raw, self->max_body_bytes,
                                    &too_large, &error);

      if (too_large)
        set_error_body (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                        "the decompressed body is larger than %" G_GINT64_FORMAT " bytes",
                        self->max_body_bytes);
      else if (body == NULL)
        set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_request", "bad gzip body: %s",
                        error->message);
      return body;
    }

  set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_request",
                  "unsupported Content-Encoding %s", encoding);
  return NULL;
}

/* Checks the batch's shape: everything that makes the whole batch malformed (400) or refused
 * (403, 413). Per-record problems are left to ud_city_validate_record (): they reject only
 * their record. */
static gboolean
check_batch (Request    *req,
             JsonObject *batch)
{
  CityServer *self = req->server;
  static const char *const strings[] = { "batch_id", "office_id", "device_id", "created_at" };
  const char *idempotency_key = soup_message_headers_get_one (
    soup_server_message_get_request_headers (req->msg), "Idempotency-Key");
  JsonArray *records;
  gint64 first_seq;
  gint64 last_seq;
  guint n_records;

  if (!json_object_has_member (batch, "protocol"))
    {
      set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_request", "protocol: missing");
      return FALSE;
    }
  if (!member_is_integer (batch, "protocol")
      || json_object_get_int_member (batch, "protocol") != PROTOCOL_VERSION)
    {
      set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_protocol",
                      "protocol: this server speaks protocol %d", PROTOCOL_VERSION);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (!member_is_string (batch, strings[i]))
      {
        set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_request",
                        "%s: missing or not a non-empty string", strings[i]);
        return FALSE;
      }
  if (!member_is_integer (batch, "first_seq") || !member_is_integer (batch, "last_seq"))
    {
      set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "first_seq, last_seq: missing or not integers");
      return FALSE;
    }
  if (!json_object_has_member (batch, "records")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (batch, "records")))
    {
      set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "records: missing or not an array");
      return FALSE;
    }

  req->batch_id = g_strdup (json_object_get_string_member (batch, "batch_id"));

  if (idempotency_key == NULL || !g_str_equal (idempotency_key, req->batch_id))
    {
      set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Idempotency-Key: %s; it must equal the batch_id",
                      idempotency_key ? "differs from the batch_id" : "missing");
      return FALSE;
    }

  if (!g_str_equal (json_object_get_string_member (batch, "office_id"), req->office->office_id))
    {
      set_error_body (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                      "office_id: the token belongs to another office");
      return FALSE;
    }

  records = json_object_get_array_member (batch, "records");
  n_records = json_array_get_length (records);
  if ((gint64) n_records > self->max_batch_records)
    {
      set_error_body (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_many_records",
                      "records: %u records, at most %" G_GINT64_FORMAT " per batch", n_records,
                      self->max_batch_records);
      return FALSE;
    }

  first_seq = json_object_get_int_member (batch, "first_seq");
  last_seq = json_object_get_int_member (batch, "last_seq");
  if (n_records == 0 || first_seq < 1 || last_seq != first_seq + (gint64) n_records - 1)
    {
      set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_seq",
                      "first_seq..last_seq (%" G_GINT64_FORMAT "..%" G_GINT64_FORMAT
                      ") does not match the %u records",
                      first_seq, last_seq, n_records);
      return FALSE;
    }

  for (guint i = 0; i < n_records; i++)
    {
      JsonNode *node = json_array_get_element (records, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_request",
                          "records[%u]: not an object", i);
          return FALSE;
        }
      if (!member_is_integer (json_node_get_object (node), "seq")
          || json_object_get_int_member (json_node_get_object (node), "seq") != first_seq + i)
        {
          set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_seq",
                          "records[%u].seq: expected %" G_GINT64_FORMAT, i, first_seq + i);
          return FALSE;
        }
    }

  return TRUE;
}

static void
commit_batch (Request *req)
{
  CityServer *self = req->server;
  JsonObject *batch = json_node_get_object (json_parser_get_root (req->parser));
  g_autoptr(GError) error = NULL;
  g_autofree char *response = NULL;

  response = ud_city_store_process_batch (self->store, req->office->office_id, req->body_sha256,
                                          batch, &error);
  g_hash_table_remove (self->in_flight, req->batch_id);
  req->in_flight = FALSE;

  if (response == NULL)
    {
      set_error_body (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s", error->message);
      return;
    }

  req->batch_response = TRUE;
  set_text_body (req, SOUP_STATUS_OK, response);
}

static gboolean
processing_done (gpointer user_data)
{
  Request *req = user_data;

  commit_batch (req);
  deliver (req);
  return G_SOURCE_REMOVE;
}

/* Returns TRUE when the response is ready, FALSE when it will be delivered later. */
static gboolean
handle_post_batch (Request *req)
{
  CityServer *self = req->server;
  g_autoptr(GBytes) body = read_body (req);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_office = NULL;
  g_autofree char *stored_sha256 = NULL;
  g_autofree char *stored_response = NULL;
  JsonNode *root;
  gsize length;
  const char *data;

  if (body == NULL)
    return TRUE;

  data = g_bytes_get_data (body, &length);
  req->parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (req->parser, data ? data : "", length, &error))
    {
      set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_json", "the body is not JSON: %s",
                      error->message);
      return TRUE;
    }
  root = json_parser_get_root (req->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_error_body (req, SOUP_STATUS_BAD_REQUEST, "bad_json", "the body is not a JSON object");
      return TRUE;
    }

  if (!check_batch (req, json_node_get_object (root)))
    return TRUE;

  req->body_sha256 = ud_city_sha256_hex (data, length);

  if (g_hash_table_contains (self->in_flight, req->batch_id))
    {
      set_retry_after (req);
      set_error_body (req, SOUP_STATUS_CONFLICT, "in_progress",
                      "batch %s is still being processed", req->batch_id);
      return TRUE;
    }

  if (ud_city_store_lookup_batch (self->store, req->batch_id, &stored_office, &stored_sha256,
                                  &stored_response, &error))
    {
      if (g_str_equal (stored_office, req->office->office_id)
          && g_str_equal (stored_sha256, req->body_sha256))
        {
          self->batch_replays++;
          req->batch_response = TRUE;
          set_text_body (req, SOUP_STATUS_OK, stored_response);
        }
      else
        set_error_body (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "batch_id_reused",
                        "batch %s was received before with a different body", req->batch_id);
      return TRUE;
    }
  if (error != NULL)
    {
      set_error_body (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s", error->message);
      return TRUE;
    }

  g_hash_table_add (self->in_flight, g_strdup (req->batch_id));
  req->in_flight = TRUE;

  if (self->processing_delay_ms > 0)
    {
      g_timeout_add (self->processing_delay_ms, processing_done, req);
      return FALSE;
    }

  commit_batch (req);
  return TRUE;
}

/* /api/ */

static void
method_not_allowed (Request    *req,
                    const char *allow)
{
  add_header (req, "Allow", allow);
  set_error_body (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                  "%s is not allowed here", soup_server_message_get_method (req->msg));
}

static gboolean
run_request (gpointer user_data)
{
  Request *req = user_data;
  const char *method = soup_server_message_get_method (req->msg);
  const char *path = req->path;

  switch (req->fault)
    {
    case FAULT_CLOSE_BEFORE_COMMIT:
      count_fault (req);
      end_connection (req, NULL, FALSE);
      request_free (req);
      return G_SOURCE_REMOVE;

    case FAULT_500:
    case FAULT_503:
    case FAULT_429:
    case FAULT_401:
    case FAULT_413:
      {
        guint status = (guint) g_ascii_strtoull (fault_names[req->fault], NULL, 10);

        count_fault (req);
        if (req->fault == FAULT_503 || req->fault == FAULT_429)
          set_retry_after (req);
        if (req->fault == FAULT_401)
          add_header (req, "WWW-Authenticate", "Bearer realm=\"city-union\"");
        set_error_body (req, status, "injected", "fault injected by the test server");
        send_response (req);
        request_free (req);
        return G_SOURCE_REMOVE;
      }

    case FAULT_NONE:
    case FAULT_CLOSE_AFTER_COMMIT:
    case FAULT_RESET_MID_RESPONSE:
    case FAULT_SLOW:
    case FAULT_TRUNCATED:
    case FAULT_INVALID_JSON:
    case FAULT_REPLAY:
    case N_FAULTS:
    default:
      break;
    }

  if (g_str_equal (path, "/api/v1/hello"))
    {
      if (!g_str_equal (method, SOUP_METHOD_GET))
        method_not_allowed (req, "GET");
      else if (authenticate (req))
        handle_hello (req);
    }
  else if (g_str_equal (path, "/api/v1/policy"))
    {
      if (!g_str_equal (method, SOUP_METHOD_GET))
        method_not_allowed (req, "GET");
      else if (authenticate (req))
        handle_policy (req);
    }
  else if (g_str_equal (path, "/api/v1/batches"))
    {
      if (!g_str_equal (method, SOUP_METHOD_POST))
        method_not_allowed (req, "POST");
      else if (authenticate (req) && !handle_post_batch (req))
        return G_SOURCE_REMOVE;
    }
  else if (g_str_has_prefix (path, "/api/v1/batches/") && strchr (path + 16, '/') == NULL
           && path[16] != '\0')
    {
      if (!g_str_equal (method, SOUP_METHOD_GET))
        method_not_allowed (req, "GET");
      else if (authenticate (req))
        handle_get_batch (req, path + 16);
    }
  else
    set_error_body (req, SOUP_STATUS_NOT_FOUND, "not_found", "no endpoint %s", path);

  deliver (req);
  return G_SOURCE_REMOVE;
}

static gboolean
random_faults_apply (const char *path)
{
  return g_str_equal (path, "/api/v1/hello") || g_str_equal (path, "/api/v1/batches")
         || g_str_has_prefix (path, "/api/v1/batches/");
}

static Fault
pick_fault (CityServer *self,
            const char *path)
{
  guint n_kinds = 0;
  guint chosen;

  if (!g_queue_is_empty (&self->fault_queue))
    return GPOINTER_TO_INT (g_queue_pop_head (&self->fault_queue));

  if (self->fault_rate <= 0 || !random_faults_apply (path))
    return FAULT_NONE;
  if (g_rand_double (self->rand) >= self->fault_rate)
    return FAULT_NONE;

  for (int i = FAULT_NONE + 1; i < N_FAULTS; i++)
    n_kinds += self->fault_kinds[i] ? 1 : 0;
  if (n_kinds == 0)
    return FAULT_NONE;

  chosen = g_rand_int_range (self->rand, 0, n_kinds);
  for (int i = FAULT_NONE + 1; i < N_FAULTS; i++)
    if (self->fault_kinds[i] && chosen-- == 0)
      return i;
  g_assert_not_reached ();
}

/* Every request under /api/ is paused and answered from the main loop, so that faults can take
 * the connection away from libsoup and the processing delay blocks nobody. */
static void
api_handler (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  CityServer *self = user_data;
  Request *req = request_new (self, msg, path);

  req->fault = pick_fault (self, path);
  soup_server_message_pause (msg);
  g_idle_add (run_request, req);
}

/* /control/ */

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *root)
{
  g_autofree char *text = json_to_string (root, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_COPY, text, strlen (text));
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_json (msg, status, root);
}

static gboolean
parse_fault_list (JsonNode   *node,
                  GArray     *faults,
                  const char *key,
                  char      **message)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *message = g_strdup_printf ("%s: not an array", key);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *name = JSON_NODE_HOLDS_VALUE (element)
                         && json_node_get_value_type (element) == G_TYPE_STRING
                         ? json_node_get_string (element) : NULL;
      Fault fault;

      if (!fault_from_name (name, &fault))
        {
          *message = g_strdup_printf ("%s[%u]: unknown fault kind", key, i);
          return FALSE;
        }
      g_array_append_val (faults, fault);
    }
  return TRUE;
}

static void
set_fault_kinds (CityServer *self,
                 GArray     *kinds)
{
  for (int i = 0; i < N_FAULTS; i++)
    self->fault_kinds[i] = kinds == NULL && i != FAULT_NONE;
  for (guint i = 0; kinds != NULL && i < kinds->len; i++)
    self->fault_kinds[g_array_index (kinds, Fault, i)] = TRUE;
  self->fault_kinds[FAULT_NONE] = FALSE;
}

static void
control_faults (CityServer        *self,
                SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (Fault));
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (Fault));
  g_autofree char *message = NULL;
  g_autofree char *retry_after = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *node;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  double rate = -1;
  gint64 seed = -1;
  gint64 slow_ms = -1;

  if (!json_parser_load_from_data (parser, data ? data : "", length, &error)
      || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "the body must be a JSON object");
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  if ((node = json_object_get_member (object, "queue")) != NULL
      && !parse_fault_list (node, queue, "queue", &message))
    goto bad;
  if ((node = json_object_get_member (object, "kinds")) != NULL
      && !parse_fault_list (node, kinds, "kinds", &message))
    goto bad;
  if ((node = json_object_get_member (object, "rate")) != NULL)
    {
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_NONE;

      rate = type == G_TYPE_DOUBLE || type == G_TYPE_INT64 ? json_node_get_double (node) : -1;
      if (rate < 0 || rate > 1)
        {
          message = g_strdup ("rate: a number from 0 to 1");
          goto bad;
        }
    }
  if ((node = json_object_get_member (object, "seed")) != NULL)
    {
      if (!member_is_integer (object, "seed") || (seed = json_node_get_int (node)) < 0)
        {
          message = g_strdup ("seed: a non-negative integer");
          goto bad;
        }
    }
  if ((node = json_object_get_member (object, "slow_ms")) != NULL)
    {
      if (!member_is_integer (object, "slow_ms") || (slow_ms = json_node_get_int (node)) < 0
          || slow_ms > 600000)
        {
          message = g_strdup ("slow_ms: an integer from 0 to 600000");
          goto bad;
        }
    }
  if ((node = json_object_get_member (object, "retry_after")) != NULL)
    {
      if (member_is_integer (object, "retry_after") && json_node_get_int (node) >= 0)
        retry_after = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (member_is_string (object, "retry_after")
               && strpbrk (json_node_get_string (node), "\r\n") == NULL)
        retry_after = g_strdup (json_node_get_string (node));
      else
        {
          message = g_strdup ("retry_after: seconds or an HTTP date");
          goto bad;
        }
    }

  if (json_object_has_member (object, "queue"))
    {
      g_queue_clear (&self->fault_queue);
      for (guint i = 0; i < queue->len; i++)
        g_queue_push_tail (&self->fault_queue, GINT_TO_POINTER (g_array_index (queue, Fault, i)));
    }
  if (json_object_has_member (object, "kinds"))
    set_fault_kinds (self, kinds);
  if (rate >= 0)
    self->fault_rate = rate;
  if (seed >= 0)
    g_rand_set_seed (self->rand, (guint32) seed);
  if (slow_ms >= 0)
    self->slow_ms = slow_ms;
  if (retry_after != NULL)
    {
      g_free (self->retry_after);
      self->retry_after = g_steal_pointer (&retry_after);
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  return;

bad:
  reply_error (msg, SOUP_STATUS_BAD_REQUEST, message);
}

static void
control_stats (CityServer        *self,
               SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ud_city_store_get_stats (self->store, &error);
  JsonObject *object;

  if (root == NULL)
    {
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }

  object = json_node_get_object (root);
  json_object_set_int_member (object, "faults_injected", self->faults_injected);
  json_object_set_int_member (object, "faults_queued", g_queue_get_length (&self->fault_queue));
  json_object_set_int_member (object, "batch_replays", self->batch_replays);
  json_object_set_int_member (object, "in_flight", g_hash_table_size (self->in_flight));
  reply_json (msg, SOUP_STATUS_OK, root);
}

static void
control_records (CityServer        *self,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  const char *office_id = query ? g_hash_table_lookup (query, "office") : NULL;
  g_autoptr(JsonNode) root = ud_city_store_list_records (self->store, office_id, &error);

  if (root == NULL)
    reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
  else
    reply_json (msg, SOUP_STATUS_OK, root);
}

static void
reset_faults (CityServer *self)
{
  g_queue_clear (&self->fault_queue);
  self->fault_rate = 0;
  set_fault_kinds (self, NULL);
  g_free (self->retry_after);
  self->retry_after = g_strdup (DEFAULT_RETRY_AFTER);
  self->slow_ms = DEFAULT_SLOW_MS;
}

static void
control_reset (CityServer        *self,
               SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;

  if (!ud_city_store_reset (self->store, &error))
    {
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  reset_faults (self);
  self->faults_injected = 0;
  self->batch_replays = 0;
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
control_handler (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  CityServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *allow = NULL;

  if (g_str_equal (path, "/control/faults"))
    {
      if (g_str_equal (method, SOUP_METHOD_POST))
        control_faults (self, msg);
      else
        allow = "POST";
    }
  else if (g_str_equal (path, "/control/stats"))
    {
      if (g_str_equal (method, SOUP_METHOD_GET))
        control_stats (self, msg);
      else
        allow = "GET";
    }
  else if (g_str_equal (path, "/control/records"))
    {
      if (g_str_equal (method, SOUP_METHOD_GET))
        control_records (self, msg, query);
      else
        allow = "GET";
    }
  else if (g_str_equal (path, "/control/reset"))
    {
      if (g_str_equal (method, SOUP_METHOD_POST))
        control_reset (self, msg);
      else
        allow = "POST";
    }
  else
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such control endpoint");

  if (allow != NULL)
    {
      soup_message_headers_append (soup_server_message_get_response_headers (msg), "Allow",
                                   allow);
      reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method not allowed");
    }
}

/* Start-up */

static const char builtin_policy[] =
  "{\"parameters\": ["
  "{\"name\": \"dibao_monthly_fen\", \"region\": \"330102\", \"value\": 106000,"
  " \"effective_from\": \"2026-01-01\"},"
  "{\"name\": \"medical_ratio_bp\", \"region\": \"330102\", \"value\": 6000,"
  " \"effective_from\": \"2026-01-01\"},"
  "{\"name\": \"medical_cap_fen\", \"region\": \"330102\", \"value\": 5000000,"
  " \"effective_from\": \"2026-01-01\"}"
  "]}";

/* The policy content is a JSON object {"parameters": […]}; the etag is the sha256 of the
 * content as read (file bytes, or the built-in text). */
static gboolean
load_policy (CityServer *self,
             const char *path,
             GError    **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonNode *parameters;

  if (path != NULL)
    {
      if (!g_file_get_contents (path, &contents, &length, error))
        return FALSE;
    }
  else
    {
      contents = g_strdup (builtin_policy);
      length = strlen (contents);
    }

  if (!json_parser_load_from_data (parser, contents, length, error))
    return FALSE;
  if (json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
      || (parameters = json_object_get_member (json_node_get_object (json_parser_get_root (parser)),
                                               "parameters")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (parameters))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: expected {\"parameters\": [...]}", path ? path : "built-in policy");
      return FALSE;
    }

  self->policy_etag = ud_city_sha256_hex (contents, length);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "etag");
  json_builder_add_string_value (builder, self->policy_etag);
  json_builder_set_member_name (builder, "parameters");
  json_builder_add_value (builder, json_node_copy (parameters));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  self->policy_body = json_to_string (root, FALSE);
  return TRUE;
}

static void
office_free (gpointer data)
{
  Office *office = data;

  g_free (office->office_id);
  g_free (office->token);
  g_free (office->name);
  g_free (office);
}

static gboolean
parse_offices (CityServer *self,
               char      **specs,
               GError    **error)
{
  self->offices = g_ptr_array_new_with_free_func (office_free);

  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (specs[i], ":", 3);
      Office *office;

      if (g_strv_length (parts) < 2 || parts[0][0] == '\0' || parts[1][0] == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--office %s: expected OFFICE_ID:TOKEN[:NAME]", specs[i]);
          return FALSE;
        }
      office = g_new0 (Office, 1);
      office->office_id = g_strdup (parts[0]);
      office->token = g_strdup (parts[1]);
      office->name = g_strdup (parts[2] ? parts[2] : parts[0]);
      g_ptr_array_add (self->offices, office);
    }

  if (self->offices->len == 0)
    {
      Office *office = g_new0 (Office, 1);

      office->office_id = g_strdup ("office-1");
      office->token = g_strdup ("test-token");
      office->name = g_strdup ("Test Office");
      g_ptr_array_add (self->offices, office);
    }
  return TRUE;
}

static gboolean
parse_kinds (CityServer *self,
             const char *list,
             GError    **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) kinds = NULL;

  if (list == NULL)
    {
      set_fault_kinds (self, NULL);
      return TRUE;
    }

  names = g_strsplit (list, ",", -1);
  kinds = g_array_new (FALSE, FALSE, sizeof (Fault));
  for (guint i = 0; names[i] != NULL; i++)
    {
      Fault fault;

      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        continue;
      if (!fault_from_name (names[i], &fault) || fault == FAULT_NONE)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--fault-kinds: unknown fault kind %s", names[i]);
          return FALSE;
        }
      g_array_append_val (kinds, fault);
    }
  set_fault_kinds (self, kinds);
  return TRUE;
}

/* Standard output carries the LISTENING line only (a test may never read more of it, and a full
 * pipe would block the server): every log message goes to standard error. */
static GLogWriterOutput
log_to_stderr (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  g_autofree char *line = NULL;
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;

  if (g_log_writer_default_would_drop (log_level, domain))
    return G_LOG_WRITER_HANDLED;

  line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
quit_on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
stdin_closed (gint         fd,
              GIOCondition condition,
              gpointer     user_data)
{
  char buffer[256];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n > 0 || (n < 0 && errno == EINTR))
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  CityServer self = { NULL, };
  g_autofree char *db_path = NULL;
  g_autofree char *policy_path = NULL;
  g_autofree char *fault_kinds = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_auto(GStrv) office_specs = NULL;
  gint64 port = 0;
  gint64 seed = -1;
  gint64 processing_delay_ms = 0;
  double fault_rate = 0;
  gboolean watch_stdin = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;
  GUri *uri;
  guint listen_port;
  SoupServerListenOptions listen_options = SOUP_SERVER_LISTEN_IPV4_ONLY;

  g_log_set_writer_func (log_to_stderr, NULL, NULL);

  self.max_batch_records = 1000;
  self.max_batch_bytes = 4194304;
  self.max_body_bytes = 4194304;

  {
    GOptionEntry entries[] = {
      { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
        "SQLite database (created if missing; default: in memory)", "PATH" },
      { "port", 0, 0, G_OPTION_ARG_INT64, &port, "TCP port on 127.0.0.1 (0: any free)", "N" },
      { "office", 0, 0, G_OPTION_ARG_STRING_ARRAY, &office_specs,
        "An office and its bearer token (repeatable)", "OFFICE_ID:TOKEN[:NAME]" },
      { "max-batch-records", 0, 0, G_OPTION_ARG_INT64, &self.max_batch_records,
        "Records per batch: announced by hello, more get 413 (1000)", "N" },
      { "max-batch-bytes", 0, 0, G_OPTION_ARG_INT64, &self.max_batch_bytes,
        "Batch size announced by hello (4194304)", "N" },
      { "max-body-bytes", 0, 0, G_OPTION_ARG_INT64, &self.max_body_bytes,
        "Larger decompressed bodies get 413 (4194304)", "N" },
      { "policy", 0, 0, G_OPTION_ARG_FILENAME, &policy_path,
        "JSON {\"parameters\": [...]} served by v1/policy", "FILE" },
      { "fault-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fault_rate,
        "Probability of a random fault on v1/hello and v1/batches (0)", "R" },
      { "fault-kinds", 0, 0, G_OPTION_ARG_STRING, &fault_kinds,
        "Random fault kinds (default: all)", "K1,K2,..." },
      { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the random faults", "N" },
      { "processing-delay-ms", 0, 0, G_OPTION_ARG_INT64, &processing_delay_ms,
        "Time each POST v1/batches spends being processed", "N" },
      { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Serve HTTPS with this certificate",
        "FILE" },
      { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "Private key of --tls-cert", "FILE" },
      { "watch-stdin", 0, 0, G_OPTION_ARG_NONE, &watch_stdin,
        "Exit when standard input reaches end of file", NULL },
      { NULL }
    };

    context = g_option_context_new ("- reference city-union sync server for tests");
    g_option_context_add_main_entries (context, entries, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error))
      goto fail;
  }

  if (port < 0 || port > 65535 || fault_rate < 0 || fault_rate > 1 || self.max_batch_records < 1
      || self.max_batch_bytes < 1 || self.max_body_bytes < 1 || processing_delay_ms < 0
      || processing_delay_ms > 600000 || (tls_cert == NULL) != (tls_key == NULL))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "bad value: see --help (--tls-cert and --tls-key go together)");
      goto fail;
    }

  signal (SIGPIPE, SIG_IGN);

  self.processing_delay_ms = processing_delay_ms;
  self.fault_rate = fault_rate;
  self.retry_after = g_strdup (DEFAULT_RETRY_AFTER);
  self.slow_ms = DEFAULT_SLOW_MS;
  g_queue_init (&self.fault_queue);
  self.in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.rand = seed >= 0 ? g_rand_new_with_seed ((guint32) seed) : g_rand_new ();

  if (!parse_offices (&self, office_specs, &error) || !parse_kinds (&self, fault_kinds, &error)
      || !load_policy (&self, policy_path, &error))
    goto fail;

  self.store = ud_city_store_open (db_path, &error);
  if (self.store == NULL)
    goto fail;

  self.soup = soup_server_new ("server-header", "ud-city-server ", NULL);
  if (tls_cert != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (tls_cert,
                                                                                 tls_key,
                                                                                 &error);

      if (certificate == NULL)
        goto fail;
      soup_server_set_tls_certificate (self.soup, certificate);
      listen_options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  soup_server_add_handler (self.soup, "/api", api_handler, &self, NULL);
  soup_server_add_handler (self.soup, "/control", control_handler, &self, NULL);

  if (!soup_server_listen_local (self.soup, (guint) port, listen_options, &error))
    goto fail;

  uris = soup_server_get_uris (self.soup);
  uri = uris->data;
  listen_port = g_uri_get_port (uri);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_on_signal, self.loop);
  g_unix_signal_add (SIGINT, quit_on_signal, self.loop);
  if (watch_stdin)
    g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_closed, self.loop);

  printf ("LISTENING %s://127.0.0.1:%u/api/\n", tls_cert ? "https" : "http", listen_port);
  fflush (stdout);

  g_main_loop_run (self.loop);

  soup_server_disconnect (self.soup);
  g_clear_object (&self.soup);
  g_clear_pointer (&self.store, ud_city_store_free);
  g_clear_pointer (&self.loop, g_main_loop_unref);
  g_clear_pointer (&self.offices, g_ptr_array_unref);
  g_clear_pointer (&self.in_flight, g_hash_table_unref);
  g_clear_pointer (&self.rand, g_rand_free);
  g_queue_clear (&self.fault_queue);
  g_free (self.retry_after);
  g_free (self.policy_body);
  g_free (self.policy_etag);
  return 0;

fail:
  fprintf (stderr, "ud-city-server: %s\n", error->message);
  g_clear_object (&self.soup);
  g_clear_pointer (&self.store, ud_city_store_free);
  g_clear_pointer (&self.offices, g_ptr_array_unref);
  g_clear_pointer (&self.in_flight, g_hash_table_unref);
  g_clear_pointer (&self.rand, g_rand_free);
  g_free (self.retry_after);
  g_free (self.policy_body);
  g_free (self.policy_etag);
  return 2;
}
