/* tests/test-cli.c — union-desk-cli run as a program: demo, status, search, export, import, errors,
 * accounts, passwords, the audit trail, verify, backup and restore, hardship files, aid
 * applications, condolence batches and the statistics report
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The path of the built union-desk-cli is the first argument (meson passes it) or $UD_CLI. */
#include <locale.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>

#include "ud-cli.h"
#include "ud-database.h"
#include "ud-hardship-store.h"
#include "ud-hardship-store-private.h"
#include "ud-member-store.h"
#include "ud-member-query.h"
#include "ud-test-cli.h"
#include "ud-test-util.h"

static const char *cli_path;

typedef UdCliRun CliRun;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, ud_cli_run_free)

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ud-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "office.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ud_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

/* Runs union-desk-cli with @args in @locale (NULL: the test's own), as --user @user (NULL: no
 * --user) with @input on standard input and, unless NULL, @fd_input on file descriptor 3. */
static CliRun *
run_cli_argv (Fixture     *fixture,
              const char  *locale,
              const char  *user,
              const char  *input,
              const char  *fd_input,
              GPtrArray   *args)
{
  return ud_test_cli_run_argv (cli_path, fixture->dir, locale, user, input, fd_input, args);
}

static GPtrArray *
collect_args (va_list args)
{
  GPtrArray *array = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (array, (gpointer) arg);
  return array;
}

/* Runs union-desk-cli with the NULL-terminated arguments in @locale (NULL: the test's own).
 * Every command acts as the administrator; the first one that needs it creates the account. */
static CliRun *
run_cli_in (Fixture    *fixture,
            const char *locale,
            ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, locale);
  args = collect_args (ap);
  va_end (ap);
  return run_cli_argv (fixture, locale, "admin", "cli-test-password\n", NULL, args);
}

/* Runs union-desk-cli as --user @user (NULL: none) with @input on standard input. */
static CliRun *
run_cli_as_user (Fixture    *fixture,
                 const char *user,
                 const char *input,
                 ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, input);
  args = collect_args (ap);
  va_end (ap);
  return run_cli_argv (fixture, NULL, user, input, NULL, args);
}

/* The same with the passwords on --password-fd 3 and nothing on standard input. */
static CliRun *
run_cli_with_fd (Fixture    *fixture,
                 const char *user,
                 const char *fd_input,
                 ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, fd_input);
  args = collect_args (ap);
  va_end (ap);
  return run_cli_argv (fixture, NULL, user, "", fd_input, args);
}

#define run_cli(fixture, ...) run_cli_in ((fixture), NULL, __VA_ARGS__, NULL)
#define run_as(fixture, user, input, ...) \
  run_cli_as_user ((fixture), (user), (input), __VA_ARGS__, NULL)
#define run_fd(fixture, user, fd_input, ...) \
  run_cli_with_fd ((fixture), (user), (fd_input), __VA_ARGS__, NULL)

/* TRUE when @text has a run of 15 or more digits: an ID number that was not masked. */
static gboolean
has_raw_id_number (const char *text)
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

static guint
count_members_with_status (const char *path,
                           int         status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) db = ud_database_open (path, &error);
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  guint count = 0;

  g_assert_no_error (error);
  query->status = status;
  g_assert_true (ud_member_query_count (db, query, &count, &error));
  g_assert_no_error (error);
  return count;
}

static guint
count_members (const char *path)
{
  return count_members_with_status (path, UD_MEMBER_QUERY_ANY);
}

/* A live member with a two-character name, and its ID number. */
static void
find_two_character_name (const char  *path,
                         char       **name,
                         char       **id_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) db = ud_database_open (path, &error);
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(GPtrArray) members = NULL;

  g_assert_no_error (error);
  query->status = UD_MEMBER_STATUS_ACTIVE;
  members = ud_member_query_fetch (db, query, 0, 1000, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < members->len; i++)
    {
      UdMember *member = g_ptr_array_index (members, i);

      if (g_utf8_strlen (member->name, -1) == 2)
        {
          *name = g_strdup (member->name);
          *id_number = g_strdup (member->id_number);
          return;
        }
    }

  g_assert_not_reached ();
}

/* Tests */

