/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The fixture the GUI tests of CmTimelineView share: a window with the
 * default dataset in a view, and real input through xdotool, which moves
 * the pointer, clicks, drags, scrolls and types in the X server. */

#include "cm-core.h"
#include "cm-test-gui.h"
#include "cm-native.h"
#include "cm-timeline-view.h"
#include "cm-timeline-view-private.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <math.h>
#include <string.h>

#define WAIT_SECONDS 10
#define WINDOW_WIDTH 1200
#define WINDOW_HEIGHT 400

typedef struct
{
  GtkWindow      *window;
  CmTimelineView *view;
  GtkWidget      *after;      /* a button after the view, for Tab to reach */
  CmDocument     *document;
  CmEventStore   *store;
  CmSession      *session;
  CmSession      *other;      /* another document's, while shown */
  CmViewport     *viewport;   /* the session's shown */
  CmEventFilter  *filter;     /* the session's shown */
  gulong          xid;
  guint           activated;  /* serial of the last ::activate-event */
  guint           n_activated;
} Fixture;

#define WAIT_UNTIL(cond) CM_TEST_WAIT_UNTIL (cond, WAIT_SECONDS)

/* Input reaches GTK through the X server: give it time to arrive and be
 * handled, then let animations finish. */
static inline void
settle (Fixture *f)
{
  cm_test_wait_ms (150);
  WAIT_UNTIL (!_cm_timeline_view_is_animating (f->view));
  /* A frame drawn, then what it scheduled (the scroll bar's update). */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->view));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  cm_test_wait_ms (50);
}

static inline void
xdotool (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static inline void
xdotool (const char *format,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *arguments = NULL;
  g_autofree char *command = NULL;
  int status = 0;
  va_list args;

  va_start (args, format);
  arguments = g_strdup_vprintf (format, args);
  va_end (args);

  command = g_strconcat ("xdotool ", arguments, NULL);
  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_no_error (error);

  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Widget coordinates of the view -> coordinates in its X window. */
static inline void
to_window (Fixture *f,
           double   x,
           double   y,
           int     *wx,
           int     *wy)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (f->view));
  double nx, ny, sx, sy;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (f->view), GTK_WIDGET (native),
                                                   x, y, &nx, &ny));
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_native_get_surface_transform (native, &sx, &sy);

  *wx = (int) round (nx + sx);
  *wy = (int) round (ny + sy);
}

static inline void
pointer_to (Fixture *f,
            double   x,
            double   y)
{
  int wx, wy;

  to_window (f, x, y, &wx, &wy);
  xdotool ("mousemove --window %lu %d %d", f->xid, wx, wy);
}

static inline void
key (Fixture    *f,
     const char *keys)
{
  xdotool ("key --clearmodifiers %s", keys);
  settle (f);
}

static inline CmTime
get_start (Fixture *f)
{
  return cm_viewport_get_start (f->viewport);
}

static inline CmTime
get_end (Fixture *f)
{
  return cm_viewport_get_end (f->viewport);
}

static inline double
get_span (Fixture *f)
{
  return (double) get_end (f) - (double) get_start (f);
}

static inline double
lanes_width (Fixture *f)
{
  return gtk_widget_get_width (GTK_WIDGET (f->view));
}

static inline double
lanes_height (Fixture *f)
{
  return gtk_widget_get_height (GTK_WIDGET (f->view)) - _cm_timeline_view_get_lanes_top (f->view);
}

/* Where @time is on screen now. */
static inline double
x_of (Fixture *f,
      CmTime   time)
{
  return cm_timeline_time_to_x (time, get_start (f), get_end (f), lanes_width (f));
}

static inline double
get_centre (Fixture *f)
{
  return (double) get_start (f) / 2 + (double) get_end (f) / 2;
}

/* The store position of the selected event, or CM_NONE. */
static inline guint
selected_position (Fixture *f)
{
  guint serial = cm_viewport_get_selection (f->viewport);

  return serial != CM_NONE ? cm_event_store_find_serial (f->store, serial) : CM_NONE;
}

static inline void
activate_event_cb (CmTimelineView *view,
                   guint           serial,
                   Fixture        *f)
{
  f->activated = serial;
  f->n_activated++;
}

