/* ud-status-dialog.c — asking for the date and reason of a member's status change
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-status-dialog"

#include <string.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-status-dialog.h"

struct _UdStatusDialog
{
  AdwWindow          parent_instance;

  UdDatabase        *db;           /* owned */
  UdMember          *member;       /* owned: a copy */
  UdMemberEventKind  event;
  GListModel        *org_model;    /* owned: transfer targets */

  /* template */
  AdwWindowTitle    *window_title;
  GtkButton         *apply_button;
  GtkLabel          *explanation;
  GtkLabel          *general_error;
  AdwComboRow       *to_org_row;
  AdwEntryRow       *date_row;
  AdwEntryRow       *reason_row;
};

G_DEFINE_FINAL_TYPE (UdStatusDialog, ud_status_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
ud_status_dialog_event_verb (UdMemberEventKind event)
{
  switch (event)
    {
    case UD_MEMBER_EVENT_ACTIVATE:
      return _("Confirm Membership…");
    case UD_MEMBER_EVENT_TRANSFER_OUT:
      return _("Transfer to Another Union…");
    case UD_MEMBER_EVENT_TRANSFER_IN:
      return _("Receive Transfer…");
    case UD_MEMBER_EVENT_TRANSFER_CANCEL:
      return _("Cancel Transfer…");
    case UD_MEMBER_EVENT_RETAIN:
      return _("Retain Membership…");
    case UD_MEMBER_EVENT_LAPSE:
      return _("Mark Membership as Lapsed…");
    case UD_MEMBER_EVENT_WITHDRAW:
      return _("Record Withdrawal…");
    case UD_MEMBER_EVENT_EXPEL:
      return _("Expel…");
    case UD_MEMBER_EVENT_DECEASE:
      return _("Record Death…");
    case UD_MEMBER_EVENT_REINSTATE:
      return _("Reinstate Membership…");
    case UD_MEMBER_EVENT_JOIN:
    case UD_MEMBER_EVENT_CORRECT:
    default:
      return ud_enum_label (&ud_member_event_kind_info, event);
    }
}

static const char *
event_button_label (UdMemberEventKind event)
{
  switch (event)
    {
    case UD_MEMBER_EVENT_ACTIVATE:
      return _("_Confirm");
    case UD_MEMBER_EVENT_TRANSFER_OUT:
      return _("_Transfer");
    case UD_MEMBER_EVENT_TRANSFER_IN:
      return _("_Receive");
    case UD_MEMBER_EVENT_TRANSFER_CANCEL:
      return _("Cancel _Transfer");
    case UD_MEMBER_EVENT_RETAIN:
      return _("_Retain");
    case UD_MEMBER_EVENT_LAPSE:
      return _("Mark as _Lapsed");
    case UD_MEMBER_EVENT_WITHDRAW:
      return _("Record _Withdrawal");
    case UD_MEMBER_EVENT_EXPEL:
      return _("_Expel");
    case UD_MEMBER_EVENT_DECEASE:
      return _("_Record");
    case UD_MEMBER_EVENT_REINSTATE:
      return _("_Reinstate");
    case UD_MEMBER_EVENT_JOIN:
    case UD_MEMBER_EVENT_CORRECT:
    default:
      return _("_Apply");
    }
}

gboolean
ud_status_dialog_event_needs_reason (UdMemberEventKind event)
{
  return event == UD_MEMBER_EVENT_EXPEL || event == UD_MEMBER_EVENT_LAPSE
         || event == UD_MEMBER_EVENT_WITHDRAW || event == UD_MEMBER_EVENT_TRANSFER_CANCEL;
}

static char *
explain (const UdMember    *member,
         UdMemberEventKind  event)
{
  const char *name = member->name;
  const char *org = member->org_name ? member->org_name : "";
  const char *target = member->transfer_org_name ? member->transfer_org_name : "";

  switch (event)
    {
    case UD_MEMBER_EVENT_ACTIVATE:
      return g_strdup_printf (_("%s’s application will be confirmed and the membership becomes "
                                "active."), name);
    case UD_MEMBER_EVENT_TRANSFER_OUT:
      return g_strdup_printf (_("%s will be transferred out of %s. The transfer is complete when "
                                "the receiving union confirms it."), name, org);
    case UD_MEMBER_EVENT_TRANSFER_IN:
      return g_strdup_printf (_("%s’s transfer to %s will be completed; the member then belongs "
                                "to that union."), name, target);
    case UD_MEMBER_EVENT_TRANSFER_CANCEL:
      return g_strdup_printf (_("%s’s transfer to %s will be cancelled; the member stays in %s."),
                              name, target, org);
    case UD_MEMBER_EVENT_RETAIN:
      return g_strdup_printf (_("%s’s membership will be retained (for example while out of "
                                "work); it can be reinstated later."), name);
    case UD_MEMBER_EVENT_LAPSE:
      return g_strdup_printf (_("%s’s membership will be marked as lapsed."), name);
    case UD_MEMBER_EVENT_WITHDRAW:
      return g_strdup_printf (_("%s will be recorded as having withdrawn from the union."), name);
    case UD_MEMBER_EVENT_EXPEL:
      return g_strdup_printf (_("%s will be expelled from the union. This is kept in the member’s "
                                "history."), name);
    case UD_MEMBER_EVENT_DECEASE:
      return g_strdup_printf (_("%s will be recorded as deceased."), name);
    case UD_MEMBER_EVENT_REINSTATE:
      return g_strdup_printf (_("%s’s membership will be reinstated and become active again."),
                              name);
    case UD_MEMBER_EVENT_JOIN:
    case UD_MEMBER_EVENT_CORRECT:
    default:
      return g_strdup (name);
    }
}

static void
show_general_error (UdStatusDialog *self,
                    const char     *message)
{
  gtk_label_set_text (self->general_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), message != NULL && *message != '\0');
}

