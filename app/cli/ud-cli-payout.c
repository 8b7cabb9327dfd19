/* ud-cli-payout.c — union-desk-cli: payouts, batches, the bank's files and the books
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-cli"

#include <string.h>

#include "ud-cli.h"
#include "ud-cli-private.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-mask.h"
#include "ud-money.h"
#include "ud-payout-books.h"
#include "ud-payout-store.h"

#define DEFAULT_PAYOUT_LIMIT 50

/* The live payout line of the application or claim numbered @number. */
static UdPayout *
find_line (Cli         *cli,
           const char  *number,
           GError     **error)
{
  UdPayoutFilter filter = UD_PAYOUT_FILTER_INIT;
  g_autoptr(GPtrArray) lines = NULL;

  filter.text = number;
  lines = ud_payout_store_list (cli->db, &filter, 0, 0, error);
  if (lines == NULL)
    return NULL;
  for (guint i = 0; i < lines->len; i++)
    {
      UdPayout *line = g_ptr_array_index (lines, i);

      if (g_ascii_strcasecmp (line->source_number, number) == 0
          && line->status != UD_PAYOUT_REISSUED)
        return g_ptr_array_steal_index (lines, i);
    }
  g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND,
               _("There is no payout for “%s”: give the number of an approved aid application "
                 "or insurance claim (see “%s payouts”)"), number, PROGRAM_NAME);
  return NULL;
}

static char *
masked_account (const UdPayout *line)
{
  return line->bank_account ? ud_mask_bank_card (line->bank_account) : g_strdup ("");
}

static void
print_lines (GPtrArray *lines,
             guint      shown)
{
  static const guint max_widths[] = { 14, 10, 12, 22, 14, 12, 12, 14, 14 };
  const char *headers[] = {
    _("Number"), _("Type"), _("Payee"), _("Bank account"), _("Amount"), _("Fund"),
    C_("payout", "Status"), _("Batch"), _("Voucher"), NULL
  };
  g_autoptr(Table) table = ud_cli_table_new (9, headers, max_widths);

  for (guint i = 0; i < shown; i++)
    {
      UdPayout *line = g_ptr_array_index (lines, i);
      char **row = g_new0 (char *, 10);

      row[0] = g_strdup (line->source_number);
      row[1] = g_strdup (ud_enum_label (&ud_payout_source_info, line->source));
      row[2] = g_strdup (line->payee_name);
      row[3] = masked_account (line);
      row[4] = ud_money_format (line->amount_fen);
      row[5] = g_strdup (ud_enum_label (&ud_fund_source_info, line->fund_source));
      row[6] = g_strdup (ud_enum_label (&ud_payout_status_info, line->status));
      row[7] = g_strdup (line->batch_number ? line->batch_number : "");
      row[8] = g_strdup (line->voucher ? line->voucher
                         : line->failure_reason ? line->failure_reason : "");
      ud_cli_table_add (table, row);
    }
  if (shown > 0)
    ud_cli_table_print (table);
}

int
ud_cli_cmd_payouts (Cli   *cli,
                    GStrv *args)
{
  g_autofree char *status_name = NULL;
  g_autofree char *fund_name = NULL;
  g_autofree char *batch_number = NULL;
  int limit = DEFAULT_PAYOUT_LIMIT;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("Only lines with this status: pending, in_batch, paid, failed, reissued (or 待发放 …)"),
      N_("STATUS") },
    { "fund", 0, 0, G_OPTION_ARG_STRING, &fund_name,
      N_("Only lines paid from this fund: central_hardship, union_funds, donations, "
         "mutual_insurance (or 工会经费 …)"), N_("FUND") },
    { "batch", 'b', 0, G_OPTION_ARG_STRING, &batch_number, N_("Only the lines of this batch"),
      N_("BATCH") },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N lines (default: 50; 0 for all)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  UdPayoutFilter filter = UD_PAYOUT_FILTER_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  guint total = 0;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Lists the payout lines (approved aid and insurance claims to "
                               "pay), newest first; TEXT finds a payee, record number, voucher "
                               "or batch. Accounts are masked; amounts in yuan."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 1, NULL, &status))
    return status;
  if (limit < 0)
    return ud_cli_usage_error (cli, _("--limit: give a number of lines, or 0 for all"));
  if (status_name != NULL
      && !ud_cli_parse_enum (cli, "--status", &ud_payout_status_info, NULL, status_name,
                             &filter.status, &status))
    return status;
  if (fund_name != NULL
      && !ud_cli_parse_enum (cli, "--fund", &ud_fund_source_info, NULL, fund_name,
                             &filter.fund_source, &status))
    return status;
  filter.text = (*args)[1];

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  if (batch_number != NULL)
    {
      g_autoptr(UdPayoutBatch) batch = ud_payout_store_find_batch (cli->db, batch_number, &error);

      if (batch == NULL)
        return ud_cli_fail (error);
      filter.batch_id = batch->id;
    }

  if (!ud_payout_store_count (cli->db, &filter, &total, &error))
    return ud_cli_fail (error);
  lines = ud_payout_store_list (cli->db, &filter, 0, (guint) limit, &error);
  if (lines == NULL)
    return ud_cli_fail (error);
  print_lines (lines, lines->len);
  if (lines->len < total)
    /* Translators: “Showing 50 of 120 payout lines” */
    g_print (_("Showing %u of %u payout lines\n"), lines->len, total);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u payout line\n", "%u payout lines\n", total),
             total);
  return UD_CLI_EXIT_OK;
}

