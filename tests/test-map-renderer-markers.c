/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the map renderer draws over the basemap, into image surfaces, no
 * display needed: clusters and events, filters and time windows, routes
 * and their split at ±180°, playback, the selection. The basemap, frames
 * and views are in test-map-renderer.c. With CM_TEST_PNG_DIR set, the
 * pictures are written there to look at. */
#include "config.h"

#include <math.h>

#include "cm-map-renderer-markers.h"
#include "cm-map-renderer-routes.h"
#include "cm-session.h"
#include "map-renderer-tests.h"

/* Clusters at the world's scale, each event alone when zoomed in. */
static void
test_clusters (void)
{
  g_autoptr(CmDocument) doc = make_grid_document ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmMapFrame view;
  cairo_surface_t *surface;
  CmMapHit hit;
  double sx, sy;
  guint n_events = 0;

  cm_map_renderer_set_document (renderer, doc);

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    {
      /* The world: one cluster of 49 around Paris, Tokyo alone. */
      cm_map_frame_fit_bounds (&view, k, -60, -180, 80, 180, WIDTH, HEIGHT);
      surface = render (renderer, &view);
      cairo_surface_destroy (surface);

      cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 48.8, 2.3, &sx, &sy);
      g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
      g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_CLUSTER);
      g_assert_cmpuint (hit.count, ==, 49);
      g_assert_cmpfloat_with_epsilon (hit.lat, 48.8, 1);
      g_assert_cmpfloat_with_epsilon (hit.lon, 2.3, 1);

      cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 35.68, 139.69, &sx, &sy);
      g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
      g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_EVENT);
      g_assert_cmpuint (hit.serial, ==, cm_event_store_get_serial (store, hit.position));
      g_assert_cmpfloat (hit.lat, ==, 35.68);

      /* Far from everything. */
      cm_map_frame_to_screen (&view, WIDTH, HEIGHT, -40, -120, &sx, &sy);
      g_assert_false (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
      g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_NONE);

      /* Zoomed in: 0.1° is some 40 px, each event alone. */
      cm_map_frame_fit_bounds (&view, k, 48.45, 1.95, 49.15, 2.65, WIDTH, HEIGHT);
      surface = render (renderer, &view);
      save_png (surface, k == CM_PROJECTION_NATURAL_EARTH ? "map-grid.png" : "map-grid-other.png");
      cairo_surface_destroy (surface);

      n_events = 0;
      for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
        {
          double lat, lon;

          cm_event_store_get_coordinates (store, p, &lat, &lon);
          if (lat > 40)
            {
              cm_map_frame_to_screen (&view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
              g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
              g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_EVENT);
              g_assert_cmpuint (hit.position, ==, p);
              n_events++;
            }
        }
      g_assert_cmpuint (n_events, ==, 49);

      /* In between: neither. */
      cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 48.55, 2.05, &sx, &sy);
      g_assert_false (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
    }
}

/* Gives @renderer the session's new matches. */
static void
matches_changed_cb (CmSession  *session,
                    GParamSpec *pspec,
                    gpointer    renderer)
{
  cm_map_renderer_set_matches (renderer, cm_session_get_matches (session));
}

/* The filter and the time window hide events, or fade them. */
static void
test_filter_and_window (void)
{
  g_autoptr(CmDocument) doc = make_grid_document ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(CmSession) session = cm_session_new (doc);
  CmEventFilter *filter = cm_session_get_filter (session);
  CmMapFrame view;
  cairo_surface_t *surface;
  CmMapHit hit;
  double sx, sy;

  cm_map_renderer_set_document (renderer, doc);
  /* The renderer draws the session's result, renewed on each change. */
  g_signal_connect_object (session, "notify::matches", G_CALLBACK (matches_changed_cb), renderer, 0);
  cm_map_renderer_set_matches (renderer, cm_session_get_matches (session));
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, -60, -180, 80, 180, WIDTH, HEIGHT);
  cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 35.68, 139.69, &sx, &sy);

  /* Tokyo is uncategorized: a category filter hides it. */
  cm_event_filter_set_category (filter, 0);
  surface = render (renderer, &view);
  cairo_surface_destroy (surface);
  g_assert_false (cm_map_renderer_hit_test (renderer, sx, sy, &hit));

  cm_event_filter_set_category (filter, CM_NONE);
  surface = render (renderer, &view);
  cairo_surface_destroy (surface);
  g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy, &hit));

  /* Tokyo is at time 0; a window after it hides it, or fades it. */
  cm_map_renderer_set_time_window (renderer, 86400, 100 * 86400);
  surface = render (renderer, &view);
  cairo_surface_destroy (surface);
  g_assert_false (cm_map_renderer_hit_test (renderer, sx, sy, &hit));

  cm_map_renderer_set_outside_mode (renderer, CM_MAP_OUTSIDE_FADE);
  surface = render (renderer, &view);
  cairo_surface_destroy (surface);
  g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
  g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_EVENT);

  /* The Paris cluster lost its first event (time 0) to the faded layer. */
  cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 48.8, 2.3, &sx, &sy);
  g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
  g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_CLUSTER);
  g_assert_cmpuint (hit.count, ==, 48);
}

