/* ud-policy-page.h — the policy parameters in force, their history, and new values from a date
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_POLICY_PAGE (ud_policy_page_get_type ())
G_DECLARE_FINAL_TYPE (UdPolicyPage, ud_policy_page, UD, POLICY_PAGE, AdwBin)

GtkWidget  *ud_policy_page_new    (UdDatabase   *db);

/* Reads the values again (the page does so by itself when the database changes). */
void        ud_policy_page_reload (UdPolicyPage *self);

G_END_DECLS
