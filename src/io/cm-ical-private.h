/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libical/ical.h>

#include "cm-format.h"
#include "cm-format-util.h"

G_BEGIN_DECLS

/* What the parts of the iCalendar format share: lines and components
 * (cm-ical-lines.c), times and colours (cm-ical-time.c), events
 * (cm-ical-reader.c), recurrences (cm-ical-recurrence.c) and the writer
 * (cm-ical-writer.c). */

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <math.h>
#include <string.h>

#include "cm-output.h"
#include "cm-format.h"
#include "cm-native.h"
#include "cm-format-util.h"
#include "cm-formats-private.h"
#include "cm-properties.h"

/* iCalendar (RFC 5545) through libical.
 *
 * Reading: libical parses whole components in memory, so files are limited
 * in size. We feed it one content line at a time (icalparser_get_line and
 * icalparser_add_line) to know where each component begins and on which
 * lines libical found errors, which it otherwise only records as X-LIC-ERROR
 * properties. Each VEVENT becomes an event; recurring ones are expanded
 * within a bounded window. The reader forgives, with a note in the import
 * report, empty lines inside a folded line (as python-icalendar does) and a
 * file that lacks only its last END:VCALENDAR (which python-icalendar 4
 * refuses). UTC times get the offset 0, floating times none.
 * A file from which no event could be read is an error.
 *
 * Writing: one VCALENDAR; times with an offset are written in UTC ("Z"),
 * times without one as floating times, DATE values for a day or coarser.
 * What iCalendar cannot say is kept in X-CHRONOMAP-* properties so that
 * Chronomap reads its own files back exactly:
 *   X-CHRONOMAP-UTC-OFFSET:+0200   the event's local offset, other than UTC
 *   X-CHRONOMAP-PRECISION:hour     when the value's form does not tell
 *   X-CHRONOMAP-END-PRECISION:month
 *   X-CHRONOMAP-APPROXIMATE:start,end,coordinates
 *   X-CHRONOMAP-GROUP;X-ID=trip;X-KIND=itinerary:The trip   the event's group
 *   X-CHRONOMAP-EXTRA;X-KEY=media_url:…   extra fields of other formats
 * The event's category is its first CATEGORIES, and COLOR (RFC 7986) is
 * the category's colour when that colour has a CSS name. The calendar lists
 * the document's categories and groups with what events cannot say:
 *   X-CHRONOMAP-CATEGORY;X-ID=summit;X-COLOR=#3465a4:Summit
 *   X-CHRONOMAP-GROUP;X-ID=trip;X-KIND=itinerary:The trip
 * Events dated outside the years 1 to 3000, which libical cannot write, are
 * left out; ical_count_unwritable() counts them. */

#define MAX_FILE_SIZE (64 * 1024 * 1024)
#define MAX_LINE_LENGTH (8 * 1024 * 1024)
#define MAX_DEPTH 32
/* Recurrences: per event, and for the whole file. */
#define MAX_OCCURRENCES 1000
#define MAX_REPEAT_YEARS 10
#define MAX_TOTAL_EVENTS 2000000
/* Iterations of a recurrence rule per event, excluded dates included. */
#define MAX_RULE_STEPS (4 * MAX_OCCURRENCES)
/* The last year libical writes (icaltime_is_valid_time). */
#define MAX_WRITE_YEAR 3000

#define X_UTC_OFFSET "X-CHRONOMAP-UTC-OFFSET"
#define X_PRECISION "X-CHRONOMAP-PRECISION"
#define X_END_PRECISION "X-CHRONOMAP-END-PRECISION"
#define X_APPROXIMATE "X-CHRONOMAP-APPROXIMATE"
#define X_EXTRA "X-CHRONOMAP-EXTRA"
#define X_GROUP "X-CHRONOMAP-GROUP"
#define X_CATEGORY "X-CHRONOMAP-CATEGORY"
#define X_KEY "X-KEY"
#define X_ID "X-ID"
#define X_KIND "X-KIND"
#define X_COLOR "X-COLOR"

/* Extra fields we set (see cm-properties.h). */
#define EXTRA_URL "url"
#define EXTRA_UID "ical_uid"
#define EXTRA_RRULE "ical_rrule"
#define EXTRA_CATEGORIES "ical_categories"

typedef struct
{
  guint line;
  guint component;   /* pre-order index of the component it is in */
} ErrorLine;

typedef struct
{
  icalcomponent *component;
  guint          line;
} EventRef;

