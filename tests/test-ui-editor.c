/* tests/test-ui-editor.c — the member editor on a real display: a wrong check character is shown
 * beside the ID number, what was typed stays and nothing is written; corrected, the member is
 * saved. A live membership elsewhere is named in the error.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "ud-form.h"
#include "ud-mask.h"
#include "ud-member-detail.h"
#include "ud-member-editor.h"
#include "ud-member-query.h"
#include "ud-member-store.h"
#include "ud-org.h"
#include "ud-status-dialog.h"
#include "ud-test-util.h"
#include "ud-window.h"

typedef struct
{
  UdTestDb       *t;
  GtkWidget      *parent;    /* a window standing in for the main window */
  UdMemberEditor *editor;    /* GTK owns it; NULL once it is gone (weak pointer) */
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static void
settle (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GtkWidget *widget = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->editor),
                                                                 UD_TYPE_MEMBER_EDITOR, name));

  g_assert_nonnull (widget);
  return widget;
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

static gpointer
find_window (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static UdMemberEditor *
find_editor (void)
{
  return find_window (UD_TYPE_MEMBER_EDITOR);
}

static void
wait_gone (gpointer    *window,
           const char  *what)
{
  guint timeout = g_timeout_add_seconds (20, timeout_cb, (gpointer) what);

  while (*window != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

/* Presses Save as a person would; "clicked" directly, since gtk_widget_activate() on a button
 * waits 250 ms. */
static void
press_save (Fixture *f)
{
  g_signal_emit_by_name (child (f, "save_button"), "clicked");
  settle ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->t = ud_test_db_new ();

  /* The main window: the editor acts as the account logged in there. */
  f->parent = GTK_WIDGET (ud_window_new (NULL, f->t->db, ud_test_admin (f->t->db)));
  gtk_window_present (GTK_WINDOW (f->parent));

  ud_member_editor_present (f->parent, f->t->db, 0);
  f->editor = find_editor ();
  g_assert_nonnull (f->editor);
  g_object_add_weak_pointer (G_OBJECT (f->editor), (gpointer *) &f->editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->editor)) == GTK_WINDOW (f->parent));
  settle ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *parent = f->parent;
  guint timeout = g_timeout_add_seconds (20, timeout_cb, "waiting for the windows to go");

  if (f->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (f->editor));
  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &parent);
  gtk_window_destroy (GTK_WINDOW (f->parent));
  while (f->editor != NULL || parent != NULL || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, f->editor != NULL || parent != NULL);
  g_source_remove (timeout);

  g_clear_pointer (&f->t, ud_test_db_free);
}

static void
test_bad_check_character (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *good = ud_test_make_id ("110105", "19700312", 17);
  g_autofree char *bad = g_strdup (good);
  g_autoptr(UdMember) saved = NULL;
  GtkWidget *name_row = child (f, "name_row");
  GtkWidget *id_row = child (f, "id_number_row");
  GtkWidget *label;

  /* A wrong check character: any other digit. */
  bad[17] = good[17] == '0' ? '1' : '0';

  gtk_editable_set_text (GTK_EDITABLE (name_row), "林晓梅");
  gtk_editable_set_text (GTK_EDITABLE (id_row), bad);
  press_save (f);

  /* The editor stays, with the error under the ID number field, naming it. */
  g_assert_nonnull (f->editor);
  label = ud_form_get_error_label (id_row);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_visible (label));
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "ID number"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "check character"));
  g_assert_true (gtk_widget_has_css_class (id_row, "error"));
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));

  /* What was typed is kept exactly, and nothing was written. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (id_row)), ==, bad);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "林晓梅");
  g_assert_cmpuint (count_members (f->t->db), ==, 0);

  /* Correcting it clears the error as it is typed; Save then writes one member and closes. */
  gtk_editable_set_text (GTK_EDITABLE (id_row), good);
  g_assert_false (gtk_widget_has_css_class (id_row, "error"));
  g_assert_false (gtk_widget_is_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "sex_value"))), ==, "Male");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "birth_date_value"))), ==,
                   "1970-03-12");

  press_save (f);
  wait_gone ((gpointer *) &f->editor, "waiting for the editor to close");

  g_assert_cmpuint (count_members (f->t->db), ==, 1);
  saved = ud_member_store_find_live (f->t->db, good, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved->name, ==, "林晓梅");
  g_assert_cmpint (saved->org_id, ==, ud_database_get_office_org_id (f->t->db));
}

