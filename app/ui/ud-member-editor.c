/* ud-member-editor.c — registering a member and correcting a member's record
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-member-editor"

#include <string.h>

#include "ud-credit-code.h"
#include "ud-date.h"
#include "ud-employer.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-id-number.h"
#include "ud-member-editor.h"
#include "ud-member-store.h"
#include "ud-mobile.h"
#include "ud-org.h"

#define EMPLOYER_MATCHES 8
#define NAME_MAX_CHARS 40
#define CARD_NUMBER_MAX 32

struct _UdMemberEditor
{
  AdwWindow            parent_instance;

  UdDatabase          *db;                 /* owned */
  UdMember            *member;             /* owned: the stored record, NULL for a new member */
  GListModel          *org_model;          /* owned */
  char                *snapshot;           /* owned: the fields as loaded, to notice changes */
  gint64               employer_id;        /* the registered employer chosen, or 0 */
  char                *employer_name;      /* owned: its name, to notice when it is retyped */
  GPtrArray           *employer_results;   /* owned: UdEmployer offered in the pop-up */
  GtkWidget           *employer_popover;   /* owned: parented to employer_row */
  GtkListBox          *employer_matches;   /* borrowed: inside the pop-up */
  GtkEventController  *employer_focus;     /* borrowed: on employer_row */
  gboolean             loading;            /* filling in fields: no checks, no searches */
  gboolean             closing;            /* saved, or discarding confirmed */

  /* template */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *save_button;
  GtkScrolledWindow   *scroller;
  GtkLabel            *general_error;
  AdwEntryRow         *name_row;
  AdwEntryRow         *id_number_row;
  AdwActionRow        *sex_row;
  GtkLabel            *sex_value;
  AdwActionRow        *birth_date_row;
  GtkLabel            *birth_date_value;
  AdwEntryRow         *mobile_row;
  AdwEntryRow         *ethnicity_row;
  AdwComboRow         *education_row;
  AdwComboRow         *hukou_row;
  AdwEntryRow         *employer_row;
  GtkLabel            *employer_known_label;
  AdwEntryRow         *credit_code_row;
  AdwActionRow        *platform_row;
  GtkSwitch           *platform_switch;
  AdwComboRow         *new_employment_row;
  AdwComboRow         *org_row;
  AdwEntryRow         *join_date_row;
  GtkMenuButton       *join_date_button;
  GtkPopover          *join_date_popover;
  GtkCalendar         *join_date_calendar;
  AdwComboRow         *join_channel_row;
  AdwEntryRow         *card_number_row;
  AdwEntryRow         *note_row;
  AdwPreferencesGroup *correction_group;
  AdwEntryRow         *reason_row;
};

G_DEFINE_FINAL_TYPE (UdMemberEditor, ud_member_editor, ADW_TYPE_WINDOW)

static const char *
sex_label (UdSex sex)
{
  switch (sex)
    {
    case UD_SEX_MALE:
      return _("Male");
    case UD_SEX_FEMALE:
      return _("Female");
    case UD_SEX_UNKNOWN:
    default:
      return "—";
    }
}

static char *
dup_text (AdwEntryRow *row)
{
  return ud_form_dup_text (GTK_EDITABLE (row));
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static void
show_general_error (UdMemberEditor *self,
                    const char     *message)
{
  gtk_label_set_text (self->general_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), !is_blank (message));
}

/* The fields as text, to tell whether anything was changed since loading. */
static char *
snapshot_fields (UdMemberEditor *self)
{
  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%u\x1f%u\x1f%s\x1f%s\x1f%d\x1f%u\x1f%u\x1f%s"
                          "\x1f%u\x1f%s\x1f%s\x1f%s",
                          gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->id_number_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->mobile_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->ethnicity_row)),
                          adw_combo_row_get_selected (self->education_row),
                          adw_combo_row_get_selected (self->hukou_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->employer_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->credit_code_row)),
                          gtk_switch_get_active (self->platform_switch),
                          adw_combo_row_get_selected (self->new_employment_row),
                          adw_combo_row_get_selected (self->org_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->join_date_row)),
                          adw_combo_row_get_selected (self->join_channel_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->card_number_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
}

static gboolean
is_dirty (UdMemberEditor *self)
{
  g_autofree char *now = snapshot_fields (self);

  return g_strcmp0 (now, self->snapshot) != 0;
}

