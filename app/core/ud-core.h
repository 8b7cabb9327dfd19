/* ud-core.h — setting up the core library
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the text domain of Union Desk to $UD_LOCALEDIR (tests, uninstalled runs) or to the
 * installed locale directory, with UTF-8 output, so core messages follow the system locale.
 * Call once at start-up, after setlocale(). */
void ud_core_init_i18n (void);

G_END_DECLS
