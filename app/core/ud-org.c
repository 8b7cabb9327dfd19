/* ud-org.c — the office's organisation tree
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-org"

#include <string.h>

#include "ud-uuid.h"
#include "ud-date.h"
#include "ud-audit.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-org.h"
#include "ud-outbox.h"

G_DEFINE_BOXED_TYPE (UdOrg, ud_org, ud_org_copy, ud_org_free)

#define ORG_SCHEMA 1
#define ORG_COLUMNS \
  "id, uuid, version, parent_id, name, kind, region_code, contact, phone, address, is_office, " \
  "archived"

UdOrg *
ud_org_new (void)
{
  UdOrg *org = g_new0 (UdOrg, 1);

  org->kind = UD_ORG_KIND_GRASSROOTS;
  return org;
}

UdOrg *
ud_org_copy (const UdOrg *org)
{
  UdOrg *copy = g_memdup2 (org, sizeof *org);

  copy->uuid = g_strdup (org->uuid);
  copy->name = g_strdup (org->name);
  copy->region_code = g_strdup (org->region_code);
  copy->contact = g_strdup (org->contact);
  copy->phone = g_strdup (org->phone);
  copy->address = g_strdup (org->address);
  return copy;
}

void
ud_org_free (UdOrg *org)
{
  if (org == NULL)
    return;

  g_free (org->uuid);
  g_free (org->name);
  g_free (org->region_code);
  g_free (org->contact);
  g_free (org->phone);
  g_free (org->address);
  g_free (org);
}

static UdOrg *
org_from_row (sqlite3_stmt *stmt)
{
  UdOrg *org = ud_org_new ();
  int kind = UD_ORG_KIND_GRASSROOTS;

  org->id = sqlite3_column_int64 (stmt, 0);
  org->uuid = ud_stmt_dup_text (stmt, 1);
  org->version = sqlite3_column_int64 (stmt, 2);
  org->parent_id = sqlite3_column_int64 (stmt, 3);
  org->name = ud_stmt_dup_text (stmt, 4);
  ud_enum_from_code (&ud_org_kind_info, (const char *) sqlite3_column_text (stmt, 5), &kind);
  org->kind = kind;
  org->region_code = ud_stmt_dup_text (stmt, 6);
  org->contact = ud_stmt_dup_text (stmt, 7);
  org->phone = ud_stmt_dup_text (stmt, 8);
  org->address = ud_stmt_dup_text (stmt, 9);
  org->is_office = sqlite3_column_int (stmt, 10) != 0;
  org->archived = sqlite3_column_int (stmt, 11) != 0;
  return org;
}

UdOrg *
ud_org_get (UdDatabase  *db,
            gint64       id,
            GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, "SELECT " ORG_COLUMNS " FROM org WHERE id = ?1",
                                            error);
  UdOrg *org = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    org = org_from_row (stmt);
  else
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("The organisation no longer exists"));
  sqlite3_reset (stmt);

  return org;
}

JsonObject *
ud_org_to_json (UdDatabase  *db,
                const UdOrg *org)
{
  JsonObject *object = json_object_new ();
  g_autoptr(UdOrg) parent = org->parent_id ? ud_org_get (db, org->parent_id, NULL) : NULL;

  json_object_set_string_member (object, "uuid", org->uuid);
  json_object_set_int_member (object, "version", org->version);
  json_object_set_string_member (object, "parent_uuid", parent ? parent->uuid : NULL);
  json_object_set_string_member (object, "name", org->name);
  json_object_set_string_member (object, "kind", ud_enum_code (&ud_org_kind_info, org->kind));
  json_object_set_string_member (object, "region_code", org->region_code);
  json_object_set_string_member (object, "contact", org->contact);
  json_object_set_string_member (object, "phone", org->phone);
  json_object_set_string_member (object, "address", org->address);
  json_object_set_boolean_member (object, "is_office", org->is_office);
  json_object_set_boolean_member (object, "archived", org->archived);
  return object;
}

static int
kind_rank (UdOrgKind kind)
{
  switch (kind)
    {
    case UD_ORG_KIND_CITY:
      return 0;
    case UD_ORG_KIND_DISTRICT:
      return 1;
    case UD_ORG_KIND_STREET:
      return 2;
    case UD_ORG_KIND_GRASSROOTS:
    case UD_ORG_KIND_JOINT:
    case UD_ORG_KIND_FLOWING:
    default:
      return 3;
    }
}

static gboolean
validate (UdDatabase  *db,
          UdOrg       *org,
          GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (org->name ? org->name : ""));

  if (*name == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "name",
                          _("Name: enter the organisation’s name"));
      return FALSE;
    }
  g_free (org->name);
  org->name = g_steal_pointer (&name);

  if (org->region_code != NULL && *org->region_code != '\0')
    {
      gboolean digits = strlen (org->region_code) == 6;

      for (const char *p = org->region_code; digits && *p; p++)
        digits = g_ascii_isdigit (*p);
      if (!digits)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "region_code",
                              _("Region code: enter the 6-digit administrative division code, "
                                "such as 330102"));
          return FALSE;
        }
    }

  if (org->parent_id != 0)
    {
      g_autoptr(UdOrg) parent = ud_org_get (db, org->parent_id, NULL);
      int parent_rank, rank;

      if (parent == NULL)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "parent",
                              _("Parent: the chosen parent organisation does not exist"));
          return FALSE;
        }

      parent_rank = kind_rank (parent->kind);
      rank = kind_rank (org->kind);
      if (rank < parent_rank || (rank == parent_rank && rank < 3))
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "kind",
                              _("Type: a %s cannot be placed under a %s"),
                              ud_enum_label (&ud_org_kind_info, org->kind),
                              ud_enum_label (&ud_org_kind_info, parent->kind));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_sibling_name (UdDatabase  *db,
                    UdOrg       *org,
                    GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT 1 FROM org WHERE ifnull (parent_id, 0) = ?1 "
                                            "AND name = ?2 AND id != ?3",
                                            error);
  gboolean taken;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, org->parent_id);
  sqlite3_bind_text (stmt, 2, org->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, org->id);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  if (taken)
    {
      ud_set_field_error (error, UD_ERROR_DUPLICATE, "name",
                          _("Name: “%s” already exists at this level"), org->name);
      return FALSE;
    }

  return TRUE;
}

/* The outbox row and the audit entry of a change (@before NULL for a new node). */
static gboolean
record_change (UdDatabase      *db,
               const UdAccount *actor,
               UdOrg           *org,
               JsonObject      *before,
               GError         **error)
{
  g_autoptr(JsonObject) data = ud_org_to_json (db, org);

  return ud_outbox_append (db, "org", ORG_SCHEMA, org->uuid, org->version, "upsert", data, error)
         && ud_audit_append (db, actor, "org", org->uuid, before ? "update" : "create", before,
                             data, error);
}

