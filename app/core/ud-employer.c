/* ud-employer.c — employers of members, with unified social credit codes
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-employer"

#include <string.h>

#include "ud-uuid.h"
#include "ud-credit-code.h"
#include "ud-date.h"
#include "ud-employer.h"
#include "ud-audit.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"

G_DEFINE_BOXED_TYPE (UdEmployer, ud_employer, ud_employer_copy, ud_employer_free)

#define EMPLOYER_COLUMNS "id, uuid, version, name, credit_code, is_platform, address, contact, phone"

UdEmployer *
ud_employer_new (void)
{
  return g_new0 (UdEmployer, 1);
}

UdEmployer *
ud_employer_copy (const UdEmployer *employer)
{
  UdEmployer *copy = g_memdup2 (employer, sizeof *employer);

  copy->uuid = g_strdup (employer->uuid);
  copy->name = g_strdup (employer->name);
  copy->credit_code = g_strdup (employer->credit_code);
  copy->address = g_strdup (employer->address);
  copy->contact = g_strdup (employer->contact);
  copy->phone = g_strdup (employer->phone);
  return copy;
}

void
ud_employer_free (UdEmployer *employer)
{
  if (employer == NULL)
    return;

  g_free (employer->uuid);
  g_free (employer->name);
  g_free (employer->credit_code);
  g_free (employer->address);
  g_free (employer->contact);
  g_free (employer->phone);
  g_free (employer);
}

static UdEmployer *
employer_from_row (sqlite3_stmt *stmt)
{
  UdEmployer *employer = ud_employer_new ();

  employer->id = sqlite3_column_int64 (stmt, 0);
  employer->uuid = ud_stmt_dup_text (stmt, 1);
  employer->version = sqlite3_column_int64 (stmt, 2);
  employer->name = ud_stmt_dup_text (stmt, 3);
  employer->credit_code = ud_stmt_dup_text (stmt, 4);
  employer->is_platform = sqlite3_column_int (stmt, 5) != 0;
  employer->address = ud_stmt_dup_text (stmt, 6);
  employer->contact = ud_stmt_dup_text (stmt, 7);
  employer->phone = ud_stmt_dup_text (stmt, 8);
  return employer;
}

JsonObject *
ud_employer_to_json (const UdEmployer *employer)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "uuid", employer->uuid);
  json_object_set_int_member (object, "version", employer->version);
  json_object_set_string_member (object, "name", employer->name);
  json_object_set_string_member (object, "credit_code", employer->credit_code);
  json_object_set_boolean_member (object, "is_platform", employer->is_platform);
  json_object_set_string_member (object, "address", employer->address);
  json_object_set_string_member (object, "contact", employer->contact);
  json_object_set_string_member (object, "phone", employer->phone);
  return object;
}

UdEmployer *
ud_employer_get (UdDatabase  *db,
                 gint64       id,
                 GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " EMPLOYER_COLUMNS " FROM employer WHERE id = ?1",
                                            error);
  UdEmployer *employer = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    employer = employer_from_row (stmt);
  else
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("The employer no longer exists"));
  sqlite3_reset (stmt);

  return employer;
}

static gboolean
validate (UdDatabase  *db,
          UdEmployer  *employer,
          GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (employer->name ? employer->name : ""));
  sqlite3_stmt *stmt;
  gint64 other = 0;

  if (*name == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "employer_name",
                          _("Employer: enter the employer’s name"));
      return FALSE;
    }
  g_free (employer->name);
  employer->name = g_steal_pointer (&name);

  if (employer->credit_code != NULL && *g_strstrip (employer->credit_code) != '\0')
    {
      char *code = ud_credit_code_normalize (employer->credit_code, error);

      if (code == NULL)
        return FALSE;
      g_free (employer->credit_code);
      employer->credit_code = code;

      stmt = ud_database_prepare (db,
                                  "SELECT id FROM employer WHERE credit_code = ?1 AND id != ?2",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, employer->id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        other = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      if (other != 0)
        {
          g_autoptr(UdEmployer) existing = ud_employer_get (db, other, NULL);

          ud_set_field_error (error, UD_ERROR_DUPLICATE, "credit_code",
                              _("Credit code: %s already belongs to “%s”"), code,
                              existing ? existing->name : "?");
          return FALSE;
        }
    }
  else
    g_clear_pointer (&employer->credit_code, g_free);

  return TRUE;
}

static void
bind_fields (sqlite3_stmt *stmt,
             UdEmployer   *employer)
{
  sqlite3_bind_text (stmt, 1, employer->name, -1, SQLITE_TRANSIENT);
  ud_stmt_bind_text_or_null (stmt, 2, employer->credit_code);
  sqlite3_bind_int (stmt, 3, employer->is_platform);
  ud_stmt_bind_text_or_null (stmt, 4, employer->address);
  ud_stmt_bind_text_or_null (stmt, 5, employer->contact);
  ud_stmt_bind_text_or_null (stmt, 6, employer->phone);
}

/* The audit entry of a change (@before NULL for a new employer). Employers are not an entity of
 * the upload protocol (SYNC-PROTOCOL.md lists what a batch may carry): the city union learns a
 * member's employer from the member record, which carries its name and credit code. */
