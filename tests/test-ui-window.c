/* tests/test-ui-window.c — the main window on a real display: the members page, its count,
 * search as you type, sorting by a header, and the empty states
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-member-item.h"
#include "ud-member-list-model.h"
#include "ud-member-page.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-preferences-window.h"
#include "ud-test-util.h"
#include "ud-window.h"

#define N_MEMBERS 300

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴" };
static const char *const given_first[] = { "小", "建", "志", "秀", "桂", "春", "海", "玉", "国", "丽" };
static const char *const given_second[] = { "明", "华", "英" };

typedef struct
{
  UdTestDb    *t;
  UdWindow    *window;      /* GTK owns it until it is destroyed */
  GtkWidget   *page;
  GtkEditable *search_entry;
  GtkColumnView *column_view;
  GtkStack    *content_stack;
  GtkLabel    *count_label;
  AdwStatusPage *empty_page;
} Fixture;

static void
fill (UdDatabase *db,
      guint       n_members)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_database_begin (db, &error));
  for (guint i = 0; i < n_members; i++)
    {
      g_autofree char *name = g_strconcat (surnames[i % 10], given_first[(i / 10) % 10],
                                           given_second[(i / 100) % 3], NULL);
      g_autofree char *id_number = ud_test_make_id ("440305", "19850615", i);
      g_autoptr(UdMember) member = ud_test_member_new (db, name, id_number);

      member->join_date = g_strdup_printf ("2021-%02u-%02u", 1 + i % 12, 1 + i % 28);
      g_assert_true (ud_member_store_insert (db, ud_test_admin (db), member, &error));
      g_assert_no_error (error);
    }
  g_assert_true (ud_database_commit (db, &error));
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (f->column_view)));
}

static void
wait_rows (Fixture *f,
           guint    expected)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the member count");

  while (n_rows (f) != expected)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
wait_stack (Fixture    *f,
            const char *name)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the member page state");

  while (g_strcmp0 (gtk_stack_get_visible_child_name (f->content_stack), name) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  guint n_members = GPOINTER_TO_UINT (data);
  GtkStack *stack;

  f->t = ud_test_db_new ();
  fill (f->t->db, n_members);

  f->window = ud_window_new (NULL, f->t->db, ud_test_admin (f->t->db));
  gtk_window_present (GTK_WINDOW (f->window));

  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->window), UD_TYPE_WINDOW,
                                                    "stack"));
  f->page = gtk_stack_get_child_by_name (stack, "members");
  g_assert_true (UD_IS_MEMBER_PAGE (f->page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "members");

#define CHILD(type, name) \
  (type *) gtk_widget_get_template_child (f->page, UD_TYPE_MEMBER_PAGE, name)
  f->search_entry = CHILD (GtkEditable, "search_entry");
  f->column_view = CHILD (GtkColumnView, "column_view");
  f->content_stack = CHILD (GtkStack, "content_stack");
  f->count_label = CHILD (GtkLabel, "count_label");
  f->empty_page = CHILD (AdwStatusPage, "empty_page");
#undef CHILD
  g_assert_true (GTK_IS_SEARCH_ENTRY (f->search_entry));
  g_assert_true (GTK_IS_COLUMN_VIEW (f->column_view));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.uniondesk.UnionDesk");
  UdWindow *window = f->window;
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the window to go");

  if (window != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  while (window != NULL || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, window != NULL);
  g_source_remove (timeout);

  /* The next window starts from the defaults (the settings backend is in memory). */
  g_settings_reset (settings, "last-section");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");

  g_clear_pointer (&f->t, ud_test_db_free);
}

static void
test_members_page (Fixture       *f,
                   gconstpointer  data)
{
  GtkSelectionModel *model = gtk_column_view_get_model (f->column_view);
  g_autoptr(GObject) first = NULL;
  guint timeout;

  /* The column view shows the database-backed model itself, not a sort or filter model. */
  g_assert_true (GTK_IS_SINGLE_SELECTION (model));
  g_assert_true (UD_IS_MEMBER_LIST_MODEL (
    gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model))));

  wait_rows (f, N_MEMBERS);
  wait_stack (f, "list");
  g_assert_cmpstr (gtk_label_get_text (f->count_label), ==, "300 members");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (f->column_view)), ==, 9);

  /* Rows are filled once their page arrives. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the first row");
  while (ud_member_item_get_loading (UD_MEMBER_ITEM (first)))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  wait_rows (f, N_MEMBERS);

  /* Two characters: 王 with 小 as the first given character: rows 0, 100 and 200. */
  gtk_editable_set_text (f->search_entry, "王小");
  /* Nothing changes before the search entry's delay. */
  g_assert_cmpuint (n_rows (f), ==, N_MEMBERS);
  wait_rows (f, 3);
  g_assert_cmpstr (gtk_label_get_text (f->count_label), ==, "3 of 300 members");
  g_assert_cmpstr (ud_member_page_get_query (UD_MEMBER_PAGE (f->page))->text, ==, "王小");

  /* One character: every 王. */
  gtk_editable_set_text (f->search_entry, "王");
  wait_rows (f, N_MEMBERS / 10);
  wait_stack (f, "list");
}

