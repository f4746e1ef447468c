/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the map and the playback bar: run under xvfb-run. Pointer
 * and keys are real X input sent with xdotool. */
#include "config.h"

#include "map-view-fixture.h"

/* Tests ------------------------------------------------------------------ */

static void
test_click_selects (Fixture       *fixture,
                    gconstpointer  user_data)
{
  CmMapFrame before, after;
  CmMapHit hit;
  double sx, sy;

  g_assert_cmpuint (cm_viewport_get_selection (fixture->viewport), ==, CM_NONE);
  g_assert_true (find_marker (fixture, &sx, &sy, &hit));
  g_assert_cmpuint (hit.serial, !=, CM_NONE);

  cm_map_view_get_frame (fixture->map, &before);
  pointer_at (fixture, sx, sy, "click", "1");
  WAIT_UNTIL (cm_viewport_get_selection (fixture->viewport) == hit.serial);

  /* Selecting on the map does not move it. */
  cm_test_wait_ms (100);
  cm_map_view_get_frame (fixture->map, &after);
  g_assert_cmpfloat (after.center_x, ==, before.center_x);
  g_assert_cmpfloat (after.center_y, ==, before.center_y);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->map)));

  /* A click on empty sea deselects. */
  pointer_at (fixture, 20, 20, "click", "1");
  WAIT_UNTIL (cm_viewport_get_selection (fixture->viewport) == CM_NONE);
}

/* No label under the on-map controls: the view keeps their box out. */
static void
test_labels_keep_out (Fixture       *fixture,
                      gconstpointer  user_data)
{
  CmMapRenderer *renderer = _cm_map_view_get_renderer (fixture->map);
  const CmMapBox *boxes = NULL;
  graphene_rect_t bounds;
  guint n = 0, n_labels = 0;
  gboolean kept = FALSE;

  g_assert_true (gtk_widget_compute_bounds (fixture->map->controls, GTK_WIDGET (fixture->map),
                                            &bounds));
  WAIT_UNTIL ((boxes = cm_map_renderer_get_boxes (renderer, &n), n > 0));
  for (guint i = 0; i < n; i++)
    {
      const CmMapBox *b = &boxes[i];

      if (!b->label && b->x <= bounds.origin.x && b->y <= bounds.origin.y
          && b->x + b->width >= bounds.origin.x + bounds.size.width
          && b->y + b->height >= bounds.origin.y + bounds.size.height)
        kept = TRUE;
      if (b->label)
        {
          n_labels++;
          g_assert_false (b->x < bounds.origin.x + bounds.size.width
                          && bounds.origin.x < b->x + b->width
                          && b->y < bounds.origin.y + bounds.size.height
                          && bounds.origin.y < b->y + b->height);
        }
    }
  g_assert_true (kept);
  g_assert_cmpuint (n_labels, >, 0);
}