static gboolean
record_change (UdDatabase      *db,
               const UdAccount *actor,
               UdEmployer      *employer,
               JsonObject      *before,
               GError         **error)
{
  g_autoptr(JsonObject) data = ud_employer_to_json (employer);

  return ud_audit_append (db, actor, "employer", employer->uuid, before ? "update" : "create",
                          before, data, error);
}

static gboolean
insert_row (UdDatabase      *db,
            const UdAccount *actor,
            UdEmployer      *employer,
            GError         **error)
{
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *uuid = ud_uuid_new ();
  sqlite3_stmt *stmt;
  int rc;

  if (!validate (db, employer, error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "INSERT INTO employer (name, credit_code, is_platform, address,"
                              "  contact, phone, uuid, version, created_at, updated_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)",
                              error);
  if (stmt == NULL)
    return FALSE;

  bind_fields (stmt, employer);
  sqlite3_bind_text (stmt, 7, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving an employer"));
      return FALSE;
    }

  employer->id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
  g_free (employer->uuid);
  employer->uuid = g_steal_pointer (&uuid);
  employer->version = 1;

  return record_change (db, actor, employer, NULL, error);
}

gboolean
ud_employer_insert (UdDatabase      *db,
                    const UdAccount *actor,
                    UdEmployer      *employer,
                    GError         **error)
{
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (employer != NULL && employer->id == 0, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_EMPLOYER_WRITE, error))
    return FALSE;

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = insert_row (db, actor, employer, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    {
      if (owned)
        employer->id = 0;
      return FALSE;
    }

  if (owned)
    ud_database_notify_changed (db, "employer");
  return TRUE;
}

gboolean
ud_employer_update (UdDatabase      *db,
                    const UdAccount *actor,
                    UdEmployer      *employer,
                    GError         **error)
{
  g_autofree char *now = ud_timestamp_now ();
  g_autoptr(UdEmployer) old = NULL;
  g_autoptr(JsonObject) before = NULL;
  gint64 version = employer->version;
  sqlite3_stmt *stmt;
  gboolean owned;
  gboolean ok = FALSE;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (employer != NULL && employer->id > 0, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_EMPLOYER_WRITE, error))
    return FALSE;

  old = ud_employer_get (db, employer->id, error);
  if (old == NULL)
    return FALSE;
  before = ud_employer_to_json (old);

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;

  if (validate (db, employer, error)
      && (stmt = ud_database_prepare (db,
                                      "UPDATE employer SET name = ?1, credit_code = ?2,"
                                      "  is_platform = ?3, address = ?4, contact = ?5, phone = ?6,"
                                      "  version = version + 1, updated_at = ?7 "
                                      "WHERE id = ?8 AND version = ?9",
                                      error)) != NULL)
    {
      int rc;

      bind_fields (stmt, employer);
      sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, employer->id);
      sqlite3_bind_int64 (stmt, 9, employer->version);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);

      if (rc != SQLITE_DONE)
        ud_database_set_error (db, error, _("saving an employer"));
      else if (sqlite3_changes (ud_database_get_handle (db)) == 0)
        g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                     _("“%s” was changed by someone else meanwhile; reopen it and try again"),
                     employer->name);
      else
        {
          employer->version++;
          ok = record_change (db, actor, employer, before, error);
        }
    }

  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    {
      employer->version = version;
      return FALSE;
    }

  if (owned)
    ud_database_notify_changed (db, "employer");
  return TRUE;
}

