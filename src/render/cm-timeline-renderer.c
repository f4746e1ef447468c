/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cm-interval-index.h"
#include "cm-scale.h"

/* How a frame is made
 *
 * Per document (and filter) change, lazily: the kept events are split into
 * lanes, one per group and a default lane. Each lane holds its events'
 * starts, ends and store positions in store order (sorted by start) and an
 * interval index over them. That is all the per-event work; a frame never
 * touches every event.
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
#define CLUSTER_GAP      4.0    /* markers closer than this chain into a cluster */
#define CLUSTER_MIN      3      /* … of at least this many markers */
#define CLUSTER_MAX_PX   48.0   /* the widest extent of one cluster */
#define MIN_BAR_PX       3.0    /* narrower spans are drawn as markers */
#define UNCERTAIN_PX     8.0    /* precision units wider than this are drawn as spans */
#define DENSITY_BIN      2      /* px per column of a density strip */
#define LABEL_MAX_PX     340    /* titles are ellipsized beyond this */
#define LABEL_MIN_PX     48     /* a label squeezed into less is dropped */
#define LABEL_GAP        3.0
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
  CmIntervalIndex *index;
  guint            last_rows; /* when last laid out: the height of a lane */
  gboolean         last_overflow; /* below the frame is estimated from them */
  BinGeometry      cached;    /* density counts of the last frame */
  guint           *cached_counts;
} Lane;

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

  CmDocument            *document;
  CmEventStore          *store;
  CmEventFilter         *filter;
  gulong                 items_changed_id;
  gulong                 document_changed_id;
  gulong                 filter_changed_id;

  CmStyle                style;
  char                  *font_family;
  guint                  selection;
  guint                  hover;
  CmTime                 now;
  int                    utc_offset;
  double                 scroll;
  gboolean               show_legend;
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
  int                    level_offset;
  GArray                *order;          /* guint scratch */
  GArray                *bins;           /* guint scratch */
  GPtrArray             *occupancy;      /* GArray of Extent, per lane row */
  cairo_surface_t       *scratch;        /* A8 masks of density strips */
  double                 legend_x, legend_y, legend_w, legend_h;
};

G_DEFINE_FINAL_TYPE (CmTimelineRenderer, cm_timeline_renderer, G_TYPE_OBJECT)

/* {{{ Time and pixels */

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

double
cm_timeline_time_to_x (CmTime time,
                       CmTime start,
                       CmTime end,
                       double width)
{
  double span = time_diff (start, end);

  if (!(span > 0))
    return 0;

  return time_diff (start, time) * (width / span);
}

CmTime
cm_timeline_x_to_time (double x,
                       CmTime start,
                       CmTime end,
                       double width)
{
  double span = time_diff (start, end);
  double offset;

  if (!(span > 0) || !(width > 0))
    return start;

  offset = round (x * (span / width));
  if (offset >= 9.2e18)
    return G_MAXINT64;
  if (offset <= -9.2e18)
    return G_MININT64 + 1;

  return sat_add (start, (gint64) offset);
}

#define ZOOM_MIN_SPAN  60.0

void
cm_timeline_zoom_window (CmTime  start,
                         CmTime  end,
                         CmTime  anchor,
                         double  factor,
                         CmTime *new_start,
                         CmTime *new_end)
{
  /* The years CmTime holds: ±CM_TIME_MAX_YEAR */
  CmTime lo = cm_time_from_civil (-CM_TIME_MAX_YEAR, 1, 1, 0, 0, 0);
  CmTime hi = cm_time_from_civil (CM_TIME_MAX_YEAR + 1, 1, 1, 0, 0, 0);
  double span = time_diff (start, end);
  double fraction, new_span, left;
  gint64 span_seconds;

  g_return_if_fail (new_start != NULL && new_end != NULL);

  if (!(span > 0) || !(factor > 0) || !isfinite (factor))
    {
      *new_start = start;
      *new_end = end;
      return;
    }

  /* The anchor keeps its fraction of the window: integers where it
   * counts, so that it moves by less than a second */
  fraction = time_diff (start, anchor) / span;
  new_span = CLAMP (span * factor, ZOOM_MIN_SPAN, time_diff (lo, hi));
  span_seconds = (gint64) round (new_span);
  left = round (fraction * new_span);

  if ((double) anchor - left < (double) lo)
    *new_start = lo;
  else if ((double) anchor - left > (double) (hi - span_seconds))
    *new_start = hi - span_seconds;
  else
    *new_start = sat_add (anchor, -(gint64) left);

  *new_end = *new_start + span_seconds;
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

/* Upper bound of one unit of @precision, in seconds */
static double
precision_seconds (CmPrecision precision)
{
  switch (precision)
    {
    case CM_PRECISION_BILLION_YEARS:
      return 1e9 * YEAR_SECONDS;
    case CM_PRECISION_MILLION_YEARS:
      return 1e6 * YEAR_SECONDS;
    case CM_PRECISION_MILLENNIUM:
      return 1000 * YEAR_SECONDS;
    case CM_PRECISION_CENTURY:
      return 100 * YEAR_SECONDS;
    case CM_PRECISION_DECADE:
      return 10 * YEAR_SECONDS;
    case CM_PRECISION_YEAR:
      return 366 * 86400.0;
    case CM_PRECISION_MONTH:
      return 31 * 86400.0;
    case CM_PRECISION_DAY:
      return 86400.0;
    case CM_PRECISION_HOUR:
      return 3600.0;
    case CM_PRECISION_MINUTE:
      return 60.0;
    case CM_PRECISION_SECOND:
    case CM_N_PRECISIONS:
    default:
      return 1.0;
    }
}

/* The first i >= from with starts[i] >= time, galloping from @from
 * (every starts[j] with j < from is below @time). */
static guint
gallop_lower_bound (const gint64 *starts,
                    guint         n,
                    guint         from,
                    gint64        time)
{
  guint lo = from, hi, step = 1;

  if (lo >= n || starts[lo] >= time)
    return lo;

  hi = lo + 1;
  while (hi < n && starts[hi] < time)
    {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
  hi = MIN (hi, n);

  /* starts[lo] < time <= starts[hi] (or hi == n) */
  lo++;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static guint
lower_bound (const gint64 *starts,
             guint         n,
             gint64        time)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* }}} */
/* {{{ Text */

static void
text_entry_free (gpointer data)
{
  TextEntry *entry = data;

  g_clear_object (&entry->layout);
  g_clear_object (&entry->fitted);
  g_free (entry);
}

/* Axis labels of the last frame point into the text cache */
static void
forget_axis (CmTimelineRenderer *self)
{
  g_array_set_size (self->fine_ticks, 0);
  g_array_set_size (self->context_ticks, 0);
  g_ptr_array_set_size (self->fine_texts, 0);
  g_ptr_array_set_size (self->context_texts, 0);
  self->level_valid = FALSE;
}

static void
clear_fonts (CmTimelineRenderer *self)
{
  /* Estimated label widths follow the font */
  if (self->all_label_widths != NULL)
    {
      guint n = 0;

      for (guint l = 0; l < self->lanes->len; l++)
        n += g_array_index (self->lanes, Lane, l).n;
      memset (self->all_label_widths, 0, sizeof (float) * n);
    }

  g_hash_table_remove_all (self->texts);
  g_hash_table_remove_all (self->titles);
  forget_axis (self);
  g_clear_pointer (&self->font, pango_font_description_free);
  g_clear_object (&self->pango);
}

static void
ensure_fonts (CmTimelineRenderer *self)
{
  g_autoptr(PangoLayout) layout = NULL;
  cairo_font_options_t *options;
  PangoRectangle logical;
  double total = 0;
  char text[2] = { 0, 0 };

  if (self->pango != NULL)
    return;

  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->pango, 96);

  /* The same metrics on screen, in PNG, SVG and PDF */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);

  self->font = pango_font_description_from_string (self->style.font_family);
  pango_font_description_set_absolute_size (self->font,
                                            self->style.font_size * 4.0 / 3.0 * PANGO_SCALE);
  pango_context_set_font_description (self->pango, self->font);

  layout = pango_layout_new (self->pango);
  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  self->line_height = MAX (logical.height, 8);

  for (int c = 32; c < 127; c++)
    {
      text[0] = (char) c;
      pango_layout_set_text (layout, text, 1);
      pango_layout_get_extents (layout, NULL, &logical);
      self->char_widths[c] = (double) logical.width / PANGO_SCALE;
      total += self->char_widths[c];
    }
  self->average_char_width = total / 95;
  for (int c = 0; c < 32; c++)
    self->char_widths[c] = 0;
  self->char_widths[127] = 0;

  self->header_height = ceil (self->line_height + 6);
  self->row_height = ceil (self->line_height + 6);
  self->axis_height = 2 * ceil (self->line_height + 5) + 2;
}

/* Titles measured without Pango: the sum of the glyph widths of the ASCII
 * characters, the average width for the others (a little generous). */
static double
estimate_width (CmTimelineRenderer *self,
                const char         *text)
{
  double width = 2;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 128)
        width += self->char_widths[*p];
      else if ((*p & 0xc0) != 0x80)
        width += self->average_char_width * 1.2;
    }

  return MIN (width, LABEL_MAX_PX);
}

