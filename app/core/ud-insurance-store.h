/* ud-insurance-store.h — mutual insurance (职工互助保障) in the database: plans, enrollment
 * rosters, premium payments and claims with their assessment, guards, audit and outbox
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ud-account.h"
#include "ud-database.h"
#include "ud-enums.h"
#include "ud-insurance-rules.h"
#include "ud-progress.h"

G_BEGIN_DECLS

/* Who does what (DESIGN §4, §5):
 *   admin     edits plans (UD_ACTION_POLICY_WRITE)
 *   clerk     makes enrollment rosters and reports claims (UD_ACTION_HARDSHIP_WRITE)
 *   treasurer records the premium payment of a roster (UD_ACTION_PAY)
 *   reviewer  marks a claim's documents complete and assesses it (UD_ACTION_REVIEW)
 *   approver  approves an assessed claim — never one they reported or last changed — which
 *             makes its payout line (ud_payout_store_create_for_origin())
 *   reviewer or approver: rejects a claim before approval, always with a reason
 * Every write is one transaction with its outbox rows ("insurance_plan", "insurance_enrollment",
 * "insurance_claim"; the record's version +1 on every change) and its audit entries.
 *
 * An enrollment keeps the plan definition it was sold under (plan_snapshot): editing a plan
 * changes only enrollments made afterwards. Coverage starts at 00:00 the day after the premium
 * payment and ends on ud_insurance_term_end(); a member who leaves the union keeps the cover
 * until then. The assessment of a claim uses its enrollment's snapshot, shares and dates, and
 * what the enrollment's granted claims (approved and later) paid before — money towards the
 * per-term cap and days towards the daily allowance's maximum. */

typedef enum
{
  UD_INSURANCE_PAYER_MEMBER,    /* "member"   会员自付 */
  UD_INSURANCE_PAYER_UNION,     /* "union"    工会支付 */
  UD_INSURANCE_PAYER_EMPLOYER,  /* "employer" 单位支付 */
} UdInsurancePayer;

typedef enum
{
  UD_INSURANCE_ENROLLMENT_UNPAID,     /* "unpaid": the premium is not recorded yet */
  UD_INSURANCE_ENROLLMENT_COVERED,    /* "covered": paid; coverage_start and term_end set */
  UD_INSURANCE_ENROLLMENT_CANCELLED,  /* "cancelled": with cancel_reason */
} UdInsuranceEnrollmentStatus;

/* reported → documents_complete → assessed → approved → payment_pending → paid, or
 * payment_failed → reissued → payment_pending …; rejected with a reason before approval. */
typedef enum
{
  UD_INSURANCE_CLAIM_REPORTED,
  UD_INSURANCE_CLAIM_DOCUMENTS_COMPLETE,
  UD_INSURANCE_CLAIM_ASSESSED,
  UD_INSURANCE_CLAIM_APPROVED,
  UD_INSURANCE_CLAIM_PAYMENT_PENDING,
  UD_INSURANCE_CLAIM_PAID,
  UD_INSURANCE_CLAIM_PAYMENT_FAILED,
  UD_INSURANCE_CLAIM_REISSUED,
  UD_INSURANCE_CLAIM_REJECTED,
} UdInsuranceClaimStatus;

extern const UdEnumInfo ud_insurance_payer_info;
extern const UdEnumInfo ud_insurance_enrollment_status_info;
extern const UdEnumInfo ud_insurance_claim_status_info;

/* Approved and every payment status: what counts towards the term's caps. */
gboolean ud_insurance_claim_status_is_granted (UdInsuranceClaimStatus status);

/* The translated label of a benefit-table event code ("grade_3" → "Disability grade 3"). */
char    *ud_insurance_event_dup_label (const char *event);

/* Plans */

typedef struct
{
  gint64           id;
  char            *uuid;
  gint64           version;
  UdInsurancePlan  plan;
  gboolean         active;        /* inactive plans take no new enrollments */
  gint64           updated_by;
  char            *created_at;
  char            *updated_at;
} UdInsurancePlanRecord;

void      ud_insurance_plan_record_free (UdInsurancePlanRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdInsurancePlanRecord, ud_insurance_plan_record_free)

/* Inserts the seven default plans (ud_insurance_plans_defaults()) that are not there yet, with
 * their outbox rows. Called by the schema migration; no actor, no guard. */
gboolean  ud_insurance_store_insert_default_plans (UdDatabase  *db,
                                                   GError     **error);

/* The plans in the order of UdInsurancePlanKind (UdInsurancePlanRecord). */
GPtrArray *ud_insurance_store_list_plans (UdDatabase  *db,
                                          GError     **error);

UdInsurancePlanRecord *
          ud_insurance_store_get_plan   (UdDatabase           *db,
                                         UdInsurancePlanKind   kind,
                                         GError              **error);

