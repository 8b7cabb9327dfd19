/* ud-payout-store.c — payout lines and batches: what the treasurer pays, and what the bank did
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-payout-store"

#include <string.h>

#include "ud-aid-store.h"
#include "ud-audit.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-hardship.h"
#include "ud-i18n.h"
#include "ud-insurance-store.h"
#include "ud-json.h"
#include "ud-money.h"
#include "ud-outbox.h"
#include "ud-payout-store.h"
#include "ud-uuid.h"

#define PAYOUT_SCHEMA 1
#define BATCH_SCHEMA 1

/* Closed lists */

static const char *const ud_payout_source_info_codes[] = { "aid", "insurance" };
static const char *const ud_payout_source_info_labels[] = {
  N_("Aid application"), N_("Insurance claim"),
};
static const char *const ud_payout_source_info_aliases[] = { "帮扶救助|救助", "互助保障|理赔" };
UD_ENUM_INFO (ud_payout_source_info, "payout-source");

static const char *const ud_fund_source_info_codes[] = {
  "central_hardship", "union_funds", "donations", "mutual_insurance",
};
static const char *const ud_fund_source_info_labels[] = {
  N_("Central hardship funds"), N_("Union funds"), N_("Donations"), N_("Mutual-insurance fund"),
};
static const char *const ud_fund_source_info_aliases[] = {
  "中央财政帮扶资金|帮扶资金|central", "工会经费|union", "社会捐赠|捐赠|donation",
  "互助保障资金|互助金|insurance",
};
UD_ENUM_INFO (ud_fund_source_info, "fund-source");

static const char *const ud_payout_status_info_codes[] = {
  "pending", "in_batch", "paid", "failed", "reissued",
};
static const char *const ud_payout_status_info_labels[] = {
  N_("To pay"), N_("In a batch"), N_("Paid"), N_("Failed"), N_("Reissued"),
};
static const char *const ud_payout_status_info_aliases[] = {
  "待发放|待付", "已编批|发放中", "已发放|已支付", "发放失败|失败", "已重发|已补发",
};
UD_ENUM_INFO (ud_payout_status_info, "payout-status");

static const char *const ud_payout_batch_status_info_codes[] = { "open", "exported", "closed" };
static const char *const ud_payout_batch_status_info_labels[] = {
  N_("Open"), N_("Sent to the bank"), N_("Closed"),
};
static const char *const ud_payout_batch_status_info_aliases[] = {
  "编制中", "已导出|已送银行", "已完成|已结清",
};
UD_ENUM_INFO (ud_payout_batch_status_info, "payout-batch-status");

char *
ud_payout_dup_category_label (UdPayoutSource  source,
                              const char     *category)
{
  int value;

  if (source == UD_PAYOUT_SOURCE_AID && ud_enum_from_code (&ud_aid_type_info, category, &value))
    return g_strdup (ud_enum_label (&ud_aid_type_info, value));
  if (source == UD_PAYOUT_SOURCE_INSURANCE
      && ud_enum_from_code (&ud_insurance_plan_kind_info, category, &value))
    /* Translators: what a payout pays, a mutual-insurance plan: "互助保障：意外伤害" */
    return g_strdup_printf (_("Mutual insurance: %s"),
                            ud_enum_label (&ud_insurance_plan_kind_info, value));
  return g_strdup (category);
}

char *
ud_payout_dup_status_text (const UdPayout *payout)
{
  const char *status;

  g_return_val_if_fail (payout != NULL, NULL);

  status = ud_enum_label (&ud_payout_status_info, payout->status);
  switch (payout->status)
    {
    case UD_PAYOUT_PAID:
      /* Translators: "Paid on 2026-11-20, voucher B0001" */
      return g_strdup_printf (_("Paid on %s, voucher %s"), payout->paid_date, payout->voucher);
    case UD_PAYOUT_FAILED:
    case UD_PAYOUT_REISSUED:
      /* Translators: "Failed on 2026-11-20: 户名不符" */
      return g_strdup_printf (_("%s on %s: %s"), status,
                              payout->failed_date ? payout->failed_date : "",
                              payout->failure_reason ? payout->failure_reason : "");
    case UD_PAYOUT_IN_BATCH:
      /* Translators: "In a batch: FF2026-0001" */
      return g_strdup_printf (_("%s: %s"), status, payout->batch_number);
    case UD_PAYOUT_PENDING:
    default:
      return g_strdup (status);
    }
}

/* Records */

void
ud_payout_free (UdPayout *payout)
{
  if (payout == NULL)
    return;
  g_free (payout->uuid);
  g_free (payout->source_uuid);
  g_free (payout->source_number);
  g_free (payout->category);
  g_free (payout->org_name);
  g_free (payout->payee_name);
  g_free (payout->payee_id_number);
  g_free (payout->bank_name);
  g_free (payout->bank_account);
  g_free (payout->bank_holder);
  g_free (payout->holder_reason);
  g_free (payout->batch_number);
  g_free (payout->voucher);
  g_free (payout->paid_date);
  g_free (payout->failure_reason);
  g_free (payout->failed_date);
  g_free (payout->approved_date);
  g_free (payout->created_at);
  g_free (payout->updated_at);
  g_free (payout);
}

void
ud_payout_batch_free (UdPayoutBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->uuid);
  g_free (batch->number);
  g_free (batch->note);
  g_free (batch->checksum);
  g_free (batch->transfer_date);
  g_free (batch->exported_at);
  g_free (batch->closed_at);
  g_free (batch->created_at);
  g_free (batch->updated_at);
  g_free (batch);
}

void
ud_bank_return_report_free (UdBankReturnReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

#define PAYOUT_COLUMNS                                                                      \
  "p.id, p.uuid, p.version, p.source, coalesce (p.aid_application_id, p.insurance_claim_id),"\
  "  p.source_uuid, p.source_number, p.category, p.member_id, p.org_id, o.name,"            \
  "  p.payee_name, p.payee_id_number, p.bank_name, p.bank_account, p.bank_holder,"          \
  "  p.holder_reason, p.amount_fen, p.fund_source, p.status, p.batch_id, b.number,"         \
  "  p.batch_seq, p.voucher, p.paid_date, p.failure_reason, p.failed_date,"                 \
  "  p.reissued_from, p.approved_date, p.created_by, p.last_edited_by, p.created_at,"       \
  "  p.updated_at "                                                                         \
  "FROM payout p JOIN org o ON o.id = p.org_id "                                            \
  "LEFT JOIN payout_batch b ON b.id = p.batch_id "

static UdPayout *
payout_from_row (sqlite3_stmt *stmt)
{
  UdPayout *payout = g_new0 (UdPayout, 1);

  payout->id = sqlite3_column_int64 (stmt, 0);
  payout->uuid = ud_stmt_dup_text (stmt, 1);
  payout->version = sqlite3_column_int64 (stmt, 2);
  payout->source = ud_stmt_column_enum (stmt, 3, &ud_payout_source_info);
  payout->source_id = sqlite3_column_int64 (stmt, 4);
  payout->source_uuid = ud_stmt_dup_text (stmt, 5);
  payout->source_number = ud_stmt_dup_text (stmt, 6);
  payout->category = ud_stmt_dup_text (stmt, 7);
  payout->member_id = sqlite3_column_int64 (stmt, 8);
  payout->org_id = sqlite3_column_int64 (stmt, 9);
  payout->org_name = ud_stmt_dup_text (stmt, 10);
  payout->payee_name = ud_stmt_dup_text (stmt, 11);
  payout->payee_id_number = ud_stmt_dup_text (stmt, 12);
  payout->bank_name = ud_stmt_dup_text (stmt, 13);
  payout->bank_account = ud_stmt_dup_text (stmt, 14);
  payout->bank_holder = ud_stmt_dup_text (stmt, 15);
  payout->holder_reason = ud_stmt_dup_text (stmt, 16);
  payout->amount_fen = sqlite3_column_int64 (stmt, 17);
  payout->fund_source = ud_stmt_column_enum (stmt, 18, &ud_fund_source_info);
  payout->status = ud_stmt_column_enum (stmt, 19, &ud_payout_status_info);
  payout->batch_id = sqlite3_column_int64 (stmt, 20);
  payout->batch_number = ud_stmt_dup_text (stmt, 21);
  payout->batch_seq = sqlite3_column_int (stmt, 22);
  payout->voucher = ud_stmt_dup_text (stmt, 23);
  payout->paid_date = ud_stmt_dup_text (stmt, 24);
  payout->failure_reason = ud_stmt_dup_text (stmt, 25);
  payout->failed_date = ud_stmt_dup_text (stmt, 26);
  payout->reissued_from = sqlite3_column_int64 (stmt, 27);
  payout->approved_date = ud_stmt_dup_text (stmt, 28);
  payout->created_by = sqlite3_column_int64 (stmt, 29);
  payout->last_edited_by = sqlite3_column_int64 (stmt, 30);
  payout->created_at = ud_stmt_dup_text (stmt, 31);
  payout->updated_at = ud_stmt_dup_text (stmt, 32);
  return payout;
}

/* Runs @stmt (bound) and collects its payout rows. */
static GPtrArray *
collect_payouts (UdDatabase    *db,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  return ud_database_collect (db, stmt, (UdRowFunc) payout_from_row,
                              (GDestroyNotify) ud_payout_free, _("reading the payouts"), error);
}

/* The one payout @stmt finds, or NULL: with a not-found error when @missing_is_error. */
static UdPayout *
one_payout (UdDatabase    *db,
            sqlite3_stmt  *stmt,
            gboolean       missing_is_error,
            GError       **error)
{
  g_autoptr(GPtrArray) payouts = collect_payouts (db, stmt, error);

  if (payouts == NULL)
    return NULL;
  if (payouts->len == 0)
    {
      if (missing_is_error)
        g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("There is no such payout"));
      return NULL;
    }
  return g_ptr_array_steal_index (payouts, 0);
}

