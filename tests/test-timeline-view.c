/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of CmTimelineView: run under xvfb-run. Input is real: xdotool
 * moves the pointer, clicks, drags, scrolls and types in the X server. */
#include "config.h"

#include "cm-core.h"
#include "cm-test-util.h"
#include "cm-native.h"
#include "cm-timeline-view.h"
#include "cm-timeline-view-private.h"
#include "cm-ui-resources.h"

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
  CmSession      *session;
  CmSession      *other;      /* another document's, while shown */
  CmDocument     *document;
  CmEventStore   *store;
  CmViewport     *viewport;   /* the session's shown */
  CmEventFilter  *filter;     /* the session's shown */
  gulong          xid;
  guint           activated;  /* serial of the last ::activate-event */
  guint           n_activated;
} Fixture;

#define WAIT_UNTIL(cond) CM_TEST_WAIT_UNTIL (cond, WAIT_SECONDS)

/* Input reaches GTK through the X server: give it time to arrive and be
 * handled, then let animations finish. */
static void
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

static void
xdotool (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static void
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
static void
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

static void
pointer_to (Fixture *f,
            double   x,
            double   y)
{
  int wx, wy;

  to_window (f, x, y, &wx, &wy);
  xdotool ("mousemove --window %lu %d %d", f->xid, wx, wy);
}

static void
key (Fixture    *f,
     const char *keys)
{
  xdotool ("key --clearmodifiers %s", keys);
  settle (f);
}

static CmTime
get_start (Fixture *f)
{
  return cm_viewport_get_start (f->viewport);
}

static CmTime
get_end (Fixture *f)
{
  return cm_viewport_get_end (f->viewport);
}

static double
get_span (Fixture *f)
{
  return (double) get_end (f) - (double) get_start (f);
}

static double
lanes_width (Fixture *f)
{
  return gtk_widget_get_width (GTK_WIDGET (f->view));
}

static double
lanes_height (Fixture *f)
{
  return gtk_widget_get_height (GTK_WIDGET (f->view)) - _cm_timeline_view_get_lanes_top (f->view);
}

/* Where @time is on screen now. */
static double
x_of (Fixture *f,
      CmTime   time)
{
  return cm_timeline_time_to_x (time, get_start (f), get_end (f), lanes_width (f));
}

static double
get_centre (Fixture *f)
{
  return (double) get_start (f) / 2 + (double) get_end (f) / 2;
}

/* The store position of the selected event, or CM_NONE. */
static guint
selected_position (Fixture *f)
{
  guint serial = cm_viewport_get_selection (f->viewport);

  return serial != CM_NONE ? cm_event_store_find_serial (f->store, serial) : CM_NONE;
}

static void
activate_event_cb (CmTimelineView *view,
                   guint           serial,
                   Fixture        *f)
{
  f->activated = serial;
  f->n_activated++;
}

/* A window a few weeks wide around the summit, the same for every test. */
static void
show_summit_weeks (Fixture *f)
{
  CmTime start = cm_time_from_civil (2011, 5, 10, 0, 0, 0);
  CmTime end = cm_time_from_civil (2011, 6, 5, 0, 0, 0);

  cm_viewport_set_window (f->viewport, start, end);
  settle (f);
}

static void
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

static void
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
static void
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
static guint
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

/* Input ------------------------------------------------------------------- */

static void
test_scroll_pans (Fixture       *f,
                  gconstpointer  data)
{
  CmTime start = get_start (f), end = get_end (f);
  CmTime width = end - start;
  double span = get_span (f);

  pointer_to (f, 600, 200);
  settle (f);

  /* One notch down: a tenth of the width later. */
  xdotool ("click 5");
  settle (f);
  g_assert_cmpfloat_with_epsilon ((double) (get_start (f) - start), span * 0.1, 1.0);
  g_assert_cmpint (get_end (f) - get_start (f), ==, end - start);

  /* Two notches up: a tenth earlier than where it began. */
  xdotool ("click --repeat 2 --delay 30 4");
  settle (f);
  g_assert_cmpfloat_with_epsilon ((double) (get_start (f) - start), -span * 0.1, 2.0);

  /* Horizontal: right is later. */
  start = get_start (f);
  xdotool ("click 7");
  settle (f);
  g_assert_cmpfloat_with_epsilon ((double) (get_start (f) - start), span * 0.1, 1.0);
  g_assert_cmpint (get_end (f) - get_start (f), ==, width);
}

static void
test_ctrl_scroll_zooms (Fixture       *f,
                        gconstpointer  data)
{
  const double x = 300;
  double width = lanes_width (f);
  double span = get_span (f);
  CmTime anchor;

  pointer_to (f, x, 200);
  settle (f);
  anchor = cm_timeline_x_to_time (x, get_start (f), get_end (f), width);

  /* Ctrl + wheel up zooms in around the pointer. */
  xdotool ("keydown ctrl click 4 keyup ctrl");
  settle (f);
  g_assert_cmpfloat (get_span (f), <, span * 0.9);
  g_assert_cmpfloat_with_epsilon (get_span (f), span / 1.2, 2.0);
  g_assert_cmpfloat_with_epsilon (x_of (f, anchor), x, 1.0);

  /* And down zooms out, still around the pointer. */
  span = get_span (f);
  xdotool ("keydown ctrl click --repeat 3 --delay 30 5 keyup ctrl");
  settle (f);
  g_assert_cmpfloat_with_epsilon (get_span (f), span * 1.2 * 1.2 * 1.2, 4.0);
  g_assert_cmpfloat_with_epsilon (x_of (f, anchor), x, 1.0);
}

static void
test_drag_pans (Fixture       *f,
                gconstpointer  data)
{
  CmTime start = get_start (f), end = get_end (f);
  double seconds_per_px = get_span (f) / lanes_width (f);
  int wx, wy;

  /* Drag 200 px to the left, hold still, release: later by 200 px, and no
   * kinetic motion after a still release. Start on empty space near the
   * bottom so the press is no click on an event. */
  pointer_to (f, 700, gtk_widget_get_height (GTK_WIDGET (f->view)) - 4);
  settle (f);
  xdotool ("mousedown 1");
  for (int dx = 20; dx <= 200; dx += 20)
    {
      to_window (f, 700 - dx, gtk_widget_get_height (GTK_WIDGET (f->view)) - 4, &wx, &wy);
      xdotool ("mousemove --window %lu %d %d", f->xid, wx, wy);
      cm_test_wait_ms (16);
    }
  cm_test_wait_ms (200);
  xdotool ("mouseup 1");
  settle (f);

  g_assert_cmpfloat_with_epsilon ((double) (get_start (f) - start),
                                  200 * seconds_per_px, seconds_per_px);
  g_assert_cmpint (get_end (f) - get_start (f), ==, end - start);
}

static void
test_drag_kinetic (Fixture       *f,
                   gconstpointer  data)
{
  double seconds_per_px = get_span (f) / lanes_width (f);
  double y = gtk_widget_get_height (GTK_WIDGET (f->view)) - 4;
  CmTime start = get_start (f), released;
  int wx, wy;

  /* A quick fling to the right: the window keeps going earlier after the
   * release, then stops. One xdotool run makes the whole gesture, so that
   * its speed does not depend on how fast this process runs. */
  pointer_to (f, 400, y);
  settle (f);
  {
    GString *command = g_string_new ("mousedown 1");

    for (int dx = 30; dx <= 300; dx += 30)
      {
        to_window (f, 400 + dx, y, &wx, &wy);
        g_string_append_printf (command, " mousemove --window %lu %d %d sleep 0.01",
                                f->xid, wx, wy);
      }
    g_string_append (command, " mouseup 1");
    xdotool ("%s", command->str);
    g_string_free (command, TRUE);
  }
  /* The release is handled: the window has gone 300 px at least. */
  WAIT_UNTIL ((double) get_start (f) <= (double) start - 299 * seconds_per_px);
  released = get_start (f);
  settle (f);
  g_assert_false (_cm_timeline_view_is_animating (f->view));
  g_assert_cmpfloat ((double) get_start (f), <, (double) released - 20 * seconds_per_px);
}

static void
test_click_selects (Fixture       *f,
                    gconstpointer  data)
{
  double x, y;
  guint serial;

  cm_viewport_set_selection (f->viewport, CM_NONE);
  settle (f);

  serial = find_clickable_event (f, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);

  pointer_to (f, x, y);
  settle (f);
  xdotool ("click 1");
  settle (f);
  g_assert_cmpuint (cm_viewport_get_selection (f->viewport), ==, serial);

  /* Empty space keeps the selection; Escape clears it. */
  pointer_to (f, 5, gtk_widget_get_height (GTK_WIDGET (f->view)) - 3);
  settle (f);
  xdotool ("click 1");
  settle (f);
  g_assert_cmpuint (cm_viewport_get_selection (f->viewport), ==, serial);

  /* Enter activates the selection. */
  key (f, "Return");
  g_assert_cmpuint (f->n_activated, ==, 1);
  g_assert_cmpuint (f->activated, ==, serial);

  key (f, "Escape");
  g_assert_cmpuint (cm_viewport_get_selection (f->viewport), ==, CM_NONE);
}

static void
test_double_click_zooms (Fixture       *f,
                         gconstpointer  data)
{
  double x, y;
  guint serial, position;
  CmTime event_start, event_end;

  serial = find_clickable_event (f, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  position = cm_event_store_find_serial (f->store, serial);
  event_start = cm_event_store_get_start (f->store, position);
  event_end = cm_event_store_get_end (f->store, position);

  pointer_to (f, x, y);
  settle (f);
  xdotool ("click --repeat 2 --delay 80 1");
  settle (f);

  /* The event (or its day, month…) fills the view, with margins. */
  g_assert_cmpint (get_start (f), <=, event_start);
  g_assert_cmpint (get_end (f), >=, event_end);
  g_assert_cmpfloat (get_span (f), <, (double) cm_time_from_civil (2011, 6, 5, 0, 0, 0) -
                                      (double) cm_time_from_civil (2011, 5, 10, 0, 0, 0));
}

/* The oracle for "next": the first position after @from (or at/after the
 * time @centre when @from is CM_NONE) in the category, if any. */
static guint
expected_next (Fixture *f,
               guint    from,
               CmTime   centre,
               guint    category)
{
  guint n = cm_event_store_get_n_events (f->store);

  for (guint i = 0; i < n; i++)
    {
      if (from != CM_NONE ? i <= from : cm_event_store_get_start (f->store, i) < centre)
        continue;
      if (category != CM_NONE && cm_event_store_get_category (f->store, i) != category)
        continue;
      return i;
    }

  return CM_NONE;
}

static void
test_keyboard_next (Fixture       *f,
                    gconstpointer  data)
{
  CmTime centre = get_start (f) + (get_end (f) - get_start (f)) / 2;
  guint first, second, third, category;

  cm_viewport_set_selection (f->viewport, CM_NONE);
  settle (f);

  /* Tab from nothing: the first event from the window's centre on. */
  first = expected_next (f, CM_NONE, centre, CM_NONE);
  g_assert_cmpuint (first, !=, CM_NONE);
  key (f, "Tab");
  g_assert_cmpuint (selected_position (f), ==, first);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->view)));

  /* ] goes on in time order. */
  second = expected_next (f, first, 0, CM_NONE);
  key (f, "bracketright");
  g_assert_cmpuint (selected_position (f), ==, second);
  g_assert_cmpint (cm_event_store_get_start (f->store, second), >=,
                   cm_event_store_get_start (f->store, first));

  /* [ and Shift+Tab go back. */
  key (f, "bracketleft");
  g_assert_cmpuint (selected_position (f), ==, first);
  key (f, "bracketright");
  key (f, "shift+Tab");
  g_assert_cmpuint (selected_position (f), ==, first);

  /* The filter: ] skips events of other categories. */
  category = cm_event_store_get_category (f->store, expected_next (f, first, 0, CM_NONE));
  for (guint c = 0; c < cm_document_get_n_categories (f->document); c++)
    if (c != category && expected_next (f, first, 0, c) != CM_NONE)
      {
        category = c;
        break;
      }
  third = expected_next (f, first, 0, category);
  g_assert_cmpuint (third, !=, CM_NONE);
  g_assert_cmpuint (third, !=, first + 1);
  cm_event_filter_set_category (f->filter, category);
  key (f, "bracketright");
  g_assert_cmpuint (selected_position (f), ==, third);

  /* The selected event was brought into view. */
  g_assert_cmpint (cm_event_store_get_end (f->store, third), >=, get_start (f));
  g_assert_cmpint (cm_event_store_get_start (f->store, third), <=, get_end (f));
}

