/* ud-lock-screen.h — the locked session: the same account's password unlocks it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_LOCK_SCREEN (ud_lock_screen_get_type ())
G_DECLARE_FINAL_TYPE (UdLockScreen, ud_lock_screen, UD, LOCK_SCREEN, AdwBin)

/* signals: "unlocked" (), emitted when the account's password was given;
 *          "switch-user" (), when the person chose to log in as someone else. */
GtkWidget  *ud_lock_screen_new       (void);

/* Prepares the screen for @account of @db (both borrowed for the screen's life): clears the
 * password and the error and focuses the password entry. */
void        ud_lock_screen_reset     (UdLockScreen    *self,
                                      UdDatabase      *db,
                                      const UdAccount *account);

G_END_DECLS
