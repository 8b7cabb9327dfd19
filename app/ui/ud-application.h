/* ud-application.h — the Union Desk application: options, the database, app actions
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"

G_BEGIN_DECLS

#define UD_TYPE_APPLICATION (ud_application_get_type ())
G_DECLARE_FINAL_TYPE (UdApplication, ud_application, UD, APPLICATION, AdwApplication)

UdApplication *ud_application_new          (void);

/* The open database, or NULL before activation or when it could not be opened. */
UdDatabase    *ud_application_get_database (UdApplication *self);

G_END_DECLS
