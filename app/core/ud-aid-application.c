/* ud-aid-application.c — an aid application (帮扶申请) and its medical claims as plain records
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-aid-application"

#include <string.h>

#include "ud-aid-application.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-json.h"
#include "ud-id-number.h"
#include "ud-money.h"

static const char *const ud_aid_type_info_codes[] = {
  "living", "medical", "education", "temporary", "condolence",
};
static const char *const ud_aid_type_info_labels[] = {
  N_("Living relief"), N_("Medical relief"), N_("Education aid"), N_("Temporary relief"),
  N_("Condolence"),
};
static const char *const ud_aid_type_info_aliases[] = {
  "生活救助|生活困难救助", "医疗救助|大病救助", "金秋助学|助学|教育救助", "临时救助|应急救助",
  "送温暖|慰问",
};
UD_ENUM_INFO (ud_aid_type_info, "aid-type");

static const char *const ud_aid_status_info_codes[] = {
  "draft", "submitted", "reviewed", "approved", "payment_pending", "paid", "payment_failed",
  "reissued", "returned", "rejected",
};
static const char *const ud_aid_status_info_labels[] = {
  N_("Draft"), N_("Submitted"), N_("Reviewed"), N_("Approved"), N_("Payment pending"),
  N_("Paid"), N_("Payment failed"), N_("Reissued"), N_("Returned"), N_("Rejected"),
};
static const char *const ud_aid_status_info_aliases[] = {
  "草稿", "已提交|待审核", "已审核|待审批", "已审批|已批准", "待发放", "已发放", "发放失败",
  "已重新发放|补发", "已退回|退回", "不予救助|已驳回|驳回",
};
UD_ENUM_INFO (ud_aid_status_info, "aid-status");

static const char *const ud_medical_kind_info_codes[] = {
  "inpatient", "outpatient",
};
static const char *const ud_medical_kind_info_labels[] = {
  N_("Hospital stay"), N_("Outpatient bill"),
};
static const char *const ud_medical_kind_info_aliases[] = {
  "住院", "门诊|门诊费用",
};
UD_ENUM_INFO (ud_medical_kind_info, "medical-kind");

static const char *const ud_patient_relation_info_codes[] = {
  "worker", "spouse", "child", "parent", "other",
};
static const char *const ud_patient_relation_info_labels[] = {
  N_("The worker"), N_("Spouse"), N_("Child"), N_("Parent"), N_("Other relative"),
};
static const char *const ud_patient_relation_info_aliases[] = {
  "本人|职工本人", "配偶", "子女", "父母", "其他|其他亲属",
};
UD_ENUM_INFO (ud_patient_relation_info, "patient-relation");

static const char *const ud_school_level_info_codes[] = {
  "high_school", "college",
};
static const char *const ud_school_level_info_labels[] = {
  N_("High school"), N_("College or university"),
};
static const char *const ud_school_level_info_aliases[] = {
  "高中|中职|高中（中职）", "大学|大专|本科|高校",
};
UD_ENUM_INFO (ud_school_level_info, "school-level");

gboolean
ud_aid_status_is_granted (UdAidStatus status)
{
  return status == UD_AID_STATUS_APPROVED || status == UD_AID_STATUS_PAYMENT_PENDING
         || status == UD_AID_STATUS_PAID || status == UD_AID_STATUS_PAYMENT_FAILED
         || status == UD_AID_STATUS_REISSUED;
}

/* Claims */

UdMedicalClaim *
ud_medical_claim_new (void)
{
  return g_new0 (UdMedicalClaim, 1);
}

UdMedicalClaim *
ud_medical_claim_copy (const UdMedicalClaim *claim)
{
  UdMedicalClaim *copy;

  g_return_val_if_fail (claim != NULL, NULL);

  copy = g_memdup2 (claim, sizeof *claim);
  copy->uuid = g_strdup (claim->uuid);
  copy->patient_name = g_strdup (claim->patient_name);
  copy->patient_id_number = g_strdup (claim->patient_id_number);
  copy->diagnosis = g_strdup (claim->diagnosis);
  copy->hospital = g_strdup (claim->hospital);
  copy->admitted_date = g_strdup (claim->admitted_date);
  copy->discharged_date = g_strdup (claim->discharged_date);
  copy->created_at = g_strdup (claim->created_at);
  copy->updated_at = g_strdup (claim->updated_at);
  return copy;
}

void
ud_medical_claim_free (UdMedicalClaim *claim)
{
  if (claim == NULL)
    return;

  g_free (claim->uuid);
  g_free (claim->patient_name);
  g_free (claim->patient_id_number);
  g_free (claim->diagnosis);
  g_free (claim->hospital);
  g_free (claim->admitted_date);
  g_free (claim->discharged_date);
  g_free (claim->created_at);
  g_free (claim->updated_at);
  g_free (claim);
}

