/* ud-hardship-editor.c — opening and correcting a hardship file (困难职工档案)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The worker is picked from the live members by name or ID number; the household members are
 * expander rows added and removed as the person types. Every change recomputes the household
 * figures and the proposed category (ud_hardship_file_compute() with the 低保 standard in force
 * for the region), shown read-only. Saving goes through ud_hardship_store_create() or _update();
 * a refusal is shown under the field the core names, and nothing typed is lost. */
#define G_LOG_DOMAIN "ud-hardship-editor"

#include <stdio.h>

#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-hardship-editor.h"
#include "ud-hardship-store.h"
#include "ud-i18n.h"
#include "ud-id-number.h"
#include "ud-mask.h"
#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-money.h"
#include "ud-org.h"
#include "ud-policy.h"

#define MEMBER_ID_KEY "ud-member-id"
#define MAX_MATCHES 8

/* One household member's rows. */
typedef struct
{
  GtkWidget   *expander;     /* borrowed: a row of household_group */
  AdwEntryRow *name;
  AdwComboRow *relation;
  AdwEntryRow *id_number;
  AdwEntryRow *birth_date;
  AdwComboRow *health;
  AdwEntryRow *income;
  AdwEntryRow *school;
  char        *uuid;         /* owned: NULL for a new person */
  gint64       id;
  gint64       version;
} Person;

struct _UdHardshipEditor
{
  AdwWindow            parent_instance;

  UdDatabase          *db;                 /* owned */
  UdHardshipFile      *file;               /* owned: as loaded, or NULL for a new file */
  gint64               member_id;          /* the chosen worker, 0 for none */
  char                *worker_region;      /* owned: the worker's union's region code */
  GPtrArray           *people;             /* owned: Person */
  GtkWidget           *cause_checks[16];   /* borrowed: by UdHardshipCause */
  GtkWidget           *document_checks[16];/* borrowed: by UdHardshipDocument */
  char                *snapshot;           /* owned: the fields as loaded */
  gboolean             loading;
  gboolean             closing;

  /* template */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  GtkWidget           *scroller;
  GtkLabel            *general_error;
  AdwEntryRow         *worker_row;
  AdwActionRow        *worker_value;
  GtkListBox          *worker_matches;
  AdwEntryRow         *region_row;
  AdwComboRow         *work_status_row;
  AdwComboRow         *health_row;
  AdwEntryRow         *disability_row;
  AdwComboRow         *housing_row;
  AdwEntryRow         *worker_income_row;
  AdwPreferencesGroup *household_group;
  AdwEntryRow         *other_income_row;
  AdwEntryRow         *hardship_costs_row;
  AdwEntryRow         *rigid_expenses_row;
  GtkLabel            *size_value;
  GtkLabel            *annual_value;
  GtkLabel            *per_capita_value;
  AdwActionRow        *dibao_row;
  GtkLabel            *dibao_value;
  GtkLabel            *proposed_value;
  AdwComboRow         *main_cause_row;
  AdwExpanderRow      *secondary_row;
  AdwExpanderRow      *documents_row;
  AdwEntryRow         *bank_name_row;
  AdwEntryRow         *bank_account_row;
  AdwEntryRow         *bank_holder_row;
};

G_DEFINE_FINAL_TYPE (UdHardshipEditor, ud_hardship_editor, ADW_TYPE_WINDOW)

static void recompute (UdHardshipEditor *self);

static void
person_free (Person *person)
{
  g_free (person->uuid);
  g_free (person);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static char *
dup_text (AdwEntryRow *row)
{
  return ud_form_dup_text (GTK_EDITABLE (row));
}

static char *
dup_text_or_null (AdwEntryRow *row)
{
  char *text = dup_text (row);

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
set_money (AdwEntryRow *row,
           gint64       fen)
{
  g_autofree char *text = fen != 0 ? ud_money_format (fen) : NULL;

  set_text (row, text);
}

static void
show_general_error (UdHardshipEditor *self,
                    const char       *message)
{
  gtk_label_set_text (self->general_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), !is_blank (message));
}

/* The fields as text, to tell whether anything was changed since loading: every editable,
 * drop-down and check button under the scroller, and the worker. */
static void
snapshot_widget (GtkWidget *widget,
                 GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ENTRY_ROW (child))
        g_string_append_printf (out, "%s\x1f", gtk_editable_get_text (GTK_EDITABLE (child)));
      else if (ADW_IS_COMBO_ROW (child))
        g_string_append_printf (out, "%u\x1f", adw_combo_row_get_selected (ADW_COMBO_ROW (child)));
      else if (GTK_IS_CHECK_BUTTON (child))
        g_string_append_printf (out, "%d\x1f",
                                gtk_check_button_get_active (GTK_CHECK_BUTTON (child)));

      if (!ADW_IS_ENTRY_ROW (child))
        snapshot_widget (child, out);
    }
}

