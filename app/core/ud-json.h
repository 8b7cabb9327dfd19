/* ud-json.h — the one JSON writer: compact, stable, fast
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Writes @node as compact JSON: members in their order, no white space, strings as UTF-8 with
 * only '"', '\\' and control characters escaped (\n, \t … or \u00XX), integers in decimal,
 * doubles with g_ascii_dtostr(). The audit trail hashes this text, so the form is fixed here,
 * not left to a library version. */
char *ud_json_node_to_string   (JsonNode   *node);
char *ud_json_object_to_string (JsonObject *object);

/* Appends @text as a JSON string literal, with the escaping above. */
void  ud_json_append_string    (GString    *out,
                                const char *text);

G_END_DECLS
