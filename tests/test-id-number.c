/* tests/test-id-number.c — resident ID numbers, residence permits and the shared rosters
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <json-glib/json-glib.h>
#include <string.h>

#include "ud-error.h"
#include "ud-id-number.h"

/* A fixed "today" so the tests do not age. */
static void
set_today (GDate *today)
{
  g_date_clear (today, 1);
  g_date_set_dmy (today, 25, G_DATE_NOVEMBER, 2026);
}

static void
assert_valid (const char *text,
              const char *expected_number,
              UdIdNumber *out)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  set_today (&today);
  if (!ud_id_number_parse (text, &today, out, &error))
    g_error ("“%s” should be valid: %s", text, error->message);
  g_assert_cmpstr (out->number, ==, expected_number);
}

static void
assert_invalid (const char *text,
                int         code)
{
  g_autoptr(GError) error = NULL;
  UdIdNumber id;
  GDate today;

  set_today (&today);
  g_assert_false (ud_id_number_parse (text, &today, &id, &error));
  g_assert_error (error, UD_ERROR, code);
  g_assert_cmpstr (ud_error_get_field (error), ==, "id_number");
  g_assert_true (g_str_has_prefix (error->message, "ID number"));
}

static void
test_check_char (void)
{
  g_assert_cmpint (ud_id_number_check_char ("11010519491231002"), ==, 'X');
  g_assert_cmpint (ud_id_number_check_char ("44052418800101001"), ==, '4');
  g_assert_cmpint (ud_id_number_check_char ("33010219720714217"), ==, '7');
  g_assert_cmpint (ud_id_number_check_char ("81000019900101123"), ==, '0');
  g_assert_cmpint (ud_id_number_check_char ("1101051949123100A"), ==, '\0');
}

static void
test_design_examples (void)
{
  UdIdNumber id;

  assert_valid ("11010519491231002X", "11010519491231002X", &id);
  g_assert_cmpint (id.kind, ==, UD_ID_KIND_RESIDENT);
  g_assert_cmpint (id.sex, ==, UD_SEX_FEMALE);
  g_assert_false (id.upgraded);
  g_assert_cmpint (g_date_get_year (&id.birth_date), ==, 1949);
  g_assert_cmpint (g_date_get_month (&id.birth_date), ==, 12);
  g_assert_cmpint (g_date_get_day (&id.birth_date), ==, 31);

  assert_valid ("440524188001010014", "440524188001010014", &id);
  g_assert_cmpint (id.sex, ==, UD_SEX_MALE);
  g_assert_cmpint (g_date_get_year (&id.birth_date), ==, 1880);
}

static void
test_checksum (void)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  assert_invalid ("110105194912310021", UD_ERROR_ID_CHECKSUM);
  assert_invalid ("440524188001010015", UD_ERROR_ID_CHECKSUM);
  assert_invalid ("330102197207142178", UD_ERROR_ID_CHECKSUM);
  /* Two swapped digits. */
  assert_invalid ("330102197207141277", UD_ERROR_ID_CHECKSUM);

  set_today (&today);
  g_assert_false (ud_id_number_parse ("110105194912310021", &today, NULL, &error));
  g_assert_nonnull (strstr (error->message, "“X”"));
  g_assert_nonnull (strstr (error->message, "“1”"));
}

static void
test_birth_date (void)
{
  UdIdNumber id;
  GDate today;

  /* 29 February: fine in 2000, impossible in 2023 (check characters are right). */
  assert_valid ("330102200002290023", "330102200002290023", &id);
  assert_invalid ("330102202302290016", UD_ERROR_ID_BIRTH_DATE);
  /* Month 13, 31 February (as on line 63 of the small roster), day 00. */
  assert_invalid ("33010219901301001X", UD_ERROR_ID_BIRTH_DATE);
  assert_invalid ("33010619990231123X", UD_ERROR_ID_BIRTH_DATE);
  assert_invalid ("330102199001000010", UD_ERROR_ID_BIRTH_DATE);
  /* The future, and the day after today; today itself is fine. */
  assert_invalid ("330102203001010011", UD_ERROR_ID_BIRTH_DATE);
  assert_invalid ("330102202611260013", UD_ERROR_ID_BIRTH_DATE);
  assert_valid ("330102202611250018", "330102202611250018", &id);

  /* Without a date the real today is used: 2030 is still the future when this runs. */
  g_assert_false (ud_id_number_parse ("330102203001010011", NULL, &id, NULL));
  g_assert_true (ud_id_number_parse ("11010519491231002X", NULL, &id, NULL));

  set_today (&today);
  g_assert_cmpint (g_date_compare (&id.birth_date, &today), <, 0);
}

