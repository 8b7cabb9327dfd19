/* ud-account.c — local accounts, roles, passwords (Argon2id) and login lockout
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-account"

#include <sodium.h>
#include <string.h>

#include "ud-uuid.h"
#include "ud-account.h"
#include "ud-audit.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"

G_DEFINE_BOXED_TYPE (UdAccount, ud_account, ud_account_copy, ud_account_free)

#define ACCOUNT_COLUMNS \
  "id, uuid, version, username, display_name, roles, active, failed_logins, locked_until, " \
  "must_change_password, created_at, password_changed_at"

static const struct
{
  UdRole      role;
  const char *code;
  const char *label;
  const char *chinese;
} roles[] = {
  { UD_ROLE_CLERK, "clerk", N_("Clerk"), "经办人" },
  { UD_ROLE_REVIEWER, "reviewer", N_("Reviewer"), "审核人" },
  { UD_ROLE_APPROVER, "approver", N_("Approver"), "审批人" },
  { UD_ROLE_TREASURER, "treasurer", N_("Treasurer"), "出纳" },
  { UD_ROLE_ADMIN, "admin", N_("Administrator"), "管理员" },
};

UdAccount *
ud_account_copy (const UdAccount *account)
{
  UdAccount *copy = g_memdup2 (account, sizeof *account);

  copy->uuid = g_strdup (account->uuid);
  copy->username = g_strdup (account->username);
  copy->display_name = g_strdup (account->display_name);
  copy->locked_until = g_strdup (account->locked_until);
  copy->created_at = g_strdup (account->created_at);
  copy->password_changed_at = g_strdup (account->password_changed_at);
  return copy;
}

void
ud_account_free (UdAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->uuid);
  g_free (account->username);
  g_free (account->display_name);
  g_free (account->locked_until);
  g_free (account->created_at);
  g_free (account->password_changed_at);
  g_free (account);
}

const char *
ud_role_label (UdRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return g_dgettext (GETTEXT_PACKAGE, roles[i].label);
  return "?";
}

const char *
ud_role_code (UdRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return roles[i].code;
  return NULL;
}

char *
ud_roles_describe (guint bits)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (bits & roles[i].role)
      {
        if (text->len > 0)
          /* Translators: the separator between role names */
          g_string_append (text, _(", "));
        g_string_append (text, g_dgettext (GETTEXT_PACKAGE, roles[i].label));
      }

  if (text->len == 0)
    g_string_append (text, _("No role"));

  return g_string_free (text, FALSE);
}

gboolean
ud_roles_parse (const char *text,
                guint      *out)
{
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", ",，、 ", -1);
  guint bits = 0;

  for (guint p = 0; parts[p] != NULL; p++)
    {
      gboolean found = FALSE;

      if (*parts[p] == '\0')
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (roles) && !found; i++)
        if (g_ascii_strcasecmp (parts[p], roles[i].code) == 0
            || g_ascii_strcasecmp (parts[p], roles[i].label) == 0
            || strcmp (parts[p], roles[i].chinese) == 0
            || strcmp (parts[p], g_dgettext (GETTEXT_PACKAGE, roles[i].label)) == 0)
          {
            bits |= roles[i].role;
            found = TRUE;
          }
      if (!found)
        return FALSE;
    }

  *out = bits;
  return TRUE;
}

gboolean
ud_account_has_role (const UdAccount *account,
                     UdRole           role)
{
  return account != NULL && account->active && (account->roles & role) != 0;
}

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                   _("The password library could not be started"));
      return FALSE;
    }
  return TRUE;
}

static gboolean test_cost;

void
ud_password_use_test_cost (void)
{
  test_cost = TRUE;
}

char *
ud_password_hash (const char  *password,
                  GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  unsigned long long ops = test_cost ? crypto_pwhash_OPSLIMIT_MIN
                                     : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = test_cost ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;

  if (!ensure_sodium (error))
    return NULL;

  /* Argon2id with libsodium's interactive limits (64 MiB, a fraction of a second). */
  if (crypto_pwhash_str_alg (hash, password, strlen (password), ops, mem,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                   _("Not enough memory to protect the password"));
      return NULL;
    }

  return g_strdup (hash);
}

