/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The map renderer draws into image surfaces here, no display needed:
 * the basemap, the styles, map frames and extreme views, the kinds of
 * surface. Markers, clusters, routes and playback are in
 * test-map-renderer-markers.c. With CM_TEST_PNG_DIR set, the pictures are
 * written there to look at. */
#include "config.h"

#include <cairo-pdf.h>
#include <math.h>
#include <string.h>

#include "cm-basemap.h"
#include "cm-map-renderer-private.h"
#include "map-renderer-tests.h"

/* Appends what cairo writes to the GByteArray @closure. */
static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The built-in basemap: its countries, label points, lines and credit. */
static void
test_basemap (void)
{
  CmBasemap *basemap = cm_basemap_get_default ();
  const CmBasemapCountry *france;
  const CmBasemapLine *lines;
  guint n_lines, index;

  g_assert_nonnull (basemap);
  g_assert_cmpuint (cm_basemap_get_n_countries (basemap), >, 200);
  g_assert_cmpuint (cm_basemap_get_n_points (basemap), >, 100000);

  /* Largest first. */
  for (guint i = 1; i < cm_basemap_get_n_countries (basemap); i++)
    g_assert_cmpfloat (cm_basemap_get_country (basemap, i - 1)->area, >=,
                       cm_basemap_get_country (basemap, i)->area);
  g_assert_cmpuint (cm_basemap_find_country (basemap, "Russia"), <, 3);

  /* France's label is in mainland France, not in the middle of its
   * overseas departments' box. */
  index = cm_basemap_find_country (basemap, "France");
  g_assert_cmpuint (index, !=, G_MAXUINT);
  france = cm_basemap_get_country (basemap, index);
  g_assert_cmpfloat (france->label_lat, >, 43);
  g_assert_cmpfloat (france->label_lat, <, 50);
  g_assert_cmpfloat (france->label_lon, >, -4);
  g_assert_cmpfloat (france->label_lon, <, 8);
  g_assert_cmpfloat (france->min_lon, <, -50);   /* French Guiana and more */
  g_assert_cmpfloat (france->main_min_lon, >, -6);
  g_assert_cmpuint (france->n_rings, >, 1);

  /* The layers of the world map (the inland ones are another file's). */
  for (guint layer = 0; layer <= CM_BASEMAP_COUNTRIES; layer++)
    {
      lines = cm_basemap_get_lines (basemap, layer, &n_lines);
      g_assert_cmpuint (n_lines, >, 100);
      for (guint i = 0; i < n_lines; i++)
        {
          g_assert_cmpuint (lines[i].first + lines[i].n_points, <=,
                            cm_basemap_get_n_points (basemap));
          g_assert_cmpfloat (lines[i].min_lon, >=, -180);
          g_assert_cmpfloat (lines[i].max_lon, <=, 180);
          g_assert_cmpfloat (lines[i].min_lat, >=, -90);
          g_assert_cmpfloat (lines[i].max_lat, <=, 90);
        }
    }

  /* No ring of the land jumps across the map. */
  lines = cm_basemap_get_lines (basemap, CM_BASEMAP_COAST, &n_lines);
  for (guint i = 0; i < n_lines; i++)
    {
      const double *p = cm_basemap_get_coordinates (basemap) + 2 * lines[i].first;

      for (guint k = 1; k < lines[i].n_points; k++)
        g_assert_cmpfloat (fabs (p[2 * k] - p[2 * k - 2]), <, 90);
    }

  g_assert_nonnull (strstr (cm_basemap_get_credit (), "Natural Earth"));
}

/* Pixels of @a and @b that differ, in every third row and column. */
static guint
count_different (cairo_surface_t *a,
                 cairo_surface_t *b)
{
  guint n = 0;

  for (int y = 0; y < HEIGHT; y += 3)
    for (int x = 0; x < WIDTH; x += 3)
      {
        double pa[3], pb[3];

        cm_test_get_pixel (a, x, y, pa);
        cm_test_get_pixel (b, x, y, pb);
        if (fabs (pa[0] - pb[0]) + fabs (pa[1] - pb[1]) + fabs (pa[2] - pb[2]) > 0.1)
          n++;
      }

  return n;
}

/* Past country zoom the map draws the 1:10m basemap: a renderer whose
 * scene is made in threads first draws 1:50m, readies 1:10m in a thread
 * and says "changed", then draws what an export draws at once. Runs
 * first: nothing else has loaded the detailed map. */
