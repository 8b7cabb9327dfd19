/* ud-hardship-detail.c — one hardship file: its fields, figures, history and workflow steps
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is rebuilt from the store whenever a hardship file changes. The workflow buttons are
 * those the file's status allows; one the account's roles do not allow stays visible but
 * insensitive, its tooltip naming the role. The core decides in the end: a refusal is shown
 * above the page (or in the step's dialog). */
#define G_LOG_DOMAIN "ud-hardship-detail"

#include "ud-aid-page.h"
#include "ud-audit.h"
#include "ud-audit-page.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-hardship-action-dialog.h"
#include "ud-hardship-detail.h"
#include "ud-hardship-editor.h"
#include "ud-hardship-store.h"
#include "ud-i18n.h"
#include "ud-form-print.h"
#include "ud-mask.h"
#include "ud-money.h"
#include "ud-policy.h"

#define FROM(s) (1u << UD_HARDSHIP_STATUS_##s)

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
} steps[] = {
  { "hardship.edit", FROM (DRAFT) | FROM (RETURNED) | FROM (ANNUAL_REVIEW), WHO_CLERK },
  { "hardship.submit", FROM (DRAFT) | FROM (RETURNED), WHO_CLERK },
  { "hardship.verify", FROM (SUBMITTED), WHO_REVIEWER },
  { "hardship.publicise", FROM (VERIFYING), WHO_REVIEWER },
  { "hardship.review", FROM (PUBLICISED), WHO_REVIEWER },
  { "hardship.approve", FROM (REVIEWED), WHO_APPROVER },
  { "hardship.annual-start", FROM (ACTIVE), WHO_CLERK },
  { "hardship.conclude", FROM (ANNUAL_REVIEW), WHO_REVIEWER },
  { "hardship.exit", FROM (ACTIVE) | FROM (ANNUAL_REVIEW), WHO_REVIEWER },
  { "hardship.reopen", FROM (EXITED), WHO_CLERK },
  { "hardship.return", FROM (SUBMITTED) | FROM (VERIFYING) | FROM (PUBLICISED) | FROM (REVIEWED)
    | FROM (ANNUAL_REVIEW), WHO_REVIEWER_OR_APPROVER },
  { "hardship.reject", FROM (DRAFT) | FROM (SUBMITTED) | FROM (VERIFYING) | FROM (PUBLICISED)
    | FROM (REVIEWED) | FROM (RETURNED), WHO_REVIEWER_OR_APPROVER },
};

struct _UdHardshipDetail
{
  AdwWindow        parent_instance;

  UdDatabase      *db;          /* owned */
  gint64           file_id;
  UdHardshipFile  *file;        /* owned: as last read */

  /* template */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkWidget       *steps_box;
  GtkLabel        *step_error;
  AdwBin          *page_bin;
};

G_DEFINE_FINAL_TYPE (UdHardshipDetail, ud_hardship_detail, ADW_TYPE_WINDOW)

static void reload (UdHardshipDetail *self);

/* Rows */

static GtkWidget *
info_row (AdwPreferencesGroup *group,
          const char          *title,
          const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value && *value ? value : "—");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Short values stay on one line; long ones (reasons, opinions) wrap. */
  gtk_label_set_wrap (GTK_LABEL (label), value != NULL && g_utf8_strlen (value, -1) > 24);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), value != NULL && g_utf8_strlen (value, -1) > 24
                                                  ? 24 : -1);
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

static void
money_row (AdwPreferencesGroup *group,
           const char          *title,
           gint64               fen)
{
  g_autofree char *text = ud_money_format_yuan (fen);

  info_row (group, title, text);
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

static char *
bits_labels (const UdEnumInfo *info,
             guint             bits)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < info->n_values; i++)
    if (bits & (1u << i))
      {
        if (text->len > 0)
          /* Translators: between the items of a list */
          g_string_append (text, _(", "));
        g_string_append (text, ud_enum_label (info, (int) i));
      }
  return g_string_free (text, FALSE);
}

