/* ud-books-page.c — the treasurer's books: approved, paid and outstanding per fund and period,
 * summaries, a chart by month and the reconciliation
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The books (ud_books_build_async()) are read in a worker thread when the page is made, when the
 * period changes and when payouts, batches or the records they pay change; a newer request
 * cancels the one before and a generation counter drops answers that still arrive. The tables
 * are grids of labels, the chart is drawn with cairo (grouped bars of approved and paid amounts
 * for each month of the year, the chosen month highlighted) with the same figures written out
 * under it for screen readers. The books shown are kept in a reference-counted box so that an
 * export running in a worker thread keeps them alive while a reload replaces them. */
#define G_LOG_DOMAIN "ud-books-page"

#include <math.h>
#include <string.h>

#include "ud-books-page.h"
#include "ud-date.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-money.h"
#include "ud-payout-books.h"

/* Approved: dark blue; paid: light green (apart in grey too). */
static const double approved_colour[3] = { 0.11, 0.35, 0.72 };
static const double paid_colour[3] = { 0.35, 0.78, 0.55 };

/* The books shown, shared with exports (a g_atomic_rc_box). */
typedef struct
{
  UdBooks *books;   /* owned */
} BooksBox;

struct _UdBooksPage
{
  AdwBin          parent_instance;

  UdDatabase     *db;                /* owned */
  GCancellable   *cancellable;       /* owned: exports; cancelled on dispose */
  GCancellable   *load_cancellable;  /* owned: the latest load */
  BooksBox       *books_box;         /* owned (a reference), or NULL before the first answer */
  guint           generation;        /* of the latest load */
  gboolean        loading;
  guint           n_differences;

  /* template */
  GtkSpinButton  *year_spin;
  GtkDropDown    *month_dropdown;
  GtkSpinner     *spinner;
  GtkLabel       *title_label;
  GtkLabel       *period_label;
  GtkWidget      *empty_box;
  GtkWidget      *funds_section;
  AdwBin         *funds_table;
  GtkWidget      *chart_section;
  GtkLabel       *chart_heading;
  GtkDrawingArea *chart;
  GtkLabel       *chart_summary;
  GtkWidget      *summaries_section;
  AdwBin         *category_table;
  AdwBin         *org_table;
  AdwBin         *group_table;
  GtkLabel       *reconciliation_heading;
  GtkListBox     *reconciliation_list;
};

G_DEFINE_FINAL_TYPE (UdBooksPage, ud_books_page, ADW_TYPE_BIN)

static void load (UdBooksPage *self);

static void
books_box_clear (gpointer data)
{
  BooksBox *box = data;

  g_clear_pointer (&box->books, ud_books_free);
}

static void
books_box_release (BooksBox *box)
{
  g_atomic_rc_box_release_full (box, books_box_clear);
}

static const UdBooks *
get_books (UdBooksPage *self)
{
  return self->books_box != NULL ? self->books_box->books : NULL;
}

/* The month's name in the locale ("November", "十一月"); @month 1–12. */
static char *
month_name (int month)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (2000, month, 1, 0, 0, 0);

  return g_date_time_format (date, "%B");
}

static char *
month_abbreviation (int month)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (2000, month, 1, 0, 0, 0);

  return g_date_time_format (date, "%b");
}

/* Tables */

static GtkWidget *
cell_new (GtkGrid    *grid,
          int         column,
          int         row,
          const char *text,
          gboolean    number,
          gboolean    bold)
{
  GtkWidget *label = gtk_label_new (text);
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  if (number)
    {
      /* Digits of one width, so the amounts line up. */
      pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_set_halign (label, GTK_ALIGN_FILL);
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_hexpand (label, TRUE);
    }
  if (bold)
    pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (GTK_LABEL (label), attributes);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static GtkWidget *
header_new (GtkGrid    *grid,
            int         column,
            int         row,
            int         width,
            int         height,
            const char *text,
            float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_END);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (grid, label, column, row, width, height);
  return label;
}

static void
separator_new (GtkGrid *grid,
               int      row)
{
  gtk_grid_attach (grid, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), 0, row, 7, 1);
}

/* One row: the label, then count and amount of approved, paid and outstanding. The count and
 * amount labels are named "TABLE:KEY:n_approved", "TABLE:KEY:approved" and so on. */
