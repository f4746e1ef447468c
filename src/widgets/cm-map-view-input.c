/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include "cm-map-view-private.h"

#include "cm-controllers.h"
#include "cm-event-text.h"

#include <glib/gi18n.h>
#include <math.h>

/* Pointer, touch, wheel and Enter: hover, clicks on events and clusters
 * (a cluster at one place lists its events to choose from), drags,
 * pinches and scrolling. */

#define CLUSTER_ZOOM 4.
/* Enter opens what is nearest the centre, within this (px). */
#define CLUSTER_RADIUS 48.

/* The events a cluster stands for (see cm_map_renderer_get_cluster_events()),
 * their store positions in order into @positions unless NULL. */
void
_cm_map_view_collect_cluster (CmMapView        *self,
                              const CmMapHit   *hit,
                              CmMapClusterInfo *info,
                              GArray           *positions)
{
  CmEventStore *store = cm_document_get_store (self->document);
  g_autoptr(GArray) own = NULL;
  double min_scale, max_scale;

  if (positions == NULL)
    positions = own = g_array_new (FALSE, FALSE, sizeof (guint));

  info->first = CM_NONE;
  info->min_lat = info->min_lon = G_MAXDOUBLE;
  info->max_lat = info->max_lon = -G_MAXDOUBLE;

  _cm_map_view_get_scale_limits (self, self->frame.projection, &min_scale, &max_scale);
  info->one_place = cm_map_renderer_get_cluster_events (self->renderer, hit, min_scale, positions);

  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      double lat, lon;

      if (!cm_event_store_get_coordinates (store, position, &lat, &lon))
        continue;

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
  return info->first != CM_NONE && info->one_place;
}

/* Selects the event @serial, from here. */
static void
select_event (CmMapView *self,
              guint      serial)
{
  if (self->viewport == NULL)
    return;

  self->selecting = TRUE;
  cm_viewport_set_selection (self->viewport, serial);
  self->selecting = FALSE;
}

/* Names the map after the selected event ("Map" when none is): what a
 * screen reader reads when the keyboard selects one here. */
void
_cm_map_view_update_accessible_label (CmMapView *self)
{
  guint serial = self->viewport != NULL ? cm_viewport_get_selection (self->viewport) : CM_NONE;
  CmEventStore *store = self->document != NULL ? cm_document_get_store (self->document) : NULL;
  guint position = store != NULL && serial != CM_NONE ? cm_event_store_find_serial (store, serial) : CM_NONE;
  g_autofree char *label = NULL;

  if (position != CM_NONE)
    {
      g_autoptr(CmEvent) event = cm_event_store_get_event (store, position);

      label = cm_event_dup_accessible_label (event);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL ? label : _("Map"),
                                  -1);
}

/* The events of a cluster at one place ------------------------------------ */

/* Rows listed at most: a cluster may hold 50,000 events. */
#define MAX_CLUSTER_ROWS 50

static void
cluster_row_activated_cb (CmMapView     *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cm-serial"));

  g_assert (CM_IS_MAP_VIEW (self));

  if (self->cluster_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->cluster_popover));
  select_event (self, serial);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static GtkWidget *
new_cluster_row (CmEventStore *store,
                 guint         position)
{
  g_autoptr(CmEvent) event = cm_event_store_get_event (store, position);
  g_autofree char *date = cm_event_format_date (event);
  g_autofree char *label = cm_event_dup_accessible_label (event);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (cm_event_get_title (event));
  GtkWidget *when = gtk_label_new (date);

  gtk_label_set_xalign (GTK_LABEL (title), 0.f);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 40);
  gtk_label_set_xalign (GTK_LABEL (when), 0.f);
  gtk_label_set_ellipsize (GTK_LABEL (when), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), when);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "cm-serial",
                     GUINT_TO_POINTER (cm_event_store_get_serial (store, position)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return row;
}

/* Lists the events at @positions, all at one place, in a popover pointing
 * at (@x, @y): choosing one selects it. */
static void
show_cluster_popover (CmMapView *self,
                      GArray    *positions,
                      double     x,
                      double     y)
{
  CmEventStore *store = cm_document_get_store (self->document);
  guint n = positions->len, shown = MIN (n, MAX_CLUSTER_ROWS);
  g_autoptr(CmEvent) first = cm_event_store_get_event (store, g_array_index (positions, guint, 0));
  const char *place = cm_event_get_place (first);
  g_autofree char *heading_text = NULL;
  GtkWidget *box, *heading, *scrolled, *list;

  g_clear_pointer (&self->cluster_popover, gtk_widget_unparent);

  self->cluster_popover = gtk_popover_new ();
  gtk_widget_set_parent (self->cluster_popover, GTK_WIDGET (self));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->cluster_popover),
                               &(GdkRectangle) { (int) round (x) - 1, (int) round (y) - 1, 2, 2 });

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Event at This Place",
                                               "%u Events at This Place", n), n);
  heading = gtk_label_new (heading_text);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0.f);
  gtk_box_append (GTK_BOX (box), heading);
  if (place != NULL && *place != '\0')
    {
      GtkWidget *place_label = gtk_label_new (place);

      gtk_label_set_xalign (GTK_LABEL (place_label), 0.f);
      gtk_label_set_ellipsize (GTK_LABEL (place_label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (place_label), 40);
      gtk_widget_add_css_class (place_label, "dim-label");
      gtk_box_append (GTK_BOX (box), place_label);
    }

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, heading_text, -1);
  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), new_cluster_row (store, g_array_index (positions, guint, i)));
  g_signal_connect_object (list, "row-activated", G_CALLBACK (cluster_row_activated_cb), self,
                           G_CONNECT_SWAPPED);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), scrolled);

  if (n > shown)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more"), n - shown);
      GtkWidget *more_label = gtk_label_new (more);

      gtk_label_set_xalign (GTK_LABEL (more_label), 0.f);
      gtk_widget_add_css_class (more_label, "dim-label");
      gtk_box_append (GTK_BOX (box), more_label);
    }

  gtk_popover_set_child (GTK_POPOVER (self->cluster_popover), box);
  gtk_popover_popup (GTK_POPOVER (self->cluster_popover));
  gtk_widget_grab_focus (gtk_widget_get_first_child (list));
}