gboolean
ud_password_verify (const char *hash,
                    const char *password)
{
  if (hash == NULL || password == NULL || sodium_init () < 0)
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

static UdAccount *
account_from_row (sqlite3_stmt *stmt)
{
  UdAccount *account = g_new0 (UdAccount, 1);

  account->id = sqlite3_column_int64 (stmt, 0);
  account->uuid = ud_stmt_dup_text (stmt, 1);
  account->version = sqlite3_column_int64 (stmt, 2);
  account->username = ud_stmt_dup_text (stmt, 3);
  account->display_name = ud_stmt_dup_text (stmt, 4);
  account->roles = (guint) sqlite3_column_int (stmt, 5);
  account->active = sqlite3_column_int (stmt, 6) != 0;
  account->failed_logins = sqlite3_column_int (stmt, 7);
  account->locked_until = ud_stmt_dup_text (stmt, 8);
  account->must_change_password = sqlite3_column_int (stmt, 9) != 0;
  account->created_at = ud_stmt_dup_text (stmt, 10);
  account->password_changed_at = ud_stmt_dup_text (stmt, 11);
  return account;
}

UdAccount *
ud_account_get (UdDatabase  *db,
                gint64       id,
                GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = ?1",
                                            error);
  UdAccount *account = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    account = account_from_row (stmt);
  else
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("The account no longer exists"));
  sqlite3_reset (stmt);

  return account;
}

UdAccount *
ud_account_find (UdDatabase *db,
                 const char *username)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " ACCOUNT_COLUMNS " FROM account "
                                            "WHERE username = ?1",
                                            NULL);
  g_autofree char *trimmed = g_strstrip (g_strdup (username ? username : ""));
  UdAccount *account = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    account = account_from_row (stmt);
  sqlite3_reset (stmt);

  return account;
}

GPtrArray *
ud_account_list (UdDatabase  *db,
                 GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " ACCOUNT_COLUMNS " FROM account "
                                            "ORDER BY active DESC, username",
                                            error);
  GPtrArray *accounts;

  if (stmt == NULL)
    return NULL;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_account_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));
  sqlite3_reset (stmt);

  return accounts;
}

gboolean
ud_account_none_exist (UdDatabase *db)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, "SELECT 1 FROM account LIMIT 1", NULL);
  gboolean none;

  if (stmt == NULL)
    return FALSE;

  none = sqlite3_step (stmt) != SQLITE_ROW;
  sqlite3_reset (stmt);
  return none;
}

/* The account as the audit trail sees it: never the password hash. */
static JsonObject *
account_to_json (const UdAccount *account)
{
  JsonObject *object = json_object_new ();
  g_autofree char *role_codes = NULL;
  GString *codes = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (account->roles & roles[i].role)
      g_string_append_printf (codes, "%s%s", codes->len ? "," : "", roles[i].code);
  role_codes = g_string_free (codes, FALSE);

  json_object_set_string_member (object, "username", account->username);
  json_object_set_string_member (object, "display_name", account->display_name);
  json_object_set_string_member (object, "roles", role_codes);
  json_object_set_boolean_member (object, "active", account->active);
  return object;
}

static gboolean
check_password_rules (const char  *username,
                      const char  *password,
                      GError     **error)
{
  if (password == NULL || g_utf8_strlen (password, -1) < UD_PASSWORD_MIN_CHARS)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "password",
                          _("Password: use at least %d characters"), UD_PASSWORD_MIN_CHARS);
      return FALSE;
    }

  if (username != NULL && g_ascii_strcasecmp (username, password) == 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "password",
                          _("Password: it must not be the user name"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_username (UdDatabase  *db,
                const char  *username,
                GError     **error)
{
  g_autoptr(UdAccount) existing = NULL;

  if (username == NULL || *username == '\0' || g_utf8_strlen (username, -1) > 32)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "username",
                          _("User name: enter 1 to 32 characters"));
      return FALSE;
    }

  for (const char *p = username; *p; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      {
        ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "username",
                            _("User name: spaces are not allowed"));
        return FALSE;
      }

  existing = ud_account_find (db, username);
  if (existing != NULL)
    {
      ud_set_field_error (error, UD_ERROR_DUPLICATE, "username",
                          _("User name: “%s” is already taken"), username);
      return FALSE;
    }

  return TRUE;
}

