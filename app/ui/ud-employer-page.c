/* ud-employer-page.c — the employers of members, with their credit codes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A searchable list (search as you type, in SQL) beside a form that adds or edits one employer.
 * The core checks the credit code and that it belongs to no other employer. */
#define G_LOG_DOMAIN "ud-employer-page"

#include <string.h>

#include "ud-credit-code.h"
#include "ud-employer-page.h"
#include "ud-employer.h"
#include "ud-error.h"
#include "ud-form.h"
#include "ud-i18n.h"

/* Rows shown at most; searching finds the others. */
#define LIST_LIMIT 200

struct _UdEmployerPage
{
  AdwBin               parent_instance;

  UdDatabase          *db;                /* owned */
  UdEmployer          *editing;           /* owned: the employer in the form (id 0 when new) */
  char                *snapshot;          /* owned: the form as filled in */
  char                *pending_action;    /* owned: what to do once changes are discarded */
  gint64               pending_id;
  gulong               changed_handler;
  gboolean             filling;           /* filling in the form: no reactions */
  gboolean             platform_touched;  /* the person set the platform switch */

  /* template */
  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  GtkSearchEntry      *search_entry;
  GtkStack            *list_stack;
  GtkListBox          *employer_list;
  GtkLabel            *more_label;
  AdwStatusPage       *no_results_page;
  GtkStack            *form_stack;
  GtkLabel            *form_title;
  GtkLabel            *general_error;
  AdwEntryRow         *name_row;
  AdwEntryRow         *credit_code_row;
  AdwActionRow        *platform_row;
  GtkSwitch           *platform_switch;
  AdwEntryRow         *address_row;
  AdwEntryRow         *contact_row;
  AdwEntryRow         *phone_row;
  AdwActionRow        *members_row;
  GtkLabel            *members_value;
  GtkWidget           *add_button;
  GtkWidget           *save_button;
};

G_DEFINE_FINAL_TYPE (UdEmployerPage, ud_employer_page, ADW_TYPE_BIN)

static char *
members_text (gint64 count)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d member", "%d members", (gulong) count),
                          (int) count);
}

/* The list */

static GtkWidget *
employer_row_new (const UdEmployer *employer)
{
  g_autofree char *edit_label = g_strdup_printf (_("Edit %s"), employer->name);
  g_autofree char *count = members_text (employer->member_count);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *count_label = gtk_label_new (count);
  GtkWidget *edit_button;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), employer->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               employer->credit_code ? employer->credit_code
                                                     : _("No credit code"));

  if (employer->is_platform)
    {
      GtkWidget *badge = gtk_label_new (_("Platform"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (badge, _("A platform company of new employment"));
      gtk_widget_add_css_class (badge, "platform-badge");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }

  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_widget_set_valign (count_label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), count_label);

  edit_button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_valign (edit_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit_button, "flat");
  gtk_widget_set_tooltip_text (edit_button, edit_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit_button), "employer.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit_button), "x", employer->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit_button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit_button);

  return row;
}

static void
reload_list (UdEmployerPage *self)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) employers = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint shown;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->employer_list))) != NULL)
    gtk_list_box_remove (self->employer_list, child);

  employers = ud_employer_list (self->db, text, LIST_LIMIT + 1, &error);
  if (employers == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->no_results_page, escaped);
      gtk_stack_set_visible_child_name (self->list_stack, "no-results");
      return;
    }

  shown = MIN (employers->len, LIST_LIMIT);
  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (self->employer_list, employer_row_new (g_ptr_array_index (employers, i)));

  if (employers->len > LIST_LIMIT)
    {
      g_autofree char *more = g_strdup_printf (_("Showing the first %d employers; search to find "
                                                 "the others."), LIST_LIMIT);

      gtk_label_set_text (self->more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), employers->len > LIST_LIMIT);

  if (employers->len > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (*text == '\0')
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else
    {
      g_autofree char *description = NULL;
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      description = g_strdup_printf (_("No employer’s name or credit code contains “%s”."),
                                     escaped);
      adw_status_page_set_description (self->no_results_page, description);
      gtk_stack_set_visible_child_name (self->list_stack, "no-results");
    }
}

