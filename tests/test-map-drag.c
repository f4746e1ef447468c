/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of editing on the map: dragging a marker moves its event's
 * place, a right-click asks for a new event there. Real X input through
 * xdotool, under xvfb-run. */
#include "config.h"

#include "map-view-fixture.h"

/* Presses at the map point (@x, @y), moves by (@dx, @dy) in steps, and
 * releases unless @release is FALSE. */
static void
drag_marker (Fixture  *fixture,
             double    x,
             double    y,
             double    dx,
             double    dy,
             gboolean  release)
{
  g_autofree char *id = window_id (fixture);

  pointer_at (fixture, x, y, "mousedown", "1");
  for (int step = 1; step <= 5; step++)
    {
      g_autofree char *wx = NULL;
      g_autofree char *wy = NULL;

      map_to_window (fixture, x + dx * step / 5, y + dy * step / 5, &wx, &wy);
      xdotool (fixture, "mousemove", "--window", id, wx, wy, NULL);
      cm_test_wait_ms (30);
    }
  cm_test_wait_ms (100);
  if (release)
    xdotool (fixture, "mouseup", "1", NULL);
  cm_test_wait_ms (100);
}

static void
get_place (Fixture *fixture,
           guint    serial,
           double  *lat,
           double  *lon)
{
  CmEventStore *store = cm_document_get_store (fixture->document);

  g_assert_true (cm_event_store_get_coordinates (store, cm_event_store_find_serial (store, serial),
                                                 lat, lon));
}

/* A drag on a marker moves its event's place to where the marker is
 * dropped, and not the map; one undo puts it back. */
static void
test_marker_drag_moves (Fixture       *fixture,
                        gconstpointer  user_data)
{
  CmHistory *history = cm_session_get_history (fixture->session);
  CmMapFrame before, after;
  CmMapHit hit;
  double sx, sy, lat0, lon0, lat, lon, want_lat, want_lon, width, height;
  GdkCursor *cursor;

  zoom_on_paris (fixture);
  g_assert_true (find_marker (fixture, &sx, &sy, &hit));
  get_place (fixture, hit.serial, &lat0, &lon0);

  /* A marker shows it can be grabbed. */
  pointer_at (fixture, sx, sy, NULL, NULL);
  cursor = gtk_widget_get_cursor (GTK_WIDGET (fixture->map));
  g_assert_nonnull (cursor);
  g_assert_cmpstr (gdk_cursor_get_name (cursor), ==, "grab");

  cm_map_view_get_frame (fixture->map, &before);
  get_map_size (fixture, &width, &height);
  g_assert_true (cm_map_frame_from_screen (&before, width, height, sx + 60, sy + 40, &want_lat, &want_lon));

  drag_marker (fixture, sx, sy, 60, 40, TRUE);

  /* The map stayed; the event went where the marker was dropped (within
   * the pixel the pointer landed on). */
  cm_map_view_get_frame (fixture->map, &after);
  g_assert_cmpfloat (after.center_x, ==, before.center_x);
  g_assert_cmpfloat (after.center_y, ==, before.center_y);
  get_place (fixture, hit.serial, &lat, &lon);
  {
    double px, py;

    cm_map_frame_to_screen (&after, width, height, lat, lon, &px, &py);
    g_assert_cmpfloat_with_epsilon (px, sx + 60, 1.5);
    g_assert_cmpfloat_with_epsilon (py, sy + 40, 1.5);
  }
  g_assert_cmpfloat (fabs (lat - lat0) + fabs (lon - lon0), >, 0.01);
  g_assert_cmpuint (cm_viewport_get_selection (fixture->viewport), ==, hit.serial);

  /* One step. */
  g_assert_cmpuint (cm_history_get_position (history), ==, 1);
  g_assert_true (cm_history_undo (history));
  get_place (fixture, hit.serial, &lat, &lon);
  g_assert_cmpfloat (lat, ==, lat0);
  g_assert_cmpfloat (lon, ==, lon0);
  g_assert_false (cm_history_get_can_undo (history));
}

