/* ud-insurance-rules.c — the mutual-insurance rules: plans, enrollment checks and claim
 * assessment as pure functions that show their computation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-insurance-rules"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-insurance-rules.h"
#include "ud-json.h"
#include "ud-money.h"

#define YUAN(y) (G_GINT64_CONSTANT (y) * 100)

/* Codes */

/* The plans: stored codes, names (the default plan names too) and the words people use. */
static const char *const ud_insurance_plan_kind_info_codes[] = {
  "major_illness", "accident", "hospital", "women_disease", "child_accident", "death",
  "property",
};
static const char *const ud_insurance_plan_kind_info_labels[] = {
  N_("Critical illness"), N_("Accident injury"), N_("Hospitalisation allowance"),
  N_("Women’s special diseases"), N_("Child accident injury"), N_("Death"),
  N_("Home property loss (fire and water)"),
};
static const char *const ud_insurance_plan_kind_info_aliases[] = {
  "重大疾病|重疾", "意外伤害|意外", "住院津贴|住院", "女职工特殊疾病|女性特疾", "子女意外伤害",
  "身故", "家庭财产|家财",
};
UD_ENUM_INFO (ud_insurance_plan_kind_info, "insurance-plan-kind");

const char *
ud_insurance_plan_kind_to_string (UdInsurancePlanKind kind)
{
  g_return_val_if_fail ((guint) kind < UD_INSURANCE_N_PLANS, NULL);

  return ud_insurance_plan_kind_info_codes[kind];
}

gboolean
ud_insurance_plan_kind_from_string (const char          *code,
                                    UdInsurancePlanKind *out)
{
  int value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!ud_enum_from_code (&ud_insurance_plan_kind_info, code, &value))
    return FALSE;
  *out = (UdInsurancePlanKind) value;
  return TRUE;
}