static char *
snapshot_fields (UdHardshipEditor *self)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%" G_GINT64_FORMAT "\x1e%u\x1e", self->member_id,
                          self->people->len);
  snapshot_widget (self->scroller, out);
  return g_string_free (out, FALSE);
}

static gboolean
is_dirty (UdHardshipEditor *self)
{
  g_autofree char *now = snapshot_fields (self);

  return g_strcmp0 (now, self->snapshot) != 0;
}

/* Money fields: yuan as typed, fen inside. Blank is zero. */
static gboolean
parse_money_row (AdwEntryRow *row,
                 const char  *label,
                 gint64      *out_fen,
                 gboolean     show)
{
  g_autofree char *text = dup_text (row);
  g_autoptr(GError) error = NULL;

  *out_fen = 0;
  if (*text == '\0')
    {
      if (show)
        ud_form_set_error (GTK_WIDGET (row), NULL);
      return TRUE;
    }

  if (!ud_money_parse (text, 0, UD_MONEY_MAX_FEN, label, out_fen, &error))
    {
      *out_fen = 0;
      if (show)
        ud_form_set_error (GTK_WIDGET (row), error->message);
      return FALSE;
    }

  if (show)
    ud_form_set_error (GTK_WIDGET (row), NULL);
  return TRUE;
}

/* The widgets' values in @file (the editable fields only; the rest is kept). With @show,
 * malformed amounts are shown under their fields; returns the first such row or NULL. */
static GtkWidget *
fill_file (UdHardshipEditor *self,
           UdHardshipFile   *file,
           gboolean          show)
{
  GtkWidget *bad_row = NULL;

#define MONEY(row, label, field) \
  G_STMT_START { \
    if (!parse_money_row (row, label, &file->field, show) && bad_row == NULL) \
      bad_row = GTK_WIDGET (row); \
  } G_STMT_END

  file->member_id = self->member_id;
  g_free (file->region_code);
  file->region_code = dup_text_or_null (self->region_row);
  file->work_status = adw_combo_row_get_selected (self->work_status_row);
  file->health = adw_combo_row_get_selected (self->health_row);
  g_free (file->disability);
  file->disability = dup_text_or_null (self->disability_row);
  file->housing = adw_combo_row_get_selected (self->housing_row);

  MONEY (self->worker_income_row, _("Worker’s monthly income"), worker_monthly_income_fen);
  MONEY (self->other_income_row, _("Other income"), other_income_fen);
  MONEY (self->hardship_costs_row, _("The year’s hardship costs"), hardship_costs_fen);
  MONEY (self->rigid_expenses_row, _("Rigid expenses"), rigid_expenses_fen);

  file->main_cause = adw_combo_row_get_selected (self->main_cause_row);
  file->secondary_causes = 0;
  for (guint i = 0; i < ud_hardship_cause_info.n_values; i++)
    if (self->cause_checks[i] != NULL
        && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->cause_checks[i])))
      file->secondary_causes |= 1u << i;
  file->documents = 0;
  for (guint i = 0; i < ud_hardship_document_info.n_values; i++)
    if (self->document_checks[i] != NULL
        && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->document_checks[i])))
      file->documents |= 1u << i;

  g_free (file->bank_name);
  file->bank_name = dup_text_or_null (self->bank_name_row);
  g_free (file->bank_account);
  file->bank_account = dup_text_or_null (self->bank_account_row);
  g_free (file->bank_holder);
  file->bank_holder = dup_text_or_null (self->bank_holder_row);

  g_ptr_array_set_size (file->household, 0);
  for (guint i = 0; i < self->people->len; i++)
    {
      Person *person = g_ptr_array_index (self->people, i);
      UdHouseholdMember *member = ud_household_member_new ();

      member->id = person->id;
      member->uuid = g_strdup (person->uuid);
      member->version = person->version;
      member->name = dup_text_or_null (person->name);
      member->relation = adw_combo_row_get_selected (person->relation);
      member->id_number = dup_text_or_null (person->id_number);
      member->birth_date = dup_text_or_null (person->birth_date);
      member->health = adw_combo_row_get_selected (person->health);
      member->school_or_employer = dup_text_or_null (person->school);
      if (!parse_money_row (person->income, _("Monthly income"), &member->monthly_income_fen,
                            show)
          && bad_row == NULL)
        bad_row = GTK_WIDGET (person->income);
      g_ptr_array_add (file->household, member);
    }

#undef MONEY
  return bad_row;
}

/* The computed figures */

static const char *
region_for_policy (UdHardshipEditor *self,
                   char            **owned)
{
  *owned = dup_text (self->region_row);
  if (**owned != '\0')
    return *owned;
  return self->worker_region;
}

