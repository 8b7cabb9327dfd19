/* ud-member-detail.h — one member: the record, the status and the history
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_MEMBER_DETAIL (ud_member_detail_get_type ())
G_DECLARE_FINAL_TYPE (UdMemberDetail, ud_member_detail, UD, MEMBER_DETAIL, AdwWindow)

UdMemberDetail *ud_member_detail_new           (UdDatabase     *db,
                                                gint64          member_id);
gint64          ud_member_detail_get_member_id (UdMemberDetail *self);

/* Opens the member's window (or brings back the one already open), over @parent's window. */
void            ud_member_detail_present       (GtkWidget      *parent,
                                                UdDatabase     *db,
                                                gint64          member_id);

G_END_DECLS