typedef struct
{
  CmTime      time;
  int         offset;     /* minutes, CM_UTC_OFFSET_NONE when floating/UTC/date */
  gboolean    is_date;
  CmPrecision form;       /* precision of the written value */
} Moment;

typedef struct
{
  CmLoadTarget    target;

  GArray         *begin_lines;   /* guint, by pre-order index of components */
  GArray         *errors;        /* ErrorLine, in line order */
  GPtrArray      *roots;         /* icalcomponent *, top-level components */
  GArray         *events;        /* EventRef */
  GHashTable     *overrides;     /* override_key() of RECURRENCE-ID events */
  GHashTable     *category_names; /* name → index + 1 */
  GHashTable     *group_names;    /* name → index + 1 */
  guint           preorder;      /* while walking */
  guint           n_events;      /* events added, occurrences included */
  gboolean        budget_reported;

  /* Why the first event that was left out was, for a file with none left. */
  char           *first_reason;
  guint           first_reason_line;
  CmFormatError   first_reason_code;
  GHashTable     *names_added;    /* categories added by name: see
                                   * _cm_format_category_by_name() */
} Loader;

typedef struct
{
  const char   *uid;
  CmEventFields fields;
  char         *extras;         /* owned */
  gboolean     has_end;
  Moment       start;
  Moment       end;             /* exclusive for dates, as in the file */
  CmPrecision  precision;       /* from X-CHRONOMAP-PRECISION, or the form */
  CmPrecision  end_precision;
  int          fixed_offset;    /* X-CHRONOMAP-UTC-OFFSET, or CM_UTC_OFFSET_NONE */
  int          fallback_offset; /* see unresolved_tzid_offset() */
} EventInfo;

gboolean
_cm_ical_check_utf8 (const char  *data,
                     gsize        length,
                     const char  *name,
                     GError     **error);

void
_cm_ical_loader_clear (Loader *loader);

G_GNUC_PRINTF (4, 5)
void
_cm_ical_set_error_at_line (GError     **error,
                            const char  *name,
                            guint        line,
                            const char  *format,
                            ...);

G_GNUC_PRINTF (4, 5)
void
_cm_ical_skip_event (Loader        *loader,
                     guint          line,
                     CmFormatError  code,
                     const char    *format,
                     ...);

const char *
_cm_ical_checked_text (Loader     *loader,
                       guint       line,
                       const char *property,
                       const char *text);

gboolean
_cm_ical_parse_lines (Loader      *loader,
                      const char  *data,
                      gsize        length,
                      GError     **error);

guint
_cm_ical_line_of_component (Loader *loader,
                            guint   index);

void
_cm_ical_walk (Loader        *loader,
               icalcomponent *component,
               guint          depth);

gboolean
_cm_ical_x_property_value (icalcomponent *component,
                           const char    *x_name,
                           const char   **value);

gboolean
_cm_ical_parse_utc_offset (const char *text,
                           int        *minutes);

gboolean
_cm_ical_convert_time (struct icaltimetype  t,
                       int                  fallback_offset,
                       Moment              *moment);

int
_cm_ical_unresolved_tzid_offset (icalproperty        *prop,
                                 struct icaltimetype  t,
                                 gboolean            *unknown);

icaltimezone *
_cm_ical_find_zone (icalcomponent *component,
                    const char    *tzid);

char *
_cm_ical_css_color_to_hex (const char *text);

const char *
_cm_ical_css_color_name (const CmCategory *category);

char *
_cm_ical_override_key (const char *uid,
                       char        kind,
                       CmTime      time);

gboolean
_cm_ical_read_occurrence_value (icalcomponent       *event,
                                icalproperty        *prop,
                                struct icaltimetype  t,
                                Moment              *moment,
                                char                *kind);

gboolean
_cm_ical_matches_occurrence (GHashTable          *keys,
                             const char          *uid,
                             struct icaltimetype  t,
                             const Moment        *moment);

void
_cm_ical_add_occurrence (Loader          *loader,
                         const EventInfo *info,
                         const Moment    *start,
                         const char      *id);

gboolean
_cm_ical_budget_left (Loader *loader);

char *
_cm_ical_occurrence_id (const EventInfo *info,
                        const Moment    *start);

void
_cm_ical_expand (Loader              *loader,
                 icalcomponent       *event,
                 guint                line,
                 EventInfo           *info,
                 struct icaltimetype  dtstart);

CmFormatLoadFunc _cm_ical_load;

guint
_cm_ical_count_unwritable (CmDocument  *document,
                           char       **first_title);

CmFormatSaveFunc _cm_ical_save;

G_END_DECLS
