/* tests/ud-sync-test-server.c — the reference city server as a subprocess of a sync test
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <curl/curl.h>
#include <string.h>

#include "ud-outbox.h"
#include "ud-sync-store.h"
#include "ud-sync-test-server.h"
#include "ud-test-util.h"
#include "ud-uuid.h"

const char *const ud_sync_test_entities[] = {
  "org", "member", "membership_event", "hardship_file", "household_member", "aid_application",
  "medical_claim", "insurance_plan", "insurance_enrollment", "insurance_claim", "payout",
  "payout_batch", "audit_entry",
};
const guint ud_sync_test_n_entities = G_N_ELEMENTS (ud_sync_test_entities);

UdSyncTestServer *
ud_sync_test_server_start (const char *const *extra_args)
{
  const char *program = g_getenv ("UD_CITY_SERVER");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autofree char *db_path = NULL;
  UdSyncTestServer *server;

  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("UD_CITY_SERVER is not set");
      return NULL;
    }

  server = g_new0 (UdSyncTestServer, 1);
  server->dir = g_dir_make_tmp ("ud-city-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (server->dir, "city.db", NULL);

  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (db_path));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--office"));
  g_ptr_array_add (argv, g_strdup ("office-1:test-token:Office one"));
  g_ptr_array_add (argv, g_strdup ("--office"));
  g_ptr_array_add (argv, g_strdup ("office-2:other-token:Office two"));
  g_ptr_array_add (argv, g_strdup ("--watch-stdin"));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_newv ((const char *const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDIN_PIPE
                                       | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                       &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "LISTENING "));
  server->url = g_strdup (line + strlen ("LISTENING "));
  g_assert_true (g_str_has_suffix (server->url, "/api/"));
  server->control = g_strdup_printf ("%.*scontrol/", (int) (strlen (server->url) - 4),
                                     server->url);
  return server;
}

void
ud_sync_test_server_stop (UdSyncTestServer *server)
{
  if (server == NULL)
    return;
  if (server->process != NULL)
    {
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
      g_object_unref (server->process);
    }
  ud_test_rm_rf (server->dir);
  g_free (server->dir);
  g_free (server->url);
  g_free (server->control);
  g_free (server);
}

static size_t
collect (char   *data,
         size_t  size,
         size_t  n,
         void   *user_data)
{
  g_byte_array_append (user_data, (const guint8 *) data, (guint) (size * n));
  return size * n;
}

JsonNode *
ud_sync_test_server_control (UdSyncTestServer *server,
                             const char       *path,
                             const char       *body)
{
  g_autofree char *url = g_strconcat (server->control, path, NULL);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  struct curl_slist *headers = NULL;
  CURL *curl = curl_easy_init ();
  long status = 0;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  if (server->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, server->ca_file);
  if (body != NULL)
    {
      headers = curl_slist_append (headers, "Content-Type: application/json");
      curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
    }
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);
  curl_slist_free_all (headers);
  if (status < 200 || status > 299)
    g_error ("control/%s answered %ld: %.*s", path, status, (int) answer->len,
             (const char *) answer->data);

  if (answer->len == 0)
    return json_node_new (JSON_NODE_NULL);
  json_parser_load_from_data (parser, (const char *) answer->data, answer->len, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

gint64
ud_sync_test_server_stat (UdSyncTestServer *server,
                          const char       *name)
{
  g_autoptr(JsonNode) stats = ud_sync_test_server_control (server, "stats", NULL);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (stats));
  g_assert_true (json_object_has_member (json_node_get_object (stats), name));
  return json_object_get_int_member (json_node_get_object (stats), name);
}

void
ud_sync_test_server_faults (UdSyncTestServer *server,
                            const char       *queue_json,
                            const char       *extra_members)
{
  g_autofree char *body = g_strdup_printf ("{\"queue\": %s%s}", queue_json ? queue_json : "[]",
                                           extra_members ? extra_members : "");
  g_autoptr(JsonNode) answer = ud_sync_test_server_control (server, "faults", body);
}

void
ud_sync_test_configure (UdDatabase       *db,
                        UdSyncTestServer *server)
{
  UdSyncSettings settings = { .url = server->url };
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_sync_settings_save (db, NULL, &settings, &error));
  g_assert_no_error (error);
}

void
ud_sync_test_assert_server_has (UdSyncTestServer *server,
                                GHashTable       *expected)
{
  g_autoptr(JsonNode) answer = ud_sync_test_server_control (server, "records?office=office-1",
                                                            NULL);
  g_autoptr(GHashTable) latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *records = json_object_get_array_member (json_node_get_object (answer), "records");
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      g_autofree char *id = g_strdup_printf ("%s %s",
                                             json_object_get_string_member (record, "entity"),
                                             json_object_get_string_member (record, "uuid"));
      gint64 version = json_object_get_int_member (record, "version");

      /* Every stored version exactly once. */
      g_assert_cmpint (json_object_get_int_member (record, "times_stored"), ==, 1);
      if (GPOINTER_TO_INT (g_hash_table_lookup (latest, id)) < version)
        g_hash_table_replace (latest, g_steal_pointer (&id), GINT_TO_POINTER ((int) version));
    }

  /* Every record at its final version, and nothing else. */
  g_assert_cmpuint (g_hash_table_size (latest), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (GPOINTER_TO_INT (g_hash_table_lookup (latest, key)) != GPOINTER_TO_INT (value))
        g_error ("the server has %s at version %d, not %d", (const char *) key,
                 GPOINTER_TO_INT (g_hash_table_lookup (latest, key)), GPOINTER_TO_INT (value));
    }
  g_assert_cmpint (ud_sync_test_server_stat (server, "max_times_stored"), <=, 1);
}