static TextEntry *
text_entry_new (CmTimelineRenderer *self,
                const char         *text,
                int                 max_width)
{
  TextEntry *entry = g_new0 (TextEntry, 1);
  PangoRectangle logical;

  entry->layout = pango_layout_new (self->pango);
  pango_layout_set_text (entry->layout, text, -1);
  pango_layout_set_single_paragraph_mode (entry->layout, TRUE);
  if (max_width > 0)
    {
      pango_layout_set_width (entry->layout, max_width * PANGO_SCALE);
      pango_layout_set_ellipsize (entry->layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_extents (entry->layout, NULL, &logical);
  entry->width = logical.width;
  entry->height = logical.height;

  return entry;
}

static TextEntry *
get_text (CmTimelineRenderer *self,
          const char         *text)
{
  TextEntry *entry = g_hash_table_lookup (self->texts, text);

  if (entry == NULL)
    {
      entry = text_entry_new (self, text, -1);
      g_hash_table_insert (self->texts, g_strdup (text), entry);
    }
  entry->last_used = self->frame_number;

  return entry;
}

static gboolean
unused_cb (gpointer key,
           gpointer value,
           gpointer user_data)
{
  const TextEntry *entry = value;
  guint frame = GPOINTER_TO_UINT (user_data);

  return entry->last_used + 1 < frame;
}

/* Past TEXT_CACHE_MAX entries, what neither this frame nor the last one
 * used goes (the last frame's axis labels are reused by this one) */
static void
trim_text_caches (CmTimelineRenderer *self)
{
  if (g_hash_table_size (self->texts) > TEXT_CACHE_MAX)
    g_hash_table_foreach_remove (self->texts, unused_cb, GUINT_TO_POINTER (self->frame_number));
  if (g_hash_table_size (self->titles) > TEXT_CACHE_MAX)
    g_hash_table_foreach_remove (self->titles, unused_cb, GUINT_TO_POINTER (self->frame_number));

  /* Still too many: everything was in use, start again */
  if (g_hash_table_size (self->texts) > 2 * TEXT_CACHE_MAX)
    {
      g_hash_table_remove_all (self->texts);
      forget_axis (self);
    }
  if (g_hash_table_size (self->titles) > 2 * TEXT_CACHE_MAX)
    g_hash_table_remove_all (self->titles);
}

static TextEntry *
get_title (CmTimelineRenderer *self,
           guint               serial,
           guint               position)
{
  TextEntry *entry = g_hash_table_lookup (self->titles, GUINT_TO_POINTER (serial));

  if (entry == NULL)
    {
      entry = text_entry_new (self, cm_event_store_get_title (self->store, position), LABEL_MAX_PX);
      g_hash_table_insert (self->titles, GUINT_TO_POINTER (serial), entry);
    }
  entry->last_used = self->frame_number;

  return entry;
}

/* The layout to draw in @max_width px: the full one, or one ellipsized */
static PangoLayout *
fit_text (TextEntry *entry,
          int        max_width,
          int       *width)
{
  PangoRectangle logical;

  if (entry->width <= max_width)
    {
      *width = entry->width;
      return entry->layout;
    }

  if (entry->fitted == NULL || entry->fitted_width != max_width)
    {
      g_clear_object (&entry->fitted);
      entry->fitted = pango_layout_copy (entry->layout);
      pango_layout_set_width (entry->fitted, max_width * PANGO_SCALE);
      pango_layout_set_ellipsize (entry->fitted, PANGO_ELLIPSIZE_END);
      entry->fitted_width = max_width;
      pango_layout_get_pixel_extents (entry->fitted, NULL, &logical);
      entry->fitted_logical_width = logical.width;
    }

  *width = entry->fitted_logical_width;

  return entry->fitted;
}

static double
measure_cb (const char *text,
            gpointer    user_data)
{
  return get_text (user_data, text)->width;
}

static void
add_label (CmTimelineRenderer  *self,
           CmTimelineLabelKind  kind,
           double               x,
           double               y,
           double               width,
           double               height,
           PangoLayout         *layout)
{
  CmTimelineLabel label = { kind, x, y, width, height, pango_layout_get_text (layout) };

  g_array_append_val (self->labels, label);
}

static void
show_text (CmTimelineRenderer  *self,
           cairo_t             *cr,
           CmTimelineLabelKind  kind,
           PangoLayout         *layout,
           double               x,
           double               y,
           double               width,
           double               height)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  add_label (self, kind, x, y, width, height, layout);
}

/* }}} */
/* {{{ Lanes */

static void
clear_lanes (CmTimelineRenderer *self)
{
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, i);

      g_free (lane->name);
      g_free (lane->cached_counts);
      g_clear_pointer (&lane->index, cm_interval_index_free);
    }
  g_array_set_size (self->lanes, 0);
  g_clear_pointer (&self->all_starts, g_free);
  g_clear_pointer (&self->all_ends, g_free);
  g_clear_pointer (&self->all_positions, g_free);
  g_clear_pointer (&self->all_meta, g_free);
  g_clear_pointer (&self->all_label_widths, g_free);
  g_clear_pointer (&self->colors, g_free);
  g_clear_pointer (&self->used_categories, g_free);
  self->n_colors = 0;
}

static void
invalidate_lanes (CmTimelineRenderer *self)
{
  self->lanes_valid = FALSE;
  self->frame_valid = FALSE;
}

static void
ensure_lanes (CmTimelineRenderer *self)
{
  g_autofree guint *lane_of = NULL;
  g_autofree guint *counts = NULL;
  g_autofree guint *fill = NULL;
  g_autofree CmPrecision *coarsest = NULL;
  gboolean filtering;
  guint n, n_groups, n_categories, n_slots, n_kept = 0, offset = 0;

  if (self->lanes_valid)
    return;

  clear_lanes (self);
  self->lanes_valid = TRUE;

  if (self->document == NULL)
    return;

  n = cm_event_store_get_n_events (self->store);
  n_groups = cm_document_get_n_groups (self->document);
  n_categories = cm_document_get_n_categories (self->document);
  n_slots = n_groups + 1;
  filtering = self->filter != NULL && cm_event_filter_is_active (self->filter);

  self->n_colors = n_categories + 1;
  self->colors = g_new (CmColor, self->n_colors);
  self->used_categories = g_new0 (guint8, self->n_colors);
  for (guint c = 0; c < n_categories; c++)
    {
      const CmCategory *category = cm_document_get_category (self->document, c);

      self->colors[c] = (CmColor) { category->red, category->green, category->blue, 1.0 };
    }
  self->colors[n_categories] = self->style.uncategorized;

  /* One pass to sort events into lanes (counting sort, stable), one to copy */
  lane_of = g_new (guint, MAX (n, 1));
  counts = g_new0 (guint, n_slots);
  coarsest = g_new (CmPrecision, n_slots);
  for (guint s = 0; s < n_slots; s++)
    coarsest[s] = CM_PRECISION_SECOND;

  for (guint p = 0; p < n; p++)
    {
      CmEventData data;
      guint slot;

      if (filtering && !cm_event_filter_matches (self->filter, self->store, p))
        {
          lane_of[p] = CM_NONE;
          continue;
        }

      cm_event_store_get_data (self->store, p, &data);
      slot = data.group < n_groups ? data.group : n_groups;
      lane_of[p] = slot;
      counts[slot]++;
      n_kept++;
      coarsest[slot] = MIN (coarsest[slot], MIN (data.precision, data.end_precision));
      self->used_categories[MIN (data.category, n_categories)] = TRUE;
    }

  self->all_starts = g_new (gint64, MAX (n_kept, 1));
  self->all_ends = g_new (gint64, MAX (n_kept, 1));
  self->all_positions = g_new (guint, MAX (n_kept, 1));
  self->all_meta = g_new (EventMeta, MAX (n_kept, 1));
  self->all_label_widths = g_new0 (float, MAX (n_kept, 1));
  fill = g_new (guint, n_slots);

  for (guint s = 0; s < n_slots; s++)
    {
      Lane lane = { 0 };

      fill[s] = offset;
      offset += counts[s];

      /* The default lane only when it has events, or is the only one */
      if (s == n_groups && counts[s] == 0 && n_groups > 0)
        continue;

      lane.group = s < n_groups ? s : CM_NONE;
      if (s < n_groups)
        lane.name = g_strdup (cm_document_get_group (self->document, s)->name != NULL
                              ? cm_document_get_group (self->document, s)->name : "");
      else
        lane.name = g_strdup (n_groups > 0 ? _("Other events") : _("Events"));
      lane.starts = self->all_starts + fill[s];
      lane.ends = self->all_ends + fill[s];
      lane.positions = self->all_positions + fill[s];
      lane.meta = self->all_meta + fill[s];
      lane.label_widths = self->all_label_widths + fill[s];
      lane.n = counts[s];
      lane.coarsest = coarsest[s];
      g_array_append_val (self->lanes, lane);
    }

  for (guint p = 0; p < n; p++)
    {
      guint slot = lane_of[p];
      CmEventData data;
      EventMeta *meta;
      guint i;

      if (slot == CM_NONE)
        continue;

      i = fill[slot]++;
      cm_event_store_get_data (self->store, p, &data);
      self->all_starts[i] = data.start;
      self->all_ends[i] = cm_event_store_get_end (self->store, p);
      self->all_positions[i] = p;

      meta = &self->all_meta[i];
      meta->serial = cm_event_store_get_serial (self->store, p);
      meta->category = data.category < n_categories ? (guint16) data.category : G_MAXUINT16;
      meta->utc_offset = (gint16) (data.utc_offset == CM_UTC_OFFSET_NONE ? 0 : data.utc_offset);
      meta->precision = (guint8) data.precision;
      meta->end_precision = (guint8) data.end_precision;
    }

  for (guint l = 0; l < self->lanes->len; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);

      lane->index = cm_interval_index_new ();
      cm_interval_index_build (lane->index, lane->starts, lane->ends, lane->n);
    }
}

static const CmColor *
category_color (CmTimelineRenderer *self,
                guint               category)
{
  if (category >= self->n_colors - 1)
    return &self->style.uncategorized;

  return &self->colors[category];
}

static gboolean
lane_collapsed (CmTimelineRenderer *self,
                guint               group)
{
  if (group == CM_NONE)
    return self->default_collapsed;

  return g_hash_table_contains (self->collapsed, GUINT_TO_POINTER (group + 1));
}

/* }}} */
/* {{{ Layout of one lane */

static gboolean
title_fits_inside (double visible_width,
                   double label_width)
{
  return visible_width >= label_width + 8;
}

/* Builds the items of @lf from the lane's visible events. */
static gboolean
collect_items (CmTimelineRenderer *self,
               LaneFrame          *lf,
               const Lane         *lane)
{
  CmTime pad = (CmTime) ceil (precision_seconds (lane->coarsest) * 1.05);
  double margin = self->row_height;

  g_array_set_size (self->hits, 0);
  cm_interval_index_query (lane->index, sat_add (self->start, -pad), self->end, self->hits);
  if (self->hits->len > ITEM_BUDGET)
    return FALSE;

  for (guint h = 0; h < self->hits->len; h++)
    {
      guint i = g_array_index (self->hits, guint, h);
      const EventMeta *meta = &lane->meta[i];
      Item item = { 0 };
      double x0, x1, unit_px;

      x0 = frame_x (self, lane->starts[i]);
      x1 = frame_x (self, lane->ends[i]);
      if (x0 > self->width + margin)
        continue;

      item.start = lane->starts[i];
      item.end = lane->ends[i];
      item.position = lane->positions[i];
      item.serial = meta->serial;
      item.category = meta->category == G_MAXUINT16 ? CM_NONE : meta->category;
      item.row = NO_ROW;

      /* A start coarser than the zoom: its whole unit, faded */
      unit_px = precision_seconds (meta->precision) * self->px_per_s;
      if (unit_px > UNCERTAIN_PX * 0.9)
        {
          CmTime unit_end = cm_time_unit_end (item.start, meta->precision, meta->utc_offset);
          double unit_x = frame_x (self, unit_end);

          if (unit_x - x0 > UNCERTAIN_PX)
            {
              item.flags |= ITEM_UNCERTAIN;
              if (item.end <= item.start)
                {
                  /* An instant: a span over its unit, faded at both ends */
                  x1 = unit_x;
                  item.fade0 = item.fade1 = (float) MIN ((x1 - x0) / 3, 48);
                }
              else
                item.fade0 = (float) MIN (MIN (unit_x - x0, (x1 - x0) / 2), 48);
            }
        }

      /* An end coarser than the zoom: the span runs through its unit */
      if (item.end > item.start &&
          precision_seconds (meta->end_precision) * self->px_per_s > UNCERTAIN_PX * 0.9)
        {
          CmTime unit_end = cm_time_unit_end (item.end, meta->end_precision, meta->utc_offset);
          double unit_x = frame_x (self, unit_end);

          if (unit_x - x1 > UNCERTAIN_PX)
            {
              item.flags |= ITEM_UNCERTAIN;
              item.fade1 = (float) MIN (unit_x - x1, 48);
              x1 = unit_x;
            }
        }

      if (x1 < -margin)
        continue;

      if (x1 - x0 >= MIN_BAR_PX)
        {
          item.kind = ITEM_BAR;
          item.ux0 = x0;
          item.ux1 = x1;
          item.x0 = MAX (x0, -margin);
          item.x1 = MIN (x1, self->width + margin);
        }
      else
        {
          item.kind = ITEM_MARKER;
          item.flags &= ~ITEM_UNCERTAIN;
          item.x0 = item.x1 = x0;
        }

      if (item.serial == self->selection)
        item.flags |= ITEM_SELECTED;
      if (item.serial == self->hover)
        item.flags |= ITEM_HOVER;

      /* Measured once per event and lane build: titles are spread over
       * memory, the lane's widths are in order */
      if (lane->label_widths[i] == 0)
        {
          const char *title = cm_event_store_get_title (self->store, item.position);

          lane->label_widths[i] = title != NULL && title[0] != '\0'
            ? (float) estimate_width (self, title) : -1;
        }
      item.label_width = MAX (lane->label_widths[i], 0);

      g_array_append_val (self->items, item);
    }

  lf->n_items = self->items->len - lf->first_item;

  return TRUE;
}