UdPayout *
ud_payout_store_get (UdDatabase  *db,
                     gint64       id,
                     GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, "SELECT " PAYOUT_COLUMNS "WHERE p.id = ?1",
                                            error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return one_payout (db, stmt, TRUE, error);
}

UdPayout *
ud_payout_store_get_for_source (UdDatabase      *db,
                                UdPayoutSource   source,
                                gint64           source_id,
                                GError         **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " PAYOUT_COLUMNS
                                            "WHERE p.source = ?1 AND p.status <> 'reissued'"
                                            "  AND coalesce (p.aid_application_id,"
                                            "    p.insurance_claim_id) = ?2",
                                            error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ud_enum_code (&ud_payout_source_info, source), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, source_id);
  return one_payout (db, stmt, FALSE, error);
}

/* The WHERE clause of @filter; parameters ?1 status, ?2 fund, ?3 batch, ?4 text pattern. */
static const char filter_where[] =
  "WHERE (?1 IS NULL OR p.status = ?1) AND (?2 IS NULL OR p.fund_source = ?2)"
  "  AND (?3 IS NULL OR p.batch_id = ?3)"
  "  AND (?4 IS NULL OR p.payee_name LIKE ?4 ESCAPE '\\' OR p.source_number LIKE ?4 ESCAPE '\\'"
  "       OR p.voucher LIKE ?4 ESCAPE '\\' OR b.number LIKE ?4 ESCAPE '\\') ";

static char *
like_pattern (const char *text)
{
  g_autoptr(GString) pattern = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  if (*stripped == '\0')
    return NULL;
  pattern = g_string_new ("%");
  for (const char *p = stripped; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (g_steal_pointer (&pattern), FALSE);
}

static void
bind_filter (sqlite3_stmt          *stmt,
             const UdPayoutFilter  *filter,
             const char            *pattern)
{
  if (filter->status >= 0)
    sqlite3_bind_text (stmt, 1, ud_enum_code (&ud_payout_status_info, filter->status), -1,
                       SQLITE_STATIC);
  if (filter->fund_source >= 0)
    sqlite3_bind_text (stmt, 2, ud_enum_code (&ud_fund_source_info, filter->fund_source), -1,
                       SQLITE_STATIC);
  if (filter->batch_id > 0)
    sqlite3_bind_int64 (stmt, 3, filter->batch_id);
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 4, pattern, -1, SQLITE_TRANSIENT);
}

GPtrArray *
ud_payout_store_list (UdDatabase            *db,
                      const UdPayoutFilter  *filter,
                      guint                  offset,
                      guint                  limit,
                      GError               **error)
{
  g_autofree char *sql = g_strconcat ("SELECT " PAYOUT_COLUMNS, filter_where,
                                      "ORDER BY p.approved_date DESC, p.id DESC"
                                      UD_DATABASE_PAGE_SQL, NULL);
  g_autofree char *pattern = like_pattern (filter->text);
  sqlite3_stmt *stmt = ud_database_prepare_built (db, sql, error);

  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter, pattern);
  ud_stmt_bind_page (stmt, offset, limit);
  return collect_payouts (db, stmt, error);
}

gboolean
ud_payout_store_count (UdDatabase            *db,
                       const UdPayoutFilter  *filter,
                       guint                 *out_count,
                       GError               **error)
{
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM payout p "
                                      "LEFT JOIN payout_batch b ON b.id = p.batch_id ",
                                      filter_where, NULL);
  g_autofree char *pattern = like_pattern (filter->text);
  sqlite3_stmt *stmt = ud_database_prepare_built (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, filter, pattern);
  return ud_database_read_count (db, stmt, out_count, _("counting the payouts"), error);
}

GArray *
ud_payout_store_list_ready (UdDatabase  *db,
                            int          fund_source,
                            GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT id FROM payout WHERE status = 'pending'"
                                            "  AND bank_account IS NOT NULL"
                                            "  AND (?1 IS NULL OR fund_source = ?1)"
                                            " ORDER BY approved_date, id",
                                            error);

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  if (stmt == NULL)
    return NULL;
  if (fund_source >= 0)
    sqlite3_bind_text (stmt, 1, ud_enum_code (&ud_fund_source_info, fund_source), -1,
                       SQLITE_STATIC);
  return ud_database_collect_ids (db, stmt, _("reading the payouts"), error);
}

GPtrArray *
ud_payout_store_list_batch_lines (UdDatabase  *db,
                                  gint64       batch_id,
                                  GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " PAYOUT_COLUMNS
                                            "WHERE p.batch_id = ?1 ORDER BY p.batch_seq",
                                            error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  return collect_payouts (db, stmt, error);
}

/* What is synced, hashed and audited */

static JsonObject *
payout_to_json (UdPayout *payout)
{
  JsonObject *data = json_object_new ();

#define SET_STRING(key, value) json_object_set_string_member (data, key, value)
  SET_STRING ("uuid", payout->uuid);
  json_object_set_int_member (data, "version", payout->version);
  SET_STRING ("source", ud_enum_code (&ud_payout_source_info, payout->source));
  SET_STRING ("source_uuid", payout->source_uuid);
  SET_STRING ("source_number", payout->source_number);
  SET_STRING ("category", payout->category);
  SET_STRING ("payee_name", payout->payee_name);
  SET_STRING ("payee_id_number", payout->payee_id_number);
  SET_STRING ("bank_name", payout->bank_name);
  SET_STRING ("bank_account", payout->bank_account);
  SET_STRING ("bank_holder", payout->bank_holder);
  SET_STRING ("holder_reason", payout->holder_reason);
  json_object_set_int_member (data, "amount_fen", payout->amount_fen);
  SET_STRING ("fund_source", ud_enum_code (&ud_fund_source_info, payout->fund_source));
  SET_STRING ("status", ud_enum_code (&ud_payout_status_info, payout->status));
  SET_STRING ("batch_number", payout->batch_number);
  json_object_set_int_member (data, "batch_seq", payout->batch_seq);
  SET_STRING ("voucher", payout->voucher);
  SET_STRING ("paid_date", payout->paid_date);
  SET_STRING ("failure_reason", payout->failure_reason);
  SET_STRING ("failed_date", payout->failed_date);
  SET_STRING ("approved_date", payout->approved_date);
  SET_STRING ("created_at", payout->created_at);
  SET_STRING ("updated_at", payout->updated_at);
#undef SET_STRING
  return data;
}

/* The payout as synced: the record and the uuids it refers to. */
static JsonObject *
payout_payload (UdDatabase *db,
                UdPayout   *payout)
{
  JsonObject *data = payout_to_json (payout);
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT m.uuid, o.uuid, b.uuid, r.uuid "
                                            "FROM payout p JOIN member m ON m.id = p.member_id "
                                            "JOIN org o ON o.id = p.org_id "
                                            "LEFT JOIN payout_batch b ON b.id = p.batch_id "
                                            "LEFT JOIN payout r ON r.id = p.reissued_from "
                                            "WHERE p.id = ?1",
                                            NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, payout->id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          static const char *const keys[] = {
            "member_uuid", "org_uuid", "batch_uuid", "reissued_from_uuid",
          };

          for (int i = 0; i < (int) G_N_ELEMENTS (keys); i++)
            json_object_set_string_member (data, keys[i],
                                           (const char *) sqlite3_column_text (stmt, i));
        }
      sqlite3_reset (stmt);
    }
  return data;
}

