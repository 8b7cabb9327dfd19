/* ud-member-detail.c — one member: the record, the status and the history
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-member-detail"

#include <json-glib/json-glib.h>

#include "ud-audit-page.h"
#include "ud-employer.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-mask.h"
#include "ud-member-detail.h"
#include "ud-member-editor.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-status-dialog.h"

struct _UdMemberDetail
{
  AdwWindow            parent_instance;

  UdDatabase          *db;                  /* owned */
  gint64               member_id;
  UdMember            *member;              /* owned, NULL when it could not be read */
  gulong               changed_handler;
  gboolean             reverting;            /* turning the reveal button back off */

  /* value labels, built in init (borrowed) */
  GtkLabel            *name_value;
  GtkLabel            *id_number_value;
  GtkLabel            *sex_value;
  GtkLabel            *birth_date_value;
  GtkLabel            *mobile_value;
  GtkLabel            *ethnicity_value;
  GtkLabel            *education_value;
  GtkLabel            *hukou_value;
  GtkLabel            *status_value;
  GtkLabel            *org_value;
  GtkLabel            *transfer_value;
  GtkLabel            *join_date_value;
  GtkLabel            *join_channel_value;
  GtkLabel            *card_number_value;
  GtkLabel            *note_value;
  GtkLabel            *employer_value;
  AdwActionRow        *employer_row;
  GtkLabel            *credit_code_value;
  GtkLabel            *new_employment_value;

  /* template */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *edit_button;
  GtkMenuButton       *status_button;
  GtkStack            *stack;
  AdwPreferencesGroup *person_group;
  AdwPreferencesGroup *membership_group;
  AdwPreferencesGroup *employment_group;
  AdwPreferencesGroup *history_group;
  GtkListBox          *history_list;
  AdwPreferencesGroup *audit_group;
  GtkListBox          *audit_list;
  GtkToggleButton     *reveal_button;
  AdwButtonContent    *reveal_content;
  AdwStatusPage       *missing_page;
};

G_DEFINE_FINAL_TYPE (UdMemberDetail, ud_member_detail, ADW_TYPE_WINDOW)

/* The order of the status actions in the menu. */
static const UdMemberEventKind menu_events[] = {
  UD_MEMBER_EVENT_ACTIVATE,
  UD_MEMBER_EVENT_TRANSFER_IN,
  UD_MEMBER_EVENT_TRANSFER_CANCEL,
  UD_MEMBER_EVENT_TRANSFER_OUT,
  UD_MEMBER_EVENT_RETAIN,
  UD_MEMBER_EVENT_REINSTATE,
  UD_MEMBER_EVENT_LAPSE,
  UD_MEMBER_EVENT_WITHDRAW,
  UD_MEMBER_EVENT_EXPEL,
  UD_MEMBER_EVENT_DECEASE,
};

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static void
set_value (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, or_dash (text));
}

static void
show_row_of (GtkLabel *label,
             gboolean  visible)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (label), ADW_TYPE_ACTION_ROW);

  if (row != NULL)
    gtk_widget_set_visible (row, visible);
}

static GtkLabel *
add_field (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new ("—");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (value), 1.0);
  gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_RIGHT);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 32);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_set_focusable (value, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_preferences_group_add (group, row);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  return GTK_LABEL (value);
}

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
      return NULL;
    }
}

static gboolean
revealed (UdMemberDetail *self)
{
  return gtk_toggle_button_get_active (self->reveal_button);
}

/* An ID number or mobile number, masked unless the person asked to see it. */
static char *
personal_number (UdMemberDetail *self,
                 const char     *field,
                 const char     *value)
{
  if (value == NULL || revealed (self))
    return g_strdup (value);
  if (g_strcmp0 (field, "id_number") == 0)
    return ud_mask_id_number (value);
  if (g_strcmp0 (field, "mobile") == 0)
    return ud_mask_mobile (value);
  return g_strdup (value);
}

/* History */

