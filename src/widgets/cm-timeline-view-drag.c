/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timeline-view"

#include "config.h"

#include "cm-timeline-view-private.h"

#include <math.h>

/* Direct manipulation: a drag on an event's mark or bar moves it in time
 * (keeping its duration), a drag on either end of a span's bar moves that
 * end. In a small document the store changes as the pointer moves, so
 * that the map, the list and the details follow; in a large one both
 * views show a preview and the release changes the store (see
 * cm-edit-drag.h). The whole drag is one step of the session's history.
 *
 * Shift keeps the duration: with it held, a drag on an end moves the whole
 * span, that end following the pointer. Snapping is on by default, to the
 * ticks of the axis shown (days, hours…); Ctrl turns it off for as long as
 * it is held. Escape puts the event back. A double-click on empty space
 * asks the window for a new event at the time there. */

/* The event's mark in widget coordinates: FALSE when it is not drawn on
 * its own. */
static gboolean
get_mark (CmTimelineView *self,
          guint           serial,
          double         *x,
          double         *y,
          double         *width,
          double         *height)
{
  if (!cm_timeline_renderer_get_event_rect (self->renderer, serial, x, y, width, height))
    return FALSE;

  *y += _cm_timeline_view_get_lanes_top (self);

  return TRUE;
}

static double
time_to_x (CmTimelineView *self,
           CmTime          time)
{
  return cm_timeline_time_to_x (time, cm_viewport_get_start (self->viewport),
                                cm_viewport_get_end (self->viewport),
                                _cm_timeline_view_get_width (self));
}

CmTimelineGrab
_cm_timeline_view_get_grab (CmTimelineView      *self,
                            double               x,
                            double               y,
                            const CmTimelineHit *hit)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);
  double mx, my, mw, mh, inner, to_start, to_end, width;
  gboolean start_shown, end_shown;

  /* Nothing is grabbed while a load or a save reads the document. */
  if (store == NULL || self->viewport == NULL || self->session == NULL ||
      !cm_viewport_get_editable (self->viewport) || hit->kind != CM_TIMELINE_HIT_EVENT || hit->position >= cm_event_store_get_n_events (store))
    return CM_TIMELINE_GRAB_NONE;

  /* The mark or bar itself (with the hit test's slop), not its label. */
  if (!get_mark (self, hit->serial, &mx, &my, &mw, &mh) ||
      x < mx - 2 || x > mx + mw + 2 || y < my - 2 || y > my + mh + 2)
    return CM_TIMELINE_GRAB_NONE;

  if (!cm_event_store_is_span (store, hit->position))
    return CM_TIMELINE_GRAB_MOVE;

  /* The ends of a bar, where they are on screen; a short bar keeps its
   * middle third for moving it. */
  width = _cm_timeline_view_get_width (self);
  to_start = x - time_to_x (self, cm_event_store_get_start (store, hit->position));
  to_end = time_to_x (self, cm_event_store_get_end (store, hit->position)) - x;
  start_shown = x - to_start >= 0;
  end_shown = x + to_end <= width;
  inner = MIN (CM_TIMELINE_GRAB_EDGE, mw / 3);

  if (start_shown && to_start <= inner && (!end_shown || to_end > inner || to_start <= to_end))
    return CM_TIMELINE_GRAB_START;
  if (end_shown && to_end <= inner)
    return CM_TIMELINE_GRAB_END;

  return CM_TIMELINE_GRAB_MOVE;
}

const char *
_cm_timeline_view_grab_cursor (CmTimelineGrab grab)
{
  switch (grab)
    {
    case CM_TIMELINE_GRAB_MOVE:
      return "grab";

    case CM_TIMELINE_GRAB_START:
    case CM_TIMELINE_GRAB_END:
      return "ew-resize";

    case CM_TIMELINE_GRAB_NONE:
    default:
      return NULL;
    }
}

gboolean
_cm_timeline_view_edit_press (CmTimelineView *self,
                              double          x,
                              double          y)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);
  CmTimelineHit hit;
  CmTimelineGrab grab;

  cm_edit_drag_press (&self->edit, NULL, CM_NONE, CM_EDIT_DRAG_MOVE);

  if (store == NULL || !_cm_timeline_view_hit_test (self, x, y, &hit))
    return FALSE;

  grab = _cm_timeline_view_get_grab (self, x, y, &hit);
  if (grab == CM_TIMELINE_GRAB_NONE)
    return FALSE;

  self->edit_grab = grab;

  return cm_edit_drag_press (&self->edit, store, hit.serial,
                             grab == CM_TIMELINE_GRAB_MOVE ? CM_EDIT_DRAG_MOVE : CM_EDIT_DRAG_TIMES);
}