/* The route along great circles in both styles, its stops hit. */
static void
test_route (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(CmItinerary) itinerary = NULL;
  const CmStyle *styles[] = { cm_style_get_light (), cm_style_get_dark () };
  guint group = cm_document_find_group (doc, "obama-tour-2011");
  guint college_green, stansted, deauville, moneygall;
  CmMapFrame view;

  itinerary = cm_itinerary_new (doc, group);
  college_green = find_stop_near (itinerary, 53.3444, -6.26);
  moneygall = find_stop_near (itinerary, 52.88, -7.9563);
  stansted = college_green + 1;
  g_assert_cmpfloat_with_epsilon (cm_itinerary_get_stop (itinerary, stansted)->lat, 51.885, 1e-6);
  deauville = find_stop_near (itinerary, 49.36, 0.07);
  g_assert_cmpfloat_with_epsilon (cm_itinerary_get_stop (itinerary, deauville - 1)->lat, 51.885,
                                  1e-6);

  cm_map_renderer_set_document (renderer, doc);

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
      {
        cairo_surface_t *surface;
        double sx, sy;
        CmMapHit hit;

        cm_map_renderer_set_style (renderer, styles[s]);
        cm_map_frame_fit_bounds (&view, k, 36, -12, 60, 28, WIDTH, HEIGHT);
        surface = render (renderer, &view);
        if (k == CM_PROJECTION_NATURAL_EARTH)
          save_png (surface, s == 0 ? "map-europe.png" : "map-europe-dark.png");

        /* Dublin → London and London → Deauville: the route colour along
         * the great circles, where no marker or stop number is drawn over it
         * (hit testing says where they are). */
        for (guint leg = 0; leg < 2; leg++)
          {
            guint probed = 0;

            for (double f = 0.1; f < 0.95; f += 0.05)
              {
                if (leg == 0)
                  leg_point (&view, itinerary, college_green, stansted, f, &sx, &sy);
                else
                  leg_point (&view, itinerary, deauville - 1, deauville, f, &sx, &sy);
                if (cm_map_renderer_hit_test (renderer, sx, sy, &hit))
                  continue;
                g_assert_cmpfloat (nearest_color (surface, sx, sy, &styles[s]->route), <, 0.1);
                probed++;
              }
            g_assert_cmpuint (probed, >=, 5);
          }

        /* Off the route (the Atlantic west of Brittany): water. */
        cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 47, -9, &sx, &sy);
        {
          double rgb[3];

          cm_test_get_pixel (surface, (int) sx, (int) sy, rgb);
          g_assert_cmpfloat (cm_test_color_distance (rgb, &styles[s]->water), <, 0.15);
        }

        /* Moneygall's number, above it, is a stop. */
        {
          const CmStop *stop = cm_itinerary_get_stop (itinerary, moneygall);

          cm_map_frame_to_screen (&view, WIDTH, HEIGHT, stop->lat, stop->lon, &sx, &sy);
          g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy - 16, &hit));
          g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_STOP);
          g_assert_cmpuint (hit.group, ==, group);
          g_assert_cmpuint (hit.stop, ==, moneygall + 1);
          g_assert_cmpuint (hit.position, ==, stop->first);
          g_assert_cmpuint (hit.serial, ==, stop->serial);
        }

        cairo_surface_destroy (surface);
      }
}

/* Zoomed in on a leg (its samples worked out as it is drawn, more of them
 * the longer it is on screen): the route colour along its great circle at
 * every zoom, in every projection. */
static void
test_route_zoomed (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(CmItinerary) itinerary = NULL;
  const CmStyle *style = cm_style_get_light ();
  guint group = cm_document_find_group (doc, "obama-tour-2011");
  const double spans[] = { 6, 1.5, 0.4, 0.1, 0.02 };
  const CmStop *from, *to;
  guint a;

  itinerary = cm_itinerary_new (doc, group);
  a = find_stop_near (itinerary, 53.3444, -6.26);
  from = cm_itinerary_get_stop (itinerary, a);
  to = cm_itinerary_get_stop (itinerary, a + 1);
  cm_map_renderer_set_document (renderer, doc);
  cm_map_renderer_set_style (renderer, style);

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    for (guint z = 0; z < G_N_ELEMENTS (spans); z++)
      {
        double lat, lon, sx, sy;
        cairo_surface_t *surface;
        guint probed = 0;
        CmMapFrame view;

        /* A third of the way, where no stop is. */
        cm_great_circle_point (from->lat, from->lon, to->lat, to->lon, 0.35, &lat, &lon);
        cm_map_frame_fit_bounds (&view, k, lat - spans[z] / 2, lon - spans[z] / 2,
                                 lat + spans[z] / 2, lon + spans[z] / 2, WIDTH, HEIGHT);
        surface = render (renderer, &view);

        for (double f = 0.05; f < 0.95; f += 0.002)
          {
            CmMapHit hit;

            leg_point (&view, itinerary, a, a + 1, f, &sx, &sy);
            if (sx < 4 || sy < 4 || sx > WIDTH - 4 || sy > HEIGHT - 4
                || cm_map_renderer_hit_test (renderer, sx, sy, &hit))
              continue;
            g_assert_cmpfloat (nearest_color (surface, sx, sy, &style->route), <, 0.1);
            probed++;
          }
        g_test_message ("projection %u, span %g: %u points", k, spans[z], probed);
        g_assert_cmpuint (probed, >=, 3);
        cairo_surface_destroy (surface);
      }
}

