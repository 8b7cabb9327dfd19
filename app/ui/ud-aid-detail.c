/* ud-aid-detail.c — one aid application: its fields, claims, computation, history and steps
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is rebuilt from the store whenever an application changes. The computation is
 * explained again by the core (ud_aid_application_explain()) from what the decision stored, with
 * the policy values it used. The workflow buttons are those the status allows; one the account's
 * roles do not allow stays visible but insensitive, its tooltip naming the role. The core decides
 * in the end: a refusal is shown above the page (or in the step's dialog). */
#define G_LOG_DOMAIN "ud-aid-detail"

#include "ud-aid-action-dialog.h"
#include "ud-aid-detail.h"
#include "ud-aid-editor.h"
#include "ud-aid-store.h"
#include "ud-payout-store.h"
#include "ud-audit.h"
#include "ud-audit-page.h"
#include "ud-form.h"
#include "ud-form-print.h"
#include "ud-i18n.h"
#include "ud-mask.h"
#include "ud-money.h"
#include "ud-policy.h"

#define FROM(s) (1u << UD_AID_STATUS_##s)

typedef enum
{
  WHO_CLERK,
  WHO_REVIEWER,
  WHO_APPROVER,
  WHO_REVIEWER_OR_APPROVER,
} Who;

/* The buttons, by their widget names in the template; the statuses mirror the store's steps. */
static const struct
{
  const char *name;
  guint       from;
  Who         who;
  const char *tooltip;
} steps[] = {
  { "aid.edit", FROM (DRAFT) | FROM (RETURNED), WHO_CLERK, N_("Correct the application") },
  { "aid.submit", FROM (DRAFT) | FROM (RETURNED), WHO_CLERK,
    N_("Send the application to the reviewers") },
  { "aid.review", FROM (SUBMITTED), WHO_REVIEWER, N_("Compute the amount with the rules") },
  { "aid.approve", FROM (REVIEWED), WHO_APPROVER,
    N_("Approve the recommendation or a lower amount") },
  { "aid.return", FROM (SUBMITTED) | FROM (REVIEWED), WHO_REVIEWER_OR_APPROVER,
    N_("Send the application back to the clerk for correction") },
  { "aid.reject", FROM (DRAFT) | FROM (SUBMITTED) | FROM (REVIEWED) | FROM (RETURNED),
    WHO_REVIEWER_OR_APPROVER, N_("Grant nothing on this application") },
};

struct _UdAidDetail
{
  AdwWindow         parent_instance;

  UdDatabase       *db;                 /* owned */
  gint64            application_id;
  UdAidApplication *app;                /* owned: as last read */
  GtkWidget        *computation_group;  /* borrowed: in the page */

  /* template */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  GtkWidget        *print_button;
  GtkWidget        *steps_box;
  GtkLabel         *step_error;
  AdwBin           *page_bin;
};

G_DEFINE_FINAL_TYPE (UdAidDetail, ud_aid_detail, ADW_TYPE_WINDOW)

static void reload (UdAidDetail *self);

/* Rows */

static GtkWidget *
info_row (AdwPreferencesGroup *group,
          const char          *title,
          const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value && *value ? value : "—");
  gboolean is_long = value != NULL && g_utf8_strlen (value, -1) > 32;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), is_long);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), is_long ? 28 : -1);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "numeric");
  if (value == NULL || *value == '\0')
    gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  value && *value ? value : "—",
                                  -1);
  adw_preferences_group_add (group, row);
  return row;
}

static GtkWidget *
money_row (AdwPreferencesGroup *group,
           const char          *title,
           gint64               fen)
{
  g_autofree char *text = ud_money_format_yuan (fen);

  return info_row (group, title, text);
}

