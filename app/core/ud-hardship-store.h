/* ud-hardship-store.h — hardship files in the database: workflow, guards, outbox, audit, queues
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-account.h"
#include "ud-database.h"
#include "ud-hardship.h"

G_BEGIN_DECLS

/* Who does what (DESIGN §4, §5):
 *   clerk     create, update (draft, returned, annual review), submit, start an annual review,
 *             reopen an exited file on relapse
 *   reviewer  start verification, publicise, review (confirm or override the category), conclude
 *             an annual review, exit a filed household
 *   approver  file (approve) a reviewed file — never one they entered or last changed
 *   reviewer or approver: return or reject from any step, always with a reason
 * Every write is one transaction with its outbox rows ("hardship_file", "household_member"),
 * its audit entry and, for status changes, a status event. */

/* Validates @file, computes the income figures and the proposed category from the policy in
 * force today for the file's region (storing the values used), checks that no ID number of the
 * household is in another live file, and inserts it as a draft with a new file number. The
 * worker is @file->member_id, a live member; the org defaults to the worker's union. */
gboolean        ud_hardship_store_create  (UdDatabase      *db,
                                           const UdAccount *actor,
                                           UdHardshipFile  *file,
                                           GError         **error);

/* Saves changes while the file is a draft, returned or in annual review; @file->version must be
 * the stored version (else UD_ERROR_CONFLICT). Recomputes as ud_hardship_store_create() does.
 * Household members are matched by uuid: new ones are added, missing ones deleted. */
gboolean        ud_hardship_store_update  (UdDatabase      *db,
                                           const UdAccount *actor,
                                           UdHardshipFile  *file,
                                           GError         **error);

/* draft / returned → submitted. */
gboolean        ud_hardship_store_submit  (UdDatabase      *db,
                                           const UdAccount *actor,
                                           gint64           file_id,
                                           const char      *opinion,
                                           GError         **error);

/* submitted → verifying. */
gboolean        ud_hardship_store_start_verification (UdDatabase      *db,
                                                      const UdAccount *actor,
                                                      gint64           file_id,
                                                      GError         **error);

/* verifying → publicised from @start (YYYY-MM-DD; NULL for today) for the number of days the
 * policy sets (UD_POLICY_PUBLICITY_DAYS in force on @start). */
gboolean        ud_hardship_store_publicise (UdDatabase      *db,
                                             const UdAccount *actor,
                                             gint64           file_id,
                                             const char      *start,
                                             GError         **error);

/* The first day a publicised file may move on: publicity_start + publicity_days. FALSE when
 * the file is not in publicity. */
gboolean        ud_hardship_file_publicity_end (const UdHardshipFile *file,
                                                GDate                *out);

/* publicised → reviewed, once the publicity period is over. @category confirms the proposed
 * category or overrides it; @reason is required when it differs. NONE is refused: reject the
 * file instead. */
gboolean        ud_hardship_store_review  (UdDatabase         *db,
                                           const UdAccount    *actor,
                                           gint64              file_id,
                                           UdHardshipCategory  category,
                                           const char         *reason,
                                           const char         *opinion,
                                           GError            **error);

/* reviewed → active (filed) by an approver other than the one who entered or last changed it;
 * review_year becomes this year. */
gboolean        ud_hardship_store_approve (UdDatabase      *db,
                                           const UdAccount *actor,
                                           gint64           file_id,
                                           const char      *opinion,
                                           GError         **error);

/* submitted / verifying / publicised / reviewed / annual review → returned (for the clerk to
 * correct and submit again). @reason is required. */
gboolean        ud_hardship_store_return  (UdDatabase      *db,
                                           const UdAccount *actor,
                                           gint64           file_id,
                                           const char      *reason,
                                           GError         **error);

/* Any step before filing → rejected; frees the file's ID numbers. @reason is required. */
gboolean        ud_hardship_store_reject  (UdDatabase      *db,
                                           const UdAccount *actor,
                                           gint64           file_id,
                                           const char      *reason,
                                           GError         **error);

/* active → annual review (clerk). */
gboolean        ud_hardship_store_start_annual_review (UdDatabase      *db,
                                                       const UdAccount *actor,
                                                       gint64           file_id,
                                                       GError         **error);

