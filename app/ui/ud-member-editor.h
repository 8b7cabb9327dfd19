/* ud-member-editor.h — registering a member and correcting a member's record
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_MEMBER_EDITOR (ud_member_editor_get_type ())
G_DECLARE_FINAL_TYPE (UdMemberEditor, ud_member_editor, UD, MEMBER_EDITOR, AdwWindow)

/* A new editor for the member @member_id, or for a new member when it is 0; NULL with @error
 * when the member cannot be read. Like every window, it belongs to GTK until it is destroyed. */
UdMemberEditor *ud_member_editor_new     (UdDatabase  *db,
                                          gint64       member_id,
                                          GError     **error);

/* Opens the editor, modal over the window @parent is in. */
void            ud_member_editor_present (GtkWidget   *parent,
                                          UdDatabase  *db,
                                          gint64       member_id /* 0 = new member */);

G_END_DECLS
