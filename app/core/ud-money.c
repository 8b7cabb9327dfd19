/* ud-money.c — money as integer fen: the one parser and the one formatter of the program
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-money"

#include <string.h>

#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-money.h"

/* The yuan sign U+00A5; NFKC turns the full-width U+FFE5 into it before parsing. */
#define YUAN_SIGN "\302\245"
#define YUAN_WORD "元"

static void
skip_spaces (const char **p)
{
  while (**p == ' ')
    (*p)++;
}

/* Formats the magnitude of @fen as "1,234.56" after @prefix. */
static char *
format_with_prefix (gint64      fen,
                    const char *prefix)
{
  /* Negating through guint64 keeps G_MININT64 defined. */
  guint64 magnitude = fen < 0 ? -(guint64) fen : (guint64) fen;
  char yuan_digits[32];
  GString *text = g_string_new (NULL);
  gsize n;

  g_snprintf (yuan_digits, sizeof yuan_digits, "%" G_GUINT64_FORMAT, magnitude / 100);
  n = strlen (yuan_digits);

  if (fen < 0)
    g_string_append_c (text, '-');
  g_string_append (text, prefix);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, yuan_digits[i]);
    }
  g_string_append_printf (text, ".%02u", (guint) (magnitude % 100));

  return g_string_free (text, FALSE);
}

char *
ud_money_format (gint64 fen)
{
  return format_with_prefix (fen, "");
}

char *
ud_money_format_yuan (gint64 fen)
{
  return format_with_prefix (fen, YUAN_SIGN);
}

static void
set_not_a_number_error (GError    **error,
                        const char *field,
                        const char *text)
{
  ud_set_field_error (error, UD_ERROR_INVALID_MONEY, NULL,
                      _("%s: “%s” is not an amount; write it like 1,234.56"), field, text);
}

gboolean
ud_money_parse (const char *text,
                gint64      min_fen,
                gint64      max_fen,
                const char *field,
                gint64     *out_fen,
                GError    **error)
{
  g_autofree char *normalized = NULL;
  const char *p;
  const char *end;
  gboolean negative = FALSE;
  gboolean has_sign = FALSE;
  gboolean overflow = FALSE;
  guint64 yuan = 0;
  guint64 fen_part = 0;
  guint64 magnitude;
  guint n_int_digits = 0;
  guint n_decimals = 0;
  gint64 fen = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (min_fen <= max_fen, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field == NULL)
    field = _("Amount");

  /* NFKC turns full-width digits, "，", "．", "－" and "￥" into their ASCII (and U+00A5) forms. */
  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, NULL,
                          _("%s: the text is not valid UTF-8"), field);
      return FALSE;
    }
  g_strstrip (normalized);

  if (normalized[0] == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, NULL, _("%s: enter an amount"), field);
      return FALSE;
    }

  p = normalized;
  end = normalized + strlen (normalized);

  /* A trailing "元". */
  if (g_str_has_suffix (normalized, YUAN_WORD))
    {
      end -= strlen (YUAN_WORD);
      while (end > p && end[-1] == ' ')
        end--;
    }

  /* A sign and a yuan sign, in either order: "-¥1" and "¥-1". */
  if (*p == '-' || *p == '+')
    {
      negative = (*p == '-');
      has_sign = TRUE;
      p++;
      skip_spaces (&p);
    }
  if (g_str_has_prefix (p, YUAN_SIGN))
    {
      p += strlen (YUAN_SIGN);
      skip_spaces (&p);
      if (!has_sign && (*p == '-' || *p == '+'))
        {
          negative = (*p == '-');
          p++;
        }
    }

  /* The yuan: digits, grouped by commas in threes if there are commas at all. */
  {
    guint group_len = 0;
    gboolean grouped = FALSE;

    for (; p < end && (g_ascii_isdigit (*p) || *p == ','); p++)
      {
        if (*p == ',')
          {
            /* The first group has 1–3 digits, every later one exactly 3. */
            if (group_len == 0 || group_len > 3 || (grouped && group_len != 3))
              goto misplaced_separator;
            grouped = TRUE;
            group_len = 0;
            continue;
          }

        if (yuan > (G_MAXUINT64 - 9) / 10)
          overflow = TRUE;
        else
          yuan = yuan * 10 + (guint64) (*p - '0');
        group_len++;
        n_int_digits++;
      }

    if (grouped && group_len != 3)
      goto misplaced_separator;
  }

  /* The fen: a point and at most two digits. */
  if (p < end && *p == '.')
    {
      p++;
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          n_decimals++;
          if (n_decimals <= 2)
            fen_part = fen_part * 10 + (guint64) (*p - '0');
        }
      if (n_decimals == 0)
        {
          set_not_a_number_error (error, field, normalized);
          return FALSE;
        }
    }

  if (p != end || n_int_digits + n_decimals == 0)
    {
      set_not_a_number_error (error, field, normalized);
      return FALSE;
    }

  if (n_decimals > 2)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, NULL,
                          _("%s: an amount has at most two decimal places (jiao and fen)"),
                          field);
      return FALSE;
    }
  if (n_decimals == 1)
    fen_part *= 10;

  /* Both bounds lie within ±G_MAXINT64, so any magnitude over that is out of range. */
  if (overflow || yuan > (guint64) G_MAXINT64 / 100)
    overflow = TRUE;
  else
    {
      magnitude = yuan * 100 + fen_part;
      if (magnitude > (guint64) G_MAXINT64)
        overflow = TRUE;
      else
        fen = negative ? -(gint64) magnitude : (gint64) magnitude;
    }

  if (overflow)
    fen = negative ? G_MININT64 : G_MAXINT64;

  if (fen < min_fen || (overflow && negative))
    {
      g_autofree char *limit = ud_money_format (min_fen);

      if (negative && min_fen >= 0)
        ud_set_field_error (error, UD_ERROR_INVALID_MONEY, NULL,
                            _("%s: the amount cannot be negative"), field);
      else
        ud_set_field_error (error, UD_ERROR_INVALID_MONEY, NULL,
                            _("%s: the amount cannot be less than %s yuan"), field, limit);
      return FALSE;
    }
  if (fen > max_fen || overflow)
    {
      g_autofree char *limit = ud_money_format (max_fen);

      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, NULL,
                          _("%s: the amount cannot be more than %s yuan"), field, limit);
      return FALSE;
    }

  if (out_fen != NULL)
    *out_fen = fen;
  return TRUE;

misplaced_separator:
  ud_set_field_error (error, UD_ERROR_INVALID_MONEY, NULL,
                      _("%s: the thousands separators are misplaced in “%s”; write it like "
                        "1,234.56 or 1234.56"),
                      field, normalized);
  return FALSE;
}
