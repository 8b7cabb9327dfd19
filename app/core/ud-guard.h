/* ud-guard.h — who may do what: role checks in the core, not only in the UI
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-account.h"

G_BEGIN_DECLS

typedef enum
{
  UD_ACTION_MEMBER_WRITE,      /* register, correct, change status, import members */
  UD_ACTION_EMPLOYER_WRITE,
  UD_ACTION_ORG_WRITE,         /* the organisation tree */
  UD_ACTION_ACCOUNT_ADMIN,     /* accounts and roles */
  UD_ACTION_POLICY_WRITE,
  UD_ACTION_SYNC_SETTINGS,
  UD_ACTION_BACKUP,            /* make and restore backups */
  UD_ACTION_VIEW_PERSONAL,     /* see a whole ID number, mobile or bank card */
  UD_ACTION_EXPORT,
  UD_ACTION_REVIEW,            /* check documents, run the rules, recommend or return */
  UD_ACTION_APPROVE,           /* approve files and applications (never one's own) */
  UD_ACTION_PAY,               /* pay approved items, record vouchers and failures */
  UD_ACTION_AMOUNT_WRITE,      /* enter or change a requested, computed or approved amount */
  UD_ACTION_HARDSHIP_WRITE,    /* open, correct and submit hardship files */
} UdAction;

/* TRUE when @actor may do @action; else a UD_ERROR_PERMISSION error whose translated message
 * says who may not do what and which role it needs. A NULL or deactivated actor may do
 * nothing. */
gboolean    ud_guard_check        (const UdAccount *actor,
                                   UdAction         action,
                                   GError         **error);

/* ud_guard_check() with the account's roles and active flag as they are in @db now, not as they
 * were when it logged in: an account demoted or deactivated meanwhile loses its rights at once.
 * Every guarded core function uses this. */
gboolean    ud_guard_check_current (UdDatabase      *db,
                                    const UdAccount *actor,
                                    UdAction         action,
                                    GError         **error);

/* Approval: @actor needs UD_ACTION_APPROVE (as it is in @db now) and must be neither the
 * account that created the record (@created_by) nor the one that last changed it
 * (@last_edited_by); 0 for an unknown one. The refusal says another approver must do it. */
gboolean    ud_guard_check_approval (UdDatabase      *db,
                                     const UdAccount *actor,
                                     gint64           created_by,
                                     gint64           last_edited_by,
                                     GError         **error);

/* The same without an error, for the UI to hide or disable what the role cannot do. */
gboolean    ud_guard_allows       (const UdAccount *actor,
                                   UdAction         action);

/* The roles any one of which allows @action. */
guint       ud_guard_roles_for    (UdAction         action);

G_END_DECLS
