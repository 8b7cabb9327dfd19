/* main.c — union-desk-cli: Union Desk on the command line
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "union-desk-cli"

#include <locale.h>

#include <glib.h>

#include "ud-cli.h"
#include "ud-core.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  ud_core_init_i18n ();
  g_set_prgname ("union-desk-cli");

  return ud_cli_main (argc, argv);
}
