/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-itinerary.h"
#include "cm-map-context.h"
#include "cm-map-renderer-private.h"

G_BEGIN_DECLS

/* One itinerary group drawn as a route. Each leg is sampled at
 * CM_MAP_LEG_SAMPLES + 1 points along its great circle. */
#define CM_MAP_LEG_SAMPLES 64

/* What leg_ink() needs of each leg, in projected units, once per
 * projection: the box of CM_MAP_SUMMARY_POINTS of its samples and the
 * length through them (steps that jump across the wrap left out). */
#define CM_MAP_LEG_SUMMARY 5
#define CM_MAP_SUMMARY_POINTS 5

/* What a frame draws of a route at one zoom level: the stops that match
 * the filter, less those closer than SIMPLIFY_PX to the stop kept before
 * them (the first and the last always kept), with the box and length of
 * each leg between two kept stops. Built once per projection, level and
 * filter result, in a thread with an asynchronous scene (see
 * cm-map-renderer-route-detail.c). */
typedef struct
{
  CmProjectionKind projection;
  int              level;             /* px per projected unit ≤ 2^level */
  guint            matches_serial;
  guint            n_matched;
  guint           *matched;           /* the stops with an event that matches, ascending */
  guint            n;                 /* kept stops */
  guint           *stops;             /* their indices, ascending */
  guint           *from;              /* n + 1: where each one's run starts in matched */
  float           *legs;              /* n - 1 summaries, see leg_ink() */
} CmMapRouteDetail;

/* A leg's great circle, with the vectors worked out once: its
 * CM_MAP_LEG_SAMPLES + 1 points (cm_great_circle_point()) are computed
 * when drawn, as many as needed, rather than kept for every leg. */
typedef struct
{
  const CmStop *from, *to;
  double        a[3], b[3];
  double        sin_omega, omega;
} CmMapLeg;

#define CM_MAP_ROUTE_DETAILS 2

typedef struct
{
  guint        group;
  CmItinerary *itinerary;
  guint        n_legs;                /* n_stops - 1, or 0 */
  float       *stops[CM_N_PROJECTIONS];     /* x, y of the stops; NULL until used */
  float       *legs[CM_N_PROJECTIONS];      /* each leg's box and length, see leg_ink() */
  CmMapRouteDetail *details[CM_MAP_ROUTE_DETAILS]; /* most recently used first */
  gboolean     building;              /* a detail is being built in a thread */
} CmMapRoute;

/* The numbers of the stops drawn at one place. */
typedef struct
{
  double   x, y;                      /* the place */
  double   half_width, half_height;   /* the pill with the numbers, above it */
  guint    route;                     /* index in routes */
  guint    first_stop;                /* 0-based */
  guint    last_stop;
  guint    n_stops;
  guint    numbers[2];
  gboolean current;                   /* holds the playback's stop */
  gboolean numbered;                  /* FALSE: its pill would cover a cluster, a dot */
  double   raise;                     /* of the pill above the stop */
  char     text[32];
} CmMapBadge;

void     _cm_map_route_free            (gpointer            data);
void     _cm_map_route_detail_free     (CmMapRouteDetail   *detail);
void     _cm_map_leg_init              (CmMapLeg           *leg,
                                        CmItinerary        *itinerary,
                                        guint               a,
                                        guint               b);
/* Every @stride-th sample of @leg, from 0 to CM_MAP_LEG_SAMPLES: in
 * degrees into @geo and projected into @xy; returns how many. */
guint    _cm_map_leg_samples           (const CmMapLeg     *leg,
                                        CmProjectionKind    kind,
                                        guint               stride,
                                        double             *geo,
                                        float              *xy);
void     _cm_map_summarize_leg         (const float        *p,
                                        guint               stride,
                                        double              half_width,
                                        float              *out);
/* Each leg's summary in the projection of @ctx (made on first use). */
const float *_cm_map_route_get_leg_summaries (CmMapRoute         *route,
                                              const CmMapContext *ctx);
/* The detail of @route for the frame of @ctx: built now with a synchronous
 * scene; with an asynchronous one, built in a thread while the nearest
 * detail built already (or none: nothing drawn) stands in. */
const CmMapRouteDetail *_cm_map_renderer_get_route_detail (CmMapRenderer      *self,
                                                           CmMapRoute         *route,
                                                           const CmMapContext *ctx);
void     _cm_map_renderer_build_routes (CmMapRenderer      *self);
/* The stops of @route projected with @kind (made on first use). */
const float *_cm_map_route_get_projected_stops (CmMapRoute       *route,
                                                CmProjectionKind  kind);
/* Where the playback is on @route: legs before @current are done. */
gboolean _cm_map_renderer_get_playback_stage (CmMapRenderer *self,
                                              CmMapRoute    *route,
                                              guint         *current,
                                              gboolean      *travelling);
void     _cm_map_renderer_draw_routes  (CmMapRenderer      *self,
                                        const CmMapContext *ctx);
void     _cm_map_renderer_layout_stops (CmMapRenderer      *self,
                                        const CmMapContext *ctx);
void     _cm_map_renderer_draw_stops   (CmMapRenderer      *self,
                                        const CmMapContext *ctx);

G_END_DECLS
