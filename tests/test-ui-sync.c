/* tests/test-ui-sync.c — the sync page on a real display: state, settings by the administrator,
 * a run with progress to the end against the reference city server, the refused records with a
 * link to open them, cancel, the header indicator, and a clerk who may not change the settings
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-form.h"
#include "ud-guard.h"
#include "ud-member-detail.h"
#include "ud-member-store.h"
#include "ud-outbox.h"
#include "ud-sync-indicator.h"
#include "ud-sync-page.h"
#include "ud-sync-settings-dialog.h"
#include "ud-sync-store.h"
#include "ud-sync-test-server.h"
#include "ud-test-ui.h"
#include "ud-test-util.h"
#include "ud-window.h"

#define CHILD(widget, type, ctype, name) \
  ((ctype *) gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static void
iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
wait_for_run (UdSyncPage *page)
{
  guint timeout = g_timeout_add_seconds (60, timeout_cb, "waiting for the sync run");

  while (ud_sync_page_is_running (page))
    g_main_context_iteration (NULL, TRUE);
  iterate ();
  g_source_remove (timeout);
}

static UdSyncPage *
show_sync_page (UdWindow *window)
{
  GtkWidget *page;

  g_assert_true (ud_window_show_section (window, "sync"));
  iterate ();
  page = ud_window_get_page (window, "sync");
  g_assert_true (UD_IS_SYNC_PAGE (page));
  return UD_SYNC_PAGE (page);
}

static const char *
row_title (UdSyncPage *page,
           const char *name)
{
  return adw_preferences_row_get_title (CHILD (page, UD_TYPE_SYNC_PAGE, AdwPreferencesRow, name));
}

static UdSyncSettingsDialog *
find_settings_dialog (void)
{
  UdSyncSettingsDialog *dialog = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (UD_IS_SYNC_SETTINGS_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  return dialog;
}

static GtkWidget *
find_member_detail (void)
{
  GtkWidget *detail = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (UD_IS_MEMBER_DETAIL (l->data))
      detail = l->data;
  g_list_free (toplevels);
  return detail;
}

/* The administrator sets the server up, syncs, sees a rejected record with the server's reason
 * and opens it; the indicator in the header follows. */
