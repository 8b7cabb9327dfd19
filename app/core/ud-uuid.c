/* ud-uuid.c — record identifiers
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-uuid"

#include "ud-uuid.h"

char *
ud_uuid_new (void)
{
  static GMutex lock;
  static guint64 last_ms;
  static guint32 counter;
  guint8 bytes[16];
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint32 sequence;

  /* Within one millisecond a 12-bit counter keeps the order (and uniqueness does not depend on
   * it: 62 further bits are random). */
  g_mutex_lock (&lock);
  if (ms <= last_ms)
    {
      ms = last_ms;
      counter++;
      if (counter > 0xfff)
        {
          ms = ++last_ms;
          counter = 0;
        }
    }
  else
    {
      last_ms = ms;
      counter = g_random_int_range (0, 0x400);
    }
  sequence = counter;
  g_mutex_unlock (&lock);

  for (int i = 0; i < 6; i++)
    bytes[i] = (guint8) (ms >> (8 * (5 - i)));
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);     /* version 7 */
  bytes[7] = sequence & 0xff;
  for (int i = 8; i < 16; i += 4)
    {
      guint32 r = g_random_int ();
      bytes[i] = r >> 24;
      bytes[i + 1] = r >> 16;
      bytes[i + 2] = r >> 8;
      bytes[i + 3] = r;
    }
  bytes[8] = 0x80 | (bytes[8] & 0x3f);            /* RFC 4122 variant */

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6],
                          bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12],
                          bytes[13], bytes[14], bytes[15]);
}
