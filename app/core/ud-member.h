/* ud-member.h — a union member (会员) as a plain record
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ud-enums.h"
#include "ud-id-number.h"

G_BEGIN_DECLS

typedef struct
{
  gint64          id;               /* 0 until inserted */
  char           *uuid;
  gint64          version;

  char           *name;
  UdIdKind        id_kind;          /* derived from the number */
  char           *id_number;        /* 18 characters, normalised */
  UdSex           sex;              /* derived from the ID number */
  char           *birth_date;       /* YYYY-MM-DD, derived from the ID number */
  char           *mobile;           /* 11 digits or NULL */
  char           *ethnicity;        /* 汉族, 回族 …, or NULL */
  UdEducation     education;
  UdHukou         hukou;
  gint64          employer_id;      /* 0 for none */
  UdNewEmployment new_employment;
  gint64          org_id;
  char           *join_date;        /* YYYY-MM-DD or NULL */
  UdJoinChannel   join_channel;
  char           *card_number;      /* member card number, or NULL */
  UdMemberStatus  status;
  char           *status_date;      /* date of the last status change */
  gint64          transfer_org_id;  /* target union while a transfer is pending */
  char           *note;
  char           *created_at;
  char           *updated_at;

  /* Joined for display; not stored in the member row. */
  char           *employer_name;
  char           *employer_credit_code;
  gboolean        employer_is_platform;
  char           *org_name;
  char           *transfer_org_name;
} UdMember;

#define UD_TYPE_MEMBER (ud_member_get_type ())
GType     ud_member_get_type (void) G_GNUC_CONST;
UdMember *ud_member_new      (void);
UdMember *ud_member_copy     (const UdMember *member);
void      ud_member_free     (UdMember       *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdMember, ud_member_free)

/* Checks and normalises the fields a person enters: name present and plausible, ID number valid
 * (sex, birth date and kind are derived from it and any value given must agree), mobile,
 * join date (a real date, not before birth, not in the future). @today may be NULL. The error
 * names the field (ud_error_get_field()). */
gboolean  ud_member_validate (UdMember     *member,
                              const GDate  *today,
                              GError      **error);

/* The record as sent to the city union (references by uuid go in by the store). */
JsonObject *ud_member_to_json (const UdMember *member);

/* Search grams of a name: every substring of 1–3 characters, space-separated, letters folded
 * to lower case and separators ("·", spaces) dropped. */
char     *ud_member_name_grams (const char *name);

/* A sort key for names in pinyin order (zh_CN collation where the system has it). */
GBytes   *ud_member_name_sort_key (const char *name);

G_END_DECLS