static void
test_basemap_detail (void)
{
  g_autoptr(CmMapRenderer) window = cm_map_renderer_new ();
  g_autoptr(CmMapRenderer) export = cm_map_renderer_new ();
  CmMapRenderer *gone = NULL;
  CmBasemap *detail;
  cairo_surface_t *coarse, *fine, *exported, *world_before, *world_after;
  guint n_changed = 0;
  CmMapFrame view, world;

  g_assert_null (cm_basemap_peek_detail ());

  /* The coast from Le Havre to Caen. */
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_WEB_MERCATOR, 49.1, -0.6, 49.7, 0.6,
                           WIDTH, HEIGHT);
  cm_map_frame_fit_bounds (&world, CM_PROJECTION_WEB_MERCATOR, -60, -170, 75, 170,
                           WIDTH, HEIGHT);
  cm_map_renderer_set_scene_async (window, TRUE);
  g_signal_connect (window, "changed", G_CALLBACK (count_changed_cb), &n_changed);

  /* At world zoom the 1:50m map, and nothing to make. */
  world_before = render (window, &world);
  g_assert_null (cm_basemap_peek_detail ());

  n_changed = 0;
  coarse = render (window, &view);
  g_assert_true (window->detail_loading);
  CM_TEST_WAIT_UNTIL (!window->detail_loading, 30);
  /* The lakes and rivers too, this close. */
  CM_TEST_WAIT_UNTIL (!window->inland_loading, 30);
  g_assert_nonnull (cm_basemap_peek_inland ());
  g_assert_cmpuint (n_changed, >, 0);
  detail = cm_basemap_peek_detail ();
  g_assert_cmpuint (cm_basemap_get_n_points (detail), >, 4 * cm_basemap_get_n_points (cm_basemap_get_default ()));
  g_assert_cmpuint (cm_basemap_get_n_countries (detail), >, 200);
  g_assert_true (cm_basemap_is_projected (detail, CM_PROJECTION_WEB_MERCATOR));

  fine = render (window, &view);
  exported = render (export, &view);
  save_png (coarse, "detail-coarse.png");
  save_png (fine, "detail-fine.png");

  /* The coastline moved by more than a few pixels here and there. */
  g_assert_cmpuint (count_different (coarse, fine), >, WIDTH * HEIGHT / 9 / 200);
  g_assert_cmpuint (count_different (fine, exported), ==, 0);

  /* The world is drawn as before. */
  world_after = render (window, &world);
  g_assert_cmpuint (count_different (world_before, world_after), ==, 0);

  cairo_surface_destroy (coarse);
  cairo_surface_destroy (fine);
  cairo_surface_destroy (exported);
  cairo_surface_destroy (world_before);
  cairo_surface_destroy (world_after);

  /* Until the threads it started end, they hold it. */
  gone = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &gone);
  g_clear_object (&window);
  CM_TEST_WAIT_UNTIL (gone == NULL, 30);
}

/* Whether (@lat, @lon) is inside the rings of @layer, even-odd. */
static gboolean
inside_layer (CmBasemap      *map,
              CmBasemapLayer  layer,
              double          lat,
              double          lon)
{
  const double *xy = cm_basemap_get_coordinates (map);
  const CmBasemapLine *lines;
  gboolean inside = FALSE;
  guint n_lines;

  lines = cm_basemap_get_lines (map, layer, &n_lines);
  for (guint i = 0; i < n_lines; i++)
    {
      const double *p = xy + 2 * lines[i].first;
      guint n = lines[i].n_points;

      if (lat < lines[i].min_lat || lat > lines[i].max_lat
          || lon < lines[i].min_lon || lon > lines[i].max_lon)
        continue;
      for (guint a = 0, b = n - 1; a < n; b = a++)
        {
          if ((p[2 * a + 1] > lat) != (p[2 * b + 1] > lat)
              && lon < (p[2 * b] - p[2 * a]) * (lat - p[2 * a + 1])
                       / (p[2 * b + 1] - p[2 * a + 1]) + p[2 * a])
            inside = !inside;
        }
    }

  return inside;
}

/* Pixels of @surface in [@x0, @x1) × [@y0, @y1) where @channel (0 red, 1
 * green) stands out of the other two: the thin lines drawn in pure red or
 * green, antialiased. */
static guint
count_tinted_in (cairo_surface_t *surface,
                 guint            channel,
                 int              x0,
                 int              y0,
                 int              x1,
                 int              y1)
{
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, HEIGHT); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, WIDTH); x++)
      {
        double p[3];

        cm_test_get_pixel (surface, x, y, p);
        if (p[channel] - MAX (p[(channel + 1) % 3], p[(channel + 2) % 3]) > 0.15)
          n++;
      }

  return n;
}

static guint
count_tinted (cairo_surface_t *surface,
              guint            channel)
{
  return count_tinted_in (surface, channel, 0, 0, WIDTH, HEIGHT);
}

/* Lakes, rivers and state boundaries: the file loads with its layers, and
 * each is drawn where it should be, past its zoom and not before (an
 * export's renderer, which loads them at once). Rivers and boundaries in
 * colours of their own here, to be told from the rest. */