static void
test_selection_pans (Fixture       *fixture,
                     gconstpointer  user_data)
{
  CmEventStore *store = cm_document_get_store (fixture->document);
  guint position = CM_NONE;
  CmMapFrame frame, after, target;
  double sx, sy, lat, lon;

  /* Warsaw, with the map on Dublin, close. */
  for (guint i = 0; i < cm_event_store_get_n_events (store) && position == CM_NONE; i++)
    if (g_strcmp0 (cm_event_store_get_title (store, i), "Obama arrives in Warsaw") == 0)
      position = i;
  g_assert_cmpuint (position, !=, CM_NONE);

  cm_map_view_get_frame (fixture->map, &frame);
  g_assert_true (cm_projection_forward (frame.projection, 53.35, -6.26, &frame.center_x, &frame.center_y));
  frame.scale /= 8;
  cm_map_view_set_frame (fixture->map, &frame, FALSE);
  cm_test_wait_ms (50);
  event_to_screen (fixture, position, &sx, &sy);
  g_assert_false (on_screen (fixture, sx, sy));

  /* Animated, not a jump: the frame has not moved yet, the animation
   * goes to the same zoom, and it ends there. */
  cm_viewport_set_selection (fixture->viewport, cm_event_store_get_serial (store, position));
  g_assert_true (_cm_map_view_is_animating (fixture->map));
  cm_map_view_get_frame (fixture->map, &after);
  g_assert_cmpfloat (after.center_x, ==, frame.center_x);
  g_assert_cmpfloat (after.center_y, ==, frame.center_y);
  target = fixture->map->animation_to;
  g_assert_cmpfloat (target.scale, ==, frame.scale);
  g_assert_cmpfloat (fabs (target.center_x - frame.center_x), >, 100 * frame.scale);
  WAIT_UNTIL (!_cm_map_view_is_animating (fixture->map));
  cm_map_view_get_frame (fixture->map, &after);
  g_assert_cmpfloat_with_epsilon (after.center_x, target.center_x, 1e-9);
  g_assert_cmpfloat_with_epsilon (after.center_y, target.center_y, 1e-9);

  /* Warsaw is now in view, in the middle of the part left of the
   * controls, not under them. */
  event_to_screen (fixture, position, &sx, &sy);
  g_assert_true (on_screen (fixture, sx, sy));
  g_assert_cmpfloat (_cm_map_view_get_right_inset (fixture->map), >, 40);
  g_assert_cmpfloat_with_epsilon (sx, (gtk_widget_get_width (GTK_WIDGET (fixture->map)) -
                                       _cm_map_view_get_right_inset (fixture->map)) / 2., 2);

  /* Selecting something already in view does not move the map. */
  cm_map_view_get_frame (fixture->map, &frame);
  g_assert_true (cm_event_store_get_coordinates (store, position, &lat, &lon));
  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    {
      double other_lat, other_lon;

      if (i != position && cm_event_store_get_coordinates (store, i, &other_lat, &other_lon) &&
          fabs (other_lat - lat) < 0.2 && fabs (other_lon - lon) < 0.2)
        {
          cm_viewport_set_selection (fixture->viewport, cm_event_store_get_serial (store, i));
          g_assert_false (_cm_map_view_is_animating (fixture->map));
          cm_map_view_get_frame (fixture->map, &after);
          g_assert_cmpfloat (after.center_x, ==, frame.center_x);
          break;
        }
    }
}

static void
check_point_fixed (Fixture *fixture,
                   double   x,
                   double   y,
                   gboolean zoom_in)
{
  CmMapFrame before, after;
  double width, height, lat, lon, sx, sy;

  get_map_size (fixture, &width, &height);
  cm_map_view_get_frame (fixture->map, &before);
  g_assert_true (cm_map_frame_from_screen (&before, width, height, x, y, &lat, &lon));

  pointer_at (fixture, x, y, "click", zoom_in ? "4" : "5");
  if (zoom_in)
    WAIT_UNTIL ((cm_map_view_get_frame (fixture->map, &after), after.scale < before.scale * 0.9));
  else
    WAIT_UNTIL ((cm_map_view_get_frame (fixture->map, &after), after.scale > before.scale * 1.1));

  /* The place under the pointer is still under it. */
  cm_map_frame_to_screen (&after, width, height, lat, lon, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, x, 1.0);
  g_assert_cmpfloat_with_epsilon (sy, y, 1.0);
}

static void
test_scroll_zoom (Fixture       *fixture,
                  gconstpointer  user_data)
{
  double width, height;

  zoom_on_paris (fixture);
  get_map_size (fixture, &width, &height);

  /* Away from the centre, so that zooming around the centre would fail. */
  check_point_fixed (fixture, width * 0.3, height * 0.6, TRUE);
  check_point_fixed (fixture, width * 0.3, height * 0.6, TRUE);
  check_point_fixed (fixture, width * 0.7, height * 0.35, FALSE);
}

