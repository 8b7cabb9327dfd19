/* ud-aid-store.c — aid applications and medical claims in the database: workflow, rules,
 * guards, outbox, audit, lists and yearly sums
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-aid-store"

#include <string.h>

#include "ud-aid-store.h"
#include "ud-aid-store-private.h"
#include "ud-audit.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-hardship-store.h"
#include "ud-i18n.h"
#include "ud-json.h"
#include "ud-mask.h"
#include "ud-member-store.h"
#include "ud-money.h"
#include "ud-outbox.h"
#include "ud-payout-store.h"
#include "ud-policy.h"
#include "ud-uuid.h"

#define APPLICATION_SCHEMA 1
#define CLAIM_SCHEMA 1

void
ud_aid_store_set_today (const GDate *today)
{
  ud_date_set_today_for_tests (today);
}

static UdAidOutcome
outcome_from_string (const char *code)
{
  for (int i = UD_AID_OUTCOME_GRANTED; i <= UD_AID_OUTCOME_REFUSED; i++)
    if (g_strcmp0 (ud_aid_outcome_to_string (i), code) == 0)
      return i;
  return UD_AID_OUTCOME_NONE;
}

/* Reading */

#define APPLICATION_SELECT \
  "SELECT a.id, a.uuid, a.version, a.number, a.type, a.year, a.member_id, a.file_id, a.batch," \
  "  a.requested_fen, a.computed_fen, a.approved_fen, a.outcome, a.computation," \
  "  a.policy_snapshot, a.policy_date, a.documents, a.note, a.child_name, a.child_id_number," \
  "  a.school, a.school_level, a.admission_year, a.fees_fen, a.aided_elsewhere," \
  "  a.living_months, a.granted_months, a.status, a.status_reason, a.status_date," \
  "  a.submitted_date, a.reviewed_date, a.approved_date, a.review_opinion," \
  "  a.approval_opinion, a.created_by, a.last_edited_by, a.reviewed_by, a.approved_by," \
  "  a.created_at, a.updated_at, m.name, m.uuid, f.file_number, f.uuid " \
  "FROM aid_application a JOIN member m ON m.id = a.member_id" \
  "  LEFT JOIN hardship_file f ON f.id = a.file_id "

static UdAidApplication *
application_from_row (sqlite3_stmt *stmt)
{
  UdAidApplication *app = ud_aid_application_new (ud_stmt_column_enum (stmt, 4, &ud_aid_type_info));

  app->id = sqlite3_column_int64 (stmt, 0);
  app->uuid = ud_stmt_dup_text (stmt, 1);
  app->version = sqlite3_column_int64 (stmt, 2);
  app->number = ud_stmt_dup_text (stmt, 3);
  app->year = sqlite3_column_int (stmt, 5);
  app->member_id = sqlite3_column_int64 (stmt, 6);
  app->file_id = sqlite3_column_int64 (stmt, 7);
  app->batch = ud_stmt_dup_text (stmt, 8);
  app->requested_fen = sqlite3_column_int64 (stmt, 9);
  app->computed_fen = sqlite3_column_int64 (stmt, 10);
  app->approved_fen = sqlite3_column_int64 (stmt, 11);
  app->outcome = outcome_from_string ((const char *) sqlite3_column_text (stmt, 12));
  app->computation = ud_stmt_dup_text (stmt, 13);
  app->policy_snapshot = ud_stmt_dup_text (stmt, 14);
  app->policy_date = ud_stmt_dup_text (stmt, 15);
  app->documents = ud_stmt_dup_text (stmt, 16);
  app->note = ud_stmt_dup_text (stmt, 17);
  app->child_name = ud_stmt_dup_text (stmt, 18);
  app->child_id_number = ud_stmt_dup_text (stmt, 19);
  app->school = ud_stmt_dup_text (stmt, 20);
  app->school_level = ud_stmt_column_enum (stmt, 21, &ud_school_level_info);
  app->admission_year = sqlite3_column_int (stmt, 22);
  app->fees_fen = sqlite3_column_int64 (stmt, 23);
  app->aided_elsewhere = sqlite3_column_int (stmt, 24) != 0;
  app->living_months = sqlite3_column_int (stmt, 25);
  app->granted_months = sqlite3_column_int (stmt, 26);
  app->status = ud_stmt_column_enum (stmt, 27, &ud_aid_status_info);
  app->status_reason = ud_stmt_dup_text (stmt, 28);
  app->status_date = ud_stmt_dup_text (stmt, 29);
  app->submitted_date = ud_stmt_dup_text (stmt, 30);
  app->reviewed_date = ud_stmt_dup_text (stmt, 31);
  app->approved_date = ud_stmt_dup_text (stmt, 32);
  app->review_opinion = ud_stmt_dup_text (stmt, 33);
  app->approval_opinion = ud_stmt_dup_text (stmt, 34);
  app->created_by = sqlite3_column_int64 (stmt, 35);
  app->last_edited_by = sqlite3_column_int64 (stmt, 36);
  app->reviewed_by = sqlite3_column_int64 (stmt, 37);
  app->approved_by = sqlite3_column_int64 (stmt, 38);
  app->created_at = ud_stmt_dup_text (stmt, 39);
  app->updated_at = ud_stmt_dup_text (stmt, 40);
  app->member_name = ud_stmt_dup_text (stmt, 41);
  app->member_uuid = ud_stmt_dup_text (stmt, 42);
  app->file_number = ud_stmt_dup_text (stmt, 43);
  app->file_uuid = ud_stmt_dup_text (stmt, 44);
  return app;
}

#define CLAIM_SELECT \
  "SELECT id, uuid, version, application_id, patient_name, patient_id_number," \
  "  patient_relation, diagnosis, hospital, kind, admitted_date, discharged_date, total_fen," \
  "  basic_insurance_fen, critical_insurance_fen, employer_fen, donations_fen," \
  "  out_of_pocket_fen, created_at, updated_at FROM medical_claim "

static UdMedicalClaim *
claim_from_row (sqlite3_stmt *stmt)
{
  UdMedicalClaim *claim = ud_medical_claim_new ();

  claim->id = sqlite3_column_int64 (stmt, 0);
  claim->uuid = ud_stmt_dup_text (stmt, 1);
  claim->version = sqlite3_column_int64 (stmt, 2);
  claim->application_id = sqlite3_column_int64 (stmt, 3);
  claim->patient_name = ud_stmt_dup_text (stmt, 4);
  claim->patient_id_number = ud_stmt_dup_text (stmt, 5);
  claim->patient_relation = ud_stmt_column_enum (stmt, 6, &ud_patient_relation_info);
  claim->diagnosis = ud_stmt_dup_text (stmt, 7);
  claim->hospital = ud_stmt_dup_text (stmt, 8);
  claim->kind = ud_stmt_column_enum (stmt, 9, &ud_medical_kind_info);
  claim->admitted_date = ud_stmt_dup_text (stmt, 10);
  claim->discharged_date = ud_stmt_dup_text (stmt, 11);
  claim->total_fen = sqlite3_column_int64 (stmt, 12);
  claim->basic_insurance_fen = sqlite3_column_int64 (stmt, 13);
  claim->critical_insurance_fen = sqlite3_column_int64 (stmt, 14);
  claim->employer_fen = sqlite3_column_int64 (stmt, 15);
  claim->donations_fen = sqlite3_column_int64 (stmt, 16);
  claim->out_of_pocket_fen = sqlite3_column_int64 (stmt, 17);
  claim->created_at = ud_stmt_dup_text (stmt, 18);
  claim->updated_at = ud_stmt_dup_text (stmt, 19);
  return claim;
}

/* The claims in date order: the order the medical rule takes them in. */
static gboolean
load_claims (UdDatabase        *db,
             UdAidApplication  *app,
             GError           **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            CLAIM_SELECT "WHERE application_id = ?1 "
                                            "ORDER BY ifnull (discharged_date, admitted_date),"
                                            "  id",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  g_ptr_array_set_size (app->claims, 0);
  sqlite3_bind_int64 (stmt, 1, app->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (app->claims, claim_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the medical claims"));
      return FALSE;
    }
  return TRUE;
}

UdAidApplication *
ud_aid_store_get (UdDatabase  *db,
                  gint64       id,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(UdAidApplication) app = NULL;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  stmt = ud_database_prepare (db, APPLICATION_SELECT "WHERE a.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    app = application_from_row (stmt);
  sqlite3_reset (stmt);

  if (app == NULL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("The aid application no longer exists"));
      return NULL;
    }

  if (app->type == UD_AID_TYPE_MEDICAL && !load_claims (db, app, error))
    return NULL;
  return g_steal_pointer (&app);
}

static UdMedicalClaim *
get_claim (UdDatabase  *db,
           gint64       id,
           GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, CLAIM_SELECT "WHERE id = ?1", error);
  UdMedicalClaim *claim = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    claim = claim_from_row (stmt);
  sqlite3_reset (stmt);

  if (claim == NULL)
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("The medical claim no longer exists"));
  return claim;
}

/* Sums over granted applications (see the header) */

static gint64
query_sum (UdDatabase  *db,
           const char  *sql,
           gint64       key,
           int          year,
           const char  *type,
           gint64       except_id,
           GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, sql, error);
  gint64 value = 0;
  int rc;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, key);
  sqlite3_bind_int (stmt, 2, year);
  sqlite3_bind_text (stmt, 3, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, except_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      ud_database_set_error (db, error, _("adding up the aid granted this year"));
      return -1;
    }
  return value;
}

#define SUM_FILE_APPROVED \
  "SELECT ifnull (sum (approved_fen), 0) FROM aid_application" \
  "  WHERE file_id = ?1 AND year = ?2 AND type = ?3 AND granted = 1 AND id <> ?4"
#define SUM_FILE_MONTHS \
  "SELECT ifnull (sum (granted_months), 0) FROM aid_application" \
  "  WHERE file_id = ?1 AND year = ?2 AND type = ?3 AND granted = 1 AND id <> ?4"
#define SUM_FILE_OUT_OF_POCKET \
  "SELECT ifnull (sum (c.out_of_pocket_fen), 0) FROM aid_application a" \
  "  JOIN medical_claim c ON c.application_id = a.id" \
  "  WHERE a.file_id = ?1 AND a.year = ?2 AND a.type = ?3 AND a.granted = 1 AND a.id <> ?4"
