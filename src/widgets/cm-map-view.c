/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include "cm-map-view.h"

#include "cm-map-view-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Closest zoom: about 1.5 m per pixel (the world's half width is half the
 * equator, 20,037.5 km). */
#define MIN_SCALE_FACTOR (1.5 / 20037508.)
/* Selection and playback follow: a point closer than this to an edge is
 * brought to the centre. */
#define FOLLOW_MARGIN 24.
#define ANIMATION_MS 300
#define CLUSTER_ZOOM 4.
/* A cluster's events are the ones shown nearest its centre, within this. */
#define CLUSTER_RADIUS 48.
/* Events closer than this (degrees, about 10 m) are at the same place. */
#define SAME_PLACE 1e-4

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_VIEWPORT,
  PROP_FILTER,
  PROP_PLAYBACK,
  PROP_PROJECTION,
  PROP_OUTSIDE_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmMapView, cm_map_view, GTK_TYPE_WIDGET)

/* Frames ---------------------------------------------------------------- */

static void
invalidate (CmMapView *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
get_size (CmMapView *self,
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
  get_size (self, &width, &height);

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

static void
clamp_frame (CmMapView  *self,
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
  get_size (self, &width, &height);
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

static void
apply_frame (CmMapView        *self,
             const CmMapFrame *frame)
{
  CmMapFrame clamped = *frame;

  clamp_frame (self, &clamped);
  if (memcmp (&clamped, &self->frame, sizeof clamped) == 0)
    return;

  self->frame = clamped;
  invalidate (self);
  _cm_map_view_update_actions (self);
}

/* Projected point under the widget point (@sx, @sy) in @frame. */
static void
screen_to_world (CmMapView        *self,
                 const CmMapFrame *frame,
                 double            sx,
                 double            sy,
                 double           *x,
                 double           *y)
{
  double width, height;

  get_size (self, &width, &height);
  *x = frame->center_x + (sx - width / 2) * frame->scale;
  *y = frame->center_y - (sy - height / 2) * frame->scale;
}

/* The frame of scale @scale in which the projected point (@x, @y) is at the
 * widget point (@sx, @sy). */
static void
anchor_frame (CmMapView  *self,
              CmMapFrame *frame,
              double      scale,
              double      x,
              double      y,
              double      sx,
              double      sy)
{
  double width, height;

  get_size (self, &width, &height);
  frame->scale = scale;
  frame->center_x = x - (sx - width / 2) * scale;
  frame->center_y = y + (sy - height / 2) * scale;
}

static gboolean
is_allocated (CmMapView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) > 0 &&
         gtk_widget_get_height (GTK_WIDGET (self)) > 0;
}

static gboolean
point_on_screen (CmMapView *self,
                 double     lat,
                 double     lon,
                 double     margin)
{
  double width, height, sx, sy;

  get_size (self, &width, &height);
  cm_map_frame_to_screen (&self->frame, width, height, lat, lon, &sx, &sy);

  return isfinite (sx) && isfinite (sy) &&
         sx >= margin && sx <= width - margin &&
         sy >= margin && sy <= height - margin;
}

/* Animation ------------------------------------------------------------- */

static gboolean
animations_enabled (CmMapView *self)
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
      apply_frame (self, &self->animation_to);
      return G_SOURCE_REMOVE;
    }

  e = ease_out_cubic (MAX (t, 0));
  log_scale = log (self->animation_from.scale) +
              e * (log (self->animation_to.scale) - log (self->animation_from.scale));

  if (self->animation_anchored)
    {
      anchor_frame (self, &frame, exp (log_scale),
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

  apply_frame (self, &frame);

  return G_SOURCE_CONTINUE;
}

void
_cm_map_view_stop_animation (CmMapView *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

gboolean
_cm_map_view_is_animating (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), FALSE);

  return self->tick_id != 0;
}

static void
animate_to (CmMapView        *self,
            const CmMapFrame *target,
            gboolean          animate)
{
  CmMapFrame to = *target;

  _cm_map_view_stop_animation (self);
  clamp_frame (self, &to);
  self->animation_anchored = FALSE;

  if (!animate || !animations_enabled (self) || to.projection != self->frame.projection)
    {
      apply_frame (self, &to);
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

  self->animation_from = self->frame;
  self->animation_to = to;
  self->animation_start = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick_cb, NULL, NULL);
}

static void
animate_to_point (CmMapView *self,
                  double     lat,
                  double     lon)
{
  CmMapFrame frame = self->frame;

  if (!cm_projection_forward (frame.projection, lat, lon, &frame.center_x, &frame.center_y))
    return;

  animate_to (self, &frame, TRUE);
}

/* Rendering ------------------------------------------------------------- */

/* The map is drawn into an image at the device scale, not recorded as
 * vectors: the renderer then keeps the basemap as a cached raster between
 * frames, which is what makes panning and zooming fluid. */
static void
ensure_node (CmMapView *self)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  cairo_surface_t *surface;
  cairo_t *cr;

  if (self->node != NULL || width <= 0 || height <= 0)
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  cm_map_renderer_render (self->renderer, cr, width, height, &self->frame);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return;
    }

  /* Cairo's ARGB32 is GDK's default memory format; the bytes keep the
   * surface alive. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height * scale,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                    (gsize) cairo_image_surface_get_stride (surface));

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_texture (snapshot, texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
  self->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
cm_map_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  CmMapView *self = CM_MAP_VIEW (widget);

  ensure_node (self);
  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);

  /* The on-map controls. */
  GTK_WIDGET_CLASS (cm_map_view_parent_class)->snapshot (widget, snapshot);
}

