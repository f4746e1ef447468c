/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the tests of CmMapRenderer: the frame size, documents
 * loaded from the default dataset or made up on a grid, frames rendered
 * into image surfaces, their pixels, points along an itinerary. With
 * CM_TEST_PNG_DIR set, the pictures are written there to look at. */

#include <cairo.h>
#include <math.h>

#include "cm-core.h"
#include "cm-test-util.h"
#include "cm-itinerary.h"
#include "cm-map-frame.h"
#include "cm-map-renderer.h"
#include "cm-native.h"

#define WIDTH 1200
#define HEIGHT 800

/* The default dataset, loaded. */
static inline CmDocument *
load_deauville (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  CmDocument *doc = cm_native_load_file (file, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

/* Writes @surface as @name into CM_TEST_PNG_DIR, when that is set. */
static inline void
save_png (cairo_surface_t *surface,
          const char      *name)
{
  const char *dir = g_getenv ("CM_TEST_PNG_DIR");

  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
    }
}

/* @view rendered by @renderer into a new WIDTH × HEIGHT image surface. */
static inline cairo_surface_t *
render (CmMapRenderer   *renderer,
        const CmMapFrame *view)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cm_map_renderer_render (renderer, cr, WIDTH, HEIGHT, view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* A "changed" handler: counts into @n_changed. */
static inline void
count_changed_cb (CmMapRenderer *renderer,
                  guint         *n_changed)
{
  (*n_changed)++;
}

/* The distance to @color of the closest pixel within 2 px of (x, y). */
static inline double
nearest_color (cairo_surface_t *surface,
               double           x,
               double           y,
               const CmColor   *color)
{
  return cm_test_nearest_color (surface, x, y, 2, color);
}

/* Adds an event of a day at (@lat, @lon); its position in @store. */
static inline guint
add_event (CmEventStore *store,
           CmTime        start,
           double        lat,
           double        lon,
           guint         category)
{
  CmEventData data;

  cm_event_data_init (&data);
  data.title = "Grid event";
  data.start = start;
  data.precision = CM_PRECISION_DAY;
  data.lat = lat;
  data.lon = lon;
  data.category = category;
  return cm_event_store_insert (store, &data);
}

/* 7 × 7 events 0.1° apart around Paris, and one in Tokyo. */
static inline CmDocument *
make_grid_document (void)
{
  CmDocument *doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  guint category = cm_document_add_category (doc, "grid", "Grid", "#3584e4");

  for (guint i = 0; i < 7; i++)
    for (guint j = 0; j < 7; j++)
      add_event (store, (CmTime) (i * 7 + j) * 86400, 48.5 + 0.1 * i, 2.0 + 0.1 * j, category);
  add_event (store, 0, 35.68, 139.69, CM_NONE);

  return doc;
}

/* A point @fraction along the leg from stop @a to stop @b, on screen. */
static inline void
leg_point (const CmMapFrame *view,
           CmItinerary     *itinerary,
           guint            a,
           guint            b,
           double           fraction,
           double          *sx,
           double          *sy)
{
  const CmStop *from = cm_itinerary_get_stop (itinerary, a);
  const CmStop *to = cm_itinerary_get_stop (itinerary, b);
  double lat, lon;

  cm_great_circle_point (from->lat, from->lon, to->lat, to->lon, fraction, &lat, &lon);
  cm_map_frame_to_screen (view, WIDTH, HEIGHT, lat, lon, sx, sy);
}

/* The stop of @itinerary within 1 km of (@lat, @lon). */
static inline guint
find_stop_near (CmItinerary *itinerary,
                double       lat,
                double       lon)
{
  for (guint i = 0; i < cm_itinerary_get_n_stops (itinerary); i++)
    {
      const CmStop *stop = cm_itinerary_get_stop (itinerary, i);

      if (cm_great_circle_distance (stop->lat, stop->lon, lat, lon) < 1)
        return i;
    }

  g_assert_not_reached ();
  return 0;
}
