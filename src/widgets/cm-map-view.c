/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include "cm-map-view.h"

#include "cm-map-view-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* Selection and playback follow: a point closer than this to an edge is
 * brought to the centre. */
#define FOLLOW_MARGIN 24.

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PROJECTION,
  PROP_OUTSIDE_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmMapView, cm_map_view, GTK_TYPE_WIDGET)

/* Frames ---------------------------------------------------------------- */

/* The session's story, or every match. */
static gboolean
get_framing (CmMapView *self,
             gboolean   story,
             CmFraming *framing)
{
  return story ? cm_framing_story (self->session, framing) : cm_framing_all (self->session, framing);
}

/* A drag's edit not made yet (here or on the timeline), above the cached
 * map: a step of the drag does not render the map again. */
static void
draw_preview (CmMapView   *self,
              GtkSnapshot *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double lat, lon;
  guint serial;
  cairo_t *cr;

  if (self->viewport == NULL ||
      (serial = cm_viewport_get_preview (self->viewport, NULL, NULL, &lat, &lon)) == CM_NONE)
    return;

  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                       gtk_widget_get_height (widget)));
  cm_map_renderer_render_preview (self->renderer, cr, serial, lat, lon);
  cairo_destroy (cr);
}

static void
cm_map_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  CmMapView *self = CM_MAP_VIEW (widget);

  _cm_map_view_ensure_node (self);
  if (self->node != NULL)
    {
      gtk_snapshot_append_node (snapshot, self->node);
      /* The hover, above the cached map: moving the pointer over markers
       * does not render the map again. */
      if (self->hover != CM_NONE)
        {
          cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                                   &GRAPHENE_RECT_INIT (0, 0,
                                                                        gtk_widget_get_width (widget),
                                                                        gtk_widget_get_height (widget)));

          cm_map_renderer_render_hover (self->renderer, cr);
          cairo_destroy (cr);
        }
      draw_preview (self, snapshot);
    }

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
    {
      graphene_rect_t bounds;

      gtk_widget_allocate (self->controls, width, height, -1, NULL);
      /* No label under the controls */
      if (gtk_widget_compute_bounds (self->controls, widget, &bounds))
        cm_map_renderer_set_keep_out (self->renderer,
                                      &(CmMapBox) { bounds.origin.x - 4, bounds.origin.y - 4,
                                                    bounds.size.width + 8, bounds.size.height + 8,
                                                    FALSE },
                                      1);
    }
  if (self->cluster_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->cluster_popover));
  if (self->context_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_popover));

  if (self->fit_pending && self->session != NULL)
    {
      CmFraming framing;

      self->fit_pending = FALSE;
      if (get_framing (self, self->fit_story, &framing))
        _cm_map_view_fit_framing (self, &framing, &frame);
    }

  /* Zoom limits depend on the size. */
  _cm_map_view_clamp_frame (self, &frame);
  self->frame = frame;
  _cm_map_view_invalidate (self);
  _cm_map_view_update_actions (self);
}

static void
update_style (CmMapView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  self->dark = dark;
  cm_map_renderer_set_style (self->renderer, cm_style_get (dark));
  _cm_map_view_invalidate (self);
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
  _cm_map_view_invalidate (CM_MAP_VIEW (widget));
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

  /* Another document: show where its story is. */
  g_clear_pointer (&self->tooltip_itinerary, cm_itinerary_unref);
  self->hover = CM_NONE;
  cm_map_renderer_set_hover (self->renderer, CM_NONE);
  /* At the next allocation, once the session has taken the document in
   * (its filter and playback), unless shown otherwise before. */
  self->fit_pending = TRUE;
  self->fit_story = TRUE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  _cm_map_view_invalidate (self);
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
  _cm_map_view_invalidate (self);
}

static void
viewport_window_cb (CmMapView  *self,
                    GParamSpec *pspec,
                    CmViewport *viewport)
{
  g_assert (CM_IS_MAP_VIEW (self));

  update_time_window (self);
  _cm_map_view_invalidate (self);
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
  _cm_map_view_invalidate (self);
  _cm_map_view_update_accessible_label (self);

  /* Selected elsewhere (list, timeline): bring it into view. */
  if (!self->selecting && _cm_map_view_is_allocated (self) &&
      get_event_coordinates (self, serial, &lat, &lon) &&
      !_cm_map_view_point_on_screen (self, lat, lon, FOLLOW_MARGIN))
    _cm_map_view_animate_to_point (self, lat, lon);
}

