/* ud-migrations.c — numbered schema migrations, keyed on PRAGMA user_version
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules: never edit a migration that has shipped; add a new one. Each runs in one transaction
 * with the user_version bump. tests/test-migrations.c opens a database at every older version
 * with data in it and migrates it to the latest. */
#define G_LOG_DOMAIN "ud-migrations"

#include "ud-migrations.h"
#include "ud-policy.h"

/* Version 1: organisations, employers, members and their history, the sync outbox. */
static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE org ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  parent_id   INTEGER REFERENCES org (id),"
  "  name        TEXT NOT NULL CHECK (length (trim (name)) > 0),"
  "  kind        TEXT NOT NULL CHECK (kind = 'city' OR kind = 'district' OR kind = 'street'"
  "                OR kind = 'grassroots' OR kind = 'joint' OR kind = 'flowing'),"
  "  region_code TEXT,"
  "  contact     TEXT,"
  "  phone       TEXT,"
  "  address     TEXT,"
  "  is_office   INTEGER NOT NULL DEFAULT 0,"
  "  archived    INTEGER NOT NULL DEFAULT 0,"
  "  created_at  TEXT NOT NULL,"
  "  updated_at  TEXT NOT NULL"
  ");"
  "CREATE INDEX org_parent ON org (parent_id);"
  "CREATE UNIQUE INDEX org_sibling_name ON org (ifnull (parent_id, 0), name);"

  "CREATE TABLE employer ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  name        TEXT NOT NULL CHECK (length (trim (name)) > 0),"
  "  credit_code TEXT,"
  "  is_platform INTEGER NOT NULL DEFAULT 0,"
  "  address     TEXT,"
  "  contact     TEXT,"
  "  phone       TEXT,"
  "  created_at  TEXT NOT NULL,"
  "  updated_at  TEXT NOT NULL"
  ");"
  "CREATE UNIQUE INDEX employer_credit_code ON employer (credit_code)"
  "  WHERE credit_code IS NOT NULL;"
  "CREATE INDEX employer_name ON employer (name);"

  "CREATE TABLE member ("
  "  id              INTEGER PRIMARY KEY,"
  "  uuid            TEXT NOT NULL UNIQUE,"
  "  version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  name            TEXT NOT NULL CHECK (length (trim (name)) > 0),"
  "  name_key        BLOB NOT NULL,"
  "  id_kind         TEXT NOT NULL,"
  "  id_number       TEXT NOT NULL,"
  "  id_number_rev   TEXT NOT NULL,"
  "  sex             TEXT NOT NULL CHECK (sex = 'male' OR sex = 'female' OR sex = 'unknown'),"
  "  birth_date      TEXT NOT NULL,"
  "  mobile          TEXT,"
  "  mobile_rev      TEXT,"
  "  ethnicity       TEXT,"
  "  education       TEXT NOT NULL DEFAULT 'unknown',"
  "  hukou           TEXT NOT NULL DEFAULT 'unknown',"
  "  employer_id     INTEGER REFERENCES employer (id),"
  "  new_employment  TEXT NOT NULL DEFAULT 'none',"
  "  org_id          INTEGER NOT NULL REFERENCES org (id),"
  "  join_date       TEXT,"
  "  join_channel    TEXT NOT NULL DEFAULT 'unknown',"
  "  card_number     TEXT,"
  "  status          TEXT NOT NULL CHECK (status = 'applied' OR status = 'active'"
  "                    OR status = 'transfer_pending' OR status = 'retained' OR status = 'lapsed'"
  "                    OR status = 'withdrawn' OR status = 'expelled' OR status = 'deceased'),"
  /* 1 while the membership is live (applied, active, transfer pending, retained); kept by the
   * store. A column, not an IN list, because SQLite builds a temporary table for every IN list of
   * more than two values each time a statement runs. */
  "  live            INTEGER NOT NULL CHECK (live = (status = 'applied' OR status = 'active'"
  "                    OR status = 'transfer_pending' OR status = 'retained')),"
  "  status_date     TEXT,"
  "  transfer_org_id INTEGER REFERENCES org (id),"
  "  note            TEXT,"
  "  created_at      TEXT NOT NULL,"
  "  updated_at      TEXT NOT NULL"
  ");"
  /* One live membership per ID number; ended memberships keep their rows. */
  "CREATE UNIQUE INDEX member_live_id_number ON member (id_number) WHERE live = 1;"
  "CREATE INDEX member_id_number ON member (id_number);"
  "CREATE INDEX member_id_number_rev ON member (id_number_rev);"
  "CREATE INDEX member_mobile ON member (mobile) WHERE mobile IS NOT NULL;"
  "CREATE INDEX member_mobile_rev ON member (mobile_rev) WHERE mobile_rev IS NOT NULL;"
  "CREATE INDEX member_card_number ON member (card_number) WHERE card_number IS NOT NULL;"
  "CREATE INDEX member_employer ON member (employer_id);"
  "CREATE INDEX member_org ON member (org_id, live);"
  /* Sort orders: the id and live columns in the index let a page at any depth be found by
   * walking the index alone (ud-member-query.c pages in two steps). */
  "CREATE INDEX member_name_key ON member (name_key, id, live);"
  "CREATE INDEX member_join_date ON member (join_date, id, live);"
  "CREATE INDEX member_status ON member (status, name_key, id);"
  /* Sorting the members a search found: their sort keys by id, read from this narrow index
   * instead of from tens of thousands of member rows. */
  "CREATE INDEX member_id_sort ON member (id, name_key, live);"

  /* Search grams of names (every substring of 1–3 characters), so that 1- and 2-character
   * queries work, which FTS5's trigram tokenizer cannot do. Contentless: rows are deleted by
   * giving the grams they were inserted with (ud-member-store.c keeps them in step). */
  "CREATE VIRTUAL TABLE member_gram USING fts5 ("
  "  grams, content = '', detail = none, columnsize = 0,"
  "  tokenize = 'unicode61 remove_diacritics 0'"
  ");"

  "CREATE TABLE membership_event ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  version     INTEGER NOT NULL DEFAULT 1,"
  "  member_id   INTEGER NOT NULL REFERENCES member (id),"
  "  kind        TEXT NOT NULL,"
  "  event_date  TEXT NOT NULL,"
  "  from_status TEXT,"
  "  to_status   TEXT,"
  "  from_org_id INTEGER REFERENCES org (id),"
  "  to_org_id   INTEGER REFERENCES org (id),"
  "  reason      TEXT,"
  "  changes     TEXT,"
  "  created_at  TEXT NOT NULL"
  ");"
  "CREATE INDEX membership_event_member ON membership_event (member_id, id);"

  /* The sync outbox (SYNC-PROTOCOL.md): one row per change, written in the change's transaction.
   * seq numbers the installation's changes 1, 2, 3… without gaps (AUTOINCREMENT never reuses,
   * and a rolled-back insert does not consume a number). A row in a batch is never changed. */
  "CREATE TABLE outbox ("
  "  seq        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  entity     TEXT NOT NULL,"
  "  schema     INTEGER NOT NULL DEFAULT 1,"
  "  uuid       TEXT NOT NULL,"
  "  version    INTEGER NOT NULL,"
  "  op         TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  payload    TEXT NOT NULL,"
  "  changed_at TEXT NOT NULL,"
  "  batch_id   TEXT,"
  "  state      TEXT NOT NULL DEFAULT 'pending'"
  "               CHECK (state = 'pending' OR state = 'rejected' OR state = 'conflict'),"
  "  result_code    TEXT,"
  "  result_field   TEXT,"
  "  result_message TEXT"
  ");"
  "CREATE INDEX outbox_unbatched ON outbox (entity, uuid) WHERE batch_id IS NULL;"
  "CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;"
  "CREATE INDEX outbox_state ON outbox (state);";

