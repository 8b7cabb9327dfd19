/* ud-insurance-rules.h — the mutual-insurance rules: plans, enrollment checks and claim
 * assessment as pure functions that show their computation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ud-enums.h"

G_BEGIN_DECLS

/* The seven plans of 职工互助保障 (DESIGN §4), stored codes in ud_insurance_plan_kind_to_string(). */
typedef enum
{
  UD_INSURANCE_PLAN_MAJOR_ILLNESS,  /* "major_illness"  重大疾病 */
  UD_INSURANCE_PLAN_ACCIDENT,       /* "accident"       意外伤害 */
  UD_INSURANCE_PLAN_HOSPITAL,       /* "hospital"       住院津贴 */
  UD_INSURANCE_PLAN_WOMEN_DISEASE,  /* "women_disease"  女职工特殊疾病 */
  UD_INSURANCE_PLAN_CHILD_ACCIDENT, /* "child_accident" 子女意外伤害 */
  UD_INSURANCE_PLAN_DEATH,          /* "death"          身故 */
  UD_INSURANCE_PLAN_PROPERTY,       /* "property"       家庭财产（火灾、水灾） */
} UdInsurancePlanKind;

#define UD_INSURANCE_N_PLANS 7

typedef enum
{
  UD_INSURANCE_BENEFIT_LUMP,    /* "lump": the amount × shares */
  UD_INSURANCE_BENEFIT_DAILY,   /* "daily": the amount × shares × days, days capped per term */
  UD_INSURANCE_BENEFIT_REFUND,  /* "refund": the loss, at most the amount × shares */
} UdInsuranceBenefitKind;

/* Limits that keep every product of the assessment far inside gint64. */
#define UD_INSURANCE_MAX_BENEFITS    16
#define UD_INSURANCE_MAX_SHARES_LIMIT 100
#define UD_INSURANCE_MAX_TERM_YEARS  3
#define UD_INSURANCE_MAX_DAYS        (366 * UD_INSURANCE_MAX_TERM_YEARS)
#define UD_INSURANCE_MAX_AGE         120

/* One row of a plan's benefit table. */
typedef struct
{
  char                   event[24];             /* "death", "total_disability", "grade_1" …
                                                 * "grade_10", "major_illness", "hospital_day",
                                                 * "fire_loss", "water_loss" … */
  gint64                 amount_per_share_fen;  /* lump sum, daily allowance or refund limit */
  UdInsuranceBenefitKind kind;
} UdInsuranceBenefit;

/* A plan as the admin edits it. A plain struct without pointers to the heap: copy it by
 * assignment. Every amount is per share, like the price: a member with 3 shares gets three
 * times the benefits and three times the caps. */
typedef struct
{
  UdInsurancePlanKind kind;
  char                name[128];               /* UTF-8 */
  int                 term_years;              /* 1–3 */
  gint64              price_per_share_fen;     /* per year */
  int                 max_shares;              /* 1–UD_INSURANCE_MAX_SHARES_LIMIT */
  int                 min_age;                 /* whole years on the coverage start, inclusive */
  int                 max_age;                 /* inclusive: 65 admits anyone not yet 66 */
  int                 waiting_days;            /* 0 for none; see ud_insurance_waiting_last_day() */
  UdInsuranceBenefit  benefits[UD_INSURANCE_MAX_BENEFITS];
  guint               n_benefits;
  int                 max_days;                /* per term, for daily benefits */
  gint64              per_event_cap_fen;       /* per share */
  gint64              per_term_cap_fen;        /* per share */
} UdInsurancePlan;

/* The default plan of @kind (all amounts per share; ages on the coverage start; terms 1 year):
 *
 * - major illness: 50 yuan a year, at most 10 shares, ages 16–65, waiting 90 days;
 *   major_illness 15,000 yuan; caps 15,000 per event and per term.
 * - accident injury: 10 yuan, at most 3 shares, ages 16–65, no waiting; death and
 *   total_disability 5,000 yuan, disability grade_1 … grade_10 at 100%, 90% … 10% of 5,000;
 *   caps 5,000 per event and per term.
 * - hospitalisation: 20 yuan, at most 3 shares, ages 16–65, waiting 90 days; hospital_day
 *   100 yuan a day, at most 180 days a term; caps 2,000 per event and per term.
 * - women's special diseases: 20 yuan, at most 3 shares, ages 16–60, waiting 90 days;
 *   women_disease 5,000 yuan; caps 5,000.
 * - child accident: 10 yuan, at most 3 shares, ages 0–17, no waiting; death 2,000 yuan,
 *   total_disability 5,000 yuan, medical_cost refunded up to 1,000 yuan; caps 5,000.
 * - death: 10 yuan, at most 5 shares, ages 16–65, waiting 90 days (deaths by accident are
 *   claimed on the accident plan); death 5,000 yuan; caps 5,000.
 * - home property loss: 10 yuan, at most 5 shares, ages 16–65, no waiting; fire_loss
 *   refunded up to 2,000 yuan, water_loss up to 1,000 yuan; caps 2,000 per event and term.
 *
 * The name is translated when the plan is made. */
