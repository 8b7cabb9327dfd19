/* ud-aid-application.h — an aid application (帮扶申请) and its medical claims as plain records
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ud-aid-rules.h"
#include "ud-enums.h"

G_BEGIN_DECLS

typedef enum
{
  UD_AID_TYPE_LIVING,       /* 生活救助 */
  UD_AID_TYPE_MEDICAL,      /* 医疗救助 */
  UD_AID_TYPE_EDUCATION,    /* 金秋助学 */
  UD_AID_TYPE_TEMPORARY,    /* 临时救助: the only type that may have no hardship file */
  UD_AID_TYPE_CONDOLENCE,   /* 送温暖 */
} UdAidType;

/* draft → submitted → reviewed → approved → payment pending → paid; payment failed →
 * reissued; returned (for the clerk to correct and submit again) and rejected with a reason. */
typedef enum
{
  UD_AID_STATUS_DRAFT,
  UD_AID_STATUS_SUBMITTED,
  UD_AID_STATUS_REVIEWED,
  UD_AID_STATUS_APPROVED,
  UD_AID_STATUS_PAYMENT_PENDING,
  UD_AID_STATUS_PAID,
  UD_AID_STATUS_PAYMENT_FAILED,
  UD_AID_STATUS_REISSUED,
  UD_AID_STATUS_RETURNED,
  UD_AID_STATUS_REJECTED,
} UdAidStatus;

typedef enum
{
  UD_MEDICAL_KIND_INPATIENT,   /* a hospital stay */
  UD_MEDICAL_KIND_OUTPATIENT,  /* an outpatient bill */
} UdMedicalKind;

/* Who the patient is in the household of the file. */
typedef enum
{
  UD_PATIENT_WORKER,
  UD_PATIENT_SPOUSE,
  UD_PATIENT_CHILD,
  UD_PATIENT_PARENT,
  UD_PATIENT_OTHER,
} UdPatientRelation;

extern const UdEnumInfo ud_aid_type_info;
extern const UdEnumInfo ud_aid_status_info;
extern const UdEnumInfo ud_medical_kind_info;
extern const UdEnumInfo ud_patient_relation_info;
extern const UdEnumInfo ud_school_level_info;   /* codes of UdSchoolLevel */

/* Statuses in which the application's amount is granted: approved and every payment status.
 * Only these count towards yearly caps and cumulative out-of-pocket. */
gboolean ud_aid_status_is_granted (UdAidStatus status);

/* A hospital stay or outpatient bill of a medical relief application, in fen. */
typedef struct
{
  gint64             id;                  /* 0 until stored */
  char              *uuid;
  gint64             version;
  gint64             application_id;
  char              *patient_name;
  char              *patient_id_number;   /* normalised, or NULL */
  UdPatientRelation  patient_relation;    /* derived by the store from the household */
  char              *diagnosis;
  char              *hospital;
  UdMedicalKind      kind;
  char              *admitted_date;       /* YYYY-MM-DD; the bill date of an outpatient bill */
  char              *discharged_date;     /* YYYY-MM-DD; NULL for an outpatient bill */
  gint64             total_fen;
  gint64             basic_insurance_fen;
  gint64             critical_insurance_fen;  /* critical-illness or commercial insurance */
  gint64             employer_fen;
  gint64             donations_fen;
  gint64             out_of_pocket_fen;   /* derived, never typed */
  char              *created_at;
  char              *updated_at;
} UdMedicalClaim;

UdMedicalClaim *ud_medical_claim_new  (void);
UdMedicalClaim *ud_medical_claim_copy (const UdMedicalClaim *claim);
void            ud_medical_claim_free (UdMedicalClaim       *claim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdMedicalClaim, ud_medical_claim_free)

/* The date that places the claim in a year: the discharge date, or the admission (bill) date
 * when there is none. Borrowed. */
const char     *ud_medical_claim_get_date (const UdMedicalClaim *claim);

typedef struct
{
  gint64          id;                 /* 0 until stored */
  char           *uuid;
  gint64          version;
  char           *number;             /* made by the store: "JZ2026-00001" */
  UdAidType       type;
  int             year;               /* the aid year (caps and cumulative sums are per year) */
  gint64          member_id;          /* the applicant, a live member; defaults to the worker */
  gint64          file_id;            /* hardship file; 0 only for temporary relief */
  char           *batch;             /* batch or round ("2026送温暖"), or NULL */

  gint64          requested_fen;
  gint64          computed_fen;       /* set at review by the rules */
  gint64          approved_fen;       /* the reviewer's recommendation, then the approval */
  UdAidOutcome    outcome;            /* of the computation */
  char           *computation;        /* JSON of the computation (inputs, policy, amount) */
  char           *policy_snapshot;    /* JSON: the policy rows used (ud_policy_snapshot()) */
  char           *policy_date;        /* the date whose policy was used */
  char           *documents;          /* the documents handed in, free text */
  char           *note;

  /* Education aid */
  char           *child_name;
  char           *child_id_number;
  char           *school;
  UdSchoolLevel   school_level;
  int             admission_year;
  gint64          fees_fen;
  gboolean        aided_elsewhere;

  /* Living relief */
  int             living_months;      /* requested, 1–12 */
  int             granted_months;     /* computed at review */

  UdAidStatus     status;
  char           *status_reason;
  char           *status_date;
  char           *submitted_date;     /* the application's date: its policy applies */
  char           *reviewed_date;
  char           *approved_date;
  char           *review_opinion;
  char           *approval_opinion;

  gint64          created_by;
  gint64          last_edited_by;
  gint64          reviewed_by;
  gint64          approved_by;
  char           *created_at;
  char           *updated_at;

  /* Filled by the store when reading */
  char           *member_name;
  char           *member_uuid;
  char           *file_number;
  char           *file_uuid;
  GPtrArray      *claims;             /* UdMedicalClaim, owned; medical relief only */
} UdAidApplication;

UdAidApplication *ud_aid_application_new  (UdAidType type);
UdAidApplication *ud_aid_application_copy (const UdAidApplication *app);
void              ud_aid_application_free (UdAidApplication       *app);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdAidApplication, ud_aid_application_free)

/* Checks what a person enters for the application's type: amounts within 0 to
 * UD_MONEY_MAX_FEN, the year, education fields (child's name and a valid ID number that is
 * normalised, school, level, admission year), living months (1–12), a file for every type but
 * temporary relief. The error names the field. */
gboolean          ud_aid_application_validate (UdAidApplication *app,
                                               GError          **error);

/* Checks a claim's texts, dates (a real admission date; a discharge date not before it; for a
 * hospital stay both) and amounts, normalises the patient's ID number and derives the
 * out-of-pocket (ud_medical_out_of_pocket(): payers above the total are refused, field
 * "total"). */
gboolean          ud_medical_claim_validate   (UdMedicalClaim   *claim,
                                               GError          **error);

/* The records as synced (references by uuid are added by the store). */
JsonObject       *ud_aid_application_to_json (const UdAidApplication *app);
JsonObject       *ud_medical_claim_to_json   (const UdMedicalClaim   *claim);

/* The stored computation explained again, line by line, in the current language: the rules
 * are run once more with the inputs and the policy values the decision stored, so the lines
 * always match the stored amount even after the policy changed. A medical application
 * explains each claim in turn. NULL with an error when nothing was computed yet. */
GPtrArray        *ud_aid_application_explain (const UdAidApplication *app,
                                              GError                **error);

G_END_DECLS
