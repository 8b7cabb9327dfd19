/* tests/test-insurance-store.c — mutual insurance through the store: default plans, plan edits
 * and snapshots, rosters with refusals, premium payment and coverage dates, claims assessed at
 * their edges (waiting period, caps and days across claims), workflow, guards, payouts, audit
 * and outbox
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-insurance-store.h"
#include "ud-member-store.h"
#include "ud-payout-store.h"
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
  gint64           office;
  gint64           adult;     /* born 1980-01-01 */
  gint64           old;       /* born 1950-06-01: 75, outside 16–65 */
  gint64           child;     /* born 2015-05-05: 10 */
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
  ud_date_set_today_for_tests (&today);
}

static gint64
add_member (UdDatabase *db,
            const char *name,
            const char *birth,
            guint       sequence)
{
  g_autofree char *id_number = ud_test_make_id ("330102", birth, sequence);
  g_autoptr(UdMember) member = ud_test_member_new (db, name, id_number);
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_member_store_insert (db, ud_test_admin (db), member, &error));
  g_assert_no_error (error);
  return member->id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  set_today (2026, 1, 1);
  f->t = ud_test_db_new ();
  f->db = f->t->db;
  f->admin = ud_test_admin (f->db);
  f->clerk = ud_test_account (f->db, "clerk", UD_ROLE_CLERK);
  f->reviewer = ud_test_account (f->db, "reviewer", UD_ROLE_REVIEWER);
  f->approver = ud_test_account (f->db, "approver", UD_ROLE_APPROVER);
  f->treasurer = ud_test_account (f->db, "treasurer", UD_ROLE_TREASURER);
  f->office = ud_database_get_office_org_id (f->db);
  f->adult = add_member (f->db, "王强", "19800101", 11);
  f->old = add_member (f->db, "李老", "19500601", 13);
  f->child = add_member (f->db, "张小", "20150505", 15);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ud_date_set_today_for_tests (NULL);
  ud_test_db_free (f->t);
}

static UdInsuranceRosterRequest
request_for (Fixture             *f,
             UdInsurancePlanKind  kind,
             int                  shares)
{
  UdInsuranceRosterRequest request = { 0 };

  request.plan_kind = kind;
  request.term_year = 2026;
  request.shares = shares;
  request.payer = UD_INSURANCE_PAYER_UNION;
  request.org_id = f->office;
  request.all_active = TRUE;
  return request;
}

static const UdInsuranceRosterEntry *
entry_of (UdInsuranceRosterResult *result,
          gint64                   member_id)
{
  for (guint i = 0; i < result->entries->len; i++)
    {
      const UdInsuranceRosterEntry *entry = result->entries->pdata[i];

      if (entry->member_id == member_id)
        return entry;
    }
  g_assert_not_reached ();
}

