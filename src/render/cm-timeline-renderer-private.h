/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <pango/pangocairo.h>

#include "cm-document-watch.h"
#include "cm-interval-index.h"
#include "cm-timeline-renderer.h"

G_BEGIN_DECLS

/* CmTimelineRenderer is split by concern: cm-timeline-renderer.c (the
 * object and the time <-> pixel maths), -scene.c (lanes: the events of
 * each group, per document and filter), -layout.c (items, rows, clusters
 * and overflow badges of one frame; hit testing), -density.c (density
 * strips and the overview), -draw.c (marks and the frame), -labels.c,
 * -axis.c, -legend.c and -text.c (fonts and the text caches). They share
 * this header. */

/* How a frame is made
 *
 * Per document (and filter) change, lazily: the kept events are split into
 * lanes, one per group and a default lane. Each lane holds its events'
 * starts, ends and store positions in store order (sorted by start) and an
 * interval index over them. That is all the per-event work; a frame never
 * touches every event. With an asynchronous scene (the window), the lanes
 * of a new filter result or document are built in a thread from a copy of
 * the store's events (see -scene.c) and swapped in when ready.
 *
 * Per frame, for each lane: the number of events starting in the window is
 * two binary searches. While the lanes together hold fewer than
 * ITEM_BUDGET visible events, each lane queries its index and lays out real
 * items: markers for instants, bars for spans, faded bars where an event's
 * precision is coarser than the zoom; markers closer than CLUSTER_GAP px
 * merge into counted clusters; greedy first-fit rows stack what overlaps,
 * with the label's room reserved where rows allow; what does not fit in
 * MAX_ROWS goes into "+N" badges on an overflow row. Past the budget, the
 * densest lanes are drawn as density strips: the count of events per
 * DENSITY_BIN px column is the difference of two lower bounds in the lane's
 * sorted starts, found by galloping from the previous column, so a strip
 * costs O(columns × log(events per column)), exact, whatever the number of
 * events in the window.
 *
 * Labels go last, most important first (the selection, then spans by
 * duration, then instants), each into a per-row occupancy list; a label
 * that would collide is dropped. Text layouts are cached by string (axis,
 * headers, counts) and by serial (titles). */

#define ITEM_BUDGET      5000   /* real items per frame, beyond: density strips */
#define MAX_ROWS         8      /* rows of a lane, then an overflow row */
#define DENSE_OVERFLOW   16     /* a lane with more marks (and most) in no row: density */
#define CLUSTER_GAP      4.0    /* markers closer than this chain into a cluster */
#define CLUSTER_MIN      3      /* … of at least this many markers */
#define CLUSTER_MAX_PX   48.0   /* the widest extent of one cluster */
#define MIN_BAR_PX       3.0    /* narrower spans are drawn as markers */
#define UNCERTAIN_PX     8.0    /* precision units wider than this are drawn as spans */
#define DENSITY_BIN      2      /* px per column of a density strip */
#define LABEL_MAX_PX     340    /* titles are ellipsized beyond this */
#define LABEL_MIN_PX     48     /* a label squeezed into less is dropped */
#define LABEL_GAP        3.0    /* between a mark and its label */
#define LABEL_SPACING    8.0    /* between two labels: closer, they read as one */
#define ROW_GAP          3.0
#define AXIS_GAP         12.0   /* between axis labels */
#define MAX_CONTEXT_TICKS 512
#define MAX_FINE_TICKS    1024
#define TEXT_CACHE_MAX    4096

#define YEAR_SECONDS     (365.2425 * 86400.0)

/* Density columns: bin k covers [origin + k × seconds, origin + (k + 1) ×
 * seconds), rounded to the second, and is drawn DENSITY_BIN px wide from
 * x0 + (k - first) × DENSITY_BIN. With the origin at 0, bins stay put in
 * time while the window pans, so their counts carry over. */
typedef struct
{
  CmTime  origin;
  gint64  first;
  double  seconds;
  double  x0;
  guint   n;
} BinGeometry;