/* Admin: validates @plan (ud_insurance_plan_validate()) and stores it as the definition of its
 * kind; @version must be the stored version (else UD_ERROR_CONFLICT). */
gboolean  ud_insurance_store_update_plan (UdDatabase             *db,
                                          const UdAccount        *actor,
                                          const UdInsurancePlan  *plan,
                                          gboolean                active,
                                          gint64                  version,
                                          GError                **error);

/* Enrollments */

typedef struct
{
  gint64                       id;
  char                        *uuid;
  gint64                       version;
  gint64                       plan_id;
  UdInsurancePlanKind          plan_kind;
  UdInsurancePlan              plan;             /* read from plan_snapshot */
  gint64                       member_id;
  gint64                       org_id;
  char                        *roster;
  int                          term_year;
  int                          shares;
  gint64                       premium_fen;
  UdInsurancePayer             payer;
  UdInsuranceEnrollmentStatus  status;
  char                        *payment_date;
  char                        *payment_note;
  char                        *coverage_start;
  char                        *term_end;
  char                        *cancel_reason;
  gint64                       created_by;
  gint64                       last_edited_by;
  char                        *created_at;
  char                        *updated_at;

  /* Filled when reading */
  char                        *member_name;
  char                        *member_uuid;
  char                        *member_id_masked;
  UdMemberStatus               member_status;
  char                        *org_name;
} UdInsuranceEnrollment;

void      ud_insurance_enrollment_free (UdInsuranceEnrollment *enrollment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdInsuranceEnrollment, ud_insurance_enrollment_free)

/* Who a roster enrolls: the members of @org_id (and of its subordinate unions when
 * @subordinates) — every active member when @all_active, else those matching the filters — or,
 * when @member_ids is given, exactly those members (any org). */
typedef struct
{
  UdInsurancePlanKind  plan_kind;
  int                  term_year;
  int                  shares;
  UdInsurancePayer     payer;
  gint64               org_id;
  gboolean             subordinates;
  gboolean             all_active;
  gboolean             filter_status;
  UdMemberStatus       status;
  gboolean             filter_category;
  UdNewEmployment      category;
  const gint64        *member_ids;
  guint                n_member_ids;
} UdInsuranceRosterRequest;

typedef struct
{
  gint64   member_id;
  char    *member_name;
  char    *member_id_masked;
  char    *birth_date;
  gboolean refused;
  char    *reason;           /* why refused, translated; NULL when enrolled */
  gint64   enrollment_id;    /* 0 in a preview or when refused */
} UdInsuranceRosterEntry;

typedef struct
{
  char      *roster;          /* NULL in a preview */
  char      *coverage_start;  /* the expected coverage start the ages were checked on */
  GPtrArray *entries;         /* UdInsuranceRosterEntry, enrolled and refused, by name */
  guint      n_enrolled;
  guint      n_refused;
  gint64     premium_total_fen;
} UdInsuranceRosterResult;

void      ud_insurance_roster_result_free (UdInsuranceRosterResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdInsuranceRosterResult, ud_insurance_roster_result_free)

/* What a roster would do, without writing: each member enrolled or refused with the reason —
 * outside the plan's age window on the expected coverage start (the day after today, or 1
 * January of the term year when that is later), shares above the plan's maximum, a member
 * whose membership is not live, or already enrolled in the plan for that term. Errors are for
 * a bad request (an inactive plan, an unknown org, a term year outside 2000–2999). */
UdInsuranceRosterResult *
          ud_insurance_store_preview_roster (UdDatabase                     *db,
                                             const UdInsuranceRosterRequest *request,
                                             GCancellable                   *cancellable,
                                             GError                        **error);

/* Clerk: the same, and inserts an unpaid enrollment for every member not refused under a new
 * roster number "BZ<year>-NNNN", with the plan's current definition as snapshot and the premium
 * for the whole term (ud_insurance_premium()). One transaction; @progress (may be NULL) is
 * called as members are done. A roster in which every member is refused is an error. */
UdInsuranceRosterResult *
          ud_insurance_store_enroll_roster (UdDatabase                     *db,
                                            const UdAccount                *actor,
                                            const UdInsuranceRosterRequest *request,
                                            UdProgressFunc                  progress,
                                            gpointer                        progress_data,
                                            GCancellable                   *cancellable,
                                            GError                        **error);

/* Either of the two above in a worker thread with a connection of its own to the database at
 * @db_path: a preview when @actor is NULL, else the roster is enrolled as @actor (copied).
 * @request is copied. @progress is called in the caller's thread-default context, always before
 * @callback. */
void      ud_insurance_store_roster_async   (const char                     *db_path,
                                             const UdAccount                *actor,
                                             const UdInsuranceRosterRequest *request,
                                             GCancellable                   *cancellable,
                                             UdProgressFunc                  progress,
                                             gpointer                        progress_data,
                                             GAsyncReadyCallback             callback,
                                             gpointer                        user_data);