static void
test_basemap_inland (void)
{
  static const struct { double lat, lon; } seine[] = {
    { 48.8580, 2.2920 },   /* the Eiffel Tower */
    { 48.8566, 2.3410 },   /* Pont Neuf */
    { 48.8440, 2.3660 },   /* Pont d'Austerlitz */
    { 48.8260, 2.2380 },   /* Île Seguin */
  };
  static const CmColor river = { 1, 0, 0, 1 }, boundary = { 0, 1, 0, 1 };
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmBasemap *inland = cm_basemap_get_inland ();
  CmBasemap *detail = cm_basemap_get_detail ();
  CmStyle style = *cm_style_get_light ();
  const CmBasemapLine *lines;
  cairo_surface_t *surface;
  guint n_lines, n_rank0 = 0;
  CmMapFrame view;
  double sx, sy, p[3];

  g_assert_nonnull (inland);
  g_assert_cmpuint (cm_basemap_get_n_countries (inland), ==, 0);
  cm_basemap_get_lines (inland, CM_BASEMAP_LAND, &n_lines);
  g_assert_cmpuint (n_lines, ==, 0);
  lines = cm_basemap_get_lines (inland, CM_BASEMAP_LAKES, &n_lines);
  g_assert_cmpuint (n_lines, >, 2000);
  for (guint i = 0; i < n_lines; i++)
    {
      g_assert_cmpuint (lines[i].rank, <=, 3);
      g_assert_true (lines[i].flags & CM_BASEMAP_LINE_CLOSED);
      n_rank0 += lines[i].rank == 0;
    }
  g_assert_cmpuint (n_rank0, >, 10);
  g_assert_cmpuint (n_rank0, <, n_lines / 10);
  lines = cm_basemap_get_lines (inland, CM_BASEMAP_RIVERS, &n_lines);
  g_assert_cmpuint (n_lines, >, 2000);
  for (guint i = 0; i < n_lines; i++)
    g_assert_cmpuint (lines[i].rank, <=, 2);
  /* Every country's divisions: rank 0 between large states, 1 where one
   * is small (more of these: Europe's counties and départements). */
  lines = cm_basemap_get_lines (inland, CM_BASEMAP_BOUNDARIES, &n_lines);
  g_assert_cmpuint (n_lines, >, 2000);
  n_rank0 = 0;
  for (guint i = 0; i < n_lines; i++)
    {
      g_assert_cmpuint (lines[i].rank, <=, 1);
      n_rank0 += lines[i].rank == 0;
    }
  g_assert_cmpuint (n_rank0, >, 300);
  g_assert_cmpuint (n_rank0, <, n_lines / 2);

  style.river = river;
  style.boundary = boundary;
  cm_map_renderer_set_style (renderer, &style);

  /* Lake Geneva, where the land layer alone has land. */
  g_assert_true (inside_layer (detail, CM_BASEMAP_LAND, 46.45, 6.5));
  g_assert_true (inside_layer (inland, CM_BASEMAP_LAKES, 46.45, 6.5));
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_WEB_MERCATOR, 46.1, 6.0, 46.7, 7.0, WIDTH, HEIGHT);
  surface = render (renderer, &view);
  save_png (surface, "inland-geneva.png");
  cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 46.45, 6.5, &sx, &sy);
  /* (Next to the border through the lake.) */
  g_assert_cmpfloat (cm_test_nearest_color (surface, sx, sy, 4, &style.water), <, 0.02);
  /* Its land on the north shore, Lausanne. */
  cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 46.56, 6.63, &sx, &sy);
  cm_test_get_pixel (surface, (int) sx, (int) sy, p);
  g_assert_cmpfloat (fabs (p[0] - style.water.red) + fabs (p[1] - style.water.green)
                     + fabs (p[2] - style.water.blue), >, 0.05);
  cairo_surface_destroy (surface);

  /* The Seine through Paris. */
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_WEB_MERCATOR, 48.6, 1.9, 49.1, 2.8, WIDTH, HEIGHT);
  surface = render (renderer, &view);
  save_png (surface, "inland-paris.png");
  for (guint i = 0; i < G_N_ELEMENTS (seine); i++)
    {
      cm_map_frame_to_screen (&view, WIDTH, HEIGHT, seine[i].lat, seine[i].lon, &sx, &sy);
      g_assert_cmpfloat (cm_test_nearest_color (surface, sx, sy, 12, &river), <, 0.3);
    }
  /* The départements around Paris (every country has its divisions). */
  g_assert_cmpuint (count_tinted (surface, 1), >, 500);
  cairo_surface_destroy (surface);

  /* State lines across the Great Plains at continent zoom, none at the
   * world's, nor rivers. */
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_WEB_MERCATOR, 30, -110, 48, -85, WIDTH, HEIGHT);
  surface = render (renderer, &view);
  save_png (surface, "inland-plains.png");
  g_assert_cmpuint (count_tinted (surface, 1), >, 1000);
  g_assert_cmpuint (count_tinted (surface, 0), >, 1000);
  cairo_surface_destroy (surface);

  /* France whole: its départements are drawn only closer in. */
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_WEB_MERCATOR, 42, -5, 51, 8, WIDTH, HEIGHT);
  surface = render (renderer, &view);
  save_png (surface, "inland-france.png");
  {
    double x0, y0, x1, y1;

    /* Inside France, from Tours to Dijon and Orléans to Limoges; the
     * Länder of Germany may have lines (they are large). */
    cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 47.9, 0.7, &x0, &y0);
    cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 45.9, 5.0, &x1, &y1);
    g_assert_cmpuint (count_tinted_in (surface, 1, x0, y0, x1, y1), ==, 0);
  }
  cairo_surface_destroy (surface);

  cm_map_frame_fit_bounds (&view, CM_PROJECTION_WEB_MERCATOR, 15, -150, 60, -60, WIDTH, HEIGHT);
  surface = render (renderer, &view);
  save_png (surface, "inland-america.png");
  g_assert_cmpuint (count_tinted (surface, 1), ==, 0);
  g_assert_cmpuint (count_tinted (surface, 0), ==, 0);
  cairo_surface_destroy (surface);
}

