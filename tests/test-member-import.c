/* tests/test-member-import.c — importing member rosters
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ud-core.h"
#include "ud-error.h"
#include "ud-id-number.h"
#include "ud-member-import.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-test-util.h"

static const char header[] = "姓名,身份证号,手机号,工作单位,统一社会信用代码,职业类别,入会日期,"
                             "入会方式,所属工会,备注\r\n";

static gint64
count_rows (UdDatabase *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (ud_database_get_handle (db), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gint64
count_members (UdDatabase *db)
{
  return count_rows (db, "SELECT count(*) FROM member");
}

static UdMemberImport *
import_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  UdMemberImport *import = ud_member_import_new_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static void
run_ok (UdMemberImport *import,
        UdDatabase     *db,
        gboolean        dry_run)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_member_import_run (import, db, ud_test_admin (db), dry_run, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static UdImportIssue *
issue_at (UdMemberImport *import,
          guint           index)
{
  GPtrArray *issues = ud_member_import_get_issues (import);

  g_assert_cmpuint (index, <, issues->len);
  return g_ptr_array_index (issues, index);
}

/* "330102" + a birth date from @n + a sequence: a distinct valid ID for each n < 1,000,000. */
static char *
make_id (guint n)
{
  GDate date;
  char birth[9];

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 1, 1960);
  g_date_add_days (&date, n / 1000);
  g_snprintf (birth, sizeof birth, "%04u%02u%02u", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  return ud_test_make_id ("330102", birth, n % 1000);
}

/* A roster of @n good rows, in the shape of the shared files. */
static GString *
make_roster (guint n)
{
  static const char *const employers[] = { "美团外卖", "顺丰速运", "滴滴出行", "本地物业公司" };
  static const char *const categories[] = { "外卖送餐员", "快递员", "网约车司机", "" };
  static const char *const unions[] = { "和平街街道总工会", "湖墅新就业形态联合工会" };
  GString *csv = g_string_new (header);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = make_id (i);

      g_string_append_printf (csv, "会员%s,%s,138%08u,%s,,%s,2023-05-01,现场入会,%s,\r\n",
                              (i % 2) ? "甲" : "乙", id, i, employers[i % 4], categories[i % 4],
                              unions[i % 2]);
    }

  return csv;
}

/* The shared sample files */

static GHashTable *
lines_by_code (UdMemberImport *import)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) g_array_unref);
  GPtrArray *issues = ud_member_import_get_issues (import);

  for (guint i = 0; i < issues->len; i++)
    {
      UdImportIssue *issue = g_ptr_array_index (issues, i);
      const char *code = ud_import_problem_code (issue->problem);
      GArray *lines;

      if (issue->problem == UD_IMPORT_PROBLEM_DUPLICATE_EXISTING)
        code = ud_import_problem_code (UD_IMPORT_PROBLEM_DUPLICATE_IN_FILE);
      lines = g_hash_table_lookup (table, code);
      if (lines == NULL)
        {
          lines = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (table, (gpointer) code, lines);
        }
      g_array_append_val (lines, issue->line);
      g_assert_nonnull (issue->message);
      g_assert_nonnull (issue->fields);
    }

  return table;
}

static void
assert_lines (GHashTable *table,
              const char *code,
              JsonArray  *expected)
{
  GArray *lines = g_hash_table_lookup (table, code);

  g_test_message ("%s: %u expected", code, json_array_get_length (expected));
  g_assert_nonnull (lines);
  g_assert_cmpuint (lines->len, ==, json_array_get_length (expected));
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpuint (g_array_index (lines, guint, i), ==,
                      (guint) json_array_get_int_element (expected, i));
}