static AdwPreferencesGroup *
group_new (AdwPreferencesPage *page,
           const char         *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

static void
add_application (UdAidDetail        *self,
                 AdwPreferencesPage *page)
{
  const UdAidApplication *app = self->app;
  AdwPreferencesGroup *group = group_new (page, _("Application"));
  g_autofree char *year = g_strdup_printf ("%d", app->year);

  info_row (group, C_("aid application", "Status"), ud_enum_label (&ud_aid_status_info,
                                                                   app->status));
  if (app->status_reason != NULL)
    info_row (group, _("Reason"), app->status_reason);
  info_row (group, _("Type"), ud_enum_label (&ud_aid_type_info, app->type));
  info_row (group, _("Applicant"), app->member_name);
  info_row (group, _("Hardship file"), app->file_number);
  info_row (group, _("Aid year"), year);
  if (app->batch != NULL)
    info_row (group, _("Batch"), app->batch);
  info_row (group, _("Application date"), app->submitted_date);
  info_row (group, _("Documents handed in"), app->documents);
  if (app->note != NULL)
    info_row (group, _("Note"), app->note);
  if (app->review_opinion != NULL)
    info_row (group, _("Review opinion"), app->review_opinion);
  if (app->approval_opinion != NULL)
    info_row (group, _("Approval opinion"), app->approval_opinion);

  if (app->type == UD_AID_TYPE_EDUCATION)
    {
      g_autofree char *masked = ud_mask_id_number (app->child_id_number);
      g_autofree char *admission = g_strdup_printf ("%d", app->admission_year);

      group = group_new (page, _("Child"));
      info_row (group, _("Name"), app->child_name);
      info_row (group, _("ID number"), masked);
      info_row (group, _("School"), app->school);
      info_row (group, _("Level"), ud_enum_label (&ud_school_level_info, app->school_level));
      info_row (group, _("Admission year"), admission);
      money_row (group, _("Fees for the year"), app->fees_fen);
      info_row (group, _("Aided elsewhere this year"), app->aided_elsewhere ? _("Yes") : _("No"));
    }
  else if (app->type == UD_AID_TYPE_LIVING)
    {
      g_autofree char *months = g_strdup_printf ("%d", app->living_months);

      info_row (group, _("Months asked for"), months);
      if (app->granted_months > 0)
        {
          g_autofree char *granted = g_strdup_printf ("%d", app->granted_months);

          info_row (group, _("Months granted"), granted);
        }
    }
}

static void
add_claims (UdAidDetail        *self,
            AdwPreferencesPage *page)
{
  const UdAidApplication *app = self->app;
  AdwPreferencesGroup *group;
  gint64 sum = 0;

  if (app->type != UD_AID_TYPE_MEDICAL)
    return;

  group = group_new (page, _("Medical Bills"));
  for (guint i = 0; app->claims != NULL && i < app->claims->len; i++)
    {
      const UdMedicalClaim *claim = g_ptr_array_index (app->claims, i);
      GtkWidget *row = adw_expander_row_new ();
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *oop = ud_money_format_yuan (claim->out_of_pocket_fen);
      GtkWidget *label = gtk_label_new (oop);
      AdwPreferencesGroup *inner;

      /* Translators: a medical bill: "李娜 (Spouse) — 肺炎" */
      title = g_strdup_printf (_("%s (%s) — %s"), claim->patient_name,
                               ud_enum_label (&ud_patient_relation_info, claim->patient_relation),
                               claim->diagnosis);
      subtitle = g_strdup_printf ("%s · %s · %s%s%s", claim->hospital,
                                  ud_enum_label (&ud_medical_kind_info, claim->kind),
                                  claim->admitted_date,
                                  claim->discharged_date ? " – " : "",
                                  claim->discharged_date ? claim->discharged_date : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_set_tooltip_text (label, _("Out-of-pocket"));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), label);

      /* The bill's parts, as rows of the expander. */
      inner = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      money_row (inner, _("Total cost"), claim->total_fen);
      money_row (inner, _("Paid by basic medical insurance"), claim->basic_insurance_fen);
      money_row (inner, _("Paid by critical-illness or commercial insurance"),
                 claim->critical_insurance_fen);
      money_row (inner, _("Paid by the employer"), claim->employer_fen);
      money_row (inner, _("Paid by donations"), claim->donations_fen);
      money_row (inner, _("Out-of-pocket"), claim->out_of_pocket_fen);
      gtk_widget_set_margin_start (GTK_WIDGET (inner), 12);
      gtk_widget_set_margin_end (GTK_WIDGET (inner), 12);
      gtk_widget_set_margin_top (GTK_WIDGET (inner), 6);
      gtk_widget_set_margin_bottom (GTK_WIDGET (inner), 6);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (inner));
      adw_preferences_group_add (group, row);
      sum += claim->out_of_pocket_fen;
    }

  if (app->claims == NULL || app->claims->len == 0)
    adw_preferences_group_set_description (group, _("No bills yet."));
  else
    money_row (group, _("Out-of-pocket of these bills"), sum);
}

