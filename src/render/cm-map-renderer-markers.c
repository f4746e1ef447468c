/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-map-renderer-grid.h"
#include "cm-map-renderer-labels.h"
#include "cm-map-renderer-markers.h"
#include "cm-map-renderer-routes.h"
#include "cm-map-renderer-sprites.h"

#define FADED_ALPHA 0.35

/* A new array of @n items of @size bytes (at least one) in an atomic rc
 * box, for the markers a thread may share. */
static gpointer
new_shared_array (gsize n,
                  gsize size)
{
  return g_atomic_rc_box_alloc (MAX (n, 1) * size);
}

static void
release_shared_array (gpointer array)
{
  g_atomic_rc_box_release (array);
}

/* Forgets the markers and their grids (a grid being built is cancelled). */
void
_cm_map_clear_markers (CmMapMarkers *markers)
{
  g_clear_pointer (&markers->positions, g_free);
  g_clear_pointer (&markers->categories, release_shared_array);
  g_clear_pointer (&markers->starts, release_shared_array);
  g_clear_pointer (&markers->ends, release_shared_array);
  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    g_clear_pointer (&markers->projected[k], release_shared_array);
  g_clear_pointer (&markers->matches, release_shared_array);
  _cm_map_grids_clear (markers);
  markers->n = 0;
  markers->valid = FALSE;
  markers->matches_valid = FALSE;
  markers->serial++;
}

/* Markers ------------------------------------------------------------------------ */

void
_cm_map_renderer_ensure_markers (CmMapRenderer *self)
{
  CmMapMarkers *m = &self->markers;
  guint n_events, n = 0;

  if (m->valid)
    return;

  _cm_map_clear_markers (m);
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
  m->categories = new_shared_array (n, sizeof (guint));
  m->starts = new_shared_array (n, sizeof (CmTime));
  m->ends = new_shared_array (n, sizeof (CmTime));

  for (guint i = 0; i < n_events; i++)
    {
      if (!cm_event_store_get_coordinates (self->store, i, NULL, NULL))
        continue;

      m->positions[m->n] = i;
      m->categories[m->n] = cm_event_store_get_category (self->store, i);
      m->starts[m->n] = cm_event_store_get_start (self->store, i);
      m->ends[m->n] = cm_event_store_get_end (self->store, i);
      m->n++;
    }
}

const float *
_cm_map_renderer_get_projected_markers (CmMapRenderer    *self,
                       CmProjectionKind  kind)
{
  CmMapMarkers *m = &self->markers;

  if (m->projected[kind] == NULL)
    {
      float *xy = new_shared_array (2 * (gsize) m->n, sizeof (float));

      /* From the store: the markers go with any change to its events. */
      for (guint i = 0; i < m->n; i++)
        {
          double lat = 0, lon = 0, x = 0, y = 0;

          cm_event_store_get_coordinates (self->store, m->positions[i], &lat, &lon);
          cm_projection_forward (kind, lat, lon, &x, &y);
          xy[2 * i] = (float) x;
          xy[2 * i + 1] = (float) y;
        }
      m->projected[kind] = xy;
    }

  return m->projected[kind];
}

/* The match flags of the markers, for the filter result of now. The grids
 * of the result before are kept, to draw with until the new ones are built. */
