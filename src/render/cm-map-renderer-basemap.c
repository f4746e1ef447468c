/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-core.h"
#include "cm-map-path.h"
#include "cm-map-renderer-basemap.h"
#include "cm-map-renderer-labels.h"

/* The world under the events: water, land, borders and coasts from the
 * basemap (projected once per projection, culled by bounding box, thinned
 * to half a pixel) and the graticule. The names of countries and cities
 * are in cm-map-renderer-names.c.
 *
 * The basemap's rings never cross ±180° (the generator cuts them there), so
 * nothing smears across the map; the cylindrical projections repeat the
 * world side by side, Natural Earth draws it once inside its outline.
 *
 * Thinning: every point has a Douglas–Peucker importance (see
 * cm_basemap_get_importance()); a frame draws the points that matter at
 * half a pixel, which at the world's scale is a tenth of them.
 *
 * Detail: past DETAIL_ZOOM the lines come from the 1:10m basemap. A
 * renderer whose scene is made in threads readies it in one (reading it
 * and projecting it take a tenth of a second) and draws 1:50m meanwhile,
 * then says "changed"; any other (an export) readies it at once. */

/* From this zoom (the world this many thousand px wide) the map draws the
 * 1:10m coasts, borders and land; countries stay 1:50m, for their names. */
#define DETAIL_ZOOM 12.0

#define THIN_PX CM_MAP_BASEMAP_THIN_PX
#define MIN_RING_PX CM_MAP_BASEMAP_MIN_RING_PX
#define GRATICULE_MIN_PX 64.0
#define MERCATOR_MAX_LAT 85.0511287798066
/* px of basemap cached around the frame, for panning */
#define CACHE_MARGIN 64
/* Lines up to this wide go into the cache as Wu lines; wider ones are stroked. */
#define MASK_MAX_WIDTH 1.25

static void
append_world_outline (const CmMapContext *ctx,
                      int                 copy)
{
  cairo_t *cr = ctx->cr;

  if (ctx->wraps)
    {
      double x0 = _cm_map_context_x (ctx, copy, -ctx->half_width);
      double x1 = _cm_map_context_x (ctx, copy, ctx->half_width);
      double y0 = _cm_map_context_y (ctx, ctx->half_height);
      double y1 = _cm_map_context_y (ctx, -ctx->half_height);

      /* Stay within cairo's range when zoomed far in. */
      x0 = CLAMP (x0, -ctx->guard, ctx->width + ctx->guard);
      x1 = CLAMP (x1, -ctx->guard, ctx->width + ctx->guard);
      y0 = CLAMP (y0, -ctx->guard, ctx->height + ctx->guard);
      y1 = CLAMP (y1, -ctx->guard, ctx->height + ctx->guard);
      if (x1 > x0 && y1 > y0)
        cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
    }
  else
    {
      CmPathBuilder builder;

      /* The ±180° meridians, up the east and down the west. */
      _cm_path_builder_init (&builder, ctx, THIN_PX);
      _cm_path_builder_begin (&builder, TRUE);
      for (int side = 1; side >= -1; side -= 2)
        for (int i = 0; i <= 180; i++)
          {
            double lat = side > 0 ? -90 + i : 90 - i;
            double x, y;

            cm_projection_forward (ctx->view.projection, lat, 180 * side, &x, &y);
            _cm_path_builder_point (&builder, _cm_map_context_x (ctx, copy, x),
                                    _cm_map_context_y (ctx, y));
          }
      _cm_path_builder_end (&builder, TRUE);
    }
}

static void
draw_world (CmMapRenderer      *self,
            const CmMapContext *ctx)
{
  cairo_t *cr = ctx->cr;

  cm_style_set_source (cr, &ctx->style->background);
  cairo_paint (cr);

  cairo_new_path (cr);
  for (int c = 0; c < ctx->n_copies; c++)
    append_world_outline (ctx, c);
  cm_style_set_source (cr, &ctx->style->water);
  cairo_fill (cr);
}

