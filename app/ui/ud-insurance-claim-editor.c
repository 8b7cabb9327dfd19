/* ud-insurance-claim-editor.c — reporting a mutual-insurance claim on a member's paid
 * enrollment
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member is found by name or the end of the ID number among the paid enrollments (a member
 * who has left keeps the cover, so left members are found too); the events offered are the rows
 * of the benefit table the enrollment was sold under, and the days or the loss are asked for only
 * when the event's benefit needs them. The core checks everything again and names the field of
 * what it refuses, which is shown under that field. Closing with unsaved changes asks first. */
#define G_LOG_DOMAIN "ud-insurance-claim-editor"

#include <string.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-insurance-claim-detail.h"
#include "ud-insurance-claim-editor.h"
#include "ud-insurance-store.h"
#include "ud-money.h"

#define MAX_MATCHES 30

struct _UdInsuranceClaimEditor
{
  AdwWindow    parent_instance;

  UdDatabase  *db;            /* owned */
  GPtrArray   *enrollments;   /* owned: UdInsuranceEnrollment, the enrollment row's choices */
  char        *snapshot;      /* owned: the form as opened, to notice unsaved changes */
  gboolean     closing;       /* saved, or discarding confirmed */

  /* template */
  GtkLabel    *general_error;
  GtkWidget   *member_row;
  GtkWidget   *enrollment_row;
  GtkWidget   *event_row;
  GtkWidget   *event_date_row;
  GtkWidget   *days_row;
  GtkWidget   *loss_row;
  GtkWidget   *description_row;
  GtkWidget   *documents_row;
  GtkWidget   *payee_row;
  GtkWidget   *payee_id_row;
  GtkWidget   *bank_row;
  GtkWidget   *account_row;
  GtkWidget   *holder_row;
  GtkWidget   *holder_reason_row;
};

G_DEFINE_FINAL_TYPE (UdInsuranceClaimEditor, ud_insurance_claim_editor, ADW_TYPE_WINDOW)

static UdInsuranceEnrollment *
selected_enrollment (UdInsuranceClaimEditor *self)
{
  guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->enrollment_row));

  if (self->enrollments == NULL || position >= self->enrollments->len)
    return NULL;
  return g_ptr_array_index (self->enrollments, position);
}

static const UdInsuranceBenefit *
selected_benefit (UdInsuranceClaimEditor *self)
{
  UdInsuranceEnrollment *e = selected_enrollment (self);
  guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->event_row));

  if (e == NULL || position >= e->plan.n_benefits)
    return NULL;
  return &e->plan.benefits[position];
}

static void
update_event_fields (UdInsuranceClaimEditor *self)
{
  const UdInsuranceBenefit *benefit = selected_benefit (self);

  gtk_widget_set_visible (self->days_row,
                          benefit != NULL && benefit->kind == UD_INSURANCE_BENEFIT_DAILY);
  gtk_widget_set_visible (self->loss_row,
                          benefit != NULL && benefit->kind == UD_INSURANCE_BENEFIT_REFUND);
}

static void
fill_events (UdInsuranceClaimEditor *self)
{
  UdInsuranceEnrollment *e = selected_enrollment (self);
  g_autoptr(GtkStringList) events = gtk_string_list_new (NULL);

  for (guint i = 0; e != NULL && i < e->plan.n_benefits; i++)
    {
      g_autofree char *label = ud_insurance_event_dup_label (e->plan.benefits[i].event);
      g_autofree char *amount = ud_money_format_yuan (e->plan.benefits[i].amount_per_share_fen
                                                      * e->shares);
      /* Translators: an event of the benefit table with what it pays, “Disability grade 3 ·
       * ¥8,000.00” */
      g_autofree char *text = g_strdup_printf (_("%s · %s"), label, amount);

      gtk_string_list_append (events, text);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->event_row), G_LIST_MODEL (events));
  update_event_fields (self);
}

