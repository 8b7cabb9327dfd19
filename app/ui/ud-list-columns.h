/* ud-list-columns.h — the columns of a paged list: a heading row and rows of labels that line up
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lists of files, applications, claims and payouts are GtkListViews whose rows are boxes of
 * labels; one GtkSizeGroup per column keeps the heading and every row aligned. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  const char *title;    /* untranslated: marked with NC_() in the list's context */
  int         width;    /* at least, in pixels */
  gboolean    expand;   /* takes the spare width */
  gboolean    numeric;  /* tabular figures */
  gboolean    end;      /* aligned to the end (amounts) */
} UdListColumn;

typedef struct _UdListColumns UdListColumns;

/* @columns must outlive the result (a static table); @context is their titles' msgctxt. */
UdListColumns *ud_list_columns_new         (const char          *context,
                                            const UdListColumn  *columns,
                                            guint                n_columns);
void           ud_list_columns_free        (UdListColumns       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UdListColumns, ud_list_columns_free)

/* Appends the translated titles to @header (a horizontal GtkBox). */
void           ud_list_columns_fill_header (UdListColumns       *self,
                                            GtkWidget           *header);

/* A row: a horizontal box with one empty label per column. */
GtkWidget     *ud_list_columns_row_new     (UdListColumns       *self);

/* Sets the text of @column in @row, with one of the classes "dim-label", "warning", "success" or
 * "error" (or none) and a tooltip (or none). */
void           ud_list_columns_set         (GtkWidget           *row,
                                            guint                column,
                                            const char          *text,
                                            const char          *css_class,
                                            const char          *tooltip);

/* A row whose record is still loading: "…" in the first column, the others empty. */
void           ud_list_columns_set_loading (GtkWidget           *row);

G_END_DECLS
