/* tests/test-aid-rules.c — the aid computation rules at their edges
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "ud-aid-rules.h"
#include "ud-core.h"
#include "ud-error.h"
#include "ud-money.h"

#define YUAN(y) ((gint64) (y) * 100)

/* The line at @index of @computation. */
static const char *
line_at (const UdComputation *computation,
         guint                index)
{
  g_assert_nonnull (computation->lines);
  g_assert_cmpuint (index, <, computation->lines->len);
  return g_ptr_array_index (computation->lines, index);
}

static const char *
last_line (const UdComputation *computation)
{
  g_assert_nonnull (computation->lines);
  g_assert_cmpuint (computation->lines->len, >, 0);
  return line_at (computation, computation->lines->len - 1);
}

static gboolean
has_line (const UdComputation *computation,
          const char          *line)
{
  for (guint i = 0; i < computation->lines->len; i++)
    if (g_strcmp0 (g_ptr_array_index (computation->lines, i), line) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_has_line (const UdComputation *computation,
                 const char          *line)
{
  if (!has_line (computation, line))
    {
      g_autofree char *text = ud_computation_dup_text (computation);
      g_error ("no line “%s” in:\n%s", line, text);
    }
}

/* Medical relief on one claim with the given policy; asserts it computes. */
static gint64
medical (const UdAidPolicy *policy,
         UdAidCategory      category,
         gint64             before,
         gint64             claim,
         gint64             approved,
         UdComputation     *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_medical_relief_compute (policy, category, before, claim, approved, out,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (out->amount, >=, 0);
  g_assert_cmpint (out->amount, <=, claim);
  return out->amount;
}

/* The same without a computation to look at. */
static gint64
medical_amount (const UdAidPolicy *policy,
                UdAidCategory      category,
                gint64             before,
                gint64             claim,
                gint64             approved)
{
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;

  return medical (policy, category, before, claim, approved, &computation);
}

/* The value @name in a JSON object of policy values. */
static gint64
json_policy_value (const char *json,
                   const char *name,
                   const char **effective_from)
{
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonObject *entry;

  g_assert_nonnull (root);
  entry = json_object_get_object_member (json_node_get_object (root), name);
  g_assert_nonnull (entry);
  if (effective_from != NULL)
    {
      static char stored[16];

      g_strlcpy (stored, json_object_get_string_member_with_default (entry, "effective_from", ""),
                 sizeof stored);
      *effective_from = stored;
    }
  return json_object_get_int_member (entry, "value");
}

/* Policy */

static void
test_policy_defaults (void)
{
  UdAidPolicy policy;
  g_autofree char *json = NULL;
  const UdAidPolicyValue *value;

  ud_aid_policy_init_defaults (&policy);
  g_assert_cmpint (policy.medical_threshold_deep.value, ==, 300000);
  g_assert_cmpint (policy.medical_threshold_relative.value, ==, 200000);
  g_assert_cmpint (policy.medical_ratio.value, ==, 5000);
  g_assert_cmpint (policy.medical_household_cap.value, ==, 2000000);
  g_assert_cmpint (policy.temporary_person_cap.value, ==, 300000);
  g_assert_cmpint (policy.education_high_school_deep.value, ==, 400000);
  g_assert_cmpint (policy.education_high_school_relative.value, ==, 300000);
  g_assert_cmpint (policy.education_college_deep.value, ==, 550000);
  g_assert_cmpint (policy.education_college_relative.value, ==, 450000);
  g_assert_cmpint (policy.condolence_deep.value, ==, 200000);
  g_assert_cmpint (policy.condolence_relative.value, ==, 100000);
  g_assert_cmpint (policy.condolence_accident.value, ==, 150000);
  g_assert_cmpint (policy.living_monthly_deep.value, ==, 50000);
  g_assert_cmpint (policy.living_monthly_relative.value, ==, 30000);
  g_assert_cmpstr (policy.medical_ratio.name, ==, "medical_ratio_bp");
  g_assert_cmpstr (policy.medical_ratio.effective_from, ==, "");

  /* Education defaults stay within DESIGN §4's 3,000–5,500 yuan. */
  g_assert_cmpint (policy.education_high_school_relative.value, >=, YUAN (3000));
  g_assert_cmpint (policy.education_college_deep.value, <=, YUAN (5500));

  value = ud_aid_policy_lookup (&policy, "medical_cap_fen");
  g_assert_true (value == &policy.medical_household_cap);
  g_assert_null (ud_aid_policy_lookup (&policy, "medical.nonsense"));

  json = ud_aid_policy_to_json (&policy);
  g_assert_cmpint (json_policy_value (json, "medical_threshold_relative_fen", NULL), ==, 200000);
  g_assert_cmpint (json_policy_value (json, "living_monthly_relative_fen", NULL), ==, 30000);
  g_assert_nonnull (strstr (json, "\"effective_from\":null"));
}

static void
test_policy_set (void)
{
  UdAidPolicy policy;
  UdAidPolicy copy;
  g_autofree char *json = NULL;
  const char *effective_from = NULL;

  ud_aid_policy_init_defaults (&policy);

  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ud_aid_policy_set (&policy, "medical.bogus", 1, NULL, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
    g_assert_cmpstr (ud_error_get_field (error), ==, "policy");
    g_assert_nonnull (strstr (error->message, "medical.bogus"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ud_aid_policy_set (&policy, "condolence_deep_fen", -1, NULL, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ud_aid_policy_set (&policy, "medical_ratio_bp", 10001, NULL, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ud_aid_policy_set (&policy, "condolence_deep_fen", UD_MONEY_MAX_FEN + 1, NULL,
                                       &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ud_aid_policy_set (&policy, "condolence_deep_fen", 1, "2025-02-29", &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ud_aid_policy_set (&policy, "condolence_deep_fen", 1, "2025-1-1", &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
  }
  /* Refusals leave the value alone. */
  g_assert_cmpint (policy.condolence_deep.value, ==, 200000);
  g_assert_cmpint (policy.medical_ratio.value, ==, 5000);

  g_assert_true (ud_aid_policy_set (&policy, "medical_ratio_bp", 10000, "2024-02-29", NULL));
  g_assert_true (ud_aid_policy_set (&policy, "condolence_deep_fen", 120000, "2025-01-01", NULL));
  g_assert_cmpint (policy.medical_ratio.value, ==, 10000);
  g_assert_cmpstr (policy.condolence_deep.effective_from, ==, "2025-01-01");

  /* A round trip through the snapshot. */
  json = ud_aid_policy_to_json (&policy);
  g_assert_cmpint (json_policy_value (json, "condolence_deep_fen", &effective_from), ==, 120000);
  g_assert_cmpstr (effective_from, ==, "2025-01-01");
  memset (&copy, 0, sizeof copy);
  g_assert_true (ud_aid_policy_from_json (&copy, json, NULL));
  {
    g_autofree char *copy_json = ud_aid_policy_to_json (&copy);

    g_assert_cmpstr (copy_json, ==, json);
    g_assert_cmpstr (copy.condolence_deep.name, ==, "condolence_deep_fen");
    g_assert_cmpint (copy.condolence_deep.value, ==, 120000);
    g_assert_cmpstr (copy.medical_ratio.effective_from, ==, "2024-02-29");
  }

  /* A partial snapshot: the rest are defaults. */
  g_assert_true (ud_aid_policy_from_json (&copy, "{\"medical_ratio_bp\": {\"value\": 6000}}",
                                          NULL));
  g_assert_cmpint (copy.medical_ratio.value, ==, 6000);
  g_assert_cmpstr (copy.medical_ratio.effective_from, ==, "");
  g_assert_cmpint (copy.condolence_deep.value, ==, 200000);

  {
    const char *bad[] = {
      "not json",
      "[1, 2]",
      "{\"medical_ratio_bp\": 5000}",
      "{\"medical_ratio_bp\": {\"value\": 0.5}}",
      "{\"medical_ratio_bp\": {\"value\": 20000}}",
      "{\"medical.unknown\": {\"value\": 1}}",
      "{\"medical_ratio_bp\": {\"value\": 1, \"effective_from\": \"yesterday\"}}",
      "{\"medical_ratio_bp\": {\"value\": 1, \"effective_from\": 20250101}}",
      "{\"medical_ratio_bp\": {\"value\": 1, \"effective_from\": {}}}",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *after = NULL;

        copy = policy;
        g_assert_false (ud_aid_policy_from_json (&copy, bad[i], &error));
        g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
        after = ud_aid_policy_to_json (&copy);
        g_assert_cmpstr (after, ==, json);
      }
  }
}

/* Out-of-pocket */

static void
test_out_of_pocket (void)
{
  UdMedicalBill bill = { YUAN (10000), YUAN (5000), YUAN (1000), YUAN (500), YUAN (300) };
  gint64 out_of_pocket = -1;

  g_assert_true (ud_medical_out_of_pocket (&bill, &out_of_pocket, NULL));
  g_assert_cmpint (out_of_pocket, ==, YUAN (3200));

  /* Payers exactly the total: nothing out of pocket. */
  bill.donations = YUAN (3500);
  g_assert_true (ud_medical_out_of_pocket (&bill, &out_of_pocket, NULL));
  g_assert_cmpint (out_of_pocket, ==, 0);

  /* Nobody paid anything. */
  {
    UdMedicalBill alone = { 123456, 0, 0, 0, 0 };

    g_assert_true (ud_medical_out_of_pocket (&alone, &out_of_pocket, NULL));
    g_assert_cmpint (out_of_pocket, ==, 123456);
  }
}

static void
test_out_of_pocket_refused (void)
{
  gint64 out_of_pocket = -1;

  /* Payers exceed the total by one fen. */
  {
    g_autoptr(GError) error = NULL;
    UdMedicalBill bill = { YUAN (10000), YUAN (5000), YUAN (1000), YUAN (500), YUAN (3500) + 1 };

    g_assert_false (ud_medical_out_of_pocket (&bill, &out_of_pocket, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
    g_assert_cmpstr (ud_error_get_field (error), ==, "total");
    g_assert_cmpstr (error->message, ==,
                     "Total cost: the payers together (10,000.01 yuan) exceed the total cost "
                     "(10,000.00 yuan)");
  }

  /* A negative payer, each one named. */
  {
    const char *fields[] = { "total", "basic_insurance", "critical_insurance", "employer",
                             "donations" };
    const char *labels[] = { "Total cost", "Paid by basic medical insurance",
                             "Paid by critical-illness or commercial insurance",
                             "Paid by the employer", "Paid by donations" };

    for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *expected = g_strdup_printf ("%s: cannot be negative", labels[i]);
        UdMedicalBill bill = { YUAN (100), 0, 0, 0, 0 };
        gint64 *parts[] = { &bill.total, &bill.basic_insurance, &bill.critical_insurance,
                            &bill.employer, &bill.donations };

        *parts[i] = -1;
        g_assert_false (ud_medical_out_of_pocket (&bill, &out_of_pocket, &error));
        g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
        g_assert_cmpstr (ud_error_get_field (error), ==, fields[i]);
        g_assert_cmpstr (error->message, ==, expected);
      }
  }

  /* Overflow is not a way around the check. */
  {
    g_autoptr(GError) error = NULL;
    UdMedicalBill bill = { UD_MONEY_MAX_FEN, G_MAXINT64, G_MAXINT64, 0, 0 };

    g_assert_false (ud_medical_out_of_pocket (&bill, &out_of_pocket, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
    g_assert_cmpstr (ud_error_get_field (error), ==, "basic_insurance");
  }
  {
    g_autoptr(GError) error = NULL;
    UdMedicalBill bill = { UD_MONEY_MAX_FEN + 1, 0, 0, 0, 0 };

    g_assert_false (ud_medical_out_of_pocket (&bill, &out_of_pocket, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
    g_assert_cmpstr (ud_error_get_field (error), ==, "total");
  }

  g_assert_cmpint (out_of_pocket, ==, -1);
}

/* Medical relief */

static void
test_medical_relative_threshold (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;

  ud_aid_policy_init_defaults (&policy);

  /* Exactly at 2,000.00 yuan: "exceeds" is strict, nothing. */
  g_assert_cmpint (medical (&policy, UD_AID_CATEGORY_RELATIVE, 0, YUAN (2000), 0, &computation),
                   ==, 0);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_NONE);
  g_assert_cmpint (computation.rule, ==, UD_AID_RULE_MEDICAL);
  assert_has_line (&computation, "Threshold (relative hardship): 2,000.00 yuan");
  assert_has_line (&computation, "Not above the threshold: no relief");
  g_assert_cmpstr (last_line (&computation), ==, "Relief on this claim: 0.00 yuan");

  /* 2,000.01 yuan: one fen above, half a fen of relief, rounded down to 0.00. */
  g_assert_cmpint (medical (&policy, UD_AID_CATEGORY_RELATIVE, 0, YUAN (2000) + 1, 0,
                            &computation), ==, 0);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_NONE);
  assert_has_line (&computation, "Above the threshold: 0.01 yuan");
  assert_has_line (&computation, "Above the threshold × 50%: 0.00 yuan");

  /* The next fen of the year brings the whole fen: the half fen carried over. */
  g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (2000) + 1, 1, 0), ==,
                   1);
  /* Two fen above in one bill: one fen. */
  g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_RELATIVE, 0, YUAN (2000) + 2, 0), ==,
                   1);

  /* The example of the issue: 3,500.00 yuan this year, relative hardship. */
  g_assert_cmpint (medical (&policy, UD_AID_CATEGORY_RELATIVE, 0, YUAN (3500), 0, &computation),
                   ==, YUAN (750));
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_GRANTED);
  g_assert_cmpstr (line_at (&computation, 0), ==, "Out-of-pocket earlier this year: 0.00 yuan");
  g_assert_cmpstr (line_at (&computation, 1), ==, "Out-of-pocket on this claim: 3,500.00 yuan");
  g_assert_cmpstr (line_at (&computation, 2), ==,
                   "Cumulative out-of-pocket this year: 3,500.00 yuan");
  assert_has_line (&computation, "Above the threshold × 50%: 750.00 yuan");
  assert_has_line (&computation,
                   "Approved for the household this year: 0.00 yuan, cap 20,000.00 yuan");
  g_assert_cmpstr (last_line (&computation), ==, "Relief on this claim: 750.00 yuan");
}

static void
test_medical_deep_threshold (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;

  ud_aid_policy_init_defaults (&policy);

  g_assert_cmpint (medical (&policy, UD_AID_CATEGORY_DEEP, 0, YUAN (3000), 0, &computation), ==,
                   0);
  assert_has_line (&computation, "Threshold (deep hardship): 3,000.00 yuan");
  g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_DEEP, 0, YUAN (3000) + 1, 0), ==, 0);
  g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_DEEP, 0, YUAN (3000) + 2, 0), ==, 1);
  g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_DEEP, 0, YUAN (3500), 0), ==,
                   YUAN (250));
  /* Between the thresholds: something for relative hardship, nothing for deep. */
  g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_DEEP, 0, YUAN (2500), 0), ==, 0);
  g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_RELATIVE, 0, YUAN (2500), 0), ==,
                   YUAN (250));

  /* Accident-caused hardship uses the relative threshold, and says so. */
  g_assert_cmpint (medical (&policy, UD_AID_CATEGORY_ACCIDENT, 0, YUAN (2500), 0, &computation),
                   ==, YUAN (250));
  assert_has_line (&computation,
                   "Accident-caused hardship uses the threshold of relative hardship");
  assert_has_line (&computation, "Threshold (relative hardship): 2,000.00 yuan");
  g_assert_cmpint (json_policy_value (computation.policy_json, "medical_threshold_relative_fen",
                                      NULL), ==, 200000);
  g_assert_null (strstr (computation.policy_json, "medical_threshold_deep_fen"));
}

