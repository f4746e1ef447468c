/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-document.h"
#include "cm-event-filter.h"
#include "cm-viewport.h"

G_BEGIN_DECLS

/* The event list: search, category filter and a list of the document's
 * events, its selection kept in step with the shared CmViewport. */

#define CM_TYPE_SIDEBAR (cm_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (CmSidebar, cm_sidebar, CM, SIDEBAR, GtkWidget)

GtkWidget          *cm_sidebar_new                  (void);

CmDocument         *cm_sidebar_get_document         (CmSidebar  *self);
void                cm_sidebar_set_document         (CmSidebar  *self,
                                                     CmDocument *document);
CmViewport         *cm_sidebar_get_viewport         (CmSidebar  *self);
void                cm_sidebar_set_viewport         (CmSidebar  *self,
                                                     CmViewport *viewport);

void                cm_sidebar_set_loading          (CmSidebar  *self,
                                                     gboolean    loading);

/* Focuses the search entry and selects its text. */
void                cm_sidebar_focus_search         (CmSidebar  *self);

/* For the window and tests. */
GtkSearchEntry     *cm_sidebar_get_search_entry     (CmSidebar  *self);
GtkDropDown        *cm_sidebar_get_category_drop_down (CmSidebar *self);
GListModel         *cm_sidebar_get_filter_model     (CmSidebar  *self);
CmEventFilter      *cm_sidebar_get_filter           (CmSidebar  *self);
GtkSingleSelection *cm_sidebar_get_selection_model  (CmSidebar  *self);
/* TRUE while the filter is still working through the events. */
gboolean            cm_sidebar_get_filter_pending   (CmSidebar  *self);

G_END_DECLS
