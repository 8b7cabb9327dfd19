/* tests/test-ui-print.c — the printed forms as PDF (read back with pdftotext) and the
 * statistics page drawing its charts, in Simplified Chinese on a real display
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ud-core.h"
#include "ud-form-print.h"
#include "ud-statistics-page.h"
#include "test-form-sample.h"

static gboolean chinese;

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* The text of the PDF at @path, or NULL (the test skipped) without pdftotext. */
static char *
pdf_text (const char *path)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "-layout", "-enc", "UTF-8", path, "-", NULL };
  int status = 0;

  /* UD_TEST_KEEP_PDF=DIR keeps a copy of each PDF there, to look at. */
  if (g_getenv ("UD_TEST_KEEP_PDF") != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *copy = g_build_filename (g_getenv ("UD_TEST_KEEP_PDF"), base, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_get_contents (path, &contents, &length, NULL))
        g_file_set_contents (copy, contents, (gssize) length, NULL);
    }

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return NULL;
    }
  argv[0] = pdftotext;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

/* pdftotext may put spaces between the characters of a wide cell: compare without them. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the PDF text:\n%s", needle, text);
}

static void
test_hardship_file_pdf (void)
{
  FormSample *sample = form_sample_new ();
  g_autofree char *path = g_build_filename (sample->t->dir, "file.pdf", NULL);
  g_autoptr(UdFormLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  layout = ud_form_layout_hardship_file (sample->t->db, sample->file_id, &error);
  g_assert_no_error (error);
  g_assert_true (ud_form_print_layout (NULL, layout, GTK_PRINT_OPERATION_ACTION_EXPORT, path,
                                       &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  text = pdf_text (path);
  if (text == NULL)
    goto out;
  flat = squeeze (text);
  assert_contains (flat, "王强");
  assert_contains (flat, "王小明");
  assert_contains (flat, "KN2026-00001");
  assert_contains (flat, "6222***********0123");
  assert_contains (flat, "情况属实，同意上报");
  if (chinese)
    {
      assert_contains (flat, "困难职工档案登记表");
      assert_contains (flat, "500.00元");
      assert_contains (flat, "签字（盖章）");
      assert_contains (flat, "打印时间");
    }

out:
  form_sample_free (sample);
}

static void
test_medical_relief_pdf (void)
{
  FormSample *sample = form_sample_new ();
  g_autofree char *path = g_build_filename (sample->t->dir, "medical.pdf", NULL);
  g_autoptr(UdFormLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  layout = ud_form_layout_medical_relief (sample->t->db, sample->application_id, &error);
  g_assert_no_error (error);
  g_assert_true (ud_form_print_layout (NULL, layout, GTK_PRINT_OPERATION_ACTION_EXPORT, path,
                                       &error));
  g_assert_no_error (error);

  text = pdf_text (path);
  if (text == NULL)
    goto out;
  flat = squeeze (text);
  assert_contains (flat, "王强");
  assert_contains (flat, "肺癌");
  assert_contains (flat, "15,000.00");
  assert_contains (flat, "人民币陆仟元整");
  if (chinese)
    {
      assert_contains (flat, "医疗救助审批表");
      assert_contains (flat, "6,000.00元");
      assert_contains (flat, "审批意见");
    }

out:
  form_sample_free (sample);
}

/* A household long enough to need a second page: the table heading is repeated there. */
static void
test_page_break (void)
{
  g_autoptr(UdFormLayout) layout = ud_form_layout_new ("长表");
  g_autofree char *dir = g_dir_make_tmp ("ud-print-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  UdFormSection *section;
  UdFormRow *row;

  section = ud_form_layout_add_section (layout, "家庭成员", 2, NULL);
  section->n_repeat_rows = 1;
  row = ud_form_section_add_row (section);
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, "姓名");
  ud_form_row_add_cell (row, UD_FORM_CELL_HEADING, 1, NULL, "备注");
  for (int i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("成员%02d", i);

      row = ud_form_section_add_row (section);
      ud_form_row_add_cell (row, UD_FORM_CELL_CENTRE, 1, NULL, name);
      ud_form_row_add_cell (row, UD_FORM_CELL_VALUE, 1, NULL,
                            i == 0 ? "很长的备注会自动换行，很长的备注会自动换行，很长的备注会自动换行，"
                                     "很长的备注会自动换行，很长的备注会自动换行。" : NULL);
    }

  g_assert_true (ud_form_print_layout (NULL, layout, GTK_PRINT_OPERATION_ACTION_EXPORT, path,
                                       &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  if (text != NULL)
    {
      g_autofree char *flat = squeeze (text);
      g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

      g_assert_cmpuint (g_strv_length (pages), >=, 3);   /* two pages and the end */
      assert_contains (flat, "成员59");
      /* The heading row is on the second page too. */
      assert_contains (pages[1], "姓名");
    }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_statistics_page (void)
{
  FormSample *sample = form_sample_new ();
  GtkWidget *window = gtk_window_new ();
  UdStatisticsPage *page;
  guint timeout;

  page = UD_STATISTICS_PAGE (ud_statistics_page_new (sample->t->db));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  ud_statistics_page_set_year (page, 2026);
  gtk_window_present (GTK_WINDOW (window));

  timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the charts");
  while (ud_statistics_page_is_loading (page)
         || ud_statistics_page_get_files_draws (page) == 0
         || ud_statistics_page_get_aid_draws (page) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  g_assert_cmpint (ud_statistics_page_get_year (page), ==, 2026);

  /* UD_TEST_SCREENSHOT=FILE.png saves the page as drawn, to look at. */
  if (g_getenv ("UD_TEST_SCREENSHOT") != NULL)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;

      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window),
                              gtk_widget_get_height (window));
      node = gtk_snapshot_free_to_node (snapshot);
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                             NULL);
      gdk_texture_save_to_png (texture, g_getenv ("UD_TEST_SCREENSHOT"));
    }
  if (chinese)
    {
      g_assert_nonnull (strstr (ud_statistics_page_get_files_summary (page), "深度困难：1"));
      g_assert_nonnull (strstr (ud_statistics_page_get_aid_summary (page),
                                "医疗救助：提交 1 件，批准 1 件，共 6,000.00 元"));
    }
  else
    g_assert_nonnull (strstr (ud_statistics_page_get_aid_summary (page), "6,000.00"));

  /* Another year: empty, drawn again without complaint. */
  {
    guint draws = ud_statistics_page_get_aid_draws (page);

    ud_statistics_page_set_year (page, 2025);
    timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for 2025");
    while (ud_statistics_page_is_loading (page) || ud_statistics_page_get_aid_draws (page) == draws)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (timeout);
    g_assert_null (strstr (ud_statistics_page_get_aid_summary (page), "6,000.00"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  form_sample_free (sample);
}

int
main (int   argc,
      char *argv[])
{
  /* The forms are for Chinese offices: print them as the zh_CN catalogue says, when the
   * locale is installed (the test still runs in English without it). */
  if (g_getenv ("UD_LOCALEDIR") != NULL && setlocale (LC_ALL, "zh_CN.UTF-8") != NULL)
    {
      g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
      chinese = TRUE;
    }
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ud_core_init_i18n ();

  g_test_add_func ("/ud/ui/print/hardship-file-pdf", test_hardship_file_pdf);
  g_test_add_func ("/ud/ui/print/medical-relief-pdf", test_medical_relief_pdf);
  g_test_add_func ("/ud/ui/print/page-break", test_page_break);
  g_test_add_func ("/ud/ui/print/statistics-page", test_statistics_page);
  return g_test_run ();
}
