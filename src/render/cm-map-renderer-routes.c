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

/* Itineraries: each itinerary group is a route of great-circle legs between
 * its stops, with an arrow halfway along each leg that is long enough, and
 * the stops' numbers in pills above them (stops that meet on screen share
 * one: "1, 2, 4", "5–9"). Each leg's box and length are projected once
 * per projection; a leg in view is drawn with as many of its samples as
 * its length on screen needs, computed then (kept for every leg they took
 * 26 MB a projection at a million events); a leg that crosses ±180° is
 * split there.
 *
 * Playback: legs already travelled are drawn as usual, the leg under way
 * in the accent colour, the legs to come faded and dashed; the pill of the
 * stop the traveller is at is in the accent colour.
 *
 * Only the stops with an event that passes the filter are drawn, the
 * route going straight (along a great circle) from one to the next; a
 * filter that keeps none of them leaves no route.
 *
 * Level of detail: per zoom level (a power of two), the stops closer than
 * SIMPLIFY_PX to the stop kept before them are dropped (the first and last
 * are kept), once per projection, level and filter result: a frame walks
 * the kept stops only. Stops closer than BADGE_JOIN_PX share a pill; past
 * MAX_NUMBERED pills they are dots, past MAX_STOP_DOTS not drawn (their
 * events still are, as markers). A pill that would cover a cluster's disc
 * is raised above the disc its stop is in, or else left a dot, so that no
 * count is hidden. A route longer on screen than
 * ROUTE_INK_BUDGET px (thousands of legs at the world's scale: cairo fills
 * every pixel of them) is sketched through every k-th stop, thin, until
 * zooming in brings it within the budget. */

#define ROUTE_WIDTH 2.5
/* Legs are drawn with segments of about this many px. */
#define SEGMENT_PX 24.0
/* px of route a frame draws at most, beyond which it sketches the route. */
#define ROUTE_INK_BUDGET 8000.0
#define SKETCH_SAMPLES 8
#define ARROW_MIN_PX 60.0
#define MAX_ARROWS 150
#define FUTURE_ALPHA 0.45

typedef enum
{
  LEGS_DONE,      /* and every leg without playback */
  LEGS_CURRENT,
  LEGS_FUTURE,
} LegState;

void
_cm_map_route_free (gpointer data)
{
  CmMapRoute *route = data;

  g_clear_pointer (&route->itinerary, cm_itinerary_unref);
  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    {
      g_free (route->stops[k]);
      g_free (route->legs[k]);
    }
  for (guint d = 0; d < CM_MAP_ROUTE_DETAILS; d++)
    _cm_map_route_detail_free (route->details[d]);
  g_free (route);
}

static void
to_vector (double lat,
           double lon,
           double v[3])
{
  double phi = lat * G_PI / 180, lambda = lon * G_PI / 180;

  v[0] = cos (phi) * cos (lambda);
  v[1] = cos (phi) * sin (lambda);
  v[2] = sin (phi);
}

/* The great circle from stop @a to stop @b of @itinerary. */
void
_cm_map_leg_init (CmMapLeg    *leg,
                  CmItinerary *itinerary,
                  guint        a_index,
                  guint        b_index)
{
  double *a = leg->a, *b = leg->b, cross[3];

  leg->from = cm_itinerary_get_stop (itinerary, a_index);
  leg->to = cm_itinerary_get_stop (itinerary, b_index);
  to_vector (leg->from->lat, leg->from->lon, a);
  to_vector (leg->to->lat, leg->to->lon, b);
  cross[0] = a[1] * b[2] - a[2] * b[1];
  cross[1] = a[2] * b[0] - a[0] * b[2];
  cross[2] = a[0] * b[1] - a[1] * b[0];
  leg->sin_omega = sqrt (cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]);
  leg->omega = atan2 (leg->sin_omega, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]);
}

