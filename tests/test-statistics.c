/* tests/test-statistics.c — counts of hardship files in force and sums of aid by type and
 * month on a small database, and their XLSX export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib/gstdio.h>

#include "ud-statistics.h"
#include "test-form-sample.h"

static GDate
day (int year,
     int month,
     int d)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) month, (GDateYear) year);
  return date;
}

static void
test_files (void)
{
  FormSample *sample = form_sample_new ();
  UdDatabase *db = sample->t->db;
  g_autofree char *other_id = ud_test_make_id ("330102", "19750505", 55);
  g_autofree char *third_id = ud_test_make_id ("330102", "19700707", 77);
  g_autoptr(GError) error = NULL;
  UdFileStatistics files;
  gint64 other_file, third;
  GDate date;

  /* A second file (laid off), and a third left as a draft. */
  other_file = form_sample_filed_file (sample, form_sample_member (db, "赵敏", other_id),
                                       UD_HARDSHIP_CAUSE_LAID_OFF, NULL);
  third = form_sample_member (db, "钱进", third_id);
  {
    g_autoptr(UdHardshipFile) draft = ud_hardship_file_new ();

    draft->member_id = third;
    draft->main_cause = UD_HARDSHIP_CAUSE_UNEMPLOYED;
    g_assert_true (ud_hardship_store_create (db, ud_test_account (db, "clerk", UD_ROLE_CLERK),
                                             draft, &error));
    g_assert_no_error (error);
  }

  /* Before filing: none. */
  date = day (2026, 3, 6);
  g_assert_true (ud_statistics_files (db, &date, &files, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (files.on_date, ==, "2026-03-06");
  g_assert_cmpuint (files.total, ==, 0);

  date = day (2026, 3, 7);
  g_assert_true (ud_statistics_files (db, &date, &files, &error));
  g_assert_cmpuint (files.total, ==, 2);
  /* 王强's household is in deep hardship; 赵敏 alone on 1,500 yuan a month is relative. */
  g_assert_cmpuint (files.by_category[UD_HARDSHIP_CATEGORY_DEEP], ==, 1);
  g_assert_cmpuint (files.by_category[UD_HARDSHIP_CATEGORY_RELATIVE], ==, 1);
  g_assert_cmpuint (files.by_cause[UD_HARDSHIP_CAUSE_MAJOR_ILLNESS], ==, 1);
  g_assert_cmpuint (files.by_cause[UD_HARDSHIP_CAUSE_LAID_OFF], ==, 1);
  g_assert_cmpuint (files.by_cause[UD_HARDSHIP_CAUSE_UNEMPLOYED], ==, 0);

  /* The second household leaves on 2026-06-01: still counted the day before. */
  form_sample_set_today (2026, 6, 1);
  g_assert_true (ud_hardship_store_exit (db, ud_test_account (db, "reviewer", UD_ROLE_REVIEWER),
                                         other_file, UD_HARDSHIP_EXIT_MOVED_AWAY, "迁往外地",
                                         &error));
  g_assert_no_error (error);
  date = day (2026, 5, 31);
  g_assert_true (ud_statistics_files (db, &date, &files, &error));
  g_assert_cmpuint (files.total, ==, 2);
  date = day (2026, 6, 1);
  g_assert_true (ud_statistics_files (db, &date, &files, &error));
  g_assert_cmpuint (files.total, ==, 1);
  g_assert_cmpuint (files.by_cause[UD_HARDSHIP_CAUSE_LAID_OFF], ==, 0);

  form_sample_free (sample);
}

static void
test_aid (void)
{
  FormSample *sample = form_sample_new ();
  UdDatabase *db = sample->t->db;
  g_autoptr(GError) error = NULL;
  UdAidStatistics aid;

  /* A second medical application submitted in May and not yet decided. */
  form_sample_set_today (2026, 5, 3);
  {
    g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_MEDICAL);
    UdMedicalClaim *claim = ud_medical_claim_new ();

    app->year = 2026;
    app->file_id = sample->file_id;
    claim->patient_name = g_strdup ("王强");
    claim->patient_id_number = g_strdup (sample->worker_id);
    claim->diagnosis = g_strdup ("复查");
    claim->hospital = g_strdup ("浙江省人民医院");
    claim->kind = UD_MEDICAL_KIND_OUTPATIENT;
    claim->admitted_date = g_strdup ("2026-05-02");
    claim->total_fen = 100000;
    g_ptr_array_add (app->claims, claim);
    g_assert_true (ud_aid_store_create (db, ud_test_account (db, "clerk", UD_ROLE_CLERK), app,
                                        &error));
    g_assert_no_error (error);
    g_assert_true (ud_aid_store_submit (db, ud_test_account (db, "clerk", UD_ROLE_CLERK),
                                        app->id, &error));
    g_assert_no_error (error);
  }

  g_assert_true (ud_statistics_aid (db, 2026, &aid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (aid.year, ==, 2026);
  g_assert_cmpuint (aid.applications[UD_AID_TYPE_MEDICAL][3], ==, 1);   /* April */
  g_assert_cmpuint (aid.applications[UD_AID_TYPE_MEDICAL][4], ==, 1);   /* May */
  g_assert_cmpuint (aid.approved[UD_AID_TYPE_MEDICAL][3], ==, 1);
  g_assert_cmpint (aid.approved_fen[UD_AID_TYPE_MEDICAL][3], ==, 600000);
  g_assert_cmpint (aid.approved_fen[UD_AID_TYPE_MEDICAL][4], ==, 0);
  g_assert_cmpuint (ud_aid_statistics_applications_total (&aid, UD_AID_TYPE_MEDICAL), ==, 2);
  g_assert_cmpint (ud_aid_statistics_approved_total (&aid, UD_AID_TYPE_MEDICAL), ==, 600000);
  g_assert_cmpint (ud_aid_statistics_approved_total (&aid, UD_AID_TYPE_LIVING), ==, 0);
  g_assert_cmpint (ud_aid_statistics_month_total (&aid, 3), ==, 600000);

  /* Another year is empty. */
  g_assert_true (ud_statistics_aid (db, 2025, &aid, &error));
  g_assert_cmpuint (ud_aid_statistics_applications_total (&aid, UD_AID_TYPE_MEDICAL), ==, 0);

  form_sample_free (sample);
}

static void
loaded (GObject      *source_object,
        GAsyncResult *result,
        gpointer      user_data)
{
  UdStatistics **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ud_statistics_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
exported (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_statistics_export_xlsx_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_load_and_export (void)
{
  FormSample *sample = form_sample_new ();
  g_autofree UdStatistics *statistics = NULL;
  g_autofree char *path = g_build_filename (sample->t->dir, "statistics.xlsx", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gsize length = 0;
  guint n_files = 0;

  ud_statistics_load_async (sample->t->db, 2026, NULL, loaded, &statistics);
  while (statistics == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (statistics->aid.approved_fen[UD_AID_TYPE_MEDICAL][3], ==, 600000);
  /* 2026 has not ended: files are counted as of today (after the filing). */
  g_assert_cmpuint (statistics->files.total, ==, 1);

  ud_statistics_export_xlsx_async (statistics, path, NULL, exported, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (contents, "PK", 2) == 0);

  /* No temporary file is left beside it. */
  dir = g_dir_open (sample->t->dir, 0, &error);
  g_assert_no_error (error);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    if (g_str_has_prefix (name, ".statistics"))
      n_files++;
  g_assert_cmpuint (n_files, ==, 0);

  /* An unwritable place is an error, not a crash. */
  g_assert_false (ud_statistics_export_xlsx (statistics, "/nonexistent/dir/x.xlsx", &error));
  g_assert_nonnull (error);

  form_sample_free (sample);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ud/statistics/files", test_files);
  g_test_add_func ("/ud/statistics/aid", test_aid);
  g_test_add_func ("/ud/statistics/load-and-export", test_load_and_export);
  return g_test_run ();
}
