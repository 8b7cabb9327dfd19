/* ud-aid-page.c — the aid applications section: filters, batches and the application list
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is a GtkListView over a UdPagedListModel: the count and the pages of rows are read
 * by ud_aid_store_count() and ud_aid_store_list() in the model's worker thread, and a row shows
 * "…" until its page arrives. Every filter re-issues the query.
 * The Spring-Festival condolence batch (送温暖) is made in one action after a confirmation that
 * says how many filed households it covers; the page then lists the batch, where a clerk submits
 * it all, a reviewer reviews it all and an approver approves each application in its window. */
#define G_LOG_DOMAIN "ud-aid-page"

#include <string.h>

#include "ud-aid-detail.h"
#include "ud-aid-editor.h"
#include "ud-aid-page.h"
#include "ud-aid-store.h"
#include "ud-date.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-hardship-query.h"
#include "ud-i18n.h"
#include "ud-list-columns.h"
#include "ud-money.h"
#include "ud-paged-list-model.h"
#include "ud-window.h"

#define N_YEARS 6

typedef enum
{
  COLUMN_NUMBER,
  COLUMN_TYPE,
  COLUMN_APPLICANT,
  COLUMN_FILE,
  COLUMN_REQUESTED,
  COLUMN_COMPUTED,
  COLUMN_APPROVED,
  COLUMN_STATUS,
  COLUMN_DATE,
  N_COLUMNS
} Column;

static const UdListColumn columns[N_COLUMNS] = {
  [COLUMN_NUMBER] = { NC_("aid list column", "Number"), 110, FALSE, TRUE, FALSE },
  [COLUMN_TYPE] = { NC_("aid list column", "Type"), 96, FALSE, FALSE, FALSE },
  [COLUMN_APPLICANT] = { NC_("aid list column", "Applicant"), 72, TRUE, FALSE, FALSE },
  [COLUMN_FILE] = { NC_("aid list column", "File"), 110, FALSE, TRUE, FALSE },
  [COLUMN_REQUESTED] = { NC_("aid list column", "Requested"), 90, FALSE, TRUE, TRUE },
  [COLUMN_COMPUTED] = { NC_("aid list column", "Computed"), 90, FALSE, TRUE, TRUE },
  [COLUMN_APPROVED] = { NC_("aid list column", "Approved"), 90, FALSE, TRUE, TRUE },
  [COLUMN_STATUS] = { NC_("aid list column", "Status"), 72, FALSE, FALSE, FALSE },
  [COLUMN_DATE] = { NC_("aid list column", "Updated"), 90, FALSE, TRUE, FALSE },
};

struct _UdAidPage
{
  GtkWidget       parent_instance;


  UdDatabase     *db;                    /* owned */
  UdPagedListModel *applications;        /* owned: UdAidApplicationRow records */
  UdListColumns  *columns;               /* owned */
  gint64          file_id;               /* 0: every file */
  int             years[N_YEARS];        /* the years of the year filter after "All years" */

  /* template */
  GtkWidget      *new_button;
  GtkWidget      *condolence_button;
  GtkDropDown    *type_dropdown;
  GtkDropDown    *status_dropdown;
  GtkDropDown    *year_dropdown;
  GtkSearchEntry *batch_entry;
  GtkWidget      *file_button;
  GtkWidget      *batch_box;
  GtkLabel       *batch_label;
  GtkWidget      *submit_batch_button;
  GtkWidget      *review_batch_button;
  GtkStack       *content_stack;
  GtkWidget      *header_box;
  GtkListView    *list_view;
  AdwStatusPage  *empty_page;
  GtkWidget      *empty_new_button;
  GtkWidget      *clear_button;
  GtkLabel       *count_label;
};