/* Thin lines into the cache, the fast way: Xiaolin Wu's antialiased lines
 * into an A8 mask, each pixel keeping the strongest coverage (so joints and
 * crossings do not darken), then one cairo_mask() in the line colour. cairo
 * needs some 0.9 µs a segment to stroke, this some 0.02. */
struct _CmMapLineMask
{
  cairo_surface_t *surface;   /* A8, the size of the cache */
  guint8          *data;
  int              width;     /* device pixels */
  int              height;
  int              stride;
  double           scale;     /* device pixels per px */
};
typedef CmMapLineMask LineMask;

static inline void
plot (LineMask *mask,
      int       x,
      int       y,
      double    coverage)
{
  guint8 *pixel, value;

  if ((guint) x >= (guint) mask->width || (guint) y >= (guint) mask->height || coverage <= 0)
    return;

  pixel = mask->data + (gsize) y * mask->stride + x;
  value = (guint8) MIN (coverage * 255 + 0.5, 255);
  if (value > *pixel)
    *pixel = value;
}

/* Liang–Barsky: the part of the segment in [x0, x1] × [y0, y1]. */
static gboolean
clip_segment (double *ax,
              double *ay,
              double *bx,
              double *by,
              double  x0,
              double  y0,
              double  x1,
              double  y1)
{
  double dx = *bx - *ax, dy = *by - *ay;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *ax - x0, x1 - *ax, *ay - y0, y1 - *ay };
  double t0 = 0, t1 = 1;

  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
        }
      else
        {
          double t = q[i] / p[i];

          if (p[i] < 0)
            t0 = MAX (t0, t);
          else
            t1 = MIN (t1, t);
        }
    }
  if (t0 > t1)
    return FALSE;

  *bx = *ax + t1 * dx;
  *by = *ay + t1 * dy;
  *ax = *ax + t0 * dx;
  *ay = *ay + t0 * dy;
  return TRUE;
}

static void
mask_line (LineMask *mask,
           double    ax,
           double    ay,
           double    bx,
           double    by,
           double    intensity)
{
  gboolean steep;
  double dx, dy, gradient, y, xend, yend, gap;
  int x_first, x_last;

  /* Device pixels, with pixel centres on integers. */
  ax = ax * mask->scale - 0.5;
  ay = ay * mask->scale - 0.5;
  bx = bx * mask->scale - 0.5;
  by = by * mask->scale - 0.5;
  if (!clip_segment (&ax, &ay, &bx, &by, -2, -2, mask->width + 1, mask->height + 1))
    return;

  steep = fabs (by - ay) > fabs (bx - ax);
  if (steep)
    {
      double t;

      t = ax; ax = ay; ay = t;
      t = bx; bx = by; by = t;
    }
  if (ax > bx)
    {
      double t;

      t = ax; ax = bx; bx = t;
      t = ay; ay = by; by = t;
    }

  dx = bx - ax;
  dy = by - ay;
  gradient = dx > 1e-9 ? dy / dx : 1;

  /* The ends, weighted by how much of their pixel they cover. */
  xend = round (ax);
  yend = ay + gradient * (xend - ax);
  gap = 1 - (ax + 0.5 - floor (ax + 0.5));
  x_first = (int) xend;
  y = yend - floor (yend);
  if (steep)
    {
      plot (mask, (int) floor (yend), x_first, (1 - y) * gap * intensity);
      plot (mask, (int) floor (yend) + 1, x_first, y * gap * intensity);
    }
  else
    {
      plot (mask, x_first, (int) floor (yend), (1 - y) * gap * intensity);
      plot (mask, x_first, (int) floor (yend) + 1, y * gap * intensity);
    }
  y = yend + gradient;

  xend = round (bx);
  yend = by + gradient * (xend - bx);
  gap = bx + 0.5 - floor (bx + 0.5);
  x_last = (int) xend;
  if (x_last != x_first)
    {
      double f = yend - floor (yend);

      if (steep)
        {
          plot (mask, (int) floor (yend), x_last, (1 - f) * gap * intensity);
          plot (mask, (int) floor (yend) + 1, x_last, f * gap * intensity);
        }
      else
        {
          plot (mask, x_last, (int) floor (yend), (1 - f) * gap * intensity);
          plot (mask, x_last, (int) floor (yend) + 1, f * gap * intensity);
        }
    }

  for (int x = x_first + 1; x < x_last; x++)
    {
      int iy = (int) floor (y);
      double f = y - iy;

      if (steep)
        {
          plot (mask, iy, x, (1 - f) * intensity);
          plot (mask, iy + 1, x, f * intensity);
        }
      else
        {
          plot (mask, x, iy, (1 - f) * intensity);
          plot (mask, x, iy + 1, f * intensity);
        }
      y += gradient;
    }
}

