/* ud-hardship-store-private.h — test hooks of the hardship store
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes the store take @today (NULL: the real date again) as today's date, so tests can walk
 * through publicity periods and review years. Not thread-safe; for tests only. */
void ud_hardship_store_set_today (const GDate *today);

G_END_DECLS