#define SUM_MEMBER_APPROVED \
  "SELECT ifnull (sum (approved_fen), 0) FROM aid_application" \
  "  WHERE member_id = ?1 AND year = ?2 AND type = ?3 AND granted = 1 AND id <> ?4"

/* Granted education aid of the same child this year, other than @except_id. */
static gint64
count_child_aided (UdDatabase  *db,
                   const char  *child_id_number,
                   int          year,
                   gint64       except_id,
                   GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT count (*) FROM aid_application"
                                            "  WHERE child_id_number = ?1 AND year = ?2"
                                            "  AND type = 'education' AND granted = 1"
                                            "  AND id <> ?3",
                                            error);
  gint64 value = 0;
  int rc;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, child_id_number, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, year);
  sqlite3_bind_int64 (stmt, 3, except_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      ud_database_set_error (db, error, _("checking earlier education aid"));
      return -1;
    }
  return value;
}

/* The file and the applicant */

static gboolean
file_is_filed (const UdHardshipFile *file)
{
  return file->status == UD_HARDSHIP_STATUS_ACTIVE
         || file->status == UD_HARDSHIP_STATUS_ANNUAL_REVIEW;
}

/* The application's file when it has one (NULL and no error otherwise); refuses a file that is
 * not filed. */
static gboolean
get_filed_file (UdDatabase        *db,
                UdAidApplication  *app,
                UdHardshipFile   **out,
                GError           **error)
{
  g_autoptr(UdHardshipFile) file = NULL;
  g_autoptr(GError) local = NULL;

  *out = NULL;
  if (app->file_id <= 0)
    return TRUE;

  file = ud_hardship_store_get (db, app->file_id, &local);
  if (file == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "file_id",
                          _("Hardship file: the file no longer exists"));
      return FALSE;
    }
  if (!file_is_filed (file) || file->category == UD_HARDSHIP_CATEGORY_NONE)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "file_id",
                          /* Translators: "Hardship file KN2026-00001 is “Draft”: aid is only
                           * for filed households" */
                          _("Hardship file %s is “%s”: aid is only for filed households"),
                          file->file_number,
                          ud_enum_label (&ud_hardship_status_info, file->status));
      return FALSE;
    }

  *out = g_steal_pointer (&file);
  return TRUE;
}

static UdAidCategory
aid_category (UdHardshipCategory category)
{
  switch (category)
    {
    case UD_HARDSHIP_CATEGORY_DEEP:
      return UD_AID_CATEGORY_DEEP;
    case UD_HARDSHIP_CATEGORY_ACCIDENT:
      return UD_AID_CATEGORY_ACCIDENT;
    case UD_HARDSHIP_CATEGORY_RELATIVE:
    case UD_HARDSHIP_CATEGORY_NONE:
    default:
      return UD_AID_CATEGORY_RELATIVE;
    }
}

/* The applicant: a live member; with a file, its worker or one of its household. */
static gboolean
check_applicant (UdDatabase        *db,
                 UdAidApplication  *app,
                 UdHardshipFile    *file,
                 GError           **error)
{
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GError) local = NULL;
  gboolean in_household;

  if (app->member_id <= 0 && file != NULL)
    app->member_id = file->member_id;
  if (app->member_id <= 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "member_id",
                          _("Applicant: choose the member who applies"));
      return FALSE;
    }

  member = ud_member_store_get (db, app->member_id, &local);
  if (member == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "member_id",
                          _("Applicant: the member no longer exists"));
      return FALSE;
    }
  if (!ud_member_status_is_live (member->status))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "member_id",
                          _("Applicant: %s is “%s”, not a member any more"), member->name,
                          ud_enum_label (&ud_member_status_info, member->status));
      return FALSE;
    }

  if (file != NULL)
    {
      in_household = g_strcmp0 (member->id_number, file->worker_id_number) == 0;
      for (guint i = 0; !in_household && i < file->household->len; i++)
        in_household = g_strcmp0 (((UdHouseholdMember *) file->household->pdata[i])->id_number,
                                  member->id_number) == 0;
      if (!in_household)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "member_id",
                              _("Applicant: %s is not in the household of hardship file %s"),
                              member->name, file->file_number);
          return FALSE;
        }
    }

  g_free (app->member_name);
  app->member_name = g_strdup (member->name);
  g_free (app->member_uuid);
  app->member_uuid = g_strdup (member->uuid);
  if (file != NULL)
    {
      g_free (app->file_number);
      app->file_number = g_strdup (file->file_number);
      g_free (app->file_uuid);
      app->file_uuid = g_strdup (file->uuid);
    }
  else
    {
      g_clear_pointer (&app->file_number, g_free);
      g_clear_pointer (&app->file_uuid, g_free);
    }
  return TRUE;
}

/* The patient is the worker or one of the household; sets the relation. */
static gboolean
check_patient (UdHardshipFile  *file,
               UdMedicalClaim  *claim,
               GError         **error)
{
  static const UdPatientRelation relations[] = {
    [UD_RELATION_SPOUSE] = UD_PATIENT_SPOUSE,
    [UD_RELATION_CHILD] = UD_PATIENT_CHILD,
    [UD_RELATION_PARENT] = UD_PATIENT_PARENT,
    [UD_RELATION_OTHER] = UD_PATIENT_OTHER,
  };

  if (claim->patient_id_number != NULL
      ? g_strcmp0 (claim->patient_id_number, file->worker_id_number) == 0
      : g_strcmp0 (claim->patient_name, file->worker_name) == 0)
    {
      claim->patient_relation = UD_PATIENT_WORKER;
      return TRUE;
    }

  for (guint i = 0; i < file->household->len; i++)
    {
      UdHouseholdMember *person = file->household->pdata[i];

      if (claim->patient_id_number != NULL
          ? g_strcmp0 (claim->patient_id_number, person->id_number) == 0
          : (person->id_number == NULL && g_strcmp0 (claim->patient_name, person->name) == 0))
        {
          claim->patient_relation = (guint) person->relation < G_N_ELEMENTS (relations)
                                    ? relations[person->relation] : UD_PATIENT_OTHER;
          return TRUE;
        }
    }

  ud_set_field_error (error, UD_ERROR_INVALID_FIELD,
                      claim->patient_id_number != NULL ? "patient_id_number" : "patient_name",
                      /* Translators: "Patient: 张三 is neither the worker nor a household
                       * member of hardship file KN2026-00001" */
                      _("Patient: %s is neither the worker nor a household member of hardship "
                        "file %s"), claim->patient_name, file->file_number);
  return FALSE;
}

/* Policy */

static const char *const aid_policy_names[] = {
  UD_POLICY_MEDICAL_THRESHOLD_DEEP,
  UD_POLICY_MEDICAL_THRESHOLD_RELATIVE,
  UD_POLICY_MEDICAL_RATIO,
  UD_POLICY_MEDICAL_CAP,
  UD_POLICY_EDUCATION_HIGH_DEEP,
  UD_POLICY_EDUCATION_HIGH_RELATIVE,
  UD_POLICY_EDUCATION_COLLEGE_DEEP,
  UD_POLICY_EDUCATION_COLLEGE_RELATIVE,
  UD_POLICY_TEMPORARY_RELIEF_CAP,
  UD_POLICY_CONDOLENCE_DEEP,
  UD_POLICY_CONDOLENCE_RELATIVE,
  UD_POLICY_CONDOLENCE_ACCIDENT,
  UD_POLICY_LIVING_MONTHLY_DEEP,
  UD_POLICY_LIVING_MONTHLY_RELATIVE,
  NULL,
};

/* The aid policy in force on @on for @region, and the snapshot of the rows used. */
static gboolean
load_policy (UdDatabase   *db,
             const char   *region,
             const GDate  *on,
             UdAidPolicy  *policy,
             char        **snapshot_json,
             GError      **error)
{
  g_autoptr(JsonObject) snapshot = ud_policy_snapshot (db, aid_policy_names, region, on, error);

  if (snapshot == NULL)
    return FALSE;

  ud_aid_policy_init_defaults (policy);
  for (guint i = 0; aid_policy_names[i] != NULL; i++)
    {
      JsonObject *entry = json_object_get_object_member (snapshot, aid_policy_names[i]);
      const char *from = json_object_has_member (entry, "effective_from")
                         ? json_object_get_string_member (entry, "effective_from") : NULL;

      if (!ud_aid_policy_set (policy, aid_policy_names[i],
                              json_object_get_int_member (entry, "value"), from, error))
        return FALSE;
    }

  *snapshot_json = ud_json_object_to_string (snapshot);
  return TRUE;
}

/* The region of the policy: the file's, else the applicant's union's. */
static char *
dup_region (UdDatabase     *db,
            UdHardshipFile *file,
            gint64          member_id)
{
  sqlite3_stmt *stmt;
  char *region = NULL;

  if (file != NULL)
    return g_strdup (file->region_code ? file->region_code : "");

  stmt = ud_database_prepare (db,
                              "SELECT ifnull (o.region_code, '') FROM member m"
                              "  JOIN org o ON o.id = m.org_id WHERE m.id = ?1",
                              NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, member_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        region = ud_stmt_dup_text (stmt, 0);
      sqlite3_reset (stmt);
    }
  return region != NULL ? region : g_strdup ("");
}

/* The computation */

typedef struct
{
  gint64        amount;
  UdAidOutcome  outcome;
  char         *computation;
  char         *snapshot;
  char         *policy_date;
  int           granted_months;
} Decision;

