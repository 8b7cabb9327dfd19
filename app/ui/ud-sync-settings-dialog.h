/* ud-sync-settings-dialog.h — the sync settings: server address, CA file, automatic interval,
 * office id and token (administrators only)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_SYNC_SETTINGS_DIALOG (ud_sync_settings_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdSyncSettingsDialog, ud_sync_settings_dialog, UD, SYNC_SETTINGS_DIALOG,
                      AdwWindow)

/* Emits "saved" (const char *token, or NULL when the token was left as it was) after saving. */
UdSyncSettingsDialog *ud_sync_settings_dialog_new  (GtkWindow            *parent,
                                                    UdDatabase           *db);
/* The same as the Save button; FALSE (with the errors shown under the fields) when refused. */
gboolean              ud_sync_settings_dialog_save (UdSyncSettingsDialog *self);

G_END_DECLS