static void
add_policy_values (UdAidDetail         *self,
                   AdwPreferencesGroup *group)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *snapshot;
  g_autoptr(GList) names = NULL;

  node = self->app->policy_snapshot ? json_from_string (self->app->policy_snapshot, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  snapshot = json_node_get_object (node);
  names = json_object_get_members (snapshot);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const UdPolicyParamInfo *info = ud_policy_param_lookup (l->data);
      JsonNode *member = json_object_get_member (snapshot, l->data);
      JsonObject *entry;
      g_autofree char *value = NULL;
      g_autofree char *text = NULL;
      const char *region;
      const char *from;
      gint64 number;

      if (info == NULL || member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
        continue;
      entry = json_node_get_object (member);
      if (!json_object_has_member (entry, "value"))
        continue;

      number = json_object_get_int_member (entry, "value");
      if (info->unit == UD_POLICY_UNIT_FEN)
        value = ud_money_format_yuan (number);
      else if (info->unit == UD_POLICY_UNIT_BASIS_POINTS)
        value = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d%%", number / 100,
                                 (int) (number % 100));
      else
        value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days",
                                              (gulong) number),
                                 (int) number);
      region = json_object_get_string_member_with_default (entry, "region", "");
      from = json_object_get_string_member_with_default (entry, "effective_from", "");
      if (region != NULL && *region != '\0')
        text = g_strdup_printf (_("%s (region %s, from %s)"), value, region, from ? from : "");
      else
        text = g_strdup_printf (_("%s (from %s)"), value, from ? from : "");
      info_row (group, ud_policy_param_label (info), text);
    }
}

static void
add_amounts (UdAidDetail        *self,
             AdwPreferencesPage *page)
{
  const UdAidApplication *app = self->app;
  AdwPreferencesGroup *group = group_new (page, _("Amounts"));
  g_autoptr(GPtrArray) lines = NULL;
  gboolean computed = app->computation != NULL;
  GtkWidget *row;

  row = money_row (group, _("Requested"), app->requested_fen);
  gtk_widget_set_name (row, "requested_row");
  if (computed)
    {
      row = money_row (group, _("Computed by the rules"), app->computed_fen);
      gtk_widget_set_name (row, "computed_row");
    }
  else
    info_row (group, _("Computed by the rules"), _("At review"));
  if (computed || ud_aid_status_is_granted (app->status))
    {
      row = money_row (group, ud_aid_status_is_granted (app->status) ? _("Approved")
                                                                      : _("Recommended"),
                       app->approved_fen);
      gtk_widget_set_name (row, "approved_row");
    }
  if (ud_aid_status_is_granted (app->status))
    {
      g_autoptr(UdPayout) payout = ud_payout_store_get_for_source (self->db,
                                                                   UD_PAYOUT_SOURCE_AID,
                                                                   app->id, NULL);
      g_autofree char *text = NULL;

      text = payout ? ud_payout_dup_status_text (payout) : g_strdup (_("No payout line"));
      row = info_row (group, _("Payout"), text);
      gtk_widget_set_name (row, "payout_row");
    }

  group = group_new (page, _("Computation"));
  self->computation_group = GTK_WIDGET (group);
  if (computed)
    lines = ud_aid_application_explain (app, NULL);
  if (lines == NULL || lines->len == 0)
    {
      adw_preferences_group_set_description (group,
                                             _("The rules compute the amount when the "
                                               "application is reviewed."));
      return;
    }

  if (app->policy_date != NULL)
    {
      /* Translators: %s is a date */
      g_autofree char *description = g_strdup_printf (_("With the policy in force on %s."),
                                                      app->policy_date);

      adw_preferences_group_set_description (group, description);
    }

  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

    gtk_widget_add_css_class (box, "card");
    for (guint i = 0; i < lines->len; i++)
      {
        GtkWidget *label = gtk_label_new (g_ptr_array_index (lines, i));

        gtk_label_set_xalign (GTK_LABEL (label), 0.0);
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
        gtk_label_set_selectable (GTK_LABEL (label), TRUE);
        gtk_widget_set_margin_start (label, 12);
        gtk_widget_set_margin_end (label, 12);
        gtk_widget_set_margin_top (label, i == 0 ? 10 : 0);
        gtk_widget_set_margin_bottom (label, i + 1 == lines->len ? 10 : 0);
        gtk_widget_add_css_class (label, "numeric");
        gtk_box_append (GTK_BOX (box), label);
      }
    adw_preferences_group_add (group, box);
  }

  group = group_new (page, _("Policy Values Used"));
  add_policy_values (self, group);
}