UdInsuranceRosterResult *
          ud_insurance_store_roster_finish  (GAsyncResult                   *result,
                                             GError                        **error);

/* Treasurer: records the premium payment of every unpaid enrollment of @roster on
 * @payment_date (not in the future): coverage starts the day after and ends with the term.
 * Members who are outside the age window on that actual coverage start are cancelled with the
 * reason (*@n_cancelled). One transaction. */
gboolean  ud_insurance_store_record_payment (UdDatabase       *db,
                                             const UdAccount  *actor,
                                             const char       *roster,
                                             const char       *payment_date,
                                             const char       *note,
                                             guint            *n_paid,
                                             guint            *n_cancelled,
                                             GError          **error);

/* Clerk: cancels an unpaid enrollment with @reason. */
gboolean  ud_insurance_store_cancel_enrollment (UdDatabase       *db,
                                                const UdAccount  *actor,
                                                gint64            id,
                                                const char       *reason,
                                                GError          **error);

UdInsuranceEnrollment *
          ud_insurance_store_get_enrollment (UdDatabase  *db,
                                             gint64       id,
                                             GError     **error);

typedef struct
{
  gint64                       member_id;      /* 0 for any */
  const char                  *roster;         /* NULL for any */
  gboolean                     filter_plan;
  UdInsurancePlanKind          plan_kind;
  gboolean                     filter_status;
  UdInsuranceEnrollmentStatus  status;
  int                          term_year;      /* 0 for any */
  const char                  *search;         /* member name, ID-number tail or roster */
} UdInsuranceEnrollmentFilter;

/* Enrollments matching @filter (NULL for all), newest first; @limit 0 for no limit. */
GPtrArray *ud_insurance_store_list_enrollments  (UdDatabase                        *db,
                                                 const UdInsuranceEnrollmentFilter *filter,
                                                 guint                              offset,
                                                 guint                              limit,
                                                 GError                           **error);
gboolean   ud_insurance_store_count_enrollments (UdDatabase                        *db,
                                                 const UdInsuranceEnrollmentFilter *filter,
                                                 guint                             *out_count,
                                                 GError                           **error);

/* The enrollment a claim of @member_id under @plan_kind for an event on @event_date belongs to:
 * the covered one whose coverage holds that date, else the latest covered one (the assessment
 * then refuses the dates). UD_ERROR_NOT_FOUND when the member has no paid enrollment. */
gboolean  ud_insurance_store_find_enrollment (UdDatabase           *db,
                                              gint64                member_id,
                                              UdInsurancePlanKind   plan_kind,
                                              const char           *event_date,
                                              gint64               *out_id,
                                              GError              **error);

/* The same for the member holding @id_number (normalised), whether or not the membership is
 * still live: a member who left keeps the cover. */
gboolean  ud_insurance_store_find_enrollment_by_id_number (UdDatabase           *db,
                                                           const char           *id_number,
                                                           UdInsurancePlanKind   plan_kind,
                                                           const char           *event_date,
                                                           gint64               *out_id,
                                                           GError              **error);

/* Claims */

typedef struct
{
  gint64                  id;
  char                   *uuid;
  gint64                  version;
  char                   *number;          /* made by the store: "LP2026-00001" */
  gint64                  enrollment_id;
  gint64                  member_id;       /* the enrollment's member */
  char                   *event;           /* a row of the plan's benefit table */
  char                   *event_date;      /* 出险日期, YYYY-MM-DD */
  int                     days;            /* hospital days for a daily allowance */
  gint64                  loss_fen;        /* the loss for a refund */
  char                   *description;
  char                   *documents;
  char                   *payee_name;      /* defaults to the member */
  char                   *payee_id_number;
  char                   *bank_name;
  char                   *bank_account;
  char                   *bank_holder;
  char                   *holder_reason;
  UdInsuranceClaimStatus  status;
  char                   *outcome;         /* of the assessment: "granted", "capped" … */
  gint64                  assessed_fen;
  int                     days_paid;
  gint64                  approved_fen;
  char                   *computation;     /* JSON: ud_insurance_assessment_to_json() + lines */
  char                   *status_reason;
  char                   *reported_date;
  char                   *assessed_date;
  char                   *approved_date;
  gint64                  created_by;
  gint64                  last_edited_by;
  gint64                  assessed_by;
  gint64                  approved_by;
  char                   *created_at;
  char                   *updated_at;

  /* Filled when reading */
  char                   *member_name;
  char                   *member_uuid;
  char                   *enrollment_uuid;
  UdInsurancePlanKind     plan_kind;
  char                   *plan_name;
  gint64                  org_id;
  int                     shares;
  char                   *coverage_start;
  char                   *term_end;
} UdInsuranceClaim;

