/* ud-statistics-page.c — the statistics section: hardship files and aid in charts and figures
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures are read in a worker thread (ud_statistics_load_async()) when the page is made,
 * when the year changes and when files or applications change; a generation counter drops
 * answers that arrive after a newer request. Two charts are drawn with cairo: horizontal bars
 * of files in force by category and by main cause, and grouped bars of approved amounts by type
 * and month. Under each chart the same numbers are written out as text, for screen readers and
 * for copying. */
#define G_LOG_DOMAIN "ud-statistics-page"

#include <math.h>
#include <string.h>

#include "ud-aid-application.h"
#include "ud-form.h"
#include "ud-hardship-enums.h"
#include "ud-i18n.h"
#include "ud-money.h"
#include "ud-statistics.h"
#include "ud-statistics-page.h"

/* Colours of the aid types, distinguishable in grey too. */
static const double type_colours[UD_STATISTICS_N_AID_TYPES][3] = {
  { 0.21, 0.52, 0.89 },  /* living: blue */
  { 0.88, 0.11, 0.14 },  /* medical: red */
  { 0.20, 0.82, 0.48 },  /* education: green */
  { 0.96, 0.76, 0.07 },  /* temporary: yellow */
  { 0.57, 0.25, 0.67 },  /* condolence: purple */
};

struct _UdStatisticsPage
{
  AdwBin          parent_instance;

  UdDatabase     *db;            /* owned */
  GCancellable   *cancellable;   /* owned: loads and exports */
  UdStatistics   *statistics;    /* owned, or NULL before the first answer */
  guint           generation;    /* of the latest load */
  gboolean        loading;
  guint           files_draws;
  guint           aid_draws;

  /* template */
  GtkSpinButton  *year_spin;
  GtkSpinner     *spinner;
  GtkWidget      *export_button;
  GtkLabel       *files_heading;
  GtkDrawingArea *files_chart;
  GtkLabel       *files_summary;
  GtkLabel       *aid_heading;
  GtkDrawingArea *aid_chart;
  GtkLabel       *aid_summary;
};

G_DEFINE_FINAL_TYPE (UdStatisticsPage, ud_statistics_page, ADW_TYPE_BIN)

static void load (UdStatisticsPage *self);

/* Drawing helpers */

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

/* Files: horizontal bars */

typedef struct
{
  const char *label;   /* NULL: a heading */
  const char *heading;
  guint       count;
} BarRow;

static void
files_draw (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  UdStatisticsPage *self = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (BarRow));
  const UdFileStatistics *files;
  double row_height, label_width, bar_left, bar_width;
  guint max = 1;

  self->files_draws++;
  if (self->statistics == NULL)
    return;
  files = &self->statistics->files;

  {
    BarRow heading = { NULL, _("By category"), 0 };

    g_array_append_val (rows, heading);
  }
  for (int c = 0; c < UD_STATISTICS_N_CATEGORIES; c++)
    if (c != UD_HARDSHIP_CATEGORY_NONE || files->by_category[c] > 0)
      {
        BarRow row = { ud_enum_label (&ud_hardship_category_info, c), NULL,
                       files->by_category[c] };

        g_array_append_val (rows, row);
        max = MAX (max, row.count);
      }
  {
    BarRow heading = { NULL, _("By main cause"), 0 };

    g_array_append_val (rows, heading);
  }
  for (int c = 0; c < UD_STATISTICS_N_CAUSES; c++)
    if (c != UD_HARDSHIP_CAUSE_NONE || files->by_cause[c] > 0)
      {
        BarRow row = { ud_enum_label (&ud_hardship_cause_info, c), NULL, files->by_cause[c] };

        g_array_append_val (rows, row);
        max = MAX (max, row.count);
      }

  row_height = (double) height / rows->len;
  label_width = MIN (width * 0.4, 240.0);
  bar_left = label_width + 8;
  bar_width = MAX (width - bar_left - 48, 10.0);

  for (guint i = 0; i < rows->len; i++)
    {
      BarRow *row = &g_array_index (rows, BarRow, i);
      double y = i * row_height + row_height / 2;

      if (row->label == NULL)
        {
          g_autoptr(PangoLayout) layout = chart_text (widget, row->heading, TRUE);

          set_text_colour (widget, cr, 1.0);
          show_text (cr, layout, 0, y);
          continue;
        }

      {
        g_autoptr(PangoLayout) label = chart_text (widget, row->label, FALSE);
        g_autofree char *count_text = g_strdup_printf ("%u", row->count);
        g_autoptr(PangoLayout) count = chart_text (widget, count_text, FALSE);
        double length = bar_width * row->count / max;

        pango_layout_set_width (label, (int) ((label_width - 12) * PANGO_SCALE));
        pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
        set_text_colour (widget, cr, 0.8);
        show_text (cr, label, 12, y);

        cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
        cairo_rectangle (cr, bar_left, y - row_height * 0.32, MAX (length, 1.0),
                         row_height * 0.64);
        cairo_fill (cr);

        set_text_colour (widget, cr, 1.0);
        show_text (cr, count, bar_left + length + 6, y);
      }
    }
}