static void
test_shared_file (gconstpointer data)
{
  const char *name = data;
  const char *folder = g_getenv ("UD_SHARED_DATA");
  g_autofree char *csv_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *base = NULL;
  g_autoptr(UdTestDb) test_db = NULL;
  g_autoptr(UdMemberImport) import = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) created = NULL;
  JsonObject *expected, *bad;
  g_autoptr(GList) kinds = NULL;
  guint n_bad = 0;

  if (folder == NULL)
    {
      g_test_skip ("UD_SHARED_DATA is not set");
      return;
    }
  csv_path = g_build_filename (folder, name, NULL);
  base = g_strndup (name, strlen (name) - strlen (".csv"));
  json_path = g_strdup_printf ("%s%c%s.expected.json", folder, G_DIR_SEPARATOR, base);
  if (!g_file_test (csv_path, G_FILE_TEST_EXISTS) || !g_file_test (json_path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the shared sample files are missing");
      return;
    }

  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  expected = json_node_get_object (json_parser_get_root (parser));

  test_db = ud_test_db_new ();
  import = ud_member_import_new_from_file (csv_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ud_member_import_get_n_rows (import), ==,
                    json_object_get_int_member (expected, "rows"));
  g_assert_cmpuint (ud_member_import_get_mapping (import, 0), ==, UD_IMPORT_FIELD_NAME);
  g_assert_cmpuint (ud_member_import_get_mapping (import, 1), ==, UD_IMPORT_FIELD_ID_NUMBER);
  g_assert_cmpuint (ud_member_import_get_mapping (import, 8), ==, UD_IMPORT_FIELD_ORG);
  if (g_str_has_suffix (name, "gbk.csv"))
    g_assert_cmpstr (ud_member_import_get_encoding_name (import), ==, "GB18030/GBK");
  else
    g_assert_cmpstr (ud_member_import_get_encoding_name (import), ==, "UTF-8 (BOM)");

  run_ok (import, test_db->db, FALSE);

  g_assert_cmpuint (ud_member_import_get_n_valid (import), ==,
                    json_object_get_int_member (expected, "valid"));
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==,
                    json_object_get_int_member (expected, "valid"));
  g_assert_cmpint (count_members (test_db->db), ==, json_object_get_int_member (expected, "valid"));

  table = lines_by_code (import);
  bad = json_object_get_object_member (expected, "bad");
  kinds = json_object_get_members (bad);
  for (GList *l = kinds; l != NULL; l = l->next)
    {
      JsonArray *lines = json_object_get_array_member (bad, l->data);

      assert_lines (table, l->data, lines);
      n_bad += json_array_get_length (lines);
    }
  assert_lines (table, "duplicate_in_file", json_object_get_array_member (expected, "duplicates"));
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==,
                    n_bad + json_array_get_length (json_object_get_array_member (expected,
                                                                                 "duplicates")));
  g_assert_cmpuint (ud_member_import_get_n_skipped (import), ==,
                    json_array_get_length (json_object_get_array_member (expected,
                                                                         "duplicates")));

  /* The unions named in the file were made under the office, with kinds from their names. */
  created = ud_member_import_dup_created_orgs (import);
  g_assert_cmpuint (g_strv_length (created), ==, 5);
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM org WHERE kind = 'joint'"), ==,
                   3);
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM org WHERE kind = 'street'"), ==,
                   2);
  g_assert_cmpuint (ud_member_import_get_n_created_employers (import), >, 0);
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM employer"), ==,
                   ud_member_import_get_n_created_employers (import));
  g_assert_cmpint (count_rows (test_db->db,
                               "SELECT count(*) FROM employer WHERE is_platform = 1"), >, 0);

  /* Each member has its join event; new-employment categories were read. */
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM membership_event"), ==,
                   count_members (test_db->db));
  g_assert_cmpint (count_rows (test_db->db,
                               "SELECT count(*) FROM member WHERE new_employment = 'none'"), ==, 0);
  g_assert_cmpint (count_rows (test_db->db,
                               "SELECT count(*) FROM member WHERE join_channel = 'unknown'"),
                   ==, 0);

  /* The same file again: every good row is now a member already. */
  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_valid (import), ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_skipped (import), ==,
                    json_object_get_int_member (expected, "valid")
                    + json_array_get_length (json_object_get_array_member (expected,
                                                                           "duplicates")));
  {
    GPtrArray *issues = ud_member_import_get_issues (import);
    guint n_existing = 0;

    for (guint i = 0; i < issues->len; i++)
      {
        UdImportIssue *issue = g_ptr_array_index (issues, i);

        if (issue->problem == UD_IMPORT_PROBLEM_DUPLICATE_EXISTING)
          {
            n_existing++;
            g_assert_cmpuint (issue->field, ==, UD_IMPORT_FIELD_ID_NUMBER);
            g_assert_true (g_str_has_prefix (issue->message, "ID number: "));
          }
      }
    g_assert_cmpuint (n_existing, ==, json_object_get_int_member (expected, "valid"));
  }
  g_assert_cmpint (count_members (test_db->db), ==, json_object_get_int_member (expected, "valid"));
}

/* Files the import refuses */

static void
assert_refused (const char *text,
                gsize       length,
                const char *expected_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdMemberImport) import = ud_member_import_new_from_data (text, length, &error);

  g_assert_null (import);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  if (expected_part != NULL)
    g_assert_nonnull (strstr (error->message, expected_part));
}

static void
test_empty (void)
{
  assert_refused ("", 0, "empty");
  assert_refused ("\xEF\xBB\xBF", 3, "empty");
  assert_refused ("\r\n\r\n", 4, "empty");
  assert_refused (",,,\r\n,,,\r\n", 10, "empty");
}

static void
test_header_only (void)
{
  assert_refused (header, strlen (header), "no member rows");
  assert_refused ("姓名,身份证号\r\n,\r\n", strlen ("姓名,身份证号\r\n,\r\n"), "no member rows");
}

static void
test_unknown_headers (void)
{
  static const char text[] = "编号,年龄,colour\r\n1,30,red\r\n2,31,blue\r\n";

  assert_refused (text, strlen (text), "“年龄”");
  assert_refused (text, strlen (text), "“colour”");
  assert_refused (text, strlen (text), "“编号”");
}

static void
test_not_text (void)
{
  static const char data[] = "PK\003\004\000\000binary";

  assert_refused (data, sizeof data - 1, NULL);
}

