/* ud-preferences-window.h — the settings a person can change: lock time, backups kept
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_PREFERENCES_WINDOW (ud_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (UdPreferencesWindow, ud_preferences_window, UD, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

UdPreferencesWindow *ud_preferences_window_new (GtkWindow  *parent,
                                                UdDatabase *db);

G_END_DECLS