/* Claims of one household in one year, in order. Returns the year's relief. */
static gint64
run_year (const UdAidPolicy *policy,
          UdAidCategory      category,
          const gint64      *claims,
          gsize              n_claims,
          gint64            *reliefs)
{
  gint64 before = 0, approved = 0;

  for (gsize i = 0; i < n_claims; i++)
    {
      reliefs[i] = medical_amount (policy, category, before, claims[i], approved);
      before += claims[i];
      approved += reliefs[i];
    }
  return approved;
}

static void
test_medical_straddling (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;
  const gint64 claims[] = { YUAN (1500), YUAN (1000), YUAN (2000) };
  gint64 reliefs[G_N_ELEMENTS (claims)];

  ud_aid_policy_init_defaults (&policy);

  /* 1,500 below; 2,500 straddles (500 above); 4,500 all above. */
  g_assert_cmpint (run_year (&policy, UD_AID_CATEGORY_RELATIVE, claims, G_N_ELEMENTS (claims),
                             reliefs), ==, YUAN (1250));
  g_assert_cmpint (reliefs[0], ==, 0);
  g_assert_cmpint (reliefs[1], ==, YUAN (250));
  g_assert_cmpint (reliefs[2], ==, YUAN (1000));

  /* The third claim shows the earlier share. */
  medical (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (2500), YUAN (2000), YUAN (250), &computation);
  assert_has_line (&computation, "Out-of-pocket earlier this year: 2,500.00 yuan");
  assert_has_line (&computation, "Cumulative out-of-pocket this year: 4,500.00 yuan");
  assert_has_line (&computation, "Above the threshold this year: 2,500.00 yuan");
  assert_has_line (&computation, "Above the threshold this year × 50%: 1,250.00 yuan");
  assert_has_line (&computation,
                   "Less the share of earlier claims (500.00 yuan × 50%): 250.00 yuan");
  assert_has_line (&computation,
                   "Approved for the household this year: 250.00 yuan, cap 20,000.00 yuan");
  g_assert_cmpstr (last_line (&computation), ==, "Relief on this claim: 1,000.00 yuan");

  /* Many odd-fen bills give what one bill of their sum gives: splitting changes nothing. */
  {
    gint64 odd[7] = { 199999, 3, 5, 7, 11, 13, 17 };
    gint64 odd_reliefs[7];
    gint64 sum = 0;

    for (gsize i = 0; i < G_N_ELEMENTS (odd); i++)
      sum += odd[i];
    g_assert_cmpint (run_year (&policy, UD_AID_CATEGORY_RELATIVE, odd, G_N_ELEMENTS (odd),
                               odd_reliefs), ==,
                     medical_amount (&policy, UD_AID_CATEGORY_RELATIVE, 0, sum, 0));
  }
}

