/* ud-password-dialog.h — changing one's own password (also forced at first login)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_PASSWORD_DIALOG (ud_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdPasswordDialog, ud_password_dialog, UD, PASSWORD_DIALOG, AdwWindow)

/* A dialog that changes the password of @account (copied). When @forced, the text says the
 * password must be changed before working, and closing the dialog means not going on.
 * signal: "finished" (gboolean changed), once, when the password was changed or the dialog
 * was closed without changing it. */
UdPasswordDialog *ud_password_dialog_new (UdDatabase      *db,
                                          const UdAccount *account,
                                          gboolean         forced);

G_END_DECLS