/* A route across the Pacific splits at ±180°: nothing crosses the map. */
static void
test_antimeridian (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  guint trip = cm_document_add_group (doc, "trip", "Trip", CM_GROUP_ITINERARY);
  const double places[][2] = {
    { 35.68, 139.69 }, { 21.31, -157.86 }, { -33.87, 151.21 }, { -33.45, -70.67 }
  };
  const CmStyle *style = cm_style_get_light ();

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = "";   /* no labels across the route */
      data.start = (CmTime) i * 86400;
      data.precision = CM_PRECISION_DAY;
      data.lat = places[i][0];
      data.lon = places[i][1];
      data.group = trip;
      cm_event_store_insert (store, &data);
    }
  cm_map_renderer_set_document (renderer, doc);

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    {
      g_autoptr(CmItinerary) itinerary = cm_itinerary_new (doc, trip);
      cairo_surface_t *surface;
      CmMapFrame view;
      guint route_pixels = 0;

      /* The world centred on Greenwich: Africa and Europe have no route. */
      cm_map_frame_fit_bounds (&view, k, -60, -180, 75, 180, WIDTH, HEIGHT);
      view.center_x = 0;
      surface = render (renderer, &view);
      for (int y = 0; y < HEIGHT; y++)
        for (int x = WIDTH / 2 - 150; x < WIDTH / 2 + 150; x++)
          {
            double rgb[3];

            cm_test_get_pixel (surface, x, y, rgb);
            if (cm_test_color_distance (rgb, &style->route) < 0.2)
              route_pixels++;
          }
      g_assert_cmpuint (route_pixels, ==, 0);

      /* Tokyo → Honolulu is drawn, on both sides of ±180°. */
      {
        guint probed = 0;

        for (double f = 0.1; f < 0.95; f += 0.05)
          {
            double sx, sy, lat, lon;
            CmMapHit hit;

            leg_point (&view, itinerary, 0, 1, f, &sx, &sy);
            cm_great_circle_point (places[0][0], places[0][1], places[1][0], places[1][1], f, &lat,
                                   &lon);
            if (fabs (fabs (lon) - 180) < 3 || cm_map_renderer_hit_test (renderer, sx, sy, &hit))
              continue;
            g_assert_cmpfloat (nearest_color (surface, sx, sy, &style->route), <, 0.1);
            probed++;
          }
        g_assert_cmpuint (probed, >=, 8);
      }
      if (k == CM_PROJECTION_NATURAL_EARTH)
        save_png (surface, "map-pacific.png");
      cairo_surface_destroy (surface);

      /* Centred on ±180° (the world repeats in the cylindrical ones). */
      if (cm_projection_is_cylindrical (k))
        {
          double sx, sy;

          cm_map_frame_fit_bounds (&view, k, -60, 100, 75, -60, WIDTH, HEIGHT);
          surface = render (renderer, &view);
          leg_point (&view, itinerary, 0, 1, 0.5, &sx, &sy);
          g_assert_cmpfloat (sx, >, 0);
          g_assert_cmpfloat (sx, <, WIDTH);
          g_assert_cmpfloat (nearest_color (surface, sx, sy, &style->route), <, 0.1);
          save_png (surface, k == CM_PROJECTION_WEB_MERCATOR ? "map-pacific-mercator.png"
                                                              : "map-pacific-equirectangular.png");
          cairo_surface_destroy (surface);
        }
    }
}

/* The traveller and the leg under way, in the accent colour. */
static void
test_playback (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(CmItinerary) itinerary = NULL;
  guint group = cm_document_find_group (doc, "obama-tour-2011");
  const CmStyle *style = cm_style_get_light ();
  const CmStop *from, *to;
  cairo_surface_t *surface;
  CmMapFrame view;
  CmTime time;
  double lat, lon, sx, sy, rgb[3];
  guint stop, deauville;
  gboolean travelling;

  itinerary = cm_itinerary_new (doc, group);
  deauville = find_stop_near (itinerary, 49.36, 0.07);
  from = cm_itinerary_get_stop (itinerary, deauville - 1);
  to = cm_itinerary_get_stop (itinerary, deauville);
  time = from->depart + (to->arrive - from->depart) / 3;

  cm_map_renderer_set_document (renderer, doc);
  cm_map_renderer_set_playback (renderer, group, time);
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, 45, -12, 56, 25, WIDTH, HEIGHT);
  surface = render (renderer, &view);
  save_png (surface, "map-playback.png");

  /* The traveller, in the accent colour, where the itinerary says. */
  g_assert_true (cm_itinerary_locate (itinerary, time, &lat, &lon, &stop, &travelling));
  g_assert_true (travelling);
  g_assert_cmpuint (stop, ==, deauville - 1);
  cm_map_frame_to_screen (&view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
  cm_test_get_pixel (surface, (int) sx, (int) sy, rgb);
  g_assert_cmpfloat (cm_test_color_distance (rgb, &style->accent), <, 0.1);

  /* The leg under way is in the accent colour too. */
  {
    guint probed = 0;

    for (double f = 0.4; f < 0.95; f += 0.05)
      {
        CmMapHit hit;

        leg_point (&view, itinerary, deauville - 1, deauville, f, &sx, &sy);
        if (cm_map_renderer_hit_test (renderer, sx, sy, &hit))
          continue;
        g_assert_cmpfloat (nearest_color (surface, sx, sy, &style->accent), <, 0.1);
        probed++;
      }
    g_assert_cmpuint (probed, >=, 3);
  }
  cairo_surface_destroy (surface);

  /* Off: no traveller. */
  cm_map_renderer_set_playback (renderer, CM_NONE, CM_TIME_INVALID);
  surface = render (renderer, &view);
  cm_map_frame_to_screen (&view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
  cm_test_get_pixel (surface, (int) sx, (int) sy, rgb);
  g_assert_cmpfloat (cm_test_color_distance (rgb, &style->accent), >, 0.3);
  cairo_surface_destroy (surface);
}

/* The selected or hovered event drawn on its own on top, hit first. */
/* Pixels of two frames that differ noticeably. */
static guint
count_different (cairo_surface_t *a,
                 cairo_surface_t *b)
{
  guint n = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        double p[3], q[3];

        cm_test_get_pixel (a, x, y, p);
        cm_test_get_pixel (b, x, y, q);
        if (fabs (p[0] - q[0]) + fabs (p[1] - q[1]) + fabs (p[2] - q[2]) > 0.1)
          n++;
      }

  return n;
}