/* Field checks. @complete: the person is done with the field (it lost the focus, or Save was
 * pressed), so everything is reported; otherwise only what more typing cannot fix. Each returns
 * FALSE when it put an error on its row. */

static gboolean
check_name (UdMemberEditor *self,
            gboolean        complete)
{
  g_autofree char *text = dup_text (self->name_row);
  const char *message = NULL;

  if (is_blank (text))
    {
      if (complete)
        message = _("Name: enter the member’s name");
    }
  else if (g_utf8_strlen (text, -1) > NAME_MAX_CHARS)
    message = _("Name: the name is too long");
  else
    {
      for (const char *p = text; *p; p = g_utf8_next_char (p))
        if (g_unichar_isdigit (g_utf8_get_char (p)))
          {
            message = _("Name: a name has no digits");
            break;
          }
    }

  ud_form_set_error (GTK_WIDGET (self->name_row), message);
  return message == NULL;
}

static void
show_derived (UdMemberEditor   *self,
              const UdIdNumber *id)
{
  g_autofree char *birth = id ? ud_date_format (&id->birth_date) : NULL;

  gtk_label_set_text (self->sex_value, sex_label (id ? id->sex : UD_SEX_UNKNOWN));
  gtk_label_set_text (self->birth_date_value, birth ? birth : "—");
}

/* Parses the ID number field; fills @out and returns TRUE when it holds a valid number. */
static gboolean
parse_id_number (UdMemberEditor  *self,
                 UdIdNumber      *out,
                 GError         **error)
{
  g_autofree char *text = dup_text (self->id_number_row);

  if (is_blank (text))
    {
      ud_set_field_error (error, UD_ERROR_INVALID_ID_NUMBER, "id_number",
                          _("ID number: enter the member’s ID number"));
      return FALSE;
    }

  return ud_id_number_parse (text, NULL, out, error);
}

static gboolean
check_id_number (UdMemberEditor *self,
                 gboolean        complete)
{
  g_autofree char *text = dup_text (self->id_number_row);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  UdIdNumber id;

  if (!parse_id_number (self, &id, &error))
    {
      size_t length = strlen (text);
      gboolean typing = length < 18 && strspn (text, "0123456789") == length;

      show_derived (self, NULL);
      if (complete || !typing)
        message = g_strdup (error->message);
    }
  else
    {
      g_autoptr(UdMember) live = ud_member_store_find_live (self->db, id.number, NULL);

      show_derived (self, &id);
      if (live != NULL && (self->member == NULL || live->id != self->member->id))
        message = g_strdup_printf (_("ID number: %s (%s) is already a member of %s"), live->name,
                                   id.number, live->org_name ? live->org_name : "?");
    }

  ud_form_set_error (GTK_WIDGET (self->id_number_row), message);
  return message == NULL;
}

static gboolean
check_mobile (UdMemberEditor *self,
              gboolean        complete)
{
  g_autofree char *text = dup_text (self->mobile_row);
  g_autofree char *mobile = NULL;
  g_autoptr(GError) error = NULL;
  const char *message = NULL;

  if (!is_blank (text) && (mobile = ud_mobile_normalize (text, &error)) == NULL)
    {
      guint digits = 0;
      gboolean only_digits = TRUE;

      for (const char *p = text; *p; p++)
        {
          if (g_ascii_isdigit (*p))
            digits++;
          else if (*p != ' ' && *p != '-')
            only_digits = FALSE;
        }
      if (complete || !only_digits || digits >= 11)
        message = error->message;
    }

  ud_form_set_error (GTK_WIDGET (self->mobile_row), message);
  return message == NULL;
}

static gboolean
check_join_date (UdMemberEditor *self,
                 gboolean        complete)
{
  g_autofree char *text = dup_text (self->join_date_row);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  UdIdNumber id;
  GDate today;
  GDate date;

  if (is_blank (text))
    {
      ud_form_set_error (GTK_WIDGET (self->join_date_row), NULL);
      return TRUE;
    }

  ud_date_today (&today);
  if (!ud_date_parse (text, _("Join date"), &date, &error))
    {
      if (complete || strlen (text) >= 8)
        message = g_strdup (error->message);
    }
  else if (g_date_compare (&date, &today) > 0)
    message = g_strdup_printf (_("Join date: %s is in the future"), text);
  else if (parse_id_number (self, &id, NULL) && g_date_compare (&date, &id.birth_date) < 0)
    message = g_strdup_printf (_("Join date: %s is before the member was born"), text);

  ud_form_set_error (GTK_WIDGET (self->join_date_row), message);
  return message == NULL;
}

