/* ud-hardship-action-dialog.c — one workflow step of a hardship file that asks for a date, a
 * category, a reason or an opinion
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The step shows only the rows it needs. Confirming runs it in the store; the core decides (roles,
 * status, publicity period, reasons) and its refusal is shown under the field it names or above
 * the fields, with what was typed kept. */
#define G_LOG_DOMAIN "ud-hardship-action-dialog"

#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-hardship-action-dialog.h"
#include "ud-hardship-store.h"
#include "ud-i18n.h"

struct _UdHardshipActionDialog
{
  AdwWindow       parent_instance;

  UdDatabase     *db;          /* owned */
  UdHardshipFile *file;        /* owned: a copy */
  UdHardshipStep  step;

  /* template */
  AdwWindowTitle *window_title;
  GtkButton      *confirm_button;
  GtkLabel       *body_label;
  GtkLabel       *general_error;
  AdwEntryRow    *date_row;
  AdwComboRow    *outcome_row;
  AdwComboRow    *category_row;
  AdwComboRow    *exit_reason_row;
  AdwEntryRow    *reason_row;
  AdwEntryRow    *opinion_row;
};

G_DEFINE_FINAL_TYPE (UdHardshipActionDialog, ud_hardship_action_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_general_error (UdHardshipActionDialog *self,
                    const char             *message)
{
  gtk_label_set_text (self->general_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), message != NULL && *message != '\0');
}

static void
on_row_changed (GtkWidget              *row,
                UdHardshipActionDialog *self)
{
  ud_form_set_error (row, NULL);
}

/* The reason is asked for when the category differs from the proposal, or for a
 * reclassification or an exit. */
static void
update_rows (UdHardshipActionDialog *self)
{
  guint outcome = adw_combo_row_get_selected (self->outcome_row);
  UdHardshipCategory category = adw_combo_row_get_selected (self->category_row);

  switch (self->step)
    {
    case UD_HARDSHIP_STEP_REVIEW:
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row),
                                     category != self->file->proposed_category
                                       ? _("Why the category differs from the proposal")
                                       : _("Reason (only when overriding the proposal)"));
      break;

    case UD_HARDSHIP_STEP_CONCLUDE_REVIEW:
      gtk_widget_set_visible (GTK_WIDGET (self->category_row),
                              outcome == UD_ANNUAL_REVIEW_RECLASSIFY);
      gtk_widget_set_visible (GTK_WIDGET (self->exit_reason_row),
                              outcome == UD_ANNUAL_REVIEW_EXIT);
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), outcome != UD_ANNUAL_REVIEW_KEEP);
      break;

    case UD_HARDSHIP_STEP_SUBMIT:
    case UD_HARDSHIP_STEP_PUBLICISE:
    case UD_HARDSHIP_STEP_APPROVE:
    case UD_HARDSHIP_STEP_RETURN:
    case UD_HARDSHIP_STEP_REJECT:
    case UD_HARDSHIP_STEP_EXIT:
    case UD_HARDSHIP_STEP_REOPEN:
    default:
      break;
    }
}

static void
on_outcome_changed (UdHardshipActionDialog *self)
{
  if (self->file != NULL)
    update_rows (self);
}

static void
on_category_changed (UdHardshipActionDialog *self)
{
  ud_form_set_error (GTK_WIDGET (self->category_row), NULL);
  if (self->file != NULL)
    update_rows (self);
}

