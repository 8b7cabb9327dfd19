/* ud-aid-detail.h — one aid application: its fields, claims, computation, history and steps
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_AID_DETAIL (ud_aid_detail_get_type ())
G_DECLARE_FINAL_TYPE (UdAidDetail, ud_aid_detail, UD, AID_DETAIL, AdwWindow)

/* NULL with @error when the application cannot be read. */
UdAidDetail *ud_aid_detail_new                   (UdDatabase  *db,
                                                  gint64       application_id,
                                                  GError     **error);
gint64       ud_aid_detail_get_application_id    (UdAidDetail *self);

/* The group that shows the computation line by line (rebuilt on every change); for tests. */
GtkWidget   *ud_aid_detail_get_computation_group (UdAidDetail *self);

/* The workflow button named @name ("aid.submit", "aid.review", "aid.approve", "aid.return",
 * "aid.reject", "aid.pay", "aid.edit"), or NULL. */
GtkWidget   *ud_aid_detail_get_step_button       (UdAidDetail *self,
                                                  const char  *name);

/* Opens the application's window (or brings back the one already open), over @parent's
 * window. */
void         ud_aid_detail_present               (GtkWidget   *parent,
                                                  UdDatabase  *db,
                                                  gint64       application_id);

G_END_DECLS
