/* ud-member-query.c — searching, filtering, sorting and paging members in SQL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Search uses indexes only: name grams (FTS5, 1–3 characters each, so 1- and 2-character queries
 * work), reversed ID and mobile numbers for their tails, plain indexes for prefixes, and the small
 * employer table for employer names. Every value is a bound parameter. */
#define G_LOG_DOMAIN "ud-member-query"

#include <string.h>

#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-member-query.h"
#include "ud-member-store-private.h"

G_DEFINE_BOXED_TYPE (UdMemberQuery, ud_member_query, ud_member_query_copy, ud_member_query_free)

UdMemberQuery *
ud_member_query_new (void)
{
  UdMemberQuery *query = g_new0 (UdMemberQuery, 1);

  query->status = UD_MEMBER_QUERY_ANY;
  query->new_employment = UD_MEMBER_QUERY_ANY;
  query->join_channel = UD_MEMBER_QUERY_ANY;
  query->sort = UD_MEMBER_SORT_NAME;
  return query;
}

UdMemberQuery *
ud_member_query_copy (const UdMemberQuery *query)
{
  UdMemberQuery *copy = g_memdup2 (query, sizeof *query);

  copy->text = g_strdup (query->text);
  return copy;
}

void
ud_member_query_free (UdMemberQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->text);
  g_free (query);
}

gboolean
ud_member_query_equal (const UdMemberQuery *a,
                       const UdMemberQuery *b)
{
  return g_strcmp0 (a->text, b->text) == 0
         && a->status == b->status
         && a->new_employment == b->new_employment
         && a->join_channel == b->join_channel
         && a->org_id == b->org_id
         && a->employer_id == b->employer_id
         && a->sort == b->sort
         && a->descending == b->descending;
}

/* A parameter to bind, in order. */
typedef struct
{
  gboolean is_int;
  gint64   int_value;
  char    *text_value;
} Param;

static void
param_clear (gpointer data)
{
  Param *param = data;

  g_free (param->text_value);
}

typedef struct
{
  GString *where;
  GArray  *params;
} Builder;

static void
add_text (Builder    *builder,
          const char *text)
{
  Param param = { FALSE, 0, g_strdup (text) };

  g_array_append_val (builder->params, param);
  g_string_append_printf (builder->where, "?%u", builder->params->len);
}

static void
add_int (Builder *builder,
         gint64   value)
{
  Param param = { TRUE, value, NULL };

  g_array_append_val (builder->params, param);
  g_string_append_printf (builder->where, "?%u", builder->params->len);
}

/* column >= prefix AND column < prefix || DEL: a prefix match that uses the column's index. */
static void
add_prefix (Builder    *builder,
            const char *column,
            const char *prefix)
{
  g_autofree char *upper = g_strconcat (prefix, "\x7f", NULL);

  g_string_append_printf (builder->where, "(%s >= ", column);
  add_text (builder, prefix);
  g_string_append_printf (builder->where, " AND %s < ", column);
  add_text (builder, upper);
  g_string_append (builder->where, ")");
}

static gboolean
is_number_like (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != 'x' && *p != 'X')
      return FALSE;
  return *text != '\0';
}

static gboolean
is_digits (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return *text != '\0';
}

/* The FTS5 query for a name fragment: the gram itself for up to 3 characters, else all its
 * 3-character grams. NULL when nothing searchable is left. */
static char *
name_match_expression (const char *text)
{
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  GString *expression;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      if (g_unichar_isalnum (c))
        g_array_append_val (chars, c);
    }

  if (chars->len == 0)
    return NULL;

  expression = g_string_new (NULL);
  for (guint start = 0; start == 0 || start + 3 <= chars->len; start++)
    {
      guint length = MIN (3, chars->len);

      if (start > 0)
        g_string_append (expression, " AND ");
      g_string_append_c (expression, '"');
      for (guint i = start; i < start + length; i++)
        g_string_append_unichar (expression, g_array_index (chars, gunichar, i));
      g_string_append_c (expression, '"');
    }

  return g_string_free (expression, FALSE);
}

/* `SELECT id FROM member WHERE column >= prefix AND column < prefix || DEL`: one index range. */
static void
add_prefix_ids (Builder    *builder,
                const char *column,
                const char *prefix)
{
  g_string_append (builder->where, " UNION SELECT id FROM member WHERE ");
  add_prefix (builder, column, prefix);
}

/* The ids of the members @raw_text finds, as one compound SELECT of index-only subqueries (no
 * member row is read to find them). FALSE when the text is blank. */
