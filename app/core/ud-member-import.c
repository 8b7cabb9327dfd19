/* ud-member-import.c — importing member rosters (CSV as Chinese offices receive them)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is kept in memory as read and decoded again by ud_csv_reader for each pass (counting
 * rows on open, the preview, each run), so a million-row roster is never held as a million GStrvs.
 *
 * A run checks each row in this order and reports the first problem: the field count, the member
 * record (ud_member_validate: name, ID number, mobile, join date, card number), the closed lists
 * and cross-checks (sex and birth date against the ID, category, channel, education, hukou,
 * status, credit code); then duplicates, first within the file (only rows that passed every check
 * enter that set, so a bad row never hides a good one), then against the live memberships in the
 * database. Unions and employers are looked up (and created) only for rows that will be written,
 * and are cached by name for the rest of the run.
 *
 * Rows are written in transactions of BATCH_ROWS rows. Counters, issues and the lists of created
 * unions and employers are kept per batch and only added to the results when the batch commits,
 * so after a cancellation or a database failure the results describe exactly what is stored.
 *
 * A dry run does the same checks and lookups without writing: n_valid, n_skipped and the issues
 * are what a real run would give, dup_created_orgs()/get_n_created_employers() list what it would
 * create, and n_imported, n_updated and n_unchanged stay 0 (nothing was written). */
#define G_LOG_DOMAIN "ud-member-import"

#include <string.h>

#include "ud-credit-code.h"
#include "ud-csv.h"
#include "ud-date.h"
#include "ud-employer.h"
#include "ud-error.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-progress.h"
#include "ud-member-import.h"
#include "ud-member-store.h"
#include "ud-org.h"

/* Rows per transaction: large enough that commits (fsync with synchronous=FULL) do not dominate,
 * small enough that cancelling answers within a fraction of a second. */
#define BATCH_ROWS 5000

/* How many records at the top of a file may precede the header (a title such as
 * "XX街道工会会员花名册", a date line…). */
#define HEADER_SEARCH_RECORDS 10

struct _UdMemberImport
{
  GBytes             *contents;        /* owned: the file as read */
  UdCsvEncoding       encoding;
  guint               header_index;    /* records before the header (title lines) */
  guint               n_columns;
  GStrv               headers;         /* owned: trimmed header texts, n_columns */
  UdImportField      *mapping;         /* owned: n_columns */
  guint               n_rows;
  UdImportDuplicates  duplicates;
  gint64              default_org_id;  /* 0: the office */

  /* Results of the last run */
  guint               n_valid;
  guint               n_imported;
  guint               n_updated;
  guint               n_skipped;
  guint               n_unchanged;
  guint               n_created_employers;
  GPtrArray          *issues;          /* owned: UdImportIssue */
  GPtrArray          *created_orgs;    /* owned: char * */
};

static const char *const problem_codes[] = {
  [UD_IMPORT_PROBLEM_MISSING_NAME] = "missing_name",
  [UD_IMPORT_PROBLEM_BAD_NAME] = "bad_name",
  [UD_IMPORT_PROBLEM_MISSING_ID_NUMBER] = "missing_id_number",
  [UD_IMPORT_PROBLEM_BAD_ID_NUMBER] = "bad_id_number",
  [UD_IMPORT_PROBLEM_BAD_CHECKSUM] = "bad_checksum",
  [UD_IMPORT_PROBLEM_IMPOSSIBLE_BIRTH_DATE] = "impossible_birth_date",
  [UD_IMPORT_PROBLEM_EXCEL_SCIENTIFIC_NOTATION] = "excel_scientific_notation",
  [UD_IMPORT_PROBLEM_BAD_PHONE] = "bad_phone",
  [UD_IMPORT_PROBLEM_BAD_JOIN_DATE] = "bad_join_date",
  [UD_IMPORT_PROBLEM_BAD_CREDIT_CODE] = "bad_credit_code",
  [UD_IMPORT_PROBLEM_BAD_VALUE] = "bad_value",
  [UD_IMPORT_PROBLEM_MISMATCH] = "mismatch",
  [UD_IMPORT_PROBLEM_WRONG_FIELD_COUNT] = "wrong_field_count",
  [UD_IMPORT_PROBLEM_DUPLICATE_IN_FILE] = "duplicate_in_file",
  [UD_IMPORT_PROBLEM_DUPLICATE_EXISTING] = "duplicate_existing",
};

const char *
ud_import_problem_code (UdImportProblem problem)
{
  g_return_val_if_fail ((guint) problem < G_N_ELEMENTS (problem_codes), NULL);

  return problem_codes[problem];
}

static const char *const field_labels[UD_IMPORT_N_FIELDS] = {
  [UD_IMPORT_FIELD_NAME] = N_("Name"),
  [UD_IMPORT_FIELD_ID_NUMBER] = N_("ID number"),
  [UD_IMPORT_FIELD_MOBILE] = N_("Mobile number"),
  [UD_IMPORT_FIELD_EMPLOYER] = N_("Employer"),
  [UD_IMPORT_FIELD_CREDIT_CODE] = N_("Unified social credit code"),
  [UD_IMPORT_FIELD_NEW_EMPLOYMENT] = N_("Occupation category"),
  [UD_IMPORT_FIELD_JOIN_DATE] = N_("Join date"),
  [UD_IMPORT_FIELD_JOIN_CHANNEL] = N_("Join channel"),
  [UD_IMPORT_FIELD_ORG] = N_("Union"),
  [UD_IMPORT_FIELD_NOTE] = N_("Note"),
  [UD_IMPORT_FIELD_ETHNICITY] = N_("Ethnicity"),
  [UD_IMPORT_FIELD_EDUCATION] = N_("Education"),
  [UD_IMPORT_FIELD_HUKOU] = N_("Household registration"),
  [UD_IMPORT_FIELD_CARD_NUMBER] = N_("Member card number"),
  [UD_IMPORT_FIELD_SEX] = N_("Sex"),
  [UD_IMPORT_FIELD_BIRTH_DATE] = N_("Birth date"),
  [UD_IMPORT_FIELD_STATUS] = N_("Membership status"),
};

const char *
ud_import_field_label (UdImportField field)
{
  if (field == UD_IMPORT_FIELD_IGNORED)
    return _("Not imported");

  g_return_val_if_fail (field >= 0 && field < UD_IMPORT_N_FIELDS, NULL);

  return g_dgettext (GETTEXT_PACKAGE, field_labels[field]);
}

/* Column names as they appear in rosters, matched after header_key(): case, spaces, "_", "-",
 * "*" (required marks) and a trailing "(…)" note do not matter. The translated and English
 * labels of ud_import_field_label() match too. */
typedef struct
{
  const char    *name;
  UdImportField  field;
} HeaderName;