const char *
ud_medical_claim_get_date (const UdMedicalClaim *claim)
{
  g_return_val_if_fail (claim != NULL, NULL);

  return claim->discharged_date != NULL && *claim->discharged_date != '\0'
         ? claim->discharged_date : claim->admitted_date;
}

/* Applications */

UdAidApplication *
ud_aid_application_new (UdAidType type)
{
  UdAidApplication *app = g_new0 (UdAidApplication, 1);

  app->type = type;
  app->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_medical_claim_free);
  return app;
}

UdAidApplication *
ud_aid_application_copy (const UdAidApplication *app)
{
  UdAidApplication *copy;

  g_return_val_if_fail (app != NULL, NULL);

  copy = g_memdup2 (app, sizeof *app);
#define DUP(field) copy->field = g_strdup (app->field)
  DUP (uuid);
  DUP (number);
  DUP (batch);
  DUP (computation);
  DUP (policy_snapshot);
  DUP (policy_date);
  DUP (documents);
  DUP (note);
  DUP (child_name);
  DUP (child_id_number);
  DUP (school);
  DUP (status_reason);
  DUP (status_date);
  DUP (submitted_date);
  DUP (reviewed_date);
  DUP (approved_date);
  DUP (review_opinion);
  DUP (approval_opinion);
  DUP (created_at);
  DUP (updated_at);
  DUP (member_name);
  DUP (member_uuid);
  DUP (file_number);
  DUP (file_uuid);
#undef DUP
  copy->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_medical_claim_free);
  for (guint i = 0; app->claims != NULL && i < app->claims->len; i++)
    g_ptr_array_add (copy->claims, ud_medical_claim_copy (app->claims->pdata[i]));
  return copy;
}

void
ud_aid_application_free (UdAidApplication *app)
{
  if (app == NULL)
    return;

  g_free (app->uuid);
  g_free (app->number);
  g_free (app->batch);
  g_free (app->computation);
  g_free (app->policy_snapshot);
  g_free (app->policy_date);
  g_free (app->documents);
  g_free (app->note);
  g_free (app->child_name);
  g_free (app->child_id_number);
  g_free (app->school);
  g_free (app->status_reason);
  g_free (app->status_date);
  g_free (app->submitted_date);
  g_free (app->reviewed_date);
  g_free (app->approved_date);
  g_free (app->review_opinion);
  g_free (app->approval_opinion);
  g_free (app->created_at);
  g_free (app->updated_at);
  g_free (app->member_name);
  g_free (app->member_uuid);
  g_free (app->file_number);
  g_free (app->file_uuid);
  g_clear_pointer (&app->claims, g_ptr_array_unref);
  g_free (app);
}

/* Trims @text in place; NULL when nothing is left. */
static void
normalise_text (char **text)
{
  if (*text == NULL)
    return;

  g_strstrip (*text);
  if (**text == '\0')
    g_clear_pointer (text, g_free);
}