static void
test_admin_syncs (void)
{
  g_autoptr(UdSyncTestServer) server = ud_sync_test_server_start (NULL);
  g_autoptr(UdTestDb) t = NULL;
  g_autofree char *id = NULL;
  g_autoptr(UdMember) member = NULL;
  g_autoptr(UdSyncSettings) settings = NULL;
  UdSyncSettingsDialog *dialog;
  UdSyncIndicator *indicator;
  UdWindow *window;
  UdSyncPage *page;
  GtkWidget *problems;
  GtkWidget *row;
  GtkWidget *detail;

  if (server == NULL)
    return;
  t = ud_test_db_new ();
  id = ud_test_make_id ("330102", "19800101", 15);
  member = ud_test_member_new (t->db, "赵敏", id);
  g_assert_true (ud_member_store_insert (t->db, ud_test_admin (t->db), member, NULL));

  window = ud_window_new (NULL, t->db, ud_test_admin (t->db));
  gtk_window_present (GTK_WINDOW (window));
  page = show_sync_page (window);
  g_assert_true (g_str_has_prefix (row_title (page, "state_row"), "Never synced"));
  indicator = CHILD (window, UD_TYPE_WINDOW, UdSyncIndicator, "sync_indicator");
  g_assert_true (g_str_has_suffix (ud_sync_indicator_get_text (indicator), " waiting"));

  /* Settings: a plain http address elsewhere is refused under its field. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.settings", NULL));
  iterate ();
  dialog = find_settings_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (CHILD (dialog, UD_TYPE_SYNC_SETTINGS_DIALOG, GtkEditable, "url_row"),
                         "http://sync.city-union.example/api/");
  g_assert_false (ud_sync_settings_dialog_save (dialog));
  g_assert_true (ud_form_has_error (CHILD (dialog, UD_TYPE_SYNC_SETTINGS_DIALOG, GtkWidget,
                                           "url_row")));
  gtk_editable_set_text (CHILD (dialog, UD_TYPE_SYNC_SETTINGS_DIALOG, GtkEditable, "url_row"),
                         server->url);
  gtk_editable_set_text (CHILD (dialog, UD_TYPE_SYNC_SETTINGS_DIALOG, GtkEditable, "token_row"),
                         "test-token");
  gtk_spin_button_set_value (CHILD (dialog, UD_TYPE_SYNC_SETTINGS_DIALOG, GtkSpinButton,
                                    "interval_spin"), 15);
  g_assert_true (ud_sync_settings_dialog_save (dialog));
  iterate ();
  settings = ud_sync_settings_load (t->db);
  g_assert_cmpstr (settings->url, ==, server->url);
  g_assert_cmpuint (settings->interval_minutes, ==, 15);
  g_assert_cmpuint (ud_sync_page_get_timer_seconds (page), ==, 15 * 60);

  /* A record the server will refuse, and one whose refusal can be opened: the real member's
   * row is marked as refused by hand after the first run. */
  {
    g_autoptr(JsonObject) bad = json_object_new ();

    json_object_set_string_member (bad, "id_number", "110105194912310021");
    g_assert_true (ud_database_begin (t->db, NULL));
    g_assert_true (ud_outbox_append (t->db, "member", 1, "bad-member", 1, "upsert", bad, NULL));
    g_assert_true (ud_database_commit (t->db, NULL));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.run", NULL));
  g_assert_true (ud_sync_page_is_running (page));
  g_assert_true (gtk_widget_get_visible (CHILD (page, UD_TYPE_SYNC_PAGE, GtkWidget,
                                                "progress_row")));
  wait_for_run (page);
  g_assert_false (gtk_widget_get_visible (CHILD (page, UD_TYPE_SYNC_PAGE, GtkWidget,
                                                 "progress_row")));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (CHILD (page, UD_TYPE_SYNC_PAGE,
                                                           GtkProgressBar, "progress_bar")),
                     ==, 1.0);
  g_assert_cmpstr (row_title (page, "state_row"), ==, "Up to date");
  g_assert_cmpint (ud_outbox_count_pending (t->db), ==, 0);
  iterate ();
  g_assert_cmpstr (ud_sync_indicator_get_text (indicator), ==, "Up to date");

  /* The refused record with the server's reason. */
  problems = CHILD (page, UD_TYPE_SYNC_PAGE, GtkWidget, "problems_list");
  g_assert_true (gtk_widget_get_visible (CHILD (page, UD_TYPE_SYNC_PAGE, GtkWidget,
                                                "problems_group")));
  row = gtk_widget_get_first_child (problems);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "id_number"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Rejected"));

  /* A refused row of a real member opens the member. */
  g_assert_true (ud_database_begin (t->db, NULL));
  {
    g_autoptr(JsonObject) again = json_object_new ();

    json_object_set_string_member (again, "name", "赵敏");
    g_assert_true (ud_outbox_append (t->db, "member", 1, member->uuid, member->version + 1,
                                     "upsert", again, NULL));
  }
  g_assert_true (ud_database_commit (t->db, NULL));
  g_assert_true (ud_database_exec (t->db,
                                   "UPDATE outbox SET state = 'conflict', batch_id = 'x',"
                                   " result_message = 'owned by another office'"
                                   " WHERE state = 'pending'", NULL));
  ud_sync_page_reload (page);
  g_assert_null (find_member_detail ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.open-record", "(ss)",
                                             "member", member->uuid));
  iterate ();
  detail = find_member_detail ();
  g_assert_nonnull (detail);
  destroy_and_wait (detail);

  destroy_and_wait (GTK_WIDGET (window));
}

