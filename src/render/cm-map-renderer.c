/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-map-renderer-private.h"

/* A frame, back to front: the world's water, land, borders and coasts,
 * the graticule, country names, itinerary routes, event markers and
 * clusters, numbered stops, event labels, the playback marker, and the
 * selected and hovered events on top.
 *
 * Markers: every event with coordinates is projected once per document and
 * projection. Each frame puts the visible ones in a grid of CELL px squares
 * in screen space, then merges each cell into its fullest neighbour when
 * their centres are closer than a cell: a cell with one event is a marker,
 * one with more a cluster with a count. Labels go where nothing else is, on
 * a grid of LABEL_CELL px squares. What was drawn is kept for hit testing.
 *
 * Speed (100,000 events, 1200×800, see tests/bench/bench-map.c): on raster
 * targets markers and clusters are pasted from small images drawn once
 * (cairo takes tens of µs to fill a small circle, 1 µs to paste one), and
 * with cm_map_renderer_set_basemap_cache() the basemap is drawn once per
 * scale; vector targets (PDF, SVG) get paths all the way. */

#define CELL 28.0
#define LABEL_CELL 4
#define MARKER_RADIUS 5.0
#define GUARD 256.0
#define FADED_ALPHA 0.35
/* Event titles are drawn when at most this many single markers are in view. */
#define MAX_LABELLED 40
#define MAX_LABEL_LAYOUTS 4096
#define MAX_SPRITES 1024
#define FIT_MARGIN 48.0
/* Fitting a single event, or events all in one place, shows this much. */
#define FIT_MIN_DEGREES 4.0

typedef struct
{
  double sum_x, sum_y;
  guint  count;
  guint  first;           /* marker index */
  guint  category;        /* shared by all its events, else MIXED */
  int    merged_into;     /* -1, or the cell it went to */
} Cell;

typedef struct
{
  double   x, y;
  guint    count;
  guint    first;
  guint    category;
  gboolean faded;
} Cluster;

typedef struct
{
  PangoLayout *layout;
  double       x, y, width, height;
} Label;

#define MIXED (CM_NONE - 1)

G_DEFINE_FINAL_TYPE (CmMapRenderer, cm_map_renderer, G_TYPE_OBJECT)

typedef struct
{
  float   radius;
  float   ring_width;
  float   scale;
  guint32 fill;
  guint32 ring;
  guint32 text;     /* its colour, with a count */
  guint   count;    /* written in the middle, when > 1 */
} CmMapSpriteKey;

static guint
sprite_key_hash (gconstpointer data)
{
  const CmMapSpriteKey *key = data;
  guint32 bits[3];

  memcpy (&bits[0], &key->radius, sizeof (guint32));
  memcpy (&bits[1], &key->ring_width, sizeof (guint32));
  memcpy (&bits[2], &key->scale, sizeof (guint32));

  return ((bits[0] * 31 + bits[1]) * 31 + bits[2]) * 31
         + key->fill * 17 + key->ring + key->count * 7919;
}

static gboolean
sprite_key_equal (gconstpointer a,
                  gconstpointer b)
{
  return memcmp (a, b, sizeof (CmMapSpriteKey)) == 0;
}

static void
clear_markers (CmMapMarkers *markers)
{
  g_clear_pointer (&markers->positions, g_free);
  g_clear_pointer (&markers->categories, g_free);
  g_clear_pointer (&markers->starts, g_free);
  g_clear_pointer (&markers->ends, g_free);
  g_clear_pointer (&markers->coordinates, g_free);
  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    g_clear_pointer (&markers->projected[k], g_free);
  g_clear_pointer (&markers->matches, g_free);
  markers->n = 0;
  markers->valid = FALSE;
  markers->matches_valid = FALSE;
}

static void
clear_digits (CmMapDigits *digits)
{
  g_clear_pointer (&digits->scaled_font, cairo_scaled_font_destroy);
  g_clear_object (&digits->font);
  digits->valid = FALSE;
}

static void
clear_layouts (CmMapRenderer *self)
{
  if (self->country_layouts != NULL && self->basemap != NULL)
    {
      for (guint i = 0; i < cm_basemap_get_n_countries (self->basemap); i++)
        g_clear_object (&self->country_layouts[i]);
    }
  g_hash_table_remove_all (self->label_layouts);
  g_hash_table_remove_all (self->badge_layouts);
  g_hash_table_remove_all (self->sprites);   /* their counts are text */
  clear_digits (&self->digits);
}

/* The document's events changed: everything made of them goes. */
static void
invalidate_events (CmMapRenderer *self)
{
  clear_markers (&self->markers);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_hash_table_remove_all (self->label_layouts);
}

static void
items_changed_cb (CmMapRenderer *self)
{
  g_assert (CM_IS_MAP_RENDERER (self));

  invalidate_events (self);
}

static void
filter_changed_cb (CmMapRenderer *self)
{
  g_assert (CM_IS_MAP_RENDERER (self));

  self->markers.matches_valid = FALSE;
}

static void
cm_map_renderer_dispose (GObject *object)
{
  CmMapRenderer *self = CM_MAP_RENDERER (object);

  cm_map_renderer_set_document (self, NULL);
  cm_map_renderer_set_filter (self, NULL);

  G_OBJECT_CLASS (cm_map_renderer_parent_class)->dispose (object);
}

static void
cm_map_renderer_finalize (GObject *object)
{
  CmMapRenderer *self = CM_MAP_RENDERER (object);

  clear_layouts (self);
  g_free (self->country_layouts);
  g_hash_table_unref (self->label_layouts);
  g_hash_table_unref (self->badge_layouts);
  g_hash_table_unref (self->sprites);
  g_array_unref (self->badges);
  clear_markers (&self->markers);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->basemap, cm_basemap_unref);
  _cm_map_renderer_clear_cache (self);
  g_clear_object (&self->pango);
  g_array_unref (self->cells);
  g_array_unref (self->clusters);
  g_array_unref (self->scratch);
  g_array_unref (self->items);
  g_free (self->occupied);

  G_OBJECT_CLASS (cm_map_renderer_parent_class)->finalize (object);
}

static void
cm_map_renderer_class_init (CmMapRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cm_map_renderer_dispose;
  object_class->finalize = cm_map_renderer_finalize;
}

static void
cm_map_renderer_init (CmMapRenderer *self)
{
  cairo_font_options_t *options;
  CmBasemap *basemap;

  self->style = cm_style_get_light ();
  self->selection = CM_NONE;
  self->hover = CM_NONE;
  self->window_start = CM_TIME_INVALID;
  self->window_end = CM_TIME_INVALID;
  self->outside_mode = CM_MAP_OUTSIDE_HIDE;
  self->playback_group = CM_NONE;
  self->playback_time = CM_TIME_INVALID;

  basemap = cm_basemap_get_default ();
  self->basemap = basemap != NULL ? cm_basemap_ref (basemap) : NULL;
  if (self->basemap != NULL)
    self->country_layouts = g_new0 (PangoLayout *, cm_basemap_get_n_countries (self->basemap));

  /* One context for every surface: 96 dpi and no hinting, so that a label
   * measures the same on screen, in a PNG and in a PDF. */
  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->pango, 96);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);

  self->label_layouts = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->badge_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->badges = g_array_new (FALSE, FALSE, sizeof (CmMapBadge));
  self->sprites = g_hash_table_new_full (sprite_key_hash, sprite_key_equal, g_free,
                                         (GDestroyNotify) cairo_surface_destroy);
  self->cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  self->clusters = g_array_new (FALSE, FALSE, sizeof (Cluster));
  self->scratch = g_array_new (FALSE, FALSE, sizeof (guint));
  self->items = g_array_new (FALSE, FALSE, sizeof (CmMapItem));
}

CmMapRenderer *
cm_map_renderer_new (void)
{
  return g_object_new (CM_TYPE_MAP_RENDERER, NULL);
}