static guint32
get_version (const guint8 *data)
{
  return data[8] | data[9] << 8 | (guint32) data[10] << 16 | (guint32) data[11] << 24;
}

/* A basemap cut short or with bytes changed: an error, never a crash. */
static void
check_corrupt (const char *resource,
               guint       n_random)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree guint8 *copy = g_memdup2 (data, length);
  const gsize cuts[] = {
    0, 1, 8, 79, 80, 81, 1000, length / 2, length - 5, length - 4, length - 1
  };

  /* The real one loads. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CmBasemap) basemap = cm_basemap_new_from_bytes (bytes, &error);

    g_assert_no_error (error);
    g_assert_nonnull (basemap);
  }

  /* Cut short anywhere: an error. */
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut = g_bytes_new (data, cuts[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CmBasemap) basemap = cm_basemap_new_from_bytes (cut, &error);

      g_assert_null (basemap);
      g_assert_error (error, CM_BASEMAP_ERROR, CM_BASEMAP_ERROR_CORRUPT);
    }

  /* A wrong header field. */
  {
    /* Version 2's number of extra layers last. */
    const gsize fields[] = { 0, 8, 12, 48, 56, 60, 64, 68, 72 };
    guint n_fields = G_N_ELEMENTS (fields) - (get_version (data) < 2);

    for (guint i = 0; i < n_fields; i++)
      {
        g_autoptr(GBytes) bad = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(CmBasemap) basemap = NULL;

        memcpy (copy, data, length);
        copy[fields[i]] ^= 0x5a;
        copy[fields[i] + 3] ^= 0x40;
        bad = g_bytes_new (copy, length);
        basemap = cm_basemap_new_from_bytes (bad, &error);
        g_assert_null (basemap);
        g_assert_error (error, CM_BASEMAP_ERROR, CM_BASEMAP_ERROR_CORRUPT);
        g_assert_nonnull (strstr (error->message, "byte"));
      }
  }

  /* Bytes changed at random: an error or a basemap, never a crash (run it
   * under ASan and valgrind). */
  for (guint i = 0; i < n_random; i++)
    {
      g_autoptr(GBytes) bad = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CmBasemap) basemap = NULL;
      guint n = (guint) g_rand_int_range (rand, 1, 8);

      memcpy (copy, data, length);
      for (guint k = 0; k < n; k++)
        {
          gint32 at = g_rand_int_range (rand, 80, (gint32) length - 4);

          copy[at] = (guint8) g_rand_int_range (rand, 0, 256);
        }
      bad = g_bytes_new (copy, length);
      basemap = cm_basemap_new_from_bytes (bad, &error);
      g_assert_true ((basemap == NULL) != (error == NULL));
      if (error != NULL)
        g_assert_error (error, CM_BASEMAP_ERROR, CM_BASEMAP_ERROR_CORRUPT);
    }
}

static void
test_basemap_corrupt (void)
{
  check_corrupt (CM_BASEMAP_RESOURCE, 300);
}

/* The same for the inland layers' file, of format version 2 (fewer random
 * changes: it is six times the size). */
static void
test_basemap_inland_corrupt (void)
{
  check_corrupt (CM_BASEMAP_INLAND_RESOURCE, 40);
}

