/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timeline-view"

#include "config.h"

#include "cm-timeline-view-private.h"

#include "cm-controllers.h"
#include "cm-event-text.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Pointer, touch and wheel input: hover, clicks, drags, pinches, scrolling.
 * A drag that starts on an event's mark edits it instead of panning (see
 * cm-timeline-view-drag.c). */

#define VELOCITY_WINDOW_USEC (100 * G_TIME_SPAN_MILLISECOND)
/* Held still this long before the release: no kinetic motion. */
#define VELOCITY_STILL_USEC (60 * G_TIME_SPAN_MILLISECOND)

/* One wheel step pans a tenth of the width, or zooms by this factor. */
#define WHEEL_PAN_FRACTION 0.1
#define WHEEL_ZOOM_FACTOR 1.2
/* Smooth (touchpad) scrolling: pixels per wheel step, for Ctrl+scroll. */
#define SMOOTH_PIXELS_PER_STEP 20.0

/* Is (x, y) on the scroll bar? It has its own gestures. */
static gboolean
on_scrollbar (CmTimelineView *self,
              double          x,
              double          y)
{
  graphene_rect_t bounds;

  return gtk_widget_get_visible (GTK_WIDGET (self->scrollbar)) &&
         gtk_widget_compute_bounds (GTK_WIDGET (self->scrollbar), GTK_WIDGET (self), &bounds) &&
         graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y));
}

static void
set_hover (CmTimelineView *self,
           guint           serial)
{
  if (self->hover_serial == serial)
    return;

  self->hover_serial = serial;
  cm_timeline_renderer_set_hover (self->renderer, serial);
  /* An overlay of the cached frame (see the snapshot). */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_hover (CmTimelineView *self)
{
  CmTimelineHit hit;
  const char *cursor = NULL;
  guint serial = CM_NONE;

  gboolean dragging = self->drag_panning || _cm_timeline_view_is_editing (self);

  if (self->pointer_x >= 0 && !dragging &&
      _cm_timeline_view_hit_test (self, self->pointer_x, self->pointer_y, &hit))
    {
      switch (hit.kind)
        {
        case CM_TIMELINE_HIT_EVENT:
          serial = hit.serial;
          /* Its mark can be dragged; its label is a click target. */
          cursor = _cm_timeline_view_grab_cursor (_cm_timeline_view_get_grab (self, self->pointer_x,
                                                                              self->pointer_y, &hit));
          if (cursor == NULL)
            cursor = "pointer";
          break;

        case CM_TIMELINE_HIT_CLUSTER:
          cursor = "zoom-in";
          break;

        case CM_TIMELINE_HIT_LANE_HEADER:
          cursor = "pointer";
          break;

        case CM_TIMELINE_HIT_AXIS:
        case CM_TIMELINE_HIT_NONE:
        default:
          break;
        }
    }

  if (!dragging)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
  if (!_cm_timeline_view_is_editing (self))
    set_hover (self, serial);
}

void
_cm_timeline_view_scroll (CmTimelineView  *self,
                          double           x,
                          double           dx,
                          double           dy,
                          GdkModifierType  state,
                          GdkScrollUnit    unit)
{
  double delta;
  CmTime start, end;

  if (self->viewport == NULL)
    return;

  _cm_timeline_view_stop_motion (self);
  self->scroll_panned = FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      double steps = unit == GDK_SCROLL_UNIT_WHEEL ? dy : dy / SMOOTH_PIXELS_PER_STEP;

      /* Down (or towards you) zooms out, as in maps. */
      _cm_timeline_view_zoom_at (self, x, pow (WHEEL_ZOOM_FACTOR, steps), FALSE);
      return;
    }

  if ((state & GDK_SHIFT_MASK) && dy != 0)
    {
      double pixels = unit == GDK_SCROLL_UNIT_WHEEL ? dy * CM_TIMELINE_WHEEL_SCROLL_PIXELS : dy;

      _cm_timeline_view_scroll_lanes (self, pixels);
      return;
    }

  /* Right, or down, goes later in time. */
  self->scroll_panned = TRUE;
  delta = fabs (dx) > fabs (dy) ? dx : dy;
  if (unit == GDK_SCROLL_UNIT_WHEEL)
    delta *= _cm_timeline_view_get_width (self) * WHEEL_PAN_FRACTION;

  start = cm_viewport_get_start (self->viewport);
  end = cm_viewport_get_end (self->viewport);
  _cm_timeline_view_pan_pixels (self, start, end, delta);
}

static gboolean
scroll_cb (CmTimelineView           *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GtkEventController *event_controller = GTK_EVENT_CONTROLLER (controller);
  double x = self->pointer_x >= 0 ? self->pointer_x : _cm_timeline_view_get_width (self) / 2.0;

  g_assert (CM_IS_TIMELINE_VIEW (self));

  _cm_timeline_view_scroll (self, x, dx, dy,
                            gtk_event_controller_get_current_event_state (event_controller),
                            gtk_event_controller_scroll_get_unit (controller));

  return GDK_EVENT_STOP;
}

