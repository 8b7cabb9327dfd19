/* ud-insurance-page.h — the mutual-insurance section (互助保障): claims, enrollments and plans
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_INSURANCE_PAGE (ud_insurance_page_get_type ())
G_DECLARE_FINAL_TYPE (UdInsurancePage, ud_insurance_page, UD, INSURANCE_PAGE, GtkWidget)

GtkWidget *ud_insurance_page_new    (UdDatabase      *db);

/* Reads the lists and plans again (the database signals changes by itself). */
void       ud_insurance_page_reload (UdInsurancePage *self);

G_END_DECLS