/* What a frame needs of an event besides its times, copied once so that a
 * frame reads only the lane's arrays, in order, and not the store's
 * records and strings spread over memory. */
typedef struct _CmTimelineSceneBuild CmTimelineSceneBuild;
typedef struct _CmTimelineEventTable CmTimelineEventTable;

typedef struct
{
  guint32 serial;
  guint16 category;       /* G_MAXUINT16: none */
  gint16  utc_offset;
  guint8  precision;
  guint8  end_precision;
} EventMeta;

typedef struct
{
  guint            group;     /* CM_NONE for the default lane */
  char            *name;
  gint64          *starts;    /* slices of the shared arrays, in store order */
  gint64          *ends;
  guint           *positions;
  EventMeta       *meta;
  float           *label_widths; /* estimated on first use; 0: not yet */
  guint            n;
  CmPrecision      coarsest;  /* of all starts and ends */
  guint            category;  /* shared by all its events (n_categories: none),
                               * else LANE_MIXED; LANE_UNSET: no event */
  CmIntervalIndex *index;
  guint            last_rows; /* when last laid out: the height of a lane */
  gboolean         last_overflow; /* below the frame is estimated from them */
  BinGeometry      cached;    /* density counts of the last frame */
  guint           *cached_counts;
} Lane;

#define LANE_UNSET G_MAXUINT
#define LANE_MIXED (G_MAXUINT - 1)

typedef enum
{
  MODE_ITEMS,
  MODE_DENSITY,
  MODE_COLLAPSED,
} LaneMode;

typedef struct
{
  double   y;           /* top of the header, in view coordinates */
  double   rows_y;      /* top of the first row */
  double   height;
  LaneMode mode;
  guint    first_item;
  guint    n_items;
  guint    n_rows;      /* rows of marks, the overflow row not counted */
  guint    estimate;    /* events starting in the window */
  gboolean has_overflow;
} LaneFrame;

typedef enum
{
  ITEM_MARKER,
  ITEM_BAR,
  ITEM_CLUSTER,
  ITEM_MERGED,          /* part of a cluster or an overflow badge: not drawn */
} ItemKind;

enum
{
  ITEM_UNCERTAIN    = 1 << 0,  /* faded ends */
  ITEM_LABEL_INSIDE = 1 << 1,
  ITEM_HAS_LABEL    = 1 << 2,  /* room reserved at [lx0, lx1] */
  ITEM_LABEL_DRAWN  = 1 << 3,
  ITEM_SELECTED     = 1 << 4,
  ITEM_HOVER        = 1 << 5,
  ITEM_OVERFLOW     = 1 << 6,  /* no row: goes into an overflow badge */
};

#define NO_ROW G_MAXUINT16

typedef struct
{
  double  x0, x1;       /* the mark: a bar, a badge, or a marker's centre (x0 == x1) */
  double  ux0, ux1;     /* a bar's extent before clipping to the frame */
  double  ma, mb;       /* what the mark covers, once laid out */
  double  lx0, lx1;     /* the label (ITEM_HAS_LABEL) */
  CmTime  start, end;   /* an event's; a cluster's first and last start */
  float   fade0, fade1; /* px of faded ends */
  float   label_width;  /* estimated */
  guint   position;
  guint   serial;
  guint   count;        /* clusters */
  guint   category;
  guint16 row;
  guint8  kind;
  guint8  flags;
} Item;

typedef struct
{
  PangoLayout *layout;
  int          width;         /* logical extents, px */
  int          height;
  PangoLayout *fitted;        /* ellipsized to fitted_width, or NULL */
  int          fitted_width;
  int          fitted_logical_width;
  guint        last_used;     /* frame */
} TextEntry;

typedef struct
{
  double a, b;
} Extent;

struct _CmTimelineRenderer
{
  GObject                parent_instance;

