/* tests/test-money.c — money as integer fen: parsing and formatting
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "ud-error.h"
#include "ud-money.h"

static void
assert_parses (const char *text,
               gint64      expected)
{
  g_autoptr(GError) error = NULL;
  gint64 fen = -12345;

  if (!ud_money_parse (text, 0, UD_MONEY_MAX_FEN, "Amount", &fen, &error))
    g_error ("“%s” should parse: %s", text, error->message);
  g_assert_cmpint (fen, ==, expected);
}

static void
assert_refused_range (const char *text,
                      gint64      min_fen,
                      gint64      max_fen)
{
  g_autoptr(GError) error = NULL;
  gint64 fen = -12345;

  g_assert_false (ud_money_parse (text, min_fen, max_fen, "Aid amount", &fen, &error));
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MONEY);
  g_assert_true (g_str_has_prefix (error->message, "Aid amount: "));
  g_assert_cmpint (fen, ==, -12345);
}

static void
assert_refused (const char *text)
{
  assert_refused_range (text, 0, UD_MONEY_MAX_FEN);
}

static void
test_parse (void)
{
  assert_parses ("0", 0);
  assert_parses ("0.00", 0);
  assert_parses ("0.01", 1);
  assert_parses ("0.1", 10);
  assert_parses (".5", 50);
  assert_parses ("1", 100);
  assert_parses ("1234.5", 123450);
  assert_parses ("1,234.56", 123456);
  assert_parses ("1234.56", 123456);
  assert_parses ("1,234,567.89", 123456789);
  assert_parses ("123,456", 12345600);
  assert_parses ("007", 700);
  assert_parses ("  1234.56  ", 123456);
}

static void
test_parse_forms (void)
{
  assert_parses ("￥1234", 123400);
  assert_parses ("¥1,234.00", 123400);
  assert_parses ("¥ 1,234.00", 123400);
  assert_parses ("1234元", 123400);
  assert_parses ("1,234.5 元", 123450);
  assert_parses ("￥1234元", 123400);
  assert_parses ("１２３４．５６", 123456);
  assert_parses ("１，２３４．５６", 123456);
  assert_parses ("+1", 100);
}

static void
test_parse_refused (void)
{
  assert_refused ("");
  assert_refused ("   ");
  assert_refused ("abc");
  assert_refused ("12a");
  assert_refused ("1.2.3");
  assert_refused (".");
  assert_refused ("1.");
  assert_refused ("¥");
  assert_refused ("元");
  assert_refused ("1 234");
  assert_refused ("1e3");
  assert_refused ("--1");
  assert_refused ("-¥-1");
  /* More than two decimals. */
  assert_refused ("1234.567");
  assert_refused ("0.001");
  assert_refused ("1.000");
  /* Misplaced thousands separators. */
  assert_refused ("1,23.00");
  assert_refused ("12,34");
  assert_refused ("1234,567");
  assert_refused (",123");
  assert_refused ("1,,234");
  assert_refused ("1,234,56");
  assert_refused ("1,234.");
}

