/* ud-member-import.h — importing member rosters (CSV as Chinese offices receive them)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ud-account.h"
#include "ud-database.h"

G_BEGIN_DECLS

/* The member fields a column can map to. */
typedef enum
{
  UD_IMPORT_FIELD_IGNORED = -1,
  UD_IMPORT_FIELD_NAME,
  UD_IMPORT_FIELD_ID_NUMBER,
  UD_IMPORT_FIELD_MOBILE,
  UD_IMPORT_FIELD_EMPLOYER,
  UD_IMPORT_FIELD_CREDIT_CODE,
  UD_IMPORT_FIELD_NEW_EMPLOYMENT,   /* 职业类别 / 新就业形态类别 */
  UD_IMPORT_FIELD_JOIN_DATE,
  UD_IMPORT_FIELD_JOIN_CHANNEL,
  UD_IMPORT_FIELD_ORG,              /* 所属工会: a union by name */
  UD_IMPORT_FIELD_NOTE,
  UD_IMPORT_FIELD_ETHNICITY,
  UD_IMPORT_FIELD_EDUCATION,
  UD_IMPORT_FIELD_HUKOU,
  UD_IMPORT_FIELD_CARD_NUMBER,
  UD_IMPORT_FIELD_SEX,              /* checked against the ID number */
  UD_IMPORT_FIELD_BIRTH_DATE,       /* checked against the ID number */
  UD_IMPORT_FIELD_STATUS,
  UD_IMPORT_N_FIELDS
} UdImportField;

/* What is wrong with a row. The codes match the *.expected.json files in ../shared/data where
 * they exist. */
typedef enum
{
  UD_IMPORT_PROBLEM_MISSING_NAME,
  UD_IMPORT_PROBLEM_BAD_NAME,
  UD_IMPORT_PROBLEM_MISSING_ID_NUMBER,
  UD_IMPORT_PROBLEM_BAD_ID_NUMBER,
  UD_IMPORT_PROBLEM_BAD_CHECKSUM,
  UD_IMPORT_PROBLEM_IMPOSSIBLE_BIRTH_DATE,
  UD_IMPORT_PROBLEM_EXCEL_SCIENTIFIC_NOTATION,
  UD_IMPORT_PROBLEM_BAD_PHONE,
  UD_IMPORT_PROBLEM_BAD_JOIN_DATE,
  UD_IMPORT_PROBLEM_BAD_CREDIT_CODE,
  UD_IMPORT_PROBLEM_BAD_VALUE,          /* an unknown category, channel, status… */
  UD_IMPORT_PROBLEM_MISMATCH,           /* sex or birth date column disagrees with the ID */
  UD_IMPORT_PROBLEM_WRONG_FIELD_COUNT,  /* more fields than the header has */
  UD_IMPORT_PROBLEM_DUPLICATE_IN_FILE,  /* the ID number is on an earlier line of the file */
  UD_IMPORT_PROBLEM_DUPLICATE_EXISTING, /* the ID number already has a live membership */
} UdImportProblem;

/* "bad_checksum", "duplicate_in_file" …: stable codes for reports and tests. */
const char *ud_import_problem_code (UdImportProblem problem);
/* The translated label of a field ("ID number"), for previews and messages. */
const char *ud_import_field_label  (UdImportField   field);

typedef struct
{
  guint            line;      /* 1-based; the header is line 1 */
  UdImportProblem  problem;
  UdImportField    field;
  char            *message;   /* translated, names the field: "ID number: …" */
  GStrv            fields;    /* the row as it was in the file */
} UdImportIssue;

typedef enum
{
  UD_IMPORT_DUPLICATES_SKIP,    /* report rows whose ID is already a member, change nothing */
  UD_IMPORT_DUPLICATES_UPDATE,  /* correct the existing member from the row (kept as history) */
} UdImportDuplicates;

typedef struct _UdMemberImport UdMemberImport;

/* Reads and decodes the whole file (ud-csv), reads the header and maps each column to a field
 * by its Chinese or English name (姓名/name, 身份证号/公民身份号码/id_number, 手机号/联系电话/mobile,
 * 工作单位/employer, 统一社会信用代码/credit_code, 职业类别/新就业形态类别, 入会日期, 入会方式,
 * 所属工会, 备注 …). A file without a name or ID column is refused with a message that lists the
 * columns found. Empty files and header-only files are refused with a clear message. */
