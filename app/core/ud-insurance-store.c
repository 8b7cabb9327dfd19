/* ud-insurance-store.c — mutual insurance (职工互助保障) in the database: plans, enrollment
 * rosters, premium payments and claims with their assessment, guards, audit and outbox
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-insurance-store"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ud-audit.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-insurance-store.h"
#include "ud-json.h"
#include "ud-mask.h"
#include "ud-money.h"
#include "ud-outbox.h"
#include "ud-payout-store.h"
#include "ud-uuid.h"

/* The outbox schema of insurance_plan, insurance_enrollment and insurance_claim. */
#define RECORD_SCHEMA 1

/* Closed lists */

static const char *const ud_insurance_payer_info_codes[] = {
  "member", "union", "employer",
};
static const char *const ud_insurance_payer_info_labels[] = {
  N_("Member pays"), N_("Union pays"), N_("Employer pays"),
};
static const char *const ud_insurance_payer_info_aliases[] = {
  "会员|个人|自付", "工会", "单位|企业",
};
UD_ENUM_INFO (ud_insurance_payer_info, "insurance-payer");

static const char *const ud_insurance_enrollment_status_info_codes[] = {
  "unpaid", "covered", "cancelled",
};
static const char *const ud_insurance_enrollment_status_info_labels[] = {
  N_("Premium unpaid"), N_("Covered"), N_("Cancelled"),
};
static const char *const ud_insurance_enrollment_status_info_aliases[] = {
  "未缴费|待缴费", "保障中|已缴费", "已取消|取消",
};
UD_ENUM_INFO (ud_insurance_enrollment_status_info, "insurance-enrollment-status");

static const char *const ud_insurance_claim_status_info_codes[] = {
  "reported", "documents_complete", "assessed", "approved", "payment_pending", "paid",
  "payment_failed", "reissued", "rejected",
};
static const char *const ud_insurance_claim_status_info_labels[] = {
  N_("Reported"), N_("Documents complete"), N_("Assessed"), N_("Approved"),
  N_("Payment pending"), N_("Paid"), N_("Payment failed"), N_("Reissued"), N_("Rejected"),
};
static const char *const ud_insurance_claim_status_info_aliases[] = {
  "已报案|报案", "材料齐全", "已核定|核定", "已审批|已批准", "待发放", "已发放|已赔付",
  "发放失败", "已重新发放|补发", "拒赔|已拒赔",
};
UD_ENUM_INFO (ud_insurance_claim_status_info, "insurance-claim-status");

gboolean
ud_insurance_claim_status_is_granted (UdInsuranceClaimStatus status)
{
  return status == UD_INSURANCE_CLAIM_APPROVED || status == UD_INSURANCE_CLAIM_PAYMENT_PENDING
         || status == UD_INSURANCE_CLAIM_PAID || status == UD_INSURANCE_CLAIM_PAYMENT_FAILED
         || status == UD_INSURANCE_CLAIM_REISSUED;
}

char *
ud_insurance_event_dup_label (const char *event)
{
  static const struct
  {
    const char *code;
    const char *label;
  } labels[] = {
    { "death", N_("Death") },
    { "total_disability", N_("Total disability") },
    { "major_illness", N_("Critical illness") },
    { "hospital_day", N_("Hospital day") },
    { "women_disease", N_("Women’s special disease") },
    { "medical_cost", N_("Medical costs") },
    { "fire_loss", N_("Fire loss") },
    { "water_loss", N_("Water loss") },
  };
  int grade;

  g_return_val_if_fail (event != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].code, event) == 0)
      return g_strdup (_(labels[i].label));
  if (sscanf (event, "grade_%d", &grade) == 1 && grade >= 1 && grade <= 10)
    /* Translators: a disability grade of the accident plan's benefit table */
    return g_strdup_printf (_("Disability grade %d"), grade);
  return g_strdup (event);
}

/* Shared helpers */

static char *
today_text (void)
{
  GDate today;

  ud_date_today (&today);
  return ud_date_format (&today);
}

static char *
strip_or_null (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static void
set_json_member (JsonObject *object,
                 const char *name,
                 const char *json)
{
  JsonNode *node = json != NULL ? json_from_string (json, NULL) : NULL;

  json_object_set_member (object, name, node != NULL ? node : json_node_new (JSON_NODE_NULL));
}

static gboolean
record_change (UdDatabase       *db,
               const UdAccount  *actor,
               const char       *entity,
               const char       *uuid,
               gint64            version,
               const char       *action,
               JsonObject       *before,
               JsonObject       *after,
               JsonObject       *payload,
               GError          **error)
{
  return ud_audit_append (db, actor, entity, uuid, action, before, after, error)
         && ud_outbox_append (db, entity, RECORD_SCHEMA, uuid, version, "upsert", payload, error);
}

static gboolean
step_done (UdDatabase  *db,
           sqlite3_stmt *stmt,
           const char  *what,
           GError     **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, what);
      return FALSE;
    }
  return TRUE;
}

/* Plans */

void
ud_insurance_plan_record_free (UdInsurancePlanRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->uuid);
  g_free (record->created_at);
  g_free (record->updated_at);
  g_free (record);
}

static JsonObject *
plan_record_to_json (UdInsurancePlanRecord *record,
                     gboolean               for_audit)
{
  JsonObject *object = json_object_new ();
  g_autofree char *definition = ud_insurance_plan_to_json (&record->plan);

  json_object_set_string_member (object, "uuid", record->uuid);
  if (!for_audit)
    json_object_set_int_member (object, "version", record->version);
  json_object_set_string_member (object, "kind",
                                 ud_insurance_plan_kind_to_string (record->plan.kind));
  json_object_set_string_member (object, "name", record->plan.name);
  set_json_member (object, "definition", definition);
  json_object_set_boolean_member (object, "active", record->active);
  if (!for_audit)
    {
      json_object_set_string_member (object, "created_at", record->created_at);
      json_object_set_string_member (object, "updated_at", record->updated_at);
    }
  return object;
}

#define PLAN_SELECT \
  "SELECT id, uuid, version, kind, definition, active, updated_by, created_at, updated_at " \
  "FROM insurance_plan "

static UdInsurancePlanRecord *
plan_from_row (UdDatabase    *db,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(UdInsurancePlanRecord) record = g_new0 (UdInsurancePlanRecord, 1);
  g_autoptr(GError) local_error = NULL;

  record->id = sqlite3_column_int64 (stmt, 0);
  record->uuid = ud_stmt_dup_text (stmt, 1);
  record->version = sqlite3_column_int64 (stmt, 2);
  if (!ud_insurance_plan_from_json ((const char *) sqlite3_column_text (stmt, 4), &record->plan,
                                    &local_error))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_DATABASE,
                   _("The stored insurance plan “%s” cannot be read: %s"),
                   (const char *) sqlite3_column_text (stmt, 3), local_error->message);
      return NULL;
    }
  g_strlcpy (record->plan.name,
             ud_insurance_plan_display_name (record->plan.kind, record->plan.name),
             sizeof record->plan.name);
  record->active = sqlite3_column_int (stmt, 5) != 0;
  record->updated_by = sqlite3_column_int64 (stmt, 6);
  record->created_at = ud_stmt_dup_text (stmt, 7);
  record->updated_at = ud_stmt_dup_text (stmt, 8);
  (void) db;
  return g_steal_pointer (&record);
}

static gboolean
insert_plan (UdDatabase             *db,
             const UdInsurancePlan  *plan,
             GError                **error)
{
  g_autoptr(UdInsurancePlanRecord) record = g_new0 (UdInsurancePlanRecord, 1);
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *definition = ud_insurance_plan_to_json (plan);
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;

  record->uuid = ud_uuid_new ();
  record->version = 1;
  record->plan = *plan;
  record->active = TRUE;
  record->created_at = g_strdup (now);
  record->updated_at = g_strdup (now);

  stmt = ud_database_prepare (db,
                              "INSERT INTO insurance_plan (uuid, version, kind, name, definition,"
                              "  active, updated_by, created_at, updated_at) "
                              "VALUES (?1, 1, ?2, ?3, ?4, 1, NULL, ?5, ?5)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ud_insurance_plan_kind_to_string (plan->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, plan->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, definition, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  if (!step_done (db, stmt, _("saving an insurance plan"), error))
    return FALSE;
  record->id = sqlite3_last_insert_rowid (ud_database_get_handle (db));

  /* Defaults made by the schema migration, like the default policy: no audit entry (nobody did
   * it), but the city learns the plans the enrollments refer to. */
  payload = plan_record_to_json (record, FALSE);
  return ud_outbox_append (db, "insurance_plan", RECORD_SCHEMA, record->uuid, 1, "upsert", payload,
                           error);
}

gboolean
ud_insurance_store_insert_default_plans (UdDatabase  *db,
                                         GError     **error)
{
  g_autoptr(GArray) plans = ud_insurance_plans_defaults ();
  gboolean owned;
  gboolean ok = TRUE;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;

  for (guint i = 0; ok && i < plans->len; i++)
    {
      const UdInsurancePlan *plan = &g_array_index (plans, UdInsurancePlan, i);
      sqlite3_stmt *stmt = ud_database_prepare (db,
                                                "SELECT 1 FROM insurance_plan WHERE kind = ?1",
                                                error);
      gboolean exists;

      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_text (stmt, 1, ud_insurance_plan_kind_to_string (plan->kind), -1,
                         SQLITE_STATIC);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!exists)
        ok = insert_plan (db, plan, error);
    }

  return ud_database_end_owned (db, owned, ok, ok ? error : NULL) && ok;
}

GPtrArray *
ud_insurance_store_list_plans (UdDatabase  *db,
                               GError     **error)
{
  g_autoptr(GPtrArray) plans = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  stmt = ud_database_prepare (db, PLAN_SELECT "ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_insurance_plan_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UdInsurancePlanRecord *record = plan_from_row (db, stmt, error);

      if (record == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (plans, record);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the insurance plans"));
      return NULL;
    }

  /* In the order of the kinds, whatever order they were inserted in. */
  for (guint i = 0; i < plans->len; i++)
    for (guint j = i + 1; j < plans->len; j++)
      {
        UdInsurancePlanRecord *a = plans->pdata[i];
        UdInsurancePlanRecord *b = plans->pdata[j];

        if (b->plan.kind < a->plan.kind)
          {
            plans->pdata[i] = b;
            plans->pdata[j] = a;
          }
      }
  return g_steal_pointer (&plans);
}

UdInsurancePlanRecord *
ud_insurance_store_get_plan (UdDatabase           *db,
                             UdInsurancePlanKind   kind,
                             GError              **error)
{
  UdInsurancePlanRecord *record = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  stmt = ud_database_prepare (db, PLAN_SELECT "WHERE kind = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ud_insurance_plan_kind_to_string (kind), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    record = plan_from_row (db, stmt, error);
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("The insurance plan “%s” does not exist"),
                 ud_enum_label (&ud_insurance_plan_kind_info, kind));
  return record;
}

typedef struct
{
  const UdAccount        *actor;
  const UdInsurancePlan  *plan;
  gboolean                active;
  gint64                  version;
} UpdatePlanArgs;

static gboolean
update_plan_func (UdDatabase  *db,
                  gpointer     data,
                  GError     **error)
{
  UpdatePlanArgs *args = data;
  g_autoptr(UdInsurancePlanRecord) record = ud_insurance_store_get_plan (db, args->plan->kind,
                                                                         error);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *definition = NULL;
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;

  if (record == NULL)
    return FALSE;
  if (record->version != args->version)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("The insurance plan “%s” was changed by someone else meanwhile; reopen it "
                     "and try again"), record->plan.name);
      return FALSE;
    }

  before = plan_record_to_json (record, TRUE);
  record->plan = *args->plan;
  g_strstrip (record->plan.name);
  record->active = args->active;
  if (!ud_insurance_plan_validate (&record->plan, error))
    return FALSE;
  definition = ud_insurance_plan_to_json (&record->plan);

  stmt = ud_database_prepare (db,
                              "UPDATE insurance_plan SET name = ?1, definition = ?2, active = ?3,"
                              "  updated_by = ?4, updated_at = ?5, version = version + 1 "
                              "WHERE id = ?6 AND version = ?7",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->plan.name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, definition, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, record->active ? 1 : 0);
  ud_stmt_bind_id_or_null (stmt, 4, args->actor->id);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, record->id);
  sqlite3_bind_int64 (stmt, 7, record->version);
  if (!step_done (db, stmt, _("saving an insurance plan"), error))
    return FALSE;

  record->version++;
  g_free (record->updated_at);
  record->updated_at = g_strdup (now);
  after = plan_record_to_json (record, TRUE);
  payload = plan_record_to_json (record, FALSE);
  return record_change (db, args->actor, "insurance_plan", record->uuid, record->version,
                        "update", before, after, payload, error);
}