const char *
ud_insurance_benefit_kind_to_string (UdInsuranceBenefitKind kind)
{
  switch (kind)
    {
    case UD_INSURANCE_BENEFIT_LUMP:
      return "lump";
    case UD_INSURANCE_BENEFIT_DAILY:
      return "daily";
    case UD_INSURANCE_BENEFIT_REFUND:
      return "refund";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ud_insurance_outcome_to_string (UdInsuranceOutcome outcome)
{
  switch (outcome)
    {
    case UD_INSURANCE_OUTCOME_GRANTED:
      return "granted";
    case UD_INSURANCE_OUTCOME_CAPPED:
      return "capped";
    case UD_INSURANCE_OUTCOME_NONE:
      return "none";
    case UD_INSURANCE_OUTCOME_REFUSED:
      return "refused";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ud_insurance_refusal_to_string (UdInsuranceRefusal refusal)
{
  switch (refusal)
    {
    case UD_INSURANCE_REFUSAL_NONE:
      return NULL;
    case UD_INSURANCE_REFUSAL_BEFORE_COVERAGE:
      return "before_coverage";
    case UD_INSURANCE_REFUSAL_AFTER_TERM:
      return "after_term";
    case UD_INSURANCE_REFUSAL_WAITING_PERIOD:
      return "waiting_period";
    case UD_INSURANCE_REFUSAL_UNKNOWN_EVENT:
      return "unknown_event";
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
plan_kind_label (UdInsurancePlanKind kind)
{
  g_return_val_if_fail ((guint) kind < UD_INSURANCE_N_PLANS, "");

  return ud_enum_label (&ud_insurance_plan_kind_info, kind);
}

const char *
ud_insurance_plan_display_name (UdInsurancePlanKind  kind,
                                const char          *name)
{
  g_return_val_if_fail ((guint) kind < UD_INSURANCE_N_PLANS, name);

  if (name == NULL || *name == '\0' || g_strcmp0 (name, ud_insurance_plan_kind_info_labels[kind]) == 0)
    return plan_kind_label (kind);
  return name;
}

/* Plans */

static void
plan_add_benefit (UdInsurancePlan        *plan,
                  const char             *event,
                  gint64                  amount_per_share_fen,
                  UdInsuranceBenefitKind  kind)
{
  UdInsuranceBenefit *benefit;

  g_assert (plan->n_benefits < UD_INSURANCE_MAX_BENEFITS);
  benefit = &plan->benefits[plan->n_benefits++];
  g_strlcpy (benefit->event, event, sizeof benefit->event);
  benefit->amount_per_share_fen = amount_per_share_fen;
  benefit->kind = kind;
}

static void
plan_set (UdInsurancePlan *plan,
          gint64           price_per_share_fen,
          int              max_shares,
          int              min_age,
          int              max_age,
          int              waiting_days,
          gint64           cap_fen)
{
  plan->term_years = 1;
  plan->price_per_share_fen = price_per_share_fen;
  plan->max_shares = max_shares;
  plan->min_age = min_age;
  plan->max_age = max_age;
  plan->waiting_days = waiting_days;
  plan->per_event_cap_fen = cap_fen;
  plan->per_term_cap_fen = cap_fen;
}

void
ud_insurance_plan_init_default (UdInsurancePlan     *plan,
                                UdInsurancePlanKind  kind)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail ((int) kind >= 0 && (int) kind < UD_INSURANCE_N_PLANS);

  memset (plan, 0, sizeof *plan);
  plan->kind = kind;
  g_strlcpy (plan->name, plan_kind_label (kind), sizeof plan->name);

  switch (kind)
    {
    case UD_INSURANCE_PLAN_MAJOR_ILLNESS:
      plan_set (plan, YUAN (50), 10, 16, 65, 90, YUAN (15000));
      plan_add_benefit (plan, "major_illness", YUAN (15000), UD_INSURANCE_BENEFIT_LUMP);
      break;

    case UD_INSURANCE_PLAN_ACCIDENT:
      plan_set (plan, YUAN (10), 3, 16, 65, 0, YUAN (5000));
      plan_add_benefit (plan, "death", YUAN (5000), UD_INSURANCE_BENEFIT_LUMP);
      plan_add_benefit (plan, "total_disability", YUAN (5000), UD_INSURANCE_BENEFIT_LUMP);
      /* Disability grades 1–10 at 100%, 90% … 10% of the sum insured. */
      for (int grade = 1; grade <= 10; grade++)
        {
          char event[24];

          g_snprintf (event, sizeof event, "grade_%d", grade);
          plan_add_benefit (plan, event, YUAN (5000) * (11 - grade) / 10,
                            UD_INSURANCE_BENEFIT_LUMP);
        }
      break;

    case UD_INSURANCE_PLAN_HOSPITAL:
      plan_set (plan, YUAN (20), 3, 16, 65, 90, YUAN (2000));
      plan_add_benefit (plan, "hospital_day", YUAN (100), UD_INSURANCE_BENEFIT_DAILY);
      plan->max_days = 180;
      break;

    case UD_INSURANCE_PLAN_WOMEN_DISEASE:
      plan_set (plan, YUAN (20), 3, 16, 60, 90, YUAN (5000));
      plan_add_benefit (plan, "women_disease", YUAN (5000), UD_INSURANCE_BENEFIT_LUMP);
      break;

    case UD_INSURANCE_PLAN_CHILD_ACCIDENT:
      plan_set (plan, YUAN (10), 3, 0, 17, 0, YUAN (5000));
      plan_add_benefit (plan, "death", YUAN (2000), UD_INSURANCE_BENEFIT_LUMP);
      plan_add_benefit (plan, "total_disability", YUAN (5000), UD_INSURANCE_BENEFIT_LUMP);
      plan_add_benefit (plan, "medical_cost", YUAN (1000), UD_INSURANCE_BENEFIT_REFUND);
      break;

    case UD_INSURANCE_PLAN_DEATH:
      plan_set (plan, YUAN (10), 5, 16, 65, 90, YUAN (5000));
      plan_add_benefit (plan, "death", YUAN (5000), UD_INSURANCE_BENEFIT_LUMP);
      break;

    case UD_INSURANCE_PLAN_PROPERTY:
      plan_set (plan, YUAN (10), 5, 16, 65, 0, YUAN (2000));
      plan_add_benefit (plan, "fire_loss", YUAN (2000), UD_INSURANCE_BENEFIT_REFUND);
      plan_add_benefit (plan, "water_loss", YUAN (1000), UD_INSURANCE_BENEFIT_REFUND);
      break;

    default:
      g_assert_not_reached ();
    }
}

GArray *
ud_insurance_plans_defaults (void)
{
  GArray *plans = g_array_sized_new (FALSE, TRUE, sizeof (UdInsurancePlan),
                                     UD_INSURANCE_N_PLANS);

  g_array_set_size (plans, UD_INSURANCE_N_PLANS);
  for (int i = 0; i < UD_INSURANCE_N_PLANS; i++)
    ud_insurance_plan_init_default (&g_array_index (plans, UdInsurancePlan, i),
                                    (UdInsurancePlanKind) i);
  return plans;
}

static gboolean
check_plan_money (gint64       fen,
                  gint64       times,
                  const char  *field,
                  const char  *label,
                  GError     **error)
{
  /* fen ≤ UD_MONEY_MAX_FEN first, so fen × times cannot overflow for times ≤ 300. */
  if (fen < 0 || fen > UD_MONEY_MAX_FEN || fen * times > UD_MONEY_MAX_FEN)
    {
      g_autofree char *max_text = ud_money_format (UD_MONEY_MAX_FEN);

      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, field,
                          _("%s: must be between 0 and %s yuan for the largest number of shares"),
                          label, max_text);
      return FALSE;
    }
  return TRUE;
}

gboolean
ud_insurance_plan_validate (const UdInsurancePlan *plan,
                           GError               **error)
{
  int max_shares;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((int) plan->kind < 0 || (int) plan->kind >= UD_INSURANCE_N_PLANS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "kind", "%s",
                          _("Plan: not one of the seven kinds"));
      return FALSE;
    }
  if (plan->name[0] == '\0' || !g_utf8_validate (plan->name, -1, NULL))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "name", "%s",
                          _("Name: cannot be empty"));
      return FALSE;
    }
  if (plan->term_years < 1 || plan->term_years > UD_INSURANCE_MAX_TERM_YEARS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "term_years",
                          _("Term: %d years is not between 1 and %d"), plan->term_years,
                          UD_INSURANCE_MAX_TERM_YEARS);
      return FALSE;
    }
  if (plan->max_shares < 1 || plan->max_shares > UD_INSURANCE_MAX_SHARES_LIMIT)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "max_shares",
                          _("Maximum shares: %d is not between 1 and %d"), plan->max_shares,
                          UD_INSURANCE_MAX_SHARES_LIMIT);
      return FALSE;
    }
  max_shares = plan->max_shares;
  if (!check_plan_money (plan->price_per_share_fen, (gint64) max_shares * plan->term_years,
                         "price_per_share_fen", _("Price per share"), error))
    return FALSE;
  if (plan->min_age < 0 || plan->min_age > UD_INSURANCE_MAX_AGE)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "min_age",
                          _("Minimum age: %d is not between 0 and %d"), plan->min_age,
                          UD_INSURANCE_MAX_AGE);
      return FALSE;
    }
  if (plan->max_age < plan->min_age || plan->max_age > UD_INSURANCE_MAX_AGE)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "max_age",
                          _("Maximum age: %d is not between the minimum age %d and %d"),
                          plan->max_age, plan->min_age, UD_INSURANCE_MAX_AGE);
      return FALSE;
    }
  if (plan->waiting_days < 0 || plan->waiting_days > UD_INSURANCE_MAX_DAYS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "waiting_days",
                          _("Waiting period: %d days is not between 0 and %d"),
                          plan->waiting_days, UD_INSURANCE_MAX_DAYS);
      return FALSE;
    }
  if (plan->n_benefits < 1 || plan->n_benefits > UD_INSURANCE_MAX_BENEFITS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "benefits", "%s",
                          _("Benefits: the table needs at least one row"));
      return FALSE;
    }
  for (guint i = 0; i < plan->n_benefits; i++)
    {
      const UdInsuranceBenefit *benefit = &plan->benefits[i];

      if (benefit->event[0] == '\0' ||
          memchr (benefit->event, '\0', sizeof benefit->event) == NULL ||
          (int) benefit->kind < UD_INSURANCE_BENEFIT_LUMP ||
          benefit->kind > UD_INSURANCE_BENEFIT_REFUND)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "benefits",
                              _("Benefits: row %u has no event or no kind"), i + 1);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (strcmp (plan->benefits[j].event, benefit->event) == 0)
          {
            ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "benefits",
                                _("Benefits: the event “%s” is in the table twice"),
                                benefit->event);
            return FALSE;
          }
      if (!check_plan_money (benefit->amount_per_share_fen, max_shares, "benefits",
                             _("Benefits"), error))
        return FALSE;
    }
  if (plan->max_days < 0 || plan->max_days > UD_INSURANCE_MAX_DAYS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "max_days",
                          _("Maximum days: %d is not between 0 and %d"), plan->max_days,
                          UD_INSURANCE_MAX_DAYS);
      return FALSE;
    }
  if (!check_plan_money (plan->per_event_cap_fen, max_shares, "per_event_cap_fen",
                         _("Cap per event"), error) ||
      !check_plan_money (plan->per_term_cap_fen, max_shares, "per_term_cap_fen",
                         _("Cap per term"), error))
    return FALSE;

  return TRUE;
}