/**
 * cm_map_renderer_set_document:
 * @document: (nullable): the document to draw
 *
 * The renderer observes the document's store and drops its caches itself.
 */
void
cm_map_renderer_set_document (CmMapRenderer *self,
                              CmDocument    *document)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, self->store);
      g_clear_signal_handler (&self->document_changed_id, self->document);
    }
  g_clear_object (&self->store);
  g_set_object (&self->document, document);

  if (document != NULL)
    {
      self->store = g_object_ref (cm_document_get_store (document));
      self->items_changed_id =
        g_signal_connect_object (self->store, "items-changed",
                                 G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
      self->document_changed_id =
        g_signal_connect_object (document, "changed",
                                 G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
    }

  invalidate_events (self);
  g_array_set_size (self->items, 0);
}

/**
 * cm_map_renderer_set_filter:
 * @filter: (nullable): events it rejects are not drawn
 */
void
cm_map_renderer_set_filter (CmMapRenderer *self,
                            CmEventFilter *filter)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));
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

  self->markers.matches_valid = FALSE;
}

void
cm_map_renderer_set_style (CmMapRenderer *self,
                           const CmStyle *style)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  if (style == NULL)
    style = cm_style_get_light ();
  if (self->style == style)
    return;

  /* Fonts may differ: layouts are made again. */
  if (self->style->font_size != style->font_size
      || g_strcmp0 (self->style->font_family, style->font_family) != 0)
    clear_layouts (self);
  self->style = style;
}

/**
 * cm_map_renderer_set_basemap_cache:
 * @enabled: whether to keep the basemap drawn
 *
 * For a map that is drawn again and again (the widget): the water, land,
 * borders, coasts and graticule are drawn once into an image a little larger
 * than the frame, and frames that only pan copy from it, to the nearest
 * device pixel. Only used when drawing into an image surface without
 * rotation or scaling (other targets, such as PDF, get the vectors). Off by
 * default: one-off drawings (export) do not need it.
 */
void
cm_map_renderer_set_basemap_cache (CmMapRenderer *self,
                                   gboolean       enabled)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  self->cache_enabled = !!enabled;
  if (!enabled)
    _cm_map_renderer_clear_cache (self);
}

void
cm_map_renderer_set_selection (CmMapRenderer *self,
                               guint          serial)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  self->selection = serial;
}

void
cm_map_renderer_set_hover (CmMapRenderer *self,
                           guint          serial)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  self->hover = serial;
}

void
cm_map_renderer_set_time_window (CmMapRenderer *self,
                                 CmTime         start,
                                 CmTime         end)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  self->window_start = start;
  self->window_end = end;
}

void
cm_map_renderer_set_outside_mode (CmMapRenderer    *self,
                                  CmMapOutsideMode  mode)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  self->outside_mode = mode;
}

void
cm_map_renderer_set_playback (CmMapRenderer *self,
                              guint          group,
                              CmTime         time)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  self->playback_group = group;
  self->playback_time = time;
}

/* Path building ---------------------------------------------------------- */

void
_cm_path_builder_init (CmPathBuilder      *builder,
                       const CmMapContext *ctx,
                       double              tolerance)
{
  memset (builder, 0, sizeof *builder);
  builder->cr = ctx->cr;
  builder->x0 = -ctx->guard;
  builder->y0 = -ctx->guard;
  builder->x1 = ctx->width + ctx->guard;
  builder->y1 = ctx->height + ctx->guard;
  builder->tolerance = tolerance;
}

void
_cm_path_builder_begin (CmPathBuilder *builder,
                        gboolean       clip)
{
  builder->clip = clip;
  builder->started = FALSE;
  builder->pending = FALSE;
  for (guint s = 0; s < G_N_ELEMENTS (builder->stages); s++)
    builder->stages[s].has_first = FALSE;
}

static inline void
emit (CmPathBuilder *builder,
      double         x,
      double         y)
{
  if (!builder->started)
    {
      cairo_move_to (builder->cr, x, y);
      builder->started = TRUE;
      builder->pending = FALSE;
      builder->last_x = x;
      builder->last_y = y;
      return;
    }

  if (fabs (x - builder->last_x) + fabs (y - builder->last_y) < builder->tolerance)
    {
      builder->pending = TRUE;
      builder->pending_x = x;
      builder->pending_y = y;
      return;
    }

  cairo_line_to (builder->cr, x, y);
  builder->pending = FALSE;
  builder->last_x = x;
  builder->last_y = y;
}

static inline gboolean
stage_inside (const CmPathBuilder *builder,
              guint                stage,
              double               x,
              double               y)
{
  switch (stage)
    {
    case 0:
      return x >= builder->x0;
    case 1:
      return x <= builder->x1;
    case 2:
      return y >= builder->y0;
    default:
      return y <= builder->y1;
    }
}

static void
stage_point (CmPathBuilder *builder,
             guint          stage,
             double         x,
             double         y)
{
  CmClipStage *s;
  gboolean inside;

  if (stage == G_N_ELEMENTS (builder->stages))
    {
      emit (builder, x, y);
      return;
    }

  s = &builder->stages[stage];
  inside = stage_inside (builder, stage, x, y);

  if (!s->has_first)
    {
      s->has_first = TRUE;
      s->first_x = x;
      s->first_y = y;
    }
  else if (inside != s->prev_inside)
    {
      double ix, iy;

      if (stage < 2)
        {
          ix = stage == 0 ? builder->x0 : builder->x1;
          iy = s->prev_y + (y - s->prev_y) * (ix - s->prev_x) / (x - s->prev_x);
        }
      else
        {
          iy = stage == 2 ? builder->y0 : builder->y1;
          ix = s->prev_x + (x - s->prev_x) * (iy - s->prev_y) / (y - s->prev_y);
        }
      stage_point (builder, stage + 1, ix, iy);
    }

  if (inside)
    stage_point (builder, stage + 1, x, y);

  s->prev_x = x;
  s->prev_y = y;
  s->prev_inside = inside;
}

void
_cm_path_builder_point (CmPathBuilder *builder,
                        double         x,
                        double         y)
{
  if (builder->clip)
    stage_point (builder, 0, x, y);
  else
    emit (builder, x, y);
}

void
_cm_path_builder_end (CmPathBuilder *builder,
                      gboolean       close)
{
  if (builder->clip && close)
    {
      /* Each stage sends its closing edge through the stages after it. */
      for (guint s = 0; s < G_N_ELEMENTS (builder->stages); s++)
        {
          if (builder->stages[s].has_first)
            stage_point (builder, s, builder->stages[s].first_x, builder->stages[s].first_y);
        }
    }

  if (builder->pending)
    {
      cairo_line_to (builder->cr, builder->pending_x, builder->pending_y);
      builder->pending = FALSE;
    }
  if (close && builder->started)
    cairo_close_path (builder->cr);
  builder->started = FALSE;
}

/* Frame geometry ------------------------------------------------------------ */

void
_cm_map_context_init (CmMapContext    *ctx,
                      cairo_t         *cr,
                      double           width,
                      double           height,
                      const CmMapFrame *view,
                      const CmStyle   *style)
{
  double x0, x1;

  memset (ctx, 0, sizeof *ctx);
  ctx->cr = cr;
  ctx->width = width;
  ctx->height = height;
  ctx->view = *view;
  ctx->style = style;
  ctx->inv_scale = 1.0 / view->scale;
  ctx->guard = GUARD;
  cm_projection_get_bounds (view->projection, &ctx->half_width, &ctx->half_height);
  ctx->wraps = cm_projection_is_cylindrical (view->projection);
  ctx->offset_y = height / 2 + view->center_y * ctx->inv_scale;

  x0 = view->center_x - width / 2 * view->scale;
  x1 = view->center_x + width / 2 * view->scale;

  if (ctx->wraps)
    {
      double world = 2 * ctx->half_width;
      int first = (int) ceil ((x0 - ctx->half_width) / world);
      int last = (int) floor ((x1 + ctx->half_width) / world);

      /* Zoomed out that far, the frame is all copies: keep those nearest the centre. */
      if (last - first + 1 > CM_MAP_MAX_COPIES)
        {
          int middle = (int) floor (view->center_x / world + 0.5);

          first = middle - CM_MAP_MAX_COPIES / 2;
          last = first + CM_MAP_MAX_COPIES - 1;
        }
      for (int k = first; k <= last; k++)
        ctx->copies[ctx->n_copies++] = k;
    }
  else
    {
      ctx->copies[ctx->n_copies++] = 0;
    }

  for (int c = 0; c < ctx->n_copies; c++)
    ctx->offset_x[c] = width / 2
                     + (2 * ctx->half_width * ctx->copies[c] - view->center_x) * ctx->inv_scale;
}