static void
cm_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  CmMapView *self = CM_MAP_VIEW (widget);
  int child_minimum = 0, child_natural = 0;

  if (self->controls != NULL)
    gtk_widget_measure (self->controls, orientation, -1, &child_minimum, &child_natural, NULL, NULL);

  *minimum = child_minimum;
  *natural = MAX (child_natural, orientation == GTK_ORIENTATION_HORIZONTAL ? 400 : 300);
}

static void
cm_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  CmMapView *self = CM_MAP_VIEW (widget);
  CmMapFrame frame = self->frame;

  if (self->controls != NULL)
    gtk_widget_allocate (self->controls, width, height, -1, NULL);

  if (self->fit_pending && self->document != NULL)
    {
      self->fit_pending = FALSE;
      cm_map_frame_fit_events (&frame, self->document, self->frame.projection, width, height);
    }

  /* Zoom limits depend on the size. */
  clamp_frame (self, &frame);
  self->frame = frame;
  invalidate (self);
  _cm_map_view_update_actions (self);
}

static void
update_style (CmMapView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  self->dark = dark;
  cm_map_renderer_set_style (self->renderer, cm_style_get (dark));
  invalidate (self);
}

static void
style_dark_cb (CmMapView       *self,
               GParamSpec      *pspec,
               AdwStyleManager *style_manager)
{
  g_assert (CM_IS_MAP_VIEW (self));

  if (adw_style_manager_get_dark (style_manager) != self->dark)
    update_style (self);
}

static void
cm_map_view_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (cm_map_view_parent_class)->css_changed (widget, change);

  /* Fonts and scale may have changed with the theme. */
  invalidate (CM_MAP_VIEW (widget));
}

/* Model ----------------------------------------------------------------- */

static void
update_time_window (CmMapView *self)
{
  if (self->viewport != NULL)
    cm_map_renderer_set_time_window (self->renderer,
                                     cm_viewport_get_start (self->viewport),
                                     cm_viewport_get_end (self->viewport));
  else
    cm_map_renderer_set_time_window (self->renderer, CM_TIME_INVALID, CM_TIME_INVALID);
}

static void
update_playback (CmMapView *self)
{
  CmPlayback *playback = self->playback;

  if (playback != NULL && cm_playback_get_itinerary (playback) != NULL)
    cm_map_renderer_set_playback (self->renderer,
                                  cm_playback_get_group (playback),
                                  cm_playback_get_time (playback));
  else
    cm_map_renderer_set_playback (self->renderer, CM_NONE, CM_TIME_INVALID);
}

static gboolean
get_event_coordinates (CmMapView *self,
                       guint      serial,
                       double    *lat,
                       double    *lon)
{
  CmEventStore *store;
  guint position;

  if (self->document == NULL || serial == CM_NONE)
    return FALSE;

  store = cm_document_get_store (self->document);
  position = cm_event_store_find_serial (store, serial);

  return position != CM_NONE && cm_event_store_get_coordinates (store, position, lat, lon);
}