static void
set_category_style (GtkWidget          *label,
                    UdHardshipCategory  category)
{
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "accent");
  if (category == UD_HARDSHIP_CATEGORY_DEEP)
    gtk_widget_add_css_class (label, "error");
  else if (category == UD_HARDSHIP_CATEGORY_RELATIVE)
    gtk_widget_add_css_class (label, "warning");
  else if (category == UD_HARDSHIP_CATEGORY_ACCIDENT)
    gtk_widget_add_css_class (label, "accent");
}

static void
recompute (UdHardshipEditor *self)
{
  g_autoptr(UdHardshipFile) file = ud_hardship_file_new ();
  g_autoptr(UdPolicyValue) dibao = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *region_owned = NULL;
  g_autofree char *size = NULL;
  g_autofree char *annual = NULL;
  g_autofree char *per_capita = NULL;
  g_autofree char *dibao_text = NULL;
  g_autofree char *subtitle = NULL;
  const char *region;
  gint64 ratio_bp = 8000;
  GDate today;

  if (self->loading)
    return;

  fill_file (self, file, TRUE);

  region = region_for_policy (self, &region_owned);
  ud_date_today (&today);
  dibao = ud_policy_lookup (self->db, UD_POLICY_DIBAO_MONTHLY, region, &today, &error);
  if (!ud_policy_value (self->db, UD_POLICY_ACCIDENT_RATIO, region, &today, &ratio_bp, NULL))
    ratio_bp = 8000;

  ud_hardship_file_compute (file, dibao ? dibao->value : 0, ratio_bp);

  size = g_strdup_printf ("%d", file->household_size);
  gtk_label_set_text (self->size_value, size);
  annual = ud_money_format_yuan (file->annual_income_fen);
  gtk_label_set_text (self->annual_value, annual);
  per_capita = ud_money_format_yuan (file->per_capita_monthly_fen);
  gtk_label_set_text (self->per_capita_value, per_capita);

  if (dibao != NULL)
    {
      dibao_text = ud_money_format_yuan (dibao->value);
      if (!is_blank (dibao->region))
        /* Translators: the 低保 standard's origin: a region code and a date */
        subtitle = g_strdup_printf (_("Region %s, in force from %s"), dibao->region,
                                    dibao->effective_from);
      else
        subtitle = g_strdup_printf (_("For every region, in force from %s"),
                                    dibao->effective_from);
      gtk_label_set_text (self->dibao_value, dibao_text);
      adw_action_row_set_subtitle (self->dibao_row, subtitle);
      gtk_label_set_text (self->proposed_value,
                          ud_enum_label (&ud_hardship_category_info, file->proposed_category));
      set_category_style (GTK_WIDGET (self->proposed_value), file->proposed_category);
    }
  else
    {
      gtk_label_set_text (self->dibao_value, "—");
      adw_action_row_set_subtitle (self->dibao_row, error ? error->message : "");
      gtk_label_set_text (self->proposed_value, "—");
      set_category_style (GTK_WIDGET (self->proposed_value), UD_HARDSHIP_CATEGORY_NONE);
    }
}

/* Causes and documents */

static void
update_causes (UdHardshipEditor *self)
{
  g_autoptr(GError) error = NULL;
  GString *chosen = g_string_new (NULL);
  UdHardshipCause main_cause = adw_combo_row_get_selected (self->main_cause_row);
  guint bits = 0;

  for (guint i = 1; i < ud_hardship_cause_info.n_values; i++)
    if (self->cause_checks[i] != NULL
        && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->cause_checks[i])))
      {
        bits |= 1u << i;
        if (chosen->len > 0)
          /* Translators: between the items of a list */
          g_string_append (chosen, _(", "));
        g_string_append (chosen, ud_enum_label (&ud_hardship_cause_info, (int) i));
      }

  adw_expander_row_set_subtitle (self->secondary_row,
                                 chosen->len > 0 ? chosen->str : _("None chosen"));
  g_string_free (chosen, TRUE);

  if (self->loading)
    return;

  /* The core's rule, as the person ticks. No main cause yet is only an error at saving: check
   * the secondary ones against a cause none of them is. */
  ud_form_set_error (GTK_WIDGET (self->main_cause_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->secondary_row), NULL);
  if (main_cause == UD_HARDSHIP_CAUSE_NONE)
    for (guint i = 1; i < ud_hardship_cause_info.n_values; i++)
      if ((bits & (1u << i)) == 0)
        {
          main_cause = i;
          break;
        }
  if (!ud_hardship_check_causes (main_cause, bits, &error))
    {
      const char *field = ud_error_get_field (error);

      ud_form_set_error (g_strcmp0 (field, "main_cause") == 0 ? GTK_WIDGET (self->main_cause_row)
                                                              : GTK_WIDGET (self->secondary_row),
                         error->message);
    }
}

static void
update_documents (UdHardshipEditor *self)
{
  g_autofree char *subtitle = NULL;
  guint n = 0;

  for (guint i = 0; i < ud_hardship_document_info.n_values; i++)
    if (self->document_checks[i] != NULL
        && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->document_checks[i])))
      n++;

  /* Translators: the documents checklist, "3 of 9 received" */
  subtitle = g_strdup_printf (_("%u of %u received"), n, ud_hardship_document_info.n_values);
  adw_expander_row_set_subtitle (self->documents_row, subtitle);
}

