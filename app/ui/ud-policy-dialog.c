/* ud-policy-dialog.c — sets a new value of one policy parameter from a date
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The value is typed as the unit says (yuan, a percentage, days) and read with
 * ud_policy_parse_value(), the rule the command line uses too. The first day defaults to the first
 * of next month; an earlier day is allowed with a warning, because decisions already made keep the
 * policy values they stored. The core checks the rest and its messages appear under the field. */
#define G_LOG_DOMAIN "ud-policy-dialog"

#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-policy-dialog.h"

struct _UdPolicyDialog
{
  AdwWindow                parent_instance;

  UdDatabase              *db;       /* owned */
  const UdPolicyParamInfo *info;     /* borrowed: static table */

  /* template */
  AdwWindowTitle          *window_title;
  GtkLabel                *param_label;
  GtkLabel                *current_label;
  GtkLabel                *general_error;
  AdwEntryRow             *value_row;
  AdwEntryRow             *from_row;
  AdwEntryRow             *region_row;
  AdwEntryRow             *note_row;
  GtkLabel                *past_warning;
  GtkButton               *save_button;
};

G_DEFINE_FINAL_TYPE (UdPolicyDialog, ud_policy_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_value_changed (UdPolicyDialog *self)
{
  ud_form_set_error (GTK_WIDGET (self->value_row), NULL);
}

static void
on_region_changed (UdPolicyDialog *self)
{
  ud_form_set_error (GTK_WIDGET (self->region_row), NULL);
}

/* Warns when the first day is before today; a date that cannot be read is left to saving. */
static void
on_from_changed (UdPolicyDialog *self)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->from_row));
  gboolean past = FALSE;
  GDate from;
  GDate today;

  ud_form_set_error (GTK_WIDGET (self->from_row), NULL);
  if (*text != '\0' && ud_date_parse (text, NULL, &from, NULL))
    {
      ud_date_today (&today);
      past = g_date_compare (&from, &today) < 0;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->past_warning), past);
}

static void
clear_errors (UdPolicyDialog *self)
{
  ud_form_set_error (GTK_WIDGET (self->value_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->from_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->region_row), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

static void
show_error (UdPolicyDialog *self,
            GtkWidget      *row,
            const GError   *error)
{
  const char *field = ud_error_get_field (error);

  if (row == NULL)
    {
      if (g_strcmp0 (field, "value") == 0)
        row = GTK_WIDGET (self->value_row);
      else if (g_strcmp0 (field, "effective_from") == 0
               || g_error_matches (error, UD_ERROR, UD_ERROR_INVALID_DATE))
        row = GTK_WIDGET (self->from_row);
      else if (g_strcmp0 (field, "region") == 0 && self->info->regional)
        row = GTK_WIDGET (self->region_row);
    }

  if (row != NULL)
    {
      ud_form_set_error (row, error->message);
      gtk_widget_grab_focus (row);
    }
  else
    {
      gtk_label_set_text (self->general_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdPolicyDialog *self = UD_POLICY_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *value_text = ud_form_dup_text (GTK_EDITABLE (self->value_row));
  g_autofree char *from = ud_form_dup_text (GTK_EDITABLE (self->from_row));
  g_autofree char *region = NULL;
  g_autofree char *note = ud_form_dup_text (GTK_EDITABLE (self->note_row));
  g_autofree char *shown = NULL;
  g_autofree char *toast = NULL;
  GtkWindow *parent;
  gint64 value;

  clear_errors (self);
  if (self->info->regional)
    region = ud_form_dup_text (GTK_EDITABLE (self->region_row));

  if (!ud_policy_parse_value (self->info, value_text, &value, &error))
    {
      show_error (self, GTK_WIDGET (self->value_row), error);
      return;
    }

  if (!ud_policy_set (self->db, ud_form_get_account (widget), self->info->name, region, value,
                      from, note, &error))
    {
      show_error (self, NULL, error);
      return;
    }

  shown = ud_policy_format_value (self->info, value);
  /* Translators: "Minimum living standard … is ¥1,180.00 from 2027-01-01" */
  toast = g_strdup_printf (_("%s is %s from %s"), ud_policy_param_label (self->info), shown, from);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    ud_form_add_toast (GTK_WIDGET (parent), toast);

  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
setup (UdPolicyDialog *self)
{
  g_autoptr(UdPolicyValue) current = NULL;
  const char *value_title;
  GDate first;

  gtk_label_set_text (self->param_label, ud_policy_param_label (self->info));
  adw_window_title_set_subtitle (self->window_title, ud_policy_param_label (self->info));

  switch (self->info->unit)
    {
    case UD_POLICY_UNIT_FEN:
      value_title = _("Value (yuan)");
      break;
    case UD_POLICY_UNIT_BASIS_POINTS:
      value_title = _("Value (percent)");
      break;
    case UD_POLICY_UNIT_DAYS:
    default:
      value_title = _("Value (days)");
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row), value_title);
  gtk_widget_set_visible (GTK_WIDGET (self->region_row), self->info->regional);

  /* What is in force today everywhere, as a reminder. */
  ud_date_today (&first);
  current = ud_policy_lookup (self->db, self->info->name, NULL, &first, NULL);
  if (current != NULL)
    {
      g_autofree char *shown = ud_policy_format_value (self->info, current->value);
      g_autofree char *text = NULL;

      /* Translators: "In force today: ¥1,060.00 from 2020-01-01" */
      text = g_strdup_printf (_("In force today: %s from %s"), shown, current->effective_from);
      gtk_label_set_text (self->current_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->current_label), current != NULL);

  /* The first day of next month. */
  g_date_set_day (&first, 1);
  g_date_add_months (&first, 1);
  {
    g_autofree char *text = ud_date_format (&first);

    gtk_editable_set_text (GTK_EDITABLE (self->from_row), text);
  }
}

UdPolicyDialog *
ud_policy_dialog_new (UdDatabase              *db,
                      const UdPolicyParamInfo *info)
{
  UdPolicyDialog *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (UD_TYPE_POLICY_DIALOG, NULL);
  self->db = g_object_ref (db);
  self->info = info;
  setup (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->value_row));
  return self;
}

const UdPolicyParamInfo *
ud_policy_dialog_get_info (UdPolicyDialog *self)
{
  g_return_val_if_fail (UD_IS_POLICY_DIALOG (self), NULL);

  return self->info;
}

static void
ud_policy_dialog_dispose (GObject *object)
{
  UdPolicyDialog *self = UD_POLICY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_POLICY_DIALOG);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_policy_dialog_parent_class)->dispose (object);
}

static void
ud_policy_dialog_class_init (UdPolicyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_policy_dialog_dispose;

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-policy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, param_label);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, current_label);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, past_warning);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_from_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_region_changed);

  gtk_widget_class_install_action (widget_class, "policy-dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "policy-dialog.save", NULL);
}

static void
ud_policy_dialog_init (UdPolicyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
