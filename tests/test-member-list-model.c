/* tests/test-member-list-model.c — the paged member list: count, placeholders, queries, bounded
 * memory, stale pages
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>

#include "ud-member-list-model.h"
#include "ud-member-store.h"
#include "ud-test-util.h"

#define N_MEMBERS 1000

/* Ten surnames × a hundred given names; the given names share no character with the surnames. */
static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴" };
static const char *const given_first[] = { "小", "建", "志", "秀", "桂", "春", "海", "玉", "国", "丽" };
static const char *const given_second[] = { "明", "华", "英", "芳", "军", "平", "红", "梅", "强", "燕" };

typedef struct
{
  UdTestDb *t;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->t = ud_test_db_new ();

  /* One transaction: a thousand commits with synchronous=FULL would take long. */
  g_assert_true (ud_database_begin (f->t->db, &error));
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autofree char *name = g_strconcat (surnames[i % 10], given_first[(i / 10) % 10],
                                           given_second[(i / 100) % 10], NULL);
      g_autofree char *id_number = ud_test_make_id ("330105", "19800101", i);
      g_autoptr(UdMember) member = ud_test_member_new (f->t->db, name, id_number);

      member->join_date = g_strdup_printf ("2020-%02u-%02u", 1 + i % 12, 1 + i % 28);
      ud_member_store_insert (f->t->db, ud_test_admin (f->t->db), member, &error);
      g_assert_no_error (error);
    }
  g_assert_true (ud_database_commit (f->t->db, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->t, ud_test_db_free);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out waiting for the member list");
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *@flag is TRUE. */
static void
wait_for (gboolean *flag)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static void
wait_counted (UdMemberListModel *model)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  while (ud_member_list_model_get_counting (model))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
wait_loaded (UdMemberItem *item)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  while (ud_member_item_get_loading (item))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

/* Drops the test's reference and lets running fetches finish, so the model is finalized. */
static void
finish_model (UdMemberListModel *model)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &model);
  g_object_unref (model);
  while (model != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

typedef struct
{
  guint n_calls;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->n_calls++;
  record->position = position;
  record->removed = removed;
  record->added = added;
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  UdMemberListModel *model = ud_member_list_model_new (f->t->db, NULL, 0);
  ItemsChanged changed = { 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (model)), ==, UD_TYPE_MEMBER_ITEM);

  /* The count runs in a thread: empty until it arrives. */
  g_assert_true (ud_member_list_model_get_counting (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));

  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS);
  g_assert_cmpuint (ud_member_list_model_get_total (model), ==, N_MEMBERS);
  g_assert_cmpuint (changed.n_calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, N_MEMBERS);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_MEMBERS));

  finish_model (model);
}

static void
test_placeholder (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  UdMemberListModel *model = NULL;
  g_autoptr(UdMemberItem) item = NULL;
  g_autoptr(UdMemberItem) again = NULL;
  g_autoptr(UdMemberItem) neighbour = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  gboolean notified = FALSE;

  query->sort = UD_MEMBER_SORT_JOIN_DATE;
  model = ud_member_list_model_new (f->t->db, query, 0);
  wait_counted (model);

  item = g_list_model_get_item (G_LIST_MODEL (model), 150);
  g_assert_true (UD_IS_MEMBER_ITEM (item));
  g_assert_true (ud_member_item_get_loading (item));
  g_assert_null (ud_member_item_get_member (item));
  g_assert_cmpint (ud_member_item_get_id (item), ==, 0);
  g_signal_connect_swapped (item, "notify::loading", G_CALLBACK (set_flag), &notified);

  /* The same row is the same object while its page is kept. */
  again = g_list_model_get_item (G_LIST_MODEL (model), 150);
  g_assert_true (again == item);

  wait_for (&notified);
  g_assert_false (ud_member_item_get_loading (item));
  g_assert_nonnull (ud_member_item_get_member (item));

  expected = ud_member_query_fetch (f->t->db, query, 150, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_member_item_get_id (item), ==,
                   ((UdMember *) g_ptr_array_index (expected, 0))->id);

  /* Its page came with it. */
  neighbour = g_list_model_get_item (G_LIST_MODEL (model), 151);
  g_assert_false (ud_member_item_get_loading (neighbour));
  g_assert_cmpint (ud_member_item_get_id (neighbour), ==,
                   ((UdMember *) g_ptr_array_index (expected, 1))->id);
  g_assert_cmpuint (ud_member_list_model_get_n_cached_pages (model), ==, 1);

  finish_model (model);
}

