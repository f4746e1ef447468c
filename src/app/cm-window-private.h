/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-details.h"
#include "cm-sidebar.h"
#include "cm-window.h"

G_BEGIN_DECLS

/* Accessors for tests. */

CmSidebar *cm_window_get_sidebar     (CmWindow *self);
CmDetails *cm_window_get_details     (CmWindow *self);
/* How many errors (failed loads or saves) the window has shown. */
guint      cm_window_get_error_count (CmWindow *self);
/* The error dialog being shown, or NULL. */
GtkWindow *cm_window_get_error_dialog (CmWindow *self);
/* How many "N imported, M skipped" reports the window has shown. */
guint      cm_window_get_report_count (CmWindow *self);
GtkWidget *cm_window_get_timeline    (CmWindow *self);
GtkWidget *cm_window_get_map         (CmWindow *self);

G_END_DECLS
