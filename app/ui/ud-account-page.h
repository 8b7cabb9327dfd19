/* ud-account-page.h — the administrator's page of accounts: create, roles, deactivate, reset
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_ACCOUNT_PAGE (ud_account_page_get_type ())
G_DECLARE_FINAL_TYPE (UdAccountPage, ud_account_page, UD, ACCOUNT_PAGE, AdwBin)

GtkWidget  *ud_account_page_new (UdDatabase *db);

G_END_DECLS