/* Cancel during a slow request: the run ends at once, nothing is lost. */
static void
test_cancel (void)
{
  g_autoptr(UdSyncTestServer) server = ud_sync_test_server_start (NULL);
  g_autoptr(UdTestDb) t = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  UdWindow *window;
  UdSyncPage *page;
  gint64 waiting, start;

  if (server == NULL)
    return;
  t = ud_test_db_new ();
  ud_sync_test_configure (t->db, server);
  ud_sync_test_fill_outbox (t->db, 50, 0, expected);
  window = ud_window_new (NULL, t->db, ud_test_admin (t->db));
  gtk_window_present (GTK_WINDOW (window));
  page = show_sync_page (window);
  waiting = ud_outbox_count_pending (t->db);

  ud_sync_test_server_faults (server, "[\"none\", \"none\", \"slow\"]", ", \"slow_ms\": 20000");
  ud_sync_page_set_token (page, "test-token");
  g_assert_true (ud_sync_page_sync_now (page));
  g_usleep (300 * 1000);
  iterate ();
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.cancel", NULL));
  wait_for_run (page);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  /* Nothing lost (the city's policy values fetched first add their audit entries): the batch
   * the server may have stored stays until its answer is known. */
  g_assert_cmpint (ud_outbox_count_pending (t->db), >=, waiting);
  g_assert_cmpint (ud_sync_page_is_running (page), ==, FALSE);
  destroy_and_wait (GTK_WIDGET (window));
}

/* A refused token: the state says so and the administrator is asked for a new one. */
static void
test_token_refused (void)
{
  g_autoptr(UdSyncTestServer) server = ud_sync_test_server_start (NULL);
  g_autoptr(UdTestDb) t = NULL;
  UdSyncSettingsDialog *dialog;
  UdWindow *window;
  UdSyncPage *page;

  if (server == NULL)
    return;
  t = ud_test_db_new ();
  ud_sync_test_configure (t->db, server);
  window = ud_window_new (NULL, t->db, ud_test_admin (t->db));
  gtk_window_present (GTK_WINDOW (window));
  page = show_sync_page (window);
  ud_sync_page_set_token (page, "not-the-token");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.run", NULL));
  wait_for_run (page);
  g_assert_true (g_str_has_prefix (row_title (page, "state_row"), "Failing since"));
  g_assert_nonnull (strstr (row_title (page, "state_row"), "token"));
  dialog = find_settings_dialog ();
  g_assert_nonnull (dialog);
  destroy_and_wait (GTK_WIDGET (dialog));
  destroy_and_wait (GTK_WIDGET (window));
}

/* A clerk sees the state and may sync, but not change the settings. */
static void
test_clerk (void)
{
  g_autoptr(UdTestDb) t = ud_test_db_new ();
  const UdAccount *clerk = ud_test_account (t->db, "clerk", UD_ROLE_CLERK);
  UdWindow *window = ud_window_new (NULL, t->db, clerk);
  UdSyncPage *page;
  GtkWidget *button;

  gtk_window_present (GTK_WINDOW (window));
  page = show_sync_page (window);
  button = CHILD (page, UD_TYPE_SYNC_PAGE, GtkWidget, "settings_button");
  iterate ();
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "sync.settings", NULL)
                  && find_settings_dialog () != NULL);
  g_assert_null (find_settings_dialog ());
  g_assert_true (gtk_widget_is_sensitive (CHILD (page, UD_TYPE_SYNC_PAGE, GtkWidget,
                                                 "sync_button")));
  destroy_and_wait (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/sync/admin-syncs", test_admin_syncs);
  g_test_add_func ("/ui/sync/cancel", test_cancel);
  g_test_add_func ("/ui/sync/token-refused", test_token_refused);
  g_test_add_func ("/ui/sync/clerk", test_clerk);
  return g_test_run ();
}