static void
close_cluster (CmTimelineRenderer *self,
               guint               first,
               guint               last,
               guint               count)
{
  Item *items = &g_array_index (self->items, Item, 0);
  Item *head = &items[first];
  guint n = 0;

  if (count < CLUSTER_MIN)
    return;

  /* The head stands for all; the others are merged into it */
  for (guint i = first + 1; i <= last; i++)
    if (items[i].kind == ITEM_MARKER && !(items[i].flags & ITEM_SELECTED))
      {
        items[i].kind = ITEM_MERGED;
        head->x1 = items[i].x0;
        head->end = items[i].start;
        n++;
      }

  head->kind = ITEM_CLUSTER;
  head->count = n + 1;
  head->label_width = 0;
  head->flags &= ~(ITEM_HOVER | ITEM_UNCERTAIN);
}

/* Markers closer than CLUSTER_GAP px chain into clusters of CLUSTER_MIN
 * or more, at most CLUSTER_MAX_PX wide. The selection stays apart. */
static void
cluster_markers (CmTimelineRenderer *self,
                 LaneFrame          *lf)
{
  Item *items = &g_array_index (self->items, Item, 0);
  guint first = G_MAXUINT, last = 0, count = 0;
  double first_x = 0, last_x = 0;

  for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
    {
      Item *item = &items[i];

      if (item->kind != ITEM_MARKER || (item->flags & ITEM_SELECTED))
        continue;

      if (first != G_MAXUINT &&
          item->x0 - last_x < CLUSTER_GAP &&
          item->x0 - first_x <= CLUSTER_MAX_PX)
        {
          last = i;
          last_x = item->x0;
          count++;
          continue;
        }

      if (first != G_MAXUINT)
        close_cluster (self, first, last, count);

      first = last = i;
      first_x = last_x = item->x0;
      count = 1;
    }

  if (first != G_MAXUINT)
    close_cluster (self, first, last, count);
}

static double
marker_radius (CmTimelineRenderer *self)
{
  return floor ((self->row_height - 6) / 2);
}

static char *
format_count (guint count,
              gboolean overflow)
{
  if (count >= 100000)
    return g_strdup_printf (overflow ? "+%uk" : "%uk", count / 1000);

  return g_strdup_printf (overflow ? "+%u" : "%u", count);
}

/* Where a cluster's badge is drawn (its count's width from the digits') */
static void
badge_extent (CmTimelineRenderer *self,
              const Item         *item,
              double             *a,
              double             *b)
{
  double r = marker_radius (self);
  guint digits = 1;
  double text_width;

  for (guint c = item->count >= 100000 ? item->count / 1000 : item->count; c >= 10; c /= 10)
    digits++;
  text_width = digits * self->char_widths['0'] + 2;
  if (item->flags & ITEM_OVERFLOW)
    text_width += self->char_widths['+'];
  if (item->count >= 100000)
    text_width += self->char_widths['k'];

  *a = item->x0 - r;
  *b = MAX (item->x1 + r, *a + text_width + 8);
}

static void
mark_extent (CmTimelineRenderer *self,
             const Item         *item,
             double             *a,
             double             *b)
{
  double r = marker_radius (self);

  switch ((ItemKind) item->kind)
    {
    case ITEM_MARKER:
      *a = item->x0 - r;
      *b = item->x0 + r;
      break;
    case ITEM_CLUSTER:
      badge_extent (self, item, a, b);
      break;
    case ITEM_BAR:
    case ITEM_MERGED:
    default:
      *a = item->x0;
      *b = item->x1;
      break;
    }
}

static void make_overflow_badges (CmTimelineRenderer *self,
                                  LaneFrame          *lf);

static int
first_fit (const double *row_end,
           double        a)
{
  for (int r = 0; r < MAX_ROWS; r++)
    if (row_end[r] + ROW_GAP <= a)
      return r;

  return -1;
}

/* Rows by greedy first fit in store order (start, end, serial): the label's
 * room is reserved beside the mark when a row has it; else the mark alone;
 * else the item overflows into a "+N" badge below the rows. */
static void
assign_rows (CmTimelineRenderer *self,
             LaneFrame          *lf)
{
  double row_end[MAX_ROWS];
  guint n_items = lf->first_item + lf->n_items;
  guint n_rows = 0;
  gboolean overflow = FALSE;

  for (int r = 0; r < MAX_ROWS; r++)
    row_end[r] = -G_MAXDOUBLE;

  for (guint i = lf->first_item; i < n_items; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      double a, b, la = 0, lb = 0, width;
      gboolean label = FALSE;
      int row = -1;

      if (item->kind == ITEM_MERGED)
        continue;

      mark_extent (self, item, &a, &b);
      width = item->label_width;

      if (width > 0 && item->kind == ITEM_BAR &&
          title_fits_inside (MIN (b, self->width) - MAX (a, 0), width))
        item->flags |= ITEM_LABEL_INSIDE;
      else if (width > 0 && item->kind != ITEM_CLUSTER)
        {
          /* Beside the mark: right, else left, never cut by the edges */
          la = b + LABEL_GAP;
          lb = la + width;
          if (lb > self->width)
            {
              lb = a - LABEL_GAP;
              la = lb - width;
            }
          label = la >= 0 && lb <= self->width;
        }

      if (label)
        row = first_fit (row_end, MIN (a, la));
      if (row >= 0)
        {
          item->flags |= ITEM_HAS_LABEL;
          item->lx0 = la;
          item->lx1 = lb;
          row_end[row] = MAX (b, lb);
        }
      else if ((row = first_fit (row_end, a)) >= 0)
        row_end[row] = b;
      else
        {
          item->flags |= ITEM_OVERFLOW;
          overflow = TRUE;
          continue;
        }

      item->row = (guint16) row;
      n_rows = MAX (n_rows, (guint) row + 1);
    }

  lf->n_rows = MAX (n_rows, 1);
  lf->has_overflow = overflow;

  if (overflow)
    make_overflow_badges (self, lf);

  for (guint i = lf->first_item; i < n_items; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);

      if (item->kind != ITEM_MERGED)
        mark_extent (self, item, &item->ma, &item->mb);
    }
}

/* Overflowing items chain into "+N" badges on a row of their own */
static void
make_overflow_badges (CmTimelineRenderer *self,
                      LaneFrame          *lf)
{
  guint n_items = lf->first_item + lf->n_items;

  {
    guint head = G_MAXUINT;
    double head_b = -G_MAXDOUBLE;

    for (guint i = lf->first_item; i < n_items; i++)
      {
        Item *item = &g_array_index (self->items, Item, i);
        Item *first;

        if (!(item->flags & ITEM_OVERFLOW))
          continue;

        if (head != G_MAXUINT)
          {
            first = &g_array_index (self->items, Item, head);
            if (item->x0 <= first->x1 + CLUSTER_GAP ||
                item->x0 - marker_radius (self) <= head_b + ROW_GAP)
              {
                gboolean cluster = item->kind == ITEM_CLUSTER;

                first->x1 = MAX (first->x1, cluster ? item->x1 : item->x0);
                first->end = MAX (first->end, cluster ? item->end : item->start);
                first->count += cluster ? item->count : 1;
                item->kind = ITEM_MERGED;
                item->flags &= ~ITEM_OVERFLOW;
                badge_extent (self, first, &(double) { 0 }, &head_b);
                continue;
              }
          }

        /* A new badge from this item (a cluster brings its count) */
        head = i;
        if (item->kind != ITEM_CLUSTER)
          {
            item->count = 1;
            item->end = item->start;
          }
        item->kind = ITEM_CLUSTER;
        item->x0 = MAX (item->x0, marker_radius (self));  /* spans from the left */
        item->x1 = item->x0;
        item->row = (guint16) lf->n_rows;
        item->flags &= ~(ITEM_HAS_LABEL | ITEM_LABEL_INSIDE | ITEM_UNCERTAIN | ITEM_HOVER);
        badge_extent (self, item, &(double) { 0 }, &head_b);
      }
  }
}

static void
layout_lanes (CmTimelineRenderer *self)
{
  g_autofree guint *by_estimate = NULL;
  guint n_lanes = self->lanes->len;
  guint total = 0;
  double y;

  g_array_set_size (self->lane_frames, n_lanes);
  g_array_set_size (self->items, 0);

  /* Events starting in the window, per lane */
  for (guint l = 0; l < n_lanes; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      memset (lf, 0, sizeof *lf);
      lf->mode = lane_collapsed (self, lane->group) ? MODE_COLLAPSED : MODE_ITEMS;
      lf->estimate = lower_bound (lane->starts, lane->n, sat_add (self->end, 1)) -
                     lower_bound (lane->starts, lane->n, self->start);

      /* More than one event per CLUSTER_GAP px on average: markers would
       * chain into clusters all along, a density strip says it better */
      if (lf->mode == MODE_ITEMS && lf->estimate > self->width / CLUSTER_GAP)
        lf->mode = MODE_DENSITY;

      if (lf->mode == MODE_ITEMS)
        total += lf->estimate;
    }

  /* Past the budget, the densest lanes become density strips */
  if (total > ITEM_BUDGET)
    {
      by_estimate = g_new (guint, n_lanes);
      for (guint l = 0; l < n_lanes; l++)
        by_estimate[l] = l;

      for (guint k = 0; k < n_lanes && total > ITEM_BUDGET; k++)
        {
          guint best = k;

          for (guint m = k + 1; m < n_lanes; m++)
            if (g_array_index (self->lane_frames, LaneFrame, by_estimate[m]).estimate >
                g_array_index (self->lane_frames, LaneFrame, by_estimate[best]).estimate)
              best = m;

          if (best != k)
            {
              guint t = by_estimate[k];

              by_estimate[k] = by_estimate[best];
              by_estimate[best] = t;
            }

          {
            LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, by_estimate[k]);

            if (lf->mode == MODE_ITEMS)
              {
                lf->mode = MODE_DENSITY;
                total -= lf->estimate;
              }
          }
        }
    }

  y = self->axis_height - self->scroll;

  for (guint l = 0; l < n_lanes; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      lf->y = y;
      lf->rows_y = y + self->header_height;
      lf->first_item = self->items->len;

      if (lf->mode == MODE_ITEMS && y >= self->height)
        {
          /* Below the frame: not laid out, its height as it last was */
          lf->n_rows = MAX (lane->last_rows, 1);
          lf->has_overflow = lane->last_overflow;
        }
      else if (lf->mode == MODE_ITEMS)
        {
          if (collect_items (self, lf, lane))
            {
              cluster_markers (self, lf);
              assign_rows (self, lf);
              lane->last_rows = lf->n_rows;
              lane->last_overflow = lf->has_overflow;
            }
          else
            {
              g_array_set_size (self->items, lf->first_item);
              lf->n_items = 0;
              lf->mode = MODE_DENSITY;
            }
        }

      switch (lf->mode)
        {
        case MODE_ITEMS:
          lf->height = self->header_height +
                       (lf->n_rows + (lf->has_overflow ? 1 : 0)) * self->row_height + 4;
          break;
        case MODE_DENSITY:
          lf->height = self->header_height + self->row_height + 4;
          break;
        case MODE_COLLAPSED:
        default:
          lf->height = self->header_height + 8;
          break;
        }

      y += lf->height;
    }

  self->content_height = y + self->scroll;
}

