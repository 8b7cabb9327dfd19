/* tests/test-guard.c — role guards: every action allowed and denied, through ud_guard_check() and
 * through the real core functions
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The guards of the approval and payment rules (an approver never approves what they created or
 * last edited, a clerk cannot approve or pay, a treasurer cannot change an amount) come with the
 * aid-application and payout code, and their tests with them. */
#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ud-audit.h"
#include "ud-backup.h"
#include "ud-employer.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-member-export.h"
#include "ud-member-import.h"
#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-test-util.h"

/* Which roles may do what: written out here, so that a change of the table in ud-guard.c is a
 * change a test sees. */
static const struct
{
  UdAction    action;
  guint       roles;
  const char *name;
} expected[] = {
  { UD_ACTION_MEMBER_WRITE, UD_ROLE_CLERK, "member-write" },
  { UD_ACTION_EMPLOYER_WRITE, UD_ROLE_CLERK | UD_ROLE_ADMIN, "employer-write" },
  { UD_ACTION_ORG_WRITE, UD_ROLE_ADMIN, "org-write" },
  { UD_ACTION_ACCOUNT_ADMIN, UD_ROLE_ADMIN, "account-admin" },
  { UD_ACTION_POLICY_WRITE, UD_ROLE_ADMIN, "policy-write" },
  { UD_ACTION_SYNC_SETTINGS, UD_ROLE_ADMIN, "sync-settings" },
  { UD_ACTION_BACKUP, UD_ROLE_ADMIN, "backup" },
  { UD_ACTION_VIEW_PERSONAL, UD_ROLES_ALL, "view-personal" },
  { UD_ACTION_EXPORT, UD_ROLES_ALL, "export" },
  { UD_ACTION_REVIEW, UD_ROLE_REVIEWER, "review" },
  { UD_ACTION_APPROVE, UD_ROLE_APPROVER, "approve" },
  { UD_ACTION_PAY, UD_ROLE_TREASURER, "pay" },
  { UD_ACTION_AMOUNT_WRITE, UD_ROLE_CLERK | UD_ROLE_REVIEWER | UD_ROLE_APPROVER, "amount-write" },
  { UD_ACTION_HARDSHIP_WRITE, UD_ROLE_CLERK, "hardship-write" },
};

static const UdRole single_roles[] = {
  UD_ROLE_CLERK, UD_ROLE_REVIEWER, UD_ROLE_APPROVER, UD_ROLE_TREASURER, UD_ROLE_ADMIN,
};

typedef struct
{
  UdTestDb        *t;
  const UdAccount *admin;      /* borrowed from the database object */
  const UdAccount *clerk;
  const UdAccount *reviewer;
  const UdAccount *approver;
  const UdAccount *treasurer;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->t = ud_test_db_new ();
  f->admin = ud_test_admin (f->t->db);
  f->clerk = ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  f->reviewer = ud_test_account (f->t->db, "reviewer", UD_ROLE_REVIEWER);
  f->approver = ud_test_account (f->t->db, "approver", UD_ROLE_APPROVER);
  f->treasurer = ud_test_account (f->t->db, "treasurer", UD_ROLE_TREASURER);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->t, ud_test_db_free);
}

static gint64
query_int (UdDatabase *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* An account with @roles that is not stored: the guard looks only at the roles and the flag. */
static UdAccount *
fake_account (guint    roles,
              gboolean active)
{
  UdAccount *account = g_new0 (UdAccount, 1);

  account->id = 1000;
  account->username = g_strdup ("someone");
  account->display_name = g_strdup ("某人");
  account->roles = roles;
  account->active = active;
  return account;
}

/* Checks that @error is a permission denial whose message names the roles @action needs. */
static void
assert_denied_naming_roles (GError   *error,
                            UdAction  action)
{
  g_autofree char *needed = ud_roles_describe (ud_guard_roles_for (action));

  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, needed));
}

/* ud_guard_check */

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("%s", expected[i].name);
      g_assert_cmpuint (ud_guard_roles_for (expected[i].action), ==, expected[i].roles);

      for (guint r = 0; r < G_N_ELEMENTS (single_roles); r++)
        {
          g_autoptr(UdAccount) actor = fake_account (single_roles[r], TRUE);
          g_autoptr(GError) error = NULL;
          gboolean allowed = (expected[i].roles & single_roles[r]) != 0;

          g_assert_cmpint (ud_guard_check (actor, expected[i].action, &error), ==, allowed);
          g_assert_cmpint (ud_guard_allows (actor, expected[i].action), ==, allowed);
          if (allowed)
            g_assert_no_error (error);
          else
            {
              assert_denied_naming_roles (error, expected[i].action);
              /* The message says who was refused. */
              g_assert_nonnull (strstr (error->message, "某人"));
            }
        }
    }
}

