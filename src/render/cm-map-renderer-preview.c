/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include "cm-map-renderer.h"
#include "cm-map-renderer-labels.h"
#include "cm-map-renderer-markers.h"
#include "cm-map-renderer-private.h"

#include <math.h>

/* A drag's preview over the last frame: the event's marker where the drag
 * has taken it, highlighted, with its title, and its old place faded.
 * Drawn every step of the drag without building the marker grid again,
 * which at a million events takes most of a second. */

/* How much of the halo covers the event's old place. */
#define OLD_PLACE_FADE 0.75

/* The event's colour: its category's. */
static void
preview_color (CmMapRenderer *self,
               guint          position,
               CmColor       *color)
{
  guint category = cm_event_store_get_category (self->store, position);

  *color = self->style->uncategorized;
  if (self->document != NULL && category < cm_document_get_n_categories (self->document))
    {
      const CmCategory *c = cm_document_get_category (self->document, category);

      *color = (CmColor) { c->red, c->green, c->blue, 1 };
    }
}

/* Calls @draw for each copy of the world where (@lat, @lon) shows. */
static void
for_each_copy (const CmMapContext *ctx,
               double              lat,
               double              lon,
               void              (*draw) (CmMapRenderer *, const CmMapContext *, double, double,
                                          gpointer),
               CmMapRenderer      *self,
               gpointer            data)
{
  double x, y;

  if (isnan (lat) || isnan (lon) || !cm_projection_forward (ctx->view.projection, lat, lon, &x, &y))
    return;

  for (int c = 0; c < ctx->n_copies; c++)
    {
      double sx = _cm_map_context_x (ctx, c, x), sy = _cm_map_context_y (ctx, y);

      if (sx < -20 || sx > ctx->width + 20 || sy < -20 || sy > ctx->height + 20)
        continue;
      draw (self, ctx, sx, sy, data);
    }
}

static void
fade_old (CmMapRenderer      *self,
          const CmMapContext *ctx,
          double              sx,
          double              sy,
          gpointer            data)
{
  CmColor fade = self->style->label_halo;

  fade.alpha *= OLD_PLACE_FADE;
  cairo_new_path (ctx->cr);
  cairo_arc (ctx->cr, sx, sy, HIGHLIGHT_RADIUS + 1, 0, 2 * G_PI);
  cm_style_set_source (ctx->cr, &fade);
  cairo_fill (ctx->cr);
}

typedef struct
{
  CmColor  color;
  GArray  *labels;
  PangoLayout *layout;
} Marker;

static void
draw_new (CmMapRenderer      *self,
          const CmMapContext *ctx,
          double              sx,
          double              sy,
          gpointer            data)
{
  Marker *marker = data;
  cairo_t *cr = ctx->cr;
  PangoRectangle logical;
  Label label;

  cairo_new_path (cr);
  cairo_arc (cr, sx, sy, MARKER_RADIUS + 5, 0, 2 * G_PI);
  cm_style_set_source (cr, &self->style->label_halo);
  cairo_fill (cr);
  cairo_arc (cr, sx, sy, MARKER_RADIUS + 3.5, 0, 2 * G_PI);
  cm_style_set_source (cr, &self->style->accent);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
  cairo_arc (cr, sx, sy, MARKER_RADIUS + 1, 0, 2 * G_PI);
  cm_style_set_source (cr, &marker->color);
  cairo_fill (cr);

  /* Its title on the right, or the left near the frame's edge: over the
   * frame's own labels, which were placed without it. */
  pango_layout_get_pixel_extents (marker->layout, NULL, &logical);
  label.layout = marker->layout;
  label.width = logical.width + 6;
  label.height = logical.height + 2;
  label.y = sy - label.height / 2;
  label.x = sx + HIGHLIGHT_RADIUS + 4;
  if (label.x + label.width > ctx->width)
    label.x = sx - HIGHLIGHT_RADIUS - 4 - label.width;
  g_array_append_val (marker->labels, label);
}

void
cm_map_renderer_render_preview (CmMapRenderer *self,
                                cairo_t       *cr,
                                guint          serial,
                                double         lat,
                                double         lon)
{
  CmMapContext ctx;
  Marker marker;
  guint position;
  double old_lat, old_lon;

  g_return_if_fail (CM_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL);

  if (!self->last_valid || self->store == NULL || serial == CM_NONE)
    return;
  position = cm_event_store_find_serial (self->store, serial);
  if (position == CM_NONE)
    return;

  _cm_map_context_init (&ctx, cr, self->last_width, self->last_height, &self->last_view,
                        self->style);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->last_width, self->last_height);
  cairo_clip (cr);

  if (cm_event_store_get_coordinates (self->store, position, &old_lat, &old_lon) &&
      (old_lat != lat || old_lon != lon))
    for_each_copy (&ctx, old_lat, old_lon, fade_old, self, NULL);

  preview_color (self, position, &marker.color);
  marker.labels = g_array_new (FALSE, FALSE, sizeof (Label));
  marker.layout = _cm_map_renderer_get_label_layout (self, serial, position);
  for_each_copy (&ctx, lat, lon, draw_new, self, &marker);
  _cm_map_renderer_draw_labels (self, &ctx, marker.labels);
  g_array_unref (marker.labels);

  cairo_restore (cr);
}
