/* tests/test-member-query.c — search as you type, filters, sorting and paging
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-employer.h"
#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-test-util.h"

typedef struct
{
  UdTestDb *t;
  gint64    joint_union;
  gint64    street_union;
} Fixture;

typedef struct
{
  const char *name;
  const char *birth;
  const char *mobile;
  const char *employer;
  const char *card;
  UdNewEmployment category;
  UdJoinChannel channel;
  gboolean in_joint;
} Row;

static const Row rows[] = {
  { "王小明", "19900101", "13800001111", "美团外卖", "HZ0001", UD_NEW_EMPLOYMENT_FOOD_DELIVERY, UD_JOIN_CHANNEL_QR_SCAN, TRUE },
  { "王明", "19850505", "13900002222", "顺丰速运", NULL, UD_NEW_EMPLOYMENT_COURIER, UD_JOIN_CHANNEL_ON_SITE, TRUE },
  { "李明华", "19700707", "13700003333", "杭州钢铁厂", "HZ0003", UD_NEW_EMPLOYMENT_NONE, UD_JOIN_CHANNEL_ON_SITE, FALSE },
  { "欧阳娜娜", "20000202", NULL, "滴滴出行", NULL, UD_NEW_EMPLOYMENT_RIDE_HAILING, UD_JOIN_CHANNEL_ONLINE, TRUE },
  { "张三", "19951212", "15000004444", NULL, NULL, UD_NEW_EMPLOYMENT_NONE, UD_JOIN_CHANNEL_HOTLINE, FALSE },
  { "阿卜杜·热合曼", "19880808", "18600005555", "货拉拉", NULL, UD_NEW_EMPLOYMENT_TRUCK_DRIVER, UD_JOIN_CHANNEL_ONLINE, TRUE },
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(UdOrg) street = ud_org_new ();
  g_autoptr(UdOrg) joint = ud_org_new ();

  f->t = ud_test_db_new ();
  street->name = g_strdup ("和平街道总工会");
  street->kind = UD_ORG_KIND_STREET;
  street->parent_id = ud_database_get_office_org_id (f->t->db);
  g_assert_true (ud_org_insert (f->t->db, ud_test_admin (f->t->db), street, NULL));
  joint->name = g_strdup ("和平新就业形态联合工会");
  joint->kind = UD_ORG_KIND_JOINT;
  joint->parent_id = street->id;
  g_assert_true (ud_org_insert (f->t->db, ud_test_admin (f->t->db), joint, NULL));
  f->street_union = street->id;
  f->joint_union = joint->id;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *id = ud_test_make_id ("330102", rows[i].birth, 100 + i);
      g_autoptr(UdMember) member = ud_test_member_new (f->t->db, rows[i].name, id);
      g_autoptr(GError) error = NULL;

      member->mobile = g_strdup (rows[i].mobile);
      member->card_number = g_strdup (rows[i].card);
      member->new_employment = rows[i].category;
      member->join_channel = rows[i].channel;
      member->org_id = rows[i].in_joint ? joint->id : street->id;
      if (rows[i].employer != NULL)
        g_assert_true (ud_employer_find_or_create (f->t->db, ud_test_admin (f->t->db), rows[i].employer, NULL, FALSE,
                                                   &member->employer_id, NULL));
      g_assert_true (ud_member_store_insert (f->t->db, ud_test_admin (f->t->db), member, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ud_test_db_free (f->t);
}

static guint
count_for (Fixture       *f,
           UdMemberQuery *query)
{
  guint n = G_MAXUINT;
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_member_query_count (f->t->db, query, &n, &error));
  g_assert_no_error (error);
  return n;
}

static guint
search (Fixture    *f,
        const char *text)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(GPtrArray) members = NULL;
  guint n;

  query->text = g_strdup (text);
  n = count_for (f, query);
  members = ud_member_query_fetch (f->t->db, query, 0, 100, NULL);
  g_assert_cmpuint (members->len, ==, n);
  return n;
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  g_assert_cmpuint (search (f, "王"), ==, 2);      /* one character */
  g_assert_cmpuint (search (f, "明"), ==, 3);
  g_assert_cmpuint (search (f, "王明"), ==, 1);    /* two characters: whole name */
  g_assert_cmpuint (search (f, "小明"), ==, 1);    /* two characters inside a name */
  g_assert_cmpuint (search (f, "明华"), ==, 1);
  g_assert_cmpuint (search (f, "李明华"), ==, 1);  /* three */
  g_assert_cmpuint (search (f, "欧阳娜娜"), ==, 1); /* four */
  g_assert_cmpuint (search (f, "阳娜"), ==, 1);
  g_assert_cmpuint (search (f, "热合曼"), ==, 1);  /* a name with a separator dot */
  g_assert_cmpuint (search (f, "阿卜杜·热合曼"), ==, 1);
  g_assert_cmpuint (search (f, "王大"), ==, 0);
  g_assert_cmpuint (search (f, "  "), ==, 6);      /* blank: everyone */
  g_assert_cmpuint (search (f, "\"*)"), ==, 0);    /* FTS syntax is not passed through */
}

