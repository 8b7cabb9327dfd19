/* tests/test-paged-list-model.c — the generic paged list: count, placeholders, queries, bounded
 * memory
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>

#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-paged-list-model.h"
#include "ud-test-util.h"

#define N_MEMBERS 1000

/* Ten surnames, a hundred members each. */
static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴" };

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

  g_assert_true (ud_database_begin (f->t->db, &error));
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autofree char *name = g_strconcat (surnames[i % 10], "小明", NULL);
      g_autofree char *id_number = ud_test_make_id ("330105", "19800101", i);
      g_autoptr(UdMember) member = ud_test_member_new (f->t->db, name, id_number);

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

/* The callbacks, run in the model's worker thread. */

static guint
count_members (UdDatabase  *worker,
               gpointer     query,
               GError     **error)
{
  guint count = 0;

  ud_member_query_count (worker, query, &count, error);
  return count;
}

static GPtrArray *
fetch_members (UdDatabase  *worker,
               gpointer     query,
               guint        offset,
               guint        limit,
               GError     **error)
{
  return ud_member_query_fetch (worker, query, offset, limit, error);
}

static UdPagedListModel *
model_new (Fixture *f,
           guint    max_pages)
{
  return ud_paged_list_model_new (ud_database_get_path (f->t->db), count_members, fetch_members,
                                  (GDestroyNotify) ud_member_free, max_pages);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out waiting for the list");
  return G_SOURCE_REMOVE;
}

static void
wait_counted (UdPagedListModel *model)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  while (ud_paged_list_model_get_counting (model))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
wait_loaded (UdPagedItem *item)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  while (ud_paged_item_get_loading (item))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

/* Drops the test's reference and lets running tasks finish, so the model is finalized. */
static void
finish_model (UdPagedListModel *model)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, NULL);

  g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &model);
  g_object_unref (model);
  while (model != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_calls)
{
  (*n_calls)++;
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  UdPagedListModel *model = model_new (f, 0);
  guint n_changes = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &n_changes);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (model)), ==, UD_TYPE_PAGED_ITEM);

  /* Empty until a query is set and counted. */
  g_assert_false (ud_paged_list_model_get_counting (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  ud_paged_list_model_set_query (model, ud_member_query_new (),
                                 (GDestroyNotify) ud_member_query_free);
  g_assert_true (ud_paged_list_model_get_counting (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));

  wait_counted (model);
  g_assert_no_error (ud_paged_list_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_MEMBERS));

  finish_model (model);
}

static void
test_placeholder (Fixture       *f,
                  gconstpointer  data)
{
  UdPagedListModel *model = model_new (f, 0);
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(UdPagedItem) item = NULL;
  g_autoptr(UdPagedItem) again = NULL;
  g_autoptr(UdPagedItem) neighbour = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;

  ud_paged_list_model_set_query (model, ud_member_query_copy (query),
                                 (GDestroyNotify) ud_member_query_free);
  wait_counted (model);

  item = g_list_model_get_item (G_LIST_MODEL (model), 150);
  g_assert_true (UD_IS_PAGED_ITEM (item));
  g_assert_true (ud_paged_item_get_loading (item));
  g_assert_null (ud_paged_item_get_record (item));

  /* The same row is the same object while its page is kept. */
  again = g_list_model_get_item (G_LIST_MODEL (model), 150);
  g_assert_true (again == item);

  wait_loaded (item);
  g_assert_nonnull (ud_paged_item_get_record (item));

  expected = ud_member_query_fetch (f->t->db, query, 150, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((UdMember *) ud_paged_item_get_record (item))->id, ==,
                   ((UdMember *) g_ptr_array_index (expected, 0))->id);

  /* Its page came with it. */
  neighbour = g_list_model_get_item (G_LIST_MODEL (model), 151);
  g_assert_false (ud_paged_item_get_loading (neighbour));
  g_assert_cmpint (((UdMember *) ud_paged_item_get_record (neighbour))->id, ==,
                   ((UdMember *) g_ptr_array_index (expected, 1))->id);
  g_assert_cmpuint (ud_paged_list_model_get_n_cached_pages (model), ==, 1);

  finish_model (model);
}

static void
test_query (Fixture       *f,
            gconstpointer  data)
{
  UdPagedListModel *model = model_new (f, 0);
  UdMemberQuery *query = ud_member_query_new ();
  g_autoptr(UdPagedItem) item = NULL;
  const UdMember *member;

  ud_paged_list_model_set_query (model, ud_member_query_new (),
                                 (GDestroyNotify) ud_member_query_free);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS);

  /* A new query recounts; the rows shown stay until its count arrives. */
  query->text = g_strdup ("王");
  ud_paged_list_model_set_query (model, query, (GDestroyNotify) ud_member_query_free);
  g_assert_true (ud_paged_list_model_get_counting (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS / 10);

  item = g_list_model_get_item (G_LIST_MODEL (model), 99);
  wait_loaded (item);
  member = ud_paged_item_get_record (item);
  g_assert_true (g_str_has_prefix (member->name, "王"));

  /* Reloading keeps the query, and the rows shown keep their records until the fresh ones
   * come: no blink to placeholders. */
  ud_paged_list_model_reload (model);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS / 10);
  {
    g_autoptr(UdPagedItem) again = g_list_model_get_item (G_LIST_MODEL (model), 99);
    g_autoptr(UdPagedItem) elsewhere = NULL;
    g_autofree char *name = NULL;

    g_assert_false (ud_paged_item_get_loading (again));
    name = g_strdup (((const UdMember *) ud_paged_item_get_record (again))->name);
    g_assert_true (g_str_has_prefix (name, "王"));

    /* A new query is not the rows shown: placeholders until its rows come. */
    ud_paged_list_model_set_query (model, ud_member_query_new (),
                                   (GDestroyNotify) ud_member_query_free);
    wait_counted (model);
    elsewhere = g_list_model_get_item (G_LIST_MODEL (model), 99);
    g_assert_true (ud_paged_item_get_loading (elsewhere));
    wait_loaded (elsewhere);
  }

  finish_model (model);
}

static void
test_memory_bound (Fixture       *f,
                   gconstpointer  data)
{
  UdPagedListModel *model = model_new (f, 3);

  ud_paged_list_model_set_query (model, ud_member_query_new (),
                                 (GDestroyNotify) ud_member_query_free);
  wait_counted (model);

  /* Scrolling through every row keeps at most three pages. */
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autoptr(UdPagedItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (i % UD_PAGED_LIST_MODEL_PAGE_SIZE == 0)
        wait_loaded (item);
      g_assert_false (ud_paged_item_get_loading (item));
      g_assert_cmpuint (ud_paged_list_model_get_n_cached_pages (model), <=, 3);
    }
  g_assert_cmpuint (ud_paged_list_model_get_n_cached_pages (model), ==, 3);

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
  ADD ("/ud/paged-list-model/count", test_count);
  ADD ("/ud/paged-list-model/placeholder", test_placeholder);
  ADD ("/ud/paged-list-model/query", test_query);
  ADD ("/ud/paged-list-model/memory-bound", test_memory_bound);
#undef ADD

  return g_test_run ();
}