/* Enrolls the adult alone in @kind with @shares, paid on @payment; returns the enrollment. */
static gint64
enroll_paid (Fixture             *f,
             UdInsurancePlanKind  kind,
             int                  shares,
             const char          *payment)
{
  UdInsuranceRosterRequest request = request_for (f, kind, shares);
  g_autoptr(UdInsuranceRosterResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[] = { f->adult };
  guint n_paid = 0;

  request.member_ids = ids;
  request.n_member_ids = 1;
  result = ud_insurance_store_enroll_roster (f->db, f->clerk, &request, NULL, NULL, NULL,
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_enrolled, ==, 1);
  g_assert_true (ud_insurance_store_record_payment (f->db, f->treasurer, result->roster, payment,
                                                    NULL, &n_paid, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_paid, ==, 1);
  return entry_of (result, f->adult)->enrollment_id;
}

static gint64
report (Fixture    *f,
        gint64      enrollment_id,
        const char *event,
        const char *event_date,
        int         days,
        gint64      loss_fen)
{
  g_autoptr(UdInsuranceClaim) claim = ud_insurance_claim_new ();
  g_autoptr(GError) error = NULL;

  claim->enrollment_id = enrollment_id;
  claim->event = g_strdup (event);
  claim->event_date = g_strdup (event_date);
  claim->days = days;
  claim->loss_fen = loss_fen;
  claim->bank_name = g_strdup ("工商银行");
  claim->bank_account = g_strdup ("6222021234567890123");
  g_assert_true (ud_insurance_store_report_claim (f->db, f->clerk, claim, &error));
  g_assert_no_error (error);
  g_assert_cmpint (claim->status, ==, UD_INSURANCE_CLAIM_REPORTED);
  g_assert_true (g_str_has_prefix (claim->number, "LP"));
  return claim->id;
}

static UdInsuranceClaim *
assess (Fixture *f,
        gint64   claim_id)
{
  g_autoptr(GError) error = NULL;
  UdInsuranceClaim *claim;

  g_assert_true (ud_insurance_store_documents_complete (f->db, f->reviewer, claim_id, "病历、发票",
                                                        &error));
  g_assert_no_error (error);
  g_assert_true (ud_insurance_store_assess (f->db, f->reviewer, claim_id, &error));
  g_assert_no_error (error);
  claim = ud_insurance_store_get_claim (f->db, claim_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (claim->status, ==, UD_INSURANCE_CLAIM_ASSESSED);
  return claim;
}

static void
approve (Fixture *f,
         gint64   claim_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_insurance_store_approve (f->db, f->approver, claim_id, NULL, &error));
  g_assert_no_error (error);
}

/* Plans */

static void
test_default_plans (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;

  plans = ud_insurance_store_list_plans (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, UD_INSURANCE_N_PLANS);
  for (guint i = 0; i < plans->len; i++)
    {
      UdInsurancePlanRecord *record = plans->pdata[i];
      UdInsurancePlan expected;

      ud_insurance_plan_init_default (&expected, (UdInsurancePlanKind) i);
      g_assert_cmpint (record->plan.kind, ==, i);
      g_assert_true (record->active);
      g_assert_cmpint (record->version, ==, 1);
      g_assert_cmpint (record->plan.price_per_share_fen, ==, expected.price_per_share_fen);
      g_assert_cmpuint (record->plan.n_benefits, ==, expected.n_benefits);
      g_assert_cmpint (record->plan.waiting_days, ==, expected.waiting_days);
    }
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM outbox WHERE entity = 'insurance_plan'"),
                   ==, UD_INSURANCE_N_PLANS);

  /* Seeding again adds nothing. */
  g_assert_true (ud_insurance_store_insert_default_plans (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM insurance_plan"), ==,
                   UD_INSURANCE_N_PLANS);
}

static void
test_plan_edit_and_snapshot (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(UdInsurancePlanRecord) record = NULL;
  g_autoptr(UdInsurancePlanRecord) after = NULL;
  g_autoptr(UdInsuranceEnrollment) old_enrollment = NULL;
  g_autoptr(UdInsuranceEnrollment) new_enrollment = NULL;
  g_autoptr(GError) error = NULL;
  UdInsurancePlan plan;
  gint64 old_id;
  gint64 new_id;

  old_id = enroll_paid (f, UD_INSURANCE_PLAN_ACCIDENT, 1, "2026-01-01");

  record = ud_insurance_store_get_plan (f->db, UD_INSURANCE_PLAN_ACCIDENT, &error);
  g_assert_no_error (error);
  plan = record->plan;
  plan.price_per_share_fen = 1500;
  plan.max_shares = 5;

  /* Only the administrator edits plans. */
  g_assert_false (ud_insurance_store_update_plan (f->db, f->clerk, &plan, TRUE, record->version,
                                                  &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  /* An invalid plan names the field. */
  plan.max_shares = 0;
  g_assert_false (ud_insurance_store_update_plan (f->db, f->admin, &plan, TRUE, record->version,
                                                  &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "max_shares");
  g_clear_error (&error);
  plan.max_shares = 5;

  g_assert_true (ud_insurance_store_update_plan (f->db, f->admin, &plan, TRUE, record->version,
                                                 &error));
  g_assert_no_error (error);

  /* A stale version is a conflict. */
  g_assert_false (ud_insurance_store_update_plan (f->db, f->admin, &plan, TRUE, record->version,
                                                  &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_CONFLICT);
  g_clear_error (&error);

  after = ud_insurance_store_get_plan (f->db, UD_INSURANCE_PLAN_ACCIDENT, &error);
  g_assert_cmpint (after->version, ==, 2);
  g_assert_cmpint (after->plan.price_per_share_fen, ==, 1500);
  g_assert_cmpint (count (f->db, "SELECT max (version) FROM outbox"
                                 "  WHERE entity = 'insurance_plan'"), ==, 2);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM audit_entry"
                                 "  WHERE entity = 'insurance_plan' AND action = 'update'"), ==, 1);

  /* The old enrollment keeps what it was sold under; a new one takes the edit. */
  set_today (2027, 1, 2);
  {
    UdInsuranceRosterRequest request = request_for (f, UD_INSURANCE_PLAN_ACCIDENT, 4);
    g_autoptr(UdInsuranceRosterResult) result = NULL;
    gint64 ids[] = { f->adult };

    request.term_year = 2027;
    request.member_ids = ids;
    request.n_member_ids = 1;
    result = ud_insurance_store_enroll_roster (f->db, f->clerk, &request, NULL, NULL, NULL,
                                               &error);
    g_assert_no_error (error);
    new_id = entry_of (result, f->adult)->enrollment_id;
  }
  old_enrollment = ud_insurance_store_get_enrollment (f->db, old_id, &error);
  new_enrollment = ud_insurance_store_get_enrollment (f->db, new_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (old_enrollment->plan.price_per_share_fen, ==, 1000);
  g_assert_cmpint (old_enrollment->plan.max_shares, ==, 3);
  g_assert_cmpint (old_enrollment->premium_fen, ==, 1000);
  g_assert_cmpint (new_enrollment->plan.price_per_share_fen, ==, 1500);
  g_assert_cmpint (new_enrollment->shares, ==, 4);
  g_assert_cmpint (new_enrollment->premium_fen, ==, 6000);
}

/* Rosters */

static void
test_roster_refusals (Fixture       *f,
                      gconstpointer  data)
{
  UdInsuranceRosterRequest request = request_for (f, UD_INSURANCE_PLAN_MAJOR_ILLNESS, 2);
  g_autoptr(UdInsuranceRosterResult) preview = NULL;
  g_autoptr(UdInsuranceRosterResult) result = NULL;
  g_autoptr(UdInsuranceRosterResult) again = NULL;
  g_autoptr(UdInsuranceRosterResult) too_many = NULL;
  g_autoptr(GError) error = NULL;
  const UdInsuranceRosterEntry *entry;

  preview = ud_insurance_store_preview_roster (f->db, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (preview->roster);
  g_assert_cmpstr (preview->coverage_start, ==, "2026-01-02");
  g_assert_cmpuint (preview->n_enrolled, ==, 1);
  g_assert_cmpuint (preview->n_refused, ==, 2);
  g_assert_cmpint (preview->premium_total_fen, ==, 2 * 5000);
  entry = entry_of (preview, f->old);
  g_assert_true (entry->refused);
  g_assert_nonnull (strstr (entry->reason, "aged 75"));
  entry = entry_of (preview, f->child);
  g_assert_true (entry->refused);
  g_assert_nonnull (strstr (entry->reason, "aged 10"));
  g_assert_false (entry_of (preview, f->adult)->refused);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM insurance_enrollment"), ==, 0);

  /* Only a clerk makes a roster. */
  g_assert_null (ud_insurance_store_enroll_roster (f->db, f->treasurer, &request, NULL, NULL,
                                                   NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  result = ud_insurance_store_enroll_roster (f->db, f->clerk, &request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->roster, ==, "BZ2026-0001");
  g_assert_cmpuint (result->n_enrolled, ==, 1);
  g_assert_cmpuint (result->n_refused, ==, 2);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM insurance_enrollment"
                                 "  WHERE status = 'unpaid' AND premium_fen = 10000"
                                 "  AND payer = 'union'"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM outbox"
                                 "  WHERE entity = 'insurance_enrollment'"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM audit_entry"
                                 "  WHERE entity = 'insurance_enrollment'"), ==, 1);

  /* The same members again: already enrolled, so nobody is, and that is an error. */
  g_assert_null (ud_insurance_store_enroll_roster (f->db, f->clerk, &request, NULL, NULL, NULL,
                                                   &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  again = ud_insurance_store_preview_roster (f->db, &request, NULL, &error);
  g_assert_nonnull (strstr (entry_of (again, f->adult)->reason, "BZ2026-0001"));

  /* Shares above the plan's maximum (10) are refused with the reason. */
  request.shares = 11;
  request.plan_kind = UD_INSURANCE_PLAN_DEATH;
  too_many = ud_insurance_store_preview_roster (f->db, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (too_many->n_enrolled, ==, 0);
  g_assert_nonnull (strstr (entry_of (too_many, f->adult)->reason, "Shares"));
  request.shares = 5;
  g_clear_pointer (&too_many, ud_insurance_roster_result_free);
  too_many = ud_insurance_store_preview_roster (f->db, &request, NULL, &error);
  g_assert_cmpuint (too_many->n_enrolled, ==, 1);

  /* The child plan takes the child only. */
  request.plan_kind = UD_INSURANCE_PLAN_CHILD_ACCIDENT;
  request.shares = 1;
  g_clear_pointer (&too_many, ud_insurance_roster_result_free);
  too_many = ud_insurance_store_preview_roster (f->db, &request, NULL, &error);
  g_assert_cmpuint (too_many->n_enrolled, ==, 1);
  g_assert_false (entry_of (too_many, f->child)->refused);

  /* The age is taken on the expected coverage start: someone turning 16 on 2 January is in. */
  {
    gint64 teen = add_member (f->db, "赵青", "20100102", 17);
    gint64 almost = add_member (f->db, "钱少", "20100103", 19);

    request.plan_kind = UD_INSURANCE_PLAN_ACCIDENT;
    g_clear_pointer (&too_many, ud_insurance_roster_result_free);
    too_many = ud_insurance_store_preview_roster (f->db, &request, NULL, &error);
    g_assert_false (entry_of (too_many, teen)->refused);
    g_assert_true (entry_of (too_many, almost)->refused);
  }

  /* Every live member of the union is in the preview, enrolled or refused. */
  g_assert_cmpuint (too_many->entries->len, ==, 5);
}

static void
test_payment_and_dates (Fixture       *f,
                        gconstpointer  data)
{
  UdInsuranceRosterRequest request = request_for (f, UD_INSURANCE_PLAN_ACCIDENT, 1);
  g_autoptr(UdInsuranceRosterResult) result = NULL;
  g_autoptr(UdInsuranceEnrollment) e = NULL;
  g_autoptr(GError) error = NULL;
  guint n_paid = 0;
  guint n_cancelled = 0;
  gint64 teen;

  set_today (2026, 3, 10);
  /* 16 on 2026-03-11 (the expected start), still 15 if paid on 2026-03-09. */
  teen = add_member (f->db, "赵青", "20100311", 17);
  result = ud_insurance_store_enroll_roster (f->db, f->clerk, &request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (entry_of (result, teen)->refused);
  g_assert_cmpuint (result->n_enrolled, ==, 2);

  /* The treasurer records payment; a clerk cannot; no date in the future. */
  g_assert_false (ud_insurance_store_record_payment (f->db, f->clerk, result->roster,
                                                     "2026-03-09", NULL, NULL, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_insurance_store_record_payment (f->db, f->treasurer, result->roster,
                                                     "2026-03-11", NULL, NULL, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "payment_date");
  g_clear_error (&error);

  g_assert_true (ud_insurance_store_record_payment (f->db, f->treasurer, result->roster,
                                                    "2026-03-09", "转账", &n_paid, &n_cancelled,
                                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_paid, ==, 1);
  g_assert_cmpuint (n_cancelled, ==, 1);

  e = ud_insurance_store_get_enrollment (f->db, entry_of (result, f->adult)->enrollment_id,
                                         &error);
  g_assert_cmpint (e->status, ==, UD_INSURANCE_ENROLLMENT_COVERED);
  g_assert_cmpstr (e->payment_date, ==, "2026-03-09");
  g_assert_cmpstr (e->coverage_start, ==, "2026-03-10");
  g_assert_cmpstr (e->term_end, ==, "2027-03-09");
  g_assert_cmpint (e->version, ==, 2);
  g_clear_pointer (&e, ud_insurance_enrollment_free);
  e = ud_insurance_store_get_enrollment (f->db, entry_of (result, teen)->enrollment_id, &error);
  g_assert_cmpint (e->status, ==, UD_INSURANCE_ENROLLMENT_CANCELLED);
  g_assert_nonnull (strstr (e->cancel_reason, "aged 15"));

  /* Nothing left to pay. */
  g_assert_false (ud_insurance_store_record_payment (f->db, f->treasurer, result->roster,
                                                     "2026-03-09", NULL, NULL, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (count (f->db, "SELECT max (version) FROM outbox"
                                 "  WHERE entity = 'insurance_enrollment'"), ==, 2);
}

/* Claims */

static void
test_waiting_period (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(UdInsuranceClaim) last_day = NULL;
  g_autoptr(UdInsuranceClaim) next_day = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 enrollment;

  /* Paid 2026-01-01: coverage from 2026-01-02, 90 days of waiting end on 2026-04-01. */
  enrollment = enroll_paid (f, UD_INSURANCE_PLAN_MAJOR_ILLNESS, 2, "2026-01-01");
  set_today (2026, 5, 1);

  last_day = assess (f, report (f, enrollment, "major_illness", "2026-04-01", 0, 0));
  g_assert_cmpstr (last_day->outcome, ==, "refused");
  g_assert_cmpint (last_day->assessed_fen, ==, 0);
  lines = ud_insurance_claim_dup_computation_lines (last_day);
  g_assert_nonnull (lines);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);

  next_day = assess (f, report (f, enrollment, "major_illness", "2026-04-02", 0, 0));
  g_assert_cmpstr (next_day->outcome, ==, "granted");
  g_assert_cmpint (next_day->assessed_fen, ==, 2 * 1500000);

  /* A refused assessment cannot be approved: it is rejected with the reason. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ud_insurance_store_approve (f->db, f->approver, last_day->id, NULL, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
    g_clear_error (&error);
    g_assert_true (ud_insurance_store_reject (f->db, f->approver, last_day->id, "等待期内出险",
                                              &error));
    g_assert_no_error (error);
  }
}

static void
test_coverage_dates (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(UdInsuranceClaim) before = NULL;
  g_autoptr(UdInsuranceClaim) first = NULL;
  g_autoptr(UdInsuranceClaim) last = NULL;
  g_autoptr(UdInsuranceClaim) after = NULL;
  gint64 enrollment;

  enrollment = enroll_paid (f, UD_INSURANCE_PLAN_ACCIDENT, 1, "2026-01-01");
  set_today (2027, 2, 1);

  /* The day of payment is not covered; 00:00 the day after is. */
  before = assess (f, report (f, enrollment, "grade_10", "2026-01-01", 0, 0));
  g_assert_cmpstr (before->outcome, ==, "refused");
  first = assess (f, report (f, enrollment, "grade_10", "2026-01-02", 0, 0));
  g_assert_cmpstr (first->outcome, ==, "granted");
  g_assert_cmpint (first->assessed_fen, ==, 50000);
  last = assess (f, report (f, enrollment, "grade_10", "2027-01-01", 0, 0));
  g_assert_cmpstr (last->outcome, ==, "granted");
  after = assess (f, report (f, enrollment, "grade_10", "2027-01-02", 0, 0));
  g_assert_cmpstr (after->outcome, ==, "refused");
}

static void
test_member_left_keeps_cover (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(UdInsuranceClaim) claim = NULL;
  g_autoptr(GError) error = NULL;
  gint64 enrollment;

  enrollment = enroll_paid (f, UD_INSURANCE_PLAN_ACCIDENT, 1, "2026-01-01");
  set_today (2026, 3, 1);
  g_assert_true (ud_member_store_change_status (f->db, f->admin, f->adult,
                                                UD_MEMBER_EVENT_WITHDRAW, "2026-03-01", "离职",
                                                0, &error));
  g_assert_no_error (error);

  set_today (2026, 6, 1);
  claim = assess (f, report (f, enrollment, "grade_1", "2026-05-20", 0, 0));
  g_assert_cmpstr (claim->outcome, ==, "granted");
  g_assert_cmpint (claim->assessed_fen, ==, 500000);
}

static void
test_caps_across_claims (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(UdInsuranceClaim) first = NULL;
  g_autoptr(UdInsuranceClaim) second = NULL;
  g_autoptr(UdInsuranceClaim) third = NULL;
  g_autoptr(UdInsuranceClaim) pending = NULL;
  g_autoptr(GError) error = NULL;
  gint64 enrollment;
  gint64 third_id;
  gint64 fourth_id;

  /* Accident, 2 shares: 10,000 yuan per term. */
  enrollment = enroll_paid (f, UD_INSURANCE_PLAN_ACCIDENT, 2, "2026-01-01");
  set_today (2026, 6, 1);

  first = assess (f, report (f, enrollment, "grade_3", "2026-02-01", 0, 0));
  g_assert_cmpint (first->assessed_fen, ==, 2 * 400000);
  approve (f, first->id);

  /* A rejected claim does not count; an assessed, unapproved one does not either. */
  second = assess (f, report (f, enrollment, "grade_5", "2026-03-01", 0, 0));
  g_assert_cmpstr (second->outcome, ==, "capped");
  g_assert_cmpint (second->assessed_fen, ==, 1000000 - 800000);

  third_id = report (f, enrollment, "grade_10", "2026-03-02", 0, 0);
  third = assess (f, third_id);
  g_assert_cmpint (third->assessed_fen, ==, 2 * 50000);

  /* Approving the second uses the cap; the third, assessed before, must be assessed again. */
  approve (f, second->id);
  g_assert_false (ud_insurance_store_approve (f->db, f->approver, third_id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (ud_insurance_store_assess (f->db, f->reviewer, third_id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&third, ud_insurance_claim_free);
  third = ud_insurance_store_get_claim (f->db, third_id, &error);
  g_assert_cmpstr (third->outcome, ==, "none");
  g_assert_cmpint (third->assessed_fen, ==, 0);

  /* Every later claim of the term gets nothing. */
  fourth_id = report (f, enrollment, "grade_10", "2026-04-02", 0, 0);
  pending = assess (f, fourth_id);
  g_assert_cmpint (pending->assessed_fen, ==, 0);

  g_assert_cmpint (count (f->db, "SELECT sum (amount_fen) FROM payout"
                                 "  WHERE source = 'insurance'"), ==, 1000000);
}

static void
test_days_across_claims (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(UdInsurancePlanRecord) record = NULL;
  g_autoptr(UdInsuranceClaim) first = NULL;
  g_autoptr(UdInsuranceClaim) second = NULL;
  g_autoptr(UdInsuranceClaim) third = NULL;
  g_autoptr(GError) error = NULL;
  UdInsurancePlan plan;
  gint64 enrollment;

  /* Hospital allowance edited: at most 10 days a term, caps high enough not to cut. */
  record = ud_insurance_store_get_plan (f->db, UD_INSURANCE_PLAN_HOSPITAL, &error);
  plan = record->plan;
  plan.max_days = 10;
  plan.waiting_days = 0;
  plan.per_event_cap_fen = 1000000;
  plan.per_term_cap_fen = 1000000;
  g_assert_true (ud_insurance_store_update_plan (f->db, f->admin, &plan, TRUE, record->version,
                                                 &error));
  g_assert_no_error (error);

  enrollment = enroll_paid (f, UD_INSURANCE_PLAN_HOSPITAL, 1, "2026-01-01");
  set_today (2026, 6, 1);

  first = assess (f, report (f, enrollment, "hospital_day", "2026-02-01", 7, 0));
  g_assert_cmpint (first->days_paid, ==, 7);
  g_assert_cmpint (first->assessed_fen, ==, 7 * 10000);
  approve (f, first->id);

  second = assess (f, report (f, enrollment, "hospital_day", "2026-03-01", 5, 0));
  g_assert_cmpstr (second->outcome, ==, "capped");
  g_assert_cmpint (second->days_paid, ==, 3);
  g_assert_cmpint (second->assessed_fen, ==, 3 * 10000);
  approve (f, second->id);

  third = assess (f, report (f, enrollment, "hospital_day", "2026-04-01", 2, 0));
  g_assert_cmpstr (third->outcome, ==, "none");
  g_assert_cmpint (third->days_paid, ==, 0);

  /* A daily benefit needs the days. */
  {
    g_autoptr(UdInsuranceClaim) claim = ud_insurance_claim_new ();

    claim->enrollment_id = enrollment;
    claim->event = g_strdup ("hospital_day");
    claim->event_date = g_strdup ("2026-04-01");
    g_assert_false (ud_insurance_store_report_claim (f->db, f->clerk, claim, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
    g_assert_cmpstr (ud_error_get_field (error), ==, "days");
    g_clear_error (&error);
  }
}

static void
test_report_checks (Fixture       *f,
                    gconstpointer  data)
{
  UdInsuranceRosterRequest request = request_for (f, UD_INSURANCE_PLAN_PROPERTY, 1);
  g_autoptr(UdInsuranceRosterResult) result = NULL;
  g_autoptr(UdInsuranceClaim) claim = ud_insurance_claim_new ();
  g_autoptr(GError) error = NULL;
  gint64 ids[] = { f->adult };
  gint64 found = 0;

  request.member_ids = ids;
  request.n_member_ids = 1;
  result = ud_insurance_store_enroll_roster (f->db, f->clerk, &request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Unpaid: no claim. */
  claim->enrollment_id = entry_of (result, f->adult)->enrollment_id;
  claim->event = g_strdup ("fire_loss");
  claim->event_date = g_strdup ("2026-01-01");
  claim->loss_fen = 100000;
  g_assert_false (ud_insurance_store_report_claim (f->db, f->clerk, claim, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "enrollment");
  g_clear_error (&error);
  g_assert_false (ud_insurance_store_find_enrollment (f->db, f->adult, UD_INSURANCE_PLAN_PROPERTY,
                                                      "2026-01-01", &found, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ud_insurance_store_record_payment (f->db, f->treasurer, result->roster,
                                                    "2026-01-01", NULL, NULL, NULL, &error));
  set_today (2026, 2, 1);
  g_assert_true (ud_insurance_store_find_enrollment (f->db, f->adult, UD_INSURANCE_PLAN_PROPERTY,
                                                     "2026-01-15", &found, &error));
  g_assert_cmpint (found, ==, claim->enrollment_id);

  /* An event not in the plan's table, a loss missing, a date in the future, a holder who is
   * not the payee without a reason. */
  g_free (claim->event);
  claim->event = g_strdup ("grade_1");
  g_assert_false (ud_insurance_store_report_claim (f->db, f->clerk, claim, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "event");
  g_clear_error (&error);
  g_free (claim->event);
  claim->event = g_strdup ("water_loss");
  claim->loss_fen = 0;
  g_assert_false (ud_insurance_store_report_claim (f->db, f->clerk, claim, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "loss_fen");
  g_clear_error (&error);
  claim->loss_fen = 150000;
  g_free (claim->event_date);
  claim->event_date = g_strdup ("2026-02-02");
  g_assert_false (ud_insurance_store_report_claim (f->db, f->clerk, claim, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "event_date");
  g_clear_error (&error);
  g_free (claim->event_date);
  claim->event_date = g_strdup ("2026-01-20");
  claim->bank_holder = g_strdup ("王大");
  g_assert_false (ud_insurance_store_report_claim (f->db, f->clerk, claim, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "holder_reason");
  g_clear_error (&error);
  g_clear_pointer (&claim->bank_holder, g_free);

  g_assert_true (ud_insurance_store_report_claim (f->db, f->clerk, claim, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (claim->number, ==, "LP2026-00001");
  g_assert_cmpstr (claim->payee_name, ==, "王强");

  /* A water loss of 1,500 yuan is refunded up to 1,000 a share. */
  {
    g_autoptr(UdInsuranceClaim) assessed = assess (f, claim->id);

    g_assert_cmpstr (assessed->outcome, ==, "capped");
    g_assert_cmpint (assessed->assessed_fen, ==, 100000);
  }
}

static void
test_workflow_and_guards (Fixture       *f,
                          gconstpointer  data)
{
  const UdAccount *clerk_approver = ud_test_account (f->db, "both",
                                                     UD_ROLE_CLERK | UD_ROLE_APPROVER);
  g_autoptr(UdInsuranceClaim) claim = ud_insurance_claim_new ();
  g_autoptr(UdInsuranceClaim) stored = NULL;
  g_autoptr(UdPayout) payout = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 enrollment;
  gint64 id;

  enrollment = enroll_paid (f, UD_INSURANCE_PLAN_ACCIDENT, 1, "2026-01-01");
  set_today (2026, 2, 1);

  claim->enrollment_id = enrollment;
  claim->event = g_strdup ("grade_2");
  claim->event_date = g_strdup ("2026-01-20");
  claim->bank_name = g_strdup ("农业银行");
  claim->bank_account = g_strdup ("6228481234567890123");

  /* Only a clerk reports. */
  g_assert_false (ud_insurance_store_report_claim (f->db, f->reviewer, claim, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (ud_insurance_store_report_claim (f->db, clerk_approver, claim, &error));
  g_assert_no_error (error);
  id = claim->id;

  /* Order: no assessment before the documents, no approval before the assessment. */
  g_assert_false (ud_insurance_store_assess (f->db, f->reviewer, id, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_false (ud_insurance_store_approve (f->db, f->approver, id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  /* A clerk neither checks documents nor assesses. */
  g_assert_false (ud_insurance_store_documents_complete (f->db, f->clerk, id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (ud_insurance_store_documents_complete (f->db, f->reviewer, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ud_insurance_store_assess (f->db, f->clerk, id, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (ud_insurance_store_assess (f->db, f->reviewer, id, &error));
  g_assert_no_error (error);

  /* Reject needs a reason. */
  g_assert_false (ud_insurance_store_reject (f->db, f->reviewer, id, "  ", &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "reason");
  g_clear_error (&error);

  /* Not the reviewer, not the clerk who reported it, not the treasurer. */
  g_assert_false (ud_insurance_store_approve (f->db, f->reviewer, id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_insurance_store_approve (f->db, clerk_approver, id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ud_insurance_store_approve (f->db, f->treasurer, id, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_PERMISSION);
  g_clear_error (&error);

  approve (f, id);
  stored = ud_insurance_store_get_claim (f->db, id, &error);
  g_assert_cmpint (stored->status, ==, UD_INSURANCE_CLAIM_APPROVED);
  g_assert_cmpint (stored->approved_fen, ==, 450000);
  g_assert_cmpstr (stored->approved_date, ==, "2026-02-01");
  g_assert_cmpint (stored->version, ==, 4);

  /* The payout line, pending. */
  payout = ud_payout_store_get_for_source (f->db, UD_PAYOUT_SOURCE_INSURANCE, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payout);
  g_assert_cmpint (payout->amount_fen, ==, 450000);
  g_assert_cmpint (payout->fund_source, ==, UD_FUND_MUTUAL_INSURANCE);
  g_assert_cmpstr (payout->category, ==, "accident");
  g_assert_cmpstr (payout->source_number, ==, stored->number);
  g_assert_cmpstr (payout->payee_name, ==, "王强");
  g_assert_cmpstr (payout->bank_account, ==, "6228481234567890123");

  /* Nothing after approval but the payouts. */
  g_assert_false (ud_insurance_store_reject (f->db, f->approver, id, "晚了", &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  history = ud_insurance_store_claim_history (f->db, id, &error);
  g_assert_cmpuint (history->len, ==, 4);
  g_assert_cmpstr (((UdInsuranceClaimEvent *) history->pdata[0])->action, ==, "report");
  g_assert_cmpstr (((UdInsuranceClaimEvent *) history->pdata[3])->to_status, ==, "approved");
  g_assert_cmpint (((UdInsuranceClaimEvent *) history->pdata[3])->amount_fen, ==, 450000);

  g_assert_cmpint (count (f->db, "SELECT count (*) FROM audit_entry"
                                 "  WHERE entity = 'insurance_claim'"), ==, 4);
  g_assert_cmpint (count (f->db, "SELECT version FROM outbox"
                                 "  WHERE entity = 'insurance_claim'"), ==, 4);

  /* Lists */
  {
    UdInsuranceClaimFilter filter = { 0 };
    g_autoptr(GPtrArray) rows = NULL;
    guint n = 0;

    filter.filter_status = TRUE;
    filter.status = UD_INSURANCE_CLAIM_APPROVED;
    g_assert_true (ud_insurance_store_count_claims (f->db, &filter, &n, &error));
    g_assert_cmpuint (n, ==, 1);
    filter.filter_status = FALSE;
    filter.search = "王";
    rows = ud_insurance_store_list_claims (f->db, &filter, 0, 10, &error);
    g_assert_cmpuint (rows->len, ==, 1);
    filter.search = "李";
    g_assert_true (ud_insurance_store_count_claims (f->db, &filter, &n, &error));
    g_assert_cmpuint (n, ==, 0);
  }
}

static void
test_payment_changed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(UdInsuranceClaim) claim = NULL;
  g_autoptr(GError) error = NULL;
  gint64 enrollment;
  gint64 id;

  enrollment = enroll_paid (f, UD_INSURANCE_PLAN_DEATH, 1, "2026-01-01");
  set_today (2026, 6, 1);
  id = report (f, enrollment, "death", "2026-05-01", 0, 0);
  claim = assess (f, id);

  /* Before approval the payouts cannot move it. */
  g_assert_false (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "payment_pending",
                                                      NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  approve (f, id);

  /* approved → paid directly is not a move; unknown statuses are refused. */
  g_assert_false (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "paid", NULL,
                                                      &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_false (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "rejected", NULL,
                                                      &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  g_assert_true (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "payment_pending",
                                                     NULL, &error));
  g_assert_true (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "approved",
                                                     "移出批次", &error));
  g_assert_true (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "payment_pending",
                                                     NULL, &error));
  g_assert_true (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "payment_failed",
                                                     "账号错误", &error));
  g_assert_true (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "reissued", NULL,
                                                     &error));
  g_assert_true (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "payment_pending",
                                                     NULL, &error));
  g_assert_true (ud_insurance_store_payment_changed (f->db, f->treasurer, id, "paid", NULL,
                                                     &error));
  g_assert_no_error (error);

  g_clear_pointer (&claim, ud_insurance_claim_free);
  claim = ud_insurance_store_get_claim (f->db, id, &error);
  g_assert_cmpint (claim->status, ==, UD_INSURANCE_CLAIM_PAID);
  g_assert_cmpint (claim->version, ==, 4 + 7);
  g_assert_cmpint (count (f->db, "SELECT granted FROM insurance_claim"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM insurance_claim_event"
                                 "  WHERE action = 'payment'"), ==, 7);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM audit_entry"
                                 "  WHERE entity = 'insurance_claim' AND action = 'payment'"),
                   ==, 7);
  g_assert_cmpint (count (f->db, "SELECT version FROM outbox"
                                 "  WHERE entity = 'insurance_claim'"), ==, 11);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM insurance_claim_event"
                                 "  WHERE reason = '账号错误' AND to_status = 'payment_failed'"),
                   ==, 1);

  /* A paid claim still counts towards the term's cap. */
  {
    g_autoptr(UdInsuranceClaim) second = assess (f, report (f, enrollment, "death", "2026-05-02",
                                                           0, 0));

    g_assert_cmpstr (second->outcome, ==, "none");
  }
}

static void
test_enrollment_lists (Fixture       *f,
                       gconstpointer  data)
{
  UdInsuranceEnrollmentFilter filter = { 0 };
  UdInsuranceRosterRequest request = request_for (f, UD_INSURANCE_PLAN_ACCIDENT, 1);
  g_autoptr(UdInsuranceRosterResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  request.all_active = FALSE;   /* every live member */
  result = ud_insurance_store_enroll_roster (f->db, f->clerk, &request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (ud_insurance_store_count_enrollments (f->db, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  filter.roster = result->roster;
  rows = ud_insurance_store_list_enrollments (f->db, &filter, 0, 0, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((UdInsuranceEnrollment *) rows->pdata[0])->member_name, ==, "王强");
  g_assert_nonnull (strstr (((UdInsuranceEnrollment *) rows->pdata[0])->member_id_masked, "*"));
  filter.roster = NULL;
  filter.search = "王";
  g_assert_true (ud_insurance_store_count_enrollments (f->db, &filter, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  filter.search = NULL;
  filter.filter_status = TRUE;
  filter.status = UD_INSURANCE_ENROLLMENT_COVERED;
  g_assert_true (ud_insurance_store_count_enrollments (f->db, &filter, &n, &error));
  g_assert_cmpuint (n, ==, 0);

  /* An unpaid enrollment can be cancelled with a reason. */
  g_assert_false (ud_insurance_store_cancel_enrollment (f->db, f->clerk,
                                                        entry_of (result, f->adult)->enrollment_id,
                                                        "", &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "reason");
  g_clear_error (&error);
  g_assert_true (ud_insurance_store_cancel_enrollment (f->db, f->clerk,
                                                       entry_of (result, f->adult)->enrollment_id,
                                                       "重复登记", &error));
  g_assert_no_error (error);
  /* …and the member may be enrolled again. */
  g_clear_pointer (&result, ud_insurance_roster_result_free);
  result = ud_insurance_store_enroll_roster (f->db, f->clerk, &request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_enrolled, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ud/insurance/store/plans/defaults", test_default_plans);
  ADD ("/ud/insurance/store/plans/edit-snapshot", test_plan_edit_and_snapshot);
  ADD ("/ud/insurance/store/roster/refusals", test_roster_refusals);
  ADD ("/ud/insurance/store/roster/payment", test_payment_and_dates);
  ADD ("/ud/insurance/store/roster/lists", test_enrollment_lists);
  ADD ("/ud/insurance/store/claim/waiting-period", test_waiting_period);
  ADD ("/ud/insurance/store/claim/coverage-dates", test_coverage_dates);
  ADD ("/ud/insurance/store/claim/member-left", test_member_left_keeps_cover);
  ADD ("/ud/insurance/store/claim/caps", test_caps_across_claims);
  ADD ("/ud/insurance/store/claim/days", test_days_across_claims);
  ADD ("/ud/insurance/store/claim/report-checks", test_report_checks);
  ADD ("/ud/insurance/store/claim/workflow", test_workflow_and_guards);
  ADD ("/ud/insurance/store/claim/payment-changed", test_payment_changed);

#undef ADD
  return g_test_run ();
}