static void
mask_clear (LineMask *mask)
{
  cairo_surface_flush (mask->surface);
  memset (mask->data, 0, (gsize) mask->stride * mask->height);
}

static void
mask_paint (LineMask      *mask,
            cairo_t       *cr,
            const CmColor *color)
{
  cairo_surface_mark_dirty (mask->surface);
  cm_style_set_source (cr, color);
  cairo_mask_surface (cr, mask->surface, 0, 0);
}

/* Where the points of lines go: a cairo path (through a path builder), or
 * a line mask. */
typedef struct
{
  CmPathBuilder  builder;
  LineMask      *mask;
  double         intensity;
  gboolean       closed;
  gboolean       has_last;
  double         first_x, first_y;
  double         last_x, last_y;
} LineSink;

static void
sink_init (LineSink           *sink,
           const CmMapContext *ctx,
           LineMask           *mask,
           double              intensity)
{
  memset (sink, 0, sizeof *sink);
  _cm_path_builder_init (&sink->builder, ctx, THIN_PX);
  sink->mask = mask;
  sink->intensity = intensity;
}

static inline void
sink_begin (LineSink *sink,
            gboolean  clip)
{
  if (sink->mask == NULL)
    _cm_path_builder_begin (&sink->builder, clip);
  sink->has_last = FALSE;
}

static inline void
sink_point (LineSink *sink,
            double    x,
            double    y)
{
  if (sink->mask == NULL)
    {
      _cm_path_builder_point (&sink->builder, x, y);
      return;
    }

  if (sink->has_last)
    mask_line (sink->mask, sink->last_x, sink->last_y, x, y, sink->intensity);
  else
    {
      sink->first_x = x;
      sink->first_y = y;
    }
  sink->has_last = TRUE;
  sink->last_x = x;
  sink->last_y = y;
}

static inline void
sink_end (LineSink *sink,
          gboolean  close)
{
  if (sink->mask == NULL)
    _cm_path_builder_end (&sink->builder, close);
  else if (close && sink->has_last)
    mask_line (sink->mask, sink->last_x, sink->last_y, sink->first_x, sink->first_y,
               sink->intensity);
}

/* Adds the lines of @layer in view, of rank @max_rank at most, to @sink
 * (NULL: the current path). */