static const HeaderName header_names[] = {
  { "姓名", UD_IMPORT_FIELD_NAME },
  { "会员姓名", UD_IMPORT_FIELD_NAME },
  { "职工姓名", UD_IMPORT_FIELD_NAME },
  { "名字", UD_IMPORT_FIELD_NAME },
  { "name", UD_IMPORT_FIELD_NAME },
  { "full name", UD_IMPORT_FIELD_NAME },
  { "member name", UD_IMPORT_FIELD_NAME },

  { "身份证号", UD_IMPORT_FIELD_ID_NUMBER },
  { "身份证号码", UD_IMPORT_FIELD_ID_NUMBER },
  { "公民身份号码", UD_IMPORT_FIELD_ID_NUMBER },
  { "公民身份证号码", UD_IMPORT_FIELD_ID_NUMBER },
  { "居民身份证号码", UD_IMPORT_FIELD_ID_NUMBER },
  { "身份证件号码", UD_IMPORT_FIELD_ID_NUMBER },
  { "身份证", UD_IMPORT_FIELD_ID_NUMBER },
  { "证件号码", UD_IMPORT_FIELD_ID_NUMBER },
  { "证件号", UD_IMPORT_FIELD_ID_NUMBER },
  { "id_number", UD_IMPORT_FIELD_ID_NUMBER },
  { "id number", UD_IMPORT_FIELD_ID_NUMBER },
  { "id no", UD_IMPORT_FIELD_ID_NUMBER },
  { "id no.", UD_IMPORT_FIELD_ID_NUMBER },
  { "id card", UD_IMPORT_FIELD_ID_NUMBER },
  { "id card number", UD_IMPORT_FIELD_ID_NUMBER },

  { "手机号", UD_IMPORT_FIELD_MOBILE },
  { "手机号码", UD_IMPORT_FIELD_MOBILE },
  { "手机", UD_IMPORT_FIELD_MOBILE },
  { "联系电话", UD_IMPORT_FIELD_MOBILE },
  { "联系方式", UD_IMPORT_FIELD_MOBILE },
  { "电话", UD_IMPORT_FIELD_MOBILE },
  { "电话号码", UD_IMPORT_FIELD_MOBILE },
  { "mobile", UD_IMPORT_FIELD_MOBILE },
  { "mobile number", UD_IMPORT_FIELD_MOBILE },
  { "mobile phone", UD_IMPORT_FIELD_MOBILE },
  { "phone", UD_IMPORT_FIELD_MOBILE },
  { "telephone", UD_IMPORT_FIELD_MOBILE },

  { "工作单位", UD_IMPORT_FIELD_EMPLOYER },
  { "单位", UD_IMPORT_FIELD_EMPLOYER },
  { "单位名称", UD_IMPORT_FIELD_EMPLOYER },
  { "所在单位", UD_IMPORT_FIELD_EMPLOYER },
  { "用工单位", UD_IMPORT_FIELD_EMPLOYER },
  { "就业单位", UD_IMPORT_FIELD_EMPLOYER },
  { "平台企业", UD_IMPORT_FIELD_EMPLOYER },
  { "employer", UD_IMPORT_FIELD_EMPLOYER },
  { "employer name", UD_IMPORT_FIELD_EMPLOYER },
  { "company", UD_IMPORT_FIELD_EMPLOYER },

  { "统一社会信用代码", UD_IMPORT_FIELD_CREDIT_CODE },
  { "社会信用代码", UD_IMPORT_FIELD_CREDIT_CODE },
  { "信用代码", UD_IMPORT_FIELD_CREDIT_CODE },
  { "单位统一社会信用代码", UD_IMPORT_FIELD_CREDIT_CODE },
  { "credit_code", UD_IMPORT_FIELD_CREDIT_CODE },
  { "credit code", UD_IMPORT_FIELD_CREDIT_CODE },
  { "unified social credit code", UD_IMPORT_FIELD_CREDIT_CODE },

  { "职业类别", UD_IMPORT_FIELD_NEW_EMPLOYMENT },
  { "新就业形态类别", UD_IMPORT_FIELD_NEW_EMPLOYMENT },
  { "新就业形态", UD_IMPORT_FIELD_NEW_EMPLOYMENT },
  { "就业形态", UD_IMPORT_FIELD_NEW_EMPLOYMENT },
  { "职业", UD_IMPORT_FIELD_NEW_EMPLOYMENT },
  { "new_employment", UD_IMPORT_FIELD_NEW_EMPLOYMENT },
  { "new employment", UD_IMPORT_FIELD_NEW_EMPLOYMENT },
  { "occupation", UD_IMPORT_FIELD_NEW_EMPLOYMENT },
  { "category", UD_IMPORT_FIELD_NEW_EMPLOYMENT },

  { "入会日期", UD_IMPORT_FIELD_JOIN_DATE },
  { "入会时间", UD_IMPORT_FIELD_JOIN_DATE },
  { "join_date", UD_IMPORT_FIELD_JOIN_DATE },
  { "joined", UD_IMPORT_FIELD_JOIN_DATE },

  { "入会方式", UD_IMPORT_FIELD_JOIN_CHANNEL },
  { "入会渠道", UD_IMPORT_FIELD_JOIN_CHANNEL },
  { "join_channel", UD_IMPORT_FIELD_JOIN_CHANNEL },
  { "channel", UD_IMPORT_FIELD_JOIN_CHANNEL },

  { "所属工会", UD_IMPORT_FIELD_ORG },
  { "工会", UD_IMPORT_FIELD_ORG },
  { "工会名称", UD_IMPORT_FIELD_ORG },
  { "所在工会", UD_IMPORT_FIELD_ORG },
  { "基层工会", UD_IMPORT_FIELD_ORG },
  { "union", UD_IMPORT_FIELD_ORG },
  { "org", UD_IMPORT_FIELD_ORG },
  { "organisation", UD_IMPORT_FIELD_ORG },
  { "organization", UD_IMPORT_FIELD_ORG },

  { "备注", UD_IMPORT_FIELD_NOTE },
  { "说明", UD_IMPORT_FIELD_NOTE },
  { "note", UD_IMPORT_FIELD_NOTE },
  { "notes", UD_IMPORT_FIELD_NOTE },
  { "remark", UD_IMPORT_FIELD_NOTE },
  { "remarks", UD_IMPORT_FIELD_NOTE },

  { "民族", UD_IMPORT_FIELD_ETHNICITY },
  { "ethnicity", UD_IMPORT_FIELD_ETHNICITY },

  { "学历", UD_IMPORT_FIELD_EDUCATION },
  { "文化程度", UD_IMPORT_FIELD_EDUCATION },
  { "education", UD_IMPORT_FIELD_EDUCATION },

  { "户籍类型", UD_IMPORT_FIELD_HUKOU },
  { "户口类型", UD_IMPORT_FIELD_HUKOU },
  { "户籍性质", UD_IMPORT_FIELD_HUKOU },
  { "户口性质", UD_IMPORT_FIELD_HUKOU },
  { "户籍", UD_IMPORT_FIELD_HUKOU },
  { "hukou", UD_IMPORT_FIELD_HUKOU },

  { "会员卡号", UD_IMPORT_FIELD_CARD_NUMBER },
  { "会员证号", UD_IMPORT_FIELD_CARD_NUMBER },
  { "工会会员卡号", UD_IMPORT_FIELD_CARD_NUMBER },
  { "卡号", UD_IMPORT_FIELD_CARD_NUMBER },
  { "card_number", UD_IMPORT_FIELD_CARD_NUMBER },
  { "card number", UD_IMPORT_FIELD_CARD_NUMBER },

  { "性别", UD_IMPORT_FIELD_SEX },
  { "sex", UD_IMPORT_FIELD_SEX },
  { "gender", UD_IMPORT_FIELD_SEX },

  { "出生日期", UD_IMPORT_FIELD_BIRTH_DATE },
  { "出生年月", UD_IMPORT_FIELD_BIRTH_DATE },
  { "出生年月日", UD_IMPORT_FIELD_BIRTH_DATE },
  { "birth_date", UD_IMPORT_FIELD_BIRTH_DATE },
  { "date of birth", UD_IMPORT_FIELD_BIRTH_DATE },
  { "birthday", UD_IMPORT_FIELD_BIRTH_DATE },

  { "会籍状态", UD_IMPORT_FIELD_STATUS },
  { "会员状态", UD_IMPORT_FIELD_STATUS },
  { "状态", UD_IMPORT_FIELD_STATUS },
  { "status", UD_IMPORT_FIELD_STATUS },

  /* The columns ud_member_import_write_report() adds, and numbering columns. */
  { "错误原因", UD_IMPORT_FIELD_IGNORED },
  { "行号", UD_IMPORT_FIELD_IGNORED },
  { "problem", UD_IMPORT_FIELD_IGNORED },
  { "line", UD_IMPORT_FIELD_IGNORED },
  { "序号", UD_IMPORT_FIELD_IGNORED },
};

/* The closed lists a row can name, read with ud_enum_from_text() and cached per run. */
typedef enum
{
  LIST_NEW_EMPLOYMENT,
  LIST_JOIN_CHANNEL,
  LIST_EDUCATION,
  LIST_HUKOU,
  LIST_STATUS,
  N_LISTS
} ListIndex;

static const struct
{
  UdImportField     field;
  const UdEnumInfo *info;
} lists[N_LISTS] = {
  [LIST_NEW_EMPLOYMENT] = { UD_IMPORT_FIELD_NEW_EMPLOYMENT, &ud_new_employment_info },
  [LIST_JOIN_CHANNEL] = { UD_IMPORT_FIELD_JOIN_CHANNEL, &ud_join_channel_info },
  [LIST_EDUCATION] = { UD_IMPORT_FIELD_EDUCATION, &ud_education_info },
  [LIST_HUKOU] = { UD_IMPORT_FIELD_HUKOU, &ud_hukou_info },
  [LIST_STATUS] = { UD_IMPORT_FIELD_STATUS, &ud_member_status_info },
};