static gboolean
check_date (UdStatusDialog *self,
            gboolean        complete)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->date_row));
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;
  GDate date;

  ud_date_today (&today);
  if (*text == '\0')
    {
      if (complete)
        message = g_strdup (_("Date: enter the date of the change"));
    }
  else if (!ud_date_parse (text, _("Date"), &date, &error))
    {
      if (complete || strlen (text) >= 8)
        message = g_strdup (error->message);
    }
  else if (g_date_compare (&date, &today) > 0)
    message = g_strdup_printf (_("Date: %s is in the future"), text);

  ud_form_set_error (GTK_WIDGET (self->date_row), message);
  return message == NULL;
}

static gboolean
check_reason (UdStatusDialog *self,
              gboolean        complete)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->reason_row));
  const char *message = NULL;

  if (complete && *text == '\0' && ud_status_dialog_event_needs_reason (self->event))
    message = _("Reason: enter why (it is kept in the member’s history)");

  ud_form_set_error (GTK_WIDGET (self->reason_row), message);
  return message == NULL;
}

static void
on_date_changed (UdStatusDialog *self)
{
  check_date (self, FALSE);
}

static void
on_reason_changed (UdStatusDialog *self)
{
  if (ud_form_has_error (GTK_WIDGET (self->reason_row)))
    check_reason (self, TRUE);
}

