/* ud-member-item.h — one row of a member list: a member, or a placeholder while its page loads
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ud-member.h"

G_BEGIN_DECLS

#define UD_TYPE_MEMBER_ITEM (ud_member_item_get_type ())
G_DECLARE_FINAL_TYPE (UdMemberItem, ud_member_item, UD, MEMBER_ITEM, GObject)

/* A placeholder: loading is TRUE and member NULL until ud_member_item_set_member(). */
UdMemberItem   *ud_member_item_new          (void);

/* TRUE while the row's page is being fetched. */
gboolean        ud_member_item_get_loading  (UdMemberItem *self);

/* The member (borrowed), or NULL while loading. */
const UdMember *ud_member_item_get_member   (UdMemberItem *self);

/* The member's id, or 0 while loading. */
gint64          ud_member_item_get_id       (UdMemberItem *self);

/* For UdMemberListModel: fills the row (takes @member) and notifies member and loading. */
void            ud_member_item_take_member  (UdMemberItem *self,
                                             UdMember     *member);

G_END_DECLS