static GtkWidget *
row_for_field (UdHardshipActionDialog *self,
               const char             *field)
{
  if (g_strcmp0 (field, "reason") == 0 || g_strcmp0 (field, "category_reason") == 0)
    return GTK_WIDGET (self->reason_row);
  if (g_strcmp0 (field, "category") == 0)
    return GTK_WIDGET (self->category_row);
  if (g_strcmp0 (field, "exit_reason") == 0)
    return GTK_WIDGET (self->exit_reason_row);
  return NULL;
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  UdHardshipActionDialog *self = UD_HARDSHIP_ACTION_DIALOG (widget);
  const UdAccount *account = ud_form_get_account (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = ud_form_dup_text (GTK_EDITABLE (self->reason_row));
  g_autofree char *opinion = ud_form_dup_text (GTK_EDITABLE (self->opinion_row));
  g_autofree char *date = ud_form_dup_text (GTK_EDITABLE (self->date_row));
  UdHardshipCategory category = adw_combo_row_get_selected (self->category_row);
  UdHardshipExitReason exit_reason = adw_combo_row_get_selected (self->exit_reason_row);
  gint64 id = self->file->id;
  GtkWidget *row;
  gboolean ok = FALSE;

  show_general_error (self, NULL);

  switch (self->step)
    {
    case UD_HARDSHIP_STEP_SUBMIT:
      ok = ud_hardship_store_submit (self->db, account, id, opinion, &error);
      break;
    case UD_HARDSHIP_STEP_PUBLICISE:
      ok = ud_hardship_store_publicise (self->db, account, id, *date ? date : NULL, &error);
      if (!ok && g_error_matches (error, UD_ERROR, UD_ERROR_INVALID_DATE))
        {
          ud_form_set_error (GTK_WIDGET (self->date_row), error->message);
          return;
        }
      break;
    case UD_HARDSHIP_STEP_REVIEW:
      ok = ud_hardship_store_review (self->db, account, id, category, reason, opinion, &error);
      break;
    case UD_HARDSHIP_STEP_APPROVE:
      ok = ud_hardship_store_approve (self->db, account, id, opinion, &error);
      break;
    case UD_HARDSHIP_STEP_RETURN:
      ok = ud_hardship_store_return (self->db, account, id, reason, &error);
      break;
    case UD_HARDSHIP_STEP_REJECT:
      ok = ud_hardship_store_reject (self->db, account, id, reason, &error);
      break;
    case UD_HARDSHIP_STEP_CONCLUDE_REVIEW:
      {
        UdAnnualReviewOutcome outcome = adw_combo_row_get_selected (self->outcome_row);

        ok = ud_hardship_store_conclude_annual_review (self->db, account, id, outcome,
                                                       outcome == UD_ANNUAL_REVIEW_RECLASSIFY
                                                         ? category : self->file->category,
                                                       exit_reason, reason, &error);
      }
      break;
    case UD_HARDSHIP_STEP_EXIT:
      ok = ud_hardship_store_exit (self->db, account, id, exit_reason, reason, &error);
      break;
    case UD_HARDSHIP_STEP_REOPEN:
      ok = ud_hardship_store_reopen (self->db, account, id, reason, &error);
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
setup (UdHardshipActionDialog *self)
{
  g_autoptr(GListModel) categories = ud_form_enum_model_new (&ud_hardship_category_info);
  g_autoptr(GListModel) exits = ud_form_enum_model_new (&ud_hardship_exit_reason_info);
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);
  const UdHardshipFile *file = self->file;
  g_autofree char *body = NULL;
  const char *title = NULL;
  const char *confirm = NULL;
  const char *proposed = ud_enum_label (&ud_hardship_category_info, file->proposed_category);

  adw_combo_row_set_model (self->category_row, categories);
  adw_combo_row_set_model (self->exit_reason_row, exits);
  gtk_string_list_append (outcomes, _("Stays filed in its category"));
  gtk_string_list_append (outcomes, _("Stays filed in another category"));
  gtk_string_list_append (outcomes, _("Leaves the hardship files"));
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (outcomes));

  switch (self->step)
    {
    case UD_HARDSHIP_STEP_SUBMIT:
      title = _("Submit for Review");
      confirm = _("_Submit");
      body = g_strdup (_("The file goes to the reviewers, who verify it at the household and "
                         "publicise it."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->opinion_row),
                                     _("The grassroots union’s opinion (optional)"));
      gtk_widget_set_visible (GTK_WIDGET (self->opinion_row), TRUE);
      break;

    case UD_HARDSHIP_STEP_PUBLICISE:
      {
        g_autofree char *today = NULL;
        GDate date;

        title = _("Publicise");
        confirm = _("_Publicise");
        body = g_strdup (_("The household is publicised for the number of days the policy sets; "
                           "the file can be reviewed only when the period is over."));
        ud_date_today (&date);
        today = ud_date_format (&date);
        gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
        gtk_widget_set_visible (GTK_WIDGET (self->date_row), TRUE);
      }
      break;

    case UD_HARDSHIP_STEP_REVIEW:
      title = _("Review the Category");
      confirm = _("_Review");
      /* Translators: %s is a hardship category */
      body = g_strdup_printf (_("The rule proposes “%s”. Confirm it, or choose another category "
                                "and say why."), proposed);
      adw_combo_row_set_selected (self->category_row, file->proposed_category);
      gtk_widget_set_visible (GTK_WIDGET (self->category_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), TRUE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->opinion_row),
                                     _("Review opinion (optional)"));
      gtk_widget_set_visible (GTK_WIDGET (self->opinion_row), TRUE);
      break;

    case UD_HARDSHIP_STEP_APPROVE:
      title = _("Approve and File");
      confirm = _("_Approve");
      /* Translators: %s is a hardship category */
      body = g_strdup_printf (_("The household is filed as “%s” and stays in the files until an "
                                "annual review or an exit."),
                              ud_enum_label (&ud_hardship_category_info, file->category));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->opinion_row),
                                     _("Approval opinion (optional)"));
      gtk_widget_set_visible (GTK_WIDGET (self->opinion_row), TRUE);
      break;

    case UD_HARDSHIP_STEP_RETURN:
      title = _("Return to the Clerk");
      confirm = _("_Return");
      body = g_strdup (_("The clerk corrects the file and submits it again. Say what needs "
                         "correcting."));
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), TRUE);
      break;

    case UD_HARDSHIP_STEP_REJECT:
      title = _("Reject the File");
      confirm = _("Re_ject");
      body = g_strdup (_("The household is not filed, and its ID numbers are free for another "
                         "file. Say why."));
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
      break;

    case UD_HARDSHIP_STEP_CONCLUDE_REVIEW:
      title = _("Conclude the Annual Review");
      confirm = _("_Conclude");
      body = g_strdup (_("Keep the household in its category, file it in another one, or let it "
                         "leave."));
      adw_combo_row_set_selected (self->category_row, file->category);
      gtk_widget_set_visible (GTK_WIDGET (self->outcome_row), TRUE);
      break;

    case UD_HARDSHIP_STEP_EXIT:
      title = _("Exit the Hardship Files");
      confirm = _("E_xit");
      body = g_strdup (_("The household leaves the files during the year."));
      adw_combo_row_set_selected (self->exit_reason_row, UD_HARDSHIP_EXIT_OUT_OF_HARDSHIP);
      gtk_widget_set_visible (GTK_WIDGET (self->exit_reason_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), TRUE);
      break;

    case UD_HARDSHIP_STEP_REOPEN:
      title = _("Reopen on Relapse");
      confirm = _("Re_open");
      body = g_strdup (_("The file becomes a draft again, to be corrected and submitted. Say "
                         "what happened."));
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), TRUE);
      break;

    default:
      g_assert_not_reached ();
    }

  adw_combo_row_set_selected (self->exit_reason_row,
                              file->exit_reason != UD_HARDSHIP_EXIT_NONE
                                ? file->exit_reason : UD_HARDSHIP_EXIT_OUT_OF_HARDSHIP);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, file->file_number);
  gtk_button_set_label (self->confirm_button, confirm);
  gtk_label_set_text (self->body_label, body);
  update_rows (self);
}