static void
test_scrub (void)
{
  static const struct
  {
    const char *text;
    const char *scrubbed;
  } cases[] = {
    { "ID number: 330102197207142177 is taken", "ID number: 3301**********2177 is taken" },
    { "11010519491231002X.", "1101**********002X." },
    { "call 13326991023 now", "call 133****1023 now" },
    { "line 62: 2023-05-01 in 和平街", "line 62: 2023-05-01 in 和平街" },
    { "91330100C200661FCR", "91330100C200661FCR" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *scrubbed = ud_cli_scrub (cases[i].text);

      g_assert_cmpstr (scrubbed, ==, cases[i].scrubbed);
    }

  g_assert_cmpuint (ud_cli_display_width ("王伟"), ==, 4);
  g_assert_cmpuint (ud_cli_display_width ("ab王"), ==, 4);
  g_assert_cmpuint (ud_cli_display_width (""), ==, 0);
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CliRun) none = run_cli_in (fixture, NULL, NULL);
  g_autoptr(CliRun) help = run_cli (fixture, "--help");
  g_autoptr(CliRun) demo_help = run_cli (fixture, "demo", "--help");
  g_autoptr(CliRun) help_command = run_cli (fixture, "help", "members", "show");
  g_autoptr(CliRun) bogus = run_cli (fixture, "--db", fixture->db, "demo", "--bogus");
  g_autoptr(CliRun) bogus_global = run_cli (fixture, "--frobnicate", "status");
  g_autoptr(CliRun) unknown = run_cli (fixture, "frobnicate");
  g_autoptr(CliRun) bad_number = run_cli (fixture, "--db", fixture->db, "demo", "--members",
                                          "many");
  g_autoptr(CliRun) no_members = run_cli (fixture, "--db", fixture->db, "demo");
  g_autoptr(CliRun) bad_status = run_cli (fixture, "--db", fixture->db, "search", "王",
                                          "--status", "sleeping");
  g_autoptr(CliRun) extra = run_cli (fixture, "--db", fixture->db, "status", "extra");
  g_autoptr(CliRun) missing_file = run_cli (fixture, "--db", fixture->db, "import",
                                            "/nonexistent/roster.csv");
  g_autoptr(CliRun) no_db = run_cli (fixture, "--db", fixture->db, "status");

  g_assert_cmpint (none->status, ==, 2);
  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (help->out, "members show"));
  g_assert_cmpint (demo_help->status, ==, 0);
  g_assert_nonnull (strstr (demo_help->out, "--members"));
  g_assert_nonnull (strstr (demo_help->out, "--seed"));
  g_assert_cmpint (help_command->status, ==, 0);
  g_assert_nonnull (strstr (help_command->out, "ID_NUMBER"));

  g_assert_cmpint (bogus->status, ==, 2);
  g_assert_nonnull (strstr (bogus->err, "--bogus"));
  g_assert_cmpint (bogus_global->status, ==, 2);
  g_assert_nonnull (strstr (bogus_global->err, "--frobnicate"));
  g_assert_cmpint (unknown->status, ==, 2);
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));
  g_assert_cmpint (bad_number->status, ==, 2);
  g_assert_nonnull (strstr (bad_number->err, "--members"));
  g_assert_cmpint (no_members->status, ==, 2);
  g_assert_nonnull (strstr (no_members->err, "--members"));
  g_assert_cmpint (bad_status->status, ==, 2);
  g_assert_nonnull (strstr (bad_status->err, "--status"));
  g_assert_cmpint (extra->status, ==, 2);
  g_assert_nonnull (strstr (extra->err, "extra"));
  g_assert_cmpint (missing_file->status, ==, 2);

  /* Reading commands do not create a database. */
  g_assert_cmpint (no_db->status, ==, 1);
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (fixture->dir, "members.csv", NULL);
  g_autofree char *xlsx = g_build_filename (fixture->dir, "members.xlsx", NULL);
  g_autofree char *fresh = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *masked_id = NULL;
  g_autoptr(CliRun) demo = NULL;
  g_autoptr(CliRun) again = NULL;
  g_autoptr(CliRun) status = NULL;
  g_autoptr(CliRun) search = NULL;
  g_autoptr(CliRun) show = NULL;
  g_autoptr(CliRun) show_unknown = NULL;
  g_autoptr(CliRun) export_csv = NULL;
  g_autoptr(CliRun) export_xlsx = NULL;
  g_autoptr(CliRun) import = NULL;
  g_autoptr(CliRun) fresh_status = NULL;
  g_autofree char *unknown_id = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *members_line = NULL;
  guint n_active;

  demo = run_cli (fixture, "--db", fixture->db, "demo", "--members", "300", "--seed", "5");
  g_assert_cmpint (demo->status, ==, 0);
  g_assert_nonnull (strstr (demo->out, "Seed: 5"));
  g_assert_nonnull (strstr (demo->err, "300 / 300"));
  g_assert_cmpuint (count_members (fixture->db), ==, 300);

  /* A database with members is not filled again without --force. */
  again = run_cli (fixture, "--db", fixture->db, "demo", "--members", "10");
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "--force"));
  g_assert_cmpuint (count_members (fixture->db), ==, 300);

  status = run_cli (fixture, "status", "--db", fixture->db);
  g_assert_cmpint (status->status, ==, 0);
  g_assert_nonnull (strstr (status->out, fixture->db));
  g_assert_nonnull (strstr (status->out, "Members: 300"));
  g_assert_nonnull (strstr (status->out, "拱墅区总工会"));
  g_assert_nonnull (strstr (status->out, "Lapsed"));
  g_assert_nonnull (strstr (status->out, "Changes waiting for upload"));

  /* Search by a two-character name: found, with the ID number masked. */
  find_two_character_name (fixture->db, &name, &id_number);
  masked_id = g_strdup_printf ("%.4s**********%s", id_number, id_number + 14);
  search = run_cli (fixture, "--db", fixture->db, "search", name);
  g_assert_cmpint (search->status, ==, 0);
  g_assert_nonnull (strstr (search->out, name));
  g_assert_nonnull (strstr (search->out, masked_id));
  g_assert_null (strstr (search->out, id_number));
  g_assert_false (has_raw_id_number (search->out));
  g_assert_nonnull (strstr (search->out, "Found"));

  /* members show prints the record whole, with its history. */
  show = run_cli (fixture, "--db", fixture->db, "members", "show", id_number);
  g_assert_cmpint (show->status, ==, 0);
  g_assert_nonnull (strstr (show->out, id_number));
  g_assert_nonnull (strstr (show->out, name));
  g_assert_nonnull (strstr (show->out, "History"));
  g_assert_nonnull (strstr (show->out, "Joined"));

  /* An unknown ID number is an error that does not repeat the number. */
  unknown_id = ud_test_make_id ("110105", "19491231", 2);
  show_unknown = run_cli (fixture, "--db", fixture->db, "members", "show", unknown_id);
  g_assert_cmpint (show_unknown->status, ==, 1);
  g_assert_null (strstr (show_unknown->err, unknown_id));
  g_assert_nonnull (strstr (show_unknown->err, "1101**********"));

  /* Active members, as the import takes only new memberships. */
  n_active = count_members_with_status (fixture->db, UD_MEMBER_STATUS_ACTIVE);
  g_assert_cmpuint (n_active, >, 250);
  g_assert_cmpuint (n_active, <, 300);
  exported = g_strdup_printf ("Exported %u members", n_active);
  export_csv = run_cli (fixture, "--db", fixture->db, "export", csv, "--status", "active");
  g_assert_cmpint (export_csv->status, ==, 0);
  g_assert_nonnull (strstr (export_csv->out, exported));
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));

  export_xlsx = run_cli (fixture, "--db", fixture->db, "export", xlsx, "--masked", "--status",
                         "active");
  g_assert_cmpint (export_xlsx->status, ==, 0);
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));

  /* The export imports into a fresh database with every member. */
  imported = g_strdup_printf ("Imported: %u\n", n_active);
  import = run_cli (fixture, "--db", fresh, "import", csv);
  g_assert_cmpint (import->status, ==, 0);
  g_assert_nonnull (strstr (import->out, "Encoding: UTF-8"));
  g_assert_nonnull (strstr (import->out, imported));
  g_assert_cmpuint (count_members (fresh), ==, n_active);

  fresh_status = run_cli (fixture, "--db", fresh, "status");
  g_assert_cmpint (fresh_status->status, ==, 0);
  members_line = g_strdup_printf ("Members: %u\n", n_active);
  g_assert_nonnull (strstr (fresh_status->out, members_line));
}