static void
add_history (UdAidDetail        *self,
             AdwPreferencesPage *page)
{
  g_autoptr(GPtrArray) events = ud_aid_store_history (self->db, self->application_id, NULL);
  UdAuditFilter filter = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  AdwPreferencesGroup *group;

  group = group_new (page, _("History"));
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const UdAidEvent *event = g_ptr_array_index (events, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *amount = event->amount_fen >= 0 ? ud_money_format_yuan (event->amount_fen)
                                                       : NULL;
      GtkWidget *row = adw_action_row_new ();

      if (g_strcmp0 (event->action, "create") == 0)
        title = g_strdup (ud_enum_label (&ud_aid_status_info, event->to_status));
      else
        title = g_strdup_printf (_("%s → %s"),
                                 ud_enum_label (&ud_aid_status_info, event->from_status),
                                 ud_enum_label (&ud_aid_status_info, event->to_status));
      subtitle = g_strdup_printf ("%s · %s%s%s%s%s", event->event_date ? event->event_date : "",
                                  event->account_name ? event->account_name : "",
                                  amount ? " · " : "", amount ? amount : "",
                                  event->reason ? " · " : "", event->reason ? event->reason : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (group, row);
    }

  group = group_new (page, _("Audit Trail of This Application"));
  filter.entity = (char *) "aid_application";
  filter.record_uuid = self->app->uuid;
  entries = ud_audit_list (self->db, &filter, 0, 200, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    adw_preferences_group_add (group, ud_audit_row_new (g_ptr_array_index (entries, i), FALSE));
  if (entries == NULL || entries->len == 0)
    adw_preferences_group_set_description (group, _("No entries."));
}

/* Workflow buttons */

static void
set_refused (GtkWidget  *button,
             const char *message)
{
  gtk_widget_set_sensitive (button, FALSE);
  gtk_widget_set_tooltip_text (button, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
}

static void
update_steps (UdAidDetail *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));

  for (GtkWidget *button = gtk_widget_get_first_child (self->steps_box);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      const char *name = gtk_widget_get_name (button);
      guint i;

      for (i = 0; i < G_N_ELEMENTS (steps) && !g_str_equal (steps[i].name, name); i++)
        ;
      if (i == G_N_ELEMENTS (steps))
        continue;

      gtk_widget_set_visible (button, self->app != NULL
                                      && (steps[i].from & (1u << self->app->status)) != 0);
      gtk_widget_set_sensitive (button, TRUE);
      gtk_widget_set_tooltip_text (button, _(steps[i].tooltip));
      gtk_accessible_reset_property (GTK_ACCESSIBLE (button),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

      switch (steps[i].who)
        {
        case WHO_CLERK:
          ud_form_guard (button, account, UD_ACTION_HARDSHIP_WRITE);
          break;
        case WHO_REVIEWER:
          ud_form_guard (button, account, UD_ACTION_REVIEW);
          break;
        case WHO_APPROVER:
          if (ud_form_guard (button, account, UD_ACTION_APPROVE) && account != NULL
              && self->app != NULL
              && (account->id == self->app->created_by
                  || account->id == self->app->last_edited_by))
            set_refused (button, _("You entered or last changed this application: another "
                                   "approver must approve it"));
          else if (self->app != NULL && self->app->outcome == UD_AID_OUTCOME_REFUSED
                   && gtk_widget_get_sensitive (button))
            set_refused (button, _("The rules refused this application: reject or return it"));
          break;
        case WHO_REVIEWER_OR_APPROVER:
        default:
          if (!ud_guard_allows (account, UD_ACTION_APPROVE))
            ud_form_guard (button, account, UD_ACTION_REVIEW);
          break;
        }
    }

  gtk_widget_set_visible (self->print_button,
                          self->app != NULL && self->app->type == UD_AID_TYPE_MEDICAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.print-form",
                                 self->app != NULL && self->app->type == UD_AID_TYPE_MEDICAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.export-pdf",
                                 self->app != NULL && self->app->type == UD_AID_TYPE_MEDICAL);
}

static void
show_step_error (UdAidDetail *self,
                 const char  *message)
{
  gtk_label_set_text (self->step_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->step_error), message != NULL && *message != '\0');
}

static void
on_step_done (UdAidDetail *self)
{
  show_step_error (self, NULL);
  reload (self);
}

static void
open_step_dialog (UdAidDetail *self,
                  UdAidStep    step)
{
  UdAidActionDialog *dialog = ud_aid_action_dialog_new (self->db, self->app, step);

  g_signal_connect_object (dialog, "done", G_CALLBACK (on_step_done), self, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_step_clicked (GtkWidget   *button,
                 UdAidDetail *self)
{
  const char *name = gtk_widget_get_name (button);
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self->app == NULL)
    return;

  show_step_error (self, NULL);

  if (g_str_equal (name, "aid.edit"))
    ud_aid_editor_present (GTK_WIDGET (self), self->db, self->application_id, 0);
  else if (g_str_equal (name, "aid.submit"))
    ok = ud_aid_store_submit (self->db, account, self->application_id, &error);
  else if (g_str_equal (name, "aid.review"))
    open_step_dialog (self, UD_AID_STEP_REVIEW);
  else if (g_str_equal (name, "aid.approve"))
    open_step_dialog (self, UD_AID_STEP_APPROVE);
  else if (g_str_equal (name, "aid.return"))
    open_step_dialog (self, UD_AID_STEP_RETURN);
  else if (g_str_equal (name, "aid.reject"))
    open_step_dialog (self, UD_AID_STEP_REJECT);

  if (!ok)
    show_step_error (self, error->message);
  else
    reload (self);
}

/* Loading */

static void
reload (UdAidDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAidApplication) app = ud_aid_store_get (self->db, self->application_id, &error);
  g_autofree char *title = NULL;
  GtkWidget *page;

  if (app == NULL)
    {
      show_step_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->app, ud_aid_application_free);
  self->app = g_steal_pointer (&app);

  /* Translators: the window title, "Aid Application JZ2026-00001" */
  title = g_strdup_printf (_("Aid Application %s"), self->app->number);
  gtk_window_set_title (GTK_WINDOW (self), title);
  /* Translators: "Medical relief — 王强" */
  {
    g_autofree char *heading = g_strdup_printf (_("%s — %s"),
                                                ud_enum_label (&ud_aid_type_info, self->app->type),
                                                self->app->member_name ? self->app->member_name
                                                                       : "");

    adw_window_title_set_title (self->window_title, heading);
  }
  adw_window_title_set_subtitle (self->window_title, self->app->number);

  page = adw_preferences_page_new ();
  add_application (self, ADW_PREFERENCES_PAGE (page));
  add_claims (self, ADW_PREFERENCES_PAGE (page));
  add_amounts (self, ADW_PREFERENCES_PAGE (page));
  add_history (self, ADW_PREFERENCES_PAGE (page));
  adw_bin_set_child (self->page_bin, page);

  update_steps (self);
}

static void
database_changed_cb (UdAidDetail *self,
                     const char  *entity,
                     UdDatabase  *db)
{
  if (entity == NULL || g_str_equal (entity, "aid_application")
      || g_str_equal (entity, "medical_claim") || g_str_equal (entity, "member")
      || g_str_equal (entity, "payout"))
    reload (self);
}

UdAidDetail *
ud_aid_detail_new (UdDatabase  *db,
                   gint64       application_id,
                   GError     **error)
{
  g_autoptr(UdAidApplication) app = NULL;
  UdAidDetail *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  if ((app = ud_aid_store_get (db, application_id, error)) == NULL)
    return NULL;

  self = g_object_new (UD_TYPE_AID_DETAIL, NULL);
  self->db = g_object_ref (db);
  self->application_id = application_id;
  g_signal_connect_object (db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

gint64
ud_aid_detail_get_application_id (UdAidDetail *self)
{
  g_return_val_if_fail (UD_IS_AID_DETAIL (self), 0);

  return self->application_id;
}

GtkWidget *
ud_aid_detail_get_computation_group (UdAidDetail *self)
{
  g_return_val_if_fail (UD_IS_AID_DETAIL (self), NULL);

  return self->computation_group;
}

GtkWidget *
ud_aid_detail_get_step_button (UdAidDetail *self,
                               const char  *name)
{
  g_return_val_if_fail (UD_IS_AID_DETAIL (self), NULL);

  for (GtkWidget *button = gtk_widget_get_first_child (self->steps_box);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    if (g_str_equal (gtk_widget_get_name (button), name))
      return button;
  return NULL;
}

void
ud_aid_detail_present (GtkWidget  *parent,
                       UdDatabase *db,
                       gint64      application_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GtkWindow *window = ud_form_get_window (parent);
  UdAidDetail *self;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (UD_IS_AID_DETAIL (l->data) && UD_AID_DETAIL (l->data)->application_id == application_id
        && UD_AID_DETAIL (l->data)->db == db)
      {
        gtk_window_present (l->data);
        return;
      }

  self = ud_aid_detail_new (db, application_id, &error);
  if (self == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (window,
                                                  _("The Aid Application Cannot Be Opened"),
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

/* Printed form (ud-form-print.c): the medical relief approval form. */
static void
print_form_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  UdAidDetail *self = UD_AID_DETAIL (widget);

  if (self->app == NULL || self->app->type != UD_AID_TYPE_MEDICAL)
    return;
  if (g_str_equal (action_name, "detail.export-pdf"))
    ud_form_export_medical_relief (GTK_WINDOW (self), self->db, self->application_id);
  else
    ud_form_print_medical_relief (GTK_WINDOW (self), self->db, self->application_id);
}

static void
ud_aid_detail_dispose (GObject *object)
{
  UdAidDetail *self = UD_AID_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_AID_DETAIL);
  self->computation_group = NULL;
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_aid_detail_parent_class)->dispose (object);
}

static void
ud_aid_detail_finalize (GObject *object)
{
  UdAidDetail *self = UD_AID_DETAIL (object);

  g_clear_pointer (&self->app, ud_aid_application_free);

  G_OBJECT_CLASS (ud_aid_detail_parent_class)->finalize (object);
}

static void
ud_aid_detail_class_init (UdAidDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_aid_detail_dispose;
  object_class->finalize = ud_aid_detail_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, UD_RESOURCE_PATH "ud-aid-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, UdAidDetail, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UdAidDetail, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdAidDetail, print_button);
  gtk_widget_class_bind_template_child (widget_class, UdAidDetail, steps_box);
  gtk_widget_class_bind_template_child (widget_class, UdAidDetail, step_error);
  gtk_widget_class_bind_template_child (widget_class, UdAidDetail, page_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_step_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_install_action (widget_class, "detail.print-form", NULL, print_form_action);
  gtk_widget_class_install_action (widget_class, "detail.export-pdf", NULL, print_form_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "detail.print-form", NULL);
}

static void
ud_aid_detail_init (UdAidDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
