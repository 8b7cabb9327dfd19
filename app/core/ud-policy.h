/* ud-policy.h — named policy parameters with effective dates (低保 standards, thresholds, caps)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

/* The known parameters. Values are integers: fen, basis points (5000 = 50%) or days. */
#define UD_POLICY_DIBAO_MONTHLY               "dibao_monthly_fen"
#define UD_POLICY_MEDICAL_THRESHOLD_RELATIVE  "medical_threshold_relative_fen"
#define UD_POLICY_MEDICAL_THRESHOLD_DEEP      "medical_threshold_deep_fen"
#define UD_POLICY_MEDICAL_RATIO               "medical_ratio_bp"
#define UD_POLICY_MEDICAL_CAP                 "medical_cap_fen"
#define UD_POLICY_EDUCATION_HIGH_DEEP         "education_high_school_deep_fen"
#define UD_POLICY_EDUCATION_HIGH_RELATIVE     "education_high_school_relative_fen"
#define UD_POLICY_EDUCATION_COLLEGE_DEEP      "education_college_deep_fen"
#define UD_POLICY_EDUCATION_COLLEGE_RELATIVE  "education_college_relative_fen"
#define UD_POLICY_TEMPORARY_RELIEF_CAP        "temporary_relief_cap_fen"
#define UD_POLICY_CONDOLENCE_DEEP             "condolence_deep_fen"
#define UD_POLICY_CONDOLENCE_RELATIVE         "condolence_relative_fen"
#define UD_POLICY_CONDOLENCE_ACCIDENT         "condolence_accident_fen"
#define UD_POLICY_PUBLICITY_DAYS              "publicity_days"
#define UD_POLICY_ACCIDENT_RATIO              "accident_ratio_bp"
#define UD_POLICY_LIVING_MONTHLY_DEEP         "living_monthly_deep_fen"
#define UD_POLICY_LIVING_MONTHLY_RELATIVE     "living_monthly_relative_fen"

/* The date from which the built-in defaults are in force. */
#define UD_POLICY_DEFAULT_EFFECTIVE_FROM "2020-01-01"

typedef enum
{
  UD_POLICY_UNIT_FEN,
  UD_POLICY_UNIT_BASIS_POINTS,
  UD_POLICY_UNIT_DAYS,
} UdPolicyUnit;

typedef struct
{
  const char   *name;           /* stored name */
  const char   *label;          /* English msgid: translate with ud_policy_param_label() */
  UdPolicyUnit  unit;
  gint64        default_value;
  gboolean      regional;       /* usually set per region (低保) */
} UdPolicyParamInfo;

/* The table of known parameters, for the policy page. */
const UdPolicyParamInfo *ud_policy_params       (guint      *n_params);
/* NULL for an unknown name. */
const UdPolicyParamInfo *ud_policy_param_lookup (const char *name);
const char              *ud_policy_param_label  (const UdPolicyParamInfo *info);
/* The translated unit ("fen", "‱"…) for a column heading. */
const char              *ud_policy_unit_label   (UdPolicyUnit unit);

/* @value as people read it: yuan for money ("¥1,060.00"), a percentage with two decimals for
 * shares ("50.00%"), a number of days ("5 days"). A new string. */
char                    *ud_policy_format_value (const UdPolicyParamInfo *info,
                                                 gint64                   value);
/* Reads a value as a person writes it: yuan for money ("1,060.00"), a percentage for shares
 * ("50%" or "50"), a whole number of days. The error (UD_ERROR_INVALID_FIELD, or
 * UD_ERROR_INVALID_MONEY for an amount) names the field “Value”. */
gboolean                 ud_policy_parse_value  (const UdPolicyParamInfo *info,
                                                 const char              *text,
                                                 gint64                  *out,
                                                 GError                 **error);

/* One stored value. */
typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  version;
  char   *name;
  char   *region;          /* "" for everywhere */
  gint64  value;
  char   *effective_from;  /* YYYY-MM-DD */
  char   *source;          /* "local" or "city" */
  char   *note;
  gint64  created_by;      /* account, 0 for the system or the city */
  char   *created_at;
} UdPolicyValue;

void           ud_policy_value_free (UdPolicyValue *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdPolicyValue, ud_policy_value_free)

/* The row in force for @name in @region (NULL or "" for everywhere) on @on: among the rows with
 * effective_from ≤ @on, a row of @region itself beats one of region ""; then the latest
 * effective date; then a "city" row beats a "local" one of the same date. UD_ERROR_NOT_FOUND
 * when nothing is in force. */
UdPolicyValue *ud_policy_lookup     (UdDatabase  *db,
                                     const char  *name,
                                     const char  *region,
                                     const GDate *on,
                                     GError     **error);

/* ud_policy_lookup(), only the value. */
gboolean       ud_policy_value      (UdDatabase  *db,
                                     const char  *name,
                                     const char  *region,
                                     const GDate *on,
                                     gint64      *out,
                                     GError     **error);

/* Administrator only (UD_ACTION_POLICY_WRITE): a local value of a known parameter from
 * @effective_from (YYYY-MM-DD or another form ud_date_parse() reads). Setting the same name,
 * region, date again replaces that row's value. Audited; policy is not synced upwards. */
gboolean       ud_policy_set        (UdDatabase      *db,
                                     const UdAccount *actor,
                                     const char      *name,
                                     const char      *region,
                                     gint64           value,
                                     const char      *effective_from,
                                     const char      *note,
                                     GError         **error);

/* A value issued by the city union (GET v1/policy), stored with source "city". Audited as the
 * system. */
gboolean       ud_policy_store_city (UdDatabase      *db,
                                     const char      *name,
                                     const char      *region,
                                     gint64           value,
                                     const char      *effective_from,
                                     GError         **error);

/* Every stored row (of @name, or all for NULL), by name, region and date. */
GPtrArray     *ud_policy_list       (UdDatabase  *db,
                                     const char  *name,
                                     GError     **error);

/* The values a computation uses, to store with it: {"name": {"value": …, "region": …,
 * "effective_from": …, "source": …}, …} for each of @names (NULL-terminated) in force on @on
 * for @region. NULL with an error when one is not in force. */
JsonObject    *ud_policy_snapshot   (UdDatabase        *db,
                                     const char *const *names,
                                     const char        *region,
                                     const GDate       *on,
                                     GError           **error);

/* Adds @name's value in force to @snapshot (as ud_policy_snapshot()) and returns it in @out. */
gboolean       ud_policy_snapshot_add (UdDatabase  *db,
                                       JsonObject  *snapshot,
                                       const char  *name,
                                       const char  *region,
                                       const GDate *on,
                                       gint64      *out,
                                       GError     **error);

/* Reads a value back from a stored snapshot; FALSE when it is not there. */
gboolean       ud_policy_snapshot_get (JsonObject  *snapshot,
                                       const char  *name,
                                       gint64      *out);

/* For migration 3: the defaults of every known parameter, local, from
 * UD_POLICY_DEFAULT_EFFECTIVE_FROM. */
gboolean       ud_policy_insert_defaults (UdDatabase  *db,
                                          GError     **error);

G_END_DECLS
