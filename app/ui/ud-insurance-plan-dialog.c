/* ud-insurance-plan-dialog.c — a mutual-insurance plan as the administrator edits it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every field of the plan: term, price, maximum shares, age window, waiting period, maximum days
 * of the daily allowance, the caps, whether it takes new enrollments, and the benefit table row
 * by row (event code, amount per share, kind). Only the administrator saves (the button says so
 * to anyone else); the core validates and names the field it refuses. */
#define G_LOG_DOMAIN "ud-insurance-plan-dialog"

#include <string.h>

#include "ud-error.h"
#include "ud-form.h"
#include "ud-guard.h"
#include "ud-i18n.h"
#include "ud-insurance-plan-dialog.h"
#include "ud-insurance-store.h"
#include "ud-money.h"

struct _UdInsurancePlanDialog
{
  AdwWindow              parent_instance;

  UdDatabase            *db;        /* owned */
  UdInsurancePlanRecord *record;    /* owned: as read */
  char                  *snapshot;  /* owned */
  gboolean               closing;

  /* template */
  GtkLabel              *general_error;
  GtkWidget             *save_button;
  GtkWidget             *name_row;
  GtkWidget             *term_row;
  GtkSpinButton         *term_spin;
  GtkWidget             *price_row;
  GtkWidget             *max_shares_row;
  GtkSpinButton         *max_shares_spin;
  GtkWidget             *min_age_row;
  GtkSpinButton         *min_age_spin;
  GtkWidget             *max_age_row;
  GtkSpinButton         *max_age_spin;
  GtkWidget             *waiting_row;
  GtkSpinButton         *waiting_spin;
  GtkWidget             *max_days_row;
  GtkSpinButton         *max_days_spin;
  GtkWidget             *event_cap_row;
  GtkWidget             *term_cap_row;
  GtkSwitch             *active_switch;
  GtkListBox            *benefits_list;
};

G_DEFINE_FINAL_TYPE (UdInsurancePlanDialog, ud_insurance_plan_dialog, ADW_TYPE_WINDOW)

static const char *const benefit_kinds[] = { N_("Lump sum"), N_("Per day"), N_("Refund") };

/* Benefit rows: an entry for the event code, one for the amount, a drop-down for the kind and
 * a remove button, in a GtkListBoxRow. */

static void
remove_clicked_cb (GtkWidget *button,
                   GtkWidget *row)
{
  GtkWidget *list = gtk_widget_get_parent (row);

  gtk_list_box_remove (GTK_LIST_BOX (list), row);
}

static void
add_benefit_row (UdInsurancePlanDialog    *self,
                 const UdInsuranceBenefit *benefit)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *event = gtk_entry_new ();
  GtkWidget *amount = gtk_entry_new ();
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *kind;
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *label = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (benefit_kinds); i++)
    gtk_string_list_append (kinds, _(benefit_kinds[i]));
  kind = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_hexpand (event, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (event), _("Event code (grade_3, death …)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (event), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Event code"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (amount), _("Amount per share"));
  gtk_editable_set_width_chars (GTK_EDITABLE (amount), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (amount), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Amount per share (yuan)"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (kind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kind of benefit"), -1);
  gtk_widget_set_tooltip_text (remove, _("Remove this row"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this row"), -1);
  gtk_widget_add_css_class (remove, "flat");

  if (benefit != NULL)
    {
      g_autofree char *text = ud_money_format (benefit->amount_per_share_fen);

      gtk_editable_set_text (GTK_EDITABLE (event), benefit->event);
      gtk_editable_set_text (GTK_EDITABLE (amount), text);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), benefit->kind);
      label = ud_insurance_event_dup_label (benefit->event);
      gtk_widget_set_tooltip_text (event, label);
    }

  gtk_box_append (GTK_BOX (box), event);
  gtk_box_append (GTK_BOX (box), amount);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), row);
  gtk_list_box_append (self->benefits_list, row);
}

static void
add_benefit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  add_benefit_row (UD_INSURANCE_PLAN_DIALOG (widget), NULL);
}

static void
set_money (GtkWidget *row,
           gint64     fen)
{
  g_autofree char *text = ud_money_format (fen);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
load (UdInsurancePlanDialog *self)
{
  const UdInsurancePlan *plan = &self->record->plan;

  gtk_window_set_title (GTK_WINDOW (self), plan->name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), plan->name);
  gtk_spin_button_set_value (self->term_spin, plan->term_years);
  set_money (self->price_row, plan->price_per_share_fen);
  gtk_spin_button_set_value (self->max_shares_spin, plan->max_shares);
  gtk_spin_button_set_value (self->min_age_spin, plan->min_age);
  gtk_spin_button_set_value (self->max_age_spin, plan->max_age);
  gtk_spin_button_set_value (self->waiting_spin, plan->waiting_days);
  gtk_spin_button_set_value (self->max_days_spin, plan->max_days);
  set_money (self->event_cap_row, plan->per_event_cap_fen);
  set_money (self->term_cap_row, plan->per_term_cap_fen);
  gtk_switch_set_active (self->active_switch, self->record->active);
  for (guint i = 0; i < plan->n_benefits; i++)
    add_benefit_row (self, &plan->benefits[i]);
}

