/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-edit-drag.h"
#include "cm-overview.h"
#include "cm-session-signals.h"
#include "cm-time-window.h"
#include "cm-timeline-view.h"

G_BEGIN_DECLS

/* Shared by cm-timeline-view*.c and cm-timeline-actions.c, and by tests. */

/* Closest zoom: one minute per 100 px. */
#define CM_TIMELINE_MIN_SECONDS_PER_100PX 60.0

#define CM_TIMELINE_ANIMATION_USEC (200 * G_TIME_SPAN_MILLISECOND)

/* Shift+wheel scrolls the lanes this much per step. */
#define CM_TIMELINE_WHEEL_SCROLL_PIXELS 48.0

/* What a press on an event grabs: the whole of it (a move in time), or
 * one end of a span's bar (a resize). */
typedef enum
{
  CM_TIMELINE_GRAB_NONE,
  CM_TIMELINE_GRAB_MOVE,
  CM_TIMELINE_GRAB_START,
  CM_TIMELINE_GRAB_END,
} CmTimelineGrab;

/* A span's end is grabbed within this many px of it. */
#define CM_TIMELINE_GRAB_EDGE 5.0

struct _CmTimelineView
{
  GtkWidget           parent_instance;

  CmSession          *session;
  CmDocument         *document;          /* the session's */
  CmViewport         *viewport;          /* the session's */
  CmSessionSignals    signals;
  CmTimelineRenderer *renderer;
  AdwStyleManager    *style_manager;     /* not owned: the default one */
  gulong              dark_handler;

  /* Template widgets */
  CmOverview         *overview;
  GtkScrollbar       *scrollbar;
  GtkAdjustment      *vadjustment;       /* the lanes' vertical scroll, px */
  GtkPopover         *go_to_popover;
  GtkEntry           *go_to_entry;
  GtkLabel           *go_to_error;

  /* Lanes taller than the widget scroll under the axis. Measured on the
   * last frame, applied to the adjustment in an idle. */
  double              axis_height;
  double              content_height;
  guint               scrolling_idle_id;
  /* Scrolled into view (vertically) once the window gets there. */
  guint               reveal_serial;
  /* The itinerary playback's time once started, else CM_TIME_INVALID. */
  CmTime              playhead;

  /* The static layer: the renderer's frame of the lanes, rebuilt only
   * after an invalidation. */
  GskRenderNode      *static_node;
  int                 node_width;
  int                 label_inset;       /* the scroll bar's width, when shown */
  int                 node_height;

  /* Pointer and hover; -1 when outside. */
  double              pointer_x;
  double              pointer_y;
  guint               hover_serial;

  /* Drag to pan */
  CmTime              drag_start;        /* the window at the press */
  CmTime              drag_end;
  double              drag_offset;       /* last offset seen */
  double              drag_scroll;       /* the lanes' scroll at the press */
  gint64              sample_time[4];    /* µs, for the release velocity */
  double              sample_x[4];
  guint               n_samples;
  guint               drag_panning : 1;  /* moved past the threshold */

  /* Drag to edit an event (cm-timeline-view-drag.c) */
  CmEditDrag          edit;
  CmTimelineGrab      edit_grab;

  /* Kinetic deceleration after a release */
  guint               kinetic_id;
  gint64              kinetic_begin;     /* frame time, µs; 0 before the first frame */
  double              kinetic_velocity;  /* px/s at the release */
  CmTime              kinetic_start;     /* the window at the release */
  CmTime              kinetic_end;
  guint               scroll_panned : 1; /* the last scroll panned: it may glide */

  /* Animated transitions (keyboard zoom, Home, go to, follow) */
  guint               animation_id;
  gint64              animation_begin;   /* frame time, µs; 0 before the first frame */
  CmTime              from_start;
  CmTime              from_end;
  CmTime              to_start;
  CmTime              to_end;

  /* Pinch */
  CmTime              pinch_start;
  CmTime              pinch_end;
  double              pinch_x;

  /* Set while the view writes the viewport's window itself. */
  guint               setting_window : 1;
  /* For tests: TRUE follows gtk-enable-animations, FALSE never animates. */
  guint               animations : 1;
};

/* View internals (cm-timeline-view.c) --------------------------------------- */

CmEventStore *_cm_timeline_view_get_store  (CmTimelineView *self);
double   _cm_timeline_view_get_width       (CmTimelineView *self);
/* Height of the renderer's frame (below the overview), px. */
double   _cm_timeline_view_get_lanes_height (CmTimelineView *self);
/* What is under (x, y) in widget coordinates. */
gboolean _cm_timeline_view_hit_test        (CmTimelineView *self,
                                            double          x,
                                            double          y,
                                            CmTimelineHit  *hit);