static void
test_selection (void)
{
  g_autoptr(CmDocument) doc = make_grid_document ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  cairo_surface_t *surface;
  CmMapFrame view;
  CmMapHit hit;
  guint position = 24, serial;
  double lat, lon, sx, sy, x, y;

  cm_map_renderer_set_document (renderer, doc);
  serial = cm_event_store_get_serial (store, position);
  cm_event_store_get_coordinates (store, position, &lat, &lon);

  /* At the world's scale the event is in a cluster; selected, it is drawn
   * on its own on top, and hit first. */
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, -60, -180, 80, 180, WIDTH, HEIGHT);
  cm_map_renderer_set_selection (renderer, serial);
  surface = render (renderer, &view);
  cairo_surface_destroy (surface);
  cm_map_frame_to_screen (&view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
  g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
  g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_EVENT);
  g_assert_cmpuint (hit.serial, ==, serial);
  g_assert_true (cm_map_renderer_get_event_point (renderer, serial, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, sx, 1);
  g_assert_cmpfloat_with_epsilon (y, sy, 1);

  /* Another one of the cluster is not drawn on its own. */
  g_assert_false (cm_map_renderer_get_event_point (renderer, cm_event_store_get_serial (store, 0),
                                                   &x, &y));

  cm_map_renderer_set_selection (renderer, CM_NONE);
  cm_map_renderer_set_hover (renderer, serial);
  surface = render (renderer, &view);
  g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
  g_assert_cmpuint (hit.serial, ==, serial);

  /* The hover as an overlay: the frame has no ring, the overlay draws it
   * where render() did (the title is that of a clustered event: drawn by
   * the overlay too). */
  {
    cairo_surface_t *plain, *frame;
    cairo_t *cr;

    cm_map_renderer_set_hover (renderer, CM_NONE);
    plain = render (renderer, &view);
    cm_map_renderer_set_hover (renderer, serial);
    cm_map_renderer_set_hover_overlay (renderer, TRUE);
    frame = render (renderer, &view);
    g_assert_cmpuint (count_different (plain, frame), ==, 0);
    g_assert_cmpuint (count_different (plain, surface), >, 50);
    cr = cairo_create (frame);
    cm_map_renderer_render_hover (renderer, cr);
    cairo_destroy (cr);
    g_assert_cmpuint (count_different (surface, frame), ==, 0);
    cairo_surface_destroy (plain);
    cairo_surface_destroy (frame);
  }
  cairo_surface_destroy (surface);
}

/* 100,000 random events: at several zooms no two cluster discs overlap, and
 * the counts add up to the events in (or just around) the frame. */
/* No two discs drawn in the last frame overlap; only faded ones are
 * hidden, and each under a disc of the window's. Returns the sum of the
 * counts, hidden ones included. */
static guint
assert_drawn_disjoint (CmMapRenderer *renderer)
{
  const Cluster *clusters = (const Cluster *) (void *) renderer->clusters->data;
  guint n = renderer->clusters->len, sum = 0;

  for (guint i = 0; i < n; i++)
    {
      gboolean covered = FALSE;

      sum += clusters[i].count;
      g_assert_true (!clusters[i].hidden || clusters[i].faded);
      for (guint j = 0; j < n; j++)
        {
          double dx = clusters[i].x - clusters[j].x, dy = clusters[i].y - clusters[j].y;
          double reach = _cm_map_cluster_disc_radius (clusters[i].count)
                       + _cm_map_cluster_disc_radius (clusters[j].count);
          gboolean overlap = dx * dx + dy * dy < reach * reach;

          if (j == i)
            continue;
          if (!clusters[i].hidden && !clusters[j].hidden)
            g_assert_false (overlap);
          covered |= overlap && !clusters[j].faded;
        }
      g_assert_true (clusters[i].hidden == covered || !clusters[i].faded);
    }

  return sum;
}

