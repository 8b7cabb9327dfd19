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

/* Shows the section @name ("members", "organisations", "employers", "audit", "accounts"); FALSE
 * if there is none or the account may not see it. */
gboolean    ud_window_show_section  (UdWindow       *self,
                                     const char     *name);

/* The page of the section @name (made now if it was not shown yet), or NULL if there is none or
 * the account may not see it. */
GtkWidget  *ud_window_get_page      (UdWindow       *self,
                                     const char     *name);

/* Locks the session: the lock screen hides the content and the windows that belong to this one
 * until the account's password is given. Ctrl+L and the idle time do it too. */
void        ud_window_lock          (UdWindow       *self);
gboolean    ud_window_is_locked     (UdWindow       *self);

/* Makes today's automatic backup (GSettings backup-keep) on a worker thread; a toast tells when
 * one was made. */
void        ud_window_start_auto_backup (UdWindow   *self);

/* signal: "log-out" (), when the person chose to log in as someone else; the window then
 * closes. */

G_END_DECLS