static JsonObject *
payout_audit_object (UdPayout *payout)
{
  JsonObject *data = payout_to_json (payout);

  json_object_remove_member (data, "version");
  json_object_remove_member (data, "updated_at");
  json_object_remove_member (data, "created_at");
  return data;
}

/* Re-reads the line @id after a change and writes its audit entry and outbox row. */
static gboolean
record_payout_change (UdDatabase        *db,
                      const UdAccount   *actor,
                      gint64             id,
                      UdPayout          *before,
                      const char        *action,
                      GError           **error)
{
  g_autoptr(UdPayout) after = ud_payout_store_get (db, id, error);
  g_autoptr(JsonObject) after_object = NULL;
  g_autoptr(JsonObject) before_object = NULL;
  g_autoptr(JsonObject) data = NULL;

  if (after == NULL)
    return FALSE;

  after_object = payout_audit_object (after);
  before_object = before ? payout_audit_object (before) : NULL;
  if (!ud_audit_append (db, actor, "payout", after->uuid, action, before_object, after_object,
                        error))
    return FALSE;

  data = payout_payload (db, after);
  return ud_outbox_append (db, "payout", PAYOUT_SCHEMA, after->uuid, after->version, "upsert",
                           data, error);
}

/* Moves the application or claim a line pays along with the line. */
static gboolean
source_payment_changed (UdDatabase        *db,
                        const UdAccount   *actor,
                        const UdPayout    *payout,
                        const char        *status,
                        const char        *reason,
                        GError           **error)
{
  switch (payout->source)
    {
    case UD_PAYOUT_SOURCE_AID:
      return ud_aid_store_payment_changed (db, actor, payout->source_id, status, reason, error);
    case UD_PAYOUT_SOURCE_INSURANCE:
      return ud_insurance_store_payment_changed (db, actor, payout->source_id, status, reason,
                                                 error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
run_done (UdDatabase    *db,
          sqlite3_stmt  *stmt,
          const char    *what,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ud_database_set_error (db, error, what);
      return FALSE;
    }
  return TRUE;
}

/* Checks and normalises bank details: the account's digits into *@out_account (NULL when none
 * and @required is FALSE); a holder other than the payee needs a reason. */
static gboolean
check_account (const char  *payee_name,
               const char  *bank_account,
               const char  *bank_holder,
               const char  *holder_reason,
               gboolean     required,
               char       **out_account,
               GError     **error)
{
  g_autofree char *holder = g_strstrip (g_strdup (bank_holder ? bank_holder : ""));
  g_autofree char *reason = g_strstrip (g_strdup (holder_reason ? holder_reason : ""));
  g_autofree char *account = g_strstrip (g_strdup (bank_account ? bank_account : ""));

  *out_account = NULL;
  if (*account == '\0')
    {
      if (required)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "bank_account",
                              _("Bank account: enter the account the money goes to"));
          return FALSE;
        }
      return TRUE;
    }
  if (!ud_hardship_bank_account_parse (account, out_account, error))
    return FALSE;

  if (*holder != '\0' && g_strcmp0 (holder, payee_name) != 0 && *reason == '\0')
    {
      g_clear_pointer (out_account, g_free);
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "holder_reason",
                          _("Account holder: “%s” is not the payee “%s”; enter why the money "
                            "goes to this account (real-name payment)"), holder, payee_name);
      return FALSE;
    }
  return TRUE;
}

/* Creating a line */

gboolean
ud_payout_store_create_for_origin (UdDatabase            *db,
                                   const UdAccount       *actor,
                                   const UdPayoutOrigin  *origin,
                                   gint64                *out_id,
                                   GError               **error)
{
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *account = NULL;
  g_autoptr(UdPayout) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (origin != NULL && origin->payee_name != NULL, FALSE);
  g_return_val_if_fail (ud_database_in_transaction (db), FALSE);

  if (origin->amount_fen <= 0 || origin->amount_fen > UD_MONEY_MAX_FEN)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, "amount_fen",
                          _("Amount: a payout is more than zero"));
      return FALSE;
    }

  existing = ud_payout_store_get_for_source (db, origin->source, origin->source_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (existing != NULL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("%s already has a payout line (%s): a record is paid once"),
                   origin->source_number, ud_enum_label (&ud_payout_status_info,
                                                         existing->status));
      return FALSE;
    }

  /* An account that is wrong is left for the treasurer to correct rather than blocking the
   * approval; only a valid one is copied. */
  if (!check_account (origin->payee_name, origin->bank_account, origin->bank_holder,
                      origin->holder_reason, FALSE, &account, NULL))
    account = NULL;

  stmt = ud_database_prepare (db,
                              "INSERT INTO payout (uuid, source, aid_application_id,"
                              "  insurance_claim_id, source_uuid, source_number, category,"
                              "  member_id, org_id, payee_name, payee_id_number, bank_name,"
                              "  bank_account, bank_holder, holder_reason, amount_fen,"
                              "  fund_source, status, approved_date, created_by, last_edited_by,"
                              "  created_at, updated_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                              "  ?14, ?15, ?16, ?17, 'pending', ?18, ?19, ?19, ?20, ?20)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ud_enum_code (&ud_payout_source_info, origin->source), -1,
                     SQLITE_STATIC);
  if (origin->source == UD_PAYOUT_SOURCE_AID)
    sqlite3_bind_int64 (stmt, 3, origin->source_id);
  else
    sqlite3_bind_int64 (stmt, 4, origin->source_id);
  sqlite3_bind_text (stmt, 5, origin->source_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, origin->source_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, origin->category, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, origin->member_id);
  sqlite3_bind_int64 (stmt, 9, origin->org_id);
  sqlite3_bind_text (stmt, 10, origin->payee_name, -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 11, origin->payee_id_number);
  ud_stmt_bind_text_or_null (stmt, 12, origin->bank_name);
  ud_stmt_bind_text_or_null (stmt, 13, account);
  ud_stmt_bind_text_or_null (stmt, 14, account ? origin->bank_holder : NULL);
  ud_stmt_bind_text_or_null (stmt, 15, account ? origin->holder_reason : NULL);
  sqlite3_bind_int64 (stmt, 16, origin->amount_fen);
  sqlite3_bind_text (stmt, 17, ud_enum_code (&ud_fund_source_info, origin->fund_source), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 18, origin->approved_date, -1, SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 19, actor ? actor->id : 0);
  sqlite3_bind_text (stmt, 20, now, -1, SQLITE_STATIC);
  if (!run_done (db, stmt, _("saving the payout"), error))
    return FALSE;

  id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
  if (out_id != NULL)
    *out_id = id;
  return record_payout_change (db, actor, id, NULL, "create", error);
}

/* Changing a line */

/* Loads line @id in one of the statuses of @allowed (bits of UdPayoutStatus); @what names the
 * change refused otherwise. */
static UdPayout *
load_line (UdDatabase  *db,
           gint64       id,
           guint        allowed,
           const char  *what,
           GError     **error)
{
  g_autoptr(UdPayout) payout = ud_payout_store_get (db, id, error);

  if (payout == NULL)
    return NULL;
  if ((allowed & (1u << payout->status)) == 0)
    {
      if (payout->status == UD_PAYOUT_PAID)
        g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                     /* Translators: "The payout of JZ2026-00001 was paid on 2026-11-20
                      * (voucher 123): it cannot be marked paid again" */
                     _("The payout of %s was paid on %s (voucher %s): %s is not possible"),
                     payout->source_number, payout->paid_date, payout->voucher, what);
      else
        g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                     /* Translators: "The payout of JZ2026-00001 is “In a batch”: “Correct the
                      * account” is not possible from that status" */
                     _("The payout of %s is “%s”: “%s” is not possible from that status"),
                     payout->source_number,
                     ud_enum_label (&ud_payout_status_info, payout->status), what);
      return NULL;
    }
  return g_steal_pointer (&payout);
}

/* The same for a change by the treasurer: guarded first. */
static UdPayout *
load_for_change (UdDatabase       *db,
                 const UdAccount  *actor,
                 gint64            id,
                 guint             allowed,
                 const char       *what,
                 GError          **error)
{
  if (!ud_guard_check_current (db, actor, UD_ACTION_PAY, error))
    return NULL;
  return load_line (db, id, allowed, what, error);
}

#define ALLOW(s) (1u << UD_PAYOUT_##s)

typedef struct
{
  const UdAccount *actor;
  gint64           id;
  const char      *bank_name;
  const char      *bank_account;
  const char      *bank_holder;
  const char      *holder_reason;
  UdFundSource     fund_source;
} AccountArgs;

