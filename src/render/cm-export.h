/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-document.h"
#include "cm-match-set.h"
#include "cm-map-renderer.h"
#include "cm-native.h"
#include "cm-zone.h"

G_BEGIN_DECLS

/* Export calls the same renderers as the window, on other cairo surfaces:
 * what is exported is what is seen. Sizes: pixels for PNG (times @scale
 * for HiDPI) and SVG, points (1/72 in) for PDF. */

typedef enum
{
  CM_EXPORT_VIEW_TIMELINE,
  CM_EXPORT_VIEW_MAP,
  CM_EXPORT_VIEW_BOTH,     /* one page: title, date range, map, timeline, legend, credit */
} CmExportView;

typedef enum
{
  CM_EXPORT_PNG,
  CM_EXPORT_SVG,
  CM_EXPORT_PDF,
} CmExportFormat;

typedef struct
{
  CmExportView      view;
  CmExportFormat    format;
  double            width;       /* px (PNG, SVG) or pt (PDF) */
  double            height;
  double            scale;       /* PNG only: 1 or 2 */
  CmTime            start;       /* the time window shown */
  CmTime            end;
  gboolean          dark;
  gboolean          has_map_view;
  CmMapFrame         map_view;    /* when has_map_view; else fitted to the events
                                  * in the time window (or to all of them) */
  double            map_view_width;  /* the size of the frame map_view was taken */
  double            map_view_height; /* from: at least that area is shown (0: as is) */
  CmProjectionKind  projection;  /* when fitting */
  guint             selection;   /* serial to highlight, or CM_NONE */
  CmZoneKind        time_zone;   /* of the timeline's axis and the dates shown */
} CmExportOptions;

#define CM_EXPORT_ERROR (cm_export_error_quark ())

typedef enum
{
  CM_EXPORT_ERROR_BAD_SIZE,
  CM_EXPORT_ERROR_BAD_FORMAT,
  CM_EXPORT_ERROR_DRAW,        /* cairo failed */
} CmExportError;

GQuark          cm_export_error_quark        (void);

void            cm_export_options_init       (CmExportOptions *options,
                                              CmDocument      *document);
/* From a file name's extension: png, svg, pdf. */
gboolean        cm_export_format_from_name   (const char      *filename,
                                              CmExportFormat  *format);

/* Draws the export into @cr at @width × @height user units (the preview
 * and every file format go through here). The page is laid out in CSS
 * pixels (1/96 in, so a PDF point is 4/3 of one), and pages larger than
 * 1080 of them on their shorter side are drawn as that, enlarged: text keeps
 * its size relative to the page. */
void            cm_export_draw               (CmDocument            *document,
                                              CmMatchSet            *matches,
                                              const CmExportOptions *options,
                                              cairo_t               *cr,
                                              double                 width,
                                              double                 height);

/* Writes @file atomically: the old file stays as it was until the new one
 * is complete. */
gboolean        cm_export_to_file            (CmDocument            *document,
                                              CmMatchSet            *matches,
                                              const CmExportOptions *options,
                                              GFile                 *file,
                                              CmProgressFunc         progress,
                                              gpointer               progress_data,
                                              GCancellable          *cancellable,
                                              GError               **error);

G_END_DECLS