gboolean
ud_insurance_store_update_plan (UdDatabase             *db,
                                const UdAccount        *actor,
                                const UdInsurancePlan  *plan,
                                gboolean                active,
                                gint64                  version,
                                GError                **error)
{
  UpdatePlanArgs args = { actor, plan, active, version };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_POLICY_WRITE, error))
    return FALSE;
  return ud_database_write (db, "insurance_plan", update_plan_func, &args, error);
}

/* Enrollments: reading */

void
ud_insurance_enrollment_free (UdInsuranceEnrollment *enrollment)
{
  if (enrollment == NULL)
    return;
  g_free (enrollment->uuid);
  g_free (enrollment->roster);
  g_free (enrollment->payment_date);
  g_free (enrollment->payment_note);
  g_free (enrollment->coverage_start);
  g_free (enrollment->term_end);
  g_free (enrollment->cancel_reason);
  g_free (enrollment->created_at);
  g_free (enrollment->updated_at);
  g_free (enrollment->member_name);
  g_free (enrollment->member_uuid);
  g_free (enrollment->member_id_masked);
  g_free (enrollment->org_name);
  g_free (enrollment);
}

#define ENROLLMENT_COLUMNS \
  "e.id, e.uuid, e.version, e.plan_id, p.kind, e.plan_snapshot, e.member_id, e.org_id," \
  "  e.roster, e.term_year, e.shares, e.premium_fen, e.payer, e.status, e.payment_date," \
  "  e.payment_note, e.coverage_start, e.term_end, e.cancel_reason, e.created_by," \
  "  e.last_edited_by, e.created_at, e.updated_at, m.name, m.uuid, m.id_number, m.status," \
  "  o.name "
#define ENROLLMENT_FROM \
  "FROM insurance_enrollment e JOIN insurance_plan p ON p.id = e.plan_id" \
  "  JOIN member m ON m.id = e.member_id JOIN org o ON o.id = e.org_id "

static UdInsuranceEnrollment *
enrollment_from_row (sqlite3_stmt *stmt)
{
  UdInsuranceEnrollment *e = g_new0 (UdInsuranceEnrollment, 1);

  e->id = sqlite3_column_int64 (stmt, 0);
  e->uuid = ud_stmt_dup_text (stmt, 1);
  e->version = sqlite3_column_int64 (stmt, 2);
  e->plan_id = sqlite3_column_int64 (stmt, 3);
  e->plan_kind = ud_stmt_column_enum (stmt, 4, &ud_insurance_plan_kind_info);
  /* A snapshot the store wrote always reads back; the default plan stands in otherwise. */
  if (!ud_insurance_plan_from_json ((const char *) sqlite3_column_text (stmt, 5), &e->plan,
                                    NULL))
    ud_insurance_plan_init_default (&e->plan, e->plan_kind);
  e->member_id = sqlite3_column_int64 (stmt, 6);
  e->org_id = sqlite3_column_int64 (stmt, 7);
  e->roster = ud_stmt_dup_text (stmt, 8);
  e->term_year = sqlite3_column_int (stmt, 9);
  e->shares = sqlite3_column_int (stmt, 10);
  e->premium_fen = sqlite3_column_int64 (stmt, 11);
  e->payer = ud_stmt_column_enum (stmt, 12, &ud_insurance_payer_info);
  e->status = ud_stmt_column_enum (stmt, 13, &ud_insurance_enrollment_status_info);
  e->payment_date = ud_stmt_dup_text (stmt, 14);
  e->payment_note = ud_stmt_dup_text (stmt, 15);
  e->coverage_start = ud_stmt_dup_text (stmt, 16);
  e->term_end = ud_stmt_dup_text (stmt, 17);
  e->cancel_reason = ud_stmt_dup_text (stmt, 18);
  e->created_by = sqlite3_column_int64 (stmt, 19);
  e->last_edited_by = sqlite3_column_int64 (stmt, 20);
  e->created_at = ud_stmt_dup_text (stmt, 21);
  e->updated_at = ud_stmt_dup_text (stmt, 22);
  e->member_name = ud_stmt_dup_text (stmt, 23);
  e->member_uuid = ud_stmt_dup_text (stmt, 24);
  e->member_id_masked = ud_mask_id_number ((const char *) sqlite3_column_text (stmt, 25));
  e->member_status = ud_stmt_column_enum (stmt, 26, &ud_member_status_info);
  e->org_name = ud_stmt_dup_text (stmt, 27);
  return e;
}

UdInsuranceEnrollment *
ud_insurance_store_get_enrollment (UdDatabase  *db,
                                   gint64       id,
                                   GError     **error)
{
  UdInsuranceEnrollment *enrollment = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  stmt = ud_database_prepare (db, "SELECT " ENROLLMENT_COLUMNS ENROLLMENT_FROM "WHERE e.id = ?1",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    enrollment = enrollment_from_row (stmt);
  sqlite3_reset (stmt);
  if (enrollment == NULL)
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("The enrollment no longer exists"));
  return enrollment;
}

static JsonObject *
enrollment_to_json (UdDatabase            *db,
                    UdInsuranceEnrollment *e,
                    gboolean               for_audit)
{
  JsonObject *object = json_object_new ();
  g_autofree char *snapshot = ud_insurance_plan_to_json (&e->plan);

  json_object_set_string_member (object, "uuid", e->uuid);
  if (!for_audit)
    json_object_set_int_member (object, "version", e->version);
  json_object_set_string_member (object, "plan_kind",
                                 ud_insurance_plan_kind_to_string (e->plan_kind));
  if (!for_audit)
    {
      sqlite3_stmt *stmt = ud_database_prepare (db,
                                                "SELECT p.uuid, o.uuid FROM insurance_plan p,"
                                                "  org o WHERE p.id = ?1 AND o.id = ?2",
                                                NULL);

      set_json_member (object, "plan_snapshot", snapshot);
      json_object_set_string_member (object, "member_uuid", e->member_uuid);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, e->plan_id);
          sqlite3_bind_int64 (stmt, 2, e->org_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              json_object_set_string_member (object, "plan_uuid",
                                             (const char *) sqlite3_column_text (stmt, 0));
              json_object_set_string_member (object, "org_uuid",
                                             (const char *) sqlite3_column_text (stmt, 1));
            }
          sqlite3_reset (stmt);
        }
    }
  else
    {
      json_object_set_int_member (object, "member_id", e->member_id);
      json_object_set_int_member (object, "org_id", e->org_id);
    }
  json_object_set_string_member (object, "roster", e->roster);
  json_object_set_int_member (object, "term_year", e->term_year);
  json_object_set_int_member (object, "shares", e->shares);
  json_object_set_int_member (object, "premium_fen", e->premium_fen);
  json_object_set_string_member (object, "payer", ud_enum_code (&ud_insurance_payer_info,
                                                                e->payer));
  json_object_set_string_member (object, "status",
                                 ud_enum_code (&ud_insurance_enrollment_status_info, e->status));
  json_object_set_string_member (object, "payment_date", e->payment_date);
  json_object_set_string_member (object, "payment_note", e->payment_note);
  json_object_set_string_member (object, "coverage_start", e->coverage_start);
  json_object_set_string_member (object, "term_end", e->term_end);
  json_object_set_string_member (object, "cancel_reason", e->cancel_reason);
  if (!for_audit)
    {
      json_object_set_string_member (object, "created_at", e->created_at);
      json_object_set_string_member (object, "updated_at", e->updated_at);
    }
  return object;
}

static gboolean
record_enrollment_change (UdDatabase             *db,
                          const UdAccount        *actor,
                          UdInsuranceEnrollment  *e,
                            JsonObject             *before,
                          const char             *action,
                          GError                **error)
{
  g_autoptr(JsonObject) after = enrollment_to_json (db, e, TRUE);
  g_autoptr(JsonObject) payload = enrollment_to_json (db, e, FALSE);

  return record_change (db, actor, "insurance_enrollment", e->uuid, e->version, action, before,
                        after, payload, error);
}

/* The stored row's status and payment fields, version +1. */
static gboolean
save_enrollment_status (UdDatabase             *db,
                        const UdAccount        *actor,
                        UdInsuranceEnrollment  *e,
                        GError                **error)
{
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "UPDATE insurance_enrollment SET status = ?1,"
                                            "  payment_date = ?2, payment_note = ?3,"
                                            "  coverage_start = ?4, term_end = ?5,"
                                            "  cancel_reason = ?6, last_edited_by = ?7,"
                                            "  updated_at = ?8, version = version + 1 "
                                            "WHERE id = ?9 AND version = ?10",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ud_enum_code (&ud_insurance_enrollment_status_info, e->status), -1,
                     SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 2, e->payment_date);
  ud_stmt_bind_text_or_null (stmt, 3, e->payment_note);
  ud_stmt_bind_text_or_null (stmt, 4, e->coverage_start);
  ud_stmt_bind_text_or_null (stmt, 5, e->term_end);
  ud_stmt_bind_text_or_null (stmt, 6, e->cancel_reason);
  ud_stmt_bind_id_or_null (stmt, 7, actor != NULL ? actor->id : 0);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, e->id);
  sqlite3_bind_int64 (stmt, 10, e->version);
  if (!step_done (db, stmt, _("saving an enrollment"), error))
    return FALSE;
  if (sqlite3_changes (ud_database_get_handle (db)) != 1)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("The enrollment of %s was changed by someone else meanwhile; try again"),
                   e->member_name);
      return FALSE;
    }
  e->version++;
  e->last_edited_by = actor != NULL ? actor->id : 0;
  g_free (e->updated_at);
  e->updated_at = g_steal_pointer (&now);
  return TRUE;
}

/* Enrollments: rosters */

void
ud_insurance_roster_result_free (UdInsuranceRosterResult *result)
{
  if (result == NULL)
    return;
  g_free (result->roster);
  g_free (result->coverage_start);
  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_free (result);
}

static void
roster_entry_free (UdInsuranceRosterEntry *entry)
{
  g_free (entry->member_name);
  g_free (entry->member_id_masked);
  g_free (entry->birth_date);
  g_free (entry->reason);
  g_free (entry);
}

typedef struct
{
  gint64          id;
  char           *name;
  char           *id_number;
  char           *birth_date;
  UdMemberStatus  status;
  gboolean        live;
  gint64          org_id;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->name);
  g_free (candidate->id_number);
  g_free (candidate->birth_date);
  g_free (candidate);
}

#define CANDIDATE_COLUMNS \
  "m.id, m.name, m.id_number, m.birth_date, m.status, m.live, m.org_id "