/* Sample @i of @leg (0 to CM_MAP_LEG_SAMPLES), in degrees. */
static void
leg_point (const CmMapLeg *leg,
           guint           i,
           double         *lat,
           double         *lon)
{
  double f = (double) i / CM_MAP_LEG_SAMPLES;

  if (i == 0 || (leg->sin_omega < 1e-9 && leg->omega < 1 && i < CM_MAP_LEG_SAMPLES))
    {
      *lat = leg->from->lat;
      *lon = leg->from->lon;
    }
  else if (i == CM_MAP_LEG_SAMPLES)
    {
      *lat = leg->to->lat;
      *lon = leg->to->lon;
    }
  else if (leg->sin_omega < 1e-9)
    {
      /* Antipodes: whichever great circle cm_great_circle_point() takes. */
      cm_great_circle_point (leg->from->lat, leg->from->lon, leg->to->lat, leg->to->lon, f,
                             lat, lon);
    }
  else
    {
      double wa = sin ((1 - f) * leg->omega) / leg->sin_omega;
      double wb = sin (f * leg->omega) / leg->sin_omega;
      double p[3];

      for (guint k = 0; k < 3; k++)
        p[k] = wa * leg->a[k] + wb * leg->b[k];
      *lat = atan2 (p[2], sqrt (p[0] * p[0] + p[1] * p[1])) * 180 / G_PI;
      *lon = atan2 (p[1], p[0]) * 180 / G_PI;
    }
}

/* Sample @i of @leg projected, as a float (the precision the drawing had
 * when the samples were kept). */
static void
leg_projected (const CmMapLeg   *leg,
               CmProjectionKind  kind,
               guint             i,
               double           *x,
               double           *y)
{
  double lat, lon;

  leg_point (leg, i, &lat, &lon);
  *x = *y = 0;
  cm_projection_forward (kind, lat, lon, x, y);
  *x = (float) *x;
  *y = (float) *y;
}

/* Every @stride-th sample of @leg, from 0 to CM_MAP_LEG_SAMPLES: in
 * degrees into @geo and projected as leg_projected() into @xy; returns
 * how many. */
guint
_cm_map_leg_samples (const CmMapLeg   *leg,
                     CmProjectionKind  kind,
                     guint             stride,
                     double           *geo,
                     float            *xy)
{
  guint n = 0;

  for (guint i = 0; i <= CM_MAP_LEG_SAMPLES; i += stride, n++)
    {
      double x = 0, y = 0;

      leg_point (leg, i, &geo[2 * n], &geo[2 * n + 1]);
      cm_projection_forward (kind, geo[2 * n], geo[2 * n + 1], &x, &y);
      xy[2 * n] = (float) x;
      xy[2 * n + 1] = (float) y;
    }

  return n;
}

void
_cm_map_renderer_build_routes (CmMapRenderer *self)
{
  guint n_groups;

  self->routes = g_ptr_array_new_with_free_func (_cm_map_route_free);
  self->routes_generation++;
  if (self->document == NULL)
    return;

  n_groups = cm_document_get_n_groups (self->document);
  for (guint g = 0; g < n_groups; g++)
    {
      CmMapRoute *route;
      guint n_stops;

      if (cm_document_get_group (self->document, g)->kind != CM_GROUP_ITINERARY)
        continue;

      route = g_new0 (CmMapRoute, 1);
      route->group = g;
      route->itinerary = cm_itinerary_new (self->document, g);
      n_stops = cm_itinerary_get_n_stops (route->itinerary);
      route->n_legs = n_stops > 1 ? n_stops - 1 : 0;
      g_ptr_array_add (self->routes, route);
    }
}

const float *
_cm_map_route_get_projected_stops (CmMapRoute       *route,
                                   CmProjectionKind  kind)
{
  if (route->stops[kind] == NULL)
    {
      guint n = cm_itinerary_get_n_stops (route->itinerary);
      float *xy = g_new (float, 2 * (gsize) MAX (n, 1));

      for (guint i = 0; i < n; i++)
        {
          const CmStop *stop = cm_itinerary_get_stop (route->itinerary, i);
          double x = 0, y = 0;

          cm_projection_forward (kind, stop->lat, stop->lon, &x, &y);
          xy[2 * i] = (float) x;
          xy[2 * i + 1] = (float) y;
        }
      route->stops[kind] = xy;
    }

  return route->stops[kind];
}

/* Where the playback is on @route: legs before @current are done. */
gboolean
_cm_map_renderer_get_playback_stage (CmMapRenderer *self,
                                     CmMapRoute    *route,
                                     guint         *current,
                                     gboolean      *travelling)
{
  if (route->group != self->playback_group || self->playback_time == CM_TIME_INVALID)
    return FALSE;

  return cm_itinerary_locate (route->itinerary, self->playback_time, NULL, NULL, current,
                              travelling);
}

