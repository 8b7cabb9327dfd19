/* ud-import-dialog.c — the roster import wizard: file, columns, check, import, result
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every step that reads the file or the database runs in a worker thread (the file is decoded
 * in a GTask, the check and the import by ud_member_import_run_async() on their own connection);
 * the main loop only shows progress. The check is a dry run of the real import, so what it
 * reports is what the import will do. */
#define G_LOG_DOMAIN "ud-import-dialog"

#include <string.h>

#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-import-dialog.h"
#include "ud-member-import.h"
#include "ud-org.h"

#define PREVIEW_ROWS 8
#define ISSUE_LINE_KEY "ud-issue-line"
#define ISSUE_FIELD_KEY "ud-issue-field"
#define COLUMN_KEY "ud-import-column"

struct _UdImportDialog
{
  AdwWindow             parent_instance;

  UdDatabase           *db;               /* owned */
  UdMemberImport       *import;           /* owned; a worker may use it until its callback */
  GFile                *file;             /* owned */
  GCancellable         *cancellable;      /* owned: the load or run in progress */
  GtkFileChooserNative *chooser;          /* owned while it is open */
  GListStore           *problems;         /* owned: GtkStringObject per issue */
  GListModel           *field_model;      /* owned: "Not imported", then every field */
  GListModel           *org_model;        /* owned */
  GPtrArray            *column_rows;      /* owned array of borrowed AdwComboRow */
  gboolean              running;          /* a load or a run is in progress */
  gboolean              dry_run;          /* of the run in progress */
  gboolean              checked;          /* the check ran with the current choices */
  gboolean              close_when_done;  /* closing waits for the import to stop */
  gboolean              disposed;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *cancel_button;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkStack             *stack;
  GtkButton            *choose_button;
  GtkWidget            *reading_box;
  GtkSpinner           *reading_spinner;
  GtkLabel             *choose_error;
  GtkLabel             *mapping_error;
  AdwActionRow         *file_row;
  GtkLabel             *encoding_value;
  GtkLabel             *rows_value;
  AdwPreferencesGroup  *columns_group;
  AdwComboRow          *duplicates_row;
  AdwComboRow          *default_org_row;
  GtkGrid              *preview_grid;
  GtkWidget            *check_running;
  GtkProgressBar       *check_progress;
  GtkLabel             *check_summary;
  GtkLabel             *check_hint;
  GtkWidget            *check_problems;
  GtkListView          *check_problem_list;
  AdwStatusPage        *progress_page;
  GtkProgressBar       *import_progress;
  GtkButton            *stop_button;
  GtkLabel             *result_title;
  AdwActionRow         *imported_row;
  GtkLabel             *imported_value;
  AdwActionRow         *updated_row;
  GtkLabel             *updated_value;
  AdwActionRow         *unchanged_row;
  GtkLabel             *unchanged_value;
  AdwActionRow         *skipped_row;
  GtkLabel             *skipped_value;
  AdwActionRow         *problems_row;
  GtkLabel             *problems_value;
  AdwActionRow         *created_orgs_row;
  GtkLabel             *created_orgs_value;
  AdwActionRow         *created_employers_row;
  GtkLabel             *created_employers_value;
  GtkWidget            *report_box;
  GtkButton            *save_report_button;
  GtkWidget            *result_problems;
  GtkListView          *result_problem_list;
};

G_DEFINE_FINAL_TYPE (UdImportDialog, ud_import_dialog, ADW_TYPE_WINDOW)

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_text (label, text);
}

static gboolean
on_page (UdImportDialog *self,
         const char     *name)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), name) == 0;
}

