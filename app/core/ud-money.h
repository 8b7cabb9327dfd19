/* ud-money.h — money as integer fen: the one parser and the one formatter of the program
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest amount any money column holds: 100 million yuan. */
#define UD_MONEY_MAX_FEN G_GINT64_CONSTANT (10000000000)

/* Parses yuan text into fen: "1,234.56", "1234.5", "￥1234", "¥ 1,234.00", "1234元", full-width
 * digits. Refuses more than two decimals, misplaced thousands separators, a value below @min_fen
 * or above @max_fen, and anything that is not a number. @field names the field in the message
 * (a translated label such as "Amount"); the error is UD_ERROR_INVALID_MONEY. */
gboolean ud_money_parse   (const char *text,
                           gint64      min_fen,
                           gint64      max_fen,
                           const char *field,
                           gint64     *out_fen,
                           GError    **error);

/* "1,234.56"; negative amounts as "-1,234.56". */
char    *ud_money_format  (gint64      fen);

/* "¥1,234.56" */
char    *ud_money_format_yuan (gint64  fen);

G_END_DECLS