/* Version 2: accounts and the audit trail. The audit trail is append-only: triggers refuse
 * UPDATE and DELETE, and ud_audit_verify() finds what was changed behind their back. */
static const char migration_2[] =
  "CREATE TABLE account ("
  "  id                   INTEGER PRIMARY KEY,"
  "  uuid                 TEXT NOT NULL UNIQUE,"
  "  version              INTEGER NOT NULL DEFAULT 1,"
  "  username             TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  display_name         TEXT NOT NULL,"
  "  password_hash        TEXT NOT NULL,"
  "  roles                INTEGER NOT NULL DEFAULT 0,"
  "  active               INTEGER NOT NULL DEFAULT 1,"
  "  failed_logins        INTEGER NOT NULL DEFAULT 0,"
  "  locked_until         TEXT,"
  "  must_change_password INTEGER NOT NULL DEFAULT 0,"
  "  created_at           TEXT NOT NULL,"
  "  updated_at           TEXT NOT NULL,"
  "  password_changed_at  TEXT"
  ");"

  "CREATE TABLE audit_entry ("
  "  seq          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  uuid         TEXT NOT NULL UNIQUE,"
  "  at           TEXT NOT NULL,"
  "  account_id   INTEGER REFERENCES account (id),"
  "  account_name TEXT NOT NULL,"
  "  entity       TEXT NOT NULL,"
  "  record_uuid  TEXT,"
  "  action       TEXT NOT NULL,"
  "  changes      TEXT NOT NULL,"
  "  prev_hash    TEXT NOT NULL,"
  "  hash         TEXT NOT NULL"
  ");"
  "CREATE INDEX audit_entry_record ON audit_entry (record_uuid, seq);"
  "CREATE INDEX audit_entry_account ON audit_entry (account_id, seq);"
  "CREATE INDEX audit_entry_at ON audit_entry (at);"
  "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
  "  BEGIN SELECT RAISE (ABORT, 'audit entries cannot be changed'); END;"
  "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
  "  BEGIN SELECT RAISE (ABORT, 'audit entries cannot be deleted'); END;";