const UdInsuranceBenefit *
ud_insurance_plan_lookup_benefit (const UdInsurancePlan *plan,
                                  const char            *event)
{
  g_return_val_if_fail (plan != NULL, NULL);

  if (event == NULL)
    return NULL;
  for (guint i = 0; i < plan->n_benefits && i < UD_INSURANCE_MAX_BENEFITS; i++)
    if (strcmp (plan->benefits[i].event, event) == 0)
      return &plan->benefits[i];
  return NULL;
}

static JsonObject *
plan_to_object (const UdInsurancePlan *plan)
{
  JsonObject *object = json_object_new ();
  JsonArray *benefits = json_array_new ();

  json_object_set_string_member (object, "kind", ud_insurance_plan_kind_to_string (plan->kind));
  json_object_set_string_member (object, "name", plan->name);
  json_object_set_int_member (object, "term_years", plan->term_years);
  json_object_set_int_member (object, "price_per_share_fen", plan->price_per_share_fen);
  json_object_set_int_member (object, "max_shares", plan->max_shares);
  json_object_set_int_member (object, "min_age", plan->min_age);
  json_object_set_int_member (object, "max_age", plan->max_age);
  json_object_set_int_member (object, "waiting_days", plan->waiting_days);
  for (guint i = 0; i < plan->n_benefits && i < UD_INSURANCE_MAX_BENEFITS; i++)
    {
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "event", plan->benefits[i].event);
      json_object_set_int_member (row, "amount_per_share_fen",
                                  plan->benefits[i].amount_per_share_fen);
      json_object_set_string_member (row, "kind",
                                     ud_insurance_benefit_kind_to_string (plan->benefits[i].kind));
      json_array_add_object_element (benefits, row);
    }
  json_object_set_array_member (object, "benefits", benefits);
  json_object_set_int_member (object, "max_days", plan->max_days);
  json_object_set_int_member (object, "per_event_cap_fen", plan->per_event_cap_fen);
  json_object_set_int_member (object, "per_term_cap_fen", plan->per_term_cap_fen);

  return object;
}