static Candidate *
candidate_from_row (sqlite3_stmt *stmt)
{
  Candidate *candidate = g_new0 (Candidate, 1);

  candidate->id = sqlite3_column_int64 (stmt, 0);
  candidate->name = ud_stmt_dup_text (stmt, 1);
  candidate->id_number = ud_stmt_dup_text (stmt, 2);
  candidate->birth_date = ud_stmt_dup_text (stmt, 3);
  candidate->status = ud_stmt_column_enum (stmt, 4, &ud_member_status_info);
  candidate->live = sqlite3_column_int (stmt, 5) != 0;
  candidate->org_id = sqlite3_column_int64 (stmt, 6);
  return candidate;
}

static GPtrArray *
collect_candidates (UdDatabase                      *db,
                    const UdInsuranceRosterRequest  *request,
                    GError                         **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                    candidate_free);
  g_autoptr(GString) sql = g_string_new ("SELECT " CANDIDATE_COLUMNS "FROM member m WHERE ");
  sqlite3_stmt *stmt = NULL;
  int n = 0;
  int rc;

  if (request->n_member_ids > 0)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

      for (guint i = 0; i < request->n_member_ids; i++)
        {
          sqlite3_stmt *one = ud_database_prepare (db,
                                                   "SELECT " CANDIDATE_COLUMNS
                                                   "FROM member m WHERE m.id = ?1",
                                                   error);
          Candidate *candidate = NULL;

          if (one == NULL)
            return NULL;
          if (g_hash_table_contains (seen, &request->member_ids[i]))
            continue;
          g_hash_table_add (seen, (gpointer) &request->member_ids[i]);
          sqlite3_bind_int64 (one, 1, request->member_ids[i]);
          if (sqlite3_step (one) == SQLITE_ROW)
            candidate = candidate_from_row (one);
          sqlite3_reset (one);
          if (candidate == NULL)
            {
              g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                          request->member_ids[i]);

              g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("Member %s does not exist"),
                           id_text);
              return NULL;
            }
          g_ptr_array_add (candidates, candidate);
        }
      return g_steal_pointer (&candidates);
    }

  if (request->subordinates)
    g_string_append_printf (sql,
                            "m.org_id IN (WITH RECURSIVE sub (id) AS (SELECT ?%d UNION"
                            "  SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
                            "  SELECT id FROM sub)", ++n);
  else
    g_string_append_printf (sql, "m.org_id = ?%d", ++n);
  if (request->all_active)
    g_string_append (sql, " AND m.status = 'active'");
  else if (request->filter_status)
    g_string_append_printf (sql, " AND m.status = ?%d", ++n);
  else
    g_string_append (sql, " AND m.live = 1");
  if (!request->all_active && request->filter_category)
    g_string_append_printf (sql, " AND m.new_employment = ?%d", ++n);
  g_string_append (sql, " ORDER BY m.name_key, m.id");

  if (sqlite3_prepare_v2 (ud_database_get_handle (db), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      ud_database_set_error (db, error, _("reading the members"));
      return NULL;
    }
  n = 0;
  sqlite3_bind_int64 (stmt, ++n, request->org_id);
  if (!request->all_active && request->filter_status)
    sqlite3_bind_text (stmt, ++n, ud_enum_code (&ud_member_status_info, request->status), -1,
                       SQLITE_STATIC);
  if (!request->all_active && request->filter_category)
    sqlite3_bind_text (stmt, ++n, ud_enum_code (&ud_new_employment_info, request->category), -1,
                       SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (candidates, candidate_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the members"));
      return NULL;
    }
  return g_steal_pointer (&candidates);
}

/* The roster number of @e's live enrollment in the plan and term, or NULL. */
static char *
dup_live_roster (UdDatabase  *db,
                 gint64       member_id,
                 gint64       plan_id,
                 int          term_year)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT roster FROM insurance_enrollment"
                                            "  WHERE member_id = ?1 AND plan_id = ?2"
                                            "  AND term_year = ?3 AND status <> 'cancelled'",
                                            NULL);
  char *roster = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, plan_id);
  sqlite3_bind_int (stmt, 3, term_year);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    roster = ud_stmt_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return roster;
}

static gboolean
check_request (UdDatabase                      *db,
               const UdInsuranceRosterRequest  *request,
               UdInsurancePlanRecord          **out_plan,
               GError                         **error)
{
  g_autoptr(UdInsurancePlanRecord) plan = NULL;

  if (request->term_year < 2000 || request->term_year > 2999)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "term_year",
                          _("Term year: %d is not between 2000 and 2999"), request->term_year);
      return FALSE;
    }
  if ((int) request->payer < 0 || request->payer > UD_INSURANCE_PAYER_EMPLOYER)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "payer", "%s",
                          _("Payer: choose the member, the union or the employer"));
      return FALSE;
    }
  plan = ud_insurance_store_get_plan (db, request->plan_kind, error);
  if (plan == NULL)
    return FALSE;
  if (!plan->active)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "plan",
                          _("Plan: “%s” takes no new enrollments"), plan->plan.name);
      return FALSE;
    }
  if (request->n_member_ids == 0)
    {
      sqlite3_stmt *stmt = ud_database_prepare (db, "SELECT 1 FROM org WHERE id = ?1", error);
      gboolean found;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, request->org_id);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!found)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "org",
                              "%s", _("Union: choose the union whose members are enrolled"));
          return FALSE;
        }
    }
  *out_plan = g_steal_pointer (&plan);
  return TRUE;
}

/* The day after today, or 1 January of the term year when that is later. */
static void
expected_coverage_start (int    term_year,
                         GDate *out)
{
  GDate first;

  ud_date_today (out);
  g_date_add_days (out, 1);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_JANUARY, (GDateYear) term_year);
  if (g_date_compare (&first, out) > 0)
    *out = first;
}

static gboolean
insert_enrollment (UdDatabase             *db,
                   const UdAccount        *actor,
                   UdInsurancePlanRecord  *plan,
                   const UdInsuranceRosterRequest *request,
                   Candidate              *candidate,
                   const char             *roster,
                   gint64                 *out_id,
                   GError                **error)
{
  g_autoptr(UdInsuranceEnrollment) e = NULL;
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *snapshot = ud_insurance_plan_to_json (&plan->plan);
  g_autofree char *now = ud_timestamp_now ();
  gint64 premium = ud_insurance_premium (&plan->plan, request->shares);
  sqlite3_stmt *stmt;

  stmt = ud_database_prepare (db,
                              "INSERT INTO insurance_enrollment (uuid, version, plan_id,"
                              "  plan_snapshot, member_id, org_id, roster, term_year, shares,"
                              "  premium_fen, payer, status, created_by, last_edited_by,"
                              "  created_at, updated_at) "
                              "VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'unpaid',"
                              "  ?11, ?11, ?12, ?12)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, plan->id);
  sqlite3_bind_text (stmt, 3, snapshot, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, candidate->id);
  sqlite3_bind_int64 (stmt, 5, candidate->org_id);
  sqlite3_bind_text (stmt, 6, roster, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, request->term_year);
  sqlite3_bind_int (stmt, 8, request->shares);
  sqlite3_bind_int64 (stmt, 9, premium);
  sqlite3_bind_text (stmt, 10, ud_enum_code (&ud_insurance_payer_info, request->payer), -1,
                     SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 11, actor->id);
  sqlite3_bind_text (stmt, 12, now, -1, SQLITE_STATIC);
  if (!step_done (db, stmt, _("saving an enrollment"), error))
    return FALSE;

  *out_id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
  e = ud_insurance_store_get_enrollment (db, *out_id, error);
  return e != NULL && record_enrollment_change (db, actor, e, NULL, "create", error);
}

static char *
next_roster (UdDatabase  *db,
             int          year,
             GError     **error)
{
  g_autofree char *prefix = g_strdup_printf ("BZ%04d-", year);
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT ifnull (max (CAST (substr (roster, 8)"
                                            "  AS INTEGER)), 0) FROM insurance_enrollment"
                                            "  WHERE roster LIKE ?1",
                                            error);

  return stmt ? ud_database_next_number (db, stmt, prefix, 4, error) : NULL;
}

typedef struct
{
  const UdAccount                *actor;     /* NULL for a preview */
  const UdInsuranceRosterRequest *request;
  UdProgressFunc                  progress;
  gpointer                        progress_data;
  GCancellable                   *cancellable;
  UdInsuranceRosterResult        *result;
} RosterArgs;

static gboolean
roster_func (UdDatabase  *db,
             gpointer     data,
             GError     **error)
{
  RosterArgs *args = data;
  const UdInsuranceRosterRequest *request = args->request;
  g_autoptr(UdInsuranceRosterResult) result = g_new0 (UdInsuranceRosterResult, 1);
  g_autoptr(UdInsurancePlanRecord) plan = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  GDate start;

  if (!check_request (db, request, &plan, error))
    return FALSE;
  candidates = collect_candidates (db, request, error);
  if (candidates == NULL)
    return FALSE;

  expected_coverage_start (request->term_year, &start);
  result->coverage_start = ud_date_format (&start);
  result->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_entry_free);
  if (args->actor != NULL)
    {
      result->roster = next_roster (db, request->term_year, error);
      if (result->roster == NULL)
        return FALSE;
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = candidates->pdata[i];
      UdInsuranceRosterEntry *entry = g_new0 (UdInsuranceRosterEntry, 1);
      g_autoptr(GError) refusal = NULL;
      g_autofree char *roster = NULL;
      GDate birth;

      if (g_cancellable_set_error_if_cancelled (args->cancellable, error))
        {
          roster_entry_free (entry);
          return FALSE;
        }

      entry->member_id = candidate->id;
      entry->member_name = g_strdup (candidate->name);
      entry->member_id_masked = ud_mask_id_number (candidate->id_number);
      entry->birth_date = g_strdup (candidate->birth_date);
      g_ptr_array_add (result->entries, entry);

      if (!candidate->live)
        entry->reason = g_strdup_printf (_("Membership is “%s”: only live members can be "
                                           "enrolled"),
                                         ud_enum_label (&ud_member_status_info,
                                                        candidate->status));
      else if (!ud_date_parse (candidate->birth_date, "birth_date", &birth, &refusal)
               || !ud_insurance_enrollment_check (&plan->plan, &birth, &start, request->shares,
                                                  &refusal))
        entry->reason = g_strdup (refusal->message);
      else if ((roster = dup_live_roster (db, candidate->id, plan->id,
                                          request->term_year)) != NULL)
        entry->reason = g_strdup_printf (_("Already enrolled in this plan for %d (roster %s)"),
                                         request->term_year, roster);

      if (entry->reason != NULL)
        {
          entry->refused = TRUE;
          result->n_refused++;
        }
      else
        {
          if (args->actor != NULL
              && !insert_enrollment (db, args->actor, plan, request, candidate, result->roster,
                                     &entry->enrollment_id, error))
            return FALSE;
          result->n_enrolled++;
          result->premium_total_fen += ud_insurance_premium (&plan->plan, request->shares);
        }

      if (args->progress != NULL && (i % 64 == 63 || i + 1 == candidates->len))
        args->progress (i + 1, candidates->len, args->progress_data);
    }

  if (args->actor != NULL && result->n_enrolled == 0)
    {
      if (result->n_refused == 0)
        g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, "%s",
                     _("No member matches: nobody was enrolled"));
      else
        g_set_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD,
                     _("Every member was refused (%u): nobody was enrolled"), result->n_refused);
      return FALSE;
    }

  args->result = g_steal_pointer (&result);
  return TRUE;
}

