/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-core.h"
#include "cm-map-renderer-routes.h"

/* The detail of a route for a projection, a zoom level and a filter
 * result (see CmMapRouteDetail): which stops match, which of those are
 * kept at that zoom, and the summary of each leg between two kept stops.
 *
 * A detail is made from its input alone: the itinerary and the filter
 * result, both immutable, and copies of the route's projected stops and
 * leg summaries. A new filter result at a million events walks tens of
 * thousands of stops and works out the great circle between each kept
 * stop and the next (5 to 16 ms), so with an asynchronous scene (the
 * widget) a thread makes it and frames do not wait: until it is ready
 * they draw the nearest detail made already (of the filter result before,
 * or of another zoom level), or no route at all. Otherwise (tests,
 * export) it is made at once. */

/* Stops closer than this to the one kept before them are dropped. */
#define SIMPLIFY_PX 2.0

typedef struct
{
  CmItinerary      *itinerary;
  CmMatchSet       *matches;          /* nullable: every event */
  CmProjectionKind  projection;
  int               level;
  guint             matches_serial;
  double            half_width;
  const float      *xy;               /* the stops projected */
  const float      *legs;             /* the legs' summaries */
  float            *owned_xy;         /* copies, for a thread */
  float            *owned_legs;
  CmMapRoute       *route;            /* compared only, on the main thread */
  guint             routes_generation;
} DetailInput;

static const CmMapRouteDetail no_detail = { 0 };

void
_cm_map_route_detail_free (CmMapRouteDetail *detail)
{
  if (detail == NULL)
    return;

  g_free (detail->matched);
  g_free (detail->stops);
  g_free (detail->from);
  g_free (detail->legs);
  g_free (detail);
}

static void
detail_input_free (gpointer data)
{
  DetailInput *input = data;

  g_clear_pointer (&input->itinerary, cm_itinerary_unref);
  g_clear_pointer (&input->matches, cm_match_set_unref);
  g_free (input->owned_xy);
  g_free (input->owned_legs);
  g_free (input);
}

/* The detail of @input: uses nothing else, so runs in any thread. */
static CmMapRouteDetail *
build_detail (const DetailInput *input)
{
  CmMapRouteDetail *detail = g_new0 (CmMapRouteDetail, 1);
  guint n_stops = cm_itinerary_get_n_stops (input->itinerary);
  double tolerance = SIMPLIFY_PX * ldexp (1, -input->level);
  const float *xy = input->xy;
  guint n;

  detail->projection = input->projection;
  detail->level = input->level;
  detail->matches_serial = input->matches_serial;
  detail->matched = g_new (guint, MAX (n_stops, 1));
  detail->n_matched = cm_itinerary_get_matched_stops (input->itinerary, input->matches,
                                                      detail->matched);
  n = detail->n_matched;
  detail->stops = g_new (guint, MAX (n, 1));
  detail->from = g_new (guint, n + 1);

  for (guint i = 0; i < n; i++)
    {
      guint s = detail->matched[i];

      if (detail->n > 0 && i + 1 < n)
        {
          guint last = detail->stops[detail->n - 1];
          double dx = xy[2 * s] - xy[2 * last], dy = xy[2 * s + 1] - xy[2 * last + 1];

          if (dx * dx + dy * dy < tolerance * tolerance)
            continue;
        }
      detail->stops[detail->n] = s;
      detail->from[detail->n] = i;
      detail->n++;
    }
  detail->from[detail->n] = n;

  detail->legs = g_new (float, CM_MAP_LEG_SUMMARY * MAX (detail->n, 1));
  for (guint j = 0; j + 1 < detail->n; j++)
    {
      guint a = detail->stops[j], b = detail->stops[j + 1];
      double geo[2 * CM_MAP_SUMMARY_POINTS];
      float p[2 * CM_MAP_SUMMARY_POINTS];
      CmMapLeg leg;

      if (b == a + 1)
        {
          memcpy (detail->legs + CM_MAP_LEG_SUMMARY * j, input->legs + CM_MAP_LEG_SUMMARY * a,
                  CM_MAP_LEG_SUMMARY * sizeof (float));
          continue;
        }
      /* Straight from one kept stop to the next, along the great circle. */
      _cm_map_leg_init (&leg, input->itinerary, a, b);
      _cm_map_leg_samples (&leg, input->projection, CM_MAP_LEG_SAMPLES / (CM_MAP_SUMMARY_POINTS - 1),
                           geo, p);
      _cm_map_summarize_leg (p, 2, input->half_width, detail->legs + CM_MAP_LEG_SUMMARY * j);
    }

  return detail;
}

/* The input for @route's detail in the frame of @ctx at @level; with
 * @copy, the route's arrays copied (for a thread). */
