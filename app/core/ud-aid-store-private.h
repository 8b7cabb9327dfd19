/* ud-aid-store-private.h — test hooks of the aid application store
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes the store take @today (NULL: the real date again) as today's date, so tests can submit
 * applications on either side of a policy change. Not thread-safe; for tests only. */
void ud_aid_store_set_today (const GDate *today);

G_END_DECLS