static void
test_drag_pans (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *id = window_id (fixture);
  g_autofree char *wx = NULL;
  g_autofree char *wy = NULL;
  CmMapFrame before, after;
  CmMapHit hit;
  double width, height, lat, lon, sx, sy, x0, y0;

  zoom_on_paris (fixture);
  get_map_size (fixture, &width, &height);
  cm_map_view_get_frame (fixture->map, &before);

  /* From empty map near the centre: a drag on a marker moves its event. */
  x0 = width / 2;
  y0 = height / 2;
  while (_cm_map_view_hit_test (fixture->map, x0, y0, &hit) && y0 > 40)
    y0 -= 10;
  g_assert_false (_cm_map_view_hit_test (fixture->map, x0, y0, &hit));
  g_assert_true (cm_map_frame_from_screen (&before, width, height, x0, y0, &lat, &lon));

  pointer_at (fixture, x0, y0, "mousedown", "1");
  for (int step = 1; step <= 5; step++)
    {
      g_clear_pointer (&wx, g_free);
      g_clear_pointer (&wy, g_free);
      map_to_window (fixture, x0 + 20 * step, y0 + 10 * step, &wx, &wy);
      xdotool (fixture, "mousemove", "--window", id, wx, wy, NULL);
      cm_test_wait_ms (30);
    }
  xdotool (fixture, "mouseup", "1", NULL);
  cm_test_wait_ms (100);

  /* The place grabbed moved with the pointer; nothing was selected. */
  cm_map_view_get_frame (fixture->map, &after);
  cm_map_frame_to_screen (&after, width, height, lat, lon, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, x0 + 100, 1.5);
  g_assert_cmpfloat_with_epsilon (sy, y0 + 50, 1.5);
  g_assert_cmpfloat (after.scale, ==, before.scale);
  g_assert_cmpuint (cm_viewport_get_selection (fixture->viewport), ==, CM_NONE);
}

