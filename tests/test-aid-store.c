/* tests/test-aid-store.c — aid applications and medical claims: rules through the store at
 * their edges, workflow, guards, batches, policy snapshots, outbox and audit
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ud-aid-store.h"
#include "ud-payout-store.h"
#include "ud-aid-store-private.h"
#include "ud-error.h"
#include "ud-hardship-store.h"
#include "ud-hardship-store-private.h"
#include "ud-member-store.h"
#include "ud-policy.h"
#include "ud-statistics.h"
#include "ud-test-util.h"

typedef struct
{
  UdTestDb        *t;
  UdDatabase      *db;
  const UdAccount *admin;
  const UdAccount *clerk;
  const UdAccount *reviewer;
  const UdAccount *approver;
  const UdAccount *treasurer;
  char            *worker_id;
  char            *spouse_id;
  char            *child_id;
  gint64           worker;
  gint64           file_id;   /* the worker's filed household: worker, spouse, child */
} Fixture;

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
  ud_aid_store_set_today (&today);
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
            const char *id_number)
{
  UdHouseholdMember *person = ud_household_member_new ();

  person->name = g_strdup (name);
  person->relation = relation;
  person->id_number = g_strdup (id_number);
  return person;
}

/* A filed hardship file for @member_id (income low enough for deep hardship), reviewed as
 * @category; today ends as 2026-03-10. */
static gint64
filed_file (Fixture            *f,
            gint64              member_id,
            GPtrArray          *household,
            UdHardshipCategory  category)
{
  g_autoptr(UdHardshipFile) file = ud_hardship_file_new ();
  g_autoptr(GError) error = NULL;

  set_today (2026, 3, 2);
  file->member_id = member_id;
  file->main_cause = UD_HARDSHIP_CAUSE_MAJOR_ILLNESS;
  file->worker_monthly_income_fen = 50000;
  file->bank_account = g_strdup ("6222021234567890123");
  for (guint i = 0; household != NULL && i < household->len; i++)
    g_ptr_array_add (file->household, ud_household_member_copy (household->pdata[i]));
  g_assert_true (ud_hardship_store_create (f->db, f->clerk, file, &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_submit (f->db, f->clerk, file->id, NULL, &error));
  g_assert_true (ud_hardship_store_start_verification (f->db, f->reviewer, file->id, &error));
  g_assert_true (ud_hardship_store_publicise (f->db, f->reviewer, file->id, NULL, &error));
  g_assert_no_error (error);
  set_today (2026, 3, 7);
  g_assert_true (ud_hardship_store_review (f->db, f->reviewer, file->id, category,
                                           category != UD_HARDSHIP_CATEGORY_DEEP ? "核实" : NULL,
                                           NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ud_hardship_store_approve (f->db, f->approver, file->id, NULL, &error));
  g_assert_no_error (error);
  set_today (2026, 3, 10);
  return file->id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) household = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ud_household_member_free);
  UdHardshipCategory category = GPOINTER_TO_INT (data) ? UD_HARDSHIP_CATEGORY_RELATIVE
                                                       : UD_HARDSHIP_CATEGORY_DEEP;

  f->t = ud_test_db_new ();
  f->db = f->t->db;
  f->admin = ud_test_admin (f->db);
  f->clerk = ud_test_account (f->db, "clerk", UD_ROLE_CLERK);
  f->reviewer = ud_test_account (f->db, "reviewer", UD_ROLE_REVIEWER);
  f->approver = ud_test_account (f->db, "approver", UD_ROLE_APPROVER);
  f->treasurer = ud_test_account (f->db, "treasurer", UD_ROLE_TREASURER);
  f->worker_id = ud_test_make_id ("330102", "19800101", 11);
  f->spouse_id = ud_test_make_id ("330102", "19820202", 22);
  f->child_id = ud_test_make_id ("330102", "20100303", 33);
  f->worker = add_member (f->db, "王强", f->worker_id);
  g_ptr_array_add (household, person_new ("李娜", UD_RELATION_SPOUSE, f->spouse_id));
  g_ptr_array_add (household, person_new ("王小明", UD_RELATION_CHILD, f->child_id));
  f->file_id = filed_file (f, f->worker, household, category);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ud_hardship_store_set_today (NULL);
  ud_aid_store_set_today (NULL);
  g_free (f->worker_id);
  g_free (f->spouse_id);
  g_free (f->child_id);
  ud_test_db_free (f->t);
}