char *
ud_insurance_plan_to_json (const UdInsurancePlan *plan)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  object = plan_to_object (plan);
  return ud_json_object_to_string (object);
}

static gboolean
definition_error (GError     **error,
                  const char  *what)
{
  ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "definition",
                      _("Plan definition: %s is missing or malformed"), what);
  return FALSE;
}

static gboolean
read_int_member (JsonObject  *object,
                 const char  *name,
                 gint64       min,
                 gint64       max,
                 gint64      *out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < min || json_node_get_int (node) > max)
    return definition_error (error, name);
  *out = json_node_get_int (node);
  return TRUE;
}

static const char *
read_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
ud_insurance_plan_from_json (const char       *json,
                             UdInsurancePlan  *out,
                             GError          **error)
{
  g_autoptr(JsonNode) root = NULL;
  UdInsurancePlan plan;
  JsonObject *object;
  JsonNode *benefits_node;
  JsonArray *benefits;
  const char *text;
  gint64 value;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (&plan, 0, sizeof plan);
  root = json != NULL ? json_from_string (json, NULL) : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return definition_error (error, "JSON");
  object = json_node_get_object (root);

  text = read_string_member (object, "kind");
  if (text == NULL || !ud_insurance_plan_kind_from_string (text, &plan.kind))
    return definition_error (error, "kind");
  text = read_string_member (object, "name");
  if (text == NULL || strlen (text) >= sizeof plan.name)
    return definition_error (error, "name");
  g_strlcpy (plan.name, text, sizeof plan.name);

#define READ_INT(member, min, max) \
  G_STMT_START { \
    if (!read_int_member (object, #member, (min), (max), &value, error)) \
      return FALSE; \
    plan.member = value; \
  } G_STMT_END

  READ_INT (term_years, 0, G_MAXINT);
  READ_INT (price_per_share_fen, G_MININT64, G_MAXINT64);
  READ_INT (max_shares, G_MININT, G_MAXINT);
  READ_INT (min_age, G_MININT, G_MAXINT);
  READ_INT (max_age, G_MININT, G_MAXINT);
  READ_INT (waiting_days, G_MININT, G_MAXINT);
  READ_INT (max_days, G_MININT, G_MAXINT);
  READ_INT (per_event_cap_fen, G_MININT64, G_MAXINT64);
  READ_INT (per_term_cap_fen, G_MININT64, G_MAXINT64);
#undef READ_INT

  benefits_node = json_object_get_member (object, "benefits");
  if (benefits_node == NULL || !JSON_NODE_HOLDS_ARRAY (benefits_node))
    return definition_error (error, "benefits");
  benefits = json_node_get_array (benefits_node);
  if (json_array_get_length (benefits) > UD_INSURANCE_MAX_BENEFITS)
    return definition_error (error, "benefits");
  for (guint i = 0; i < json_array_get_length (benefits); i++)
    {
      JsonNode *row_node = json_array_get_element (benefits, i);
      UdInsuranceBenefit *benefit = &plan.benefits[i];
      JsonObject *row;
      const char *kind;

      if (!JSON_NODE_HOLDS_OBJECT (row_node))
        return definition_error (error, "benefits");
      row = json_node_get_object (row_node);
      text = read_string_member (row, "event");
      kind = read_string_member (row, "kind");
      if (text == NULL || strlen (text) >= sizeof benefit->event || kind == NULL)
        return definition_error (error, "benefits");
      g_strlcpy (benefit->event, text, sizeof benefit->event);
      if (g_strcmp0 (kind, "lump") == 0)
        benefit->kind = UD_INSURANCE_BENEFIT_LUMP;
      else if (g_strcmp0 (kind, "daily") == 0)
        benefit->kind = UD_INSURANCE_BENEFIT_DAILY;
      else if (g_strcmp0 (kind, "refund") == 0)
        benefit->kind = UD_INSURANCE_BENEFIT_REFUND;
      else
        return definition_error (error, "benefits");
      if (!read_int_member (row, "amount_per_share_fen", G_MININT64, G_MAXINT64, &value, error))
        return FALSE;
      benefit->amount_per_share_fen = value;
      plan.n_benefits = i + 1;
    }

  if (!ud_insurance_plan_validate (&plan, error))
    return FALSE;
  *out = plan;
  return TRUE;
}

gint64
ud_insurance_premium (const UdInsurancePlan *plan,
                      int                    shares)
{
  g_return_val_if_fail (plan != NULL, 0);
  g_return_val_if_fail (ud_insurance_plan_validate (plan, NULL), 0);
  g_return_val_if_fail (shares >= 1 && shares <= plan->max_shares, 0);

  /* The validation keeps price × max_shares × term ≤ UD_MONEY_MAX_FEN. */
  return plan->price_per_share_fen * shares * plan->term_years;
}

/* Dates */

void
ud_insurance_coverage_start (const GDate *payment_date,
                             GDate       *out)
{
  g_return_if_fail (payment_date != NULL && g_date_valid (payment_date));
  g_return_if_fail (out != NULL);

  *out = *payment_date;
  g_date_add_days (out, 1);
}

void
ud_insurance_term_end (const GDate *coverage_start,
                       int          term_years,
                       GDate       *out)
{
  GDateYear year;

  g_return_if_fail (coverage_start != NULL && g_date_valid (coverage_start));
  g_return_if_fail (term_years >= 1 && term_years <= UD_INSURANCE_MAX_TERM_YEARS);
  g_return_if_fail (out != NULL);

  year = (GDateYear) (g_date_get_year (coverage_start) + term_years);
  g_date_clear (out, 1);
  /* The anniversary of 29 February in a common year is 1 March (as for ages), so the term
   * ends on 28 February. */
  if (g_date_get_month (coverage_start) == G_DATE_FEBRUARY &&
      g_date_get_day (coverage_start) == 29 && !g_date_is_leap_year (year))
    g_date_set_dmy (out, 1, G_DATE_MARCH, year);
  else
    g_date_set_dmy (out, g_date_get_day (coverage_start), g_date_get_month (coverage_start),
                    year);
  g_date_subtract_days (out, 1);
}

gboolean
ud_insurance_waiting_last_day (const GDate *coverage_start,
                               int          waiting_days,
                               GDate       *out)
{
  g_return_val_if_fail (coverage_start != NULL && g_date_valid (coverage_start), FALSE);
  g_return_val_if_fail (waiting_days >= 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (waiting_days == 0)
    return FALSE;

  *out = *coverage_start;
  g_date_add_days (out, (guint) waiting_days - 1);
  return TRUE;
}

/* Enrollment */

gboolean
ud_insurance_enrollment_check (const UdInsurancePlan *plan,
                               const GDate           *birth_date,
                               const GDate           *coverage_start,
                               int                    shares,
                               GError               **error)
{
  g_autofree char *start_text = NULL;
  int age;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (ud_insurance_plan_validate (plan, NULL), FALSE);
  g_return_val_if_fail (birth_date != NULL && g_date_valid (birth_date), FALSE);
  g_return_val_if_fail (coverage_start != NULL && g_date_valid (coverage_start), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (shares < 1 || shares > plan->max_shares)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "shares",
                          _("Shares: %d is not between 1 and the plan’s maximum of %d"),
                          shares, plan->max_shares);
      return FALSE;
    }

  start_text = ud_date_format (coverage_start);
  if (g_date_compare (birth_date, coverage_start) > 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "birth_date",
                          _("Birth date: after the coverage start %s"), start_text);
      return FALSE;
    }
  age = ud_date_years_between (birth_date, coverage_start);
  if (age < plan->min_age || age > plan->max_age)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "birth_date",
                          _("Birth date: aged %d on the coverage start %s, outside the plan’s "
                            "ages %d to %d"),
                          age, start_text, plan->min_age, plan->max_age);
      return FALSE;
    }

  return TRUE;
}

