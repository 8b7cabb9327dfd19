/* ud-list-columns.c — the columns of a paged list: a heading row and rows of labels that line up
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-list-columns"

#include "ud-i18n.h"
#include "ud-list-columns.h"

struct _UdListColumns
{
  char               *context;    /* owned */
  const UdListColumn *columns;    /* borrowed: a static table */
  guint               n_columns;
  GtkSizeGroup      **sizes;      /* owned: one per column */
};

static const char *const cell_classes[] = { "dim-label", "warning", "success", "error" };

UdListColumns *
ud_list_columns_new (const char          *context,
                     const UdListColumn  *columns,
                     guint                n_columns)
{
  UdListColumns *self = g_new0 (UdListColumns, 1);

  self->context = g_strdup (context);
  self->columns = columns;
  self->n_columns = n_columns;
  self->sizes = g_new0 (GtkSizeGroup *, n_columns);
  for (guint i = 0; i < n_columns; i++)
    self->sizes[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  return self;
}

void
ud_list_columns_free (UdListColumns *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_columns; i++)
    g_clear_object (&self->sizes[i]);
  g_free (self->sizes);
  g_free (self->context);
  g_free (self);
}

static GtkWidget *
cell_new (UdListColumns *self,
          guint          column,
          const char    *text,
          gboolean       heading)
{
  const UdListColumn *spec = &self->columns[column];
  GtkWidget *label = gtk_label_new (text ? text : "");

  gtk_label_set_xalign (GTK_LABEL (label), spec->end ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_size_request (label, spec->width, -1);
  gtk_widget_set_hexpand (label, spec->expand);
  if (spec->numeric && !heading)
    gtk_widget_add_css_class (label, "numeric");
  gtk_size_group_add_widget (self->sizes[column], label);
  return label;
}

void
ud_list_columns_fill_header (UdListColumns *self,
                             GtkWidget     *header)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (GTK_IS_BOX (header));

  for (guint i = 0; i < self->n_columns; i++)
    gtk_box_append (GTK_BOX (header),
                    cell_new (self, i, g_dpgettext2 (GETTEXT_PACKAGE, self->context,
                                                     self->columns[i].title), TRUE));
}

GtkWidget *
ud_list_columns_row_new (UdListColumns *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  g_return_val_if_fail (self != NULL, NULL);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  for (guint i = 0; i < self->n_columns; i++)
    gtk_box_append (GTK_BOX (box), cell_new (self, i, NULL, FALSE));
  return box;
}

void
ud_list_columns_set (GtkWidget  *row,
                     guint       column,
                     const char *text,
                     const char *css_class,
                     const char *tooltip)
{
  GtkWidget *label = gtk_widget_get_first_child (row);

  for (guint i = 0; i < column && label != NULL; i++)
    label = gtk_widget_get_next_sibling (label);
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  for (guint i = 0; i < G_N_ELEMENTS (cell_classes); i++)
    gtk_widget_remove_css_class (label, cell_classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_tooltip_text (label, tooltip);
}

void
ud_list_columns_set_loading (GtkWidget *row)
{
  guint column = 0;

  for (GtkWidget *label = gtk_widget_get_first_child (row); label != NULL;
       label = gtk_widget_get_next_sibling (label), column++)
    ud_list_columns_set (row, column, column == 0 ? "…" : NULL, NULL, NULL);
}