static UdAccount *
insert_account (UdDatabase      *db,
                const UdAccount *actor,
                const char      *raw_username,
                const char      *raw_display_name,
                guint            role_bits,
                const char      *password,
                gboolean         must_change,
                GError         **error)
{
  g_autofree char *username = g_strstrip (g_strdup (raw_username ? raw_username : ""));
  g_autofree char *display_name = g_strstrip (g_strdup (raw_display_name ? raw_display_name : ""));
  g_autofree char *hash = NULL;
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *now = ud_timestamp_now ();
  g_autoptr(UdAccount) account = NULL;
  g_autoptr(JsonObject) after = NULL;
  sqlite3_stmt *stmt;
  gboolean owned;
  gboolean ok = FALSE;

  if (!check_username (db, username, error) || !check_password_rules (username, password, error))
    return NULL;

  if ((role_bits & UD_ROLES_ALL) == 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "roles",
                          _("Roles: give the account at least one role"));
      return NULL;
    }

  hash = ud_password_hash (password, error);
  if (hash == NULL)
    return NULL;

  if (!ud_database_begin_owned (db, &owned, error))
    return NULL;

  stmt = ud_database_prepare (db,
                              "INSERT INTO account (uuid, username, display_name, password_hash,"
                              "  roles, must_change_password, created_at, updated_at,"
                              "  password_changed_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
                              error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, username, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, *display_name ? display_name : username, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, hash, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, (int) (role_bits & UD_ROLES_ALL));
      sqlite3_bind_int (stmt, 6, must_change);
      sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        {
          account = ud_account_get (db, sqlite3_last_insert_rowid (ud_database_get_handle (db)),
                                    error);
          ok = account != NULL;
        }
      else
        ud_database_set_error (db, error, _("saving an account"));
      sqlite3_reset (stmt);
    }

  if (ok)
    {
      after = account_to_json (account);
      ok = ud_audit_append (db, actor ? actor : account, "account", account->uuid, "create",
                            NULL, after, error);
    }

  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    return NULL;

  return g_steal_pointer (&account);
}

UdAccount *
ud_account_create_first_admin (UdDatabase  *db,
                               const char  *username,
                               const char  *display_name,
                               const char  *password,
                               GError     **error)
{
  if (!ud_account_none_exist (db))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   _("This database already has accounts; ask an administrator for one"));
      return NULL;
    }

  return insert_account (db, NULL, username, display_name, UD_ROLES_ALL, password, FALSE, error);
}

UdAccount *
ud_account_create (UdDatabase      *db,
                   const UdAccount *actor,
                   const char      *username,
                   const char      *display_name,
                   guint            role_bits,
                   const char      *password,
                   GError         **error)
{
  if (!ud_guard_check_current (db, actor, UD_ACTION_ACCOUNT_ADMIN, error))
    return NULL;

  return insert_account (db, actor, username, display_name, role_bits, password, TRUE, error);
}

static gboolean
write_login_state (UdDatabase  *db,
                   gint64       account_id,
                   int          failed,
                   const char  *locked_until,
                   GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "UPDATE account SET failed_logins = ?1,"
                                            "  locked_until = ?2 WHERE id = ?3",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, failed);
  ud_stmt_bind_text_or_null (stmt, 2, locked_until);
  sqlite3_bind_int64 (stmt, 3, account_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, _("recording a login"));
      return FALSE;
    }

  return TRUE;
}

static char *
timestamp_after (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, (double) seconds);

  return ud_timestamp_format (later);
}

