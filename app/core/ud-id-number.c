/* ud-id-number.c — resident ID numbers (GB 11643-1999) and the permits that share their shape
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-id-number"

#include <string.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-id-number.h"

#define FIELD "id_number"

/* ISO 7064 MOD 11-2 weights of the first 17 digits. */
static const int id_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

/* Full-width digits and letters become ASCII (NFKC), white space around the number goes, and so
 * does the apostrophe Excel puts before numbers stored as text. NULL for invalid UTF-8. */
static char *
normalize_input (const char *text)
{
  char *folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);

  if (folded == NULL)
    return NULL;

  g_strstrip (folded);
  if (folded[0] == '\'')
    {
      memmove (folded, folded + 1, strlen (folded));
      g_strstrip (folded);
    }

  return folded;
}

static gboolean
looks_like_scientific_ascii (const char *s)
{
  const char *p = s;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != 'e' && *p != 'E')
    return FALSE;
  p++;
  if (*p == '+' || *p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;

  return *p == '\0';
}

gboolean
ud_looks_like_scientific (const char *text)
{
  g_autofree char *normalized = NULL;

  if (text == NULL)
    return FALSE;

  normalized = normalize_input (text);
  return normalized != NULL && looks_like_scientific_ascii (normalized);
}

char
ud_id_number_check_char (const char *digits17)
{
  static const char check_chars[] = "10X98765432";
  int sum = 0;

  g_return_val_if_fail (digits17 != NULL, '\0');

  for (guint i = 0; i < G_N_ELEMENTS (id_weights); i++)
    {
      if (!g_ascii_isdigit (digits17[i]))
        return '\0';
      sum += (digits17[i] - '0') * id_weights[i];
    }

  return check_chars[sum % 11];
}

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static int
digits_value (const char *s,
              gsize       n)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    value = value * 10 + (s[i] - '0');

  return value;
}

/* Reports the first character that has no place in an ID number of this length. */
static void
set_bad_character_error (const char  *normalized,
                         gboolean     allow_final_x,
                         GError     **error)
{
  glong n_chars = g_utf8_strlen (normalized, -1);
  const char *p = normalized;

  for (glong i = 0; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      gboolean is_x = (*p == 'X' || *p == 'x');

      if (g_ascii_isdigit (*p) || (is_x && allow_final_x && i == n_chars - 1))
        continue;

      if (is_x && allow_final_x)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_ID_NUMBER, FIELD,
                              _("ID number: “X” can only be the last character"));
        }
      else
        {
          g_autofree char *character = g_utf8_substring (p, 0, 1);

          ud_set_field_error (error, UD_ERROR_INVALID_ID_NUMBER, FIELD,
                              _("ID number: “%s” is not allowed; an ID number has only digits, "
                                "and “X” as the last character"),
                              character);
        }
      return;
    }

  g_assert_not_reached ();
}

static gboolean
region_is_plausible (const char *number,
                     UdIdKind   *kind)
{
  if (number[0] >= '1' && number[0] <= '6')
    *kind = UD_ID_KIND_RESIDENT;
  else if (number[0] == '8' && number[1] >= '1' && number[1] <= '3')
    *kind = UD_ID_KIND_HMT_RESIDENCE;
  else if (number[0] == '9')
    *kind = UD_ID_KIND_FOREIGN_PERMANENT;
  else
    return FALSE;

  return TRUE;
}

