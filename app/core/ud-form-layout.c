/* ud-form-layout.c — a printed form (登记表, 审批表) described as data, and its builders
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The builders read the records through the stores and lay them out as the paper forms that
 * offices file: a label cell before each value, tinted; tables with a heading row; opinions
 * with room to write, a signature line and a date. Labels are translated (the Chinese catalogue
 * gives the wording of the paper forms); the amount in capital numerals is Chinese in every
 * locale, as it only exists in Chinese. */
#define G_LOG_DOMAIN "ud-form-layout"

#include <string.h>

#include "ud-aid-store.h"
#include "ud-error.h"
#include "ud-form-layout.h"
#include "ud-hardship-store.h"
#include "ud-i18n.h"
#include "ud-id-number.h"
#include "ud-mask.h"
#include "ud-member-store.h"
#include "ud-money.h"

/* The room left for a handwritten opinion. */
#define OPINION_HEIGHT_MM 24.0

static void
form_cell_free (gpointer data)
{
  UdFormCell *cell = data;

  g_free (cell->text);
  g_free (cell->signature);
  g_free (cell->date);
  g_free (cell);
}

static void
form_row_free (gpointer data)
{
  UdFormRow *row = data;

  g_ptr_array_unref (row->cells);
  g_free (row);
}

static void
form_section_free (gpointer data)
{
  UdFormSection *section = data;

  g_free (section->title);
  g_ptr_array_unref (section->rows);
  g_free (section);
}

UdFormLayout *
ud_form_layout_new (const char *title)
{
  UdFormLayout *layout = g_new0 (UdFormLayout, 1);

  layout->title = g_strdup (title != NULL ? title : "");
  layout->sections = g_ptr_array_new_with_free_func (form_section_free);
  return layout;
}

void
ud_form_layout_free (UdFormLayout *layout)
{
  if (layout == NULL)
    return;

  g_free (layout->title);
  g_free (layout->header_left);
  g_free (layout->header_right);
  g_ptr_array_unref (layout->sections);
  g_free (layout->note);
  g_free (layout->footer);
  g_free (layout->number);
  g_free (layout);
}

UdFormSection *
ud_form_layout_add_section (UdFormLayout *layout,
                            const char   *title,
                            guint         n_columns,
                            const double *widths)
{
  UdFormSection *section;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (n_columns >= 1 && n_columns <= UD_FORM_MAX_COLUMNS, NULL);

  section = g_new0 (UdFormSection, 1);
  section->title = g_strdup (title);
  section->n_columns = n_columns;
  for (guint i = 0; i < n_columns; i++)
    section->widths[i] = widths != NULL ? MAX (widths[i], 0.1) : 1.0;
  section->rows = g_ptr_array_new_with_free_func (form_row_free);
  g_ptr_array_add (layout->sections, section);
  return section;
}

UdFormRow *
ud_form_section_add_row (UdFormSection *section)
{
  UdFormRow *row;

  g_return_val_if_fail (section != NULL, NULL);

  row = g_new0 (UdFormRow, 1);
  row->cells = g_ptr_array_new_with_free_func (form_cell_free);
  g_ptr_array_add (section->rows, row);
  return row;
}

UdFormCell *
ud_form_row_add_cell (UdFormRow       *row,
                      UdFormCellFlags  flags,
                      guint            span,
                      const char      *key,
                      const char      *text)
{
  UdFormCell *cell;

  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (span >= 1, NULL);

  cell = g_new0 (UdFormCell, 1);
  cell->key = key;
  cell->text = g_strdup (text != NULL ? text : "");
  cell->span = span;
  cell->flags = flags;
  g_ptr_array_add (row->cells, cell);
  return cell;
}

