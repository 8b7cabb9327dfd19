/* ud-policy-page.c — the policy parameters in force, their history, and new values from a date
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every role may read the page. The known parameters (ud_policy_params()) appear in groups by the
 * kind of relief; each row says the value in force today everywhere, with its first day and
 * whether the city issued it, and opens to the regions that have their own value and the whole
 * history of stored values, newest first. "New value…" opens UdPolicyDialog; only administrators
 * may (UD_ACTION_POLICY_WRITE), others see why the button is off. The page is rebuilt when policy
 * values change in the database; opened rows stay open. */
#define G_LOG_DOMAIN "ud-policy-page"

#include <string.h>

#include "ud-date.h"
#include "ud-form.h"
#include "ud-i18n.h"
#include "ud-policy.h"
#include "ud-policy-dialog.h"
#include "ud-policy-page.h"

typedef struct
{
  const char *prefix;   /* of the parameters' stored names */
  const char *title;    /* untranslated */
} PolicyGroup;

/* In this order; a parameter that matches no prefix goes in the last group. */
static const PolicyGroup policy_groups[] = {
  { "dibao_", N_("Minimum Living Standards (低保)") },
  { "medical_", N_("Medical Relief") },
  { "education_", N_("Education Aid") },
  { "temporary_", N_("Temporary Relief") },
  { "condolence_", N_("Condolence Payments") },
  { "living_", N_("Living Relief") },
  { "", N_("Hardship Files") },
};

struct _UdPolicyPage
{
  AdwBin      parent_instance;

  UdDatabase *db;                 /* owned */
  GPtrArray  *groups;             /* owned array of borrowed AdwPreferencesGroups in groups_box */
  GPtrArray  *param_rows;         /* owned array of borrowed AdwExpanderRows, one a parameter */
  gulong      changed_handler;

  /* template */
  GtkBox     *groups_box;
  GtkLabel   *note_label;
};

G_DEFINE_FINAL_TYPE (UdPolicyPage, ud_policy_page, ADW_TYPE_BIN)

static guint
group_index (const UdPolicyParamInfo *info)
{
  for (guint i = 0; i < G_N_ELEMENTS (policy_groups) - 1; i++)
    if (g_str_has_prefix (info->name, policy_groups[i].prefix))
      return i;
  return G_N_ELEMENTS (policy_groups) - 1;
}

/* "admin (张丽)" for an account id, from @names (a cache filled here); NULL for 0. */
static const char *
account_name (UdPolicyPage *self,
              GHashTable   *names,
              gint64        account_id)
{
  char *name;

  if (account_id == 0)
    return NULL;

  name = g_hash_table_lookup (names, &account_id);
  if (name == NULL)
    {
      g_autoptr(UdAccount) account = ud_account_get (self->db, account_id, NULL);
      gint64 *key = g_new (gint64, 1);

      *key = account_id;
      if (account == NULL)
        name = g_strdup_printf ("#%" G_GINT64_FORMAT, account_id);
      else if (account->display_name != NULL && *account->display_name != '\0')
        name = g_strdup_printf ("%s (%s)", account->display_name, account->username);
      else
        name = g_strdup (account->username);
      g_hash_table_insert (names, key, name);
    }
  return name;
}

static gboolean
is_city (const UdPolicyValue *value)
{
  return g_strcmp0 (value->source, "city") == 0;
}

/* "¥1,060.00 · from 2020-01-01 · issued by the city" */
static char *
describe_in_force (const UdPolicyParamInfo *info,
                   const UdPolicyValue     *value)
{
  g_autofree char *shown = ud_policy_format_value (info, value->value);
  GString *text = g_string_new (shown);

  g_string_append (text, " · ");
  /* Translators: the first day a policy value is in force */
  g_string_append_printf (text, _("from %s"), value->effective_from);
  if (is_city (value))
    g_string_append_printf (text, " · %s", _("issued by the city"));
  return g_string_free (text, FALSE);
}