static void
test_tab_leaves_at_the_end (Fixture       *f,
                            gconstpointer  data)
{
  guint last = cm_event_store_get_n_events (f->store) - 1;
  guint serial = cm_event_store_get_serial (f->store, last);

  cm_viewport_set_selection (f->viewport, serial);
  settle (f);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->view)));

  /* No next event: Tab moves the focus on, the selection stays. */
  key (f, "Tab");
  g_assert_cmpuint (cm_viewport_get_selection (f->viewport), ==, serial);
  g_assert_false (gtk_widget_has_focus (GTK_WIDGET (f->view)));
  g_assert_true (gtk_widget_has_focus (f->after));
}

static void
test_follow_selection (Fixture       *f,
                       gconstpointer  data)
{
  CmTime start = get_start (f), end = get_end (f);
  guint position = CM_NONE;

  /* An event far outside the window, selected elsewhere (the list). */
  for (guint i = 0; i < cm_event_store_get_n_events (f->store); i++)
    if (cm_event_store_get_end (f->store, i) < start - (end - start))
      {
        position = i;
        break;
      }
  g_assert_cmpuint (position, !=, CM_NONE);

  cm_viewport_set_selection (f->viewport, cm_event_store_get_serial (f->store, position));
  g_assert_true (_cm_timeline_view_is_animating (f->view));
  settle (f);

  g_assert_cmpint (cm_event_store_get_start (f->store, position), >=, get_start (f));
  g_assert_cmpint (cm_event_store_get_end (f->store, position), <=, get_end (f));
  g_assert_cmpint (get_end (f) - get_start (f), ==, end - start);
}

