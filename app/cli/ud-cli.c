/* ud-cli.c — union-desk-cli: the commands, over app/core
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every command parses its own options (GOptionContext) after the global ones, opens the
 * database through the core and prints with translated labels. Messages that might quote a
 * person's numbers go through ud_cli_scrub(); lists show ID numbers and mobiles masked. */
#define G_LOG_DOMAIN "ud-cli"

#include <stdarg.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ud-account.h"
#include "ud-aid-store.h"
#include "ud-audit.h"
#include "ud-backup.h"
#include "ud-cli.h"
#include "ud-cli-private.h"
#include "ud-database.h"
#include "ud-date.h"
#include "ud-demo.h"
#include "ud-employer.h"
#include "ud-enums.h"
#include "ud-error.h"
#include "ud-form-layout.h"
#include "ud-guard.h"
#include "ud-hardship-query.h"
#include "ud-hardship-store.h"
#include "ud-i18n.h"
#include "ud-id-number.h"
#include "ud-mask.h"
#include "ud-member-export.h"
#include "ud-member-import.h"
#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-money.h"
#include "ud-org.h"
#include "ud-policy.h"
#include "ud-outbox.h"
#include "ud-statistics.h"

#define DEFAULT_SEARCH_LIMIT 50
#define DEFAULT_AUDIT_LIMIT 50
#define MAX_DEMO_MEMBERS 10000000

/* Text helpers */

guint
ud_cli_display_width (const char *text)
{
  guint width = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return text ? (guint) strlen (text) : 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

char *
ud_cli_scrub (const char *text)
{
  GString *scrubbed;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  scrubbed = g_string_new (NULL);
  p = text;
  while (*p != '\0')
    {
      const char *start = p;
      gsize n_digits;

      if (!g_ascii_isdigit (*p))
        {
          g_string_append_c (scrubbed, *p);
          p++;
          continue;
        }

      while (g_ascii_isdigit (*p))
        p++;
      n_digits = (gsize) (p - start);
      /* An ID number's check letter belongs to it. */
      if ((*p == 'X' || *p == 'x') && !g_ascii_isalnum (p[1]))
        p++;

      if (n_digits >= 10)
        {
          g_autofree char *run = g_strndup (start, (gsize) (p - start));
          g_autofree char *masked = NULL;

          if (strlen (run) == 11)
            masked = ud_mask_mobile (run);
          else
            masked = ud_mask_id_number (run);
          g_string_append (scrubbed, masked);
        }
      else
        g_string_append_len (scrubbed, start, p - start);
    }

  return g_string_free (scrubbed, FALSE);
}

void
ud_cli_print_event (const char *date,
                    const char *from,
                    const char *to,
                    gint64      amount_fen,
                    const char *account_name,
                    const char *reason)
{
  g_autoptr(GString) line = g_string_new ("  ");

  g_string_append_printf (line, "%s  ", date ? date : "");
  if (from != NULL)
    g_string_append_printf (line, "%s → %s", from, to);
  else
    g_string_append (line, to);
  if (amount_fen >= 0)
    {
      g_autofree char *amount = ud_money_format_yuan (amount_fen);

      g_string_append_printf (line, "  %s", amount);
    }
  if (account_name != NULL)
    g_string_append_printf (line, "  %s", account_name);
  if (reason != NULL && *reason != '\0')
    {
      g_autofree char *scrubbed = ud_cli_scrub (reason);

      g_string_append_printf (line, _("  Reason: %s"), scrubbed);
    }
  g_print ("%s\n", line->str);
}

void
ud_cli_print_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  g_autofree char *scrubbed = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  scrubbed = ud_cli_scrub (message);
  g_printerr ("%s: %s\n", PROGRAM_NAME, scrubbed);
}

int
ud_cli_fail (GError *error)
{
  ud_cli_print_error ("%s", error->message);
  return UD_CLI_EXIT_FAILED;
}

int
ud_cli_usage_error (Cli        *cli,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  ud_cli_print_error ("%s", message);
  if (cli != NULL && cli->command != NULL)
    /* Translators: “Run “union-desk-cli import --help” to see its options.” */
    g_printerr (_("Run “%s %s --help” to see its options.\n"), PROGRAM_NAME, cli->command->name);
  else
    g_printerr (_("Run “%s --help” to see the commands.\n"), PROGRAM_NAME);

  return UD_CLI_EXIT_USAGE;
}

/* @text cut or padded with spaces to @width terminal columns (cut text ends in “…”). */
static void
append_cell (GString    *line,
             const char *text,
             guint       width,
             gboolean    pad)
{
  guint used = 0;

  if (text == NULL)
    text = "";

  if (ud_cli_display_width (text) <= width)
    {
      g_string_append (line, text);
      used = ud_cli_display_width (text);
    }
  else
    {
      for (const char *p = text; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          guint w = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;

          if (used + w + 1 > width)
            break;
          g_string_append_unichar (line, c);
          used += w;
        }
      g_string_append (line, "…");
      used++;
    }

  if (pad)
    for (; used < width; used++)
      g_string_append_c (line, ' ');
}


Table *
ud_cli_table_new (guint              n_columns,
                  const char *const *headers,
                  const guint       *max_widths)
{
  Table *table = g_new0 (Table, 1);

  table->n_columns = n_columns;
  table->max_widths = max_widths;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (table->rows, g_strdupv ((char **) headers));
  return table;
}

void
ud_cli_table_free (Table *table)
{
  g_ptr_array_unref (table->rows);
  g_free (table);
}


/* Adds a row of @table->n_columns values (owned by the table). */
void
ud_cli_table_add (Table *table,
                  char **row)
{
  g_assert (g_strv_length (row) == table->n_columns);
  g_ptr_array_add (table->rows, row);
}

void
ud_cli_table_print (Table *table)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], MIN (ud_cli_display_width (row[c]), table->max_widths[c]));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < table->n_columns; c++)
        {
          if (c > 0)
            g_string_append (line, "  ");
          append_cell (line, row[c], widths[c], c + 1 < table->n_columns);
        }
      g_print ("%s\n", line->str);

      if (r == 0)
        {
          g_string_truncate (line, 0);
          for (guint c = 0; c < table->n_columns; c++)
            {
              if (c > 0)
                g_string_append (line, "  ");
              for (guint i = 0; i < widths[c]; i++)
                g_string_append_c (line, '-');
            }
          g_print ("%s\n", line->str);
        }
    }
}

/* Prints “label: value” lines with the values aligned. */
void
ud_cli_print_fields (const char *const *labels,
                     const char *const *values,
                     guint              n)
{
  guint width = 0;

  for (guint i = 0; i < n; i++)
    width = MAX (width, ud_cli_display_width (labels[i]));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) line = g_string_new ("  ");

      if (values[i] == NULL || *values[i] == '\0')
        continue;
      g_string_append (line, labels[i]);
      /* Translators: between a label and its value, as in “姓名：张三” */
      g_string_append (line, _(": "));
      for (guint w = ud_cli_display_width (labels[i]); w < width; w++)
        g_string_append_c (line, ' ');
      g_string_append (line, values[i]);
      g_print ("%s\n", line->str);
    }
}

void
ud_cli_print_progress (Cli        *cli,
                       const char *label,
                       guint       done,
                       guint       total)
{
  guint percent = total > 0 ? (guint) ((guint64) done * 100 / total) : 100;

  if (cli->progress_tty)
    {
      /* Translators: progress on the terminal, “Importing: 5000 / 60000 (8%)” */
      g_printerr ("\r");
      g_printerr (_("%s: %u / %u (%u%%)"), label, done, total, percent);
      if (done >= total)
        g_printerr ("\n");
      return;
    }

  /* Into a log: a line every tenth. */
  if (done == 0 || done >= total || percent / 10 > cli->progress_step)
    {
      cli->progress_step = percent / 10;
      g_printerr (_("%s: %u / %u (%u%%)"), label, done, total, percent);
      g_printerr ("\n");
    }
}

/* Options, database and values */

/* Parses the options of the running command from @args (the program name first), leaving the
 * positional arguments. On FALSE, *@status is the exit status: help was shown, or the options
 * were wrong. */
gboolean
ud_cli_parse_options (Cli                *cli,
                      const GOptionEntry *entries,
                      const char         *description,
                      GStrv              *args,
                      int                *status)
{
  const GOptionEntry common[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli->db_path,
      N_("The database file (default: the one the app uses)"), N_("PATH") },
    { "user", 'U', 0, G_OPTION_ARG_STRING, &cli->user,
      N_("The account to act as (its password is asked for, or read from --password-fd)"),
      N_("NAME") },
    { "password-fd", 0, 0, G_OPTION_ARG_INT, &cli->password_fd,
      N_("Read the password from this file descriptor instead of asking"), N_("FD") },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &cli->show_help, N_("Show the options of this command"),
      NULL },
    G_OPTION_ENTRY_NULL
  };
  GOptionEntry common_without_user[G_N_ELEMENTS (common)];
  g_autofree char *parameters = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean own_user = FALSE;

  for (const GOptionEntry *entry = entries; entry != NULL && entry->long_name != NULL; entry++)
    if (strcmp (entry->long_name, "user") == 0)
      own_user = TRUE;

  /* A command with its own --user (a filter) reads the account to act as only from the global
   * options before the command: those are parsed first, on their own. */
  if (own_user)
    {
      guint n = 0;

      for (guint i = 0; i < G_N_ELEMENTS (common); i++)
        if (common[i].long_name == NULL || strcmp (common[i].long_name, "user") != 0)
          common_without_user[n++] = common[i];

      if (cli->n_global_args > 0)
        {
          g_autoptr(GOptionContext) global = g_option_context_new (NULL);
          g_auto(GStrv) global_args = g_new0 (char *, cli->n_global_args + 2);
          GStrvBuilder *rest = g_strv_builder_new ();

          for (int i = 0; i <= cli->n_global_args && (*args)[i] != NULL; i++)
            global_args[i] = g_strdup ((*args)[i]);
          g_strv_builder_add (rest, (*args)[0]);
          for (int i = cli->n_global_args + 1; i < (int) g_strv_length (*args); i++)
            g_strv_builder_add (rest, (*args)[i]);
          g_strfreev (*args);
          *args = g_strv_builder_end (rest);
          g_strv_builder_unref (rest);
          cli->n_global_args = 0;

          g_option_context_set_help_enabled (global, FALSE);
          g_option_context_add_main_entries (global, common, GETTEXT_PACKAGE);
          if (!g_option_context_parse_strv (global, &global_args, &error))
            {
              *status = ud_cli_usage_error (cli, "%s", error->message);
              return FALSE;
            }
        }
    }

  if (*cli->command->arguments != '\0')
    parameters = g_strdup_printf ("%s %s", cli->command->name, _(cli->command->arguments));
  else
    parameters = g_strdup (cli->command->name);

  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, _(cli->command->summary));
  if (description != NULL)
    g_option_context_set_description (context, description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, own_user ? common_without_user : common,
                                     GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, args, &error))
    {
      *status = ud_cli_usage_error (cli, "%s", error->message);
      return FALSE;
    }

  if (cli->show_help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", help);
      *status = UD_CLI_EXIT_OK;
      return FALSE;
    }

  return TRUE;
}

/* Checks that between @min and @max positional arguments follow the program name. */
gboolean
ud_cli_check_arguments (Cli         *cli,
                        GStrv        args,
                        guint        min,
                        guint        max,
                        const char  *missing,
                        int         *status)
{
  guint n = g_strv_length (args) - 1;

  if (n < min)
    {
      *status = ud_cli_usage_error (cli, "%s", missing);
      return FALSE;
    }
  if (n > max)
    {
      *status = ud_cli_usage_error (cli, _("Unexpected argument “%s”"), args[max + 1]);
      return FALSE;
    }

  return TRUE;
}

static const char *
database_path (Cli *cli)
{
  if (cli->db_path != NULL)
    return cli->db_path;
  if (cli->default_path == NULL)
    cli->default_path = ud_database_default_path ();
  return cli->default_path;
}

/* Opens the database; unless @create, one that does not exist yet is an error. */
gboolean
ud_cli_open_database (Cli       *cli,
                      gboolean   create,
                      GError   **error)
{
  const char *path = database_path (cli);

  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no database at “%s” yet; create one with “%s demo” or “%s "
                     "import”, or choose another with --db"),
                   path, PROGRAM_NAME, PROGRAM_NAME);
      return FALSE;
    }

  cli->db = ud_database_open (path, error);
  return cli->db != NULL;
}

/* Reads one line: the password. From --password-fd when given; else asked on the terminal
 * without echo; else the first line of standard input. Never from the command line. */
char *
ud_cli_read_password (Cli        *cli,
                      const char *prompt,
                      GError    **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  int fd = cli->password_fd >= 0 ? cli->password_fd : STDIN_FILENO;
  gboolean tty = cli->password_fd < 0 && isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char c;

  if (tty)
    {
      g_printerr ("%s", prompt);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }

  while (read (fd, &c, 1) == 1 && c != '\n')
    if (c != '\r')
      g_string_append_c (line, c);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }

  if (line->len == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION, _("No password was given"));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Overwrites a password before it is freed. */
static void
forget_password (char *password)
{
  if (password != NULL)
    memset (password, 0, strlen (password));
  g_free (password);
}
typedef char *Password;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (Password, forget_password, NULL)

/* Reads a new password; on a terminal it is asked for twice and both must be the same. */
static char *
read_new_password (Cli        *cli,
                   const char *prompt,
                   const char *repeat_prompt,
                   GError    **error)
{
  g_auto(Password) password = ud_cli_read_password (cli, prompt, error);
  g_auto(Password) again = NULL;

  if (password == NULL)
    return NULL;

  if (cli->password_fd < 0 && isatty (STDIN_FILENO))
    {
      again = ud_cli_read_password (cli, repeat_prompt, error);
      if (again == NULL)
        return NULL;
      if (strcmp (again, password) != 0)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "password",
                              _("The two passwords are not the same"));
          return NULL;
        }
    }

  return g_steal_pointer (&password);
}

/* On a database without accounts: creates the first administrator (--user, default "admin"),
 * asking for the password twice on a terminal. */
static gboolean
create_first_admin (Cli        *cli,
                    const char *display_name,
                    GError    **error)
{
  g_auto(Password) password = NULL;
  const char *username = cli->user ? cli->user : "admin";

  g_printerr (_("Creating the administrator account “%s” of this database.\n"), username);
  password = read_new_password (cli, _("New password: "), _("Repeat the password: "), error);
  if (password == NULL)
    return FALSE;

  cli->account = ud_account_create_first_admin (cli->db, username,
                                                display_name ? display_name : username,
                                                password, error);
  return cli->account != NULL;
}

/* Logs in as --user (the database must be open); on a database without accounts, creates
 * the administrator first. An account whose password was set by an administrator may do nothing
 * before changing it (“passwd”, which logs in by itself). */