static void
test_clusters_disjoint (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  CmEventStore *store = cm_document_get_store (doc);
  g_autofree double *coordinates = g_new (double, 2 * 100000);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  static const double zooms[] = { 1, 3, 10, 40, 300 };

  for (guint i = 0; i < 100000; i++)
    {
      coordinates[2 * i] = g_rand_double_range (rand, -55, 75);
      coordinates[2 * i + 1] = g_rand_double_range (rand, -170, 170);
      add_event (store, (CmTime) i * 60, coordinates[2 * i], coordinates[2 * i + 1], CM_NONE);
    }

  cm_map_renderer_set_basemap_cache (renderer, FALSE);
  cm_map_renderer_set_document (renderer, doc);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      CmMapFrame view;
      guint sum = 0, inside = 0, near = 0;

      cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, -60, -180, 80, 180, WIDTH, HEIGHT);
      view.scale /= zooms[z];
      cm_map_renderer_render (renderer, cr, WIDTH, HEIGHT, &view);

      g_assert_cmpuint (renderer->clusters->len, >, 0);
      sum = assert_drawn_disjoint (renderer);

      for (guint i = 0; i < 100000; i++)
        {
          double sx, sy, margin = 2 * CELL + 1;

          cm_map_frame_to_screen (&view, WIDTH, HEIGHT, coordinates[2 * i], coordinates[2 * i + 1],
                                  &sx, &sy);
          if (sx >= 0 && sx < WIDTH && sy >= 0 && sy < HEIGHT)
            inside++;
          if (sx >= -margin && sx < WIDTH + margin && sy >= -margin && sy < HEIGHT + margin)
            near++;
        }
      if (z == 0)
        g_assert_cmpuint (inside, ==, 100000);
      g_assert_cmpuint (sum, >=, inside);
      g_assert_cmpuint (sum, <=, near);
    }

  /* With a time window, faded clusters of the rest: none is drawn under
   * one of the window's, and every event is still counted. */
  cm_map_renderer_set_outside_mode (renderer, CM_MAP_OUTSIDE_FADE);
  cm_map_renderer_set_time_window (renderer, 20000 * 60, 60000 * 60);
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      CmMapFrame view;
      guint hidden = 0, faded = 0;

      cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, -60, -180, 80, 180, WIDTH, HEIGHT);
      view.scale /= zooms[z];
      cm_map_renderer_render (renderer, cr, WIDTH, HEIGHT, &view);
      if (z == 0)
        g_assert_cmpuint (assert_drawn_disjoint (renderer), ==, 100000);
      else
        assert_drawn_disjoint (renderer);
      for (guint i = 0; i < renderer->clusters->len; i++)
        {
          faded += g_array_index (renderer->clusters, Cluster, i).faded;
          hidden += g_array_index (renderer->clusters, Cluster, i).hidden;
        }
      g_assert_cmpuint (faded, >, 0);
      if (z == 0)
        g_assert_cmpuint (hidden, >, 0);
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Pixels of @surface in @color. */
static guint
count_color_pixels (cairo_surface_t *surface,
                    const CmColor   *color)
{
  guint n = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        double rgb[3];

        cm_test_get_pixel (surface, x, y, rgb);
        if (cm_test_color_distance (rgb, color) < 0.15)
          n++;
      }

  return n;
}

static guint
count_route_pixels (cairo_surface_t *surface,
                    const CmStyle   *style)
{
  return count_color_pixels (surface, &style->route);
}

/* The detail the last frame drew the only route with. */
static const CmMapRouteDetail *
last_detail (CmMapRenderer *renderer)
{
  CmMapRoute *route;

  g_assert_nonnull (renderer->routes);
  g_assert_cmpuint (renderer->routes->len, ==, 1);
  route = g_ptr_array_index (renderer->routes, 0);
  g_assert_nonnull (route->details[0]);

  return route->details[0];
}

/* A walk of 3,000 stops around Paris: at the world's scale a few of them
 * are kept, the first and last among them, none within SIMPLIFY_PX of the
 * one before; zoomed in, more. A filter that keeps every 150th stop draws
 * those alone; one that keeps none draws no route at all. */
