/* ud-member-list-model.c — the members matching a query, as a GListModel paged from SQLite
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GOM pattern (STYLE.md): n_items comes from a COUNT run in a worker thread; get_item()
 * returns a placeholder at once and queues the fetch of its page. Pages are fetched one at a
 * time, newest request first (what is on screen now), on a worker connection of the model's own;
 * at most max_pages pages stay in memory (least recently used dropped), so a million members
 * cost what a screenful does.
 *
 * Two queries: `query` is the one last asked for, `shown` the one whose count and rows the model
 * exposes. A new count replaces everything at once (items-changed over the whole list) and bumps
 * the generation; a fetch that comes back with an older generation, or for a page that was
 * dropped meanwhile (its token no longer in the table), is thrown away. After a change in the
 * database the previous pages are kept aside and fill the new placeholders, so rows on screen
 * keep their text until the fresh rows arrive instead of blinking to "…".
 *
 * Tasks have no source object: the model is held by the callback's data and released there, on
 * the main thread, never by a worker thread dropping the last reference to a task. */
#define G_LOG_DOMAIN "ud-member-list-model"

#include "ud-error.h"
#include "ud-member-list-model.h"

#define DEFAULT_MAX_PAGES 20

typedef struct
{
  guint      index;      /* page number */
  guint      token;      /* this page instance; a fetch result must find the same token */
  GPtrArray *items;      /* owned: UdMemberItem */
  GList      lru_link;   /* in UdMemberListModel.lru, data = the page */
  gboolean   queued;     /* in UdMemberListModel.fetch_queue */
} Page;

struct _UdMemberListModel
{
  GObject        parent_instance;

  UdDatabase    *db;             /* owned: the main-thread connection */
  UdDatabase    *worker;         /* owned: the fetch connection, used by one fetch at a time */
  GCancellable  *cancellable;    /* owned */
  GMutex        *fetch_gate;     /* borrowed, tests only */

  UdMemberQuery *query;          /* owned: asked for */
  UdMemberQuery *shown;          /* owned: what n_items and the pages are about */
  guint          n_items;
  guint          total;

  guint64        generation;     /* bumped whenever the exposed rows are replaced */
  guint          count_serial;   /* the latest count started; older results are ignored */
  gboolean       counting;
  gboolean       reload_pending; /* the data changed while a count was running */
  GCancellable  *count_cancellable; /* owned */

  guint          max_pages;
  guint          next_token;
  GHashTable    *pages;          /* owned: page number → Page */
  GQueue         lru;            /* of Page, most recent at the head */
  GHashTable    *previous;       /* owned: page number → GPtrArray of UdMember, after a change */
  GQueue         fetch_queue;    /* of Page (borrowed), the most recent request at the tail */
  gboolean       fetching;
  guint          n_dropped;
};

static void ud_member_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UdMemberListModel, ud_member_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ud_member_list_model_iface_init))

enum
{
  PROP_0,
  PROP_DATABASE,
  PROP_MAX_PAGES,
  PROP_QUERY,
  PROP_N_ITEMS,
  PROP_TOTAL,
  PROP_COUNTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_count       (UdMemberListModel *self);
static void start_next_fetch  (UdMemberListModel *self);

/* Pages */

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
drop_page (UdMemberListModel *self,
           Page              *page)
{
  if (page->queued)
    g_queue_remove (&self->fetch_queue, page);
  g_queue_unlink (&self->lru, &page->lru_link);
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
}

static void
drop_all_pages (UdMemberListModel *self)
{
  g_queue_clear (&self->fetch_queue);
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

/* Keeps the members of the pages in memory aside, by page number, to fill the placeholders of
 * the same rows after a reload. */
static void
keep_pages_aside (UdMemberListModel *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_remove_all (self->previous);
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Page *page = value;
      GPtrArray *members = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_member_free);

      for (guint i = 0; i < page->items->len; i++)
        {
          const UdMember *member = ud_member_item_get_member (g_ptr_array_index (page->items, i));

          if (member == NULL)
            break;
          g_ptr_array_add (members, ud_member_copy (member));
        }
      g_hash_table_insert (self->previous, GUINT_TO_POINTER (page->index), members);
    }
}