static GtkWidget *
check_row_new (AdwExpanderRow *expander,
               const char     *label,
               GCallback       toggled,
               gpointer        user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_swapped (check, "toggled", toggled, user_data);
  adw_expander_row_add_row (expander, row);
  return check;
}

static void
on_cause_toggled (UdHardshipEditor *self)
{
  update_causes (self);
}

static void
on_document_toggled (UdHardshipEditor *self)
{
  update_documents (self);
}

static void
on_causes_changed (UdHardshipEditor *self)
{
  /* A secondary cause cannot also be the main one: its box is greyed out. */
  UdHardshipCause main_cause = adw_combo_row_get_selected (self->main_cause_row);

  for (guint i = 1; i < ud_hardship_cause_info.n_values; i++)
    if (self->cause_checks[i] != NULL)
      gtk_widget_set_sensitive (gtk_widget_get_ancestor (self->cause_checks[i],
                                                         GTK_TYPE_LIST_BOX_ROW),
                                i != main_cause);
  update_causes (self);
}

/* The worker */

static void
clear_matches (UdHardshipEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->worker_matches))) != NULL)
    gtk_list_box_remove (self->worker_matches, child);
  gtk_widget_set_visible (GTK_WIDGET (self->worker_matches), FALSE);
}

static void
show_worker (UdHardshipEditor *self,
             const char       *name,
             const char       *id_number,
             const char       *org_name)
{
  g_autofree char *masked = ud_mask_id_number (id_number);
  g_autofree char *subtitle = NULL;

  subtitle = g_strdup_printf ("%s · %s", masked ? masked : "", org_name ? org_name : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->worker_value), name ? name : "");
  adw_action_row_set_subtitle (self->worker_value, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->worker_value), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->worker_row),
                                 _("Find another worker (name or ID number)"));
}

static void
choose_worker (UdHardshipEditor *self,
               const UdMember   *member)
{
  g_autoptr(UdOrg) org = ud_org_get (self->db, member->org_id, NULL);
  gboolean was_loading = self->loading;

  self->member_id = member->id;
  g_free (self->worker_region);
  self->worker_region = g_strdup (org ? org->region_code : NULL);
  show_worker (self, member->name, member->id_number, member->org_name);

  self->loading = TRUE;
  set_text (self->worker_row, "");
  self->loading = was_loading;
  clear_matches (self);
  ud_form_set_error (GTK_WIDGET (self->worker_row), NULL);
  recompute (self);
}

static void
on_worker_match_activated (UdHardshipEditor *self,
                           GtkListBoxRow    *row)
{
  gint64 *member_id = g_object_get_data (G_OBJECT (row), MEMBER_ID_KEY);
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GError) error = NULL;

  if (member_id == NULL)
    return;

  member = ud_member_store_get (self->db, *member_id, &error);
  if (member == NULL)
    {
      ud_form_set_error (GTK_WIDGET (self->worker_row), error->message);
      return;
    }
  choose_worker (self, member);
}

static void
on_worker_search_changed (UdHardshipEditor *self)
{
  g_autoptr(UdMemberQuery) query = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *text = NULL;

  if (self->loading)
    return;

  clear_matches (self);
  ud_form_set_error (GTK_WIDGET (self->worker_row), NULL);
  text = dup_text (self->worker_row);
  if (*text == '\0')
    return;

  query = ud_member_query_new ();
  query->text = g_strdup (text);
  query->status = UD_MEMBER_QUERY_LIVE;
  members = ud_member_query_fetch (self->db, query, 0, MAX_MATCHES, NULL);

  if (members == NULL || members->len == 0)
    {
      ud_form_set_error (GTK_WIDGET (self->worker_row),
                         _("No live member matches: the worker must be a member of the union"));
      return;
    }

  for (guint i = 0; i < members->len; i++)
    {
      const UdMember *member = g_ptr_array_index (members, i);
      g_autofree char *masked = ud_mask_id_number (member->id_number);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", masked ? masked : "",
                                                   member->org_name ? member->org_name : "");
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), MEMBER_ID_KEY,
                              g_memdup2 (&member->id, sizeof member->id), g_free);
      gtk_list_box_append (self->worker_matches, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->worker_matches), TRUE);
}

/* Field changes */

static void
on_field_changed (UdHardshipEditor *self)
{
  recompute (self);
}

static void
on_money_changed (UdHardshipEditor *self)
{
  recompute (self);
}

static void
on_region_changed (UdHardshipEditor *self)
{
  ud_form_set_error (GTK_WIDGET (self->region_row), NULL);
  recompute (self);
}

static void
on_bank_account_changed (UdHardshipEditor *self)
{
  ud_form_set_error (GTK_WIDGET (self->bank_account_row), NULL);
}