GtkWidget *
_cm_map_view_get_cluster_popover (CmMapView *self)
{
  return _cm_map_view_shown_popover (self->cluster_popover);
}

/* Zooms in until the cluster's events come apart; when zooming cannot
 * part them (all at one place), lists them to choose from. */
static void
open_cluster (CmMapView      *self,
              const CmMapHit *hit)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  CmMapClusterInfo info;
  CmMapFrame frame = self->frame;
  double width, height, x, y;

  _cm_map_view_collect_cluster (self, hit, &info, positions);
  _cm_map_view_get_size (self, &width, &height);

  if (_cm_map_view_cluster_is_one_place (&info))
    {
      cm_map_frame_to_screen (&self->frame, width, height, hit->lat, hit->lon, &x, &y);
      show_cluster_popover (self, positions, x, y);
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

gboolean
_cm_map_view_open_at (CmMapView *self,
                      double     x,
                      double     y)
{
  CmMapHit hit;

  if (!_cm_map_view_hit_test (self, x, y, &hit))
    return FALSE;

  switch (hit.kind)
    {
    case CM_MAP_HIT_CLUSTER:
      open_cluster (self, &hit);
      break;

    case CM_MAP_HIT_EVENT:
    case CM_MAP_HIT_STOP:
      select_event (self, hit.serial);
      break;

    case CM_MAP_HIT_NONE:
    default:
      return FALSE;
    }

  return TRUE;
}

/* Enter: opens what is nearest the centre of the map (the arrows bring it
 * there), within a cluster's reach. */
static gboolean
activate_binding (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  CmMapView *self = CM_MAP_VIEW (widget);
  double width, height;

  _cm_map_view_get_size (self, &width, &height);

  for (double r = 0; r <= CLUSTER_RADIUS; r += 8)
    {
      int n_angles = r == 0 ? 1 : (int) ceil (2 * G_PI * r / 8);

      for (int a = 0; a < n_angles; a++)
        {
          double angle = 2 * G_PI * a / n_angles;

          if (_cm_map_view_open_at (self, width / 2 + r * cos (angle), height / 2 + r * sin (angle)))
            return TRUE;
        }
    }

  return FALSE;
}

void
_cm_map_view_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, activate_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Enter, 0, activate_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, 0, activate_binding, NULL);
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

/* @cursor: the pointer's look there (NULL: the default). */
static void
set_hover (CmMapView  *self,
           guint       serial,
           const char *cursor)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);

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

  if (self->dragging || _cm_map_view_is_editing (self))
    return;

  /* An event's own marker can be dragged; a cluster is clicked. */
  if (!_cm_map_view_hit_test (self, x, y, &hit))
    set_hover (self, CM_NONE, NULL);
  else if (hit.kind == CM_MAP_HIT_CLUSTER)
    set_hover (self, CM_NONE, "pointer");
  else
    set_hover (self, hit.serial,
               /* No drag while a load or a save reads the document. */
               self->viewport != NULL && cm_viewport_get_editable (self->viewport) ? "grab" : "pointer");
}

static void
leave_cb (CmMapView                *self,
          GtkEventControllerMotion *controller)
{
  g_assert (CM_IS_MAP_VIEW (self));

  self->has_pointer = FALSE;
  set_hover (self, CM_NONE, NULL);
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

  /* On an event's marker, the drag moves the event instead of the map. */
  _cm_map_view_edit_press (self, x, y);
}

static void
drag_update_cb (CmMapView      *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  CmMapFrame frame = self->frame;

  g_assert (CM_IS_MAP_VIEW (self));

  if (_cm_map_view_edit_update (self, GTK_GESTURE (gesture), offset_x, offset_y))
    return;

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

  if (_cm_map_view_edit_release (self))
    return;

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
  g_assert (CM_IS_MAP_VIEW (self));

  if (n_press != 1)
    return;

  if (!_cm_map_view_open_at (self, x, y) && self->viewport != NULL)
    cm_viewport_set_selection (self->viewport, CM_NONE);
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
