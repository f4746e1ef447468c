/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The event controllers the views set up alike. Each adds one controller
 * to @widget and connects its handlers to it, swapped, with @widget as the
 * handlers' first argument; controllers run in the order they are added. */

/* A drag gesture for the primary button: @begin, @update and @end on
 * ::drag-begin, ::drag-update and ::drag-end. */
void cm_widget_add_drag_gesture  (GtkWidget *widget,
                                  GCallback  begin,
                                  GCallback  update,
                                  GCallback  end);
/* A click gesture for the primary button: @pressed and @released on
 * ::pressed and ::released. */
void cm_widget_add_click_gesture (GtkWidget *widget,
                                  GCallback  pressed,
                                  GCallback  released);
/* A pinch (zoom) gesture: @begin on ::begin, @scale_changed on
 * ::scale-changed. */
void cm_widget_add_zoom_gesture  (GtkWidget *widget,
                                  GCallback  begin,
                                  GCallback  scale_changed);
/* A motion controller: @motion on ::enter and ::motion, @leave (nullable)
 * on ::leave. */
void cm_widget_add_motion        (GtkWidget *widget,
                                  GCallback  motion,
                                  GCallback  leave);

G_END_DECLS