static void
decision_clear (Decision *decision)
{
  g_clear_pointer (&decision->computation, g_free);
  g_clear_pointer (&decision->snapshot, g_free);
  g_clear_pointer (&decision->policy_date, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Decision, decision_clear)

static gboolean
compute_medical (UdDatabase        *db,
                 UdAidApplication  *app,
                 const UdAidPolicy *policy,
                 UdAidCategory      category,
                 Decision          *out,
                 GError           **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *claims = json_array_new ();
  gboolean capped = FALSE;
  gint64 before, approved, total = 0;

  json_object_set_array_member (object, "claims", claims);
  if (app->claims->len == 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "claims",
                          _("Medical claims: enter at least one hospital stay or bill"));
      return FALSE;
    }

  before = query_sum (db, SUM_FILE_OUT_OF_POCKET, app->file_id, app->year, "medical", app->id,
                      error);
  if (before < 0)
    return FALSE;
  approved = query_sum (db, SUM_FILE_APPROVED, app->file_id, app->year, "medical", app->id,
                        error);
  if (approved < 0)
    return FALSE;

  for (guint i = 0; i < app->claims->len; i++)
    {
      UdMedicalClaim *claim = app->claims->pdata[i];
      g_auto(UdComputation) computation = UD_COMPUTATION_INIT;
      g_autofree char *json = NULL;
      g_autofree char *label = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *entry;

      if (!ud_medical_relief_compute (policy, category, before, claim->out_of_pocket_fen,
                                      approved, &computation, error))
        return FALSE;

      json = ud_computation_to_json (&computation);
      node = json_from_string (json, NULL);
      g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
      entry = json_object_ref (json_node_get_object (node));
      label = g_strdup_printf ("%s %s %s", ud_medical_claim_get_date (claim), claim->hospital,
                               claim->patient_name);
      json_object_set_string_member (entry, "claim_uuid", claim->uuid);
      json_object_set_string_member (entry, "claim", label);
      json_array_add_object_element (claims, entry);

      capped |= computation.outcome == UD_AID_OUTCOME_CAPPED;
      total += computation.amount;
      before += claim->out_of_pocket_fen;
      approved += computation.amount;
    }

  out->amount = total;
  out->outcome = total == 0 ? UD_AID_OUTCOME_NONE
                 : capped ? UD_AID_OUTCOME_CAPPED : UD_AID_OUTCOME_GRANTED;
  json_object_set_string_member (object, "rule", ud_aid_rule_to_string (UD_AID_RULE_MEDICAL));
  json_object_set_string_member (object, "outcome", ud_aid_outcome_to_string (out->outcome));
  json_object_set_int_member (object, "amount", total);
  out->computation = ud_json_object_to_string (object);
  return TRUE;
}

/* Runs the application's rule as of its date (the submission date; today for a draft) with the
 * sums of what was granted so far. Stores nothing. */
static gboolean
compute_decision (UdDatabase        *db,
                  UdAidApplication  *app,
                  Decision          *out,
                  GError           **error)
{
  g_autoptr(UdHardshipFile) file = NULL;
  g_auto(UdComputation) computation = UD_COMPUTATION_INIT;
  g_autofree char *region = NULL;
  UdAidCategory category = UD_AID_CATEGORY_RELATIVE;
  UdAidPolicy policy;
  GDate on;

  if (app->submitted_date == NULL
      || !ud_date_parse (app->submitted_date, _("Application date"), &on, NULL))
    ud_date_today (&on);

  if (!get_filed_file (db, app, &file, error))
    return FALSE;
  if (file != NULL)
    category = aid_category (file->category);

  region = dup_region (db, file, app->member_id);
  if (!load_policy (db, region, &on, &policy, &out->snapshot, error))
    return FALSE;
  out->policy_date = ud_date_format (&on);
  out->granted_months = 0;

  switch (app->type)
    {
    case UD_AID_TYPE_MEDICAL:
      return compute_medical (db, app, &policy, category, out, error);

    case UD_AID_TYPE_EDUCATION:
      {
        gint64 aided = count_child_aided (db, app->child_id_number, app->year, app->id, error);

        if (aided < 0)
          return FALSE;
        ud_education_aid_compute (&policy, app->school_level, category, app->aided_elsewhere,
                                  aided > 0, &computation);
      }
      break;

    case UD_AID_TYPE_TEMPORARY:
      {
        gint64 approved = query_sum (db, SUM_MEMBER_APPROVED, app->member_id, app->year,
                                     "temporary", app->id, error);

        if (approved < 0
            || !ud_temporary_relief_compute (&policy, app->requested_fen, approved,
                                             &computation, error))
          return FALSE;
      }
      break;

    case UD_AID_TYPE_CONDOLENCE:
      ud_condolence_compute (&policy, category, &computation);
      break;

    case UD_AID_TYPE_LIVING:
      {
        gint64 months = query_sum (db, SUM_FILE_MONTHS, app->file_id, app->year, "living",
                                   app->id, error);

        if (months < 0
            || !ud_living_relief_compute (&policy, category, app->living_months,
                                          (int) MIN (months, UD_AID_LIVING_MAX_MONTHS),
                                          &computation, error))
          return FALSE;
        out->granted_months = MIN (app->living_months,
                                   UD_AID_LIVING_MAX_MONTHS
                                   - (int) MIN (months, UD_AID_LIVING_MAX_MONTHS));
        if (computation.amount == 0)
          out->granted_months = 0;
      }
      break;

    default:
      g_assert_not_reached ();
    }

  out->amount = computation.amount;
  out->outcome = computation.outcome;
  out->computation = ud_computation_to_json (&computation);
  return TRUE;
}

/* Writing */

