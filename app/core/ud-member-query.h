/* ud-member-query.h — searching, filtering, sorting and paging members in SQL
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-database.h"
#include "ud-member.h"

G_BEGIN_DECLS

/* Filter values meaning "no filter" and, for status, "any live membership". */
#define UD_MEMBER_QUERY_ANY  (-1)
#define UD_MEMBER_QUERY_LIVE (-2)
/* For new_employment: any of the new-employment groups (not "none"). */
#define UD_MEMBER_QUERY_ANY_NEW_EMPLOYMENT (-3)

typedef enum
{
  UD_MEMBER_SORT_NAME,       /* pinyin order */
  UD_MEMBER_SORT_JOIN_DATE,
  UD_MEMBER_SORT_CREATED,
  UD_MEMBER_SORT_ORG,
  UD_MEMBER_SORT_STATUS,
} UdMemberSort;

typedef struct
{
  char         *text;            /* search as you type: name (1+ characters), ID number (whole,
                                    its last 4+ characters, or its first 6+), mobile (whole, start
                                    or last 4+), member card number, employer name */
  int           status;          /* UdMemberStatus, UD_MEMBER_QUERY_ANY or _LIVE */
  int           new_employment;  /* UdNewEmployment, _ANY or _ANY_NEW_EMPLOYMENT */
  int           join_channel;    /* UdJoinChannel or _ANY */
  gint64        org_id;          /* 0, or an org: it and its branches */
  gint64        employer_id;     /* 0 or an employer */
  UdMemberSort  sort;
  gboolean      descending;
} UdMemberQuery;

#define UD_TYPE_MEMBER_QUERY (ud_member_query_get_type ())
GType          ud_member_query_get_type (void) G_GNUC_CONST;
UdMemberQuery *ud_member_query_new      (void);
UdMemberQuery *ud_member_query_copy     (const UdMemberQuery *query);
void           ud_member_query_free     (UdMemberQuery       *query);
gboolean       ud_member_query_equal    (const UdMemberQuery *a,
                                         const UdMemberQuery *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdMemberQuery, ud_member_query_free)

/* How many members match. */
gboolean       ud_member_query_count    (UdDatabase          *db,
                                         const UdMemberQuery *query,
                                         guint               *out_count,
                                         GError             **error);

/* Members @offset … @offset + @limit - 1 in the query's order. */
GPtrArray     *ud_member_query_fetch    (UdDatabase          *db,
                                         const UdMemberQuery *query,
                                         guint                offset,
                                         guint                limit,
                                         GError             **error);

typedef gboolean (*UdMemberFunc) (const UdMember *member,
                                  gpointer        user_data);

/* Calls @func for every matching member in order until it returns FALSE; for exports.
 * Honours @cancellable between rows (UD_ERROR_CANCELLED … G_IO_ERROR_CANCELLED). */
gboolean       ud_member_query_foreach  (UdDatabase          *db,
                                         const UdMemberQuery *query,
                                         UdMemberFunc         func,
                                         gpointer             user_data,
                                         GCancellable        *cancellable,
                                         GError             **error);

G_END_DECLS
