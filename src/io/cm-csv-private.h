/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <csv.h>

#include "cm-csv.h"
#include "cm-format.h"
#include "cm-timelinejs-private.h"

G_BEGIN_DECLS

/* What the parts of the CSV format share: column guessing
 * (cm-csv-columns.c), values (cm-csv-values.c), rows (cm-csv-rows.c),
 * the reader (cm-csv-reader.c), the writer (cm-csv-writer.c). */

/* CSV and TSV through libcsv, streamed in chunks: a table of a million rows
 * never exists in memory, only the store. Two kinds of tables:
 *
 *  - the TimelineJS spreadsheet template, recognised by its column names
 *    (Year, Month, Day, Time, End Year … Headline, Text, Media … Type,
 *    Group, Background), whose "title" and "era" rows become the document
 *    title and its eras. Chronomap writes this template, with columns of
 *    its own after it (Latitude, Longitude, Place, Category, UTC Offset,
 *    Precision, End Precision, ID, Approximate, Category Color, Group
 *    Kind) so that its own files read back whole, all but the ids of
 *    categories and groups (their names stand for them);
 *  - any other table, whose columns a CmCsvMapping assigns (guessed from
 *    the header, or chosen by the user), with an optional time of day
 *    column. Dates there are ISO 8601, what cm_time_parse() reads ("May
 *    2011", "44 BC"), "2012/10/24", "24.10.2012", "Oct 24, 2012"… Days
 *    and months written as numbers are read in the order the values
 *    decide (24/10/2012 is day first), or the mapping's. Columns named
 *    Approximate, Category Color and Group Kind are read as in the
 *    template.
 *
 * Rows that cannot be used are skipped and listed in the import report
 * ("line 14: “2011-13-01” is not a date"); encoding errors and limits stop
 * the load with "name:line:column: message". */

#define CHUNK_SIZE (256 * 1024)
#define MAX_FIELD (1024 * 1024)
#define MAX_COLUMNS 1024
#define MAX_ROW (4 * MAX_FIELD)
/* Rows kept while the day/month order is not known yet. */
#define MAX_PENDING (16 * 1024 * 1024)

/* Orders a day and month written as numbers fit. */
#define FITS_DAY_FIRST (1 << 0)
#define FITS_MONTH_FIRST (1 << 1)
#define FITS_BOTH (FITS_DAY_FIRST | FITS_MONTH_FIRST)

typedef enum
{
  COL_YEAR,
  COL_MONTH,
  COL_DAY,
  COL_TIME,
  COL_END_YEAR,
  COL_END_MONTH,
  COL_END_DAY,
  COL_END_TIME,
  COL_DISPLAY_DATE,
  COL_HEADLINE,
  COL_TEXT,
  COL_MEDIA,
  COL_MEDIA_CREDIT,
  COL_MEDIA_CAPTION,
  COL_MEDIA_THUMBNAIL,
  COL_TYPE,
  COL_GROUP,
  COL_BACKGROUND,
  /* Chronomap's own, after the template's */
  COL_LATITUDE,
  COL_LONGITUDE,
  COL_PLACE,
  COL_CATEGORY,
  COL_UTC_OFFSET,
  COL_PRECISION,
  COL_END_PRECISION,
  COL_ID,
  COL_APPROXIMATE,
  COL_CATEGORY_COLOR,
  COL_GROUP_KIND,
  N_COLUMNS
} Column;

static const char * const column_names[N_COLUMNS] = {
  "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
  "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
  "Media Thumbnail", "Type", "Group", "Background",
  "Latitude", "Longitude", "Place", "Category", "UTC Offset", "Precision", "End Precision", "ID",
  "Approximate", "Category Color", "Group Kind",
};

