/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preview of a drag in a large document, drawn over the last frame
 * of the map: the marker where the drag has taken it, not where the
 * store has it. */
#include "config.h"

#include <math.h>

#include "cm-viewport.h"
#include "map-renderer-tests.h"

static void
test_preview_overlay (void)
{
  g_autoptr(CmDocument) doc = cm_test_make_events (CM_VIEWPORT_PREVIEW_EVENTS);
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  guint position = CM_VIEWPORT_PREVIEW_EVENTS / 2;
  guint serial = cm_event_store_get_serial (store, position);
  const CmColor *accent = &cm_style_get_light ()->accent;
  cairo_surface_t *frame;
  CmMapFrame view;
  double lat0, lon0, lat, lon, sx, sy, old_before, new_before;
  cairo_t *cr;

  cm_map_renderer_set_document (renderer, doc);
  cm_map_renderer_set_style (renderer, cm_style_get_light ());
  cm_map_renderer_set_selection (renderer, serial);
  g_assert_true (cm_event_store_get_coordinates (store, position, &lat0, &lon0));
  cm_map_frame_fit_area (&view, CM_PROJECTION_NATURAL_EARTH, lat0, lon0, lat0, lon0, WIDTH, HEIGHT);
  frame = render (renderer, &view);
  g_assert_true (cm_map_renderer_get_event_point (renderer, serial, &sx, &sy));

  /* 150 px to the right and 80 down of the marker. */
  g_assert_true (cm_map_frame_from_screen (&view, WIDTH, HEIGHT, sx + 150, sy + 80, &lat, &lon));
  old_before = nearest_color (frame, sx + 8.5, sy, accent);
  new_before = nearest_color (frame, sx + 150 + 8.5, sy + 80, accent);
  g_assert_cmpfloat (old_before, <, 0.15);
  g_assert_cmpfloat (new_before, >, 0.4);

  cr = cairo_create (frame);
  cm_map_renderer_render_preview (renderer, cr, serial, lat, lon);
  cairo_destroy (cr);
  cairo_surface_flush (frame);
  save_png (frame, "map-preview.png");

  /* The ring is where the pointer took the marker, faded where the store
   * still has it. */
  g_assert_cmpfloat (nearest_color (frame, sx + 150 + 8.5, sy + 80, accent), <, 0.15);
  g_assert_cmpfloat (nearest_color (frame, sx + 8.5, sy, accent), >, old_before + 0.3);
  {
    double still_lat, still_lon;

    g_assert_true (cm_event_store_get_coordinates (store, position, &still_lat, &still_lon));
    g_assert_cmpfloat (still_lat, ==, lat0);
    g_assert_cmpfloat (still_lon, ==, lon0);
  }

  cairo_surface_destroy (frame);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/map-renderer/preview-overlay", test_preview_overlay);

  return g_test_run ();
}