static void
issue_free (gpointer data)
{
  UdImportIssue *issue = data;

  g_free (issue->message);
  g_strfreev (issue->fields);
  g_free (issue);
}

/* Text helpers */

/* White space a cell may be padded with: ASCII, no-break space, ideographic space, a BOM. */
static gsize
space_length (const char *p,
              const char *end)
{
  const guchar *u = (const guchar *) p;

  if (p >= end)
    return 0;
  if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')
    return 1;
  if (end - p >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
    return 2;
  if (end - p >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
    return 3;
  if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    return 3;
  return 0;
}

/* The same for white space that ends just before @end. */
static gsize
space_length_before (const char *start,
                     const char *end)
{
  const guchar *u = (const guchar *) end;

  if (end <= start)
    return 0;
  if (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n' || end[-1] == '\v'
      || end[-1] == '\f')
    return 1;
  if (end - start >= 2 && u[-2] == 0xC2 && u[-1] == 0xA0)
    return 2;
  if (end - start >= 3 && u[-3] == 0xE3 && u[-2] == 0x80 && u[-1] == 0x80)
    return 3;
  if (end - start >= 3 && u[-3] == 0xEF && u[-2] == 0xBB && u[-1] == 0xBF)
    return 3;
  return 0;
}

/* The cell without surrounding white space (a leading tab, as our exports write before long
 * numbers, included) and without the apostrophe Excel puts before numbers stored as text. */
static const char *
trim_cell (const char *text,
           gsize      *out_length)
{
  const char *start = text;
  const char *end = text + strlen (text);
  gsize n;

  while ((n = space_length (start, end)) > 0)
    start += n;
  if (start < end && *start == '\'')
    {
      start++;
      while ((n = space_length (start, end)) > 0)
        start += n;
    }
  while ((n = space_length_before (start, end)) > 0)
    end -= n;

  *out_length = end - start;
  return start;
}

static char *
trim_cell_dup (const char *text)
{
  gsize length;
  const char *start = trim_cell (text, &length);

  return g_strndup (start, length);
}

/* A header cell reduced for matching: NFKC (full-width letters and brackets become ASCII),
 * lower case, without white space, "_", "-", "*" and a trailing "(…)" note. */
static char *
header_key (const char *text)
{
  g_autofree char *folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  GString *key = g_string_new (NULL);

  if (folded == NULL)
    return g_string_free (key, FALSE);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '(' && key->len > 0)
        break;
      if (g_unichar_isspace (c) || c == '_' || c == '-' || c == '*' || c == 0xFEFF)
        continue;
      g_string_append_unichar (key, g_unichar_tolower (c));
    }

  return g_string_free (key, FALSE);
}

static gboolean
header_lookup (const char    *text,
               UdImportField *out_field)
{
  g_autofree char *key = header_key (text);

  if (*key == '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (header_names); i++)
    {
      g_autofree char *candidate = header_key (header_names[i].name);

      if (strcmp (candidate, key) == 0)
        {
          *out_field = header_names[i].field;
          return TRUE;
        }
    }

  for (int field = 0; field < UD_IMPORT_N_FIELDS; field++)
    {
      g_autofree char *english = header_key (field_labels[field]);
      g_autofree char *translated = header_key (ud_import_field_label (field));

      if (strcmp (english, key) == 0 || strcmp (translated, key) == 0)
        {
          *out_field = field;
          return TRUE;
        }
    }

  {
    g_autofree char *line = header_key (_("Line"));
    g_autofree char *problem = header_key (_("Problem"));

    if (strcmp (line, key) == 0 || strcmp (problem, key) == 0)
      {
        *out_field = UD_IMPORT_FIELD_IGNORED;
        return TRUE;
      }
  }

  return FALSE;
}

/* Maps each header cell to a field; a field goes to the first column that names it. */
static UdImportField *
map_headers (const char * const *headers,
             guint               n_columns)
{
  UdImportField *mapping = g_new (UdImportField, MAX (n_columns, 1));
  gboolean taken[UD_IMPORT_N_FIELDS] = { FALSE, };

  for (guint i = 0; i < n_columns; i++)
    {
      UdImportField field = UD_IMPORT_FIELD_IGNORED;

      if (header_lookup (headers[i], &field) && field != UD_IMPORT_FIELD_IGNORED
          && !taken[field])
        taken[field] = TRUE;
      else
        field = UD_IMPORT_FIELD_IGNORED;
      mapping[i] = field;
    }

  return mapping;
}

static gboolean
mapping_has (const UdImportField *mapping,
             guint                n_columns,
             UdImportField        field)
{
  for (guint i = 0; i < n_columns; i++)
    if (mapping[i] == field)
      return TRUE;
  return FALSE;
}

static gboolean
record_is_blank (const UdCsvRecord *record)
{
  for (guint i = 0; i < record->n_fields; i++)
    {
      gsize length;

      trim_cell (record->fields[i], &length);
      if (length > 0)
        return FALSE;
    }
  return TRUE;
}

/* Opening */

static UdCsvReader *
open_reader (UdMemberImport  *self,
             GError         **error)
{
  gsize length;
  const char *data = g_bytes_get_data (self->contents, &length);

  return ud_csv_reader_new (data != NULL ? data : "", length, error);
}

/* A reader positioned after the header record. */
static UdCsvReader *
open_reader_after_header (UdMemberImport  *self,
                          GError         **error)
{
  g_autoptr(UdCsvReader) reader = open_reader (self, error);
  guint index = 0;

  if (reader == NULL)
    return NULL;

  for (;;)
    {
      const UdCsvRecord *record = ud_csv_reader_next (reader, error);

      if (record == NULL)
        return (error == NULL || *error == NULL) ? g_steal_pointer (&reader) : NULL;
      if (record_is_blank (record))
        continue;
      if (index++ == self->header_index)
        break;
    }

  return g_steal_pointer (&reader);
}

static char *
join_columns (GPtrArray *columns)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);

      if (*column == '\0')
        continue;
      if (text->len > 0)
        /* Translators: separates column names in a list */
        g_string_append (text, _(", "));
      g_string_append_printf (text, "“%s”", column);
    }

  return g_string_free (text, FALSE);
}

static gboolean
read_header_and_count (UdMemberImport  *self,
                       GError         **error)
{
  g_autoptr(UdCsvReader) reader = open_reader (self, error);
  g_autoptr(GPtrArray) first_columns = NULL;
  const UdCsvRecord *record;
  guint index = 0;
  gboolean found = FALSE;

  if (reader == NULL)
    return FALSE;
  self->encoding = ud_csv_reader_get_encoding (reader);

  while ((record = ud_csv_reader_next (reader, error)) != NULL)
    {
      g_autoptr(GPtrArray) columns = NULL;
      g_autofree UdImportField *mapping = NULL;

      if (record_is_blank (record))
        continue;

      columns = g_ptr_array_new_null_terminated (record->n_fields, g_free, TRUE);
      for (guint i = 0; i < record->n_fields; i++)
        g_ptr_array_add (columns, trim_cell_dup (record->fields[i]));
      mapping = map_headers ((const char * const *) columns->pdata, columns->len);

      if (mapping_has (mapping, columns->len, UD_IMPORT_FIELD_NAME)
          && mapping_has (mapping, columns->len, UD_IMPORT_FIELD_ID_NUMBER))
        {
          self->header_index = index;
          self->n_columns = columns->len;
          self->mapping = g_steal_pointer (&mapping);
          self->headers = (GStrv) g_ptr_array_steal (columns, NULL);
          found = TRUE;
          break;
        }

      if (first_columns == NULL)
        first_columns = g_steal_pointer (&columns);
      if (++index >= HEADER_SEARCH_RECORDS)
        break;
    }

  if (error != NULL && *error != NULL)
    return FALSE;

  if (!found)
    {
      g_autofree char *listed = NULL;

      if (first_columns == NULL)
        {
          g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                       _("The file is empty: it has no header line and no members"));
          return FALSE;
        }

      listed = join_columns (first_columns);
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("The file has no column for the name and the ID number (such as “姓名” and "
                     "“身份证号”). The columns in the file are: %s"),
                   *listed != '\0' ? listed : _("(none)"));
      return FALSE;
    }

  self->n_rows = 0;
  while ((record = ud_csv_reader_next (reader, error)) != NULL)
    if (!record_is_blank (record))
      self->n_rows++;

  if (error != NULL && *error != NULL)
    return FALSE;

  if (self->n_rows == 0)
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("The file has a header line but no member rows below it"));
      return FALSE;
    }

  return TRUE;
}

