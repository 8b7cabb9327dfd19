/* bench/bench-members.c — builds a large member database through the real import and prints
 * import rows/s, search latencies (p50/p95) and peak memory. Figures, not a timed test.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-members [--members N] [--keep DIR]
 *   N defaults to $UD_BENCH_MEMBERS or 1,000,000. With --keep, the database stays in DIR
 *   (DIR/bench.db) for bench-startup.sh; otherwise everything is removed. */
#include <glib/gstdio.h>
#include <sys/resource.h>

#include "ud-account.h"
#include "ud-credit-code.h"
#include "ud-database.h"
#include "ud-id-number.h"
#include "ud-member-import.h"
#include "ud-member-query.h"

static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "欧阳", "司马",
};
static const char *const given[] = {
  "伟", "芳", "娜", "秀", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
  "明", "超", "霞", "平", "刚", "桂", "华", "建", "国", "文", "辉", "玲", "红", "英", "鹏", "燕",
  "浩", "宇", "欣", "怡", "晨", "子", "涵", "俊", "峰", "琳", "雪", "梅", "海", "波", "斌", "宁",
};
static const char *const regions[] = {
  "330102", "330105", "330106", "330108", "330110", "330602", "370211", "110105", "321102",
  "440305", "510107", "420106", "610113", "350102", "500103", "130102",
};
static const char *const categories[] = {
  "快递员", "外卖送餐员", "网约车司机", "货车司机", "护工护理员", "家政服务员", "", "", "", "",
};
static const char *const channels[] = { "现场入会", "网上入会", "扫码入会", "热线入会" };

static void
make_credit_code (guint  index,
                  char  *out)
{
  g_snprintf (out, 18, "91330100%09u", 100000000 + index);
  out[17] = ud_credit_code_check_char (out);
  out[18] = '\0';
}

/* Member @i: a unique valid ID from (region, birth date, sequence), a name, a unique mobile. */
static void
member_values (guint    i,
               char    *id,
               char    *name,
               gsize    name_size,
               char    *mobile)
{
  guint seq = i % 1000;
  guint day = (i / 1000) % 9000;          /* ~24 years of birth dates */
  guint region = (i / 9000000) % G_N_ELEMENTS (regions);
  GDate birth;
  char first17[18];

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 1, 1, 1966);
  g_date_add_days (&birth, day + ((i / 1000) / 9000) * 17);
  g_snprintf (first17, sizeof first17, "%s%04u%02u%02u%03u", regions[region],
              g_date_get_year (&birth), g_date_get_month (&birth), g_date_get_day (&birth), seq);
  g_snprintf (id, 19, "%s%c", first17, ud_id_number_check_char (first17));

  g_snprintf (name, name_size, "%s%s%s", surnames[(i * 7) % G_N_ELEMENTS (surnames)],
              given[(i / 3) % G_N_ELEMENTS (given)],
              i % 3 == 0 ? "" : given[(i / 151) % G_N_ELEMENTS (given)]);
  g_snprintf (mobile, 12, "1%u%09u", 3 + i % 7, i);
}

static char *
write_roster (const char *dir,
              guint       n)
{
  char *path = g_build_filename (dir, "roster.csv", NULL);
  FILE *file = fopen (path, "w");
  char codes[200][19];

  g_assert (file != NULL);
  for (guint e = 0; e < G_N_ELEMENTS (codes); e++)
    make_credit_code (e, codes[e]);

  fputs ("\xef\xbb\xbf姓名,身份证号,手机号,工作单位,统一社会信用代码,职业类别,入会日期,入会方式,所属工会\r\n",
         file);
  for (guint i = 0; i < n; i++)
    {
      char id[19], name[32], mobile[12];
      guint employer = (i * 13) % G_N_ELEMENTS (codes);

      member_values (i, id, name, sizeof name, mobile);
      fprintf (file, "%s,%s,%s,单位%03u,%s,%s,20%02u-%02u-%02u,%s,第%02u联合工会\r\n",
               name, id, mobile, employer, codes[employer],
               categories[i % G_N_ELEMENTS (categories)], 15 + i % 10, 1 + i % 12, 1 + i % 28,
               channels[i % G_N_ELEMENTS (channels)], i % 40);
    }
  fclose (file);
  return path;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

typedef enum { Q_NAME, Q_TWO_CHARS, Q_ID_TAIL, Q_MOBILE, Q_ONE_CHAR } QueryKind;

static void
measure_searches (UdDatabase *db,
                  guint       n,
                  QueryKind   kind,
                  const char *label)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  GRand *rand = g_rand_new_with_seed (42 + kind);
  guint matched = 0;

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(UdMemberQuery) query = ud_member_query_new ();
      g_autoptr(GPtrArray) page = NULL;
      guint i = g_rand_int_range (rand, 0, n);
      char id[19], name[32], mobile[12];
      guint count = 0;
      gint64 start;
      double ms;

      member_values (i, id, name, sizeof name, mobile);
      switch (kind)
        {
        case Q_NAME:
          query->text = g_strdup (name);
          break;
        case Q_TWO_CHARS:
          query->text = g_utf8_substring (name, 0, 2);
          break;
        case Q_ONE_CHAR:
          query->text = g_utf8_substring (name, 0, 1);
          break;
        case Q_ID_TAIL:
          query->text = g_strdup (id + 12);
          break;
        case Q_MOBILE:
        default:
          query->text = g_strdup (mobile);
          break;
        }

      start = g_get_monotonic_time ();
      g_assert (ud_member_query_count (db, query, &count, NULL));
      page = ud_member_query_fetch (db, query, 0, 100, NULL);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      matched += count > 0;
    }

  g_array_sort (times, compare_doubles);
  g_print ("search %-22s p50 %7.2f ms   p95 %7.2f ms   (%u/200 found)\n", label,
           g_array_index (times, double, times->len / 2),
           g_array_index (times, double, times->len * 95 / 100), matched);
  g_rand_free (rand);
}

