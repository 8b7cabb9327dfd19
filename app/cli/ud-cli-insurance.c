/* ud-cli-insurance.c — union-desk-cli insurance: mutual-insurance plans, enrollment rosters,
 * premium payments and claims
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-cli"

#include <string.h>

#include "ud-cli-private.h"
#include "ud-cli.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-id-number.h"
#include "ud-insurance-store.h"
#include "ud-mask.h"
#include "ud-member-store.h"
#include "ud-money.h"
#include "ud-org.h"

#define DEFAULT_LIMIT 50

static gboolean
parse_plan_kind (Cli                  *cli,
                 const char           *text,
                 UdInsurancePlanKind  *kind,
                 int                  *status)
{
  int value;

  if (text == NULL)
    {
      *status = ud_cli_usage_error (cli, "%s", _("--plan: give the plan (accident, "
                                                 "major_illness, hospital, …)"));
      return FALSE;
    }
  if (!ud_cli_parse_enum (cli, "--plan", &ud_insurance_plan_kind_info, NULL, text, &value,
                          status))
    return FALSE;
  *kind = value;
  return TRUE;
}

static gboolean
parse_money (Cli         *cli,
             const char  *option,
             const char  *text,
             gint64      *fen,
             int         *status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return TRUE;
  if (!ud_money_parse (text, 0, UD_MONEY_MAX_FEN, option, fen, &error))
    {
      *status = ud_cli_usage_error (cli, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
ages_text (const UdInsurancePlan *plan)
{
  /* Translators: an age window, “16–65” */
  return g_strdup_printf (_("%d–%d"), plan->min_age, plan->max_age);
}

static char *
benefit_kind_text (UdInsuranceBenefitKind kind)
{
  switch (kind)
    {
    case UD_INSURANCE_BENEFIT_DAILY:
      return g_strdup (_("per day"));
    case UD_INSURANCE_BENEFIT_REFUND:
      return g_strdup (_("loss refunded up to"));
    case UD_INSURANCE_BENEFIT_LUMP:
    default:
      return g_strdup (_("lump sum"));
    }
}

/* insurance plans */