/* @time, moved by @seconds, on the nearest tick when @snap. */
static CmTime
shift_time (CmTimelineView *self,
            CmTime          time,
            double          seconds,
            gboolean        snap)
{
  CmTime moved = cm_time_window_time_from_double ((double) time + round (seconds));

  return snap ? cm_timeline_renderer_snap_time (self->renderer, moved) : moved;
}

/* Gives the event (or its preview) the times the drag has reached. */
static void
apply (CmTimelineView  *self,
       double           offset_x,
       GdkModifierType  state)
{
  CmEditDrag *drag = &self->edit;
  double seconds = offset_x * cm_time_window_span (cm_viewport_get_start (self->viewport),
                                                   cm_viewport_get_end (self->viewport)) /
                   _cm_timeline_view_get_width (self);
  gboolean snap = !(state & GDK_CONTROL_MASK);
  gboolean keep_duration = (state & GDK_SHIFT_MASK) != 0;
  CmTime start = drag->start0, end = drag->end0;

  if (self->edit_grab == CM_TIMELINE_GRAB_MOVE ||
      (keep_duration && self->edit_grab == CM_TIMELINE_GRAB_START))
    {
      start = shift_time (self, drag->start0, seconds, snap);
      if (end != CM_TIME_INVALID)
        end = drag->end0 + (start - drag->start0);
    }
  /* The end grabbed with Shift: the span moves, its end on the pointer. */
  else if (keep_duration)
    {
      end = shift_time (self, drag->end0, seconds, snap);
      start = drag->start0 + (end - drag->end0);
    }
  /* One end: the start stays before the end, and the end after the start,
   * or the span would become an instant. */
  else if (self->edit_grab == CM_TIMELINE_GRAB_START)
    start = MIN (shift_time (self, drag->start0, seconds, snap), drag->end0 - 1);
  else
    end = MAX (shift_time (self, drag->end0, seconds, snap), drag->start0 + 1);

  cm_edit_drag_update (drag, start, end, NAN, NAN);
}

gboolean
_cm_timeline_view_edit_update (CmTimelineView  *self,
                               GtkGesture      *gesture,
                               double           offset_x,
                               double           offset_y,
                               GdkModifierType  state)
{
  if (self->edit.serial == CM_NONE)
    return FALSE;

  if (self->edit.cancelled || self->viewport == NULL || self->session == NULL)
    return TRUE;

  if (!self->edit.active)
    {
      if (!gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0, (int) offset_x, (int) offset_y))
        return TRUE;

      _cm_timeline_view_stop_motion (self);
      cm_edit_drag_start (&self->edit, GTK_WIDGET (self), gesture, self->session,
                          self->edit_grab == CM_TIMELINE_GRAB_MOVE ? "grabbing" : "ew-resize");
      cm_viewport_set_selection (self->viewport, self->edit.serial);
    }

  apply (self, offset_x, state);

  return TRUE;
}

gboolean
_cm_timeline_view_edit_release (CmTimelineView *self)
{
  return cm_edit_drag_release (&self->edit, GTK_WIDGET (self));
}

gboolean
_cm_timeline_view_edit_cancel (CmTimelineView *self)
{
  return cm_edit_drag_cancel (&self->edit, GTK_WIDGET (self));
}

void
_cm_timeline_view_edit_reset (CmTimelineView *self)
{
  cm_edit_drag_reset (&self->edit, GTK_WIDGET (self));
}

gboolean
_cm_timeline_view_is_editing (CmTimelineView *self)
{
  return cm_edit_drag_is_editing (&self->edit);
}

void
_cm_timeline_view_new_event_at (CmTimelineView *self,
                                double          x)
{
  CmTime time;

  if (self->viewport == NULL)
    return;

  time = cm_timeline_x_to_time (x, cm_viewport_get_start (self->viewport),
                                cm_viewport_get_end (self->viewport),
                                _cm_timeline_view_get_width (self));
  g_debug ("New event requested at %" G_GINT64_FORMAT, time);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.new-event-at-time", "x", (gint64) time);
}