static gboolean
add_text_id_set (Builder    *builder,
                 const char *raw_text)
{
  g_autofree char *text = g_strstrip (g_strdup (raw_text));
  g_autofree char *upper = NULL;
  gsize length = strlen (text);

  if (length == 0)
    return FALSE;

  upper = g_ascii_strup (text, -1);
  if (is_number_like (text))
    {
      g_autofree char *reversed = g_strreverse (g_strdup (upper));

      g_string_append (builder->where, "SELECT id FROM member WHERE id_number = ");
      add_text (builder, upper);
      if (length >= 4)
        add_prefix_ids (builder, "id_number_rev", reversed);
      if (length >= 6)
        add_prefix_ids (builder, "id_number", upper);
      if (is_digits (text))
        {
          add_prefix_ids (builder, "mobile", text);
          if (length >= 4)
            add_prefix_ids (builder, "mobile_rev", reversed);
        }
      add_prefix_ids (builder, "card_number", upper);
    }
  else
    {
      g_autofree char *match = name_match_expression (text);

      g_string_append (builder->where,
                       "SELECT id FROM member WHERE employer_id IN (SELECT id FROM employer"
                       " WHERE instr (name, ");
      add_text (builder, text);
      g_string_append (builder->where, ") > 0)");
      if (match != NULL)
        {
          g_string_append (builder->where,
                           " UNION SELECT rowid FROM member_gram WHERE member_gram MATCH ");
          add_text (builder, match);
        }
      add_prefix_ids (builder, "card_number", upper);
    }

  return TRUE;
}

static void
add_text_condition (Builder    *builder,
                    const char *text)
{
  gsize mark = builder->where->len;

  g_string_append (builder->where, " AND m.id IN (");
  if (add_text_id_set (builder, text))
    g_string_append (builder->where, ")");
  else
    g_string_truncate (builder->where, mark);
}

static void
build_where (Builder             *builder,
             const UdMemberQuery *query)
{
  builder->where = g_string_new ("WHERE 1");
  builder->params = g_array_new (FALSE, TRUE, sizeof (Param));
  g_array_set_clear_func (builder->params, param_clear);

  if (query->status == UD_MEMBER_QUERY_LIVE)
    g_string_append (builder->where,
                     " AND m.live = 1");
  else if (query->status >= 0)
    {
      g_string_append (builder->where, " AND m.status = ");
      add_text (builder, ud_enum_code (&ud_member_status_info, query->status));
    }

  if (query->new_employment == UD_MEMBER_QUERY_ANY_NEW_EMPLOYMENT)
    g_string_append (builder->where, " AND m.new_employment != 'none'");
  else if (query->new_employment >= 0)
    {
      g_string_append (builder->where, " AND m.new_employment = ");
      add_text (builder, ud_enum_code (&ud_new_employment_info, query->new_employment));
    }

  if (query->join_channel >= 0)
    {
      g_string_append (builder->where, " AND m.join_channel = ");
      add_text (builder, ud_enum_code (&ud_join_channel_info, query->join_channel));
    }

  if (query->org_id > 0)
    {
      g_string_append (builder->where,
                       " AND m.org_id IN (WITH RECURSIVE sub (id) AS (SELECT ");
      add_int (builder, query->org_id);
      g_string_append (builder->where,
                       " UNION SELECT o2.id FROM org o2 JOIN sub ON o2.parent_id = sub.id)"
                       " SELECT id FROM sub)");
    }

  if (query->employer_id > 0)
    {
      g_string_append (builder->where, " AND m.employer_id = ");
      add_int (builder, query->employer_id);
    }

  if (query->text != NULL)
    add_text_condition (builder, query->text);
}

static void
builder_clear (Builder *builder)
{
  g_string_free (builder->where, TRUE);
  g_array_unref (builder->params);
}

static sqlite3_stmt *
prepare (UdDatabase  *db,
         const char  *sql,
         Builder     *builder,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      ud_database_set_error (db, error, _("searching members"));
      return NULL;
    }

  for (guint i = 0; i < builder->params->len; i++)
    {
      Param *param = &g_array_index (builder->params, Param, i);

      if (param->is_int)
        sqlite3_bind_int64 (stmt, (int) i + 1, param->int_value);
      else
        sqlite3_bind_text (stmt, (int) i + 1, param->text_value, -1, SQLITE_TRANSIENT);
    }

  return stmt;
}

static gboolean
is_text_only (const UdMemberQuery *query)
{
  return query->status == UD_MEMBER_QUERY_ANY
         && query->new_employment == UD_MEMBER_QUERY_ANY
         && query->join_channel == UD_MEMBER_QUERY_ANY
         && query->org_id <= 0
         && query->employer_id <= 0;
}

