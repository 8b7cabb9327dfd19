/* ud-uuid.h — record identifiers
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new UUID for a record, in the UUID version 7 layout: 48 bits of Unix time in milliseconds,
 * then random bits. Records made one after another get neighbouring keys, so the uuid indexes
 * grow at their end instead of being written all over (much faster imports), and the ids stay
 * unique across offices and installations. */
char *ud_uuid_new (void);

G_END_DECLS