const UdFormCell *
ud_form_layout_find_cell (const UdFormLayout *layout,
                          const char         *key)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint s = 0; s < layout->sections->len; s++)
    {
      UdFormSection *section = g_ptr_array_index (layout->sections, s);

      for (guint r = 0; r < section->rows->len; r++)
        {
          UdFormRow *row = g_ptr_array_index (section->rows, r);

          for (guint c = 0; c < row->cells->len; c++)
            {
              UdFormCell *cell = g_ptr_array_index (row->cells, c);

              if (cell->key != NULL && g_str_equal (cell->key, key))
                return cell;
            }
        }
    }
  return NULL;
}

gboolean
ud_form_layout_check (const UdFormLayout *layout)
{
  g_return_val_if_fail (layout != NULL, FALSE);

  for (guint s = 0; s < layout->sections->len; s++)
    {
      UdFormSection *section = g_ptr_array_index (layout->sections, s);

      if (section->n_repeat_rows > section->rows->len)
        return FALSE;
      for (guint r = 0; r < section->rows->len; r++)
        {
          UdFormRow *row = g_ptr_array_index (section->rows, r);
          guint columns = 0;

          for (guint c = 0; c < row->cells->len; c++)
            columns += ((UdFormCell *) g_ptr_array_index (row->cells, c))->span;
          if (columns != section->n_columns)
            return FALSE;
        }
    }
  return TRUE;
}

char *
ud_form_layout_dup_text (const UdFormLayout *layout)
{
  GString *text;

  g_return_val_if_fail (layout != NULL, NULL);

  text = g_string_new (layout->title);
  g_string_append_c (text, '\n');
  if (layout->header_left != NULL)
    g_string_append_printf (text, "%s\n", layout->header_left);
  if (layout->header_right != NULL)
    g_string_append_printf (text, "%s\n", layout->header_right);

  for (guint s = 0; s < layout->sections->len; s++)
    {
      UdFormSection *section = g_ptr_array_index (layout->sections, s);

      if (section->title != NULL)
        g_string_append_printf (text, "%s\n", section->title);
      for (guint r = 0; r < section->rows->len; r++)
        {
          UdFormRow *row = g_ptr_array_index (section->rows, r);

          for (guint c = 0; c < row->cells->len; c++)
            {
              UdFormCell *cell = g_ptr_array_index (row->cells, c);

              g_string_append_printf (text, "%s\n", cell->text);
              if (cell->signature != NULL)
                g_string_append_printf (text, "%s\n", cell->signature);
              if (cell->date != NULL)
                g_string_append_printf (text, "%s\n", cell->date);
            }
        }
    }

  if (layout->note != NULL)
    g_string_append_printf (text, "%s\n", layout->note);
  if (layout->footer != NULL)
    g_string_append_printf (text, "%s\n", layout->footer);
  return g_string_free (text, FALSE);
}

/* Capital numerals */

static const char *const capital_digits[] = {
  "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
};
static const char *const capital_units[] = { "", "拾", "佰", "仟" };
/* Groups of four digits: 万, 亿, then 万亿 and 亿亿 for what a gint64 can still hold. */
static const char *const capital_groups[] = { "", "万", "亿", "万亿", "亿亿" };

/* Appends the whole yuan @yuan (> 0) the way cheques write it: one 零 for each run of zeros
 * between digits, none at the end, and 壹拾 rather than 拾. */
static void
append_capital_yuan (GString *out,
                     guint64  yuan)
{
  guint groups[G_N_ELEMENTS (capital_groups)] = { 0, };
  gboolean zero_pending = FALSE;
  int n_groups = 0;

  while (yuan > 0)
    {
      g_assert ((guint) n_groups < G_N_ELEMENTS (capital_groups));
      groups[n_groups++] = (guint) (yuan % 10000);
      yuan /= 10000;
    }

  for (int g = n_groups - 1; g >= 0; g--)
    {
      guint value = groups[g];
      gboolean written = FALSE;

      if (value == 0)
        {
          zero_pending = out->len > 0;
          continue;
        }

      /* Zeros before this group's first digit: a skipped group, or a group below 1000. */
      if (out->len > 0 && (zero_pending || value < 1000))
        g_string_append (out, capital_digits[0]);
      zero_pending = FALSE;

      for (int pos = 3; pos >= 0; pos--)
        {
          guint divisor = pos == 3 ? 1000 : pos == 2 ? 100 : pos == 1 ? 10 : 1;
          guint digit = (value / divisor) % 10;

          if (digit == 0)
            {
              zero_pending = written;
              continue;
            }
          if (zero_pending)
            g_string_append (out, capital_digits[0]);
          zero_pending = FALSE;
          g_string_append (out, capital_digits[digit]);
          g_string_append (out, capital_units[pos]);
          written = TRUE;
        }
      /* Zeros at the end of a group are said by the next group, if any. */
      zero_pending = FALSE;
      g_string_append (out, capital_groups[g]);
    }
}