static void
test_import_roster (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *shared = g_getenv ("UD_SHARED_DATA");
  g_autofree char *roster = NULL;
  g_autofree char *report = g_build_filename (fixture->dir, "report.csv", NULL);
  g_autofree char *report_text = NULL;
  g_autoptr(CliRun) dry = NULL;
  g_autoptr(CliRun) import = NULL;
  g_autoptr(CliRun) again = NULL;

  if (shared == NULL)
    {
      g_test_skip ("UD_SHARED_DATA is not set");
      return;
    }
  roster = g_build_filename (shared, "roster-small-utf8-bom.csv", NULL);

  dry = run_cli (fixture, "--db", fixture->db, "import", roster, "--dry-run");
  g_assert_cmpint (dry->status, ==, 1);
  g_assert_nonnull (strstr (dry->out, "Dry run"));
  g_assert_cmpuint (count_members (fixture->db), ==, 0);

  import = run_cli (fixture, "--db", fixture->db, "import", roster, "--report", report);
  g_assert_cmpint (import->status, ==, 1);
  g_assert_nonnull (strstr (import->out, "Encoding: UTF-8 (BOM)"));
  g_assert_nonnull (strstr (import->out, "Imported: 60"));
  g_assert_nonnull (strstr (import->err, "line 62:"));
  g_assert_nonnull (strstr (import->err, "line 68:"));
  g_assert_false (has_raw_id_number (import->err));
  g_assert_false (has_raw_id_number (import->out));
  g_assert_cmpuint (count_members (fixture->db), ==, 60);

  g_assert_true (g_file_get_contents (report, &report_text, NULL, NULL));
  g_assert_nonnull (strstr (report_text, "苏怡娟"));

  /* Again: every valid row is a member already. */
  again = run_cli (fixture, "--db", fixture->db, "import", roster);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->out, "Imported: 0"));
  g_assert_nonnull (strstr (again->out, "Skipped duplicates: "));
  g_assert_nonnull (strstr (again->err, "line 2:"));
  g_assert_false (has_raw_id_number (again->err));
  g_assert_cmpuint (count_members (fixture->db), ==, 60);
}

static void
test_orgs_and_employers (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CliRun) demo = NULL;
  g_autoptr(CliRun) orgs = NULL;
  g_autoptr(CliRun) add = NULL;
  g_autoptr(CliRun) add_again = NULL;
  g_autoptr(CliRun) bad_parent = NULL;
  g_autoptr(CliRun) listed = NULL;
  g_autoptr(CliRun) employers = NULL;
  g_autoptr(CliRun) search_org = NULL;

  demo = run_cli (fixture, "--db", fixture->db, "demo", "--members", "100", "--seed", "9");
  g_assert_cmpint (demo->status, ==, 0);

  orgs = run_cli (fixture, "--db", fixture->db, "orgs");
  g_assert_cmpint (orgs->status, ==, 0);
  g_assert_nonnull (strstr (orgs->out, "\n拱墅区总工会"));
  g_assert_nonnull (strstr (orgs->out, "\n  湖墅街道总工会"));
  g_assert_nonnull (strstr (orgs->out, "\n    湖墅街道新就业形态联合工会"));

  add = run_cli (fixture, "--db", fixture->db, "orgs", "add", "湖墅街道快递驿站联合工会",
                 "--parent", "湖墅街道总工会");
  g_assert_cmpint (add->status, ==, 0);
  g_assert_nonnull (strstr (add->out, "Joint union"));

  add_again = run_cli (fixture, "--db", fixture->db, "orgs", "add", "湖墅街道快递驿站联合工会",
                       "--parent", "湖墅街道总工会");
  g_assert_cmpint (add_again->status, ==, 1);

  bad_parent = run_cli (fixture, "--db", fixture->db, "orgs", "add", "某工会", "--parent",
                        "不存在的街道总工会");
  g_assert_cmpint (bad_parent->status, ==, 2);
  g_assert_nonnull (strstr (bad_parent->err, "--parent"));

  listed = run_cli (fixture, "--db", fixture->db, "orgs");
  g_assert_nonnull (strstr (listed->out, "\n    湖墅街道快递驿站联合工会"));

  employers = run_cli (fixture, "--db", fixture->db, "employers", "美团");
  g_assert_cmpint (employers->status, ==, 0);
  g_assert_nonnull (strstr (employers->out, "美团"));
  g_assert_nonnull (strstr (employers->out, "yes"));

  search_org = run_cli (fixture, "--db", fixture->db, "search", "--org", "湖墅街道总工会",
                        "--category", "new", "--limit", "5");
  g_assert_cmpint (search_org->status, ==, 0);
}

