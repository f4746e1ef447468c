/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-map-renderer-sprites.h"
#include "cm-timeline-renderer-private.h"

#include <math.h>
#include <string.h>

/* The columns of the current frame: anchored at time 0 so that they carry
 * over from frame to frame (@anchored), unless the window is so far out
 * that bin numbers would lose precision; then at the window's start. */
void
_cm_timeline_renderer_set_bin_geometry (CmTimelineRenderer *self,
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
            previous = cm_time_lower_bound (lane->starts, lane->n, bin_boundary (geometry, k));
          next = _cm_timeline_gallop_lower_bound (lane->starts, lane->n, previous,
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

  if (opacity)
    {
      /* Every row alike: the first, copied */
      for (guint b = 0; b < n; b++)
        memset (data + b * DENSITY_BIN, (int) MIN (heights[b], 255), DENSITY_BIN);
      for (int y = 1; y < mask_rows; y++)
        memcpy (data + y * stride, data, n * DENSITY_BIN);
    }
  else
    {
      for (int y = 0; y < mask_rows; y++)
        memset (data + y * stride, 0, n * DENSITY_BIN);

      for (guint b = 0; b < n; b++)
        {
          for (int y = height - (int) heights[b]; heights[b] > 0 && y < mask_rows; y++)
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

/* The colour of a lane's density: its events' category when they all
 * share one, else the clusters' */
static const CmColor *
lane_color (CmTimelineRenderer *self,
            const Lane         *lane)
{
  if (lane->category == LANE_MIXED || lane->category == LANE_UNSET)
    return &self->style.cluster;

  return category_color (self, lane->category);
}

/* The number of events starting between each two axis ticks in view,
 * written over the band where it fits (and the legend is not), to two
 * digits from 1,000 on ("4.2k"): hovering tells the exact count. */
#define MAX_BAND_COUNTS 128

typedef struct
{
  TextEntry *entry;
  double     x, y, width, height;   /* the box behind the text */
} BandCount;

static void
draw_band_counts (CmTimelineRenderer *self,
                  cairo_t            *cr,
                  const Lane         *lane,
                  double              top,
                  int                 height)
{
  GArray *ticks = self->fine_ticks;
  BandCount counts[MAX_BAND_COUNTS];
  guint previous = CM_NONE, n = 0;

  for (guint t = 0; t + 1 < ticks->len && n < MAX_BAND_COUNTS; t++)
    {
      CmTime t0 = g_array_index (ticks, CmTime, t), t1 = g_array_index (ticks, CmTime, t + 1);
      double x0 = frame_x (self, t0), x1 = frame_x (self, t1);
      BandCount *c = &counts[n];
      char text[16];
      guint first, count;

      if (x0 < 0 || x1 > self->width)
        {
          previous = CM_NONE;
          continue;
        }

      first = previous != CM_NONE ? previous : cm_time_lower_bound (lane->starts, lane->n, t0);
      previous = _cm_timeline_gallop_lower_bound (lane->starts, lane->n, first, t1);
      count = previous - first;
      if (count == 0)
        continue;

      /* As the map's clusters: a few hundred texts whatever the counts */
      _cm_map_format_count (count, text, sizeof text);
      c->entry = _cm_timeline_renderer_get_text (self, text);
      c->width = c->entry->width + 8;
      c->height = MIN (c->entry->height + 2, height);
      c->x = round ((x0 + x1 - c->width) / 2);
      c->y = top + floor ((height - c->height) / 2);
      if (c->width > x1 - x0 - 4 || c->entry->height > height ||
          in_legend (self, c->x, c->y, c->x + c->width, c->y + c->height))
        continue;

      cairo_rectangle (cr, c->x, c->y, c->width, c->height);
      n++;
    }

  if (n == 0)
    return;

  /* The boxes in one fill, then the texts */
  cm_style_set_source_alpha (cr, &self->style.background, 0.85);
  cairo_fill (cr);
  cm_style_set_source (cr, &self->style.foreground);
  for (guint i = 0; i < n; i++)
    _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_CLUSTER, counts[i].entry->layout,
                                     counts[i].x + 4, top + (height - counts[i].entry->height) / 2.0,
                                     counts[i].entry->width, counts[i].entry->height);
}

/* Density: in an expanded lane, a band whose shade follows the number of
 * events starting in each column (logarithmically, in the lane's colour),
 * with the counts between axis ticks where they fit; in a collapsed one,
 * a thin opacity ramp. Opaque colours, pixel-aligned. */
void
_cm_timeline_renderer_draw_density (CmTimelineRenderer *self,
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
  const CmColor *color = collapsed ? &self->style.cluster : lane_color (self, lane);
  CmColor base = blend (color, collapsed ? 0 : 0.06, &self->style.background);
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

  /* Opacities replace the counts */
  for (guint b = 0; b < n_bins; b++)
    {
      if (bins[b] == 0)
        continue;
      if (collapsed)
        bins[b] = (guint) (255 * (0.2 + 0.8 * log_count (bins[b]) * scale));
      else
        bins[b] = (guint) (255 * (0.1 + 0.6 * log_count (bins[b]) * scale));
    }

  draw_columns (cr, &self->scratch, bins, n_bins, geometry->x0, top, height, TRUE, color);

  if (!collapsed)
    draw_band_counts (self, cr, lane, top, height);
}

/* The density of the whole document in @n_bins columns of an overview
 * @width px wide, summed over the lanes: counted again only when the
 * lanes, the span or the width change. */
static const guint *
ensure_overview_sums (CmTimelineRenderer *self,
                      double              width,
                      guint               n_bins,
                      CmTime              doc_start,
                      CmTime              doc_end)
{
  g_autofree guint *bins = NULL;
  BinGeometry geometry;

  if (self->overview_sums != NULL && self->overview_n == n_bins && self->overview_width == width
      && self->overview_start == doc_start && self->overview_end == doc_end)
    return self->overview_sums;

  geometry.origin = doc_start;
  geometry.first = 0;
  geometry.seconds = time_diff (doc_start, doc_end) * DENSITY_BIN / width;
  geometry.x0 = 0;
  geometry.n = n_bins;

  g_free (self->overview_sums);
  self->overview_sums = g_new0 (guint, MAX (n_bins, 1));
  self->overview_n = n_bins;
  self->overview_width = width;
  self->overview_start = doc_start;
  self->overview_end = doc_end;

  bins = g_new (guint, MAX (n_bins, 1));
  for (guint l = 0; l < self->lanes->len; l++)
    {
      compute_bins (&g_array_index (self->lanes, Lane, l), &geometry, NULL, NULL, bins);
      for (guint b = 0; b < n_bins; b++)
        self->overview_sums[b] += bins[b];
    }

  return self->overview_sums;
}

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
  g_autofree guint *heights = NULL;
  const guint *sums;
  guint n_bins, max = 0;
  double x0, x1, ws;

  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));
  g_return_if_fail (cr != NULL);

  if (!(width > 0) || !(height > 0) || doc_end <= doc_start)
    return;

  _cm_timeline_renderer_ensure_lanes (self);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cm_style_set_source (cr, &self->style.axis_background);
  cairo_fill (cr);

  n_bins = (guint) ceil (width / DENSITY_BIN);
  sums = ensure_overview_sums (self, width, n_bins, doc_start, doc_end);
  for (guint b = 0; b < n_bins; b++)
    max = MAX (max, sums[b]);

  if (max > 0)
    {
      int h = (int) height - 4;
      CmColor color = blend (&self->style.cluster, 0.6, &self->style.axis_background);

      heights = g_new (guint, n_bins);
      for (guint b = 0; b < n_bins; b++)
        heights[b] = sums[b] > 0 ? (guint) MAX (1, (int) (h * log_count (sums[b]) / log_count (max) + 0.5)) : 0;
      draw_columns (cr, &self->scratch, heights, n_bins, 0, height - h, h, FALSE, &color);
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
