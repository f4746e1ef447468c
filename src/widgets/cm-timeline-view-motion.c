/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timeline-view"

#include "config.h"

#include "cm-timeline-view-private.h"

#include "cm-framing.h"

#include <math.h>

/* Motion of the window: setting it, animations, kinetic panning, and
 * bringing events into view. */

/* Kinetic panning after a drag: v(t) = v0 e^(-t/τ). */
#define KINETIC_TAU 0.325                  /* s */
#define KINETIC_MIN_VELOCITY 60.0          /* px/s: slower releases just stop */
#define KINETIC_STOP_VELOCITY 8.0          /* px/s */

#define ZOOM_TO_MARGIN 0.1
/* An event closer to the edges than this (a fraction of the width) is
 * brought into view when it becomes selected. */
#define REVEAL_MARGIN 0.05

void
_cm_timeline_view_clamp_window (CmTimelineView *self,
                                CmTime         *start,
                                CmTime         *end)
{
  cm_time_window_clamp (start, end,
                        _cm_timeline_view_get_min_span (self),
                        _cm_timeline_view_get_max_span (self));
}

void
_cm_timeline_view_write_window (CmTimelineView *self,
                                CmTime          start,
                                CmTime          end)
{
  if (self->viewport == NULL)
    return;

  self->setting_window = TRUE;
  cm_viewport_set_window (self->viewport, start, end);
  self->setting_window = FALSE;
}

void
_cm_timeline_view_stop_kinetic (CmTimelineView *self)
{
  if (self->kinetic_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->kinetic_id);
  self->kinetic_id = 0;
}

static void
stop_animation (CmTimelineView *self)
{
  if (self->animation_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->animation_id);
  self->animation_id = 0;
}

static void
stop_animation_for_input (CmTimelineView *self)
{
  stop_animation (self);
  self->reveal_serial = CM_NONE;
}

void
_cm_timeline_view_stop_motion (CmTimelineView *self)
{
  _cm_timeline_view_stop_kinetic (self);
  stop_animation_for_input (self);
}

gboolean
_cm_timeline_view_is_animating (CmTimelineView *self)
{
  return self->animation_id != 0 || self->kinetic_id != 0;
}

void
_cm_timeline_view_set_window (CmTimelineView *self,
                              CmTime          start,
                              CmTime          end)
{
  _cm_timeline_view_stop_motion (self);
  _cm_timeline_view_clamp_window (self, &start, &end);
  _cm_timeline_view_write_window (self, start, end);
}

void
_cm_timeline_view_get_target (CmTimelineView *self,
                              CmTime         *start,
                              CmTime         *end)
{
  if (self->animation_id != 0)
    {
      *start = self->to_start;
      *end = self->to_end;
    }
  else if (self->viewport != NULL)
    {
      *start = cm_viewport_get_start (self->viewport);
      *end = cm_viewport_get_end (self->viewport);
    }
  else
    {
      *start = 0;
      *end = 86400;
    }
}

static gboolean
animations_enabled (CmTimelineView *self)
{
  GtkSettings *settings;
  gboolean enabled = TRUE;

  if (!self->animations || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;

  settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_object_get (settings, "gtk-enable-animations", &enabled, NULL);

  return enabled;
}

static void finish_reveal (CmTimelineView *self);

static gboolean
animation_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);
  double progress, eased;
  CmTime start, end;

  if (self->animation_begin == 0)
    self->animation_begin = now;

  progress = (double) (now - self->animation_begin) / CM_TIMELINE_ANIMATION_USEC;
  if (progress >= 1.0 || self->viewport == NULL)
    {
      self->animation_id = 0;
      _cm_timeline_view_write_window (self, self->to_start, self->to_end);
      finish_reveal (self);
      return G_SOURCE_REMOVE;
    }

  eased = 1.0 - pow (1.0 - progress, 3.0); /* ease-out cubic */
  cm_time_window_interpolate (self->from_start, self->from_end, self->to_start, self->to_end,
                              eased, &start, &end);
  _cm_timeline_view_write_window (self, start, end);

  return G_SOURCE_CONTINUE;
}

