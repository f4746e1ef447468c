/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timeline-view"

#include "config.h"

#include "cm-timeline-view-private.h"

#include "cm-image-node.h"

#include <math.h>

/* The drawn frame: the renderer's static layer, the overlays drawn every
 * frame, hit tests, and the lanes' vertical scrolling. */

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

void
_cm_timeline_view_invalidate (CmTimelineView *self)
{
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
  double frame_height = _cm_timeline_view_get_lanes_height (self);
  double page = MAX (frame_height - self->axis_height, 1);
  double upper = MAX (self->content_height - self->axis_height, page);
  gboolean scrollable = self->content_height > frame_height + 0.5;

  gtk_adjustment_configure (self->vadjustment,
                            CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, upper - page),
                            0, upper,
                            CM_TIMELINE_WHEEL_SCROLL_PIXELS, page * 0.9, page);

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

void
_cm_timeline_view_vadjustment_value_changed_cb (CmTimelineView *self,
                                                GtkAdjustment  *adjustment)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  cm_timeline_renderer_set_scroll_offset (self->renderer, gtk_adjustment_get_value (adjustment));
  _cm_timeline_view_invalidate (self);
}

static void
draw_timeline (cairo_t  *cr,
               int       width,
               int       height,
               gpointer  user_data)
{
  CmTimelineView *self = user_data;

  cm_timeline_renderer_render (self->renderer, cr, width, height,
                               cm_viewport_get_start (self->viewport),
                               cm_viewport_get_end (self->viewport));
}

/* The renderer's static layer, drawn into an image (cm_image_node_new()). */
void
_cm_timeline_view_ensure_frame (CmTimelineView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = (int) _cm_timeline_view_get_lanes_height (self);

  if (self->static_node != NULL && self->node_width == width && self->node_height == height)
    return;

  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  if (width <= 0 || height <= 0 || self->viewport == NULL)
    return;

  cm_timeline_renderer_set_now (self->renderer, g_get_real_time () / G_USEC_PER_SEC);
  self->static_node = cm_image_node_new (GTK_WIDGET (self), width, height, draw_timeline, self);
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
        _cm_timeline_view_queue_update_scrolling (self);
      }
  }
}

/* What is under (x, y) in widget coordinates. */
gboolean
_cm_timeline_view_hit_test (CmTimelineView *self,
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

void
_cm_timeline_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  double top = _cm_timeline_view_get_lanes_top (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const CmStyle *style = _cm_timeline_view_get_style (self);

  _cm_timeline_view_ensure_frame (self);

  if (self->static_node != NULL)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, top));
      gtk_snapshot_append_node (snapshot, self->static_node);
      /* The hover, above the cached frame: moving the pointer over the
       * events does not render the frame again. */
      if (self->hover_serial != CM_NONE)
        {
          cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                                   &GRAPHENE_RECT_INIT (0, 0, self->node_width,
                                                                        self->node_height));

          cm_timeline_renderer_render_hover (self->renderer, cr);
          cairo_destroy (cr);
        }

      /* A drag's edit not made yet (here or on the map): over the cached
       * frame, which a step of the drag does not render again. */
      if (self->viewport != NULL &&
          cm_viewport_get_preview (self->viewport, NULL, NULL, NULL, NULL) != CM_NONE)
        {
          cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                                   &GRAPHENE_RECT_INIT (0, 0, self->node_width,
                                                                        self->node_height));
          CmTime start, end;
          guint serial = cm_viewport_get_preview (self->viewport, &start, &end, NULL, NULL);

          cm_timeline_renderer_render_preview (self->renderer, cr, serial, start, end);
          cairo_destroy (cr);
        }

      /* The playhead moves every frame of a playback: over the cached frame. */
      if (self->playhead != CM_TIME_INVALID)
        {
          cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                                   &GRAPHENE_RECT_INIT (0, 0, self->node_width,
                                                                        self->node_height));

          cm_timeline_renderer_render_playhead (self->renderer, cr, self->playhead);
          cairo_destroy (cr);
        }

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

void
_cm_timeline_view_queue_update_scrolling (CmTimelineView *self)
{
  if (self->scrolling_idle_id == 0)
    self->scrolling_idle_id = g_idle_add (update_scrolling_cb, self);
}
