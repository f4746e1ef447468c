/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-map-path.h"
#include "cm-map-renderer-labels.h"
#include "cm-map-renderer-markers.h"
#include "cm-map-renderer-routes.h"
#include "cm-map-renderer-sprites.h"

/* The stops of the routes: laid out into numbered pills ("1–4") where
 * they are apart, joined where they are closer than BADGE_JOIN_PX, lifted
 * off the clusters they would cover; past MAX_NUMBERED pills they are
 * dots, and past MAX_STOP_DOTS no more are laid out. */

#define MAX_STOP_DOTS 600
#define BADGE_JOIN_PX 16.0
#define BADGE_RAISE 16.0
#define MAX_NUMBERED 80
#define MAX_BADGE_LAYOUTS 512

static void
format_badge (CmMapBadge *badge)
{
  guint n = badge->n_stops;
  guint a = badge->first_stop + 1, b = badge->last_stop + 1;

  if (n == 1)
    g_snprintf (badge->text, sizeof badge->text, "%u", a);
  else if (n >= 3 && b - a + 1 == n)
    g_snprintf (badge->text, sizeof badge->text, "%u\u2013%u", a, b);
  else if (n == 2)
    g_snprintf (badge->text, sizeof badge->text, "%u, %u", a, b);
  else if (n == 3)
    g_snprintf (badge->text, sizeof badge->text, "%u, %u, %u", a, badge->numbers[1] + 1, b);
  else
    g_snprintf (badge->text, sizeof badge->text, "%u, %u, \u2026", a, badge->numbers[1] + 1);
}

static PangoLayout *
get_badge_layout (CmMapRenderer *self,
                  const char    *text)
{
  PangoLayout *layout = g_hash_table_lookup (self->badge_layouts, text);

  if (layout == NULL)
    {
      if (g_hash_table_size (self->badge_layouts) >= MAX_BADGE_LAYOUTS)
        g_hash_table_remove_all (self->badge_layouts);
      layout = _cm_map_renderer_new_layout (self, 0.85, TRUE);
      pango_layout_set_text (layout, text, -1);
      g_hash_table_insert (self->badge_layouts, g_strdup (text), layout);
    }

  return layout;
}

static void
size_badge (CmMapRenderer *self,
            CmMapBadge    *badge)
{
  PangoLayout *layout;
  int w, h;

  format_badge (badge);
  layout = get_badge_layout (self, badge->text);
  pango_layout_get_pixel_size (layout, &w, &h);
  badge->half_height = h / 2.0 + 1;
  badge->half_width = MAX (w / 2.0 + 5, badge->half_height);
}

/* @b's stops into @a's. */
static void
merge_badges (CmMapBadge       *a,
              const CmMapBadge *b)
{
  guint numbers[4];
  guint n = 0;

  for (guint i = 0; i < MIN (a->n_stops, G_N_ELEMENTS (a->numbers)); i++)
    numbers[n++] = a->numbers[i];
  for (guint i = 0; i < MIN (b->n_stops, G_N_ELEMENTS (b->numbers)); i++)
    numbers[n++] = b->numbers[i];
  /* The two smallest. */
  for (guint i = 0; i < n; i++)
    for (guint k = i + 1; k < n; k++)
      {
        if (numbers[k] < numbers[i])
          {
            guint t = numbers[i];

            numbers[i] = numbers[k];
            numbers[k] = t;
          }
      }

  a->numbers[0] = numbers[0];
  a->numbers[1] = numbers[1];
  a->first_stop = MIN (a->first_stop, b->first_stop);
  a->last_stop = MAX (a->last_stop, b->last_stop);
  a->n_stops += b->n_stops;
  a->current = a->current || b->current;
}

/* Whether the disc of radius @r at (@cx, @cy) meets the rectangle from
 * (@x0, @y0) to (@x1, @y1). */
static gboolean
disc_meets_box (double cx,
                double cy,
                double r,
                double x0,
                double y0,
                double x1,
                double y1)
{
  double dx = cx - CLAMP (cx, x0, x1), dy = cy - CLAMP (cy, y0, y1);

  return dx * dx + dy * dy < r * r;
}

/* The cluster whose disc the pill of @badge (raised by @raise) meets, or
 * NULL: the pill would hide its count. */
