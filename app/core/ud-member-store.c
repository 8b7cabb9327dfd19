/* ud-member-store.c — members in the database: writes with history and outbox, reads
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-member-store"

#include <string.h>

#include "ud-uuid.h"
#include "ud-date.h"
#include "ud-audit.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-json.h"
#include "ud-mask.h"
#include "ud-member-store.h"
#include "ud-member-store-private.h"
#include "ud-outbox.h"

#define MEMBER_SCHEMA 1
#define EVENT_SCHEMA 1

static const char *const id_kind_codes[] = { "resident", "hmt_residence", "foreign_permanent" };
static const char *const sex_codes[] = { "unknown", "male", "female" };

void
ud_member_event_free (UdMemberEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->uuid);
  g_free (event->event_date);
  g_free (event->from_org_name);
  g_free (event->to_org_name);
  g_free (event->reason);
  g_free (event->changes);
  g_free (event->created_at);
  g_free (event);
}

static int
code_index (const char *const *codes,
            guint              n_codes,
            const char        *code)
{
  for (guint i = 0; code != NULL && i < n_codes; i++)
    if (strcmp (codes[i], code) == 0)
      return (int) i;
  return 0;
}

UdMember *
ud_member_from_row (sqlite3_stmt *stmt)
{
  UdMember *member = ud_member_new ();

  member->id = sqlite3_column_int64 (stmt, 0);
  member->uuid = ud_stmt_dup_text (stmt, 1);
  member->version = sqlite3_column_int64 (stmt, 2);
  member->name = ud_stmt_dup_text (stmt, 3);
  member->id_kind = code_index (id_kind_codes, G_N_ELEMENTS (id_kind_codes),
                                (const char *) sqlite3_column_text (stmt, 4));
  member->id_number = ud_stmt_dup_text (stmt, 5);
  member->sex = code_index (sex_codes, G_N_ELEMENTS (sex_codes),
                            (const char *) sqlite3_column_text (stmt, 6));
  member->birth_date = ud_stmt_dup_text (stmt, 7);
  member->mobile = ud_stmt_dup_text (stmt, 8);
  member->ethnicity = ud_stmt_dup_text (stmt, 9);
  member->education = ud_stmt_column_enum (stmt, 10, &ud_education_info);
  member->hukou = ud_stmt_column_enum (stmt, 11, &ud_hukou_info);
  member->employer_id = sqlite3_column_int64 (stmt, 12);
  member->new_employment = ud_stmt_column_enum (stmt, 13, &ud_new_employment_info);
  member->org_id = sqlite3_column_int64 (stmt, 14);
  member->join_date = ud_stmt_dup_text (stmt, 15);
  member->join_channel = ud_stmt_column_enum (stmt, 16, &ud_join_channel_info);
  member->card_number = ud_stmt_dup_text (stmt, 17);
  member->status = ud_stmt_column_enum (stmt, 18, &ud_member_status_info);
  member->status_date = ud_stmt_dup_text (stmt, 19);
  member->transfer_org_id = sqlite3_column_int64 (stmt, 20);
  member->note = ud_stmt_dup_text (stmt, 21);
  member->created_at = ud_stmt_dup_text (stmt, 22);
  member->updated_at = ud_stmt_dup_text (stmt, 23);
  member->employer_name = ud_stmt_dup_text (stmt, 24);
  member->employer_credit_code = ud_stmt_dup_text (stmt, 25);
  member->employer_is_platform = sqlite3_column_int (stmt, 26) != 0;
  member->org_name = ud_stmt_dup_text (stmt, 27);
  member->transfer_org_name = ud_stmt_dup_text (stmt, 28);
  return member;
}

UdMember *
ud_member_store_get (UdDatabase  *db,
                     gint64       id,
                     GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, MEMBER_SELECT "WHERE m.id = ?1", error);
  UdMember *member = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    member = ud_member_from_row (stmt);
  else
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("The member no longer exists"));
  sqlite3_reset (stmt);

  return member;
}

UdMember *
ud_member_store_find_live (UdDatabase *db,
                           const char *id_number,
                           GError    **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            MEMBER_SELECT
                                            "WHERE m.id_number = ?1 AND m.live = 1",
                                            error);
  UdMember *member = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    member = ud_member_from_row (stmt);
  sqlite3_reset (stmt);

  return member;
}

static char *
reversed (const char *text)
{
  return text ? g_utf8_strreverse (text, -1) : NULL;
}

/* The member as synced: the record plus references by uuid. */
static JsonObject *
member_payload (UdDatabase *db,
                UdMember   *member)
{
  JsonObject *data = ud_member_to_json (member);
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT (SELECT uuid FROM org WHERE id = ?1),"
                                            "  (SELECT uuid FROM employer WHERE id = ?2),"
                                            "  (SELECT uuid FROM org WHERE id = ?3),"
                                            "  (SELECT name FROM employer WHERE id = ?2),"
                                            "  (SELECT credit_code FROM employer WHERE id = ?2)",
                                            NULL);

  if (stmt == NULL)
    return data;

  sqlite3_bind_int64 (stmt, 1, member->org_id);
  sqlite3_bind_int64 (stmt, 2, member->employer_id);
  sqlite3_bind_int64 (stmt, 3, member->transfer_org_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_object_set_string_member (data, "org_uuid", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (data, "employer_uuid",
                                     (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (data, "transfer_org_uuid",
                                     (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (data, "employer_name",
                                     (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_string_member (data, "employer_credit_code",
                                     (const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);

  return data;
}

/* The outbox row and the audit entry of a change; @before is the stored record as it was
 * (NULL for a new member). */
static gboolean
record_change (UdDatabase      *db,
               const UdAccount *actor,
               UdMember        *member,
               UdMember        *before,
               const char      *action,
               GError         **error)
{
  g_autoptr(JsonObject) data = member_payload (db, member);
  g_autoptr(JsonObject) old = before ? member_payload (db, before) : NULL;

  /* Timestamps and the version change on every write: not worth an audit line each. */
  json_object_remove_member (data, "updated_at");
  if (old != NULL)
    json_object_remove_member (old, "updated_at");

  if (!ud_audit_append (db, actor, "member", member->uuid, action, old, data, error))
    return FALSE;

  json_object_set_string_member (data, "updated_at", member->updated_at);
  return ud_outbox_append (db, "member", MEMBER_SCHEMA, member->uuid, member->version, "upsert",
                           data, error);
}

static gboolean
gram_write (UdDatabase  *db,
            gboolean     delete,
            gint64       member_id,
            const char  *name,
            GError     **error)
{
  g_autofree char *grams = ud_member_name_grams (name);
  sqlite3_stmt *stmt;
  int rc;

  if (delete)
    stmt = ud_database_prepare (db,
                                "INSERT INTO member_gram (member_gram, rowid, grams) "
                                "VALUES ('delete', ?1, ?2)",
                                error);
  else
    stmt = ud_database_prepare (db, "INSERT INTO member_gram (rowid, grams) VALUES (?1, ?2)",
                                error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, grams, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("updating the search index"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_event (UdDatabase         *db,
              UdMember           *member,
              UdMemberEventKind   kind,
              const char         *event_date,
              UdMemberStatus      from_status,
              UdMemberStatus      to_status,
              gint64              from_org_id,
              gint64              to_org_id,
              const char         *reason,
              const char         *changes,
              GError            **error)
{
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *now = ud_timestamp_now ();
  g_autoptr(JsonObject) data = json_object_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = ud_database_prepare (db,
                              "INSERT INTO membership_event (uuid, version, member_id, kind,"
                              "  event_date, from_status, to_status, from_org_id, to_org_id,"
                              "  reason, changes, created_at) "
                              "VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, member->id);
  sqlite3_bind_text (stmt, 3, ud_enum_code (&ud_member_event_kind_info, kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, event_date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ud_enum_code (&ud_member_status_info, from_status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ud_enum_code (&ud_member_status_info, to_status), -1,
                     SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 7, from_org_id);
  ud_stmt_bind_id_or_null (stmt, 8, to_org_id);
  ud_stmt_bind_text_or_null (stmt, 9, reason);
  ud_stmt_bind_text_or_null (stmt, 10, changes);
  sqlite3_bind_text (stmt, 11, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving the member’s history"));
      return FALSE;
    }

  json_object_set_string_member (data, "uuid", uuid);
  json_object_set_int_member (data, "version", 1);
  json_object_set_string_member (data, "member_uuid", member->uuid);
  json_object_set_string_member (data, "kind", ud_enum_code (&ud_member_event_kind_info, kind));
  json_object_set_string_member (data, "event_date", event_date);
  json_object_set_string_member (data, "from_status",
                                 ud_enum_code (&ud_member_status_info, from_status));
  json_object_set_string_member (data, "to_status",
                                 ud_enum_code (&ud_member_status_info, to_status));
  stmt = ud_database_prepare (db,
                              "SELECT (SELECT uuid FROM org WHERE id = ?1),"
                              "  (SELECT uuid FROM org WHERE id = ?2)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from_org_id);
  sqlite3_bind_int64 (stmt, 2, to_org_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_object_set_string_member (data, "from_org_uuid",
                                     (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (data, "to_org_uuid",
                                     (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  json_object_set_string_member (data, "reason", reason);
  if (changes != NULL)
    {
      g_autoptr(JsonNode) parsed = json_from_string (changes, NULL);
      if (parsed != NULL)
        json_object_set_member (data, "changes", g_steal_pointer (&parsed));
    }
  json_object_set_string_member (data, "created_at", now);

  return ud_outbox_append (db, "membership_event", EVENT_SCHEMA, uuid, 1, "upsert", data, error);
}

static gboolean
check_live_duplicate (UdDatabase  *db,
                      UdMember    *member,
                      GError     **error)
{
  g_autoptr(UdMember) existing = NULL;
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT id FROM member WHERE id_number = ?1 AND live = 1",
                                            error);
  gint64 other = 0;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, member->id_number, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    other = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (other != 0 && other != member->id)
    existing = ud_member_store_get (db, other, NULL);

  if (existing != NULL)
    {
      g_autofree char *masked = ud_mask_id_number (member->id_number);

      ud_set_field_error (error, UD_ERROR_DUPLICATE, "id_number",
                          _("ID number: %s (%s) is already a member of %s"),
                          existing->name, masked, existing->org_name);
      return FALSE;
    }

  return TRUE;
}

static void
bind_member_fields (sqlite3_stmt *stmt,
                    UdMember     *member)
{
  g_autoptr(GBytes) key = ud_member_name_sort_key (member->name);
  gsize key_size;
  gconstpointer key_data = g_bytes_get_data (key, &key_size);

  sqlite3_bind_text (stmt, 1, member->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, key_data, (int) key_size, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id_kind_codes[member->id_kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, member->id_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, reversed (member->id_number), -1, g_free);
  sqlite3_bind_text (stmt, 6, sex_codes[member->sex], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, member->birth_date, -1, SQLITE_TRANSIENT);
  ud_stmt_bind_text_or_null (stmt, 8, member->mobile);
  if (member->mobile != NULL)
    sqlite3_bind_text (stmt, 9, reversed (member->mobile), -1, g_free);
  else
    sqlite3_bind_null (stmt, 9);
  ud_stmt_bind_text_or_null (stmt, 10, member->ethnicity);
  sqlite3_bind_text (stmt, 11, ud_enum_code (&ud_education_info, member->education), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, ud_enum_code (&ud_hukou_info, member->hukou), -1, SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 13, member->employer_id);
  sqlite3_bind_text (stmt, 14, ud_enum_code (&ud_new_employment_info, member->new_employment),
                     -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 15, member->org_id);
  ud_stmt_bind_text_or_null (stmt, 16, member->join_date);
  sqlite3_bind_text (stmt, 17, ud_enum_code (&ud_join_channel_info, member->join_channel), -1,
                     SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 18, member->card_number);
  sqlite3_bind_text (stmt, 19, ud_enum_code (&ud_member_status_info, member->status), -1,
                     SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 20, member->status_date);
  ud_stmt_bind_id_or_null (stmt, 21, member->transfer_org_id);
  ud_stmt_bind_text_or_null (stmt, 22, member->note);
}

static void
refresh_joined (UdDatabase *db,
                UdMember   *member)
{
  g_autoptr(UdMember) stored = ud_member_store_get (db, member->id, NULL);

  if (stored == NULL)
    return;

  g_free (member->employer_name);
  member->employer_name = g_steal_pointer (&stored->employer_name);
  g_free (member->employer_credit_code);
  member->employer_credit_code = g_steal_pointer (&stored->employer_credit_code);
  member->employer_is_platform = stored->employer_is_platform;
  g_free (member->org_name);
  member->org_name = g_steal_pointer (&stored->org_name);
  g_free (member->transfer_org_name);
  member->transfer_org_name = g_steal_pointer (&stored->transfer_org_name);
  g_free (member->created_at);
  member->created_at = g_steal_pointer (&stored->created_at);
  g_free (member->updated_at);
  member->updated_at = g_steal_pointer (&stored->updated_at);
}

static gboolean
insert_member (UdDatabase      *db,
               const UdAccount *actor,
               UdMember        *member,
               GError         **error)
{
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *today_text = NULL;
  sqlite3_stmt *stmt;
  GDate today;
  int rc;

  ud_date_today (&today);
  if (!ud_member_validate (member, &today, error) || !check_live_duplicate (db, member, error))
    return FALSE;

  if (member->status != UD_MEMBER_STATUS_APPLIED)
    member->status = UD_MEMBER_STATUS_ACTIVE;
  member->transfer_org_id = 0;
  today_text = ud_date_format (&today);
  g_free (member->status_date);
  member->status_date = g_strdup (member->join_date ? member->join_date : today_text);

  stmt = ud_database_prepare (db,
                              "INSERT INTO member (name, name_key, id_kind, id_number,"
                              "  id_number_rev, sex, birth_date, mobile, mobile_rev, ethnicity,"
                              "  education, hukou, employer_id, new_employment, org_id, join_date,"
                              "  join_channel, card_number, status, status_date, transfer_org_id,"
                              "  note, live, uuid, version, created_at, updated_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                              "  ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?25, ?23, 1, ?24,"
                              "  ?24)",
                              error);
  if (stmt == NULL)
    return FALSE;

  bind_member_fields (stmt, member);
  sqlite3_bind_text (stmt, 23, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 24, now, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 25, ud_member_status_is_live (member->status));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving a member"));
      return FALSE;
    }

  member->id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
  g_free (member->uuid);
  member->uuid = g_steal_pointer (&uuid);
  member->version = 1;
  g_free (member->created_at);
  member->created_at = g_strdup (now);
  g_free (member->updated_at);
  member->updated_at = g_strdup (now);

  return gram_write (db, FALSE, member->id, member->name, error)
         && record_change (db, actor, member, NULL, "create", error)
         && insert_event (db, member, UD_MEMBER_EVENT_JOIN, member->status_date,
                          member->status, member->status, 0, member->org_id, NULL, NULL, error);
}

gboolean
ud_member_store_insert (UdDatabase      *db,
                        const UdAccount *actor,
                        UdMember        *member,
                        GError         **error)
{
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (member != NULL && member->id == 0, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_MEMBER_WRITE, error))
    return FALSE;

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = insert_member (db, actor, member, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    {
      if (owned)
        member->id = 0;
      return FALSE;
    }

  if (owned)
    {
      refresh_joined (db, member);
      ud_database_notify_changed (db, "member");
    }
  return TRUE;
}

/* Corrections: which fields changed, as JSON {"field": [before, after]}. ID numbers and mobiles
 * are kept whole here: the history is personal data like the record itself. */
static void
diff_text (JsonObject *changes,
           const char *field,
           const char *before,
           const char *after)
{
  JsonArray *pair;

  if (g_strcmp0 (before, after) == 0)
    return;

  pair = json_array_new ();
  if (before)
    json_array_add_string_element (pair, before);
  else
    json_array_add_null_element (pair);
  if (after)
    json_array_add_string_element (pair, after);
  else
    json_array_add_null_element (pair);
  json_object_set_array_member (changes, field, pair);
}

static void
diff_enum (JsonObject       *changes,
           const char       *field,
           const UdEnumInfo *info,
           int               before,
           int               after)
{
  if (before != after)
    diff_text (changes, field, ud_enum_code (info, before), ud_enum_code (info, after));
}

static void
diff_id (JsonObject *changes,
         const char *field,
         gint64      before,
         gint64      after)
{
  g_autofree char *b = NULL;
  g_autofree char *a = NULL;

  if (before == after)
    return;

  b = before ? g_strdup_printf ("%" G_GINT64_FORMAT, before) : NULL;
  a = after ? g_strdup_printf ("%" G_GINT64_FORMAT, after) : NULL;
  diff_text (changes, field, b, a);
}

static gboolean
update_member (UdDatabase      *db,
               const UdAccount *actor,
               UdMember        *member,
               const char      *reason,
               gboolean        *changed,
               GError         **error)
{
  g_autoptr(UdMember) old = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *changes_text = NULL;
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *today_text = NULL;
  sqlite3_stmt *stmt;
  GDate today;
  int rc;

  *changed = FALSE;
  old = ud_member_store_get (db, member->id, error);
  if (old == NULL)
    return FALSE;

  if (old->version != member->version)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("%s’s record was changed by someone else meanwhile; reopen it and try again"),
                   old->name);
      return FALSE;
    }

  /* Lifecycle fields change only through ud_member_store_change_status(). */
  member->status = old->status;
  g_free (member->status_date);
  member->status_date = g_strdup (old->status_date);
  member->transfer_org_id = old->transfer_org_id;

  ud_date_today (&today);
  if (!ud_member_validate (member, &today, error) || !check_live_duplicate (db, member, error))
    return FALSE;

  diff_text (changes, "name", old->name, member->name);
  diff_text (changes, "id_number", old->id_number, member->id_number);
  diff_text (changes, "mobile", old->mobile, member->mobile);
  diff_text (changes, "ethnicity", old->ethnicity, member->ethnicity);
  diff_enum (changes, "education", &ud_education_info, old->education, member->education);
  diff_enum (changes, "hukou", &ud_hukou_info, old->hukou, member->hukou);
  diff_id (changes, "employer_id", old->employer_id, member->employer_id);
  diff_enum (changes, "new_employment", &ud_new_employment_info, old->new_employment,
             member->new_employment);
  diff_id (changes, "org_id", old->org_id, member->org_id);
  diff_text (changes, "join_date", old->join_date, member->join_date);
  diff_enum (changes, "join_channel", &ud_join_channel_info, old->join_channel,
             member->join_channel);
  diff_text (changes, "card_number", old->card_number, member->card_number);
  diff_text (changes, "note", old->note, member->note);

  if (json_object_get_size (changes) == 0)
    return TRUE;

  stmt = ud_database_prepare (db,
                              "UPDATE member SET name = ?1, name_key = ?2, id_kind = ?3,"
                              "  id_number = ?4, id_number_rev = ?5, sex = ?6, birth_date = ?7,"
                              "  mobile = ?8, mobile_rev = ?9, ethnicity = ?10, education = ?11,"
                              "  hukou = ?12, employer_id = ?13, new_employment = ?14,"
                              "  org_id = ?15, join_date = ?16, join_channel = ?17,"
                              "  card_number = ?18, status = ?19, status_date = ?20,"
                              "  transfer_org_id = ?21, note = ?22, version = version + 1,"
                              "  updated_at = ?23 "
                              "WHERE id = ?24 AND version = ?25",
                              error);
  if (stmt == NULL)
    return FALSE;

  bind_member_fields (stmt, member);
  sqlite3_bind_text (stmt, 23, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 24, member->id);
  sqlite3_bind_int64 (stmt, 25, member->version);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("saving a member"));
      return FALSE;
    }

  member->version++;
  g_free (member->updated_at);
  member->updated_at = g_strdup (now);

  if (g_strcmp0 (old->name, member->name) != 0
      && (!gram_write (db, TRUE, member->id, old->name, error)
          || !gram_write (db, FALSE, member->id, member->name, error)))
    return FALSE;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, changes);
  changes_text = ud_json_node_to_string (node);
  today_text = ud_date_format (&today);

  *changed = TRUE;
  return record_change (db, actor, member, old, "update", error)
         && insert_event (db, member, UD_MEMBER_EVENT_CORRECT, today_text, member->status,
                          member->status, old->org_id, member->org_id, reason, changes_text,
                          error);
}

gboolean
ud_member_store_update (UdDatabase      *db,
                        const UdAccount *actor,
                        UdMember        *member,
                        const char      *reason,
                        GError         **error)
{
  gint64 version = member->version;
  gboolean changed = FALSE;
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (member != NULL && member->id > 0, FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_MEMBER_WRITE, error))
    return FALSE;

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = update_member (db, actor, member, reason, &changed, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    {
      member->version = version;
      return FALSE;
    }

  if (owned && changed)
    {
      refresh_joined (db, member);
      ud_database_notify_changed (db, "member");
    }
  return TRUE;
}

gboolean
ud_member_event_allowed (UdMemberStatus    status,
                         UdMemberEventKind event)
{
  gboolean live = ud_member_status_is_live (status);

  switch (event)
    {
    case UD_MEMBER_EVENT_ACTIVATE:
      return status == UD_MEMBER_STATUS_APPLIED;
    case UD_MEMBER_EVENT_TRANSFER_OUT:
      return status == UD_MEMBER_STATUS_ACTIVE || status == UD_MEMBER_STATUS_RETAINED;
    case UD_MEMBER_EVENT_TRANSFER_IN:
    case UD_MEMBER_EVENT_TRANSFER_CANCEL:
      return status == UD_MEMBER_STATUS_TRANSFER_PENDING;
    case UD_MEMBER_EVENT_RETAIN:
      return status == UD_MEMBER_STATUS_ACTIVE;
    case UD_MEMBER_EVENT_LAPSE:
    case UD_MEMBER_EVENT_WITHDRAW:
    case UD_MEMBER_EVENT_EXPEL:
      return live && status != UD_MEMBER_STATUS_TRANSFER_PENDING;
    case UD_MEMBER_EVENT_DECEASE:
      return status != UD_MEMBER_STATUS_DECEASED;
    case UD_MEMBER_EVENT_REINSTATE:
      return status == UD_MEMBER_STATUS_RETAINED || status == UD_MEMBER_STATUS_LAPSED
             || status == UD_MEMBER_STATUS_WITHDRAWN;
    case UD_MEMBER_EVENT_JOIN:
    case UD_MEMBER_EVENT_CORRECT:
    default:
      return FALSE;
    }
}

static UdMemberStatus
status_after (UdMemberEventKind event,
              UdMemberStatus    from)
{
  switch (event)
    {
    case UD_MEMBER_EVENT_TRANSFER_OUT:
      return UD_MEMBER_STATUS_TRANSFER_PENDING;
    case UD_MEMBER_EVENT_RETAIN:
      return UD_MEMBER_STATUS_RETAINED;
    case UD_MEMBER_EVENT_LAPSE:
      return UD_MEMBER_STATUS_LAPSED;
    case UD_MEMBER_EVENT_WITHDRAW:
      return UD_MEMBER_STATUS_WITHDRAWN;
    case UD_MEMBER_EVENT_EXPEL:
      return UD_MEMBER_STATUS_EXPELLED;
    case UD_MEMBER_EVENT_DECEASE:
      return UD_MEMBER_STATUS_DECEASED;
    case UD_MEMBER_EVENT_ACTIVATE:
    case UD_MEMBER_EVENT_TRANSFER_IN:
    case UD_MEMBER_EVENT_TRANSFER_CANCEL:
    case UD_MEMBER_EVENT_REINSTATE:
      return UD_MEMBER_STATUS_ACTIVE;
    case UD_MEMBER_EVENT_JOIN:
    case UD_MEMBER_EVENT_CORRECT:
    default:
      return from;
    }
}

static gboolean
change_status (UdDatabase        *db,
               const UdAccount   *actor,
               gint64             member_id,
               UdMemberEventKind  event,
               const char        *date,
               const char        *reason,
               gint64             to_org_id,
               GError           **error)
{
  g_autoptr(UdMember) member = ud_member_store_get (db, member_id, error);
  g_autoptr(UdMember) before = NULL;
  g_autofree char *event_date = NULL;
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *clean_reason = g_strstrip (g_strdup (reason ? reason : ""));
  UdMemberStatus from_status;
  gint64 from_org_id;
  sqlite3_stmt *stmt;
  GDate today;
  GDate when;
  int rc;

  if (member == NULL)
    return FALSE;

  if (!ud_member_event_allowed (member->status, event))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("%s is “%s”: “%s” is not possible from that status"), member->name,
                   ud_enum_label (&ud_member_status_info, member->status),
                   ud_enum_label (&ud_member_event_kind_info, event));
      return FALSE;
    }

  ud_date_today (&today);
  if (date != NULL && *date != '\0')
    {
      if (!ud_date_parse (date, _("Date"), &when, error))
        return FALSE;
      if (g_date_compare (&when, &today) > 0)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_DATE, "event_date",
                              _("Date: %s is in the future"), date);
          return FALSE;
        }
    }
  else
    when = today;
  event_date = ud_date_format (&when);

  if ((event == UD_MEMBER_EVENT_EXPEL || event == UD_MEMBER_EVENT_LAPSE
       || event == UD_MEMBER_EVENT_WITHDRAW || event == UD_MEMBER_EVENT_TRANSFER_CANCEL)
      && *clean_reason == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "reason",
                          _("Reason: enter why (it is kept in the member’s history)"));
      return FALSE;
    }

  from_status = member->status;
  from_org_id = member->org_id;
  before = ud_member_copy (member);

  switch (event)
    {
    case UD_MEMBER_EVENT_TRANSFER_OUT:
      if (to_org_id <= 0 || to_org_id == member->org_id)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "to_org",
                              _("Transfer to: choose the union the member moves to"));
          return FALSE;
        }
      member->transfer_org_id = to_org_id;
      break;
    case UD_MEMBER_EVENT_TRANSFER_IN:
      to_org_id = member->transfer_org_id;
      member->org_id = member->transfer_org_id;
      member->transfer_org_id = 0;
      break;
    case UD_MEMBER_EVENT_TRANSFER_CANCEL:
      to_org_id = member->org_id;
      member->transfer_org_id = 0;
      break;
    case UD_MEMBER_EVENT_REINSTATE:
      {
        g_autoptr(UdMember) live = ud_member_store_find_live (db, member->id_number, NULL);

        if (live != NULL && live->id != member->id)
          {
            g_autofree char *masked = ud_mask_id_number (member->id_number);

            g_set_error (error, UD_ERROR, UD_ERROR_DUPLICATE,
                         _("%s cannot be reinstated: the ID number %s already has a membership "
                           "in %s"), member->name, masked, live->org_name);
            return FALSE;
          }
        to_org_id = member->org_id;
      }
      break;
    default:
      to_org_id = member->org_id;
      break;
    }

  member->status = status_after (event, from_status);
  g_free (member->status_date);
  member->status_date = g_strdup (event_date);

  stmt = ud_database_prepare (db,
                              "UPDATE member SET status = ?1, status_date = ?2, org_id = ?3,"
                              "  transfer_org_id = ?4, version = version + 1, updated_at = ?5,"
                              "  live = ?8 "
                              "WHERE id = ?6 AND version = ?7",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, ud_enum_code (&ud_member_status_info, member->status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, event_date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, member->org_id);
  ud_stmt_bind_id_or_null (stmt, 4, member->transfer_org_id);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, member->id);
  sqlite3_bind_int64 (stmt, 7, member->version);
  sqlite3_bind_int (stmt, 8, ud_member_status_is_live (member->status));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        {
          g_autofree char *masked = ud_mask_id_number (member->id_number);
          g_set_error (error, UD_ERROR, UD_ERROR_DUPLICATE,
                       _("The ID number %s already has a live membership"), masked);
        }
      else
        ud_database_set_error (db, error, _("changing a member’s status"));
      return FALSE;
    }

  member->version++;
  g_free (member->updated_at);
  member->updated_at = g_strdup (now);

  return record_change (db, actor, member, before, "status", error)
         && insert_event (db, member, event, event_date, from_status, member->status, from_org_id,
                          to_org_id, *clean_reason ? clean_reason : NULL, NULL, error);
}

gboolean
ud_member_store_change_status (UdDatabase        *db,
                               const UdAccount   *actor,
                               gint64             member_id,
                               UdMemberEventKind  event,
                               const char        *date,
                               const char        *reason,
                               gint64             to_org_id,
                               GError           **error)
{
  gboolean owned;
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  if (!ud_guard_check_current (db, actor, UD_ACTION_MEMBER_WRITE, error))
    return FALSE;

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;
  ok = change_status (db, actor, member_id, event, date, reason, to_org_id, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    return FALSE;

  if (owned)
    ud_database_notify_changed (db, "member");
  return TRUE;
}

gboolean
ud_member_store_audit_view (UdDatabase      *db,
                            const UdAccount *actor,
                            gint64           member_id,
                            const char      *what,
                            GError         **error)
{
  g_autoptr(UdMember) member = NULL;
  g_autoptr(JsonObject) seen = NULL;

  if (!ud_guard_check_current (db, actor, UD_ACTION_VIEW_PERSONAL, error))
    return FALSE;

  member = ud_member_store_get (db, member_id, error);
  if (member == NULL)
    return FALSE;

  seen = json_object_new ();
  json_object_set_string_member (seen, "field", what);
  return ud_audit_append (db, actor, "member", member->uuid, "view_personal", NULL, seen, error);
}

GPtrArray *
ud_member_store_history (UdDatabase  *db,
                         gint64       member_id,
                         GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT ev.id, ev.uuid, ev.kind, ev.event_date,"
                                            "  ev.from_status, ev.to_status, f.name, t.name,"
                                            "  ev.reason, ev.changes, ev.created_at "
                                            "FROM membership_event ev "
                                            "LEFT JOIN org f ON f.id = ev.from_org_id "
                                            "LEFT JOIN org t ON t.id = ev.to_org_id "
                                            "WHERE ev.member_id = ?1 ORDER BY ev.id",
                                            error);
  GPtrArray *events;
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, member_id);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_member_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UdMemberEvent *event = g_new0 (UdMemberEvent, 1);

      event->id = sqlite3_column_int64 (stmt, 0);
      event->uuid = ud_stmt_dup_text (stmt, 1);
      event->kind = ud_stmt_column_enum (stmt, 2, &ud_member_event_kind_info);
      event->event_date = ud_stmt_dup_text (stmt, 3);
      event->from_status = ud_stmt_column_enum (stmt, 4, &ud_member_status_info);
      event->to_status = ud_stmt_column_enum (stmt, 5, &ud_member_status_info);
      event->from_org_name = ud_stmt_dup_text (stmt, 6);
      event->to_org_name = ud_stmt_dup_text (stmt, 7);
      event->reason = ud_stmt_dup_text (stmt, 8);
      event->changes = ud_stmt_dup_text (stmt, 9);
      event->created_at = ud_stmt_dup_text (stmt, 10);
      g_ptr_array_add (events, event);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading the member’s history"));
      g_ptr_array_unref (events);
      return NULL;
    }

  return events;
}
