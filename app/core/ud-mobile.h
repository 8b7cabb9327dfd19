/* ud-mobile.h — mainland China mobile numbers
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Accepts "13800138000", "138 0013 8000", "138-0013-8000", "+86 13800138000", "8613800138000",
 * full-width digits; returns the 11 digits, or NULL with UD_ERROR_INVALID_MOBILE (field "mobile").
 * A mainland mobile number has 11 digits and starts with 13–19. */
char *ud_mobile_normalize (const char *text,
                           GError    **error);

G_END_DECLS
