/* ud-cli-private.h — what the command files of union-desk-cli share: the running command, its
 * options and database, tables and messages
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ud-account.h"
#include "ud-database.h"
#include "ud-enums.h"

G_BEGIN_DECLS

#define PROGRAM_NAME "union-desk-cli"

typedef struct _Cli Cli;

typedef int (*CommandFunc) (Cli    *cli,
                            GStrv  *args);

typedef struct
{
  const char  *name;        /* as typed: "demo", "members show" */
  const char  *arguments;   /* translatable: the positional arguments, "FILE" */
  const char  *summary;     /* translatable */
  CommandFunc  run;
} Command;

struct _Cli
{
  const Command *command;       /* borrowed: the running command */
  char          *db_path;       /* owned: --db, or NULL for the default */
  gboolean       show_help;
  char          *default_path;  /* owned: ud_database_default_path(), once asked for */
  UdDatabase    *db;            /* owned: opened on demand */
  char          *user;          /* owned: --user */
  int            n_global_args; /* the options before the command word(s) */
  int            password_fd;   /* --password-fd, or -1 */
  UdAccount     *account;       /* owned: the logged-in account, once logged in */
  gboolean       progress_tty;
  guint          progress_step;
};

/* A table of text printed in aligned columns. */
typedef struct
{
  guint        n_columns;
  const guint *max_widths;   /* borrowed: the widest a column may be */
  GPtrArray   *rows;         /* owned: GStrv; the first is the header */
} Table;

/* Messages: to stderr with the program name, personal numbers scrubbed. */
void      ud_cli_print_error      (const char *format,
                                   ...) G_GNUC_PRINTF (1, 2);
/* Prints @error; returns UD_CLI_EXIT_FAILED. */
int       ud_cli_fail             (GError     *error);
/* Prints the message and where to find the options; returns UD_CLI_EXIT_USAGE. */
int       ud_cli_usage_error      (Cli        *cli,
                                   const char *format,
                                   ...) G_GNUC_PRINTF (2, 3);

Table    *ud_cli_table_new        (guint              n_columns,
                                   const char *const *headers,
                                   const guint       *max_widths);
void      ud_cli_table_free       (Table             *table);
/* Adds a row of @table->n_columns values (owned by the table). */
void      ud_cli_table_add        (Table             *table,
                                   char             **row);
void      ud_cli_table_print      (Table             *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, ud_cli_table_free)

/* Prints “label: value” lines with the values aligned (empty values are left out). */
void      ud_cli_print_fields     (const char *const *labels,
                                   const char *const *values,
                                   guint              n);
/* Prints one line of a status history: the date, “from → to” (just @to when @from is NULL), the
 * amount when @amount_fen ≥ 0, who did it and the reason, if any. */
void      ud_cli_print_event      (const char *date,
                                   const char *from,
                                   const char *to,
                                   gint64      amount_fen,
                                   const char *account_name,
                                   const char *reason);
void      ud_cli_print_progress   (Cli        *cli,
                                   const char *label,
                                   guint       done,
                                   guint       total);

/* Parses the options of the running command from @args (the program name first), leaving the
 * positional arguments. On FALSE, *@status is the exit status: help was shown, or the options
 * were wrong. */
gboolean  ud_cli_parse_options    (Cli                *cli,
                                   const GOptionEntry *entries,
                                   const char         *description,
                                   GStrv              *args,
                                   int                *status);
/* Checks that between @min and @max positional arguments follow the program name. */
gboolean  ud_cli_check_arguments  (Cli         *cli,
                                   GStrv        args,
                                   guint        min,
                                   guint        max,
                                   const char  *missing,
                                   int         *status);
/* Opens the database; unless @create, one that does not exist yet is an error. */
gboolean  ud_cli_open_database    (Cli       *cli,
                                   gboolean   create,
                                   GError   **error);