static void
test_route_detail_and_filter (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(CmItinerary) itinerary = NULL;
  g_autoptr(CmMatchSet) some = NULL;
  g_autoptr(CmMatchSet) none = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  guint trip = cm_document_add_group (doc, "trip", "Trip", CM_GROUP_ITINERARY);
  const CmStyle *style = cm_style_get_light ();
  const CmMapRouteDetail *detail;
  guint n_stops, n_world, n_events;
  double lat = 48.8, lon = 2.3, min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  guint32 *positions;
  guint n_positions = 0;
  cairo_surface_t *surface;
  CmMapFrame world, close;

  for (guint i = 0; i < 3000; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = "";
      data.start = (CmTime) i * 86400;
      data.precision = CM_PRECISION_DAY;
      data.lat = lat;
      data.lon = lon;
      data.group = trip;
      cm_event_store_insert (store, &data);
      min_lat = MIN (min_lat, lat);
      max_lat = MAX (max_lat, lat);
      min_lon = MIN (min_lon, lon);
      max_lon = MAX (max_lon, lon);
      lat += g_rand_double_range (rand, -0.06, 0.06);
      lon += g_rand_double_range (rand, -0.08, 0.08);
    }
  itinerary = cm_itinerary_new (doc, trip);
  n_stops = cm_itinerary_get_n_stops (itinerary);
  n_events = cm_event_store_get_n_events (store);
  g_assert_cmpuint (n_stops, >, 2500);

  cm_map_renderer_set_document (renderer, doc);
  cm_map_frame_fit_bounds (&world, CM_PROJECTION_NATURAL_EARTH, -60, -180, 80, 180, WIDTH, HEIGHT);
  cm_map_frame_fit_bounds (&close, CM_PROJECTION_NATURAL_EARTH, min_lat, min_lon, max_lat, max_lon,
                           WIDTH, HEIGHT);

  /* The world: a handful of stops */
  surface = render (renderer, &world);
  detail = last_detail (renderer);
  g_assert_cmpuint (detail->n, >=, 2);
  g_assert_cmpuint (detail->n, <, n_stops / 20);
  g_assert_cmpuint (detail->stops[0], ==, 0);
  g_assert_cmpuint (detail->stops[detail->n - 1], ==, n_stops - 1);
  g_assert_cmpuint (detail->from[detail->n], ==, n_stops);
  for (guint j = 1; j + 1 < detail->n; j++)
    {
      const CmStop *a = cm_itinerary_get_stop (itinerary, detail->stops[j - 1]);
      const CmStop *b = cm_itinerary_get_stop (itinerary, detail->stops[j]);
      double ax, ay, bx, by;

      g_assert_cmpuint (detail->stops[j], >, detail->stops[j - 1]);
      cm_map_frame_to_screen (&world, WIDTH, HEIGHT, a->lat, a->lon, &ax, &ay);
      cm_map_frame_to_screen (&world, WIDTH, HEIGHT, b->lat, b->lon, &bx, &by);
      g_assert_cmpfloat (hypot (bx - ax, by - ay), >=, 1.0);
    }
  n_world = detail->n;
  cairo_surface_destroy (surface);

  /* Zoomed in: more of them, still the first and the last */
  surface = render (renderer, &close);
  detail = last_detail (renderer);
  g_assert_cmpuint (detail->n, >, 10 * n_world);
  g_assert_cmpuint (detail->stops[0], ==, 0);
  g_assert_cmpuint (detail->stops[detail->n - 1], ==, n_stops - 1);
  save_png (surface, "map-route-walk.png");
  g_assert_cmpuint (count_route_pixels (surface, style), >, 1000);
  cairo_surface_destroy (surface);

  /* Every 150th stop */
  positions = g_new (guint32, n_events);
  for (guint s = 0; s < n_stops; s += 150)
    positions[n_positions++] = cm_itinerary_get_stop (itinerary, s)->first;
  some = cm_match_set_new_take (n_events, positions, n_positions);
  cm_map_renderer_set_matches (renderer, some);
  surface = render (renderer, &close);
  detail = last_detail (renderer);
  g_assert_cmpuint (detail->n, ==, n_positions);
  for (guint j = 0; j < detail->n; j++)
    g_assert_cmpuint (detail->stops[j] % 150, ==, 0);
  for (guint b = 0; b < renderer->badges->len; b++)
    {
      const CmMapBadge *badge = &g_array_index (renderer->badges, CmMapBadge, b);

      g_assert_cmpuint (badge->first_stop % 150, ==, 0);
      g_assert_cmpuint (badge->last_stop % 150, ==, 0);
    }
  g_assert_cmpuint (renderer->badges->len, >, 0);
  g_assert_cmpuint (count_route_pixels (surface, style), >, 1000);
  save_png (surface, "map-route-filtered.png");
  cairo_surface_destroy (surface);

  /* None: no route, no stop, no traveller */
  none = cm_match_set_new_take (n_events, NULL, 0);
  cm_map_renderer_set_matches (renderer, none);
  cm_map_renderer_set_playback (renderer, trip, 1500 * 86400 + 3600);
  surface = render (renderer, &close);
  g_assert_cmpuint (last_detail (renderer)->n, ==, 0);
  g_assert_cmpuint (renderer->badges->len, ==, 0);
  g_assert_cmpuint (count_route_pixels (surface, style), ==, 0);
  g_assert_cmpuint (count_color_pixels (surface, &style->accent), ==, 0);
  cairo_surface_destroy (surface);

  /* … which every stop brings back */
  cm_map_renderer_set_matches (renderer, NULL);
  surface = render (renderer, &close);
  g_assert_cmpuint (count_color_pixels (surface, &style->accent), >, 20);
  cairo_surface_destroy (surface);
}

/* At several zooms of the default dataset, no stop number covers a
 * cluster's disc. */
static void
test_route_pills_clear_clusters (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  static const double zooms[] = { 1, 2, 4, 8, 16 };
  guint n_pills = 0;

  cm_map_renderer_set_document (renderer, doc);
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      const Cluster *clusters;
      cairo_surface_t *surface;
      CmMapFrame view;

      cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, 36, -12, 60, 28, WIDTH, HEIGHT);
      view.scale /= zooms[z];
      surface = render (renderer, &view);
      clusters = (const Cluster *) (void *) renderer->clusters->data;

      for (guint b = 0; renderer->badge_numbers && b < renderer->badges->len; b++)
        {
          const CmMapBadge *badge = &g_array_index (renderer->badges, CmMapBadge, b);
          double x0 = badge->x - badge->half_width, x1 = badge->x + badge->half_width;
          double y0 = badge->y - badge->raise - badge->half_height;
          double y1 = badge->y - badge->raise + badge->half_height;

          if (!badge->numbered)
            continue;
          n_pills++;
          for (guint i = 0; i < renderer->clusters->len; i++)
            {
              const Cluster *c = &clusters[i];
              double dx = c->x - CLAMP (c->x, x0, x1), dy = c->y - CLAMP (c->y, y0, y1);
              double r = _cm_map_cluster_disc_radius (c->count);

              if (c->count > 1)
                g_assert_cmpfloat (dx * dx + dy * dy, >=, r * r);
            }
        }
      cairo_surface_destroy (surface);
    }
  g_assert_cmpuint (n_pills, >, 10);
}

