/* ud-aid-rules.c — the aid computation rules: pure functions that show their computation
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-aid-rules"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ud-aid-rules.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-json.h"
#include "ud-money.h"

#define BASIS_POINTS_WHOLE G_GINT64_CONSTANT (10000)

/* Policy parameters: name, place in the struct, default. */
typedef struct
{
  const char *name;
  gsize       offset;
  gint64      default_value;
  gboolean    is_ratio;
} ParamInfo;

#define PARAM(name, member, value, is_ratio) \
  { name, G_STRUCT_OFFSET (UdAidPolicy, member), G_GINT64_CONSTANT (value), is_ratio }

static const ParamInfo param_infos[] = {
  PARAM ("medical_threshold_deep_fen", medical_threshold_deep, 300000, FALSE),
  PARAM ("medical_threshold_relative_fen", medical_threshold_relative, 200000, FALSE),
  PARAM ("medical_ratio_bp", medical_ratio, 5000, TRUE),
  PARAM ("medical_cap_fen", medical_household_cap, 2000000, FALSE),
  PARAM ("education_high_school_deep_fen", education_high_school_deep, 400000, FALSE),
  PARAM ("education_high_school_relative_fen", education_high_school_relative, 300000, FALSE),
  PARAM ("education_college_deep_fen", education_college_deep, 550000, FALSE),
  PARAM ("education_college_relative_fen", education_college_relative, 450000, FALSE),
  PARAM ("temporary_relief_cap_fen", temporary_person_cap, 300000, FALSE),
  /* The same defaults as the policy table (ud-policy.c). */
  PARAM ("condolence_deep_fen", condolence_deep, 200000, FALSE),
  PARAM ("condolence_relative_fen", condolence_relative, 100000, FALSE),
  PARAM ("condolence_accident_fen", condolence_accident, 150000, FALSE),
  PARAM ("living_monthly_deep_fen", living_monthly_deep, 50000, FALSE),
  PARAM ("living_monthly_relative_fen", living_monthly_relative, 30000, FALSE),
};

#undef PARAM

static UdAidPolicyValue *
param_value (UdAidPolicy     *policy,
             const ParamInfo *info)
{
  return G_STRUCT_MEMBER_P (policy, info->offset);
}

static const ParamInfo *
find_param (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (param_infos); i++)
    if (g_strcmp0 (param_infos[i].name, name) == 0)
      return &param_infos[i];
  return NULL;
}

void
ud_aid_policy_init_defaults (UdAidPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  memset (policy, 0, sizeof *policy);
  for (gsize i = 0; i < G_N_ELEMENTS (param_infos); i++)
    {
      UdAidPolicyValue *value = param_value (policy, &param_infos[i]);

      value->name = param_infos[i].name;
      value->value = param_infos[i].default_value;
      value->effective_from[0] = '\0';
    }
}

/* A real date written exactly "YYYY-MM-DD". */
static gboolean
is_iso_date (const char *text)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  return year >= 1 && month >= 1 && month <= 12 && day >= 1 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

gboolean
ud_aid_policy_set (UdAidPolicy *policy,
                   const char  *name,
                   gint64       value,
                   const char  *effective_from,
                   GError     **error)
{
  const ParamInfo *info;
  UdAidPolicyValue *target;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = find_param (name);
  if (info == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "policy",
                          _("Policy: “%s” is not a known parameter"), name);
      return FALSE;
    }
  if (value < 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "policy",
                          _("Policy: %s cannot be negative"), name);
      return FALSE;
    }
  if (info->is_ratio && value > BASIS_POINTS_WHOLE)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "policy",
                          _("Policy: %s may be at most 10000 basis points (100%%)"), name);
      return FALSE;
    }
  if (value > UD_MONEY_MAX_FEN)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "policy",
                          _("Policy: %s is above the largest amount"), name);
      return FALSE;
    }
  if (effective_from != NULL && effective_from[0] != '\0' && !is_iso_date (effective_from))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "policy",
                          _("Policy: %s: “%s” is not a date like 2025-01-01"),
                          name, effective_from);
      return FALSE;
    }

  target = param_value (policy, info);
  target->name = info->name;
  target->value = value;
  g_strlcpy (target->effective_from, effective_from != NULL ? effective_from : "",
             sizeof target->effective_from);

  return TRUE;
}