/* Aid: grouped bars by month */

static void
aid_draw (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  UdStatisticsPage *self = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  const UdAidStatistics *aid;
  const double legend_height = 28, axis_width = 72, month_height = 22;
  double plot_top, plot_bottom, plot_left, plot_width, group_width, bar;
  gint64 max = 0, step;
  double x = 0;

  self->aid_draws++;
  if (self->statistics == NULL)
    return;
  aid = &self->statistics->aid;

  /* The legend */
  for (int t = 0; t < UD_STATISTICS_N_AID_TYPES; t++)
    {
      g_autoptr(PangoLayout) label = chart_text (widget, ud_enum_label (&ud_aid_type_info, t),
                                                 FALSE);
      int label_width;

      cairo_set_source_rgb (cr, type_colours[t][0], type_colours[t][1], type_colours[t][2]);
      cairo_rectangle (cr, x, legend_height / 2 - 6, 12, 12);
      cairo_fill (cr);
      set_text_colour (widget, cr, 0.8);
      show_text (cr, label, x + 16, legend_height / 2);
      pango_layout_get_pixel_size (label, &label_width, NULL);
      x += 16 + label_width + 18;
    }

  for (int t = 0; t < UD_STATISTICS_N_AID_TYPES; t++)
    for (int m = 0; m < UD_STATISTICS_N_MONTHS; m++)
      max = MAX (max, aid->approved_fen[t][m]);

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
  group_width = plot_width / UD_STATISTICS_N_MONTHS;
  bar = group_width * 0.8 / UD_STATISTICS_N_AID_TYPES;

  /* Grid lines with amounts in yuan */
  cairo_set_line_width (cr, 1);
  for (int i = 0; i <= 4; i++)
    {
      double y = plot_bottom - (plot_bottom - plot_top) * i / 4;
      g_autofree char *amount = ud_money_format (step * i);
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) label = NULL;
      char *dot = strrchr (amount, '.');

      if (dot != NULL)
        *dot = '\0';   /* whole yuan on the axis */
      text = g_strdup (amount);
      label = chart_text (widget, text, FALSE);
      pango_layout_set_width (label, (int) ((axis_width - 8) * PANGO_SCALE));
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      set_text_colour (widget, cr, 0.7);
      show_text (cr, label, 0, y);
      set_text_colour (widget, cr, i == 0 ? 0.6 : 0.15);
      cairo_move_to (cr, plot_left, floor (y) + 0.5);
      cairo_line_to (cr, plot_left + plot_width, floor (y) + 0.5);
      cairo_stroke (cr);
    }

  for (int m = 0; m < UD_STATISTICS_N_MONTHS; m++)
    {
      g_autoptr(GDateTime) month = g_date_time_new_local (2000, m + 1, 1, 0, 0, 0);
      g_autofree char *month_text = g_date_time_format (month, "%b");
      g_autoptr(PangoLayout) label = chart_text (widget, month_text, FALSE);
      double group_left = plot_left + m * group_width + group_width * 0.1;

      for (int t = 0; t < UD_STATISTICS_N_AID_TYPES; t++)
        {
          double h = (plot_bottom - plot_top) * aid->approved_fen[t][m] / max;

          if (aid->approved_fen[t][m] == 0)
            continue;
          cairo_set_source_rgb (cr, type_colours[t][0], type_colours[t][1], type_colours[t][2]);
          cairo_rectangle (cr, group_left + t * bar, plot_bottom - h, MAX (bar - 1, 1.0), h);
          cairo_fill (cr);
        }

      pango_layout_set_width (label, (int) (group_width * PANGO_SCALE));
      pango_layout_set_alignment (label, PANGO_ALIGN_CENTER);
      set_text_colour (widget, cr, 0.8);
      show_text (cr, label, plot_left + m * group_width, plot_bottom + month_height / 2 + 2);
    }
}

/* Figures as text */

