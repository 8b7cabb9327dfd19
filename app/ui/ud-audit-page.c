/* ud-audit-page.c — the audit trail: who did what to which record, filtered and paged
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every logged-in role may read the audit trail: it says who changed what, which is what a
 * reviewer or approver needs to check, and it never shows a whole ID or mobile number (the
 * values are masked here). Entries come newest first, a page at a time ("Show More"); a page is
 * one indexed query, so it is read on the main thread. */
#define G_LOG_DOMAIN "ud-audit-page"

#include <string.h>

#include "ud-audit-page.h"
#include "ud-date.h"
#include "ud-account.h"
#include "ud-form.h"
#include "ud-enums.h"
#include "ud-i18n.h"
#include "ud-mask.h"

#define PAGE_SIZE 100

typedef struct
{
  const char *context;  /* of the translation, or NULL */
  const char *code;
  const char *label;    /* untranslated */
} CodeLabel;

static const CodeLabel entities[] = {
  { NULL, "member", N_("Members") },
  { NULL, "org", N_("Unions") },
  { NULL, "employer", N_("Employers") },
  { NULL, "account", N_("Accounts") },
  { NULL, "database", N_("Database") },
};

static const CodeLabel actions[] = {
  { "audit action", "create", NC_("audit action", "Created") },
  { "audit action", "update", NC_("audit action", "Changed") },
  { "audit action", "status", NC_("audit action", "Status changed") },
  { "audit action", "view_personal", NC_("audit action", "Viewed whole numbers") },
  { "audit action", "export", NC_("audit action", "Exported") },
  { "audit action", "login", NC_("audit action", "Logged in") },
  { "audit action", "login_failed", NC_("audit action", "Wrong password") },
  { "audit action", "login_locked", NC_("audit action", "Locked after wrong passwords") },
  { "audit action", "change_password", NC_("audit action", "Changed own password") },
  { "audit action", "reset_password", NC_("audit action", "Password reset") },
  { "audit action", "backup", NC_("audit action", "Backed up") },
  { "audit action", "restore", NC_("audit action", "Restored") },
};

/* Field names in the changes, as people call them. */
static const CodeLabel fields[] = {
  { "audit field", "name", NC_("audit field", "Name") },
  { "audit field", "id_number", NC_("audit field", "ID number") },
  { "audit field", "id_kind", NC_("audit field", "ID type") },
  { "audit field", "sex", NC_("audit field", "Sex") },
  { "audit field", "birth_date", NC_("audit field", "Birth date") },
  { "audit field", "mobile", NC_("audit field", "Mobile number") },
  { "audit field", "ethnicity", NC_("audit field", "Ethnicity") },
  { "audit field", "education", NC_("audit field", "Education") },
  { "audit field", "hukou", NC_("audit field", "Household registration") },
  { "audit field", "status", NC_("audit field", "Status") },
  { "audit field", "status_date", NC_("audit field", "Status date") },
  { "audit field", "org_uuid", NC_("audit field", "Union") },
  { "audit field", "transfer_org_uuid", NC_("audit field", "Transferring to") },
  { "audit field", "join_date", NC_("audit field", "Join date") },
  { "audit field", "join_channel", NC_("audit field", "Join channel") },
  { "audit field", "card_number", NC_("audit field", "Member card number") },
  { "audit field", "note", NC_("audit field", "Note") },
  { "audit field", "employer_uuid", NC_("audit field", "Employer") },
  { "audit field", "employer_name", NC_("audit field", "Employer") },
  { "audit field", "employer_credit_code", NC_("audit field", "Unified social credit code") },
  { "audit field", "new_employment", NC_("audit field", "New employment category") },
  { "audit field", "username", NC_("audit field", "User name") },
  { "audit field", "display_name", NC_("audit field", "Full name") },
  { "audit field", "roles", NC_("audit field", "Roles") },
  { "audit field", "active", NC_("audit field", "Active") },
  { "audit field", "kind", NC_("audit field", "Type") },
  { "audit field", "region_code", NC_("audit field", "Region code") },
  { "audit field", "contact", NC_("audit field", "Contact") },
  { "audit field", "phone", NC_("audit field", "Phone") },
  { "audit field", "address", NC_("audit field", "Address") },
  { "audit field", "credit_code", NC_("audit field", "Unified social credit code") },
  { "audit field", "is_platform", NC_("audit field", "Platform company") },
  { "audit field", "path", NC_("audit field", "File") },
  { "audit field", "size", NC_("audit field", "Size") },
  { "audit field", "field", NC_("audit field", "What") },
  { "audit field", "rows", NC_("audit field", "Rows") },
  { "audit field", "format", NC_("audit field", "Format") },
};

