/* ud-form-print.h — printing a form (UdFormLayout) on A4, to a printer or a PDF file
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ud-database.h"
#include "ud-form-layout.h"

G_BEGIN_DECLS

/* Renders @layout with GtkPrintOperation: A4 portrait, Noto Sans CJK (Simplified Chinese glyph
 * forms), bordered cells as on the paper form, long text wrapped, page breaks between rows with
 * a table's heading repeated. @action is GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG (shown over
 * @parent, which may be NULL) or GTK_PRINT_OPERATION_ACTION_EXPORT, which writes a PDF to
 * @pdf_path without a dialog. Returns FALSE with an error when printing failed; a cancelled
 * dialog is not an error. */
gboolean ud_form_print_layout (GtkWindow               *parent,
                               const UdFormLayout      *layout,
                               GtkPrintOperationAction  action,
                               const char              *pdf_path,
                               GError                 **error);

/* "Print…": builds the form in a worker thread on its own connection, then shows the print
 * dialog over @parent. Errors are shown as a toast in @parent. */
void     ud_form_print_hardship_file   (GtkWindow  *parent,
                                        UdDatabase *db,
                                        gint64      file_id);
void     ud_form_print_medical_relief  (GtkWindow  *parent,
                                        UdDatabase *db,
                                        gint64      application_id);

/* "Export PDF…": builds the form, asks where to save it (GtkFileChooserNative) and writes the
 * PDF there. */
void     ud_form_export_hardship_file  (GtkWindow  *parent,
                                        UdDatabase *db,
                                        gint64      file_id);
void     ud_form_export_medical_relief (GtkWindow  *parent,
                                        UdDatabase *db,
                                        gint64      application_id);

G_END_DECLS