static Page *
page_new (UdMemberListModel *self,
          guint              index)
{
  Page *page = g_new0 (Page, 1);
  guint first = index * UD_MEMBER_LIST_MODEL_PAGE_SIZE;
  guint n_rows = MIN (UD_MEMBER_LIST_MODEL_PAGE_SIZE, self->n_items - first);
  GPtrArray *previous = g_hash_table_lookup (self->previous, GUINT_TO_POINTER (index));

  page->index = index;
  page->token = ++self->next_token;
  page->items = g_ptr_array_new_full (n_rows, g_object_unref);
  page->lru_link.data = page;

  for (guint i = 0; i < n_rows; i++)
    {
      UdMemberItem *item = ud_member_item_new ();

      if (previous != NULL && i < previous->len)
        ud_member_item_take_member (item, g_steal_pointer (&g_ptr_array_index (previous, i)));
      g_ptr_array_add (page->items, item);
    }

  if (previous != NULL)
    g_hash_table_remove (self->previous, GUINT_TO_POINTER (index));

  return page;
}

/* Fetching pages */

typedef struct
{
  UdMemberQuery *query;
  char          *path;
  UdDatabase    *worker;       /* owned; opened by the thread when NULL */
  GMutex        *gate;
  guint64        generation;
  guint          page_index;
  guint          token;
} FetchData;

static void
fetch_data_free (gpointer data)
{
  FetchData *fetch = data;

  ud_member_query_free (fetch->query);
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
  GPtrArray *members;

  if (fetch->gate != NULL)
    {
      g_mutex_lock (fetch->gate);
      g_mutex_unlock (fetch->gate);
    }

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

  members = ud_member_query_fetch (fetch->worker, fetch->query,
                                   fetch->page_index * UD_MEMBER_LIST_MODEL_PAGE_SIZE,
                                   UD_MEMBER_LIST_MODEL_PAGE_SIZE, &error);
  if (members == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, members, (GDestroyNotify) g_ptr_array_unref);
}

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(UdMemberListModel) self = user_data;
  GTask *task = G_TASK (result);
  FetchData *fetch = g_task_get_task_data (task);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  self->fetching = FALSE;
  if (self->worker == NULL && fetch->worker != NULL)
    self->worker = g_object_ref (fetch->worker);

  members = g_task_propagate_pointer (task, &error);
  if (members == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot read members: %s", error->message);
      start_next_fetch (self);
      return;
    }

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (fetch->page_index));
  if (fetch->generation != self->generation || page == NULL || page->token != fetch->token)
    {
      g_debug ("Dropping a stale page %u", fetch->page_index);
      self->n_dropped++;
    }
  else
    {
      for (guint i = 0; i < page->items->len && i < members->len; i++)
        ud_member_item_take_member (g_ptr_array_index (page->items, i),
                                    g_steal_pointer (&g_ptr_array_index (members, i)));
    }

  start_next_fetch (self);
}

static void
start_next_fetch (UdMemberListModel *self)
{
  g_autoptr(GTask) task = NULL;
  FetchData *fetch;
  Page *page;

  if (self->fetching || g_queue_is_empty (&self->fetch_queue)
      || g_cancellable_is_cancelled (self->cancellable))
    return;

  page = g_queue_pop_tail (&self->fetch_queue);
  page->queued = FALSE;

  fetch = g_new0 (FetchData, 1);
  fetch->query = ud_member_query_copy (self->shown);
  fetch->path = g_strdup (ud_database_get_path (self->db));
  fetch->worker = self->worker ? g_object_ref (self->worker) : NULL;
  fetch->gate = self->fetch_gate;
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
  UdMemberQuery *query;
  char          *path;
  guint          serial;
  guint          count;
  guint          total;
} CountData;

