/* ud-window.h — the main window: the sections in a sidebar, the chosen section beside it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_WINDOW (ud_window_get_type ())
G_DECLARE_FINAL_TYPE (UdWindow, ud_window, UD, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests). @account is the logged-in account (copied): everything
 * done in the window is done as it. */
UdWindow   *ud_window_new           (GtkApplication  *application,
                                     UdDatabase      *db,
                                     const UdAccount *account);

const UdAccount *ud_window_get_account (UdWindow    *self);

/* Shows @toast (transfer full) over the window's content. */
void        ud_window_add_toast     (UdWindow       *self,
                                     AdwToast       *toast);

UdDatabase *ud_window_get_database  (UdWindow       *self);

/* Shows the section @name ("members", "organisations", "employers"); FALSE if there is none. */
gboolean    ud_window_show_section  (UdWindow       *self,
                                     const char     *name);

G_END_DECLS