static void
document_changed_cb (CmMapView  *self,
                     CmDocument *document)
{
  g_assert (CM_IS_MAP_VIEW (self));

  /* Another document: show all of it. */
  g_clear_pointer (&self->tooltip_itinerary, cm_itinerary_unref);
  self->hover = CM_NONE;
  cm_map_renderer_set_hover (self->renderer, CM_NONE);
  cm_map_view_fit (self, FALSE);
  invalidate (self);
}

static void
store_items_changed_cb (CmMapView    *self,
                        guint         position,
                        guint         removed,
                        guint         added,
                        CmEventStore *store)
{
  g_assert (CM_IS_MAP_VIEW (self));

  g_clear_pointer (&self->tooltip_itinerary, cm_itinerary_unref);
  invalidate (self);
}

static void
viewport_window_cb (CmMapView  *self,
                    GParamSpec *pspec,
                    CmViewport *viewport)
{
  g_assert (CM_IS_MAP_VIEW (self));

  update_time_window (self);
  invalidate (self);
}

static void
viewport_selection_cb (CmMapView  *self,
                       GParamSpec *pspec,
                       CmViewport *viewport)
{
  guint serial = cm_viewport_get_selection (viewport);
  double lat, lon;

  g_assert (CM_IS_MAP_VIEW (self));

  cm_map_renderer_set_selection (self->renderer, serial);
  invalidate (self);

  /* Selected elsewhere (list, timeline): bring it into view. */
  if (!self->selecting && is_allocated (self) &&
      get_event_coordinates (self, serial, &lat, &lon) &&
      !point_on_screen (self, lat, lon, FOLLOW_MARGIN))
    animate_to_point (self, lat, lon);
}

static void
filter_changed_cb (CmMapView     *self,
                   int            change,
                   CmEventFilter *filter)
{
  g_assert (CM_IS_MAP_VIEW (self));

  invalidate (self);
}

static void
playback_changed_cb (CmMapView  *self,
                     GParamSpec *pspec,
                     CmPlayback *playback)
{
  double lat, lon;

  g_assert (CM_IS_MAP_VIEW (self));

  update_playback (self);
  invalidate (self);

  /* Keep the traveller in view while playing or stepping. */
  if (self->tick_id == 0 && is_allocated (self) &&
      cm_playback_locate (playback, &lat, &lon, NULL) &&
      !point_on_screen (self, lat, lon, FOLLOW_MARGIN))
    animate_to_point (self, lat, lon);
}

/* Input ----------------------------------------------------------------- */

typedef struct
{
  guint  first;       /* earliest event, or CM_NONE */
  double min_lat, min_lon, max_lat, max_lon;
} ClusterInfo;

static gboolean
is_shown (CmMapView    *self,
          CmEventStore *store,
          guint         position)
{
  if (self->filter != NULL && cm_event_filter_is_active (self->filter) &&
      !cm_event_filter_matches (self->filter, store, position))
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
static void
collect_cluster (CmMapView      *self,
                 const CmMapHit *hit,
                 ClusterInfo    *info)
{
  CmEventStore *store = cm_document_get_store (self->document);
  guint n = cm_event_store_get_n_events (store);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  double width, height, cx, cy;

  info->first = CM_NONE;
  info->min_lat = info->min_lon = G_MAXDOUBLE;
  info->max_lat = info->max_lon = -G_MAXDOUBLE;

  get_size (self, &width, &height);
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

static gboolean
cluster_is_one_place (const ClusterInfo *info)
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
  ClusterInfo info;
  CmMapFrame frame = self->frame;
  double width, height, x, y;

  collect_cluster (self, hit, &info);
  get_size (self, &width, &height);

  if (cluster_is_one_place (&info))
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
      anchor_frame (self, &frame, frame.scale / CLUSTER_ZOOM, x, y, width / 2, height / 2);
    }

  animate_to (self, &frame, TRUE);
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
  apply_frame (self, &frame);
}

