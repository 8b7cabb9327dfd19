/* ud-insurance-roster-dialog.c — enrolling the members of a union in a mutual-insurance plan:
 * choose, preview who is enrolled and who is refused with the reason, confirm
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview and the enrollment run in a worker thread (ud_insurance_store_roster_async()):
 * a union may have thousands of members. The enrollment shows its progress and may be
 * cancelled; it is one transaction, so a cancelled roster leaves nothing behind. Refusals are
 * listed first, with the reason; the enrolled are counted. */
#define G_LOG_DOMAIN "ud-insurance-roster-dialog"

#include <string.h>

#include "ud-date.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-insurance-roster-dialog.h"
#include "ud-insurance-store.h"
#include "ud-money.h"
#include "ud-org.h"

/* Rows of the result list at most: refusals first. */
#define MAX_RESULT_ROWS 300

struct _UdInsuranceRosterDialog
{
  AdwWindow      parent_instance;

  UdDatabase    *db;            /* owned */
  GListModel    *orgs;          /* owned: the org row's model */
  GCancellable  *cancellable;   /* owned: the running preview or enrollment, or NULL */
  gboolean       previewed;     /* the preview matches the form */
  gboolean       enrolled;
  gboolean       running_preview;  /* what the running task is */

  /* template */
  GtkWidget     *cancel_button;
  GtkWidget     *preview_button;
  GtkWidget     *enrol_button;
  GtkProgressBar *progress_bar;
  AdwComboRow   *plan_row;
  AdwComboRow   *org_row;
  GtkSwitch     *subordinates_switch;
  GtkSwitch     *all_switch;
  AdwComboRow   *status_row;
  AdwComboRow   *category_row;
  GtkSpinButton *shares_spin;
  AdwComboRow   *payer_row;
  GtkSpinButton *year_spin;
  GtkLabel      *summary_label;
  GtkListBox    *result_list;
};

G_DEFINE_FINAL_TYPE (UdInsuranceRosterDialog, ud_insurance_roster_dialog, ADW_TYPE_WINDOW)

static void
build_request (UdInsuranceRosterDialog  *self,
               UdInsuranceRosterRequest *request)
{
  guint status = adw_combo_row_get_selected (self->status_row);
  guint category = adw_combo_row_get_selected (self->category_row);

  memset (request, 0, sizeof *request);
  request->plan_kind = (UdInsurancePlanKind) adw_combo_row_get_selected (self->plan_row);
  request->org_id = ud_form_org_model_get_id (self->orgs,
                                              adw_combo_row_get_selected (self->org_row));
  request->subordinates = gtk_switch_get_active (self->subordinates_switch);
  request->all_active = gtk_switch_get_active (self->all_switch);
  request->filter_status = status > 0 && status != GTK_INVALID_LIST_POSITION;
  request->status = request->filter_status ? (UdMemberStatus) (status - 1) : 0;
  request->filter_category = category > 0 && category != GTK_INVALID_LIST_POSITION;
  request->category = request->filter_category ? (UdNewEmployment) (category - 1) : 0;
  request->shares = gtk_spin_button_get_value_as_int (self->shares_spin);
  request->payer = (UdInsurancePayer) adw_combo_row_get_selected (self->payer_row);
  request->term_year = gtk_spin_button_get_value_as_int (self->year_spin);
}

static void
set_busy (UdInsuranceRosterDialog *self,
          gboolean                 busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_widget_set_sensitive (self->preview_button, !busy && !self->enrolled);
  gtk_widget_set_sensitive (self->enrol_button, !busy && self->previewed && !self->enrolled);
  if (busy)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_text (self->progress_bar, _("Reading the members…"));
    }
}

static void
clear_results (UdInsuranceRosterDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->result_list))) != NULL)
    gtk_list_box_remove (self->result_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->result_list), FALSE);
}

