/* ud-credit-code.c — unified social credit codes (GB 32100-2015)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-credit-code"

#include <string.h>

#include "ud-credit-code.h"
#include "ud-error.h"
#include "ud-i18n.h"

#define FIELD "credit_code"

/* GB 32100-2015 leaves out I, O, S, V and Z, which are easily mistaken for digits. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

static int
alphabet_index (char c)
{
  const char *found;

  if (c == '\0')
    return -1;

  found = strchr (alphabet, c);
  return found != NULL ? (int) (found - alphabet) : -1;
}

char
ud_credit_code_check_char (const char *first17)
{
  int sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    {
      int value = alphabet_index (first17[i]);

      if (value < 0)
        return '\0';
      sum += value * weights[i];
    }

  return alphabet[(31 - sum % 31) % 31];
}

char *
ud_credit_code_normalize (const char *text,
                          GError    **error)
{
  g_autofree char *normalized = NULL;
  glong n_chars;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* NFKC turns full-width letters and digits into ASCII. */
  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_CREDIT_CODE, FIELD,
                          _("Unified social credit code: the text is not valid UTF-8"));
      return NULL;
    }
  g_strstrip (normalized);

  if (normalized[0] == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_CREDIT_CODE, FIELD,
                          _("Unified social credit code is missing"));
      return NULL;
    }

  for (char *p = normalized; *p != '\0'; p++)
    *p = g_ascii_toupper (*p);

  n_chars = g_utf8_strlen (normalized, -1);
  if (n_chars != 18)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_CREDIT_CODE, FIELD,
                          _("Unified social credit code: it has %ld characters; it should have 18"),
                          n_chars);
      return NULL;
    }

  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (alphabet_index (*p) < 0 || (*p & 0x80) != 0)
        {
          g_autofree char *character = g_utf8_substring (p, 0, 1);

          ud_set_field_error (error, UD_ERROR_INVALID_CREDIT_CODE, FIELD,
                              _("Unified social credit code: “%s” is not allowed; the code has "
                                "only digits and capital letters other than I, O, S, V and Z"),
                              character);
          return NULL;
        }
    }

  if (ud_credit_code_check_char (normalized) != normalized[17])
    {
      ud_set_field_error (error, UD_ERROR_INVALID_CREDIT_CODE, FIELD,
                          _("Unified social credit code: the check character should be “%c”, "
                            "not “%c”; a character may have been mistyped"),
                          ud_credit_code_check_char (normalized), normalized[17]);
      return NULL;
    }

  return g_steal_pointer (&normalized);
}
