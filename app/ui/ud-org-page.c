/* ud-org-page.c — the organisation tree: the office and the unions under it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list shows every node in tree order, indented by depth, with buttons to add a union under
 * a node and to edit it; the form beside it (or in front of it when the window is narrow) edits
 * one node. The core checks everything; its messages appear beside the field they are about. */
#define G_LOG_DOMAIN "ud-org-page"

#include <string.h>

#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-org-page.h"
#include "ud-org.h"

#define INDENT_PER_LEVEL 24

struct _UdOrgPage
{
  AdwBin               parent_instance;

  UdDatabase          *db;                /* owned */
  UdOrg               *editing;           /* owned: the node in the form (id 0 when new) */
  char                *snapshot;          /* owned: the form as filled in, to notice changes */
  char                *pending_action;    /* owned: what to do once changes are discarded */
  gint64               pending_id;
  gulong               changed_handler;

  /* template */
  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  GtkListBox          *org_list;
  AdwStatusPage       *empty_page;
  GtkStack            *form_stack;
  GtkLabel            *form_title;
  GtkLabel            *general_error;
  AdwActionRow        *parent_row;
  GtkLabel            *parent_value;
  AdwEntryRow         *name_row;
  AdwComboRow         *kind_row;
  AdwEntryRow         *region_code_row;
  AdwEntryRow         *contact_row;
  AdwEntryRow         *phone_row;
  AdwEntryRow         *address_row;
  GtkButton           *save_button;
  GtkWidget           *empty_add_button;
};

G_DEFINE_FINAL_TYPE (UdOrgPage, ud_org_page, ADW_TYPE_BIN)

static const char *
region_code_message (void)
{
  /* The core's own message, so both say the same. */
  return _("Region code: enter the 6-digit administrative division code, such as 330102");
}

/* The list */

/* @denied: why the account may not add unions (the add buttons say it), or NULL. */
static GtkWidget *
org_row_new (const UdOrg *org,
             const char  *denied)
{
  g_autoptr(GString) subtitle = g_string_new (ud_enum_label (&ud_org_kind_info, org->kind));
  g_autofree char *add_label = g_strdup_printf (_("Add a union under %s"), org->name);
  g_autofree char *edit_label = g_strdup_printf (_("Edit %s"), org->name);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *add_button;
  GtkWidget *edit_button;

  if (org->region_code != NULL && *org->region_code != '\0')
    /* Translators: the administrative division code of a union, after its type */
    g_string_append_printf (subtitle, _(" · region %s"), org->region_code);
  if (org->contact != NULL && *org->contact != '\0')
    g_string_append_printf (subtitle, " · %s", org->contact);
  if (org->phone != NULL && *org->phone != '\0')
    g_string_append_printf (subtitle, " %s", org->phone);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), org->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  if (org->depth > 0)
    {
      GtkWidget *indent = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_set_size_request (indent, INDENT_PER_LEVEL * org->depth - 6, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), indent);
    }

  if (org->is_office)
    {
      GtkWidget *badge = gtk_label_new (_("Your office"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "caption-heading");
      gtk_widget_add_css_class (badge, "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
      gtk_widget_add_css_class (row, "ud-office");
    }

  add_button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_valign (add_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (add_button, "flat");
  gtk_widget_set_tooltip_text (add_button, denied ? denied : add_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, add_label,
                                  -1);
  if (denied != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (add_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, denied,
                                    -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_button), "org.add-child");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (add_button), "x", org->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), add_button);

  edit_button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_valign (edit_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit_button, "flat");
  gtk_widget_set_tooltip_text (edit_button, edit_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit_button), "org.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit_button), "x", org->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit_button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit_button);

  return row;
}