/* The header bar follows the step. */
static void
update_buttons (UdImportDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *import_label = NULL;
  const char *subtitle = NULL;
  const char *next = NULL;
  gboolean back = FALSE;
  gboolean cancel = TRUE;
  gboolean next_enabled = !self->running;

  if (g_strcmp0 (page, "choose") == 0)
    subtitle = _("Step 1 of 4: Choose the file");
  else if (g_strcmp0 (page, "mapping") == 0)
    {
      subtitle = _("Step 2 of 4: Columns");
      next = _("_Check Rows");
      back = TRUE;
    }
  else if (g_strcmp0 (page, "check") == 0)
    {
      guint n_valid = self->checked ? ud_member_import_get_n_valid (self->import) : 0;

      subtitle = _("Step 3 of 4: Check");
      import_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Row",
                                                   "_Import %u Rows", n_valid),
                                      n_valid);
      next = import_label;
      next_enabled = next_enabled && self->checked && n_valid > 0;
      back = TRUE;
    }
  else if (g_strcmp0 (page, "progress") == 0)
    {
      subtitle = _("Step 4 of 4: Import");
      cancel = FALSE;
    }
  else if (g_strcmp0 (page, "result") == 0)
    {
      subtitle = _("Step 4 of 4: Import");
      next = _("_Done");
      cancel = FALSE;
    }

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), cancel);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), back);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), next != NULL);
  if (next != NULL)
    gtk_button_set_label (self->next_button, next);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.next", next != NULL && next_enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.back", back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !self->running);
}

static void
show_page (UdImportDialog *self,
           const char     *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  update_buttons (self);
}

static void
cancel_running (UdImportDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static GCancellable *
new_cancellable (UdImportDialog *self)
{
  cancel_running (self);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

/* Problems */

static void
problem_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *line = gtk_label_new (NULL);
  GtkWidget *field = gtk_label_new (NULL);
  GtkWidget *message = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (line), 0.0);
  gtk_label_set_yalign (GTK_LABEL (line), 0.0);
  gtk_label_set_width_chars (GTK_LABEL (line), 8);
  gtk_widget_add_css_class (line, "numeric");
  gtk_label_set_xalign (GTK_LABEL (field), 0.0);
  gtk_label_set_yalign (GTK_LABEL (field), 0.0);
  gtk_label_set_width_chars (GTK_LABEL (field), 10);
  gtk_label_set_max_width_chars (GTK_LABEL (field), 14);
  gtk_label_set_ellipsize (GTK_LABEL (field), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (field, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (message), 0.0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (message, TRUE);

  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), field);
  gtk_box_append (GTK_BOX (box), message);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
problem_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *line = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *field = gtk_widget_get_next_sibling (line);
  GtkWidget *message = gtk_widget_get_next_sibling (field);
  guint line_number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (item), ISSUE_LINE_KEY));
  g_autofree char *line_text = g_strdup_printf (_("Line %u"), line_number);

  gtk_label_set_text (GTK_LABEL (line), line_text);
  gtk_label_set_text (GTK_LABEL (field), g_object_get_data (G_OBJECT (item), ISSUE_FIELD_KEY));
  gtk_label_set_text (GTK_LABEL (message), gtk_string_object_get_string (item));
}

static void
setup_problem_list (UdImportDialog *self,
                    GtkListView    *list_view)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->problems)));

  g_signal_connect (factory, "setup", G_CALLBACK (problem_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (problem_bind), NULL);
  gtk_list_view_set_factory (list_view, factory);
  gtk_list_view_set_model (list_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_add_css_class (GTK_WIDGET (list_view), "rich-list");
}

static void
fill_problems (UdImportDialog *self)
{
  GPtrArray *issues = ud_member_import_get_issues (self->import);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      const UdImportIssue *issue = g_ptr_array_index (issues, i);
      GtkStringObject *item = gtk_string_object_new (issue->message ? issue->message : "");
      const char *field = "";

      if (issue->field != UD_IMPORT_FIELD_IGNORED)
        field = ud_import_field_label (issue->field);

      g_object_set_data (G_OBJECT (item), ISSUE_LINE_KEY, GUINT_TO_POINTER (issue->line));
      g_object_set_data (G_OBJECT (item), ISSUE_FIELD_KEY, (gpointer) field);
      g_ptr_array_add (items, item);
    }

  g_list_store_splice (self->problems, 0, g_list_model_get_n_items (G_LIST_MODEL (self->problems)),
                       items->pdata, items->len);
}