/* The member's paid enrollments, newest first. */
static void
find_enrollments (UdInsuranceClaimEditor *self)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->member_row));
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  UdInsuranceEnrollmentFilter filter = { 0 };

  g_clear_pointer (&self->enrollments, g_ptr_array_unref);
  if (*text != '\0')
    {
      filter.filter_status = TRUE;
      filter.status = UD_INSURANCE_ENROLLMENT_COVERED;
      filter.search = text;
      self->enrollments = ud_insurance_store_list_enrollments (self->db, &filter, 0, MAX_MATCHES,
                                                               NULL);
    }
  for (guint i = 0; self->enrollments != NULL && i < self->enrollments->len; i++)
    {
      UdInsuranceEnrollment *e = g_ptr_array_index (self->enrollments, i);
      /* Translators: an enrollment to claim on, “王强 3301**********0114 · Accident injury ·
       * 2026-01-02 – 2027-01-01” */
      g_autofree char *label = g_strdup_printf (_("%s %s · %s · %s – %s"), e->member_name,
                                                e->member_id_masked, e->plan.name,
                                                e->coverage_start, e->term_end);

      gtk_string_list_append (choices, label);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->enrollment_row), G_LIST_MODEL (choices));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->enrollment_row),
                               *text == '\0'
                               ? _("Type the member's name or the end of the ID number above")
                               : self->enrollments == NULL || self->enrollments->len == 0
                               ? _("No paid enrollment matches")
                               : _("Paid enrollments of the member; the claim is made on one of "
                                   "them"));
  fill_events (self);
}

static void
clear_errors (UdInsuranceClaimEditor *self)
{
  GtkWidget *rows[] = {
    self->member_row, self->enrollment_row, self->event_row, self->event_date_row,
    self->days_row, self->loss_row, self->payee_row, self->holder_reason_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (ud_form_has_error (rows[i]))
      ud_form_set_error (rows[i], NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

static void
field_changed_cb (UdInsuranceClaimEditor *self,
                  GtkEditable            *editable)
{
  if (GTK_WIDGET (editable) == self->member_row)
    find_enrollments (self);
  if (ud_form_has_error (GTK_WIDGET (editable)))
    ud_form_set_error (GTK_WIDGET (editable), NULL);
}

static void
selection_changed_cb (UdInsuranceClaimEditor *self,
                      GParamSpec             *pspec,
                      GtkWidget              *row)
{
  if (row == self->enrollment_row)
    fill_events (self);
  else
    update_event_fields (self);
}

static GtkWidget *
row_for_field (UdInsuranceClaimEditor *self,
               const char             *field)
{
  static const struct
  {
    const char *field;
    gsize       offset;
  } fields[] = {
    { "enrollment", G_STRUCT_OFFSET (UdInsuranceClaimEditor, enrollment_row) },
    { "event", G_STRUCT_OFFSET (UdInsuranceClaimEditor, event_row) },
    { "event_date", G_STRUCT_OFFSET (UdInsuranceClaimEditor, event_date_row) },
    { "days", G_STRUCT_OFFSET (UdInsuranceClaimEditor, days_row) },
    { "loss_fen", G_STRUCT_OFFSET (UdInsuranceClaimEditor, loss_row) },
    { "payee_name", G_STRUCT_OFFSET (UdInsuranceClaimEditor, payee_row) },
    { "holder_reason", G_STRUCT_OFFSET (UdInsuranceClaimEditor, holder_reason_row) },
  };

  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].field, field))
      return G_STRUCT_MEMBER (GtkWidget *, self, fields[i].offset);
  return NULL;
}

