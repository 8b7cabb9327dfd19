/* ud-form-layout.h — a printed form (登记表, 审批表) described as data, and its builders
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-database.h"

G_BEGIN_DECLS

/* A form is what a Chinese office files on paper: a centred title, a line above the table
 * (issuing union on the left, record number on the right), one bordered table made of
 * sections, a note under it and a footer ("打印时间 … 经办人 …"). Each section has its own
 * column grid (relative widths) spanning the whole width; its rows hold cells that span one or
 * more columns, and every row's spans add up to the section's columns. A section may start
 * with a title band and may repeat its first rows (a table's headings) after a page break.
 * The layout holds text only: the UI draws it (ud-form-print.c), tests read it. */

#define UD_FORM_MAX_COLUMNS 12

typedef enum
{
  UD_FORM_CELL_VALUE   = 0,       /* a value: left-aligned */
  UD_FORM_CELL_LABEL   = 1 << 0,  /* a label: centred on a tinted ground */
  UD_FORM_CELL_HEADING = 1 << 1,  /* a table's column heading: centred, tinted, bold */
  UD_FORM_CELL_NUMBER  = 1 << 2,  /* an amount or count: right-aligned */
  UD_FORM_CELL_CENTRE  = 1 << 3,  /* centred */
  UD_FORM_CELL_OPINION = 1 << 4,  /* an opinion: the text at the top, room to write, and a
                                   * signature line with the date at the bottom */
} UdFormCellFlags;

typedef struct
{
  const char      *key;        /* static: what the cell shows ("worker_name"), or NULL */
  char            *text;       /* owned, never NULL; may hold line breaks */
  guint            span;       /* columns covered, ≥ 1 */
  UdFormCellFlags  flags;
  char            *signature;  /* owned, OPINION only: "签字（盖章）：" and a name, or NULL */
  char            *date;       /* owned, OPINION only: the date, or NULL for a blank
                                * "年 月 日" to fill in by hand */
} UdFormCell;

typedef struct
{
  GPtrArray *cells;            /* owned: UdFormCell */
  double     min_height_mm;    /* 0: as high as the text */
} UdFormRow;

typedef struct
{
  char      *title;            /* owned: a band across the table, or NULL */
  guint      n_columns;
  double     widths[UD_FORM_MAX_COLUMNS]; /* relative column widths */
  GPtrArray *rows;             /* owned: UdFormRow */
  guint      n_repeat_rows;    /* the first rows, repeated on the next page after a break */
} UdFormSection;

typedef struct
{
  char      *title;            /* owned: "困难职工档案登记表" */
  char      *header_left;      /* owned, or NULL: "填报单位：…" */
  char      *header_right;     /* owned, or NULL: "档案编号：…" */
  GPtrArray *sections;         /* owned: UdFormSection */
  char      *note;             /* owned, or NULL: small print under the table */
  char      *footer;           /* owned, or NULL: "打印时间：… 经办人：…" */
  char      *number;           /* owned, or NULL: the record's number, for a file name */
} UdFormLayout;

UdFormLayout  *ud_form_layout_new         (const char      *title);
void           ud_form_layout_free        (UdFormLayout    *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdFormLayout, ud_form_layout_free)

/* A new section of @n_columns (1 to UD_FORM_MAX_COLUMNS) with relative @widths (NULL: equal
 * columns), owned by @layout. */
UdFormSection *ud_form_layout_add_section (UdFormLayout    *layout,
                                           const char      *title,
                                           guint            n_columns,
                                           const double    *widths);
UdFormRow     *ud_form_section_add_row    (UdFormSection   *section);
/* Adds a cell; NULL @text becomes "". @key must be a static string. */
UdFormCell    *ud_form_row_add_cell       (UdFormRow       *row,
                                           UdFormCellFlags  flags,
                                           guint            span,
                                           const char      *key,
                                           const char      *text);

/* The cell whose key is @key, or NULL. */
const UdFormCell *ud_form_layout_find_cell (const UdFormLayout *layout,
                                            const char         *key);

/* Whether every row's spans add up to its section's columns. */
gboolean       ud_form_layout_check       (const UdFormLayout *layout);

/* Every text of the form in reading order, one cell a line: for tests and screen readers. */
char          *ud_form_layout_dup_text    (const UdFormLayout *layout);

/* An amount in Chinese capital numerals (大写) as cheques and approval forms write it:
 * 1234567 fen → "壹万贰仟叁佰肆拾伍元陆角柒分", 0 → "零元整", 1 → "壹分", 1000 → "壹拾元整",
 * 100000100 → "壹佰万零壹元整"; negative amounts start with "负". */
char          *ud_money_to_chinese_capital (gint64          fen);

/* 困难职工档案登记表 for the hardship file @file_id: the worker, the household members (a table
 * whose heading repeats after a page break), incomes, per-capita income and the 低保 standard
 * used, the category (confirmed and proposed) and causes, the documents checklist, the bank,
 * and the three opinions (grassroots union, review, approval) with signature lines and the
 * dates the steps were taken.
 *
 * Personal numbers: the ID numbers of the worker and the household are printed whole, as on
 * the paper form the office files with the ID card copies (the form is the record, like the
 * editor). The bank account is printed masked (first and last four digits): payment goes
 * through the bank transfer file made from the database, so the paper does not need the whole
 * number, and a form in a cabinet or a wrong printer tray must not carry it; a note under the
 * table says so. */
UdFormLayout  *ud_form_layout_hardship_file  (UdDatabase  *db,
                                              gint64       file_id,
                                              GError     **error);

/* 医疗救助审批表 for the medical relief application @application_id: the applicant (ID number
 * whole, as above) and the hardship category, each claim's patient, diagnosis, hospital,
 * dates, total cost, what each payer paid and the out-of-pocket, with totals; the computation
 * explained line by line from the stored decision (ud_aid_application_explain()); the
 * requested, computed and approved amounts, the approved amount in capital numerals (大写);
 * the applicant's declaration, the review and approval opinions with signature lines and
 * dates. Any other type of application is refused. */
UdFormLayout  *ud_form_layout_medical_relief (UdDatabase  *db,
                                              gint64       application_id,
                                              GError     **error);

G_END_DECLS