const UdAidPolicyValue *
ud_aid_policy_lookup (const UdAidPolicy *policy,
                      const char        *name)
{
  const ParamInfo *info;

  g_return_val_if_fail (policy != NULL, NULL);

  info = find_param (name);
  if (info == NULL)
    return NULL;

  return G_STRUCT_MEMBER_P (policy, info->offset);
}

static void
policy_value_add_to (JsonObject             *object,
                     const UdAidPolicyValue *value)
{
  JsonObject *entry = json_object_new ();

  json_object_set_int_member (entry, "value", value->value);
  if (value->effective_from[0] != '\0')
    json_object_set_string_member (entry, "effective_from", value->effective_from);
  else
    json_object_set_null_member (entry, "effective_from");

  json_object_set_object_member (object, value->name, entry);
}

char *
ud_aid_policy_to_json (const UdAidPolicy *policy)
{
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_val_if_fail (policy != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (param_infos); i++)
    {
      const UdAidPolicyValue *member = G_STRUCT_MEMBER_P (policy, param_infos[i].offset);
      UdAidPolicyValue value = *member;

      /* The name comes from the table, so a struct filled by hand still writes it. */
      value.name = param_infos[i].name;
      policy_value_add_to (object, &value);
    }

  return ud_json_object_to_string (object);
}

gboolean
ud_aid_policy_from_json (UdAidPolicy *policy,
                         const char  *json,
                         GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  UdAidPolicy result;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  root = json_from_string (json, &parse_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "policy",
                          _("Policy snapshot: %s"),
                          parse_error != NULL ? parse_error->message : _("not a JSON object"));
      return FALSE;
    }

  ud_aid_policy_init_defaults (&result);

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &member))
    {
      JsonObject *entry;
      JsonNode *value_node;
      JsonNode *date_node;
      const char *effective_from = NULL;

      entry = JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
      value_node = entry != NULL ? json_object_get_member (entry, "value") : NULL;
      if (value_node == NULL || json_node_get_value_type (value_node) != G_TYPE_INT64)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "policy",
                              _("Policy snapshot: %s has no whole-number value"), name);
          return FALSE;
        }
      date_node = json_object_get_member (entry, "effective_from");
      if (date_node != NULL && !JSON_NODE_HOLDS_NULL (date_node))
        {
          if (json_node_get_value_type (date_node) != G_TYPE_STRING)
            {
              ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "policy",
                                  _("Policy snapshot: %s has no date of effect as text"), name);
              return FALSE;
            }
          effective_from = json_node_get_string (date_node);
        }

      if (!ud_aid_policy_set (&result, name, json_node_get_int (value_node), effective_from,
                              error))
        return FALSE;
    }

  *policy = result;
  return TRUE;
}

/* Every value in the range ud_aid_policy_set() allows: a programmer error otherwise. */
static gboolean
policy_is_valid (const UdAidPolicy *policy)
{
  for (gsize i = 0; i < G_N_ELEMENTS (param_infos); i++)
    {
      const UdAidPolicyValue *value = G_STRUCT_MEMBER_P (policy, param_infos[i].offset);

      if (value->value < 0 || value->value > UD_MONEY_MAX_FEN ||
          (param_infos[i].is_ratio && value->value > BASIS_POINTS_WHOLE))
        return FALSE;
    }
  return TRUE;
}

/* Codes and labels */