static UdMedicalClaim *
claim_new (const char *patient_id,
           gint64      total,
           gint64      basic)
{
  UdMedicalClaim *claim = ud_medical_claim_new ();

  claim->patient_name = g_strdup ("王强");
  claim->patient_id_number = g_strdup (patient_id);
  claim->diagnosis = g_strdup ("肺炎");
  claim->hospital = g_strdup ("浙江省人民医院");
  claim->kind = UD_MEDICAL_KIND_INPATIENT;
  claim->admitted_date = g_strdup ("2026-02-01");
  claim->discharged_date = g_strdup ("2026-02-10");
  claim->total_fen = total;
  claim->basic_insurance_fen = basic;
  return claim;
}

/* A medical application with one claim of @out_of_pocket, created and submitted. */
static gint64
medical_submitted (Fixture *f,
                   gint64   out_of_pocket)
{
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_MEDICAL);
  g_autoptr(GError) error = NULL;

  app->file_id = f->file_id;
  g_ptr_array_add (app->claims, claim_new (f->worker_id, out_of_pocket + 100000, 100000));
  g_assert_true (ud_aid_store_create (f->db, f->clerk, app, &error));
  g_assert_no_error (error);
  g_assert_true (ud_aid_store_submit (f->db, f->clerk, app->id, &error));
  g_assert_no_error (error);
  return app->id;
}

/* Reviews (and approves at the recommendation) and returns the amount computed. */
static gint64
review (Fixture *f,
        gint64   id)
{
  g_autoptr(UdAidApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_aid_store_review (f->db, f->reviewer, id, NULL, &error));
  g_assert_no_error (error);
  app = ud_aid_store_get (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (app->approved_fen, ==, app->computed_fen);
  return app->computed_fen;
}

static void
approve (Fixture *f,
         gint64   id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_aid_store_approve (f->db, f->approver, id, -1, NULL, &error));
  g_assert_no_error (error);
}

/* Relative hardship: threshold 2,000 yuan, 50%, 20,000 yuan a year. */
static void
test_medical_edges (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(UdAidApplication) app = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a, b, c, d, e;

  /* Exactly 2,000.00 yuan cumulative: nothing, but approved with 0 it counts for the year. */
  a = medical_submitted (f, 200000);
  g_assert_cmpint (review (f, a), ==, 0);
  app = ud_aid_store_get (f->db, a, &error);
  g_assert_cmpint (app->outcome, ==, UD_AID_OUTCOME_NONE);
  g_assert_cmpint (((UdMedicalClaim *) app->claims->pdata[0])->out_of_pocket_fen, ==, 200000);
  g_assert_cmpint (((UdMedicalClaim *) app->claims->pdata[0])->patient_relation, ==,
                   UD_PATIENT_WORKER);
  lines = ud_aid_application_explain (app, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, >, 3);
  approve (f, a);

  /* One fen above: the next 100 yuan give 50 yuan. */
  b = medical_submitted (f, 10000);
  g_assert_cmpint (review (f, b), ==, 5000);
  approve (f, b);

  /* 30,000 yuan more: 15,000 yuan, 15,050 in the year. */
  c = medical_submitted (f, 3000000);
  g_assert_cmpint (review (f, c), ==, 1500000);
  approve (f, c);

  /* 20,000 yuan more would give 10,000; the cap leaves 4,950. */
  d = medical_submitted (f, 2000000);
  g_assert_cmpint (review (f, d), ==, 495000);
  g_clear_pointer (&app, ud_aid_application_free);
  app = ud_aid_store_get (f->db, d, &error);
  g_assert_cmpint (app->outcome, ==, UD_AID_OUTCOME_CAPPED);
  approve (f, d);

  /* After the cap: nothing. */
  e = medical_submitted (f, 500000);
  g_assert_cmpint (review (f, e), ==, 0);

  g_assert_cmpint (count (f->db, "SELECT sum (approved_fen) FROM aid_application"
                                 " WHERE granted = 1"), ==, 2000000);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM outbox WHERE entity ="
                                 " 'medical_claim'"), ==, 5);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM outbox WHERE entity ="
                                 " 'aid_application'"), ==, 5);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM audit_entry WHERE entity ="
                                 " 'aid_application' AND action = 'approve'"), ==, 4);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM audit_entry WHERE entity ="
                                 " 'medical_claim'"), ==, 5);
}

