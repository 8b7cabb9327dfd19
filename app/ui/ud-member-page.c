/* ud-member-page.c — the members section: search, filters and the paged member list
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The column view shows UdMemberListModel directly: searching, filtering and sorting change the
 * model's UdMemberQuery, which re-issues the SQL. The column sorters are only markers: clicking a
 * header changes the column view's sorter, and the primary column and its direction are read back
 * from it (GTK 4.8 has no API for that; see read_sort()) into query.sort and query.descending. */
#define G_LOG_DOMAIN "ud-member-page"

#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-mask.h"
#include "ud-member-detail.h"
#include "ud-member-export.h"
#include "ud-member-list-model.h"
#include "ud-member-page.h"
#include "ud-org.h"
#include "ud-window.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_SEX,
  COLUMN_ID_NUMBER,
  COLUMN_MOBILE,
  COLUMN_EMPLOYER,
  COLUMN_CATEGORY,
  COLUMN_UNION,
  COLUMN_JOIN_DATE,
  COLUMN_STATUS,
  N_COLUMNS
} Column;

#define NO_SORT (-1)

typedef struct
{
  const char *title;       /* untranslated, context "member list column" */
  int         sort;        /* UdMemberSort or NO_SORT */
  int         width;
  gboolean    expand;
  gboolean    numeric;
} ColumnInfo;

static const ColumnInfo columns[N_COLUMNS] = {
  [COLUMN_NAME] = { NC_("member list column", "Name"), UD_MEMBER_SORT_NAME, 84, FALSE, FALSE },
  [COLUMN_SEX] = { NC_("member list column", "Sex"), NO_SORT, 56, FALSE, FALSE },
  [COLUMN_ID_NUMBER] = { NC_("member list column", "ID Number"), NO_SORT, 150, FALSE, TRUE },
  [COLUMN_MOBILE] = { NC_("member list column", "Mobile"), NO_SORT, 100, FALSE, TRUE },
  [COLUMN_EMPLOYER] = { NC_("member list column", "Employer"), NO_SORT, 120, TRUE, FALSE },
  [COLUMN_CATEGORY] = { NC_("member list column", "Category"), NO_SORT, 96, FALSE, FALSE },
  [COLUMN_UNION] = { NC_("member list column", "Union"), UD_MEMBER_SORT_ORG, 120, TRUE, FALSE },
  [COLUMN_JOIN_DATE] = { NC_("member list column", "Joined"), UD_MEMBER_SORT_JOIN_DATE, 96,
                         FALSE, TRUE },
  [COLUMN_STATUS] = { NC_("member list column", "Status"), UD_MEMBER_SORT_STATUS, 76,
                      FALSE, FALSE },
};

/* Filter drop-downs: the first entries are "any" choices, then the enum's values in order. */
static const int status_choices[] = { UD_MEMBER_QUERY_LIVE, UD_MEMBER_QUERY_ANY };
static const int category_choices[] = { UD_MEMBER_QUERY_ANY, UD_MEMBER_QUERY_ANY_NEW_EMPLOYMENT };
static const int channel_choices[] = { UD_MEMBER_QUERY_ANY };

struct _UdMemberPage
{
  GtkWidget             parent_instance;

  UdDatabase           *db;                 /* owned */
  UdMemberListModel    *model;              /* owned */
  UdMemberQuery        *query;              /* owned: what the widgets say */
  GArray               *union_ids;          /* owned: gint64 per union_dropdown position */
  gboolean              filling_unions;
  GtkFileChooserNative *export_dialog;      /* owned while open */
  GCancellable         *export_cancellable; /* owned while exporting */
  char                 *export_name;        /* owned: the file's name, for the toast */

  /* template */
  GtkSearchEntry       *search_entry;
  GtkDropDown          *status_dropdown;
  GtkDropDown          *category_dropdown;
  GtkDropDown          *channel_dropdown;
  GtkDropDown          *union_dropdown;
  GtkStack             *content_stack;
  GtkColumnView        *column_view;
  AdwStatusPage        *empty_page;
  GtkWidget            *add_button;
  GtkWidget            *import_button;
  GtkWidget            *clear_button;
  GtkLabel             *count_label;
  GtkWidget            *export_box;
  GtkLabel             *export_label;
  GtkProgressBar       *export_progress;
};