char *
ud_money_to_chinese_capital (gint64 fen)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude;
  guint64 yuan;
  guint jiao, cents;

  if (fen < 0)
    {
      g_string_append (out, "负");
      magnitude = (guint64) (-(fen + 1)) + 1;
    }
  else
    magnitude = (guint64) fen;

  yuan = magnitude / 100;
  jiao = (guint) (magnitude / 10 % 10);
  cents = (guint) (magnitude % 10);

  if (yuan == 0 && jiao == 0 && cents == 0)
    {
      g_string_append (out, "零元整");
      return g_string_free (out, FALSE);
    }

  if (yuan > 0)
    {
      gsize start = out->len;
      g_autoptr(GString) digits = g_string_new (NULL);

      append_capital_yuan (digits, yuan);
      g_string_insert (out, (gssize) start, digits->str);
      g_string_append (out, "元");
      if (jiao == 0 && cents == 0)
        {
          g_string_append (out, "整");
          return g_string_free (out, FALSE);
        }
      if (jiao == 0)
        g_string_append (out, capital_digits[0]);
    }

  if (jiao > 0)
    {
      g_string_append (out, capital_digits[jiao]);
      g_string_append (out, "角");
    }
  if (cents > 0)
    {
      g_string_append (out, capital_digits[cents]);
      g_string_append (out, "分");
    }
  return g_string_free (out, FALSE);
}

/* Shared pieces of the builders */

static char *
ud_form_money_text (gint64 fen)
{
  g_autofree char *amount = ud_money_format (fen);

  /* Translators: an amount on a printed form; %s is the number, like 1,234.56 */
  return g_strdup_printf (_("%s yuan"), amount);
}

static void
ud_form_add_pair (UdFormRow  *row,
                  const char *label,
                  const char *key,
                  const char *value,
                  guint       span)
{
  ud_form_row_add_cell (row, UD_FORM_CELL_LABEL, 1, NULL, label);
  ud_form_row_add_cell (row, UD_FORM_CELL_VALUE, span, key, value);
}

static void
ud_form_add_money_pair (UdFormRow  *row,
                        const char *label,
                        const char *key,
                        gint64      fen,
                        guint       span)
{
  g_autofree char *text = ud_form_money_text (fen);

  ud_form_row_add_cell (row, UD_FORM_CELL_LABEL, 1, NULL, label);
  ud_form_row_add_cell (row, UD_FORM_CELL_NUMBER, span, key, text);
}

static void
ud_form_add_opinion (UdFormSection *section,
                     const char    *label,
                     const char    *key,
                     const char    *opinion,
                     const char    *date)
{
  UdFormRow *row = ud_form_section_add_row (section);
  UdFormCell *cell;

  row->min_height_mm = OPINION_HEIGHT_MM;
  ud_form_row_add_cell (row, UD_FORM_CELL_LABEL, 1, NULL, label);
  cell = ud_form_row_add_cell (row, UD_FORM_CELL_OPINION, section->n_columns - 1, key, opinion);
  /* Translators: the line on a printed form where a person signs and stamps an opinion */
  cell->signature = g_strdup (_("Signature (seal):"));
  cell->date = g_strdup (date);
}