/* Two parallel applications: the second one approved must be reviewed again. */
static void
test_medical_review_order (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = medical_submitted (f, 300000);
  gint64 b = medical_submitted (f, 300000);

  g_assert_cmpint (review (f, a), ==, 50000);
  g_assert_cmpint (review (f, b), ==, 50000);
  approve (f, a);
  g_assert_false (ud_aid_store_approve (f->db, f->approver, b, -1, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (ud_aid_store_return (f->db, f->reviewer, b, "重新审核", &error));
  g_assert_true (ud_aid_store_submit (f->db, f->clerk, b, &error));
  g_assert_no_error (error);
  /* 6,000 in the year: 4,000 above, 2,000 in all, 500 already. */
  g_assert_cmpint (review (f, b), ==, 150000);
  approve (f, b);
}

static void
test_claims (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_MEDICAL);
  g_autoptr(UdMedicalClaim) claim = NULL;
  g_autoptr(UdAidApplication) stored = NULL;
  g_autofree char *stranger = ud_test_make_id ("330102", "19900909", 99);
  g_autoptr(GError) error = NULL;

  app->file_id = f->file_id;
  g_assert_true (ud_aid_store_create (f->db, f->clerk, app, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (app->number, ==, "JZ2026-00001");

  /* Submitting without a claim is refused. */
  g_assert_false (ud_aid_store_submit (f->db, f->clerk, app->id, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "claims");
  g_clear_error (&error);

  /* Payers above the total. */
  claim = claim_new (f->spouse_id, 100000, 60000);
  claim->employer_fen = 40001;
  g_assert_false (ud_aid_store_add_claim (f->db, f->clerk, app->id, claim, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
  g_assert_cmpstr (ud_error_get_field (error), ==, "total");
  g_clear_error (&error);
  g_assert_cmpint (claim->id, ==, 0);

  /* A patient outside the household. */
  claim->employer_fen = 40000;
  g_free (claim->patient_id_number);
  claim->patient_id_number = g_strdup (stranger);
  g_assert_false (ud_aid_store_add_claim (f->db, f->clerk, app->id, claim, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "patient_id_number");
  g_clear_error (&error);

  /* Outside the year. */
  g_free (claim->patient_id_number);
  claim->patient_id_number = g_strdup (f->spouse_id);
  g_free (claim->discharged_date);
  claim->discharged_date = g_strdup ("2027-01-02");
  g_assert_false (ud_aid_store_add_claim (f->db, f->clerk, app->id, claim, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "discharged_date");
  g_clear_error (&error);

  g_free (claim->discharged_date);
  claim->discharged_date = g_strdup ("2026-02-03");
  g_assert_true (ud_aid_store_add_claim (f->db, f->clerk, app->id, claim, &error));
  g_assert_no_error (error);
  g_assert_cmpint (claim->out_of_pocket_fen, ==, 0);
  g_assert_cmpint (claim->patient_relation, ==, UD_PATIENT_SPOUSE);

  claim->employer_fen = 0;
  g_assert_true (ud_aid_store_update_claim (f->db, f->clerk, claim, &error));
  g_assert_no_error (error);
  g_assert_cmpint (claim->out_of_pocket_fen, ==, 40000);

  /* A treasurer changes no amounts. */
  g_assert_false (ud_aid_store_update_claim (f->db, f->treasurer, claim, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  stored = ud_aid_store_get (f->db, app->id, &error);
  g_assert_cmpuint (stored->claims->len, ==, 1);
  g_assert_cmpint (((UdMedicalClaim *) stored->claims->pdata[0])->out_of_pocket_fen, ==, 40000);

  g_assert_true (ud_aid_store_remove_claim (f->db, f->clerk, claim->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM medical_claim"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM outbox WHERE entity = 'medical_claim'"
                                 " AND op = 'delete'"), ==, 1);
}

static gint64
education_submitted (Fixture  *f,
                     gboolean  aided_elsewhere)
{
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_EDUCATION);
  g_autoptr(GError) error = NULL;

  app->file_id = f->file_id;
  app->child_name = g_strdup ("王小明");
  app->child_id_number = g_strdup (f->child_id);
  app->school = g_strdup ("杭州第二中学");
  app->school_level = UD_SCHOOL_LEVEL_HIGH_SCHOOL;
  app->admission_year = 2025;
  app->fees_fen = 250000;
  app->aided_elsewhere = aided_elsewhere;
  g_assert_true (ud_aid_store_create (f->db, f->clerk, app, &error));
  g_assert_no_error (error);
  g_assert_true (ud_aid_store_submit (f->db, f->clerk, app->id, &error));
  g_assert_no_error (error);
  return app->id;
}

/* Deep hardship: high school 4,000 yuan. */
static void
test_education (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(UdAidApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  gint64 elsewhere, first, second;

  elsewhere = education_submitted (f, TRUE);
  g_assert_cmpint (review (f, elsewhere), ==, 0);
  app = ud_aid_store_get (f->db, elsewhere, &error);
  g_assert_cmpint (app->outcome, ==, UD_AID_OUTCOME_REFUSED);
  g_assert_false (ud_aid_store_approve (f->db, f->approver, elsewhere, -1, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  /* Rejection without a reason is refused. */
  g_assert_false (ud_aid_store_reject (f->db, f->reviewer, elsewhere, "  ", &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "reason");
  g_clear_error (&error);
  g_assert_true (ud_aid_store_reject (f->db, f->reviewer, elsewhere, "已获其他机构资助",
                                      &error));
  g_assert_no_error (error);

  first = education_submitted (f, FALSE);
  g_assert_cmpint (review (f, first), ==, 400000);
  approve (f, first);

  /* The same child twice in a year. */
  second = education_submitted (f, FALSE);
  g_assert_cmpint (review (f, second), ==, 0);
  g_clear_pointer (&app, ud_aid_application_free);
  app = ud_aid_store_get (f->db, second, &error);
  g_assert_cmpint (app->outcome, ==, UD_AID_OUTCOME_REFUSED);
  g_assert_true (ud_aid_store_return (f->db, f->approver, second, "重复申请", &error));
  g_assert_no_error (error);
}

static gint64
temporary_submitted (Fixture *f,
                     gint64   requested)
{
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_TEMPORARY);
  g_autoptr(GError) error = NULL;

  app->member_id = f->worker;
  app->requested_fen = requested;
  g_assert_true (ud_aid_store_create (f->db, f->clerk, app, &error));
  g_assert_no_error (error);
  g_assert_true (ud_aid_store_submit (f->db, f->clerk, app->id, &error));
  g_assert_no_error (error);
  return app->id;
}

/* At most 3,000 yuan a person a year, across applications. */
static void
test_temporary_cap (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a, b, c;

  a = temporary_submitted (f, 200000);
  g_assert_cmpint (review (f, a), ==, 200000);
  /* The approver may lower with a reason, never raise. */
  g_assert_false (ud_aid_store_approve (f->db, f->approver, a, 200001, NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "approved_fen");
  g_clear_error (&error);
  g_assert_false (ud_aid_store_approve (f->db, f->approver, a, 150000, NULL, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "reason");
  g_clear_error (&error);
  g_assert_true (ud_aid_store_approve (f->db, f->approver, a, 150000, "部分费用已报销",
                                       &error));
  g_assert_no_error (error);

  b = temporary_submitted (f, 200000);
  g_assert_cmpint (review (f, b), ==, 150000);
  approve (f, b);

  c = temporary_submitted (f, 10000);
  g_assert_cmpint (review (f, c), ==, 0);

  /* The treasurer pays; never approves nor changes amounts. */
  g_assert_false (ud_aid_store_approve (f->db, f->treasurer, c, 0, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  /* The approval made the payout line the treasurer pays: the approved amount, never more. */
  {
    g_autoptr(UdPayout) payout = ud_payout_store_get_for_source (f->db, UD_PAYOUT_SOURCE_AID, a,
                                                                 &error);
    g_autoptr(UdPayout) none = ud_payout_store_get_for_source (f->db, UD_PAYOUT_SOURCE_AID, c,
                                                               &error);
    gint64 batch_id = 0;

    g_assert_no_error (error);
    g_assert_nonnull (payout);
    g_assert_null (none);  /* approved nothing: nothing to pay */
    g_assert_cmpint (payout->amount_fen, ==, 150000);
    g_assert_cmpint (payout->status, ==, UD_PAYOUT_PENDING);
    g_assert_cmpint (payout->fund_source, ==, UD_FUND_CENTRAL_HARDSHIP);
    g_assert_cmpstr (payout->category, ==, "temporary");

    /* A clerk cannot pay; the treasurer batches the line (once its account is entered). */
    g_assert_false (ud_payout_store_set_account (f->db, f->clerk, payout->id, "工商银行",
                                                 "6222020200112233445", NULL, NULL, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_true (ud_payout_store_set_account (f->db, f->treasurer, payout->id, "工商银行",
                                                "6222020200112233445", NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, &payout->id, 1, NULL,
                                                 &batch_id, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(UdAidApplication) app = ud_aid_store_get (f->db, a, &error);

    g_assert_cmpint (app->status, ==, UD_AID_STATUS_PAYMENT_PENDING);
    g_assert_cmpint (app->approved_fen, ==, 150000);
    g_assert_cmpstr (app->status_reason, ==, NULL);
  }
}

static void
test_guards (Fixture       *f,
             gconstpointer  data)
{
  const UdAccount *both = ud_test_account (f->db, "both", UD_ROLE_CLERK | UD_ROLE_APPROVER);
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_TEMPORARY);
  g_autoptr(UdAidApplication) stored = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  app->member_id = f->worker;
  app->requested_fen = 100000;
  g_assert_false (ud_aid_store_create (f->db, f->treasurer, app, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (ud_aid_store_create (f->db, both, app, &error));
  g_assert_no_error (error);

  /* A treasurer cannot change the amount. */
  app->requested_fen = 90000;
  g_assert_false (ud_aid_store_update (f->db, f->treasurer, app, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_true (ud_aid_store_submit (f->db, both, app->id, &error));
  g_assert_false (ud_aid_store_review (f->db, f->clerk, app->id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (review (f, app->id), ==, 100000);

  /* A clerk cannot approve; an approver not their own. */
  g_assert_false (ud_aid_store_approve (f->db, f->clerk, app->id, -1, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_aid_store_approve (f->db, both, app->id, -1, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  approve (f, app->id);

  /* Approved: neither rejected nor edited. */
  g_assert_false (ud_aid_store_reject (f->db, f->approver, app->id, "x", &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  stored = ud_aid_store_get (f->db, app->id, &error);
  g_assert_false (ud_aid_store_update (f->db, both, stored, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  history = ud_aid_store_history (f->db, app->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);
  g_assert_cmpint (((UdAidEvent *) history->pdata[3])->amount_fen, ==, 100000);
  g_assert_cmpint (((UdAidEvent *) history->pdata[3])->to_status, ==, UD_AID_STATUS_APPROVED);
}

static void
test_condolence_batch (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *second_id = ud_test_make_id ("330102", "19750505", 55);
  g_autofree char *third_id = ud_test_make_id ("330102", "19700707", 77);
  g_autoptr(UdHardshipFile) draft = ud_hardship_file_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  UdAidFilter filter = { .batch = "2026送温暖" };
  guint n = 0;

  filed_file (f, add_member (f->db, "赵敏", second_id), NULL, UD_HARDSHIP_CATEGORY_RELATIVE);
  draft->member_id = add_member (f->db, "钱七", third_id);
  draft->main_cause = UD_HARDSHIP_CAUSE_LAID_OFF;
  g_assert_true (ud_hardship_store_create (f->db, f->clerk, draft, &error));
  g_assert_no_error (error);

  g_assert_false (ud_aid_store_create_condolence_batch (f->db, f->reviewer, 2026, "2026送温暖",
                                                        &n, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_true (ud_aid_store_create_condolence_batch (f->db, f->clerk, 2026, "2026送温暖", &n,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (ud_aid_store_create_condolence_batch (f->db, f->clerk, 2026, "2026送温暖", &n,
                                                       &error));
  g_assert_cmpuint (n, ==, 0);

  rows = ud_aid_store_list (f->db, &filter, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  /* Newest first: the relative one, then the deep one. */
  g_assert_cmpint (((UdAidApplicationRow *) rows->pdata[0])->requested_fen, ==, 100000);
  g_assert_cmpint (((UdAidApplicationRow *) rows->pdata[1])->requested_fen, ==, 200000);
  g_assert_cmpint (((UdAidApplicationRow *) rows->pdata[1])->file_id, ==, f->file_id);

  g_assert_true (ud_aid_store_submit_batch (f->db, f->clerk, "2026送温暖", &n, &error));
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (ud_aid_store_review_batch (f->db, f->reviewer, "2026送温暖", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);
  filter.filter_status = TRUE;
  filter.status = UD_AID_STATUS_REVIEWED;
  rows = ud_aid_store_list (f->db, &filter, 0, 0, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (((UdAidApplicationRow *) rows->pdata[0])->approved_fen, ==, 100000);
  g_assert_cmpint (((UdAidApplicationRow *) rows->pdata[1])->approved_fen, ==, 200000);
}

static gint64
living_submitted (Fixture *f)
{
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_LIVING);
  g_autoptr(GError) error = NULL;

  app->file_id = f->file_id;
  app->living_months = 1;
  g_assert_true (ud_aid_store_create (f->db, f->clerk, app, &error));
  g_assert_true (ud_aid_store_submit (f->db, f->clerk, app->id, &error));
  g_assert_no_error (error);
  return app->id;
}

static void
test_policy_change_mid_year (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(UdAidApplication) app = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  UdAidStatistics statistics;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 march, july;

  march = living_submitted (f);
  g_assert_true (ud_policy_set (f->db, f->admin, UD_POLICY_LIVING_MONTHLY_DEEP, "", 60000,
                                "2026-07-01", NULL, &error));
  g_assert_no_error (error);
  /* Submitted in March: the March value, even when reviewed in July. */
  set_today (2026, 7, 2);
  g_assert_cmpint (review (f, march), ==, 50000);
  approve (f, march);

  july = living_submitted (f);
  g_assert_cmpint (review (f, july), ==, 60000);
  approve (f, july);

  app = ud_aid_store_get (f->db, march, &error);
  g_assert_cmpint (app->approved_fen, ==, 50000);
  g_assert_cmpstr (app->policy_date, ==, "2026-03-10");
  g_assert_nonnull (strstr (app->policy_snapshot, "50000"));
  lines = ud_aid_application_explain (app, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < lines->len && text == NULL; i++)
    if (strstr (lines->pdata[i], "500.00") != NULL)
      text = g_strdup (lines->pdata[i]);
  g_assert_nonnull (text);

  /* The statistics of the year: submitted in March, both granted in July. */
  g_assert_true (ud_statistics_aid (f->db, 2026, &statistics, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (statistics.applications[UD_AID_TYPE_LIVING][2], ==, 1);
  g_assert_cmpuint (statistics.applications[UD_AID_TYPE_LIVING][6], ==, 1);
  g_assert_cmpuint (statistics.approved[UD_AID_TYPE_LIVING][6], ==, 2);
  g_assert_cmpint (statistics.approved_fen[UD_AID_TYPE_LIVING][6], ==, 110000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, relative, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (relative), fixture_set_up, func, fixture_tear_down)
  ADD ("/ud/aid-store/medical-edges", TRUE, test_medical_edges);
  ADD ("/ud/aid-store/medical-review-order", TRUE, test_medical_review_order);
  ADD ("/ud/aid-store/claims", FALSE, test_claims);
  ADD ("/ud/aid-store/education", FALSE, test_education);
  ADD ("/ud/aid-store/temporary-cap", FALSE, test_temporary_cap);
  ADD ("/ud/aid-store/guards", FALSE, test_guards);
  ADD ("/ud/aid-store/condolence-batch", FALSE, test_condolence_batch);
  ADD ("/ud/aid-store/policy-change-mid-year", FALSE, test_policy_change_mid_year);
#undef ADD

  return g_test_run ();
}