gboolean
ud_cli_login (Cli     *cli,
              GError **error)
{
  g_auto(Password) password = NULL;
  g_autoptr(UdAccount) account = NULL;

  if (cli->account != NULL)
    return TRUE;

  /* A new database: its first user becomes the administrator (as the app's first start). */
  if (ud_account_none_exist (cli->db))
    return create_first_admin (cli, NULL, error);

  if (cli->user == NULL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   _("Give the account to act as: --user NAME (the password is asked for or "
                     "read from --password-fd)"));
      return FALSE;
    }

  password = ud_cli_read_password (cli, _("Password: "), error);
  if (password == NULL)
    return FALSE;

  account = ud_account_authenticate (cli->db, cli->user, password, error);
  if (account == NULL)
    return FALSE;

  if (account->must_change_password)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_PERMISSION,
                   _("The password of “%s” was set by an administrator: change it first with "
                     "“%s --user %s passwd”"),
                   account->username, PROGRAM_NAME, account->username);
      return FALSE;
    }

  cli->account = g_steal_pointer (&account);
  return TRUE;
}

static char *
enum_choices (const UdEnumInfo *info)
{
  g_autoptr(GString) choices = g_string_new (NULL);

  for (guint i = 0; i < info->n_values; i++)
    {
      if (choices->len > 0)
        g_string_append (choices, ", ");
      g_string_append (choices, info->codes[i]);
    }

  return g_string_free (g_steal_pointer (&choices), FALSE);
}

/* Reads a value of a closed list as a person writes it (code, label, Chinese alias). */
gboolean
ud_cli_parse_enum (Cli               *cli,
                   const char        *option,
                   const UdEnumInfo  *info,
                   const char        *extra_choices,
                   const char        *text,
                   int               *value,
                   int               *status)
{
  g_autofree char *codes = NULL;
  g_autofree char *choices = NULL;

  if (ud_enum_from_text (info, text, value))
    return TRUE;

  codes = enum_choices (info);
  choices = g_strconcat (extra_choices ? extra_choices : "", codes, NULL);
  /* Translators: “--status: “xyz” is not one of: applied, active, …” */
  *status = ud_cli_usage_error (cli, _("%s: “%s” is not one of: %s"), option, text, choices);
  return FALSE;
}

/* The options that choose members, for search and export. */
typedef struct
{
  char *text;
  char *status;
  char *category;
  char *org;
} MemberFilter;

static void
member_filter_clear (MemberFilter *filter)
{
  g_clear_pointer (&filter->text, g_free);
  g_clear_pointer (&filter->status, g_free);
  g_clear_pointer (&filter->category, g_free);
  g_clear_pointer (&filter->org, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MemberFilter, member_filter_clear)

#define MEMBER_FILTER_ENTRIES(filter) \
  { "status", 0, 0, G_OPTION_ARG_STRING, &(filter).status, \
    N_("Only members with this status: live (the default for search), any, active, applied, " \
       "transfer_pending, retained, lapsed, withdrawn, expelled, deceased (or 正常, 失效 …)"), \
    N_("STATUS") }, \
  { "category", 0, 0, G_OPTION_ARG_STRING, &(filter).category, \
    N_("Only this new-employment category: new (any of them), none, courier, food_delivery, " \
       "ride_hailing, truck_driver … (or 快递员, 外卖骑手 …)"), \
    N_("CATEGORY") }, \
  { "org", 0, 0, G_OPTION_ARG_STRING, &(filter).org, \
    N_("Only members of this union or federation (and its branches)"), N_("NAME") }

static gboolean
build_query (Cli           *cli,
             MemberFilter  *filter,
             int            default_status,
             UdMemberQuery *query,
             int           *status)
{
  query->status = default_status;
  if (filter->status != NULL)
    {
      if (g_ascii_strcasecmp (filter->status, "live") == 0)
        query->status = UD_MEMBER_QUERY_LIVE;
      else if (g_ascii_strcasecmp (filter->status, "any") == 0
               || g_ascii_strcasecmp (filter->status, "all") == 0)
        query->status = UD_MEMBER_QUERY_ANY;
      else if (!ud_cli_parse_enum (cli, "--status", &ud_member_status_info, "live, any, ",
                                   filter->status, &query->status, status))
        return FALSE;
    }

  if (filter->category != NULL)
    {
      if (g_ascii_strcasecmp (filter->category, "new") == 0)
        query->new_employment = UD_MEMBER_QUERY_ANY_NEW_EMPLOYMENT;
      else if (g_ascii_strcasecmp (filter->category, "any") == 0)
        query->new_employment = UD_MEMBER_QUERY_ANY;
      else if (!ud_cli_parse_enum (cli, "--category", &ud_new_employment_info, "new, any, ",
                                   filter->category, &query->new_employment, status))
        return FALSE;
    }

  g_free (query->text);
  query->text = g_strdup (filter->text);
  return TRUE;
}

/* The --org of @filter, once the database is open. */
static gboolean
resolve_org (Cli           *cli,
             MemberFilter  *filter,
             UdMemberQuery *query,
             int           *status)
{
  if (filter->org == NULL)
    return TRUE;

  query->org_id = ud_org_find_by_name (cli->db, filter->org);
  if (query->org_id == 0)
    {
      *status = ud_cli_usage_error (cli, _("--org: there is no union named “%s” (see “%s orgs”)"),
                                    filter->org, PROGRAM_NAME);
      return FALSE;
    }

  return TRUE;
}

static char *
member_count_text (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", n), n);
}

/* demo */

static void
demo_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  ud_cli_print_progress (user_data, _("Creating members"), done, total);
}

