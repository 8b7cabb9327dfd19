/* tests/test-cli-insurance.c — union-desk-cli insurance run as a program: plans and their edit by
 * the administrator, a roster with refusals, the premium paid by the treasurer, a claim reported,
 * assessed with its computation and approved by another account, lists and masking, zh_CN
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The path of the built union-desk-cli is the first argument (meson passes it) or $UD_CLI. */
#include <locale.h>
#include <glib/gstdio.h>
#include <string.h>

#include <gio/gio.h>

#include "ud-date.h"
#include "ud-database.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-test-cli.h"
#include "ud-test-util.h"

static const char *cli_path;

typedef UdCliRun CliRun;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, ud_cli_run_free)

typedef struct
{
  char *dir;
  char *db;
  char *adult_id;
  char *old_id;
  char *office;
} Fixture;

/* Runs union-desk-cli --db the fixture's database as --user @user with @password on standard
 * input, in @locale (NULL: the test's own), with the NULL-terminated arguments. */
static CliRun *
run_cli (Fixture    *fixture,
         const char *locale,
         const char *user,
         const char *password,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, fixture->db);
  va_start (ap, password);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  return ud_test_cli_run_argv (cli_path, fixture->dir, locale, user, password, NULL, args);
}

#define ADMIN "admin", "admin-password-1\n"
#define CLERK "clerk", "clerk-password-1\n"
#define REVIEWER "reviewer", "reviewer-password-1\n"
#define APPROVER "approver", "approver-password-1\n"
#define TREASURER "treasurer", "treasurer-password-1\n"

#define run(fixture, who, ...) run_cli ((fixture), NULL, who, __VA_ARGS__, NULL)

/* Adds an account with @roles and changes its first password. */
static void
add_account (Fixture    *fixture,
             const char *username,
             const char *roles)
{
  g_autofree char *input = g_strdup_printf ("admin-password-1\n%s-first-1\n", username);
  g_autofree char *change = g_strdup_printf ("%s-first-1\n%s-password-1\n", username, username);
  g_autoptr(CliRun) add = NULL;
  g_autoptr(CliRun) passwd = NULL;

  add = run_cli (fixture, NULL, "admin", input, "accounts", "add", username, "--roles", roles,
                 NULL);
  g_assert_cmpint (add->status, ==, 0);
  passwd = run_cli (fixture, NULL, username, change, "passwd", NULL);
  g_assert_cmpint (passwd->status, ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CliRun) init = NULL;
  g_autoptr(UdDatabase) db = NULL;
  g_autoptr(UdAccount) admin = NULL;
  g_autoptr(UdMember) adult = NULL;
  g_autoptr(UdMember) old = NULL;
  g_autoptr(UdOrg) office = NULL;

  fixture->dir = g_dir_make_tmp ("ud-cli-insurance-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "office.db", NULL);

  init = run_cli (fixture, NULL, ADMIN, "init", NULL);
  g_assert_cmpint (init->status, ==, 0);
  add_account (fixture, "clerk", "clerk");
  add_account (fixture, "reviewer", "reviewer");
  add_account (fixture, "approver", "approver");
  add_account (fixture, "treasurer", "treasurer");

  /* Two members, straight through the core. */
  db = ud_database_open (fixture->db, &error);
  g_assert_no_error (error);
  admin = ud_account_find (db, "admin");
  fixture->adult_id = ud_test_make_id ("330102", "19800101", 11);
  fixture->old_id = ud_test_make_id ("330102", "19500601", 13);
  adult = ud_test_member_new (db, "王强", fixture->adult_id);
  g_assert_true (ud_member_store_insert (db, admin, adult, &error));
  old = ud_test_member_new (db, "李老", fixture->old_id);
  g_assert_true (ud_member_store_insert (db, admin, old, &error));
  g_assert_no_error (error);
  office = ud_org_get (db, ud_database_get_office_org_id (db), &error);
  g_assert_no_error (error);
  fixture->office = g_strdup (office->name);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ud_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->adult_id);
  g_free (fixture->old_id);
  g_free (fixture->office);
}

/* TRUE when @text has a run of 15 or more digits: an ID or account number not masked. */
static gboolean
has_raw_number (const char *text)
{
  guint run = 0;

  for (const char *p = text; *p; p++)
    {
      run = g_ascii_isdigit (*p) ? run + 1 : 0;
      if (run >= 15)
        return TRUE;
    }
  return FALSE;
}

static char *
days_ago (int days)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_time_t (&date, time (NULL));
  g_date_subtract_days (&date, (guint) days);
  return ud_date_format (&date);
}

