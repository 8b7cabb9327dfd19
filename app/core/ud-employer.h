/* ud-employer.h — employers of members, with unified social credit codes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  char     *uuid;
  gint64    version;
  char     *name;
  char     *credit_code;  /* normalised, or NULL */
  gboolean  is_platform;  /* a platform company of new-employment work (delivery, ride-hailing…) */
  char     *address;
  char     *contact;
  char     *phone;
  gint64    member_count; /* filled by ud_employer_list() */
} UdEmployer;

#define UD_TYPE_EMPLOYER (ud_employer_get_type ())
GType       ud_employer_get_type (void) G_GNUC_CONST;
UdEmployer *ud_employer_new      (void);
UdEmployer *ud_employer_copy     (const UdEmployer *employer);
void        ud_employer_free     (UdEmployer       *employer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdEmployer, ud_employer_free)

/* Validates (name required, credit code checked and unique) and inserts; needs the clerk or
 * administrator role; writes the audit trail and the outbox. */
gboolean    ud_employer_insert   (UdDatabase      *db,
                                  const UdAccount *actor,
                                  UdEmployer      *employer,
                                  GError         **error);
/* Saves; @employer->version must be the stored one (else UD_ERROR_CONFLICT). */
gboolean    ud_employer_update   (UdDatabase      *db,
                                  const UdAccount *actor,
                                  UdEmployer      *employer,
                                  GError         **error);
UdEmployer *ud_employer_get      (UdDatabase  *db,
                                  gint64       id,
                                  GError     **error);

/* Employers whose name or credit code contains @text (NULL or "" for all), by name, with their
 * member counts; at most @limit (0 for no limit). */
GPtrArray  *ud_employer_list     (UdDatabase  *db,
                                  const char  *text,
                                  guint        limit,
                                  GError     **error);

/* Finds the employer by credit code (if given and valid) or else by exact name, creating it if
 * there is none; for imports and the member editor. @credit_code may be NULL or "". An invalid
 * credit code is an error (field "credit_code"). */
gboolean    ud_employer_find_or_create (UdDatabase      *db,
                                        const UdAccount *actor,
                                        const char      *name,
                                        const char      *credit_code,
                                        gboolean         is_platform,
                                        gint64          *out_id,
                                        GError         **error);

/* TRUE for names of the well-known platform companies (美团, 饿了么, 滴滴, 顺丰, 货拉拉 …). */
gboolean    ud_employer_name_is_platform (const char *name);

JsonObject *ud_employer_to_json  (const UdEmployer *employer);

G_END_DECLS
