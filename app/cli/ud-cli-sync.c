/* ud-cli-sync.c — union-desk-cli sync: upload to the city union, status, settings, bundles
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-cli"

#include <stdio.h>
#include <string.h>

#include "ud-cli-private.h"
#include "ud-cli.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-i18n.h"
#include "ud-sync-bundle.h"
#include "ud-sync-client.h"
#include "ud-sync-error.h"
#include "ud-sync-store.h"
#include "ud-sync-token.h"

/* What a scheduled job can act on. */
static const char exit_codes[] =
  N_("Exit status: 0 everything was sent and accepted; 3 needs a person (records rejected or in "
     "conflict, a batch refused, sync not set up, a bundle refused); 4 the server could not be "
     "reached or kept failing, or another sync was running: retry later; 5 the token is missing, "
     "refused or for another office; 1 another failure (the database); 2 bad options.");

/* The exit status for a failed sync operation. */
static int
exit_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return UD_CLI_EXIT_RETRY_LATER;
  if (error->domain == UD_SYNC_ERROR)
    switch ((UdSyncErrorCode) error->code)
      {
      case UD_SYNC_ERROR_NETWORK:
      case UD_SYNC_ERROR_SERVER:
        return UD_CLI_EXIT_RETRY_LATER;
      case UD_SYNC_ERROR_TOKEN:
      case UD_SYNC_ERROR_OFFICE:
        return UD_CLI_EXIT_TOKEN;
      case UD_SYNC_ERROR_NOT_CONFIGURED:
      case UD_SYNC_ERROR_BATCH:
      case UD_SYNC_ERROR_BUNDLE:
      case UD_SYNC_ERROR_PROTOCOL:
      default:
        return UD_CLI_EXIT_NEEDS_PERSON;
      }
  return UD_CLI_EXIT_FAILED;
}

static int
sync_fail (GError *error)
{
  ud_cli_print_error ("%s", error->message);
  return exit_for_error (error);
}

/* Options every command that talks to the server shares. */
typedef struct
{
  char    *token_file;
  gboolean token_stdin;
  double   backoff_scale;
  int      max_failures;
  int      timeout;
} ServerOptions;

static void
server_options_clear (ServerOptions *options)
{
  g_clear_pointer (&options->token_file, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServerOptions, server_options_clear)

static void
replace_string (char       **slot,
                const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

#define SERVER_OPTION_ENTRIES(o) \
  { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &(o).token_file, \
    N_("Read the office's sync token from the first line of FILE (mode 600)"), N_("FILE") }, \
  { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &(o).token_stdin, \
    N_("Read the sync token from the first line of standard input"), NULL }, \
  { "max-failures", 0, 0, G_OPTION_ARG_INT, &(o).max_failures, \
    N_("Give up (exit status 4) after N failed attempts in a row (default 10)"), N_("N") }, \
  { "timeout", 0, 0, G_OPTION_ARG_INT, &(o).timeout, \
    N_("Seconds one request may take at most (default 120)"), N_("SECONDS") }, \
  { "backoff-scale", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &(o).backoff_scale, \
    N_("Multiply every wait between retries (a test hook, like UD_SYNC_BACKOFF_SCALE)"), \
    N_("FACTOR") }

static char *
read_token (ServerOptions  *options,
            GError        **error)
{
  if (options->token_file != NULL && options->token_stdin)
    {
      g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN,
                   _("Give the token either with --token-file or with --token-stdin"));
      return NULL;
    }
  if (options->token_file != NULL)
    return ud_sync_token_read_file (options->token_file, error);
  if (options->token_stdin)
    return ud_sync_token_read_file ("-", error);
  g_set_error (error, UD_SYNC_ERROR, UD_SYNC_ERROR_TOKEN,
               _("No sync token: give the office's token with --token-file FILE or "
                 "--token-stdin"));
  return NULL;
}

static void
fill_sync_options (const ServerOptions *server,
                   UdSyncOptions       *options)
{
  ud_sync_options_init (options);
  if (server->backoff_scale > 0)
    options->backoff_scale = server->backoff_scale;
  if (server->max_failures > 0)
    options->max_failures = (guint) server->max_failures;
  if (server->timeout > 0)
    options->timeout_s = (guint) server->timeout;
}

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  Cli *cli = user_data;

  ud_cli_print_progress (cli, _("Sending"), done, total);
}

