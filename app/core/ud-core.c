/* ud-core.c — setting up the core library
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-core"

#include "ud-core.h"
#include "ud-i18n.h"

void
ud_core_init_i18n (void)
{
  const char *localedir = g_getenv ("UD_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
