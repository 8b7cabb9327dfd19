/* tests/test-audit.c — the audit trail: one entry per change in the change's transaction, the
 * SHA-256 chain, before → after of the changed fields, verification and tampering with plain SQL,
 * the outbox, listing with filters
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ud-audit.h"
#include "ud-date.h"
#include "ud-demo.h"
#include "ud-error.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-test-util.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  UdTestDb *t;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->t = ud_test_db_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->t, ud_test_db_free);
}

static gint64
query_int (UdDatabase *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
count_entries (UdDatabase *db)
{
  return query_int (db, "SELECT count(*) FROM audit_entry");
}

/* Every entry, oldest first. */
static GPtrArray *
all_entries (UdDatabase *db)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = ud_audit_list (db, NULL, 0, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len / 2; i++)
    {
      gpointer swap = entries->pdata[i];

      entries->pdata[i] = entries->pdata[entries->len - 1 - i];
      entries->pdata[entries->len - 1 - i] = swap;
    }
  return entries;
}

static UdMember *
insert_member (UdDatabase      *db,
               const UdAccount *actor,
               const char      *name,
               guint            sequence)
{
  g_autofree char *id_number = ud_test_make_id ("330102", "19800101", sequence);
  g_autoptr(GError) error = NULL;
  UdMember *member = ud_test_member_new (db, name, id_number);

  member->mobile = g_strdup ("13812345678");
  ud_member_store_insert (db, actor, member, &error);
  g_assert_no_error (error);
  return member;
}

