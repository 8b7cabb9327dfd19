/* tests/test-demo.c — the demo data generator: valid, unique, deterministic, stored like real data
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>

#include "ud-credit-code.h"
#include "ud-date.h"
#include "ud-demo.h"
#include "ud-employer.h"
#include "ud-enums.h"
#include "ud-error.h"
#include "ud-id-number.h"
#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-mobile.h"
#include "ud-org.h"
#include "ud-outbox.h"
#include "ud-payout-books.h"
#include "ud-test-util.h"

#define N_MEMBERS 300
#define SEED 20240601

typedef struct
{
  UdTestDb *test_db;
} Fixture;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (total, ==, N_MEMBERS);
  (*calls)++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  fixture->test_db = ud_test_db_new ();
  g_assert_true (ud_demo_populate (fixture->test_db->db, ud_test_admin (fixture->test_db->db),
                                   N_MEMBERS, SEED, NULL, progress_cb, &calls, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, >=, 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->test_db, ud_test_db_free);
}

static GPtrArray *
all_members (UdDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  GPtrArray *members;

  query->sort = UD_MEMBER_SORT_CREATED;
  members = ud_member_query_fetch (db, query, 0, G_MAXINT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (members);
  return members;
}

static gint64
count_sql (UdDatabase *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_members_valid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) members = all_members (fixture->test_db->db);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_new_employment = 0;
  guint n_two_chars = 0;
  guint n_three_chars = 0;
  guint n_cards = 0;
  guint status_counts[UD_MEMBER_STATUS_DECEASED + 1] = { 0 };
  GDate today;

  ud_date_today (&today);
  g_assert_cmpuint (members->len, ==, N_MEMBERS);

  for (guint i = 0; i < members->len; i++)
    {
      UdMember *member = g_ptr_array_index (members, i);
      g_autoptr(GError) error = NULL;
      UdIdNumber id;
      glong name_length = g_utf8_strlen (member->name, -1);
      int age;

      g_assert_true (ud_id_number_parse (member->id_number, NULL, &id, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (id.number, ==, member->id_number);
      g_assert_cmpint (id.kind, ==, UD_ID_KIND_RESIDENT);
      g_assert_cmpint (id.sex, ==, member->sex);
      g_assert_true (g_hash_table_add (ids, member->id_number));

      age = ud_date_years_between (&id.birth_date, &today);
      g_assert_cmpint (age, >=, 18);
      g_assert_cmpint (age, <=, 65);

      g_assert_cmpint (name_length, >=, 2);
      g_assert_cmpint (name_length, <=, 4);
      n_two_chars += name_length == 2;
      n_three_chars += name_length == 3;

      if (member->mobile != NULL)
        {
          g_autofree char *mobile = ud_mobile_normalize (member->mobile, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (mobile, ==, member->mobile);
        }

      g_assert_nonnull (member->join_date);
      g_assert_cmpstr (member->join_date, >=, member->birth_date);
      g_assert_cmpint (member->join_channel, >=, UD_JOIN_CHANNEL_UNKNOWN);
      g_assert_cmpint (member->org_id, >, 0);
      g_assert_nonnull (member->org_name);
      if (member->card_number != NULL)
        n_cards++;

      if (member->new_employment != UD_NEW_EMPLOYMENT_NONE)
        n_new_employment++;
      status_counts[member->status]++;
    }

  g_assert_cmpuint (g_hash_table_size (ids), ==, N_MEMBERS);
  g_assert_cmpuint (n_two_chars, >, 0);
  g_assert_cmpuint (n_three_chars, >, n_two_chars);
  g_assert_cmpuint (n_cards, >, N_MEMBERS / 2);
  /* About 40 % are new-employment workers. */
  g_assert_cmpuint (n_new_employment, >=, N_MEMBERS * 25 / 100);
  g_assert_cmpuint (n_new_employment, <=, N_MEMBERS * 55 / 100);
  g_assert_cmpuint (status_counts[UD_MEMBER_STATUS_ACTIVE], >, N_MEMBERS * 8 / 10);
  g_assert_cmpuint (status_counts[UD_MEMBER_STATUS_LAPSED], >=, 1);
  g_assert_cmpuint (status_counts[UD_MEMBER_STATUS_WITHDRAWN], >=, 1);
  g_assert_cmpuint (status_counts[UD_MEMBER_STATUS_TRANSFER_PENDING], >=, 1);
  g_assert_cmpuint (status_counts[UD_MEMBER_STATUS_APPLIED], >=, 1);
}

