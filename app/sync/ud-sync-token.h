/* ud-sync-token.h — the office's sync token: in the desktop keyring, or from a file for the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token is never written to the database or a log. In the keyring it is a password of the
 * schema "io.github.uniondesk.UnionDesk.SyncToken" with the attribute "url" (the base URL of the
 * city server), so that a new server address needs its own token. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     ud_sync_token_lookup_async  (const char           *url,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
/* The token, or NULL: with an error when the keyring failed, without when none is stored. */
char    *ud_sync_token_lookup_finish (GAsyncResult         *result,
                                      GError              **error);

void     ud_sync_token_store_async   (const char           *url,
                                      const char           *token,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean ud_sync_token_store_finish  (GAsyncResult         *result,
                                      GError              **error);

/* Blocking variants, for worker threads and tests. */
char    *ud_sync_token_lookup        (const char           *url,
                                      GError              **error);
gboolean ud_sync_token_store         (const char           *url,
                                      const char           *token,
                                      GError              **error);
gboolean ud_sync_token_clear         (const char           *url,
                                      GError              **error);

/* The token from the first line of @path ("-" for standard input), trimmed. Refuses an empty
 * token and, for a file, one that others may read (mode must deny group and other). */
char    *ud_sync_token_read_file     (const char           *path,
                                      GError              **error);

G_END_DECLS
