/* ud-hardship-page.h — the hardship files section: search, filters, queues and the file list
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_HARDSHIP_PAGE (ud_hardship_page_get_type ())
G_DECLARE_FINAL_TYPE (UdHardshipPage, ud_hardship_page, UD, HARDSHIP_PAGE, GtkWidget)

GtkWidget *ud_hardship_page_new    (UdDatabase     *db);

/* Reads the list again (the database signals changes by itself). */
void       ud_hardship_page_reload (UdHardshipPage *self);

G_END_DECLS
