/* ud-insurance-claim-detail.h — one mutual-insurance claim: its fields, the assessment line by
 * line, the history and the workflow steps
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_INSURANCE_CLAIM_DETAIL (ud_insurance_claim_detail_get_type ())
G_DECLARE_FINAL_TYPE (UdInsuranceClaimDetail, ud_insurance_claim_detail, UD,
                      INSURANCE_CLAIM_DETAIL, AdwWindow)

/* NULL with @error when the claim cannot be read. */
UdInsuranceClaimDetail *ud_insurance_claim_detail_new (UdDatabase  *db,
                                                       gint64       claim_id,
                                                       GError     **error);
gint64       ud_insurance_claim_detail_get_claim_id          (UdInsuranceClaimDetail *self);

/* The box that shows the computation line by line (rebuilt on every change); for tests. */
GtkWidget   *ud_insurance_claim_detail_get_computation_group (UdInsuranceClaimDetail *self);

/* The workflow button named @name ("claim.documents", "claim.assess", "claim.approve",
 * "claim.reject"), or NULL. */
GtkWidget   *ud_insurance_claim_detail_get_step_button       (UdInsuranceClaimDetail *self,
                                                              const char             *name);

/* Opens the claim's window (or brings back the one already open), over @parent's window. */
void         ud_insurance_claim_detail_present               (GtkWidget  *parent,
                                                              UdDatabase *db,
                                                              gint64      claim_id);

G_END_DECLS
