/* ud-city-validate.c — record validation and canonical JSON for the reference city server
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-city-validate"

#include <string.h>

#include "ud-city-validate.h"

/* The entities of SYNC-PROTOCOL.md, "POST v1/batches". */
static const char *const known_entities[] = {
  "org", "member", "membership_event", "hardship_file", "household_member", "aid_application",
  "medical_claim", "insurance_plan", "insurance_enrollment", "insurance_claim", "payout",
  "payout_batch", "audit_entry",
};

/* Values of a member's id_kind (or id_type) whose number is an 18-character GB 11643 number:
 * resident ID cards and the permits that share their shape. */
static const char *const id_card_kinds[] = {
  "resident", "resident_id", "id_card", "hmt_residence", "foreign_permanent",
};

void
ud_city_rejection_clear (UdCityRejection *rejection)
{
  rejection->code = NULL;
  g_clear_pointer (&rejection->field, g_free);
  g_clear_pointer (&rejection->message, g_free);
}

static gboolean
reject (UdCityRejection *rejection,
        const char      *code,
        const char      *field,
        char            *message)
{
  ud_city_rejection_clear (rejection);
  rejection->code = code;
  rejection->field = g_strdup (field);
  rejection->message = message;
  return FALSE;
}

static gboolean
in_list (const char        *value,
         const char *const *list,
         gsize              n_items)
{
  for (gsize i = 0; i < n_items; i++)
    if (g_strcmp0 (value, list[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ud_city_entity_is_known (const char *entity)
{
  return in_list (entity, known_entities, G_N_ELEMENTS (known_entities));
}

/* GB 11643-1999: 17 digits, then the ISO 7064 MOD 11-2 check character (lowercase x allowed). */
gboolean
ud_city_id_number_is_valid (const char *id_number)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;
  char check;

  if (id_number == NULL || strlen (id_number) != 18)
    return FALSE;

  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (id_number[i]))
        return FALSE;
      sum += (id_number[i] - '0') * weights[i];
    }

  check = g_ascii_toupper (id_number[17]);
  return check == "10X98765432"[sum % 11];
}

static gboolean
node_is_integer (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Money is integer fen: every member whose name ends in _fen, at any depth, is an integer (or
 * null, for an amount not known yet). */
static gboolean
check_fen_members (JsonNode        *node,
                   const char      *path,
                   UdCityRejection *rejection)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child_path = g_strdup_printf ("%s%s%u", path ? path : "",
                                                         path ? "." : "", i);

          if (!check_fen_members (json_array_get_element (array, i), child_path, rejection))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *member = json_object_get_member (object, name);
          g_autofree char *child_path = path ? g_strconcat (path, ".", name, NULL)
                                             : g_strdup (name);

          if (g_str_has_suffix (name, "_fen") && !JSON_NODE_HOLDS_NULL (member)
              && !node_is_integer (member))
            return reject (rejection, "invalid_field", child_path,
                           g_strdup_printf ("%s: money is an integer number of fen", child_path));

          if (!check_fen_members (member, child_path, rejection))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_member (JsonObject      *data,
                 UdCityRejection *rejection)
{
  JsonNode *id_node = json_object_get_member (data, "id_number");
  const char *kind = NULL;
  const char *id_number;

  if (id_node == NULL || JSON_NODE_HOLDS_NULL (id_node))
    return TRUE;
  if (!node_is_string (id_node))
    return reject (rejection, "invalid_field", "id_number",
                   g_strdup ("id_number: must be a string"));

  id_number = json_node_get_string (id_node);
  if (id_number[0] == '\0')
    return TRUE;

  if (node_is_string (json_object_get_member (data, "id_kind")))
    kind = json_object_get_string_member (data, "id_kind");
  else if (node_is_string (json_object_get_member (data, "id_type")))
    kind = json_object_get_string_member (data, "id_type");

  if ((in_list (kind, id_card_kinds, G_N_ELEMENTS (id_card_kinds)) || strlen (id_number) == 18)
      && !ud_city_id_number_is_valid (id_number))
    return reject (rejection, "invalid_field", "id_number",
                   g_strdup ("id_number: not a valid GB 11643 ID number (check character)"));

  return TRUE;
}

static gboolean
validate_payout (JsonObject      *data,
                 UdCityRejection *rejection)
{
  JsonNode *amount = json_object_get_member (data, "amount_fen");

  if (amount == NULL || JSON_NODE_HOLDS_NULL (amount))
    return reject (rejection, "missing_field", "amount_fen",
                   g_strdup ("amount_fen: a payout needs an amount"));
  if (!node_is_integer (amount))
    return reject (rejection, "invalid_field", "amount_fen",
                   g_strdup ("amount_fen: money is an integer number of fen"));
  if (json_node_get_int (amount) <= 0)
    return reject (rejection, "invalid_field", "amount_fen",
                   g_strdup ("amount_fen: must be greater than zero"));
  return TRUE;
}

/* All of the server's per-record validation. Returns FALSE and fills @rejection (code, field,
 * message) when the record is rejected. The record's seq has been checked by the caller (a bad
 * seq makes the whole batch malformed). */
gboolean
ud_city_validate_record (JsonObject      *record,
                         UdCityRejection *rejection)
{
  JsonNode *entity = json_object_get_member (record, "entity");
  JsonNode *uuid = json_object_get_member (record, "uuid");
  JsonNode *version = json_object_get_member (record, "version");
  JsonNode *op = json_object_get_member (record, "op");
  JsonNode *changed_at = json_object_get_member (record, "changed_at");
  JsonNode *schema = json_object_get_member (record, "schema");
  JsonNode *data = json_object_get_member (record, "data");
  const char *entity_name;
  gboolean is_delete;

  if (entity == NULL)
    return reject (rejection, "missing_field", "entity", g_strdup ("entity: missing"));
  if (!node_is_string (entity) || !ud_city_entity_is_known (json_node_get_string (entity)))
    return reject (rejection, "unknown_entity", "entity",
                   g_strdup ("entity: not an entity of protocol 1"));
  entity_name = json_node_get_string (entity);

  if (uuid == NULL)
    return reject (rejection, "missing_field", "uuid", g_strdup ("uuid: missing"));
  if (!node_is_string (uuid) || json_node_get_string (uuid)[0] == '\0')
    return reject (rejection, "invalid_field", "uuid", g_strdup ("uuid: must be a string"));

  if (version == NULL)
    return reject (rejection, "missing_field", "version", g_strdup ("version: missing"));
  if (!node_is_integer (version) || json_node_get_int (version) < 1)
    return reject (rejection, "invalid_field", "version",
                   g_strdup ("version: must be an integer of at least 1"));

  if (op == NULL)
    return reject (rejection, "missing_field", "op", g_strdup ("op: missing"));
  if (!node_is_string (op)
      || (g_strcmp0 (json_node_get_string (op), "upsert") != 0
          && g_strcmp0 (json_node_get_string (op), "delete") != 0))
    return reject (rejection, "invalid_field", "op", g_strdup ("op: must be upsert or delete"));
  is_delete = g_strcmp0 (json_node_get_string (op), "delete") == 0;

  if (changed_at == NULL)
    return reject (rejection, "missing_field", "changed_at", g_strdup ("changed_at: missing"));
  if (!node_is_string (changed_at))
    return reject (rejection, "invalid_field", "changed_at",
                   g_strdup ("changed_at: must be a timestamp string"));

  if (schema != NULL && (!node_is_integer (schema) || json_node_get_int (schema) < 1))
    return reject (rejection, "invalid_field", "schema",
                   g_strdup ("schema: must be an integer of at least 1"));

  if (is_delete)
    {
      /* A tombstone: data may be missing, null or an object. */
      if (data != NULL && !JSON_NODE_HOLDS_NULL (data) && !JSON_NODE_HOLDS_OBJECT (data))
        return reject (rejection, "invalid_field", "data", g_strdup ("data: must be an object"));
      return TRUE;
    }

  if (data == NULL || JSON_NODE_HOLDS_NULL (data))
    return reject (rejection, "missing_field", "data",
                   g_strdup ("data: an upsert carries the whole record"));
  if (!JSON_NODE_HOLDS_OBJECT (data))
    return reject (rejection, "invalid_field", "data", g_strdup ("data: must be an object"));

  if (!check_fen_members (data, NULL, rejection))
    return FALSE;

  if (g_str_equal (entity_name, "member"))
    return validate_member (json_node_get_object (data), rejection);
  if (g_str_equal (entity_name, "payout"))
    return validate_payout (json_node_get_object (data), rejection);

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (a, b);
}

static JsonNode *
sorted_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *sorted = json_object_new ();
      GList *names = g_list_sort (json_object_get_members (object), compare_names);
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);

      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_member (sorted, l->data,
                                sorted_copy (json_object_get_member (object, l->data)));
      g_list_free (names);
      json_node_take_object (result, sorted);
      return result;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy = json_array_sized_new (json_array_get_length (array));
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, sorted_copy (json_array_get_element (array, i)));
      json_node_take_array (result, copy);
      return result;
    }

  return json_node_copy (node);
}

/* The canonical form of a record's data: json-glib's compact generator output (no white space)
 * of the node with the members of every object sorted by byte-wise comparison of their UTF-8
 * names, at every depth; arrays keep their order; a missing data is `null`. Two bodies that
 * differ only in member order or white space have the same canonical form. */
char *
ud_city_canonical_json (JsonNode *node)
{
  g_autoptr(JsonNode) sorted = NULL;

  if (node == NULL)
    return g_strdup ("null");

  sorted = sorted_copy (node);
  return json_to_string (sorted, FALSE);
}

char *
ud_city_sha256_hex (const void *data,
                    gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}