UdInsuranceRosterResult *
ud_insurance_store_preview_roster (UdDatabase                     *db,
                                   const UdInsuranceRosterRequest *request,
                                   GCancellable                   *cancellable,
                                   GError                        **error)
{
  RosterArgs args = { NULL, request, NULL, NULL, cancellable, NULL };

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!roster_func (db, &args, error))
    return NULL;
  return args.result;
}

UdInsuranceRosterResult *
ud_insurance_store_enroll_roster (UdDatabase                     *db,
                                  const UdAccount                *actor,
                                  const UdInsuranceRosterRequest *request,
                                  UdProgressFunc                  progress,
                                  gpointer                        progress_data,
                                  GCancellable                   *cancellable,
                                  GError                        **error)
{
  RosterArgs args = { actor, request, progress, progress_data, cancellable, NULL };

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!ud_guard_check_current (db, actor, UD_ACTION_HARDSHIP_WRITE, error))
    return NULL;
  if (!ud_database_write (db, "insurance_enrollment", roster_func, &args, error))
    {
      g_clear_pointer (&args.result, ud_insurance_roster_result_free);
      return NULL;
    }
  return args.result;
}

typedef struct
{
  char                     *db_path;
  UdAccount                *actor;       /* NULL for a preview */
  UdInsuranceRosterRequest  request;
  gint64                   *member_ids;  /* the request's copy */
  UdProgressFunc            progress;
  gpointer                  progress_data;
  GMainContext             *context;     /* the caller's */
} RosterTask;

static void
roster_task_free (gpointer data)
{
  RosterTask *task = data;

  g_free (task->db_path);
  ud_account_free (task->actor);
  g_free (task->member_ids);
  g_main_context_unref (task->context);
  g_free (task);
}

static void
roster_progress_to_caller (guint    done,
                           guint    total,
                           gpointer user_data)
{
  RosterTask *roster = user_data;

  ud_progress_invoke (roster->context, roster->progress, roster->progress_data, done, total);
}

static void
roster_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RosterTask *roster = task_data;
  g_autoptr(UdDatabase) db = NULL;
  g_autoptr(GMainContext) worker_context = g_main_context_new ();
  UdInsuranceRosterResult *result = NULL;
  GError *error = NULL;

  /* With its own default context this thread never runs a progress call itself. */
  g_main_context_push_thread_default (worker_context);
  db = ud_database_open_worker (roster->db_path, &error);
  if (db != NULL && roster->actor == NULL)
    result = ud_insurance_store_preview_roster (db, &roster->request, cancellable, &error);
  else if (db != NULL)
    result = ud_insurance_store_enroll_roster (db, roster->actor, &roster->request,
                                               roster->progress ? roster_progress_to_caller
                                                                : NULL,
                                               roster, cancellable, &error);
  g_main_context_pop_thread_default (worker_context);

  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) ud_insurance_roster_result_free);
  else
    g_task_return_error (task, error);
}

void
ud_insurance_store_roster_async (const char                     *db_path,
                                 const UdAccount                *actor,
                                 const UdInsuranceRosterRequest *request,
                                 GCancellable                   *cancellable,
                                 UdProgressFunc                  progress,
                                 gpointer                        progress_data,
                                 GAsyncReadyCallback             callback,
                                 gpointer                        user_data)
{
  g_autoptr(GTask) task = NULL;
  RosterTask *roster;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  roster = g_new0 (RosterTask, 1);
  roster->db_path = g_strdup (db_path);
  roster->actor = actor != NULL ? ud_account_copy (actor) : NULL;
  roster->request = *request;
  if (request->n_member_ids > 0)
    {
      roster->member_ids = g_memdup2 (request->member_ids,
                                      request->n_member_ids * sizeof (gint64));
      roster->request.member_ids = roster->member_ids;
    }
  roster->progress = progress;
  roster->progress_data = progress_data;
  roster->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ud_insurance_store_roster_async);
  g_task_set_task_data (task, roster, roster_task_free);
  g_task_run_in_thread (task, roster_thread);
}

UdInsuranceRosterResult *
ud_insurance_store_roster_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ud_insurance_store_roster_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Enrollments: payment and cancellation */

typedef struct
{
  const UdAccount *actor;
  const char      *roster;
  GDate            payment;
  const char      *note;
  guint            n_paid;
  guint            n_cancelled;
} PaymentArgs;

static gboolean
payment_func (UdDatabase  *db,
              gpointer     data,
              GError     **error)
{
  PaymentArgs *args = data;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *payment_text = ud_date_format (&args->payment);
  g_autofree char *note = strip_or_null (args->note);
  sqlite3_stmt *stmt;
  GDate start;
  GDate end;

  stmt = ud_database_prepare (db,
                              "SELECT id FROM insurance_enrollment WHERE roster = ?1"
                              "  AND status = 'unpaid' ORDER BY id",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, args->roster, -1, SQLITE_STATIC);
  ids = ud_database_collect_ids (db, stmt, _("reading the enrollments"), error);
  if (ids == NULL)
    return FALSE;
  if (ids->len == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND,
                   _("Roster %s has no enrollment waiting for its premium"), args->roster);
      return FALSE;
    }

  ud_insurance_coverage_start (&args->payment, &start);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(UdInsuranceEnrollment) e = ud_insurance_store_get_enrollment (
        db, g_array_index (ids, gint64, i), error);
      g_autoptr(JsonObject) before = NULL;
      g_autoptr(GError) refusal = NULL;
      sqlite3_stmt *birth_stmt;
      g_autofree char *birth_text = NULL;
      GDate birth;
      const char *action;

      if (e == NULL)
        return FALSE;
      before = enrollment_to_json (db, e, TRUE);

      birth_stmt = ud_database_prepare (db, "SELECT birth_date FROM member WHERE id = ?1", error);
      if (birth_stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (birth_stmt, 1, e->member_id);
      if (sqlite3_step (birth_stmt) == SQLITE_ROW)
        birth_text = ud_stmt_dup_text (birth_stmt, 0);
      sqlite3_reset (birth_stmt);

      /* The ages were checked on the expected start; the actual one decides. */
      if (!ud_date_parse (birth_text, "birth_date", &birth, &refusal)
          || !ud_insurance_enrollment_check (&e->plan, &birth, &start, e->shares, &refusal))
        {
          e->status = UD_INSURANCE_ENROLLMENT_CANCELLED;
          e->cancel_reason = g_strdup (refusal->message);
          action = "cancel";
          args->n_cancelled++;
        }
      else
        {
          ud_insurance_term_end (&start, e->plan.term_years, &end);
          e->status = UD_INSURANCE_ENROLLMENT_COVERED;
          e->payment_date = g_strdup (payment_text);
          e->payment_note = g_strdup (note);
          e->coverage_start = ud_date_format (&start);
          e->term_end = ud_date_format (&end);
          action = "pay";
          args->n_paid++;
        }

      if (!save_enrollment_status (db, args->actor, e, error)
          || !record_enrollment_change (db, args->actor, e, before, action, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ud_insurance_store_record_payment (UdDatabase       *db,
                                   const UdAccount  *actor,
                                   const char       *roster,
                                   const char       *payment_date,
                                   const char       *note,
                                   guint            *n_paid,
                                   guint            *n_cancelled,
                                   GError          **error)
{
  PaymentArgs args = { actor, roster, { 0 }, note, 0, 0 };
  GDate today;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (roster != NULL, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_PAY, error))
    return FALSE;
  if (!ud_date_parse (payment_date, "payment_date", &args.payment, error))
    return FALSE;
  ud_date_today (&today);
  if (g_date_compare (&args.payment, &today) > 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "payment_date", "%s",
                          _("Payment date: cannot be in the future"));
      return FALSE;
    }
  if (!ud_database_write (db, "insurance_enrollment", payment_func, &args, error))
    return FALSE;
  if (n_paid != NULL)
    *n_paid = args.n_paid;
  if (n_cancelled != NULL)
    *n_cancelled = args.n_cancelled;
  return TRUE;
}

typedef struct
{
  const UdAccount *actor;
  gint64           id;
  const char      *reason;
} CancelArgs;

static gboolean
cancel_func (UdDatabase  *db,
             gpointer     data,
             GError     **error)
{
  CancelArgs *args = data;
  g_autoptr(UdInsuranceEnrollment) e = ud_insurance_store_get_enrollment (db, args->id, error);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) payload = NULL;

  if (e == NULL)
    return FALSE;
  if (e->status != UD_INSURANCE_ENROLLMENT_UNPAID)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("The enrollment of %s is “%s”: only an unpaid enrollment can be cancelled"),
                   e->member_name,
                   ud_enum_label (&ud_insurance_enrollment_status_info, e->status));
      return FALSE;
    }
  before = enrollment_to_json (db, e, TRUE);
  e->status = UD_INSURANCE_ENROLLMENT_CANCELLED;
  e->cancel_reason = strip_or_null (args->reason);
  if (!save_enrollment_status (db, args->actor, e, error))
    return FALSE;
  after = enrollment_to_json (db, e, TRUE);
  payload = enrollment_to_json (db, e, FALSE);
  return record_change (db, args->actor, "insurance_enrollment", e->uuid, e->version, "cancel",
                        before, after, payload, error);
}

gboolean
ud_insurance_store_cancel_enrollment (UdDatabase       *db,
                                      const UdAccount  *actor,
                                      gint64            id,
                                      const char       *reason,
                                      GError          **error)
{
  CancelArgs args = { actor, id, reason };
  g_autofree char *stripped = strip_or_null (reason);

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_HARDSHIP_WRITE, error))
    return FALSE;
  if (stripped == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "reason", "%s",
                          _("Reason: enter why the enrollment is cancelled"));
      return FALSE;
    }
  return ud_database_write (db, "insurance_enrollment", cancel_func, &args, error);
}

/* Enrollments: lists */

static void
append_enrollment_filter (GString                           *sql,
                          const UdInsuranceEnrollmentFilter *filter)
{
  int n = 0;

  g_string_append (sql, " WHERE 1");
  if (filter->member_id > 0)
    g_string_append_printf (sql, " AND e.member_id = ?%d", ++n);
  if (filter->roster != NULL)
    g_string_append_printf (sql, " AND e.roster = ?%d", ++n);
  if (filter->filter_plan)
    g_string_append_printf (sql, " AND p.kind = ?%d", ++n);
  if (filter->filter_status)
    g_string_append_printf (sql, " AND e.status = ?%d", ++n);
  if (filter->term_year > 0)
    g_string_append_printf (sql, " AND e.term_year = ?%d", ++n);
  if (filter->search != NULL && *filter->search != '\0')
    {
      g_string_append_printf (sql, " AND (instr (m.name, ?%d) > 0 OR e.roster = ?%d"
                              " OR m.id_number LIKE '%%' || ?%d)", n + 1, n + 1, n + 1);
      n++;
    }
}

static void
bind_enrollment_filter (sqlite3_stmt                      *stmt,
                        const UdInsuranceEnrollmentFilter *filter)
{
  int n = 0;

  if (filter->member_id > 0)
    sqlite3_bind_int64 (stmt, ++n, filter->member_id);
  if (filter->roster != NULL)
    sqlite3_bind_text (stmt, ++n, filter->roster, -1, SQLITE_TRANSIENT);
  if (filter->filter_plan)
    sqlite3_bind_text (stmt, ++n, ud_insurance_plan_kind_to_string (filter->plan_kind), -1,
                       SQLITE_STATIC);
  if (filter->filter_status)
    sqlite3_bind_text (stmt, ++n, ud_enum_code (&ud_insurance_enrollment_status_info,
                                                filter->status), -1, SQLITE_STATIC);
  if (filter->term_year > 0)
    sqlite3_bind_int (stmt, ++n, filter->term_year);
  if (filter->search != NULL && *filter->search != '\0')
    {
      g_autofree char *search = g_strstrip (g_strdup (filter->search));

      sqlite3_bind_text (stmt, ++n, search, -1, SQLITE_TRANSIENT);
    }
}