/* }}} */
/* {{{ Drawing */

static void
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

static void
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

static gboolean
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

static gboolean
lane_visible (CmTimelineRenderer *self,
              const LaneFrame    *lf)
{
  return lf->y < self->height && lf->y + lf->height > self->axis_height;
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

/* The columns of the current frame: anchored at time 0 so that they carry
 * over from frame to frame (@anchored), unless the window is so far out
 * that bin numbers would lose precision; then at the window's start. */
static void
set_bin_geometry (CmTimelineRenderer *self,
                  BinGeometry        *geometry,
                  gboolean            anchored)
{
  double seconds = time_diff (self->start, self->end) * DENSITY_BIN / self->width;
  double first;

  geometry->seconds = seconds;
  geometry->origin = 0;
  first = floor ((double) self->start / seconds);
  if (!anchored || fabs (first) > 1e15)
    {
      geometry->origin = self->start;
      first = 0;
    }

  geometry->first = (gint64) first;
  geometry->x0 = round (frame_x (self, bin_boundary (geometry, geometry->first)));
  if (geometry->x0 > 0)
    {
      geometry->first--;
      geometry->x0 = round (frame_x (self, bin_boundary (geometry, geometry->first)));
    }
  geometry->n = (guint) ceil ((self->width - geometry->x0) / DENSITY_BIN);
}

/* Counts of events starting in each column, and the largest. Columns the
 * lane counted in the last frame are taken from it; the others are lower
 * bounds galloping from one column to the next. */
static guint
compute_bins (const Lane        *lane,
              const BinGeometry *geometry,
              const BinGeometry *cached,
              const guint       *cached_counts,
              guint             *bins)
{
  gboolean reuse = cached_counts != NULL && cached->seconds == geometry->seconds &&
                   cached->origin == geometry->origin;
  gboolean have_previous = FALSE;
  guint previous = 0, max = 0;

  for (guint b = 0; b < geometry->n; b++)
    {
      gint64 k = geometry->first + (gint64) b;

      if (reuse && k >= cached->first && k < cached->first + (gint64) cached->n)
        {
          bins[b] = cached_counts[k - cached->first];
          have_previous = FALSE;
        }
      else
        {
          guint next;

          if (!have_previous)
            previous = lower_bound (lane->starts, lane->n, bin_boundary (geometry, k));
          next = gallop_lower_bound (lane->starts, lane->n, previous,
                                     bin_boundary (geometry, k + 1));
          bins[b] = next - previous;
          previous = next;
          have_previous = TRUE;
        }

      max = MAX (max, bins[b]);
    }

  return max;
}

/* log1p() of small counts, from a table */
static inline double
log_count (guint count)
{
  static double table[1024];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (table); i++)
        table[i] = log1p (i);
      g_once_init_leave (&initialized, 1);
    }

  return count < G_N_ELEMENTS (table) ? table[count] : log1p (count);
}

/* @color at @alpha over @under, opaque */
static CmColor
blend (const CmColor *color,
       double         alpha,
       const CmColor *under)
{
  double a = color->alpha * alpha;

  return (CmColor) {
    color->red * a + under->red * (1 - a),
    color->green * a + under->green * (1 - a),
    color->blue * a + under->blue * (1 - a),
    1.0
  };
}

/* Columns of @heights px (collapsed: of opacity @heights / 255, all
 * @height tall) from @x0, DENSITY_BIN px each, in an opaque @color. The
 * part every column fills is one rectangle, only the varying tops go
 * through an A8 mask: one composite instead of a path of hundreds of
 * rectangles. */
static void
draw_columns (cairo_t          *cr,
              cairo_surface_t **scratch,
              const guint      *heights,
              guint          n,
              double         x0,
              double         top,
              int            height,
              gboolean       opacity,
              const CmColor *color)
{
  cairo_surface_t *mask;
  cairo_surface_type_t type;
  int mask_rows, min_h = height;
  guchar *data;
  int stride;

  if (!opacity)
    {
      for (guint b = 0; b < n; b++)
        min_h = MIN (min_h, (int) heights[b]);

      if (min_h > 0)
        {
          cairo_rectangle (cr, x0, top + height - min_h, (double) n * DENSITY_BIN, min_h);
          cm_style_set_source (cr, color);
          cairo_fill (cr);
        }
    }
  else
    min_h = 0;

  mask_rows = height - min_h;
  if (mask_rows <= 0 || n == 0)
    return;

  /* PDF, SVG and PostScript stay vector: rectangles, one per run of
   * columns of the same height (or opacity), instead of an image mask. */
  type = cairo_surface_get_type (cairo_get_target (cr));
  if (type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG || type == CAIRO_SURFACE_TYPE_PS)
    {
      for (guint b = 0; b < n;)
        {
          guint run = b + 1;

          while (run < n && heights[run] == heights[b])
            run++;

          if (heights[b] > 0 && opacity)
            {
              cairo_rectangle (cr, x0 + b * DENSITY_BIN, top, (double) (run - b) * DENSITY_BIN, height);
              cm_style_set_source_alpha (cr, color, MIN (heights[b], 255) / 255.0);
              cairo_fill (cr);
            }
          else if (!opacity && (int) heights[b] > min_h)
            {
              int h = MIN ((int) heights[b], height);

              cairo_rectangle (cr, x0 + b * DENSITY_BIN, top + height - h,
                               (double) (run - b) * DENSITY_BIN, h - min_h);
              cm_style_set_source (cr, color);
              cairo_fill (cr);
            }
          b = run;
        }
      return;
    }

  /* Unscaled, so that pixman takes its solid-over-A8 path. One scratch
   * surface serves every strip: cairo copies it for a recording target
   * before it is written again. */
  if (*scratch == NULL ||
      cairo_image_surface_get_width (*scratch) < (int) (n * DENSITY_BIN) ||
      cairo_image_surface_get_height (*scratch) < mask_rows)
    {
      g_clear_pointer (scratch, cairo_surface_destroy);
      *scratch = cairo_image_surface_create (CAIRO_FORMAT_A8, (int) (n * DENSITY_BIN) + 64,
                                             MAX (mask_rows, 32));
    }
  mask = *scratch;
  if (cairo_surface_status (mask) != CAIRO_STATUS_SUCCESS)
    return;

  cairo_surface_flush (mask);
  data = cairo_image_surface_get_data (mask);
  stride = cairo_image_surface_get_stride (mask);
  for (int y = 0; y < mask_rows; y++)
    memset (data + y * stride, 0, n * DENSITY_BIN);

  for (guint b = 0; b < n; b++)
    {
      if (heights[b] == 0)
        continue;

      if (opacity)
        {
          for (int y = 0; y < mask_rows; y++)
            memset (data + y * stride + b * DENSITY_BIN, (int) MIN (heights[b], 255), DENSITY_BIN);
        }
      else
        {
          for (int y = height - (int) heights[b]; y < mask_rows; y++)
            memset (data + y * stride + b * DENSITY_BIN, 255, DENSITY_BIN);
        }
    }
  cairo_surface_mark_dirty (mask);

  cairo_save (cr);
  cairo_rectangle (cr, x0, top, (double) n * DENSITY_BIN, mask_rows);
  cairo_clip (cr);
  cm_style_set_source (cr, color);
  cairo_mask_surface (cr, mask, x0, top);
  cairo_restore (cr);
}

/* A density strip: a logarithmic histogram in an expanded lane, an opacity
 * ramp in a collapsed one, in opaque colours, pixel-aligned. */
static void
draw_density (CmTimelineRenderer *self,
              cairo_t            *cr,
              const Lane         *lane,
              const LaneFrame    *lf)
{
  const BinGeometry *geometry = &self->bins_geometry;
  guint n_bins = geometry->n;
  Lane *cache = (Lane *) lane;
  gboolean collapsed = lf->mode == MODE_COLLAPSED;
  int height = collapsed ? 4 : (int) self->row_height - 2;
  double top = floor (lf->rows_y + 2);
  CmColor base = blend (&self->style.cluster, collapsed ? 0 : 0.08, &self->style.background);
  CmColor bar = blend (&self->style.cluster, 0.75, &base);
  guint *bins, max;
  double scale;

  g_array_set_size (self->bins, n_bins);
  bins = &g_array_index (self->bins, guint, 0);
  max = compute_bins (lane, geometry, &lane->cached, lane->cached_counts, bins);

  /* Kept for the next frame */
  cache->cached_counts = g_renew (guint, cache->cached_counts, MAX (n_bins, 1));
  memcpy (cache->cached_counts, bins, n_bins * sizeof (guint));
  cache->cached = *geometry;

  if (!collapsed)
    {
      cairo_rectangle (cr, 0, top, ceil (self->width), height);
      cm_style_set_source (cr, &base);
      cairo_fill (cr);
    }

  if (max == 0)
    return;
  scale = 1 / log_count (max);

  /* Bar heights (opacities) replace the counts */
  for (guint b = 0; b < n_bins; b++)
    {
      if (bins[b] == 0)
        continue;
      if (collapsed)
        bins[b] = (guint) (255 * (0.2 + 0.8 * log_count (bins[b]) * scale));
      else
        bins[b] = (guint) MAX (2, (int) (height * log_count (bins[b]) * scale + 0.5));
    }

  draw_columns (cr, &self->scratch, bins, n_bins, geometry->x0, top, height, collapsed,
                collapsed ? &self->style.cluster : &bar);
}

static void
draw_lane_header (CmTimelineRenderer *self,
                  cairo_t            *cr,
                  const Lane         *lane,
                  const LaneFrame    *lf)
{
  TextEntry *name = get_text (self, lane->name);
  double h = self->header_height;
  double cy = lf->y + h / 2;
  double tx = 22, ty;
  int width;
  PangoLayout *layout;

  cairo_rectangle (cr, 0, lf->y, self->width, h);
  cm_style_set_source (cr, &self->style.header_background);
  cairo_fill (cr);

  cairo_rectangle (cr, 0, lf->y, self->width, 1);
  cairo_rectangle (cr, 0, lf->y + h - 1, self->width, 1);
  cm_style_set_source (cr, &self->style.separator);
  cairo_fill (cr);

  /* The disclosure triangle */
  if (lf->mode == MODE_COLLAPSED)
    {
      cairo_move_to (cr, 8, cy - 5);
      cairo_line_to (cr, 14, cy);
      cairo_line_to (cr, 8, cy + 5);
    }
  else
    {
      cairo_move_to (cr, 6, cy - 3);
      cairo_line_to (cr, 16, cy - 3);
      cairo_line_to (cr, 11, cy + 3);
    }
  cairo_close_path (cr);
  cm_style_set_source (cr, &self->style.dim_foreground);
  cairo_fill (cr);

  layout = fit_text (name, (int) MAX (self->width - tx - 8, 8), &width);
  ty = lf->y + (h - name->height) / 2;
  if (self->show_legend && self->legend_w > 0 &&
      ty + name->height > self->legend_y && tx + width > self->legend_x)
    return;

  cm_style_set_source (cr, &self->style.foreground);
  show_text (self, cr, CM_TIMELINE_LABEL_LANE, layout, tx, ty, width, name->height);
}

/* Fills the bars (or markers) of every visible lane, one path per colour.
 * Bars are plain rectangles: cairo fills those on its fast path, where
 * rounded corners would cost a tenth of a dense frame. */