void
_cm_timeline_view_animate_to (CmTimelineView *self,
                              CmTime          start,
                              CmTime          end)
{
  if (self->viewport == NULL)
    return;

  _cm_timeline_view_stop_kinetic (self);
  _cm_timeline_view_clamp_window (self, &start, &end);

  if (!animations_enabled (self))
    {
      stop_animation (self);
      _cm_timeline_view_write_window (self, start, end);
      finish_reveal (self);
      return;
    }

  self->from_start = cm_viewport_get_start (self->viewport);
  self->from_end = cm_viewport_get_end (self->viewport);
  self->to_start = start;
  self->to_end = end;
  self->animation_begin = 0;

  if (self->from_start == start && self->from_end == end)
    {
      stop_animation (self);
      finish_reveal (self);
      return;
    }

  if (self->animation_id == 0)
    self->animation_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick_cb,
                                                       NULL, NULL);
}

void
_cm_timeline_view_finish_animation (CmTimelineView *self)
{
  if (self->animation_id == 0)
    return;

  stop_animation (self);
  _cm_timeline_view_write_window (self, self->to_start, self->to_end);
}

void
_cm_timeline_view_zoom_at (CmTimelineView *self,
                           double          x,
                           double          factor,
                           gboolean        animate)
{
  CmTime start, end, new_start, new_end;

  if (self->viewport == NULL)
    return;

  if (animate)
    {
      /* Quick presses add up: zoom from where the animation is going. */
      _cm_timeline_view_get_target (self, &start, &end);
    }
  else
    {
      _cm_timeline_view_stop_motion (self);
      start = cm_viewport_get_start (self->viewport);
      end = cm_viewport_get_end (self->viewport);
    }

  cm_time_window_zoom (start, end, x / _cm_timeline_view_get_width (self), factor,
                       _cm_timeline_view_get_min_span (self),
                       _cm_timeline_view_get_max_span (self),
                       &new_start, &new_end);

  if (animate)
    _cm_timeline_view_animate_to (self, new_start, new_end);
  else
    _cm_timeline_view_write_window (self, new_start, new_end);
}

void
_cm_timeline_view_pan_pixels (CmTimelineView *self,
                              CmTime          start,
                              CmTime          end,
                              double          pixels)
{
  double seconds = pixels * cm_time_window_span (start, end) / _cm_timeline_view_get_width (self);
  CmTime new_start, new_end;

  cm_time_window_pan (start, end, seconds, &new_start, &new_end);
  _cm_timeline_view_write_window (self, new_start, new_end);
}

static gboolean
kinetic_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);
  double t, decay, distance;

  if (self->kinetic_begin == 0)
    self->kinetic_begin = now;

  t = (double) (now - self->kinetic_begin) / G_USEC_PER_SEC;
  decay = exp (-t / KINETIC_TAU);
  /* ∫ v0 e^(-t/τ) dt */
  distance = self->kinetic_velocity * KINETIC_TAU * (1.0 - decay);
  _cm_timeline_view_pan_pixels (self, self->kinetic_start, self->kinetic_end, -distance);

  if (fabs (self->kinetic_velocity * decay) < KINETIC_STOP_VELOCITY)
    {
      self->kinetic_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Glides on at @velocity (px/s, the content's: positive moves it right,
 * towards earlier times), slowing down exponentially. */
void
_cm_timeline_view_start_kinetic (CmTimelineView *self,
                                 double          velocity)
{
  if (self->viewport == NULL || fabs (velocity) < KINETIC_MIN_VELOCITY ||
      !animations_enabled (self))
    return;

  stop_animation_for_input (self);
  self->kinetic_velocity = velocity;
  self->kinetic_start = cm_viewport_get_start (self->viewport);
  self->kinetic_end = cm_viewport_get_end (self->viewport);
  self->kinetic_begin = 0;
  if (self->kinetic_id == 0)
    self->kinetic_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), kinetic_tick_cb,
                                                     NULL, NULL);
}

/* The window that shows [start, end] (an event or a cluster) whole. */
void
_cm_timeline_view_zoom_to_extent (CmTimelineView *self,
                                  CmTime          start,
                                  CmTime          end)
{
  if (end <= start)
    end = start + 1;

  cm_time_window_add_margins (&start, &end, ZOOM_TO_MARGIN);
  _cm_timeline_view_animate_to (self, start, end);
}