static void
table_row (GtkGrid          *grid,
           int               row,
           const char       *table_name,
           const UdBooksRow *books_row,
           gboolean          bold)
{
  const struct
  {
    const char *name;
    guint       count;
    gint64      fen;
  } measures[] = {
    { "approved", books_row->n_approved, books_row->approved_fen },
    { "paid", books_row->n_paid, books_row->paid_fen },
    { "outstanding", books_row->n_outstanding, books_row->outstanding_fen },
  };

  cell_new (grid, 0, row, books_row->label, FALSE, bold);
  for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
    {
      g_autofree char *count = g_strdup_printf ("%u", measures[m].count);
      g_autofree char *amount = ud_money_format (measures[m].fen);
      g_autofree char *count_name = g_strdup_printf ("%s:%s:n_%s", table_name, books_row->key,
                                                     measures[m].name);
      g_autofree char *amount_name = g_strdup_printf ("%s:%s:%s", table_name, books_row->key,
                                                      measures[m].name);
      GtkWidget *label;

      label = cell_new (grid, 1 + 2 * m, row, count, TRUE, bold);
      gtk_widget_set_name (label, count_name);
      label = cell_new (grid, 2 + 2 * m, row, amount, TRUE, bold);
      gtk_widget_set_name (label, amount_name);
    }
}

/* A card with a grid: the rows, then their total. */
static GtkWidget *
table_new (const char        *table_name,
           const char        *first_header,
           const UdBooksRow **rows,
           guint              n_rows,
           const UdBooksRow  *total)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  const char *measures[] = {
    /* Translators: a column of the books: what was approved in the period */
    N_("Approved"),
    /* Translators: a column of the books: what the bank paid in the period */
    N_("Paid"),
    /* Translators: a column of the books: approved by the end of the period, not paid by then */
    N_("Outstanding"),
  };
  int row = 2;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_name (card, table_name);
  gtk_grid_set_column_spacing (grid, 18);
  gtk_grid_set_row_spacing (grid, 6);
  gtk_widget_set_margin_top (GTK_WIDGET (grid), 10);
  gtk_widget_set_margin_bottom (GTK_WIDGET (grid), 10);
  gtk_widget_set_margin_start (GTK_WIDGET (grid), 14);
  gtk_widget_set_margin_end (GTK_WIDGET (grid), 14);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (grid));

  header_new (grid, 0, 0, 1, 2, first_header, 0);
  for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
    {
      GtkWidget *header = header_new (grid, 1 + 2 * m, 0, 2, 1, _(measures[m]), 1);

      if (m == 2)
        gtk_widget_set_tooltip_text (header, _("Approved by the end of the period and not paid "
                                               "by then"));
      /* Translators: a column of the books: the number of payouts */
      header_new (grid, 1 + 2 * m, 1, 1, 1, _("Count"), 1);
      /* Translators: a column of the books: the amount in yuan */
      header_new (grid, 2 + 2 * m, 1, 1, 1, _("Amount (yuan)"), 1);
    }

  separator_new (grid, row++);
  for (guint i = 0; i < n_rows; i++)
    table_row (grid, row++, table_name, rows[i], FALSE);
  if (n_rows == 0)
    {
      GtkWidget *label = cell_new (grid, 0, row++, _("Nothing in this period"), FALSE, FALSE);

      gtk_widget_add_css_class (label, "dim-label");
    }
  separator_new (grid, row++);
  table_row (grid, row, table_name, total, TRUE);

  return card;
}

static void
set_summary_table (AdwBin           *bin,
                   const char       *table_name,
                   const char       *first_header,
                   GPtrArray        *rows,
                   const UdBooksRow *total)
{
  adw_bin_set_child (bin, table_new (table_name, first_header,
                                     (const UdBooksRow **) rows->pdata, rows->len, total));
}

/* The chart: approved and paid by month */

static void
set_text_colour (GtkWidget *widget,
                 cairo_t   *cr,
                 double     alpha)
{
  GdkRGBA colour;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colour);
  cairo_set_source_rgba (cr, colour.red, colour.green, colour.blue, colour.alpha * alpha);
}

