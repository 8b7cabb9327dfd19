/* ud-aid-editor.c — entering and correcting an aid application (帮扶申请) and its medical bills
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The type decides which groups show: medical relief lists its bills (each with the patient
 * chosen among the worker and the household of the file, and the out-of-pocket derived as the
 * amounts are typed), education aid the child, living relief the months. The hardship file is
 * found by the worker's name, the file number or the end of an ID number among the filed
 * households; the applicant is its worker unless another member is chosen. Saving hands the
 * record to the store, which decides; its refusal is shown under the field it names (or above
 * the groups) and the editor stays open with everything typed. */
#define G_LOG_DOMAIN "ud-aid-editor"

#include "ud-aid-detail.h"
#include "ud-aid-editor.h"
#include "ud-aid-store.h"
#include "ud-date.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-hardship-query.h"
#include "ud-hardship-store.h"
#include "ud-i18n.h"
#include "ud-mask.h"
#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-money.h"

#define MAX_MATCHES 8
#define ID_KEY "ud-id"

/* A bill being edited. */
typedef struct
{
  gint64     id;                 /* 0 until stored */
  gint64     version;
  GtkWidget *group;              /* borrowed: in claims_box */
  GtkWidget *patient_row;
  GtkWidget *diagnosis_row;
  GtkWidget *hospital_row;
  GtkWidget *kind_row;
  GtkWidget *admitted_row;
  GtkWidget *discharged_row;
  GtkWidget *total_row;
  GtkWidget *basic_row;
  GtkWidget *critical_row;
  GtkWidget *employer_row;
  GtkWidget *donations_row;
  GtkWidget *out_of_pocket_row;
  GtkLabel  *out_of_pocket_label;
} Claim;

/* A person who may be the patient. */
typedef struct
{
  char *name;
  char *id_number;
} Patient;

struct _UdAidEditor
{
  AdwWindow         parent_instance;

  UdDatabase       *db;             /* owned */
  UdAidApplication *app;            /* owned: as loaded, or NULL for a new application */
  gint64            file_id;
  gint64            member_id;      /* the applicant; 0: the file's worker */
  GPtrArray        *claims;         /* owned: Claim */
  GArray           *removed_claims; /* owned: gint64 ids of stored bills removed */
  GPtrArray        *patients;       /* owned: Patient; [0] is the worker */
  GtkStringList    *patient_names;  /* owned: the patients' names for the combo rows */
  gboolean          loading;
  char             *snapshot;       /* owned: the form as loaded, to notice unsaved changes */
  gboolean          closing;        /* saved, or discarding confirmed */

  /* template */
  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  GtkLabel         *general_error;
  AdwComboRow      *type_row;
  AdwEntryRow      *year_row;
  AdwEntryRow      *batch_row;
  AdwPreferencesGroup *file_group;
  AdwEntryRow      *file_row;
  AdwActionRow     *file_value;
  GtkListBox       *file_matches;
  AdwEntryRow      *applicant_row;
  AdwActionRow     *applicant_value;
  GtkListBox       *applicant_matches;
  AdwEntryRow      *requested_row;
  AdwEntryRow      *documents_row;
  AdwEntryRow      *note_row;
  GtkWidget        *medical_group;
  GtkWidget        *claims_box;
  GtkWidget        *education_group;
  AdwEntryRow      *child_name_row;
  AdwEntryRow      *child_id_row;
  AdwEntryRow      *school_row;
  AdwComboRow      *level_row;
  AdwEntryRow      *admission_row;
  AdwEntryRow      *fees_row;
  GtkSwitch        *aided_switch;
  GtkWidget        *living_group;
  GtkSpinButton    *months_spin;
};

G_DEFINE_FINAL_TYPE (UdAidEditor, ud_aid_editor, ADW_TYPE_WINDOW)

static void
claim_free (Claim *claim)
{
  g_free (claim);
}

static void
patient_free (Patient *patient)
{
  g_free (patient->name);
  g_free (patient->id_number);
  g_free (patient);
}

static void
show_general_error (UdAidEditor *self,
                    const char  *message)
{
  gtk_label_set_text (self->general_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), message != NULL && *message != '\0');
}

static char *
dup_text (gpointer editable)
{
  return ud_form_dup_text (GTK_EDITABLE (editable));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  gtk_widget_set_visible (GTK_WIDGET (list), FALSE);
}

static GtkWidget *
match_row_new (const char *title,
               const char *subtitle,
               gint64      id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), ID_KEY, g_memdup2 (&id, sizeof id), g_free);
  return row;
}

static void
set_text_quietly (UdAidEditor *self,
                  gpointer     editable,
                  const char  *text)
{
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (editable), text ? text : "");
  self->loading = was_loading;
}

/* The type decides what shows */

static UdAidType
current_type (UdAidEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  return selected == GTK_INVALID_LIST_POSITION ? UD_AID_TYPE_LIVING : (UdAidType) selected;
}