gboolean
ud_member_query_count (UdDatabase          *db,
                       const UdMemberQuery *query,
                       guint               *out_count,
                       GError             **error)
{
  g_autofree char *sql = NULL;
  Builder builder;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (query->text != NULL && is_text_only (query))
    {
      /* Only a search text: count the ids the indexes give, without reading member rows. */
      builder.where = g_string_new ("SELECT count(*) FROM (");
      builder.params = g_array_new (FALSE, TRUE, sizeof (Param));
      g_array_set_clear_func (builder.params, param_clear);
      if (add_text_id_set (&builder, query->text))
        {
          g_string_append (builder.where, ")");
          sql = g_strdup (builder.where->str);
        }
      else
        builder_clear (&builder);
    }

  if (sql == NULL)
    {
      build_where (&builder, query);
      sql = g_strdup_printf ("SELECT count(*) FROM member m %s", builder.where->str);
    }
  stmt = prepare (db, sql, &builder, error);
  builder_clear (&builder);
  if (stmt == NULL)
    return FALSE;

  ok = ud_database_read_count (db, stmt, out_count, _("counting members"), error);
  sqlite3_finalize (stmt);
  return ok;
}

static const char *
order_by (const UdMemberQuery *query)
{
  static const char *const ascending[] = {
    "m.name_key, m.id",
    "m.join_date, m.id",
    "m.id",
    "o.name, m.name_key, m.id",
    "m.status, m.name_key, m.id",
  };
  static const char *const descending[] = {
    "m.name_key DESC, m.id DESC",
    "m.join_date DESC, m.id DESC",
    "m.id DESC",
    "o.name DESC, m.name_key DESC, m.id DESC",
    "m.status DESC, m.name_key DESC, m.id DESC",
  };
  guint sort = MIN ((guint) query->sort, G_N_ELEMENTS (ascending) - 1);

  return query->descending ? descending[sort] : ascending[sort];
}

/* Two steps: the inner query finds the page's ids by walking an index (cheap even deep into a
 * million rows, because no row is joined or read for the rows it skips); the outer one reads
 * and joins only those rows. */
static sqlite3_stmt *
prepare_select (UdDatabase          *db,
                const UdMemberQuery *query,
                gint64               offset,
                gint64               limit,
                GError             **error)
{
  g_autofree char *sql = NULL;
  const char *inner_join = query->sort == UD_MEMBER_SORT_ORG ? "JOIN org o ON o.id = m.org_id " : "";
  g_autofree char *text = g_strstrip (g_strdup (query->text ? query->text : ""));
  gboolean text_only = *text != '\0'
                       && (query->status == UD_MEMBER_QUERY_ANY
                           || query->status == UD_MEMBER_QUERY_LIVE)
                       && query->new_employment == UD_MEMBER_QUERY_ANY
                       && query->join_channel == UD_MEMBER_QUERY_ANY
                       && query->org_id <= 0 && query->employer_id <= 0;
  Builder builder;
  sqlite3_stmt *stmt;

  build_where (&builder, query);
  if (offset == 0 && limit < 0)
    sql = g_strdup_printf (MEMBER_SELECT "%s ORDER BY %s", builder.where->str, order_by (query));
  else
    sql = g_strdup_printf (MEMBER_SELECT
                           "WHERE m.id IN (SELECT m.id FROM member m %s%s%s ORDER BY %s"
                           " LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT ") "
                           "ORDER BY %s",
                           /* A search sorted by name: the ids it found get their sort
                            * keys from the narrow (id, name_key, live) index. */
                           text_only && query->sort == UD_MEMBER_SORT_NAME
                             ? "INDEXED BY member_id_sort " : "",
                           inner_join, builder.where->str, order_by (query), limit, offset,
                           order_by (query));
  stmt = prepare (db, sql, &builder, error);
  builder_clear (&builder);

  return stmt;
}

GPtrArray *
ud_member_query_fetch (UdDatabase          *db,
                       const UdMemberQuery *query,
                       guint                offset,
                       guint                limit,
                       GError             **error)
{
  sqlite3_stmt *stmt = prepare_select (db, query, offset, limit, error);
  GPtrArray *members;
  int rc;

  if (stmt == NULL)
    return NULL;

  members = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_member_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, ud_member_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("searching members"));
      g_clear_pointer (&members, g_ptr_array_unref);
    }
  sqlite3_finalize (stmt);

  return members;
}

gboolean
ud_member_query_foreach (UdDatabase          *db,
                         const UdMemberQuery *query,
                         UdMemberFunc         func,
                         gpointer             user_data,
                         GCancellable        *cancellable,
                         GError             **error)
{
  sqlite3_stmt *stmt = prepare_select (db, query, 0, -1, error);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(UdMember) member = ud_member_from_row (stmt);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (!func (member, user_data))
        break;
    }

  if (ok && rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("reading members"));
      ok = FALSE;
    }
  sqlite3_finalize (stmt);

  return ok;
}