/* Extras kept from template columns (the names TimelineJS JSON uses). */
static const struct
{
  Column      column;
  const char *key;
} column_extras[] = {
  { COL_DISPLAY_DATE, "display_date" },
  { COL_MEDIA, "media_url" },
  { COL_MEDIA_CREDIT, "media_credit" },
  { COL_MEDIA_CAPTION, "media_caption" },
  { COL_MEDIA_THUMBNAIL, "media_thumbnail" },
};

typedef struct
{
  const char      *name;
  CmDocument      *document;
  CmEventStore    *store;
  CmImportReport  *report;
  GError          *error;
  struct csv_parser parser;

  /* The record being read: its fields, each NUL-terminated, in @row
   * (plain buffers: this is the innermost loop). */
  char            *row;
  gsize            row_length;
  gsize            row_size;
  guint           *fields;         /* offsets in @row */
  guint            n_fields;
  guint            line;           /* line of the next byte the parser reads */
  guint            row_line;       /* line the record starts on */
  gboolean         after_cr;

  gboolean         have_header;
  gboolean         is_template;
  GPtrArray       *header;         /* column names as written */
  int              columns[N_COLUMNS];
  CmCsvMapping     mapping;
  gboolean         has_mapping;
  gboolean        *mapped;         /* per column: used by the mapping */
  int              approximate;    /* generic columns found by name, or -1 */
  int              category_color;
  int              group_kind;

  /* Dates such as 03/04/2012: the order, once known (AUTO: not yet), and
   * the rows waiting for it (PendingRow *). */
  int              date_order;
  GPtrArray       *pending;
  gsize            pending_size;

  GHashTable      *group_names;
  GHashTable      *category_names;
  GString         *extras;
  GString         *document_extras;
  JsonArray       *eras;
  guint            n_event_rows;
  guint            n_imported;
  guint            first_skipped_line;
  char            *first_reason;
} Reader;

char *
_cm_csv_normalize_name (const char *name);

int
_cm_csv_find_column (char * const *names,
                     guint         n_columns,
                     const char   *wanted);

gboolean
_cm_csv_template_columns (char * const *names,
                          guint         n_columns,
                          int           columns[N_COLUMNS]);

void
_cm_csv_parser_init (struct csv_parser *parser,
                     char               separator,
                     unsigned char      options);

gboolean
_cm_csv_parse_integer (const char *text,
                       gint64      min,
                       gint64      max,
                       gint64     *value);

gboolean
_cm_csv_parse_time (const char *text,
                    int        *hour,
                    int        *minute,
                    int        *second);

gboolean
_cm_csv_parse_coordinate (char   *text,
                          double  limit,
                          double *value);

gboolean
_cm_csv_parse_time_of_day (const char *text,
                           int        *hour,
                           int        *minute,
                           int        *second,
                           int        *utc_offset);

void
_cm_csv_set_time_of_day (CmTime      *time,
                         CmPrecision *precision,
                         int         *utc_offset,
                         int          hour,
                         int          minute,
                         int          second,
                         int          offset);

guint
_cm_csv_date_order_fits (const char *text);

gboolean
_cm_csv_parse_date (const char  *text,
                    int          order,
                    CmTime      *time,
                    CmPrecision *precision,
                    int         *utc_offset);

gboolean
_cm_csv_parse_approximate (const char   *text,
                           CmEventFlags *flags);

const char *
_cm_csv_format_approximate (CmEventFlags flags);

char *
_cm_csv_field (Reader *reader,
               int     column);

void G_GNUC_PRINTF (4, 5)
_cm_csv_reader_fail (Reader     *reader,
                     int         code,
                     guint       line,
                     const char *format,
                     ...);

void
_cm_csv_read_template_row (Reader *reader);

void
_cm_csv_decide_date_order (Reader *reader,
                           int     order);

void
_cm_csv_read_generic_row (Reader *reader);

void
_cm_csv_read_header (Reader *reader);

CmFormatLoadFunc _cm_csv_load;

CmFormatSaveFunc _cm_csv_save;

G_END_DECLS
