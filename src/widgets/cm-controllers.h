/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The event controllers the views set up alike. Each cm_widget_add_*()
 * adds one controller to @widget and connects its handlers to it, swapped,
 * with @widget as the handlers' first argument; controllers run in the
 * order they are added. */

/* Adds @controller: connects each signal named in the NULL-terminated
 * list of signal names and handlers to its handler (a NULL handler is
 * skipped). */
void                cm_widget_add_controller      (GtkWidget          *widget,
                                                   GtkEventController *controller,
                                                   const char         *first_signal,
                                                   ...) G_GNUC_NULL_TERMINATED;
/* Sets @gesture to listen to the primary button only.
 * Returns: (transfer none): @gesture, as a controller */
GtkEventController *cm_gesture_for_primary_button (GtkGesture         *gesture);

/* A drag gesture for the primary button: @begin, @update and @end on
 * ::drag-begin, ::drag-update and ::drag-end. */
void                cm_widget_add_drag_gesture    (GtkWidget          *widget,
                                                   GCallback           begin,
                                                   GCallback           update,
                                                   GCallback           end);
/* A motion controller: @motion on ::enter and ::motion, @leave (nullable)
 * on ::leave. */
void                cm_widget_add_motion          (GtkWidget          *widget,
                                                   GCallback           motion,
                                                   GCallback           leave);

G_END_DECLS