static void
append_layer (CmBasemap          *map,
              const CmMapContext *ctx,
              CmBasemapLayer      layer,
              guint               max_rank,
              double              min_size,
              LineSink           *sink)
{
  cairo_t *cr = ctx->cr;
  CmProjectionKind kind = ctx->view.projection;
  const float *xy = cm_basemap_get_projected (map, kind);
  const float *bounds = cm_basemap_get_projected_bounds (map, kind, layer);
  const float *importance = cm_basemap_get_importance (map, kind);
  float threshold = (float) (THIN_PX * ctx->view.scale);
  const CmBasemapLine *lines;
  double inv = ctx->inv_scale, oy = ctx->offset_y;
  double w = ctx->width, h = ctx->height, guard = ctx->guard;
  LineSink path_sink;
  guint n_lines;

  lines = cm_basemap_get_lines (map, layer, &n_lines);
  if (sink == NULL)
    {
      sink_init (&path_sink, ctx, NULL, 1);
      sink = &path_sink;
    }

  for (int c = 0; c < ctx->n_copies; c++)
    {
      double ox = ctx->offset_x[c];

      for (guint i = 0; i < n_lines; i++)
        {
          const float *b = bounds + 4 * i;
          const float *p = xy + 2 * lines[i].first;
          const float *rank = importance + lines[i].first;
          gboolean closed = (lines[i].flags & CM_BASEMAP_LINE_CLOSED) != 0;
          double sx0 = b[0] * inv + ox, sx1 = b[2] * inv + ox;
          double sy0 = oy - b[3] * inv, sy1 = oy - b[1] * inv;
          guint n = lines[i].n_points;

          if (sx1 < -2 || sx0 > w + 2 || sy1 < -2 || sy0 > h + 2 || lines[i].rank > max_rank)
            continue;
          if (sx1 - sx0 < min_size && sy1 - sy0 < min_size)
            continue;

          if (sink->mask != NULL || sx0 < -guard || sx1 > w + guard || sy0 < -guard
              || sy1 > h + guard)
            {
              sink_begin (sink, TRUE);
              for (guint k = 0; k < n; k++)
                {
                  if (rank[k] >= threshold || k == 0 || k + 1 == n)
                    sink_point (sink, p[2 * k] * inv + ox, oy - p[2 * k + 1] * inv);
                }
              sink_end (sink, closed);
            }
          else
            {
              /* Inside the guard: straight to cairo. */
              cairo_move_to (cr, p[0] * inv + ox, oy - p[1] * inv);
              for (guint k = 1; k < n; k++)
                {
                  if (rank[k] >= threshold || k + 1 == n)
                    cairo_line_to (cr, p[2 * k] * inv + ox, oy - p[2 * k + 1] * inv);
                }
              if (closed)
                cairo_close_path (cr);
            }
        }
    }
}

void
_cm_map_renderer_append_layer (CmBasemap          *map,
                               const CmMapContext *ctx,
                               CmBasemapLayer      layer,
                               guint               max_rank,
                               double              min_size)
{
  append_layer (map, ctx, layer, max_rank, min_size, NULL);
}

void
_cm_map_renderer_fill_layer (CmBasemap          *map,
                             const CmMapContext *ctx,
                             CmBasemapLayer      layer,
                             guint               max_rank,
                             const CmColor      *color,
                             LineMask           *mask)
{
  cairo_t *cr = ctx->cr;

  cairo_new_path (cr);
  append_layer (map, ctx, layer, max_rank, MIN_RING_PX, NULL);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cm_style_set_source (cr, color);
  /* In the cache the outline, drawn over the fill's edge, smooths it: the
   * fill needs no antialiasing of its own (half the time). */
  if (mask != NULL)
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_fill (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
}

/* Strokes @layer: into @mask when given and the line is thin, else with cairo. */
void
_cm_map_renderer_stroke_layer (CmBasemap          *map,
                               const CmMapContext *ctx,
                               CmBasemapLayer      layer,
                               guint               max_rank,
                               double              min_size,
              double              width,
              const CmColor      *color,
              LineMask           *mask)
{
  cairo_t *cr = ctx->cr;

  if (mask != NULL && width <= MASK_MAX_WIDTH)
    {
      LineSink sink;

      sink_init (&sink, ctx, mask, MIN (width * 1.15, 1));
      mask_clear (mask);
      append_layer (map, ctx, layer, max_rank, min_size, &sink);
      mask_paint (mask, cr, color);
      return;
    }

  cairo_new_path (cr);
  append_layer (map, ctx, layer, max_rank, min_size, NULL);
  cairo_set_line_width (cr, width);
  cm_style_set_source (cr, color);
  cairo_stroke (cr);
}

typedef struct
{
  CmBasemap       *(*get) (void);
  CmProjectionKind  kind;
  gboolean         *loading;   /* in the renderer, which the task holds */
} ReadyData;

/* A basemap is ready for a projection: the next frame draws it. */
static void
basemap_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CmMapRenderer *self = CM_MAP_RENDERER (object);
  ReadyData *data = g_task_get_task_data (G_TASK (result));

  *data->loading = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), NULL))
    {
      _cm_map_renderer_clear_cache (self);
      _cm_map_renderer_emit_changed (self);
    }
}