/* Runs plain SQL on the database file, as someone with the file but not the program would. */
static void
plain_sql (const char *path,
           const char *sql)
{
  sqlite3 *handle = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  if (sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (handle);
}

static void
test_accounts (Fixture       *fixture,
               gconstpointer  data)
{
  const char *admin_input = "admin-password-1\n";
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(CliRun) init = NULL;
  g_autoptr(CliRun) init_again = NULL;
  g_autoptr(CliRun) add = NULL;
  g_autoptr(CliRun) add_bad_roles = NULL;
  g_autoptr(CliRun) must_change = NULL;
  g_autoptr(CliRun) passwd = NULL;
  g_autoptr(CliRun) wrong = NULL;
  g_autoptr(CliRun) clerk_org = NULL;
  g_autoptr(CliRun) clerk_add = NULL;
  g_autoptr(CliRun) clerk_list = NULL;
  g_autoptr(CliRun) clerk_backup = NULL;
  g_autoptr(CliRun) with_fd = NULL;
  g_autoptr(CliRun) list = NULL;
  g_autoptr(CliRun) deactivate = NULL;
  g_autoptr(CliRun) deactivated = NULL;
  g_autoptr(CliRun) activate = NULL;
  g_autoptr(CliRun) demote_self = NULL;
  g_autoptr(CliRun) reset = NULL;
  g_autoptr(CliRun) after_reset = NULL;
  g_autoptr(CliRun) no_password_option = NULL;
  g_autoptr(CliRun) demo = NULL;
  g_autoptr(CliRun) audit = NULL;
  g_autoptr(CliRun) audit_clerk = NULL;
  g_autoptr(CliRun) verify = NULL;
  g_autoptr(CliRun) backup_run = NULL;
  g_autoptr(CliRun) tampered = NULL;
  g_autoptr(CliRun) restore = NULL;
  g_autoptr(CliRun) verify_restored = NULL;
  g_autoptr(CliRun) after_restore = NULL;
  const char *kept_line;

  /* init makes the first administrator, once. */
  init = run_as (fixture, "admin", admin_input, "--db", fixture->db, "init", "--name", "主任");
  g_assert_cmpint (init->status, ==, 0);
  g_assert_nonnull (strstr (init->out, "Administrator"));
  init_again = run_as (fixture, "boss", "other-password-1\n", "--db", fixture->db, "init");
  g_assert_cmpint (init_again->status, ==, 1);
  g_assert_nonnull (strstr (init_again->err, "already has accounts"));

  /* accounts add: the administrator's password, then the new one. */
  add_bad_roles = run_as (fixture, "admin", admin_input, "--db", fixture->db, "accounts", "add",
                          "wang", "--roles", "clerk,janitor");
  g_assert_cmpint (add_bad_roles->status, ==, 2);
  g_assert_nonnull (strstr (add_bad_roles->err, "--roles"));
  add = run_as (fixture, "admin", "admin-password-1\nclerk-password-1\n", "--db", fixture->db,
                "accounts", "add", "wang", "--roles", "clerk", "--name", "王芳");
  g_assert_cmpint (add->status, ==, 0);
  g_assert_nonnull (strstr (add->out, "王芳"));
  g_assert_nonnull (strstr (add->out, "must change"));

  /* The new clerk must change the password before anything else. */
  must_change = run_as (fixture, "wang", "clerk-password-1\n", "--db", fixture->db, "orgs", "add",
                        "湖墅街道快递联合工会");
  g_assert_cmpint (must_change->status, ==, 1);
  g_assert_nonnull (strstr (must_change->err, "passwd"));
  passwd = run_as (fixture, "wang", "clerk-password-1\nclerk-password-2\n", "--db", fixture->db,
                   "passwd");
  g_assert_cmpint (passwd->status, ==, 0);
  wrong = run_as (fixture, "wang", "clerk-password-1\n", "--db", fixture->db, "orgs", "add",
                  "湖墅街道快递联合工会");
  g_assert_cmpint (wrong->status, ==, 1);
  g_assert_nonnull (strstr (wrong->err, "wrong"));

  /* Logged in as the clerk (password on standard input): the role is named in the denial. */
  clerk_org = run_as (fixture, "wang", "clerk-password-2\n", "--db", fixture->db, "orgs", "add",
                      "湖墅街道快递联合工会");
  g_assert_cmpint (clerk_org->status, ==, 1);
  g_assert_nonnull (strstr (clerk_org->err, "Administrator"));
  clerk_add = run_as (fixture, "wang", "clerk-password-2\nfriend-password\n", "--db",
                      fixture->db, "accounts", "add", "friend", "--roles", "admin");
  g_assert_cmpint (clerk_add->status, ==, 1);
  g_assert_nonnull (strstr (clerk_add->err, "Administrator"));
  clerk_list = run_as (fixture, "wang", "clerk-password-2\n", "--db", fixture->db, "accounts");
  g_assert_cmpint (clerk_list->status, ==, 1);
  clerk_backup = run_as (fixture, "wang", "clerk-password-2\n", "--db", fixture->db, "backup",
                         backup);
  g_assert_cmpint (clerk_backup->status, ==, 1);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  /* The same password from a file descriptor, with nothing on standard input. */
  with_fd = run_fd (fixture, "wang", "clerk-password-2\n", "--db", fixture->db, "search", "王");
  g_assert_cmpint (with_fd->status, ==, 0);

  /* Passwords are never options. */
  no_password_option = run_as (fixture, "wang", "", "--db", fixture->db, "status",
                               "--password", "clerk-password-2");
  g_assert_cmpint (no_password_option->status, ==, 2);

  list = run_as (fixture, "admin", admin_input, "--db", fixture->db, "accounts");
  g_assert_cmpint (list->status, ==, 0);
  g_assert_nonnull (strstr (list->out, "wang"));
  g_assert_nonnull (strstr (list->out, "王芳"));
  g_assert_nonnull (strstr (list->out, "主任"));
  g_assert_nonnull (strstr (list->out, "2 accounts"));

  /* Deactivated accounts cannot log in; the administrator cannot demote themselves. */
  deactivate = run_as (fixture, "admin", admin_input, "--db", fixture->db, "accounts", "set",
                       "wang", "--deactivate");
  g_assert_cmpint (deactivate->status, ==, 0);
  deactivated = run_as (fixture, "wang", "clerk-password-2\n", "--db", fixture->db, "search",
                        "王");
  g_assert_cmpint (deactivated->status, ==, 1);
  g_assert_nonnull (strstr (deactivated->err, "deactivated"));
  activate = run_as (fixture, "admin", admin_input, "--db", fixture->db, "accounts", "set", "wang",
                     "--activate", "--roles", "clerk,approver");
  g_assert_cmpint (activate->status, ==, 0);
  g_assert_nonnull (strstr (activate->out, "Approver"));
  demote_self = run_as (fixture, "admin", admin_input, "--db", fixture->db, "accounts", "set",
                        "admin", "--roles", "clerk");
  g_assert_cmpint (demote_self->status, ==, 1);

  /* A reset password must be changed again. */
  reset = run_as (fixture, "admin", "admin-password-1\nreset-password-3\n", "--db", fixture->db,
                  "accounts", "reset-password", "wang");
  g_assert_cmpint (reset->status, ==, 0);
  after_reset = run_as (fixture, "wang", "reset-password-3\n", "--db", fixture->db, "search",
                        "王");
  g_assert_cmpint (after_reset->status, ==, 1);
  g_assert_nonnull (strstr (after_reset->err, "passwd"));

  /* The audit trail, with personal numbers masked; the global --user acts, the one after the
   * command filters. */
  demo = run_as (fixture, "admin", admin_input, "--db", fixture->db, "demo", "--members", "20",
                 "--seed", "3");
  g_assert_cmpint (demo->status, ==, 0);
  audit = run_as (fixture, "admin", admin_input, "--db", fixture->db, "audit", "--limit", "0");
  g_assert_cmpint (audit->status, ==, 0);
  g_assert_nonnull (strstr (audit->out, "member create"));
  g_assert_nonnull (strstr (audit->out, "account reset_password"));
  g_assert_false (has_raw_id_number (audit->out));
  audit_clerk = run_as (fixture, "admin", admin_input, "--db", fixture->db, "audit", "--user",
                        "wang", "--action", "change_password");
  g_assert_cmpint (audit_clerk->status, ==, 0);
  g_assert_nonnull (strstr (audit_clerk->out, "1 audit entry"));
  g_assert_nonnull (strstr (audit_clerk->out, "wang"));

  /* verify, for a scheduled job: no password needed. */
  verify = run_as (fixture, NULL, "", "--db", fixture->db, "verify");
  g_assert_cmpint (verify->status, ==, 0);
  g_assert_true (g_str_has_prefix (verify->out, "ok: "));
  g_assert_nonnull (strstr (verify->out, "audit entries checked"));

  backup_run = run_as (fixture, "admin", admin_input, "--db", fixture->db, "backup", backup);
  g_assert_cmpint (backup_run->status, ==, 0);
  g_assert_nonnull (strstr (backup_run->out, "Backed up"));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));

  /* Someone with the file changes an entry behind the program's back. */
  plain_sql (fixture->db, "DROP TRIGGER audit_entry_no_update;"
                          "UPDATE audit_entry SET account_name = 'nobody' WHERE seq = 3");
  tampered = run_as (fixture, NULL, "", "--db", fixture->db, "verify");
  g_assert_cmpint (tampered->status, ==, 1);
  g_assert_nonnull (strstr (tampered->out, "broken: audit entry 3"));
  g_assert_nonnull (strstr (tampered->err, "entry 3 "));

  /* The backup puts it right; the tampered database is kept aside. */
  restore = run_as (fixture, "admin", admin_input, "--db", fixture->db, "restore", backup);
  g_assert_cmpint (restore->status, ==, 0);
  g_assert_nonnull (strstr (restore->out, "intact"));
  kept_line = strstr (restore->out, "kept as “");
  g_assert_nonnull (kept_line);
  kept = g_strndup (kept_line + strlen ("kept as “"),
                    strstr (kept_line, "”") - (kept_line + strlen ("kept as “")));
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  verify_restored = run_as (fixture, NULL, "", "--db", fixture->db, "verify");
  g_assert_cmpint (verify_restored->status, ==, 0);
  after_restore = run_as (fixture, "admin", admin_input, "--db", fixture->db, "audit", "--action",
                          "restore");
  g_assert_cmpint (after_restore->status, ==, 0);
  g_assert_nonnull (strstr (after_restore->out, "database restore"));
}

