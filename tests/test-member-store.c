/* tests/test-member-store.c — members: validation, duplicates, corrections, statuses, history
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ud-employer.h"
#include "ud-error.h"
#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-outbox.h"
#include "ud-test-util.h"

static gint64
count (UdDatabase *db,
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
add_union (UdDatabase *db,
           const char *name)
{
  g_autoptr(UdOrg) org = ud_org_new ();

  org->name = g_strdup (name);
  org->kind = ud_org_kind_guess_from_name (name);
  org->parent_id = ud_database_get_office_org_id (db);
  g_assert_true (ud_org_insert (db, ud_test_admin (db), org, NULL));
  return org->id;
}

static guint
search_count (UdDatabase *db,
              const char *text)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  guint n = 0;

  query->text = g_strdup (text);
  g_assert_true (ud_member_query_count (db, query, &n, NULL));
  return n;
}

static void
test_insert_derives_and_records (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(UdMember) member = ud_test_member_new (t->db, " 张伟 ", "11010519491231002x");
  g_autoptr(UdMember) stored = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  member->mobile = g_strdup ("138 0013 8000");
  member->join_date = g_strdup ("2023/5/1");
  g_assert_true (ud_member_store_insert (t->db, ud_test_admin (t->db), member, &error));
  g_assert_no_error (error);
  g_assert_cmpint (member->id, >, 0);
  g_assert_cmpint (member->version, ==, 1);
  g_assert_true (g_uuid_string_is_valid (member->uuid));

  stored = ud_member_store_get (t->db, member->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->name, ==, "张伟");
  g_assert_cmpstr (stored->id_number, ==, "11010519491231002X");
  g_assert_cmpint (stored->sex, ==, UD_SEX_FEMALE);
  g_assert_cmpstr (stored->birth_date, ==, "1949-12-31");
  g_assert_cmpstr (stored->mobile, ==, "13800138000");
  g_assert_cmpstr (stored->join_date, ==, "2023-05-01");
  g_assert_cmpint (stored->status, ==, UD_MEMBER_STATUS_ACTIVE);
  g_assert_cmpstr (stored->org_name, ==, "My union office");
}

static void
test_insert_records_outbox_and_history (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autofree char *id = ud_test_make_id ("330102", "19900101", 11);
  g_autoptr(UdMember) member = ud_test_member_new (t->db, "李明", id);
  g_autoptr(GPtrArray) history = NULL;
  gint64 before = count (t->db, "SELECT count(*) FROM outbox");

  g_assert_true (ud_member_store_insert (t->db, ud_test_admin (t->db), member, NULL));
  /* The member, its history entry and the audit entry. */
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM outbox"), ==, before + 3);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM outbox WHERE entity = 'member'"), ==, 1);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM outbox WHERE entity = 'membership_event'"), ==, 1);

  history = ud_member_store_history (t->db, member->id, NULL);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpint (((UdMemberEvent *) history->pdata[0])->kind, ==, UD_MEMBER_EVENT_JOIN);
}