static void
session_matches_cb (CmMapView  *self,
                    GParamSpec *pspec,
                    CmSession  *session)
{
  g_assert (CM_IS_MAP_VIEW (self));

  cm_map_renderer_set_matches (self->renderer, cm_session_get_matches (session));
  _cm_map_view_invalidate (self);
}

static void
playback_changed_cb (CmMapView  *self,
                     GParamSpec *pspec,
                     CmPlayback *playback)
{
  double lat, lon;

  g_assert (CM_IS_MAP_VIEW (self));

  update_playback (self);
  _cm_map_view_invalidate (self);

  /* Keep the traveller in view while playing or stepping; not while a
   * marker is dragged (the itinerary changes with it). */
  if (self->tick_id == 0 && _cm_map_view_is_allocated (self) && !_cm_map_view_is_editing (self) &&
      cm_playback_locate (playback, &lat, &lon, NULL) &&
      !_cm_map_view_point_on_screen (self, lat, lon, FOLLOW_MARGIN))
    _cm_map_view_animate_to_point (self, lat, lon);
}

/* Playing starts: unless zoomed in closer already (then the traveller is
 * followed), show the whole itinerary, so that the traveller's moves can
 * be seen. */
static void
playback_playing_cb (CmMapView  *self,
                     GParamSpec *pspec,
                     CmPlayback *playback)
{
  CmItinerary *itinerary = cm_playback_get_itinerary (playback);
  CmFraming framing;
  CmMapFrame frame;

  g_assert (CM_IS_MAP_VIEW (self));

  if (!cm_playback_get_playing (playback) || itinerary == NULL ||
      !_cm_map_view_is_allocated (self) || !cm_framing_itinerary (itinerary, &framing))
    return;

  _cm_map_view_fit_framing (self, &framing, &frame);
  _cm_map_view_clamp_frame (self, &frame);

  /* Zoomed in closer: playback_changed_cb() follows the traveller. */
  if (self->frame.scale < frame.scale * 0.9)
    return;

  /* Much farther out, or the itinerary partly out of sight. */
  if (frame.scale < self->frame.scale * 0.9 ||
      !_cm_map_view_point_on_screen (self, framing.min_lat, framing.min_lon, 0) ||
      !_cm_map_view_point_on_screen (self, framing.max_lat, framing.max_lon, 0))
    {
      self->fit_pending = FALSE;
      _cm_map_view_animate_to (self, &frame, TRUE);
    }
}

/* Takes the new session's document, viewport, playback and matches (none
 * without one), then notifies "session". */
static void
bind_session (CmMapView *self)
{
  CmSession *session = self->session;

  g_set_object (&self->document, (session != NULL ? cm_session_get_document (session) : NULL));
  g_set_object (&self->viewport, (session != NULL ? cm_session_get_viewport (session) : NULL));
  g_set_object (&self->playback, (session != NULL ? cm_session_get_playback (session) : NULL));

  _cm_map_view_edit_reset (self);
  cm_map_renderer_set_document (self->renderer, self->document);
  cm_map_renderer_set_matches (self->renderer,
                               session != NULL ? cm_session_get_matches (session) : NULL);
  update_time_window (self);
  cm_map_renderer_set_selection (self->renderer,
                                 self->viewport != NULL ? cm_viewport_get_selection (self->viewport)
                                                        : CM_NONE);
  update_playback (self);

  if (self->document != NULL)
    document_changed_cb (self, self->document);
  else
    _cm_map_view_invalidate (self);
  _cm_map_view_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* GObject --------------------------------------------------------------- */

static void
cm_map_view_dispose (GObject *object)
{
  CmMapView *self = CM_MAP_VIEW (object);

  _cm_map_view_stop_animation (self);
  _cm_map_view_edit_reset (self);

  cm_session_signals_clear (&self->signals);

  g_clear_pointer (&self->controls, gtk_widget_unparent);
  g_clear_pointer (&self->cluster_popover, gtk_widget_unparent);
  g_clear_pointer (&self->context_popover, gtk_widget_unparent);

  g_clear_object (&self->actions);
  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->playback);
  g_clear_object (&self->session);
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
    case PROP_SESSION:
      g_value_set_object (value, cm_map_view_get_session (self));
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
    case PROP_SESSION:
      cm_map_view_set_session (self, g_value_get_object (value));
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
  widget_class->query_tooltip = _cm_map_view_query_tooltip;

  properties[PROP_SESSION] = cm_session_param_spec_new ();
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
  _cm_map_view_class_init_input (widget_class);
  _cm_map_view_class_init_edit (widget_class);
}

