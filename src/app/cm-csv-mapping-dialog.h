/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-format.h"

G_BEGIN_DECLS

/* Asks which columns of a generic CSV/TSV table hold the date, title,
 * place… showing its first rows, before it is imported. The window calls
 * it for tables that are not the TimelineJS template
 * (cm_csv_is_timelinejs_template()), then passes the mapping to
 * cm_loader_load_format_async(). */

#define CM_TYPE_CSV_MAPPING_DIALOG (cm_csv_mapping_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CmCsvMappingDialog, cm_csv_mapping_dialog, CM, CSV_MAPPING_DIALOG, AdwWindow)

/* Reads the start of @file, then shows the dialog, modal for @parent. */
void      cm_csv_mapping_dialog_run_async  (GtkWindow           *parent,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* TRUE and @mapping filled when the user chose Import; FALSE with
 * G_IO_ERROR_CANCELLED when the dialog was closed or @cancellable
 * cancelled, or another error when the file could not be read. */
gboolean  cm_csv_mapping_dialog_run_finish (GAsyncResult        *result,
                                            CmCsvMapping        *mapping,
                                            GError             **error);

G_END_DECLS
