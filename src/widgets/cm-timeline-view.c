/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timeline-view"

#include "config.h"

#include "cm-timeline-view.h"

#include "cm-overview.h"
#include "cm-timeline-view-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Kinetic panning after a drag: v(t) = v0 e^(-t/τ). */
#define KINETIC_TAU 0.325                  /* s */
#define KINETIC_MIN_VELOCITY 60.0          /* px/s: slower releases just stop */
#define KINETIC_STOP_VELOCITY 8.0          /* px/s */
#define VELOCITY_WINDOW_USEC (100 * G_TIME_SPAN_MILLISECOND)
/* Held still this long before the release: no kinetic motion. */
#define VELOCITY_STILL_USEC (60 * G_TIME_SPAN_MILLISECOND)

/* One wheel step pans a tenth of the width, or zooms by this factor. */
#define WHEEL_PAN_FRACTION 0.1
#define WHEEL_ZOOM_FACTOR 1.2
/* Smooth (touchpad) scrolling: pixels per wheel step, for Ctrl+scroll. */
#define SMOOTH_PIXELS_PER_STEP 20.0
/* Shift+wheel scrolls the lanes this much per step. */
#define WHEEL_SCROLL_PIXELS 48.0

#define FIT_MARGIN 0.05
#define ZOOM_TO_MARGIN 0.1
/* An event closer to the edges than this (a fraction of the width) is
 * brought into view when it becomes selected. */
#define REVEAL_MARGIN 0.05

/* The widest zoom: this many times the whole document. */
#define MAX_SPAN_FACTOR 4.0
#define MIN_MAX_SPAN (G_GINT64_CONSTANT (10) * 365 * 86400)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_VIEWPORT,
  PROP_FILTER,
  N_PROPS
};

enum {
  ACTIVATE_EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmTimelineView, cm_timeline_view, GTK_TYPE_WIDGET)

/* Internals --------------------------------------------------------------- */

static CmEventStore *
get_store (CmTimelineView *self)
{
  return self->document != NULL ? cm_document_get_store (self->document) : NULL;
}

double
_cm_timeline_view_get_lanes_top (CmTimelineView *self)
{
  return CM_OVERVIEW_HEIGHT;
}

static double
get_lanes_height (CmTimelineView *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self)) - _cm_timeline_view_get_lanes_top (self);
}

static double
get_width (CmTimelineView *self)
{
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);
}

static void
color_to_rgba (const CmColor *color,
               double         alpha,
               GdkRGBA       *rgba)
{
  rgba->red = color->red;
  rgba->green = color->green;
  rgba->blue = color->blue;
  rgba->alpha = color->alpha * alpha;
}

static const CmStyle *
get_style (CmTimelineView *self)
{
  return cm_style_get (self->style_manager != NULL &&
                       adw_style_manager_get_dark (self->style_manager));
}

CmTime
_cm_timeline_view_get_min_span (CmTimelineView *self)
{
  return (CmTime) ceil (CM_TIMELINE_MIN_SECONDS_PER_100PX * get_width (self) / 100.0);
}

gboolean
_cm_timeline_view_get_fit_window (CmTimelineView *self,
                                  CmTime         *start,
                                  CmTime         *end)
{
  CmEventStore *store = get_store (self);
  CmTime first, last;
  double margin;

  if (store == NULL || !cm_event_store_get_range (store, &first, &last))
    return FALSE;

  margin = MAX (cm_time_window_span (first, last) * FIT_MARGIN, 30.0);
  *start = cm_time_window_time_from_double ((double) first - margin);
  *end = cm_time_window_time_from_double ((double) last + margin);

  return TRUE;
}

CmTime
_cm_timeline_view_get_max_span (CmTimelineView *self)
{
  CmTime start, end;
  double span = MIN_MAX_SPAN;

  if (_cm_timeline_view_get_fit_window (self, &start, &end))
    span = MAX (span, cm_time_window_span (start, end) * MAX_SPAN_FACTOR);

  span = MIN (span, cm_time_window_span (CM_TIME_WINDOW_MIN, CM_TIME_WINDOW_MAX));
  span = MAX (span, (double) _cm_timeline_view_get_min_span (self));

  return (CmTime) span;
}

static void
clamp_window (CmTimelineView *self,
              CmTime         *start,
              CmTime         *end)
{
  cm_time_window_clamp (start, end,
                        _cm_timeline_view_get_min_span (self),
                        _cm_timeline_view_get_max_span (self));
}

static void
write_window (CmTimelineView *self,
              CmTime          start,
              CmTime          end)
{
  if (self->viewport == NULL)
    return;

  self->setting_window = TRUE;
  cm_viewport_set_window (self->viewport, start, end);
  self->setting_window = FALSE;
}