/* Mapping */

static void
test_english_headers (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *id = make_id (1);
  g_autofree char *text = g_strdup_printf ("Name,ID Number,Mobile,Employer,Credit code,Category,"
                                           "Join date,Join channel,Union,Notes,Sex,Birth date\n"
                                           "Li Lei,%s,13800138000,Meituan,,Courier,2023-05-01,"
                                           "online,Harbour Street Union,English file,male,"
                                           "1960-01-01\n",
                                           id);
  g_autoptr(UdMemberImport) import = import_from_text (text);
  g_autoptr(UdMember) member = NULL;
  static const UdImportField expected[] = {
    UD_IMPORT_FIELD_NAME, UD_IMPORT_FIELD_ID_NUMBER, UD_IMPORT_FIELD_MOBILE,
    UD_IMPORT_FIELD_EMPLOYER, UD_IMPORT_FIELD_CREDIT_CODE, UD_IMPORT_FIELD_NEW_EMPLOYMENT,
    UD_IMPORT_FIELD_JOIN_DATE, UD_IMPORT_FIELD_JOIN_CHANNEL, UD_IMPORT_FIELD_ORG,
    UD_IMPORT_FIELD_NOTE, UD_IMPORT_FIELD_SEX, UD_IMPORT_FIELD_BIRTH_DATE,
  };

  g_assert_cmpstr (ud_member_import_get_encoding_name (import), ==, "UTF-8");
  g_assert_cmpuint (ud_member_import_get_n_columns (import), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (ud_member_import_get_mapping (import, i), ==, expected[i]);
  g_assert_cmpstr (ud_member_import_get_header (import, 1), ==, "ID Number");

  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 1);

  member = ud_member_store_find_live (test_db->db, id, NULL);
  g_assert_nonnull (member);
  g_assert_cmpstr (member->name, ==, "Li Lei");
  g_assert_cmpstr (member->employer_name, ==, "Meituan");
  g_assert_true (member->employer_is_platform == FALSE);
  g_assert_cmpint (member->new_employment, ==, UD_NEW_EMPLOYMENT_COURIER);
  g_assert_cmpint (member->join_channel, ==, UD_JOIN_CHANNEL_ONLINE);
  g_assert_cmpstr (member->org_name, ==, "Harbour Street Union");
  g_assert_cmpstr (member->note, ==, "English file");
}

static void
test_mapping_changes (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *id = make_id (2);
  g_autofree char *text = g_strdup_printf ("姓名,身份证号,电话,手机\n王芳,%s,010-1234,13800138000\n",
                                           id);
  g_autoptr(UdMemberImport) import = import_from_text (text);
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GPtrArray) preview = NULL;

  /* The first column naming a field gets it. */
  g_assert_cmpint (ud_member_import_get_mapping (import, 2), ==, UD_IMPORT_FIELD_MOBILE);
  g_assert_cmpint (ud_member_import_get_mapping (import, 3), ==, UD_IMPORT_FIELD_IGNORED);

  preview = ud_member_import_preview (import, 10);
  g_assert_cmpuint (preview->len, ==, 1);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (preview, 0))[2], ==, "010-1234");

  /* With the landline column, the row is bad; choosing the other column fixes it. */
  run_ok (import, test_db->db, TRUE);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 1);
  g_assert_cmpint (issue_at (import, 0)->problem, ==, UD_IMPORT_PROBLEM_BAD_PHONE);
  g_assert_cmpint (issue_at (import, 0)->field, ==, UD_IMPORT_FIELD_MOBILE);

  ud_member_import_set_mapping (import, 3, UD_IMPORT_FIELD_MOBILE);
  g_assert_cmpint (ud_member_import_get_mapping (import, 2), ==, UD_IMPORT_FIELD_IGNORED);
  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 0);
  member = ud_member_store_find_live (test_db->db, id, NULL);
  g_assert_cmpstr (member->mobile, ==, "13800138000");

  /* Without a name column a run is refused. */
  {
    g_autoptr(GError) error = NULL;

    ud_member_import_set_mapping (import, 0, UD_IMPORT_FIELD_IGNORED);
    g_assert_false (ud_member_import_run (import, test_db->db, ud_test_admin (test_db->db), TRUE, NULL, NULL, NULL, &error));
    g_assert_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT);
  }
}

static void
test_title_row (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *id = make_id (3);
  g_autofree char *text = g_strdup_printf ("和平街街道工会会员花名册,,\r\n"
                                           "填表日期：2024年3月1日,,\r\n"
                                           "姓名,身份证号,手机号\r\n"
                                           "赵敏,%s,13800138000\r\n",
                                           id);
  g_autoptr(UdMemberImport) import = import_from_text (text);

  g_assert_cmpuint (ud_member_import_get_n_rows (import), ==, 1);
  g_assert_cmpstr (ud_member_import_get_header (import, 0), ==, "姓名");
  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 1);
}

/* Cells as Excel leaves them */