UdMemberImport *ud_member_import_new_from_file (const char  *path,
                                                GError     **error);
UdMemberImport *ud_member_import_new_from_data (const char  *data,
                                                gsize        length,
                                                GError     **error);
void            ud_member_import_free          (UdMemberImport *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdMemberImport, ud_member_import_free)

/* "UTF-8", "UTF-8 (BOM)", "GB18030/GBK", "UTF-16". */
const char     *ud_member_import_get_encoding_name (UdMemberImport *self);
guint           ud_member_import_get_n_columns  (UdMemberImport *self);
const char     *ud_member_import_get_header     (UdMemberImport *self,
                                                 guint           column);
UdImportField   ud_member_import_get_mapping    (UdMemberImport *self,
                                                 guint           column);
/* Lets the person change a column's mapping in the wizard. */
void            ud_member_import_set_mapping    (UdMemberImport *self,
                                                 guint           column,
                                                 UdImportField   field);
/* Data records in the file (lines after the header that are not blank). */
guint           ud_member_import_get_n_rows     (UdMemberImport *self);
/* The first @max rows as they are in the file, for the preview (GStrv each). */
GPtrArray      *ud_member_import_preview        (UdMemberImport *self,
                                                 guint           max);

void            ud_member_import_set_duplicates (UdMemberImport     *self,
                                                 UdImportDuplicates  policy);
/* The union for rows without a 所属工会 column or value (default: the office itself). Unions
 * named in the file that do not exist yet are created under the office, their kind guessed
 * from the name (…联合工会 → joint union). */
void            ud_member_import_set_default_org (UdMemberImport *self,
                                                  gint64          org_id);

typedef void (*UdImportProgressFunc) (guint    done,
                                      guint    total,
                                      gpointer user_data);

/* Needs the clerk role (@actor); unions named in the file are created only when @actor may
 * change the organisation tree, else their rows are reported.
 * Validates every row and, unless @dry_run, writes the valid ones (in transactions of a few
 * thousand rows, each member with its history and outbox rows). Every bad row becomes an issue;
 * nothing valid is lost for it. Cancelling stops between transactions: what was committed stays
 * (and is counted), the rest is not written; returns FALSE with G_IO_ERROR_CANCELLED.
 * @progress is called from the running thread. Safe to run again after a dry run. */
gboolean        ud_member_import_run            (UdMemberImport       *self,
                                                 UdDatabase           *db,
                                                 const UdAccount      *actor,
                                                 gboolean              dry_run,
                                                 GCancellable         *cancellable,
                                                 UdImportProgressFunc  progress,
                                                 gpointer              progress_data,
                                                 GError              **error);

/* The same in a worker thread with its own connection to @db_path; @progress is called on the
 * thread-default main context of the caller. */
void            ud_member_import_run_async      (UdMemberImport       *self,
                                                 const char           *db_path,
                                                 const UdAccount      *actor,
                                                 gboolean              dry_run,
                                                 GCancellable         *cancellable,
                                                 UdImportProgressFunc  progress,
                                                 gpointer              progress_data,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        ud_member_import_run_finish     (UdMemberImport       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Results of the last run. */
guint           ud_member_import_get_n_valid    (UdMemberImport *self); /* rows that could go in */
guint           ud_member_import_get_n_imported (UdMemberImport *self); /* new members written */
guint           ud_member_import_get_n_updated  (UdMemberImport *self); /* existing members corrected */
guint           ud_member_import_get_n_skipped  (UdMemberImport *self); /* duplicates left alone */
guint           ud_member_import_get_n_unchanged (UdMemberImport *self); /* update rows that changed nothing */
/* Every problem found, by line (UdImportIssue, owned by the import). */
GPtrArray      *ud_member_import_get_issues     (UdMemberImport *self);
/* Names of the unions and employers the import created. */
GStrv           ud_member_import_dup_created_orgs (UdMemberImport *self);
guint           ud_member_import_get_n_created_employers (UdMemberImport *self);

/* Writes the rows that were not imported (bad rows and skipped duplicates) as a CSV file in
 * UTF-8 with BOM: the original header and fields, plus a last column 错误原因 (translated
 * "Problem") with the message and line. After fixing, the file imports again (the extra column
 * is ignored). */
gboolean        ud_member_import_write_report   (UdMemberImport  *self,
                                                 const char      *path,
                                                 GError         **error);

G_END_DECLS
