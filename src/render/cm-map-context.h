/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "cm-map-renderer.h"

G_BEGIN_DECLS

/* The geometry of one map frame, what every layer draws with. */

/* Everything a layer needs to draw one frame. Screen x of projected x in
 * copy k of the world: x * inv_scale + offset_x[k]. */
#define CM_MAP_MAX_COPIES 8

typedef struct
{
  cairo_t       *cr;
  double         width;
  double         height;
  CmMapFrame      view;
  const CmStyle *style;
  double         inv_scale;            /* pixels per projected unit */
  double         half_width;           /* the world, projected */
  double         half_height;
  gboolean       wraps;
  int            n_copies;
  int            copies[CM_MAP_MAX_COPIES];
  double         offset_x[CM_MAP_MAX_COPIES];
  double         offset_y;
  double         guard;                /* px around the frame that paths are clipped to */
  /* Discs (markers, clusters, stops) are pasted from small images drawn
   * once, on raster targets; vector targets (PDF, SVG) get paths. */
  gboolean       sprites;
  double         sprite_scale;         /* device pixels per px of the sprites */
  cairo_filter_t sprite_filter;
} CmMapContext;

/* Projected (x, y) of @lat/@lon on screen in copy @copy (an index into
 * ctx->copies). */
static inline double
_cm_map_context_x (const CmMapContext *ctx,
                   int                 copy,
                   double              x)
{
  return x * ctx->inv_scale + ctx->offset_x[copy];
}

static inline double
_cm_map_context_y (const CmMapContext *ctx,
                   double              y)
{
  return ctx->offset_y - y * ctx->inv_scale;
}

void     _cm_map_context_init          (CmMapContext       *ctx,
                                        cairo_t            *cr,
                                        double              width,
                                        double              height,
                                        const CmMapFrame    *view,
                                        const CmStyle      *style);

/* The visible part of the world in copy @copy, in degrees; FALSE when
 * none of it is. */
gboolean _cm_map_context_get_geo_bounds (const CmMapContext *ctx,
                                         int                 copy,
                                         double             *min_lat,
                                         double             *min_lon,
                                         double             *max_lat,
                                         double             *max_lon);

G_END_DECLS
