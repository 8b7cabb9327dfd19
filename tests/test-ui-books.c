/* tests/test-ui-books.c — the treasurer's books page: funds, summaries and chart from real
 * payouts, the reconciliation clean and then finding an amount changed behind the program's
 * back, a month without payouts, and the exports, on a real display
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "ud-aid-store.h"
#include "ud-aid-store-private.h"
#include "ud-books-page.h"
#include "ud-date.h"
#include "ud-member-store.h"
#include "ud-payout-store.h"
#include "ud-test-ui.h"
#include "ud-test-util.h"
#include "ud-window.h"

#define CHILD(widget, type, ctype, name) \
  ((ctype *) gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

#define ACCOUNT_1 "6222020200112233445"
#define ACCOUNT_2 "6217000010002000300"

typedef struct
{
  UdTestDb        *t;
  UdDatabase      *db;
  const UdAccount *clerk;
  const UdAccount *reviewer;
  const UdAccount *approver;
  const UdAccount *treasurer;
  guint            n_members;
} Fixture;

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
wait_loaded (UdBooksPage *page)
{
  guint timeout = g_timeout_add_seconds (30, timeout_cb, "waiting for the books");

  iterate ();
  while (ud_books_page_is_loading (page))
    g_main_context_iteration (NULL, TRUE);
  iterate ();
  g_source_remove (timeout);
}

/* The first widget under @root named @name that is of @type. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name,
            GType       type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_type_is_a (G_OBJECT_TYPE (child), type)
          && g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name, type)) != NULL)
        return found;
    }
  return NULL;
}

/* The text of the label named @name (a cell of a table), which must be there. */
static const char *
cell (GtkWidget  *page,
      const char *name)
{
  GtkWidget *label = find_named (page, name, GTK_TYPE_LABEL);

  if (label == NULL)
    g_error ("no cell %s", name);
  return gtk_label_get_label (GTK_LABEL (label));
}

static void
setup (Fixture *f)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, 11, 2026);
  ud_date_set_today_for_tests (&today);
  ud_aid_store_set_today (&today);

  f->t = ud_test_db_new ();
  f->db = f->t->db;
  f->clerk = ud_test_account (f->db, "clerk", UD_ROLE_CLERK);
  f->reviewer = ud_test_account (f->db, "reviewer", UD_ROLE_REVIEWER);
  f->approver = ud_test_account (f->db, "approver", UD_ROLE_APPROVER);
  f->treasurer = ud_test_account (f->db, "treasurer", UD_ROLE_TREASURER);
}

static void
teardown (Fixture *f)
{
  g_clear_pointer (&f->t, ud_test_db_free);
  ud_date_set_today_for_tests (NULL);
  ud_aid_store_set_today (NULL);
}

/* A member with an approved temporary relief of @amount fen: clerk, reviewer and approver are
 * three people. The treasurer gives the line its account. Returns the payout line. */
static gint64
approved_line (Fixture    *f,
               const char *name,
               gint64      amount,
               const char *account)
{
  g_autofree char *id_number = ud_test_make_id ("330102", "19800101", ++f->n_members * 2 + 1);
  g_autoptr(UdMember) member = ud_test_member_new (f->db, name, id_number);
  g_autoptr(UdAidApplication) app = ud_aid_application_new (UD_AID_TYPE_TEMPORARY);
  g_autoptr(UdPayout) payout = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ud_member_store_insert (f->db, ud_test_admin (f->db), member, &error));
  g_assert_no_error (error);
  app->member_id = member->id;
  app->requested_fen = amount;
  g_assert_true (ud_aid_store_create (f->db, f->clerk, app, &error));
  g_assert_true (ud_aid_store_submit (f->db, f->clerk, app->id, &error));
  g_assert_true (ud_aid_store_review (f->db, f->reviewer, app->id, NULL, &error));
  g_assert_true (ud_aid_store_approve (f->db, f->approver, app->id, -1, NULL, &error));
  g_assert_no_error (error);

  payout = ud_payout_store_get_for_source (f->db, UD_PAYOUT_SOURCE_AID, app->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payout);
  g_assert_cmpint (payout->amount_fen, ==, amount);
  g_assert_true (ud_payout_store_set_account (f->db, f->treasurer, payout->id, "工商银行",
                                              account, NULL, NULL, &error));
  g_assert_no_error (error);
  return payout->id;
}

