/* ud-credit-code.h — unified social credit codes (GB 32100-2015)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Validates @text (white space trimmed, lower case accepted) and returns the normalised
 * 18-character upper-case code, or NULL with UD_ERROR_INVALID_CREDIT_CODE (field "credit_code"). */
char *ud_credit_code_normalize  (const char *text,
                                 GError    **error);

/* The check character for the first 17 characters, or '\0' if one is outside the alphabet. */
char  ud_credit_code_check_char (const char *first17);

G_END_DECLS
