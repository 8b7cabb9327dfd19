/* ud-employer-page.h — the employers of members, with their credit codes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_EMPLOYER_PAGE (ud_employer_page_get_type ())
G_DECLARE_FINAL_TYPE (UdEmployerPage, ud_employer_page, UD, EMPLOYER_PAGE, AdwBin)

GtkWidget *ud_employer_page_new (UdDatabase *db);

G_END_DECLS
