/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-map-context.h"
#include "cm-map-renderer-basemap.h"
#include "cm-map-renderer-labels.h"
#include "cm-map-renderer-markers.h"
#include "cm-map-renderer-private.h"
#include "cm-map-renderer-routes.h"
#include "cm-map-renderer-sprites.h"

/* A frame, back to front: the world's water, land, borders and coasts,
 * the graticule, country names, itinerary routes, event markers and
 * clusters, numbered stops, event labels, the playback marker, and the
 * selected and hovered events on top.
 *
 * Markers: every event with coordinates is projected once per document and
 * projection, and binned once per zoom level and filter result on a grid of
 * the projected world whose cells count their events in any time window
 * (cm-map-renderer-grid.c). Each frame puts the visible grid cells in a grid
 * of CELL px squares in screen space, then merges each cell into its fullest neighbour when
 * their centres are closer than a cell: a cell with one event is a marker,
 * one with more a cluster with a count. Labels go where nothing else is, on
 * a grid of LABEL_CELL px squares. What was drawn is kept for hit testing.
 *
 * Speed (100,000 events, 1200×800, see tests/bench/bench-map.c): on raster
 * targets markers and clusters are pasted from small images drawn once
 * (cairo takes tens of µs to fill a small circle, 1 µs to paste one), and
 * with cm_map_renderer_set_basemap_cache() the basemap is drawn once per
 * scale; vector targets (PDF, SVG) get paths all the way. */

G_DEFINE_FINAL_TYPE (CmMapRenderer, cm_map_renderer, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

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
  _cm_map_clear_digits (&self->digits);
}

/* The document's events changed: everything made of them goes. */
static void
invalidate_events (CmMapRenderer *self)
{
  _cm_map_clear_markers (&self->markers);
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
cm_map_renderer_dispose (GObject *object)
{
  CmMapRenderer *self = CM_MAP_RENDERER (object);

  cm_map_renderer_set_document (self, NULL);
  cm_map_renderer_set_matches (self, NULL);

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
  g_hash_table_unref (self->labelled);
  g_free (self->city_sizes);
  g_free (self->language);
  g_hash_table_unref (self->sprites);
  g_array_unref (self->badges);
  g_array_unref (self->badge_groups);
  g_array_unref (self->badge_stages);
  g_ptr_array_unref (self->badge_details);
  g_array_unref (self->boxes);
  g_array_unref (self->keep_out);
  g_array_unref (self->highlight_labels);
  _cm_map_clear_markers (&self->markers);
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

  /**
   * CmMapRenderer::changed:
   *
   * What a frame would show has changed without a call to the renderer:
   * a part of the scene built in a thread (see
   * cm_map_renderer_set_scene_async()) is ready. Draw again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
_cm_map_renderer_emit_changed (CmMapRenderer *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
cm_map_renderer_init (CmMapRenderer *self)
{
  CmBasemap *basemap;

  self->style = cm_style_get_light ();
  self->selection = CM_NONE;
  self->hover = CM_NONE;
  self->window_start = CM_TIME_INVALID;
  self->window_end = CM_TIME_INVALID;
  self->outside_mode = CM_MAP_OUTSIDE_HIDE;
  self->playback_group = CM_NONE;
  self->playback_time = CM_TIME_INVALID;
  self->language = g_strdup (g_get_language_names ()[0]);

  basemap = cm_basemap_get_default ();
  self->basemap = basemap != NULL ? cm_basemap_ref (basemap) : NULL;
  if (self->basemap != NULL)
    self->country_layouts = g_new0 (PangoLayout *, cm_basemap_get_n_countries (self->basemap));

  /* One context for every surface, so that a label measures the same on
   * screen, in a PNG and in a PDF. */
  self->pango = cm_style_new_pango_context ();

  self->label_layouts = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->badge_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->labelled = g_hash_table_new (NULL, NULL);
  self->badges = g_array_new (FALSE, FALSE, sizeof (CmMapBadge));
  self->badge_groups = g_array_new (FALSE, FALSE, sizeof (CmMapBadge));
  self->badge_stages = g_array_new (FALSE, FALSE, sizeof (guint));
  self->badge_details = g_ptr_array_new ();
  self->sprites = g_hash_table_new_full (_cm_map_sprite_key_hash, _cm_map_sprite_key_equal, g_free,
                                         (GDestroyNotify) cairo_surface_destroy);
  self->cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  self->clusters = g_array_new (FALSE, FALSE, sizeof (Cluster));
  self->scratch = g_array_new (FALSE, FALSE, sizeof (guint));
  self->items = g_array_new (FALSE, FALSE, sizeof (CmMapItem));
  self->boxes = g_array_new (FALSE, FALSE, sizeof (CmMapBox));
  self->keep_out = g_array_new (FALSE, FALSE, sizeof (CmMapBox));
  self->highlight_labels = _cm_map_renderer_new_highlight_labels ();
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

  if (!cm_document_watch_set (&self->watch, document, G_CALLBACK (items_changed_cb),
                              G_CALLBACK (items_changed_cb), self))
    return;
  self->document = self->watch.document;
  self->store = self->watch.store;

  invalidate_events (self);
  g_array_set_size (self->items, 0);
}

/**
 * cm_map_renderer_set_matches:
 * @matches: (nullable): only the events in the set are drawn (NULL: all)
 */
void
cm_map_renderer_set_matches (CmMapRenderer *self,
                             CmMatchSet    *matches)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  if (self->matches == matches)
    return;

  if (matches != NULL)
    cm_match_set_ref (matches);
  g_clear_pointer (&self->matches, cm_match_set_unref);
  self->matches = matches;

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
    {
      clear_layouts (self);
      g_clear_pointer (&self->city_sizes, g_free);
    }
  self->style = style;
}