static void
stop_kinetic (CmTimelineView *self)
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
  stop_kinetic (self);
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
  clamp_window (self, &start, &end);
  write_window (self, start, end);
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
      write_window (self, self->to_start, self->to_end);
      finish_reveal (self);
      return G_SOURCE_REMOVE;
    }

  eased = 1.0 - pow (1.0 - progress, 3.0); /* ease-out cubic */
  cm_time_window_interpolate (self->from_start, self->from_end, self->to_start, self->to_end,
                              eased, &start, &end);
  write_window (self, start, end);

  return G_SOURCE_CONTINUE;
}

void
_cm_timeline_view_animate_to (CmTimelineView *self,
                              CmTime          start,
                              CmTime          end)
{
  if (self->viewport == NULL)
    return;

  stop_kinetic (self);
  clamp_window (self, &start, &end);

  if (!animations_enabled (self))
    {
      stop_animation (self);
      write_window (self, start, end);
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

static void
finish_animation (CmTimelineView *self)
{
  if (self->animation_id == 0)
    return;

  stop_animation (self);
  write_window (self, self->to_start, self->to_end);
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

  cm_time_window_zoom (start, end, x / get_width (self), factor,
                       _cm_timeline_view_get_min_span (self),
                       _cm_timeline_view_get_max_span (self),
                       &new_start, &new_end);

  if (animate)
    _cm_timeline_view_animate_to (self, new_start, new_end);
  else
    write_window (self, new_start, new_end);
}

static void
pan_pixels (CmTimelineView *self,
            CmTime          start,
            CmTime          end,
            double          pixels)
{
  double seconds = pixels * cm_time_window_span (start, end) / get_width (self);
  CmTime new_start, new_end;

  cm_time_window_pan (start, end, seconds, &new_start, &new_end);
  write_window (self, new_start, new_end);
}

void
_cm_timeline_view_invalidate (CmTimelineView *self)
{
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_overview (CmTimelineView *self)
{
  CmTime start, end, fit_start, fit_end;

  if (self->viewport == NULL || self->overview == NULL)
    return;

  start = cm_viewport_get_start (self->viewport);
  end = cm_viewport_get_end (self->viewport);

  /* The whole document, and wherever the window has gone. */
  if (_cm_timeline_view_get_fit_window (self, &fit_start, &fit_end))
    cm_overview_set_range (self->overview, MIN (fit_start, start), MAX (fit_end, end), start, end);
  else
    cm_overview_set_range (self->overview, start, end, start, end);
}

static void
invalidate_all (CmTimelineView *self)
{
  _cm_timeline_view_invalidate (self);
  if (self->overview != NULL)
    cm_overview_invalidate (self->overview);
  update_overview (self);
}

/* The height of the renderer's axis in the last frame: where its hit test
 * stops answering "axis". */
static double
probe_axis_height (CmTimelineView *self,
                   double          height)
{
  CmTimelineHit hit;
  int low = 0, high = (int) MIN (height, 400);

  while (low < high)
    {
      int middle = (low + high) / 2;

      if (cm_timeline_renderer_hit_test (self->renderer, 1, middle, &hit) &&
          hit.kind == CM_TIMELINE_HIT_AXIS)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

void
_cm_timeline_view_update_scrolling (CmTimelineView *self)
{
  double frame_height = get_lanes_height (self);
  double page = MAX (frame_height - self->axis_height, 1);
  double upper = MAX (self->content_height - self->axis_height, page);
  gboolean scrollable = self->content_height > frame_height + 0.5;

  gtk_adjustment_configure (self->vadjustment,
                            CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, upper - page),
                            0, upper,
                            WHEEL_SCROLL_PIXELS, page * 0.9, page);

  if (gtk_widget_get_visible (GTK_WIDGET (self->scrollbar)) != scrollable)
    gtk_widget_set_visible (GTK_WIDGET (self->scrollbar), scrollable);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static gboolean
update_scrolling_cb (gpointer user_data)
{
  CmTimelineView *self = user_data;

  self->scrolling_idle_id = 0;
  _cm_timeline_view_update_scrolling (self);

  return G_SOURCE_REMOVE;
}

gboolean
_cm_timeline_view_scroll_lanes (CmTimelineView *self,
                                double          pixels)
{
  double value = gtk_adjustment_get_value (self->vadjustment);
  double max = gtk_adjustment_get_upper (self->vadjustment) -
               gtk_adjustment_get_page_size (self->vadjustment);
  double wanted = CLAMP (value + pixels, 0, MAX (max, 0));

  if (wanted == value)
    return FALSE;

  gtk_adjustment_set_value (self->vadjustment, wanted);
  return TRUE;
}

static void
vadjustment_value_changed_cb (CmTimelineView *self,
                              GtkAdjustment  *adjustment)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  cm_timeline_renderer_set_scroll_offset (self->renderer, gtk_adjustment_get_value (adjustment));
  _cm_timeline_view_invalidate (self);
}

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

void
_cm_timeline_view_ensure_frame (CmTimelineView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = (int) get_lanes_height (self);
  GtkSnapshot *snapshot;
  cairo_t *cr;

  if (self->static_node != NULL && self->node_width == width && self->node_height == height)
    return;

  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  if (width <= 0 || height <= 0 || self->viewport == NULL)
    return;

  snapshot = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cm_timeline_renderer_set_now (self->renderer, g_get_real_time () / G_USEC_PER_SEC);
  cm_timeline_renderer_render (self->renderer, cr, width, height,
                               cm_viewport_get_start (self->viewport),
                               cm_viewport_get_end (self->viewport));
  cairo_destroy (cr);

  self->static_node = gtk_snapshot_free_to_node (snapshot);
  self->node_width = width;
  self->node_height = height;

  /* Lanes come and go with the window: keep the scroll bar in step, from
   * an idle (this may run in snapshot, where no size may change). */
  {
    double content = cm_timeline_renderer_get_content_height (self->renderer);
    double axis = probe_axis_height (self, height);

    if (content != self->content_height || axis != self->axis_height ||
        height != gtk_adjustment_get_page_size (self->vadjustment) + axis)
      {
        self->content_height = content;
        self->axis_height = axis;
        if (self->scrolling_idle_id == 0)
          self->scrolling_idle_id = g_idle_add (update_scrolling_cb, self);
      }
  }
}

/* What is under (x, y) in widget coordinates. */
static gboolean
hit_test (CmTimelineView *self,
          double          x,
          double          y,
          CmTimelineHit  *hit)
{
  double top = _cm_timeline_view_get_lanes_top (self);

  hit->kind = CM_TIMELINE_HIT_NONE;
  if (y < top || self->viewport == NULL)
    return FALSE;

  _cm_timeline_view_ensure_frame (self);
  if (self->static_node == NULL)
    return FALSE;

  return cm_timeline_renderer_hit_test (self->renderer, x, y - top, hit) &&
         hit->kind != CM_TIMELINE_HIT_NONE;
}

gboolean
_cm_timeline_view_is_shown (CmTimelineView *self,
                            guint           position)
{
  CmEventStore *store = get_store (self);

  if (store == NULL || position >= cm_event_store_get_n_events (store))
    return FALSE;

  if (self->filter != NULL && !cm_event_filter_matches (self->filter, store, position))
    return FALSE;

  return !cm_timeline_renderer_get_collapsed (self->renderer,
                                              cm_event_store_get_group (store, position));
}

/* The window that shows [start, end] (an event or a cluster) whole. */
static void
zoom_to_extent (CmTimelineView *self,
                CmTime          start,
                CmTime          end)
{
  if (end <= start)
    end = start + 1;

  cm_time_window_add_margins (&start, &end, ZOOM_TO_MARGIN);
  _cm_timeline_view_animate_to (self, start, end);
}

static void
zoom_to_event (CmTimelineView *self,
               guint           position)
{
  CmEventStore *store = get_store (self);
  CmEventData data;

  cm_event_store_get_data (store, position, &data);

  if (cm_event_store_is_span (store, position))
    {
      zoom_to_extent (self, data.start, data.end);
    }
  else
    {
      CmTime start = cm_time_truncate (data.start, data.precision, data.utc_offset);
      CmTime end = cm_time_unit_end (data.start, data.precision, data.utc_offset);

      zoom_to_extent (self, start, end);
    }
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

  _cm_timeline_view_ensure_frame (self);
  if (!cm_timeline_renderer_get_event_rect (self->renderer, serial, &x, &y, &width, &height))
    return;

  _cm_timeline_view_update_scrolling (self);
  frame_height = get_lanes_height (self);
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
static void
reveal_event (CmTimelineView *self,
              guint           position)
{
  CmEventStore *store = get_store (self);
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
  CmEventStore *store = get_store (self);
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

static void
update_accessible_description (CmTimelineView *self)
{
  CmEventStore *store = get_store (self);
  guint serial = self->viewport != NULL ? cm_viewport_get_selection (self->viewport) : CM_NONE;
  guint position = CM_NONE;

  if (store != NULL && serial != CM_NONE)
    position = cm_event_store_find_serial (store, serial);

  if (position != CM_NONE)
    {
      g_autoptr(CmEvent) event = cm_event_store_get_event (store, position);
      g_autofree char *date = cm_event_format_date (event);
      /* Translators: what a screen reader says of the timeline: the
       * selected event's title and date */
      g_autofree char *text = g_strdup_printf (_("Selected: %s, %s"),
                                               cm_event_get_title (event), date);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
    }
  else
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
set_hover (CmTimelineView *self,
           guint           serial)
{
  if (self->hover_serial == serial)
    return;

  self->hover_serial = serial;
  cm_timeline_renderer_set_hover (self->renderer, serial);
  _cm_timeline_view_invalidate (self);
}

static void
update_hover (CmTimelineView *self)
{
  CmTimelineHit hit;
  const char *cursor = NULL;
  guint serial = CM_NONE;

  if (self->pointer_x >= 0 && !self->drag_panning &&
      hit_test (self, self->pointer_x, self->pointer_y, &hit))
    {
      switch (hit.kind)
        {
        case CM_TIMELINE_HIT_EVENT:
          serial = hit.serial;
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

  if (!self->drag_panning)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
  set_hover (self, serial);
}

/* Model callbacks --------------------------------------------------------- */

static void
document_changed_cb (CmTimelineView *self,
                     CmDocument     *document)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  invalidate_all (self);
}

static void
store_items_changed_cb (CmTimelineView *self,
                        guint           position,
                        guint           removed,
                        guint           added,
                        CmEventStore   *store)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  /* Serials may have gone. */
  self->hover_serial = CM_NONE;
  cm_timeline_renderer_set_hover (self->renderer, CM_NONE);
  invalidate_all (self);
  update_accessible_description (self);
}

static void
filter_changed_cb (CmTimelineView *self,
                   int             change,
                   CmEventFilter  *filter)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  invalidate_all (self);
}

static void
viewport_window_cb (CmTimelineView *self,
                    GParamSpec     *pspec,
                    CmViewport     *viewport)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  /* Moved by someone else: they win over a motion of ours. */
  if (!self->setting_window)
    _cm_timeline_view_stop_motion (self);

  _cm_timeline_view_invalidate (self);
  update_overview (self);
}

static void
viewport_selection_cb (CmTimelineView *self,
                       GParamSpec     *pspec,
                       CmViewport     *viewport)
{
  CmEventStore *store = get_store (self);
  guint serial = cm_viewport_get_selection (viewport);

  g_assert (CM_IS_TIMELINE_VIEW (self));

  cm_timeline_renderer_set_selection (self->renderer, serial);
  _cm_timeline_view_invalidate (self);
  update_accessible_description (self);

  /* Selected from here or from elsewhere (the list, the map): show it. */
  if (store != NULL && serial != CM_NONE)
    reveal_event (self, cm_event_store_find_serial (store, serial));
}

static void
style_dark_cb (CmTimelineView  *self,
               GParamSpec      *pspec,
               AdwStyleManager *style_manager)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (self->renderer == NULL)
    return;

  cm_timeline_renderer_set_style (self->renderer, get_style (self));
  invalidate_all (self);
}

static void
overview_window_requested_cb (CmTimelineView *self,
                              gint64          start,
                              gint64          end,
                              CmOverview     *overview)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  _cm_timeline_view_set_window (self, start, end);
}

/* Input ------------------------------------------------------------------- */

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
      double pixels = unit == GDK_SCROLL_UNIT_WHEEL ? dy * WHEEL_SCROLL_PIXELS : dy;

      _cm_timeline_view_scroll_lanes (self, pixels);
      return;
    }

  /* Right, or down, goes later in time. */
  self->scroll_panned = TRUE;
  delta = fabs (dx) > fabs (dy) ? dx : dy;
  if (unit == GDK_SCROLL_UNIT_WHEEL)
    delta *= get_width (self) * WHEEL_PAN_FRACTION;

  start = cm_viewport_get_start (self->viewport);
  end = cm_viewport_get_end (self->viewport);
  pan_pixels (self, start, end, delta);
}

static gboolean
scroll_cb (CmTimelineView           *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GtkEventController *event_controller = GTK_EVENT_CONTROLLER (controller);
  double x = self->pointer_x >= 0 ? self->pointer_x : get_width (self) / 2.0;

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
  pan_pixels (self, self->kinetic_start, self->kinetic_end, -distance);

  if (fabs (self->kinetic_velocity * decay) < KINETIC_STOP_VELOCITY)
    {
      self->kinetic_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Glides on at @velocity (px/s, the content's: positive moves it right,
 * towards earlier times), slowing down exponentially. */
static void
start_kinetic (CmTimelineView *self,
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
  start_kinetic (self, -(fabs (velocity_x) > fabs (velocity_y) ? velocity_x : velocity_y));
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
  stop_kinetic (self);
  self->drag_offset = 0;
  self->drag_scroll = gtk_adjustment_get_value (self->vadjustment);
  self->drag_panning = FALSE;
  self->n_samples = 0;
  add_sample (self, event_time_usec (GTK_GESTURE (gesture)), 0);
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
  pan_pixels (self, self->drag_start, self->drag_end, -offset_x);
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

  if (!self->drag_panning)
    return;

  self->drag_panning = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);

  if (self->viewport == NULL ||
      gtk_gesture_get_sequence_state (GTK_GESTURE (gesture), sequence) == GTK_EVENT_SEQUENCE_DENIED)
    return;

  velocity = release_velocity (self, event_time_usec (GTK_GESTURE (gesture)));
  g_debug ("Drag released at %.0f px, %.0f px/s", offset_x, velocity);
  start_kinetic (self, velocity);
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

  if (n_press == 2 && hit_test (self, x, y, &hit) && hit.kind == CM_TIMELINE_HIT_EVENT)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      zoom_to_event (self, hit.position);
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

  if (n_press != 1 || self->drag_panning || on_scrollbar (self, x, y) ||
      !hit_test (self, x, y, &hit))
    return;

  switch (hit.kind)
    {
    case CM_TIMELINE_HIT_EVENT:
      cm_viewport_set_selection (self->viewport, hit.serial);
      break;

    case CM_TIMELINE_HIT_CLUSTER:
      zoom_to_extent (self, hit.start, hit.end);
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
    self->pinch_x = get_width (self) / 2.0;
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
                       self->pinch_x / get_width (self), 1.0 / scale,
                       _cm_timeline_view_get_min_span (self),
                       _cm_timeline_view_get_max_span (self),
                       &start, &end);
  write_window (self, start, end);
}

/* Tooltip ----------------------------------------------------------------- */

static char *
event_tooltip_markup (CmEventStore *store,
                      guint         position)
{
  g_autoptr(CmEvent) event = cm_event_store_get_event (store, position);
  g_autofree char *date = cm_event_format_date (event);
  const char *place = cm_event_get_place (event);

  if (place != NULL && *place != '\0')
    return g_markup_printf_escaped ("<b>%s</b>\n%s\n%s", cm_event_get_title (event), date, place);

  return g_markup_printf_escaped ("<b>%s</b>\n%s", cm_event_get_title (event), date);
}

static CmPrecision
precision_for_span (double seconds)
{
  if (seconds > 2000.0 * 365 * 86400)
    return CM_PRECISION_MILLENNIUM;
  if (seconds > 20.0 * 365 * 86400)
    return CM_PRECISION_YEAR;
  if (seconds > 60.0 * 86400)
    return CM_PRECISION_MONTH;
  if (seconds > 2.0 * 86400)
    return CM_PRECISION_DAY;

  return CM_PRECISION_MINUTE;
}

char *
_cm_timeline_view_dup_tooltip_markup (CmTimelineView *self,
                                      double          x,
                                      double          y,
                                      GdkRectangle   *area)
{
  CmEventStore *store = get_store (self);
  CmTimelineHit hit;

  if (store == NULL || self->viewport == NULL || !hit_test (self, x, y, &hit))
    return NULL;

  switch (hit.kind)
    {
    case CM_TIMELINE_HIT_EVENT:
      {
        double rx, ry, rw, rh;

        if (area != NULL &&
            cm_timeline_renderer_get_event_rect (self->renderer, hit.serial, &rx, &ry, &rw, &rh))
          {
            area->x = (int) floor (rx);
            area->y = (int) floor (ry + _cm_timeline_view_get_lanes_top (self));
            area->width = (int) ceil (rw);
            area->height = (int) ceil (rh);
          }

        return event_tooltip_markup (store, hit.position);
      }

    case CM_TIMELINE_HIT_CLUSTER:
      {
        CmPrecision precision = precision_for_span (cm_time_window_span (cm_viewport_get_start (self->viewport),
                                                                         cm_viewport_get_end (self->viewport)));
        g_autofree char *from = cm_time_format (hit.start, precision, CM_UTC_OFFSET_NONE);
        g_autofree char *to = cm_time_format (hit.end, precision, CM_UTC_OFFSET_NONE);
        g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event",
                                                               "%u events", hit.count),
                                                  hit.count);

        if (g_strcmp0 (from, to) == 0)
          return g_markup_printf_escaped ("<b>%s</b>\n%s\n%s", count, from, _("Click to zoom in"));

        /* Translators: a range of dates */
        return g_markup_printf_escaped ("<b>%s</b>\n%s – %s\n%s",
                                        count, from, to, _("Click to zoom in"));
      }

    case CM_TIMELINE_HIT_LANE_HEADER:
      if (cm_timeline_renderer_get_collapsed (self->renderer, hit.group))
        return g_markup_escape_text (_("Expand Lane"), -1);
      else
        return g_markup_escape_text (_("Collapse Lane"), -1);

    case CM_TIMELINE_HIT_AXIS:
    case CM_TIMELINE_HIT_NONE:
    default:
      return NULL;
    }
}