static gboolean
check_amount (gint64       fen,
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
normalise_id (char       **id_number,
              const char  *field,
              const char  *label,
              GError     **error)
{
  g_autoptr(GError) local = NULL;
  UdIdNumber parsed;

  if (*id_number == NULL)
    return TRUE;

  if (!ud_id_number_parse (*id_number, NULL, &parsed, &local))
    {
      ud_set_field_error (error, local->code, field, "%s: %s", label, local->message);
      return FALSE;
    }
  g_free (*id_number);
  *id_number = g_strdup (parsed.number);
  return TRUE;
}

gboolean
ud_aid_application_validate (UdAidApplication *app,
                             GError          **error)
{
  g_return_val_if_fail (app != NULL, FALSE);

  normalise_text (&app->batch);
  normalise_text (&app->documents);
  normalise_text (&app->note);
  normalise_text (&app->child_name);
  normalise_text (&app->child_id_number);
  normalise_text (&app->school);

  if ((guint) app->type >= ud_aid_type_info.n_values)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "type",
                          _("Type: choose the kind of aid"));
      return FALSE;
    }
  if (app->year < 2000 || app->year > 2999)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "year",
                          _("Year: %d is not a year the aid can be for"), app->year);
      return FALSE;
    }
  if (app->file_id <= 0 && app->type != UD_AID_TYPE_TEMPORARY)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "file_id",
                          _("Hardship file: %s needs the household’s hardship file"),
                          ud_enum_label (&ud_aid_type_info, app->type));
      return FALSE;
    }
  if (!check_amount (app->requested_fen, "requested_fen", _("Requested amount"), error))
    return FALSE;

  if (app->type == UD_AID_TYPE_EDUCATION)
    {
      if (app->child_name == NULL)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "child_name",
                              _("Child: enter the child’s name"));
          return FALSE;
        }
      if (app->child_id_number == NULL)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "child_id_number",
                              _("Child’s ID number: enter it (a child is aided once a year)"));
          return FALSE;
        }
      if (!normalise_id (&app->child_id_number, "child_id_number", _("Child’s ID number"),
                         error))
        return FALSE;
      if (app->school == NULL)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "school",
                              _("School: enter the school"));
          return FALSE;
        }
      if ((guint) app->school_level >= ud_school_level_info.n_values)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "school_level",
                              _("School level: choose high school or college"));
          return FALSE;
        }
      if (app->admission_year < 1990 || app->admission_year > app->year)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "admission_year",
                              _("Admission year: %d is not between 1990 and the aid year"),
                              app->admission_year);
          return FALSE;
        }
      if (!check_amount (app->fees_fen, "fees_fen", _("Fees"), error))
        return FALSE;
    }
  else
    {
      g_clear_pointer (&app->child_name, g_free);
      g_clear_pointer (&app->child_id_number, g_free);
      g_clear_pointer (&app->school, g_free);
      app->school_level = UD_SCHOOL_LEVEL_HIGH_SCHOOL;
      app->admission_year = 0;
      app->fees_fen = 0;
      app->aided_elsewhere = FALSE;
    }

  if (app->type == UD_AID_TYPE_LIVING)
    {
      if (app->living_months < 1 || app->living_months > UD_AID_LIVING_MAX_MONTHS)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "living_months",
                              _("Months: %d is not between 1 and %d"), app->living_months,
                              UD_AID_LIVING_MAX_MONTHS);
          return FALSE;
        }
    }
  else
    app->living_months = 0;

  return TRUE;
}

gboolean
ud_medical_claim_validate (UdMedicalClaim *claim,
                           GError        **error)
{
  UdMedicalBill bill;
  GDate admitted, discharged;

  g_return_val_if_fail (claim != NULL, FALSE);

  normalise_text (&claim->patient_name);
  normalise_text (&claim->patient_id_number);
  normalise_text (&claim->diagnosis);
  normalise_text (&claim->hospital);
  normalise_text (&claim->admitted_date);
  normalise_text (&claim->discharged_date);

  if (claim->patient_name == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "patient_name",
                          _("Patient: enter the patient’s name"));
      return FALSE;
    }
  if (!normalise_id (&claim->patient_id_number, "patient_id_number", _("Patient’s ID number"),
                     error))
    return FALSE;
  if (claim->diagnosis == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "diagnosis",
                          _("Diagnosis: enter the diagnosis"));
      return FALSE;
    }
  if (claim->hospital == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "hospital",
                          _("Hospital: enter the hospital"));
      return FALSE;
    }
  if ((guint) claim->kind >= ud_medical_kind_info.n_values)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "kind",
                          _("Kind: choose a hospital stay or an outpatient bill"));
      return FALSE;
    }

  if (claim->admitted_date == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "admitted_date",
                          _("Admission date: enter the date"));
      return FALSE;
    }
  if (!ud_date_parse (claim->admitted_date, _("Admission date"), &admitted, error))
    return FALSE;
  g_free (claim->admitted_date);
  claim->admitted_date = ud_date_format (&admitted);

  if (claim->discharged_date == NULL && claim->kind == UD_MEDICAL_KIND_INPATIENT)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "discharged_date",
                          _("Discharge date: enter the date the stay ended"));
      return FALSE;
    }
  if (claim->discharged_date != NULL)
    {
      if (!ud_date_parse (claim->discharged_date, _("Discharge date"), &discharged,
                          error))
        return FALSE;
      if (g_date_compare (&discharged, &admitted) < 0)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_DATE, "discharged_date",
                              _("Discharge date: before the admission date"));
          return FALSE;
        }
      g_free (claim->discharged_date);
      claim->discharged_date = ud_date_format (&discharged);
    }

  bill.total = claim->total_fen;
  bill.basic_insurance = claim->basic_insurance_fen;
  bill.critical_insurance = claim->critical_insurance_fen;
  bill.employer = claim->employer_fen;
  bill.donations = claim->donations_fen;
  return ud_medical_out_of_pocket (&bill, &claim->out_of_pocket_fen, error);
}

