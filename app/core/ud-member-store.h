/* ud-member-store.h — members in the database: writes with history and outbox, reads
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-account.h"
#include "ud-database.h"
#include "ud-member.h"

G_BEGIN_DECLS

/* One entry of a member's history (membership_event). */
typedef struct
{
  gint64            id;
  char             *uuid;
  UdMemberEventKind kind;
  char             *event_date;   /* YYYY-MM-DD */
  UdMemberStatus    from_status;
  UdMemberStatus    to_status;
  char             *from_org_name;
  char             *to_org_name;
  char             *reason;
  char             *changes;      /* corrections: JSON {"field": ["before", "after"], …} */
  char             *created_at;
} UdMemberEvent;

void           ud_member_event_free (UdMemberEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdMemberEvent, ud_member_event_free)

/* Validates @member (ud_member_validate()) and inserts it with a "join" history entry; refuses
 * an ID number that already has a live membership (UD_ERROR_DUPLICATE, field "id_number", the
 * message names the existing member's union). New members are "active" unless the status says
 * "applied". Sets id, uuid, version 1. Outbox rows for the member and the event. */
gboolean       ud_member_store_insert   (UdDatabase      *db,
                                         const UdAccount *actor,
                                         UdMember        *member,
                                         GError         **error);

/* Saves corrections to an existing member: @member->version must be the stored version
 * (else UD_ERROR_CONFLICT). The changed fields are kept as a "correct" history entry with
 * before → after (and @reason). Status and transfers change only through the functions below.
 * Returns TRUE without writing anything when nothing changed. */
gboolean       ud_member_store_update   (UdDatabase      *db,
                                         const UdAccount *actor,
                                         UdMember        *member,
                                         const char      *reason,
                                         GError         **error);

/* The status transitions (DESIGN §4): applied → active; live → retained / lapsed / withdrawn /
 * expelled / deceased; retained → active; lapsed or withdrawn → active (reinstated, if the ID has
 * no other live membership); a transfer: active → transfer pending (to @to_org_id) → active in
 * the new union (transfer in) or back (cancelled). @reason is required for expel, lapse and
 * withdraw; @date defaults to today and may not be in the future. */
gboolean       ud_member_store_change_status (UdDatabase        *db,
                                              const UdAccount   *actor,
                                              gint64             member_id,
                                              UdMemberEventKind  event,
                                              const char        *date,
                                              const char        *reason,
                                              gint64             to_org_id,
                                              GError           **error);

/* Writing needs the clerk role (ud-guard.h); every write is audited. */

/* Records in the audit trail that @actor saw @member_id's whole ID number, mobile or bank card
 * (@what: "id_number", "mobile", "bank_card"); refused without the right to see them. */
gboolean       ud_member_store_audit_view (UdDatabase      *db,
                                           const UdAccount *actor,
                                           gint64           member_id,
                                           const char      *what,
                                           GError         **error);

/* The events that are allowed from @status (for menus). */
gboolean       ud_member_event_allowed  (UdMemberStatus     status,
                                         UdMemberEventKind  event);

UdMember      *ud_member_store_get      (UdDatabase  *db,
                                         gint64       id,
                                         GError     **error);

/* The live member holding @id_number (normalised), or NULL without error. */
UdMember      *ud_member_store_find_live (UdDatabase *db,
                                          const char *id_number,
                                          GError    **error);

/* The member's history, oldest first. */
GPtrArray     *ud_member_store_history  (UdDatabase  *db,
                                         gint64       member_id,
                                         GError     **error);

G_END_DECLS