static void
add_status (UdHardshipDetail    *self,
            AdwPreferencesPage  *page)
{
  const UdHardshipFile *file = self->file;
  AdwPreferencesGroup *group = group_new (page, C_("hardship file", "Status"));
  GDate end;

  info_row (group, C_("hardship file", "Status"),
            ud_enum_label (&ud_hardship_status_info, file->status));
  if (file->status_reason != NULL)
    info_row (group, _("Reason"), file->status_reason);
  if (file->status_date != NULL)
    info_row (group, _("Since"), file->status_date);

  if (ud_hardship_file_publicity_end (file, &end))
    {
      g_autofree char *end_text = ud_date_format (&end);
      g_autofree char *days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day",
                                                            "%d days", file->publicity_days),
                                               file->publicity_days);
      GtkWidget *row;

      info_row (group, _("Publicity started"), file->publicity_start);
      info_row (group, _("Publicity period"), days);
      row = info_row (group, _("May move on from"), end_text);
      gtk_widget_set_name (row, "publicity_end_row");
    }

  if (file->category != UD_HARDSHIP_CATEGORY_NONE)
    info_row (group, _("Category"), ud_enum_label (&ud_hardship_category_info, file->category));
  if (file->category_reason != NULL)
    info_row (group, _("Why the category differs from the proposal"), file->category_reason);
  if (file->exit_reason != UD_HARDSHIP_EXIT_NONE)
    info_row (group, _("Exit reason"),
              ud_enum_label (&ud_hardship_exit_reason_info, file->exit_reason));
  if (file->filed_date != NULL)
    info_row (group, _("Filed on"), file->filed_date);
  if (file->review_year > 0)
    {
      g_autofree char *year = g_strdup_printf ("%d", file->review_year);

      info_row (group, _("Last filed or reviewed in"), year);
    }
  if (file->unit_opinion != NULL)
    info_row (group, _("Grassroots union’s opinion"), file->unit_opinion);
  if (file->review_opinion != NULL)
    info_row (group, _("Review opinion"), file->review_opinion);
  if (file->approval_opinion != NULL)
    info_row (group, _("Approval opinion"), file->approval_opinion);
}

static void
add_worker (UdHardshipDetail   *self,
            AdwPreferencesPage *page)
{
  const UdHardshipFile *file = self->file;
  AdwPreferencesGroup *group = group_new (page, _("Worker"));
  g_autofree char *masked = ud_mask_id_number (file->worker_id_number);

  info_row (group, _("Name"), file->worker_name);
  info_row (group, _("ID number"), masked);
  info_row (group, _("Union"), file->org_name);
  info_row (group, _("Region code"), file->region_code);
  info_row (group, _("Work status"), ud_enum_label (&ud_work_status_info, file->work_status));
  info_row (group, _("Health"), ud_enum_label (&ud_health_info, file->health));
  info_row (group, _("Disability"), file->disability);
  info_row (group, _("Housing"), ud_enum_label (&ud_housing_info, file->housing));
  money_row (group, _("Worker’s monthly income"), file->worker_monthly_income_fen);
}