static int
cmd_demo (Cli   *cli,
          GStrv *args)
{
  int n_members = 0;
  gint64 seed = -1;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "members", 'n', 0, G_OPTION_ARG_INT, &n_members, N_("How many members to make up"),
      N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
      N_("The seed of the random numbers: the same seed makes the same people (default: "
         "a random one, which is printed)"), N_("S") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Add demo members even if the database already has members"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autofree char *created = NULL;
  g_autoptr(UdAccount) demo_treasurer = NULL;
  guint existing = 0;
  double seconds;
  int status;

  if (!ud_cli_parse_options (cli, entries, NULL, args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (n_members <= 0 || n_members > MAX_DEMO_MEMBERS)
    return ud_cli_usage_error (cli, _("--members: give how many members to make, from 1 to %d"),
                               MAX_DEMO_MEMBERS);
  if (seed < -1 || seed > G_MAXUINT32)
    return ud_cli_usage_error (cli, _("--seed: give a number from 0 to %u"), G_MAXUINT32);
  if (seed == -1)
    seed = g_random_int ();

  if (!ud_cli_open_database (cli, TRUE, &error)
      || !ud_member_query_count (cli->db, query, &existing, &error))
    return ud_cli_fail (error);

  if (!ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  if (existing > 0 && !force)
    {
      g_autofree char *count = member_count_text (existing);

      ud_cli_print_error (_("The database “%s” already has %s; add --force to add demo members to "
                            "them"), database_path (cli), count);
      return UD_CLI_EXIT_FAILED;
    }

  g_print (_("Database: %s\n"), database_path (cli));
  g_print (_("Seed: %u\n"), (guint) seed);

  timer = g_timer_new ();
  if (!ud_demo_populate (cli->db, cli->account, (guint) n_members, (guint32) seed, NULL,
                         demo_progress, cli, &error))
    return ud_cli_fail (error);
  seconds = g_timer_elapsed (timer, NULL);

  if (!ud_demo_add_casework (cli->db, cli->account, (guint32) seed, &error))
    return ud_cli_fail (error);

  created = member_count_text ((guint) n_members);
  /* Translators: “Created 1000 members in 0.4 s (2500 members per second)” */
  g_print (_("Created %s in %.1f s (%.0f members per second)\n"), created, seconds,
           seconds > 0 ? n_members / seconds : 0.0);
  demo_treasurer = ud_account_find (cli->db, "zhaomin");
  if (demo_treasurer != NULL)
    g_print (_("Demo accounts with the password “%s”: wangfang (clerk), lihua (reviewer), "
               "zhangwei (approver), zhaomin (treasurer)\n"), UD_DEMO_PASSWORD);
  return UD_CLI_EXIT_OK;
}

/* import */

static void
import_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  ud_cli_print_progress (user_data, _("Importing"), done, total);
}

static guint
count_problem_lines (GPtrArray *issues)
{
  guint n = 0;
  guint last_line = 0;

  /* Issues come by line; a row may have several. */
  for (guint i = 0; i < issues->len; i++)
    {
      UdImportIssue *issue = g_ptr_array_index (issues, i);

      if (i == 0 || issue->line != last_line)
        n++;
      last_line = issue->line;
    }

  return n;
}

static int
cmd_import (Cli   *cli,
            GStrv *args)
{
  gboolean update_duplicates = FALSE;
  gboolean dry_run = FALSE;
  g_autofree char *org_name = NULL;
  g_autofree char *report_path = NULL;
  const GOptionEntry entries[] = {
    { "update-duplicates", 'u', 0, G_OPTION_ARG_NONE, &update_duplicates,
      N_("Correct members who are already in the database from the file (kept as history) "
         "instead of skipping them"), NULL },
    { "org", 0, 0, G_OPTION_ARG_STRING, &org_name,
      N_("The union for rows that do not name one (default: this office)"), N_("NAME") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check every row but write nothing"), NULL },
    { "report", 'r', 0, G_OPTION_ARG_FILENAME, &report_path,
      N_("Write the rows that were not imported, with the reason, to this CSV file"),
      N_("PATH") },
    G_OPTION_ENTRY_NULL
  };
  const char *description =
    _("The file is a CSV roster in UTF-8 (with or without BOM), GB18030/GBK or UTF-16, with a "
      "header row (姓名, 身份证号, 手机号, 工作单位, 所属工会, 入会日期 …).\n\n"
      "Exit status: 0 when every row was imported, 1 when some rows had problems (they are "
      "listed; the valid rows were still imported), 2 when the file could not be read or the "
      "options are wrong.");
  g_autoptr(GError) error = NULL;
  g_autoptr(UdMemberImport) import = NULL;
  g_auto(GStrv) created_orgs = NULL;
  GPtrArray *issues;
  guint n_problem_lines;
  int status;

  if (!ud_cli_parse_options (cli, entries, description, args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the file to import"), &status))
    return status;

  import = ud_member_import_new_from_file ((*args)[1], &error);
  if (import == NULL)
    {
      ud_cli_print_error ("%s", error->message);
      return UD_CLI_EXIT_USAGE;
    }
  g_print (_("Encoding: %s\n"), ud_member_import_get_encoding_name (import));

  if (!ud_cli_open_database (cli, TRUE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  if (org_name != NULL)
    {
      gint64 org_id = ud_org_find_by_name (cli->db, org_name);

      if (org_id == 0)
        return ud_cli_usage_error (cli, _("--org: there is no union named “%s” (see “%s orgs”)"),
                                   org_name, PROGRAM_NAME);
      ud_member_import_set_default_org (import, org_id);
    }
  ud_member_import_set_duplicates (import, update_duplicates ? UD_IMPORT_DUPLICATES_UPDATE
                                                             : UD_IMPORT_DUPLICATES_SKIP);

  if (!ud_member_import_run (import, cli->db, cli->account, dry_run, NULL, import_progress, cli,
                             &error))
    {
      ud_cli_print_error ("%s", error->message);
      if (ud_member_import_get_n_imported (import) > 0)
        g_printerr (_("%u members were imported before the error.\n"),
                    ud_member_import_get_n_imported (import));
      return UD_CLI_EXIT_FAILED;
    }

  issues = ud_member_import_get_issues (import);
  n_problem_lines = count_problem_lines (issues);
  for (guint i = 0; i < issues->len; i++)
    {
      UdImportIssue *issue = g_ptr_array_index (issues, i);
      g_autofree char *message = ud_cli_scrub (issue->message);

      /* Translators: a problem of an imported file: “line 62: ID number: …” */
      g_printerr (_("line %u: %s\n"), issue->line, message);
    }

  if (dry_run)
    {
      g_print (_("Dry run: nothing was written.\n"));
      g_print (_("Rows that can be imported: %u\n"), ud_member_import_get_n_valid (import));
    }
  else
    {
      g_print (_("Imported: %u\n"), ud_member_import_get_n_imported (import));
      g_print (_("Updated: %u\n"), ud_member_import_get_n_updated (import));
      if (ud_member_import_get_n_unchanged (import) > 0)
        g_print (_("Unchanged: %u\n"), ud_member_import_get_n_unchanged (import));
    }
  g_print (_("Skipped duplicates: %u\n"), ud_member_import_get_n_skipped (import));
  g_print (_("Rows with problems: %u\n"), n_problem_lines);

  created_orgs = ud_member_import_dup_created_orgs (import);
  if (created_orgs != NULL && created_orgs[0] != NULL)
    {
      g_autofree char *list = g_strjoinv ("、", created_orgs);

      g_print (_("Unions created: %s\n"), list);
    }
  if (ud_member_import_get_n_created_employers (import) > 0)
    g_print (_("Employers created: %u\n"), ud_member_import_get_n_created_employers (import));

  if (report_path != NULL)
    {
      if (!ud_member_import_write_report (import, report_path, &error))
        return ud_cli_fail (error);
      g_print (_("The rows that were not imported are in “%s”.\n"), report_path);
    }

  if (issues->len > 0 || ud_member_import_get_n_skipped (import) > 0)
    return UD_CLI_EXIT_FAILED;
  return UD_CLI_EXIT_OK;
}

/* export */

static void
export_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  ud_cli_print_progress (user_data, _("Exporting"), done, total);
}

static int
cmd_export (Cli   *cli,
            GStrv *args)
{
  g_auto(MemberFilter) filter = { 0 };
  g_autofree char *format_name = NULL;
  gboolean masked = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("csv or xlsx (default: from the file name, else csv)"), N_("FORMAT") },
    { "masked", 'm', 0, G_OPTION_ARG_NONE, &masked,
      N_("Mask ID numbers and mobiles (3301**********2177)"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &filter.text,
      N_("Only members matching this text (name, ID number, mobile, card, employer)"),
      N_("TEXT") },
    MEMBER_FILTER_ENTRIES (filter),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autofree char *exported = NULL;
  UdExportFormat format = UD_EXPORT_FORMAT_CSV;
  const char *path;
  guint count = 0;
  int status;

  if (!ud_cli_parse_options (cli, entries, NULL, args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the file to write"), &status))
    return status;
  path = (*args)[1];

  if (format_name != NULL)
    {
      if (g_ascii_strcasecmp (format_name, "csv") == 0)
        format = UD_EXPORT_FORMAT_CSV;
      else if (g_ascii_strcasecmp (format_name, "xlsx") == 0)
        format = UD_EXPORT_FORMAT_XLSX;
      else
        return ud_cli_usage_error (cli, _("--format: “%s” is not csv or xlsx"), format_name);
    }
  else
    {
      g_autofree char *lower = g_ascii_strdown (path, -1);

      if (g_str_has_suffix (lower, ".xlsx"))
        format = UD_EXPORT_FORMAT_XLSX;
    }

  if (!build_query (cli, &filter, UD_MEMBER_QUERY_ANY, query, &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  if (!resolve_org (cli, &filter, query, &status))
    return status;

  if (!ud_member_export (cli->db, cli->account, query, format, masked, path, NULL,
                         export_progress, cli, &count, &error))
    return ud_cli_fail (error);

  exported = member_count_text (count);
  /* Translators: “Exported 1000 members to “members.csv”.” */
  g_print (_("Exported %s to “%s”.\n"), exported, path);
  return UD_CLI_EXIT_OK;
}

/* search */

static int
cmd_search (Cli   *cli,
            GStrv *args)
{
  g_auto(MemberFilter) filter = { 0 };
  int limit = DEFAULT_SEARCH_LIMIT;
  const GOptionEntry entries[] = {
    MEMBER_FILTER_ENTRIES (filter),
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N members (default: 50; 0 for all)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  static const guint max_widths[] = { 12, 18, 11, 24, 28, 16 };
  const char *headers[] = {
    _("Name"), _("ID number"), _("Mobile number"), _("Employer"), _("Union"),
    _("Membership status"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(Table) table = NULL;
  g_autofree char *found = NULL;
  guint count = 0;
  int status;

  if (!ud_cli_parse_options (cli, entries, NULL, args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 1, NULL, &status))
    return status;
  if (limit < 0)
    return ud_cli_usage_error (cli, _("--limit: give a number of members, or 0 for all"));
  if ((*args)[1] != NULL)
    filter.text = g_strdup ((*args)[1]);

  if (!build_query (cli, &filter, UD_MEMBER_QUERY_LIVE, query, &status))
    return status;
  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  if (!resolve_org (cli, &filter, query, &status))
    return status;

  if (!ud_member_query_count (cli->db, query, &count, &error))
    return ud_cli_fail (error);
  members = ud_member_query_fetch (cli->db, query, 0, limit > 0 ? (guint) limit : G_MAXUINT,
                                   &error);
  if (members == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (6, headers, max_widths);
  for (guint i = 0; i < members->len; i++)
    {
      UdMember *member = g_ptr_array_index (members, i);
      char **row = g_new0 (char *, 7);

      row[0] = g_strdup (member->name);
      row[1] = ud_mask_id_number (member->id_number);
      row[2] = ud_mask_mobile (member->mobile);
      row[3] = g_strdup (member->employer_name ? member->employer_name : "");
      row[4] = g_strdup (member->org_name);
      row[5] = g_strdup (ud_enum_label (&ud_member_status_info, member->status));
      ud_cli_table_add (table, row);
    }

  if (members->len > 0)
    ud_cli_table_print (table);

  found = member_count_text (count);
  if (members->len < count)
    /* Translators: “Showing 50 of 1234 members” */
    g_print (_("Showing %u of %s\n"), members->len, found);
  else
    /* Translators: “Found 3 members” */
    g_print (_("Found %s\n"), found);

  return UD_CLI_EXIT_OK;
}

/* members show */

static const char *
id_kind_label (UdIdKind kind)
{
  switch (kind)
    {
    case UD_ID_KIND_HMT_RESIDENCE:
      return _("Residence permit for Hong Kong, Macao and Taiwan residents");
    case UD_ID_KIND_FOREIGN_PERMANENT:
      return _("Foreign permanent resident ID card");
    case UD_ID_KIND_RESIDENT:
    default:
      return _("Resident ID card");
    }
}

static const char *
sex_label (UdSex sex)
{
  switch (sex)
    {
    case UD_SEX_MALE:
      return _("Male");
    case UD_SEX_FEMALE:
      return _("Female");
    case UD_SEX_UNKNOWN:
    default:
      return "";
    }
}

static void
print_history (Cli      *cli,
               UdMember *member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = ud_member_store_history (cli->db, member->id, &error);

  if (events == NULL)
    {
      ud_cli_print_error ("%s", error->message);
      return;
    }

  g_print ("\n%s\n", _("History"));
  for (guint i = 0; i < events->len; i++)
    {
      UdMemberEvent *event = g_ptr_array_index (events, i);
      g_autoptr(GString) line = g_string_new ("  ");

      g_string_append_printf (line, "%s  %s", event->event_date,
                              ud_enum_label (&ud_member_event_kind_info, event->kind));
      if (event->from_status != event->to_status)
        g_string_append_printf (line, " (%s → %s)",
                                ud_enum_label (&ud_member_status_info, event->from_status),
                                ud_enum_label (&ud_member_status_info, event->to_status));
      if (event->from_org_name != NULL && event->to_org_name != NULL
          && g_strcmp0 (event->from_org_name, event->to_org_name) != 0)
        g_string_append_printf (line, "  %s → %s", event->from_org_name, event->to_org_name);
      else if (event->kind == UD_MEMBER_EVENT_JOIN && event->to_org_name != NULL)
        g_string_append_printf (line, "  %s", event->to_org_name);
      if (event->reason != NULL)
        /* Translators: the reason of a history entry */
        g_string_append_printf (line, _("  Reason: %s"), event->reason);
      if (event->changes != NULL)
        /* Translators: the fields a correction changed, as JSON */
        g_string_append_printf (line, _("  Changes: %s"), event->changes);
      g_print ("%s\n", line->str);
    }
}

static void
print_member (Cli      *cli,
              UdMember *member)
{
  g_autofree char *employer = NULL;
  g_autofree char *status = NULL;
  g_autofree char *created = ud_timestamp_to_local_display (member->created_at);
  g_autofree char *updated = ud_timestamp_to_local_display (member->updated_at);
  const char *labels[] = {
    _("Name"), _("ID type"), _("ID number"), _("Sex"), _("Birth date"), _("Mobile number"),
    _("Ethnicity"), _("Education"), _("Household registration"), _("Employer"),
    _("Occupation category"), _("Union"), _("Join date"), _("Join channel"),
    _("Member card number"), _("Membership status"), _("Note"), _("Created"), _("Last changed"),
  };
  const char *values[G_N_ELEMENTS (labels)];

  if (member->employer_name != NULL)
    {
      g_autoptr(GString) text = g_string_new (member->employer_name);

      if (member->employer_credit_code != NULL)
        g_string_append_printf (text, " (%s)", member->employer_credit_code);
      if (member->employer_is_platform)
        g_string_append_printf (text, " [%s]", _("platform company"));
      employer = g_string_free (g_steal_pointer (&text), FALSE);
    }

  if (member->status == UD_MEMBER_STATUS_TRANSFER_PENDING && member->transfer_org_name != NULL)
    /* Translators: “Transfer pending (since 2024-03-01, to 湖墅街道新就业形态联合工会)” */
    status = g_strdup_printf (_("%s (since %s, to %s)"),
                              ud_enum_label (&ud_member_status_info, member->status),
                              member->status_date, member->transfer_org_name);
  else if (member->status_date != NULL)
    /* Translators: “Active (since 2024-03-01)” */
    status = g_strdup_printf (_("%s (since %s)"),
                              ud_enum_label (&ud_member_status_info, member->status),
                              member->status_date);
  else
    status = g_strdup (ud_enum_label (&ud_member_status_info, member->status));

  values[0] = member->name;
  values[1] = id_kind_label (member->id_kind);
  values[2] = member->id_number;
  values[3] = sex_label (member->sex);
  values[4] = member->birth_date;
  values[5] = member->mobile;
  values[6] = member->ethnicity;
  values[7] = member->education != UD_EDUCATION_UNKNOWN
                ? ud_enum_label (&ud_education_info, member->education) : NULL;
  values[8] = member->hukou != UD_HUKOU_UNKNOWN ? ud_enum_label (&ud_hukou_info, member->hukou)
                                                : NULL;
  values[9] = employer;
  values[10] = ud_enum_label (&ud_new_employment_info, member->new_employment);
  values[11] = member->org_name;
  values[12] = member->join_date;
  values[13] = ud_enum_label (&ud_join_channel_info, member->join_channel);
  values[14] = member->card_number;
  values[15] = status;
  values[16] = member->note;
  values[17] = created;
  values[18] = updated;

  ud_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
  print_history (cli, member);
}

static int
cmd_members_show (Cli   *cli,
                  GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(GPtrArray) members = NULL;
  UdIdNumber id;
  int status;

  if (!ud_cli_parse_options (cli, NULL, NULL, args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the member’s ID number"), &status))
    return status;

  if (!ud_id_number_parse ((*args)[1], NULL, &id, &error))
    return ud_cli_usage_error (cli, "%s", error->message);

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  /* Every membership the number had, the live one last. */
  query->text = g_strdup (id.number);
  query->status = UD_MEMBER_QUERY_ANY;
  query->sort = UD_MEMBER_SORT_CREATED;
  members = ud_member_query_fetch (cli->db, query, 0, 100, &error);
  if (members == NULL)
    return ud_cli_fail (error);

  /* The search also matches card numbers; keep the ID number's own records. */
  for (guint i = members->len; i > 0; i--)
    {
      UdMember *member = g_ptr_array_index (members, i - 1);

      if (g_strcmp0 (member->id_number, id.number) != 0)
        g_ptr_array_remove_index (members, i - 1);
    }

  if (members->len == 0)
    {
      g_autofree char *masked = ud_mask_id_number (id.number);

      ud_cli_print_error (_("No member has the ID number %s"), masked);
      return UD_CLI_EXIT_FAILED;
    }

  /* The whole ID number and mobile are shown: that is recorded. */
  for (guint i = 0; i < members->len; i++)
    if (!ud_member_store_audit_view (cli->db, cli->account,
                                     ((UdMember *) g_ptr_array_index (members, i))->id,
                                     "id_number", &error))
      return ud_cli_fail (error);

  for (guint i = 0; i < members->len; i++)
    {
      if (members->len > 1)
        /* Translators: “Membership 1 of 2” */
        g_print (_("%sMembership %u of %u\n"), i > 0 ? "\n" : "", i + 1, members->len);
      print_member (cli, g_ptr_array_index (members, i));
    }

  return UD_CLI_EXIT_OK;
}

/* orgs */

/* Counts ended memberships by union, for count_live_members(). */
typedef struct
{
  GHashTable *index_of;  /* borrowed keys: &UdOrg.id → position in the org list + 1 */
  guint      *ended;     /* per position: ended memberships in the union itself */
} EndedTally;

static gboolean
tally_ended (const UdMember *member,
             gpointer        user_data)
{
  EndedTally *tally = user_data;
  guint position = GPOINTER_TO_UINT (g_hash_table_lookup (tally->index_of, &member->org_id));

  if (position > 0)
    tally->ended[position - 1]++;
  return TRUE;
}

/* Live members of each union of @orgs (in tree order) with its branches: every membership (a
 * count the org index answers) less the ended ones, which are few and read once. Asking for the
 * live statuses of each union directly makes SQLite fetch nearly every member row per union. */
static guint *
count_live_members (UdDatabase  *db,
                    GPtrArray   *orgs,
                    GError     **error)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree guint *ended = g_new0 (guint, orgs->len + 1);
  g_autofree guint *live = g_new0 (guint, orgs->len + 1);
  EndedTally tally = { index_of, ended };

  for (guint i = 0; i < orgs->len; i++)
    {
      UdOrg *org = g_ptr_array_index (orgs, i);

      g_hash_table_insert (index_of, &org->id, GUINT_TO_POINTER (i + 1));
    }

  for (guint status = 0; status < ud_member_status_info.n_values; status++)
    {
      g_autoptr(UdMemberQuery) query = ud_member_query_new ();

      if (ud_member_status_is_live (status))
        continue;
      query->status = (int) status;
      query->sort = UD_MEMBER_SORT_CREATED;
      if (!ud_member_query_foreach (db, query, tally_ended, &tally, NULL, error))
        return NULL;
    }

  /* Children come after their parent: add each union's ended count to its parent's. */
  for (guint i = orgs->len; i > 0; i--)
    {
      UdOrg *org = g_ptr_array_index (orgs, i - 1);
      guint parent = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, &org->parent_id));

      if (org->parent_id != 0 && parent > 0)
        ended[parent - 1] += ended[i - 1];
    }

  for (guint i = 0; i < orgs->len; i++)
    {
      UdOrg *org = g_ptr_array_index (orgs, i);
      g_autoptr(UdMemberQuery) query = ud_member_query_new ();
      guint total = 0;

      query->org_id = org->id;
      if (!ud_member_query_count (db, query, &total, error))
        return NULL;
      live[i] = total - MIN (total, ended[i]);
    }

  return g_steal_pointer (&live);
}

static int
cmd_orgs (Cli   *cli,
          GStrv *args)
{
  static const guint max_widths[] = { 60, 30, 10 };
  const char *headers[] = { _("Organisation"), _("Type"), _("Members"), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  g_autoptr(Table) table = NULL;
  g_autofree guint *live = NULL;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Member counts are of live memberships (applied, active, in "
                               "transfer, "
                               "retained), each union with its branches."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error))
    return ud_cli_fail (error);
  orgs = ud_org_list (cli->db, &error);
  if (orgs == NULL)
    return ud_cli_fail (error);
  live = count_live_members (cli->db, orgs, &error);
  if (live == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (3, headers, max_widths);
  for (guint i = 0; i < orgs->len; i++)
    {
      UdOrg *org = g_ptr_array_index (orgs, i);
      g_autoptr(GString) name = g_string_new (NULL);
      char **row;

      for (int d = 0; d < org->depth; d++)
        g_string_append (name, "  ");
      g_string_append (name, org->name);
      if (org->is_office)
        g_string_append_printf (name, " (%s)", _("this office"));
      if (org->archived)
        g_string_append_printf (name, " (%s)", _("archived"));

      row = g_new0 (char *, 4);
      row[0] = g_string_free (g_steal_pointer (&name), FALSE);
      row[1] = g_strdup (ud_enum_label (&ud_org_kind_info, org->kind));
      row[2] = g_strdup_printf ("%u", live[i]);
      ud_cli_table_add (table, row);
    }

  ud_cli_table_print (table);
  return UD_CLI_EXIT_OK;
}

static int
cmd_orgs_add (Cli   *cli,
              GStrv *args)
{
  g_autofree char *parent_name = NULL;
  g_autofree char *kind_name = NULL;
  const GOptionEntry entries[] = {
    { "parent", 'p', 0, G_OPTION_ARG_STRING, &parent_name,
      N_("The federation it belongs to (default: this office)"), N_("NAME") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_name,
      N_("street, grassroots, joint or flowing (default: guessed from the name, "
         "…联合工会 is a joint union)"), N_("KIND") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdOrg) org = ud_org_new ();
  g_autoptr(UdOrg) parent = NULL;
  int kind;
  int status;

  if (!ud_cli_parse_options (cli, entries, NULL, args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the name of the new organisation"),
                                  &status))
    return status;

  if (!ud_cli_open_database (cli, TRUE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  org->parent_id = ud_database_get_office_org_id (cli->db);
  if (parent_name != NULL)
    {
      org->parent_id = ud_org_find_by_name (cli->db, parent_name);
      if (org->parent_id == 0)
        return ud_cli_usage_error (cli, _("--parent: there is no organisation named “%s” (see “%s "
                                          "orgs”)"), parent_name, PROGRAM_NAME);
    }

  kind = ud_org_kind_guess_from_name ((*args)[1]);
  if (kind_name != NULL
      && !ud_cli_parse_enum (cli, "--kind", &ud_org_kind_info, NULL, kind_name, &kind, &status))
    return status;

  org->name = g_strdup ((*args)[1]);
  org->kind = kind;
  if (!ud_org_insert (cli->db, cli->account, org, &error))
    return ud_cli_fail (error);

  parent = ud_org_get (cli->db, org->parent_id, &error);
  if (parent == NULL)
    return ud_cli_fail (error);
  /* Translators: “Added “湖墅街道新就业形态联合工会” (Joint union) under “湖墅街道总工会”.” */
  g_print (_("Added “%s” (%s) under “%s”.\n"), org->name,
           ud_enum_label (&ud_org_kind_info, org->kind), parent->name);
  return UD_CLI_EXIT_OK;
}

/* employers */

static int
cmd_employers (Cli   *cli,
               GStrv *args)
{
  int limit = 0;
  const GOptionEntry entries[] = {
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N employers (default: all)"),
      N_("N") },
    G_OPTION_ENTRY_NULL
  };
  static const guint max_widths[] = { 40, 26, 8, 8 };
  const char *headers[] = {
    _("Employer"), _("Unified social credit code"), _("Platform"), _("Members"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) employers = NULL;
  g_autoptr(Table) table = NULL;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Lists employers whose name or credit code contains TEXT, with the "
                               "number of members (all statuses) working there."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 1, NULL, &status))
    return status;
  if (limit < 0)
    return ud_cli_usage_error (cli, _("--limit: give a number of employers, or 0 for all"));

  if (!ud_cli_open_database (cli, FALSE, &error))
    return ud_cli_fail (error);
  employers = ud_employer_list (cli->db, (*args)[1], (guint) limit, &error);
  if (employers == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (4, headers, max_widths);
  for (guint i = 0; i < employers->len; i++)
    {
      UdEmployer *employer = g_ptr_array_index (employers, i);
      char **row = g_new0 (char *, 5);

      row[0] = g_strdup (employer->name);
      row[1] = g_strdup (employer->credit_code ? employer->credit_code : "");
      row[2] = g_strdup (employer->is_platform ? _("yes") : "");
      row[3] = g_strdup_printf ("%" G_GINT64_FORMAT, employer->member_count);
      ud_cli_table_add (table, row);
    }

  if (employers->len > 0)
    ud_cli_table_print (table);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u employer\n", "%u employers\n", employers->len),
           employers->len);
  return UD_CLI_EXIT_OK;
}

/* status */

static int
cmd_status (Cli   *cli,
            GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdOrg) office = NULL;
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autofree char *pending = NULL;
  guint total = 0;
  guint n_new_employment = 0;
  int status;

  if (!ud_cli_parse_options (cli, NULL, NULL, args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error)
      || !ud_member_query_count (cli->db, query, &total, &error))
    return ud_cli_fail (error);
  office = ud_org_get (cli->db, ud_database_get_office_org_id (cli->db), &error);
  if (office == NULL)
    return ud_cli_fail (error);

  g_print (_("Database: %s\n"), ud_database_get_path (cli->db));
  g_print (_("Schema version: %d\n"), ud_database_get_schema_version (cli->db));
  g_print (_("Office: %s\n"), office->name);
  g_print (_("Members: %u\n"), total);

  for (guint i = 0; i < ud_member_status_info.n_values; i++)
    {
      g_autofree char *label = NULL;
      guint count = 0;

      query->status = (int) i;
      if (!ud_member_query_count (cli->db, query, &count, &error))
        return ud_cli_fail (error);

      label = g_strconcat (ud_enum_label (&ud_member_status_info, (int) i), _(": "), NULL);
      g_print ("  %s", label);
      for (guint w = ud_cli_display_width (label); w < 20; w++)
        g_print (" ");
      g_print ("%u\n", count);
    }

  query->status = UD_MEMBER_QUERY_LIVE;
  query->new_employment = UD_MEMBER_QUERY_ANY_NEW_EMPLOYMENT;
  if (!ud_member_query_count (cli->db, query, &n_new_employment, &error))
    return ud_cli_fail (error);
  g_print (_("New-employment workers (live memberships): %u\n"), n_new_employment);
  pending = g_strdup_printf ("%" G_GINT64_FORMAT, ud_outbox_count_pending (cli->db));
  g_print (_("Changes waiting for upload: %s\n"), pending);
  return UD_CLI_EXIT_OK;
}

/* init, passwd */

static int
cmd_init (Cli   *cli,
          GStrv *args)
{
  g_autofree char *display_name = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &display_name,
      N_("The administrator's name as people see it (default: the user name)"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *roles = NULL;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Creates the first account of a database, with every role: --user "
                               "(default “admin”). The password is asked for twice on a terminal, "
                               "or "
                               "read from --password-fd or the first line of standard input."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (!ud_cli_open_database (cli, TRUE, &error))
    return ud_cli_fail (error);

  if (!ud_account_none_exist (cli->db))
    {
      ud_cli_print_error (_("The database “%s” already has accounts: log in with --user NAME, or "
                            "ask an administrator for an account"), database_path (cli));
      return UD_CLI_EXIT_FAILED;
    }

  if (!create_first_admin (cli, display_name, &error))
    return ud_cli_fail (error);

  roles = ud_roles_describe (cli->account->roles);
  /* Translators: “Created the account “admin” (Clerk, Reviewer, …) in “/path/union-desk.db”.” */
  g_print (_("Created the account “%s” (%s) in “%s”.\n"), cli->account->username, roles,
           database_path (cli));
  return UD_CLI_EXIT_OK;
}

static int
cmd_passwd (Cli   *cli,
            GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAccount) account = NULL;
  g_auto(Password) old_password = NULL;
  g_auto(Password) new_password = NULL;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Changes the password of the --user account: the current password, "
                               "then "
                               "the new one (twice on a terminal; from --password-fd or standard "
                               "input, "
                               "one per line)."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (cli->user == NULL)
    return ud_cli_usage_error (cli, _("--user: give the account whose password to change"));

  if (!ud_cli_open_database (cli, FALSE, &error))
    return ud_cli_fail (error);

  old_password = ud_cli_read_password (cli, _("Current password: "), &error);
  if (old_password == NULL)
    return ud_cli_fail (error);
  account = ud_account_authenticate (cli->db, cli->user, old_password, &error);
  if (account == NULL)
    return ud_cli_fail (error);

  new_password = read_new_password (cli, _("New password: "), _("Repeat the new password: "),
                                    &error);
  if (new_password == NULL
      || !ud_account_change_password (cli->db, account, old_password, new_password, &error))
    return ud_cli_fail (error);

  g_print (_("The password of “%s” was changed.\n"), account->username);
  return UD_CLI_EXIT_OK;
}

/* accounts */

/* Opens the database and logs in as an account that may manage accounts. */
gboolean
ud_cli_login_as_admin (Cli     *cli,
                       GError **error)
{
  return ud_cli_open_database (cli, FALSE, error)
         && ud_cli_login (cli, error)
         && ud_guard_check (cli->account, UD_ACTION_ACCOUNT_ADMIN, error);
}

/* The account named @username, or an error that says how to find the names. */
static UdAccount *
find_account (Cli         *cli,
              const char  *username,
              GError     **error)
{
  UdAccount *account = ud_account_find (cli->db, username);

  if (account == NULL)
    g_set_error (error, UD_ERROR, UD_ERROR_NOT_FOUND,
                 _("There is no account “%s” (see “%s accounts”)"), username, PROGRAM_NAME);
  return account;
}

static gboolean
parse_roles (Cli        *cli,
             const char *text,
             guint      *roles,
             int        *status)
{
  if (ud_roles_parse (text, roles) && (*roles & UD_ROLES_ALL) != 0)
    return TRUE;

  /* Translators: the role codes stay in English; 经办人, 审批人 … are accepted too */
  *status = ud_cli_usage_error (cli, _("--roles: “%s” is not a list of roles: clerk, reviewer, "
                                       "approver, treasurer, admin (or 经办人, 审核人, 审批人, 出纳, "
                                       "管理员)"),
                                text);
  return FALSE;
}

static int
cmd_accounts (Cli   *cli,
              GStrv *args)
{
  static const guint max_widths[] = { 20, 20, 48, 6, 16, 20 };
  const char *headers[] = {
    _("User name"), _("Name"), _("Roles"), _("Active"), _("Locked until"), _("Password"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(Table) table = NULL;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Lists the accounts of the database (administrators only)."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (!ud_cli_login_as_admin (cli, &error))
    return ud_cli_fail (error);

  accounts = ud_account_list (cli->db, &error);
  if (accounts == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (6, headers, max_widths);
  for (guint i = 0; i < accounts->len; i++)
    {
      UdAccount *account = g_ptr_array_index (accounts, i);
      char **row = g_new0 (char *, 7);

      row[0] = g_strdup (account->username);
      row[1] = g_strdup (account->display_name);
      row[2] = ud_roles_describe (account->roles);
      row[3] = g_strdup (account->active ? _("yes") : _("no"));
      row[4] = account->locked_until ? ud_timestamp_to_local_display (account->locked_until)
                                     : NULL;
      if (row[4] == NULL)
        row[4] = g_strdup ("");
      row[5] = g_strdup (account->must_change_password ? _("must be changed") : "");
      ud_cli_table_add (table, row);
    }

  ud_cli_table_print (table);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u account\n", "%u accounts\n", accounts->len),
           accounts->len);
  return UD_CLI_EXIT_OK;
}

static int
cmd_accounts_add (Cli   *cli,
                  GStrv *args)
{
  g_autofree char *roles_text = NULL;
  g_autofree char *display_name = NULL;
  const GOptionEntry entries[] = {
    { "roles", 'r', 0, G_OPTION_ARG_STRING, &roles_text,
      N_("The roles, separated by commas: clerk, reviewer, approver, treasurer, admin"),
      N_("ROLES") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &display_name,
      N_("The person's name as people see it (default: the user name)"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAccount) account = NULL;
  g_auto(Password) password = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *roles_label = NULL;
  guint roles = 0;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Creates an account (administrators only). The administrator's "
                               "password "
                               "is asked for first, then the new account's initial password (twice "
                               "on a "
                               "terminal; from --password-fd or standard input, one per line). The "
                               "new "
                               "user must change it at the first login."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the user name of the new account"),
                                  &status))
    return status;

  if (roles_text == NULL)
    return ud_cli_usage_error (cli, _("--roles: give the roles of the new account, e.g. "
                                      "--roles clerk,approver"));
  if (!parse_roles (cli, roles_text, &roles, &status))
    return status;

  if (!ud_cli_login_as_admin (cli, &error))
    return ud_cli_fail (error);

  prompt = g_strdup_printf (_("Initial password for “%s”: "), (*args)[1]);
  password = read_new_password (cli, prompt, _("Repeat the password: "), &error);
  if (password == NULL)
    return ud_cli_fail (error);

  account = ud_account_create (cli->db, cli->account, (*args)[1], display_name, roles, password,
                               &error);
  if (account == NULL)
    return ud_cli_fail (error);

  roles_label = ud_roles_describe (account->roles);
  /* Translators: “Created the account “wangfang” (王芳: Clerk, Approver).” */
  g_print (_("Created the account “%s” (%s: %s).\n"), account->username, account->display_name,
           roles_label);
  g_print (_("The new user must change the password at the first login.\n"));
  return UD_CLI_EXIT_OK;
}

static int
cmd_accounts_set (Cli   *cli,
                  GStrv *args)
{
  g_autofree char *roles_text = NULL;
  g_autofree char *display_name = NULL;
  gboolean deactivate = FALSE;
  gboolean activate = FALSE;
  const GOptionEntry entries[] = {
    { "roles", 'r', 0, G_OPTION_ARG_STRING, &roles_text,
      N_("The new roles, separated by commas: clerk, reviewer, approver, treasurer, admin"),
      N_("ROLES") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &display_name,
      N_("The person's name as people see it"), N_("NAME") },
    { "deactivate", 0, 0, G_OPTION_ARG_NONE, &deactivate,
      N_("Stop the account from logging in (accounts are never deleted)"), NULL },
    { "activate", 0, 0, G_OPTION_ARG_NONE, &activate, N_("Let a deactivated account log in again"),
      NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAccount) account = NULL;
  g_autofree char *roles_label = NULL;
  guint roles = 0;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Changes the roles, the name or the active flag of an account "
                               "(administrators only)."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1,
                                  _("Give the user name of the account to change"), &status))
    return status;

  if (roles_text == NULL && display_name == NULL && !deactivate && !activate)
    return ud_cli_usage_error (cli, _("Give what to change: --roles, --name, --deactivate or "
                                      "--activate"));
  if (deactivate && activate)
    return ud_cli_usage_error (cli, _("--deactivate and --activate: give only one of them"));
  if (roles_text != NULL && !parse_roles (cli, roles_text, &roles, &status))
    return status;

  if (!ud_cli_login_as_admin (cli, &error))
    return ud_cli_fail (error);

  account = find_account (cli, (*args)[1], &error);
  if (account == NULL)
    return ud_cli_fail (error);

  if (roles_text != NULL)
    account->roles = roles;
  if (display_name != NULL)
    {
      g_free (account->display_name);
      account->display_name = g_strdup (display_name);
    }
  if (deactivate || activate)
    account->active = activate;

  if (!ud_account_update (cli->db, cli->account, account, &error))
    return ud_cli_fail (error);

  roles_label = ud_roles_describe (account->roles);
  /* Translators: “Saved “wangfang” (王芳: Clerk, Approver; active).” */
  g_print (_("Saved “%s” (%s: %s; %s).\n"), account->username, account->display_name,
           roles_label, account->active ? _("active") : _("deactivated"));
  return UD_CLI_EXIT_OK;
}

static int
cmd_accounts_reset_password (Cli   *cli,
                             GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAccount) account = NULL;
  g_auto(Password) password = NULL;
  g_autofree char *prompt = NULL;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Sets a new password for an account and ends its lockout "
                               "(administrators only). The administrator's password is asked for "
                               "first, then the new one; the user must change it at the next "
                               "login."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the user name of the account"),
                                  &status))
    return status;

  if (!ud_cli_login_as_admin (cli, &error))
    return ud_cli_fail (error);

  account = find_account (cli, (*args)[1], &error);
  if (account == NULL)
    return ud_cli_fail (error);

  prompt = g_strdup_printf (_("New password for “%s”: "), account->username);
  password = read_new_password (cli, prompt, _("Repeat the password: "), &error);
  if (password == NULL
      || !ud_account_reset_password (cli->db, cli->account, account->id, password, &error))
    return ud_cli_fail (error);

  g_print (_("The password of “%s” was reset; the user must change it at the next login.\n"),
           account->username);
  return UD_CLI_EXIT_OK;
}

/* verify, audit */

static int
cmd_verify (Cli   *cli,
            GStrv *args)
{
  g_autoptr(GError) error = NULL;
  gint64 broken_seq = 0;
  guint64 n_checked = 0;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Checks the database file and the audit trail: every entry's hash "
                               "and "
                               "link, and that none is missing. Prints “ok” with the number of "
                               "entries, "
                               "or names the first broken entry.\n\n"
                               "Exit status: 0 when all is well, 1 when the trail or the file is "
                               "broken "
                               "(or cannot be read)."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error))
    return ud_cli_fail (error);

  if (!ud_audit_verify (cli->db, &broken_seq, &n_checked, &error))
    {
      if (broken_seq > 0)
        /* Translators: the first line a scheduled job reads when the audit trail is broken */
        g_print (_("broken: audit entry %lld\n"), (long long) broken_seq);
      else
        g_print (_("broken: the database file\n"));
      return ud_cli_fail (error);
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "ok: %llu audit entry checked\n",
                        "ok: %llu audit entries checked\n", (gulong) n_checked),
           (unsigned long long) n_checked);
  return UD_CLI_EXIT_OK;
}

/* A --from or --to date as YYYY-MM-DD. */
gboolean
ud_cli_parse_date_option (Cli         *cli,
                          const char  *option,
                          char       **value,
                          int         *status)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  if (*value == NULL)
    return TRUE;

  if (!ud_date_parse (*value, option, &date, &error))
    {
      *status = ud_cli_usage_error (cli, "%s", error->message);
      return FALSE;
    }

  g_free (*value);
  *value = ud_date_format (&date);
  return TRUE;
}

static int
cmd_audit (Cli   *cli,
           GStrv *args)
{
  g_autofree char *username = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *record = NULL;
  g_autofree char *action = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int limit = DEFAULT_AUDIT_LIMIT;
  const GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &username,
      N_("Only what this account did (the account to act as goes before the command)"),
      N_("NAME") },
    { "entity", 0, 0, G_OPTION_ARG_STRING, &entity,
      N_("Only entries about this kind of record: member, org, employer, account, database …"),
      N_("ENTITY") },
    { "record", 0, 0, G_OPTION_ARG_STRING, &record, N_("Only entries about this record"),
      N_("UUID") },
    { "action", 0, 0, G_OPTION_ARG_STRING, &action,
      N_("Only this action: create, update, status, login, export, view_personal, backup …"),
      N_("ACTION") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Only entries on or after this date"),
      N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Only entries on or before this date"),
      N_("DATE") },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N entries, newest first (default: 50; 0 for all)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  static const guint max_widths[] = { 8, 16, 16, 24, 36, 400 };
  const char *headers[] = {
    _("No."), _("Time"), _("Account"), _("Action"), _("Record"), _("Changes"), NULL
  };
  UdAuditFilter filter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries_found = NULL;
  g_autoptr(Table) table = NULL;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Lists the audit trail: who changed what and when, newest first. "
                               "Personal "
                               "numbers in the changes are masked. The account to act as is given "
                               "before "
                               "the command: union-desk-cli --user NAME audit …"),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  if (limit < 0)
    return ud_cli_usage_error (cli, _("--limit: give a number of entries, or 0 for all"));
  if (!ud_cli_parse_date_option (cli, "--from", &from, &status)
      || !ud_cli_parse_date_option (cli, "--to", &to, &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  if (username != NULL)
    {
      g_autoptr(UdAccount) account = ud_account_find (cli->db, username);

      if (account == NULL)
        return ud_cli_usage_error (cli, _("--user: there is no account “%s” (see “%s accounts”)"),
                                   username, PROGRAM_NAME);
      filter.account_id = account->id;
    }
  filter.entity = entity;
  filter.record_uuid = record;
  filter.action = action;
  filter.from_date = from;
  filter.to_date = to;

  entries_found = ud_audit_list (cli->db, &filter, 0, (guint) limit, &error);
  if (entries_found == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (6, headers, max_widths);
  for (guint i = 0; i < entries_found->len; i++)
    {
      UdAuditEntry *entry = g_ptr_array_index (entries_found, i);
      char **row = g_new0 (char *, 7);

      row[0] = g_strdup_printf ("%" G_GINT64_FORMAT, entry->seq);
      row[1] = ud_timestamp_to_local_display (entry->at);
      if (row[1] == NULL)
        row[1] = g_strdup (entry->at ? entry->at : "");
      row[2] = g_strdup (entry->account_name);
      row[3] = g_strdup_printf ("%s %s", entry->entity, entry->action);
      row[4] = g_strdup (entry->record_uuid ? entry->record_uuid : "");
      row[5] = g_strcmp0 (entry->changes, "{}") == 0 ? g_strdup ("")
                                                     : ud_cli_scrub (entry->changes);
      ud_cli_table_add (table, row);
    }

  if (entries_found->len > 0)
    ud_cli_table_print (table);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u audit entry\n", "%u audit entries\n",
                        entries_found->len),
           entries_found->len);
  return UD_CLI_EXIT_OK;
}

/* backup, restore */

static void
backup_progress (int      remaining,
                 int      total,
                 gpointer user_data)
{
  if (total > 0)
    ud_cli_print_progress (user_data, _("Backing up"), (guint) (total - MAX (remaining, 0)),
                           (guint) total);
}

static int
cmd_backup (Cli   *cli,
            GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *size = NULL;
  const char *path;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Copies the database, while it is in use, to FILE (administrators "
                               "only). "
                               "The copy is checked before it is kept; a failed backup leaves no "
                               "file."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the backup file to write"), &status))
    return status;
  path = (*args)[1];

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error)
      || !ud_backup_create (cli->db, cli->account, path, NULL, backup_progress, cli, &error))
    return ud_cli_fail (error);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            NULL);
  size = g_format_size (info ? (guint64) g_file_info_get_size (info) : 0);
  /* Translators: “Backed up “union-desk.db” to “/media/usb/2026-11-26.db” (2.1 MB).” */
  g_print (_("Backed up “%s” to “%s” (%s).\n"), database_path (cli), path, size);
  return UD_CLI_EXIT_OK;
}

static int
cmd_restore (Cli   *cli,
             GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAccount) actor = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *checked = NULL;
  const char *backup_path;
  const char *db_path;
  guint64 n_entries = 0;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Replaces the database with the backup FILE (administrators only). "
                               "The "
                               "backup is checked first (the file and its audit trail); the "
                               "replaced "
                               "database is kept beside it. Close Union Desk first."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the backup file to restore"), &status))
    return status;
  backup_path = (*args)[1];
  db_path = database_path (cli);

  /* An existing database is replaced only by an administrator of it; a missing one (a new
   * computer) by whoever owns the files. */
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error)
          || !ud_guard_check (cli->account, UD_ACTION_BACKUP, &error))
        return ud_cli_fail (error);
      actor = ud_account_copy (cli->account);
      /* The restore refuses to replace a database that is open. */
      g_clear_object (&cli->db);
    }

  if (!ud_backup_check_file (backup_path, &n_entries, &error))
    return ud_cli_fail (error);
  checked = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu audit entry checked",
                                          "%llu audit entries checked", (gulong) n_entries),
                             (unsigned long long) n_entries);
  /* Translators: “The backup “x.db” is intact (1234 audit entries checked).” */
  g_print (_("The backup “%s” is intact (%s).\n"), backup_path, checked);

  if (!ud_backup_restore (backup_path, db_path, actor, &replaced, &error))
    return ud_cli_fail (error);

  g_print (_("Restored “%s” from “%s”.\n"), db_path, backup_path);
  if (replaced != NULL)
    g_print (_("The replaced database was kept as “%s”.\n"), replaced);
  return UD_CLI_EXIT_OK;
}

