/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-export-dialog.h"

#include "cm-export.h"

G_BEGIN_DECLS

/* For tests: the rows, the options they make, and an export to @file as if
 * it had been chosen in the file chooser. */
AdwComboRow *cm_export_dialog_get_view_row    (CmExportDialog  *self);
AdwComboRow *cm_export_dialog_get_range_row   (CmExportDialog  *self);
AdwComboRow *cm_export_dialog_get_format_row  (CmExportDialog  *self);
AdwComboRow *cm_export_dialog_get_size_row    (CmExportDialog  *self);
AdwComboRow *cm_export_dialog_get_scale_row   (CmExportDialog  *self);
AdwEntryRow *cm_export_dialog_get_from_row    (CmExportDialog  *self);
AdwEntryRow *cm_export_dialog_get_to_row      (CmExportDialog  *self);
GtkWidget   *cm_export_dialog_get_export_button (CmExportDialog *self);
/* FALSE when the settings cannot be exported (a bad date): then the
 * Export button is insensitive. */
gboolean     cm_export_dialog_get_options     (CmExportDialog  *self,
                                               CmExportOptions *options);
void         cm_export_dialog_export_to_file  (CmExportDialog  *self,
                                               GFile           *file);
/* TRUE while a file is being written. */
gboolean     cm_export_dialog_get_busy        (CmExportDialog  *self);

G_END_DECLS