static guint
n_problems (UdImportDialog *self)
{
  GPtrArray *issues = ud_member_import_get_issues (self->import);

  return issues != NULL ? issues->len : 0;
}

/* The columns step */

static void
check_columns (UdImportDialog *self)
{
  for (guint i = 0; i < self->column_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->column_rows, i);
      guint field = adw_combo_row_get_selected (row);
      g_autofree char *message = NULL;

      for (guint j = 0; field > 0 && j < i && message == NULL; j++)
        if (adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, j)) == field)
          message = g_strdup_printf (_("“%s” is also chosen for the column “%s”; only one column "
                                       "can go into it"),
                                     ud_import_field_label ((UdImportField) (field - 1)),
                                     ud_member_import_get_header (self->import, j));

      ud_form_set_error (GTK_WIDGET (row), message);
    }
}

static void
on_column_mapping_changed (AdwComboRow    *row,
                           GParamSpec     *pspec,
                           UdImportDialog *self)
{
  /* The mapping goes to the import when the check starts: a run may be reading it now. */
  self->checked = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->mapping_error), FALSE);
  check_columns (self);
}

static void
fill_columns (UdImportDialog *self,
              GPtrArray      *preview)
{
  guint n_columns = ud_member_import_get_n_columns (self->import);
  GStrv first = preview != NULL && preview->len > 0 ? g_ptr_array_index (preview, 0) : NULL;

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  for (guint i = 0; i < n_columns; i++)
    {
      const char *header = ud_member_import_get_header (self->import, i);
      GtkWidget *row = adw_combo_row_new ();
      g_autofree char *title = NULL;

      if (header == NULL || *header == '\0')
        title = g_strdup_printf (_("Column %u"), i + 1);
      else
        title = g_strdup (header);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (first != NULL && i < g_strv_length (first) && *first[i] != '\0')
        {
          g_autofree char *sample = g_strdup_printf (_("First row: %s"), first[i]);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample);
        }
      adw_combo_row_set_model (ADW_COMBO_ROW (row), self->field_model);
      adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                                  (guint) (ud_member_import_get_mapping (self->import, i) + 1));
      g_object_set_data (G_OBJECT (row), COLUMN_KEY, GUINT_TO_POINTER (i));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_column_mapping_changed),
                               self, 0);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }

  check_columns (self);
}

static GtkWidget *
preview_cell (const char *text,
              gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
fill_preview (UdImportDialog *self,
              GPtrArray      *preview)
{
  guint n_columns = ud_member_import_get_n_columns (self->import);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);

  for (guint i = 0; i < n_columns; i++)
    gtk_grid_attach (self->preview_grid,
                     preview_cell (ud_member_import_get_header (self->import, i), TRUE), (int) i, 0,
                     1, 1);

  for (guint r = 0; preview != NULL && r < preview->len; r++)
    {
      GStrv cells = g_ptr_array_index (preview, r);

      for (guint i = 0; cells[i] != NULL; i++)
        gtk_grid_attach (self->preview_grid, preview_cell (cells[i], FALSE), (int) i, (int) r + 1,
                         1, 1);
    }
}

static void
fill_mapping_page (UdImportDialog *self)
{
  g_autoptr(GPtrArray) preview = ud_member_import_preview (self->import, PREVIEW_ROWS);
  g_autoptr(GPtrArray) orgs = ud_org_list (self->db, NULL);
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *rows = NULL;
  guint n_rows = ud_member_import_get_n_rows (self->import);
  guint office;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->file_row), name);
  gtk_label_set_text (self->encoding_value, ud_member_import_get_encoding_name (self->import));
  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", n_rows), n_rows);
  gtk_label_set_text (self->rows_value, rows);
  gtk_widget_set_visible (GTK_WIDGET (self->mapping_error), FALSE);

  g_clear_object (&self->org_model);
  self->org_model = ud_form_org_model_new (orgs, 0);
  adw_combo_row_set_model (self->default_org_row, self->org_model);
  office = ud_form_org_model_find (self->org_model, ud_database_get_office_org_id (self->db));
  if (office != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->default_org_row, office);

  fill_columns (self, preview);
  fill_preview (self, preview);
}