/* The command line */

/* policy */

static int
cmd_policy (Cli   *cli,
            GStrv *args)
{
  static const guint max_widths[] = { 44, 28, 8, 12, 14 };
  const char *headers[] = {
    _("Parameter"), _("Name"), _("Region"), _("From"), _("Value"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(Table) table = NULL;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Lists every stored policy value (低保 standards, relief thresholds, "
                               "ratios, caps and amounts) with the date it takes effect; a city "
                               "value "
                               "beats a local one of the same date."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error))
    return ud_cli_fail (error);
  rows = ud_policy_list (cli->db, NULL, &error);
  if (rows == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (5, headers, max_widths);
  for (guint i = 0; i < rows->len; i++)
    {
      UdPolicyValue *value = g_ptr_array_index (rows, i);
      const UdPolicyParamInfo *info = ud_policy_param_lookup (value->name);
      char **row = g_new0 (char *, 6);

      row[0] = g_strdup (info ? ud_policy_param_label (info) : value->name);
      row[1] = g_strdup (value->name);
      row[2] = g_strdup (*value->region ? value->region : _("all"));
      row[3] = g_strdup_printf ("%s%s", value->effective_from,
                                g_strcmp0 (value->source, "city") == 0 ? _(" (city)") : "");
      row[4] = info ? ud_policy_format_value (info, value->value)
                    : g_strdup_printf ("%" G_GINT64_FORMAT, value->value);
      ud_cli_table_add (table, row);
    }
  ud_cli_table_print (table);
  return UD_CLI_EXIT_OK;
}

static int
cmd_policy_set (Cli   *cli,
                GStrv *args)
{
  g_autofree char *region = NULL;
  g_autofree char *from = NULL;
  g_autofree char *note = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("The first day the value is in force (YYYY-MM-DD; required)"), N_("DATE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region,
      N_("The 6-digit region code the value is for (default: everywhere)"), N_("CODE") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Why, e.g. the document that set it"),
      N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  const UdPolicyParamInfo *info;
  gint64 value;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Sets a local policy value from a date; decisions already made keep "
                               "the "
                               "values they used. Money in yuan (1,060.00), shares in percent "
                               "(50%), "
                               "days as a number. Administrators only."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 2, 2, _("Give the parameter's name and the value"),
                                  &status))
    return status;

  info = ud_policy_param_lookup ((*args)[1]);
  if (info == NULL)
    return ud_cli_usage_error (cli, _("Unknown parameter “%s” (see “%s policy”)"), (*args)[1],
                               PROGRAM_NAME);
  if (from == NULL)
    return ud_cli_usage_error (cli, _("--from: give the first day the value is in force"));
  if (!ud_policy_parse_value (info, (*args)[2], &value, &error))
    return ud_cli_usage_error (cli, "%s", error->message);

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error)
      || !ud_policy_set (cli->db, cli->account, info->name, region, value, from, note, &error))
    return ud_cli_fail (error);

  shown = ud_policy_format_value (info, value);
  /* Translators: "Minimum living standard … is 1,060.00 from 2027-01-01" */
  g_print (_("%s is %s from %s\n"), ud_policy_param_label (info), shown, from);
  return UD_CLI_EXIT_OK;
}