static gboolean
set_account_func (UdDatabase  *db,
                  gpointer     data,
                  GError     **error)
{
  AccountArgs *args = data;
  g_autoptr(UdPayout) payout = NULL;
  g_autofree char *account = NULL;
  g_autofree char *bank_name = g_strstrip (g_strdup (args->bank_name ? args->bank_name : ""));
  g_autofree char *holder = g_strstrip (g_strdup (args->bank_holder ? args->bank_holder : ""));
  g_autofree char *reason = g_strstrip (g_strdup (args->holder_reason ? args->holder_reason
                                                                      : ""));
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;

  payout = load_for_change (db, args->actor, args->id, ALLOW (PENDING),
                            _("Correct the account"), error);
  if (payout == NULL
      || !check_account (payout->payee_name, args->bank_account, holder, reason, TRUE, &account,
                         error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "UPDATE payout SET bank_name = ?2, bank_account = ?3,"
                              "  bank_holder = ?4, holder_reason = ?5, version = version + 1,"
                              "  last_edited_by = ?6, updated_at = ?7 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, payout->id);
  ud_stmt_bind_text_or_null (stmt, 2, bank_name);
  sqlite3_bind_text (stmt, 3, account, -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 4, holder);
  ud_stmt_bind_text_or_null (stmt, 5, *holder && g_strcmp0 (holder, payout->payee_name) != 0
                                      ? reason : NULL);
  ud_stmt_bind_id_or_null (stmt, 6, args->actor ? args->actor->id : 0);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  return run_done (db, stmt, _("saving the payout"), error)
         && record_payout_change (db, args->actor, payout->id, payout, "correct_account", error);
}

gboolean
ud_payout_store_set_account (UdDatabase       *db,
                             const UdAccount  *actor,
                             gint64            id,
                             const char       *bank_name,
                             const char       *bank_account,
                             const char       *bank_holder,
                             const char       *holder_reason,
                             GError          **error)
{
  AccountArgs args = { actor, id, bank_name, bank_account, bank_holder, holder_reason, 0 };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  return ud_database_write (db, "payout", set_account_func, &args, error);
}

static gboolean
set_fund_func (UdDatabase  *db,
               gpointer     data,
               GError     **error)
{
  AccountArgs *args = data;
  g_autoptr(UdPayout) payout = NULL;
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;

  payout = load_for_change (db, args->actor, args->id, ALLOW (PENDING),
                            _("Change the fund"), error);
  if (payout == NULL)
    return FALSE;
  if (payout->fund_source == args->fund_source)
    return TRUE;

  stmt = ud_database_prepare (db,
                              "UPDATE payout SET fund_source = ?2, version = version + 1,"
                              "  last_edited_by = ?3, updated_at = ?4 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, payout->id);
  sqlite3_bind_text (stmt, 2, ud_enum_code (&ud_fund_source_info, args->fund_source), -1,
                     SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 3, args->actor ? args->actor->id : 0);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  return run_done (db, stmt, _("saving the payout"), error)
         && record_payout_change (db, args->actor, payout->id, payout, "change_fund", error);
}

gboolean
ud_payout_store_set_fund_source (UdDatabase       *db,
                                 const UdAccount  *actor,
                                 gint64            id,
                                 UdFundSource      fund_source,
                                 GError          **error)
{
  AccountArgs args = { .actor = actor, .id = id, .fund_source = fund_source };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail ((guint) fund_source < UD_FUND_N_SOURCES, FALSE);
  return ud_database_write (db, "payout", set_fund_func, &args, error);
}

/* Batches */

#define BATCH_COLUMNS                                                                        \
  "b.id, b.uuid, b.version, b.number, b.status, b.note, b.line_count, b.total_fen,"          \
  "  b.checksum, b.transfer_date, b.exported_at, b.exported_by, b.closed_at, b.created_by,"  \
  "  b.created_at, b.updated_at,"                                                            \
  "  (SELECT count(*) FROM payout p WHERE p.batch_id = b.id AND p.status = 'paid'),"         \
  "  (SELECT count(*) FROM payout p WHERE p.batch_id = b.id AND p.status <> 'paid'"          \
  "     AND p.status <> 'in_batch'),"                                                        \
  "  (SELECT coalesce (sum (p.amount_fen), 0) FROM payout p WHERE p.batch_id = b.id"         \
  "     AND p.status = 'paid') "                                                             \
  "FROM payout_batch b "

static UdPayoutBatch *
batch_from_row (sqlite3_stmt *stmt)
{
  UdPayoutBatch *batch = g_new0 (UdPayoutBatch, 1);

  batch->id = sqlite3_column_int64 (stmt, 0);
  batch->uuid = ud_stmt_dup_text (stmt, 1);
  batch->version = sqlite3_column_int64 (stmt, 2);
  batch->number = ud_stmt_dup_text (stmt, 3);
  batch->status = ud_stmt_column_enum (stmt, 4, &ud_payout_batch_status_info);
  batch->note = ud_stmt_dup_text (stmt, 5);
  batch->line_count = sqlite3_column_int (stmt, 6);
  batch->total_fen = sqlite3_column_int64 (stmt, 7);
  batch->checksum = ud_stmt_dup_text (stmt, 8);
  batch->transfer_date = ud_stmt_dup_text (stmt, 9);
  batch->exported_at = ud_stmt_dup_text (stmt, 10);
  batch->exported_by = sqlite3_column_int64 (stmt, 11);
  batch->closed_at = ud_stmt_dup_text (stmt, 12);
  batch->created_by = sqlite3_column_int64 (stmt, 13);
  batch->created_at = ud_stmt_dup_text (stmt, 14);
  batch->updated_at = ud_stmt_dup_text (stmt, 15);
  batch->n_paid = sqlite3_column_int (stmt, 16);
  batch->n_failed = sqlite3_column_int (stmt, 17);
  batch->paid_fen = sqlite3_column_int64 (stmt, 18);
  return batch;
}

static GPtrArray *
collect_batches (UdDatabase    *db,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  return ud_database_collect (db, stmt, (UdRowFunc) batch_from_row,
                              (GDestroyNotify) ud_payout_batch_free,
                              _("reading the payout batches"), error);
}

static UdPayoutBatch *
one_batch (UdDatabase    *db,
           sqlite3_stmt  *stmt,
           const char    *name,
           GError       **error)
{
  g_autoptr(GPtrArray) batches = collect_batches (db, stmt, error);

  if (batches == NULL)
    return NULL;
  if (batches->len == 0)
    {
      if (name != NULL)
        g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND,
                     _("There is no payout batch “%s”"), name);
      else
        g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND, _("There is no such payout batch"));
      return NULL;
    }
  return g_ptr_array_steal_index (batches, 0);
}

UdPayoutBatch *
ud_payout_store_get_batch (UdDatabase  *db,
                           gint64       id,
                           GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db, "SELECT " BATCH_COLUMNS "WHERE b.id = ?1",
                                            error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return one_batch (db, stmt, NULL, error);
}

UdPayoutBatch *
ud_payout_store_find_batch (UdDatabase  *db,
                            const char  *number,
                            GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " BATCH_COLUMNS
                                            "WHERE b.number = ?1 COLLATE NOCASE",
                                            error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  return one_batch (db, stmt, number, error);
}

GPtrArray *
ud_payout_store_list_batches (UdDatabase  *db,
                              int          status,
                              GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT " BATCH_COLUMNS
                                            "WHERE ?1 IS NULL OR b.status = ?1 "
                                            "ORDER BY b.id DESC",
                                            error);

  if (stmt == NULL)
    return NULL;
  if (status >= 0)
    sqlite3_bind_text (stmt, 1, ud_enum_code (&ud_payout_batch_status_info, status), -1,
                       SQLITE_STATIC);
  return collect_batches (db, stmt, error);
}