/* Household members */

static Person *
find_person (UdHardshipEditor *self,
             GtkWidget        *widget,
             guint            *index)
{
  for (guint i = 0; i < self->people->len; i++)
    {
      Person *person = g_ptr_array_index (self->people, i);

      if (widget == person->expander || gtk_widget_is_ancestor (widget, person->expander))
        {
          if (index != NULL)
            *index = i;
          return person;
        }
    }
  return NULL;
}

static void
update_person_title (UdHardshipEditor *self,
                     Person           *person)
{
  g_autofree char *name = dup_text (person->name);
  guint index = 0;
  g_autofree char *title = NULL;

  find_person (self, person->expander, &index);
  if (*name != '\0')
    title = g_strdup (name);
  else
    /* Translators: a household member not yet named, "Person 2" */
    title = g_strdup_printf (_("Person %u"), index + 1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (person->expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (person->expander),
                                 ud_enum_label (&ud_relation_info,
                                                adw_combo_row_get_selected (person->relation)));
}

static void
on_person_changed (GtkWidget        *widget,
                   GParamSpec       *pspec,
                   UdHardshipEditor *self)
{
  Person *person = find_person (self, widget, NULL);

  if (person == NULL)
    return;
  ud_form_set_error (widget, NULL);
  update_person_title (self, person);
  recompute (self);
}

static void
on_person_text_changed (GtkWidget        *widget,
                        UdHardshipEditor *self)
{
  on_person_changed (widget, NULL, self);
}

/* As the ID number is typed: a valid one fills in the birth date and is looked up among the
 * live files; one held by another file is named at once. */
static void
on_person_id_changed (GtkWidget        *widget,
                      UdHardshipEditor *self)
{
  Person *person = find_person (self, widget, NULL);
  g_autofree char *text = NULL;
  g_autofree char *birth = NULL;
  g_autoptr(UdHardshipFile) other = NULL;
  UdIdNumber id;

  if (person == NULL || self->loading)
    return;

  ud_form_set_error (widget, NULL);
  text = dup_text (person->id_number);
  if (!ud_id_number_parse (text, NULL, &id, NULL))
    return;

  birth = ud_date_format (&id.birth_date);
  set_text (person->birth_date, birth);

  other = ud_hardship_store_find_live (self->db, id.number, NULL);
  if (other != NULL && (self->file == NULL || other->id != self->file->id))
    {
      g_autofree char *message = NULL;

      /* Translators: "This ID number is already in the live hardship file KN2026-00012 (张三)" */
      message = g_strdup_printf (_("This ID number is already in the live hardship file %s (%s)"),
                                 other->file_number, other->worker_name);
      ud_form_set_error (widget, message);
    }
}

static void
remove_person (UdHardshipEditor *self,
               GtkWidget        *button)
{
  guint index;
  Person *person = find_person (self, button, &index);

  if (person == NULL)
    return;

  adw_preferences_group_remove (self->household_group, person->expander);
  g_ptr_array_remove_index (self->people, index);
  for (guint i = 0; i < self->people->len; i++)
    update_person_title (self, g_ptr_array_index (self->people, i));
  recompute (self);
}

static AdwEntryRow *
person_entry_new (Person     *person,
                  const char *title,
                  const char *name)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_name (row, name);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (person->expander), row);
  return ADW_ENTRY_ROW (row);
}

static AdwComboRow *
person_combo_new (Person           *person,
                  const char       *title,
                  const UdEnumInfo *info)
{
  g_autoptr(GListModel) model = ud_form_enum_model_new (info);
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), model);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (person->expander), row);
  return ADW_COMBO_ROW (row);
}

static Person *
add_person (UdHardshipEditor        *self,
            const UdHouseholdMember *member)
{
  Person *person = g_new0 (Person, 1);
  GtkWidget *remove;

  person->expander = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (person->expander), FALSE);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this person from the household"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this person from the household"),
                                  -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_person), self,
                           G_CONNECT_SWAPPED);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (person->expander), remove);

  person->name = person_entry_new (person, _("Name"), "name");
  person->relation = person_combo_new (person, _("Relation to the worker"), &ud_relation_info);
  person->id_number = person_entry_new (person, _("ID number"), "id_number");
  person->birth_date = person_entry_new (person, _("Birth date (read from the ID number)"),
                                         "birth_date");
  person->health = person_combo_new (person, _("Health"), &ud_health_info);
  person->income = person_entry_new (person, _("Monthly income (yuan)"), "monthly_income");
  person->school = person_entry_new (person, _("School or employer"), "school");

  if (member != NULL)
    {
      person->id = member->id;
      person->uuid = g_strdup (member->uuid);
      person->version = member->version;
      set_text (person->name, member->name);
      adw_combo_row_set_selected (person->relation, member->relation);
      set_text (person->id_number, member->id_number);
      set_text (person->birth_date, member->birth_date);
      adw_combo_row_set_selected (person->health, member->health);
      set_money (person->income, member->monthly_income_fen);
      set_text (person->school, member->school_or_employer);
    }
  else
    adw_combo_row_set_selected (person->relation, UD_RELATION_SPOUSE);

  g_signal_connect_object (person->name, "changed", G_CALLBACK (on_person_text_changed), self, 0);
  g_signal_connect_object (person->relation, "notify::selected", G_CALLBACK (on_person_changed),
                           self, 0);
  g_signal_connect_object (person->id_number, "changed", G_CALLBACK (on_person_id_changed), self,
                           0);
  g_signal_connect_object (person->birth_date, "changed", G_CALLBACK (on_person_text_changed),
                           self, 0);
  g_signal_connect_object (person->income, "changed", G_CALLBACK (on_person_text_changed), self,
                           0);

  adw_preferences_group_add (self->household_group, person->expander);
  g_ptr_array_add (self->people, person);
  update_person_title (self, person);
  return person;
}

