/* ud-form.h — small helpers shared by the forms: inline field errors, toasts, drop-down models
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-account.h"
#include "ud-enums.h"
#include "ud-guard.h"

G_BEGIN_DECLS

/* Where the templates are in the resources (union-desk.gresource.xml). */
#define UD_RESOURCE_PATH "/io/github/uniondesk/UnionDesk/"

/* Shows @message (NULL or "" clears it) in a row inserted just below @row, which must be a row of
 * a GtkListBox (an AdwPreferencesGroup's rows are), and marks @row with the "error" style class
 * and the accessible "invalid" state. What the row holds is left alone. */
void                ud_form_set_error         (GtkWidget  *row,
                                               const char *message);
/* The label that shows @row's error, or NULL if it never had one. */
GtkWidget          *ud_form_get_error_label   (GtkWidget  *row);
gboolean            ud_form_has_error         (GtkWidget  *row);

/* The window @widget is in, or NULL. */
GtkWindow          *ud_form_get_window        (GtkWidget  *widget);

/* A text that changes whenever anything a person can type or choose below @root changes:
 * the text of every editable, the selection of every combo row, the state of every check button
 * and switch. Compare two snapshots to know whether a form has unsaved changes. */
char               *ud_form_snapshot          (GtkWidget  *root);

/* The account logged in to the main window that @widget is in (or whose dialog it is in). */
const UdAccount    *ud_form_get_account       (GtkWidget  *widget);

/* Shows a toast in the AdwToastOverlay around @widget, or else the first one in its window.
 * @title is plain text (it is escaped). Does nothing when there is no overlay. */
void                ud_form_add_toast         (GtkWidget  *widget,
                                               const char *title);

/* A GtkStringList of the translated labels of @info, in value order, for an AdwComboRow. */
GListModel         *ud_form_enum_model_new    (const UdEnumInfo *info);

/* Organisations (UdOrg from ud_org_list(), in tree order) as a list of GtkStringObject with
 * their names, for an AdwComboRow; @skip_id (0 for none) is left out. */
GListModel         *ud_form_org_model_new     (GPtrArray  *orgs,
                                               gint64      skip_id);
gint64              ud_form_org_model_get_id  (GListModel *model,
                                               guint       position);
/* The position of @org_id, or GTK_INVALID_LIST_POSITION. */
guint               ud_form_org_model_find    (GListModel *model,
                                               gint64      org_id);
/* Sets up @row to show an organisation model: names indented by depth in the pop-up. */
void                ud_form_setup_org_combo   (AdwComboRow *row);

/* When @account may not do @action, makes @widget insensitive and its tooltip say which roles may
 * (ud_form_guard_message()). Returns whether @account may. */
gboolean            ud_form_guard             (GtkWidget       *widget,
                                               const UdAccount *account,
                                               UdAction         action);
/* "Needs the role Administrator" for @action (a new string). */
char               *ud_form_guard_message     (UdAction         action);

/* A stored UTC timestamp ("2026-11-25T08:30:00.000Z") in local time, "2026-11-25 16:30"; the text
 * itself when it cannot be read; NULL for NULL. */
char               *ud_form_format_timestamp  (const char      *timestamp);

/* Text of an editable with white space trimmed (a new string). */
char               *ud_form_dup_text          (GtkEditable *editable);

G_END_DECLS