  CmDocumentWatch        watch;
  CmDocument            *document;  /* the watch's, borrowed */
  CmEventStore          *store;     /* the watch's, borrowed */
  CmMatchSet            *matches;          /* nullable: every event */

  CmStyle                style;
  char                  *font_family;
  guint                  selection;
  guint                  hover;
  gboolean               hover_overlay;  /* the view draws the hover */
  CmTime                 now;
  CmZoneKind             zone_kind;
  CmZone                *zone;           /* of zone_kind, NULL until needed */
  double                 scroll;
  gboolean               show_legend;
  gboolean               show_disclosure;
  double                 right_inset;    /* px at the right that texts keep clear of */
  gboolean               default_collapsed;
  GHashTable            *collapsed;      /* group + 1 -> TRUE */

  /* Fonts and text */
  PangoContext          *pango;
  PangoFontDescription  *font;
  double                 line_height;
  double                 char_widths[128];
  double                 average_char_width;
  GHashTable            *texts;          /* char * -> TextEntry */
  GHashTable            *titles;         /* serial -> TextEntry */
  guint                  frame_number;   /* for the text caches */

  /* Per document and filter */
  gboolean               lanes_valid;
  gboolean               lanes_stale;    /* of another store or document */
  gboolean               async_scene;    /* see set_async_scene() */
  CmTimelineSceneBuild  *build;          /* the lanes being built here, if any */
  GCancellable          *building;       /* of the lanes being built in a thread */
  guint                  n_tasks;        /* threads not done, cancelled ones too */
  CmTimelineEventTable  *table;          /* what threads build from, NULL until needed */
  guint                  scene_serial;   /* of the last request for lanes */
  guint                  store_serial;   /* of the last change of the store or document */
  GArray                *lanes;          /* Lane */
  gint64                *all_starts;
  gint64                *all_ends;
  guint                 *all_positions;
  EventMeta             *all_meta;
  float                 *all_label_widths;
  CmColor               *colors;         /* per category, then uncategorized */
  guint                  n_colors;
  guint8                *used_categories; /* n_colors */

  /* The last frame */
  gboolean               frame_valid;
  double                 width;
  double                 height;
  CmTime                 start;
  CmTime                 end;
  double                 px_per_s;
  BinGeometry            bins_geometry;
  double                 axis_height;
  double                 header_height;
  double                 row_height;
  double                 content_height;
  guint                  level;
  GArray                *lane_frames;    /* LaneFrame, parallel to lanes */
  GArray                *items;          /* Item */
  GArray                *labels;         /* CmTimelineLabel */
  GArray                *hits;           /* guint scratch */
  GArray                *fine_ticks;     /* CmTime */
  GArray                *context_ticks;  /* CmTime */
  GPtrArray             *fine_texts;     /* TextEntry, parallel to fine_ticks */
  GPtrArray             *context_texts;  /* TextEntry or NULL, parallel to context_ticks */
  gboolean               level_valid;    /* the scale level is kept while panning */
  double                 level_span;
  double                 level_width;
  CmTime                 level_start;
  CmZone                *level_zone;
  GArray                *order;          /* guint scratch */
  GArray                *bins;           /* guint scratch */
  /* The overview's density of the whole document, summed over the lanes,
   * kept while the lanes, the document's span and the width stay: the
   * overview is drawn again on every step of a pan for its window. */
  guint                 *overview_sums;
  guint                  overview_n;
  CmTime                 overview_start, overview_end;
  double                 overview_width;
  GPtrArray             *occupancy;      /* GArray of Extent, per lane row */
  cairo_surface_t       *scratch;        /* A8 masks of density strips */
  double                 legend_x, legend_y, legend_w, legend_h;
  gboolean               legend_pinned;  /* to the bottom: the lanes overflow */
};

static inline gint64
sat_add (gint64 a,
         gint64 b)
{
  gint64 r;

  if (__builtin_add_overflow (a, b, &r))
    return b > 0 ? G_MAXINT64 : G_MININT64 + 1;

  return r == CM_TIME_INVALID ? G_MININT64 + 1 : r;
}

