/* ud-sync-backoff.c — how long to wait before trying again: full-jitter backoff, Retry-After
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-sync"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ud-sync-backoff.h"

gint64
ud_sync_backoff_delay_ms (guint   attempt,
                          gint64  base_ms,
                          gint64  cap_ms,
                          GRand  *random)
{
  gint64 ceiling = MAX (base_ms, 0);

  for (guint i = 0; i < attempt && ceiling < cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, cap_ms);
  if (ceiling <= 0)
    return 0;
  if (random != NULL)
    return (gint64) (g_rand_double (random) * (double) (ceiling + 1)) % (ceiling + 1);
  return (gint64) (g_random_double () * (double) (ceiling + 1)) % (ceiling + 1);
}

double
ud_sync_backoff_env_scale (void)
{
  const char *value = g_getenv ("UD_SYNC_BACKOFF_SCALE");
  char *end = NULL;
  double scale;

  if (value == NULL || *value == '\0')
    return 1.0;
  scale = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !(scale > 0.0) || scale > 1000.0)
    return 1.0;
  return scale;
}

static int
month_number (const char *name)
{
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

  for (int i = 0; i < 12; i++)
    if (g_ascii_strncasecmp (name, months[i], 3) == 0 && name[3] == '\0')
      return i + 1;
  return 0;
}

gboolean
ud_sync_parse_http_date (const char *value,
                         gint64     *out_unix_ms)
{
  char weekday[16], month[8], zone[8];
  int day, year, hour, minute, second;
  g_autoptr(GDateTime) datetime = NULL;
  int m;

  if (value == NULL)
    return FALSE;

  /* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
  if (sscanf (value, "%15[A-Za-z], %d %3s %d %d:%d:%d %7s", weekday, &day, month, &year, &hour,
              &minute, &second, zone) == 8 && strcmp (zone, "GMT") == 0)
    ;
  /* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" */
  else if (sscanf (value, "%15[A-Za-z], %d-%3s-%d %d:%d:%d %7s", weekday, &day, month, &year,
                   &hour, &minute, &second, zone) == 8 && strcmp (zone, "GMT") == 0)
    year += year < 70 ? 2000 : (year < 100 ? 1900 : 0);
  /* asctime: "Sun Nov  6 08:49:37 1994" */
  else if (sscanf (value, "%15[A-Za-z] %3s %d %d:%d:%d %d", weekday, month, &day, &hour,
                   &minute, &second, &year) == 7)
    ;
  else
    return FALSE;

  m = month_number (month);
  if (m == 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || hour < 0
      || minute < 0 || second < 0 || year < 1970 || year > 9999)
    return FALSE;
  datetime = g_date_time_new_utc (year, m, day, hour, minute, MIN (second, 59));
  if (datetime == NULL)
    return FALSE;
  *out_unix_ms = g_date_time_to_unix (datetime) * 1000;
  return TRUE;
}

gboolean
ud_sync_parse_retry_after (const char *value,
                           gint64      now_unix_ms,
                           gint64     *out_ms)
{
  gint64 when;

  if (value == NULL)
    return FALSE;
  while (g_ascii_isspace (*value))
    value++;
  if (g_ascii_isdigit (*value))
    {
      const char *p = value;
      guint64 seconds;

      while (g_ascii_isdigit (*p))
        p++;
      while (g_ascii_isspace (*p))
        p++;
      if (*p != '\0')
        return FALSE;
      seconds = g_ascii_strtoull (value, NULL, 10);
      *out_ms = (gint64) MIN (seconds, (guint64) 24 * 3600) * 1000;
      return TRUE;
    }
  if (!ud_sync_parse_http_date (value, &when))
    return FALSE;
  *out_ms = MAX (when - now_unix_ms, 0);
  return TRUE;
}
