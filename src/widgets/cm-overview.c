/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-overview"

#include "config.h"

#include "cm-overview.h"

#include "cm-image-node.h"

#include "cm-controllers.h"

#include <math.h>

/* Pixels either side of a brush edge that grab the edge. */
#define EDGE_GRAB 5.0
/* A brush narrower than this only moves. */
#define MIN_RESIZABLE_WIDTH 14.0

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_START_EDGE,
  DRAG_END_EDGE,
} DragMode;

struct _CmOverview
{
  GtkWidget           parent_instance;

  CmTimelineRenderer *renderer;
  GskRenderNode      *node;
  int                 node_width;
  int                 node_height;

  CmTime              range_start;
  CmTime              range_end;
  CmTime              start;
  CmTime              end;
  CmTime              playhead;          /* CM_TIME_INVALID: none */

  /* The range given while dragging, applied at the end. */
  CmTime              pending_range_start;
  CmTime              pending_range_end;

  DragMode            drag_mode;
  CmTime              drag_start;        /* the window when the drag began */
  CmTime              drag_end;
  double              drag_x;
};

enum {
  WINDOW_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmOverview, cm_overview, GTK_TYPE_WIDGET)

static double
get_width (CmOverview *self)
{
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);
}

static double
time_to_x (CmOverview *self,
           CmTime      time)
{
  return cm_timeline_time_to_x (time, self->range_start, self->range_end, get_width (self));
}

static CmTime
x_to_time (CmOverview *self,
           double      x)
{
  return cm_timeline_x_to_time (x, self->range_start, self->range_end, get_width (self));
}

static double
seconds_per_pixel (CmOverview *self)
{
  return ((double) self->range_end - (double) self->range_start) / get_width (self);
}

static DragMode
mode_at (CmOverview *self,
         double      x)
{
  double x0 = time_to_x (self, self->start);
  double x1 = time_to_x (self, self->end);

  if (x1 - x0 >= MIN_RESIZABLE_WIDTH)
    {
      if (fabs (x - x0) <= EDGE_GRAB)
        return DRAG_START_EDGE;
      if (fabs (x - x1) <= EDGE_GRAB)
        return DRAG_END_EDGE;
    }

  if (x >= x0 - EDGE_GRAB && x <= x1 + EDGE_GRAB)
    return DRAG_MOVE;

  return DRAG_NONE;
}

static const char *
cursor_for_mode (DragMode mode,
                 gboolean dragging)
{
  switch (mode)
    {
    case DRAG_START_EDGE:
    case DRAG_END_EDGE:
      return "ew-resize";

    case DRAG_MOVE:
      return dragging ? "grabbing" : "grab";

    case DRAG_NONE:
    default:
      return "pointer";
    }
}

static void
request_window (CmOverview *self,
                double      start,
                double      end)
{
  CmTime s = (CmTime) llround (start);
  CmTime e = (CmTime) llround (end);

  if (e <= s)
    e = s + 1;

  g_signal_emit (self, signals[WINDOW_REQUESTED], 0, (gint64) s, (gint64) e);
}

/* Moves the brush to start at @start, keeping inside the range when it fits. */
static void
request_move (CmOverview *self,
              double      start)
{
  double span = (double) self->drag_end - (double) self->drag_start;
  double range_start = (double) self->range_start;
  double range_end = (double) self->range_end;

  if (span <= range_end - range_start)
    start = CLAMP (start, range_start, range_end - span);

  request_window (self, start, start + span);
}

static void
drag_begin_cb (CmOverview     *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  g_assert (CM_IS_OVERVIEW (self));

  if (self->range_end <= self->range_start)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  self->pending_range_start = self->range_start;
  self->pending_range_end = self->range_end;
  self->drag_mode = mode_at (self, x);
  self->drag_start = self->start;
  self->drag_end = self->end;
  self->drag_x = x;

  if (self->drag_mode == DRAG_NONE)
    {
      /* Outside the brush: centre the window there, then drag it. */
      double span = (double) self->end - (double) self->start;
      double centre = (double) x_to_time (self, x);

      self->drag_mode = DRAG_MOVE;
      request_move (self, centre - span / 2.0);
      self->drag_start = self->start;
      self->drag_end = self->end;
    }

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor_for_mode (self->drag_mode, TRUE));
}

static void
drag_update_cb (CmOverview     *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  double seconds = offset_x * seconds_per_pixel (self);

  g_assert (CM_IS_OVERVIEW (self));

  switch (self->drag_mode)
    {
    case DRAG_MOVE:
      request_move (self, (double) self->drag_start + seconds);
      break;

    case DRAG_START_EDGE:
      request_window (self,
                      MIN ((double) self->drag_start + seconds, (double) self->drag_end - 1),
                      (double) self->drag_end);
      break;

    case DRAG_END_EDGE:
      request_window (self,
                      (double) self->drag_start,
                      MAX ((double) self->drag_end + seconds, (double) self->drag_start + 1));
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
drag_end_cb (CmOverview     *self,
             double          offset_x,
             double          offset_y,
             GtkGestureDrag *gesture)
{
  g_assert (CM_IS_OVERVIEW (self));

  if (self->drag_mode == DRAG_NONE)
    return;

  self->drag_mode = DRAG_NONE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);

  /* Take the range the owner gave meanwhile. */
  if (self->pending_range_end > self->pending_range_start)
    cm_overview_set_range (self, self->pending_range_start, self->pending_range_end,
                           self->start, self->end);
}

static void
motion_cb (CmOverview               *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  g_assert (CM_IS_OVERVIEW (self));

  if (self->drag_mode == DRAG_NONE)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor_for_mode (mode_at (self, x), FALSE));
}

