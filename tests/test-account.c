/* tests/test-account.c — accounts: Argon2id hashing, password rules, first admin, lockout,
 * deactivation, resets and password changes, the administrator rules
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-account.h"
#include "ud-error.h"
#include "ud-test-util.h"

#define CLERK_PASSWORD "test-password-1"

typedef struct
{
  UdTestDb *t;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->t = ud_test_db_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->t, ud_test_db_free);
}

static char *
stored_hash (UdDatabase *db,
             const char *username)
{
  sqlite3_stmt *stmt = NULL;
  char *hash = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db),
                                       "SELECT password_hash FROM account WHERE username = ?1", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = ud_stmt_dup_text (stmt, 0);
  sqlite3_finalize (stmt);
  return hash;
}

static void
exec_sql (UdDatabase *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (ud_database_get_handle (db), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A fresh copy of the stored account. */
static UdAccount *
reload (UdDatabase *db,
        const char *username)
{
  UdAccount *account = ud_account_find (db, username);

  g_assert_nonnull (account);
  return account;
}

/* Tests */

static void
test_hashing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = ud_password_hash ("正确的马电池订书钉", &error);
  g_autofree char *second = NULL;
  g_autofree char *stored = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, "$argon2id$"));
  g_assert_true (ud_password_verify (first, "正确的马电池订书钉"));
  g_assert_false (ud_password_verify (first, "正确的马电池订书"));
  g_assert_false (ud_password_verify (first, ""));
  g_assert_false (ud_password_verify (NULL, "正确的马电池订书钉"));
  g_assert_false (ud_password_verify (first, NULL));

  /* A new salt every time. */
  second = ud_password_hash ("正确的马电池订书钉", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);
  g_assert_true (ud_password_verify (second, "正确的马电池订书钉"));

  /* What the database keeps is an Argon2id string, never the password. */
  stored = stored_hash (f->t->db, "admin");
  g_assert_true (g_str_has_prefix (stored, "$argon2id$"));
  g_assert_null (strstr (stored, "test-password-1"));
  g_assert_true (ud_password_verify (stored, "test-password-1"));
}

