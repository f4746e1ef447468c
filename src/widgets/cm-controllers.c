/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-controllers"

#include "config.h"

#include "cm-controllers.h"

/* Adds a primary-button drag gesture with its three handlers. */
void
cm_widget_add_drag_gesture (GtkWidget *widget,
                            GCallback  begin,
                            GCallback  update,
                            GCallback  end)
{
  GtkGesture *gesture;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (gesture, "drag-begin", begin, widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", update, widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", end, widget, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
}

/* Adds a primary-button click gesture with its two handlers. */
void
cm_widget_add_click_gesture (GtkWidget *widget,
                             GCallback  pressed,
                             GCallback  released)
{
  GtkGesture *gesture;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (gesture, "pressed", pressed, widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "released", released, widget, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
}

/* Adds a pinch gesture with its two handlers. */
void
cm_widget_add_zoom_gesture (GtkWidget *widget,
                            GCallback  begin,
                            GCallback  scale_changed)
{
  GtkGesture *gesture;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_object (gesture, "begin", begin, widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "scale-changed", scale_changed, widget, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
}

/* Adds a motion controller: @motion on entering and moving, @leave on
 * leaving when given. */
void
cm_widget_add_motion (GtkWidget *widget,
                      GCallback  motion,
                      GCallback  leave)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "enter", motion, widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "motion", motion, widget, G_CONNECT_SWAPPED);
  if (leave != NULL)
    g_signal_connect_object (controller, "leave", leave, widget, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);
}
