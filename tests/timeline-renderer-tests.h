/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the tests of CmTimelineRenderer: documents made up
 * event by event or loaded from the default dataset, frames rendered into
 * image surfaces, their pixels. */

#include <cairo.h>
#include <math.h>
#include <stdlib.h>

#include "cm-core.h"
#include "cm-test-util.h"
#include "cm-native.h"
#include "cm-timeline-renderer.h"

#define DAY G_GINT64_CONSTANT (86400)

typedef struct
{
  int red, green, blue;
} Rgb;

static inline CmTime
parse (const char *text)
{
  return cm_test_parse_time (text);
}

static inline cairo_surface_t *
render (CmTimelineRenderer *renderer,
        int                 width,
        int                 height,
        CmTime              start,
        CmTime              end)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  cm_timeline_renderer_render (renderer, cr, width, height, start, end);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static inline Rgb
pixel (cairo_surface_t *surface,
       double           x,
       double           y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (const void *) (data + (int) y * stride + 4 * (int) x);

  /* Opaque: the frame is filled with the background first */
  return (Rgb) { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };
}

static inline int
distance (Rgb            rgb,
          const CmColor *color)
{
  return abs (rgb.red - (int) round (color->red * 255)) +
         abs (rgb.green - (int) round (color->green * 255)) +
         abs (rgb.blue - (int) round (color->blue * 255));
}

static inline CmDocument *
new_document (guint n_groups)
{
  CmDocument *doc = cm_document_new ();

  cm_document_add_category (doc, "blue", "Blue", "#3584e4");
  cm_document_add_category (doc, "red", "Red", "#e01b24");
  cm_document_add_category (doc, "green", "Green", "#26a269");
  for (guint i = 0; i < n_groups; i++)
    {
      g_autofree char *id = g_strdup_printf ("group-%u", i);
      g_autofree char *name = g_strdup_printf ("Group %u", i);

      cm_document_add_group (doc, id, name, CM_GROUP_LANE);
    }

  return doc;
}

static inline guint
add_event (CmDocument  *doc,
           const char  *title,
           CmTime       start,
           CmTime       end,
           CmPrecision  precision,
           guint        category,
           guint        group)
{
  CmEventStore *store = cm_document_get_store (doc);
  CmEventData data;
  guint position;

  cm_event_data_init (&data);
  data.title = title;
  data.start = start;
  data.end = end;
  data.precision = precision;
  data.end_precision = precision;
  data.category = category;
  data.group = group;
  position = cm_event_store_insert (store, &data);

  return cm_event_store_get_serial (store, position);
}

static inline CmDocument *
load_deauville (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  CmDocument *doc = cm_native_load_file (file, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);

  return doc;
}
