/* ud-policy-dialog.h — sets a new value of one policy parameter from a date
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"
#include "ud-policy.h"

G_BEGIN_DECLS

#define UD_TYPE_POLICY_DIALOG (ud_policy_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdPolicyDialog, ud_policy_dialog, UD, POLICY_DIALOG, AdwWindow)

/* A dialog for a new value of @info (an entry of ud_policy_params()), in force from the first day
 * of next month unless changed. Saving stores it as the account of the window the dialog is over;
 * a refusal is shown under its field and the dialog stays open. */
UdPolicyDialog          *ud_policy_dialog_new      (UdDatabase              *db,
                                                    const UdPolicyParamInfo *info);

const UdPolicyParamInfo *ud_policy_dialog_get_info (UdPolicyDialog          *self);

/* signal: "saved" (), after the value was stored; the dialog then closes. */

G_END_DECLS