static void
on_search_changed (UdEmployerPage *self)
{
  reload_list (self);
}

static void
on_database_changed (UdEmployerPage *self,
                     const char     *entity)
{
  if (entity == NULL || g_str_equal (entity, "employer") || g_str_equal (entity, "member"))
    reload_list (self);
}

/* The form */

static char *
form_snapshot (UdEmployerPage *self)
{
  return g_strdup_printf ("%s\x1f%s\x1f%d\x1f%s\x1f%s\x1f%s",
                          gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->credit_code_row)),
                          gtk_switch_get_active (self->platform_switch),
                          gtk_editable_get_text (GTK_EDITABLE (self->address_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->contact_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->phone_row)));
}

static gboolean
form_is_dirty (UdEmployerPage *self)
{
  g_autofree char *now = NULL;

  if (self->editing == NULL)
    return FALSE;

  now = form_snapshot (self);
  return g_strcmp0 (now, self->snapshot) != 0;
}

static void
fill_form (UdEmployerPage *self)
{
  const UdEmployer *employer = self->editing;
  g_autofree char *count = NULL;

  self->filling = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
  ud_form_set_error (GTK_WIDGET (self->name_row), NULL);
  ud_form_set_error (GTK_WIDGET (self->credit_code_row), NULL);

  gtk_label_set_text (self->form_title, employer->id == 0 ? _("New Employer") : employer->name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), employer->name ? employer->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->credit_code_row),
                         employer->credit_code ? employer->credit_code : "");
  gtk_switch_set_active (self->platform_switch, employer->is_platform);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                         employer->address ? employer->address : "");
  gtk_editable_set_text (GTK_EDITABLE (self->contact_row),
                         employer->contact ? employer->contact : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), employer->phone ? employer->phone : "");

  count = members_text (employer->member_count);
  gtk_label_set_text (self->members_value, count);
  gtk_widget_set_visible (GTK_WIDGET (self->members_row), employer->id != 0);

  self->platform_touched = employer->id != 0;
  self->filling = FALSE;

  g_free (self->snapshot);
  self->snapshot = form_snapshot (self);

  gtk_stack_set_visible_child_name (self->form_stack, "form");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->form_stack));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
close_form (UdEmployerPage *self)
{
  g_clear_pointer (&self->editing, ud_employer_free);
  g_clear_pointer (&self->snapshot, g_free);
  gtk_stack_set_visible_child_name (self->form_stack, "none");
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

/* The member count is not stored with the employer; find it in the list. */
static gint64
member_count (UdEmployerPage *self,
              gint64          id,
              const char     *name)
{
  g_autoptr(GPtrArray) found = ud_employer_list (self->db, name, 0, NULL);

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      const UdEmployer *employer = g_ptr_array_index (found, i);

      if (employer->id == id)
        return employer->member_count;
    }

  return 0;
}

static void
start_edit (UdEmployerPage *self,
            gint64          id)
{
  g_autoptr(GError) error = NULL;
  UdEmployer *employer = ud_employer_get (self->db, id, &error);

  if (employer == NULL)
    {
      ud_form_add_toast (GTK_WIDGET (self), error->message);
      reload_list (self);
      return;
    }

  employer->member_count = member_count (self, employer->id, employer->name);
  g_clear_pointer (&self->editing, ud_employer_free);
  self->editing = employer;
  fill_form (self);
}

static void
start_add (UdEmployerPage *self)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->search_entry));

  g_clear_pointer (&self->editing, ud_employer_free);
  self->editing = ud_employer_new ();
  fill_form (self);

  /* What was searched for is likely the name or the credit code to add. */
  if (*text != '\0')
    {
      g_autofree char *code = ud_credit_code_normalize (text, NULL);

      if (code != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->credit_code_row), code);
      else
        gtk_editable_set_text (GTK_EDITABLE (self->name_row), text);
    }
}