static gboolean
check_credit_code (UdMemberEditor *self,
                   gboolean        complete)
{
  g_autofree char *text = dup_text (self->credit_code_row);
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  const char *message = NULL;

  if (self->employer_id == 0 && !is_blank (text)
      && (code = ud_credit_code_normalize (text, &error)) == NULL)
    {
      gboolean typing = TRUE;

      for (const char *p = text; *p; p++)
        typing = typing && g_ascii_isalnum (*p);
      if (complete || !typing || strlen (text) >= 18)
        message = error->message;
    }

  ud_form_set_error (GTK_WIDGET (self->credit_code_row), message);
  return message == NULL;
}

static gboolean
check_employer (UdMemberEditor *self,
                gboolean        complete)
{
  g_autofree char *name = dup_text (self->employer_row);
  g_autofree char *code = dup_text (self->credit_code_row);
  const char *message = NULL;

  if (complete && is_blank (name) && !is_blank (code))
    message = _("Employer: a credit code was given without the employer’s name");

  ud_form_set_error (GTK_WIDGET (self->employer_row), message);
  return message == NULL;
}

static gboolean
check_card_number (UdMemberEditor *self,
                   gboolean        complete)
{
  g_autofree char *text = dup_text (self->card_number_row);
  const char *message = NULL;

  if (strlen (text) > CARD_NUMBER_MAX)
    message = _("Card number: at most 32 characters");

  ud_form_set_error (GTK_WIDGET (self->card_number_row), message);
  return message == NULL;
}

static gboolean
check_org (UdMemberEditor *self,
           gboolean        complete)
{
  gint64 org_id = ud_form_org_model_get_id (self->org_model,
                                            adw_combo_row_get_selected (self->org_row));
  const char *message = NULL;

  if (org_id <= 0)
    message = _("Union: choose the union the member belongs to");

  ud_form_set_error (GTK_WIDGET (self->org_row), message);
  return message == NULL;
}

/* Checks every field; returns the first row with a problem, or NULL. */
static GtkWidget *
check_all (UdMemberEditor *self)
{
  struct
  {
    gboolean (*check) (UdMemberEditor *, gboolean);
    GtkWidget *row;
  } checks[] = {
    { check_name, GTK_WIDGET (self->name_row) },
    { check_id_number, GTK_WIDGET (self->id_number_row) },
    { check_mobile, GTK_WIDGET (self->mobile_row) },
    { check_employer, GTK_WIDGET (self->employer_row) },
    { check_credit_code, GTK_WIDGET (self->credit_code_row) },
    { check_org, GTK_WIDGET (self->org_row) },
    { check_join_date, GTK_WIDGET (self->join_date_row) },
    { check_card_number, GTK_WIDGET (self->card_number_row) },
  };
  GtkWidget *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (!checks[i].check (self, TRUE) && first == NULL)
      first = checks[i].row;

  return first;
}

static GtkWidget *
row_for_field (UdMemberEditor *self,
               const char     *field)
{
  static const struct
  {
    const char *field;
    gsize       offset;
  } rows[] = {
    { "name", G_STRUCT_OFFSET (UdMemberEditor, name_row) },
    { "id_number", G_STRUCT_OFFSET (UdMemberEditor, id_number_row) },
    { "mobile", G_STRUCT_OFFSET (UdMemberEditor, mobile_row) },
    { "ethnicity", G_STRUCT_OFFSET (UdMemberEditor, ethnicity_row) },
    { "employer", G_STRUCT_OFFSET (UdMemberEditor, employer_row) },
    { "employer_name", G_STRUCT_OFFSET (UdMemberEditor, employer_row) },
    { "credit_code", G_STRUCT_OFFSET (UdMemberEditor, credit_code_row) },
    { "org", G_STRUCT_OFFSET (UdMemberEditor, org_row) },
    { "org_id", G_STRUCT_OFFSET (UdMemberEditor, org_row) },
    { "join_date", G_STRUCT_OFFSET (UdMemberEditor, join_date_row) },
    { "card_number", G_STRUCT_OFFSET (UdMemberEditor, card_number_row) },
    { "note", G_STRUCT_OFFSET (UdMemberEditor, note_row) },
    { "reason", G_STRUCT_OFFSET (UdMemberEditor, reason_row) },
  };

  if (field == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (strcmp (rows[i].field, field) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);

  return NULL;
}

/* Employer search as you type */

static void
employer_popdown (UdMemberEditor *self)
{
  if (self->employer_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->employer_popover));
}