/* Latitude of projected y (the projections' y depends on the latitude only). */
static double
lat_of_y (CmProjectionKind kind,
          double           y)
{
  double half_width, half_height, lat = 0, lon = 0;

  cm_projection_get_bounds (kind, &half_width, &half_height);
  y = CLAMP (y, -half_height, half_height);
  cm_projection_inverse (kind, 0, y, &lat, &lon);

  return lat;
}

gboolean
_cm_map_context_get_geo_bounds (const CmMapContext *ctx,
                                int                 copy,
                                double             *min_lat,
                                double             *min_lon,
                                double             *max_lat,
                                double             *max_lon)
{
  double x0 = (0 - ctx->offset_x[copy]) * ctx->view.scale;
  double x1 = (ctx->width - ctx->offset_x[copy]) * ctx->view.scale;
  double y0 = (ctx->offset_y - ctx->height) * ctx->view.scale;
  double y1 = ctx->offset_y * ctx->view.scale;

  if (x1 < -ctx->half_width || x0 > ctx->half_width || y1 < -ctx->half_height
      || y0 > ctx->half_height)
    return FALSE;

  *min_lat = lat_of_y (ctx->view.projection, y0);
  *max_lat = lat_of_y (ctx->view.projection, y1);

  if (ctx->view.projection == CM_PROJECTION_NATURAL_EARTH)
    {
      /* x = lon × f(lat), f largest at the equator: the widest longitudes
       * come from the smallest f in the latitudes shown. */
      double f_min, f_max, lat_far, lat_near, fx, fy;

      lat_far = fabs (*min_lat) > fabs (*max_lat) ? *min_lat : *max_lat;
      if (*min_lat <= 0 && *max_lat >= 0)
        lat_near = 0;
      else
        lat_near = fabs (*min_lat) < fabs (*max_lat) ? *min_lat : *max_lat;
      cm_projection_forward (CM_PROJECTION_NATURAL_EARTH, lat_far, 180, &fx, &fy);
      f_min = fx / G_PI;
      cm_projection_forward (CM_PROJECTION_NATURAL_EARTH, lat_near, 180, &fx, &fy);
      f_max = fx / G_PI;
      *min_lon = x0 < 0 ? x0 / f_min : x0 / f_max;
      *max_lon = x1 > 0 ? x1 / f_min : x1 / f_max;
      *min_lon = CLAMP (*min_lon * 180 / G_PI, -180, 180);
      *max_lon = CLAMP (*max_lon * 180 / G_PI, -180, 180);
    }
  else
    {
      *min_lon = CLAMP (x0 * 180 / G_PI, -180, 180);
      *max_lon = CLAMP (x1 * 180 / G_PI, -180, 180);
    }

  return TRUE;
}

/* Labels --------------------------------------------------------------------- */

