/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-document.h"
#include "cm-viewport.h"

G_BEGIN_DECLS

/* Shows the event selected in the shared CmViewport. */

#define CM_TYPE_DETAILS (cm_details_get_type ())
G_DECLARE_FINAL_TYPE (CmDetails, cm_details, CM, DETAILS, GtkWidget)

GtkWidget  *cm_details_new             (void);

CmDocument *cm_details_get_document    (CmDetails  *self);
void        cm_details_set_document    (CmDetails  *self,
                                        CmDocument *document);
CmViewport *cm_details_get_viewport    (CmDetails  *self);
void        cm_details_set_viewport    (CmDetails  *self,
                                        CmViewport *viewport);

/* The event shown, or NULL. */
CmEvent    *cm_details_get_event       (CmDetails  *self);

/* Moves the keyboard focus to the details (after activating a row). */
void        cm_details_focus           (CmDetails  *self);

/* For tests. */
GtkLabel   *cm_details_get_title_label (CmDetails  *self);

G_END_DECLS
