/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timeline-view"

#include "config.h"

#include "cm-timeline-view.h"

#include "cm-overview.h"
#include "cm-timeline-view-private.h"

#include <glib/gi18n.h>
#include <math.h>

#define FIT_MARGIN 0.05

/* The widest zoom: this many times the whole document. */
#define MAX_SPAN_FACTOR 4.0
#define MIN_MAX_SPAN (G_GINT64_CONSTANT (10) * 365 * 86400)

enum {
  PROP_0,
  PROP_SESSION,
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

CmEventStore *
_cm_timeline_view_get_store (CmTimelineView *self)
{
  return self->document != NULL ? cm_document_get_store (self->document) : NULL;
}

double
_cm_timeline_view_get_lanes_top (CmTimelineView *self)
{
  return CM_OVERVIEW_HEIGHT;
}

double
_cm_timeline_view_get_lanes_height (CmTimelineView *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self)) - _cm_timeline_view_get_lanes_top (self);
}

double
_cm_timeline_view_get_width (CmTimelineView *self)
{
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);
}

const CmStyle *
_cm_timeline_view_get_style (CmTimelineView *self)
{
  return cm_style_get (self->style_manager != NULL &&
                       adw_style_manager_get_dark (self->style_manager));
}

CmTime
_cm_timeline_view_get_min_span (CmTimelineView *self)
{
  return (CmTime) ceil (CM_TIMELINE_MIN_SECONDS_PER_100PX * _cm_timeline_view_get_width (self) / 100.0);
}

void
_cm_timeline_view_add_fit_margins (CmTime  first,
                                   CmTime  last,
                                   CmTime *start,
                                   CmTime *end)
{
  double margin = MAX (cm_time_window_span (first, last) * FIT_MARGIN, 30.0);

  *start = cm_time_window_time_from_double ((double) first - margin);
  *end = cm_time_window_time_from_double ((double) last + margin);
}

gboolean
_cm_timeline_view_get_fit_window (CmTimelineView *self,
                                  CmTime         *start,
                                  CmTime         *end)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);
  CmTime first, last;

  if (store == NULL || !cm_event_store_get_range (store, &first, &last))
    return FALSE;

  _cm_timeline_view_add_fit_margins (first, last, start, end);

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

gboolean
_cm_timeline_view_is_shown (CmTimelineView *self,
                            guint           position)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);

  if (store == NULL || position >= cm_event_store_get_n_events (store))
    return FALSE;

  if (self->session != NULL && !cm_session_matches (self->session, position))
    return FALSE;

  return !cm_timeline_renderer_get_collapsed (self->renderer,
                                              cm_event_store_get_group (store, position));
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
  _cm_timeline_view_update_accessible_description (self);
}

/* Below this many events, lanes are built at once, not in a thread. */
#define SYNC_SCENE_MAX_EVENTS 20000

/* The lanes of a new filter result or document are built in a thread
 * while the previous ones stay on screen (see renderer_changed_cb());
 * small documents are done at once. */
static void
prepare_small_scene (CmTimelineView *self)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);

  if (store != NULL && cm_event_store_get_n_events (store) < SYNC_SCENE_MAX_EVENTS)
    cm_timeline_renderer_prepare (self->renderer, 0);
}

static void
renderer_changed_cb (CmTimelineView     *self,
                     CmTimelineRenderer *renderer)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  invalidate_all (self);
}

static void
session_matches_cb (CmTimelineView *self,
                    GParamSpec     *pspec,
                    CmSession      *session)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  cm_timeline_renderer_set_matches (self->renderer, cm_session_get_matches (session));
  prepare_small_scene (self);
  invalidate_all (self);
}

static void
session_time_zone_cb (CmTimelineView *self,
                      GParamSpec     *pspec,
                      CmSession      *session)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  cm_timeline_renderer_set_zone_kind (self->renderer, cm_session_get_time_zone (session));
  _cm_timeline_view_invalidate (self);
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
  CmEventStore *store = _cm_timeline_view_get_store (self);
  guint serial = cm_viewport_get_selection (viewport);

  g_assert (CM_IS_TIMELINE_VIEW (self));

  cm_timeline_renderer_set_selection (self->renderer, serial);
  _cm_timeline_view_invalidate (self);
  _cm_timeline_view_update_accessible_description (self);

  /* Selected from here or from elsewhere (the list, the map): show it. */
  if (store != NULL && serial != CM_NONE)
    _cm_timeline_view_reveal_event (self, cm_event_store_find_serial (store, serial));
}

static void
style_dark_cb (CmTimelineView  *self,
               GParamSpec      *pspec,
               AdwStyleManager *style_manager)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  if (self->renderer == NULL)
    return;

  cm_timeline_renderer_set_style (self->renderer, _cm_timeline_view_get_style (self));
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

/* The playhead shows once the playback has started: while it plays, and
 * where it was paused. */
static void
update_playhead (CmTimelineView *self)
{
  CmPlayback *playback = self->session != NULL ? cm_session_get_playback (self->session) : NULL;
  CmTime time = CM_TIME_INVALID, start, end;

  if (playback != NULL && cm_playback_get_range (playback, &start, &end) &&
      (cm_playback_get_playing (playback) || cm_playback_get_time (playback) > start))
    time = cm_playback_get_time (playback);

  if (self->playhead == time)
    return;

  self->playhead = time;
  cm_overview_set_playhead (self->overview, time);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
playback_changed_cb (CmTimelineView *self,
                     GParamSpec     *pspec,
                     CmPlayback     *playback)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  update_playhead (self);
}

/* Takes the new session's document, viewport and matches (none without
 * one), then notifies "session". */
