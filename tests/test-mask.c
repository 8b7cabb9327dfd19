/* tests/test-mask.c — masking personal numbers
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "ud-mask.h"

#define assert_masked(func, input, expected) \
  G_STMT_START { \
    g_autofree char *masked_ = func (input); \
    g_assert_cmpstr (masked_, ==, expected); \
  } G_STMT_END

static void
test_id_number (void)
{
  assert_masked (ud_mask_id_number, "330102197207142177", "3301**********2177");
  assert_masked (ud_mask_id_number, "11010519491231002X", "1101**********002X");
  assert_masked (ud_mask_id_number, "330102720714217", "3301*******4217");
  assert_masked (ud_mask_id_number, "123456789012", "1234****9012");
  assert_masked (ud_mask_id_number, "12345678901", "***********");
  assert_masked (ud_mask_id_number, "1234", "****");
  assert_masked (ud_mask_id_number, "", "");
  assert_masked (ud_mask_id_number, NULL, "");
}

static void
test_mobile (void)
{
  assert_masked (ud_mask_mobile, "13326991023", "133****1023");
  assert_masked (ud_mask_mobile, "1332699102", "**********");
  assert_masked (ud_mask_mobile, "138", "***");
  assert_masked (ud_mask_mobile, "", "");
  assert_masked (ud_mask_mobile, NULL, "");
}

static void
test_bank_card (void)
{
  assert_masked (ud_mask_bank_card, "6222021234567890123", "6222***********0123");
  assert_masked (ud_mask_bank_card, "6222021234567890", "6222********7890");
  assert_masked (ud_mask_bank_card, "62220", "*****");
  assert_masked (ud_mask_bank_card, NULL, "");
}

static void
test_odd_input (void)
{
  /* Non-ASCII characters count as one each; invalid UTF-8 is hidden whole. */
  assert_masked (ud_mask_id_number, "３３０１０２１９７２０７１４２１７７",
                 "３３０１**********２１７７");
  assert_masked (ud_mask_id_number, "\xff\xfe\xfd", "***");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/mask/id-number", test_id_number);
  g_test_add_func ("/ud/mask/mobile", test_mobile);
  g_test_add_func ("/ud/mask/bank-card", test_bank_card);
  g_test_add_func ("/ud/mask/odd-input", test_odd_input);
  return g_test_run ();
}
