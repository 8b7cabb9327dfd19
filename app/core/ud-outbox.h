/* ud-outbox.h — the sync outbox: every synced change, written in the change's own transaction
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ud-database.h"

G_BEGIN_DECLS

/* Records a change of (@entity, @uuid) at @version for upload. Must be called inside the
 * transaction that made the change. @data is the whole current record (never a diff); for
 * "delete" it may be NULL. If the record already has a row that is not yet frozen in a batch,
 * that row is replaced by this newer version (keeping its seq); otherwise a new row gets the
 * next seq. */
gboolean ud_outbox_append       (UdDatabase  *db,
                                 const char  *entity,
                                 int          schema,
                                 const char  *uuid,
                                 gint64       version,
                                 const char  *op,
                                 JsonObject  *data,
                                 GError     **error);

/* Rows waiting for upload (pending, not rejected or in conflict). */
gint64   ud_outbox_count_pending (UdDatabase *db);

G_END_DECLS
