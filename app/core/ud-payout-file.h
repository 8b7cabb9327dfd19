/* ud-payout-file.h — the bank transfer file of a payout batch and the bank's return file
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One transfer to one payee. */
typedef struct
{
  char   *line_uuid;       /* owned: the payout line's UUID, written as the business number */
  int     seq;             /* 1-based number of the line in the batch, unique in the batch */
  char   *payee_name;      /* owned */
  char   *id_number;       /* owned, may be NULL */
  char   *bank_name;       /* owned, may be NULL */
  char   *account;         /* owned: 12 to 30 digits */
  gint64  amount_fen;      /* positive */
  char   *purpose;         /* owned, may be NULL */
} UdTransferLine;

typedef struct
{
  char      *batch_number;        /* owned */
  char      *payer_account_name;  /* owned, may be NULL */
  GDate      date;
  GPtrArray *lines;               /* owned: UdTransferLine, in the order of the file */
} UdTransferBatch;

UdTransferLine  *ud_transfer_line_new    (void);
void             ud_transfer_line_free   (UdTransferLine  *line);

/* A batch with no lines; @date is copied. */
UdTransferBatch *ud_transfer_batch_new   (const char      *batch_number,
                                          const char      *payer_account_name,
                                          const GDate     *date);
void             ud_transfer_batch_free  (UdTransferBatch *batch);

/* Takes ownership of @line. */
void             ud_transfer_batch_add   (UdTransferBatch *batch,
                                          UdTransferLine  *line);

gint64           ud_transfer_batch_total (const UdTransferBatch *batch);

/* Lowercase hexadecimal SHA-256 of this UTF-8 text (every line ends with "\n"):
 *
 *   union-desk-transfer-batch 1
 *   batch <batch number>
 *   date <YYYY-MM-DD>
 *   count <number of lines>
 *   total <sum of the amounts in fen>
 *   <seq>|<account>|<payee name>|<amount in fen>      (one per line, in the order of the file)
 *
 * Numbers are decimal without leading zeros or separators; the name is exactly as written in the
 * file. The date reads "invalid" when the batch has none. */
char            *ud_transfer_batch_checksum (const UdTransferBatch *batch);

/* Refuses a batch with no lines, and a line with no payee name, a non-positive or too large
 * amount, an account that is not 12 to 30 digits, or a sequence number used twice; the message
 * names the line (by sequence number) and the field (UD_ERROR_INVALID_FIELD). */
gboolean         ud_transfer_batch_validate (const UdTransferBatch  *batch,
                                             GError               **error);

/* The bank transfer file as CSV: UTF-8 with a byte-order mark, CRLF, the header row
 * 序号,收款人,身份证号,开户银行,银行账号,金额（元）,用途,业务编号; one row per line with the amount as
 * "1234.56" and the line UUID (or the sequence number when it has none) as the business number;
 * a totals row "合计,<count>,,,,<sum>,,"; and a last row
 * "批次号,<batch number>,付款单位,<payer>,日期,<YYYY-MM-DD>,校验码(SHA-256),<checksum>".
 * Values Excel would turn into numbers (ID and account numbers) get a leading tab.
 * The batch is validated first. The file is written under a temporary name with mode 0600 and
 * renamed over @path only when complete. */
gboolean         ud_transfer_file_write_csv  (const UdTransferBatch  *batch,
                                              const char             *path,
                                              GError                **error);

/* The same rows as one sheet of an Excel workbook: sequence numbers, the count and amounts are
 * numbers (amounts with the format 0.00), everything else text. */
gboolean         ud_transfer_file_write_xlsx (const UdTransferBatch  *batch,
                                              const char             *path,
                                              GError                **error);

/* One line of the bank's return file. */
typedef struct
{
  int       line_number;      /* line of the file (the header is line 1) */
  char     *business_number;  /* owned: our line UUID or sequence number */
  char     *account;          /* owned, spaces and tabs removed */
  gint64    amount_fen;
  gboolean  paid;
  char     *voucher;          /* owned: the bank's voucher number; NULL when failed */
  GDate     date;             /* the value date; cleared (invalid) when the file has none */
  char     *reason;           /* owned: why it failed; NULL when paid */
} UdBankReturnLine;

void ud_bank_return_line_free (UdBankReturnLine *line);

typedef enum
{
  UD_BANK_RETURN_PROBLEM_BAD_LINE,          /* a line of the file cannot be read */
  UD_BANK_RETURN_PROBLEM_NOT_IN_BATCH,      /* the business number is not in the batch */
  UD_BANK_RETURN_PROBLEM_DUPLICATE,         /* a batch line returned a second time */
  UD_BANK_RETURN_PROBLEM_ACCOUNT_MISMATCH,
  UD_BANK_RETURN_PROBLEM_AMOUNT_MISMATCH,
  UD_BANK_RETURN_PROBLEM_MISSING,           /* a batch line not in the return: it stays pending */
} UdBankReturnProblemKind;

typedef struct
{
  UdBankReturnProblemKind  kind;
  int                      line_number;  /* line of the return file; 0 for MISSING */
  int                      seq;          /* sequence number of the batch line; 0 when none */
  char                    *message;      /* owned, translated; names the line and the field */
} UdBankReturnProblem;

void ud_bank_return_problem_free (UdBankReturnProblem *problem);

/* Parses the bank's return file (@length bytes of CSV in UTF-8 or GB18030, comma or tab
 * separated). The header names the columns in Chinese or English, in any order: 业务编号/流水号
 * (business number), 账号 (account), 金额 (amount), 状态 (status: 成功/失败, success/failed),
 * 凭证号 (voucher), 日期 (date), 失败原因 (reason). A paid line needs a voucher and a date, a
 * failed line a reason. Each line that cannot be read is left out and reported in
 * @out_problems (UdBankReturnProblem, BAD_LINE, with its line number); the other lines are
 * returned (UdBankReturnLine). Returns NULL with an error only for a file that cannot be read
 * at all (not text, no header, a missing column). */
GPtrArray *ud_bank_return_parse (const char  *data,
                                 gsize        length,
                                 GPtrArray  **out_problems,
                                 GError     **error);

/* A return line matched to its batch line; both borrowed. */
typedef struct
{
  const UdTransferLine   *line;
  const UdBankReturnLine *result;
} UdBankReturnMatch;

/* Matches @return_lines to the lines of @batch by business number (the line UUID, case
 * insensitive, or the sequence number). A return line whose account or amount disagrees with
 * the batch line is a problem and not matched; so are return lines not in the batch and a batch
 * line returned twice (the first is kept). Batch lines missing from the return are reported as
 * MISSING and stay pending (a partial return). @out_matched receives UdBankReturnMatch (pointers
 * into @batch and @return_lines), @out_problems UdBankReturnProblem.
 * Returns TRUE when every batch line matched and there were no problems. */
gboolean   ud_bank_return_match (const UdTransferBatch  *batch,
                                 GPtrArray              *return_lines,
                                 GPtrArray             **out_matched,
                                 GPtrArray             **out_problems);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdTransferLine, ud_transfer_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdTransferBatch, ud_transfer_batch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdBankReturnLine, ud_bank_return_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdBankReturnProblem, ud_bank_return_problem_free)

G_END_DECLS
