/* ud-sync-token.c — the office's sync token: in the desktop keyring, or from a file for the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-sync"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/stat.h>

#include "ud-i18n.h"
#include "ud-sync-error.h"
#include "ud-sync-token.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.uniondesk.UnionDesk.SyncToken", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

void
ud_sync_token_lookup_async (const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  secret_password_lookup (token_schema (), cancellable, callback, user_data, "url", url, NULL);
}

char *
ud_sync_token_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  return secret_password_lookup_finish (result, error);
}

void
ud_sync_token_store_async (const char          *url,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  /* Translators: the name of the sync token in the keyring */
  g_autofree char *label = g_strdup_printf (_("Union Desk sync token for %s"), url);

  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                         callback, user_data, "url", url, NULL);
}

gboolean
ud_sync_token_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  return secret_password_store_finish (result, error);
}

char *
ud_sync_token_lookup (const char  *url,
                      GError     **error)
{
  return secret_password_lookup_sync (token_schema (), NULL, error, "url", url, NULL);
}

gboolean
ud_sync_token_store (const char  *url,
                     const char  *token,
                     GError     **error)
{
  g_autofree char *label = g_strdup_printf (_("Union Desk sync token for %s"), url);

  return secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                     NULL, error, "url", url, NULL);
}

gboolean
ud_sync_token_clear (const char  *url,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (token_schema (), NULL, &local_error, "url", url, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

char *
ud_sync_token_read_file (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  char *newline;
  gsize length = 0;

  if (strcmp (path, "-") == 0)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      int c;

      while ((c = getchar ()) != EOF && c != '\n')
        g_string_append_c (line, (char) c);
      contents = g_string_free (g_steal_pointer (&line), FALSE);
    }
  else
    {
      GStatBuf st;

      if (g_stat (path, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        {
          g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN,
                       _("The token file %s may be read by other users: make it private "
                         "(chmod 600)"), path);
          return NULL;
        }
      if (!g_file_get_contents (path, &contents, &length, error))
        return NULL;
    }

  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  g_strstrip (contents);
  if (*contents == '\0')
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN, _("The sync token is empty"));
      return NULL;
    }
  return g_steal_pointer (&contents);
}