static void
test_apostrophe_ids (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *id1 = make_id (10);
  g_autofree char *id2 = make_id (11);
  g_autofree char *id3 = ud_test_make_id ("110105", "19870115", 36);
  g_autofree char *id3_lower = NULL;
  g_autofree char *text = NULL;
  g_autoptr(UdMemberImport) import = NULL;
  g_autoptr(UdMember) member = NULL;

  /* Make sure the third ends in X, to test the lower-case form. */
  for (guint seq = 0; id3[17] != 'X'; seq++)
    {
      g_free (id3);
      id3 = ud_test_make_id ("110105", "19870115", seq);
    }
  id3_lower = g_ascii_strdown (id3, -1);

  text = g_strdup_printf ("%s"
                          "张伟,'%s,'13800138000,顺丰速运,,快递员,2023-05-01,现场入会,,\r\n"
                          "\" 李娜 \",\"\t%s\",\t13800138001,,,,,,,\r\n"
                          "刘洋　,%s,+86 138 0013 8002,,,,2023/5/1,,,\r\n",
                          header, id1, id2, id3_lower);
  import = import_from_text (text);
  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 3);

  member = ud_member_store_find_live (test_db->db, id1, NULL);
  g_assert_nonnull (member);
  g_assert_cmpstr (member->mobile, ==, "13800138000");
  g_clear_pointer (&member, ud_member_free);

  member = ud_member_store_find_live (test_db->db, id2, NULL);
  g_assert_nonnull (member);
  g_assert_cmpstr (member->name, ==, "李娜");
  g_assert_cmpint (member->new_employment, ==, UD_NEW_EMPLOYMENT_NONE);
  g_assert_cmpint (member->join_channel, ==, UD_JOIN_CHANNEL_UNKNOWN);
  g_assert_cmpint (member->org_id, ==, ud_database_get_office_org_id (test_db->db));
  g_clear_pointer (&member, ud_member_free);

  member = ud_member_store_find_live (test_db->db, id3, NULL);
  g_assert_nonnull (member);
  g_assert_cmpstr (member->name, ==, "刘洋");
  g_assert_cmpstr (member->mobile, ==, "13800138002");
  g_assert_cmpstr (member->join_date, ==, "2023-05-01");
}

static void
test_scientific_notation (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *text = g_strdup_printf ("%s"
                                           "方善,3.30102E+17,13800000002,,,,,,,\r\n"
                                           "崔怡,3.30102E+17,13800000003,,,,,,,\r\n",
                                           header);
  g_autoptr(UdMemberImport) import = import_from_text (text);

  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      UdImportIssue *issue = issue_at (import, i);

      g_assert_cmpint (issue->problem, ==, UD_IMPORT_PROBLEM_EXCEL_SCIENTIFIC_NOTATION);
      g_assert_cmpstr (ud_import_problem_code (issue->problem), ==, "excel_scientific_notation");
      g_assert_cmpuint (issue->line, ==, i + 2);
      g_assert_nonnull (strstr (issue->message, "scientific notation"));
      g_assert_cmpstr (issue->fields[1], ==, "3.30102E+17");
    }
  g_assert_cmpuint (ud_member_import_get_n_skipped (import), ==, 0);
}

static void
test_bad_values (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *id1 = make_id (20);
  g_autofree char *id2 = make_id (21);
  g_autofree char *id3 = make_id (22);
  g_autofree char *id4 = make_id (23);
  g_autofree char *id5 = make_id (24);
  g_autofree char *id6 = make_id (25);
  g_autofree char *id7 = make_id (26);
  g_autofree char *text = NULL;
  g_autoptr(UdMemberImport) import = NULL;
  static const struct
  {
    UdImportProblem problem;
    UdImportField   field;
    const char     *message_start;
  } expected[] = {
    { UD_IMPORT_PROBLEM_BAD_VALUE, UD_IMPORT_FIELD_NEW_EMPLOYMENT, "Occupation category: " },
    { UD_IMPORT_PROBLEM_BAD_VALUE, UD_IMPORT_FIELD_JOIN_CHANNEL, "Join channel: " },
    { UD_IMPORT_PROBLEM_MISMATCH, UD_IMPORT_FIELD_SEX, "Sex: " },
    { UD_IMPORT_PROBLEM_BAD_VALUE, UD_IMPORT_FIELD_STATUS, "Membership status: " },
    { UD_IMPORT_PROBLEM_BAD_CREDIT_CODE, UD_IMPORT_FIELD_CREDIT_CODE, "Unified social credit" },
    { UD_IMPORT_PROBLEM_WRONG_FIELD_COUNT, UD_IMPORT_FIELD_IGNORED, NULL },
    { UD_IMPORT_PROBLEM_MISSING_ID_NUMBER, UD_IMPORT_FIELD_ID_NUMBER, "ID number" },
  };

  /* Even sequences are women: 丙 is said to be a man, 辛 rightly a woman. */
  text = g_strdup_printf ("姓名,身份证号,职业类别,入会方式,性别,会籍状态,统一社会信用代码,工作单位\n"
                          "甲,%s,宇航员,,,,,\n"
                          "乙,%s,,飞鸽传书,,,,\n"
                          "丙,%s,,,男,,,\n"
                          "丁,%s,,,,退会,,\n"
                          "戊,%s,,,,,91330100ABCDEFGHIJ,某公司\n"
                          "己,%s,,,,,,,多出来的值\n"
                          "庚,,,,,,,\n"
                          "辛,%s,快递员,扫码,女,正常,,\n",
                          id1, id2, id3, id4, id5, id6, id7);
  import = import_from_text (text);
  run_ok (import, test_db->db, FALSE);

  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      UdImportIssue *issue = issue_at (import, i);

      g_test_message ("line %u: %s", issue->line, issue->message);
      g_assert_cmpuint (issue->line, ==, i + 2);
      g_assert_cmpint (issue->problem, ==, expected[i].problem);
      g_assert_cmpint (issue->field, ==, expected[i].field);
      if (expected[i].message_start != NULL)
        g_assert_true (g_str_has_prefix (issue->message, expected[i].message_start));
    }
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 1);
  g_assert_cmpstr (ud_import_field_label (UD_IMPORT_FIELD_ID_NUMBER), ==, "ID number");
}

