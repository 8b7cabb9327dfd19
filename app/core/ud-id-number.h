/* ud-id-number.h — resident ID numbers (GB 11643-1999) and the permits that share their shape
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  UD_SEX_UNKNOWN,
  UD_SEX_MALE,
  UD_SEX_FEMALE,
} UdSex;

typedef enum
{
  UD_ID_KIND_RESIDENT,          /* 居民身份证 */
  UD_ID_KIND_HMT_RESIDENCE,     /* 港澳台居民居住证: prefixes 81, 82, 83 */
  UD_ID_KIND_FOREIGN_PERMANENT, /* 外国人永久居留身份证: prefix 9 */
} UdIdKind;

typedef struct
{
  char     number[19];  /* normalised: 18 characters, upper-case X */
  UdIdKind kind;
  UdSex    sex;         /* from the 17th digit: odd is male */
  GDate    birth_date;  /* valid */
  gboolean upgraded;    /* TRUE when the input was a 15-digit legacy number */
} UdIdNumber;

/* Parses and validates @text (surrounding white space, a leading Excel apostrophe, full-width
 * digits and a lower-case x are accepted). A 15-digit legacy number is upgraded to 18 digits.
 * @today (nullable: the real date) is the date the birth date must not be after.
 * @out (nullable) receives the number when it is valid.
 * Errors: UD_ERROR_ID_SCIENTIFIC_NOTATION, UD_ERROR_INVALID_ID_NUMBER, UD_ERROR_ID_BIRTH_DATE,
 * UD_ERROR_ID_CHECKSUM, all with field "id_number" and a translated message naming the field. */
gboolean ud_id_number_parse          (const char  *text,
                                      const GDate *today,
                                      UdIdNumber  *out,
                                      GError     **error);

/* The check character ('0'–'9' or 'X') for the first 17 digits of @digits17, or '\0' if one of
 * them is not a digit. */
char     ud_id_number_check_char     (const char  *digits17);

/* TRUE when @text looks like a number Excel wrote in scientific notation ("3.30102E+17"). */
gboolean ud_looks_like_scientific    (const char  *text);

G_END_DECLS