static void
motion_cb (CmTimelineView           *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  self->pointer_x = x;
  self->pointer_y = y;
  update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self)); /* the time cursor */
}

static void
leave_cb (CmTimelineView           *self,
          GtkEventControllerMotion *controller)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  self->pointer_x = -1;
  self->pointer_y = -1;
  set_hover (self, CM_NONE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
add_sample (CmTimelineView *self,
            gint64          time,
            double          x)
{
  if (self->n_samples == G_N_ELEMENTS (self->sample_time))
    {
      memmove (self->sample_time, self->sample_time + 1,
               sizeof self->sample_time[0] * (self->n_samples - 1));
      memmove (self->sample_x, self->sample_x + 1,
               sizeof self->sample_x[0] * (self->n_samples - 1));
      self->n_samples--;
    }

  self->sample_time[self->n_samples] = time;
  self->sample_x[self->n_samples] = x;
  self->n_samples++;
}

static gint64
event_time_usec (GtkGesture *gesture)
{
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (gesture));

  return time != 0 ? (gint64) time * 1000 : g_get_monotonic_time ();
}

/* Pointer velocity in px/s at @release_time from the recent samples. */
static double
release_velocity (CmTimelineView *self,
                  gint64          release_time)
{
  guint first = 0, last;

  if (self->n_samples < 2)
    return 0;

  last = self->n_samples - 1;
  if (release_time - self->sample_time[last] > VELOCITY_STILL_USEC)
    return 0;

  while (first < last && release_time - self->sample_time[first] > VELOCITY_WINDOW_USEC)
    first++;

  /* Motion events bunched up (a busy main loop merges them): measure
   * over the last two samples, when recent enough. */
  if (first == last && release_time - self->sample_time[last - 1] <= 3 * VELOCITY_WINDOW_USEC)
    first = last - 1;

  if (first == last || self->sample_time[last] <= self->sample_time[first])
    return 0;

  return (self->sample_x[last] - self->sample_x[first]) * G_USEC_PER_SEC /
         (double) (self->sample_time[last] - self->sample_time[first]);
}

/* A touchpad swipe that ends while moving glides on, as a drag does. */
static void
scroll_decelerate_cb (CmTimelineView           *self,
                      double                    velocity_x,
                      double                    velocity_y,
                      GtkEventControllerScroll *controller)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (!self->scroll_panned)
    return;

  /* Scrolling right moves the content left. */
  _cm_timeline_view_start_kinetic (self, -(fabs (velocity_x) > fabs (velocity_y) ? velocity_x : velocity_y));
}

static void
drag_begin_cb (CmTimelineView *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (self->viewport == NULL || y < _cm_timeline_view_get_lanes_top (self) ||
      on_scrollbar (self, x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  /* A press stops a fling; an animation (a double-click's zoom) goes on
   * unless this becomes a pan. */
  _cm_timeline_view_stop_kinetic (self);
  self->drag_offset = 0;
  self->drag_scroll = gtk_adjustment_get_value (self->vadjustment);
  self->drag_panning = FALSE;
  self->n_samples = 0;
  add_sample (self, event_time_usec (GTK_GESTURE (gesture)), 0);

  /* On an event's mark, the drag moves the event instead of the view. */
  _cm_timeline_view_edit_press (self, x, y);
}

static void
drag_update_cb (CmTimelineView *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (self->viewport == NULL)
    return;

  if (_cm_timeline_view_edit_update (self, GTK_GESTURE (gesture), offset_x, offset_y,
                                     gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture))))
    return;

  if (!self->drag_panning)
    {
      if (!gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0, (int) offset_x, (int) offset_y))
        return;

      /* A pan, not a click. */
      _cm_timeline_view_stop_motion (self);
      self->drag_start = cm_viewport_get_start (self->viewport);
      self->drag_end = cm_viewport_get_end (self->viewport);
      self->drag_panning = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      set_hover (self, CM_NONE);
    }

  self->drag_offset = offset_x;
  add_sample (self, event_time_usec (GTK_GESTURE (gesture)), offset_x);
  _cm_timeline_view_pan_pixels (self, self->drag_start, self->drag_end, -offset_x);
  /* The lanes follow the pointer up and down too. */
  gtk_adjustment_set_value (self->vadjustment, self->drag_scroll - offset_y);
}

static void
drag_end_cb (CmTimelineView *self,
             double          offset_x,
             double          offset_y,
             GtkGestureDrag *gesture)
{
  GdkEventSequence *sequence =
    gtk_gesture_single_get_current_sequence (GTK_GESTURE_SINGLE (gesture));
  double velocity;

  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (_cm_timeline_view_edit_release (self) || !self->drag_panning)
    return;

  self->drag_panning = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);

  if (self->viewport == NULL ||
      gtk_gesture_get_sequence_state (GTK_GESTURE (gesture), sequence) == GTK_EVENT_SEQUENCE_DENIED)
    return;

  velocity = release_velocity (self, event_time_usec (GTK_GESTURE (gesture)));
  g_debug ("Drag released at %.0f px, %.0f px/s", offset_x, velocity);
  _cm_timeline_view_start_kinetic (self, velocity);
}

