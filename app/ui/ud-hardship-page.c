/* ud-hardship-page.c — the hardship files section: search, filters, queues and the file list
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is a GtkListView over a UdPagedListModel: the count and the pages of rows are read
 * by ud_hardship_query_count() and ud_hardship_query_fetch() in the model's worker thread, and
 * a row shows "…" until its page arrives. The queues come from ud_hardship_store_queue():
 * "waiting for me" joins the queues of the account's roles. Searching, filtering and choosing a
 * queue re-issue the query. */
#define G_LOG_DOMAIN "ud-hardship-page"

#include "ud-form.h"
#include "ud-guard.h"
#include "ud-hardship-detail.h"
#include "ud-hardship-editor.h"
#include "ud-hardship-page.h"
#include "ud-hardship-query.h"
#include "ud-hardship-store.h"
#include "ud-i18n.h"
#include "ud-list-columns.h"
#include "ud-money.h"
#include "ud-paged-list-model.h"

#define PUBLICITY_ENDING_DAYS 3

typedef enum
{
  COLUMN_NUMBER,
  COLUMN_WORKER,
  COLUMN_ID_NUMBER,
  COLUMN_CATEGORY,
  COLUMN_CAUSE,
  COLUMN_PER_CAPITA,
  COLUMN_STATUS,
  COLUMN_UNION,
  N_COLUMNS
} Column;

static const UdListColumn columns[N_COLUMNS] = {
  [COLUMN_NUMBER] = { NC_("hardship list column", "File"), 110, FALSE, TRUE, FALSE },
  [COLUMN_WORKER] = { NC_("hardship list column", "Worker"), 72, FALSE, FALSE, FALSE },
  [COLUMN_ID_NUMBER] = { NC_("hardship list column", "ID Number"), 150, FALSE, TRUE, FALSE },
  [COLUMN_CATEGORY] = { NC_("hardship list column", "Category"), 96, FALSE, FALSE, FALSE },
  [COLUMN_CAUSE] = { NC_("hardship list column", "Main Cause"), 110, TRUE, FALSE, FALSE },
  [COLUMN_PER_CAPITA] = { NC_("hardship list column", "Per Person"), 90, FALSE, TRUE, TRUE },
  [COLUMN_STATUS] = { NC_("hardship list column", "Status"), 72, FALSE, FALSE, FALSE },
  [COLUMN_UNION] = { NC_("hardship list column", "Union"), 110, TRUE, FALSE, FALSE },
};

typedef enum
{
  VIEW_ALL,
  VIEW_MINE,
  VIEW_ANNUAL_REVIEW,
  VIEW_PUBLICITY_ENDING,
} View;

struct _UdHardshipPage
{
  GtkWidget       parent_instance;


  UdDatabase     *db;                    /* owned */
  UdPagedListModel *files;               /* owned: UdHardshipListRow records */
  UdListColumns  *columns;               /* owned */
  GArray         *queue_ids[4];          /* owned: gint64 per View (NULL for VIEW_ALL) */

  /* template */
  GtkWidget      *new_button;
  GtkSearchEntry *search_entry;
  GtkDropDown    *status_dropdown;
  GtkDropDown    *category_dropdown;
  GtkToggleButton *all_button;
  GtkToggleButton *mine_button;
  GtkToggleButton *annual_button;
  GtkToggleButton *publicity_button;
  GtkStack       *content_stack;
  GtkWidget      *header_box;
  GtkListView    *list_view;
  AdwStatusPage  *empty_page;
  GtkWidget      *empty_new_button;
  GtkWidget      *clear_button;
  GtkLabel       *count_label;
};

