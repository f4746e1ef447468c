/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-document.h"
#include "cm-event.h"

G_BEGIN_DECLS

/* One row of the sidebar list: category swatch, date, title, place, drawn
 * by the row itself: rows are created and rebound on every keystroke of a
 * search. */

#define CM_TYPE_EVENT_ROW (cm_event_row_get_type ())
G_DECLARE_FINAL_TYPE (CmEventRow, cm_event_row, CM, EVENT_ROW, GtkWidget)

GtkWidget *cm_event_row_new       (void);
/* Shows @event (nullable), using @document for the category colour. */
void       cm_event_row_set_event (CmEventRow *self,
                                   CmEvent    *event,
                                   CmDocument *document);
const char *cm_event_row_get_text (CmEventRow *self,
                                   guint       line);

G_END_DECLS
