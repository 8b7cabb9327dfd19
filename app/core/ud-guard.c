/* ud-guard.c — who may do what: role checks in the core, not only in the UI
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-guard"

#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"

static const struct
{
  UdAction    action;
  guint       roles;
  const char *what;  /* completes "… may not %s" */
} rules[] = {
  { UD_ACTION_MEMBER_WRITE, UD_ROLE_CLERK, N_("register or change members") },
  { UD_ACTION_EMPLOYER_WRITE, UD_ROLE_CLERK | UD_ROLE_ADMIN, N_("add or change employers") },
  { UD_ACTION_ORG_WRITE, UD_ROLE_ADMIN, N_("change the organisation tree") },
  { UD_ACTION_ACCOUNT_ADMIN, UD_ROLE_ADMIN, N_("manage accounts") },
  { UD_ACTION_POLICY_WRITE, UD_ROLE_ADMIN, N_("change policy settings") },
  { UD_ACTION_SYNC_SETTINGS, UD_ROLE_ADMIN, N_("change sync settings") },
  { UD_ACTION_BACKUP, UD_ROLE_ADMIN, N_("make or restore backups") },
  { UD_ACTION_VIEW_PERSONAL, UD_ROLES_ALL, N_("see whole ID, phone and bank numbers") },
  { UD_ACTION_EXPORT, UD_ROLES_ALL, N_("export lists") },
  { UD_ACTION_REVIEW, UD_ROLE_REVIEWER, N_("review files and applications") },
  { UD_ACTION_APPROVE, UD_ROLE_APPROVER, N_("approve files and applications") },
  { UD_ACTION_PAY, UD_ROLE_TREASURER, N_("pay approved items") },
  /* A treasurer pays what was approved and never changes an amount. */
  { UD_ACTION_AMOUNT_WRITE, UD_ROLE_CLERK | UD_ROLE_REVIEWER | UD_ROLE_APPROVER,
    N_("enter or change amounts") },
  { UD_ACTION_HARDSHIP_WRITE, UD_ROLE_CLERK, N_("open or change hardship files") },
};

guint
ud_guard_roles_for (UdAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i].action == action)
      return rules[i].roles;
  return 0;
}

static const char *
action_text (UdAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i].action == action)
      return g_dgettext (GETTEXT_PACKAGE, rules[i].what);
  return "?";
}

gboolean
ud_guard_allows (const UdAccount *actor,
                 UdAction         action)
{
  return actor != NULL && actor->active && (actor->roles & ud_guard_roles_for (action)) != 0;
}

gboolean
ud_guard_check (const UdAccount *actor,
                UdAction         action,
                GError         **error)
{
  g_autofree char *needed = NULL;

  if (ud_guard_allows (actor, action))
    return TRUE;

  if (actor == NULL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   _("Log in first: nobody may %s without an account"), action_text (action));
      return FALSE;
    }

  if (!actor->active)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   _("The account “%s” is deactivated"), actor->username);
      return FALSE;
    }

  needed = ud_roles_describe (ud_guard_roles_for (action));
  g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
               /* Translators: "王芳 may not change the organisation tree: it needs the role
                * Administrator" */
               _("%s may not %s: it needs the role %s"),
               actor->display_name ? actor->display_name : actor->username, action_text (action),
               needed);
  return FALSE;
}

gboolean
ud_guard_check_current (UdDatabase      *db,
                        const UdAccount *actor,
                        UdAction         action,
                        GError         **error)
{
  UdAccount current;
  sqlite3_stmt *stmt;

  if (actor == NULL || actor->id <= 0)
    return ud_guard_check (actor, action, error);

  stmt = ud_database_prepare (db, "SELECT roles, active FROM account WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  current = *actor;
  current.active = FALSE;
  sqlite3_bind_int64 (stmt, 1, actor->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      current.roles = (guint) sqlite3_column_int (stmt, 0);
      current.active = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);

  return ud_guard_check (&current, action, error);
}

gboolean
ud_guard_check_approval (UdDatabase      *db,
                         const UdAccount *actor,
                         gint64           created_by,
                         gint64           last_edited_by,
                         GError         **error)
{
  if (!ud_guard_check_current (db, actor, UD_ACTION_APPROVE, error))
    return FALSE;

  if ((created_by > 0 && actor->id == created_by)
      || (last_edited_by > 0 && actor->id == last_edited_by))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   /* Translators: %s is the approver's name */
                   _("%s may not approve a record they entered or last changed: another approver "
                     "must approve it"),
                   actor->display_name ? actor->display_name : actor->username);
      return FALSE;
    }

  return TRUE;
}
