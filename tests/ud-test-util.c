/* tests/ud-test-util.c — fixtures shared by the tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>

#include "ud-id-number.h"
#include "ud-test-util.h"

void
ud_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            ud_test_rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

const UdAccount *
ud_test_admin (UdDatabase *db)
{
  UdAccount *admin = g_object_get_data (G_OBJECT (db), "ud-test-admin");
  g_autoptr(GError) error = NULL;

  if (admin != NULL)
    return admin;

  ud_password_use_test_cost ();
  admin = ud_account_find (db, "admin");
  if (admin == NULL)
    admin = ud_account_create_first_admin (db, "admin", "测试管理员", "test-password-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (admin);
  g_object_set_data_full (G_OBJECT (db), "ud-test-admin", admin, (GDestroyNotify) ud_account_free);
  return admin;
}

const UdAccount *
ud_test_account (UdDatabase *db,
                 const char *username,
                 guint       roles)
{
  g_autofree char *key = g_strdup_printf ("ud-test-account-%s", username);
  UdAccount *account = g_object_get_data (G_OBJECT (db), key);
  g_autoptr(GError) error = NULL;

  if (account != NULL)
    return account;

  account = ud_account_find (db, username);
  if (account == NULL)
    account = ud_account_create (db, ud_test_admin (db), username, username, roles,
                                 "test-password-1", &error);
  g_assert_no_error (error);
  g_object_set_data_full (G_OBJECT (db), key, account, (GDestroyNotify) ud_account_free);
  return account;
}

UdTestDb *
ud_test_db_new (void)
{
  g_autoptr(GError) error = NULL;
  UdTestDb *test_db = g_new0 (UdTestDb, 1);

  test_db->dir = g_dir_make_tmp ("ud-test-XXXXXX", &error);
  g_assert_no_error (error);
  test_db->path = g_build_filename (test_db->dir, "test.db", NULL);
  test_db->db = ud_database_open (test_db->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (test_db->db);
  /* Made now, so that its audit and outbox rows are there before a test counts rows. */
  ud_test_admin (test_db->db);
  return test_db;
}

void
ud_test_db_free (UdTestDb *test_db)
{
  if (test_db == NULL)
    return;

  g_clear_object (&test_db->db);
  ud_test_rm_rf (test_db->dir);
  g_free (test_db->dir);
  g_free (test_db->path);
  g_free (test_db);
}

char *
ud_test_make_id (const char *region,
                 const char *birth,
                 guint       sequence)
{
  g_autofree char *first17 = g_strdup_printf ("%s%s%03u", region, birth, sequence % 1000);

  return g_strdup_printf ("%s%c", first17, ud_id_number_check_char (first17));
}

UdMember *
ud_test_member_new (UdDatabase *db,
                    const char *name,
                    const char *id_number)
{
  UdMember *member = ud_member_new ();

  member->name = g_strdup (name);
  member->id_number = g_strdup (id_number);
  member->org_id = ud_database_get_office_org_id (db);
  return member;
}
