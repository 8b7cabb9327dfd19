/* tests/test-database.c — opening, pragmas, migrations and the outbox
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ud-database.h"
#include "ud-error.h"
#include "ud-org.h"
#include "ud-outbox.h"
#include "ud-test-util.h"

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

static char *
query_text (UdDatabase *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
test_open_settings (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autofree char *journal = query_text (t->db, "PRAGMA journal_mode");
  struct stat st;

  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (query_int (t->db, "PRAGMA synchronous"), ==, 2);  /* FULL */
  g_assert_cmpint (query_int (t->db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (ud_database_get_schema_version (t->db), ==,
                   ud_database_latest_schema_version ());

  g_assert_cmpint (g_stat (t->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_nonnull (ud_database_get_device_id (t->db));
  g_assert_true (g_uuid_string_is_valid (ud_database_get_device_id (t->db)));
  g_assert_cmpint (ud_database_get_office_org_id (t->db), >, 0);
}

static void
test_reopen_keeps_identity (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autofree char *device = g_strdup (ud_database_get_device_id (t->db));
  gint64 office = ud_database_get_office_org_id (t->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) again = NULL;
  g_autoptr(UdDatabase) worker = NULL;

  g_clear_object (&t->db);
  again = ud_database_open (t->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ud_database_get_device_id (again), ==, device);
  g_assert_cmpint (ud_database_get_office_org_id (again), ==, office);
  g_assert_cmpint (query_int (again, "SELECT count(*) FROM org WHERE is_office"), ==, 1);

  worker = ud_database_open_worker (t->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ud_database_get_device_id (worker), ==, device);
}

/* Rows as an older version wrote them: an org and a member (schema 1 columns). */
static void
fill_old_database (UdDatabase *db)
{
  g_assert_true (ud_database_exec (db,
    "INSERT INTO org (id, uuid, version, name, kind, is_office, created_at, updated_at)"
    "  VALUES (7, '00000000-0000-7000-8000-000000000007', 1, '和平街道总工会', 'street', 0,"
    "          '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z');"
    "INSERT INTO member (id, uuid, version, name, name_key, id_kind, id_number, id_number_rev,"
    "  sex, birth_date, mobile, org_id, join_date, status, live, created_at, updated_at)"
    "  VALUES (11, '00000000-0000-7000-8000-000000000011', 3, '李明', x'01', 'resident',"
    "          '11010519491231002X', 'X20013219491501011', 'female', '1949-12-31',"
    "          '13800138000', 7, '2020-05-01', 'active', 1,"
    "          '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z');"
    "INSERT INTO outbox (entity, uuid, version, op, payload, changed_at)"
    "  VALUES ('member', '00000000-0000-7000-8000-000000000011', 3, 'upsert', '{}',"
    "          '2026-01-02T03:04:05.000Z');",
    NULL));
}

static void
test_migrate_from_every_version (void)
{
  int latest = ud_database_latest_schema_version ();

  for (int from = 0; from < latest; from++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("ud-test-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "old.db", NULL);
      g_autoptr(UdDatabase) old = ud_database_open_at_version (path, from, &error);
      g_autoptr(UdDatabase) db = NULL;
      g_autofree char *ok = NULL;
      g_autofree char *fk = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (ud_database_get_schema_version (old), ==, from);
      if (from >= 1)
        fill_old_database (old);
      g_clear_object (&old);

      db = ud_database_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ud_database_get_schema_version (db), ==, latest);

      /* What the older version wrote is still there, whole. */
      if (from >= 1)
        {
          g_autofree char *name = query_text (db, "SELECT name FROM member WHERE id = 11");
          g_autofree char *org = query_text (db, "SELECT o.name FROM member m JOIN org o"
                                                 " ON o.id = m.org_id WHERE m.id = 11");

          g_assert_cmpstr (name, ==, "李明");
          g_assert_cmpstr (org, ==, "和平街道总工会");
          g_assert_cmpint (query_int (db, "SELECT version FROM member WHERE id = 11"), ==, 3);
          g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE entity = 'member'"),
                           ==, 1);
        }

      /* The newer tables are there and usable; policy defaults are in force. */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM account"), ==, 0);
      if (latest >= 3)
        g_assert_cmpint (query_int (db, "SELECT count(*) FROM policy_param"), >, 0);
      ok = query_text (db, "PRAGMA integrity_check");
      fk = query_text (db, "PRAGMA foreign_key_check");
      g_assert_cmpstr (ok, ==, "ok");
      g_assert_null (fk);

      g_clear_object (&db);
      ud_test_rm_rf (dir);
    }
}

static void
test_integrity (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autofree char *ok = query_text (t->db, "PRAGMA integrity_check");
  g_autofree char *fk = query_text (t->db, "PRAGMA foreign_key_check");

  g_assert_cmpstr (ok, ==, "ok");
  g_assert_null (fk);
}

static void
test_too_new_refused (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) again = NULL;

  g_assert_true (ud_database_exec (t->db, "PRAGMA user_version = 999", NULL));
  g_clear_object (&t->db);

  again = ud_database_open (t->path, &error);
  g_assert_null (again);
  g_assert_error (error, UD_ERROR, UD_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "999"));
}

