/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-document.h"
#include "cm-event-filter.h"
#include "cm-map-view.h"
#include "cm-viewport.h"

G_BEGIN_DECLS

/* "Export Image": the timeline, the map or both on one page, as PNG, SVG or
 * PDF, with a live preview. Export… asks for a file, then writes it in a
 * thread (progress bar, Cancel); on success the dialog closes and a toast
 * on @toasts offers to open the file, on failure an error names the file
 * and the reason. The document and the filter are copied for the thread:
 * the window may go on changing them. */

#define CM_TYPE_EXPORT_DIALOG (cm_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CmExportDialog, cm_export_dialog, CM, EXPORT_DIALOG, AdwWindow)

/* Modal for @parent. @viewport gives the time window "as shown" and the
 * selection; @filter (nullable) the events shown. */
CmExportDialog *cm_export_dialog_new           (GtkWindow        *parent,
                                                CmDocument       *document,
                                                CmViewport       *viewport,
                                                CmEventFilter    *filter,
                                                AdwToastOverlay  *toasts);
/* The map as the window shows it in a frame of @width × @height pixels:
 * "Map Area: As Shown" exports at least that area. */
void            cm_export_dialog_set_map_frame (CmExportDialog   *self,
                                                const CmMapFrame *frame,
                                                double            width,
                                                double            height);

G_END_DECLS