static void
test_medical_cap (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;
  /* Five claims of 12,000 yuan, then one more: relative hardship, threshold 2,000. */
  const gint64 claims[] = { YUAN (12000), YUAN (12000), YUAN (12000), YUAN (12000),
                            YUAN (12000), YUAN (800) };
  gint64 reliefs[G_N_ELEMENTS (claims)];

  ud_aid_policy_init_defaults (&policy);

  g_assert_cmpint (run_year (&policy, UD_AID_CATEGORY_RELATIVE, claims, G_N_ELEMENTS (claims),
                             reliefs), ==, YUAN (20000));
  g_assert_cmpint (reliefs[0], ==, YUAN (5000));
  g_assert_cmpint (reliefs[1], ==, YUAN (6000));
  g_assert_cmpint (reliefs[2], ==, YUAN (6000));
  g_assert_cmpint (reliefs[3], ==, YUAN (3000));  /* cut to the remainder */
  g_assert_cmpint (reliefs[4], ==, 0);
  g_assert_cmpint (reliefs[5], ==, 0);

  /* The cut claim says so. */
  medical (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (36000), YUAN (12000), YUAN (17000),
           &computation);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_CAPPED);
  assert_has_line (&computation,
                   "Approved for the household this year: 17,000.00 yuan, cap 20,000.00 yuan");
  assert_has_line (&computation, "Cut to what is left under the cap: 3,000.00 yuan");
  g_assert_cmpstr (last_line (&computation), ==, "Relief on this claim: 3,000.00 yuan");

  /* A later claim gets nothing. */
  medical (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (48000), YUAN (12000), YUAN (20000),
           &computation);
  g_assert_cmpint (computation.amount, ==, 0);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_NONE);
  assert_has_line (&computation, "The cap for the year is used up");

  /* Exactly reaching the cap is not a cut. */
  medical (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (2000), YUAN (1000), YUAN (19500),
           &computation);
  g_assert_cmpint (computation.amount, ==, YUAN (500));
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_GRANTED);
  assert_has_line (&computation,
                   "Approved for the household this year: 19,500.00 yuan, cap 20,000.00 yuan");
  g_assert_false (has_line (&computation, "Cut to what is left under the cap: 500.00 yuan"));

  /* One fen more than the cap allows. */
  g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (2000), YUAN (1000),
                                   YUAN (19500) + 1), ==, YUAN (500) - 1);

  /* More approved than the cap (an approver's override): nothing, never negative. */
  g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (2000), YUAN (1000),
                                   YUAN (25000)), ==, 0);
}