static const Cluster *
covered_cluster (CmMapRenderer    *self,
                 const CmMapBadge *badge,
                 double            raise)
{
  const Cluster *clusters = (const Cluster *) (void *) self->clusters->data;
  double x0 = badge->x - badge->half_width, x1 = badge->x + badge->half_width;
  double y0 = badge->y - raise - badge->half_height, y1 = badge->y - raise + badge->half_height;

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &clusters[i];

      if (c->count > 1
          && disc_meets_box (c->x, c->y, _cm_map_cluster_disc_radius (c->count), x0, y0, x1, y1))
        return c;
    }

  return NULL;
}

/* Where the pill of @badge goes: above its stop, or above the cluster its
 * stop is in, or nowhere (a dot) rather than over a cluster's count. */
static void
place_pill (CmMapRenderer *self,
            CmMapBadge    *badge)
{
  const Cluster *c = covered_cluster (self, badge, BADGE_RAISE);

  badge->raise = BADGE_RAISE;
  badge->numbered = c == NULL;
  if (c != NULL)
    {
      double r = _cm_map_cluster_disc_radius (c->count);

      if ((c->x - badge->x) * (c->x - badge->x) + (c->y - badge->y) * (c->y - badge->y) < r * r)
        {
          /* Its tail down to the top of the disc */
          badge->raise = badge->y - (c->y - r) + badge->half_height + 4;
          badge->numbered = covered_cluster (self, badge, badge->raise) == NULL;
        }
    }
  if (!badge->numbered)
    {
      badge->raise = 0;
      badge->half_width = badge->half_height = 5;
    }
}

/* Each route's current stop in the playback, CM_NONE when it is not
 * played or travelling between stops. */
static void
get_stages (CmMapRenderer *self,
            GArray        *stages)
{
  g_array_set_size (stages, 0);
  for (guint r = 0; r < self->routes->len; r++)
    {
      CmMapRoute *route = g_ptr_array_index (self->routes, r);
      guint current = CM_NONE;
      gboolean travelling = FALSE;

      if (!_cm_map_renderer_get_playback_stage (self, route, &current, &travelling) || travelling)
        current = CM_NONE;
      g_array_append_val (stages, current);
    }
}

/* Groups the kept stops in view (see _cm_map_renderer_get_route_detail())
 * into badge_groups (a grid of BADGE_JOIN_PX cells: a stop joins a badge
 * of its route in its cell or next to it, closer than a cell), each with
 * the stops dropped next to it. Stops beyond MAX_STOP_DOTS badges are not
 * walked. */
static void
group_stops (CmMapRenderer      *self,
             const CmMapContext *ctx,
             const GArray       *stages)
{
  int cols = (int) ceil ((ctx->width + 40) / BADGE_JOIN_PX) + 1;
  int rows = (int) ceil ((ctx->height + 40) / BADGE_JOIN_PX) + 1;
  g_autofree int *grid = g_new (int, (gsize) (cols * rows));
  GArray *badges = self->badge_groups;

  g_array_set_size (badges, 0);

  for (guint r = 0; r < self->routes->len && badges->len <= MAX_STOP_DOTS; r++)
    {
      CmMapRoute *route = g_ptr_array_index (self->routes, r);
      const CmMapRouteDetail *detail = _cm_map_renderer_get_route_detail (self, route, ctx);
      const float *xy = _cm_map_route_get_projected_stops (route, ctx->view.projection);
      guint current = g_array_index (stages, guint, r);

      for (int i = 0; i < cols * rows; i++)
        grid[i] = -1;

      for (int c = 0; c < ctx->n_copies && badges->len <= MAX_STOP_DOTS; c++)
        for (guint j = 0; j < detail->n && badges->len <= MAX_STOP_DOTS; j++)
          {
            guint kept = detail->stops[j];
            double x = _cm_map_context_x (ctx, c, xy[2 * kept]);
            double y = _cm_map_context_y (ctx, xy[2 * kept + 1]);
            CmMapBadge *badge = NULL;
            int col, row;

            if (x < -20 || x > ctx->width + 20 || y < -20 || y > ctx->height + 20)
              continue;

            col = (int) ((x + 20) / BADGE_JOIN_PX);
            row = (int) ((y + 20) / BADGE_JOIN_PX);
            for (int dy = -1; dy <= 1 && badge == NULL; dy++)
              for (int dx = -1; dx <= 1 && badge == NULL; dx++)
                {
                  CmMapBadge *other;
                  int cell = (row + dy) * cols + col + dx;

                  if (row + dy < 0 || row + dy >= rows || col + dx < 0 || col + dx >= cols
                      || grid[cell] < 0)
                    continue;
                  other = &g_array_index (badges, CmMapBadge, grid[cell]);
                  if (fabs (other->x - x) < BADGE_JOIN_PX && fabs (other->y - y) < BADGE_JOIN_PX)
                    badge = other;
                }

            if (badge == NULL)
              {
                CmMapBadge fresh = { 0 };

                fresh.x = x;
                fresh.y = y;
                fresh.route = r;
                fresh.first_stop = kept;
                g_array_append_val (badges, fresh);
                if (grid[row * cols + col] < 0)
                  grid[row * cols + col] = (int) badges->len - 1;
                badge = &g_array_index (badges, CmMapBadge, badges->len - 1);
              }

            /* The kept stop and those dropped after it, all within
             * SIMPLIFY_PX of it */
            for (guint m = detail->from[j]; m < detail->from[j + 1]; m++)
              {
                guint s = detail->matched[m];

                if (badge->n_stops < G_N_ELEMENTS (badge->numbers))
                  badge->numbers[badge->n_stops] = s;
                badge->n_stops++;
                badge->last_stop = s;
                if (s == current)
                  badge->current = TRUE;
              }
          }
    }
}

