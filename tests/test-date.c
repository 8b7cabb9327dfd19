/* tests/test-date.c — calendar dates, ages and UTC timestamps
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "ud-date.h"
#include "ud-error.h"

static void
assert_date (const char *text,
             int         year,
             int         month,
             int         day)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  if (!ud_date_parse (text, "Join date", &date, &error))
    g_error ("“%s” should parse: %s", text, error->message);
  g_assert_true (g_date_valid (&date));
  g_assert_cmpint (g_date_get_year (&date), ==, year);
  g_assert_cmpint (g_date_get_month (&date), ==, month);
  g_assert_cmpint (g_date_get_day (&date), ==, day);
}

static void
assert_refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_false (ud_date_parse (text, "Join date", &date, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_DATE);
  g_assert_true (g_str_has_prefix (error->message, "Join date: "));
}

static void
test_parse_forms (void)
{
  assert_date ("2023-05-01", 2023, 5, 1);
  assert_date ("2023/5/1", 2023, 5, 1);
  assert_date ("2023/05/01", 2023, 5, 1);
  assert_date ("2023.5.1", 2023, 5, 1);
  assert_date ("2023-5-1", 2023, 5, 1);
  assert_date ("2023年5月1日", 2023, 5, 1);
  assert_date ("2023年05月01日", 2023, 5, 1);
  assert_date ("2023年5月1", 2023, 5, 1);
  assert_date ("20230501", 2023, 5, 1);
  assert_date ("  2023-12-31\r\n", 2023, 12, 31);
  assert_date ("２０２３－０５－０１", 2023, 5, 1);
  assert_date ("２０２３年５月１日", 2023, 5, 1);
  assert_date ("2024-02-29", 2024, 2, 29);
  assert_date ("2000-02-29", 2000, 2, 29);
}

static void
test_parse_impossible (void)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  assert_refused ("2023-13-45");
  assert_refused ("2023-13-01");
  assert_refused ("2023-00-10");
  assert_refused ("2023-02-29");
  assert_refused ("1900-02-29");
  assert_refused ("2023-04-31");
  assert_refused ("2023-01-00");
  assert_refused ("2023-01-32");
  assert_refused ("20230229");
  assert_refused ("20231301");
  assert_refused ("2023年2月30日");
  assert_refused ("0000-01-01");

  g_assert_false (ud_date_parse ("2023-02-29", "Join date", &date, &error));
  g_assert_nonnull (strstr (error->message, "28"));
}

static void
test_parse_malformed (void)
{
  assert_refused ("");
  assert_refused ("   ");
  assert_refused ("yesterday");
  assert_refused ("2023-05");
  assert_refused ("2023-05-01-");
  assert_refused ("2023-05/01");
  assert_refused ("23-05-01");
  assert_refused ("05/01/2023");
  assert_refused ("2023-005-01");
  assert_refused ("2023-05-001");
  assert_refused ("2023501");
  assert_refused ("202305011");
  assert_refused ("2023年5月");
  assert_refused ("2023年5-1");
  assert_refused ("2023-05-01 10:00");
}

static void
test_format (void)
{
  g_autofree char *text = NULL;
  g_autofree char *early = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_MAY, 2023);
  text = ud_date_format (&date);
  g_assert_cmpstr (text, ==, "2023-05-01");

  g_date_set_dmy (&date, 9, G_DATE_JANUARY, 999);
  early = ud_date_format (&date);
  g_assert_cmpstr (early, ==, "0999-01-09");
}

static void
test_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  ud_date_today (&today);
  g_assert_true (g_date_valid (&today));
  g_assert_cmpint (g_date_get_year (&today), ==, g_date_time_get_year (now));
}

static int
years (int by, int bm, int bd,
       int oy, int om, int od)
{
  GDate birth, on;

  g_date_clear (&birth, 1);
  g_date_clear (&on, 1);
  g_date_set_dmy (&birth, bd, bm, by);
  g_date_set_dmy (&on, od, om, oy);
  return ud_date_years_between (&birth, &on);
}

static void
test_years_between (void)
{
  g_assert_cmpint (years (1980, 6, 15, 2023, 6, 14), ==, 42);
  g_assert_cmpint (years (1980, 6, 15, 2023, 6, 15), ==, 43);
  g_assert_cmpint (years (1980, 6, 15, 2023, 12, 31), ==, 43);
  g_assert_cmpint (years (2023, 1, 1, 2023, 12, 31), ==, 0);
  g_assert_cmpint (years (2023, 1, 1, 2023, 1, 1), ==, 0);
  g_assert_cmpint (years (2024, 1, 1, 2023, 1, 1), ==, 0);
  /* Born on 29 February: a year older on 1 March in common years, on the 29th in leap years. */
  g_assert_cmpint (years (2000, 2, 29, 2023, 2, 28), ==, 22);
  g_assert_cmpint (years (2000, 2, 29, 2023, 3, 1), ==, 23);
  g_assert_cmpint (years (2000, 2, 29, 2024, 2, 28), ==, 23);
  g_assert_cmpint (years (2000, 2, 29, 2024, 2, 29), ==, 24);
}

static void
test_timestamp (void)
{
  g_autoptr(GTimeZone) beijing = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) datetime = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = NULL;

  datetime = g_date_time_new (beijing, 2026, 11, 22, 16, 15, 30.1234);
  text = ud_timestamp_format (datetime);
  g_assert_cmpstr (text, ==, "2026-11-22T08:15:30.123Z");

  now = ud_timestamp_now ();
  g_assert_cmpint (strlen (now), ==, strlen ("2026-11-22T08:15:30.123Z"));
  g_assert_true (g_str_has_suffix (now, "Z"));
  g_assert_cmpint (now[10], ==, 'T');
  g_assert_cmpint (now[19], ==, '.');
  parsed = g_date_time_new_from_iso8601 (now, NULL);
  g_assert_nonnull (parsed);
}

static void
test_local_display (void)
{
  g_autofree char *shown = NULL;
  g_autofree char *zoneless = NULL;
  g_autofree char *bad = NULL;

  /* main() sets TZ to China Standard Time. */
  shown = ud_timestamp_to_local_display ("2026-11-22T08:15:30.123Z");
  g_assert_cmpstr (shown, ==, "2026-11-22 16:15");
  zoneless = ud_timestamp_to_local_display ("2026-11-22T20:00:00.000");
  g_assert_cmpstr (zoneless, ==, "2026-11-23 04:00");
  bad = ud_timestamp_to_local_display ("not a time");
  g_assert_null (bad);
  g_assert_null (ud_timestamp_to_local_display (NULL));
}

int
main (int argc, char *argv[])
{
  /* POSIX form, so no time zone database is needed. */
  g_setenv ("TZ", "CST-8", TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/date/parse-forms", test_parse_forms);
  g_test_add_func ("/ud/date/parse-impossible", test_parse_impossible);
  g_test_add_func ("/ud/date/parse-malformed", test_parse_malformed);
  g_test_add_func ("/ud/date/format", test_format);
  g_test_add_func ("/ud/date/today", test_today);
  g_test_add_func ("/ud/date/years-between", test_years_between);
  g_test_add_func ("/ud/date/timestamp", test_timestamp);
  g_test_add_func ("/ud/date/local-display", test_local_display);
  return g_test_run ();
}
