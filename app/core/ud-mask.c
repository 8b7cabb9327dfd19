/* ud-mask.c — masking personal numbers for lists, exports and logs
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-mask"

#include <string.h>

#include "ud-mask.h"

/* At least this many characters are hidden, or the whole text is. */
#define MIN_HIDDEN 4

/* Keeps the first @head and the last @tail characters of @text and puts one star for each
 * character between them. Text too short to hide MIN_HIDDEN characters becomes all stars;
 * NULL becomes "". */
static char *
mask_middle (const char *text,
             glong       head,
             glong       tail)
{
  GString *masked;
  glong n_chars;

  if (text == NULL)
    return g_strdup ("");

  /* Never echo bytes we cannot measure: invalid UTF-8 is hidden whole. */
  if (!g_utf8_validate (text, -1, NULL))
    return g_strnfill (strlen (text), '*');

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars < head + tail + MIN_HIDDEN)
    return g_strnfill (n_chars, '*');

  masked = g_string_new (NULL);
  g_string_append_len (masked, text, g_utf8_offset_to_pointer (text, head) - text);
  for (glong i = head; i < n_chars - tail; i++)
    g_string_append_c (masked, '*');
  g_string_append (masked, g_utf8_offset_to_pointer (text, n_chars - tail));

  return g_string_free (masked, FALSE);
}

char *
ud_mask_id_number (const char *id_number)
{
  return mask_middle (id_number, 4, 4);
}

char *
ud_mask_mobile (const char *mobile)
{
  return mask_middle (mobile, 3, 4);
}

char *
ud_mask_bank_card (const char *card)
{
  return mask_middle (card, 4, 4);
}
