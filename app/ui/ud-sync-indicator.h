/* ud-sync-indicator.h — the sync state in the main window's header: a button to the sync page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_SYNC_INDICATOR (ud_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (UdSyncIndicator, ud_sync_indicator, UD, SYNC_INDICATOR, AdwBin)

void        ud_sync_indicator_set_database (UdSyncIndicator *self,
                                            UdDatabase      *db);
/* What it shows now (for tests and its tooltip). */
const char *ud_sync_indicator_get_text     (UdSyncIndicator *self);

G_END_DECLS