/* Whether badge_groups were grouped for this frame, these routes, the
 * same route details (of this filter result, or the stand-ins drawn while
 * a thread makes them, see _cm_map_renderer_get_route_detail()), and these
 * stages of the playback. */
/* Whether each route has the detail it was grouped with. (Details are
 * only made or dropped with details_serial renewed: the same pointer is
 * the same detail.) */
static gboolean
same_details (CmMapRenderer      *self,
              const CmMapContext *ctx)
{
  if (self->badge_details->len != self->routes->len)
    return FALSE;

  for (guint r = 0; r < self->routes->len; r++)
    {
      if (g_ptr_array_index (self->badge_details, r)
          != _cm_map_renderer_get_route_detail (self, g_ptr_array_index (self->routes, r), ctx))
        return FALSE;
    }

  return TRUE;
}

static gboolean
groups_hold (CmMapRenderer      *self,
             const CmMapContext *ctx,
             const GArray       *stages)
{
  const CmMapFrame *a = &self->badge_view, *b = &ctx->view;

  return self->badge_groups_valid
         && a->projection == b->projection && a->center_x == b->center_x
         && a->center_y == b->center_y && a->scale == b->scale
         && self->badge_width == ctx->width && self->badge_height == ctx->height
         && self->badge_routes_generation == self->routes_generation
         && self->badge_details_serial == self->details_serial
         && same_details (self, ctx)
         && self->badge_stages->len == stages->len
         && (stages->len == 0
             || memcmp (self->badge_stages->data, stages->data, stages->len * sizeof (guint)) == 0);
}

/* Lays the stops out into badges and takes their room. Grouping the
 * stops walks every kept stop of every route, which for a route of tens
 * of thousands of stops costs milliseconds: it is done again only when
 * the frame, the routes, their details or the playback stage change, not
 * when only the time window does (as while the timeline is panned), nor
 * for a new filter result until its details are made. */
void
_cm_map_renderer_layout_stops (CmMapRenderer      *self,
                               const CmMapContext *ctx)
{
  g_autoptr(GArray) stages = g_array_new (FALSE, FALSE, sizeof (guint));

  get_stages (self, stages);
  if (!groups_hold (self, ctx, stages))
    {
      group_stops (self, ctx, stages);
      self->badge_groups_valid = TRUE;
      self->badge_view = ctx->view;
      self->badge_width = ctx->width;
      self->badge_height = ctx->height;
      self->badge_routes_generation = self->routes_generation;
      self->badge_details_serial = self->details_serial;
      g_ptr_array_set_size (self->badge_details, 0);
      for (guint r = 0; r < self->routes->len; r++)
        g_ptr_array_add (self->badge_details,
                         (gpointer) _cm_map_renderer_get_route_detail (self, g_ptr_array_index (self->routes, r), ctx));
      g_array_set_size (self->badge_stages, 0);
      g_array_append_vals (self->badge_stages, stages->data, stages->len);
    }

  g_array_set_size (self->badges, 0);
  g_array_append_vals (self->badges, self->badge_groups->data, self->badge_groups->len);
  self->badge_numbers = TRUE;

  /* Too many to number: dots; far too many: the markers say it all. */
  if (self->badges->len > MAX_STOP_DOTS)
    g_array_set_size (self->badges, 0);
  if (self->badges->len > MAX_NUMBERED)
    self->badge_numbers = FALSE;

  if (!self->badge_numbers)
    {
      for (guint b = 0; b < self->badges->len; b++)
        {
          CmMapBadge *badge = &g_array_index (self->badges, CmMapBadge, b);

          badge->half_width = badge->half_height = 5;
        }
      return;
    }

  for (guint b = 0; b < self->badges->len; b++)
    size_badge (self, &g_array_index (self->badges, CmMapBadge, b));

  /* Pills of one route that overlap become one: "1–4" and "5–11" make "1–11". */
  for (gboolean merged = TRUE; merged;)
    {
      merged = FALSE;
      for (guint i = 0; i < self->badges->len; i++)
        for (guint j = i + 1; j < self->badges->len; j++)
          {
            CmMapBadge *a = &g_array_index (self->badges, CmMapBadge, i);
            CmMapBadge *b = &g_array_index (self->badges, CmMapBadge, j);

            if (a->route != b->route
                || fabs (a->x - b->x) > a->half_width + b->half_width + 2
                || fabs (a->y - b->y) > a->half_height + b->half_height + 2)
              continue;

            merge_badges (a, b);
            size_badge (self, a);
            g_array_remove_index (self->badges, j);
            merged = TRUE;
            j--;
          }
    }

  for (guint b = 0; b < self->badges->len; b++)
    {
      CmMapBadge *badge = &g_array_index (self->badges, CmMapBadge, b);

      place_pill (self, badge);
      if (badge->numbered)
        _cm_map_renderer_reserve (self, badge->x - badge->half_width,
                                  badge->y - badge->raise - badge->half_height,
                                  2 * badge->half_width, 2 * badge->half_height + 4, TRUE);
    }
}