static const char *
field_label (const char *field)
{
  static const struct
  {
    const char *field;
    const char *label;
  } labels[] = {
    { "name", N_("Name") },
    { "id_number", N_("ID number") },
    { "mobile", N_("Mobile number") },
    { "ethnicity", N_("Ethnicity") },
    { "education", N_("Education") },
    { "hukou", N_("Household registration") },
    { "employer_id", N_("Employer") },
    { "new_employment", N_("New employment category") },
    { "org_id", N_("Union") },
    { "join_date", N_("Join date") },
    { "join_channel", N_("Join channel") },
    { "card_number", N_("Member card number") },
    { "note", N_("Note") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].field, field) == 0)
      return _(labels[i].label);

  return field;
}

/* A before or after value of a correction, as a person reads it. */
static char *
change_value (UdMemberDetail *self,
              const char     *field,
              JsonNode       *node)
{
  const UdEnumInfo *info = NULL;
  const char *text;
  int value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));

  text = json_node_get_string (node);
  if (text == NULL)
    return g_strdup ("?");

  if (g_strcmp0 (field, "education") == 0)
    info = &ud_education_info;
  else if (g_strcmp0 (field, "hukou") == 0)
    info = &ud_hukou_info;
  else if (g_strcmp0 (field, "new_employment") == 0)
    info = &ud_new_employment_info;
  else if (g_strcmp0 (field, "join_channel") == 0)
    info = &ud_join_channel_info;

  if (info != NULL && ud_enum_from_code (info, text, &value))
    return g_strdup (ud_enum_label (info, value));

  if (g_strcmp0 (field, "employer_id") == 0)
    {
      g_autoptr(UdEmployer) employer = ud_employer_get (self->db, g_ascii_strtoll (text, NULL, 10),
                                                        NULL);

      return g_strdup (employer ? employer->name : text);
    }
  if (g_strcmp0 (field, "org_id") == 0)
    {
      g_autoptr(UdOrg) org = ud_org_get (self->db, g_ascii_strtoll (text, NULL, 10), NULL);

      return g_strdup (org ? org->name : text);
    }

  return personal_number (self, field, text);
}

static void
append_changes (UdMemberDetail *self,
                GString        *text,
                const char     *changes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  g_autoptr(GList) fields = NULL;

  if (changes == NULL || !json_parser_load_from_data (parser, changes, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  object = json_node_get_object (json_parser_get_root (parser));
  fields = json_object_get_members (object);
  for (GList *l = fields; l != NULL; l = l->next)
    {
      const char *field = l->data;
      JsonNode *pair = json_object_get_member (object, field);
      JsonArray *array;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      if (!JSON_NODE_HOLDS_ARRAY (pair))
        continue;
      array = json_node_get_array (pair);
      if (json_array_get_length (array) != 2)
        continue;

      before = change_value (self, field, json_array_get_element (array, 0));
      after = change_value (self, field, json_array_get_element (array, 1));
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a corrected field: "Mobile number: 133****1023 → 135****2222" */
      g_string_append_printf (text, _("%s: %s → %s"), field_label (field), before, after);
    }
}

static GtkWidget *
history_row (UdMemberDetail      *self,
             const UdMemberEvent *event)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Translators: a history entry: "2024-06-13 · Transfer started" */
  title = g_strdup_printf (_("%s · %s"), or_dash (event->event_date),
                           ud_enum_label (&ud_member_event_kind_info, event->kind));

  if (event->kind == UD_MEMBER_EVENT_CORRECT)
    append_changes (self, details, event->changes);
  else
    {
      if (event->from_org_name != NULL && event->to_org_name != NULL
          && g_strcmp0 (event->from_org_name, event->to_org_name) != 0)
        /* Translators: a transfer between two unions */
        g_string_append_printf (details, _("From %s to %s"), event->from_org_name,
                                event->to_org_name);
      else if (event->kind == UD_MEMBER_EVENT_JOIN && event->to_org_name != NULL)
        g_string_append (details, event->to_org_name);

      if (event->kind != UD_MEMBER_EVENT_JOIN && event->from_status != event->to_status)
        {
          if (details->len > 0)
            g_string_append_c (details, '\n');
          g_string_append_printf (details, _("Status: %s → %s"),
                                  ud_enum_label (&ud_member_status_info, event->from_status),
                                  ud_enum_label (&ud_member_status_info, event->to_status));
        }
    }

  if (event->reason != NULL && *event->reason != '\0')
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append_printf (details, _("Reason: %s"), event->reason);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
fill_history (UdMemberDetail *self)
{
  g_autoptr(GPtrArray) events = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  events = ud_member_store_history (self->db, self->member_id, NULL);
  for (guint i = 0; events != NULL && i < events->len; i++)
    gtk_list_box_append (self->history_list, history_row (self, g_ptr_array_index (events, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->history_group), events != NULL && events->len > 0);
}

/* The record's own entries in the audit trail, newest first. */
static void
fill_audit (UdMemberDetail *self)
{
  UdAuditFilter filter = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->audit_list))) != NULL)
    gtk_list_box_remove (self->audit_list, child);

  filter.entity = (char *) "member";
  filter.record_uuid = self->member->uuid;
  entries = ud_audit_list (self->db, &filter, 0, 200, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    gtk_list_box_append (self->audit_list,
                         ud_audit_row_new (g_ptr_array_index (entries, i), FALSE));

  gtk_widget_set_visible (GTK_WIDGET (self->audit_group), entries != NULL && entries->len > 0);
}