static void
test_home_fits (Fixture       *f,
                gconstpointer  data)
{
  CmTime first, last;
  double margin;

  g_assert_true (cm_event_store_get_range (f->store, &first, &last));
  margin = ((double) last - (double) first) * 0.05;
  g_assert_cmpint (get_start (f), >, first); /* not fitted yet */

  key (f, "Home");
  g_assert_cmpfloat_with_epsilon ((double) get_start (f), (double) first - margin, 1.0);
  g_assert_cmpfloat_with_epsilon ((double) get_end (f), (double) last + margin, 1.0);

  /* + zooms in around the centre, − back out. */
  {
    double span = get_span (f);
    double centre = get_centre (f);

    key (f, "plus");
    g_assert_cmpfloat_with_epsilon (get_span (f), span / 1.5, 2.0);
    g_assert_cmpfloat_with_epsilon (get_centre (f), centre, 2.0);
    key (f, "minus");
    g_assert_cmpfloat_with_epsilon (get_span (f), span, 4.0);
  }

  /* Left and Right pan a tenth of the width. */
  {
    CmTime start = get_start (f);
    double span = get_span (f);

    key (f, "Right");
    g_assert_cmpfloat_with_epsilon ((double) (get_start (f) - start), span * 0.1, 1.0);
    key (f, "Left");
    key (f, "Left");
    g_assert_cmpfloat_with_epsilon ((double) (get_start (f) - start), -span * 0.1, 2.0);
  }
}

