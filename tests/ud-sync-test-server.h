/* tests/ud-sync-test-server.h — the reference city server (UD_CITY_SERVER) as a subprocess of a
 * sync test, and its control API
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ud-database.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *url;          /* http://127.0.0.1:PORT/api/ */
  char        *control;      /* http://127.0.0.1:PORT/control/ */
  char        *dir;          /* its temporary folder (database) */
  const char  *ca_file;      /* borrowed: the CA of a TLS server, for the control requests */
} UdSyncTestServer;

/* Starts the server with office-1:test-token (and @extra_args, NULL-terminated, may be NULL);
 * skips the test (returns NULL) when UD_CITY_SERVER is not set. */
UdSyncTestServer *ud_sync_test_server_start (const char *const *extra_args);
void              ud_sync_test_server_stop  (UdSyncTestServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdSyncTestServer, ud_sync_test_server_stop)

/* POST (when @body is not NULL) or GET control/@path; the parsed JSON answer (asserts 200). */
JsonNode *ud_sync_test_server_control (UdSyncTestServer *server,
                                       const char       *path,
                                       const char       *body);
/* A member of GET control/stats. */
gint64    ud_sync_test_server_stat    (UdSyncTestServer *server,
                                       const char       *name);
/* Queues faults for the next requests: "[\"close_after_commit\"]" and optional extra members
 * (", \"retry_after\": \"1\""), or NULL. */
void      ud_sync_test_server_faults  (UdSyncTestServer *server,
                                       const char       *queue_json,
                                       const char       *extra_members);

/* Points @db's sync settings at @server (no office id: learned from hello). */
void      ud_sync_test_configure      (UdDatabase       *db,
                                       UdSyncTestServer *server);

/* Checks that the server holds, for office-1, exactly the records of @expected (a hash table
 * "entity uuid" → final version as GINT_TO_POINTER) at their final versions, every stored
 * version exactly once. */
void      ud_sync_test_assert_server_has (UdSyncTestServer *server,
                                          GHashTable       *expected);

/* Appends @n records of every protocol entity in turn (members with valid ID numbers, payouts
 * with positive amounts) straight to the outbox in one transaction, and records them in
 * @expected. Returns how many were appended. */
guint     ud_sync_test_fill_outbox    (UdDatabase       *db,
                                       guint             n,
                                       guint             first_index,
                                       GHashTable       *expected);

/* Appends a new version of records of @expected (every @step-th), as an edit would. */
guint     ud_sync_test_edit_some      (UdDatabase       *db,
                                       GHashTable       *expected,
                                       guint             step);

/* The protocol's entities. */
extern const char *const ud_sync_test_entities[];
extern const guint ud_sync_test_n_entities;

G_END_DECLS
