/* ud-hardship-query.h — listing and searching hardship files for the hardship page
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-database.h"
#include "ud-hardship.h"

G_BEGIN_DECLS

#define UD_HARDSHIP_QUERY_ANY (-1)

typedef struct
{
  char   *text;      /* search as you type: the worker's name (any part), the file number (any
                        part), an ID number of the household (whole or its last 4+ characters) */
  int     status;    /* UdHardshipStatus or UD_HARDSHIP_QUERY_ANY */
  int     category;  /* UdHardshipCategory or UD_HARDSHIP_QUERY_ANY */
  GArray *file_ids;  /* gint64: only these files (a queue), or NULL for all */
} UdHardshipQuery;

UdHardshipQuery *ud_hardship_query_new  (void);
void             ud_hardship_query_free (UdHardshipQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdHardshipQuery, ud_hardship_query_free)

/* A row of the list: never the whole ID number or bank account. */
typedef struct
{
  gint64              id;
  char               *file_number;
  char               *worker_name;
  char               *worker_id_masked;
  char               *org_name;
  UdHardshipStatus    status;
  UdHardshipCategory  category;           /* NONE until reviewed */
  UdHardshipCategory  proposed_category;
  UdHardshipCause     main_cause;
  gint64              per_capita_monthly_fen;
  char               *updated_at;
} UdHardshipListRow;

void             ud_hardship_list_row_free (UdHardshipListRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdHardshipListRow, ud_hardship_list_row_free)

/* The matching files (UdHardshipListRow), most recently changed first, at most @limit from
 * the @offset-th. */
GPtrArray       *ud_hardship_query_fetch (UdDatabase             *db,
                                          const UdHardshipQuery  *query,
                                          guint                   offset,
                                          guint                   limit,
                                          GError                **error);

/* How many files match. */
gboolean         ud_hardship_query_count (UdDatabase             *db,
                                          const UdHardshipQuery  *query,
                                          guint                  *out_count,
                                          GError                **error);

G_END_DECLS