static void
update_type (UdAidEditor *self)
{
  UdAidType type = current_type (self);

  gtk_widget_set_visible (self->medical_group, type == UD_AID_TYPE_MEDICAL);
  gtk_widget_set_visible (self->education_group, type == UD_AID_TYPE_EDUCATION);
  gtk_widget_set_visible (self->living_group, type == UD_AID_TYPE_LIVING);
  adw_preferences_group_set_description (self->file_group,
                                         type == UD_AID_TYPE_TEMPORARY
                                           ? _("Temporary relief may be for a member without a "
                                               "hardship file: choose the applicant below.")
                                           : _("The filed household the aid is for: search by "
                                               "the worker’s name, the file number or the end "
                                               "of an ID number."));
}

static void
on_type_changed (UdAidEditor *self)
{
  ud_form_set_error (GTK_WIDGET (self->type_row), NULL);
  update_type (self);
}

/* Patients */

static void
patients_reset (UdAidEditor          *self,
                const UdHardshipFile *file)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->patient_names));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_ptr_array_set_size (self->patients, 0);
  if (file != NULL)
    {
      Patient *worker = g_new0 (Patient, 1);

      worker->name = g_strdup (file->worker_name);
      worker->id_number = g_strdup (file->worker_id_number);
      g_ptr_array_add (self->patients, worker);
      for (guint i = 0; file->household != NULL && i < file->household->len; i++)
        {
          const UdHouseholdMember *person = g_ptr_array_index (file->household, i);
          Patient *patient = g_new0 (Patient, 1);

          patient->name = g_strdup (person->name);
          patient->id_number = g_strdup (person->id_number);
          g_ptr_array_add (self->patients, patient);
        }
    }

  for (guint i = 0; i < self->patients->len; i++)
    {
      Patient *patient = g_ptr_array_index (self->patients, i);

      g_ptr_array_add (names, patient->name);
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->patient_names, 0, n_old, (const char * const *) names->pdata);
}

static guint
find_patient (UdAidEditor *self,
              const char  *name,
              const char  *id_number)
{
  for (guint i = 0; i < self->patients->len; i++)
    {
      Patient *patient = g_ptr_array_index (self->patients, i);

      if ((id_number != NULL && g_strcmp0 (patient->id_number, id_number) == 0)
          || (id_number == NULL && g_strcmp0 (patient->name, name) == 0))
        return i;
    }
  return 0;
}

/* The hardship file and the applicant */

static void
show_applicant (UdAidEditor *self,
                const char  *name,
                const char  *id_number)
{
  g_autofree char *masked = ud_mask_id_number (id_number);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->applicant_value), name ? name : "");
  adw_action_row_set_subtitle (self->applicant_value, masked ? masked : "");
  gtk_widget_set_visible (GTK_WIDGET (self->applicant_value), name != NULL);
}

static void
choose_file (UdAidEditor          *self,
             const UdHardshipFile *file)
{
  g_autofree char *masked = ud_mask_id_number (file->worker_id_number);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", file->file_number,
                                               masked ? masked : "",
                                               ud_enum_label (&ud_hardship_category_info,
                                                              file->category));

  self->file_id = file->id;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_value), file->worker_name);
  adw_action_row_set_subtitle (self->file_value, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->file_value), TRUE);
  set_text_quietly (self, self->file_row, "");
  clear_list (self->file_matches);
  ud_form_set_error (GTK_WIDGET (self->file_row), NULL);

  /* The applicant is the worker unless another member is chosen. */
  self->member_id = 0;
  show_applicant (self, file->worker_name, file->worker_id_number);
  patients_reset (self, file);
}

static void
on_file_match_activated (UdAidEditor   *self,
                         GtkListBoxRow *row)
{
  gint64 *file_id = g_object_get_data (G_OBJECT (row), ID_KEY);
  g_autoptr(UdHardshipFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (file_id == NULL)
    return;
  file = ud_hardship_store_get (self->db, *file_id, &error);
  if (file == NULL)
    {
      ud_form_set_error (GTK_WIDGET (self->file_row), error->message);
      return;
    }
  choose_file (self, file);
}

static void
on_file_search_changed (UdAidEditor *self)
{
  g_autoptr(UdHardshipQuery) query = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  guint shown = 0;

  if (self->loading)
    return;

  clear_list (self->file_matches);
  ud_form_set_error (GTK_WIDGET (self->file_row), NULL);
  text = dup_text (self->file_row);
  if (*text == '\0')
    return;

  query = ud_hardship_query_new ();
  query->text = g_strdup (text);
  rows = ud_hardship_query_fetch (self->db, query, 0, 50, NULL);
  for (guint i = 0; rows != NULL && i < rows->len && shown < MAX_MATCHES; i++)
    {
      const UdHardshipListRow *file = g_ptr_array_index (rows, i);
      g_autofree char *subtitle = NULL;

      /* Aid is for filed households only. */
      if (file->status != UD_HARDSHIP_STATUS_ACTIVE
          && file->status != UD_HARDSHIP_STATUS_ANNUAL_REVIEW)
        continue;
      subtitle = g_strdup_printf ("%s · %s · %s", file->file_number,
                                  file->worker_id_masked ? file->worker_id_masked : "",
                                  ud_enum_label (&ud_hardship_category_info, file->category));
      gtk_list_box_append (self->file_matches,
                           match_row_new (file->worker_name, subtitle, file->id));
      shown++;
    }

  if (shown == 0)
    {
      ud_form_set_error (GTK_WIDGET (self->file_row),
                         _("No filed household matches: aid is for households in the hardship "
                           "files"));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->file_matches), TRUE);
}