static PangoLayout *
chart_text (GtkWidget  *widget,
            const char *text,
            gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  if (bold)
    {
      g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attributes);
    }
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y_centre)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  cairo_move_to (cr, x, y_centre - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static double
legend_entry (GtkWidget    *widget,
              cairo_t      *cr,
              double        x,
              double        y_centre,
              const double  colour[3],
              const char   *text)
{
  g_autoptr(PangoLayout) label = chart_text (widget, text, FALSE);
  int label_width;

  cairo_set_source_rgb (cr, colour[0], colour[1], colour[2]);
  cairo_rectangle (cr, x, y_centre - 6, 12, 12);
  cairo_fill (cr);
  set_text_colour (widget, cr, 0.8);
  show_text (cr, label, x + 16, y_centre);
  pango_layout_get_pixel_size (label, &label_width, NULL);
  return x + 16 + label_width + 18;
}

static void
chart_draw (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  UdBooksPage *self = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  const UdBooks *books = get_books (self);
  const double legend_height = 28, axis_width = 80, month_height = 22;
  double plot_top, plot_bottom, plot_left, plot_width, group_width, bar, x;
  gint64 max = 0, step;

  if (books == NULL)
    return;

  x = legend_entry (widget, cr, axis_width, legend_height / 2, approved_colour, _("Approved"));
  legend_entry (widget, cr, x, legend_height / 2, paid_colour, _("Paid"));

  for (int m = 0; m < 12; m++)
    max = MAX (max, MAX (books->month_approved_fen[m], books->month_paid_fen[m]));

  /* Round the scale up to 1, 2 or 5 × 10^n yuan in four steps. */
  step = 100;
  while (step * 4 < max)
    {
      if (step * 2 * 4 >= max)
        step *= 2;
      else if (step * 5 * 4 >= max)
        step *= 5;
      else
        step *= 10;
    }
  max = step * 4;

  plot_top = legend_height + 8;
  plot_bottom = height - month_height;
  plot_left = axis_width;
  plot_width = MAX (width - plot_left, 10.0);
  group_width = plot_width / 12;
  bar = group_width * 0.7 / 2;

  /* The chosen month behind its bars */
  if (books->month >= 1 && books->month <= 12)
    {
      set_text_colour (widget, cr, 0.08);
      cairo_rectangle (cr, plot_left + (books->month - 1) * group_width, plot_top - 4,
                       group_width, plot_bottom - plot_top + month_height + 4);
      cairo_fill (cr);
    }

  /* Grid lines with amounts in whole yuan */
  cairo_set_line_width (cr, 1);
  for (int i = 0; i <= 4; i++)
    {
      double y = plot_bottom - (plot_bottom - plot_top) * i / 4;
      g_autofree char *amount = ud_money_format (step * i);
      g_autoptr(PangoLayout) label = NULL;
      char *dot = strrchr (amount, '.');

      if (dot != NULL)
        *dot = '\0';
      label = chart_text (widget, amount, FALSE);
      pango_layout_set_width (label, (int) ((axis_width - 8) * PANGO_SCALE));
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      set_text_colour (widget, cr, 0.7);
      show_text (cr, label, 0, y);
      set_text_colour (widget, cr, i == 0 ? 0.6 : 0.15);
      cairo_move_to (cr, plot_left, floor (y) + 0.5);
      cairo_line_to (cr, plot_left + plot_width, floor (y) + 0.5);
      cairo_stroke (cr);
    }

  for (int m = 0; m < 12; m++)
    {
      g_autofree char *month_text = month_abbreviation (m + 1);
      g_autoptr(PangoLayout) label = chart_text (widget, month_text, m + 1 == books->month);
      double group_left = plot_left + m * group_width + group_width * 0.15;
      const gint64 values[2] = { books->month_approved_fen[m], books->month_paid_fen[m] };
      const double *colours[2] = { approved_colour, paid_colour };

      for (int s = 0; s < 2; s++)
        {
          double h = (plot_bottom - plot_top) * values[s] / max;

          if (values[s] == 0)
            continue;
          cairo_set_source_rgb (cr, colours[s][0], colours[s][1], colours[s][2]);
          cairo_rectangle (cr, group_left + s * bar, plot_bottom - MAX (h, 1.0), MAX (bar - 1, 1.0),
                           MAX (h, 1.0));
          cairo_fill (cr);
        }

      pango_layout_set_width (label, (int) (group_width * PANGO_SCALE));
      pango_layout_set_alignment (label, PANGO_ALIGN_CENTER);
      set_text_colour (widget, cr, m + 1 == books->month ? 1.0 : 0.8);
      show_text (cr, label, plot_left + m * group_width, plot_bottom + month_height / 2 + 2);
    }
}

static void
update_chart (UdBooksPage   *self,
              const UdBooks *books)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *heading = NULL;
  gboolean any = FALSE;

  /* Translators: the heading of the chart on the books page; %d is a year */
  heading = g_strdup_printf (_("Approved and paid in %d, by month"), books->year);
  gtk_label_set_label (self->chart_heading, heading);

  for (int m = 0; m < 12; m++)
    if (books->month_approved_fen[m] != 0 || books->month_paid_fen[m] != 0)
      {
        g_autofree char *name = month_name (m + 1);
        g_autofree char *approved = ud_money_format (books->month_approved_fen[m]);
        g_autofree char *paid = ud_money_format (books->month_paid_fen[m]);

        if (summary->len > 0)
          g_string_append_c (summary, '\n');
        /* Translators: a line under the chart of the books: the month, the amounts approved
         * and paid in it in yuan */
        g_string_append_printf (summary, _("%s: approved %s yuan, paid %s yuan"), name, approved,
                                paid);
        any = TRUE;
      }
  gtk_widget_set_visible (self->chart_section, any);
  gtk_label_set_label (self->chart_summary, summary->str);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

/* The reconciliation */

static GtkWidget *
reconciliation_row_new (const char *name,
                        const char *title,
                        const char *subtitle,
                        const char *icon_name,
                        const char *icon_class)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (icon, icon_class);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
update_reconciliation (UdBooksPage   *self,
                       const UdBooks *books)
{
  GtkWidget *child;
  g_autofree char *heading = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reconciliation_list))) != NULL)
    gtk_list_box_remove (self->reconciliation_list, child);

  self->n_differences = books->differences->len;
  if (self->n_differences == 0)
    heading = g_strdup (_("Reconciliation: no differences"));
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reconciliation: %u difference",
                                            "Reconciliation: %u differences",
                                            self->n_differences),
                               self->n_differences);
  gtk_label_set_label (self->reconciliation_heading, heading);

  if (self->n_differences == 0)
    {
      gtk_list_box_append (self->reconciliation_list,
                           reconciliation_row_new ("no-differences", _("No differences"),
                                                   _("Every approval has its payout line with the "
                                                     "same amount, every status agrees, and every "
                                                     "batch adds up to its bank file."),
                                                   "emblem-ok-symbolic", "success"));
      return;
    }

  for (guint i = 0; i < books->differences->len; i++)
    {
      const UdBooksDifference *difference = g_ptr_array_index (books->differences, i);

      gtk_list_box_append (self->reconciliation_list,
                           reconciliation_row_new ("difference", difference->message, NULL,
                                                   "dialog-warning-symbolic", "warning"));
    }
}

