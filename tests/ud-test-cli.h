/* ud-test-cli.h — running the built union-desk-cli from a test
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} UdCliRun;

void      ud_cli_run_free      (UdCliRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdCliRun, ud_cli_run_free)

/* Runs @cli_path with @args (char *, no NULL at the end) in @locale (NULL: the test's own), as
 * --user @user (NULL: no --user) with @input on standard input and, unless NULL, @fd_input on
 * file descriptor 3 (given as --password-fd 3). XDG_DATA_HOME is @dir, so the real user's
 * database is never touched; scratch files go to @dir and are removed. The run is logged with
 * g_test_message(). */
UdCliRun *ud_test_cli_run_argv (const char  *cli_path,
                                const char  *dir,
                                const char  *locale,
                                const char  *user,
                                const char  *input,
                                const char  *fd_input,
                                GPtrArray   *args);

G_END_DECLS