/* Escape during a marker drag puts the event back. */
static void
test_marker_drag_escape (Fixture       *fixture,
                         gconstpointer  user_data)
{
  CmHistory *history = cm_session_get_history (fixture->session);
  CmMapHit hit;
  double sx, sy, lat0, lon0, lat, lon;

  zoom_on_paris (fixture);
  g_assert_true (find_marker (fixture, &sx, &sy, &hit));
  get_place (fixture, hit.serial, &lat0, &lon0);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->map));

  drag_marker (fixture, sx, sy, -50, 30, FALSE);
  /* Live. */
  get_place (fixture, hit.serial, &lat, &lon);
  g_assert_cmpfloat (fabs (lat - lat0) + fabs (lon - lon0), >, 0.01);

  xdotool (fixture, "key", "Escape", NULL);
  WAIT_UNTIL (!_cm_map_view_is_editing (fixture->map));
  xdotool (fixture, "mouseup", "1", NULL);
  cm_test_wait_ms (100);

  get_place (fixture, hit.serial, &lat, &lon);
  g_assert_cmpfloat (lat, ==, lat0);
  g_assert_cmpfloat (lon, ==, lon0);
  g_assert_false (cm_history_get_can_undo (history));
}

/* In a large document the store does not change during the drag: the
 * map shows a preview where the pointer is; Escape drops it, leaving no
 * step to undo or redo; the release makes the edit, one step. */
static void
test_marker_drag_large (Fixture       *fixture,
                        gconstpointer  user_data)
{
  CmHistory *history = cm_session_get_history (fixture->session);
  CmMapFrame frame;
  CmMapHit hit;
  double sx, sy, lat0, lon0, lat, lon, plat = 0, plon = 0, px, py, width, height;

  cm_test_pad_events (cm_document_get_store (fixture->document), CM_EDIT_DRAG_PREVIEW_EVENTS);
  zoom_on_paris (fixture);
  g_assert_true (find_marker (fixture, &sx, &sy, &hit));
  get_place (fixture, hit.serial, &lat0, &lon0);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->map));

  drag_marker (fixture, sx, sy, -50, 30, FALSE);
  g_assert_cmpuint (cm_viewport_get_preview (fixture->viewport, NULL, NULL, NULL, NULL), ==,
                    hit.serial);
  xdotool (fixture, "key", "Escape", NULL);
  WAIT_UNTIL (!_cm_map_view_is_editing (fixture->map));
  xdotool (fixture, "mouseup", "1", NULL);
  cm_test_wait_ms (100);
  g_assert_cmpuint (cm_viewport_get_preview (fixture->viewport, NULL, NULL, NULL, NULL), ==, CM_NONE);
  get_place (fixture, hit.serial, &lat, &lon);
  g_assert_cmpfloat (lat, ==, lat0);
  g_assert_cmpfloat (lon, ==, lon0);
  g_assert_false (cm_history_get_can_undo (history));
  g_assert_false (cm_history_get_can_redo (history));

  g_assert_true (find_marker (fixture, &sx, &sy, &hit));
  get_place (fixture, hit.serial, &lat0, &lon0);
  cm_map_view_get_frame (fixture->map, &frame);
  get_map_size (fixture, &width, &height);
  drag_marker (fixture, sx, sy, 60, 40, FALSE);
  g_assert_true (_cm_map_view_is_editing (fixture->map));
  get_place (fixture, hit.serial, &lat, &lon);
  g_assert_cmpfloat (lat, ==, lat0);
  g_assert_cmpfloat (lon, ==, lon0);
  g_assert_cmpuint (cm_history_get_position (history), ==, 0);
  g_assert_cmpuint (cm_viewport_get_preview (fixture->viewport, NULL, NULL, &plat, &plon), ==,
                    hit.serial);
  cm_map_frame_to_screen (&frame, width, height, plat, plon, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, sx + 60, 1.5);
  g_assert_cmpfloat_with_epsilon (py, sy + 40, 1.5);

  xdotool (fixture, "mouseup", "1", NULL);
  WAIT_UNTIL (!_cm_map_view_is_editing (fixture->map));
  g_assert_cmpuint (cm_viewport_get_preview (fixture->viewport, NULL, NULL, NULL, NULL), ==, CM_NONE);
  get_place (fixture, hit.serial, &lat, &lon);
  g_assert_cmpfloat (lat, ==, plat);
  g_assert_cmpfloat (lon, ==, plon);
  g_assert_cmpuint (cm_history_get_position (history), ==, 1);
}

