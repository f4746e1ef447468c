/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-view.h"

#include "cm-edit-drag.h"
#include "cm-framing.h"
#include "cm-session-signals.h"

G_BEGIN_DECLS

struct _CmMapView
{
  GtkWidget           parent_instance;

  CmSession          *session;
  CmDocument         *document;        /* the session's */
  CmViewport         *viewport;        /* the session's */
  CmPlayback         *playback;        /* the session's */
  CmSessionSignals    signals;

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

  /* Drag a marker to move its event (cm-map-view-drag.c) */
  CmEditDrag          edit;
  double              edit_x;          /* the marker on screen at the press */
  double              edit_y;

  /* Right-click or long press: "Add Event Here" */
  GtkWidget          *context_popover;

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
  guint               fit_story : 1;   /* … on the story, not on every match */

  /* Itinerary of the last stop hovered, for its tooltip. */
  CmItinerary        *tooltip_itinerary;

  /* Actions and on-map controls (cm-map-view-actions.c) */
  GSimpleActionGroup *actions;
  GtkWidget          *controls;
  GtkWidget          *place_entry;   /* the place search */

  /* The events of a cluster at one place, to choose from (cm-map-view-input.c) */
  GtkWidget          *cluster_popover;
};

/* @popover while shown, else NULL. */
static inline GtkWidget *
_cm_map_view_shown_popover (GtkWidget *popover)
{
  return popover != NULL && gtk_widget_get_visible (popover) ? popover : NULL;
}

/* cm-map-view.c */
/* The renderer, for tests (hit-testing what is on screen). */
CmMapRenderer *_cm_map_view_get_renderer (CmMapView *self);

/* cm-map-view-frame.c */
/* Drops the drawn map and queues a redraw. */
void      _cm_map_view_invalidate       (CmMapView *self);
/* The widget's size, px (at least 1). */
void      _cm_map_view_get_size         (CmMapView *self,
                                         double    *width,
                                         double    *height);
/* From the whole world in the widget to street level. */
void      _cm_map_view_get_scale_limits (CmMapView        *self,
                                         CmProjectionKind  projection,
                                         double           *min_scale,
                                         double           *max_scale);
/* Clamps @frame to the view's zoom limits and keeps it on the world. */
void      _cm_map_view_clamp_frame      (CmMapView  *self,
                                         CmMapFrame *frame);
/* Shows @frame (clamped to the view's limits) at once. */
void      _cm_map_view_apply_frame      (CmMapView        *self,
                                         const CmMapFrame *frame);
/* Projected point under the widget point (@sx, @sy) in @frame. */
void      _cm_map_view_screen_to_world  (CmMapView        *self,
                                         const CmMapFrame *frame,
                                         double            sx,
                                         double            sy,
                                         double           *x,
                                         double           *y);
/* The frame of scale @scale in which the projected point (@x, @y) is at the
 * widget point (@sx, @sy). */
void      _cm_map_view_anchor_frame     (CmMapView  *self,
                                         CmMapFrame *frame,
                                         double      scale,
                                         double      x,
                                         double      y,
                                         double      sx,
                                         double      sy);
/* Whether the widget has a size yet. */
gboolean  _cm_map_view_is_allocated     (CmMapView *self);
/* Width of the on-map controls' column on the right, with room to spare:
 * what fits and reveals keep clear of. */
double    _cm_map_view_get_right_inset  (CmMapView *self);
/* The frame showing @framing's places in the part of the widget left of
 * the controls (the whole world without places). */
void      _cm_map_view_fit_framing      (CmMapView       *self,
                                         const CmFraming *framing,
                                         CmMapFrame      *frame);
/* Whether (@lat, @lon) is on screen, at least @margin px inside the edges
 * and left of the controls. */
gboolean  _cm_map_view_point_on_screen  (CmMapView *self,
                                         double     lat,
                                         double     lon,
                                         double     margin);
/* Whether animations are on and the widget is mapped. */
gboolean  _cm_map_view_animations_enabled (CmMapView *self);
/* Animates the frame from the current one to @to (already clamped). */
void      _cm_map_view_start_animation  (CmMapView        *self,
                                         const CmMapFrame *to);
/* Stops the frame animation, where it is. */
void      _cm_map_view_stop_animation   (CmMapView *self);
/* Whether the frame is being animated. */
gboolean  _cm_map_view_is_animating     (CmMapView *self);
/* Goes to @target, animated when @animate and animations are on. */
void      _cm_map_view_animate_to       (CmMapView        *self,
                                         const CmMapFrame *target,
                                         gboolean          animate);
/* Centres the map on (@lat, @lon) in the part left of the controls, animated. */
void      _cm_map_view_animate_to_point (CmMapView *self,
                                         double     lat,
                                         double     lon);