static void
count_data_free (gpointer data)
{
  CountData *count = data;

  ud_member_query_free (count->query);
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
  g_autoptr(UdMemberQuery) everything = ud_member_query_new ();
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  worker = ud_database_open_worker (count->path, &error);
  if (worker == NULL
      || !ud_member_query_count (worker, count->query, &count->count, &error)
      || !ud_member_query_count (worker, everything, &count->total, &error))
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
  g_autoptr(UdMemberListModel) self = user_data;
  GTask *task = G_TASK (result);
  CountData *count = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean same_query;
  guint old_n_items;

  if (count->serial != self->count_serial)
    return; /* a newer count is running */

  self->counting = FALSE;
  g_clear_object (&self->count_cancellable);

  if (!g_task_propagate_boolean (task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot count members: %s", error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
      return;
    }

  same_query = ud_member_query_equal (self->shown, count->query);
  if (same_query)
    keep_pages_aside (self);
  else
    g_hash_table_remove_all (self->previous);

  ud_member_query_free (self->shown);
  self->shown = ud_member_query_copy (count->query);
  self->generation++;
  drop_all_pages (self);

  old_n_items = self->n_items;
  self->n_items = count->count;

  g_object_freeze_notify (G_OBJECT (self));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (self->total != count->total)
    {
      self->total = count->total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
  g_object_thaw_notify (G_OBJECT (self));

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      start_count (self);
    }
}

static void
start_count (UdMemberListModel *self)
{
  g_autoptr(GTask) task = NULL;
  CountData *count;
  gboolean was_counting = self->counting;

  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_cancellable = g_cancellable_new ();

  count = g_new0 (CountData, 1);
  count->query = ud_member_query_copy (self->query);
  count->path = g_strdup (ud_database_get_path (self->db));
  count->serial = ++self->count_serial;

  self->counting = TRUE;
  self->reload_pending = FALSE;

  task = g_task_new (NULL, self->count_cancellable, count_done, g_object_ref (self));
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, count, count_data_free);
  g_task_run_in_thread (task, count_thread);

  if (!was_counting)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static void
database_changed (UdMemberListModel *self,
                  const char        *entity,
                  UdDatabase        *db)
{
  /* Rows show members with their union and employer names. */
  if (entity == NULL || g_str_equal (entity, "member") || g_str_equal (entity, "org")
      || g_str_equal (entity, "employer"))
    ud_member_list_model_reload (self);
}

/* GListModel */

static GType
ud_member_list_model_get_item_type (GListModel *model)
{
  return UD_TYPE_MEMBER_ITEM;
}

static guint
ud_member_list_model_get_n_items (GListModel *model)
{
  return UD_MEMBER_LIST_MODEL (model)->n_items;
}

static gpointer
ud_member_list_model_get_item (GListModel *model,
                               guint       position)
{
  UdMemberListModel *self = UD_MEMBER_LIST_MODEL (model);
  guint index = position / UD_MEMBER_LIST_MODEL_PAGE_SIZE;
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

  return g_object_ref (g_ptr_array_index (page->items, position % UD_MEMBER_LIST_MODEL_PAGE_SIZE));
}

static void
ud_member_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ud_member_list_model_get_item_type;
  iface->get_n_items = ud_member_list_model_get_n_items;
  iface->get_item = ud_member_list_model_get_item;
}

/* GObject */

static void
ud_member_list_model_constructed (GObject *object)
{
  UdMemberListModel *self = UD_MEMBER_LIST_MODEL (object);

  G_OBJECT_CLASS (ud_member_list_model_parent_class)->constructed (object);

  g_assert (UD_IS_DATABASE (self->db));

  if (self->max_pages == 0)
    self->max_pages = DEFAULT_MAX_PAGES;

  g_signal_connect_object (self->db, "changed", G_CALLBACK (database_changed), self,
                           G_CONNECT_SWAPPED);
  start_count (self);
}

static void
ud_member_list_model_dispose (GObject *object)
{
  UdMemberListModel *self = UD_MEMBER_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);

  drop_all_pages (self);
  g_hash_table_remove_all (self->previous);
  g_clear_object (&self->worker);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_member_list_model_parent_class)->dispose (object);
}