/* Loading the file */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  UdMemberImport *import = ud_member_import_new_from_file (task_data, &error);

  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) ud_member_import_free);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  UdMemberImport *import = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->disposed || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    {
      g_clear_pointer (&import, ud_member_import_free);
      return;
    }

  self->running = FALSE;
  gtk_spinner_stop (self->reading_spinner);
  gtk_widget_set_visible (self->reading_box, FALSE);

  if (import == NULL)
    {
      gtk_label_set_text (self->choose_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->choose_error), TRUE);
      show_page (self, "choose");
      return;
    }

  g_clear_pointer (&self->import, ud_member_import_free);
  self->import = import;
  self->checked = FALSE;
  fill_mapping_page (self);
  show_page (self, "mapping");
}

void
ud_import_dialog_open_file (UdImportDialog *self,
                            GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  char *path;

  g_return_if_fail (UD_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!self->running || on_page (self, "choose"));

  g_set_object (&self->file, file);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_error), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      gtk_label_set_text (self->choose_error, _("Only files on this computer can be imported"));
      gtk_widget_set_visible (GTK_WIDGET (self->choose_error), TRUE);
      show_page (self, "choose");
      return;
    }

  self->running = TRUE;
  gtk_widget_set_visible (self->reading_box, TRUE);
  gtk_spinner_start (self->reading_spinner);
  show_page (self, "choose");

  task = g_task_new (self, new_cancellable (self), load_done, NULL);
  g_task_set_source_tag (task, ud_import_dialog_open_file);
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, load_thread);
}

static void
on_open_response (GtkNativeDialog *chooser,
                  int              response,
                  UdImportDialog  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  g_clear_object (&self->chooser);
  if (file != NULL)
    ud_import_dialog_open_file (self, file);
}

static void
add_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (chooser, csv);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
  gtk_file_chooser_set_filter (chooser, csv);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (widget);

  if (self->chooser != NULL || self->running)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose a Member Roster"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_filters (GTK_FILE_CHOOSER (self->chooser));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Checking and importing */

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  UdImportDialog *self = user_data;
  g_autofree char *text = NULL;
  GtkProgressBar *bar;

  if (self->disposed)
    return;

  bar = self->dry_run ? self->check_progress : self->import_progress;
  text = g_strdup_printf (_("%u of %u rows"), done, total);
  gtk_progress_bar_set_fraction (bar, total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (bar, text);
}

static void
fill_check_page (UdImportDialog *self)
{
  guint n_valid = ud_member_import_get_n_valid (self->import);
  guint problems = n_problems (self);
  g_auto(GStrv) orgs = ud_member_import_dup_created_orgs (self->import);
  g_autofree char *valid_text = NULL;
  g_autofree char *problems_text = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GString) hint = g_string_new (NULL);

  valid_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row can be imported",
                                             "%u rows can be imported", n_valid),
                                n_valid);
  problems_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u has problems",
                                                "%u have problems", problems),
                                   problems);
  /* Translators: joins "60 rows can be imported" and "7 have problems" */
  summary = g_strdup_printf (_("%s, %s"), valid_text, problems_text);
  gtk_label_set_text (self->check_summary, summary);

  if (problems > 0)
    g_string_append (hint, _("Rows with problems are left out. After the import, save them to a "
                             "file, correct them and import that file again."));
  else
    g_string_append (hint, _("No problems were found."));
  if (orgs != NULL && orgs[0] != NULL)
    {
      /* Translators: the separator between names in a list */
      g_autofree char *names = g_strjoinv (_(", "), orgs);

      g_string_append_c (hint, '\n');
      g_string_append_printf (hint, _("These unions are not registered yet and will be added "
                                      "under your office: %s"), names);
    }
  gtk_label_set_text (self->check_hint, hint->str);

  fill_problems (self);
  gtk_widget_set_visible (self->check_running, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_summary), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_hint), TRUE);
  gtk_widget_set_visible (self->check_problems, problems > 0);
}