G_DEFINE_FINAL_TYPE (UdMemberPage, ud_member_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "12345" → "12,345" */
static char *
format_count (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *text = g_string_new (NULL);
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

static void
show_toast (UdMemberPage *self,
            const char   *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (UD_IS_WINDOW (root))
    ud_window_add_toast (UD_WINDOW (root), adw_toast_new (escaped));
}

/* Cells */

static const char *
sex_label (UdSex sex)
{
  switch (sex)
    {
    case UD_SEX_MALE:
      return C_("sex", "Male");
    case UD_SEX_FEMALE:
      return C_("sex", "Female");
    case UD_SEX_UNKNOWN:
    default:
      return "";
    }
}

static void
update_cell (GtkListItem *list_item)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list_item), "ud-column"));
  UdMemberItem *item = gtk_list_item_get_item (list_item);
  const UdMember *member = item ? ud_member_item_get_member (item) : NULL;
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GtkWidget *label = column == COLUMN_EMPLOYER ? gtk_widget_get_first_child (child) : child;
  g_autofree char *owned = NULL;
  const char *text = "";

  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_remove_css_class (label, "warning");

  if (member == NULL)
    {
      /* A placeholder while its page is read. */
      if (column == COLUMN_NAME)
        {
          text = "…";
          gtk_widget_add_css_class (label, "dim-label");
        }
      if (column == COLUMN_EMPLOYER)
        gtk_widget_set_visible (gtk_widget_get_last_child (child), FALSE);
      gtk_label_set_text (GTK_LABEL (label), text);
      return;
    }

  switch (column)
    {
    case COLUMN_NAME:
      text = member->name;
      break;

    case COLUMN_SEX:
      text = sex_label (member->sex);
      break;

    case COLUMN_ID_NUMBER:
      text = owned = ud_mask_id_number (member->id_number);
      break;

    case COLUMN_MOBILE:
      if (member->mobile != NULL)
        text = owned = ud_mask_mobile (member->mobile);
      break;

    case COLUMN_EMPLOYER:
      text = member->employer_name;
      gtk_widget_set_visible (gtk_widget_get_last_child (child), member->employer_is_platform);
      break;

    case COLUMN_CATEGORY:
      if (member->new_employment != UD_NEW_EMPLOYMENT_NONE)
        text = ud_enum_label (&ud_new_employment_info, member->new_employment);
      break;

    case COLUMN_UNION:
      text = member->org_name;
      break;

    case COLUMN_JOIN_DATE:
      text = member->join_date;
      break;

    case COLUMN_STATUS:
      text = ud_enum_label (&ud_member_status_info, member->status);
      if (!ud_member_status_is_live (member->status))
        gtk_widget_add_css_class (label, "dim-label");
      else if (member->status != UD_MEMBER_STATUS_ACTIVE)
        gtk_widget_add_css_class (label, "warning");
      break;

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
}

static void
item_notify_cb (UdMemberItem *item,
                GParamSpec   *pspec,
                GtkListItem  *list_item)
{
  update_cell (list_item);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  g_object_set_data (G_OBJECT (list_item), "ud-column", user_data);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (columns[column].numeric)
    gtk_widget_add_css_class (label, "numeric");

  if (column == COLUMN_EMPLOYER)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *badge = gtk_label_new (_("Platform"));

      gtk_widget_set_tooltip_text (badge, _("A platform company of new-employment work"));
      gtk_widget_add_css_class (badge, "platform-badge");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_set_visible (badge, FALSE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), badge);
      gtk_list_item_set_child (list_item, box);
    }
  else
    gtk_list_item_set_child (list_item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  UdMemberItem *item = gtk_list_item_get_item (list_item);

  g_signal_connect_object (item, "notify::member", G_CALLBACK (item_notify_cb), list_item, 0);
  update_cell (list_item);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  UdMemberItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, item_notify_cb, list_item);
}

/* Sorting */

static int probed_sort = NO_SORT;

/* The marker sorters: they say which column the column view's sorter asks first. */
static int
marker_compare (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  probed_sort = GPOINTER_TO_INT (user_data);
  return -1;
}

/* Reads the primary sort column and direction from the column view's sorter: it compares two
 * items with the sorter of its primary column first and stops at the first non-equal answer,
 * which the markers always give (inverted when the column is descending). */
static void
read_sort (UdMemberPage *self,
           UdMemberSort *sort,
           gboolean     *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  probed_sort = NO_SORT;
  order = gtk_sorter_compare (sorter, a, b);

  if (probed_sort == NO_SORT)
    {
      *sort = UD_MEMBER_SORT_NAME;
      *descending = FALSE;
    }
  else
    {
      *sort = probed_sort;
      *descending = order == GTK_ORDERING_LARGER;
    }
}