static JsonObject *
batch_to_json (UdDatabase    *db,
               UdPayoutBatch *batch)
{
  JsonObject *data = json_object_new ();
  g_autofree char *exported_by = NULL;
  sqlite3_stmt *stmt;

  json_object_set_string_member (data, "uuid", batch->uuid);
  json_object_set_int_member (data, "version", batch->version);
  json_object_set_string_member (data, "number", batch->number);
  json_object_set_string_member (data, "status",
                                 ud_enum_code (&ud_payout_batch_status_info, batch->status));
  json_object_set_string_member (data, "note", batch->note);
  json_object_set_int_member (data, "line_count", batch->line_count);
  json_object_set_int_member (data, "total_fen", batch->total_fen);
  json_object_set_string_member (data, "checksum", batch->checksum);
  json_object_set_string_member (data, "transfer_date", batch->transfer_date);
  json_object_set_string_member (data, "exported_at", batch->exported_at);
  json_object_set_string_member (data, "closed_at", batch->closed_at);
  json_object_set_string_member (data, "created_at", batch->created_at);
  json_object_set_string_member (data, "updated_at", batch->updated_at);

  /* The lines by uuid, so the city can tie the payouts to their batch. */
  stmt = db ? ud_database_prepare (db,
                                   "SELECT uuid FROM payout WHERE batch_id = ?1 "
                                   "ORDER BY batch_seq", NULL)
            : NULL;
  if (stmt != NULL)
    {
      JsonArray *lines = json_array_new ();

      sqlite3_bind_int64 (stmt, 1, batch->id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_add_string_element (lines, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      json_object_set_array_member (data, "line_uuids", lines);
    }
  return data;
}

/* Sums the batch's lines into its record, bumps its version, audits and queues it. */
static gboolean
record_batch_change (UdDatabase       *db,
                     const UdAccount  *actor,
                     gint64            batch_id,
                     UdPayoutBatch    *before,
                     const char       *action,
                     GError          **error)
{
  g_autofree char *now = ud_timestamp_now ();
  g_autoptr(UdPayoutBatch) after = NULL;
  g_autoptr(JsonObject) before_object = NULL;
  g_autoptr(JsonObject) after_object = NULL;
  g_autoptr(JsonObject) data = NULL;
  sqlite3_stmt *stmt;

  /* An exported batch keeps the count and total of its file; an open one follows its lines. */
  stmt = ud_database_prepare (db,
                              "UPDATE payout_batch SET"
                              "  line_count = CASE WHEN status = 'open' THEN"
                              "    (SELECT count(*) FROM payout WHERE batch_id = ?1)"
                              "    ELSE line_count END,"
                              "  total_fen = CASE WHEN status = 'open' THEN"
                              "    (SELECT coalesce (sum (amount_fen), 0) FROM payout"
                              "     WHERE batch_id = ?1) ELSE total_fen END,"
                              "  version = version + 1, updated_at = ?2 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  if (!run_done (db, stmt, _("saving the payout batch"), error))
    return FALSE;

  after = ud_payout_store_get_batch (db, batch_id, error);
  if (after == NULL)
    return FALSE;

  after_object = batch_to_json (NULL, after);
  json_object_remove_member (after_object, "version");
  json_object_remove_member (after_object, "updated_at");
  if (before != NULL)
    {
      before_object = batch_to_json (NULL, before);
      json_object_remove_member (before_object, "version");
      json_object_remove_member (before_object, "updated_at");
    }
  if (!ud_audit_append (db, actor, "payout_batch", after->uuid, action, before_object,
                        after_object, error))
    return FALSE;

  data = batch_to_json (db, after);
  return ud_outbox_append (db, "payout_batch", BATCH_SCHEMA, after->uuid, after->version,
                           "upsert", data, error);
}

/* The next batch number of this year: FF2026-0001 (发放). */
static char *
next_batch_number (UdDatabase  *db,
                   GError     **error)
{
  g_autofree char *prefix = NULL;
  sqlite3_stmt *stmt;
  GDate today;

  ud_date_today (&today);
  prefix = g_strdup_printf ("FF%04d-", g_date_get_year (&today));
  stmt = ud_database_prepare (db,
                              "SELECT ifnull (max (CAST (substr (number, 8) AS INTEGER)), 0)"
                              "  FROM payout_batch WHERE number LIKE ?1",
                              error);
  return stmt ? ud_database_next_number (db, stmt, prefix, 4, error) : NULL;
}

/* Puts pending line @id at @seq of @batch_id (an open batch) and moves its record along. */
static gboolean
put_in_batch (UdDatabase       *db,
              const UdAccount  *actor,
              gint64            batch_id,
              gint64            id,
              int               seq,
              GError          **error)
{
  g_autoptr(UdPayout) payout = NULL;
  g_autofree char *account = NULL;
  g_autofree char *now = ud_timestamp_now ();
  g_autoptr(GError) account_error = NULL;
  sqlite3_stmt *stmt;

  /* The callers checked the role once for the whole batch. */
  payout = load_line (db, id, ALLOW (PENDING), _("Add to a batch"), error);
  if (payout == NULL)
    return FALSE;
  if (!check_account (payout->payee_name, payout->bank_account, payout->bank_holder,
                      payout->holder_reason, TRUE, &account, &account_error))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_FIELD,
                   /* Translators: "The payout of JZ2026-00001 (张三) cannot be batched: Bank
                    * account: enter …" */
                   _("The payout of %s (%s) cannot be batched: %s"), payout->source_number,
                   payout->payee_name, account_error->message);
      return FALSE;
    }

  stmt = ud_database_prepare (db,
                              "UPDATE payout SET status = 'in_batch', batch_id = ?2,"
                              "  batch_seq = ?3, version = version + 1, last_edited_by = ?4,"
                              "  updated_at = ?5 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, batch_id);
  sqlite3_bind_int (stmt, 3, seq);
  ud_stmt_bind_id_or_null (stmt, 4, actor ? actor->id : 0);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  return run_done (db, stmt, _("saving the payout"), error)
         && record_payout_change (db, actor, id, payout, "add_to_batch", error)
         && source_payment_changed (db, actor, payout, "payment_pending", NULL, error);
}

/* The open batch @batch_id, or an error saying why it cannot change. */
static UdPayoutBatch *
load_open_batch (UdDatabase       *db,
                 const UdAccount  *actor,
                 gint64            batch_id,
                 GError          **error)
{
  g_autoptr(UdPayoutBatch) batch = NULL;

  if (!ud_guard_check_current (db, actor, UD_ACTION_PAY, error))
    return NULL;
  batch = ud_payout_store_get_batch (db, batch_id, error);
  if (batch == NULL)
    return NULL;
  if (batch->status != UD_PAYOUT_BATCH_OPEN)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("Payout batch %s was sent to the bank: it cannot change any more; record "
                     "the bank’s results instead"), batch->number);
      return NULL;
    }
  return g_steal_pointer (&batch);
}

static int
max_seq (UdDatabase *db,
         gint64      batch_id)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT coalesce (max (batch_seq), 0) FROM payout "
                                            "WHERE batch_id = ?1", NULL);
  int n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

typedef struct
{
  const UdAccount *actor;
  gint64           batch_id;
  const gint64    *ids;
  guint            n_ids;
  const char      *note;
  gint64          *out_id;
} BatchArgs;

static gboolean
add_lines (UdDatabase       *db,
           const UdAccount  *actor,
           gint64            batch_id,
           const gint64     *ids,
           guint             n_ids,
           GError          **error)
{
  int seq = max_seq (db, batch_id);

  for (guint i = 0; i < n_ids; i++)
    if (!put_in_batch (db, actor, batch_id, ids[i], ++seq, error))
      return FALSE;
  return TRUE;
}

static gboolean
create_batch_func (UdDatabase  *db,
                   gpointer     data,
                   GError     **error)
{
  BatchArgs *args = data;
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *number = NULL;
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *note = g_strstrip (g_strdup (args->note ? args->note : ""));
  sqlite3_stmt *stmt;
  gint64 batch_id;

  if (!ud_guard_check_current (db, args->actor, UD_ACTION_PAY, error))
    return FALSE;
  if (args->n_ids == 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "lines",
                          _("Choose the payouts to put in the batch"));
      return FALSE;
    }

  number = next_batch_number (db, error);
  if (number == NULL)
    return FALSE;
  stmt = ud_database_prepare (db,
                              "INSERT INTO payout_batch (uuid, number, status, note,"
                              "  created_by, created_at, updated_at) "
                              "VALUES (?1, ?2, 'open', ?3, ?4, ?5, ?5)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, number, -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 3, note);
  ud_stmt_bind_id_or_null (stmt, 4, args->actor ? args->actor->id : 0);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  if (!run_done (db, stmt, _("saving the payout batch"), error))
    return FALSE;
  batch_id = sqlite3_last_insert_rowid (ud_database_get_handle (db));

  if (!add_lines (db, args->actor, batch_id, args->ids, args->n_ids, error)
      || !record_batch_change (db, args->actor, batch_id, NULL, "create", error))
    return FALSE;
  if (args->out_id != NULL)
    *args->out_id = batch_id;
  return TRUE;
}

gboolean
ud_payout_store_create_batch (UdDatabase       *db,
                              const UdAccount  *actor,
                              const gint64     *ids,
                              guint             n_ids,
                              const char       *note,
                              gint64           *out_batch_id,
                              GError          **error)
{
  BatchArgs args = { actor, 0, ids, n_ids, note, out_batch_id };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  return ud_database_write (db, "payout", create_batch_func, &args, error);
}