static void
run_pending (UdEmployerPage *self)
{
  g_autofree char *action = g_steal_pointer (&self->pending_action);

  if (g_strcmp0 (action, "add") == 0)
    start_add (self);
  else if (g_strcmp0 (action, "edit") == 0)
    start_edit (self, self->pending_id);
  else
    close_form (self);
}

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     UdEmployerPage   *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    run_pending (self);
  else
    g_clear_pointer (&self->pending_action, g_free);
}

static void
leave_form (UdEmployerPage *self,
            const char     *action,
            gint64          id)
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
                                   _("The changes to this employer have not been saved and will "
                                     "be lost."));
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
check_name (UdEmployerPage *self,
            gboolean        complete)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->name_row));
  const char *message = NULL;

  if (complete && *text == '\0')
    message = _("Employer: enter the employer’s name");

  ud_form_set_error (GTK_WIDGET (self->name_row), message);
  return message == NULL;
}

static gboolean
check_credit_code (UdEmployerPage *self,
                   gboolean        complete)
{
  g_autofree char *text = ud_form_dup_text (GTK_EDITABLE (self->credit_code_row));
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  const char *message = NULL;

  if (*text != '\0' && (code = ud_credit_code_normalize (text, &error)) == NULL)
    {
      gboolean typing = strlen (text) < 18;

      for (const char *p = text; typing && *p; p++)
        typing = g_ascii_isalnum (*p);
      if (complete || !typing)
        message = error->message;
    }

  ud_form_set_error (GTK_WIDGET (self->credit_code_row), message);
  return message == NULL;
}

static void
on_name_changed (UdEmployerPage *self)
{
  g_autofree char *text = NULL;

  if (self->filling)
    return;

  if (ud_form_has_error (GTK_WIDGET (self->name_row)))
    check_name (self, TRUE);

  /* Suggest the platform switch from well-known names until the person sets it. */
  text = ud_form_dup_text (GTK_EDITABLE (self->name_row));
  if (!self->platform_touched)
    {
      self->filling = TRUE;
      gtk_switch_set_active (self->platform_switch, ud_employer_name_is_platform (text));
      self->filling = FALSE;
    }
}

static void
on_credit_code_changed (UdEmployerPage *self)
{
  if (!self->filling)
    check_credit_code (self, FALSE);
}

static void
on_platform_toggled (UdEmployerPage *self)
{
  if (!self->filling)
    self->platform_touched = TRUE;
}

static void
on_entry_activated (UdEmployerPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "employer.save", NULL);
}

