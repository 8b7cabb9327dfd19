/* tests/test-sync-token.c — the sync token: in the keyring (a throwaway gnome-keyring-daemon on a
 * private session bus; skipped when there is none), keyed by the server address; read from a
 * private file or standard input for the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "ud-sync-error.h"
#include "ud-sync-token.h"
#include "ud-test-util.h"

static gboolean
secrets_on_bus (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean has = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL,
                                       NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has);
  return has;
}

static void
test_keyring (void)
{
  GTestDBus *bus = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *found = NULL;
  g_autofree char *other = NULL;
  g_autofree char *cleared = NULL;
  const char *url = "https://sync.city-union.example/api/";

  if (g_find_program_in_path ("gnome-keyring-daemon") == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  home = g_dir_make_tmp ("ud-keyring-XXXXXX", NULL);
  runtime = g_build_filename (home, "run", NULL);
  g_mkdir (runtime, 0700);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--unlock",
                                        "--components=secrets", "--foreground", NULL);
  g_assert_no_error (error);
  /* The password of the new login keyring, then end of input. */
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (daemon), "test-keyring", 12, NULL, NULL,
                             NULL);
  g_output_stream_close (g_subprocess_get_stdin_pipe (daemon), NULL, NULL);

  for (guint i = 0; i < 50 && !secrets_on_bus (); i++)
    g_usleep (100 * 1000);
  if (!secrets_on_bus ())
    {
      g_test_skip ("the keyring daemon did not start");
      goto out;
    }

  if (!ud_sync_token_store (url, "office-token-1", &error))
    {
      g_test_skip_printf ("the keyring refuses to store: %s", error->message);
      goto out;
    }
  found = ud_sync_token_lookup (url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "office-token-1");
  /* Another server address has its own token. */
  other = ud_sync_token_lookup ("https://other.example/api/", &error);
  g_assert_no_error (error);
  g_assert_null (other);

  g_assert_true (ud_sync_token_clear (url, &error));
  cleared = ud_sync_token_lookup (url, &error);
  g_assert_null (cleared);

out:
  /* libsecret keeps the session bus connection; let it go before the bus goes down. */
  secret_service_disconnect ();
  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);
  /* libsecret may still hold the session connection: stop the bus without waiting for the
   * connection to go (g_test_dbus_down() would), and keep the GTestDBus object, whose disposal
   * would wait too. */
  g_test_dbus_stop (bus);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  ud_test_rm_rf (home);
}

static void
test_token_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ud-token-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "token", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *open_file = NULL;

  /* The first line, trimmed; Windows line ends too. */
  g_assert_true (g_file_set_contents_full (path, "  tok-123 \r\nsecond line\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  token = ud_sync_token_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "tok-123");

  g_assert_true (g_file_set_contents_full (path, "\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  empty = ud_sync_token_read_file (path, &error);
  g_assert_null (empty);
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN);
  g_clear_error (&error);

  /* Readable by others: refused. */
  g_assert_true (g_file_set_contents_full (path, "tok\n", -1, G_FILE_SET_CONTENTS_NONE, 0644,
                                           NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  open_file = ud_sync_token_read_file (path, &error);
  g_assert_null (open_file);
  g_assert_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  ud_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/token/keyring", test_keyring);
  g_test_add_func ("/sync/token/file", test_token_file);
  return g_test_run ();
}