static gboolean
add_to_batch_func (UdDatabase  *db,
                   gpointer     data,
                   GError     **error)
{
  BatchArgs *args = data;
  g_autoptr(UdPayoutBatch) batch = load_open_batch (db, args->actor, args->batch_id, error);

  return batch != NULL
         && add_lines (db, args->actor, args->batch_id, args->ids, args->n_ids, error)
         && record_batch_change (db, args->actor, args->batch_id, batch, "add_lines", error);
}

gboolean
ud_payout_store_add_to_batch (UdDatabase       *db,
                              const UdAccount  *actor,
                              gint64            batch_id,
                              const gint64     *ids,
                              guint             n_ids,
                              GError          **error)
{
  BatchArgs args = { actor, batch_id, ids, n_ids, NULL, NULL };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  return ud_database_write (db, "payout", add_to_batch_func, &args, error);
}

/* Takes line @payout out of its open batch: pending again, its record approved again. */
static gboolean
take_out (UdDatabase       *db,
          const UdAccount  *actor,
          UdPayout         *payout,
          GError          **error)
{
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "UPDATE payout SET status = 'pending',"
                                            "  batch_id = NULL, batch_seq = NULL,"
                                            "  version = version + 1, last_edited_by = ?2,"
                                            "  updated_at = ?3 WHERE id = ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, payout->id);
  ud_stmt_bind_id_or_null (stmt, 2, actor ? actor->id : 0);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  return run_done (db, stmt, _("saving the payout"), error)
         && record_payout_change (db, actor, payout->id, payout, "remove_from_batch", error)
         && source_payment_changed (db, actor, payout, "approved", NULL, error);
}

static gboolean
remove_func (UdDatabase  *db,
             gpointer     data,
             GError     **error)
{
  BatchArgs *args = data;
  g_autoptr(GArray) batches = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < args->n_ids; i++)
    {
      g_autoptr(UdPayout) payout = load_for_change (db, args->actor, args->ids[i],
                                                    ALLOW (IN_BATCH), _("Take out of the batch"),
                                                    error);
      g_autoptr(UdPayoutBatch) batch = NULL;
      gboolean seen = FALSE;

      if (payout == NULL)
        return FALSE;
      batch = load_open_batch (db, args->actor, payout->batch_id, error);
      if (batch == NULL || !take_out (db, args->actor, payout, error))
        return FALSE;
      for (guint j = 0; j < batches->len; j++)
        seen = seen || g_array_index (batches, gint64, j) == batch->id;
      if (!seen)
        g_array_append_val (batches, batch->id);
    }

  for (guint j = 0; j < batches->len; j++)
    if (!record_batch_change (db, args->actor, g_array_index (batches, gint64, j), NULL,
                              "remove_lines", error))
      return FALSE;
  return TRUE;
}

gboolean
ud_payout_store_remove_from_batch (UdDatabase       *db,
                                   const UdAccount  *actor,
                                   const gint64     *ids,
                                   guint             n_ids,
                                   GError          **error)
{
  BatchArgs args = { actor, 0, ids, n_ids, NULL, NULL };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  return ud_database_write (db, "payout", remove_func, &args, error);
}

static gboolean
discard_func (UdDatabase  *db,
              gpointer     data,
              GError     **error)
{
  BatchArgs *args = data;
  g_autoptr(UdPayoutBatch) batch = load_open_batch (db, args->actor, args->batch_id, error);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonObject) before = NULL;
  sqlite3_stmt *stmt;

  if (batch == NULL)
    return FALSE;
  lines = ud_payout_store_list_batch_lines (db, batch->id, error);
  if (lines == NULL)
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    if (!take_out (db, args->actor, g_ptr_array_index (lines, i), error))
      return FALSE;

  stmt = ud_database_prepare (db, "DELETE FROM payout_batch WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch->id);
  if (!run_done (db, stmt, _("deleting the payout batch"), error))
    return FALSE;

  before = batch_to_json (NULL, batch);
  return ud_audit_append (db, args->actor, "payout_batch", batch->uuid, "discard", before, NULL,
                          error)
         && ud_outbox_append (db, "payout_batch", BATCH_SCHEMA, batch->uuid,
                              batch->version + 1, "delete", NULL, error);
}

gboolean
ud_payout_store_discard_batch (UdDatabase       *db,
                               const UdAccount  *actor,
                               gint64            batch_id,
                               GError          **error)
{
  BatchArgs args = { actor, batch_id, NULL, 0, NULL, NULL };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  return ud_database_write (db, "payout", discard_func, &args, error);
}

/* The transfer file */

UdTransferBatch *
ud_payout_store_build_transfer (UdDatabase  *db,
                                gint64       batch_id,
                                GError     **error)
{
  g_autoptr(UdPayoutBatch) batch = ud_payout_store_get_batch (db, batch_id, error);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(UdTransferBatch) transfer = NULL;
  g_autofree char *payer = NULL;
  GDate date;

  if (batch == NULL)
    return NULL;
  lines = ud_payout_store_list_batch_lines (db, batch_id, error);
  if (lines == NULL)
    return NULL;

  g_date_clear (&date, 1);
  if (batch->transfer_date == NULL || !ud_date_parse (batch->transfer_date, NULL, &date, NULL))
    ud_date_today (&date);
  {
    sqlite3_stmt *stmt = ud_database_prepare (db, "SELECT name FROM org WHERE id = ?1", NULL);

    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, ud_database_get_office_org_id (db));
        if (sqlite3_step (stmt) == SQLITE_ROW)
          payer = ud_stmt_dup_text (stmt, 0);
        sqlite3_reset (stmt);
      }
  }

  transfer = ud_transfer_batch_new (batch->number, payer, &date);
  for (guint i = 0; i < lines->len; i++)
    {
      UdPayout *payout = g_ptr_array_index (lines, i);
      UdTransferLine *line = ud_transfer_line_new ();

      line->line_uuid = g_strdup (payout->uuid);
      line->seq = payout->batch_seq;
      line->payee_name = g_strdup (payout->payee_name);
      line->id_number = g_strdup (payout->payee_id_number);
      line->bank_name = g_strdup (payout->bank_name);
      line->account = g_strdup (payout->bank_account ? payout->bank_account : "");
      line->amount_fen = payout->amount_fen;
      line->purpose = g_strdup_printf ("%s %s",
                                       ud_enum_label (&ud_payout_source_info, payout->source),
                                       payout->source_number);
      ud_transfer_batch_add (transfer, line);
    }
  return g_steal_pointer (&transfer);
}

typedef struct
{
  const UdAccount     *actor;
  gint64               batch_id;
  const char          *path;
  UdPayoutFileFormat   format;
} ExportArgs;

