/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "cm-basemap.h"
#include "cm-itinerary.h"
#include "cm-map-renderer.h"

G_BEGIN_DECLS

/* CmMapRenderer is split by layer: cm-map-renderer.c (the object, caches,
 * markers, hit testing), cm-map-renderer-basemap.c (water, land, borders,
 * coasts, graticule, country names) and cm-map-renderer-routes.c
 * (itineraries and playback). They share this header. */

/* Glyphs of "0123456789.k" in one font, to write cluster counts with one
 * cairo_show_glyphs() instead of a Pango layout each. */
#define CM_MAP_DIGITS "0123456789.k"
#define CM_MAP_N_DIGITS 12

typedef struct
{
  gboolean             valid;
  PangoFont           *font;           /* owned: keeps the scaled font alive */
  cairo_scaled_font_t *scaled_font;    /* owned */
  gulong               glyphs[CM_MAP_N_DIGITS];
  double               advances[CM_MAP_N_DIGITS];
  double               baseline_shift; /* baseline below the visual centre of a digit */
} CmMapDigits;

/* Events with coordinates, in store order: what the markers are made of.
 * Built once per document change; projected once per projection. */
typedef struct
{
  gboolean  valid;
  guint     n;
  guint    *positions;
  guint    *categories;
  CmTime   *starts;
  CmTime   *ends;
  double   *coordinates;              /* lat, lon */
  float    *projected[CM_N_PROJECTIONS]; /* x, y; NULL until used */
  guint8   *matches;                  /* passes the filter; NULL: all do */
  gboolean  matches_valid;
} CmMapMarkers;

/* One itinerary group drawn as a route. Each leg is sampled at
 * CM_MAP_LEG_SAMPLES + 1 points along its great circle. */
#define CM_MAP_LEG_SAMPLES 64

typedef struct
{
  guint        group;
  CmItinerary *itinerary;
  guint        n_legs;                /* n_stops - 1, or 0 */
  double      *samples;               /* lat, lon: (CM_MAP_LEG_SAMPLES + 1) per leg */
  float       *projected[CM_N_PROJECTIONS]; /* x, y of the samples; NULL until used */
  float       *stops[CM_N_PROJECTIONS];     /* x, y of the stops; NULL until used */
} CmMapRoute;

/* The numbers of the stops drawn at one place. */
typedef struct
{
  double   x, y;                      /* the place */
  double   half_width, half_height;   /* the pill with the numbers, above it */
  guint    route;                     /* index in routes */
  guint    first_stop;                /* 0-based */
  guint    last_stop;
  guint    n_stops;
  guint    numbers[2];
  gboolean current;                   /* holds the playback's stop */
  char     text[32];
} CmMapBadge;

typedef enum
{
  CM_MAP_ITEM_EVENT,
  CM_MAP_ITEM_CLUSTER,
  CM_MAP_ITEM_STOP,
} CmMapItemKind;

/* Something drawn in the last frame that hit testing can find. */
typedef struct
{
  CmMapItemKind kind;
  float         x, y, radius;         /* a circle (badges: half-width) */
  float         half_height;          /* badges are pills: radius × half_height box */
  guint         position;             /* first event */
  guint         count;                /* events in a cluster */
  guint         group;
  guint         stop;                 /* 0-based */
  double        lat, lon;
} CmMapItem;

struct _CmMapRenderer
{
  GObject           parent_instance;

  CmDocument       *document;
  CmEventStore     *store;
  gulong            items_changed_id;
  gulong            document_changed_id;
  CmEventFilter    *filter;
  gulong            filter_changed_id;

  const CmStyle    *style;
  guint             selection;        /* serials, CM_NONE */
  guint             hover;
  CmTime            window_start;     /* CM_TIME_INVALID: no window */
  CmTime            window_end;
  CmMapOutsideMode  outside_mode;
  guint             playback_group;
  CmTime            playback_time;

  CmBasemap        *basemap;          /* nullable */
  PangoContext     *pango;            /* 96 dpi, no hinting: same layout on every surface */
  PangoLayout     **country_layouts;  /* per basemap country, made on first use */
  GHashTable       *label_layouts;    /* serial → PangoLayout of its title */
  CmMapDigits       digits;
  GHashTable       *sprites;          /* CmMapSpriteKey → cairo_surface_t */

  CmMapMarkers      markers;
  GPtrArray        *routes;           /* CmMapRoute, NULL until built */
  GArray           *badges;           /* CmMapBadge, this frame's */
  gboolean          badge_numbers;    /* FALSE: too many to number, dots */
  GHashTable       *badge_layouts;    /* text → PangoLayout */

