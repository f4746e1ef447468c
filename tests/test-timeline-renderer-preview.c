/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preview of a drag in a large document, drawn over the last frame
 * of the timeline: where the drag has taken the event, not where the
 * store has it. */
#include "config.h"

#include <string.h>

#include "cm-viewport.h"
#include "timeline-renderer-tests.h"

static void
test_preview_overlay (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  guint position = CM_VIEWPORT_PREVIEW_EVENTS / 2;
  guint serial;
  CmTime time, start, end;
  const CmColor *accent = &cm_style_get_light ()->accent;
  cairo_surface_t *frame;
  double x, y, w, h, new_x, old_before, new_before;
  cairo_t *cr;

  cm_test_pad_events (store, CM_VIEWPORT_PREVIEW_EVENTS);
  serial = cm_event_store_get_serial (store, position);
  time = cm_event_store_get_start (store, position);
  /* Ten minutes, ten events, 1.5 px a second. */
  start = time - 300;
  end = time + 300;
  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_style (renderer, cm_style_get_light ());
  cm_timeline_renderer_set_selection (renderer, serial);
  frame = render (renderer, 900, 300, start, end);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h));
  /* The marker's centre is at its time, 450 px; its box spans it. */
  g_assert_cmpfloat (x, <=, 450);
  g_assert_cmpfloat (x + w, >=, 450);
  x = 450;
  w = h;

  /* Two minutes later: 180 px to the right, where nothing is selected. */
  new_x = x + 180;
  old_before = cm_test_nearest_color (frame, x, y + h / 2, (int) w, accent);
  new_before = cm_test_nearest_color (frame, new_x, y + h / 2, (int) w, accent);
  g_assert_cmpfloat (old_before, <, 0.15);
  g_assert_cmpfloat (new_before, >, 0.4);

  cr = cairo_create (frame);
  cm_timeline_renderer_render_preview (renderer, cr, serial, time + 120, CM_TIME_INVALID);
  cairo_destroy (cr);
  cairo_surface_flush (frame);

  /* The selection's outline is where the pointer took it, faded where
   * the store still has it. */
  g_assert_cmpfloat (cm_test_nearest_color (frame, new_x, y + h / 2, (int) w, accent), <, 0.15);
  g_assert_cmpfloat (cm_test_nearest_color (frame, x, y + h / 2, (int) w, accent), >,
                     old_before + 0.3);
  /* The store itself is as it was. */
  g_assert_cmpint (cm_event_store_get_start (store, position), ==, time);

  /* Not drawn in the last frame: nothing. */
  {
    cairo_surface_t *again = render (renderer, 900, 300, start, end);
    cairo_surface_t *copy = render (renderer, 900, 300, start, end);

    cr = cairo_create (again);
    cm_timeline_renderer_render_preview (renderer, cr, cm_event_store_get_serial (store, 0),
                                         time, CM_TIME_INVALID);
    cairo_destroy (cr);
    cairo_surface_flush (again);
    g_assert_cmpint (memcmp (cairo_image_surface_get_data (again), cairo_image_surface_get_data (copy),
                             (size_t) cairo_image_surface_get_stride (copy) * 300), ==, 0);
    cairo_surface_destroy (again);
    cairo_surface_destroy (copy);
  }

  cairo_surface_destroy (frame);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/timeline-renderer/preview-overlay", test_preview_overlay);

  return g_test_run ();
}
