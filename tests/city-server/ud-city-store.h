/* ud-city-store.h — the reference city server's SQLite storage of batches and records
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _UdCityStore UdCityStore;

UdCityStore *ud_city_store_open                (const char   *path,
                                                GError      **error);

void         ud_city_store_free                (UdCityStore  *store);

gboolean     ud_city_store_lookup_batch        (UdCityStore  *store,
                                                const char   *batch_id,
                                                char        **office_id,
                                                char        **body_sha256,
                                                char        **response,
                                                GError      **error);

char        *ud_city_store_process_batch       (UdCityStore  *store,
                                                const char   *office_id,
                                                const char   *body_sha256,
                                                JsonObject   *batch,
                                                GError      **error);

char        *ud_city_store_dup_other_response  (UdCityStore  *store,
                                                const char   *batch_id,
                                                const char   *office_id);

JsonNode    *ud_city_store_get_stats           (UdCityStore  *store,
                                                GError      **error);

JsonNode    *ud_city_store_list_records        (UdCityStore  *store,
                                                const char   *office_id,
                                                GError      **error);

gboolean     ud_city_store_reset               (UdCityStore  *store,
                                                GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdCityStore, ud_city_store_free)

G_END_DECLS
