/* ud-form.c — small helpers shared by the forms: inline field errors, toasts, drop-down models
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-form"

#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-window.h"
#include "ud-org.h"

#define ERROR_ROW_KEY "ud-form-error-row"
#define ERROR_LABEL_KEY "ud-form-error-label"
#define ORG_ID_KEY "ud-org-id"
#define ORG_DEPTH_KEY "ud-org-depth"

static GtkWidget *
create_error_row (GtkWidget *row)
{
  GtkWidget *parent = gtk_widget_get_parent (row);
  GtkWidget *error_row;
  GtkWidget *label;

  if (!GTK_IS_LIST_BOX (parent) || !GTK_IS_LIST_BOX_ROW (row))
    return NULL;

  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);

  error_row = g_object_new (ADW_TYPE_PREFERENCES_ROW,
                            "activatable", FALSE,
                            "selectable", FALSE,
                            "focusable", FALSE,
                            "child", label,
                            NULL);
  gtk_widget_add_css_class (error_row, "ud-field-error");
  gtk_list_box_insert (GTK_LIST_BOX (parent), error_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);

  /* Both are owned by the list; the row is destroyed with it. */
  g_object_set_data (G_OBJECT (row), ERROR_ROW_KEY, error_row);
  g_object_set_data (G_OBJECT (row), ERROR_LABEL_KEY, label);
  return error_row;
}

void
ud_form_set_error (GtkWidget  *row,
                   const char *message)
{
  GtkWidget *error_row;
  GtkWidget *label;
  gboolean show = message != NULL && *message != '\0';

  g_return_if_fail (GTK_IS_WIDGET (row));

  error_row = g_object_get_data (G_OBJECT (row), ERROR_ROW_KEY);
  if (error_row != NULL && gtk_widget_get_parent (error_row) != gtk_widget_get_parent (row))
    error_row = NULL;

  if (!show)
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      if (error_row != NULL)
        gtk_widget_set_visible (error_row, FALSE);
      return;
    }

  if (error_row == NULL)
    error_row = create_error_row (row);

  gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);

  if (error_row != NULL)
    {
      label = g_object_get_data (G_OBJECT (row), ERROR_LABEL_KEY);
      gtk_label_set_text (GTK_LABEL (label), message);
      gtk_widget_set_visible (error_row, TRUE);
    }
  else
    gtk_widget_set_tooltip_text (row, message);
}

GtkWidget *
ud_form_get_error_label (GtkWidget *row)
{
  g_return_val_if_fail (GTK_IS_WIDGET (row), NULL);

  return g_object_get_data (G_OBJECT (row), ERROR_LABEL_KEY);
}

gboolean
ud_form_has_error (GtkWidget *row)
{
  g_return_val_if_fail (GTK_IS_WIDGET (row), FALSE);

  return gtk_widget_has_css_class (row, "error");
}

GtkWindow *
ud_form_get_window (GtkWidget *widget)
{
  GtkRoot *root;

  if (widget == NULL)
    return NULL;
  if (GTK_IS_WINDOW (widget))
    return GTK_WINDOW (widget);

  root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
append_snapshot (GString   *out,
                 GtkWidget *widget)
{
  if (GTK_IS_EDITABLE (widget) && gtk_editable_get_delegate (GTK_EDITABLE (widget)) == NULL)
    g_string_append_printf (out, "%s\x1f", gtk_editable_get_text (GTK_EDITABLE (widget)));
  else if (ADW_IS_COMBO_ROW (widget))
    g_string_append_printf (out, "%u\x1f", adw_combo_row_get_selected (ADW_COMBO_ROW (widget)));
  else if (GTK_IS_CHECK_BUTTON (widget))
    g_string_append_printf (out, "%d\x1f",
                            gtk_check_button_get_active (GTK_CHECK_BUTTON (widget)));
  else if (GTK_IS_SWITCH (widget))
    g_string_append_printf (out, "%d\x1f", gtk_switch_get_active (GTK_SWITCH (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_snapshot (out, child);
}

char *
ud_form_snapshot (GtkWidget *root)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (root), g_string_free (out, FALSE));

  append_snapshot (out, root);
  return g_string_free (out, FALSE);
}

const UdAccount *
ud_form_get_account (GtkWidget *widget)
{
  GtkWindow *window = ud_form_get_window (widget);
  GtkApplication *application;

  for (; window != NULL; window = gtk_window_get_transient_for (window))
    if (UD_IS_WINDOW (window))
      return ud_window_get_account (UD_WINDOW (window));

  /* A dialog opened without a parent: the application's main window. */
  application = GTK_APPLICATION (g_application_get_default ());
  if (application != NULL)
    for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
      if (UD_IS_WINDOW (l->data))
        return ud_window_get_account (l->data);

  return NULL;
}

static AdwToastOverlay *
find_overlay_below (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *overlay;

      if (ADW_IS_TOAST_OVERLAY (child))
        return ADW_TOAST_OVERLAY (child);
      if ((overlay = find_overlay_below (child)) != NULL)
        return overlay;
    }

  return NULL;
}

void
ud_form_add_toast (GtkWidget  *widget,
                   const char *title)
{
  g_autofree char *escaped = NULL;
  AdwToastOverlay *overlay = NULL;
  GtkWindow *window;

  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  if (widget == NULL || title == NULL)
    return;

  overlay = (AdwToastOverlay *) gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL && (window = ud_form_get_window (widget)) != NULL)
    overlay = find_overlay_below (GTK_WIDGET (window));
  if (overlay == NULL)
    return;

  escaped = g_markup_escape_text (title, -1);
  adw_toast_overlay_add_toast (overlay, adw_toast_new (escaped));
}