static void
show_employer_known (UdMemberEditor *self,
                     gboolean        known)
{
  gtk_widget_set_visible (GTK_WIDGET (self->employer_known_label), known);
  gtk_widget_set_sensitive (GTK_WIDGET (self->credit_code_row), !known);
  gtk_widget_set_sensitive (GTK_WIDGET (self->platform_row), !known);
}

static void
forget_employer (UdMemberEditor *self)
{
  gboolean loading = self->loading;

  if (self->employer_id == 0)
    return;

  self->employer_id = 0;
  g_clear_pointer (&self->employer_name, g_free);
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->credit_code_row), "");
  gtk_switch_set_active (self->platform_switch, FALSE);
  self->loading = loading;
  show_employer_known (self, FALSE);
}

static void
choose_employer (UdMemberEditor   *self,
                 const UdEmployer *employer)
{
  gboolean loading = self->loading;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->employer_row), employer->name);
  gtk_editable_set_position (GTK_EDITABLE (self->employer_row), -1);
  gtk_editable_set_text (GTK_EDITABLE (self->credit_code_row),
                         employer->credit_code ? employer->credit_code : "");
  gtk_switch_set_active (self->platform_switch, employer->is_platform);
  self->loading = loading;

  self->employer_id = employer->id;
  g_free (self->employer_name);
  self->employer_name = g_strdup (employer->name);
  show_employer_known (self, TRUE);
  ud_form_set_error (GTK_WIDGET (self->employer_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->credit_code_row), NULL);
  employer_popdown (self);
}

static GtkWidget *
employer_match_row (const UdEmployer *employer)
{
  g_autoptr(GString) details = g_string_new (NULL);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (employer->name);
  GtkWidget *detail;

  g_string_append (details, employer->credit_code ? employer->credit_code
                                                  : _("No credit code"));
  g_string_append (details, " · ");
  g_string_append_printf (details,
                          g_dngettext (GETTEXT_PACKAGE, "%d member", "%d members",
                                       (gulong) employer->member_count),
                          (int) employer->member_count);
  if (employer->is_platform)
    {
      g_string_append (details, " · ");
      g_string_append (details, _("Platform company"));
    }
  detail = gtk_label_new (details->str);

  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_focusable (row, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, employer->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details->str,
                                  -1);
  return row;
}

static void
search_employers (UdMemberEditor *self)
{
  g_autofree char *text = dup_text (self->employer_row);
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *child;
  int width;

  if (is_blank (text) || self->employer_id != 0
      || !gtk_event_controller_focus_contains_focus (
           GTK_EVENT_CONTROLLER_FOCUS (self->employer_focus)))
    {
      employer_popdown (self);
      return;
    }

  found = ud_employer_list (self->db, text, EMPLOYER_MATCHES, NULL);
  if (found == NULL || found->len == 0)
    {
      employer_popdown (self);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->employer_matches))) != NULL)
    gtk_list_box_remove (self->employer_matches, child);
  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->employer_matches, employer_match_row (g_ptr_array_index (found, i)));

  g_clear_pointer (&self->employer_results, g_ptr_array_unref);
  self->employer_results = g_steal_pointer (&found);

  width = gtk_widget_get_width (GTK_WIDGET (self->employer_row));
  gtk_widget_set_size_request (GTK_WIDGET (self->employer_matches), MAX (width - 24, 240), -1);
  gtk_popover_popup (GTK_POPOVER (self->employer_popover));
}

static void
on_employer_match_activated (UdMemberEditor *self,
                             GtkListBoxRow  *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->employer_results != NULL && index >= 0 && (guint) index < self->employer_results->len)
    choose_employer (self, g_ptr_array_index (self->employer_results, index));
}

