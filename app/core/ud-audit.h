/* ud-audit.h — the append-only, hash-chained audit trail
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  seq;
  char   *uuid;
  char   *at;            /* UTC timestamp */
  gint64  account_id;
  char   *account_name;
  char   *entity;        /* "member", "org", "account", … */
  char   *record_uuid;   /* NULL for actions not about one record (login, backup) */
  char   *action;        /* "create", "update", "status", "view_personal", "login", … */
  char   *changes;       /* JSON {"field": [before, after], …} */
  char   *prev_hash;
  char   *hash;
} UdAuditEntry;

void        ud_audit_entry_free (UdAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdAuditEntry, ud_audit_entry_free)

/* Appends an entry in the caller's transaction (begins one if none is open): who (@actor; NULL
 * for the system), what (@entity, @record_uuid, @action) and the changed fields — the members
 * of @before and @after that differ, as before → after (either may be NULL). The entry is
 * chained: hash = SHA-256 (previous hash ‖ this entry's canonical JSON). Also written to the
 * outbox as entity "audit_entry". */
gboolean    ud_audit_append     (UdDatabase      *db,
                                 const UdAccount *actor,
                                 const char      *entity,
                                 const char      *record_uuid,
                                 const char      *action,
                                 JsonObject      *before,
                                 JsonObject      *after,
                                 GError         **error);

/* Walks the whole chain and checks every hash and link, that no entry is missing at the end,
 * and SQLite's integrity_check. Returns FALSE with a message naming the first broken entry
 * (its seq) and sets *@broken_seq (0 if the problem is not one entry). */
gboolean    ud_audit_verify     (UdDatabase  *db,
                                 gint64      *broken_seq,
                                 guint64     *n_checked,
                                 GError     **error);

typedef struct
{
  gint64  account_id;    /* 0 for any */
  char   *entity;        /* NULL for any */
  char   *record_uuid;   /* NULL for any */
  char   *action;        /* NULL for any */
  char   *from_date;     /* YYYY-MM-DD inclusive, local dates; NULL for open */
  char   *to_date;
} UdAuditFilter;

/* Entries matching @filter, newest first, @offset/@limit for paging. */
GPtrArray  *ud_audit_list       (UdDatabase          *db,
                                 const UdAuditFilter *filter,
                                 guint                offset,
                                 guint                limit,
                                 GError             **error);

G_END_DECLS