static void
test_medical_never_above_claim (void)
{
  const gint64 ratios[] = { 0, 1, 3333, 5000, 6667, 9999, 10000 };
  const gint64 befores[] = { 0, 1, 199998, 199999, 200000, 200001, 200002, 350001 };
  const gint64 claims[] = { 0, 1, 2, 3, 99, 100, 12345 };

  for (gsize r = 0; r < G_N_ELEMENTS (ratios); r++)
    {
      UdAidPolicy policy;

      ud_aid_policy_init_defaults (&policy);
      g_assert_true (ud_aid_policy_set (&policy, "medical_ratio_bp", ratios[r], NULL, NULL));

      for (gsize b = 0; b < G_N_ELEMENTS (befores); b++)
        for (gsize c = 0; c < G_N_ELEMENTS (claims); c++)
          for (int category = UD_AID_CATEGORY_DEEP; category <= UD_AID_CATEGORY_ACCIDENT;
               category++)
            {
              gint64 relief = medical_amount (&policy, category, befores[b], claims[c], 0);
              gint64 threshold = category == UD_AID_CATEGORY_DEEP ? 300000 : 200000;
              gint64 above_before = MAX (0, befores[b] - threshold);
              gint64 above_after = MAX (0, befores[b] + claims[c] - threshold);

              /* medical_amount() asserts relief ≤ claim; the rest is the telescoping rule. */
              g_assert_cmpint (relief, ==,
                               above_after * ratios[r] / 10000 - above_before * ratios[r] / 10000);
            }
    }

  /* At 100% the relief is exactly the part above the threshold, never the whole claim. */
  {
    UdAidPolicy policy;

    ud_aid_policy_init_defaults (&policy);
    g_assert_true (ud_aid_policy_set (&policy, "medical_ratio_bp", 10000, NULL, NULL));
    g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (1000), YUAN (5000),
                                     0), ==, YUAN (4000));
    g_assert_cmpint (medical_amount (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (5000), YUAN (100),
                                     0), ==, YUAN (100));
  }
}