static void
fill_result_page (UdImportDialog *self,
                  const GError   *error)
{
  guint problems = n_problems (self);
  guint skipped = ud_member_import_get_n_skipped (self->import);
  g_auto(GStrv) orgs = ud_member_import_dup_created_orgs (self->import);
  guint n_orgs = orgs ? g_strv_length (orgs) : 0;
  gboolean update = adw_combo_row_get_selected (self->duplicates_row) == 1;

  if (error == NULL)
    gtk_label_set_text (self->result_title, _("The import is finished"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (self->result_title, _("The import was stopped. The rows written before "
                                              "it stopped are kept; the others were not "
                                              "imported."));
  else
    {
      g_autofree char *text = g_strdup_printf (_("The import failed: %s"), error->message);

      gtk_label_set_text (self->result_title, text);
    }

  set_count (self->imported_value, ud_member_import_get_n_imported (self->import));
  set_count (self->updated_value, ud_member_import_get_n_updated (self->import));
  set_count (self->unchanged_value, ud_member_import_get_n_unchanged (self->import));
  set_count (self->skipped_value, skipped);
  set_count (self->problems_value, problems);
  gtk_widget_set_visible (GTK_WIDGET (self->updated_row), update);
  gtk_widget_set_visible (GTK_WIDGET (self->unchanged_row), update);
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_row), skipped > 0);
  if (skipped > 0)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "Including %u duplicate",
                                                                "Including %u duplicates",
                                                                skipped),
                                                   skipped);

      adw_action_row_set_subtitle (self->problems_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->problems_row, NULL);

  set_count (self->created_orgs_value, n_orgs);
  if (n_orgs > 0)
    {
      g_autofree char *names = g_strjoinv (_(", "), orgs);

      adw_action_row_set_subtitle (self->created_orgs_row, names);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->created_orgs_row), n_orgs > 0);
  set_count (self->created_employers_value,
             ud_member_import_get_n_created_employers (self->import));
  gtk_widget_set_visible (GTK_WIDGET (self->created_employers_row),
                          ud_member_import_get_n_created_employers (self->import) > 0);

  fill_problems (self);
  gtk_widget_set_visible (self->report_box, problems > 0);
  gtk_widget_set_visible (self->result_problems, problems > 0);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(UdImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ud_member_import_run_finish (self->import, result, &error);
  gboolean dry_run = self->dry_run;

  self->running = FALSE;

  /* What the worker wrote through its own connection. */
  if (!dry_run && self->db != NULL)
    ud_database_notify_changed (self->db, NULL);

  if (self->disposed)
    return;

  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (dry_run)
    {
      if (!ok)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              gtk_label_set_text (self->mapping_error, error->message);
              gtk_widget_set_visible (GTK_WIDGET (self->mapping_error), TRUE);
              show_page (self, "mapping");
            }
          update_buttons (self);
          return;
        }

      self->checked = TRUE;
      fill_check_page (self);
      update_buttons (self);
      return;
    }

  fill_result_page (self, ok ? NULL : error);
  show_page (self, "result");
}

static void
apply_options (UdImportDialog *self)
{
  gint64 org_id = ud_form_org_model_get_id (self->org_model,
                                            adw_combo_row_get_selected (self->default_org_row));

  for (guint i = 0; i < self->column_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->column_rows, i);
      guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), COLUMN_KEY));

      ud_member_import_set_mapping (self->import, column,
                                    (UdImportField) ((int) adw_combo_row_get_selected (row) - 1));
    }

  ud_member_import_set_duplicates (self->import,
                                   adw_combo_row_get_selected (self->duplicates_row) == 1
                                     ? UD_IMPORT_DUPLICATES_UPDATE
                                     : UD_IMPORT_DUPLICATES_SKIP);
  ud_member_import_set_default_org (self->import, org_id);
}