CmTime   _cm_timeline_view_get_min_span    (CmTimelineView *self);
CmTime   _cm_timeline_view_get_max_span    (CmTimelineView *self);
/* The document's range with 5% margins; FALSE when it is empty. */
gboolean _cm_timeline_view_get_fit_window  (CmTimelineView *self,
                                            CmTime         *start,
                                            CmTime         *end);
/* [first, last] with 5% margins (30 s at least). */
void     _cm_timeline_view_add_fit_margins (CmTime          first,
                                            CmTime          last,
                                            CmTime         *start,
                                            CmTime         *end);
/* Sets the viewport window at once (clamped), stopping animations. */
void     _cm_timeline_view_set_window      (CmTimelineView *self,
                                            CmTime          start,
                                            CmTime          end);
/* Animated when animations are on; clamped. */
void     _cm_timeline_view_animate_to      (CmTimelineView *self,
                                            CmTime          start,
                                            CmTime          end);
/* The window an animation is heading to, else the current one. */
void     _cm_timeline_view_get_target      (CmTimelineView *self,
                                            CmTime         *start,
                                            CmTime         *end);
void     _cm_timeline_view_stop_motion     (CmTimelineView *self);
gboolean _cm_timeline_view_is_animating    (CmTimelineView *self);
/* Zooms by @factor around @x (widget coordinates), animated or not. */
void     _cm_timeline_view_zoom_at         (CmTimelineView *self,
                                            double          x,
                                            double          factor,
                                            gboolean        animate);
/* Selects the next (@direction 1) or previous (-1) shown event in time
 * order, from the selection or the window's centre. FALSE when none. */
gboolean _cm_timeline_view_step            (CmTimelineView *self,
                                            int             direction);
/* Whether the event at @position is drawn at all (filter, collapsed lane). */
gboolean _cm_timeline_view_is_shown        (CmTimelineView *self,
                                            guint           position);
void     _cm_timeline_view_invalidate      (CmTimelineView *self);
/* Top of the lanes (the renderer's frame) in widget coordinates. */
double   _cm_timeline_view_get_lanes_top   (CmTimelineView *self);
/* Brings the renderer's last frame up to date with the window and size,
 * so that hit tests and event rectangles match what is (to be) shown. */
void     _cm_timeline_view_ensure_frame    (CmTimelineView *self);
/* Parses @text and goes there; FALSE (and @error) on bad input. */
gboolean _cm_timeline_view_go_to_text      (CmTimelineView *self,
                                            const char     *text,
                                            GError        **error);

/* Input handlers, reachable from tests (widget coordinates). */
void     _cm_timeline_view_scroll          (CmTimelineView *self,
                                            double          x,
                                            double          dx,
                                            double          dy,
                                            GdkModifierType state,
                                            GdkScrollUnit   unit);
void     _cm_timeline_view_set_animations  (CmTimelineView *self,
                                            gboolean        animations);
/* Scrolls the lanes by @pixels (down when positive); FALSE when they
 * cannot move that way. */
gboolean _cm_timeline_view_scroll_lanes    (CmTimelineView *self,
                                            double          pixels);
/* The tooltip for (x, y): an event's title, date and place, a cluster's
 * count and extent, or what a lane header does; NULL for nothing. @area
 * (nullable) gets the event's rectangle. */
char    *_cm_timeline_view_dup_tooltip_markup (CmTimelineView *self,
                                               double          x,
                                               double          y,
                                               GdkRectangle   *area);
/* Updates the vertical adjustment from the last frame now. */
void     _cm_timeline_view_update_scrolling (CmTimelineView *self);

const CmStyle *_cm_timeline_view_get_style (CmTimelineView *self);

/* Frame (cm-timeline-view-frame.c) ---------------------------------------- */

void     _cm_timeline_view_snapshot        (GtkWidget      *widget,
                                            GtkSnapshot    *snapshot);
/* Updates the vertical adjustment from the last frame in an idle. */
void     _cm_timeline_view_queue_update_scrolling (CmTimelineView *self);
/* Called by the template when the lanes scroll. */
void     _cm_timeline_view_vadjustment_value_changed_cb (CmTimelineView *self,
                                                         GtkAdjustment  *adjustment);

/* Motion (cm-timeline-view-motion.c) ------------------------------------- */

/* The window with the view's span limits, inside the world. */
void     _cm_timeline_view_clamp_window    (CmTimelineView *self,
                                            CmTime         *start,
                                            CmTime         *end);
