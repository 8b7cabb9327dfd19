/* ud-bench.c — startup and memory figures for bench/bench-startup.sh
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ud-bench"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "ud-bench.h"
#include "ud-login-window.h"

typedef struct
{
  GtkWindow     *window;     /* borrowed */
  GtkAdjustment *adjustment; /* borrowed */
  guint          step;
} Bench;

/* Seconds since this process started, from /proc (clock ticks since boot). */
static double
seconds_since_start (void)
{
  g_autofree char *stat = NULL;
  unsigned long long start_ticks = 0;
  struct timespec now;
  const char *after_name;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return -1;

  /* Field 22 is starttime; the name in field 2 may contain spaces, so count after ')'. */
  after_name = strrchr (stat, ')');
  if (after_name == NULL
      || sscanf (after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
                 "%*d %*d %*d %*d %llu", &start_ticks) != 1)
    return -1;

  clock_gettime (CLOCK_BOOTTIME, &now);
  return now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / sysconf (_SC_CLK_TCK);
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;
  long kb = -1;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      && (line = strstr (status, "VmHWM:")) != NULL)
    sscanf (line + 6, "%ld", &kb);

  return kb;
}

static GtkScrolledWindow *
find_list_scroller (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      if (GTK_IS_SCROLLED_WINDOW (child) && gtk_widget_get_mapped (child)
          && GTK_IS_COLUMN_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child))))
        return GTK_SCROLLED_WINDOW (child);

      found = find_list_scroller (child);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
scroll_step (gpointer data)
{
  Bench *bench = data;
  double upper, page;

  if (bench->adjustment == NULL)
    {
      GtkScrolledWindow *scroller = find_list_scroller (GTK_WIDGET (bench->window));

      if (scroller == NULL)
        {
          g_print ("member list not found\n");
          bench->step = 100;
        }
      else
        bench->adjustment = gtk_scrolled_window_get_vadjustment (scroller);
    }

  if (bench->adjustment != NULL && bench->step < 20)
    {
      upper = gtk_adjustment_get_upper (bench->adjustment);
      page = gtk_adjustment_get_page_size (bench->adjustment);
      /* Half the time in the middle, then at the end, like a person dragging the bar. */
      gtk_adjustment_set_value (bench->adjustment,
                                bench->step < 10 ? (upper - page) / 2 : upper - page);
      bench->step++;
      return G_SOURCE_CONTINUE;
    }

  g_print ("peak-rss-kb: %ld\n", peak_rss_kb ());
  fflush (stdout);
  g_application_quit (g_application_get_default ());
  g_free (bench);
  return G_SOURCE_REMOVE;
}

static void
after_paint (GdkFrameClock *clock,
             GtkWindow     *window)
{
  Bench *bench;

  g_signal_handlers_disconnect_by_func (clock, after_paint, window);
  g_print ("first-paint-ms: %.0f\n", seconds_since_start () * 1000.0);
  fflush (stdout);

  bench = g_new0 (Bench, 1);
  bench->window = window;
  g_timeout_add (200, scroll_step, bench);
}

static void
on_realize (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), widget);
}

void
ud_bench_watch_startup (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realize (GTK_WIDGET (window));
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
}

static gboolean
log_in_later (gpointer data)
{
  GtkWindow *login = data;
  const char *user = g_getenv ("UD_BENCH_USER");
  const char *fd_text = g_getenv ("UD_BENCH_PASSWORD_FD");
  g_autoptr(GString) password = g_string_new (NULL);
  int fd = fd_text ? atoi (fd_text) : -1;
  char c;

  if (user == NULL || fd < 0)
    return G_SOURCE_REMOVE;

  while (read (fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (password, c);
  ud_login_window_log_in (UD_LOGIN_WINDOW (login), user, password->str);
  return G_SOURCE_REMOVE;
}

static void
login_after_paint (GdkFrameClock *clock,
                   GtkWindow     *login)
{
  g_signal_handlers_disconnect_by_func (clock, login_after_paint, login);
  g_print ("login-window-ms: %.0f\n", seconds_since_start () * 1000.0);
  fflush (stdout);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, log_in_later, g_object_ref (login), g_object_unref);
}

static void
on_login_realize (GtkWidget *widget)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (login_after_paint), widget);
}

void
ud_bench_watch_login (GtkWindow *login)
{
  g_return_if_fail (UD_IS_LOGIN_WINDOW (login));

  g_signal_connect (login, "realize", G_CALLBACK (on_login_realize), NULL);
}
