/* ud-import-dialog.h — the roster import wizard: file, columns, check, import, result
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_IMPORT_DIALOG (ud_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdImportDialog, ud_import_dialog, UD, IMPORT_DIALOG, AdwWindow)

/* A new wizard importing into @db (through its own connection to ud_database_get_path()). */
UdImportDialog *ud_import_dialog_new       (UdDatabase     *db);

/* Reads @file in a worker thread and goes on to the columns step (as choosing it would). */
void            ud_import_dialog_open_file (UdImportDialog *self,
                                            GFile          *file);

/* Opens the wizard, modal over the window @parent is in. */
void            ud_import_dialog_present   (GtkWidget      *parent,
                                            UdDatabase     *db);

G_END_DECLS
