/* ud-paged-list-model.h — the rows of a query, as a GListModel paged from SQLite
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ud-database.h"
#include "ud-paged-item.h"

G_BEGIN_DECLS

/* Rows fetched at once. */
#define UD_PAGED_LIST_MODEL_PAGE_SIZE 100

/* Run in a worker thread on the model's worker connection; @query is the one given to
 * ud_paged_list_model_set_query() and must not change afterwards. The count returns 0 and sets
 * @error when it fails; the fetch returns the records (their free function set or not: the
 * model takes them out and frees them with its record_free) or NULL and sets @error. */
typedef guint       (*UdPagedCountFunc) (UdDatabase  *worker,
                                         gpointer     query,
                                         GError     **error);
typedef GPtrArray * (*UdPagedFetchFunc) (UdDatabase  *worker,
                                         gpointer     query,
                                         guint        offset,
                                         guint        limit,
                                         GError     **error);

#define UD_TYPE_PAGED_LIST_MODEL (ud_paged_list_model_get_type ())
G_DECLARE_FINAL_TYPE (UdPagedListModel, ud_paged_list_model, UD, PAGED_LIST_MODEL, GObject)

/* A list of UdPagedItem, empty until a query is set and counted (then items-changed).
 * get_item() returns a placeholder at once (loading) and fetches its page in a worker thread
 * with a connection of its own to the database at @path. At most @max_pages pages are kept
 * (0: default). */
UdPagedListModel *ud_paged_list_model_new          (const char        *path,
                                                    UdPagedCountFunc   count,
                                                    UdPagedFetchFunc   fetch,
                                                    GDestroyNotify     record_free,
                                                    guint              max_pages);

/* Recounts @query (taken: freed with @query_free) in a worker thread, then replaces the items
 * (items-changed). Until then the previous rows stay. */
void              ud_paged_list_model_set_query    (UdPagedListModel  *self,
                                                    gpointer           query,
                                                    GDestroyNotify     query_free);

/* Recounts the current query and re-reads its rows (after a change in the database), keeping
 * the rows shown meanwhile. */
void              ud_paged_list_model_reload       (UdPagedListModel  *self);

/* TRUE while a count is running (the list shows the previous results meanwhile). */
gboolean          ud_paged_list_model_get_counting (UdPagedListModel  *self);

/* Why the last count failed, or NULL. */
const GError     *ud_paged_list_model_get_error    (UdPagedListModel  *self);

/* For tests and diagnostics: pages held in memory. */
guint             ud_paged_list_model_get_n_cached_pages (UdPagedListModel *self);

G_END_DECLS