void
_cm_map_renderer_draw_stops (CmMapRenderer      *self,
                             const CmMapContext *ctx)
{
  cairo_t *cr = ctx->cr;
  guint n = self->badges->len;
  const CmMapBadge *badges = (const CmMapBadge *) (void *) self->badges->data;

  if (n == 0)
    return;

  for (guint b = 0; b < n; b++)
    {
      const CmMapBadge *badge = &badges[b];
      CmMapRoute *route = g_ptr_array_index (self->routes, badge->route);
      const CmStop *stop;
      CmMapItem item = { 0 };
      double x = badge->x, y = badge->y;
      guint index = badge->first_stop;
      gboolean pill = self->badge_numbers && badge->numbered;

      if (pill)
        {
          PangoLayout *layout = get_badge_layout (self, badge->text);
          double w = badge->half_width, h = badge->half_height;
          int tw, th;

          y -= badge->raise;

          /* A pill with a tail down to the stop. */
          cairo_new_path (cr);
          cairo_arc (cr, x - w + h, y, h, G_PI / 2, 3 * G_PI / 2);
          cairo_arc (cr, x + w - h, y, h, -G_PI / 2, G_PI / 2);
          cairo_line_to (cr, x + 3, y + h);
          cairo_line_to (cr, x, y + h + 4);
          cairo_line_to (cr, x - 3, y + h);
          cairo_close_path (cr);
          cairo_set_line_width (cr, 1.5);
          cm_style_set_source (cr, &self->style->label_halo);
          cairo_stroke_preserve (cr);
          cm_style_set_source (cr, badge->current ? &self->style->accent : &self->style->route);
          cairo_fill (cr);

          pango_layout_get_pixel_size (layout, &tw, &th);
          cairo_move_to (cr, x - tw / 2.0, y - th / 2.0);
          cm_style_set_source (cr, &self->style->background);
          pango_cairo_show_layout (cr, layout);
        }
      else if (badge->current)
        {
          _cm_map_renderer_draw_disc (self, ctx, &(CmMapDisc) {
                                        x, y, 3.5, &self->style->accent,
                                        &self->style->label_halo, 1.5, 1, 0 });
        }

      /* The stop the playback is at, else the first of the badge. */
      if (badge->current && self->playback_time != CM_TIME_INVALID)
        cm_itinerary_locate (route->itinerary, self->playback_time, NULL, NULL, &index, NULL);
      stop = cm_itinerary_get_stop (route->itinerary, index);

      /* A pill with its tail, else the dot */
      item.kind = CM_MAP_ITEM_STOP;
      item.x = (float) x;
      item.y = (float) (y + (pill ? 2 : 0));
      item.radius = (float) badge->half_width;
      item.half_height = (float) (badge->half_height + (pill ? 2 : 0));
      item.position = stop->first;
      item.count = badge->n_stops;
      item.group = route->group;
      item.stop = index;
      item.lat = stop->lat;
      item.lon = stop->lon;
      _cm_map_renderer_add_item (self, &item);
    }
}
