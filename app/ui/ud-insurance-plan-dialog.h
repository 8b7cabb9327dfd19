/* ud-insurance-plan-dialog.h — a mutual-insurance plan as the administrator edits it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"
#include "ud-insurance-rules.h"

G_BEGIN_DECLS

#define UD_TYPE_INSURANCE_PLAN_DIALOG (ud_insurance_plan_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdInsurancePlanDialog, ud_insurance_plan_dialog, UD,
                      INSURANCE_PLAN_DIALOG, AdwWindow)

/* NULL with @error when the plan cannot be read. */
UdInsurancePlanDialog *ud_insurance_plan_dialog_new (UdDatabase           *db,
                                                     UdInsurancePlanKind   kind,
                                                     GError              **error);

void ud_insurance_plan_dialog_present (GtkWidget           *parent,
                                       UdDatabase          *db,
                                       UdInsurancePlanKind  kind);

G_END_DECLS