static JsonObject *
make_record (const char *entity,
             const char *uuid,
             guint       index,
             gint64      version)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "uuid", uuid);
  json_object_set_int_member (data, "version", version);
  json_object_set_int_member (data, "index", index);
  if (strcmp (entity, "member") == 0)
    {
      g_autofree char *id = ud_test_make_id ("330102", "19800101", 1 + index % 998);

      json_object_set_string_member (data, "name", "测试会员");
      json_object_set_string_member (data, "id_number", id);
      json_object_set_string_member (data, "status", "active");
    }
  else if (strcmp (entity, "payout") == 0)
    {
      json_object_set_int_member (data, "amount_fen", 150000 + index);
      json_object_set_string_member (data, "payee", "张三");
    }
  else
    json_object_set_string_member (data, "note", "同步测试 sync test “quoted” \\ \n line");
  return data;
}

guint
ud_sync_test_fill_outbox (UdDatabase *db,
                          guint       n,
                          guint       first_index,
                          GHashTable *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_database_begin (db, &error));
  for (guint i = 0; i < n; i++)
    {
      const char *entity = ud_sync_test_entities[(first_index + i) % ud_sync_test_n_entities];
      /* The app's own ids (time-ordered), as the stores make them. */
      g_autofree char *uuid = ud_uuid_new ();
      g_autoptr(JsonObject) data = make_record (entity, uuid, first_index + i, 1);

      g_assert_true (ud_outbox_append (db, entity, 1, uuid, 1, "upsert", data, &error));
      g_hash_table_insert (expected, g_strdup_printf ("%s %s", entity, uuid), GINT_TO_POINTER (1));
    }
  g_assert_true (ud_database_commit (db, &error));
  g_assert_no_error (error);
  return n;
}

guint
ud_sync_test_edit_some (UdDatabase *db,
                        GHashTable *expected,
                        guint       step)
{
  g_autoptr(GError) error = NULL;
  GList *keys = g_hash_table_get_keys (expected);
  guint n = 0, i = 0;

  g_assert_true (ud_database_begin (db, &error));
  for (GList *l = keys; l != NULL; l = l->next, i++)
    {
      const char *key = l->data;
      const char *space = strchr (key, ' ');
      g_autofree char *entity = g_strndup (key, (gsize) (space - key));
      gint64 version = GPOINTER_TO_INT (g_hash_table_lookup (expected, key)) + 1;
      g_autoptr(JsonObject) data = NULL;

      if (i % step != 0)
        continue;
      data = make_record (entity, space + 1, i, version);
      g_assert_true (ud_outbox_append (db, entity, 1, space + 1, version, "upsert", data, &error));
      /* insert keeps the table's key (the list points at it) and frees the new one */
      g_hash_table_insert (expected, g_strdup (key), GINT_TO_POINTER ((int) version));
      n++;
    }
  g_list_free (keys);
  g_assert_true (ud_database_commit (db, &error));
  g_assert_no_error (error);
  return n;
}
