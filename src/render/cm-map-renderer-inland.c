/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>

#include "cm-map-renderer-basemap.h"

/* Lakes, rivers and first-level boundaries (states, provinces) over the
 * land, from CM_BASEMAP_INLAND_RESOURCE, which is read and projected the
 * first time the map is zoomed past INLAND_MIN_ZOOM (in a thread for the
 * window, as the 1:10m basemap is). Each layer's lines carry a rank, and
 * closer in the map shows more ranks: the largest lakes and main rivers
 * first, the smaller ones later, so a frame draws what can be seen. */

/* The zoom (the world this many thousand px wide) from which the lakes of
 * each rank are drawn: 2,000 km² or more (Ladoga, Victoria, the Great
 * Lakes) at continent zoom, 200 (Geneva) at country zoom, 20 and the
 * smallest (2) at region and city zoom. */
static const double lake_zoom[] = { 4, 12, 30, 80 };
/* Rivers by class: major, additional major, additional. */
static const double river_zoom[] = { 8, 24, 60 };
/* Boundaries between two large states (US states, Canadian provinces)
 * at continent zoom, those of the smaller ones (French départements,
 * British counties) at country zoom. */
static const double boundary_zoom[] = { 8, 20 };
#define INLAND_MIN_ZOOM 4.0

/* The highest rank shown at @zoom, or -1 for none. */
static int
shown_rank (const double *zooms,
            guint         n,
            double        zoom)
{
  int rank = -1;

  for (guint i = 0; i < n; i++)
    {
      if (zoom >= zooms[i])
        rank = i;
    }

  return rank;
}

void
_cm_map_renderer_draw_inland (CmMapRenderer      *self,
                              const CmMapContext *ctx,
                              CmMapLineMask      *mask,
                              double              zoom)
{
  static const double dashes[] = { 3, 2 };
  cairo_t *cr = ctx->cr;
  CmBasemap *map;
  double width_zoom = CLAMP (zoom, 1, 64);
  int rivers = shown_rank (river_zoom, G_N_ELEMENTS (river_zoom), zoom);
  int lakes = shown_rank (lake_zoom, G_N_ELEMENTS (lake_zoom), zoom);
  int boundaries = shown_rank (boundary_zoom, G_N_ELEMENTS (boundary_zoom), zoom);

  if (zoom < INLAND_MIN_ZOOM)
    return;

  map = _cm_map_renderer_ready_basemap (self, ctx, cm_basemap_get_inland,
                                        cm_basemap_peek_inland, &self->inland_loading);
  if (map == NULL)
    return;

  /* Rivers under the lakes they flow through. */
  if (rivers >= 0)
    _cm_map_renderer_stroke_layer (map, ctx, CM_BASEMAP_RIVERS, rivers, CM_MAP_BASEMAP_THIN_PX,
                                   0.5 + 0.15 * log2 (width_zoom), &ctx->style->river, mask);

  if (lakes >= 0)
    {
      _cm_map_renderer_fill_layer (map, ctx, CM_BASEMAP_LAKES, lakes, &ctx->style->water, mask);
      _cm_map_renderer_stroke_layer (map, ctx, CM_BASEMAP_LAKES, lakes, CM_MAP_BASEMAP_MIN_RING_PX,
                                     0.5 + 0.1 * log2 (width_zoom), &ctx->style->coast, mask);
    }

  /* Dashed, so stroked by cairo rather than in the mask. */
  if (boundaries >= 0)
    {
      cairo_new_path (cr);
      _cm_map_renderer_append_layer (map, ctx, CM_BASEMAP_BOUNDARIES, boundaries,
                                     CM_MAP_BASEMAP_THIN_PX);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 0.5 + 0.1 * log2 (width_zoom));
      cm_style_set_source (cr, &ctx->style->boundary);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}