static void
click_pressed_cb (CmTimelineView  *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  CmTimelineHit hit;

  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (y < _cm_timeline_view_get_lanes_top (self) || on_scrollbar (self, x, y))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (n_press != 2)
    return;

  if (!_cm_timeline_view_hit_test (self, x, y, &hit))
    {
      /* Empty space: a new event there. */
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      _cm_timeline_view_new_event_at (self, x);
    }
  else if (hit.kind == CM_TIMELINE_HIT_EVENT)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      _cm_timeline_view_zoom_to_event (self, hit.position);
    }
}

static void
click_released_cb (CmTimelineView  *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  CmTimelineHit hit;

  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (n_press != 1 || self->drag_panning || cm_edit_drag_is_editing (&self->edit) || on_scrollbar (self, x, y) ||
      !_cm_timeline_view_hit_test (self, x, y, &hit))
    return;

  switch (hit.kind)
    {
    case CM_TIMELINE_HIT_EVENT:
      cm_viewport_set_selection (self->viewport, hit.serial);
      break;

    case CM_TIMELINE_HIT_CLUSTER:
      _cm_timeline_view_zoom_to_extent (self, hit.start, hit.end);
      break;

    case CM_TIMELINE_HIT_LANE_HEADER:
      {
        gboolean collapsed = cm_timeline_renderer_get_collapsed (self->renderer, hit.group);

        cm_timeline_renderer_set_collapsed (self->renderer, hit.group, !collapsed);
      }
      _cm_timeline_view_invalidate (self);
      break;

    case CM_TIMELINE_HIT_AXIS:
    case CM_TIMELINE_HIT_NONE:
    default:
      /* Empty space keeps the selection: Escape clears it. */
      break;
    }
}

static void
pinch_begin_cb (CmTimelineView   *self,
                GdkEventSequence *sequence,
                GtkGestureZoom   *gesture)
{
  double x, y;

  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (self->viewport == NULL)
    return;

  _cm_timeline_view_stop_motion (self);
  self->pinch_start = cm_viewport_get_start (self->viewport);
  self->pinch_end = cm_viewport_get_end (self->viewport);
  if (gtk_gesture_is_recognized (GTK_GESTURE (gesture)) &&
      gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    self->pinch_x = x;
  else
    self->pinch_x = _cm_timeline_view_get_width (self) / 2.0;
}

static void
pinch_scale_changed_cb (CmTimelineView *self,
                        double          scale,
                        GtkGestureZoom *gesture)
{
  CmTime start, end;

  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (self->viewport == NULL || !(scale > 0))
    return;

  /* A pinch, not a drag with two fingers. */
  if (gtk_gesture_is_recognized (GTK_GESTURE (gesture)))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  cm_time_window_zoom (self->pinch_start, self->pinch_end,
                       self->pinch_x / _cm_timeline_view_get_width (self), 1.0 / scale,
                       _cm_timeline_view_get_min_span (self),
                       _cm_timeline_view_get_max_span (self),
                       &start, &end);
  _cm_timeline_view_write_window (self, start, end);
}

/* The timeline's name for a screen reader: the event selected, which the
 * keyboard moves to (Tab, [ and ]), as "Title, date, place"; "Timeline"
 * when none is. GTK 4.8 cannot announce: a new name of the focused widget
 * is what screen readers read. */
void
_cm_timeline_view_update_accessible_label (CmTimelineView *self,
                                           CmEventStore   *store,
                                           guint           position)
{
  g_autofree char *label = NULL;

  if (store != NULL && position != CM_NONE)
    {
      g_autoptr(CmEvent) event = cm_event_store_get_event (store, position);

      label = cm_event_dup_accessible_label (event);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL ? label : _("Timeline"),
                                  -1);
}

void
_cm_timeline_view_init_input (CmTimelineView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;

  /* Pan by dragging (and kinetic after the release), or move an event by
   * dragging its mark (cm-timeline-view-drag.c); click to select. */
  cm_widget_add_drag_gesture (widget, G_CALLBACK (drag_begin_cb),
                              G_CALLBACK (drag_update_cb), G_CALLBACK (drag_end_cb));
  cm_widget_add_controller (widget, cm_gesture_for_primary_button (gtk_gesture_click_new ()),
                            "pressed", G_CALLBACK (click_pressed_cb),
                            "released", G_CALLBACK (click_released_cb), NULL);
  cm_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gtk_gesture_zoom_new ()),
                            "begin", G_CALLBACK (pinch_begin_cb),
                            "scale-changed", G_CALLBACK (pinch_scale_changed_cb), NULL);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                                GTK_EVENT_CONTROLLER_SCROLL_KINETIC);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "decelerate",
                           G_CALLBACK (scroll_decelerate_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);

  cm_widget_add_motion (widget, G_CALLBACK (motion_cb), G_CALLBACK (leave_cb));

  _cm_timeline_view_update_accessible_label (self, NULL, CM_NONE);
}