static gboolean
on_employer_key_pressed (UdMemberEditor        *self,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkEventControllerKey *controller)
{
  GtkListBoxRow *selected;
  int index;

  if (!gtk_widget_get_visible (self->employer_popover))
    return FALSE;

  selected = gtk_list_box_get_selected_row (self->employer_matches);
  index = selected ? gtk_list_box_row_get_index (selected) : -1;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      {
        int n = self->employer_results ? (int) self->employer_results->len : 0;
        gboolean down = keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down;
        GtkListBoxRow *row;

        if (n == 0)
          return FALSE;
        index = down ? (index + 1) % n : (index <= 0 ? n - 1 : index - 1);
        row = gtk_list_box_get_row_at_index (self->employer_matches, index);
        gtk_list_box_select_row (self->employer_matches, row);
        return TRUE;
      }
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (selected == NULL)
        return FALSE;
      on_employer_match_activated (self, selected);
      return TRUE;
    case GDK_KEY_Escape:
      employer_popdown (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
setup_employer_search (UdMemberEditor *self)
{
  GtkEventController *key;
  GtkWidget *scroller;

  self->employer_matches = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->employer_matches, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->employer_matches, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->employer_matches), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->employer_matches),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Registered employers"),
                                  -1);
  g_signal_connect_object (self->employer_matches, "row-activated",
                           G_CALLBACK (on_employer_match_activated), self, G_CONNECT_SWAPPED);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller),
                                 GTK_WIDGET (self->employer_matches));

  self->employer_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->employer_popover), scroller);
  gtk_popover_set_autohide (GTK_POPOVER (self->employer_popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->employer_popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->employer_popover), GTK_POS_BOTTOM);
  gtk_widget_set_can_focus (self->employer_popover, FALSE);
  gtk_widget_set_halign (self->employer_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->employer_popover, GTK_WIDGET (self->employer_row));

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (on_employer_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->employer_row), key);
}

/* Reacting to typing */

static void
on_name_changed (UdMemberEditor *self)
{
  if (!self->loading)
    check_name (self, FALSE);
}

static void
on_id_number_changed (UdMemberEditor *self)
{
  if (self->loading)
    return;

  check_id_number (self, FALSE);
  if (ud_form_has_error (GTK_WIDGET (self->join_date_row)))
    check_join_date (self, TRUE);
}

static void
on_mobile_changed (UdMemberEditor *self)
{
  if (!self->loading)
    check_mobile (self, FALSE);
}

static void
on_employer_changed (UdMemberEditor *self)
{
  g_autofree char *text = NULL;

  if (self->loading)
    return;

  text = dup_text (self->employer_row);
  if (self->employer_id != 0 && g_strcmp0 (text, self->employer_name) != 0)
    forget_employer (self);
  if (ud_form_has_error (GTK_WIDGET (self->employer_row)))
    check_employer (self, TRUE);
  search_employers (self);
}

static void
on_credit_code_changed (UdMemberEditor *self)
{
  if (self->loading)
    return;

  check_credit_code (self, FALSE);
  if (ud_form_has_error (GTK_WIDGET (self->employer_row)))
    check_employer (self, TRUE);
}

static void
on_join_date_changed (UdMemberEditor *self)
{
  if (!self->loading)
    check_join_date (self, FALSE);
}

static void
on_card_number_changed (UdMemberEditor *self)
{
  if (!self->loading)
    check_card_number (self, FALSE);
}

static void
on_org_selected (UdMemberEditor *self)
{
  if (!self->loading)
    check_org (self, FALSE);
}

/* When the focus leaves a field, everything about it is reported. */
static void
on_field_leave (GtkEventControllerFocus *controller,
                UdMemberEditor          *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  g_autofree char *text = NULL;

  if (self->loading || self->closing)
    return;

  if (row == GTK_WIDGET (self->employer_row))
    {
      employer_popdown (self);
      return;
    }

  /* An empty field that was never filled in is not an error yet. */
  text = ud_form_dup_text (GTK_EDITABLE (row));
  if (is_blank (text) && !ud_form_has_error (row))
    return;

  if (row == GTK_WIDGET (self->name_row))
    check_name (self, TRUE);
  else if (row == GTK_WIDGET (self->id_number_row))
    check_id_number (self, TRUE);
  else if (row == GTK_WIDGET (self->mobile_row))
    check_mobile (self, TRUE);
  else if (row == GTK_WIDGET (self->credit_code_row))
    check_credit_code (self, TRUE);
  else if (row == GTK_WIDGET (self->join_date_row))
    check_join_date (self, TRUE);
}

