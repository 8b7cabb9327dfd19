/* ud-member-page.h — the members section: search, filters and the paged member list
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"
#include "ud-member-query.h"

G_BEGIN_DECLS

#define UD_TYPE_MEMBER_PAGE (ud_member_page_get_type ())
G_DECLARE_FINAL_TYPE (UdMemberPage, ud_member_page, UD, MEMBER_PAGE, GtkWidget)

GtkWidget           *ud_member_page_new          (UdDatabase   *db);

/* The search and filters as they are now. */
const UdMemberQuery *ud_member_page_get_query    (UdMemberPage *self);

void                 ud_member_page_focus_search (UdMemberPage *self);

/* Asks for a file and exports the members the search and filters show (CSV or XLSX). */
void                 ud_member_page_export       (UdMemberPage *self);

G_END_DECLS
