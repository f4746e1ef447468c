/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include "cm-map-view-private.h"

#include "cm-controllers.h"

#include <glib/gi18n.h>
#include <math.h>

/* Direct manipulation on the map: a drag that starts on an event's own
 * marker (not a cluster's) moves the event's place, as one step of the
 * session's history (live in a small document, a preview until the
 * release in a large one: see cm-edit-drag.h); Escape puts it back. A right-click (a long press
 * on a touchscreen) offers "Add Event Here", which asks the window for a
 * new event at that place (the action win.new-event-at-place). */

/* A marker is grabbed this close to its place, px at most. */
#define EDIT_MAX_GRAB 40.

gboolean
_cm_map_view_edit_press (CmMapView *self,
                         double     x,
                         double     y)
{
  CmEventStore *store;
  CmMapHit hit;
  guint position;
  double lat, lon;

  cm_edit_drag_press (&self->edit, NULL, CM_NONE, CM_EDIT_DRAG_PLACE);

  /* Not while a load or a save reads the document. */
  if (self->session == NULL || !cm_viewport_get_editable (self->viewport) ||
      !_cm_map_view_hit_test (self, x, y, &hit) ||
      (hit.kind != CM_MAP_HIT_EVENT && hit.kind != CM_MAP_HIT_STOP))
    return FALSE;

  store = cm_document_get_store (self->document);
  position = cm_event_store_find_serial (store, hit.serial);
  if (position == CM_NONE ||
      !cm_event_store_get_coordinates (store, position, &lat, &lon))
    return FALSE;

  /* Where the marker is drawn (a stop's badge: where its place is, on the
   * copy of the world nearest the press), so that it keeps its offset
   * from the pointer. */
  if (!cm_map_renderer_get_event_point (self->renderer, hit.serial, &self->edit_x, &self->edit_y))
    {
      double width, height;

      _cm_map_view_get_size (self, &width, &height);
      cm_map_frame_to_screen (&self->frame, width, height, lat, lon,
                              &self->edit_x, &self->edit_y);
      if (hypot (self->edit_x - x, self->edit_y - y) > EDIT_MAX_GRAB)
        {
          self->edit_x = x;
          self->edit_y = y;
        }
    }

  return cm_edit_drag_press (&self->edit, store, hit.serial, CM_EDIT_DRAG_PLACE);
}

gboolean
_cm_map_view_edit_update (CmMapView  *self,
                          GtkGesture *gesture,
                          double      offset_x,
                          double      offset_y)
{
  double width, height, lat, lon;

  if (self->edit.serial == CM_NONE)
    return FALSE;

  if (self->edit.cancelled || self->session == NULL)
    return TRUE;

  if (!self->edit.active)
    {
      if (!gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0, (int) offset_x, (int) offset_y))
        return TRUE;

      _cm_map_view_stop_animation (self);
      cm_edit_drag_start (&self->edit, GTK_WIDGET (self), gesture, self->session, "grabbing");
      /* Selected from here: the map stays where it is. */
      self->selecting = TRUE;
      cm_viewport_set_selection (self->viewport, self->edit.serial);
      self->selecting = FALSE;
    }

  /* The marker follows the pointer; off the world, it waits. */
  _cm_map_view_get_size (self, &width, &height);
  if (!cm_map_frame_from_screen (&self->frame, width, height,
                                 self->edit_x + offset_x, self->edit_y + offset_y, &lat, &lon))
    return TRUE;

  cm_edit_drag_update (&self->edit, CM_TIME_INVALID, CM_TIME_INVALID, lat, lon);

  return TRUE;
}

gboolean
_cm_map_view_edit_release (CmMapView *self)
{
  return cm_edit_drag_release (&self->edit, GTK_WIDGET (self));
}

gboolean
_cm_map_view_edit_cancel (CmMapView *self)
{
  return cm_edit_drag_cancel (&self->edit, GTK_WIDGET (self));
}

void
_cm_map_view_edit_reset (CmMapView *self)
{
  cm_edit_drag_reset (&self->edit, GTK_WIDGET (self));
}

gboolean
_cm_map_view_is_editing (CmMapView *self)
{
  return cm_edit_drag_is_editing (&self->edit);
}

/* The menu of a point ---------------------------------------------------- */

gboolean
_cm_map_view_show_context_menu (CmMapView *self,
                                double     x,
                                double     y)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenuItem) item = NULL;
  double width, height, lat, lon;

  _cm_map_view_get_size (self, &width, &height);
  if (!cm_map_frame_from_screen (&self->frame, width, height, x, y, &lat, &lon))
    return FALSE;

  /* The window's action, found up the widget tree: the item is greyed out
   * where there is none. */
  menu = g_menu_new ();
  item = g_menu_item_new (_("Add Event Here"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.new-event-at-place",
                                           g_variant_new ("(dd)", lat, lon));
  g_menu_append_item (menu, item);

  g_clear_pointer (&self->context_popover, gtk_widget_unparent);
  self->context_popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (self->context_popover, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_popover), FALSE);
  gtk_widget_set_halign (self->context_popover, GTK_ALIGN_START);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover),
                               &(GdkRectangle) { (int) round (x), (int) round (y), 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_popover));

  return TRUE;
}

GtkWidget *
_cm_map_view_get_context_popover (CmMapView *self)
{
  return _cm_map_view_shown_popover (self->context_popover);
}

static void
secondary_pressed_cb (CmMapView       *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  g_assert (CM_IS_MAP_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (_cm_map_view_show_context_menu (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
long_pressed_cb (CmMapView           *self,
                 double               x,
                 double               y,
                 GtkGestureLongPress *gesture)
{
  g_assert (CM_IS_MAP_VIEW (self));

  if (_cm_map_view_show_context_menu (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Escape while dragging a marker; else it goes on to others. */
static gboolean
cancel_binding (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  return _cm_map_view_edit_cancel (CM_MAP_VIEW (widget));
}

void
_cm_map_view_init_edit (CmMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *secondary = gtk_gesture_click_new ();
  GtkGesture *long_press = gtk_gesture_long_press_new ();

  cm_edit_drag_init (&self->edit);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  cm_widget_add_controller (widget, GTK_EVENT_CONTROLLER (secondary),
                            "pressed", G_CALLBACK (secondary_pressed_cb), NULL);

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  cm_widget_add_controller (widget, GTK_EVENT_CONTROLLER (long_press),
                            "pressed", G_CALLBACK (long_pressed_cb), NULL);
}

void
_cm_map_view_class_init_edit (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, cancel_binding, NULL);
}