static void
ready_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ReadyData *data = task_data;
  CmBasemap *basemap;

  cm_core_lower_thread_priority ();
  basemap = data->get ();

  if (basemap != NULL)
    cm_basemap_project (basemap, data->kind);
  g_task_return_boolean (task, basemap != NULL);
}

CmBasemap *
_cm_map_renderer_ready_basemap (CmMapRenderer       *self,
                                const CmMapContext  *ctx,
                                CmBasemap        *(*get) (void),
                                CmBasemap        *(*peek) (void),
                                gboolean            *loading)
{
  CmProjectionKind kind = ctx->view.projection;
  CmBasemap *basemap;
  g_autoptr(GTask) task = NULL;
  ReadyData *data;

  if (!self->scene_async)
    return get ();

  basemap = peek ();
  if (basemap != NULL && cm_basemap_is_projected (basemap, kind))
    return basemap;

  if (!*loading)
    {
      *loading = TRUE;
      data = g_new0 (ReadyData, 1);
      data->get = get;
      data->kind = kind;
      data->loading = loading;
      task = g_task_new (self, NULL, basemap_ready_cb, NULL);
      g_task_set_source_tag (task, _cm_map_renderer_ready_basemap);
      g_task_set_task_data (task, data, g_free);
      g_task_run_in_thread (task, ready_thread);
    }

  return NULL;
}

/* The basemap whose lines this frame draws: 1:10m past DETAIL_ZOOM when
 * it is ready (or can be made ready now), else 1:50m. */
static CmBasemap *
lines_basemap (CmMapRenderer      *self,
               const CmMapContext *ctx,
               double              zoom)
{
  CmBasemap *detail;

  if (zoom < DETAIL_ZOOM)
    return self->basemap;

  detail = _cm_map_renderer_ready_basemap (self, ctx, cm_basemap_get_detail,
                                           cm_basemap_peek_detail, &self->detail_loading);
  return detail != NULL ? detail : self->basemap;
}

static void
draw_basemap (CmMapRenderer      *self,
              const CmMapContext *ctx,
              LineMask           *mask)
{
  CmBasemap *map;
  double zoom, world_zoom;

  if (self->basemap == NULL)
    return;

  /* The world this many thousand px wide. */
  world_zoom = 2 * ctx->half_width * ctx->inv_scale / 1000;
  map = lines_basemap (self, ctx, world_zoom);

  /* Thicker lines as the map gets closer: 1 at the world, up to 2. */
  zoom = CLAMP (world_zoom, 1, 64);

  _cm_map_renderer_fill_layer (map, ctx, CM_BASEMAP_LAND, G_MAXUINT, &ctx->style->land, mask);
  _cm_map_renderer_draw_inland (self, ctx, mask, world_zoom);

  _cm_map_renderer_stroke_layer (map, ctx, CM_BASEMAP_BORDERS, G_MAXUINT, THIN_PX,
                                 0.6 + 0.2 * log2 (zoom), &ctx->style->border, mask);
  _cm_map_renderer_stroke_layer (map, ctx, CM_BASEMAP_COAST, G_MAXUINT, MIN_RING_PX,
                                 0.6 + 0.15 * log2 (zoom), &ctx->style->coast, mask);
}

static double
graticule_step (const CmMapContext *ctx)
{
  static const double steps[] = { 1, 5, 10, 30 };
  /* Pixels per degree along the equator. */
  double x, y, px_per_degree;

  cm_projection_forward (ctx->view.projection, 0, 1, &x, &y);
  px_per_degree = x * ctx->inv_scale;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (steps[i] * px_per_degree >= GRATICULE_MIN_PX)
        return steps[i];
    }

  return 30;
}