static gboolean
hit_test (CmMapView *self,
          double     x,
          double     y,
          CmMapHit  *hit)
{
  memset (hit, 0, sizeof *hit);
  hit->kind = CM_MAP_HIT_NONE;

  if (self->document == NULL)
    return FALSE;

  /* Hits are against what was drawn last: draw the current frame first. */
  ensure_node (self);

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
  invalidate (self);
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

  if (hit_test (self, x, y, &hit))
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
  apply_frame (self, &frame);
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

  if (!hit_test (self, x, y, &hit))
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
  get_size (self, &width, &height);
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

  screen_to_world (self, &self->frame, x, y, &px, &py);
  anchor_frame (self, &frame, self->pinch_scale / scale, px, py, x, y);
  apply_frame (self, &frame);
}

static char *
format_stop_dates (CmMapView    *self,
                   const CmStop *stop)
{
  CmEventStore *store = cm_document_get_store (self->document);
  CmEventData first, last;
  g_autofree char *arrive = NULL;
  g_autofree char *depart = NULL;
  CmPrecision depart_precision;

  cm_event_store_get_data (store, stop->first, &first);
  cm_event_store_get_data (store, stop->last, &last);
  depart_precision = last.end != CM_TIME_INVALID ? last.end_precision : last.precision;

  arrive = cm_time_format (stop->arrive, first.precision, first.utc_offset);
  depart = cm_time_format (stop->depart, depart_precision, last.utc_offset);

  if (stop->depart <= stop->arrive || g_strcmp0 (arrive, depart) == 0)
    return g_steal_pointer (&arrive);

  /* Translators: a stay somewhere, from arrival to departure */
  return g_strdup_printf (_("%s – %s"), arrive, depart);
}

static char *
describe_stop (CmMapView      *self,
               const CmMapHit *hit)
{
  const CmStop *stop;
  g_autofree char *place = NULL;
  g_autofree char *dates = NULL;
  guint n_stops;

  if (self->tooltip_itinerary == NULL || cm_itinerary_get_group (self->tooltip_itinerary) != hit->group)
    {
      g_clear_pointer (&self->tooltip_itinerary, cm_itinerary_unref);
      self->tooltip_itinerary = cm_itinerary_new (self->document, hit->group);
    }

  n_stops = cm_itinerary_get_n_stops (self->tooltip_itinerary);
  if (hit->stop < 1 || hit->stop > n_stops)
    return NULL;

  stop = cm_itinerary_get_stop (self->tooltip_itinerary, hit->stop - 1);
  place = g_markup_escape_text (stop->place != NULL ? stop->place : "", -1);
  dates = format_stop_dates (self, stop);

  /* Translators: a stop of an itinerary on the map: its number, the number of stops, and the place */
  return g_strdup_printf (_("<b>Stop %u of %u</b>\n%s\n%s"), hit->stop, n_stops, place, dates);
}

static char *
describe_event (CmMapView      *self,
                const CmMapHit *hit)
{
  CmEventStore *store = cm_document_get_store (self->document);
  guint position = cm_event_store_find_serial (store, hit->serial);
  g_autoptr(CmEvent) event = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  const char *place;

  if (position == CM_NONE)
    return NULL;

  event = cm_event_store_get_event (store, position);
  title = g_markup_escape_text (cm_event_get_title (event), -1);
  date = cm_event_format_date (event);
  place = cm_event_get_place (event);

  if (place != NULL && *place != '\0')
    {
      g_autofree char *escaped_place = g_markup_escape_text (place, -1);
      g_autofree char *escaped_date = g_markup_escape_text (date, -1);

      return g_strdup_printf ("<b>%s</b>\n%s\n%s", title, escaped_date, escaped_place);
    }

  {
    g_autofree char *escaped_date = g_markup_escape_text (date, -1);

    return g_strdup_printf ("<b>%s</b>\n%s", title, escaped_date);
  }
}