G_DEFINE_FINAL_TYPE (UdAidPage, ud_aid_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows */

/* Fills a row's cells from its item: "…" while its page loads. */
static void
update_row (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  UdPagedItem *item = gtk_list_item_get_item (list_item);
  const UdAidApplicationRow *app = item ? ud_paged_item_get_record (item) : NULL;
  gboolean computed;
  g_autofree char *requested = NULL;
  g_autofree char *computed_text = NULL;
  g_autofree char *approved = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *accessible = NULL;
  const char *status;
  const char *status_class = NULL;

  if (app == NULL)
    {
      ud_list_columns_set_loading (box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, "…",
                                      -1);
      return;
    }

  computed = app->status != UD_AID_STATUS_DRAFT
             && app->status != UD_AID_STATUS_SUBMITTED
             && app->status != UD_AID_STATUS_RETURNED;
  requested = ud_money_format (app->requested_fen);
  computed_text = computed ? ud_money_format (app->computed_fen) : NULL;
  approved = ud_aid_status_is_granted (app->status) ? ud_money_format (app->approved_fen) : NULL;
  updated = ud_form_format_timestamp (app->updated_at);
  status = ud_enum_label (&ud_aid_status_info, app->status);

  if (updated != NULL && strlen (updated) > 10)
    updated[10] = '\0';

  if (app->status == UD_AID_STATUS_RETURNED || app->status == UD_AID_STATUS_PAYMENT_FAILED)
    status_class = "warning";
  else if (ud_aid_status_is_granted (app->status))
    status_class = "success";
  else if (app->status == UD_AID_STATUS_REJECTED)
    status_class = "dim-label";

  ud_list_columns_set (box, COLUMN_NUMBER, app->number, NULL, NULL);
  ud_list_columns_set (box, COLUMN_TYPE, ud_enum_label (&ud_aid_type_info, app->type), NULL, NULL);
  ud_list_columns_set (box, COLUMN_APPLICANT, app->member_name, NULL, NULL);
  ud_list_columns_set (box, COLUMN_FILE, app->file_number ? app->file_number : "—", NULL, NULL);
  ud_list_columns_set (box, COLUMN_REQUESTED, requested, NULL, NULL);
  ud_list_columns_set (box, COLUMN_COMPUTED, computed_text ? computed_text : "—", NULL, NULL);
  ud_list_columns_set (box, COLUMN_APPROVED, approved ? approved : "—", NULL, NULL);
  ud_list_columns_set (box, COLUMN_STATUS, status, status_class, app->status_reason);
  ud_list_columns_set (box, COLUMN_DATE, updated, NULL, NULL);

  accessible = g_strdup_printf ("%s %s %s %s %s", app->number,
                                ud_enum_label (&ud_aid_type_info, app->type),
                                app->member_name ? app->member_name : "",
                                requested, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              UdAidPage                *self)
{
  gtk_list_item_set_child (list_item, ud_list_columns_row_new (self->columns));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             UdAidPage                *self)
{
  g_signal_connect_swapped (gtk_list_item_get_item (list_item), "notify::loading",
                            G_CALLBACK (update_row), list_item);
  update_row (list_item);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               UdAidPage                *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), update_row,
                                        list_item);
}

static char *
dup_batch (UdAidPage *self)
{
  return ud_form_dup_text (GTK_EDITABLE (self->batch_entry));
}

static void
build_filter (UdAidPage   *self,
              UdAidFilter *filter,
              const char  *batch)
{
  guint type = gtk_drop_down_get_selected (self->type_dropdown);
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint year = gtk_drop_down_get_selected (self->year_dropdown);

  memset (filter, 0, sizeof *filter);
  filter->file_id = self->file_id;
  filter->batch = *batch ? batch : NULL;
  filter->filter_type = type != 0 && type != GTK_INVALID_LIST_POSITION;
  filter->type = filter->filter_type ? (UdAidType) (type - 1) : 0;
  filter->filter_status = status != 0 && status != GTK_INVALID_LIST_POSITION;
  filter->status = filter->filter_status ? (UdAidStatus) (status - 1) : 0;
  filter->year = year != 0 && year != GTK_INVALID_LIST_POSITION && year <= N_YEARS
                   ? self->years[year - 1] : 0;
}

static gboolean
is_filtered (UdAidPage *self)
{
  g_autofree char *batch = dup_batch (self);

  return self->file_id != 0 || *batch != '\0'
         || gtk_drop_down_get_selected (self->type_dropdown) > 0
         || gtk_drop_down_get_selected (self->status_dropdown) > 0
         || gtk_drop_down_get_selected (self->year_dropdown) > 0;
}

