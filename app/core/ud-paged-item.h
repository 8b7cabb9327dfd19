/* ud-paged-item.h — one row of a paged list: a record, or a placeholder while its page loads
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define UD_TYPE_PAGED_ITEM (ud_paged_item_get_type ())
G_DECLARE_FINAL_TYPE (UdPagedItem, ud_paged_item, UD, PAGED_ITEM, GObject)

/* A placeholder: loading is TRUE and the record NULL until ud_paged_item_take_record().
 * @record_free frees the record the item is given. */
UdPagedItem *ud_paged_item_new         (GDestroyNotify  record_free);

/* TRUE while the row's page is being fetched. */
gboolean     ud_paged_item_get_loading (UdPagedItem    *self);

/* The record (borrowed; its type is the list's), or NULL while loading. */
gpointer     ud_paged_item_get_record  (UdPagedItem    *self);

/* For UdPagedListModel: fills the row (takes @record, replacing the one it had) and notifies
 * loading, so that views re-read the row. */
void         ud_paged_item_take_record (UdPagedItem    *self,
                                        gpointer        record);

/* For UdPagedListModel: takes the record out (the item is loading again, without notifying). */
gpointer     ud_paged_item_steal_record (UdPagedItem   *self);

G_END_DECLS
