/* tests/ud-test-util.h — fixtures shared by the tests: temporary databases, valid ID numbers
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-account.h"
#include "ud-database.h"
#include "ud-member.h"

G_BEGIN_DECLS

/* A fresh database in a new temporary folder; ud_test_db_free() removes both. */
typedef struct
{
  char       *dir;
  char       *path;
  UdDatabase *db;
} UdTestDb;

UdTestDb *ud_test_db_new     (void);
void      ud_test_db_free    (UdTestDb *test_db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdTestDb, ud_test_db_free)

/* A valid 18-character ID: region (6 digits) + birth (YYYYMMDD) + sequence (3 digits) + check.
 * An odd sequence gives a man, an even one a woman. Returns a newly allocated string. */
char     *ud_test_make_id    (const char *region,
                              const char *birth,
                              guint       sequence);

/* A member ready to insert into the office org of @db. */
UdMember *ud_test_member_new (UdDatabase *db,
                              const char *name,
                              const char *id_number);

/* The administrator of @db (every role), made on first use and kept on the database object.
 * Also switches password hashing to the test cost. */
const UdAccount *ud_test_admin (UdDatabase *db);

/* An account of @db with only @roles (made on first use, by the administrator). */
const UdAccount *ud_test_account (UdDatabase *db,
                                  const char *username,
                                  guint       roles);

/* Removes a folder and everything in it. */
void      ud_test_rm_rf      (const char *path);

G_END_DECLS
