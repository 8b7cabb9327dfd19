/* ud-payout-page.c — the treasurer's payouts: the lines to pay, the batches and the bank's files
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "To Pay" lists the payout lines (approved aid and insurance claims) in a GtkListView over a
 * UdPagedListModel, paged from SQLite by ud_payout_store_list() in the model's worker thread;
 * the filters re-issue the query. Lines chosen there (or, with none chosen, every line waiting
 * with an account) make a new batch. "Batches" shows one batch: its transfer file is exported as
 * CSV or Excel (the first export fixes the batch), and the bank's return file is imported; each
 * line opens in its own window (ud-payout-detail.c) for a result by hand, an account correction
 * or a reissue. The core guards every step again. */
#define G_LOG_DOMAIN "ud-payout-page"

#include <string.h>

#include "ud-error.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-list-columns.h"
#include "ud-mask.h"
#include "ud-money.h"
#include "ud-paged-list-model.h"
#include "ud-payout-detail.h"
#include "ud-payout-page.h"

typedef enum
{
  COLUMN_NUMBER,
  COLUMN_TYPE,
  COLUMN_PAYEE,
  COLUMN_ACCOUNT,
  COLUMN_AMOUNT,
  COLUMN_FUND,
  COLUMN_STATUS,
  COLUMN_BATCH,
  COLUMN_DATE,
  N_COLUMNS
} Column;

static const UdListColumn columns[N_COLUMNS] = {
  [COLUMN_NUMBER] = { NC_("payout list column", "Number"), 110, FALSE, TRUE, FALSE },
  [COLUMN_TYPE] = { NC_("payout list column", "Type"), 96, FALSE, FALSE, FALSE },
  [COLUMN_PAYEE] = { NC_("payout list column", "Payee"), 72, TRUE, FALSE, FALSE },
  [COLUMN_ACCOUNT] = { NC_("payout list column", "Account"), 150, FALSE, TRUE, FALSE },
  [COLUMN_AMOUNT] = { NC_("payout list column", "Amount"), 90, FALSE, TRUE, TRUE },
  [COLUMN_FUND] = { NC_("payout list column", "Fund"), 110, FALSE, FALSE, FALSE },
  [COLUMN_STATUS] = { NC_("payout list column", "Status"), 72, FALSE, FALSE, FALSE },
  [COLUMN_BATCH] = { NC_("payout list column", "Batch"), 100, FALSE, TRUE, FALSE },
  [COLUMN_DATE] = { NC_("payout list column", "Approved"), 90, FALSE, TRUE, FALSE },
};

struct _UdPayoutPage
{
  GtkWidget          parent_instance;


  UdDatabase        *db;                 /* owned */
  UdPagedListModel  *lines;              /* owned: UdPayout records */
  GtkMultiSelection *selection;          /* owned */
  UdListColumns     *columns;            /* owned */
  gint64             batch_id;           /* shown on the Batches view, 0 for none */
  gboolean           filling_batches;
  GCancellable      *job;                /* owned: the running job, or NULL */
  guint              pulse_id;           /* pulses the job's progress bar, or 0 */

  /* template */
  GtkWidget         *new_batch_button;
  GtkStack          *view_stack;
  GtkDropDown       *status_dropdown;
  GtkDropDown       *fund_dropdown;
  GtkSearchEntry    *search_entry;
  GtkStack          *lines_stack;
  GtkWidget         *header_box;
  GtkListView       *list_view;
  AdwStatusPage     *empty_page;
  GtkLabel          *count_label;
  GtkListBox        *batch_list;
  GtkStack          *batch_stack;
  GtkLabel          *batch_title;
  GtkLabel          *batch_facts;
  GtkWidget         *export_csv_button;
  GtkWidget         *export_xlsx_button;
  GtkWidget         *import_button;
  GtkWidget         *discard_button;
  GtkLabel          *batch_message;
  GtkListBox        *batch_lines;
  GtkRevealer       *job_revealer;
  GtkLabel          *job_label;
  GtkProgressBar    *job_progress;
};