/* Draws the map into the cached node when it has none. */
void      _cm_map_view_ensure_node      (CmMapView *self);

/* cm-map-view-search.c */
GtkWidget *_cm_map_view_create_place_search (CmMapView  *self);
/* Frames the place @text names (town, region or country); FALSE when the
 * offline gazetteer does not know it. */
gboolean   _cm_map_view_find_place          (CmMapView  *self,
                                             const char *text,
                                             gboolean    animate);

/* cm-map-view-input.c */
/* The events a cluster stands for, and where they lie. */
typedef struct
{
  guint    first;       /* earliest event, or CM_NONE */
  double   min_lat, min_lon, max_lat, max_lon;
  gboolean one_place;   /* zooming in cannot separate them */
} CmMapClusterInfo;

/* What is under the widget point (@x, @y). */
gboolean  _cm_map_view_hit_test         (CmMapView      *self,
                                         double          x,
                                         double          y,
                                         CmMapHit       *hit);
/* The events a cluster stands for (see cm_map_renderer_get_cluster_events()),
 * their store positions in order into @positions unless NULL. */
void      _cm_map_view_collect_cluster  (CmMapView        *self,
                                         const CmMapHit   *hit,
                                         CmMapClusterInfo *info,
                                         GArray           *positions);
/* Whether the cluster's events are all at the same place. */
gboolean  _cm_map_view_cluster_is_one_place (const CmMapClusterInfo *info);
/* Moves the map by (@dx, @dy) px. */
void      _cm_map_view_pan_by           (CmMapView *self,
                                         double     dx,
                                         double     dy);
/* Adds the gestures and event controllers; Enter. */
void      _cm_map_view_init_input       (CmMapView  *self);
void      _cm_map_view_class_init_input (GtkWidgetClass *widget_class);
/* Names the map after the selected event ("Map" when none is). */
void      _cm_map_view_update_accessible_label (CmMapView *self);
/* Opens what is under the widget point (@x, @y): selects an event, zooms
 * into a cluster, or lists the events of a cluster at one place. FALSE
 * when nothing is there. */
gboolean  _cm_map_view_open_at          (CmMapView *self,
                                         double     x,
                                         double     y);
/* The popover listing a cluster's events, while shown, or NULL. */
GtkWidget *_cm_map_view_get_cluster_popover (CmMapView *self);

/* cm-map-view-drag.c */
/* A press at (@x, @y): TRUE when it is on an event's own marker, which a
 * drag then moves (the map stays). */
gboolean  _cm_map_view_edit_press       (CmMapView  *self,
                                         double      x,
                                         double      y);
/* The drag from that press is (@offset_x, @offset_y) px long: the event's
 * place follows the pointer. FALSE when the press was on no marker. */
gboolean  _cm_map_view_edit_update      (CmMapView  *self,
                                         GtkGesture *gesture,
                                         double      offset_x,
                                         double      offset_y);
/* The release: the move is one step of the history. FALSE when the press
 * was on no marker. */
gboolean  _cm_map_view_edit_release     (CmMapView  *self);
/* Escape: puts the event back. FALSE when no marker is being dragged. */
gboolean  _cm_map_view_edit_cancel      (CmMapView  *self);
/* Forgets the drag (another session is shown), keeping the move so far. */
void      _cm_map_view_edit_reset       (CmMapView  *self);
/* Whether a marker is being dragged (past the threshold). */
gboolean  _cm_map_view_is_editing       (CmMapView  *self);
/* The right-click and long-press menu; Escape. */
void      _cm_map_view_init_edit        (CmMapView  *self);
void      _cm_map_view_class_init_edit  (GtkWidgetClass *widget_class);
/* Shows the menu of the map point (@x, @y): FALSE off the world. */
gboolean  _cm_map_view_show_context_menu (CmMapView *self,
                                          double     x,
                                          double     y);
/* The menu while shown, or NULL. */
GtkWidget *_cm_map_view_get_context_popover (CmMapView *self);

/* cm-map-view-tooltip.c */
gboolean  _cm_map_view_query_tooltip    (GtkWidget  *widget,
                                         int         x,
                                         int         y,
                                         gboolean    keyboard_mode,
                                         GtkTooltip *tooltip);

/* cm-map-view-actions.c */
void      _cm_map_view_class_init_actions (GtkWidgetClass *widget_class);
void      _cm_map_view_init_actions       (CmMapView      *self);
void      _cm_map_view_update_actions     (CmMapView      *self);
GtkWidget *_cm_map_view_new_osd_menu_button (const char    *icon_name,
                                             const char    *label);

G_END_DECLS