/* A window a few weeks wide around the summit, the same for every test. */
static inline void
show_summit_weeks (Fixture *f)
{
  CmTime start = cm_time_from_civil (2011, 5, 10, 0, 0, 0);
  CmTime end = cm_time_from_civil (2011, 6, 5, 0, 0, 0);

  cm_viewport_set_window (f->viewport, start, end);
  settle (f);
}

static inline void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  GtkWidget *box;
  GdkSurface *surface;

  f->document = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->document);
  f->store = cm_document_get_store (f->document);
  g_assert_cmpuint (cm_event_store_get_n_events (f->store), >, 10);

  f->session = cm_session_new (f->document);
  f->viewport = cm_session_get_viewport (f->session);
  f->filter = cm_session_get_filter (f->session);

  f->view = CM_TIMELINE_VIEW (cm_timeline_view_new ());
  cm_timeline_view_set_session (f->view, f->session);
  gtk_widget_set_vexpand (GTK_WIDGET (f->view), TRUE);
  g_signal_connect (f->view, "activate-event", G_CALLBACK (activate_event_cb), f);

  f->after = gtk_button_new_with_label ("After");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->view));
  gtk_box_append (GTK_BOX (box), f->after);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (f->window, "test-timeline-view");
  gtk_window_set_default_size (f->window, WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_set_child (f->window, box);
  gtk_window_present (f->window);

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->view)) &&
              gtk_widget_get_width (GTK_WIDGET (f->view)) == WINDOW_WIDTH);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->view));

  surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  f->xid = gdk_x11_surface_get_xid (surface);
  g_assert_cmpuint (f->xid, !=, 0);

  /* Keyboard input goes to the focused X window. */
  xdotool ("windowfocus --sync %lu", f->xid);
  gtk_widget_grab_focus (GTK_WIDGET (f->view));

  show_summit_weeks (f);
}

static inline void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  cm_test_wait_ms (20);
  g_clear_object (&f->other);
  g_clear_object (&f->session);
  g_clear_object (&f->document);
}

/* Shows @document in a session of its own, or the fixture's document again
 * when NULL; f->viewport and f->filter are then that session's. */
static inline void
show_document (Fixture    *f,
               CmDocument *document)
{
  CmSession *session;

  g_clear_object (&f->other);
  if (document != NULL)
    f->other = cm_session_new (document);

  session = f->other != NULL ? f->other : f->session;
  f->viewport = cm_session_get_viewport (session);
  f->filter = cm_session_get_filter (session);
  cm_timeline_view_set_session (f->view, session);
}

/* The first event whose rectangle is on screen and whose centre is its
 * own (not covered by another event). */
static inline guint
find_clickable_event (Fixture *f,
                      double  *cx,
                      double  *cy)
{
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  double top = _cm_timeline_view_get_lanes_top (f->view);

  _cm_timeline_view_ensure_frame (f->view);

  for (guint i = 0; i < cm_event_store_get_n_events (f->store); i++)
    {
      guint serial = cm_event_store_get_serial (f->store, i);
      double x, y, w, h;
      CmTimelineHit hit;

      if (!cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h))
        continue;
      if (x < 20 || x + w > lanes_width (f) - 20 || w < 2 || h < 2)
        continue;
      if (!cm_timeline_renderer_hit_test (renderer, x + w / 2, y + h / 2, &hit) ||
          hit.kind != CM_TIMELINE_HIT_EVENT || hit.serial != serial)
        continue;

      *cx = x + w / 2;
      *cy = y + h / 2 + top;
      return serial;
    }

  return CM_NONE;
}

/* Sets up the test program; FALSE (the caller returns 77, skipped) when
 * the display is no X server for xdotool to drive. */
static inline gboolean
timeline_view_tests_init (int    *argc,
                          char ***argv)
{
  cm_test_init_gui (argc, argv);

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_printerr ("These tests drive an X server with xdotool: run them under xvfb-run.\n");
      return FALSE;
    }

  return TRUE;
}

/* Registers a test case with the fixture. */
#define TIMELINE_VIEW_ADD(path, func) \
  g_test_add ("/timeline-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
