/* ud-audit-page.h — the audit trail: who did what to which record, filtered and paged
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-audit.h"
#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_AUDIT_PAGE (ud_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (UdAuditPage, ud_audit_page, UD, AUDIT_PAGE, AdwBin)

GtkWidget  *ud_audit_page_new          (UdDatabase         *db);

/* Reads the entries again with the current filters. */
void        ud_audit_page_reload       (UdAuditPage        *self);

/* A row for one entry: local time, account and action as the title, the record and the changed
 * fields ("Name: 李明 → 李明华") as the subtitle; whole ID and mobile numbers stay masked.
 * @with_record: also name the record (the audit page does; a record's own history does not). */
GtkWidget  *ud_audit_row_new           (const UdAuditEntry *entry,
                                        gboolean            with_record);

/* The translated name of an audit action ("update" → "Changed"). */
const char *ud_audit_action_label      (const char         *action);

G_END_DECLS
