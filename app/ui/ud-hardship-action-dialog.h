/* ud-hardship-action-dialog.h — one workflow step of a hardship file that asks for a date, a
 * category, a reason or an opinion
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"
#include "ud-hardship.h"

G_BEGIN_DECLS

typedef enum
{
  UD_HARDSHIP_STEP_SUBMIT,            /* the union's opinion (optional) */
  UD_HARDSHIP_STEP_PUBLICISE,         /* the start date */
  UD_HARDSHIP_STEP_REVIEW,            /* confirm or override the category, with a reason */
  UD_HARDSHIP_STEP_APPROVE,           /* the approver's opinion */
  UD_HARDSHIP_STEP_RETURN,            /* a reason */
  UD_HARDSHIP_STEP_REJECT,            /* a reason */
  UD_HARDSHIP_STEP_CONCLUDE_REVIEW,   /* keep, reclassify or exit */
  UD_HARDSHIP_STEP_EXIT,              /* an exit reason and a reason */
  UD_HARDSHIP_STEP_REOPEN,            /* a reason */
} UdHardshipStep;

#define UD_TYPE_HARDSHIP_ACTION_DIALOG (ud_hardship_action_dialog_get_type ())
G_DECLARE_FINAL_TYPE (UdHardshipActionDialog, ud_hardship_action_dialog, UD,
                      HARDSHIP_ACTION_DIALOG, AdwWindow)

/* A dialog for @step of @file (copied). Confirming runs the step in the store as the account of
 * the window it is over; a refusal is shown in the dialog, which stays open. */
UdHardshipActionDialog *ud_hardship_action_dialog_new  (UdDatabase           *db,
                                                        const UdHardshipFile *file,
                                                        UdHardshipStep        step);

UdHardshipStep          ud_hardship_action_dialog_get_step (UdHardshipActionDialog *self);

/* signal: "done" (), after the step was saved; the dialog then closes. */

G_END_DECLS
