/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-controllers"

#include "config.h"

#include "cm-controllers.h"

#include <stdarg.h>

/* Connects the handlers in the NULL-terminated list of signal names and
 * handlers to @controller and adds it to @widget. */
void
cm_widget_add_controller (GtkWidget          *widget,
                          GtkEventController *controller,
                          const char         *first_signal,
                          ...)
{
  const char *signal;
  va_list args;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (GTK_IS_EVENT_CONTROLLER (controller));

  va_start (args, first_signal);
  for (signal = first_signal; signal != NULL; signal = va_arg (args, const char *))
    {
      GCallback handler = va_arg (args, GCallback);

      if (handler != NULL)
        g_signal_connect_object (controller, signal, handler, widget, G_CONNECT_SWAPPED);
    }
  va_end (args);

  gtk_widget_add_controller (widget, controller);
}

/* Sets @gesture to listen to the primary button only. */
GtkEventController *
cm_gesture_for_primary_button (GtkGesture *gesture)
{
  g_return_val_if_fail (GTK_IS_GESTURE_SINGLE (gesture), NULL);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  return GTK_EVENT_CONTROLLER (gesture);
}

/* Adds a primary-button drag gesture with its three handlers. */
void
cm_widget_add_drag_gesture (GtkWidget *widget,
                            GCallback  begin,
                            GCallback  update,
                            GCallback  end)
{
  cm_widget_add_controller (widget, cm_gesture_for_primary_button (gtk_gesture_drag_new ()),
                            "drag-begin", begin, "drag-update", update, "drag-end", end, NULL);
}

/* Adds a motion controller: @motion on entering and moving, @leave on
 * leaving when given. */
void
cm_widget_add_motion (GtkWidget *widget,
                      GCallback  motion,
                      GCallback  leave)
{
  cm_widget_add_controller (widget, gtk_event_controller_motion_new (),
                            "enter", motion, "motion", motion, "leave", leave, NULL);
}