static char *
next_number (UdDatabase  *db,
             int          year,
             GError     **error)
{
  g_autofree char *prefix = g_strdup_printf ("JZ%04d-", year);
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT ifnull (max (CAST (substr (number, 8)"
                                            "  AS INTEGER)), 0) FROM aid_application"
                                            "  WHERE number LIKE ?1",
                                            error);

  return stmt ? ud_database_next_number (db, stmt, prefix, 5, error) : NULL;
}

static void
bind_application_fields (sqlite3_stmt     *stmt,
                         UdAidApplication *app)
{
  gboolean education = app->type == UD_AID_TYPE_EDUCATION;

  sqlite3_bind_text (stmt, 1, ud_enum_code (&ud_aid_type_info, app->type), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, app->year);
  sqlite3_bind_int64 (stmt, 3, app->member_id);
  ud_stmt_bind_id_or_null (stmt, 4, app->file_id);
  ud_stmt_bind_text_or_null (stmt, 5, app->batch);
  sqlite3_bind_int64 (stmt, 6, app->requested_fen);
  sqlite3_bind_int64 (stmt, 7, app->computed_fen);
  sqlite3_bind_int64 (stmt, 8, app->approved_fen);
  if (app->computation != NULL)
    sqlite3_bind_text (stmt, 9, ud_aid_outcome_to_string (app->outcome), -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 9);
  ud_stmt_bind_text_or_null (stmt, 10, app->computation);
  ud_stmt_bind_text_or_null (stmt, 11, app->policy_snapshot);
  ud_stmt_bind_text_or_null (stmt, 12, app->policy_date);
  ud_stmt_bind_text_or_null (stmt, 13, app->documents);
  ud_stmt_bind_text_or_null (stmt, 14, app->note);
  ud_stmt_bind_text_or_null (stmt, 15, app->child_name);
  ud_stmt_bind_text_or_null (stmt, 16, app->child_id_number);
  ud_stmt_bind_text_or_null (stmt, 17, app->school);
  if (education)
    {
      sqlite3_bind_text (stmt, 18, ud_enum_code (&ud_school_level_info, app->school_level), -1,
                         SQLITE_STATIC);
      sqlite3_bind_int (stmt, 19, app->admission_year);
    }
  else
    {
      sqlite3_bind_null (stmt, 18);
      sqlite3_bind_null (stmt, 19);
    }
  sqlite3_bind_int64 (stmt, 20, app->fees_fen);
  sqlite3_bind_int (stmt, 21, app->aided_elsewhere ? 1 : 0);
  sqlite3_bind_int (stmt, 22, app->living_months);
  sqlite3_bind_int (stmt, 23, app->granted_months);
  sqlite3_bind_text (stmt, 24, ud_enum_code (&ud_aid_status_info, app->status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 25, ud_aid_status_is_granted (app->status) ? 1 : 0);
  ud_stmt_bind_text_or_null (stmt, 26, app->status_reason);
  ud_stmt_bind_text_or_null (stmt, 27, app->status_date);
  ud_stmt_bind_text_or_null (stmt, 28, app->submitted_date);
  ud_stmt_bind_text_or_null (stmt, 29, app->reviewed_date);
  ud_stmt_bind_text_or_null (stmt, 30, app->approved_date);
  ud_stmt_bind_text_or_null (stmt, 31, app->review_opinion);
  ud_stmt_bind_text_or_null (stmt, 32, app->approval_opinion);
  ud_stmt_bind_id_or_null (stmt, 33, app->created_by);
  ud_stmt_bind_id_or_null (stmt, 34, app->last_edited_by);
  ud_stmt_bind_id_or_null (stmt, 35, app->reviewed_by);
  ud_stmt_bind_id_or_null (stmt, 36, app->approved_by);
}

static gboolean
conflict_error (UdAidApplication  *app,
                GError           **error)
{
  g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
               _("Aid application %s was changed by someone else meanwhile; reopen it and try "
                 "again"), app->number);
  return FALSE;
}

/* Writes the whole row: a new application (sets id, uuid, number, version 1) or the next
 * version of a stored one. */
static gboolean
save_application (UdDatabase        *db,
                  UdAidApplication  *app,
                  GError           **error)
{
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;
  int rc;

  if (app->id == 0)
    {
      g_autofree char *uuid = ud_uuid_new ();
      g_autofree char *number = next_number (db, app->year, error);

      if (number == NULL)
        return FALSE;

      stmt = ud_database_prepare (db,
                                  "INSERT INTO aid_application (type, year, member_id, file_id,"
                                  "  batch, requested_fen, computed_fen, approved_fen, outcome,"
                                  "  computation, policy_snapshot, policy_date, documents, note,"
                                  "  child_name, child_id_number, school, school_level,"
                                  "  admission_year, fees_fen, aided_elsewhere, living_months,"
                                  "  granted_months, status, granted, status_reason,"
                                  "  status_date, submitted_date, reviewed_date, approved_date,"
                                  "  review_opinion, approval_opinion, created_by,"
                                  "  last_edited_by, reviewed_by, approved_by, uuid, number,"
                                  "  version, created_at, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                  "  ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
                                  "  ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36,"
                                  "  ?37, ?38, 1, ?39, ?39)",
                                  error);
      if (stmt == NULL)
        return FALSE;

      bind_application_fields (stmt, app);
      sqlite3_bind_text (stmt, 37, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 38, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 39, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ud_database_set_error (db, error, _("saving an aid application"));
          return FALSE;
        }

      app->id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
      g_free (app->uuid);
      app->uuid = g_steal_pointer (&uuid);
      g_free (app->number);
      app->number = g_steal_pointer (&number);
      app->version = 1;
      g_free (app->created_at);
      app->created_at = g_strdup (now);
    }
  else
    {
      stmt = ud_database_prepare (db,
                                  "UPDATE aid_application SET type = ?1, year = ?2,"
                                  "  member_id = ?3, file_id = ?4, batch = ?5,"
                                  "  requested_fen = ?6, computed_fen = ?7, approved_fen = ?8,"
                                  "  outcome = ?9, computation = ?10, policy_snapshot = ?11,"
                                  "  policy_date = ?12, documents = ?13, note = ?14,"
                                  "  child_name = ?15, child_id_number = ?16, school = ?17,"
                                  "  school_level = ?18, admission_year = ?19, fees_fen = ?20,"
                                  "  aided_elsewhere = ?21, living_months = ?22,"
                                  "  granted_months = ?23, status = ?24, granted = ?25,"
                                  "  status_reason = ?26, status_date = ?27,"
                                  "  submitted_date = ?28, reviewed_date = ?29,"
                                  "  approved_date = ?30, review_opinion = ?31,"
                                  "  approval_opinion = ?32, created_by = ?33,"
                                  "  last_edited_by = ?34, reviewed_by = ?35, approved_by = ?36,"
                                  "  version = version + 1, updated_at = ?37 "
                                  "WHERE id = ?38 AND version = ?39",
                                  error);
      if (stmt == NULL)
        return FALSE;

      bind_application_fields (stmt, app);
      sqlite3_bind_text (stmt, 37, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 38, app->id);
      sqlite3_bind_int64 (stmt, 39, app->version);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ud_database_set_error (db, error, _("saving an aid application"));
          return FALSE;
        }
      if (sqlite3_changes (ud_database_get_handle (db)) != 1)
        return conflict_error (app, error);
      app->version++;
    }

  g_free (app->updated_at);
  app->updated_at = g_strdup (now);
  return TRUE;
}

static gboolean
insert_event (UdDatabase        *db,
              const UdAccount   *actor,
              UdAidApplication  *app,
              const char        *action,
              gboolean           has_from,
              UdAidStatus        from_status,
              gint64             amount_fen,
              const char        *reason,
              GError           **error)
{
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *date = NULL;
  sqlite3_stmt *stmt;
  GDate today;
  int rc;

  ud_date_today (&today);
  date = ud_date_format (&today);
  stmt = ud_database_prepare (db,
                              "INSERT INTO aid_event (uuid, application_id, action,"
                              "  from_status, to_status, event_date, account_id, amount_fen,"
                              "  reason, created_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, app->id);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  if (has_from)
    sqlite3_bind_text (stmt, 4, ud_enum_code (&ud_aid_status_info, from_status), -1,
                       SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, ud_enum_code (&ud_aid_status_info, app->status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, date, -1, SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 7, actor ? actor->id : 0);
  if (amount_fen >= 0)
    sqlite3_bind_int64 (stmt, 8, amount_fen);
  else
    sqlite3_bind_null (stmt, 8);
  ud_stmt_bind_text_or_null (stmt, 9, reason);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving the application’s history"));
      return FALSE;
    }
  return TRUE;
}

/* The application as synced: the record, references by uuid and its status history. */
static JsonObject *
application_payload (UdDatabase       *db,
                     UdAidApplication *app)
{
  JsonObject *data = ud_aid_application_to_json (app);
  sqlite3_stmt *stmt;

  json_object_set_string_member (data, "member_uuid", app->member_uuid);
  json_object_set_string_member (data, "file_uuid", app->file_uuid);

  stmt = ud_database_prepare (db,
                              "SELECT e.uuid, e.action, e.from_status, e.to_status,"
                              "  e.event_date, a.uuid, e.reason, e.created_at, e.amount_fen "
                              "FROM aid_event e LEFT JOIN account a ON a.id = e.account_id "
                              "WHERE e.application_id = ?1 ORDER BY e.id",
                              NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, app->id);
      json_object_set_array_member (data, "history", ud_database_history_to_json (stmt));
    }
  else
    json_object_set_array_member (data, "history", json_array_new ());
  return data;
}

static JsonObject *
application_audit_object (UdAidApplication *app)
{
  JsonObject *data = ud_aid_application_to_json (app);

  json_object_remove_member (data, "updated_at");
  json_object_remove_member (data, "version");
  json_object_set_int_member (data, "member_id", app->member_id);
  json_object_set_int_member (data, "file_id", app->file_id);
  return data;
}

static gboolean
record_application_change (UdDatabase        *db,
                           const UdAccount   *actor,
                           UdAidApplication  *app,
                           UdAidApplication  *before,
                           const char        *action,
                           GError           **error)
{
  g_autoptr(JsonObject) after = application_audit_object (app);
  g_autoptr(JsonObject) old = before ? application_audit_object (before) : NULL;
  g_autoptr(JsonObject) data = NULL;

  if (!ud_audit_append (db, actor, "aid_application", app->uuid, action, old, after, error))
    return FALSE;

  data = application_payload (db, app);
  return ud_outbox_append (db, "aid_application", APPLICATION_SCHEMA, app->uuid, app->version,
                           "upsert", data, error);
}

static JsonObject *
claim_audit_object (UdMedicalClaim *claim)
{
  JsonObject *data = ud_medical_claim_to_json (claim);

  json_object_remove_member (data, "updated_at");
  json_object_remove_member (data, "version");
  return data;
}

/* Inserts (id 0) or updates a claim of @app, then its audit entry and outbox row. */
static gboolean
save_claim (UdDatabase        *db,
            const UdAccount   *actor,
            UdAidApplication  *app,
            UdMedicalClaim    *claim,
            UdMedicalClaim    *before,
            GError           **error)
{
  g_autofree char *now = ud_timestamp_now ();
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) old = NULL;
  g_autoptr(JsonObject) data = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (claim->id == 0)
    {
      g_free (claim->uuid);
      claim->uuid = ud_uuid_new ();
      claim->version = 1;
      g_free (claim->created_at);
      claim->created_at = g_strdup (now);
      stmt = ud_database_prepare (db,
                                  "INSERT INTO medical_claim (patient_name, patient_id_number,"
                                  "  patient_relation, diagnosis, hospital, kind, admitted_date,"
                                  "  discharged_date, total_fen, basic_insurance_fen,"
                                  "  critical_insurance_fen, employer_fen, donations_fen,"
                                  "  out_of_pocket_fen, updated_at, uuid, application_id,"
                                  "  version, created_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                  "  ?13, ?14, ?15, ?16, ?17, 1, ?15)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 16, claim->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 17, app->id);
    }
  else
    {
      stmt = ud_database_prepare (db,
                                  "UPDATE medical_claim SET patient_name = ?1,"
                                  "  patient_id_number = ?2, patient_relation = ?3,"
                                  "  diagnosis = ?4, hospital = ?5, kind = ?6,"
                                  "  admitted_date = ?7, discharged_date = ?8, total_fen = ?9,"
                                  "  basic_insurance_fen = ?10, critical_insurance_fen = ?11,"
                                  "  employer_fen = ?12, donations_fen = ?13,"
                                  "  out_of_pocket_fen = ?14, updated_at = ?15,"
                                  "  version = version + 1 "
                                  "WHERE id = ?16 AND version = ?17",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 16, claim->id);
      sqlite3_bind_int64 (stmt, 17, claim->version);
    }

  sqlite3_bind_text (stmt, 1, claim->patient_name, -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 2, claim->patient_id_number);
  sqlite3_bind_text (stmt, 3, ud_enum_code (&ud_patient_relation_info, claim->patient_relation),
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, claim->diagnosis, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, claim->hospital, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ud_enum_code (&ud_medical_kind_info, claim->kind), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, claim->admitted_date, -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 8, claim->discharged_date);
  sqlite3_bind_int64 (stmt, 9, claim->total_fen);
  sqlite3_bind_int64 (stmt, 10, claim->basic_insurance_fen);
  sqlite3_bind_int64 (stmt, 11, claim->critical_insurance_fen);
  sqlite3_bind_int64 (stmt, 12, claim->employer_fen);
  sqlite3_bind_int64 (stmt, 13, claim->donations_fen);
  sqlite3_bind_int64 (stmt, 14, claim->out_of_pocket_fen);
  sqlite3_bind_text (stmt, 15, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving a medical claim"));
      return FALSE;
    }

  if (claim->id == 0)
    claim->id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
  else
    {
      if (sqlite3_changes (ud_database_get_handle (db)) != 1)
        return conflict_error (app, error);
      claim->version++;
    }
  claim->application_id = app->id;
  g_free (claim->updated_at);
  claim->updated_at = g_strdup (now);

  after = claim_audit_object (claim);
  old = before != NULL ? claim_audit_object (before) : NULL;
  if (!ud_audit_append (db, actor, "medical_claim", claim->uuid,
                        before != NULL ? "update" : "create", old, after, error))
    return FALSE;

  data = ud_medical_claim_to_json (claim);
  json_object_set_string_member (data, "application_uuid", app->uuid);
  return ud_outbox_append (db, "medical_claim", CLAIM_SCHEMA, claim->uuid, claim->version,
                           "upsert", data, error);
}

/* A claim fits its application: the patient is of the household, the date in the year. */
static gboolean
prepare_claim (UdDatabase        *db,
               UdAidApplication  *app,
               UdMedicalClaim    *claim,
               GError           **error)
{
  g_autoptr(UdHardshipFile) file = NULL;
  GDate date;

  if (!ud_medical_claim_validate (claim, error))
    return FALSE;

  if (!ud_date_parse (ud_medical_claim_get_date (claim), _("Discharge date"), &date, error))
    return FALSE;
  if ((int) g_date_get_year (&date) != app->year)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_DATE,
                          claim->discharged_date != NULL ? "discharged_date" : "admitted_date",
                          _("Date: %s is not in %d, the year of application %s"),
                          ud_medical_claim_get_date (claim), app->year,
                          app->number ? app->number : "");
      return FALSE;
    }

  if (!get_filed_file (db, app, &file, error))
    return FALSE;
  return check_patient (file, claim, error);
}

