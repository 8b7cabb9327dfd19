/* ud-payout-detail.h — one payout line: its account, fund, bank result and reissue
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_PAYOUT_DETAIL (ud_payout_detail_get_type ())
G_DECLARE_FINAL_TYPE (UdPayoutDetail, ud_payout_detail, UD, PAYOUT_DETAIL, AdwWindow)

/* Opens the window of payout line @payout_id over @parent's window. */
UdPayoutDetail *ud_payout_detail_present (GtkWidget  *parent,
                                          UdDatabase *db,
                                          gint64      payout_id);

/* The line shown (it changes to the new line after a reissue). */
gint64          ud_payout_detail_get_payout (UdPayoutDetail *self);

G_END_DECLS