static void
test_actions (Fixture       *fixture,
              gconstpointer  user_data)
{
  CmMapFrame before, after;

  gtk_widget_activate_action (GTK_WIDGET (fixture->map), "map.projection", "s", "web-mercator");
  g_assert_cmpint (cm_map_view_get_projection (fixture->map), ==, CM_PROJECTION_WEB_MERCATOR);
  cm_map_view_set_projection (fixture->map, CM_PROJECTION_EQUIRECTANGULAR);
  {
    GActionGroup *group = G_ACTION_GROUP (fixture->map->actions);
    g_autoptr(GVariant) state = g_action_group_get_action_state (group, "projection");

    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "equirectangular");
  }

  gtk_widget_activate_action (GTK_WIDGET (fixture->map), "map.outside-mode", "s", "hide");
  g_assert_cmpint (cm_map_view_get_outside_mode (fixture->map), ==, CM_MAP_OUTSIDE_HIDE);

  /* Keys, with the map focused. */
  gtk_widget_grab_focus (GTK_WIDGET (fixture->map));
  cm_map_view_get_frame (fixture->map, &before);
  xdotool (fixture, "key", "--clearmodifiers", "plus", NULL);
  WAIT_UNTIL (!_cm_map_view_is_animating (fixture->map) &&
              (cm_map_view_get_frame (fixture->map, &after), after.scale < before.scale * 0.6));

  cm_map_view_get_frame (fixture->map, &before);
  xdotool (fixture, "key", "--clearmodifiers", "Right", NULL);
  WAIT_UNTIL ((cm_map_view_get_frame (fixture->map, &after), after.center_x > before.center_x));

  cm_map_view_get_frame (fixture->map, &before);
  xdotool (fixture, "key", "--clearmodifiers", "Home", NULL);
  WAIT_UNTIL (!_cm_map_view_is_animating (fixture->map) &&
              (cm_map_view_get_frame (fixture->map, &after), after.scale > before.scale * 1.5));
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_scale (GtkWidget *widget)
{
  if (GTK_IS_SCALE (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scale (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_label_prefix (GtkWidget  *widget,
                  const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_label_prefix (child, prefix))
      return TRUE;

  return FALSE;
}

static void
test_playback (Fixture       *fixture,
               gconstpointer  user_data)
{
  CmPlayback *playback = fixture->playback;
  GtkWidget *play = find_button (GTK_WIDGET (fixture->bar), "playback.toggle");
  GtkWidget *next = find_button (GTK_WIDGET (fixture->bar), "playback.next");
  GtkWidget *previous = find_button (GTK_WIDGET (fixture->bar), "playback.previous");
  guint n_stops = cm_itinerary_get_n_stops (cm_playback_get_itinerary (playback));
  g_autofree char *first_stage = g_strdup_printf ("1/%u", n_stops);
  g_autofree char *second_stage = g_strdup_printf ("2/%u", n_stops);
  CmTime t0, time;

  g_assert_nonnull (play);
  g_assert_nonnull (next);
  g_assert_nonnull (previous);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 0);
  g_assert_true (has_label_prefix (GTK_WIDGET (fixture->bar), first_stage));
  g_assert_false (gtk_widget_get_sensitive (previous));

  /* Next and previous stop (buttons activate after their pressed look) */
  gtk_widget_activate (next);
  WAIT_UNTIL (cm_playback_get_stop (playback) == 1);
  g_assert_cmpint (cm_playback_get_time (playback), ==,
                   cm_itinerary_get_stop (cm_playback_get_itinerary (playback), 1)->arrive);
  g_assert_true (has_label_prefix (GTK_WIDGET (fixture->bar), second_stage));
  g_assert_true (gtk_widget_get_sensitive (previous));
  gtk_widget_activate (previous);
  WAIT_UNTIL (cm_playback_get_stop (playback) == 0);
  g_assert_true (has_label_prefix (GTK_WIDGET (fixture->bar), first_stage));

  /* Play: the frame clock moves the time on, and the timeline follows. */
  cm_viewport_set_window (fixture->viewport, cm_playback_get_time (playback) - 3600,
                          cm_playback_get_time (playback) + 3 * 3600);
  t0 = cm_playback_get_time (playback);
  gtk_widget_activate (play);
  WAIT_UNTIL (cm_playback_get_playing (playback));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (play)), ==, "media-playback-pause-symbolic");
  WAIT_UNTIL (cm_playback_get_time (playback) > t0 + 6 * 3600);
  time = cm_playback_get_time (playback);
  g_assert_cmpint (cm_viewport_get_start (fixture->viewport), <=, time);
  g_assert_cmpint (cm_viewport_get_end (fixture->viewport), >=, time);
  g_assert_cmpint (cm_viewport_get_end (fixture->viewport) - cm_viewport_get_start (fixture->viewport), ==, 4 * 3600);

  /* Space on the focused map pauses. */
  gtk_widget_grab_focus (GTK_WIDGET (fixture->map));
  xdotool (fixture, "key", "--clearmodifiers", "space", NULL);
  WAIT_UNTIL (!cm_playback_get_playing (playback));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (play)), ==, "media-playback-start-symbolic");
  time = cm_playback_get_time (playback);
  cm_test_wait_ms (200);
  g_assert_cmpint (cm_playback_get_time (playback), ==, time);

  /* The scrubber seeks, within the itinerary's range. */
  {
    GtkWidget *scale = find_scale (GTK_WIDGET (fixture->bar));
    CmTime start, end, middle;
    gboolean handled;

    g_assert_nonnull (scale);
    g_assert_true (cm_playback_get_range (playback, &start, &end));
    middle = start + (end - start) / 2;

    g_signal_emit_by_name (scale, "change-value", GTK_SCROLL_JUMP, (double) middle, &handled);
    g_assert_cmpint (cm_playback_get_time (playback), ==, middle);
    g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (scale)), ==, (double) middle);
    g_signal_emit_by_name (scale, "change-value", GTK_SCROLL_JUMP, (double) end + 86400, &handled);
    g_assert_cmpint (cm_playback_get_time (playback), ==, end);
  }
}

/* Playing from the whole world frames the itinerary, so that the
 * traveller's moves can be seen; zoomed in closer, the zoom is kept. */