/* Guards */

static gboolean
check_clerk (UdDatabase       *db,
             const UdAccount  *actor,
             gboolean          amounts,
             GError          **error)
{
  return ud_guard_check_current (db, actor, UD_ACTION_HARDSHIP_WRITE, error)
         && (!amounts || ud_guard_check_current (db, actor, UD_ACTION_AMOUNT_WRITE, error));
}

static gboolean
check_editable (UdAidApplication  *app,
                GError           **error)
{
  if (app->status != UD_AID_STATUS_DRAFT && app->status != UD_AID_STATUS_RETURNED)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("Aid application %s is “%s”: it can be changed only as a draft or when "
                     "returned"), app->number, ud_enum_label (&ud_aid_status_info, app->status));
      return FALSE;
    }
  return TRUE;
}

/* Transactions */

/* Create and update */

typedef struct
{
  const UdAccount  *actor;
  UdAidApplication *app;
} CreateArgs;

static gboolean
create_application (UdDatabase        *db,
                    const UdAccount   *actor,
                    UdAidApplication  *app,
                    GError           **error)
{
  g_autoptr(UdHardshipFile) file = NULL;
  GDate today;

  ud_date_today (&today);
  app->status = UD_AID_STATUS_DRAFT;
  app->approved_fen = 0;
  app->granted_months = 0;
  g_clear_pointer (&app->status_reason, g_free);
  g_clear_pointer (&app->submitted_date, g_free);
  g_clear_pointer (&app->reviewed_date, g_free);
  g_clear_pointer (&app->approved_date, g_free);
  g_clear_pointer (&app->review_opinion, g_free);
  g_clear_pointer (&app->approval_opinion, g_free);
  g_free (app->status_date);
  app->status_date = ud_date_format (&today);
  app->created_by = actor ? actor->id : 0;
  app->last_edited_by = app->created_by;
  app->reviewed_by = 0;
  app->approved_by = 0;
  if (app->year == 0)
    app->year = g_date_get_year (&today);
  /* The computation is the reviewer's (a condolence batch sets a provisional one). */
  if (app->type != UD_AID_TYPE_CONDOLENCE)
    {
      app->computed_fen = 0;
      g_clear_pointer (&app->computation, g_free);
      g_clear_pointer (&app->policy_snapshot, g_free);
      g_clear_pointer (&app->policy_date, g_free);
    }

  if (!ud_aid_application_validate (app, error)
      || !get_filed_file (db, app, &file, error)
      || !check_applicant (db, app, file, error))
    return FALSE;

  if (!save_application (db, app, error)
      || !insert_event (db, actor, app, "create", FALSE, app->status, app->requested_fen, NULL,
                        error))
    return FALSE;

  for (guint i = 0; i < app->claims->len; i++)
    {
      UdMedicalClaim *claim = app->claims->pdata[i];

      if (app->type != UD_AID_TYPE_MEDICAL)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "claims",
                              _("Medical claims: only medical relief has them"));
          return FALSE;
        }
      claim->id = 0;
      if (!prepare_claim (db, app, claim, error)
          || !save_claim (db, actor, app, claim, NULL, error))
        return FALSE;
    }

  return record_application_change (db, actor, app, NULL, "create", error);
}

static gboolean
create_func (UdDatabase  *db,
             gpointer     data,
             GError     **error)
{
  CreateArgs *args = data;

  return create_application (db, args->actor, args->app, error);
}

gboolean
ud_aid_store_create (UdDatabase       *db,
                     const UdAccount  *actor,
                     UdAidApplication *app,
                     GError          **error)
{
  CreateArgs args = { actor, app };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (app != NULL && app->id == 0, FALSE);

  if (app->claims == NULL)
    app->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_medical_claim_free);

  if (!check_clerk (db, actor, app->requested_fen != 0 || app->claims->len > 0, error))
    return FALSE;

  if (!ud_database_write (db, "aid_application", create_func, &args, error))
    {
      if (!ud_database_in_transaction (db))
        {
          app->id = 0;
          app->version = 0;
          g_clear_pointer (&app->uuid, g_free);
          g_clear_pointer (&app->number, g_free);
          for (guint i = 0; i < app->claims->len; i++)
            {
              UdMedicalClaim *claim = app->claims->pdata[i];

              claim->id = 0;
              g_clear_pointer (&claim->uuid, g_free);
            }
        }
      return FALSE;
    }
  return TRUE;
}

static gboolean
update_func (UdDatabase  *db,
             gpointer     data,
             GError     **error)
{
  CreateArgs *args = data;
  UdAidApplication *app = args->app;
  g_autoptr(UdAidApplication) old = ud_aid_store_get (db, app->id, error);
  g_autoptr(UdHardshipFile) file = NULL;

  if (old == NULL)
    return FALSE;
  if (old->version != app->version)
    return conflict_error (old, error);
  if (!check_editable (old, error))
    return FALSE;
  if (app->requested_fen != old->requested_fen
      && !ud_guard_check_current (db, args->actor, UD_ACTION_AMOUNT_WRITE, error))
    return FALSE;

  /* The type, the workflow and the computation change only through the steps. */
  app->type = old->type;
  app->status = old->status;
  app->computed_fen = old->computed_fen;
  app->approved_fen = old->approved_fen;
  app->outcome = old->outcome;
  app->granted_months = old->granted_months;
  app->created_by = old->created_by;
  app->reviewed_by = old->reviewed_by;
  app->approved_by = old->approved_by;
  app->last_edited_by = args->actor ? args->actor->id : 0;
#define KEEP(field) \
  G_STMT_START { g_free (app->field); app->field = g_strdup (old->field); } G_STMT_END
  KEEP (uuid);
  KEEP (number);
  KEEP (computation);
  KEEP (policy_snapshot);
  KEEP (policy_date);
  KEEP (status_reason);
  KEEP (status_date);
  KEEP (submitted_date);
  KEEP (reviewed_date);
  KEEP (approved_date);
  KEEP (review_opinion);
  KEEP (approval_opinion);
  KEEP (created_at);
#undef KEEP

  if (!ud_aid_application_validate (app, error)
      || !get_filed_file (db, app, &file, error)
      || !check_applicant (db, app, file, error))
    return FALSE;

  /* Claims must stay in the year. */
  for (guint i = 0; app->type == UD_AID_TYPE_MEDICAL && i < old->claims->len; i++)
    {
      g_autoptr(UdMedicalClaim) claim = ud_medical_claim_copy (old->claims->pdata[i]);

      if (!prepare_claim (db, app, claim, error))
        return FALSE;
    }

  return save_application (db, app, error)
         && record_application_change (db, args->actor, app, old, "update", error);
}

gboolean
ud_aid_store_update (UdDatabase       *db,
                     const UdAccount  *actor,
                     UdAidApplication *app,
                     GError          **error)
{
  CreateArgs args = { actor, app };
  gint64 version;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (app != NULL && app->id > 0, FALSE);

  if (!check_clerk (db, actor, FALSE, error))
    return FALSE;

  version = app->version;
  if (!ud_database_write (db, "aid_application", update_func, &args, error))
    {
      if (!ud_database_in_transaction (db))
        app->version = version;
      return FALSE;
    }
  return TRUE;
}

/* Claims */

typedef struct
{
  const UdAccount *actor;
  gint64           application_id;
  UdMedicalClaim  *claim;
  gint64           claim_id;
} ClaimArgs;

/* The application of a claim change, editable; its last editor becomes the actor. */
static UdAidApplication *
claim_application (UdDatabase       *db,
                   const UdAccount  *actor,
                   gint64            application_id,
                   GError          **error)
{
  g_autoptr(UdAidApplication) app = ud_aid_store_get (db, application_id, error);

  if (app == NULL || !check_editable (app, error))
    return NULL;
  if (app->type != UD_AID_TYPE_MEDICAL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "claims",
                          _("Medical claims: only medical relief has them"));
      return NULL;
    }
  return g_steal_pointer (&app);
}

/* After a claim changed: the application's new version names the last editor. */
static gboolean
touch_application (UdDatabase        *db,
                   const UdAccount   *actor,
                   UdAidApplication  *app,
                   GError           **error)
{
  g_autoptr(UdAidApplication) before = ud_aid_application_copy (app);

  app->last_edited_by = actor ? actor->id : 0;
  return save_application (db, app, error)
         && record_application_change (db, actor, app, before, "update", error);
}

static gboolean
add_claim_func (UdDatabase  *db,
                gpointer     data,
                GError     **error)
{
  ClaimArgs *args = data;
  g_autoptr(UdAidApplication) app = claim_application (db, args->actor, args->application_id,
                                                       error);

  if (app == NULL)
    return FALSE;

  args->claim->id = 0;
  return prepare_claim (db, app, args->claim, error)
         && save_claim (db, args->actor, app, args->claim, NULL, error)
         && touch_application (db, args->actor, app, error);
}

gboolean
ud_aid_store_add_claim (UdDatabase       *db,
                        const UdAccount  *actor,
                        gint64            application_id,
                        UdMedicalClaim   *claim,
                        GError          **error)
{
  ClaimArgs args = { actor, application_id, claim, 0 };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (claim != NULL && claim->id == 0, FALSE);

  if (!check_clerk (db, actor, TRUE, error))
    return FALSE;

  if (!ud_database_write (db, "aid_application", add_claim_func, &args, error))
    {
      if (!ud_database_in_transaction (db))
        {
          claim->id = 0;
          g_clear_pointer (&claim->uuid, g_free);
        }
      return FALSE;
    }
  return TRUE;
}

static gboolean
update_claim_func (UdDatabase  *db,
                   gpointer     data,
                   GError     **error)
{
  ClaimArgs *args = data;
  g_autoptr(UdMedicalClaim) old = get_claim (db, args->claim->id, error);
  g_autoptr(UdAidApplication) app = NULL;

  if (old == NULL)
    return FALSE;
  app = claim_application (db, args->actor, old->application_id, error);
  if (app == NULL)
    return FALSE;
  if (old->version != args->claim->version)
    return conflict_error (app, error);

  g_free (args->claim->uuid);
  args->claim->uuid = g_strdup (old->uuid);
  g_free (args->claim->created_at);
  args->claim->created_at = g_strdup (old->created_at);
  return prepare_claim (db, app, args->claim, error)
         && save_claim (db, args->actor, app, args->claim, old, error)
         && touch_application (db, args->actor, app, error);
}