static void
update_summaries (UdStatisticsPage *self)
{
  const UdStatistics *statistics = self->statistics;
  g_autoptr(GString) files = g_string_new (NULL);
  g_autoptr(GString) aid = g_string_new (NULL);
  g_autofree char *files_heading = NULL;
  g_autofree char *aid_heading = NULL;

  /* Translators: a heading of the statistics page; %s is a date */
  files_heading = g_strdup_printf (_("Hardship files in force on %s: %u"),
                                   statistics->files.on_date, statistics->files.total);
  gtk_label_set_label (self->files_heading, files_heading);

  g_string_append (files, _("By category:"));
  for (int c = 0; c < UD_STATISTICS_N_CATEGORIES; c++)
    if (c != UD_HARDSHIP_CATEGORY_NONE || statistics->files.by_category[c] > 0)
      {
        g_string_append (files, "\n    ");
        /* Translators: a line under the files chart: a category or cause and its count */
        g_string_append_printf (files, _("%s: %u"), ud_enum_label (&ud_hardship_category_info, c),
                                statistics->files.by_category[c]);
      }
  g_string_append_printf (files, "\n%s", _("By main cause:"));
  for (int c = 0; c < UD_STATISTICS_N_CAUSES; c++)
    if (c != UD_HARDSHIP_CAUSE_NONE || statistics->files.by_cause[c] > 0)
      {
        g_string_append (files, "\n    ");
        g_string_append_printf (files, _("%s: %u"), ud_enum_label (&ud_hardship_cause_info, c),
                                statistics->files.by_cause[c]);
      }
  gtk_label_set_label (self->files_summary, files->str);

  /* Translators: a heading of the statistics page; %d is a year */
  aid_heading = g_strdup_printf (_("Approved aid in %d, by type and month"),
                                 statistics->aid.year);
  gtk_label_set_label (self->aid_heading, aid_heading);

  for (int t = 0; t < UD_STATISTICS_N_AID_TYPES; t++)
    {
      g_autofree char *total = ud_money_format (ud_aid_statistics_approved_total (&statistics->aid,
                                                                                  t));
      guint approved = 0;

      for (int m = 0; m < UD_STATISTICS_N_MONTHS; m++)
        approved += statistics->aid.approved[t][m];
      if (aid->len > 0)
        g_string_append_c (aid, '\n');
      /* Translators: a line under the aid chart: the type of aid, the number of applications
       * submitted, the number approved and the approved amount in yuan */
      g_string_append_printf (aid, _("%s: %u submitted, %u approved, %s yuan"),
                              ud_enum_label (&ud_aid_type_info, t),
                              ud_aid_statistics_applications_total (&statistics->aid, t),
                              approved, total);
      for (int m = 0; m < UD_STATISTICS_N_MONTHS; m++)
        if (statistics->aid.approved_fen[t][m] > 0 || statistics->aid.applications[t][m] > 0)
          {
            g_autoptr(GDateTime) month = g_date_time_new_local (2000, m + 1, 1, 0, 0, 0);
            g_autofree char *month_text = g_date_time_format (month, "%B");
            g_autofree char *amount = ud_money_format (statistics->aid.approved_fen[t][m]);

            g_string_append (aid, "\n    ");
            /* Translators: a month's line under the aid chart: the month, the number of
             * applications submitted and the amount approved in yuan */
            g_string_append_printf (aid, _("%s: %u submitted, %s yuan approved"),
                                    month_text, statistics->aid.applications[t][m], amount);
          }
    }
  gtk_label_set_label (self->aid_summary, aid->str);
}

/* Loading */

typedef struct
{
  UdStatisticsPage *self;      /* owned (a reference) */
  guint             generation;
} LoadData;

static void
loaded (GObject      *source_object,
        GAsyncResult *result,
        gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(UdStatisticsPage) self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree UdStatistics *statistics = ud_statistics_load_finish (result, &error);
  guint generation = data->generation;

  g_free (data);
  if (generation != self->generation)
    return;

  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (statistics == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ud_form_add_toast (GTK_WIDGET (self), error->message);
      return;
    }

  g_free (self->statistics);
  self->statistics = g_steal_pointer (&statistics);
  update_summaries (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "statistics.export", TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->files_chart));
  gtk_widget_queue_draw (GTK_WIDGET (self->aid_chart));
}

static void
load (UdStatisticsPage *self)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->self = g_object_ref (self);
  data->generation = ++self->generation;
  self->loading = TRUE;
  gtk_spinner_start (self->spinner);
  ud_statistics_load_async (self->db, ud_statistics_page_get_year (self), self->cancellable,
                            loaded, data);
}

static void
on_year_changed (UdStatisticsPage *self)
{
  load (self);
}

static void
database_changed_cb (UdStatisticsPage *self,
                     const char       *entity,
                     UdDatabase       *db)
{
  if (entity == NULL || g_str_equal (entity, "hardship_file")
      || g_str_equal (entity, "aid_application"))
    load (self);
}

/* Export */

