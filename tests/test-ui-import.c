/* tests/test-ui-import.c — the import wizard driven step by step on a real display, with the
 * sample roster: encoding and columns found, the check's figures, the import, the result
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-import-dialog.h"
#include "ud-member-query.h"
#include "ud-test-util.h"
#include "ud-window.h"

#define SAMPLE "roster-small-utf8-bom.csv"

typedef struct
{
  UdTestDb       *t;
  UdImportDialog *dialog;   /* GTK owns it; NULL once it is gone (weak pointer) */
  UdWindow       *main_window; /* GTK owns it: the window the wizard acts for */
  char           *path;
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->dialog), UD_TYPE_IMPORT_DIALOG,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

static const char *
label_text (Fixture    *f,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child (f, name)));
}

static void
wait_page (Fixture    *f,
           const char *page)
{
  g_autofree char *what = g_strdup_printf ("waiting for the page “%s”", page);
  guint timeout = g_timeout_add_seconds (60, timeout_cb, what);

  while (g_strcmp0 (gtk_stack_get_visible_child_name (child (f, "stack")), page) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static guint
count_members (UdDatabase *db)
{
  g_autoptr(UdMemberQuery) query = ud_member_query_new ();
  g_autoptr(GError) error = NULL;
  guint count = G_MAXUINT;

  g_assert_true (ud_member_query_count (db, query, &count, &error));
  g_assert_no_error (error);
  return count;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *shared = g_getenv ("UD_SHARED_DATA");

  f->path = g_build_filename (shared ? shared : ".", SAMPLE, NULL);
  f->t = ud_test_db_new ();
  f->main_window = ud_window_new (NULL, f->t->db, ud_test_admin (f->t->db));
  f->dialog = ud_import_dialog_new (f->t->db);
  gtk_window_set_transient_for (GTK_WINDOW (f->dialog), GTK_WINDOW (f->main_window));
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the wizard to go");

  if (f->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  if (f->main_window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->main_window));
  while (f->dialog != NULL || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, f->dialog != NULL);
  g_source_remove (timeout);

  g_clear_pointer (&f->t, ud_test_db_free);
  g_free (f->path);
}

static void
test_import_sample (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  GtkWidget *summary;
  GListModel *problems;
  guint timeout;

  if (!g_file_test (f->path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the sample roster is not there (UD_SHARED_DATA)");
      return;
    }

  /* 1. The file: read in a worker, then the columns step. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (f, "stack")), ==, "choose");
  file = g_file_new_for_path (f->path);
  ud_import_dialog_open_file (f->dialog, file);
  wait_page (f, "mapping");

  g_assert_cmpstr (label_text (f, "encoding_value"), ==, "UTF-8 (BOM)");
  g_assert_cmpstr (label_text (f, "rows_value"), ==, "67 rows");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "file_row")), ==, SAMPLE);

  /* 2. The check: a dry run in a worker. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.next", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (f, "stack")), ==, "check");
  summary = child (f, "check_summary");
  timeout = g_timeout_add_seconds (60, timeout_cb, "waiting for the check");
  while (!gtk_widget_get_visible (summary))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (summary)), ==,
                   "60 rows can be imported, 7 have problems");
  problems = G_LIST_MODEL (gtk_list_view_get_model (child (f, "check_problem_list")));
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 7);
  g_assert_cmpuint (count_members (f->t->db), ==, 0);
  g_assert_cmpstr (gtk_button_get_label (child (f, "next_button")), ==, "_Import 60 Rows");

  /* 3. The import, with its progress, then the result. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.next", NULL));
  wait_page (f, "result");

  g_assert_cmpstr (label_text (f, "imported_value"), ==, "60");
  g_assert_cmpstr (label_text (f, "problems_value"), ==, "7");
  g_assert_cmpstr (label_text (f, "skipped_value"), ==, "1");
  g_assert_true (gtk_widget_get_visible (child (f, "save_report_button")));
  problems = G_LIST_MODEL (gtk_list_view_get_model (child (f, "result_problem_list")));
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 7);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (child (f, "import_progress")), ==, 1.0);
  g_assert_cmpuint (count_members (f->t->db), ==, 60);

  /* Done closes the wizard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.next", NULL));
  timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the wizard to close");
  while (f->dialog != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
test_not_a_roster (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->t->dir, "notes.csv", NULL);
  GtkWidget *message;
  guint timeout;

  /* A file without a name or ID column stays on the first step, with the reason. */
  g_assert_true (g_file_set_contents (path, "日期,金额\n2024-01-01,100\n", -1, &error));
  file = g_file_new_for_path (path);
  ud_import_dialog_open_file (f->dialog, file);

  message = child (f, "choose_error");
  timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the file to be read");
  while (!gtk_widget_get_visible (message))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (f, "stack")), ==, "choose");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "日期"));
  g_assert_cmpuint (count_members (f->t->db), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ud/ui/import/sample-roster", Fixture, NULL, fixture_set_up, test_import_sample,
              fixture_tear_down);
  g_test_add ("/ud/ui/import/not-a-roster", Fixture, NULL, fixture_set_up, test_not_a_roster,
              fixture_tear_down);

  return g_test_run ();
}
