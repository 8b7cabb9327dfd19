/* ud-policy.c — named policy parameters with effective dates (低保 standards, thresholds, caps)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-policy"

#include <string.h>

#include "ud-audit.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-money.h"
#include "ud-policy.h"
#include "ud-uuid.h"

/* Defaults (DESIGN §4): 低保 like Hangzhou's; medical relief above 2,000 / 3,000 yuan of the
 * year's out-of-pocket, 50%, at most 20,000 yuan per household a year; education aid 3,000 to
 * 5,500 yuan per child; temporary relief at most 3,000 yuan a person a year; publicity 5 days;
 * accident-caused hardship when the year's costs exceed 80% of the household's income. */
static const UdPolicyParamInfo params[] = {
  { UD_POLICY_DIBAO_MONTHLY, N_("Minimum living standard (低保) per person a month"),
    UD_POLICY_UNIT_FEN, 106000, TRUE },
  { UD_POLICY_MEDICAL_THRESHOLD_RELATIVE,
    N_("Medical relief: yearly out-of-pocket threshold, relative hardship"),
    UD_POLICY_UNIT_FEN, 200000, FALSE },
  { UD_POLICY_MEDICAL_THRESHOLD_DEEP,
    N_("Medical relief: yearly out-of-pocket threshold, deep hardship"),
    UD_POLICY_UNIT_FEN, 300000, FALSE },
  { UD_POLICY_MEDICAL_RATIO, N_("Medical relief: share of the out-of-pocket above the threshold"),
    UD_POLICY_UNIT_BASIS_POINTS, 5000, FALSE },
  { UD_POLICY_MEDICAL_CAP, N_("Medical relief: cap per household a year"),
    UD_POLICY_UNIT_FEN, 2000000, FALSE },
  { UD_POLICY_EDUCATION_HIGH_DEEP, N_("Education aid: high school, deep hardship"),
    UD_POLICY_UNIT_FEN, 400000, FALSE },
  { UD_POLICY_EDUCATION_HIGH_RELATIVE, N_("Education aid: high school, relative hardship"),
    UD_POLICY_UNIT_FEN, 300000, FALSE },
  { UD_POLICY_EDUCATION_COLLEGE_DEEP, N_("Education aid: college, deep hardship"),
    UD_POLICY_UNIT_FEN, 550000, FALSE },
  { UD_POLICY_EDUCATION_COLLEGE_RELATIVE, N_("Education aid: college, relative hardship"),
    UD_POLICY_UNIT_FEN, 450000, FALSE },
  { UD_POLICY_TEMPORARY_RELIEF_CAP, N_("Temporary relief: cap per person a year"),
    UD_POLICY_UNIT_FEN, 300000, FALSE },
  { UD_POLICY_CONDOLENCE_DEEP, N_("Condolence: deep hardship"),
    UD_POLICY_UNIT_FEN, 200000, FALSE },
  { UD_POLICY_CONDOLENCE_RELATIVE, N_("Condolence: relative hardship"),
    UD_POLICY_UNIT_FEN, 100000, FALSE },
  { UD_POLICY_CONDOLENCE_ACCIDENT, N_("Condolence: accident-caused hardship"),
    UD_POLICY_UNIT_FEN, 150000, FALSE },
  { UD_POLICY_PUBLICITY_DAYS, N_("Publicity period of a hardship file"),
    UD_POLICY_UNIT_DAYS, 5, FALSE },
  { UD_POLICY_ACCIDENT_RATIO,
    N_("Accident-caused hardship: the year’s costs above this share of household income"),
    UD_POLICY_UNIT_BASIS_POINTS, 8000, FALSE },
  { UD_POLICY_LIVING_MONTHLY_DEEP, N_("Living relief: a month, deep hardship"),
    UD_POLICY_UNIT_FEN, 50000, FALSE },
  { UD_POLICY_LIVING_MONTHLY_RELATIVE, N_("Living relief: a month, relative hardship"),
    UD_POLICY_UNIT_FEN, 30000, FALSE },
};

const UdPolicyParamInfo *
ud_policy_params (guint *n_params)
{
  g_return_val_if_fail (n_params != NULL, NULL);

  *n_params = G_N_ELEMENTS (params);
  return params;
}

const UdPolicyParamInfo *
ud_policy_param_lookup (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (params); i++)
    if (strcmp (params[i].name, name) == 0)
      return &params[i];
  return NULL;
}

const char *
ud_policy_param_label (const UdPolicyParamInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, info->label);
}

const char *
ud_policy_unit_label (UdPolicyUnit unit)
{
  switch (unit)
    {
    case UD_POLICY_UNIT_FEN:
      return _("fen");
    case UD_POLICY_UNIT_BASIS_POINTS:
      return _("basis points (5000 = 50%)");
    case UD_POLICY_UNIT_DAYS:
      return _("days");
    default:
      return "";
    }
}

