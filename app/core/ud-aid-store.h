/* ud-aid-store.h — aid applications and medical claims in the database: workflow, rules,
 * guards, outbox, audit, lists and yearly sums
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-account.h"
#include "ud-aid-application.h"
#include "ud-database.h"

G_BEGIN_DECLS

/* Who does what (DESIGN §4, §5):
 *   clerk     create, update (draft or returned), add/update/remove medical claims, submit,
 *             create a condolence batch; a requested amount also needs UD_ACTION_AMOUNT_WRITE
 *   reviewer  review: computes the amount with the rules (the recommendation)
 *   approver  approve — never an application they entered or last changed — at the
 *             recommendation or lower (with a reason), never higher
 *   reviewer or approver: return (submitted, reviewed) or reject (any step before approval),
 *             always with a reason
 *   treasurer mark an approved application payment pending; never changes an amount
 * Every write is one transaction with its outbox rows ("aid_application", "medical_claim"), its
 * audit entries and, for status changes, a status event.
 *
 * The rules (ud-aid-rules.h) run at review with the policy in force on the application's date
 * (the day it was submitted) in the file's region (the applicant's union's region for temporary
 * relief without a file) and the file's category. The application stores the amount, the
 * computation and the policy rows used: a later policy change never rewrites a decision, and a
 * new review uses the value in force on its application's date.
 *
 * What counts as "this year" for caps and cumulative sums: only granted applications
 * (approved and later, ud_aid_status_is_granted()) of the same year, never drafts or
 * applications waiting for a decision. Two applications in progress at once are therefore
 * computed in the order they are approved: a review recomputes from what was granted when it
 * runs, and approval refuses an application whose recommendation was made before another grant
 * of the same household (or person) changed the sums — review it again.
 *
 * Medical relief: the household's (file's) out-of-pocket earlier this year is the sum of the
 * out-of-pocket of every claim of its granted medical applications of the year, and the
 * approved amount this year is the sum of their approved amounts. Within one application the
 * claims are taken in date order (ud_medical_claim_get_date()), each adding to the sums the
 * next one sees. A medical application whose relief is 0 (below the threshold, cap used up) is
 * approved with 0 to record its bills towards the year's cumulative out-of-pocket; it is never
 * paid. Claims must fall in the application's year.
 *
 * Education aid is refused (outcome "refused", amount 0) when the child is aided elsewhere or
 * the same child ID number already has a granted education aid this year; a refused
 * application cannot be approved: reject or return it. Temporary relief is capped per person
 * (the applicant member) and year over all granted temporary relief. Living relief counts the
 * months granted to the household this year. */

/* Validates @app (ud_aid_application_validate()), checks the applicant (a live member; for a
 * file, its worker or a member of its household; defaults to the file's worker when 0) and the
 * file (filed: active or in annual review), and inserts it as a draft with a new number
 * "JZ<year>-NNNNN". The claims in @app->claims of a medical application are inserted too
 * (ud_aid_store_add_claim()). Sets id, uuid, number, version, status. */
gboolean          ud_aid_store_create   (UdDatabase       *db,
                                         const UdAccount  *actor,
                                         UdAidApplication *app,
                                         GError          **error);

/* Saves the editable fields while the application is a draft or returned; @app->version must be
 * the stored version (else UD_ERROR_CONFLICT). The type, workflow fields, computation and
 * claims are not changed here. */
gboolean          ud_aid_store_update   (UdDatabase       *db,
                                         const UdAccount  *actor,
                                         UdAidApplication *app,
                                         GError          **error);

/* Medical claims of a draft or returned medical application. The patient must be the file's
 * worker or one of its household members (by ID number, or by name for a household member
 * without one); the relation is derived. The out-of-pocket is derived; payers above the total
 * are refused (field "total"). @claim->version must be the stored one for an update. */
gboolean          ud_aid_store_add_claim    (UdDatabase       *db,
                                             const UdAccount  *actor,
                                             gint64            application_id,
                                             UdMedicalClaim   *claim,
                                             GError          **error);
gboolean          ud_aid_store_update_claim (UdDatabase       *db,
                                             const UdAccount  *actor,
                                             UdMedicalClaim   *claim,
                                             GError          **error);
gboolean          ud_aid_store_remove_claim (UdDatabase       *db,
                                             const UdAccount  *actor,
                                             gint64            claim_id,
                                             GError          **error);

/* draft / returned → submitted; the application's date (whose policy applies) becomes today.
 * A medical application needs at least one claim, temporary relief a requested amount. */
gboolean          ud_aid_store_submit   (UdDatabase       *db,
                                         const UdAccount  *actor,
                                         gint64            id,
                                         GError          **error);

/* submitted → reviewed: computes the amount (see above), stores computed_fen, the computation
 * and the policy snapshot, and sets approved_fen to the computed amount as the recommendation.
 * @opinion may be NULL. */
gboolean          ud_aid_store_review   (UdDatabase       *db,
                                         const UdAccount  *actor,
                                         gint64            id,
                                         const char       *opinion,
                                         GError          **error);