static gboolean
cm_map_view_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard_mode,
                           GtkTooltip *tooltip)
{
  CmMapView *self = CM_MAP_VIEW (widget);
  g_autofree char *markup = NULL;
  CmMapHit hit;

  if (keyboard_mode || !hit_test (self, x, y, &hit))
    return FALSE;

  switch (hit.kind)
    {
    case CM_MAP_HIT_EVENT:
      markup = describe_event (self, &hit);
      break;

    case CM_MAP_HIT_STOP:
      markup = describe_stop (self, &hit);
      break;

    case CM_MAP_HIT_CLUSTER:
      {
        ClusterInfo info;

        collect_cluster (self, &hit, &info);
        if (cluster_is_one_place (&info))
          markup = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "<b>%u event at this place</b>\nClick to select the first",
                                                 "<b>%u events at this place</b>\nClick to select the first",
                                                 hit.count),
                                    hit.count);
        else
          markup = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "<b>%u event</b>\nClick to zoom in",
                                                 "<b>%u events</b>\nClick to zoom in",
                                                 hit.count),
                                    hit.count);
      }
      break;

    case CM_MAP_HIT_NONE:
    default:
      break;
    }

  if (markup == NULL)
    return FALSE;

  gtk_tooltip_set_markup (tooltip, markup);

  return TRUE;
}

/* GObject --------------------------------------------------------------- */

static void
cm_map_view_dispose (GObject *object)
{
  CmMapView *self = CM_MAP_VIEW (object);

  _cm_map_view_stop_animation (self);

  if (self->document_signals != NULL)
    g_signal_group_set_target (self->document_signals, NULL);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  if (self->viewport_signals != NULL)
    g_signal_group_set_target (self->viewport_signals, NULL);
  if (self->filter_signals != NULL)
    g_signal_group_set_target (self->filter_signals, NULL);
  if (self->playback_signals != NULL)
    g_signal_group_set_target (self->playback_signals, NULL);

  g_clear_pointer (&self->controls, gtk_widget_unparent);

  g_clear_object (&self->document_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->viewport_signals);
  g_clear_object (&self->filter_signals);
  g_clear_object (&self->playback_signals);
  g_clear_object (&self->actions);
  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->filter);
  g_clear_object (&self->playback);
  g_clear_object (&self->renderer);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_pointer (&self->tooltip_itinerary, cm_itinerary_unref);

  G_OBJECT_CLASS (cm_map_view_parent_class)->dispose (object);
}