static void
bind_session (CmTimelineView *self)
{
  CmSession *session = self->session;

  g_set_object (&self->document, (session != NULL ? cm_session_get_document (session) : NULL));
  g_set_object (&self->viewport, (session != NULL ? cm_session_get_viewport (session) : NULL));

  _cm_timeline_view_stop_motion (self);
  _cm_timeline_view_edit_reset (self);
  self->hover_serial = CM_NONE;
  cm_timeline_renderer_set_hover (self->renderer, CM_NONE);
  cm_timeline_renderer_set_document (self->renderer, self->document);
  cm_timeline_renderer_set_matches (self->renderer,
                                    session != NULL ? cm_session_get_matches (session) : NULL);
  prepare_small_scene (self);
  cm_timeline_renderer_set_zone_kind (self->renderer,
                                      session != NULL ? cm_session_get_time_zone (session)
                                                      : CM_ZONE_KIND_DOCUMENT);
  cm_timeline_renderer_set_selection (self->renderer,
                                      self->viewport != NULL ? cm_viewport_get_selection (self->viewport)
                                                             : CM_NONE);
  invalidate_all (self);
  update_playhead (self);
  _cm_timeline_view_update_accessible_description (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
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
  int inset = 0;

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
      inset = bar_width;
    }

  /* No label under the scroll bar. */
  if (inset != self->label_inset)
    {
      self->label_inset = inset;
      cm_timeline_renderer_set_right_inset (self->renderer, inset);
      g_clear_pointer (&self->static_node, gsk_render_node_unref);
    }

  if (self->node_width != width || self->node_height != height - CM_OVERVIEW_HEIGHT)
    {
      g_clear_pointer (&self->static_node, gsk_render_node_unref);
      _cm_timeline_view_queue_update_scrolling (self);
    }

  if (self->go_to_popover != NULL)
    gtk_popover_present (self->go_to_popover);
}

static void
cm_timeline_view_unmap (GtkWidget *widget)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);

  /* No frames while unmapped: land where the animation was going. */
  _cm_timeline_view_finish_animation (self);
  _cm_timeline_view_stop_kinetic (self);

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
  _cm_timeline_view_edit_reset (self);
  g_clear_handle_id (&self->scrolling_idle_id, g_source_remove);

  cm_session_signals_clear (&self->signals);
  if (self->style_manager != NULL)
    g_clear_signal_handler (&self->dark_handler, self->style_manager);

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_TIMELINE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->session);
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
    case PROP_SESSION:
      g_value_set_object (value, cm_timeline_view_get_session (self));
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
    case PROP_SESSION:
      cm_timeline_view_set_session (self, g_value_get_object (value));
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
  widget_class->snapshot = _cm_timeline_view_snapshot;
  widget_class->unmap = cm_timeline_view_unmap;
  widget_class->query_tooltip = _cm_timeline_view_query_tooltip;
  widget_class->state_flags_changed = cm_timeline_view_state_flags_changed;

  properties[PROP_SESSION] = cm_session_param_spec_new ();

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
  gtk_widget_class_bind_template_callback_full (widget_class, "vadjustment_value_changed_cb",
                                                G_CALLBACK (_cm_timeline_view_vadjustment_value_changed_cb));
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

  g_type_ensure (CM_TYPE_OVERVIEW);

  gtk_widget_init_template (widget);

  self->pointer_x = -1;
  self->pointer_y = -1;
  self->hover_serial = CM_NONE;
  cm_edit_drag_init (&self->edit);
  self->reveal_serial = CM_NONE;
  self->playhead = CM_TIME_INVALID;
  self->animations = TRUE;

  self->renderer = cm_timeline_renderer_new ();
  cm_timeline_renderer_set_hover_overlay (self->renderer, TRUE);
  cm_timeline_renderer_set_async_scene (self->renderer, TRUE);
  g_signal_connect_object (self->renderer, "changed", G_CALLBACK (renderer_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* The sidebar's category filter is the legend. */
  cm_timeline_renderer_set_show_legend (self->renderer, FALSE);
  self->style_manager = adw_style_manager_get_default ();
  self->dark_handler = g_signal_connect_object (self->style_manager, "notify::dark",
                                                G_CALLBACK (style_dark_cb), self,
                                                G_CONNECT_SWAPPED);
  cm_timeline_renderer_set_style (self->renderer, _cm_timeline_view_get_style (self));
  cm_overview_set_renderer (self->overview, self->renderer);

  cm_session_signals_init (&self->signals);
  cm_session_signals_connect_view (&self->signals, self, G_CALLBACK (document_changed_cb),
                                   G_CALLBACK (store_items_changed_cb), G_CALLBACK (viewport_window_cb),
                                   G_CALLBACK (viewport_selection_cb), G_CALLBACK (session_matches_cb));
  g_signal_group_connect_object (self->signals.viewport, "preview-changed",
                                 G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::time",
                                 G_CALLBACK (playback_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::playing",
                                 G_CALLBACK (playback_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::itinerary",
                                 G_CALLBACK (playback_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.session, "notify::time-zone",
                                 G_CALLBACK (session_time_zone_cb), self, G_CONNECT_SWAPPED);

  _cm_timeline_view_init_input (self);
}

/* Public API -------------------------------------------------------------- */

GtkWidget *
cm_timeline_view_new (void)
{
  return g_object_new (CM_TYPE_TIMELINE_VIEW, NULL);
}

/**
 * cm_timeline_view_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
CmSession *
cm_timeline_view_get_session (CmTimelineView *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_VIEW (self), NULL);

  return self->session;
}

void
cm_timeline_view_set_session (CmTimelineView *self,
                              CmSession      *session)
{
  g_return_if_fail (CM_IS_TIMELINE_VIEW (self));

  if (cm_session_signals_replace (&self->signals, &self->session, session))
    bind_session (self);
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