/* Adds an event from @start to @end (a moment when equal) at (@lat, @lon),
 * in a bulk load. */
static void
add_span (CmEventStore *store,
          CmTime        start,
          CmTime        end,
          double        lat,
          double        lon,
          guint         category)
{
  CmEventData data;

  cm_event_data_init (&data);
  data.title = "Span";
  data.start = start;
  data.end = end;
  data.precision = CM_PRECISION_MINUTE;
  data.lat = lat;
  data.lon = lon;
  data.category = category;
  cm_event_store_add (store, &data);
}

/* 100,000 random events, half of them around Paris, a third with spans,
 * in four categories. */
static CmDocument *
make_random_document (void)
{
  CmDocument *doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20);
  const CmTime day = 86400;

  for (guint c = 0; c < 4; c++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", c);

      cm_document_add_category (doc, id, id, "#3584e4");
    }

  cm_event_store_begin_bulk (store, 100000);
  for (guint i = 0; i < 100000; i++)
    {
      CmTime start = (CmTime) g_rand_int_range (rand, 0, 1000 * 24 * 60) * 60;
      CmTime end = i % 3 == 0 ? start + g_rand_int_range (rand, 0, 50) * day : start;
      double lat, lon;

      if (i % 2 == 0)
        {
          lat = g_rand_double_range (rand, 48, 50);
          lon = g_rand_double_range (rand, 1, 4);
        }
      else
        {
          lat = g_rand_double_range (rand, -55, 75);
          lon = g_rand_double_range (rand, -170, 170);
        }
      add_span (store, start, end, lat, lon, g_rand_int_range (rand, 0, 5) == 4 ? CM_NONE
                                                                           : i % 4);
    }
  cm_event_store_end_bulk (store);

  return doc;
}

/* The clusters of @a and @b are the same, in the same order. */
static void
assert_same_clusters (CmMapRenderer *a,
                      CmMapRenderer *b)
{
  g_assert_cmpuint (a->clusters->len, ==, b->clusters->len);
  for (guint i = 0; i < a->clusters->len; i++)
    {
      const Cluster *ca = &g_array_index (a->clusters, Cluster, i);
      const Cluster *cb = &g_array_index (b->clusters, Cluster, i);

      g_assert_cmpint (ca->faded, ==, cb->faded);
      g_assert_cmpuint (ca->count, ==, cb->count);
      g_assert_cmpuint (ca->first, ==, cb->first);
      g_assert_cmpuint (ca->category, ==, cb->category);
      g_assert_cmpfloat (ca->x, ==, cb->x);
      g_assert_cmpfloat (ca->y, ==, cb->y);
    }
}

/* The clusters of @renderer count the events of @store in (or, @faded,
 * outside) the window: at least those in the frame, at most those near it;
 * a single marker is that of an event there, in its category. */
