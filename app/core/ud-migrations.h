/* ud-migrations.h — numbered schema migrations, keyed on PRAGMA user_version
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-database.h"

G_BEGIN_DECLS

typedef struct
{
  int         version;                 /* user_version after this step */
  const char *sql;                     /* run as one script */
  gboolean  (*after) (UdDatabase *db,  /* optional data fix-up in the same transaction */
                      GError    **error);
} UdMigration;

const UdMigration *ud_migrations_get (guint *n_migrations);

G_END_DECLS