static void
new_event_at_place_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GArray *places = user_data;
  double place[2];

  g_variant_get (parameter, "(dd)", &place[0], &place[1]);
  g_array_append_vals (places, place, 2);
}

/* The first descendant of @widget showing @text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A right-click offers "Add Event Here", which asks the window for a new
 * event at the point clicked. */
static void
test_context_menu_adds (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("new-event-at-place", G_VARIANT_TYPE ("(dd)"));
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (double));
  CmMapFrame frame;
  double width, height, lat, lon, x = 300, y = 250;
  GtkWidget *popover, *item;
  GtkNative *native;
  graphene_point_t point;
  double surface_x, surface_y;

  g_signal_connect (action, "activate", G_CALLBACK (new_event_at_place_cb), places);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));

  zoom_on_paris (fixture);
  cm_map_view_get_frame (fixture->map, &frame);
  get_map_size (fixture, &width, &height);
  g_assert_true (cm_map_frame_from_screen (&frame, width, height, x, y, &lat, &lon));

  pointer_at (fixture, x, y, "click", "3");
  WAIT_UNTIL (_cm_map_view_get_context_popover (fixture->map) != NULL);
  popover = _cm_map_view_get_context_popover (fixture->map);
  WAIT_UNTIL (gtk_widget_get_mapped (popover) && gtk_widget_get_width (popover) > 0);
  cm_test_wait_ms (200);

  /* Click the item, in the popover's own X window. */
  item = find_label (popover, "Add Event Here");
  g_assert_nonnull (item);
  native = gtk_widget_get_native (item);
  g_assert_true (gtk_widget_compute_point (item, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (item) / 2.,
                                                                 gtk_widget_get_height (item) / 2.),
                                           &point));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  {
    g_autofree char *id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
    g_autofree char *wx = g_strdup_printf ("%d", (int) round (point.x + surface_x));
    g_autofree char *wy = g_strdup_printf ("%d", (int) round (point.y + surface_y));

    xdotool (fixture, "mousemove", "--window", id, wx, wy, "click", "1", NULL);
  }
  WAIT_UNTIL (places->len == 2);

  g_assert_cmpfloat_with_epsilon (g_array_index (places, double, 0), lat, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (places, double, 1), lon, 1e-9);
  /* Around Paris, as shown. */
  g_assert_cmpfloat (fabs (lat - 48.85), <, 15);
  g_assert_cmpfloat (fabs (lon - 2.35), <, 25);
  WAIT_UNTIL (_cm_map_view_get_context_popover (fixture->map) == NULL);
}

int
main (int   argc,
      char *argv[])
{
  if (!map_view_tests_init (&argc, &argv))
    return 0;

  g_test_add ("/gui/map/marker-drag-moves", Fixture, NULL, fixture_set_up, test_marker_drag_moves,
              fixture_tear_down);
  g_test_add ("/gui/map/marker-drag-escape", Fixture, NULL, fixture_set_up, test_marker_drag_escape,
              fixture_tear_down);
  g_test_add ("/gui/map/marker-drag-large", Fixture, NULL, fixture_set_up, test_marker_drag_large,
              fixture_tear_down);
  g_test_add ("/gui/map/context-menu-adds", Fixture, NULL, fixture_set_up, test_context_menu_adds,
              fixture_tear_down);

  return g_test_run ();
}