const char *
ud_aid_outcome_to_string (UdAidOutcome outcome)
{
  switch (outcome)
    {
    case UD_AID_OUTCOME_GRANTED:
      return "granted";
    case UD_AID_OUTCOME_CAPPED:
      return "capped";
    case UD_AID_OUTCOME_NONE:
      return "none";
    case UD_AID_OUTCOME_REFUSED:
      return "refused";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ud_aid_rule_to_string (UdAidRule rule)
{
  switch (rule)
    {
    case UD_AID_RULE_MEDICAL:
      return "medical";
    case UD_AID_RULE_EDUCATION:
      return "education";
    case UD_AID_RULE_TEMPORARY:
      return "temporary";
    case UD_AID_RULE_CONDOLENCE:
      return "condolence";
    case UD_AID_RULE_LIVING:
      return "living";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ud_aid_category_to_string (UdAidCategory category)
{
  switch (category)
    {
    case UD_AID_CATEGORY_DEEP:
      return "deep";
    case UD_AID_CATEGORY_RELATIVE:
      return "relative";
    case UD_AID_CATEGORY_ACCIDENT:
      return "accident";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ud_aid_category_from_string (const char    *code,
                             UdAidCategory *out)
{
  static const UdAidCategory all[] = {
    UD_AID_CATEGORY_DEEP, UD_AID_CATEGORY_RELATIVE, UD_AID_CATEGORY_ACCIDENT,
  };

  g_return_val_if_fail (out != NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (code, ud_aid_category_to_string (all[i])) == 0)
      {
        *out = all[i];
        return TRUE;
      }
  return FALSE;
}

static const char *
category_label (UdAidCategory category)
{
  switch (category)
    {
    case UD_AID_CATEGORY_DEEP:
      return _("deep hardship");
    case UD_AID_CATEGORY_RELATIVE:
      return _("relative hardship");
    case UD_AID_CATEGORY_ACCIDENT:
      return _("accident-caused hardship");
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
school_level_to_string (UdSchoolLevel level)
{
  return level == UD_SCHOOL_LEVEL_COLLEGE ? "college" : "high_school";
}

static const char *
school_level_label (UdSchoolLevel level)
{
  return level == UD_SCHOOL_LEVEL_COLLEGE ? _("college") : _("high school");
}

/* "50", "52.5", "50.25" for basis points. */
static char *
format_percent (gint64 basis_points)
{
  gint64 whole = basis_points / 100;
  gint64 hundredths = basis_points % 100;

  if (hundredths == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, whole);
  if (hundredths % 10 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, whole, hundredths / 10);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, whole, hundredths);
}

gint64
ud_aid_apply_ratio (gint64 fen,
                    gint64 basis_points)
{
  g_return_val_if_fail (fen >= 0, 0);
  g_return_val_if_fail (basis_points >= 0 && basis_points <= BASIS_POINTS_WHOLE, 0);

  /* fen = q × 10000 + r, so floor (fen × bp / 10000) = q × bp + floor (r × bp / 10000), and
   * neither product can exceed fen or 10000². */
  return (fen / BASIS_POINTS_WHOLE) * basis_points +
         (fen % BASIS_POINTS_WHOLE) * basis_points / BASIS_POINTS_WHOLE;
}

/* Computations */

void
ud_computation_clear (UdComputation *computation)
{
  g_return_if_fail (computation != NULL);

  g_clear_pointer (&computation->lines, g_ptr_array_unref);
  g_clear_pointer (&computation->policy_json, g_free);
  g_clear_pointer (&computation->inputs_json, g_free);
  computation->rule = 0;
  computation->outcome = 0;
  computation->amount = 0;
}

char *
ud_computation_dup_text (const UdComputation *computation)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (computation != NULL, NULL);

  for (guint i = 0; computation->lines != NULL && i < computation->lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (computation->lines, i));
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
ud_computation_to_json (const UdComputation *computation)
{
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_val_if_fail (computation != NULL, NULL);

  json_object_set_string_member (object, "rule", ud_aid_rule_to_string (computation->rule));
  json_object_set_string_member (object, "outcome",
                                 ud_aid_outcome_to_string (computation->outcome));
  json_object_set_int_member (object, "amount", computation->amount);
  set_parsed_member (object, "inputs", computation->inputs_json);
  set_parsed_member (object, "policy", computation->policy_json);

  return ud_json_object_to_string (object);
}

/* Fills a computation as a rule runs: the lines, the inputs and the policy values read. */
typedef struct
{
  UdComputation *out;     /* borrowed */
  JsonObject    *inputs;  /* owned */
  JsonObject    *policy;  /* owned */
} Recorder;

static void
recorder_begin (Recorder      *recorder,
                UdComputation *out,
                UdAidRule      rule)
{
  ud_computation_clear (out);
  out->rule = rule;
  out->lines = g_ptr_array_new_with_free_func (g_free);
  recorder->out = out;
  recorder->inputs = json_object_new ();
  recorder->policy = json_object_new ();
}

static void
recorder_finish (Recorder     *recorder,
                 UdAidOutcome  outcome,
                 gint64        amount)
{
  g_assert (amount >= 0);
  g_assert (amount == 0 || (outcome != UD_AID_OUTCOME_NONE && outcome != UD_AID_OUTCOME_REFUSED));

  recorder->out->outcome = outcome;
  recorder->out->amount = amount;
  recorder->out->inputs_json = ud_json_object_to_string (recorder->inputs);
  recorder->out->policy_json = ud_json_object_to_string (recorder->policy);
  g_clear_pointer (&recorder->inputs, json_object_unref);
  g_clear_pointer (&recorder->policy, json_object_unref);
}

/* Reads @value, a member of @policy, and records it with its name from the table (so a
 * struct filled by hand without names still records them). */
static gint64
recorder_use (Recorder               *recorder,
              const UdAidPolicy      *policy,
              const UdAidPolicyValue *value)
{
  gsize offset = (gsize) ((const char *) value - (const char *) policy);
  UdAidPolicyValue named = *value;

  named.name = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (param_infos); i++)
    if (param_infos[i].offset == offset)
      named.name = param_infos[i].name;
  g_assert (named.name != NULL);

  policy_value_add_to (recorder->policy, &named);
  return value->value;
}

static void recorder_line (Recorder   *recorder,
                           const char *format,
                           ...) G_GNUC_PRINTF (2, 3);

static void
recorder_line (Recorder   *recorder,
               const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (recorder->out->lines, g_strdup_vprintf (format, args));
  va_end (args);
}

/* A line with one amount: @format has one %s for the formatted yuan. A macro, so the compiler
 * still checks the translated format against its argument. */
#define recorder_money_line(recorder, format, fen) \
  G_STMT_START { \
    g_autofree char *money_text_ = ud_money_format (fen); \
    recorder_line ((recorder), (format), money_text_); \
  } G_STMT_END

/* A line with the amount approved before and the cap: "Approved …: %s yuan, cap %s yuan". */
#define recorder_cap_line(recorder, format, approved, cap) \
  G_STMT_START { \
    g_autofree char *approved_text_ = ud_money_format (approved); \
    g_autofree char *cap_text_ = ud_money_format (cap); \
    recorder_line ((recorder), (format), approved_text_, cap_text_); \
  } G_STMT_END

/* Cuts @due to what is left under @cap after @approved, with the lines that say so. */
static gint64
recorder_apply_cap (Recorder     *recorder,
                    gint64        due,
                    gint64        approved,
                    gint64        cap,
                    UdAidOutcome *outcome)
{
  gint64 left = approved < cap ? cap - approved : 0;

  if (due <= left)
    return due;

  if (left == 0)
    recorder_line (recorder, "%s", _("The cap for the year is used up"));
  else
    recorder_money_line (recorder, _("Cut to what is left under the cap: %s yuan"), left);
  *outcome = UD_AID_OUTCOME_CAPPED;

  return left;
}

static gboolean
check_money (gint64       fen,
             const char  *field,
             const char  *label,
             GError     **error)
{
  if (fen < 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, field, _("%s: cannot be negative"),
                          label);
      return FALSE;
    }
  if (fen > UD_MONEY_MAX_FEN)
    {
      g_autofree char *max_text = ud_money_format (UD_MONEY_MAX_FEN);

      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, field,
                          _("%s: more than the largest amount, %s yuan"), label, max_text);
      return FALSE;
    }
  return TRUE;
}

/* Medical relief */

gboolean
ud_medical_out_of_pocket (const UdMedicalBill *bill,
                          gint64              *out_of_pocket,
                          GError             **error)
{
  static const struct
  {
    const char *field;
    const char *label;
  } parts[] = {
    { "total", N_("Total cost") },
    { "basic_insurance", N_("Paid by basic medical insurance") },
    { "critical_insurance", N_("Paid by critical-illness or commercial insurance") },
    { "employer", N_("Paid by the employer") },
    { "donations", N_("Paid by donations") },
  };
  gint64 fens[G_N_ELEMENTS (parts)];
  gint64 paid = 0;

  g_return_val_if_fail (bill != NULL, FALSE);
  g_return_val_if_fail (out_of_pocket != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fens[0] = bill->total;
  fens[1] = bill->basic_insurance;
  fens[2] = bill->critical_insurance;
  fens[3] = bill->employer;
  fens[4] = bill->donations;

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (!check_money (fens[i], parts[i].field, _(parts[i].label), error))
      return FALSE;

  /* Each payer is at most UD_MONEY_MAX_FEN, so four of them cannot overflow. */
  for (gsize i = 1; i < G_N_ELEMENTS (parts); i++)
    paid += fens[i];

  if (paid > bill->total)
    {
      g_autofree char *paid_text = ud_money_format (paid);
      g_autofree char *total_text = ud_money_format (bill->total);

      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, "total",
                          _("%s: the payers together (%s yuan) exceed the total cost (%s yuan)"),
                          _(parts[0].label), paid_text, total_text);
      return FALSE;
    }

  *out_of_pocket = bill->total - paid;
  return TRUE;
}

gboolean
ud_medical_relief_compute (const UdAidPolicy *policy,
                           UdAidCategory      category,
                           gint64             year_out_of_pocket_before,
                           gint64             this_claim_out_of_pocket,
                           gint64             approved_this_year,
                           UdComputation     *out,
                           GError           **error)
{
  Recorder recorder;
  const UdAidPolicyValue *threshold_value;
  g_autofree char *percent = NULL;
  gint64 threshold, ratio, cap, cumulative, due;
  UdAidOutcome outcome;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (policy_is_valid (policy), FALSE);
  g_return_val_if_fail (category <= UD_AID_CATEGORY_ACCIDENT, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_money (year_out_of_pocket_before, "year_out_of_pocket_before",
                    _("Out-of-pocket earlier this year"), error) ||
      !check_money (this_claim_out_of_pocket, "this_claim_out_of_pocket",
                    _("Out-of-pocket on this claim"), error) ||
      !check_money (approved_this_year, "approved_this_year",
                    _("Approved for the household this year"), error))
    return FALSE;

  recorder_begin (&recorder, out, UD_AID_RULE_MEDICAL);
  json_object_set_string_member (recorder.inputs, "category",
                                 ud_aid_category_to_string (category));
  json_object_set_int_member (recorder.inputs, "year_out_of_pocket_before",
                              year_out_of_pocket_before);
  json_object_set_int_member (recorder.inputs, "this_claim_out_of_pocket",
                              this_claim_out_of_pocket);
  json_object_set_int_member (recorder.inputs, "approved_this_year", approved_this_year);

  /* Accident-caused hardship has no threshold of its own: the relative one applies. */
  threshold_value = category == UD_AID_CATEGORY_DEEP ? &policy->medical_threshold_deep
                                                     : &policy->medical_threshold_relative;
  threshold = recorder_use (&recorder, policy, threshold_value);
  ratio = recorder_use (&recorder, policy, &policy->medical_ratio);
  cap = recorder_use (&recorder, policy, &policy->medical_household_cap);
  percent = format_percent (ratio);

  /* Both at most UD_MONEY_MAX_FEN: no overflow. */
  cumulative = year_out_of_pocket_before + this_claim_out_of_pocket;

  recorder_money_line (&recorder, _("Out-of-pocket earlier this year: %s yuan"),
                       year_out_of_pocket_before);
  recorder_money_line (&recorder, _("Out-of-pocket on this claim: %s yuan"),
                       this_claim_out_of_pocket);
  recorder_money_line (&recorder, _("Cumulative out-of-pocket this year: %s yuan"), cumulative);
  if (category == UD_AID_CATEGORY_ACCIDENT)
    recorder_line (&recorder, "%s",
                   _("Accident-caused hardship uses the threshold of relative hardship"));
  {
    g_autofree char *threshold_text = ud_money_format (threshold);

    recorder_line (&recorder, _("Threshold (%s): %s yuan"),
                   category_label (category == UD_AID_CATEGORY_DEEP ? UD_AID_CATEGORY_DEEP
                                                                    : UD_AID_CATEGORY_RELATIVE),
                   threshold_text);
  }

  /* "Exceeds" is strict: exactly at the threshold gives nothing. */
  if (cumulative <= threshold)
    {
      recorder_line (&recorder, "%s", _("Not above the threshold: no relief"));
      recorder_money_line (&recorder, _("Relief on this claim: %s yuan"), 0);
      recorder_finish (&recorder, UD_AID_OUTCOME_NONE, 0);
      return TRUE;
    }

  {
    gint64 above_before = year_out_of_pocket_before > threshold
                          ? year_out_of_pocket_before - threshold : 0;
    gint64 above_after = cumulative - threshold;
    gint64 share_before = ud_aid_apply_ratio (above_before, ratio);
    gint64 share_after = ud_aid_apply_ratio (above_after, ratio);
    g_autofree char *above_after_text = ud_money_format (above_after);
    g_autofree char *share_after_text = ud_money_format (share_after);

    if (above_before == 0)
      {
        recorder_money_line (&recorder, _("Above the threshold: %s yuan"), above_after);
        recorder_line (&recorder, _("Above the threshold × %s%%: %s yuan"), percent,
                       share_after_text);
      }
    else
      {
        g_autofree char *above_before_text = ud_money_format (above_before);
        g_autofree char *share_before_text = ud_money_format (share_before);

        recorder_money_line (&recorder, _("Above the threshold this year: %s yuan"), above_after);
        recorder_line (&recorder, _("Above the threshold this year × %s%%: %s yuan"), percent,
                       share_after_text);
        recorder_line (&recorder, _("Less the share of earlier claims (%s yuan × %s%%): %s yuan"),
                       above_before_text, percent, share_before_text);
      }

    /* Telescoping shares: the year's relief is the ratio of the whole part above the
     * threshold, rounded down once, however the bills are split. */
    due = share_after - share_before;
  }

  /* Cannot happen with a ratio of at most 100% (the step of a rounded-down share over an
   * amount is at most that amount), but the rule says it, so the code says it too. */
  if (due > this_claim_out_of_pocket)
    {
      due = this_claim_out_of_pocket;
      recorder_money_line (&recorder, _("Not more than the out-of-pocket on this claim: %s yuan"),
                           due);
    }

  outcome = due > 0 ? UD_AID_OUTCOME_GRANTED : UD_AID_OUTCOME_NONE;
  recorder_cap_line (&recorder, _("Approved for the household this year: %s yuan, cap %s yuan"),
                     approved_this_year, cap);
  due = recorder_apply_cap (&recorder, due, approved_this_year, cap, &outcome);

  recorder_money_line (&recorder, _("Relief on this claim: %s yuan"), due);
  recorder_finish (&recorder, due > 0 ? outcome : UD_AID_OUTCOME_NONE, due);
  return TRUE;
}

/* Education aid */

void
ud_education_aid_compute (const UdAidPolicy *policy,
                          UdSchoolLevel      level,
                          UdAidCategory      category,
                          gboolean           aided_elsewhere,
                          gboolean           already_aided_this_year,
                          UdComputation     *out)
{
  Recorder recorder;
  const UdAidPolicyValue *standard;
  gboolean deep = category == UD_AID_CATEGORY_DEEP;
  gint64 amount;

  g_return_if_fail (policy != NULL);
  g_return_if_fail (policy_is_valid (policy));
  g_return_if_fail (level <= UD_SCHOOL_LEVEL_COLLEGE);
  g_return_if_fail (category <= UD_AID_CATEGORY_ACCIDENT);
  g_return_if_fail (out != NULL);

  recorder_begin (&recorder, out, UD_AID_RULE_EDUCATION);
  json_object_set_string_member (recorder.inputs, "level", school_level_to_string (level));
  json_object_set_string_member (recorder.inputs, "category",
                                 ud_aid_category_to_string (category));
  json_object_set_boolean_member (recorder.inputs, "aided_elsewhere", aided_elsewhere);
  json_object_set_boolean_member (recorder.inputs, "already_aided_this_year",
                                  already_aided_this_year);

  recorder_line (&recorder, _("School level: %s"), school_level_label (level));
  recorder_line (&recorder, _("Hardship category: %s"), category_label (category));

  if (aided_elsewhere || already_aided_this_year)
    {
      recorder_line (&recorder, "%s",
                     aided_elsewhere
                     ? _("Refused: the child is already aided by another body this year")
                     : _("Refused: the child has already been aided by us this year"));
      recorder_money_line (&recorder, _("Education aid: %s yuan"), 0);
      recorder_finish (&recorder, UD_AID_OUTCOME_REFUSED, 0);
      return;
    }

  if (level == UD_SCHOOL_LEVEL_COLLEGE)
    standard = deep ? &policy->education_college_deep : &policy->education_college_relative;
  else
    standard = deep ? &policy->education_high_school_deep
                    : &policy->education_high_school_relative;

  if (category == UD_AID_CATEGORY_ACCIDENT)
    recorder_line (&recorder, "%s",
                   _("Accident-caused hardship receives the amount of relative hardship"));
  amount = recorder_use (&recorder, policy, standard);
  recorder_money_line (&recorder, _("Amount per child and year: %s yuan"), amount);
  recorder_money_line (&recorder, _("Education aid: %s yuan"), amount);
  recorder_finish (&recorder, amount > 0 ? UD_AID_OUTCOME_GRANTED : UD_AID_OUTCOME_NONE, amount);
}

/* Temporary relief */

gboolean
ud_temporary_relief_compute (const UdAidPolicy *policy,
                             gint64             requested,
                             gint64             approved_this_year_for_person,
                             UdComputation     *out,
                             GError           **error)
{
  Recorder recorder;
  UdAidOutcome outcome = UD_AID_OUTCOME_GRANTED;
  gint64 cap, amount;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (policy_is_valid (policy), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_money (requested, "requested", _("Requested amount"), error) ||
      !check_money (approved_this_year_for_person, "approved_this_year_for_person",
                    _("Approved for this person this year"), error))
    return FALSE;

  recorder_begin (&recorder, out, UD_AID_RULE_TEMPORARY);
  json_object_set_int_member (recorder.inputs, "requested", requested);
  json_object_set_int_member (recorder.inputs, "approved_this_year_for_person",
                              approved_this_year_for_person);
  cap = recorder_use (&recorder, policy, &policy->temporary_person_cap);

  recorder_money_line (&recorder, _("Requested: %s yuan"), requested);
  recorder_cap_line (&recorder, _("Approved for this person this year: %s yuan, cap %s yuan"),
                     approved_this_year_for_person, cap);
  amount = recorder_apply_cap (&recorder, requested, approved_this_year_for_person, cap,
                               &outcome);
  recorder_money_line (&recorder, _("Temporary relief: %s yuan"), amount);
  recorder_finish (&recorder, amount > 0 ? outcome : UD_AID_OUTCOME_NONE, amount);
  return TRUE;
}

/* Condolence */

static const UdAidPolicyValue *
condolence_value (const UdAidPolicy *policy,
                  UdAidCategory      category)
{
  switch (category)
    {
    case UD_AID_CATEGORY_DEEP:
      return &policy->condolence_deep;
    case UD_AID_CATEGORY_RELATIVE:
      return &policy->condolence_relative;
    case UD_AID_CATEGORY_ACCIDENT:
      return &policy->condolence_accident;
    default:
      g_return_val_if_reached (&policy->condolence_relative);
    }
}

gint64
ud_condolence_amount (const UdAidPolicy *policy,
                      UdAidCategory      category)
{
  g_return_val_if_fail (policy != NULL, 0);

  return condolence_value (policy, category)->value;
}

void
ud_condolence_compute (const UdAidPolicy *policy,
                       UdAidCategory      category,
                       UdComputation     *out)
{
  Recorder recorder;
  g_autofree char *amount_text = NULL;
  gint64 amount;

  g_return_if_fail (policy != NULL);
  g_return_if_fail (policy_is_valid (policy));
  g_return_if_fail (category <= UD_AID_CATEGORY_ACCIDENT);
  g_return_if_fail (out != NULL);

  recorder_begin (&recorder, out, UD_AID_RULE_CONDOLENCE);
  json_object_set_string_member (recorder.inputs, "category",
                                 ud_aid_category_to_string (category));
  amount = recorder_use (&recorder, policy, condolence_value (policy, category));
  amount_text = ud_money_format (amount);
  recorder_line (&recorder, _("Condolence for %s: %s yuan"), category_label (category),
                 amount_text);
  recorder_finish (&recorder, amount > 0 ? UD_AID_OUTCOME_GRANTED : UD_AID_OUTCOME_NONE, amount);
}

/* Living relief */

gboolean
ud_living_relief_compute (const UdAidPolicy *policy,
                          UdAidCategory      category,
                          int                months,
                          int                months_granted_this_year,
                          UdComputation     *out,
                          GError           **error)
{
  Recorder recorder;
  UdAidOutcome outcome = UD_AID_OUTCOME_GRANTED;
  gboolean deep = category == UD_AID_CATEGORY_DEEP;
  g_autofree char *monthly_text = NULL;
  gint64 monthly, amount;
  int months_left, months_granted;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (policy_is_valid (policy), FALSE);
  g_return_val_if_fail (category <= UD_AID_CATEGORY_ACCIDENT, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (months < 1 || months > UD_AID_LIVING_MAX_MONTHS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "months",
                          _("Months: %d is not between 1 and %d"), months,
                          UD_AID_LIVING_MAX_MONTHS);
      return FALSE;
    }
  if (months_granted_this_year < 0 || months_granted_this_year > UD_AID_LIVING_MAX_MONTHS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "months_granted_this_year",
                          _("Months already granted this year: %d is not between 0 and %d"),
                          months_granted_this_year, UD_AID_LIVING_MAX_MONTHS);
      return FALSE;
    }

  recorder_begin (&recorder, out, UD_AID_RULE_LIVING);
  json_object_set_string_member (recorder.inputs, "category",
                                 ud_aid_category_to_string (category));
  json_object_set_int_member (recorder.inputs, "months", months);
  json_object_set_int_member (recorder.inputs, "months_granted_this_year",
                              months_granted_this_year);

  if (category == UD_AID_CATEGORY_ACCIDENT)
    recorder_line (&recorder, "%s",
                   _("Accident-caused hardship receives the amount of relative hardship"));
  monthly = recorder_use (&recorder, policy, deep ? &policy->living_monthly_deep
                                          : &policy->living_monthly_relative);
  monthly_text = ud_money_format (monthly);
  recorder_line (&recorder, _("Monthly amount (%s): %s yuan"),
                 category_label (deep ? UD_AID_CATEGORY_DEEP : UD_AID_CATEGORY_RELATIVE),
                 monthly_text);
  recorder_line (&recorder, _("Months requested: %d"), months);
  recorder_line (&recorder, _("Months already granted this year: %d of at most %d"),
                 months_granted_this_year, UD_AID_LIVING_MAX_MONTHS);

  months_left = UD_AID_LIVING_MAX_MONTHS - months_granted_this_year;
  months_granted = MIN (months, months_left);
  if (months_granted < months)
    {
      recorder_line (&recorder, _("Months granted: %d"), months_granted);
      outcome = UD_AID_OUTCOME_CAPPED;
    }

  /* monthly ≤ UD_MONEY_MAX_FEN and months ≤ 12: no overflow. */
  amount = monthly * months_granted;
  recorder_money_line (&recorder, _("Living relief (monthly amount × months): %s yuan"), amount);
  recorder_finish (&recorder, amount > 0 ? outcome : UD_AID_OUTCOME_NONE, amount);
  return TRUE;
}
