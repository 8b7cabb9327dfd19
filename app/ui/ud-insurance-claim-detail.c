/* ud-insurance-claim-detail.c — one mutual-insurance claim: its fields, the assessment line by
 * line, the history and the workflow steps
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps are the core's (ud-insurance-store.h): a reviewer marks the documents complete and
 * assesses, an approver who did not report the claim approves (which makes the payout line), a
 * reviewer or approver rejects with a reason. A step the account may not take stays visible but
 * insensitive, its tooltip naming the role (or, for approval, why another approver is needed).
 * The steps are done as the account of the main window this one belongs to. */
#define G_LOG_DOMAIN "ud-insurance-claim-detail"

#include "ud-form.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-insurance-claim-detail.h"
#include "ud-insurance-store.h"
#include "ud-mask.h"
#include "ud-money.h"

struct _UdInsuranceClaimDetail
{
  AdwWindow         parent_instance;

  UdDatabase       *db;        /* owned */
  gint64            claim_id;
  UdInsuranceClaim *claim;     /* owned: as last read */

  /* template */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  GtkLabel         *general_error;
  GtkWidget        *fields_box;
  GtkWidget        *computation_box;
  GtkWidget        *history_box;
  GtkWidget        *documents_button;
  GtkWidget        *assess_button;
  GtkWidget        *approve_button;
  GtkWidget        *reject_button;
};

G_DEFINE_FINAL_TYPE (UdInsuranceClaimDetail, ud_insurance_claim_detail, ADW_TYPE_WINDOW)

static void reload (UdInsuranceClaimDetail *self);

static void
show_error (UdInsuranceClaimDetail *self,
            const char             *message)
{
  gtk_label_set_text (self->general_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), message != NULL);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static void
