/* tests/test-credit-code.c — unified social credit codes (GB 32100-2015)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "ud-credit-code.h"
#include "ud-error.h"

static void
assert_valid (const char *text,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = ud_credit_code_normalize (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, expected);
}

static void
assert_invalid (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = ud_credit_code_normalize (text, &error);

  g_assert_null (code);
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_CREDIT_CODE);
  g_assert_cmpstr (ud_error_get_field (error), ==, "credit_code");
  g_assert_true (g_str_has_prefix (error->message, "Unified social credit code"));
}

static void
test_check_char (void)
{
  g_assert_cmpint (ud_credit_code_check_char ("91350100M000100Y4"), ==, '3');
  g_assert_cmpint (ud_credit_code_check_char ("91110000600037341"), ==, 'L');
  g_assert_cmpint (ud_credit_code_check_char ("12100000400000000"), ==, 'W');
  /* I, O, S, V and Z are not in the alphabet. */
  g_assert_cmpint (ud_credit_code_check_char ("91350100O000100Y4"), ==, '\0');
  g_assert_cmpint (ud_credit_code_check_char ("9135"), ==, '\0');
}

static void
test_design_examples (void)
{
  assert_valid ("91350100M000100Y43", "91350100M000100Y43");
  assert_valid ("91110000600037341L", "91110000600037341L");
  /* Letters among the first 8 characters (a social organisation's code). */
  assert_valid ("5244000050000000XJ", "5244000050000000XJ");
  /* A check value of 0 ((31 - 0) mod 31). */
  g_assert_cmpint (ud_credit_code_check_char ("00000000000000000"), ==, '0');
  assert_valid ("000000000000000000", "000000000000000000");
}

static void
test_forms (void)
{
  assert_valid ("  91350100m000100y43\t", "91350100M000100Y43");
  assert_valid ("９１１１００００６０００３７３４１Ｌ", "91110000600037341L");
  assert_valid ("91110000600037341l", "91110000600037341L");
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  assert_invalid ("");
  assert_invalid ("  ");
  assert_invalid ("91350100M000100Y4");
  assert_invalid ("91350100M000100Y433");
  assert_invalid ("91350100M000100Y44");
  assert_invalid ("91110000600037341K");
  assert_invalid ("9135010OM000100Y43");
  assert_invalid ("91350100M000100Y4中");
  assert_invalid ("91350100-000100Y43");

  code = ud_credit_code_normalize ("91350100M000100Y44", &error);
  g_assert_nonnull (strstr (error->message, "“3”"));
  g_assert_nonnull (strstr (error->message, "“4”"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/credit-code/check-char", test_check_char);
  g_test_add_func ("/ud/credit-code/design-examples", test_design_examples);
  g_test_add_func ("/ud/credit-code/forms", test_forms);
  g_test_add_func ("/ud/credit-code/invalid", test_invalid);
  return g_test_run ();
}