JsonObject *
ud_medical_claim_to_json (const UdMedicalClaim *claim)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "uuid", claim->uuid);
  json_object_set_int_member (object, "version", claim->version);
  json_object_set_string_member (object, "patient_name", claim->patient_name);
  json_object_set_string_member (object, "patient_id_number", claim->patient_id_number);
  json_object_set_string_member (object, "patient_relation",
                                 ud_enum_code (&ud_patient_relation_info,
                                               claim->patient_relation));
  json_object_set_string_member (object, "diagnosis", claim->diagnosis);
  json_object_set_string_member (object, "hospital", claim->hospital);
  json_object_set_string_member (object, "kind", ud_enum_code (&ud_medical_kind_info,
                                                               claim->kind));
  json_object_set_string_member (object, "admitted_date", claim->admitted_date);
  json_object_set_string_member (object, "discharged_date", claim->discharged_date);
  json_object_set_int_member (object, "total_fen", claim->total_fen);
  json_object_set_int_member (object, "basic_insurance_fen", claim->basic_insurance_fen);
  json_object_set_int_member (object, "critical_insurance_fen", claim->critical_insurance_fen);
  json_object_set_int_member (object, "employer_fen", claim->employer_fen);
  json_object_set_int_member (object, "donations_fen", claim->donations_fen);
  json_object_set_int_member (object, "out_of_pocket_fen", claim->out_of_pocket_fen);
  json_object_set_string_member (object, "created_at", claim->created_at);
  json_object_set_string_member (object, "updated_at", claim->updated_at);
  return object;
}

static void
set_json_member (JsonObject *object,
                 const char *name,
                 const char *json)
{
  JsonNode *node = json != NULL ? json_from_string (json, NULL) : NULL;

  json_object_set_member (object, name, node != NULL ? node : json_node_new (JSON_NODE_NULL));
}

JsonObject *
ud_aid_application_to_json (const UdAidApplication *app)
{
  JsonObject *object = json_object_new ();
  gboolean education = app->type == UD_AID_TYPE_EDUCATION;

  json_object_set_string_member (object, "uuid", app->uuid);
  json_object_set_int_member (object, "version", app->version);
  json_object_set_string_member (object, "number", app->number);
  json_object_set_string_member (object, "type", ud_enum_code (&ud_aid_type_info, app->type));
  json_object_set_int_member (object, "year", app->year);
  json_object_set_string_member (object, "batch", app->batch);
  json_object_set_int_member (object, "requested_fen", app->requested_fen);
  json_object_set_int_member (object, "computed_fen", app->computed_fen);
  json_object_set_int_member (object, "approved_fen", app->approved_fen);
  json_object_set_string_member (object, "outcome", app->computation != NULL
                                 ? ud_aid_outcome_to_string (app->outcome) : NULL);
  set_json_member (object, "computation", app->computation);
  set_json_member (object, "policy_snapshot", app->policy_snapshot);
  json_object_set_string_member (object, "policy_date", app->policy_date);
  json_object_set_string_member (object, "documents", app->documents);
  json_object_set_string_member (object, "note", app->note);
  json_object_set_string_member (object, "child_name", app->child_name);
  json_object_set_string_member (object, "child_id_number", app->child_id_number);
  json_object_set_string_member (object, "school", app->school);
  json_object_set_string_member (object, "school_level", education
                                 ? ud_enum_code (&ud_school_level_info, app->school_level)
                                 : NULL);
  if (education)
    json_object_set_int_member (object, "admission_year", app->admission_year);
  else
    json_object_set_null_member (object, "admission_year");
  json_object_set_int_member (object, "fees_fen", app->fees_fen);
  json_object_set_boolean_member (object, "aided_elsewhere", app->aided_elsewhere);
  json_object_set_int_member (object, "living_months", app->living_months);
  json_object_set_int_member (object, "granted_months", app->granted_months);
  json_object_set_string_member (object, "status",
                                 ud_enum_code (&ud_aid_status_info, app->status));
  json_object_set_string_member (object, "status_reason", app->status_reason);
  json_object_set_string_member (object, "status_date", app->status_date);
  json_object_set_string_member (object, "submitted_date", app->submitted_date);
  json_object_set_string_member (object, "reviewed_date", app->reviewed_date);
  json_object_set_string_member (object, "approved_date", app->approved_date);
  json_object_set_string_member (object, "review_opinion", app->review_opinion);
  json_object_set_string_member (object, "approval_opinion", app->approval_opinion);
  json_object_set_string_member (object, "created_at", app->created_at);
  json_object_set_string_member (object, "updated_at", app->updated_at);
  return object;
}

/* Explaining a stored computation */

static gint64
input_int (JsonObject *inputs,
           const char *name)
{
  return json_object_has_member (inputs, name) ? json_object_get_int_member (inputs, name) : 0;
}