add_field (GtkWidget  *group,
           const char *title,
           const char *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
fill_fields (UdInsuranceClaimDetail *self)
{
  UdInsuranceClaim *c = self->claim;
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *event = ud_insurance_event_dup_label (c->event);
  g_autofree char *shares = g_strdup_printf ("%d", c->shares);
  g_autofree char *coverage = NULL;
  g_autofree char *days = c->days > 0 ? g_strdup_printf ("%d", c->days) : NULL;
  g_autofree char *loss = c->loss_fen > 0 ? ud_money_format_yuan (c->loss_fen) : NULL;
  g_autofree char *assessed = c->assessed_date ? ud_money_format_yuan (c->assessed_fen) : NULL;
  g_autofree char *approved = ud_insurance_claim_status_is_granted (c->status)
                              ? ud_money_format_yuan (c->approved_fen) : NULL;
  g_autofree char *account = c->bank_account ? ud_mask_bank_card (c->bank_account) : NULL;
  g_autofree char *payee_id = c->payee_id_number ? ud_mask_id_number (c->payee_id_number)
                                                 : NULL;

  if (c->coverage_start != NULL)
    /* Translators: a coverage period, “2026-01-02 – 2027-01-01” */
    coverage = g_strdup_printf (_("%s – %s"), c->coverage_start, c->term_end);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Claim"));
  add_field (group, C_("claim", "Status"),
             ud_enum_label (&ud_insurance_claim_status_info, c->status));
  add_field (group, _("Status reason"), c->status_reason);
  add_field (group, _("Member"), c->member_name);
  add_field (group, _("Plan"), c->plan_name);
  add_field (group, _("Shares"), shares);
  add_field (group, _("Coverage"), coverage);
  add_field (group, _("Event"), event);
  add_field (group, _("Event date"), c->event_date);
  add_field (group, _("Days"), days);
  add_field (group, _("Loss"), loss);
  add_field (group, _("Description"), c->description);
  add_field (group, _("Documents"), c->documents);
  add_field (group, _("Payee"), c->payee_name);
  add_field (group, _("Payee's ID number"), payee_id);
  add_field (group, _("Bank"), c->bank_name);
  add_field (group, _("Bank account"), account);
  add_field (group, _("Account holder"), c->bank_holder);
  add_field (group, _("Assessed amount"), assessed);
  add_field (group, _("Approved amount"), approved);
  add_field (group, _("Reported on"), c->reported_date);
  add_field (group, _("Assessed on"), c->assessed_date);
  add_field (group, _("Approved on"), c->approved_date);
  gtk_box_append (GTK_BOX (self->fields_box), group);
}

static void
fill_computation (UdInsuranceClaimDetail *self)
{
  g_auto(GStrv) lines = ud_insurance_claim_dup_computation_lines (self->claim);
  GtkWidget *title;
  GtkWidget *card;

  if (lines == NULL)
    return;

  title = gtk_label_new (_("Computation"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (self->computation_box), title);

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (card, "card");
  for (guint i = 0; lines[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (lines[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, i == 0 ? 12 : 0);
      gtk_widget_set_margin_bottom (label, lines[i + 1] == NULL ? 12 : 0);
      if (lines[i + 1] == NULL)
        gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (card), label);
    }
  gtk_box_append (GTK_BOX (self->computation_box), card);
}

static void
fill_history (UdInsuranceClaimDetail *self)
{
  g_autoptr(GPtrArray) events = ud_insurance_store_claim_history (self->db, self->claim_id, NULL);
  GtkWidget *group;

  if (events == NULL || events->len == 0)
    return;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("History"));
  for (guint i = 0; i < events->len; i++)
    {
      UdInsuranceClaimEvent *event = g_ptr_array_index (events, i);
      g_autoptr(GString) subtitle = g_string_new (event->event_date);
      GtkWidget *row = adw_action_row_new ();
      int to = 0;

      ud_enum_from_code (&ud_insurance_claim_status_info, event->to_status, &to);
      if (event->account_name != NULL)
        g_string_append_printf (subtitle, "  %s", event->account_name);
      if (event->amount_fen >= 0)
        {
          g_autofree char *amount = ud_money_format_yuan (event->amount_fen);

          g_string_append_printf (subtitle, "  %s", amount);
        }
      if (event->reason != NULL)
        g_string_append_printf (subtitle, "  %s", event->reason);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     ud_enum_label (&ud_insurance_claim_status_info, to));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_box_append (GTK_BOX (self->history_box), group);
}

/* A step: shown when the claim's status allows it; sensitive when the account may take it. */
static void
update_step (GtkWidget       *button,
             gboolean         possible,
             gboolean         allowed,
             const char      *tooltip)
{
  gtk_widget_set_visible (button, possible);
  gtk_widget_set_sensitive (button, allowed);
  gtk_widget_set_tooltip_text (button, tooltip);
}

static void
update_steps (UdInsuranceClaimDetail *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  UdInsuranceClaimStatus status = self->claim->status;
  gboolean review = ud_guard_allows (account, UD_ACTION_REVIEW);
  g_autofree char *review_message = ud_form_guard_message (UD_ACTION_REVIEW);
  g_autofree char *approve_message = NULL;
  g_autoptr(GError) error = NULL;
  gboolean approve;

  approve = ud_guard_check_approval (self->db, account, self->claim->created_by,
                                     self->claim->last_edited_by, &error);
  approve_message = approve ? g_strdup (_("Approve the assessed amount; the payout line is made "
                                          "for the treasurer"))
                            : g_strdup (error->message);

  update_step (self->documents_button, status == UD_INSURANCE_CLAIM_REPORTED, review,
               review ? _("Every document the plan asks for was handed in") : review_message);
  update_step (self->assess_button,
               status == UD_INSURANCE_CLAIM_DOCUMENTS_COMPLETE
               || status == UD_INSURANCE_CLAIM_ASSESSED,
               review,
               review ? _("Apply the coverage dates, waiting period, shares, benefit table and "
                          "caps")
                      : review_message);
  update_step (self->approve_button, status == UD_INSURANCE_CLAIM_ASSESSED, approve,
               approve_message);
  update_step (self->reject_button,
               status == UD_INSURANCE_CLAIM_REPORTED
               || status == UD_INSURANCE_CLAIM_DOCUMENTS_COMPLETE
               || status == UD_INSURANCE_CLAIM_ASSESSED,
               review || ud_guard_allows (account, UD_ACTION_APPROVE),
               review || ud_guard_allows (account, UD_ACTION_APPROVE)
                 ? _("Reject the claim with the reason") : review_message);
}

static void
reload (UdInsuranceClaimDetail *self)
{
  g_autoptr(GError) error = NULL;
  UdInsuranceClaim *claim = ud_insurance_store_get_claim (self->db, self->claim_id, &error);
  g_autofree char *subtitle = NULL;

  if (claim == NULL)
    {
      show_error (self, error->message);
      return;
    }
  ud_insurance_claim_free (self->claim);
  self->claim = claim;

  adw_window_title_set_title (self->window_title, claim->number);
  /* Translators: the claim window's subtitle, “王强 · Accident injury” */
  subtitle = g_strdup_printf (_("%s · %s"), claim->member_name, claim->plan_name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), claim->number);

  clear_box (self->fields_box);
  clear_box (self->computation_box);
  clear_box (self->history_box);
  fill_fields (self);
  fill_computation (self);
  fill_history (self);
  update_steps (self);
}

/* Steps */

static void
step_done (UdInsuranceClaimDetail *self,
           gboolean                ok,
           GError                 *error,
           const char             *message)
{
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  reload (self);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
approve_response_cb (AdwMessageDialog       *dialog,
                     const char             *response,
                     UdInsuranceClaimDetail *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!g_str_equal (response, "approve"))
    return;
  ok = ud_insurance_store_approve (self->db, account, self->claim_id, NULL, &error);
  step_done (self, ok, error, _("Claim approved; the payout waits for the treasurer"));
}

static void
reject_response_cb (AdwMessageDialog       *dialog,
                    const char             *response,
                    UdInsuranceClaimDetail *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!g_str_equal (response, "reject"))
    return;
  ok = ud_insurance_store_reject (self->db, account, self->claim_id,
                                  gtk_editable_get_text (entry), &error);
  step_done (self, ok, error, _("Claim rejected"));
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = ud_form_dup_text (entry);

  adw_message_dialog_set_response_enabled (dialog, "reject", *text != '\0');
}