static void
test_no_results (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *clear_button = (GtkWidget *)
    gtk_widget_get_template_child (f->page, UD_TYPE_MEMBER_PAGE, "clear_button");

  wait_rows (f, N_MEMBERS);

  gtk_editable_set_text (f->search_entry, "没有这个人");
  wait_stack (f, "empty");
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_cmpstr (adw_status_page_get_title (f->empty_page), ==, "No Results");
  g_assert_nonnull (strstr (adw_status_page_get_description (f->empty_page), "“没有这个人”"));
  g_assert_true (gtk_widget_get_visible (clear_button));

  /* Clearing brings everyone back. */
  g_signal_emit_by_name (clear_button, "clicked");
  wait_rows (f, N_MEMBERS);
  wait_stack (f, "list");
  g_assert_cmpstr (gtk_editable_get_text (f->search_entry), ==, "");
}

static void
test_sort_by_header (Fixture       *f,
                     gconstpointer  data)
{
  GListModel *columns = gtk_column_view_get_columns (f->column_view);
  g_autoptr(GtkColumnViewColumn) joined = NULL;
  const UdMemberQuery *query;

  wait_rows (f, N_MEMBERS);

  /* The "Joined" column, as a click on its header twice would. */
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Joined") == 0)
        joined = g_object_ref (column);
    }
  g_assert_nonnull (joined);

  gtk_column_view_sort_by_column (f->column_view, joined, GTK_SORT_DESCENDING);
  query = ud_member_page_get_query (UD_MEMBER_PAGE (f->page));
  g_assert_cmpint (query->sort, ==, UD_MEMBER_SORT_JOIN_DATE);
  g_assert_true (query->descending);

  gtk_column_view_sort_by_column (f->column_view, joined, GTK_SORT_ASCENDING);
  g_assert_cmpint (query->sort, ==, UD_MEMBER_SORT_JOIN_DATE);
  g_assert_false (query->descending);

  /* Still every member: sorting re-issues the query, it filters nothing. */
  wait_rows (f, N_MEMBERS);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  GtkDropDown *union_dropdown = (GtkDropDown *)
    gtk_widget_get_template_child (f->page, UD_TYPE_MEMBER_PAGE, "union_dropdown");
  GtkDropDown *status_dropdown = (GtkDropDown *)
    gtk_widget_get_template_child (f->page, UD_TYPE_MEMBER_PAGE, "status_dropdown");
  g_autoptr(UdOrg) street = ud_org_new ();
  g_autoptr(GError) error = NULL;
  gint64 first_id = 0;

  wait_rows (f, N_MEMBERS);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (union_dropdown)), ==, 2);

  /* A street federation with five members; the union filter lists it at once. */
  street->name = g_strdup ("和平街道总工会");
  street->kind = UD_ORG_KIND_STREET;
  street->parent_id = ud_database_get_office_org_id (f->t->db);
  g_assert_true (ud_org_insert (f->t->db, ud_test_admin (f->t->db), street, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id_number = ud_test_make_id ("440305", "19900202", i);
      g_autoptr(UdMember) member = ud_test_member_new (f->t->db, "郑和平", id_number);

      member->org_id = street->id;
      g_assert_true (ud_member_store_insert (f->t->db, ud_test_admin (f->t->db), member, &error));
      g_assert_no_error (error);
      if (i == 0)
        first_id = member->id;
    }
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (union_dropdown)), ==, 3);
  wait_rows (f, N_MEMBERS + 5);

  /* The street union alone, then the office with its branches. */
  gtk_drop_down_set_selected (union_dropdown, 2);
  wait_rows (f, 5);
  g_assert_cmpint (ud_member_page_get_query (UD_MEMBER_PAGE (f->page))->org_id, ==, street->id);
  gtk_drop_down_set_selected (union_dropdown, 1);
  wait_rows (f, N_MEMBERS + 5);

  /* A lapsed member leaves "All live members" but not "All members". */
  g_assert_true (ud_member_store_change_status (f->t->db, ud_test_admin (f->t->db), first_id,
                                                UD_MEMBER_EVENT_LAPSE, NULL, "三个月未缴会费", 0,
                                                &error));
  g_assert_no_error (error);
  wait_rows (f, N_MEMBERS + 4);
  gtk_drop_down_set_selected (status_dropdown, 1);
  wait_rows (f, N_MEMBERS + 5);
  g_assert_cmpint (ud_member_page_get_query (UD_MEMBER_PAGE (f->page))->status, ==,
                   UD_MEMBER_QUERY_ANY);
}