static void
test_go_to_date (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *popover = GTK_WIDGET (f->view->go_to_popover);
  GtkWidget *error = GTK_WIDGET (f->view->go_to_error);
  CmTime may = cm_time_from_civil (2011, 5, 1, 0, 0, 0);
  CmTime june = cm_time_from_civil (2011, 6, 1, 0, 0, 0);
  CmTime start, end;
  GtkWidget *focus;

  /* Somewhere else first. */
  cm_viewport_set_window (f->viewport, cm_time_from_civil (2011, 1, 1, 0, 0, 0),
                          cm_time_from_civil (2011, 2, 1, 0, 0, 0));
  settle (f);

  key (f, "ctrl+l");
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (f->view->go_to_entry)));

  /* Garbage: an error, the window stays, the popover stays. */
  start = get_start (f);
  end = get_end (f);
  xdotool ("type --delay 20 garbage");
  key (f, "Return");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->view->go_to_entry)), ==, "garbage");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpuint (strlen (gtk_label_get_text (f->view->go_to_error)), >, 0);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->view->go_to_entry), "error"));
  g_assert_cmpint (get_start (f), ==, start);
  g_assert_cmpint (get_end (f), ==, end);
  g_assert_true (gtk_widget_get_mapped (popover));

  /* "May 2011": the window shows May (with margins), the popover closes. */
  key (f, "ctrl+a");
  xdotool ("type --delay 20 'May 2011'");
  settle (f);
  g_assert_false (gtk_widget_get_visible (error));
  key (f, "Return");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->view->go_to_entry)), ==, "May 2011");
  WAIT_UNTIL (!gtk_widget_get_mapped (popover));
  settle (f);
  g_assert_cmpint (get_start (f), <=, may);
  g_assert_cmpint (get_start (f), >, may - 7 * 86400);
  g_assert_cmpint (get_end (f), >=, june);
  g_assert_cmpint (get_end (f), <, june + 7 * 86400);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->view)));
}

static void
test_overview_brush (Fixture       *f,
                     gconstpointer  data)
{
  CmTime first, last, fit_start, fit_end, start = get_start (f), end = get_end (f);
  double width = lanes_width (f);
  double x0, x1, seconds_per_px;
  int wx, wy;

  g_assert_true (_cm_timeline_view_get_fit_window (f->view, &fit_start, &fit_end));
  g_assert_true (cm_event_store_get_range (f->store, &first, &last));
  seconds_per_px = ((double) fit_end - (double) fit_start) / width;
  x0 = cm_timeline_time_to_x (start, fit_start, fit_end, width);
  x1 = cm_timeline_time_to_x (end, fit_start, fit_end, width);
  g_assert_cmpfloat (x1 - x0, >, 2);

  /* Drag the brush by its middle 100 px to the right (the document goes
   * on to 2020: there is room). */
  pointer_to (f, (x0 + x1) / 2, CM_OVERVIEW_HEIGHT / 2);
  settle (f);
  xdotool ("mousedown 1");
  for (int dx = 10; dx <= 100; dx += 10)
    {
      to_window (f, (x0 + x1) / 2 + dx, CM_OVERVIEW_HEIGHT / 2, &wx, &wy);
      xdotool ("mousemove --window %lu %d %d", f->xid, wx, wy);
      cm_test_wait_ms (16);
    }
  xdotool ("mouseup 1");
  settle (f);

  g_assert_cmpfloat_with_epsilon ((double) (get_start (f) - start),
                                  100 * seconds_per_px, seconds_per_px);
  g_assert_cmpint (get_end (f) - get_start (f), ==, end - start);
}