G_DEFINE_FINAL_TYPE (UdPayoutPage, ud_payout_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fill_batches (UdPayoutPage *self);
static void show_batch_detail (UdPayoutPage *self);

/* Rows */

static const char *
status_class (UdPayoutStatus status)
{
  switch (status)
    {
    case UD_PAYOUT_PAID:
      return "success";
    case UD_PAYOUT_FAILED:
      return "error";
    case UD_PAYOUT_REISSUED:
      return "dim-label";
    case UD_PAYOUT_PENDING:
    case UD_PAYOUT_IN_BATCH:
    default:
      return NULL;
    }
}

static void
update_row (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  UdPagedItem *item = gtk_list_item_get_item (list_item);
  const UdPayout *payout = item ? ud_paged_item_get_record (item) : NULL;
  g_autofree char *category = NULL;
  g_autofree char *account = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *accessible = NULL;
  const char *status;
  const char *tooltip = NULL;

  if (payout == NULL)
    {
      ud_list_columns_set_loading (box);
      return;
    }

  account = payout->bank_account ? ud_mask_bank_card (payout->bank_account) : NULL;
  amount = ud_money_format (payout->amount_fen);
  status = ud_enum_label (&ud_payout_status_info, payout->status);
  if (payout->status == UD_PAYOUT_PAID)
    tooltip = payout->voucher;
  else if (payout->status == UD_PAYOUT_FAILED || payout->status == UD_PAYOUT_REISSUED)
    tooltip = payout->failure_reason;

  ud_list_columns_set (box, COLUMN_NUMBER, payout->source_number, NULL, NULL);
  category = ud_payout_dup_category_label (payout->source, payout->category);
  ud_list_columns_set (box, COLUMN_TYPE, category, NULL, NULL);
  ud_list_columns_set (box, COLUMN_PAYEE, payout->payee_name, NULL, NULL);
  ud_list_columns_set (box, COLUMN_ACCOUNT, account ? account : _("No account yet"),
                       account ? NULL : "warning",
                       account ? payout->bank_name
                               : _("Open the payout to enter the bank account"));
  ud_list_columns_set (box, COLUMN_AMOUNT, amount, NULL, NULL);
  ud_list_columns_set (box, COLUMN_FUND,
                       ud_enum_label (&ud_fund_source_info, payout->fund_source), NULL, NULL);
  ud_list_columns_set (box, COLUMN_STATUS, status, status_class (payout->status), tooltip);
  ud_list_columns_set (box, COLUMN_BATCH, payout->batch_number ? payout->batch_number : "—", NULL,
                       NULL);
  ud_list_columns_set (box, COLUMN_DATE, payout->approved_date, NULL, NULL);

  accessible = g_strdup_printf ("%s %s %s %s", payout->source_number, payout->payee_name,
                                amount, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              UdPayoutPage             *self)
{
  gtk_list_item_set_child (list_item, ud_list_columns_row_new (self->columns));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             UdPayoutPage             *self)
{
  g_signal_connect_swapped (gtk_list_item_get_item (list_item), "notify::loading",
                            G_CALLBACK (update_row), list_item);
  update_row (list_item);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               UdPayoutPage             *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), update_row,
                                        list_item);
}

/* The list's query */

typedef struct
{
  UdPayoutFilter  filter;
  char           *text;    /* owned */
} PayoutQuery;

static void
payout_query_free (PayoutQuery *query)
{
  g_free (query->text);
  g_free (query);
}

static guint
count_lines (UdDatabase  *worker,
             gpointer     query,
             GError     **error)
{
  PayoutQuery *payout_query = query;
  guint count = 0;

  ud_payout_store_count (worker, &payout_query->filter, &count, error);
  return count;
}

static GPtrArray *
fetch_lines (UdDatabase  *worker,
             gpointer     query,
             guint        offset,
             guint        limit,
             GError     **error)
{
  PayoutQuery *payout_query = query;

  return ud_payout_store_list (worker, &payout_query->filter, offset, limit, error);
}

static gboolean
is_filtered (UdPayoutPage *self)
{
  return gtk_drop_down_get_selected (self->fund_dropdown) > 0
         || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
}

static void
build_filter (UdPayoutPage   *self,
              UdPayoutFilter *filter)
{
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint fund = gtk_drop_down_get_selected (self->fund_dropdown);

  *filter = (UdPayoutFilter) UD_PAYOUT_FILTER_INIT;
  filter->status = status != 0 && status != GTK_INVALID_LIST_POSITION ? (int) status - 1 : -1;
  filter->fund_source = fund != 0 && fund != GTK_INVALID_LIST_POSITION ? (int) fund - 1 : -1;
}