  /* Scratch reused by every frame */
  GArray           *cells;
  GArray           *clusters;
  GArray           *scratch;
  guint8           *occupied;         /* label placement grid */
  guint             occupied_width, occupied_height;
  double            frame_width;      /* of the frame being drawn */
  double            frame_height;

  /* The basemap drawn once for frames that only pan (opt-in) */
  gboolean          cache_enabled;
  gboolean          cache_valid;
  cairo_surface_t  *cache;            /* RGB24 */
  cairo_surface_t  *cache_mask;       /* A8, for its lines */
  CmProjectionKind  cache_projection;
  double            cache_scale;
  const CmStyle    *cache_style;
  double            cache_device_scale;
  double            cache_origin_x;   /* projected x, y of its top left corner */
  double            cache_origin_y;
  int               cache_width;      /* logical px */
  int               cache_height;

  /* The last frame, for hit testing */
  GArray           *items;            /* CmMapItem, in drawing order */
};

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

/* Builds a cairo path from screen points, clipped to the guard rectangle
 * (Sutherland–Hodgman, one stage per side: exact for fills, and the edges
 * it adds for strokes lie outside the frame) and thinned: points closer
 * than @tolerance (Manhattan, px) to the last one drawn are skipped. */
typedef struct
{
  gboolean has_first;
  gboolean prev_inside;
  double   first_x, first_y;
  double   prev_x, prev_y;
} CmClipStage;

typedef struct
{
  cairo_t     *cr;
  double       x0, y0, x1, y1;
  double       tolerance;
  gboolean     clip;
  CmClipStage  stages[4];
  gboolean     started;
  gboolean     pending;
  double       last_x, last_y;
  double       pending_x, pending_y;
} CmPathBuilder;

void     _cm_path_builder_init         (CmPathBuilder      *builder,
                                        const CmMapContext *ctx,
                                        double              tolerance);
/* @clip: FALSE when the line is known to lie inside the guard rectangle. */
void     _cm_path_builder_begin        (CmPathBuilder      *builder,
                                        gboolean            clip);
void     _cm_path_builder_point        (CmPathBuilder      *builder,
                                        double              x,
                                        double              y);
void     _cm_path_builder_end          (CmPathBuilder      *builder,
                                        gboolean            close);

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

/* A disc of @radius px filled with @fill, ringed by @ring_width px of
 * @ring (nullable), with @count written in it when > 1 (sprites only: on
 * vector targets the caller writes counts). */
void     _cm_map_renderer_draw_disc    (CmMapRenderer      *self,
                                        const CmMapContext *ctx,
                                        double              x,
                                        double              y,
                                        double              radius,
                                        const CmColor      *fill,
                                        const CmColor      *ring,
                                        double              ring_width,
                                        double              alpha,
                                        guint               count);

PangoLayout *_cm_map_renderer_new_layout (CmMapRenderer *self,
                                          double         size_scale,
                                          gboolean       bold);
/* Marks a screen rectangle as taken for labels; TRUE when it was free
 * (and is now taken). @force: take it even when not free. */
gboolean _cm_map_renderer_reserve      (CmMapRenderer      *self,
                                        double              x,
                                        double              y,
                                        double              width,
                                        double              height,
                                        gboolean            force);
void     _cm_map_renderer_add_item     (CmMapRenderer      *self,
                                        const CmMapItem    *item);

/* cm-map-renderer-basemap.c */
/* Water, land, borders, coasts and graticule: from the cache when it is on
 * and can serve, else drawn. */
void     _cm_map_renderer_draw_static  (CmMapRenderer      *self,
                                        const CmMapContext *ctx);
void     _cm_map_renderer_clear_cache  (CmMapRenderer      *self);
void     _cm_map_renderer_draw_country_names (CmMapRenderer      *self,
                                              const CmMapContext *ctx);

/* cm-map-renderer-routes.c */
void     _cm_map_route_free            (gpointer            data);
void     _cm_map_renderer_build_routes (CmMapRenderer      *self);
void     _cm_map_renderer_draw_routes  (CmMapRenderer      *self,
                                        const CmMapContext *ctx);
void     _cm_map_renderer_layout_stops (CmMapRenderer      *self,
                                        const CmMapContext *ctx);
void     _cm_map_renderer_draw_stops   (CmMapRenderer      *self,
                                        const CmMapContext *ctx);

G_END_DECLS
