/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The itinerary stops of the map renderer, into image surfaces, no display
 * needed: the badges a renderer keeps from one frame to the next (see
 * cm-map-renderer-stops.c) must draw what a new renderer draws for the
 * same state, whatever changed in between: the time window, the playback,
 * the frame, the search. */
#include "config.h"

#include <string.h>

#include "map-renderer-tests.h"

typedef struct
{
  CmMapFrame view;
  CmTime     window_start, window_end;
  guint      group;        /* playback */
  CmTime     time;
  CmMatchSet *matches;     /* nullable: every event */
} State;

static void
apply (CmMapRenderer *renderer,
       const State   *state)
{
  cm_map_renderer_set_time_window (renderer, state->window_start, state->window_end);
  cm_map_renderer_set_playback (renderer, state->group, state->time);
  cm_map_renderer_set_matches (renderer, state->matches);
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);

  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (b));
  return memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (gsize) stride * HEIGHT) == 0;
}

/* @state drawn by @kept (after whatever it drew before) and by a new
 * renderer: the same picture. */
static cairo_surface_t *
check_state (CmDocument    *doc,
             CmMapRenderer *kept,
             const State   *state)
{
  g_autoptr(CmMapRenderer) fresh = cm_map_renderer_new ();
  cairo_surface_t *a, *b;

  apply (kept, state);
  a = render (kept, &state->view);

  cm_map_renderer_set_document (fresh, doc);
  apply (fresh, state);
  b = render (fresh, &state->view);

  g_assert_true (same_pixels (a, b));
  cairo_surface_destroy (b);

  return a;
}

/* A tour of @n stops zigzagging over Europe, a day each, in group
 * "long-tour" (an itinerary). */
static CmDocument *
make_long_tour (guint n)
{
  CmDocument *doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  guint group = cm_document_add_group (doc, "long-tour", "Long tour", CM_GROUP_ITINERARY);
  guint category = cm_document_add_category (doc, "stop", "Stop", "#3584e4");

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;
      g_autofree char *title = g_strdup_printf ("Stop %u", i + 1);

      cm_event_data_init (&data);
      data.title = title;
      data.start = 1300000000 + (CmTime) i * 86400;
      data.precision = CM_PRECISION_MINUTE;
      data.lat = 40 + 15 * fabs (sin (i * 0.37));
      data.lon = -5 + 30 * fabs (sin (i * 0.11));
      data.group = group;
      data.category = category;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  return doc;
}

/* Panned timeline, moving playback, a new frame, a search: each frame
 * of the kept renderer is the fresh one's. */
static void
check_sequence (CmDocument *doc,
                guint       group,
                double      min_lat,
                double      min_lon,
                double      max_lat,
                double      max_lon)
{
  g_autoptr(CmMapRenderer) kept = cm_map_renderer_new ();
  g_autoptr(CmItinerary) itinerary = cm_itinerary_new (doc, group);
  CmEventStore *store = cm_document_get_store (doc);
  guint n_events = cm_event_store_get_n_events (store);
  guint n_stops = cm_itinerary_get_n_stops (itinerary);
  const CmStop *second = cm_itinerary_get_stop (itinerary, 1);
  const CmStop *third = cm_itinerary_get_stop (itinerary, 2);
  CmTime first = cm_event_store_get_start (store, 0);
  CmTime last = cm_event_store_get_start (store, n_events - 1);
  cairo_surface_t *at_second, *at_third;
  g_autofree guint32 *half = g_new (guint32, n_events / 2 + 1);
  State state = { 0 };
  guint n_half = 0;

  g_assert_cmpuint (n_stops, >=, 3);
  cm_map_renderer_set_document (kept, doc);

  cm_map_frame_fit_bounds (&state.view, CM_PROJECTION_NATURAL_EARTH, min_lat, min_lon,
                           max_lat, max_lon, WIDTH, HEIGHT);
  state.window_start = first;
  state.window_end = last;
  state.group = CM_NONE;
  state.time = CM_TIME_INVALID;
  cairo_surface_destroy (check_state (doc, kept, &state));

  /* The timeline panned: only the time window changes. */
  for (int step = 1; step <= 3; step++)
    {
      state.window_start = first + (last - first) * step / 5;
      state.window_end = state.window_start + (last - first) / 4;
      cairo_surface_destroy (check_state (doc, kept, &state));
    }

  /* The playback at one stop, then the next: the current badge moves,
   * so the pictures differ. */
  state.group = group;
  state.time = second->arrive;
  at_second = check_state (doc, kept, &state);
  state.time = third->arrive;
  at_third = check_state (doc, kept, &state);
  g_assert_false (same_pixels (at_second, at_third));
  cairo_surface_destroy (at_second);
  cairo_surface_destroy (at_third);

  /* Panned map and zoomed map. */
  state.view.center_x += 40 * state.view.scale;
  cairo_surface_destroy (check_state (doc, kept, &state));
  state.view.scale *= 0.5;
  cairo_surface_destroy (check_state (doc, kept, &state));

  /* A search that keeps every other event, then none. */
  for (guint p = 0; p < n_events; p += 2)
    half[n_half++] = p;
  state.matches = cm_match_set_new_take (n_events, g_steal_pointer (&half), n_half);
  cairo_surface_destroy (check_state (doc, kept, &state));
  cm_match_set_unref (state.matches);
  state.matches = cm_match_set_new_take (n_events, NULL, 0);
  cairo_surface_destroy (check_state (doc, kept, &state));
  cm_match_set_unref (state.matches);
  state.matches = NULL;
  cairo_surface_destroy (check_state (doc, kept, &state));
}