static gboolean
export_func (UdDatabase  *db,
             gpointer     data,
             GError     **error)
{
  ExportArgs *args = data;
  g_autoptr(UdPayoutBatch) batch = NULL;
  g_autoptr(UdTransferBatch) transfer = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *today_text = NULL;
  g_autoptr(JsonObject) what = json_object_new ();
  gboolean first;
  GDate today;

  if (!ud_guard_check_current (db, args->actor, UD_ACTION_PAY, error))
    return FALSE;
  batch = ud_payout_store_get_batch (db, args->batch_id, error);
  if (batch == NULL)
    return FALSE;
  first = batch->status == UD_PAYOUT_BATCH_OPEN;

  /* The first export fixes the transfer date that the file and its checksum carry. */
  ud_date_today (&today);
  today_text = ud_date_format (&today);
  if (first)
    {
      sqlite3_stmt *stmt = ud_database_prepare (db,
                                                "UPDATE payout_batch SET transfer_date = ?2 "
                                                "WHERE id = ?1", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, batch->id);
      sqlite3_bind_text (stmt, 2, today_text, -1, SQLITE_STATIC);
      if (!run_done (db, stmt, _("saving the payout batch"), error))
        return FALSE;
    }

  transfer = ud_payout_store_build_transfer (db, batch->id, error);
  if (transfer == NULL || !ud_transfer_batch_validate (transfer, error))
    return FALSE;
  checksum = ud_transfer_batch_checksum (transfer);

  if (!first && g_strcmp0 (checksum, batch->checksum) != 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("Payout batch %s no longer matches the file sent to the bank (checksum "
                     "%s): it was changed behind the program’s back"),
                   batch->number, batch->checksum);
      return FALSE;
    }

  if (!(args->format == UD_PAYOUT_FILE_XLSX
        ? ud_transfer_file_write_xlsx (transfer, args->path, error)
        : ud_transfer_file_write_csv (transfer, args->path, error)))
    return FALSE;

  if (first)
    {
      sqlite3_stmt *stmt = ud_database_prepare (db,
                                                "UPDATE payout_batch SET status = 'exported',"
                                                "  line_count = ?2, total_fen = ?3,"
                                                "  checksum = ?4, exported_at = ?5,"
                                                "  exported_by = ?6 WHERE id = ?1",
                                                error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, batch->id);
      sqlite3_bind_int (stmt, 2, (int) transfer->lines->len);
      sqlite3_bind_int64 (stmt, 3, ud_transfer_batch_total (transfer));
      sqlite3_bind_text (stmt, 4, checksum, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      ud_stmt_bind_id_or_null (stmt, 6, args->actor ? args->actor->id : 0);
      if (!run_done (db, stmt, _("saving the payout batch"), error)
          || !record_batch_change (db, args->actor, batch->id, batch, "export", error))
        return FALSE;
    }
  else
    {
      /* Another copy of the same file: the export is recorded (the file holds account
       * numbers), the batch does not change. */
      json_object_set_string_member (what, "number", batch->number);
      json_object_set_string_member (what, "checksum", checksum);
      json_object_set_string_member (what, "format",
                                     args->format == UD_PAYOUT_FILE_XLSX ? "xlsx" : "csv");
      if (!ud_audit_append (db, args->actor, "payout_batch", batch->uuid, "export_copy", NULL,
                            what, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ud_payout_store_export_batch (UdDatabase          *db,
                              const UdAccount     *actor,
                              gint64               batch_id,
                              const char          *path,
                              UdPayoutFileFormat   format,
                              GError             **error)
{
  ExportArgs args = { actor, batch_id, path, format };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  return ud_database_write (db, "payout", export_func, &args, error);
}

/* Results */

/* Closes @batch_id when no line of it waits for a result. */
static gboolean
close_if_done (UdDatabase       *db,
               const UdAccount  *actor,
               gint64            batch_id,
               GError          **error)
{
  g_autoptr(UdPayoutBatch) batch = ud_payout_store_get_batch (db, batch_id, error);
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;
  int waiting = 0;

  if (batch == NULL)
    return FALSE;
  if (batch->status != UD_PAYOUT_BATCH_EXPORTED)
    return TRUE;

  stmt = ud_database_prepare (db,
                              "SELECT count(*) FROM payout WHERE batch_id = ?1"
                              "  AND status = 'in_batch'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    waiting = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (waiting > 0)
    return TRUE;

  stmt = ud_database_prepare (db,
                              "UPDATE payout_batch SET status = 'closed', closed_at = ?2 "
                              "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  return run_done (db, stmt, _("saving the payout batch"), error)
         && record_batch_change (db, actor, batch_id, batch, "close", error);
}

typedef struct
{
  const UdAccount *actor;
  gint64           id;
  gboolean         paid;
  const char      *voucher;   /* paid */
  const char      *reason;    /* failed */
  const GDate     *date;
  gint64          *out_id;
} ResultArgs;

/* Records one result; the batch is closed by the caller. @sent is the line's batch when the caller
 * has it (and has checked the role), else NULL. */
static gboolean
record_result (UdDatabase           *db,
               const ResultArgs     *args,
               const UdPayoutBatch  *sent,
               GError              **error)
{
  g_autoptr(UdPayout) payout = NULL;
  g_autoptr(UdPayoutBatch) loaded = NULL;
  const UdPayoutBatch *batch = sent;
  g_autofree char *voucher = g_strstrip (g_strdup (args->voucher ? args->voucher : ""));
  g_autofree char *reason = g_strstrip (g_strdup (args->reason ? args->reason : ""));
  g_autofree char *date = NULL;
  g_autofree char *now = ud_timestamp_now ();
  sqlite3_stmt *stmt;
  GDate today;

  /* A bank return file: guarded and its batch checked once for all its lines. */
  if (sent != NULL)
    payout = load_line (db, args->id, ALLOW (IN_BATCH),
                        args->paid ? _("Mark paid") : _("Mark failed"), error);
  else
    payout = load_for_change (db, args->actor, args->id, ALLOW (IN_BATCH),
                              args->paid ? _("Mark paid") : _("Mark failed"), error);
  if (payout == NULL)
    return FALSE;
  if (batch == NULL)
    batch = loaded = ud_payout_store_get_batch (db, payout->batch_id, error);
  if (batch == NULL)
    return FALSE;
  if (batch->status == UD_PAYOUT_BATCH_OPEN)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("Payout batch %s has not been sent to the bank yet: export its transfer "
                     "file first"), batch->number);
      return FALSE;
    }

  if (args->paid && *voucher == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "voucher",
                          _("Voucher number: enter the bank’s voucher number of the transfer"));
      return FALSE;
    }
  if (!args->paid && *reason == '\0')
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "failure_reason",
                          _("Reason: enter why the bank did not pay (as the bank wrote it)"));
      return FALSE;
    }
  if (args->date == NULL || !g_date_valid (args->date))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_DATE, args->paid ? "paid_date" : "failed_date",
                          _("Date: enter the bank’s value date"));
      return FALSE;
    }
  ud_date_today (&today);
  if (g_date_compare (args->date, &today) > 0)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_DATE, args->paid ? "paid_date" : "failed_date",
                          _("Date: the bank’s date cannot be in the future"));
      return FALSE;
    }
  date = ud_date_format (args->date);

  if (args->paid)
    stmt = ud_database_prepare (db,
                                "UPDATE payout SET status = 'paid', voucher = ?2,"
                                "  paid_date = ?3, version = version + 1, last_edited_by = ?4,"
                                "  updated_at = ?5 WHERE id = ?1 AND status = 'in_batch'",
                                error);
  else
    stmt = ud_database_prepare (db,
                                "UPDATE payout SET status = 'failed', failure_reason = ?2,"
                                "  failed_date = ?3, version = version + 1,"
                                "  last_edited_by = ?4, updated_at = ?5 "
                                "WHERE id = ?1 AND status = 'in_batch'",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, payout->id);
  sqlite3_bind_text (stmt, 2, args->paid ? voucher : reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 4, args->actor ? args->actor->id : 0);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  return run_done (db, stmt, _("saving the payout"), error)
         && record_payout_change (db, args->actor, payout->id, payout,
                                  args->paid ? "paid" : "failed", error)
         && source_payment_changed (db, args->actor, payout,
                                    args->paid ? "paid" : "payment_failed",
                                    args->paid ? NULL : reason, error);
}

static gboolean
result_func (UdDatabase  *db,
             gpointer     data,
             GError     **error)
{
  ResultArgs *args = data;
  g_autoptr(UdPayout) payout = NULL;

  if (!record_result (db, args, NULL, error))
    return FALSE;
  payout = ud_payout_store_get (db, args->id, error);
  return payout != NULL && close_if_done (db, args->actor, payout->batch_id, error);
}

gboolean
ud_payout_store_record_paid (UdDatabase       *db,
                             const UdAccount  *actor,
                             gint64            id,
                             const char       *voucher,
                             const GDate      *paid_date,
                             GError          **error)
{
  ResultArgs args = { actor, id, TRUE, voucher, NULL, paid_date, NULL };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  return ud_database_write (db, "payout", result_func, &args, error);
}

gboolean
ud_payout_store_record_failed (UdDatabase       *db,
                               const UdAccount  *actor,
                               gint64            id,
                               const char       *reason,
                               const GDate      *failed_date,
                               GError          **error)
{
  ResultArgs args = { actor, id, FALSE, NULL, reason, failed_date, NULL };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  return ud_database_write (db, "payout", result_func, &args, error);
}

/* The bank's return file */

typedef struct
{
  const UdAccount    *actor;
  gint64              batch_id;
  GPtrArray          *return_lines;   /* UdBankReturnLine */
  UdBankReturnReport *report;
} ReturnArgs;

static UdBankReturnProblem *
problem_new (UdBankReturnProblemKind  kind,
             int                      line_number,
             int                      seq,
             char                    *message)
{
  UdBankReturnProblem *problem = g_new0 (UdBankReturnProblem, 1);

  problem->kind = kind;
  problem->line_number = line_number;
  problem->seq = seq;
  problem->message = message;
  return problem;
}

