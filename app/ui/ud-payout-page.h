/* ud-payout-page.h — the treasurer's payouts: the lines to pay, the batches and the bank's files
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"
#include "ud-payout-store.h"

G_BEGIN_DECLS

#define UD_TYPE_PAYOUT_PAGE (ud_payout_page_get_type ())
G_DECLARE_FINAL_TYPE (UdPayoutPage, ud_payout_page, UD, PAYOUT_PAGE, GtkWidget)

GtkWidget *ud_payout_page_new            (UdDatabase         *db);

/* Reads the lines and batches again. */
void       ud_payout_page_reload         (UdPayoutPage       *self);

/* The batch shown on the Batches view (0: none), and showing one. */
gint64     ud_payout_page_get_batch      (UdPayoutPage       *self);
void       ud_payout_page_show_batch     (UdPayoutPage       *self,
                                          gint64              batch_id);

/* What the buttons do (after their file dialogs): each runs in a worker thread with a progress
 * bar and a Cancel button, and reports in a toast or in the batch's message area when done. */
void       ud_payout_page_create_batch   (UdPayoutPage       *self);
void       ud_payout_page_export_batch   (UdPayoutPage       *self,
                                          const char         *path,
                                          UdPayoutFileFormat  format);
void       ud_payout_page_import_return  (UdPayoutPage       *self,
                                          const char         *path);

/* TRUE while such a job runs. */
gboolean   ud_payout_page_get_busy       (UdPayoutPage       *self);

G_END_DECLS
