/* ud-org-page.h — the organisation tree: the office and the unions under it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_ORG_PAGE (ud_org_page_get_type ())
G_DECLARE_FINAL_TYPE (UdOrgPage, ud_org_page, UD, ORG_PAGE, AdwBin)

GtkWidget *ud_org_page_new (UdDatabase *db);

G_END_DECLS
