/* ud-paged-list-model.c — the rows of a query, as a GListModel paged from SQLite
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GOM pattern (STYLE.md), as UdMemberListModel does it for members, for any query whose
 * count and page fetch the caller gives: n_items comes from a count run in a worker thread;
 * get_item() returns a placeholder at once and queues the fetch of its page. Pages are fetched
 * one at a time, newest request first (what is on screen now), on a worker connection of the
 * model's own; at most max_pages pages stay in memory (least recently used dropped).
 *
 * Two queries: `query` is the one last asked for, `shown` the one whose count and rows the model
 * exposes. A new count replaces everything at once (items-changed over the whole list) and bumps
 * the generation; a fetch that comes back with an older generation, or for a page that was
 * dropped meanwhile (its token no longer in the table), is thrown away. Queries are opaque and
 * shared, read-only, with the worker threads through a reference-counted holder.
 *
 * Tasks have no source object: the model is held by the callback's data and released there, on
 * the main thread, never by a worker thread dropping the last reference to a task. */
#define G_LOG_DOMAIN "ud-paged-list-model"

#include "ud-paged-list-model.h"

#define DEFAULT_MAX_PAGES 20

/* A query and its free function, shared by the model and its tasks. */
typedef struct
{
  gpointer       query;
  GDestroyNotify query_free;
} Query;

static void
query_clear (gpointer data)
{
  Query *query = data;

  if (query->query != NULL && query->query_free != NULL)
    query->query_free (query->query);
}

static Query *
query_new (gpointer       query,
           GDestroyNotify query_free)
{
  Query *holder = g_atomic_rc_box_new0 (Query);

  holder->query = query;
  holder->query_free = query_free;
  return holder;
}

static Query *
query_ref (Query *query)
{
  return g_atomic_rc_box_acquire (query);
}

static void
query_unref (Query *query)
{
  g_atomic_rc_box_release_full (query, query_clear);
}

typedef struct
{
  guint      index;      /* page number */
  guint      token;      /* this page instance; a fetch result must find the same token */
  GPtrArray *items;      /* owned: UdPagedItem */
  GList      lru_link;   /* in UdPagedListModel.lru, data = the page */
  gboolean   queued;     /* in UdPagedListModel.fetch_queue */
} Page;

struct _UdPagedListModel
{
  GObject           parent_instance;

  char             *path;           /* owned: the database file */
  UdPagedCountFunc  count_func;
  UdPagedFetchFunc  fetch_func;
  GDestroyNotify    record_free;
  UdDatabase       *worker;         /* owned: the fetch connection, one fetch at a time */
  GCancellable     *cancellable;    /* owned */

  Query            *query;          /* owned, nullable: asked for */
  Query            *shown;          /* owned, nullable: what n_items and the pages are about */
  guint             n_items;
  GError           *error;          /* owned: why the last count failed */

  guint64           generation;     /* bumped whenever the exposed rows are replaced */
  guint             count_serial;   /* the latest count started; older results are ignored */
  gboolean          counting;
  GCancellable     *count_cancellable; /* owned */

  guint             max_pages;
  guint             next_token;
  GHashTable       *pages;          /* owned: page number → Page */
  GQueue            lru;            /* of Page, most recent at the head */
  GQueue            fetch_queue;    /* of Page (borrowed), the most recent request at the tail */
  gboolean          fetching;
  gboolean          keep_rows;      /* the count running re-reads the same query */
  GHashTable       *previous;       /* owned: page number → GPtrArray of records, kept from
                                     * before a reload to fill the same rows meanwhile */
};

static void ud_paged_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UdPagedListModel, ud_paged_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ud_paged_list_model_iface_init))