UdInsuranceClaim *ud_insurance_claim_new  (void);
void              ud_insurance_claim_free (UdInsuranceClaim *claim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdInsuranceClaim, ud_insurance_claim_free)

/* The computation's lines (translated when assessed), or NULL before the assessment. */
GStrv     ud_insurance_claim_dup_computation_lines (const UdInsuranceClaim *claim);

/* Clerk: reports a claim on @claim->enrollment_id (a covered enrollment) with its event (in the
 * snapshot's benefit table, field "event"), event date, days (needed for a daily allowance,
 * field "days"), loss (needed for a refund, field "loss_fen"), payee (the member when empty)
 * and bank fields (a holder other than the payee needs "holder_reason"). Sets id, uuid,
 * number, version, status "reported". */
gboolean  ud_insurance_store_report_claim (UdDatabase        *db,
                                           const UdAccount   *actor,
                                           UdInsuranceClaim  *claim,
                                           GError           **error);

/* Reviewer: reported → documents_complete; @documents (may be NULL) replaces the list. */
gboolean  ud_insurance_store_documents_complete (UdDatabase       *db,
                                                 const UdAccount  *actor,
                                                 gint64            id,
                                                 const char       *documents,
                                                 GError          **error);

/* Reviewer: documents_complete / assessed → assessed with ud_insurance_assess() on the
 * enrollment's snapshot (see above); stores outcome, assessed amount, days paid and the
 * computation with its lines. */
gboolean  ud_insurance_store_assess      (UdDatabase       *db,
                                          const UdAccount  *actor,
                                          gint64            id,
                                          GError          **error);

/* Approver (ud_guard_check_approval()): assessed → approved at the assessed amount, and makes
 * the payout line in the same transaction. The assessment is run again first: claims granted
 * since may have used the caps (UD_ERROR_CONFLICT: assess again). A refused or zero assessment
 * cannot be approved: reject it. */
gboolean  ud_insurance_store_approve     (UdDatabase       *db,
                                          const UdAccount  *actor,
                                          gint64            id,
                                          const char       *opinion,
                                          GError          **error);

/* Reviewer or approver: reported / documents_complete / assessed → rejected; @reason needed. */
gboolean  ud_insurance_store_reject      (UdDatabase       *db,
                                          const UdAccount  *actor,
                                          gint64            id,
                                          const char       *reason,
                                          GError          **error);

/* For the payouts, inside their transaction (the caller guarded): the claim's payout line moved,
 * so the claim moves to @status — "approved" (line taken out of a batch), "payment_pending"
 * (line in a batch), "paid", "payment_failed" or "reissued" — from a status that allows it
 * (else UD_ERROR_INVALID_TRANSITION). Writes the claim (version +1), a history event with
 * @reason (may be NULL), the audit entry and the outbox row. */
gboolean  ud_insurance_store_payment_changed (UdDatabase       *db,
                                              const UdAccount  *actor,
                                              gint64            claim_id,
                                              const char       *status,
                                              const char       *reason,
                                              GError          **error);

UdInsuranceClaim *ud_insurance_store_get_claim           (UdDatabase  *db,
                                                          gint64       id,
                                                          GError     **error);
UdInsuranceClaim *ud_insurance_store_get_claim_by_number (UdDatabase  *db,
                                                          const char  *number,
                                                          GError     **error);

typedef struct
{
  gint64                  id;
  char                   *action;       /* "report", "documents", "assess", "approve", … */
  char                   *from_status;  /* NULL for the report */
  char                   *to_status;
  char                   *event_date;
  gint64                  account_id;
  char                   *account_name;
  gint64                  amount_fen;   /* -1 when none */
  char                   *reason;
  char                   *created_at;
} UdInsuranceClaimEvent;

void      ud_insurance_claim_event_free (UdInsuranceClaimEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdInsuranceClaimEvent, ud_insurance_claim_event_free)

/* Oldest first. */
GPtrArray *ud_insurance_store_claim_history (UdDatabase  *db,
                                             gint64       id,
                                             GError     **error);

typedef struct
{
  gint64                  member_id;      /* 0 for any */
  gint64                  enrollment_id;  /* 0 for any */
  gboolean                filter_status;
  UdInsuranceClaimStatus  status;
  const char             *search;         /* number or member name */
} UdInsuranceClaimFilter;

/* Claims matching @filter (NULL for all), newest first, without the computation; @limit 0 for
 * no limit. */
GPtrArray *ud_insurance_store_list_claims  (UdDatabase                   *db,
                                            const UdInsuranceClaimFilter *filter,
                                            guint                         offset,
                                            guint                         limit,
                                            GError                      **error);
gboolean   ud_insurance_store_count_claims (UdDatabase                   *db,
                                            const UdInsuranceClaimFilter *filter,
                                            guint                        *out_count,
                                            GError                      **error);

G_END_DECLS
