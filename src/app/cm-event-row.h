/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-document.h"
#include "cm-event.h"

G_BEGIN_DECLS

/* One row of the sidebar list: category swatch, date, title, place.
 * Built in code, not from a template: rows are created and rebound often. */

#define CM_TYPE_EVENT_ROW (cm_event_row_get_type ())
G_DECLARE_FINAL_TYPE (CmEventRow, cm_event_row, CM, EVENT_ROW, GtkWidget)

GtkWidget *cm_event_row_new       (void);
/* Shows @event (nullable), using @document for the category colour. */
void       cm_event_row_set_event (CmEventRow *self,
                                   CmEvent    *event,
                                   CmDocument *document);

G_END_DECLS