enum
{
  PROP_0,
  PROP_N_ITEMS,
  PROP_COUNTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_next_fetch (UdPagedListModel *self);

/* Pages */

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
drop_page (UdPagedListModel *self,
           Page             *page)
{
  if (page->queued)
    g_queue_remove (&self->fetch_queue, page);
  g_queue_unlink (&self->lru, &page->lru_link);
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
}

static void
drop_all_pages (UdPagedListModel *self)
{
  g_queue_clear (&self->fetch_queue);
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

/* Takes the records of the pages in memory aside, by page number, to fill the placeholders of
 * the same rows after a reload: rows on screen keep their text until the fresh rows arrive
 * instead of blinking to "…". */
static void
keep_pages_aside (UdPagedListModel *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_remove_all (self->previous);
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Page *page = value;
      GPtrArray *records = g_ptr_array_new_with_free_func (self->record_free);

      for (guint i = 0; i < page->items->len; i++)
        {
          gpointer record = ud_paged_item_steal_record (g_ptr_array_index (page->items, i));

          if (record == NULL)
            break;
          g_ptr_array_add (records, record);
        }
      g_hash_table_insert (self->previous, GUINT_TO_POINTER (page->index), records);
    }
}

static Page *
page_new (UdPagedListModel *self,
          guint             index)
{
  Page *page = g_new0 (Page, 1);
  guint first = index * UD_PAGED_LIST_MODEL_PAGE_SIZE;
  guint n_rows = MIN (UD_PAGED_LIST_MODEL_PAGE_SIZE, self->n_items - first);
  GPtrArray *previous = g_hash_table_lookup (self->previous, GUINT_TO_POINTER (index));

  page->index = index;
  page->token = ++self->next_token;
  page->items = g_ptr_array_new_full (n_rows, g_object_unref);
  page->lru_link.data = page;

  for (guint i = 0; i < n_rows; i++)
    {
      UdPagedItem *item = ud_paged_item_new (self->record_free);

      if (previous != NULL && i < previous->len)
        ud_paged_item_take_record (item, g_steal_pointer (&g_ptr_array_index (previous, i)));
      g_ptr_array_add (page->items, item);
    }
  if (previous != NULL)
    g_hash_table_remove (self->previous, GUINT_TO_POINTER (index));

  return page;
}

/* Fetching pages */

typedef struct
{
  Query            *query;       /* owned */
  char             *path;
  UdPagedFetchFunc  fetch_func;
  UdDatabase       *worker;      /* owned; opened by the thread when NULL */
  guint64           generation;
  guint             page_index;
  guint             token;
} FetchData;

static void
fetch_data_free (gpointer data)
{
  FetchData *fetch = data;

  query_unref (fetch->query);
  g_free (fetch->path);
  g_clear_object (&fetch->worker);
  g_free (fetch);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *fetch = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (fetch->worker == NULL)
    {
      fetch->worker = ud_database_open_worker (fetch->path, &error);
      if (fetch->worker == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  records = fetch->fetch_func (fetch->worker, fetch->query->query,
                               fetch->page_index * UD_PAGED_LIST_MODEL_PAGE_SIZE,
                               UD_PAGED_LIST_MODEL_PAGE_SIZE, &error);
  if (records == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
}

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UdPagedListModel) self = user_data;
  GTask *task = G_TASK (result);
  FetchData *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;
  guint i = 0;

  self->fetching = FALSE;
  if (self->worker == NULL && fetch->worker != NULL)
    self->worker = g_object_ref (fetch->worker);

  records = g_task_propagate_pointer (task, &error);
  if (records == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot read a page of the list: %s", error->message);
      start_next_fetch (self);
      return;
    }

  /* The records are the model's from here: its record_free frees what is not used. */
  g_ptr_array_set_free_func (records, NULL);

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (fetch->page_index));
  if (fetch->generation != self->generation || page == NULL || page->token != fetch->token)
    g_debug ("Dropping a stale page %u", fetch->page_index);
  else
    for (; i < page->items->len && i < records->len; i++)
      ud_paged_item_take_record (g_ptr_array_index (page->items, i),
                                 g_ptr_array_index (records, i));

  for (; i < records->len; i++)
    if (self->record_free != NULL)
      self->record_free (g_ptr_array_index (records, i));

  start_next_fetch (self);
}

static void
start_next_fetch (UdPagedListModel *self)
{
  g_autoptr(GTask) task = NULL;
  FetchData *fetch;
  Page *page;

  if (self->fetching || g_queue_is_empty (&self->fetch_queue) || self->shown == NULL
      || g_cancellable_is_cancelled (self->cancellable))
    return;

  page = g_queue_pop_tail (&self->fetch_queue);
  page->queued = FALSE;

  fetch = g_new0 (FetchData, 1);
  fetch->query = query_ref (self->shown);
  fetch->path = g_strdup (self->path);
  fetch->fetch_func = self->fetch_func;
  fetch->worker = self->worker ? g_object_ref (self->worker) : NULL;
  fetch->generation = self->generation;
  fetch->page_index = page->index;
  fetch->token = page->token;

  self->fetching = TRUE;
  task = g_task_new (NULL, self->cancellable, fetch_done, g_object_ref (self));
  g_task_set_source_tag (task, start_next_fetch);
  g_task_set_task_data (task, fetch, fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

/* Counting */

typedef struct
{
  Query            *query;       /* owned */
  char             *path;
  UdPagedCountFunc  count_func;
  guint             serial;
  guint             count;
  gboolean          keep_rows;   /* the same query re-read: keep the rows shown meanwhile */
} CountData;

static void
count_data_free (gpointer data)
{
  CountData *count = data;

  query_unref (count->query);
  g_free (count->path);
  g_free (count);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountData *count = task_data;
  g_autoptr(UdDatabase) worker = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  worker = ud_database_open_worker (count->path, &error);
  if (worker != NULL)
    count->count = count->count_func (worker, count->query->query, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UdPagedListModel) self = user_data;
  GTask *task = G_TASK (result);
  CountData *count = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint old_n_items;

  if (count->serial != self->count_serial)
    return; /* a newer count is running */

  self->counting = FALSE;
  g_clear_object (&self->count_cancellable);

  if (!g_task_propagate_boolean (task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The list is emptied (what it showed is not what was asked for); the error is there
       * for the view to show. */
      g_debug ("Cannot count the list: %s", error->message);
      count->count = 0;
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
    }
  else
    g_clear_error (&self->error);

  g_clear_pointer (&self->shown, query_unref);
  self->shown = query_ref (count->query);
  self->generation++;
  if (count->keep_rows && self->error == NULL)
    keep_pages_aside (self);
  else
    g_hash_table_remove_all (self->previous);
  drop_all_pages (self);

  old_n_items = self->n_items;
  self->n_items = count->count;

  g_object_freeze_notify (G_OBJECT (self));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
start_count (UdPagedListModel *self,
             gboolean          keep_rows)
{
  g_autoptr(GTask) task = NULL;
  CountData *count;
  gboolean was_counting = self->counting;

  /* A re-read after a new query whose count has not arrived yet is a new query too. */
  if (was_counting && !self->keep_rows)
    keep_rows = FALSE;
  self->keep_rows = keep_rows;

  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_cancellable = g_cancellable_new ();

  count = g_new0 (CountData, 1);
  count->query = query_ref (self->query);
  count->path = g_strdup (self->path);
  count->count_func = self->count_func;
  count->serial = ++self->count_serial;
  count->keep_rows = keep_rows && self->shown != NULL;

  self->counting = TRUE;

  task = g_task_new (NULL, self->count_cancellable, count_done, g_object_ref (self));
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, count, count_data_free);
  g_task_run_in_thread (task, count_thread);

  if (!was_counting)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

/* GListModel */

static GType
ud_paged_list_model_get_item_type (GListModel *model)
{
  return UD_TYPE_PAGED_ITEM;
}

static guint
ud_paged_list_model_get_n_items (GListModel *model)
{
  return UD_PAGED_LIST_MODEL (model)->n_items;
}

static gpointer
ud_paged_list_model_get_item (GListModel *model,
                              guint       position)
{
  UdPagedListModel *self = UD_PAGED_LIST_MODEL (model);
  guint index = position / UD_PAGED_LIST_MODEL_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->lru_link);
      g_queue_push_head_link (&self->lru, &page->lru_link);
    }
  else
    {
      page = page_new (self, index);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
      g_queue_push_head_link (&self->lru, &page->lru_link);
      g_queue_push_tail (&self->fetch_queue, page);
      page->queued = TRUE;

      while (g_hash_table_size (self->pages) > self->max_pages)
        drop_page (self, g_queue_peek_tail (&self->lru));

      start_next_fetch (self);
    }

  return g_object_ref (g_ptr_array_index (page->items, position % UD_PAGED_LIST_MODEL_PAGE_SIZE));
}

static void
ud_paged_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ud_paged_list_model_get_item_type;
  iface->get_n_items = ud_paged_list_model_get_n_items;
  iface->get_item = ud_paged_list_model_get_item;
}

/* GObject */

static void
ud_paged_list_model_dispose (GObject *object)
{
  UdPagedListModel *self = UD_PAGED_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);

  drop_all_pages (self);
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (ud_paged_list_model_parent_class)->dispose (object);
}

static void
ud_paged_list_model_finalize (GObject *object)
{
  UdPagedListModel *self = UD_PAGED_LIST_MODEL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->previous, g_hash_table_unref);
  g_clear_pointer (&self->query, query_unref);
  g_clear_pointer (&self->shown, query_unref);
  g_clear_error (&self->error);
  g_free (self->path);