static void
reload_list (UdOrgPage *self)
{
  g_autoptr(GPtrArray) orgs = ud_org_list (self->db, NULL);
  g_autofree char *denied = NULL;
  GtkWidget *child;

  if (!ud_guard_allows (ud_form_get_account (GTK_WIDGET (self)), UD_ACTION_ORG_WRITE))
    denied = ud_form_guard_message (UD_ACTION_ORG_WRITE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->org_list))) != NULL)
    gtk_list_box_remove (self->org_list, child);

  for (guint i = 0; orgs != NULL && i < orgs->len; i++)
    gtk_list_box_append (self->org_list, org_row_new (g_ptr_array_index (orgs, i), denied));

  gtk_widget_set_visible (GTK_WIDGET (self->org_list), orgs != NULL && orgs->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), orgs == NULL || orgs->len <= 1);
}

static void
on_database_changed (UdOrgPage  *self,
                     const char *entity)
{
  if (entity == NULL || g_str_equal (entity, "org"))
    reload_list (self);
}

/* The form */

static char *
form_snapshot (UdOrgPage *self)
{
  return g_strdup_printf ("%s\x1f%u\x1f%s\x1f%s\x1f%s\x1f%s",
                          gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                          adw_combo_row_get_selected (self->kind_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->region_code_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->contact_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->phone_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
}

static gboolean
form_is_dirty (UdOrgPage *self)
{
  g_autofree char *now = NULL;

  if (self->editing == NULL)
    return FALSE;

  now = form_snapshot (self);
  return g_strcmp0 (now, self->snapshot) != 0;
}

static void
clear_errors (UdOrgPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
  ud_form_set_error (GTK_WIDGET (self->name_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->kind_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->region_code_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->parent_row), NULL);
}

static void
fill_form (UdOrgPage *self)
{
  const UdOrg *org = self->editing;
  g_autoptr(UdOrg) parent = org->parent_id ? ud_org_get (self->db, org->parent_id, NULL) : NULL;
  g_autofree char *title = NULL;

  clear_errors (self);

  if (org->id == 0)
    title = g_strdup_printf (_("New Union Under %s"), parent ? parent->name : "");
  else
    title = g_strdup (org->name);
  gtk_label_set_text (self->form_title, title);

  gtk_label_set_text (self->parent_value, parent ? parent->name : _("None (top level)"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), org->name ? org->name : "");
  adw_combo_row_set_selected (self->kind_row, org->kind);
  gtk_editable_set_text (GTK_EDITABLE (self->region_code_row),
                         org->region_code ? org->region_code : "");
  gtk_editable_set_text (GTK_EDITABLE (self->contact_row), org->contact ? org->contact : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), org->phone ? org->phone : "");
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), org->address ? org->address : "");

  g_free (self->snapshot);
  self->snapshot = form_snapshot (self);

  gtk_stack_set_visible_child_name (self->form_stack, "form");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->form_stack));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
close_form (UdOrgPage *self)
{
  g_clear_pointer (&self->editing, ud_org_free);
  g_clear_pointer (&self->snapshot, g_free);
  gtk_stack_set_visible_child_name (self->form_stack, "none");
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static UdOrgKind
child_kind (UdOrgKind parent)
{
  switch (parent)
    {
    case UD_ORG_KIND_CITY:
      return UD_ORG_KIND_DISTRICT;
    case UD_ORG_KIND_DISTRICT:
      return UD_ORG_KIND_STREET;
    case UD_ORG_KIND_STREET:
    case UD_ORG_KIND_GRASSROOTS:
    case UD_ORG_KIND_JOINT:
    case UD_ORG_KIND_FLOWING:
    default:
      return UD_ORG_KIND_GRASSROOTS;
    }
}

static void
start_add (UdOrgPage *self,
           gint64     parent_id)
{
  g_autoptr(UdOrg) parent = ud_org_get (self->db, parent_id, NULL);

  if (parent == NULL)
    return;

  g_clear_pointer (&self->editing, ud_org_free);
  self->editing = ud_org_new ();
  self->editing->parent_id = parent_id;
  self->editing->kind = child_kind (parent->kind);
  self->editing->region_code = g_strdup (parent->region_code);
  fill_form (self);
}

static void
start_edit (UdOrgPage *self,
            gint64     org_id)
{
  g_autoptr(GError) error = NULL;
  UdOrg *org = ud_org_get (self->db, org_id, &error);

  if (org == NULL)
    {
      ud_form_add_toast (GTK_WIDGET (self), error->message);
      reload_list (self);
      return;
    }

  g_clear_pointer (&self->editing, ud_org_free);
  self->editing = org;
  fill_form (self);
}

static void
run_pending (UdOrgPage *self)
{
  g_autofree char *action = g_steal_pointer (&self->pending_action);

  if (g_strcmp0 (action, "add-child") == 0)
    start_add (self, self->pending_id);
  else if (g_strcmp0 (action, "edit") == 0)
    start_edit (self, self->pending_id);
  else
    close_form (self);
}

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     UdOrgPage        *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    run_pending (self);
  else
    g_clear_pointer (&self->pending_action, g_free);
}

