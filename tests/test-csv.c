/* tests/test-csv.c — the CSV reader and writer on the shared rosters and on edge cases
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <gio/gio.h>

#include "ud-csv.h"
#include "ud-error.h"

#define REMARK_WITH_QUOTES "外卖站点,\"西湖店\""

static const char * const roster_header[] = {
  "姓名", "身份证号", "手机号", "工作单位", "统一社会信用代码",
  "职业类别", "入会日期", "入会方式", "所属工会", "备注",
};

/* Helpers */

static UdCsvReader *
reader_for_string (const char *text)
{
  g_autoptr(GError) error = NULL;
  UdCsvReader *reader = ud_csv_reader_new (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

/* Reads the next record and checks its line and fields (NULL-terminated @...). */
static void
assert_next_record (UdCsvReader *reader,
                    guint        line,
                    ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  const UdCsvRecord *record;
  const char *field;
  va_list args;

  va_start (args, line);
  while ((field = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (expected, (gpointer) field);
  va_end (args);

  record = ud_csv_reader_next (reader, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpuint (record->line, ==, line);
  g_assert_cmpuint (record->n_fields, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (record->fields[i], ==, g_ptr_array_index (expected, i));
  g_assert_null (record->fields[record->n_fields]);
}

static void
assert_end (UdCsvReader *reader)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ud_csv_reader_next (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (ud_csv_reader_get_progress (reader), ==, 1.0);
  /* The end stays the end. */
  g_assert_null (ud_csv_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
assert_message_names_line (const GError *error,
                           guint         line)
{
  g_autofree char *expected = g_strdup_printf ("Line %u:", line);

  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not name line %u", error->message, line);
}

static char *
to_charset (const char *utf8,
            const char *charset,
            gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *converted = g_convert (utf8, -1, charset, "UTF-8", NULL, length, &error);

  g_assert_no_error (error);
  return converted;
}

/* The shared sample rosters */

static char *
load_shared (const char *name,
             gsize      *length)
{
  const char *dir = g_getenv ("UD_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (dir == NULL)
    {
      g_test_skip ("UD_SHARED_DATA is not set");
      return NULL;
    }

  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf ("%s is missing", path);
      g_test_skip (message);
      return NULL;
    }

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* Reads a whole roster and checks what every roster shares; returns the remarks by line. */
static GPtrArray *
read_roster (const char    *contents,
             gsize          length,
             UdCsvEncoding  encoding,
             guint          n_records)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdCsvReader) reader = ud_csv_reader_new (contents, length, &error);
  GPtrArray *remarks = g_ptr_array_new_with_free_func (g_free);
  const UdCsvRecord *record;
  guint count = 0;
  double last_progress = 0.0;

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, encoding);
  g_assert_cmpfloat (ud_csv_reader_get_progress (reader), ==, 0.0);

  /* remarks[0] is unused so that remarks[line] is the remark on that line. */
  g_ptr_array_add (remarks, NULL);

  while ((record = ud_csv_reader_next (reader, &error)) != NULL)
    {
      double progress = ud_csv_reader_get_progress (reader);

      count++;
      g_assert_cmpuint (record->line, ==, count);
      g_assert_cmpuint (record->n_fields, ==, G_N_ELEMENTS (roster_header));
      g_assert_cmpfloat (progress, >, last_progress);
      g_assert_cmpfloat (progress, <=, 1.0);
      last_progress = progress;

      if (count == 1)
        {
          for (guint i = 0; i < G_N_ELEMENTS (roster_header); i++)
            g_assert_cmpstr (record->fields[i], ==, roster_header[i]);
        }

      g_ptr_array_add (remarks, g_strdup (record->fields[9]));
    }

  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, n_records);
  g_assert_cmpfloat (ud_csv_reader_get_progress (reader), ==, 1.0);

  return remarks;
}

static void
test_shared_gbk (void)
{
  static const guint quoted_remark_lines[] = {
    18, 45, 56, 125, 138, 155, 161, 205, 266, 279, 316, 322, 382,
  };
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) remarks = NULL;
  guint n_quoted = 0;
  gsize length;

  contents = load_shared ("roster-platforms-gbk.csv", &length);
  if (contents == NULL)
    return;

  remarks = read_roster (contents, length, UD_CSV_ENCODING_GB18030, 415);

  for (guint line = 1; line < remarks->len; line++)
    if (g_strcmp0 (g_ptr_array_index (remarks, line), REMARK_WITH_QUOTES) == 0)
      {
        g_assert_cmpuint (line, ==, quoted_remark_lines[n_quoted]);
        n_quoted++;
      }
  g_assert_cmpuint (n_quoted, ==, G_N_ELEMENTS (quoted_remark_lines));

  g_assert_cmpstr (g_ptr_array_index (remarks, 1), ==, "备注");
  g_assert_cmpstr (g_ptr_array_index (remarks, 2), ==, "");
  g_assert_cmpstr (g_ptr_array_index (remarks, 408), ==, "重复");
  g_assert_cmpstr (g_ptr_array_index (remarks, 415), ==, "重复");
}

static void
test_shared_utf8_bom (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) remarks = NULL;
  gsize length;

  contents = load_shared ("roster-small-utf8-bom.csv", &length);
  if (contents == NULL)
    return;

  remarks = read_roster (contents, length, UD_CSV_ENCODING_UTF8_BOM, 68);

  for (guint line = 1; line < remarks->len; line++)
    {
      if (line == 22)
        g_assert_cmpstr (g_ptr_array_index (remarks, line), ==, REMARK_WITH_QUOTES);
      else
        g_assert_cmpstr (g_ptr_array_index (remarks, line), !=, REMARK_WITH_QUOTES);
    }
  g_assert_cmpstr (g_ptr_array_index (remarks, 68), ==, "重复");
}

/* Specific rows of the shared files, as the importer will see them */
static void
test_shared_rows (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdCsvReader) reader = NULL;
  const UdCsvRecord *record;
  gsize length;

  contents = load_shared ("roster-platforms-gbk.csv", &length);
  if (contents == NULL)
    return;

  reader = ud_csv_reader_new (contents, length, &error);
  g_assert_no_error (error);

  while ((record = ud_csv_reader_next (reader, &error)) != NULL)
    {
      if (record->line == 4)
        {
          /* Excel's text-prefix apostrophe is the importer's business: kept here. */
          g_assert_cmpstr (record->fields[0], ==, "范杰鹏");
          g_assert_cmpstr (record->fields[1], ==, "'330102200411227578");
        }
      else if (record->line == 404)
        {
          g_assert_cmpstr (record->fields[1], ==, "3.30102E+17");
        }
      else if (record->line == 405)
        {
          g_assert_cmpstr (record->fields[0], ==, "");
          g_assert_cmpstr (record->fields[1], ==, "330106200303261483");
        }
    }
  g_assert_no_error (error);
}

/* Edge cases */

static void
test_empty (void)
{
  g_autoptr(UdCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = ud_csv_reader_new (NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, UD_CSV_ENCODING_UTF8);
  assert_end (reader);
  g_clear_pointer (&reader, ud_csv_reader_free);

  /* Only line ends: blank lines, no records. */
  reader = reader_for_string ("\r\n\n\r\r\n");
  assert_end (reader);
}

static void
test_header_only (void)
{
  g_autoptr(UdCsvReader) reader = NULL;

  reader = reader_for_string ("姓名,身份证号,备注");
  assert_next_record (reader, 1, "姓名", "身份证号", "备注", NULL);
  assert_end (reader);
  g_clear_pointer (&reader, ud_csv_reader_free);

  reader = reader_for_string ("姓名,身份证号,备注\r\n");
  assert_next_record (reader, 1, "姓名", "身份证号", "备注", NULL);
  assert_end (reader);
}

static void
test_bom_only (void)
{
  g_autoptr(UdCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = reader_for_string ("\xEF\xBB\xBF");
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, UD_CSV_ENCODING_UTF8_BOM);
  assert_end (reader);
  g_clear_pointer (&reader, ud_csv_reader_free);

  reader = ud_csv_reader_new ("\xFF\xFE", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, UD_CSV_ENCODING_UTF16);
  assert_end (reader);
}

static void
test_ragged_rows (void)
{
  g_autoptr(UdCsvReader) reader = reader_for_string ("a,b,c\n1,2\n1,2,3,4\nonly\n");

  assert_next_record (reader, 1, "a", "b", "c", NULL);
  assert_next_record (reader, 2, "1", "2", NULL);
  assert_next_record (reader, 3, "1", "2", "3", "4", NULL);
  assert_next_record (reader, 4, "only", NULL);
  assert_end (reader);
}

static void
test_blank_and_separator_lines (void)
{
  g_autoptr(UdCsvReader) reader = reader_for_string ("a,b\n\n,\n\r\n,,\n  \nx,y");

  assert_next_record (reader, 1, "a", "b", NULL);
  assert_next_record (reader, 3, "", "", NULL);
  assert_next_record (reader, 5, "", "", "", NULL);
  /* Spaces are not blank and are not trimmed. */
  assert_next_record (reader, 6, "  ", NULL);
  assert_next_record (reader, 7, "x", "y", NULL);
  assert_end (reader);
}

static void
test_trailing_separator (void)
{
  g_autoptr(UdCsvReader) reader = reader_for_string ("a,b,\r\n1,2,\r\n3,4,");

  assert_next_record (reader, 1, "a", "b", "", NULL);
  assert_next_record (reader, 2, "1", "2", "", NULL);
  assert_next_record (reader, 3, "3", "4", "", NULL);
  assert_end (reader);
}

static void
test_huge_field (void)
{
  const gsize size = 10 * 1024 * 1024;
  g_autoptr(GString) text = g_string_new ("姓名,备注\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(UdCsvReader) reader = NULL;
  const UdCsvRecord *record;

  /* Unquoted, then quoted with doubled quotes and line breaks every 1024 bytes. */
  g_string_append (text, "甲,");
  for (gsize i = 0; i < size; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\r\n乙,\"");
  for (gsize i = 0; i < size / 1024; i++)
    {
      for (gsize j = 0; j < 1020; j++)
        g_string_append_c (text, 'y');
      g_string_append (text, "\"\"\r\n");
    }
  g_string_append (text, "\"\r\n丙,end");

  reader = ud_csv_reader_new (text->str, text->len, &error);
  g_assert_no_error (error);
  assert_next_record (reader, 1, "姓名", "备注", NULL);

  record = ud_csv_reader_next (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->line, ==, 2);
  g_assert_cmpuint (record->n_fields, ==, 2);
  g_assert_cmpuint (strlen (record->fields[1]), ==, size);
  g_assert_cmpint (record->fields[1][size - 1], ==, 'x');

  record = ud_csv_reader_next (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->line, ==, 3);
  g_assert_cmpuint (record->n_fields, ==, 2);
  g_assert_cmpuint (strlen (record->fields[1]), ==, size / 1024 * (1020 + 3));
  g_assert_true (g_str_has_suffix (record->fields[1], "yy\"\r\n"));

  assert_next_record (reader, 4 + size / 1024, "丙", "end", NULL);
  assert_end (reader);
}

static void
test_quoted_line_breaks (void)
{
  g_autoptr(UdCsvReader) reader = NULL;

  reader = reader_for_string ("姓名,备注\r\n"
                              "张三,\"第一行\r\n第二行\"\r\n"
                              "\"李\n四\",\"a\n\nb\rc\",x\r\n"
                              "\r\n"
                              "王五,\"\"\r\n"
                              "赵六,\"\"\"\"\r\n");
  assert_next_record (reader, 1, "姓名", "备注", NULL);
  assert_next_record (reader, 2, "张三", "第一行\r\n第二行", NULL);
  assert_next_record (reader, 4, "李\n四", "a\n\nb\rc", "x", NULL);
  assert_next_record (reader, 10, "王五", "", NULL);
  assert_next_record (reader, 11, "赵六", "\"", NULL);
  assert_end (reader);
}

static void
test_cr_line_ends (void)
{
  g_autoptr(UdCsvReader) reader = reader_for_string ("a,b\r1,2\r\r3,\"x\ry\"\r4,5\r");

  assert_next_record (reader, 1, "a", "b", NULL);
  assert_next_record (reader, 2, "1", "2", NULL);
  assert_next_record (reader, 4, "3", "x\ry", NULL);
  assert_next_record (reader, 6, "4", "5", NULL);
  assert_end (reader);
}

static void
test_stray_quotes (void)
{
  g_autoptr(UdCsvReader) reader = reader_for_string ("a\"b,\"c\"d,e\"\n");

  /* Kept as Excel keeps them, rather than refusing the file. */
  assert_next_record (reader, 1, "a\"b", "cd", "e\"", NULL);
  assert_end (reader);
}

static void
test_unterminated_quote (void)
{
  g_autoptr(UdCsvReader) reader = reader_for_string ("a,b\n1,2\n3,\"open\n4,5\n6,7\n");
  g_autoptr(GError) error = NULL;

  assert_next_record (reader, 1, "a", "b", NULL);
  assert_next_record (reader, 2, "1", "2", NULL);
  g_assert_null (ud_csv_reader_next (reader, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT);
  assert_message_names_line (error, 3);
  g_clear_error (&error);

  /* After the error, the end. */
  g_assert_null (ud_csv_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
test_nul_bytes (void)
{
  static const char text[] = "a,b\r\n1,2\r\n3,\0\r\n";
  g_autoptr(GError) error = NULL;
  UdCsvReader *reader;

  reader = ud_csv_reader_new (text, sizeof text - 1, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
  assert_message_names_line (error, 3);
  g_clear_error (&error);

  /* The same behind a UTF-8 BOM. */
  reader = ud_csv_reader_new ("\xEF\xBB\xBF" "a\0", 5, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
  assert_message_names_line (error, 1);
  g_clear_error (&error);

  /* An Excel workbook is a ZIP archive, not text. */
  reader = ud_csv_reader_new ("PK\x03\x04\x14\0\x06\0", 8, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
}

static void
test_gbk_in_memory (void)
{
  gsize length;
  g_autofree char *gbk = to_charset ("姓名,备注\r\n"
                                     "张三,\"外卖站点,\"\"西湖店\"\"\"\r\n",
                                     "GB18030", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(UdCsvReader) reader = ud_csv_reader_new (gbk, length, &error);
  g_autoptr(GString) with_bom = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, UD_CSV_ENCODING_GB18030);
  assert_next_record (reader, 1, "姓名", "备注", NULL);
  assert_next_record (reader, 2, "张三", REMARK_WITH_QUOTES, NULL);
  assert_end (reader);
  g_clear_pointer (&reader, ud_csv_reader_free);

  /* GB18030 has a byte-order mark of its own, 0x84 0x31 0x95 0x33; it is not part of 姓名. */
  with_bom = g_string_new_len ("\x84\x31\x95\x33", 4);
  g_string_append_len (with_bom, gbk, length);
  reader = ud_csv_reader_new (with_bom->str, with_bom->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, UD_CSV_ENCODING_GB18030);
  assert_next_record (reader, 1, "姓名", "备注", NULL);
}

static void
test_invalid_gb18030 (void)
{
  gsize length;
  g_autofree char *gbk = to_charset ("姓名,备注\r\n张三,好\r\n", "GB18030", &length);
  g_autoptr(GString) text = g_string_new_len (gbk, length);
  g_autoptr(GError) error = NULL;
  UdCsvReader *reader;

  /* 0xFF is never a GB18030 byte; 0x81 0x20 is a lead byte with no trail. */
  g_string_append (text, "Li Si,\xFF\r\n");
  reader = ud_csv_reader_new (text->str, text->len, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
  assert_message_names_line (error, 3);
  g_clear_error (&error);

  g_string_truncate (text, length);
  g_string_append (text, "\n\r\nWang Wu,\x81 \r\n");
  reader = ud_csv_reader_new (text->str, text->len, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
  assert_message_names_line (error, 5);
  g_clear_error (&error);

  /* A lead byte cut off by the end of the file. */
  g_string_truncate (text, length);
  g_string_append (text, "\x81");
  reader = ud_csv_reader_new (text->str, text->len, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
  assert_message_names_line (error, 3);
}

static void
test_invalid_utf8_with_bom (void)
{
  static const char text[] = "\xEF\xBB\xBF" "a,b\n\xC3\x28,c\n";
  g_autoptr(GError) error = NULL;
  UdCsvReader *reader;

  reader = ud_csv_reader_new (text, sizeof text - 1, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
  assert_message_names_line (error, 2);
}

static void
test_utf16 (void)
{
  const char *utf8 = "姓名\t备注\r\n张三\t一,二\r\n\r\n李四\t\"a\tb\"\r\n";
  gsize length;
  g_autofree char *le = to_charset (utf8, "UTF-16LE", &length);
  g_autofree char *be = NULL;
  g_autoptr(GString) text = g_string_new_len ("\xFF\xFE", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(UdCsvReader) reader = NULL;

  g_string_append_len (text, le, length);
  reader = ud_csv_reader_new (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, UD_CSV_ENCODING_UTF16);
  assert_next_record (reader, 1, "姓名", "备注", NULL);
  assert_next_record (reader, 2, "张三", "一,二", NULL);
  assert_next_record (reader, 4, "李四", "a\tb", NULL);
  assert_end (reader);
  g_clear_pointer (&reader, ud_csv_reader_free);

  /* Big-endian */
  be = to_charset (utf8, "UTF-16BE", &length);
  g_string_assign (text, "");
  g_string_append_len (text, "\xFE\xFF", 2);
  g_string_append_len (text, be, length);
  reader = ud_csv_reader_new (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, UD_CSV_ENCODING_UTF16);
  assert_next_record (reader, 1, "姓名", "备注", NULL);
  assert_next_record (reader, 2, "张三", "一,二", NULL);
  g_clear_pointer (&reader, ud_csv_reader_free);

  /* A lone surrogate on line 2 */
  g_string_assign (text, "");
  g_string_append_len (text, "\xFF\xFE" "a\0\r\0\n\0" "b\0\x00\xD8" "c\0", 14);
  reader = ud_csv_reader_new (text->str, text->len, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
  assert_message_names_line (error, 2);
  g_clear_error (&error);

  /* An odd byte at the end: the file was cut off */
  reader = ud_csv_reader_new ("\xFF\xFE" "a\0\n\0" "b", 7, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
  assert_message_names_line (error, 2);
  g_clear_error (&error);

  /* U+0000 */
  reader = ud_csv_reader_new ("\xFF\xFE" "a\0\0\0", 6, &error);
  g_assert_null (reader);
  g_assert_error (error, UD_ERROR, UD_ERROR_ENCODING);
}

static void
test_tab_separated_utf8 (void)
{
  g_autoptr(UdCsvReader) reader = reader_for_string ("姓名\t备注\n张三\t一,二\n");

  assert_next_record (reader, 1, "姓名", "备注", NULL);
  assert_next_record (reader, 2, "张三", "一,二", NULL);
  assert_end (reader);
}

static void
test_progress (void)
{
  g_autoptr(UdCsvReader) reader = reader_for_string ("aaaa\nbbbb\n");
  double progress;

  g_assert_cmpfloat (ud_csv_reader_get_progress (reader), ==, 0.0);
  assert_next_record (reader, 1, "aaaa", NULL);
  progress = ud_csv_reader_get_progress (reader);
  g_assert_cmpfloat_with_epsilon (progress, 0.5, 1e-9);
  assert_next_record (reader, 2, "bbbb", NULL);
  assert_end (reader);
}

/* Writing */

static void
test_write_quoting (void)
{
  static const char * const fields[] = {
    "plain", "a,b", "say \"hi\"", "two\r\nlines", "lf\nonly", "cr\ronly", " lead", "trail ",
    "", "中文，全角", "\t0123", NULL,
  };
  static const char * const one_empty[] = { "" };
  static const char * const with_null[] = { "a", NULL, "c" };
  g_autoptr(GString) out = g_string_new (NULL);

  ud_csv_append_record (out, fields, -1);
  g_assert_cmpstr (out->str, ==,
                   "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"lf\nonly\",\"cr\ronly\","
                   "\" lead\",\"trail \",,中文，全角,\t0123\r\n");

  g_string_truncate (out, 0);
  ud_csv_append_record (out, fields, 2);
  g_assert_cmpstr (out->str, ==, "plain,\"a,b\"\r\n");

  g_string_truncate (out, 0);
  ud_csv_append_record (out, one_empty, 1);
  g_assert_cmpstr (out->str, ==, "\"\"\r\n");

  g_string_truncate (out, 0);
  ud_csv_append_record (out, with_null, 3);
  g_assert_cmpstr (out->str, ==, "a,,c\r\n");
}

static void
test_write_round_trip (void)
{
  static const char * const records[][5] = {
    { "姓名", "身份证号", "备注", NULL },
    { "张三", "33010619980910851x", REMARK_WITH_QUOTES, NULL },
    { "李四", "\t330102198103237977", "第一行\r\n第二行\n第三行", NULL },
    { "", "", "", NULL },
    { "", NULL },
    { " 王五 ", "\"\"", ",", "\"", NULL },
  };
  static const guint lines[] = { 1, 2, 3, 6, 7, 8 };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(UdCsvReader) reader = NULL;
  const UdCsvRecord *record;

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    ud_csv_append_record (out, records[i], -1);

  reader = ud_csv_reader_new (out->str, out->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ud_csv_reader_get_encoding (reader), ==, UD_CSV_ENCODING_UTF8);

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      record = ud_csv_reader_next (reader, &error);
      g_assert_no_error (error);
      g_assert_nonnull (record);
      g_assert_cmpuint (record->line, ==, lines[i]);
      g_assert_cmpuint (record->n_fields, ==, g_strv_length ((char **) records[i]));
      for (guint j = 0; j < record->n_fields; j++)
        g_assert_cmpstr (record->fields[j], ==, records[i][j]);
    }
  assert_end (reader);
}

static void
test_excel_would_mangle (void)
{
  /* Scientific notation: 12 digits or more */
  g_assert_true (ud_csv_excel_would_mangle ("330102198103237977"));
  g_assert_true (ud_csv_excel_would_mangle ("123456789012"));
  g_assert_true (ud_csv_excel_would_mangle ("+8613800000000"));
  /* Leading zeros */
  g_assert_true (ud_csv_excel_would_mangle ("0123"));
  g_assert_true (ud_csv_excel_would_mangle ("00"));
  g_assert_true (ud_csv_excel_would_mangle ("057188888888"));

  /* Shown as they are */
  g_assert_false (ud_csv_excel_would_mangle ("13800000000"));
  g_assert_false (ud_csv_excel_would_mangle ("12345678901"));
  g_assert_false (ud_csv_excel_would_mangle ("0"));
  g_assert_false (ud_csv_excel_would_mangle (""));
  g_assert_false (ud_csv_excel_would_mangle ("+"));
  /* Not numbers: Excel keeps them as text */
  g_assert_false (ud_csv_excel_would_mangle ("33010619980910851x"));
  g_assert_false (ud_csv_excel_would_mangle ("33010619980910851X"));
  g_assert_false (ud_csv_excel_would_mangle ("3.30102E+17"));
  g_assert_false (ud_csv_excel_would_mangle ("'330102198103237977"));
  g_assert_false (ud_csv_excel_would_mangle ("\t330102198103237977"));
  g_assert_false (ud_csv_excel_would_mangle ("9133010075729GFAEP"));
  g_assert_false (ud_csv_excel_would_mangle ("张三"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ud/csv/shared/gbk", test_shared_gbk);
  g_test_add_func ("/ud/csv/shared/utf8-bom", test_shared_utf8_bom);
  g_test_add_func ("/ud/csv/shared/rows", test_shared_rows);

  g_test_add_func ("/ud/csv/read/empty", test_empty);
  g_test_add_func ("/ud/csv/read/header-only", test_header_only);
  g_test_add_func ("/ud/csv/read/bom-only", test_bom_only);
  g_test_add_func ("/ud/csv/read/ragged", test_ragged_rows);
  g_test_add_func ("/ud/csv/read/blank-lines", test_blank_and_separator_lines);
  g_test_add_func ("/ud/csv/read/trailing-separator", test_trailing_separator);
  g_test_add_func ("/ud/csv/read/huge-field", test_huge_field);
  g_test_add_func ("/ud/csv/read/quoted-line-breaks", test_quoted_line_breaks);
  g_test_add_func ("/ud/csv/read/cr-line-ends", test_cr_line_ends);
  g_test_add_func ("/ud/csv/read/stray-quotes", test_stray_quotes);
  g_test_add_func ("/ud/csv/read/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/ud/csv/read/tab-separated", test_tab_separated_utf8);
  g_test_add_func ("/ud/csv/read/progress", test_progress);

  g_test_add_func ("/ud/csv/encoding/nul-bytes", test_nul_bytes);
  g_test_add_func ("/ud/csv/encoding/gbk", test_gbk_in_memory);
  g_test_add_func ("/ud/csv/encoding/invalid-gb18030", test_invalid_gb18030);
  g_test_add_func ("/ud/csv/encoding/invalid-utf8-bom", test_invalid_utf8_with_bom);
  g_test_add_func ("/ud/csv/encoding/utf16", test_utf16);

  g_test_add_func ("/ud/csv/write/quoting", test_write_quoting);
  g_test_add_func ("/ud/csv/write/round-trip", test_write_round_trip);
  g_test_add_func ("/ud/csv/write/excel-would-mangle", test_excel_would_mangle);

  return g_test_run ();
}
