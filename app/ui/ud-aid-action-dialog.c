/* ud-aid-action-dialog.c — one workflow step of an aid application that asks for an opinion,
 * an amount or a reason
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The step shows only the rows it needs. Confirming runs it in the store; the core decides
 * (roles, status, never approving one's own application, never more than the computed amount,
 * reasons) and its refusal is shown under the field it names or above the fields, with what was
 * typed kept. */
#define G_LOG_DOMAIN "ud-aid-action-dialog"

#include "ud-aid-action-dialog.h"
#include "ud-aid-store.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-money.h"

struct _UdAidActionDialog
{
  AdwWindow         parent_instance;

  UdDatabase       *db;    /* owned */
  UdAidApplication *app;   /* owned: a copy */
  UdAidStep         step;

  /* template */
  AdwWindowTitle   *window_title;
  GtkButton        *confirm_button;
  GtkLabel         *body_label;
  GtkLabel         *general_error;
  AdwEntryRow      *amount_row;
  AdwEntryRow      *reason_row;
  AdwEntryRow      *opinion_row;
};

G_DEFINE_FINAL_TYPE (UdAidActionDialog, ud_aid_action_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_general_error (UdAidActionDialog *self,
                    const char        *message)
{
  gtk_label_set_text (self->general_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), message != NULL && *message != '\0');
}

static void
on_row_changed (GtkWidget         *row,
                UdAidActionDialog *self)
{
  ud_form_set_error (row, NULL);
}

static GtkWidget *
row_for_field (UdAidActionDialog *self,
               const char        *field)
{
  if (g_strcmp0 (field, "reason") == 0)
    return GTK_WIDGET (self->reason_row);
  if (g_strcmp0 (field, "approved_fen") == 0)
    return GTK_WIDGET (self->amount_row);
  return NULL;
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  UdAidActionDialog *self = UD_AID_ACTION_DIALOG (widget);
  const UdAccount *account = ud_form_get_account (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = ud_form_dup_text (GTK_EDITABLE (self->reason_row));
  g_autofree char *opinion = ud_form_dup_text (GTK_EDITABLE (self->opinion_row));
  g_autofree char *amount_text = ud_form_dup_text (GTK_EDITABLE (self->amount_row));
  gint64 id = self->app->id;
  GtkWidget *row;
  gboolean ok = FALSE;

  show_general_error (self, NULL);

  switch (self->step)
    {
    case UD_AID_STEP_REVIEW:
      ok = ud_aid_store_review (self->db, account, id, *opinion ? opinion : NULL, &error);
      break;
    case UD_AID_STEP_APPROVE:
      {
        gint64 amount = -1;

        if (*amount_text != '\0'
            && !ud_money_parse (amount_text, 0, UD_MONEY_MAX_FEN, _("Approved amount"), &amount,
                                &error))
          {
            ud_form_set_error (GTK_WIDGET (self->amount_row), error->message);
            return;
          }
        if (amount == self->app->approved_fen)
          amount = -1;
        ok = ud_aid_store_approve (self->db, account, id, amount, *reason ? reason : NULL,
                                   &error);
      }
      break;
    case UD_AID_STEP_RETURN:
      ok = ud_aid_store_return (self->db, account, id, reason, &error);
      break;
    case UD_AID_STEP_REJECT:
      ok = ud_aid_store_reject (self->db, account, id, reason, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      row = row_for_field (self, ud_error_get_field (error));
      if (row != NULL && gtk_widget_get_visible (row))
        {
          ud_form_set_error (row, error->message);
          gtk_widget_grab_focus (row);
        }
      else
        show_general_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_DONE], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
setup (UdAidActionDialog *self)
{
  g_autofree char *body = NULL;
  g_autofree char *recommended = ud_money_format_yuan (self->app->approved_fen);
  const char *title = NULL;
  const char *confirm = NULL;

  switch (self->step)
    {
    case UD_AID_STEP_REVIEW:
      title = _("Review the Application");
      confirm = _("_Review");
      body = g_strdup (_("The rules compute the amount with the policy in force on the "
                         "application’s date; it becomes the recommendation for the approver."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->opinion_row),
                                     _("Review opinion (optional)"));
      gtk_widget_set_visible (GTK_WIDGET (self->opinion_row), TRUE);
      break;

    case UD_AID_STEP_APPROVE:
      title = _("Approve the Application");
      confirm = _("_Approve");
      /* Translators: %s is an amount, "¥1,250.00" */
      body = g_strdup_printf (_("The recommendation is %s. Approve it, or enter a lower amount "
                                "and say why; more than the computed amount is never approved."),
                              recommended);
      gtk_editable_set_text (GTK_EDITABLE (self->amount_row), recommended);
      gtk_widget_set_visible (GTK_WIDGET (self->amount_row), TRUE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row),
                                     _("Reason (only for a lower amount)"));
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), TRUE);
      break;

    case UD_AID_STEP_RETURN:
      title = _("Return to the Clerk");
      confirm = _("_Return");
      body = g_strdup (_("The clerk corrects the application and submits it again; the "
                         "computation is cleared. Say what needs correcting."));
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), TRUE);
      break;

    case UD_AID_STEP_REJECT:
      title = _("Reject the Application");
      confirm = C_("aid step", "Re_ject");
      body = g_strdup (_("Nothing is granted on this application. Say why."));
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, self->app->number);
  gtk_button_set_label (self->confirm_button, confirm);
  gtk_label_set_text (self->body_label, body);
}

UdAidActionDialog *
ud_aid_action_dialog_new (UdDatabase             *db,
                          const UdAidApplication *app,
                          UdAidStep               step)
{
  UdAidActionDialog *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (app != NULL, NULL);

  self = g_object_new (UD_TYPE_AID_ACTION_DIALOG, NULL);
  self->db = g_object_ref (db);
  self->app = ud_aid_application_copy (app);
  self->step = step;
  setup (self);
  return self;
}

UdAidStep
ud_aid_action_dialog_get_step (UdAidActionDialog *self)
{
  g_return_val_if_fail (UD_IS_AID_ACTION_DIALOG (self), 0);

  return self->step;
}

static void
ud_aid_action_dialog_dispose (GObject *object)
{
  UdAidActionDialog *self = UD_AID_ACTION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_AID_ACTION_DIALOG);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_aid_action_dialog_parent_class)->dispose (object);
}

static void
ud_aid_action_dialog_finalize (GObject *object)
{
  UdAidActionDialog *self = UD_AID_ACTION_DIALOG (object);

  g_clear_pointer (&self->app, ud_aid_application_free);

  G_OBJECT_CLASS (ud_aid_action_dialog_parent_class)->finalize (object);
}

static void
ud_aid_action_dialog_class_init (UdAidActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_aid_action_dialog_dispose;
  object_class->finalize = ud_aid_action_dialog_finalize;

  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-aid-action-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UdAidActionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdAidActionDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, UdAidActionDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, UdAidActionDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, UdAidActionDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, UdAidActionDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, UdAidActionDialog, opinion_row);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);

  gtk_widget_class_install_action (widget_class, "step.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ud_aid_action_dialog_init (UdAidActionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