gboolean
ud_insurance_store_count_enrollments (UdDatabase                        *db,
                                      const UdInsuranceEnrollmentFilter *filter,
                                      guint                             *out_count,
                                      GError                           **error)
{
  static const UdInsuranceEnrollmentFilter any = { 0 };
  g_autoptr(GString) sql = g_string_new ("SELECT count (*) " ENROLLMENT_FROM);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  if (filter == NULL)
    filter = &any;
  append_enrollment_filter (sql, filter);
  stmt = ud_database_prepare_built (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_enrollment_filter (stmt, filter);
  return ud_database_read_count (db, stmt, out_count, _("counting the enrollments"), error);
}

GPtrArray *
ud_insurance_store_list_enrollments (UdDatabase                        *db,
                                     const UdInsuranceEnrollmentFilter *filter,
                                     guint                              offset,
                                     guint                              limit,
                                     GError                           **error)
{
  static const UdInsuranceEnrollmentFilter any = { 0 };
  g_autoptr(GString) sql = g_string_new ("SELECT " ENROLLMENT_COLUMNS ENROLLMENT_FROM);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  if (filter == NULL)
    filter = &any;
  append_enrollment_filter (sql, filter);
  g_string_append (sql, " ORDER BY e.id DESC" UD_DATABASE_PAGE_SQL);
  stmt = ud_database_prepare_built (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_enrollment_filter (stmt, filter);
  ud_stmt_bind_page (stmt, offset, limit);
  return ud_database_collect (db, stmt, (UdRowFunc) enrollment_from_row,
                              (GDestroyNotify) ud_insurance_enrollment_free,
                              _("reading the enrollments"), error);
}

gboolean
ud_insurance_store_find_enrollment (UdDatabase           *db,
                                    gint64                member_id,
                                    UdInsurancePlanKind   plan_kind,
                                    const char           *event_date,
                                    gint64               *out_id,
                                    GError              **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  /* Covering the date first, then the latest start. */
  stmt = ud_database_prepare (db,
                              "SELECT e.id FROM insurance_enrollment e"
                              "  JOIN insurance_plan p ON p.id = e.plan_id"
                              "  WHERE e.member_id = ?1 AND p.kind = ?2"
                              "  AND e.status = 'covered' "
                              "ORDER BY (e.coverage_start <= ?3 AND e.term_end >= ?3) DESC,"
                              "  e.coverage_start DESC, e.id DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, ud_insurance_plan_kind_to_string (plan_kind), -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 3, event_date);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND,
                   _("The member has no paid enrollment in “%s”"),
                   ud_enum_label (&ud_insurance_plan_kind_info, plan_kind));
      return FALSE;
    }
  *out_id = id;
  return TRUE;
}

gboolean
ud_insurance_store_find_enrollment_by_id_number (UdDatabase           *db,
                                                 const char           *id_number,
                                                 UdInsurancePlanKind   plan_kind,
                                                 const char           *event_date,
                                                 gint64               *out_id,
                                                 GError              **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (id_number != NULL, FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  stmt = ud_database_prepare (db,
                              "SELECT e.id FROM insurance_enrollment e"
                              "  JOIN insurance_plan p ON p.id = e.plan_id"
                              "  JOIN member m ON m.id = e.member_id"
                              "  WHERE m.id_number = ?1 AND p.kind = ?2"
                              "  AND e.status = 'covered' "
                              "ORDER BY (e.coverage_start <= ?3 AND e.term_end >= ?3) DESC,"
                              "  e.coverage_start DESC, e.id DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ud_insurance_plan_kind_to_string (plan_kind), -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 3, event_date);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND,
                   _("The member has no paid enrollment in “%s”"),
                   ud_enum_label (&ud_insurance_plan_kind_info, plan_kind));
      return FALSE;
    }
  *out_id = id;
  return TRUE;
}

/* Claims: reading */

UdInsuranceClaim *
ud_insurance_claim_new (void)
{
  return g_new0 (UdInsuranceClaim, 1);
}

void
ud_insurance_claim_free (UdInsuranceClaim *claim)
{
  if (claim == NULL)
    return;
  g_free (claim->uuid);
  g_free (claim->number);
  g_free (claim->event);
  g_free (claim->event_date);
  g_free (claim->description);
  g_free (claim->documents);
  g_free (claim->payee_name);
  g_free (claim->payee_id_number);
  g_free (claim->bank_name);
  g_free (claim->bank_account);
  g_free (claim->bank_holder);
  g_free (claim->holder_reason);
  g_free (claim->outcome);
  g_free (claim->computation);
  g_free (claim->status_reason);
  g_free (claim->reported_date);
  g_free (claim->assessed_date);
  g_free (claim->approved_date);
  g_free (claim->created_at);
  g_free (claim->updated_at);
  g_free (claim->member_name);
  g_free (claim->member_uuid);
  g_free (claim->enrollment_uuid);
  g_free (claim->plan_name);
  g_free (claim->coverage_start);
  g_free (claim->term_end);
  g_free (claim);
}

GStrv
ud_insurance_claim_dup_computation_lines (const UdInsuranceClaim *claim)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonObject *object;
  JsonNode *lines;

  g_return_val_if_fail (claim != NULL, NULL);

  if (claim->computation == NULL)
    return NULL;
  root = json_from_string (claim->computation, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  lines = json_object_get_member (object, "lines");
  if (lines == NULL || !JSON_NODE_HOLDS_ARRAY (lines))
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (lines)); i++)
    {
      const char *line = json_array_get_string_element (json_node_get_array (lines), i);

      if (line != NULL)
        g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}

#define CLAIM_SELECT \
  "SELECT c.id, c.uuid, c.version, c.number, c.enrollment_id, c.member_id, c.event," \
  "  c.event_date, c.days, c.loss_fen, c.description, c.documents, c.payee_name," \
  "  c.payee_id_number, c.bank_name, c.bank_account, c.bank_holder, c.holder_reason," \
  "  c.status, c.outcome, c.assessed_fen, c.days_paid, c.approved_fen, c.computation," \
  "  c.status_reason, c.reported_date, c.assessed_date, c.approved_date, c.created_by," \
  "  c.last_edited_by, c.assessed_by, c.approved_by, c.created_at, c.updated_at, m.name," \
  "  m.uuid, e.uuid, p.kind, p.name, e.org_id, e.shares, e.coverage_start, e.term_end " \
  "FROM insurance_claim c JOIN member m ON m.id = c.member_id" \
  "  JOIN insurance_enrollment e ON e.id = c.enrollment_id" \
  "  JOIN insurance_plan p ON p.id = e.plan_id "

static UdInsuranceClaim *
claim_from_row (sqlite3_stmt *stmt)
{
  UdInsuranceClaim *c = ud_insurance_claim_new ();
  const char *stored_name;

  c->id = sqlite3_column_int64 (stmt, 0);
  c->uuid = ud_stmt_dup_text (stmt, 1);
  c->version = sqlite3_column_int64 (stmt, 2);
  c->number = ud_stmt_dup_text (stmt, 3);
  c->enrollment_id = sqlite3_column_int64 (stmt, 4);
  c->member_id = sqlite3_column_int64 (stmt, 5);
  c->event = ud_stmt_dup_text (stmt, 6);
  c->event_date = ud_stmt_dup_text (stmt, 7);
  c->days = sqlite3_column_int (stmt, 8);
  c->loss_fen = sqlite3_column_int64 (stmt, 9);
  c->description = ud_stmt_dup_text (stmt, 10);
  c->documents = ud_stmt_dup_text (stmt, 11);
  c->payee_name = ud_stmt_dup_text (stmt, 12);
  c->payee_id_number = ud_stmt_dup_text (stmt, 13);
  c->bank_name = ud_stmt_dup_text (stmt, 14);
  c->bank_account = ud_stmt_dup_text (stmt, 15);
  c->bank_holder = ud_stmt_dup_text (stmt, 16);
  c->holder_reason = ud_stmt_dup_text (stmt, 17);
  c->status = ud_stmt_column_enum (stmt, 18, &ud_insurance_claim_status_info);
  c->outcome = ud_stmt_dup_text (stmt, 19);
  c->assessed_fen = sqlite3_column_int64 (stmt, 20);
  c->days_paid = sqlite3_column_int (stmt, 21);
  c->approved_fen = sqlite3_column_int64 (stmt, 22);
  c->computation = ud_stmt_dup_text (stmt, 23);
  c->status_reason = ud_stmt_dup_text (stmt, 24);
  c->reported_date = ud_stmt_dup_text (stmt, 25);
  c->assessed_date = ud_stmt_dup_text (stmt, 26);
  c->approved_date = ud_stmt_dup_text (stmt, 27);
  c->created_by = sqlite3_column_int64 (stmt, 28);
  c->last_edited_by = sqlite3_column_int64 (stmt, 29);
  c->assessed_by = sqlite3_column_int64 (stmt, 30);
  c->approved_by = sqlite3_column_int64 (stmt, 31);
  c->created_at = ud_stmt_dup_text (stmt, 32);
  c->updated_at = ud_stmt_dup_text (stmt, 33);
  c->member_name = ud_stmt_dup_text (stmt, 34);
  c->member_uuid = ud_stmt_dup_text (stmt, 35);
  c->enrollment_uuid = ud_stmt_dup_text (stmt, 36);
  c->plan_kind = ud_stmt_column_enum (stmt, 37, &ud_insurance_plan_kind_info);
  stored_name = (const char *) sqlite3_column_text (stmt, 38);
  c->plan_name = g_strdup (ud_insurance_plan_display_name (c->plan_kind, stored_name));
  c->org_id = sqlite3_column_int64 (stmt, 39);
  c->shares = sqlite3_column_int (stmt, 40);
  c->coverage_start = ud_stmt_dup_text (stmt, 41);
  c->term_end = ud_stmt_dup_text (stmt, 42);
  return c;
}

UdInsuranceClaim *
ud_insurance_store_get_claim (UdDatabase  *db,
                              gint64       id,
                              GError     **error)
{
  UdInsuranceClaim *claim = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  stmt = ud_database_prepare (db, CLAIM_SELECT "WHERE c.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    claim = claim_from_row (stmt);
  sqlite3_reset (stmt);
  if (claim == NULL)
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, "%s", _("The claim no longer exists"));
  return claim;
}

UdInsuranceClaim *
ud_insurance_store_get_claim_by_number (UdDatabase  *db,
                                        const char  *number,
                                        GError     **error)
{
  UdInsuranceClaim *claim = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  stmt = ud_database_prepare (db, CLAIM_SELECT "WHERE c.number = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    claim = claim_from_row (stmt);
  sqlite3_reset (stmt);
  if (claim == NULL)
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("There is no claim %s"), number);
  return claim;
}