static void
cm_map_view_init (CmMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->hover = CM_NONE;
  self->outside_mode = CM_MAP_OUTSIDE_FADE;
  self->frame.projection = CM_PROJECTION_NATURAL_EARTH;
  self->frame.scale = G_MAXDOUBLE; /* the whole world, once clamped */

  self->renderer = cm_map_renderer_new ();
  cm_map_renderer_set_hover_overlay (self->renderer, TRUE);
  cm_map_renderer_set_basemap_cache (self->renderer, TRUE);
  /* Grids of new zoom levels and filters come from a thread: draw again then. */
  cm_map_renderer_set_scene_async (self->renderer, TRUE);
  g_signal_connect_object (self->renderer, "changed", G_CALLBACK (_cm_map_view_invalidate), self,
                           G_CONNECT_SWAPPED);
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
  cm_session_signals_init (&self->signals);
  cm_session_signals_connect_view (&self->signals, self, G_CALLBACK (document_changed_cb),
                                   G_CALLBACK (store_items_changed_cb), G_CALLBACK (viewport_window_cb),
                                   G_CALLBACK (viewport_selection_cb), G_CALLBACK (session_matches_cb));
  g_signal_group_connect_object (self->signals.viewport, "preview-changed",
                                 G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::time",
                                 G_CALLBACK (playback_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::itinerary",
                                 G_CALLBACK (playback_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::playing",
                                 G_CALLBACK (playback_playing_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_dark_cb), self, G_CONNECT_SWAPPED);
  update_style (self);

  _cm_map_view_init_input (self);
  _cm_map_view_init_edit (self);
  _cm_map_view_init_actions (self);
}

/* Public API ------------------------------------------------------------ */

GtkWidget *
cm_map_view_new (void)
{
  return g_object_new (CM_TYPE_MAP_VIEW, NULL);
}

/**
 * cm_map_view_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
CmSession *
cm_map_view_get_session (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);

  return self->session;
}

void
cm_map_view_set_session (CmMapView *self,
                         CmSession *session)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));

  if (cm_session_signals_replace (&self->signals, &self->session, session))
    bind_session (self);
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

  _cm_map_view_clamp_frame (self, &frame);
  self->frame = frame;
  _cm_map_view_invalidate (self);

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
  _cm_map_view_invalidate (self);

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
  _cm_map_view_animate_to (self, &target, animate);
}

/* Fits the story or every match, once the widget has a size. */
static void
fit_framing (CmMapView *self,
             gboolean   story,
             gboolean   animate)
{
  CmFraming framing;
  CmMapFrame frame;

  if (self->session == NULL || self->document == NULL)
    return;

  if (!_cm_map_view_is_allocated (self))
    {
      self->fit_pending = TRUE;
      self->fit_story = story;
      return;
    }

  self->fit_pending = FALSE;
  if (!get_framing (self, story, &framing))
    return;

  _cm_map_view_fit_framing (self, &framing, &frame);
  _cm_map_view_animate_to (self, &frame, animate);
}

void
cm_map_view_fit (CmMapView *self,
                 gboolean   animate)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));

  fit_framing (self, FALSE, animate);
}

void
cm_map_view_show_story (CmMapView *self,
                        gboolean   animate)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));

  fit_framing (self, TRUE, animate);
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
  _cm_map_view_screen_to_world (self, &self->frame, x, y, &px, &py);
  _cm_map_view_anchor_frame (self, &frame, scale, px, py, x, y);

  if (!animate || !_cm_map_view_animations_enabled (self))
    {
      _cm_map_view_apply_frame (self, &frame);
      return;
    }

  _cm_map_view_clamp_frame (self, &frame);
  self->animation_anchored = TRUE;
  self->anchor_x = px;
  self->anchor_y = py;
  self->anchor_sx = x;
  self->anchor_sy = y;
  _cm_map_view_start_animation (self, &frame);
}

CmMapRenderer *
_cm_map_view_get_renderer (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);

  return self->renderer;
}