/* The query */

static int
choice_value (GtkDropDown *dropdown,
              const int   *choices,
              guint        n_choices)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == GTK_INVALID_LIST_POSITION)
    return choices[0];
  if (selected < n_choices)
    return choices[selected];
  return (int) (selected - n_choices);
}

static void
update_state (UdMemberPage *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint total = ud_member_list_model_get_total (self->model);
  g_autofree char *n_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *count_text = NULL;

  /* Until a count arrives there is nothing new to say. */
  if (ud_member_list_model_get_counting (self->model) && n_items == 0)
    return;

  n_text = format_count (n_items);
  total_text = format_count (total);
  if (n_items == total)
    count_text = g_strdup_printf (ngettext ("%s member", "%s members", n_items), n_text);
  else
    /* Translators: the members that the search and filters show, of all members */
    count_text = g_strdup_printf (ngettext ("%s of %s member", "%s of %s members", total),
                                  n_text, total_text);
  gtk_label_set_text (self->count_label, count_text);

  if (n_items > 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "list");
      return;
    }

  if (total == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "system-users-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Members Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Add a member or import a roster to get started."));
      gtk_widget_set_visible (self->add_button, TRUE);
      gtk_widget_set_visible (self->import_button, TRUE);
      gtk_widget_set_visible (self->clear_button, FALSE);
    }
  else
    {
      g_autofree char *description = NULL;

      if (self->query->text != NULL)
        description = g_strdup_printf (_("No member matches “%s”. Search by name, ID number "
                                         "(whole, or its first 6 or last 4 characters), mobile, "
                                         "card number or employer."),
                                       self->query->text);
      else
        description = g_strdup (_("No member matches these filters."));

      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_widget_set_visible (self->add_button, FALSE);
      gtk_widget_set_visible (self->import_button, FALSE);
      gtk_widget_set_visible (self->clear_button, TRUE);
    }

  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
update_query (UdMemberPage *self)
{
  g_autofree char *text = NULL;
  guint union_position;

  /* Not before the model exists, nor while the widgets are going. */
  if (self->model == NULL || self->search_entry == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  union_position = gtk_drop_down_get_selected (self->union_dropdown);

  g_free (self->query->text);
  self->query->text = *text != '\0' ? g_steal_pointer (&text) : NULL;
  self->query->status = choice_value (self->status_dropdown, status_choices,
                                      G_N_ELEMENTS (status_choices));
  self->query->new_employment = choice_value (self->category_dropdown, category_choices,
                                              G_N_ELEMENTS (category_choices));
  self->query->join_channel = choice_value (self->channel_dropdown, channel_choices,
                                            G_N_ELEMENTS (channel_choices));
  self->query->org_id = union_position < self->union_ids->len
                          ? g_array_index (self->union_ids, gint64, union_position)
                          : 0;
  read_sort (self, &self->query->sort, &self->query->descending);

  ud_member_list_model_set_query (self->model, self->query);
}

/* GtkSearchEntry emits search-changed 150 ms after the last keystroke: that is the debounce of
 * search as you type. */
static void
search_changed_cb (UdMemberPage *self)
{
  update_query (self);
}

static void
stop_search_cb (UdMemberPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
filter_changed_cb (UdMemberPage *self)
{
  if (!self->filling_unions)
    update_query (self);
}

static void
sorter_changed_cb (UdMemberPage    *self,
                   GtkSorterChange  change,
                   GtkSorter       *sorter)
{
  update_query (self);
}

static void
clear_clicked_cb (UdMemberPage *self)
{
  self->filling_unions = TRUE;
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_drop_down_set_selected (self->channel_dropdown, 0);
  gtk_drop_down_set_selected (self->union_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->filling_unions = FALSE;
  update_query (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
row_activated_cb (UdMemberPage *self,
                  guint         position)
{
  g_autoptr(UdMemberItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item == NULL || ud_member_item_get_loading (item))
    return;

  ud_member_detail_present (GTK_WIDGET (self), self->db, ud_member_item_get_id (item));
}

/* Filters */

static GListModel *
choices_model_new (const char *const *any_labels,
                   guint              n_any,
                   const UdEnumInfo  *info)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_any; i++)
    gtk_string_list_append (list, _(any_labels[i]));
  for (guint i = 0; i < info->n_values; i++)
    gtk_string_list_append (list, ud_enum_label (info, (int) i));

  return G_LIST_MODEL (list);
}

static void
union_item_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     UdMemberPage             *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Wide enough for a union's full name below its federations. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 22);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_list_item_set_child (list_item, label);
}

static void
union_item_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    UdMemberPage             *self)
{
  GtkStringObject *name = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  /* By the item, not the position: the drop-down's search filters the list. */
  int depth = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (name), "ud-depth"));

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (name));
  gtk_widget_set_tooltip_text (label, gtk_string_object_get_string (name));
  gtk_widget_set_margin_start (label, 16 * depth);
}