/* policy and policy set: values by unit, the date they take effect, refusals. */
static void
test_policy (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CliRun) init = NULL;
  g_autoptr(CliRun) list = NULL;
  g_autoptr(CliRun) set_ratio = NULL;
  g_autoptr(CliRun) set_dibao = NULL;
  g_autoptr(CliRun) after = NULL;
  g_autoptr(CliRun) bad_value = NULL;
  g_autoptr(CliRun) unknown = NULL;
  g_autoptr(CliRun) no_date = NULL;

  init = run_cli (fixture, "--db", fixture->db, "init");
  g_assert_cmpint (init->status, ==, 0);

  list = run_cli (fixture, "--db", fixture->db, "policy");
  g_assert_cmpint (list->status, ==, 0);
  g_assert_nonnull (strstr (list->out, "dibao_monthly_fen"));
  g_assert_nonnull (strstr (list->out, "50.00%"));

  set_ratio = run_cli (fixture, "--db", fixture->db, "policy", "set", "medical_ratio_bp", "60%",
                       "--from", "2026-07-01");
  g_assert_cmpint (set_ratio->status, ==, 0);
  set_dibao = run_cli (fixture, "--db", fixture->db, "policy", "set", "dibao_monthly_fen",
                       "1,120.00", "--from", "2027-01-01", "--region", "330105");
  g_assert_cmpint (set_dibao->status, ==, 0);

  after = run_cli (fixture, "--db", fixture->db, "policy");
  g_assert_nonnull (strstr (after->out, "60.00%"));
  g_assert_nonnull (strstr (after->out, "2026-07-01"));
  g_assert_nonnull (strstr (after->out, "1,120.00"));
  g_assert_nonnull (strstr (after->out, "330105"));

  bad_value = run_cli (fixture, "--db", fixture->db, "policy", "set", "medical_cap_fen", "lots",
                       "--from", "2026-01-01");
  g_assert_cmpint (bad_value->status, ==, 2);
  unknown = run_cli (fixture, "--db", fixture->db, "policy", "set", "no_such_thing", "1",
                     "--from", "2026-01-01");
  g_assert_cmpint (unknown->status, ==, 2);
  no_date = run_cli (fixture, "--db", fixture->db, "policy", "set", "publicity_days", "7");
  g_assert_cmpint (no_date->status, ==, 2);
}