/* The light and the dark style give different pictures, dark the darker. */
static void
test_styles_differ (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  cairo_surface_t *light, *dark;
  CmMapFrame view;
  guint differ = 0, total = 0;

  cm_map_renderer_set_document (renderer, doc);
  cm_map_frame_fit_events (&view, doc, CM_PROJECTION_NATURAL_EARTH, WIDTH, HEIGHT);
  cm_map_renderer_set_style (renderer, cm_style_get_light ());
  light = render (renderer, &view);
  cm_map_renderer_set_style (renderer, cm_style_get_dark ());
  dark = render (renderer, &view);

  for (int y = 0; y < HEIGHT; y += 7)
    for (int x = 0; x < WIDTH; x += 7)
      {
        double a[3], b[3];

        cm_test_get_pixel (light, x, y, a);
        cm_test_get_pixel (dark, x, y, b);
        total++;
        if (fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2]) > 0.3)
          differ++;
      }
  g_assert_cmpuint (differ, >, total * 9 / 10);

  /* Dark is darker. */
  {
    double a[3], b[3];

    cm_test_get_pixel (light, WIDTH / 2, HEIGHT / 2, a);
    cm_test_get_pixel (dark, WIDTH / 2, HEIGHT / 2, b);
    g_assert_cmpfloat (a[0] + a[1] + a[2], >, b[0] + b[1] + b[2] + 1);
  }

  save_png (light, "map-world.png");
  save_png (dark, "map-world-dark.png");
  cairo_surface_destroy (light);
  cairo_surface_destroy (dark);
}

/* Frames fitted to events, to one place, to nothing; screen and back. */
static void
test_views (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  CmEventStore *store = cm_document_get_store (doc);
  CmMapFrame view;

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    {
      /* Every event in the frame once fitted. */
      cm_map_frame_fit_events (&view, doc, k, WIDTH, HEIGHT);
      g_assert_cmpint (view.projection, ==, k);
      for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
        {
          double lat, lon, sx, sy;

          if (!cm_event_store_get_coordinates (store, p, &lat, &lon))
            continue;
          cm_map_frame_to_screen (&view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
          g_assert_cmpfloat (sx, >=, 0);
          g_assert_cmpfloat (sx, <=, WIDTH);
          g_assert_cmpfloat (sy, >=, 0);
          g_assert_cmpfloat (sy, <=, HEIGHT);
        }

      /* To the screen and back. */
      for (guint i = 0; i < 200; i++)
        {
          double lat = g_rand_double_range (rand, 20, 70), lon = g_rand_double_range (rand, -179,
                                                                                      179);
          double sx, sy, lat2, lon2;

          cm_map_frame_to_screen (&view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
          g_assert_true (cm_map_frame_from_screen (&view, WIDTH, HEIGHT, sx, sy, &lat2, &lon2));
          g_assert_cmpfloat_with_epsilon (lat2, lat, 1e-9);
          g_assert_cmpfloat_with_epsilon (lon2, lon, 1e-9);
        }

      /* One place: zoomed in, but not all the way. */
      {
        g_autoptr(CmDocument) one = cm_document_new ();
        CmEventData data;
        double sx0, sy0, sx1, sy1;

        cm_event_data_init (&data);
        data.title = "Deauville";
        data.start = 0;
        data.lat = 49.36;
        data.lon = 0.07;
        cm_event_store_insert (cm_document_get_store (one), &data);
        cm_map_frame_fit_events (&view, one, k, WIDTH, HEIGHT);
        cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 49.36, 0.07, &sx0, &sy0);
        g_assert_cmpfloat_with_epsilon (sx0, WIDTH / 2.0, 1);
        g_assert_cmpfloat_with_epsilon (sy0, HEIGHT / 2.0, 20);
        cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 49.36, 1.07, &sx1, &sy1);
        g_assert_cmpfloat (sx1 - sx0, >, 50);
        g_assert_cmpfloat (sx1 - sx0, <, 1000);
      }

      /* Nothing: the world. */
      {
        g_autoptr(CmDocument) empty = cm_document_new ();
        double half_width, half_height;

        cm_map_frame_fit_events (&view, empty, k, WIDTH, HEIGHT);
        cm_projection_get_bounds (k, &half_width, &half_height);
        g_assert_cmpfloat (view.scale, >=, 2 * half_width / WIDTH - 1e-12);
      }
    }

  /* Events on both sides of ±180°: the narrow way across it. */
  {
    g_autoptr(CmDocument) pacific = cm_document_new ();
    CmEventData data;
    double sx, sy;

    cm_event_data_init (&data);
    data.title = "Fiji";
    data.lat = -17.7;
    data.lon = 178.0;
    cm_event_store_insert (cm_document_get_store (pacific), &data);
    data.title = "Samoa";
    data.lat = -13.8;
    data.lon = -172.1;
    cm_event_store_insert (cm_document_get_store (pacific), &data);

    cm_map_frame_fit_events (&view, pacific, CM_PROJECTION_EQUIRECTANGULAR, WIDTH, HEIGHT);
    cm_map_frame_to_screen (&view, WIDTH, HEIGHT, -17.7, 178.0, &sx, &sy);
    g_assert_cmpfloat (sx, >, 0);
    g_assert_cmpfloat (sx, <, WIDTH / 2);
    cm_map_frame_to_screen (&view, WIDTH, HEIGHT, -13.8, -172.1, &sx, &sy);
    g_assert_cmpfloat (sx, >, WIDTH / 2);
    g_assert_cmpfloat (sx, <, WIDTH);
    /* A few hundred px per 10° */
    g_assert_cmpfloat (view.scale, <, 0.001);
  }
}

