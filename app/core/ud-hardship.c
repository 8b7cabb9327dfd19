/* ud-hardship.c — a hardship file (困难职工档案) as a plain record, and its pure computations
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-hardship"

#include <string.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-hardship.h"
#include "ud-i18n.h"
#include "ud-id-number.h"
#include "ud-mask.h"
#include "ud-money.h"

UdHouseholdMember *
ud_household_member_new (void)
{
  UdHouseholdMember *person = g_new0 (UdHouseholdMember, 1);

  person->relation = UD_RELATION_OTHER;
  return person;
}

UdHouseholdMember *
ud_household_member_copy (const UdHouseholdMember *person)
{
  UdHouseholdMember *copy;

  g_return_val_if_fail (person != NULL, NULL);

  copy = g_memdup2 (person, sizeof *person);
  copy->uuid = g_strdup (person->uuid);
  copy->name = g_strdup (person->name);
  copy->id_number = g_strdup (person->id_number);
  copy->birth_date = g_strdup (person->birth_date);
  copy->school_or_employer = g_strdup (person->school_or_employer);
  return copy;
}

void
ud_household_member_free (UdHouseholdMember *person)
{
  if (person == NULL)
    return;

  g_free (person->uuid);
  g_free (person->name);
  g_free (person->id_number);
  g_free (person->birth_date);
  g_free (person->school_or_employer);
  g_free (person);
}

UdHardshipFile *
ud_hardship_file_new (void)
{
  UdHardshipFile *file = g_new0 (UdHardshipFile, 1);

  file->household_size = 1;
  file->household = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_household_member_free);
  return file;
}

UdHardshipFile *
ud_hardship_file_copy (const UdHardshipFile *file)
{
  UdHardshipFile *copy;

  g_return_val_if_fail (file != NULL, NULL);

  copy = g_memdup2 (file, sizeof *file);
  copy->uuid = g_strdup (file->uuid);
  copy->file_number = g_strdup (file->file_number);
  copy->worker_id_number = g_strdup (file->worker_id_number);
  copy->region_code = g_strdup (file->region_code);
  copy->category_reason = g_strdup (file->category_reason);
  copy->disability = g_strdup (file->disability);
  copy->policy_snapshot = g_strdup (file->policy_snapshot);
  copy->bank_name = g_strdup (file->bank_name);
  copy->bank_account = g_strdup (file->bank_account);
  copy->bank_holder = g_strdup (file->bank_holder);
  copy->unit_opinion = g_strdup (file->unit_opinion);
  copy->review_opinion = g_strdup (file->review_opinion);
  copy->approval_opinion = g_strdup (file->approval_opinion);
  copy->status_reason = g_strdup (file->status_reason);
  copy->status_date = g_strdup (file->status_date);
  copy->publicity_start = g_strdup (file->publicity_start);
  copy->filed_date = g_strdup (file->filed_date);
  copy->created_at = g_strdup (file->created_at);
  copy->updated_at = g_strdup (file->updated_at);
  copy->worker_name = g_strdup (file->worker_name);
  copy->member_uuid = g_strdup (file->member_uuid);
  copy->org_name = g_strdup (file->org_name);
  copy->household = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_household_member_free);
  for (guint i = 0; file->household != NULL && i < file->household->len; i++)
    g_ptr_array_add (copy->household, ud_household_member_copy (file->household->pdata[i]));
  return copy;
}

void
ud_hardship_file_free (UdHardshipFile *file)
{
  if (file == NULL)
    return;

  g_free (file->uuid);
  g_free (file->file_number);
  g_free (file->worker_id_number);
  g_free (file->region_code);
  g_free (file->category_reason);
  g_free (file->disability);
  g_free (file->policy_snapshot);
  g_free (file->bank_name);
  g_free (file->bank_account);
  g_free (file->bank_holder);
  g_free (file->unit_opinion);
  g_free (file->review_opinion);
  g_free (file->approval_opinion);
  g_free (file->status_reason);
  g_free (file->status_date);
  g_free (file->publicity_start);
  g_free (file->filed_date);
  g_free (file->created_at);
  g_free (file->updated_at);
  g_free (file->worker_name);
  g_free (file->member_uuid);
  g_free (file->org_name);
  g_clear_pointer (&file->household, g_ptr_array_unref);
  g_free (file);
}

gint64
ud_hardship_annual_income (const UdHardshipFile *file)
{
  gint64 monthly;

  g_return_val_if_fail (file != NULL, 0);

  monthly = file->worker_monthly_income_fen;
  for (guint i = 0; file->household != NULL && i < file->household->len; i++)
    monthly += ((UdHouseholdMember *) file->household->pdata[i])->monthly_income_fen;

  return monthly * 12 + file->other_income_fen;
}

gint64
ud_hardship_per_capita_monthly (gint64 annual_income_fen,
                                int    household_size)
{
  g_return_val_if_fail (household_size >= 1, 0);

  if (annual_income_fen <= 0)
    return 0;
  return annual_income_fen / 12 / household_size;
}

UdHardshipCategory
ud_hardship_propose_category (gint64 per_capita_fen,
                              gint64 dibao_fen,
                              gint64 hardship_costs_fen,
                              gint64 annual_income_fen,
                              gint64 accident_ratio_bp)
{
  if (per_capita_fen < dibao_fen)
    return UD_HARDSHIP_CATEGORY_DEEP;
  if (per_capita_fen < 2 * dibao_fen)
    return UD_HARDSHIP_CATEGORY_RELATIVE;
  /* costs / income > ratio / 10000, without division (amounts ≤ 10^10 fen, ratio ≤ 10^4). */
  if (hardship_costs_fen > 0 && hardship_costs_fen * 10000 > annual_income_fen * accident_ratio_bp)
    return UD_HARDSHIP_CATEGORY_ACCIDENT;
  return UD_HARDSHIP_CATEGORY_NONE;
}