static void
load_lines (UdPayoutPage *self)
{
  PayoutQuery *query;

  if (self->lines == NULL)
    return;
  query = g_new0 (PayoutQuery, 1);
  build_filter (self, &query->filter);
  query->text = ud_form_dup_text (GTK_EDITABLE (self->search_entry));
  query->filter.text = *query->text ? query->text : NULL;
  ud_paged_list_model_set_query (self->lines, query, (GDestroyNotify) payout_query_free);
}

static void
lines_counted_cb (UdPayoutPage *self)
{
  const GError *error = ud_paged_list_model_get_error (self->lines);
  g_autofree char *count_text = NULL;
  guint count;

  if (ud_paged_list_model_get_counting (self->lines))
    return;

  if (error != NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The Payouts Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->lines_stack, "empty");
      gtk_label_set_text (self->count_label, "");
      return;
    }

  count = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u payout", "%u payouts", count),
                                count);
  gtk_label_set_text (self->count_label, count_text);
  if (count > 0)
    {
      gtk_stack_set_visible_child_name (self->lines_stack, "list");
      return;
    }

  if (is_filtered (self) || gtk_drop_down_get_selected (self->status_dropdown) != 1)
    {
      adw_status_page_set_title (self->empty_page, _("No Matching Payouts"));
      adw_status_page_set_description (self->empty_page,
                                       _("No payout matches the filters."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("Nothing to Pay"));
      adw_status_page_set_description (self->empty_page,
                                       _("Every approved aid application and insurance claim "
                                         "appears here as a payout to its payee. Put them in a "
                                         "batch, send the batch’s transfer file to the bank and "
                                         "record what the bank did."));
    }
  gtk_stack_set_visible_child_name (self->lines_stack, "empty");
}

/* Batches */

static char *
batch_summary (const UdPayoutBatch *batch)
{
  g_autofree char *total = ud_money_format (batch->total_fen);

  /* Translators: a batch in the list, "Sent to the bank · 3 lines · 3,800.50 yuan" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d line · %s yuan",
                                       "%s · %d lines · %s yuan", batch->line_count),
                          ud_enum_label (&ud_payout_batch_status_info, batch->status),
                          batch->line_count, total);
}

static void
fill_batches (UdPayoutPage *self)
{
  g_autoptr(GPtrArray) batches = ud_payout_store_list_batches (self->db, -1, NULL);
  GtkWidget *child;
  GtkListBoxRow *selected = NULL;

  self->filling_batches = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->batch_list))) != NULL)
    gtk_list_box_remove (self->batch_list, child);

  /* The newest batch is the one a treasurer works on. */
  if (self->batch_id == 0 && batches != NULL && batches->len > 0)
    self->batch_id = ((UdPayoutBatch *) g_ptr_array_index (batches, 0))->id;

  for (guint i = 0; batches != NULL && i < batches->len; i++)
    {
      UdPayoutBatch *batch = g_ptr_array_index (batches, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *summary = batch_summary (batch);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), batch->number);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
      g_object_set_data (G_OBJECT (row), "ud-batch-id", GINT_TO_POINTER ((int) batch->id));
      gtk_list_box_append (self->batch_list, row);
      if (batch->id == self->batch_id)
        selected = GTK_LIST_BOX_ROW (row);
    }
  if (selected != NULL)
    gtk_list_box_select_row (self->batch_list, selected);
  self->filling_batches = FALSE;
  show_batch_detail (self);
}

static void
line_row_new (UdPayoutPage   *self,
              const UdPayout *payout)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *amount_label;
  GtkWidget *status_label;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *account = payout->bank_account ? ud_mask_bank_card (payout->bank_account)
                                                  : g_strdup ("");
  g_autofree char *amount = ud_money_format (payout->amount_fen);
  const char *status = ud_enum_label (&ud_payout_status_info, payout->status);

  title = g_strdup_printf ("%d. %s", payout->batch_seq, payout->payee_name);
  subtitle = g_strdup_printf ("%s · %s%s%s", payout->source_number, account,
                              payout->voucher ? " · " : payout->failure_reason ? " · " : "",
                              payout->voucher ? payout->voucher
                              : payout->failure_reason ? payout->failure_reason : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  amount_label = gtk_label_new (amount);
  gtk_widget_add_css_class (amount_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label);
  status_label = gtk_label_new (status);
  if (status_class (payout->status) != NULL)
    gtk_widget_add_css_class (status_label, status_class (payout->status));
  gtk_widget_set_size_request (status_label, 72, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "ud-payout-id", GINT_TO_POINTER ((int) payout->id));
  gtk_widget_set_name (row, payout->source_number);
  gtk_list_box_append (self->batch_lines, row);
}

