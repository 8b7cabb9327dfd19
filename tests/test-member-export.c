/* tests/test-member-export.c — exporting the member list as CSV and XLSX
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib/gstdio.h>

#include "ud-employer.h"
#include "ud-member-export.h"
#include "ud-member-import.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-test-util.h"

static const char export_header[] = "姓名,身份证号,性别,出生日期,手机号,民族,学历,户籍类型,工作单位,"
                                    "统一社会信用代码,职业类别,所属工会,入会日期,入会方式,会员卡号,"
                                    "会籍状态,备注\r\n";

typedef struct
{
  UdTestDb *test_db;
  gint64    street_id;  /* a street union with two members */
  char     *ids[3];
} Fixture;

static gint64
add_org (UdDatabase *db,
         const char *name,
         UdOrgKind   kind)
{
  g_autoptr(UdOrg) org = ud_org_new ();
  g_autoptr(GError) error = NULL;

  org->name = g_strdup (name);
  org->kind = kind;
  org->parent_id = ud_database_get_office_org_id (db);
  g_assert_true (ud_org_insert (db, ud_test_admin (db), org, &error));
  g_assert_no_error (error);
  return org->id;
}

static void
add_member (Fixture    *fixture,
            guint       index,
            const char *name,
            const char *birth,
            const char *mobile,
            gint64      org_id,
            gint64      employer_id)
{
  UdDatabase *db = fixture->test_db->db;
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GError) error = NULL;

  fixture->ids[index] = ud_test_make_id ("330102", birth, 17 + index);
  member = ud_test_member_new (db, name, fixture->ids[index]);
  member->mobile = g_strdup (mobile);
  member->org_id = org_id;
  member->employer_id = employer_id;
  member->join_date = g_strdup ("2023-05-01");
  member->join_channel = UD_JOIN_CHANNEL_QR_SCAN;
  member->new_employment = employer_id ? UD_NEW_EMPLOYMENT_FOOD_DELIVERY : UD_NEW_EMPLOYMENT_NONE;
  member->education = index == 0 ? UD_EDUCATION_COLLEGE : UD_EDUCATION_UNKNOWN;
  member->hukou = index == 0 ? UD_HUKOU_RURAL : UD_HUKOU_UNKNOWN;
  member->ethnicity = index == 0 ? g_strdup ("回族") : NULL;
  member->card_number = index == 0 ? g_strdup ("0012345678901234") : NULL;
  member->note = index == 1 ? g_strdup ("说明, 带逗号和\"引号\"") : NULL;
  g_assert_true (ud_member_store_insert (db, ud_test_admin (db), member, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  UdDatabase *db;
  g_autoptr(GError) error = NULL;
  gint64 meituan = 0;
  gint64 joint;

  fixture->test_db = ud_test_db_new ();
  db = fixture->test_db->db;

  fixture->street_id = add_org (db, "和平街街道总工会", UD_ORG_KIND_STREET);
  joint = add_org (db, "湖墅新就业形态联合工会", UD_ORG_KIND_JOINT);
  g_assert_true (ud_employer_find_or_create (db, ud_test_admin (db), "美团外卖", NULL, FALSE, &meituan, &error));
  g_assert_no_error (error);

  add_member (fixture, 0, "董秀井", "19720714", "13326991023", fixture->street_id, meituan);
  add_member (fixture, 1, "闫刚宇", "19781021", NULL, fixture->street_id, 0);
  add_member (fixture, 2, "朱娜", "19951003", "18364697482", joint, meituan);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture->ids); i++)
    g_free (fixture->ids[i]);
  ud_test_db_free (fixture->test_db);
}

static char *
export_path (Fixture    *fixture,
             const char *name)
{
  return g_build_filename (fixture->test_db->dir, name, NULL);
}