/* Showing the books */

static void
show_books (UdBooksPage   *self,
            const UdBooks *books)
{
  g_autofree char *title = ud_books_dup_title (books);
  g_autofree char *period = NULL;
  const UdBooksRow *funds[UD_FUND_N_SOURCES];
  gboolean empty = books->total.n_approved == 0 && books->total.n_paid == 0
                   && books->total.n_outstanding == 0;

  gtk_label_set_label (self->title_label, title);
  /* Translators: the first and the last day of the books' period */
  period = g_strdup_printf (_("Period: %s to %s"), books->from, books->to);
  gtk_label_set_label (self->period_label, period);

  gtk_widget_set_visible (self->empty_box, empty);
  gtk_widget_set_visible (self->funds_section, !empty);
  gtk_widget_set_visible (self->summaries_section, !empty);

  for (int f = 0; f < UD_FUND_N_SOURCES; f++)
    funds[f] = &books->funds[f];
  adw_bin_set_child (self->funds_table,
                     table_new ("funds", _("Fund source"), funds, UD_FUND_N_SOURCES,
                                &books->total));
  set_summary_table (self->category_table, "categories", _("Type of aid or plan"),
                     books->by_category, &books->total);
  set_summary_table (self->org_table, "orgs", _("Union"), books->by_org, &books->total);
  set_summary_table (self->group_table, "groups", _("New-employment group"), books->by_group,
                     &books->total);

  update_chart (self, books);
  update_reconciliation (self, books);
}

/* Loading */

typedef struct
{
  UdBooksPage *self;        /* owned (a reference) */
  guint        generation;
} LoadData;