static void
fill_by_category (CmTimelineRenderer *self,
                  cairo_t            *cr,
                  ItemKind            kind)
{
  guint n_colors = self->n_colors;
  g_autofree guint *starts = g_new0 (guint, n_colors + 1);
  double r = marker_radius (self);
  double bar_h = self->row_height - 4;

  /* Counting sort of the items by category */
  g_array_set_size (self->order, 0);
  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      if (lf->mode != MODE_ITEMS || !lane_visible (self, lf))
        continue;

      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);

          if (item->kind != kind || (item->flags & (ITEM_UNCERTAIN | ITEM_OVERFLOW)))
            continue;
          starts[MIN (item->category, n_colors - 1) + 1]++;
          g_array_append_val (self->order, (guint) { l });
          g_array_append_val (self->order, i);
        }
    }

  if (self->order->len == 0)
    return;

  {
    guint n = self->order->len / 2;
    g_autofree guint *sorted = g_new (guint, self->order->len);
    guint *pairs = &g_array_index (self->order, guint, 0);

    for (guint c = 1; c <= n_colors; c++)
      starts[c] += starts[c - 1];

    {
      g_autofree guint *next = g_memdup2 (starts, sizeof (guint) * (n_colors + 1));

      for (guint k = 0; k < n; k++)
        {
          Item *item = &g_array_index (self->items, Item, pairs[2 * k + 1]);
          guint c = MIN (item->category, n_colors - 1);
          guint at = next[c]++;

          sorted[2 * at] = pairs[2 * k];
          sorted[2 * at + 1] = pairs[2 * k + 1];
        }
    }

    /* Markers get a halo in the background colour, all in one path */
    if (kind == ITEM_MARKER)
      {
        for (guint k = 0; k < n; k++)
          {
            LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, sorted[2 * k]);
            Item *item = &g_array_index (self->items, Item, sorted[2 * k + 1]);

            diamond (cr, item->x0, item_y (self, lf, item) + bar_h / 2, r + 1.5);
          }
        cm_style_set_source (cr, &self->style.background);
        cairo_fill (cr);
      }

    for (guint c = 0; c < n_colors; c++)
      {
        if (starts[c] == starts[c + 1])
          continue;

        for (guint k = starts[c]; k < starts[c + 1]; k++)
          {
            LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, sorted[2 * k]);
            Item *item = &g_array_index (self->items, Item, sorted[2 * k + 1]);
            double y = item_y (self, lf, item);

            if (kind == ITEM_MARKER)
              diamond (cr, item->x0, y + bar_h / 2, r);
            else
              cairo_rectangle (cr, item->x0, y, item->x1 - item->x0, bar_h);
          }

        cm_style_set_source (cr, category_color (self, c));
        cairo_fill (cr);
      }
  }
}

/* The opacity of a faded bar at @x: @edge at its true ends, @solid past
 * the fades */
static double
fade_alpha (const Item *item,
            double      x,
            double      edge,
            double      solid)
{
  if (item->fade0 > 0 && x < item->ux0 + item->fade0)
    return edge + (solid - edge) * CLAMP ((x - item->ux0) / item->fade0, 0, 1);
  if (item->fade1 > 0 && x > item->ux1 - item->fade1)
    return edge + (solid - edge) * CLAMP ((item->ux1 - x) / item->fade1, 0, 1);

  return solid;
}

static void
draw_uncertain (CmTimelineRenderer *self,
                cairo_t            *cr,
                const LaneFrame    *lf,
                const Item         *item)
{
  const CmColor *color = category_color (self, item->category);
  double y = item_y (self, lf, item);
  double w = item->x1 - item->x0;
  double bar_h = self->row_height - 4;
  double solid = (item->end > item->start) ? 1.0 : 0.55;
  double edge = 0.08;
  double stops[4];
  cairo_pattern_t *pattern;

  if (w <= 0)
    return;

  /* The gradient over the clipped bar: its ends and the ends of the fades
   * that fall inside it, with the opacity of the whole bar at each */
  stops[0] = item->x0;
  stops[1] = CLAMP (item->ux0 + item->fade0, item->x0, item->x1);
  stops[2] = CLAMP (item->ux1 - item->fade1, stops[1], item->x1);
  stops[3] = item->x1;

  pattern = cairo_pattern_create_linear (item->x0, 0, item->x1, 0);
  for (guint k = 0; k < G_N_ELEMENTS (stops); k++)
    cairo_pattern_add_color_stop_rgba (pattern, (stops[k] - item->x0) / w,
                                       color->red, color->green, color->blue,
                                       fade_alpha (item, stops[k], edge, solid));

  rounded_rectangle (cr, item->x0, y, w, bar_h, 3);
  cairo_set_source (cr, pattern);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);

  /* A dashed rim says "somewhere in here" */
  if (item->end <= item->start && stops[2] > stops[1])
    {
      static const double dashes[] = { 3, 3 };

      cairo_save (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, stops[1], y + 0.5);
      cairo_line_to (cr, stops[2], y + 0.5);
      cairo_move_to (cr, stops[1], y + bar_h - 0.5);
      cairo_line_to (cr, stops[2], y + bar_h - 0.5);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.9);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static void
draw_clusters (CmTimelineRenderer *self,
               cairo_t            *cr)
{
  double bar_h = self->row_height - 4;

  /* Badges first, in two paths (clusters, overflow), then their counts */
  for (int pass = 0; pass < 3; pass++)
    {
      gboolean any = FALSE;

      if (pass == 2)
        cm_style_set_source (cr, &self->style.background);

      for (guint l = 0; l < self->lane_frames->len; l++)
        {
          LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

          if (lf->mode != MODE_ITEMS || !lane_visible (self, lf))
            continue;

          for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
            {
              Item *item = &g_array_index (self->items, Item, i);
              gboolean overflow = (item->flags & ITEM_OVERFLOW) != 0;
              double a, b, y;

              if (item->kind != ITEM_CLUSTER || (pass < 2 && overflow != (pass == 1)))
                continue;

              a = item->ma;
              b = item->mb;
              y = item_y (self, lf, item);

              if (pass < 2)
                {
                  rounded_rectangle (cr, a, y, b - a, bar_h, bar_h / 2);
                  any = TRUE;
                }
              else
                {
                  g_autofree char *text = format_count (item->count, overflow);
                  TextEntry *entry = get_text (self, text);

                  /* Centred in what is visible of the badge */
                  double va = MAX (a, 0) + 2, vb = MIN (b, self->width) - 2;

                  if (overflow)
                    cm_style_set_source (cr, &self->style.foreground);
                  if (entry->width <= vb - va)
                    show_text (self, cr, CM_TIMELINE_LABEL_CLUSTER, entry->layout,
                               CLAMP ((a + b - entry->width) / 2, va, vb - entry->width),
                               y + (bar_h - entry->height) / 2, entry->width, entry->height);
                  if (overflow)
                    cm_style_set_source (cr, &self->style.background);
                }
            }
        }

      if (!any)
        continue;

      if (pass == 0)
        {
          cm_style_set_source (cr, &self->style.cluster);
          cairo_fill (cr);
        }
      else if (pass == 1)
        {
          cm_style_set_source_alpha (cr, &self->style.cluster, 0.3);
          cairo_fill (cr);
        }
    }
}

static void
outline_item (CmTimelineRenderer *self,
              cairo_t            *cr,
              const LaneFrame    *lf,
              const Item         *item,
              const CmColor      *color,
              double              line_width)
{
  double y = item_y (self, lf, item);
  double bar_h = self->row_height - 4;
  double a, b;

  a = item->ma;
  b = item->mb;
  if (item->kind == ITEM_MARKER)
    diamond (cr, item->x0, y + bar_h / 2, marker_radius (self) + 2.5);
  else
    rounded_rectangle (cr, a - 1.5, y - 1.5, b - a + 3, bar_h + 3, 4);

  cm_style_set_source (cr, color);
  cairo_set_line_width (cr, line_width);
  cairo_stroke (cr);
}

/* {{{ Labels */

static Extent *
occupancy_find (GArray *row,
                double  a,
                guint  *index)
{
  guint lo = 0, hi = row->len;

  /* Extents in a row are sorted and disjoint: the first with b > a */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (row, Extent, mid).b <= a)
        lo = mid + 1;
      else
        hi = mid;
    }

  *index = lo;

  return lo < row->len ? &g_array_index (row, Extent, lo) : NULL;
}

static gboolean
occupancy_try (GArray *row,
               double  a,
               double  b)
{
  guint index;
  Extent *next = occupancy_find (row, a, &index);
  Extent extent = { a, b };

  if (next != NULL && next->a < b)
    return FALSE;

  g_array_insert_val (row, index, extent);

  return TRUE;
}

/* The free interval of @row around @x (empty when @x is occupied) */
static void
occupancy_gap (GArray *row,
               double  x,
               double *left,
               double *right)
{
  guint index;
  Extent *next = occupancy_find (row, x, &index);

  if (next != NULL && next->a <= x)
    {
      *left = *right = x;
      return;
    }

  *right = next != NULL ? next->a : G_MAXDOUBLE;
  *left = index > 0 ? g_array_index (row, Extent, index - 1).b : -G_MAXDOUBLE;
}

static GArray *
occupancy_row (CmTimelineRenderer *self,
               guint               index)
{
  while (self->occupancy->len <= index)
    g_ptr_array_add (self->occupancy, g_array_new (FALSE, FALSE, sizeof (Extent)));

  return g_ptr_array_index (self->occupancy, index);
}

typedef struct
{
  guint  lane;
  guint  item;
  double priority;
} LabelCandidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const LabelCandidate *x = a, *y = b;

  if (x->priority != y->priority)
    return x->priority > y->priority ? -1 : 1;

  return x->item < y->item ? -1 : x->item > y->item;
}

static gboolean
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

