/* ud-form-print.c — printing a form (UdFormLayout) on A4, to a printer or a PDF file
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form is cut into blocks (a section's title band, a row) whose heights are measured with
 * the print context's Pango at "begin-print"; blocks then fill pages from top to bottom. A
 * section title never ends a page alone, and a section that continues on the next page starts
 * there with its title and its repeated rows (a table's heading). Each page has the title (the
 * first in full, the others marked as continued), the footer and "page N of M". Coordinates
 * are millimetres (GTK_UNIT_MM); fonts are in points. */
#define G_LOG_DOMAIN "ud-form-print"

#include <string.h>

#include "ud-form.h"
#include "ud-form-print.h"
#include "ud-i18n.h"

#define FONT_FAMILY       "Noto Sans CJK SC, Noto Sans CJK, Noto Sans, sans-serif"
#define BODY_SIZE         9.5
#define TITLE_SIZE        18.0
#define SMALL_SIZE        8.5

#define MARGIN_TOP_MM     15.0
#define MARGIN_BOTTOM_MM  12.0
#define MARGIN_LEFT_MM    20.0   /* room to bind the form into a file */
#define MARGIN_RIGHT_MM   15.0

#define PAD_X_MM          1.2
#define PAD_Y_MM          1.4
#define MIN_ROW_MM        7.5
#define TITLE_BLOCK_MM    16.0   /* the first page's title */
#define CONTINUED_MM      9.0    /* the title on the following pages */
#define HEADER_LINE_MM    7.0    /* union and number above the table */
#define FOOTER_MM         9.0
#define LINE_MM           0.25
#define OUTER_LINE_MM     0.6
#define TINT              0.92

typedef struct
{
  guint  section;
  int    row;          /* -1: the section's title band */
  double height;
} Block;

typedef struct
{
  UdFormLayout *layout;    /* borrowed from the caller for the operation's run */
  GArray       *blocks;    /* owned: Block */
  GPtrArray    *pages;     /* owned: GArray of guint (block indices) per page */
  double        width;     /* of the printable area, mm */
  double        height;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_pointer (&job->blocks, g_array_unref);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  g_free (job);
}

