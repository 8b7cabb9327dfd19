/* tests/test-hardship.c — hardship files: computations at their edges, workflow, guards, IDs
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ud-error.h"
#include "ud-hardship-store.h"
#include "ud-hardship-store-private.h"
#include "ud-member-store.h"
#include "ud-policy.h"
#include "ud-test-util.h"

static gint64
count (UdDatabase *db,
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

static void
set_today (int year,
           int month,
           int day)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, day, month, year);
  ud_hardship_store_set_today (&today);
}

static gint64
add_member (UdDatabase *db,
            const char *name,
            const char *id_number)
{
  g_autoptr(UdMember) member = ud_test_member_new (db, name, id_number);
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_member_store_insert (db, ud_test_admin (db), member, &error));
  g_assert_no_error (error);
  return member->id;
}

static UdHouseholdMember *
person_new (const char *name,
            UdRelation  relation,
            const char *id_number,
            gint64      monthly_income_fen)
{
  UdHouseholdMember *person = ud_household_member_new ();

  person->name = g_strdup (name);
  person->relation = relation;
  person->id_number = g_strdup (id_number);
  person->monthly_income_fen = monthly_income_fen;
  return person;
}

static UdHardshipFile *
file_new (gint64 member_id)
{
  UdHardshipFile *file = ud_hardship_file_new ();

  file->member_id = member_id;
  file->main_cause = UD_HARDSHIP_CAUSE_MAJOR_ILLNESS;
  file->secondary_causes = 1u << UD_HARDSHIP_CAUSE_SCHOOLING;
  file->worker_monthly_income_fen = 150000;
  file->documents = 1u << UD_HARDSHIP_DOC_ID_CARD | 1u << UD_HARDSHIP_DOC_INCOME_PROOF;
  file->bank_account = g_strdup ("6222 0212 3456 7890 123");
  file->bank_name = g_strdup ("工商银行");
  return file;
}

/* Pure computations */

static void
test_per_capita (void)
{
  g_assert_cmpint (ud_hardship_per_capita_monthly (0, 1), ==, 0);
  g_assert_cmpint (ud_hardship_per_capita_monthly (35, 1), ==, 2);
  g_assert_cmpint (ud_hardship_per_capita_monthly (36, 1), ==, 3);
  /* 3 people × 12 months × 1000 fen, one fen short: rounded down. */
  g_assert_cmpint (ud_hardship_per_capita_monthly (36000 - 1, 3), ==, 999);
  g_assert_cmpint (ud_hardship_per_capita_monthly (36000, 3), ==, 1000);
  g_assert_cmpint (ud_hardship_per_capita_monthly (100, 3), ==, 2);
}

static void
test_annual_income (void)
{
  g_autoptr(UdHardshipFile) file = ud_hardship_file_new ();

  file->worker_monthly_income_fen = 100000;
  file->other_income_fen = 50;
  g_ptr_array_add (file->household, person_new ("李娜", UD_RELATION_SPOUSE, NULL, 20000));
  g_ptr_array_add (file->household, person_new ("王小明", UD_RELATION_CHILD, NULL, 0));
  g_assert_cmpint (ud_hardship_annual_income (file), ==, 120000 * 12 + 50);

  ud_hardship_file_compute (file, 106000, 8000);
  g_assert_cmpint (file->household_size, ==, 3);
  g_assert_cmpint (file->annual_income_fen, ==, 1440050);
  g_assert_cmpint (file->per_capita_monthly_fen, ==, 40001);
  g_assert_cmpint (file->dibao_monthly_fen, ==, 106000);
  g_assert_cmpint (file->proposed_category, ==, UD_HARDSHIP_CATEGORY_DEEP);
}

