/* ud-payout-store.h — payout lines and batches: what the treasurer pays, and what the bank did
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every approved aid application and insurance claim becomes one payout line (DESIGN §4). A line
 * is pending until the treasurer puts it in a batch; the batch is exported as the bank transfer
 * file and then only the bank's results may be recorded: paid (voucher and date) or failed
 * (reason). A failed line is reissued as a new pending line once its account is corrected. The
 * amount of a line never changes; a record is paid at most once. Every change writes the line's
 * record, its audit entry and its outbox row in one transaction, and moves the application or
 * claim it pays along (approved → payment pending → paid / payment failed → reissued). */
#pragma once

#include <glib.h>

#include "ud-account.h"
#include "ud-database.h"
#include "ud-enums.h"
#include "ud-payout-file.h"

G_BEGIN_DECLS

typedef enum
{
  UD_PAYOUT_SOURCE_AID,        /* "aid": an aid application */
  UD_PAYOUT_SOURCE_INSURANCE,  /* "insurance": a mutual-insurance claim */
} UdPayoutSource;

typedef enum
{
  UD_FUND_CENTRAL_HARDSHIP,    /* "central_hardship" 中央财政帮扶资金 */
  UD_FUND_UNION_FUNDS,         /* "union_funds"      工会经费 */
  UD_FUND_DONATIONS,           /* "donations"        社会捐赠 */
  UD_FUND_MUTUAL_INSURANCE,    /* "mutual_insurance" 互助保障资金 */
} UdFundSource;

#define UD_FUND_N_SOURCES 4

typedef enum
{
  UD_PAYOUT_PENDING,    /* "pending": approved, in no batch yet */
  UD_PAYOUT_IN_BATCH,   /* "in_batch" */
  UD_PAYOUT_PAID,       /* "paid" */
  UD_PAYOUT_FAILED,     /* "failed": the bank refused it; may be reissued */
  UD_PAYOUT_REISSUED,   /* "reissued": failed, and a new line pays it instead */
} UdPayoutStatus;

typedef enum
{
  UD_PAYOUT_BATCH_OPEN,      /* "open": lines may be added and removed */
  UD_PAYOUT_BATCH_EXPORTED,  /* "exported": the transfer file was made; results only */
  UD_PAYOUT_BATCH_CLOSED,    /* "closed": every line has its result */
} UdPayoutBatchStatus;

/* What an approval hands to the payouts: the store copies every string. */
typedef struct
{
  UdPayoutSource  source;
  gint64          source_id;        /* aid_application.id or insurance_claim.id */
  const char     *source_uuid;
  const char     *source_number;    /* the application's or claim's number */
  const char     *category;         /* the aid type ("medical") or the plan kind ("accident") */
  gint64          member_id;
  gint64          org_id;
  const char     *payee_name;
  const char     *payee_id_number;  /* may be NULL */
  const char     *bank_name;        /* may be NULL */
  const char     *bank_account;     /* may be NULL: the treasurer enters it before batching */
  const char     *bank_holder;      /* may be NULL: the payee */
  const char     *holder_reason;    /* needed when the holder is not the payee */
  gint64          amount_fen;       /* > 0 */
  UdFundSource    fund_source;
  const char     *approved_date;    /* YYYY-MM-DD */
} UdPayoutOrigin;

typedef struct
{
  gint64          id;
  char           *uuid;
  gint64          version;
  UdPayoutSource  source;
  gint64          source_id;
  char           *source_uuid;
  char           *source_number;
  char           *category;
  gint64          member_id;
  gint64          org_id;
  char           *org_name;          /* read from the org */
  char           *payee_name;
  char           *payee_id_number;
  char           *bank_name;
  char           *bank_account;
  char           *bank_holder;
  char           *holder_reason;
  gint64          amount_fen;
  UdFundSource    fund_source;
  UdPayoutStatus  status;
  gint64          batch_id;          /* 0 when none */
  char           *batch_number;      /* NULL when none */
  int             batch_seq;
  char           *voucher;
  char           *paid_date;
  char           *failure_reason;
  char           *failed_date;
  gint64          reissued_from;     /* 0 when none */
  char           *approved_date;
  gint64          created_by;
  gint64          last_edited_by;
  char           *created_at;
  char           *updated_at;
} UdPayout;

void            ud_payout_free        (UdPayout *payout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdPayout, ud_payout_free)

/* Called by the aid and insurance stores inside the transaction of an approval: makes the
 * pending payout line of @origin. No guard here: the approval was guarded. Refuses a second
 * live line for the same record (UD_ERROR_CONFLICT), an amount ≤ 0 (field "amount_fen"), and a
 * holder other than the payee without a reason (field "holder_reason"). */
gboolean        ud_payout_store_create_for_origin (UdDatabase            *db,
                                                   const UdAccount       *actor,
                                                   const UdPayoutOrigin  *origin,
                                                   gint64                *out_id,
                                                   GError               **error);

