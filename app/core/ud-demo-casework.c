/* ud-demo-casework.c — the demo office's casework: accounts for each role, mutual insurance with
 * claims, temporary relief, and payouts in batches the bank has answered
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything goes through the stores as the accounts a real office would use, so each record has
 * its history, audit entries and outbox rows, and the approver is never the one who entered. */
#define G_LOG_DOMAIN "ud-demo"

#include <glib/gstdio.h>

#include "ud-aid-store.h"
#include "ud-date.h"
#include "ud-demo.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-insurance-store.h"
#include "ud-payout-store.h"

#define DEMO_ENROLLED 40
#define DEMO_RELIEF 8

static const struct
{
  const char *username;
  const char *display_name;
  guint       roles;
} demo_accounts[] = {
  { "wangfang", "王芳", UD_ROLE_CLERK },
  { "lihua", "李华", UD_ROLE_REVIEWER },
  { "zhangwei", "张伟", UD_ROLE_APPROVER },
  { "zhaomin", "赵敏", UD_ROLE_TREASURER },
};

enum { CLERK, REVIEWER, APPROVER, TREASURER };

static const char *const banks[] = {
  "中国工商银行", "中国农业银行", "中国建设银行", "杭州银行", "浙江农商银行",
};

/* A 19-digit card number that looks like a debit card of @bank_index. */
static char *
demo_account_number (GRand *rand,
                     guint  bank_index)
{
  static const char *const prefixes[] = { "622202", "622848", "621700", "621559", "623091" };

  return g_strdup_printf ("%s%06u%07u", prefixes[bank_index % G_N_ELEMENTS (prefixes)],
                          (guint) g_rand_int_range (rand, 0, 1000000),
                          (guint) g_rand_int_range (rand, 0, 10000000));
}

/* Active members of working age, the first @limit by id. */
static GArray *
pick_members (UdDatabase  *db,
              guint        limit,
              GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (db,
                                            "SELECT id FROM member WHERE status = 'active'"
                                            "  AND birth_date BETWEEN date ('now', '-60 years')"
                                            "  AND date ('now', '-20 years') "
                                            "ORDER BY id LIMIT ?1",
                                            error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) limit);
  return ud_database_collect_ids (db, stmt, _("choosing the demo members"), error);
}

static gboolean
make_accounts (UdDatabase       *db,
               const UdAccount  *admin,
               UdAccount       **accounts,
               GError          **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    {
      accounts[i] = ud_account_find (db, demo_accounts[i].username);
      if (accounts[i] != NULL)
        continue;
      accounts[i] = ud_account_create (db, admin, demo_accounts[i].username,
                                       demo_accounts[i].display_name, demo_accounts[i].roles,
                                       "demo-first-password", error);
      /* As if each had logged in once and chosen the demo password. */
      if (accounts[i] == NULL
          || !ud_account_change_password (db, accounts[i], "demo-first-password",
                                          UD_DEMO_PASSWORD, error))
        return FALSE;
    }
  return TRUE;
}

/* Accident cover for members of the office paid by the union, and claims on it. */
static gboolean
add_insurance (UdDatabase  *db,
               UdAccount  **accounts,
               GArray      *members,
               GRand       *rand,
               GError     **error)
{
  g_autoptr(UdInsuranceRosterResult) roster = NULL;
  UdInsuranceRosterRequest request = { 0 };
  g_autofree char *payment_text = NULL;
  GDate today, payment, first;
  guint n_paid = 0;
  guint n_cancelled = 0;
  guint n_claims = 0;

  ud_date_today (&today);
  payment = today;
  g_date_subtract_days (&payment, 60);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_JANUARY, g_date_get_year (&today));
  if (g_date_compare (&payment, &first) < 0)
    payment = first;

  request.plan_kind = UD_INSURANCE_PLAN_ACCIDENT;
  request.term_year = g_date_get_year (&today);
  request.shares = 2;
  request.payer = UD_INSURANCE_PAYER_UNION;
  request.org_id = ud_database_get_office_org_id (db);
  request.member_ids = (const gint64 *) (void *) members->data;
  request.n_member_ids = MIN (members->len, DEMO_ENROLLED);
  roster = ud_insurance_store_enroll_roster (db, accounts[CLERK], &request, NULL, NULL, NULL,
                                             error);
  if (roster == NULL)
    return FALSE;
  payment_text = ud_date_format (&payment);
  if (!ud_insurance_store_record_payment (db, accounts[TREASURER], roster->roster, payment_text,
                                          _("Paid by the union for its members"), &n_paid,
                                          &n_cancelled, error))
    return FALSE;

  /* Claims need an event after the cover began. */
  if (g_date_days_between (&payment, &today) < 3)
    return TRUE;

  for (guint i = 0; i < roster->entries->len && n_claims < 4; i++)
    {
      UdInsuranceRosterEntry *entry = g_ptr_array_index (roster->entries, i);
      g_autoptr(UdInsuranceClaim) claim = NULL;
      GDate event = today;
      guint bank = (guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (banks));

      if (entry->refused || entry->enrollment_id == 0)
        continue;
      g_date_subtract_days (&event, 1 + g_rand_int_range (rand, 0,
                                                          g_date_days_between (&payment, &today)
                                                          - 1));
      claim = ud_insurance_claim_new ();
      claim->enrollment_id = entry->enrollment_id;
      claim->event = g_strdup (n_claims % 2 == 0 ? "grade_10" : "grade_9");
      claim->event_date = ud_date_format (&event);
      claim->description = g_strdup (n_claims % 2 == 0 ? "送餐途中摔伤，左手腕骨折"
                                                       : "工作中被货架砸伤");
      claim->bank_name = g_strdup (banks[bank]);
      claim->bank_account = demo_account_number (rand, bank);
      if (!ud_insurance_store_report_claim (db, accounts[CLERK], claim, error)
          || !ud_insurance_store_documents_complete (db, accounts[REVIEWER], claim->id, NULL,
                                                     error)
          || !ud_insurance_store_assess (db, accounts[REVIEWER], claim->id, error))
        return FALSE;
      /* The last one waits for the approver. */
      if (n_claims < 3
          && !ud_insurance_store_approve (db, accounts[APPROVER], claim->id, NULL, error))
        return FALSE;
      n_claims++;
    }
  return TRUE;
}