static void
start_run (UdImportDialog *self,
           gboolean        dry_run)
{
  self->running = TRUE;
  self->dry_run = dry_run;
  ud_member_import_run_async (self->import, ud_database_get_path (self->db),
                              ud_form_get_account (GTK_WIDGET (self)), dry_run,
                              new_cancellable (self), on_progress, self, run_done,
                              g_object_ref (self));
}

static gboolean
columns_ready (UdImportDialog *self)
{
  gboolean name = FALSE;
  gboolean id_number = FALSE;

  for (guint i = 0; i < self->column_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->column_rows, i);
      guint field = adw_combo_row_get_selected (row);

      if (ud_form_has_error (GTK_WIDGET (row)))
        {
          gtk_widget_grab_focus (GTK_WIDGET (row));
          return FALSE;
        }
      name = name || field == UD_IMPORT_FIELD_NAME + 1;
      id_number = id_number || field == UD_IMPORT_FIELD_ID_NUMBER + 1;
    }

  if (!name || !id_number)
    {
      gtk_label_set_text (self->mapping_error,
                          _("Choose which columns hold the name and the ID number"));
      gtk_widget_set_visible (GTK_WIDGET (self->mapping_error), TRUE);
      return FALSE;
    }

  return TRUE;
}

static void
start_check (UdImportDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->mapping_error), FALSE);
  if (!columns_ready (self))
    return;

  apply_options (self);
  self->checked = FALSE;
  g_list_store_remove_all (self->problems);
  gtk_progress_bar_set_fraction (self->check_progress, 0.0);
  gtk_progress_bar_set_text (self->check_progress, NULL);
  gtk_widget_set_visible (self->check_running, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_summary), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_hint), FALSE);
  gtk_widget_set_visible (self->check_problems, FALSE);

  start_run (self, TRUE);
  show_page (self, "check");
}

static void
start_import (UdImportDialog *self)
{
  g_autofree char *text = g_strdup_printf (_("%u of %u rows"), 0,
                                           ud_member_import_get_n_rows (self->import));

  gtk_progress_bar_set_fraction (self->import_progress, 0.0);
  gtk_progress_bar_set_text (self->import_progress, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), TRUE);
  adw_status_page_set_description (self->progress_page, NULL);

  start_run (self, FALSE);
  show_page (self, "progress");
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (widget);

  if (self->running)
    return;

  if (on_page (self, "mapping"))
    start_check (self);
  else if (on_page (self, "check") && self->checked)
    start_import (self);
  else if (on_page (self, "result"))
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (widget);

  if (on_page (self, "check"))
    {
      /* A check still running stops soon; the next one waits for it (see run_done()). */
      if (self->running && self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      show_page (self, "mapping");
    }
  else if (on_page (self, "mapping"))
    show_page (self, "choose");
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (widget);

  if (!self->running || self->dry_run)
    return;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), FALSE);
  adw_status_page_set_description (self->progress_page,
                                   _("Stopping after the rows being written now…"));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static gboolean
ud_import_dialog_close_request (GtkWindow *window)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (window);

  /* A real import stops between transactions; the window goes when it has. */
  if (self->running && !self->dry_run && !on_page (self, "choose"))
    {
      self->close_when_done = TRUE;
      stop_action (GTK_WIDGET (self), NULL, NULL);
      return TRUE;
    }

  cancel_running (self);
  return FALSE;
}

/* The report of rows not imported */

static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UdImportDialog *self = source_object;
  GError *error = NULL;

  if (ud_member_import_write_report (self->import, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
report_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_path_get_basename (g_task_get_task_data (G_TASK (result)));

  self->running = FALSE;
  if (self->disposed)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_report_button), TRUE);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("The rows not imported were saved to “%s”"), name);
  else
    message = g_strdup_printf (_("The file could not be saved: %s"), error->message);
  ud_form_add_toast (GTK_WIDGET (self->toast_overlay), message);
  update_buttons (self);
}