static void
assert_verifies (UdDatabase *db)
{
  g_autoptr(GError) error = NULL;
  gint64 broken = -1;
  guint64 n = 0;

  g_assert_true (ud_audit_verify (db, &broken, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (broken, ==, 0);
  g_assert_cmpuint (n, ==, (guint64) count_entries (db));
}

/* Tests */

static void
test_same_transaction (Fixture       *f,
                       gconstpointer  data)
{
  const UdAccount *clerk = ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  g_autoptr(UdMember) member = NULL;
  g_autoptr(UdMember) duplicate = NULL;
  g_autoptr(UdMember) rolled_back = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *head_after = NULL;
  UdAuditEntry *last;
  gint64 before = count_entries (f->t->db);

  /* A change writes one entry, about that record, by that account. */
  member = insert_member (f->t->db, clerk, "张伟", 1);
  g_assert_cmpint (count_entries (f->t->db), ==, before + 1);
  entries = all_entries (f->t->db);
  last = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpstr (last->entity, ==, "member");
  g_assert_cmpstr (last->action, ==, "create");
  g_assert_cmpstr (last->record_uuid, ==, member->uuid);
  g_assert_cmpint (last->account_id, ==, clerk->id);
  g_assert_cmpstr (last->account_name, ==, "clerk");

  /* A refused change writes none. */
  head = ud_database_dup_meta (f->t->db, "audit_head");
  duplicate = ud_test_member_new (f->t->db, "张伟", member->id_number);
  g_assert_false (ud_member_store_insert (f->t->db, clerk, duplicate, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (count_entries (f->t->db), ==, before + 1);

  /* A change rolled back with its transaction takes its entry (and the chain's head) along. */
  g_assert_true (ud_database_begin (f->t->db, &error));
  rolled_back = insert_member (f->t->db, clerk, "李娜", 2);
  g_assert_cmpint (count_entries (f->t->db), ==, before + 2);
  ud_database_rollback (f->t->db);
  g_assert_cmpint (count_entries (f->t->db), ==, before + 1);
  head_after = ud_database_dup_meta (f->t->db, "audit_head");
  g_assert_cmpstr (head, ==, head_after);
  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM member"), ==, 1);

  assert_verifies (f->t->db);

  /* The next change continues the chain where it was. */
  g_clear_pointer (&rolled_back, ud_member_free);
  rolled_back = insert_member (f->t->db, clerk, "李娜", 2);
  assert_verifies (f->t->db);
}

static void
test_chain (Fixture       *f,
            gconstpointer  data)
{
  const UdAccount *clerk = ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  g_autoptr(UdMember) first = insert_member (f->t->db, clerk, "王芳", 3);
  g_autoptr(UdMember) second = insert_member (f->t->db, clerk, "刘洋", 4);
  g_autoptr(GPtrArray) entries = all_entries (f->t->db);
  g_autofree char *head = ud_database_dup_meta (f->t->db, "audit_head");
  UdAuditEntry *entry;

  g_assert_cmpuint (entries->len, >=, 3);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->seq, ==, 1);
  g_assert_cmpstr (entry->prev_hash, ==, GENESIS_HASH);

  for (guint i = 0; i < entries->len; i++)
    {
      UdAuditEntry *current = g_ptr_array_index (entries, i);

      g_assert_cmpint (current->seq, ==, i + 1);
      g_assert_cmpuint (strlen (current->hash), ==, 64);
      g_assert_true (g_uuid_string_is_valid (current->uuid));
      if (i > 0)
        {
          UdAuditEntry *previous = g_ptr_array_index (entries, i - 1);

          g_assert_cmpstr (current->prev_hash, ==, previous->hash);
          g_assert_cmpstr (current->hash, !=, previous->hash);
        }
    }

  /* The newest hash is kept apart, so that entries cut off at the end are noticed. */
  entry = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpstr (head, ==, entry->hash);
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  const UdAccount *clerk = ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  g_autoptr(UdMember) member = insert_member (f->t->db, clerk, "陈静", 5);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  UdAuditEntry *entry;
  JsonObject *changes;
  JsonArray *mobile;

  g_free (member->mobile);
  member->mobile = g_strdup ("13987654321");
  g_assert_true (ud_member_store_update (f->t->db, clerk, member, "换了号码", &error));
  g_assert_no_error (error);

  entries = all_entries (f->t->db);
  entry = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_cmpstr (entry->record_uuid, ==, member->uuid);

  root = json_from_string (entry->changes, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  changes = json_node_get_object (root);

  /* The changed field as [before, after] … */
  g_assert_true (json_object_has_member (changes, "mobile"));
  mobile = json_object_get_array_member (changes, "mobile");
  g_assert_cmpuint (json_array_get_length (mobile), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (mobile, 0), ==, "13812345678");
  g_assert_cmpstr (json_array_get_string_element (mobile, 1), ==, "13987654321");

  /* … and none that stayed the same. */
  g_assert_false (json_object_has_member (changes, "name"));
  g_assert_false (json_object_has_member (changes, "id_number"));
  g_assert_false (json_object_has_member (changes, "org"));
  g_assert_false (json_object_has_member (changes, "updated_at"));

  /* A new record: every field as [null, value]. */
  entry = g_ptr_array_index (entries, entries->len - 2);
  g_assert_cmpstr (entry->action, ==, "create");
  g_clear_pointer (&root, json_node_unref);
  root = json_from_string (entry->changes, &error);
  g_assert_no_error (error);
  changes = json_node_get_object (root);
  g_assert_true (json_object_has_member (changes, "name"));
  g_assert_true (json_node_is_null (json_array_get_element (
    json_object_get_array_member (changes, "name"), 0)));
}

static void
test_verify_busy (Fixture       *f,
                  gconstpointer  data)
{
  const UdAccount *admin = ud_test_admin (f->t->db);
  g_autoptr(GError) error = NULL;

  assert_verifies (f->t->db);

  g_assert_true (ud_demo_populate (f->t->db, admin, 150, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_entries (f->t->db), >, 150);
  assert_verifies (f->t->db);

  /* And after closing and reopening. */
  g_clear_object (&f->t->db);
  f->t->db = ud_database_open (f->t->path, &error);
  g_assert_no_error (error);
  assert_verifies (f->t->db);
}

/* Tampering, with plain SQL on a copy of a busy database */

typedef struct
{
  UdTestDb *t;
  char     *copy;     /* owned: the path of the copy that is tampered with */
  gint64    n;        /* audit entries in it */
} TamperFixture;

static void
tamper_set_up (TamperFixture *f,
               gconstpointer  data)
{
  static const char *names[] = { "吴刚", "郑爽", "冯敏", "褚磊", "卫红", "蒋涛", "沈洁", "韩梅" };
  const UdAccount *clerk;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;

  f->t = ud_test_db_new ();
  clerk = ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(UdMember) member = insert_member (f->t->db, clerk, names[i], 100 + i);
    }
  f->n = count_entries (f->t->db);
  g_assert_cmpint (f->n, >=, 10);
  assert_verifies (f->t->db);

  /* Closing checkpoints the log: the copy is the whole database. */
  g_clear_object (&f->t->db);
  f->copy = g_build_filename (f->t->dir, "copy.db", NULL);
  source = g_file_new_for_path (f->t->path);
  target = g_file_new_for_path (f->copy);
  g_assert_true (g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
tamper_tear_down (TamperFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) original = NULL;

  /* Whatever was done to the copy, the original is intact. */
  original = ud_database_open (f->t->path, &error);
  g_assert_no_error (error);
  assert_verifies (original);
  g_clear_object (&original);

  g_free (f->copy);
  g_clear_pointer (&f->t, ud_test_db_free);
}

/* Runs @sql on @path with a plain SQLite connection; returns SQLite's result and message. */
static int
plain_sql (const char  *path,
           const char  *sql,
           char       **message)
{
  sqlite3 *handle = NULL;
  char *sqlite_message = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  rc = sqlite3_exec (handle, sql, NULL, NULL, &sqlite_message);
  if (message != NULL)
    *message = g_strdup (sqlite_message);
  sqlite3_free (sqlite_message);
  sqlite3_close (handle);
  return rc;
}

/* Opens the tampered copy and verifies it: it must fail. Returns the broken entry. */
static gint64
verify_copy_fails (TamperFixture  *f,
                   char          **message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) db = ud_database_open (f->copy, &error);
  gint64 broken = -1;
  guint64 n = 0;

  g_assert_no_error (error);
  g_assert_false (ud_audit_verify (db, &broken, &n, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_CONFLICT);
  g_test_message ("verify: %s", error->message);
  *message = g_strdup (error->message);
  return broken;
}

static void
test_tamper_update (TamperFixture *f,
                    gconstpointer  data)
{
  g_autofree char *message = NULL;

  g_assert_cmpint (plain_sql (f->copy,
                              "DROP TRIGGER audit_entry_no_update;"
                              "UPDATE audit_entry SET changes = '{\"name\":[null,\"改过\"]}' "
                              "WHERE seq = 3",
                              NULL), ==, SQLITE_OK);

  g_assert_cmpint (verify_copy_fails (f, &message), ==, 3);
  g_assert_nonnull (strstr (message, "entry 3 "));
}

static void
test_tamper_update_hash_too (TamperFixture *f,
                             gconstpointer  data)
{
  g_autofree char *message = NULL;

  /* Changing an entry and writing a made-up hash breaks the link of the next one. */
  g_assert_cmpint (plain_sql (f->copy,
                              "DROP TRIGGER audit_entry_no_update;"
                              "UPDATE audit_entry SET account_name = 'nobody',"
                              "  hash = '11111111111111111111111111111111"
                              "11111111111111111111111111111111'"
                              " WHERE seq = 4",
                              NULL), ==, SQLITE_OK);

  g_assert_cmpint (verify_copy_fails (f, &message), ==, 4);
}

static void
test_tamper_delete_middle (TamperFixture *f,
                           gconstpointer  data)
{
  g_autofree char *message = NULL;

  g_assert_cmpint (plain_sql (f->copy,
                              "DROP TRIGGER audit_entry_no_delete;"
                              "DELETE FROM audit_entry WHERE seq = 5",
                              NULL), ==, SQLITE_OK);

  g_assert_cmpint (verify_copy_fails (f, &message), ==, 5);
  g_assert_nonnull (strstr (message, "entry 5 "));
}

static void
test_tamper_delete_last (TamperFixture *f,
                         gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_entry_no_delete;"
                                          "DELETE FROM audit_entry WHERE seq > %" G_GINT64_FORMAT,
                                          f->n - 2);

  g_assert_cmpint (plain_sql (f->copy, sql, NULL), ==, SQLITE_OK);

  g_assert_cmpint (verify_copy_fails (f, &message), ==, f->n - 1);
  g_assert_nonnull (strstr (message, "deleted"));
}

static void
test_tamper_triggers (TamperFixture *f,
                      gconstpointer  data)
{
  g_autofree char *update_message = NULL;
  g_autofree char *delete_message = NULL;
  g_autoptr(UdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  /* While the triggers exist, plain SQL cannot change or delete an entry. */
  g_assert_cmpint (plain_sql (f->copy, "UPDATE audit_entry SET changes = '{}' WHERE seq = 3",
                              &update_message), ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (update_message, "cannot be changed"));
  g_assert_cmpint (plain_sql (f->copy, "DELETE FROM audit_entry WHERE seq = 3",
                              &delete_message), ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (delete_message, "cannot be deleted"));
  g_assert_cmpint (plain_sql (f->copy, "DELETE FROM audit_entry", NULL), ==, SQLITE_CONSTRAINT);

  db = ud_database_open (f->copy, &error);
  g_assert_no_error (error);
  assert_verifies (db);
  g_assert_cmpint (count_entries (db), ==, f->n);
}

/* The outbox and the list */

static void
test_outbox (Fixture       *f,
             gconstpointer  data)
{
  const UdAccount *clerk = ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  g_autoptr(UdMember) member = insert_member (f->t->db, clerk, "赵磊", 6);
  g_autoptr(GPtrArray) entries = all_entries (f->t->db);

  g_assert_cmpint (query_int (f->t->db, "SELECT count(*) FROM outbox WHERE entity = 'audit_entry'"),
                   ==, count_entries (f->t->db));

  for (guint i = 0; i < entries->len; i++)
    {
      UdAuditEntry *entry = g_ptr_array_index (entries, i);
      sqlite3_stmt *stmt = NULL;
      g_autoptr(JsonNode) payload = NULL;
      JsonObject *object;

      g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (f->t->db),
                                           "SELECT payload FROM outbox"
                                           " WHERE entity = 'audit_entry' AND uuid = ?1",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, entry->uuid, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      payload = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
      sqlite3_finalize (stmt);

      g_assert_nonnull (payload);
      object = json_node_get_object (payload);
      g_assert_cmpint (json_object_get_int_member (object, "seq"), ==, entry->seq);
      g_assert_cmpstr (json_object_get_string_member (object, "hash"), ==, entry->hash);
      g_assert_cmpstr (json_object_get_string_member (object, "prev_hash"), ==,
                       entry->prev_hash);
    }
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  const UdAccount *admin = ud_test_admin (f->t->db);
  const UdAccount *clerk = ud_test_account (f->t->db, "clerk", UD_ROLE_CLERK);
  const UdAccount *other = ud_test_account (f->t->db, "other", UD_ROLE_CLERK);
  g_autoptr(UdMember) first = insert_member (f->t->db, clerk, "孙丽", 7);
  g_autoptr(UdMember) second = insert_member (f->t->db, other, "周杰", 8);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(UdOrg) org = ud_org_new ();
  UdAuditFilter filter = { 0 };
  UdAuditEntry *entry;
  GDate today, yesterday, tomorrow;
  g_autofree char *today_text = NULL;
  g_autofree char *yesterday_text = NULL;
  g_autofree char *tomorrow_text = NULL;
  gint64 total;

  org->name = g_strdup ("石桥街道总工会");
  org->kind = UD_ORG_KIND_STREET;
  org->parent_id = ud_database_get_office_org_id (f->t->db);
  g_assert_true (ud_org_insert (f->t->db, admin, org, &error));
  g_assert_no_error (error);
  g_free (first->note);
  first->note = g_strdup ("补充备注");
  g_assert_true (ud_member_store_update (f->t->db, clerk, first, NULL, &error));
  g_assert_no_error (error);
  total = count_entries (f->t->db);

  /* Everything, newest first. */
  found = ud_audit_list (f->t->db, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->len, ==, total);
  g_assert_cmpint (((UdAuditEntry *) g_ptr_array_index (found, 0))->seq, ==, total);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Paging. */
  found = ud_audit_list (f->t->db, NULL, 1, 2, &error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpint (((UdAuditEntry *) g_ptr_array_index (found, 0))->seq, ==, total - 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* By account: the clerk's own entries only. */
  filter.account_id = clerk->id;
  found = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 2);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (((UdAuditEntry *) g_ptr_array_index (found, i))->account_id, ==, clerk->id);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* By record: the first member's create and update. */
  filter.account_id = 0;
  filter.record_uuid = first->uuid;
  found = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_cmpuint (found->len, ==, 2);
  entry = g_ptr_array_index (found, 0);
  g_assert_cmpstr (entry->action, ==, "update");
  entry = g_ptr_array_index (found, 1);
  g_assert_cmpstr (entry->action, ==, "create");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* By action and entity. */
  filter.record_uuid = NULL;
  filter.action = (char *) "create";
  filter.entity = (char *) "member";
  found = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_cmpuint (found->len, ==, 2);
  entry = g_ptr_array_index (found, 0);
  g_assert_cmpstr (entry->record_uuid, ==, second->uuid);
  g_clear_pointer (&found, g_ptr_array_unref);
  filter.entity = (char *) "org";
  found = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_cmpuint (found->len, >=, 1);
  entry = g_ptr_array_index (found, 0);
  g_assert_cmpstr (entry->record_uuid, ==, org->uuid);
  g_clear_pointer (&found, g_ptr_array_unref);
  filter.action = NULL;
  filter.entity = NULL;

  /* By dates (local): everything is from today. */
  ud_date_today (&today);
  yesterday = today;
  g_date_subtract_days (&yesterday, 1);
  tomorrow = today;
  g_date_add_days (&tomorrow, 1);
  today_text = ud_date_format (&today);
  yesterday_text = ud_date_format (&yesterday);
  tomorrow_text = ud_date_format (&tomorrow);

  filter.from_date = today_text;
  filter.to_date = today_text;
  found = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_cmpint (found->len, ==, total);
  g_clear_pointer (&found, g_ptr_array_unref);

  filter.from_date = tomorrow_text;
  filter.to_date = NULL;
  found = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  filter.from_date = NULL;
  filter.to_date = yesterday_text;
  found = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  filter.from_date = yesterday_text;
  filter.to_date = tomorrow_text;
  filter.account_id = other->id;
  found = ud_audit_list (f->t->db, &filter, 0, 0, &error);
  g_assert_cmpuint (found->len, >=, 1);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (((UdAuditEntry *) g_ptr_array_index (found, i))->account_id, ==, other->id);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ud_password_use_test_cost ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_TAMPER(path, func) \
  g_test_add (path, TamperFixture, NULL, tamper_set_up, func, tamper_tear_down)

  ADD ("/ud/audit/same-transaction", test_same_transaction);
  ADD ("/ud/audit/chain", test_chain);
  ADD ("/ud/audit/changes", test_changes);
  ADD ("/ud/audit/verify-busy", test_verify_busy);
  ADD_TAMPER ("/ud/audit/tamper/update", test_tamper_update);
  ADD_TAMPER ("/ud/audit/tamper/update-hash-too", test_tamper_update_hash_too);
  ADD_TAMPER ("/ud/audit/tamper/delete-middle", test_tamper_delete_middle);
  ADD_TAMPER ("/ud/audit/tamper/delete-last", test_tamper_delete_last);
  ADD_TAMPER ("/ud/audit/tamper/triggers", test_tamper_triggers);
  ADD ("/ud/audit/outbox", test_outbox);
  ADD ("/ud/audit/list", test_list);

#undef ADD
#undef ADD_TAMPER

  return g_test_run ();
}
