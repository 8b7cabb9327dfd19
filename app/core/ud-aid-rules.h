/* ud-aid-rules.h — the aid computation rules: pure functions that show their computation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Hardship category of the household the aid is for (stored codes "deep", "relative",
 * "accident"). Where the policy has no value of its own for accident-caused hardship
 * (medical threshold, education amounts, living relief) the relative-hardship value applies. */
typedef enum
{
  UD_AID_CATEGORY_DEEP,
  UD_AID_CATEGORY_RELATIVE,
  UD_AID_CATEGORY_ACCIDENT,
} UdAidCategory;

/* School level of a child for education aid (stored codes "high_school", "college"). */
typedef enum
{
  UD_SCHOOL_LEVEL_HIGH_SCHOOL,
  UD_SCHOOL_LEVEL_COLLEGE,
} UdSchoolLevel;

typedef enum
{
  UD_AID_RULE_MEDICAL,
  UD_AID_RULE_EDUCATION,
  UD_AID_RULE_TEMPORARY,
  UD_AID_RULE_CONDOLENCE,
  UD_AID_RULE_LIVING,
} UdAidRule;

typedef enum
{
  UD_AID_OUTCOME_GRANTED,  /* the full amount the rule gives */
  UD_AID_OUTCOME_CAPPED,   /* less than asked or due: a yearly cap cut it */
  UD_AID_OUTCOME_NONE,     /* nothing due (not above the threshold, cap used up); amount 0 */
  UD_AID_OUTCOME_REFUSED,  /* not eligible (aided elsewhere, already aided); amount 0 */
} UdAidOutcome;

/* One policy parameter as the computation used it. */
typedef struct
{
  const char *name;               /* static: the parameter name, e.g. "medical_ratio_bp" */
  gint64      value;              /* fen; basis points for "medical_ratio_bp" (5000 = 50%) */
  char        effective_from[11]; /* "YYYY-MM-DD" of the policy version, "" for the default */
} UdAidPolicyValue;

/* The policy values the rules read. A plain struct without pointers to the heap: copy it by
 * assignment, keep it on the stack. Fill it with ud_aid_policy_init_defaults() and then
 * ud_aid_policy_set() for each named value of the policy version in force. The names are the
 * keys of the policy table (UD_POLICY_* in ud-policy.h; living relief's two are ours). */
typedef struct
{
  UdAidPolicyValue medical_threshold_deep;         /* "medical_threshold_deep_fen" */
  UdAidPolicyValue medical_threshold_relative;     /* "medical_threshold_relative_fen" */
  UdAidPolicyValue medical_ratio;                  /* "medical_ratio_bp", basis points */
  UdAidPolicyValue medical_household_cap;          /* "medical_cap_fen", per year */
  UdAidPolicyValue education_high_school_deep;     /* "education_high_school_deep_fen" */
  UdAidPolicyValue education_high_school_relative; /* "education_high_school_relative_fen" */
  UdAidPolicyValue education_college_deep;         /* "education_college_deep_fen" */
  UdAidPolicyValue education_college_relative;     /* "education_college_relative_fen" */
  UdAidPolicyValue temporary_person_cap;           /* "temporary_relief_cap_fen", per year */
  UdAidPolicyValue condolence_deep;                /* "condolence_deep_fen" */
  UdAidPolicyValue condolence_relative;            /* "condolence_relative_fen" */
  UdAidPolicyValue condolence_accident;            /* "condolence_accident_fen" */
  UdAidPolicyValue living_monthly_deep;            /* "living_monthly_deep_fen" */
  UdAidPolicyValue living_monthly_relative;        /* "living_monthly_relative_fen" */
} UdAidPolicy;

/* The months of living relief a household can receive in one year. */
#define UD_AID_LIVING_MAX_MONTHS 12

/* The defaults (DESIGN §4), all with effective_from "": medical thresholds 3,000 (deep) and
 * 2,000 (relative) yuan, ratio 50%, 20,000 yuan per household per year; education 4,000 / 3,000
 * yuan (high school, deep / relative) and 5,500 / 4,500 yuan (college); temporary relief at
 * most 3,000 yuan per person per year; condolence 1,000 / 600 / 800 yuan (deep / relative /
 * accident); living relief 500 / 300 yuan a month (deep / relative). */
void      ud_aid_policy_init_defaults (UdAidPolicy       *policy);

/* Sets the parameter called @name. Refuses (UD_ERROR_INVALID_FIELD, field "policy") an unknown
 * name, a negative value or one above UD_MONEY_MAX_FEN, a ratio above 10000 basis points and an
 * @effective_from that is not a real "YYYY-MM-DD" date (NULL or "" means the default). */
gboolean  ud_aid_policy_set           (UdAidPolicy       *policy,
                                       const char        *name,
                                       gint64             value,
                                       const char        *effective_from,
                                       GError           **error);

/* The value called @name, or NULL. */
const UdAidPolicyValue *
          ud_aid_policy_lookup        (const UdAidPolicy *policy,
                                       const char        *name);

/* The whole policy as a JSON object: {"medical_ratio_bp": {"value": 5000, "effective_from":
 * "2025-01-01"}, …}; effective_from is null for a default. */
char     *ud_aid_policy_to_json       (const UdAidPolicy *policy);

/* Reads a snapshot written by ud_aid_policy_to_json() or a computation's policy_json over the
 * defaults (names the snapshot lacks keep their default; unknown names are refused), so an old
 * decision can be recomputed with the values it was made with. */