/* Temporary relief for a few members, most of it approved. */
static gboolean
add_relief (UdDatabase  *db,
            UdAccount  **accounts,
            GArray      *members,
            GRand       *rand,
            GError     **error)
{
  for (guint i = 0; i < DEMO_RELIEF && DEMO_ENROLLED + i < members->len; i++)
    {
      g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_TEMPORARY);

      app->member_id = g_array_index (members, gint64, DEMO_ENROLLED + i);
      app->requested_fen = 50000 + 10000 * (gint64) g_rand_int_range (rand, 3, 25);
      app->note = g_strdup (i % 2 == 0 ? "家中突发火灾，生活用品损毁" : "突发疾病，家庭生活临时困难");
      if (!ud_aid_store_create (db, accounts[CLERK], app, error)
          || !ud_aid_store_submit (db, accounts[CLERK], app->id, error))
        return FALSE;
      if (i < 2)
        continue;  /* waiting for the reviewer */
      if (!ud_aid_store_review (db, accounts[REVIEWER], app->id, NULL, error)
          || !ud_aid_store_approve (db, accounts[APPROVER], app->id, -1, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Accounts for the relief lines, one batch the bank answered (one transfer failed), one batch
 * still open, and a line left to pay. */
static gboolean
add_payouts (UdDatabase  *db,
             UdAccount  **accounts,
             GRand       *rand,
             GError     **error)
{
  UdPayoutFilter filter = UD_PAYOUT_FILTER_INIT;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) second = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gint64 batch_id = 0;
  GDate today;

  filter.status = UD_PAYOUT_PENDING;
  lines = ud_payout_store_list (db, &filter, 0, 0, error);
  if (lines == NULL)
    return FALSE;
  for (guint i = lines->len; i > 0; i--)
    {
      UdPayout *line = g_ptr_array_index (lines, i - 1);
      guint bank = (guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (banks));

      if (line->bank_account == NULL)
        {
          g_autofree char *number = demo_account_number (rand, bank);

          if (!ud_payout_store_set_account (db, accounts[TREASURER], line->id, banks[bank],
                                            number, NULL, NULL, error))
            return FALSE;
        }
      if (first->len < 5)
        g_array_append_val (first, line->id);
      else if (second->len < 2)
        g_array_append_val (second, line->id);
    }
  if (first->len == 0)
    return TRUE;

  /* The first batch went to the bank; the transfer file is not kept. */
  if (!ud_payout_store_create_batch (db, accounts[TREASURER], (gint64 *) (void *) first->data,
                                     first->len, _("Demo batch"), &batch_id, error))
    return FALSE;
  dir = g_dir_make_tmp ("ud-demo-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "transfer.csv", NULL);
  if (!ud_payout_store_export_batch (db, accounts[TREASURER], batch_id, path,
                                     UD_PAYOUT_FILE_CSV, error))
    {
      g_rmdir (dir);
      return FALSE;
    }
  g_unlink (path);
  g_rmdir (dir);

  ud_date_today (&today);
  for (guint i = 0; i < first->len; i++)
    {
      gint64 id = g_array_index (first, gint64, i);
      g_autofree char *voucher = g_strdup_printf ("B%04d%02d%02d%03u", g_date_get_year (&today),
                                                  g_date_get_month (&today),
                                                  g_date_get_day (&today), i + 1);
      gboolean ok = i + 1 < first->len
                    ? ud_payout_store_record_paid (db, accounts[TREASURER], id, voucher, &today,
                                                   error)
                    : ud_payout_store_record_failed (db, accounts[TREASURER], id,
                                                     "户名与账号不符", &today, error);

      if (!ok)
        return FALSE;
    }

  return second->len == 0
         || ud_payout_store_create_batch (db, accounts[TREASURER],
                                          (gint64 *) (void *) second->data, second->len, NULL,
                                          NULL, error);
}

gboolean
ud_demo_add_casework (UdDatabase       *db,
                      const UdAccount  *admin,
                      guint32           seed,
                      GError          **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) members = NULL;
  UdAccount *accounts[G_N_ELEMENTS (demo_accounts)] = { NULL };
  gboolean ok;

  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);

  members = pick_members (db, DEMO_ENROLLED + DEMO_RELIEF, error);
  if (members == NULL)
    return FALSE;
  if (members->len < DEMO_ENROLLED + DEMO_RELIEF)
    return TRUE;  /* too small an office for casework */

  ok = make_accounts (db, admin, accounts, error)
       && add_insurance (db, accounts, members, rand, error)
       && add_relief (db, accounts, members, rand, error)
       && add_payouts (db, accounts, rand, error);

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    g_clear_pointer (&accounts[i], ud_account_free);
  return ok;
}