static void
draw_graticule (CmMapRenderer      *self,
                const CmMapContext *ctx,
                LineMask           *mask)
{
  cairo_t *cr = ctx->cr;
  CmProjectionKind kind = ctx->view.projection;
  double step = graticule_step (ctx);
  double lat_limit = kind == CM_PROJECTION_WEB_MERCATOR ? MERCATOR_MAX_LAT : 90;
  LineSink sink;

  sink_init (&sink, ctx, mask, 0.8);
  if (mask != NULL)
    mask_clear (mask);
  cairo_new_path (cr);

  for (int c = 0; c < ctx->n_copies; c++)
    {
      double min_lat, min_lon, max_lat, max_lon;

      if (!_cm_map_context_get_geo_bounds (ctx, c, &min_lat, &min_lon, &max_lat, &max_lon))
        continue;
      min_lat = MAX (min_lat, -lat_limit);
      max_lat = MIN (max_lat, lat_limit);

      /* Parallels are straight in all three projections. */
      for (double lat = ceil (min_lat / step) * step; lat <= max_lat; lat += step)
        {
          double x0, x1, y;

          if (fabs (lat) >= 90)
            continue;
          cm_projection_forward (kind, lat, min_lon, &x0, &y);
          cm_projection_forward (kind, lat, max_lon, &x1, &y);
          sink_begin (&sink, TRUE);
          sink_point (&sink, _cm_map_context_x (ctx, c, x0), _cm_map_context_y (ctx, y));
          sink_point (&sink, _cm_map_context_x (ctx, c, x1), _cm_map_context_y (ctx, y));
          sink_end (&sink, FALSE);
        }

      /* Meridians: straight in the cylindrical ones, curves in Natural Earth. */
      for (double lon = ceil (min_lon / step) * step; lon <= max_lon; lon += step)
        {
          int n = ctx->wraps ? 1 : (int) CLAMP (ceil ((max_lat - min_lat) / 3.0), 2, 60);

          sink_begin (&sink, TRUE);
          for (int i = 0; i <= n; i++)
            {
              double lat = min_lat + (max_lat - min_lat) * i / n;
              double x, y;

              cm_projection_forward (kind, lat, lon, &x, &y);
              sink_point (&sink, _cm_map_context_x (ctx, c, x), _cm_map_context_y (ctx, y));
            }
          sink_end (&sink, FALSE);
        }
    }

  if (mask != NULL)
    {
      mask_paint (mask, cr, &ctx->style->graticule);
    }
  else
    {
      cairo_set_line_width (cr, 0.8);
      cm_style_set_source (cr, &ctx->style->graticule);
      cairo_stroke (cr);
    }

  /* Natural Earth: the edge of the world. */
  if (!ctx->wraps)
    {
      cairo_new_path (cr);
      append_world_outline (ctx, 0);
      cairo_set_line_width (cr, 1);
      cm_style_set_source (cr, &ctx->style->coast);
      cairo_stroke (cr);
    }
}

/* @mask: thin lines go there (the cache), or NULL. */
static void
draw_static (CmMapRenderer      *self,
             const CmMapContext *ctx,
             LineMask           *mask)
{
  cairo_t *cr = ctx->cr;

  /* Thin lines and fills by the thousand: the 4×4 antialiasing looks the
   * same here and costs half as much. */
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  draw_world (self, ctx);
  draw_basemap (self, ctx, mask);
  draw_graticule (self, ctx, mask);
  cairo_restore (cr);
}

void
_cm_map_renderer_clear_cache (CmMapRenderer *self)
{
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->cache_mask, cairo_surface_destroy);
  self->cache_valid = FALSE;
}

/* The cache can serve frames drawn into an image, with a translation at
 * most (see cm_map_renderer_set_basemap_cache()). */
static gboolean
can_cache (const CmMapContext *ctx,
           double             *device_scale)
{
  cairo_surface_t *target = cairo_get_target (ctx->cr);
  cairo_matrix_t matrix;
  double sx, sy;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;

  cairo_get_matrix (ctx->cr, &matrix);
  if (matrix.xx != 1 || matrix.yy != 1 || matrix.xy != 0 || matrix.yx != 0)
    return FALSE;

  cairo_surface_get_device_scale (target, &sx, &sy);
  if (sx != sy || sx <= 0 || sx > 8)
    return FALSE;

  *device_scale = sx;
  return TRUE;
}

