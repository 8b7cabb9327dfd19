/* ud-i18n.h — gettext for the core, the CLI and the UI
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gi18n-lib.h>