/* files */

#define PUBLICITY_ENDING_DAYS 3

static char *
file_count_text (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hardship file", "%u hardship files",
                                       n), n);
}

/* The category set at review, else the one the rule proposes, marked so. */
static char *
file_category_text (UdHardshipCategory category,
                    UdHardshipCategory proposed)
{
  if (category != UD_HARDSHIP_CATEGORY_NONE)
    return g_strdup (ud_enum_label (&ud_hardship_category_info, category));
  /* Translators: a category the rule proposes, not confirmed at review yet */
  return g_strdup_printf (_("%s (proposed)"), ud_enum_label (&ud_hardship_category_info, proposed));
}

/* The labels of the values set in @bits, joined with “、”. */
static char *
enum_bits_labels (const UdEnumInfo *info,
                  guint             bits)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < info->n_values && i < 32; i++)
    {
      if ((bits & (1u << i)) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, "、");
      g_string_append (text, ud_enum_label (info, (int) i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
cmd_files (Cli   *cli,
           GStrv *args)
{
  g_autofree char *status_name = NULL;
  g_autofree char *category_name = NULL;
  int limit = DEFAULT_SEARCH_LIMIT;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("Only files with this status: draft, submitted, verifying, publicised, reviewed, "
         "active, annual_review, returned, rejected, exited (or 已建档, 公示中 …)"),
      N_("STATUS") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category_name,
      N_("Only files of this category: deep, relative, accident, none (or 深度困难 …)"),
      N_("CATEGORY") },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N files (default: 50; 0 for all)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  static const guint max_widths[] = { 14, 12, 18, 22, 14, 14, 28 };
  const char *headers[] = {
    _("File number"), _("Worker"), _("ID number"), _("Category"), _("Per-capita income"),
    C_("hardship list column", "Status"), _("Union"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(UdHardshipQuery) query = ud_hardship_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(Table) table = NULL;
  g_autofree char *found = NULL;
  guint count = 0;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Lists hardship files whose worker's name, file number or household "
                               "ID "
                               "number (whole, or its last 4 or more characters) contains TEXT, "
                               "most "
                               "recently changed first. ID numbers are masked."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 1, NULL, &status))
    return status;
  if (limit < 0)
    return ud_cli_usage_error (cli, _("--limit: give a number of files, or 0 for all"));
  if (status_name != NULL
      && !ud_cli_parse_enum (cli, "--status", &ud_hardship_status_info, NULL, status_name,
                             &query->status, &status))
    return status;
  if (category_name != NULL
      && !ud_cli_parse_enum (cli, "--category", &ud_hardship_category_info, NULL, category_name,
                             &query->category, &status))
    return status;
  if ((*args)[1] != NULL)
    query->text = g_strdup ((*args)[1]);

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error)
      || !ud_hardship_query_count (cli->db, query, &count, &error))
    return ud_cli_fail (error);
  rows = ud_hardship_query_fetch (cli->db, query, 0, limit > 0 ? (guint) limit : G_MAXUINT,
                                 &error);
  if (rows == NULL)
    return ud_cli_fail (error);

  table = ud_cli_table_new (7, headers, max_widths);
  for (guint i = 0; i < rows->len; i++)
    {
      UdHardshipListRow *file = g_ptr_array_index (rows, i);
      char **row = g_new0 (char *, 8);

      row[0] = g_strdup (file->file_number);
      row[1] = g_strdup (file->worker_name);
      row[2] = g_strdup (file->worker_id_masked ? file->worker_id_masked : "");
      row[3] = file_category_text (file->category, file->proposed_category);
      row[4] = ud_money_format (file->per_capita_monthly_fen);
      row[5] = g_strdup (ud_enum_label (&ud_hardship_status_info, file->status));
      row[6] = g_strdup (file->org_name ? file->org_name : "");
      ud_cli_table_add (table, row);
    }

  if (rows->len > 0)
    ud_cli_table_print (table);

  found = file_count_text (count);
  if (rows->len < count)
    /* Translators: “Showing 50 of 120 hardship files” */
    g_print (C_("hardship files", "Showing %u of %s\n"), rows->len, found);
  else
    g_print (_("Found %s\n"), found);
  return UD_CLI_EXIT_OK;
}

/* The id of the file numbered @number, or 0. */
static gint64
find_file_by_number (UdDatabase  *db,
                     const char  *number,
                     GError     **error)
{
  g_autoptr(UdHardshipQuery) query = ud_hardship_query_new ();
  g_autoptr(GPtrArray) rows = NULL;

  query->text = g_strdup (number);
  rows = ud_hardship_query_fetch (db, query, 0, 1000, error);
  if (rows == NULL)
    return -1;

  for (guint i = 0; i < rows->len; i++)
    {
      UdHardshipListRow *row = g_ptr_array_index (rows, i);

      if (g_ascii_strcasecmp (row->file_number, number) == 0)
        return row->id;
    }

  return 0;
}