void
_cm_timeline_view_zoom_to_event (CmTimelineView *self,
                                 guint           position)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);
  CmEventData data;

  cm_event_store_get_data (store, position, &data);

  if (cm_event_store_is_span (store, position))
    {
      _cm_timeline_view_zoom_to_extent (self, data.start, data.end);
    }
  else
    {
      CmTime start = cm_time_truncate (data.start, data.precision, data.utc_offset);
      CmTime end = cm_time_unit_end (data.start, data.precision, data.utc_offset);

      _cm_timeline_view_zoom_to_extent (self, start, end);
    }
}

/* Lanes out of the frame are not laid out: scrolls to the event's lane
 * first, until its mark is drawn (a few steps, as the lanes in between
 * get their real heights). FALSE when it is not drawn on its own
 * (merged into a cluster). */
static gboolean
get_event_rect_scrolling (CmTimelineView *self,
                          guint           serial,
                          double         *x,
                          double         *y,
                          double         *width,
                          double         *height)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);
  guint position = store != NULL ? cm_event_store_find_serial (store, serial) : CM_NONE;

  for (guint attempt = 0; attempt < 4; attempt++)
    {
      double lane_y, lane_height;

      _cm_timeline_view_ensure_frame (self);
      if (cm_timeline_renderer_get_event_rect (self->renderer, serial, x, y, width, height))
        return TRUE;

      if (position == CM_NONE ||
          !cm_timeline_renderer_get_lane_rect (self->renderer, cm_event_store_get_group (store, position),
                                               &lane_y, &lane_height))
        return FALSE;

      /* The lane's top under the axis. */
      _cm_timeline_view_update_scrolling (self);
      if (!_cm_timeline_view_scroll_lanes (self, lane_y - self->axis_height))
        return FALSE;
    }

  return FALSE;
}

/* Scrolls the lanes so that the event's mark is between the axis and the
 * bottom, when it is drawn. */
static void
scroll_to_event (CmTimelineView *self,
                 guint           serial)
{
  double x, y, width, height, frame_height, top, bottom;
  const CmTimelineLabel *labels;
  guint n_labels;

  if (!get_event_rect_scrolling (self, serial, &x, &y, &width, &height))
    return;

  _cm_timeline_view_update_scrolling (self);
  frame_height = _cm_timeline_view_get_lanes_height (self);
  top = self->axis_height + 24; /* room for the lane's header */
  bottom = frame_height - 8;

  /* Not under the legend either. */
  labels = cm_timeline_renderer_get_labels (self->renderer, &n_labels);
  for (guint i = 0; i < n_labels; i++)
    if (labels[i].kind == CM_TIMELINE_LABEL_LEGEND &&
        labels[i].x < x + width + 8 && labels[i].x + labels[i].width > x - 8)
      bottom = MIN (bottom, labels[i].y - 12);

  if (y < top)
    _cm_timeline_view_scroll_lanes (self, y - top);
  else if (y + height > bottom)
    _cm_timeline_view_scroll_lanes (self, MIN (y + height - bottom, y - top));
}

/* The window has arrived: scroll the lanes to the event being revealed. */
static void
finish_reveal (CmTimelineView *self)
{
  guint serial = self->reveal_serial;

  self->reveal_serial = CM_NONE;
  if (serial != CM_NONE)
    scroll_to_event (self, serial);
}

/* Pans (animated) so that the event at @position is in view, when it is
 * not; opens its lane when collapsed; then scrolls the lanes to it. */
void
_cm_timeline_view_reveal_event (CmTimelineView *self,
                                guint           position)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);
  CmTime event_start, event_end, start, end;
  double span, event_span, margin, new_start;
  guint group;

  if (store == NULL || self->viewport == NULL || position >= cm_event_store_get_n_events (store))
    return;

  group = cm_event_store_get_group (store, position);
  if (cm_timeline_renderer_get_collapsed (self->renderer, group))
    {
      cm_timeline_renderer_set_collapsed (self->renderer, group, FALSE);
      _cm_timeline_view_invalidate (self);
    }

  event_start = cm_event_store_get_start (store, position);
  event_end = cm_event_store_get_end (store, position);

  _cm_timeline_view_get_target (self, &start, &end);
  span = cm_time_window_span (start, end);
  margin = span * REVEAL_MARGIN;

  self->reveal_serial = cm_event_store_get_serial (store, position);

  if ((double) event_end >= (double) start + margin &&
      (double) event_start <= (double) end - margin)
    {
      if (self->animation_id == 0)
        finish_reveal (self);
      return;
    }

  event_span = cm_time_window_span (event_start, event_end);
  if (event_span <= span * 0.8)
    new_start = (double) event_start + event_span / 2.0 - span / 2.0;
  else
    new_start = (double) event_start - span * ZOOM_TO_MARGIN;

  {
    CmTime to_start, to_end;

    cm_time_window_pan (start, end, new_start - (double) start, &to_start, &to_end);
    _cm_timeline_view_animate_to (self, to_start, to_end);
  }
}