static void
test_password_rules (Fixture       *f,
                     gconstpointer  data)
{
  const UdAccount *admin = ud_test_admin (f->t->db);
  static const char *refused[] = { "short", "1234567", "zhangsan", "ZhangSan", NULL };
  g_autoptr(UdAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_autoptr(UdAccount) none = ud_account_create (f->t->db, admin, "zhangsan", "张三",
                                                     UD_ROLE_CLERK, refused[i], &error);

      g_assert_null (none);
      g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
      g_assert_cmpstr (ud_error_get_field (error), ==, "password");
      g_assert_nonnull (strstr (error->message, "Password"));
      g_clear_error (&error);
    }
  g_assert_null (ud_account_find (f->t->db, "zhangsan"));

  /* Eight characters are enough; Chinese characters count as one each. */
  account = ud_account_create (f->t->db, admin, "zhangsan", "张三", UD_ROLE_CLERK, "八个字的密码口令",
                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_true (account->must_change_password);
  g_assert_cmpuint (account->roles, ==, UD_ROLE_CLERK);

  /* The same rules for a change. */
  g_assert_false (ud_account_change_password (f->t->db, account, "八个字的密码口令", "short",
                                              &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "password");
  g_clear_error (&error);

  /* User names: taken, empty, with spaces; roles: at least one. */
  g_assert_null (ud_account_create (f->t->db, admin, "zhangsan", NULL, UD_ROLE_CLERK,
                                    "another-password", &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_assert_cmpstr (ud_error_get_field (error), ==, "username");
  g_clear_error (&error);
  g_assert_null (ud_account_create (f->t->db, admin, "li si", NULL, UD_ROLE_CLERK,
                                    "another-password", &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "username");
  g_clear_error (&error);
  g_assert_null (ud_account_create (f->t->db, admin, "lisi", NULL, 0, "another-password",
                                    &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "roles");
  g_clear_error (&error);
}

static void
test_roles (void)
{
  g_autofree char *described = ud_roles_describe (UD_ROLE_CLERK | UD_ROLE_APPROVER);
  g_autofree char *none = ud_roles_describe (0);
  guint roles = 0;

  g_assert_true (ud_roles_parse ("clerk,approver", &roles));
  g_assert_cmpuint (roles, ==, UD_ROLE_CLERK | UD_ROLE_APPROVER);
  g_assert_true (ud_roles_parse ("经办人、审批人，出纳", &roles));
  g_assert_cmpuint (roles, ==, UD_ROLE_CLERK | UD_ROLE_APPROVER | UD_ROLE_TREASURER);
  g_assert_true (ud_roles_parse ("Administrator", &roles));
  g_assert_cmpuint (roles, ==, UD_ROLE_ADMIN);
  roles = 77;
  g_assert_false (ud_roles_parse ("clerk,janitor", &roles));
  g_assert_cmpuint (roles, ==, 77);

  g_assert_cmpstr (described, ==, "Clerk, Approver");
  g_assert_cmpstr (none, ==, "No role");
  g_assert_cmpstr (ud_role_code (UD_ROLE_TREASURER), ==, "treasurer");
}

static void
test_first_admin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ud-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(UdDatabase) db = ud_database_open (path, &error);
  g_autoptr(UdAccount) admin = NULL;
  g_autoptr(UdAccount) second = NULL;
  g_autoptr(UdAccount) logged_in = NULL;

  g_assert_no_error (error);
  g_assert_true (ud_account_none_exist (db));

  /* The first account gets every role and need not change the password it chose. */
  admin = ud_account_create_first_admin (db, "director", "主任", "director-password", &error);
  g_assert_no_error (error);
  g_assert_nonnull (admin);
  g_assert_cmpuint (admin->roles, ==, UD_ROLES_ALL);
  g_assert_true (admin->active);
  g_assert_false (admin->must_change_password);
  g_assert_cmpstr (admin->display_name, ==, "主任");
  g_assert_false (ud_account_none_exist (db));

  /* Only once. */
  second = ud_account_create_first_admin (db, "intruder", NULL, "intruder-password", &error);
  g_assert_null (second);
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (ud_account_find (db, "intruder"));

  logged_in = ud_account_authenticate (db, "director", "director-password", &error);
  g_assert_no_error (error);
  g_assert_cmpint (logged_in->id, ==, admin->id);

  g_clear_object (&db);
  ud_test_rm_rf (dir);
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAccount) account = NULL;
  g_autoptr(UdAccount) stored = NULL;

  ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);

  /* UD_LOGIN_MAX_FAILURES - 1 wrong passwords: still allowed to try. */
  for (int i = 1; i < UD_LOGIN_MAX_FAILURES; i++)
    {
      g_autoptr(UdAccount) none = ud_account_authenticate (f->t->db, "clerk", "wrong-password",
                                                           &error);
      g_autoptr(UdAccount) counted = reload (f->t->db, "clerk");

      g_assert_null (none);
      g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
      g_assert_nonnull (strstr (error->message, "wrong"));
      g_clear_error (&error);
      g_assert_cmpint (counted->failed_logins, ==, i);
      g_assert_null (counted->locked_until);
    }

  /* The fifth locks the account … */
  account = ud_account_authenticate (f->t->db, "clerk", "wrong-password", &error);
  g_assert_null (account);
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "minutes"));
  g_clear_error (&error);
  stored = reload (f->t->db, "clerk");
  g_assert_nonnull (stored->locked_until);
  g_clear_pointer (&stored, ud_account_free);

  /* … and then even the right password is refused, with how long to wait. */
  account = ud_account_authenticate (f->t->db, "clerk", CLERK_PASSWORD, &error);
  g_assert_null (account);
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "try again in 5 minutes"));
  g_clear_error (&error);

  /* The lock is stored: it survives closing and reopening the database. */
  g_clear_object (&f->t->db);
  f->t->db = ud_database_open (f->t->path, &error);
  g_assert_no_error (error);
  account = ud_account_authenticate (f->t->db, "clerk", CLERK_PASSWORD, &error);
  g_assert_null (account);
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "try again"));
  g_clear_error (&error);

  /* Once the time is over, tries count again from zero and the right password works. */
  exec_sql (f->t->db,
            "UPDATE account SET locked_until = '2000-01-01T00:00:00.000Z'"
            " WHERE username = 'clerk'");
  account = ud_account_authenticate (f->t->db, "clerk", "wrong-password", &error);
  g_assert_null (account);
  g_assert_nonnull (strstr (error->message, "wrong"));
  g_clear_error (&error);
  stored = reload (f->t->db, "clerk");
  g_assert_cmpint (stored->failed_logins, ==, 1);
  g_clear_pointer (&stored, ud_account_free);

  account = ud_account_authenticate (f->t->db, "clerk", CLERK_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (account->failed_logins, ==, 0);
  g_assert_null (account->locked_until);
  stored = reload (f->t->db, "clerk");
  g_assert_cmpint (stored->failed_logins, ==, 0);
  g_assert_null (stored->locked_until);
}