static void
add_result_row (UdInsuranceRosterDialog      *self,
                const UdInsuranceRosterEntry *entry,
                gboolean                      preview)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%s  %s", entry->member_name,
                                            entry->member_id_masked ? entry->member_id_masked
                                                                    : "");
  GtkWidget *mark = gtk_label_new (entry->refused ? _("Refused")
                                   : preview ? _("Will be enrolled") : _("Enrolled"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (entry->reason != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->reason);
  gtk_widget_add_css_class (mark, entry->refused ? "warning" : "success");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
  gtk_list_box_append (self->result_list, row);
}

static void
show_result (UdInsuranceRosterDialog *self,
             UdInsuranceRosterResult *result,
             gboolean                 preview)
{
  g_autofree char *premium = ud_money_format_yuan (result->premium_total_fen);
  g_autofree char *summary = NULL;
  guint shown = 0;

  clear_results (self);
  if (preview)
    /* Translators: the roster preview, “From 2026-11-27 at the earliest: 120 will be enrolled,
     * 3 refused; premium ¥1,200.00” */
    summary = g_strdup_printf (_("Coverage from %s at the earliest: %u will be enrolled, %u "
                                 "refused; premium %s."),
                               result->coverage_start, result->n_enrolled, result->n_refused,
                               premium);
  else
    /* Translators: after enrolling, “Roster BZ2026-0001: 120 enrolled, 3 refused; premium
     * ¥1,200.00. …” */
    summary = g_strdup_printf (_("Roster %s: %u enrolled, %u refused; premium %s. The "
                                 "treasurer records the payment; cover starts the day after."),
                               result->roster, result->n_enrolled, result->n_refused, premium);
  gtk_label_set_text (self->summary_label, summary);

  /* Refusals first: they are what needs reading. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < result->entries->len && shown < MAX_RESULT_ROWS; i++)
      {
        UdInsuranceRosterEntry *entry = g_ptr_array_index (result->entries, i);

        if (entry->refused == (pass == 0))
          {
            add_result_row (self, entry, preview);
            shown++;
          }
      }
  gtk_widget_set_visible (GTK_WIDGET (self->result_list), shown > 0);
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  UdInsuranceRosterDialog *self = user_data;
  g_autofree char *text = NULL;

  if (self->cancellable == NULL)
    return;
  /* Translators: the enrollment's progress, “Enrolling 640 of 3000” */
  text = g_strdup_printf (_("Enrolling %u of %u"), done, total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
}

static void
roster_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(UdInsuranceRosterDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(UdInsuranceRosterResult) roster = ud_insurance_store_roster_finish (result, &error);
  gboolean preview = self->running_preview;

  g_clear_object (&self->cancellable);
  if (roster == NULL)
    {
      self->previewed = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->summary_label, error->message);
      else
        gtk_label_set_text (self->summary_label, _("Cancelled: nobody was enrolled."));
      set_busy (self, FALSE);
      return;
    }

  if (preview)
    self->previewed = roster->n_enrolled > 0;
  else
    {
      self->enrolled = TRUE;
      /* The worker's connection does not tell this one. */
      ud_database_notify_changed (self->db, "insurance_enrollment");
      gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
    }
  show_result (self, roster, preview);
  set_busy (self, FALSE);
}

static void
run (UdInsuranceRosterDialog *self,
     gboolean                 preview)
{
  UdInsuranceRosterRequest request;

  build_request (self, &request);
  self->running_preview = preview;
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  ud_insurance_store_roster_async (ud_database_get_path (self->db),
                                   preview ? NULL : ud_form_get_account (GTK_WIDGET (self)),
                                   &request, self->cancellable, preview ? NULL : progress_cb,
                                   self, roster_done_cb, g_object_ref (self));
}

static void
preview_clicked_cb (UdInsuranceRosterDialog *self)
{
  run (self, TRUE);
}

static void
enrol_clicked_cb (UdInsuranceRosterDialog *self)
{
  run (self, FALSE);
}

static void
cancel_clicked_cb (UdInsuranceRosterDialog *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
request_changed_cb (UdInsuranceRosterDialog *self)
{
  gboolean all = gtk_switch_get_active (self->all_switch);

  /* Every active member: the filters do not apply. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), !all);
  gtk_widget_set_sensitive (GTK_WIDGET (self->category_row), !all);
  if (self->enrolled)
    return;
  self->previewed = FALSE;
  gtk_widget_set_sensitive (self->enrol_button, FALSE);
  gtk_widget_set_tooltip_text (self->enrol_button, _("Preview the roster first"));
}

static GListModel *
labels_model (const char       *any,
              const UdEnumInfo *info)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (any != NULL)
    gtk_string_list_append (list, any);
  for (guint i = 0; i < info->n_values; i++)
    gtk_string_list_append (list, ud_enum_label (info, (int) i));
  return G_LIST_MODEL (list);
}

/* GObject */

static void
ud_insurance_roster_dialog_dispose (GObject *object)
{
  UdInsuranceRosterDialog *self = UD_INSURANCE_ROSTER_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_INSURANCE_ROSTER_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->orgs);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_insurance_roster_dialog_parent_class)->dispose (object);
}

static void
ud_insurance_roster_dialog_class_init (UdInsuranceRosterDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_insurance_roster_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-insurance-roster-dialog.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, UdInsuranceRosterDialog, name)
  BIND (cancel_button);
  BIND (preview_button);
  BIND (enrol_button);
  BIND (progress_bar);
  BIND (plan_row);
  BIND (org_row);
  BIND (subordinates_switch);
  BIND (all_switch);
  BIND (status_row);
  BIND (category_row);
  BIND (shares_spin);
  BIND (payer_row);
  BIND (year_spin);
  BIND (summary_label);
  BIND (result_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, preview_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, enrol_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, request_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ud_insurance_roster_dialog_init (UdInsuranceRosterDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

UdInsuranceRosterDialog *
ud_insurance_roster_dialog_new (UdDatabase *db)
{
  UdInsuranceRosterDialog *self;
  g_autoptr(GPtrArray) orgs = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GtkStringList) plan_names = gtk_string_list_new (NULL);
  g_autoptr(GListModel) statuses = labels_model (_("Every live member"), &ud_member_status_info);
  g_autoptr(GListModel) categories = labels_model (_("Every category"), &ud_new_employment_info);
  g_autoptr(GListModel) payers = labels_model (NULL, &ud_insurance_payer_info);
  guint office;
  GDate today;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_INSURANCE_ROSTER_DIALOG, NULL);
  self->db = g_object_ref (db);

  plans = ud_insurance_store_list_plans (db, NULL);
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    gtk_string_list_append (plan_names,
                            ((UdInsurancePlanRecord *) g_ptr_array_index (plans, i))->plan.name);
  adw_combo_row_set_model (self->plan_row, G_LIST_MODEL (plan_names));

  orgs = ud_org_list (db, NULL);
  if (orgs == NULL)
    orgs = g_ptr_array_new ();
  self->orgs = ud_form_org_model_new (orgs, 0);
  ud_form_setup_org_combo (self->org_row);
  adw_combo_row_set_model (self->org_row, self->orgs);
  office = ud_form_org_model_find (self->orgs, ud_database_get_office_org_id (db));
  if (office != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->org_row, office);

  adw_combo_row_set_model (self->status_row, statuses);
  adw_combo_row_set_model (self->category_row, categories);
  adw_combo_row_set_model (self->payer_row, payers);
  adw_combo_row_set_selected (self->payer_row, UD_INSURANCE_PAYER_UNION);
  gtk_switch_set_active (self->all_switch, TRUE);
  gtk_spin_button_set_value (self->shares_spin, 1);
  ud_date_today (&today);
  gtk_spin_button_set_value (self->year_spin, g_date_get_year (&today));
  request_changed_cb (self);
  return self;
}

void
ud_insurance_roster_dialog_present (GtkWidget  *parent,
                                    UdDatabase *db)
{
  UdInsuranceRosterDialog *self = ud_insurance_roster_dialog_new (db);

  gtk_window_set_transient_for (GTK_WINDOW (self), ud_form_get_window (parent));
  gtk_window_present (GTK_WINDOW (self));
}