typedef enum
{
  UD_ANNUAL_REVIEW_KEEP,        /* stays filed in its category */
  UD_ANNUAL_REVIEW_RECLASSIFY,  /* stays filed in a new category (with a reason) */
  UD_ANNUAL_REVIEW_EXIT,        /* leaves (with an exit reason) */
} UdAnnualReviewOutcome;

/* annual review → active (keep or reclassify to @category) or exited (@exit_reason); review_year
 * becomes this year. A reason is required to reclassify and to exit. */
gboolean        ud_hardship_store_conclude_annual_review (UdDatabase            *db,
                                                          const UdAccount       *actor,
                                                          gint64                 file_id,
                                                          UdAnnualReviewOutcome  outcome,
                                                          UdHardshipCategory     category,
                                                          UdHardshipExitReason   exit_reason,
                                                          const char            *reason,
                                                          GError               **error);

/* active → exited during the year (a death, a move …) with @exit_reason and @reason. */
gboolean        ud_hardship_store_exit    (UdDatabase           *db,
                                           const UdAccount      *actor,
                                           gint64                file_id,
                                           UdHardshipExitReason  exit_reason,
                                           const char           *reason,
                                           GError              **error);

/* exited → draft on relapse (clerk), with @reason; refused while another live file holds one of
 * its ID numbers. */
gboolean        ud_hardship_store_reopen  (UdDatabase      *db,
                                           const UdAccount *actor,
                                           gint64           file_id,
                                           const char      *reason,
                                           GError         **error);

UdHardshipFile *ud_hardship_store_get     (UdDatabase  *db,
                                           gint64       id,
                                           GError     **error);

/* The live file that holds @id_number as worker or household member, or NULL without error. */
UdHardshipFile *ud_hardship_store_find_live (UdDatabase *db,
                                             const char *id_number,
                                             GError    **error);

/* One entry of a file's status history. */
typedef struct
{
  gint64            id;
  char             *uuid;
  char             *action;       /* "create", "submit", "review", "return", … */
  UdHardshipStatus  from_status;
  UdHardshipStatus  to_status;
  char             *event_date;
  gint64            account_id;
  char             *account_name;
  char             *reason;
  char             *created_at;
} UdHardshipEvent;

void            ud_hardship_event_free    (UdHardshipEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdHardshipEvent, ud_hardship_event_free)

/* Oldest first. */
GPtrArray      *ud_hardship_store_history (UdDatabase  *db,
                                           gint64       file_id,
                                           GError     **error);

/* A row of a list: never the whole ID number or bank account. */
typedef struct
{
  gint64              id;
  char               *file_number;
  char               *worker_name;
  char               *worker_id_masked;
  char               *org_name;
  UdHardshipStatus    status;
  UdHardshipCategory  category;
  UdHardshipCategory  proposed_category;
  gint64              per_capita_monthly_fen;
  int                 review_year;
  char               *publicity_end;      /* first day after publicity, or NULL */
  char               *bank_account_masked;
  char               *updated_at;
} UdHardshipFileRow;

void            ud_hardship_file_row_free (UdHardshipFileRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdHardshipFileRow, ud_hardship_file_row_free)

typedef enum
{
  UD_HARDSHIP_QUEUE_ANNUAL_REVIEW_DUE,  /* filed with review_year before this year */
  UD_HARDSHIP_QUEUE_CLERK,              /* drafts and returned files */
  UD_HARDSHIP_QUEUE_REVIEWER,           /* submitted, verifying, publicity over, annual review */
  UD_HARDSHIP_QUEUE_APPROVER,           /* reviewed */
  UD_HARDSHIP_QUEUE_PUBLICITY_ENDING,   /* publicity whose last day is within @within_days */
} UdHardshipQueue;

/* The files of @queue as of @today (NULL for the real date), oldest change first. */
GPtrArray      *ud_hardship_store_queue   (UdDatabase      *db,
                                           UdHardshipQueue  queue,
                                           const GDate     *today,
                                           int              within_days,
                                           GError         **error);

G_END_DECLS