/* The report of rows not imported */

static void
test_report_round_trip (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *good = make_id (30);
  g_autofree char *bad_phone = make_id (31);
  g_autofree char *bad_date = make_id (32);
  g_autofree char *text = g_strdup_printf ("%s"
                                           "周一,%s,13800138000,京东物流,,快递员,2023-05-01,现场入会,,\r\n"
                                           "周二,%s,12345,京东物流,,快递员,2023-05-01,现场入会,,\"备注,有逗号\"\r\n"
                                           "周三,%s,13800138002,京东物流,,快递员,2023-13-45,现场入会,,\r\n",
                                           header, good, bad_phone, bad_date);
  g_autoptr(UdMemberImport) import = import_from_text (text);
  g_autoptr(UdMemberImport) again = NULL;
  g_autofree char *report_path = g_build_filename (test_db->dir, "report.csv", NULL);
  g_autofree char *report = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *tabbed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdMember) member = NULL;
  gsize length;
  guint n_columns;

  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 1);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 2);

  g_assert_true (ud_member_import_write_report (import, report_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (report_path, &report, &length, &error));
  g_assert_no_error (error);

  /* UTF-8 with BOM, the original header plus the line and the problem, CRLF. */
  g_assert_true (g_str_has_prefix (report, "\xEF\xBB\xBF姓名,身份证号,手机号,"));
  g_assert_nonnull (strstr (report, ",备注,Line,Problem\r\n"));
  /* Long numbers keep Excel's hands off: a leading tab. */
  tabbed = g_strdup_printf (",\t%s,", bad_phone);
  g_assert_nonnull (strstr (report, tabbed));
  g_assert_nonnull (strstr (report, ",3,Mobile number: "));
  g_assert_nonnull (strstr (report, "\"备注,有逗号\""));
  g_assert_nonnull (strstr (report, ",4,Join date: "));

  /* The clerk fixes the phone number and imports the report. */
  {
    g_auto(GStrv) parts = g_strsplit (report, ",12345,", 2);

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    fixed = g_strjoinv (",13800138001,", parts);
  }
  g_assert_true (g_file_set_contents (report_path, fixed, -1, &error));
  g_assert_no_error (error);

  again = ud_member_import_new_from_file (report_path, &error);
  g_assert_no_error (error);
  n_columns = ud_member_import_get_n_columns (again);
  g_assert_cmpuint (n_columns, ==, 12);
  g_assert_cmpint (ud_member_import_get_mapping (again, n_columns - 2), ==,
                   UD_IMPORT_FIELD_IGNORED);
  g_assert_cmpint (ud_member_import_get_mapping (again, n_columns - 1), ==,
                   UD_IMPORT_FIELD_IGNORED);
  g_assert_cmpstr (ud_member_import_get_encoding_name (again), ==, "UTF-8 (BOM)");

  run_ok (again, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_n_imported (again), ==, 1);
  g_assert_cmpuint (ud_member_import_get_issues (again)->len, ==, 1);
  g_assert_cmpint (issue_at (again, 0)->problem, ==, UD_IMPORT_PROBLEM_BAD_JOIN_DATE);
  g_assert_cmpuint (issue_at (again, 0)->line, ==, 3);

  member = ud_member_store_find_live (test_db->db, bad_phone, NULL);
  g_assert_nonnull (member);
  g_assert_cmpstr (member->mobile, ==, "13800138001");
  g_assert_cmpstr (member->note, ==, "备注,有逗号");
  g_assert_cmpint (count_members (test_db->db), ==, 2);
}