/* What one extreme frame must show. A frame that cannot be drawn (no
 * scale, a centre that is not a number) draws nothing and hits nothing;
 * any other covers the whole picture, and every probe on a grid shows the
 * colour of what is there: the background off the world, water or land on
 * it (within 2 px, for the lines and names drawn across). */
static void
assert_extreme_frame (CmMapRenderer    *renderer,
                      cairo_surface_t  *surface,
                      const CmMapFrame *view)
{
  const CmStyle *style = cm_style_get_light ();
  gboolean drawable = view->scale > 0 && isfinite (view->scale)
                      && isfinite (view->center_x) && isfinite (view->center_y);
  CmMapHit hit;

  if (!drawable)
    {
      for (int y = 0; y < HEIGHT; y += 50)
        for (int x = 0; x < WIDTH; x += 50)
          g_assert_cmpuint (cm_test_get_alpha (surface, x, y), ==, 0);
      g_assert_false (cm_map_renderer_hit_test (renderer, WIDTH / 2, HEIGHT / 2, &hit));
      g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_NONE);
      return;
    }

  for (int y = 0; y < HEIGHT; y += 50)
    for (int x = 0; x < WIDTH; x += 50)
      g_assert_cmpuint (cm_test_get_alpha (surface, x, y), ==, 255);

  /* The corners and the middle: a cluster, stop or event in its colour
   * where one is hit; elsewhere off the world the background, on it water
   * or land. */
  {
    const int probes[][2] = { { 5, 5 }, { WIDTH - 6, 5 }, { 5, HEIGHT - 6 },
                              { WIDTH - 6, HEIGHT - 6 }, { WIDTH / 2, HEIGHT / 2 } };

    for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
      {
        double lat, lon, x = probes[p][0], y = probes[p][1];

        if (cm_map_renderer_hit_test (renderer, x, y, &hit))
          {
            switch (hit.kind)
              {
              case CM_MAP_HIT_CLUSTER:
                {
                  /* Drawn at 90 % over whatever is below. */
                  const CmColor *below[] = { &style->background, &style->water, &style->land };
                  double best = G_MAXDOUBLE;

                  for (guint b = 0; b < G_N_ELEMENTS (below); b++)
                    {
                      CmColor color = style->cluster;

                      color.red = 0.9 * color.red + 0.1 * below[b]->red;
                      color.green = 0.9 * color.green + 0.1 * below[b]->green;
                      color.blue = 0.9 * color.blue + 0.1 * below[b]->blue;
                      best = MIN (best, nearest_color (surface, x, y, &color));
                    }
                  g_assert_cmpfloat (best, <, 0.03);
                }
                break;
              case CM_MAP_HIT_STOP:
                g_assert_cmpfloat (nearest_color (surface, x, y, &style->route), <, 0.03);
                break;
              case CM_MAP_HIT_EVENT:
              case CM_MAP_HIT_NONE:
              default:
                g_assert_not_reached ();
              }
          }
        else if (cm_map_frame_from_screen (view, WIDTH, HEIGHT, x, y, &lat, &lon))
          g_assert_cmpfloat (MIN (nearest_color (surface, x, y, &style->water),
                                  nearest_color (surface, x, y, &style->land)), <, 0.05);
        else
          g_assert_cmpfloat (nearest_color (surface, x, y, &style->background), <, 0.05);
      }
  }
}

/* Street level, far away, zoomed out past the world, nonsense: the right
 * picture or nothing, never a crash or a cairo error. */
static void
test_extreme_views (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  const double scales[] = { 1e-7, 2.3e-7, 1e-5, 0.1, 10, 0, -1, NAN, INFINITY };
  const double centers[][2] = { { 0, 0 }, { 1000, 0 }, { -7, 3 }, { NAN, 0 } };

  cm_map_renderer_set_document (renderer, doc);
  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    for (guint c = 0; c < G_N_ELEMENTS (centers); c++)
      for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
        for (guint cache = 0; cache < 2; cache++)
          {
            CmMapFrame view = { k, centers[c][0], centers[c][1], scales[i] };
            cairo_surface_t *surface;

            cm_map_renderer_set_basemap_cache (renderer, cache);
            surface = render (renderer, &view);
            assert_extreme_frame (renderer, surface, &view);
            cairo_surface_destroy (surface);
          }

  /* The coast of Normandy at street level: the box in the middle of the
   * frame, land and water both there. */
  {
    const CmStyle *style = cm_style_get_light ();
    CmMapFrame view;
    cairo_surface_t *surface;
    double x0, y0, x1, y1;
    guint n_water = 0, n_land = 0, total = 0;

    cm_map_frame_fit_bounds (&view, CM_PROJECTION_WEB_MERCATOR, 49.355, 0.06, 49.37, 0.09, WIDTH,
                            HEIGHT);
    surface = render (renderer, &view);
    save_png (surface, "map-street.png");
    cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 49.355, 0.06, &x0, &y0);
    cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 49.37, 0.09, &x1, &y1);
    g_assert_cmpfloat_with_epsilon ((x0 + x1) / 2, WIDTH / 2, 1);
    g_assert_cmpfloat_with_epsilon ((y0 + y1) / 2, HEIGHT / 2, 1);
    g_assert_cmpfloat (x0, >=, 0);
    g_assert_cmpfloat (x1, <=, WIDTH);
    g_assert_cmpfloat (y1, >=, 0);
    g_assert_cmpfloat (y0, <=, HEIGHT);
    for (int y = 2; y < HEIGHT; y += 10)
      for (int x = 2; x < WIDTH; x += 10)
        {
          double rgb[3];

          cm_test_get_pixel (surface, x, y, rgb);
          total++;
          if (cm_test_color_distance (rgb, &style->water) < 0.05)
            n_water++;
          else if (cm_test_color_distance (rgb, &style->land) < 0.05)
            n_land++;
        }
    g_assert_cmpuint (n_water, >, total / 20);
    g_assert_cmpuint (n_land, >, total / 20);
    cairo_surface_destroy (surface);
  }
}