static void
test_category_edges (void)
{
  const gint64 dibao = 106000;

  g_assert_cmpint (ud_hardship_propose_category (dibao - 1, dibao, 0, 0, 8000), ==,
                   UD_HARDSHIP_CATEGORY_DEEP);
  /* Exactly 1× is relative, exactly 2× is not. */
  g_assert_cmpint (ud_hardship_propose_category (dibao, dibao, 0, 0, 8000), ==,
                   UD_HARDSHIP_CATEGORY_RELATIVE);
  g_assert_cmpint (ud_hardship_propose_category (2 * dibao - 1, dibao, 0, 0, 8000), ==,
                   UD_HARDSHIP_CATEGORY_RELATIVE);
  g_assert_cmpint (ud_hardship_propose_category (2 * dibao, dibao, 0, 10000000, 8000), ==,
                   UD_HARDSHIP_CATEGORY_NONE);

  /* Accident-caused: costs above 80% of the income; exactly 80% is not. */
  g_assert_cmpint (ud_hardship_propose_category (2 * dibao, dibao, 8000000, 10000000, 8000), ==,
                   UD_HARDSHIP_CATEGORY_NONE);
  g_assert_cmpint (ud_hardship_propose_category (2 * dibao, dibao, 8000001, 10000000, 8000), ==,
                   UD_HARDSHIP_CATEGORY_ACCIDENT);
  g_assert_cmpint (ud_hardship_propose_category (3 * dibao, dibao, 1, 0, 8000), ==,
                   UD_HARDSHIP_CATEGORY_ACCIDENT);
}