/* Seconds left until @locked_until, or 0 when it has passed. */
static gint64
seconds_until (const char *locked_until)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan span;

  if (locked_until == NULL)
    return 0;

  until = g_date_time_new_from_iso8601 (locked_until, utc);
  if (until == NULL)
    return 0;

  span = g_date_time_difference (until, now);
  return span > 0 ? (span + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND : 0;
}

UdAccount *
ud_account_authenticate (UdDatabase  *db,
                         const char  *username,
                         const char  *password,
                         GError     **error)
{
  g_autoptr(UdAccount) account = ud_account_find (db, username);
  sqlite3_stmt *stmt;
  g_autofree char *hash = NULL;
  g_autofree char *locked_until = NULL;
  gint64 wait;
  int failed;

  if (account == NULL)
    {
      /* Same message as a wrong password: do not tell which user names exist. */
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   _("The user name or the password is wrong"));
      return NULL;
    }

  if (!account->active)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   _("The account “%s” is deactivated; ask an administrator"), account->username);
      return NULL;
    }

  wait = seconds_until (account->locked_until);
  if (wait > 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Too many wrong passwords: try again in %d minute",
                                "Too many wrong passwords: try again in %d minutes",
                                (gulong) ((wait + 59) / 60)),
                   (int) ((wait + 59) / 60));
      return NULL;
    }

  stmt = ud_database_prepare (db, "SELECT password_hash FROM account WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = ud_stmt_dup_text (stmt, 0);
  sqlite3_reset (stmt);

  if (ud_password_verify (hash, password))
    {
      if (!ud_database_begin (db, error))
        return NULL;
      if (!write_login_state (db, account->id, 0, NULL, error)
          || !ud_audit_append (db, account, "account", account->uuid, "login", NULL, NULL, error)
          || !ud_database_commit (db, error))
        {
          ud_database_rollback (db);
          return NULL;
        }
      account->failed_logins = 0;
      g_clear_pointer (&account->locked_until, g_free);
      return g_steal_pointer (&account);
    }

  failed = account->failed_logins + 1;
  if (failed >= UD_LOGIN_MAX_FAILURES)
    locked_until = timestamp_after (UD_LOGIN_LOCK_SECONDS);

  if (ud_database_begin (db, NULL))
    {
      if (write_login_state (db, account->id, locked_until ? 0 : failed, locked_until, NULL)
          && ud_audit_append (db, NULL, "account", account->uuid,
                              locked_until ? "login_locked" : "login_failed", NULL, NULL, NULL))
        ud_database_commit (db, NULL);
      else
        ud_database_rollback (db);
    }

  if (locked_until != NULL)
    g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                 _("Too many wrong passwords: the account waits %d minutes before the next try"),
                 UD_LOGIN_LOCK_SECONDS / 60);
  else
    g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                 _("The user name or the password is wrong"));
  return NULL;
}

static gboolean
set_password (UdDatabase      *db,
              const UdAccount *actor,
              UdAccount       *account,
              const char      *new_password,
              gboolean         must_change,
              const char      *action,
              GError         **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;
  gboolean owned;
  gboolean ok = FALSE;

  if (!check_password_rules (account->username, new_password, error))
    return FALSE;

  hash = ud_password_hash (new_password, error);
  if (hash == NULL || !ud_database_begin_owned (db, &owned, error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "UPDATE account SET password_hash = ?1, must_change_password = ?2,"
                              "  failed_logins = 0, locked_until = NULL, password_changed_at = ?3,"
                              "  updated_at = ?3, version = version + 1 WHERE id = ?4",
                              error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, must_change);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, account->id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      if (!ok)
        ud_database_set_error (db, error, _("saving a password"));
    }

  ok = ok && ud_audit_append (db, actor, "account", account->uuid, action, NULL, NULL, error);
  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    return FALSE;

  account->must_change_password = must_change;
  account->failed_logins = 0;
  g_clear_pointer (&account->locked_until, g_free);
  return TRUE;
}