static void
add_household (UdHardshipDetail   *self,
               AdwPreferencesPage *page)
{
  const UdHardshipFile *file = self->file;
  AdwPreferencesGroup *group = group_new (page, _("Household Members"));

  if (file->household == NULL || file->household->len == 0)
    {
      adw_preferences_group_set_description (group, _("Only the worker."));
      return;
    }

  for (guint i = 0; i < file->household->len; i++)
    {
      const UdHouseholdMember *person = g_ptr_array_index (file->household, i);
      g_autofree char *masked = ud_mask_id_number (person->id_number);
      g_autofree char *income = ud_money_format_yuan (person->monthly_income_fen);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (income);

      /* Translators: a household member's line: relation · ID · birth date · health · school */
      subtitle = g_strdup_printf ("%s · %s · %s · %s%s%s",
                                  ud_enum_label (&ud_relation_info, person->relation),
                                  masked ? masked : "—",
                                  person->birth_date ? person->birth_date : "—",
                                  ud_enum_label (&ud_health_info, person->health),
                                  person->school_or_employer ? " · " : "",
                                  person->school_or_employer ? person->school_or_employer : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), person->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_set_tooltip_text (label, _("Monthly income"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (group, row);
    }
}

static void
add_figures (UdHardshipDetail   *self,
             AdwPreferencesPage *page)
{
  const UdHardshipFile *file = self->file;
  AdwPreferencesGroup *group = group_new (page, _("Income and the Computed Figures"));
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *size = g_strdup_printf ("%d", file->household_size);

  money_row (group, _("Other income in the year"), file->other_income_fen);
  money_row (group, _("The year’s costs of the accident or disaster"), file->hardship_costs_fen);
  money_row (group, _("Rigid expenses in the year"), file->rigid_expenses_fen);
  info_row (group, _("Household size"), size);
  money_row (group, _("Household annual income"), file->annual_income_fen);
  money_row (group, _("Monthly income per person"), file->per_capita_monthly_fen);
  money_row (group, _("Local minimum living standard (低保) used"), file->dibao_monthly_fen);
  info_row (group, _("Proposed category"),
            ud_enum_label (&ud_hardship_category_info, file->proposed_category));

  /* The policy values stored with the computation. */
  node = file->policy_snapshot ? json_from_string (file->policy_snapshot, NULL) : NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *snapshot = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (snapshot);

      for (GList *l = names; l != NULL; l = l->next)
        {
          const UdPolicyParamInfo *info = ud_policy_param_lookup (l->data);
          JsonObject *entry = json_object_get_object_member (snapshot, l->data);
          g_autofree char *value = NULL;
          g_autofree char *text = NULL;
          const char *region;
          const char *from;
          gint64 number;

          if (info == NULL || entry == NULL || !json_object_has_member (entry, "value"))
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
          if (*region != '\0')
            /* Translators: a policy value used: "¥1,000.00 (region 110105, from 2024-07-01)" */
            text = g_strdup_printf (_("%s (region %s, from %s)"), value, region, from);
          else
            text = g_strdup_printf (_("%s (from %s)"), value, from);
          info_row (group, ud_policy_param_label (info), text);
        }
    }
}

static void
add_causes_and_bank (UdHardshipDetail   *self,
                     AdwPreferencesPage *page)
{
  const UdHardshipFile *file = self->file;
  AdwPreferencesGroup *group = group_new (page, _("Causes and Documents"));
  g_autofree char *secondary = bits_labels (&ud_hardship_cause_info, file->secondary_causes);
  g_autofree char *documents = bits_labels (&ud_hardship_document_info, file->documents);
  g_autofree char *masked = ud_hardship_file_dup_masked_bank_account (file);

  info_row (group, _("Main cause"), ud_enum_label (&ud_hardship_cause_info, file->main_cause));
  info_row (group, _("Secondary causes"), secondary);
  info_row (group, _("Documents received"), documents);

  group = group_new (page, _("Bank Account for Aid Payments"));
  info_row (group, _("Bank"), file->bank_name);
  info_row (group, _("Account number"), masked);
  info_row (group, _("Account holder"), file->bank_holder);
}

static void
add_history (UdHardshipDetail   *self,
             AdwPreferencesPage *page)
{
  g_autoptr(GPtrArray) events = ud_hardship_store_history (self->db, self->file_id, NULL);
  UdAuditFilter filter = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  AdwPreferencesGroup *group;

  group = group_new (page, _("History"));
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const UdHardshipEvent *event = g_ptr_array_index (events, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: a step of a file's history, "Draft → Submitted" */
      title = g_strdup_printf (_("%s → %s"),
                               ud_enum_label (&ud_hardship_status_info, event->from_status),
                               ud_enum_label (&ud_hardship_status_info, event->to_status));
      if (g_strcmp0 (event->action, "create") == 0)
        {
          g_free (title);
          title = g_strdup (ud_enum_label (&ud_hardship_status_info, event->to_status));
        }
      /* Translators: when and who, and the reason if any: "2026-03-01 · 王芳 · 材料不全" */
      subtitle = g_strdup_printf ("%s · %s%s%s", event->event_date ? event->event_date : "",
                                  event->account_name ? event->account_name : "",
                                  event->reason ? " · " : "", event->reason ? event->reason : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (group, row);
    }

  group = group_new (page, _("Audit Trail of This File"));
  filter.entity = (char *) "hardship_file";
  filter.record_uuid = self->file->uuid;
  entries = ud_audit_list (self->db, &filter, 0, 200, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    adw_preferences_group_add (group, ud_audit_row_new (g_ptr_array_index (entries, i), FALSE));
  if (entries == NULL || entries->len == 0)
    adw_preferences_group_set_description (group, _("No entries."));
}

/* Workflow buttons */

static const char *
step_tooltip (const char *name)
{
  static const struct
  {
    const char *name;
    const char *tooltip;
  } tooltips[] = {
    { "hardship.edit", N_("Correct the file") },
    { "hardship.submit", N_("Send the file to the reviewers") },
    { "hardship.verify", N_("Start checking the file at the household") },
    { "hardship.publicise", N_("Publicise the household for the set number of days") },
    { "hardship.review", N_("Confirm or override the proposed category") },
    { "hardship.approve", N_("File the household") },
    { "hardship.annual-start", N_("Check that the household still qualifies this year") },
    { "hardship.conclude", N_("Keep, reclassify or exit the household") },
    { "hardship.exit", N_("The household leaves the hardship files") },
    { "hardship.reopen", N_("Open the file again after a relapse") },
    { "hardship.return", N_("Send the file back to the clerk for correction") },
    { "hardship.reject", N_("Do not file the household") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tooltips); i++)
    if (g_str_equal (tooltips[i].name, name))
      return _(tooltips[i].tooltip);
  return NULL;
}

static void
update_steps (UdHardshipDetail *self)
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

      gtk_widget_set_visible (button, self->file != NULL
                                      && (steps[i].from & (1u << self->file->status)) != 0);
      gtk_widget_set_sensitive (button, TRUE);
      gtk_widget_set_tooltip_text (button, step_tooltip (name));
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
              && self->file != NULL
              && (account->id == self->file->created_by
                  || account->id == self->file->last_edited_by))
            {
              const char *message = _("You entered or last changed this file: another approver "
                                      "must file it");

              gtk_widget_set_sensitive (button, FALSE);
              gtk_widget_set_tooltip_text (button, message);
              gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                              -1);
            }
          break;
        case WHO_REVIEWER_OR_APPROVER:
        default:
          if (!ud_guard_allows (account, UD_ACTION_APPROVE))
            ud_form_guard (button, account, UD_ACTION_REVIEW);
          break;
        }
    }
}