static void
test_playback_frames (Fixture       *fixture,
                      gconstpointer  user_data)
{
  CmPlayback *playback = fixture->playback;
  CmItinerary *itinerary = cm_playback_get_itinerary (playback);
  CmMapFrame world, frame;

  g_assert_nonnull (itinerary);
  cm_map_view_get_frame (fixture->map, &world);
  world.center_x = world.center_y = 0;
  world.scale = G_MAXDOUBLE;
  cm_map_view_set_frame (fixture->map, &world, FALSE);
  cm_map_view_get_frame (fixture->map, &world);
  for (guint i = 0; i < cm_itinerary_get_n_stops (itinerary); i++)
    g_assert_true (_cm_map_view_point_on_screen (fixture->map, cm_itinerary_get_stop (itinerary, i)->lat,
                                                 cm_itinerary_get_stop (itinerary, i)->lon, 0));

  /* From the whole document (ten years) on the timeline, playing shows
   * the itinerary's week. */
  {
    CmTime start, end;

    g_assert_true (cm_playback_get_range (playback, &start, &end));
    g_assert_cmpint (cm_viewport_get_end (fixture->viewport) - cm_viewport_get_start (fixture->viewport), >,
                     100 * (end - start));
    cm_playback_play (playback);
    g_assert_cmpint (cm_viewport_get_start (fixture->viewport), <=, start);
    g_assert_cmpint (cm_viewport_get_end (fixture->viewport), >=, end);
    g_assert_cmpint (cm_viewport_get_end (fixture->viewport) - cm_viewport_get_start (fixture->viewport), <,
                     2 * (end - start));
    cm_playback_pause (playback);
  }

  /* The timeline shows the whole itinerary: playing from its start moves
   * it just enough to keep the time off the edge, not to its middle. */
  {
    CmTime start, end, span;

    g_assert_true (cm_playback_get_range (playback, &start, &end));
    span = end - start;
    cm_playback_seek (playback, start);
    cm_viewport_set_window (fixture->viewport, start - span / 50, end + span / 50);
    cm_playback_play (playback);
    WAIT_UNTIL (cm_playback_get_time (playback) > start);
    g_assert_cmpint (cm_viewport_get_start (fixture->viewport), >=, start - span / 8);
    g_assert_cmpint (cm_viewport_get_end (fixture->viewport), >=, end - span / 8);
    g_assert_cmpint (cm_viewport_get_start (fixture->viewport), <=, cm_playback_get_time (playback));
  }

  WAIT_UNTIL (!_cm_map_view_is_animating (fixture->map));
  cm_playback_pause (playback);
  cm_map_view_get_frame (fixture->map, &frame);
  g_assert_cmpfloat (frame.scale, <, world.scale / 4);
  for (guint i = 0; i < cm_itinerary_get_n_stops (itinerary); i++)
    g_assert_true (_cm_map_view_point_on_screen (fixture->map, cm_itinerary_get_stop (itinerary, i)->lat,
                                                 cm_itinerary_get_stop (itinerary, i)->lon, 8));

  /* Closer than that: playing keeps the zoom. */
  frame.scale /= 16;
  cm_map_view_set_frame (fixture->map, &frame, FALSE);
  cm_map_view_get_frame (fixture->map, &frame);
  cm_playback_play (playback);
  WAIT_UNTIL (!_cm_map_view_is_animating (fixture->map));
  cm_playback_pause (playback);
  cm_map_view_get_frame (fixture->map, &world);
  g_assert_cmpfloat (world.scale, ==, frame.scale);
}

/* The place search frames what it finds: a town close up, a country
 * whole; an unknown name moves nothing. */
static void
test_find_place (Fixture       *fixture,
                 gconstpointer  data)
{
  CmMapFrame before, town, country;
  double width, height, lat, lon, sx, sy;

  get_map_size (fixture, &width, &height);
  cm_map_view_get_frame (fixture->map, &before);

  g_assert_false (_cm_map_view_find_place (fixture->map, "Qwzxv Nowhere", FALSE));
  cm_map_view_get_frame (fixture->map, &town);
  g_assert_cmpfloat (town.scale, ==, before.scale);
  g_assert_cmpfloat (town.center_x, ==, before.center_x);

  g_assert_true (_cm_map_view_find_place (fixture->map, "Warsaw, Poland", FALSE));
  cm_map_view_get_frame (fixture->map, &town);
  g_assert_true (cm_map_frame_from_screen (&town, width, height, width / 2, height / 2, &lat, &lon));
  g_assert_cmpfloat (fabs (lat - 52.23), <, 0.1);
  g_assert_cmpfloat (fabs (lon - 21.01), <, 0.1);
  /* Close up: a few tens of kilometres across, not the country. */
  cm_map_frame_to_screen (&town, width, height, 52.23, 21.01 + 1.0, &sx, &sy);
  g_assert_cmpfloat (sx - width / 2, >, width / 4);

  g_assert_true (_cm_map_view_find_place (fixture->map, "France", FALSE));
  cm_map_view_get_frame (fixture->map, &country);
  g_assert_cmpfloat (country.scale, >, town.scale);
  g_assert_true (cm_map_frame_from_screen (&country, width, height, width / 2, height / 2, &lat, &lon));
  g_assert_cmpfloat (fabs (lat - 46.5), <, 3);
  g_assert_cmpfloat (fabs (lon - 2.5), <, 4);
}