static void
test_causes (void)
{
  g_autoptr(GError) error = NULL;
  guint three = 1u << UD_HARDSHIP_CAUSE_LAID_OFF | 1u << UD_HARDSHIP_CAUSE_UNINSURED
                | 1u << UD_HARDSHIP_CAUSE_SCHOOLING;

  g_assert_true (ud_hardship_check_causes (UD_HARDSHIP_CAUSE_MAJOR_ILLNESS, 0, &error));
  g_assert_true (ud_hardship_check_causes (UD_HARDSHIP_CAUSE_MAJOR_ILLNESS, three, &error));
  g_assert_no_error (error);

  g_assert_false (ud_hardship_check_causes (UD_HARDSHIP_CAUSE_NONE, 0, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "main_cause");
  g_clear_error (&error);

  g_assert_false (ud_hardship_check_causes (UD_HARDSHIP_CAUSE_MAJOR_ILLNESS,
                                            three | 1u << UD_HARDSHIP_CAUSE_OTHER, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "secondary_causes");
  g_clear_error (&error);

  g_assert_false (ud_hardship_check_causes (UD_HARDSHIP_CAUSE_LAID_OFF, three, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "secondary_causes");
  g_clear_error (&error);

  g_assert_false (ud_hardship_check_causes (UD_HARDSHIP_CAUSE_LAID_OFF,
                                            1u << UD_HARDSHIP_CAUSE_NONE, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
}

static void
test_bank_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *twelve = NULL;
  g_autofree char *thirty = NULL;
  g_autoptr(UdHardshipFile) file = ud_hardship_file_new ();
  g_autofree char *masked = NULL;
  char *out = NULL;

  g_assert_true (ud_hardship_bank_account_parse ("6222 0212-3456 7890 123", &digits, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (digits, ==, "6222021234567890123");

  g_assert_true (ud_hardship_bank_account_parse ("123456789012", &twelve, &error));
  g_assert_true (ud_hardship_bank_account_parse ("123456789012345678901234567890", &thirty,
                                                 &error));
  g_assert_no_error (error);

  g_assert_false (ud_hardship_bank_account_parse ("12345678901", &out, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "bank_account");
  g_clear_error (&error);
  g_assert_false (ud_hardship_bank_account_parse ("1234567890123456789012345678901", &out,
                                                  &error));
  g_clear_error (&error);
  g_assert_false (ud_hardship_bank_account_parse ("6222O21234567890123", &out, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_null (out);

  file->bank_account = g_strdup (digits);
  masked = ud_hardship_file_dup_masked_bank_account (file);
  g_assert_cmpstr (masked, ==, "6222***********0123");
}

static void
test_validate_household (void)
{
  g_autoptr(UdHardshipFile) file = file_new (1);
  g_autofree char *worker = ud_test_make_id ("330102", "19800101", 11);
  g_autofree char *spouse = ud_test_make_id ("330102", "19820202", 22);
  g_autoptr(GError) error = NULL;

  file->worker_id_number = g_strdup (worker);
  g_ptr_array_add (file->household, person_new ("李娜", UD_RELATION_SPOUSE, spouse, 0));
  g_assert_true (ud_hardship_file_validate (file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (((UdHouseholdMember *) file->household->pdata[0])->birth_date, ==,
                   "1982-02-02");
  g_assert_cmpstr (file->bank_account, ==, "6222021234567890123");

  g_ptr_array_add (file->household, person_new ("李娜二", UD_RELATION_OTHER, spouse, 0));
  g_assert_false (ud_hardship_file_validate (file, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_assert_cmpstr (ud_error_get_field (error), ==, "household[1].id_number");
  g_clear_error (&error);

  g_ptr_array_remove_index (file->household, 1);
  g_ptr_array_add (file->household, person_new ("本人", UD_RELATION_OTHER, worker, 0));
  g_assert_false (ud_hardship_file_validate (file, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_clear_error (&error);

  g_ptr_array_remove_index (file->household, 1);
  g_ptr_array_add (file->household, person_new ("王小明", UD_RELATION_CHILD,
                                                "330102201001010010", 0));
  g_assert_false (ud_hardship_file_validate (file, NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "household[1].id_number");
  g_assert_nonnull (strstr (error->message, "王小明"));
}

/* The store */

typedef struct
{
  UdTestDb        *t;
  UdDatabase      *db;
  const UdAccount *admin;
  const UdAccount *clerk;
  const UdAccount *reviewer;
  const UdAccount *approver;
  char            *worker_id;
  char            *spouse_id;
  char            *child_id;
  gint64           worker;
  gint64           spouse;    /* also a member */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->t = ud_test_db_new ();
  f->db = f->t->db;
  f->admin = ud_test_admin (f->db);
  f->clerk = ud_test_account (f->db, "clerk", UD_ROLE_CLERK);
  f->reviewer = ud_test_account (f->db, "reviewer", UD_ROLE_REVIEWER);
  f->approver = ud_test_account (f->db, "approver", UD_ROLE_APPROVER);
  f->worker_id = ud_test_make_id ("330102", "19800101", 11);
  f->spouse_id = ud_test_make_id ("330102", "19820202", 22);
  f->child_id = ud_test_make_id ("330102", "20100303", 33);
  f->worker = add_member (f->db, "王强", f->worker_id);
  f->spouse = add_member (f->db, "李娜", f->spouse_id);
  set_today (2026, 3, 2);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ud_hardship_store_set_today (NULL);
  g_free (f->worker_id);
  g_free (f->spouse_id);
  g_free (f->child_id);
  ud_test_db_free (f->t);
}

/* A draft for the worker with spouse and child (3 people, 18,000 yuan a year: deep). */
static UdHardshipFile *
create_family_file (Fixture *f)
{
  UdHardshipFile *file = file_new (f->worker);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (file->household, person_new ("李娜", UD_RELATION_SPOUSE, f->spouse_id, 0));
  g_ptr_array_add (file->household, person_new ("王小明", UD_RELATION_CHILD, f->child_id, 0));
  g_assert_true (ud_hardship_store_create (f->db, f->clerk, file, &error));
  g_assert_no_error (error);
  return file;
}

static void
test_create_computes_and_records (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(UdHardshipFile) file = create_family_file (f);
  g_autoptr(UdHardshipFile) stored = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  g_assert_cmpint (file->id, >, 0);
  g_assert_cmpstr (file->file_number, ==, "KN2026-00001");
  stored = ud_hardship_store_get (f->db, file->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, UD_HARDSHIP_STATUS_DRAFT);
  g_assert_cmpstr (stored->worker_id_number, ==, f->worker_id);
  g_assert_cmpstr (stored->worker_name, ==, "王强");
  g_assert_cmpint (stored->household_size, ==, 3);
  g_assert_cmpint (stored->annual_income_fen, ==, 1800000);
  g_assert_cmpint (stored->per_capita_monthly_fen, ==, 50000);
  g_assert_cmpint (stored->dibao_monthly_fen, ==, 106000);
  g_assert_cmpint (stored->proposed_category, ==, UD_HARDSHIP_CATEGORY_DEEP);
  g_assert_cmpint (stored->category, ==, UD_HARDSHIP_CATEGORY_NONE);
  g_assert_cmpuint (stored->secondary_causes, ==, 1u << UD_HARDSHIP_CAUSE_SCHOOLING);
  g_assert_cmpuint (stored->documents, ==, file->documents);
  g_assert_cmpstr (stored->bank_account, ==, "6222021234567890123");
  g_assert_cmpuint (stored->household->len, ==, 2);
  g_assert_cmpstr (((UdHouseholdMember *) stored->household->pdata[1])->birth_date, ==,
                   "2010-03-03");
  g_assert_cmpint (stored->created_by, ==, f->clerk->id);

  snapshot = json_from_string (stored->policy_snapshot, &error);
  g_assert_no_error (error);
  g_assert_true (ud_policy_snapshot_get (json_node_get_object (snapshot),
                                         UD_POLICY_DIBAO_MONTHLY, &value));
  g_assert_cmpint (value, ==, 106000);

  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE entity = 'hardship_file'"),
                   ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE entity = "
                                 "'household_member'"), ==, 2);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM audit_entry WHERE entity = "
                                 "'hardship_file' AND action = 'create'"), ==, 1);
  history = ud_hardship_store_history (f->db, file->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);

  /* Only a clerk opens files. */
  {
    g_autoptr(UdHardshipFile) other = file_new (f->spouse);

    g_assert_false (ud_hardship_store_create (f->db, f->reviewer, other, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
    g_assert_cmpint (other->id, ==, 0);
  }
}

static void
test_workflow (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(UdHardshipFile) file = create_family_file (f);
  g_autoptr(UdHardshipFile) stored = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = file->id;

  /* Wrong steps and wrong roles. */
  g_assert_false (ud_hardship_store_start_verification (f->db, f->reviewer, id, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_false (ud_hardship_store_submit (f->db, f->reviewer, id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_true (ud_hardship_store_submit (f->db, f->clerk, id, "情况属实", &error));
  g_assert_no_error (error);
  g_assert_false (ud_hardship_store_start_verification (f->db, f->clerk, id, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (ud_hardship_store_start_verification (f->db, f->reviewer, id, &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_publicise (f->db, f->reviewer, id, "2026-03-02", &error));
  g_assert_no_error (error);

  stored = ud_hardship_store_get (f->db, id, &error);
  g_assert_cmpint (stored->status, ==, UD_HARDSHIP_STATUS_PUBLICISED);
  g_assert_cmpstr (stored->publicity_start, ==, "2026-03-02");
  g_assert_cmpint (stored->publicity_days, ==, 5);
  g_clear_pointer (&stored, ud_hardship_file_free);

  /* Publicity 2026-03-02 … 03-06: not before 03-07. */
  set_today (2026, 3, 6);
  g_assert_false (ud_hardship_store_review (f->db, f->reviewer, id, UD_HARDSHIP_CATEGORY_DEEP,
                                            NULL, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_assert_nonnull (strstr (error->message, "2026-03-07"));
  g_clear_error (&error);

  set_today (2026, 3, 7);
  /* Overriding the proposal needs a reason; "none" is refused. */
  g_assert_false (ud_hardship_store_review (f->db, f->reviewer, id,
                                            UD_HARDSHIP_CATEGORY_RELATIVE, "  ", NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "category_reason");
  g_clear_error (&error);
  g_assert_false (ud_hardship_store_review (f->db, f->reviewer, id, UD_HARDSHIP_CATEGORY_NONE,
                                            "x", NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "category");
  g_clear_error (&error);
  g_assert_true (ud_hardship_store_review (f->db, f->reviewer, id, UD_HARDSHIP_CATEGORY_RELATIVE,
                                           "妻子有未申报的收入", "核实无误", &error));
  g_assert_no_error (error);

  /* A clerk cannot approve; nor can the approver who entered the file. */
  g_assert_false (ud_hardship_store_approve (f->db, f->clerk, id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Rejection without a reason is refused. */
  g_assert_false (ud_hardship_store_reject (f->db, f->approver, id, "", &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "reason");
  g_clear_error (&error);

  g_assert_true (ud_hardship_store_approve (f->db, f->approver, id, "同意", &error));
  g_assert_no_error (error);
  stored = ud_hardship_store_get (f->db, id, &error);
  g_assert_cmpint (stored->status, ==, UD_HARDSHIP_STATUS_ACTIVE);
  g_assert_cmpint (stored->category, ==, UD_HARDSHIP_CATEGORY_RELATIVE);
  g_assert_cmpstr (stored->category_reason, ==, "妻子有未申报的收入");
  g_assert_cmpint (stored->review_year, ==, 2026);
  g_assert_cmpstr (stored->filed_date, ==, "2026-03-07");
  g_assert_cmpint (stored->approved_by, ==, f->approver->id);
  g_assert_cmpint (stored->reviewed_by, ==, f->reviewer->id);

  /* A filed file is not edited directly. */
  g_assert_false (ud_hardship_store_update (f->db, f->clerk, stored, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  history = ud_hardship_store_history (f->db, id, &error);
  g_assert_cmpuint (history->len, ==, 6);
  g_assert_cmpstr (((UdHardshipEvent *) history->pdata[4])->reason, ==, "妻子有未申报的收入");
  g_assert_cmpint (((UdHardshipEvent *) history->pdata[5])->to_status, ==,
                   UD_HARDSHIP_STATUS_ACTIVE);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM audit_entry WHERE entity = "
                                 "'hardship_file'"), ==, 6);
  /* The outbox keeps one pending row per record, replaced by each newer version. */
  g_assert_cmpint (count (f->db, "SELECT max(version) FROM outbox WHERE entity = "
                                 "'hardship_file'"), ==, 6);
}

static void
test_approver_never_own (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(UdHardshipFile) file = file_new (f->worker);
  g_autoptr(GError) error = NULL;
  const UdAccount *both = ud_test_account (f->db, "both", UD_ROLE_CLERK | UD_ROLE_APPROVER);

  g_assert_true (ud_hardship_store_create (f->db, both, file, &error));
  g_assert_true (ud_hardship_store_submit (f->db, both, file->id, NULL, &error));
  g_assert_true (ud_hardship_store_start_verification (f->db, f->reviewer, file->id, &error));
  g_assert_true (ud_hardship_store_publicise (f->db, f->reviewer, file->id, NULL, &error));
  set_today (2026, 3, 7);
  g_assert_true (ud_hardship_store_review (f->db, f->reviewer, file->id,
                                           UD_HARDSHIP_CATEGORY_RELATIVE, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (ud_hardship_store_approve (f->db, both, file->id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (ud_hardship_store_approve (f->db, f->approver, file->id, NULL, &error));
  g_assert_no_error (error);
}

static void
test_return_edit_resubmit (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(UdHardshipFile) file = create_family_file (f);
  g_autoptr(UdHardshipFile) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_hardship_store_submit (f->db, f->clerk, file->id, NULL, &error));
  g_assert_false (ud_hardship_store_return (f->db, f->reviewer, file->id, NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "reason");
  g_clear_error (&error);
  g_assert_true (ud_hardship_store_return (f->db, f->reviewer, file->id, "缺少收入证明",
                                           &error));
  g_assert_no_error (error);

  stored = ud_hardship_store_get (f->db, file->id, &error);
  g_assert_cmpint (stored->status, ==, UD_HARDSHIP_STATUS_RETURNED);
  g_assert_cmpstr (stored->status_reason, ==, "缺少收入证明");

  /* The clerk corrects: the spouse found work, the child is dropped, a parent added. */
  ((UdHouseholdMember *) stored->household->pdata[0])->monthly_income_fen = 300000;
  g_ptr_array_remove_index (stored->household, 1);
  g_ptr_array_add (stored->household, person_new ("王父", UD_RELATION_PARENT, NULL, 0));
  g_assert_true (ud_hardship_store_update (f->db, f->clerk, stored, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stored, ud_hardship_file_free);

  stored = ud_hardship_store_get (f->db, file->id, &error);
  g_assert_cmpuint (stored->household->len, ==, 2);
  g_assert_cmpint (stored->annual_income_fen, ==, 450000 * 12);
  g_assert_cmpint (stored->per_capita_monthly_fen, ==, 150000);
  g_assert_cmpint (stored->proposed_category, ==, UD_HARDSHIP_CATEGORY_RELATIVE);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM outbox WHERE entity = "
                                 "'household_member' AND op = 'delete'"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM household_member"), ==, 2);

  /* A stale copy is refused. */
  file->version = 1;
  g_assert_false (ud_hardship_store_update (f->db, f->clerk, file, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (ud_hardship_store_submit (f->db, f->clerk, file->id, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stored, ud_hardship_file_free);
  stored = ud_hardship_store_get (f->db, file->id, &error);
  g_assert_cmpint (stored->status, ==, UD_HARDSHIP_STATUS_SUBMITTED);
  g_assert_null (stored->status_reason);
}

static void
test_id_in_other_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(UdHardshipFile) first = create_family_file (f);
  g_autoptr(UdHardshipFile) spouse_file = file_new (f->spouse);
  g_autoptr(UdHardshipFile) other = NULL;
  g_autoptr(UdHardshipFile) found = NULL;
  g_autofree char *third_id = ud_test_make_id ("330102", "19750505", 55);
  gint64 third = add_member (f->db, "赵敏", third_id);
  g_autoptr(GError) error = NULL;

  /* The spouse, a household member of the first file, cannot have a file of her own. */
  g_assert_false (ud_hardship_store_create (f->db, f->clerk, spouse_file, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "KN2026-00001"));
  g_assert_nonnull (strstr (error->message, "王强"));
  g_assert_null (strstr (error->message, f->spouse_id));
  g_assert_nonnull (strstr (error->message, "3301**********"));
  g_clear_error (&error);

  /* Nor can the worker appear as a household member of another file. */
  other = file_new (third);
  g_ptr_array_add (other->household, person_new ("王强", UD_RELATION_SPOUSE, f->worker_id, 0));
  g_assert_false (ud_hardship_store_create (f->db, f->clerk, other, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_assert_cmpstr (ud_error_get_field (error), ==, "household[0].id_number");
  g_assert_nonnull (strstr (error->message, "KN2026-00001"));
  g_clear_error (&error);

  /* Nor can a second file be opened for the worker. */
  g_clear_pointer (&other, ud_hardship_file_free);
  other = file_new (f->worker);
  g_assert_false (ud_hardship_store_create (f->db, f->clerk, other, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_assert_cmpstr (ud_error_get_field (error), ==, "member_id");
  g_clear_error (&error);

  found = ud_hardship_store_find_live (f->db, f->child_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, first->id);

  /* A rejected file frees its IDs. */
  g_assert_true (ud_hardship_store_reject (f->db, f->reviewer, first->id, "不符合条件", &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_create (f->db, f->clerk, spouse_file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (spouse_file->file_number, ==, "KN2026-00002");
}

static void
test_annual_review_exit_reopen (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(UdHardshipFile) file = create_family_file (f);
  g_autoptr(UdHardshipFile) spouse_file = NULL;
  g_autoptr(UdHardshipFile) stored = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = file->id;

  g_assert_true (ud_hardship_store_submit (f->db, f->clerk, id, NULL, &error));
  g_assert_true (ud_hardship_store_start_verification (f->db, f->reviewer, id, &error));
  g_assert_true (ud_hardship_store_publicise (f->db, f->reviewer, id, NULL, &error));
  set_today (2026, 3, 9);
  g_assert_true (ud_hardship_store_review (f->db, f->reviewer, id, UD_HARDSHIP_CATEGORY_DEEP,
                                           NULL, NULL, &error));
  g_assert_true (ud_hardship_store_approve (f->db, f->approver, id, NULL, &error));
  g_assert_no_error (error);

  due = ud_hardship_store_queue (f->db, UD_HARDSHIP_QUEUE_ANNUAL_REVIEW_DUE, NULL, 0, &error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);

  set_today (2027, 1, 10);
  due = ud_hardship_store_queue (f->db, UD_HARDSHIP_QUEUE_ANNUAL_REVIEW_DUE, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_true (g_str_has_prefix (((UdHardshipFileRow *) due->pdata[0])->worker_id_masked,
                                   "3301**********"));
  g_assert_cmpstr (((UdHardshipFileRow *) due->pdata[0])->bank_account_masked, ==,
                   "6222***********0123");

  g_assert_true (ud_hardship_store_start_annual_review (f->db, f->clerk, id, &error));
  g_assert_no_error (error);

  /* Reclassifying needs a reason and a new category. */
  g_assert_false (ud_hardship_store_conclude_annual_review (f->db, f->reviewer, id,
                                                            UD_ANNUAL_REVIEW_RECLASSIFY,
                                                            UD_HARDSHIP_CATEGORY_RELATIVE,
                                                            UD_HARDSHIP_EXIT_NONE, NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "reason");
  g_clear_error (&error);
  g_assert_true (ud_hardship_store_conclude_annual_review (f->db, f->reviewer, id,
                                                           UD_ANNUAL_REVIEW_RECLASSIFY,
                                                           UD_HARDSHIP_CATEGORY_RELATIVE,
                                                           UD_HARDSHIP_EXIT_NONE, "收入增加",
                                                           &error));
  g_assert_no_error (error);
  stored = ud_hardship_store_get (f->db, id, &error);
  g_assert_cmpint (stored->status, ==, UD_HARDSHIP_STATUS_ACTIVE);
  g_assert_cmpint (stored->category, ==, UD_HARDSHIP_CATEGORY_RELATIVE);
  g_assert_cmpint (stored->review_year, ==, 2027);
  g_clear_pointer (&stored, ud_hardship_file_free);

  /* Exit needs a reason from the list. */
  g_assert_false (ud_hardship_store_exit (f->db, f->reviewer, id, UD_HARDSHIP_EXIT_NONE, "x",
                                          &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "exit_reason");
  g_clear_error (&error);
  g_assert_true (ud_hardship_store_exit (f->db, f->reviewer, id, UD_HARDSHIP_EXIT_OUT_OF_HARDSHIP,
                                         "夫妻均已就业", &error));
  g_assert_no_error (error);

  /* The exited file frees the spouse's ID … */
  spouse_file = file_new (f->spouse);
  g_assert_true (ud_hardship_store_create (f->db, f->clerk, spouse_file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (spouse_file->file_number, ==, "KN2027-00001");

  /* … so the old file cannot be reopened while she holds a live file. */
  g_assert_false (ud_hardship_store_reopen (f->db, f->clerk, id, "再次因病致困", &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "KN2027-00001"));
  g_clear_error (&error);

  g_assert_true (ud_hardship_store_reject (f->db, f->reviewer, spouse_file->id, "重复申请",
                                           &error));
  g_assert_false (ud_hardship_store_reopen (f->db, f->clerk, id, NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "reason");
  g_clear_error (&error);
  g_assert_true (ud_hardship_store_reopen (f->db, f->clerk, id, "再次因病致困", &error));
  g_assert_no_error (error);
  stored = ud_hardship_store_get (f->db, id, &error);
  g_assert_cmpint (stored->status, ==, UD_HARDSHIP_STATUS_DRAFT);
  g_assert_cmpint (stored->exit_reason, ==, UD_HARDSHIP_EXIT_NONE);
}

static void
test_policy_change_mid_year (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(UdHardshipFile) file = create_family_file (f);
  g_autoptr(UdHardshipFile) stored = NULL;
  g_autofree char *snapshot = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_policy_set (f->db, f->admin, UD_POLICY_DIBAO_MONTHLY, "", 120000,
                                "2026-07-01", NULL, &error));
  g_assert_no_error (error);

  stored = ud_hardship_store_get (f->db, file->id, &error);
  g_assert_cmpint (stored->dibao_monthly_fen, ==, 106000);
  snapshot = g_strdup (stored->policy_snapshot);
  g_assert_nonnull (strstr (snapshot, "106000"));

  /* An edit after the change uses the standard in force then. */
  set_today (2026, 7, 1);
  g_assert_true (ud_hardship_store_update (f->db, f->clerk, stored, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stored, ud_hardship_file_free);
  stored = ud_hardship_store_get (f->db, file->id, &error);
  g_assert_cmpint (stored->dibao_monthly_fen, ==, 120000);
  g_assert_nonnull (strstr (stored->policy_snapshot, "2026-07-01"));
}

static void
test_queues (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(UdHardshipFile) a = create_family_file (f);
  g_autoptr(UdHardshipFile) b = file_new (f->spouse);
  g_autofree char *third_id = ud_test_make_id ("330102", "19750505", 55);
  g_autoptr(UdHardshipFile) c = file_new (add_member (f->db, "赵敏", third_id));
  g_autoptr(GError) error = NULL;
  GDate on;
  struct
  {
    UdHardshipQueue queue;
    int             day;
    int             within;
    guint           expected;
  } cases[] = {
    { UD_HARDSHIP_QUEUE_CLERK, 2, 0, 1 },          /* b is a draft */
    { UD_HARDSHIP_QUEUE_REVIEWER, 2, 0, 1 },       /* c submitted; a in publicity */
    { UD_HARDSHIP_QUEUE_APPROVER, 2, 0, 0 },
    { UD_HARDSHIP_QUEUE_PUBLICITY_ENDING, 2, 3, 0 },  /* last day 03-06 */
    { UD_HARDSHIP_QUEUE_PUBLICITY_ENDING, 3, 3, 1 },
    { UD_HARDSHIP_QUEUE_PUBLICITY_ENDING, 6, 0, 1 },
    { UD_HARDSHIP_QUEUE_PUBLICITY_ENDING, 7, 3, 0 },
    { UD_HARDSHIP_QUEUE_REVIEWER, 7, 0, 2 },       /* a's publicity is over */
  };

  g_ptr_array_add (b->household, person_new ("other", UD_RELATION_CHILD, NULL, 0));
  g_assert_true (ud_hardship_store_submit (f->db, f->clerk, a->id, NULL, &error));
  g_assert_true (ud_hardship_store_start_verification (f->db, f->reviewer, a->id, &error));
  g_assert_true (ud_hardship_store_publicise (f->db, f->reviewer, a->id, "2026-03-02", &error));
  g_assert_no_error (error);
  /* b: the spouse is in a's household, so b is for someone else: reuse c's worker for c. */
  g_assert_true (ud_hardship_store_create (f->db, f->clerk, c, &error));
  g_assert_true (ud_hardship_store_submit (f->db, f->clerk, c->id, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *fourth_id = ud_test_make_id ("330102", "19700707", 77);

    b->member_id = add_member (f->db, "钱七", fourth_id);
    g_assert_true (ud_hardship_store_create (f->db, f->clerk, b, &error));
    g_assert_no_error (error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) rows = NULL;

      g_date_clear (&on, 1);
      g_date_set_dmy (&on, cases[i].day, 3, 2026);
      rows = ud_hardship_store_queue (f->db, cases[i].queue, &on, cases[i].within, &error);
      g_assert_no_error (error);
      if (rows->len != cases[i].expected)
        g_error ("case %u: %u rows, expected %u", i, rows->len, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ud/hardship/per-capita", test_per_capita);
  g_test_add_func ("/ud/hardship/annual-income", test_annual_income);
  g_test_add_func ("/ud/hardship/category-edges", test_category_edges);
  g_test_add_func ("/ud/hardship/causes", test_causes);
  g_test_add_func ("/ud/hardship/bank-account", test_bank_account);
  g_test_add_func ("/ud/hardship/validate-household", test_validate_household);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ud/hardship/store/create", test_create_computes_and_records);
  ADD ("/ud/hardship/store/workflow", test_workflow);
  ADD ("/ud/hardship/store/approver-never-own", test_approver_never_own);
  ADD ("/ud/hardship/store/return-edit-resubmit", test_return_edit_resubmit);
  ADD ("/ud/hardship/store/id-in-other-file", test_id_in_other_file);
  ADD ("/ud/hardship/store/annual-review-exit-reopen", test_annual_review_exit_reopen);
  ADD ("/ud/hardship/store/policy-change-mid-year", test_policy_change_mid_year);
  ADD ("/ud/hardship/store/queues", test_queues);
#undef ADD

  return g_test_run ();
}