static void
test_every_action_allowed_and_denied (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(UdAccount) allowed = fake_account (expected[i].roles, TRUE);
      g_autoptr(UdAccount) all_others = fake_account (UD_ROLES_ALL & ~expected[i].roles, TRUE);
      g_autoptr(UdAccount) inactive = fake_account (UD_ROLES_ALL, FALSE);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", expected[i].name);
      g_assert_true (ud_guard_check (allowed, expected[i].action, &error));
      g_assert_no_error (error);

      /* Every other role together is still not enough (unless every role may). */
      if (expected[i].roles != UD_ROLES_ALL)
        {
          g_assert_false (ud_guard_check (all_others, expected[i].action, &error));
          assert_denied_naming_roles (error, expected[i].action);
          g_clear_error (&error);
        }

      /* Nobody, and no deactivated account, may do anything. */
      g_assert_false (ud_guard_check (NULL, expected[i].action, &error));
      g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
      g_assert_nonnull (strstr (error->message, "Log in"));
      g_clear_error (&error);
      g_assert_false (ud_guard_allows (NULL, expected[i].action));

      g_assert_false (ud_guard_check (inactive, expected[i].action, &error));
      g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
      g_assert_nonnull (strstr (error->message, "deactivated"));
      g_clear_error (&error);
      g_assert_false (ud_guard_allows (inactive, expected[i].action));
    }
}

/* Through the core functions */

