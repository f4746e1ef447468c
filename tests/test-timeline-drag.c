/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of editing on the timeline by dragging: real X input through
 * xdotool, under xvfb-run. */
#include "config.h"

#include "timeline-view-fixture.h"

/* The first event whose mark at (*x, *y) a press would grab as @grab:
 * the centre of a mark for a move, a pixel inside an end for a resize. */
static guint
find_grab (Fixture        *f,
           CmTimelineGrab  grab,
           double          min_width,
           double         *x,
           double         *y)
{
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  double top = _cm_timeline_view_get_lanes_top (f->view);

  _cm_timeline_view_ensure_frame (f->view);

  for (guint i = 0; i < cm_event_store_get_n_events (f->store); i++)
    {
      guint serial = cm_event_store_get_serial (f->store, i);
      double rx, ry, rw, rh;
      CmTimelineHit hit;

      if (!cm_timeline_renderer_get_event_rect (renderer, serial, &rx, &ry, &rw, &rh) ||
          rx < 100 || rx + rw > lanes_width (f) - 200 || rw < min_width)
        continue;

      *y = ry + rh / 2 + top;
      *x = grab == CM_TIMELINE_GRAB_START ? rx + 1
         : grab == CM_TIMELINE_GRAB_END ? rx + rw - 1
         : rx + rw / 2;

      if (_cm_timeline_view_hit_test (f->view, *x, *y, &hit) && hit.serial == serial &&
          _cm_timeline_view_get_grab (f->view, *x, *y, &hit) == grab)
        return serial;
    }

  return CM_NONE;
}

/* Presses at (x, y), moves by @dx in steps, and releases (unless
 * @release is FALSE); with @keys held ("ctrl", "shift") when not NULL. */
static void
drag (Fixture    *f,
      double      x,
      double      y,
      double      dx,
      const char *keys,
      gboolean    release)
{
  int wx, wy;

  pointer_to (f, x, y);
  settle (f);
  if (keys != NULL)
    xdotool ("keydown %s", keys);
  xdotool ("mousedown 1");
  for (int step = 1; step <= 5; step++)
    {
      to_window (f, x + dx * step / 5, y, &wx, &wy);
      xdotool ("mousemove --window %lu %d %d", f->xid, wx, wy);
      cm_test_wait_ms (30);
    }
  cm_test_wait_ms (100);
  if (release)
    xdotool ("mouseup 1");
  if (keys != NULL)
    xdotool ("keyup %s", keys);
  settle (f);
}

static CmTime
start_of (Fixture *f,
          guint    serial)
{
  return cm_event_store_get_start (f->store, cm_event_store_find_serial (f->store, serial));
}

static CmTime
end_of (Fixture *f,
        guint    serial)
{
  return cm_event_store_get_end (f->store, cm_event_store_find_serial (f->store, serial));
}

static const char *
cursor_name (Fixture *f)
{
  GdkCursor *cursor = gtk_widget_get_cursor (GTK_WIDGET (f->view));

  return cursor != NULL ? gdk_cursor_get_name (cursor) : NULL;
}

/* A drag on an event moves it by the time dragged, snapped to a tick of
 * the axis; one undo puts it back. */