void      ud_insurance_plan_init_default (UdInsurancePlan     *plan,
                                          UdInsurancePlanKind  kind);

/* The seven default plans in the order of UdInsurancePlanKind: a GArray of UdInsurancePlan. */
GArray   *ud_insurance_plans_defaults    (void);

/* Checks what the admin typed (UD_ERROR_INVALID_FIELD with the field: "name", "term_years",
 * "price_per_share_fen", "max_shares", "min_age", "max_age", "waiting_days", "benefits",
 * "max_days", "per_event_cap_fen", "per_term_cap_fen"). Amounts are 0 ≤ fen and
 * each amount, cap and the yearly price × max_shares × term ≤ UD_MONEY_MAX_FEN. */
gboolean  ud_insurance_plan_validate     (const UdInsurancePlan *plan,
                                          GError               **error);

/* The benefit row for @event, or NULL. */
const UdInsuranceBenefit *
          ud_insurance_plan_lookup_benefit (const UdInsurancePlan *plan,
                                            const char            *event);

/* The plan as a JSON object (everything the assessment read). */
char     *ud_insurance_plan_to_json      (const UdInsurancePlan *plan);

/* Reads what ud_insurance_plan_to_json() wrote into @out and validates it
 * (ud_insurance_plan_validate()). Malformed JSON, a missing or mistyped member, an unknown kind
 * or too many benefit rows is UD_ERROR_INVALID_FIELD with the field "definition". */
gboolean  ud_insurance_plan_from_json    (const char            *json,
                                          UdInsurancePlan       *out,
                                          GError               **error);

/* The premium for @shares over the whole term: price × shares × term_years. */
gint64    ud_insurance_premium           (const UdInsurancePlan *plan,
                                          int                    shares);

/* Enrollment: @shares must be 1 … max_shares (UD_ERROR_INVALID_FIELD, field "shares") and the
 * age in whole years on @coverage_start within min_age … max_age, both inclusive
 * (UD_ERROR_INVALID_FIELD, field "birth_date"); the reason is in the message. */
gboolean  ud_insurance_enrollment_check  (const UdInsurancePlan *plan,
                                          const GDate           *birth_date,
                                          const GDate           *coverage_start,
                                          int                    shares,
                                          GError               **error);

/* Coverage starts at 00:00 the day after payment. */
void      ud_insurance_coverage_start    (const GDate *payment_date,
                                          GDate       *out);

/* The last day covered: the day before the same date @term_years later (a start on 29 February
 * ends on 28 February of a common year: the anniversary then is 1 March). */
void      ud_insurance_term_end          (const GDate *coverage_start,
                                          int          term_years,
                                          GDate       *out);

/* The last day of the waiting period: the waiting period is the first @waiting_days days of
 * coverage, the start day counted as day 1, so its last day is coverage_start + waiting_days − 1
 * and an event that day is refused; the next day is covered. FALSE (and @out untouched) when
 * @waiting_days is 0. */
gboolean  ud_insurance_waiting_last_day  (const GDate *coverage_start,
                                          int          waiting_days,
                                          GDate       *out);

typedef enum
{
  UD_INSURANCE_OUTCOME_GRANTED,  /* the full benefit */
  UD_INSURANCE_OUTCOME_CAPPED,   /* less than the benefit: days or a cap cut it, or the loss
                                  * is above the refund limit */
  UD_INSURANCE_OUTCOME_NONE,     /* nothing due (cap or days used up, no loss); amount 0 */
  UD_INSURANCE_OUTCOME_REFUSED,  /* not covered; amount 0, the reason in refusal */
} UdInsuranceOutcome;