gboolean
ud_hardship_check_causes (UdHardshipCause main_cause,
                          guint           secondary_causes,
                          GError        **error)
{
  guint n = 0;

  if (main_cause == UD_HARDSHIP_CAUSE_NONE || (guint) main_cause >= ud_hardship_cause_info.n_values)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "main_cause",
                          _("Main cause: choose the one main cause of the hardship"));
      return FALSE;
    }

  if (secondary_causes & (1u << UD_HARDSHIP_CAUSE_NONE)
      || secondary_causes >> ud_hardship_cause_info.n_values != 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "secondary_causes",
                          _("Secondary causes: choose causes from the list"));
      return FALSE;
    }

  if (secondary_causes & (1u << main_cause))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "secondary_causes",
                          _("Secondary causes: “%s” is already the main cause"),
                          ud_enum_label (&ud_hardship_cause_info, main_cause));
      return FALSE;
    }

  for (guint bits = secondary_causes; bits != 0; bits &= bits - 1)
    n++;
  if (n > UD_HARDSHIP_MAX_SECONDARY_CAUSES)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "secondary_causes",
                          _("Secondary causes: choose at most %d (%u are chosen)"),
                          UD_HARDSHIP_MAX_SECONDARY_CAUSES, n);
      return FALSE;
    }

  return TRUE;
}

gboolean
ud_hardship_bank_account_parse (const char  *text,
                                char       **out,
                                GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  g_return_val_if_fail (out != NULL, FALSE);

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '-' || c == 0x3000)
        continue;
      if (c >= 0xFF10 && c <= 0xFF19)  /* full-width digits */
        c = '0' + (c - 0xFF10);
      if (c < '0' || c > '9')
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "bank_account",
                              _("Bank account: use digits only"));
          return FALSE;
        }
      g_string_append_c (digits, (char) c);
    }

  if (digits->len < UD_BANK_ACCOUNT_MIN_DIGITS || digits->len > UD_BANK_ACCOUNT_MAX_DIGITS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "bank_account",
                          _("Bank account: an account number has %d to %d digits, this one has "
                            "%u"), UD_BANK_ACCOUNT_MIN_DIGITS, UD_BANK_ACCOUNT_MAX_DIGITS,
                          (guint) digits->len);
      return FALSE;
    }

  *out = g_string_free (g_steal_pointer (&digits), FALSE);
  return TRUE;
}