static void
test_query (Fixture       *f,
            gconstpointer  data)
{
  UdMemberListModel *model = ud_member_list_model_new (f->t->db, NULL, 0);
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(UdMemberItem) item = NULL;
  ItemsChanged changed = { 0 };

  wait_counted (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  /* A one-character name: every 王. */
  query->text = g_strdup ("王");
  ud_member_list_model_set_query (model, query);
  g_assert_true (ud_member_query_equal (ud_member_list_model_get_query (model), query));
  g_assert_true (ud_member_list_model_get_counting (model));
  /* The old list stays until the count arrives. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS);

  wait_counted (model);
  g_assert_cmpuint (changed.n_calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, N_MEMBERS);
  g_assert_cmpuint (changed.added, ==, N_MEMBERS / 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS / 10);
  g_assert_cmpuint (ud_member_list_model_get_total (model), ==, N_MEMBERS);

  item = g_list_model_get_item (G_LIST_MODEL (model), 42);
  wait_loaded (item);
  g_assert_true (g_str_has_prefix (ud_member_item_get_member (item)->name, "王"));

  /* Two characters narrow it to one given name: 王小明, 王小华 … are 100 apart. */
  g_free (query->text);
  query->text = g_strdup ("王小");
  ud_member_list_model_set_query (model, query);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);

  /* Setting the same query again does nothing. */
  ud_member_list_model_set_query (model, query);
  g_assert_false (ud_member_list_model_get_counting (model));
  g_assert_cmpuint (changed.n_calls, ==, 2);

  /* Sorting re-issues the SQL: newest join date first. */
  g_clear_pointer (&query->text, g_free);
  query->sort = UD_MEMBER_SORT_JOIN_DATE;
  query->descending = TRUE;
  ud_member_list_model_set_query (model, query);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  wait_loaded (item);
  g_assert_cmpstr (ud_member_item_get_member (item)->join_date, ==, "2020-12-28");

  /* Nothing matches. */
  query->text = g_strdup ("没有这个人");
  ud_member_list_model_set_query (model, query);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (ud_member_list_model_get_total (model), ==, N_MEMBERS);

  finish_model (model);
}

static void
test_memory_bound (Fixture       *f,
                   gconstpointer  data)
{
  UdMemberListModel *model = ud_member_list_model_new (f->t->db, NULL, 3);
  g_autoptr(UdMemberItem) first = NULL;
  g_autoptr(UdMemberItem) first_again = NULL;
  g_autoptr(UdMemberItem) last = NULL;

  wait_counted (model);

  /* Scroll through every row, as a fling would. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  for (guint i = 1; i < N_MEMBERS; i++)
    {
      g_autoptr(UdMemberItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (item);
      g_assert_cmpuint (ud_member_list_model_get_n_cached_pages (model), <=, 3);
    }
  g_assert_cmpuint (ud_member_list_model_get_n_cached_pages (model), ==, 3);

  /* The pages still wanted are fetched, the last asked for first. */
  last = g_list_model_get_item (G_LIST_MODEL (model), N_MEMBERS - 1);
  wait_loaded (last);

  /* The first page was dropped while its fetch was running: that result was thrown away, and
   * asking for the row again makes a new placeholder. */
  g_assert_true (ud_member_item_get_loading (first));
  g_assert_cmpuint (ud_member_list_model_get_n_dropped_pages (model), >=, 1);
  first_again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (first_again != first);
  wait_loaded (first_again);
  g_assert_true (ud_member_item_get_loading (first));
  g_assert_cmpuint (ud_member_list_model_get_n_cached_pages (model), ==, 3);

  finish_model (model);
}

