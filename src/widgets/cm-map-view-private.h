/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-view.h"

G_BEGIN_DECLS

struct _CmMapView
{
  GtkWidget           parent_instance;

  CmDocument         *document;
  CmViewport         *viewport;
  CmEventFilter      *filter;
  CmPlayback         *playback;
  GSignalGroup       *document_signals;
  GSignalGroup       *store_signals;
  GSignalGroup       *viewport_signals;
  GSignalGroup       *filter_signals;
  GSignalGroup       *playback_signals;

  CmMapRenderer      *renderer;
  GskRenderNode      *node;            /* the rendered map, until invalidated */
  CmMapFrame          frame;
  CmMapOutsideMode    outside_mode;
  gboolean            dark;

  /* Input */
  double              pointer_x;       /* last position of the pointer over the map */
  double              pointer_y;
  gboolean            has_pointer;
  guint               hover;           /* serial under the pointer, or CM_NONE */
  double              drag_center_x;   /* frame centre when a drag began */
  double              drag_center_y;
  double              pinch_scale;     /* frame scale when a pinch began */
  gboolean            selecting;       /* the selection comes from a click here */
  gboolean            dragging;        /* a drag went past the threshold */

  /* Animation of the frame: from → to, eased, on the frame clock; with an
   * anchor, the projected point (anchor_x, anchor_y) stays at the screen
   * point (anchor_sx, anchor_sy) all the way. */
  guint               tick_id;
  gint64              animation_start; /* µs, 0 until the first frame */
  CmMapFrame          animation_from;
  CmMapFrame          animation_to;
  gboolean            animation_anchored;
  double              anchor_x, anchor_y;
  double              anchor_sx, anchor_sy;

  guint               fit_pending : 1; /* fit once the widget has a size */

  /* Itinerary of the last stop hovered, for its tooltip. */
  CmItinerary        *tooltip_itinerary;

  /* Actions and on-map controls (cm-map-view-actions.c) */
  GSimpleActionGroup *actions;
  GtkWidget          *controls;
};

/* cm-map-view.c */
void      _cm_map_view_stop_animation   (CmMapView *self);
void      _cm_map_view_pan_by           (CmMapView *self,
                                         double     dx,
                                         double     dy);
gboolean  _cm_map_view_is_animating     (CmMapView *self);
void      _cm_map_view_get_scale_limits (CmMapView        *self,
                                         CmProjectionKind  projection,
                                         double           *min_scale,
                                         double           *max_scale);
/* The renderer, for tests (hit-testing what is on screen). */
CmMapRenderer *_cm_map_view_get_renderer (CmMapView *self);

/* cm-map-view-actions.c */
void      _cm_map_view_class_init_actions (GtkWidgetClass *widget_class);
void      _cm_map_view_init_actions       (CmMapView      *self);
void      _cm_map_view_update_actions     (CmMapView      *self);

G_END_DECLS