static void
show_step_error (UdHardshipDetail *self,
                 const char       *message)
{
  gtk_label_set_text (self->step_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->step_error), message != NULL && *message != '\0');
}

static void
on_step_done (UdHardshipDetail *self)
{
  show_step_error (self, NULL);
  reload (self);
}

static void
open_step_dialog (UdHardshipDetail *self,
                  UdHardshipStep    step)
{
  UdHardshipActionDialog *dialog = ud_hardship_action_dialog_new (self->db, self->file, step);

  g_signal_connect_object (dialog, "done", G_CALLBACK (on_step_done), self, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_step_clicked (GtkWidget        *button,
                 UdHardshipDetail *self)
{
  const char *name = gtk_widget_get_name (button);
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self->file == NULL)
    return;

  show_step_error (self, NULL);

  if (g_str_equal (name, "hardship.edit"))
    ud_hardship_editor_present (GTK_WIDGET (self), self->db, self->file_id);
  else if (g_str_equal (name, "hardship.submit"))
    open_step_dialog (self, UD_HARDSHIP_STEP_SUBMIT);
  else if (g_str_equal (name, "hardship.verify"))
    ok = ud_hardship_store_start_verification (self->db, account, self->file_id, &error);
  else if (g_str_equal (name, "hardship.publicise"))
    open_step_dialog (self, UD_HARDSHIP_STEP_PUBLICISE);
  else if (g_str_equal (name, "hardship.review"))
    open_step_dialog (self, UD_HARDSHIP_STEP_REVIEW);
  else if (g_str_equal (name, "hardship.approve"))
    open_step_dialog (self, UD_HARDSHIP_STEP_APPROVE);
  else if (g_str_equal (name, "hardship.annual-start"))
    ok = ud_hardship_store_start_annual_review (self->db, account, self->file_id, &error);
  else if (g_str_equal (name, "hardship.conclude"))
    open_step_dialog (self, UD_HARDSHIP_STEP_CONCLUDE_REVIEW);
  else if (g_str_equal (name, "hardship.exit"))
    open_step_dialog (self, UD_HARDSHIP_STEP_EXIT);
  else if (g_str_equal (name, "hardship.reopen"))
    open_step_dialog (self, UD_HARDSHIP_STEP_REOPEN);
  else if (g_str_equal (name, "hardship.return"))
    open_step_dialog (self, UD_HARDSHIP_STEP_RETURN);
  else if (g_str_equal (name, "hardship.reject"))
    open_step_dialog (self, UD_HARDSHIP_STEP_REJECT);

  if (!ok)
    show_step_error (self, error->message);
  else
    reload (self);
}

/* Loading */

static void
reload (UdHardshipDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdHardshipFile) file = ud_hardship_store_get (self->db, self->file_id, &error);
  g_autofree char *title = NULL;
  GtkWidget *page;

  if (file == NULL)
    {
      show_step_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->file, ud_hardship_file_free);
  self->file = g_steal_pointer (&file);

  /* Translators: the window title, "困难职工档案 KN2026-00001" */
  title = g_strdup_printf (_("Hardship File %s"), self->file->file_number);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, self->file->worker_name);
  adw_window_title_set_subtitle (self->window_title, title);

  page = adw_preferences_page_new ();
  add_status (self, ADW_PREFERENCES_PAGE (page));
  add_worker (self, ADW_PREFERENCES_PAGE (page));
  add_household (self, ADW_PREFERENCES_PAGE (page));
  add_figures (self, ADW_PREFERENCES_PAGE (page));
  add_causes_and_bank (self, ADW_PREFERENCES_PAGE (page));
  add_history (self, ADW_PREFERENCES_PAGE (page));
  adw_bin_set_child (self->page_bin, page);

  update_steps (self);
}

