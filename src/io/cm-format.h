/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-document.h"
#include "cm-file.h"
#include "cm-format-error.h"

G_BEGIN_DECLS

/* One interface for every file format Chronomap reads and writes: the
 * native format, TimelineJS JSON, CSV/TSV (TimelineJS spreadsheet template
 * and generic), iCalendar, GeoJSON and KML. A format is chosen by content
 * first (sniff), extension second. */

/* What a load kept and what it skipped ("312 events imported, 3 skipped"). */
typedef struct
{
  guint      n_imported;
  guint      n_skipped;
  GPtrArray *skipped;     /* char *: "line 12: no date" (at most 1000 kept) */
  GPtrArray *warnings;    /* char *: what was read but changed or guessed
                           * ("3 times lost their fractions of a second") */
} CmImportReport;

CmImportReport *cm_import_report_new      (void);
void            cm_import_report_free     (CmImportReport *report);
void            cm_import_report_skip     (CmImportReport *report,
                                           const char     *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* Something imported but not as written: not a skipped event. */
void            cm_import_report_warn     (CmImportReport *report,
                                           const char     *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* TRUE when there is something to tell: skipped events or warnings. */
gboolean        cm_import_report_has_news (CmImportReport *report);
/* "312 events imported, 3 skipped" (translated), and ", 1 warning" when
 * there are warnings. */
char           *cm_import_report_dup_summary (CmImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmImportReport, cm_import_report_free)

/* Generic CSV: which column holds what (-1: none). Guessed from the header
 * row by cm_csv_guess_mapping(); the window lets the user correct it. */
typedef struct
{
  int  start;
  int  end;
  int  time;              /* a time of day for the start date ("13:45:10") */
  int  title;
  int  description;
  int  place;
  int  latitude;
  int  longitude;
  int  category;
  int  group;
  char separator;         /* ',', ';' or '\t' */
  /* How dates such as 03/04/2012 are read: AUTO decides from the values
   * (the first one that only one order fits, such as 24/10/2012). */
  enum
  {
    CM_CSV_DATE_ORDER_AUTO,
    CM_CSV_DATE_ORDER_DAY_FIRST,    /* 24/10/2012 */
    CM_CSV_DATE_ORDER_MONTH_FIRST,  /* 10/24/2012 */
  } date_order;
} CmCsvMapping;

typedef struct _CmFormat CmFormat;

/* What a load reads and whom it tells: the parameters every format's load
 * function takes. @name names the input in errors; @size: the input's size
 * in bytes as far as known (-1 when not); @options: format specific (a
 * CmCsvMapping * for CSV), nullable; @report (nullable) receives what was
 * skipped; @progress (nullable) hears fractions from 0 to 1. */
typedef struct
{
  GInputStream   *stream;
  const char     *name;
  goffset         size;
  gconstpointer   options;
  CmImportReport *report;
  CmProgressFunc  progress;
  gpointer        progress_data;
  GCancellable   *cancellable;
} CmLoadRequest;

/* A format's load function: a new document, or NULL with a GError that
 * names @request's name, the line and column or record. Each format
 * declares its own with this type. */
typedef CmDocument *CmFormatLoadFunc (const CmLoadRequest *request,
                                      GError             **error);

/* A format's save function (what a CmWriteFunc points to). */
typedef gboolean    CmFormatSaveFunc (CmDocument           *document,
                                      const CmSaveRequest  *request,
                                      GError              **error);

struct _CmFormat
{
  const char         *id;          /* "native", "timelinejs", "csv", "ical", "geojson", "kml" */
  const char         *name;        /* translatable: N_("iCalendar") */
  const char * const *extensions;  /* without dot, NULL-terminated, first is the default */
  const char * const *mime_types;

  /* 0 (not this format) … 100 (certainly): looks at the first bytes and the
   * file name (nullable). */
  int        (*sniff) (const char *head,
                       gsize       length,
                       const char *filename);

  /* See CmFormatLoadFunc. */
  CmFormatLoadFunc *load;

  /* NULL when the format cannot be written. */
  CmFormatSaveFunc *save;

  /* Nullable: how many events save() leaves out because the format cannot
   * hold them (the save succeeds with the others); @first_title (out,
   * nullable) names the first. */
  guint       (*count_unwritable) (CmDocument  *document,
                                   char       **first_title);
};

/* Every format, NULL-terminated. */
const CmFormat * const *cm_format_list          (void);
const CmFormat         *cm_format_by_id         (const char     *id);
/* By the file name's extension (case-insensitive), or NULL. */
const CmFormat         *cm_format_by_extension  (const char     *filename);
/* Content first, extension second; NULL when nothing fits. */
const CmFormat         *cm_format_detect        (const char     *head,
                                                 gsize           length,
                                                 const char     *filename);

/* Detects the format of @file and loads it. Limits hostile input (size,
 * depth, counts) with CM_FORMAT_ERROR_LIMIT. */
CmDocument             *cm_format_load_file     (GFile          *file,
                                                 const CmFormat *format,
                                                 gconstpointer   options,
                                                 CmImportReport *report,
                                                 CmProgressFunc  progress,
                                                 gpointer        progress_data,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
/* Atomic like cm_native_save_file(); @format NULL: by extension;
 * @progress (nullable) hears fractions from 0 to 1 from this thread. */
gboolean                cm_format_save_file     (CmDocument     *document,
                                                 GFile          *file,
                                                 const CmFormat *format,
                                                 CmProgressFunc  progress,
                                                 gpointer        progress_data,
                                                 GCancellable   *cancellable,
                                                 GError        **error);

/* Writes @document to @stream in @format (which can write), without
 * progress: what a save does, without the atomic file around it. */
gboolean                cm_format_write         (const CmFormat *format,
                                                 CmDocument     *document,
                                                 GOutputStream  *stream,
                                                 GCancellable   *cancellable,
                                                 GError        **error);

/* The events a save in @format leaves out (0 for most formats). */
guint                   cm_format_count_unwritable (const CmFormat  *format,
                                                    CmDocument      *document,
                                                    char           **first_title);

/* Adds @source's events, categories and groups (matched by id, else
 * added) to @document: an import. */
void                    cm_document_merge       (CmDocument     *document,
                                                 CmDocument     *source);

G_END_DECLS