static void
cm_map_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CmMapView *self = CM_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, cm_map_view_get_document (self));
      break;

    case PROP_VIEWPORT:
      g_value_set_object (value, cm_map_view_get_viewport (self));
      break;

    case PROP_FILTER:
      g_value_set_object (value, cm_map_view_get_filter (self));
      break;

    case PROP_PLAYBACK:
      g_value_set_object (value, cm_map_view_get_playback (self));
      break;

    case PROP_PROJECTION:
      g_value_set_enum (value, cm_map_view_get_projection (self));
      break;

    case PROP_OUTSIDE_MODE:
      g_value_set_enum (value, cm_map_view_get_outside_mode (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_map_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CmMapView *self = CM_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      cm_map_view_set_document (self, g_value_get_object (value));
      break;

    case PROP_VIEWPORT:
      cm_map_view_set_viewport (self, g_value_get_object (value));
      break;

    case PROP_FILTER:
      cm_map_view_set_filter (self, g_value_get_object (value));
      break;

    case PROP_PLAYBACK:
      cm_map_view_set_playback (self, g_value_get_object (value));
      break;

    case PROP_PROJECTION:
      cm_map_view_set_projection (self, g_value_get_enum (value));
      break;

    case PROP_OUTSIDE_MODE:
      cm_map_view_set_outside_mode (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_map_view_class_init (CmMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_map_view_dispose;
  object_class->get_property = cm_map_view_get_property;
  object_class->set_property = cm_map_view_set_property;

  widget_class->snapshot = cm_map_view_snapshot;
  widget_class->measure = cm_map_view_measure;
  widget_class->size_allocate = cm_map_view_size_allocate;
  widget_class->css_changed = cm_map_view_css_changed;
  widget_class->query_tooltip = cm_map_view_query_tooltip;

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
  properties[PROP_PLAYBACK] =
    g_param_spec_object ("playback", NULL, NULL,
                         CM_TYPE_PLAYBACK,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROJECTION] =
    g_param_spec_enum ("projection", NULL, NULL,
                       CM_TYPE_PROJECTION_KIND, CM_PROJECTION_NATURAL_EARTH,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_OUTSIDE_MODE] =
    g_param_spec_enum ("outside-mode", NULL, NULL,
                       CM_TYPE_MAP_OUTSIDE_MODE, CM_MAP_OUTSIDE_FADE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  _cm_map_view_class_init_actions (widget_class);
}

static void
cm_map_view_init (CmMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->hover = CM_NONE;
  self->outside_mode = CM_MAP_OUTSIDE_FADE;
  self->frame.projection = CM_PROJECTION_NATURAL_EARTH;
  self->frame.scale = G_MAXDOUBLE; /* the whole world, once clamped */

  self->renderer = cm_map_renderer_new ();
  cm_map_renderer_set_basemap_cache (self->renderer, TRUE);
  cm_map_renderer_set_outside_mode (self->renderer, self->outside_mode);
  cm_map_renderer_set_selection (self->renderer, CM_NONE);
  cm_map_renderer_set_hover (self->renderer, CM_NONE);
  update_time_window (self);
  update_playback (self);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag to move, scroll to zoom, click an event to select it"),
                                  -1);

  /* Signals of what the map shows. */
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
  self->playback_signals = g_signal_group_new (CM_TYPE_PLAYBACK);
  g_signal_group_connect_object (self->playback_signals, "notify::time",
                                 G_CALLBACK (playback_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->playback_signals, "notify::itinerary",
                                 G_CALLBACK (playback_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_dark_cb), self, G_CONNECT_SWAPPED);
  update_style (self);

  /* Input */
  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", G_CALLBACK (drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (click_pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "released", G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_object (gesture, "begin", G_CALLBACK (zoom_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  _cm_map_view_init_actions (self);
}

/* Public API ------------------------------------------------------------ */

GtkWidget *
cm_map_view_new (void)
{
  return g_object_new (CM_TYPE_MAP_VIEW, NULL);
}

/**
 * cm_map_view_get_document:
 *
 * Returns: (transfer none) (nullable): the document shown
 */
CmDocument *
cm_map_view_get_document (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);

  return self->document;
}

void
cm_map_view_set_document (CmMapView  *self,
                          CmDocument *document)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  g_signal_group_set_target (self->document_signals, document);
  g_signal_group_set_target (self->store_signals,
                             document != NULL ? cm_document_get_store (document) : NULL);
  cm_map_renderer_set_document (self->renderer, document);

  if (document != NULL)
    document_changed_cb (self, document);
  else
    invalidate (self);
  _cm_map_view_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

/**
 * cm_map_view_get_viewport:
 *
 * Returns: (transfer none) (nullable): the shared viewport
 */
CmViewport *
cm_map_view_get_viewport (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);

  return self->viewport;
}

void
cm_map_view_set_viewport (CmMapView  *self,
                          CmViewport *viewport)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (viewport == NULL || CM_IS_VIEWPORT (viewport));

  if (!g_set_object (&self->viewport, viewport))
    return;

  g_signal_group_set_target (self->viewport_signals, viewport);
  update_time_window (self);
  cm_map_renderer_set_selection (self->renderer,
                                 viewport != NULL ? cm_viewport_get_selection (viewport) : CM_NONE);
  invalidate (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWPORT]);
}

/**
 * cm_map_view_get_filter:
 *
 * Returns: (transfer none) (nullable): the filter applied
 */
CmEventFilter *
cm_map_view_get_filter (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);

  return self->filter;
}

void
cm_map_view_set_filter (CmMapView     *self,
                        CmEventFilter *filter)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (filter == NULL || CM_IS_EVENT_FILTER (filter));

  if (!g_set_object (&self->filter, filter))
    return;

  g_signal_group_set_target (self->filter_signals, filter);
  cm_map_renderer_set_filter (self->renderer, filter);
  invalidate (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * cm_map_view_get_playback:
 *
 * Returns: (transfer none) (nullable): the playback whose traveller is shown
 */
CmPlayback *
cm_map_view_get_playback (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);

  return self->playback;
}

void
cm_map_view_set_playback (CmMapView  *self,
                          CmPlayback *playback)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (playback == NULL || CM_IS_PLAYBACK (playback));

  if (!g_set_object (&self->playback, playback))
    return;

  g_signal_group_set_target (self->playback_signals, playback);
  update_playback (self);
  invalidate (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYBACK]);
}

CmProjectionKind
cm_map_view_get_projection (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), CM_PROJECTION_NATURAL_EARTH);

  return self->frame.projection;
}