void
ud_hardship_file_compute (UdHardshipFile *file,
                          gint64          dibao_fen,
                          gint64          accident_ratio_bp)
{
  g_return_if_fail (file != NULL);

  file->household_size = 1 + (int) (file->household ? file->household->len : 0);
  file->annual_income_fen = ud_hardship_annual_income (file);
  file->per_capita_monthly_fen = ud_hardship_per_capita_monthly (file->annual_income_fen,
                                                                 file->household_size);
  file->dibao_monthly_fen = dibao_fen;
  file->proposed_category = ud_hardship_propose_category (file->per_capita_monthly_fen, dibao_fen,
                                                          file->hardship_costs_fen,
                                                          file->annual_income_fen,
                                                          accident_ratio_bp);
}

static void
tidy (char **text)
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
      /* Translators: "Other income: the amount must be between 0 and 100 million yuan" */
      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, field,
                          _("%s: the amount must be between 0 and 100 million yuan"), label);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_person (UdHouseholdMember *person,
                 guint              index,
                 const GDate       *today,
                 GError           **error)
{
  g_autofree char *field = NULL;

  tidy (&person->name);
  tidy (&person->id_number);
  tidy (&person->school_or_employer);

  if (person->name == NULL)
    {
      field = g_strdup_printf ("household[%u].name", index);
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, field,
                          _("Household member %u: enter the name"), index + 1);
      return FALSE;
    }

  if ((guint) person->relation >= ud_relation_info.n_values)
    {
      field = g_strdup_printf ("household[%u].relation", index);
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, field,
                          _("Household member %u (%s): choose the relation"), index + 1,
                          person->name);
      return FALSE;
    }

  if (person->id_number != NULL)
    {
      g_autoptr(GError) local = NULL;
      UdIdNumber id;

      if (!ud_id_number_parse (person->id_number, today, &id, &local))
        {
          field = g_strdup_printf ("household[%u].id_number", index);
          /* Translators: "Household member 2 (李娜): ID number: the check character …" */
          ud_set_field_error (error, local->code, field, _("Household member %u (%s): %s"),
                              index + 1, person->name, local->message);
          return FALSE;
        }
      g_free (person->id_number);
      person->id_number = g_strdup (id.number);
      g_free (person->birth_date);
      person->birth_date = ud_date_format (&id.birth_date);
    }
  else if (person->birth_date != NULL && *person->birth_date != '\0')
    {
      g_autoptr(GError) local = NULL;
      GDate birth;

      if (!ud_date_parse (person->birth_date, _("Birth date"), &birth, &local))
        {
          field = g_strdup_printf ("household[%u].birth_date", index);
          ud_set_field_error (error, UD_ERROR_INVALID_DATE, field,
                              _("Household member %u (%s): %s"), index + 1, person->name,
                              local->message);
          return FALSE;
        }
      g_free (person->birth_date);
      person->birth_date = ud_date_format (&birth);
    }
  else
    g_clear_pointer (&person->birth_date, g_free);

  if (person->monthly_income_fen < 0 || person->monthly_income_fen > UD_MONEY_MAX_FEN)
    {
      field = g_strdup_printf ("household[%u].monthly_income_fen", index);
      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, field,
                          _("Household member %u (%s): the monthly income must be between 0 "
                            "and 100 million yuan"), index + 1, person->name);
      return FALSE;
    }

  return TRUE;
}