static void
watch_focus (UdMemberEditor *self,
             AdwEntryRow    *row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", G_CALLBACK (on_field_leave), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
  if (row == self->employer_row)
    self->employer_focus = focus;
}

static void
on_join_date_popover_show (UdMemberEditor *self)
{
  g_autofree char *text = dup_text (self->join_date_row);
  GDate date;

  if (!is_blank (text) && ud_date_parse (text, NULL, &date, NULL))
    {
      g_autoptr(GDateTime) when = g_date_time_new_local (g_date_get_year (&date),
                                                         g_date_get_month (&date),
                                                         g_date_get_day (&date), 12, 0, 0);

      self->loading = TRUE;
      gtk_calendar_select_day (self->join_date_calendar, when);
      self->loading = FALSE;
    }
}

static void
on_join_date_day_selected (UdMemberEditor *self)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *text = NULL;

  if (self->loading)
    return;

  when = gtk_calendar_get_date (self->join_date_calendar);
  text = g_date_time_format (when, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self->join_date_row), text);
}

/* Reading the form into a record */

static void
set_text_field (char        **field,
                AdwEntryRow  *row)
{
  g_autofree char *text = dup_text (row);

  g_free (*field);
  *field = is_blank (text) ? NULL : g_steal_pointer (&text);
}

static UdMember *
member_from_fields (UdMemberEditor *self)
{
  UdMember *member = self->member ? ud_member_copy (self->member) : ud_member_new ();

  set_text_field (&member->name, self->name_row);
  set_text_field (&member->id_number, self->id_number_row);
  set_text_field (&member->mobile, self->mobile_row);
  set_text_field (&member->ethnicity, self->ethnicity_row);
  set_text_field (&member->join_date, self->join_date_row);
  set_text_field (&member->card_number, self->card_number_row);
  set_text_field (&member->note, self->note_row);
  member->education = (UdEducation) adw_combo_row_get_selected (self->education_row);
  member->hukou = (UdHukou) adw_combo_row_get_selected (self->hukou_row);
  member->new_employment = (UdNewEmployment) adw_combo_row_get_selected (self->new_employment_row);
  member->join_channel = (UdJoinChannel) adw_combo_row_get_selected (self->join_channel_row);
  member->org_id = ud_form_org_model_get_id (self->org_model,
                                             adw_combo_row_get_selected (self->org_row));
  return member;
}

/* Sets @member's employer: the registered one chosen, or one found or registered by name and
 * credit code (inside the caller's transaction). */
static gboolean
resolve_employer (UdMemberEditor  *self,
                  UdMember        *member,
                  gboolean        *registered,
                  GError         **error)
{
  g_autofree char *name = dup_text (self->employer_row);
  g_autofree char *code = dup_text (self->credit_code_row);

  *registered = FALSE;
  if (is_blank (name) && is_blank (code))
    {
      member->employer_id = 0;
      return TRUE;
    }

  if (self->employer_id != 0 && g_strcmp0 (name, self->employer_name) == 0)
    {
      member->employer_id = self->employer_id;
      return TRUE;
    }

  *registered = TRUE;
  return ud_employer_find_or_create (self->db, ud_form_get_account (GTK_WIDGET (self)), name, code,
                                     gtk_switch_get_active (self->platform_switch),
                                     &member->employer_id, error);
}