PangoLayout *
_cm_map_renderer_new_layout (CmMapRenderer *self,
                             double         size_scale,
                             gboolean       bold)
{
  PangoLayout *layout = pango_layout_new (self->pango);
  PangoFontDescription *font = pango_font_description_from_string (self->style->font_family);

  pango_font_description_set_size (font, (int) (self->style->font_size * size_scale * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  return layout;
}

static void
reset_occupied (CmMapRenderer *self,
                double         width,
                double         height)
{
  guint w = (guint) ceil (width / LABEL_CELL) + 1;
  guint h = (guint) ceil (height / LABEL_CELL) + 1;

  self->frame_width = width;
  self->frame_height = height;
  if (w != self->occupied_width || h != self->occupied_height)
    {
      g_free (self->occupied);
      self->occupied = g_new (guint8, (gsize) w * h);
      self->occupied_width = w;
      self->occupied_height = h;
    }
  memset (self->occupied, 0, (gsize) w * h);
}

gboolean
_cm_map_renderer_reserve (CmMapRenderer *self,
                          double         x,
                          double         y,
                          double         width,
                          double         height,
                          gboolean       force)
{
  int cx0 = (int) floor (x / LABEL_CELL);
  int cy0 = (int) floor (y / LABEL_CELL);
  int cx1 = (int) floor ((x + width) / LABEL_CELL);
  int cy1 = (int) floor ((y + height) / LABEL_CELL);

  cx0 = MAX (cx0, 0);
  cy0 = MAX (cy0, 0);
  cx1 = MIN (cx1, (int) self->occupied_width - 1);
  cy1 = MIN (cy1, (int) self->occupied_height - 1);
  if (cx0 > cx1 || cy0 > cy1)
    return force;

  if (!force)
    {
      for (int cy = cy0; cy <= cy1; cy++)
        {
          const guint8 *row = self->occupied + (gsize) cy * self->occupied_width;

          for (int cx = cx0; cx <= cx1; cx++)
            {
              if (row[cx])
                return FALSE;
            }
        }
    }

  for (int cy = cy0; cy <= cy1; cy++)
    memset (self->occupied + (gsize) cy * self->occupied_width + cx0, 1, (gsize) (cx1 - cx0 + 1));

  return TRUE;
}

void
_cm_map_renderer_add_item (CmMapRenderer   *self,
                           const CmMapItem *item)
{
  g_array_append_vals (self->items, item, 1);
}

/* Sprites ---------------------------------------------------------------------- */

static guint32
pack_color (const CmColor *color,
            double         alpha)
{
  if (color == NULL)
    return 0;

  return (guint32) (CLAMP (color->red, 0, 1) * 255 + 0.5) << 24
       | (guint32) (CLAMP (color->green, 0, 1) * 255 + 0.5) << 16
       | (guint32) (CLAMP (color->blue, 0, 1) * 255 + 0.5) << 8
       | (guint32) (CLAMP (color->alpha * alpha, 0, 1) * 255 + 0.5);
}

static void
set_packed_source (cairo_t *cr,
                   guint32  color)
{
  cairo_set_source_rgba (cr, (color >> 24) / 255.0, (color >> 16 & 0xff) / 255.0,
                         (color >> 8 & 0xff) / 255.0, (color & 0xff) / 255.0);
}

static void
append_disc (cairo_t *cr,
             double   x,
             double   y,
             double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
}

static void format_count (guint  count,
                          char  *text,
                          gsize  size);

void
_cm_map_renderer_draw_disc (CmMapRenderer      *self,
                            const CmMapContext *ctx,
                            double              x,
                            double              y,
                            double              radius,
                            const CmColor      *fill,
                            const CmColor      *ring,
                            double              ring_width,
                            double              alpha,
                            guint               count)
{
  cairo_t *cr = ctx->cr;
  CmMapSpriteKey key = { 0 };
  cairo_surface_t *sprite;
  double half, scale;

  key.radius = (float) radius;
  key.ring_width = ring != NULL ? (float) ring_width : 0;
  key.scale = (float) ctx->sprite_scale;
  key.fill = pack_color (fill, alpha);
  key.ring = pack_color (ring, alpha);
  if (count > 1)
    {
      key.count = count;
      key.text = pack_color (&self->style->background, alpha);
    }

  if (!ctx->sprites)
    {
      cairo_new_path (cr);
      if (key.ring_width > 0)
        {
          append_disc (cr, x, y, radius + key.ring_width);
          set_packed_source (cr, key.ring);
          cairo_fill (cr);
        }
      append_disc (cr, x, y, radius);
      set_packed_source (cr, key.fill);
      cairo_fill (cr);
      return;
    }

  scale = ctx->sprite_scale;
  half = ceil ((radius + key.ring_width + 1) * scale) / scale;
  sprite = g_hash_table_lookup (self->sprites, &key);
  if (sprite == NULL)
    {
      int size = (int) (2 * half * scale + 0.5);
      cairo_t *sprite_cr;

      if (g_hash_table_size (self->sprites) > MAX_SPRITES)
        g_hash_table_remove_all (self->sprites);

      sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
      cairo_surface_set_device_scale (sprite, scale, scale);
      sprite_cr = cairo_create (sprite);
      if (key.ring_width > 0)
        {
          append_disc (sprite_cr, half, half, radius + key.ring_width);
          set_packed_source (sprite_cr, key.ring);
          cairo_fill (sprite_cr);
        }
      append_disc (sprite_cr, half, half, radius);
      set_packed_source (sprite_cr, key.fill);
      cairo_fill (sprite_cr);
      if (key.count > 1)
        {
          g_autoptr(PangoLayout) layout = _cm_map_renderer_new_layout (self, 0.85, TRUE);
          PangoRectangle ink;
          char text[16];

          format_count (key.count, text, sizeof text);
          pango_layout_set_text (layout, text, -1);
          pango_layout_get_pixel_extents (layout, &ink, NULL);
          cairo_move_to (sprite_cr, half - ink.x - ink.width / 2.0,
                         half - ink.y - ink.height / 2.0);
          set_packed_source (sprite_cr, key.text);
          pango_cairo_show_layout (sprite_cr, layout);
        }
      cairo_destroy (sprite_cr);
      g_hash_table_insert (self->sprites, g_memdup2 (&key, sizeof key), sprite);
    }

  /* To the nearest device pixel: sharp, and the same on every frame. */
  cairo_set_source_surface (cr, sprite,
                            round ((x - half) * scale) / scale,
                            round ((y - half) * scale) / scale);
  cairo_pattern_set_filter (cairo_get_source (cr), ctx->sprite_filter);
  cairo_paint (cr);
}

/* Glyphs for counts: one run of one font, or none (then counts use Pango). */
static void
ensure_digits (CmMapRenderer *self)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoLayoutLine *line;
  PangoGlyphItem *run;
  cairo_scaled_font_t *scaled_font;
  cairo_text_extents_t extents;
  cairo_glyph_t zero = { 0 };

  if (self->digits.valid || self->digits.font != NULL)
    return;

  layout = _cm_map_renderer_new_layout (self, 0.85, TRUE);
  pango_layout_set_text (layout, CM_MAP_DIGITS, -1);
  line = pango_layout_get_line_readonly (layout, 0);
  if (line == NULL || line->runs == NULL || line->runs->next != NULL)
    return;

  run = line->runs->data;
  if (run->glyphs->num_glyphs != CM_MAP_N_DIGITS || !PANGO_IS_CAIRO_FONT (run->item->analysis.font))
    return;

  for (guint i = 0; i < CM_MAP_N_DIGITS; i++)
    {
      PangoGlyphInfo *info = &run->glyphs->glyphs[i];

      if (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
        return;
      self->digits.glyphs[i] = info->glyph;
      self->digits.advances[i] = (double) info->geometry.width / PANGO_SCALE;
    }

  self->digits.font = g_object_ref (run->item->analysis.font);
  scaled_font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (self->digits.font));
  self->digits.scaled_font = cairo_scaled_font_reference (scaled_font);
  if (self->digits.scaled_font == NULL
      || cairo_scaled_font_status (self->digits.scaled_font) != CAIRO_STATUS_SUCCESS)
    {
      clear_digits (&self->digits);
      return;
    }

  zero.index = self->digits.glyphs[0];
  cairo_scaled_font_glyph_extents (self->digits.scaled_font, &zero, 1, &extents);
  self->digits.baseline_shift = -(extents.y_bearing + extents.height / 2);
  self->digits.valid = TRUE;
}

static void
format_count (guint  count,
              char  *text,
              gsize  size)
{
  if (count < 1000)
    g_snprintf (text, size, "%u", count);
  else if (count < 10000)
    g_snprintf (text, size, "%u.%uk", count / 1000, count % 1000 / 100);
  else
    g_snprintf (text, size, "%uk", MIN (count / 1000, 999999u));
}

/* Markers ------------------------------------------------------------------------ */

static void
ensure_markers (CmMapRenderer *self)
{
  CmMapMarkers *m = &self->markers;
  guint n_events, n = 0;

  if (m->valid)
    return;

  clear_markers (m);
  m->valid = TRUE;
  if (self->store == NULL)
    return;

  n_events = cm_event_store_get_n_events (self->store);
  for (guint i = 0; i < n_events; i++)
    {
      if (cm_event_store_get_coordinates (self->store, i, NULL, NULL))
        n++;
    }

  m->positions = g_new (guint, MAX (n, 1));
  m->categories = g_new (guint, MAX (n, 1));
  m->starts = g_new (CmTime, MAX (n, 1));
  m->ends = g_new (CmTime, MAX (n, 1));
  m->coordinates = g_new (double, 2 * (gsize) MAX (n, 1));

  for (guint i = 0; i < n_events; i++)
    {
      double lat, lon;

      if (!cm_event_store_get_coordinates (self->store, i, &lat, &lon))
        continue;

      m->positions[m->n] = i;
      m->categories[m->n] = cm_event_store_get_category (self->store, i);
      m->starts[m->n] = cm_event_store_get_start (self->store, i);
      m->ends[m->n] = cm_event_store_get_end (self->store, i);
      m->coordinates[2 * m->n] = lat;
      m->coordinates[2 * m->n + 1] = lon;
      m->n++;
    }
}

static const float *
get_projected_markers (CmMapRenderer    *self,
                       CmProjectionKind  kind)
{
  CmMapMarkers *m = &self->markers;

  if (m->projected[kind] == NULL)
    {
      float *xy = g_new (float, 2 * (gsize) MAX (m->n, 1));

      for (guint i = 0; i < m->n; i++)
        {
          double x = 0, y = 0;

          cm_projection_forward (kind, m->coordinates[2 * i], m->coordinates[2 * i + 1], &x, &y);
          xy[2 * i] = (float) x;
          xy[2 * i + 1] = (float) y;
        }
      m->projected[kind] = xy;
    }

  return m->projected[kind];
}

static void
ensure_matches (CmMapRenderer *self)
{
  CmMapMarkers *m = &self->markers;

  if (m->matches_valid)
    return;

  g_clear_pointer (&m->matches, g_free);
  m->matches_valid = TRUE;
  if (self->filter == NULL || !cm_event_filter_is_active (self->filter))
    return;

  m->matches = g_new (guint8, MAX (m->n, 1));
  for (guint i = 0; i < m->n; i++)
    m->matches[i] = cm_event_filter_matches (self->filter, self->store, m->positions[i]);
}

static int
compare_cells_by_count (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const Cell *cells = user_data;
  const Cell *ca = &cells[*(const guint *) a], *cb = &cells[*(const guint *) b];

  if (ca->count != cb->count)
    return ca->count > cb->count ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* Clusters of the markers in (or, @faded, outside) the time window. */
static void
cluster_markers (CmMapRenderer      *self,
                 const CmMapContext *ctx,
                 gboolean            faded)
{
  const CmMapMarkers *m = &self->markers;
  const float *xy = get_projected_markers (self, ctx->view.projection);
  gboolean has_window = self->window_start != CM_TIME_INVALID
                     && self->window_end != CM_TIME_INVALID;
  int cols = (int) ceil ((ctx->width + 2 * CELL) / CELL);
  int rows = (int) ceil ((ctx->height + 2 * CELL) / CELL);
  double inv = ctx->inv_scale;
  double max_x = ctx->width + CELL, max_y = ctx->height + CELL;
  Cell *cells;
  guint *order;

  if (faded && (!has_window || self->outside_mode != CM_MAP_OUTSIDE_FADE))
    return;

  g_array_set_size (self->cells, (guint) (cols * rows));
  cells = (Cell *) (void *) self->cells->data;
  memset (cells, 0, sizeof (Cell) * (gsize) (cols * rows));
  g_array_set_size (self->scratch, 0);

  for (guint i = 0; i < m->n; i++)
    {
      double sy;

      if (m->matches != NULL && !m->matches[i])
        continue;
      if (has_window)
        {
          gboolean inside = m->starts[i] <= self->window_end && m->ends[i] >= self->window_start;

          if (inside == faded)
            continue;
        }

      sy = ctx->offset_y - xy[2 * i + 1] * inv;
      if (sy < -CELL || sy >= max_y)
        continue;

      for (int c = 0; c < ctx->n_copies; c++)
        {
          double sx = xy[2 * i] * inv + ctx->offset_x[c];
          Cell *cell;
          guint index;

          if (sx < -CELL || sx >= max_x)
            continue;

          index = (guint) ((int) ((sy + CELL) / CELL) * cols + (int) ((sx + CELL) / CELL));
          cell = &cells[index];
          if (cell->count == 0)
            {
              cell->first = i;
              cell->category = m->categories[i];
              cell->merged_into = -1;
              g_array_append_val (self->scratch, index);
            }
          else if (cell->category != m->categories[i])
            {
              cell->category = MIXED;
            }
          cell->count++;
          cell->sum_x += sx;
          cell->sum_y += sy;
        }
    }

  /* Fullest cells first take in their neighbours whose centres are close. */
  order = (guint *) (void *) self->scratch->data;
  g_qsort_with_data (order, (gint) self->scratch->len, sizeof (guint), compare_cells_by_count,
                     cells);

  for (guint o = 0; o < self->scratch->len; o++)
    {
      Cell *cell = &cells[order[o]];
      int row = (int) order[o] / cols, col = (int) order[o] % cols;
      double cx, cy;
      Cluster cluster;

      if (cell->merged_into >= 0)
        continue;

      cx = cell->sum_x / cell->count;
      cy = cell->sum_y / cell->count;
      cell->merged_into = (int) order[o];

      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
          {
            Cell *other;
            double ox, oy;

            if ((dx == 0 && dy == 0) || row + dy < 0 || row + dy >= rows || col + dx < 0
                || col + dx >= cols)
              continue;
            other = &cells[(row + dy) * cols + col + dx];
            if (other->count == 0 || other->merged_into >= 0)
              continue;
            ox = other->sum_x / other->count;
            oy = other->sum_y / other->count;
            if ((ox - cx) * (ox - cx) + (oy - cy) * (oy - cy) >= CELL * CELL)
              continue;

            other->merged_into = (int) order[o];
            if (other->category != cell->category)
              cell->category = MIXED;
            cell->count += other->count;
            cell->sum_x += other->sum_x;
            cell->sum_y += other->sum_y;
            cell->first = MIN (cell->first, other->first);
          }

      cluster.x = cell->sum_x / cell->count;
      cluster.y = cell->sum_y / cell->count;
      cluster.count = cell->count;
      cluster.first = cell->first;
      cluster.category = cell->category;
      cluster.faded = faded;
      g_array_append_val (self->clusters, cluster);
    }
}

static double
cluster_radius (guint count)
{
  return 10 + 2.5 * log10 ((double) count);
}

static void
category_color (CmMapRenderer *self,
                guint          category,
                CmColor       *color)
{
  const CmCategory *c;

  if (self->document == NULL || category >= cm_document_get_n_categories (self->document))
    {
      *color = self->style->uncategorized;
      return;
    }

  c = cm_document_get_category (self->document, category);
  color->red = c->red;
  color->green = c->green;
  color->blue = c->blue;
  color->alpha = 1;
}

static void
show_count (CmMapRenderer *self,
            cairo_t       *cr,
            GArray        *glyphs,
            double         x,
            double         y,
            guint          count)
{
  char text[16];
  double width = 0;

  format_count (count, text, sizeof text);

  if (!self->digits.valid)
    {
      g_autoptr(PangoLayout) layout = _cm_map_renderer_new_layout (self, 0.85, TRUE);
      int w, h;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, x - w / 2.0, y - h / 2.0);
      pango_cairo_show_layout (cr, layout);
      return;
    }

  for (const char *p = text; *p != '\0'; p++)
    width += self->digits.advances[strchr (CM_MAP_DIGITS, *p) - CM_MAP_DIGITS];

  x -= width / 2;
  for (const char *p = text; *p != '\0'; p++)
    {
      guint d = (guint) (strchr (CM_MAP_DIGITS, *p) - CM_MAP_DIGITS);
      cairo_glyph_t glyph = { self->digits.glyphs[d], x, y + self->digits.baseline_shift };

      g_array_append_val (glyphs, glyph);
      x += self->digits.advances[d];
    }
}

static void
draw_clusters (CmMapRenderer      *self,
               const CmMapContext *ctx,
               gboolean            faded)
{
  cairo_t *cr = ctx->cr;
  const Cluster *clusters = (const Cluster *) (void *) self->clusters->data;
  guint n = self->clusters->len;
  double alpha = faded ? FADED_ALPHA : 1.0;
  g_autoptr(GArray) glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
  CmColor cluster = self->style->cluster;

  cluster.alpha *= 0.9;
  for (guint i = 0; i < n; i++)
    {
      const Cluster *c = &clusters[i];
      CmColor color;

      if (c->faded != faded)
        continue;

      if (c->count > 1)
        {
          /* Radii in quarter pixels: a handful of sprites. */
          double r = round (cluster_radius (c->count) * 4) / 4;

          _cm_map_renderer_draw_disc (self, ctx, c->x, c->y, r, &cluster, &self->style->label_halo,
                                      1.5, alpha, ctx->sprites ? c->count : 0);
        }
      else
        {
          category_color (self, c->category, &color);
          _cm_map_renderer_draw_disc (self, ctx, c->x, c->y, MARKER_RADIUS, &color,
                                      &self->style->label_halo, 1.5, alpha, 0);
        }
    }

  /* Sprites come with their counts; for vectors, counts in one run of glyphs. */
  if (ctx->sprites)
    return;

  ensure_digits (self);
  cm_style_set_source_alpha (cr, &self->style->background, alpha);
  if (self->digits.valid)
    cairo_set_scaled_font (cr, self->digits.scaled_font);
  for (guint i = 0; i < n; i++)
    {
      if (clusters[i].faded == faded && clusters[i].count > 1)
        show_count (self, cr, glyphs, clusters[i].x, clusters[i].y, clusters[i].count);
    }
  if (glyphs->len > 0)
    cairo_show_glyphs (cr, (cairo_glyph_t *) (void *) glyphs->data, (int) glyphs->len);
}

/* Hit items and label room for the clusters of this frame. */
static void
register_clusters (CmMapRenderer      *self,
                   const CmMapContext *ctx)
{
  const Cluster *clusters = (const Cluster *) (void *) self->clusters->data;
  const CmMapMarkers *m = &self->markers;

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &clusters[i];
      double r = c->count > 1 ? cluster_radius (c->count) : MARKER_RADIUS;
      CmMapItem item = { 0 };

      /* A little inside the circle, so that a label can touch it. */
      _cm_map_renderer_reserve (self, c->x - r + 1, c->y - r + 1, 2 * r - 2, 2 * r - 2, TRUE);

      item.kind = c->count > 1 ? CM_MAP_ITEM_CLUSTER : CM_MAP_ITEM_EVENT;
      item.x = (float) c->x;
      item.y = (float) c->y;
      item.radius = (float) r;
      item.half_height = (float) r;
      item.position = m->positions[c->first];
      item.count = c->count;
      item.group = CM_NONE;
      item.stop = CM_NONE;
      if (c->count == 1)
        {
          item.lat = m->coordinates[2 * c->first];
          item.lon = m->coordinates[2 * c->first + 1];
        }
      else if (!cm_map_frame_from_screen (&ctx->view, ctx->width, ctx->height, c->x, c->y,
                                         &item.lat, &item.lon))
        {
          item.lat = m->coordinates[2 * c->first];
          item.lon = m->coordinates[2 * c->first + 1];
        }
      _cm_map_renderer_add_item (self, &item);
    }
}