void
cm_map_view_set_projection (CmMapView        *self,
                            CmProjectionKind  projection)
{
  CmMapFrame frame;
  double lat, lon, old_half_width, old_half_height, half_width, half_height;

  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (projection < CM_N_PROJECTIONS);

  if (self->frame.projection == projection)
    return;

  _cm_map_view_stop_animation (self);

  /* The same place at the centre, the world at the same size. */
  frame = self->frame;
  frame.projection = projection;
  cm_projection_get_bounds (self->frame.projection, &old_half_width, &old_half_height);
  cm_projection_get_bounds (projection, &half_width, &half_height);
  frame.scale = self->frame.scale * half_width / old_half_width;
  if (!cm_projection_inverse (self->frame.projection, self->frame.center_x, self->frame.center_y, &lat, &lon) ||
      !cm_projection_forward (projection, lat, lon, &frame.center_x, &frame.center_y))
    frame.center_x = frame.center_y = 0;

  clamp_frame (self, &frame);
  self->frame = frame;
  invalidate (self);

  _cm_map_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECTION]);
}

CmMapOutsideMode
cm_map_view_get_outside_mode (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), CM_MAP_OUTSIDE_FADE);

  return self->outside_mode;
}

void
cm_map_view_set_outside_mode (CmMapView        *self,
                              CmMapOutsideMode  mode)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (mode == CM_MAP_OUTSIDE_HIDE || mode == CM_MAP_OUTSIDE_FADE);

  if (self->outside_mode == mode)
    return;

  self->outside_mode = mode;
  cm_map_renderer_set_outside_mode (self->renderer, mode);
  invalidate (self);

  _cm_map_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTSIDE_MODE]);
}

void
cm_map_view_get_frame (CmMapView  *self,
                       CmMapFrame *frame)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (frame != NULL);

  *frame = self->frame;
}

/**
 * cm_map_view_set_frame:
 *
 * Shows @frame (clamped to the zoom limits), with the same projection as the
 * map's.
 */
void
cm_map_view_set_frame (CmMapView        *self,
                       const CmMapFrame *frame,
                       gboolean          animate)
{
  CmMapFrame target;

  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (frame != NULL);

  target = *frame;
  target.projection = self->frame.projection;
  self->fit_pending = FALSE;
  animate_to (self, &target, animate);
}

void
cm_map_view_fit (CmMapView *self,
                 gboolean   animate)
{
  CmMapFrame frame;
  double width, height;

  g_return_if_fail (CM_IS_MAP_VIEW (self));

  if (self->document == NULL)
    return;

  frame = self->frame;

  if (!is_allocated (self))
    {
      self->fit_pending = TRUE;
      return;
    }

  get_size (self, &width, &height);
  cm_map_frame_fit_events (&frame, self->document, self->frame.projection, width, height);
  animate_to (self, &frame, animate);
}

void
cm_map_view_zoom_at (CmMapView *self,
                     double     factor,
                     double     x,
                     double     y,
                     gboolean   animate)
{
  CmMapFrame frame;
  double px, py, min_scale, max_scale, scale;

  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (factor > 0);

  /* Zooming again during an animation goes on from where it was going. */
  frame = self->tick_id != 0 ? self->animation_to : self->frame;
  _cm_map_view_stop_animation (self);

  _cm_map_view_get_scale_limits (self, frame.projection, &min_scale, &max_scale);
  scale = CLAMP (frame.scale / factor, min_scale, max_scale);

  /* The point under (x, y) in the current frame stays there. */
  screen_to_world (self, &self->frame, x, y, &px, &py);
  anchor_frame (self, &frame, scale, px, py, x, y);

  if (!animate || !animations_enabled (self))
    {
      apply_frame (self, &frame);
      return;
    }

  clamp_frame (self, &frame);
  self->animation_from = self->frame;
  self->animation_to = frame;
  self->animation_start = 0;
  self->animation_anchored = TRUE;
  self->anchor_x = px;
  self->anchor_y = py;
  self->anchor_sx = x;
  self->anchor_sy = y;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), animation_tick_cb, NULL, NULL);
}

CmMapRenderer *
_cm_map_view_get_renderer (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);

  return self->renderer;
}