static void
show_empty (UdAidPage  *self,
            const char *error_message)
{
  gboolean filtered = is_filtered (self);

  if (error_message != NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The Aid Applications Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, error_message);
    }
  else if (!filtered)
    {
      adw_status_page_set_title (self->empty_page, _("No Aid Applications Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("An aid application (帮扶申请) asks for living or "
                                         "medical relief, education aid, temporary relief or "
                                         "a condolence payment for a filed household. It is "
                                         "submitted, reviewed (the rules compute the amount) "
                                         "and approved before it is paid."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Matching Applications"));
      adw_status_page_set_description (self->empty_page,
                                       _("No application matches the filters."));
    }
  gtk_widget_set_visible (self->empty_new_button, !filtered && error_message == NULL);
  gtk_widget_set_visible (self->clear_button, filtered);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

/* How many applications of @filter have @status (counted by the database, not read). */
static guint
count_with_status (UdAidPage         *self,
                   const UdAidFilter *filter,
                   UdAidStatus        status)
{
  UdAidFilter with_status = *filter;
  guint n = 0;

  with_status.filter_status = TRUE;
  with_status.status = status;
  if (filter->filter_status && filter->status != status)
    return 0;
  ud_aid_store_count (self->db, &with_status, &n, NULL);
  return n;
}

/* What waits in the batch, under the same filters as the list: counted, not read. */
static void
update_batch_box (UdAidPage         *self,
                  const UdAidFilter *filter)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  g_autofree char *batch = dup_batch (self);
  g_autofree char *text = NULL;
  guint n_to_submit;
  guint n_to_review;
  guint n_to_approve;

  gtk_widget_set_visible (self->batch_box, *batch != '\0');
  if (*batch == '\0')
    return;

  n_to_submit = count_with_status (self, filter, UD_AID_STATUS_DRAFT)
                + count_with_status (self, filter, UD_AID_STATUS_RETURNED);
  n_to_review = count_with_status (self, filter, UD_AID_STATUS_SUBMITTED);
  n_to_approve = count_with_status (self, filter, UD_AID_STATUS_REVIEWED);

  /* Translators: a batch and what waits in it, "2026春节送温暖: 3 to submit, 0 to review, 0 to
   * approve" */
  text = g_strdup_printf (_("%s: %u to submit, %u to review, %u to approve (one by one)"), batch,
                          n_to_submit, n_to_review, n_to_approve);
  gtk_label_set_text (self->batch_label, text);

  gtk_widget_set_sensitive (self->submit_batch_button, TRUE);
  gtk_widget_set_tooltip_text (self->submit_batch_button,
                               _("Submit every draft or returned application of the batch"));
  if (ud_form_guard (self->submit_batch_button, account, UD_ACTION_HARDSHIP_WRITE))
    gtk_widget_set_sensitive (self->submit_batch_button, n_to_submit > 0);

  gtk_widget_set_sensitive (self->review_batch_button, TRUE);
  gtk_widget_set_tooltip_text (self->review_batch_button,
                               _("Compute the amount of every submitted application of the "
                                 "batch"));
  if (ud_form_guard (self->review_batch_button, account, UD_ACTION_REVIEW))
    gtk_widget_set_sensitive (self->review_batch_button, n_to_review > 0);
}

/* The list's query: a filter and the batch it points to. */
typedef struct
{
  UdAidFilter  filter;
  char        *batch;   /* owned */
} AidQuery;

static void
aid_query_free (AidQuery *query)
{
  g_free (query->batch);
  g_free (query);
}

static void
load_list (UdAidPage *self)
{
  AidQuery *query;

  if (self->applications == NULL)
    return;

  query = g_new0 (AidQuery, 1);

  query->batch = dup_batch (self);
  build_filter (self, &query->filter, query->batch);
  update_batch_box (self, &query->filter);
  ud_paged_list_model_set_query (self->applications, query, (GDestroyNotify) aid_query_free);
}

/* The count of the query arrived (or failed): the count and the empty state follow it. */
static void
applications_counted_cb (UdAidPage *self)
{
  const GError *error = ud_paged_list_model_get_error (self->applications);
  g_autofree char *count_text = NULL;
  guint count;

  if (ud_paged_list_model_get_counting (self->applications))
    return;

  if (error != NULL)
    {
      show_empty (self, error->message);
      gtk_label_set_text (self->count_label, "");
      return;
    }

  count = g_list_model_get_n_items (G_LIST_MODEL (self->applications));
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application",
                                             "%u applications", count),
                                count);
  gtk_label_set_text (self->count_label, count_text);

  if (count == 0)
    show_empty (self, NULL);
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");
}

