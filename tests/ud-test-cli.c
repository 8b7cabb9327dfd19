/* ud-test-cli.c — running the built union-desk-cli from a test
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <glib/gstdio.h>

#include "ud-test-cli.h"

void
ud_cli_run_free (UdCliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

UdCliRun *
ud_test_cli_run_argv (const char  *cli_path,
                      const char  *dir,
                      const char  *locale,
                      const char  *user,
                      const char  *input,
                      const char  *fd_input,
                      GPtrArray   *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *input_file = g_build_filename (dir, "password", NULL);
  g_autofree char *fd_file = g_build_filename (dir, "password-fd", NULL);
  g_autofree char *command_line = NULL;
  UdCliRun *run = g_new0 (UdCliRun, 1);

  g_ptr_array_add (argv, (gpointer) cli_path);
  /* The password comes on standard input or a file descriptor, never on the command line. */
  if (user != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--user");
      g_ptr_array_add (argv, (gpointer) user);
    }
  if (fd_input != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--password-fd");
      g_ptr_array_add (argv, (gpointer) "3");
    }
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, args->pdata[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "XDG_DATA_HOME", dir, TRUE);
  if (locale != NULL)
    {
      g_auto(GStrv) language = g_strsplit (locale, ".", 2);

      envp = g_environ_setenv (envp, "LC_ALL", locale, TRUE);
      envp = g_environ_setenv (envp, "LANGUAGE", language[0], TRUE);
    }

  g_assert_true (g_file_set_contents (input_file, input ? input : "", -1, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, envp);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_file);
  if (fd_input != NULL)
    {
      int fd;

      g_assert_true (g_file_set_contents (fd_file, fd_input, -1, NULL));
      fd = g_open (fd_file, O_RDONLY, 0);
      g_assert_cmpint (fd, >=, 0);
      g_subprocess_launcher_take_fd (launcher, fd, 3);
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_unlink (input_file);
  g_unlink (fd_file);

  command_line = g_strjoinv (" ", (char **) argv->pdata + 1);
  g_test_message ("union-desk-cli %s → %d\nstdout:\n%s\nstderr:\n%s", command_line,
                  run->status, run->out, run->err);
  return run;
}
