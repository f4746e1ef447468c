/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-map-view.h"
#include "cm-session.h"

G_BEGIN_DECLS

/* "Export Image": the timeline, the map or both on one page, as PNG, SVG or
 * PDF, with a live preview. Export… asks for a file, then writes it in a
 * thread (progress bar, Cancel); on success the dialog closes and a toast
 * on @toasts offers to open the file, on failure an error names the file
 * and the reason. The thread works on a copy of the session's document and on
 * its matches once complete: the window may go on changing them. */

#define CM_TYPE_EXPORT_DIALOG (cm_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CmExportDialog, cm_export_dialog, CM, EXPORT_DIALOG, AdwWindow)

/* Modal for @parent. The viewport of @session gives the time window "as
 * shown" and the selection, its matches the events shown. */
CmExportDialog *cm_export_dialog_new           (GtkWindow        *parent,
                                                CmSession        *session,
                                                AdwToastOverlay  *toasts);
CmSession      *cm_export_dialog_get_session   (CmExportDialog   *self);
void            cm_export_dialog_set_session   (CmExportDialog   *self,
                                                CmSession        *session);
/* The map as the window shows it in a frame of @width × @height pixels:
 * "Map Area: As Shown" exports at least that area. */
void            cm_export_dialog_set_map_frame (CmExportDialog   *self,
                                                const CmMapFrame *frame,
                                                double            width,
                                                double            height);

G_END_DECLS
