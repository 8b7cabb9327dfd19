/* tests/test-json.c — the one JSON writer: exact output, round trip through json-glib
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "ud-json.h"

static void
test_exact_form (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) inner = json_object_new ();
  JsonArray *array = json_array_new ();
  g_autofree char *text = NULL;

  json_object_set_string_member (object, "name", "李明\"小\"\\");
  json_object_set_int_member (object, "fen", G_GINT64_CONSTANT (-9223372036854775807) - 1);
  json_object_set_boolean_member (object, "platform", TRUE);
  json_object_set_null_member (object, "mobile");
  json_object_set_string_member (object, "control", "a\nb\tc\001d/e");
  json_array_add_string_element (array, "前");
  json_array_add_null_element (array);
  json_array_add_int_element (array, 0);
  json_object_set_array_member (object, "pair", array);
  json_object_set_object_member (object, "empty", json_object_ref (inner));
  json_object_set_double_member (object, "ratio", 0.5);

  text = ud_json_object_to_string (object);
  g_assert_cmpstr (text, ==,
                   "{\"name\":\"李明\\\"小\\\"\\\\\",\"fen\":-9223372036854775808,"
                   "\"platform\":true,\"mobile\":null,\"control\":\"a\\nb\\tc\\u0001d/e\","
                   "\"pair\":[\"前\",null,0],\"empty\":{},\"ratio\":0.5}");
}

static void
test_round_trip (void)
{
  const char *samples[] = {
    "{}",
    "[]",
    "{\"a\":[1,2,{\"b\":\"c\"}],\"d\":null,\"e\":false}",
    "{\"changes\":{\"name\":[\"王芳\",\"王芳芳\"],\"mobile\":[null,\"13800138000\"]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (samples[i], NULL);
      g_autofree char *text = ud_json_node_to_string (node);
      g_autoptr(JsonNode) again = json_from_string (text, NULL);

      g_assert_cmpstr (text, ==, samples[i]);
      g_assert_true (json_node_equal (node, again));
    }

  {
    g_autofree char *null_text = ud_json_node_to_string (NULL);
    g_autofree char *empty = ud_json_object_to_string (NULL);

    g_assert_cmpstr (null_text, ==, "null");
    g_assert_cmpstr (empty, ==, "{}");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/json/exact-form", test_exact_form);
  g_test_add_func ("/ud/json/round-trip", test_round_trip);
  return g_test_run ();
}