UdHardshipActionDialog *
ud_hardship_action_dialog_new (UdDatabase           *db,
                               const UdHardshipFile *file,
                               UdHardshipStep        step)
{
  UdHardshipActionDialog *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (file != NULL, NULL);

  self = g_object_new (UD_TYPE_HARDSHIP_ACTION_DIALOG, NULL);
  self->db = g_object_ref (db);
  self->file = ud_hardship_file_copy (file);
  self->step = step;
  setup (self);
  return self;
}

UdHardshipStep
ud_hardship_action_dialog_get_step (UdHardshipActionDialog *self)
{
  g_return_val_if_fail (UD_IS_HARDSHIP_ACTION_DIALOG (self), 0);

  return self->step;
}

static void
ud_hardship_action_dialog_dispose (GObject *object)
{
  UdHardshipActionDialog *self = UD_HARDSHIP_ACTION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_HARDSHIP_ACTION_DIALOG);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_hardship_action_dialog_parent_class)->dispose (object);
}

static void
ud_hardship_action_dialog_finalize (GObject *object)
{
  UdHardshipActionDialog *self = UD_HARDSHIP_ACTION_DIALOG (object);

  g_clear_pointer (&self->file, ud_hardship_file_free);

  G_OBJECT_CLASS (ud_hardship_action_dialog_parent_class)->finalize (object);
}

static void
ud_hardship_action_dialog_class_init (UdHardshipActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_hardship_action_dialog_dispose;
  object_class->finalize = ud_hardship_action_dialog_finalize;

  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-hardship-action-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, exit_reason_row);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipActionDialog, opinion_row);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_outcome_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_category_changed);

  gtk_widget_class_install_action (widget_class, "step.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ud_hardship_action_dialog_init (UdHardshipActionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