static void
test_kept_badges_deauville (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();

  check_sequence (doc, cm_document_find_group (doc, "obama-tour-2011"), 45, -12, 56, 25);
}

static void
test_kept_badges_long_tour (void)
{
  g_autoptr(CmDocument) doc = make_long_tour (3000);

  check_sequence (doc, cm_document_find_group (doc, "long-tour"), 38, -8, 57, 28);
}

/* Frames of @async until one asks for nothing more (no "changed" within
 * a while): the last of them. */
static cairo_surface_t *
render_settled (CmMapRenderer    *async,
                const CmMapFrame *view,
                guint            *n_changed)
{
  cairo_surface_t *surface = render (async, view);

  for (guint round = 0; round < 100; round++)
    {
      guint before = *n_changed;

      cm_test_wait_ms (100);
      if (*n_changed == before)
        return surface;
      cairo_surface_destroy (surface);
      surface = render (async, view);
    }

  g_assert_not_reached ();
  return surface;
}

/* With an asynchronous scene the route's detail for a new filter result is
 * made in a thread; once the frames settle they draw what a synchronous
 * renderer draws, whatever the filter keeps. */
static void
test_async_matches (void)
{
  g_autoptr(CmDocument) doc = make_long_tour (3000);
  g_autoptr(CmMapRenderer) async = cm_map_renderer_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (2011);
  CmEventStore *store = cm_document_get_store (doc);
  guint n_events = cm_event_store_get_n_events (store);
  guint n_changed = 0;
  State state = { 0 };

  cm_map_renderer_set_scene_async (async, TRUE);
  g_signal_connect (async, "changed", G_CALLBACK (count_changed_cb), &n_changed);
  cm_map_renderer_set_document (async, doc);
  cm_map_frame_fit_bounds (&state.view, CM_PROJECTION_NATURAL_EARTH, 38, -8, 57, 28, WIDTH, HEIGHT);
  state.window_start = CM_TIME_INVALID;
  state.window_end = CM_TIME_INVALID;
  state.group = CM_NONE;
  state.time = CM_TIME_INVALID;

  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(CmMapRenderer) fresh = cm_map_renderer_new ();
      cairo_surface_t *during, *after, *expected;
      guint32 *positions = g_new (guint32, n_events);
      guint n = 0, every = (guint) g_rand_int_range (rand, 1, 40);

      cairo_surface_destroy (render_settled (async, &state.view, &n_changed));

      /* A new result: every k-th event, from a random one on (the last
       * round, none). */
      for (guint p = (guint) g_rand_int_range (rand, 0, 40); round < 5 && p < n_events; p += every)
        positions[n++] = p;
      g_clear_pointer (&state.matches, cm_match_set_unref);
      state.matches = cm_match_set_new_take (n_events, positions, n);

      apply (async, &state);
      during = render (async, &state.view);
      after = render_settled (async, &state.view, &n_changed);

      cm_map_renderer_set_document (fresh, doc);
      apply (fresh, &state);
      expected = render (fresh, &state.view);
      g_assert_true (same_pixels (after, expected));

      cairo_surface_destroy (during);
      cairo_surface_destroy (after);
      cairo_surface_destroy (expected);
    }
  g_clear_pointer (&state.matches, cm_match_set_unref);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/render/map/stops/kept-badges-deauville", test_kept_badges_deauville);
  g_test_add_func ("/render/map/stops/kept-badges-long-tour", test_kept_badges_long_tour);
  g_test_add_func ("/render/map/stops/async-matches", test_async_matches);

  return g_test_run ();
}