static GtkWidget *
row_for_field (UdStatusDialog *self,
               const char     *field)
{
  if (g_strcmp0 (field, "event_date") == 0)
    return GTK_WIDGET (self->date_row);
  if (g_strcmp0 (field, "reason") == 0)
    return GTK_WIDGET (self->reason_row);
  if (g_strcmp0 (field, "to_org") == 0)
    return GTK_WIDGET (self->to_org_row);
  return NULL;
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  UdStatusDialog *self = UD_STATUS_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *reason = NULL;
  gint64 to_org_id = 0;
  GtkWidget *row;
  gboolean date_ok;
  gboolean reason_ok;

  show_general_error (self, NULL);
  date_ok = check_date (self, TRUE);
  reason_ok = check_reason (self, TRUE);
  if (!date_ok || !reason_ok)
    {
      gtk_widget_grab_focus (GTK_WIDGET (date_ok ? self->reason_row : self->date_row));
      return;
    }

  if (self->event == UD_MEMBER_EVENT_TRANSFER_OUT)
    {
      to_org_id = ud_form_org_model_get_id (self->org_model,
                                            adw_combo_row_get_selected (self->to_org_row));
      if (to_org_id <= 0)
        {
          ud_form_set_error (GTK_WIDGET (self->to_org_row),
                             _("Transfer to: choose the union the member moves to"));
          return;
        }
    }

  date = ud_form_dup_text (GTK_EDITABLE (self->date_row));
  reason = ud_form_dup_text (GTK_EDITABLE (self->reason_row));
  if (!ud_member_store_change_status (self->db, ud_form_get_account (GTK_WIDGET (self)),
                                      self->member->id, self->event, date, reason,
                                      to_org_id, &error))
    {
      if ((row = row_for_field (self, ud_error_get_field (error))) != NULL)
        {
          ud_form_set_error (row, error->message);
          gtk_widget_grab_focus (row);
        }
      else
        show_general_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_APPLIED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

UdStatusDialog *
ud_status_dialog_new (UdDatabase        *db,
                      const UdMember    *member,
                      UdMemberEventKind  event)
{
  UdStatusDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *today = NULL;
  GDate date;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (member != NULL, NULL);

  self = g_object_new (UD_TYPE_STATUS_DIALOG, NULL);
  self->db = g_object_ref (db);
  self->member = ud_member_copy (member);
  self->event = event;

  /* The menu item's words without its "…". */
  title = g_strdup (ud_status_dialog_event_verb (event));
  if (g_str_has_suffix (title, "…"))
    title[strlen (title) - strlen ("…")] = '\0';
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, member->name);
  gtk_button_set_label (self->apply_button, event_button_label (event));
  gtk_widget_add_css_class (GTK_WIDGET (self->apply_button),
                            event == UD_MEMBER_EVENT_EXPEL ? "destructive-action"
                                                           : "suggested-action");
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->apply_button));

  text = explain (member, event);
  gtk_label_set_text (self->explanation, text);

  ud_date_today (&date);
  today = ud_date_format (&date);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row),
                                 ud_status_dialog_event_needs_reason (event)
                                   ? _("Reason (required)")
                                   : _("Reason (optional)"));

  if (event == UD_MEMBER_EVENT_TRANSFER_OUT)
    {
      g_autoptr(GPtrArray) orgs = ud_org_list (db, NULL);

      self->org_model = ud_form_org_model_new (orgs, member->org_id);
      ud_form_setup_org_combo (self->to_org_row);
      adw_combo_row_set_model (self->to_org_row, self->org_model);
      gtk_widget_set_visible (GTK_WIDGET (self->to_org_row), TRUE);
    }

  return self;
}

static void
ud_status_dialog_dispose (GObject *object)
{
  UdStatusDialog *self = UD_STATUS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_STATUS_DIALOG);
  g_clear_object (&self->org_model);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_status_dialog_parent_class)->dispose (object);
}

static void
ud_status_dialog_finalize (GObject *object)
{
  UdStatusDialog *self = UD_STATUS_DIALOG (object);

  g_clear_pointer (&self->member, ud_member_free);

  G_OBJECT_CLASS (ud_status_dialog_parent_class)->finalize (object);
}

static void
ud_status_dialog_class_init (UdStatusDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_status_dialog_dispose;
  object_class->finalize = ud_status_dialog_finalize;

  /* Emitted after the change was saved, just before the dialog closes. */
  signals[SIGNAL_APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-status-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UdStatusDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdStatusDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, UdStatusDialog, explanation);
  gtk_widget_class_bind_template_child (widget_class, UdStatusDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, UdStatusDialog, to_org_row);
  gtk_widget_class_bind_template_child (widget_class, UdStatusDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, UdStatusDialog, reason_row);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed);

  gtk_widget_class_install_action (widget_class, "status.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "status.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "status.cancel", NULL);
}

static void
ud_status_dialog_init (UdStatusDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