char *
ud_policy_format_value (const UdPolicyParamInfo *info,
                        gint64                   value)
{
  g_return_val_if_fail (info != NULL, NULL);

  switch (info->unit)
    {
    case UD_POLICY_UNIT_FEN:
      return ud_money_format_yuan (value);
    case UD_POLICY_UNIT_BASIS_POINTS:
      return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d%%", value / 100, (int) (value % 100));
    case UD_POLICY_UNIT_DAYS:
    default:
      /* Translators: a number of days */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) value),
                              (int) value);
    }
}

gboolean
ud_policy_parse_value (const UdPolicyParamInfo *info,
                       const char              *text,
                       gint64                  *out,
                       GError                 **error)
{
  g_autofree char *trimmed = NULL;
  char *end = NULL;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text ? text : ""));
  switch (info->unit)
    {
    case UD_POLICY_UNIT_FEN:
      return ud_money_parse (trimmed, 0, UD_MONEY_MAX_FEN, _("Value"), out, error);
    case UD_POLICY_UNIT_BASIS_POINTS:
      {
        gint64 hundredths;

        if (g_str_has_suffix (trimmed, "%"))
          trimmed[strlen (trimmed) - 1] = '\0';
        /* A percentage with up to two decimals is the same as an amount in yuan. */
        if (!ud_money_parse (trimmed, 0, 10000, _("Value"), &hundredths, NULL))
          break;
        *out = hundredths;
        return TRUE;
      }
    case UD_POLICY_UNIT_DAYS:
    default:
      {
        gint64 days = g_ascii_strtoll (trimmed, &end, 10);

        if (end != trimmed && *end == '\0' && days >= 0 && days <= 3650)
          {
            *out = days;
            return TRUE;
          }
      }
      break;
    }

  ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "value",
                      _("Value: “%s” is not a valid value for “%s”"), text ? text : "",
                      ud_policy_param_label (info));
  return FALSE;
}

void
ud_policy_value_free (UdPolicyValue *value)
{
  if (value == NULL)
    return;

  g_free (value->uuid);
  g_free (value->name);
  g_free (value->region);
  g_free (value->effective_from);
  g_free (value->source);
  g_free (value->note);
  g_free (value->created_at);
  g_free (value);
}

#define POLICY_SELECT \
  "SELECT id, uuid, version, name, region, value, effective_from, source, note, created_by," \
  "  created_at FROM policy_param "

static UdPolicyValue *
value_from_row (sqlite3_stmt *stmt)
{
  UdPolicyValue *value = g_new0 (UdPolicyValue, 1);

  value->id = sqlite3_column_int64 (stmt, 0);
  value->uuid = ud_stmt_dup_text (stmt, 1);
  value->version = sqlite3_column_int64 (stmt, 2);
  value->name = ud_stmt_dup_text (stmt, 3);
  value->region = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  if (value->region == NULL)
    value->region = g_strdup ("");
  value->value = sqlite3_column_int64 (stmt, 5);
  value->effective_from = ud_stmt_dup_text (stmt, 6);
  value->source = ud_stmt_dup_text (stmt, 7);
  value->note = ud_stmt_dup_text (stmt, 8);
  value->created_by = sqlite3_column_int64 (stmt, 9);
  value->created_at = ud_stmt_dup_text (stmt, 10);
  return value;
}

UdPolicyValue *
ud_policy_lookup (UdDatabase  *db,
                  const char  *name,
                  const char  *region,
                  const GDate *on,
                  GError     **error)
{
  g_autofree char *date = NULL;
  UdPolicyValue *value = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (on != NULL && g_date_valid (on), NULL);

  if (region == NULL)
    region = "";
  date = ud_date_format (on);

  stmt = ud_database_prepare (db,
                              POLICY_SELECT
                              "WHERE name = ?1 AND (region = ?2 OR region = '')"
                              "  AND effective_from <= ?3 "
                              "ORDER BY region = ?2 AND region <> '' DESC, effective_from DESC,"
                              "  source = 'city' DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, region, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = value_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    return value;

  if (rc != SQLITE_DONE)
    ud_database_set_error (db, error, _("reading the policy"));
  else
    {
      const UdPolicyParamInfo *info = ud_policy_param_lookup (name);

      ud_set_field_error (error, UD_ERROR_NOT_FOUND, name,
                          /* Translators: "Policy: no value of “Minimum living standard…” is in
                           * force on 2019-05-01" */
                          _("Policy: no value of “%s” is in force on %s"),
                          info ? ud_policy_param_label (info) : name, date);
    }
  return NULL;
}

gboolean
ud_policy_value (UdDatabase  *db,
                 const char  *name,
                 const char  *region,
                 const GDate *on,
                 gint64      *out,
                 GError     **error)
{
  g_autoptr(UdPolicyValue) value = ud_policy_lookup (db, name, region, on, error);

  if (value == NULL)
    return FALSE;
  if (out != NULL)
    *out = value->value;
  return TRUE;
}

static JsonObject *
value_to_json (const UdPolicyValue *value)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "uuid", value->uuid);
  json_object_set_string_member (object, "name", value->name);
  json_object_set_string_member (object, "region", value->region);
  json_object_set_int_member (object, "value", value->value);
  json_object_set_string_member (object, "effective_from", value->effective_from);
  json_object_set_string_member (object, "source", value->source);
  json_object_set_string_member (object, "note", value->note);
  return object;
}

