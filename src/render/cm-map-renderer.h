/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "cm-document.h"
#include "cm-match-set.h"
#include "cm-projection.h"
#include "cm-style.h"
#include "cm-time.h"

G_BEGIN_DECLS

/* Draws the offline world map (Natural Earth land, borders, graticule,
 * country names), the events with coordinates as markers (clustered where
 * they overlap), and each itinerary group as a route of great-circle arcs
 * with direction arrows and numbered stops, into any cairo_t. The map
 * widget calls it on the snapshot, export on PNG/SVG/PDF surfaces. */

#define CM_TYPE_MAP_RENDERER (cm_map_renderer_get_type ())
G_DECLARE_FINAL_TYPE (CmMapRenderer, cm_map_renderer, CM, MAP_RENDERER, GObject)

/* The part of the world shown: projected (x, y) of the frame's centre and
 * projected units per pixel. */
typedef struct
{
  CmProjectionKind projection;
  double           center_x;
  double           center_y;
  double           scale;       /* projected units per pixel (smaller = closer) */
} CmMapFrame;

typedef enum
{
  CM_MAP_HIT_NONE,
  CM_MAP_HIT_EVENT,    /* position, serial */
  CM_MAP_HIT_CLUSTER,  /* count, lat/lon of its centre: zoom there */
  CM_MAP_HIT_STOP,     /* an itinerary stop: position, serial, group, stop (1-based) */
} CmMapHitKind;

typedef struct
{
  CmMapHitKind kind;
  guint        position;
  guint        serial;
  guint        group;
  guint        stop;
  guint        count;
  double       lat;
  double       lon;
} CmMapHit;

typedef enum
{
  CM_MAP_OUTSIDE_HIDE,   /* events outside the time window are not drawn */
  CM_MAP_OUTSIDE_FADE,   /* … are drawn faded */
} CmMapOutsideMode;

CmMapRenderer *cm_map_renderer_new              (void);

void           cm_map_renderer_set_document     (CmMapRenderer    *self,
                                                 CmDocument       *document);
void           cm_map_renderer_set_matches      (CmMapRenderer    *self,
                                                 CmMatchSet       *matches);
void           cm_map_renderer_set_style        (CmMapRenderer    *self,
                                                 const CmStyle    *style);
/* The language of the place names ("fr", "fr_FR.UTF-8"; NULL: English),
 * where the gazetteer has them in it; by default the process's first
 * (g_get_language_names()): the window's and the export's. */
void           cm_map_renderer_set_language     (CmMapRenderer    *self,
                                                 const char       *language);
const char    *cm_map_renderer_get_language     (CmMapRenderer    *self);
/* The name the map gives the gazetteer's place @place
 * (cm_gazetteer_get_place()) and the basemap's country @country
 * (cm_basemap_get_country()) in the renderer's language. */
const char    *cm_map_renderer_get_place_label  (CmMapRenderer    *self,
                                                 guint             place);
const char    *cm_map_renderer_get_country_label (CmMapRenderer   *self,
                                                  guint            country);
/* For a map drawn again and again (the widget): the basemap (water, land,
 * borders, coasts, graticule) is kept in an image a little larger than the
 * frame, and frames at the same scale that only pan copy from it, to the
 * nearest device pixel. Used when drawing into an image surface without
 * rotation or scaling; other targets (PDF, SVG, recordings) get vectors.
 * Off by default. */
void           cm_map_renderer_set_basemap_cache (CmMapRenderer   *self,
                                                  gboolean         enabled);
/* For a map drawn again and again (the widget): what takes long to build
 * (the cluster grid of a new zoom level or filter result) is built in a
 * thread, frames drawing with what is built until then, and the "changed"
 * signal asks for a new frame when it is ready. Off by default: each
 * render() is then complete and deterministic (tests, export). */
void           cm_map_renderer_set_scene_async  (CmMapRenderer    *self,
                                                 gboolean          async);
void           cm_map_renderer_set_selection    (CmMapRenderer    *self,
                                                 guint             serial);
void           cm_map_renderer_set_hover        (CmMapRenderer    *self,
                                                 guint             serial);
/* With @overlay, render() leaves the hover ring out and
 * cm_map_renderer_render_hover() draws it alone, over the last frame: a
 * window redraws it as the pointer moves without rendering the map again. */
void           cm_map_renderer_set_hover_overlay (CmMapRenderer    *self,
                                                  gboolean          overlay);
void           cm_map_renderer_render_hover     (CmMapRenderer    *self,
                                                 cairo_t          *cr);
/* A drag's preview (see cm_viewport_set_preview()), over the last frame:
 * the event @serial's marker at (@lat, @lon), highlighted, with its
 * title, and its place in the frame faded. @lat NAN: only the old place
 * faded. */
