/* ud-hardship-store.c — hardship files in the database: workflow, guards, outbox, audit, queues
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-hardship-store"

#include <string.h>

#include "ud-audit.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-hardship-store.h"
#include "ud-hardship-store-private.h"
#include "ud-i18n.h"
#include "ud-json.h"
#include "ud-mask.h"
#include "ud-member-store.h"
#include "ud-outbox.h"
#include "ud-policy.h"
#include "ud-uuid.h"

#define FILE_SCHEMA 1
#define HOUSEHOLD_SCHEMA 1

void
ud_hardship_store_set_today (const GDate *today)
{
  ud_date_set_today_for_tests (today);
}

#define FILE_SELECT \
  "SELECT f.id, f.uuid, f.version, f.file_number, f.member_id, f.worker_id_number, f.org_id," \
  "  f.region_code, f.proposed_category, f.category, f.category_reason, f.main_cause," \
  "  f.secondary_causes, f.work_status, f.health, f.disability, f.housing," \
  "  f.worker_monthly_income_fen, f.household_size, f.other_income_fen, f.annual_income_fen," \
  "  f.rigid_expenses_fen, f.hardship_costs_fen, f.per_capita_monthly_fen, f.dibao_monthly_fen," \
  "  f.policy_snapshot, f.bank_name, f.bank_account, f.bank_holder, f.documents," \
  "  f.unit_opinion, f.review_opinion, f.approval_opinion, f.review_year, f.status," \
  "  f.status_reason, f.status_date, f.publicity_start, f.publicity_days, f.exit_reason," \
  "  f.filed_date, f.created_by, f.last_edited_by, f.reviewed_by, f.approved_by, f.created_at," \
  "  f.updated_at, m.name, m.uuid, o.name " \
  "FROM hardship_file f JOIN member m ON m.id = f.member_id JOIN org o ON o.id = f.org_id "

static UdHardshipFile *
file_from_row (sqlite3_stmt *stmt)
{
  UdHardshipFile *file = ud_hardship_file_new ();

  file->id = sqlite3_column_int64 (stmt, 0);
  file->uuid = ud_stmt_dup_text (stmt, 1);
  file->version = sqlite3_column_int64 (stmt, 2);
  file->file_number = ud_stmt_dup_text (stmt, 3);
  file->member_id = sqlite3_column_int64 (stmt, 4);
  file->worker_id_number = ud_stmt_dup_text (stmt, 5);
  file->org_id = sqlite3_column_int64 (stmt, 6);
  file->region_code = ud_stmt_dup_text (stmt, 7);
  file->proposed_category = ud_stmt_column_enum (stmt, 8, &ud_hardship_category_info);
  file->category = ud_stmt_column_enum (stmt, 9, &ud_hardship_category_info);
  file->category_reason = ud_stmt_dup_text (stmt, 10);
  file->main_cause = ud_stmt_column_enum (stmt, 11, &ud_hardship_cause_info);
  file->secondary_causes = ud_enum_bits_from_codes (&ud_hardship_cause_info,
                                                    (const char *) sqlite3_column_text (stmt, 12));
  file->work_status = ud_stmt_column_enum (stmt, 13, &ud_work_status_info);
  file->health = ud_stmt_column_enum (stmt, 14, &ud_health_info);
  file->disability = ud_stmt_dup_text (stmt, 15);
  file->housing = ud_stmt_column_enum (stmt, 16, &ud_housing_info);
  file->worker_monthly_income_fen = sqlite3_column_int64 (stmt, 17);
  file->household_size = sqlite3_column_int (stmt, 18);
  file->other_income_fen = sqlite3_column_int64 (stmt, 19);
  file->annual_income_fen = sqlite3_column_int64 (stmt, 20);
  file->rigid_expenses_fen = sqlite3_column_int64 (stmt, 21);
  file->hardship_costs_fen = sqlite3_column_int64 (stmt, 22);
  file->per_capita_monthly_fen = sqlite3_column_int64 (stmt, 23);
  file->dibao_monthly_fen = sqlite3_column_int64 (stmt, 24);
  file->policy_snapshot = ud_stmt_dup_text (stmt, 25);
  file->bank_name = ud_stmt_dup_text (stmt, 26);
  file->bank_account = ud_stmt_dup_text (stmt, 27);
  file->bank_holder = ud_stmt_dup_text (stmt, 28);
  file->documents = ud_enum_bits_from_codes (&ud_hardship_document_info,
                                             (const char *) sqlite3_column_text (stmt, 29));
  file->unit_opinion = ud_stmt_dup_text (stmt, 30);
  file->review_opinion = ud_stmt_dup_text (stmt, 31);
  file->approval_opinion = ud_stmt_dup_text (stmt, 32);
  file->review_year = sqlite3_column_int (stmt, 33);
  file->status = ud_stmt_column_enum (stmt, 34, &ud_hardship_status_info);
  file->status_reason = ud_stmt_dup_text (stmt, 35);
  file->status_date = ud_stmt_dup_text (stmt, 36);
  file->publicity_start = ud_stmt_dup_text (stmt, 37);
  file->publicity_days = sqlite3_column_int (stmt, 38);
  file->exit_reason = ud_stmt_column_enum (stmt, 39, &ud_hardship_exit_reason_info);
  file->filed_date = ud_stmt_dup_text (stmt, 40);
  file->created_by = sqlite3_column_int64 (stmt, 41);
  file->last_edited_by = sqlite3_column_int64 (stmt, 42);
  file->reviewed_by = sqlite3_column_int64 (stmt, 43);
  file->approved_by = sqlite3_column_int64 (stmt, 44);
  file->created_at = ud_stmt_dup_text (stmt, 45);
  file->updated_at = ud_stmt_dup_text (stmt, 46);
  file->worker_name = ud_stmt_dup_text (stmt, 47);
  file->member_uuid = ud_stmt_dup_text (stmt, 48);
  file->org_name = ud_stmt_dup_text (stmt, 49);
  return file;
}

static gboolean
load_household (UdDatabase      *db,
                UdHardshipFile  *file,
                GError         **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT id, uuid, version, name, relation,"
                                            "  id_number, birth_date, health,"
                                            "  monthly_income_fen, school_or_employer "
                                            "FROM household_member WHERE file_id = ?1 "
                                            "ORDER BY position, id",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  g_ptr_array_set_size (file->household, 0);
  sqlite3_bind_int64 (stmt, 1, file->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UdHouseholdMember *person = ud_household_member_new ();

      person->id = sqlite3_column_int64 (stmt, 0);
      person->uuid = ud_stmt_dup_text (stmt, 1);
      person->version = sqlite3_column_int64 (stmt, 2);
      person->name = ud_stmt_dup_text (stmt, 3);
      person->relation = ud_stmt_column_enum (stmt, 4, &ud_relation_info);
      person->id_number = ud_stmt_dup_text (stmt, 5);
      person->birth_date = ud_stmt_dup_text (stmt, 6);
      person->health = ud_stmt_column_enum (stmt, 7, &ud_health_info);
      person->monthly_income_fen = sqlite3_column_int64 (stmt, 8);
      person->school_or_employer = ud_stmt_dup_text (stmt, 9);
      g_ptr_array_add (file->household, person);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the household"));
      return FALSE;
    }
  return TRUE;
}

UdHardshipFile *
ud_hardship_store_get (UdDatabase  *db,
                       gint64       id,
                       GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, FILE_SELECT "WHERE f.id = ?1", error);
  g_autoptr(UdHardshipFile) file = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    file = file_from_row (stmt);
  sqlite3_reset (stmt);

  if (file == NULL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("The hardship file no longer exists"));
      return NULL;
    }

  if (!load_household (db, file, error))
    return NULL;
  return g_steal_pointer (&file);
}

/* The live file other than @except_id holding @id_number; *@as_worker tells how. */
static gint64
find_live_holder (UdDatabase  *db,
                  const char  *id_number,
                  gint64       except_id,
                  gboolean    *as_worker,
                  GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT id, 1 FROM hardship_file"
                                            "  WHERE worker_id_number = ?1 AND live = 1"
                                            "  AND id <> ?2 "
                                            "UNION ALL "
                                            "SELECT f.id, 0 FROM household_member h"
                                            "  JOIN hardship_file f ON f.id = h.file_id"
                                            "  WHERE h.id_number = ?1 AND f.live = 1"
                                            "  AND f.id <> ?2 "
                                            "LIMIT 1",
                                            error);
  gint64 other = 0;
  int rc;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, except_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      other = sqlite3_column_int64 (stmt, 0);
      if (as_worker != NULL)
        *as_worker = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("checking ID numbers in hardship files"));
      return -1;
    }
  return other;
}