static void
database_changed_cb (UdHardshipDetail *self,
                     const char       *entity,
                     UdDatabase       *db)
{
  if (entity == NULL || g_str_equal (entity, "hardship_file") || g_str_equal (entity, "member"))
    reload (self);
}

UdHardshipDetail *
ud_hardship_detail_new (UdDatabase  *db,
                        gint64       file_id,
                        GError     **error)
{
  g_autoptr(UdHardshipFile) file = NULL;
  UdHardshipDetail *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  if ((file = ud_hardship_store_get (db, file_id, error)) == NULL)
    return NULL;

  self = g_object_new (UD_TYPE_HARDSHIP_DETAIL, NULL);
  self->db = g_object_ref (db);
  self->file_id = file_id;
  g_signal_connect_object (db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

gint64
ud_hardship_detail_get_file_id (UdHardshipDetail *self)
{
  g_return_val_if_fail (UD_IS_HARDSHIP_DETAIL (self), 0);

  return self->file_id;
}

void
ud_hardship_detail_present (GtkWidget  *parent,
                            UdDatabase *db,
                            gint64      file_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GtkWindow *window = ud_form_get_window (parent);
  UdHardshipDetail *self;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (UD_IS_HARDSHIP_DETAIL (l->data) && UD_HARDSHIP_DETAIL (l->data)->file_id == file_id
        && UD_HARDSHIP_DETAIL (l->data)->db == db)
      {
        gtk_window_present (l->data);
        return;
      }

  self = ud_hardship_detail_new (db, file_id, &error);
  if (self == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("The Hardship File Cannot Be Opened"),
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

static void
ud_hardship_detail_dispose (GObject *object)
{
  UdHardshipDetail *self = UD_HARDSHIP_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_HARDSHIP_DETAIL);
  /* Disposed is not finalized: no more database changes for it. */
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_hardship_detail_parent_class)->dispose (object);
}

static void
ud_hardship_detail_finalize (GObject *object)
{
  UdHardshipDetail *self = UD_HARDSHIP_DETAIL (object);

  g_clear_pointer (&self->file, ud_hardship_file_free);

  G_OBJECT_CLASS (ud_hardship_detail_parent_class)->finalize (object);
}

/* Printed form (ud-form-print.c): 困难职工档案登记表 to a printer or a PDF file. */
static void
print_form_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  UdHardshipDetail *self = UD_HARDSHIP_DETAIL (widget);

  if (g_str_equal (action_name, "detail.export-pdf"))
    ud_form_export_hardship_file (GTK_WINDOW (self), self->db, self->file_id);
  else
    ud_form_print_hardship_file (GTK_WINDOW (self), self->db, self->file_id);
}

/* The household's aid applications, in the main window's aid section. */
static void
applications_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  UdHardshipDetail *self = UD_HARDSHIP_DETAIL (widget);

  ud_aid_page_show_file (widget, self->file_id, self->file ? self->file->file_number : NULL);
}

static void
ud_hardship_detail_class_init (UdHardshipDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_hardship_detail_dispose;
  object_class->finalize = ud_hardship_detail_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-hardship-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, UdHardshipDetail, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipDetail, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipDetail, steps_box);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipDetail, step_error);
  gtk_widget_class_bind_template_child (widget_class, UdHardshipDetail, page_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_step_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_install_action (widget_class, "detail.print-form", NULL, print_form_action);
  gtk_widget_class_install_action (widget_class, "detail.export-pdf", NULL, print_form_action);
  gtk_widget_class_install_action (widget_class, "detail.applications", NULL,
                                   applications_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "detail.print-form", NULL);
}

static void
ud_hardship_detail_init (UdHardshipDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