static void
draw_labels (CmTimelineRenderer *self,
             cairo_t            *cr)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (LabelCandidate));
  double bar_h = self->row_height - 4;
  guint base = 0;
  g_autofree guint *row_base = g_new0 (guint, MAX (self->lane_frames->len, 1));

  /* Occupancy: every mark of every visible row */
  for (guint i = 0; i < self->occupancy->len; i++)
    g_array_set_size (g_ptr_array_index (self->occupancy, i), 0);

  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      row_base[l] = base;
      if (lf->mode != MODE_ITEMS || !lane_visible (self, lf))
        continue;
      base += lf->n_rows + 1;

      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);
          double a, b;

          if (item->kind == ITEM_MERGED || item->row == NO_ROW)
            continue;

          a = item->ma;
          b = item->mb;
          g_array_append_val (occupancy_row (self, row_base[l] + item->row), ((Extent) { a, b }));

          if (item->flags & ITEM_LABEL_INSIDE)
            continue;
          if (item->label_width <= 0 || item->kind == ITEM_CLUSTER)
            continue;

          {
            LabelCandidate c = { l, i, 0 };
            double duration = (double) item->end - (double) item->start;

            if (item->flags & ITEM_SELECTED)
              c.priority = 1e300;
            else if (item->kind == ITEM_BAR)
              c.priority = 1e200 + duration;
            else
              c.priority = duration;
            g_array_append_val (candidates, c);
          }
        }
    }

  g_array_sort (candidates, compare_candidates);

  for (guint k = 0; k < candidates->len; k++)
    {
      LabelCandidate *c = &g_array_index (candidates, LabelCandidate, k);
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, c->lane);
      Item *item = &g_array_index (self->items, Item, c->item);
      GArray *row = occupancy_row (self, row_base[c->lane] + item->row);
      TextEntry *entry = get_title (self, item->serial, item->position);
      double y = item_y (self, lf, item);
      double ty = y + (bar_h - entry->height) / 2;
      double a, b, la, lb;
      int width;
      PangoLayout *layout;

      a = item->ma;
      b = item->mb;

      if (item->flags & ITEM_HAS_LABEL)
        {
          la = item->lx0;
          lb = item->lx1;
        }
      else
        {
          /* No room was reserved: what is free beside the mark, right
           * then left, ellipsized */
          double need = MIN (item->label_width, LABEL_MIN_PX);
          double left, right;

          occupancy_gap (row, b + LABEL_GAP, &left, &right);
          right = MIN (right - 1, self->width);
          la = b + LABEL_GAP;
          lb = MIN (la + item->label_width, right);
          if (lb - la < need)
            {
              occupancy_gap (row, a - LABEL_GAP, &left, &right);
              left = MAX (left + 1, 0);
              lb = a - LABEL_GAP;
              la = MAX (lb - item->label_width, left);
            }
        }

      if (la < 0 || lb > self->width || lb - la < MIN (item->label_width, LABEL_MIN_PX))
        continue;

      layout = fit_text (entry, (int) floor (lb - la), &width);
      if (la >= a)
        lb = la + width;
      else
        la = lb - width;

      if (ty < self->axis_height || ty + entry->height > self->height ||
          in_legend (self, la, ty, lb, ty + entry->height) ||
          !occupancy_try (row, la - 1, lb + 1))
        continue;

      item->flags |= ITEM_LABEL_DRAWN;
      cm_style_set_source (cr, &self->style.foreground);
      show_text (self, cr, CM_TIMELINE_LABEL_EVENT, layout, la, ty, width, entry->height);
    }

  /* Titles inside their bars */
  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      if (lf->mode != MODE_ITEMS || !lane_visible (self, lf))
        continue;

      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);
          TextEntry *entry;
          PangoLayout *layout;
          double va, vb, y, ty;
          int width;

          if (!(item->flags & ITEM_LABEL_INSIDE) || item->kind != ITEM_BAR)
            continue;

          /* After a faded start, where the bar is solid */
          va = MAX (MAX (item->x0, item->ux0 + item->fade0), 0) + 4;
          vb = MIN (item->x1, self->width) - 4;
          if (vb - va < 16)
            continue;

          entry = get_title (self, item->serial, item->position);
          layout = fit_text (entry, (int) floor (vb - va), &width);
          y = item_y (self, lf, item);
          ty = y + (bar_h - entry->height) / 2;
          if (ty < self->axis_height || ty + entry->height > self->height ||
              in_legend (self, va, ty, va + width, ty + entry->height))
            continue;

          /* Faded instants are pale: the text colour; spans are solid */
          if ((item->flags & ITEM_UNCERTAIN) && item->end <= item->start)
            cm_style_set_source (cr, &self->style.foreground);
          else if (is_dark_color (category_color (self, item->category)))
            cairo_set_source_rgb (cr, 1, 1, 1);
          else
            cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);

          item->flags |= ITEM_LABEL_DRAWN;
          show_text (self, cr, CM_TIMELINE_LABEL_EVENT, layout, va, ty, width, entry->height);
        }
    }
}

/* }}} */
/* {{{ Axis */

/* The labels of @ticks, reusing those of the same ticks in the last frame
 * (both sorted): panning formats only the ticks that come into view. */
static void
label_ticks (CmTimelineRenderer *self,
             GArray             *ticks,
             GArray             *old_ticks,
             GPtrArray          *texts,
             gboolean            context)
{
  const CmScaleLevel *level = cm_scale_get_level (self->level);
  g_autoptr(GPtrArray) old_texts = g_ptr_array_copy (texts, NULL, NULL);
  guint j = 0;

  g_ptr_array_set_size (texts, 0);

  for (guint i = 0; i < ticks->len; i++)
    {
      CmTime t = g_array_index (ticks, CmTime, i);
      TextEntry *entry = NULL;

      while (j < old_ticks->len && g_array_index (old_ticks, CmTime, j) < t)
        j++;

      if (j < old_ticks->len && j < old_texts->len && g_array_index (old_ticks, CmTime, j) == t)
        {
          entry = g_ptr_array_index (old_texts, j);
          if (entry != NULL)
            entry->last_used = self->frame_number;
        }
      else
        {
          g_autofree char *text = context
            ? cm_scale_format_context (level, t, self->utc_offset)
            : cm_scale_format_tick (level, t, self->utc_offset);

          if (text != NULL)
            entry = get_text (self, text);
        }

      g_ptr_array_add (texts, entry);
    }
}

static void
compute_ticks (CmTimelineRenderer *self)
{
  g_autoptr(GArray) old_fine = g_array_copy (self->fine_ticks);
  g_autoptr(GArray) old_context = g_array_copy (self->context_ticks);
  const CmScaleLevel *level;
  double span = time_diff (self->start, self->end);
  guint old_level = self->level;
  CmTime t;

  /* The level is kept while the window pans at the same zoom, as long as
   * it stays within a window's width of where the level was chosen */
  if (!self->level_valid || span != self->level_span || self->width != self->level_width ||
      self->utc_offset != self->level_offset ||
      fabs (time_diff (self->level_start, self->start)) > span)
    {
      self->level = cm_scale_choose_level (self->start, self->end, self->width, AXIS_GAP,
                                           self->utc_offset, measure_cb, self);
      self->level_span = span;
      self->level_width = self->width;
      self->level_offset = self->utc_offset;
      self->level_start = self->start;
      if (!self->level_valid || self->level != old_level)
        {
          g_array_set_size (old_fine, 0);
          g_array_set_size (old_context, 0);
        }
      self->level_valid = TRUE;
    }
  level = cm_scale_get_level (self->level);

  /* From the tick before the window to the one after it */
  g_array_set_size (self->fine_ticks, 0);
  t = cm_scale_floor (level, self->start, self->utc_offset);
  while (self->fine_ticks->len < MAX_FINE_TICKS)
    {
      g_array_append_val (self->fine_ticks, t);
      if (t > self->end || t == G_MAXINT64)
        break;
      t = cm_scale_next (level, t, self->utc_offset);
    }

  g_array_set_size (self->context_ticks, 0);
  if (level->context < CM_N_PRECISIONS)
    {
      t = cm_time_truncate (self->start, level->context, self->utc_offset);
      while (self->context_ticks->len < MAX_CONTEXT_TICKS)
        {
          CmTime next;

          g_array_append_val (self->context_ticks, t);
          if (t > self->end)
            break;
          next = cm_time_unit_end (t, level->context, self->utc_offset);
          if (next <= t)
            break;
          t = next;
        }
    }

  label_ticks (self, self->fine_ticks, old_fine, self->fine_texts, FALSE);
  label_ticks (self, self->context_ticks, old_context, self->context_texts, TRUE);
}

static void
draw_grid (CmTimelineRenderer *self,
           cairo_t            *cr)
{
  double top = self->axis_height;
  double h = self->height - top;

  for (guint i = 0; i < self->fine_ticks->len; i++)
    {
      double x = floor (frame_x (self, g_array_index (self->fine_ticks, CmTime, i)));

      if (x >= 0 && x < self->width)
        cairo_rectangle (cr, x, top, 1, h);
    }
  cm_style_set_source (cr, &self->style.grid_minor);
  cairo_fill (cr);

  for (guint i = 0; i < self->context_ticks->len; i++)
    {
      double x = floor (frame_x (self, g_array_index (self->context_ticks, CmTime, i)));

      if (x >= 0 && x < self->width)
        cairo_rectangle (cr, x, top, 1, h);
    }
  cm_style_set_source (cr, &self->style.grid);
  cairo_fill (cr);
}

static void
draw_axis (CmTimelineRenderer *self,
           cairo_t            *cr)
{
  const CmScaleLevel *level = cm_scale_get_level (self->level);
  double row = floor ((self->axis_height - 2) / 2);
  double last_right = -G_MAXDOUBLE;
  gboolean interval = cm_scale_level_labels_interval (level);

  cairo_rectangle (cr, 0, 0, self->width, self->axis_height);
  cm_style_set_source (cr, &self->style.axis_background);
  cairo_fill (cr);
  cairo_rectangle (cr, 0, self->axis_height - 1, self->width, 1);
  cm_style_set_source (cr, &self->style.separator);
  cairo_fill (cr);

  /* Tick marks: short for the fine row, the full height for the context */
  for (guint i = 0; i < self->fine_ticks->len; i++)
    {
      double x = floor (frame_x (self, g_array_index (self->fine_ticks, CmTime, i)));

      if (x >= 0 && x < self->width)
        cairo_rectangle (cr, x, self->axis_height - 6, 1, 5);
    }
  cm_style_set_source (cr, &self->style.dim_foreground);
  cairo_fill (cr);

  for (guint i = 0; i < self->context_ticks->len; i++)
    {
      double x = floor (frame_x (self, g_array_index (self->context_ticks, CmTime, i)));

      if (x >= 0 && x < self->width)
        cairo_rectangle (cr, x, 0, 1, self->axis_height - 1);
    }
  cm_style_set_source (cr, &self->style.grid);
  cairo_fill (cr);

  /* The fine row */
  cm_style_set_source (cr, &self->style.dim_foreground);
  for (guint i = 0; i < self->fine_ticks->len; i++)
    {
      CmTime t = g_array_index (self->fine_ticks, CmTime, i);
      TextEntry *entry = g_ptr_array_index (self->fine_texts, i);
      double x, y;

      if (t > self->end)
        break;
      if (entry == NULL)
        continue;

      y = row + (row - entry->height) / 2 + 1;

      if (interval)
        {
          CmTime next = i + 1 < self->fine_ticks->len
            ? g_array_index (self->fine_ticks, CmTime, i + 1)
            : cm_scale_next (level, t, self->utc_offset);
          double a = MAX (frame_x (self, t), 0) + 2;
          double b = MIN (frame_x (self, next), self->width) - 2;

          if (b - a < entry->width)
            continue;
          x = CLAMP ((frame_x (self, t) + frame_x (self, next) - entry->width) / 2,
                     a, b - entry->width);
        }
      else
        x = frame_x (self, t) + 4;

      if (x < 0 || x + entry->width > self->width || x < last_right + AXIS_GAP / 2)
        continue;

      show_text (self, cr, CM_TIMELINE_LABEL_AXIS_FINE, entry->layout, x, y,
                 entry->width, entry->height);
      last_right = x + entry->width;
    }

  /* The context row, each label held inside its unit, the first one
   * sticking to the left edge */
  cm_style_set_source (cr, &self->style.foreground);
  last_right = -G_MAXDOUBLE;
  for (guint i = 0; i < self->context_ticks->len; i++)
    {
      CmTime t = g_array_index (self->context_ticks, CmTime, i);
      TextEntry *entry = g_ptr_array_index (self->context_texts, i);
      double x, limit, y;

      if (t > self->end)
        break;
      if (entry == NULL)
        break;

      y = (row - entry->height) / 2 + 1;

      x = MAX (frame_x (self, t), 0) + 5;
      limit = i + 1 < self->context_ticks->len
        ? frame_x (self, g_array_index (self->context_ticks, CmTime, i + 1)) - 5
        : self->width;
      limit = MIN (limit, self->width);
      if (x + entry->width > limit)
        x = limit - entry->width;

      /* Pushed out of its unit by the next one: dropped */
      if (x < 0 || (frame_x (self, t) > 0 && x < frame_x (self, t) + 1) ||
          x < last_right + AXIS_GAP)
        continue;

      show_text (self, cr, CM_TIMELINE_LABEL_AXIS_CONTEXT, entry->layout, x, y,
                 entry->width, entry->height);
      last_right = x + entry->width;
    }
}