static void
test_overview_edge (Fixture       *f,
                    gconstpointer  data)
{
  CmTime fit_start, fit_end, start, end;
  double width = lanes_width (f);
  double x1, seconds_per_px;
  int wx, wy;

  /* A window wide enough for its edges to be grabbed. */
  cm_viewport_set_window (f->viewport, cm_time_from_civil (2011, 1, 1, 0, 0, 0),
                          cm_time_from_civil (2013, 1, 1, 0, 0, 0));
  settle (f);
  start = get_start (f);
  end = get_end (f);
  g_assert_true (_cm_timeline_view_get_fit_window (f->view, &fit_start, &fit_end));
  seconds_per_px = ((double) fit_end - (double) fit_start) / width;
  x1 = cm_timeline_time_to_x (end, fit_start, fit_end, width);

  /* Drag the end edge 60 px to the right: only the end moves. */
  pointer_to (f, x1 - 1, CM_OVERVIEW_HEIGHT / 2);
  settle (f);
  xdotool ("mousedown 1");
  for (int dx = 10; dx <= 60; dx += 10)
    {
      to_window (f, x1 - 1 + dx, CM_OVERVIEW_HEIGHT / 2, &wx, &wy);
      xdotool ("mousemove --window %lu %d %d", f->xid, wx, wy);
      cm_test_wait_ms (16);
    }
  xdotool ("mouseup 1");
  settle (f);

  g_assert_cmpint (get_start (f), ==, start);
  g_assert_cmpfloat_with_epsilon ((double) (get_end (f) - end),
                                  60 * seconds_per_px, seconds_per_px);
}

static GtkEventController *
find_controller (Fixture *f,
                 GType    type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->view));
  GtkEventController *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        found = GTK_EVENT_CONTROLLER (controller);
    }

  g_assert_nonnull (found);
  return found;
}

