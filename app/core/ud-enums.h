/* ud-enums.h — the closed lists of the domain, with stored codes and translated labels
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  UD_MEMBER_STATUS_APPLIED,
  UD_MEMBER_STATUS_ACTIVE,
  UD_MEMBER_STATUS_TRANSFER_PENDING,
  UD_MEMBER_STATUS_RETAINED,
  UD_MEMBER_STATUS_LAPSED,
  UD_MEMBER_STATUS_WITHDRAWN,
  UD_MEMBER_STATUS_EXPELLED,
  UD_MEMBER_STATUS_DECEASED,
} UdMemberStatus;

typedef enum
{
  UD_NEW_EMPLOYMENT_NONE,
  UD_NEW_EMPLOYMENT_COURIER,
  UD_NEW_EMPLOYMENT_FOOD_DELIVERY,
  UD_NEW_EMPLOYMENT_RIDE_HAILING,
  UD_NEW_EMPLOYMENT_TRUCK_DRIVER,
  UD_NEW_EMPLOYMENT_CAREGIVER,
  UD_NEW_EMPLOYMENT_DOMESTIC,
  UD_NEW_EMPLOYMENT_MALL_INFO,
  UD_NEW_EMPLOYMENT_ESTATE_AGENT,
  UD_NEW_EMPLOYMENT_SECURITY_GUARD,
  UD_NEW_EMPLOYMENT_OTHER,
} UdNewEmployment;

typedef enum
{
  UD_JOIN_CHANNEL_UNKNOWN,
  UD_JOIN_CHANNEL_ON_SITE,
  UD_JOIN_CHANNEL_ONLINE,
  UD_JOIN_CHANNEL_QR_SCAN,
  UD_JOIN_CHANNEL_HOTLINE,
} UdJoinChannel;

typedef enum
{
  UD_ORG_KIND_CITY,
  UD_ORG_KIND_DISTRICT,
  UD_ORG_KIND_STREET,
  UD_ORG_KIND_GRASSROOTS,
  UD_ORG_KIND_JOINT,
  UD_ORG_KIND_FLOWING,
} UdOrgKind;

typedef enum
{
  UD_EDUCATION_UNKNOWN,
  UD_EDUCATION_PRIMARY,
  UD_EDUCATION_JUNIOR,
  UD_EDUCATION_SENIOR,
  UD_EDUCATION_COLLEGE,
  UD_EDUCATION_BACHELOR,
  UD_EDUCATION_POSTGRADUATE,
} UdEducation;

typedef enum
{
  UD_HUKOU_UNKNOWN,
  UD_HUKOU_URBAN,
  UD_HUKOU_RURAL,
} UdHukou;

typedef enum
{
  UD_MEMBER_EVENT_JOIN,
  UD_MEMBER_EVENT_ACTIVATE,
  UD_MEMBER_EVENT_TRANSFER_OUT,
  UD_MEMBER_EVENT_TRANSFER_IN,
  UD_MEMBER_EVENT_TRANSFER_CANCEL,
  UD_MEMBER_EVENT_RETAIN,
  UD_MEMBER_EVENT_LAPSE,
  UD_MEMBER_EVENT_WITHDRAW,
  UD_MEMBER_EVENT_EXPEL,
  UD_MEMBER_EVENT_DECEASE,
  UD_MEMBER_EVENT_REINSTATE,
  UD_MEMBER_EVENT_CORRECT,
} UdMemberEventKind;

/* A closed list: for value i, codes[i] is what the database stores, labels[i] the English
 * msgid (translate with ud_enum_label()), and aliases[i] other spellings an import accepts
 * ("|"-separated, Chinese first). */
typedef struct
{
  const char        *name;
  guint              n_values;
  const char *const *codes;
  const char *const *labels;
  const char *const *aliases;
} UdEnumInfo;

/* Defines the UdEnumInfo @var from the arrays @var_codes, @var_labels and @var_aliases. */
#define UD_ENUM_INFO(var, label_name)                                                \
  const UdEnumInfo var = {                                                           \
    label_name, G_N_ELEMENTS (var##_codes), var##_codes, var##_labels, var##_aliases \
  }

extern const UdEnumInfo ud_member_status_info;
extern const UdEnumInfo ud_new_employment_info;
extern const UdEnumInfo ud_join_channel_info;
extern const UdEnumInfo ud_org_kind_info;
extern const UdEnumInfo ud_education_info;
extern const UdEnumInfo ud_hukou_info;
extern const UdEnumInfo ud_member_event_kind_info;

const char *ud_enum_code      (const UdEnumInfo *info,
                               int               value);
/* The translated label. */
const char *ud_enum_label     (const UdEnumInfo *info,
                               int               value);
/* Looks up a stored code; FALSE if unknown. */
gboolean    ud_enum_from_code (const UdEnumInfo *info,
                               const char       *code,
                               int              *value);
/* Looks up what a person or a file wrote: the code, the English label, the translated label or
 * an alias, ignoring case and surrounding white space; FALSE if nothing matches. */
gboolean    ud_enum_from_text (const UdEnumInfo *info,
                               const char       *text,
                               int              *value);

/* Statuses of a live membership: only one member per ID number may be in one of these. */
gboolean    ud_member_status_is_live (UdMemberStatus status);

G_END_DECLS