static void
draw_now (CmTimelineRenderer *self,
          cairo_t            *cr)
{
  double x;

  if (self->now == CM_TIME_INVALID || self->now < self->start || self->now > self->end)
    return;

  x = floor (frame_x (self, self->now)) + 0.5;
  cairo_move_to (cr, x, self->axis_height);
  cairo_line_to (cr, x, self->height);
  cm_style_set_source (cr, &self->style.now);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  cairo_move_to (cr, x - 5, self->axis_height);
  cairo_line_to (cr, x + 5, self->axis_height);
  cairo_line_to (cr, x, self->axis_height + 6);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* }}} */
/* {{{ Legend */

static void
layout_legend (CmTimelineRenderer *self,
               gboolean            draw,
               cairo_t            *cr)
{
  double swatch = 10, pad = 8, spacing = 14;
  double max_w = MIN (self->width - 16, MAX (self->width * 0.6, 240));
  double line_w = 0, box_w = 0, x, y;
  guint n_lines = 1, n_entries = 0;
  double line_h = self->line_height + 4;

  if (!draw)
    self->legend_w = self->legend_h = 0;

  if (!self->show_legend || self->document == NULL || self->n_colors == 0)
    return;

  /* Measure: entries flow into lines of at most max_w */
  for (guint c = 0; c < self->n_colors; c++)
    {
      const char *name;
      double w;

      if (!self->used_categories[c])
        continue;
      name = c + 1 < self->n_colors
        ? cm_document_get_category (self->document, c)->name : _("Uncategorized");
      if (name == NULL)
        name = "";
      w = swatch + 5 + get_text (self, name)->width;

      if (line_w > 0 && line_w + spacing + w > max_w - 2 * pad)
        {
          box_w = MAX (box_w, line_w);
          line_w = 0;
          n_lines++;
        }
      line_w += (line_w > 0 ? spacing : 0) + w;
      n_entries++;
    }

  if (n_entries == 0)
    return;

  box_w = MIN (MAX (box_w, line_w) + 2 * pad, max_w);
  if (!draw)
    {
      self->legend_w = box_w;
      self->legend_h = n_lines * line_h + 2 * pad - 4;
      self->legend_x = self->width - box_w - 8;
      self->legend_y = self->height - self->legend_h - 8;
      if (self->legend_y < self->axis_height + 8 || self->legend_x < 0)
        self->legend_w = self->legend_h = 0;
      return;
    }

  if (self->legend_w <= 0)
    return;

  /* Pixel-aligned and opaque: cheap to fill */
  self->legend_x = floor (self->legend_x);
  self->legend_y = floor (self->legend_y);
  self->legend_w = ceil (self->legend_w);
  self->legend_h = ceil (self->legend_h);
  cairo_rectangle (cr, self->legend_x, self->legend_y, self->legend_w, self->legend_h);
  cm_style_set_source (cr, &self->style.axis_background);
  cairo_fill (cr);
  cairo_rectangle (cr, self->legend_x, self->legend_y, self->legend_w, 1);
  cairo_rectangle (cr, self->legend_x, self->legend_y + self->legend_h - 1, self->legend_w, 1);
  cairo_rectangle (cr, self->legend_x, self->legend_y + 1, 1, self->legend_h - 2);
  cairo_rectangle (cr, self->legend_x + self->legend_w - 1, self->legend_y + 1, 1,
                   self->legend_h - 2);
  cm_style_set_source (cr, &self->style.separator);
  cairo_fill (cr);

  x = self->legend_x + pad;
  y = self->legend_y + pad;
  for (guint c = 0; c < self->n_colors; c++)
    {
      const char *name;
      TextEntry *entry;
      double w;

      if (!self->used_categories[c])
        continue;
      name = c + 1 < self->n_colors
        ? cm_document_get_category (self->document, c)->name : _("Uncategorized");
      if (name == NULL)
        name = "";
      entry = get_text (self, name);
      w = swatch + 5 + entry->width;

      if (x > self->legend_x + pad && x + w > self->legend_x + self->legend_w - pad)
        {
          x = self->legend_x + pad;
          y += line_h;
        }

      cairo_rectangle (cr, x, floor (y + (self->line_height - swatch) / 2), swatch, swatch);
      cm_style_set_source (cr, category_color (self, c));
      cairo_fill (cr);

      cm_style_set_source (cr, &self->style.foreground);
      show_text (self, cr, CM_TIMELINE_LABEL_LEGEND, entry->layout, x + swatch + 5, y,
                 entry->width, entry->height);
      x += w + spacing;
    }
}

/* }}} */

void
cm_timeline_renderer_render (CmTimelineRenderer *self,
                             cairo_t            *cr,
                             double              width,
                             double              height,
                             CmTime              start,
                             CmTime              end)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));
  g_return_if_fail (cr != NULL);

  self->frame_valid = FALSE;
  g_array_set_size (self->labels, 0);

  if (!(width > 0) || !(height > 0) || end <= start ||
      start == CM_TIME_INVALID || end == CM_TIME_INVALID)
    return;

  ensure_fonts (self);
  ensure_lanes (self);

  self->frame_number++;
  trim_text_caches (self);

  self->width = width;
  self->height = height;
  self->start = start;
  self->end = end;
  self->px_per_s = width / time_diff (start, end);
  set_bin_geometry (self, &self->bins_geometry, TRUE);

  cairo_save (cr);

  cairo_rectangle (cr, 0, 0, width, height);
  cm_style_set_source (cr, &self->style.background);
  cairo_fill (cr);

  compute_ticks (self);
  layout_legend (self, FALSE, NULL);
  layout_lanes (self);

  /* The lanes, under the axis */
  cairo_save (cr);
  cairo_rectangle (cr, 0, self->axis_height, width, height - self->axis_height);
  cairo_clip (cr);

  draw_grid (self, cr);

  for (guint l = 0; l < self->lanes->len; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      if (!lane_visible (self, lf))
        continue;

      draw_lane_header (self, cr, lane, lf);
      if (lf->mode != MODE_ITEMS)
        draw_density (self, cr, lane, lf);
    }

  fill_by_category (self, cr, ITEM_BAR);

  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      if (lf->mode != MODE_ITEMS || !lane_visible (self, lf))
        continue;

      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);

          if (item->kind == ITEM_BAR && (item->flags & ITEM_UNCERTAIN))
            draw_uncertain (self, cr, lf, item);
        }
    }

  fill_by_category (self, cr, ITEM_MARKER);
  draw_clusters (self, cr);

  /* Hover, then the selection on top */
  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      if (lf->mode != MODE_ITEMS || !lane_visible (self, lf))
        continue;

      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);

          if (item->kind == ITEM_MERGED || item->kind == ITEM_CLUSTER)
            continue;
          if (item->flags & ITEM_HOVER && !(item->flags & ITEM_SELECTED))
            outline_item (self, cr, lf, item, &self->style.hover, 2);
          if (item->flags & ITEM_SELECTED)
            outline_item (self, cr, lf, item, &self->style.accent, 2);
        }
    }

  draw_labels (self, cr);
  draw_now (self, cr);
  cairo_restore (cr);

  draw_axis (self, cr);
  layout_legend (self, TRUE, cr);

  cairo_restore (cr);

  self->frame_valid = TRUE;
}

/* }}} */
/* {{{ Hit testing */

gboolean
cm_timeline_renderer_hit_test (CmTimelineRenderer *self,
                               double              x,
                               double              y,
                               CmTimelineHit      *hit)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  hit->kind = CM_TIMELINE_HIT_NONE;
  hit->position = CM_NONE;
  hit->serial = CM_NONE;
  hit->group = CM_NONE;
  hit->start = hit->end = CM_TIME_INVALID;

  if (!self->frame_valid || x < 0 || y < 0 || x >= self->width || y >= self->height)
    return FALSE;

  if (y < self->axis_height)
    {
      hit->kind = CM_TIMELINE_HIT_AXIS;
      hit->start = hit->end = frame_time (self, x);
      return TRUE;
    }

  if (in_legend (self, x, y, x, y))
    return FALSE;

  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);
      Lane *lane = &g_array_index (self->lanes, Lane, l);
      double bar_h = self->row_height - 4;
      guint best = G_MAXUINT;
      double best_distance = G_MAXDOUBLE;

      if (y < lf->y || y >= lf->y + lf->height)
        continue;

      hit->group = lane->group;

      if (y < lf->rows_y)
        {
          hit->kind = CM_TIMELINE_HIT_LANE_HEADER;
          return TRUE;
        }

      if (lf->mode != MODE_ITEMS)
        {
          const BinGeometry *geometry = &self->bins_geometry;
          gint64 k = geometry->first + (gint64) floor ((x - geometry->x0) / DENSITY_BIN);
          CmTime t0 = bin_boundary (geometry, k);
          CmTime t1 = bin_boundary (geometry, k + 1);
          guint count = lower_bound (lane->starts, lane->n, t1) -
                        lower_bound (lane->starts, lane->n, t0);

          if (count == 0)
            return FALSE;

          hit->kind = CM_TIMELINE_HIT_CLUSTER;
          hit->count = count;
          hit->start = t0;
          hit->end = t1;
          return TRUE;
        }

      /* The nearest mark or drawn label in the row under the pointer */
      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);
          double iy, a, b, distance;

          if (item->kind == ITEM_MERGED || item->row == NO_ROW)
            continue;

          iy = item_y (self, lf, item);
          if (y < iy - 2 || y > iy + bar_h + 2)
            continue;

          a = item->ma;
          b = item->mb;
          if ((item->flags & ITEM_LABEL_DRAWN) && !(item->flags & ITEM_LABEL_INSIDE))
            {
              a = MIN (a, item->lx0);
              b = MAX (b, item->lx1);
            }

          if (x < a - 2 || x > b + 2)
            continue;

          distance = item->kind == ITEM_MARKER ? fabs (x - item->x0) : 0;
          if (item->flags & ITEM_SELECTED)
            distance -= 1000;
          if (distance < best_distance)
            {
              best = i;
              best_distance = distance;
            }
        }

      if (best != G_MAXUINT)
        {
          Item *item = &g_array_index (self->items, Item, best);

          if (item->kind == ITEM_CLUSTER)
            {
              hit->kind = CM_TIMELINE_HIT_CLUSTER;
              hit->count = item->count;
              hit->start = item->start;
              hit->end = item->end;
            }
          else
            {
              hit->kind = CM_TIMELINE_HIT_EVENT;
              hit->position = item->position;
              hit->serial = item->serial;
              hit->start = item->start;
              hit->end = item->end;
            }
          return TRUE;
        }

      return FALSE;
    }

  return FALSE;
}

gboolean
cm_timeline_renderer_get_event_rect (CmTimelineRenderer *self,
                                     guint               serial,
                                     double             *x,
                                     double             *y,
                                     double             *width,
                                     double             *height)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);

  if (!self->frame_valid || serial == CM_NONE)
    return FALSE;

  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      if (lf->mode != MODE_ITEMS)
        continue;

      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);
          double a, b;

          if (item->serial != serial || item->kind == ITEM_MERGED ||
              item->kind == ITEM_CLUSTER || item->row == NO_ROW)
            continue;

          a = item->ma;
          b = item->mb;
          if (x != NULL)
            *x = a;
          if (y != NULL)
            *y = item_y (self, lf, item);
          if (width != NULL)
            *width = b - a;
          if (height != NULL)
            *height = self->row_height - 4;
          return TRUE;
        }
    }

  return FALSE;
}