static void
test_medical_rounding (void)
{
  UdAidPolicy policy;
  gint64 before = 0, total_relief = 0;

  /* A ratio of 33.33%: every fen is a fraction. */
  ud_aid_policy_init_defaults (&policy);
  g_assert_true (ud_aid_policy_set (&policy, "medical_ratio_bp", 3333, NULL, NULL));

  for (int i = 0; i < 200; i++)
    {
      gint64 claim = 197 + i * 7919 % 1013;
      gint64 relief = medical_amount (&policy, UD_AID_CATEGORY_RELATIVE, before, claim,
                                      total_relief);

      before += claim;
      total_relief += relief;

      /* Never a fen more than the exact share of the whole year, never one less than its
       * rounded-down value. */
      g_assert_cmpint (total_relief * 10000, <=, MAX (0, before - 200000) * 3333);
      g_assert_cmpint (total_relief, ==, MAX (0, before - 200000) * 3333 / 10000);
    }

  {
    g_auto(UdComputation) computation = UD_COMPUTATION_INIT;

    medical (&policy, UD_AID_CATEGORY_RELATIVE, 0, YUAN (3000), 0, &computation);
    g_assert_cmpint (computation.amount, ==, 33330);
    assert_has_line (&computation, "Above the threshold × 33.33%: 333.30 yuan");
  }
}

static void
test_medical_policy_changed (void)
{
  UdAidPolicy old_policy, new_policy, replayed;
  g_auto(UdComputation) first = UD_COMPUTATION_INIT;
  g_auto(UdComputation) second = UD_COMPUTATION_INIT;
  g_auto(UdComputation) again = UD_COMPUTATION_INIT;
  g_autofree char *first_snapshot = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *again_text = NULL;
  const char *effective_from = NULL;

  ud_aid_policy_init_defaults (&old_policy);
  g_assert_true (ud_aid_policy_set (&old_policy, "medical_threshold_relative_fen", 200000,
                                    "2025-01-01", NULL));
  g_assert_true (ud_aid_policy_set (&old_policy, "medical_ratio_bp", 5000, "2025-01-01", NULL));

  /* From July: a lower threshold and a higher ratio. */
  new_policy = old_policy;
  g_assert_true (ud_aid_policy_set (&new_policy, "medical_threshold_relative_fen", 150000,
                                    "2025-07-01", NULL));
  g_assert_true (ud_aid_policy_set (&new_policy, "medical_ratio_bp", 6000, "2025-07-01", NULL));

  /* March: 3,000 yuan under the old policy. */
  medical (&old_policy, UD_AID_CATEGORY_RELATIVE, 0, YUAN (3000), 0, &first);
  g_assert_cmpint (first.amount, ==, YUAN (500));
  first_snapshot = ud_computation_to_json (&first);
  first_text = ud_computation_dup_text (&first);

  /* September: 1,000 yuan more under the new policy. The earlier cumulative 3,000 is already
   * 1,500 above the new threshold, so this claim's 1,000 are all above it: 60% of 1,000. */
  medical (&new_policy, UD_AID_CATEGORY_RELATIVE, YUAN (3000), YUAN (1000), YUAN (500), &second);
  g_assert_cmpint (second.amount, ==, YUAN (600));
  g_assert_cmpint (json_policy_value (second.policy_json, "medical_ratio_bp", &effective_from), ==,
                   6000);
  g_assert_cmpstr (effective_from, ==, "2025-07-01");
  assert_has_line (&second, "Threshold (relative hardship): 1,500.00 yuan");

  /* The old decision keeps the values it used. */
  g_assert_cmpint (json_policy_value (first.policy_json, "medical_ratio_bp", &effective_from), ==,
                   5000);
  g_assert_cmpstr (effective_from, ==, "2025-01-01");
  g_assert_cmpint (json_policy_value (first.policy_json, "medical_threshold_relative_fen", NULL),
                   ==, 200000);
  g_assert_cmpint (json_policy_value (first.policy_json, "medical_cap_fen", NULL), ==,
                   2000000);
  {
    g_autofree char *snapshot_now = ud_computation_to_json (&first);
    g_assert_cmpstr (snapshot_now, ==, first_snapshot);
  }

  /* Recomputed from its snapshot it gives the same amount and the same lines. */
  g_assert_true (ud_aid_policy_from_json (&replayed, first.policy_json, NULL));
  g_assert_cmpint (replayed.medical_ratio.value, ==, 5000);
  g_assert_cmpint (replayed.medical_threshold_relative.value, ==, 200000);
  g_assert_cmpstr (replayed.medical_threshold_relative.effective_from, ==, "2025-01-01");
  medical (&replayed, UD_AID_CATEGORY_RELATIVE, 0, YUAN (3000), 0, &again);
  g_assert_cmpint (again.amount, ==, first.amount);
  again_text = ud_computation_dup_text (&again);
  g_assert_cmpstr (again_text, ==, first_text);
  g_assert_cmpstr (again.policy_json, ==, first.policy_json);

  /* The whole decision as stored. */
  {
    g_autoptr(JsonNode) root = json_from_string (first_snapshot, NULL);
    JsonObject *object, *inputs;

    g_assert_nonnull (root);
    object = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (object, "rule"), ==, "medical");
    g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "granted");
    g_assert_cmpint (json_object_get_int_member (object, "amount"), ==, YUAN (500));
    inputs = json_object_get_object_member (object, "inputs");
    g_assert_cmpstr (json_object_get_string_member (inputs, "category"), ==, "relative");
    g_assert_cmpint (json_object_get_int_member (inputs, "this_claim_out_of_pocket"), ==,
                     YUAN (3000));
    g_assert_true (json_object_has_member (json_object_get_object_member (object, "policy"),
                                           "medical_ratio_bp"));
  }
}

