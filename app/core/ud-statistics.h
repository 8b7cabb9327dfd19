/* ud-statistics.h — counts and sums for the statistics page and its XLSX export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ud-database.h"

G_BEGIN_DECLS

/* The sizes of the closed lists counted (checked against their UdEnumInfo at run time). */
#define UD_STATISTICS_N_CATEGORIES 4   /* UdHardshipCategory */
#define UD_STATISTICS_N_CAUSES     11  /* UdHardshipCause */
#define UD_STATISTICS_N_AID_TYPES  5   /* UdAidType */
#define UD_STATISTICS_N_MONTHS     12

/* Hardship files in force on a day: filed (active) or in annual review as of that day, read
 * from each file's status history. The category and main cause are the file's current ones. */
typedef struct
{
  char   on_date[11];                                  /* YYYY-MM-DD */
  guint  total;
  guint  by_category[UD_STATISTICS_N_CATEGORIES];      /* indexed by UdHardshipCategory */
  guint  by_cause[UD_STATISTICS_N_CAUSES];             /* by main cause (UdHardshipCause) */
} UdFileStatistics;

/* Aid applications of a calendar year by type (UdAidType) and month (0 = January):
 * applications by the month they were submitted; approved amounts (fen) by the month they
 * were approved, for applications whose amount stands (approved or in any payment status). */
typedef struct
{
  int    year;
  guint  applications[UD_STATISTICS_N_AID_TYPES][UD_STATISTICS_N_MONTHS];
  guint  approved[UD_STATISTICS_N_AID_TYPES][UD_STATISTICS_N_MONTHS];
  gint64 approved_fen[UD_STATISTICS_N_AID_TYPES][UD_STATISTICS_N_MONTHS];
} UdAidStatistics;

/* Both, as the statistics page shows them. */
typedef struct
{
  UdFileStatistics files;
  UdAidStatistics  aid;
} UdStatistics;

/* @on_date: NULL for today. */
gboolean      ud_statistics_files       (UdDatabase        *db,
                                         const GDate       *on_date,
                                         UdFileStatistics  *out,
                                         GError           **error);

gboolean      ud_statistics_aid         (UdDatabase        *db,
                                         int                year,
                                         UdAidStatistics   *out,
                                         GError           **error);

/* Sums of a row or column. */
guint         ud_aid_statistics_applications_total (const UdAidStatistics *aid,
                                                    int                    type);
gint64        ud_aid_statistics_approved_total     (const UdAidStatistics *aid,
                                                    int                    type);
gint64        ud_aid_statistics_month_total        (const UdAidStatistics *aid,
                                                    int                    month);

/* One workbook with a sheet of hardship files (by category, by main cause) and a sheet of aid
 * (applications and approved amounts by type and month): a bold header row, totals, amounts
 * as numbers in yuan with a 0.00 format. Written to a temporary file beside @path and renamed
 * over it when complete. */
gboolean      ud_statistics_export_xlsx (const UdStatistics *statistics,
                                         const char         *path,
                                         GError            **error);

/* In a worker thread, on its own connection to @db's file: the statistics of files in force on
 * the last day of @year (today, for this year) and of aid in @year. */
void          ud_statistics_load_async  (UdDatabase          *db,
                                         int                  year,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* A new UdStatistics (g_free() it), or NULL with an error. */
UdStatistics *ud_statistics_load_finish (GAsyncResult        *result,
                                         GError             **error);

/* In a worker thread: ud_statistics_export_xlsx() of a copy of @statistics. */
void          ud_statistics_export_xlsx_async  (const UdStatistics  *statistics,
                                                const char          *path,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      ud_statistics_export_xlsx_finish (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