struct _UdAuditPage
{
  AdwBin         parent_instance;

  UdDatabase    *db;              /* owned */
  GArray        *account_ids;     /* owned: gint64, the account drop-down's items after "All" */
  guint          n_loaded;
  gulong         changed_handler;

  /* template */
  GtkDropDown   *account_dropdown;
  GtkDropDown   *entity_dropdown;
  GtkDropDown   *action_dropdown;
  GtkEditable   *record_entry;
  GtkEditable   *from_entry;
  GtkEditable   *to_entry;
  GtkStack      *content_stack;
  GtkListBox    *entry_list;
  GtkButton     *more_button;
  GtkLabel      *error_label;
};

G_DEFINE_FINAL_TYPE (UdAuditPage, ud_audit_page, ADW_TYPE_BIN)

static const char *
find_label (const CodeLabel *table,
            guint            n,
            const char      *code)
{
  for (guint i = 0; code != NULL && i < n; i++)
    if (g_str_equal (table[i].code, code))
      return table[i].context ? g_dpgettext2 (NULL, table[i].context, table[i].label)
                              : _(table[i].label);
  return code;
}

const char *
ud_audit_action_label (const char *action)
{
  return find_label (actions, G_N_ELEMENTS (actions), action);
}

static gboolean
is_personal_number (const char *field)
{
  return g_strcmp0 (field, "id_number") == 0 || g_strcmp0 (field, "mobile") == 0
         || g_strcmp0 (field, "bank_card") == 0;
}

/* One value of a change as text; whole personal numbers masked. */
static char *
value_text (const char *field,
            JsonNode   *node)
{
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");

  if (!JSON_NODE_HOLDS_VALUE (node))
    return json_to_string (node, FALSE);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("yes") : _("no"));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_STRING:
    default:
      text = json_node_get_string (node);
      if (text == NULL || *text == '\0')
        return g_strdup ("—");
      if (g_strcmp0 (field, "id_number") == 0)
        return ud_mask_id_number (text);
      if (g_strcmp0 (field, "mobile") == 0)
        return ud_mask_mobile (text);
      if (g_strcmp0 (field, "bank_card") == 0)
        return ud_mask_bank_card (text);
      if (g_str_has_suffix (field, "_uuid") && strlen (text) > 8)
        return g_strdup (text + strlen (text) - 8);
      if (g_strcmp0 (field, "roles") == 0)
        {
          guint roles = 0;

          if (ud_roles_parse (text, &roles))
            return ud_roles_describe (roles);
        }
      else
        {
          /* Choice fields are stored as codes ("college"): show their labels (大专). */
          static const struct { const char *field; const UdEnumInfo *info; } lists[] = {
            { "status", &ud_member_status_info },
            { "from_status", &ud_member_status_info },
            { "to_status", &ud_member_status_info },
            { "new_employment", &ud_new_employment_info },
            { "join_channel", &ud_join_channel_info },
            { "education", &ud_education_info },
            { "hukou", &ud_hukou_info },
            { "kind", &ud_org_kind_info },
          };

          for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
            {
              int value;

              if (g_strcmp0 (field, lists[i].field) == 0
                  && ud_enum_from_code (lists[i].info, text, &value))
                return g_strdup (ud_enum_label (lists[i].info, value));
            }
        }
      return g_strdup (text);
    }
}

/* "Name: 李明 → 李明华; Mobile number: 138****0000 → 139****1111" */
static char *
describe_changes (const char *changes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  guint shown = 0;

  if (changes == NULL || *changes == '\0' || !json_parser_load_from_data (parser, changes, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *field = l->data;
      JsonNode *node = json_object_get_member (object, field);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      if (g_str_equal (field, "updated_at") || g_str_equal (field, "version")
          || g_str_equal (field, "created_at") || g_str_equal (field, "uuid"))
        continue;

      if (shown == 6)
        {
          g_string_append (text, "…");
          break;
        }
      if (shown++ > 0)
        /* Translators: between the changed fields of an audit entry */
        g_string_append (text, _("; "));

      /* Translators: a field name and its change, "Name: 李明 → 李明华" */
      g_string_append_printf (text, _("%s: "), find_label (fields, G_N_ELEMENTS (fields), field));
      if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 2)
        {
          JsonArray *pair = json_node_get_array (node);
          JsonNode *old_node = json_array_get_element (pair, 0);

          after = value_text (field, json_array_get_element (pair, 1));
          if (old_node == NULL || JSON_NODE_HOLDS_NULL (old_node))
            g_string_append (text, after);
          else
            {
              before = value_text (field, old_node);
              g_string_append_printf (text, "%s → %s", before, after);
            }
        }
      else
        {
          after = is_personal_number (field) ? g_strdup ("…") : value_text (field, node);
          g_string_append (text, after);
        }
    }

  return text->len > 0 ? g_strdup (text->str) : NULL;
}