static void
on_applicant_match_activated (UdAidEditor   *self,
                              GtkListBoxRow *row)
{
  gint64 *member_id = g_object_get_data (G_OBJECT (row), ID_KEY);
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GError) error = NULL;

  if (member_id == NULL)
    return;
  member = ud_member_store_get (self->db, *member_id, &error);
  if (member == NULL)
    {
      ud_form_set_error (GTK_WIDGET (self->applicant_row), error->message);
      return;
    }
  self->member_id = member->id;
  show_applicant (self, member->name, member->id_number);
  set_text_quietly (self, self->applicant_row, "");
  clear_list (self->applicant_matches);
  ud_form_set_error (GTK_WIDGET (self->applicant_row), NULL);
}

static void
on_applicant_search_changed (UdAidEditor *self)
{
  g_autoptr(UdMemberQuery) query = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *text = NULL;

  if (self->loading)
    return;

  clear_list (self->applicant_matches);
  ud_form_set_error (GTK_WIDGET (self->applicant_row), NULL);
  text = dup_text (self->applicant_row);
  if (*text == '\0')
    return;

  query = ud_member_query_new ();
  query->text = g_strdup (text);
  query->status = UD_MEMBER_QUERY_LIVE;
  members = ud_member_query_fetch (self->db, query, 0, MAX_MATCHES, NULL);
  if (members == NULL || members->len == 0)
    {
      ud_form_set_error (GTK_WIDGET (self->applicant_row),
                         _("No live member matches: the applicant must be a member of the "
                           "union"));
      return;
    }

  for (guint i = 0; i < members->len; i++)
    {
      const UdMember *member = g_ptr_array_index (members, i);
      g_autofree char *masked = ud_mask_id_number (member->id_number);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", masked ? masked : "",
                                                   member->org_name ? member->org_name : "");

      gtk_list_box_append (self->applicant_matches,
                           match_row_new (member->name, subtitle, member->id));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->applicant_matches), TRUE);
}

/* Medical bills */

static gboolean
parse_money (GtkWidget  *row,
             const char *label,
             gint64     *out,
             GError    **error)
{
  g_autofree char *text = dup_text (row);

  *out = 0;
  if (*text == '\0')
    return TRUE;
  return ud_money_parse (text, 0, UD_MONEY_MAX_FEN, label, out, error);
}

static const char *
claim_row_title (Claim     *claim,
                 GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* Derives the out-of-pocket as the amounts are typed; a wrong amount is named under its row. */
static void
update_out_of_pocket (Claim *claim)
{
  GtkWidget *rows[] = { claim->total_row, claim->basic_row, claim->critical_row,
                        claim->employer_row, claim->donations_row };
  gint64 fens[G_N_ELEMENTS (rows)];
  g_autoptr(GError) error = NULL;
  UdMedicalBill bill;
  gint64 out_of_pocket = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) parse_error = NULL;

      ud_form_set_error (rows[i], NULL);
      if (!parse_money (rows[i], claim_row_title (claim, rows[i]), &fens[i], &parse_error))
        {
          ud_form_set_error (rows[i], parse_error->message);
          gtk_label_set_text (claim->out_of_pocket_label, "—");
          return;
        }
    }

  bill.total = fens[0];
  bill.basic_insurance = fens[1];
  bill.critical_insurance = fens[2];
  bill.employer = fens[3];
  bill.donations = fens[4];
  if (!ud_medical_out_of_pocket (&bill, &out_of_pocket, &error))
    {
      ud_form_set_error (claim->total_row, error->message);
      gtk_label_set_text (claim->out_of_pocket_label, "—");
      return;
    }

  {
    g_autofree char *text = ud_money_format_yuan (out_of_pocket);

    gtk_label_set_text (claim->out_of_pocket_label, text);
    gtk_accessible_update_property (GTK_ACCESSIBLE (claim->out_of_pocket_row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  }
}

static void
on_claim_money_changed (GtkEditable *editable,
                        Claim       *claim)
{
  update_out_of_pocket (claim);
}

static void
on_claim_text_changed (GtkWidget *row,
                       gpointer   user_data)
{
  ud_form_set_error (row, NULL);
}

static void
on_claim_kind_changed (GtkWidget  *row,
                       GParamSpec *pspec,
                       Claim      *claim)
{
  gboolean stay = adw_combo_row_get_selected (ADW_COMBO_ROW (row)) == UD_MEDICAL_KIND_INPATIENT;

  gtk_widget_set_visible (claim->discharged_row, stay);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (claim->admitted_row),
                                 stay ? _("Admitted on (YYYY-MM-DD)")
                                      : _("Bill date (YYYY-MM-DD)"));
}

static void renumber_claims (UdAidEditor *self);

