/* ud-hardship-enums.h — the closed lists of hardship files (困难职工档案)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ud-enums.h"

G_BEGIN_DECLS

typedef enum
{
  UD_HARDSHIP_CATEGORY_NONE,       /* not in hardship by the rule */
  UD_HARDSHIP_CATEGORY_DEEP,       /* 深度困难 */
  UD_HARDSHIP_CATEGORY_RELATIVE,   /* 相对困难 */
  UD_HARDSHIP_CATEGORY_ACCIDENT,   /* 意外致困 */
} UdHardshipCategory;

typedef enum
{
  UD_HARDSHIP_CAUSE_NONE,
  UD_HARDSHIP_CAUSE_NO_WORK_CAPACITY,
  UD_HARDSHIP_CAUSE_UNEMPLOYED,
  UD_HARDSHIP_CAUSE_LAID_OFF,
  UD_HARDSHIP_CAUSE_UNINSURED,
  UD_HARDSHIP_CAUSE_BENEFITS_NOT_RECEIVED,
  UD_HARDSHIP_CAUSE_MAJOR_ILLNESS,
  UD_HARDSHIP_CAUSE_NATURAL_DISASTER,
  UD_HARDSHIP_CAUSE_ACCIDENT,
  UD_HARDSHIP_CAUSE_SCHOOLING,
  UD_HARDSHIP_CAUSE_OTHER,
} UdHardshipCause;

typedef enum
{
  UD_HARDSHIP_STATUS_DRAFT,
  UD_HARDSHIP_STATUS_SUBMITTED,
  UD_HARDSHIP_STATUS_VERIFYING,
  UD_HARDSHIP_STATUS_PUBLICISED,
  UD_HARDSHIP_STATUS_REVIEWED,
  UD_HARDSHIP_STATUS_ACTIVE,
  UD_HARDSHIP_STATUS_ANNUAL_REVIEW,
  UD_HARDSHIP_STATUS_RETURNED,
  UD_HARDSHIP_STATUS_REJECTED,
  UD_HARDSHIP_STATUS_EXITED,
} UdHardshipStatus;

typedef enum
{
  UD_HARDSHIP_EXIT_NONE,
  UD_HARDSHIP_EXIT_OUT_OF_HARDSHIP,  /* 脱困 */
  UD_HARDSHIP_EXIT_RETIRED,
  UD_HARDSHIP_EXIT_MOVED_AWAY,
  UD_HARDSHIP_EXIT_DECEASED,
  UD_HARDSHIP_EXIT_NOT_ELIGIBLE,
} UdHardshipExitReason;

typedef enum
{
  UD_RELATION_SPOUSE,
  UD_RELATION_CHILD,
  UD_RELATION_PARENT,
  UD_RELATION_OTHER,
} UdRelation;

/* The documents checklist: bits (1 << value) of a guint. */
typedef enum
{
  UD_HARDSHIP_DOC_ID_CARD,
  UD_HARDSHIP_DOC_HUKOU_BOOK,
  UD_HARDSHIP_DOC_INCOME_PROOF,
  UD_HARDSHIP_DOC_MEDICAL_RECORDS,
  UD_HARDSHIP_DOC_DISABILITY_CERT,
  UD_HARDSHIP_DOC_DIBAO_CERT,
  UD_HARDSHIP_DOC_UNEMPLOYMENT_CERT,
  UD_HARDSHIP_DOC_APPLICATION_FORM,
  UD_HARDSHIP_DOC_OTHER,
} UdHardshipDocument;

typedef enum
{
  UD_WORK_STATUS_UNKNOWN,
  UD_WORK_STATUS_EMPLOYED,
  UD_WORK_STATUS_FLEXIBLE,
  UD_WORK_STATUS_UNEMPLOYED,
  UD_WORK_STATUS_LAID_OFF,
  UD_WORK_STATUS_SICK_LEAVE,
} UdWorkStatus;

typedef enum
{
  UD_HEALTH_UNKNOWN,
  UD_HEALTH_HEALTHY,
  UD_HEALTH_CHRONIC_ILLNESS,
  UD_HEALTH_MAJOR_ILLNESS,
  UD_HEALTH_DISABLED,
} UdHealth;

typedef enum
{
  UD_HOUSING_UNKNOWN,
  UD_HOUSING_OWNED,
  UD_HOUSING_RENTED,
  UD_HOUSING_PUBLIC_RENTAL,
  UD_HOUSING_BORROWED,
  UD_HOUSING_NONE,
} UdHousing;

extern const UdEnumInfo ud_hardship_category_info;
extern const UdEnumInfo ud_hardship_cause_info;
extern const UdEnumInfo ud_hardship_status_info;
extern const UdEnumInfo ud_hardship_exit_reason_info;
extern const UdEnumInfo ud_relation_info;
extern const UdEnumInfo ud_hardship_document_info;
extern const UdEnumInfo ud_work_status_info;
extern const UdEnumInfo ud_health_info;
extern const UdEnumInfo ud_housing_info;

/* Statuses in which a file holds its ID numbers (all but rejected and exited). */
gboolean ud_hardship_status_is_live (UdHardshipStatus status);

/* A set of values as bits (1 << value) ↔ comma-separated codes ("laid_off,major_illness");
 * unknown codes are skipped. */
char    *ud_enum_bits_to_codes   (const UdEnumInfo *info,
                                  guint             bits);
guint    ud_enum_bits_from_codes (const UdEnumInfo *info,
                                  const char       *codes);

G_END_DECLS