G_DEFINE_FINAL_TYPE (UdHardshipPage, ud_hardship_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static View
current_view (UdHardshipPage *self)
{
  if (gtk_toggle_button_get_active (self->mine_button))
    return VIEW_MINE;
  if (gtk_toggle_button_get_active (self->annual_button))
    return VIEW_ANNUAL_REVIEW;
  if (gtk_toggle_button_get_active (self->publicity_button))
    return VIEW_PUBLICITY_ENDING;
  return VIEW_ALL;
}

/* The queues */

static void
add_queue (GArray          *ids,
           UdDatabase      *db,
           UdHardshipQueue  queue,
           int              within_days)
{
  g_autoptr(GPtrArray) rows = ud_hardship_store_queue (db, queue, NULL, within_days, NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const UdHardshipFileRow *row = g_ptr_array_index (rows, i);

      g_array_append_val (ids, row->id);
    }
}

static void
set_queue_label (GtkToggleButton *button,
                 const char      *label,
                 guint            count)
{
  /* Translators: a queue and how many files are in it, "Waiting for Me (3)" */
  g_autofree char *text = g_strdup_printf (_("%s (%u)"), label, count);

  gtk_button_set_label (GTK_BUTTON (button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
load_queues (UdHardshipPage *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->queue_ids); i++)
    g_clear_pointer (&self->queue_ids[i], g_array_unref);

  self->queue_ids[VIEW_MINE] = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (ud_guard_allows (account, UD_ACTION_HARDSHIP_WRITE))
    add_queue (self->queue_ids[VIEW_MINE], self->db, UD_HARDSHIP_QUEUE_CLERK, 0);
  if (ud_guard_allows (account, UD_ACTION_REVIEW))
    add_queue (self->queue_ids[VIEW_MINE], self->db, UD_HARDSHIP_QUEUE_REVIEWER, 0);
  if (ud_guard_allows (account, UD_ACTION_APPROVE))
    add_queue (self->queue_ids[VIEW_MINE], self->db, UD_HARDSHIP_QUEUE_APPROVER, 0);

  self->queue_ids[VIEW_ANNUAL_REVIEW] = g_array_new (FALSE, FALSE, sizeof (gint64));
  add_queue (self->queue_ids[VIEW_ANNUAL_REVIEW], self->db, UD_HARDSHIP_QUEUE_ANNUAL_REVIEW_DUE,
             0);

  self->queue_ids[VIEW_PUBLICITY_ENDING] = g_array_new (FALSE, FALSE, sizeof (gint64));
  add_queue (self->queue_ids[VIEW_PUBLICITY_ENDING], self->db,
             UD_HARDSHIP_QUEUE_PUBLICITY_ENDING, PUBLICITY_ENDING_DAYS);

  gtk_button_set_label (GTK_BUTTON (self->all_button), _("All Files"));
  set_queue_label (self->mine_button, _("Waiting for Me"), self->queue_ids[VIEW_MINE]->len);
  set_queue_label (self->annual_button, _("Annual Review Due"),
                   self->queue_ids[VIEW_ANNUAL_REVIEW]->len);
  set_queue_label (self->publicity_button, _("Publicity Ending"),
                   self->queue_ids[VIEW_PUBLICITY_ENDING]->len);
}

/* Rows */

/* Fills a row's cells from its item: "…" while its page loads. */
static void
update_row (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  UdPagedItem *item = gtk_list_item_get_item (list_item);
  const UdHardshipListRow *file = item ? ud_paged_item_get_record (item) : NULL;
  UdHardshipCategory category;
  g_autofree char *per_capita = NULL;
  g_autofree char *category_text = NULL;
  g_autofree char *accessible = NULL;
  const char *status_class = NULL;

  if (file == NULL)
    {
      ud_list_columns_set_loading (box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, "…",
                                      -1);
      return;
    }

  category = file->category != UD_HARDSHIP_CATEGORY_NONE ? file->category
                                                          : file->proposed_category;
  per_capita = ud_money_format_yuan (file->per_capita_monthly_fen);
  if (file->category == UD_HARDSHIP_CATEGORY_NONE)
    /* Translators: a category the rule proposes, not yet confirmed by the reviewer */
    category_text = g_strdup_printf (_("%s (proposed)"),
                                     ud_enum_label (&ud_hardship_category_info, category));
  else
    category_text = g_strdup (ud_enum_label (&ud_hardship_category_info, category));

  if (file->status == UD_HARDSHIP_STATUS_RETURNED)
    status_class = "warning";
  else if (file->status == UD_HARDSHIP_STATUS_ACTIVE)
    status_class = "success";
  else if (file->status == UD_HARDSHIP_STATUS_REJECTED || file->status == UD_HARDSHIP_STATUS_EXITED)
    status_class = "dim-label";

  ud_list_columns_set (box, COLUMN_NUMBER, file->file_number, NULL, NULL);
  ud_list_columns_set (box, COLUMN_WORKER, file->worker_name, NULL, NULL);
  ud_list_columns_set (box, COLUMN_ID_NUMBER, file->worker_id_masked, NULL, NULL);
  ud_list_columns_set (box, COLUMN_CATEGORY, category_text,
                       file->category == UD_HARDSHIP_CATEGORY_NONE ? "dim-label" : NULL, NULL);
  ud_list_columns_set (box, COLUMN_CAUSE, ud_enum_label (&ud_hardship_cause_info, file->main_cause),
                       NULL, NULL);
  ud_list_columns_set (box, COLUMN_PER_CAPITA, per_capita, NULL, NULL);
  ud_list_columns_set (box, COLUMN_STATUS, ud_enum_label (&ud_hardship_status_info, file->status),
                       status_class, NULL);
  ud_list_columns_set (box, COLUMN_UNION, file->org_name, NULL, NULL);

  accessible = g_strdup_printf ("%s %s %s %s %s %s", file->file_number, file->worker_name,
                                category_text,
                                ud_enum_label (&ud_hardship_cause_info, file->main_cause),
                                per_capita,
                                ud_enum_label (&ud_hardship_status_info, file->status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              UdHardshipPage           *self)
{
  gtk_list_item_set_child (list_item, ud_list_columns_row_new (self->columns));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             UdHardshipPage           *self)
{
  g_signal_connect_swapped (gtk_list_item_get_item (list_item), "notify::loading",
                            G_CALLBACK (update_row), list_item);
  update_row (list_item);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               UdHardshipPage           *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), update_row,
                                        list_item);
}

static UdHardshipQuery *
build_query (UdHardshipPage *self)
{
  UdHardshipQuery *query = ud_hardship_query_new ();
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint category = gtk_drop_down_get_selected (self->category_dropdown);
  View view = current_view (self);

  query->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  query->status = status == 0 || status == GTK_INVALID_LIST_POSITION ? UD_HARDSHIP_QUERY_ANY
                                                                     : (int) status - 1;
  query->category = category == 0 || category == GTK_INVALID_LIST_POSITION
                      ? UD_HARDSHIP_QUERY_ANY : (int) category - 1;
  if (view != VIEW_ALL && self->queue_ids[view] != NULL)
    query->file_ids = g_array_ref (self->queue_ids[view]);
  return query;
}

static gboolean
is_filtered (UdHardshipPage *self)
{
  return current_view (self) != VIEW_ALL
         || gtk_drop_down_get_selected (self->status_dropdown) > 0
         || gtk_drop_down_get_selected (self->category_dropdown) > 0
         || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
}

static void
show_empty (UdHardshipPage *self,
            const char     *error_message)
{
  const char *title;
  const char *description;
  gboolean filtered = is_filtered (self);

  if (error_message != NULL)
    {
      title = _("The Hardship Files Cannot Be Read");
      description = error_message;
    }
  else if (!filtered)
    {
      title = _("No Hardship Files Yet");
      description = _("A hardship file (困难职工档案) records a member’s household, its income and "
                      "the causes of its hardship. Open one with “New Hardship File”: it is "
                      "submitted, verified, publicised, reviewed and approved before the "
                      "household is filed.");
    }
  else if (current_view (self) == VIEW_MINE)
    {
      title = _("Nothing Waiting for You");
      description = _("No file is waiting for a step your roles may take.");
    }
  else if (current_view (self) == VIEW_ANNUAL_REVIEW)
    {
      title = _("No Annual Reviews Due");
      description = _("Every filed household has been reviewed this year.");
    }
  else if (current_view (self) == VIEW_PUBLICITY_ENDING)
    {
      title = _("No Publicity Ending Soon");
      description = _("No file’s publicity period ends in the next three days.");
    }
  else
    {
      title = _("No Matching Files");
      description = _("No file matches the search and filters. Search by the worker’s name, the "
                      "file number or the last four characters of an ID number.");
    }

  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_widget_set_visible (self->empty_new_button, !filtered && error_message == NULL);
  gtk_widget_set_visible (self->clear_button, filtered);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
load_list (UdHardshipPage *self)
{
  if (self->files == NULL)
    return;

  ud_paged_list_model_set_query (self->files, build_query (self),
                                   (GDestroyNotify) ud_hardship_query_free);
}

/* The count of the query arrived (or failed): the count and the empty state follow it. */
static void
files_counted_cb (UdHardshipPage *self)
{
  const GError *error = ud_paged_list_model_get_error (self->files);
  g_autofree char *count_text = NULL;
  guint count;

  if (ud_paged_list_model_get_counting (self->files))
    return;

  if (error != NULL)
    {
      show_empty (self, error->message);
      gtk_label_set_text (self->count_label, "");
      return;
    }

  count = g_list_model_get_n_items (G_LIST_MODEL (self->files));
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files", count),
                                count);
  gtk_label_set_text (self->count_label, count_text);

  if (count == 0)
    show_empty (self, NULL);
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");
}

/* The model's callbacks, run in its worker thread on its connection. */

static guint
count_files (UdDatabase  *worker,
             gpointer     query,
             GError     **error)
{
  guint count = 0;

  ud_hardship_query_count (worker, query, &count, error);
  return count;
}

static GPtrArray *
fetch_files (UdDatabase  *worker,
             gpointer     query,
             guint        offset,
             guint        limit,
             GError     **error)
{
  return ud_hardship_query_fetch (worker, query, offset, limit, error);
}

void
ud_hardship_page_reload (UdHardshipPage *self)
{
  const UdAccount *account;
  gboolean may_write;

  g_return_if_fail (UD_IS_HARDSHIP_PAGE (self));

  account = ud_form_get_account (GTK_WIDGET (self));
  may_write = ud_guard_allows (account, UD_ACTION_HARDSHIP_WRITE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hardship-page.new", may_write);
  if (!may_write)
    {
      g_autofree char *message = ud_form_guard_message (UD_ACTION_HARDSHIP_WRITE);

      gtk_widget_set_tooltip_text (self->new_button, message);
    }

  load_queues (self);
  load_list (self);
}

/* Callbacks */

static void
search_changed_cb (UdHardshipPage *self)
{
  load_list (self);
}

static void
filter_changed_cb (UdHardshipPage *self)
{
  if (self->db != NULL)
    load_list (self);
}

static void
queue_toggled_cb (UdHardshipPage  *self,
                  GtkToggleButton *button)
{
  if (self->db != NULL && gtk_toggle_button_get_active (button))
    load_list (self);
}

static void
clear_clicked_cb (UdHardshipPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_toggle_button_set_active (self->all_button, TRUE);
  load_list (self);
}

static void
row_activated_cb (UdHardshipPage *self,
                  guint           position)
{
  g_autoptr(UdPagedItem) item = g_list_model_get_item (G_LIST_MODEL (self->files), position);
  const UdHardshipListRow *file = item ? ud_paged_item_get_record (item) : NULL;

  if (file != NULL)
    ud_hardship_detail_present (GTK_WIDGET (self), self->db, file->id);
}

/* The same query re-read: the rows shown stay until the fresh ones come. */
static void
database_changed_cb (UdHardshipPage *self,
                     const char     *entity,
                     UdDatabase     *db)
{
  if (entity == NULL || g_str_equal (entity, "hardship_file") || g_str_equal (entity, "member")
      || g_str_equal (entity, "org"))
    {
      load_queues (self);
      ud_paged_list_model_reload (self->files);
    }
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  UdHardshipPage *self = UD_HARDSHIP_PAGE (widget);

  ud_hardship_editor_present (widget, self->db, 0);
}

static GListModel *
filter_model_new (const char       *any,
                  const UdEnumInfo *info)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, any);
  for (guint i = 0; i < info->n_values; i++)
    gtk_string_list_append (list, ud_enum_label (info, (int) i));
  return G_LIST_MODEL (list);
}

/* GObject */

static void
ud_hardship_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ud_hardship_page_parent_class)->map (widget);

  /* The account is known once the page is in its window. */
  ud_hardship_page_reload (UD_HARDSHIP_PAGE (widget));
}