static void
ud_member_list_model_finalize (GObject *object)
{
  UdMemberListModel *self = UD_MEMBER_LIST_MODEL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->previous, g_hash_table_unref);
  g_clear_pointer (&self->query, ud_member_query_free);
  g_clear_pointer (&self->shown, ud_member_query_free);

  G_OBJECT_CLASS (ud_member_list_model_parent_class)->finalize (object);
}

static void
ud_member_list_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  UdMemberListModel *self = UD_MEMBER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;

    case PROP_MAX_PAGES:
      g_value_set_uint (value, self->max_pages);
      break;

    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;

    case PROP_COUNTING:
      g_value_set_boolean (value, self->counting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_member_list_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  UdMemberListModel *self = UD_MEMBER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;

    case PROP_MAX_PAGES:
      self->max_pages = g_value_get_uint (value);
      break;

    case PROP_QUERY:
      if (g_value_get_boxed (value) != NULL)
        {
          ud_member_query_free (self->query);
          self->query = g_value_dup_boxed (value);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_member_list_model_class_init (UdMemberListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ud_member_list_model_constructed;
  object_class->dispose = ud_member_list_model_dispose;
  object_class->finalize = ud_member_list_model_finalize;
  object_class->get_property = ud_member_list_model_get_property;
  object_class->set_property = ud_member_list_model_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UD_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL, UD_TYPE_MEMBER_QUERY,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COUNTING] =
    g_param_spec_boolean ("counting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ud_member_list_model_init (UdMemberListModel *self)
{
  self->cancellable = g_cancellable_new ();
  self->query = ud_member_query_new ();
  self->shown = ud_member_query_new ();
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, page_free);
  self->previous = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                          (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
  g_queue_init (&self->fetch_queue);
}

/* Public */

UdMemberListModel *
ud_member_list_model_new (UdDatabase          *db,
                          const UdMemberQuery *query,
                          guint                max_pages)
{
  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  return g_object_new (UD_TYPE_MEMBER_LIST_MODEL,
                       "database", db,
                       "query", query,
                       "max-pages", max_pages,
                       NULL);
}

UdDatabase *
ud_member_list_model_get_database (UdMemberListModel *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_LIST_MODEL (self), NULL);

  return self->db;
}

const UdMemberQuery *
ud_member_list_model_get_query (UdMemberListModel *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_LIST_MODEL (self), NULL);

  return self->query;
}

void
ud_member_list_model_set_query (UdMemberListModel   *self,
                                const UdMemberQuery *query)
{
  g_return_if_fail (UD_IS_MEMBER_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  if (ud_member_query_equal (self->query, query))
    return;

  ud_member_query_free (self->query);
  self->query = ud_member_query_copy (query);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  start_count (self);
}

void
ud_member_list_model_reload (UdMemberListModel *self)
{
  g_return_if_fail (UD_IS_MEMBER_LIST_MODEL (self));

  /* A count in flight started before this change: let it finish (so a stream of changes, as an
   * import makes, cannot starve the list), then count again. */
  if (self->counting)
    self->reload_pending = TRUE;
  else
    start_count (self);
}

gboolean
ud_member_list_model_get_counting (UdMemberListModel *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_LIST_MODEL (self), FALSE);

  return self->counting;
}

guint
ud_member_list_model_get_total (UdMemberListModel *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_LIST_MODEL (self), 0);

  return self->total;
}

guint
ud_member_list_model_get_n_cached_pages (UdMemberListModel *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_LIST_MODEL (self), 0);

  return g_hash_table_size (self->pages);
}

guint
ud_member_list_model_get_n_dropped_pages (UdMemberListModel *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_LIST_MODEL (self), 0);

  return self->n_dropped;
}

void
ud_member_list_model_set_fetch_gate (UdMemberListModel *self,
                                     GMutex            *gate)
{
  g_return_if_fail (UD_IS_MEMBER_LIST_MODEL (self));

  self->fetch_gate = gate;
}
