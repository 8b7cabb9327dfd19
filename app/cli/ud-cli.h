/* ud-cli.h — union-desk-cli: the commands, over app/core
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of union-desk-cli. */
typedef enum
{
  UD_CLI_EXIT_OK = 0,
  UD_CLI_EXIT_FAILED = 1,  /* the command failed, or an import left rows out (they are listed) */
  UD_CLI_EXIT_USAGE = 2,   /* bad options or arguments, or an input file that cannot be read */
  /* sync: what a scheduled job acts on */
  UD_CLI_EXIT_NEEDS_PERSON = 3,  /* records rejected or in conflict, a batch or bundle refused,
                                  * sync not set up */
  UD_CLI_EXIT_RETRY_LATER = 4,   /* server unreachable or failing, another sync running */
  UD_CLI_EXIT_TOKEN = 5,         /* token missing, refused or for another office */
} UdCliExit;

/* Runs union-desk-cli with @argv (argv[0] is the program name): parses the global options and
 * the command, runs it, prints to stdout and stderr. Returns the exit status. Call setlocale()
 * and ud_core_init_i18n() first. */
int      ud_cli_main           (int          argc,
                                char       **argv);

/* A copy of @text with every run of 10 or more digits (an ID number with its check letter, a
 * mobile, a card number) masked, for messages that may quote personal numbers. */
char    *ud_cli_scrub          (const char  *text);

/* The width of @text on a terminal: 2 columns for wide (CJK) characters, 0 for combining
 * marks, 1 for the rest. */
guint    ud_cli_display_width  (const char  *text);

G_END_DECLS