static PangoLayout *
get_label_layout (CmMapRenderer *self,
                  guint          serial,
                  guint          position)
{
  PangoLayout *layout = g_hash_table_lookup (self->label_layouts, GUINT_TO_POINTER (serial));

  if (layout == NULL)
    {
      if (g_hash_table_size (self->label_layouts) >= MAX_LABEL_LAYOUTS)
        g_hash_table_remove_all (self->label_layouts);

      layout = _cm_map_renderer_new_layout (self, 1.0, FALSE);
      pango_layout_set_text (layout, cm_event_store_get_title (self->store, position), -1);
      pango_layout_set_width (layout, 220 * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      g_hash_table_insert (self->label_layouts, GUINT_TO_POINTER (serial), layout);
    }

  return layout;
}

/* Tries the right of the marker, then its left. */
static gboolean
place_label (CmMapRenderer *self,
             PangoLayout   *layout,
             double         x,
             double         y,
             double         radius,
             gboolean       force,
             GArray        *labels)
{
  PangoRectangle ink, logical;
  Label label;

  pango_layout_get_pixel_extents (layout, &ink, &logical);
  label.layout = layout;
  label.width = logical.width + 6;
  label.height = logical.height + 2;
  label.y = y - label.height / 2;

  /* Right, else left, in the frame; @force: right (or left) all the same. */
  for (guint side = 0; side < 2; side++)
    {
      label.x = side == 0 ? x + radius + 4 : x - radius - 4 - label.width;
      if (label.x < 0 || label.x + label.width > self->frame_width
          || label.y < 0 || label.y + label.height > self->frame_height)
        continue;
      if (_cm_map_renderer_reserve (self, label.x, label.y, label.width, label.height, FALSE))
        {
          g_array_append_val (labels, label);
          return TRUE;
        }
    }

  if (force)
    {
      if (x + radius + 4 + label.width <= self->frame_width)
        label.x = x + radius + 4;
      else
        label.x = x - radius - 4 - label.width;
      _cm_map_renderer_reserve (self, label.x, label.y, label.width, label.height, TRUE);
      g_array_append_val (labels, label);
      return TRUE;
    }

  return FALSE;
}

static void
draw_labels (CmMapRenderer      *self,
             const CmMapContext *ctx,
             GArray             *labels)
{
  cairo_t *cr = ctx->cr;

  if (labels->len == 0)
    return;

  cairo_new_path (cr);
  for (guint i = 0; i < labels->len; i++)
    {
      const Label *l = &g_array_index (labels, Label, i);
      double r = l->height / 2;

      cairo_new_sub_path (cr);
      cairo_arc (cr, l->x + r, l->y + r, r, G_PI / 2, 3 * G_PI / 2);
      cairo_arc (cr, l->x + l->width - r, l->y + r, r, -G_PI / 2, G_PI / 2);
      cairo_close_path (cr);
    }
  cm_style_set_source (cr, &self->style->label_halo);
  cairo_fill (cr);

  cm_style_set_source (cr, &self->style->foreground);
  for (guint i = 0; i < labels->len; i++)
    {
      const Label *l = &g_array_index (labels, Label, i);

      cairo_move_to (cr, l->x + 3, l->y + 1);
      pango_cairo_show_layout (cr, l->layout);
    }
}

/* Titles next to single markers, when few are in view. */
static void
layout_labels (CmMapRenderer      *self,
               const CmMapContext *ctx,
               GArray             *labels)
{
  const Cluster *clusters = (const Cluster *) (void *) self->clusters->data;
  const CmMapMarkers *m = &self->markers;
  guint n_single = 0;

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &clusters[i];

      if (c->count == 1 && !c->faded
          && c->x >= 0 && c->x < ctx->width && c->y >= 0 && c->y < ctx->height)
        n_single++;
    }
  if (n_single > MAX_LABELLED)
    return;

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &clusters[i];
      const char *title;
      guint position, serial;

      if (c->count != 1 || c->faded || c->x < 0 || c->x >= ctx->width || c->y < 0
          || c->y >= ctx->height)
        continue;

      position = m->positions[c->first];
      serial = cm_event_store_get_serial (self->store, position);
      if (serial == self->selection || serial == self->hover)
        continue;   /* drawn with the highlight */
      title = cm_event_store_get_title (self->store, position);
      if (title == NULL || title[0] == '\0')
        continue;
      place_label (self, get_label_layout (self, serial, position), c->x, c->y, MARKER_RADIUS,
                   FALSE, labels);
    }
}