static void
on_remove_claim_clicked (GtkButton   *button,
                         UdAidEditor *self)
{
  for (guint i = 0; i < self->claims->len; i++)
    {
      Claim *claim = g_ptr_array_index (self->claims, i);

      if (gtk_widget_is_ancestor (GTK_WIDGET (button), claim->group))
        {
          if (claim->id != 0)
            g_array_append_val (self->removed_claims, claim->id);
          gtk_box_remove (GTK_BOX (self->claims_box), claim->group);
          g_ptr_array_remove_index (self->claims, i);
          break;
        }
    }
  renumber_claims (self);
}

static GtkWidget *
entry_row_new (AdwPreferencesGroup *group,
               const char          *title,
               gboolean             money)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (money)
    gtk_editable_set_alignment (GTK_EDITABLE (row), 1.0);
  adw_preferences_group_add (group, row);
  return row;
}

static void
renumber_claims (UdAidEditor *self)
{
  for (guint i = 0; i < self->claims->len; i++)
    {
      Claim *claim = g_ptr_array_index (self->claims, i);
      /* Translators: the heading of a medical bill in the editor, "Bill 2" */
      g_autofree char *title = g_strdup_printf (_("Bill %u"), i + 1);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (claim->group), title);
    }
}

static Claim *
add_claim (UdAidEditor          *self,
           const UdMedicalClaim *stored)
{
  Claim *claim = g_new0 (Claim, 1);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GListModel) kinds = ud_form_enum_model_new (&ud_medical_kind_info);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *label;

  claim->group = GTK_WIDGET (group);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this bill"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove this bill"),
                                  -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_claim_clicked), self, 0);
  adw_preferences_group_set_header_suffix (group, remove);

  claim->patient_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (claim->patient_row), _("Patient"));
  adw_combo_row_set_model (ADW_COMBO_ROW (claim->patient_row),
                           G_LIST_MODEL (self->patient_names));
  adw_preferences_group_add (group, claim->patient_row);
  claim->diagnosis_row = entry_row_new (group, _("Diagnosis"), FALSE);
  claim->hospital_row = entry_row_new (group, _("Hospital"), FALSE);
  claim->kind_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (claim->kind_row), _("Kind of bill"));
  adw_combo_row_set_model (ADW_COMBO_ROW (claim->kind_row), kinds);
  adw_preferences_group_add (group, claim->kind_row);
  claim->admitted_row = entry_row_new (group, _("Admitted on (YYYY-MM-DD)"), FALSE);
  claim->discharged_row = entry_row_new (group, _("Discharged on (YYYY-MM-DD)"), FALSE);
  claim->total_row = entry_row_new (group, _("Total cost"), TRUE);
  claim->basic_row = entry_row_new (group, _("Paid by basic medical insurance"), TRUE);
  claim->critical_row = entry_row_new (group,
                                       _("Paid by critical-illness or commercial insurance"),
                                       TRUE);
  claim->employer_row = entry_row_new (group, _("Paid by the employer"), TRUE);
  claim->donations_row = entry_row_new (group, _("Paid by donations"), TRUE);

  claim->out_of_pocket_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (claim->out_of_pocket_row),
                                 _("Out-of-pocket (derived)"));
  label = gtk_label_new ("¥0.00");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "heading");
  claim->out_of_pocket_label = GTK_LABEL (label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (claim->out_of_pocket_row), label);
  adw_preferences_group_add (group, claim->out_of_pocket_row);

  if (stored != NULL)
    {
      g_autofree char *total = ud_money_format (stored->total_fen);
      g_autofree char *basic = ud_money_format (stored->basic_insurance_fen);
      g_autofree char *critical = ud_money_format (stored->critical_insurance_fen);
      g_autofree char *employer = ud_money_format (stored->employer_fen);
      g_autofree char *donations = ud_money_format (stored->donations_fen);

      claim->id = stored->id;
      claim->version = stored->version;
      adw_combo_row_set_selected (ADW_COMBO_ROW (claim->patient_row),
                                  find_patient (self, stored->patient_name,
                                                stored->patient_id_number));
      gtk_editable_set_text (GTK_EDITABLE (claim->diagnosis_row), stored->diagnosis);
      gtk_editable_set_text (GTK_EDITABLE (claim->hospital_row), stored->hospital);
      adw_combo_row_set_selected (ADW_COMBO_ROW (claim->kind_row), stored->kind);
      gtk_editable_set_text (GTK_EDITABLE (claim->admitted_row), stored->admitted_date);
      if (stored->discharged_date != NULL)
        gtk_editable_set_text (GTK_EDITABLE (claim->discharged_row), stored->discharged_date);
      gtk_editable_set_text (GTK_EDITABLE (claim->total_row), total);
      gtk_editable_set_text (GTK_EDITABLE (claim->basic_row), basic);
      gtk_editable_set_text (GTK_EDITABLE (claim->critical_row), critical);
      gtk_editable_set_text (GTK_EDITABLE (claim->employer_row), employer);
      gtk_editable_set_text (GTK_EDITABLE (claim->donations_row), donations);
    }

  {
    GtkWidget *money[] = { claim->total_row, claim->basic_row, claim->critical_row,
                           claim->employer_row, claim->donations_row };
    GtkWidget *texts[] = { claim->diagnosis_row, claim->hospital_row, claim->admitted_row,
                           claim->discharged_row };

    for (guint i = 0; i < G_N_ELEMENTS (money); i++)
      g_signal_connect (money[i], "changed", G_CALLBACK (on_claim_money_changed), claim);
    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      g_signal_connect (texts[i], "changed", G_CALLBACK (on_claim_text_changed), NULL);
  }
  g_signal_connect (claim->kind_row, "notify::selected", G_CALLBACK (on_claim_kind_changed),
                    claim);
  on_claim_kind_changed (claim->kind_row, NULL, claim);
  update_out_of_pocket (claim);

  gtk_box_append (GTK_BOX (self->claims_box), claim->group);
  g_ptr_array_add (self->claims, claim);
  renumber_claims (self);
  return claim;
}