/* Version 3: policy parameters with effective dates, hardship files (困难职工档案) with their
 * household members and status history.
 *
 * policy_param.value is an integer whose unit depends on the parameter (ud-policy.c lists them):
 * fen for money, basis points for ratios (5000 = 50%), or whole days. A region of '' applies
 * everywhere; a region's own value beats it. Rows are never rewritten by a later change: a new
 * value is a new row with its own effective date, so old decisions keep what they used. */
static const char migration_3[] =
  "CREATE TABLE policy_param ("
  "  id             INTEGER PRIMARY KEY,"
  "  uuid           TEXT NOT NULL UNIQUE,"
  "  version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  name           TEXT NOT NULL CHECK (length (name) > 0),"
  "  region         TEXT NOT NULL DEFAULT '',"
  "  value          INTEGER NOT NULL,"
  "  effective_from TEXT NOT NULL,"
  "  source         TEXT NOT NULL DEFAULT 'local' CHECK (source = 'local' OR source = 'city'),"
  "  note           TEXT,"
  "  created_by     INTEGER REFERENCES account (id),"
  "  created_at     TEXT NOT NULL,"
  "  updated_at     TEXT NOT NULL,"
  "  UNIQUE (name, region, effective_from, source)"
  ");"

  "CREATE TABLE hardship_file ("
  "  id                    INTEGER PRIMARY KEY,"
  "  uuid                  TEXT NOT NULL UNIQUE,"
  "  version               INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  file_number           TEXT NOT NULL UNIQUE,"
  "  member_id             INTEGER NOT NULL REFERENCES member (id),"
  "  worker_id_number      TEXT NOT NULL,"
  "  org_id                INTEGER NOT NULL REFERENCES org (id),"
  "  region_code           TEXT NOT NULL DEFAULT '',"
  "  proposed_category     TEXT NOT NULL DEFAULT 'none',"
  "  category              TEXT NOT NULL DEFAULT 'none',"
  "  category_reason       TEXT,"
  "  main_cause            TEXT NOT NULL DEFAULT 'none',"
  "  secondary_causes      TEXT NOT NULL DEFAULT '',"
  "  work_status           TEXT NOT NULL DEFAULT 'unknown',"
  "  health                TEXT NOT NULL DEFAULT 'unknown',"
  "  disability            TEXT,"
  "  housing               TEXT NOT NULL DEFAULT 'unknown',"
  "  worker_monthly_income_fen INTEGER NOT NULL DEFAULT 0 CHECK (worker_monthly_income_fen >= 0),"
  "  household_size        INTEGER NOT NULL DEFAULT 1 CHECK (household_size >= 1),"
  "  other_income_fen      INTEGER NOT NULL DEFAULT 0 CHECK (other_income_fen >= 0),"
  "  annual_income_fen     INTEGER NOT NULL DEFAULT 0 CHECK (annual_income_fen >= 0),"
  "  rigid_expenses_fen    INTEGER NOT NULL DEFAULT 0 CHECK (rigid_expenses_fen >= 0),"
  "  hardship_costs_fen    INTEGER NOT NULL DEFAULT 0 CHECK (hardship_costs_fen >= 0),"
  "  per_capita_monthly_fen INTEGER NOT NULL DEFAULT 0,"
  "  dibao_monthly_fen     INTEGER NOT NULL DEFAULT 0,"
  "  policy_snapshot       TEXT NOT NULL DEFAULT '{}',"
  "  bank_name             TEXT,"
  "  bank_account          TEXT,"
  "  bank_holder           TEXT,"
  "  documents             TEXT NOT NULL DEFAULT '',"
  "  unit_opinion          TEXT,"
  "  review_opinion        TEXT,"
  "  approval_opinion      TEXT,"
  "  review_year           INTEGER,"
  "  status                TEXT NOT NULL CHECK (status = 'draft' OR status = 'submitted'"
  "                          OR status = 'verifying' OR status = 'publicised'"
  "                          OR status = 'reviewed' OR status = 'active'"
  "                          OR status = 'annual_review' OR status = 'returned'"
  "                          OR status = 'rejected' OR status = 'exited'),"
  /* 1 while the file holds its IDs (every status but rejected and exited); kept by the store. */
  "  live                  INTEGER NOT NULL CHECK (live = (status <> 'rejected'"
  "                          AND status <> 'exited')),"
  "  status_reason         TEXT,"
  "  status_date           TEXT,"
  "  publicity_start       TEXT,"
  "  publicity_days        INTEGER,"
  "  exit_reason           TEXT,"
  "  filed_date            TEXT,"
  "  created_by            INTEGER REFERENCES account (id),"
  "  last_edited_by        INTEGER REFERENCES account (id),"
  "  reviewed_by           INTEGER REFERENCES account (id),"
  "  approved_by           INTEGER REFERENCES account (id),"
  "  created_at            TEXT NOT NULL,"
  "  updated_at            TEXT NOT NULL"
  ");"
  /* One live file per worker ID; household members are checked by the store. */
  "CREATE UNIQUE INDEX hardship_file_live_worker ON hardship_file (worker_id_number)"
  "  WHERE live = 1;"
  "CREATE INDEX hardship_file_member ON hardship_file (member_id);"
  "CREATE INDEX hardship_file_status ON hardship_file (status, id);"
  "CREATE INDEX hardship_file_org ON hardship_file (org_id, live);"

  "CREATE TABLE household_member ("
  "  id                 INTEGER PRIMARY KEY,"
  "  uuid               TEXT NOT NULL UNIQUE,"
  "  version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  file_id            INTEGER NOT NULL REFERENCES hardship_file (id),"
  "  position           INTEGER NOT NULL DEFAULT 0,"
  "  name               TEXT NOT NULL CHECK (length (trim (name)) > 0),"
  "  relation           TEXT NOT NULL,"
  "  id_number          TEXT,"
  "  birth_date         TEXT,"
  "  health             TEXT NOT NULL DEFAULT 'unknown',"
  "  monthly_income_fen INTEGER NOT NULL DEFAULT 0 CHECK (monthly_income_fen >= 0),"
  "  school_or_employer TEXT,"
  "  created_at         TEXT NOT NULL,"
  "  updated_at         TEXT NOT NULL"
  ");"
  "CREATE INDEX household_member_file ON household_member (file_id, position);"
  "CREATE INDEX household_member_id_number ON household_member (id_number)"
  "  WHERE id_number IS NOT NULL;"

  "CREATE TABLE hardship_file_event ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  file_id     INTEGER NOT NULL REFERENCES hardship_file (id),"
  "  action      TEXT NOT NULL,"
  "  from_status TEXT,"
  "  to_status   TEXT NOT NULL,"
  "  event_date  TEXT NOT NULL,"
  "  account_id  INTEGER REFERENCES account (id),"
  "  reason      TEXT,"
  "  created_at  TEXT NOT NULL"
  ");"
  "CREATE INDEX hardship_file_event_file ON hardship_file_event (file_id, id);";

/* The default policy (source 'local', in force from 2020-01-01), editable by the administrator. */
static gboolean
after_3 (UdDatabase  *db,
         GError     **error)
{
  return ud_policy_insert_defaults (db, error);
}

static const UdMigration migrations[] = {
  { 1, migration_1, NULL },
  { 2, migration_2, NULL },
  { 3, migration_3, after_3 },
};

const UdMigration *
ud_migrations_get (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