static void
exported (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(UdStatisticsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ud_statistics_export_xlsx_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ud_form_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  ud_form_add_toast (GTK_WIDGET (self), _("Statistics exported"));
}

static void
export_response (GtkNativeDialog  *chooser,
                 int               response,
                 UdStatisticsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL || (path = g_file_get_path (file)) == NULL || self->statistics == NULL)
    return;

  ud_statistics_export_xlsx_async (self->statistics, path, self->cancellable, exported,
                                   g_object_ref (self));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdStatisticsPage *self = UD_STATISTICS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  /* Translators: the suggested name of the statistics workbook; %d is the year */
  name = g_strdup_printf (_("statistics-%d.xlsx"), ud_statistics_page_get_year (self));
  chooser = gtk_file_chooser_native_new (_("Export Statistics"), ud_form_get_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("Excel workbooks"));
  gtk_file_filter_add_pattern (filter, "*.xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GObject */

static void
ud_statistics_page_dispose (GObject *object)
{
  UdStatisticsPage *self = UD_STATISTICS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_STATISTICS_PAGE);

  G_OBJECT_CLASS (ud_statistics_page_parent_class)->dispose (object);
}

static void
ud_statistics_page_finalize (GObject *object)
{
  UdStatisticsPage *self = UD_STATISTICS_PAGE (object);

  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->statistics, g_free);

  G_OBJECT_CLASS (ud_statistics_page_parent_class)->finalize (object);
}

static void
ud_statistics_page_class_init (UdStatisticsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_statistics_page_dispose;
  object_class->finalize = ud_statistics_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-statistics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdStatisticsPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, UdStatisticsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, UdStatisticsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, UdStatisticsPage, files_heading);
  gtk_widget_class_bind_template_child (widget_class, UdStatisticsPage, files_chart);
  gtk_widget_class_bind_template_child (widget_class, UdStatisticsPage, files_summary);
  gtk_widget_class_bind_template_child (widget_class, UdStatisticsPage, aid_heading);
  gtk_widget_class_bind_template_child (widget_class, UdStatisticsPage, aid_chart);
  gtk_widget_class_bind_template_child (widget_class, UdStatisticsPage, aid_summary);
  gtk_widget_class_bind_template_callback (widget_class, on_year_changed);

  gtk_widget_class_install_action (widget_class, "statistics.export", NULL, export_action);
}

static void
ud_statistics_page_init (UdStatisticsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  gtk_drawing_area_set_draw_func (self->files_chart, files_draw, self, NULL);
  gtk_drawing_area_set_draw_func (self->aid_chart, aid_draw, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "statistics.export", FALSE);

  /* Not yet: the database comes after. */
  g_signal_handlers_block_by_func (self->year_spin, on_year_changed, self);
  gtk_spin_button_set_value (self->year_spin, g_date_time_get_year (now));
  g_signal_handlers_unblock_by_func (self->year_spin, on_year_changed, self);
}

/* Public */

GtkWidget *
ud_statistics_page_new (UdDatabase *db)
{
  UdStatisticsPage *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_STATISTICS_PAGE, NULL);
  self->db = g_object_ref (db);
  g_signal_connect_object (db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load (self);
  return GTK_WIDGET (self);
}

int
ud_statistics_page_get_year (UdStatisticsPage *self)
{
  g_return_val_if_fail (UD_IS_STATISTICS_PAGE (self), 0);

  return gtk_spin_button_get_value_as_int (self->year_spin);
}

void
ud_statistics_page_set_year (UdStatisticsPage *self,
                             int               year)
{
  g_return_if_fail (UD_IS_STATISTICS_PAGE (self));

  gtk_spin_button_set_value (self->year_spin, year);
}

gboolean
ud_statistics_page_is_loading (UdStatisticsPage *self)
{
  g_return_val_if_fail (UD_IS_STATISTICS_PAGE (self), FALSE);

  return self->loading;
}

guint
ud_statistics_page_get_files_draws (UdStatisticsPage *self)
{
  g_return_val_if_fail (UD_IS_STATISTICS_PAGE (self), 0);

  return self->files_draws;
}

guint
ud_statistics_page_get_aid_draws (UdStatisticsPage *self)
{
  g_return_val_if_fail (UD_IS_STATISTICS_PAGE (self), 0);

  return self->aid_draws;
}

const char *
ud_statistics_page_get_files_summary (UdStatisticsPage *self)
{
  g_return_val_if_fail (UD_IS_STATISTICS_PAGE (self), NULL);

  return gtk_label_get_label (self->files_summary);
}

const char *
ud_statistics_page_get_aid_summary (UdStatisticsPage *self)
{
  g_return_val_if_fail (UD_IS_STATISTICS_PAGE (self), NULL);

  return gtk_label_get_label (self->aid_summary);
}