static void
assert_window_counts (CmMapRenderer    *renderer,
                      CmEventStore     *store,
                      const CmMapFrame *view,
                      CmTime            window_start,
                      CmTime            window_end,
                      gboolean          faded)
{
  guint sum = 0, in_frame = 0, near = 0;
  double margin = 2 * CELL + 1;

  for (guint i = 0; i < renderer->clusters->len; i++)
    {
      const Cluster *c = &g_array_index (renderer->clusters, Cluster, i);
      guint position = renderer->markers.positions[c->first];
      gboolean inside = cm_event_store_get_start (store, position) <= window_end
                     && cm_event_store_get_end (store, position) >= window_start;

      if (c->faded != faded)
        continue;
      sum += c->count;
      if (c->count == 1)
        {
          double lat, lon, sx, sy;

          g_assert_cmpint (inside, !=, faded);
          g_assert_cmpuint (c->category, ==, cm_event_store_get_category (store, position));
          cm_event_store_get_coordinates (store, position, &lat, &lon);
          cm_map_frame_to_screen (view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
          g_assert_cmpfloat_with_epsilon (sx, c->x, 0.01);
          g_assert_cmpfloat_with_epsilon (sy, c->y, 0.01);
        }
    }

  for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
    {
      gboolean inside = cm_event_store_get_start (store, p) <= window_end
                     && cm_event_store_get_end (store, p) >= window_start;
      double lat, lon, sx, sy;

      if (inside == faded)
        continue;
      cm_event_store_get_coordinates (store, p, &lat, &lon);
      cm_map_frame_to_screen (view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
      if (sx >= 0 && sx < WIDTH && sy >= 0 && sy < HEIGHT)
        in_frame++;
      if (sx >= -margin && sx < WIDTH + margin && sy >= -margin && sy < HEIGHT + margin)
        near++;
    }

  g_assert_cmpuint (sum, >=, in_frame);
  g_assert_cmpuint (sum, <=, near);
}

/* Panning the time window over 100,000 events gives the clusters (in the
 * window and faded outside it) that a new renderer draws for that window,
 * at three zooms and five windows, and they count the right events. */
static void
test_window_pan (void)
{
  g_autoptr(CmDocument) doc = make_random_document ();
  g_autoptr(CmMapRenderer) panned = cm_map_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  static const double zooms[] = { 1, 10, 300 };
  const CmTime day = 86400;
  const CmTime windows[][2] = {
    { 100 * day, 200 * day },
    { 150 * day, 250 * day },
    { 400 * day, 400 * day + 3600 },
    { 0, 1000 * day },
    { 990 * day, 1200 * day },
  };

  cm_map_renderer_set_document (panned, doc);
  cm_map_renderer_set_outside_mode (panned, CM_MAP_OUTSIDE_FADE);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      CmMapFrame view;
      double sx, sy;

      cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, -60, -180, 80, 180, WIDTH, HEIGHT);
      view.scale /= zooms[z];
      if (z > 0)
        {
          /* Over Paris, where half the events are. */
          cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 49, 2.5, &sx, &sy);
          view.center_x += (sx - WIDTH / 2.0) * view.scale;
          view.center_y -= (sy - HEIGHT / 2.0) * view.scale;
        }

      for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
        {
          g_autoptr(CmMapRenderer) fresh = cm_map_renderer_new ();
          guint singles = 0;

          cm_map_renderer_set_time_window (panned, windows[w][0], windows[w][1]);
          cm_map_renderer_render (panned, cr, WIDTH, HEIGHT, &view);

          cm_map_renderer_set_document (fresh, doc);
          cm_map_renderer_set_outside_mode (fresh, CM_MAP_OUTSIDE_FADE);
          cm_map_renderer_set_time_window (fresh, windows[w][0], windows[w][1]);
          cm_map_renderer_render (fresh, cr, WIDTH, HEIGHT, &view);

          g_assert_cmpuint (panned->clusters->len, >, 0);
          assert_same_clusters (panned, fresh);
          assert_window_counts (panned, store, &view, windows[w][0], windows[w][1], FALSE);
          assert_window_counts (panned, store, &view, windows[w][0], windows[w][1], TRUE);

          for (guint i = 0; i < panned->clusters->len; i++)
            singles += g_array_index (panned->clusters, Cluster, i).count == 1;
          if (z == 2)
            g_assert_cmpuint (singles, >, 0);
        }
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* With an asynchronous scene, a frame at a new zoom level is drawn with
 * the grid already built until the thread has built its own, then
 * "changed" asks for the frame that a synchronous renderer draws. */
static void
test_scene_async (void)
{
  g_autoptr(CmDocument) doc = make_random_document ();
  g_autoptr(CmMapRenderer) async = cm_map_renderer_new ();
  g_autoptr(CmMapRenderer) sync = cm_map_renderer_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  guint n_changed = 0;
  CmMapFrame view;

  cm_map_renderer_set_scene_async (async, TRUE);
  g_signal_connect (async, "changed", G_CALLBACK (count_changed_cb), &n_changed);
  cm_map_renderer_set_document (async, doc);
  cm_map_renderer_set_document (sync, doc);
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, -60, -180, 80, 180, WIDTH, HEIGHT);

  /* Nothing built yet: no markers, then the whole frame. */
  cm_map_renderer_render (async, cr, WIDTH, HEIGHT, &view);
  g_assert_cmpuint (async->clusters->len, ==, 0);
  CM_TEST_WAIT_UNTIL (n_changed == 1, 10);
  cm_map_renderer_render (async, cr, WIDTH, HEIGHT, &view);
  cm_map_renderer_render (sync, cr, WIDTH, HEIGHT, &view);
  assert_same_clusters (async, sync);

  /* Closer: the world's grid until the new level's is ready. */
  view.scale /= 8;
  cm_map_renderer_render (async, cr, WIDTH, HEIGHT, &view);
  g_assert_cmpuint (async->clusters->len, >, 0);
  CM_TEST_WAIT_UNTIL (n_changed == 2, 10);
  cm_map_renderer_render (async, cr, WIDTH, HEIGHT, &view);
  cm_map_renderer_render (sync, cr, WIDTH, HEIGHT, &view);
  assert_same_clusters (async, sync);

  /* Panning the time window needs no new grid. */
  cm_map_renderer_set_time_window (async, 0, 100 * 86400);
  cm_map_renderer_set_time_window (sync, 0, 100 * 86400);
  cm_map_renderer_render (async, cr, WIDTH, HEIGHT, &view);
  cm_map_renderer_render (sync, cr, WIDTH, HEIGHT, &view);
  assert_same_clusters (async, sync);
  cm_test_wait_ms (50);
  g_assert_cmpuint (n_changed, ==, 2);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  cm_test_init (&argc, &argv);

  g_test_add_func ("/render/map/clusters", test_clusters);
  g_test_add_func ("/render/map/filter-and-window", test_filter_and_window);
  g_test_add_func ("/render/map/route", test_route);
  g_test_add_func ("/render/map/route-zoomed", test_route_zoomed);
  g_test_add_func ("/render/map/antimeridian", test_antimeridian);
  g_test_add_func ("/render/map/playback", test_playback);
  g_test_add_func ("/render/map/selection", test_selection);
  g_test_add_func ("/render/map/clusters-disjoint", test_clusters_disjoint);
  g_test_add_func ("/render/map/window-pan", test_window_pan);
  g_test_add_func ("/render/map/scene-async", test_scene_async);
  g_test_add_func ("/render/map/route-detail-and-filter", test_route_detail_and_filter);
  g_test_add_func ("/render/map/route-pills-clear-clusters", test_route_pills_clear_clusters);

  result = g_test_run ();

  cm_test_release_fonts ();

  return result;
}