GListModel *
ud_form_enum_model_new (const UdEnumInfo *info)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < info->n_values; i++)
    gtk_string_list_append (list, ud_enum_label (info, (int) i));

  return G_LIST_MODEL (list);
}

GListModel *
ud_form_org_model_new (GPtrArray *orgs,
                       gint64     skip_id)
{
  GListStore *store = g_list_store_new (GTK_TYPE_STRING_OBJECT);

  for (guint i = 0; orgs != NULL && i < orgs->len; i++)
    {
      const UdOrg *org = g_ptr_array_index (orgs, i);
      g_autoptr(GtkStringObject) item = NULL;

      if (org->id == skip_id)
        continue;

      item = gtk_string_object_new (org->name);
      g_object_set_data_full (G_OBJECT (item), ORG_ID_KEY, g_memdup2 (&org->id, sizeof org->id),
                              g_free);
      g_object_set_data (G_OBJECT (item), ORG_DEPTH_KEY, GINT_TO_POINTER (org->depth));
      g_list_store_append (store, item);
    }

  return G_LIST_MODEL (store);
}

gint64
ud_form_org_model_get_id (GListModel *model,
                          guint       position)
{
  g_autoptr(GObject) item = NULL;
  const gint64 *id;

  if (model == NULL || position == GTK_INVALID_LIST_POSITION)
    return 0;

  item = g_list_model_get_item (model, position);
  if (item == NULL)
    return 0;

  id = g_object_get_data (item, ORG_ID_KEY);
  return id ? *id : 0;
}

guint
ud_form_org_model_find (GListModel *model,
                        gint64      org_id)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    if (ud_form_org_model_get_id (model, i) == org_id)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static void
org_item_setup (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_list_item_set_child (list_item, label);
}

static void
org_item_bind (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  int depth = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), ORG_DEPTH_KEY));

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (item));
  gtk_widget_set_margin_start (label, 18 * depth);
}

void
ud_form_setup_org_combo (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkExpression) expression = NULL;

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  adw_combo_row_set_expression (row, expression);

  g_signal_connect (factory, "setup", G_CALLBACK (org_item_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (org_item_bind), NULL);
  adw_combo_row_set_list_factory (row, factory);
}

char *
ud_form_dup_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

char *
ud_form_guard_message (UdAction action)
{
  g_autofree char *roles = ud_roles_describe (ud_guard_roles_for (action));

  /* Translators: %s is one role or a list of roles, "Clerk, Administrator" */
  return g_strdup_printf (_("Needs the role: %s"), roles);
}

gboolean
ud_form_guard (GtkWidget       *widget,
               const UdAccount *account,
               UdAction         action)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (ud_guard_allows (account, action))
    return TRUE;

  message = ud_form_guard_message (action);
  gtk_widget_set_sensitive (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
  return FALSE;
}

char *
ud_form_format_timestamp (const char *timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL)
    return NULL;

  utc = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (utc == NULL)
    return g_strdup (timestamp);

  local = g_date_time_to_local (utc);
  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d", g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local),
                          g_date_time_get_hour (local), g_date_time_get_minute (local));
}