gboolean
ud_account_change_password (UdDatabase  *db,
                            UdAccount   *account,
                            const char  *old_password,
                            const char  *new_password,
                            GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, "SELECT password_hash FROM account WHERE id = ?1",
                                            error);
  g_autofree char *hash = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = ud_stmt_dup_text (stmt, 0);
  sqlite3_reset (stmt);

  if (!ud_password_verify (hash, old_password))
    {
      ud_set_field_error (error, UD_ERROR_PERMISSION, "old_password",
                          _("Current password: it is not right"));
      return FALSE;
    }

  if (g_strcmp0 (old_password, new_password) == 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "password",
                          _("Password: choose a password different from the current one"));
      return FALSE;
    }

  return set_password (db, account, account, new_password, FALSE, "change_password", error);
}

gboolean
ud_account_reset_password (UdDatabase      *db,
                           const UdAccount *actor,
                           gint64           account_id,
                           const char      *new_password,
                           GError         **error)
{
  g_autoptr(UdAccount) account = NULL;

  if (!ud_guard_check_current (db, actor, UD_ACTION_ACCOUNT_ADMIN, error))
    return FALSE;

  account = ud_account_get (db, account_id, error);
  if (account == NULL)
    return FALSE;

  return set_password (db, actor, account, new_password, TRUE, "reset_password", error);
}

static gint64
count_other_active_admins (UdDatabase *db,
                           gint64      account_id)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT count(*) FROM account WHERE active = 1"
                                            "  AND (roles & ?1) != 0 AND id != ?2",
                                            NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_int (stmt, 1, UD_ROLE_ADMIN);
  sqlite3_bind_int64 (stmt, 2, account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gboolean
ud_account_update (UdDatabase      *db,
                   const UdAccount *actor,
                   UdAccount       *account,
                   GError         **error)
{
  g_autoptr(UdAccount) old = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;
  gboolean losing_admin;
  gboolean owned;
  gboolean ok = FALSE;

  if (!ud_guard_check_current (db, actor, UD_ACTION_ACCOUNT_ADMIN, error))
    return FALSE;

  old = ud_account_get (db, account->id, error);
  if (old == NULL)
    return FALSE;

  if (old->version != account->version)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("“%s” was changed by someone else meanwhile; reopen it and try again"),
                   old->username);
      return FALSE;
    }

  if ((account->roles & UD_ROLES_ALL) == 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "roles",
                          _("Roles: give the account at least one role"));
      return FALSE;
    }

  losing_admin = ud_account_has_role (old, UD_ROLE_ADMIN)
                 && (!account->active || !(account->roles & UD_ROLE_ADMIN));
  if (losing_admin && actor->id == account->id)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   _("You cannot remove your own administrator role or deactivate yourself; "
                     "ask another administrator"));
      return FALSE;
    }
  if (losing_admin && count_other_active_admins (db, account->id) == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   _("“%s” is the last active administrator; make another one first"),
                   old->username);
      return FALSE;
    }

  if (!ud_database_begin_owned (db, &owned, error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "UPDATE account SET display_name = ?1, roles = ?2, active = ?3,"
                              "  updated_at = ?4, version = version + 1 "
                              "WHERE id = ?5 AND version = ?6",
                              error);
  if (stmt != NULL)
    {
      g_autofree char *display_name = g_strstrip (g_strdup (account->display_name
                                                            ? account->display_name : ""));

      sqlite3_bind_text (stmt, 1, *display_name ? display_name : account->username, -1,
                         SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, (int) (account->roles & UD_ROLES_ALL));
      sqlite3_bind_int (stmt, 3, account->active);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, account->id);
      sqlite3_bind_int64 (stmt, 6, account->version);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      if (!ok)
        ud_database_set_error (db, error, _("saving an account"));
    }

  if (ok)
    {
      before = account_to_json (old);
      after = account_to_json (account);
      ok = ud_audit_append (db, actor, "account", account->uuid, "update", before, after, error);
    }

  if (!ud_database_end_owned (db, owned, ok, ok ? error : NULL))
    return FALSE;

  account->version++;
  return TRUE;
}