static void
loaded (GObject      *source_object,
        GAsyncResult *result,
        gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(UdBooksPage) self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdBooks) books = ud_books_build_finish (result, &error);
  guint generation = data->generation;
  BooksBox *box;

  g_free (data);
  if (generation != self->generation)
    return;

  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (books == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ud_form_add_toast (GTK_WIDGET (self), error->message);
      return;
    }

  box = g_atomic_rc_box_new0 (BooksBox);
  box->books = g_steal_pointer (&books);
  g_clear_pointer (&self->books_box, books_box_release);
  self->books_box = box;

  show_books (self, box->books);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "books.export-xlsx", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "books.export-pdf", TRUE);
}

static void
load (UdBooksPage *self)
{
  LoadData *data;

  if (self->db == NULL)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->generation = ++self->generation;
  self->loading = TRUE;
  gtk_spinner_start (self->spinner);
  ud_books_build_async (ud_database_get_path (self->db), ud_books_page_get_year (self),
                        ud_books_page_get_month (self), self->load_cancellable, loaded, data);
}

static void
on_period_changed (UdBooksPage *self)
{
  load (self);
}

static void
database_changed_cb (UdBooksPage *self,
                     const char  *entity,
                     UdDatabase  *db)
{
  static const char *const entities[] = {
    "payout", "payout_batch", "aid_application", "insurance_claim", "member", "org", NULL,
  };

  if (entity == NULL || g_strv_contains (entities, entity))
    load (self);
}

/* Export */

typedef struct
{
  BooksBox      *books_box;   /* owned (a reference) */
  char          *path;        /* owned */
  UdBooksFormat  format;
} ExportData;

static void
export_data_free (ExportData *data)
{
  books_box_release (data->books_box);
  g_free (data->path);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (data->format == UD_BOOKS_FORMAT_PDF)
    ok = ud_books_export_pdf (data->books_box->books, data->path, &error);
  else
    ok = ud_books_export_xlsx (data->books_box->books, data->path, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* In the main thread: a toast, then the caller's callback. */
static void
exported (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  UdBooksPage *self = UD_BOOKS_PAGE (source_object);
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  ExportData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ud_form_add_toast (GTK_WIDGET (self), error->message);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  {
    g_autofree char *name = g_path_get_basename (data->path);
    /* Translators: a toast; %s is the name of the file written */
    g_autofree char *message = g_strdup_printf (_("Books exported to “%s”"), name);

    ud_form_add_toast (GTK_WIDGET (self), message);
  }
  g_task_return_boolean (outer, TRUE);
}

void
ud_books_page_export_async (UdBooksPage         *self,
                            UdBooksFormat        format,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (UD_IS_BOOKS_PAGE (self));
  g_return_if_fail (path != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, ud_books_page_export_async);
  if (self->books_box == NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _("The books are still being read; try again in a moment"));
      return;
    }

  data = g_new0 (ExportData, 1);
  data->books_box = g_atomic_rc_box_acquire (self->books_box);
  data->path = g_strdup (path);
  data->format = format;
  task = g_task_new (self, self->cancellable, exported, g_steal_pointer (&outer));
  g_task_set_source_tag (task, export_thread);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
ud_books_page_export_finish (UdBooksPage   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (UD_IS_BOOKS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ud_books_page_export_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_response (GtkNativeDialog *chooser,
                 int              response,
                 UdBooksPage     *self)
{
  UdBooksFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "ud-format"));
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  ud_books_page_export_async (self, format, path, NULL, NULL, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdBooksPage *self = UD_BOOKS_PAGE (widget);
  UdBooksFormat format = g_str_equal (action_name, "books.export-pdf") ? UD_BOOKS_FORMAT_PDF
                                                                       : UD_BOOKS_FORMAT_XLSX;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *period = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  int month = ud_books_page_get_month (self);

  if (month == 0)
    period = g_strdup_printf ("%d", ud_books_page_get_year (self));
  else
    period = g_strdup_printf ("%d-%02d", ud_books_page_get_year (self), month);

  if (format == UD_BOOKS_FORMAT_PDF)
    {
      /* Translators: the suggested name of the books as a PDF; %s is the period, "2026-11" */
      name = g_strdup_printf (_("payout-books-%s.pdf"), period);
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_pattern (filter, "*.pdf");
    }
  else
    {
      /* Translators: the suggested name of the books as a workbook; %s is the period */
      name = g_strdup_printf (_("payout-books-%s.xlsx"), period);
      gtk_file_filter_set_name (filter, _("Excel workbooks"));
      gtk_file_filter_add_pattern (filter, "*.xlsx");
    }

  chooser = gtk_file_chooser_native_new (_("Export the Payout Books"),
                                         ud_form_get_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "ud-format", GINT_TO_POINTER (format));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GObject */

static void
ud_books_page_dispose (GObject *object)
{
  UdBooksPage *self = UD_BOOKS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_BOOKS_PAGE);

  G_OBJECT_CLASS (ud_books_page_parent_class)->dispose (object);
}

static void
ud_books_page_finalize (GObject *object)
{
  UdBooksPage *self = UD_BOOKS_PAGE (object);

  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->books_box, books_box_release);

  G_OBJECT_CLASS (ud_books_page_parent_class)->finalize (object);
}

static void
ud_books_page_class_init (UdBooksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_books_page_dispose;
  object_class->finalize = ud_books_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-books-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, empty_box);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, funds_section);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, funds_table);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, chart_section);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, chart_heading);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, chart);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, chart_summary);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, summaries_section);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, category_table);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, org_table);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, group_table);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, reconciliation_heading);
  gtk_widget_class_bind_template_child (widget_class, UdBooksPage, reconciliation_list);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed);

  gtk_widget_class_install_action (widget_class, "books.export-xlsx", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "books.export-pdf", NULL, export_action);
}