int
ud_cli_cmd_payout_account (Cli   *cli,
                           GStrv *args)
{
  g_autofree char *account = NULL;
  g_autofree char *bank = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *fund_name = NULL;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The bank account number (12–30 digits)"),
      N_("DIGITS") },
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank, N_("The bank and branch"), N_("NAME") },
    { "holder", 0, 0, G_OPTION_ARG_STRING, &holder,
      N_("The account holder, when not the payee"), N_("NAME") },
    { "holder-reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the money goes to another person’s account (real-name payment)"), N_("TEXT") },
    { "fund", 0, 0, G_OPTION_ARG_STRING, &fund_name,
      N_("Pay from this fund: central_hardship, union_funds, donations, mutual_insurance"),
      N_("FUND") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayout) line = NULL;
  int fund = -1;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Enters or corrects the bank account of a payout waiting to be paid "
                               "(a failed one is corrected with “payout reissue”), or the fund "
                               "it is paid from. The amount never changes."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the application or claim number"),
                                  &status))
    return status;
  if (account == NULL && fund_name == NULL)
    return ud_cli_usage_error (cli, _("Give --account (with --bank, --holder) or --fund"));
  if (fund_name != NULL
      && !ud_cli_parse_enum (cli, "--fund", &ud_fund_source_info, NULL, fund_name, &fund,
                             &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  line = find_line (cli, (*args)[1], &error);
  if (line == NULL)
    return ud_cli_fail (error);
  if (account != NULL
      && !ud_payout_store_set_account (cli->db, cli->account, line->id, bank, account, holder,
                                       reason, &error))
    return ud_cli_fail (error);
  if (fund >= 0
      && !ud_payout_store_set_fund_source (cli->db, cli->account, line->id, fund, &error))
    return ud_cli_fail (error);

  g_print (_("The payout of %s was saved.\n"), line->source_number);
  return UD_CLI_EXIT_OK;
}

int
ud_cli_cmd_payout_reissue (Cli   *cli,
                           GStrv *args)
{
  g_autofree char *account = NULL;
  g_autofree char *bank = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account,
      N_("The corrected bank account number (default: the failed line's)"), N_("DIGITS") },
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank, N_("The bank and branch"), N_("NAME") },
    { "holder", 0, 0, G_OPTION_ARG_STRING, &holder,
      N_("The account holder, when not the payee"), N_("NAME") },
    { "holder-reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the money goes to another person’s account (real-name payment)"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayout) line = NULL;
  g_autoptr(UdPayout) fresh = NULL;
  g_autofree char *amount = NULL;
  gint64 new_id = 0;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Pays a failed payout again: a new line with the same amount, on "
                               "the corrected account given here (or the failed line's), to be "
                               "put in a new batch. The failed line stays as the bank saw it."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the application or claim number"),
                                  &status))
    return status;
  if (account == NULL && (bank != NULL || holder != NULL || reason != NULL))
    return ud_cli_usage_error (cli, _("Give the corrected account with --account"));
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  line = find_line (cli, (*args)[1], &error);
  if (line == NULL
      || !ud_payout_store_reissue (cli->db, cli->account, line->id, bank, account, holder, reason,
                                   &new_id, &error))
    return ud_cli_fail (error);
  fresh = ud_payout_store_get (cli->db, new_id, &error);
  if (fresh == NULL)
    return ud_cli_fail (error);
  amount = ud_money_format (fresh->amount_fen);
  g_print (_("The payout of %s (%s yuan) is to pay again.\n"), fresh->source_number, amount);
  return UD_CLI_EXIT_OK;
}