static void
fill_unions (UdMemberPage *self)
{
  g_autoptr(GPtrArray) orgs = ud_org_list (self->db, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint position = gtk_drop_down_get_selected (self->union_dropdown);
  gint64 selected_id = position < self->union_ids->len
                         ? g_array_index (self->union_ids, gint64, position)
                         : 0;
  gint64 none = 0;
  guint select = 0;

  g_array_set_size (self->union_ids, 0);
  gtk_string_list_append (names, _("All unions"));
  g_array_append_val (self->union_ids, none);

  for (guint i = 0; orgs != NULL && i < orgs->len; i++)
    {
      UdOrg *org = g_ptr_array_index (orgs, i);
      g_autoptr(GObject) item = NULL;

      if (org->archived)
        continue;
      if (org->id == selected_id)
        select = self->union_ids->len;
      gtk_string_list_append (names, org->name);
      g_array_append_val (self->union_ids, org->id);
      item = g_list_model_get_item (G_LIST_MODEL (names), self->union_ids->len - 1);
      g_object_set_data (item, "ud-depth", GINT_TO_POINTER (org->depth + 1));
    }

  self->filling_unions = TRUE;
  gtk_drop_down_set_model (self->union_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->union_dropdown, select);
  self->filling_unions = FALSE;
}

static void
database_changed_cb (UdMemberPage *self,
                     const char   *entity,
                     UdDatabase   *db)
{
  if (entity == NULL || g_str_equal (entity, "org"))
    {
      fill_unions (self);
      update_query (self);
    }
}

/* Export */

static void
export_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  UdMemberPage *self = user_data;
  g_autofree char *done_text = format_count (done);
  g_autofree char *total_text = format_count (total);
  g_autofree char *text = NULL;

  if (self->export_label == NULL)
    return;

  /* Translators: members written so far, of all to write */
  text = g_strdup_printf (_("Exporting %s of %s…"), done_text, total_text);
  gtk_label_set_text (self->export_label, text);
  gtk_progress_bar_set_fraction (self->export_progress,
                                 total > 0 ? (double) done / (double) total : 0.0);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(UdMemberPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint count = 0;

  g_clear_object (&self->export_cancellable);
  if (self->export_box != NULL)
    gtk_widget_set_visible (self->export_box, FALSE);

  if (ud_member_export_finish (result, &count, &error))
    {
      g_autofree char *count_text = format_count (count);

      message = g_strdup_printf (ngettext ("Exported %s member to “%s”",
                                           "Exported %s members to “%s”", count),
                                 count_text, self->export_name);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           || g_error_matches (error, UD_ERROR, UD_ERROR_CANCELLED))
    message = g_strdup (_("Export cancelled; no file was written"));
  else
    message = g_strdup_printf (_("Could not export the members: %s"), error->message);

  show_toast (self, message);
}

static void
export_cancel_clicked_cb (UdMemberPage *self)
{
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

static void
start_export (UdMemberPage   *self,
              const char     *path,
              UdExportFormat  format,
              gboolean        masked)
{
  g_assert (self->export_cancellable == NULL);

  self->export_cancellable = g_cancellable_new ();
  g_free (self->export_name);
  self->export_name = g_path_get_basename (path);

  gtk_label_set_text (self->export_label, _("Exporting…"));
  gtk_progress_bar_set_fraction (self->export_progress, 0.0);
  gtk_widget_set_visible (self->export_box, TRUE);

  ud_member_export_async (ud_database_get_path (self->db),
                          ud_form_get_account (GTK_WIDGET (self)), self->query, format, masked,
                          path,
                          self->export_cancellable, export_progress_cb, self, export_done_cb,
                          g_object_ref (self));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    UdMemberPage    *self)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);

  if (response == GTK_RESPONSE_ACCEPT && self->export_cancellable == NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
      UdExportFormat format = UD_EXPORT_FORMAT_XLSX;
      gboolean masked = g_strcmp0 (gtk_file_chooser_get_choice (chooser, "mask"), "true") == 0;
      g_autofree char *lower = NULL;

      if (path == NULL)
        {
          show_toast (self, _("Choose a file on this computer to export to"));
          goto out;
        }

      lower = g_ascii_strdown (path, -1);
      if (g_str_has_suffix (lower, ".csv"))
        format = UD_EXPORT_FORMAT_CSV;
      else if (g_str_has_suffix (lower, ".xlsx"))
        format = UD_EXPORT_FORMAT_XLSX;
      else
        {
          char *with_suffix;

          if (filter != NULL)
            format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter), "ud-format"));
          with_suffix = g_strconcat (path, format == UD_EXPORT_FORMAT_CSV ? ".csv" : ".xlsx",
                                     NULL);
          g_free (path);
          path = with_suffix;
        }

      start_export (self, path, format, masked);
    }