/* Sets the hardship store's today to @days_ago before the real date. */
static void
set_store_today (int days_ago)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_date_subtract_days (&today, (guint) days_ago);
  ud_hardship_store_set_today (&today);
}

/* Adds an account with @roles through the CLI and changes its first password. */
static void
add_account (Fixture    *fixture,
             const char *username,
             const char *roles)
{
  g_autofree char *input = g_strdup_printf ("admin-password-1\n%s-first-1\n", username);
  g_autofree char *change = g_strdup_printf ("%s-first-1\n%s-password-1\n", username, username);
  g_autoptr(CliRun) add = NULL;
  g_autoptr(CliRun) passwd = NULL;

  add = run_as (fixture, "admin", input, "--db", fixture->db, "accounts", "add", username,
                "--roles", roles);
  g_assert_cmpint (add->status, ==, 0);
  passwd = run_as (fixture, username, change, "--db", fixture->db, "passwd");
  g_assert_cmpint (passwd->status, ==, 0);
}

/* Straight through the core on the database file: a filed household (worker, spouse, child)
 * and a second file waiting on the reviewer. The file number of the filed one in @number. */
static void
make_hardship_files (Fixture  *fixture,
                     char    **number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) db = ud_database_open (fixture->db, &error);
  g_autoptr(UdAccount) clerk = NULL;
  g_autoptr(UdAccount) reviewer = NULL;
  g_autoptr(UdAccount) approver = NULL;
  g_autoptr(UdHardshipFile) file = ud_hardship_file_new ();
  g_autoptr(UdHardshipFile) second = ud_hardship_file_new ();
  g_autofree char *worker_id = ud_test_make_id ("330102", "19800101", 11);
  g_autofree char *spouse_id = ud_test_make_id ("330102", "19820202", 22);
  g_autofree char *child_id = ud_test_make_id ("330102", "20100303", 33);
  g_autofree char *other_id = ud_test_make_id ("330102", "19750505", 55);
  g_autoptr(UdMember) worker = NULL;
  g_autoptr(UdMember) other = NULL;
  UdHouseholdMember *person;

  g_assert_no_error (error);
  clerk = ud_account_find (db, "clerk");
  reviewer = ud_account_find (db, "reviewer");
  approver = ud_account_find (db, "approver");
  g_assert_nonnull (clerk);
  g_assert_nonnull (reviewer);
  g_assert_nonnull (approver);

  worker = ud_test_member_new (db, "王强", worker_id);
  g_assert_true (ud_member_store_insert (db, clerk, worker, &error));
  g_assert_no_error (error);
  other = ud_test_member_new (db, "赵敏", other_id);
  g_assert_true (ud_member_store_insert (db, clerk, other, &error));
  g_assert_no_error (error);

  set_store_today (30);
  file->member_id = worker->id;
  file->main_cause = UD_HARDSHIP_CAUSE_MAJOR_ILLNESS;
  file->worker_monthly_income_fen = 50000;
  file->bank_account = g_strdup ("6222021234567890123");
  person = ud_household_member_new ();
  person->name = g_strdup ("李娜");
  person->relation = UD_RELATION_SPOUSE;
  person->id_number = g_strdup (spouse_id);
  g_ptr_array_add (file->household, person);
  person = ud_household_member_new ();
  person->name = g_strdup ("王小明");
  person->relation = UD_RELATION_CHILD;
  person->id_number = g_strdup (child_id);
  g_ptr_array_add (file->household, person);
  g_assert_true (ud_hardship_store_create (db, clerk, file, &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_submit (db, clerk, file->id, NULL, &error));
  g_assert_true (ud_hardship_store_start_verification (db, reviewer, file->id, &error));
  g_assert_true (ud_hardship_store_publicise (db, reviewer, file->id, NULL, &error));
  g_assert_no_error (error);
  set_store_today (10);
  g_assert_true (ud_hardship_store_review (db, reviewer, file->id, UD_HARDSHIP_CATEGORY_DEEP,
                                           NULL, "情况属实", &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_approve (db, approver, file->id, "同意建档", &error));
  g_assert_no_error (error);

  second->member_id = other->id;
  second->main_cause = UD_HARDSHIP_CAUSE_LAID_OFF;
  second->worker_monthly_income_fen = 90000;
  g_assert_true (ud_hardship_store_create (db, clerk, second, &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_submit (db, clerk, second->id, NULL, &error));
  g_assert_no_error (error);
  ud_hardship_store_set_today (NULL);

  *number = g_strdup (file->file_number);
}

/* files, files show, files queue, condolence create/submit/review, aid, aid show, report. */
static void
test_hardship_and_aid (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *admin_input = "admin-password-1\n";
  const char *clerk_input = "clerk-password-1\n";
  const char *reviewer_input = "reviewer-password-1\n";
  g_autofree char *number = NULL;
  g_autofree char *aid_number = NULL;
  g_autofree char *xlsx = g_build_filename (fixture->dir, "report.xlsx", NULL);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_cli_run_free);
  CliRun *init, *no_login, *files, *filtered, *bad_status, *show, *missing, *clerk_queue;
  CliRun *reviewer_queue, *denied, *create, *again, *submit, *review, *aid, *aid_filtered;
  CliRun *aid_show, *bad_type, *no_batch, *report;
  const char *jz;

  init = run_as (fixture, "admin", admin_input, "--db", fixture->db, "init");
  g_ptr_array_add (runs, init);
  g_assert_cmpint (init->status, ==, 0);
  add_account (fixture, "clerk", "clerk");
  add_account (fixture, "reviewer", "reviewer");
  add_account (fixture, "approver", "approver");
  make_hardship_files (fixture, &number);

  /* Personal data: no list without logging in. */
  no_login = run_as (fixture, NULL, "", "--db", fixture->db, "files");
  g_ptr_array_add (runs, no_login);
  g_assert_cmpint (no_login->status, ==, 1);

  files = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "files");
  g_ptr_array_add (runs, files);
  g_assert_cmpint (files->status, ==, 0);
  g_assert_nonnull (strstr (files->out, number));
  g_assert_nonnull (strstr (files->out, "王强"));
  g_assert_nonnull (strstr (files->out, "Deep hardship"));
  g_assert_nonnull (strstr (files->out, "Filed"));
  g_assert_nonnull (strstr (files->out, "Found 2 hardship files"));
  filtered = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "files", "--status",
                     "已建档", "--category", "deep");
  g_ptr_array_add (runs, filtered);
  g_assert_cmpint (filtered->status, ==, 0);
  g_assert_nonnull (strstr (filtered->out, "Found 1 hardship file"));
  g_assert_null (strstr (filtered->out, "赵敏"));
  bad_status = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "files", "--status",
                       "asleep");
  g_ptr_array_add (runs, bad_status);
  g_assert_cmpint (bad_status->status, ==, 2);
  g_assert_nonnull (strstr (bad_status->err, "--status"));

  show = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "files", "show", number);
  g_ptr_array_add (runs, show);
  g_assert_cmpint (show->status, ==, 0);
  g_assert_nonnull (strstr (show->out, "李娜"));
  g_assert_nonnull (strstr (show->out, "王小明"));
  g_assert_nonnull (strstr (show->out, "Household members"));
  g_assert_nonnull (strstr (show->out, "Per-capita monthly income"));
  g_assert_nonnull (strstr (show->out, "¥6,000.00"));     /* 12 × ¥500.00: the household's year */
  g_assert_nonnull (strstr (show->out, "¥166.66"));       /* a person a month: rounded down */
  g_assert_nonnull (strstr (show->out, "Policy values used"));
  g_assert_nonnull (strstr (show->out, "6222"));
  g_assert_null (strstr (show->out, "6222021234567890123"));
  g_assert_nonnull (strstr (show->out, "Status history"));
  g_assert_nonnull (strstr (show->out, "Reviewed → Filed"));
  missing = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "files", "show",
                    "KN1999-99999");
  g_ptr_array_add (runs, missing);
  g_assert_cmpint (missing->status, ==, 1);

  clerk_queue = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "files", "queue");
  g_ptr_array_add (runs, clerk_queue);
  g_assert_cmpint (clerk_queue->status, ==, 0);
  g_assert_nonnull (strstr (clerk_queue->out, "Waiting on me as clerk: 0 hardship files"));
  g_assert_nonnull (strstr (clerk_queue->out, "Yearly reviews due"));
  reviewer_queue = run_as (fixture, "reviewer", reviewer_input, "--db", fixture->db, "files",
                           "queue");
  g_ptr_array_add (runs, reviewer_queue);
  g_assert_cmpint (reviewer_queue->status, ==, 0);
  g_assert_nonnull (strstr (reviewer_queue->out, "Waiting on me as reviewer: 1 hardship file"));
  g_assert_nonnull (strstr (reviewer_queue->out, "赵敏"));
  g_assert_nonnull (strstr (reviewer_queue->out, "Publicity ending within 3 days"));

  /* The condolence batch: made and submitted by the clerk, reviewed by the reviewer. */
  denied = run_as (fixture, "reviewer", reviewer_input, "--db", fixture->db, "condolence",
                   "create", "--batch", "春节送温暖");
  g_ptr_array_add (runs, denied);
  g_assert_cmpint (denied->status, ==, 1);
  no_batch = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "condolence", "create");
  g_ptr_array_add (runs, no_batch);
  g_assert_cmpint (no_batch->status, ==, 2);
  g_assert_nonnull (strstr (no_batch->err, "--batch"));
  create = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "condolence", "create",
                   "--batch", "春节送温暖");
  g_ptr_array_add (runs, create);
  g_assert_cmpint (create->status, ==, 0);
  g_assert_nonnull (strstr (create->out, "Created 1 condolence application"));
  g_assert_nonnull (strstr (create->out, "1 aid application, ¥2,000.00"));
  again = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "condolence", "create",
                  "--batch", "春节送温暖");
  g_ptr_array_add (runs, again);
  g_assert_cmpint (again->status, ==, 0);
  g_assert_nonnull (strstr (again->out, "Created 0 condolence applications"));
  submit = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "condolence", "submit",
                   "--batch", "春节送温暖");
  g_ptr_array_add (runs, submit);
  g_assert_cmpint (submit->status, ==, 0);
  g_assert_nonnull (strstr (submit->out, "Submitted 1 application"));
  review = run_as (fixture, "reviewer", reviewer_input, "--db", fixture->db, "condolence",
                   "review", "--batch", "春节送温暖");
  g_ptr_array_add (runs, review);
  g_assert_cmpint (review->status, ==, 0);
  g_assert_nonnull (strstr (review->out, "Reviewed 1 application"));

  aid = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "aid");
  g_ptr_array_add (runs, aid);
  g_assert_cmpint (aid->status, ==, 0);
  g_assert_nonnull (strstr (aid->out, "Condolence"));
  g_assert_nonnull (strstr (aid->out, "2,000.00"));
  g_assert_nonnull (strstr (aid->out, number));
  g_assert_nonnull (strstr (aid->out, "Found 1 aid application"));
  jz = strstr (aid->out, "JZ");
  g_assert_nonnull (jz);
  aid_number = g_strndup (jz, strcspn (jz, " "));
  aid_filtered = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "aid", "--type",
                         "medical");
  g_ptr_array_add (runs, aid_filtered);
  g_assert_cmpint (aid_filtered->status, ==, 0);
  g_assert_nonnull (strstr (aid_filtered->out, "Found 0 aid applications"));
  bad_type = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "aid", "--type", "gift");
  g_ptr_array_add (runs, bad_type);
  g_assert_cmpint (bad_type->status, ==, 2);

  aid_show = run_as (fixture, "clerk", clerk_input, "--db", fixture->db, "aid", "show",
                     aid_number);
  g_ptr_array_add (runs, aid_show);
  g_assert_cmpint (aid_show->status, ==, 0);
  g_assert_nonnull (strstr (aid_show->out, "春节送温暖"));
  g_assert_nonnull (strstr (aid_show->out, "¥2,000.00 (recommended)"));
  g_assert_nonnull (strstr (aid_show->out, "贰仟元整"));
  g_assert_nonnull (strstr (aid_show->out, "Computation"));
  g_assert_nonnull (strstr (aid_show->out, "Submitted → Reviewed"));

  report = run_as (fixture, "admin", admin_input, "--db", fixture->db, "report", "--xlsx", xlsx);
  g_ptr_array_add (runs, report);
  g_assert_cmpint (report->status, ==, 0);
  g_assert_nonnull (strstr (report->out, "Hardship files in force on"));
  g_assert_nonnull (strstr (report->out, "Major illness"));
  g_assert_nonnull (strstr (report->out, "Condolence"));
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));

  /* No whole ID number in anything printed. */
  for (guint i = 0; i < runs->len; i++)
    {
      CliRun *run = g_ptr_array_index (runs, i);

      g_assert_false (has_raw_id_number (run->out));
      g_assert_false (has_raw_id_number (run->err));
    }
}