static void
test_live_membership_named (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id_number = ud_test_make_id ("330102", "19851105", 24);
  g_autoptr(UdMember) existing = ud_test_member_new (f->t->db, "周建华", id_number);
  g_autoptr(GError) error = NULL;
  GtkWidget *id_row = child (f, "id_number_row");
  const char *message;

  g_assert_true (ud_member_store_insert (f->t->db, ud_test_admin (f->t->db), existing, &error));
  g_assert_no_error (error);

  gtk_editable_set_text (GTK_EDITABLE (child (f, "name_row")), "周建华");
  gtk_editable_set_text (GTK_EDITABLE (id_row), id_number);
  press_save (f);

  /* Who holds the ID, and where. */
  g_assert_nonnull (f->editor);
  g_assert_true (gtk_widget_has_css_class (id_row, "error"));
  message = gtk_label_get_text (GTK_LABEL (ud_form_get_error_label (id_row)));
  g_assert_nonnull (strstr (message, "周建华"));
  g_assert_nonnull (strstr (message, existing->org_name));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (id_row)), ==, id_number);
  g_assert_cmpuint (count_members (f->t->db), ==, 1);
}

static void
test_errors_beside_their_fields (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *id_number = ud_test_make_id ("440305", "19900101", 5);
  GtkWidget *mobile_row = child (f, "mobile_row");
  GtkWidget *join_row = child (f, "join_date_row");
  GtkWidget *name_row = child (f, "name_row");

  /* Nothing typed: the name is asked for; the mobile number and join date are not wrong. */
  gtk_editable_set_text (GTK_EDITABLE (join_row), "");
  press_save (f);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_true (gtk_widget_has_css_class (child (f, "id_number_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (mobile_row, "error"));

  gtk_editable_set_text (GTK_EDITABLE (name_row), "陈海英");
  gtk_editable_set_text (GTK_EDITABLE (child (f, "id_number_row")), id_number);
  gtk_editable_set_text (GTK_EDITABLE (mobile_row), "1380013800");
  gtk_editable_set_text (GTK_EDITABLE (join_row), "2023-02-30");
  press_save (f);

  g_assert_nonnull (f->editor);
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  g_assert_true (gtk_widget_has_css_class (mobile_row, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (ud_form_get_error_label (mobile_row))),
                            "Mobile number"));
  g_assert_true (gtk_widget_has_css_class (join_row, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (ud_form_get_error_label (join_row))),
                            "Join date"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mobile_row)), ==, "1380013800");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (join_row)), ==, "2023-02-30");
  g_assert_cmpuint (count_members (f->t->db), ==, 0);
}

static GtkWidget *
detail_child (UdMemberDetail *detail,
              const char     *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (detail), UD_TYPE_MEMBER_DETAIL,
                                                    name));
}

static guint
history_rows (UdMemberDetail *detail)
{
  GtkWidget *list = detail_child (detail, "history_list");
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* The first label under @root showing @text. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static UdStatusDialog *
open_status_dialog (UdMemberDetail *detail,
                    const char     *event)
{
  UdStatusDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "member.change-status", "s",
                                             event));
  dialog = find_window (UD_TYPE_STATUS_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (detail));
  return dialog;
}

/* The member's window: masked numbers with a show toggle, a status change that needs a reason,
 * a transfer, and a correction made in the editor, all in the history. */