static void
add_claim_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UdAidEditor *self = UD_AID_EDITOR (widget);
  Claim *claim = add_claim (self, NULL);

  gtk_widget_grab_focus (claim->diagnosis_row);
}

/* Reads a bill's rows; NULL with the error shown under the row it names. */
static UdMedicalClaim *
read_claim (UdAidEditor *self,
            Claim       *claim)
{
  g_autoptr(UdMedicalClaim) record = ud_medical_claim_new ();
  g_autoptr(GError) error = NULL;
  guint patient = adw_combo_row_get_selected (ADW_COMBO_ROW (claim->patient_row));
  GtkWidget *money[] = { claim->total_row, claim->basic_row, claim->critical_row,
                         claim->employer_row, claim->donations_row };
  gint64 *fens[] = { &record->total_fen, &record->basic_insurance_fen,
                     &record->critical_insurance_fen, &record->employer_fen,
                     &record->donations_fen };
  g_autofree char *discharged = NULL;
  const char *field;
  GtkWidget *row = NULL;

  record->id = claim->id;
  record->version = claim->version;
  if (patient < self->patients->len)
    {
      Patient *person = g_ptr_array_index (self->patients, patient);

      record->patient_name = g_strdup (person->name);
      record->patient_id_number = g_strdup (person->id_number);
    }
  record->diagnosis = dup_text (claim->diagnosis_row);
  record->hospital = dup_text (claim->hospital_row);
  record->kind = adw_combo_row_get_selected (ADW_COMBO_ROW (claim->kind_row));
  record->admitted_date = dup_text (claim->admitted_row);
  discharged = dup_text (claim->discharged_row);
  if (record->kind == UD_MEDICAL_KIND_INPATIENT && *discharged != '\0')
    record->discharged_date = g_steal_pointer (&discharged);

  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    if (!parse_money (money[i], claim_row_title (claim, money[i]), fens[i], &error))
      {
        ud_form_set_error (money[i], error->message);
        return NULL;
      }

  if (ud_medical_claim_validate (record, &error))
    return g_steal_pointer (&record);

  field = ud_error_get_field (error);
  if (g_strcmp0 (field, "patient_name") == 0)
    row = claim->patient_row;
  else if (g_strcmp0 (field, "diagnosis") == 0)
    row = claim->diagnosis_row;
  else if (g_strcmp0 (field, "hospital") == 0)
    row = claim->hospital_row;
  else if (g_strcmp0 (field, "kind") == 0)
    row = claim->kind_row;
  else if (g_strcmp0 (field, "admitted_date") == 0)
    row = claim->admitted_row;
  else if (g_strcmp0 (field, "discharged_date") == 0)
    row = claim->discharged_row;
  else if (g_strcmp0 (field, "total") == 0)
    row = claim->total_row;
  else if (g_strcmp0 (field, "basic_insurance") == 0)
    row = claim->basic_row;
  else if (g_strcmp0 (field, "critical_insurance") == 0)
    row = claim->critical_row;
  else if (g_strcmp0 (field, "employer") == 0)
    row = claim->employer_row;
  else if (g_strcmp0 (field, "donations") == 0)
    row = claim->donations_row;

  if (row != NULL && gtk_widget_get_visible (row))
    {
      ud_form_set_error (row, error->message);
      gtk_widget_grab_focus (row);
    }
  else
    show_general_error (self, error->message);
  return NULL;
}

/* Saving */

static GtkWidget *
row_for_field (UdAidEditor *self,
               const char  *field)
{
  static const struct
  {
    const char *field;
    gsize       offset;
  } rows[] = {
    { "type", G_STRUCT_OFFSET (UdAidEditor, type_row) },
    { "year", G_STRUCT_OFFSET (UdAidEditor, year_row) },
    { "batch", G_STRUCT_OFFSET (UdAidEditor, batch_row) },
    { "file_id", G_STRUCT_OFFSET (UdAidEditor, file_row) },
    { "member_id", G_STRUCT_OFFSET (UdAidEditor, applicant_row) },
    { "requested_fen", G_STRUCT_OFFSET (UdAidEditor, requested_row) },
    { "child_name", G_STRUCT_OFFSET (UdAidEditor, child_name_row) },
    { "child_id_number", G_STRUCT_OFFSET (UdAidEditor, child_id_row) },
    { "school", G_STRUCT_OFFSET (UdAidEditor, school_row) },
    { "school_level", G_STRUCT_OFFSET (UdAidEditor, level_row) },
    { "admission_year", G_STRUCT_OFFSET (UdAidEditor, admission_row) },
    { "fees_fen", G_STRUCT_OFFSET (UdAidEditor, fees_row) },
  };

  if (g_strcmp0 (field, "living_months") == 0 || g_strcmp0 (field, "months") == 0)
    return gtk_widget_get_ancestor (GTK_WIDGET (self->months_spin), ADW_TYPE_ACTION_ROW);
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].field, field))
      return G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);
  return NULL;
}