/* What the role may do: change the record and its status (clerks). */
static void
apply_roles (UdMemberDetail *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  gboolean allowed = ud_guard_allows (account, UD_ACTION_MEMBER_WRITE);
  g_autofree char *denied = allowed ? NULL : ud_form_guard_message (UD_ACTION_MEMBER_WRITE);

  if (self->member == NULL)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.edit", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.change-status", allowed);
  if (!allowed)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button), denied);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_button), denied);
      gtk_widget_set_sensitive (GTK_WIDGET (self->status_button), FALSE);
    }
  ud_form_guard (GTK_WIDGET (self->reveal_button), account, UD_ACTION_VIEW_PERSONAL);
}

/* The record */

static void
fill_numbers (UdMemberDetail *self)
{
  g_autofree char *id_number = personal_number (self, "id_number", self->member->id_number);
  g_autofree char *mobile = personal_number (self, "mobile", self->member->mobile);

  set_value (self->id_number_value, id_number);
  set_value (self->mobile_value, mobile);
  adw_button_content_set_icon_name (self->reveal_content, revealed (self) ? "view-conceal-symbolic"
                                                                          : "view-reveal-symbolic");
  adw_button_content_set_label (self->reveal_content, revealed (self) ? _("Hide Numbers")
                                                                      : _("Show Numbers"));
}

static void
fill_status_menu (UdMemberDetail *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (menu_events); i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (!ud_member_event_allowed (self->member->status, menu_events[i]))
        continue;

      item = g_menu_item_new (ud_status_dialog_event_verb (menu_events[i]), NULL);
      g_menu_item_set_action_and_target_value (item, "member.change-status",
                                               g_variant_new_string (
                                                 ud_enum_code (&ud_member_event_kind_info,
                                                               menu_events[i])));
      g_menu_append_item (menu, item);
      n++;
    }

  gtk_menu_button_set_menu_model (self->status_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_button), n > 0);
}

