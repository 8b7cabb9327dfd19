/* ud-aid-action-dialog.h — one workflow step of an aid application that asks for an opinion,
 * an amount or a reason
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-aid-application.h"
#include "ud-database.h"

G_BEGIN_DECLS

typedef enum
{
  UD_AID_STEP_REVIEW,    /* the rules compute the amount; an opinion (optional) */
  UD_AID_STEP_APPROVE,   /* the recommendation, or a lower amount with a reason */
  UD_AID_STEP_RETURN,    /* a reason */
  UD_AID_STEP_REJECT,    /* a reason */
} UdAidStep;

#define UD_TYPE_AID_ACTION_DIALOG (ud_aid_action_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdAidActionDialog, ud_aid_action_dialog, UD, AID_ACTION_DIALOG, AdwWindow)

/* A dialog for @step of @app (copied). Confirming runs the step in the store as the account of
 * the window it is over; a refusal is shown in the dialog, which stays open. */
UdAidActionDialog *ud_aid_action_dialog_new      (UdDatabase             *db,
                                                  const UdAidApplication *app,
                                                  UdAidStep               step);

UdAidStep          ud_aid_action_dialog_get_step (UdAidActionDialog      *self);

/* signal: "done" (), after the step was saved; the dialog then closes. */

G_END_DECLS