/* Adds a polyline along a great circle to the current path: @geo holds
 * lat, lon pairs and @xy their projection (or NULL: projected here); every
 * @stride-th point is used, and the line is split where it crosses ±180°. */
static void
append_polyline (const CmMapContext *ctx,
                 int                 copy,
                 const double       *geo,
                 const float        *xy,
                 guint               n,
                 guint               stride)
{
  CmProjectionKind kind = ctx->view.projection;
  CmPathBuilder builder;
  double px = 0;
  guint prev = 0;

  _cm_path_builder_init (&builder, ctx, 0.5);
  _cm_path_builder_begin (&builder, TRUE);

  for (guint i = 0;; i = MIN (i + stride, n - 1))
    {
      double x, y;

      if (xy != NULL)
        {
          x = xy[2 * i];
          y = xy[2 * i + 1];
        }
      else
        {
          cm_projection_forward (kind, geo[2 * i], geo[2 * i + 1], &x, &y);
        }

      if (i > 0 && fabs (x - px) > ctx->half_width)
        {
          /* Across ±180°: end at the edge, go on from the other one. */
          double edge = geo[2 * prev + 1] > 0 ? 180 : -180;
          double lon = geo[2 * i + 1] + (edge > 0 ? 360 : -360);
          double t = (edge - geo[2 * prev + 1]) / (lon - geo[2 * prev + 1]);
          double lat = geo[2 * prev] + (geo[2 * i] - geo[2 * prev]) * CLAMP (t, 0, 1);
          double ex, ey;

          cm_projection_forward (kind, lat, edge, &ex, &ey);
          _cm_path_builder_point (&builder, _cm_map_context_x (ctx, copy, ex),
                                  _cm_map_context_y (ctx, ey));
          _cm_path_builder_end (&builder, FALSE);
          _cm_path_builder_begin (&builder, TRUE);
          cm_projection_forward (kind, lat, -edge, &ex, &ey);
          _cm_path_builder_point (&builder, _cm_map_context_x (ctx, copy, ex),
                                  _cm_map_context_y (ctx, ey));
        }

      _cm_path_builder_point (&builder, _cm_map_context_x (ctx, copy, x),
                              _cm_map_context_y (ctx, y));
      px = x;
      prev = i;
      if (i == n - 1)
        break;
    }
  _cm_path_builder_end (&builder, FALSE);
}

/* The summary of a leg from CM_MAP_SUMMARY_POINTS projected points,
 * @stride floats apart. */
void
_cm_map_summarize_leg (const float *p,
                       guint        stride,
                       double       half_width,
                       float       *out)
{
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y0 = G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double length = 0, lx = 0, ly = 0;

  for (guint i = 0; i < CM_MAP_SUMMARY_POINTS; i++)
    {
      double x = p[stride * i], y = p[stride * i + 1];

      if (i > 0 && fabs (x - lx) < half_width)
        length += fabs (x - lx) + fabs (y - ly);
      x0 = MIN (x0, x);
      x1 = MAX (x1, x);
      y0 = MIN (y0, y);
      y1 = MAX (y1, y);
      lx = x;
      ly = y;
    }
  out[0] = (float) x0;
  out[1] = (float) y0;
  out[2] = (float) x1;
  out[3] = (float) y1;
  out[4] = (float) length;
}

const float *
_cm_map_route_get_leg_summaries (CmMapRoute         *route,
                                 const CmMapContext *ctx)
{
  CmProjectionKind kind = ctx->view.projection;

  if (route->legs[kind] == NULL)
    {
      float *legs = g_new (float, CM_MAP_LEG_SUMMARY * MAX (route->n_legs, 1));

      for (guint l = 0; l < route->n_legs; l++)
        {
          double geo[2 * CM_MAP_SUMMARY_POINTS];
          float xy[2 * CM_MAP_SUMMARY_POINTS];
          CmMapLeg leg;

          _cm_map_leg_init (&leg, route->itinerary, l, l + 1);
          _cm_map_leg_samples (&leg, kind, CM_MAP_LEG_SAMPLES / (CM_MAP_SUMMARY_POINTS - 1), geo, xy);
          _cm_map_summarize_leg (xy, 2, ctx->half_width, legs + CM_MAP_LEG_SUMMARY * l);
        }
      route->legs[kind] = legs;
    }

  return route->legs[kind];
}