static DetailInput *
detail_input_new (CmMapRenderer      *self,
                  CmMapRoute         *route,
                  const CmMapContext *ctx,
                  int                 level,
                  gboolean            copy)
{
  DetailInput *input = g_new0 (DetailInput, 1);
  CmProjectionKind kind = ctx->view.projection;
  guint n_stops = cm_itinerary_get_n_stops (route->itinerary);

  input->itinerary = cm_itinerary_ref (route->itinerary);
  input->matches = self->matches != NULL && self->store != NULL ? cm_match_set_ref (self->matches) : NULL;
  input->projection = kind;
  input->level = level;
  input->matches_serial = self->markers.matches_serial;
  input->half_width = ctx->half_width;
  input->xy = _cm_map_route_get_projected_stops (route, kind);
  input->legs = _cm_map_route_get_leg_summaries (route, ctx);
  input->route = route;
  input->routes_generation = self->routes_generation;
  if (copy)
    {
      input->owned_xy = g_memdup2 (input->xy, 2 * sizeof (float) * MAX (n_stops, 1));
      input->owned_legs = g_memdup2 (input->legs, CM_MAP_LEG_SUMMARY * sizeof (float) * MAX (route->n_legs, 1));
      input->xy = input->owned_xy;
      input->legs = input->owned_legs;
    }

  return input;
}

/* Keeps @detail as @route's most recently used, dropping the least. */
static void
add_detail (CmMapRenderer    *self,
            CmMapRoute       *route,
            CmMapRouteDetail *detail)
{
  self->details_serial++;
  _cm_map_route_detail_free (route->details[CM_MAP_ROUTE_DETAILS - 1]);
  memmove (&route->details[1], &route->details[0],
           (CM_MAP_ROUTE_DETAILS - 1) * sizeof (CmMapRouteDetail *));
  route->details[0] = detail;
}

static void
build_detail_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  cm_core_lower_thread_priority ();
  g_task_return_pointer (task, build_detail (task_data), (GDestroyNotify) _cm_map_route_detail_free);
}

static void
detail_built_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CmMapRenderer *self = CM_MAP_RENDERER (source);
  const DetailInput *input = g_task_get_task_data (G_TASK (result));
  CmMapRouteDetail *detail = g_task_propagate_pointer (G_TASK (result), NULL);

  /* The routes it was for are still drawn: the route is still there. */
  if (detail == NULL || self->routes == NULL || input->routes_generation != self->routes_generation
      || !g_ptr_array_find (self->routes, input->route, NULL))
    {
      _cm_map_route_detail_free (detail);
      return;
    }

  input->route->building = FALSE;
  add_detail (self, input->route, detail);
  _cm_map_renderer_emit_changed (self);
}

/* Builds @route's detail in a thread, unless one is being built already
 * (the frame after it asks again). */
static void
start_build (CmMapRenderer      *self,
             CmMapRoute         *route,
             const CmMapContext *ctx,
             int                 level)
{
  g_autoptr(GTask) task = NULL;

  if (route->building)
    return;

  route->building = TRUE;
  task = g_task_new (self, NULL, detail_built_cb, NULL);
  g_task_set_source_tag (task, start_build);
  g_task_set_name (task, "[chronomap] route detail");
  g_task_set_task_data (task, detail_input_new (self, route, ctx, level, TRUE), detail_input_free);
  g_task_run_in_thread (task, build_detail_thread);
}

const CmMapRouteDetail *
_cm_map_renderer_get_route_detail (CmMapRenderer      *self,
                                   CmMapRoute         *route,
                                   const CmMapContext *ctx)
{
  int level = (int) ceil (log2 (ctx->inv_scale));
  guint serial = self->markers.matches_serial;
  CmMapRouteDetail *best = NULL;
  guint best_index = 0;
  int best_score = G_MAXINT;

  /* The one of this frame, else the nearest: of this filter result at
   * another level, else of an earlier one. */
  for (guint d = 0; d < CM_MAP_ROUTE_DETAILS; d++)
    {
      CmMapRouteDetail *detail = route->details[d];
      int score;

      if (detail == NULL || detail->projection != ctx->view.projection)
        continue;

      score = ABS (detail->level - level) + (detail->matches_serial != serial ? 1024 : 0);
      if (score < best_score)
        {
          best = detail;
          best_index = d;
          best_score = score;
        }
    }

  if (best_score == 0)
    {
      /* The most recently used goes first. */
      memmove (&route->details[1], &route->details[0], best_index * sizeof (CmMapRouteDetail *));
      route->details[0] = best;
      return best;
    }

  if (self->scene_async)
    {
      start_build (self, route, ctx, level);
      return best != NULL ? best : &no_detail;
    }

  {
    DetailInput *input = detail_input_new (self, route, ctx, level, FALSE);

    best = build_detail (input);
    detail_input_free (input);
    add_detail (self, route, best);
  }

  return best;
}
