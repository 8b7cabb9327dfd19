/* ud-date.c — calendar dates (YYYY-MM-DD) and UTC timestamps with milliseconds
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-date"

#include <string.h>

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

void
ud_date_today (GDate *out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (out != NULL);

  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
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
  g_autofree char *seconds = NULL;

  g_return_val_if_fail (datetime != NULL, NULL);

  utc = g_date_time_to_utc (datetime);
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

char *
ud_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return ud_timestamp_format (now);
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
