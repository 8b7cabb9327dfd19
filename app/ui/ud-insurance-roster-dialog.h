/* ud-insurance-roster-dialog.h — enrolling the members of a union in a mutual-insurance plan:
 * choose, preview who is enrolled and who is refused with the reason, confirm
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_INSURANCE_ROSTER_DIALOG (ud_insurance_roster_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdInsuranceRosterDialog, ud_insurance_roster_dialog, UD,
                      INSURANCE_ROSTER_DIALOG, AdwWindow)

UdInsuranceRosterDialog *ud_insurance_roster_dialog_new (UdDatabase *db);

void ud_insurance_roster_dialog_present (GtkWidget  *parent,
                                         UdDatabase *db);

G_END_DECLS
