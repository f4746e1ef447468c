/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of CmTimelineView's input: run under xvfb-run. Input is real:
 * xdotool moves the pointer, clicks, drags, scrolls and types in the X
 * server (touchpad and touchscreen gestures, which Xvfb has not, drive the
 * controllers' signals). */
#include "config.h"

#include "timeline-view-fixture.h"

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
int
main (int   argc,
      char *argv[])
{
  if (!timeline_view_tests_init (&argc, &argv))
    return 77;

  TIMELINE_VIEW_ADD ("scroll-pans", test_scroll_pans);
  TIMELINE_VIEW_ADD ("ctrl-scroll-zooms-around-pointer", test_ctrl_scroll_zooms);
  TIMELINE_VIEW_ADD ("drag-pans", test_drag_pans);
  TIMELINE_VIEW_ADD ("drag-kinetic", test_drag_kinetic);
  TIMELINE_VIEW_ADD ("click-selects", test_click_selects);
  TIMELINE_VIEW_ADD ("double-click-zooms", test_double_click_zooms);
  TIMELINE_VIEW_ADD ("keyboard-next", test_keyboard_next);
  TIMELINE_VIEW_ADD ("tab-leaves-at-the-end", test_tab_leaves_at_the_end);
  TIMELINE_VIEW_ADD ("home-fits", test_home_fits);
  TIMELINE_VIEW_ADD ("overview-brush", test_overview_brush);
  TIMELINE_VIEW_ADD ("overview-edge", test_overview_edge);
  TIMELINE_VIEW_ADD ("pinch-zooms", test_pinch_zooms);
  TIMELINE_VIEW_ADD ("touchpad-glides", test_touchpad_glides);
  TIMELINE_VIEW_ADD ("lane-header-collapses", test_lane_header_collapses);
  TIMELINE_VIEW_ADD ("cluster-click-zooms", test_cluster_click_zooms);

  return g_test_run ();
}
