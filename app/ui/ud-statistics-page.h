/* ud-statistics-page.h — the statistics section: hardship files and aid in charts and figures
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_STATISTICS_PAGE (ud_statistics_page_get_type ())
G_DECLARE_FINAL_TYPE (UdStatisticsPage, ud_statistics_page, UD, STATISTICS_PAGE, AdwBin)

GtkWidget *ud_statistics_page_new            (UdDatabase       *db);

/* The year shown (this year at first). */
int        ud_statistics_page_get_year       (UdStatisticsPage *self);
void       ud_statistics_page_set_year       (UdStatisticsPage *self,
                                              int               year);

/* Whether figures are being read (the charts show the previous ones meanwhile). */
gboolean   ud_statistics_page_is_loading     (UdStatisticsPage *self);

/* For tests: how many times each chart was drawn since the page was made. */
guint      ud_statistics_page_get_files_draws (UdStatisticsPage *self);
guint      ud_statistics_page_get_aid_draws   (UdStatisticsPage *self);

/* The text under the charts (what a screen reader reads). */
const char *ud_statistics_page_get_files_summary (UdStatisticsPage *self);
const char *ud_statistics_page_get_aid_summary   (UdStatisticsPage *self);

G_END_DECLS