static gboolean
show_error (UdAidEditor  *self,
            const GError *error)
{
  GtkWidget *row = row_for_field (self, ud_error_get_field (error));

  if (row != NULL && gtk_widget_is_visible (row))
    {
      ud_form_set_error (row, error->message);
      gtk_widget_grab_focus (row);
    }
  else
    show_general_error (self, error->message);
  return FALSE;
}

/* Fills @app from the form; FALSE with the error shown. */
static gboolean
read_form (UdAidEditor      *self,
           UdAidApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *year = dup_text (self->year_row);
  g_autofree char *batch = dup_text (self->batch_row);
  g_autofree char *requested = dup_text (self->requested_row);
  g_autofree char *fees = dup_text (self->fees_row);
  g_autofree char *admission = dup_text (self->admission_row);
  char *end = NULL;

  app->year = (int) g_ascii_strtoll (year, &end, 10);
  if (*year == '\0' || end == NULL || *end != '\0')
    {
      ud_form_set_error (GTK_WIDGET (self->year_row), _("Enter the aid year, such as 2026"));
      return FALSE;
    }
  g_free (app->batch);
  app->batch = *batch ? g_steal_pointer (&batch) : NULL;
  app->file_id = self->file_id;
  app->member_id = self->member_id;

  app->requested_fen = 0;
  if (*requested != '\0'
      && !ud_money_parse (requested, 0, UD_MONEY_MAX_FEN, _("Requested amount"),
                          &app->requested_fen, &error))
    {
      ud_form_set_error (GTK_WIDGET (self->requested_row), error->message);
      return FALSE;
    }
  g_free (app->documents);
  app->documents = dup_text (self->documents_row);
  if (*app->documents == '\0')
    g_clear_pointer (&app->documents, g_free);
  g_free (app->note);
  app->note = dup_text (self->note_row);
  if (*app->note == '\0')
    g_clear_pointer (&app->note, g_free);

  if (app->type == UD_AID_TYPE_EDUCATION)
    {
      g_free (app->child_name);
      app->child_name = dup_text (self->child_name_row);
      g_free (app->child_id_number);
      app->child_id_number = dup_text (self->child_id_row);
      g_free (app->school);
      app->school = dup_text (self->school_row);
      app->school_level = adw_combo_row_get_selected (self->level_row);
      app->admission_year = (int) g_ascii_strtoll (admission, NULL, 10);
      app->aided_elsewhere = gtk_switch_get_active (self->aided_switch);
      app->fees_fen = 0;
      if (*fees != '\0'
          && !ud_money_parse (fees, 0, UD_MONEY_MAX_FEN, _("Fees for the year"), &app->fees_fen,
                              &error))
        {
          ud_form_set_error (GTK_WIDGET (self->fees_row), error->message);
          return FALSE;
        }
    }
  else if (app->type == UD_AID_TYPE_LIVING)
    app->living_months = gtk_spin_button_get_value_as_int (self->months_spin);

  if (!ud_aid_application_validate (app, &error))
    return show_error (self, error);
  return TRUE;
}