/**
 * cm_map_renderer_set_language:
 * @language: (nullable): a language name as g_get_language_names() gives
 *   them ("fr", "fr_FR.UTF-8"); NULL: English
 *
 * The language of the city and country names, where the gazetteer has
 * them in it (French); by default the process's (g_get_language_names()).
 */
void
cm_map_renderer_set_language (CmMapRenderer *self,
                              const char    *language)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);
  /* The names measured and laid out in the other language go. */
  if (self->country_layouts != NULL)
    {
      for (guint i = 0; i < cm_basemap_get_n_countries (self->basemap); i++)
        g_clear_object (&self->country_layouts[i]);
    }
  g_clear_pointer (&self->city_sizes, g_free);
}

const char *
cm_map_renderer_get_language (CmMapRenderer *self)
{
  g_return_val_if_fail (CM_IS_MAP_RENDERER (self), NULL);

  return self->language;
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

/**
 * cm_map_renderer_set_scene_async:
 * @async: whether to build the scene in a thread
 *
 * For a map drawn again and again (the widget): what takes long to build
 * (the cluster grid of a new zoom level or filter result) is built in a
 * thread, and frames until then are drawn with what is built already;
 * #CmMapRenderer::changed tells when to draw again. Off by default: a
 * frame is then complete when cm_map_renderer_render() returns (tests,
 * export).
 */
void
cm_map_renderer_set_scene_async (CmMapRenderer *self,
                                 gboolean       async)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  self->scene_async = !!async;
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
  _cm_map_set_sprite_mode (&ctx);
  _cm_map_renderer_reset_occupied (self, width, height);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  _cm_map_renderer_draw_static (self, &ctx);

  /* Room first (markers, stops, labels), then country names where
   * nothing else goes, then the rest from the back to the front. */
  _cm_map_renderer_ensure_markers (self);
  _cm_map_renderer_ensure_matches (self);
  _cm_map_renderer_cluster_markers (self, &ctx, TRUE);
  _cm_map_renderer_cluster_markers (self, &ctx, FALSE);
  _cm_map_renderer_register_clusters (self, &ctx);
  if (self->routes == NULL)
    _cm_map_renderer_build_routes (self);
  _cm_map_renderer_layout_stops (self, &ctx);

  labels = g_array_new (FALSE, FALSE, sizeof (Label));
  _cm_map_renderer_layout_labels (self, &ctx, labels);

  _cm_map_renderer_draw_country_names (self, &ctx);
  _cm_map_renderer_draw_routes (self, &ctx);
  _cm_map_renderer_draw_clusters (self, &ctx, TRUE);
  _cm_map_renderer_draw_clusters (self, &ctx, FALSE);
  _cm_map_renderer_draw_stops (self, &ctx);
  _cm_map_renderer_draw_labels (self, &ctx, labels);
  _cm_map_renderer_draw_playback (self, &ctx);
  _cm_map_renderer_draw_highlights (self, &ctx, self->hover_overlay ? CM_NONE : self->hover,
                                    self->selection, TRUE, TRUE);

  cairo_restore (cr);

  self->last_valid = TRUE;
  self->last_view = *view;
  self->last_width = width;
  self->last_height = height;
}