static gboolean
cm_timeline_view_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_mode,
                                GtkTooltip *tooltip)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  CmEventStore *store = get_store (self);
  g_autofree char *markup = NULL;
  GdkRectangle area = { 0, 0, -1, -1 };

  if (store == NULL || self->viewport == NULL)
    return FALSE;

  if (keyboard_mode)
    {
      guint serial = cm_viewport_get_selection (self->viewport);
      guint position = serial != CM_NONE ? cm_event_store_find_serial (store, serial) : CM_NONE;

      if (position == CM_NONE)
        return FALSE;

      markup = event_tooltip_markup (store, position);
    }
  else
    {
      markup = _cm_timeline_view_dup_tooltip_markup (self, x, y, &area);
    }

  if (markup == NULL)
    return FALSE;

  gtk_tooltip_set_markup (tooltip, markup);
  if (area.width > 0)
    gtk_tooltip_set_tip_area (tooltip, &area);

  return TRUE;
}

/* GtkWidget --------------------------------------------------------------- */

static void
cm_timeline_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  int overview_min = 0, overview_nat = 0;

  gtk_widget_measure (GTK_WIDGET (self->overview), orientation, -1,
                      &overview_min, &overview_nat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (overview_min, 120);
      *natural = MAX (overview_nat, 600);
    }
  else
    {
      *minimum = overview_min + 60;
      *natural = overview_nat + 240;
    }
}

