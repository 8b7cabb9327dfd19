/* ud-sync-page.h — sync with the city union: state, a run with progress and cancel, the records
 * the server refused, and automatic sync on the configured interval
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_SYNC_PAGE (ud_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (UdSyncPage, ud_sync_page, UD, SYNC_PAGE, AdwBin)

GtkWidget  *ud_sync_page_new        (UdDatabase *db);

/* Reads the state again (the page does so by itself when the database changes). */
void        ud_sync_page_reload     (UdSyncPage *self);

/* The token for this session (typed in the settings; also kept in the keyring when there is
 * one). NULL forgets it. */
void        ud_sync_page_set_token  (UdSyncPage *self,
                                     const char *token);

/* Starts a run now (the "sync.run" action); FALSE when one is running already. */
gboolean    ud_sync_page_sync_now   (UdSyncPage *self);
gboolean    ud_sync_page_is_running (UdSyncPage *self);

/* For tests: the interval timer's period in seconds (0 when off). */
guint       ud_sync_page_get_timer_seconds (UdSyncPage *self);

G_END_DECLS