int
ud_cli_cmd_insurance_plans (Cli   *cli,
                            GStrv *args)
{
  gboolean benefits = FALSE;
  const GOptionEntry entries[] = {
    { "benefits", 'b', 0, G_OPTION_ARG_NONE, &benefits,
      N_("Also print each plan's benefit table (per share)"), NULL },
    G_OPTION_ENTRY_NULL
  };
  static const guint max_widths[] = { 16, 24, 6, 10, 6, 8, 8, 8, 12, 12, 8 };
  const char *headers[] = {
    _("Code"), _("Plan"), _("Term (years)"), _("Price per share"), _("Maximum shares"),
    _("Ages"), _("Waiting period (days)"), _("Maximum days"), _("Cap per event"),
    _("Cap per term"), _("Active"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(Table) table = NULL;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Lists the mutual-insurance plans. Amounts are in yuan and per "
                               "share; a member with 3 shares gets three times the benefits and "
                               "caps."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  plans = ud_insurance_store_list_plans (cli->db, &error);
  if (plans == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (11, headers, max_widths);
  for (guint i = 0; i < plans->len; i++)
    {
      UdInsurancePlanRecord *record = g_ptr_array_index (plans, i);
      const UdInsurancePlan *plan = &record->plan;
      char **row = g_new0 (char *, 12);

      row[0] = g_strdup (ud_insurance_plan_kind_to_string (plan->kind));
      row[1] = g_strdup (plan->name);
      row[2] = g_strdup_printf ("%d", plan->term_years);
      row[3] = ud_money_format (plan->price_per_share_fen);
      row[4] = g_strdup_printf ("%d", plan->max_shares);
      row[5] = ages_text (plan);
      row[6] = g_strdup_printf ("%d", plan->waiting_days);
      row[7] = g_strdup_printf ("%d", plan->max_days);
      row[8] = ud_money_format (plan->per_event_cap_fen);
      row[9] = ud_money_format (plan->per_term_cap_fen);
      row[10] = g_strdup (record->active ? _("yes") : _("no"));
      ud_cli_table_add (table, row);
    }
  ud_cli_table_print (table);

  for (guint i = 0; benefits && i < plans->len; i++)
    {
      UdInsurancePlanRecord *record = g_ptr_array_index (plans, i);

      g_print ("\n%s (%s)\n", record->plan.name,
               ud_insurance_plan_kind_to_string (record->plan.kind));
      for (guint b = 0; b < record->plan.n_benefits; b++)
        {
          const UdInsuranceBenefit *benefit = &record->plan.benefits[b];
          g_autofree char *label = ud_insurance_event_dup_label (benefit->event);
          g_autofree char *kind = benefit_kind_text (benefit->kind);
          g_autofree char *amount = ud_money_format_yuan (benefit->amount_per_share_fen);

          g_print ("  %-18s %s  %s %s\n", benefit->event, label, kind, amount);
        }
    }
  return UD_CLI_EXIT_OK;
}

/* insurance plan-set */

static gboolean
set_benefit (Cli              *cli,
             UdInsurancePlan  *plan,
             const char       *text,
             int              *status)
{
  g_auto(GStrv) parts = g_strsplit (text, "=", 2);
  g_auto(GStrv) amount_kind = NULL;
  UdInsuranceBenefit *benefit = NULL;
  gint64 fen = 0;

  if (g_strv_length (parts) != 2 || *g_strstrip (parts[0]) == '\0')
    {
      *status = ud_cli_usage_error (cli,
                                    _("--benefit: “%s” is not EVENT=AMOUNT[:lump|daily|refund]"),
                                    text);
      return FALSE;
    }
  amount_kind = g_strsplit (parts[1], ":", 2);
  if (!parse_money (cli, "--benefit", amount_kind[0], &fen, status))
    return FALSE;
  for (guint i = 0; i < plan->n_benefits; i++)
    if (strcmp (plan->benefits[i].event, parts[0]) == 0)
      benefit = &plan->benefits[i];
  if (benefit == NULL)
    {
      if (plan->n_benefits >= UD_INSURANCE_MAX_BENEFITS
          || strlen (parts[0]) >= sizeof plan->benefits[0].event)
        {
          *status = ud_cli_usage_error (cli, _("--benefit: “%s” cannot be added"), parts[0]);
          return FALSE;
        }
      benefit = &plan->benefits[plan->n_benefits++];
      memset (benefit, 0, sizeof *benefit);
      g_strlcpy (benefit->event, parts[0], sizeof benefit->event);
      benefit->kind = UD_INSURANCE_BENEFIT_LUMP;
    }
  benefit->amount_per_share_fen = fen;
  if (amount_kind[1] != NULL)
    {
      if (g_strcmp0 (amount_kind[1], "lump") == 0)
        benefit->kind = UD_INSURANCE_BENEFIT_LUMP;
      else if (g_strcmp0 (amount_kind[1], "daily") == 0)
        benefit->kind = UD_INSURANCE_BENEFIT_DAILY;
      else if (g_strcmp0 (amount_kind[1], "refund") == 0)
        benefit->kind = UD_INSURANCE_BENEFIT_REFUND;
      else
        {
          *status = ud_cli_usage_error (cli, _("--benefit: “%s” is not lump, daily or refund"),
                                        amount_kind[1]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
remove_benefit (Cli              *cli,
                UdInsurancePlan  *plan,
                const char       *event,
                int              *status)
{
  for (guint i = 0; i < plan->n_benefits; i++)
    if (strcmp (plan->benefits[i].event, event) == 0)
      {
        memmove (&plan->benefits[i], &plan->benefits[i + 1],
                 (plan->n_benefits - i - 1) * sizeof plan->benefits[0]);
        plan->n_benefits--;
        memset (&plan->benefits[plan->n_benefits], 0, sizeof plan->benefits[0]);
        return TRUE;
      }
  *status = ud_cli_usage_error (cli, _("--remove-benefit: the plan has no event “%s”"), event);
  return FALSE;
}

int
ud_cli_cmd_insurance_plan_set (Cli   *cli,
                               GStrv *args)
{
  g_autofree char *name = NULL;
  g_autofree char *price = NULL;
  g_autofree char *event_cap = NULL;
  g_autofree char *term_cap = NULL;
  g_autofree char *active = NULL;
  g_auto(GStrv) benefits = NULL;
  g_auto(GStrv) removed = NULL;
  int term = -1;
  int max_shares = -1;
  int min_age = -1;
  int max_age = -1;
  int waiting = -1;
  int max_days = -1;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The plan's name"), N_("NAME") },
    { "term", 0, 0, G_OPTION_ARG_INT, &term, N_("Term in years (1–3)"), N_("YEARS") },
    { "price", 0, 0, G_OPTION_ARG_STRING, &price, N_("Price per share and year (yuan)"),
      N_("AMOUNT") },
    { "max-shares", 0, 0, G_OPTION_ARG_INT, &max_shares, N_("Most shares one member may hold"),
      N_("N") },
    { "min-age", 0, 0, G_OPTION_ARG_INT, &min_age, N_("Youngest age on the coverage start"),
      N_("YEARS") },
    { "max-age", 0, 0, G_OPTION_ARG_INT, &max_age, N_("Oldest age on the coverage start"),
      N_("YEARS") },
    { "waiting-days", 0, 0, G_OPTION_ARG_INT, &waiting, N_("Waiting period in days (0: none)"),
      N_("DAYS") },
    { "max-days", 0, 0, G_OPTION_ARG_INT, &max_days,
      N_("Most days of daily allowance per term"), N_("DAYS") },
    { "event-cap", 0, 0, G_OPTION_ARG_STRING, &event_cap, N_("Cap per event and share (yuan)"),
      N_("AMOUNT") },
    { "term-cap", 0, 0, G_OPTION_ARG_STRING, &term_cap, N_("Cap per term and share (yuan)"),
      N_("AMOUNT") },
    { "benefit", 0, 0, G_OPTION_ARG_STRING_ARRAY, &benefits,
      N_("Set or add a row of the benefit table (per share), repeatable"),
      N_("EVENT=AMOUNT[:lump|daily|refund]") },
    { "remove-benefit", 0, 0, G_OPTION_ARG_STRING_ARRAY, &removed,
      N_("Remove a row of the benefit table, repeatable"), N_("EVENT") },
    { "active", 0, 0, G_OPTION_ARG_STRING, &active,
      N_("yes: takes new enrollments; no: takes none"), N_("yes|no") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdInsurancePlanRecord) record = NULL;
  UdInsurancePlanKind kind;
  UdInsurancePlan plan;
  gboolean is_active;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Changes a plan (administrator). Enrollments already made keep the "
                               "plan they were sold under; new ones take the change."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the plan's code (accident, …)"),
                                  &status)
      || !parse_plan_kind (cli, (*args)[1], &kind, &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  record = ud_insurance_store_get_plan (cli->db, kind, &error);
  if (record == NULL)
    return ud_cli_fail (error);

  plan = record->plan;
  is_active = record->active;
  if (name != NULL)
    {
      if (strlen (name) >= sizeof plan.name)
        return ud_cli_usage_error (cli, "%s", _("--name: too long"));
      g_strlcpy (plan.name, name, sizeof plan.name);
    }
  if (term >= 0)
    plan.term_years = term;
  if (max_shares >= 0)
    plan.max_shares = max_shares;
  if (min_age >= 0)
    plan.min_age = min_age;
  if (max_age >= 0)
    plan.max_age = max_age;
  if (waiting >= 0)
    plan.waiting_days = waiting;
  if (max_days >= 0)
    plan.max_days = max_days;
  if (!parse_money (cli, "--price", price, &plan.price_per_share_fen, &status)
      || !parse_money (cli, "--event-cap", event_cap, &plan.per_event_cap_fen, &status)
      || !parse_money (cli, "--term-cap", term_cap, &plan.per_term_cap_fen, &status))
    return status;
  for (guint i = 0; benefits != NULL && benefits[i] != NULL; i++)
    if (!set_benefit (cli, &plan, benefits[i], &status))
      return status;
  for (guint i = 0; removed != NULL && removed[i] != NULL; i++)
    if (!remove_benefit (cli, &plan, removed[i], &status))
      return status;
  if (active != NULL)
    {
      if (g_strcmp0 (active, "yes") == 0)
        is_active = TRUE;
      else if (g_strcmp0 (active, "no") == 0)
        is_active = FALSE;
      else
        return ud_cli_usage_error (cli, "%s", _("--active: yes or no"));
    }

  if (!ud_insurance_store_update_plan (cli->db, cli->account, &plan, is_active, record->version,
                                       &error))
    return ud_cli_fail (error);
  g_print (_("Plan “%s” saved\n"), plan.name);
  return UD_CLI_EXIT_OK;
}

/* insurance enroll */

static void
print_roster_progress (guint    done,
                       guint    total,
                       gpointer user_data)
{
  ud_cli_print_progress (user_data, _("Enrolling"), done, total);
}

int
ud_cli_cmd_insurance_enroll (Cli   *cli,
                             GStrv *args)
{
  g_autofree char *plan_name = NULL;
  g_autofree char *org_name = NULL;
  g_autofree char *status_name = NULL;
  g_autofree char *category_name = NULL;
  g_autofree char *payer_name = NULL;
  g_auto(GStrv) id_numbers = NULL;
  gboolean all = FALSE;
  gboolean subordinates = FALSE;
  gboolean preview = FALSE;
  int shares = 1;
  int year = 0;
  const GOptionEntry entries[] = {
    { "plan", 'p', 0, G_OPTION_ARG_STRING, &plan_name,
      N_("The plan: major_illness, accident, hospital, women_disease, child_accident, death, "
         "property (or 意外伤害 …)"), N_("PLAN") },
    { "org", 'o', 0, G_OPTION_ARG_STRING, &org_name, N_("The union whose members are enrolled"),
      N_("NAME") },
    { "subordinates", 0, 0, G_OPTION_ARG_NONE, &subordinates,
      N_("Also the members of its subordinate unions"), NULL },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      N_("Every active member (when the union pays for all of them)"), NULL },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("Only members with this status (default: every live member)"), N_("STATUS") },
    { "category", 'c', 0, G_OPTION_ARG_STRING, &category_name,
      N_("Only this new-employment category (courier, food_delivery, …)"), N_("CATEGORY") },
    { "member", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &id_numbers,
      N_("Exactly these members (instead of a union), repeatable"), N_("ID_NUMBER") },
    { "shares", 's', 0, G_OPTION_ARG_INT, &shares, N_("Shares per member (default: 1)"),
      N_("N") },
    { "payer", 0, 0, G_OPTION_ARG_STRING, &payer_name,
      N_("Who pays the premium: member, union or employer"), N_("PAYER") },
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("The term year (default: this year)"),
      N_("YEAR") },
    { "preview", 0, 0, G_OPTION_ARG_NONE, &preview,
      N_("Only show who would be enrolled and who refused"), NULL },
    G_OPTION_ENTRY_NULL
  };
  static const guint max_widths[] = { 12, 18, 18, 90 };
  const char *headers[] = {
    _("Name"), _("ID number"), _("Result"), _("Reason"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdInsuranceRosterResult) result = NULL;
  g_autoptr(Table) table = NULL;
  g_autoptr(GArray) member_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *total = NULL;
  UdInsuranceRosterRequest request = { 0 };
  int value;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Makes an enrollment roster: every member chosen is enrolled, or "
                               "refused with the reason (age window on the coverage start, shares, "
                               "already enrolled). The premium is recorded with pay-premium; cover "
                               "starts the day after payment."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status)
      || !parse_plan_kind (cli, plan_name, &request.plan_kind, &status))
    return status;
  if (payer_name == NULL)
    return ud_cli_usage_error (cli, "%s", _("--payer: give member, union or employer"));
  if (!ud_cli_parse_enum (cli, "--payer", &ud_insurance_payer_info, NULL, payer_name, &value,
                          &status))
    return status;
  request.payer = value;
  if (status_name != NULL)
    {
      if (!ud_cli_parse_enum (cli, "--status", &ud_member_status_info, NULL, status_name, &value,
                              &status))
        return status;
      request.filter_status = TRUE;
      request.status = value;
    }
  if (category_name != NULL)
    {
      if (!ud_cli_parse_enum (cli, "--category", &ud_new_employment_info, NULL, category_name,
                              &value, &status))
        return status;
      request.filter_category = TRUE;
      request.category = value;
    }
  if (!ud_cli_check_year (cli, &year, ud_cli_current_year (), &status))
    return status;
  if (org_name == NULL && id_numbers == NULL)
    return ud_cli_usage_error (cli, "%s", _("Give --org or --member"));
  request.term_year = year;
  request.shares = shares;
  request.all_active = all;
  request.subordinates = subordinates;

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  if (org_name != NULL)
    {
      request.org_id = ud_org_find_by_name (cli->db, org_name);
      if (request.org_id == 0)
        return ud_cli_usage_error (cli, _("--org: there is no union named “%s”"), org_name);
    }
  for (guint i = 0; id_numbers != NULL && id_numbers[i] != NULL; i++)
    {
      g_autoptr(UdMember) member = NULL;
      UdIdNumber id;

      if (!ud_id_number_parse (id_numbers[i], NULL, &id, &error))
        return ud_cli_usage_error (cli, "%s", error->message);
      member = ud_member_store_find_live (cli->db, id.number, &error);
      if (error != NULL)
        return ud_cli_fail (g_steal_pointer (&error));
      if (member == NULL)
        {
          g_autofree char *masked = ud_mask_id_number (id.number);

          return ud_cli_usage_error (cli, _("--member: no live member has the ID number %s"),
                                     masked);
        }
      g_array_append_val (member_ids, member->id);
    }
  request.member_ids = (const gint64 *) (gpointer) member_ids->data;
  request.n_member_ids = member_ids->len;

  if (preview)
    result = ud_insurance_store_preview_roster (cli->db, &request, NULL, &error);
  else
    result = ud_insurance_store_enroll_roster (cli->db, cli->account, &request,
                                               print_roster_progress, cli, NULL, &error);
  if (result == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (4, headers, max_widths);
  for (guint i = 0; i < result->entries->len; i++)
    {
      UdInsuranceRosterEntry *entry = g_ptr_array_index (result->entries, i);
      char **row = g_new0 (char *, 5);

      row[0] = g_strdup (entry->member_name);
      row[1] = g_strdup (entry->member_id_masked ? entry->member_id_masked : "");
      row[2] = g_strdup (entry->refused ? _("refused")
                         : preview ? _("would be enrolled") : _("enrolled"));
      row[3] = g_strdup (entry->reason ? entry->reason : "");
      ud_cli_table_add (table, row);
    }
  if (result->entries->len > 0)
    ud_cli_table_print (table);

  total = ud_money_format_yuan (result->premium_total_fen);
  if (result->roster != NULL)
    /* Translators: “Roster BZ2026-0001: 120 enrolled, 3 refused; premium ¥1,200.00” */
    g_print (_("Roster %s: %u enrolled, %u refused; premium %s\n"), result->roster,
             result->n_enrolled, result->n_refused, total);
  else
    g_print (_("Preview (coverage from %s at the earliest): %u to enrol, %u refused; premium "
               "%s\n"), result->coverage_start, result->n_enrolled, result->n_refused, total);
  return UD_CLI_EXIT_OK;
}

/* insurance pay-premium */

int
ud_cli_cmd_insurance_pay_premium (Cli   *cli,
                                  GStrv *args)
{
  g_autofree char *date = NULL;
  g_autofree char *note = NULL;
  const GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date, N_("The day the premium was paid"),
      N_("DATE") },
    { "note", 'n', 0, G_OPTION_ARG_STRING, &note, N_("Voucher or transfer note"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  guint n_paid = 0;
  guint n_cancelled = 0;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Records the premium payment of a roster (treasurer). Cover "
                               "starts at 00:00 the day after the payment date."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the roster number"), &status))
    return status;
  if (date == NULL)
    return ud_cli_usage_error (cli, "%s", _("--date: give the payment date"));
  if (!ud_cli_parse_date_option (cli, "--date", &date, &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  if (!ud_insurance_store_record_payment (cli->db, cli->account, (*args)[1], date, note,
                                          &n_paid, &n_cancelled, &error))
    return ud_cli_fail (error);
  /* Translators: “Roster BZ2026-0001: 120 covered, 1 cancelled (outside the age window)” */
  g_print (_("Roster %s: %u covered, %u cancelled (outside the age window on the coverage "
             "start)\n"), (*args)[1], n_paid, n_cancelled);
  return UD_CLI_EXIT_OK;
}

/* insurance enrollments */

int
ud_cli_cmd_insurance_enrollments (Cli   *cli,
                                  GStrv *args)
{
  g_autofree char *roster = NULL;
  g_autofree char *plan_name = NULL;
  g_autofree char *status_name = NULL;
  g_autofree char *member = NULL;
  int year = 0;
  int limit = DEFAULT_LIMIT;
  const GOptionEntry entries[] = {
    { "roster", 'r', 0, G_OPTION_ARG_STRING, &roster, N_("Only this roster"), N_("ROSTER") },
    { "member", 'm', 0, G_OPTION_ARG_STRING, &member,
      N_("Only the enrollments of this member, also after leaving the union"),
      N_("ID_NUMBER") },
    { "plan", 'p', 0, G_OPTION_ARG_STRING, &plan_name, N_("Only this plan"), N_("PLAN") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("Only this status: unpaid, covered, cancelled"), N_("STATUS") },
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("Only this term year"), N_("YEAR") },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N enrollments (default: 50; 0 for all)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  static const guint max_widths[] = { 12, 12, 18, 14, 6, 6, 10, 10, 12, 12, 16 };
  const char *headers[] = {
    _("Roster"), _("Name"), _("ID number"), _("Plan"), _("Term year"), _("Shares"),
    _("Premium"), _("Payer"), _("Coverage start"), _("Term end"),
    C_("enrollment", "Status"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(Table) table = NULL;
  UdInsuranceEnrollmentFilter filter = { 0 };
  guint n = 0;
  int value;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Lists enrollments, newest first. TEXT finds a member's name, the "
                               "end of an ID number or a roster number."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 1, NULL, &status))
    return status;
  if (limit < 0)
    return ud_cli_usage_error (cli, "%s", _("--limit: give a number, or 0 for all"));
  if (plan_name != NULL)
    {
      if (!parse_plan_kind (cli, plan_name, &filter.plan_kind, &status))
        return status;
      filter.filter_plan = TRUE;
    }
  if (status_name != NULL)
    {
      if (!ud_cli_parse_enum (cli, "--status", &ud_insurance_enrollment_status_info, NULL,
                              status_name, &value, &status))
        return status;
      filter.filter_status = TRUE;
      filter.status = value;
    }
  if (year != 0 && !ud_cli_check_year (cli, &year, 0, &status))
    return status;
  filter.term_year = year;
  filter.roster = roster;
  filter.search = (*args)[1];
  if (member != NULL)
    {
      g_autoptr(GError) id_error = NULL;
      UdIdNumber id;

      if ((*args)[1] != NULL)
        return ud_cli_usage_error (cli, "%s", _("--member: give either the member or TEXT"));
      if (!ud_id_number_parse (member, NULL, &id, &id_error))
        return ud_cli_usage_error (cli, "%s", id_error->message);
      g_free (member);
      member = g_strdup (id.number);
      /* The whole number: the ID-number search matches it and nothing else. */
      filter.search = member;
    }

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  if (!ud_insurance_store_count_enrollments (cli->db, &filter, &n, &error))
    return ud_cli_fail (error);
  rows = ud_insurance_store_list_enrollments (cli->db, &filter, 0, (guint) limit, &error);
  if (rows == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (11, headers, max_widths);
  for (guint i = 0; i < rows->len; i++)
    {
      UdInsuranceEnrollment *e = g_ptr_array_index (rows, i);
      char **row = g_new0 (char *, 12);

      row[0] = g_strdup (e->roster);
      row[1] = g_strdup (e->member_name);
      row[2] = g_strdup (e->member_id_masked ? e->member_id_masked : "");
      row[3] = g_strdup (e->plan.name);
      row[4] = g_strdup_printf ("%d", e->term_year);
      row[5] = g_strdup_printf ("%d", e->shares);
      row[6] = ud_money_format (e->premium_fen);
      row[7] = g_strdup (ud_enum_label (&ud_insurance_payer_info, e->payer));
      row[8] = g_strdup (e->coverage_start ? e->coverage_start : "");
      row[9] = g_strdup (e->term_end ? e->term_end : "");
      if (e->status == UD_INSURANCE_ENROLLMENT_CANCELLED && e->cancel_reason != NULL)
        row[10] = g_strdup_printf ("%s: %s",
                                   ud_enum_label (&ud_insurance_enrollment_status_info,
                                                  e->status), e->cancel_reason);
      else
        row[10] = g_strdup (ud_enum_label (&ud_insurance_enrollment_status_info, e->status));
      ud_cli_table_add (table, row);
    }
  if (rows->len > 0)
    ud_cli_table_print (table);
  /* Translators: “Showing 50 of 1200 enrollments” */
  g_print (_("Showing %u of %u enrollments\n"), rows->len, n);
  return UD_CLI_EXIT_OK;
}

/* insurance claim-report */

int
ud_cli_cmd_insurance_claim_report (Cli   *cli,
                                   GStrv *args)
{
  g_autofree char *plan_name = NULL;
  g_autofree char *event = NULL;
  g_autofree char *date = NULL;
  g_autofree char *loss = NULL;
  g_autofree char *description = NULL;
  g_autofree char *documents = NULL;
  g_autofree char *payee = NULL;
  g_autofree char *payee_id = NULL;
  g_autofree char *bank = NULL;
  g_autofree char *account = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *holder_reason = NULL;
  int days = 0;
  const GOptionEntry entries[] = {
    { "plan", 'p', 0, G_OPTION_ARG_STRING, &plan_name, N_("The plan the claim is made on"),
      N_("PLAN") },
    { "event", 'e', 0, G_OPTION_ARG_STRING, &event,
      N_("The event from the plan's benefit table (death, grade_3, hospital_day, fire_loss …)"),
      N_("EVENT") },
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date, N_("The date of the event (出险日期)"),
      N_("DATE") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Days in hospital, for a daily allowance"),
      N_("DAYS") },
    { "loss", 0, 0, G_OPTION_ARG_STRING, &loss, N_("The loss in yuan, for a refund"),
      N_("AMOUNT") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("What happened"), N_("TEXT") },
    { "documents", 0, 0, G_OPTION_ARG_STRING, &documents, N_("The documents handed in"),
      N_("TEXT") },
    { "payee", 0, 0, G_OPTION_ARG_STRING, &payee, N_("Who is paid (default: the member)"),
      N_("NAME") },
    { "payee-id", 0, 0, G_OPTION_ARG_STRING, &payee_id, N_("The payee's ID number"),
      N_("ID_NUMBER") },
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank, N_("The bank of the account"), N_("NAME") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The bank account number"),
      N_("NUMBER") },
    { "holder", 0, 0, G_OPTION_ARG_STRING, &holder,
      N_("The account holder, when not the payee"), N_("NAME") },
    { "holder-reason", 0, 0, G_OPTION_ARG_STRING, &holder_reason,
      N_("Why the holder is not the payee"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdInsuranceClaim) claim = ud_insurance_claim_new ();
  UdInsurancePlanKind kind;
  UdIdNumber id;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Reports a claim on the member's paid enrollment (clerk). The "
                               "member is found by ID number, also after leaving the union."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the member’s ID number"), &status)
      || !parse_plan_kind (cli, plan_name, &kind, &status))
    return status;
  if (event == NULL)
    return ud_cli_usage_error (cli, "%s", _("--event: give the event of the claim"));
  if (date == NULL)
    return ud_cli_usage_error (cli, "%s", _("--date: give the date of the event"));
  if (!ud_cli_parse_date_option (cli, "--date", &date, &status)
      || !parse_money (cli, "--loss", loss, &claim->loss_fen, &status))
    return status;
  if (!ud_id_number_parse ((*args)[1], NULL, &id, &error))
    return ud_cli_usage_error (cli, "%s", error->message);

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  if (!ud_insurance_store_find_enrollment_by_id_number (cli->db, id.number, kind, date,
                                                        &claim->enrollment_id, &error))
    return ud_cli_fail (error);

  claim->event = g_strdup (event);
  claim->event_date = g_strdup (date);
  claim->days = days;
  claim->description = g_strdup (description);
  claim->documents = g_strdup (documents);
  claim->payee_name = g_strdup (payee);
  claim->payee_id_number = g_strdup (payee_id);
  claim->bank_name = g_strdup (bank);
  claim->bank_account = g_strdup (account);
  claim->bank_holder = g_strdup (holder);
  claim->holder_reason = g_strdup (holder_reason);
  if (!ud_insurance_store_report_claim (cli->db, cli->account, claim, &error))
    return ud_cli_fail (error);
  g_print (_("Claim %s reported\n"), claim->number);
  return UD_CLI_EXIT_OK;
}

/* insurance claims */

int
ud_cli_cmd_insurance_claims (Cli   *cli,
                             GStrv *args)
{
  g_autofree char *status_name = NULL;
  int limit = DEFAULT_LIMIT;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("Only claims with this status: reported, documents_complete, assessed, approved, "
         "payment_pending, paid, payment_failed, reissued, rejected (or 材料齐全 …)"),
      N_("STATUS") },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N claims (default: 50; 0 for all)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  static const guint max_widths[] = { 14, 12, 16, 16, 12, 12, 12, 16 };
  const char *headers[] = {
    _("Number"), _("Name"), _("Plan"), _("Event"), _("Event date"), _("Assessed amount"),
    _("Approved amount"), C_("claim", "Status"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(Table) table = NULL;
  UdInsuranceClaimFilter filter = { 0 };
  guint n = 0;
  int value;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Lists claims, newest first. TEXT finds a claim number or a "
                               "member's name."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 1, NULL, &status))
    return status;
  if (limit < 0)
    return ud_cli_usage_error (cli, "%s", _("--limit: give a number, or 0 for all"));
  if (status_name != NULL)
    {
      if (!ud_cli_parse_enum (cli, "--status", &ud_insurance_claim_status_info, NULL,
                              status_name, &value, &status))
        return status;
      filter.filter_status = TRUE;
      filter.status = value;
    }
  filter.search = (*args)[1];

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  if (!ud_insurance_store_count_claims (cli->db, &filter, &n, &error))
    return ud_cli_fail (error);
  rows = ud_insurance_store_list_claims (cli->db, &filter, 0, (guint) limit, &error);
  if (rows == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (8, headers, max_widths);
  for (guint i = 0; i < rows->len; i++)
    {
      UdInsuranceClaim *c = g_ptr_array_index (rows, i);
      char **row = g_new0 (char *, 9);

      row[0] = g_strdup (c->number);
      row[1] = g_strdup (c->member_name);
      row[2] = g_strdup (c->plan_name);
      row[3] = ud_insurance_event_dup_label (c->event);
      row[4] = g_strdup (c->event_date);
      row[5] = ud_money_format (c->assessed_fen);
      row[6] = ud_money_format (c->approved_fen);
      row[7] = g_strdup (ud_enum_label (&ud_insurance_claim_status_info, c->status));
      ud_cli_table_add (table, row);
    }
  if (rows->len > 0)
    ud_cli_table_print (table);
  /* Translators: “Showing 50 of 120 claims” */
  g_print (_("Showing %u of %u claims\n"), rows->len, n);
  return UD_CLI_EXIT_OK;
}

/* insurance claim NUMBER */

static void
print_claim (Cli              *cli,
             UdInsuranceClaim *c)
{
  g_autofree char *event = ud_insurance_event_dup_label (c->event);
  g_autofree char *coverage = NULL;
  g_autofree char *shares = g_strdup_printf ("%d", c->shares);
  g_autofree char *days = c->days > 0 ? g_strdup_printf ("%d", c->days) : NULL;
  g_autofree char *loss = c->loss_fen > 0 ? ud_money_format_yuan (c->loss_fen) : NULL;
  g_autofree char *assessed = c->assessed_date ? ud_money_format_yuan (c->assessed_fen) : NULL;
  g_autofree char *approved = ud_insurance_claim_status_is_granted (c->status)
                              ? ud_money_format_yuan (c->approved_fen) : NULL;
  g_autofree char *account = c->bank_account ? ud_mask_bank_card (c->bank_account) : NULL;
  g_autofree char *payee_id = c->payee_id_number ? ud_mask_id_number (c->payee_id_number) : NULL;
  g_auto(GStrv) lines = ud_insurance_claim_dup_computation_lines (c);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  const char *labels[] = {
    _("Number"), _("Member"), _("Plan"), _("Shares"), _("Coverage"), _("Event"),
    _("Event date"), _("Days"), _("Loss"), _("Description"), _("Documents"), _("Payee"),
    _("Payee's ID number"), _("Bank"), _("Bank account"), _("Account holder"),
    C_("claim", "Status"), _("Status reason"), _("Reported on"), _("Assessed amount"),
    _("Assessed on"), _("Approved amount"), _("Approved on"),
  };
  const char *values[G_N_ELEMENTS (labels)];
  guint n = 0;

  if (c->coverage_start != NULL)
    /* Translators: a coverage period, “2026-01-02 – 2027-01-01” */
    coverage = g_strdup_printf (_("%s – %s"), c->coverage_start, c->term_end);
  values[n++] = c->number;
  values[n++] = c->member_name;
  values[n++] = c->plan_name;
  values[n++] = shares;
  values[n++] = coverage;
  values[n++] = event;
  values[n++] = c->event_date;
  values[n++] = days;
  values[n++] = loss;
  values[n++] = c->description;
  values[n++] = c->documents;
  values[n++] = c->payee_name;
  values[n++] = payee_id;
  values[n++] = c->bank_name;
  values[n++] = account;
  values[n++] = c->bank_holder;
  values[n++] = ud_enum_label (&ud_insurance_claim_status_info, c->status);
  values[n++] = c->status_reason;
  values[n++] = c->reported_date;
  values[n++] = assessed;
  values[n++] = c->assessed_date;
  values[n++] = approved;
  values[n++] = c->approved_date;
  g_assert (n == G_N_ELEMENTS (labels));
  ud_cli_print_fields (labels, values, n);

  if (lines != NULL)
    {
      g_print ("\n%s\n", _("Computation"));
      for (guint i = 0; lines[i] != NULL; i++)
        g_print ("  %s\n", lines[i]);
    }

  history = ud_insurance_store_claim_history (cli->db, c->id, &error);
  if (history == NULL)
    {
      ud_cli_print_error ("%s", error->message);
      return;
    }
  g_print ("\n%s\n", _("Status history"));
  for (guint i = 0; i < history->len; i++)
    {
      UdInsuranceClaimEvent *h = g_ptr_array_index (history, i);
      int to = 0;

      ud_enum_from_code (&ud_insurance_claim_status_info, h->to_status, &to);
      ud_cli_print_event (h->event_date, NULL, ud_enum_label (&ud_insurance_claim_status_info, to),
                          h->amount_fen, h->account_name, h->reason);
    }
}

int
ud_cli_cmd_insurance_claim (Cli   *cli,
                            GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdInsuranceClaim) claim = NULL;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Shows a claim with its assessment line by line and its history. "
                               "Bank accounts and ID numbers are masked."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the claim number"), &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  claim = ud_insurance_store_get_claim_by_number (cli->db, (*args)[1], &error);
  if (claim == NULL)
    return ud_cli_fail (error);
  print_claim (cli, claim);
  return UD_CLI_EXIT_OK;
}

/* insurance claim-step */

int
ud_cli_cmd_insurance_claim_step (Cli   *cli,
                                 GStrv *args)
{
  g_autofree char *action = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *documents = NULL;
  const GOptionEntry entries[] = {
    { "action", 'a', 0, G_OPTION_ARG_STRING, &action,
      N_("documents (complete), assess, approve or reject"), N_("ACTION") },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason,
      N_("Why (needed to reject; an opinion when approving)"), N_("TEXT") },
    { "documents", 0, 0, G_OPTION_ARG_STRING, &documents,
      N_("With documents: the list of documents handed in"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdInsuranceClaim) claim = NULL;
  g_autoptr(UdInsuranceClaim) after = NULL;
  gboolean ok;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Moves a claim on: documents complete and assess (reviewer), "
                               "approve (an approver who did not report it) or reject with a "
                               "reason. Approval makes the payout line."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the claim number"), &status))
    return status;
  if (action == NULL)
    return ud_cli_usage_error (cli, "%s", _("--action: documents, assess, approve or reject"));

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  claim = ud_insurance_store_get_claim_by_number (cli->db, (*args)[1], &error);
  if (claim == NULL)
    return ud_cli_fail (error);

  if (g_strcmp0 (action, "documents") == 0)
    ok = ud_insurance_store_documents_complete (cli->db, cli->account, claim->id, documents,
                                                &error);
  else if (g_strcmp0 (action, "assess") == 0)
    ok = ud_insurance_store_assess (cli->db, cli->account, claim->id, &error);
  else if (g_strcmp0 (action, "approve") == 0)
    ok = ud_insurance_store_approve (cli->db, cli->account, claim->id, reason, &error);
  else if (g_strcmp0 (action, "reject") == 0)
    ok = ud_insurance_store_reject (cli->db, cli->account, claim->id, reason, &error);
  else
    return ud_cli_usage_error (cli, _("--action: “%s” is not documents, assess, approve or "
                                      "reject"), action);
  if (!ok)
    return ud_cli_fail (error);

  after = ud_insurance_store_get_claim (cli->db, claim->id, &error);
  if (after == NULL)
    return ud_cli_fail (error);
  print_claim (cli, after);
  return UD_CLI_EXIT_OK;
}