/* The length on screen of the part of leg @leg in view (0: none), from
 * five of its samples (_cm_map_route_get_leg_summaries()): a few operations a leg, as
 * every frame asks it of every leg. */
static double
leg_ink (const CmMapContext *ctx,
         const float        *legs,
         guint               leg,
         int                 copy)
{
  const float *l = legs + CM_MAP_LEG_SUMMARY * leg;
  double x0 = _cm_map_context_x (ctx, copy, l[0]), x1 = _cm_map_context_x (ctx, copy, l[2]);
  /* Screen y grows down. */
  double y0 = _cm_map_context_y (ctx, l[3]), y1 = _cm_map_context_y (ctx, l[1]);

  if (x1 < -10 || x0 > ctx->width + 10 || y1 < -10 || y0 > ctx->height + 10)
    return 0;

  return MIN (l[4] * ctx->inv_scale, ctx->width + ctx->height);
}

/* Adds leg @leg of @route in copy @copy to the current path, with as many
 * of its samples as its length on screen needs. */
static void
append_leg (const CmMapContext *ctx,
            CmMapRoute         *route,
            guint               l,
            int                 copy)
{
  double length = leg_ink (ctx, _cm_map_route_get_leg_summaries (route, ctx), l, copy);
  double geo[2 * (CM_MAP_LEG_SAMPLES + 1)];
  float xy[2 * (CM_MAP_LEG_SAMPLES + 1)];
  guint segments, stride = CM_MAP_LEG_SAMPLES, n;
  CmMapLeg leg;

  if (length <= 0)
    return;

  segments = (guint) MIN (ceil (length / SEGMENT_PX), CM_MAP_LEG_SAMPLES);
  while (stride > 1 && CM_MAP_LEG_SAMPLES / stride < segments)
    stride /= 2;

  _cm_map_leg_init (&leg, route->itinerary, l, l + 1);
  n = _cm_map_leg_samples (&leg, ctx->view.projection, stride, geo, xy);
  append_polyline (ctx, copy, geo, xy, n, 1);
}

/* A great circle from stop @a to stop @b, in @n segments sampled here. */
static void
append_sketch_leg (const CmMapContext *ctx,
                   CmMapRoute         *route,
                   guint               a,
                   guint               b,
                   guint               n,
                   int                 copy)
{
  const CmStop *from = cm_itinerary_get_stop (route->itinerary, a);
  const CmStop *to = cm_itinerary_get_stop (route->itinerary, b);
  double geo[2 * (CM_MAP_LEG_SAMPLES + 1)];

  n = MIN (n, CM_MAP_LEG_SAMPLES);
  for (guint i = 0; i <= n; i++)
    cm_great_circle_point (from->lat, from->lon, to->lat, to->lon, (double) i / n,
                           &geo[2 * i], &geo[2 * i + 1]);
  append_polyline (ctx, copy, geo, NULL, n + 1, 1);
}

/* Projected point @f of the way from stop @a to stop @b of @route, along
 * the great circle. */
static void
route_point (CmMapRoute       *route,
             CmProjectionKind  kind,
             guint             a,
             guint             b,
             double            f,
             double           *x,
             double           *y)
{
  const CmStop *from = cm_itinerary_get_stop (route->itinerary, a);
  const CmStop *to = cm_itinerary_get_stop (route->itinerary, b);
  double lat, lon;

  cm_great_circle_point (from->lat, from->lon, to->lat, to->lon, f, &lat, &lon);
  *x = *y = 0;
  cm_projection_forward (kind, lat, lon, x, y);
}

/* Adds the way from kept stop @j of @detail to the next to the current
 * path, with as many points as its length on screen needs. */
static void
append_detail_leg (const CmMapContext     *ctx,
                   CmMapRoute             *route,
                   const CmMapRouteDetail *detail,
                   guint                   j,
                   int                     copy)
{
  guint a = detail->stops[j], b = detail->stops[j + 1];
  double length;

  if (b == a + 1)
    {
      append_leg (ctx, route, a, copy);
      return;
    }

  length = leg_ink (ctx, detail->legs, j, copy);
  if (length > 0)
    append_sketch_leg (ctx, route, a, b,
                       (guint) CLAMP (ceil (length / SEGMENT_PX), 2, CM_MAP_LEG_SAMPLES), copy);
}