UdPayout       *ud_payout_store_get   (UdDatabase  *db,
                                       gint64       id,
                                       GError     **error);

/* The live line (not reissued) of a record, or NULL without an error when there is none. */
UdPayout       *ud_payout_store_get_for_source (UdDatabase      *db,
                                                UdPayoutSource   source,
                                                gint64           source_id,
                                                GError         **error);

typedef struct
{
  gint64               id;
  char                *uuid;
  gint64               version;
  char                *number;          /* FF2026-0001 */
  UdPayoutBatchStatus  status;
  char                *note;
  int                  line_count;
  gint64               total_fen;
  char                *checksum;        /* from the export on */
  char                *transfer_date;   /* YYYY-MM-DD, from the export on */
  char                *exported_at;
  gint64               exported_by;
  char                *closed_at;
  gint64               created_by;
  char                *created_at;
  char                *updated_at;
  /* Counted from the lines */
  int                  n_paid;
  int                  n_failed;
  gint64               paid_fen;
} UdPayoutBatch;

void            ud_payout_batch_free  (UdPayoutBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdPayoutBatch, ud_payout_batch_free)

/* A query over the payout lines, for lists and the CLI. Zero/NULL fields do not filter. */
typedef struct
{
  int          status;        /* UdPayoutStatus, or -1 for all */
  int          fund_source;   /* UdFundSource, or -1 for all */
  gint64       batch_id;      /* 0: any */
  const char  *text;          /* payee name, record number or voucher, a part of it */
} UdPayoutFilter;

#define UD_PAYOUT_FILTER_INIT { -1, -1, 0, NULL }

/* Lines matching @filter, newest approvals first, @offset/@limit for paging (limit 0: all). */
GPtrArray      *ud_payout_store_list  (UdDatabase            *db,
                                       const UdPayoutFilter  *filter,
                                       guint                  offset,
                                       guint                  limit,
                                       GError               **error);
gboolean        ud_payout_store_count (UdDatabase            *db,
                                       const UdPayoutFilter  *filter,
                                       guint                 *out_count,
                                       GError               **error);

/* The lines ready for a batch: waiting to be paid and with a bank account, the oldest approval
 * first; @fund_source (UdFundSource) only that fund's, or -1 for all. */
GArray         *ud_payout_store_list_ready (UdDatabase  *db,
                                            int          fund_source,
                                            GError     **error);

/* The lines of a batch in their order. */
GPtrArray      *ud_payout_store_list_batch_lines (UdDatabase  *db,
                                                  gint64       batch_id,
                                                  GError     **error);

/* The treasurer (UD_ACTION_PAY) enters or corrects the bank details of a line waiting to be paid:
 * @bank_account 12–30 digits (field "bank_account"); a holder other than the payee needs
 * @holder_reason (field "holder_reason"). Never the amount. A line that went to the bank keeps the
 * account it was sent with: a failed one is corrected when it is reissued. */
gboolean        ud_payout_store_set_account (UdDatabase       *db,
                                             const UdAccount  *actor,
                                             gint64            id,
                                             const char       *bank_name,
                                             const char       *bank_account,
                                             const char       *bank_holder,
                                             const char       *holder_reason,
                                             GError          **error);

/* The fund a pending line is paid from (UD_ACTION_PAY). */
gboolean        ud_payout_store_set_fund_source (UdDatabase       *db,
                                                 const UdAccount  *actor,
                                                 gint64            id,
                                                 UdFundSource      fund_source,
                                                 GError          **error);

/* Batches (UD_ACTION_PAY). A new open batch of the pending lines @ids (in that order); each
 * must be pending with a valid account and a holder that is the payee or has a reason. */
gboolean        ud_payout_store_create_batch (UdDatabase       *db,
                                              const UdAccount  *actor,
                                              const gint64     *ids,
                                              guint             n_ids,
                                              const char       *note,
                                              gint64           *out_batch_id,
                                              GError          **error);

/* Adds pending lines to an open batch, or takes lines out of it (they are pending again). */
gboolean        ud_payout_store_add_to_batch (UdDatabase       *db,
                                              const UdAccount  *actor,
                                              gint64            batch_id,
                                              const gint64     *ids,
                                              guint             n_ids,
                                              GError          **error);
gboolean        ud_payout_store_remove_from_batch (UdDatabase       *db,
                                                   const UdAccount  *actor,
                                                   const gint64     *ids,
                                                   guint             n_ids,
                                                   GError          **error);

/* Deletes an open batch (its lines are pending again). */
gboolean        ud_payout_store_discard_batch (UdDatabase       *db,
                                               const UdAccount  *actor,
                                               gint64            batch_id,
                                               GError          **error);

UdPayoutBatch  *ud_payout_store_get_batch (UdDatabase  *db,
                                           gint64       id,
                                           GError     **error);