static void
show_batch_detail (UdPayoutPage *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  g_autoptr(UdPayoutBatch) batch = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GString) facts_text = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *total = NULL;
  g_autofree char *paid = NULL;
  GtkWidget *child;
  gboolean open;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->batch_lines))) != NULL)
    gtk_list_box_remove (self->batch_lines, child);

  if (self->batch_id != 0)
    batch = ud_payout_store_get_batch (self->db, self->batch_id, NULL);
  if (batch == NULL)
    {
      self->batch_id = 0;
      gtk_stack_set_visible_child_name (self->batch_stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.export-csv", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.export-xlsx", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.import-return", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.discard", FALSE);
      return;
    }

  gtk_label_set_text (self->batch_title, batch->number);
  total = ud_money_format (batch->total_fen);
  paid = ud_money_format (batch->paid_fen);
  facts_text = g_string_new (NULL);
  /* Translators: "Sent to the bank. 3 lines, 3,800.50 yuan. Paid 2 (1,300.00 yuan), failed 1,
   * waiting 0." */
  g_string_append_printf (facts_text, _("%s. %d lines, %s yuan. Paid %d (%s yuan), failed %d, "
                                        "waiting %d."),
                          ud_enum_label (&ud_payout_batch_status_info, batch->status),
                          batch->line_count, total, batch->n_paid, paid, batch->n_failed,
                          batch->line_count - batch->n_paid - batch->n_failed);
  if (batch->transfer_date != NULL)
    g_string_append_printf (facts_text, "\n%s%s", _("Transfer date: "), batch->transfer_date);
  if (batch->checksum != NULL)
    g_string_append_printf (facts_text, "\n%s%s", _("Checksum (SHA-256): "), batch->checksum);
  facts = g_string_free (g_steal_pointer (&facts_text), FALSE);
  gtk_label_set_text (self->batch_facts, facts);

  lines = ud_payout_store_list_batch_lines (self->db, batch->id, NULL);
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    line_row_new (self, g_ptr_array_index (lines, i));

  open = batch->status == UD_PAYOUT_BATCH_OPEN;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.export-csv",
                                 ud_guard_allows (account, UD_ACTION_PAY));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.export-xlsx",
                                 ud_guard_allows (account, UD_ACTION_PAY));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.import-return",
                                 !open && batch->status != UD_PAYOUT_BATCH_CLOSED
                                 && ud_guard_allows (account, UD_ACTION_PAY));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.discard",
                                 open && ud_guard_allows (account, UD_ACTION_PAY));
  gtk_widget_set_tooltip_text (self->export_csv_button,
                               open ? _("Sending the file to the bank fixes the batch: afterwards "
                                        "only the bank’s results are recorded")
                                    : _("Another copy of the same file"));
  gtk_widget_set_tooltip_text (self->import_button,
                               open ? _("Export the transfer file first")
                                    : _("The bank’s return file: paid lines with their voucher, "
                                        "failed lines with the reason"));
  if (!ud_guard_allows (account, UD_ACTION_PAY))
    ud_form_guard (self->export_csv_button, account, UD_ACTION_PAY);
  gtk_stack_set_visible_child_name (self->batch_stack, "batch");
}

static void
batch_selected_cb (UdPayoutPage  *self,
                   GtkListBoxRow *row)
{
  if (self->filling_batches)
    return;
  self->batch_id = row ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "ud-batch-id")) : 0;
  gtk_widget_set_visible (GTK_WIDGET (self->batch_message), FALSE);
  show_batch_detail (self);
}

static void
batch_line_activated_cb (UdPayoutPage  *self,
                         GtkListBoxRow *row)
{
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "ud-payout-id"));

  if (id != 0)
    ud_payout_detail_present (GTK_WIDGET (self), self->db, id);
}

