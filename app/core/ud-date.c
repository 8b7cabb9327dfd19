/* ud-date.c — calendar dates (YYYY-MM-DD) and UTC timestamps with milliseconds
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-date"

#include <string.h>

#include <time.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"

#define YEAR_WORD "年"
#define MONTH_WORD "月"
#define DAY_WORD "日"

/* Reads between @min_digits and @max_digits ASCII digits at *@p. */
static gboolean
read_number (const char **p,
             guint        min_digits,
             guint        max_digits,
             int         *out)
{
  guint n = 0;
  int value = 0;

  while (n < max_digits && g_ascii_isdigit ((*p)[n]))
    {
      value = value * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n < min_digits || g_ascii_isdigit ((*p)[n]))
    return FALSE;

  *p += n;
  *out = value;
  return TRUE;
}

static gboolean
read_literal (const char **p,
              const char  *literal)
{
  if (!g_str_has_prefix (*p, literal))
    return FALSE;

  *p += strlen (literal);
  return TRUE;
}

/* Splits @text into year, month and day without checking that they make a date. */
static gboolean
split_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  const char *p = text;
  char separator[2] = { 0 };

  /* "20230501" */
  if (read_number (&p, 8, 8, day))
    {
      *year = *day / 10000;
      *month = *day / 100 % 100;
      *day %= 100;
      return *p == '\0';
    }

  if (!read_number (&p, 4, 4, year))
    return FALSE;

  if (read_literal (&p, YEAR_WORD))
    {
      /* "2023年5月1日", the final 日 optional; spaces allowed around the numbers. */
      while (*p == ' ')
        p++;
      if (!read_number (&p, 1, 2, month))
        return FALSE;
      while (*p == ' ')
        p++;
      if (!read_literal (&p, MONTH_WORD))
        return FALSE;
      while (*p == ' ')
        p++;
      if (!read_number (&p, 1, 2, day))
        return FALSE;
      while (*p == ' ')
        p++;
      read_literal (&p, DAY_WORD);
      return *p == '\0';
    }

  if (*p != '-' && *p != '/' && *p != '.')
    return FALSE;
  separator[0] = *p++;

  return read_number (&p, 1, 2, month)
         && read_literal (&p, separator)
         && read_number (&p, 1, 2, day)
         && *p == '\0';
}

gboolean
ud_date_parse (const char *text,
               const char *field,
               GDate      *out,
               GError    **error)
{
  g_autofree char *normalized = NULL;
  int year, month, day;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field == NULL)
    field = _("Date");

  /* NFKC turns full-width digits and punctuation into ASCII. */
  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_DATE, NULL,
                          _("%s: the text is not valid UTF-8"), field);
      return FALSE;
    }
  g_strstrip (normalized);

  if (normalized[0] == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_DATE, NULL, _("%s: enter a date"), field);
      return FALSE;
    }

  if (!split_date (normalized, &year, &month, &day) || year < 1)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_DATE, NULL,
                          _("%s: “%s” is not a date; write it like 2023-05-01"),
                          field, normalized);
      return FALSE;
    }

  if (month < 1 || month > 12)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_DATE, NULL,
                          _("%s: there is no month %d in “%s”; months go from 1 to 12"),
                          field, month, normalized);
      return FALSE;
    }

  if (day < 1 || day > g_date_get_days_in_month (month, year))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_DATE, NULL,
                          _("%s: “%s” does not exist; %04d-%02d has %d days"),
                          field, normalized, year, month,
                          (int) g_date_get_days_in_month (month, year));
      return FALSE;
    }

  if (out != NULL)
    {
      g_date_clear (out, 1);
      g_date_set_dmy (out, day, month, year);
    }

  return TRUE;
}

char *
ud_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

static GDate test_today;

void
ud_date_set_today_for_tests (const GDate *today)
{
  if (today != NULL)
    test_today = *today;
  else
    g_date_clear (&test_today, 1);
}

void
ud_date_today (GDate *out)
{
  time_t now = time (NULL);
  struct tm tm;

  g_return_if_fail (out != NULL);

  if (g_date_valid (&test_today))
    {
      *out = test_today;
      return;
    }

  /* localtime_r(), not GDateTime: GLib re-reads /etc/localtime on every local time it makes,
   * and the stores ask for today's date on every write. */
  localtime_r (&now, &tm);
  g_date_clear (out, 1);
  g_date_set_dmy (out, tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

int
ud_date_years_between (const GDate *birth,
                       const GDate *on)
{
  int years;

  g_return_val_if_fail (birth != NULL && g_date_valid (birth), 0);
  g_return_val_if_fail (on != NULL && g_date_valid (on), 0);

  if (g_date_compare (on, birth) < 0)
    return 0;

  /* Someone born on 29 February turns a year older on 1 March in common years. */
  years = g_date_get_year (on) - g_date_get_year (birth);
  if (g_date_get_month (on) < g_date_get_month (birth)
      || (g_date_get_month (on) == g_date_get_month (birth)
          && g_date_get_day (on) < g_date_get_day (birth)))
    years--;

  return years;
}

char *
ud_timestamp_format (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = NULL;
  int year, month, day;

  g_return_val_if_fail (datetime != NULL, NULL);

  /* Plain digits, not g_date_time_format(): that converts through the locale's charset, which
   * is slow on paths that stamp every record of an import. */
  utc = g_date_time_to_utc (datetime);
  g_date_time_get_ymd (utc, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day,
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc),
                          g_date_time_get_microsecond (utc) / 1000);
}

char *
ud_timestamp_now (void)
{
  gint64 now = g_get_real_time ();
  time_t seconds = (time_t) (now / G_USEC_PER_SEC);
  struct tm tm;

  gmtime_r (&seconds, &tm);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                          tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                          (int) ((now % G_USEC_PER_SEC) / 1000));
}

char *
ud_timestamp_to_local_display (const char *timestamp)
{
  g_autoptr(GTimeZone) utc_zone = NULL;
  g_autoptr(GDateTime) datetime = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL)
    return NULL;

  /* A timestamp without a zone is taken as UTC, which is how they are stored. */
  utc_zone = g_time_zone_new_utc ();
  datetime = g_date_time_new_from_iso8601 (timestamp, utc_zone);
  if (datetime == NULL)
    return NULL;

  local = g_date_time_to_local (datetime);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}