static PangoLayout *
text_layout (GtkPrintContext *context,
             const char      *text,
             double           size,
             gboolean         bold,
             double           width_mm,
             PangoAlignment   alignment)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  /* Simplified Chinese glyph forms whatever the locale; glyph positions not rounded to whole
   * units, which are millimetres here. */
  pango_context_set_language (pango_layout_get_context (layout),
                              pango_language_from_string ("zh-cn"));
  pango_context_set_round_glyph_positions (pango_layout_get_context (layout), FALSE);
  pango_layout_context_changed (layout);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  if (width_mm > 0)
    {
      pango_layout_set_width (layout, (int) (width_mm * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static const char *
blank_date (void)
{
  /* Translators: a blank date on a printed form, filled in by hand (　　年　　月　　日) */
  return _("Year      Month      Day");
}

static UdFormSection *
block_section (PrintJob    *job,
               const Block *block)
{
  return g_ptr_array_index (job->layout->sections, block->section);
}

/* The x of column @column and the width of @span columns from it. */
static void
column_geometry (PrintJob      *job,
                 UdFormSection *section,
                 guint          column,
                 guint          span,
                 double        *x,
                 double        *width)
{
  double total = 0, before = 0, covered = 0;

  for (guint i = 0; i < section->n_columns; i++)
    {
      total += section->widths[i];
      if (i < column)
        before += section->widths[i];
      else if (i < column + span)
        covered += section->widths[i];
    }
  *x = job->width * before / total;
  *width = job->width * covered / total;
}

static PangoAlignment
cell_alignment (const UdFormCell *cell)
{
  if (cell->flags & (UD_FORM_CELL_LABEL | UD_FORM_CELL_HEADING | UD_FORM_CELL_CENTRE))
    return PANGO_ALIGN_CENTER;
  if (cell->flags & UD_FORM_CELL_NUMBER)
    return PANGO_ALIGN_RIGHT;
  return PANGO_ALIGN_LEFT;
}

/* Numbers, dates, ID and file numbers (ASCII on one line) never break: they shrink to fit
 * their cell instead. Other text wraps. */
static PangoLayout *
cell_layout (GtkPrintContext  *context,
             const UdFormCell *cell,
             double            width)
{
  gboolean bold = (cell->flags & UD_FORM_CELL_HEADING) != 0;
  PangoLayout *layout;
  int text_width;

  if (!g_str_is_ascii (cell->text) || strchr (cell->text, '\n') != NULL)
    return text_layout (context, cell->text, BODY_SIZE, bold, width, cell_alignment (cell));

  for (double size = BODY_SIZE; ; size -= 0.5)
    {
      layout = text_layout (context, cell->text, size, bold, -1, cell_alignment (cell));
      pango_layout_get_size (layout, &text_width, NULL);
      if ((double) text_width / PANGO_SCALE <= width || size <= 6.0)
        break;
      g_object_unref (layout);
    }
  /* Aligned within the cell's width. */
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  return layout;
}

static double
measure_row (PrintJob        *job,
             GtkPrintContext *context,
             UdFormSection   *section,
             UdFormRow       *row)
{
  double height = MAX (MIN_ROW_MM, row->min_height_mm);
  guint column = 0;

  for (guint c = 0; c < row->cells->len; c++)
    {
      UdFormCell *cell = g_ptr_array_index (row->cells, c);
      g_autoptr(PangoLayout) layout = NULL;
      double x, width, cell_height;

      column_geometry (job, section, column, cell->span, &x, &width);
      column += cell->span;
      layout = cell_layout (context, cell, width - 2 * PAD_X_MM);
      cell_height = layout_height (layout) + 2 * PAD_Y_MM;
      if (cell->flags & UD_FORM_CELL_OPINION)
        {
          g_autoptr(PangoLayout) line = text_layout (context, cell->signature, BODY_SIZE, FALSE,
                                                     -1, PANGO_ALIGN_LEFT);

          /* The opinion, room for a handwritten line, then the signature line. */
          cell_height += 6.0 + layout_height (line) + PAD_Y_MM;
        }
      height = MAX (height, cell_height);
    }
  return height;
}

static double
measure_title_band (GtkPrintContext *context,
                    UdFormSection   *section)
{
  g_autoptr(PangoLayout) layout = text_layout (context, section->title, BODY_SIZE, TRUE, -1,
                                               PANGO_ALIGN_LEFT);

  return MAX (7.0, layout_height (layout) + 2 * PAD_Y_MM);
}

static void
add_block (PrintJob *job,
           guint     section,
           int       row,
           double    height)
{
  Block block = { section, row, height };

  g_array_append_val (job->blocks, block);
}

static GArray *
new_page (PrintJob *job)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (guint));

  g_ptr_array_add (job->pages, page);
  return page;
}

/* The height still free on @page after its blocks. */
static double
page_used (PrintJob *job,
           GArray   *page)
{
  double used = 0;

  for (guint i = 0; i < page->len; i++)
    used += g_array_index (job->blocks, Block, g_array_index (page, guint, i)).height;
  return used;
}

static double
page_room (PrintJob *job,
           guint     page_index)
{
  double top = page_index == 0 ? TITLE_BLOCK_MM + HEADER_LINE_MM : CONTINUED_MM;

  return job->height - top - FOOTER_MM;
}

static void
paginate (PrintJob        *job,
          GtkPrintContext *context)
{
  GArray *page;
  /* The first block of each section and its title band, to repeat after a break. */
  g_autoptr(GArray) section_first = g_array_new (FALSE, FALSE, sizeof (guint));

  job->blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  for (guint s = 0; s < job->layout->sections->len; s++)
    {
      UdFormSection *section = g_ptr_array_index (job->layout->sections, s);
      guint first = job->blocks->len;

      g_array_append_val (section_first, first);
      if (section->title != NULL)
        add_block (job, s, -1, measure_title_band (context, section));
      for (guint r = 0; r < section->rows->len; r++)
        add_block (job, s, (int) r,
                   measure_row (job, context, section, g_ptr_array_index (section->rows, r)));
    }

  job->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  page = new_page (job);

  for (guint b = 0; b < job->blocks->len; b++)
    {
      Block *block = &g_array_index (job->blocks, Block, b);
      UdFormSection *section = block_section (job, block);
      double needed = block->height;

      /* A title band keeps with its section's first row. */
      if (block->row < 0 && b + 1 < job->blocks->len)
        needed += g_array_index (job->blocks, Block, b + 1).height;

      if (page->len > 0 && page_used (job, page) + needed > page_room (job, job->pages->len - 1))
        {
          guint first = g_array_index (section_first, guint, block->section);

          page = new_page (job);
          /* The section goes on: its title band and repeated rows come first again. */
          if (b > first)
            {
              guint repeat = section->title != NULL ? 1 : 0;

              if (block->row >= (int) section->n_repeat_rows)
                repeat += section->n_repeat_rows;
              for (guint index = first; index < first + repeat && index < b; index++)
                g_array_append_val (page, index);
            }
        }
      g_array_append_val (page, b);
    }
}

/* Drawing */

static void
stroke_rect (cairo_t *cr,
             double   x,
             double   y,
             double   width,
             double   height,
             double   line)
{
  cairo_set_line_width (cr, line);
  cairo_rectangle (cr, x, y, width, height);
  cairo_stroke (cr);
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_cell (PrintJob         *job,
           GtkPrintContext  *context,
           cairo_t          *cr,
           const UdFormCell *cell,
           double            x,
           double            y,
           double            width,
           double            height)
{
  g_autoptr(PangoLayout) layout = NULL;
  double text_height;

  if (cell->flags & (UD_FORM_CELL_LABEL | UD_FORM_CELL_HEADING))
    {
      cairo_set_source_rgb (cr, TINT, TINT, TINT);
      cairo_rectangle (cr, x, y, width, height);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  stroke_rect (cr, x, y, width, height, LINE_MM);

  layout = cell_layout (context, cell, width - 2 * PAD_X_MM);
  text_height = layout_height (layout);

  if (cell->flags & UD_FORM_CELL_OPINION)
    {
      g_autoptr(PangoLayout) signature = NULL;
      g_autoptr(PangoLayout) date = NULL;
      double line_y;

      show_layout (cr, layout, x + PAD_X_MM, y + PAD_Y_MM);

      signature = text_layout (context, cell->signature, BODY_SIZE, FALSE, -1,
                               PANGO_ALIGN_LEFT);
      date = text_layout (context, cell->date != NULL ? cell->date : blank_date (), BODY_SIZE,
                          FALSE, -1, PANGO_ALIGN_LEFT);
      line_y = y + height - PAD_Y_MM - layout_height (signature);
      show_layout (cr, signature, x + width * 0.45, line_y);
      {
        int date_width;

        pango_layout_get_size (date, &date_width, NULL);
        show_layout (cr, date, x + width - PAD_X_MM - 4.0 - (double) date_width / PANGO_SCALE,
                     line_y);
      }
      return;
    }

  show_layout (cr, layout, x + PAD_X_MM, y + (height - text_height) / 2);
}

static void
draw_block (PrintJob        *job,
            GtkPrintContext *context,
            cairo_t         *cr,
            const Block     *block,
            double           y)
{
  UdFormSection *section = block_section (job, block);
  UdFormRow *row;
  guint column = 0;

  if (block->row < 0)
    {
      g_autoptr(PangoLayout) layout = text_layout (context, section->title, BODY_SIZE, TRUE,
                                                   job->width - 2 * PAD_X_MM,
                                                   PANGO_ALIGN_LEFT);

      cairo_set_source_rgb (cr, 0.84, 0.84, 0.84);
      cairo_rectangle (cr, 0, y, job->width, block->height);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      stroke_rect (cr, 0, y, job->width, block->height, LINE_MM);
      show_layout (cr, layout, PAD_X_MM, y + (block->height - layout_height (layout)) / 2);
      return;
    }

  row = g_ptr_array_index (section->rows, block->row);
  for (guint c = 0; c < row->cells->len; c++)
    {
      UdFormCell *cell = g_ptr_array_index (row->cells, c);
      double x, width;

      column_geometry (job, section, column, cell->span, &x, &width);
      column += cell->span;
      draw_cell (job, context, cr, cell, x, y, width, block->height);
    }
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  job->width = gtk_print_context_get_width (context);
  job->height = gtk_print_context_get_height (context);
  paginate (job, context);
  gtk_print_operation_set_n_pages (operation, (int) job->pages->len);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  GArray *page = g_ptr_array_index (job->pages, page_nr);
  g_autoptr(PangoLayout) footer = NULL;
  g_autoptr(PangoLayout) page_number = NULL;
  g_autofree char *page_text = NULL;
  double y = 0, table_top;

  cairo_set_source_rgb (cr, 0, 0, 0);

  if (page_nr == 0)
    {
      g_autoptr(PangoLayout) title = text_layout (context, job->layout->title, TITLE_SIZE, TRUE,
                                                  job->width, PANGO_ALIGN_CENTER);

      show_layout (cr, title, 0, (TITLE_BLOCK_MM - layout_height (title)) / 2);
      y = TITLE_BLOCK_MM;
      if (job->layout->header_left != NULL)
        {
          g_autoptr(PangoLayout) left = text_layout (context, job->layout->header_left,
                                                     BODY_SIZE, FALSE, job->width * 0.6,
                                                     PANGO_ALIGN_LEFT);

          show_layout (cr, left, 0, y + HEADER_LINE_MM - 1.5 - layout_height (left));
        }
      if (job->layout->header_right != NULL)
        {
          g_autoptr(PangoLayout) right = text_layout (context, job->layout->header_right,
                                                      BODY_SIZE, FALSE, job->width * 0.4,
                                                      PANGO_ALIGN_RIGHT);

          show_layout (cr, right, job->width * 0.6,
                       y + HEADER_LINE_MM - 1.5 - layout_height (right));
        }
      y += HEADER_LINE_MM;
    }
  else
    {
      /* Translators: the title on the following pages of a printed form; %s is the title */
      g_autofree char *text = g_strdup_printf (_("%s (continued)"), job->layout->title);
      g_autoptr(PangoLayout) title = text_layout (context, text, BODY_SIZE + 1, TRUE, job->width,
                                                  PANGO_ALIGN_CENTER);

      show_layout (cr, title, 0, (CONTINUED_MM - layout_height (title)) / 2);
      y = CONTINUED_MM;
    }

  table_top = y;
  for (guint i = 0; i < page->len; i++)
    {
      const Block *block = &g_array_index (job->blocks, Block, g_array_index (page, guint, i));

      draw_block (job, context, cr, block, y);
      y += block->height;
    }
  if (page->len > 0)
    stroke_rect (cr, 0, table_top, job->width, y - table_top, OUTER_LINE_MM);

  if (page_nr == (int) job->pages->len - 1 && job->layout->note != NULL)
    {
      g_autoptr(PangoLayout) note = text_layout (context, job->layout->note, SMALL_SIZE, FALSE,
                                                 job->width, PANGO_ALIGN_LEFT);

      show_layout (cr, note, 0, y + 1.5);
    }

  footer = text_layout (context, job->layout->footer, SMALL_SIZE, FALSE, job->width * 0.75,
                        PANGO_ALIGN_LEFT);
  show_layout (cr, footer, 0, job->height - layout_height (footer));
  /* Translators: at the foot of a printed form's pages */
  page_text = g_strdup_printf (_("Page %d of %u"), page_nr + 1, job->pages->len);
  page_number = text_layout (context, page_text, SMALL_SIZE, FALSE, job->width * 0.25,
                             PANGO_ALIGN_RIGHT);
  show_layout (cr, page_number, job->width * 0.75, job->height - layout_height (page_number));
}

static GtkPageSetup *
a4_page_setup (void)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (setup, MARGIN_TOP_MM, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, MARGIN_BOTTOM_MM, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, MARGIN_LEFT_MM, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, MARGIN_RIGHT_MM, GTK_UNIT_MM);
  return setup;
}

gboolean
ud_form_print_layout (GtkWindow               *parent,
                      const UdFormLayout      *layout,
                      GtkPrintOperationAction  action,
                      const char              *pdf_path,
                      GError                 **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = a4_page_setup ();
  GtkPrintOperationResult result;
  PrintJob *job;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (action == GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG
                        || (action == GTK_PRINT_OPERATION_ACTION_EXPORT && pdf_path != NULL),
                        FALSE);
  g_return_val_if_fail (ud_form_layout_check (layout), FALSE);

  job = g_new0 (PrintJob, 1);
  job->layout = (UdFormLayout *) layout;

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, layout->title);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_MM);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (pdf_path != NULL)
    gtk_print_operation_set_export_filename (operation, pdf_path);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);

  result = gtk_print_operation_run (operation, action, parent, error);
  print_job_free (job);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* Building the form in a worker thread */

