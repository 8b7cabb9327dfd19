/* ud-hardship-detail.h — one hardship file: its fields, figures, history and workflow steps
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_HARDSHIP_DETAIL (ud_hardship_detail_get_type ())
G_DECLARE_FINAL_TYPE (UdHardshipDetail, ud_hardship_detail, UD, HARDSHIP_DETAIL, AdwWindow)

/* NULL with @error when the file cannot be read. */
UdHardshipDetail *ud_hardship_detail_new         (UdDatabase       *db,
                                                  gint64            file_id,
                                                  GError          **error);
gint64            ud_hardship_detail_get_file_id (UdHardshipDetail *self);

/* Opens the file's window (or brings back the one already open), over @parent's window. */
void              ud_hardship_detail_present     (GtkWidget        *parent,
                                                  UdDatabase       *db,
                                                  gint64            file_id);

G_END_DECLS