static void
test_no_members_yet (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *add_button = (GtkWidget *)
    gtk_widget_get_template_child (f->page, UD_TYPE_MEMBER_PAGE, "add_button");
  GtkWidget *import_button = (GtkWidget *)
    gtk_widget_get_template_child (f->page, UD_TYPE_MEMBER_PAGE, "import_button");

  wait_stack (f, "empty");
  g_assert_cmpstr (adw_status_page_get_title (f->empty_page), ==, "No Members Yet");
  g_assert_true (gtk_widget_get_visible (add_button));
  g_assert_true (gtk_widget_get_visible (import_button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add_button)), ==,
                   "win.new-member");
  g_assert_cmpstr (gtk_label_get_text (f->count_label), ==, "0 members");

  /* The list follows the database: a member added elsewhere shows up. */
  fill (f->t->db, 1);
  ud_database_notify_changed (f->t->db, "member");
  wait_rows (f, 1);
  wait_stack (f, "list");
}

static void
test_sections_and_state (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.uniondesk.UnionDesk");
  GtkListBox *sidebar = (GtkListBox *) gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                      UD_TYPE_WINDOW, "sidebar");
  GtkStack *stack = (GtkStack *) gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                UD_TYPE_WINDOW, "stack");
  GtkWidget *focus;
  UdWindow *window = f->window;
  guint timeout;

  /* Only the sections that work: members, unions, employers, the audit trail and (for the
   * administrator) accounts. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (sidebar, 4));
  /* … and the hardship files (and any section added after them). */
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar, 5))),
                   ==, "hardship");
  g_assert_true (ud_window_get_database (f->window) == f->t->db);

  g_assert_true (ud_window_show_section (f->window, "employers"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "employers");
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (sidebar)), ==, 2);
  g_assert_false (ud_window_show_section (f->window, "no-such-section"));

  /* Ctrl+F: back to the members, in the search entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "members");
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (f->search_entry)
                 || gtk_widget_is_ancestor (focus, GTK_WIDGET (f->search_entry)));

  /* A toast from another page. */
  ud_window_add_toast (f->window, adw_toast_new ("Saved"));

  /* Closing saves the size and the section shown. */
  ud_window_show_section (f->window, "organisations");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the window to close");
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  g_assert_cmpstr (g_settings_get_string (settings, "last-section"), ==, "organisations");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens where this one was left. */
  f->window = ud_window_new (NULL, f->t->db, ud_test_admin (f->t->db));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (
                     GTK_WIDGET (f->window), UD_TYPE_WINDOW, "stack"))), ==, "organisations");
}

/* Preferences (Ctrl+,): the spin buttons write the GSettings keys the window and the automatic
 * backup read. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.uniondesk.UnionDesk");
  GtkWindow *preferences = NULL;
  GtkSpinButton *idle_spin;
  GtkSpinButton *keep_spin;
  GListModel *toplevels;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && preferences == NULL; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (UD_IS_PREFERENCES_WINDOW (window))
        preferences = GTK_WINDOW (window);
    }
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (f->window));

  idle_spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                              UD_TYPE_PREFERENCES_WINDOW,
                                                              "idle_spin"));
  keep_spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                              UD_TYPE_PREFERENCES_WINDOW,
                                                              "keep_spin"));
  g_assert_cmpint ((int) gtk_spin_button_get_value (idle_spin), ==,
                   g_settings_get_int (settings, "idle-lock-minutes"));
  gtk_spin_button_set_value (idle_spin, 3);
  gtk_spin_button_set_value (keep_spin, 30);
  g_assert_cmpint (g_settings_get_int (settings, "idle-lock-minutes"), ==, 3);
  g_assert_cmpint (g_settings_get_int (settings, "backup-keep"), ==, 30);

  gtk_window_destroy (preferences);
  g_settings_reset (settings, "idle-lock-minutes");
  g_settings_reset (settings, "backup-keep");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, n, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)
  ADD ("/ud/ui/window/members-page", N_MEMBERS, test_members_page);
  ADD ("/ud/ui/window/search", N_MEMBERS, test_search);
  ADD ("/ud/ui/window/no-results", N_MEMBERS, test_no_results);
  ADD ("/ud/ui/window/sort-by-header", N_MEMBERS, test_sort_by_header);
  ADD ("/ud/ui/window/filters", N_MEMBERS, test_filters);
  ADD ("/ud/ui/window/no-members-yet", 0, test_no_members_yet);
  ADD ("/ud/ui/window/sections-and-state", 20, test_sections_and_state);
  ADD ("/ud/ui/window/preferences", 20, test_preferences);
#undef ADD

  return g_test_run ();
}