static void
cm_overview_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = CM_OVERVIEW_HEIGHT;
  else
    *minimum = *natural = 0;
}

static void
cm_overview_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  CmOverview *self = CM_OVERVIEW (widget);

  if (self->node_width != width || self->node_height != height)
    g_clear_pointer (&self->node, gsk_render_node_unref);
}

static void
draw_strip (cairo_t  *cr,
            int       width,
            int       height,
            gpointer  user_data)
{
  CmOverview *self = user_data;

  cm_timeline_renderer_render_overview (self->renderer, cr, width, height,
                                        self->range_start, self->range_end,
                                        self->start, self->end);
}

/* The strip is drawn into an image (cm_image_node_new()); the playhead,
 * which moves every frame of a playback, over it. */
static void
cm_overview_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  CmOverview *self = CM_OVERVIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0 || self->renderer == NULL || self->range_end <= self->range_start)
    return;

  if (self->node == NULL)
    {
      self->node = cm_image_node_new (widget, width, height, draw_strip, self);
      self->node_width = width;
      self->node_height = height;
    }

  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);

  /* The playhead moves every frame of a playback: over the cached strip. */
  if (self->playhead != CM_TIME_INVALID)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      cm_timeline_renderer_render_overview_playhead (self->renderer, cr, width, height,
                                                     self->range_start, self->range_end,
                                                     self->playhead);
      cairo_destroy (cr);
    }
}

static void
cm_overview_dispose (GObject *object)
{
  CmOverview *self = CM_OVERVIEW (object);

  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_object (&self->renderer);

  G_OBJECT_CLASS (cm_overview_parent_class)->dispose (object);
}

static void
cm_overview_class_init (CmOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_overview_dispose;

  widget_class->measure = cm_overview_measure;
  widget_class->size_allocate = cm_overview_size_allocate;
  widget_class->snapshot = cm_overview_snapshot;

  /**
   * CmOverview::window-requested:
   * @start: the start wanted
   * @end: the end wanted, > @start
   */
  signals[WINDOW_REQUESTED] =
    g_signal_new ("window-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "overview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_WIDGET);
}

static void
cm_overview_init (CmOverview *self)
{
  self->playhead = CM_TIME_INVALID;
  cm_widget_add_drag_gesture (GTK_WIDGET (self), G_CALLBACK (drag_begin_cb),
                              G_CALLBACK (drag_update_cb), G_CALLBACK (drag_end_cb));
  cm_widget_add_motion (GTK_WIDGET (self), G_CALLBACK (motion_cb), NULL);
}

GtkWidget *
cm_overview_new (void)
{
  return g_object_new (CM_TYPE_OVERVIEW, NULL);
}

void
cm_overview_set_renderer (CmOverview         *self,
                          CmTimelineRenderer *renderer)
{
  g_return_if_fail (CM_IS_OVERVIEW (self));
  g_return_if_fail (renderer == NULL || CM_IS_TIMELINE_RENDERER (renderer));

  if (g_set_object (&self->renderer, renderer))
    cm_overview_invalidate (self);
}

void
cm_overview_set_range (CmOverview *self,
                       CmTime      range_start,
                       CmTime      range_end,
                       CmTime      start,
                       CmTime      end)
{
  g_return_if_fail (CM_IS_OVERVIEW (self));
  g_return_if_fail (range_end > range_start);
  g_return_if_fail (end > start);

  if (self->drag_mode != DRAG_NONE)
    {
      /* Keep the scale under the pointer while it drags. */
      self->pending_range_start = range_start;
      self->pending_range_end = range_end;
      range_start = self->range_start;
      range_end = self->range_end;
    }

  if (self->range_start == range_start && self->range_end == range_end &&
      self->start == start && self->end == end)
    return;

  self->range_start = range_start;
  self->range_end = range_end;
  self->start = start;
  self->end = end;
  cm_overview_invalidate (self);
}

void
cm_overview_invalidate (CmOverview *self)
{
  g_return_if_fail (CM_IS_OVERVIEW (self));

  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cm_overview_set_playhead (CmOverview *self,
                          CmTime      time)
{
  g_return_if_fail (CM_IS_OVERVIEW (self));

  if (self->playhead == time)
    return;

  self->playhead = time;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
cm_overview_get_dragging (CmOverview *self)
{
  g_return_val_if_fail (CM_IS_OVERVIEW (self), FALSE);

  return self->drag_mode != DRAG_NONE;
}