static JsonObject *
claim_to_json (UdInsuranceClaim *c,
               gboolean          for_audit)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "uuid", c->uuid);
  if (!for_audit)
    json_object_set_int_member (object, "version", c->version);
  json_object_set_string_member (object, "number", c->number);
  json_object_set_string_member (object, "enrollment_uuid", c->enrollment_uuid);
  json_object_set_string_member (object, "member_uuid", c->member_uuid);
  json_object_set_string_member (object, "plan_kind",
                                 ud_insurance_plan_kind_to_string (c->plan_kind));
  json_object_set_string_member (object, "event", c->event);
  json_object_set_string_member (object, "event_date", c->event_date);
  json_object_set_int_member (object, "days", c->days);
  json_object_set_int_member (object, "loss_fen", c->loss_fen);
  json_object_set_string_member (object, "description", c->description);
  json_object_set_string_member (object, "documents", c->documents);
  json_object_set_string_member (object, "payee_name", c->payee_name);
  json_object_set_string_member (object, "payee_id_number", c->payee_id_number);
  json_object_set_string_member (object, "bank_name", c->bank_name);
  json_object_set_string_member (object, "bank_account", c->bank_account);
  json_object_set_string_member (object, "bank_holder", c->bank_holder);
  json_object_set_string_member (object, "holder_reason", c->holder_reason);
  json_object_set_string_member (object, "status",
                                 ud_enum_code (&ud_insurance_claim_status_info, c->status));
  json_object_set_string_member (object, "outcome", c->outcome);
  json_object_set_int_member (object, "assessed_fen", c->assessed_fen);
  json_object_set_int_member (object, "days_paid", c->days_paid);
  json_object_set_int_member (object, "approved_fen", c->approved_fen);
  if (!for_audit)
    set_json_member (object, "computation", c->computation);
  json_object_set_string_member (object, "status_reason", c->status_reason);
  json_object_set_string_member (object, "reported_date", c->reported_date);
  json_object_set_string_member (object, "assessed_date", c->assessed_date);
  json_object_set_string_member (object, "approved_date", c->approved_date);
  if (!for_audit)
    {
      json_object_set_string_member (object, "created_at", c->created_at);
      json_object_set_string_member (object, "updated_at", c->updated_at);
    }
  return object;
}

/* The claim as synced: the record and its history. */
static JsonObject *
claim_payload (UdDatabase       *db,
               UdInsuranceClaim *c)
{
  JsonObject *data = claim_to_json (c, FALSE);
  sqlite3_stmt *stmt;

  stmt = ud_database_prepare (db,
                              "SELECT e.uuid, e.action, e.from_status, e.to_status,"
                              "  e.event_date, a.uuid, e.reason, e.created_at, e.amount_fen "
                              "FROM insurance_claim_event e"
                              "  LEFT JOIN account a ON a.id = e.account_id "
                              "WHERE e.claim_id = ?1 ORDER BY e.id",
                              NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, c->id);
      json_object_set_array_member (data, "history", ud_database_history_to_json (stmt));
    }
  else
    json_object_set_array_member (data, "history", json_array_new ());
  return data;
}

/* Claims: writing */

static char *
next_claim_number (UdDatabase  *db,
                   int          year,
                   GError     **error)
{
  g_autofree char *prefix = g_strdup_printf ("LP%04d-", year);
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT ifnull (max (CAST (substr (number, 8)"
                                            "  AS INTEGER)), 0) FROM insurance_claim"
                                            "  WHERE number LIKE ?1",
                                            error);

  return stmt ? ud_database_next_number (db, stmt, prefix, 5, error) : NULL;
}

static void
bind_claim_fields (sqlite3_stmt     *stmt,
                   UdInsuranceClaim *c)
{
  sqlite3_bind_int64 (stmt, 1, c->enrollment_id);
  sqlite3_bind_int64 (stmt, 2, c->member_id);
  sqlite3_bind_text (stmt, 3, c->event, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, c->event_date, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, c->days);
  sqlite3_bind_int64 (stmt, 6, c->loss_fen);
  ud_stmt_bind_text_or_null (stmt, 7, c->description);
  ud_stmt_bind_text_or_null (stmt, 8, c->documents);
  ud_stmt_bind_text_or_null (stmt, 9, c->payee_name);
  ud_stmt_bind_text_or_null (stmt, 10, c->payee_id_number);
  ud_stmt_bind_text_or_null (stmt, 11, c->bank_name);
  ud_stmt_bind_text_or_null (stmt, 12, c->bank_account);
  ud_stmt_bind_text_or_null (stmt, 13, c->bank_holder);
  ud_stmt_bind_text_or_null (stmt, 14, c->holder_reason);
  sqlite3_bind_text (stmt, 15, ud_enum_code (&ud_insurance_claim_status_info, c->status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 16, ud_insurance_claim_status_is_granted (c->status) ? 1 : 0);
  ud_stmt_bind_text_or_null (stmt, 17, c->outcome);
  sqlite3_bind_int64 (stmt, 18, c->assessed_fen);
  sqlite3_bind_int (stmt, 19, c->days_paid);
  sqlite3_bind_int64 (stmt, 20, c->approved_fen);
  ud_stmt_bind_text_or_null (stmt, 21, c->computation);
  ud_stmt_bind_text_or_null (stmt, 22, c->status_reason);
  sqlite3_bind_text (stmt, 23, c->reported_date, -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 24, c->assessed_date);
  ud_stmt_bind_text_or_null (stmt, 25, c->approved_date);
  ud_stmt_bind_id_or_null (stmt, 26, c->created_by);
  ud_stmt_bind_id_or_null (stmt, 27, c->last_edited_by);
  ud_stmt_bind_id_or_null (stmt, 28, c->assessed_by);
  ud_stmt_bind_id_or_null (stmt, 29, c->approved_by);
}

/* Writes the whole row: a new claim (sets id, uuid, number, version 1) or the next version of
 * a stored one. */
static gboolean
save_claim (UdDatabase        *db,
            UdInsuranceClaim  *c,
            GError           **error)
{
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;

  if (c->id == 0)
    {
      g_autofree char *uuid = ud_uuid_new ();
      g_autofree char *number = next_claim_number (db, atoi (c->reported_date), error);

      if (number == NULL)
        return FALSE;
      stmt = ud_database_prepare (db,
                                  "INSERT INTO insurance_claim (enrollment_id, member_id, event,"
                                  "  event_date, days, loss_fen, description, documents,"
                                  "  payee_name, payee_id_number, bank_name, bank_account,"
                                  "  bank_holder, holder_reason, status, granted, outcome,"
                                  "  assessed_fen, days_paid, approved_fen, computation,"
                                  "  status_reason, reported_date, assessed_date,"
                                  "  approved_date, created_by, last_edited_by, assessed_by,"
                                  "  approved_by, uuid, number, version, created_at,"
                                  "  updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                  "  ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
                                  "  ?25, ?26, ?27, ?28, ?29, ?30, ?31, 1, ?32, ?32)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      bind_claim_fields (stmt, c);
      sqlite3_bind_text (stmt, 30, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 31, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 32, now, -1, SQLITE_STATIC);
      if (!step_done (db, stmt, _("saving a claim"), error))
        return FALSE;
      c->id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
      g_free (c->uuid);
      c->uuid = g_steal_pointer (&uuid);
      g_free (c->number);
      c->number = g_steal_pointer (&number);
      c->version = 1;
      g_free (c->created_at);
      c->created_at = g_strdup (now);
    }
  else
    {
      stmt = ud_database_prepare (db,
                                  "UPDATE insurance_claim SET enrollment_id = ?1,"
                                  "  member_id = ?2, event = ?3, event_date = ?4, days = ?5,"
                                  "  loss_fen = ?6, description = ?7, documents = ?8,"
                                  "  payee_name = ?9, payee_id_number = ?10, bank_name = ?11,"
                                  "  bank_account = ?12, bank_holder = ?13,"
                                  "  holder_reason = ?14, status = ?15, granted = ?16,"
                                  "  outcome = ?17, assessed_fen = ?18, days_paid = ?19,"
                                  "  approved_fen = ?20, computation = ?21,"
                                  "  status_reason = ?22, reported_date = ?23,"
                                  "  assessed_date = ?24, approved_date = ?25,"
                                  "  created_by = ?26, last_edited_by = ?27,"
                                  "  assessed_by = ?28, approved_by = ?29,"
                                  "  version = version + 1, updated_at = ?30 "
                                  "WHERE id = ?31 AND version = ?32",
                                  error);
      if (stmt == NULL)
        return FALSE;
      bind_claim_fields (stmt, c);
      sqlite3_bind_text (stmt, 30, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 31, c->id);
      sqlite3_bind_int64 (stmt, 32, c->version);
      if (!step_done (db, stmt, _("saving a claim"), error))
        return FALSE;
      if (sqlite3_changes (ud_database_get_handle (db)) != 1)
        {
          g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                       _("Claim %s was changed by someone else meanwhile; reopen it and try "
                         "again"), c->number);
          return FALSE;
        }
      c->version++;
    }

  g_free (c->updated_at);
  c->updated_at = g_strdup (now);
  return TRUE;
}

static gboolean
insert_claim_event (UdDatabase        *db,
                    const UdAccount   *actor,
                    UdInsuranceClaim  *c,
                    const char        *action,
                    const char        *from_status,
                    gint64             amount_fen,
                    const char        *reason,
                    GError           **error)
{
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *date = today_text ();
  sqlite3_stmt *stmt;

  stmt = ud_database_prepare (db,
                              "INSERT INTO insurance_claim_event (uuid, claim_id, action,"
                              "  from_status, to_status, event_date, account_id, amount_fen,"
                              "  reason, created_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, c->id);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 4, from_status);
  sqlite3_bind_text (stmt, 5, ud_enum_code (&ud_insurance_claim_status_info, c->status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, date, -1, SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 7, actor != NULL ? actor->id : 0);
  if (amount_fen >= 0)
    sqlite3_bind_int64 (stmt, 8, amount_fen);
  else
    sqlite3_bind_null (stmt, 8);
  ud_stmt_bind_text_or_null (stmt, 9, reason);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_STATIC);
  return step_done (db, stmt, _("saving the claim’s history"), error);
}

/* Saves @c, its history event, the audit entry and the outbox row. */
static gboolean
commit_claim_change (UdDatabase        *db,
                     const UdAccount   *actor,
                     UdInsuranceClaim  *c,
                     JsonObject        *before,
                     const char        *action,
                     const char        *from_status,
                     gint64             amount_fen,
                     const char        *reason,
                     GError           **error)
{
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) payload = NULL;

  if (!save_claim (db, c, error)
      || !insert_claim_event (db, actor, c, action, from_status, amount_fen, reason, error))
    return FALSE;
  after = claim_to_json (c, TRUE);
  payload = claim_payload (db, c);
  return record_change (db, actor, "insurance_claim", c->uuid, c->version, action, before,
                        after, payload, error);
}

typedef struct
{
  const UdAccount  *actor;
  UdInsuranceClaim *claim;
} ReportArgs;

static void
replace (char       **field,
         const char  *value)
{
  char *copy = strip_or_null (value);

  g_free (*field);
  *field = copy;
}

static gboolean
report_func (UdDatabase  *db,
             gpointer     data,
             GError     **error)
{
  ReportArgs *args = data;
  UdInsuranceClaim *c = args->claim;
  g_autoptr(UdInsuranceEnrollment) e = NULL;
  g_autoptr(UdInsuranceClaim) stored = NULL;
  const UdInsuranceBenefit *benefit;
  GDate event_date;
  GDate today;

  if (c->enrollment_id <= 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "enrollment", "%s",
                          _("Enrollment: choose the member’s enrollment the claim is made on"));
      return FALSE;
    }
  e = ud_insurance_store_get_enrollment (db, c->enrollment_id, error);
  if (e == NULL)
    return FALSE;
  if (e->status != UD_INSURANCE_ENROLLMENT_COVERED)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "enrollment",
                          _("Enrollment: %s’s enrollment in “%s” is “%s”, not covered"),
                          e->member_name, e->plan.name,
                          ud_enum_label (&ud_insurance_enrollment_status_info, e->status));
      return FALSE;
    }

  replace (&c->event, c->event);
  benefit = ud_insurance_plan_lookup_benefit (&e->plan, c->event);
  if (benefit == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "event",
                          _("Event: “%s” is not in the benefit table of “%s”"),
                          c->event != NULL ? c->event : "", e->plan.name);
      return FALSE;
    }
  if (!ud_date_parse (c->event_date, "event_date", &event_date, error))
    return FALSE;
  ud_date_today (&today);
  if (g_date_compare (&event_date, &today) > 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "event_date", "%s",
                          _("Event date: cannot be in the future"));
      return FALSE;
    }
  g_free (c->event_date);
  c->event_date = ud_date_format (&event_date);

  if (benefit->kind == UD_INSURANCE_BENEFIT_DAILY
      && (c->days < 1 || c->days > UD_INSURANCE_MAX_DAYS))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "days",
                          _("Days: enter the days in hospital, 1 to %d"), UD_INSURANCE_MAX_DAYS);
      return FALSE;
    }
  if (benefit->kind != UD_INSURANCE_BENEFIT_DAILY)
    c->days = 0;
  if (benefit->kind == UD_INSURANCE_BENEFIT_REFUND
      && (c->loss_fen <= 0 || c->loss_fen > UD_MONEY_MAX_FEN))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, "loss_fen", "%s",
                          _("Loss: enter the amount lost"));
      return FALSE;
    }
  if (benefit->kind != UD_INSURANCE_BENEFIT_REFUND)
    c->loss_fen = 0;

  replace (&c->description, c->description);
  replace (&c->documents, c->documents);
  replace (&c->payee_name, c->payee_name);
  replace (&c->payee_id_number, c->payee_id_number);
  replace (&c->bank_name, c->bank_name);
  replace (&c->bank_account, c->bank_account);
  replace (&c->bank_holder, c->bank_holder);
  replace (&c->holder_reason, c->holder_reason);
  if (c->payee_name == NULL)
    c->payee_name = g_strdup (e->member_name);
  if (c->bank_holder != NULL && g_strcmp0 (c->bank_holder, c->payee_name) != 0
      && c->holder_reason == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "holder_reason", "%s",
                          _("Holder reason: the account holder is not the payee; say why"));
      return FALSE;
    }

  c->member_id = e->member_id;
  c->status = UD_INSURANCE_CLAIM_REPORTED;
  g_clear_pointer (&c->outcome, g_free);
  g_clear_pointer (&c->computation, g_free);
  g_clear_pointer (&c->status_reason, g_free);
  g_clear_pointer (&c->assessed_date, g_free);
  g_clear_pointer (&c->approved_date, g_free);
  c->assessed_fen = c->approved_fen = 0;
  c->days_paid = 0;
  g_free (c->reported_date);
  c->reported_date = ud_date_format (&today);
  c->created_by = c->last_edited_by = args->actor->id;
  c->assessed_by = c->approved_by = 0;

  if (!save_claim (db, c, error))
    return FALSE;
  /* Read back for the names and references the payload carries. */
  stored = ud_insurance_store_get_claim (db, c->id, error);
  if (stored == NULL)
    return FALSE;
  g_free (c->member_name);
  c->member_name = g_strdup (stored->member_name);
  g_free (c->member_uuid);
  c->member_uuid = g_strdup (stored->member_uuid);
  g_free (c->enrollment_uuid);
  c->enrollment_uuid = g_strdup (stored->enrollment_uuid);
  c->plan_kind = stored->plan_kind;
  g_free (c->plan_name);
  c->plan_name = g_strdup (stored->plan_name);
  c->org_id = stored->org_id;
  c->shares = stored->shares;
  g_free (c->coverage_start);
  c->coverage_start = g_strdup (stored->coverage_start);
  g_free (c->term_end);
  c->term_end = g_strdup (stored->term_end);

  {
    g_autoptr(JsonObject) after = claim_to_json (c, TRUE);
    g_autoptr(JsonObject) payload = NULL;

    if (!insert_claim_event (db, args->actor, c, "report", NULL, -1, NULL, error))
      return FALSE;
    payload = claim_payload (db, c);
    return record_change (db, args->actor, "insurance_claim", c->uuid, c->version, "create",
                          NULL, after, payload, error);
  }
}