static void
bind_fields (sqlite3_stmt *stmt,
             UdOrg        *org)
{
  ud_stmt_bind_id_or_null (stmt, 1, org->parent_id);
  sqlite3_bind_text (stmt, 2, org->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, ud_enum_code (&ud_org_kind_info, org->kind), -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 4, org->region_code);
  ud_stmt_bind_text_or_null (stmt, 5, org->contact);
  ud_stmt_bind_text_or_null (stmt, 6, org->phone);
  ud_stmt_bind_text_or_null (stmt, 7, org->address);
  sqlite3_bind_int (stmt, 8, org->is_office);
  sqlite3_bind_int (stmt, 9, org->archived);
}

static gboolean
insert_row (UdDatabase      *db,
            const UdAccount *actor,
            UdOrg           *org,
            GError         **error)
{
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *uuid = ud_uuid_new ();
  sqlite3_stmt *stmt;
  int rc;

  if (!validate (db, org, error) || !check_sibling_name (db, org, error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "INSERT INTO org (parent_id, name, kind, region_code, contact, phone,"
                              "  address, is_office, archived, uuid, version, created_at,"
                              "  updated_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11, ?11)",
                              error);
  if (stmt == NULL)
    return FALSE;

  bind_fields (stmt, org);
  sqlite3_bind_text (stmt, 10, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving an organisation"));
      return FALSE;
    }

  org->id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
  g_free (org->uuid);
  org->uuid = g_steal_pointer (&uuid);
  org->version = 1;

  return record_change (db, actor, org, NULL, error);
}

gboolean
ud_org_insert (UdDatabase      *db,
               const UdAccount *actor,
               UdOrg           *org,
               GError         **error)
{
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (org != NULL && org->id == 0, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_ORG_WRITE, error))
    return FALSE;

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = insert_row (db, actor, org, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    {
      if (owned)
        org->id = 0;
      return FALSE;
    }

  if (owned)
    ud_database_notify_changed (db, "org");
  return TRUE;
}

gboolean
ud_org_create_office (UdDatabase *db,
                      const char *name,
                      gint64     *out_id,
                      GError    **error)
{
  g_autoptr(UdOrg) org = ud_org_new ();
  g_autofree char *id_text = NULL;
  gboolean ok;

  org->name = g_strdup (name);
  org->kind = UD_ORG_KIND_DISTRICT;
  org->is_office = TRUE;

  if (!ud_database_begin (db, error))
    return FALSE;

  ok = insert_row (db, NULL, org, error);
  if (ok)
    {
      id_text = g_strdup_printf ("%" G_GINT64_FORMAT, org->id);
      ok = ud_database_set_meta (db, "office_org_id", id_text, error);
    }
  if (!ud_database_end_owned (db, TRUE, ok, ok ? error : NULL))
    return FALSE;

  *out_id = org->id;
  return TRUE;
}

static gboolean
is_descendant (UdDatabase *db,
               gint64      ancestor,
               gint64      candidate)
{
  g_autoptr(GArray) ids = ud_org_subtree_ids (db, ancestor);

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == candidate)
      return TRUE;

  return FALSE;
}