gboolean
ud_hardship_file_validate (UdHardshipFile *file,
                           const GDate    *today,
                           GError        **error)
{
  g_return_val_if_fail (file != NULL, FALSE);

  if (!ud_hardship_check_causes (file->main_cause, file->secondary_causes, error))
    return FALSE;

  if ((guint) file->work_status >= ud_work_status_info.n_values
      || (guint) file->health >= ud_health_info.n_values
      || (guint) file->housing >= ud_housing_info.n_values)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "work_status",
                          _("Work, health and housing: choose values from the lists"));
      return FALSE;
    }

  if (!check_amount (file->worker_monthly_income_fen, "worker_monthly_income_fen",
                     _("Worker’s monthly income"), error)
      || !check_amount (file->other_income_fen, "other_income_fen", _("Other income"), error)
      || !check_amount (file->rigid_expenses_fen, "rigid_expenses_fen", _("Rigid expenses"),
                        error)
      || !check_amount (file->hardship_costs_fen, "hardship_costs_fen",
                        _("The year’s hardship costs"), error))
    return FALSE;

  tidy (&file->region_code);
  tidy (&file->disability);
  tidy (&file->bank_name);
  tidy (&file->bank_holder);
  tidy (&file->bank_account);
  tidy (&file->category_reason);
  tidy (&file->unit_opinion);

  if (file->bank_account != NULL)
    {
      char *digits = NULL;

      if (!ud_hardship_bank_account_parse (file->bank_account, &digits, error))
        return FALSE;
      g_free (file->bank_account);
      file->bank_account = digits;
    }

  if (file->household == NULL)
    file->household = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_household_member_free);

  for (guint i = 0; i < file->household->len; i++)
    {
      UdHouseholdMember *person = file->household->pdata[i];

      if (!validate_person (person, i, today, error))
        return FALSE;

      if (person->id_number == NULL)
        continue;

      if (g_strcmp0 (person->id_number, file->worker_id_number) == 0)
        {
          g_autofree char *field = g_strdup_printf ("household[%u].id_number", i);

          ud_set_field_error (error, UD_ERROR_DUPLICATE, field,
                              _("Household member %u (%s): this is the worker’s own ID number"),
                              i + 1, person->name);
          return FALSE;
        }

      for (guint j = 0; j < i; j++)
        {
          UdHouseholdMember *other = file->household->pdata[j];

          if (g_strcmp0 (other->id_number, person->id_number) == 0)
            {
              g_autofree char *field = g_strdup_printf ("household[%u].id_number", i);

              ud_set_field_error (error, UD_ERROR_DUPLICATE, field,
                                  _("Household member %u (%s): the same ID number as household "
                                    "member %u (%s)"), i + 1, person->name, j + 1, other->name);
              return FALSE;
            }
        }
    }

  return TRUE;
}

JsonObject *
ud_household_member_to_json (const UdHouseholdMember *person)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "uuid", person->uuid);
  json_object_set_int_member (object, "version", person->version);
  json_object_set_string_member (object, "name", person->name);
  json_object_set_string_member (object, "relation",
                                 ud_enum_code (&ud_relation_info, person->relation));
  json_object_set_string_member (object, "id_number", person->id_number);
  json_object_set_string_member (object, "birth_date", person->birth_date);
  json_object_set_string_member (object, "health", ud_enum_code (&ud_health_info, person->health));
  json_object_set_int_member (object, "monthly_income_fen", person->monthly_income_fen);
  json_object_set_string_member (object, "school_or_employer", person->school_or_employer);
  return object;
}