gint64
ud_payout_page_get_batch (UdPayoutPage *self)
{
  g_return_val_if_fail (UD_IS_PAYOUT_PAGE (self), 0);

  return self->batch_id;
}

void
ud_payout_page_show_batch (UdPayoutPage *self,
                           gint64        batch_id)
{
  g_return_if_fail (UD_IS_PAYOUT_PAGE (self));

  self->batch_id = batch_id;
  gtk_stack_set_visible_child_name (self->view_stack, "batches");
  gtk_widget_set_visible (GTK_WIDGET (self->batch_message), FALSE);
  fill_batches (self);
}

/* Actions */

static void
show_message (UdPayoutPage *self,
              const char   *message,
              gboolean      error)
{
  gtk_label_set_text (self->batch_message, message);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->batch_message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->batch_message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->batch_message), TRUE);
}

/* The lines chosen on "To Pay" that wait to be paid (none chosen: an empty array). */
static GArray *
chosen_lines (UdPayoutPage *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) chosen = gtk_selection_model_get_selection (
                                  GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, chosen, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(UdPagedItem) item = g_list_model_get_item (G_LIST_MODEL (self->lines),
                                                           position);
      const UdPayout *payout = item ? ud_paged_item_get_record (item) : NULL;

      if (payout != NULL && payout->status == UD_PAYOUT_PENDING)
        g_array_append_val (ids, payout->id);
    }
  return ids;
}

/* Jobs: the batch is made, exported or answered by the bank in a worker thread on its own
 * connection; the whole write is one transaction, so a cancelled job leaves nothing behind. */

typedef enum
{
  JOB_CREATE,
  JOB_EXPORT,
  JOB_IMPORT,
} JobKind;

typedef struct
{
  JobKind             kind;
  char               *db_path;   /* owned */
  UdAccount          *actor;     /* owned: a copy */
  GArray             *ids;       /* owned: create */
  gint64              batch_id;  /* export, import; create: the new one */
  char               *path;      /* owned: export, import */
  UdPayoutFileFormat  format;    /* export */
  UdBankReturnReport *report;    /* owned: import */
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_clear_pointer (&job->actor, ud_account_free);
  g_clear_pointer (&job->ids, g_array_unref);
  g_free (job->path);
  g_clear_pointer (&job->report, ud_bank_return_report_free);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdDatabase) worker = ud_database_open (job->db_path, &error);
  gboolean ok = FALSE;

  if (worker != NULL && !g_cancellable_is_cancelled (cancellable))
    {
      ud_database_set_cancellable (worker, cancellable);
      switch (job->kind)
        {
        case JOB_CREATE:
          /* None chosen: every line ready. */
          if (job->ids->len == 0)
            {
              g_array_unref (job->ids);
              job->ids = ud_payout_store_list_ready (worker, -1, &error);
              if (job->ids == NULL)
                break;
              if (job->ids->len == 0)
                {
                  g_set_error (&error, UD_ERROR, UD_ERROR_NOT_FOUND,
                               _("Nothing to put in a batch: no payout waits with a bank "
                                 "account"));
                  break;
                }
            }
          ok = ud_payout_store_create_batch (worker, job->actor,
                                             (gint64 *) (void *) job->ids->data, job->ids->len,
                                             NULL, &job->batch_id, &error);
          break;
        case JOB_EXPORT:
          ok = ud_payout_store_export_batch (worker, job->actor, job->batch_id, job->path,
                                             job->format, &error);
          break;
        case JOB_IMPORT:
        default:
          job->report = ud_payout_store_import_bank_return (worker, job->actor, job->batch_id,
                                                            job->path, &error);
          ok = job->report != NULL;
          break;
        }
    }

  if (ok)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* Cancelled before the commit: the transaction was rolled back, or never begun. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&error);
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("Cancelled: nothing of it was kept"));
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
pulse_cb (gpointer data)
{
  UdPayoutPage *self = data;

  gtk_progress_bar_pulse (self->job_progress);
  return G_SOURCE_CONTINUE;
}