/* An arrow at the middle of kept leg @j of @detail, pointing the way. */
static void
append_arrow (const CmMapContext     *ctx,
              CmMapRoute             *route,
              const CmMapRouteDetail *detail,
              guint                   j,
              int                     copy)
{
  guint a = detail->stops[j], b = detail->stops[j + 1];
  double mx, my, x0, y0, x1, y1, x, y, dx, dy, d;

  if (b == a + 1)
    {
      guint mid = CM_MAP_LEG_SAMPLES / 2;
      CmMapLeg leg;

      _cm_map_leg_init (&leg, route->itinerary, a, a + 1);
      leg_projected (&leg, ctx->view.projection, mid, &mx, &my);
      leg_projected (&leg, ctx->view.projection, mid - 2, &x0, &y0);
      leg_projected (&leg, ctx->view.projection, mid + 2, &x1, &y1);
    }
  else
    {
      double f = 2.0 / CM_MAP_LEG_SAMPLES;

      route_point (route, ctx->view.projection, a, b, 0.5, &mx, &my);
      route_point (route, ctx->view.projection, a, b, 0.5 - f, &x0, &y0);
      route_point (route, ctx->view.projection, a, b, 0.5 + f, &x1, &y1);
    }

  x = _cm_map_context_x (ctx, copy, mx);
  y = _cm_map_context_y (ctx, my);
  if (fabs (x1 - x0) > ctx->half_width)
    return;

  dx = (x1 - x0) * ctx->inv_scale;
  dy = -(y1 - y0) * ctx->inv_scale;
  d = sqrt (dx * dx + dy * dy);
  if (d < 1e-6 || x < -10 || x > ctx->width + 10 || y < -10 || y > ctx->height + 10)
    return;
  dx /= d;
  dy /= d;

  /* A chevron-like triangle pointing the way. */
  cairo_move_to (ctx->cr, x + 6 * dx, y + 6 * dy);
  cairo_line_to (ctx->cr, x - 5 * dx + 5 * dy, y - 5 * dy - 5 * dx);
  cairo_line_to (ctx->cr, x - 2.5 * dx, y - 2.5 * dy);
  cairo_line_to (ctx->cr, x - 5 * dx - 5 * dy, y - 5 * dy + 5 * dx);
  cairo_close_path (ctx->cr);
}