void
_cm_map_renderer_ensure_matches (CmMapRenderer *self)
{
  CmMapMarkers *m = &self->markers;
  gboolean all = self->matches == NULL || cm_match_set_is_all (self->matches);

  if (m->matches_valid)
    return;

  m->matches_valid = TRUE;
  if (all && m->matches == NULL)
    return;   /* every event, as before: the grids still hold */

  g_clear_pointer (&m->matches, release_shared_array);
  m->matches_serial++;
  if (all)
    return;

  m->matches = new_shared_array (m->n, sizeof (guint8));
  cm_match_set_contains_many (self->matches, m->positions, m->n, m->matches);
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

static double
cluster_radius (guint count)
{
  return 10 + 2.5 * log10 ((double) count);
}

/* The radius of the disc drawn for @count events, with its ring. */
double
_cm_map_cluster_disc_radius (guint count)
{
  return (count > 1 ? cluster_radius (count) : MARKER_RADIUS) + RING_WIDTH;
}

static int
compare_clusters_by_count (gconstpointer a,
                           gconstpointer b)
{
  const Cluster *ca = a, *cb = b;

  if (ca->count != cb->count)
    return ca->count > cb->count ? -1 : 1;
  return ca->first < cb->first ? -1 : ca->first > cb->first;
}

/* Merges the clusters from @start on whose discs overlap into the fuller
 * one (which keeps its place), until no two discs overlap. */
static void
separate_clusters (CmMapRenderer *self,
                   guint          start)
{
  gboolean merged = TRUE;

  while (merged && self->clusters->len - start > 1)
    {
      Cluster *clusters = &g_array_index (self->clusters, Cluster, start);
      guint n = self->clusters->len - start, kept = 0;

      merged = FALSE;
      qsort (clusters, n, sizeof (Cluster), compare_clusters_by_count);

      for (guint i = 0; i < n; i++)
        {
          Cluster *c = &clusters[i];
          double rc = _cm_map_cluster_disc_radius (c->count);
          guint k;

          for (k = 0; k < kept; k++)
            {
              Cluster *other = &clusters[k];
              double reach = rc + _cm_map_cluster_disc_radius (other->count);

              if ((other->x - c->x) * (other->x - c->x) + (other->y - c->y) * (other->y - c->y)
                  < reach * reach)
                break;
            }

          if (k < kept)
            {
              Cluster *into = &clusters[k];

              if (into->category != c->category)
                into->category = MIXED;
              into->count += c->count;
              into->first = MIN (into->first, c->first);
              merged = TRUE;
            }
          else
            {
              clusters[kept++] = *c;
            }
        }

      g_array_set_size (self->clusters, start + kept);
    }
}

/* The clusters before @start are faded ones, those from it the window's:
 * a faded disc that one of them would overlap is hidden, so that no two
 * drawn discs ever overlap. Its events stay counted in it. */
static void
hide_faded_under (CmMapRenderer *self,
                  guint          start)
{
  Cluster *clusters = (Cluster *) (void *) self->clusters->data;

  for (guint f = 0; f < start; f++)
    {
      Cluster *c = &clusters[f];
      double rc = _cm_map_cluster_disc_radius (c->count);

      for (guint w = start; w < self->clusters->len && !c->hidden; w++)
        {
          const Cluster *other = &clusters[w];
          double reach = rc + _cm_map_cluster_disc_radius (other->count);

          if ((other->x - c->x) * (other->x - c->x) + (other->y - c->y) * (other->y - c->y)
              < reach * reach)
            c->hidden = TRUE;
        }
    }
}

/* Clusters of the markers in (or, @faded, outside) the time window. */
void
_cm_map_renderer_cluster_markers (CmMapRenderer      *self,
                                  const CmMapContext *ctx,
                                  gboolean            faded)
{
  gboolean has_window = self->window_start != CM_TIME_INVALID
                     && self->window_end != CM_TIME_INVALID;
  int cols = (int) ceil ((ctx->width + 2 * CELL) / CELL);
  int rows = (int) ceil ((ctx->height + 2 * CELL) / CELL);
  guint start = self->clusters->len;
  Cell *cells;
  guint *order;

  if (faded && (!has_window || self->outside_mode != CM_MAP_OUTSIDE_FADE))
    return;

  g_array_set_size (self->cells, (guint) (cols * rows));
  cells = (Cell *) (void *) self->cells->data;
  memset (cells, 0, sizeof (Cell) * (gsize) (cols * rows));
  g_array_set_size (self->scratch, 0);

  _cm_map_renderer_bin_grid (self, ctx, faded, cells, cols, rows);

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
      cluster.hidden = FALSE;
      g_array_append_val (self->clusters, cluster);
    }

  separate_clusters (self, start);
  if (!faded)
    hide_faded_under (self, start);
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

  _cm_map_format_count (count, text, sizeof text);

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

void
_cm_map_renderer_draw_clusters (CmMapRenderer      *self,
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

      if (c->faded != faded || c->hidden)
        continue;

      if (c->count > 1)
        {
          /* Radii in quarter pixels: a handful of sprites. */
          double r = round (cluster_radius (c->count) * 4) / 4;

          _cm_map_renderer_draw_disc (self, ctx, &(CmMapDisc) {
                                        c->x, c->y, r, &cluster, &self->style->label_halo,
                                        RING_WIDTH, alpha, ctx->sprites ? c->count : 0 });
        }
      else
        {
          category_color (self, c->category, &color);
          _cm_map_renderer_draw_disc (self, ctx, &(CmMapDisc) {
                                        c->x, c->y, MARKER_RADIUS, &color,
                                        &self->style->label_halo, RING_WIDTH, alpha, 0 });
        }
    }

  /* Sprites come with their counts; for vectors, counts in one run of glyphs. */
  if (ctx->sprites)
    return;

  _cm_map_renderer_ensure_digits (self);
  cm_style_set_source_alpha (cr, &self->style->background, alpha);
  if (self->digits.valid)
    cairo_set_scaled_font (cr, self->digits.scaled_font);
  for (guint i = 0; i < n; i++)
    {
      if (clusters[i].faded == faded && !clusters[i].hidden && clusters[i].count > 1)
        show_count (self, cr, glyphs, clusters[i].x, clusters[i].y, clusters[i].count);
    }
  if (glyphs->len > 0)
    cairo_show_glyphs (cr, (cairo_glyph_t *) (void *) glyphs->data, (int) glyphs->len);
}