static GtkWidget *
detail_row_new (const char *title,
                const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* One stored value in the history: "2026-12-01 · Region 330105 · ¥1,180.00" over
 * "杭政办〔2026〕12号 · set by admin on 2026-11-25 16:30". */
static GtkWidget *
history_row_new (UdPolicyPage            *self,
                 GHashTable              *names,
                 const UdPolicyParamInfo *info,
                 const UdPolicyValue     *value,
                 const char              *today)
{
  g_autofree char *shown = ud_policy_format_value (info, value->value);
  g_autofree char *when = ud_form_format_timestamp (value->created_at);
  g_autofree char *title = NULL;
  g_autofree char *region = NULL;
  GString *subtitle = g_string_new (NULL);
  const char *who = account_name (self, names, value->created_by);
  GtkWidget *row;

  /* Translators: a region (division code) a policy value is for */
  region = *value->region ? g_strdup_printf (_("region %s"), value->region)
                          : g_strdup (_("everywhere"));
  title = g_strdup_printf ("%s · %s · %s", value->effective_from, region, shown);

  if (strcmp (value->effective_from, today) > 0)
    g_string_append (subtitle, _("not yet in force"));
  if (value->note != NULL && *value->note != '\0')
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", value->note);
  if (subtitle->len)
    g_string_append (subtitle, " · ");
  if (is_city (value))
    g_string_append (subtitle, _("issued by the city"));
  else if (who != NULL)
    /* Translators: who set a policy value and when: "set by admin on 2026-11-25 16:30" */
    g_string_append_printf (subtitle, _("set by %s on %s"), who, when ? when : "");
  else
    g_string_append (subtitle, _("built-in default"));

  row = detail_row_new (title, subtitle->str);
  g_string_free (subtitle, TRUE);
  return row;
}

static GtkWidget *
heading_row_new (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
param_row_new (UdPolicyPage            *self,
               GHashTable              *names,
               const UdAccount         *account,
               const UdPolicyParamInfo *info,
               GPtrArray               *values,
               const GDate             *today)
{
  g_autoptr(UdPolicyValue) everywhere = ud_policy_lookup (self->db, info->name, NULL, today,
                                                          NULL);
  g_autofree char *today_text = ud_date_format (today);
  g_autofree char *subtitle = NULL;
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *button;
  g_autofree char *button_label = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ud_policy_param_label (info));
  gtk_widget_set_name (row, info->name);
  if (everywhere != NULL)
    subtitle = describe_in_force (info, everywhere);
  else
    subtitle = g_strdup (_("No value in force today"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  button = gtk_button_new_with_label (_("New Value…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", info->name);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "policy.new-value");
  /* Translators: the accessible name of the button; %s is a parameter */
  button_label = g_strdup_printf (_("New value of %s"), ud_policy_param_label (info));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_label,
                                  -1);
  if (ud_form_guard (button, account, UD_ACTION_POLICY_WRITE))
    gtk_widget_set_tooltip_text (button, _("Set a new value from a date"));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);

  /* The regions with a value of their own in force today. */
  for (guint i = 0; i < values->len; i++)
    {
      UdPolicyValue *value = g_ptr_array_index (values, i);
      gboolean seen = FALSE;

      if (*value->region == '\0')
        continue;
      for (guint j = 0; j < regions->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (regions, j), value->region);
      if (!seen)
        g_ptr_array_add (regions, value->region);
    }

  if (regions->len > 0)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < regions->len; i++)
        {
          const char *region = g_ptr_array_index (regions, i);
          g_autoptr(UdPolicyValue) own = ud_policy_lookup (self->db, info->name, region, today,
                                                           NULL);
          g_autofree char *title = NULL;
          g_autofree char *text = NULL;
          GtkWidget *region_row;

          if (own == NULL || g_strcmp0 (own->region, region) != 0)
            continue;
          if (!any)
            adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                      heading_row_new (_("Regions with their own value today")));
          any = TRUE;
          /* Translators: a region (division code) a policy value is for */
          title = g_strdup_printf (_("Region %s"), region);
          text = describe_in_force (info, own);
          region_row = detail_row_new (title, text);
          gtk_widget_set_name (region_row, region);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), region_row);
        }
    }

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), heading_row_new (_("History, newest first")));
  /* ud_policy_list() sorts by region and date; the history is newest first across regions. */
  for (guint i = values->len; i > 0; i--)
    {
      UdPolicyValue *value = g_ptr_array_index (values, i - 1);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                history_row_new (self, names, info, value, today_text));
    }
  return row;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const UdPolicyValue *va = *(UdPolicyValue * const *) a;
  const UdPolicyValue *vb = *(UdPolicyValue * const *) b;
  int cmp = strcmp (va->effective_from, vb->effective_from);

  if (cmp == 0)
    cmp = g_strcmp0 (va->created_at, vb->created_at);
  /* Oldest first here: the rows are added from the end. */
  return cmp;
}