gboolean
ud_insurance_store_report_claim (UdDatabase        *db,
                                 const UdAccount   *actor,
                                 UdInsuranceClaim  *claim,
                                 GError           **error)
{
  ReportArgs args = { actor, claim };
  gint64 saved_id = claim != NULL ? claim->id : 0;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (claim != NULL, FALSE);
  g_return_val_if_fail (claim->id == 0, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_HARDSHIP_WRITE, error))
    return FALSE;
  if (!ud_database_write (db, "insurance_claim", report_func, &args, error))
    {
      claim->id = saved_id;
      return FALSE;
    }
  return TRUE;
}

/* Claims: workflow */

typedef enum
{
  STEP_DOCUMENTS,
  STEP_ASSESS,
  STEP_APPROVE,
  STEP_REJECT,
} Step;

typedef struct
{
  const UdAccount *actor;
  gint64           id;
  Step             step;
  const char      *text;    /* documents, opinion or reason */
} StepArgs;

static const struct
{
  Step        step;
  const char *action;
  const char *label;
  guint       from;   /* bits of UdInsuranceClaimStatus */
} steps[] = {
  { STEP_DOCUMENTS, "documents", N_("Documents complete"), 1u << UD_INSURANCE_CLAIM_REPORTED },
  { STEP_ASSESS, "assess", N_("Assess"),
    1u << UD_INSURANCE_CLAIM_DOCUMENTS_COMPLETE | 1u << UD_INSURANCE_CLAIM_ASSESSED },
  { STEP_APPROVE, "approve", N_("Approve"), 1u << UD_INSURANCE_CLAIM_ASSESSED },
  { STEP_REJECT, "reject", N_("Reject"),
    1u << UD_INSURANCE_CLAIM_REPORTED | 1u << UD_INSURANCE_CLAIM_DOCUMENTS_COMPLETE
    | 1u << UD_INSURANCE_CLAIM_ASSESSED },
};

/* Runs the assessment of @c on its enrollment, with what the enrollment's other granted claims
 * paid. */
static gboolean
assess_claim (UdDatabase             *db,
              UdInsuranceClaim       *c,
              UdInsuranceAssessment  *out,
              GError                **error)
{
  g_autoptr(UdInsuranceEnrollment) e = ud_insurance_store_get_enrollment (db, c->enrollment_id,
                                                                          error);
  sqlite3_stmt *stmt;
  gint64 paid_earlier = 0;
  gint64 days_earlier = 0;
  GDate start;
  GDate end;
  GDate event_date;

  if (e == NULL)
    return FALSE;
  if (e->status != UD_INSURANCE_ENROLLMENT_COVERED
      || !ud_date_parse (e->coverage_start, "coverage_start", &start, NULL)
      || !ud_date_parse (e->term_end, "term_end", &end, NULL))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("Claim %s: the enrollment is not covered"), c->number);
      return FALSE;
    }
  if (!ud_date_parse (c->event_date, "event_date", &event_date, error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "SELECT ifnull (sum (approved_fen), 0), ifnull (sum (days_paid), 0)"
                              "  FROM insurance_claim WHERE enrollment_id = ?1 AND granted = 1"
                              "  AND id <> ?2",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->enrollment_id);
  sqlite3_bind_int64 (stmt, 2, c->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      paid_earlier = sqlite3_column_int64 (stmt, 0);
      days_earlier = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  return ud_insurance_assess (&e->plan, e->shares, &start, &end, &event_date, c->event,
                              c->days, (int) MIN (days_earlier, UD_INSURANCE_MAX_DAYS),
                              c->loss_fen, MIN (paid_earlier, UD_MONEY_MAX_FEN), out, error);
}

static char *
computation_json (const UdInsuranceAssessment *assessment)
{
  g_autofree char *json = ud_insurance_assessment_to_json (assessment);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonObject *object = json_node_get_object (root);
  JsonArray *lines = json_array_new ();

  for (guint i = 0; assessment->lines != NULL && i < assessment->lines->len; i++)
    json_array_add_string_element (lines, g_ptr_array_index (assessment->lines, i));
  json_object_set_array_member (object, "lines", lines);
  return ud_json_object_to_string (object);
}

static gboolean
check_step_who (UdDatabase        *db,
                const UdAccount   *actor,
                Step               step,
                UdInsuranceClaim  *c,
                GError           **error)
{
  switch (step)
    {
    case STEP_DOCUMENTS:
    case STEP_ASSESS:
      return ud_guard_check_current (db, actor, UD_ACTION_REVIEW, error);
    case STEP_APPROVE:
      return ud_guard_check_approval (db, actor, c->created_by, c->last_edited_by, error);
    case STEP_REJECT:
    default:
      return ud_guard_check_current (db, actor, UD_ACTION_REVIEW, NULL)
             || ud_guard_check_current (db, actor, UD_ACTION_APPROVE, error);
    }
}

static gboolean
step_func (UdDatabase  *db,
           gpointer     data,
           GError     **error)
{
  StepArgs *args = data;
  g_autoptr(UdInsuranceClaim) c = ud_insurance_store_get_claim (db, args->id, error);
  g_autoptr(JsonObject) before = NULL;
  g_autofree char *text = NULL;
  g_autofree char *from = NULL;
  gint64 amount = -1;
  guint i;

  if (c == NULL)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (steps) && steps[i].step != args->step; i++)
    ;
  g_assert (i < G_N_ELEMENTS (steps));

  if (!check_step_who (db, args->actor, args->step, c, error))
    return FALSE;
  if ((steps[i].from & (1u << c->status)) == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   /* Translators: "Claim LP2026-00001 is “Reported”: “Approve” is not possible
                    * from that status" */
                   _("Claim %s is “%s”: “%s” is not possible from that status"), c->number,
                   ud_enum_label (&ud_insurance_claim_status_info, c->status),
                   g_dgettext (GETTEXT_PACKAGE, steps[i].label));
      return FALSE;
    }
  text = strip_or_null (args->text);
  if (args->step == STEP_REJECT && text == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "reason", "%s",
                          _("Reason: enter why the claim is rejected (it is kept in the "
                            "claim’s history)"));
      return FALSE;
    }

  before = claim_to_json (c, TRUE);
  from = g_strdup (ud_enum_code (&ud_insurance_claim_status_info, c->status));

  switch (args->step)
    {
    case STEP_DOCUMENTS:
      if (text != NULL)
        replace (&c->documents, text);
      c->status = UD_INSURANCE_CLAIM_DOCUMENTS_COMPLETE;
      g_clear_pointer (&text, g_free);
      break;

    case STEP_ASSESS:
      {
        g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;

        if (!assess_claim (db, c, &assessment, error))
          return FALSE;
        g_free (c->outcome);
        c->outcome = g_strdup (ud_insurance_outcome_to_string (assessment.outcome));
        c->assessed_fen = assessment.amount;
        c->days_paid = assessment.days_paid;
        g_free (c->computation);
        c->computation = computation_json (&assessment);
        g_free (c->assessed_date);
        c->assessed_date = today_text ();
        c->assessed_by = args->actor->id;
        c->status = UD_INSURANCE_CLAIM_ASSESSED;
        amount = c->assessed_fen;
        g_clear_pointer (&text, g_free);
      }
      break;

    case STEP_APPROVE:
      {
        g_auto(UdInsuranceAssessment) assessment = UD_INSURANCE_ASSESSMENT_INIT;
        UdPayoutOrigin origin = { 0 };
        gint64 payout_id = 0;

        if (g_strcmp0 (c->outcome, "refused") == 0 || c->assessed_fen <= 0)
          {
            g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                         _("Claim %s: the assessment grants nothing; reject it with the "
                           "reason"), c->number);
            return FALSE;
          }
        /* What was granted since the assessment may have used the caps. */
        if (!assess_claim (db, c, &assessment, error))
          return FALSE;
        if (assessment.amount != c->assessed_fen || assessment.days_paid != c->days_paid)
          {
            g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                         _("Claim %s: claims granted since the assessment change its amount; "
                           "assess it again"), c->number);
            return FALSE;
          }
        c->approved_fen = c->assessed_fen;
        c->approved_by = args->actor->id;
        g_free (c->approved_date);
        c->approved_date = today_text ();
        c->status = UD_INSURANCE_CLAIM_APPROVED;
        amount = c->approved_fen;

        origin.source = UD_PAYOUT_SOURCE_INSURANCE;
        origin.source_id = c->id;
        origin.source_uuid = c->uuid;
        origin.source_number = c->number;
        origin.category = ud_insurance_plan_kind_to_string (c->plan_kind);
        origin.member_id = c->member_id;
        origin.org_id = c->org_id;
        origin.payee_name = c->payee_name;
        origin.payee_id_number = c->payee_id_number;
        origin.bank_name = c->bank_name;
        origin.bank_account = c->bank_account;
        origin.bank_holder = c->bank_holder;
        origin.holder_reason = c->holder_reason;
        origin.amount_fen = c->approved_fen;
        origin.fund_source = UD_FUND_MUTUAL_INSURANCE;
        origin.approved_date = c->approved_date;
        if (!commit_claim_change (db, args->actor, c, before, steps[i].action, from, amount,
                                  text, error))
          return FALSE;
        return ud_payout_store_create_for_origin (db, args->actor, &origin, &payout_id, error);
      }

    case STEP_REJECT:
      c->approved_fen = 0;
      c->status = UD_INSURANCE_CLAIM_REJECTED;
      break;

    default:
      g_assert_not_reached ();
    }

  if (args->step == STEP_REJECT)
    replace (&c->status_reason, text);
  else
    g_clear_pointer (&c->status_reason, g_free);

  return commit_claim_change (db, args->actor, c, before, steps[i].action, from, amount, text,
                              error);
}