static void
test_numbers (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = ud_test_make_id ("330102", "19700707", 102);
  g_autofree char *lower = g_ascii_strdown (id, -1);

  g_assert_cmpuint (search (f, id), ==, 1);                    /* whole ID */
  g_assert_cmpuint (search (f, lower), ==, 1);
  g_assert_cmpuint (search (f, id + 14), ==, 1);               /* last 4 */
  g_assert_cmpuint (search (f, id + 12), ==, 1);               /* last 6 */
  g_assert_cmpuint (search (f, "330102"), ==, 6);              /* region prefix */
  g_assert_cmpuint (search (f, "13700003333"), ==, 1);         /* whole mobile */
  g_assert_cmpuint (search (f, "1370000"), ==, 1);             /* its start */
  g_assert_cmpuint (search (f, "5555"), ==, 1);                /* its last 4 */
  g_assert_cmpuint (search (f, "HZ0003"), ==, 1);              /* card */
  g_assert_cmpuint (search (f, "hz000"), ==, 2);               /* card prefix, any case */
}

static void
test_employers (Fixture       *f,
                gconstpointer  data)
{
  g_assert_cmpuint (search (f, "美团"), ==, 1);
  g_assert_cmpuint (search (f, "顺丰速运"), ==, 1);
  g_assert_cmpuint (search (f, "钢铁"), ==, 1);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();

  g_assert_cmpuint (count_for (f, query), ==, 6);

  query->new_employment = UD_MEMBER_QUERY_ANY_NEW_EMPLOYMENT;
  g_assert_cmpuint (count_for (f, query), ==, 4);
  query->new_employment = UD_NEW_EMPLOYMENT_COURIER;
  g_assert_cmpuint (count_for (f, query), ==, 1);
  query->new_employment = UD_MEMBER_QUERY_ANY;

  query->join_channel = UD_JOIN_CHANNEL_ON_SITE;
  g_assert_cmpuint (count_for (f, query), ==, 2);
  query->join_channel = UD_MEMBER_QUERY_ANY;

  /* An org includes its branches. */
  query->org_id = f->joint_union;
  g_assert_cmpuint (count_for (f, query), ==, 4);
  query->org_id = f->street_union;
  g_assert_cmpuint (count_for (f, query), ==, 6);
  query->org_id = 0;

  query->status = UD_MEMBER_STATUS_LAPSED;
  g_assert_cmpuint (count_for (f, query), ==, 0);
  query->status = UD_MEMBER_QUERY_LIVE;
  g_assert_cmpuint (count_for (f, query), ==, 6);

  /* Filters combine with search. */
  query->text = g_strdup ("明");
  query->org_id = f->joint_union;
  g_assert_cmpuint (count_for (f, query), ==, 2);
}

static GStrv
names_in_order (Fixture      *f,
                UdMemberSort  sort,
                gboolean      descending,
                guint         offset,
                guint         limit)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(GPtrArray) members = NULL;
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv names;

  query->sort = sort;
  query->descending = descending;
  members = ud_member_query_fetch (f->t->db, query, offset, limit, NULL);
  for (guint i = 0; i < members->len; i++)
    g_strv_builder_add (builder, ((UdMember *) members->pdata[i])->name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

static void
test_sort_and_pages (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(GStrv) all = names_in_order (f, UD_MEMBER_SORT_NAME, FALSE, 0, 100);
  g_auto(GStrv) reversed = names_in_order (f, UD_MEMBER_SORT_NAME, TRUE, 0, 100);
  g_auto(GStrv) page = names_in_order (f, UD_MEMBER_SORT_NAME, FALSE, 2, 2);
  g_auto(GStrv) created = names_in_order (f, UD_MEMBER_SORT_CREATED, FALSE, 0, 1);
  locale_t zh = newlocale (LC_COLLATE_MASK, "zh_CN.UTF-8", (locale_t) 0);

  g_assert_cmpuint (g_strv_length (all), ==, 6);
  g_assert_cmpstr (page[0], ==, all[2]);
  g_assert_cmpstr (page[1], ==, all[3]);
  g_assert_cmpstr (reversed[0], ==, all[5]);
  g_assert_cmpstr (created[0], ==, "王小明");

  if (zh == (locale_t) 0)
    {
      g_test_message ("zh_CN.UTF-8 is not installed: pinyin order not checked");
      return;
    }
  freelocale (zh);

  /* Pinyin: a (阿) < li (李) < ou (欧阳) < wang (王明, 王小明) < zhang (张). */
  g_assert_cmpstr (all[0], ==, "阿卜杜·热合曼");
  g_assert_cmpstr (all[1], ==, "李明华");
  g_assert_cmpstr (all[2], ==, "欧阳娜娜");
  g_assert_true (g_str_has_prefix (all[3], "王"));
  g_assert_true (g_str_has_prefix (all[4], "王"));
  g_assert_cmpstr (all[5], ==, "张三");
}

static void
test_foreach_cancel (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (ud_member_query_foreach (f->t->db, query, (UdMemberFunc) g_return_if_fail_warning,
                                           NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/ud/member-query/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("names", test_names);
  ADD ("numbers", test_numbers);
  ADD ("employers", test_employers);
  ADD ("filters", test_filters);
  ADD ("sort-and-pages", test_sort_and_pages);
  ADD ("foreach-cancel", test_foreach_cancel);
  return g_test_run ();
}
