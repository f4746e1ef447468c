/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-map-renderer.h"

#include "cm-projection.h"
#include "cm-session.h"

G_BEGIN_DECLS

/* CM_TYPE_PROJECTION_KIND and CM_TYPE_MAP_OUTSIDE_MODE, for properties and
 * settings bindings (nicks: cm_projection_to_string(); "hide", "fade"). */
#include "cm-enums.h"

/* The interactive world map: the events of a CmSession's document that its
 * filter lets through, and the itineraries, drawn by CmMapRenderer, in sync
 * with the session's viewport (events outside its time window hidden or
 * faded, the selection highlighted and followed), with the travelling
 * marker of its playback while that has an itinerary.
 *
 * Actions (group "map"): map.zoom-in, map.zoom-out, map.fit,
 * map.projection (string state: "natural-earth", "web-mercator",
 * "equirectangular"), map.outside-mode (string state: "hide", "fade").
 * Keys while focused: + and − zoom, arrows pan, Home fits the events the
 * filter lets through (clear of the on-map controls), Space plays or
 * pauses the playback. Playing from farther out frames the itinerary. */

#define CM_TYPE_MAP_VIEW (cm_map_view_get_type ())
G_DECLARE_FINAL_TYPE (CmMapView, cm_map_view, CM, MAP_VIEW, GtkWidget)

GtkWidget        *cm_map_view_new              (void);

CmSession        *cm_map_view_get_session      (CmMapView        *self);
void              cm_map_view_set_session      (CmMapView        *self,
                                                CmSession        *session);
CmProjectionKind  cm_map_view_get_projection   (CmMapView        *self);
void              cm_map_view_set_projection   (CmMapView        *self,
                                                CmProjectionKind  projection);
CmMapOutsideMode  cm_map_view_get_outside_mode (CmMapView        *self);
void              cm_map_view_set_outside_mode (CmMapView        *self,
                                                CmMapOutsideMode  mode);

/* The part of the world shown, e.g. to export the map as it is seen. */
void              cm_map_view_get_frame        (CmMapView        *self,
                                                CmMapFrame       *frame);
void              cm_map_view_set_frame        (CmMapView        *self,
                                                const CmMapFrame *frame,
                                                gboolean          animate);
/* Shows every event with coordinates that passes the session's filter,
 * clear of the on-map controls. */
void              cm_map_view_fit              (CmMapView        *self,
                                                gboolean          animate);
/* Shows the places of the story (see cm_framing_story()): what a document
 * opens on. */
void              cm_map_view_show_story       (CmMapView        *self,
                                                gboolean          animate);
/* Zooms by @factor (> 1: closer) keeping the point at widget coordinates
 * (@x, @y) where it is. */
void              cm_map_view_zoom_at          (CmMapView        *self,
                                                double            factor,
                                                double            x,
                                                double            y,
                                                gboolean          animate);

G_END_DECLS