static UdMemberImport *
import_new (GBytes  *contents,
            GError **error)
{
  g_autoptr(UdMemberImport) self = g_new0 (UdMemberImport, 1);
  g_autoptr(GError) local_error = NULL;

  self->contents = contents;
  self->duplicates = UD_IMPORT_DUPLICATES_SKIP;
  self->issues = g_ptr_array_new_with_free_func (issue_free);
  self->created_orgs = g_ptr_array_new_with_free_func (g_free);

  if (!read_header_and_count (self, &local_error))
    {
      /* Always an error, even if a caller passes NULL for it. */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}

UdMemberImport *
ud_member_import_new_from_file (const char  *path,
                                GError     **error)
{
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return import_new (g_bytes_new_take (contents, length), error);
}

UdMemberImport *
ud_member_import_new_from_data (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return import_new (g_bytes_new (data, length), error);
}

void
ud_member_import_free (UdMemberImport *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->headers, g_strfreev);
  g_clear_pointer (&self->mapping, g_free);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_clear_pointer (&self->created_orgs, g_ptr_array_unref);
  g_free (self);
}

const char *
ud_member_import_get_encoding_name (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (self->encoding)
    {
    case UD_CSV_ENCODING_UTF8_BOM:
      return "UTF-8 (BOM)";
    case UD_CSV_ENCODING_GB18030:
      return "GB18030/GBK";
    case UD_CSV_ENCODING_UTF16:
      return "UTF-16";
    case UD_CSV_ENCODING_UTF8:
    default:
      return "UTF-8";
    }
}

guint
ud_member_import_get_n_columns (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_columns;
}

const char *
ud_member_import_get_header (UdMemberImport *self,
                             guint           column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);
  return self->headers[column];
}

UdImportField
ud_member_import_get_mapping (UdMemberImport *self,
                              guint           column)
{
  g_return_val_if_fail (self != NULL, UD_IMPORT_FIELD_IGNORED);
  g_return_val_if_fail (column < self->n_columns, UD_IMPORT_FIELD_IGNORED);
  return self->mapping[column];
}

void
ud_member_import_set_mapping (UdMemberImport *self,
                              guint           column,
                              UdImportField   field)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column < self->n_columns);
  g_return_if_fail (field >= UD_IMPORT_FIELD_IGNORED && field < UD_IMPORT_N_FIELDS);

  /* A field comes from one column: the one chosen last. */
  if (field != UD_IMPORT_FIELD_IGNORED)
    for (guint i = 0; i < self->n_columns; i++)
      if (self->mapping[i] == field)
        self->mapping[i] = UD_IMPORT_FIELD_IGNORED;

  self->mapping[column] = field;
}