gboolean
ud_id_number_parse (const char  *text,
                    const GDate *today,
                    UdIdNumber  *out,
                    GError     **error)
{
  g_autofree char *normalized = NULL;
  char number[19] = { 0 };
  UdIdKind kind = UD_ID_KIND_RESIDENT;
  gboolean upgraded = FALSE;
  GDate real_today;
  GDate birth_date;
  int year, month, day;
  char expected;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalized = normalize_input (text);
  if (normalized == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_ID_NUMBER, FIELD,
                          _("ID number: the text is not valid UTF-8"));
      return FALSE;
    }

  if (normalized[0] == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_ID_NUMBER, FIELD,
                          _("ID number is missing"));
      return FALSE;
    }

  if (looks_like_scientific_ascii (normalized))
    {
      ud_set_field_error (error, UD_ERROR_ID_SCIENTIFIC_NOTATION, FIELD,
                          _("ID number: Excel turned the number into scientific notation (%s) "
                            "and lost its last digits. Format the ID number column as text in "
                            "Excel and enter the numbers again."),
                          normalized);
      return FALSE;
    }

  len = strlen (normalized);
  if (len == 18)
    {
      if (!all_digits (normalized, 17)
          || !(g_ascii_isdigit (normalized[17]) || normalized[17] == 'X'
               || normalized[17] == 'x'))
        {
          set_bad_character_error (normalized, TRUE, error);
          return FALSE;
        }
      memcpy (number, normalized, 18);
      number[17] = g_ascii_toupper (number[17]);
    }
  else if (len == 15 && all_digits (normalized, 15))
    {
      /* A first-generation card: a two-digit year, no check character. */
      memcpy (number, normalized, 6);
      memcpy (number + 6, "19", 2);
      memcpy (number + 8, normalized + 6, 9);
      upgraded = TRUE;
    }
  else if (g_utf8_strlen (normalized, -1) == 18 || g_utf8_strlen (normalized, -1) == 15)
    {
      set_bad_character_error (normalized, g_utf8_strlen (normalized, -1) == 18, error);
      return FALSE;
    }
  else
    {
      ud_set_field_error (error, UD_ERROR_INVALID_ID_NUMBER, FIELD,
                          _("ID number: it has %ld characters; it should have 18 "
                            "(or 15 for an old first-generation card)"),
                          g_utf8_strlen (normalized, -1));
      return FALSE;
    }

  if (!region_is_plausible (number, &kind) || (upgraded && kind != UD_ID_KIND_RESIDENT))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_ID_NUMBER, FIELD,
                          _("ID number: “%.6s” is not a region code; an ID number starts with "
                            "a digit from 1 to 6, a residence permit with 81, 82 or 83, and a "
                            "foreigner’s permanent residence card with 9"),
                          number);
      return FALSE;
    }

  year = digits_value (number + 6, 4);
  month = digits_value (number + 10, 2);
  day = digits_value (number + 12, 2);
  if (year < 1800 || !g_date_valid_dmy (day, month, year))
    {
      ud_set_field_error (error, UD_ERROR_ID_BIRTH_DATE, FIELD,
                          _("ID number: the birth date in it, %.4s-%.2s-%.2s, does not exist"),
                          number + 6, number + 10, number + 12);
      return FALSE;
    }

  g_date_clear (&birth_date, 1);
  g_date_set_dmy (&birth_date, day, month, year);
  if (today == NULL)
    {
      ud_date_today (&real_today);
      today = &real_today;
    }
  if (g_date_compare (&birth_date, today) > 0)
    {
      ud_set_field_error (error, UD_ERROR_ID_BIRTH_DATE, FIELD,
                          _("ID number: the birth date in it, %.4s-%.2s-%.2s, is in the future"),
                          number + 6, number + 10, number + 12);
      return FALSE;
    }

  expected = ud_id_number_check_char (number);
  if (upgraded)
    {
      number[17] = expected;
    }
  else if (number[17] != expected)
    {
      ud_set_field_error (error, UD_ERROR_ID_CHECKSUM, FIELD,
                          _("ID number: the check character should be “%c”, not “%c”; "
                            "a digit may have been mistyped"),
                          expected, number[17]);
      return FALSE;
    }

  if (out != NULL)
    {
      memcpy (out->number, number, sizeof out->number);
      out->kind = kind;
      out->sex = ((number[16] - '0') % 2 == 1) ? UD_SEX_MALE : UD_SEX_FEMALE;
      out->birth_date = birth_date;
      out->upgraded = upgraded;
    }

  return TRUE;
}