  G_OBJECT_CLASS (ud_paged_list_model_parent_class)->finalize (object);
}

static void
ud_paged_list_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  UdPagedListModel *self = UD_PAGED_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_COUNTING:
      g_value_set_boolean (value, self->counting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_paged_list_model_class_init (UdPagedListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ud_paged_list_model_dispose;
  object_class->finalize = ud_paged_list_model_finalize;
  object_class->get_property = ud_paged_list_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COUNTING] =
    g_param_spec_boolean ("counting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ud_paged_list_model_init (UdPagedListModel *self)
{
  self->cancellable = g_cancellable_new ();
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, page_free);
  self->previous = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                          (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
  g_queue_init (&self->fetch_queue);
}

/* Public */

UdPagedListModel *
ud_paged_list_model_new (const char       *path,
                         UdPagedCountFunc  count,
                         UdPagedFetchFunc  fetch,
                         GDestroyNotify    record_free,
                         guint             max_pages)
{
  UdPagedListModel *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (count != NULL, NULL);
  g_return_val_if_fail (fetch != NULL, NULL);

  self = g_object_new (UD_TYPE_PAGED_LIST_MODEL, NULL);
  self->path = g_strdup (path);
  self->count_func = count;
  self->fetch_func = fetch;
  self->record_free = record_free;
  self->max_pages = max_pages > 0 ? max_pages : DEFAULT_MAX_PAGES;
  return self;
}

void
ud_paged_list_model_set_query (UdPagedListModel *self,
                               gpointer          query,
                               GDestroyNotify    query_free)
{
  g_return_if_fail (UD_IS_PAGED_LIST_MODEL (self));

  g_clear_pointer (&self->query, query_unref);
  self->query = query_new (query, query_free);
  start_count (self, FALSE);
}

void
ud_paged_list_model_reload (UdPagedListModel *self)
{
  g_return_if_fail (UD_IS_PAGED_LIST_MODEL (self));

  if (self->query != NULL)
    start_count (self, TRUE);
}

gboolean
ud_paged_list_model_get_counting (UdPagedListModel *self)
{
  g_return_val_if_fail (UD_IS_PAGED_LIST_MODEL (self), FALSE);

  return self->counting;
}

const GError *
ud_paged_list_model_get_error (UdPagedListModel *self)
{
  g_return_val_if_fail (UD_IS_PAGED_LIST_MODEL (self), NULL);

  return self->error;
}

guint
ud_paged_list_model_get_n_cached_pages (UdPagedListModel *self)
{
  g_return_val_if_fail (UD_IS_PAGED_LIST_MODEL (self), 0);

  return g_hash_table_size (self->pages);
}