static GtkWidget *
row_for_field (UdInsurancePlanDialog *self,
               const char            *field)
{
  const struct
  {
    const char *field;
    GtkWidget  *row;
  } rows[] = {
    { "name", self->name_row },
    { "term_years", self->term_row },
    { "price_per_share_fen", self->price_row },
    { "max_shares", self->max_shares_row },
    { "min_age", self->min_age_row },
    { "max_age", self->max_age_row },
    { "waiting_days", self->waiting_row },
    { "max_days", self->max_days_row },
    { "per_event_cap_fen", self->event_cap_row },
    { "per_term_cap_fen", self->term_cap_row },
  };

  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].field, field))
      return rows[i].row;
  return NULL;
}

static void
clear_errors (UdInsurancePlanDialog *self)
{
  static const char *const fields[] = {
    "name", "term_years", "price_per_share_fen", "max_shares", "min_age", "max_age",
    "waiting_days", "max_days", "per_event_cap_fen", "per_term_cap_fen",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = row_for_field (self, fields[i]);

      if (ud_form_has_error (row))
        ud_form_set_error (row, NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

static void
show_error (UdInsurancePlanDialog *self,
            const GError          *error)
{
  GtkWidget *row = row_for_field (self, ud_error_get_field (error));

  if (row != NULL)
    {
      ud_form_set_error (row, error->message);
      return;
    }
  gtk_label_set_text (self->general_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
}

static gboolean
read_money (UdInsurancePlanDialog  *self,
            GtkWidget              *row,
            const char             *field,
            gint64                 *out,
            GError                **error)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (row));
  const char *label = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_autoptr(GError) local_error = NULL;

  if (!ud_money_parse (text, 0, UD_MONEY_MAX_FEN, label, out, &local_error))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_MONEY, field, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_plan (UdInsurancePlanDialog  *self,
           UdInsurancePlan        *plan,
           GError                **error)
{
  g_autofree char *name = ud_form_dup_text (GTK_EDITABLE (self->name_row));
  guint n = 0;

  *plan = self->record->plan;
  if (strlen (name) >= sizeof plan->name)
    {
      ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "name", "%s", _("Name: too long"));
      return FALSE;
    }
  g_strlcpy (plan->name, name, sizeof plan->name);
  plan->term_years = gtk_spin_button_get_value_as_int (self->term_spin);
  plan->max_shares = gtk_spin_button_get_value_as_int (self->max_shares_spin);
  plan->min_age = gtk_spin_button_get_value_as_int (self->min_age_spin);
  plan->max_age = gtk_spin_button_get_value_as_int (self->max_age_spin);
  plan->waiting_days = gtk_spin_button_get_value_as_int (self->waiting_spin);
  plan->max_days = gtk_spin_button_get_value_as_int (self->max_days_spin);
  if (!read_money (self, self->price_row, "price_per_share_fen", &plan->price_per_share_fen,
                   error)
      || !read_money (self, self->event_cap_row, "per_event_cap_fen", &plan->per_event_cap_fen,
                      error)
      || !read_money (self, self->term_cap_row, "per_term_cap_fen", &plan->per_term_cap_fen,
                      error))
    return FALSE;

  memset (plan->benefits, 0, sizeof plan->benefits);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->benefits_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *event = gtk_widget_get_first_child (box);
      GtkWidget *amount = gtk_widget_get_next_sibling (event);
      GtkWidget *kind = gtk_widget_get_next_sibling (amount);
      g_autofree char *event_text = ud_form_dup_text (GTK_EDITABLE (event));
      g_autofree char *amount_text = ud_form_dup_text (GTK_EDITABLE (amount));
      g_autoptr(GError) local_error = NULL;
      UdInsuranceBenefit *benefit;

      if (n >= UD_INSURANCE_MAX_BENEFITS || strlen (event_text) >= sizeof benefit->event)
        {
          ud_set_field_error (error, UD_ERROR_INVALID_FIELD, "benefits",
                              _("Benefits: at most %d rows, event codes of at most %d "
                                "characters"),
                              UD_INSURANCE_MAX_BENEFITS, (int) sizeof benefit->event - 1);
          return FALSE;
        }
      benefit = &plan->benefits[n];
      g_strlcpy (benefit->event, event_text, sizeof benefit->event);
      if (!ud_money_parse (amount_text, 0, UD_MONEY_MAX_FEN, _("Benefits"),
                           &benefit->amount_per_share_fen, &local_error))
        {
          /* Translators: a benefit row's bad amount, “Benefits: row 3: …” */
          ud_set_field_error (error, UD_ERROR_INVALID_MONEY, "benefits", _("Row %u: %s"),
                              n + 1, local_error->message);
          return FALSE;
        }
      benefit->kind = (UdInsuranceBenefitKind) gtk_drop_down_get_selected (GTK_DROP_DOWN (kind));
      n++;
    }
  plan->n_benefits = n;
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdInsurancePlanDialog *self = UD_INSURANCE_PLAN_DIALOG (widget);
  const UdAccount *account = ud_form_get_account (widget);
  g_autoptr(GError) error = NULL;
  UdInsurancePlan plan;

  clear_errors (self);
  if (!read_plan (self, &plan, &error)
      || !ud_insurance_store_update_plan (self->db, account, &plan,
                                          gtk_switch_get_active (self->active_switch),
                                          self->record->version, &error))
    {
      show_error (self, error);
      return;
    }
  ud_form_add_toast (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))),
                     _("Plan saved; new enrollments take it"));
  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