static void
test_report_in_chinese (void)
{
  g_autoptr(UdTestDb) test_db = NULL;
  g_autofree char *id = make_id (35);
  g_autofree char *text = g_strdup_printf ("%s"
                                           "郑八,%s,12345,,,外卖送餐员,,,,\r\n"
                                           "郑九,%s,13800138009,,,,,,,\r\n",
                                           header, id, id);
  g_autoptr(UdMemberImport) import = NULL;
  g_autoptr(UdMemberImport) again = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("UD_LOCALEDIR") == NULL)
    {
      g_test_skip ("UD_LOCALEDIR is not set");
      return;
    }
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }
  ud_core_init_i18n ();

  test_db = ud_test_db_new ();
  report_path = g_build_filename (test_db->dir, "错误报告.csv", NULL);
  import = import_from_text (text);
  g_assert_cmpstr (ud_import_field_label (UD_IMPORT_FIELD_ID_NUMBER), ==, "身份证号");
  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 1);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 1);
  g_assert_true (g_str_has_prefix (issue_at (import, 0)->message, "手机号："));

  g_assert_true (ud_member_import_write_report (import, report_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (report_path, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, ",备注,行号,错误原因\r\n"));
  g_assert_nonnull (strstr (report, ",2,手机号："));

  /* The report of a Chinese session imports again: the two extra columns are left out. */
  again = ud_member_import_new_from_file (report_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_member_import_get_mapping (again, 10), ==, UD_IMPORT_FIELD_IGNORED);
  g_assert_cmpint (ud_member_import_get_mapping (again, 11), ==, UD_IMPORT_FIELD_IGNORED);
  run_ok (again, test_db->db, TRUE);
  g_assert_cmpuint (ud_member_import_get_issues (again)->len, ==, 1);
  g_assert_cmpint (issue_at (again, 0)->problem, ==, UD_IMPORT_PROBLEM_BAD_PHONE);

  setlocale (LC_ALL, "C.UTF-8");
}

/* Duplicates */

static void
insert_existing (UdDatabase *db,
                 const char *id,
                 const char *mobile)
{
  g_autoptr(UdMember) member = ud_test_member_new (db, "老会员", id);
  g_autoptr(GError) error = NULL;

  member->mobile = g_strdup (mobile);
  member->join_date = g_strdup ("2020-01-01");
  g_assert_true (ud_member_store_insert (db, ud_test_admin (db), member, &error));
  g_assert_no_error (error);
}

static void
test_duplicates_skip (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *old_id = make_id (40);
  g_autofree char *new_id = make_id (41);
  g_autofree char *text = g_strdup_printf ("%s"
                                           "老会员,%s,13900000000,,,,,,,\r\n"
                                           "新会员,%s,13900000001,,,,,,,\r\n"
                                           "又一次,%s,13900000002,,,,,,,\r\n",
                                           header, old_id, new_id, new_id);
  g_autoptr(UdMemberImport) import = import_from_text (text);
  g_autoptr(UdMember) member = NULL;

  insert_existing (test_db->db, old_id, "13800000000");
  run_ok (import, test_db->db, FALSE);

  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 1);
  g_assert_cmpuint (ud_member_import_get_n_skipped (import), ==, 2);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 2);
  g_assert_cmpint (issue_at (import, 0)->problem, ==, UD_IMPORT_PROBLEM_DUPLICATE_EXISTING);
  g_assert_cmpuint (issue_at (import, 0)->line, ==, 2);
  g_assert_nonnull (strstr (issue_at (import, 0)->message, "My union office"));
  g_assert_cmpint (issue_at (import, 1)->problem, ==, UD_IMPORT_PROBLEM_DUPLICATE_IN_FILE);
  g_assert_cmpuint (issue_at (import, 1)->line, ==, 4);
  g_assert_nonnull (strstr (issue_at (import, 1)->message, "line 3"));

  member = ud_member_store_find_live (test_db->db, old_id, NULL);
  g_assert_cmpstr (member->mobile, ==, "13800000000");
  g_assert_cmpint (member->version, ==, 1);
}