/* b - a as a double, exact for every difference below 2^53 */
static inline double
time_diff (CmTime a,
           CmTime b)
{
  gint64 d;

  if (G_UNLIKELY (__builtin_sub_overflow (b, a, &d)))
    return (double) b - (double) a;

  return (double) d;
}

static inline double
frame_x (CmTimelineRenderer *self,
         CmTime              time)
{
  return time_diff (self->start, time) * self->px_per_s;
}

static inline CmTime
frame_time (CmTimelineRenderer *self,
            double              x)
{
  return cm_timeline_x_to_time (x, self->start, self->end, self->width);
}

static inline const CmColor *
category_color (CmTimelineRenderer *self,
                guint               category)
{
  if (category >= self->n_colors - 1)
    return &self->style.uncategorized;

  return &self->colors[category];
}

static inline gboolean
lane_collapsed (CmTimelineRenderer *self,
                guint               group)
{
  if (group == CM_NONE)
    return self->default_collapsed;

  return g_hash_table_contains (self->collapsed, GUINT_TO_POINTER (group + 1));
}

static inline double
marker_radius (CmTimelineRenderer *self)
{
  return floor ((self->row_height - 6) / 2);
}

static inline gboolean
is_dark_color (const CmColor *color)
{
  return 0.2126 * color->red + 0.7152 * color->green + 0.0722 * color->blue < 0.6;
}

static inline double
item_y (CmTimelineRenderer *self,
        const LaneFrame    *lf,
        const Item         *item)
{
  return lf->rows_y + item->row * self->row_height + 2;
}

static inline gboolean
lane_visible (CmTimelineRenderer *self,
              const LaneFrame    *lf)
{
  return lf->y < self->height && lf->y + lf->height > self->axis_height;
}

/* The shapes of marks: a bar's, a marker's */
static inline void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static inline void
diamond (cairo_t *cr,
         double   x,
         double   y,
         double   r)
{
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
}

/* Walks the items of the lanes in items mode that show on screen */
typedef struct
{
  guint      lane;
  guint      index;
  LaneFrame *lf;
  Item      *item;
} ItemIter;

/* Starts an item walk before the first item */
static inline void
item_iter_init (ItemIter *iter)
{
  iter->lane = 0;
  iter->index = 0;
  iter->lf = NULL;
  iter->item = NULL;
}

/* Steps to the next item of a visible lane in items mode */
static inline gboolean
item_iter_next (CmTimelineRenderer *self,
                ItemIter           *iter)
{
  if (iter->lf != NULL)
    iter->index++;

  for (; iter->lane < self->lane_frames->len; iter->lane++, iter->lf = NULL)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, iter->lane);

      if (lf->mode != MODE_ITEMS || !lane_visible (self, lf))
        continue;
      if (iter->lf == NULL)
        {
          iter->lf = lf;
          iter->index = lf->first_item;
        }
      if (iter->index < lf->first_item + lf->n_items)
        {
          iter->item = &g_array_index (self->items, Item, iter->index);
          return TRUE;
        }
    }

  return FALSE;
}

static inline CmTime
bin_boundary (const BinGeometry *geometry,
              gint64             k)
{
  double offset = nearbyint ((double) k * geometry->seconds);

  if (G_UNLIKELY (offset >= 9.2e18))
    return G_MAXINT64;
  if (G_UNLIKELY (offset <= -9.2e18))
    return G_MININT64 + 1;

  return sat_add (geometry->origin, (gint64) offset);
}

static inline gboolean
in_legend (CmTimelineRenderer *self,
           double              x0,
           double              y0,
           double              x1,
           double              y1)
{
  return self->show_legend && self->legend_w > 0 &&
         x1 > self->legend_x && x0 < self->legend_x + self->legend_w &&
         y1 > self->legend_y && y0 < self->legend_y + self->legend_h;
}