out:
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->export_dialog);
}

/* GObject */

static void
setup_columns (UdMemberPage *self)
{
  GtkColumnViewColumn *name_column = NULL;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), GUINT_TO_POINTER (i));

      column = gtk_column_view_column_new (g_dpgettext2 (NULL, "member list column",
                                                        columns[i].title),
                                           factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_fixed_width (column, columns[i].width);
      if (columns[i].sort != NO_SORT)
        {
          g_autoptr(GtkCustomSorter) marker =
            gtk_custom_sorter_new (marker_compare, GINT_TO_POINTER (columns[i].sort), NULL);

          gtk_column_view_column_set_sorter (column, GTK_SORTER (marker));
        }
      gtk_column_view_append_column (self->column_view, column);
      if (i == COLUMN_NAME)
        name_column = column;
      g_object_unref (column);
    }

  gtk_column_view_sort_by_column (self->column_view, name_column, GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
setup_filters (UdMemberPage *self)
{
  static const char *const status_any[] = { N_("All live members"), N_("All members") };
  static const char *const category_any[] = { N_("All categories"),
                                               N_("Any new-employment group") };
  static const char *const channel_any[] = { N_("Any way of joining") };
  g_autoptr(GListModel) statuses = choices_model_new (status_any, G_N_ELEMENTS (status_any),
                                                      &ud_member_status_info);
  g_autoptr(GListModel) categories = choices_model_new (category_any,
                                                        G_N_ELEMENTS (category_any),
                                                        &ud_new_employment_info);
  g_autoptr(GListModel) channels = choices_model_new (channel_any, G_N_ELEMENTS (channel_any),
                                                      &ud_join_channel_info);
  g_autoptr(GtkListItemFactory) union_factory = gtk_signal_list_item_factory_new ();
  GtkExpression *expression;

  G_STATIC_ASSERT (G_N_ELEMENTS (status_any) == G_N_ELEMENTS (status_choices));
  G_STATIC_ASSERT (G_N_ELEMENTS (category_any) == G_N_ELEMENTS (category_choices));
  G_STATIC_ASSERT (G_N_ELEMENTS (channel_any) == G_N_ELEMENTS (channel_choices));

  self->filling_unions = TRUE;
  gtk_drop_down_set_model (self->status_dropdown, statuses);
  gtk_drop_down_set_model (self->category_dropdown, categories);
  gtk_drop_down_set_model (self->channel_dropdown, channels);

  g_signal_connect (union_factory, "setup", G_CALLBACK (union_item_setup_cb), self);
  g_signal_connect (union_factory, "bind", G_CALLBACK (union_item_bind_cb), self);
  gtk_drop_down_set_list_factory (self->union_dropdown, union_factory);
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->union_dropdown, expression);
  gtk_expression_unref (expression);
  self->filling_unions = FALSE;

  fill_unions (self);
}