/* The policy values of a stored snapshot (JSON), as “label: value (from DATE)” lines. */
static void
print_policy_snapshot (const char *snapshot)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  g_autoptr(GList) names = NULL;

  if (snapshot == NULL || !json_parser_load_from_data (parser, snapshot, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  names = json_object_get_members (object);
  if (names == NULL)
    return;

  g_print ("\n%s\n", _("Policy values used"));
  for (GList *l = names; l != NULL; l = l->next)
    {
      const UdPolicyParamInfo *info = ud_policy_param_lookup (l->data);
      JsonNode *node = json_object_get_member (object, l->data);
      JsonObject *entry;
      g_autofree char *value = NULL;
      const char *from;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      if (!json_object_has_member (entry, "value"))
        continue;
      from = json_object_get_string_member_with_default (entry, "effective_from", "");
      value = info ? ud_policy_format_value (info, json_object_get_int_member (entry, "value"))
                   : g_strdup_printf ("%" G_GINT64_FORMAT,
                                      json_object_get_int_member (entry, "value"));
      /* Translators: a policy value a decision used: “低保标准: ¥1,060.00 (from 2026-01-01)” */
      g_print (_("  %s: %s (from %s)\n"), info ? ud_policy_param_label (info) : (char *) l->data,
               value, from);
    }
}

static void
print_file_history (Cli    *cli,
                    gint64  file_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = ud_hardship_store_history (cli->db, file_id, &error);

  if (events == NULL)
    {
      ud_cli_print_error ("%s", error->message);
      return;
    }

  g_print ("\n%s\n", _("Status history"));
  for (guint i = 0; i < events->len; i++)
    {
      UdHardshipEvent *event = g_ptr_array_index (events, i);
      gboolean moved = event->from_status != event->to_status
                       || g_strcmp0 (event->action, "create") != 0;

      ud_cli_print_event (event->event_date,
                          moved ? ud_enum_label (&ud_hardship_status_info, event->from_status)
                                : NULL,
                          ud_enum_label (&ud_hardship_status_info, event->to_status), -1,
                          event->account_name, event->reason);
    }
}

static void
print_household (UdHardshipFile *file)
{
  static const guint max_widths[] = { 12, 14, 18, 10, 16, 14, 24 };
  const char *headers[] = {
    _("Name"), _("Relation"), _("ID number"), _("Birth date"), _("Health"),
    _("Monthly income"), _("School or employer"), NULL
  };
  g_autoptr(Table) table = NULL;

  g_print ("\n%s\n", _("Household members"));
  if (file->household == NULL || file->household->len == 0)
    {
      g_print ("  %s\n", _("None besides the worker"));
      return;
    }

  table = ud_cli_table_new (7, headers, max_widths);
  for (guint i = 0; i < file->household->len; i++)
    {
      UdHouseholdMember *person = g_ptr_array_index (file->household, i);
      char **row = g_new0 (char *, 8);

      row[0] = g_strdup (person->name);
      row[1] = g_strdup (ud_enum_label (&ud_relation_info, person->relation));
      row[2] = person->id_number ? ud_mask_id_number (person->id_number) : g_strdup ("");
      row[3] = g_strdup (person->birth_date ? person->birth_date : "");
      row[4] = g_strdup (person->health != UD_HEALTH_UNKNOWN
                           ? ud_enum_label (&ud_health_info, person->health) : "");
      row[5] = ud_money_format (person->monthly_income_fen);
      row[6] = g_strdup (person->school_or_employer ? person->school_or_employer : "");
      ud_cli_table_add (table, row);
    }
  ud_cli_table_print (table);
}

static void
print_file (Cli            *cli,
            UdHardshipFile *file)
{
  g_autofree char *worker_id = ud_mask_id_number (file->worker_id_number);
  g_autofree char *status = NULL;
  g_autofree char *category = file_category_text (file->category, file->proposed_category);
  g_autofree char *proposed = NULL;
  g_autofree char *secondary = enum_bits_labels (&ud_hardship_cause_info, file->secondary_causes);
  g_autofree char *documents = enum_bits_labels (&ud_hardship_document_info, file->documents);
  g_autofree char *worker_income = ud_money_format_yuan (file->worker_monthly_income_fen);
  g_autofree char *other_income = ud_money_format_yuan (file->other_income_fen);
  g_autofree char *rigid = ud_money_format_yuan (file->rigid_expenses_fen);
  g_autofree char *costs = ud_money_format_yuan (file->hardship_costs_fen);
  g_autofree char *household_size = g_strdup_printf ("%d", file->household_size);
  g_autofree char *annual = ud_money_format_yuan (file->annual_income_fen);
  g_autofree char *per_capita = ud_money_format_yuan (file->per_capita_monthly_fen);
  g_autofree char *dibao = ud_money_format_yuan (file->dibao_monthly_fen);
  g_autofree char *bank_account = ud_hardship_file_dup_masked_bank_account (file);
  g_autofree char *review_year = file->review_year > 0 ? g_strdup_printf ("%d", file->review_year)
                                                       : NULL;
  g_autofree char *publicity = NULL;
  g_autofree char *created = ud_timestamp_to_local_display (file->created_at);
  g_autofree char *updated = ud_timestamp_to_local_display (file->updated_at);
  g_autofree char *status_reason = ud_cli_scrub (file->status_reason);
  GDate publicity_end;
  const char *labels[] = {
    _("File number"), _("Worker"), _("ID number"), _("Union"), _("Region"),
    C_("hardship file", "Status"), _("Status reason"), _("Category"), _("Proposed category"),
    _("Category reason"),
    _("Main cause"), _("Secondary causes"), _("Work status"), _("Health"), _("Disability"),
    _("Housing"), _("Worker's monthly income"), _("Other income (a year)"),
    _("Rigid expenses (a year)"), _("Hardship costs (a year)"), _("Household size"),
    _("Household annual income"), _("Per-capita monthly income"),
    _("Minimum living standard used"), _("Bank"), _("Bank account"), _("Account holder"),
    _("Documents"), _("Unit opinion"), _("Review opinion"), _("Approval opinion"),
    _("Publicity"), _("Filed on"), _("Reviewed for year"), _("Exit reason"), _("Created"),
    _("Last changed"),
  };
  const char *values[G_N_ELEMENTS (labels)];

  if (file->status_date != NULL)
    status = g_strdup_printf (_("%s (since %s)"),
                              ud_enum_label (&ud_hardship_status_info, file->status),
                              file->status_date);
  else
    status = g_strdup (ud_enum_label (&ud_hardship_status_info, file->status));
  if (file->category != UD_HARDSHIP_CATEGORY_NONE)
    proposed = g_strdup (ud_enum_label (&ud_hardship_category_info, file->proposed_category));
  if (ud_hardship_file_publicity_end (file, &publicity_end))
    {
      g_autofree char *end = ud_date_format (&publicity_end);

      /* Translators: “2026-03-02, 5 days (may move on from 2026-03-07)” */
      publicity = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%s, %d day (may move on from %s)",
                                                "%s, %d days (may move on from %s)",
                                                (gulong) MAX (file->publicity_days, 0)),
                                   file->publicity_start, file->publicity_days, end);
    }
  else if (file->publicity_start != NULL)
    publicity = g_strdup (file->publicity_start);

  values[0] = file->file_number;
  values[1] = file->worker_name;
  values[2] = worker_id;
  values[3] = file->org_name;
  values[4] = file->region_code;
  values[5] = status;
  values[6] = status_reason;
  values[7] = category;
  values[8] = proposed;
  values[9] = file->category_reason;
  values[10] = ud_enum_label (&ud_hardship_cause_info, file->main_cause);
  values[11] = secondary;
  values[12] = file->work_status != UD_WORK_STATUS_UNKNOWN
                 ? ud_enum_label (&ud_work_status_info, file->work_status) : NULL;
  values[13] = file->health != UD_HEALTH_UNKNOWN ? ud_enum_label (&ud_health_info, file->health)
                                                 : NULL;
  values[14] = file->disability;
  values[15] = file->housing != UD_HOUSING_UNKNOWN
                 ? ud_enum_label (&ud_housing_info, file->housing) : NULL;
  values[16] = worker_income;
  values[17] = other_income;
  values[18] = rigid;
  values[19] = costs;
  values[20] = household_size;
  values[21] = annual;
  values[22] = per_capita;
  values[23] = dibao;
  values[24] = file->bank_name;
  values[25] = bank_account;
  values[26] = file->bank_holder;
  values[27] = documents;
  values[28] = file->unit_opinion;
  values[29] = file->review_opinion;
  values[30] = file->approval_opinion;
  values[31] = publicity;
  values[32] = file->filed_date;
  values[33] = review_year;
  values[34] = file->exit_reason != UD_HARDSHIP_EXIT_NONE
                 ? ud_enum_label (&ud_hardship_exit_reason_info, file->exit_reason) : NULL;
  values[35] = created;
  values[36] = updated;

  ud_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
  print_household (file);
  print_policy_snapshot (file->policy_snapshot);
  print_file_history (cli, file->id);
}

static int
cmd_files_show (Cli   *cli,
                GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdHardshipFile) file = NULL;
  gint64 id;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Shows one hardship file: the household, the computed figures, the "
                               "policy values they used and the status history. ID numbers and the "
                               "bank account are masked."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the file number (KN2026-00001)"),
                                  &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  id = find_file_by_number (cli->db, (*args)[1], &error);
  if (id < 0)
    return ud_cli_fail (error);
  if (id == 0)
    {
      ud_cli_print_error (_("There is no hardship file numbered “%s”"), (*args)[1]);
      return UD_CLI_EXIT_FAILED;
    }

  file = ud_hardship_store_get (cli->db, id, &error);
  if (file == NULL)
    return ud_cli_fail (error);

  print_file (cli, file);
  return UD_CLI_EXIT_OK;
}

/* Prints one queue under @title with its count; FALSE on an error (printed). */
static gboolean
print_queue (Cli             *cli,
             const char      *title,
             UdHardshipQueue  queue,
             GError         **error)
{
  static const guint max_widths[] = { 14, 12, 18, 14, 22, 12, 28 };
  const char *headers[] = {
    _("File number"), _("Worker"), _("ID number"), C_("hardship list column", "Status"),
    _("Category"), _("Publicity ends"), _("Union"), NULL
  };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(Table) table = NULL;
  g_autofree char *count = NULL;

  rows = ud_hardship_store_queue (cli->db, queue, NULL, PUBLICITY_ENDING_DAYS, error);
  if (rows == NULL)
    return FALSE;

  count = file_count_text (rows->len);
  /* Translators: a queue and how many files are in it: “Waiting on me as reviewer: 2 files” */
  g_print (_("%s: %s\n"), title, count);
  if (rows->len == 0)
    return TRUE;

  table = ud_cli_table_new (7, headers, max_widths);
  for (guint i = 0; i < rows->len; i++)
    {
      UdHardshipFileRow *file = g_ptr_array_index (rows, i);
      char **row = g_new0 (char *, 8);

      row[0] = g_strdup (file->file_number);
      row[1] = g_strdup (file->worker_name);
      row[2] = g_strdup (file->worker_id_masked ? file->worker_id_masked : "");
      row[3] = g_strdup (ud_enum_label (&ud_hardship_status_info, file->status));
      row[4] = file_category_text (file->category, file->proposed_category);
      row[5] = g_strdup (file->publicity_end ? file->publicity_end : "");
      row[6] = g_strdup (file->org_name ? file->org_name : "");
      ud_cli_table_add (table, row);
    }
  ud_cli_table_print (table);
  g_print ("\n");
  return TRUE;
}

static int
cmd_files_queue (Cli   *cli,
                 GStrv *args)
{
  g_autoptr(GError) error = NULL;
  gboolean clerk, reviewer, approver;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Shows the hardship files waiting on the roles of the --user "
                               "account: "
                               "drafts and returned files (clerk); submitted files, files being "
                               "verified, publicity over and annual reviews (reviewer); reviewed "
                               "files "
                               "(approver); then the filed households due for their yearly review "
                               "and "
                               "the publicity periods ending within 3 days."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  clerk = ud_account_has_role (cli->account, UD_ROLE_CLERK);
  reviewer = ud_account_has_role (cli->account, UD_ROLE_REVIEWER);
  approver = ud_account_has_role (cli->account, UD_ROLE_APPROVER);
  if (!clerk && !reviewer && !approver)
    {
      g_print (_("No hardship files wait on the roles of “%s”.\n"), cli->account->username);
      return UD_CLI_EXIT_OK;
    }

  if ((clerk && !print_queue (cli, _("Waiting on me as clerk"), UD_HARDSHIP_QUEUE_CLERK, &error))
      || (reviewer && !print_queue (cli, _("Waiting on me as reviewer"),
                                    UD_HARDSHIP_QUEUE_REVIEWER, &error))
      || (approver && !print_queue (cli, _("Waiting on me as approver"),
                                    UD_HARDSHIP_QUEUE_APPROVER, &error))
      || ((clerk || reviewer) && !print_queue (cli, _("Yearly reviews due"),
                                               UD_HARDSHIP_QUEUE_ANNUAL_REVIEW_DUE, &error))
      || ((clerk || reviewer) && !print_queue (cli, _("Publicity ending within 3 days"),
                                               UD_HARDSHIP_QUEUE_PUBLICITY_ENDING, &error)))
    return ud_cli_fail (error);

  return UD_CLI_EXIT_OK;
}

/* aid */

static char *
application_count_text (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u aid application",
                                       "%u aid applications", n), n);
}

/* --year: 0 for @default_year; else a year from 2000 to 2100. */
gboolean
ud_cli_check_year (Cli  *cli,
                   int  *year,
                   int   default_year,
                   int  *status)
{
  if (*year == 0)
    *year = default_year;
  if (*year < 2000 || *year > 2100)
    {
      *status = ud_cli_usage_error (cli, _("--year: give a year from 2000 to 2100"));
      return FALSE;
    }
  return TRUE;
}

int
ud_cli_current_year (void)
{
  GDate today;

  ud_date_today (&today);
  return g_date_get_year (&today);
}

static int
cmd_aid (Cli   *cli,
         GStrv *args)
{
  g_autofree char *type_name = NULL;
  g_autofree char *status_name = NULL;
  g_autofree char *batch = NULL;
  int year = 0;
  int limit = DEFAULT_SEARCH_LIMIT;
  const GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type_name,
      N_("Only this kind of aid: living, medical, education, temporary, condolence (or 医疗救助 "
         "…)"), N_("TYPE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("Only applications with this status: draft, submitted, reviewed, approved, "
         "payment_pending, paid, payment_failed, reissued, returned, rejected (or 已审批 …)"),
      N_("STATUS") },
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("Only applications for this aid year"),
      N_("YEAR") },
    { "batch", 'b', 0, G_OPTION_ARG_STRING, &batch, N_("Only applications of this batch"),
      N_("NAME") },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N applications (default: 50; 0 for all)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  static const guint max_widths[] = { 14, 14, 12, 18, 14, 12, 12, 12, 12, 16 };
  const char *headers[] = {
    _("Number"), _("Type"), _("Applicant"), _("ID number"), _("File number"), _("Requested"),
    _("Computed"), _("Approved amount"), _("Batch"), C_("aid application", "Status"), NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(Table) table = NULL;
  g_autofree char *found = NULL;
  UdAidFilter filter = { 0 };
  guint shown;
  int value;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Lists aid applications, newest first, with the requested, computed "
                               "and "
                               "approved amounts (yuan). ID numbers are masked."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  if (limit < 0)
    return ud_cli_usage_error (cli, _("--limit: give a number of applications, or 0 for all"));
  if (type_name != NULL)
    {
      if (!ud_cli_parse_enum (cli, "--type", &ud_aid_type_info, NULL, type_name, &value, &status))
        return status;
      filter.filter_type = TRUE;
      filter.type = value;
    }
  if (status_name != NULL)
    {
      if (!ud_cli_parse_enum (cli, "--status", &ud_aid_status_info, NULL, status_name, &value,
                              &status))
        return status;
      filter.filter_status = TRUE;
      filter.status = value;
    }
  if (year != 0 && !ud_cli_check_year (cli, &year, 0, &status))
    return status;
  filter.year = year;
  filter.batch = batch;

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);
  rows = ud_aid_store_list (cli->db, &filter, 0, 0, &error);
  if (rows == NULL)
    return ud_cli_fail (error);
  shown = limit > 0 ? MIN ((guint) limit, rows->len) : rows->len;

  table = ud_cli_table_new (10, headers, max_widths);
  for (guint i = 0; i < shown; i++)
    {
      UdAidApplicationRow *app = g_ptr_array_index (rows, i);
      char **row = g_new0 (char *, 11);

      row[0] = g_strdup (app->number);
      row[1] = g_strdup (ud_enum_label (&ud_aid_type_info, app->type));
      row[2] = g_strdup (app->member_name ? app->member_name : "");
      row[3] = g_strdup (app->member_id_masked ? app->member_id_masked : "");
      row[4] = g_strdup (app->file_number ? app->file_number : "");
      row[5] = ud_money_format (app->requested_fen);
      row[6] = ud_money_format (app->computed_fen);
      row[7] = ud_money_format (app->approved_fen);
      row[8] = g_strdup (app->batch ? app->batch : "");
      row[9] = g_strdup (ud_enum_label (&ud_aid_status_info, app->status));
      ud_cli_table_add (table, row);
    }

  if (shown > 0)
    ud_cli_table_print (table);

  found = application_count_text (rows->len);
  if (shown < rows->len)
    /* Translators: “Showing 50 of 120 aid applications” */
    g_print (C_("aid applications", "Showing %u of %s\n"), shown, found);
  else
    g_print (_("Found %s\n"), found);
  return UD_CLI_EXIT_OK;
}