const CmTimelineLabel *
cm_timeline_renderer_get_labels (CmTimelineRenderer *self,
                                 guint              *n_labels)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), NULL);
  g_return_val_if_fail (n_labels != NULL, NULL);

  *n_labels = self->labels->len;

  return (const CmTimelineLabel *) (void *) self->labels->data;
}

double
cm_timeline_renderer_get_content_height (CmTimelineRenderer *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), 0);

  return self->frame_valid ? self->content_height : 0;
}

/* }}} */
/* {{{ Overview */

void
cm_timeline_renderer_render_overview (CmTimelineRenderer *self,
                                      cairo_t            *cr,
                                      double              width,
                                      double              height,
                                      CmTime              doc_start,
                                      CmTime              doc_end,
                                      CmTime              start,
                                      CmTime              end)
{
  g_autofree guint *sums = NULL;
  g_autofree guint *bins = NULL;
  BinGeometry geometry;
  guint n_bins, max = 0;
  double x0, x1, ws;

  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));
  g_return_if_fail (cr != NULL);

  if (!(width > 0) || !(height > 0) || doc_end <= doc_start)
    return;

  ensure_lanes (self);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cm_style_set_source (cr, &self->style.axis_background);
  cairo_fill (cr);

  /* The density of the whole document, summed over the lanes */
  geometry.origin = doc_start;
  geometry.first = 0;
  geometry.seconds = time_diff (doc_start, doc_end) * DENSITY_BIN / width;
  geometry.x0 = 0;
  geometry.n = n_bins = (guint) ceil (width / DENSITY_BIN);
  sums = g_new0 (guint, n_bins);
  bins = g_new (guint, n_bins);

  for (guint l = 0; l < self->lanes->len; l++)
    {
      compute_bins (&g_array_index (self->lanes, Lane, l), &geometry, NULL, NULL, bins);
      for (guint b = 0; b < n_bins; b++)
        sums[b] += bins[b];
    }

  for (guint b = 0; b < n_bins; b++)
    max = MAX (max, sums[b]);

  if (max > 0)
    {
      int h = (int) height - 4;
      CmColor color = blend (&self->style.cluster, 0.6, &self->style.axis_background);

      for (guint b = 0; b < n_bins; b++)
        if (sums[b] > 0)
          sums[b] = (guint) MAX (1, (int) (h * log_count (sums[b]) / log_count (max) + 0.5));
      draw_columns (cr, &self->scratch, sums, n_bins, 0, height - h, h, FALSE, &color);
    }

  /* The visible window */
  x0 = cm_timeline_time_to_x (start, doc_start, doc_end, width);
  x1 = cm_timeline_time_to_x (end, doc_start, doc_end, width);
  x0 = CLAMP (x0, -2, width + 2);
  x1 = CLAMP (x1, -2, width + 2);
  if (x1 - x0 < 4)
    {
      double mid = (x0 + x1) / 2;

      x0 = mid - 2;
      x1 = mid + 2;
    }
  ws = x1 - x0;

  cairo_rectangle (cr, 0, 0, MAX (x0, 0), height);
  cairo_rectangle (cr, x1, 0, MAX (width - x1, 0), height);
  cm_style_set_source_alpha (cr, &self->style.background, 0.45);
  cairo_fill (cr);

  cairo_rectangle (cr, x0 + 0.5, 0.5, ws - 1, height - 1);
  cm_style_set_source_alpha (cr, &self->style.accent, 0.15);
  cairo_fill_preserve (cr);
  cm_style_set_source (cr, &self->style.accent);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  cairo_rectangle (cr, 0, 0, width, 1);
  cm_style_set_source (cr, &self->style.separator);
  cairo_fill (cr);

  cairo_restore (cr);
}

/* }}} */
/* {{{ Object */

static void
store_items_changed_cb (CmTimelineRenderer *self,
                        guint               position,
                        guint               removed,
                        guint               added,
                        GListModel         *model)
{
  g_assert (CM_IS_TIMELINE_RENDERER (self));

  invalidate_lanes (self);
  /* Titles may have changed with the events */
  g_hash_table_remove_all (self->titles);
}

static void
document_changed_cb (CmTimelineRenderer *self,
                     CmDocument         *document)
{
  g_assert (CM_IS_TIMELINE_RENDERER (self));

  invalidate_lanes (self);
  g_hash_table_remove_all (self->titles);
}

static void
filter_changed_cb (CmTimelineRenderer *self,
                   int                 change,
                   CmEventFilter      *filter)
{
  g_assert (CM_IS_TIMELINE_RENDERER (self));

  invalidate_lanes (self);
}

static void
cm_timeline_renderer_dispose (GObject *object)
{
  CmTimelineRenderer *self = CM_TIMELINE_RENDERER (object);

  if (self->store != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->store);
  if (self->document != NULL)
    g_clear_signal_handler (&self->document_changed_id, self->document);
  if (self->filter != NULL)
    g_clear_signal_handler (&self->filter_changed_id, self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->document);
  g_clear_object (&self->filter);
  invalidate_lanes (self);

  G_OBJECT_CLASS (cm_timeline_renderer_parent_class)->dispose (object);
}

static void
cm_timeline_renderer_finalize (GObject *object)
{
  CmTimelineRenderer *self = CM_TIMELINE_RENDERER (object);

  clear_lanes (self);
  clear_fonts (self);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->collapsed, g_hash_table_unref);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->lane_frames, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->labels, g_array_unref);
  g_clear_pointer (&self->hits, g_array_unref);
  g_clear_pointer (&self->fine_ticks, g_array_unref);
  g_clear_pointer (&self->context_ticks, g_array_unref);
  g_clear_pointer (&self->fine_texts, g_ptr_array_unref);
  g_clear_pointer (&self->context_texts, g_ptr_array_unref);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->bins, g_array_unref);
  g_clear_pointer (&self->occupancy, g_ptr_array_unref);
  g_clear_pointer (&self->scratch, cairo_surface_destroy);
  g_free (self->font_family);

  G_OBJECT_CLASS (cm_timeline_renderer_parent_class)->finalize (object);
}

static void
cm_timeline_renderer_class_init (CmTimelineRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cm_timeline_renderer_dispose;
  object_class->finalize = cm_timeline_renderer_finalize;
}

static void
cm_timeline_renderer_init (CmTimelineRenderer *self)
{
  self->selection = CM_NONE;
  self->hover = CM_NONE;
  self->now = CM_TIME_INVALID;
  self->utc_offset = 0;
  self->show_legend = TRUE;
  self->collapsed = g_hash_table_new (NULL, NULL);
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, text_entry_free);
  self->titles = g_hash_table_new_full (NULL, NULL, NULL, text_entry_free);
  self->lanes = g_array_new (FALSE, FALSE, sizeof (Lane));
  self->lane_frames = g_array_new (FALSE, FALSE, sizeof (LaneFrame));
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  self->labels = g_array_new (FALSE, FALSE, sizeof (CmTimelineLabel));
  self->hits = g_array_new (FALSE, FALSE, sizeof (guint));
  self->fine_ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));
  self->context_ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));
  self->fine_texts = g_ptr_array_new ();
  self->context_texts = g_ptr_array_new ();
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->bins = g_array_new (FALSE, FALSE, sizeof (guint));
  self->occupancy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  cm_timeline_renderer_set_style (self, NULL);
}

CmTimelineRenderer *
cm_timeline_renderer_new (void)
{
  return g_object_new (CM_TYPE_TIMELINE_RENDERER, NULL);
}

void
cm_timeline_renderer_set_document (CmTimelineRenderer *self,
                                   CmDocument         *document)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->store != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->store);
  if (self->document != NULL)
    g_clear_signal_handler (&self->document_changed_id, self->document);
  g_clear_object (&self->store);
  g_set_object (&self->document, document);

  if (document != NULL)
    {
      self->store = g_object_ref (cm_document_get_store (document));
      self->items_changed_id =
        g_signal_connect_object (self->store, "items-changed",
                                 G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);
      self->document_changed_id =
        g_signal_connect_object (document, "changed",
                                 G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);
    }

  g_hash_table_remove_all (self->titles);
  invalidate_lanes (self);
}

void
cm_timeline_renderer_set_filter (CmTimelineRenderer *self,
                                 CmEventFilter      *filter)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));
  g_return_if_fail (filter == NULL || CM_IS_EVENT_FILTER (filter));

  if (self->filter == filter)
    return;

  if (self->filter != NULL)
    g_clear_signal_handler (&self->filter_changed_id, self->filter);
  g_set_object (&self->filter, filter);
  if (filter != NULL)
    self->filter_changed_id =
      g_signal_connect_object (filter, "changed",
                               G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);

  invalidate_lanes (self);
}

void
cm_timeline_renderer_set_style (CmTimelineRenderer *self,
                                const CmStyle      *style)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (style == NULL)
    style = cm_style_get_light ();

  if (self->font_family == NULL ||
      g_strcmp0 (self->font_family, style->font_family) != 0 ||
      self->style.font_size != style->font_size)
    clear_fonts (self);

  g_free (self->font_family);
  self->font_family = g_strdup (style->font_family != NULL ? style->font_family : "sans-serif");
  self->style = *style;
  self->style.font_family = self->font_family;
  if (!(self->style.font_size > 0))
    self->style.font_size = 9;

  /* Category colours keep; the uncategorized one follows the style */
  if (self->colors != NULL)
    self->colors[self->n_colors - 1] = self->style.uncategorized;
}

void
cm_timeline_renderer_set_selection (CmTimelineRenderer *self,
                                    guint               serial)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->selection = serial;
}

void
cm_timeline_renderer_set_hover (CmTimelineRenderer *self,
                                guint               serial)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->hover = serial;
}

void
cm_timeline_renderer_set_collapsed (CmTimelineRenderer *self,
                                    guint               group,
                                    gboolean            collapsed)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (group == CM_NONE)
    self->default_collapsed = !!collapsed;
  else if (collapsed)
    g_hash_table_add (self->collapsed, GUINT_TO_POINTER (group + 1));
  else
    g_hash_table_remove (self->collapsed, GUINT_TO_POINTER (group + 1));
}

gboolean
cm_timeline_renderer_get_collapsed (CmTimelineRenderer *self,
                                    guint               group)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);

  return lane_collapsed (self, group);
}

void
cm_timeline_renderer_set_now (CmTimelineRenderer *self,
                              CmTime              now)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->now = now;
}

void
cm_timeline_renderer_set_show_legend (CmTimelineRenderer *self,
                                      gboolean            show_legend)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->show_legend = !!show_legend;
}

gboolean
cm_timeline_renderer_get_show_legend (CmTimelineRenderer *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);

  return self->show_legend;
}

void
cm_timeline_renderer_set_utc_offset (CmTimelineRenderer *self,
                                     int                 utc_offset)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (utc_offset == CM_UTC_OFFSET_NONE)
    utc_offset = 0;
  self->utc_offset = CLAMP (utc_offset, -CM_UTC_OFFSET_MAX, CM_UTC_OFFSET_MAX);
}

void
cm_timeline_renderer_set_scroll_offset (CmTimelineRenderer *self,
                                        double              offset)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->scroll = MAX (offset, 0);
}

/* }}} */