UdHardshipFile *
ud_hardship_store_find_live (UdDatabase *db,
                             const char *id_number,
                             GError    **error)
{
  gint64 other;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  if (id_number == NULL)
    return NULL;

  other = find_live_holder (db, id_number, 0, NULL, error);
  return other > 0 ? ud_hardship_store_get (db, other, error) : NULL;
}

static gboolean
check_one_id (UdDatabase  *db,
              const char  *id_number,
              const char  *field,
              const char  *person_name,
              gint64       file_id,
              GError     **error)
{
  g_autoptr(UdHardshipFile) other = NULL;
  g_autofree char *masked = NULL;
  gboolean as_worker = FALSE;
  gint64 other_id;

  if (id_number == NULL)
    return TRUE;

  other_id = find_live_holder (db, id_number, file_id, &as_worker, error);
  if (other_id < 0)
    return FALSE;
  if (other_id == 0)
    return TRUE;

  other = ud_hardship_store_get (db, other_id, error);
  if (other == NULL)
    return FALSE;

  masked = ud_mask_id_number (id_number);
  if (as_worker)
    ud_set_field_error (error, UD_ERROR_DUPLICATE, field,
                        /* Translators: "李娜 (3301**********123X) is already the worker of the
                         * live hardship file KN2026-00003 (王强)" */
                        _("%s (%s) is already the worker of the live hardship file %s (%s)"),
                        person_name, masked, other->file_number, other->worker_name);
  else
    ud_set_field_error (error, UD_ERROR_DUPLICATE, field,
                        _("%s (%s) is already a household member in the live hardship file %s "
                          "(%s)"),
                        person_name, masked, other->file_number, other->worker_name);
  return FALSE;
}

/* No ID number of @file's household is in another live file. */
static gboolean
check_live_ids (UdDatabase      *db,
                UdHardshipFile  *file,
                GError         **error)
{
  if (!check_one_id (db, file->worker_id_number, "member_id", file->worker_name, file->id, error))
    return FALSE;

  for (guint i = 0; i < file->household->len; i++)
    {
      UdHouseholdMember *person = file->household->pdata[i];
      g_autofree char *field = g_strdup_printf ("household[%u].id_number", i);

      if (!check_one_id (db, person->id_number, field, person->name, file->id, error))
        return FALSE;
    }

  return TRUE;
}

/* The worker's name, ID number, union and region, from the member record. */
static gboolean
fill_worker (UdDatabase      *db,
             UdHardshipFile  *file,
             GError         **error)
{
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GError) local = NULL;
  sqlite3_stmt *stmt;

  if (file->member_id <= 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "member_id",
                          _("Worker: choose the member the file is for"));
      return FALSE;
    }

  member = ud_member_store_get (db, file->member_id, &local);
  if (member == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "member_id",
                          _("Worker: the member no longer exists"));
      return FALSE;
    }
  if (!ud_member_status_is_live (member->status))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "member_id",
                          _("Worker: %s is “%s”, not a member any more"), member->name,
                          ud_enum_label (&ud_member_status_info, member->status));
      return FALSE;
    }

  g_free (file->worker_id_number);
  file->worker_id_number = g_strdup (member->id_number);
  g_free (file->worker_name);
  file->worker_name = g_strdup (member->name);
  g_free (file->member_uuid);
  file->member_uuid = g_strdup (member->uuid);
  if (file->org_id <= 0)
    file->org_id = member->org_id;

  if (file->region_code == NULL || *file->region_code == '\0')
    {
      stmt = ud_database_prepare (db, "SELECT ifnull (region_code, '') FROM org WHERE id = ?1",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, file->org_id);
      g_free (file->region_code);
      file->region_code = NULL;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        file->region_code = ud_stmt_dup_text (stmt, 0);
      else
        {
          sqlite3_reset (stmt);
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "org_id",
                              _("Union: the union no longer exists"));
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  if (file->region_code == NULL)
    file->region_code = g_strdup ("");

  return TRUE;
}

/* Validates, then computes the figures and the proposal with the policy in force today. */
static gboolean
prepare_file (UdDatabase      *db,
              UdHardshipFile  *file,
              const GDate     *today,
              GError         **error)
{
  g_autoptr(JsonObject) snapshot = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  gint64 dibao;
  gint64 ratio;

  if (!fill_worker (db, file, error) || !ud_hardship_file_validate (file, today, error))
    return FALSE;

  if (!ud_policy_snapshot_add (db, snapshot, UD_POLICY_DIBAO_MONTHLY, file->region_code, today,
                               &dibao, error)
      || !ud_policy_snapshot_add (db, snapshot, UD_POLICY_ACCIDENT_RATIO, file->region_code,
                                  today, &ratio, error))
    return FALSE;

  ud_hardship_file_compute (file, dibao, ratio);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, snapshot);
  g_free (file->policy_snapshot);
  file->policy_snapshot = ud_json_node_to_string (node);

  return check_live_ids (db, file, error);
}