static void
job_finished (UdPayoutPage *self)
{
  g_clear_object (&self->job);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->job_revealer, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.new-batch",
                                 ud_guard_allows (ud_form_get_account (GTK_WIDGET (self)),
                                                  UD_ACTION_PAY));
  /* The worker wrote on its own connection. */
  ud_database_notify_changed (self->db, "payout");
}

static void job_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

static void
job_start (UdPayoutPage *self,
           Job          *job,
           const char   *what)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self->job == NULL);

  job->db_path = g_strdup (ud_database_get_path (self->db));
  if (ud_form_get_account (GTK_WIDGET (self)) != NULL)
    job->actor = ud_account_copy (ud_form_get_account (GTK_WIDGET (self)));
  self->job = g_cancellable_new ();
  gtk_label_set_text (self->job_label, what);
  gtk_progress_bar_set_fraction (self->job_progress, 0.0);
  gtk_revealer_set_reveal_child (self->job_revealer, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.new-batch", FALSE);
  self->pulse_id = g_timeout_add (100, pulse_cb, self);

  task = g_task_new (NULL, self->job, job_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, job_start);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(UdPayoutPage) self = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) message = NULL;

  job_finished (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->kind == JOB_CREATE)
        ud_form_add_toast (GTK_WIDGET (self), error->message);
      else
        show_message (self, error->message, TRUE);
      return;
    }

  switch (job->kind)
    {
    case JOB_CREATE:
      {
        g_autoptr(UdPayoutBatch) batch = ud_payout_store_get_batch (self->db, job->batch_id,
                                                                    NULL);
        g_autofree char *text = NULL;

        gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
        /* Translators: "Batch FF2026-0001 made: export its file for the bank" */
        text = g_strdup_printf (_("Batch %s made: export its file for the bank"),
                                batch ? batch->number : "");
        ud_form_add_toast (GTK_WIDGET (self), text);
        ud_payout_page_show_batch (self, job->batch_id);
      }
      break;

    case JOB_EXPORT:
      {
        /* Translators: "Wrote 批次.csv for the bank" */
        g_autofree char *text = g_strdup_printf (_("Wrote “%s” for the bank"), job->path);

        ud_form_add_toast (GTK_WIDGET (self), text);
        gtk_widget_set_visible (GTK_WIDGET (self->batch_message), FALSE);
        show_batch_detail (self);
      }
      break;

    case JOB_IMPORT:
    default:
      message = g_string_new (NULL);
      g_string_append_printf (message, _("Paid: %u, failed: %u, already recorded: %u, still "
                                         "waiting: %u."),
                              job->report->n_paid, job->report->n_failed,
                              job->report->n_unchanged, job->report->n_pending);
      for (guint i = 0; i < job->report->problems->len; i++)
        {
          UdBankReturnProblem *problem = g_ptr_array_index (job->report->problems, i);

          g_string_append_printf (message, "\n%s", problem->message);
        }
      show_batch_detail (self);
      show_message (self, message->str, job->report->problems->len > 0);
      break;
    }
}

static void
job_cancel_clicked_cb (UdPayoutPage *self)
{
  if (self->job != NULL)
    g_cancellable_cancel (self->job);
}

gboolean
ud_payout_page_get_busy (UdPayoutPage *self)
{
  g_return_val_if_fail (UD_IS_PAYOUT_PAGE (self), FALSE);

  return self->job != NULL;
}

void
ud_payout_page_create_batch (UdPayoutPage *self)
{
  g_autofree char *what = NULL;
  Job *job;

  g_return_if_fail (UD_IS_PAYOUT_PAGE (self));

  if (self->job != NULL)
    return;

  job = g_new0 (Job, 1);
  job->kind = JOB_CREATE;
  job->ids = chosen_lines (self);
  if (job->ids->len > 0)
    /* Translators: "Putting 120 payouts in a new batch…" */
    what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Putting %u payout in a new batch…",
                                         "Putting %u payouts in a new batch…", job->ids->len),
                            job->ids->len);
  else
    what = g_strdup (_("Putting every payout ready to pay in a new batch…"));
  job_start (self, job, what);
}

void
ud_payout_page_export_batch (UdPayoutPage       *self,
                             const char         *path,
                             UdPayoutFileFormat  format)
{
  Job *job;

  g_return_if_fail (UD_IS_PAYOUT_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->job != NULL)
    return;
  job = g_new0 (Job, 1);
  job->kind = JOB_EXPORT;
  job->batch_id = self->batch_id;
  job->path = g_strdup (path);
  job->format = format;
  job_start (self, job, _("Writing the bank transfer file…"));
}