GPtrArray *
ud_employer_list (UdDatabase  *db,
                  const char  *text,
                  guint        limit,
                  GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT e.id, e.uuid, e.version, e.name, e.credit_code,"
                                            "  e.is_platform, e.address, e.contact, e.phone,"
                                            "  (SELECT count(*) FROM member m"
                                            "   WHERE m.employer_id = e.id) "
                                            "FROM employer e "
                                            "WHERE ?1 IS NULL OR instr (e.name, ?1) > 0"
                                            "  OR instr (ifnull (e.credit_code, ''), upper (?1)) > 0 "
                                            "ORDER BY e.name LIMIT ?2",
                                            error);
  GPtrArray *employers;
  int rc;

  if (stmt == NULL)
    return NULL;

  ud_stmt_bind_text_or_null (stmt, 1, text);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  employers = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_employer_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UdEmployer *employer = employer_from_row (stmt);
      employer->member_count = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (employers, employer);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading employers"));
      g_ptr_array_unref (employers);
      return NULL;
    }

  return employers;
}

static gint64
find_id (UdDatabase *db,
         const char *sql,
         const char *value)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, sql, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

gboolean
ud_employer_find_or_create (UdDatabase      *db,
                            const UdAccount *actor,
                            const char      *name,
                            const char      *credit_code,
                            gboolean         is_platform,
                            gint64          *out_id,
                            GError         **error)
{
  g_autofree char *code = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(UdEmployer) employer = NULL;
  gint64 id = 0;

  if (credit_code != NULL && *credit_code != '\0')
    {
      g_autofree char *stripped = g_strstrip (g_strdup (credit_code));

      if (*stripped != '\0')
        {
          code = ud_credit_code_normalize (stripped, error);
          if (code == NULL)
            return FALSE;
          id = find_id (db, "SELECT id FROM employer WHERE credit_code = ?1", code);
        }
    }

  if (id == 0 && *trimmed != '\0')
    id = find_id (db,
                  "SELECT id FROM employer WHERE name = ?1 ORDER BY credit_code IS NULL, id LIMIT 1",
                  trimmed);

  if (id != 0)
    {
      *out_id = id;
      return TRUE;
    }

  if (*trimmed == '\0')
    {
      *out_id = 0;
      if (code == NULL)
        return TRUE;
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "employer_name",
                          _("Employer: a credit code was given without the employer’s name"));
      return FALSE;
    }

  employer = ud_employer_new ();
  employer->name = g_steal_pointer (&trimmed);
  employer->credit_code = g_steal_pointer (&code);
  employer->is_platform = is_platform || ud_employer_name_is_platform (employer->name);
  if (!ud_employer_insert (db, actor, employer, error))
    return FALSE;

  *out_id = employer->id;
  return TRUE;
}

gboolean
ud_employer_name_is_platform (const char *name)
{
  static const char *const platforms[] = {
    "美团", "饿了么", "蜂鸟", "滴滴", "顺丰", "京东", "中通", "圆通", "申通", "韵达", "极兔",
    "邮政", "货拉拉", "满帮", "快狗", "闪送", "达达", "曹操出行", "T3出行", "享道", "高德",
    "花小猪", "盒马", "叮咚", "UU跑腿", "菜鸟",
  };

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    if (strstr (name, platforms[i]) != NULL)
      return TRUE;

  return FALSE;
}