static void
refresh (UdMemberDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UdMember) member = ud_member_store_get (self->db, self->member_id, &error);
  g_autofree char *status = NULL;
  const char *status_label;

  g_clear_pointer (&self->member, ud_member_free);
  if (member == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->missing_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "missing");
      adw_window_title_set_title (self->window_title, _("Member Not Found"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.edit", FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->status_button), FALSE);
      return;
    }

  self->member = g_steal_pointer (&member);

  status_label = ud_enum_label (&ud_member_status_info, self->member->status);
  gtk_window_set_title (GTK_WINDOW (self), self->member->name);
  adw_window_title_set_title (self->window_title, self->member->name);
  adw_window_title_set_subtitle (self->window_title, status_label);
  gtk_stack_set_visible_child_name (self->stack, "member");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.edit", TRUE);

  set_value (self->name_value, self->member->name);
  set_value (self->sex_value, sex_label (self->member->sex));
  set_value (self->birth_date_value, self->member->birth_date);
  set_value (self->ethnicity_value, self->member->ethnicity);
  set_value (self->education_value, ud_enum_label (&ud_education_info, self->member->education));
  set_value (self->hukou_value, ud_enum_label (&ud_hukou_info, self->member->hukou));
  fill_numbers (self);

  if (self->member->status_date != NULL)
    /* Translators: a status and the date it began: "Active since 2024-06-13" */
    status = g_strdup_printf (_("%s since %s"), status_label, self->member->status_date);
  set_value (self->status_value, status ? status : status_label);
  set_value (self->org_value, self->member->org_name);
  set_value (self->transfer_value, self->member->transfer_org_name);
  show_row_of (self->transfer_value, self->member->status == UD_MEMBER_STATUS_TRANSFER_PENDING);
  set_value (self->join_date_value, self->member->join_date);
  set_value (self->join_channel_value,
             ud_enum_label (&ud_join_channel_info, self->member->join_channel));
  set_value (self->card_number_value, self->member->card_number);
  set_value (self->note_value, self->member->note);

  set_value (self->employer_value, self->member->employer_name);
  adw_action_row_set_subtitle (self->employer_row,
                               self->member->employer_id != 0 && self->member->employer_is_platform
                                 ? _("Platform company")
                                 : NULL);
  set_value (self->credit_code_value, self->member->employer_credit_code);
  set_value (self->new_employment_value,
             ud_enum_label (&ud_new_employment_info, self->member->new_employment));

  fill_status_menu (self);
  fill_history (self);
  fill_audit (self);
  apply_roles (self);
}

static void
on_reveal_toggled (UdMemberDetail *self)
{
  g_autoptr(GError) error = NULL;

  if (self->member == NULL || self->reverting)
    return;

  /* Seeing the whole numbers is recorded in the audit trail first; refused, they stay hidden. */
  if (revealed (self)
      && !ud_member_store_audit_view (self->db, ud_form_get_account (GTK_WIDGET (self)),
                                      self->member_id, "id_number,mobile", &error))
    {
      self->reverting = TRUE;
      gtk_toggle_button_set_active (self->reveal_button, FALSE);
      self->reverting = FALSE;
      ud_form_add_toast (GTK_WIDGET (self->toast_overlay), error->message);
      return;
    }

  fill_numbers (self);
  fill_history (self);
}

static void
on_database_changed (UdMemberDetail *self,
                     const char     *entity)
{
  if (entity == NULL || g_str_equal (entity, "member") || g_str_equal (entity, "org")
      || g_str_equal (entity, "employer"))
    refresh (self);
}

/* Actions */

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdMemberDetail *self = UD_MEMBER_DETAIL (widget);

  ud_member_editor_present (widget, self->db, self->member_id);
}

static void
on_status_applied (UdMemberDetail *self)
{
  g_autofree char *toast = NULL;

  refresh (self);
  if (self->member != NULL)
    {
      toast = g_strdup_printf (_("%s is now “%s”"), self->member->name,
                               ud_enum_label (&ud_member_status_info, self->member->status));
      ud_form_add_toast (GTK_WIDGET (self->toast_overlay), toast);
    }
}

static void
change_status_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  UdMemberDetail *self = UD_MEMBER_DETAIL (widget);
  UdStatusDialog *dialog;
  int event;

  if (self->member == NULL
      || !ud_enum_from_code (&ud_member_event_kind_info, g_variant_get_string (parameter, NULL),
                             &event)
      || !ud_member_event_allowed (self->member->status, event))
    return;

  dialog = ud_status_dialog_new (self->db, self->member, event);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (on_status_applied), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