static void
test_member_write (Fixture       *f,
                   gconstpointer  data)
{
  const UdAccount *denied[] = { f->reviewer, f->approver, f->treasurer, NULL };
  g_autofree char *id_number = ud_test_make_id ("330102", "19850312", 21);
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (denied); i++)
    {
      g_autoptr(UdMember) refused = ud_test_member_new (f->t->db, "张伟", id_number);

      g_assert_false (ud_member_store_insert (f->t->db, denied[i], refused, &error));
      g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
      if (denied[i] != NULL)
        g_assert_nonnull (strstr (error->message, "Clerk"));
      g_clear_error (&error);
      g_assert_cmpint (refused->id, ==, 0);
    }
  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM member"), ==, 0);

  member = ud_test_member_new (f->t->db, "张伟", id_number);
  g_assert_true (ud_member_store_insert (f->t->db, f->clerk, member, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM member"), ==, 1);

  /* Changes and status changes are guarded the same way. */
  g_free (member->note);
  member->note = g_strdup ("审核人改的");
  g_assert_false (ud_member_store_update (f->t->db, f->reviewer, member, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_member_store_change_status (f->t->db, f->treasurer, member->id,
                                                 UD_MEMBER_EVENT_RETAIN, NULL, NULL, 0, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (ud_member_store_update (f->t->db, f->clerk, member, NULL, &error));
  g_assert_no_error (error);
}

static void
test_deactivated_account (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id_number = ud_test_make_id ("330102", "19850312", 23);
  g_autoptr(UdAccount) clerk = ud_account_find (f->t->db, "clerk");
  g_autoptr(UdAccount) stale = NULL;
  g_autoptr(UdMember) member = ud_test_member_new (f->t->db, "李娜", id_number);
  g_autoptr(GError) error = NULL;

  clerk->active = FALSE;
  g_assert_true (ud_account_update (f->t->db, f->admin, clerk, &error));
  g_assert_no_error (error);

  stale = ud_account_find (f->t->db, "clerk");
  g_assert_false (stale->active);
  g_assert_false (ud_member_store_insert (f->t->db, stale, member, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "deactivated"));
  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM member"), ==, 0);
}

static void
test_org_write (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(UdOrg) org = ud_org_new ();
  g_autoptr(GError) error = NULL;

  org->name = g_strdup ("湖墅街道总工会");
  org->kind = UD_ORG_KIND_STREET;
  org->parent_id = ud_database_get_office_org_id (f->t->db);

  g_assert_false (ud_org_insert (f->t->db, f->clerk, org, &error));
  assert_denied_naming_roles (error, UD_ACTION_ORG_WRITE);
  g_clear_error (&error);
  g_assert_cmpint (ud_org_find_by_name (f->t->db, "湖墅街道总工会"), ==, 0);

  g_assert_true (ud_org_insert (f->t->db, f->admin, org, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ud_org_find_by_name (f->t->db, "湖墅街道总工会"), ==, org->id);

  g_free (org->contact);
  org->contact = g_strdup ("王主席");
  g_assert_false (ud_org_update (f->t->db, f->clerk, org, &error));
  assert_denied_naming_roles (error, UD_ACTION_ORG_WRITE);
  g_clear_error (&error);
  g_assert_true (ud_org_update (f->t->db, f->admin, org, &error));
  g_assert_no_error (error);
}

static void
test_employer_write (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(UdEmployer) refused = ud_employer_new ();
  g_autoptr(UdEmployer) employer = ud_employer_new ();
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  refused->name = g_strdup ("杭州某某物流有限公司");
  g_assert_false (ud_employer_insert (f->t->db, f->treasurer, refused, &error));
  assert_denied_naming_roles (error, UD_ACTION_EMPLOYER_WRITE);
  g_clear_error (&error);
  g_assert_false (ud_employer_find_or_create (f->t->db, f->approver, "另一家公司", NULL, FALSE,
                                              &id, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM employer"), ==, 0);

  employer->name = g_strdup ("杭州某某物流有限公司");
  g_assert_true (ud_employer_insert (f->t->db, f->clerk, employer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM employer"), ==, 1);
}

static void
test_account_admin (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(UdAccount) refused = NULL;
  g_autoptr(UdAccount) created = NULL;
  g_autoptr(GError) error = NULL;

  refused = ud_account_create (f->t->db, f->clerk, "newbie", NULL, UD_ROLE_CLERK,
                               "newbie-password", &error);
  g_assert_null (refused);
  assert_denied_naming_roles (error, UD_ACTION_ACCOUNT_ADMIN);
  g_clear_error (&error);

  created = ud_account_create (f->t->db, f->admin, "newbie", NULL, UD_ROLE_CLERK,
                               "newbie-password", &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->t->dir, "backup.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (ud_backup_create (f->t->db, f->clerk, path, NULL, NULL, NULL, &error));
  assert_denied_naming_roles (error, UD_ACTION_BACKUP);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (ud_backup_create (f->t->db, f->admin, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_export_and_view (Fixture       *f,
                      gconstpointer  data)
{
  const UdAccount *everyone[] = { f->clerk, f->reviewer, f->approver, f->treasurer, f->admin };
  g_autofree char *id_number = ud_test_make_id ("330102", "19900101", 31);
  g_autofree char *path = g_build_filename (f->t->dir, "members.csv", NULL);
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(UdMember) member = ud_test_member_new (f->t->db, "王芳", id_number);
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_true (ud_member_store_insert (f->t->db, f->clerk, member, &error));
  g_assert_no_error (error);
  query->status = UD_MEMBER_QUERY_ANY;

  for (guint i = 0; i < G_N_ELEMENTS (everyone); i++)
    {
      g_assert_true (ud_member_export (f->t->db, everyone[i], query, UD_EXPORT_FORMAT_CSV, TRUE,
                                       path, NULL, NULL, NULL, &count, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count, ==, 1);
      g_unlink (path);

      g_assert_true (ud_member_store_audit_view (f->t->db, everyone[i], member->id, "id_number",
                                                 &error));
      g_assert_no_error (error);
    }

  g_assert_false (ud_member_export (f->t->db, NULL, query, UD_EXPORT_FORMAT_CSV, TRUE, path, NULL,
                                    NULL, NULL, &count, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_false (ud_member_store_audit_view (f->t->db, NULL, member->id, "id_number", &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
}

static UdMemberImport *
roster (const char *union_name)
{
  g_autofree char *first = ud_test_make_id ("330105", "19880808", 41);
  g_autofree char *second = ud_test_make_id ("330105", "19920202", 42);
  g_autofree char *csv = g_strdup_printf ("姓名,身份证号,所属工会\n"
                                          "赵强,%s,%s\n"
                                          "钱丽,%s,\n",
                                          first, union_name, second);
  g_autoptr(GError) error = NULL;
  UdMemberImport *import = ud_member_import_new_from_data (csv, strlen (csv), &error);

  g_assert_no_error (error);
  return import;
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(UdMemberImport) refused = roster ("湖墅街道快递联合工会");
  g_autoptr(UdMemberImport) clerk = roster ("湖墅街道快递联合工会");
  g_autoptr(UdMemberImport) admin = roster ("湖墅街道快递联合工会");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) created = NULL;
  GPtrArray *issues;
  UdImportIssue *issue;
  gint64 audit_before = query_int (f->t->db, "SELECT count(*) FROM audit_entry");

  /* A treasurer is refused before any row is written. */
  g_assert_false (ud_member_import_run (refused, f->t->db, f->treasurer, FALSE, NULL, NULL, NULL,
                                        &error));
  assert_denied_naming_roles (error, UD_ACTION_MEMBER_WRITE);
  g_clear_error (&error);
  g_assert_cmpuint (ud_member_import_get_n_imported (refused), ==, 0);
  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM member"), ==, 0);
  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM audit_entry"), ==, audit_before);

  /* A clerk may not create the union the roster names: that row is reported, the rest is
   * imported. */
  g_assert_true (ud_member_import_run (clerk, f->t->db, f->clerk, FALSE, NULL, NULL, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ud_member_import_get_n_imported (clerk), ==, 1);
  issues = ud_member_import_get_issues (clerk);
  g_assert_cmpuint (issues->len, ==, 1);
  issue = g_ptr_array_index (issues, 0);
  g_assert_cmpuint (issue->line, ==, 2);
  g_assert_cmpint (issue->field, ==, UD_IMPORT_FIELD_ORG);
  g_assert_nonnull (strstr (issue->message, "湖墅街道快递联合工会"));
  g_assert_nonnull (strstr (issue->message, "Administrator"));
  created = ud_member_import_dup_created_orgs (clerk);
  g_assert_true (created == NULL || created[0] == NULL);
  g_clear_pointer (&created, g_strfreev);
  g_assert_cmpint (ud_org_find_by_name (f->t->db, "湖墅街道快递联合工会"), ==, 0);

  /* An administrator (who holds every role) may. */
  g_assert_true (ud_member_import_run (admin, f->t->db, f->admin, FALSE, NULL, NULL, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ud_member_import_get_n_imported (admin), ==, 1);
  created = ud_member_import_dup_created_orgs (admin);
  g_assert_nonnull (created);
  g_assert_cmpstr (created[0], ==, "湖墅街道快递联合工会");
  g_assert_cmpint (ud_org_find_by_name (f->t->db, "湖墅街道快递联合工会"), !=, 0);
  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM member"), ==, 2);
}

static void
test_policy_and_sync (void)
{
  /* No core function writes policy or sync settings yet: the guard alone, for now. */
  static const UdAction admin_only[] = { UD_ACTION_POLICY_WRITE, UD_ACTION_SYNC_SETTINGS };

  for (guint i = 0; i < G_N_ELEMENTS (admin_only); i++)
    {
      g_autoptr(UdAccount) admin = fake_account (UD_ROLE_ADMIN, TRUE);
      g_autoptr(UdAccount) others = fake_account (UD_ROLES_ALL & ~UD_ROLE_ADMIN, TRUE);
      g_autoptr(GError) error = NULL;

      g_assert_true (ud_guard_check (admin, admin_only[i], &error));
      g_assert_no_error (error);
      g_assert_false (ud_guard_check (others, admin_only[i], &error));
      g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
      g_assert_nonnull (strstr (error->message, "Administrator"));
    }
}

/* The approval rule: an approver, and not the one who entered or last changed the record; a
 * clerk cannot approve or pay, a treasurer cannot change an amount. */
static void
test_approval_rules (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 clerk = f->clerk->id;
  gint64 approver = f->approver->id;

  /* Entered by the clerk: the approver may approve it. */
  g_assert_true (ud_guard_check_approval (f->t->db, f->approver, clerk, clerk, &error));
  g_assert_no_error (error);

  /* Entered, or last changed, by the approver: refused, naming why. */
  g_assert_false (ud_guard_check_approval (f->t->db, f->approver, approver, clerk, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "another approver"));
  g_clear_error (&error);
  g_assert_false (ud_guard_check_approval (f->t->db, f->approver, clerk, approver, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  /* A clerk cannot approve or pay; a treasurer cannot change an amount but may pay. */
  g_assert_false (ud_guard_check_approval (f->t->db, f->clerk, 0, 0, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_guard_check_current (f->t->db, f->clerk, UD_ACTION_PAY, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_guard_check_current (f->t->db, f->treasurer, UD_ACTION_AMOUNT_WRITE,
                                          &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (ud_guard_check_current (f->t->db, f->treasurer, UD_ACTION_PAY, NULL));
  g_assert_true (ud_guard_check_current (f->t->db, f->clerk, UD_ACTION_AMOUNT_WRITE, NULL));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ud_password_use_test_cost ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/ud/guard/table", test_table);
  g_test_add_func ("/ud/guard/every-action", test_every_action_allowed_and_denied);
  g_test_add_func ("/ud/guard/policy-and-sync", test_policy_and_sync);
  ADD ("/ud/guard/member-write", test_member_write);
  ADD ("/ud/guard/deactivated", test_deactivated_account);
  ADD ("/ud/guard/org-write", test_org_write);
  ADD ("/ud/guard/employer-write", test_employer_write);
  ADD ("/ud/guard/account-admin", test_account_admin);
  ADD ("/ud/guard/backup", test_backup);
  ADD ("/ud/guard/export-and-view", test_export_and_view);
  ADD ("/ud/guard/import", test_import);
  ADD ("/ud/guard/approval-rules", test_approval_rules);

#undef ADD

  return g_test_run ();
}