guint
ud_member_import_get_n_rows (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

GPtrArray *
ud_member_import_preview (UdMemberImport *self,
                          guint           max)
{
  g_autoptr(UdCsvReader) reader = NULL;
  GPtrArray *rows;
  const UdCsvRecord *record;

  g_return_val_if_fail (self != NULL, NULL);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  reader = open_reader_after_header (self, NULL);
  if (reader == NULL)
    return rows;

  while (rows->len < max && (record = ud_csv_reader_next (reader, NULL)) != NULL)
    if (!record_is_blank (record))
      g_ptr_array_add (rows, g_strdupv (record->fields));

  return rows;
}

void
ud_member_import_set_duplicates (UdMemberImport     *self,
                                 UdImportDuplicates  policy)
{
  g_return_if_fail (self != NULL);
  self->duplicates = policy;
}

void
ud_member_import_set_default_org (UdMemberImport *self,
                                  gint64          org_id)
{
  g_return_if_fail (self != NULL);
  self->default_org_id = org_id;
}

/* Running */

typedef struct
{
  UdMemberImport *self;        /* borrowed */
  UdDatabase     *db;          /* borrowed */
  const UdAccount *actor;      /* borrowed */
  gboolean        dry_run;
  GDate           today;
  gint64          default_org_id;

  GHashTable     *seen_ids;    /* owned: ID number (in seen_chunk) → first line */
  GStringChunk   *seen_chunk;  /* owned */
  GHashTable     *org_ids;     /* owned: name → gint64 * */
  GHashTable     *employer_ids; /* owned: "code\037name" → gint64 * */
  GHashTable     *list_values[N_LISTS]; /* owned: text → value + 1 (0 unused, -1 unknown) */
  GHashTable     *credit_codes; /* owned: text → normalised code */
  GString        *cells;       /* owned: the trimmed cells of the current row, NUL-separated */
  GString        *employer_key; /* owned: scratch */
  gint64          next_placeholder; /* dry runs: ids for unions and employers not created */

  /* The row being read */
  const UdCsvRecord *record;
  const char     *values[UD_IMPORT_N_FIELDS]; /* into cells, NULL when absent or empty */

  /* The current batch; added to the results when it commits. */
  gboolean        in_transaction;
  guint           batch_rows;
  guint           batch_valid;
  guint           batch_imported;
  guint           batch_updated;
  guint           batch_unchanged;
  guint           batch_skipped;
  guint           batch_created_employers;
  guint           committed_issues;
  guint           committed_orgs;
} RunContext;

static void
run_context_clear (RunContext *ctx)
{
  g_clear_pointer (&ctx->seen_ids, g_hash_table_unref);
  g_clear_pointer (&ctx->seen_chunk, g_string_chunk_free);
  g_clear_pointer (&ctx->org_ids, g_hash_table_unref);
  g_clear_pointer (&ctx->employer_ids, g_hash_table_unref);
  for (guint i = 0; i < N_LISTS; i++)
    g_clear_pointer (&ctx->list_values[i], g_hash_table_unref);
  g_clear_pointer (&ctx->credit_codes, g_hash_table_unref);
  if (ctx->cells != NULL)
    g_string_free (g_steal_pointer (&ctx->cells), TRUE);
  if (ctx->employer_key != NULL)
    g_string_free (g_steal_pointer (&ctx->employer_key), TRUE);
}

static gint64 *
id_new (gint64 id)
{
  gint64 *copy = g_new (gint64, 1);

  *copy = id;
  return copy;
}

static void
add_issue (RunContext      *ctx,
           UdImportProblem  problem,
           UdImportField    field,
           char            *message)
{
  UdImportIssue *issue = g_new0 (UdImportIssue, 1);

  issue->line = ctx->record->line;
  issue->problem = problem;
  issue->field = field;
  issue->message = message;
  issue->fields = g_strdupv (ctx->record->fields);
  g_ptr_array_add (ctx->self->issues, issue);
}

/* Which problem a GError from the member, store, employer or org code is. */
static void
classify_error (RunContext      *ctx,
                const GError    *error,
                UdImportProblem *out_problem,
                UdImportField   *out_field)
{
  const char *field = ud_error_get_field (error);

  if (g_strcmp0 (field, "name") == 0)
    {
      *out_field = UD_IMPORT_FIELD_NAME;
      *out_problem = ctx->values[UD_IMPORT_FIELD_NAME] == NULL ? UD_IMPORT_PROBLEM_MISSING_NAME
                                                               : UD_IMPORT_PROBLEM_BAD_NAME;
    }
  else if (g_strcmp0 (field, "id_number") == 0)
    {
      *out_field = UD_IMPORT_FIELD_ID_NUMBER;
      if (g_error_matches (error, UD_ERROR, UD_ERROR_DUPLICATE))
        *out_problem = UD_IMPORT_PROBLEM_DUPLICATE_EXISTING;
      else if (g_error_matches (error, UD_ERROR, UD_ERROR_ID_SCIENTIFIC_NOTATION))
        *out_problem = UD_IMPORT_PROBLEM_EXCEL_SCIENTIFIC_NOTATION;
      else if (g_error_matches (error, UD_ERROR, UD_ERROR_ID_CHECKSUM))
        *out_problem = UD_IMPORT_PROBLEM_BAD_CHECKSUM;
      else if (g_error_matches (error, UD_ERROR, UD_ERROR_ID_BIRTH_DATE))
        *out_problem = UD_IMPORT_PROBLEM_IMPOSSIBLE_BIRTH_DATE;
      else if (ctx->values[UD_IMPORT_FIELD_ID_NUMBER] == NULL)
        *out_problem = UD_IMPORT_PROBLEM_MISSING_ID_NUMBER;
      else
        *out_problem = UD_IMPORT_PROBLEM_BAD_ID_NUMBER;
    }
  else if (g_strcmp0 (field, "mobile") == 0)
    {
      *out_field = UD_IMPORT_FIELD_MOBILE;
      *out_problem = UD_IMPORT_PROBLEM_BAD_PHONE;
    }
  else if (g_strcmp0 (field, "join_date") == 0)
    {
      *out_field = UD_IMPORT_FIELD_JOIN_DATE;
      *out_problem = UD_IMPORT_PROBLEM_BAD_JOIN_DATE;
    }
  else if (g_strcmp0 (field, "credit_code") == 0)
    {
      *out_field = UD_IMPORT_FIELD_CREDIT_CODE;
      *out_problem = UD_IMPORT_PROBLEM_BAD_CREDIT_CODE;
    }
  else
    {
      *out_problem = UD_IMPORT_PROBLEM_BAD_VALUE;
      if (g_strcmp0 (field, "employer_name") == 0)
        *out_field = UD_IMPORT_FIELD_EMPLOYER;
      else if (g_strcmp0 (field, "card_number") == 0)
        *out_field = UD_IMPORT_FIELD_CARD_NUMBER;
      else if (g_strcmp0 (field, "org") == 0)
        *out_field = UD_IMPORT_FIELD_ORG;
      else
        *out_field = UD_IMPORT_FIELD_IGNORED;
    }
}

static void
add_issue_from_error (RunContext   *ctx,
                      const GError *error)
{
  UdImportProblem problem;
  UdImportField field;

  classify_error (ctx, error, &problem, &field);
  add_issue (ctx, problem, field, g_strdup (error->message));
}

/* Errors of the database itself end the run; anything else is about the row. */
static gboolean
error_is_fatal (const GError *error)
{
  return error->domain != UD_ERROR || error->code == UD_ERROR_DATABASE
         || error->code == UD_ERROR_FAILED;
}

/* Fills ctx->values from the record: each mapped column's trimmed text, NULL when empty. */
static gboolean
read_cells (RunContext *ctx)
{
  UdMemberImport *self = ctx->self;
  const UdCsvRecord *record = ctx->record;
  gsize offsets[UD_IMPORT_N_FIELDS];

  for (guint i = self->n_columns; i < record->n_fields; i++)
    {
      gsize length;

      trim_cell (record->fields[i], &length);
      if (length > 0)
        {
          add_issue (ctx, UD_IMPORT_PROBLEM_WRONG_FIELD_COUNT, UD_IMPORT_FIELD_IGNORED,
                     g_strdup_printf (_("The row has %u values but the header only %u columns; "
                                        "a value may contain a comma without quotes around it"),
                                      record->n_fields, self->n_columns));
          return FALSE;
        }
    }

  g_string_truncate (ctx->cells, 0);
  for (int field = 0; field < UD_IMPORT_N_FIELDS; field++)
    offsets[field] = G_MAXSIZE;

  for (guint i = 0; i < self->n_columns && i < record->n_fields; i++)
    {
      UdImportField field = self->mapping[i];
      const char *start;
      gsize length;

      if (field == UD_IMPORT_FIELD_IGNORED)
        continue;

      start = trim_cell (record->fields[i], &length);
      if (length == 0)
        continue;

      offsets[field] = ctx->cells->len;
      g_string_append_len (ctx->cells, start, length);
      g_string_append_c (ctx->cells, '\0');
    }

  for (int field = 0; field < UD_IMPORT_N_FIELDS; field++)
    ctx->values[field] = offsets[field] != G_MAXSIZE ? ctx->cells->str + offsets[field] : NULL;

  return TRUE;
}

static gboolean
list_lookup (RunContext *ctx,
             ListIndex   list,
             const char *text,
             int        *out_value)
{
  gpointer cached = g_hash_table_lookup (ctx->list_values[list], text);
  int value;

  if (cached == NULL)
    {
      if (!ud_enum_from_text (lists[list].info, text, &value))
        value = -2;
      cached = GINT_TO_POINTER (value + 1);
      g_hash_table_insert (ctx->list_values[list], g_strdup (text), cached);
    }

  value = GPOINTER_TO_INT (cached) - 1;
  if (value < 0)
    return FALSE;

  *out_value = value;
  return TRUE;
}

static gboolean
parse_sex (const char *text,
           UdSex      *out_sex)
{
  static const char *const male[] = { "男", "男性", "m", "male" };
  static const char *const female[] = { "女", "女性", "f", "female" };

  for (guint i = 0; i < G_N_ELEMENTS (male); i++)
    if (g_ascii_strcasecmp (text, male[i]) == 0)
      {
        *out_sex = UD_SEX_MALE;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (female); i++)
    if (g_ascii_strcasecmp (text, female[i]) == 0)
      {
        *out_sex = UD_SEX_FEMALE;
        return TRUE;
      }

  if (strcmp (text, C_("sex", "Male")) == 0)
    {
      *out_sex = UD_SEX_MALE;
      return TRUE;
    }
  if (strcmp (text, C_("sex", "Female")) == 0)
    {
      *out_sex = UD_SEX_FEMALE;
      return TRUE;
    }

  return FALSE;
}

static void
add_unknown_value_issue (RunContext    *ctx,
                         UdImportField  field)
{
  add_issue (ctx, UD_IMPORT_PROBLEM_BAD_VALUE, field,
             /* Translators: the first %s is a column such as "Education", the second its value */
             g_strdup_printf (_("%s: “%s” is not one of the values Union Desk knows"),
                              ud_import_field_label (field), ctx->values[field]));
}

/* The checks beyond ud_member_validate(): the closed lists, sex and birth date against the ID,
 * the credit code. @member is already validated, so its sex and birth date are the ID's. */
static gboolean
check_row_values (RunContext *ctx,
                  UdMember   *member)
{
  const char *text;
  int value;

  if ((text = ctx->values[UD_IMPORT_FIELD_SEX]) != NULL)
    {
      UdSex sex;

      if (!parse_sex (text, &sex))
        {
          add_unknown_value_issue (ctx, UD_IMPORT_FIELD_SEX);
          return FALSE;
        }
      if (sex != member->sex)
        {
          add_issue (ctx, UD_IMPORT_PROBLEM_MISMATCH, UD_IMPORT_FIELD_SEX,
                     /* Translators: "Sex: “女” does not match the ID number, which says Male" */
                     g_strdup_printf (_("%s: “%s” does not match the ID number, which says %s"),
                                      ud_import_field_label (UD_IMPORT_FIELD_SEX), text,
                                      member->sex == UD_SEX_MALE ? C_("sex", "Male")
                                                                 : C_("sex", "Female")));
          return FALSE;
        }
    }

  if ((text = ctx->values[UD_IMPORT_FIELD_BIRTH_DATE]) != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *formatted = NULL;
      GDate date;

      if (!ud_date_parse (text, ud_import_field_label (UD_IMPORT_FIELD_BIRTH_DATE), &date,
                          &local_error))
        {
          add_issue (ctx, UD_IMPORT_PROBLEM_BAD_VALUE, UD_IMPORT_FIELD_BIRTH_DATE,
                     g_strdup (local_error->message));
          return FALSE;
        }
      formatted = ud_date_format (&date);
      if (g_strcmp0 (formatted, member->birth_date) != 0)
        {
          add_issue (ctx, UD_IMPORT_PROBLEM_MISMATCH, UD_IMPORT_FIELD_BIRTH_DATE,
                     g_strdup_printf (_("%s: “%s” does not match the ID number, which says %s"),
                                      ud_import_field_label (UD_IMPORT_FIELD_BIRTH_DATE), text,
                                      member->birth_date));
          return FALSE;
        }
    }

  for (guint list = 0; list < N_LISTS; list++)
    {
      UdImportField field = lists[list].field;

      if ((text = ctx->values[field]) == NULL)
        continue;
      if (!list_lookup (ctx, list, text, &value))
        {
          add_unknown_value_issue (ctx, field);
          return FALSE;
        }

      switch (list)
        {
        case LIST_NEW_EMPLOYMENT:
          member->new_employment = value;
          break;
        case LIST_JOIN_CHANNEL:
          member->join_channel = value;
          break;
        case LIST_EDUCATION:
          member->education = value;
          break;
        case LIST_HUKOU:
          member->hukou = value;
          break;
        case LIST_STATUS:
          if (value != UD_MEMBER_STATUS_ACTIVE && value != UD_MEMBER_STATUS_APPLIED)
            {
              add_issue (ctx, UD_IMPORT_PROBLEM_BAD_VALUE, UD_IMPORT_FIELD_STATUS,
                         /* Translators: "Membership status: members who are “Withdrawn” cannot
                          * be imported; …" */
                         g_strdup_printf (_("%s: members who are “%s” cannot be imported; import "
                                            "them as active and change their status in Union "
                                            "Desk"),
                                          ud_import_field_label (UD_IMPORT_FIELD_STATUS),
                                          ud_enum_label (&ud_member_status_info, value)));
              return FALSE;
            }
          member->status = value;
          break;
        case N_LISTS:
        default:
          g_assert_not_reached ();
        }
    }

  if ((text = ctx->values[UD_IMPORT_FIELD_CREDIT_CODE]) != NULL
      && !g_hash_table_contains (ctx->credit_codes, text))
    {
      g_autoptr(GError) local_error = NULL;
      char *code = ud_credit_code_normalize (text, &local_error);

      if (code == NULL)
        {
          add_issue (ctx, UD_IMPORT_PROBLEM_BAD_CREDIT_CODE, UD_IMPORT_FIELD_CREDIT_CODE,
                     g_strdup (local_error->message));
          return FALSE;
        }
      g_hash_table_insert (ctx->credit_codes, g_strdup (text), code);
    }

  return TRUE;
}

/* TRUE when @id_number has a live membership; fatal database errors set @error. */
static gboolean
has_live_member (RunContext  *ctx,
                 const char  *id_number,
                 gboolean    *out_exists,
                 GError     **error)
{
  sqlite3_stmt *stmt = ud_database_prepare (ctx->db,
                                            "SELECT 1 FROM member WHERE id_number = ?1 AND status"
                                            " IN ('applied', 'active', 'transfer_pending',"
                                            " 'retained')",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ud_database_set_error (ctx->db, error, _("looking for existing members"));
      return FALSE;
    }

  *out_exists = rc == SQLITE_ROW;
  return TRUE;
}

/* The union named in the row (created under the office when missing), or the default.
 * FALSE with an issue added when it cannot be created; fatal errors set @error. */
static gboolean
resolve_org (RunContext  *ctx,
             gint64      *out_id,
             GError     **error)
{
  const char *name = ctx->values[UD_IMPORT_FIELD_ORG];
  g_autoptr(UdOrg) org = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 *cached;
  gint64 id;

  if (name == NULL)
    {
      *out_id = ctx->default_org_id;
      return TRUE;
    }

  cached = g_hash_table_lookup (ctx->org_ids, name);
  if (cached != NULL)
    {
      *out_id = *cached;
      return TRUE;
    }

  id = ud_org_find_by_name (ctx->db, name);
  if (id == 0 && ctx->dry_run && !ud_guard_allows (ctx->actor, UD_ACTION_ORG_WRITE))
    {
      g_autoptr(GError) denied = NULL;

      ud_guard_check (ctx->actor, UD_ACTION_ORG_WRITE, &denied);
      add_issue (ctx, UD_IMPORT_PROBLEM_BAD_VALUE, UD_IMPORT_FIELD_ORG,
                 g_strdup_printf (_("Union: “%s” cannot be created: %s"), name,
                                  denied->message));
      return FALSE;
    }
  else if (id == 0 && ctx->dry_run)
    {
      id = ctx->next_placeholder--;
      g_ptr_array_add (ctx->self->created_orgs, g_strdup (name));
    }
  else if (id == 0)
    {
      org = ud_org_new ();
      org->name = g_strdup (name);
      org->kind = ud_org_kind_guess_from_name (name);
      org->parent_id = ud_database_get_office_org_id (ctx->db);
      if (!ud_org_insert (ctx->db, ctx->actor, org, &local_error))
        {
          if (error_is_fatal (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          add_issue (ctx, UD_IMPORT_PROBLEM_BAD_VALUE, UD_IMPORT_FIELD_ORG,
                     /* Translators: the first %s is a union's name, the second why */
                     g_strdup_printf (_("Union: “%s” cannot be created: %s"), name,
                                      local_error->message));
          return FALSE;
        }
      id = org->id;
      g_ptr_array_add (ctx->self->created_orgs, g_strdup (org->name));
    }

  g_hash_table_insert (ctx->org_ids, g_strdup (name), id_new (id));
  *out_id = id;
  return TRUE;
}

static gint64
find_employer (RunContext *ctx,
               const char *code,
               const char *name)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  /* As ud_employer_find_or_create(): by credit code, else by exact name. */
  if (code != NULL)
    {
      stmt = ud_database_prepare (ctx->db, "SELECT id FROM employer WHERE credit_code = ?1",
                                  NULL);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (id == 0 && name != NULL)
    {
      stmt = ud_database_prepare (ctx->db,
                                  "SELECT id FROM employer WHERE name = ?1 "
                                  "ORDER BY credit_code IS NULL, id LIMIT 1",
                                  NULL);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  return id;
}

/* The employer named by the row's name and credit code (created when missing), or 0 for none.
 * FALSE with an issue added when the row cannot name one; fatal errors set @error. */
static gboolean
resolve_employer (RunContext  *ctx,
                  gint64      *out_id,
                  GError     **error)
{
  const char *name = ctx->values[UD_IMPORT_FIELD_EMPLOYER];
  const char *text_code = ctx->values[UD_IMPORT_FIELD_CREDIT_CODE];
  const char *code = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 *cached;
  gint64 id;

  if (name == NULL && text_code == NULL)
    {
      *out_id = 0;
      return TRUE;
    }

  if (text_code != NULL)
    code = g_hash_table_lookup (ctx->credit_codes, text_code);
  g_assert (text_code == NULL || code != NULL);

  g_string_truncate (ctx->employer_key, 0);
  g_string_append (ctx->employer_key, code ? code : "");
  g_string_append_c (ctx->employer_key, '\037');
  g_string_append (ctx->employer_key, name ? name : "");

  cached = g_hash_table_lookup (ctx->employer_ids, ctx->employer_key->str);
  if (cached != NULL)
    {
      *out_id = *cached;
      return TRUE;
    }

  id = find_employer (ctx, code, name);
  if (id == 0 && name == NULL)
    {
      add_issue (ctx, UD_IMPORT_PROBLEM_BAD_VALUE, UD_IMPORT_FIELD_EMPLOYER,
                 g_strdup (_("Employer: a credit code was given without the employer’s name")));
      return FALSE;
    }
  if (id == 0 && ctx->dry_run)
    {
      id = ctx->next_placeholder--;
      ctx->batch_created_employers++;
    }
  else if (id == 0)
    {
      if (!ud_employer_find_or_create (ctx->db, ctx->actor, name, code, ud_employer_name_is_platform (name),
                                       &id, &local_error))
        {
          if (error_is_fatal (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          add_issue_from_error (ctx, local_error);
          return FALSE;
        }
      ctx->batch_created_employers++;
    }

  g_hash_table_insert (ctx->employer_ids, g_strdup (ctx->employer_key->str), id_new (id));
  *out_id = id;
  return TRUE;
}

static void
replace_text (char       **field,
              const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* UPDATE policy: corrects the live member from the row's non-empty cells. */
static gboolean
update_existing (RunContext  *ctx,
                 UdMember    *row,
                 GError     **error)
{
  const char *const *values = ctx->values;
  g_autoptr(UdMember) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 version;

  if (ctx->dry_run)
    {
      ctx->batch_valid++;
      return TRUE;
    }

  existing = ud_member_store_find_live (ctx->db, row->id_number, error);
  if (existing == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, UD_ERROR, UD_ERROR_FAILED,
                     "The live member with ID number %s disappeared", row->id_number);
      return FALSE;
    }
  version = existing->version;

  replace_text (&existing->name, row->name);
  if (values[UD_IMPORT_FIELD_MOBILE] != NULL)
    replace_text (&existing->mobile, row->mobile);
  if (values[UD_IMPORT_FIELD_ETHNICITY] != NULL)
    replace_text (&existing->ethnicity, row->ethnicity);
  if (values[UD_IMPORT_FIELD_JOIN_DATE] != NULL)
    replace_text (&existing->join_date, row->join_date);
  if (values[UD_IMPORT_FIELD_CARD_NUMBER] != NULL)
    replace_text (&existing->card_number, row->card_number);
  if (values[UD_IMPORT_FIELD_NOTE] != NULL)
    replace_text (&existing->note, row->note);
  if (values[UD_IMPORT_FIELD_EDUCATION] != NULL)
    existing->education = row->education;
  if (values[UD_IMPORT_FIELD_HUKOU] != NULL)
    existing->hukou = row->hukou;
  if (values[UD_IMPORT_FIELD_NEW_EMPLOYMENT] != NULL)
    existing->new_employment = row->new_employment;
  if (values[UD_IMPORT_FIELD_JOIN_CHANNEL] != NULL)
    existing->join_channel = row->join_channel;
  if (values[UD_IMPORT_FIELD_ORG] != NULL)
    existing->org_id = row->org_id;
  if (values[UD_IMPORT_FIELD_EMPLOYER] != NULL || values[UD_IMPORT_FIELD_CREDIT_CODE] != NULL)
    existing->employer_id = row->employer_id;

  if (!ud_member_store_update (ctx->db, ctx->actor, existing, _("Updated by import"), &local_error))
    {
      if (error_is_fatal (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_issue_from_error (ctx, local_error);
      return TRUE;
    }

  ctx->batch_valid++;
  if (existing->version != version)
    ctx->batch_updated++;
  else
    ctx->batch_unchanged++;
  return TRUE;
}

static void
add_existing_issue (RunContext *ctx,
                    UdMember   *row)
{
  g_autoptr(UdMember) existing = ud_member_store_find_live (ctx->db, row->id_number, NULL);

  add_issue (ctx, UD_IMPORT_PROBLEM_DUPLICATE_EXISTING, UD_IMPORT_FIELD_ID_NUMBER,
             g_strdup_printf (_("ID number: %s (%s) is already a member of %s"),
                              existing ? existing->name : row->name, row->id_number,
                              existing ? existing->org_name : "?"));
}

/* Checks and writes one row. Returns FALSE only for errors that end the run. */
static gboolean
process_row (RunContext  *ctx,
             GError     **error)
{
  const char *const *values = ctx->values;
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GError) local_error = NULL;
  gpointer first_line;
  gboolean exists = FALSE;

  if (!read_cells (ctx))
    return TRUE;

  member = ud_member_new ();
  member->name = g_strdup (values[UD_IMPORT_FIELD_NAME]);
  member->id_number = g_strdup (values[UD_IMPORT_FIELD_ID_NUMBER]);
  member->mobile = g_strdup (values[UD_IMPORT_FIELD_MOBILE]);
  member->join_date = g_strdup (values[UD_IMPORT_FIELD_JOIN_DATE]);
  member->ethnicity = g_strdup (values[UD_IMPORT_FIELD_ETHNICITY]);
  member->card_number = g_strdup (values[UD_IMPORT_FIELD_CARD_NUMBER]);
  member->note = g_strdup (values[UD_IMPORT_FIELD_NOTE]);
  /* The union is looked up once the row is known to be good; validate against the default. */
  member->org_id = ctx->default_org_id;

  if (!ud_member_validate (member, &ctx->today, &local_error))
    {
      add_issue_from_error (ctx, local_error);
      return TRUE;
    }

  if (!check_row_values (ctx, member))
    return TRUE;

  first_line = g_hash_table_lookup (ctx->seen_ids, member->id_number);
  if (first_line != NULL)
    {
      ctx->batch_skipped++;
      add_issue (ctx, UD_IMPORT_PROBLEM_DUPLICATE_IN_FILE, UD_IMPORT_FIELD_ID_NUMBER,
                 g_strdup_printf (_("ID number: %s is already on line %u of this file"),
                                  member->id_number, GPOINTER_TO_UINT (first_line)));
      return TRUE;
    }
  g_hash_table_insert (ctx->seen_ids, g_string_chunk_insert (ctx->seen_chunk, member->id_number),
                       GUINT_TO_POINTER (ctx->record->line));

  if (!has_live_member (ctx, member->id_number, &exists, error))
    return FALSE;

  if (exists && ctx->self->duplicates == UD_IMPORT_DUPLICATES_SKIP)
    {
      ctx->batch_skipped++;
      add_existing_issue (ctx, member);
      return TRUE;
    }

  /* Only for rows that will be written: the union and the employer. */
  if (!resolve_org (ctx, &member->org_id, error))
    return error == NULL || *error == NULL;
  if (!resolve_employer (ctx, &member->employer_id, error))
    return error == NULL || *error == NULL;

  if (exists)
    return update_existing (ctx, member, error);

  if (ctx->dry_run)
    {
      ctx->batch_valid++;
      return TRUE;
    }

  if (!ud_member_store_insert (ctx->db, ctx->actor, member, &local_error))
    {
      if (error_is_fatal (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_issue_from_error (ctx, local_error);
      return TRUE;
    }

  ctx->batch_valid++;
  ctx->batch_imported++;
  return TRUE;
}

static gboolean
batch_begin (RunContext  *ctx,
             GError     **error)
{
  if (ctx->dry_run)
    return TRUE;

  if (!ud_database_begin (ctx->db, error))
    return FALSE;
  ctx->in_transaction = TRUE;
  return TRUE;
}

static void
batch_reset (RunContext *ctx)
{
  ctx->batch_rows = 0;
  ctx->batch_valid = 0;
  ctx->batch_imported = 0;
  ctx->batch_updated = 0;
  ctx->batch_unchanged = 0;
  ctx->batch_skipped = 0;
  ctx->batch_created_employers = 0;
  ctx->committed_issues = ctx->self->issues->len;
  ctx->committed_orgs = ctx->self->created_orgs->len;
}

static gboolean
batch_commit (RunContext  *ctx,
              GError     **error)
{
  UdMemberImport *self = ctx->self;
  gboolean changed;

  if (ctx->in_transaction)
    {
      ctx->in_transaction = FALSE;
      /* On failure ud_database_commit() has rolled back. */
      if (!ud_database_commit (ctx->db, error))
        return FALSE;
    }

  changed = ctx->batch_imported > 0 || ctx->batch_updated > 0
            || ctx->batch_created_employers > 0 || self->created_orgs->len > ctx->committed_orgs;

  self->n_valid += ctx->batch_valid;
  self->n_imported += ctx->batch_imported;
  self->n_updated += ctx->batch_updated;
  self->n_unchanged += ctx->batch_unchanged;
  self->n_skipped += ctx->batch_skipped;
  self->n_created_employers += ctx->batch_created_employers;
  batch_reset (ctx);

  if (changed && !ctx->dry_run)
    ud_database_notify_changed (ctx->db, NULL);

  return TRUE;
}

/* Forgets the batch: nothing of it is stored or counted. */
static void
batch_rollback (RunContext *ctx)
{
  if (ctx->in_transaction)
    ud_database_rollback (ctx->db);
  ctx->in_transaction = FALSE;
  g_ptr_array_set_size (ctx->self->issues, ctx->committed_issues);
  g_ptr_array_set_size (ctx->self->created_orgs, ctx->committed_orgs);
  batch_reset (ctx);
}

static void
reset_results (UdMemberImport *self)
{
  self->n_valid = 0;
  self->n_imported = 0;
  self->n_updated = 0;
  self->n_skipped = 0;
  self->n_unchanged = 0;
  self->n_created_employers = 0;
  g_ptr_array_set_size (self->issues, 0);
  g_ptr_array_set_size (self->created_orgs, 0);
}

gboolean
ud_member_import_run (UdMemberImport        *self,
                      UdDatabase            *db,
                      const UdAccount       *actor,
                      gboolean               dry_run,
                      GCancellable          *cancellable,
                      UdImportProgressFunc   progress,
                      gpointer               progress_data,
                      GError               **error)
{
  g_autoptr(UdCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  RunContext ctx = { 0, };
  const UdCsvRecord *record;
  guint done = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (UD_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (!ud_database_in_transaction (db), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reset_results (self);

  /* Refuse before reading a row: a denied import must not report every row as failed. */
  if (!ud_guard_check_current (db, actor, UD_ACTION_MEMBER_WRITE, error))
    return FALSE;

  if (!mapping_has (self->mapping, self->n_columns, UD_IMPORT_FIELD_NAME)
      || !mapping_has (self->mapping, self->n_columns, UD_IMPORT_FIELD_ID_NUMBER))
    {
      g_set_error (error, UD_ERROR, UD_ERROR_FILE_FORMAT,
                   _("Choose the columns that hold the name and the ID number"));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  reader = open_reader_after_header (self, error);
  if (reader == NULL)
    return FALSE;

  ctx.self = self;
  ctx.db = db;
  ctx.actor = actor;
  ctx.dry_run = dry_run;
  ud_date_today (&ctx.today);
  ctx.default_org_id = self->default_org_id > 0 ? self->default_org_id
                                                : ud_database_get_office_org_id (db);
  ctx.seen_ids = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.seen_chunk = g_string_chunk_new (64 * 1024);
  ctx.org_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.employer_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < N_LISTS; i++)
    ctx.list_values[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.credit_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.cells = g_string_sized_new (512);
  ctx.employer_key = g_string_sized_new (128);
  ctx.next_placeholder = -1;
  batch_reset (&ctx);
  if (!dry_run)
    ud_database_set_bulk_mode (db, TRUE);

  while ((record = ud_csv_reader_next (reader, &local_error)) != NULL)
    {
      if (record_is_blank (record))
        continue;

      if (ctx.batch_rows == 0)
        {
          /* Between transactions: the only place a run stops when cancelled. */
          if (g_cancellable_set_error_if_cancelled (cancellable, &local_error)
              || !batch_begin (&ctx, &local_error))
            break;
        }

      ctx.record = record;
      if (!process_row (&ctx, &local_error))
        break;

      done++;
      if (++ctx.batch_rows >= BATCH_ROWS)
        {
          if (!batch_commit (&ctx, &local_error))
            break;
          if (progress != NULL)
            progress (done, self->n_rows, progress_data);
        }
    }

  if (local_error == NULL && ctx.batch_rows > 0)
    {
      if (batch_commit (&ctx, &local_error) && progress != NULL)
        progress (done, self->n_rows, progress_data);
    }
  if (!dry_run)
    ud_database_set_bulk_mode (db, FALSE);

  if (local_error != NULL)
    {
      batch_rollback (&ctx);
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }

  run_context_clear (&ctx);
  return ok;
}

/* Running in a thread */

typedef struct
{
  UdMemberImport       *self;          /* borrowed: the caller keeps it until _finish() */
  char                 *db_path;       /* owned */
  UdAccount            *actor;         /* owned */
  gboolean              dry_run;
  UdImportProgressFunc  progress;
  gpointer              progress_data;
  GMainContext         *context;       /* owned: the caller's thread-default context */
} RunData;


static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_free (run->db_path);
  ud_account_free (run->actor);
  g_main_context_unref (run->context);
  g_free (run);
}

/* Runs in the worker: hands a copy of the figures to the caller's context. */
static void
progress_to_caller (guint    done,
                    guint    total,
                    gpointer user_data)
{
  RunData *run = user_data;

  ud_progress_invoke (run->context, run->progress, run->progress_data, done, total);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *run = task_data;
  g_autoptr(UdDatabase) db = NULL;
  g_autoptr(GMainContext) worker_context = g_main_context_new ();
  GError *error = NULL;
  gboolean ok = FALSE;

  /* g_main_context_invoke_full() calls the function at once when the target is this thread's
   * default context and can be acquired; with its own default this thread always queues. */
  g_main_context_push_thread_default (worker_context);

  db = ud_database_open_worker (run->db_path, &error);
  if (db != NULL)
    ok = ud_member_import_run (run->self, db, run->actor, run->dry_run, cancellable,
                               run->progress != NULL ? progress_to_caller : NULL, run, &error);

  g_main_context_pop_thread_default (worker_context);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ud_member_import_run_async (UdMemberImport       *self,
                            const char           *db_path,
                            const UdAccount      *actor,
                            gboolean              dry_run,
                            GCancellable         *cancellable,
                            UdImportProgressFunc  progress,
                            gpointer              progress_data,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (self != NULL);
  g_return_if_fail (db_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run = g_new0 (RunData, 1);
  run->self = self;
  run->db_path = g_strdup (db_path);
  run->actor = actor ? ud_account_copy (actor) : NULL;
  run->dry_run = dry_run;
  run->progress = progress;
  run->progress_data = progress_data;
  run->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ud_member_import_run_async);
  g_task_set_task_data (task, run, run_data_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
ud_member_import_run_finish (UdMemberImport  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ud_member_import_run_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Results */

guint
ud_member_import_get_n_valid (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_valid;
}

guint
ud_member_import_get_n_imported (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_imported;
}

guint
ud_member_import_get_n_updated (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_updated;
}

guint
ud_member_import_get_n_skipped (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_skipped;
}

guint
ud_member_import_get_n_unchanged (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_unchanged;
}

GPtrArray *
ud_member_import_get_issues (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->issues;
}

GStrv
ud_member_import_dup_created_orgs (UdMemberImport *self)
{
  GStrv names;

  g_return_val_if_fail (self != NULL, NULL);

  names = g_new0 (char *, self->created_orgs->len + 1);
  for (guint i = 0; i < self->created_orgs->len; i++)
    names[i] = g_strdup (g_ptr_array_index (self->created_orgs, i));
  return names;
}

guint
ud_member_import_get_n_created_employers (UdMemberImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_created_employers;
}

/* The report */

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

/* A value as written back: long digit strings get the leading tab that keeps Excel from turning
 * them into numbers (the import trims it). */
static const char *
report_cell (const char *value,
             GString    *scratch)
{
  if (value == NULL || !ud_csv_excel_would_mangle (value))
    return value != NULL ? value : "";

  g_string_assign (scratch, "\t");
  g_string_append (scratch, value);
  return scratch->str;
}

gboolean
ud_member_import_write_report (UdMemberImport  *self,
                               const char      *path,
                               GError         **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (string_free);
  guint width;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Rows with more values than the header keep them: the header grows unnamed columns. */
  width = self->n_columns;
  for (guint i = 0; i < self->issues->len; i++)
    {
      UdImportIssue *issue = g_ptr_array_index (self->issues, i);
      width = MAX (width, g_strv_length (issue->fields));
    }

  for (guint i = 0; i < width + 2; i++)
    g_ptr_array_add (scratch, g_string_new (NULL));

  for (guint i = 0; i < width; i++)
    g_ptr_array_add (cells, i < self->n_columns ? self->headers[i] : "");
  g_ptr_array_add (cells, (gpointer) _("Line"));
  g_ptr_array_add (cells, (gpointer) _("Problem"));
  ud_csv_append_record (out, (const char * const *) cells->pdata, cells->len);

  for (guint i = 0; i < self->issues->len; i++)
    {
      UdImportIssue *issue = g_ptr_array_index (self->issues, i);
      guint n_fields = g_strv_length (issue->fields);
      char line[16];

      g_ptr_array_set_size (cells, 0);
      for (guint j = 0; j < width; j++)
        g_ptr_array_add (cells, (gpointer) report_cell (j < n_fields ? issue->fields[j] : NULL,
                                                        g_ptr_array_index (scratch, j)));
      g_snprintf (line, sizeof line, "%u", issue->line);
      g_ptr_array_add (cells, line);
      g_ptr_array_add (cells, issue->message);
      ud_csv_append_record (out, (const char * const *) cells->pdata, cells->len);
    }

  return g_file_set_contents (path, out->str, out->len, error);
}