static void
on_report_response (GtkNativeDialog *chooser,
                    int              response,
                    UdImportDialog  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  char *path;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  self->running = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_report_button), FALSE);
  update_buttons (self);
  task = g_task_new (self, NULL, report_done, NULL);
  g_task_set_source_tag (task, on_report_response);
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, report_thread);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (widget);
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *dot;

  if (self->chooser != NULL || self->running || self->import == NULL)
    return;

  base = self->file ? g_file_get_basename (self->file) : g_strdup (_("roster"));
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  /* Translators: the file name offered for the rows not imported; %s is the roster's name */
  name = g_strdup_printf (_("%s-problems.csv"), base);

  self->chooser = gtk_file_chooser_native_new (_("Save Problem Rows"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  if (self->file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  add_filters (GTK_FILE_CHOOSER (self->chooser));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_report_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Construction */

UdImportDialog *
ud_import_dialog_new (UdDatabase *db)
{
  UdImportDialog *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_IMPORT_DIALOG, NULL);
  self->db = g_object_ref (db);
  return self;
}

void
ud_import_dialog_present (GtkWidget  *parent,
                          UdDatabase *db)
{
  UdImportDialog *self;

  g_return_if_fail (parent == NULL || GTK_IS_WIDGET (parent));
  g_return_if_fail (UD_IS_DATABASE (db));

  self = ud_import_dialog_new (db);
  gtk_window_set_transient_for (GTK_WINDOW (self), ud_form_get_window (parent));
  gtk_window_present (GTK_WINDOW (self));
}

static void
ud_import_dialog_dispose (GObject *object)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (object);

  self->disposed = TRUE;
  cancel_running (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->file);
  g_clear_object (&self->problems);
  g_clear_object (&self->field_model);
  g_clear_object (&self->org_model);

  G_OBJECT_CLASS (ud_import_dialog_parent_class)->dispose (object);
}

static void
ud_import_dialog_finalize (GObject *object)
{
  UdImportDialog *self = UD_IMPORT_DIALOG (object);

  /* Only now: a worker could have been using it until its callback dropped the last ref. */
  g_clear_pointer (&self->import, ud_member_import_free);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_import_dialog_parent_class)->finalize (object);
}

static void
ud_import_dialog_class_init (UdImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ud_import_dialog_dispose;
  object_class->finalize = ud_import_dialog_finalize;
  window_class->close_request = ud_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, reading_box);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, reading_spinner);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, choose_error);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, mapping_error);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, encoding_value);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, rows_value);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, duplicates_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, default_org_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, check_running);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, check_progress);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, check_summary);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, check_hint);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, check_problems);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, check_problem_list);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, import_progress);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, result_title);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, imported_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, imported_value);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, updated_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, updated_value);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, unchanged_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, unchanged_value);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, skipped_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, skipped_value);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, problems_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, problems_value);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, created_orgs_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, created_orgs_value);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, created_employers_row);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, created_employers_value);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, report_box);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, save_report_button);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, result_problems);
  gtk_widget_class_bind_template_child (widget_class, UdImportDialog, result_problem_list);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "import.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "import.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "import.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.close", NULL);
}

static void
on_option_changed (UdImportDialog *self)
{
  self->checked = FALSE;
}

static void
ud_import_dialog_init (UdImportDialog *self)
{
  GtkStringList *fields;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->problems = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->column_rows = g_ptr_array_new ();

  fields = gtk_string_list_new (NULL);
  gtk_string_list_append (fields, ud_import_field_label (UD_IMPORT_FIELD_IGNORED));
  for (int i = 0; i < UD_IMPORT_N_FIELDS; i++)
    gtk_string_list_append (fields, ud_import_field_label ((UdImportField) i));
  self->field_model = G_LIST_MODEL (fields);

  ud_form_setup_org_combo (self->default_org_row);
  setup_problem_list (self, self->check_problem_list);
  setup_problem_list (self, self->result_problem_list);
  g_signal_connect_object (self->duplicates_row, "notify::selected",
                           G_CALLBACK (on_option_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->default_org_row, "notify::selected",
                           G_CALLBACK (on_option_changed), self, G_CONNECT_SWAPPED);

  show_page (self, "choose");
}
