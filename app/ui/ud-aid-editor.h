/* ud-aid-editor.h — entering and correcting an aid application (帮扶申请) and its medical bills
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_AID_EDITOR (ud_aid_editor_get_type ())
G_DECLARE_FINAL_TYPE (UdAidEditor, ud_aid_editor, UD, AID_EDITOR, AdwWindow)

/* Opens the editor over @parent's window: a new application (@application_id 0), for the
 * hardship file @file_id when not 0, or a draft or returned one to correct. */
void         ud_aid_editor_present        (GtkWidget   *parent,
                                           UdDatabase  *db,
                                           gint64       application_id,
                                           gint64       file_id);

guint        ud_aid_editor_get_n_claims   (UdAidEditor *self);

/* The row of the medical bill @index for @field: "patient", "diagnosis", "hospital", "kind",
 * "admitted", "discharged", "total", "basic_insurance", "critical_insurance", "employer",
 * "donations" or "out_of_pocket" (a row whose suffix label shows the derived amount). */
GtkWidget   *ud_aid_editor_get_claim_row  (UdAidEditor *self,
                                           guint        index,
                                           const char  *field);

/* The label that shows the derived out-of-pocket of the bill @index. */
GtkLabel    *ud_aid_editor_get_out_of_pocket_label (UdAidEditor *self,
                                                    guint        index);

G_END_DECLS