/* Vector surfaces get paths, recordings sprites; the cache serves images. */
static void
test_surfaces (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  CmMapFrame view;

  cm_map_renderer_set_document (renderer, doc);
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, 36, -12, 60, 28, WIDTH, HEIGHT);

  surface = cairo_pdf_surface_create_for_stream (append_cb, pdf, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  cm_map_renderer_render (renderer, cr, WIDTH, HEIGHT, &view);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (pdf->len, >, 10000);

  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (surface);
  cm_map_renderer_render (renderer, cr, WIDTH, HEIGHT, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* The cache: panning by whole pixels gives the same picture as drawing
   * anew, up to the thin lines (Wu lines in the cache) and the edges of
   * the land. */
  for (guint i = 0; i < 12; i++)
    {
      cairo_surface_t *cached, *fresh;
      guint same = 0, total = 0;

      view.center_x += 7 * view.scale;
      cm_map_renderer_set_basemap_cache (renderer, TRUE);
      cached = render (renderer, &view);
      cm_map_renderer_set_basemap_cache (renderer, i % 2 == 0);
      fresh = render (renderer, &view);
      for (int y = 0; y < HEIGHT; y += 3)
        for (int x = 0; x < WIDTH; x += 3)
          {
            double a[3], b[3];

            cm_test_get_pixel (cached, x, y, a);
            cm_test_get_pixel (fresh, x, y, b);
            total++;
            if (fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2]) < 0.1)
              same++;
          }
      /* Rivers are thin lines too. */
      g_assert_cmpuint (same, >, total * 96 / 100);
      cairo_surface_destroy (cached);
      cairo_surface_destroy (fresh);
    }
  cm_map_renderer_set_basemap_cache (renderer, FALSE);
}

/* Places a few degrees apart on both sides of ±180° are fitted the narrow
 * way across it, centred on it, by the map and by the export of a time
 * window alike (one function). */
static void
test_fit_across_antimeridian (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(GArray) lons = g_array_new (FALSE, FALSE, sizeof (double));
  const double places[][2] = { { -16.0, 179.0 }, { -16.5, -179.0 } };
  CmEventData data;

  cm_event_data_init (&data);
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      data.title = "Place";
      data.lat = places[i][0];
      data.lon = places[i][1];
      cm_event_store_insert (cm_document_get_store (doc), &data);
    }

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    {
      CmMapFrame view, window;
      double sx_west, sx_east, sx_mid, sy;

      if (!cm_projection_is_cylindrical (k))
        continue;

      cm_map_frame_fit_events (&view, doc, k, WIDTH, HEIGHT);
      cm_map_frame_to_screen (&view, WIDTH, HEIGHT, -16.0, 179.0, &sx_west, &sy);
      g_assert_cmpfloat (sy, >, 0);
      g_assert_cmpfloat (sy, <, HEIGHT);
      cm_map_frame_to_screen (&view, WIDTH, HEIGHT, -16.5, -179.0, &sx_east, &sy);
      cm_map_frame_to_screen (&view, WIDTH, HEIGHT, -16.25, 180.0, &sx_mid, &sy);
      g_assert_cmpfloat (sx_west, >, 0);
      g_assert_cmpfloat (sx_west, <, WIDTH / 2.0);
      g_assert_cmpfloat (sx_east, >, WIDTH / 2.0);
      g_assert_cmpfloat (sx_east, <, WIDTH);
      g_assert_cmpfloat_with_epsilon (sx_mid, WIDTH / 2.0, 1);
      /* The 2° between them fill most of the frame: not the whole world. */
      g_assert_cmpfloat (sx_east - sx_west, >, WIDTH / 2.0);

      g_array_set_size (lons, 0);
      for (guint i = 0; i < G_N_ELEMENTS (places); i++)
        g_array_append_val (lons, places[i][1]);
      _cm_map_frame_fit_places (&window, k, lons, -16.5, -16.0, WIDTH, HEIGHT);
      g_assert_cmpint (window.projection, ==, view.projection);
      g_assert_cmpfloat_with_epsilon (window.center_x, view.center_x, 1e-12);
      g_assert_cmpfloat_with_epsilon (window.center_y, view.center_y, 1e-12);
      g_assert_cmpfloat_with_epsilon (window.scale, view.scale, 1e-15);
    }
}