static void
test_unknown_user (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wrong = NULL;
  g_autoptr(UdAccount) none = ud_account_authenticate (f->t->db, "nobody", "any-password",
                                                       &error);
  g_autoptr(UdAccount) admin = ud_account_authenticate (f->t->db, "admin", "wrong-password",
                                                        &wrong);

  /* The same message as a wrong password: the user names are not given away. */
  g_assert_null (none);
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_null (admin);
  g_assert_cmpstr (error->message, ==, wrong->message);
}

static void
test_deactivated (Fixture       *f,
                  gconstpointer  data)
{
  const UdAccount *admin = ud_test_admin (f->t->db);
  g_autoptr(UdAccount) clerk = NULL;
  g_autoptr(UdAccount) logged_in = NULL;
  g_autoptr(GError) error = NULL;

  ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  clerk = reload (f->t->db, "clerk");
  clerk->active = FALSE;
  g_assert_true (ud_account_update (f->t->db, admin, clerk, &error));
  g_assert_no_error (error);

  logged_in = ud_account_authenticate (f->t->db, "clerk", CLERK_PASSWORD, &error);
  g_assert_null (logged_in);
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "deactivated"));
  g_clear_error (&error);

  /* Active again: the same password works. */
  clerk->active = TRUE;
  g_assert_true (ud_account_update (f->t->db, admin, clerk, &error));
  g_assert_no_error (error);
  logged_in = ud_account_authenticate (f->t->db, "clerk", CLERK_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (logged_in);
}