/* Reads one line: the password (from --password-fd, the terminal without echo, or stdin). */
char     *ud_cli_read_password    (Cli        *cli,
                                   const char *prompt,
                                   GError    **error);
/* Logs in as --user (the database must be open). */
gboolean  ud_cli_login            (Cli     *cli,
                                   GError **error);
/* Opens the database and logs in as an account that may manage accounts. */
gboolean  ud_cli_login_as_admin   (Cli     *cli,
                                   GError **error);
/* Reads a value of a closed list as a person writes it (code, label, Chinese alias). */
gboolean  ud_cli_parse_enum       (Cli               *cli,
                                   const char        *option,
                                   const UdEnumInfo  *info,
                                   const char        *extra_choices,
                                   const char        *text,
                                   int               *value,
                                   int               *status);
/* A --from or --to date as YYYY-MM-DD (rewritten in place). */
gboolean  ud_cli_parse_date_option (Cli         *cli,
                                    const char  *option,
                                    char       **value,
                                    int         *status);
/* --year: 0 for @default_year; else a year from 2000 to 2100. */
gboolean  ud_cli_check_year       (Cli  *cli,
                                   int  *year,
                                   int   default_year,
                                   int  *status);
int       ud_cli_current_year     (void);

/* Commands in their own files (the table is in ud-cli.c). */

/* ud-cli-sync.c */
int       ud_cli_cmd_sync               (Cli    *cli,
                                         GStrv  *args);
int       ud_cli_cmd_sync_status        (Cli    *cli,
                                         GStrv  *args);
int       ud_cli_cmd_sync_setup         (Cli    *cli,
                                         GStrv  *args);
int       ud_cli_cmd_sync_export_bundle (Cli    *cli,
                                         GStrv  *args);
int       ud_cli_cmd_sync_upload_bundle (Cli    *cli,
                                         GStrv  *args);
int       ud_cli_cmd_sync_import_acks   (Cli    *cli,
                                         GStrv  *args);

/* ud-cli-insurance.c */
int       ud_cli_cmd_insurance_plans        (Cli    *cli,
                                             GStrv  *args);
int       ud_cli_cmd_insurance_plan_set     (Cli    *cli,
                                             GStrv  *args);
int       ud_cli_cmd_insurance_enroll       (Cli    *cli,
                                             GStrv  *args);
int       ud_cli_cmd_insurance_pay_premium  (Cli    *cli,
                                             GStrv  *args);
int       ud_cli_cmd_insurance_enrollments  (Cli    *cli,
                                             GStrv  *args);
int       ud_cli_cmd_insurance_claim_report (Cli    *cli,
                                             GStrv  *args);
int       ud_cli_cmd_insurance_claims       (Cli    *cli,
                                             GStrv  *args);
int       ud_cli_cmd_insurance_claim        (Cli    *cli,
                                             GStrv  *args);
int       ud_cli_cmd_insurance_claim_step   (Cli    *cli,
                                             GStrv  *args);

/* ud-cli-payout.c */
int       ud_cli_cmd_payouts              (Cli    *cli,
                                           GStrv  *args);
int       ud_cli_cmd_payout_account       (Cli    *cli,
                                           GStrv  *args);
int       ud_cli_cmd_payout_reissue       (Cli    *cli,
                                           GStrv  *args);
int       ud_cli_cmd_batches              (Cli    *cli,
                                           GStrv  *args);
int       ud_cli_cmd_batch_create         (Cli    *cli,
                                           GStrv  *args);
int       ud_cli_cmd_batch_show           (Cli    *cli,
                                           GStrv  *args);
int       ud_cli_cmd_batch_export         (Cli    *cli,
                                           GStrv  *args);
int       ud_cli_cmd_batch_import_return  (Cli    *cli,
                                           GStrv  *args);
int       ud_cli_cmd_batch_record         (Cli    *cli,
                                           GStrv  *args);
int       ud_cli_cmd_books                (Cli    *cli,
                                           GStrv  *args);

G_END_DECLS