/* Assessment */

void
ud_insurance_assessment_clear (UdInsuranceAssessment *assessment)
{
  g_return_if_fail (assessment != NULL);

  g_clear_pointer (&assessment->lines, g_ptr_array_unref);
  g_clear_pointer (&assessment->plan_json, g_free);
  g_clear_pointer (&assessment->inputs_json, g_free);
  assessment->outcome = 0;
  assessment->refusal = 0;
  assessment->amount = 0;
  assessment->days_paid = 0;
}

char *
ud_insurance_assessment_dup_text (const UdInsuranceAssessment *assessment)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (assessment != NULL, NULL);

  for (guint i = 0; assessment->lines != NULL && i < assessment->lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (assessment->lines, i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_parsed_member (JsonObject *object,
                   const char *name,
                   const char *json)
{
  JsonNode *node = json != NULL ? json_from_string (json, NULL) : NULL;

  json_object_set_member (object, name, node != NULL ? node : json_node_new (JSON_NODE_NULL));
}

char *
ud_insurance_assessment_to_json (const UdInsuranceAssessment *assessment)
{
  g_autoptr(JsonObject) object = json_object_new ();
  const char *refusal;

  g_return_val_if_fail (assessment != NULL, NULL);

  json_object_set_string_member (object, "outcome",
                                 ud_insurance_outcome_to_string (assessment->outcome));
  refusal = ud_insurance_refusal_to_string (assessment->refusal);
  if (refusal != NULL)
    json_object_set_string_member (object, "refusal", refusal);
  else
    json_object_set_null_member (object, "refusal");
  json_object_set_int_member (object, "amount", assessment->amount);
  json_object_set_int_member (object, "days_paid", assessment->days_paid);
  set_parsed_member (object, "inputs", assessment->inputs_json);
  set_parsed_member (object, "plan", assessment->plan_json);

  return ud_json_object_to_string (object);
}

static void add_line (UdInsuranceAssessment *out,
                      const char            *format,
                      ...) G_GNUC_PRINTF (2, 3);

static void
add_line (UdInsuranceAssessment *out,
          const char            *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (out->lines, g_strdup_vprintf (format, args));
  va_end (args);
}

/* A line with one amount: @format has one %s for the formatted yuan. A macro, so the compiler
 * still checks the translated format against its argument. */
#define add_money_line(out, format, fen) \
  G_STMT_START { \
    g_autofree char *money_text_ = ud_money_format (fen); \
    add_line ((out), (format), money_text_); \
  } G_STMT_END

static void
finish (UdInsuranceAssessment *out,
        JsonObject            *inputs,
        const UdInsurancePlan *plan,
        UdInsuranceOutcome     outcome,
        UdInsuranceRefusal     refusal,
        gint64                 amount)
{
  g_autoptr(JsonObject) plan_object = plan_to_object (plan);

  g_assert (amount >= 0 && amount <= UD_MONEY_MAX_FEN);
  g_assert (amount == 0 ||
            (outcome != UD_INSURANCE_OUTCOME_NONE && outcome != UD_INSURANCE_OUTCOME_REFUSED));
  g_assert ((outcome == UD_INSURANCE_OUTCOME_REFUSED) == (refusal != UD_INSURANCE_REFUSAL_NONE));

  add_money_line (out, _("Paid on this claim: %s yuan"), amount);
  out->outcome = outcome;
  out->refusal = refusal;
  out->amount = amount;
  out->inputs_json = ud_json_object_to_string (inputs);
  out->plan_json = ud_json_object_to_string (plan_object);
}

static gboolean
check_money (gint64       fen,
             const char  *field,
             const char  *label,
             GError     **error)
{
  if (fen < 0 || fen > UD_MONEY_MAX_FEN)
    {
      g_autofree char *max_text = ud_money_format (UD_MONEY_MAX_FEN);

      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, field,
                          _("%s: must be between 0 and %s yuan"), label, max_text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_days (int          days,
            const char  *field,
            const char  *label,
            GError     **error)
{
  if (days < 0 || days > UD_INSURANCE_MAX_DAYS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, field,
                          _("%s: %d is not between 0 and %d"), label, days,
                          UD_INSURANCE_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

static void
set_date_member (JsonObject  *object,
                 const char  *name,
                 const GDate *date)
{
  g_autofree char *text = ud_date_format (date);

  json_object_set_string_member (object, name, text);
}

gboolean
ud_insurance_assess (const UdInsurancePlan  *plan,
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
                     GError                **error)
{
  g_autoptr(JsonObject) inputs = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *event_text = NULL;
  const UdInsuranceBenefit *benefit;
  UdInsuranceOutcome outcome = UD_INSURANCE_OUTCOME_GRANTED;
  GDate waiting_last;
  gint64 due, event_cap, term_cap, term_left;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (ud_insurance_plan_validate (plan, NULL), FALSE);
  g_return_val_if_fail (coverage_start != NULL && g_date_valid (coverage_start), FALSE);
  g_return_val_if_fail (term_end != NULL && g_date_valid (term_end), FALSE);
  g_return_val_if_fail (event_date != NULL && g_date_valid (event_date), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (shares < 1 || shares > plan->max_shares)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "shares",
                          _("Shares: %d is not between 1 and the plan’s maximum of %d"),
                          shares, plan->max_shares);
      return FALSE;
    }
  if (g_date_compare (term_end, coverage_start) < 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "term_end", "%s",
                          _("End of term: before the coverage start"));
      return FALSE;
    }
  if (!check_days (days, "days", _("Days"), error) ||
      !check_days (days_paid_earlier, "days_paid_earlier", _("Days paid earlier this term"),
                   error) ||
      !check_money (loss_fen, "loss_fen", _("Loss"), error) ||
      !check_money (paid_earlier_in_term_fen, "paid_earlier_in_term_fen",
                    _("Paid earlier this term"), error))
    return FALSE;

  ud_insurance_assessment_clear (out);
  out->lines = g_ptr_array_new_with_free_func (g_free);

  start_text = ud_date_format (coverage_start);
  end_text = ud_date_format (term_end);
  event_text = ud_date_format (event_date);

  inputs = json_object_new ();
  json_object_set_int_member (inputs, "shares", shares);
  set_date_member (inputs, "coverage_start", coverage_start);
  set_date_member (inputs, "term_end", term_end);
  set_date_member (inputs, "event_date", event_date);
  if (event != NULL)
    json_object_set_string_member (inputs, "event", event);
  else
    json_object_set_null_member (inputs, "event");
  json_object_set_int_member (inputs, "days", days);
  json_object_set_int_member (inputs, "days_paid_earlier", days_paid_earlier);
  json_object_set_int_member (inputs, "loss_fen", loss_fen);
  json_object_set_int_member (inputs, "paid_earlier_in_term_fen", paid_earlier_in_term_fen);

  add_line (out, _("Plan: %s"), plan->name);
  add_line (out, _("Shares: %d"), shares);
  add_line (out, _("Coverage: %s to %s"), start_text, end_text);
  add_line (out, _("Date of the event: %s"), event_text);

  /* Coverage dates: both the first and the last day are covered. */
  if (g_date_compare (event_date, coverage_start) < 0)
    {
      add_line (out, "%s", _("Refused: the event is before the coverage start"));
      finish (out, inputs, plan, UD_INSURANCE_OUTCOME_REFUSED,
              UD_INSURANCE_REFUSAL_BEFORE_COVERAGE, 0);
      return TRUE;
    }
  if (g_date_compare (event_date, term_end) > 0)
    {
      add_line (out, "%s", _("Refused: the event is after the end of the term"));
      finish (out, inputs, plan, UD_INSURANCE_OUTCOME_REFUSED,
              UD_INSURANCE_REFUSAL_AFTER_TERM, 0);
      return TRUE;
    }

  /* The waiting period: the first waiting_days days, the start day being day 1. */
  if (ud_insurance_waiting_last_day (coverage_start, plan->waiting_days, &waiting_last))
    {
      g_autofree char *last_text = ud_date_format (&waiting_last);

      add_line (out,
                g_dngettext (GETTEXT_PACKAGE, "Waiting period: %d day, until %s",
                             "Waiting period: %d days, until %s",
                             (gulong) plan->waiting_days),
                plan->waiting_days, last_text);
      if (g_date_compare (event_date, &waiting_last) <= 0)
        {
          add_line (out, "%s", _("Refused: the event is in the waiting period"));
          finish (out, inputs, plan, UD_INSURANCE_OUTCOME_REFUSED,
                  UD_INSURANCE_REFUSAL_WAITING_PERIOD, 0);
          return TRUE;
        }
    }
  else
    add_line (out, "%s", _("Waiting period: none"));

  benefit = ud_insurance_plan_lookup_benefit (plan, event);
  if (benefit == NULL)
    {
      add_line (out, _("Refused: the plan has no benefit for the event “%s”"),
                event != NULL ? event : "");
      finish (out, inputs, plan, UD_INSURANCE_OUTCOME_REFUSED,
              UD_INSURANCE_REFUSAL_UNKNOWN_EVENT, 0);
      return TRUE;
    }
  add_line (out, _("Event: %s"), benefit->event);

  /* Bounds from the validation: amount × max_shares ≤ UD_MONEY_MAX_FEN and days ≤ 1098,
   * so no product below overflows. */
  switch (benefit->kind)
    {
    case UD_INSURANCE_BENEFIT_LUMP:
      add_money_line (out, _("Benefit per share: %s yuan"), benefit->amount_per_share_fen);
      due = benefit->amount_per_share_fen * shares;
      add_money_line (out, _("Benefit × shares: %s yuan"), due);
      break;

    case UD_INSURANCE_BENEFIT_DAILY:
      {
        int days_left = MAX (plan->max_days - days_paid_earlier, 0);
        int days_paid = MIN (days, days_left);

        add_money_line (out, _("Daily allowance per share: %s yuan"),
                        benefit->amount_per_share_fen);
        add_line (out, _("Days claimed: %d"), days);
        add_line (out, _("Days paid earlier this term: %d, at most %d days a term"),
                  days_paid_earlier, plan->max_days);
        if (days_paid < days)
          {
            add_line (out, _("Days paid: %d"), days_paid);
            outcome = UD_INSURANCE_OUTCOME_CAPPED;
          }
        out->days_paid = days_paid;
        due = benefit->amount_per_share_fen * shares * days_paid;
        add_money_line (out, _("Daily allowance × shares × days: %s yuan"), due);
      }
      break;

    case UD_INSURANCE_BENEFIT_REFUND:
      {
        gint64 limit = benefit->amount_per_share_fen * shares;

        add_money_line (out, _("Refund limit per share: %s yuan"),
                        benefit->amount_per_share_fen);
        add_money_line (out, _("Refund limit × shares: %s yuan"), limit);
        add_money_line (out, _("Loss: %s yuan"), loss_fen);
        due = loss_fen;
        if (due > limit)
          {
            due = limit;
            outcome = UD_INSURANCE_OUTCOME_CAPPED;
            add_money_line (out, _("Cut to the refund limit: %s yuan"), due);
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  event_cap = plan->per_event_cap_fen * shares;
  add_money_line (out, _("Cap per event (per share × shares): %s yuan"), event_cap);
  if (due > event_cap)
    {
      due = event_cap;
      outcome = UD_INSURANCE_OUTCOME_CAPPED;
      add_money_line (out, _("Cut to the cap per event: %s yuan"), due);
    }

  term_cap = plan->per_term_cap_fen * shares;
  {
    g_autofree char *paid_text = ud_money_format (paid_earlier_in_term_fen);
    g_autofree char *cap_text = ud_money_format (term_cap);

    add_line (out, _("Paid earlier this term: %s yuan, cap for the term %s yuan"), paid_text,
              cap_text);
  }
  term_left = paid_earlier_in_term_fen < term_cap ? term_cap - paid_earlier_in_term_fen : 0;
  if (due > term_left)
    {
      if (term_left == 0)
        add_line (out, "%s", _("The cap for the term is used up"));
      else
        add_money_line (out, _("Cut to what is left under the cap for the term: %s yuan"),
                        term_left);
      due = term_left;
      outcome = UD_INSURANCE_OUTCOME_CAPPED;
    }

  if (due == 0)
    out->days_paid = 0;
  finish (out, inputs, plan, due > 0 ? outcome : UD_INSURANCE_OUTCOME_NONE,
          UD_INSURANCE_REFUSAL_NONE, due);
  return TRUE;
}
