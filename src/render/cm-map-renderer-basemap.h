/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-context.h"
#include "cm-map-renderer-private.h"

G_BEGIN_DECLS

/* Lines are thinned to this (px). */
#define CM_MAP_BASEMAP_THIN_PX 0.7
/* Rings smaller than this (px, both ways) are not drawn. */
#define CM_MAP_BASEMAP_MIN_RING_PX 0.75

/* Thin lines drawn into the cache's A8 mask (cm-map-renderer-basemap.c). */
typedef struct _CmMapLineMask CmMapLineMask;

/* Water, land, borders, coasts and graticule: from the cache when it is on
 * and can serve, else drawn. */
void     _cm_map_renderer_draw_static  (CmMapRenderer      *self,
                                        const CmMapContext *ctx);
void     _cm_map_renderer_clear_cache  (CmMapRenderer      *self);
void     _cm_map_renderer_draw_country_names (CmMapRenderer      *self,
                                              const CmMapContext *ctx);

/* Adds to the current path the lines of @layer in view, of rank @max_rank
 * at most, thinned, but for those smaller than @min_size px. */
void     _cm_map_renderer_append_layer (CmBasemap          *map,
                                        const CmMapContext *ctx,
                                        CmBasemapLayer      layer,
                                        guint               max_rank,
                                        double              min_size);
/* Fills them even-odd, rings smaller than CM_MAP_BASEMAP_MIN_RING_PX
 * left out; without antialiasing when drawing into the cache (@mask),
 * where their outline is stroked over the edge. */
void     _cm_map_renderer_fill_layer   (CmBasemap          *map,
                                        const CmMapContext *ctx,
                                        CmBasemapLayer      layer,
                                        guint               max_rank,
                                        const CmColor      *color,
                                        CmMapLineMask      *mask);
/* Strokes them, into @mask (nullable) when it is given and the line thin. */
void     _cm_map_renderer_stroke_layer (CmBasemap          *map,
                                        const CmMapContext *ctx,
                                        CmBasemapLayer      layer,
                                        guint               max_rank,
                                        double              min_size,
                                        double              width,
                                        const CmColor      *color,
                                        CmMapLineMask      *mask);
/* The basemap that @get loads, projected for @ctx: at once when the scene
 * is not made in threads (an export), else if @peek has it projected, or
 * NULL while a thread readies it (*@loading meanwhile), after which the
 * renderer says "changed". */
CmBasemap *_cm_map_renderer_ready_basemap (CmMapRenderer       *self,
                                           const CmMapContext  *ctx,
                                           CmBasemap        *(*get) (void),
                                           CmBasemap        *(*peek) (void),
                                           gboolean            *loading);
/* Lakes, rivers and state boundaries, by level of detail for @zoom (the
 * world this many thousand px wide); cm-map-renderer-inland.c. */
void     _cm_map_renderer_draw_inland  (CmMapRenderer      *self,
                                        const CmMapContext *ctx,
                                        CmMapLineMask      *mask,
                                        double              zoom);

G_END_DECLS