static void
cm_timeline_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->overview), width, CM_OVERVIEW_HEIGHT, -1, NULL);

  if (gtk_widget_should_layout (GTK_WIDGET (self->scrollbar)))
    {
      double top = CM_OVERVIEW_HEIGHT + self->axis_height;
      int bar_width = 0;

      gtk_widget_measure (GTK_WIDGET (self->scrollbar), GTK_ORIENTATION_HORIZONTAL, -1,
                          &bar_width, NULL, NULL, NULL);
      gtk_widget_size_allocate (GTK_WIDGET (self->scrollbar),
                                &(GtkAllocation) {
                                  width - bar_width, (int) top,
                                  bar_width, MAX (height - (int) top, 0)
                                }, -1);
    }

  if (self->node_width != width || self->node_height != height - CM_OVERVIEW_HEIGHT)
    {
      g_clear_pointer (&self->static_node, gsk_render_node_unref);
      if (self->scrolling_idle_id == 0)
        self->scrolling_idle_id = g_idle_add (update_scrolling_cb, self);
    }

  if (self->go_to_popover != NULL)
    gtk_popover_present (self->go_to_popover);
}

static void
cm_timeline_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  double top = _cm_timeline_view_get_lanes_top (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const CmStyle *style = get_style (self);

  _cm_timeline_view_ensure_frame (self);

  if (self->static_node != NULL)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, top));
      gtk_snapshot_append_node (snapshot, self->static_node);

      /* The time cursor: cheap, every frame. */
      if (self->pointer_x >= 0 && self->pointer_y >= top && !self->drag_panning)
        {
          GdkRGBA color;

          color_to_rgba (&style->hover, 1.0, &color);
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT (floor (self->pointer_x), 0,
                                                          1, height - top));
        }

      gtk_snapshot_restore (snapshot);
    }

  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->scrollbar), snapshot);
  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->overview), snapshot);

  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect outline;
      GdkRGBA color;
      const float widths[4] = { 2, 2, 2, 2 };

      color_to_rgba (&style->accent, 0.5, &color);
      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, width, height), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths,
                                  (const GdkRGBA[4]) { color, color, color, color });
    }
}