void
ud_payout_page_import_return (UdPayoutPage *self,
                              const char   *path)
{
  Job *job;

  g_return_if_fail (UD_IS_PAYOUT_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->job != NULL)
    return;
  job = g_new0 (Job, 1);
  job->kind = JOB_IMPORT;
  job->batch_id = self->batch_id;
  job->path = g_strdup (path);
  job_start (self, job, _("Recording the bank’s return file…"));
}

static void
new_batch_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ud_payout_page_create_batch (UD_PAYOUT_PAGE (widget));
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    UdPayoutPage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      UdPayoutFileFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser),
                                                                      "ud-format"));

      if (path != NULL)
        ud_payout_page_export_batch (self, path, format);
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdPayoutPage *self = UD_PAYOUT_PAGE (widget);
  gboolean xlsx = g_str_equal (action_name, "payout-page.export-xlsx");
  g_autoptr(UdPayoutBatch) batch = ud_payout_store_get_batch (self->db, self->batch_id, NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (batch == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export the Bank Transfer File"),
                                         ud_form_get_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  /* Translators: the file name of a bank transfer file, "转账FF2026-0001.csv" */
  name = g_strdup_printf (_("transfer-%s.%s"), batch->number, xlsx ? "xlsx" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, xlsx ? _("Excel workbooks") : _("CSV files"));
  gtk_file_filter_add_suffix (filter, xlsx ? "xlsx" : "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data (G_OBJECT (chooser), "ud-format",
                     GINT_TO_POINTER (xlsx ? UD_PAYOUT_FILE_XLSX : UD_PAYOUT_FILE_CSV));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    UdPayoutPage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        ud_payout_page_import_return (self, path);
    }
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdPayoutPage *self = UD_PAYOUT_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import the Bank’s Return File"),
                                         ud_form_get_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV or text files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     UdPayoutPage     *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "discard"))
    return;
  if (!ud_payout_store_discard_batch (self->db, ud_form_get_account (GTK_WIDGET (self)),
                                      self->batch_id, &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }
  self->batch_id = 0;
  fill_batches (self);
  ud_form_add_toast (GTK_WIDGET (self), _("The batch was discarded; its lines wait to be paid"));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  UdPayoutPage *self = UD_PAYOUT_PAGE (widget);
  GtkWidget *dialog = adw_message_dialog_new (ud_form_get_window (widget),
                                              _("Discard the Batch?"),
                                              _("Its lines go back to “To Pay”. Nothing was "
                                                "sent to the bank yet."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Callbacks */

static void
filter_changed_cb (UdPayoutPage *self)
{
  if (self->db != NULL)
    load_lines (self);
}

static void
view_changed_cb (UdPayoutPage *self)
{
  if (self->db != NULL
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "batches") == 0)
    fill_batches (self);
}

static void
row_activated_cb (UdPayoutPage *self,
                  guint         position)
{
  g_autoptr(UdPagedItem) item = g_list_model_get_item (G_LIST_MODEL (self->lines), position);
  const UdPayout *payout = item ? ud_paged_item_get_record (item) : NULL;

  if (payout != NULL)
    ud_payout_detail_present (GTK_WIDGET (self), self->db, payout->id);
}

/* The same query re-read: the rows shown stay until the fresh ones come. */
static void
database_changed_cb (UdPayoutPage *self,
                     const char   *entity,
                     UdDatabase   *db)
{
  if (entity != NULL && !g_str_equal (entity, "payout") && !g_str_equal (entity, "payout_batch")
      && !g_str_equal (entity, "aid_application") && !g_str_equal (entity, "insurance_claim"))
    return;
  ud_paged_list_model_reload (self->lines);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "batches") == 0)
    fill_batches (self);
}

void
ud_payout_page_reload (UdPayoutPage *self)
{
  const UdAccount *account;

  g_return_if_fail (UD_IS_PAYOUT_PAGE (self));

  account = ud_form_get_account (GTK_WIDGET (self));
  gtk_widget_set_tooltip_text (self->new_batch_button,
                               _("Put the chosen payouts in a new batch (with none chosen: every "
                                 "payout waiting with a bank account)"));
  ud_form_guard (self->new_batch_button, account, UD_ACTION_PAY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payout-page.new-batch",
                                 ud_guard_allows (account, UD_ACTION_PAY));
  load_lines (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "batches") == 0)
    fill_batches (self);
}