void           cm_map_renderer_render_preview   (CmMapRenderer    *self,
                                                 cairo_t          *cr,
                                                 guint             serial,
                                                 double            lat,
                                                 double            lon);
/* The timeline's visible window: events outside are hidden or faded. */
void           cm_map_renderer_set_time_window  (CmMapRenderer    *self,
                                                 CmTime            start,
                                                 CmTime            end);
void           cm_map_renderer_set_outside_mode (CmMapRenderer    *self,
                                                 CmMapOutsideMode  mode);
/* Playback: a travelling marker on @group's route at @time, and the stage
 * under way highlighted. CM_NONE / CM_TIME_INVALID: none. */
void           cm_map_renderer_set_playback     (CmMapRenderer    *self,
                                                 guint             group,
                                                 CmTime            time);

void           cm_map_renderer_render           (CmMapRenderer    *self,
                                                 cairo_t          *cr,
                                                 double            width,
                                                 double            height,
                                                 const CmMapFrame  *view);
gboolean       cm_map_renderer_hit_test         (CmMapRenderer    *self,
                                                 double            x,
                                                 double            y,
                                                 CmMapHit         *hit);

/* Where the event is drawn in the last frame: FALSE when it is not drawn
 * on its own (filtered, outside the frame, hidden, or in a cluster). */
gboolean       cm_map_renderer_get_event_point  (CmMapRenderer    *self,
                                                 guint             serial,
                                                 double           *x,
                                                 double           *y);

/* The events the cluster @hit of the last frame stands for, their store
 * positions in order into @positions (a GArray of guint). Returns whether
 * they are all at one place: less than a cluster's cell apart at
 * @finest_scale (the deepest zoom), so that zooming in cannot separate
 * them. A pass over the markers: for a click, not for every frame. */
gboolean       cm_map_renderer_get_cluster_events (CmMapRenderer  *self,
                                                   const CmMapHit *hit,
                                                   double          finest_scale,
                                                   GArray         *positions);

/* A rectangle of the frame, in its units. */
typedef struct
{
  double   x, y, width, height;
  gboolean label;       /* a text placed where it was free (event, city or
                         * country names); else what texts keep clear of */
} CmMapBox;

/* Rectangles of the frame that no label goes under: the controls a view
 * lays over the map (copied; NULL or 0: none). */
void           cm_map_renderer_set_keep_out     (CmMapRenderer    *self,
                                                 const CmMapBox   *boxes,
                                                 guint             n_boxes);
/* What the last frame kept room for: its labels, and what they keep clear
 * of (the keep-out rectangles, clusters, markers, stop badges, the
 * selected event's title). No label overlaps another box; the hovered
 * event's title is drawn over them all. Valid until the next render. */
const CmMapBox *cm_map_renderer_get_boxes       (CmMapRenderer    *self,
                                                 guint            *n_boxes);

/* A view showing every event with coordinates (or the world when none). */
void           cm_map_frame_fit_events           (CmMapFrame        *view,
                                                 CmDocument       *document,
                                                 CmProjectionKind  projection,
                                                 double            width,
                                                 double            height);
/* A view showing the box from (@min_lat, @min_lon) to (@max_lat, @max_lon),
 * with a margin; @min_lon > @max_lon is a box across ±180°. */
void           cm_map_frame_fit_bounds           (CmMapFrame        *view,
                                                 CmProjectionKind  projection,
                                                 double            min_lat,
                                                 double            min_lon,
                                                 double            max_lat,
                                                 double            max_lon,
                                                 double            width,
                                                 double            height);
/* As cm_map_frame_fit_bounds(), with some land around a box smaller than
 * a few degrees (one place). */
void           cm_map_frame_fit_area             (CmMapFrame        *view,
                                                 CmProjectionKind  projection,
                                                 double            min_lat,
                                                 double            min_lon,
                                                 double            max_lat,
                                                 double            max_lon,
                                                 double            width,
                                                 double            height);
/* Screen position of a point in a frame of that size, and back. With the
 * cylindrical projections the world repeats side by side: to_screen()
 * gives the copy nearest the centre, from_screen() wraps the longitude. */
void           cm_map_frame_to_screen            (const CmMapFrame  *view,
                                                 double            width,
                                                 double            height,
                                                 double            lat,
                                                 double            lon,
                                                 double           *sx,
                                                 double           *sy);
gboolean       cm_map_frame_from_screen          (const CmMapFrame  *view,
                                                 double            width,
                                                 double            height,
                                                 double            sx,
                                                 double            sy,
                                                 double           *lat,
                                                 double           *lon);

G_END_DECLS