GtkWidget *
ud_audit_row_new (const UdAuditEntry *entry,
                  gboolean            with_record)
{
  g_autofree char *when = ud_form_format_timestamp (entry->at);
  g_autofree char *title = NULL;
  g_autofree char *changes = describe_changes (entry->changes);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();
  const char *who = entry->account_name ? entry->account_name : _("System");

  /* Translators: an audit entry: local time, account, action:
   * "2026-11-25 16:30 · wang · Changed" */
  title = g_strdup_printf (_("%s · %s · %s"), when, who, ud_audit_action_label (entry->action));
  if (with_record)
    {
      g_string_append (subtitle, find_label (entities, G_N_ELEMENTS (entities), entry->entity));
      /* The end of the UUID: its start is a time stamp, the same for records made together. */
      if (entry->record_uuid != NULL && strlen (entry->record_uuid) > 8)
        g_string_append_printf (subtitle, " %s",
                                entry->record_uuid + strlen (entry->record_uuid) - 8);
    }
  if (changes != NULL)
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, changes);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  if (entry->record_uuid != NULL)
    gtk_widget_set_tooltip_text (row, entry->record_uuid);
  return row;
}

/* Filters */

static char *
dup_date (GtkEditable *editable,
          gboolean    *ok)
{
  g_autofree char *text = ud_form_dup_text (editable);
  g_autoptr(GDate) date = NULL;
  int year, month, day;
  char extra;

  if (*text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
      return NULL;
    }

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &extra) == 3
      && g_date_valid_dmy (day, month, year))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
      return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
    }

  gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
  *ok = FALSE;
  return NULL;
}

static void
load_page (UdAuditPage *self,
           gboolean     from_start)
{
  UdAuditFilter filter = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *record = ud_form_dup_text (self->record_entry);
  guint account_pos = gtk_drop_down_get_selected (self->account_dropdown);
  guint entity_pos = gtk_drop_down_get_selected (self->entity_dropdown);
  guint action_pos = gtk_drop_down_get_selected (self->action_dropdown);
  gboolean dates_ok = TRUE;
  GtkWidget *child;

  if (from_start)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->entry_list))) != NULL)
        gtk_list_box_remove (self->entry_list, child);
      self->n_loaded = 0;
    }

  if (account_pos != GTK_INVALID_LIST_POSITION && account_pos > 0
      && account_pos - 1 < self->account_ids->len)
    filter.account_id = g_array_index (self->account_ids, gint64, account_pos - 1);
  if (entity_pos != GTK_INVALID_LIST_POSITION && entity_pos > 0)
    filter.entity = (char *) entities[entity_pos - 1].code;
  if (action_pos != GTK_INVALID_LIST_POSITION && action_pos > 0)
    filter.action = (char *) actions[action_pos - 1].code;
  filter.record_uuid = *record != '\0' ? record : NULL;
  filter.from_date = dup_date (self->from_entry, &dates_ok);
  filter.to_date = dup_date (self->to_entry, &dates_ok);

  if (dates_ok)
    entries = ud_audit_list (self->db, &filter, self->n_loaded, PAGE_SIZE + 1, &error);
  g_free (filter.from_date);
  g_free (filter.to_date);

  if (!dates_ok)
    {
      gtk_label_set_text (self->error_label, _("Enter dates as YYYY-MM-DD, such as 2026-11-25"));
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }
  if (entries == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }

  for (guint i = 0; i < entries->len && i < PAGE_SIZE; i++)
    gtk_list_box_append (self->entry_list, ud_audit_row_new (g_ptr_array_index (entries, i), TRUE));
  self->n_loaded += MIN (entries->len, PAGE_SIZE);

  gtk_widget_set_visible (GTK_WIDGET (self->more_button), entries->len > PAGE_SIZE);
  gtk_stack_set_visible_child_name (self->content_stack, self->n_loaded > 0 ? "list" : "empty");
}