static void
cm_timeline_view_unmap (GtkWidget *widget)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);

  /* No frames while unmapped: land where the animation was going. */
  finish_animation (self);
  stop_kinetic (self);

  GTK_WIDGET_CLASS (cm_timeline_view_parent_class)->unmap (widget);
}

static void
cm_timeline_view_state_flags_changed (GtkWidget     *widget,
                                      GtkStateFlags  previous)
{
  GtkStateFlags flags = gtk_widget_get_state_flags (widget);

  /* The focus ring. */
  if ((flags ^ previous) & (GTK_STATE_FLAG_FOCUS_VISIBLE | GTK_STATE_FLAG_FOCUSED))
    gtk_widget_queue_draw (widget);

  GTK_WIDGET_CLASS (cm_timeline_view_parent_class)->state_flags_changed (widget, previous);
}

static void
go_to_closed_cb (CmTimelineView *self,
                 GtkPopover     *popover)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* GObject ----------------------------------------------------------------- */

static void
cm_timeline_view_dispose (GObject *object)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (object);
  GtkWidget *child;

  _cm_timeline_view_stop_motion (self);
  g_clear_handle_id (&self->scrolling_idle_id, g_source_remove);

  if (self->document_signals != NULL)
    g_signal_group_set_target (self->document_signals, NULL);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  if (self->viewport_signals != NULL)
    g_signal_group_set_target (self->viewport_signals, NULL);
  if (self->filter_signals != NULL)
    g_signal_group_set_target (self->filter_signals, NULL);
  if (self->style_manager != NULL)
    g_clear_signal_handler (&self->dark_handler, self->style_manager);

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_TIMELINE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->viewport_signals);
  g_clear_object (&self->filter_signals);
  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->filter);
  g_clear_object (&self->renderer);

  G_OBJECT_CLASS (cm_timeline_view_parent_class)->dispose (object);
}