/* Does @action (on @id) now, or after asking whether to drop what was typed. */
static void
leave_form (UdOrgPage  *self,
            const char *action,
            gint64      id)
{
  GtkWidget *dialog;

  g_free (self->pending_action);
  self->pending_action = g_strdup (action);
  self->pending_id = id;

  if (!form_is_dirty (self))
    {
      run_pending (self);
      return;
    }

  dialog = adw_message_dialog_new (ud_form_get_window (GTK_WIDGET (self)), _("Discard Changes?"),
                                   _("The changes to this union have not been saved and will be "
                                     "lost."));
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
check_region_code (UdOrgPage *self,
                   gboolean   complete)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->region_code_row));
  size_t length = strlen (text);
  gboolean digits = strspn (text, "0123456789") == length;
  const char *message = NULL;

  if (length > 0 && (!digits || length > 6 || (complete && length != 6)))
    message = region_code_message ();

  ud_form_set_error (GTK_WIDGET (self->region_code_row), message);
  return message == NULL;
}

static gboolean
check_name (UdOrgPage *self,
            gboolean   complete)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->name_row));
  const char *message = NULL;

  if (complete && *text == '\0')
    message = _("Name: enter the organisation’s name");

  ud_form_set_error (GTK_WIDGET (self->name_row), message);
  return message == NULL;
}

static void
on_name_changed (UdOrgPage *self)
{
  if (ud_form_has_error (GTK_WIDGET (self->name_row)))
    check_name (self, TRUE);
}

static void
on_region_code_changed (UdOrgPage *self)
{
  check_region_code (self, FALSE);
}

static void
on_entry_activated (UdOrgPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "org.save", NULL);
}

static void
on_back_clicked (UdOrgPage *self)
{
  leave_form (self, "close", 0);
}

static void
on_empty_add_clicked (UdOrgPage *self)
{
  leave_form (self, "add-child", ud_database_get_office_org_id (self->db));
}

static GtkWidget *
row_for_field (UdOrgPage  *self,
               const char *field)
{
  if (g_strcmp0 (field, "name") == 0)
    return GTK_WIDGET (self->name_row);
  if (g_strcmp0 (field, "kind") == 0)
    return GTK_WIDGET (self->kind_row);
  if (g_strcmp0 (field, "region_code") == 0)
    return GTK_WIDGET (self->region_code_row);
  if (g_strcmp0 (field, "parent") == 0)
    return GTK_WIDGET (self->parent_row);
  return NULL;
}

