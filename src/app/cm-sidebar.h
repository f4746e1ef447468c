/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-session.h"

G_BEGIN_DECLS

/* The event list of a CmSession: a search entry and a category filter that
 * write the session's filter, and the list of the events it lets through,
 * its selection kept in step with the session's viewport. */

#define CM_TYPE_SIDEBAR (cm_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (CmSidebar, cm_sidebar, CM, SIDEBAR, GtkWidget)

GtkWidget          *cm_sidebar_new                  (void);

CmSession          *cm_sidebar_get_session          (CmSidebar  *self);
void                cm_sidebar_set_session          (CmSidebar  *self,
                                                     CmSession  *session);

void                cm_sidebar_set_loading          (CmSidebar  *self,
                                                     gboolean    loading);

/* Focuses the search entry and selects its text. */
void                cm_sidebar_focus_search         (CmSidebar  *self);

/* For the window and tests. */
GtkSearchEntry     *cm_sidebar_get_search_entry     (CmSidebar  *self);
GtkFlowBox         *cm_sidebar_get_category_box     (CmSidebar  *self);
guint               cm_sidebar_get_chip_category    (GtkFlowBoxChild *child);
guint               cm_sidebar_get_category_count   (CmSidebar  *self,
                                                     guint       category);
GListModel         *cm_sidebar_get_filter_model     (CmSidebar  *self);
GtkSingleSelection *cm_sidebar_get_selection_model  (CmSidebar  *self);
/* TRUE while the session is still working out the matches. */
gboolean            cm_sidebar_get_filter_pending   (CmSidebar  *self);

G_END_DECLS