static void
cm_timeline_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, cm_timeline_view_get_document (self));
      break;

    case PROP_VIEWPORT:
      g_value_set_object (value, cm_timeline_view_get_viewport (self));
      break;

    case PROP_FILTER:
      g_value_set_object (value, cm_timeline_view_get_filter (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_timeline_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      cm_timeline_view_set_document (self, g_value_get_object (value));
      break;

    case PROP_VIEWPORT:
      cm_timeline_view_set_viewport (self, g_value_get_object (value));
      break;

    case PROP_FILTER:
      cm_timeline_view_set_filter (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_timeline_view_class_init (CmTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_timeline_view_dispose;
  object_class->get_property = cm_timeline_view_get_property;
  object_class->set_property = cm_timeline_view_set_property;

  widget_class->measure = cm_timeline_view_measure;
  widget_class->size_allocate = cm_timeline_view_size_allocate;
  widget_class->snapshot = cm_timeline_view_snapshot;
  widget_class->unmap = cm_timeline_view_unmap;
  widget_class->query_tooltip = cm_timeline_view_query_tooltip;
  widget_class->state_flags_changed = cm_timeline_view_state_flags_changed;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         CM_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL,
                         CM_TYPE_VIEWPORT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL,
                         CM_TYPE_EVENT_FILTER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CmTimelineView::activate-event:
   * @serial: the serial of the selected event
   *
   * Enter on the selected event: the window opens its details.
   */
  signals[ACTIVATE_EVENT] =
    g_signal_new ("activate-event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/cm-timeline-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CmTimelineView, overview);
  gtk_widget_class_bind_template_child (widget_class, CmTimelineView, scrollbar);
  gtk_widget_class_bind_template_child (widget_class, CmTimelineView, vadjustment);
  gtk_widget_class_bind_template_child (widget_class, CmTimelineView, go_to_popover);
  gtk_widget_class_bind_template_child (widget_class, CmTimelineView, go_to_entry);
  gtk_widget_class_bind_template_child (widget_class, CmTimelineView, go_to_error);
  gtk_widget_class_bind_template_callback (widget_class, overview_window_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, go_to_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, vadjustment_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, _cm_timeline_view_go_to_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, _cm_timeline_view_go_to_changed_cb);

  _cm_timeline_view_class_add_actions (widget_class);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_WIDGET);
}

static void
cm_timeline_view_init (CmTimelineView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  g_type_ensure (CM_TYPE_OVERVIEW);

  gtk_widget_init_template (widget);

  self->pointer_x = -1;
  self->pointer_y = -1;
  self->hover_serial = CM_NONE;
  self->reveal_serial = CM_NONE;
  self->animations = TRUE;

  self->renderer = cm_timeline_renderer_new ();
  self->style_manager = adw_style_manager_get_default ();
  self->dark_handler = g_signal_connect_object (self->style_manager, "notify::dark",
                                                G_CALLBACK (style_dark_cb), self,
                                                G_CONNECT_SWAPPED);
  cm_timeline_renderer_set_style (self->renderer, get_style (self));
  cm_overview_set_renderer (self->overview, self->renderer);

  self->document_signals = g_signal_group_new (CM_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "changed",
                                 G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);

  self->store_signals = g_signal_group_new (CM_TYPE_EVENT_STORE);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);

  self->viewport_signals = g_signal_group_new (CM_TYPE_VIEWPORT);
  g_signal_group_connect_object (self->viewport_signals, "notify::start",
                                 G_CALLBACK (viewport_window_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->viewport_signals, "notify::end",
                                 G_CALLBACK (viewport_window_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->viewport_signals, "notify::selection",
                                 G_CALLBACK (viewport_selection_cb), self, G_CONNECT_SWAPPED);

  self->filter_signals = g_signal_group_new (CM_TYPE_EVENT_FILTER);
  g_signal_group_connect_object (self->filter_signals, "changed",
                                 G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);

  /* Pan by dragging (and kinetic after the release); click to select. */
  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (gesture, "drag-begin",
                           G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update",
                           G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", G_CALLBACK (drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (gesture, "pressed",
                           G_CALLBACK (click_pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "released",
                           G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_object (gesture, "begin", G_CALLBACK (pinch_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "scale-changed",
                           G_CALLBACK (pinch_scale_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                                GTK_EVENT_CONTROLLER_SCROLL_KINETIC);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "decelerate",
                           G_CALLBACK (scroll_decelerate_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);
}

/* Public API -------------------------------------------------------------- */

GtkWidget *
cm_timeline_view_new (void)
{
  return g_object_new (CM_TYPE_TIMELINE_VIEW, NULL);
}

/**
 * cm_timeline_view_get_document:
 *
 * Returns: (transfer none) (nullable): the document shown
 */
CmDocument *
cm_timeline_view_get_document (CmTimelineView *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_VIEW (self), NULL);

  return self->document;
}

void
cm_timeline_view_set_document (CmTimelineView *self,
                               CmDocument     *document)
{
  g_return_if_fail (CM_IS_TIMELINE_VIEW (self));
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  _cm_timeline_view_stop_motion (self);
  self->hover_serial = CM_NONE;
  cm_timeline_renderer_set_hover (self->renderer, CM_NONE);
  cm_timeline_renderer_set_document (self->renderer, document);
  g_signal_group_set_target (self->document_signals, document);
  g_signal_group_set_target (self->store_signals, get_store (self));
  invalidate_all (self);
  update_accessible_description (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

/**
 * cm_timeline_view_get_viewport:
 *
 * Returns: (transfer none) (nullable): the shared viewport
 */
CmViewport *
cm_timeline_view_get_viewport (CmTimelineView *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_VIEW (self), NULL);

  return self->viewport;
}

void
cm_timeline_view_set_viewport (CmTimelineView *self,
                               CmViewport     *viewport)
{
  g_return_if_fail (CM_IS_TIMELINE_VIEW (self));
  g_return_if_fail (viewport == NULL || CM_IS_VIEWPORT (viewport));

  if (!g_set_object (&self->viewport, viewport))
    return;

  _cm_timeline_view_stop_motion (self);
  g_signal_group_set_target (self->viewport_signals, viewport);
  cm_timeline_renderer_set_selection (self->renderer,
                                      viewport != NULL ? cm_viewport_get_selection (viewport)
                                                       : CM_NONE);
  invalidate_all (self);
  update_accessible_description (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWPORT]);
}

/**
 * cm_timeline_view_get_filter:
 *
 * Returns: (transfer none) (nullable): the filter, if any
 */
CmEventFilter *
cm_timeline_view_get_filter (CmTimelineView *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_VIEW (self), NULL);

  return self->filter;
}

void
cm_timeline_view_set_filter (CmTimelineView *self,
                             CmEventFilter  *filter)
{
  g_return_if_fail (CM_IS_TIMELINE_VIEW (self));
  g_return_if_fail (filter == NULL || CM_IS_EVENT_FILTER (filter));

  if (!g_set_object (&self->filter, filter))
    return;

  cm_timeline_renderer_set_filter (self->renderer, filter);
  g_signal_group_set_target (self->filter_signals, filter);
  invalidate_all (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * cm_timeline_view_get_renderer:
 *
 * Returns: (transfer none): the renderer the view draws with
 */
CmTimelineRenderer *
cm_timeline_view_get_renderer (CmTimelineView *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_VIEW (self), NULL);

  return self->renderer;
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
  CmTime start, end;

  g_return_if_fail (CM_IS_TIMELINE_VIEW (self));

  if (_cm_timeline_view_get_fit_window (self, &start, &end))
    _cm_timeline_view_animate_to (self, start, end);
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

  cm_timeline_view_go_to (self, time, precision, utc_offset);
  return TRUE;
}

void
_cm_timeline_view_set_animations (CmTimelineView *self,
                                  gboolean        animations)
{
  self->animations = !!animations;
  if (!animations)
    {
      finish_animation (self);
      stop_kinetic (self);
    }
}