static char *
ud_form_account_name (UdDatabase *db,
                      gint64      account_id)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  if (account_id <= 0)
    return NULL;

  stmt = ud_database_prepare (db, "SELECT display_name FROM account WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = ud_stmt_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return name;
}

static void
ud_form_set_footer (UdFormLayout *layout,
                    const char   *clerk)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M");

  /* Translators: the footer of a printed form; the first %s is the date and time of printing,
   * the second the clerk (经办人) who entered the record */
  layout->footer = g_strdup_printf (_("Printed: %s        Clerk: %s"), stamp,
                                    clerk != NULL ? clerk : "");
}

static const char *
label_or_blank (const UdEnumInfo *info,
                int               value,
                int               blank_value)
{
  return value == blank_value ? "" : ud_enum_label (info, value);
}

/* "■ ID card    □ Household register …": the checklist as ticked on paper. */
static char *
checklist_text (const UdEnumInfo *info,
                guint             bits)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < info->n_values; i++)
    {
      if (text->len > 0)
        g_string_append (text, "    ");
      g_string_append (text, bits & (1u << i) ? "■ " : "□ ");
      g_string_append (text, ud_enum_label (info, (int) i));
    }
  return g_string_free (text, FALSE);
}

static char *
causes_text (guint bits)
{
  GString *text = g_string_new (NULL);

  for (guint i = 1; i < ud_hardship_cause_info.n_values; i++)
    if (bits & (1u << i))
      {
        if (text->len > 0)
          /* Translators: between the items of a list on a printed form */
          g_string_append (text, _(", "));
        g_string_append (text, ud_enum_label (&ud_hardship_cause_info, (int) i));
      }
  return g_string_free (text, FALSE);
}

/* The date of the last @action in the file's history, or NULL. */
static char *
step_date (GPtrArray  *history,
           const char *action)
{
  for (guint i = history->len; i > 0; i--)
    {
      UdHardshipEvent *event = g_ptr_array_index (history, i - 1);

      if (g_strcmp0 (event->action, action) == 0)
        return g_strdup (event->event_date);
    }
  return NULL;
}

/* Eight columns: label, value, label, value … with the values a little wider. */
static const double pair_widths[] = { 1.0, 1.3, 1.0, 1.3, 1.0, 1.3, 1.0, 1.3 };

/* 困难职工档案登记表 */

