/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-export-dialog.h"

#include "cm-export.h"

G_BEGIN_DECLS

struct _CmExportDialog
{
  AdwWindow              parent_instance;

  CmSession             *session;
  CmDocument            *document;         /* the session's */
  CmViewport            *viewport;         /* the session's */
  AdwToastOverlay       *toasts;           /* nullable */
  CmMapFrame             map_frame;
  double                 map_width;
  double                 map_height;
  gboolean               has_map_frame;
  gboolean               map_row_chosen;   /* by the user: the view no longer sets it */
  gboolean               updating;         /* rows changed by the dialog itself */
  gboolean               paper;            /* the size list holds paper sizes */
  guint                  selection;        /* serial, or CM_NONE */

  GtkFileChooserNative  *chooser;
  GCancellable          *cancellable;      /* of the export running, or NULL */
  GFile                 *file;             /* being written */

  GMutex                 mutex;            /* guards what follows */
  double                 fraction;
  guint                  progress_source;

  /* Template widgets */
  GtkButton             *export_button;
  GtkWidget             *settings_box;
  GtkAspectFrame        *preview_frame;
  GtkDrawingArea        *preview;
  GtkLabel              *filter_note;
  AdwComboRow           *view_row;
  AdwComboRow           *range_row;
  AdwEntryRow           *from_row;
  AdwEntryRow           *to_row;
  GtkLabel              *range_error;
  AdwComboRow           *map_row;
  AdwActionRow          *selection_row;
  GtkSwitch             *selection_switch;
  AdwComboRow           *format_row;
  AdwComboRow           *size_row;
  GtkStringList         *size_list;
  AdwActionRow          *custom_row;
  AdwActionRow          *custom_height_row;
  GtkSpinButton         *width_spin;
  GtkSpinButton         *height_spin;
  GtkLabel              *unit_label;
  GtkLabel              *height_unit_label;
  AdwComboRow           *scale_row;
  AdwComboRow           *style_row;
  GtkRevealer           *progress_revealer;
  GtkLabel              *progress_label;
  GtkProgressBar        *progress_bar;
};

/* cm-export-dialog.c */
/* The format chosen in the format row. */
CmExportFormat _cm_export_dialog_selected_format (CmExportDialog *self);
/* Brings the rows, the preview and the Export button up to date. */
void           _cm_export_dialog_update          (CmExportDialog *self);

/* cm-export-dialog-export.c */
/* Export: asks for the file to write. */
void           _cm_export_dialog_export_clicked_cb (CmExportDialog *self);

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