static void
test_parse_range (void)
{
  g_autoptr(GError) error = NULL;
  gint64 fen;

  /* Negative amounts only where the minimum allows them. */
  assert_refused_range ("-1", 0, UD_MONEY_MAX_FEN);
  assert_refused_range ("-0.01", 0, UD_MONEY_MAX_FEN);
  assert_refused_range ("¥-1", 0, UD_MONEY_MAX_FEN);
  g_assert_true (ud_money_parse ("-1,234.56", -UD_MONEY_MAX_FEN, UD_MONEY_MAX_FEN, "Amount",
                                 &fen, NULL));
  g_assert_cmpint (fen, ==, -123456);
  g_assert_true (ud_money_parse ("-¥1", -UD_MONEY_MAX_FEN, 0, "Amount", &fen, NULL));
  g_assert_cmpint (fen, ==, -100);
  g_assert_true (ud_money_parse ("¥-1", -UD_MONEY_MAX_FEN, 0, "Amount", &fen, NULL));
  g_assert_cmpint (fen, ==, -100);
  g_assert_true (ud_money_parse ("-0", 0, 100, "Amount", &fen, NULL));
  g_assert_cmpint (fen, ==, 0);

  /* The maximum itself, and one fen more. */
  assert_parses ("100,000,000.00", UD_MONEY_MAX_FEN);
  assert_refused ("100000000.01");
  assert_refused_range ("500.01", 0, 50000);
  assert_refused_range ("0.99", 100, 50000);
  g_assert_true (ud_money_parse ("500", 0, 50000, "Amount", &fen, NULL));
  g_assert_cmpint (fen, ==, 50000);

  /* Overflow of gint64 and of the parser's own arithmetic. */
  assert_refused ("99999999999999999999");
  assert_refused ("92233720368547758.07");
  assert_refused_range ("92233720368547758.08", G_MININT64, G_MAXINT64);
  assert_refused_range ("-99999999999999999999", G_MININT64, G_MAXINT64);
  assert_refused_range ("999999999999999999999999999999", G_MININT64, G_MAXINT64);
  g_assert_true (ud_money_parse ("92,233,720,368,547,758.07", G_MININT64, G_MAXINT64, "Amount",
                                 &fen, NULL));
  g_assert_cmpint (fen, ==, G_MAXINT64);
  g_assert_true (ud_money_parse ("-92233720368547758.07", G_MININT64, G_MAXINT64, "Amount",
                                 &fen, NULL));
  g_assert_cmpint (fen, ==, -G_MAXINT64);

  /* The messages say what is allowed. */
  g_assert_false (ud_money_parse ("-5", 0, 100, "Aid amount", &fen, &error));
  g_assert_nonnull (strstr (error->message, "negative"));
  g_clear_error (&error);
  g_assert_false (ud_money_parse ("2", 0, 100, "Aid amount", &fen, &error));
  g_assert_nonnull (strstr (error->message, "1.00"));
  g_clear_error (&error);
  g_assert_false (ud_money_parse ("1.234", 0, 100, "Aid amount", &fen, &error));
  g_assert_nonnull (strstr (error->message, "two decimal places"));
}

static void
assert_format (gint64      fen,
               const char *expected,
               const char *expected_yuan)
{
  g_autofree char *text = ud_money_format (fen);
  g_autofree char *yuan = ud_money_format_yuan (fen);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (yuan, ==, expected_yuan);
}

static void
test_format (void)
{
  assert_format (0, "0.00", "¥0.00");
  assert_format (1, "0.01", "¥0.01");
  assert_format (10, "0.10", "¥0.10");
  assert_format (100, "1.00", "¥1.00");
  assert_format (99999, "999.99", "¥999.99");
  assert_format (100000, "1,000.00", "¥1,000.00");
  assert_format (123456, "1,234.56", "¥1,234.56");
  assert_format (12345678901, "123,456,789.01", "¥123,456,789.01");
  assert_format (UD_MONEY_MAX_FEN, "100,000,000.00", "¥100,000,000.00");
  assert_format (-1, "-0.01", "-¥0.01");
  assert_format (-123456, "-1,234.56", "-¥1,234.56");
  assert_format (-100000, "-1,000.00", "-¥1,000.00");
  assert_format (G_MAXINT64, "92,233,720,368,547,758.07", "¥92,233,720,368,547,758.07");
  assert_format (G_MININT64, "-92,233,720,368,547,758.08", "-¥92,233,720,368,547,758.08");
}

static void
test_round_trip (void)
{
  static const gint64 amounts[] = { 0, 1, 99, 100, 123456, 100000000, UD_MONEY_MAX_FEN };

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *text = ud_money_format (amounts[i]);
      g_autofree char *yuan = ud_money_format_yuan (amounts[i]);
      gint64 fen = -1;

      g_assert_true (ud_money_parse (text, 0, UD_MONEY_MAX_FEN, "Amount", &fen, NULL));
      g_assert_cmpint (fen, ==, amounts[i]);
      g_assert_true (ud_money_parse (yuan, 0, UD_MONEY_MAX_FEN, "Amount", &fen, NULL));
      g_assert_cmpint (fen, ==, amounts[i]);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/money/parse", test_parse);
  g_test_add_func ("/ud/money/parse-forms", test_parse_forms);
  g_test_add_func ("/ud/money/parse-refused", test_parse_refused);
  g_test_add_func ("/ud/money/parse-range", test_parse_range);
  g_test_add_func ("/ud/money/format", test_format);
  g_test_add_func ("/ud/money/round-trip", test_round_trip);
  return g_test_run ();
}