UdFormLayout *
ud_form_layout_hardship_file (UdDatabase  *db,
                              gint64       file_id,
                              GError     **error)
{
  static const double household_widths[] = { 1.1, 1.0, 2.4, 1.3, 1.1, 1.3, 2.0 };
  g_autoptr(UdHardshipFile) file = NULL;
  g_autoptr(UdMember) worker = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(UdFormLayout) layout = NULL;
  g_autofree char *clerk = NULL;
  UdFormSection *section;
  UdFormRow *row;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = ud_hardship_store_get (db, file_id, error);
  if (file == NULL)
    return NULL;
  worker = ud_member_store_get (db, file->member_id, error);
  if (worker == NULL)
    return NULL;
  history = ud_hardship_store_history (db, file_id, error);
  if (history == NULL)
    return NULL;

  /* Translators: the title of the printed hardship file form (困难职工档案登记表) */
  layout = ud_form_layout_new (_("Hardship Worker File Registration Form"));
  /* Translators: above a printed form's table; %s is the union that keeps the record */
  layout->header_left = g_strdup_printf (_("Union: %s"),
                                         file->org_name != NULL ? file->org_name : "");
  /* Translators: above a printed form's table; %s is the file number, like KN2026-00001 */
  layout->header_right = g_strdup_printf (_("File No.: %s"), file->file_number);
  layout->number = g_strdup (file->file_number);

  /* The worker */
  section = ud_form_layout_add_section (layout, _("The worker"), 8, pair_widths);
  row = ud_form_section_add_row (section);
  ud_form_add_pair (row, _("Name"), "worker_name", worker->name, 1);
  ud_form_add_pair (row, _("Sex"), "worker_sex",
                    worker->sex == UD_SEX_MALE ? C_("sex", "Male")
                    : worker->sex == UD_SEX_FEMALE ? C_("sex", "Female") : "", 1);
  ud_form_add_pair (row, _("Date of birth"), "worker_birth_date", worker->birth_date, 1);
  ud_form_add_pair (row, _("Ethnicity"), "worker_ethnicity", worker->ethnicity, 1);

  row = ud_form_section_add_row (section);
  ud_form_add_pair (row, _("ID number"), "worker_id_number", worker->id_number, 3);
  ud_form_add_pair (row, _("Contact phone"), "worker_mobile", worker->mobile, 3);

  row = ud_form_section_add_row (section);
  ud_form_add_pair (row, _("Employer"), "worker_employer", worker->employer_name, 3);
  ud_form_add_pair (row, _("Union"), "worker_org", file->org_name, 3);

  row = ud_form_section_add_row (section);
  ud_form_add_pair (row, _("Work status"), "work_status",
                    label_or_blank (&ud_work_status_info, file->work_status,
                                    UD_WORK_STATUS_UNKNOWN), 1);
  ud_form_add_pair (row, _("Health"), "health",
                    label_or_blank (&ud_health_info, file->health, UD_HEALTH_UNKNOWN), 1);
  ud_form_add_pair (row, _("Disability"), "disability", file->disability, 1);
  ud_form_add_pair (row, _("Housing"), "housing",
                    label_or_blank (&ud_housing_info, file->housing, UD_HOUSING_UNKNOWN), 1);

  /* The household: a table whose heading row repeats after a page break */
  section = ud_form_layout_add_section (layout, _("Household members"),
                                        G_N_ELEMENTS (household_widths), household_widths);
  section->n_repeat_rows = 1;
  row = ud_form_section_add_row (section);
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Name"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Relation"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("ID number"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Date of birth"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Health"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Monthly income"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("School or employer"));
  for (guint i = 0; i < file->household->len; i++)
    {
      UdHouseholdMember *person = g_ptr_array_index (file->household, i);
      g_autofree char *income = ud_form_money_text (person->monthly_income_fen);

      row = ud_form_section_add_row (section);
      ud_form_row_add_cell (row, UD_FORM_CELL_CENTRE, 1, i == 0 ? "household_name" : NULL,
                            person->name);
      ud_form_row_add_cell (row, UD_FORM_CELL_CENTRE, 1, NULL,
                            ud_enum_label (&ud_relation_info, person->relation));
      ud_form_row_add_cell (row, UD_FORM_CELL_CENTRE, 1, NULL, person->id_number);
      ud_form_row_add_cell (row, UD_FORM_CELL_CENTRE, 1, NULL, person->birth_date);
      ud_form_row_add_cell (row, UD_FORM_CELL_CENTRE, 1, NULL,
                            label_or_blank (&ud_health_info, person->health,
                                            UD_HEALTH_UNKNOWN));
      ud_form_row_add_cell (row, UD_FORM_CELL_NUMBER, 1, NULL, income);
      ud_form_row_add_cell (row, UD_FORM_CELL_VALUE, 1, NULL, person->school_or_employer);
    }
  if (file->household->len == 0)
    {
      row = ud_form_section_add_row (section);
      ud_form_row_add_cell (row, UD_FORM_CELL_CENTRE, section->n_columns, "household_name",
                            _("The worker lives alone"));
    }

  /* Income */
  section = ud_form_layout_add_section (layout, _("Household income"), 8, pair_widths);
  row = ud_form_section_add_row (section);
  ud_form_add_money_pair (row, _("Worker’s monthly income"), "worker_income",
                          file->worker_monthly_income_fen, 1);
  ud_form_add_money_pair (row, _("Other income a year"), "other_income",
                          file->other_income_fen, 1);
  ud_form_add_money_pair (row, _("Household income a year"), "annual_income",
                          file->annual_income_fen, 1);
  {
    /* Translators: the number of people in a household on a printed form */
    g_autofree char *size = g_strdup_printf (_("%d people"), file->household_size);

    ud_form_add_pair (row, _("Household size"), "household_size", size, 1);
  }

  row = ud_form_section_add_row (section);
  ud_form_add_money_pair (row, _("Rigid expenses a year"), "rigid_expenses",
                          file->rigid_expenses_fen, 1);
  ud_form_add_money_pair (row, _("Hardship costs this year"), "hardship_costs",
                          file->hardship_costs_fen, 1);
  ud_form_add_money_pair (row, _("Monthly income per person"), "per_capita",
                          file->per_capita_monthly_fen, 1);
  ud_form_add_money_pair (row, _("Local 低保 standard a month"), "dibao",
                          file->dibao_monthly_fen, 1);

  /* Hardship */
  section = ud_form_layout_add_section (layout, _("Hardship"), 8, pair_widths);
  row = ud_form_section_add_row (section);
  ud_form_add_pair (row, _("Category"), "category",
                    label_or_blank (&ud_hardship_category_info, file->category,
                                    UD_HARDSHIP_CATEGORY_NONE), 3);
  ud_form_add_pair (row, _("Category by the rule"), "proposed_category",
                    ud_enum_label (&ud_hardship_category_info, file->proposed_category), 3);
  if (file->category_reason != NULL && *file->category_reason != '\0')
    {
      row = ud_form_section_add_row (section);
      ud_form_add_pair (row, _("Why the category differs"), "category_reason",
                        file->category_reason, 7);
    }

  row = ud_form_section_add_row (section);
  {
    g_autofree char *secondary = causes_text (file->secondary_causes);

    ud_form_add_pair (row, _("Main cause"), "main_cause",
                      label_or_blank (&ud_hardship_cause_info, file->main_cause,
                                      UD_HARDSHIP_CAUSE_NONE), 3);
    ud_form_add_pair (row, _("Other causes"), "secondary_causes", secondary, 3);
  }

  row = ud_form_section_add_row (section);
  {
    g_autofree char *documents = checklist_text (&ud_hardship_document_info, file->documents);

    ud_form_add_pair (row, _("Documents"), "documents", documents, 7);
  }

  row = ud_form_section_add_row (section);
  {
    g_autofree char *account = ud_hardship_file_dup_masked_bank_account (file);

    ud_form_add_pair (row, _("Bank"), "bank_name", file->bank_name, 1);
    ud_form_add_pair (row, _("Account holder"), "bank_holder",
                      file->bank_holder != NULL ? file->bank_holder : worker->name, 1);
    ud_form_add_pair (row, _("Account number"), "bank_account", account, 3);
  }

  /* Opinions */
  section = ud_form_layout_add_section (layout, _("Opinions"), 8, pair_widths);
  {
    g_autofree char *submitted = step_date (history, "submit");
    g_autofree char *reviewed = step_date (history, "review");
    g_autofree char *approved = step_date (history, "approve");

    ud_form_add_opinion (section, _("Grassroots union’s opinion"), "unit_opinion",
                         file->unit_opinion, submitted);
    ud_form_add_opinion (section, _("Review opinion"), "review_opinion", file->review_opinion,
                         reviewed);
    ud_form_add_opinion (section, _("Approval opinion"), "approval_opinion",
                         file->approval_opinion, approved);
  }

  layout->note = g_strdup (_("Note: the bank account is shown with its first and last four "
                             "digits only; payments use the account kept in Union Desk."));
  clerk = ud_form_account_name (db, file->created_by);
  ud_form_set_footer (layout, clerk);

  return g_steal_pointer (&layout);
}

/* 医疗救助审批表 */

UdFormLayout *
ud_form_layout_medical_relief (UdDatabase  *db,
                               gint64       application_id,
                               GError     **error)
{
  static const double claim_widths[] = { 1.3, 1.3, 1.5, 1.5, 1.3, 1.3, 1.3, 1.1, 1.1, 1.3 };
  g_autoptr(UdAidApplication) app = NULL;
  g_autoptr(UdMember) applicant = NULL;
  g_autoptr(UdHardshipFile) file = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(UdFormLayout) layout = NULL;
  g_autofree char *clerk = NULL;
  UdMedicalBill sum = { 0, };
  gint64 sum_out_of_pocket = 0;
  UdFormSection *section;
  UdFormRow *row;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  app = ud_aid_store_get (db, application_id, error);
  if (app == NULL)
    return NULL;
  if (app->type != UD_AID_TYPE_MEDICAL)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                   _("Application %s is not a medical relief application"), app->number);
      return NULL;
    }
  applicant = ud_member_store_get (db, app->member_id, error);
  if (applicant == NULL)
    return NULL;
  if (app->file_id > 0 && (file = ud_hardship_store_get (db, app->file_id, error)) == NULL)
    return NULL;

  /* Translators: the title of the printed medical relief form (医疗救助审批表) */
  layout = ud_form_layout_new (_("Medical Relief Approval Form"));
  layout->header_left = g_strdup_printf (_("Union: %s"),
                                         file != NULL && file->org_name != NULL
                                         ? file->org_name
                                         : applicant->org_name != NULL ? applicant->org_name : "");
  /* Translators: above a printed form's table; %s is the application number, like
   * JZ2026-00001 */
  layout->header_right = g_strdup_printf (_("Application No.: %s"), app->number);
  layout->number = g_strdup (app->number);

  /* The applicant */
  section = ud_form_layout_add_section (layout, _("The applicant"), 8, pair_widths);
  row = ud_form_section_add_row (section);
  ud_form_add_pair (row, _("Name"), "applicant_name", applicant->name, 1);
  ud_form_add_pair (row, _("ID number"), "applicant_id_number", applicant->id_number, 3);
  ud_form_add_pair (row, _("Category"), "category",
                    file != NULL ? label_or_blank (&ud_hardship_category_info, file->category,
                                                   UD_HARDSHIP_CATEGORY_NONE) : "", 1);
  row = ud_form_section_add_row (section);
  {
    g_autofree char *year = g_strdup_printf ("%d", app->year);

    ud_form_add_pair (row, _("File No."), "file_number", app->file_number, 1);
    ud_form_add_pair (row, _("Employer"), "applicant_employer", applicant->employer_name, 3);
    ud_form_add_pair (row, _("Aid year"), "year", year, 1);
  }

  /* The bills: a table whose heading repeats after a page break, with a totals row */
  section = ud_form_layout_add_section (layout, _("Medical costs"),
                                        G_N_ELEMENTS (claim_widths), claim_widths);
  section->n_repeat_rows = 1;
  row = ud_form_section_add_row (section);
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Patient"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Diagnosis"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Hospital"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Dates"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Total cost"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Basic insurance"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL,
                        _("Critical-illness or commercial insurance"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Employer"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Donations"));
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, _("Out of pocket"));

  for (guint i = 0; app->claims != NULL && i < app->claims->len; i++)
    {
      UdMedicalClaim *claim = g_ptr_array_index (app->claims, i);
      g_autofree char *patient = NULL;
      g_autofree char *dates = NULL;
      const gint64 amounts[] = { claim->total_fen, claim->basic_insurance_fen,
                                 claim->critical_insurance_fen, claim->employer_fen,
                                 claim->donations_fen, claim->out_of_pocket_fen };

      patient = g_strdup_printf ("%s\n(%s)", claim->patient_name,
                                 ud_enum_label (&ud_patient_relation_info,
                                                claim->patient_relation));
      if (claim->discharged_date != NULL)
        dates = g_strdup_printf ("%s\n%s", claim->admitted_date, claim->discharged_date);
      else
        dates = g_strdup_printf ("%s\n(%s)", claim->admitted_date,
                                 ud_enum_label (&ud_medical_kind_info, claim->kind));

      row = ud_form_section_add_row (section);
      ud_form_row_add_cell (row, UD_FORM_CELL_CENTRE, 1, i == 0 ? "patient" : NULL, patient);
      ud_form_row_add_cell (row, UD_FORM_CELL_VALUE, 1, i == 0 ? "diagnosis" : NULL,
                            claim->diagnosis);
      ud_form_row_add_cell (row, UD_FORM_CELL_VALUE, 1, NULL, claim->hospital);
      ud_form_row_add_cell (row, UD_FORM_CELL_CENTRE, 1, NULL, dates);
      for (guint a = 0; a < G_N_ELEMENTS (amounts); a++)
        {
          g_autofree char *text = ud_money_format (amounts[a]);

          ud_form_row_add_cell (row, UD_FORM_CELL_NUMBER, 1,
                                i == 0 && a == G_N_ELEMENTS (amounts) - 1 ? "out_of_pocket"
                                : NULL, text);
        }
      sum.total += claim->total_fen;
      sum.basic_insurance += claim->basic_insurance_fen;
      sum.critical_insurance += claim->critical_insurance_fen;
      sum.employer += claim->employer_fen;
      sum.donations += claim->donations_fen;
      sum_out_of_pocket += claim->out_of_pocket_fen;
    }

  row = ud_form_section_add_row (section);
  /* Translators: the totals row of the bills on the medical relief form; the amounts are in
   * yuan */
  ud_form_row_add_cell (row, UD_FORM_CELL_LABEL, 4, NULL, _("Total (yuan)"));
  {
    const gint64 totals[] = { sum.total, sum.basic_insurance, sum.critical_insurance,
                              sum.employer, sum.donations, sum_out_of_pocket };
    static const char *const keys[] = { "total_cost", NULL, NULL, NULL, NULL,
                                         "total_out_of_pocket" };

    for (guint a = 0; a < G_N_ELEMENTS (totals); a++)
      {
        g_autofree char *text = ud_money_format (totals[a]);

        ud_form_row_add_cell (row, UD_FORM_CELL_NUMBER, 1, keys[a], text);
      }
  }

  /* The computation and the amounts */
  section = ud_form_layout_add_section (layout, _("Relief"), 8, pair_widths);
  row = ud_form_section_add_row (section);
  lines = ud_aid_application_explain (app, NULL);
  if (lines != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "",
                                (const char *) g_ptr_array_index (lines, i));
      ud_form_add_pair (row, _("Computation"), "computation", text->str, 7);
    }
  else
    ud_form_add_pair (row, _("Computation"), "computation",
                      _("Not computed yet: the amount is computed at review."), 7);

  row = ud_form_section_add_row (section);
  ud_form_add_money_pair (row, _("Requested"), "requested", app->requested_fen, 1);
  ud_form_add_money_pair (row, _("Computed by the rules"), "computed", app->computed_fen, 1);
  ud_form_add_money_pair (row, _("Approved amount"), "approved", app->approved_fen, 3);

  row = ud_form_section_add_row (section);
  {
    g_autofree char *capital = ud_money_to_chinese_capital (app->approved_fen);
    g_autofree char *text = g_strdup_printf ("人民币%s", capital);

    ud_form_add_pair (row, _("Approved amount in words"), "approved_capital", text, 7);
  }

  /* Declaration and opinions */
  section = ud_form_layout_add_section (layout, _("Opinions"), 8, pair_widths);
  ud_form_add_opinion (section, _("Applicant’s declaration"), "declaration",
                       _("I declare that the above is true and the bills are genuine."),
                       app->submitted_date);
  ud_form_add_opinion (section, _("Review opinion"), "review_opinion", app->review_opinion,
                       app->reviewed_date);
  ud_form_add_opinion (section, _("Approval opinion"), "approval_opinion",
                       app->approval_opinion, app->approved_date);

  clerk = ud_form_account_name (db, app->created_by);
  ud_form_set_footer (layout, clerk);

  return g_steal_pointer (&layout);
}