void
ud_audit_page_reload (UdAuditPage *self)
{
  g_return_if_fail (UD_IS_AUDIT_PAGE (self));

  load_page (self, TRUE);
}

static void
fill_accounts (UdAuditPage *self)
{
  g_autoptr(GPtrArray) accounts = ud_account_list (self->db, NULL);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  g_array_set_size (self->account_ids, 0);
  gtk_string_list_append (model, _("All accounts"));
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      const UdAccount *account = g_ptr_array_index (accounts, i);

      gtk_string_list_append (model, account->username);
      g_array_append_val (self->account_ids, account->id);
    }
  gtk_drop_down_set_model (self->account_dropdown, G_LIST_MODEL (model));
}

static GListModel *
labels_model (const char      *all,
              const CodeLabel *table,
              guint            n)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, all);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (model, table[i].context
                                     ? g_dpgettext2 (NULL, table[i].context, table[i].label)
                                     : _(table[i].label));
  return G_LIST_MODEL (model);
}

static void
on_filter_changed (UdAuditPage *self)
{
  if (self->db != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_page (self, TRUE);
}

static void
more_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  load_page (UD_AUDIT_PAGE (widget), FALSE);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  UdAuditPage *self = UD_AUDIT_PAGE (widget);
  g_autoptr(UdDatabase) db = g_steal_pointer (&self->db);

  /* Reset every filter without a reload for each. */
  gtk_drop_down_set_selected (self->account_dropdown, 0);
  gtk_drop_down_set_selected (self->entity_dropdown, 0);
  gtk_drop_down_set_selected (self->action_dropdown, 0);
  gtk_editable_set_text (self->record_entry, "");
  gtk_editable_set_text (self->from_entry, "");
  gtk_editable_set_text (self->to_entry, "");
  self->db = g_steal_pointer (&db);
  load_page (self, TRUE);
}

static void
on_database_changed (UdAuditPage *self,
                     const char  *entity)
{
  /* New entries come with every change: refresh when the page is on screen. */
  if (entity != NULL && g_str_equal (entity, "account"))
    fill_accounts (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_page (self, TRUE);
}

static void
ud_audit_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ud_audit_page_parent_class)->map (widget);

  load_page (UD_AUDIT_PAGE (widget), TRUE);
}

GtkWidget *
ud_audit_page_new (UdDatabase *db)
{
  UdAuditPage *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_AUDIT_PAGE, NULL);
  self->db = g_object_ref (db);
  fill_accounts (self);
  self->changed_handler = g_signal_connect_object (db, "changed", G_CALLBACK (on_database_changed),
                                                   self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

static void
ud_audit_page_dispose (GObject *object)
{
  UdAuditPage *self = UD_AUDIT_PAGE (object);

  if (self->db != NULL)
    g_clear_signal_handler (&self->changed_handler, self->db);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_AUDIT_PAGE);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_audit_page_parent_class)->dispose (object);
}

static void
ud_audit_page_finalize (GObject *object)
{
  UdAuditPage *self = UD_AUDIT_PAGE (object);

  g_clear_pointer (&self->account_ids, g_array_unref);

  G_OBJECT_CLASS (ud_audit_page_parent_class)->finalize (object);
}

static void
ud_audit_page_class_init (UdAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_audit_page_dispose;
  object_class->finalize = ud_audit_page_finalize;
  widget_class->map = ud_audit_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, entity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, record_entry);
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, entry_list);
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, UdAuditPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);

  gtk_widget_class_install_action (widget_class, "audit.more", NULL, more_action);
  gtk_widget_class_install_action (widget_class, "audit.clear", NULL, clear_action);
}

static void
ud_audit_page_init (UdAuditPage *self)
{
  g_autoptr(GListModel) entity_model = NULL;
  g_autoptr(GListModel) action_model = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->account_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  entity_model = labels_model (_("All records"), entities, G_N_ELEMENTS (entities));
  action_model = labels_model (_("All actions"), actions, G_N_ELEMENTS (actions));
  gtk_drop_down_set_model (self->entity_dropdown, entity_model);
  gtk_drop_down_set_model (self->action_dropdown, action_model);
}
