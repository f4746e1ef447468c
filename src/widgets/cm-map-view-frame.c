/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include "cm-map-view-private.h"

#include "cm-image-node.h"

#include <math.h>
#include <string.h>

/* The shown frame (limits, clamping, screen <-> world), its animation on
 * the frame clock, and the drawn map. */

/* Closest zoom: about 1.5 m per pixel (the world's half width is half the
 * equator, 20,037.5 km). */
#define MIN_SCALE_FACTOR (1.5 / 20037508.)
#define ANIMATION_MS 300


/* Drops the drawn map and queues a redraw. */
void
_cm_map_view_invalidate (CmMapView *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The widget's size, px (at least 1). */
void
_cm_map_view_get_size (CmMapView *self,
                       double    *width,
                       double    *height)
{
  *width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  *height = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)));
}

/* From the whole world in the widget to street level. */
void
_cm_map_view_get_scale_limits (CmMapView        *self,
                               CmProjectionKind  projection,
                               double           *min_scale,
                               double           *max_scale)
{
  double half_width, half_height, width, height;

  cm_projection_get_bounds (projection, &half_width, &half_height);
  _cm_map_view_get_size (self, &width, &height);

  *min_scale = half_width * MIN_SCALE_FACTOR;
  *max_scale = MAX (*min_scale, MAX (2 * half_width / width, 2 * half_height / height));
}

/* Keeps the view on the world: centred on it when the world is smaller
 * than the view, else never past its edge. */
static double
clamp_center (double center,
              double view_half,
              double world_half)
{
  if (view_half >= world_half)
    return 0;

  return CLAMP (center, -world_half + view_half, world_half - view_half);
}

/* Clamps @frame to the view's zoom limits and keeps it on the world. */
void
_cm_map_view_clamp_frame (CmMapView  *self,
                          CmMapFrame *frame)
{
  double min_scale, max_scale, half_width, half_height, width, height;

  _cm_map_view_get_scale_limits (self, frame->projection, &min_scale, &max_scale);
  if (!isfinite (frame->scale))
    frame->scale = max_scale;
  frame->scale = CLAMP (frame->scale, min_scale, max_scale);

  /* The view stays on the world; cylindrical worlds repeat side by side,
   * so panning goes round. */
  cm_projection_get_bounds (frame->projection, &half_width, &half_height);
  _cm_map_view_get_size (self, &width, &height);
  if (!isfinite (frame->center_x))
    frame->center_x = 0;
  if (!isfinite (frame->center_y))
    frame->center_y = 0;
  if (cm_projection_is_cylindrical (frame->projection))
    frame->center_x -= 2 * half_width * floor ((frame->center_x + half_width) / (2 * half_width));
  else
    frame->center_x = clamp_center (frame->center_x, width / 2 * frame->scale, half_width);
  frame->center_y = clamp_center (frame->center_y, height / 2 * frame->scale, half_height);
}

/* Shows @frame (clamped to the view's limits) at once. */
void
_cm_map_view_apply_frame (CmMapView        *self,
                          const CmMapFrame *frame)
{
  CmMapFrame clamped = *frame;

  _cm_map_view_clamp_frame (self, &clamped);
  if (memcmp (&clamped, &self->frame, sizeof clamped) == 0)
    return;

  self->frame = clamped;
  _cm_map_view_invalidate (self);
  _cm_map_view_update_actions (self);
}

/* Projected point under the widget point (@sx, @sy) in @frame. */
void
_cm_map_view_screen_to_world (CmMapView        *self,
                              const CmMapFrame *frame,
                              double            sx,
                              double            sy,
                              double           *x,
                              double           *y)
{
  double width, height;

  _cm_map_view_get_size (self, &width, &height);
  *x = frame->center_x + (sx - width / 2) * frame->scale;
  *y = frame->center_y - (sy - height / 2) * frame->scale;
}

/* The frame of scale @scale in which the projected point (@x, @y) is at the
 * widget point (@sx, @sy). */
void
_cm_map_view_anchor_frame (CmMapView  *self,
                           CmMapFrame *frame,
                           double      scale,
                           double      x,
                           double      y,
                           double      sx,
                           double      sy)
{
  double width, height;

  _cm_map_view_get_size (self, &width, &height);
  frame->scale = scale;
  frame->center_x = x - (sx - width / 2) * scale;
  frame->center_y = y + (sy - height / 2) * scale;
}

/* Whether the widget has a size yet. */
gboolean
_cm_map_view_is_allocated (CmMapView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) > 0 &&
         gtk_widget_get_height (GTK_WIDGET (self)) > 0;
}

