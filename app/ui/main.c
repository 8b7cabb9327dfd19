/* main.c — union-desk: start the application
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "union-desk"

#include <locale.h>

#include "ud-application.h"
#include "ud-core.h"
#include "ud-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(UdApplication) application = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Follow the system locale: zh_CN shows Chinese. */
  setlocale (LC_ALL, "");
  ud_core_init_i18n ();
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Union Desk"));

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), UD_APP_ID,
                                            TRUE);
  if (schema == NULL)
    {
      /* Translators: %s is the application id */
      g_printerr (_("The settings schema %s is not installed. Install Union Desk, or set "
                    "GSETTINGS_SCHEMA_DIR to the build's data folder.\n"),
                  UD_APP_ID);
      return 1;
    }

  application = ud_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