static void
saved (UdAidEditor *self,
       gint64       id,
       gboolean     created)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(UdDatabase) db = g_object_ref (self->db);

  if (parent != NULL)
    ud_form_add_toast (GTK_WIDGET (parent), created ? _("Application created")
                                                    : _("Application saved"));
  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
  if (created && parent != NULL)
    ud_aid_detail_present (GTK_WIDGET (parent), db, id);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdAidEditor *self = UD_AID_EDITOR (widget);
  const UdAccount *account = ud_form_get_account (widget);
  g_autoptr(UdAidApplication) app = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ud_medical_claim_free);
  g_autoptr(GError) error = NULL;

  show_general_error (self, NULL);
  app = self->app != NULL ? ud_aid_application_copy (self->app)
                          : ud_aid_application_new (current_type (self));
  if (!read_form (self, app))
    return;

  if (app->type == UD_AID_TYPE_MEDICAL)
    for (guint i = 0; i < self->claims->len; i++)
      {
        UdMedicalClaim *record = read_claim (self, g_ptr_array_index (self->claims, i));

        if (record == NULL)
          return;
        g_ptr_array_add (records, record);
      }

  if (self->app == NULL)
    {
      g_ptr_array_set_size (app->claims, 0);
      for (guint i = 0; i < records->len; i++)
        g_ptr_array_add (app->claims, ud_medical_claim_copy (records->pdata[i]));
      if (!ud_aid_store_create (self->db, account, app, &error))
        {
          show_error (self, error);
          return;
        }
      saved (self, app->id, TRUE);
      return;
    }

  if (!ud_aid_store_update (self->db, account, app, &error))
    {
      show_error (self, error);
      return;
    }
  g_clear_pointer (&self->app, ud_aid_application_free);
  self->app = ud_aid_application_copy (app);

  /* The bills: what was removed, changed and added, each saved on its own. */
  while (self->removed_claims->len > 0)
    {
      if (!ud_aid_store_remove_claim (self->db, account,
                                      g_array_index (self->removed_claims, gint64, 0), &error))
        {
          show_general_error (self, error->message);
          return;
        }
      g_array_remove_index (self->removed_claims, 0);
    }
  for (guint i = 0; i < records->len; i++)
    {
      UdMedicalClaim *record = g_ptr_array_index (records, i);
      Claim *claim = g_ptr_array_index (self->claims, i);
      gboolean ok = record->id != 0
                      ? ud_aid_store_update_claim (self->db, account, record, &error)
                      : ud_aid_store_add_claim (self->db, account, app->id, record, &error);

      if (!ok)
        {
          ud_form_set_error (claim->patient_row, NULL);
          show_general_error (self, error->message);
          return;
        }
      claim->id = record->id;
      claim->version = record->version;
    }

  saved (self, app->id, FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
on_row_changed (GtkWidget   *row,
                UdAidEditor *self)
{
  ud_form_set_error (row, NULL);
}

/* Loading */

static void
load (UdAidEditor *self,
      gint64       file_id)
{
  g_autoptr(GListModel) types = ud_form_enum_model_new (&ud_aid_type_info);
  g_autoptr(GListModel) levels = ud_form_enum_model_new (&ud_school_level_info);
  const UdAidApplication *app = self->app;
  g_autofree char *year = NULL;
  GDate today;

  self->loading = TRUE;
  adw_combo_row_set_model (self->type_row, types);
  adw_combo_row_set_model (self->level_row, levels);
  ud_date_today (&today);

  if (app == NULL)
    {
      year = g_strdup_printf ("%d", g_date_get_year (&today));
      gtk_editable_set_text (GTK_EDITABLE (self->year_row), year);
      adw_combo_row_set_selected (self->type_row, UD_AID_TYPE_MEDICAL);
      gtk_window_set_title (GTK_WINDOW (self), _("New Aid Application"));
      adw_window_title_set_title (self->window_title, _("New Aid Application"));
      if (file_id != 0)
        {
          g_autoptr(UdHardshipFile) file = ud_hardship_store_get (self->db, file_id, NULL);

          if (file != NULL)
            choose_file (self, file);
        }
    }
  else
    {
      g_autofree char *requested = ud_money_format (app->requested_fen);
      g_autofree char *fees = ud_money_format (app->fees_fen);
      g_autofree char *admission = app->admission_year > 0
                                     ? g_strdup_printf ("%d", app->admission_year) : NULL;

      year = g_strdup_printf ("%d", app->year);
      gtk_editable_set_text (GTK_EDITABLE (self->year_row), year);
      adw_combo_row_set_selected (self->type_row, app->type);
      gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), FALSE);
      gtk_window_set_title (GTK_WINDOW (self), app->number);
      adw_window_title_set_title (self->window_title, _("Correct the Application"));
      adw_window_title_set_subtitle (self->window_title, app->number);
      if (app->batch != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->batch_row), app->batch);
      if (app->file_id != 0)
        {
          g_autoptr(UdHardshipFile) file = ud_hardship_store_get (self->db, app->file_id, NULL);

          if (file != NULL)
            choose_file (self, file);
        }
      self->member_id = app->member_id;
      show_applicant (self, app->member_name, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->requested_row),
                             app->requested_fen > 0 ? requested : "");
      if (app->documents != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->documents_row), app->documents);
      if (app->note != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->note_row), app->note);
      if (app->child_name != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->child_name_row), app->child_name);
      if (app->child_id_number != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->child_id_row), app->child_id_number);
      if (app->school != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->school_row), app->school);
      adw_combo_row_set_selected (self->level_row, app->school_level);
      if (admission != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->admission_row), admission);
      if (app->fees_fen > 0)
        gtk_editable_set_text (GTK_EDITABLE (self->fees_row), fees);
      gtk_switch_set_active (self->aided_switch, app->aided_elsewhere);
      if (app->living_months > 0)
        gtk_spin_button_set_value (self->months_spin, app->living_months);
      for (guint i = 0; app->claims != NULL && i < app->claims->len; i++)
        add_claim (self, g_ptr_array_index (app->claims, i));
    }

  update_type (self);
  self->loading = FALSE;
  g_free (self->snapshot);
  self->snapshot = ud_form_snapshot (GTK_WIDGET (self));
}