static gboolean
run_step (UdDatabase       *db,
          const UdAccount  *actor,
          gint64            id,
          Step              step,
          const char       *text,
          GError          **error)
{
  StepArgs args = { actor, id, step, text };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (actor == NULL)
    return ud_guard_check_current (db, actor, UD_ACTION_REVIEW, error);
  return ud_database_write (db, "insurance_claim", step_func, &args, error);
}

gboolean
ud_insurance_store_documents_complete (UdDatabase       *db,
                                       const UdAccount  *actor,
                                       gint64            id,
                                       const char       *documents,
                                       GError          **error)
{
  return run_step (db, actor, id, STEP_DOCUMENTS, documents, error);
}

gboolean
ud_insurance_store_assess (UdDatabase       *db,
                           const UdAccount  *actor,
                           gint64            id,
                           GError          **error)
{
  return run_step (db, actor, id, STEP_ASSESS, NULL, error);
}

gboolean
ud_insurance_store_approve (UdDatabase       *db,
                            const UdAccount  *actor,
                            gint64            id,
                            const char       *opinion,
                            GError          **error)
{
  return run_step (db, actor, id, STEP_APPROVE, opinion, error);
}

gboolean
ud_insurance_store_reject (UdDatabase       *db,
                           const UdAccount  *actor,
                           gint64            id,
                           const char       *reason,
                           GError          **error)
{
  return run_step (db, actor, id, STEP_REJECT, reason, error);
}

/* Claims: payment, for the payouts */

typedef struct
{
  const UdAccount *actor;
  gint64           claim_id;
  const char      *status;
  const char      *reason;
} PaymentChangeArgs;

static gboolean
payment_changed_func (UdDatabase  *db,
                      gpointer     data,
                      GError     **error)
{
  PaymentChangeArgs *args = data;
  const UdAccount *actor = args->actor;
  gint64 claim_id = args->claim_id;
  const char *status = args->status;
  const char *reason = args->reason;
  static const struct
  {
    UdInsuranceClaimStatus to;
    guint                  from;
  } moves[] = {
    { UD_INSURANCE_CLAIM_APPROVED, 1u << UD_INSURANCE_CLAIM_PAYMENT_PENDING },
    { UD_INSURANCE_CLAIM_PAYMENT_PENDING,
      1u << UD_INSURANCE_CLAIM_APPROVED | 1u << UD_INSURANCE_CLAIM_REISSUED },
    { UD_INSURANCE_CLAIM_PAID, 1u << UD_INSURANCE_CLAIM_PAYMENT_PENDING },
    { UD_INSURANCE_CLAIM_PAYMENT_FAILED, 1u << UD_INSURANCE_CLAIM_PAYMENT_PENDING },
    { UD_INSURANCE_CLAIM_REISSUED, 1u << UD_INSURANCE_CLAIM_PAYMENT_FAILED },
  };
  g_autoptr(UdInsuranceClaim) c = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autofree char *from = NULL;
  g_autofree char *text = NULL;
  int to;
  guint i;

  if (!ud_enum_from_code (&ud_insurance_claim_status_info, status, &to))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("“%s” is not a payment status of a claim"), status);
      return FALSE;
    }
  for (i = 0; i < G_N_ELEMENTS (moves) && (int) moves[i].to != to; i++)
    ;
  if (i == G_N_ELEMENTS (moves))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("“%s” is not a payment status of a claim"), status);
      return FALSE;
    }

  c = ud_insurance_store_get_claim (db, claim_id, error);
  if (c == NULL)
    return FALSE;
  if ((moves[i].from & (1u << c->status)) == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("Claim %s is “%s”: it cannot become “%s”"), c->number,
                   ud_enum_label (&ud_insurance_claim_status_info, c->status),
                   ud_enum_label (&ud_insurance_claim_status_info, to));
      return FALSE;
    }

  before = claim_to_json (c, TRUE);
  from = g_strdup (ud_enum_code (&ud_insurance_claim_status_info, c->status));
  text = strip_or_null (reason);
  c->status = to;
  replace (&c->status_reason, text);
  return commit_claim_change (db, actor, c, before, "payment", from, c->approved_fen, text,
                              error);
}

gboolean
ud_insurance_store_payment_changed (UdDatabase       *db,
                                    const UdAccount  *actor,
                                    gint64            claim_id,
                                    const char       *status,
                                    const char       *reason,
                                    GError          **error)
{
  PaymentChangeArgs args = { actor, claim_id, status, reason };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  return ud_database_write (db, "insurance_claim", payment_changed_func, &args, error);
}

/* Claims: history and lists */

void
ud_insurance_claim_event_free (UdInsuranceClaimEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->action);
  g_free (event->from_status);
  g_free (event->to_status);
  g_free (event->event_date);
  g_free (event->account_name);
  g_free (event->reason);
  g_free (event->created_at);
  g_free (event);
}

GPtrArray *
ud_insurance_store_claim_history (UdDatabase  *db,
                                  gint64       id,
                                  GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  stmt = ud_database_prepare (db,
                              "SELECT e.id, e.action, e.from_status, e.to_status, e.event_date,"
                              "  e.account_id, ifnull (a.display_name, a.username),"
                              "  e.amount_fen, e.reason, e.created_at "
                              "FROM insurance_claim_event e"
                              "  LEFT JOIN account a ON a.id = e.account_id "
                              "WHERE e.claim_id = ?1 ORDER BY e.id",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_insurance_claim_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UdInsuranceClaimEvent *event = g_new0 (UdInsuranceClaimEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->action = ud_stmt_dup_text (stmt, 1);
      event->from_status = ud_stmt_dup_text (stmt, 2);
      event->to_status = ud_stmt_dup_text (stmt, 3);
      event->event_date = ud_stmt_dup_text (stmt, 4);
      event->account_id = sqlite3_column_int64 (stmt, 5);
      event->account_name = ud_stmt_dup_text (stmt, 6);
      event->amount_fen = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                          ? -1 : sqlite3_column_int64 (stmt, 7);
      event->reason = ud_stmt_dup_text (stmt, 8);
      event->created_at = ud_stmt_dup_text (stmt, 9);
      g_ptr_array_add (events, event);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the claim’s history"));
      return NULL;
    }
  return g_steal_pointer (&events);
}

static void
append_claim_filter (GString                      *sql,
                     const UdInsuranceClaimFilter *filter)
{
  int n = 0;

  g_string_append (sql, " WHERE 1");
  if (filter->member_id > 0)
    g_string_append_printf (sql, " AND c.member_id = ?%d", ++n);
  if (filter->enrollment_id > 0)
    g_string_append_printf (sql, " AND c.enrollment_id = ?%d", ++n);
  if (filter->filter_status)
    g_string_append_printf (sql, " AND c.status = ?%d", ++n);
  if (filter->search != NULL && *filter->search != '\0')
    {
      g_string_append_printf (sql, " AND (c.number = ?%d OR instr (m.name, ?%d) > 0)", n + 1,
                              n + 1);
      n++;
    }
}

static void
bind_claim_filter (sqlite3_stmt                 *stmt,
                   const UdInsuranceClaimFilter *filter)
{
  int n = 0;

  if (filter->member_id > 0)
    sqlite3_bind_int64 (stmt, ++n, filter->member_id);
  if (filter->enrollment_id > 0)
    sqlite3_bind_int64 (stmt, ++n, filter->enrollment_id);
  if (filter->filter_status)
    sqlite3_bind_text (stmt, ++n, ud_enum_code (&ud_insurance_claim_status_info, filter->status),
                       -1, SQLITE_STATIC);
  if (filter->search != NULL && *filter->search != '\0')
    {
      g_autofree char *search = g_strstrip (g_strdup (filter->search));

      sqlite3_bind_text (stmt, ++n, search, -1, SQLITE_TRANSIENT);
    }
}

gboolean
ud_insurance_store_count_claims (UdDatabase                   *db,
                                 const UdInsuranceClaimFilter *filter,
                                 guint                        *out_count,
                                 GError                      **error)
{
  static const UdInsuranceClaimFilter any = { 0 };
  g_autoptr(GString) sql = g_string_new ("SELECT count (*) FROM insurance_claim c"
                                         "  JOIN member m ON m.id = c.member_id");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  if (filter == NULL)
    filter = &any;
  append_claim_filter (sql, filter);
  stmt = ud_database_prepare_built (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_claim_filter (stmt, filter);
  return ud_database_read_count (db, stmt, out_count, _("counting the claims"), error);
}

/* A claim for a list: without its computation, which only the claim's own view shows. */
static UdInsuranceClaim *
claim_list_row_from_row (sqlite3_stmt *stmt)
{
  UdInsuranceClaim *claim = claim_from_row (stmt);

  g_clear_pointer (&claim->computation, g_free);
  return claim;
}

GPtrArray *
ud_insurance_store_list_claims (UdDatabase                   *db,
                                const UdInsuranceClaimFilter *filter,
                                guint                         offset,
                                guint                         limit,
                                GError                      **error)
{
  static const UdInsuranceClaimFilter any = { 0 };
  g_autoptr(GString) sql = g_string_new (CLAIM_SELECT);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  if (filter == NULL)
    filter = &any;
  append_claim_filter (sql, filter);
  g_string_append (sql, " ORDER BY c.id DESC" UD_DATABASE_PAGE_SQL);
  stmt = ud_database_prepare_built (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_claim_filter (stmt, filter);
  ud_stmt_bind_page (stmt, offset, limit);
  return ud_database_collect (db, stmt, (UdRowFunc) claim_list_row_from_row,
                              (GDestroyNotify) ud_insurance_claim_free,
                              _("reading the claims"), error);
}