static void
test_touchpad_glides (Fixture       *f,
                      gconstpointer  data)
{
  GtkEventController *scroll = find_controller (f, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  CmTime start;

  /* A touchpad swipe to the right (later) that ends moving: no touchpad
   * under Xvfb, so a wheel step stands for the swipe, then the
   * controller's ::decelerate. */
  pointer_to (f, 600, 200);
  settle (f);
  xdotool ("click 7");
  settle (f);
  start = get_start (f);
  g_signal_emit_by_name (scroll, "decelerate", 2000.0, 0.0);
  g_assert_true (_cm_timeline_view_is_animating (f->view));
  settle (f);
  g_assert_cmpint (get_start (f), >, start + 100 * get_span (f) / lanes_width (f));

  /* Not after Ctrl+scroll (a zoom). */
  xdotool ("keydown ctrl click 4 keyup ctrl");
  settle (f);
  start = get_start (f);
  g_signal_emit_by_name (scroll, "decelerate", 2000.0, 0.0);
  g_assert_false (_cm_timeline_view_is_animating (f->view));
  g_assert_cmpint (get_start (f), ==, start);
}

static void
test_pinch_zooms (Fixture       *f,
                  gconstpointer  data)
{
  GtkEventController *zoom = find_controller (f, GTK_TYPE_GESTURE_ZOOM);
  double span = get_span (f);
  double centre = get_centre (f);

  /* No touchscreen under Xvfb: drive the gesture's signals. Fingers
   * spread to twice their distance: half the span, around the centre
   * (the fingers' centre when there are fingers). */
  g_signal_emit_by_name (zoom, "begin", NULL);
  g_signal_emit_by_name (zoom, "scale-changed", 2.0);
  g_assert_cmpfloat_with_epsilon (get_span (f), span / 2, 1.0);
  g_assert_cmpfloat_with_epsilon (get_centre (f), centre, 1.0);

  /* Relative to the window at the start of the pinch. */
  g_signal_emit_by_name (zoom, "scale-changed", 0.5);
  g_assert_cmpfloat_with_epsilon (get_span (f), span * 2, 2.0);
}

static void
test_lane_header_collapses (Fixture       *f,
                            gconstpointer  data)
{
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  double top = _cm_timeline_view_get_lanes_top (f->view);
  CmTimelineHit hit = { 0 };
  double y;

  _cm_timeline_view_ensure_frame (f->view);
  for (y = 0; y < gtk_widget_get_height (GTK_WIDGET (f->view)) - top; y++)
    if (cm_timeline_renderer_hit_test (renderer, 40, y, &hit) &&
        hit.kind == CM_TIMELINE_HIT_LANE_HEADER)
      break;
  g_assert_cmpint (hit.kind, ==, CM_TIMELINE_HIT_LANE_HEADER);
  g_assert_false (cm_timeline_renderer_get_collapsed (renderer, hit.group));

  pointer_to (f, 40, y + top + 1);
  settle (f);
  xdotool ("click 1");
  settle (f);
  g_assert_true (cm_timeline_renderer_get_collapsed (renderer, hit.group));
}

static double
get_scroll (Fixture *f)
{
  return gtk_adjustment_get_value (f->view->vadjustment);
}

static void
test_lanes_scroll (Fixture       *f,
                   gconstpointer  data)
{
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  CmTime start = get_start (f), end = get_end (f);
  double frame_height = lanes_height (f);
  double max, x, y, w, h;
  guint deep = CM_NONE;

  /* The lanes do not fit 400 px: a scroll bar shows. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->view->scrollbar)));
  g_assert_cmpfloat (get_scroll (f), ==, 0);

  /* Shift+wheel scrolls the lanes, not the time. */
  pointer_to (f, 600, 200);
  settle (f);
  xdotool ("keydown shift click 5 keyup shift");
  settle (f);
  g_assert_cmpfloat_with_epsilon (get_scroll (f), 48, 0.5);
  g_assert_cmpint (get_start (f), ==, start);
  g_assert_cmpint (get_end (f), ==, end);

  /* Down and Up scroll them too. */
  key (f, "Down");
  g_assert_cmpfloat_with_epsilon (get_scroll (f), 88, 0.5);
  key (f, "Up");
  g_assert_cmpfloat_with_epsilon (get_scroll (f), 48, 0.5);

  /* An event at the bottom, out of sight at the top of the scroll… */
  max = gtk_adjustment_get_upper (f->view->vadjustment) -
        gtk_adjustment_get_page_size (f->view->vadjustment);
  g_assert_cmpfloat (max, >, 48);
  gtk_adjustment_set_value (f->view->vadjustment, 0);
  _cm_timeline_view_ensure_frame (f->view);
  for (guint i = 0; i < cm_event_store_get_n_events (f->store) && deep == CM_NONE; i++)
    {
      guint serial = cm_event_store_get_serial (f->store, i);

      if (cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h) &&
          y > frame_height + 10 && x > 0 && x + w < lanes_width (f))
        deep = serial;
    }
  g_assert_cmpuint (deep, !=, CM_NONE);

  /* … selected elsewhere, is scrolled into view. */
  cm_viewport_set_selection (f->viewport, deep);
  settle (f);
  g_assert_cmpfloat (get_scroll (f), >, 0);
  _cm_timeline_view_ensure_frame (f->view);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, deep, &x, &y, &w, &h));
  g_assert_cmpfloat (y, >=, f->view->axis_height);
  g_assert_cmpfloat (y + h, <=, frame_height);
  g_assert_cmpint (get_start (f), ==, start);
}