/* reviewed → approved. @approved_fen < 0 approves the recommendation; a lower amount needs
 * @reason (field "reason") and UD_ACTION_AMOUNT_WRITE; more than the computed amount is
 * refused (field "approved_fen"). A refused computation cannot be approved. */
gboolean          ud_aid_store_approve  (UdDatabase       *db,
                                         const UdAccount  *actor,
                                         gint64            id,
                                         gint64            approved_fen,
                                         const char       *reason,
                                         GError          **error);

/* submitted / reviewed → returned, for the clerk to correct; the computation is cleared. */
gboolean          ud_aid_store_return   (UdDatabase       *db,
                                         const UdAccount  *actor,
                                         gint64            id,
                                         const char       *reason,
                                         GError          **error);

/* draft / submitted / reviewed / returned → rejected. @reason is required. */
gboolean          ud_aid_store_reject   (UdDatabase       *db,
                                         const UdAccount  *actor,
                                         gint64            id,
                                         const char       *reason,
                                         GError          **error);

/* For the payouts, inside their transaction (they guard): the approved application follows
 * its payout line — @status "approved" (line out of a batch), "payment_pending" (in a batch),
 * "paid", "payment_failed" (@reason from the bank) or "reissued". An approval with an amount
 * makes the line (ud-payout-store.h). */
gboolean          ud_aid_store_payment_changed (UdDatabase       *db,
                                                const UdAccount  *actor,
                                                gint64            id,
                                                const char       *status,
                                                const char       *reason,
                                                GError          **error);

/* For the migration that brought payouts: makes the payout line of every application approved
 * with an amount that has none, and puts it back to "approved" (its line waits to be paid).
 * Inside the migration's transaction. */
gboolean          ud_aid_store_add_missing_payouts (UdDatabase  *db,
                                                    GError     **error);

/* With its claims (medical relief), member and file names. */
UdAidApplication *ud_aid_store_get      (UdDatabase  *db,
                                         gint64       id,
                                         GError     **error);

/* Condolence (送温暖) batch: one draft application per filed hardship file (active or in annual
 * review) whose worker is a live member, skipping files that already have one in @batch, with
 * the amount by the file's category from the policy in force today (as the requested and the
 * provisional computed amount; review computes it again). One transaction. */
gboolean          ud_aid_store_create_condolence_batch (UdDatabase      *db,
                                                        const UdAccount *actor,
                                                        int              year,
                                                        const char      *batch,
                                                        guint           *n_created,
                                                        GError         **error);

/* Every draft or returned application of @batch → submitted; every submitted one → reviewed.
 * One transaction each: all or nothing. */
gboolean          ud_aid_store_submit_batch (UdDatabase      *db,
                                             const UdAccount *actor,
                                             const char      *batch,
                                             guint           *n_submitted,
                                             GError         **error);
gboolean          ud_aid_store_review_batch (UdDatabase      *db,
                                             const UdAccount *actor,
                                             const char      *batch,
                                             guint           *n_reviewed,
                                             GError         **error);

/* One entry of an application's status history. */
typedef struct
{
  gint64       id;
  char        *uuid;
  char        *action;        /* "create", "submit", "review", "approve", "return", … */
  UdAidStatus  from_status;
  UdAidStatus  to_status;
  char        *event_date;
  gint64       account_id;
  char        *account_name;
  gint64       amount_fen;    /* the amount decided at this step, or -1 */
  char        *reason;
  char        *created_at;
} UdAidEvent;

void              ud_aid_event_free     (UdAidEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdAidEvent, ud_aid_event_free)

/* Oldest first. */
GPtrArray        *ud_aid_store_history  (UdDatabase  *db,
                                         gint64       id,
                                         GError     **error);

/* A row of a list: never the whole ID number. */
typedef struct
{
  gint64        id;
  char         *number;
  UdAidType     type;
  int           year;
  char         *member_name;
  char         *member_id_masked;
  gint64        file_id;
  char         *file_number;      /* NULL without a file */
  char         *batch;
  gint64        requested_fen;
  gint64        computed_fen;
  gint64        approved_fen;
  UdAidStatus   status;
  char         *status_reason;
  char         *updated_at;
} UdAidApplicationRow;

void              ud_aid_application_row_free (UdAidApplicationRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdAidApplicationRow, ud_aid_application_row_free)

/* What to list; zero or NULL members mean "any". */
typedef struct
{
  gint64      file_id;
  gint64      member_id;
  const char *batch;
  int         year;
  gboolean    filter_type;
  UdAidType   type;
  gboolean    filter_status;
  UdAidStatus status;
} UdAidFilter;

/* Applications matching @filter (NULL for all), newest first; @limit 0 for no limit. */
GPtrArray        *ud_aid_store_list     (UdDatabase        *db,
                                         const UdAidFilter *filter,
                                         guint              offset,
                                         guint              limit,
                                         GError           **error);

/* How many applications match @filter (NULL for all). */
gboolean          ud_aid_store_count    (UdDatabase        *db,
                                         const UdAidFilter *filter,
                                         guint             *out_count,
                                         GError           **error);

G_END_DECLS
