/* ud-test-ui.h — what the UI tests do to real windows: let the main loop settle, find windows and
 * template children, click, type, look for text, close a window and wait for it to go
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Static inline: each test includes what it uses, written once. */
#pragma once

#include <string.h>

#include <adwaita.h>

G_BEGIN_DECLS

static inline gboolean
ud_test_ui_timed_out (gpointer data)
{
  g_error ("Timed out: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until nothing is pending. */
static inline void
settle (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The first visible toplevel window of @type, or NULL. */
static inline gpointer
find_window (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* The template child @name of @widget (of the template class @type); asserts it exists. */
static inline GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GtkWidget *found = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name));

  g_assert_nonnull (found);
  return found;
}

/* Destroys @window and runs the main loop until it is finalized (20 s at most). */
static inline void
destroy_and_wait (gpointer window)
{
  guint timeout = g_timeout_add_seconds (20, ud_test_ui_timed_out, "waiting for a window to go");

  g_object_add_weak_pointer (G_OBJECT (window), &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, window != NULL);
  g_source_remove (timeout);
}

/* Clicks @button (visible and sensitive), then settles. "clicked" is emitted directly:
 * gtk_widget_activate() emits it only after 250 ms (UI-TESTING.md). */
static inline void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  settle ();
}

/* Replaces the text of @editable, then settles. */
static inline void
type_text (GtkWidget  *editable,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  settle ();
}

/* Whether a label under @root shows exactly @text (shows_label) or a text containing it
 * (shows_text). */
static inline gboolean
ud_test_ui_shows (GtkWidget  *root,
                  const char *text,
                  gboolean    exact)
{
  if (GTK_IS_LABEL (root))
    {
      const char *shown = gtk_label_get_text (GTK_LABEL (root));

      if (exact ? g_strcmp0 (shown, text) == 0 : strstr (shown, text) != NULL)
        return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (ud_test_ui_shows (c, text, exact))
      return TRUE;
  return FALSE;
}

static inline gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  return ud_test_ui_shows (root, text, TRUE);
}

static inline gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  return ud_test_ui_shows (root, text, FALSE);
}

G_END_DECLS