/* A page of 100 rows at the top, the middle and the end of the list, as the app's list asks
 * for them when the scroll bar is dragged (all live members, by name). */
static void
measure_pages (UdDatabase *db,
               guint       n)
{
  const guint offsets[] = { 0, n / 2, n > 100 ? n - 100 : 0 };
  const char *const labels[] = { "top", "middle", "end" };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr(UdMemberQuery) query = ud_member_query_new ();
      g_autoptr(GPtrArray) page = NULL;
      gint64 start;

      query->status = UD_MEMBER_QUERY_LIVE;
      start = g_get_monotonic_time ();
      page = ud_member_query_fetch (db, query, offsets[i], 100, NULL);
      g_print ("list page at the %-7s       %7.2f ms   (%u rows)\n", labels[i],
               (g_get_monotonic_time () - start) / 1000.0, page ? page->len : 0);
    }
}

static void
measure_all (UdDatabase *db,
             guint       members)
{
  measure_searches (db, members, Q_NAME, "full name");
  measure_searches (db, members, Q_TWO_CHARS, "2 characters");
  measure_searches (db, members, Q_ONE_CHAR, "1 character");
  measure_searches (db, members, Q_ID_TAIL, "ID tail (6)");
  measure_searches (db, members, Q_MOBILE, "mobile");
  measure_pages (db, members);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— member database benchmark");
  g_autoptr(UdMemberImport) import = NULL;
  g_autoptr(UdDatabase) db = NULL;
  g_autoptr(UdAccount) admin = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *roster = NULL;
  const char *env = g_getenv ("UD_BENCH_MEMBERS");
  int members = env ? atoi (env) : 1000000;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members to generate", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the database in DIR", "DIR" },
    { "search-only", 0, 0, G_OPTION_ARG_FILENAME, &existing,
      "Only the searches, on a database an earlier run kept (give the same --members)", "DB" },
    { NULL }
  };
  struct rusage usage;
  gint64 start;
  double seconds;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (existing != NULL)
    {
      db = ud_database_open (existing, &error);
      g_assert_no_error (error);
      g_print ("Union Desk member searches on %s (%d members)\n", existing, members);
      measure_all (db, (guint) members);
      return 0;
    }

  if (keep != NULL)
    {
      g_mkdir_with_parents (keep, 0700);
      dir = g_strdup (keep);
    }
  else
    dir = g_dir_make_tmp ("ud-bench-XXXXXX", NULL);
  db_path = g_build_filename (dir, "bench.db", NULL);
  g_unlink (db_path);

  g_print ("Union Desk member benchmark: %d members\n", members);
  start = g_get_monotonic_time ();
  roster = write_roster (dir, (guint) members);
  g_print ("generate roster CSV       %8.1f s\n", (g_get_monotonic_time () - start) / 1e6);

  db = ud_database_open (db_path, &error);
  g_assert_no_error (error);
  admin = ud_account_create_first_admin (db, "bench", "bench", "bench-password-1", &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  import = ud_member_import_new_from_file (roster, &error);
  g_assert_no_error (error);
  if (!ud_member_import_run (import, db, admin, FALSE, NULL, NULL, NULL, &error))
    g_error ("import failed: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("import                    %8.1f s   %8.0f rows/s   (%u imported, %u problems)\n",
           seconds, members / seconds, ud_member_import_get_n_imported (import),
           ud_member_import_get_issues (import)->len);
  g_clear_pointer (&import, ud_member_import_free);
  g_unlink (roster);

  /* Searches on a fresh connection, as the app's list would run them. */
  g_clear_object (&db);
  db = ud_database_open (db_path, &error);
  g_assert_no_error (error);
  measure_all (db, (guint) members);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("peak RSS of this process  %8.1f MB\n", usage.ru_maxrss / 1024.0);

  g_clear_object (&db);
  if (keep == NULL)
    rm_rf (dir);
  else
    g_print ("database kept: %s\n", db_path);
  return 0;
}