static void
test_history_and_outbox (Fixture       *fixture,
                         gconstpointer  data)
{
  UdDatabase *db = fixture->test_db->db;
  g_autoptr(GPtrArray) members = all_members (db);

  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM member"), ==, N_MEMBERS);
  /* One outbox row per member (a later status change replaces the unbatched row). */
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM outbox WHERE entity = 'member'"), ==,
                   N_MEMBERS);
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM member m WHERE NOT EXISTS ("
                                  "  SELECT 1 FROM outbox o WHERE o.entity = 'member'"
                                  "  AND o.uuid = m.uuid AND o.version = m.version)"),
                   ==, 0);
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM membership_event WHERE kind = 'join'"),
                   ==, N_MEMBERS);
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM outbox WHERE entity = 'membership_event'"),
                   ==, count_sql (db, "SELECT count(*) FROM membership_event"));
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM outbox WHERE entity = 'org'"), ==,
                   count_sql (db, "SELECT count(*) FROM org"));
  /* Not an entity of the upload protocol: the member records carry their employer. */
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM outbox WHERE entity = 'employer'"), ==, 0);
  g_assert_cmpint (ud_outbox_count_pending (db), >, N_MEMBERS);

  /* A member whose status changed has the change in its history. */
  for (guint i = 0; i < members->len; i++)
    {
      UdMember *member = g_ptr_array_index (members, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) history = NULL;
      UdMemberEvent *last;

      history = ud_member_store_history (db, member->id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (history->len, >=, 1);
      g_assert_cmpint (((UdMemberEvent *) g_ptr_array_index (history, 0))->kind, ==,
                       UD_MEMBER_EVENT_JOIN);
      last = g_ptr_array_index (history, history->len - 1);
      g_assert_cmpint (last->to_status, ==, member->status);
      if (member->status == UD_MEMBER_STATUS_LAPSED || member->status == UD_MEMBER_STATUS_WITHDRAWN)
        g_assert_nonnull (last->reason);
    }
}

static void
test_org_tree (Fixture       *fixture,
               gconstpointer  data)
{
  UdDatabase *db = fixture->test_db->db;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orgs = ud_org_list (db, &error);
  guint n_streets = 0, n_joint = 0, n_flowing = 0, n_grassroots = 0;

  g_assert_no_error (error);

  for (guint i = 0; i < orgs->len; i++)
    {
      UdOrg *org = g_ptr_array_index (orgs, i);

      if (org->id == ud_database_get_office_org_id (db))
        {
          g_assert_cmpstr (org->name, ==, "拱墅区总工会");
          g_assert_cmpstr (org->region_code, ==, "330105");
          g_assert_cmpint (org->depth, ==, 0);
          continue;
        }

      g_assert_cmpint (org->depth, >=, 1);
      switch (org->kind)
        {
        case UD_ORG_KIND_STREET:
          g_assert_true (g_str_has_suffix (org->name, "街道总工会"));
          g_assert_cmpint (org->depth, ==, 1);
          n_streets++;
          break;
        case UD_ORG_KIND_JOINT:
          g_assert_true (g_str_has_suffix (org->name, "联合工会"));
          n_joint++;
          break;
        case UD_ORG_KIND_FLOWING:
          n_flowing++;
          break;
        case UD_ORG_KIND_GRASSROOTS:
          g_assert_cmpint (org->depth, ==, 2);
          n_grassroots++;
          break;
        case UD_ORG_KIND_CITY:
        case UD_ORG_KIND_DISTRICT:
        default:
          g_assert_not_reached ();
        }
    }

  g_assert_cmpuint (n_streets, >=, 10);
  g_assert_cmpuint (n_joint, >, n_streets);
  g_assert_cmpuint (n_flowing, ==, n_streets);
  g_assert_cmpuint (n_grassroots, >=, 20);
}

static void
test_employers (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *const expected_platforms[] = {
    "美团", "饿了么", "滴滴出行", "顺丰速运", "货拉拉",
  };
  UdDatabase *db = fixture->test_db->db;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) employers = ud_employer_list (db, NULL, 0, &error);
  guint n_platforms = 0;
  guint n_ordinary = 0;

  g_assert_no_error (error);

  for (guint i = 0; i < employers->len; i++)
    {
      UdEmployer *employer = g_ptr_array_index (employers, i);
      g_autofree char *code = NULL;

      g_assert_nonnull (employer->credit_code);
      code = ud_credit_code_normalize (employer->credit_code, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, employer->credit_code);
      g_assert_cmpint (employer->is_platform, ==, ud_employer_name_is_platform (employer->name));
      if (employer->is_platform)
        n_platforms++;
      else
        n_ordinary++;
    }

  for (guint i = 0; i < G_N_ELEMENTS (expected_platforms); i++)
    {
      g_autoptr(GPtrArray) found = ud_employer_list (db, expected_platforms[i], 0, &error);
      gboolean flagged = FALSE;

      g_assert_no_error (error);
      for (guint j = 0; j < found->len; j++)
        {
          UdEmployer *employer = g_ptr_array_index (found, j);

          if (g_strcmp0 (employer->name, expected_platforms[i]) == 0)
            flagged = employer->is_platform;
        }
      g_assert_true (flagged);
    }

  g_assert_cmpuint (n_platforms, >=, G_N_ELEMENTS (expected_platforms));
  g_assert_cmpuint (n_ordinary, >=, 20);
}