static void
set_text_field (char        **field,
                AdwEntryRow  *row)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (row));

  g_free (*field);
  *field = *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdOrgPage *self = UD_ORG_PAGE (widget);
  g_autoptr(UdOrg) org = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;
  gboolean name_ok;
  gboolean region_ok;
  GtkWidget *row;
  gboolean ok;

  if (self->editing == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
  name_ok = check_name (self, TRUE);
  region_ok = check_region_code (self, TRUE);
  if (!name_ok || !region_ok)
    {
      gtk_widget_grab_focus (GTK_WIDGET (name_ok ? self->region_code_row : self->name_row));
      return;
    }

  org = ud_org_copy (self->editing);
  set_text_field (&org->name, self->name_row);
  org->kind = (UdOrgKind) adw_combo_row_get_selected (self->kind_row);
  set_text_field (&org->region_code, self->region_code_row);
  set_text_field (&org->contact, self->contact_row);
  set_text_field (&org->phone, self->phone_row);
  set_text_field (&org->address, self->address_row);

  if (org->id == 0)
    ok = ud_org_insert (self->db, ud_form_get_account (GTK_WIDGET (self)), org, &error);
  else
    ok = ud_org_update (self->db, ud_form_get_account (GTK_WIDGET (self)), org, &error);

  if (!ok)
    {
      if ((row = row_for_field (self, ud_error_get_field (error))) != NULL)
        {
          ud_form_set_error (row, error->message);
          gtk_widget_grab_focus (row);
        }
      else
        {
          gtk_label_set_text (self->general_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
        }
      return;
    }

  toast = g_strdup_printf (self->editing->id == 0 ? _("%s was added") : _("%s was saved"),
                           org->name);
  ud_form_add_toast (widget, toast);

  /* The list was reloaded by the database's "changed" signal. */
  close_form (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  leave_form (UD_ORG_PAGE (widget), "close", 0);
}

static void
add_child_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  leave_form (UD_ORG_PAGE (widget), "add-child", g_variant_get_int64 (parameter));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdOrgPage *self = UD_ORG_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (self->editing != NULL && self->editing->id == id)
    {
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->form_stack));
      return;
    }

  leave_form (self, "edit", id);
}

/* What the role may do: only administrators change the tree. The save action stays enabled so
 * that the core's refusal is shown if it is reached anyway (Ctrl+S in an open form). */
static void
apply_roles (UdOrgPage *self)
{
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  gboolean allowed = ud_guard_allows (account, UD_ACTION_ORG_WRITE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.add-child", allowed);
  ud_form_guard (self->empty_add_button, account, UD_ACTION_ORG_WRITE);
  ud_form_guard (GTK_WIDGET (self->save_button), account, UD_ACTION_ORG_WRITE);
  reload_list (self);
}

static void
ud_org_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ud_org_page_parent_class)->root (widget);

  if (UD_ORG_PAGE (widget)->db != NULL)
    apply_roles (UD_ORG_PAGE (widget));
}

GtkWidget *
ud_org_page_new (UdDatabase *db)
{
  UdOrgPage *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_ORG_PAGE, NULL);
  self->db = g_object_ref (db);
  self->changed_handler = g_signal_connect_object (db, "changed", G_CALLBACK (on_database_changed),
                                                   self, G_CONNECT_SWAPPED);
  reload_list (self);

  return GTK_WIDGET (self);
}

static void
ud_org_page_dispose (GObject *object)
{
  UdOrgPage *self = UD_ORG_PAGE (object);

  if (self->db != NULL)
    g_clear_signal_handler (&self->changed_handler, self->db);
  /* The leaflet is the bin's child and a template child: let the bin unparent it, or both
   * would. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_ORG_PAGE);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_org_page_parent_class)->dispose (object);
}

static void
ud_org_page_finalize (GObject *object)
{
  UdOrgPage *self = UD_ORG_PAGE (object);

  g_clear_pointer (&self->editing, ud_org_free);
  g_free (self->snapshot);
  g_free (self->pending_action);

  G_OBJECT_CLASS (ud_org_page_parent_class)->finalize (object);
}

static void
ud_org_page_class_init (UdOrgPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_org_page_dispose;
  object_class->finalize = ud_org_page_finalize;
  widget_class->root = ud_org_page_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-org-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, org_list);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, form_stack);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, form_title);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, general_error);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, parent_row);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, parent_value);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, region_code_row);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, contact_row);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, UdOrgPage, empty_add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_region_code_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_empty_add_clicked);

  gtk_widget_class_install_action (widget_class, "org.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "org.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "org.add-child", "x", add_child_action);
  gtk_widget_class_install_action (widget_class, "org.edit", "x", edit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "org.save", NULL);
}

static void
ud_org_page_init (UdOrgPage *self)
{
  g_autoptr(GListModel) kinds = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  kinds = ud_form_enum_model_new (&ud_org_kind_info);
  adw_combo_row_set_model (self->kind_row, kinds);
}