static void
test_plans (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CliRun) list = NULL;
  g_autoptr(CliRun) clerk_set = NULL;
  g_autoptr(CliRun) bad = NULL;
  g_autoptr(CliRun) set = NULL;
  g_autoptr(CliRun) after = NULL;

  list = run (fixture, CLERK, "insurance", "plans", "--benefits");
  g_assert_cmpint (list->status, ==, 0);
  g_assert_nonnull (strstr (list->out, "major_illness"));
  g_assert_nonnull (strstr (list->out, "property"));
  g_assert_nonnull (strstr (list->out, "grade_10"));
  g_assert_nonnull (strstr (list->out, "15,000.00"));

  clerk_set = run (fixture, CLERK, "insurance", "plan-set", "accident", "--price", "12");
  g_assert_cmpint (clerk_set->status, ==, 1);
  g_assert_nonnull (strstr (clerk_set->err, "Administrator"));

  bad = run (fixture, ADMIN, "insurance", "plan-set", "accident", "--max-shares", "0");
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_nonnull (strstr (bad->err, "Maximum shares"));
  g_clear_pointer (&bad, ud_cli_run_free);
  bad = run (fixture, ADMIN, "insurance", "plan-set", "nothing");
  g_assert_cmpint (bad->status, ==, 2);

  set = run (fixture, ADMIN, "insurance", "plan-set", "accident", "--price", "12",
             "--max-shares", "5", "--benefit", "grade_1=6000", "--remove-benefit", "grade_10");
  g_assert_cmpint (set->status, ==, 0);
  after = run (fixture, CLERK, "insurance", "plans", "--benefits");
  g_assert_nonnull (strstr (after->out, "12.00"));
  g_assert_nonnull (strstr (after->out, "6,000.00"));
  g_assert_null (strstr (after->out, "grade_10"));
}

