/* tests/test-error.c — the error domain carries the field a message is about
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>

#include "ud-error.h"

static void
test_field_error (void)
{
  g_autoptr(GError) error = NULL;

  ud_set_field_error (&error, UD_ERROR_INVALID_MOBILE, "mobile", "Mobile: %s", "too short");
  g_assert_error (error, UD_ERROR, UD_ERROR_INVALID_MOBILE);
  g_assert_cmpstr (error->message, ==, "Mobile: too short");
  g_assert_cmpstr (ud_error_get_field (error), ==, "mobile");
}

static void
test_field_error_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;

  ud_set_field_error (&error, UD_ERROR_INVALID_FIELD, "name", "Name is required");
  copy = g_error_copy (error);
  g_assert_cmpstr (ud_error_get_field (copy), ==, "name");
}

static void
test_plain_error_has_no_field (void)
{
  g_autoptr(GError) error = g_error_new_literal (UD_ERROR, UD_ERROR_FAILED, "x");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, 0, "x");

  g_assert_null (ud_error_get_field (error));
  g_assert_null (ud_error_get_field (other));
  ud_set_field_error (NULL, UD_ERROR_FAILED, "name", "ignored");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/error/field", test_field_error);
  g_test_add_func ("/ud/error/field-copy", test_field_error_copy);
  g_test_add_func ("/ud/error/no-field", test_plain_error_has_no_field);
  return g_test_run ();
}