static void
test_bad_values_name_the_field (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  struct { const char *name, *id, *mobile, *join, *field; } cases[] = {
    { "", "11010519491231002X", NULL, NULL, "name" },
    { "王五1", "11010519491231002X", NULL, NULL, "name" },
    { "王五", "110105194912310021", NULL, NULL, "id_number" },   /* wrong check character */
    { "王五", "11010519490231002X", NULL, NULL, "id_number" },   /* 31 February */
    { "王五", "3.30102E+17", NULL, NULL, "id_number" },
    { "王五", "11010519491231002X", "12345", NULL, "mobile" },
    { "王五", "11010519491231002X", NULL, "2023-13-45", "join_date" },
    { "王五", "11010519491231002X", NULL, "1940-01-01", "join_date" },  /* before birth */
    { "王五", "11010519491231002X", NULL, "2999-01-01", "join_date" },  /* future */
  };
  gint64 before = count (t->db, "SELECT count(*) FROM outbox");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(UdMember) member = ud_test_member_new (t->db, cases[i].name, cases[i].id);
      g_autoptr(GError) error = NULL;

      member->mobile = g_strdup (cases[i].mobile);
      member->join_date = g_strdup (cases[i].join);
      g_assert_false (ud_member_store_insert (t->db, ud_test_admin (t->db), member, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (ud_error_get_field (error), ==, cases[i].field);
      g_assert_cmpint (member->id, ==, 0);
    }

  g_assert_cmpint (count (t->db, "SELECT count(*) FROM member"), ==, 0);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM outbox"), ==, before);
}

static void
test_one_live_member_per_id (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  gint64 other_union = add_union (t->db, "湖墅新就业形态联合工会");
  g_autofree char *id = ud_test_make_id ("330105", "19850612", 22);
  g_autoptr(UdMember) first = ud_test_member_new (t->db, "王芳", id);
  g_autoptr(UdMember) second = ud_test_member_new (t->db, "王芳", id);
  g_autoptr(UdMember) third = ud_test_member_new (t->db, "王芳", id);
  g_autoptr(GError) error = NULL;

  first->org_id = other_union;
  g_assert_true (ud_member_store_insert (t->db, ud_test_admin (t->db), first, NULL));

  g_assert_false (ud_member_store_insert (t->db, ud_test_admin (t->db), second, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
  g_assert_cmpstr (ud_error_get_field (error), ==, "id_number");
  g_assert_nonnull (strstr (error->message, "湖墅新就业形态联合工会"));
  g_clear_error (&error);

  /* After withdrawing, the person may join again as a new membership… */
  g_assert_true (ud_member_store_change_status (t->db, ud_test_admin (t->db), first->id, UD_MEMBER_EVENT_WITHDRAW,
                                                NULL, "本人申请退会", 0, &error));
  g_assert_no_error (error);
  g_assert_true (ud_member_store_insert (t->db, ud_test_admin (t->db), third, &error));
  g_assert_no_error (error);

  /* …and the old one can then not be reinstated. */
  g_assert_false (ud_member_store_change_status (t->db, ud_test_admin (t->db), first->id, UD_MEMBER_EVENT_REINSTATE,
                                                 NULL, NULL, 0, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_DUPLICATE);
}

static void
test_correction_kept_as_history (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autofree char *id = ud_test_make_id ("330102", "19900101", 11);
  g_autoptr(UdMember) member = ud_test_member_new (t->db, "李明", id);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  UdMemberEvent *event;
  gint64 outbox_before;

  member->mobile = g_strdup ("13800138000");
  g_assert_true (ud_member_store_insert (t->db, ud_test_admin (t->db), member, NULL));

  /* Saving without a change writes nothing. */
  outbox_before = count (t->db, "SELECT count(*) FROM outbox");
  g_assert_true (ud_member_store_update (t->db, ud_test_admin (t->db), member, NULL, &error));
  g_assert_cmpint (member->version, ==, 1);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM outbox"), ==, outbox_before);

  g_free (member->name);
  member->name = g_strdup ("李明华");
  g_free (member->mobile);
  member->mobile = g_strdup ("13900139000");
  g_assert_true (ud_member_store_update (t->db, ud_test_admin (t->db), member, "户籍信息更正", &error));
  g_assert_no_error (error);
  g_assert_cmpint (member->version, ==, 2);

  history = ud_member_store_history (t->db, member->id, NULL);
  g_assert_cmpuint (history->len, ==, 2);
  event = history->pdata[1];
  g_assert_cmpint (event->kind, ==, UD_MEMBER_EVENT_CORRECT);
  g_assert_cmpstr (event->reason, ==, "户籍信息更正");
  g_assert_nonnull (strstr (event->changes, "\"name\":[\"李明\",\"李明华\"]"));
  g_assert_nonnull (strstr (event->changes, "\"mobile\":[\"13800138000\",\"13900139000\"]"));

  /* The search index follows the rename: a 3-character name finds it, as does its new part. */
  g_assert_cmpuint (search_count (t->db, "李明华"), ==, 1);
  g_assert_cmpuint (search_count (t->db, "明华"), ==, 1);

  /* A stale copy is refused. */
  member->version = 1;
  g_free (member->note);
  member->note = g_strdup ("x");
  g_assert_false (ud_member_store_update (t->db, ud_test_admin (t->db), member, NULL, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_CONFLICT);
  g_assert_cmpint (member->version, ==, 1);
}

static void
test_rename_drops_old_grams (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autofree char *id = ud_test_make_id ("330102", "19900101", 11);
  g_autoptr(UdMember) member = ud_test_member_new (t->db, "赵钱", id);

  g_assert_true (ud_member_store_insert (t->db, ud_test_admin (t->db), member, NULL));
  g_assert_cmpuint (search_count (t->db, "赵钱"), ==, 1);
  g_free (member->name);
  member->name = g_strdup ("孙李");
  g_assert_true (ud_member_store_update (t->db, ud_test_admin (t->db), member, NULL, NULL));
  g_assert_cmpuint (search_count (t->db, "赵钱"), ==, 0);
  g_assert_cmpuint (search_count (t->db, "钱"), ==, 0);
  g_assert_cmpuint (search_count (t->db, "孙李"), ==, 1);
}

static void
test_status_lifecycle (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  gint64 from_union = add_union (t->db, "和平街道总工会");
  gint64 to_union = add_union (t->db, "湖墅新就业形态联合工会");
  g_autofree char *id = ud_test_make_id ("330102", "19800101", 13);
  g_autoptr(UdMember) member = ud_test_member_new (t->db, "周杰", id);
  g_autoptr(UdMember) stored = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  UdMemberEvent *event;

  member->org_id = from_union;
  g_assert_true (ud_member_store_insert (t->db, ud_test_admin (t->db), member, NULL));

  /* A reason is required to lapse. */
  g_assert_false (ud_member_store_change_status (t->db, ud_test_admin (t->db), member->id, UD_MEMBER_EVENT_LAPSE,
                                                 NULL, "  ", 0, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "reason");
  g_clear_error (&error);

  /* Receiving a transfer that never started is refused. */
  g_assert_false (ud_member_store_change_status (t->db, ud_test_admin (t->db), member->id, UD_MEMBER_EVENT_TRANSFER_IN,
                                                 NULL, NULL, 0, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  /* A transfer: both sides recorded. */
  g_assert_true (ud_member_store_change_status (t->db, ud_test_admin (t->db), member->id, UD_MEMBER_EVENT_TRANSFER_OUT,
                                                "2025-03-01", "工作调动", to_union, &error));
  g_assert_no_error (error);
  stored = ud_member_store_get (t->db, member->id, NULL);
  g_assert_cmpint (stored->status, ==, UD_MEMBER_STATUS_TRANSFER_PENDING);
  g_assert_cmpint (stored->org_id, ==, from_union);
  g_assert_cmpint (stored->transfer_org_id, ==, to_union);
  g_clear_pointer (&stored, ud_member_free);

  g_assert_true (ud_member_store_change_status (t->db, ud_test_admin (t->db), member->id, UD_MEMBER_EVENT_TRANSFER_IN,
                                                "2025-03-05", NULL, 0, &error));
  g_assert_no_error (error);
  stored = ud_member_store_get (t->db, member->id, NULL);
  g_assert_cmpint (stored->status, ==, UD_MEMBER_STATUS_ACTIVE);
  g_assert_cmpint (stored->org_id, ==, to_union);
  g_assert_cmpint (stored->transfer_org_id, ==, 0);
  g_assert_cmpstr (stored->status_date, ==, "2025-03-05");

  history = ud_member_store_history (t->db, member->id, NULL);
  g_assert_cmpuint (history->len, ==, 3);
  event = history->pdata[1];
  g_assert_cmpint (event->kind, ==, UD_MEMBER_EVENT_TRANSFER_OUT);
  g_assert_cmpstr (event->from_org_name, ==, "和平街道总工会");
  g_assert_cmpstr (event->to_org_name, ==, "湖墅新就业形态联合工会");
  g_assert_cmpstr (event->reason, ==, "工作调动");
  event = history->pdata[2];
  g_assert_cmpint (event->kind, ==, UD_MEMBER_EVENT_TRANSFER_IN);
  g_assert_cmpstr (event->to_org_name, ==, "湖墅新就业形态联合工会");

  /* Expelled members stay expelled; deceased is final. */
  g_assert_true (ud_member_store_change_status (t->db, ud_test_admin (t->db), member->id, UD_MEMBER_EVENT_EXPEL,
                                                NULL, "严重违反章程", 0, NULL));
  g_assert_false (ud_member_event_allowed (UD_MEMBER_STATUS_EXPELLED, UD_MEMBER_EVENT_REINSTATE));
  g_assert_true (ud_member_store_change_status (t->db, ud_test_admin (t->db), member->id, UD_MEMBER_EVENT_DECEASE,
                                                NULL, NULL, 0, NULL));
  g_assert_false (ud_member_store_change_status (t->db, ud_test_admin (t->db), member->id, UD_MEMBER_EVENT_DECEASE,
                                                 NULL, NULL, 0, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);

  /* Future dates are refused. */
  g_assert_false (ud_member_event_allowed (UD_MEMBER_STATUS_DECEASED, UD_MEMBER_EVENT_LAPSE));
}

static void
test_future_status_date_refused (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autofree char *id = ud_test_make_id ("330102", "19800101", 13);
  g_autoptr(UdMember) member = ud_test_member_new (t->db, "周杰", id);
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_member_store_insert (t->db, ud_test_admin (t->db), member, NULL));
  g_assert_false (ud_member_store_change_status (t->db, ud_test_admin (t->db), member->id, UD_MEMBER_EVENT_RETAIN,
                                                 "2999-01-01", NULL, 0, &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "event_date");
}

static void
test_employer_find_or_create (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 a = 0, b = 0, c = 0;

  g_assert_true (ud_employer_find_or_create (t->db, ud_test_admin (t->db), "美团外卖", "91350100m000100y43", FALSE, &a,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  /* The same code under another spelling finds the same employer. */
  g_assert_true (ud_employer_find_or_create (t->db, ud_test_admin (t->db), "美团", "91350100M000100Y43", FALSE, &b, NULL));
  g_assert_cmpint (a, ==, b);
  /* By name when no code is given. */
  g_assert_true (ud_employer_find_or_create (t->db, ud_test_admin (t->db), "美团外卖", NULL, FALSE, &c, NULL));
  g_assert_cmpint (a, ==, c);
  /* A bad code is refused and names the field. */
  g_assert_false (ud_employer_find_or_create (t->db, ud_test_admin (t->db), "某公司", "91350100M000100Y44", FALSE, &c,
                                              &error));
  g_assert_cmpstr (ud_error_get_field (error), ==, "credit_code");
  {
    g_autoptr(UdEmployer) employer = ud_employer_get (t->db, a, NULL);
    g_assert_true (employer->is_platform);
    g_assert_cmpstr (employer->credit_code, ==, "91350100M000100Y43");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/member-store/insert-derives", test_insert_derives_and_records);
  g_test_add_func ("/ud/member-store/outbox-history", test_insert_records_outbox_and_history);
  g_test_add_func ("/ud/member-store/bad-values", test_bad_values_name_the_field);
  g_test_add_func ("/ud/member-store/one-live-per-id", test_one_live_member_per_id);
  g_test_add_func ("/ud/member-store/correction-history", test_correction_kept_as_history);
  g_test_add_func ("/ud/member-store/rename-grams", test_rename_drops_old_grams);
  g_test_add_func ("/ud/member-store/status-lifecycle", test_status_lifecycle);
  g_test_add_func ("/ud/member-store/future-status-date", test_future_status_date_refused);
  g_test_add_func ("/ud/employer/find-or-create", test_employer_find_or_create);
  return g_test_run ();
}
