/* ud-hardship-editor.h — opening and correcting a hardship file (困难职工档案)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_HARDSHIP_EDITOR (ud_hardship_editor_get_type ())
G_DECLARE_FINAL_TYPE (UdHardshipEditor, ud_hardship_editor, UD, HARDSHIP_EDITOR, AdwWindow)

/* A new editor for the file @file_id, or for a new file when it is 0; NULL with @error when the
 * file cannot be read. Like every window, it belongs to GTK until it is destroyed. */
UdHardshipEditor *ud_hardship_editor_new     (UdDatabase  *db,
                                              gint64       file_id,
                                              GError     **error);

/* Opens the editor, modal over the window @parent is in. */
void              ud_hardship_editor_present (GtkWidget   *parent,
                                              UdDatabase  *db,
                                              gint64       file_id /* 0 = new file */);

/* The household member rows, for tests: the entry row of @field ("name", "id_number",
 * "birth_date", "monthly_income", "school") of person @index, or NULL. */
GtkWidget        *ud_hardship_editor_get_person_row (UdHardshipEditor *self,
                                                     guint             index,
                                                     const char       *field);

/* The check button of a secondary cause or a document (UdHardshipCause / UdHardshipDocument),
 * for tests. */
GtkWidget        *ud_hardship_editor_get_cause_check    (UdHardshipEditor *self,
                                                         guint             cause);
GtkWidget        *ud_hardship_editor_get_document_check (UdHardshipEditor *self,
                                                         guint             document);

G_END_DECLS