JsonObject *
ud_hardship_file_to_json (const UdHardshipFile *file)
{
  JsonObject *object = json_object_new ();
  g_autofree char *secondary = ud_enum_bits_to_codes (&ud_hardship_cause_info,
                                                      file->secondary_causes);
  g_autofree char *documents = ud_enum_bits_to_codes (&ud_hardship_document_info,
                                                      file->documents);
  g_autoptr(JsonNode) snapshot = NULL;

  json_object_set_string_member (object, "uuid", file->uuid);
  json_object_set_int_member (object, "version", file->version);
  json_object_set_string_member (object, "file_number", file->file_number);
  json_object_set_string_member (object, "worker_id_number", file->worker_id_number);
  json_object_set_string_member (object, "region_code", file->region_code);
  json_object_set_string_member (object, "proposed_category",
                                 ud_enum_code (&ud_hardship_category_info,
                                               file->proposed_category));
  json_object_set_string_member (object, "category",
                                 ud_enum_code (&ud_hardship_category_info, file->category));
  json_object_set_string_member (object, "category_reason", file->category_reason);
  json_object_set_string_member (object, "main_cause",
                                 ud_enum_code (&ud_hardship_cause_info, file->main_cause));
  json_object_set_string_member (object, "secondary_causes", secondary);
  json_object_set_string_member (object, "work_status",
                                 ud_enum_code (&ud_work_status_info, file->work_status));
  json_object_set_string_member (object, "health", ud_enum_code (&ud_health_info, file->health));
  json_object_set_string_member (object, "disability", file->disability);
  json_object_set_string_member (object, "housing",
                                 ud_enum_code (&ud_housing_info, file->housing));
  json_object_set_int_member (object, "worker_monthly_income_fen",
                              file->worker_monthly_income_fen);
  json_object_set_int_member (object, "other_income_fen", file->other_income_fen);
  json_object_set_int_member (object, "rigid_expenses_fen", file->rigid_expenses_fen);
  json_object_set_int_member (object, "hardship_costs_fen", file->hardship_costs_fen);
  json_object_set_int_member (object, "household_size", file->household_size);
  json_object_set_int_member (object, "annual_income_fen", file->annual_income_fen);
  json_object_set_int_member (object, "per_capita_monthly_fen", file->per_capita_monthly_fen);
  json_object_set_int_member (object, "dibao_monthly_fen", file->dibao_monthly_fen);
  if (file->policy_snapshot != NULL)
    snapshot = json_from_string (file->policy_snapshot, NULL);
  if (snapshot != NULL && JSON_NODE_HOLDS_OBJECT (snapshot))
    json_object_set_member (object, "policy_snapshot", g_steal_pointer (&snapshot));
  json_object_set_string_member (object, "bank_name", file->bank_name);
  json_object_set_string_member (object, "bank_account", file->bank_account);
  json_object_set_string_member (object, "bank_holder", file->bank_holder);
  json_object_set_string_member (object, "documents", documents);
  json_object_set_string_member (object, "unit_opinion", file->unit_opinion);
  json_object_set_string_member (object, "review_opinion", file->review_opinion);
  json_object_set_string_member (object, "approval_opinion", file->approval_opinion);
  if (file->review_year > 0)
    json_object_set_int_member (object, "review_year", file->review_year);
  else
    json_object_set_null_member (object, "review_year");
  json_object_set_string_member (object, "status",
                                 ud_enum_code (&ud_hardship_status_info, file->status));
  json_object_set_string_member (object, "status_reason", file->status_reason);
  json_object_set_string_member (object, "status_date", file->status_date);
  json_object_set_string_member (object, "publicity_start", file->publicity_start);
  if (file->publicity_start != NULL)
    json_object_set_int_member (object, "publicity_days", file->publicity_days);
  json_object_set_string_member (object, "exit_reason",
                                 ud_enum_code (&ud_hardship_exit_reason_info, file->exit_reason));
  json_object_set_string_member (object, "filed_date", file->filed_date);
  json_object_set_string_member (object, "created_at", file->created_at);
  json_object_set_string_member (object, "updated_at", file->updated_at);
  return object;
}

char *
ud_hardship_file_dup_masked_bank_account (const UdHardshipFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);

  return file->bank_account ? ud_mask_bank_card (file->bank_account) : NULL;
}