void
ud_aid_editor_present (GtkWidget  *parent,
                       UdDatabase *db,
                       gint64      application_id,
                       gint64      file_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdAidApplication) app = NULL;
  GtkWindow *window = ud_form_get_window (parent);
  UdAidEditor *self;

  g_return_if_fail (UD_IS_DATABASE (db));

  if (application_id != 0 && (app = ud_aid_store_get (db, application_id, &error)) == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (window,
                                                  _("The Aid Application Cannot Be Opened"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  self = g_object_new (UD_TYPE_AID_EDITOR, NULL);
  self->db = g_object_ref (db);
  self->app = g_steal_pointer (&app);
  gtk_window_set_transient_for (GTK_WINDOW (self), window);
  load (self, file_id);
  gtk_window_present (GTK_WINDOW (self));
}

guint
ud_aid_editor_get_n_claims (UdAidEditor *self)
{
  g_return_val_if_fail (UD_IS_AID_EDITOR (self), 0);

  return self->claims->len;
}

GtkWidget *
ud_aid_editor_get_claim_row (UdAidEditor *self,
                             guint        index,
                             const char  *field)
{
  Claim *claim;

  g_return_val_if_fail (UD_IS_AID_EDITOR (self), NULL);
  g_return_val_if_fail (index < self->claims->len, NULL);

  claim = g_ptr_array_index (self->claims, index);
#define FIELD(name, member) if (g_str_equal (field, name)) return claim->member
  FIELD ("patient", patient_row);
  FIELD ("diagnosis", diagnosis_row);
  FIELD ("hospital", hospital_row);
  FIELD ("kind", kind_row);
  FIELD ("admitted", admitted_row);
  FIELD ("discharged", discharged_row);
  FIELD ("total", total_row);
  FIELD ("basic_insurance", basic_row);
  FIELD ("critical_insurance", critical_row);
  FIELD ("employer", employer_row);
  FIELD ("donations", donations_row);
  FIELD ("out_of_pocket", out_of_pocket_row);
#undef FIELD
  g_return_val_if_reached (NULL);
}

GtkLabel *
ud_aid_editor_get_out_of_pocket_label (UdAidEditor *self,
                                       guint        index)
{
  g_return_val_if_fail (UD_IS_AID_EDITOR (self), NULL);
  g_return_val_if_fail (index < self->claims->len, NULL);

  return ((Claim *) g_ptr_array_index (self->claims, index))->out_of_pocket_label;
}

/* GObject */

static void
ud_aid_editor_dispose (GObject *object)
{
  UdAidEditor *self = UD_AID_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_AID_EDITOR);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_aid_editor_parent_class)->dispose (object);
}

static void
ud_aid_editor_finalize (GObject *object)
{
  UdAidEditor *self = UD_AID_EDITOR (object);

  g_clear_pointer (&self->app, ud_aid_application_free);
  g_clear_pointer (&self->claims, g_ptr_array_unref);
  g_clear_pointer (&self->removed_claims, g_array_unref);
  g_clear_pointer (&self->patients, g_ptr_array_unref);
  g_clear_object (&self->patient_names);
  g_free (self->snapshot);

  G_OBJECT_CLASS (ud_aid_editor_parent_class)->finalize (object);
}

/* Closing with unsaved changes asks first: nothing typed is lost by accident. */

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     UdAidEditor      *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
ud_aid_editor_close_request (GtkWindow *window)
{
  UdAidEditor *self = UD_AID_EDITOR (window);
  g_autofree char *now = NULL;
  GtkWidget *dialog;

  if (self->closing || self->snapshot == NULL)
    return FALSE;

  now = ud_form_snapshot (GTK_WIDGET (self));
  if (g_strcmp0 (now, self->snapshot) == 0)
    return FALSE;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Changes?"),
                                   _("What you typed for this application has not been saved "
                                     "and will be lost."));
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
  return TRUE;
}

static void
ud_aid_editor_class_init (UdAidEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_aid_editor_dispose;
  object_class->finalize = ud_aid_editor_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = ud_aid_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, UD_RESOURCE_PATH "ud-aid-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, UdAidEditor, name)
  BIND (window_title);
  BIND (save_button);
  BIND (general_error);
  BIND (type_row);
  BIND (year_row);
  BIND (batch_row);
  BIND (file_group);
  BIND (file_row);
  BIND (file_value);
  BIND (file_matches);
  BIND (applicant_row);
  BIND (applicant_value);
  BIND (applicant_matches);
  BIND (requested_row);
  BIND (documents_row);
  BIND (note_row);
  BIND (medical_group);
  BIND (claims_box);
  BIND (education_group);
  BIND (child_name_row);
  BIND (child_id_row);
  BIND (school_row);
  BIND (level_row);
  BIND (admission_row);
  BIND (fees_row);
  BIND (aided_switch);
  BIND (living_group);
  BIND (months_spin);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_type_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_file_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_file_match_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_applicant_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_applicant_match_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.add-claim", NULL, add_claim_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
ud_aid_editor_init (UdAidEditor *self)
{
  self->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) claim_free);
  self->removed_claims = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->patients = g_ptr_array_new_with_free_func ((GDestroyNotify) patient_free);
  self->patient_names = gtk_string_list_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