static void
print_claims (UdAidApplication *app)
{
  static const guint max_widths[] = { 12, 10, 18, 14, 22, 12, 12, 12 };
  const char *headers[] = {
    _("Patient"), _("Relation"), _("ID number"), _("Kind"), _("Hospital"), _("Date"),
    _("Total"), _("Out of pocket"), NULL
  };
  g_autoptr(Table) table = NULL;

  if (app->claims == NULL || app->claims->len == 0)
    return;

  g_print ("\n%s\n", _("Medical claims"));
  table = ud_cli_table_new (8, headers, max_widths);
  for (guint i = 0; i < app->claims->len; i++)
    {
      UdMedicalClaim *claim = g_ptr_array_index (app->claims, i);
      char **row = g_new0 (char *, 9);

      row[0] = g_strdup (claim->patient_name);
      row[1] = g_strdup (ud_enum_label (&ud_patient_relation_info, claim->patient_relation));
      row[2] = claim->patient_id_number ? ud_mask_id_number (claim->patient_id_number)
                                        : g_strdup ("");
      row[3] = g_strdup (ud_enum_label (&ud_medical_kind_info, claim->kind));
      row[4] = g_strdup (claim->hospital ? claim->hospital : "");
      row[5] = g_strdup (ud_medical_claim_get_date (claim));
      row[6] = ud_money_format (claim->total_fen);
      row[7] = ud_money_format (claim->out_of_pocket_fen);
      ud_cli_table_add (table, row);
    }
  ud_cli_table_print (table);
}

static void
print_application_history (Cli    *cli,
                           gint64  id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = ud_aid_store_history (cli->db, id, &error);

  if (events == NULL)
    {
      ud_cli_print_error ("%s", error->message);
      return;
    }

  g_print ("\n%s\n", _("Status history"));
  for (guint i = 0; i < events->len; i++)
    {
      UdAidEvent *event = g_ptr_array_index (events, i);

      ud_cli_print_event (event->event_date,
                          event->from_status != event->to_status
                            ? ud_enum_label (&ud_aid_status_info, event->from_status) : NULL,
                          ud_enum_label (&ud_aid_status_info, event->to_status),
                          event->amount_fen, event->account_name, event->reason);
    }
}

static void
print_application (Cli              *cli,
                   UdAidApplication *app)
{
  g_autofree char *year = g_strdup_printf ("%d", app->year);
  g_autofree char *status = NULL;
  g_autofree char *status_reason = ud_cli_scrub (app->status_reason);
  g_autofree char *requested = ud_money_format_yuan (app->requested_fen);
  g_autofree char *computed = ud_money_format_yuan (app->computed_fen);
  g_autofree char *approved = NULL;
  g_autofree char *capital = NULL;
  g_autofree char *child_id = app->child_id_number ? ud_mask_id_number (app->child_id_number)
                                                   : NULL;
  g_autofree char *months = NULL;
  g_autofree char *created = ud_timestamp_to_local_display (app->created_at);
  g_autofree char *updated = ud_timestamp_to_local_display (app->updated_at);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *labels[] = {
    _("Number"), _("Type"), _("Year"), _("Batch"), _("Applicant"), _("File number"),
    C_("aid application", "Status"), _("Status reason"), _("Requested"), _("Computed"),
    _("Approved amount"), _("Approved (in capitals)"), _("Submitted on"), _("Reviewed on"),
    _("Approved on"),
    _("Policy date"), _("Child"), _("Child's ID number"), _("School"), _("Months"),
    _("Documents"), _("Review opinion"), _("Approval opinion"), _("Note"), _("Created"),
    _("Last changed"),
  };
  const char *values[G_N_ELEMENTS (labels)];

  if (app->status_date != NULL)
    status = g_strdup_printf (_("%s (since %s)"), ud_enum_label (&ud_aid_status_info, app->status),
                              app->status_date);
  else
    status = g_strdup (ud_enum_label (&ud_aid_status_info, app->status));
  if (ud_aid_status_is_granted (app->status))
    approved = ud_money_format_yuan (app->approved_fen);
  else if (app->status == UD_AID_STATUS_REVIEWED)
    {
      g_autofree char *amount = ud_money_format_yuan (app->approved_fen);

      /* Translators: the reviewer's recommendation, not approved yet: “¥2,000.00 (recommended)” */
      approved = g_strdup_printf (_("%s (recommended)"), amount);
    }
  if (approved != NULL)
    capital = ud_money_to_chinese_capital (app->approved_fen);
  if (app->type == UD_AID_TYPE_LIVING)
    /* Translators: living relief months, “3 requested, 3 granted” */
    months = g_strdup_printf (_("%d requested, %d granted"), app->living_months,
                              app->granted_months);

  values[0] = app->number;
  values[1] = ud_enum_label (&ud_aid_type_info, app->type);
  values[2] = year;
  values[3] = app->batch;
  values[4] = app->member_name;
  values[5] = app->file_number;
  values[6] = status;
  values[7] = status_reason;
  values[8] = requested;
  values[9] = computed;
  values[10] = approved;
  values[11] = capital;
  values[12] = app->submitted_date;
  values[13] = app->reviewed_date;
  values[14] = app->approved_date;
  values[15] = app->policy_date;
  values[16] = app->child_name;
  values[17] = child_id;
  values[18] = app->school;
  values[19] = months;
  values[20] = app->documents;
  values[21] = app->review_opinion;
  values[22] = app->approval_opinion;
  values[23] = app->note;
  values[24] = created;
  values[25] = updated;

  ud_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
  print_claims (app);
  print_policy_snapshot (app->policy_snapshot);

  g_print ("\n%s\n", _("Computation"));
  lines = ud_aid_application_explain (app, &error);
  if (lines == NULL)
    g_print ("  %s\n", _("Not computed yet (it is computed at review)."));
  else
    for (guint i = 0; i < lines->len; i++)
      {
        g_autofree char *line = ud_cli_scrub (g_ptr_array_index (lines, i));

        g_print ("  %s\n", line);
      }

  print_application_history (cli, app->id);
}

static int
cmd_aid_show (Cli   *cli,
              GStrv *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(UdAidApplication) app = NULL;
  gint64 id = 0;
  int status;

  if (!ud_cli_parse_options (cli, NULL,
                             _("Shows one aid application: the amounts, the medical claims, the "
                               "computation line by line and the status history."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 1, 1, _("Give the application number (JZ2026-00001)"),
                                  &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error))
    return ud_cli_fail (error);

  rows = ud_aid_store_list (cli->db, NULL, 0, 0, &error);
  if (rows == NULL)
    return ud_cli_fail (error);
  for (guint i = 0; i < rows->len && id == 0; i++)
    {
      UdAidApplicationRow *row = g_ptr_array_index (rows, i);

      if (g_ascii_strcasecmp (row->number, (*args)[1]) == 0)
        id = row->id;
    }
  if (id == 0)
    {
      ud_cli_print_error (_("There is no aid application numbered “%s”"), (*args)[1]);
      return UD_CLI_EXIT_FAILED;
    }

  app = ud_aid_store_get (cli->db, id, &error);
  if (app == NULL)
    return ud_cli_fail (error);

  print_application (cli, app);
  return UD_CLI_EXIT_OK;
}

/* condolence */

static int
cmd_condolence_create (Cli   *cli,
                       GStrv *args)
{
  g_autofree char *batch = NULL;
  int year = 0;
  const GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("The aid year (default: this year)"),
      N_("YEAR") },
    { "batch", 'b', 0, G_OPTION_ARG_STRING, &batch,
      N_("The name of the batch, e.g. 2027春节送温暖 (required)"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *total = NULL;
  g_autofree char *in_batch = NULL;
  UdAidFilter filter = { 0 };
  gint64 total_fen = 0;
  guint n_created = 0;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Creates a Spring Festival condolence (送温暖) application for every "
                               "filed household that has none in the batch yet, with the amount of "
                               "its "
                               "category from the policy in force today. Clerks only."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  if (batch == NULL || *batch == '\0')
    return ud_cli_usage_error (cli, _("--batch: give the name of the batch"));
  if (!ud_cli_check_year (cli, &year, ud_cli_current_year (), &status))
    return status;

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error)
      || !ud_aid_store_create_condolence_batch (cli->db, cli->account, year, batch, &n_created,
                                                &error))
    return ud_cli_fail (error);

  filter.batch = batch;
  filter.year = year;
  rows = ud_aid_store_list (cli->db, &filter, 0, 0, &error);
  if (rows == NULL)
    return ud_cli_fail (error);
  for (guint i = 0; i < rows->len; i++)
    total_fen += ((UdAidApplicationRow *) g_ptr_array_index (rows, i))->requested_fen;

  total = ud_money_format_yuan (total_fen);
  in_batch = application_count_text (rows->len);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Created %u condolence application in “%s”.\n",
                        "Created %u condolence applications in “%s”.\n", n_created),
           n_created, batch);
  /* Translators: “The batch now has 12 aid applications, ¥18,000.00 requested in all.” */
  g_print (_("The batch now has %s, %s requested in all.\n"), in_batch, total);
  return UD_CLI_EXIT_OK;
}

typedef gboolean (*BatchStep) (UdDatabase      *db,
                               const UdAccount *actor,
                               const char      *batch,
                               guint           *n_done,
                               GError         **error);

/* condolence submit / review: --batch NAME, then @step on the whole batch as the logged-in
 * account. On success *@batch_out and *@n_done say what was done, for the caller's message. */
static int
run_batch_step (Cli         *cli,
                GStrv       *args,
                const char  *description,
                BatchStep    step,
                char       **batch_out,
                guint       *n_done)
{
  g_autofree char *batch = NULL;
  const GOptionEntry entries[] = {
    { "batch", 'b', 0, G_OPTION_ARG_STRING, &batch, N_("The name of the batch (required)"),
      N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  int status;

  if (!ud_cli_parse_options (cli, entries, description, args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  if (batch == NULL || *batch == '\0')
    return ud_cli_usage_error (cli, _("--batch: give the name of the batch"));

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error)
      || !step (cli->db, cli->account, batch, n_done, &error))
    return ud_cli_fail (error);

  *batch_out = g_steal_pointer (&batch);
  return UD_CLI_EXIT_OK;
}

static int
cmd_condolence_submit (Cli   *cli,
                       GStrv *args)
{
  g_autofree char *batch = NULL;
  guint n = 0;
  int status = run_batch_step (cli, args,
                               _("Submits every draft or returned application of the batch for "
                                 "review, all or none. Clerks only."),
                               ud_aid_store_submit_batch, &batch, &n);

  if (status == UD_CLI_EXIT_OK && batch != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Submitted %u application of “%s”.\n",
                          "Submitted %u applications of “%s”.\n", n), n, batch);
  return status;
}

static int
cmd_condolence_review (Cli   *cli,
                       GStrv *args)
{
  g_autofree char *batch = NULL;
  guint n = 0;
  int status = run_batch_step (cli, args,
                               _("Reviews every submitted application of the batch: the rules "
                                 "compute each amount as the recommendation, all or none. "
                                 "Reviewers only."),
                               ud_aid_store_review_batch, &batch, &n);

  if (status == UD_CLI_EXIT_OK && batch != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Reviewed %u application of “%s”.\n",
                          "Reviewed %u applications of “%s”.\n", n), n, batch);
  return status;
}

/* report */

static void
print_report (const UdStatistics *statistics)
{
  static const guint count_widths[] = { 40, 10 };
  static const guint aid_widths[] = { 20, 12, 12, 16 };
  const char *category_headers[] = { _("Category"), _("Files"), NULL };
  const char *cause_headers[] = { _("Main cause"), _("Files"), NULL };
  const char *type_headers[] = { _("Type"), _("Applications"), _("Granted"),
                                 _("Approved amount"), NULL };
  const char *month_headers[] = { _("Month"), _("Applications"), _("Granted"),
                                  _("Approved amount"), NULL };
  const UdFileStatistics *files = &statistics->files;
  const UdAidStatistics *aid = &statistics->aid;
  g_autoptr(Table) categories = ud_cli_table_new (2, category_headers, count_widths);
  g_autoptr(Table) causes = ud_cli_table_new (2, cause_headers, count_widths);
  g_autoptr(Table) types = ud_cli_table_new (4, type_headers, aid_widths);
  g_autoptr(Table) months = ud_cli_table_new (4, month_headers, aid_widths);
  guint all_applications = 0, all_approved = 0;
  gint64 all_fen = 0;
  char **total;

  /* Translators: “Hardship files in force on 2026-11-26: 12” */
  g_print (_("Hardship files in force on %s: %u\n"), files->on_date, files->total);
  g_print ("\n");
  for (guint i = 0; i < UD_STATISTICS_N_CATEGORIES; i++)
    {
      char **row = g_new0 (char *, 3);

      row[0] = g_strdup (ud_enum_label (&ud_hardship_category_info, (int) i));
      row[1] = g_strdup_printf ("%u", files->by_category[i]);
      ud_cli_table_add (categories, row);
    }
  ud_cli_table_print (categories);
  g_print ("\n");
  for (guint i = 0; i < UD_STATISTICS_N_CAUSES; i++)
    {
      char **row = g_new0 (char *, 3);

      row[0] = g_strdup (ud_enum_label (&ud_hardship_cause_info, (int) i));
      row[1] = g_strdup_printf ("%u", files->by_cause[i]);
      ud_cli_table_add (causes, row);
    }
  ud_cli_table_print (causes);

  g_print ("\n");
  /* Translators: “Aid applications in 2026” */
  g_print (_("Aid applications in %d\n"), aid->year);
  g_print ("\n");
  for (guint t = 0; t < UD_STATISTICS_N_AID_TYPES; t++)
    {
      char **row = g_new0 (char *, 5);
      guint approved = 0;

      for (guint m = 0; m < UD_STATISTICS_N_MONTHS; m++)
        approved += aid->approved[t][m];
      row[0] = g_strdup (ud_enum_label (&ud_aid_type_info, (int) t));
      row[1] = g_strdup_printf ("%u", ud_aid_statistics_applications_total (aid, (int) t));
      row[2] = g_strdup_printf ("%u", approved);
      row[3] = ud_money_format (ud_aid_statistics_approved_total (aid, (int) t));
      ud_cli_table_add (types, row);
      all_applications += ud_aid_statistics_applications_total (aid, (int) t);
      all_approved += approved;
      all_fen += ud_aid_statistics_approved_total (aid, (int) t);
    }
  total = g_new0 (char *, 5);
  total[0] = g_strdup (_("Total"));
  total[1] = g_strdup_printf ("%u", all_applications);
  total[2] = g_strdup_printf ("%u", all_approved);
  total[3] = ud_money_format (all_fen);
  ud_cli_table_add (types, total);
  ud_cli_table_print (types);
  g_print ("\n");

  for (guint m = 0; m < UD_STATISTICS_N_MONTHS; m++)
    {
      char **row = g_new0 (char *, 5);
      guint applications = 0, approved = 0;

      for (guint t = 0; t < UD_STATISTICS_N_AID_TYPES; t++)
        {
          applications += aid->applications[t][m];
          approved += aid->approved[t][m];
        }
      row[0] = g_strdup_printf ("%d-%02u", aid->year, m + 1);
      row[1] = g_strdup_printf ("%u", applications);
      row[2] = g_strdup_printf ("%u", approved);
      row[3] = ud_money_format (ud_aid_statistics_month_total (aid, (int) m));
      ud_cli_table_add (months, row);
    }
  ud_cli_table_print (months);
}