gboolean  ud_aid_policy_from_json     (UdAidPolicy       *policy,
                                       const char        *json,
                                       GError           **error);

/* A computed amount with the lines that explain it. Initialise with UD_COMPUTATION_INIT (or
 * zero it); the compute functions clear what it held before filling it. */
typedef struct
{
  UdAidRule     rule;
  UdAidOutcome  outcome;
  gint64        amount;        /* fen */
  GPtrArray    *lines;         /* owned: translated lines (char *) in reading order */
  char         *policy_json;   /* owned: the policy values used, as in ud_aid_policy_to_json() */
  char         *inputs_json;   /* owned: the inputs, {"name": value, …} */
} UdComputation;

#define UD_COMPUTATION_INIT { 0, 0, 0, NULL, NULL, NULL }

void      ud_computation_clear        (UdComputation     *computation);

/* {"rule": "medical", "outcome": "capped", "amount": 50000, "inputs": {…}, "policy": {…}}:
 * everything a decision stores. */
char     *ud_computation_to_json      (const UdComputation *computation);

/* The lines joined with newlines. */
char     *ud_computation_dup_text     (const UdComputation *computation);

/* Stored codes. */
const char *ud_aid_outcome_to_string  (UdAidOutcome       outcome);
const char *ud_aid_rule_to_string     (UdAidRule          rule);
const char *ud_aid_category_to_string (UdAidCategory      category);
gboolean    ud_aid_category_from_string (const char      *code,
                                         UdAidCategory   *out);

/* floor (@fen × @basis_points / 10000) for 0 ≤ @fen and 0 ≤ @basis_points ≤ 10000, without
 * overflow for any gint64 @fen. */
gint64    ud_aid_apply_ratio          (gint64             fen,
                                       gint64             basis_points);

/* A medical bill (hospital stay or outpatient bill), in fen. */
typedef struct
{
  gint64 total;
  gint64 basic_insurance;
  gint64 critical_insurance;  /* critical-illness or commercial insurance */
  gint64 employer;
  gint64 donations;
} UdMedicalBill;

/* The patient's out-of-pocket: the total less the four payers. Refuses (UD_ERROR_INVALID_MONEY,
 * with the field) a negative amount, a total above UD_MONEY_MAX_FEN, and payers that together
 * exceed the total (field "total"). */
gboolean  ud_medical_out_of_pocket    (const UdMedicalBill *bill,
                                       gint64             *out_of_pocket,
                                       GError            **error);

/* Medical relief on one claim. The threshold is the category's (accident-caused hardship uses
 * the relative one); only cumulative out-of-pocket strictly above it counts. Relief on this
 * claim = ratio × (cumulative above the threshold after this claim) − ratio × (cumulative above
 * it before this claim), each rounded down to the fen: the half fen an earlier claim left over
 * goes to the next claim, so splitting a bill never changes the year's total and rounding
 * never creates a fen. Never more than this claim's out-of-pocket; cut so that
 * @approved_this_year + relief ≤ the household cap. All amounts in fen, 0 ≤ each ≤
 * UD_MONEY_MAX_FEN (UD_ERROR_INVALID_MONEY otherwise). */
gboolean  ud_medical_relief_compute   (const UdAidPolicy *policy,
                                       UdAidCategory      category,
                                       gint64             year_out_of_pocket_before,
                                       gint64             this_claim_out_of_pocket,
                                       gint64             approved_this_year,
                                       UdComputation     *out,
                                       GError           **error);

/* Education aid for one child and year: the policy amount by level and category (accident-
 * caused hardship gets the relative amount). A child aided by another body this year, or
 * already aided by us this year, is refused: amount 0, outcome UD_AID_OUTCOME_REFUSED and a
 * line with the reason — a decision to show and store, not an input error. */
void      ud_education_aid_compute    (const UdAidPolicy *policy,
                                       UdSchoolLevel      level,
                                       UdAidCategory      category,
                                       gboolean           aided_elsewhere,
                                       gboolean           already_aided_this_year,
                                       UdComputation     *out);

/* Temporary relief: the request, cut so that @approved_this_year_for_person + amount ≤ the
 * per-person yearly cap. Amounts in fen, 0 ≤ each ≤ UD_MONEY_MAX_FEN. */
gboolean  ud_temporary_relief_compute (const UdAidPolicy *policy,
                                       gint64             requested,
                                       gint64             approved_this_year_for_person,
                                       UdComputation     *out,
                                       GError           **error);

/* Condolence (送温暖): one fixed amount per active file by category. */
gint64    ud_condolence_amount        (const UdAidPolicy *policy,
                                       UdAidCategory      category);
void      ud_condolence_compute       (const UdAidPolicy *policy,
                                       UdAidCategory      category,
                                       UdComputation     *out);

/* Living relief (生活救助): the category's monthly amount (accident-caused hardship gets the
 * relative one) × the months granted, where @months (1–12) is cut so that the household gets
 * at most 12 months in a year counting @months_granted_this_year (0–12). */
gboolean  ud_living_relief_compute    (const UdAidPolicy *policy,
                                       UdAidCategory      category,
                                       int                months,
                                       int                months_granted_this_year,
                                       UdComputation     *out,
                                       GError           **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UdComputation, ud_computation_clear)

G_END_DECLS