static void
show_save_error (UdMemberEditor *self,
                 const GError   *error)
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
  UdMemberEditor *self = UD_MEMBER_EDITOR (widget);
  g_autoptr(UdMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *toast = NULL;
  GtkWindow *parent;
  GtkWidget *bad_row;
  gboolean registered = FALSE;
  gboolean ok;

  employer_popdown (self);
  show_general_error (self, NULL);

  if ((bad_row = check_all (self)) != NULL)
    {
      gtk_widget_grab_focus (bad_row);
      return;
    }

  if (self->member != NULL && !is_dirty (self))
    {
      self->closing = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  member = member_from_fields (self);
  reason = dup_text (self->reason_row);

  if (!ud_database_begin (self->db, &error))
    {
      show_general_error (self, error->message);
      return;
    }

  ok = resolve_employer (self, member, &registered, &error);
  if (ok && self->member != NULL)
    ok = ud_member_store_update (self->db, ud_form_get_account (GTK_WIDGET (self)), member,
                                 is_blank (reason) ? NULL : reason, &error);
  else if (ok)
    ok = ud_member_store_insert (self->db, ud_form_get_account (GTK_WIDGET (self)), member, &error);

  if (ok)
    ok = ud_database_commit (self->db, &error);
  else
    ud_database_rollback (self->db);

  if (!ok)
    {
      show_save_error (self, error);
      return;
    }

  if (registered)
    ud_database_notify_changed (self->db, "employer");
  ud_database_notify_changed (self->db, "member");

  if (self->member != NULL)
    toast = g_strdup_printf (_("%s’s record was corrected"), member->name);
  else
    toast = g_strdup_printf (_("%s was registered as a member"), member->name);

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
                     UdMemberEditor   *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ask_to_discard (UdMemberEditor *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Changes?"),
                                              _("What you typed for this member has not been saved "
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
}

static gboolean
ud_member_editor_close_request (GtkWindow *window)
{
  UdMemberEditor *self = UD_MEMBER_EDITOR (window);

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
  UdMemberEditor *self = UD_MEMBER_EDITOR (widget);

  if (self->employer_popover != NULL && gtk_widget_get_visible (self->employer_popover))
    {
      employer_popdown (self);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

/* Loading */

static void
load (UdMemberEditor *self)
{
  g_autoptr(GPtrArray) orgs = ud_org_list (self->db, NULL);
  g_autoptr(GListModel) education = ud_form_enum_model_new (&ud_education_info);
  g_autoptr(GListModel) hukou = ud_form_enum_model_new (&ud_hukou_info);
  g_autoptr(GListModel) new_employment = ud_form_enum_model_new (&ud_new_employment_info);
  g_autoptr(GListModel) join_channel = ud_form_enum_model_new (&ud_join_channel_info);
  const UdMember *member = self->member;
  gint64 org_id;
  guint position;

  self->loading = TRUE;

  adw_combo_row_set_model (self->education_row, education);
  adw_combo_row_set_model (self->hukou_row, hukou);
  adw_combo_row_set_model (self->new_employment_row, new_employment);
  adw_combo_row_set_model (self->join_channel_row, join_channel);
  self->org_model = ud_form_org_model_new (orgs, 0);
  ud_form_setup_org_combo (self->org_row);
  adw_combo_row_set_model (self->org_row, self->org_model);

  if (member != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Correct Member Record"));
      adw_window_title_set_title (self->window_title, _("Correct Member Record"));
      adw_window_title_set_subtitle (self->window_title, member->name);
      gtk_widget_set_visible (GTK_WIDGET (self->correction_group), TRUE);

      gtk_editable_set_text (GTK_EDITABLE (self->name_row), member->name ? member->name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->id_number_row),
                             member->id_number ? member->id_number : "");
      gtk_editable_set_text (GTK_EDITABLE (self->mobile_row), member->mobile ? member->mobile : "");
      gtk_editable_set_text (GTK_EDITABLE (self->ethnicity_row),
                             member->ethnicity ? member->ethnicity : "");
      adw_combo_row_set_selected (self->education_row, member->education);
      adw_combo_row_set_selected (self->hukou_row, member->hukou);
      adw_combo_row_set_selected (self->new_employment_row, member->new_employment);
      adw_combo_row_set_selected (self->join_channel_row, member->join_channel);
      gtk_editable_set_text (GTK_EDITABLE (self->join_date_row),
                             member->join_date ? member->join_date : "");
      gtk_editable_set_text (GTK_EDITABLE (self->card_number_row),
                             member->card_number ? member->card_number : "");
      gtk_editable_set_text (GTK_EDITABLE (self->note_row), member->note ? member->note : "");

      if (member->employer_id != 0)
        {
          UdEmployer employer = {
            .id = member->employer_id,
            .name = member->employer_name,
            .credit_code = member->employer_credit_code,
            .is_platform = member->employer_is_platform,
          };

          if (employer.name == NULL)
            employer.name = (char *) "";
          choose_employer (self, &employer);
        }
      org_id = member->org_id;
    }
  else
    {
      g_autofree char *today = NULL;
      GDate date;

      gtk_window_set_title (GTK_WINDOW (self), _("New Member"));
      adw_window_title_set_title (self->window_title, _("New Member"));
      ud_date_today (&date);
      today = ud_date_format (&date);
      gtk_editable_set_text (GTK_EDITABLE (self->join_date_row), today);
      adw_combo_row_set_selected (self->join_channel_row, UD_JOIN_CHANNEL_ON_SITE);
      org_id = ud_database_get_office_org_id (self->db);
    }

  position = ud_form_org_model_find (self->org_model, org_id);
  if (position != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->org_row, position);

  self->loading = FALSE;

  if (member != NULL)
    {
      UdIdNumber id;

      show_derived (self, parse_id_number (self, &id, NULL) ? &id : NULL);
    }

  self->snapshot = snapshot_fields (self);
}

UdMemberEditor *
ud_member_editor_new (UdDatabase  *db,
                      gint64       member_id,
                      GError     **error)
{
  g_autoptr(UdMember) member = NULL;
  UdMemberEditor *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (member_id > 0 && (member = ud_member_store_get (db, member_id, error)) == NULL)
    return NULL;

  self = g_object_new (UD_TYPE_MEMBER_EDITOR, NULL);
  self->db = g_object_ref (db);
  self->member = g_steal_pointer (&member);
  load (self);

  return self;
}

void
ud_member_editor_present (GtkWidget  *parent,
                          UdDatabase *db,
                          gint64      member_id)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  UdMemberEditor *self;

  g_return_if_fail (parent == NULL || GTK_IS_WIDGET (parent));
  g_return_if_fail (UD_IS_DATABASE (db));

  window = ud_form_get_window (parent);
  self = ud_member_editor_new (db, member_id, &error);
  if (self == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("The Member Cannot Be Opened"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  gtk_window_set_transient_for (GTK_WINDOW (self), window);

  /* The editor shows the whole ID and mobile numbers of an existing member: one audited view per
   * opening. Refused, the editor does not open. */
  if (member_id > 0
      && !ud_member_store_audit_view (db, ud_form_get_account (GTK_WIDGET (self)), member_id,
                                      "id_number,mobile", &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("The Member Cannot Be Opened"),
                                                  error->message);

      gtk_window_destroy (GTK_WINDOW (self));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
ud_member_editor_dispose (GObject *object)
{
  UdMemberEditor *self = UD_MEMBER_EDITOR (object);

  /* No more checks when the focus leaves the fields as they go. */
  self->closing = TRUE;
  self->loading = TRUE;
  g_clear_pointer (&self->employer_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_MEMBER_EDITOR);
  g_clear_object (&self->org_model);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_member_editor_parent_class)->dispose (object);
}

static void
ud_member_editor_finalize (GObject *object)
{
  UdMemberEditor *self = UD_MEMBER_EDITOR (object);

  g_clear_pointer (&self->member, ud_member_free);
  g_clear_pointer (&self->employer_results, g_ptr_array_unref);
  g_free (self->snapshot);
  g_free (self->employer_name);

  G_OBJECT_CLASS (ud_member_editor_parent_class)->finalize (object);
}

static void
ud_member_editor_class_init (UdMemberEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ud_member_editor_dispose;
  object_class->finalize = ud_member_editor_finalize;
  window_class->close_request = ud_member_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-member-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, general_error);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, id_number_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, sex_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, sex_value);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, birth_date_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, birth_date_value);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, mobile_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, ethnicity_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, education_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, hukou_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, employer_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, employer_known_label);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, credit_code_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, platform_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, platform_switch);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, new_employment_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, org_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, join_date_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, join_date_button);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, join_date_popover);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, join_date_calendar);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, join_channel_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, card_number_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, note_row);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, correction_group);
  gtk_widget_class_bind_template_child (widget_class, UdMemberEditor, reason_row);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_id_number_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_mobile_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_employer_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_credit_code_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_join_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_card_number_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_join_date_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_join_date_day_selected);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
ud_member_editor_init (UdMemberEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_employer_search (self);
  watch_focus (self, self->name_row);
  watch_focus (self, self->id_number_row);
  watch_focus (self, self->mobile_row);
  watch_focus (self, self->employer_row);
  watch_focus (self, self->credit_code_row);
  watch_focus (self, self->join_date_row);
  g_signal_connect_object (self->org_row, "notify::selected", G_CALLBACK (on_org_selected), self,
                           G_CONNECT_SWAPPED);
}