static void
test_reset_password (Fixture       *f,
                     gconstpointer  data)
{
  const UdAccount *admin = ud_test_admin (f->t->db);
  const UdAccount *clerk = ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  const UdAccount *other = ud_test_account (f->t->db, "other", UD_ROLE_CLERK);
  g_autoptr(UdAccount) logged_in = NULL;
  g_autoptr(UdAccount) stored = NULL;
  g_autoptr(GError) error = NULL;

  /* Locked out first: a reset ends the lockout. */
  for (int i = 0; i < UD_LOGIN_MAX_FAILURES; i++)
    {
      g_autoptr(UdAccount) none = ud_account_authenticate (f->t->db, "clerk", "wrong-password",
                                                           NULL);
      g_assert_null (none);
    }
  stored = reload (f->t->db, "clerk");
  g_assert_nonnull (stored->locked_until);
  g_clear_pointer (&stored, ud_account_free);

  /* Only an administrator may reset. */
  g_assert_false (ud_account_reset_password (f->t->db, other, clerk->id, "new-password-2",
                                             &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_true (ud_account_reset_password (f->t->db, admin, clerk->id, "new-password-2",
                                            &error));
  g_assert_no_error (error);
  stored = reload (f->t->db, "clerk");
  g_assert_true (stored->must_change_password);
  g_assert_null (stored->locked_until);
  g_assert_cmpint (stored->failed_logins, ==, 0);

  logged_in = ud_account_authenticate (f->t->db, "clerk", "new-password-2", &error);
  g_assert_no_error (error);
  g_assert_true (logged_in->must_change_password);

  /* The user's own change clears the flag. */
  g_assert_true (ud_account_change_password (f->t->db, logged_in, "new-password-2",
                                             "own-password-3", &error));
  g_assert_no_error (error);
  g_assert_false (logged_in->must_change_password);
  g_clear_pointer (&stored, ud_account_free);
  stored = reload (f->t->db, "clerk");
  g_assert_false (stored->must_change_password);
}

static void
test_change_password (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(UdAccount) clerk = NULL;
  g_autoptr(UdAccount) logged_in = NULL;
  g_autoptr(GError) error = NULL;

  ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  clerk = reload (f->t->db, "clerk");

  /* The old password is needed. */
  g_assert_false (ud_account_change_password (f->t->db, clerk, "not-the-password",
                                              "new-password-2", &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_cmpstr (ud_error_get_field (error), ==, "old_password");
  g_clear_error (&error);
  logged_in = ud_account_authenticate (f->t->db, "clerk", CLERK_PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_pointer (&logged_in, ud_account_free);

  /* The same password again is no change. */
  g_assert_false (ud_account_change_password (f->t->db, clerk, CLERK_PASSWORD, CLERK_PASSWORD,
                                              &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "password");
  g_clear_error (&error);

  g_assert_true (ud_account_change_password (f->t->db, clerk, CLERK_PASSWORD, "new-password-2",
                                             &error));
  g_assert_no_error (error);

  logged_in = ud_account_authenticate (f->t->db, "clerk", CLERK_PASSWORD, &error);
  g_assert_null (logged_in);
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  logged_in = ud_account_authenticate (f->t->db, "clerk", "new-password-2", &error);
  g_assert_no_error (error);
  g_assert_nonnull (logged_in);
  g_assert_false (logged_in->must_change_password);
}

static void
test_admin_rules (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(UdAccount) admin = reload (f->t->db, "admin");
  g_autoptr(UdAccount) self_demoted = NULL;
  g_autoptr(UdAccount) second = NULL;
  g_autoptr(UdAccount) demoted = NULL;
  g_autoptr(UdAccount) last = NULL;
  g_autoptr(UdAccount) stored = NULL;
  g_autoptr(GError) error = NULL;

  /* An administrator cannot remove their own admin role, nor deactivate themselves. */
  self_demoted = ud_account_copy (admin);
  self_demoted->roles = UD_ROLE_CLERK;
  g_assert_false (ud_account_update (f->t->db, admin, self_demoted, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "your own"));
  g_clear_error (&error);
  self_demoted->roles = UD_ROLES_ALL;
  self_demoted->active = FALSE;
  g_assert_false (ud_account_update (f->t->db, admin, self_demoted, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  stored = reload (f->t->db, "admin");
  g_assert_cmpuint (stored->roles, ==, UD_ROLES_ALL);
  g_assert_true (stored->active);
  g_clear_pointer (&stored, ud_account_free);

  /* Another administrator may demote them … */
  second = ud_account_create (f->t->db, admin, "admin2", "副主任", UD_ROLE_ADMIN, "second-password",
                              &error);
  g_assert_no_error (error);
  demoted = reload (f->t->db, "admin");
  demoted->roles = UD_ROLE_CLERK;
  g_assert_true (ud_account_update (f->t->db, second, demoted, &error));
  g_assert_no_error (error);

  /* … and the demoted admin's session, which still holds the role in memory, loses it at once:
   * the guards read the account's roles from the database. */
  last = reload (f->t->db, "admin2");
  last->roles = UD_ROLE_CLERK;
  g_assert_false (ud_account_update (f->t->db, admin, last, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Administrator"));
  g_clear_error (&error);
  /* admin2 is now the last active administrator, and may not demote or deactivate itself. */
  g_assert_false (ud_account_update (f->t->db, second, last, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  last->roles = UD_ROLE_ADMIN;
  last->active = FALSE;
  g_assert_false (ud_account_update (f->t->db, second, last, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  stored = reload (f->t->db, "admin2");
  g_assert_cmpuint (stored->roles, ==, UD_ROLE_ADMIN);
  g_assert_true (stored->active);

  /* A stale copy is refused as a conflict. */
  g_clear_pointer (&stored, ud_account_free);
  stored = reload (f->t->db, "admin");
  stored->version--;
  g_free (stored->display_name);
  stored->display_name = g_strdup ("旧名");
  g_assert_false (ud_account_update (f->t->db, second, stored, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_CONFLICT);
}

static void
test_clerk_cannot_manage (Fixture       *f,
                          gconstpointer  data)
{
  const UdAccount *clerk = ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  g_autoptr(UdAccount) created = NULL;
  g_autoptr(UdAccount) target = NULL;
  g_autoptr(GError) error = NULL;

  created = ud_account_create (f->t->db, clerk, "friend", NULL, UD_ROLES_ALL, "friend-password",
                               &error);
  g_assert_null (created);
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Administrator"));
  g_clear_error (&error);
  g_assert_null (ud_account_find (f->t->db, "friend"));

  /* Nor give themselves more roles. */
  target = reload (f->t->db, "clerk");
  target->roles = UD_ROLES_ALL;
  g_assert_false (ud_account_update (f->t->db, clerk, target, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_clear_pointer (&target, ud_account_free);
  target = reload (f->t->db, "clerk");
  g_assert_cmpuint (target->roles, ==, UD_ROLE_CLERK);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ud_password_use_test_cost ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ud/account/hashing", test_hashing);
  ADD ("/ud/account/password-rules", test_password_rules);
  g_test_add_func ("/ud/account/roles", test_roles);
  g_test_add_func ("/ud/account/first-admin", test_first_admin);
  ADD ("/ud/account/lockout", test_lockout);
  ADD ("/ud/account/unknown-user", test_unknown_user);
  ADD ("/ud/account/deactivated", test_deactivated);
  ADD ("/ud/account/reset-password", test_reset_password);
  ADD ("/ud/account/change-password", test_change_password);
  ADD ("/ud/account/admin-rules", test_admin_rules);
  ADD ("/ud/account/clerk-cannot-manage", test_clerk_cannot_manage);

#undef ADD

  return g_test_run ();
}