void
cm_map_renderer_set_hover_overlay (CmMapRenderer *self,
                                   gboolean       overlay)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));

  self->hover_overlay = !!overlay;
}

/* The hover ring and label alone, over the last frame (see
 * cm_map_renderer_set_hover_overlay()). */
void
cm_map_renderer_render_hover (CmMapRenderer *self,
                              cairo_t       *cr)
{
  CmMapContext ctx;

  g_return_if_fail (CM_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL);

  if (!self->last_valid || self->hover == CM_NONE || self->hover == self->selection)
    return;

  _cm_map_context_init (&ctx, cr, self->last_width, self->last_height, &self->last_view,
                        self->style);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->last_width, self->last_height);
  cairo_clip (cr);
  /* Its title, unless the frame has it already. */
  _cm_map_renderer_draw_highlights (self, &ctx, self->hover, CM_NONE,
                                    !g_hash_table_contains (self->labelled,
                                                            GUINT_TO_POINTER (self->hover + 1)),
                                    FALSE);
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

  *hit = (CmMapHit) { .kind = CM_MAP_HIT_NONE, .position = CM_NONE,
                      .serial = CM_NONE, .group = CM_NONE };

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

/* Clusters ----------------------------------------------------------------- */

typedef struct
{
  double distance;  /* px from the cluster's centre */
  guint  marker;
} ClusterCandidate;

static int
compare_cluster_candidates (gconstpointer a,
                            gconstpointer b)
{
  const ClusterCandidate *ca = a, *cb = b;

  if (ca->distance != cb->distance)
    return ca->distance < cb->distance ? -1 : 1;

  return ca->marker < cb->marker ? -1 : ca->marker > cb->marker;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = *(const guint *) a, pb = *(const guint *) b;

  return pa < pb ? -1 : pa > pb;
}

/* The events the cluster @hit of the last frame stands for: as many as it
 * counts of the markers shown nearest its centre (those in the time window,
 * or those outside for a faded cluster), their store positions in order
 * into @positions. Returns whether they are all at one place: less than a
 * cluster cell apart at @finest_scale (projected units per pixel, the
 * deepest zoom of the view), so that zooming in cannot separate them. The
 * cost is a pass over the markers: for a click, not for every frame. */