static void
test_chinese (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CliRun) demo = NULL;
  g_autoptr(CliRun) status = NULL;
  g_autoptr(CliRun) bad = NULL;

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }
  setlocale (LC_ALL, "C.UTF-8");

  demo = run_cli_in (fixture, "zh_CN.UTF-8", "--db", fixture->db, "demo", "--members", "20",
                     NULL);
  g_assert_cmpint (demo->status, ==, 0);
  g_assert_nonnull (strstr (demo->out, "随机种子"));

  status = run_cli_in (fixture, "zh_CN.UTF-8", "--db", fixture->db, "status", NULL);
  g_assert_cmpint (status->status, ==, 0);
  g_assert_nonnull (strstr (status->out, "会员"));
  g_assert_nonnull (strstr (status->out, "待上传"));

  bad = run_cli_in (fixture, "zh_CN.UTF-8", "--db", fixture->db, "search", "--status", "睡觉",
                    NULL);
  g_assert_cmpint (bad->status, ==, 2);
  g_assert_nonnull (strstr (bad->err, "--status"));
  g_assert_nonnull (strstr (bad->err, "不是"));
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

  g_test_add_func ("/ud/cli/scrub", test_scrub);
  g_test_add ("/ud/cli/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);
  g_test_add ("/ud/cli/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/ud/cli/import-roster", Fixture, NULL, fixture_set_up, test_import_roster,
              fixture_tear_down);
  g_test_add ("/ud/cli/orgs-and-employers", Fixture, NULL, fixture_set_up,
              test_orgs_and_employers, fixture_tear_down);
  g_test_add ("/ud/cli/accounts", Fixture, NULL, fixture_set_up, test_accounts,
              fixture_tear_down);
  g_test_add ("/ud/cli/zh-cn", Fixture, NULL, fixture_set_up, test_chinese, fixture_tear_down);
  g_test_add ("/ud/cli/policy", Fixture, NULL, fixture_set_up, test_policy, fixture_tear_down);
  g_test_add ("/ud/cli/hardship-and-aid", Fixture, NULL, fixture_set_up, test_hardship_and_aid,
              fixture_tear_down);

  return g_test_run ();
}