/* The selected and the hovered event on top of everything, with labels. */
static void
draw_highlights (CmMapRenderer      *self,
                 const CmMapContext *ctx)
{
  cairo_t *cr = ctx->cr;
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (Label));
  guint serials[2] = { self->hover, self->selection };

  if (self->store == NULL)
    return;

  for (guint s = 0; s < G_N_ELEMENTS (serials); s++)
    {
      guint position, category;
      double lat, lon, x, y;
      const CmColor *ring = s == 1 ? &self->style->accent : &self->style->hover;
      CmColor color;

      if (serials[s] == CM_NONE || (s == 0 && serials[0] == serials[1]))
        continue;
      position = cm_event_store_find_serial (self->store, serials[s]);
      if (position == CM_NONE
          || !cm_event_store_get_coordinates (self->store, position, &lat, &lon))
        continue;
      if (!cm_projection_forward (ctx->view.projection, lat, lon, &x, &y))
        continue;

      category = cm_event_store_get_category (self->store, position);
      category_color (self, category, &color);

      for (int c = 0; c < ctx->n_copies; c++)
        {
          double sx = _cm_map_context_x (ctx, c, x), sy = _cm_map_context_y (ctx, y);
          CmMapItem item = { 0 };

          if (sx < -20 || sx > ctx->width + 20 || sy < -20 || sy > ctx->height + 20)
            continue;

          cairo_new_path (cr);
          cairo_arc (cr, sx, sy, MARKER_RADIUS + 5, 0, 2 * G_PI);
          cm_style_set_source (cr, &self->style->label_halo);
          cairo_fill (cr);
          cairo_arc (cr, sx, sy, MARKER_RADIUS + 3.5, 0, 2 * G_PI);
          cm_style_set_source (cr, ring);
          cairo_set_line_width (cr, 2.5);
          cairo_stroke (cr);
          cairo_arc (cr, sx, sy, MARKER_RADIUS + 1, 0, 2 * G_PI);
          cm_style_set_source (cr, &color);
          cairo_fill (cr);

          item.kind = CM_MAP_ITEM_EVENT;
          item.x = (float) sx;
          item.y = (float) sy;
          item.radius = item.half_height = (float) (MARKER_RADIUS + 5);
          item.position = position;
          item.count = 1;
          item.group = CM_NONE;
          item.stop = CM_NONE;
          item.lat = lat;
          item.lon = lon;
          _cm_map_renderer_add_item (self, &item);

          place_label (self, get_label_layout (self, serials[s], position), sx, sy,
                       MARKER_RADIUS + 5, TRUE, labels);
        }
    }

  draw_labels (self, ctx, labels);
}