static void
show_error (UdInsuranceClaimEditor *self,
            const GError           *error)
{
  GtkWidget *row = row_for_field (self, ud_error_get_field (error));

  if (row != NULL && gtk_widget_get_visible (row))
    {
      ud_form_set_error (row, error->message);
      gtk_widget_grab_focus (row);
      return;
    }
  gtk_label_set_text (self->general_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
}

static char *
dup_row (GtkWidget *row)
{
  return ud_form_dup_text (GTK_EDITABLE (row));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdInsuranceClaimEditor *self = UD_INSURANCE_CLAIM_EDITOR (widget);
  const UdAccount *account = ud_form_get_account (widget);
  UdInsuranceEnrollment *e = selected_enrollment (self);
  const UdInsuranceBenefit *benefit = selected_benefit (self);
  g_autoptr(UdInsuranceClaim) claim = ud_insurance_claim_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *days = dup_row (self->days_row);
  g_autofree char *loss = dup_row (self->loss_row);
  g_autoptr(UdDatabase) db = NULL;
  GtkWindow *parent;

  clear_errors (self);
  if (e == NULL)
    {
      ud_set_field_error (&error, UD_ERROR_INVALID_FIELD, "enrollment", "%s",
                          _("Enrollment: find the member and choose the paid enrollment"));
      show_error (self, error);
      return;
    }
  if (benefit != NULL && benefit->kind == UD_INSURANCE_BENEFIT_DAILY)
    {
      char *end = NULL;
      gint64 value = g_ascii_strtoll (days, &end, 10);

      if (*days == '\0' || end == NULL || *end != '\0' || value < 1
          || value > UD_INSURANCE_MAX_DAYS)
        {
          ud_set_field_error (&error, UD_ERROR_INVALID_FIELD, "days",
                              _("Days: enter the days in hospital, 1 to %d"),
                              UD_INSURANCE_MAX_DAYS);
          show_error (self, error);
          return;
        }
      claim->days = (int) value;
    }
  if (benefit != NULL && benefit->kind == UD_INSURANCE_BENEFIT_REFUND)
    {
      if (!ud_money_parse (loss, 1, UD_MONEY_MAX_FEN, _("Loss"), &claim->loss_fen, &error))
        {
          ud_form_set_error (self->loss_row, error->message);
          return;
        }
    }

  claim->enrollment_id = e->id;
  claim->event = g_strdup (benefit != NULL ? benefit->event : NULL);
  claim->event_date = dup_row (self->event_date_row);
  claim->description = dup_row (self->description_row);
  claim->documents = dup_row (self->documents_row);
  claim->payee_name = dup_row (self->payee_row);
  claim->payee_id_number = dup_row (self->payee_id_row);
  claim->bank_name = dup_row (self->bank_row);
  claim->bank_account = dup_row (self->account_row);
  claim->bank_holder = dup_row (self->holder_row);
  claim->holder_reason = dup_row (self->holder_reason_row);

  if (!ud_insurance_store_report_claim (self->db, account, claim, &error))
    {
      show_error (self, error);
      return;
    }

  /* The window goes (and drops its database) before the claim's window opens. */
  db = g_object_ref (self->db);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
  if (parent != NULL)
    ud_insurance_claim_detail_present (GTK_WIDGET (parent), db, claim->id);
}

/* Closing with unsaved changes asks first. */

static void
discard_response_cb (AdwMessageDialog       *dialog,
                     const char             *response,
                     UdInsuranceClaimEditor *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
ud_insurance_claim_editor_close_request (GtkWindow *window)
{
  UdInsuranceClaimEditor *self = UD_INSURANCE_CLAIM_EDITOR (window);
  g_autofree char *now = NULL;
  GtkWidget *dialog;

  if (self->closing || self->snapshot == NULL)
    return FALSE;
  now = ud_form_snapshot (GTK_WIDGET (self));
  if (g_strcmp0 (now, self->snapshot) == 0)
    return FALSE;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Claim?"),
                                   _("What you typed for this claim has not been saved and will "
                                     "be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* GObject */

static void
ud_insurance_claim_editor_dispose (GObject *object)
{
  UdInsuranceClaimEditor *self = UD_INSURANCE_CLAIM_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_INSURANCE_CLAIM_EDITOR);
  g_clear_pointer (&self->enrollments, g_ptr_array_unref);
  g_clear_pointer (&self->snapshot, g_free);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_insurance_claim_editor_parent_class)->dispose (object);
}

static void
ud_insurance_claim_editor_class_init (UdInsuranceClaimEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_insurance_claim_editor_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = ud_insurance_claim_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-insurance-claim-editor.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, UdInsuranceClaimEditor, name)
  BIND (general_error);
  BIND (member_row);
  BIND (enrollment_row);
  BIND (event_row);
  BIND (event_date_row);
  BIND (days_row);
  BIND (loss_row);
  BIND (description_row);
  BIND (documents_row);
  BIND (payee_row);
  BIND (payee_id_row);
  BIND (bank_row);
  BIND (account_row);
  BIND (holder_row);
  BIND (holder_reason_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ud_insurance_claim_editor_init (UdInsuranceClaimEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

UdInsuranceClaimEditor *
ud_insurance_claim_editor_new (UdDatabase *db)
{
  UdInsuranceClaimEditor *self;
  GDate today;
  g_autofree char *today_text = NULL;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_INSURANCE_CLAIM_EDITOR, NULL);
  self->db = g_object_ref (db);
  ud_date_today (&today);
  today_text = ud_date_format (&today);
  gtk_editable_set_text (GTK_EDITABLE (self->event_date_row), today_text);
  find_enrollments (self);
  self->snapshot = ud_form_snapshot (GTK_WIDGET (self));
  return self;
}

void
ud_insurance_claim_editor_present (GtkWidget  *parent,
                                   UdDatabase *db)
{
  UdInsuranceClaimEditor *self = ud_insurance_claim_editor_new (db);

  gtk_window_set_transient_for (GTK_WINDOW (self), ud_form_get_window (parent));
  gtk_window_present (GTK_WINDOW (self));
}
