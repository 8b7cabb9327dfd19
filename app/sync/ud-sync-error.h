/* ud-sync-error.h — errors of the sync client, by what a person or a scheduled job should do
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define UD_SYNC_ERROR (ud_sync_error_quark ())

typedef enum
{
  UD_SYNC_ERROR_NOT_CONFIGURED,   /* no server URL, or no office id for a bundle */
  UD_SYNC_ERROR_NETWORK,          /* no complete or valid answer: retry later */
  UD_SYNC_ERROR_SERVER,           /* the server kept failing (5xx, 429…): retry later */
  UD_SYNC_ERROR_TOKEN,            /* token missing or refused (401/403): needs a new token */
  UD_SYNC_ERROR_OFFICE,           /* the token or a bundle belongs to another office */
  UD_SYNC_ERROR_BATCH,            /* a batch refused as malformed (400, 422): a client bug */
  UD_SYNC_ERROR_BUNDLE,           /* a bundle or ack file modified, truncated or not ours */
  UD_SYNC_ERROR_PROTOCOL,         /* the server speaks another protocol version */
} UdSyncErrorCode;

GQuark ud_sync_error_quark (void);

G_END_DECLS