static GPtrArray *
names_for_seed (guint32 seed)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (ud_demo_populate (test_db->db, ud_test_admin (test_db->db), 120, seed, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  members = all_members (test_db->db);
  for (guint i = 0; i < members->len; i++)
    {
      UdMember *member = g_ptr_array_index (members, i);

      g_ptr_array_add (names, g_strconcat (member->name, " ", member->id_number, NULL));
    }

  return names;
}

static void
test_deterministic (void)
{
  g_autoptr(GPtrArray) first = names_for_seed (7);
  g_autoptr(GPtrArray) again = names_for_seed (7);
  g_autoptr(GPtrArray) other = names_for_seed (8);
  guint differences = 0;

  g_assert_cmpuint (first->len, ==, 120);
  g_assert_cmpuint (again->len, ==, first->len);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpstr (g_ptr_array_index (first, i), ==, g_ptr_array_index (again, i));

  for (guint i = 0; i < first->len && i < other->len; i++)
    differences += g_strcmp0 (g_ptr_array_index (first, i), g_ptr_array_index (other, i)) != 0;
  g_assert_cmpuint (differences, >, 100);
}

/* Filling a database twice adds members and reuses the tree and the employers. */
static void
test_twice (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  gint64 n_orgs, n_employers;
  guint count = 0;

  g_assert_true (ud_demo_populate (test_db->db, ud_test_admin (test_db->db), 60, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  n_orgs = count_sql (test_db->db, "SELECT count(*) FROM org");
  n_employers = count_sql (test_db->db, "SELECT count(*) FROM employer");

  /* The same seed again: every ID number is taken, so others are made up. */
  g_assert_true (ud_demo_populate (test_db->db, ud_test_admin (test_db->db), 60, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (ud_member_query_count (test_db->db, query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 120);
  g_assert_cmpint (count_sql (test_db->db, "SELECT count(*) FROM org"), ==, n_orgs);
  g_assert_cmpint (count_sql (test_db->db, "SELECT count(*) FROM employer"), ==, n_employers);
  g_assert_cmpint (count_sql (test_db->db, "SELECT count(DISTINCT id_number) FROM member"), ==,
                   120);
}

static void
cancel_after_first (guint    done,
                    guint    total,
                    gpointer user_data)
{
  if (done > 0)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  guint count = 0;

  /* The first transaction (5,000 members) is committed, then the run stops. */
  g_assert_false (ud_demo_populate (test_db->db, ud_test_admin (test_db->db), 5001, 3, cancellable, cancel_after_first,
                                    cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (ud_database_in_transaction (test_db->db));

  g_assert_true (ud_member_query_count (test_db->db, query, &count, NULL));
  g_assert_cmpuint (count, ==, 5000);
}

/* The casework goes through the stores as four accounts: claims and relief approved by
 * another account, a batch the bank answered, the books in balance. */
static void
test_casework (Fixture       *fixture,
               gconstpointer  data)
{
  UdDatabase *db = fixture->test_db->db;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAccount) treasurer = NULL;
  g_autoptr(UdAccount) zhaomin = NULL;

  g_assert_true (ud_demo_add_casework (db, ud_test_admin (db), SEED, &error));
  g_assert_no_error (error);

  treasurer = ud_account_find (db, "zhaomin");
  g_assert_nonnull (treasurer);
  g_assert_false (treasurer->must_change_password);
  zhaomin = ud_account_authenticate (db, "zhaomin", UD_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (zhaomin);

  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM insurance_enrollment"
                                  " WHERE status = 'covered'"), >, 0);
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM insurance_claim"), ==, 4);
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM aid_application"), ==, 8);
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM payout_batch"), ==, 2);
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM payout WHERE status = 'paid'"), ==, 4);
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM payout WHERE status = 'failed'"), ==, 1);
  /* Never approved by who entered it. */
  g_assert_cmpint (count_sql (db, "SELECT count(*) FROM aid_application"
                                  " WHERE approved_by = created_by"), ==, 0);
  {
    g_autoptr(UdBooks) books = NULL;
    GDate today;

    ud_date_today (&today);
    books = ud_books_build (db, g_date_get_year (&today), 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (books->differences->len, ==, 0);
    g_assert_cmpuint (books->total.n_approved, ==, 9);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ud/demo/members-valid", Fixture, NULL, fixture_set_up, test_members_valid,
              fixture_tear_down);
  g_test_add ("/ud/demo/history-and-outbox", Fixture, NULL, fixture_set_up,
              test_history_and_outbox, fixture_tear_down);
  g_test_add ("/ud/demo/org-tree", Fixture, NULL, fixture_set_up, test_org_tree,
              fixture_tear_down);
  g_test_add ("/ud/demo/employers", Fixture, NULL, fixture_set_up, test_employers,
              fixture_tear_down);
  g_test_add ("/ud/demo/casework", Fixture, NULL, fixture_set_up, test_casework,
              fixture_tear_down);
  g_test_add_func ("/ud/demo/deterministic", test_deterministic);
  g_test_add_func ("/ud/demo/twice", test_twice);
  g_test_add_func ("/ud/demo/cancel", test_cancel);

  return g_test_run ();
}