typedef enum
{
  UD_INSURANCE_REFUSAL_NONE,
  UD_INSURANCE_REFUSAL_BEFORE_COVERAGE,  /* "before_coverage" */
  UD_INSURANCE_REFUSAL_AFTER_TERM,       /* "after_term" */
  UD_INSURANCE_REFUSAL_WAITING_PERIOD,   /* "waiting_period" */
  UD_INSURANCE_REFUSAL_UNKNOWN_EVENT,    /* "unknown_event": not in the benefit table */
} UdInsuranceRefusal;

/* An assessed claim with the lines that explain it. Initialise with
 * UD_INSURANCE_ASSESSMENT_INIT; ud_insurance_assess() clears what it held before. */
typedef struct
{
  UdInsuranceOutcome  outcome;
  UdInsuranceRefusal  refusal;
  gint64              amount;       /* fen */
  int                 days_paid;    /* days of a daily allowance this claim pays */
  GPtrArray          *lines;        /* owned: translated lines (char *) in reading order */
  char               *plan_json;    /* owned: the plan as ud_insurance_plan_to_json() */
  char               *inputs_json;  /* owned: the inputs, {"name": value, …} */
} UdInsuranceAssessment;

#define UD_INSURANCE_ASSESSMENT_INIT { 0, 0, 0, 0, NULL, NULL, NULL }

void      ud_insurance_assessment_clear  (UdInsuranceAssessment *assessment);

/* {"outcome": "capped", "refusal": null, "amount": 50000, "days_paid": 0, "inputs": {…},
 * "plan": {…}} */
char     *ud_insurance_assessment_to_json (const UdInsuranceAssessment *assessment);

/* The lines joined with newlines. */
char     *ud_insurance_assessment_dup_text (const UdInsuranceAssessment *assessment);

/* Assesses one claim. In order: the event date within @coverage_start … @term_end (both
 * covered), outside the waiting period, @event in the benefit table; then the benefit:
 * lump × shares; daily × shares × days, the days cut to max_days − @days_paid_earlier (never
 * negative); refund = @loss_fen, at most the amount × shares. Then the per-event cap × shares,
 * then the per-term cap × shares less @paid_earlier_in_term_fen (never negative). A refusal is
 * a decision (outcome REFUSED), not an error; errors are bad inputs: @shares outside
 * 1 … max_shares ("shares"), @days or @days_paid_earlier outside 0 … UD_INSURANCE_MAX_DAYS
 * ("days", "days_paid_earlier"), money outside 0 … UD_MONEY_MAX_FEN ("loss_fen",
 * "paid_earlier_in_term_fen", UD_ERROR_INVALID_MONEY), @term_end before @coverage_start
 * ("term_end"). @event may be NULL only for a refusal as unknown. */
gboolean  ud_insurance_assess            (const UdInsurancePlan  *plan,
                                          int                     shares,
                                          const GDate            *coverage_start,
                                          const GDate            *term_end,
                                          const GDate            *event_date,
                                          const char             *event,
                                          int                     days,
                                          int                     days_paid_earlier,
                                          gint64                  loss_fen,
                                          gint64                  paid_earlier_in_term_fen,
                                          UdInsuranceAssessment  *out,
                                          GError                **error);

/* The name to show for a plan of @kind named @name: a default name that was stored untranslated
 * (the database was made in another language) is shown in the current one; a name the
 * administrator gave is shown as written. */
const char *ud_insurance_plan_display_name (UdInsurancePlanKind  kind,
                                            const char          *name);

/* The plans' stored codes, names and Chinese aliases (ud_enum_code(), ud_enum_label(),
 * ud_enum_from_text()), in the order of UdInsurancePlanKind. */
extern const UdEnumInfo ud_insurance_plan_kind_info;

/* Stored codes. */
const char *ud_insurance_plan_kind_to_string    (UdInsurancePlanKind     kind);
gboolean    ud_insurance_plan_kind_from_string  (const char             *code,
                                                 UdInsurancePlanKind    *out);
const char *ud_insurance_benefit_kind_to_string (UdInsuranceBenefitKind  kind);
const char *ud_insurance_outcome_to_string      (UdInsuranceOutcome      outcome);
const char *ud_insurance_refusal_to_string      (UdInsuranceRefusal      refusal);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UdInsuranceAssessment, ud_insurance_assessment_clear)

G_END_DECLS