gboolean
ud_aid_store_update_claim (UdDatabase       *db,
                           const UdAccount  *actor,
                           UdMedicalClaim   *claim,
                           GError          **error)
{
  ClaimArgs args = { actor, 0, claim, 0 };
  gint64 version;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (claim != NULL && claim->id > 0, FALSE);

  if (!check_clerk (db, actor, TRUE, error))
    return FALSE;

  version = claim->version;
  if (!ud_database_write (db, "aid_application", update_claim_func, &args, error))
    {
      if (!ud_database_in_transaction (db))
        claim->version = version;
      return FALSE;
    }
  return TRUE;
}

static gboolean
remove_claim_func (UdDatabase  *db,
                   gpointer     data,
                   GError     **error)
{
  ClaimArgs *args = data;
  g_autoptr(UdMedicalClaim) old = get_claim (db, args->claim_id, error);
  g_autoptr(UdAidApplication) app = NULL;
  g_autoptr(JsonObject) before = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (old == NULL)
    return FALSE;
  app = claim_application (db, args->actor, old->application_id, error);
  if (app == NULL)
    return FALSE;

  stmt = ud_database_prepare (db, "DELETE FROM medical_claim WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, old->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("removing a medical claim"));
      return FALSE;
    }

  before = claim_audit_object (old);
  return ud_audit_append (db, args->actor, "medical_claim", old->uuid, "delete", before, NULL,
                          error)
         && ud_outbox_append (db, "medical_claim", CLAIM_SCHEMA, old->uuid, old->version + 1,
                              "delete", NULL, error)
         && touch_application (db, args->actor, app, error);
}

gboolean
ud_aid_store_remove_claim (UdDatabase       *db,
                           const UdAccount  *actor,
                           gint64            claim_id,
                           GError          **error)
{
  ClaimArgs args = { actor, 0, NULL, claim_id };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (!check_clerk (db, actor, TRUE, error))
    return FALSE;
  return ud_database_write (db, "aid_application", remove_claim_func, &args, error);
}

/* The workflow steps */

typedef enum
{
  STEP_SUBMIT,
  STEP_REVIEW,
  STEP_APPROVE,
  STEP_RETURN,
  STEP_REJECT,
} Step;

typedef enum
{
  WHO_CLERK,
  WHO_REVIEWER,
  WHO_APPROVER,
  WHO_REVIEWER_OR_APPROVER,
  WHO_TREASURER,
} Who;

#define FROM(s) (1u << UD_AID_STATUS_##s)

static const struct
{
  Step        step;
  const char *action;       /* audit and history */
  const char *label;        /* completes "“%s” is not possible from that status" */
  guint       from;
  Who         who;
  gboolean    needs_reason;
} steps[] = {
  { STEP_SUBMIT, "submit", N_("Submit"), FROM (DRAFT) | FROM (RETURNED), WHO_CLERK, FALSE },
  { STEP_REVIEW, "review", N_("Review"), FROM (SUBMITTED), WHO_REVIEWER, FALSE },
  { STEP_APPROVE, "approve", N_("Approve"), FROM (REVIEWED), WHO_APPROVER, FALSE },
  { STEP_RETURN, "return", N_("Return"), FROM (SUBMITTED) | FROM (REVIEWED),
    WHO_REVIEWER_OR_APPROVER, TRUE },
  { STEP_REJECT, "reject", N_("Reject"),
    FROM (DRAFT) | FROM (SUBMITTED) | FROM (REVIEWED) | FROM (RETURNED),
    WHO_REVIEWER_OR_APPROVER, TRUE },
};

typedef struct
{
  Step        step;
  gint64      amount;    /* approve: < 0 for the recommendation */
  const char *reason;
  const char *opinion;
} StepArgs;

static gboolean
check_who (UdDatabase        *db,
           const UdAccount   *actor,
           Who                who,
           UdAidApplication  *app,
           GError           **error)
{
  switch (who)
    {
    case WHO_CLERK:
      return ud_guard_check_current (db, actor, UD_ACTION_HARDSHIP_WRITE, error);
    case WHO_REVIEWER:
      return ud_guard_check_current (db, actor, UD_ACTION_REVIEW, error);
    case WHO_APPROVER:
      return ud_guard_check_approval (db, actor, app->created_by, app->last_edited_by, error);
    case WHO_TREASURER:
      return ud_guard_check_current (db, actor, UD_ACTION_PAY, error);
    case WHO_REVIEWER_OR_APPROVER:
    default:
      return ud_guard_check_current (db, actor, UD_ACTION_REVIEW, NULL)
             || ud_guard_check_current (db, actor, UD_ACTION_APPROVE, error);
    }
}

static void
clear_decision (UdAidApplication *app)
{
  app->computed_fen = 0;
  app->approved_fen = 0;
  app->granted_months = 0;
  app->outcome = UD_AID_OUTCOME_NONE;
  app->reviewed_by = 0;
  g_clear_pointer (&app->computation, g_free);
  g_clear_pointer (&app->policy_snapshot, g_free);
  g_clear_pointer (&app->policy_date, g_free);
  g_clear_pointer (&app->reviewed_date, g_free);
}

static gboolean
check_submittable (UdAidApplication  *app,
                   GError           **error)
{
  if (!ud_aid_application_validate (app, error))
    return FALSE;
  if (app->type == UD_AID_TYPE_MEDICAL && app->claims->len == 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "claims",
                          _("Medical claims: enter at least one hospital stay or bill"));
      return FALSE;
    }
  if (app->type == UD_AID_TYPE_TEMPORARY && app->requested_fen <= 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "requested_fen",
                          _("Requested amount: enter how much temporary relief is asked for"));
      return FALSE;
    }
  return TRUE;
}

/* An approved amount becomes the payout line the treasurer pays: to the applicant, on the
 * household's bank account (a temporary relief without a file has none until the treasurer
 * enters it). */
static gboolean
create_payout (UdDatabase        *db,
               const UdAccount   *actor,
               UdAidApplication  *app,
               GError           **error)
{
  g_autoptr(UdHardshipFile) file = NULL;
  g_autofree char *id_number = NULL;
  sqlite3_stmt *stmt;
  UdPayoutOrigin origin = { 0 };
  gint64 org_id = 0;

  if (app->approved_fen <= 0)
    return TRUE;

  if (app->file_id != 0)
    {
      file = ud_hardship_store_get (db, app->file_id, error);
      if (file == NULL)
        return FALSE;
    }

  stmt = ud_database_prepare (db, "SELECT org_id, id_number FROM member WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, app->member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      org_id = sqlite3_column_int64 (stmt, 0);
      id_number = ud_stmt_dup_text (stmt, 1);
    }
  sqlite3_reset (stmt);

  origin.source = UD_PAYOUT_SOURCE_AID;
  origin.source_id = app->id;
  origin.source_uuid = app->uuid;
  origin.source_number = app->number;
  origin.category = ud_enum_code (&ud_aid_type_info, app->type);
  origin.member_id = app->member_id;
  origin.org_id = file != NULL && file->org_id != 0 ? file->org_id : org_id;
  origin.payee_name = app->member_name;
  origin.payee_id_number = id_number;
  origin.bank_name = file ? file->bank_name : NULL;
  origin.bank_account = file ? file->bank_account : NULL;
  origin.bank_holder = file ? file->bank_holder : NULL;
  origin.amount_fen = app->approved_fen;
  origin.fund_source = app->type == UD_AID_TYPE_CONDOLENCE ? UD_FUND_UNION_FUNDS
                                                           : UD_FUND_CENTRAL_HARDSHIP;
  origin.approved_date = app->approved_date;
  return ud_payout_store_create_for_origin (db, actor, &origin, NULL, error);
}