/* GObject */

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

static void
ud_payout_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ud_payout_page_parent_class)->map (widget);

  /* The account is known once the page is in its window. */
  ud_payout_page_reload (UD_PAYOUT_PAGE (widget));
}

static void
ud_payout_page_constructed (GObject *object)
{
  UdPayoutPage *self = UD_PAYOUT_PAGE (object);
  g_autoptr(GListModel) statuses = filter_model_new (_("All statuses"), &ud_payout_status_info);
  g_autoptr(GListModel) funds = filter_model_new (_("All funds"), &ud_fund_source_info);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  G_OBJECT_CLASS (ud_payout_page_parent_class)->constructed (object);

  g_assert (UD_IS_DATABASE (self->db));

  self->lines = ud_paged_list_model_new (ud_database_get_path (self->db), count_lines,
                                         fetch_lines, (GDestroyNotify) ud_payout_free, 0);
  g_signal_connect_object (self->lines, "notify::counting", G_CALLBACK (lines_counted_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_drop_down_set_model (self->status_dropdown, statuses);
  gtk_drop_down_set_model (self->fund_dropdown, funds);
  /* What waits to be paid first. */
  gtk_drop_down_set_selected (self->status_dropdown, 1 + UD_PAYOUT_PENDING);
  ud_list_columns_fill_header (self->columns, self->header_box);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->lines)));
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load_lines (self);
  show_batch_detail (self);
}

static void
ud_payout_page_dispose (GObject *object)
{
  UdPayoutPage *self = UD_PAYOUT_PAGE (object);
  GtkWidget *child;

  /* The batch list unselects its row as it goes: nothing to show any more. */
  self->filling_batches = TRUE;
  if (self->job != NULL)
    g_cancellable_cancel (self->job);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_PAYOUT_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->columns, ud_list_columns_free);
  g_clear_object (&self->selection);
  g_clear_object (&self->lines);
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_payout_page_parent_class)->dispose (object);
}

static void
ud_payout_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  UdPayoutPage *self = UD_PAYOUT_PAGE (object);

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
ud_payout_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  UdPayoutPage *self = UD_PAYOUT_PAGE (object);

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
ud_payout_page_class_init (UdPayoutPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ud_payout_page_constructed;
  object_class->dispose = ud_payout_page_dispose;
  object_class->set_property = ud_payout_page_set_property;
  object_class->get_property = ud_payout_page_get_property;
  widget_class->map = ud_payout_page_map;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UD_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-payout-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, UdPayoutPage, name)
  BIND (new_batch_button);
  BIND (view_stack);
  BIND (status_dropdown);
  BIND (fund_dropdown);
  BIND (search_entry);
  BIND (lines_stack);
  BIND (header_box);
  BIND (list_view);
  BIND (empty_page);
  BIND (count_label);
  BIND (batch_list);
  BIND (batch_stack);
  BIND (batch_title);
  BIND (batch_facts);
  BIND (export_csv_button);
  BIND (export_xlsx_button);
  BIND (import_button);
  BIND (discard_button);
  BIND (batch_message);
  BIND (batch_lines);
  BIND (job_revealer);
  BIND (job_label);
  BIND (job_progress);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, batch_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, batch_line_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, job_cancel_clicked_cb);

  gtk_widget_class_install_action (widget_class, "payout-page.new-batch", NULL,
                                   new_batch_action);
  gtk_widget_class_install_action (widget_class, "payout-page.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "payout-page.export-xlsx", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "payout-page.import-return", NULL,
                                   import_action);
  gtk_widget_class_install_action (widget_class, "payout-page.discard", NULL, discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "payout-page.new-batch", NULL);
}

static void
ud_payout_page_init (UdPayoutPage *self)
{
  self->columns = ud_list_columns_new ("payout list column", columns, N_COLUMNS);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ud_payout_page_new (UdDatabase *db)
{
  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  return g_object_new (UD_TYPE_PAYOUT_PAGE, "database", db, NULL);
}
