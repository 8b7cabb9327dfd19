/* ud-insurance-claim-editor.h — reporting a mutual-insurance claim on a member's paid
 * enrollment
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_INSURANCE_CLAIM_EDITOR (ud_insurance_claim_editor_get_type ())
G_DECLARE_FINAL_TYPE (UdInsuranceClaimEditor, ud_insurance_claim_editor, UD,
                      INSURANCE_CLAIM_EDITOR, AdwWindow)

UdInsuranceClaimEditor *ud_insurance_claim_editor_new (UdDatabase *db);

/* Opens a new claim form over @parent's window. Saved, it closes and the claim's window opens. */
void ud_insurance_claim_editor_present (GtkWidget  *parent,
                                        UdDatabase *db);

G_END_DECLS