static void
test_detail_status_and_correction (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *id_number = ud_test_make_id ("330105", "19880808", 31);
  g_autoptr(UdMember) member = ud_test_member_new (f->t->db, "吴春华", id_number);
  g_autoptr(UdOrg) branch = ud_org_new ();
  g_autoptr(UdMember) stored = NULL;
  g_autoptr(GError) error = NULL;
  UdMemberDetail *detail;
  UdStatusDialog *dialog;
  GtkWidget *reason_row;
  g_autofree char *masked = NULL;
  GtkLabel *id_label;

  /* The fixture's new-member editor is not needed here. */
  gtk_window_destroy (GTK_WINDOW (f->editor));
  wait_gone ((gpointer *) &f->editor, "waiting for the editor to close");

  member->mobile = g_strdup ("13326991023");
  g_assert_true (ud_member_store_insert (f->t->db, ud_test_admin (f->t->db), member, &error));
  g_assert_no_error (error);
  branch->parent_id = ud_database_get_office_org_id (f->t->db);
  branch->name = g_strdup ("和平街街道总工会");
  branch->kind = UD_ORG_KIND_STREET;
  g_assert_true (ud_org_insert (f->t->db, ud_test_admin (f->t->db), branch, &error));
  g_assert_no_error (error);

  ud_member_detail_present (f->parent, f->t->db, member->id);
  detail = find_window (UD_TYPE_MEMBER_DETAIL);
  g_assert_nonnull (detail);
  g_object_add_weak_pointer (G_OBJECT (detail), (gpointer *) &detail);
  g_assert_cmpint (ud_member_detail_get_member_id (detail), ==, member->id);
  g_assert_cmpuint (history_rows (detail), ==, 1);

  /* The ID number is masked until asked for. */
  masked = ud_mask_id_number (id_number);
  id_label = find_label (detail_child (detail, "person_group"), masked);
  g_assert_nonnull (id_label);
  g_assert_cmpstr (gtk_label_get_text (id_label), ==, masked);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (detail_child (detail, "reveal_button")), TRUE);
  g_assert_cmpstr (gtk_label_get_text (id_label), ==, id_number);

  /* Lapsing needs a reason: the error is on the reason field and nothing changes. */
  dialog = open_status_dialog (detail, "lapse");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  reason_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                          UD_TYPE_STATUS_DIALOG, "reason_row"));
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (dialog), UD_TYPE_STATUS_DIALOG,
                                                        "apply_button"),
                         "clicked");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_has_css_class (reason_row, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (ud_form_get_error_label (reason_row))),
                            "Reason"));
  stored = ud_member_store_get (f->t->db, member->id, NULL);
  g_assert_cmpint (stored->status, ==, UD_MEMBER_STATUS_ACTIVE);
  g_clear_pointer (&stored, ud_member_free);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_gone ((gpointer *) &dialog, "waiting for the status dialog to close");

  /* A transfer to the branch: saved, and the detail shows it. */
  dialog = open_status_dialog (detail, "transfer_out");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (dialog), UD_TYPE_STATUS_DIALOG,
                                                        "apply_button"),
                         "clicked");
  wait_gone ((gpointer *) &dialog, "waiting for the status dialog to close");
  stored = ud_member_store_get (f->t->db, member->id, NULL);
  g_assert_cmpint (stored->status, ==, UD_MEMBER_STATUS_TRANSFER_PENDING);
  g_assert_cmpint (stored->transfer_org_id, ==, branch->id);
  g_clear_pointer (&stored, ud_member_free);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (detail_child (detail,
                                                                                "window_title"))),
                   ==, "Transfer pending");
  g_assert_cmpuint (history_rows (detail), ==, 2);

  /* A correction from the editor: the detail follows, with a third history entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "member.edit", NULL));
  f->editor = find_editor ();
  g_assert_nonnull (f->editor);
  g_object_add_weak_pointer (G_OBJECT (f->editor), (gpointer *) &f->editor);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "id_number_row"))), ==,
                   id_number);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "mobile_row")), "135 0000 2222");
  gtk_editable_set_text (GTK_EDITABLE (child (f, "reason_row")), "本人申请更正");
  press_save (f);
  wait_gone ((gpointer *) &f->editor, "waiting for the editor to close");

  stored = ud_member_store_get (f->t->db, member->id, NULL);
  g_assert_cmpstr (stored->mobile, ==, "13500002222");
  g_assert_cmpuint (history_rows (detail), ==, 3);

  gtk_window_destroy (GTK_WINDOW (detail));
  wait_gone ((gpointer *) &detail, "waiting for the detail to close");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ud/ui/editor/bad-check-character", test_bad_check_character);
  ADD ("/ud/ui/editor/live-membership-named", test_live_membership_named);
  ADD ("/ud/ui/editor/errors-beside-their-fields", test_errors_beside_their_fields);
  ADD ("/ud/ui/editor/detail-status-and-correction", test_detail_status_and_correction);
#undef ADD

  return g_test_run ();
}