static void
test_medical_invalid (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;
  struct
  {
    gint64      before, claim, approved;
    const char *field;
  } cases[] = {
    { -1, 0, 0, "year_out_of_pocket_before" },
    { 0, -1, 0, "this_claim_out_of_pocket" },
    { 0, 0, -1, "approved_this_year" },
    { UD_MONEY_MAX_FEN + 1, 0, 0, "year_out_of_pocket_before" },
    { 0, G_MAXINT64, 0, "this_claim_out_of_pocket" },
  };

  ud_aid_policy_init_defaults (&policy);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ud_medical_relief_compute (&policy, UD_AID_CATEGORY_RELATIVE,
                                                 cases[i].before, cases[i].claim,
                                                 cases[i].approved, &computation, &error));
      g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
      g_assert_cmpstr (ud_error_get_field (error), ==, cases[i].field);
      g_assert_null (computation.lines);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ud_medical_relief_compute (&policy, UD_AID_CATEGORY_RELATIVE, 0, -5, 0,
                                               &computation, &error));
    g_assert_cmpstr (error->message, ==, "Out-of-pocket on this claim: cannot be negative");
  }
}

static void
test_big_numbers (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;

  /* The ratio helper over the whole gint64 range. */
  g_assert_cmpint (ud_aid_apply_ratio (G_MAXINT64, 10000), ==, G_MAXINT64);
  g_assert_cmpint (ud_aid_apply_ratio (G_MAXINT64, 0), ==, 0);
  g_assert_cmpint (ud_aid_apply_ratio (G_MAXINT64, 5000), ==, G_MAXINT64 / 2);
#ifdef __SIZEOF_INT128__
  for (gint64 bp = 0; bp <= 10000; bp += 1)
    {
      __extension__ typedef __int128 wide;
      gint64 fens[] = { G_MAXINT64, G_MAXINT64 - 1, UD_MONEY_MAX_FEN * 2 + 9999, 12345678901 };

      for (gsize i = 0; i < G_N_ELEMENTS (fens); i++)
        g_assert_cmpint (ud_aid_apply_ratio (fens[i], bp), ==,
                         (gint64) ((wide) fens[i] * bp / 10000));
    }
#endif
  g_assert_cmpint (ud_aid_apply_ratio (1, 9999), ==, 0);
  g_assert_cmpint (ud_aid_apply_ratio (9999, 9999), ==, 9998);

  /* Every amount at the largest a column holds. */
  ud_aid_policy_init_defaults (&policy);
  g_assert_true (ud_aid_policy_set (&policy, "medical_cap_fen", UD_MONEY_MAX_FEN, NULL,
                                    NULL));
  g_assert_true (ud_aid_policy_set (&policy, "medical_ratio_bp", 9999, NULL, NULL));
  medical (&policy, UD_AID_CATEGORY_RELATIVE, UD_MONEY_MAX_FEN, UD_MONEY_MAX_FEN, 0,
           &computation);
  g_assert_cmpint (computation.amount, ==,
                   (2 * UD_MONEY_MAX_FEN - 200000) * 9999 / 10000 -
                   (UD_MONEY_MAX_FEN - 200000) * 9999 / 10000);
  assert_has_line (&computation,
                   "Cumulative out-of-pocket this year: 200,000,000.00 yuan");
  assert_has_line (&computation, "Above the threshold this year × 99.99%: 199,978,000.20 yuan");

  medical (&policy, UD_AID_CATEGORY_RELATIVE, 0, UD_MONEY_MAX_FEN, UD_MONEY_MAX_FEN,
           &computation);
  g_assert_cmpint (computation.amount, ==, 0);

  {
    UdMedicalBill bill = { UD_MONEY_MAX_FEN, UD_MONEY_MAX_FEN / 4, UD_MONEY_MAX_FEN / 4,
                           UD_MONEY_MAX_FEN / 4, UD_MONEY_MAX_FEN / 4 };
    gint64 out_of_pocket = -1;

    g_assert_true (ud_medical_out_of_pocket (&bill, &out_of_pocket, NULL));
    g_assert_cmpint (out_of_pocket, ==, 0);
  }

  {
    g_autoptr(GError) error = NULL;

    g_assert_true (ud_temporary_relief_compute (&policy, UD_MONEY_MAX_FEN, UD_MONEY_MAX_FEN,
                                                &computation, &error));
    g_assert_cmpint (computation.amount, ==, 0);
  }
}

/* Education */