/* Hit items and label room for the clusters of this frame. */
void
_cm_map_renderer_register_clusters (CmMapRenderer      *self,
                                    const CmMapContext *ctx)
{
  const Cluster *clusters = (const Cluster *) (void *) self->clusters->data;
  const CmMapMarkers *m = &self->markers;

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &clusters[i];
      double r = c->count > 1 ? cluster_radius (c->count) : MARKER_RADIUS;
      CmMapItem item = { 0 };

      if (c->hidden)
        continue;

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
      if (c->count == 1
          || !cm_map_frame_from_screen (&ctx->view, ctx->width, ctx->height, c->x, c->y,
                                        &item.lat, &item.lon))
        cm_event_store_get_coordinates (self->store, item.position, &item.lat, &item.lon);
      _cm_map_renderer_add_item (self, &item);
    }
}

/* The selected and the hovered event on top of everything, with labels. */
void
_cm_map_renderer_draw_highlights (CmMapRenderer      *self,
                                  const CmMapContext *ctx,
                                  guint               hover,
                                  guint               selection,
                                  gboolean            with_labels,
                                  gboolean            hit_items)
{
  cairo_t *cr = ctx->cr;
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (Label));
  guint serials[2] = { hover, selection };

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
          item.radius = item.half_height = (float) HIGHLIGHT_RADIUS;
          item.position = position;
          item.count = 1;
          item.group = CM_NONE;
          item.stop = CM_NONE;
          item.lat = lat;
          item.lon = lon;
          if (hit_items)
            _cm_map_renderer_add_item (self, &item);

          if (with_labels)
            _cm_map_renderer_place_highlight_label (self, serials[s],
                                                    _cm_map_renderer_get_label_layout (self, serials[s],
                                                                                       position),
                                                    sx, sy, HIGHLIGHT_RADIUS, labels);
        }
    }

  _cm_map_renderer_draw_labels (self, ctx, labels);
}

void
_cm_map_renderer_draw_playback (CmMapRenderer      *self,
                                const CmMapContext *ctx)
{
  cairo_t *cr = ctx->cr;
  CmItinerary *itinerary = NULL;
  double lat, lon, x, y;

  if (self->playback_group == CM_NONE || self->playback_time == CM_TIME_INVALID
      || self->routes == NULL)
    return;

  /* Not along a route the filter leaves no stop of */
  for (guint r = 0; r < self->routes->len; r++)
    {
      CmMapRoute *route = g_ptr_array_index (self->routes, r);

      if (route->group == self->playback_group
          && _cm_map_renderer_get_route_detail (self, route, ctx)->n > 0)
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