static char *
next_file_number (UdDatabase  *db,
                  const GDate *today,
                  GError     **error)
{
  g_autofree char *prefix = g_strdup_printf ("KN%04u-", g_date_get_year (today));
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT ifnull (max (CAST (substr (file_number, 8)"
                                            "  AS INTEGER)), 0) FROM hardship_file"
                                            "  WHERE file_number LIKE ?1",
                                            error);

  return stmt ? ud_database_next_number (db, stmt, prefix, 5, error) : NULL;
}

static void
bind_file_fields (sqlite3_stmt   *stmt,
                  UdHardshipFile *file)
{
  sqlite3_bind_int64 (stmt, 1, file->member_id);
  sqlite3_bind_text (stmt, 2, file->worker_id_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, file->org_id);
  sqlite3_bind_text (stmt, 4, file->region_code ? file->region_code : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, ud_enum_code (&ud_hardship_category_info, file->proposed_category),
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ud_enum_code (&ud_hardship_category_info, file->category), -1,
                     SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 7, file->category_reason);
  sqlite3_bind_text (stmt, 8, ud_enum_code (&ud_hardship_cause_info, file->main_cause), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, ud_enum_bits_to_codes (&ud_hardship_cause_info,
                                                     file->secondary_causes), -1, g_free);
  sqlite3_bind_text (stmt, 10, ud_enum_code (&ud_work_status_info, file->work_status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, ud_enum_code (&ud_health_info, file->health), -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 12, file->disability);
  sqlite3_bind_text (stmt, 13, ud_enum_code (&ud_housing_info, file->housing), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 14, file->worker_monthly_income_fen);
  sqlite3_bind_int (stmt, 15, file->household_size);
  sqlite3_bind_int64 (stmt, 16, file->other_income_fen);
  sqlite3_bind_int64 (stmt, 17, file->annual_income_fen);
  sqlite3_bind_int64 (stmt, 18, file->rigid_expenses_fen);
  sqlite3_bind_int64 (stmt, 19, file->hardship_costs_fen);
  sqlite3_bind_int64 (stmt, 20, file->per_capita_monthly_fen);
  sqlite3_bind_int64 (stmt, 21, file->dibao_monthly_fen);
  sqlite3_bind_text (stmt, 22, file->policy_snapshot ? file->policy_snapshot : "{}", -1,
                     SQLITE_TRANSIENT);
  ud_stmt_bind_text_or_null (stmt, 23, file->bank_name);
  ud_stmt_bind_text_or_null (stmt, 24, file->bank_account);
  ud_stmt_bind_text_or_null (stmt, 25, file->bank_holder);
  sqlite3_bind_text (stmt, 26, ud_enum_bits_to_codes (&ud_hardship_document_info,
                                                      file->documents), -1, g_free);
  ud_stmt_bind_text_or_null (stmt, 27, file->unit_opinion);
  ud_stmt_bind_text_or_null (stmt, 28, file->review_opinion);
  ud_stmt_bind_text_or_null (stmt, 29, file->approval_opinion);
  if (file->review_year > 0)
    sqlite3_bind_int (stmt, 30, file->review_year);
  else
    sqlite3_bind_null (stmt, 30);
  sqlite3_bind_text (stmt, 31, ud_enum_code (&ud_hardship_status_info, file->status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 32, ud_hardship_status_is_live (file->status));
  ud_stmt_bind_text_or_null (stmt, 33, file->status_reason);
  ud_stmt_bind_text_or_null (stmt, 34, file->status_date);
  ud_stmt_bind_text_or_null (stmt, 35, file->publicity_start);
  if (file->publicity_start != NULL)
    sqlite3_bind_int (stmt, 36, file->publicity_days);
  else
    sqlite3_bind_null (stmt, 36);
  if (file->exit_reason != UD_HARDSHIP_EXIT_NONE)
    sqlite3_bind_text (stmt, 37, ud_enum_code (&ud_hardship_exit_reason_info, file->exit_reason),
                       -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 37);
  ud_stmt_bind_text_or_null (stmt, 38, file->filed_date);
  ud_stmt_bind_id_or_null (stmt, 39, file->created_by);
  ud_stmt_bind_id_or_null (stmt, 40, file->last_edited_by);
  ud_stmt_bind_id_or_null (stmt, 41, file->reviewed_by);
  ud_stmt_bind_id_or_null (stmt, 42, file->approved_by);
}

static gboolean
constraint_error (UdDatabase      *db,
                  int              rc,
                  UdHardshipFile  *file,
                  GError         **error)
{
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_autofree char *masked = ud_mask_id_number (file->worker_id_number);

      ud_set_field_error (error, UD_ERROR_DUPLICATE, "member_id",
                          _("The ID number %s already has a live hardship file"), masked);
    }
  else
    ud_database_set_error (db, error, _("saving a hardship file"));
  return FALSE;
}

/* Writes the whole row: a new file (sets id, uuid, file number, version 1) or the next version
 * of a stored one. */
static gboolean
save_file (UdDatabase      *db,
           UdHardshipFile  *file,
           const GDate     *today,
           GError         **error)
{
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;
  int rc;

  if (file->id == 0)
    {
      g_autofree char *uuid = ud_uuid_new ();
      g_autofree char *number = next_file_number (db, today, error);

      if (number == NULL)
        return FALSE;

      stmt = ud_database_prepare (db,
                                  "INSERT INTO hardship_file (member_id, worker_id_number,"
                                  "  org_id, region_code, proposed_category, category,"
                                  "  category_reason, main_cause, secondary_causes, work_status,"
                                  "  health, disability, housing, worker_monthly_income_fen,"
                                  "  household_size, other_income_fen, annual_income_fen,"
                                  "  rigid_expenses_fen, hardship_costs_fen,"
                                  "  per_capita_monthly_fen, dibao_monthly_fen, policy_snapshot,"
                                  "  bank_name, bank_account, bank_holder, documents,"
                                  "  unit_opinion, review_opinion, approval_opinion, review_year,"
                                  "  status, live, status_reason, status_date, publicity_start,"
                                  "  publicity_days, exit_reason, filed_date, created_by,"
                                  "  last_edited_by, reviewed_by, approved_by, uuid, file_number,"
                                  "  version, created_at, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                  "  ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
                                  "  ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36,"
                                  "  ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, 1, ?45, ?45)",
                                  error);
      if (stmt == NULL)
        return FALSE;

      bind_file_fields (stmt, file);
      sqlite3_bind_text (stmt, 43, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 44, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 45, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return constraint_error (db, rc, file, error);

      file->id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
      g_free (file->uuid);
      file->uuid = g_steal_pointer (&uuid);
      g_free (file->file_number);
      file->file_number = g_steal_pointer (&number);
      file->version = 1;
      g_free (file->created_at);
      file->created_at = g_strdup (now);
    }
  else
    {
      stmt = ud_database_prepare (db,
                                  "UPDATE hardship_file SET member_id = ?1,"
                                  "  worker_id_number = ?2, org_id = ?3, region_code = ?4,"
                                  "  proposed_category = ?5, category = ?6, category_reason = ?7,"
                                  "  main_cause = ?8, secondary_causes = ?9, work_status = ?10,"
                                  "  health = ?11, disability = ?12, housing = ?13,"
                                  "  worker_monthly_income_fen = ?14, household_size = ?15,"
                                  "  other_income_fen = ?16, annual_income_fen = ?17,"
                                  "  rigid_expenses_fen = ?18, hardship_costs_fen = ?19,"
                                  "  per_capita_monthly_fen = ?20, dibao_monthly_fen = ?21,"
                                  "  policy_snapshot = ?22, bank_name = ?23, bank_account = ?24,"
                                  "  bank_holder = ?25, documents = ?26, unit_opinion = ?27,"
                                  "  review_opinion = ?28, approval_opinion = ?29,"
                                  "  review_year = ?30, status = ?31, live = ?32,"
                                  "  status_reason = ?33, status_date = ?34,"
                                  "  publicity_start = ?35, publicity_days = ?36,"
                                  "  exit_reason = ?37, filed_date = ?38, created_by = ?39,"
                                  "  last_edited_by = ?40, reviewed_by = ?41, approved_by = ?42,"
                                  "  version = version + 1, updated_at = ?43 "
                                  "WHERE id = ?44 AND version = ?45",
                                  error);
      if (stmt == NULL)
        return FALSE;

      bind_file_fields (stmt, file);
      sqlite3_bind_text (stmt, 43, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 44, file->id);
      sqlite3_bind_int64 (stmt, 45, file->version);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return constraint_error (db, rc, file, error);
      if (sqlite3_changes (ud_database_get_handle (db)) != 1)
        {
          g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                       _("Hardship file %s was changed by someone else meanwhile; reopen it and "
                         "try again"), file->file_number);
          return FALSE;
        }
      file->version++;
    }

  g_free (file->updated_at);
  file->updated_at = g_strdup (now);
  return TRUE;
}

static JsonObject *
household_payload (UdHardshipFile    *file,
                   UdHouseholdMember *person)
{
  JsonObject *data = ud_household_member_to_json (person);

  json_object_set_string_member (data, "file_uuid", file->uuid);
  return data;
}

/* Inserts, updates and deletes household rows so the table matches @file->household. */
static gboolean
save_household (UdDatabase      *db,
                UdHardshipFile  *file,
                GPtrArray       *old_household,
                GError         **error)
{
  g_autofree char *now = ud_timestamp_now ();

  for (guint i = 0; old_household != NULL && i < old_household->len; i++)
    {
      UdHouseholdMember *old = old_household->pdata[i];
      gboolean kept = FALSE;
      sqlite3_stmt *stmt;

      for (guint j = 0; j < file->household->len && !kept; j++)
        kept = g_strcmp0 (((UdHouseholdMember *) file->household->pdata[j])->uuid,
                          old->uuid) == 0;
      if (kept)
        continue;

      stmt = ud_database_prepare (db, "DELETE FROM household_member WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, old->id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          ud_database_set_error (db, error, _("saving the household"));
          return FALSE;
        }
      sqlite3_reset (stmt);
      if (!ud_outbox_append (db, "household_member", HOUSEHOLD_SCHEMA, old->uuid,
                             old->version + 1, "delete", NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < file->household->len; i++)
    {
      UdHouseholdMember *person = file->household->pdata[i];
      UdHouseholdMember *old = NULL;
      g_autoptr(JsonObject) data = NULL;
      sqlite3_stmt *stmt;
      int rc;

      for (guint j = 0; person->uuid != NULL && old_household != NULL
                        && j < old_household->len; j++)
        if (g_strcmp0 (((UdHouseholdMember *) old_household->pdata[j])->uuid, person->uuid) == 0)
          old = old_household->pdata[j];

      if (old != NULL)
        {
          g_autoptr(JsonObject) a = ud_household_member_to_json (old);
          g_autoptr(JsonObject) b = NULL;
          g_autoptr(JsonNode) na = json_node_new (JSON_NODE_OBJECT);
          g_autoptr(JsonNode) nb = json_node_new (JSON_NODE_OBJECT);

          person->id = old->id;
          person->version = old->version;
          b = ud_household_member_to_json (person);
          json_node_set_object (na, a);
          json_node_set_object (nb, b);
          if (json_node_equal (na, nb))
            {
              stmt = ud_database_prepare (db,
                                          "UPDATE household_member SET position = ?1"
                                          "  WHERE id = ?2",
                                          error);
              if (stmt == NULL)
                return FALSE;
              sqlite3_bind_int (stmt, 1, (int) i);
              sqlite3_bind_int64 (stmt, 2, person->id);
              rc = sqlite3_step (stmt);
              sqlite3_reset (stmt);
              if (rc != SQLITE_DONE)
                {
                  ud_database_set_error (db, error, _("saving the household"));
                  return FALSE;
                }
              continue;
            }

          stmt = ud_database_prepare (db,
                                      "UPDATE household_member SET position = ?1, name = ?2,"
                                      "  relation = ?3, id_number = ?4, birth_date = ?5,"
                                      "  health = ?6, monthly_income_fen = ?7,"
                                      "  school_or_employer = ?8, updated_at = ?9,"
                                      "  version = version + 1 "
                                      "WHERE id = ?10",
                                      error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 10, person->id);
          person->version++;
        }
      else
        {
          g_free (person->uuid);
          person->uuid = ud_uuid_new ();
          person->version = 1;
          stmt = ud_database_prepare (db,
                                      "INSERT INTO household_member (position, name, relation,"
                                      "  id_number, birth_date, health, monthly_income_fen,"
                                      "  school_or_employer, updated_at, created_at, uuid,"
                                      "  file_id, version) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11,"
                                      "  1)",
                                      error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 10, person->uuid, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 11, file->id);
        }

      sqlite3_bind_int (stmt, 1, (int) i);
      sqlite3_bind_text (stmt, 2, person->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, ud_enum_code (&ud_relation_info, person->relation), -1,
                         SQLITE_STATIC);
      ud_stmt_bind_text_or_null (stmt, 4, person->id_number);
      ud_stmt_bind_text_or_null (stmt, 5, person->birth_date);
      sqlite3_bind_text (stmt, 6, ud_enum_code (&ud_health_info, person->health), -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, person->monthly_income_fen);
      ud_stmt_bind_text_or_null (stmt, 8, person->school_or_employer);
      sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ud_database_set_error (db, error, _("saving the household"));
          return FALSE;
        }
      if (old == NULL)
        person->id = sqlite3_last_insert_rowid (ud_database_get_handle (db));

      data = household_payload (file, person);
      if (!ud_outbox_append (db, "household_member", HOUSEHOLD_SCHEMA, person->uuid,
                             person->version, "upsert", data, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_event (UdDatabase       *db,
              const UdAccount  *actor,
              UdHardshipFile   *file,
              const char       *action,
              gboolean          has_from,
              UdHardshipStatus  from_status,
              const GDate      *today,
              const char       *reason,
              GError          **error)
{
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *date = ud_date_format (today);
  sqlite3_stmt *stmt;
  int rc;

  stmt = ud_database_prepare (db,
                              "INSERT INTO hardship_file_event (uuid, file_id, action,"
                              "  from_status, to_status, event_date, account_id, reason,"
                              "  created_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, file->id);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  if (has_from)
    sqlite3_bind_text (stmt, 4, ud_enum_code (&ud_hardship_status_info, from_status), -1,
                       SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, ud_enum_code (&ud_hardship_status_info, file->status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, date, -1, SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 7, actor ? actor->id : 0);
  ud_stmt_bind_text_or_null (stmt, 8, reason);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving the file’s history"));
      return FALSE;
    }
  return TRUE;
}

/* The file as synced: the record, references by uuid and its status history. */
static JsonObject *
file_payload (UdDatabase     *db,
              UdHardshipFile *file)
{
  JsonObject *data = ud_hardship_file_to_json (file);
  JsonArray *history = json_array_new ();
  sqlite3_stmt *stmt;

  json_object_set_string_member (data, "member_uuid", file->member_uuid);
  stmt = ud_database_prepare (db, "SELECT uuid FROM org WHERE id = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, file->org_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        json_object_set_string_member (data, "org_uuid",
                                       (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }

  stmt = ud_database_prepare (db,
                              "SELECT e.uuid, e.action, e.from_status, e.to_status,"
                              "  e.event_date, a.uuid, e.reason, e.created_at "
                              "FROM hardship_file_event e LEFT JOIN account a"
                              "  ON a.id = e.account_id "
                              "WHERE e.file_id = ?1 ORDER BY e.id",
                              NULL);
  if (stmt != NULL)
    {
      static const char *const keys[] = {
        "uuid", "action", "from_status", "to_status", "event_date", "account_uuid", "reason",
        "created_at",
      };

      sqlite3_bind_int64 (stmt, 1, file->id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          JsonObject *event = json_object_new ();

          for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
            json_object_set_string_member (event, keys[i],
                                           (const char *) sqlite3_column_text (stmt, (int) i));
          json_array_add_object_element (history, event);
        }
      sqlite3_reset (stmt);
    }
  json_object_set_array_member (data, "history", history);
  return data;
}

static JsonObject *
audit_object (UdHardshipFile *file)
{
  JsonObject *data = ud_hardship_file_to_json (file);
  JsonArray *household = json_array_new ();

  json_object_remove_member (data, "updated_at");
  json_object_remove_member (data, "version");
  for (guint i = 0; i < file->household->len; i++)
    {
      JsonObject *person = ud_household_member_to_json (file->household->pdata[i]);

      json_object_remove_member (person, "version");
      json_array_add_object_element (household, person);
    }
  json_object_set_array_member (data, "household", household);
  return data;
}

static gboolean
record_change (UdDatabase      *db,
               const UdAccount *actor,
               UdHardshipFile  *file,
               UdHardshipFile  *before,
               const char      *action,
               GError         **error)
{
  g_autoptr(JsonObject) after = audit_object (file);
  g_autoptr(JsonObject) old = before ? audit_object (before) : NULL;
  g_autoptr(JsonObject) data = NULL;

  if (!ud_audit_append (db, actor, "hardship_file", file->uuid, action, old, after, error))
    return FALSE;

  data = file_payload (db, file);
  return ud_outbox_append (db, "hardship_file", FILE_SCHEMA, file->uuid, file->version, "upsert",
                           data, error);
}

static gboolean
create_file (UdDatabase      *db,
             const UdAccount *actor,
             UdHardshipFile  *file,
             GError         **error)
{
  GDate today;

  ud_date_today (&today);
  file->status = UD_HARDSHIP_STATUS_DRAFT;
  file->category = UD_HARDSHIP_CATEGORY_NONE;
  file->exit_reason = UD_HARDSHIP_EXIT_NONE;
  file->review_year = 0;
  g_clear_pointer (&file->publicity_start, g_free);
  g_clear_pointer (&file->status_reason, g_free);
  g_clear_pointer (&file->filed_date, g_free);
  g_clear_pointer (&file->review_opinion, g_free);
  g_clear_pointer (&file->approval_opinion, g_free);
  g_free (file->status_date);
  file->status_date = ud_date_format (&today);
  file->created_by = actor ? actor->id : 0;
  file->last_edited_by = file->created_by;
  file->reviewed_by = 0;
  file->approved_by = 0;

  if (!prepare_file (db, file, &today, error))
    return FALSE;

  return save_file (db, file, &today, error)
         && save_household (db, file, NULL, error)
         && insert_event (db, actor, file, "create", FALSE, file->status, &today, NULL, error)
         && record_change (db, actor, file, NULL, "create", error);
}

gboolean
ud_hardship_store_create (UdDatabase      *db,
                          const UdAccount *actor,
                          UdHardshipFile  *file,
                          GError         **error)
{
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (file != NULL && file->id == 0, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_HARDSHIP_WRITE, error))
    return FALSE;

  if (file->household == NULL)
    file->household = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_household_member_free);

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = create_file (db, actor, file, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    {
      if (owned)
        {
          file->id = 0;
          file->version = 0;
          g_clear_pointer (&file->uuid, g_free);
          g_clear_pointer (&file->file_number, g_free);
          for (guint i = 0; i < file->household->len; i++)
            {
              UdHouseholdMember *person = file->household->pdata[i];

              person->id = 0;
              g_clear_pointer (&person->uuid, g_free);
            }
        }
      return FALSE;
    }

  if (owned)
    ud_database_notify_changed (db, "hardship_file");
  return TRUE;
}

static gboolean
update_file (UdDatabase      *db,
             const UdAccount *actor,
             UdHardshipFile  *file,
             GError         **error)
{
  g_autoptr(UdHardshipFile) old = ud_hardship_store_get (db, file->id, error);
  GDate today;

  if (old == NULL)
    return FALSE;

  if (old->version != file->version)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("Hardship file %s was changed by someone else meanwhile; reopen it and try "
                     "again"), old->file_number);
      return FALSE;
    }

  if (old->status != UD_HARDSHIP_STATUS_DRAFT && old->status != UD_HARDSHIP_STATUS_RETURNED
      && old->status != UD_HARDSHIP_STATUS_ANNUAL_REVIEW)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("Hardship file %s is “%s”: it can be changed only as a draft, when "
                     "returned or in annual review"), old->file_number,
                   ud_enum_label (&ud_hardship_status_info, old->status));
      return FALSE;
    }

  /* The workflow fields change only through the steps below. */
  file->status = old->status;
  file->category = old->category;
  file->review_year = old->review_year;
  file->exit_reason = old->exit_reason;
  file->publicity_days = old->publicity_days;
  file->created_by = old->created_by;
  file->reviewed_by = old->reviewed_by;
  file->approved_by = old->approved_by;
  file->last_edited_by = actor ? actor->id : 0;
#define KEEP(field) \
  G_STMT_START { g_free (file->field); file->field = g_strdup (old->field); } G_STMT_END
  KEEP (file_number);
  KEEP (uuid);
  KEEP (status_reason);
  KEEP (status_date);
  KEEP (publicity_start);
  KEEP (filed_date);
  KEEP (review_opinion);
  KEEP (approval_opinion);
  KEEP (created_at);
#undef KEEP
  if (old->status != UD_HARDSHIP_STATUS_ANNUAL_REVIEW)
    {
      g_free (file->category_reason);
      file->category_reason = g_strdup (old->category_reason);
    }

  ud_date_today (&today);
  if (!prepare_file (db, file, &today, error))
    return FALSE;

  return save_file (db, file, &today, error)
         && save_household (db, file, old->household, error)
         && record_change (db, actor, file, old, "update", error);
}

gboolean
ud_hardship_store_update (UdDatabase      *db,
                          const UdAccount *actor,
                          UdHardshipFile  *file,
                          GError         **error)
{
  g_autoptr(UdHardshipFile) saved = NULL;
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (file != NULL && file->id > 0, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_HARDSHIP_WRITE, error))
    return FALSE;

  if (file->household == NULL)
    file->household = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_household_member_free);

  saved = ud_hardship_file_copy (file);
  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = update_file (db, actor, file, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    {
      if (owned)
        {
          /* Nothing was saved: give the caller back what they had. */
          file->version = saved->version;
          g_ptr_array_set_size (file->household, 0);
          for (guint i = 0; i < saved->household->len; i++)
            g_ptr_array_add (file->household,
                             ud_household_member_copy (saved->household->pdata[i]));
        }
      return FALSE;
    }

  if (owned)
    ud_database_notify_changed (db, "hardship_file");
  return TRUE;
}

gboolean
ud_hardship_file_publicity_end (const UdHardshipFile *file,
                                GDate                *out)
{
  g_return_val_if_fail (file != NULL && out != NULL, FALSE);

  if (file->publicity_start == NULL
      || !ud_date_parse (file->publicity_start, "publicity_start", out, NULL))
    return FALSE;

  g_date_add_days (out, (guint) MAX (file->publicity_days, 0));
  return TRUE;
}

/* The workflow steps. */
typedef enum
{
  STEP_SUBMIT,
  STEP_VERIFY,
  STEP_PUBLICISE,
  STEP_REVIEW,
  STEP_APPROVE,
  STEP_RETURN,
  STEP_REJECT,
  STEP_ANNUAL_START,
  STEP_ANNUAL_CONCLUDE,
  STEP_EXIT,
  STEP_REOPEN,
} Step;

typedef enum
{
  WHO_CLERK,
  WHO_REVIEWER,
  WHO_APPROVER,
  WHO_REVIEWER_OR_APPROVER,
} Who;

#define FROM(s) (1u << UD_HARDSHIP_STATUS_##s)

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
  { STEP_VERIFY, "verify", N_("Start verification"), FROM (SUBMITTED), WHO_REVIEWER, FALSE },
  { STEP_PUBLICISE, "publicise", N_("Publicise"), FROM (VERIFYING), WHO_REVIEWER, FALSE },
  { STEP_REVIEW, "review", N_("Review"), FROM (PUBLICISED), WHO_REVIEWER, FALSE },
  { STEP_APPROVE, "approve", N_("Approve and file"), FROM (REVIEWED), WHO_APPROVER, FALSE },
  { STEP_RETURN, "return", N_("Return"),
    FROM (SUBMITTED) | FROM (VERIFYING) | FROM (PUBLICISED) | FROM (REVIEWED)
    | FROM (ANNUAL_REVIEW), WHO_REVIEWER_OR_APPROVER, TRUE },
  { STEP_REJECT, "reject", N_("Reject"),
    FROM (DRAFT) | FROM (SUBMITTED) | FROM (VERIFYING) | FROM (PUBLICISED) | FROM (REVIEWED)
    | FROM (RETURNED), WHO_REVIEWER_OR_APPROVER, TRUE },
  { STEP_ANNUAL_START, "annual_review", N_("Start the annual review"), FROM (ACTIVE), WHO_CLERK,
    FALSE },
  { STEP_ANNUAL_CONCLUDE, "conclude_review", N_("Conclude the annual review"),
    FROM (ANNUAL_REVIEW), WHO_REVIEWER, FALSE },
  { STEP_EXIT, "exit", N_("Exit"), FROM (ACTIVE) | FROM (ANNUAL_REVIEW), WHO_REVIEWER, TRUE },
  { STEP_REOPEN, "reopen", N_("Reopen"), FROM (EXITED), WHO_CLERK, TRUE },
};

typedef struct
{
  Step                   step;
  const char            *start;        /* publicise */
  UdHardshipCategory     category;     /* review, conclude */
  UdAnnualReviewOutcome  outcome;      /* conclude */
  UdHardshipExitReason   exit_reason;  /* exit, conclude */
  const char            *reason;
  const char            *opinion;
} StepArgs;

static gboolean
check_who (UdDatabase      *db,
           const UdAccount *actor,
           Who              who,
           UdHardshipFile  *file,
           GError         **error)
{
  switch (who)
    {
    case WHO_CLERK:
      return ud_guard_check_current (db, actor, UD_ACTION_HARDSHIP_WRITE, error);
    case WHO_REVIEWER:
      return ud_guard_check_current (db, actor, UD_ACTION_REVIEW, error);
    case WHO_APPROVER:
      return ud_guard_check_approval (db, actor, file->created_by, file->last_edited_by, error);
    case WHO_REVIEWER_OR_APPROVER:
    default:
      return ud_guard_check_current (db, actor, UD_ACTION_REVIEW, NULL)
             || ud_guard_check_current (db, actor, UD_ACTION_APPROVE, error);
    }
}

static gboolean
run_step (UdDatabase      *db,
          const UdAccount *actor,
          gint64           file_id,
          const StepArgs  *args,
          GError         **error)
{
  g_autoptr(UdHardshipFile) file = ud_hardship_store_get (db, file_id, error);
  g_autoptr(UdHardshipFile) before = NULL;
  g_autofree char *reason = g_strstrip (g_strdup (args->reason ? args->reason : ""));
  g_autofree char *opinion = g_strstrip (g_strdup (args->opinion ? args->opinion : ""));
  UdHardshipStatus from;
  GDate today;
  guint i;

  if (file == NULL)
    return FALSE;

  for (i = 0; i < G_N_ELEMENTS (steps) && steps[i].step != args->step; i++)
    ;
  g_assert (i < G_N_ELEMENTS (steps));

  if (!check_who (db, actor, steps[i].who, file, error))
    return FALSE;

  if ((steps[i].from & (1u << file->status)) == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   /* Translators: "Hardship file KN2026-00001 is “Draft”: “File” is not possible
                    * from that status" */
                   _("Hardship file %s is “%s”: “%s” is not possible from that status"),
                   file->file_number, ud_enum_label (&ud_hardship_status_info, file->status),
                   g_dgettext (GETTEXT_PACKAGE, steps[i].label));
      return FALSE;
    }

  if ((steps[i].needs_reason
       || (args->step == STEP_ANNUAL_CONCLUDE && args->outcome != UD_ANNUAL_REVIEW_KEEP))
      && *reason == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "reason",
                          _("Reason: enter why (it is kept in the file’s history)"));
      return FALSE;
    }

  ud_date_today (&today);
  before = ud_hardship_file_copy (file);
  from = file->status;

  switch (args->step)
    {
    case STEP_SUBMIT:
      {
        /* Recheck: a returned file may have been waiting while its IDs went elsewhere. */
        if (!prepare_file (db, file, &today, error))
          return FALSE;
        file->status = UD_HARDSHIP_STATUS_SUBMITTED;
        if (*opinion != '\0')
          {
            g_free (file->unit_opinion);
            file->unit_opinion = g_strdup (opinion);
          }
      }
      break;

    case STEP_VERIFY:
      file->status = UD_HARDSHIP_STATUS_VERIFYING;
      break;

    case STEP_PUBLICISE:
      {
        g_autoptr(JsonNode) node = NULL;
        g_autoptr(JsonObject) snapshot = NULL;
        GDate start = today;
        gint64 days;

        if (args->start != NULL && *args->start != '\0'
            && !ud_date_parse (args->start, _("Publicity start"), &start, error))
          return FALSE;

        node = file->policy_snapshot ? json_from_string (file->policy_snapshot, NULL) : NULL;
        if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
          snapshot = json_object_ref (json_node_get_object (node));
        else
          snapshot = json_object_new ();

        if (!ud_policy_snapshot_add (db, snapshot, UD_POLICY_PUBLICITY_DAYS, file->region_code,
                                     &start, &days, error))
          return FALSE;

        g_clear_pointer (&node, json_node_unref);
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_set_object (node, snapshot);
        g_free (file->policy_snapshot);
        file->policy_snapshot = ud_json_node_to_string (node);
        g_free (file->publicity_start);
        file->publicity_start = ud_date_format (&start);
        file->publicity_days = (int) days;
        file->status = UD_HARDSHIP_STATUS_PUBLICISED;
      }
      break;

    case STEP_REVIEW:
      {
        GDate end;

        g_date_clear (&end, 1);
        if (!ud_hardship_file_publicity_end (file, &end) || g_date_compare (&today, &end) < 0)
          {
            g_autofree char *end_text = g_date_valid (&end) ? ud_date_format (&end) : NULL;

            g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                         _("Hardship file %s is in publicity until the end of the period: it can "
                           "be reviewed from %s"), file->file_number, end_text ? end_text : "?");
            return FALSE;
          }
        if (args->category == UD_HARDSHIP_CATEGORY_NONE
            || (guint) args->category >= ud_hardship_category_info.n_values)
          {
            ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "category",
                                _("Category: choose a hardship category, or reject the file"));
            return FALSE;
          }
        if (args->category != file->proposed_category && *reason == '\0')
          {
            ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "category_reason",
                                _("Category: the rule proposes “%s”; enter why the file is “%s”"),
                                ud_enum_label (&ud_hardship_category_info,
                                               file->proposed_category),
                                ud_enum_label (&ud_hardship_category_info, args->category));
            return FALSE;
          }
        file->category = args->category;
        g_free (file->category_reason);
        file->category_reason = args->category != file->proposed_category ? g_strdup (reason)
                                                                           : NULL;
        if (*opinion != '\0')
          {
            g_free (file->review_opinion);
            file->review_opinion = g_strdup (opinion);
          }
        file->reviewed_by = actor ? actor->id : 0;
        file->status = UD_HARDSHIP_STATUS_REVIEWED;
      }
      break;

    case STEP_APPROVE:
      file->status = UD_HARDSHIP_STATUS_ACTIVE;
      file->approved_by = actor ? actor->id : 0;
      file->review_year = g_date_get_year (&today);
      g_free (file->filed_date);
      file->filed_date = ud_date_format (&today);
      if (*opinion != '\0')
        {
          g_free (file->approval_opinion);
          file->approval_opinion = g_strdup (opinion);
        }
      break;

    case STEP_RETURN:
      file->status = UD_HARDSHIP_STATUS_RETURNED;
      break;

    case STEP_REJECT:
      file->status = UD_HARDSHIP_STATUS_REJECTED;
      break;

    case STEP_ANNUAL_START:
      file->status = UD_HARDSHIP_STATUS_ANNUAL_REVIEW;
      break;

    case STEP_ANNUAL_CONCLUDE:
      file->review_year = g_date_get_year (&today);
      file->reviewed_by = actor ? actor->id : 0;
      if (args->outcome == UD_ANNUAL_REVIEW_EXIT)
        {
          if (args->exit_reason == UD_HARDSHIP_EXIT_NONE
              || (guint) args->exit_reason >= ud_hardship_exit_reason_info.n_values)
            {
              ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "exit_reason",
                                  _("Exit reason: choose why the household leaves"));
              return FALSE;
            }
          file->exit_reason = args->exit_reason;
          file->status = UD_HARDSHIP_STATUS_EXITED;
        }
      else
        {
          if (args->outcome == UD_ANNUAL_REVIEW_RECLASSIFY)
            {
              if (args->category == UD_HARDSHIP_CATEGORY_NONE
                  || (guint) args->category >= ud_hardship_category_info.n_values
                  || args->category == file->category)
                {
                  ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "category",
                                      _("Category: choose the new hardship category"));
                  return FALSE;
                }
              file->category = args->category;
              g_free (file->category_reason);
              file->category_reason = g_strdup (reason);
            }
          file->status = UD_HARDSHIP_STATUS_ACTIVE;
        }
      break;

    case STEP_EXIT:
      if (args->exit_reason == UD_HARDSHIP_EXIT_NONE
          || (guint) args->exit_reason >= ud_hardship_exit_reason_info.n_values)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "exit_reason",
                              _("Exit reason: choose why the household leaves"));
          return FALSE;
        }
      file->exit_reason = args->exit_reason;
      file->status = UD_HARDSHIP_STATUS_EXITED;
      break;

    case STEP_REOPEN:
      file->status = UD_HARDSHIP_STATUS_DRAFT;
      file->exit_reason = UD_HARDSHIP_EXIT_NONE;
      file->category = UD_HARDSHIP_CATEGORY_NONE;
      g_clear_pointer (&file->category_reason, g_free);
      g_clear_pointer (&file->publicity_start, g_free);
      g_clear_pointer (&file->filed_date, g_free);
      file->reviewed_by = 0;
      file->approved_by = 0;
      file->last_edited_by = actor ? actor->id : 0;
      if (!check_live_ids (db, file, error))
        return FALSE;
      break;

    default:
      g_assert_not_reached ();
    }

  if (args->step == STEP_RETURN || args->step == STEP_REJECT || args->step == STEP_EXIT
      || args->step == STEP_REOPEN || args->step == STEP_ANNUAL_CONCLUDE)
    {
      g_free (file->status_reason);
      file->status_reason = *reason ? g_strdup (reason) : NULL;
    }
  else
    g_clear_pointer (&file->status_reason, g_free);
  g_free (file->status_date);
  file->status_date = ud_date_format (&today);

  return save_file (db, file, &today, error)
         && insert_event (db, actor, file, steps[i].action, TRUE, from, &today,
                          *reason ? reason : NULL, error)
         && record_change (db, actor, file, before, steps[i].action, error);
}