gboolean
_cm_timeline_view_step (CmTimelineView *self,
                        int             direction)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);
  guint n, selection, position = CM_NONE;
  gint64 i;

  g_return_val_if_fail (direction == 1 || direction == -1, FALSE);

  if (store == NULL || self->viewport == NULL)
    return FALSE;

  n = cm_event_store_get_n_events (store);
  selection = cm_viewport_get_selection (self->viewport);
  if (selection != CM_NONE)
    position = cm_event_store_find_serial (store, selection);

  if (position != CM_NONE)
    {
      i = (gint64) position + direction;
    }
  else
    {
      CmTime start, end, centre;

      _cm_timeline_view_get_target (self, &start, &end);
      centre = cm_time_window_time_from_double ((double) start / 2.0 + (double) end / 2.0);
      i = cm_event_store_lower_bound (store, centre);
      if (direction < 0)
        i--;
    }

  for (; i >= 0 && i < n; i += direction)
    {
      if (_cm_timeline_view_is_shown (self, (guint) i))
        {
          cm_viewport_set_selection (self->viewport, cm_event_store_get_serial (store, (guint) i));
          return TRUE;
        }
    }

  return FALSE;
}

void
_cm_timeline_view_set_animations (CmTimelineView *self,
                                  gboolean        animations)
{
  self->animations = !!animations;
  if (!animations)
    {
      _cm_timeline_view_finish_animation (self);
      _cm_timeline_view_stop_kinetic (self);
    }
}
void
cm_timeline_view_show_range (CmTimelineView *self,
                             CmTime          start,
                             CmTime          end)
{
  g_return_if_fail (CM_IS_TIMELINE_VIEW (self));
  g_return_if_fail (end > start);

  _cm_timeline_view_animate_to (self, start, end);
}

void
cm_timeline_view_fit (CmTimelineView *self)
{
  CmFraming framing;
  CmTime start, end;

  g_return_if_fail (CM_IS_TIMELINE_VIEW (self));

  if (self->session == NULL || !cm_framing_all (self->session, &framing))
    return;

  _cm_timeline_view_add_fit_margins (framing.start, framing.end, &start, &end);
  _cm_timeline_view_animate_to (self, start, end);
}

void
cm_timeline_view_show_story (CmTimelineView *self)
{
  CmFraming framing;
  CmTime start, end;

  g_return_if_fail (CM_IS_TIMELINE_VIEW (self));

  if (self->session == NULL || !cm_framing_story (self->session, &framing))
    return;

  _cm_timeline_view_add_fit_margins (framing.start, framing.end, &start, &end);
  _cm_timeline_view_set_window (self, start, end);
}

void
cm_timeline_view_go_to (CmTimelineView *self,
                        CmTime          time,
                        CmPrecision     precision,
                        int             utc_offset)
{
  CmTime start, end;

  g_return_if_fail (CM_IS_TIMELINE_VIEW (self));
  g_return_if_fail (time != CM_TIME_INVALID);
  g_return_if_fail (precision < CM_N_PRECISIONS);

  cm_time_window_for_precision (time, precision, utc_offset, &start, &end);
  _cm_timeline_view_animate_to (self, start, end);
}

gboolean
_cm_timeline_view_go_to_text (CmTimelineView  *self,
                              const char      *text,
                              GError         **error)
{
  CmPrecision precision;
  CmTime time;
  int utc_offset;

  if (!cm_time_parse (text, &time, &precision, &utc_offset, error))
    return FALSE;

  /* Written without an offset, it is a date and time of the axis' zone */
  if (utc_offset == CM_UTC_OFFSET_NONE)
    {
      utc_offset = cm_zone_get_offset (cm_timeline_renderer_get_zone (self->renderer), time);
      time = cm_time_window_time_from_double ((double) time - utc_offset * 60.0);
    }

  cm_timeline_view_go_to (self, time, precision, utc_offset);
  return TRUE;
}