/* cm-timeline-renderer-scene.c */
double _cm_timeline_precision_seconds (CmPrecision precision);
guint _cm_timeline_gallop_lower_bound (const gint64 *starts,
                                       guint         n,
                                       guint         from,
                                       gint64        time);
void _cm_timeline_renderer_clear_lanes (CmTimelineRenderer *self);
void _cm_timeline_renderer_invalidate_lanes (CmTimelineRenderer *self,
                                             gboolean            store_changed);
void _cm_timeline_renderer_ensure_lanes (CmTimelineRenderer *self);
void _cm_timeline_renderer_start_document_build (CmTimelineRenderer *self);
void _cm_timeline_event_table_unref (CmTimelineEventTable *table);

/* cm-timeline-renderer.c */
void _cm_timeline_renderer_emit_changed (CmTimelineRenderer *self);

/* cm-timeline-renderer-text.c */
void _cm_timeline_text_entry_free (gpointer data);
void _cm_timeline_renderer_clear_fonts (CmTimelineRenderer *self);
void _cm_timeline_renderer_ensure_fonts (CmTimelineRenderer *self);
double _cm_timeline_renderer_estimate_width (CmTimelineRenderer *self,
                                             const char         *text);
TextEntry *_cm_timeline_renderer_get_text (CmTimelineRenderer *self,
                                           const char         *text);
void _cm_timeline_renderer_trim_text_caches (CmTimelineRenderer *self);
TextEntry *_cm_timeline_renderer_get_title (CmTimelineRenderer *self,
                                            guint               serial,
                                            guint               position);
PangoLayout *_cm_timeline_fit_text (TextEntry *entry,
                                    int        max_width,
                                    int       *width);
double _cm_timeline_measure_cb (const char *text,
                                gpointer    user_data);
void _cm_timeline_renderer_show_text (CmTimelineRenderer  *self,
                                      cairo_t             *cr,
                                      CmTimelineLabelKind  kind,
                                      PangoLayout         *layout,
                                      double               x,
                                      double               y,
                                      double               width,
                                      double               height);

/* cm-timeline-renderer-layout.c */
/* The item of the last frame that draws @serial on its own, and its lane's
 * frame; FALSE when there is none. */
gboolean _cm_timeline_renderer_find_item (CmTimelineRenderer *self,
                                          guint               serial,
                                          const LaneFrame   **lane_frame,
                                          const Item        **item);
char *_cm_timeline_format_count (guint count,
                                 gboolean overflow);
void _cm_timeline_renderer_layout_lanes (CmTimelineRenderer *self);

/* cm-timeline-renderer-density.c */
void _cm_timeline_renderer_set_bin_geometry (CmTimelineRenderer *self,
                                             BinGeometry        *geometry,
                                             gboolean            anchored);
void _cm_timeline_renderer_draw_density (CmTimelineRenderer *self,
                                         cairo_t            *cr,
                                         const Lane         *lane,
                                         const LaneFrame    *lf);

/* cm-timeline-renderer-labels.c */
void _cm_timeline_renderer_draw_labels (CmTimelineRenderer *self,
                                        cairo_t            *cr);

/* cm-timeline-renderer-axis.c */
void _cm_timeline_renderer_compute_ticks (CmTimelineRenderer *self);
void _cm_timeline_renderer_draw_grid (CmTimelineRenderer *self,
                                      cairo_t            *cr);
void _cm_timeline_renderer_draw_axis (CmTimelineRenderer *self,
                                      cairo_t            *cr);
void _cm_timeline_renderer_draw_now (CmTimelineRenderer *self,
                                     cairo_t            *cr);

/* cm-timeline-renderer-legend.c */
void _cm_timeline_renderer_measure_legend (CmTimelineRenderer *self);
void _cm_timeline_renderer_place_legend (CmTimelineRenderer *self);
void _cm_timeline_renderer_draw_legend (CmTimelineRenderer *self,
                                        cairo_t            *cr);

G_END_DECLS
