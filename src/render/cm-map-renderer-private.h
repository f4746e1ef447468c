/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "cm-basemap.h"
#include "cm-document-watch.h"
#include "cm-map-renderer.h"

G_BEGIN_DECLS

/* The instance struct of CmMapRenderer and the data it holds. The object
 * and a frame are in cm-map-renderer.c; each layer and helper has its own
 * file and header: cm-map-context (the frame's geometry), cm-map-path
 * (clipped paths), cm-map-frame (fitting and screen coordinates),
 * -sprites (discs and counts), -markers (markers and clusters), -labels,
 * -basemap and -routes (itineraries and playback). */

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

/* The markers that pass the filter, on a grid aligned with the projected
 * world at one zoom level (cells of GRID_BASE / 2^level projected units),
 * with the starts and ends of each cell's markers in order so that a frame
 * counts those in and outside any time window in its visible cells alone.
 * Built once per projection, level and filter result, in a thread when the
 * scene is asynchronous: see cm-map-renderer-grid.c. */
typedef struct _CmMapGrid CmMapGrid;

/* Events with coordinates, in store order: what the markers are made of.
 * Built once per document change; projected once per projection (from the
 * store's coordinates, not copied here). The
 * categories, starts, ends, projections and matches are atomic rc boxes
 * (g_atomic_rc_box_alloc()), never changed once filled: a grid built in a
 * thread holds its own references to them. */
typedef struct
{
  gboolean      valid;
  guint         n;
  guint        *positions;
  guint        *categories;           /* rc box */
  CmTime       *starts;               /* rc box */
  CmTime       *ends;                 /* rc box */
  float        *projected[CM_N_PROJECTIONS]; /* x, y, rc boxes; NULL until used */
  guint8       *matches;              /* passes the filter, rc box; NULL: all do */
  gboolean      matches_valid;
  guint         serial;               /* renewed with the markers */
  guint         matches_serial;       /* renewed with the matches */
  GPtrArray    *grids;                /* CmMapGrid, least recently used first */
  GCancellable *building;             /* the grid being built in a thread, or NULL */
} CmMapMarkers;

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

  CmDocumentWatch   watch;
  CmDocument       *document;  /* the watch's, borrowed */
  CmEventStore     *store;     /* the watch's, borrowed */
  CmMatchSet       *matches;   /* nullable: every event */

  const CmStyle    *style;
  guint             selection;        /* serials, CM_NONE */
  guint             hover;
  gboolean          hover_overlay;  /* the view draws the hover */
  gboolean          last_valid;     /* the last frame, for the overlay */
  GHashTable       *labelled;       /* serials with a title in the last frame */
  char             *language;       /* of the place names, see cm_map_renderer_set_language() */
  guint16          *city_sizes;     /* width, height of each place's name; 0: not yet */
  guint             city_sizes_n;
  CmMapFrame        last_view;
  double            last_width;
  double            last_height;
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
  gboolean          scene_async;      /* grids, route details (and the detailed basemap) made in a thread */
  gboolean          detail_loading;   /* the 1:10m basemap is being readied in a thread */
  gboolean          inland_loading;   /* the same for the lakes, rivers and boundaries */
  GPtrArray        *routes;           /* CmMapRoute, NULL until built */
  guint             routes_generation; /* one more each time routes are built */
  guint             details_serial;   /* one more each time a route detail is made */
  GArray           *badges;           /* CmMapBadge, this frame's */
  gboolean          badge_numbers;    /* FALSE: too many to number, dots */
  /* The stops grouped into badges, before sizing, for the frame, routes,
   * matches and playback stages they were grouped for: kept while only
   * the time window changes (see cm-map-renderer-stops.c). */
  GArray           *badge_groups;     /* CmMapBadge */
  GArray           *badge_stages;     /* guint: each route's current stop, or CM_NONE */
  gboolean          badge_groups_valid;
  CmMapFrame        badge_view;
  double            badge_width, badge_height;
  guint             badge_routes_generation;
  guint             badge_details_serial;
  GPtrArray        *badge_details;    /* borrowed: each route's detail they were grouped with */
  GHashTable       *badge_layouts;    /* text → PangoLayout */

  /* Scratch reused by every frame */
  GArray           *cells;
  GArray           *clusters;
  GArray           *scratch;
  guint8           *occupied;         /* label placement grid */
  GArray           *boxes;            /* CmMapBox: what the grid holds, this frame's */
  GArray           *keep_out;         /* CmMapBox: the view's controls */
  GArray           *highlight_labels; /* where the highlighted titles go, placed first */
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

/* Tells the view to draw again: what it shows has changed (a grid built
 * in a thread is ready). Emits CmMapRenderer::changed. */
void _cm_map_renderer_emit_changed (CmMapRenderer *self);

/* Adds @item to what hit testing finds in this frame. */
static inline void
_cm_map_renderer_add_item (CmMapRenderer   *self,
                           const CmMapItem *item)
{
  g_array_append_vals (self->items, item, 1);
}

G_END_DECLS
