/* ud-hardship.h — a hardship file (困难职工档案) as a plain record, and its pure computations
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ud-hardship-enums.h"

G_BEGIN_DECLS

#define UD_BANK_ACCOUNT_MIN_DIGITS 12
#define UD_BANK_ACCOUNT_MAX_DIGITS 30
#define UD_HARDSHIP_MAX_SECONDARY_CAUSES 3

/* One person of the household besides the worker. */
typedef struct
{
  gint64      id;                  /* 0 until stored */
  char       *uuid;
  gint64      version;
  char       *name;
  UdRelation  relation;
  char       *id_number;           /* normalised, or NULL */
  char       *birth_date;          /* YYYY-MM-DD, derived from the ID number when there is one */
  UdHealth    health;
  gint64      monthly_income_fen;
  char       *school_or_employer;
} UdHouseholdMember;

UdHouseholdMember *ud_household_member_new  (void);
UdHouseholdMember *ud_household_member_copy (const UdHouseholdMember *person);
void               ud_household_member_free (UdHouseholdMember       *person);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdHouseholdMember, ud_household_member_free)

typedef struct
{
  gint64               id;                   /* 0 until stored */
  char                *uuid;
  gint64               version;
  char                *file_number;          /* made by the store: "KN2026-00001" */

  gint64               member_id;            /* the worker (a live member) */
  char                *worker_id_number;     /* copied from the member by the store */
  gint64               org_id;               /* 0: the worker's union */
  char                *region_code;          /* for the 低保 standard; "" or NULL: the org's */

  UdHardshipCategory   proposed_category;    /* computed */
  UdHardshipCategory   category;             /* set at review: confirmed or overridden */
  char                *category_reason;      /* why the category differs from the proposal */
  UdHardshipCause      main_cause;
  guint                secondary_causes;     /* bits (1 << UdHardshipCause) */

  UdWorkStatus         work_status;
  UdHealth             health;
  char                *disability;           /* kind and grade, free text */
  UdHousing            housing;

  gint64               worker_monthly_income_fen;
  gint64               other_income_fen;     /* a year: pensions, rent, allowances … */
  gint64               rigid_expenses_fen;   /* a year: medical, schooling … */
  gint64               hardship_costs_fen;   /* the year's costs of the accident or disaster */
  int                  household_size;       /* computed: the worker + household members */
  gint64               annual_income_fen;    /* computed */
  gint64               per_capita_monthly_fen; /* computed, never typed */
  gint64               dibao_monthly_fen;    /* the 低保 standard used */
  char                *policy_snapshot;      /* JSON: the policy values used (ud_policy_snapshot) */

  char                *bank_name;
  char                *bank_account;         /* digits only */
  char                *bank_holder;
  guint                documents;            /* bits (1 << UdHardshipDocument) */
  char                *unit_opinion;         /* the grassroots union's opinion */
  char                *review_opinion;
  char                *approval_opinion;
  int                  review_year;          /* the year of the last filing or annual review */

  UdHardshipStatus     status;
  char                *status_reason;
  char                *status_date;
  char                *publicity_start;      /* YYYY-MM-DD */
  int                  publicity_days;
  UdHardshipExitReason exit_reason;
  char                *filed_date;

  gint64               created_by;
  gint64               last_edited_by;
  gint64               reviewed_by;
  gint64               approved_by;
  char                *created_at;
  char                *updated_at;

  GPtrArray           *household;            /* UdHouseholdMember, owned */

  /* Joined for display; not stored in the file row. */
  char                *worker_name;
  char                *member_uuid;
  char                *org_name;
} UdHardshipFile;

UdHardshipFile *ud_hardship_file_new  (void);
UdHardshipFile *ud_hardship_file_copy (const UdHardshipFile *file);
void            ud_hardship_file_free (UdHardshipFile       *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdHardshipFile, ud_hardship_file_free)

/* Household annual income: 12 × (the worker's and every household member's monthly income)
 * + the other (yearly) income. */
gint64             ud_hardship_annual_income      (const UdHardshipFile *file);

/* Monthly per-capita income: @annual_income_fen / 12 / @household_size, rounded down to the
 * fen. */
gint64             ud_hardship_per_capita_monthly (gint64 annual_income_fen,
                                                   int    household_size);

/* The category the rule proposes: deep if @per_capita_fen < 1× @dibao_fen, relative if < 2×
 * (strictly: exactly 1× is relative and exactly 2× is neither), else accident-caused if
 * @hardship_costs_fen exceed @accident_ratio_bp of @annual_income_fen (strictly), else none. */
UdHardshipCategory ud_hardship_propose_category   (gint64 per_capita_fen,
                                                   gint64 dibao_fen,
                                                   gint64 hardship_costs_fen,
                                                   gint64 annual_income_fen,
                                                   gint64 accident_ratio_bp);

/* Exactly one main cause; at most three secondary causes, none of them the main cause. The
 * error names the field ("main_cause", "secondary_causes"). */
gboolean           ud_hardship_check_causes       (UdHardshipCause main_cause,
                                                   guint           secondary_causes,
                                                   GError        **error);

/* A bank account: spaces and dashes dropped, then 12–30 digits. *@out gets the digits. Field
 * "bank_account". */
gboolean           ud_hardship_bank_account_parse (const char  *text,
                                                   char       **out,
                                                   GError     **error);

/* Fills household_size, annual_income_fen, per_capita_monthly_fen, dibao_monthly_fen and
 * proposed_category from the incomes and the policy values given. */
void               ud_hardship_file_compute       (UdHardshipFile *file,
                                                   gint64          dibao_fen,
                                                   gint64          accident_ratio_bp);

/* Checks and normalises what a person enters: causes, incomes and costs (0 to 100 million
 * yuan), bank account, household members (name, ID number valid and not repeated within the
 * household, birth date derived from it, relation). @today may be NULL. The error names the
 * field; for a household member "household[N].field". */
gboolean           ud_hardship_file_validate      (UdHardshipFile *file,
                                                   const GDate    *today,
                                                   GError        **error);

/* The record as synced (without household members, which are their own entity). */
JsonObject        *ud_hardship_file_to_json       (const UdHardshipFile *file);
JsonObject        *ud_household_member_to_json    (const UdHouseholdMember *person);

/* For lists: the bank account masked (6222***********0123), or NULL. */
char              *ud_hardship_file_dup_masked_bank_account (const UdHardshipFile *file);

G_END_DECLS
