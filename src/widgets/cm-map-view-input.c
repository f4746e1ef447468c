/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include "cm-map-view-private.h"

#include "cm-controllers.h"

#include <math.h>

/* Pointer, touch and wheel input: hover, clicks on events and clusters,
 * drags, pinches and scrolling. */

#define CLUSTER_ZOOM 4.
/* A cluster's events are the ones shown nearest its centre, within this. */
#define CLUSTER_RADIUS 48.
/* Events closer than this (degrees, about 10 m) are at the same place. */
#define SAME_PLACE 1e-4

static gboolean
is_shown (CmMapView    *self,
          CmEventStore *store,
          guint         position)
{
  if (self->session != NULL && !cm_session_matches (self->session, position))
    return FALSE;

  if (self->outside_mode == CM_MAP_OUTSIDE_HIDE && self->viewport != NULL &&
      (cm_event_store_get_end (store, position) < cm_viewport_get_start (self->viewport) ||
       cm_event_store_get_start (store, position) > cm_viewport_get_end (self->viewport)))
    return FALSE;

  return TRUE;
}

typedef struct
{
  double distance;
  guint  position;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->distance != cb->distance)
    return ca->distance < cb->distance ? -1 : 1;

  return ca->position < cb->position ? -1 : ca->position > cb->position;
}

/* The events a cluster stands for: as many as it counts, of those shown
 * nearest its centre. */
void
_cm_map_view_collect_cluster (CmMapView        *self,
                              const CmMapHit   *hit,
                              CmMapClusterInfo *info)
{
  CmEventStore *store = cm_document_get_store (self->document);
  guint n = cm_event_store_get_n_events (store);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  double width, height, cx, cy;

  info->first = CM_NONE;
  info->min_lat = info->min_lon = G_MAXDOUBLE;
  info->max_lat = info->max_lon = -G_MAXDOUBLE;

  _cm_map_view_get_size (self, &width, &height);
  cm_map_frame_to_screen (&self->frame, width, height, hit->lat, hit->lon, &cx, &cy);

  for (guint i = 0; i < n; i++)
    {
      Candidate candidate;
      double lat, lon, sx, sy;

      if (!cm_event_store_get_coordinates (store, i, &lat, &lon))
        continue;

      cm_map_frame_to_screen (&self->frame, width, height, lat, lon, &sx, &sy);
      candidate.distance = hypot (sx - cx, sy - cy);
      candidate.position = i;
      if (candidate.distance <= CLUSTER_RADIUS && is_shown (self, store, i))
        g_array_append_val (candidates, candidate);
    }

  g_array_sort (candidates, compare_candidates);
  if (hit->count > 0 && candidates->len > hit->count)
    g_array_set_size (candidates, hit->count);

  for (guint i = 0; i < candidates->len; i++)
    {
      guint position = g_array_index (candidates, Candidate, i).position;
      double lat, lon;

      cm_event_store_get_coordinates (store, position, &lat, &lon);
      info->first = MIN (info->first, position);
      info->min_lat = MIN (info->min_lat, lat);
      info->max_lat = MAX (info->max_lat, lat);
      info->min_lon = MIN (info->min_lon, lon);
      info->max_lon = MAX (info->max_lon, lon);
    }
}

gboolean
_cm_map_view_cluster_is_one_place (const CmMapClusterInfo *info)
{
  return info->first != CM_NONE &&
         info->max_lat - info->min_lat < SAME_PLACE &&
         info->max_lon - info->min_lon < SAME_PLACE;
}

/* Zooms in until the cluster's events come apart; when they are all at
 * one place, selects the earliest instead. */
static void
open_cluster (CmMapView      *self,
              const CmMapHit *hit)
{
  CmMapClusterInfo info;
  CmMapFrame frame = self->frame;
  double width, height, x, y;

  _cm_map_view_collect_cluster (self, hit, &info);
  _cm_map_view_get_size (self, &width, &height);

  if (_cm_map_view_cluster_is_one_place (&info))
    {
      if (self->viewport != NULL)
        {
          self->selecting = TRUE;
          cm_viewport_set_selection (self->viewport,
                                     cm_event_store_get_serial (cm_document_get_store (self->document),
                                                                info.first));
          self->selecting = FALSE;
        }
      return;
    }

  if (info.first != CM_NONE)
    {
      cm_map_frame_fit_bounds (&frame, frame.projection,
                              info.min_lat, info.min_lon, info.max_lat, info.max_lon,
                              width, height);
      frame.scale = MIN (frame.scale, self->frame.scale / 2);
    }
  else if (cm_projection_forward (frame.projection, hit->lat, hit->lon, &x, &y))
    {
      _cm_map_view_anchor_frame (self, &frame, frame.scale / CLUSTER_ZOOM, x, y, width / 2, height / 2);
    }

  _cm_map_view_animate_to (self, &frame, TRUE);
}

void
_cm_map_view_pan_by (CmMapView *self,
                     double     dx,
                     double     dy)
{
  CmMapFrame frame = self->frame;

  _cm_map_view_stop_animation (self);
  frame.center_x += dx * frame.scale;
  frame.center_y -= dy * frame.scale;
  _cm_map_view_apply_frame (self, &frame);
}

gboolean
_cm_map_view_hit_test (CmMapView *self,
                       double     x,
                       double     y,
                       CmMapHit  *hit)
{
  memset (hit, 0, sizeof *hit);
  hit->kind = CM_MAP_HIT_NONE;

  if (self->document == NULL)
    return FALSE;

  /* Hits are against what was drawn last: draw the current frame first. */
  _cm_map_view_ensure_node (self);

  return cm_map_renderer_hit_test (self->renderer, x, y, hit) && hit->kind != CM_MAP_HIT_NONE;
}