static void
step_clicked_cb (GtkWidget              *button,
                 UdInsuranceClaimDetail *self)
{
  const char *name = gtk_widget_get_name (button);
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (self->claim == NULL)
    return;
  show_error (self, NULL);

  if (g_str_equal (name, "claim.documents"))
    step_done (self, ud_insurance_store_documents_complete (self->db, account, self->claim_id,
                                                             NULL, &error),
               error, _("Documents marked complete"));
  else if (g_str_equal (name, "claim.assess"))
    step_done (self, ud_insurance_store_assess (self->db, account, self->claim_id, &error),
               error, _("Claim assessed"));
  else if (g_str_equal (name, "claim.approve"))
    {
      g_autofree char *amount = ud_money_format_yuan (self->claim->assessed_fen);
      g_autofree char *body = NULL;

      /* Translators: the approval's confirmation, “Pay ¥4,500.00 to 王强 …” */
      body = g_strdup_printf (_("Pay %s to %s from the mutual-insurance fund. The payout line "
                                "goes to the treasurer; the amount cannot be changed later."),
                              amount, self->claim->payee_name ? self->claim->payee_name : "");
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Approve the Claim?"), body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "approve", _("A_pprove"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "approve",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (approve_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (g_str_equal (name, "claim.reject"))
    {
      GtkWidget *entry = gtk_entry_new ();

      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reject the Claim?"),
                                       _("The reason is kept in the claim's history and shown "
                                         "to the member's union."));
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Reason for the rejection"), -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "reject", _("_Reject"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", FALSE);
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
      g_signal_connect_object (dialog, "response", G_CALLBACK (reject_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
database_changed_cb (UdInsuranceClaimDetail *self,
                     const char             *entity)
{
  if (entity == NULL || g_str_equal (entity, "insurance_claim") || g_str_equal (entity, "payout"))
    reload (self);
}

/* GObject */

static void
ud_insurance_claim_detail_dispose (GObject *object)
{
  UdInsuranceClaimDetail *self = UD_INSURANCE_CLAIM_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_INSURANCE_CLAIM_DETAIL);
  g_clear_pointer (&self->claim, ud_insurance_claim_free);
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_insurance_claim_detail_parent_class)->dispose (object);
}

static void
ud_insurance_claim_detail_class_init (UdInsuranceClaimDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_insurance_claim_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-insurance-claim-detail.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, UdInsuranceClaimDetail, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (general_error);
  BIND (fields_box);
  BIND (computation_box);
  BIND (history_box);
  BIND (documents_button);
  BIND (assess_button);
  BIND (approve_button);
  BIND (reject_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, step_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ud_insurance_claim_detail_init (UdInsuranceClaimDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

UdInsuranceClaimDetail *
ud_insurance_claim_detail_new (UdDatabase  *db,
                               gint64       claim_id,
                               GError     **error)
{
  g_autoptr(UdInsuranceClaim) claim = NULL;
  UdInsuranceClaimDetail *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  claim = ud_insurance_store_get_claim (db, claim_id, error);
  if (claim == NULL)
    return NULL;

  self = g_object_new (UD_TYPE_INSURANCE_CLAIM_DETAIL, NULL);
  self->db = g_object_ref (db);
  self->claim_id = claim_id;
  g_signal_connect_object (db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

gint64
ud_insurance_claim_detail_get_claim_id (UdInsuranceClaimDetail *self)
{
  g_return_val_if_fail (UD_IS_INSURANCE_CLAIM_DETAIL (self), 0);

  return self->claim_id;
}

GtkWidget *
ud_insurance_claim_detail_get_computation_group (UdInsuranceClaimDetail *self)
{
  g_return_val_if_fail (UD_IS_INSURANCE_CLAIM_DETAIL (self), NULL);

  return self->computation_box;
}

GtkWidget *
ud_insurance_claim_detail_get_step_button (UdInsuranceClaimDetail *self,
                                           const char             *name)
{
  GtkWidget *buttons[4];

  g_return_val_if_fail (UD_IS_INSURANCE_CLAIM_DETAIL (self), NULL);

  buttons[0] = self->documents_button;
  buttons[1] = self->assess_button;
  buttons[2] = self->approve_button;
  buttons[3] = self->reject_button;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (g_strcmp0 (gtk_widget_get_name (buttons[i]), name) == 0)
      return buttons[i];
  return NULL;
}

void
ud_insurance_claim_detail_present (GtkWidget  *parent,
                                   UdDatabase *db,
                                   gint64      claim_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GtkWindow *window = ud_form_get_window (parent);
  UdInsuranceClaimDetail *self;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (UD_IS_INSURANCE_CLAIM_DETAIL (l->data)
        && UD_INSURANCE_CLAIM_DETAIL (l->data)->claim_id == claim_id
        && UD_INSURANCE_CLAIM_DETAIL (l->data)->db == db)
      {
        gtk_window_present (l->data);
        return;
      }

  self = ud_insurance_claim_detail_new (db, claim_id, &error);
  if (self == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("The Claim Cannot Be Opened"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* Transient for the main window: the steps are done as its account. */
  gtk_window_set_transient_for (GTK_WINDOW (self), window);
  reload (self);
  gtk_window_present (GTK_WINDOW (self));
}