UdPayoutBatch  *ud_payout_store_find_batch (UdDatabase  *db,
                                            const char  *number,
                                            GError     **error);
/* Batches, newest first; @status -1 for all. */
GPtrArray      *ud_payout_store_list_batches (UdDatabase  *db,
                                              int          status,
                                              GError     **error);

/* The transfer file's content of a batch (open or exported): what the bank is asked to do. */
UdTransferBatch *ud_payout_store_build_transfer (UdDatabase  *db,
                                                 gint64       batch_id,
                                                 GError     **error);

typedef enum
{
  UD_PAYOUT_FILE_CSV,
  UD_PAYOUT_FILE_XLSX,
} UdPayoutFileFormat;

/* Writes the bank transfer file of @batch_id to @path (UD_ACTION_PAY). The first export fixes the
 * batch (status exported, transfer date today, total and checksum recorded); exporting it again
 * writes the same lines and checksum. Audited (the file holds account numbers). */
gboolean        ud_payout_store_export_batch (UdDatabase          *db,
                                              const UdAccount     *actor,
                                              gint64               batch_id,
                                              const char          *path,
                                              UdPayoutFileFormat   format,
                                              GError             **error);

/* Records the bank's result for one line of an exported batch (UD_ACTION_PAY): paid with the
 * voucher number and the value date (fields "voucher", "paid_date"), or failed with a reason
 * (field "failure_reason"). A line is paid at most once: a second result is refused
 * (UD_ERROR_INVALID_TRANSITION) naming the voucher it has. When every line of the batch has its
 * result the batch is closed. */
gboolean        ud_payout_store_record_paid   (UdDatabase       *db,
                                               const UdAccount  *actor,
                                               gint64            id,
                                               const char       *voucher,
                                               const GDate      *paid_date,
                                               GError          **error);
gboolean        ud_payout_store_record_failed (UdDatabase       *db,
                                               const UdAccount  *actor,
                                               gint64            id,
                                               const char       *reason,
                                               const GDate      *failed_date,
                                               GError          **error);

/* What importing a bank return file did. */
typedef struct
{
  guint      n_paid;       /* lines recorded as paid now */
  guint      n_failed;     /* lines recorded as failed now */
  guint      n_unchanged;  /* lines that already had this same result (a file imported twice) */
  guint      n_pending;    /* lines of the batch still without a result */
  GPtrArray *problems;     /* owned: UdBankReturnProblem (translated messages naming the line) */
} UdBankReturnReport;

void            ud_bank_return_report_free (UdBankReturnReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdBankReturnReport, ud_bank_return_report_free)

/* Reads the bank's return file at @path for the exported batch @batch_id and records every line
 * it matches, in one transaction (UD_ACTION_PAY). Lines it cannot match (unknown, account or
 * amount differing, duplicated, unreadable) are left alone and listed in the report; a line that
 * already has a different result is a problem too. A partial return leaves the rest in the batch.
 * Returns NULL with an error only when nothing could be read or recorded. */
UdBankReturnReport *ud_payout_store_import_bank_return (UdDatabase       *db,
                                                        const UdAccount  *actor,
                                                        gint64            batch_id,
                                                        const char       *path,
                                                        GError          **error);

/* A failed line is paid again (UD_ACTION_PAY): it becomes reissued and stays as the bank saw it,
 * and a new pending line with the same amount takes its place (reissued_from names the failed
 * line), on the corrected account given here — @bank_account NULL keeps the failed line's
 * details (a failure that was not the account's). The account is checked as in
 * ud_payout_store_set_account(). *@out_id gets the new line. */
gboolean        ud_payout_store_reissue (UdDatabase       *db,
                                         const UdAccount  *actor,
                                         gint64            id,
                                         const char       *bank_name,
                                         const char       *bank_account,
                                         const char       *bank_holder,
                                         const char       *holder_reason,
                                         gint64           *out_id,
                                         GError          **error);

/* What a line pays, translated: the aid type ("Temporary relief") or the insurance plan ("Mutual
 * insurance: Accident injury"); the stored category itself when it is unknown. */
char           *ud_payout_dup_category_label (UdPayoutSource  source,
                                              const char     *category);

/* Where a line stands, translated: "To pay", "In a batch: FF2026-0001", "Paid on 2026-11-20,
 * voucher B0001", "Failed on 2026-11-20: 户名不符". */
char           *ud_payout_dup_status_text    (const UdPayout *payout);

/* Stored codes, labels and Chinese aliases (ud_enum_code(), ud_enum_label(), ud_enum_from_text()). */
extern const UdEnumInfo ud_payout_source_info;
extern const UdEnumInfo ud_fund_source_info;
extern const UdEnumInfo ud_payout_status_info;
extern const UdEnumInfo ud_payout_batch_status_info;

G_END_DECLS