static int
cmd_report (Cli   *cli,
            GStrv *args)
{
  g_autofree char *xlsx = NULL;
  int year = 0;
  const GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("The year (default: this year)"),
      N_("YEAR") },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx, N_("Also write the statistics to this XLSX file"),
      N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree UdStatistics *statistics = g_new0 (UdStatistics, 1);
  GDate today, on_date;
  int status;

  if (!ud_cli_parse_options (cli, entries,
                             _("Prints the statistics of the year: hardship files in force on its "
                               "last "
                               "day (today, for this year) by category and main cause; aid "
                               "applications "
                               "and approved amounts (yuan) by type and month, with totals."),
                             args, &status)
      || !ud_cli_check_arguments (cli, *args, 0, 0, NULL, &status))
    return status;
  if (!ud_cli_check_year (cli, &year, ud_cli_current_year (), &status))
    return status;

  ud_date_today (&today);
  g_date_clear (&on_date, 1);
  g_date_set_dmy (&on_date, 31, G_DATE_DECEMBER, (GDateYear) year);
  if (g_date_compare (&on_date, &today) > 0)
    on_date = today;

  if (!ud_cli_open_database (cli, FALSE, &error) || !ud_cli_login (cli, &error)
      || !ud_statistics_files (cli->db, &on_date, &statistics->files, &error)
      || !ud_statistics_aid (cli->db, year, &statistics->aid, &error))
    return ud_cli_fail (error);

  print_report (statistics);

  if (xlsx != NULL)
    {
      if (!ud_statistics_export_xlsx (statistics, xlsx, &error))
        return ud_cli_fail (error);
      g_print ("\n");
      g_print (_("The statistics were written to “%s”.\n"), xlsx);
    }

  return UD_CLI_EXIT_OK;
}

static const Command commands[] = {
  { "demo", "", N_("Fill a database with made-up members, unions and employers (--members N)"),
    cmd_demo },
  { "import", N_("FILE"), N_("Import a member roster (CSV)"), cmd_import },
  { "export", N_("FILE"), N_("Export members as CSV or XLSX"), cmd_export },
  { "search", N_("[TEXT]"),
    N_("Find members by name, ID number, mobile, card number or employer"), cmd_search },
  { "members show", N_("ID_NUMBER"), N_("Show one member in full, with the history"),
    cmd_members_show },
  { "orgs", "", N_("List the organisation tree"), cmd_orgs },
  { "orgs add", N_("NAME"), N_("Add a union or federation to the tree"), cmd_orgs_add },
  { "employers", N_("[TEXT]"), N_("List employers"), cmd_employers },
  { "status", "", N_("Show the database, member counts and changes waiting for upload"),
    cmd_status },
  { "init", "", N_("Create the first administrator of a new database (--user, --name)"),
    cmd_init },
  { "passwd", "", N_("Change the password of the --user account"), cmd_passwd },
  { "accounts", "", N_("List the accounts"), cmd_accounts },
  { "accounts add", N_("NAME"), N_("Create an account (--roles clerk,approver)"),
    cmd_accounts_add },
  { "accounts set", N_("NAME"), N_("Change an account's roles or name, or (de)activate it"),
    cmd_accounts_set },
  { "accounts reset-password", N_("NAME"), N_("Set a new password for an account"),
    cmd_accounts_reset_password },
  { "verify", "", N_("Check the database file and the audit trail (exit status 1 when broken)"),
    cmd_verify },
  { "audit", "", N_("List the audit trail (--user, --record, --action, --from, --to)"),
    cmd_audit },
  { "backup", N_("FILE"), N_("Copy the database to a backup file"), cmd_backup },
  { "restore", N_("FILE"), N_("Replace the database with a backup (the old one is kept)"),
    cmd_restore },
  { "policy", "", N_("List the policy values (低保 standards, thresholds, caps, amounts)"),
    cmd_policy },
  { "policy set", N_("NAME VALUE"), N_("Set a policy value from a date (--from DATE)"),
    cmd_policy_set },
  { "files", N_("[TEXT]"), N_("List hardship files (--status, --category)"), cmd_files },
  { "files show", N_("FILE_NUMBER"),
    N_("Show one hardship file: household, figures, policy values, history"), cmd_files_show },
  { "files queue", "", N_("Show the hardship files waiting on your roles"), cmd_files_queue },
  { "aid", "", N_("List aid applications (--type, --status, --year, --batch)"), cmd_aid },
  { "aid show", N_("NUMBER"),
    N_("Show one aid application with its claims, computation and history"), cmd_aid_show },
  { "condolence create", "",
    N_("Create the Spring Festival condolence batch (--year, --batch)"), cmd_condolence_create },
  { "condolence submit", "", N_("Submit a condolence batch for review (--batch)"),
    cmd_condolence_submit },
  { "condolence review", "", N_("Review a condolence batch (--batch)"), cmd_condolence_review },
  { "report", "", N_("Print the statistics of hardship files and aid (--year, --xlsx FILE)"),
    cmd_report },
  { "payouts", N_("[TEXT]"), N_("List the payout lines (--status, --fund, --batch)"),
    ud_cli_cmd_payouts },
  { "payout account", N_("NUMBER"),
    N_("Enter or correct the bank account or the fund of a payout"), ud_cli_cmd_payout_account },
  { "payout reissue", N_("NUMBER"), N_("Pay a failed payout again"), ud_cli_cmd_payout_reissue },
  { "batches", "", N_("List the payout batches"), ud_cli_cmd_batches },
  { "batch create", N_("[NUMBER…]"), N_("Put payouts in a new batch (--all)"),
    ud_cli_cmd_batch_create },
  { "batch show", N_("BATCH"), N_("Show a payout batch with its lines"), ud_cli_cmd_batch_show },
  { "batch export", N_("BATCH FILE"), N_("Write the bank transfer file of a batch (CSV or XLSX)"),
    ud_cli_cmd_batch_export },
  { "batch import-return", N_("BATCH FILE"), N_("Record the bank's return file of a batch"),
    ud_cli_cmd_batch_import_return },
  { "batch record", N_("NUMBER"), N_("Record one payout as paid or failed (--paid, --failed)"),
    ud_cli_cmd_batch_record },
  { "books", "", N_("Print the payout books of a month or year (--year, --month, --xlsx, --pdf)"),
    ud_cli_cmd_books },
  { "sync", "", N_("Send the waiting changes to the city union (--token-file FILE)"),
    ud_cli_cmd_sync },
  { "sync status", "", N_("Show the sync state: waiting, rejected, last run (--problems)"),
    ud_cli_cmd_sync_status },
  { "sync setup", "", N_("Set the city server address, CA file, interval, office id (admin)"),
    ud_cli_cmd_sync_setup },
  { "sync export-bundle", N_("FILE"), N_("Write the waiting changes to a bundle file to carry"),
    ud_cli_cmd_sync_export_bundle },
  { "sync upload-bundle", N_("FILE"), N_("Send a bundle from a connected machine; writes FILE.ack"),
    ud_cli_cmd_sync_upload_bundle },
  { "sync import-acks", N_("FILE.ack"), N_("Apply the server's answers to an uploaded bundle"),
    ud_cli_cmd_sync_import_acks },
  { "insurance plans", "", N_("List the mutual-insurance plans (--benefits)"),
    ud_cli_cmd_insurance_plans },
  { "insurance plan-set", N_("PLAN"),
    N_("Change a mutual-insurance plan: price, shares, ages, waiting period, benefits, caps"),
    ud_cli_cmd_insurance_plan_set },
  { "insurance enroll", "",
    N_("Enrol members of a union in a plan (--plan, --org, --all, --shares, --payer, --year)"),
    ud_cli_cmd_insurance_enroll },
  { "insurance pay-premium", N_("ROSTER"), N_("Record the premium payment of a roster (--date)"),
    ud_cli_cmd_insurance_pay_premium },
  { "insurance enrollments", N_("[TEXT]"),
    N_("List enrollments (--roster, --plan, --status, --year)"), ud_cli_cmd_insurance_enrollments },
  { "insurance claim-report", N_("ID_NUMBER"),
    N_("Report a mutual-insurance claim (--plan, --event, --date)"),
    ud_cli_cmd_insurance_claim_report },
  { "insurance claims", N_("[TEXT]"), N_("List mutual-insurance claims (--status)"),
    ud_cli_cmd_insurance_claims },
  { "insurance claim", N_("NUMBER"), N_("Show a claim with its computation and history"),
    ud_cli_cmd_insurance_claim },
  { "insurance claim-step", N_("NUMBER"),
    N_("Move a claim on: documents, assess, approve or reject (--action)"),
    ud_cli_cmd_insurance_claim_step },
};

static void
print_commands (void)
{
  g_autofree char *default_path = ud_database_default_path ();
  guint width = 0;

  g_print (_("Usage: %s [--db PATH] COMMAND [OPTION…]\n\n"), PROGRAM_NAME);
  g_print (_("Union Desk on the command line: members, unions and employers in the same "
             "database as the app.\n\n"));
  g_print ("%s\n", _("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name,
                                                *commands[i].arguments ? _(commands[i].arguments)
                                                                       : "");
      width = MAX (width, ud_cli_display_width (usage));
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GString) line = g_string_new ("  ");
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name,
                                                *commands[i].arguments ? _(commands[i].arguments)
                                                                       : "");

      append_cell (line, usage, width, TRUE);
      g_string_append (line, "  ");
      g_string_append (line, _(commands[i].summary));
      g_print ("%s\n", line->str);
    }

  g_print ("\n%s\n", _("Options:"));
  g_print (_("  --db PATH    The database file (default: %s)\n"), default_path);
  g_print (_("  --user NAME  The account to act as; its password is asked for, or read from\n"
             "               --password-fd FD or the first line of standard input, never from\n"
             "               the command line\n"));
  g_print (_("  --version    Show the version\n"));
  g_print (_("  --help       Show this help\n\n"));
  g_print (_("Run “%s COMMAND --help” for the options of a command.\n"), PROGRAM_NAME);
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

/* A copy of @argv without the words at @skip_from … @skip_from + @n_skip - 1. */
static GStrv
args_without (int          argc,
              char       **argv,
              int          skip_from,
              int          n_skip)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv args;

  for (int i = 0; i < argc; i++)
    if (i < skip_from || i >= skip_from + n_skip)
      g_strv_builder_add (builder, argv[i]);

  args = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return args;
}

static int
run (Cli   *cli,
     int    argc,
     char **argv)
{
  g_autofree char *name = NULL;
  g_auto(GStrv) args = NULL;
  gboolean help_first = FALSE;
  int n_words = 1;
  int i;

  /* The global options before the command. */
  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (arg[0] != '-' || strcmp (arg, "-") == 0)
        break;
      if (strcmp (arg, "--") == 0)
        {
          i++;
          break;
        }
      if (strcmp (arg, "--db") == 0)
        {
          if (i + 1 >= argc)
            return ud_cli_usage_error (cli, _("--db: give the database file"));
          i++;
        }
      else if (g_str_has_prefix (arg, "--db=") || g_str_has_prefix (arg, "--user=")
               || g_str_has_prefix (arg, "--password-fd="))
        continue;
      else if (strcmp (arg, "--user") == 0 || strcmp (arg, "-U") == 0
               || strcmp (arg, "--password-fd") == 0)
        {
          if (i + 1 >= argc)
            return ud_cli_usage_error (cli, _("%s: give a value"), arg);
          i++;
        }
      else if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0 || strcmp (arg, "-?") == 0)
        help_first = TRUE;
      else if (strcmp (arg, "--version") == 0)
        {
          g_print ("%s %s\n", PROGRAM_NAME, UD_VERSION);
          return UD_CLI_EXIT_OK;
        }
      else
        return ud_cli_usage_error (cli, _("Unknown option %s (it goes after the command)"), arg);
    }

  if (i >= argc)
    {
      if (help_first)
        {
          print_commands ();
          return UD_CLI_EXIT_OK;
        }
      return ud_cli_usage_error (cli, _("Give a command"));
    }

  if (strcmp (argv[i], "help") == 0)
    {
      const Command *command = NULL;

      if (i + 1 < argc)
        {
          g_autofree char *two = i + 2 < argc ? g_strdup_printf ("%s %s", argv[i + 1],
                                                                 argv[i + 2])
                                              : NULL;

          command = two ? find_command (two) : NULL;
          if (command == NULL)
            command = find_command (argv[i + 1]);
          if (command == NULL)
            return ud_cli_usage_error (cli, _("Unknown command “%s”"), argv[i + 1]);
        }
      if (command == NULL)
        {
          print_commands ();
          return UD_CLI_EXIT_OK;
        }
      cli->command = command;
      cli->show_help = TRUE;
      args = g_strdupv ((char *[]) { argv[0], NULL });
      return command->run (cli, &args);
    }

  /* Commands of two words. */
  if (strcmp (argv[i], "members") == 0)
    {
      if (i + 1 >= argc || strcmp (argv[i + 1], "show") != 0)
        return ud_cli_usage_error (cli, _("members: use “%s members show ID_NUMBER”"),
                                   PROGRAM_NAME);
      n_words = 2;
    }
  else if (i + 1 < argc)
    {
      g_autofree char *two = g_strdup_printf ("%s %s", argv[i], argv[i + 1]);

      if (find_command (two) != NULL)
        n_words = 2;
    }

  name = n_words == 2 ? g_strdup_printf ("%s %s", argv[i], argv[i + 1]) : g_strdup (argv[i]);
  cli->command = find_command (name);
  if (cli->command == NULL)
    return ud_cli_usage_error (cli, _("Unknown command “%s”"), name);

  args = args_without (argc, argv, i, n_words);
  cli->n_global_args = i - 1;
  cli->show_help = help_first;
  return cli->command->run (cli, &args);
}

int
ud_cli_main (int    argc,
             char **argv)
{
  Cli cli = { 0 };
  int status;

  cli.progress_tty = isatty (STDERR_FILENO);
  cli.password_fd = -1;
  status = run (&cli, argc, argv);

  g_clear_pointer (&cli.account, ud_account_free);
  g_clear_pointer (&cli.user, g_free);
  g_clear_object (&cli.db);
  g_clear_pointer (&cli.db_path, g_free);
  g_clear_pointer (&cli.default_path, g_free);
  return status;
}
