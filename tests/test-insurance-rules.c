/* tests/test-insurance-rules.c — the mutual-insurance rules at their edges
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "ud-core.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-insurance-rules.h"
#include "ud-money.h"

#define YUAN(y) ((gint64) (y) * 100)

static GDate
date (int year,
      int month,
      int day)
{
  GDate result;

  g_date_clear (&result, 1);
  g_date_set_dmy (&result, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_assert_true (g_date_valid (&result));
  return result;
}

static void
assert_date (const GDate *actual,
             const char  *expected)
{
  g_autofree char *text = ud_date_format (actual);

  g_assert_cmpstr (text, ==, expected);
}

static gboolean
has_line (const UdInsuranceAssessment *assessment,
          const char                  *line)
{
  for (guint i = 0; i < assessment->lines->len; i++)
    if (g_strcmp0 (g_ptr_array_index (assessment->lines, i), line) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_has_line (const UdInsuranceAssessment *assessment,
                 const char                  *line)
{
  if (!has_line (assessment, line))
    {
      g_autofree char *text = ud_insurance_assessment_dup_text (assessment);
      g_error ("no line “%s” in:\n%s", line, text);
    }
}

static UdInsurancePlan
default_plan (UdInsurancePlanKind kind)
{
  UdInsurancePlan plan;

  ud_insurance_plan_init_default (&plan, kind);
  g_assert_true (ud_insurance_plan_validate (&plan, NULL));
  return plan;
}

/* A claim on a plan whose coverage starts on 2027-01-01 for one year; asserts it assesses. */
static void
assess_full (const UdInsurancePlan *plan,
             int                    shares,
             const GDate           *event_date,
             const char            *event,
             int                    days,
             int                    days_paid_earlier,
             gint64                 loss_fen,
             gint64                 paid_earlier,
             UdInsuranceAssessment *out)
{
  g_autoptr(GError) error = NULL;
  GDate start = date (2027, 1, 1);
  GDate end;

  ud_insurance_term_end (&start, plan->term_years, &end);
  g_assert_true (ud_insurance_assess (plan, shares, &start, &end, event_date, event, days,
                                      days_paid_earlier, loss_fen, paid_earlier, out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out->amount, >=, 0);
  g_assert_cmpint (out->amount, <=, UD_MONEY_MAX_FEN);
  g_assert_nonnull (out->plan_json);
  g_assert_nonnull (out->inputs_json);
  g_assert_cmpuint (out->lines->len, >, 0);
}

static void
assess_lump (const UdInsurancePlan *plan,
             int                    shares,
             GDate                  event_date,
             const char            *event,
             gint64                 paid_earlier,
             UdInsuranceAssessment *out)
{
  assess_full (plan, shares, &event_date, event, 0, 0, 0, paid_earlier, out);
}

static void
test_defaults (void)
{
  g_autoptr(GArray) plans = ud_insurance_plans_defaults ();
  UdInsurancePlan *accident, *illness, *hospital;
  const UdInsuranceBenefit *benefit;

  g_assert_cmpuint (plans->len, ==, UD_INSURANCE_N_PLANS);
  for (guint i = 0; i < plans->len; i++)
    {
      UdInsurancePlan *plan = &g_array_index (plans, UdInsurancePlan, i);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (plan->kind, ==, (int) i);
      g_assert_true (ud_insurance_plan_validate (plan, &error));
      g_assert_no_error (error);
      g_assert_cmpint (plan->term_years, ==, 1);
      /* No payout above the largest in the reference material, 160,000 yuan. */
      g_assert_cmpint (plan->per_term_cap_fen * plan->max_shares, <=, YUAN (160000));
    }

  accident = &g_array_index (plans, UdInsurancePlan, UD_INSURANCE_PLAN_ACCIDENT);
  g_assert_cmpint (accident->price_per_share_fen, ==, YUAN (10));
  g_assert_cmpint (accident->max_shares, ==, 3);
  g_assert_cmpint (accident->waiting_days, ==, 0);
  benefit = ud_insurance_plan_lookup_benefit (accident, "death");
  g_assert_cmpint (benefit->amount_per_share_fen, ==, YUAN (5000));
  benefit = ud_insurance_plan_lookup_benefit (accident, "total_disability");
  g_assert_cmpint (benefit->amount_per_share_fen, ==, YUAN (5000));
  benefit = ud_insurance_plan_lookup_benefit (accident, "grade_10");
  g_assert_cmpint (benefit->amount_per_share_fen, ==, YUAN (500));
  g_assert_null (ud_insurance_plan_lookup_benefit (accident, "grade_11"));
  g_assert_cmpint (ud_insurance_premium (accident, 3), ==, YUAN (30));

  illness = &g_array_index (plans, UdInsurancePlan, UD_INSURANCE_PLAN_MAJOR_ILLNESS);
  g_assert_cmpint (illness->waiting_days, ==, 90);
  benefit = ud_insurance_plan_lookup_benefit (illness, "major_illness");
  g_assert_cmpint (benefit->amount_per_share_fen, ==, YUAN (15000));

  hospital = &g_array_index (plans, UdInsurancePlan, UD_INSURANCE_PLAN_HOSPITAL);
  benefit = ud_insurance_plan_lookup_benefit (hospital, "hospital_day");
  g_assert_cmpint (benefit->amount_per_share_fen, ==, YUAN (100));
  g_assert_cmpint (benefit->kind, ==, UD_INSURANCE_BENEFIT_DAILY);
  g_assert_cmpint (hospital->per_term_cap_fen, ==, YUAN (2000));

  g_assert_nonnull (ud_insurance_plan_lookup_benefit (
    &g_array_index (plans, UdInsurancePlan, UD_INSURANCE_PLAN_PROPERTY), "water_loss"));
}

static void
test_plan_validate (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_ACCIDENT);
  UdInsurancePlan bad;
  g_autoptr(GError) error = NULL;

  bad = plan;
  bad.term_years = 4;
  g_assert_false (ud_insurance_plan_validate (&bad, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "term_years");
  g_clear_error (&error);

  bad = plan;
  bad.max_age = bad.min_age - 1;
  g_assert_false (ud_insurance_plan_validate (&bad, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "max_age");
  g_clear_error (&error);

  bad = plan;
  bad.benefits[1] = bad.benefits[0];
  g_assert_false (ud_insurance_plan_validate (&bad, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "benefits");
  g_clear_error (&error);

  bad = plan;
  bad.per_term_cap_fen = UD_MONEY_MAX_FEN;  /* × 3 shares: above the largest amount */
  g_assert_false (ud_insurance_plan_validate (&bad, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "per_term_cap_fen");
  g_clear_error (&error);

  bad = plan;
  bad.per_event_cap_fen = -1;
  g_assert_false (ud_insurance_plan_validate (&bad, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "per_event_cap_fen");
  g_clear_error (&error);
}

static void
test_dates (void)
{
  GDate payment = date (2026, 12, 31);
  GDate start, end, last;

  ud_insurance_coverage_start (&payment, &start);
  assert_date (&start, "2027-01-01");

  ud_insurance_term_end (&start, 1, &end);
  assert_date (&end, "2027-12-31");
  ud_insurance_term_end (&start, 3, &end);
  assert_date (&end, "2029-12-31");

  /* Across a leap day: a year from 2027-03-01 ends on 2028-02-29. */
  start = date (2027, 3, 1);
  ud_insurance_term_end (&start, 1, &end);
  assert_date (&end, "2028-02-29");
  start = date (2028, 2, 28);
  ud_insurance_term_end (&start, 1, &end);
  assert_date (&end, "2029-02-27");

  /* Paid on 2028-02-28, starting on the leap day. */
  payment = date (2028, 2, 28);
  ud_insurance_coverage_start (&payment, &start);
  assert_date (&start, "2028-02-29");
  ud_insurance_term_end (&start, 1, &end);
  assert_date (&end, "2029-02-28");
  ud_insurance_term_end (&start, 2, &end);
  assert_date (&end, "2030-02-28");
  ud_insurance_term_end (&start, 3, &end);
  assert_date (&end, "2031-02-28");
  start = date (2029, 2, 28);
  ud_insurance_term_end (&start, 3, &end);
  assert_date (&end, "2032-02-27");

  /* The waiting period's last day is day 90 counting the start as day 1. */
  start = date (2027, 1, 1);
  g_assert_true (ud_insurance_waiting_last_day (&start, 90, &last));
  assert_date (&last, "2027-03-31");
  g_assert_true (ud_insurance_waiting_last_day (&start, 1, &last));
  assert_date (&last, "2027-01-01");
  g_assert_false (ud_insurance_waiting_last_day (&start, 0, &last));
}

static void
test_enrollment (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_ACCIDENT);  /* ages 16–65 */
  GDate start = date (2027, 1, 1);
  GDate birth;
  g_autoptr(GError) error = NULL;

  /* Exactly 16 on the start day. */
  birth = date (2011, 1, 1);
  g_assert_true (ud_insurance_enrollment_check (&plan, &birth, &start, 1, &error));
  g_assert_no_error (error);
  /* 16 tomorrow: still 15. */
  birth = date (2011, 1, 2);
  g_assert_false (ud_insurance_enrollment_check (&plan, &birth, &start, 1, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "birth_date");
  g_assert_nonnull (strstr (error->message, "16 to 65"));
  g_clear_error (&error);

  /* 65 on the start day, and still 65 on the day before turning 66. */
  birth = date (1962, 1, 1);
  g_assert_true (ud_insurance_enrollment_check (&plan, &birth, &start, 3, &error));
  birth = date (1961, 1, 2);
  g_assert_true (ud_insurance_enrollment_check (&plan, &birth, &start, 3, &error));
  g_assert_no_error (error);
  /* 66 on the start day. */
  birth = date (1961, 1, 1);
  g_assert_false (ud_insurance_enrollment_check (&plan, &birth, &start, 3, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "birth_date");
  g_clear_error (&error);

  /* Shares: 1 … 3. */
  birth = date (1990, 6, 15);
  g_assert_false (ud_insurance_enrollment_check (&plan, &birth, &start, 4, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "shares");
  g_assert_nonnull (strstr (error->message, "Shares"));
  g_clear_error (&error);
  g_assert_false (ud_insurance_enrollment_check (&plan, &birth, &start, 0, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "shares");
  g_clear_error (&error);

  /* Child plan: 0–17, a newborn on the start day is 0. */
  plan = default_plan (UD_INSURANCE_PLAN_CHILD_ACCIDENT);
  birth = start;
  g_assert_true (ud_insurance_enrollment_check (&plan, &birth, &start, 1, &error));
  g_assert_no_error (error);
  birth = date (2009, 1, 1);
  g_assert_false (ud_insurance_enrollment_check (&plan, &birth, &start, 1, &error));
  g_clear_error (&error);
}

static void
test_waiting_period (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_MAJOR_ILLNESS);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;

  /* Start 2027-01-01, 90 days: the last waiting day is 2027-03-31. */
  assess_lump (&plan, 2, date (2027, 3, 31), "major_illness", 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_REFUSED);
  g_assert_cmpint (assessment.refusal, ==, UD_INSURANCE_REFUSAL_WAITING_PERIOD);
  g_assert_cmpint (assessment.amount, ==, 0);
  assert_has_line (&assessment, "Waiting period: 90 days, until 2027-03-31");

  assess_lump (&plan, 2, date (2027, 4, 1), "major_illness", 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);
  g_assert_cmpint (assessment.amount, ==, YUAN (30000));

  /* The start day itself is in the waiting period. */
  assess_lump (&plan, 1, date (2027, 1, 1), "major_illness", 0, &assessment);
  g_assert_cmpint (assessment.refusal, ==, UD_INSURANCE_REFUSAL_WAITING_PERIOD);
}

static void
test_no_waiting (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_ACCIDENT);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;

  assess_lump (&plan, 3, date (2027, 1, 1), "death", 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);
  g_assert_cmpint (assessment.amount, ==, YUAN (15000));
  assert_has_line (&assessment, "Waiting period: none");
  assert_has_line (&assessment, "Shares: 3");
  assert_has_line (&assessment, "Benefit per share: 5,000.00 yuan");
  g_assert_cmpstr (g_ptr_array_index (assessment.lines, assessment.lines->len - 1), ==,
                   "Paid on this claim: 15,000.00 yuan");

  /* Lump sum × shares by grade. */
  assess_lump (&plan, 2, date (2027, 6, 1), "grade_3", 0, &assessment);
  g_assert_cmpint (assessment.amount, ==, YUAN (8000));
}

static void
test_coverage_dates (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_ACCIDENT);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;

  assess_lump (&plan, 1, date (2026, 12, 31), "death", 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_REFUSED);
  g_assert_cmpint (assessment.refusal, ==, UD_INSURANCE_REFUSAL_BEFORE_COVERAGE);
  g_assert_cmpint (assessment.amount, ==, 0);

  assess_lump (&plan, 1, date (2027, 12, 31), "death", 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);

  assess_lump (&plan, 1, date (2028, 1, 1), "death", 0, &assessment);
  g_assert_cmpint (assessment.refusal, ==, UD_INSURANCE_REFUSAL_AFTER_TERM);

  assess_lump (&plan, 1, date (2027, 5, 1), "major_illness", 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_REFUSED);
  g_assert_cmpint (assessment.refusal, ==, UD_INSURANCE_REFUSAL_UNKNOWN_EVENT);

  assess_lump (&plan, 1, date (2027, 5, 1), NULL, 0, &assessment);
  g_assert_cmpint (assessment.refusal, ==, UD_INSURANCE_REFUSAL_UNKNOWN_EVENT);
}

static void
test_invalid_inputs (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_ACCIDENT);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;
  g_autoptr(GError) error = NULL;
  GDate start = date (2027, 1, 1);
  GDate end = date (2027, 12, 31);
  GDate event = date (2027, 6, 1);

  g_assert_false (ud_insurance_assess (&plan, 4, &start, &end, &event, "death", 0, 0, 0, 0,
                                       &assessment, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  g_assert_cmpstr (ud_error_get_field (error), ==, "shares");
  g_clear_error (&error);

  g_assert_false (ud_insurance_assess (&plan, 1, &start, &end, &event, "death", 0, 0, 0, -1,
                                       &assessment, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
  g_assert_cmpstr (ud_error_get_field (error), ==, "paid_earlier_in_term_fen");
  g_clear_error (&error);

  g_assert_false (ud_insurance_assess (&plan, 1, &start, &end, &event, "death", -1, 0, 0, 0,
                                       &assessment, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "days");
  g_clear_error (&error);

  g_assert_false (ud_insurance_assess (&plan, 1, &end, &start, &event, "death", 0, 0, 0, 0,
                                       &assessment, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "term_end");
  g_clear_error (&error);
  g_assert_null (assessment.lines);
}

static void
test_daily_allowance (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_HOSPITAL);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;
  GDate event = date (2027, 6, 1);

  /* Caps out of the way to look at the days: 100 yuan × 2 shares × 10 days. */
  plan.max_days = 30;
  plan.per_event_cap_fen = YUAN (100000);
  plan.per_term_cap_fen = YUAN (100000);

  assess_full (&plan, 2, &event, "hospital_day", 10, 0, 0, 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);
  g_assert_cmpint (assessment.amount, ==, YUAN (2000));
  g_assert_cmpint (assessment.days_paid, ==, 10);

  /* Capped by the maximum days. */
  assess_full (&plan, 2, &event, "hospital_day", 31, 0, 0, 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_CAPPED);
  g_assert_cmpint (assessment.days_paid, ==, 30);
  g_assert_cmpint (assessment.amount, ==, YUAN (6000));
  assert_has_line (&assessment, "Days paid: 30");

  /* Exactly the maximum: granted. */
  assess_full (&plan, 1, &event, "hospital_day", 30, 0, 0, 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);
  g_assert_cmpint (assessment.amount, ==, YUAN (3000));

  /* Days paid earlier: 25 of 30, so 5 more. */
  assess_full (&plan, 1, &event, "hospital_day", 10, 25, 0, 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_CAPPED);
  g_assert_cmpint (assessment.days_paid, ==, 5);
  g_assert_cmpint (assessment.amount, ==, YUAN (500));

  /* All days used (and more than the maximum recorded): nothing, never negative. */
  assess_full (&plan, 1, &event, "hospital_day", 10, 40, 0, 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_NONE);
  g_assert_cmpint (assessment.days_paid, ==, 0);
  g_assert_cmpint (assessment.amount, ==, 0);

  /* The default plan: 100 yuan a day up to 2,000 yuan a term per share. */
  plan = default_plan (UD_INSURANCE_PLAN_HOSPITAL);
  assess_full (&plan, 1, &event, "hospital_day", 25, 0, 0, 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_CAPPED);
  g_assert_cmpint (assessment.amount, ==, YUAN (2000));
}

static void
test_per_event_cap (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_ACCIDENT);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;

  plan.per_event_cap_fen = YUAN (4000);
  plan.per_term_cap_fen = YUAN (20000);

  assess_lump (&plan, 2, date (2027, 6, 1), "death", 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_CAPPED);
  g_assert_cmpint (assessment.amount, ==, YUAN (8000));
  assert_has_line (&assessment, "Cut to the cap per event: 8,000.00 yuan");

  /* Exactly at the cap: granted. */
  assess_lump (&plan, 2, date (2027, 6, 1), "grade_3", 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);
  g_assert_cmpint (assessment.amount, ==, YUAN (8000));
}

static void
test_per_term_cap_across_claims (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_ACCIDENT);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;
  gint64 paid = 0;

  /* 1 share, 5,000 yuan a term: grade_5 (3,000), grade_8 (1,500), grade_6 (2,500 → 500), then
   * grade_10 gets nothing. */
  assess_lump (&plan, 1, date (2027, 2, 1), "grade_5", paid, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);
  g_assert_cmpint (assessment.amount, ==, YUAN (3000));
  paid += assessment.amount;

  assess_lump (&plan, 1, date (2027, 3, 1), "grade_8", paid, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);
  g_assert_cmpint (assessment.amount, ==, YUAN (1500));
  paid += assessment.amount;

  assess_lump (&plan, 1, date (2027, 4, 1), "grade_6", paid, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_CAPPED);
  g_assert_cmpint (assessment.amount, ==, YUAN (500));
  assert_has_line (&assessment, "Paid earlier this term: 4,500.00 yuan, cap for the term "
                   "5,000.00 yuan");
  assert_has_line (&assessment, "Cut to what is left under the cap for the term: 500.00 yuan");
  paid += assessment.amount;

  assess_lump (&plan, 1, date (2027, 5, 1), "grade_10", paid, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_NONE);
  g_assert_cmpint (assessment.amount, ==, 0);
  assert_has_line (&assessment, "The cap for the term is used up");

  /* Paid earlier above the cap (the plan was edited): still 0, never negative. */
  assess_lump (&plan, 1, date (2027, 5, 1), "grade_10", YUAN (9000), &assessment);
  g_assert_cmpint (assessment.amount, ==, 0);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_NONE);
}

static void
test_refund (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_PROPERTY);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;
  GDate event = date (2027, 7, 20);

  /* Water loss 1,000 yuan a share, 2 shares: a loss of 1,234.56 is refunded in full. */
  assess_full (&plan, 2, &event, "water_loss", 0, 0, 123456, 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);
  g_assert_cmpint (assessment.amount, ==, 123456);

  /* A loss above the limit is cut to it. */
  assess_full (&plan, 2, &event, "water_loss", 0, 0, YUAN (5000), 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_CAPPED);
  g_assert_cmpint (assessment.amount, ==, YUAN (2000));

  /* Exactly the limit. */
  assess_full (&plan, 1, &event, "fire_loss", 0, 0, YUAN (2000), 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_GRANTED);
  g_assert_cmpint (assessment.amount, ==, YUAN (2000));

  /* No loss, nothing to refund. */
  assess_full (&plan, 1, &event, "fire_loss", 0, 0, 0, 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_NONE);
  g_assert_cmpint (assessment.amount, ==, 0);
}

static void
test_big_numbers (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_HOSPITAL);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;
  GDate event = date (2027, 6, 1);
  gint64 per_share = UD_MONEY_MAX_FEN / UD_INSURANCE_MAX_SHARES_LIMIT;

  plan.max_shares = UD_INSURANCE_MAX_SHARES_LIMIT;
  plan.price_per_share_fen = 0;
  plan.benefits[0].amount_per_share_fen = per_share;
  plan.max_days = UD_INSURANCE_MAX_DAYS;
  plan.per_event_cap_fen = per_share;
  plan.per_term_cap_fen = per_share;
  g_assert_true (ud_insurance_plan_validate (&plan, NULL));

  /* daily × 100 shares × 1,098 days ≈ 1.1 × 10¹³ before the caps. */
  assess_full (&plan, UD_INSURANCE_MAX_SHARES_LIMIT, &event, "hospital_day",
               UD_INSURANCE_MAX_DAYS, 0, 0, 0, &assessment);
  g_assert_cmpint (assessment.outcome, ==, UD_INSURANCE_OUTCOME_CAPPED);
  g_assert_cmpint (assessment.amount, ==, UD_MONEY_MAX_FEN);

  assess_full (&plan, UD_INSURANCE_MAX_SHARES_LIMIT, &event, "hospital_day",
               UD_INSURANCE_MAX_DAYS, 0, 0, UD_MONEY_MAX_FEN - 1, &assessment);
  g_assert_cmpint (assessment.amount, ==, 1);
}

static void
test_json (void)
{
  UdInsurancePlan plan = default_plan (UD_INSURANCE_PLAN_ACCIDENT);
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *inputs, *plan_object;

  assess_lump (&plan, 2, date (2027, 6, 1), "death", YUAN (1000), &assessment);
  json = ud_insurance_assessment_to_json (&assessment);
  root = json_from_string (json, NULL);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "capped");
  g_assert_true (json_object_get_null_member (object, "refusal"));
  g_assert_cmpint (json_object_get_int_member (object, "amount"), ==, YUAN (9000));
  inputs = json_object_get_object_member (object, "inputs");
  g_assert_cmpint (json_object_get_int_member (inputs, "shares"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (inputs, "event_date"), ==, "2027-06-01");
  g_assert_cmpstr (json_object_get_string_member (inputs, "event"), ==, "death");
  g_assert_cmpint (json_object_get_int_member (inputs, "paid_earlier_in_term_fen"), ==,
                   YUAN (1000));
  plan_object = json_object_get_object_member (object, "plan");
  g_assert_cmpstr (json_object_get_string_member (plan_object, "kind"), ==, "accident");
  g_assert_cmpint (json_object_get_int_member (plan_object, "per_term_cap_fen"), ==,
                   YUAN (5000));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (plan_object,
                                                                         "benefits")), ==, 12);

  assess_lump (&plan, 1, date (2029, 6, 1), "death", 0, &assessment);
  g_clear_pointer (&json, g_free);
  json = ud_insurance_assessment_to_json (&assessment);
  g_assert_nonnull (strstr (json, "\"refusal\":\"after_term\""));
}

static void
test_codes (void)
{
  UdInsurancePlanKind kind = UD_INSURANCE_PLAN_ACCIDENT;

  for (int i = 0; i < UD_INSURANCE_N_PLANS; i++)
    {
      g_assert_true (ud_insurance_plan_kind_from_string (
        ud_insurance_plan_kind_to_string ((UdInsurancePlanKind) i), &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_false (ud_insurance_plan_kind_from_string ("car", &kind));
  g_assert_false (ud_insurance_plan_kind_from_string (NULL, &kind));
  g_assert_cmpstr (ud_insurance_outcome_to_string (UD_INSURANCE_OUTCOME_CAPPED), ==, "capped");
  g_assert_cmpstr (ud_insurance_refusal_to_string (UD_INSURANCE_REFUSAL_WAITING_PERIOD), ==,
                   "waiting_period");
  g_assert_cmpstr (ud_insurance_benefit_kind_to_string (UD_INSURANCE_BENEFIT_REFUND), ==,
                   "refund");
}

/* The screen's lines in Chinese. */
static void
test_lines_in_chinese (void)
{
  UdInsurancePlan plan;
  g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;
  g_autoptr(GError) error = NULL;
  GDate start = date (2027, 1, 1);
  GDate birth = date (2020, 1, 1);

  if (g_getenv ("UD_LOCALEDIR") == NULL)
    {
      g_test_skip ("UD_LOCALEDIR is not set");
      return;
    }
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }
  ud_core_init_i18n ();

  plan = default_plan (UD_INSURANCE_PLAN_ACCIDENT);
  g_assert_cmpstr (plan.name, ==, "意外伤害");
  assess_lump (&plan, 3, date (2027, 6, 1), "grade_1", YUAN (1000), &assessment);
  assert_has_line (&assessment, "份数：3");
  assert_has_line (&assessment, "每份赔付：5,000.00 元");
  assert_has_line (&assessment, "本期已赔付：1,000.00 元，期内封顶 15,000.00 元");
  g_assert_cmpstr (g_ptr_array_index (assessment.lines, assessment.lines->len - 1), ==,
                   "本次赔付：14,000.00 元");

  plan = default_plan (UD_INSURANCE_PLAN_MAJOR_ILLNESS);
  assess_lump (&plan, 1, date (2027, 3, 31), "major_illness", 0, &assessment);
  assert_has_line (&assessment, "等待期：90 天，至 2027-03-31");

  g_assert_false (ud_insurance_enrollment_check (&plan, &birth, &start, 11, &error));
  g_assert_cmpstr (error->message, ==, "份数：11 不在 1 至本计划上限 10 之间");
  g_clear_error (&error);

  /* A default name stored in English shows in Chinese; the administrator's own name as written. */
  g_assert_cmpstr (ud_insurance_plan_display_name (UD_INSURANCE_PLAN_ACCIDENT, "Accident injury"),
                   ==, "意外伤害");
  g_assert_cmpstr (ud_insurance_plan_display_name (UD_INSURANCE_PLAN_ACCIDENT, ""), ==,
                   "意外伤害");
  g_assert_cmpstr (ud_insurance_plan_display_name (UD_INSURANCE_PLAN_ACCIDENT, "快递员意外险"),
                   ==, "快递员意外险");

  setlocale (LC_ALL, "C.UTF-8");
}

/* The store keeps plans as ud_insurance_plan_to_json() text and reads them back. */
static void
test_plan_from_json (void)
{
  g_autoptr(GArray) plans = ud_insurance_plans_defaults ();
  static const char *const broken[] = {
    "", "[]", "{", "{\"kind\": \"accident\"}", "{\"kind\": \"nonsense\"}",
  };
  UdInsurancePlan read;

  for (guint i = 0; i < plans->len; i++)
    {
      const UdInsurancePlan *plan = &g_array_index (plans, UdInsurancePlan, i);
      g_autofree char *json = ud_insurance_plan_to_json (plan);
      g_autofree char *again = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (ud_insurance_plan_from_json (json, &read, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (&read, sizeof read, plan, sizeof *plan);
      again = ud_insurance_plan_to_json (&read);
      g_assert_cmpstr (json, ==, again);
    }

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ud_insurance_plan_from_json (broken[i], &read, &error));
      g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
      g_assert_cmpstr (ud_error_get_field (error), ==, "definition");
    }

  /* Well-formed but invalid: the validation names the field; a mistyped member is malformed. */
  {
    UdInsurancePlan plan;
    g_autofree char *json = NULL;
    g_autofree char *mistyped = NULL;
    g_autoptr(GError) error = NULL;
    char *at;

    ud_insurance_plan_init_default (&plan, UD_INSURANCE_PLAN_HOSPITAL);
    plan.max_shares = 0;
    json = ud_insurance_plan_to_json (&plan);
    g_assert_false (ud_insurance_plan_from_json (json, &read, &error));
    g_assert_cmpstr (ud_error_get_field (error), ==, "max_shares");
    g_clear_error (&error);

    plan.max_shares = 3;
    mistyped = ud_insurance_plan_to_json (&plan);
    at = strstr (mistyped, "\"max_days\":180");
    g_assert_nonnull (at);
    memcpy (at, "\"max_days\":\"18\"", strlen ("\"max_days\":180"));
    g_assert_false (ud_insurance_plan_from_json (mistyped, &read, &error));
    g_assert_cmpstr (ud_error_get_field (error), ==, "definition");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ud/insurance-rules/defaults", test_defaults);
  g_test_add_func ("/ud/insurance-rules/plan/validate", test_plan_validate);
  g_test_add_func ("/ud/insurance-rules/dates", test_dates);
  g_test_add_func ("/ud/insurance-rules/enrollment", test_enrollment);
  g_test_add_func ("/ud/insurance-rules/waiting-period", test_waiting_period);
  g_test_add_func ("/ud/insurance-rules/no-waiting", test_no_waiting);
  g_test_add_func ("/ud/insurance-rules/coverage-dates", test_coverage_dates);
  g_test_add_func ("/ud/insurance-rules/invalid-inputs", test_invalid_inputs);
  g_test_add_func ("/ud/insurance-rules/daily-allowance", test_daily_allowance);
  g_test_add_func ("/ud/insurance-rules/per-event-cap", test_per_event_cap);
  g_test_add_func ("/ud/insurance-rules/per-term-cap", test_per_term_cap_across_claims);
  g_test_add_func ("/ud/insurance-rules/refund", test_refund);
  g_test_add_func ("/ud/insurance-rules/big-numbers", test_big_numbers);
  g_test_add_func ("/ud/insurance-rules/json", test_json);
  g_test_add_func ("/ud/insurance-rules/plan/from-json", test_plan_from_json);
  g_test_add_func ("/ud/insurance-rules/codes", test_codes);
  g_test_add_func ("/ud/insurance-rules/lines-in-chinese", test_lines_in_chinese);

  return g_test_run ();
}