/* Writes the viewport's window as the view's own move. */
void     _cm_timeline_view_write_window    (CmTimelineView *self,
                                            CmTime          start,
                                            CmTime          end);
void     _cm_timeline_view_stop_kinetic    (CmTimelineView *self);
/* Lands where the animation was going, at once. */
void     _cm_timeline_view_finish_animation (CmTimelineView *self);
/* Pans [start, end) by @pixels of the widget's width. */
void     _cm_timeline_view_pan_pixels      (CmTimelineView *self,
                                            CmTime          start,
                                            CmTime          end,
                                            double          pixels);
/* Glides on at @velocity (px/s, the content's: positive moves it right,
 * towards earlier times), slowing down exponentially. */
void     _cm_timeline_view_start_kinetic   (CmTimelineView *self,
                                            double          velocity);
/* The window that shows [start, end] (an event or a cluster) whole. */
void     _cm_timeline_view_zoom_to_extent  (CmTimelineView *self,
                                            CmTime          start,
                                            CmTime          end);
void     _cm_timeline_view_zoom_to_event   (CmTimelineView *self,
                                            guint           position);
/* Pans (animated) so that the event at @position is in view, when it is
 * not; opens its lane when collapsed; then scrolls the lanes to it. */
void     _cm_timeline_view_reveal_event    (CmTimelineView *self,
                                            guint           position);

/* Input (cm-timeline-view-input.c) ---------------------------------------- */

/* Adds the gestures and event controllers. */
void     _cm_timeline_view_init_input      (CmTimelineView *self);
/* Names the timeline after the event at @position (CM_NONE: none). */
void     _cm_timeline_view_update_accessible_label (CmTimelineView *self,
                                                    CmEventStore   *store,
                                                    guint           position);

/* Editing by dragging (cm-timeline-view-drag.c) ------------------------- */

/* What a press at (x, y), over the event of @hit, would grab. */
CmTimelineGrab _cm_timeline_view_get_grab  (CmTimelineView      *self,
                                            double               x,
                                            double               y,
                                            const CmTimelineHit *hit);
/* The pointer's look over what @grab grabs (NULL: the default). */
const char *_cm_timeline_view_grab_cursor  (CmTimelineGrab       grab);
/* A press at (x, y): TRUE when it is on an event that a drag edits. */
gboolean _cm_timeline_view_edit_press      (CmTimelineView      *self,
                                            double               x,
                                            double               y);
/* The drag from that press is now @offset_x px long: moves or resizes the
 * event, snapped to the axis ticks unless @state has Shift. FALSE when the
 * press was on no event (the drag pans). */
gboolean _cm_timeline_view_edit_update     (CmTimelineView      *self,
                                            GtkGesture          *gesture,
                                            double               offset_x,
                                            double               offset_y,
                                            GdkModifierType      state);
/* The release: the edit is one step of the history. FALSE when the press
 * was on no event. */
gboolean _cm_timeline_view_edit_release    (CmTimelineView      *self);
/* Escape: puts the event back. FALSE when no event is being dragged. */
gboolean _cm_timeline_view_edit_cancel     (CmTimelineView      *self);
/* Forgets the drag (another session is shown), keeping the edit so far. */
void     _cm_timeline_view_edit_reset      (CmTimelineView      *self);
/* Whether an event is being dragged (past the threshold). */
gboolean _cm_timeline_view_is_editing      (CmTimelineView      *self);
/* A double-click at @x on empty space: asks the window for a new event at
 * the time there (the action win.new-event-at-time). */
void     _cm_timeline_view_new_event_at    (CmTimelineView      *self,
                                            double               x);

/* Tooltip (cm-timeline-view-tooltip.c) ------------------------------------ */

gboolean _cm_timeline_view_query_tooltip   (GtkWidget      *widget,
                                            int             x,
                                            int             y,
                                            gboolean        keyboard_mode,
                                            GtkTooltip     *tooltip);
/* The selected event's title and date, for screen readers. */
void     _cm_timeline_view_update_accessible_description (CmTimelineView *self);

/* Actions (cm-timeline-actions.c) ----------------------------------------- */

void     _cm_timeline_view_class_add_actions (GtkWidgetClass *widget_class);
void     _cm_timeline_view_show_go_to        (CmTimelineView *self);
void     _cm_timeline_view_go_to_activate_cb (CmTimelineView *self,
                                              GtkEntry       *entry);
void     _cm_timeline_view_go_to_changed_cb  (CmTimelineView *self,
                                              GtkEditable    *editable);

G_END_DECLS