static UdPolicyValue *
find_exact (UdDatabase  *db,
            const char  *name,
            const char  *region,
            const char  *effective_from,
            const char  *source,
            GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            POLICY_SELECT
                                            "WHERE name = ?1 AND region = ?2"
                                            "  AND effective_from = ?3 AND source = ?4",
                                            error);
  UdPolicyValue *value = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, region, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, effective_from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, source, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = value_from_row (stmt);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
check_value (const char  *name,
             const char  *region,
             gint64       value,
             const char  *effective_from,
             char       **out_date,
             GError     **error)
{
  const UdPolicyParamInfo *info = ud_policy_param_lookup (name);
  GDate date;

  if (info == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "name",
                          _("Parameter: “%s” is not a known policy parameter"),
                          name ? name : "");
      return FALSE;
    }

  for (const char *p = region; *p; p++)
    if (!g_ascii_isdigit (*p) || p - region >= 12)
      {
        ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "region",
                            _("Region: “%s” is not a division code (up to 12 digits, or empty "
                              "for everywhere)"), region);
        return FALSE;
      }

  switch (info->unit)
    {
    case UD_POLICY_UNIT_FEN:
      if (value < 0 || value > UD_MONEY_MAX_FEN)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "value",
                              _("Value: an amount of “%s” must be between 0 and 100 million "
                                "yuan"), ud_policy_param_label (info));
          return FALSE;
        }
      break;
    case UD_POLICY_UNIT_BASIS_POINTS:
      if (value < 0 || value > 10000)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "value",
                              _("Value: a share of “%s” must be between 0 and 10000 basis "
                                "points (100%%)"), ud_policy_param_label (info));
          return FALSE;
        }
      break;
    case UD_POLICY_UNIT_DAYS:
    default:
      if (value < 0 || value > 366)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "value",
                              _("Value: “%s” must be between 0 and 366 days"),
                              ud_policy_param_label (info));
          return FALSE;
        }
      break;
    }

  if (effective_from == NULL || *effective_from == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_DATE, "effective_from",
                          _("Effective from: enter the date the value is in force from"));
      return FALSE;
    }
  if (!ud_date_parse (effective_from, _("Effective from"), &date, error))
    return FALSE;

  *out_date = ud_date_format (&date);
  return TRUE;
}

static gboolean
write_value (UdDatabase      *db,
             const UdAccount *actor,
             const char      *name,
             const char      *region,
             gint64           value,
             const char      *date,
             const char      *source,
             const char      *note,
             GError         **error)
{
  g_autoptr(UdPolicyValue) old = find_exact (db, name, region, date, source, error);
  g_autoptr(UdPolicyValue) stored = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;
  int rc;

  if (old != NULL)
    {
      if (old->value == value && g_strcmp0 (old->note, note) == 0)
        return TRUE;
      stmt = ud_database_prepare (db,
                                  "UPDATE policy_param SET value = ?1, note = ?2,"
                                  "  version = version + 1, updated_at = ?3, created_by = ?5 "
                                  "WHERE id = ?4",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, value);
      ud_stmt_bind_text_or_null (stmt, 2, note);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, old->id);
      ud_stmt_bind_id_or_null (stmt, 5, actor ? actor->id : 0);
    }
  else
    {
      stmt = ud_database_prepare (db,
                                  "INSERT INTO policy_param (uuid, name, region, value,"
                                  "  effective_from, source, note, created_by, created_at,"
                                  "  updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, region, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, value);
      sqlite3_bind_text (stmt, 5, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, source, -1, SQLITE_STATIC);
      ud_stmt_bind_text_or_null (stmt, 7, note);
      ud_stmt_bind_id_or_null (stmt, 8, actor ? actor->id : 0);
      sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving a policy value"));
      return FALSE;
    }

  stored = find_exact (db, name, region, date, source, error);
  if (stored == NULL)
    return FALSE;

  before = old ? value_to_json (old) : NULL;
  after = value_to_json (stored);
  return ud_audit_append (db, actor, "policy_param", stored->uuid, old ? "update" : "create",
                          before, after, error);
}