static void
test_education (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;
  const struct
  {
    UdSchoolLevel level;
    UdAidCategory category;
    gint64        amount;
  } cases[] = {
    { UD_SCHOOL_LEVEL_HIGH_SCHOOL, UD_AID_CATEGORY_DEEP, YUAN (4000) },
    { UD_SCHOOL_LEVEL_HIGH_SCHOOL, UD_AID_CATEGORY_RELATIVE, YUAN (3000) },
    { UD_SCHOOL_LEVEL_HIGH_SCHOOL, UD_AID_CATEGORY_ACCIDENT, YUAN (3000) },
    { UD_SCHOOL_LEVEL_COLLEGE, UD_AID_CATEGORY_DEEP, YUAN (5500) },
    { UD_SCHOOL_LEVEL_COLLEGE, UD_AID_CATEGORY_RELATIVE, YUAN (4500) },
    { UD_SCHOOL_LEVEL_COLLEGE, UD_AID_CATEGORY_ACCIDENT, YUAN (4500) },
  };

  ud_aid_policy_init_defaults (&policy);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ud_education_aid_compute (&policy, cases[i].level, cases[i].category, FALSE, FALSE,
                                &computation);
      g_assert_cmpint (computation.rule, ==, UD_AID_RULE_EDUCATION);
      g_assert_cmpint (computation.amount, ==, cases[i].amount);
      g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_GRANTED);
    }

  ud_education_aid_compute (&policy, UD_SCHOOL_LEVEL_COLLEGE, UD_AID_CATEGORY_DEEP, FALSE, FALSE,
                            &computation);
  g_assert_cmpstr (line_at (&computation, 0), ==, "School level: college");
  g_assert_cmpstr (line_at (&computation, 1), ==, "Hardship category: deep hardship");
  assert_has_line (&computation, "Amount per child and year: 5,500.00 yuan");
  g_assert_cmpstr (last_line (&computation), ==, "Education aid: 5,500.00 yuan");
  g_assert_cmpint (json_policy_value (computation.policy_json, "education_college_deep_fen", NULL),
                   ==, 550000);

  /* Aided by another body this year: refused with the reason, not an error. */
  ud_education_aid_compute (&policy, UD_SCHOOL_LEVEL_COLLEGE, UD_AID_CATEGORY_DEEP, TRUE, FALSE,
                            &computation);
  g_assert_cmpint (computation.amount, ==, 0);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_REFUSED);
  assert_has_line (&computation, "Refused: the child is already aided by another body this year");
  g_assert_cmpstr (computation.policy_json, ==, "{}");

  /* Twice in a year. */
  ud_education_aid_compute (&policy, UD_SCHOOL_LEVEL_HIGH_SCHOOL, UD_AID_CATEGORY_RELATIVE, FALSE,
                            TRUE, &computation);
  g_assert_cmpint (computation.amount, ==, 0);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_REFUSED);
  assert_has_line (&computation, "Refused: the child has already been aided by us this year");
  g_assert_cmpstr (last_line (&computation), ==, "Education aid: 0.00 yuan");

  /* Both: the outside aid is the reason given. */
  ud_education_aid_compute (&policy, UD_SCHOOL_LEVEL_HIGH_SCHOOL, UD_AID_CATEGORY_RELATIVE, TRUE,
                            TRUE, &computation);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_REFUSED);
  assert_has_line (&computation, "Refused: the child is already aided by another body this year");
}

/* Temporary relief */

static void
test_temporary (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;

  ud_aid_policy_init_defaults (&policy);

  /* Exactly reaching the cap. */
  g_assert_true (ud_temporary_relief_compute (&policy, YUAN (2000), YUAN (1000), &computation,
                                              NULL));
  g_assert_cmpint (computation.amount, ==, YUAN (2000));
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_GRANTED);
  g_assert_cmpstr (line_at (&computation, 0), ==, "Requested: 2,000.00 yuan");
  g_assert_cmpstr (line_at (&computation, 1), ==,
                   "Approved for this person this year: 1,000.00 yuan, cap 3,000.00 yuan");
  g_assert_cmpstr (last_line (&computation), ==, "Temporary relief: 2,000.00 yuan");

  /* One fen over. */
  g_assert_true (ud_temporary_relief_compute (&policy, YUAN (2000) + 1, YUAN (1000),
                                              &computation, NULL));
  g_assert_cmpint (computation.amount, ==, YUAN (2000));
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_CAPPED);
  assert_has_line (&computation, "Cut to what is left under the cap: 2,000.00 yuan");

  /* A single request above the cap. */
  g_assert_true (ud_temporary_relief_compute (&policy, YUAN (5000), 0, &computation, NULL));
  g_assert_cmpint (computation.amount, ==, YUAN (3000));
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_CAPPED);

  /* Cap used up. */
  g_assert_true (ud_temporary_relief_compute (&policy, 1, YUAN (3000), &computation, NULL));
  g_assert_cmpint (computation.amount, ==, 0);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_NONE);
  assert_has_line (&computation, "The cap for the year is used up");

  /* Nothing asked. */
  g_assert_true (ud_temporary_relief_compute (&policy, 0, 0, &computation, NULL));
  g_assert_cmpint (computation.amount, ==, 0);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_NONE);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ud_temporary_relief_compute (&policy, -100, 0, &computation, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
    g_assert_cmpstr (ud_error_get_field (error), ==, "requested");
    g_assert_cmpstr (error->message, ==, "Requested amount: cannot be negative");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ud_temporary_relief_compute (&policy, 0, -1, &computation, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
    g_assert_cmpstr (ud_error_get_field (error), ==, "approved_this_year_for_person");
  }
}

/* Condolence */

static void
test_condolence (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;
  g_autofree char *json = NULL;

  ud_aid_policy_init_defaults (&policy);
  g_assert_cmpint (ud_condolence_amount (&policy, UD_AID_CATEGORY_DEEP), ==, YUAN (2000));
  g_assert_cmpint (ud_condolence_amount (&policy, UD_AID_CATEGORY_RELATIVE), ==, YUAN (1000));
  g_assert_cmpint (ud_condolence_amount (&policy, UD_AID_CATEGORY_ACCIDENT), ==, YUAN (1500));

  ud_condolence_compute (&policy, UD_AID_CATEGORY_ACCIDENT, &computation);
  g_assert_cmpint (computation.rule, ==, UD_AID_RULE_CONDOLENCE);
  g_assert_cmpint (computation.amount, ==, YUAN (1500));
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_GRANTED);
  g_assert_cmpstr (last_line (&computation), ==,
                   "Condolence for accident-caused hardship: 1,500.00 yuan");

  /* A policy of 0 for a category: nothing, not an error. */
  g_assert_true (ud_aid_policy_set (&policy, "condolence_relative_fen", 0, "2026-01-01", NULL));
  ud_condolence_compute (&policy, UD_AID_CATEGORY_RELATIVE, &computation);
  g_assert_cmpint (computation.amount, ==, 0);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_NONE);

  json = ud_computation_to_json (&computation);
  g_assert_nonnull (strstr (json, "\"rule\":\"condolence\""));
  g_assert_nonnull (strstr (json, "\"2026-01-01\""));
}

/* Living relief */