/* sync */

int
ud_cli_cmd_sync (Cli   *cli,
                 GStrv *args)
{
  g_auto(ServerOptions) server = { 0 };
  gboolean no_policy = FALSE;
  gboolean retry_failed = FALSE;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    SERVER_OPTION_ENTRIES (server),
    { "no-policy", 0, 0, G_OPTION_ARG_NONE, &no_policy,
      N_("Do not fetch the city's policy values"), NULL },
    { "retry-failed", 0, 0, G_OPTION_ARG_NONE, &retry_failed,
      N_("Send again the batches the server refused as malformed"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print only problems"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(UdSyncStatus) after = NULL;
  UdSyncReport report = { 0 };
  UdSyncOptions options;
  gboolean ok;
  int status;

  if (!ud_cli_parse_options (cli, entries, _(exit_codes), args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error))
    return ud_cli_fail (error);
  token = read_token (&server, &error);
  if (token == NULL)
    {
      /* Recorded, so that the app and “sync status” show why nothing is sent. */
      ud_sync_store_record_run (cli->db, UD_SYNC_OUTCOME_TOKEN, error->message, NULL);
      return sync_fail (error);
    }

  fill_sync_options (&server, &options);
  options.fetch_policy = !no_policy;
  options.retry_failed = retry_failed;
  ok = ud_sync_run (cli->db, token, &options, &report, quiet ? NULL : on_progress, cli, NULL,
                    &error);
  memset (token, 0, strlen (token));

  if (report.clock_warning)
    ud_cli_print_error (_("Warning: this computer's clock is %lld minutes off the city server's; "
                          "set the clock right"),
                        (long long) (ABS (report.clock_offset_ms) / 60000));
  if (!quiet && (report.n_batches > 0 || ok))
    {
      g_print (_("Sent: %u records in %u batches (%u acknowledged, %u rejected, %u in conflict)"),
               report.n_acknowledged + report.n_rejected + report.n_conflict, report.n_batches,
               report.n_acknowledged, report.n_rejected, report.n_conflict);
      g_print ("\n");
      if (report.n_retries > 0)
        g_print (_("Retries: %u\n"), report.n_retries);
      if (report.n_policy_values > 0)
        g_print (_("City policy values stored: %u\n"), report.n_policy_values);
    }
  ud_sync_report_clear (&report);
  if (!ok)
    return sync_fail (error);

  after = ud_sync_status_get (cli->db, &error);
  if (after == NULL)
    return ud_cli_fail (error);
  if (after->n_rejected + after->n_conflict > 0)
    {
      ud_cli_print_error (_("%lld records were rejected and %lld are in conflict: see “%s sync "
                            "status --problems”"),
                          (long long) after->n_rejected, (long long) after->n_conflict,
                          PROGRAM_NAME);
      return UD_CLI_EXIT_NEEDS_PERSON;
    }
  return UD_CLI_EXIT_OK;
}

/* sync status */

int
ud_cli_cmd_sync_status (Cli   *cli,
                        GStrv *args)
{
  gboolean list = FALSE;
  const GOptionEntry entries[] = {
    { "problems", 0, 0, G_OPTION_ARG_NONE, &list,
      N_("List every rejected or conflicting record with the server's message"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncStatus) sync = NULL;
  g_autoptr(UdSyncSettings) settings = NULL;
  g_autofree char *state = NULL;
  g_autofree char *last_run = NULL;
  g_autofree char *last_success = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *rejected = NULL;
  g_autofree char *conflict = NULL;
  g_autofree char *stopped = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *interval = NULL;
  int status;

  if (!ud_cli_parse_options (cli, entries, NULL, args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error))
    return ud_cli_fail (error);
  sync = ud_sync_status_get (cli->db, &error);
  if (sync == NULL)
    return ud_cli_fail (error);
  settings = ud_sync_settings_load (cli->db);

  state = ud_sync_status_describe (sync);
  last_run = sync->last_run_at ? ud_timestamp_to_local_display (sync->last_run_at) : NULL;
  last_success = sync->last_success_at ? ud_timestamp_to_local_display (sync->last_success_at)
                                       : NULL;
  waiting = g_strdup_printf ("%" G_GINT64_FORMAT, sync->n_waiting);
  rejected = g_strdup_printf ("%" G_GINT64_FORMAT, sync->n_rejected);
  conflict = g_strdup_printf ("%" G_GINT64_FORMAT, sync->n_conflict);
  stopped = sync->n_stopped > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, sync->n_stopped) : NULL;
  if (sync->has_clock_offset)
    offset = g_strdup_printf (_("%+.1f s"), (double) sync->clock_offset_ms / 1000.0);
  interval = settings->interval_minutes > 0
             ? g_strdup_printf (_("every %u minutes"), settings->interval_minutes)
             : g_strdup (_("off"));

  {
    const char *labels[] = {
      _("State"), _("Server"), _("Office"), _("Last run"), _("Last success"), _("Waiting"),
      _("Rejected"), _("In conflict"), _("In stopped batches"), _("Clock offset"),
      _("Automatic sync"),
    };
    const char *values[] = {
      state, settings->url ? settings->url : _("not set up"),
      settings->office_id ? settings->office_id : "", last_run ? last_run : _("never"),
      last_success ? last_success : _("never"), waiting, rejected, conflict, stopped, offset,
      interval,
    };

    ud_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
  }

  if (list)
    {
      g_autoptr(GPtrArray) problems = ud_sync_store_list_problems (cli->db, &error);
      const char *headers[] = { _("Seq"), _("State"), _("Record"), _("Version"), _("Field"),
                                _("Message") };
      const guint widths[] = { 10, 10, 50, 8, 20, 80 };
      g_autoptr(Table) table = NULL;

      if (problems == NULL)
        return ud_cli_fail (error);
      table = ud_cli_table_new (G_N_ELEMENTS (headers), headers, widths);
      for (guint i = 0; i < problems->len; i++)
        {
          UdSyncProblem *problem = g_ptr_array_index (problems, i);
          char **row = g_new0 (char *, 7);

          row[0] = g_strdup_printf ("%" G_GINT64_FORMAT, problem->seq);
          row[1] = g_strdup (strcmp (problem->state, "conflict") == 0 ? _("conflict")
                                                                       : _("rejected"));
          row[2] = g_strdup_printf ("%s %s", problem->entity, problem->uuid);
          row[3] = g_strdup_printf ("%" G_GINT64_FORMAT, problem->version);
          row[4] = g_strdup (problem->field ? problem->field : "");
          row[5] = g_strdup (problem->message ? problem->message
                                              : problem->code ? problem->code : "");
          ud_cli_table_add (table, row);
        }
      ud_cli_table_print (table);
    }
  return UD_CLI_EXIT_OK;
}

/* sync setup */

int
ud_cli_cmd_sync_setup (Cli   *cli,
                       GStrv *args)
{
  g_autofree char *url = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *office_id = NULL;
  int interval = -1;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("The city union's server address (https://…/api/)"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("A CA certificate file for a private city CA (\"\" for none)"), N_("FILE") },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval,
      N_("Sync automatically every N minutes while the app runs (0: off)"), N_("N") },
    { "office-id", 0, 0, G_OPTION_ARG_STRING, &office_id,
      N_("The office's id at the city union (learned on the first online sync; needed before "
         "exporting a bundle offline)"), N_("ID") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdSyncSettings) settings = NULL;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Sets the sync settings; options not given keep their values. "
                               "Administrators only."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  settings = ud_sync_settings_load (cli->db);
  if (url != NULL)
    replace_string (&settings->url, url);
  if (ca_file != NULL)
    replace_string (&settings->ca_file, ca_file);
  if (office_id != NULL)
    replace_string (&settings->office_id, office_id);
  if (interval >= 0)
    settings->interval_minutes = (guint) interval;
  if (!ud_sync_settings_save (cli->db, cli->account, settings, &error))
    return ud_cli_fail (error);

  g_clear_pointer (&settings, ud_sync_settings_free);
  settings = ud_sync_settings_load (cli->db);
  g_print (_("Server: %s\n"), settings->url ? settings->url : _("not set up"));
  if (settings->ca_file != NULL)
    g_print (_("CA file: %s\n"), settings->ca_file);
  if (settings->office_id != NULL)
    g_print (_("Office: %s\n"), settings->office_id);
  return UD_CLI_EXIT_OK;
}

/* sync export-bundle FILE */

int
ud_cli_cmd_sync_export_bundle (Cli   *cli,
                               GStrv *args)
{
  g_autoptr(GError) error = NULL;
  guint n_batches = 0, n_records = 0;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Writes every waiting change into FILE, to carry to a machine "
                               "with a network (“sync upload-bundle”). Nothing counts as sent "
                               "until the answers are imported (“sync import-acks”)."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the bundle file to write"), &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error))
    return ud_cli_fail (error);
  if (!ud_sync_bundle_export (cli->db, (*args)[1], &n_batches, &n_records, &error))
    return sync_fail (error);
  if (n_batches == 0)
    {
      g_print ("%s\n", _("Nothing is waiting to be sent; no bundle written"));
      return UD_CLI_EXIT_OK;
    }
  g_print (_("Wrote %u records in %u batches to %s\n"), n_records, n_batches, (*args)[1]);
  return UD_CLI_EXIT_OK;
}

/* sync upload-bundle FILE */

int
ud_cli_cmd_sync_upload_bundle (Cli   *cli,
                               GStrv *args)
{
  g_auto(ServerOptions) server = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *ca_file = NULL;
  const GOptionEntry entries[] = {
    SERVER_OPTION_ENTRIES (server),
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("The city union's server address (default: the one set up in --db)"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("A CA certificate file for a private city CA"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *ack_path = NULL;
  UdSyncBundleReport report;
  UdSyncOptions options;
  int status;

  if (!ud_cli_parse_options (cli, entries, _(exit_codes), args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the bundle file to send"), &status))
    return status;

  if (url == NULL && cli->db_path != NULL)
    {
      g_autoptr(UdSyncSettings) settings = NULL;

      if (!ud_cli_open_database (cli, FALSE, &error))
        return ud_cli_fail (error);
      settings = ud_sync_settings_load (cli->db);
      url = g_steal_pointer (&settings->url);
      if (ca_file == NULL)
        ca_file = g_steal_pointer (&settings->ca_file);
    }
  if (url == NULL)
    return ud_cli_usage_error (cli, _("--url: give the city union's server address"));

  token = read_token (&server, &error);
  if (token == NULL)
    return sync_fail (error);
  fill_sync_options (&server, &options);
  ack_path = g_strconcat ((*args)[1], ".ack", NULL);
  if (!ud_sync_bundle_upload ((*args)[1], ack_path, url, token, ca_file, &options, &report, NULL,
                              &error))
    return sync_fail (error);

  g_print (_("Sent %u records in %u batches; the answers are in %s\n"), report.n_records,
           report.n_batches, ack_path);
  if (report.n_unanswered > 0)
    {
      ud_cli_print_error (_("%u batches were not accepted by the server; importing the answers "
                            "at the office shows why"), report.n_unanswered);
      return UD_CLI_EXIT_NEEDS_PERSON;
    }
  return UD_CLI_EXIT_OK;
}

/* sync import-acks FILE.ack */

int
ud_cli_cmd_sync_import_acks (Cli   *cli,
                             GStrv *args)
{
  g_autoptr(GError) error = NULL;
  UdSyncTally tally;
  guint n_skipped = 0;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Applies the server's answers that “sync upload-bundle” wrote, as "
                               "if they had been received online."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the ack file to import"), &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error))
    return ud_cli_fail (error);
  if (!ud_sync_bundle_import_acks (cli->db, (*args)[1], &tally, &n_skipped, &error))
    return sync_fail (error);

  g_print (_("Imported: %u acknowledged, %u rejected, %u in conflict"), tally.n_acknowledged,
           tally.n_rejected, tally.n_conflict);
  g_print ("\n");
  if (n_skipped > 0)
    g_print (_("Batches already applied before: %u\n"), n_skipped);
  if (tally.n_rejected + tally.n_conflict > 0)
    return UD_CLI_EXIT_NEEDS_PERSON;
  return UD_CLI_EXIT_OK;
}
