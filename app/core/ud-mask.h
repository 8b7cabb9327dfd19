/* ud-mask.h — masking personal numbers for lists, exports and logs
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "330102197207142177" → "3301**********2177"; keeps the first 4 and last 4 characters. */
char *ud_mask_id_number (const char *id_number);

/* "13326991023" → "133****1023" */
char *ud_mask_mobile    (const char *mobile);

/* "6222021234567890123" → "6222***********0123": first 4 and last 4 kept. */
char *ud_mask_bank_card (const char *card);

G_END_DECLS