/* A cluster at one place ------------------------------------------------- */

#define SAME_PLACE_EVENTS 60

/* SAME_PLACE_EVENTS events at Deauville (within a few centimetres), and a
 * few in Paris and Berlin. */
static char *
same_place_document (void)
{
  GString *json = g_string_new ("{ \"chronomap\": 1, \"title\": \"One place\", \"events\": [");

  for (int i = 0; i < SAME_PLACE_EVENTS; i++)
    g_string_append_printf (json, "%s{ \"title\": \"Deauville event %02d\", \"start\": \"2011-05-%02dT%02d:00:00Z\","
                                  " \"place\": \"Deauville, France\", \"lat\": %.8f, \"lon\": 0.0700 }",
                            i > 0 ? "," : "", i, 1 + i / 24, i % 24, 49.3600 + i * 1e-7);
  for (int i = 0; i < 3; i++)
    g_string_append_printf (json, ",{ \"title\": \"Paris %d\", \"start\": \"2011-06-0%dT10:00:00Z\","
                                  " \"lat\": %g, \"lon\": %g }, { \"title\": \"Berlin %d\","
                                  " \"start\": \"2011-06-0%dT12:00:00Z\", \"lat\": %g, \"lon\": %g }",
                            i, i + 1, 48.85 + i * 0.3, 2.35 + i * 0.3, i, i + 1, 52.52 + i * 0.3, 13.40 + i * 0.3);
  g_string_append (json, "] }");

  return g_string_free (json, FALSE);
}

static GtkListBox *
popover_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    return GTK_LIST_BOX (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListBox *list = popover_list (child);

      if (list != NULL)
        return list;
    }

  return NULL;
}

static guint
count_list_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;

  return n;
}

/* Where the Deauville cluster is drawn, and what it is. */
static void
find_same_place_cluster (Fixture  *fixture,
                         double   *sx,
                         double   *sy,
                         CmMapHit *hit)
{
  event_to_screen (fixture, 0, sx, sy);
  WAIT_UNTIL (!_cm_map_view_is_animating (fixture->map) &&
              cm_map_renderer_hit_test (_cm_map_view_get_renderer (fixture->map), *sx, *sy, hit) &&
              hit->kind == CM_MAP_HIT_CLUSTER);
  g_assert_cmpuint (hit->count, ==, SAME_PLACE_EVENTS);
}

/* Clicking a cluster whose events share one place lists them, without
 * zooming; choosing one selects it. Enter on the cluster at the centre of
 * the focused map does the same. */
