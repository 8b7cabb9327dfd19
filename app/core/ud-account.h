/* ud-account.h — local accounts, roles, passwords (Argon2id) and login lockout
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-database.h"

G_BEGIN_DECLS

/* Roles (DESIGN §1); one person may hold several. */
typedef enum
{
  UD_ROLE_CLERK     = 1 << 0,  /* 经办人: members, rosters, files, applications */
  UD_ROLE_REVIEWER  = 1 << 1,  /* 审核人 */
  UD_ROLE_APPROVER  = 1 << 2,  /* 审批人 */
  UD_ROLE_TREASURER = 1 << 3,  /* 出纳/财务 */
  UD_ROLE_ADMIN     = 1 << 4,  /* 管理员: accounts, organisation tree, policy, sync, backups */
} UdRole;

#define UD_ROLES_ALL (UD_ROLE_CLERK | UD_ROLE_REVIEWER | UD_ROLE_APPROVER | UD_ROLE_TREASURER \
                      | UD_ROLE_ADMIN)

#define UD_PASSWORD_MIN_CHARS 8
#define UD_LOGIN_MAX_FAILURES 5
#define UD_LOGIN_LOCK_SECONDS (5 * 60)

typedef struct
{
  gint64    id;
  char     *uuid;
  gint64    version;
  char     *username;
  char     *display_name;
  guint     roles;           /* UdRole bits */
  gboolean  active;          /* deactivated accounts cannot log in; accounts are never deleted */
  int       failed_logins;
  char     *locked_until;    /* UTC timestamp, or NULL */
  gboolean  must_change_password;
  char     *created_at;
  char     *password_changed_at;
} UdAccount;

#define UD_TYPE_ACCOUNT (ud_account_get_type ())
GType       ud_account_get_type (void) G_GNUC_CONST;
UdAccount  *ud_account_copy     (const UdAccount *account);
void        ud_account_free     (UdAccount       *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdAccount, ud_account_free)

/* The translated name of one role ("Clerk"), and of a set ("Clerk, Approver"). */
const char *ud_role_label       (UdRole  role);
char       *ud_roles_describe   (guint   roles);
/* Parses "clerk,approver" (codes or English/Chinese labels); FALSE on an unknown role. */
gboolean    ud_roles_parse      (const char *text,
                                 guint      *roles);
const char *ud_role_code        (UdRole  role);

gboolean    ud_account_has_role (const UdAccount *account,
                                 UdRole           role);

/* TRUE when the database has no account yet: the first start creates the admin. */
gboolean    ud_account_none_exist (UdDatabase *db);

/* Creates the first account (with every role) on a database that has none; refused otherwise. */
UdAccount  *ud_account_create_first_admin (UdDatabase  *db,
                                           const char  *username,
                                           const char  *display_name,
                                           const char  *password,
                                           GError     **error);

/* Admin only: creates an account. The password must have at least UD_PASSWORD_MIN_CHARS
 * characters and must not be the user name; the new user must change it at first login. */
UdAccount  *ud_account_create   (UdDatabase      *db,
                                 const UdAccount *actor,
                                 const char      *username,
                                 const char      *display_name,
                                 guint            roles,
                                 const char      *password,
                                 GError         **error);

/* Checks @password. Refuses deactivated accounts and accounts waiting after
 * UD_LOGIN_MAX_FAILURES failures (the wait is stored, so it survives a restart); counts
 * failures; a success clears them. Errors: UD_ERROR_PERMISSION with a message saying why and,
 * for a locked account, how long to wait. Audited. */
UdAccount  *ud_account_authenticate (UdDatabase  *db,
                                     const char  *username,
                                     const char  *password,
                                     GError     **error);

/* The account's own password change: needs the old password. */
gboolean    ud_account_change_password (UdDatabase  *db,
                                        UdAccount   *account,
                                        const char  *old_password,
                                        const char  *new_password,
                                        GError     **error);

/* Admin only: sets a new password (the user must change it at next login) and clears a lockout. */
gboolean    ud_account_reset_password (UdDatabase      *db,
                                       const UdAccount *actor,
                                       gint64           account_id,
                                       const char      *new_password,
                                       GError         **error);

/* Admin only: roles, display name and active flag. An admin cannot remove their own admin role
 * or deactivate themselves, and the last active admin cannot lose the role. */
gboolean    ud_account_update   (UdDatabase      *db,
                                 const UdAccount *actor,
                                 UdAccount       *account,
                                 GError         **error);

UdAccount  *ud_account_get      (UdDatabase  *db,
                                 gint64       id,
                                 GError     **error);
UdAccount  *ud_account_find     (UdDatabase  *db,
                                 const char  *username);
GPtrArray  *ud_account_list     (UdDatabase  *db,
                                 GError     **error);

/* For the test suite only: hash with libsodium's minimum cost, so that the hundreds of accounts
 * tests make do not take minutes. Never called by the app or the CLI. */
void        ud_password_use_test_cost (void);

/* Hashing, exposed for tests: Argon2id through libsodium's crypto_pwhash_str. */
char       *ud_password_hash    (const char  *password,
                                 GError     **error);
gboolean    ud_password_verify  (const char  *hash,
                                 const char  *password);

G_END_DECLS