static void
test_roster_claim (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *paid_on = days_ago (30);
  g_autofree char *event_on = days_ago (1);
  g_autofree char *today = days_ago (0);
  g_autofree char *year = g_strndup (today, 4);
  g_autofree char *roster = NULL;
  g_autofree char *number = NULL;
  g_autoptr(CliRun) preview = NULL;
  g_autoptr(CliRun) enroll = NULL;
  g_autoptr(CliRun) again = NULL;
  g_autoptr(CliRun) clerk_pay = NULL;
  g_autoptr(CliRun) pay = NULL;
  g_autoptr(CliRun) enrollments = NULL;
  g_autoptr(CliRun) report = NULL;
  g_autoptr(CliRun) too_early = NULL;
  g_autoptr(CliRun) documents = NULL;
  g_autoptr(CliRun) assess = NULL;
  g_autoptr(CliRun) clerk_approve = NULL;
  g_autoptr(CliRun) approve = NULL;
  g_autoptr(CliRun) show = NULL;
  g_autoptr(CliRun) claims = NULL;
  g_autoptr(CliRun) none = NULL;

  /* The year computed above must be the one of the payment and event for the numbers. */
  if (strncmp (paid_on, year, 4) != 0)
    {
      g_test_skip ("too close to New Year for the dates of this test");
      return;
    }

  preview = run (fixture, CLERK, "insurance", "enroll", "--plan", "意外伤害", "--org",
                 fixture->office, "--all", "--shares", "2", "--payer", "union", "--preview");
  g_assert_cmpint (preview->status, ==, 0);
  g_assert_nonnull (strstr (preview->out, "would be enrolled"));
  g_assert_nonnull (strstr (preview->out, "aged 7"));
  g_assert_false (has_raw_number (preview->out));

  enroll = run (fixture, CLERK, "insurance", "enroll", "--plan", "accident", "--org",
                fixture->office, "--all", "--shares", "2", "--payer", "union");
  g_assert_cmpint (enroll->status, ==, 0);
  roster = g_strdup_printf ("BZ%s-0001", year);
  g_assert_nonnull (strstr (enroll->out, roster));
  g_assert_nonnull (strstr (enroll->out, "1 enrolled, 1 refused"));
  g_assert_nonnull (strstr (enroll->out, "¥20.00"));

  /* Everybody refused the second time: an error. */
  again = run (fixture, CLERK, "insurance", "enroll", "--plan", "accident", "--member",
               fixture->adult_id, "--payer", "member");
  g_assert_cmpint (again->status, ==, 1);

  clerk_pay = run (fixture, CLERK, "insurance", "pay-premium", roster, "--date", paid_on);
  g_assert_cmpint (clerk_pay->status, ==, 1);
  g_assert_nonnull (strstr (clerk_pay->err, "Treasurer"));
  pay = run (fixture, TREASURER, "insurance", "pay-premium", roster, "--date", paid_on);
  g_assert_cmpint (pay->status, ==, 0);
  g_assert_nonnull (strstr (pay->out, "1 covered"));

  enrollments = run (fixture, CLERK, "insurance", "enrollments", "--status", "covered",
                     "--member", fixture->adult_id);
  g_assert_cmpint (enrollments->status, ==, 0);
  g_assert_nonnull (strstr (enrollments->out, "王强"));
  g_assert_nonnull (strstr (enrollments->out, "Showing 1 of 1"));
  g_assert_false (has_raw_number (enrollments->out));

  too_early = run (fixture, CLERK, "insurance", "claim-report", fixture->adult_id, "--plan",
                   "accident", "--event", "grade_9", "--date", "2000-01-01");
  g_assert_cmpint (too_early->status, ==, 0);

  report = run (fixture, CLERK, "insurance", "claim-report", fixture->adult_id, "--plan",
                "accident", "--event", "grade_2", "--date", event_on, "--bank", "工商银行",
                "--account", "6222021234567890123");
  g_assert_cmpint (report->status, ==, 0);
  number = g_strdup_printf ("LP%s-00002", year);
  g_assert_nonnull (strstr (report->out, number));

  /* Order, roles, then the assessment line by line. */
  assess = run (fixture, REVIEWER, "insurance", "claim-step", number, "--action", "assess");
  g_assert_cmpint (assess->status, ==, 1);
  g_clear_pointer (&assess, ud_cli_run_free);
  documents = run (fixture, REVIEWER, "insurance", "claim-step", number, "--action",
                   "documents", "--documents", "伤残鉴定书");
  g_assert_cmpint (documents->status, ==, 0);
  assess = run (fixture, REVIEWER, "insurance", "claim-step", number, "--action", "assess");
  g_assert_cmpint (assess->status, ==, 0);
  g_assert_nonnull (strstr (assess->out, "Computation"));
  g_assert_nonnull (strstr (assess->out, "9,000.00"));

  /* A rejection needs its reason; a clerk may not approve. */
  clerk_approve = run (fixture, REVIEWER, "insurance", "claim-step", number, "--action",
                       "reject");
  g_assert_cmpint (clerk_approve->status, ==, 1);
  g_assert_nonnull (strstr (clerk_approve->err, "Reason"));
  g_clear_pointer (&clerk_approve, ud_cli_run_free);
  clerk_approve = run (fixture, CLERK, "insurance", "claim-step", number, "--action", "approve");
  g_assert_cmpint (clerk_approve->status, ==, 1);
  approve = run (fixture, APPROVER, "insurance", "claim-step", number, "--action", "approve");
  g_assert_cmpint (approve->status, ==, 0);
  g_assert_nonnull (strstr (approve->out, "Approved"));

  show = run (fixture, CLERK, "insurance", "claim", number);
  g_assert_cmpint (show->status, ==, 0);
  g_assert_nonnull (strstr (show->out, "伤残鉴定书"));
  g_assert_nonnull (strstr (show->out, "¥9,000.00"));
  g_assert_nonnull (strstr (show->out, "Status history"));
  g_assert_false (has_raw_number (show->out));

  claims = run (fixture, CLERK, "insurance", "claims", "--status", "approved");
  g_assert_cmpint (claims->status, ==, 0);
  g_assert_nonnull (strstr (claims->out, number));
  none = run (fixture, CLERK, "insurance", "claims", "--status", "睡觉");
  g_assert_cmpint (none->status, ==, 2);
}

static void
test_chinese (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CliRun) plans = NULL;
  g_autoptr(CliRun) bad = NULL;

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }
  setlocale (LC_ALL, "C.UTF-8");

  plans = run_cli (fixture, "zh_CN.UTF-8", CLERK, "insurance", "plans", NULL);
  g_assert_cmpint (plans->status, ==, 0);
  g_assert_nonnull (strstr (plans->out, "accident"));
  g_assert_nonnull (strstr (plans->out, "等待期"));

  bad = run_cli (fixture, "zh_CN.UTF-8", CLERK, "insurance", "claim", "LP2000-99999", NULL);
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_nonnull (strstr (bad->err, "理赔"));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  cli_path = argc > 1 ? argv[1] : g_getenv ("UD_CLI");
  if (cli_path == NULL)
    {
      g_printerr ("Give the path of union-desk-cli as the argument or in UD_CLI\n");
      return 1;
    }

  g_test_add ("/ud/cli/insurance/plans", Fixture, NULL, fixture_set_up, test_plans,
              fixture_tear_down);
  g_test_add ("/ud/cli/insurance/roster-claim", Fixture, NULL, fixture_set_up,
              test_roster_claim, fixture_tear_down);
  g_test_add ("/ud/cli/insurance/zh-cn", Fixture, NULL, fixture_set_up, test_chinese,
              fixture_tear_down);
  return g_test_run ();
}
