/* ud-json.c — the one JSON writer: compact, stable, fast
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-json"

#include "ud-json.h"

void
ud_json_append_string (GString    *out,
                       const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;
      const char *escape = NULL;
      char code[8];

      switch (c)
        {
        case '"':
          escape = "\\\"";
          break;
        case '\\':
          escape = "\\\\";
          break;
        case '\n':
          escape = "\\n";
          break;
        case '\r':
          escape = "\\r";
          break;
        case '\t':
          escape = "\\t";
          break;
        case '\b':
          escape = "\\b";
          break;
        case '\f':
          escape = "\\f";
          break;
        default:
          if (c < 0x20)
            {
              g_snprintf (code, sizeof code, "\\u%04x", c);
              escape = code;
            }
          break;
        }

      if (escape != NULL)
        {
          g_string_append_len (out, run, p - run);
          g_string_append (out, escape);
          run = p + 1;
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void append_node (GString  *out,
                         JsonNode *node);

static void
append_object (GString    *out,
               JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      ud_json_append_string (out, l->data);
      g_string_append_c (out, ':');
      append_node (out, json_object_get_member (object, l->data));
    }
  g_string_append_c (out, '}');
}

static void
append_array (GString   *out,
              JsonArray *array)
{
  guint n = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_node (out, json_array_get_element (array, i));
    }
  g_string_append_c (out, ']');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      append_array (out, json_node_get_array (node));
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          g_string_append (out, g_ascii_dtostr (number, sizeof number,
                                                json_node_get_double (node)));
          break;
        case G_TYPE_STRING:
        default:
          {
            const char *text = json_node_get_string (node);

            if (text == NULL)
              g_string_append (out, "null");
            else
              ud_json_append_string (out, text);
          }
          break;
        }
      break;
    }
}

char *
ud_json_node_to_string (JsonNode *node)
{
  GString *out = g_string_sized_new (256);

  append_node (out, node);
  return g_string_free (out, FALSE);
}

char *
ud_json_object_to_string (JsonObject *object)
{
  GString *out = g_string_sized_new (512);

  if (object == NULL)
    g_string_append (out, "{}");
  else
    append_object (out, object);
  return g_string_free (out, FALSE);
}