/* The model's callbacks, run in its worker thread on its connection. */

static guint
count_applications (UdDatabase  *worker,
                    gpointer     query,
                    GError     **error)
{
  AidQuery *aid_query = query;
  guint count = 0;

  ud_aid_store_count (worker, &aid_query->filter, &count, error);
  return count;
}

static GPtrArray *
fetch_applications (UdDatabase  *worker,
                    gpointer     query,
                    guint        offset,
                    guint        limit,
                    GError     **error)
{
  AidQuery *aid_query = query;

  return ud_aid_store_list (worker, &aid_query->filter, offset, limit, error);
}

void
ud_aid_page_reload (UdAidPage *self)
{
  const UdAccount *account;

  g_return_if_fail (UD_IS_AID_PAGE (self));

  account = ud_form_get_account (GTK_WIDGET (self));
  gtk_widget_set_tooltip_text (self->new_button, _("Enter an aid application"));
  ud_form_guard (self->new_button, account, UD_ACTION_HARDSHIP_WRITE);
  gtk_widget_set_tooltip_text (self->condolence_button,
                               _("One condolence application per filed household, in one "
                                 "action"));
  ud_form_guard (self->condolence_button, account, UD_ACTION_HARDSHIP_WRITE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "aid-page.new",
                                 ud_guard_allows (account, UD_ACTION_HARDSHIP_WRITE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "aid-page.condolence",
                                 ud_guard_allows (account, UD_ACTION_HARDSHIP_WRITE));
  load_list (self);
}

void
ud_aid_page_set_file (UdAidPage  *self,
                      gint64      file_id,
                      const char *file_number)
{
  g_return_if_fail (UD_IS_AID_PAGE (self));

  self->file_id = file_id;
  if (file_id != 0)
    {
      /* Translators: the file filter's button, "File KN2026-00001" */
      g_autofree char *label = g_strdup_printf (_("File %s"), file_number ? file_number : "");

      gtk_button_set_label (GTK_BUTTON (self->file_button), label);
    }
  gtk_widget_set_visible (self->file_button, file_id != 0);
  load_list (self);
}

void
ud_aid_page_set_batch (UdAidPage  *self,
                       const char *batch)
{
  g_return_if_fail (UD_IS_AID_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->batch_entry), batch ? batch : "");
  load_list (self);
}

static GtkWidget *
find_page (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (UD_IS_AID_PAGE (child))
        return child;
      if ((found = find_page (child)) != NULL)
        return found;
    }
  return NULL;
}

void
ud_aid_page_show_file (GtkWidget  *widget,
                       gint64      file_id,
                       const char *file_number)
{
  GtkWindow *window = ud_form_get_window (widget);
  GtkWidget *page;

  for (; window != NULL && !UD_IS_WINDOW (window);
       window = gtk_window_get_transient_for (window))
    ;
  if (window == NULL || !ud_window_show_section (UD_WINDOW (window), "aid"))
    return;
  page = find_page (GTK_WIDGET (window));
  if (page != NULL)
    ud_aid_page_set_file (UD_AID_PAGE (page), file_id, file_number);
  gtk_window_present (window);
}

/* Callbacks */

static void
filter_changed_cb (UdAidPage *self)
{
  if (self->db != NULL)
    load_list (self);
}

static void
clear_clicked_cb (UdAidPage *self)
{
  self->file_id = 0;
  gtk_widget_set_visible (self->file_button, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->batch_entry), "");
  gtk_drop_down_set_selected (self->type_dropdown, 0);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->year_dropdown, 0);
  load_list (self);
}