/* Draws the box from (@min_lat, @min_lon) to (@max_lat, @max_lon) and
 * returns the cluster of @count events drawn over (@lat, @lon). */
static CmMapHit
cluster_at (CmMapRenderer *renderer,
            double         min_lat,
            double         min_lon,
            double         max_lat,
            double         max_lon,
            double         lat,
            double         lon,
            guint          count)
{
  CmMapFrame view;
  CmMapHit hit;
  double sx, sy;

  cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, min_lat, min_lon, max_lat, max_lon,
                           WIDTH, HEIGHT);
  cairo_surface_destroy (render (renderer, &view));
  cm_map_frame_to_screen (&view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
  g_assert_true (cm_map_renderer_hit_test (renderer, sx, sy, &hit));
  g_assert_cmpint (hit.kind, ==, CM_MAP_HIT_CLUSTER);
  g_assert_cmpuint (hit.count, ==, count);

  return hit;
}

/* Which events a cluster stands for, and whether they share one place:
 * 40 at Deauville (within centimetres) and 40 spread around Paris. */
static void
test_cluster_events (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  CmEventStore *store = cm_document_get_store (doc);
  CmProjectionKind kind = CM_PROJECTION_NATURAL_EARTH;
  double x0, y0, x1, y1, finest;
  CmMapHit hit;

  for (guint i = 0; i < 40; i++)
    {
      add_event (store, 1306000000 + i * 3600, 49.36 + i * 1e-7, 0.07, 0);
      add_event (store, 1306000000 + i * 3600 + 60, 48.70 + i * 0.01, 2.20 + i * 0.01, 0);
    }
  cm_map_renderer_set_document (renderer, doc);

  /* Street level: about a metre a pixel. */
  g_assert_true (cm_projection_forward (kind, 49.36, 0.07, &x0, &y0));
  g_assert_true (cm_projection_forward (kind, 49.36, 0.07 + 1e-5, &x1, &y1));
  finest = x1 - x0;

  /* Close on Deauville: its 40 events are one cluster at one place. */
  hit = cluster_at (renderer, 49.2, -0.3, 49.5, 0.4, 49.36, 0.07, 40);
  g_assert_true (cm_map_renderer_get_cluster_events (renderer, &hit, finest, positions));
  g_assert_cmpuint (positions->len, ==, 40);
  for (guint i = 0; i < positions->len; i++)
    {
      double lat, lon;

      if (i > 0)
        g_assert_cmpuint (g_array_index (positions, guint, i - 1), <, g_array_index (positions, guint, i));
      g_assert_true (cm_event_store_get_coordinates (store, g_array_index (positions, guint, i), &lat, &lon));
      g_assert_cmpfloat (fabs (lat - 49.36), <, 1e-4);
      g_assert_cmpfloat (fabs (lon - 0.07), <, 1e-4);
    }

  /* The whole world: Deauville and Paris in one cluster, which zooming in
   * would part. */
  hit = cluster_at (renderer, -60, -179, 80, 179, 49.0, 1.2, 80);
  g_assert_false (cm_map_renderer_get_cluster_events (renderer, &hit, finest, positions));
  g_assert_cmpuint (positions->len, ==, 80);

  /* Not a cluster: nothing. */
  hit.kind = CM_MAP_HIT_EVENT;
  g_assert_false (cm_map_renderer_get_cluster_events (renderer, &hit, finest, positions));
  g_assert_cmpuint (positions->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  cm_test_init (&argc, &argv);

  g_test_add_func ("/render/map/basemap-detail", test_basemap_detail);
  g_test_add_func ("/render/map/basemap", test_basemap);
  g_test_add_func ("/render/map/basemap-inland", test_basemap_inland);
  g_test_add_func ("/render/map/basemap-corrupt", test_basemap_corrupt);
  g_test_add_func ("/render/map/basemap-inland-corrupt", test_basemap_inland_corrupt);
  g_test_add_func ("/render/map/styles-differ", test_styles_differ);
  g_test_add_func ("/render/map/views", test_views);
  g_test_add_func ("/render/map/extreme-views", test_extreme_views);
  g_test_add_func ("/render/map/surfaces", test_surfaces);
  g_test_add_func ("/render/map/fit-across-antimeridian", test_fit_across_antimeridian);
  g_test_add_func ("/render/map/cluster-events", test_cluster_events);

  result = g_test_run ();

  cm_test_release_fonts ();

  return result;
}