gboolean
ud_policy_set (UdDatabase      *db,
               const UdAccount *actor,
               const char      *name,
               const char      *region,
               gint64           value,
               const char      *effective_from,
               const char      *note,
               GError         **error)
{
  g_autofree char *date = NULL;
  g_autofree char *clean_note = NULL;
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_POLICY_WRITE, error))
    return FALSE;

  if (region == NULL)
    region = "";
  if (!check_value (name, region, value, effective_from, &date, error))
    return FALSE;
  clean_note = note ? g_strstrip (g_strdup (note)) : NULL;
  if (clean_note != NULL && *clean_note == '\0')
    g_clear_pointer (&clean_note, g_free);

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = write_value (db, actor, name, region, value, date, "local", clean_note, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    return FALSE;

  if (owned)
    ud_database_notify_changed (db, "policy_param");
  return TRUE;
}

gboolean
ud_policy_store_city (UdDatabase  *db,
                      const char  *name,
                      const char  *region,
                      gint64       value,
                      const char  *effective_from,
                      GError     **error)
{
  g_autofree char *date = NULL;
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (region == NULL)
    region = "";
  if (!check_value (name, region, value, effective_from, &date, error))
    return FALSE;

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = write_value (db, NULL, name, region, value, date, "city", NULL, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    return FALSE;

  if (owned)
    ud_database_notify_changed (db, "policy_param");
  return TRUE;
}

GPtrArray *
ud_policy_list (UdDatabase  *db,
                const char  *name,
                GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            POLICY_SELECT
                                            "WHERE ?1 IS NULL OR name = ?1 "
                                            "ORDER BY name, region, effective_from, source",
                                            error);
  GPtrArray *values;
  int rc;

  if (stmt == NULL)
    return NULL;

  ud_stmt_bind_text_or_null (stmt, 1, name);
  values = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_policy_value_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (values, value_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the policy"));
      g_ptr_array_unref (values);
      return NULL;
    }
  return values;
}

gboolean
ud_policy_snapshot_add (UdDatabase  *db,
                        JsonObject  *snapshot,
                        const char  *name,
                        const char  *region,
                        const GDate *on,
                        gint64      *out,
                        GError     **error)
{
  g_autoptr(UdPolicyValue) value = ud_policy_lookup (db, name, region, on, error);
  JsonObject *entry;

  g_return_val_if_fail (snapshot != NULL, FALSE);

  if (value == NULL)
    return FALSE;

  entry = json_object_new ();
  json_object_set_int_member (entry, "value", value->value);
  json_object_set_string_member (entry, "region", value->region);
  json_object_set_string_member (entry, "effective_from", value->effective_from);
  json_object_set_string_member (entry, "source", value->source);
  json_object_set_int_member (entry, "version", value->version);
  json_object_set_object_member (snapshot, name, entry);

  if (out != NULL)
    *out = value->value;
  return TRUE;
}

JsonObject *
ud_policy_snapshot (UdDatabase        *db,
                    const char *const *names,
                    const char        *region,
                    const GDate       *on,
                    GError           **error)
{
  g_autoptr(JsonObject) snapshot = json_object_new ();

  g_return_val_if_fail (names != NULL, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    if (!ud_policy_snapshot_add (db, snapshot, names[i], region, on, NULL, error))
      return NULL;

  return g_steal_pointer (&snapshot);
}

gboolean
ud_policy_snapshot_get (JsonObject *snapshot,
                        const char *name,
                        gint64     *out)
{
  JsonObject *entry;

  if (snapshot == NULL || name == NULL || !json_object_has_member (snapshot, name))
    return FALSE;

  entry = json_object_get_object_member (snapshot, name);
  if (entry == NULL || !json_object_has_member (entry, "value"))
    return FALSE;

  if (out != NULL)
    *out = json_object_get_int_member (entry, "value");
  return TRUE;
}

gboolean
ud_policy_insert_defaults (UdDatabase  *db,
                           GError     **error)
{
  g_autofree char *now = ud_timestamp_now ();

  for (guint i = 0; i < G_N_ELEMENTS (params); i++)
    {
      g_autofree char *uuid = ud_uuid_new ();
      sqlite3_stmt *stmt = ud_database_prepare (db,
                                                "INSERT OR IGNORE INTO policy_param (uuid, name,"
                                                "  region, value, effective_from, source, note,"
                                                "  created_at, updated_at) "
                                                "VALUES (?1, ?2, '', ?3, ?4, 'local', NULL, ?5,"
                                                "  ?5)",
                                                error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, params[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, params[i].default_value);
      sqlite3_bind_text (stmt, 4, UD_POLICY_DEFAULT_EFFECTIVE_FROM, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ud_database_set_error (db, error, _("saving the default policy"));
          return FALSE;
        }
    }

  return TRUE;
}