UdMemberDetail *
ud_member_detail_new (UdDatabase *db,
                      gint64      member_id)
{
  UdMemberDetail *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_MEMBER_DETAIL, NULL);
  self->db = g_object_ref (db);
  self->member_id = member_id;
  self->changed_handler = g_signal_connect_object (db, "changed", G_CALLBACK (on_database_changed),
                                                   self, G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

gint64
ud_member_detail_get_member_id (UdMemberDetail *self)
{
  g_return_val_if_fail (UD_IS_MEMBER_DETAIL (self), 0);

  return self->member_id;
}

void
ud_member_detail_present (GtkWidget  *parent,
                          UdDatabase *db,
                          gint64      member_id)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();
  UdMemberDetail *self;

  g_return_if_fail (parent == NULL || GTK_IS_WIDGET (parent));
  g_return_if_fail (UD_IS_DATABASE (db));

  /* One window per member: bring back the one already open. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (UD_IS_MEMBER_DETAIL (l->data) && UD_MEMBER_DETAIL (l->data)->db == db
        && UD_MEMBER_DETAIL (l->data)->member_id == member_id)
      {
        gtk_window_present (GTK_WINDOW (l->data));
        return;
      }

  self = ud_member_detail_new (db, member_id);
  gtk_window_set_transient_for (GTK_WINDOW (self), ud_form_get_window (parent));
  gtk_window_present (GTK_WINDOW (self));
}

static void
ud_member_detail_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ud_member_detail_parent_class)->map (widget);

  /* The account is known once the window is transient for the main window. */
  apply_roles (UD_MEMBER_DETAIL (widget));
}

static void
ud_member_detail_dispose (GObject *object)
{
  UdMemberDetail *self = UD_MEMBER_DETAIL (object);

  if (self->db != NULL)
    g_clear_signal_handler (&self->changed_handler, self->db);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_MEMBER_DETAIL);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_member_detail_parent_class)->dispose (object);
}

static void
ud_member_detail_finalize (GObject *object)
{
  UdMemberDetail *self = UD_MEMBER_DETAIL (object);

  g_clear_pointer (&self->member, ud_member_free);

  G_OBJECT_CLASS (ud_member_detail_parent_class)->finalize (object);
}

static void
ud_member_detail_class_init (UdMemberDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_member_detail_dispose;
  object_class->finalize = ud_member_detail_finalize;
  widget_class->map = ud_member_detail_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-member-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, window_title);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, edit_button);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, status_button);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, person_group);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, membership_group);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, employment_group);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, history_group);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, history_list);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, audit_group);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, audit_list);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, reveal_content);
  gtk_widget_class_bind_template_child (widget_class, UdMemberDetail, missing_page);
  gtk_widget_class_bind_template_callback (widget_class, on_reveal_toggled);

  gtk_widget_class_install_action (widget_class, "member.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "member.change-status", "s",
                                   change_status_action);
  gtk_widget_class_install_action (widget_class, "member.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "member.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "member.close",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "member.edit",
                                       NULL);
}

static void
ud_member_detail_init (UdMemberDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->name_value = add_field (self->person_group, _("Name"));
  self->id_number_value = add_field (self->person_group, _("ID number"));
  self->sex_value = add_field (self->person_group, _("Sex"));
  self->birth_date_value = add_field (self->person_group, _("Birth date"));
  self->mobile_value = add_field (self->person_group, _("Mobile number"));
  self->ethnicity_value = add_field (self->person_group, _("Ethnicity"));
  self->education_value = add_field (self->person_group, _("Education"));
  self->hukou_value = add_field (self->person_group, _("Household registration"));

  self->status_value = add_field (self->membership_group, _("Status"));
  self->org_value = add_field (self->membership_group, _("Union"));
  self->transfer_value = add_field (self->membership_group, _("Transferring to"));
  self->join_date_value = add_field (self->membership_group, _("Join date"));
  self->join_channel_value = add_field (self->membership_group, _("Join channel"));
  self->card_number_value = add_field (self->membership_group, _("Member card number"));
  self->note_value = add_field (self->membership_group, _("Note"));

  self->employer_value = add_field (self->employment_group, _("Employer"));
  self->credit_code_value = add_field (self->employment_group, _("Unified social credit code"));
  self->new_employment_value = add_field (self->employment_group, _("New employment category"));

  self->employer_row = ADW_ACTION_ROW (gtk_widget_get_ancestor (GTK_WIDGET (self->employer_value),
                                                               ADW_TYPE_ACTION_ROW));
}