static void
set_hover (CmMapView *self,
           guint      serial,
           gboolean   over_something)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), over_something ? "pointer" : NULL);

  if (self->hover == serial)
    return;

  self->hover = serial;
  cm_map_renderer_set_hover (self->renderer, serial);
  /* An overlay of the cached map (see the snapshot). */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (CmMapView                *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  CmMapHit hit;

  g_assert (CM_IS_MAP_VIEW (self));

  self->has_pointer = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;

  if (self->dragging)
    return;

  if (_cm_map_view_hit_test (self, x, y, &hit))
    set_hover (self, hit.kind == CM_MAP_HIT_CLUSTER ? CM_NONE : hit.serial, TRUE);
  else
    set_hover (self, CM_NONE, FALSE);
}

static void
leave_cb (CmMapView                *self,
          GtkEventControllerMotion *controller)
{
  g_assert (CM_IS_MAP_VIEW (self));

  self->has_pointer = FALSE;
  set_hover (self, CM_NONE, FALSE);
}

static void
drag_begin_cb (CmMapView      *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  g_assert (CM_IS_MAP_VIEW (self));

  _cm_map_view_stop_animation (self);
  self->dragging = FALSE;
  self->drag_center_x = self->frame.center_x;
  self->drag_center_y = self->frame.center_y;
}

static void
drag_update_cb (CmMapView      *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  CmMapFrame frame = self->frame;

  g_assert (CM_IS_MAP_VIEW (self));

  /* Clicks stay clicks until the pointer moves past the threshold. */
  if (!self->dragging)
    {
      if (!gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0, (int) offset_x, (int) offset_y))
        return;

      self->dragging = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }

  frame.center_x = self->drag_center_x - offset_x * frame.scale;
  frame.center_y = self->drag_center_y + offset_y * frame.scale;
  _cm_map_view_apply_frame (self, &frame);
}

static void
drag_end_cb (CmMapView      *self,
             double          offset_x,
             double          offset_y,
             GtkGestureDrag *gesture)
{
  g_assert (CM_IS_MAP_VIEW (self));

  if (self->dragging)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  self->dragging = FALSE;
}

static void
click_pressed_cb (CmMapView       *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  g_assert (CM_IS_MAP_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (n_press == 2)
    cm_map_view_zoom_at (self, 2, x, y, TRUE);
}

static void
click_released_cb (CmMapView       *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  CmMapHit hit;

  g_assert (CM_IS_MAP_VIEW (self));

  if (n_press != 1)
    return;

  if (!_cm_map_view_hit_test (self, x, y, &hit))
    {
      if (self->viewport != NULL)
        cm_viewport_set_selection (self->viewport, CM_NONE);
      return;
    }

  switch (hit.kind)
    {
    case CM_MAP_HIT_CLUSTER:
      open_cluster (self, &hit);
      break;

    case CM_MAP_HIT_EVENT:
    case CM_MAP_HIT_STOP:
      if (self->viewport != NULL)
        {
          self->selecting = TRUE;
          cm_viewport_set_selection (self->viewport, hit.serial);
          self->selecting = FALSE;
        }
      break;

    case CM_MAP_HIT_NONE:
    default:
      break;
    }
}

static gboolean
scroll_cb (CmMapView                *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  double x, y, width, height, steps = dy;

  g_assert (CM_IS_MAP_VIEW (self));

  if (dy == 0)
    return GDK_EVENT_PROPAGATE;

  /* Touchpads scroll in pixels: about 50 of them make a wheel step. */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    steps = dy / 50.;

  /* Scroll events have no position: the pointer's is tracked by motion. */
  _cm_map_view_get_size (self, &width, &height);
  if (self->has_pointer)
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }
  else
    {
      x = width / 2;
      y = height / 2;
    }

  cm_map_view_zoom_at (self, pow (2, -steps / 2), x, y, FALSE);

  return GDK_EVENT_STOP;
}

static void
zoom_begin_cb (CmMapView      *self,
               GdkEventSequence *sequence,
               GtkGestureZoom *gesture)
{
  g_assert (CM_IS_MAP_VIEW (self));

  _cm_map_view_stop_animation (self);
  self->pinch_scale = self->frame.scale;
}

static void
zoom_scale_changed_cb (CmMapView      *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double x, y, px, py;
  CmMapFrame frame = self->frame;

  g_assert (CM_IS_MAP_VIEW (self));

  if (scale <= 0 || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;

  _cm_map_view_screen_to_world (self, &self->frame, x, y, &px, &py);
  _cm_map_view_anchor_frame (self, &frame, self->pinch_scale / scale, px, py, x, y);
  _cm_map_view_apply_frame (self, &frame);
}

void
_cm_map_view_init_input (CmMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;

  cm_widget_add_motion (widget, G_CALLBACK (motion_cb), G_CALLBACK (leave_cb));
  cm_widget_add_drag_gesture (widget, G_CALLBACK (drag_begin_cb),
                              G_CALLBACK (drag_update_cb), G_CALLBACK (drag_end_cb));
  cm_widget_add_controller (widget, cm_gesture_for_primary_button (gtk_gesture_click_new ()),
                            "pressed", G_CALLBACK (click_pressed_cb),
                            "released", G_CALLBACK (click_released_cb), NULL);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);

  cm_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gtk_gesture_zoom_new ()),
                            "begin", G_CALLBACK (zoom_begin_cb),
                            "scale-changed", G_CALLBACK (zoom_scale_changed_cb), NULL);
}