static void
ud_hardship_page_constructed (GObject *object)
{
  UdHardshipPage *self = UD_HARDSHIP_PAGE (object);
  g_autoptr(GListModel) statuses = filter_model_new (_("All statuses"), &ud_hardship_status_info);
  g_autoptr(GListModel) categories = filter_model_new (C_("hardship filter", "All categories"),
                                                       &ud_hardship_category_info);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSingleSelection) selection = NULL;

  G_OBJECT_CLASS (ud_hardship_page_parent_class)->constructed (object);

  g_assert (UD_IS_DATABASE (self->db));

  /* First: setting the filters' models already loads the list. */
  self->files = ud_paged_list_model_new (ud_database_get_path (self->db), count_files,
                                         fetch_files, (GDestroyNotify) ud_hardship_list_row_free,
                                         0);
  g_signal_connect_object (self->files, "notify::counting", G_CALLBACK (files_counted_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_drop_down_set_model (self->status_dropdown, statuses);
  gtk_drop_down_set_model (self->category_dropdown, categories);
  ud_list_columns_fill_header (self->columns, self->header_box);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->files)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (self->db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load_queues (self);
  load_list (self);
}

static void
ud_hardship_page_dispose (GObject *object)
{
  UdHardshipPage *self = UD_HARDSHIP_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_HARDSHIP_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->columns, ud_list_columns_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->queue_ids); i++)
    g_clear_pointer (&self->queue_ids[i], g_array_unref);
  g_clear_object (&self->files);
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_hardship_page_parent_class)->dispose (object);
}

static void
ud_hardship_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  UdHardshipPage *self = UD_HARDSHIP_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_hardship_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UdHardshipPage *self = UD_HARDSHIP_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_hardship_page_class_init (UdHardshipPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ud_hardship_page_constructed;
  object_class->dispose = ud_hardship_page_dispose;
  object_class->set_property = ud_hardship_page_set_property;
  object_class->get_property = ud_hardship_page_get_property;
  widget_class->map = ud_hardship_page_map;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UD_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-hardship-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, mine_button);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, annual_button);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, publicity_button);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, queue_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "hardship-page.new", NULL, new_action);
}

static void
ud_hardship_page_init (UdHardshipPage *self)
{
  self->columns = ud_list_columns_new ("hardship list column", columns, N_COLUMNS);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ud_hardship_page_new (UdDatabase *db)
{
  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  return g_object_new (UD_TYPE_HARDSHIP_PAGE, "database", db, NULL);
}
