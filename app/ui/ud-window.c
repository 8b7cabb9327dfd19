/* ud-window.c — the main window: the sections in a sidebar, the chosen section beside it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only sections that work are listed. Each section is a page made by its own constructor from
 * the database; the window keeps their order, titles and icons in one table. */
#define G_LOG_DOMAIN "ud-window"

#include "ud-employer-page.h"
#include "ud-i18n.h"
#include "ud-import-dialog.h"
#include "ud-member-editor.h"
#include "ud-member-page.h"
#include "ud-org.h"
#include "ud-org-page.h"
#include "ud-window.h"

typedef struct
{
  const char *name;
  const char *title;       /* untranslated */
  const char *icon_name;
  GtkWidget *(*create) (UdDatabase *db);
} Section;

static const Section sections[] = {
  { "members", N_("Members"), "system-users-symbolic", ud_member_page_new },
  { "organisations", N_("Unions"), "network-workgroup-symbolic", ud_org_page_new },
  { "employers", N_("Employers"), "applications-engineering-symbolic", ud_employer_page_new },
};

struct _UdWindow
{
  AdwApplicationWindow  parent_instance;

  UdDatabase           *db;            /* owned */
  UdAccount            *account;       /* owned: who is logged in */
  GSettings            *settings;      /* owned */

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  AdwWindowTitle       *content_title;
  GtkWidget            *new_member_button;
  GtkStack             *stack;

  GtkWidget            *member_page;   /* borrowed: a child of the stack */
};

G_DEFINE_FINAL_TYPE (UdWindow, ud_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const Section *
find_section (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (sections); i++)
    if (g_str_equal (sections[i].name, name))
      return &sections[i];
  return NULL;
}

static void
update_office_name (UdWindow *self)
{
  g_autoptr(UdOrg) office = ud_org_get (self->db, ud_database_get_office_org_id (self->db), NULL);

  adw_window_title_set_subtitle (self->content_title, office ? office->name : NULL);
}

static void
database_changed_cb (UdWindow   *self,
                     const char *entity,
                     UdDatabase *db)
{
  if (entity == NULL || g_str_equal (entity, "org"))
    update_office_name (self);
}

static void
stack_visible_child_cb (UdWindow *self)
{
  const Section *section = find_section (gtk_stack_get_visible_child_name (self->stack));
  GtkListBoxRow *row;

  if (section == NULL)
    return;

  adw_window_title_set_title (self->content_title, _(section->title));
  gtk_widget_set_visible (self->new_member_button, g_str_equal (section->name, "members"));

  row = gtk_list_box_get_row_at_index (self->sidebar, (int) (section - sections));
  if (gtk_list_box_get_selected_row (self->sidebar) != row)
    gtk_list_box_select_row (self->sidebar, row);
}

static void
sidebar_row_selected_cb (UdWindow      *self,
                         GtkListBoxRow *row)
{
  int index = row ? gtk_list_box_row_get_index (row) : -1;

  if (index >= 0 && index < (int) G_N_ELEMENTS (sections))
    gtk_stack_set_visible_child_name (self->stack, sections[index].name);
}

static void
sidebar_row_activated_cb (UdWindow      *self,
                          GtkListBoxRow *row)
{
  sidebar_row_selected_cb (self, row);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (UdWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static GtkWidget *
sidebar_row_new (const Section *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(section->title));

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (section->icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, section->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(section->title),
                                  -1);
  return row;
}

/* Actions */

static void
new_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);

  ud_member_editor_present (GTK_WIDGET (self), self->db, 0);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);

  ud_import_dialog_present (GTK_WIDGET (self), self->db);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);

  ud_window_show_section (self, "members");
  ud_member_page_export (UD_MEMBER_PAGE (self->member_page));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  UdWindow *self = UD_WINDOW (widget);

  ud_window_show_section (self, "members");
  ud_member_page_focus_search (UD_MEMBER_PAGE (self->member_page));
}

static void
section_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ud_window_show_section (UD_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Window state */

static void
restore_state (UdWindow *self)
{
  g_autofree char *section = g_settings_get_string (self->settings, "last-section");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (!ud_window_show_section (self, section))
    ud_window_show_section (self, "members");
}

static void
save_state (UdWindow *self)
{
  const char *section = gtk_stack_get_visible_child_name (self->stack);
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width, height;

  g_settings_delay (self->settings);
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (section != NULL)
    g_settings_set_string (self->settings, "last-section", section);
  g_settings_apply (self->settings);
}

static gboolean
ud_window_close_request (GtkWindow *window)
{
  save_state (UD_WINDOW (window));

  return GTK_WINDOW_CLASS (ud_window_parent_class)->close_request (window);
}

/* GObject */

static void
ud_window_constructed (GObject *object)
{
  UdWindow *self = UD_WINDOW (object);

  G_OBJECT_CLASS (ud_window_parent_class)->constructed (object);

  g_assert (UD_IS_DATABASE (self->db));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *page = sections[i].create (self->db);

      gtk_stack_add_titled (self->stack, page, sections[i].name, _(sections[i].title));
      gtk_list_box_append (self->sidebar, sidebar_row_new (&sections[i]));
      if (i == 0)
        self->member_page = page;
    }

  g_signal_connect_object (self->db, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_office_name (self);
  restore_state (self);
}

static void
ud_window_dispose (GObject *object)
{
  UdWindow *self = UD_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_WINDOW);
  self->member_page = NULL;

  G_OBJECT_CLASS (ud_window_parent_class)->dispose (object);
}

static void
ud_window_finalize (GObject *object)
{
  UdWindow *self = UD_WINDOW (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->account, ud_account_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ud_window_parent_class)->finalize (object);
}

static void
ud_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  UdWindow *self = UD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  UdWindow *self = UD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ud_window_class_init (UdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ud_window_constructed;
  object_class->dispose = ud_window_dispose;
  object_class->finalize = ud_window_finalize;
  object_class->get_property = ud_window_get_property;
  object_class->set_property = ud_window_set_property;
  window_class->close_request = ud_window_close_request;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, UD_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/uniondesk/UnionDesk/ud-window.ui");
  gtk_widget_class_bind_template_child (widget_class, UdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, new_member_button);
  gtk_widget_class_bind_template_child (widget_class, UdWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);

  gtk_widget_class_install_action (widget_class, "win.new-member", NULL, new_member_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.section", "s", section_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-member", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.section", "s", "members");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.section", "s", "organisations");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.section", "s", "employers");
}

static void
ud_window_init (UdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (UD_APP_ID);
}

/* Public */

UdWindow *
ud_window_new (GtkApplication  *application,
               UdDatabase      *db,
               const UdAccount *account)
{
  UdWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  self = g_object_new (UD_TYPE_WINDOW,
                       "application", application,
                       "database", db,
                       NULL);
  self->account = ud_account_copy (account);
  return self;
}

const UdAccount *
ud_window_get_account (UdWindow *self)
{
  g_return_val_if_fail (UD_IS_WINDOW (self), NULL);

  return self->account;
}

void
ud_window_add_toast (UdWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (UD_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

UdDatabase *
ud_window_get_database (UdWindow *self)
{
  g_return_val_if_fail (UD_IS_WINDOW (self), NULL);

  return self->db;
}

gboolean
ud_window_show_section (UdWindow   *self,
                        const char *name)
{
  const Section *section;

  g_return_val_if_fail (UD_IS_WINDOW (self), FALSE);

  section = find_section (name);
  if (section == NULL)
    return FALSE;

  gtk_stack_set_visible_child_name (self->stack, section->name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  return TRUE;
}