static char *
export_to_string (Fixture             *fixture,
                  const UdMemberQuery *query,
                  gboolean             masked,
                  guint               *out_count)
{
  g_autofree char *path = export_path (fixture, "members.csv");
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (ud_member_export (fixture->test_db->db, ud_test_admin (fixture->test_db->db), query, UD_EXPORT_FORMAT_CSV, masked, path,
                                   NULL, NULL, NULL, out_count, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* Only the exported file is left in the folder: no temporary files. */
static void
assert_folder_holds (Fixture    *fixture,
                     const char *only)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->test_db->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "test.db"))
        continue;
      g_assert_cmpstr (name, ==, only);
    }
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autofree char *plain = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *tabbed_id = NULL;
  g_autofree char *first_row = NULL;
  guint count = 0;

  plain = export_to_string (fixture, query, FALSE, &count);
  g_assert_cmpuint (count, ==, 3);

  /* UTF-8 with BOM, the Chinese header, CRLF. */
  g_assert_true (g_str_has_prefix (plain, "\xEF\xBB\xBF"));
  g_assert_true (g_str_has_prefix (plain + 3, export_header));
  g_assert_null (strstr (plain, "\r\r"));

  /* ID numbers and the card number with a leading tab; the mobile has 11 digits and no tab. */
  tabbed_id = g_strdup_printf ("\t%s", fixture->ids[0]);
  g_assert_nonnull (strstr (plain, tabbed_id));
  g_assert_nonnull (strstr (plain, ",13326991023,"));
  g_assert_nonnull (strstr (plain, ",\t0012345678901234,"));
  first_row = g_strdup_printf ("董秀井,\t%s,Male,1972-07-14,13326991023,回族,Junior college,Rural,"
                               "美团外卖,,Food delivery rider,和平街街道总工会,2023-05-01,"
                               "QR code,\t0012345678901234,Active,\r\n",
                               fixture->ids[0]);
  g_assert_nonnull (strstr (plain, first_row));
  g_assert_nonnull (strstr (plain, "\"说明, 带逗号和\"\"引号\"\"\""));

  masked = export_to_string (fixture, query, TRUE, &count);
  g_assert_cmpuint (count, ==, 3);
  g_assert_null (strstr (masked, fixture->ids[0]));
  g_assert_null (strstr (masked, "13326991023"));
  g_assert_nonnull (strstr (masked, ",3301**********"));
  g_assert_nonnull (strstr (masked, ",133****1023,"));
  g_assert_nonnull (strstr (masked, ",183****7482,"));

  assert_folder_holds (fixture, "members.csv");
}

static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint count = 0;

  query->org_id = fixture->street_id;
  query->sort = UD_MEMBER_SORT_NAME;
  contents = export_to_string (fixture, query, FALSE, &count);
  g_assert_cmpuint (count, ==, 2);
  lines = g_strsplit (contents, "\r\n", -1);
  /* BOM + header, two members, the empty rest after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_null (strstr (contents, "朱娜"));
  g_assert_nonnull (strstr (contents, "董秀井"));
  g_assert_nonnull (strstr (contents, "闫刚宇"));

  g_clear_pointer (&contents, g_free);
  query->org_id = 0;
  query->text = g_strdup ("朱娜");
  contents = export_to_string (fixture, query, FALSE, &count);
  g_assert_cmpuint (count, ==, 1);
  g_assert_nonnull (strstr (contents, "朱娜"));

  /* Nothing matches: a file with only the header. */
  g_clear_pointer (&contents, g_free);
  g_free (query->text);
  query->text = g_strdup ("不存在的人");
  contents = export_to_string (fixture, query, FALSE, &count);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpstr (contents + 3, ==, export_header);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autofree char *path = export_path (fixture, "members.csv");
  g_autoptr(UdTestDb) other = ud_test_db_new ();
  g_autoptr(UdMemberImport) import = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_true (ud_member_export (fixture->test_db->db, ud_test_admin (fixture->test_db->db), query, UD_EXPORT_FORMAT_CSV, FALSE, path,
                                   NULL, NULL, NULL, &count, &error));
  g_assert_no_error (error);

  import = ud_member_import_new_from_file (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ud_member_import_get_n_columns (import); i++)
    g_assert_cmpint (ud_member_import_get_mapping (import, i), !=, UD_IMPORT_FIELD_IGNORED);

  g_assert_true (ud_member_import_run (import, other->db, ud_test_admin (other->db), FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (fixture->ids); i++)
    {
      g_autoptr(UdMember) a = ud_member_store_find_live (fixture->test_db->db, fixture->ids[i],
                                                         NULL);
      g_autoptr(UdMember) b = ud_member_store_find_live (other->db, fixture->ids[i], NULL);

      g_assert_nonnull (a);
      g_assert_nonnull (b);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->id_number, ==, b->id_number);
      g_assert_cmpint (a->sex, ==, b->sex);
      g_assert_cmpstr (a->birth_date, ==, b->birth_date);
      g_assert_cmpstr (a->mobile, ==, b->mobile);
      g_assert_cmpstr (a->ethnicity, ==, b->ethnicity);
      g_assert_cmpint (a->education, ==, b->education);
      g_assert_cmpint (a->hukou, ==, b->hukou);
      g_assert_cmpstr (a->employer_name, ==, b->employer_name);
      g_assert_cmpstr (a->employer_credit_code, ==, b->employer_credit_code);
      g_assert_cmpint (a->employer_is_platform, ==, b->employer_is_platform);
      g_assert_cmpint (a->new_employment, ==, b->new_employment);
      g_assert_cmpstr (a->org_name, ==, b->org_name);
      g_assert_cmpstr (a->join_date, ==, b->join_date);
      g_assert_cmpint (a->join_channel, ==, b->join_channel);
      g_assert_cmpstr (a->card_number, ==, b->card_number);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpstr (a->note, ==, b->note);
    }
}