static void
test_same_place_cluster (Fixture       *fixture,
                         gconstpointer  user_data)
{
  CmEventStore *store = cm_document_get_store (fixture->document);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  CmMapFrame before, after;
  GtkWidget *popover;
  GtkListBox *list;
  CmMapHit hit;
  double sx, sy, min_scale, max_scale;
  g_autofree char *label = NULL;
  guint chosen;

  find_same_place_cluster (fixture, &sx, &sy, &hit);

  /* The renderer knows the cluster is at one place, and which events. */
  _cm_map_view_get_scale_limits (fixture->map, CM_PROJECTION_NATURAL_EARTH, &min_scale, &max_scale);
  g_assert_true (cm_map_renderer_get_cluster_events (_cm_map_view_get_renderer (fixture->map), &hit,
                                                     min_scale, positions));
  g_assert_cmpuint (positions->len, ==, SAME_PLACE_EVENTS);
  for (guint i = 0; i < positions->len; i++)
    g_assert_true (g_str_has_prefix (cm_event_store_get_title (store, g_array_index (positions, guint, i)),
                                     "Deauville event"));

  /* A click lists them and does not zoom. */
  cm_map_view_get_frame (fixture->map, &before);
  pointer_at (fixture, sx, sy, "click", "1");
  WAIT_UNTIL (_cm_map_view_get_cluster_popover (fixture->map) != NULL);
  cm_test_wait_ms (300);
  cm_map_view_get_frame (fixture->map, &after);
  g_assert_cmpfloat (after.scale, ==, before.scale);
  g_assert_cmpuint (cm_viewport_get_selection (fixture->viewport), ==, CM_NONE);

  popover = _cm_map_view_get_cluster_popover (fixture->map);
  list = popover_list (popover);
  g_assert_nonnull (list);
  /* Capped, the rest counted. */
  g_assert_cmpuint (count_list_rows (list), ==, 50);
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (gtk_list_box_get_row_at_index (list, 2)),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  g_assert_nonnull (strstr (label, "Deauville event 02"));

  /* Choosing one selects it, and the list goes. */
  chosen = cm_event_store_get_serial (store, g_array_index (positions, guint, 2));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 2));
  g_assert_cmpuint (cm_viewport_get_selection (fixture->viewport), ==, chosen);
  WAIT_UNTIL (_cm_map_view_get_cluster_popover (fixture->map) == NULL);
  g_clear_pointer (&label, g_free);
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (fixture->map), GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  g_assert_nonnull (strstr (label, "Deauville event 02"));

  /* Enter, with the cluster at the centre of the focused map. */
  cm_viewport_set_selection (fixture->viewport, CM_NONE);
  cm_map_view_get_frame (fixture->map, &before);
  g_assert_true (cm_projection_forward (before.projection, 49.36, 0.07, &before.center_x, &before.center_y));
  cm_map_view_set_frame (fixture->map, &before, FALSE);
  cm_test_wait_ms (100);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->map));
  xdotool (fixture, "key", "--clearmodifiers", "Return", NULL);
  WAIT_UNTIL (_cm_map_view_get_cluster_popover (fixture->map) != NULL);
  list = popover_list (_cm_map_view_get_cluster_popover (fixture->map));
  g_assert_cmpuint (count_list_rows (list), ==, 50);
  /* The focus is in the list: Enter chooses the first. */
  xdotool (fixture, "key", "--clearmodifiers", "Return", NULL);
  WAIT_UNTIL (cm_viewport_get_selection (fixture->viewport) != CM_NONE);
  g_assert_cmpuint (cm_viewport_get_selection (fixture->viewport), ==,
                    cm_event_store_get_serial (store, g_array_index (positions, guint, 0)));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *same_place = NULL;

  if (!map_view_tests_init (&argc, &argv))
    return 0;

  g_test_add ("/gui/map/click-selects", Fixture, NULL, fixture_set_up, test_click_selects, fixture_tear_down);
  g_test_add ("/gui/map/labels-keep-out", Fixture, NULL, fixture_set_up, test_labels_keep_out,
              fixture_tear_down);
  g_test_add ("/gui/map/selection-pans", Fixture, NULL, fixture_set_up, test_selection_pans, fixture_tear_down);
  g_test_add ("/gui/map/scroll-zoom", Fixture, NULL, fixture_set_up, test_scroll_zoom, fixture_tear_down);
  g_test_add ("/gui/map/drag-pans", Fixture, NULL, fixture_set_up, test_drag_pans, fixture_tear_down);
  g_test_add ("/gui/map/actions", Fixture, NULL, fixture_set_up, test_actions, fixture_tear_down);
  g_test_add ("/gui/map/playback", Fixture, NULL, fixture_set_up, test_playback, fixture_tear_down);
  g_test_add ("/gui/map/playback-frames", Fixture, NULL, fixture_set_up, test_playback_frames, fixture_tear_down);
  g_test_add ("/gui/map/find-place", Fixture, NULL, fixture_set_up, test_find_place, fixture_tear_down);
  same_place = same_place_document ();
  g_test_add ("/gui/map/same-place-cluster", Fixture, same_place, fixture_set_up,
              test_same_place_cluster, fixture_tear_down);

  return g_test_run ();
}