static gboolean
step (UdDatabase      *db,
      const UdAccount *actor,
      gint64           file_id,
      const StepArgs  *args,
      GError         **error)
{
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = run_step (db, actor, file_id, args, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    return FALSE;

  if (owned)
    ud_database_notify_changed (db, "hardship_file");
  return TRUE;
}

gboolean
ud_hardship_store_submit (UdDatabase      *db,
                          const UdAccount *actor,
                          gint64           file_id,
                          const char      *opinion,
                          GError         **error)
{
  StepArgs args = { .step = STEP_SUBMIT, .opinion = opinion };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_start_verification (UdDatabase      *db,
                                      const UdAccount *actor,
                                      gint64           file_id,
                                      GError         **error)
{
  StepArgs args = { .step = STEP_VERIFY };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_publicise (UdDatabase      *db,
                             const UdAccount *actor,
                             gint64           file_id,
                             const char      *start,
                             GError         **error)
{
  StepArgs args = { .step = STEP_PUBLICISE, .start = start };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_review (UdDatabase         *db,
                          const UdAccount    *actor,
                          gint64              file_id,
                          UdHardshipCategory  category,
                          const char         *reason,
                          const char         *opinion,
                          GError            **error)
{
  StepArgs args = { .step = STEP_REVIEW, .category = category, .reason = reason,
                    .opinion = opinion };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_approve (UdDatabase      *db,
                           const UdAccount *actor,
                           gint64           file_id,
                           const char      *opinion,
                           GError         **error)
{
  StepArgs args = { .step = STEP_APPROVE, .opinion = opinion };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_return (UdDatabase      *db,
                          const UdAccount *actor,
                          gint64           file_id,
                          const char      *reason,
                          GError         **error)
{
  StepArgs args = { .step = STEP_RETURN, .reason = reason };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_reject (UdDatabase      *db,
                          const UdAccount *actor,
                          gint64           file_id,
                          const char      *reason,
                          GError         **error)
{
  StepArgs args = { .step = STEP_REJECT, .reason = reason };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_start_annual_review (UdDatabase      *db,
                                       const UdAccount *actor,
                                       gint64           file_id,
                                       GError         **error)
{
  StepArgs args = { .step = STEP_ANNUAL_START };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_conclude_annual_review (UdDatabase            *db,
                                          const UdAccount       *actor,
                                          gint64                 file_id,
                                          UdAnnualReviewOutcome  outcome,
                                          UdHardshipCategory     category,
                                          UdHardshipExitReason   exit_reason,
                                          const char            *reason,
                                          GError               **error)
{
  StepArgs args = { .step = STEP_ANNUAL_CONCLUDE, .outcome = outcome, .category = category,
                    .exit_reason = exit_reason, .reason = reason };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_exit (UdDatabase           *db,
                        const UdAccount      *actor,
                        gint64                file_id,
                        UdHardshipExitReason  exit_reason,
                        const char           *reason,
                        GError              **error)
{
  StepArgs args = { .step = STEP_EXIT, .exit_reason = exit_reason, .reason = reason };

  return step (db, actor, file_id, &args, error);
}

gboolean
ud_hardship_store_reopen (UdDatabase      *db,
                          const UdAccount *actor,
                          gint64           file_id,
                          const char      *reason,
                          GError         **error)
{
  StepArgs args = { .step = STEP_REOPEN, .reason = reason };

  return step (db, actor, file_id, &args, error);
}

void
ud_hardship_event_free (UdHardshipEvent *event)
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

static UdHardshipEvent *
event_from_row (sqlite3_stmt *stmt)
{
  UdHardshipEvent *event = g_new0 (UdHardshipEvent, 1);

  event->id = sqlite3_column_int64 (stmt, 0);
  event->uuid = ud_stmt_dup_text (stmt, 1);
  event->action = ud_stmt_dup_text (stmt, 2);
  event->from_status = ud_stmt_column_enum (stmt, 3, &ud_hardship_status_info);
  event->to_status = ud_stmt_column_enum (stmt, 4, &ud_hardship_status_info);
  event->event_date = ud_stmt_dup_text (stmt, 5);
  event->account_id = sqlite3_column_int64 (stmt, 6);
  event->account_name = ud_stmt_dup_text (stmt, 7);
  event->reason = ud_stmt_dup_text (stmt, 8);
  event->created_at = ud_stmt_dup_text (stmt, 9);
  return event;
}

GPtrArray *
ud_hardship_store_history (UdDatabase  *db,
                           gint64       file_id,
                           GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT e.id, e.uuid, e.action, e.from_status,"
                                            "  e.to_status, e.event_date, e.account_id,"
                                            "  a.display_name, e.reason, e.created_at "
                                            "FROM hardship_file_event e LEFT JOIN account a"
                                            "  ON a.id = e.account_id "
                                            "WHERE e.file_id = ?1 ORDER BY e.id",
                                            error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, file_id);
  return ud_database_collect (db, stmt, (UdRowFunc) event_from_row,
                              (GDestroyNotify) ud_hardship_event_free,
                              _("reading the file’s history"), error);
}

void
ud_hardship_file_row_free (UdHardshipFileRow *row)
{
  if (row == NULL)
    return;

  g_free (row->file_number);
  g_free (row->worker_name);
  g_free (row->worker_id_masked);
  g_free (row->org_name);
  g_free (row->publicity_end);
  g_free (row->bank_account_masked);
  g_free (row->updated_at);
  g_free (row);
}

GPtrArray *
ud_hardship_store_queue (UdDatabase      *db,
                         UdHardshipQueue  queue,
                         const GDate     *today,
                         int              within_days,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *today_text = NULL;
  g_autofree char *within = NULL;
  GPtrArray *rows;
  GDate now;
  int rc;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  if (today != NULL)
    now = *today;
  else
    ud_date_today (&now);
  today_text = ud_date_format (&now);
  within = g_strdup_printf ("+%d days", MAX (within_days, 0));

  /* publicity_end = start + days: the first day the file may move on. */
  stmt = ud_database_prepare (db,
                              "SELECT f.id, f.file_number, m.name, f.worker_id_number, o.name,"
                              "  f.status, f.category, f.proposed_category,"
                              "  f.per_capita_monthly_fen, f.review_year,"
                              "  CASE WHEN f.publicity_start IS NULL THEN NULL"
                              "    ELSE date (f.publicity_start, '+' || f.publicity_days"
                              "      || ' days') END,"
                              "  f.bank_account, f.updated_at "
                              "FROM hardship_file f JOIN member m ON m.id = f.member_id"
                              "  JOIN org o ON o.id = f.org_id "
                              "WHERE (?1 = 0 AND f.status = 'active'"
                              "    AND ifnull (f.review_year, 0) < ?2)"
                              "  OR (?1 = 1 AND (f.status = 'draft' OR f.status = 'returned'))"
                              "  OR (?1 = 2 AND (f.status = 'submitted' OR f.status = 'verifying'"
                              "    OR f.status = 'annual_review'"
                              "    OR (f.status = 'publicised' AND date (f.publicity_start,"
                              "      '+' || f.publicity_days || ' days') <= ?3)))"
                              "  OR (?1 = 3 AND f.status = 'reviewed')"
                              "  OR (?1 = 4 AND f.status = 'publicised'"
                              "    AND date (f.publicity_start, '+' || f.publicity_days"
                              "      || ' days') > ?3"
                              "    AND date (f.publicity_start, '+' || f.publicity_days"
                              "      || ' days', '-1 days') <= date (?3, ?4)) "
                              "ORDER BY f.updated_at, f.id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, (int) queue);
  sqlite3_bind_int (stmt, 2, g_date_get_year (&now));
  sqlite3_bind_text (stmt, 3, today_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, within, -1, SQLITE_STATIC);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_hardship_file_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UdHardshipFileRow *row = g_new0 (UdHardshipFileRow, 1);
      const char *account = (const char *) sqlite3_column_text (stmt, 11);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->file_number = ud_stmt_dup_text (stmt, 1);
      row->worker_name = ud_stmt_dup_text (stmt, 2);
      row->worker_id_masked = ud_mask_id_number ((const char *) sqlite3_column_text (stmt, 3));
      row->org_name = ud_stmt_dup_text (stmt, 4);
      row->status = ud_stmt_column_enum (stmt, 5, &ud_hardship_status_info);
      row->category = ud_stmt_column_enum (stmt, 6, &ud_hardship_category_info);
      row->proposed_category = ud_stmt_column_enum (stmt, 7, &ud_hardship_category_info);
      row->per_capita_monthly_fen = sqlite3_column_int64 (stmt, 8);
      row->review_year = sqlite3_column_int (stmt, 9);
      row->publicity_end = ud_stmt_dup_text (stmt, 10);
      row->bank_account_masked = account ? ud_mask_bank_card (account) : NULL;
      row->updated_at = ud_stmt_dup_text (stmt, 12);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the hardship files"));
      g_ptr_array_unref (rows);
      return NULL;
    }
  return rows;
}