static void
test_living (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;

  ud_aid_policy_init_defaults (&policy);

  g_assert_true (ud_living_relief_compute (&policy, UD_AID_CATEGORY_DEEP, 12, 0, &computation,
                                           NULL));
  g_assert_cmpint (computation.amount, ==, YUAN (6000));
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_GRANTED);
  assert_has_line (&computation, "Monthly amount (deep hardship): 500.00 yuan");
  assert_has_line (&computation, "Months requested: 12");
  g_assert_cmpstr (last_line (&computation), ==,
                   "Living relief (monthly amount × months): 6,000.00 yuan");

  g_assert_true (ud_living_relief_compute (&policy, UD_AID_CATEGORY_ACCIDENT, 3, 0, &computation,
                                           NULL));
  g_assert_cmpint (computation.amount, ==, YUAN (900));
  assert_has_line (&computation,
                   "Accident-caused hardship receives the amount of relative hardship");

  /* Cut at 12 months a year. */
  g_assert_true (ud_living_relief_compute (&policy, UD_AID_CATEGORY_RELATIVE, 6, 9, &computation,
                                           NULL));
  g_assert_cmpint (computation.amount, ==, YUAN (900));
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_CAPPED);
  assert_has_line (&computation, "Months granted: 3");

  g_assert_true (ud_living_relief_compute (&policy, UD_AID_CATEGORY_RELATIVE, 1, 12, &computation,
                                           NULL));
  g_assert_cmpint (computation.amount, ==, 0);
  g_assert_cmpint (computation.outcome, ==, UD_AID_OUTCOME_NONE);

  {
    const int bad[][2] = { { 0, 0 }, { 13, 0 }, { -1, 0 }, { 1, -1 }, { 1, 13 } };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;

        g_assert_false (ud_living_relief_compute (&policy, UD_AID_CATEGORY_RELATIVE, bad[i][0],
                                                  bad[i][1], &computation, &error));
        g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD);
        g_assert_cmpstr (ud_error_get_field (error), ==,
                         i < 3 ? "months" : "months_granted_this_year");
      }
  }
}

static void
test_codes (void)
{
  UdAidCategory category = UD_AID_CATEGORY_DEEP;

  g_assert_true (ud_aid_category_from_string ("accident", &category));
  g_assert_cmpint (category, ==, UD_AID_CATEGORY_ACCIDENT);
  g_assert_false (ud_aid_category_from_string ("poor", &category));
  g_assert_false (ud_aid_category_from_string (NULL, &category));
  g_assert_cmpint (category, ==, UD_AID_CATEGORY_ACCIDENT);
  g_assert_cmpstr (ud_aid_category_to_string (UD_AID_CATEGORY_RELATIVE), ==, "relative");
  g_assert_cmpstr (ud_aid_outcome_to_string (UD_AID_OUTCOME_CAPPED), ==, "capped");
  g_assert_cmpstr (ud_aid_rule_to_string (UD_AID_RULE_LIVING), ==, "living");
}

/* The screen's lines in Chinese. */
static void
test_lines_in_chinese (void)
{
  UdAidPolicy policy;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;

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

  ud_aid_policy_init_defaults (&policy);
  medical (&policy, UD_AID_CATEGORY_RELATIVE, YUAN (1000), YUAN (2500), YUAN (19500),
           &computation);
  g_assert_cmpint (computation.amount, ==, YUAN (500));
  assert_has_line (&computation, "本年度累计自付：3,500.00 元");
  assert_has_line (&computation, "起付线（相对困难）：2,000.00 元");
  assert_has_line (&computation, "超出部分 × 50%：750.00 元");
  assert_has_line (&computation, "本户本年度已批准：19,500.00 元，封顶 20,000.00 元");
  assert_has_line (&computation, "按封顶余额核减为：500.00 元");
  g_assert_cmpstr (last_line (&computation), ==, "本次救助：500.00 元");

  {
    g_autoptr(GError) error = NULL;
    UdMedicalBill bill = { YUAN (100), 0, 0, -1, 0 };
    gint64 out_of_pocket;

    g_assert_false (ud_medical_out_of_pocket (&bill, &out_of_pocket, &error));
    g_assert_cmpstr (error->message, ==, "单位支付：不能为负数");
  }

  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ud/aid-rules/policy/defaults", test_policy_defaults);
  g_test_add_func ("/ud/aid-rules/policy/set", test_policy_set);
  g_test_add_func ("/ud/aid-rules/out-of-pocket/computed", test_out_of_pocket);
  g_test_add_func ("/ud/aid-rules/out-of-pocket/refused", test_out_of_pocket_refused);
  g_test_add_func ("/ud/aid-rules/medical/relative-threshold", test_medical_relative_threshold);
  g_test_add_func ("/ud/aid-rules/medical/deep-threshold", test_medical_deep_threshold);
  g_test_add_func ("/ud/aid-rules/medical/straddling", test_medical_straddling);
  g_test_add_func ("/ud/aid-rules/medical/cap", test_medical_cap);
  g_test_add_func ("/ud/aid-rules/medical/never-above-claim", test_medical_never_above_claim);
  g_test_add_func ("/ud/aid-rules/medical/rounding", test_medical_rounding);
  g_test_add_func ("/ud/aid-rules/medical/policy-changed", test_medical_policy_changed);
  g_test_add_func ("/ud/aid-rules/medical/invalid", test_medical_invalid);
  g_test_add_func ("/ud/aid-rules/big-numbers", test_big_numbers);
  g_test_add_func ("/ud/aid-rules/education", test_education);
  g_test_add_func ("/ud/aid-rules/temporary", test_temporary);
  g_test_add_func ("/ud/aid-rules/condolence", test_condolence);
  g_test_add_func ("/ud/aid-rules/living", test_living);
  g_test_add_func ("/ud/aid-rules/codes", test_codes);
  g_test_add_func ("/ud/aid-rules/lines-in-chinese", test_lines_in_chinese);

  return g_test_run ();
}
