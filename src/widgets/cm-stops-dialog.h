/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-session.h"

G_BEGIN_DECLS

/* The stops of the itinerary being played, in order, to reorder by
 * dragging rows or with Alt+Up / Alt+Down (or the Move Up and Move Down
 * buttons). Every move is one "Reorder Stops" step of the session's
 * history; the list follows the playback's itinerary as it is rebuilt. */
#define CM_TYPE_STOPS_DIALOG (cm_stops_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CmStopsDialog, cm_stops_dialog, CM, STOPS_DIALOG, GtkWindow)

GtkWidget  *cm_stops_dialog_new          (CmSession     *session);
CmSession  *cm_stops_dialog_get_session  (CmStopsDialog *self);
/* Moves stop @from to index @to (what a drop or a key does); FALSE when
 * nothing moved. */
gboolean    cm_stops_dialog_move_stop    (CmStopsDialog *self,
                                          guint          from,
                                          guint          to);

G_END_DECLS