static void
draw_playback (CmMapRenderer      *self,
               const CmMapContext *ctx)
{
  cairo_t *cr = ctx->cr;
  CmItinerary *itinerary = NULL;
  double lat, lon, x, y;

  if (self->playback_group == CM_NONE || self->playback_time == CM_TIME_INVALID
      || self->routes == NULL)
    return;

  for (guint r = 0; r < self->routes->len; r++)
    {
      CmMapRoute *route = g_ptr_array_index (self->routes, r);

      if (route->group == self->playback_group)
        itinerary = route->itinerary;
    }
  if (itinerary == NULL
      || !cm_itinerary_locate (itinerary, self->playback_time, &lat, &lon, NULL, NULL)
      || !cm_projection_forward (ctx->view.projection, lat, lon, &x, &y))
    return;

  for (int c = 0; c < ctx->n_copies; c++)
    {
      double sx = _cm_map_context_x (ctx, c, x), sy = _cm_map_context_y (ctx, y);

      if (sx < -20 || sx > ctx->width + 20 || sy < -20 || sy > ctx->height + 20)
        continue;

      cairo_new_path (cr);
      cairo_arc (cr, sx, sy, 12, 0, 2 * G_PI);
      cm_style_set_source_alpha (cr, &self->style->accent, 0.25);
      cairo_fill (cr);
      cairo_arc (cr, sx, sy, 7.5, 0, 2 * G_PI);
      cm_style_set_source (cr, &self->style->label_halo);
      cairo_fill (cr);
      cairo_arc (cr, sx, sy, 6, 0, 2 * G_PI);
      cm_style_set_source (cr, &self->style->accent);
      cairo_fill (cr);
    }
}

/* Sprites where the target is pixels in the end: images (at their device
 * scale, when drawn upright) and recordings (the widget's snapshot, drawn
 * at 2× so that they stay sharp on high-density screens). */
static void
set_sprite_mode (CmMapContext *ctx)
{
  cairo_surface_t *target = cairo_get_target (ctx->cr);
  cairo_matrix_t matrix;
  double sx, sy;

  ctx->sprites = FALSE;
  ctx->sprite_scale = 1;
  ctx->sprite_filter = CAIRO_FILTER_NEAREST;

  cairo_get_matrix (ctx->cr, &matrix);
  if (matrix.xy != 0 || matrix.yx != 0 || matrix.xx != matrix.yy || matrix.xx <= 0)
    return;

  switch ((int) cairo_surface_get_type (target))
    {
    case CAIRO_SURFACE_TYPE_IMAGE:
      cairo_surface_get_device_scale (target, &sx, &sy);
      if (sx != sy)
        return;
      ctx->sprites = TRUE;
      ctx->sprite_scale = CLAMP (sx * matrix.xx, 0.25, 8);
      if (matrix.xx != 1)
        ctx->sprite_filter = CAIRO_FILTER_BILINEAR;
      break;

    case CAIRO_SURFACE_TYPE_RECORDING:
      ctx->sprites = TRUE;
      ctx->sprite_scale = 2 * matrix.xx;
      ctx->sprite_filter = CAIRO_FILTER_GOOD;
      break;

    default:
      break;
    }
}