static void
on_back_clicked (UdEmployerPage *self)
{
  leave_form (self, "close", 0);
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
  UdEmployerPage *self = UD_EMPLOYER_PAGE (widget);
  g_autoptr(UdEmployer) employer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;
  const char *field;
  gboolean name_ok;
  gboolean code_ok;
  gboolean ok;

  if (self->editing == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
  name_ok = check_name (self, TRUE);
  code_ok = check_credit_code (self, TRUE);
  if (!name_ok || !code_ok)
    {
      gtk_widget_grab_focus (GTK_WIDGET (name_ok ? self->credit_code_row : self->name_row));
      return;
    }

  employer = ud_employer_copy (self->editing);
  set_text_field (&employer->name, self->name_row);
  set_text_field (&employer->credit_code, self->credit_code_row);
  employer->is_platform = gtk_switch_get_active (self->platform_switch);
  set_text_field (&employer->address, self->address_row);
  set_text_field (&employer->contact, self->contact_row);
  set_text_field (&employer->phone, self->phone_row);

  if (employer->id == 0)
    ok = ud_employer_insert (self->db, ud_form_get_account (GTK_WIDGET (self)), employer, &error);
  else
    ok = ud_employer_update (self->db, ud_form_get_account (GTK_WIDGET (self)), employer, &error);

  if (!ok)
    {
      field = ud_error_get_field (error);
      if (g_strcmp0 (field, "employer_name") == 0 || g_strcmp0 (field, "name") == 0)
        {
          ud_form_set_error (GTK_WIDGET (self->name_row), error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
        }
      else if (g_strcmp0 (field, "credit_code") == 0)
        {
          ud_form_set_error (GTK_WIDGET (self->credit_code_row), error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->credit_code_row));
        }
      else
        {
          gtk_label_set_text (self->general_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
        }
      return;
    }

  toast = g_strdup_printf (self->editing->id == 0 ? _("%s was added") : _("%s was saved"),
                           employer->name);
  ud_form_add_toast (widget, toast);
  close_form (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  leave_form (UD_EMPLOYER_PAGE (widget), "close", 0);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  leave_form (UD_EMPLOYER_PAGE (widget), "add", 0);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  UdEmployerPage *self = UD_EMPLOYER_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (self->editing != NULL && self->editing->id == id)
    {
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->form_stack));
      return;
    }

  leave_form (self, "edit", id);
}

/* What the role may do: clerks and administrators add and change employers. The save action stays
 * enabled so that the core's refusal is shown if it is reached anyway. */
static void
ud_employer_page_root (GtkWidget *widget)
{
  UdEmployerPage *self = UD_EMPLOYER_PAGE (widget);
  const UdAccount *account;

  GTK_WIDGET_CLASS (ud_employer_page_parent_class)->root (widget);

  account = ud_form_get_account (widget);
  gtk_widget_action_set_enabled (widget, "employer.add",
                                 ud_guard_allows (account, UD_ACTION_EMPLOYER_WRITE));
  ud_form_guard (self->add_button, account, UD_ACTION_EMPLOYER_WRITE);
  ud_form_guard (self->save_button, account, UD_ACTION_EMPLOYER_WRITE);
}

GtkWidget *
ud_employer_page_new (UdDatabase *db)
{
  UdEmployerPage *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_EMPLOYER_PAGE, NULL);
  self->db = g_object_ref (db);
  self->changed_handler = g_signal_connect_object (db, "changed", G_CALLBACK (on_database_changed),
                                                   self, G_CONNECT_SWAPPED);
  reload_list (self);

  return GTK_WIDGET (self);
}

static void
ud_employer_page_dispose (GObject *object)
{
  UdEmployerPage *self = UD_EMPLOYER_PAGE (object);

  if (self->db != NULL)
    g_clear_signal_handler (&self->changed_handler, self->db);
  /* The leaflet is the bin's child and a template child: let the bin unparent it, or both
   * would. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_EMPLOYER_PAGE);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_employer_page_parent_class)->dispose (object);
}

static void
ud_employer_page_finalize (GObject *object)
{
  UdEmployerPage *self = UD_EMPLOYER_PAGE (object);

  g_clear_pointer (&self->editing, ud_employer_free);
  g_free (self->snapshot);
  g_free (self->pending_action);

  G_OBJECT_CLASS (ud_employer_page_parent_class)->finalize (object);
}

static void
ud_employer_page_class_init (UdEmployerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_employer_page_dispose;
  object_class->finalize = ud_employer_page_finalize;
  widget_class->root = ud_employer_page_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-employer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, employer_list);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, more_label);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, form_stack);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, form_title);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, general_error);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, credit_code_row);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, platform_row);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, platform_switch);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, contact_row);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, members_row);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, members_value);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, UdEmployerPage, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_credit_code_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_platform_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);

  gtk_widget_class_install_action (widget_class, "employer.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "employer.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "employer.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "employer.edit", "x", edit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "employer.save",
                                       NULL);
}

static void
ud_employer_page_init (UdEmployerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