gboolean
cm_map_renderer_get_cluster_events (CmMapRenderer  *self,
                                    const CmMapHit *hit,
                                    double          finest_scale,
                                    GArray         *positions)
{
  const CmMapMarkers *m = &self->markers;
  const CmMapFrame *view = &self->last_view;
  g_autoptr(GArray) candidates = NULL;
  gboolean has_window, faded = FALSE, cylindrical;
  double cx, cy, reach = 3 * CELL, best = G_MAXDOUBLE, world_x, world_y, half_width = 0, half_height = 0;
  guint first = CM_NONE;
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  const float *xy;

  g_return_val_if_fail (CM_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);
  g_return_val_if_fail (positions != NULL && g_array_get_element_size (positions) == sizeof (guint), FALSE);

  g_array_set_size (positions, 0);
  if (hit->kind != CM_MAP_HIT_CLUSTER || !self->last_valid || self->store == NULL)
    return FALSE;

  /* Where it was drawn: the cluster of that count nearest its centre. */
  cm_map_frame_to_screen (view, self->last_width, self->last_height, hit->lat, hit->lon, &cx, &cy);
  if (!isfinite (cx) || !isfinite (cy))
    return FALSE;
  for (guint i = 0; i < self->items->len; i++)
    {
      const CmMapItem *item = &g_array_index (self->items, CmMapItem, i);
      double distance = hypot (item->x - cx, item->y - cy);

      if (item->kind == CM_MAP_ITEM_CLUSTER && item->count == hit->count && distance < best)
        {
          best = distance;
          first = item->position;
          reach = item->radius + 2 * CELL;
        }
    }
  if (first == CM_NONE || best > CELL || first >= cm_event_store_get_n_events (self->store))
    return FALSE;

  /* A cluster's events are all inside the window, or all outside. */
  has_window = self->window_start != CM_TIME_INVALID && self->window_end != CM_TIME_INVALID;
  if (has_window)
    faded = cm_event_store_get_start (self->store, first) > self->window_end
            || cm_event_store_get_end (self->store, first) < self->window_start;

  _cm_map_renderer_ensure_markers (self);
  _cm_map_renderer_ensure_matches (self);
  xy = _cm_map_renderer_get_projected_markers (self, view->projection);

  cylindrical = cm_projection_is_cylindrical (view->projection);
  cm_projection_get_bounds (view->projection, &half_width, &half_height);
  world_x = view->center_x + (cx - self->last_width / 2) * view->scale;
  world_y = view->center_y - (cy - self->last_height / 2) * view->scale;

  candidates = g_array_new (FALSE, FALSE, sizeof (ClusterCandidate));
  for (guint i = 0; i < m->n; i++)
    {
      ClusterCandidate candidate;
      double dx, dy;

      if (m->matches != NULL && !m->matches[i])
        continue;
      if (has_window && (m->starts[i] <= self->window_end && m->ends[i] >= self->window_start) == faded)
        continue;

      dx = xy[2 * i] - world_x;
      dy = xy[2 * i + 1] - world_y;
      /* The copy of the world nearest the cluster. */
      if (cylindrical)
        dx -= 2 * half_width * floor (dx / (2 * half_width) + 0.5);
      if (fabs (dx) > reach * view->scale || fabs (dy) > reach * view->scale)
        continue;

      candidate.distance = hypot (dx, dy) / view->scale;
      candidate.marker = i;
      if (candidate.distance <= reach)
        g_array_append_val (candidates, candidate);
    }

  g_array_sort (candidates, compare_cluster_candidates);
  if (hit->count > 0 && candidates->len > hit->count)
    g_array_set_size (candidates, hit->count);

  for (guint i = 0; i < candidates->len; i++)
    {
      guint marker = g_array_index (candidates, ClusterCandidate, i).marker;
      double dx = xy[2 * marker] - world_x, dy = xy[2 * marker + 1] - world_y;

      if (cylindrical)
        dx -= 2 * half_width * floor (dx / (2 * half_width) + 0.5);
      min_x = MIN (min_x, dx);
      max_x = MAX (max_x, dx);
      min_y = MIN (min_y, dy);
      max_y = MAX (max_y, dy);
      g_array_append_val (positions, m->positions[marker]);
    }
  g_array_sort (positions, compare_positions);

  return positions->len > 0 && finest_scale > 0
         && (max_x - min_x) / finest_scale < CELL && (max_y - min_y) / finest_scale < CELL;
}
