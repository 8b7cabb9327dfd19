/* ud-error.c — the one error domain of Union Desk
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-error"

#include "ud-error.h"

typedef struct
{
  char *field;
} UdErrorPrivate;

static void
ud_error_private_init (UdErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
ud_error_private_copy (const UdErrorPrivate *src,
                       UdErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
ud_error_private_clear (UdErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (UdError, ud_error)

void
ud_set_field_error (GError     **error,
                    UdErrorCode  code,
                    const char  *field,
                    const char  *format,
                    ...)
{
  va_list args;
  GError *new_error;

  if (error == NULL)
    return;

  va_start (args, format);
  new_error = g_error_new_valist (UD_ERROR, code, format, args);
  va_end (args);

  if (field != NULL)
    {
      UdErrorPrivate *priv = ud_error_get_private (new_error);
      priv->field = g_strdup (field);
    }

  g_propagate_error (error, new_error);
}

const char *
ud_error_get_field (const GError *error)
{
  UdErrorPrivate *priv;

  if (error == NULL || error->domain != UD_ERROR)
    return NULL;

  priv = ud_error_get_private (error);
  return priv ? priv->field : NULL;
}
