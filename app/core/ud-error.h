/* ud-error.h — the one error domain of Union Desk
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define UD_ERROR (ud_error_quark ())

typedef enum
{
  UD_ERROR_FAILED,
  UD_ERROR_INVALID_FIELD,          /* a value is malformed or missing; the field is named */
  UD_ERROR_INVALID_ID_NUMBER,      /* wrong length or characters */
  UD_ERROR_ID_CHECKSUM,            /* ISO 7064 MOD 11-2 check character is wrong */
  UD_ERROR_ID_BIRTH_DATE,          /* birth date in the ID is impossible or in the future */
  UD_ERROR_ID_SCIENTIFIC_NOTATION, /* Excel turned the number into 3.30102E+17 */
  UD_ERROR_INVALID_CREDIT_CODE,
  UD_ERROR_INVALID_MOBILE,
  UD_ERROR_INVALID_DATE,
  UD_ERROR_INVALID_MONEY,
  UD_ERROR_DUPLICATE,              /* an active record with the same key exists */
  UD_ERROR_NOT_FOUND,
  UD_ERROR_CONFLICT,               /* the record changed under us (version mismatch) */
  UD_ERROR_INVALID_TRANSITION,     /* a status change the lifecycle does not allow */
  UD_ERROR_DATABASE,
  UD_ERROR_SCHEMA_TOO_NEW,
  UD_ERROR_ENCODING,               /* a file in an encoding we cannot read */
  UD_ERROR_FILE_FORMAT,            /* a file whose shape we cannot read (no header, …) */
  UD_ERROR_PERMISSION,
  UD_ERROR_CANCELLED,
} UdErrorCode;

GQuark      ud_error_quark     (void);

/* Sets @error like g_set_error() and records which field of a record it is about
 * ("id_number", "mobile", …), so a form can show the message beside that field. */
void        ud_set_field_error (GError     **error,
                                UdErrorCode  code,
                                const char  *field,
                                const char  *format,
                                ...) G_GNUC_PRINTF (4, 5);

/* The field recorded by ud_set_field_error(), or NULL. */
const char *ud_error_get_field (const GError *error);

G_END_DECLS