typedef UdFormLayout *(*BuildFunc) (UdDatabase  *db,
                                    gint64       id,
                                    GError     **error);

typedef struct
{
  char      *db_path;    /* owned */
  BuildFunc  build;
  gint64     id;
  gboolean   to_pdf;
  GtkWindow *parent;     /* owned (a reference), or NULL */
} BuildData;

static void
build_data_free (gpointer data)
{
  BuildData *build = data;

  g_free (build->db_path);
  g_clear_object (&build->parent);
  g_free (build);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *build = task_data;
  g_autoptr(UdDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  UdFormLayout *layout;

  db = ud_database_open_worker (build->db_path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  layout = build->build (db, build->id, &error);
  if (layout == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, layout, (GDestroyNotify) ud_form_layout_free);
}

static void
show_error (GtkWindow  *parent,
            const char *message)
{
  if (parent != NULL)
    ud_form_add_toast (GTK_WIDGET (parent), message);
  else
    g_message ("%s", message);
}

static void
pdf_chosen (GtkNativeDialog *chooser,
            int              response,
            gpointer         user_data)
{
  UdFormLayout *layout = user_data;
  GtkWindow *parent = gtk_native_dialog_get_transient_for (chooser);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    {
      if (!ud_form_print_layout (parent, layout, GTK_PRINT_OPERATION_ACTION_EXPORT, path, &error))
        show_error (parent, error->message);
      else
        show_error (parent, _("PDF saved"));
    }

  ud_form_layout_free (layout);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
built (GObject      *source_object,
       GAsyncResult *result,
       gpointer      user_data)
{
  BuildData *build = g_task_get_task_data (G_TASK (result));
  g_autoptr(UdFormLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = g_task_propagate_pointer (G_TASK (result), &error);
  if (layout == NULL)
    {
      show_error (build->parent, error->message);
      return;
    }

  if (build->to_pdf)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_autofree char *name = NULL;
      GtkFileChooserNative *chooser;

      chooser = gtk_file_chooser_native_new (_("Export PDF"), build->parent,
                                             GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
      /* The suggested name: the form's title and the record's number. */
      name = g_strdup_printf ("%s %s.pdf", layout->title,
                              layout->number != NULL ? layout->number : "");
      g_strdelimit (name, "/\\:", '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
      g_signal_connect (chooser, "response", G_CALLBACK (pdf_chosen), g_steal_pointer (&layout));
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
      return;
    }

  if (!ud_form_print_layout (build->parent, layout, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                             NULL, &error))
    show_error (build->parent, error->message);
}

static void
build_async (GtkWindow  *parent,
             UdDatabase *db,
             BuildFunc   func,
             gint64      id,
             gboolean    to_pdf)
{
  g_autoptr(GTask) task = NULL;
  BuildData *build;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (UD_IS_DATABASE (db));

  build = g_new0 (BuildData, 1);
  build->db_path = g_strdup (ud_database_get_path (db));
  build->build = func;
  build->id = id;
  build->to_pdf = to_pdf;
  build->parent = parent != NULL ? g_object_ref (parent) : NULL;

  task = g_task_new (NULL, NULL, built, NULL);
  g_task_set_source_tag (task, build_async);
  g_task_set_task_data (task, build, build_data_free);
  g_task_run_in_thread (task, build_thread);
}

void
ud_form_print_hardship_file (GtkWindow  *parent,
                             UdDatabase *db,
                             gint64      file_id)
{
  build_async (parent, db, ud_form_layout_hardship_file, file_id, FALSE);
}

void
ud_form_print_medical_relief (GtkWindow  *parent,
                              UdDatabase *db,
                              gint64      application_id)
{
  build_async (parent, db, ud_form_layout_medical_relief, application_id, FALSE);
}

void
ud_form_export_hardship_file (GtkWindow  *parent,
                              UdDatabase *db,
                              gint64      file_id)
{
  build_async (parent, db, ud_form_layout_hardship_file, file_id, TRUE);
}

void
ud_form_export_medical_relief (GtkWindow  *parent,
                               UdDatabase *db,
                               gint64      application_id)
{
  build_async (parent, db, ud_form_layout_medical_relief, application_id, TRUE);
}