static void
test_tooltip (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *markup = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autofree char *place = NULL;
  g_autoptr(CmEvent) event = NULL;
  GdkRectangle area = { 0, 0, -1, -1 };
  double x, y;
  guint serial;

  serial = find_clickable_event (f, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  event = cm_event_store_get_event (f->store, cm_event_store_find_serial (f->store, serial));

  /* Title, the date as recorded (in the event's own offset), the place. */
  markup = _cm_timeline_view_dup_tooltip_markup (f->view, x, y, &area);
  g_assert_nonnull (markup);
  title = g_markup_escape_text (cm_event_get_title (event), -1);
  date = cm_event_format_date (event);
  g_assert_nonnull (strstr (markup, title));
  g_assert_nonnull (strstr (markup, date));
  if (cm_event_get_place (event) != NULL)
    {
      place = g_markup_escape_text (cm_event_get_place (event), -1);
      g_assert_nonnull (strstr (markup, place));
    }
  g_assert_cmpint (area.x, <=, x);
  g_assert_cmpint (area.x + area.width, >=, x);
  g_assert_cmpint (area.y, <=, y);
  g_assert_cmpint (area.y + area.height, >=, y);

  /* Nothing over the overview or empty space. */
  g_assert_null (_cm_timeline_view_dup_tooltip_markup (f->view, x, 10, NULL));
}

/* Mean luminance of the lanes as drawn, 0..1. */
static double
frame_luminance (Fixture *f)
{
  int width = gtk_widget_get_width (GTK_WIDGET (f->view));
  int height = (int) lanes_height (f);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  double sum = 0;
  guchar *data;
  int stride;

  _cm_timeline_view_ensure_frame (f->view);
  g_assert_nonnull (f->view->static_node);
  gsk_render_node_draw (f->view->static_node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(guint32 *) (void *) (data + y * stride + x * 4);

        sum += (0.2126 * ((pixel >> 16) & 0xff) +
                0.7152 * ((pixel >> 8) & 0xff) +
                0.0722 * (pixel & 0xff)) / 255.0;
      }
  cairo_surface_destroy (surface);

  return sum / ((double) width * height);
}

static void
test_dark_style (Fixture       *f,
                 gconstpointer  data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  settle (f);
  g_assert_cmpfloat (frame_luminance (f), >, 0.6);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_UNTIL (adw_style_manager_get_dark (style_manager));
  settle (f);
  g_assert_cmpfloat (frame_luminance (f), <, 0.4);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
  settle (f);
}

static void
test_cluster_click_zooms (Fixture       *f,
                          gconstpointer  data)
{
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  double top = _cm_timeline_view_get_lanes_top (f->view);
  double span = get_span (f);
  CmTimelineHit hit = { 0 };
  gboolean found = FALSE;
  double x = 0, y = 0;

  _cm_timeline_view_ensure_frame (f->view);
  for (y = 0; y < gtk_widget_get_height (GTK_WIDGET (f->view)) - top && !found; y += 2)
    for (x = 20; x < lanes_width (f) - 20 && !found; x += 2)
      found = cm_timeline_renderer_hit_test (renderer, x, y, &hit) &&
              hit.kind == CM_TIMELINE_HIT_CLUSTER;
  g_assert_true (found);
  g_assert_cmpuint (hit.count, >=, 2);

  pointer_to (f, x - 2, y - 2 + top);
  settle (f);
  xdotool ("click 1");
  settle (f);

  /* Zoomed in onto the cluster's extent. */
  g_assert_cmpfloat (get_span (f), <, span);
  g_assert_cmpint (get_start (f), <=, hit.start);
  g_assert_cmpint (get_end (f), >=, hit.end);
}

static const char deep_time[] =
  "{\"chronomap\": 1, \"title\": \"Deep time\", \"events\": ["
  "{\"title\": \"Big Bang\", \"start\": \"-13800000000\", \"precision\": \"billion-years\"},"
  "{\"title\": \"Earth forms\", \"start\": \"-4540000000\", \"precision\": \"million-years\"},"
  "{\"title\": \"Dinosaurs die out\", \"start\": \"-66000000\", \"precision\": \"million-years\"},"
  "{\"title\": \"G8 summit\", \"start\": \"2011-05-26\", \"precision\": \"day\"}]}";

static void
test_deep_time (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  CmEventStore *store;
  CmTime first, last, anchor;
  double span, fit_span, width = lanes_width (f);
  const double x = 300;

  document = cm_native_load_data (deep_time, strlen (deep_time), "deep-time.chronomap", &error);
  g_assert_no_error (error);
  show_document (f, document);
  store = cm_document_get_store (document);
  g_assert_true (cm_event_store_get_range (store, &first, &last));
  g_assert_cmpint (first, <, -13000000000 * G_GINT64_CONSTANT (31556952));

  /* Home: 13.8 billion years, with margins. */
  key (f, "Home");
  fit_span = ((double) last - (double) first) * 1.1;
  g_assert_cmpfloat_with_epsilon (get_span (f), fit_span, fit_span * 1e-9);
  g_assert_cmpint (get_start (f), <, first);
  g_assert_cmpint (get_end (f), >, last);

  /* Ctrl+scroll keeps the time under the pointer at this scale too. */
  pointer_to (f, x, 200);
  settle (f);
  anchor = cm_timeline_x_to_time (x, get_start (f), get_end (f), width);
  xdotool ("keydown ctrl click --repeat 3 --delay 30 4 keyup ctrl");
  settle (f);
  g_assert_cmpfloat_with_epsilon (get_span (f), fit_span / (1.2 * 1.2 * 1.2), fit_span * 1e-6);
  g_assert_cmpfloat_with_epsilon (x_of (f, anchor), x, 1.0);

  /* Zooming far out stops at four times the document, inside 64 bits. */
  xdotool ("keydown ctrl click --repeat 30 --delay 10 5 keyup ctrl");
  settle (f);
  g_assert_cmpfloat_with_epsilon (get_span (f), fit_span * 4, fit_span * 1e-6);
  g_assert_cmpint (get_end (f), >, get_start (f));
  g_assert_cmpint (get_start (f), >=, CM_TIME_WINDOW_MIN);
  g_assert_cmpint (get_end (f), <=, CM_TIME_WINDOW_MAX);

  /* A wheel step pans a tenth of the width. */
  {
    CmTime start = get_start (f);

    span = get_span (f);
    xdotool ("click 5");
    settle (f);
    g_assert_cmpfloat_with_epsilon ((double) get_start (f) - (double) start,
                                    span * 0.1, span * 1e-9);
  }

  /* Go to "66 million years ago": about a million years around it. */
  g_assert_true (_cm_timeline_view_go_to_text (f->view, "66 million years ago", NULL));
  settle (f);
  g_assert_cmpfloat_with_epsilon ((double) get_start (f) / 2 + (double) get_end (f) / 2,
                                  -66e6 * 365.2425 * 86400, 1e6 * 365.2425 * 86400);
  g_assert_cmpfloat (get_span (f), <, 2e6 * 365.2425 * 86400);

  show_document (f, NULL);
}

/* Not a test, and only registered when CM_TEST_SCREENSHOT=FILE.png asks
 * for it: saves the screen there. CM_TEST_SCENE picks what it shows:
 * "tooltip" (default), "dark", "go-to" (with an error) or "deep-time". */
static void
screenshot (void)
{
  const char *path = g_getenv ("CM_TEST_SCREENSHOT");
  const char *scene = g_getenv ("CM_TEST_SCENE");
  g_autoptr(CmDocument) deep = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *quoted = NULL;
  Fixture f = { 0 };
  int status = 0;
  double x, y;

  g_assert_nonnull (path);
  if (scene == NULL)
    scene = "tooltip";

  fixture_set_up (&f, NULL);

  if (g_str_equal (scene, "dark"))
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_DARK);
      key (&f, "bracketright");
      key (&f, "bracketright");
    }
  else if (g_str_equal (scene, "go-to"))
    {
      key (&f, "ctrl+l");
      xdotool ("type --delay 20 'Mai 2011'");
      key (&f, "Return");
    }
  else if (g_str_equal (scene, "deep-time"))
    {
      deep = cm_native_load_data (deep_time, strlen (deep_time), "deep-time.chronomap", &error);
      g_assert_no_error (error);
      show_document (&f, deep);
      key (&f, "Home");
    }
  else
    {
      /* Keyboard focus (the ring: GTK shows it after keyboard
       * navigation), a selection, and a tooltip. */
      gtk_widget_grab_focus (f.after);
      key (&f, "shift+Tab");
      g_assert_true (gtk_widget_has_visible_focus (GTK_WIDGET (f.view)));
      key (&f, "Tab");
      g_assert_cmpuint (find_clickable_event (&f, &x, &y), !=, CM_NONE);
      pointer_to (&f, x, y);
      cm_test_wait_ms (1500);
    }
  settle (&f);
  cm_test_wait_ms (300);

  quoted = g_shell_quote (path);
  command = g_strdup_printf ("import -window root %s", quoted);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  fixture_tear_down (&f, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  cm_core_init ();
  cm_ui_register_resource ();

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_printerr ("These tests drive an X server with xdotool: run them under xvfb-run.\n");
      return 77;
    }