static gboolean
return_func (UdDatabase  *db,
             gpointer     data,
             GError     **error)
{
  ReturnArgs *args = data;
  g_autoptr(UdPayoutBatch) batch = NULL;
  g_autoptr(UdTransferBatch) transfer = NULL;
  g_autoptr(GPtrArray) matched = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) line_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *checksum = NULL;

  if (!ud_guard_check_current (db, args->actor, UD_ACTION_PAY, error))
    return FALSE;
  batch = ud_payout_store_get_batch (db, args->batch_id, error);
  if (batch == NULL)
    return FALSE;
  if (batch->status == UD_PAYOUT_BATCH_OPEN)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_INVALID_TRANSITION,
                   _("Payout batch %s has not been sent to the bank yet: export its transfer "
                     "file first"), batch->number);
      return FALSE;
    }

  transfer = ud_payout_store_build_transfer (db, batch->id, error);
  lines = ud_payout_store_list_batch_lines (db, batch->id, error);
  if (transfer == NULL || lines == NULL)
    return FALSE;
  checksum = ud_transfer_batch_checksum (transfer);
  if (g_strcmp0 (checksum, batch->checksum) != 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_CONFLICT,
                   _("Payout batch %s no longer matches the file sent to the bank (checksum "
                     "%s): it was changed behind the program’s back"),
                   batch->number, batch->checksum);
      return FALSE;
    }
  for (guint i = 0; i < lines->len; i++)
    {
      UdPayout *payout = g_ptr_array_index (lines, i);

      g_hash_table_insert (line_ids, payout->uuid, payout);
    }

  ud_bank_return_match (transfer, args->return_lines, &matched, &problems);
  for (guint i = 0; i < problems->len; i++)
    {
      UdBankReturnProblem *problem = g_ptr_array_index (problems, i);

      /* A missing line is counted below from what is still in the batch. */
      if (problem->kind == UD_BANK_RETURN_PROBLEM_MISSING)
        continue;
      g_ptr_array_add (args->report->problems,
                       problem_new (problem->kind, problem->line_number, problem->seq,
                                    g_strdup (problem->message)));
    }

  for (guint i = 0; i < matched->len; i++)
    {
      UdBankReturnMatch *match = g_ptr_array_index (matched, i);
      UdPayout *payout = g_hash_table_lookup (line_ids, match->line->line_uuid);
      ResultArgs result = { args->actor, 0, match->result->paid, match->result->voucher,
                            match->result->reason, &match->result->date, NULL };
      GDate today;

      g_assert (payout != NULL);
      result.id = payout->id;
      if (!g_date_valid (&match->result->date))
        {
          ud_date_today (&today);
          result.date = &today;
        }

      if (payout->status != UD_PAYOUT_IN_BATCH)
        {
          gboolean same = match->result->paid
                          ? payout->status == UD_PAYOUT_PAID
                            && g_strcmp0 (payout->voucher, match->result->voucher) == 0
                          : (payout->status == UD_PAYOUT_FAILED
                             || payout->status == UD_PAYOUT_REISSUED);

          if (same)
            {
              args->report->n_unchanged++;
              continue;
            }
          g_ptr_array_add (args->report->problems,
                           problem_new (UD_BANK_RETURN_PROBLEM_DUPLICATE,
                                        match->result->line_number, match->line->seq,
                                        g_strdup_printf (_("Line %d: the payment to %s (number "
                                                           "%d in the batch) already has the "
                                                           "result “%s”; the file’s other "
                                                           "result was not recorded"),
                                                         match->result->line_number,
                                                         payout->payee_name, match->line->seq,
                                                         ud_enum_label (&ud_payout_status_info,
                                                                        payout->status))));
          continue;
        }

      if (!record_result (db, &result, batch, error))
        {
          g_prefix_error (error, _("Line %d: "), match->result->line_number);
          return FALSE;
        }
      if (match->result->paid)
        args->report->n_paid++;
      else
        args->report->n_failed++;
    }

  if (!close_if_done (db, args->actor, batch->id, error))
    return FALSE;

  {
    sqlite3_stmt *stmt = ud_database_prepare (db,
                                              "SELECT count(*) FROM payout WHERE batch_id = ?1"
                                              "  AND status = 'in_batch'", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, batch->id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      args->report->n_pending = (guint) sqlite3_column_int (stmt, 0);
    sqlite3_reset (stmt);
  }
  return TRUE;
}

UdBankReturnReport *
ud_payout_store_import_bank_return (UdDatabase       *db,
                                    const UdAccount  *actor,
                                    gint64            batch_id,
                                    const char       *path,
                                    GError          **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GPtrArray) return_lines = NULL;
  g_autoptr(GPtrArray) parse_problems = NULL;
  g_autoptr(UdBankReturnReport) report = g_new0 (UdBankReturnReport, 1);
  ReturnArgs args;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ud_bank_return_problem_free);
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return_lines = ud_bank_return_parse (contents, length, &parse_problems, error);
  if (return_lines == NULL)
    return NULL;
  while (parse_problems != NULL && parse_problems->len > 0)
    g_ptr_array_add (report->problems, g_ptr_array_steal_index (parse_problems, 0));

  args = (ReturnArgs) { actor, batch_id, return_lines, report };
  if (!ud_database_write (db, "payout", return_func, &args, error))
    return NULL;
  return g_steal_pointer (&report);
}

/* Reissue */

typedef struct
{
  const UdAccount *actor;
  gint64           id;
  const char      *bank_name;
  const char      *bank_account;
  const char      *bank_holder;
  const char      *holder_reason;
  gint64          *out_id;
} ReissueArgs;

static gboolean
reissue_func (UdDatabase  *db,
              gpointer     data,
              GError     **error)
{
  ReissueArgs *args = data;
  g_autoptr(UdPayout) failed = NULL;
  g_autofree char *uuid = ud_uuid_new ();
  g_autofree char *now = ud_timestamp_now ();
  g_autofree char *account = NULL;
  g_autofree char *bank_name = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *reason = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  failed = load_for_change (db, args->actor, args->id, ALLOW (FAILED), _("Reissue"), error);
  if (failed == NULL)
    return FALSE;

  /* The new line's account: corrected here, or the failed line's. */
  if (args->bank_account != NULL)
    {
      bank_name = g_strstrip (g_strdup (args->bank_name ? args->bank_name : ""));
      holder = g_strstrip (g_strdup (args->bank_holder ? args->bank_holder : ""));
      reason = g_strstrip (g_strdup (args->holder_reason ? args->holder_reason : ""));
      if (*holder == '\0' || g_strcmp0 (holder, failed->payee_name) == 0)
        g_clear_pointer (&reason, g_free);
    }
  else
    {
      bank_name = g_strdup (failed->bank_name);
      holder = g_strdup (failed->bank_holder);
      reason = g_strdup (failed->holder_reason);
    }
  if (!check_account (failed->payee_name,
                      args->bank_account ? args->bank_account : failed->bank_account, holder,
                      reason, TRUE, &account, error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "UPDATE payout SET status = 'reissued', version = version + 1,"
                              "  last_edited_by = ?2, updated_at = ?3 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, failed->id);
  ud_stmt_bind_id_or_null (stmt, 2, args->actor ? args->actor->id : 0);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!run_done (db, stmt, _("saving the payout"), error)
      || !record_payout_change (db, args->actor, failed->id, failed, "reissue", error))
    return FALSE;

  stmt = ud_database_prepare (db,
                              "INSERT INTO payout (uuid, source, aid_application_id,"
                              "  insurance_claim_id, source_uuid, source_number, category,"
                              "  member_id, org_id, payee_name, payee_id_number, bank_name,"
                              "  bank_account, bank_holder, holder_reason, amount_fen,"
                              "  fund_source, status, reissued_from, approved_date, created_by,"
                              "  last_edited_by, created_at, updated_at) "
                              "SELECT ?1, source, aid_application_id, insurance_claim_id,"
                              "  source_uuid, source_number, category, member_id, org_id,"
                              "  payee_name, payee_id_number, ?5, ?6, ?7, ?8, amount_fen,"
                              "  fund_source, 'pending', id, approved_date, ?2, ?2, ?3, ?3"
                              "  FROM payout WHERE id = ?4",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  ud_stmt_bind_id_or_null (stmt, 2, args->actor ? args->actor->id : 0);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, failed->id);
  ud_stmt_bind_text_or_null (stmt, 5, bank_name);
  sqlite3_bind_text (stmt, 6, account, -1, SQLITE_STATIC);
  ud_stmt_bind_text_or_null (stmt, 7, holder);
  ud_stmt_bind_text_or_null (stmt, 8, reason);
  if (!run_done (db, stmt, _("saving the payout"), error))
    return FALSE;
  id = sqlite3_last_insert_rowid (ud_database_get_handle (db));
  if (args->out_id != NULL)
    *args->out_id = id;

  return record_payout_change (db, args->actor, id, NULL, "create", error)
         && source_payment_changed (db, args->actor, failed, "reissued", NULL, error);
}

gboolean
ud_payout_store_reissue (UdDatabase       *db,
                         const UdAccount  *actor,
                         gint64            id,
                         const char       *bank_name,
                         const char       *bank_account,
                         const char       *bank_holder,
                         const char       *holder_reason,
                         gint64           *out_id,
                         GError          **error)
{
  ReissueArgs args = { actor, id, bank_name, bank_account, bank_holder, holder_reason, out_id };

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  return ud_database_write (db, "payout", reissue_func, &args, error);
}
