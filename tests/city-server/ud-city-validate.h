/* ud-city-validate.h — record validation and canonical JSON for the reference city server
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Why a record is rejected: the `code`, `field` and `message` of its result. */
typedef struct
{
  const char *code;   /* static string: unknown_entity, missing_field, invalid_field */
  char       *field;  /* owned */
  char       *message; /* owned */
} UdCityRejection;

void      ud_city_rejection_clear       (UdCityRejection *rejection);

gboolean  ud_city_entity_is_known       (const char      *entity);

gboolean  ud_city_id_number_is_valid    (const char      *id_number);

gboolean  ud_city_validate_record       (JsonObject      *record,
                                         UdCityRejection *rejection);

char     *ud_city_canonical_json        (JsonNode        *node);

char     *ud_city_sha256_hex            (const void      *data,
                                         gsize            length);

G_END_DECLS