#define ADD(path, func) \
  g_test_add ("/timeline-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("scroll-pans", test_scroll_pans);
  ADD ("ctrl-scroll-zooms-around-pointer", test_ctrl_scroll_zooms);
  ADD ("drag-pans", test_drag_pans);
  ADD ("drag-kinetic", test_drag_kinetic);
  ADD ("click-selects", test_click_selects);
  ADD ("double-click-zooms", test_double_click_zooms);
  ADD ("keyboard-next", test_keyboard_next);
  ADD ("tab-leaves-at-the-end", test_tab_leaves_at_the_end);
  ADD ("follow-selection", test_follow_selection);
  ADD ("home-fits", test_home_fits);
  ADD ("go-to-date", test_go_to_date);
  ADD ("overview-brush", test_overview_brush);
  ADD ("overview-edge", test_overview_edge);
  ADD ("pinch-zooms", test_pinch_zooms);
  ADD ("touchpad-glides", test_touchpad_glides);
  ADD ("lane-header-collapses", test_lane_header_collapses);
  ADD ("lanes-scroll", test_lanes_scroll);
  ADD ("tooltip", test_tooltip);
  ADD ("dark-style", test_dark_style);
  ADD ("cluster-click-zooms", test_cluster_click_zooms);
  ADD ("deep-time", test_deep_time);
  if (g_getenv ("CM_TEST_SCREENSHOT") != NULL)
    g_test_add_func ("/timeline-view/screenshot", screenshot);

#undef ADD

  return g_test_run ();
}