double
_cm_map_view_get_right_inset (CmMapView *self)
{
  double width, height;
  int natural = 0;

  if (self->controls == NULL || !gtk_widget_get_visible (self->controls))
    return 0;

  /* The measure holds the column's margin from the edge. */
  gtk_widget_measure (self->controls, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  _cm_map_view_get_size (self, &width, &height);

  return MIN (natural + 8, width / 3);
}

void
_cm_map_view_fit_framing (CmMapView       *self,
                          const CmFraming *framing,
                          CmMapFrame      *frame)
{
  double width, height, inset = _cm_map_view_get_right_inset (self);
  CmProjectionKind projection = self->frame.projection;

  _cm_map_view_get_size (self, &width, &height);

  if (!framing->has_places)
    {
      frame->projection = projection;
      frame->center_x = frame->center_y = 0;
      frame->scale = G_MAXDOUBLE; /* the whole world, once clamped */
      return;
    }

  /* Fitted into the part left of the controls, then moved there. */
  cm_map_frame_fit_area (frame, projection, framing->min_lat, framing->min_lon,
                         framing->max_lat, framing->max_lon, width - inset, height);
  frame->center_x += inset / 2 * frame->scale;
}

gboolean
_cm_map_view_point_on_screen (CmMapView *self,
                              double     lat,
                              double     lon,
                              double     margin)
{
  double width, height, sx, sy;

  _cm_map_view_get_size (self, &width, &height);
  cm_map_frame_to_screen (&self->frame, width, height, lat, lon, &sx, &sy);

  return isfinite (sx) && isfinite (sy) &&
         sx >= margin && sx <= width - margin - _cm_map_view_get_right_inset (self) &&
         sy >= margin && sy <= height - margin;
}

/* Animation ------------------------------------------------------------- */

/* Whether animations are on and the widget is mapped. */
gboolean
_cm_map_view_animations_enabled (CmMapView *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);

  return enabled && gtk_widget_get_mapped (GTK_WIDGET (self));
}

static double
ease_out_cubic (double t)
{
  double p = 1 - t;

  return 1 - p * p * p;
}

static gboolean
animation_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  CmMapView *self = CM_MAP_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);
  double t, e, log_scale;
  CmMapFrame frame = self->animation_to;

  if (self->animation_start == 0)
    self->animation_start = now;

  t = (now - self->animation_start) / (ANIMATION_MS * 1000.);
  if (t >= 1)
    {
      self->tick_id = 0;
      _cm_map_view_apply_frame (self, &self->animation_to);
      return G_SOURCE_REMOVE;
    }

  e = ease_out_cubic (MAX (t, 0));
  log_scale = log (self->animation_from.scale) +
              e * (log (self->animation_to.scale) - log (self->animation_from.scale));

  if (self->animation_anchored)
    {
      _cm_map_view_anchor_frame (self, &frame, exp (log_scale),
                                 self->anchor_x, self->anchor_y, self->anchor_sx, self->anchor_sy);
    }
  else
    {
      frame.scale = exp (log_scale);
      frame.center_x = self->animation_from.center_x +
                       e * (self->animation_to.center_x - self->animation_from.center_x);
      frame.center_y = self->animation_from.center_y +
                       e * (self->animation_to.center_y - self->animation_from.center_y);
    }

  _cm_map_view_apply_frame (self, &frame);

  return G_SOURCE_CONTINUE;
}

/* Animates the frame from the current one to @to (already clamped). */
void
_cm_map_view_start_animation (CmMapView        *self,
                              const CmMapFrame *to)
{
  self->animation_from = self->frame;
  self->animation_to = *to;
  self->animation_start = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick_cb, NULL, NULL);
}

/* Stops the frame animation, where it is. */
void
_cm_map_view_stop_animation (CmMapView *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

/* Whether the frame is being animated. */
gboolean
_cm_map_view_is_animating (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), FALSE);

  return self->tick_id != 0;
}

/* Goes to @target, animated when @animate and animations are on. */
void
_cm_map_view_animate_to (CmMapView        *self,
                         const CmMapFrame *target,
                         gboolean          animate)
{
  CmMapFrame to = *target;

  _cm_map_view_stop_animation (self);
  _cm_map_view_clamp_frame (self, &to);
  self->animation_anchored = FALSE;

  if (!animate || !_cm_map_view_animations_enabled (self) || to.projection != self->frame.projection)
    {
      _cm_map_view_apply_frame (self, &to);
      return;
    }

  /* Round a repeating world the short way. */
  if (cm_projection_is_cylindrical (to.projection))
    {
      double half_width, half_height;

      cm_projection_get_bounds (to.projection, &half_width, &half_height);
      if (to.center_x - self->frame.center_x > half_width)
        to.center_x -= 2 * half_width;
      else if (self->frame.center_x - to.center_x > half_width)
        to.center_x += 2 * half_width;
    }

  _cm_map_view_start_animation (self, &to);
}

/* Centres the map on (@lat, @lon), animated. */
void
_cm_map_view_animate_to_point (CmMapView *self,
                               double     lat,
                               double     lon)
{
  CmMapFrame frame = self->frame;

  if (!cm_projection_forward (frame.projection, lat, lon, &frame.center_x, &frame.center_y))
    return;
  frame.center_x += _cm_map_view_get_right_inset (self) / 2 * frame.scale;

  _cm_map_view_animate_to (self, &frame, TRUE);
}

/* Rendering ------------------------------------------------------------- */

static void
draw_map (cairo_t  *cr,
          int       width,
          int       height,
          gpointer  user_data)
{
  CmMapView *self = user_data;

  cm_map_renderer_render (self->renderer, cr, width, height, &self->frame);
}

/* The map is drawn into an image (cm_image_node_new()), not recorded as
 * vectors: the renderer then keeps the basemap as a cached raster between
 * frames, which is what makes panning and zooming fluid. */
void
_cm_map_view_ensure_node (CmMapView *self)
{
  if (self->node != NULL)
    return;

  self->node = cm_image_node_new (GTK_WIDGET (self), gtk_widget_get_width (GTK_WIDGET (self)),
                                  gtk_widget_get_height (GTK_WIDGET (self)), draw_map, self);
}