static void
test_duplicates_update (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *old_id = make_id (50);
  g_autofree char *same_id = make_id (51);
  g_autofree char *text = g_strdup_printf ("%s"
                                           "老会员,%s,13900000000,美团外卖,,外卖送餐员,,,,\r\n"
                                           "老会员,%s,,,,,,,,\r\n",
                                           header, old_id, same_id);
  g_autoptr(UdMemberImport) import = import_from_text (text);
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonNode) changes = NULL;
  UdMemberEvent *event;
  JsonArray *pair;

  insert_existing (test_db->db, old_id, "13800000000");
  insert_existing (test_db->db, same_id, "13800000001");
  ud_member_import_set_duplicates (import, UD_IMPORT_DUPLICATES_UPDATE);

  /* A dry run tells what would happen and changes nothing. */
  run_ok (import, test_db->db, TRUE);
  g_assert_cmpuint (ud_member_import_get_n_valid (import), ==, 2);
  g_assert_cmpuint (ud_member_import_get_n_updated (import), ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_created_employers (import), ==, 1);
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM employer"), ==, 0);

  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_updated (import), ==, 1);
  g_assert_cmpuint (ud_member_import_get_n_unchanged (import), ==, 1);
  g_assert_cmpuint (ud_member_import_get_n_valid (import), ==, 2);
  g_assert_cmpint (count_members (test_db->db), ==, 2);

  member = ud_member_store_find_live (test_db->db, old_id, NULL);
  g_assert_cmpstr (member->mobile, ==, "13900000000");
  g_assert_cmpstr (member->employer_name, ==, "美团外卖");
  g_assert_true (member->employer_is_platform);
  g_assert_cmpint (member->new_employment, ==, UD_NEW_EMPLOYMENT_FOOD_DELIVERY);
  /* Empty cells keep what was stored. */
  g_assert_cmpstr (member->join_date, ==, "2020-01-01");
  g_assert_cmpint (member->version, ==, 2);

  history = ud_member_store_history (test_db->db, member->id, NULL);
  g_assert_cmpuint (history->len, ==, 2);
  event = g_ptr_array_index (history, 1);
  g_assert_cmpint (event->kind, ==, UD_MEMBER_EVENT_CORRECT);
  g_assert_cmpstr (event->reason, ==, "Updated by import");
  g_assert_cmpint (event->from_status, ==, UD_MEMBER_STATUS_ACTIVE);
  g_assert_cmpint (event->to_status, ==, UD_MEMBER_STATUS_ACTIVE);
  changes = json_from_string (event->changes, NULL);
  g_assert_nonnull (changes);
  pair = json_object_get_array_member (json_node_get_object (changes), "mobile");
  g_assert_cmpstr (json_array_get_string_element (pair, 0), ==, "13800000000");
  g_assert_cmpstr (json_array_get_string_element (pair, 1), ==, "13900000000");
  g_assert_true (json_object_has_member (json_node_get_object (changes), "new_employment"));
  g_assert_false (json_object_has_member (json_node_get_object (changes), "join_date"));

  /* Again: nothing left to correct. */
  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_n_updated (import), ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_unchanged (import), ==, 2);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = ud_member_store_history (test_db->db, member->id, NULL);
  g_assert_cmpuint (history->len, ==, 2);
}

static void
test_duplicate_lapsed (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autofree char *id = make_id (60);
  g_autofree char *text = g_strdup_printf ("%s再次入会,%s,,,,,,,,\r\n", header, id);
  g_autoptr(UdMemberImport) import = import_from_text (text);
  g_autoptr(UdMember) old = NULL;
  g_autoptr(GError) error = NULL;

  /* A membership that ended is no duplicate: the person may join again. */
  insert_existing (test_db->db, id, NULL);
  old = ud_member_store_find_live (test_db->db, id, NULL);
  g_assert_true (ud_member_store_change_status (test_db->db, ud_test_admin (test_db->db), old->id, UD_MEMBER_EVENT_WITHDRAW,
                                                NULL, "离职", 0, &error));
  g_assert_no_error (error);

  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 1);
  g_assert_cmpint (count_members (test_db->db), ==, 2);
}

/* Running */

static void
test_dry_run (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autoptr(GString) csv = make_roster (30);
  g_autoptr(UdMemberImport) import = import_from_text (csv->str);
  g_auto(GStrv) created = NULL;
  gint64 outbox = count_rows (test_db->db, "SELECT count(*) FROM outbox");

  run_ok (import, test_db->db, TRUE);
  g_assert_cmpuint (ud_member_import_get_n_valid (import), ==, 30);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 0);
  g_assert_cmpuint (ud_member_import_get_issues (import)->len, ==, 0);
  created = ud_member_import_dup_created_orgs (import);
  g_assert_cmpuint (g_strv_length (created), ==, 2);
  g_assert_cmpuint (ud_member_import_get_n_created_employers (import), ==, 4);

  g_assert_cmpint (count_members (test_db->db), ==, 0);
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM employer"), ==, 0);
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM org"), ==, 1);
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM outbox"), ==, outbox);

  /* Safe to run for real afterwards. */
  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 30);
  g_assert_cmpint (count_members (test_db->db), ==, 30);
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM employer"), ==, 4);
}

typedef struct
{
  GCancellable *cancellable;
  guint         n_calls;
  guint         last_done;
  guint         total;
  GThread      *thread;
  gboolean      wrong_thread;
} ProgressRecord;

static void
cancel_after_first_batch (guint    done,
                          guint    total,
                          gpointer user_data)
{
  ProgressRecord *record = user_data;

  record->n_calls++;
  record->last_done = done;
  record->total = total;
  g_cancellable_cancel (record->cancellable);
}