static void
add_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  UdHardshipEditor *self = UD_HARDSHIP_EDITOR (widget);
  Person *person = add_person (self, NULL);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (person->expander), TRUE);
  recompute (self);
  gtk_widget_grab_focus (GTK_WIDGET (person->name));
}

/* Saving */

static GtkWidget *
row_for_field (UdHardshipEditor *self,
               const char       *field)
{
  static const struct
  {
    const char *field;
    gsize       offset;
  } rows[] = {
    { "member_id", G_STRUCT_OFFSET (UdHardshipEditor, worker_row) },
    { "region_code", G_STRUCT_OFFSET (UdHardshipEditor, region_row) },
    { "work_status", G_STRUCT_OFFSET (UdHardshipEditor, work_status_row) },
    { "health", G_STRUCT_OFFSET (UdHardshipEditor, health_row) },
    { "housing", G_STRUCT_OFFSET (UdHardshipEditor, housing_row) },
    { "disability", G_STRUCT_OFFSET (UdHardshipEditor, disability_row) },
    { "worker_monthly_income_fen", G_STRUCT_OFFSET (UdHardshipEditor, worker_income_row) },
    { "other_income_fen", G_STRUCT_OFFSET (UdHardshipEditor, other_income_row) },
    { "hardship_costs_fen", G_STRUCT_OFFSET (UdHardshipEditor, hardship_costs_row) },
    { "rigid_expenses_fen", G_STRUCT_OFFSET (UdHardshipEditor, rigid_expenses_row) },
    { "main_cause", G_STRUCT_OFFSET (UdHardshipEditor, main_cause_row) },
    { "secondary_causes", G_STRUCT_OFFSET (UdHardshipEditor, secondary_row) },
    { "bank_name", G_STRUCT_OFFSET (UdHardshipEditor, bank_name_row) },
    { "bank_account", G_STRUCT_OFFSET (UdHardshipEditor, bank_account_row) },
    { "bank_holder", G_STRUCT_OFFSET (UdHardshipEditor, bank_holder_row) },
  };
  guint index;
  char name[64];

  if (field == NULL)
    return NULL;

  if (sscanf (field, "household[%u].%63s", &index, name) == 2 && index < self->people->len)
    {
      Person *person = g_ptr_array_index (self->people, index);

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (person->expander), TRUE);
      if (g_str_equal (name, "name"))
        return GTK_WIDGET (person->name);
      if (g_str_equal (name, "relation"))
        return GTK_WIDGET (person->relation);
      if (g_str_equal (name, "id_number"))
        return GTK_WIDGET (person->id_number);
      if (g_str_equal (name, "birth_date"))
        return GTK_WIDGET (person->birth_date);
      if (g_str_equal (name, "monthly_income_fen"))
        return GTK_WIDGET (person->income);
      if (g_str_equal (name, "health"))
        return GTK_WIDGET (person->health);
      return GTK_WIDGET (person->name);
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].field, field))
      return G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);

  return NULL;
}

