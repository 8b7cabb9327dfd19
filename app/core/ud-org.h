/* ud-org.h — the office's organisation tree (city → district → street/township → unions)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ud-account.h"
#include "ud-database.h"
#include "ud-enums.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;           /* 0 until inserted */
  char     *uuid;
  gint64    version;
  gint64    parent_id;    /* 0 for a root */
  char     *name;
  UdOrgKind kind;
  char     *region_code;  /* 6-digit administrative division code, optional */
  char     *contact;
  char     *phone;
  char     *address;
  gboolean  is_office;    /* the office this database belongs to */
  gboolean  archived;
  int       depth;        /* filled by ud_org_list(): 0 for roots */
} UdOrg;

#define UD_TYPE_ORG (ud_org_get_type ())
GType       ud_org_get_type  (void) G_GNUC_CONST;
UdOrg      *ud_org_new       (void);
UdOrg      *ud_org_copy      (const UdOrg *org);
void        ud_org_free      (UdOrg       *org);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdOrg, ud_org_free)

/* Creates the office's own node on a new database (a district federation, renamed later). */
gboolean    ud_org_create_office (UdDatabase *db,
                                  const char *name,
                                  gint64     *out_id,
                                  GError    **error);

/* Validates and inserts @org (sets id, uuid, version 1). The kind must sit below the parent's
 * (a street federation under a district, unions under a street); names are unique among
 * siblings. Needs the administrator role. Writes the audit trail and the outbox in the same
 * transaction. */
gboolean    ud_org_insert    (UdDatabase      *db,
                              const UdAccount *actor,
                              UdOrg           *org,
                              GError         **error);

/* Saves @org; @org->version must be the stored version (else UD_ERROR_CONFLICT), and is
 * incremented. A node cannot be moved under itself or its descendants. */
gboolean    ud_org_update    (UdDatabase      *db,
                              const UdAccount *actor,
                              UdOrg           *org,
                              GError         **error);

UdOrg      *ud_org_get       (UdDatabase  *db,
                              gint64       id,
                              GError     **error);

/* Every node, in tree order (each parent before its children, siblings by name), with depth. */
GPtrArray  *ud_org_list      (UdDatabase  *db,
                              GError     **error);

/* The id of the node named @name (white space trimmed), or 0. */
gint64      ud_org_find_by_name (UdDatabase *db,
                                 const char *name);

/* The ids of @org_id and all its descendants. */
GArray     *ud_org_subtree_ids (UdDatabase *db,
                                gint64      org_id);

/* A kind guessed from a union's name ("…联合工会" → joint, "…街道总工会" → street), for imports. */
UdOrgKind   ud_org_kind_guess_from_name (const char *name);

JsonObject *ud_org_to_json   (UdDatabase  *db,
                              const UdOrg *org);

G_END_DECLS
