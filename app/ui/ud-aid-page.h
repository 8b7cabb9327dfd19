/* ud-aid-page.h — the aid applications section: filters, batches and the application list
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_AID_PAGE (ud_aid_page_get_type ())
G_DECLARE_FINAL_TYPE (UdAidPage, ud_aid_page, UD, AID_PAGE, GtkWidget)

GtkWidget *ud_aid_page_new            (UdDatabase *db);

/* Reads the list again (the database signals changes by itself). */
void       ud_aid_page_reload         (UdAidPage  *self);

/* Lists only the applications of the hardship file @file_id (0: every file). */
void       ud_aid_page_set_file       (UdAidPage  *self,
                                       gint64      file_id,
                                       const char *file_number);

/* Lists only the applications of @batch (NULL or "": every batch). */
void       ud_aid_page_set_batch      (UdAidPage  *self,
                                       const char *batch);

/* Shows the aid section of the main window that @widget belongs to, filtered to the hardship
 * file @file_id, and brings that window forward. */
void       ud_aid_page_show_file      (GtkWidget  *widget,
                                       gint64      file_id,
                                       const char *file_number);

G_END_DECLS