static gboolean
run_step (UdDatabase       *db,
          const UdAccount  *actor,
          gint64            id,
          const StepArgs   *args,
          GError          **error)
{
  g_autoptr(UdAidApplication) app = ud_aid_store_get (db, id, error);
  g_autoptr(UdAidApplication) before = NULL;
  g_autofree char *reason = g_strstrip (g_strdup (args->reason ? args->reason : ""));
  g_autofree char *opinion = g_strstrip (g_strdup (args->opinion ? args->opinion : ""));
  gint64 event_amount = -1;
  UdAidStatus from;
  GDate today;
  guint i;

  if (app == NULL)
    return FALSE;

  for (i = 0; i < G_N_ELEMENTS (steps) && steps[i].step != args->step; i++)
    ;
  g_assert (i < G_N_ELEMENTS (steps));

  if (!check_who (db, actor, steps[i].who, app, error))
    return FALSE;

  if ((steps[i].from & (1u << app->status)) == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   /* Translators: "Aid application JZ2026-00001 is “Draft”: “Approve” is not
                    * possible from that status" */
                   _("Aid application %s is “%s”: “%s” is not possible from that status"),
                   app->number, ud_enum_label (&ud_aid_status_info, app->status),
                   g_dgettext (GETTEXT_PACKAGE, steps[i].label));
      return FALSE;
    }

  if (steps[i].needs_reason && *reason == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "reason",
                          _("Reason: enter why (it is kept in the application’s history)"));
      return FALSE;
    }

  ud_date_today (&today);
  before = ud_aid_application_copy (app);
  from = app->status;

  switch (args->step)
    {
    case STEP_SUBMIT:
      {
        g_autoptr(UdHardshipFile) file = NULL;

        if (!check_submittable (app, error)
            || !get_filed_file (db, app, &file, error)
            || !check_applicant (db, app, file, error))
          return FALSE;
        g_free (app->submitted_date);
        app->submitted_date = ud_date_format (&today);
        if (app->type != UD_AID_TYPE_CONDOLENCE)
          clear_decision (app);
        app->status = UD_AID_STATUS_SUBMITTED;
      }
      break;

    case STEP_REVIEW:
      {
        g_auto(Decision) decision = { 0 };

        if (!compute_decision (db, app, &decision, error))
          return FALSE;
        app->computed_fen = decision.amount;
        app->approved_fen = decision.amount;
        app->outcome = decision.outcome;
        app->granted_months = decision.granted_months;
        g_free (app->computation);
        app->computation = g_steal_pointer (&decision.computation);
        g_free (app->policy_snapshot);
        app->policy_snapshot = g_steal_pointer (&decision.snapshot);
        g_free (app->policy_date);
        app->policy_date = g_steal_pointer (&decision.policy_date);
        g_free (app->reviewed_date);
        app->reviewed_date = ud_date_format (&today);
        g_free (app->review_opinion);
        app->review_opinion = *opinion ? g_strdup (opinion) : NULL;
        app->reviewed_by = actor ? actor->id : 0;
        app->status = UD_AID_STATUS_REVIEWED;
        event_amount = app->computed_fen;
      }
      break;

    case STEP_APPROVE:
      {
        g_auto(Decision) decision = { 0 };
        gint64 amount = args->amount < 0 ? app->approved_fen : args->amount;

        if (app->outcome == UD_AID_OUTCOME_REFUSED)
          {
            g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                         _("Aid application %s is refused by the rules: reject or return it"),
                         app->number);
            return FALSE;
          }
        if (amount > app->computed_fen)
          {
            g_autofree char *computed = ud_money_format (app->computed_fen);

            ud_set_field_error (error, UD_ERROR_INVALID_MONEY, "approved_fen",
                                _("Approved amount: not more than the computed %s yuan"),
                                computed);
            return FALSE;
          }
        if (amount != app->approved_fen
            && !ud_guard_check_current (db, actor, UD_ACTION_AMOUNT_WRITE, error))
          return FALSE;
        if (amount < app->computed_fen && *reason == '\0')
          {
            ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "reason",
                                _("Reason: enter why the amount is lower than computed"));
            return FALSE;
          }
        /* What was granted meanwhile may have changed this one's sums. */
        if (!compute_decision (db, app, &decision, error))
          return FALSE;
        if (decision.amount != app->computed_fen)
          {
            g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                         _("Aid application %s: aid granted since the review changes its "
                           "amount; review it again"), app->number);
            return FALSE;
          }

        app->approved_fen = amount;
        app->approved_by = actor ? actor->id : 0;
        g_free (app->approved_date);
        app->approved_date = ud_date_format (&today);
        g_free (app->approval_opinion);
        app->approval_opinion = *opinion ? g_strdup (opinion)
                                : *reason ? g_strdup (reason) : NULL;
        app->status = UD_AID_STATUS_APPROVED;
        event_amount = amount;
      }
      break;

    case STEP_RETURN:
      clear_decision (app);
      app->status = UD_AID_STATUS_RETURNED;
      break;

    case STEP_REJECT:
      app->approved_fen = 0;
      app->status = UD_AID_STATUS_REJECTED;
      break;

    default:
      g_assert_not_reached ();
    }

  if (args->step == STEP_RETURN || args->step == STEP_REJECT
      || (args->step == STEP_APPROVE && *reason != '\0'))
    {
      g_free (app->status_reason);
      app->status_reason = *reason ? g_strdup (reason) : NULL;
    }
  else
    g_clear_pointer (&app->status_reason, g_free);
  g_free (app->status_date);
  app->status_date = ud_date_format (&today);

  return save_application (db, app, error)
         && insert_event (db, actor, app, steps[i].action, TRUE, from, event_amount,
                          *reason ? reason : NULL, error)
         && record_application_change (db, actor, app, before, steps[i].action, error)
         && (args->step != STEP_APPROVE || create_payout (db, actor, app, error));
}

typedef struct
{
  const UdAccount *actor;
  gint64           id;
  const StepArgs  *args;
} StepCall;

static gboolean
step_func (UdDatabase  *db,
           gpointer     data,
           GError     **error)
{
  StepCall *call = data;

  return run_step (db, call->actor, call->id, call->args, error);
}

static gboolean
step (UdDatabase       *db,
      const UdAccount  *actor,
      gint64            id,
      const StepArgs   *args,
      GError          **error)
{
  StepCall call = { actor, id, args };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  return ud_database_write (db, "aid_application", step_func, &call, error);
}

gboolean
ud_aid_store_submit (UdDatabase       *db,
                     const UdAccount  *actor,
                     gint64            id,
                     GError          **error)
{
  StepArgs args = { .step = STEP_SUBMIT };

  return step (db, actor, id, &args, error);
}

gboolean
ud_aid_store_review (UdDatabase       *db,
                     const UdAccount  *actor,
                     gint64            id,
                     const char       *opinion,
                     GError          **error)
{
  StepArgs args = { .step = STEP_REVIEW, .opinion = opinion };

  return step (db, actor, id, &args, error);
}

gboolean
ud_aid_store_approve (UdDatabase       *db,
                      const UdAccount  *actor,
                      gint64            id,
                      gint64            approved_fen,
                      const char       *reason,
                      GError          **error)
{
  StepArgs args = { .step = STEP_APPROVE, .amount = approved_fen, .reason = reason };

  return step (db, actor, id, &args, error);
}

gboolean
ud_aid_store_return (UdDatabase       *db,
                     const UdAccount  *actor,
                     gint64            id,
                     const char       *reason,
                     GError          **error)
{
  StepArgs args = { .step = STEP_RETURN, .reason = reason };

  return step (db, actor, id, &args, error);
}

gboolean
ud_aid_store_reject (UdDatabase       *db,
                     const UdAccount  *actor,
                     gint64            id,
                     const char       *reason,
                     GError          **error)
{
  StepArgs args = { .step = STEP_REJECT, .reason = reason };

  return step (db, actor, id, &args, error);
}

gboolean
ud_aid_store_payment_changed (UdDatabase       *db,
                              const UdAccount  *actor,
                              gint64            id,
                              const char       *status,
                              const char       *reason,
                              GError          **error)
{
  g_autoptr(UdAidApplication) app = NULL;
  g_autoptr(UdAidApplication) before = NULL;
  UdAidStatus from;
  int to;
  GDate today;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (ud_database_in_transaction (db), FALSE);

  if (!ud_enum_from_code (&ud_aid_status_info, status, &to)
      || !ud_aid_status_is_granted ((UdAidStatus) to))
    g_return_val_if_reached (FALSE);

  app = ud_aid_store_get (db, id, error);
  if (app == NULL)
    return FALSE;
  if (!ud_aid_status_is_granted (app->status))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("Aid application %s is “%s”: only approved aid is paid"), app->number,
                   ud_enum_label (&ud_aid_status_info, app->status));
      return FALSE;
    }
  if ((int) app->status == to)
    return TRUE;

  before = ud_aid_application_copy (app);
  from = app->status;
  app->status = (UdAidStatus) to;
  g_free (app->status_reason);
  app->status_reason = reason && *reason ? g_strdup (reason) : NULL;
  ud_date_today (&today);
  g_free (app->status_date);
  app->status_date = ud_date_format (&today);

  return save_application (db, app, error)
         && insert_event (db, actor, app, status, TRUE, from, -1, reason, error)
         && record_application_change (db, actor, app, before, status, error);
}

/* Batches */

static GArray *
collect_ids (UdDatabase  *db,
             sqlite3_stmt *stmt,
             GError     **error)
{
  return ud_database_collect_ids (db, stmt, _("reading the aid applications"), error);
}

typedef struct
{
  const UdAccount *actor;
  int              year;
  const char      *batch;
  guint            n_done;
} BatchArgs;

static gboolean
condolence_batch_func (UdDatabase  *db,
                       gpointer     data,
                       GError     **error)
{
  BatchArgs *args = data;
  g_autoptr(GArray) files = NULL;
  sqlite3_stmt *stmt;

  stmt = ud_database_prepare (db,
                              "SELECT f.id FROM hardship_file f"
                              "  JOIN member m ON m.id = f.member_id "
                              "WHERE (f.status = 'active' OR f.status = 'annual_review')"
                              "  AND m.live = 1 AND NOT EXISTS (SELECT 1 FROM aid_application a"
                              "    WHERE a.batch = ?1 AND a.file_id = f.id"
                              "    AND a.type = 'condolence') "
                              "ORDER BY f.id",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, args->batch, -1, SQLITE_STATIC);
  files = collect_ids (db, stmt, error);
  if (files == NULL)
    return FALSE;

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_CONDOLENCE);
      g_auto(Decision) decision = { 0 };

      app->year = args->year;
      app->file_id = g_array_index (files, gint64, i);
      app->batch = g_strdup (args->batch);
      if (!compute_decision (db, app, &decision, error))
        return FALSE;
      app->requested_fen = decision.amount;
      app->computed_fen = decision.amount;
      app->outcome = decision.outcome;
      app->computation = g_steal_pointer (&decision.computation);
      app->policy_snapshot = g_steal_pointer (&decision.snapshot);
      app->policy_date = g_steal_pointer (&decision.policy_date);
      if (!create_application (db, args->actor, app, error))
        return FALSE;
      args->n_done++;
    }
  return TRUE;
}

static gboolean
check_batch_name (const char  *batch,
                  GError     **error)
{
  if (batch == NULL || *batch == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "batch",
                          _("Batch: enter the name of the batch"));
      return FALSE;
    }
  return TRUE;
}

gboolean
ud_aid_store_create_condolence_batch (UdDatabase      *db,
                                      const UdAccount *actor,
                                      int              year,
                                      const char      *batch,
                                      guint           *n_created,
                                      GError         **error)
{
  g_autofree char *name = g_strstrip (g_strdup (batch ? batch : ""));
  BatchArgs args = { actor, year, name, 0 };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (n_created != NULL)
    *n_created = 0;
  if (!check_clerk (db, actor, TRUE, error) || !check_batch_name (name, error))
    return FALSE;
  if (year < 2000 || year > 2999)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "year",
                          _("Year: %d is not a year the aid can be for"), year);
      return FALSE;
    }

  if (!ud_database_write (db, "aid_application", condolence_batch_func, &args, error))
    return FALSE;
  if (n_created != NULL)
    *n_created = args.n_done;
  return TRUE;
}

typedef struct
{
  const UdAccount *actor;
  const char      *batch;
  Step             step;
  guint            n_done;
} BatchStepArgs;

