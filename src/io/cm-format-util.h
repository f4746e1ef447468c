/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-format.h"
#include "cm-output.h"

G_BEGIN_DECLS

/* Helpers shared by the iCalendar, GeoJSON and KML modules, which parse
 * whole files in memory through a library (libical, json-glib, libxml2). */

/* Reads all of @request's stream, refusing more than @limit bytes with
 * CM_FORMAT_ERROR_LIMIT ("name: … larger than 64 MB"); the request's
 * progress hears up to 0.5. The data is NUL-terminated (the terminator is
 * not counted in the size). */
GBytes  *_cm_format_read_all        (const CmLoadRequest *request,
                                     gsize                limit,
                                     GError             **error);

/* _cm_format_read_all(), then *@text and *@length: the data without its
 * UTF-8 byte order mark, if any (the data stays in the returned bytes). */
GBytes  *_cm_format_read_text       (const CmLoadRequest *request,
                                     gsize                limit,
                                     const char         **text,
                                     gsize               *length,
                                     GError             **error);

/* The end of every whole-file load: @store's events move into @document,
 * which is then not dirty, and @request's progress (nullable) hears 1.0. */
void     _cm_format_finish_load     (CmDocument          *document,
                                     CmEventStore        *store,
                                     const CmLoadRequest *request);

/* The start of every format's save function: checks its arguments and
 * readies @output to gather what goes to @request's stream, telling its
 * progress. Returns @document's events, or NULL (a programming error)
 * when the arguments are wrong. */
CmEventStore *_cm_format_start_save (CmOutput            *output,
                                     CmDocument          *document,
                                     const CmSaveRequest *request);

/* Appends the event at @position in @store to the output of @writer. */
typedef void (*CmFormatEventWriter) (gpointer      writer,
                                     CmEventStore *store,
                                     guint         position);

/* The events of every format's save: each event of @store in order
 * through @write_event, @output flushed after each. @output's
 * cancellable is checked, and its progress told, before the first event
 * and every @check_every after it. */
gboolean _cm_format_save_events     (CmOutput            *output,
                                     CmEventStore        *store,
                                     CmFormatEventWriter  write_event,
                                     gpointer             writer,
                                     guint                check_every,
                                     GError             **error);

/* Where a whole-file load puts what it reads, and what it hears and
 * reports to: the first fields of the iCalendar and KML loaders. */
typedef struct
{
  const char     *name;
  CmDocument     *document;
  CmEventStore   *store;
  CmImportReport *report;
  GCancellable   *cancellable;
} CmLoadTarget;

/* What the GeoJSON and iCalendar readers gather of an event besides its
 * id, times and extras. */
typedef struct
{
  const char  *title;
  const char  *description;
  const char  *place;
  double       lat, lon;
  guint        category;
  guint        group;
  CmEventFlags flags;
  guint        order;     /* explicit stop order, 0 for none */
} CmEventFields;

/* Copies @fields into @data; a missing title becomes "". */
void     _cm_event_fields_apply     (const CmEventFields *fields,
                                     CmEventData         *data);

/* A place in a text as editors show it: 1-based line and column, the
 * column counted in characters. */
typedef struct
{
  guint line;
  guint column;
} CmTextPosition;

#define CM_TEXT_POSITION_START ((CmTextPosition) { 1, 1 })

/* Moves @position over the @length bytes of @text: a line break starts
 * the next line at column 1, any other character moves one column on.
 * From CM_TEXT_POSITION_START over the bytes before an offset, it gives
 * that offset's line and column. */
void     _cm_text_position_advance  (CmTextPosition  *position,
                                     const char      *text,
                                     gsize            length);

/* Sets @error (CM_FORMAT_ERROR, @code) to "name:line:column: message",
 * the form editors and compilers use; the message from @format. */
void     _cm_format_set_error_at    (GError         **error,
                                     int              code,
                                     const char      *name,
                                     guint            line,
                                     guint            column,
                                     const char      *format,
                                     va_list          args) G_GNUC_PRINTF (6, 0);

/* Fails with "name:line:column: The file is not valid UTF-8" (or names a
 * NUL byte) at the first bad byte. */
gboolean _cm_format_check_utf8      (const char      *text,
                                     gsize            length,
                                     const char      *name,
                                     GError         **error);

/* The error of _cm_format_check_utf8() for the bad byte @bad of @text;
 * returns FALSE. */
gboolean _cm_format_set_encoding_error (const char  *text,
                                        const char  *bad,
                                        const char  *name,
                                        GError     **error);

/* The UTF-8 byte order mark at the start of @text, if any, is skipped. */
const char *_cm_format_skip_bom     (const char      *text,
                                     gsize           *length);

/* What @flags mark approximate, as the iCalendar and KML writers store
 * it: "start,end,coordinates" or part of it, NULL when nothing is. */
char    *_cm_format_approximate_to_string (CmEventFlags flags);

/* TRUE when @lat/@lon are finite WGS 84 degrees within range. */
gboolean _cm_format_valid_coordinates (double         lat,
                                       double         lon);

/* Categories and groups that events name: the one rule of every reader.
 * @names (from _cm_format_names_new(): name -> index) remembers those the
 * load found or added. NULL or empty names give CM_NONE; a name seen
 * before gives the same index; a new name adds a category (with @color,
 * "#rrggbb" or NULL) or a group (of @kind) named so, whose id is the name
 * made unique ("name-2" when the id is taken); past
 * CM_FORMAT_MAX_CATEGORIES or CM_FORMAT_MAX_GROUPS, CM_NONE. */
#define CM_FORMAT_MAX_CATEGORIES 60000
#define CM_FORMAT_MAX_GROUPS 60000

GHashTable *_cm_format_names_new     (void);
guint    _cm_format_category_by_name (CmDocument     *document,
                                      GHashTable     *names,
                                      const char     *name,
                                      const char     *color);
guint    _cm_format_group_by_name    (CmDocument     *document,
                                      GHashTable     *names,
                                      const char     *name,
                                      CmGroupKind     kind);

/* Reports an event left out as "line @line: reason" to @report
 * (nullable), the reason from @format. The first reason of a load is kept
 * for its error: when *@first_reason is NULL, it takes the reason and
 * TRUE is returned (for the caller to note where it is). */
gboolean _cm_format_skip_at_line     (CmImportReport *report,
                                      char          **first_reason,
                                      guint           line,
                                      const char     *format,
                                      va_list         args) G_GNUC_PRINTF (4, 0);

/* The one rule for an import that yields nothing: TRUE when @n_events > 0;
 * else FALSE with "name:line:column: No event could be read (first reason)"
 * when @report skipped some (@line, @column: where the first skipped one
 * starts, 0 when unknown), or "name:1:1: The file contains no events". */
gboolean _cm_format_check_usable     (const char     *name,
                                      guint           n_events,
                                      CmImportReport *report,
                                      guint           line,
                                      guint           column,
                                      GError        **error);

G_END_DECLS