static void
test_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ud-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "roster.csv", NULL);
  g_autoptr(UdDatabase) db = NULL;

  g_assert_true (g_file_set_contents (path, "姓名,身份证号\r\n张三,110105194912310021\r\n" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", -1, NULL));
  db = ud_database_open (path, &error);
  g_assert_null (db);
  g_assert_nonnull (error);
  /* The file is left as it was. */
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "姓名,身份证号"));
  }
  ud_test_rm_rf (dir);
}

static UdOrg *
new_union (UdDatabase *db,
           const char *name)
{
  UdOrg *org = ud_org_new ();

  org->name = g_strdup (name);
  org->kind = UD_ORG_KIND_STREET;
  org->parent_id = ud_database_get_office_org_id (db);
  return org;
}

static void
test_outbox_rows (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(UdOrg) org = new_union (t->db, "和平街道总工会");
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  gint64 seq;

  /* The office node itself was recorded on creation. */
  g_assert_cmpint (query_int (t->db, "SELECT count(*) FROM outbox WHERE entity = 'org'"), ==, 1);

  g_assert_true (ud_org_insert (t->db, ud_test_admin (t->db), org, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (t->db, "SELECT count(*) FROM outbox WHERE entity = 'org'"), ==, 2);
  seq = query_int (t->db, "SELECT max (seq) FROM outbox WHERE entity = 'org'");
  g_assert_cmpint (query_int (t->db, "SELECT version FROM outbox WHERE entity = 'org' AND seq = (SELECT max (seq) FROM outbox WHERE entity = 'org')"), ==, 1);
  /* Every seq from 1 on, without gaps. */
  g_assert_cmpint (query_int (t->db, "SELECT max (seq) FROM outbox"), ==,
                   query_int (t->db, "SELECT count(*) FROM outbox"));

  /* An edit before the row is in a batch replaces the pending row. */
  g_free (org->contact);
  org->contact = g_strdup ("王主席");
  g_assert_true (ud_org_update (t->db, ud_test_admin (t->db), org, &error));
  g_assert_no_error (error);
  g_assert_cmpint (org->version, ==, 2);
  g_assert_cmpint (query_int (t->db, "SELECT count(*) FROM outbox WHERE entity = 'org'"), ==, 2);
  g_assert_cmpint (query_int (t->db, "SELECT max (seq) FROM outbox WHERE entity = 'org'"), ==, seq);
  g_assert_cmpint (query_int (t->db, "SELECT version FROM outbox WHERE entity = 'org' AND seq = (SELECT max (seq) FROM outbox WHERE entity = 'org')"), ==, 2);

  /* Once the row is frozen in a batch it never changes: a later edit is a new row. */
  g_assert_true (ud_database_exec (t->db, "UPDATE outbox SET batch_id = 'b1'", NULL));
  g_free (org->phone);
  org->phone = g_strdup ("0571-88888888");
  g_assert_true (ud_org_update (t->db, ud_test_admin (t->db), org, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (t->db, "SELECT count(*) FROM outbox WHERE entity = 'org'"), ==, 3);
  where = g_strdup_printf ("SELECT version FROM outbox WHERE seq = %" G_GINT64_FORMAT, seq);
  g_assert_cmpint (query_int (t->db, where), ==, 2);

  /* The payload is the whole record. */
  {
    g_autofree char *payload = query_text (t->db, "SELECT payload FROM outbox WHERE entity = 'org' AND seq = (SELECT max (seq) FROM outbox WHERE entity = 'org')");
    g_assert_nonnull (strstr (payload, "\"name\":\"和平街道总工会\""));
    g_assert_nonnull (strstr (payload, "\"contact\":\"王主席\""));
    g_assert_nonnull (strstr (payload, "\"parent_uuid\""));
  }
}

static void
test_outbox_rollback_leaves_no_gap (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(UdOrg) first = new_union (t->db, "湖滨街道总工会");
  g_autoptr(UdOrg) second = new_union (t->db, "湖墅街道总工会");
  g_autoptr(UdOrg) third = new_union (t->db, "辛安街道总工会");
  g_autoptr(GError) error = NULL;
  gint64 before = query_int (t->db, "SELECT count(*) FROM outbox");

  g_assert_true (ud_database_begin (t->db, NULL));
  g_assert_true (ud_org_insert (t->db, ud_test_admin (t->db), first, &error));
  ud_database_rollback (t->db);
  g_assert_cmpint (query_int (t->db, "SELECT count(*) FROM org"), ==, 1);
  g_assert_cmpint (query_int (t->db, "SELECT count(*) FROM outbox"), ==, before);

  g_assert_true (ud_org_insert (t->db, ud_test_admin (t->db), second, &error));
  g_assert_true (ud_org_insert (t->db, ud_test_admin (t->db), third, &error));
  g_assert_no_error (error);
  /* No gap where the rolled-back change was. */
  g_assert_cmpint (query_int (t->db, "SELECT max (seq) FROM outbox"), ==,
                   query_int (t->db, "SELECT count(*) FROM outbox"));
  g_assert_cmpint (query_int (t->db, "SELECT count(*) FROM outbox WHERE entity = 'org'"), ==, 3);
}

static void
test_failed_change_writes_nothing (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(UdOrg) org = new_union (t->db, "和平街道总工会");
  g_autoptr(UdOrg) twin = new_union (t->db, "和平街道总工会");
  g_autoptr(UdOrg) bad = new_union (t->db, "坏区划");
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_org_insert (t->db, ud_test_admin (t->db), org, NULL));
  g_assert_false (ud_org_insert (t->db, ud_test_admin (t->db), twin, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_assert_cmpstr (ud_error_get_field (error), ==, "name");
  g_clear_error (&error);

  bad->region_code = g_strdup ("33010");
  g_assert_false (ud_org_insert (t->db, ud_test_admin (t->db), bad, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "region_code");
  g_assert_cmpint (bad->id, ==, 0);
  g_assert_cmpint (query_int (t->db, "SELECT count(*) FROM outbox WHERE entity = 'org'"), ==, 2);
  g_assert_false (ud_database_in_transaction (t->db));
}

static void
test_org_tree_rules (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(UdOrg) street = new_union (t->db, "和平街道总工会");
  g_autoptr(UdOrg) joint = ud_org_new ();
  g_autoptr(UdOrg) district = ud_org_new ();
  g_autoptr(GPtrArray) orgs = NULL;
  g_autoptr(GArray) subtree = NULL;
  g_autoptr(GError) error = NULL;
  gint64 street_parent;

  g_assert_true (ud_org_insert (t->db, ud_test_admin (t->db), street, &error));
  joint->name = g_strdup ("和平新就业形态联合工会");
  joint->kind = ud_org_kind_guess_from_name (joint->name);
  g_assert_cmpint (joint->kind, ==, UD_ORG_KIND_JOINT);
  joint->parent_id = street->id;
  g_assert_true (ud_org_insert (t->db, ud_test_admin (t->db), joint, &error));
  g_assert_no_error (error);

  /* A district cannot sit under a joint union. */
  district->name = g_strdup ("错误的区总工会");
  district->kind = UD_ORG_KIND_DISTRICT;
  district->parent_id = joint->id;
  g_assert_false (ud_org_insert (t->db, ud_test_admin (t->db), district, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "kind");
  g_clear_error (&error);

  /* A node cannot move under its own branch. */
  street_parent = street->parent_id;
  street->parent_id = joint->id;
  street->kind = UD_ORG_KIND_GRASSROOTS;
  g_assert_false (ud_org_update (t->db, ud_test_admin (t->db), street, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "parent");
  g_clear_error (&error);
  street->parent_id = street_parent;
  street->kind = UD_ORG_KIND_STREET;

  orgs = ud_org_list (t->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orgs->len, ==, 3);
  g_assert_cmpint (((UdOrg *) orgs->pdata[0])->depth, ==, 0);
  g_assert_cmpint (((UdOrg *) orgs->pdata[1])->id, ==, street->id);
  g_assert_cmpint (((UdOrg *) orgs->pdata[2])->depth, ==, 2);

  subtree = ud_org_subtree_ids (t->db, street->id);
  g_assert_cmpuint (subtree->len, ==, 2);
  g_assert_cmpint (ud_org_find_by_name (t->db, " 和平新就业形态联合工会 "), ==, joint->id);
  g_assert_cmpint (ud_org_find_by_name (t->db, "没有这个工会"), ==, 0);
}

static void
test_stale_version_conflict (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(UdOrg) org = new_union (t->db, "和平街道总工会");
  g_autoptr(UdOrg) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_org_insert (t->db, ud_test_admin (t->db), org, NULL));
  copy = ud_org_copy (org);
  g_free (org->contact);
  org->contact = g_strdup ("甲");
  g_assert_true (ud_org_update (t->db, ud_test_admin (t->db), org, NULL));

  g_free (copy->contact);
  copy->contact = g_strdup ("乙");
  g_assert_false (ud_org_update (t->db, ud_test_admin (t->db), copy, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_CONFLICT);
  g_assert_cmpint (copy->version, ==, 1);
}

/* A worker's connection stops its SQL once its cancellable is cancelled. */
static void
test_cancellable (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  static const char count[] =
    "WITH RECURSIVE c (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000)"
    " SELECT count (*) FROM c";

  ud_database_set_cancellable (test_db->db, cancellable);
  g_assert_true (ud_database_exec (test_db->db, count, &error));
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  g_assert_false (ud_database_exec (test_db->db, count, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DATABASE);
  g_clear_error (&error);
  ud_database_set_cancellable (test_db->db, NULL);
  g_assert_true (ud_database_exec (test_db->db, count, &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/database/open-settings", test_open_settings);
  g_test_add_func ("/ud/database/reopen", test_reopen_keeps_identity);
  g_test_add_func ("/ud/database/migrate-every-version", test_migrate_from_every_version);
  g_test_add_func ("/ud/database/integrity", test_integrity);
  g_test_add_func ("/ud/database/too-new", test_too_new_refused);
  g_test_add_func ("/ud/database/not-a-database", test_not_a_database);
  g_test_add_func ("/ud/outbox/rows", test_outbox_rows);
  g_test_add_func ("/ud/outbox/rollback-no-gap", test_outbox_rollback_leaves_no_gap);
  g_test_add_func ("/ud/outbox/failed-change", test_failed_change_writes_nothing);
  g_test_add_func ("/ud/org/tree-rules", test_org_tree_rules);
  g_test_add_func ("/ud/org/stale-version", test_stale_version_conflict);
  g_test_add_func ("/ud/database/cancellable", test_cancellable);
  return g_test_run ();
}