static gboolean
batch_step_func (UdDatabase  *db,
                 gpointer     data,
                 GError     **error)
{
  BatchStepArgs *args = data;
  StepArgs step_args = { .step = args->step };
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;

  stmt = ud_database_prepare (db,
                              "SELECT id FROM aid_application WHERE batch = ?1"
                              "  AND ((?2 = 0 AND (status = 'draft' OR status = 'returned'))"
                              "    OR (?2 = 1 AND status = 'submitted')) "
                              "ORDER BY id",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, args->batch, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, args->step == STEP_SUBMIT ? 0 : 1);
  ids = collect_ids (db, stmt, error);
  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      if (!run_step (db, args->actor, g_array_index (ids, gint64, i), &step_args, error))
        return FALSE;
      args->n_done++;
    }
  return TRUE;
}

static gboolean
batch_step (UdDatabase       *db,
            const UdAccount  *actor,
            const char       *batch,
            Step              which,
            guint            *n_done,
            GError          **error)
{
  BatchStepArgs args = { actor, batch, which, 0 };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (n_done != NULL)
    *n_done = 0;
  if (!check_batch_name (batch, error)
      || !check_who (db, actor, which == STEP_SUBMIT ? WHO_CLERK : WHO_REVIEWER, NULL, error))
    return FALSE;
  if (!ud_database_write (db, "aid_application", batch_step_func, &args, error))
    return FALSE;
  if (n_done != NULL)
    *n_done = args.n_done;
  return TRUE;
}

gboolean
ud_aid_store_submit_batch (UdDatabase      *db,
                           const UdAccount *actor,
                           const char      *batch,
                           guint           *n_submitted,
                           GError         **error)
{
  return batch_step (db, actor, batch, STEP_SUBMIT, n_submitted, error);
}

gboolean
ud_aid_store_review_batch (UdDatabase      *db,
                           const UdAccount *actor,
                           const char      *batch,
                           guint           *n_reviewed,
                           GError         **error)
{
  return batch_step (db, actor, batch, STEP_REVIEW, n_reviewed, error);
}

/* History */

void
ud_aid_event_free (UdAidEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->uuid);
  g_free (event->action);
  g_free (event->event_date);
  g_free (event->account_name);
  g_free (event->reason);
  g_free (event->created_at);
  g_free (event);
}

static UdAidEvent *
event_from_row (sqlite3_stmt *stmt)
{
  UdAidEvent *event = g_new0 (UdAidEvent, 1);

  event->id = sqlite3_column_int64 (stmt, 0);
  event->uuid = ud_stmt_dup_text (stmt, 1);
  event->action = ud_stmt_dup_text (stmt, 2);
  event->from_status = ud_stmt_column_enum (stmt, 3, &ud_aid_status_info);
  event->to_status = ud_stmt_column_enum (stmt, 4, &ud_aid_status_info);
  event->event_date = ud_stmt_dup_text (stmt, 5);
  event->account_id = sqlite3_column_int64 (stmt, 6);
  event->account_name = ud_stmt_dup_text (stmt, 7);
  event->amount_fen = sqlite3_column_type (stmt, 8) == SQLITE_NULL
                      ? -1 : sqlite3_column_int64 (stmt, 8);
  event->reason = ud_stmt_dup_text (stmt, 9);
  event->created_at = ud_stmt_dup_text (stmt, 10);
  return event;
}

GPtrArray *
ud_aid_store_history (UdDatabase  *db,
                      gint64       id,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  stmt = ud_database_prepare (db,
                              "SELECT e.id, e.uuid, e.action, e.from_status, e.to_status,"
                              "  e.event_date, e.account_id, a.display_name, e.amount_fen,"
                              "  e.reason, e.created_at "
                              "FROM aid_event e LEFT JOIN account a ON a.id = e.account_id "
                              "WHERE e.application_id = ?1 ORDER BY e.id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return ud_database_collect (db, stmt, (UdRowFunc) event_from_row,
                              (GDestroyNotify) ud_aid_event_free,
                              _("reading the application’s history"), error);
}

/* Lists */

void
ud_aid_application_row_free (UdAidApplicationRow *row)
{
  if (row == NULL)
    return;

  g_free (row->number);
  g_free (row->member_name);
  g_free (row->member_id_masked);
  g_free (row->file_number);
  g_free (row->batch);
  g_free (row->status_reason);
  g_free (row->updated_at);
  g_free (row);
}

/* " WHERE 1 AND …": only the filters in use, numbered from ?1 in the order bind_filter()
 * binds them. */
static void
append_filter (GString           *sql,
               const UdAidFilter *filter)
{
  int n = 0;

  g_string_append (sql, " WHERE 1");
  if (filter->file_id > 0)
    g_string_append_printf (sql, " AND a.file_id = ?%d", ++n);
  if (filter->member_id > 0)
    g_string_append_printf (sql, " AND a.member_id = ?%d", ++n);
  if (filter->batch != NULL)
    g_string_append_printf (sql, " AND a.batch = ?%d", ++n);
  if (filter->year > 0)
    g_string_append_printf (sql, " AND a.year = ?%d", ++n);
  if (filter->filter_type)
    g_string_append_printf (sql, " AND a.type = ?%d", ++n);
  if (filter->filter_status)
    g_string_append_printf (sql, " AND a.status = ?%d", ++n);
}

static void
bind_filter (sqlite3_stmt      *stmt,
             const UdAidFilter *filter)
{
  int n = 0;

  if (filter->file_id > 0)
    sqlite3_bind_int64 (stmt, ++n, filter->file_id);
  if (filter->member_id > 0)
    sqlite3_bind_int64 (stmt, ++n, filter->member_id);
  if (filter->batch != NULL)
    sqlite3_bind_text (stmt, ++n, filter->batch, -1, SQLITE_TRANSIENT);
  if (filter->year > 0)
    sqlite3_bind_int (stmt, ++n, filter->year);
  if (filter->filter_type)
    sqlite3_bind_text (stmt, ++n, ud_enum_code (&ud_aid_type_info, filter->type), -1,
                       SQLITE_STATIC);
  if (filter->filter_status)
    sqlite3_bind_text (stmt, ++n, ud_enum_code (&ud_aid_status_info, filter->status), -1,
                       SQLITE_STATIC);
}

gboolean
ud_aid_store_count (UdDatabase        *db,
                    const UdAidFilter *filter,
                    guint             *out_count,
                    GError           **error)
{
  static const UdAidFilter any = { 0 };
  g_autoptr(GString) sql = g_string_new ("SELECT count (*) "
                                         "FROM aid_application a"
                                         "  JOIN member m ON m.id = a.member_id");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  if (filter == NULL)
    filter = &any;
  append_filter (sql, filter);
  stmt = ud_database_prepare_built (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, filter);
  return ud_database_read_count (db, stmt, out_count, _("counting the aid applications"), error);
}

static UdAidApplicationRow *
application_row_from_row (sqlite3_stmt *stmt)
{
  UdAidApplicationRow *row = g_new0 (UdAidApplicationRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->number = ud_stmt_dup_text (stmt, 1);
  row->type = ud_stmt_column_enum (stmt, 2, &ud_aid_type_info);
  row->year = sqlite3_column_int (stmt, 3);
  row->member_name = ud_stmt_dup_text (stmt, 4);
  row->member_id_masked = ud_mask_id_number ((const char *) sqlite3_column_text (stmt, 5));
  row->file_id = sqlite3_column_int64 (stmt, 6);
  row->file_number = ud_stmt_dup_text (stmt, 7);
  row->batch = ud_stmt_dup_text (stmt, 8);
  row->requested_fen = sqlite3_column_int64 (stmt, 9);
  row->computed_fen = sqlite3_column_int64 (stmt, 10);
  row->approved_fen = sqlite3_column_int64 (stmt, 11);
  row->status = ud_stmt_column_enum (stmt, 12, &ud_aid_status_info);
  row->status_reason = ud_stmt_dup_text (stmt, 13);
  row->updated_at = ud_stmt_dup_text (stmt, 14);
  return row;
}

GPtrArray *
ud_aid_store_list (UdDatabase        *db,
                   const UdAidFilter *filter,
                   guint              offset,
                   guint              limit,
                   GError           **error)
{
  static const UdAidFilter any = { 0 };
  /* Only the filters in use go into the SQL, so each list uses its index. */
  g_autoptr(GString) sql = g_string_new ("SELECT a.id, a.number, a.type, a.year, m.name,"
                                         "  m.id_number, a.file_id, f.file_number, a.batch,"
                                         "  a.requested_fen, a.computed_fen, a.approved_fen,"
                                         "  a.status, a.status_reason, a.updated_at "
                                         "FROM aid_application a"
                                         "  JOIN member m ON m.id = a.member_id"
                                         "  LEFT JOIN hardship_file f ON f.id = a.file_id");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  if (filter == NULL)
    filter = &any;
  append_filter (sql, filter);
  g_string_append (sql, " ORDER BY a.id DESC" UD_DATABASE_PAGE_SQL);
  stmt = ud_database_prepare_built (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter);
  ud_stmt_bind_page (stmt, offset, limit);
  return ud_database_collect (db, stmt, (UdRowFunc) application_row_from_row,
                              (GDestroyNotify) ud_aid_application_row_free,
                              _("reading the aid applications"), error);
}

/* Payouts for applications approved before there were payouts */

gboolean
ud_aid_store_add_missing_payouts (UdDatabase  *db,
                                  GError     **error)
{
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (ud_database_in_transaction (db), FALSE);

  stmt = ud_database_prepare (db,
                              "SELECT a.id FROM aid_application a WHERE a.granted = 1"
                              "  AND a.approved_fen > 0 AND NOT EXISTS (SELECT 1 FROM payout p"
                              "    WHERE p.aid_application_id = a.id AND p.status <> 'reissued')"
                              " ORDER BY a.id",
                              error);
  if (stmt == NULL)
    return FALSE;
  ids = collect_ids (db, stmt, error);
  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(UdAidApplication) app = ud_aid_store_get (db, g_array_index (ids, gint64, i),
                                                          error);

      if (app == NULL || !create_payout (db, NULL, app, error))
        return FALSE;
      /* Its line waits to be paid: the application is approved, not yet in payment. */
      if (app->status != UD_AID_STATUS_APPROVED
          && !ud_aid_store_payment_changed (db, NULL, app->id, "approved",
                                            _("Payout line made when payouts came in"), error))
        return FALSE;
    }
  return TRUE;
}