/* Strokes kept legs @first to @end of @detail in @state. */
static void
stroke_legs (CmMapRenderer          *self,
             const CmMapContext     *ctx,
             CmMapRoute             *route,
             const CmMapRouteDetail *detail,
             guint                   first,
             guint                   end,
             LegState                state)
{
  cairo_t *cr = ctx->cr;
  if (first >= end)
    return;

  cairo_new_path (cr);
  for (int c = 0; c < ctx->n_copies; c++)
    for (guint j = first; j < end; j++)
      append_detail_leg (ctx, route, detail, j, c);

  /* A halo first, so the route reads on land and water. */
  if (state != LEGS_FUTURE)
    {
      cairo_set_line_width (cr, (state == LEGS_CURRENT ? 4 : ROUTE_WIDTH) + 2.5);
      cm_style_set_source_alpha (cr, &self->style->label_halo, 0.6);
      cairo_stroke_preserve (cr);
    }

  switch (state)
    {
    case LEGS_DONE:
      cairo_set_line_width (cr, ROUTE_WIDTH);
      cm_style_set_source (cr, &self->style->route);
      break;
    case LEGS_CURRENT:
      cairo_set_line_width (cr, 4);
      cm_style_set_source (cr, &self->style->accent);
      break;
    case LEGS_FUTURE:
      {
        static const double dashes[] = { 6, 5 };

        cairo_set_line_width (cr, ROUTE_WIDTH);
        cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        cm_style_set_source_alpha (cr, &self->style->route, FUTURE_ALPHA);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* The stops: rings on the route, under the markers. */
static void
draw_stop_rings (CmMapRenderer      *self,
                 const CmMapContext *ctx)
{
  for (guint b = 0; b < self->badges->len; b++)
    {
      const CmMapBadge *badge = &g_array_index (self->badges, CmMapBadge, b);

      _cm_map_renderer_draw_disc (self, ctx, &(CmMapDisc) {
                                    badge->x, badge->y, 2.5,
                                    &self->style->label_halo, &self->style->route, 2, 1, 0 });
    }
}

void
_cm_map_renderer_draw_routes (CmMapRenderer      *self,
                              const CmMapContext *ctx)
{
  cairo_t *cr = ctx->cr;

  for (guint r = 0; r < self->routes->len; r++)
    {
      CmMapRoute *route = g_ptr_array_index (self->routes, r);
      const CmMapRouteDetail *detail;
      guint current = 0, n_arrows = 0, n_legs, bounds[4];
      gboolean travelling = FALSE, playing;
      double ink;

      if (route->n_legs == 0)
        continue;

      detail = _cm_map_renderer_get_route_detail (self, route, ctx);
      if (detail->n < 2)
        continue;
      n_legs = detail->n - 1;

      /* More than the frame can draw: a sketch through every k-th stop. */
      ink = 0;
      for (int c = 0; c < ctx->n_copies; c++)
        for (guint j = 0; j < n_legs; j++)
          ink += leg_ink (ctx, detail->legs, j, c);
      if (ink > ROUTE_INK_BUDGET)
        {
          guint k = (guint) ceil (ink / ROUTE_INK_BUDGET);

          cairo_save (cr);
          cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
          cairo_new_path (cr);
          for (int c = 0; c < ctx->n_copies; c++)
            for (guint j = 0; j < n_legs; j += k)
              append_sketch_leg (ctx, route, detail->stops[j], detail->stops[MIN (j + k, n_legs)],
                                 SKETCH_SAMPLES, c);
          cairo_set_line_width (cr, 1.5);
          cm_style_set_source_alpha (cr, &self->style->route, 0.6);
          cairo_stroke (cr);
          cairo_restore (cr);
          continue;
        }

      /* The kept legs done (or all), under way and to come: [bounds[i],
       * bounds[i + 1]). A leg is done when it ends at or before the stop
       * the traveller is at or leaves. */
      playing = _cm_map_renderer_get_playback_stage (self, route, &current, &travelling);
      bounds[0] = 0;
      bounds[1] = bounds[2] = bounds[3] = n_legs;
      if (playing)
        {
          guint j = 0;

          while (j < n_legs && detail->stops[j + 1] <= current)
            j++;
          bounds[1] = bounds[2] = j;
          if (travelling && j < n_legs && detail->stops[j] <= current)
            bounds[2] = j + 1;
        }

      stroke_legs (self, ctx, route, detail, bounds[2], bounds[3], LEGS_FUTURE);
      stroke_legs (self, ctx, route, detail, bounds[0], bounds[1], LEGS_DONE);
      stroke_legs (self, ctx, route, detail, bounds[1], bounds[2], LEGS_CURRENT);

      /* Arrows on the legs long enough to hold one, unless too many; the
       * legs to come get faded ones. */
      for (int c = 0; c < ctx->n_copies; c++)
        for (guint j = 0; j < n_legs && n_arrows <= MAX_ARROWS; j++)
          {
            if (leg_ink (ctx, detail->legs, j, c) >= ARROW_MIN_PX)
              n_arrows++;
          }
      if (n_arrows == 0 || n_arrows > MAX_ARROWS)
        continue;

      for (guint pass = 0; pass < 3; pass++)
        {
          double alpha = pass == 2 ? FUTURE_ALPHA : 1;
          const CmColor *color = pass == 1 ? &self->style->accent : &self->style->route;

          if (bounds[pass] >= bounds[pass + 1])
            continue;

          cairo_new_path (cr);
          for (int c = 0; c < ctx->n_copies; c++)
            for (guint j = bounds[pass]; j < bounds[pass + 1]; j++)
              {
                if (leg_ink (ctx, detail->legs, j, c) >= ARROW_MIN_PX)
                  append_arrow (ctx, route, detail, j, c);
              }
          cairo_set_line_width (cr, 2);
          cm_style_set_source_alpha (cr, &self->style->label_halo, alpha);
          cairo_stroke_preserve (cr);
          cm_style_set_source_alpha (cr, color, alpha);
          cairo_fill (cr);
        }
    }

  draw_stop_rings (self, ctx);
}
