/* tests/test-mobile.c — mainland China mobile numbers
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "ud-error.h"
#include "ud-mobile.h"

static void
assert_valid (const char *text,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mobile = ud_mobile_normalize (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (mobile, ==, expected);
}

static void
assert_invalid (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mobile = ud_mobile_normalize (text, &error);

  g_assert_null (mobile);
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MOBILE);
  g_assert_cmpstr (ud_error_get_field (error), ==, "mobile");
  g_assert_true (g_str_has_prefix (error->message, "Mobile number"));
}

static void
test_forms (void)
{
  assert_valid ("13800138000", "13800138000");
  assert_valid ("138 0013 8000", "13800138000");
  assert_valid ("138-0013-8000", "13800138000");
  assert_valid ("+86 13800138000", "13800138000");
  assert_valid ("+86-138-0013-8000", "13800138000");
  assert_valid ("8613800138000", "13800138000");
  assert_valid ("0086 13800138000", "13800138000");
  assert_valid ("  19297926224\r\n", "19297926224");
  assert_valid ("１３８００１３８０００", "13800138000");
  assert_valid ("＋８６ １３８００１３８０００", "13800138000");
}

static void
test_prefixes (void)
{
  assert_valid ("13326991023", "13326991023");
  assert_valid ("14500000000", "14500000000");
  assert_valid ("16600000000", "16600000000");
  assert_valid ("19912345678", "19912345678");
  assert_invalid ("12345678901");
  assert_invalid ("10086100861");
  assert_invalid ("23800138000");
}

static void
test_invalid (void)
{
  assert_invalid ("");
  assert_invalid ("   ");
  assert_invalid ("1380013800");
  assert_invalid ("138001380000");
  assert_invalid ("138OO138000");
  assert_invalid ("(138)00138000");
  assert_invalid ("+852 91234567");
  assert_invalid ("1380013800+0");
  assert_invalid ("86138001380");
  assert_invalid ("010-12345678");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/mobile/forms", test_forms);
  g_test_add_func ("/ud/mobile/prefixes", test_prefixes);
  g_test_add_func ("/ud/mobile/invalid", test_invalid);
  return g_test_run ();
}
