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

/* For UdPagedListModel: fills the row (takes @record) and notifies loading. */
void         ud_paged_item_take_record (UdPagedItem    *self,
                                        gpointer        record);

G_END_DECLS