static void
test_cancel (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autoptr(GString) csv = make_roster (12000);
  g_autoptr(UdMemberImport) import = import_from_text (csv->str);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  ProgressRecord record = { cancellable, 0, };
  guint imported;

  g_assert_cmpuint (ud_member_import_get_n_rows (import), ==, 12000);
  g_assert_false (ud_member_import_run (import, test_db->db, ud_test_admin (test_db->db), FALSE, cancellable,
                                        cancel_after_first_batch, &record, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* One transaction went in whole; the rest did not start. */
  g_assert_cmpuint (record.n_calls, ==, 1);
  g_assert_cmpuint (record.total, ==, 12000);
  imported = ud_member_import_get_n_imported (import);
  g_assert_cmpuint (imported, ==, record.last_done);
  g_assert_cmpuint (imported, >, 0);
  g_assert_cmpuint (imported, <, 12000);
  g_assert_cmpint (count_members (test_db->db), ==, imported);
  g_assert_cmpint (count_rows (test_db->db, "SELECT count(*) FROM membership_event"), ==,
                   imported);
  g_assert_cmpint (count_rows (test_db->db,
                               "SELECT count(*) FROM outbox WHERE entity = 'member'"), ==,
                   imported);
  g_assert_false (ud_database_in_transaction (test_db->db));

  /* Running again imports the rest; what went in is reported as already there. */
  run_ok (import, test_db->db, FALSE);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 12000 - imported);
  g_assert_cmpuint (ud_member_import_get_n_skipped (import), ==, imported);
  g_assert_cmpint (count_members (test_db->db), ==, 12000);
}

static void
test_cancelled_before (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autoptr(GString) csv = make_roster (10);
  g_autoptr(UdMemberImport) import = import_from_text (csv->str);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (ud_member_import_run (import, test_db->db, ud_test_admin (test_db->db), FALSE, cancellable, NULL, NULL,
                                        &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_members (test_db->db), ==, 0);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 0);
}

static void
record_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  ProgressRecord *record = user_data;

  if (g_thread_self () != record->thread)
    record->wrong_thread = TRUE;
  g_assert_cmpuint (done, >=, record->last_done);
  record->n_calls++;
  record->last_done = done;
  record->total = total;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(UdTestDb) test_db = ud_test_db_new ();
  g_autoptr(GString) csv = make_roster (7000);
  g_autoptr(UdMemberImport) import = import_from_text (csv->str);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ProgressRecord record = { NULL, 0, };

  record.thread = g_thread_self ();
  ud_member_import_run_async (import, test_db->path, ud_test_admin (test_db->db), FALSE, NULL,
                              record_progress, &record, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (ud_member_import_run_finish (import, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ud_member_import_get_n_imported (import), ==, 7000);
  /* Every progress call came before the result, on this thread. */
  g_assert_cmpuint (record.n_calls, ==, 2);
  g_assert_cmpuint (record.last_done, ==, 7000);
  g_assert_false (record.wrong_thread);
  g_assert_cmpint (count_members (test_db->db), ==, 7000);
}

static void
test_async_missing_database (void)
{
  g_autoptr(GString) csv = make_roster (1);
  g_autoptr(UdMemberImport) import = import_from_text (csv->str);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ud_member_import_run_async (import, "/nonexistent/union-desk.db", NULL, FALSE, NULL, NULL,
                              NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (ud_member_import_run_finish (import, result, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/ud/member/import/shared/gbk", "roster-platforms-gbk.csv",
                        test_shared_file);
  g_test_add_data_func ("/ud/member/import/shared/utf8-bom", "roster-small-utf8-bom.csv",
                        test_shared_file);
  g_test_add_func ("/ud/member/import/refused/empty", test_empty);
  g_test_add_func ("/ud/member/import/refused/header-only", test_header_only);
  g_test_add_func ("/ud/member/import/refused/unknown-headers", test_unknown_headers);
  g_test_add_func ("/ud/member/import/refused/not-text", test_not_text);
  g_test_add_func ("/ud/member/import/mapping/english", test_english_headers);
  g_test_add_func ("/ud/member/import/mapping/changes", test_mapping_changes);
  g_test_add_func ("/ud/member/import/mapping/title-row", test_title_row);
  g_test_add_func ("/ud/member/import/cells/apostrophe", test_apostrophe_ids);
  g_test_add_func ("/ud/member/import/cells/scientific", test_scientific_notation);
  g_test_add_func ("/ud/member/import/cells/bad-values", test_bad_values);
  g_test_add_func ("/ud/member/import/report/round-trip", test_report_round_trip);
  g_test_add_func ("/ud/member/import/duplicates/skip", test_duplicates_skip);
  g_test_add_func ("/ud/member/import/duplicates/update", test_duplicates_update);
  g_test_add_func ("/ud/member/import/duplicates/lapsed", test_duplicate_lapsed);
  g_test_add_func ("/ud/member/import/run/dry-run", test_dry_run);
  g_test_add_func ("/ud/member/import/run/cancel", test_cancel);
  g_test_add_func ("/ud/member/import/run/cancelled-before", test_cancelled_before);
  g_test_add_func ("/ud/member/import/run/async", test_async);
  g_test_add_func ("/ud/member/import/run/async-missing-database", test_async_missing_database);
  /* Last: it switches the process to zh_CN and back. */
  g_test_add_func ("/ud/member/import/report/zh-cn", test_report_in_chinese);

  return g_test_run ();
}
