/* tests/test-i18n.c — core messages follow the system locale (zh_CN)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <locale.h>

#include "ud-core.h"
#include "ud-error.h"
#include "ud-id-number.h"

static void
test_id_checksum_in_chinese (void)
{
  g_autoptr(GError) error = NULL;
  UdIdNumber id;

  if (g_getenv ("UD_LOCALEDIR") == NULL)
    {
      g_test_skip ("UD_LOCALEDIR is not set");
      return;
    }
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }

  ud_core_init_i18n ();

  g_assert_false (ud_id_number_parse ("110105194912310021", NULL, &id, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_ID_CHECKSUM);
  g_assert_cmpstr (ud_error_get_field (error), ==, "id_number");
  g_assert_cmpstr (error->message, ==, "身份证号：校验位应为“X”，而不是“1”，可能有数字输错");

  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/i18n/id-checksum-zh-cn", test_id_checksum_in_chinese);
  return g_test_run ();
}
