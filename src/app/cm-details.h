/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-session.h"

G_BEGIN_DECLS

/* Shows the event selected in a CmSession's viewport, and edits it. */

#define CM_TYPE_DETAILS (cm_details_get_type ())
G_DECLARE_FINAL_TYPE (CmDetails, cm_details, CM, DETAILS, GtkWidget)

GtkWidget  *cm_details_new             (void);

CmSession  *cm_details_get_session     (CmDetails  *self);
void        cm_details_set_session     (CmDetails  *self,
                                        CmSession  *session);

/* The event shown, or NULL. */
CmEvent    *cm_details_get_event       (CmDetails  *self);

/* Moves the keyboard focus to the details (after activating a row). */
void        cm_details_focus           (CmDetails  *self);

/* Edit mode (the Edit button, F2 or Enter on the pane; Escape or Done
 * leaves it): a form whose every field change is one step of the
 * session's history. cm_details_edit() enters it for the event shown and
 * focuses its title, all selected (after "New Event"). */
void        cm_details_edit            (CmDetails  *self);
gboolean    cm_details_get_editing     (CmDetails  *self);

/* For tests. */
GtkLabel   *cm_details_get_title_label (CmDetails  *self);

G_END_DECLS