static void
test_xlsx (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autofree char *path = export_path (fixture, "members.xlsx");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  guint count = 0;

  g_assert_true (ud_member_export (fixture->test_db->db, ud_test_admin (fixture->test_db->db), query, UD_EXPORT_FORMAT_XLSX, TRUE, path,
                                   NULL, NULL, NULL, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (contents[0] == 'P' && contents[1] == 'K');
  assert_folder_holds (fixture, "members.xlsx");
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  for (int format = UD_EXPORT_FORMAT_CSV; format <= UD_EXPORT_FORMAT_XLSX; format++)
    {
      g_autofree char *path = export_path (fixture, "members.out");
      g_autoptr(GError) error = NULL;

      g_assert_false (ud_member_export (fixture->test_db->db, ud_test_admin (fixture->test_db->db), query, format, FALSE, path,
                                        cancellable, NULL, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      assert_folder_holds (fixture, NULL);
    }
}

static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ud_member_export (fixture->test_db->db, ud_test_admin (fixture->test_db->db), query, UD_EXPORT_FORMAT_CSV, FALSE,
                                    "/nonexistent/folder/members.csv", NULL, NULL, NULL, NULL,
                                    &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

typedef struct
{
  GThread      *thread;
  guint         n_calls;
  guint         last_done;
  gboolean      wrong_thread;
  GAsyncResult *result;
} AsyncRecord;

static void
record_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  AsyncRecord *record = user_data;

  g_assert_null (record->result);
  if (g_thread_self () != record->thread)
    record->wrong_thread = TRUE;
  record->n_calls++;
  record->last_done = done;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncRecord *record = user_data;

  record->result = g_object_ref (result);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autofree char *path = export_path (fixture, "members.xlsx");
  g_autoptr(GError) error = NULL;
  AsyncRecord record = { g_thread_self (), 0, };
  guint count = 0;

  ud_member_export_async (fixture->test_db->path, ud_test_admin (fixture->test_db->db), query,
                          UD_EXPORT_FORMAT_XLSX, FALSE, path,
                          NULL, record_progress, &record, store_result, &record);
  while (record.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (ud_member_export_finish (record.result, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpuint (record.n_calls, >=, 2);
  g_assert_cmpuint (record.last_done, ==, 3);
  g_assert_false (record.wrong_thread);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_object_unref (record.result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ud/member/export/csv", test_csv);
  ADD ("/ud/member/export/filter", test_filter);
  ADD ("/ud/member/export/round-trip", test_round_trip);
  ADD ("/ud/member/export/xlsx", test_xlsx);
  ADD ("/ud/member/export/cancelled", test_cancelled);
  ADD ("/ud/member/export/unwritable", test_unwritable);
  ADD ("/ud/member/export/async", test_async);

#undef ADD

  return g_test_run ();
}