static void
file_clicked_cb (UdAidPage *self)
{
  ud_aid_page_set_file (self, 0, NULL);
}

static void
row_activated_cb (UdAidPage *self,
                  guint      position)
{
  g_autoptr(UdPagedItem) item = g_list_model_get_item (G_LIST_MODEL (self->applications),
                                                       position);
  const UdAidApplicationRow *app = item ? ud_paged_item_get_record (item) : NULL;

  if (app != NULL)
    ud_aid_detail_present (GTK_WIDGET (self), self->db, app->id);
}

static void
batch_step_clicked_cb (UdAidPage *self,
                       GtkButton *button)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  g_autofree char *batch = dup_batch (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (GTK_WIDGET (button) == self->submit_batch_button)
    {
      if (ud_aid_store_submit_batch (self->db, account, batch, &n, &error))
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application submitted",
                                                "%u applications submitted", n), n);
    }
  else if (ud_aid_store_review_batch (self->db, account, batch, &n, &error))
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u application reviewed",
                                            "%u applications reviewed", n), n);

  ud_form_add_toast (GTK_WIDGET (self), message ? message : error->message);
  load_list (self);
}

/* The same query re-read: the rows shown stay until the fresh ones come. */
static void
database_changed_cb (UdAidPage  *self,
                     const char *entity,
                     UdDatabase *db)
{
  g_autofree char *batch = NULL;
  UdAidFilter filter;

  if (entity != NULL && !g_str_equal (entity, "aid_application")
      && !g_str_equal (entity, "medical_claim") && !g_str_equal (entity, "member"))
    return;
  batch = dup_batch (self);
  build_filter (self, &filter, batch);
  update_batch_box (self, &filter);
  ud_paged_list_model_reload (self->applications);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  UdAidPage *self = UD_AID_PAGE (widget);

  ud_aid_editor_present (widget, self->db, 0, self->file_id);
}

/* The condolence batch */

static int
condolence_year (UdAidPage *self)
{
  guint year = gtk_drop_down_get_selected (self->year_dropdown);

  return year != 0 && year != GTK_INVALID_LIST_POSITION && year <= N_YEARS
           ? self->years[year - 1] : self->years[0];
}

static char *
condolence_batch_name (int year)
{
  /* Translators: the name of the year's condolence batch, stored with each application */
  return g_strdup_printf (_("%d Spring Festival condolence"), year);
}

static void
condolence_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        UdAidPage        *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  int year = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "ud-year"));
  g_autofree char *batch = condolence_batch_name (year);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (!g_str_equal (response, "create"))
    return;

  if (!ud_aid_store_create_condolence_batch (self->db, account, year, batch, &n, &error))
    {
      ud_form_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u condolence application created",
                                          "%u condolence applications created", n), n);
  ud_form_add_toast (GTK_WIDGET (self), message);
  ud_aid_page_set_batch (self, batch);
}

static guint
count_files (UdAidPage        *self,
             UdHardshipStatus  status)
{
  g_autoptr(UdHardshipQuery) query = ud_hardship_query_new ();
  guint count = 0;

  query->status = status;
  if (!ud_hardship_query_count (self->db, query, &count, NULL))
    return 0;
  return count;
}

static void
condolence_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  UdAidPage *self = UD_AID_PAGE (widget);
  int year = condolence_year (self);
  g_autofree char *batch = condolence_batch_name (year);
  UdAidFilter filter = { 0 };
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n_files;
  guint n_existing;

  n_files = count_files (self, UD_HARDSHIP_STATUS_ACTIVE)
            + count_files (self, UD_HARDSHIP_STATUS_ANNUAL_REVIEW);
  filter.batch = batch;
  existing = ud_aid_store_list (self->db, &filter, 0, 0, NULL);
  n_existing = existing != NULL ? existing->len : 0;

  /* Translators: the confirmation of the condolence batch; %u is a number of households, the
   * first %s the batch */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "One condolence application for each filed household: "
                                       "%u file, in the batch “%s”, with the amount its "
                                       "category gets from the policy in force today. Files "
                                       "already in the batch (%u) are skipped.",
                                       "One condolence application for each filed household: "
                                       "%u files, in the batch “%s”, with the amount their "
                                       "category gets from the policy in force today. Files "
                                       "already in the batch (%u) are skipped.",
                                       n_files),
                          n_files, batch, n_existing);
  dialog = adw_message_dialog_new (ud_form_get_window (widget),
                                   _("Create the Spring-Festival Condolence Batch?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate Applications"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create",
                                           n_files > n_existing);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "ud-year", GINT_TO_POINTER (year));
  g_signal_connect_object (dialog, "response", G_CALLBACK (condolence_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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
ud_aid_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ud_aid_page_parent_class)->map (widget);

  /* The account is known once the page is in its window. */
  ud_aid_page_reload (UD_AID_PAGE (widget));
}