/* Batches */

static void
print_batch (UdPayoutBatch *batch)
{
  g_autofree char *total = ud_money_format (batch->total_fen);
  g_autofree char *paid = ud_money_format (batch->paid_fen);
  g_autofree char *count = g_strdup_printf ("%d", batch->line_count);
  g_autofree char *results = g_strdup_printf (_("%d paid (%s yuan), %d failed, %d waiting"),
                                              batch->n_paid, paid, batch->n_failed,
                                              batch->line_count - batch->n_paid
                                              - batch->n_failed);
  const char *labels[] = {
    _("Batch"), C_("payout batch", "Status"), _("Lines"), _("Total (yuan)"), _("Transfer date"),
    _("Checksum"), _("Results"), _("Note"),
  };
  const char *values[] = {
    batch->number, ud_enum_label (&ud_payout_batch_status_info, batch->status), count, total,
    batch->transfer_date, batch->checksum, results, batch->note,
  };

  ud_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
}

int
ud_cli_cmd_batches (Cli   *cli,
                    GStrv *args)
{
  static const guint max_widths[] = { 14, 14, 8, 16, 12, 8, 8 };
  const char *headers[] = {
    _("Batch"), C_("payout batch", "Status"), _("Lines"), _("Total (yuan)"), _("Transfer date"),
    _("Paid"), _("Failed"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(Table) table = NULL;
  int status;

  if (!ud_cli_parse_options (cli, NULL, _("Lists the payout batches, newest first."), args,
                             &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  batches = ud_payout_store_list_batches (cli->db, -1, &error);
  if (batches == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (7, headers, max_widths);
  for (guint i = 0; i < batches->len; i++)
    {
      UdPayoutBatch *batch = g_ptr_array_index (batches, i);
      char **row = g_new0 (char *, 8);

      row[0] = g_strdup (batch->number);
      row[1] = g_strdup (ud_enum_label (&ud_payout_batch_status_info, batch->status));
      row[2] = g_strdup_printf ("%d", batch->line_count);
      row[3] = ud_money_format (batch->total_fen);
      row[4] = g_strdup (batch->transfer_date ? batch->transfer_date : "");
      row[5] = g_strdup_printf ("%d", batch->n_paid);
      row[6] = g_strdup_printf ("%d", batch->n_failed);
      ud_cli_table_add (table, row);
    }
  if (batches->len > 0)
    ud_cli_table_print (table);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u batch\n", "%u batches\n", batches->len),
           batches->len);
  return UD_CLI_EXIT_OK;
}

int
ud_cli_cmd_batch_create (Cli   *cli,
                         GStrv *args)
{
  gboolean all = FALSE;
  g_autofree char *note = NULL;
  g_autofree char *fund_name = NULL;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      N_("Every line to pay that has a bank account"), NULL },
    { "fund", 0, 0, G_OPTION_ARG_STRING, &fund_name, N_("With --all: only this fund's lines"),
      N_("FUND") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note on the batch"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(UdPayoutBatch) batch = NULL;
  gint64 batch_id = 0;
  int fund = -1;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Puts payout lines to pay in a new batch, by the numbers of "
                               "their applications or claims, or --all."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, all ? 0 : 1, G_MAXUINT,
                                  _("Give the application or claim numbers, or --all"), &status))
    return status;
  if (fund_name != NULL
      && !ud_cli_parse_enum (cli, "--fund", &ud_fund_source_info, NULL, fund_name, &fund,
                             &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  if (all)
    {
      UdPayoutFilter filter = UD_PAYOUT_FILTER_INIT;
      g_autoptr(GPtrArray) waiting = NULL;

      g_clear_pointer (&ids, g_array_unref);
      ids = ud_payout_store_list_ready (cli->db, fund, &error);
      if (ids == NULL)
        return ud_cli_fail (error);
      /* Name the lines left out, so they can be given an account. */
      filter.status = UD_PAYOUT_PENDING;
      filter.fund_source = fund;
      waiting = ud_payout_store_list (cli->db, &filter, 0, 0, &error);
      if (waiting == NULL)
        return ud_cli_fail (error);
      for (guint i = 0; i < waiting->len; i++)
        {
          UdPayout *line = g_ptr_array_index (waiting, i);

          if (line->bank_account == NULL)
            g_printerr (_("Left out %s (%s): no bank account yet\n"), line->source_number,
                        line->payee_name);
        }
    }
  for (guint i = 1; (*args)[i] != NULL; i++)
    {
      g_autoptr(UdPayout) line = find_line (cli, (*args)[i], &error);

      if (line == NULL)
        return ud_cli_fail (error);
      g_array_append_val (ids, line->id);
    }
  if (ids->len == 0)
    {
      g_print (_("There is nothing to pay.\n"));
      return UD_CLI_EXIT_OK;
    }

  if (!ud_payout_store_create_batch (cli->db, cli->account, (gint64 *) (void *) ids->data,
                                     ids->len, note, &batch_id, &error))
    return ud_cli_fail (error);
  batch = ud_payout_store_get_batch (cli->db, batch_id, &error);
  if (batch == NULL)
    return ud_cli_fail (error);
  print_batch (batch);
  g_print (_("Export its transfer file with “%s batch export %s FILE.csv”.\n"), PROGRAM_NAME,
           batch->number);
  return UD_CLI_EXIT_OK;
}

int
ud_cli_cmd_batch_show (Cli   *cli,
                       GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayoutBatch) batch = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  int status;

  if (!ud_cli_parse_options (cli, NULL, _("Shows a payout batch with its lines."), args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the batch number (FF2026-0001)"),
                                  &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  batch = ud_payout_store_find_batch (cli->db, (*args)[1], &error);
  if (batch == NULL)
    return ud_cli_fail (error);
  lines = ud_payout_store_list_batch_lines (cli->db, batch->id, &error);
  if (lines == NULL)
    return ud_cli_fail (error);
  print_batch (batch);
  g_print ("\n");
  print_lines (lines, lines->len);
  return UD_CLI_EXIT_OK;
}

int
ud_cli_cmd_batch_export (Cli   *cli,
                         GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayoutBatch) batch = NULL;
  g_autoptr(UdPayoutBatch) after = NULL;
  g_autofree char *total = NULL;
  const char *path;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Writes the bank transfer file of a batch: CSV, or Excel when "
                               "FILE ends in .xlsx, with a totals row and the batch checksum. "
                               "The first export fixes the batch: afterwards only the bank’s "
                               "results may be recorded."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 2, 2, _("Give the batch number and the file"),
                                  &status))
    return status;
  path = (*args)[2];
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  batch = ud_payout_store_find_batch (cli->db, (*args)[1], &error);
  if (batch == NULL
      || !ud_payout_store_export_batch (cli->db, cli->account, batch->id, path,
                                        g_str_has_suffix (path, ".xlsx")
                                        || g_str_has_suffix (path, ".XLSX")
                                        ? UD_PAYOUT_FILE_XLSX : UD_PAYOUT_FILE_CSV,
                                        &error))
    return ud_cli_fail (error);
  after = ud_payout_store_get_batch (cli->db, batch->id, &error);
  if (after == NULL)
    return ud_cli_fail (error);
  total = ud_money_format (after->total_fen);
  g_print (_("Wrote “%s”: %d lines, %s yuan, checksum %s\n"), path, after->line_count, total,
           after->checksum);
  return UD_CLI_EXIT_OK;
}

int
ud_cli_cmd_batch_import_return (Cli   *cli,
                                GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayoutBatch) batch = NULL;
  g_autoptr(UdBankReturnReport) report = NULL;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Records the bank’s return file of an exported batch: paid lines "
                               "with their voucher and date, failed lines with the reason. Lines "
                               "the file does not match are listed and left as they were; the "
                               "exit status is 1 when there were any."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 2, 2,
                                  _("Give the batch number and the bank’s return file"), &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  batch = ud_payout_store_find_batch (cli->db, (*args)[1], &error);
  if (batch == NULL)
    return ud_cli_fail (error);
  report = ud_payout_store_import_bank_return (cli->db, cli->account, batch->id, (*args)[2],
                                               &error);
  if (report == NULL)
    return ud_cli_fail (error);

  g_print (_("Paid: %u, failed: %u, already recorded: %u, still waiting: %u\n"), report->n_paid,
           report->n_failed, report->n_unchanged, report->n_pending);
  for (guint i = 0; i < report->problems->len; i++)
    {
      UdBankReturnProblem *problem = g_ptr_array_index (report->problems, i);

      ud_cli_print_error ("%s", problem->message);
    }
  return report->problems->len > 0 ? UD_CLI_EXIT_FAILED : UD_CLI_EXIT_OK;
}

int
ud_cli_cmd_batch_record (Cli   *cli,
                         GStrv *args)
{
  g_autofree char *voucher = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *date_text = NULL;
  const GOptionEntry entries[] = {
    { "paid", 0, 0, G_OPTION_ARG_STRING, &voucher, N_("Paid, with the bank’s voucher number"),
      N_("VOUCHER") },
    { "failed", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Failed, with the bank’s reason"),
      N_("REASON") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text,
      N_("The bank’s value date (default: today)"), N_("DATE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdPayout) line = NULL;
  GDate date;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Records the bank’s result for one payout of an exported batch: "
                               "--paid VOUCHER or --failed REASON."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the application or claim number"),
                                  &status))
    return status;
  if ((voucher == NULL) == (reason == NULL))
    return ud_cli_usage_error (cli, _("Give either --paid VOUCHER or --failed REASON"));
  if (date_text != NULL)
    {
      if (!ud_date_parse (date_text, "--date", &date, &error))
        return ud_cli_usage_error (cli, "%s", error->message);
    }
  else
    ud_date_today (&date);

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  line = find_line (cli, (*args)[1], &error);
  if (line == NULL
      || !(voucher != NULL
           ? ud_payout_store_record_paid (cli->db, cli->account, line->id, voucher, &date, &error)
           : ud_payout_store_record_failed (cli->db, cli->account, line->id, reason, &date,
                                            &error)))
    return ud_cli_fail (error);
  g_print (voucher != NULL ? _("The payout of %s is recorded as paid.\n")
                           : _("The payout of %s is recorded as failed.\n"),
           line->source_number);
  return UD_CLI_EXIT_OK;
}

/* The books */

int
ud_cli_cmd_books (Cli   *cli,
                  GStrv *args)
{
  int year = 0;
  int month = -1;
  g_autofree char *xlsx = NULL;
  g_autofree char *pdf = NULL;
  const GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("The year (default: this year)"),
      N_("YEAR") },
    { "month", 'm', 0, G_OPTION_ARG_INT, &month,
      N_("The month, 1–12 (default: this month); 0 for the whole year"), N_("MONTH") },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx, N_("Also write the books to an Excel file"),
      N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Also write the books to a PDF file"),
      N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdBooks) books = NULL;
  g_autofree char *text = NULL;
  GDate today;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Prints the month-end or year-end summary of the payouts: approved, "
                               "paid and outstanding per fund, by aid type and plan, by union "
                               "and by new-employment group, and the reconciliation that lists "
                               "every difference. The exit status is 1 when there are "
                               "differences."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  ud_date_today (&today);
  if (!ud_cli_check_year (cli, &year, g_date_get_year (&today), &status))
    return status;
  if (month == -1)
    month = year == g_date_get_year (&today) ? g_date_get_month (&today) : 0;
  if (month < 0 || month > 12)
    return ud_cli_usage_error (cli, _("--month: give a month from 1 to 12, or 0 for the year"));

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  books = ud_books_build (cli->db, year, month, NULL, &error);
  if (books == NULL)
    return ud_cli_fail (error);
  text = ud_books_to_text (books);
  g_print ("%s", text);

  if (xlsx != NULL)
    {
      if (!ud_books_export_xlsx (books, xlsx, &error))
        return ud_cli_fail (error);
      g_print (_("The books were written to “%s”.\n"), xlsx);
    }
  if (pdf != NULL)
    {
      if (!ud_books_export_pdf (books, pdf, &error))
        return ud_cli_fail (error);
      g_print (_("The books were written to “%s”.\n"), pdf);
    }
  return books->differences->len > 0 ? UD_CLI_EXIT_FAILED : UD_CLI_EXIT_OK;
}
