/* ud-status-dialog.h — asking for the date and reason of a member's status change
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"
#include "ud-member.h"

G_BEGIN_DECLS

#define UD_TYPE_STATUS_DIALOG (ud_status_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdStatusDialog, ud_status_dialog, UD, STATUS_DIALOG, AdwWindow)

/* What a button or menu item doing @event says ("Transfer to Another Union…"), translated. */
const char     *ud_status_dialog_event_verb (UdMemberEventKind  event);

/* TRUE when the core requires a reason for @event. */
gboolean        ud_status_dialog_event_needs_reason (UdMemberEventKind event);

/* A dialog that applies @event to @member with ud_member_store_change_status() and then emits
 * "applied" and closes; errors stay in the dialog beside their field. */
UdStatusDialog *ud_status_dialog_new        (UdDatabase        *db,
                                             const UdMember    *member,
                                             UdMemberEventKind  event);

G_END_DECLS