void
ud_policy_page_reload (UdPolicyPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_free);
  g_autoptr(GHashTable) expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const UdAccount *account = ud_form_get_account (GTK_WIDGET (self));
  AdwPreferencesGroup *group_widgets[G_N_ELEMENTS (policy_groups)] = { NULL };
  const UdPolicyParamInfo *params;
  guint n_params = 0;
  GDate today;

  g_return_if_fail (UD_IS_POLICY_PAGE (self));

  /* Keep opened rows open. */
  for (guint i = 0; i < self->param_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->param_rows, i);

      if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
        g_hash_table_add (expanded, g_strdup (gtk_widget_get_name (row)));
    }
  g_ptr_array_set_size (self->param_rows, 0);
  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->groups_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);

  all = ud_policy_list (self->db, NULL, &error);
  if (all == NULL)
    {
      ud_form_add_toast (GTK_WIDGET (self), error->message);
      return;
    }

  /* Only administrators set values; the buttons say so (ud_form_guard() below). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "policy.new-value",
                                 ud_guard_allows (account, UD_ACTION_POLICY_WRITE));

  ud_date_today (&today);
  params = ud_policy_params (&n_params);
  for (guint i = 0; i < n_params; i++)
    {
      const UdPolicyParamInfo *info = &params[i];
      g_autoptr(GPtrArray) values = g_ptr_array_new ();
      guint index = group_index (info);
      GtkWidget *row;

      for (guint j = 0; j < all->len; j++)
        {
          UdPolicyValue *value = g_ptr_array_index (all, j);

          if (g_str_equal (value->name, info->name))
            g_ptr_array_add (values, value);
        }
      g_ptr_array_sort (values, compare_newest_first);

      if (group_widgets[index] == NULL)
        {
          group_widgets[index] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group_widgets[index], _(policy_groups[index].title));
        }
      row = param_row_new (self, names, account, info, values, &today);
      if (g_hash_table_contains (expanded, info->name))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      adw_preferences_group_add (group_widgets[index], row);
      g_ptr_array_add (self->param_rows, row);
    }

  for (guint i = 0; i < G_N_ELEMENTS (policy_groups); i++)
    if (group_widgets[i] != NULL)
      {
        gtk_box_append (self->groups_box, GTK_WIDGET (group_widgets[i]));
        g_ptr_array_add (self->groups, group_widgets[i]);
      }
}

static void
new_value_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UdPolicyPage *self = UD_POLICY_PAGE (widget);
  const UdPolicyParamInfo *info = ud_policy_param_lookup (g_variant_get_string (parameter, NULL));
  UdPolicyDialog *dialog;

  if (info == NULL)
    return;

  dialog = ud_policy_dialog_new (self->db, info);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), ud_form_get_window (widget));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_database_changed (UdPolicyPage *self,
                     const char   *entity)
{
  if (entity == NULL || g_str_equal (entity, "policy_param") || g_str_equal (entity, "account"))
    ud_policy_page_reload (self);
}

GtkWidget *
ud_policy_page_new (UdDatabase *db)
{
  UdPolicyPage *self;

  g_return_val_if_fail (UD_IS_DATABASE (db), NULL);

  self = g_object_new (UD_TYPE_POLICY_PAGE, NULL);
  self->db = g_object_ref (db);
  self->changed_handler = g_signal_connect_object (db, "changed", G_CALLBACK (on_database_changed),
                                                   self, G_CONNECT_SWAPPED);
  ud_policy_page_reload (self);

  return GTK_WIDGET (self);
}

/* The account is known only once the page is in a window: check the buttons again then. */
static void
ud_policy_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ud_policy_page_parent_class)->root (widget);

  if (UD_POLICY_PAGE (widget)->db != NULL)
    ud_policy_page_reload (UD_POLICY_PAGE (widget));
}

static void
ud_policy_page_dispose (GObject *object)
{
  UdPolicyPage *self = UD_POLICY_PAGE (object);

  if (self->db != NULL)
    g_clear_signal_handler (&self->changed_handler, self->db);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->param_rows, g_ptr_array_unref);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), UD_TYPE_POLICY_PAGE);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ud_policy_page_parent_class)->dispose (object);
}

static void
ud_policy_page_class_init (UdPolicyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ud_policy_page_dispose;
  widget_class->root = ud_policy_page_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               UD_RESOURCE_PATH "ud-policy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, UdPolicyPage, groups_box);
  gtk_widget_class_bind_template_child (widget_class, UdPolicyPage, note_label);

  gtk_widget_class_install_action (widget_class, "policy.new-value", "s", new_value_action);
}

static void
ud_policy_page_init (UdPolicyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
  self->param_rows = g_ptr_array_new ();
}