discard_response_cb (AdwMessageDialog      *dialog,
                     const char            *response,
                     UdInsurancePlanDialog *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
ud_insurance_plan_dialog_close_request (GtkWindow *window)
{
  UdInsurancePlanDialog *self = UD_INSURANCE_PLAN_DIALOG (window);
  g_autofree char *now = NULL;
  GtkWidget *dialog;

  if (self->closing || self->snapshot == NULL)
    return FALSE;
  now = ud_form_snapshot (GTK_WIDGET (self));
  if (g_strcmp0 (now, self->snapshot) == 0)
    return FALSE;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Changes?"),
                                   _("The changes to this plan have not been saved and will be "
                                     "lost."));
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

static void
ud_insurance_plan_dialog_dispose (GObject *object)
{
  UdInsurancePlanDialog *self = UD_INSURANCE_PLAN_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_INSURANCE_PLAN_DIALOG);
  g_clear_pointer (&self->record, ud_insurance_plan_record_free);
  g_clear_pointer (&self->snapshot, g_free);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_insurance_plan_dialog_parent_class)->dispose (object);
}

static void
ud_insurance_plan_dialog_class_init (UdInsurancePlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_insurance_plan_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = ud_insurance_plan_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-insurance-plan-dialog.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, UdInsurancePlanDialog, name)
  BIND (general_error);
  BIND (save_button);
  BIND (name_row);
  BIND (term_row);
  BIND (term_spin);
  BIND (price_row);
  BIND (max_shares_row);
  BIND (max_shares_spin);
  BIND (min_age_row);
  BIND (min_age_spin);
  BIND (max_age_row);
  BIND (max_age_spin);
  BIND (waiting_row);
  BIND (waiting_spin);
  BIND (max_days_row);
  BIND (max_days_spin);
  BIND (event_cap_row);
  BIND (term_cap_row);
  BIND (active_switch);
  BIND (benefits_list);
#undef BIND

  gtk_widget_class_install_action (widget_class, "plan.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "plan.add-benefit", NULL, add_benefit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "plan.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ud_insurance_plan_dialog_init (UdInsurancePlanDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

UdInsurancePlanDialog *
ud_insurance_plan_dialog_new (UdDatabase           *db,
                              UdInsurancePlanKind   kind,
                              GError              **error)
{
  UdInsurancePlanRecord *record;
  UdInsurancePlanDialog *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  record = ud_insurance_store_get_plan (db, kind, error);
  if (record == NULL)
    return NULL;
  self = g_object_new (UD_TYPE_INSURANCE_PLAN_DIALOG, NULL);
  self->db = g_object_ref (db);
  self->record = record;
  load (self);
  self->snapshot = ud_form_snapshot (GTK_WIDGET (self));
  return self;
}

void
ud_insurance_plan_dialog_present (GtkWidget           *parent,
                                  UdDatabase          *db,
                                  UdInsurancePlanKind  kind)
{
  g_autoptr(GError) error = NULL;
  UdInsurancePlanDialog *self = ud_insurance_plan_dialog_new (db, kind, &error);
  GtkWindow *window = ud_form_get_window (parent);

  if (self == NULL)
    {
      ud_form_add_toast (parent, error->message);
      return;
    }
  gtk_window_set_transient_for (GTK_WINDOW (self), window);
  /* Everybody may read the plan; only the administrator saves it. */
  gtk_widget_set_tooltip_text (self->save_button, _("Save the plan (Ctrl+S)"));
  if (!ud_form_guard (self->save_button, ud_form_get_account (parent), UD_ACTION_POLICY_WRITE))
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.save", FALSE);
  gtk_window_present (GTK_WINDOW (self));
}