/* Two approvals of 1,500.00 and 800.00 yuan; the first is batched, exported and paid. */
static void
make_payouts (Fixture *f)
{
  gint64 paid_id = approved_line (f, "张三", 150000, ACCOUNT_1);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->t->dir, "batch.csv", NULL);
  gint64 batch_id = 0;
  GDate paid;

  approved_line (f, "李四", 80000, ACCOUNT_2);
  g_assert_true (ud_payout_store_create_batch (f->db, f->treasurer, &paid_id, 1, NULL,
                                               &batch_id, &error));
  g_assert_no_error (error);
  g_assert_true (ud_payout_store_export_batch (f->db, f->treasurer, batch_id, csv,
                                               UD_PAYOUT_FILE_CSV, &error));
  g_assert_no_error (error);
  g_date_clear (&paid, 1);
  g_date_set_dmy (&paid, 20, 11, 2026);
  g_assert_true (ud_payout_store_record_paid (f->db, f->treasurer, paid_id, "V0001", &paid,
                                              &error));
  g_assert_no_error (error);
  g_unlink (csv);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
export_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

/* Exports through the page as its buttons do; returns the first bytes of the file. */
static char *
export (UdBooksPage   *page,
        UdBooksFormat  format,
        const char    *path)
{
  guint timeout = g_timeout_add_seconds (30, timeout_cb, "waiting for the export");
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  char *contents = NULL;
  gsize length = 0;

  ud_books_page_export_async (page, format, path, NULL, export_done, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_assert_true (ud_books_page_export_finish (page, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 500);
  return contents;
}

static void
test_books (void)
{
  Fixture f = { 0 };
  UdWindow *window;
  UdBooksPage *page;
  GtkWidget *row;
  g_autofree char *pdf = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *xlsx_path = NULL;
  g_autoptr(GError) error = NULL;

  setup (&f);
  make_payouts (&f);

  /* The treasurer opens the books: this month, November 2026. */
  window = ud_window_new (NULL, f.db, f.treasurer);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  g_assert_true (ud_window_show_section (window, "books"));
  page = UD_BOOKS_PAGE (ud_window_get_page (window, "books"));
  g_assert_true (UD_IS_BOOKS_PAGE (page));
  g_assert_cmpint (ud_books_page_get_year (page), ==, 2026);
  g_assert_cmpint (ud_books_page_get_month (page), ==, 11);
  wait_loaded (page);

  /* Approved 2,300.00 in two lines, paid 1,500.00, outstanding 800.00, all from the central
   * hardship funds (the fund of aid unless the treasurer chooses another). */
  g_assert_cmpstr (cell (GTK_WIDGET (page), "funds:total:n_approved"), ==, "2");
  g_assert_cmpstr (cell (GTK_WIDGET (page), "funds:total:approved"), ==, "2,300.00");
  g_assert_cmpstr (cell (GTK_WIDGET (page), "funds:total:n_paid"), ==, "1");
  g_assert_cmpstr (cell (GTK_WIDGET (page), "funds:total:paid"), ==, "1,500.00");
  g_assert_cmpstr (cell (GTK_WIDGET (page), "funds:total:outstanding"), ==, "800.00");
  g_assert_cmpstr (cell (GTK_WIDGET (page), "funds:central_hardship:approved"), ==, "2,300.00");
  g_assert_cmpstr (cell (GTK_WIDGET (page), "funds:central_hardship:paid"), ==, "1,500.00");
  g_assert_cmpstr (cell (GTK_WIDGET (page), "funds:donations:approved"), ==, "0.00");
  g_assert_cmpstr (cell (GTK_WIDGET (page), "categories:aid:temporary:approved"), ==,
                   "2,300.00");
  g_assert_cmpstr (cell (GTK_WIDGET (page), "groups:total:paid"), ==, "1,500.00");
  g_assert_false (gtk_widget_get_visible (CHILD (page, UD_TYPE_BOOKS_PAGE, GtkWidget,
                                                 "empty_box")));
  g_assert_true (gtk_widget_get_visible (CHILD (page, UD_TYPE_BOOKS_PAGE, GtkWidget,
                                                "funds_section")));

  /* The chart's figures as text. */
  g_assert_nonnull (strstr (ud_books_page_get_chart_summary (page), "2,300.00"));
  g_assert_nonnull (strstr (ud_books_page_get_chart_summary (page), "1,500.00"));

  /* Clean: the empty row, no difference. */
  g_assert_cmpuint (ud_books_page_get_n_differences (page), ==, 0);
  row = find_named (GTK_WIDGET (page), "no-differences", ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "No differences");
  g_assert_null (find_named (GTK_WIDGET (page), "difference", ADW_TYPE_ACTION_ROW));

  /* Exports of the books shown. */
  pdf_path = g_build_filename (f.t->dir, "books.pdf", NULL);
  pdf = export (page, UD_BOOKS_FORMAT_PDF, pdf_path);
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));
  xlsx_path = g_build_filename (f.t->dir, "books.xlsx", NULL);
  xlsx = export (page, UD_BOOKS_FORMAT_XLSX, xlsx_path);
  g_assert_true (g_str_has_prefix (xlsx, "PK"));

  /* Someone changes amounts behind the program's back: the page reloads and lists it. */
  g_assert_true (ud_database_exec (f.db, "UPDATE payout SET amount_fen = amount_fen + 1",
                                   &error));
  g_assert_no_error (error);
  ud_database_notify_changed (f.db, "payout");
  g_assert_true (ud_books_page_is_loading (page));
  wait_loaded (page);
  g_assert_cmpuint (ud_books_page_get_n_differences (page), >=, 2);
  g_assert_null (find_named (GTK_WIDGET (page), "no-differences", ADW_TYPE_ACTION_ROW));
  row = find_named (GTK_WIDGET (page), "difference", ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                            "1,500.01"));
  g_assert_nonnull (strstr (gtk_label_get_label (CHILD (page, UD_TYPE_BOOKS_PAGE, GtkLabel,
                                                        "reconciliation_heading")),
                            "differences"));

  /* The PDF of the books as they are now. */
  g_unlink (pdf_path);
  g_clear_pointer (&pdf, g_free);
  pdf = export (page, UD_BOOKS_FORMAT_PDF, pdf_path);
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));

  /* October: nothing approved, paid or outstanding. */
  ud_books_page_set_period (page, 2026, 10);
  wait_loaded (page);
  g_assert_true (gtk_widget_get_visible (CHILD (page, UD_TYPE_BOOKS_PAGE, GtkWidget,
                                                "empty_box")));
  g_assert_false (gtk_widget_get_visible (CHILD (page, UD_TYPE_BOOKS_PAGE, GtkWidget,
                                                 "funds_section")));
  /* The reconciliation is of all time. */
  g_assert_cmpuint (ud_books_page_get_n_differences (page), >=, 2);

  /* The whole year. */
  ud_books_page_set_period (page, 2026, 0);
  wait_loaded (page);
  g_assert_false (gtk_widget_get_visible (CHILD (page, UD_TYPE_BOOKS_PAGE, GtkWidget,
                                                 "empty_box")));
  g_assert_cmpstr (cell (GTK_WIDGET (page), "funds:total:paid"), ==, "1,500.01");

  destroy_and_wait (GTK_WIDGET (window));
  g_unlink (pdf_path);
  g_unlink (xlsx_path);
  teardown (&f);
}

/* Every role may read the books: a clerk sees the section. */
static void
test_clerk_reads (void)
{
  Fixture f = { 0 };
  UdWindow *window;
  UdBooksPage *page;

  setup (&f);
  window = ud_window_new (NULL, f.db, f.clerk);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  g_assert_true (ud_window_show_section (window, "books"));
  page = UD_BOOKS_PAGE (ud_window_get_page (window, "books"));
  wait_loaded (page);
  g_assert_true (gtk_widget_get_visible (CHILD (page, UD_TYPE_BOOKS_PAGE, GtkWidget,
                                                "empty_box")));
  g_assert_nonnull (find_named (GTK_WIDGET (page), "no-differences", ADW_TYPE_ACTION_ROW));

  destroy_and_wait (GTK_WIDGET (window));
  teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ud_password_use_test_cost ();

  g_test_add_func ("/ud/ui/books/figures-and-reconciliation", test_books);
  g_test_add_func ("/ud/ui/books/clerk-reads", test_clerk_reads);

  return g_test_run ();
}