static gboolean
update_row (UdDatabase      *db,
            const UdAccount *actor,
            UdOrg           *org,
            GError         **error)
{
  g_autofree char *now = ud_timestamp_now ();
  g_autoptr(UdOrg) old = ud_org_get (db, org->id, error);
  g_autoptr(JsonObject) before = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (old == NULL)
    return FALSE;
  before = ud_org_to_json (db, old);

  if (!validate (db, org, error) || !check_sibling_name (db, org, error))
    return FALSE;

  if (org->parent_id != 0 && is_descendant (db, org->id, org->parent_id))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "parent",
                          _("Parent: an organisation cannot be placed under itself or one of "
                            "its own branches"));
      return FALSE;
    }

  stmt = ud_database_prepare (db,
                              "UPDATE org SET parent_id = ?1, name = ?2, kind = ?3,"
                              "  region_code = ?4, contact = ?5, phone = ?6, address = ?7,"
                              "  is_office = ?8, archived = ?9, version = version + 1,"
                              "  updated_at = ?10 "
                              "WHERE id = ?11 AND version = ?12",
                              error);
  if (stmt == NULL)
    return FALSE;

  bind_fields (stmt, org);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, org->id);
  sqlite3_bind_int64 (stmt, 12, org->version);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving an organisation"));
      return FALSE;
    }
  if (sqlite3_changes (ud_database_get_handle (db)) == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("“%s” was changed by someone else meanwhile; reopen it and try again"),
                   org->name);
      return FALSE;
    }

  org->version++;
  return record_change (db, actor, org, before, error);
}

gboolean
ud_org_update (UdDatabase      *db,
               const UdAccount *actor,
               UdOrg           *org,
               GError         **error)
{
  gint64 version = org->version;
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (org != NULL && org->id > 0, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_ORG_WRITE, error))
    return FALSE;

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = update_row (db, actor, org, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    {
      org->version = version;
      return FALSE;
    }

  if (owned)
    ud_database_notify_changed (db, "org");
  return TRUE;
}

GPtrArray *
ud_org_list (UdDatabase  *db,
             GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "WITH RECURSIVE tree (id, depth, path) AS ("
                                            "  SELECT id, 0, name FROM org WHERE parent_id IS NULL"
                                            "  UNION ALL"
                                            "  SELECT o.id, t.depth + 1, t.path || char (1) || o.name"
                                            "  FROM org o JOIN tree t ON o.parent_id = t.id"
                                            ") "
                                            "SELECT o.id, o.uuid, o.version, o.parent_id, o.name,"
                                            "  o.kind, o.region_code, o.contact, o.phone,"
                                            "  o.address, o.is_office, o.archived, t.depth "
                                            "FROM tree t JOIN org o ON o.id = t.id "
                                            "ORDER BY t.path",
                                            error);
  GPtrArray *orgs;
  int rc;

  if (stmt == NULL)
    return NULL;

  orgs = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_org_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UdOrg *org = org_from_row (stmt);
      org->depth = sqlite3_column_int (stmt, 12);
      g_ptr_array_add (orgs, org);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading organisations"));
      g_ptr_array_unref (orgs);
      return NULL;
    }

  return orgs;
}

gint64
ud_org_find_by_name (UdDatabase *db,
                     const char *name)
{
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (name == NULL)
    return 0;

  trimmed = g_strstrip (g_strdup (name));
  stmt = ud_database_prepare (db, "SELECT id FROM org WHERE name = ?1 ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

GArray *
ud_org_subtree_ids (UdDatabase *db,
                    gint64      org_id)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "WITH RECURSIVE sub (id) AS ("
                                            "  SELECT ?1 UNION"
                                            "  SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id"
                                            ") SELECT id FROM sub",
                                            NULL);
  GArray *ids = NULL;

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, org_id);
      ids = ud_database_collect_ids (db, stmt, _("reading the organisation tree"), NULL);
    }
  return ids != NULL ? ids : g_array_new (FALSE, FALSE, sizeof (gint64));
}

UdOrgKind
ud_org_kind_guess_from_name (const char *name)
{
  if (name == NULL)
    return UD_ORG_KIND_GRASSROOTS;
  if (strstr (name, "联合工会") != NULL)
    return UD_ORG_KIND_JOINT;
  if (strstr (name, "流动") != NULL)
    return UD_ORG_KIND_FLOWING;
  if (g_str_has_suffix (name, "街道总工会") || g_str_has_suffix (name, "乡镇总工会")
      || g_str_has_suffix (name, "镇总工会"))
    return UD_ORG_KIND_STREET;
  if (g_str_has_suffix (name, "区总工会") || g_str_has_suffix (name, "县总工会"))
    return UD_ORG_KIND_DISTRICT;
  if (g_str_has_suffix (name, "市总工会"))
    return UD_ORG_KIND_CITY;
  return UD_ORG_KIND_GRASSROOTS;
}