static void
ud_books_page_init (UdBooksPage *self)
{
  g_autoptr(GtkStringList) months = gtk_string_list_new (NULL);
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  gtk_string_list_append (months, _("Whole year"));
  for (int m = 1; m <= 12; m++)
    {
      g_autofree char *name = month_name (m);

      gtk_string_list_append (months, name);
    }

  gtk_drawing_area_set_draw_func (self->chart, chart_draw, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "books.export-xlsx", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "books.export-pdf", FALSE);

  /* This month of this year; nothing is read before the database is given. */
  ud_date_today (&today);
  gtk_drop_down_set_model (self->month_dropdown, G_LIST_MODEL (months));
  gtk_drop_down_set_selected (self->month_dropdown, g_date_get_month (&today));
  gtk_spin_button_set_value (self->year_spin, g_date_get_year (&today));
}

/* Public */

GtkWidget *
ud_books_page_new (UdDatabase *db)
{
  UdBooksPage *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_BOOKS_PAGE, NULL);
  self->db = g_object_ref (db);
  g_signal_connect_object (db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load (self);
  return GTK_WIDGET (self);
}

int
ud_books_page_get_year (UdBooksPage *self)
{
  g_return_val_if_fail (UD_IS_BOOKS_PAGE (self), 0);

  return gtk_spin_button_get_value_as_int (self->year_spin);
}

int
ud_books_page_get_month (UdBooksPage *self)
{
  guint selected;

  g_return_val_if_fail (UD_IS_BOOKS_PAGE (self), 0);

  selected = gtk_drop_down_get_selected (self->month_dropdown);
  return selected == GTK_INVALID_LIST_POSITION || selected > 12 ? 0 : (int) selected;
}

void
ud_books_page_set_period (UdBooksPage *self,
                          int          year,
                          int          month)
{
  g_return_if_fail (UD_IS_BOOKS_PAGE (self));
  g_return_if_fail (year >= 2000 && year <= 2100);
  g_return_if_fail (month >= 0 && month <= 12);

  if (year == ud_books_page_get_year (self) && month == ud_books_page_get_month (self))
    return;

  g_signal_handlers_block_by_func (self->year_spin, on_period_changed, self);
  g_signal_handlers_block_by_func (self->month_dropdown, on_period_changed, self);
  gtk_spin_button_set_value (self->year_spin, year);
  gtk_drop_down_set_selected (self->month_dropdown, (guint) month);
  g_signal_handlers_unblock_by_func (self->month_dropdown, on_period_changed, self);
  g_signal_handlers_unblock_by_func (self->year_spin, on_period_changed, self);
  load (self);
}

gboolean
ud_books_page_is_loading (UdBooksPage *self)
{
  g_return_val_if_fail (UD_IS_BOOKS_PAGE (self), FALSE);

  return self->loading;
}

guint
ud_books_page_get_n_differences (UdBooksPage *self)
{
  g_return_val_if_fail (UD_IS_BOOKS_PAGE (self), 0);

  return self->n_differences;
}

const char *
ud_books_page_get_chart_summary (UdBooksPage *self)
{
  g_return_val_if_fail (UD_IS_BOOKS_PAGE (self), NULL);

  return gtk_label_get_label (self->chart_summary);
}