void
cm_map_renderer_render (CmMapRenderer   *self,
                        cairo_t         *cr,
                        double           width,
                        double           height,
                        const CmMapFrame *view)
{
  g_autoptr(GArray) labels = NULL;
  CmMapContext ctx;

  g_return_if_fail (CM_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (view->projection < CM_N_PROJECTIONS);

  g_array_set_size (self->items, 0);
  g_array_set_size (self->clusters, 0);
  if (width <= 0 || height <= 0 || !(view->scale > 0) || !isfinite (view->scale)
      || !isfinite (view->center_x) || !isfinite (view->center_y))
    return;

  _cm_map_context_init (&ctx, cr, width, height, view, self->style);
  set_sprite_mode (&ctx);
  reset_occupied (self, width, height);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  _cm_map_renderer_draw_static (self, &ctx);

  /* Room first (markers, stops, labels), then country names where
   * nothing else goes, then the rest from the back to the front. */
  ensure_markers (self);
  ensure_matches (self);
  cluster_markers (self, &ctx, TRUE);
  cluster_markers (self, &ctx, FALSE);
  register_clusters (self, &ctx);
  if (self->routes == NULL)
    _cm_map_renderer_build_routes (self);
  _cm_map_renderer_layout_stops (self, &ctx);

  labels = g_array_new (FALSE, FALSE, sizeof (Label));
  layout_labels (self, &ctx, labels);

  _cm_map_renderer_draw_country_names (self, &ctx);
  _cm_map_renderer_draw_routes (self, &ctx);
  draw_clusters (self, &ctx, TRUE);
  draw_clusters (self, &ctx, FALSE);
  _cm_map_renderer_draw_stops (self, &ctx);
  draw_labels (self, &ctx, labels);
  draw_playback (self, &ctx);
  draw_highlights (self, &ctx);

  cairo_restore (cr);
}

gboolean
cm_map_renderer_hit_test (CmMapRenderer *self,
                          double         x,
                          double         y,
                          CmMapHit      *hit)
{
  const CmMapItem *best = NULL;
  double best_distance = G_MAXDOUBLE;

  g_return_val_if_fail (CM_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  hit->kind = CM_MAP_HIT_NONE;
  hit->position = CM_NONE;
  hit->serial = CM_NONE;
  hit->group = CM_NONE;
  hit->stop = 0;

  /* The topmost item under the point: later items were drawn above. Among
   * items drawn at the same level, the one whose centre is nearest. */
  for (guint i = self->items->len; i-- > 0;)
    {
      const CmMapItem *item = &g_array_index (self->items, CmMapItem, i);
      double dx = fabs (x - item->x), dy = fabs (y - item->y);
      double slop = 2;
      double distance;

      if (item->kind == CM_MAP_ITEM_STOP && item->radius != item->half_height)
        {
          /* A pill. */
          if (dx > item->radius + slop || dy > item->half_height + slop)
            continue;
          distance = 0;
        }
      else
        {
          distance = sqrt (dx * dx + dy * dy);
          if (distance > item->radius + slop)
            continue;
        }

      if (best != NULL && best->kind != item->kind)
        break;
      if (distance < best_distance)
        {
          best = item;
          best_distance = distance;
        }
    }

  if (best == NULL)
    return FALSE;

  switch (best->kind)
    {
    case CM_MAP_ITEM_EVENT:
      hit->kind = CM_MAP_HIT_EVENT;
      hit->count = 1;
      break;
    case CM_MAP_ITEM_CLUSTER:
      hit->kind = CM_MAP_HIT_CLUSTER;
      hit->count = best->count;
      break;
    case CM_MAP_ITEM_STOP:
      hit->kind = CM_MAP_HIT_STOP;
      hit->count = 1;
      hit->group = best->group;
      hit->stop = best->stop + 1;
      break;
    default:
      g_assert_not_reached ();
    }

  if (best->kind != CM_MAP_ITEM_CLUSTER)
    {
      hit->position = best->position;
      if (self->store != NULL && best->position < cm_event_store_get_n_events (self->store))
        hit->serial = cm_event_store_get_serial (self->store, best->position);
    }
  hit->lat = best->lat;
  hit->lon = best->lon;

  return TRUE;
}

gboolean
cm_map_renderer_get_event_point (CmMapRenderer *self,
                                 guint          serial,
                                 double        *x,
                                 double        *y)
{
  g_return_val_if_fail (CM_IS_MAP_RENDERER (self), FALSE);

  if (self->store == NULL || serial == CM_NONE)
    return FALSE;

  for (guint i = self->items->len; i-- > 0;)
    {
      const CmMapItem *item = &g_array_index (self->items, CmMapItem, i);

      if (item->kind == CM_MAP_ITEM_EVENT
          && cm_event_store_get_serial (self->store, item->position) == serial)
        {
          if (x != NULL)
            *x = item->x;
          if (y != NULL)
            *y = item->y;
          return TRUE;
        }
    }

  return FALSE;
}

/* Views --------------------------------------------------------------------------- */

static int
compare_doubles_cb (gconstpointer a,
                    gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* @center moved towards the middle of the world, within [-@world, @world]
 * as far as the frame (@half wide) allows, keeping [@lo, @hi] inside it
 * with @margin to spare. */
static double
clamp_center (double center,
              double lo,
              double hi,
              double half,
              double margin,
              double world)
{
  double min = MAX (-world + half, hi - half + margin);
  double max = MIN (world - half, lo + half - margin);

  if (min > max)
    return center;

  return CLAMP (center, min, max);
}

void
cm_map_frame_fit_bounds (CmMapFrame        *view,
                        CmProjectionKind  projection,
                        double            min_lat,
                        double            min_lon,
                        double            max_lat,
                        double            max_lon,
                        double            width,
                        double            height)
{
  double half_width, half_height;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double room_w, room_h, max_scale;
  gboolean across = FALSE;

  g_return_if_fail (view != NULL);
  g_return_if_fail (projection < CM_N_PROJECTIONS);

  cm_projection_get_bounds (projection, &half_width, &half_height);
  width = MAX (width, 1);
  height = MAX (height, 1);
  room_w = MAX (width - 2 * FIT_MARGIN, width / 2);
  room_h = MAX (height - 2 * FIT_MARGIN, height / 2);
  max_scale = MAX (2 * half_width / width, 2 * half_height / height);

  /* min_lon > max_lon: the box goes across ±180°. */
  if (min_lon > max_lon)
    {
      if (cm_projection_is_cylindrical (projection))
        {
          across = TRUE;
          max_lon += 360;
        }
      else
        {
          min_lon = -180;
          max_lon = 180;
        }
    }

  /* Sample the box's edges: Natural Earth bends its meridians. */
  for (guint i = 0; i <= 8; i++)
    for (guint j = 0; j <= 8; j++)
      {
        double lat = min_lat + (max_lat - min_lat) * i / 8;
        double lon = min_lon + (max_lon - min_lon) * j / 8;
        double x, y;

        if (i != 0 && i != 8 && j != 0 && j != 8 && lat * (lat - max_lat) > 0)
          continue;
        if (!cm_projection_forward (projection, lat, lon > 180 ? lon - 360 : lon, &x, &y))
          continue;
        if (across && lon > 180)
          x += 2 * half_width;
        x0 = MIN (x0, x);
        x1 = MAX (x1, x);
        y0 = MIN (y0, y);
        y1 = MAX (y1, y);
      }

  view->projection = projection;
  if (x0 > x1)
    {
      view->center_x = view->center_y = 0;
      view->scale = max_scale;
      return;
    }

  view->center_x = (x0 + x1) / 2;
  view->center_y = (y0 + y1) / 2;
  view->scale = MAX ((x1 - x0) / room_w, (y1 - y0) / room_h);
  view->scale = CLAMP (view->scale, 1e-9, max_scale);

  /* Where the box leaves room, show less of what is beyond the world's
   * edges (the box stays in the frame, margins included). */
  view->center_y = clamp_center (view->center_y, y0, y1, height / 2 * view->scale,
                                 FIT_MARGIN * view->scale, half_height);
  if (!cm_projection_is_cylindrical (projection))
    view->center_x = clamp_center (view->center_x, x0, x1, width / 2 * view->scale,
                                   FIT_MARGIN * view->scale, half_width);

  if (view->center_x > half_width)
    view->center_x -= 2 * half_width;
}

void
cm_map_frame_fit_events (CmMapFrame        *view,
                        CmDocument       *document,
                        CmProjectionKind  projection,
                        double            width,
                        double            height)
{
  g_autoptr(GArray) lons = NULL;
  CmEventStore *store;
  double min_lat = G_MAXDOUBLE, max_lat = -G_MAXDOUBLE;
  double min_lon, max_lon, gap = 0;
  guint n, gap_at = 0;

  g_return_if_fail (view != NULL);
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));
  g_return_if_fail (projection < CM_N_PROJECTIONS);

  lons = g_array_new (FALSE, FALSE, sizeof (double));
  store = document != NULL ? cm_document_get_store (document) : NULL;
  n = store != NULL ? cm_event_store_get_n_events (store) : 0;
  for (guint i = 0; i < n; i++)
    {
      double lat, lon;

      if (!cm_event_store_get_coordinates (store, i, &lat, &lon) || !isfinite (lat)
          || !isfinite (lon))
        continue;
      min_lat = MIN (min_lat, lat);
      max_lat = MAX (max_lat, lat);
      lon = CLAMP (lon, -180, 180);
      g_array_append_val (lons, lon);
    }

  if (lons->len == 0)
    {
      double half_width, half_height;

      cm_projection_get_bounds (projection, &half_width, &half_height);
      view->projection = projection;
      view->center_x = view->center_y = 0;
      view->scale = MAX (2 * half_width / MAX (width, 1), 2 * half_height / MAX (height, 1));
      return;
    }

  /* The narrowest range of longitudes holding them all: it leaves out the
   * widest gap between neighbours, which may be the one across ±180°. */
  g_array_sort (lons, (GCompareFunc) compare_doubles_cb);
  for (guint i = 0; i < lons->len; i++)
    {
      double here = g_array_index (lons, double, i);
      double next = i + 1 < lons->len ? g_array_index (lons, double, i + 1)
                                       : g_array_index (lons, double, 0) + 360;

      if (next - here > gap)
        {
          gap = next - here;
          gap_at = i;
        }
    }
  min_lon = g_array_index (lons, double, (gap_at + 1) % lons->len);
  max_lon = g_array_index (lons, double, gap_at);
  if (gap_at + 1 == lons->len)
    {
      min_lon = g_array_index (lons, double, 0);
      max_lon = g_array_index (lons, double, lons->len - 1);
    }

  /* One place: show some of the land around it. */
  if (max_lat - min_lat < FIT_MIN_DEGREES && fabs (max_lon - min_lon) < FIT_MIN_DEGREES)
    {
      double lat = (min_lat + max_lat) / 2;
      double lon = min_lon <= max_lon ? (min_lon + max_lon) / 2 : min_lon;

      min_lat = MAX (-90, lat - FIT_MIN_DEGREES / 2);
      max_lat = MIN (90, lat + FIT_MIN_DEGREES / 2);
      min_lon = lon - FIT_MIN_DEGREES / 2;
      max_lon = lon + FIT_MIN_DEGREES / 2;
      if (min_lon < -180)
        min_lon += 360;
      if (max_lon > 180)
        max_lon -= 360;
    }

  cm_map_frame_fit_bounds (view, projection, min_lat, min_lon, max_lat, max_lon, width, height);
}

void
cm_map_frame_to_screen (const CmMapFrame *view,
                       double           width,
                       double           height,
                       double           lat,
                       double           lon,
                       double          *sx,
                       double          *sy)
{
  double x = 0, y = 0;

  g_return_if_fail (view != NULL);
  g_return_if_fail (sx != NULL && sy != NULL);

  if (!cm_projection_forward (view->projection, lat, lon, &x, &y))
    {
      *sx = *sy = NAN;
      return;
    }

  /* The copy of the world nearest the centre. */
  if (cm_projection_is_cylindrical (view->projection))
    {
      double half_width, half_height;

      cm_projection_get_bounds (view->projection, &half_width, &half_height);
      x += 2 * half_width * floor ((view->center_x - x) / (2 * half_width) + 0.5);
    }

  *sx = (x - view->center_x) / view->scale + width / 2;
  *sy = height / 2 - (y - view->center_y) / view->scale;
}

gboolean
cm_map_frame_from_screen (const CmMapFrame *view,
                         double           width,
                         double           height,
                         double           sx,
                         double           sy,
                         double          *lat,
                         double          *lon)
{
  double x, y;

  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (lat != NULL && lon != NULL, FALSE);

  x = view->center_x + (sx - width / 2) * view->scale;
  y = view->center_y - (sy - height / 2) * view->scale;

  if (cm_projection_is_cylindrical (view->projection))
    {
      double half_width, half_height;

      cm_projection_get_bounds (view->projection, &half_width, &half_height);
      x -= 2 * half_width * floor ((x + half_width) / (2 * half_width));
    }

  return cm_projection_inverse (view->projection, x, y, lat, lon);
}