static void
fill_cache (CmMapRenderer      *self,
            const CmMapContext *ctx,
            double              device_scale)
{
  int margin = CACHE_MARGIN;
  int width = (int) ceil (ctx->width) + 2 * margin;
  int height = (int) ceil (ctx->height) + 2 * margin;
  double scale = ctx->view.scale;
  CmMapContext cache_ctx;
  CmMapFrame view;
  LineMask mask;
  cairo_t *cr;

  int device_width = (int) ceil (width * device_scale);
  int device_height = (int) ceil (height * device_scale);

  /* The images stay from one fill to the next while the frame keeps its size. */
  if (self->cache == NULL
      || cairo_image_surface_get_width (self->cache) != device_width
      || cairo_image_surface_get_height (self->cache) != device_height
      || self->cache_device_scale != device_scale)
    {
      _cm_map_renderer_clear_cache (self);
      self->cache = cairo_image_surface_create (CAIRO_FORMAT_RGB24, device_width, device_height);
      cairo_surface_set_device_scale (self->cache, device_scale, device_scale);
      self->cache_mask = cairo_image_surface_create (CAIRO_FORMAT_A8, device_width, device_height);
      cairo_surface_set_device_scale (self->cache_mask, device_scale, device_scale);
    }

  self->cache_valid = TRUE;
  self->cache_projection = ctx->view.projection;
  self->cache_scale = scale;
  self->cache_style = ctx->style;
  self->cache_device_scale = device_scale;
  self->cache_width = width;
  self->cache_height = height;

  /* Its top left corner. */
  self->cache_origin_x = ctx->view.center_x - (ctx->width / 2 + margin) * scale;
  self->cache_origin_y = ctx->view.center_y + (ctx->height / 2 + margin) * scale;

  view = ctx->view;
  view.center_x = self->cache_origin_x + width / 2.0 * scale;
  view.center_y = self->cache_origin_y - height / 2.0 * scale;

  mask.surface = self->cache_mask;
  mask.data = cairo_image_surface_get_data (mask.surface);
  mask.width = device_width;
  mask.height = device_height;
  mask.stride = cairo_image_surface_get_stride (mask.surface);
  mask.scale = device_scale;

  cr = cairo_create (self->cache);
  _cm_map_context_init (&cache_ctx, cr, width, height, &view, ctx->style);
  draw_static (self, &cache_ctx, mask.data != NULL ? &mask : NULL);
  cairo_destroy (cr);
}

void
_cm_map_renderer_draw_static (CmMapRenderer      *self,
                              const CmMapContext *ctx)
{
  double device_scale = 1, dx, dy;

  if (!self->cache_enabled || !can_cache (ctx, &device_scale))
    {
      draw_static (self, ctx, NULL);
      return;
    }

  /* Where the frame's top left corner is in the cache, in device pixels. */
  dx = dy = -1;
  if (self->cache_valid
      && self->cache_projection == ctx->view.projection
      && self->cache_scale == ctx->view.scale
      && self->cache_style == ctx->style
      && self->cache_device_scale == device_scale)
    {
      double scale = ctx->view.scale;

      dx = (ctx->view.center_x - ctx->width / 2 * scale - self->cache_origin_x) / scale;
      dy = (self->cache_origin_y - (ctx->view.center_y + ctx->height / 2 * scale)) / scale;
    }

  if (dx < 0 || dy < 0 || dx + ctx->width > self->cache_width
      || dy + ctx->height > self->cache_height)
    {
      fill_cache (self, ctx, device_scale);
      dx = dy = CACHE_MARGIN;
    }

  cairo_save (ctx->cr);
  cairo_set_source_surface (ctx->cr, self->cache,
                            -round (dx * device_scale) / device_scale,
                            -round (dy * device_scale) / device_scale);
  cairo_pattern_set_filter (cairo_get_source (ctx->cr), CAIRO_FILTER_NEAREST);
  cairo_paint (ctx->cr);
  cairo_restore (ctx->cr);
}
