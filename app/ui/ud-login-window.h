/* ud-login-window.h — logging in, and creating the administrator on a new database
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_LOGIN_WINDOW (ud_login_window_get_type ())
G_DECLARE_FINAL_TYPE (UdLoginWindow, ud_login_window, UD, LOGIN_WINDOW, AdwApplicationWindow)

/* On a database without accounts the window creates the administrator; otherwise it asks for a
 * user name and password. Emits "logged-in" (UdAccount) on success. */
UdLoginWindow *ud_login_window_new (GtkApplication *application,
                                    UdDatabase     *db);

/* Types @username and @password into the window and logs in, as a person pressing Enter would
 * (for tests and bench/bench-startup.sh). */
void           ud_login_window_log_in (UdLoginWindow *self,
                                       const char    *username,
                                       const char    *password);

G_END_DECLS