static void
ud_aid_page_constructed (GObject *object)
{
  UdAidPage *self = UD_AID_PAGE (object);
  g_autoptr(GListModel) types = filter_model_new (_("All types"), &ud_aid_type_info);
  g_autoptr(GListModel) statuses = filter_model_new (_("All statuses"), &ud_aid_status_info);
  g_autoptr(GtkStringList) years = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSingleSelection) selection = NULL;
  GDate today;

  G_OBJECT_CLASS (ud_aid_page_parent_class)->constructed (object);

  g_assert (UD_IS_DATABASE (self->db));

  /* First: setting the filters' models already loads the list. */
  self->applications = ud_paged_list_model_new (ud_database_get_path (self->db),
                                                count_applications, fetch_applications,
                                                (GDestroyNotify) ud_aid_application_row_free, 0);
  g_signal_connect_object (self->applications, "notify::counting",
                           G_CALLBACK (applications_counted_cb), self, G_CONNECT_SWAPPED);

  ud_date_today (&today);
  gtk_string_list_append (years, _("All years"));
  for (guint i = 0; i < N_YEARS; i++)
    {
      g_autofree char *year = NULL;

      self->years[i] = g_date_get_year (&today) - (int) i;
      year = g_strdup_printf ("%d", self->years[i]);
      gtk_string_list_append (years, year);
    }

  gtk_drop_down_set_model (self->type_dropdown, types);
  gtk_drop_down_set_model (self->status_dropdown, statuses);
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (years));
  ud_list_columns_fill_header (self->columns, self->header_box);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->applications)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (self->db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load_list (self);
}

static void
ud_aid_page_dispose (GObject *object)
{
  UdAidPage *self = UD_AID_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_AID_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->columns, ud_list_columns_free);
  g_clear_object (&self->applications);
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_aid_page_parent_class)->dispose (object);
}

static void
ud_aid_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  UdAidPage *self = UD_AID_PAGE (object);

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
ud_aid_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  UdAidPage *self = UD_AID_PAGE (object);

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
ud_aid_page_class_init (UdAidPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ud_aid_page_constructed;
  object_class->dispose = ud_aid_page_dispose;
  object_class->set_property = ud_aid_page_set_property;
  object_class->get_property = ud_aid_page_get_property;
  widget_class->map = ud_aid_page_map;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UD_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, UD_RESOURCE_PATH "ud-aid-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, UdAidPage, name)
  BIND (new_button);
  BIND (condolence_button);
  BIND (type_dropdown);
  BIND (status_dropdown);
  BIND (year_dropdown);
  BIND (batch_entry);
  BIND (file_button);
  BIND (batch_box);
  BIND (batch_label);
  BIND (submit_batch_button);
  BIND (review_batch_button);
  BIND (content_stack);
  BIND (header_box);
  BIND (list_view);
  BIND (empty_page);
  BIND (empty_new_button);
  BIND (clear_button);
  BIND (count_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, file_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, batch_step_clicked_cb);

  gtk_widget_class_install_action (widget_class, "aid-page.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "aid-page.condolence", NULL, condolence_action);
}

static void
ud_aid_page_init (UdAidPage *self)
{
  self->columns = ud_list_columns_new ("aid list column", columns, N_COLUMNS);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ud_aid_page_new (UdDatabase *db)
{
  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  return g_object_new (UD_TYPE_AID_PAGE, "database", db, NULL);
}