static void
test_stale_page (Fixture       *f,
                 gconstpointer  data)
{
  UdMemberListModel *model = ud_member_list_model_new (f->t->db, NULL, 0);
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(UdMemberItem) old_item = NULL;
  g_autoptr(UdMemberItem) new_item = NULL;
  GMutex gate;
  guint timeout;

  g_mutex_init (&gate);
  wait_counted (model);

  /* A fetch is held in flight while the query changes under it. */
  ud_member_list_model_set_fetch_gate (model, &gate);
  g_mutex_lock (&gate);
  old_item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (ud_member_item_get_loading (old_item));

  query->text = g_strdup ("李");
  ud_member_list_model_set_query (model, query);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS / 10);

  g_mutex_unlock (&gate);
  timeout = g_timeout_add_seconds (20, timeout_cb, NULL);
  while (ud_member_list_model_get_n_dropped_pages (model) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  /* The old rows were not filled with a page of the old query. */
  g_assert_cmpuint (ud_member_list_model_get_n_dropped_pages (model), ==, 1);
  g_assert_true (ud_member_item_get_loading (old_item));

  new_item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (new_item != old_item);
  wait_loaded (new_item);
  g_assert_true (g_str_has_prefix (ud_member_item_get_member (new_item)->name, "李"));

  ud_member_list_model_set_fetch_gate (model, NULL);
  finish_model (model);
  g_mutex_clear (&gate);
}

static void
test_database_changed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  UdMemberListModel *model = NULL;
  g_autoptr(UdMember) member = NULL;
  g_autoptr(UdMemberItem) item = NULL;
  g_autoptr(UdMemberItem) refreshed = NULL;
  g_autofree char *id_number = ud_test_make_id ("330105", "19900101", 1);
  g_autoptr(GError) error = NULL;
  ItemsChanged changed = { 0 };

  /* Newest first, so the new member comes at the top. */
  query->sort = UD_MEMBER_SORT_CREATED;
  query->descending = TRUE;
  model = ud_member_list_model_new (f->t->db, query, 0);
  wait_counted (model);
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  wait_loaded (item);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  member = ud_test_member_new (f->t->db, "阿明", id_number);
  g_assert_true (ud_member_store_insert (f->t->db, ud_test_admin (f->t->db), member, &error));
  g_assert_no_error (error);
  g_assert_true (ud_member_list_model_get_counting (model));

  wait_counted (model);
  g_assert_cmpuint (changed.n_calls, ==, 1);
  g_assert_cmpuint (changed.removed, ==, N_MEMBERS);
  g_assert_cmpuint (changed.added, ==, N_MEMBERS + 1);
  g_assert_cmpuint (ud_member_list_model_get_total (model), ==, N_MEMBERS + 1);

  /* The new row shows what the old row at that place had until the fresh page arrives. */
  refreshed = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_false (ud_member_item_get_loading (refreshed));
  g_assert_cmpint (ud_member_item_get_id (refreshed), ==, ud_member_item_get_id (item));
  {
    guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

    while (ud_member_item_get_id (refreshed) != member->id)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (timeout);
  }
  g_assert_cmpstr (ud_member_item_get_member (refreshed)->name, ==, "阿明");

  finish_model (model);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ud/member-list-model/count", test_count);
  ADD ("/ud/member-list-model/placeholder", test_placeholder);
  ADD ("/ud/member-list-model/query", test_query);
  ADD ("/ud/member-list-model/memory-bound", test_memory_bound);
  ADD ("/ud/member-list-model/stale-page", test_stale_page);
  ADD ("/ud/member-list-model/database-changed", test_database_changed);
#undef ADD

  return g_test_run ();
}