static void
show_save_error (UdHardshipEditor *self,
                 const GError     *error)
{
  GtkWidget *row = row_for_field (self, ud_error_get_field (error));

  if (row != NULL)
    {
      ud_form_set_error (row, error->message);
      gtk_widget_grab_focus (row);
    }
  else
    show_general_error (self, error->message);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdHardshipEditor *self = UD_HARDSHIP_EDITOR (widget);
  g_autoptr(UdHardshipFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  GtkWindow *parent;
  GtkWidget *bad_row;
  gboolean ok;

  show_general_error (self, NULL);

  if (self->file != NULL && !is_dirty (self))
    {
      self->closing = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  file = self->file ? ud_hardship_file_copy (self->file) : ud_hardship_file_new ();
  if ((bad_row = fill_file (self, file, TRUE)) != NULL)
    {
      gtk_widget_grab_focus (bad_row);
      return;
    }

  if (self->member_id == 0)
    {
      ud_form_set_error (GTK_WIDGET (self->worker_row),
                         _("Worker: find the member the file is for and choose them"));
      gtk_widget_grab_focus (GTK_WIDGET (self->worker_row));
      return;
    }

  if (self->file != NULL)
    ok = ud_hardship_store_update (self->db, account, file, &error);
  else
    ok = ud_hardship_store_create (self->db, account, file, &error);

  if (!ok)
    {
      show_save_error (self, error);
      return;
    }

  if (self->file != NULL)
    /* Translators: %s is a file number */
    toast = g_strdup_printf (_("Hardship file %s was saved"), file->file_number);
  else
    toast = g_strdup_printf (_("Hardship file %s was opened as a draft"), file->file_number);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    ud_form_add_toast (GTK_WIDGET (parent), toast);

  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Closing */

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     UdHardshipEditor *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ask_to_discard (UdHardshipEditor *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Changes?"),
                                              _("What you typed in this hardship file has not "
                                                "been saved and will be lost."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
ud_hardship_editor_close_request (GtkWindow *window)
{
  UdHardshipEditor *self = UD_HARDSHIP_EDITOR (window);

  if (self->closing || !is_dirty (self))
    return FALSE;

  ask_to_discard (self);
  return TRUE;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* Loading */

static void
load (UdHardshipEditor *self)
{
  g_autoptr(GListModel) work = ud_form_enum_model_new (&ud_work_status_info);
  g_autoptr(GListModel) health = ud_form_enum_model_new (&ud_health_info);
  g_autoptr(GListModel) housing = ud_form_enum_model_new (&ud_housing_info);
  g_autoptr(GListModel) causes = ud_form_enum_model_new (&ud_hardship_cause_info);
  const UdHardshipFile *file = self->file;

  self->loading = TRUE;

  adw_combo_row_set_model (self->work_status_row, work);
  adw_combo_row_set_model (self->health_row, health);
  adw_combo_row_set_model (self->housing_row, housing);
  adw_combo_row_set_model (self->main_cause_row, causes);

  g_assert (ud_hardship_cause_info.n_values <= G_N_ELEMENTS (self->cause_checks));
  g_assert (ud_hardship_document_info.n_values <= G_N_ELEMENTS (self->document_checks));
  for (guint i = 1; i < ud_hardship_cause_info.n_values; i++)
    self->cause_checks[i] = check_row_new (self->secondary_row,
                                           ud_enum_label (&ud_hardship_cause_info, (int) i),
                                           G_CALLBACK (on_cause_toggled), self);
  for (guint i = 0; i < ud_hardship_document_info.n_values; i++)
    self->document_checks[i] = check_row_new (self->documents_row,
                                              ud_enum_label (&ud_hardship_document_info, (int) i),
                                              G_CALLBACK (on_document_toggled), self);

  if (file != NULL)
    {
      g_autoptr(UdMember) member = ud_member_store_get (self->db, file->member_id, NULL);
      g_autoptr(UdOrg) org = member ? ud_org_get (self->db, member->org_id, NULL) : NULL;

      gtk_window_set_title (GTK_WINDOW (self), _("Correct Hardship File"));
      adw_window_title_set_title (self->window_title, _("Correct Hardship File"));
      adw_window_title_set_subtitle (self->window_title, file->file_number);

      self->member_id = file->member_id;
      self->worker_region = g_strdup (org ? org->region_code : NULL);
      show_worker (self, file->worker_name, file->worker_id_number,
                   member ? member->org_name : file->org_name);

      set_text (self->region_row, file->region_code);
      adw_combo_row_set_selected (self->work_status_row, file->work_status);
      adw_combo_row_set_selected (self->health_row, file->health);
      set_text (self->disability_row, file->disability);
      adw_combo_row_set_selected (self->housing_row, file->housing);
      set_money (self->worker_income_row, file->worker_monthly_income_fen);
      set_money (self->other_income_row, file->other_income_fen);
      set_money (self->hardship_costs_row, file->hardship_costs_fen);
      set_money (self->rigid_expenses_row, file->rigid_expenses_fen);
      adw_combo_row_set_selected (self->main_cause_row, file->main_cause);
      for (guint i = 1; i < ud_hardship_cause_info.n_values; i++)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (self->cause_checks[i]),
                                     (file->secondary_causes & (1u << i)) != 0);
      for (guint i = 0; i < ud_hardship_document_info.n_values; i++)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (self->document_checks[i]),
                                     (file->documents & (1u << i)) != 0);
      set_text (self->bank_name_row, file->bank_name);
      set_text (self->bank_account_row, file->bank_account);
      set_text (self->bank_holder_row, file->bank_holder);

      for (guint i = 0; file->household != NULL && i < file->household->len; i++)
        add_person (self, g_ptr_array_index (file->household, i));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Hardship File"));
      adw_window_title_set_title (self->window_title, _("New Hardship File"));
    }

  update_causes (self);
  update_documents (self);
  on_causes_changed (self);
  self->loading = FALSE;

  recompute (self);
  self->snapshot = snapshot_fields (self);
}

UdHardshipEditor *
ud_hardship_editor_new (UdDatabase  *db,
                        gint64       file_id,
                        GError     **error)
{
  g_autoptr(UdHardshipFile) file = NULL;
  UdHardshipEditor *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (file_id > 0 && (file = ud_hardship_store_get (db, file_id, error)) == NULL)
    return NULL;

  self = g_object_new (UD_TYPE_HARDSHIP_EDITOR, NULL);
  self->db = g_object_ref (db);
  self->file = g_steal_pointer (&file);
  load (self);

  return self;
}

void
ud_hardship_editor_present (GtkWidget  *parent,
                            UdDatabase *db,
                            gint64      file_id)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  UdHardshipEditor *self;

  g_return_if_fail (parent == NULL || GTK_IS_WIDGET (parent));
  g_return_if_fail (UD_IS_DATABASE (db));

  window = ud_form_get_window (parent);
  self = ud_hardship_editor_new (db, file_id, &error);
  if (self == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("The Hardship File Cannot Be Opened"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  gtk_window_set_transient_for (GTK_WINDOW (self), window);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->worker_row));
}

GtkWidget *
ud_hardship_editor_get_person_row (UdHardshipEditor *self,
                                   guint             index,
                                   const char       *field)
{
  Person *person;

  g_return_val_if_fail (UD_IS_HARDSHIP_EDITOR (self), NULL);

  if (index >= self->people->len || field == NULL)
    return NULL;

  person = g_ptr_array_index (self->people, index);
  if (g_str_equal (field, "name"))
    return GTK_WIDGET (person->name);
  if (g_str_equal (field, "id_number"))
    return GTK_WIDGET (person->id_number);
  if (g_str_equal (field, "birth_date"))
    return GTK_WIDGET (person->birth_date);
  if (g_str_equal (field, "monthly_income"))
    return GTK_WIDGET (person->income);
  if (g_str_equal (field, "school"))
    return GTK_WIDGET (person->school);
  if (g_str_equal (field, "relation"))
    return GTK_WIDGET (person->relation);
  return NULL;
}

GtkWidget *
ud_hardship_editor_get_cause_check (UdHardshipEditor *self,
                                    guint             cause)
{
  g_return_val_if_fail (UD_IS_HARDSHIP_EDITOR (self), NULL);

  return cause < G_N_ELEMENTS (self->cause_checks) ? self->cause_checks[cause] : NULL;
}

GtkWidget *
ud_hardship_editor_get_document_check (UdHardshipEditor *self,
                                       guint             document)
{
  g_return_val_if_fail (UD_IS_HARDSHIP_EDITOR (self), NULL);

  return document < G_N_ELEMENTS (self->document_checks) ? self->document_checks[document]
                                                          : NULL;
}

static void
ud_hardship_editor_dispose (GObject *object)
{
  UdHardshipEditor *self = UD_HARDSHIP_EDITOR (object);

  /* No more recomputing while the rows go. */
  self->loading = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_HARDSHIP_EDITOR);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_hardship_editor_parent_class)->dispose (object);
}

static void
ud_hardship_editor_finalize (GObject *object)
{
  UdHardshipEditor *self = UD_HARDSHIP_EDITOR (object);

  g_clear_pointer (&self->file, ud_hardship_file_free);
  g_free (self->worker_region);
  g_free (self->snapshot);

  G_OBJECT_CLASS (ud_hardship_editor_parent_class)->finalize (object);
}

static void
ud_hardship_editor_class_init (UdHardshipEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ud_hardship_editor_dispose;
  object_class->finalize = ud_hardship_editor_finalize;
  window_class->close_request = ud_hardship_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-hardship-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, UdHardshipEditor, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (save_button);
  BIND (scroller);
  BIND (general_error);
  BIND (worker_row);
  BIND (worker_value);
  BIND (worker_matches);
  BIND (region_row);
  BIND (work_status_row);
  BIND (health_row);
  BIND (disability_row);
  BIND (housing_row);
  BIND (worker_income_row);
  BIND (household_group);
  BIND (other_income_row);
  BIND (hardship_costs_row);
  BIND (rigid_expenses_row);
  BIND (size_value);
  BIND (annual_value);
  BIND (per_capita_value);
  BIND (dibao_row);
  BIND (dibao_value);
  BIND (proposed_value);
  BIND (main_cause_row);
  BIND (secondary_row);
  BIND (documents_row);
  BIND (bank_name_row);
  BIND (bank_account_row);
  BIND (bank_holder_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_worker_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_worker_match_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_region_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_money_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_causes_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_bank_account_changed);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.add-person", NULL, add_person_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
ud_hardship_editor_init (UdHardshipEditor *self)
{
  self->loading = TRUE;
  self->people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