static void
ud_member_page_constructed (GObject *object)
{
  UdMemberPage *self = UD_MEMBER_PAGE (object);
  GtkSingleSelection *selection;

  G_OBJECT_CLASS (ud_member_page_parent_class)->constructed (object);

  g_assert (UD_IS_DATABASE (self->db));

  setup_filters (self);
  setup_columns (self);

  self->query->status = choice_value (self->status_dropdown, status_choices,
                                      G_N_ELEMENTS (status_choices));
  self->model = ud_member_list_model_new (self->db, self->query, 0);
  g_signal_connect_object (self->model, "notify::counting", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-items", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::total", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);

  /* The model itself, never wrapped in a sort or filter model: those would read every row. */
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_signal_connect_object (self->db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ud_member_page_dispose (GObject *object)
{
  UdMemberPage *self = UD_MEMBER_PAGE (object);
  GtkWidget *child;

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  if (self->export_dialog != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_dialog));
  g_clear_object (&self->export_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_MEMBER_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_member_page_parent_class)->dispose (object);
}

static void
ud_member_page_finalize (GObject *object)
{
  UdMemberPage *self = UD_MEMBER_PAGE (object);

  g_clear_object (&self->export_cancellable);
  g_clear_pointer (&self->query, ud_member_query_free);
  g_clear_pointer (&self->union_ids, g_array_unref);
  g_clear_pointer (&self->export_name, g_free);

  G_OBJECT_CLASS (ud_member_page_parent_class)->finalize (object);
}

static void
ud_member_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  UdMemberPage *self = UD_MEMBER_PAGE (object);

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
ud_member_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  UdMemberPage *self = UD_MEMBER_PAGE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
ud_member_page_grab_focus (GtkWidget *widget)
{
  UdMemberPage *self = UD_MEMBER_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
ud_member_page_class_init (UdMemberPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ud_member_page_constructed;
  object_class->dispose = ud_member_page_dispose;
  object_class->finalize = ud_member_page_finalize;
  object_class->get_property = ud_member_page_get_property;
  object_class->set_property = ud_member_page_set_property;
  widget_class->grab_focus = ud_member_page_grab_focus;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UD_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/uniondesk/UnionDesk/ud-member-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, union_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, export_box);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, export_label);
  gtk_widget_class_bind_template_child (widget_class, UdMemberPage, export_progress);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_cancel_clicked_cb);
}

static void
ud_member_page_init (UdMemberPage *self)
{
  self->query = ud_member_query_new ();
  self->union_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public */

GtkWidget *
ud_member_page_new (UdDatabase *db)
{
  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  return g_object_new (UD_TYPE_MEMBER_PAGE, "database", db, NULL);
}

const UdMemberQuery *
ud_member_page_get_query (UdMemberPage *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_PAGE (self), NULL);

  return self->query;
}

void
ud_member_page_focus_search (UdMemberPage *self)
{
  g_return_if_fail (UD_IS_MEMBER_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
ud_member_page_export (UdMemberPage *self)
{
  GtkFileChooser *chooser;
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  GtkWindow *parent;
  GtkRoot *root;

  g_return_if_fail (UD_IS_MEMBER_PAGE (self));

  if (self->export_cancellable != NULL)
    {
      show_toast (self, _("An export is already running"));
      return;
    }
  if (self->export_dialog != NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  self->export_dialog = gtk_file_chooser_native_new (_("Export Members"), parent,
                                                     GTK_FILE_CHOOSER_ACTION_SAVE,
                                                     _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_dialog), TRUE);
  chooser = GTK_FILE_CHOOSER (self->export_dialog);

  gtk_file_filter_set_name (xlsx, _("Excel workbook (.xlsx)"));
  gtk_file_filter_add_suffix (xlsx, "xlsx");
  g_object_set_data (G_OBJECT (xlsx), "ud-format", GINT_TO_POINTER (UD_EXPORT_FORMAT_XLSX));
  gtk_file_filter_set_name (csv, _("CSV for Excel (.csv)"));
  gtk_file_filter_add_suffix (csv, "csv");
  g_object_set_data (G_OBJECT (csv), "ud-format", GINT_TO_POINTER (UD_EXPORT_FORMAT_CSV));
  gtk_file_chooser_add_filter (chooser, xlsx);
  gtk_file_chooser_add_filter (chooser, csv);
  gtk_file_chooser_set_filter (chooser, xlsx);

  /* Translators: the suggested file name of a member export; %s is today's date */
  base = g_strdup_printf (_("members-%s"), date);
  name = g_strconcat (base, ".xlsx", NULL);
  gtk_file_chooser_set_current_name (chooser, name);

  gtk_file_chooser_add_choice (chooser, "mask", _("Mask ID numbers and mobiles"), NULL, NULL);
  gtk_file_chooser_set_choice (chooser, "mask", "false");

  g_signal_connect_object (self->export_dialog, "response", G_CALLBACK (export_response_cb), self,
                           0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_dialog));
}