static void
test_legacy_upgrade (void)
{
  UdIdNumber id;

  assert_valid ("330102720714217", "330102197207142177", &id);
  g_assert_true (id.upgraded);
  g_assert_cmpint (id.sex, ==, UD_SEX_MALE);
  g_assert_cmpint (g_date_get_year (&id.birth_date), ==, 1972);

  assert_valid (" 110105491231002 ", "11010519491231002X", &id);
  g_assert_true (id.upgraded);
  g_assert_cmpint (id.sex, ==, UD_SEX_FEMALE);

  /* A 15-digit number has no permits and no impossible dates. */
  assert_invalid ("810000900101123", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("330102230229001", UD_ERROR_ID_BIRTH_DATE);
  assert_invalid ("33010272071421X", UD_ERROR_INVALID_ID_NUMBER);
}

static void
test_permits (void)
{
  UdIdNumber id;

  assert_valid ("810000199001011230", "810000199001011230", &id);
  g_assert_cmpint (id.kind, ==, UD_ID_KIND_HMT_RESIDENCE);
  assert_valid ("82000019851231234x", "82000019851231234X", &id);
  g_assert_cmpint (id.kind, ==, UD_ID_KIND_HMT_RESIDENCE);
  g_assert_cmpint (id.sex, ==, UD_SEX_FEMALE);
  assert_valid ("830000197006153451", "830000197006153451", &id);
  g_assert_cmpint (id.kind, ==, UD_ID_KIND_HMT_RESIDENCE);
  g_assert_cmpint (id.sex, ==, UD_SEX_MALE);
  assert_valid ("931156198808081230", "931156198808081230", &id);
  g_assert_cmpint (id.kind, ==, UD_ID_KIND_FOREIGN_PERMANENT);

  /* The permits use the same check. */
  assert_invalid ("810000199001011231", UD_ERROR_ID_CHECKSUM);
  assert_invalid ("931156198808081231", UD_ERROR_ID_CHECKSUM);
}

static void
test_region (void)
{
  assert_invalid ("730102199001010017", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("840000199001011230", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("000000199001011230", UD_ERROR_INVALID_ID_NUMBER);
}

static void
test_forms (void)
{
  UdIdNumber id;

  assert_valid ("11010519491231002x", "11010519491231002X", &id);
  assert_valid ("'11010519491231002X", "11010519491231002X", &id);
  assert_valid ("  '330102197207142177\t", "330102197207142177", &id);
  assert_valid ("\xe3\x80\x80" "330102197207142177\r\n", "330102197207142177", &id);
  /* Full-width digits and X, as Chinese input methods type them. */
  assert_valid ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", &id);
  assert_valid ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", &id);
  assert_valid ("＇４４０５２４１８８００１０１００１４", "440524188001010014", &id);
}

static void
test_malformed (void)
{
  assert_invalid ("", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("   ", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("'", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("1234", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("11010519491231002", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("11010519491231002X1", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("1101051949123100X2", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("11010519491231002Y", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("110105 1949 1231 002X", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("11010519491231002中", UD_ERROR_INVALID_ID_NUMBER);
  assert_invalid ("\xff\xfe", UD_ERROR_INVALID_ID_NUMBER);
}

static void
test_scientific_notation (void)
{
  g_autoptr(GError) error = NULL;
  UdIdNumber id;

  g_assert_true (ud_looks_like_scientific ("3.30102E+17"));
  g_assert_true (ud_looks_like_scientific ("3.30102e+017"));
  g_assert_true (ud_looks_like_scientific (" '3.30102E17 "));
  g_assert_true (ud_looks_like_scientific ("３.３０１０２Ｅ＋１７"));
  g_assert_false (ud_looks_like_scientific ("330102197207142177"));
  g_assert_false (ud_looks_like_scientific ("3.30102"));
  g_assert_false (ud_looks_like_scientific ("E+17"));
  g_assert_false (ud_looks_like_scientific (""));

  assert_invalid ("3.30102E+17", UD_ERROR_ID_SCIENTIFIC_NOTATION);
  assert_invalid ("3.30102e+017", UD_ERROR_ID_SCIENTIFIC_NOTATION);
  assert_invalid ("4.40524E+17", UD_ERROR_ID_SCIENTIFIC_NOTATION);

  g_assert_false (ud_id_number_parse ("3.30102E+17", NULL, &id, &error));
  g_assert_nonnull (strstr (error->message, "scientific notation"));
  g_assert_nonnull (strstr (error->message, "as text"));
}

/* The shared rosters: ID numbers in column 2. */

/* Splits CSV @contents into records (fields unquoted), each with the line it starts on. */
static GPtrArray *
split_csv (const char *contents)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GString) field = g_string_new (NULL);
  GPtrArray *record = NULL;
  gboolean in_quotes = FALSE;
  guint line = 1;
  const char *p = contents;

  if (g_str_has_prefix (p, "\xef\xbb\xbf"))
    p += 3;

  for (; *p != '\0'; p++)
    {
      if (record == NULL)
        {
          record = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (records, record);
          /* The start line rides along as the record's first element. */
          g_ptr_array_add (record, g_strdup_printf ("%u", line));
        }

      if (in_quotes)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            in_quotes = FALSE;
          else
            {
              if (*p == '\n')
                line++;
              g_string_append_c (field, *p);
            }
        }
      else if (*p == '"')
        in_quotes = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (record, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (*p == '\r' && p[1] == '\n')
        continue;
      else if (*p == '\n')
        {
          g_ptr_array_add (record, g_strdup (field->str));
          g_string_truncate (field, 0);
          record = NULL;
          line++;
        }
      else
        g_string_append_c (field, *p);
    }

  if (record != NULL)
    g_ptr_array_add (record, g_strdup (field->str));

  return records;
}

static gboolean
line_in_array (JsonArray *lines,
               guint      line)
{
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    if ((guint) json_array_get_int_element (lines, i) == line)
      return TRUE;
  return FALSE;
}

static void
check_roster (gconstpointer data)
{
  const char *name = data;
  const char *shared = g_getenv ("UD_SHARED_DATA");
  g_autofree char *csv_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  JsonObject *bad;
  gsize length;
  guint n_valid = 0;
  GDate today;

  if (shared == NULL)
    {
      g_test_skip ("UD_SHARED_DATA is not set");
      return;
    }

  csv_path = g_strdup_printf ("%s/%s.csv", shared, name);
  if (!g_file_get_contents (csv_path, &raw, &length, NULL))
    {
      g_test_skip ("the shared roster is missing");
      return;
    }

  if (g_str_has_suffix (name, "-gbk"))
    {
      contents = g_convert (raw, length, "UTF-8", "GB18030", NULL, NULL, &error);
      g_assert_no_error (error);
    }
  else
    contents = g_strndup (raw, length);

  /* The expected.json names the bad rows; the ID column is bad on three kinds of them. */
  json_path = g_strdup_printf ("%s/%s.expected.json", shared, name);
  parser = json_parser_new ();
  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  bad = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "bad");

  set_today (&today);
  records = split_csv (contents);
  g_assert_cmpuint (records->len, >, 1);
  for (guint i = 1; i < records->len; i++)
    {
      GPtrArray *record = g_ptr_array_index (records, i);
      guint line = (guint) g_ascii_strtoull (g_ptr_array_index (record, 0), NULL, 10);
      const char *id_text;
      g_autoptr(GError) id_error = NULL;
      UdIdNumber id;
      int expected_code = -1;

      g_assert_cmpuint (record->len, >, 2);
      id_text = g_ptr_array_index (record, 2);

      if (line_in_array (json_object_get_array_member (bad, "bad_checksum"), line))
        expected_code = UD_ERROR_ID_CHECKSUM;
      else if (line_in_array (json_object_get_array_member (bad, "impossible_birth_date"), line))
        expected_code = UD_ERROR_ID_BIRTH_DATE;
      else if (line_in_array (json_object_get_array_member (bad, "excel_scientific_notation"),
                              line))
        expected_code = UD_ERROR_ID_SCIENTIFIC_NOTATION;

      if (expected_code < 0)
        {
          if (!ud_id_number_parse (id_text, &today, &id, &id_error))
            g_error ("%s line %u: %s", name, line, id_error->message);
          n_valid++;
        }
      else
        {
          g_assert_false (ud_id_number_parse (id_text, &today, &id, &id_error));
          g_assert_error (id_error, UD_ERROR, expected_code);
        }
    }

  g_test_message ("%s: %u valid ID numbers", name, n_valid);
  g_assert_cmpuint (n_valid, ==, records->len - 1 - 3 * (g_str_has_suffix (name, "-gbk") ? 2 : 1));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/id-number/check-char", test_check_char);
  g_test_add_func ("/ud/id-number/design-examples", test_design_examples);
  g_test_add_func ("/ud/id-number/checksum", test_checksum);
  g_test_add_func ("/ud/id-number/birth-date", test_birth_date);
  g_test_add_func ("/ud/id-number/legacy-upgrade", test_legacy_upgrade);
  g_test_add_func ("/ud/id-number/permits", test_permits);
  g_test_add_func ("/ud/id-number/region", test_region);
  g_test_add_func ("/ud/id-number/forms", test_forms);
  g_test_add_func ("/ud/id-number/malformed", test_malformed);
  g_test_add_func ("/ud/id-number/scientific-notation", test_scientific_notation);
  g_test_add_data_func ("/ud/id-number/roster/utf8-bom", "roster-small-utf8-bom", check_roster);
  g_test_add_data_func ("/ud/id-number/roster/gbk", "roster-platforms-gbk", check_roster);
  return g_test_run ();
}