static void
test_drag_moves_snapped (Fixture       *f,
                         gconstpointer  data)
{
  CmHistory *history = cm_session_get_history (f->session);
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  double seconds_per_px = get_span (f) / lanes_width (f);
  CmTime start, end, target, snapped;
  double x, y;
  guint serial;

  serial = find_grab (f, CM_TIMELINE_GRAB_MOVE, 2, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  start = start_of (f, serial);
  end = end_of (f, serial);

  /* What a press there grabs shows. */
  pointer_to (f, x, y);
  settle (f);
  g_assert_cmpstr (cursor_name (f), ==, "grab");

  /* 103 px: between two ticks, not on one. */
  target = start + (CmTime) round (103 * seconds_per_px);
  snapped = cm_timeline_renderer_snap_time (renderer, target);
  g_assert_cmpint (snapped, !=, target);
  g_assert_cmpfloat (fabs ((double) (snapped - target)), <, 103 * seconds_per_px);

  drag (f, x, y, 103, NULL, TRUE);

  g_assert_cmpint (start_of (f, serial), ==, snapped);
  g_assert_cmpint (end_of (f, serial) - start_of (f, serial), ==, end - start);
  /* The ticks of a window of weeks are whole hours at least. */
  g_assert_cmpint (start_of (f, serial) % 3600, ==, 0);
  /* The window stayed; the event is selected. */
  g_assert_cmpfloat_with_epsilon (get_span (f), seconds_per_px * lanes_width (f), 1);
  g_assert_cmpuint (cm_viewport_get_selection (f->viewport), ==, serial);

  /* One step, named after the event. */
  g_assert_cmpuint (cm_history_get_position (history), ==, 1);
  g_assert_nonnull (strstr (cm_history_get_undo_name (history),
                            cm_event_store_get_title (f->store,
                                                      cm_event_store_find_serial (f->store, serial))));
  g_assert_true (cm_history_undo (history));
  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_cmpint (end_of (f, serial), ==, end);
  g_assert_false (cm_history_get_can_undo (history));
}

/* With Ctrl held, the drag is not snapped: the event moves by the very
 * time dragged. */
static void
test_ctrl_drag_unsnapped (Fixture       *f,
                           gconstpointer  data)
{
  double seconds_per_px = get_span (f) / lanes_width (f);
  CmTime start, expected;
  double x, y;
  guint serial;

  serial = find_grab (f, CM_TIMELINE_GRAB_MOVE, 2, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  start = start_of (f, serial);
  expected = start - (CmTime) round (77 * seconds_per_px);

  drag (f, x, y, -77, "ctrl", TRUE);

  g_assert_cmpfloat_with_epsilon ((double) start_of (f, serial), (double) expected, 1);
  g_assert_cmpint (start_of (f, serial) % 3600, !=, 0);
  g_assert_cmpuint (cm_history_get_position (cm_session_get_history (f->session)), ==, 1);
}

/* A drag on either end of a span's bar moves that end only; the start
 * cannot pass the end. */
static void
test_resize_ends (Fixture       *f,
                  gconstpointer  data)
{
  CmHistory *history = cm_session_get_history (f->session);
  double seconds_per_px = get_span (f) / lanes_width (f);
  CmTime start, end;
  double x, y;
  guint serial;

  serial = find_grab (f, CM_TIMELINE_GRAB_END, 20, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  g_assert_true (cm_event_store_is_span (f->store, cm_event_store_find_serial (f->store, serial)));
  start = start_of (f, serial);
  end = end_of (f, serial);

  pointer_to (f, x, y);
  settle (f);
  g_assert_cmpstr (cursor_name (f), ==, "ew-resize");

  /* The end, 60 px later, unsnapped. */
  drag (f, x, y, 60, "ctrl", TRUE);
  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_cmpfloat_with_epsilon ((double) end_of (f, serial),
                                  (double) end + round (60 * seconds_per_px), 1);
  g_assert_cmpuint (cm_history_get_position (history), ==, 1);

  /* The start, dragged far past the end: it stops just before it. */
  end = end_of (f, serial);
  g_assert_cmpuint (find_grab (f, CM_TIMELINE_GRAB_START, 20, &x, &y), ==, serial);
  drag (f, x, y, (double) (end - start) / seconds_per_px + 80, NULL, TRUE);
  g_assert_cmpint (end_of (f, serial), ==, end);
  g_assert_cmpint (start_of (f, serial), <, end);
  g_assert_cmpint (start_of (f, serial), >, start);
  g_assert_true (cm_event_store_is_span (f->store, cm_event_store_find_serial (f->store, serial)));
  g_assert_cmpuint (cm_history_get_position (history), ==, 2);

  /* Each drag was one step. */
  g_assert_true (cm_history_undo (history));
  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_true (cm_history_undo (history));
  g_assert_false (cm_history_get_can_undo (history));
}

/* With Shift held, a drag on an end keeps the duration: the whole span
 * moves, the grabbed end snapped to a tick. */
static void
test_shift_end_keeps_duration (Fixture       *f,
                               gconstpointer  data)
{
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  double seconds_per_px = get_span (f) / lanes_width (f);
  CmTime start, end;
  double x, y;
  guint serial;

  serial = find_grab (f, CM_TIMELINE_GRAB_END, 20, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  start = start_of (f, serial);
  end = end_of (f, serial);

  drag (f, x, y, -91, "shift", TRUE);

  g_assert_cmpint (end_of (f, serial) - start_of (f, serial), ==, end - start);
  g_assert_cmpint (start_of (f, serial), <, start);
  /* Some 91 px earlier, on a tick. */
  g_assert_cmpfloat (fabs ((double) (end - end_of (f, serial)) - 91 * seconds_per_px), <,
                     91 * seconds_per_px);
  g_assert_cmpint (cm_timeline_renderer_snap_time (renderer, end_of (f, serial)), ==,
                   end_of (f, serial));
  g_assert_cmpuint (cm_history_get_position (cm_session_get_history (f->session)), ==, 1);
}

/* Escape during a drag puts the event back; the release then does nothing. */
static void
test_escape_cancels (Fixture       *f,
                     gconstpointer  data)
{
  CmHistory *history = cm_session_get_history (f->session);
  CmTime start;
  double x, y;
  guint serial;

  serial = find_grab (f, CM_TIMELINE_GRAB_MOVE, 2, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  start = start_of (f, serial);

  drag (f, x, y, 150, NULL, FALSE);
  /* Live: the store follows the pointer. */
  g_assert_cmpint (start_of (f, serial), !=, start);
  g_assert_true (_cm_timeline_view_is_editing (f->view));

  xdotool ("key Escape");
  settle (f);
  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_false (_cm_timeline_view_is_editing (f->view));

  /* More motion and the release change nothing, and the view does not pan. */
  {
    CmTime window_start = get_start (f);
    int wx, wy;

    to_window (f, x + 250, y, &wx, &wy);
    xdotool ("mousemove --window %lu %d %d", f->xid, wx, wy);
    cm_test_wait_ms (50);
    xdotool ("mouseup 1");
    settle (f);
    g_assert_cmpint (get_start (f), ==, window_start);
  }
  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_false (cm_history_get_can_undo (history));
  /* The event stays selected: Escape cancelled the drag, not the selection. */
  g_assert_cmpuint (cm_viewport_get_selection (f->viewport), ==, serial);
}

/* A click without motion selects and changes nothing. */
static void
test_click_only_selects (Fixture       *f,
                         gconstpointer  data)
{
  CmTime start, window_start = get_start (f);
  double x, y;
  guint serial;

  cm_viewport_set_selection (f->viewport, CM_NONE);
  serial = find_grab (f, CM_TIMELINE_GRAB_MOVE, 2, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  start = start_of (f, serial);

  pointer_to (f, x, y);
  settle (f);
  xdotool ("click 1");
  settle (f);

  g_assert_cmpuint (cm_viewport_get_selection (f->viewport), ==, serial);
  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_cmpint (get_start (f), ==, window_start);
  g_assert_false (cm_history_get_can_undo (cm_session_get_history (f->session)));
}

static void
new_event_at_time_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GArray *times = user_data;
  gint64 time = g_variant_get_int64 (parameter);

  g_array_append_val (times, time);
}

/* A double-click on empty space asks the window for a new event at the
 * time under the pointer; on an event, it zooms as before. */
static void
test_double_click_new_event (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("new-event-at-time", G_VARIANT_TYPE_INT64);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  double seconds_per_px = get_span (f) / lanes_width (f);
  double x = 0, y = 0;
  CmTime expected, start = get_start (f);
  CmTimelineHit hit;
  guint n = cm_event_store_get_n_events (f->store);
  gboolean found = FALSE;

  /* Empty space in the lanes, away from the edges. */
  for (double ty = _cm_timeline_view_get_lanes_top (f->view) + 60;
       !found && ty < gtk_widget_get_height (GTK_WIDGET (f->view)) - 4; ty += 7)
    for (double tx = 300; !found && tx < 900; tx += 13)
      if (!_cm_timeline_view_hit_test (f->view, tx, ty, &hit))
        {
          x = tx + 0.5;
          y = ty;
          found = TRUE;
        }
  g_assert_true (found);

  g_signal_connect (action, "activate", G_CALLBACK (new_event_at_time_cb), times);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "win", G_ACTION_GROUP (group));

  g_assert_false (_cm_timeline_view_hit_test (f->view, x, y, &hit));
  expected = cm_timeline_x_to_time (x, get_start (f), get_end (f), lanes_width (f));

  pointer_to (f, x, y);
  settle (f);
  xdotool ("click --repeat 2 --delay 80 1");
  settle (f);

  g_assert_cmpuint (times->len, ==, 1);
  g_assert_cmpfloat_with_epsilon ((double) g_array_index (times, gint64, 0), (double) expected,
                                  seconds_per_px);
  /* Nothing else: no zoom, no event added by the view itself. */
  g_assert_cmpint (get_start (f), ==, start);
  g_assert_cmpuint (cm_event_store_get_n_events (f->store), ==, n);

  /* On an event: no request. */
  {
    double ex = 0, ey = 0;

    g_assert_cmpuint (find_clickable_event (f, &ex, &ey), !=, CM_NONE);
    pointer_to (f, ex, ey);
    settle (f);
    xdotool ("click --repeat 2 --delay 80 1");
    settle (f);
    g_assert_cmpuint (times->len, ==, 1);
  }
}

/* A drag then previews its edit. */
static void
make_large (Fixture *f)
{
  cm_test_pad_events (f->store, CM_EDIT_DRAG_PREVIEW_EVENTS);
  settle (f);
  g_assert_cmpuint (cm_event_store_get_n_events (f->store), ==, CM_EDIT_DRAG_PREVIEW_EVENTS);
}

/* In a large document the store does not change during the drag: both
 * views show a preview; the release makes the edit, as one step. */
static void
test_large_previews (Fixture       *f,
                     gconstpointer  data)
{
  CmHistory *history = cm_session_get_history (f->session);
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  double seconds_per_px;
  CmTime start, end, snapped, preview_start = 0, preview_end = 0;
  double x, y;
  guint serial;

  make_large (f);
  seconds_per_px = get_span (f) / lanes_width (f);
  serial = find_grab (f, CM_TIMELINE_GRAB_MOVE, 2, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  start = start_of (f, serial);
  end = end_of (f, serial);
  snapped = cm_timeline_renderer_snap_time (renderer, start + (CmTime) round (103 * seconds_per_px));

  drag (f, x, y, 103, NULL, FALSE);
  g_assert_true (_cm_timeline_view_is_editing (f->view));
  /* The store as it was, the preview where the pointer is. */
  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_cmpint (end_of (f, serial), ==, end);
  g_assert_cmpuint (cm_history_get_position (history), ==, 0);
  g_assert_cmpuint (cm_viewport_get_preview (f->viewport, &preview_start, &preview_end, NULL, NULL),
                    ==, serial);
  g_assert_cmpint (preview_start, ==, snapped);
  if (cm_event_store_is_span (f->store, cm_event_store_find_serial (f->store, serial)))
    g_assert_cmpint (preview_end - preview_start, ==, end - start);
  else
    g_assert_cmpint (preview_end, ==, CM_TIME_INVALID);

  xdotool ("mouseup 1");
  settle (f);
  g_assert_cmpuint (cm_viewport_get_preview (f->viewport, NULL, NULL, NULL, NULL), ==, CM_NONE);
  g_assert_cmpint (start_of (f, serial), ==, snapped);
  g_assert_cmpuint (cm_history_get_position (history), ==, 1);
  g_assert_nonnull (strstr (cm_history_get_undo_name (history),
                            cm_event_store_get_title (f->store,
                                                      cm_event_store_find_serial (f->store, serial))));
  g_assert_true (cm_history_undo (history));
  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_false (cm_history_get_can_undo (history));
}

/* Escape drops a large document's preview: no step to undo nor to redo. */
static void
test_large_escape (Fixture       *f,
                   gconstpointer  data)
{
  CmHistory *history = cm_session_get_history (f->session);
  CmTime start;
  double x, y;
  guint serial;

  make_large (f);
  serial = find_grab (f, CM_TIMELINE_GRAB_MOVE, 2, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  start = start_of (f, serial);

  drag (f, x, y, 150, NULL, FALSE);
  g_assert_cmpuint (cm_viewport_get_preview (f->viewport, NULL, NULL, NULL, NULL), ==, serial);
  xdotool ("key Escape");
  settle (f);
  g_assert_cmpuint (cm_viewport_get_preview (f->viewport, NULL, NULL, NULL, NULL), ==, CM_NONE);
  g_assert_false (_cm_timeline_view_is_editing (f->view));
  xdotool ("mouseup 1");
  settle (f);

  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_false (cm_history_get_can_undo (history));
  g_assert_false (cm_history_get_can_redo (history));
}

/* While the document is read (a load, a save), a drag edits nothing. */
static void
test_not_editable (Fixture       *f,
                   gconstpointer  data)
{
  CmTime start;
  double x, y;
  guint serial;

  serial = find_grab (f, CM_TIMELINE_GRAB_MOVE, 2, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  start = start_of (f, serial);

  cm_viewport_set_editable (f->viewport, FALSE);
  /* The mark does not offer itself to a drag. */
  pointer_to (f, x, y);
  settle (f);
  g_assert_cmpstr (cursor_name (f), !=, "grab");
  drag (f, x, y, 150, NULL, TRUE);
  g_assert_cmpint (start_of (f, serial), ==, start);
  g_assert_false (cm_history_get_can_undo (cm_session_get_history (f->session)));
}

int
main (int   argc,
      char *argv[])
{
  if (!timeline_view_tests_init (&argc, &argv))
    return 77;

  TIMELINE_VIEW_ADD ("drag-moves-snapped", test_drag_moves_snapped);
  TIMELINE_VIEW_ADD ("ctrl-drag-unsnapped", test_ctrl_drag_unsnapped);
  TIMELINE_VIEW_ADD ("shift-end-keeps-duration", test_shift_end_keeps_duration);
  TIMELINE_VIEW_ADD ("resize-ends", test_resize_ends);
  TIMELINE_VIEW_ADD ("escape-cancels", test_escape_cancels);
  TIMELINE_VIEW_ADD ("click-only-selects", test_click_only_selects);
  TIMELINE_VIEW_ADD ("double-click-new-event", test_double_click_new_event);
  TIMELINE_VIEW_ADD ("large-previews", test_large_previews);
  TIMELINE_VIEW_ADD ("large-escape", test_large_escape);
  TIMELINE_VIEW_ADD ("not-editable", test_not_editable);

  return g_test_run ();
}