static UdAidCategory
input_category (JsonObject *inputs)
{
  UdAidCategory category = UD_AID_CATEGORY_RELATIVE;
  const char *code = json_object_has_member (inputs, "category")
                     ? json_object_get_string_member (inputs, "category") : NULL;

  ud_aid_category_from_string (code, &category);
  return category;
}

/* Runs the rule of one ud_computation_to_json() object again and appends its lines. */
static gboolean
explain_one (JsonObject  *stored,
             GPtrArray   *lines,
             GError     **error)
{
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;
  g_autofree char *policy_json = NULL;
  const char *rule;
  JsonObject *inputs;
  JsonNode *policy_node;
  UdAidPolicy policy;
  gboolean ok = TRUE;

  rule = json_object_has_member (stored, "rule")
         ? json_object_get_string_member (stored, "rule") : NULL;
  inputs = json_object_has_member (stored, "inputs")
           ? json_object_get_object_member (stored, "inputs") : NULL;
  policy_node = json_object_get_member (stored, "policy");
  if (rule == NULL || inputs == NULL || policy_node == NULL
      || !JSON_NODE_HOLDS_OBJECT (policy_node))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "computation",
                          _("Computation: the stored computation cannot be read"));
      return FALSE;
    }

  policy_json = ud_json_node_to_string (policy_node);
  if (!ud_aid_policy_from_json (&policy, policy_json, error))
    return FALSE;

  if (g_str_equal (rule, "medical"))
    ok = ud_medical_relief_compute (&policy, input_category (inputs),
                                    input_int (inputs, "year_out_of_pocket_before"),
                                    input_int (inputs, "this_claim_out_of_pocket"),
                                    input_int (inputs, "approved_this_year"),
                                    &computation, error);
  else if (g_str_equal (rule, "education"))
    {
      const char *level = json_object_has_member (inputs, "level")
                          ? json_object_get_string_member (inputs, "level") : NULL;

      ud_education_aid_compute (&policy, g_strcmp0 (level, "college") == 0
                                         ? UD_SCHOOL_LEVEL_COLLEGE
                                         : UD_SCHOOL_LEVEL_HIGH_SCHOOL,
                                input_category (inputs),
                                input_int (inputs, "aided_elsewhere") != 0,
                                input_int (inputs, "already_aided_this_year") != 0,
                                &computation);
    }
  else if (g_str_equal (rule, "temporary"))
    ok = ud_temporary_relief_compute (&policy, input_int (inputs, "requested"),
                                      input_int (inputs, "approved_this_year_for_person"),
                                      &computation, error);
  else if (g_str_equal (rule, "condolence"))
    ud_condolence_compute (&policy, input_category (inputs), &computation);
  else if (g_str_equal (rule, "living"))
    ok = ud_living_relief_compute (&policy, input_category (inputs),
                                   (int) input_int (inputs, "months"),
                                   (int) input_int (inputs, "months_granted_this_year"),
                                   &computation, error);
  else
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "computation",
                          _("Computation: unknown rule “%s”"), rule);
      return FALSE;
    }

  if (!ok)
    return FALSE;

  for (guint i = 0; computation.lines != NULL && i < computation.lines->len; i++)
    g_ptr_array_add (lines, g_strdup (computation.lines->pdata[i]));
  return TRUE;
}

GPtrArray *
ud_aid_application_explain (const UdAidApplication *app,
                            GError                **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_return_val_if_fail (app != NULL, NULL);

  if (app->computation != NULL)
    root = json_from_string (app->computation, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "computation",
                          _("Computation: the amount has not been computed yet"));
      return NULL;
    }

  object = json_node_get_object (root);
  if (json_object_has_member (object, "claims"))
    {
      JsonArray *claims = json_object_get_array_member (object, "claims");
      g_autofree char *total = NULL;

      for (guint i = 0; claims != NULL && i < json_array_get_length (claims); i++)
        {
          JsonObject *claim = json_array_get_object_element (claims, i);
          const char *label = json_object_has_member (claim, "claim")
                              ? json_object_get_string_member (claim, "claim") : "";

          g_ptr_array_add (lines, g_strdup_printf (_("Claim %u: %s"), i + 1, label));
          if (!explain_one (claim, lines, error))
            return NULL;
        }
      total = ud_money_format (json_object_get_int_member (object, "amount"));
      g_ptr_array_add (lines, g_strdup_printf (_("Medical relief on this application: %s yuan"),
                                               total));
    }
  else if (!explain_one (object, lines, error))
    return NULL;

  return g_steal_pointer (&lines);
}
