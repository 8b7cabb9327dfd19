/* ud-member-list-model.h — the members matching a query, as a GListModel paged from SQLite
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ud-database.h"
#include "ud-member-item.h"
#include "ud-member-query.h"

G_BEGIN_DECLS

/* Rows fetched at once. */
#define UD_MEMBER_LIST_MODEL_PAGE_SIZE 100

#define UD_TYPE_MEMBER_LIST_MODEL (ud_member_list_model_get_type ())
G_DECLARE_FINAL_TYPE (UdMemberListModel, ud_member_list_model, UD, MEMBER_LIST_MODEL, GObject)

/* A list of UdMemberItem. The count runs in a worker thread: the list is empty until it arrives
 * (then items-changed). get_item() returns a placeholder at once (loading) and fetches its page
 * in a worker thread with its own connection. At most @max_pages pages are kept (0: default). */
UdMemberListModel   *ud_member_list_model_new          (UdDatabase          *db,
                                                        const UdMemberQuery *query,
                                                        guint                max_pages);

UdDatabase          *ud_member_list_model_get_database (UdMemberListModel   *self);

/* The query last asked for (it is shown once its count arrives). */
const UdMemberQuery *ud_member_list_model_get_query    (UdMemberListModel   *self);

/* Recounts in a worker thread, then replaces the items (items-changed). */
void                 ud_member_list_model_set_query    (UdMemberListModel   *self,
                                                        const UdMemberQuery *query);

/* Recounts and re-reads the rows, keeping what is shown until the new rows arrive. Done by
 * itself when the database reports a change to members, unions or employers. */
void                 ud_member_list_model_reload       (UdMemberListModel   *self);

/* TRUE while a count is running (the list shows the previous results meanwhile). */
gboolean             ud_member_list_model_get_counting (UdMemberListModel   *self);

/* Members in the database whatever the query, as of the last count. */
guint                ud_member_list_model_get_total    (UdMemberListModel   *self);

/* For tests and diagnostics: pages held in memory, and fetch results thrown away because the
 * query or the data changed (or the page was dropped) while they were read. */
guint                ud_member_list_model_get_n_cached_pages   (UdMemberListModel *self);
guint                ud_member_list_model_get_n_dropped_pages  (UdMemberListModel *self);

/* For tests: every page fetch locks and unlocks @gate (nullable) before it reads, so a test can
 * hold a fetch in flight. */
void                 ud_member_list_model_set_fetch_gate (UdMemberListModel *self,
                                                          GMutex            *gate);

G_END_DECLS
