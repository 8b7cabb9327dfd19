/* ud-mobile.c — mainland China mobile numbers
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-mobile"

#include <string.h>

#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-mobile.h"

#define FIELD "mobile"

char *
ud_mobile_normalize (const char *text,
                     GError    **error)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GString) digits = NULL;
  const char *p;
  gsize n_digits;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* NFKC turns full-width digits, "＋" and "－" into ASCII, and odd spaces into plain ones. */
  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MOBILE, FIELD,
                          _("Mobile number: the text is not valid UTF-8"));
      return NULL;
    }
  g_strstrip (normalized);

  if (normalized[0] == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MOBILE, FIELD, _("Mobile number is missing"));
      return NULL;
    }

  /* Keep the digits and a leading "+"; spaces and hyphens only group the digits. */
  digits = g_string_new (NULL);
  for (p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_ascii_isdigit (*p) || (*p == '+' && p == normalized))
        {
          g_string_append_c (digits, *p);
        }
      else if (*p != ' ' && *p != '-')
        {
          g_autofree char *character = g_utf8_substring (p, 0, 1);

          ud_set_field_error (error, UD_ERROR_INVALID_MOBILE, FIELD,
                              _("Mobile number: “%s” is not allowed; write only the 11 digits"),
                              character);
          return NULL;
        }
    }

  /* The country code: "+86", "0086", or "86" before a full 11-digit number. */
  if (g_str_has_prefix (digits->str, "+86"))
    g_string_erase (digits, 0, 3);
  else if (g_str_has_prefix (digits->str, "0086"))
    g_string_erase (digits, 0, 4);
  else if (digits->len == 13 && g_str_has_prefix (digits->str, "86"))
    g_string_erase (digits, 0, 2);
  else if (digits->str[0] == '+')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MOBILE, FIELD,
                          _("Mobile number: only mainland numbers (+86) can be entered"));
      return NULL;
    }

  n_digits = digits->len;
  if (n_digits != 11)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MOBILE, FIELD,
                          _("Mobile number: it has %u digits; a mobile number has 11"),
                          (guint) n_digits);
      return NULL;
    }

  if (digits->str[0] != '1' || digits->str[1] < '3')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MOBILE, FIELD,
                          _("Mobile number: it starts with “%.2s”, but a mainland mobile number "
                            "starts with 13 to 19"),
                          digits->str);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&digits), FALSE);
}
