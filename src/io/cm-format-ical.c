/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-ical"

#include "config.h"

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
#define WRITE_CHUNK (256 * 1024)
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

static const char * const ical_extensions[] = { "ics", "ical", NULL };
static const char * const ical_mime_types[] = { "text/calendar", NULL };

/* ---- sniffing ---------------------------------------------------------- */

static int
ical_sniff (const char *head,
            gsize       length,
            const char *filename)
{
  gsize skip = length;
  const char *p = _cm_format_skip_bom (head, &skip);
  const char *end = p + skip;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if ((gsize) (end - p) >= 15 && g_ascii_strncasecmp (p, "BEGIN:VCALENDAR", 15) == 0)
    return 100;

  if (filename != NULL)
    {
      const char *dot = strrchr (filename, '.');

      if (dot != NULL
          && (g_ascii_strcasecmp (dot, ".ics") == 0 || g_ascii_strcasecmp (dot, ".ical") == 0))
        return 30;
    }

  return 0;
}

/* ---- reading: lines ---------------------------------------------------- */

/* Hands libical one physical line at a time and remembers where logical
 * (unfolded) lines start. libical reads one line ahead to find folded
 * continuations, so when it returns a logical line the last line handed
 * out already belongs to the next one (unless the input ended). */
typedef struct
{
  const char *data;
  gsize       length;
  gsize       position;
  guint       line;            /* number of the last physical line handed out */
  gboolean    at_line_start;
  guint       last_start;      /* latest line that starts a logical line */
  guint       previous_start;  /* the one before */
  gboolean    eof;
  guint       n_blank_folds;   /* runs of empty lines inside folded lines */
  guint       first_blank_fold;
} LineSource;

/* Length of the empty line ("\n" or "\r\n") at @p, or 0. */
static gsize
empty_line_length (const char *p,
                   const char *end)
{
  if (p < end && p[0] == '\n')
    return 1;
  if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
    return 2;

  return 0;
}

/* Some writers (old Mozilla calendars) put empty lines between a folded
 * line and its continuation. Like python-icalendar, such lines are dropped
 * here, at the start of a line, so that libical sees the continuation. */
static void
skip_blank_folds (LineSource *source)
{
  const char *start = source->data + source->position;
  const char *end = source->data + source->length;
  const char *p = start;
  guint n = 0;
  gsize skip;

  while ((skip = empty_line_length (p, end)) > 0)
    {
      p += skip;
      n++;
    }
  if (n == 0 || source->line == 0 || p >= end || (*p != ' ' && *p != '\t'))
    return;

  if (source->n_blank_folds++ == 0)
    source->first_blank_fold = source->line + 1;
  source->line += n;
  source->position += (gsize) (p - start);
}

static char *
line_source_read (char   *buffer,
                  size_t  size,
                  void   *user_data)
{
  LineSource *source = user_data;
  const char *start, *newline;
  gsize n;

  if (source->at_line_start && source->position < source->length)
    skip_blank_folds (source);

  if (source->position >= source->length || size < 2)
    {
      source->eof = TRUE;
      return NULL;
    }

  start = source->data + source->position;
  newline = memchr (start, '\n', source->length - source->position);
  n = newline != NULL ? (gsize) (newline - start) + 1 : source->length - source->position;
  n = MIN (n, size - 1);
  memcpy (buffer, start, n);
  buffer[n] = '\0';

  if (source->at_line_start)
    {
      source->line++;
      if (start[0] != ' ' && start[0] != '\t')
        {
          source->previous_start = source->last_start;
          source->last_start = source->line;
        }
    }
  source->position += n;
  source->at_line_start = buffer[n - 1] == '\n';

  return buffer;
}

/* Where the character that starts at @p ends when a folded line break
 * splits it (RFC 5545 3.1: readers put its bytes together again), or NULL
 * when it is not valid even so. */
static const char *
join_folded_character (const char *p,
                       const char *end)
{
  guchar lead = (guchar) *p;
  char bytes[4];
  gsize n;
  gboolean folded = FALSE;

  if (lead >= 0xc2 && lead <= 0xdf)
    n = 2;
  else if (lead >= 0xe0 && lead <= 0xef)
    n = 3;
  else if (lead >= 0xf0 && lead <= 0xf4)
    n = 4;
  else
    return NULL;

  bytes[0] = *p++;
  for (gsize i = 1; i < n; i++)
    {
      gsize skip;

      while ((skip = empty_line_length (p, end)) > 0 && p + skip < end
             && (p[skip] == ' ' || p[skip] == '\t'))
        {
          p += skip + 1;
          folded = TRUE;
        }
      if (p >= end)
        return NULL;
      bytes[i] = *p++;
    }

  return folded && g_utf8_validate_len (bytes, n, NULL) ? p : NULL;
}

/* Like _cm_format_check_utf8(), but for characters split by folding. */
static gboolean
check_utf8 (const char  *data,
            gsize        length,
            const char  *name,
            GError     **error)
{
  const char *end = data + length;
  const char *p = data;
  const char *bad = NULL;

  for (;;)
    {
      if (g_utf8_validate_len (p, (gsize) (end - p), &bad))
        return TRUE;
      p = *bad != '\0' ? join_folded_character (bad, end) : NULL;
      if (p == NULL)
        break;
    }

  return _cm_format_set_encoding_error (data, bad, name, error);
}

static gboolean
line_is_blank (const char *line)
{
  for (const char *p = line; *p != '\0'; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
      return FALSE;

  return TRUE;
}

/* ---- reading: the loader ----------------------------------------------- */

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
  const char     *name;
  CmDocument     *document;
  CmEventStore   *store;
  CmImportReport *report;
  GCancellable   *cancellable;

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
} Loader;

static void
loader_clear (Loader *loader)
{
  if (loader->roots != NULL)
    {
      for (guint i = 0; i < loader->roots->len; i++)
        icalcomponent_free (g_ptr_array_index (loader->roots, i));
      g_ptr_array_unref (loader->roots);
    }
  g_clear_pointer (&loader->begin_lines, g_array_unref);
  g_clear_pointer (&loader->errors, g_array_unref);
  g_clear_pointer (&loader->events, g_array_unref);
  g_clear_pointer (&loader->overrides, g_hash_table_unref);
  g_clear_pointer (&loader->category_names, g_hash_table_unref);
  g_clear_pointer (&loader->group_names, g_hash_table_unref);
  g_clear_pointer (&loader->first_reason, g_free);
  g_clear_object (&loader->store);
  g_clear_object (&loader->document);
}

G_GNUC_PRINTF (4, 5)
static void
set_error_at_line (GError     **error,
                   const char  *name,
                   guint        line,
                   const char  *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX, "%s:%u:1: %s", name, line, message);
}

/* Reports an event (or a component read instead of one) that is left out;
 * the first reason is kept for the error of a file with no event. */
G_GNUC_PRINTF (4, 5)
static void
skip_event (Loader        *loader,
            guint          line,
            CmFormatError  code,
            const char    *format,
            ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  cm_import_report_skip (loader->report, _("line %u: %s"), line, reason);
  if (loader->first_reason == NULL)
    {
      loader->first_reason = g_steal_pointer (&reason);
      loader->first_reason_line = line;
      loader->first_reason_code = code;
    }
}

/* @text when it is valid UTF-8, else NULL with a note in the report:
 * libical lets some bytes through undecoded (a backslash before a
 * multi-byte character takes its first byte away). */
static const char *
checked_text (Loader     *loader,
              guint       line,
              const char *property,
              const char *text)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return text;

  cm_import_report_skip (loader->report, _("line %u: ignored %s: its text is not valid UTF-8"),
                         line, property);
  return NULL;
}

/* Runs libical over the text, one logical line at a time. */
static gboolean
parse_lines (Loader      *loader,
             const char  *data,
             gsize        length,
             GError     **error)
{
  LineSource source = { data, length, 0, 0, TRUE, 0, 0, FALSE, 0, 0 };
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  icalparser *parser = icalparser_new ();
  gboolean ok = TRUE;
  gboolean in_calendar = FALSE;  /* the open top-level component is a VCALENDAR */
  guint n_lines = 0;

  icalparser_set_gen_data (parser, &source);

  for (;;)
    {
      char *text = icalparser_get_line (parser, line_source_read);
      icalcomponent *component;
      guint line;
      gboolean blank, begins_calendar;

      if (text == NULL)
        break;

      line = source.eof ? source.last_start : source.previous_start;
      line = MAX (line, 1);

      if ((++n_lines & 1023) == 0
          && g_cancellable_set_error_if_cancelled (loader->cancellable, error))
        {
          icalmemory_free_buffer (text);
          ok = FALSE;
          break;
        }

      if (strlen (text) > MAX_LINE_LENGTH)
        {
          icalmemory_free_buffer (text);
          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT,
                       _("%s:%u:1: This line is too long (more than 8 MB)"), loader->name, line);
          ok = FALSE;
          break;
        }

      blank = line_is_blank (text);
      begins_calendar = g_ascii_strncasecmp (text, "BEGIN:VCALENDAR", 15) == 0;
      component = icalparser_add_line (parser, text);
      icalmemory_free_buffer (text);

      if (!blank)
        {
          icalparser_state state = icalparser_get_state (parser);

          switch (state)
            {
            case ICALPARSER_BEGIN_COMP:
              {
                guint index = loader->begin_lines->len;

                g_array_append_val (loader->begin_lines, line);
                g_array_append_val (stack, index);
                if (stack->len == 1)
                  in_calendar = begins_calendar;
                if (stack->len > MAX_DEPTH)
                  {
                    g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT,
                                 _("%s:%u:1: Components are nested too deeply "
                                   "(more than %d levels)"),
                                 loader->name, line, MAX_DEPTH);
                    ok = FALSE;
                  }
              }
              break;

            case ICALPARSER_END_COMP:
            case ICALPARSER_SUCCESS:
              if (stack->len > 0)
                g_array_set_size (stack, stack->len - 1);
              break;

            case ICALPARSER_ERROR:
              if (stack->len == 0)
                {
                  if (loader->roots->len == 0)
                    {
                      set_error_at_line (error, loader->name, line, "%s",
                                         _("Not an iCalendar file: expected “BEGIN:VCALENDAR”"));
                      ok = FALSE;
                    }
                  else
                    cm_import_report_skip (loader->report,
                                           _("line %u: ignored: text after the end of "
                                             "the calendar"),
                                           line);
                }
              else
                {
                  ErrorLine error_line = { line, g_array_index (stack, guint, stack->len - 1) };

                  g_array_append_val (loader->errors, error_line);
                }
              break;

            case ICALPARSER_IN_PROGRESS:
            default:
              break;
            }
        }

      if (component != NULL)
        g_ptr_array_add (loader->roots, component);

      if (!ok)
        break;
    }

  /* Only the calendar's END line is missing: read as if it were there. */
  if (ok && stack->len == 1 && in_calendar)
    {
      char end_line[] = "END:VCALENDAR";
      icalcomponent *component = icalparser_add_line (parser, end_line);

      if (component != NULL)
        {
          g_ptr_array_add (loader->roots, component);
          g_array_set_size (stack, 0);
          cm_import_report_skip (loader->report,
                                 _("line %u: the file ends without “END:VCALENDAR”: read as if "
                                   "it were there"),
                                 MAX (source.line, 1));
        }
    }
  if (source.n_blank_folds > 0)
    cm_import_report_skip (loader->report,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "line %u: ignored empty lines inside folded lines "
                                        "(%u time in the file)",
                                        "line %u: ignored empty lines inside folded lines "
                                        "(%u times in the file)",
                                        source.n_blank_folds),
                           source.first_blank_fold, source.n_blank_folds);

  if (ok && stack->len > 0)
    {
      guint begin = g_array_index (loader->begin_lines, guint, g_array_index (stack, guint, 0));

      set_error_at_line (error, loader->name, MAX (source.line, 1),
                         _("The file ends inside the component that begins on line %u "
                           "(it is truncated)"), begin);
      ok = FALSE;
    }
  if (ok && loader->roots->len == 0)
    {
      set_error_at_line (error, loader->name, MAX (source.line, 1), "%s",
                         _("Not an iCalendar file: expected “BEGIN:VCALENDAR”"));
      ok = FALSE;
    }

  /* Frees what it holds of an unfinished component too. */
  icalparser_free (parser);

  return ok;
}

static guint
line_of_component (Loader *loader,
                   guint   index)
{
  if (index < loader->begin_lines->len)
    return g_array_index (loader->begin_lines, guint, index);
  return 1;
}

/* X-LIC-ERROR properties of the component at pre-order @index, paired with
 * the lines where libical reported them when the counts agree. */
static void
report_component_errors (Loader        *loader,
                         icalcomponent *component,
                         guint          index)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_props, i = 0;

  n_props = (guint) icalcomponent_count_properties (component, ICAL_XLICERROR_PROPERTY);
  if (n_props == 0)
    return;

  for (guint e = 0; e < loader->errors->len; e++)
    {
      const ErrorLine *error_line = &g_array_index (loader->errors, ErrorLine, e);

      if (error_line->component == index)
        g_array_append_val (lines, error_line->line);
    }

  for (icalproperty *prop = icalcomponent_get_first_property (component, ICAL_XLICERROR_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (component, ICAL_XLICERROR_PROPERTY), i++)
    {
      const char *text = icalproperty_get_xlicerror (prop);
      g_autofree char *message = g_utf8_make_valid (text != NULL ? text : "?", -1);
      guint line;

      if (lines->len == n_props)
        line = g_array_index (lines, guint, i);
      else if (lines->len > 0)
        line = g_array_index (lines, guint, 0);
      else
        line = line_of_component (loader, index);

      cm_import_report_skip (loader->report, _("line %u: ignored: %s"), line, message);
    }
}

static void
walk (Loader        *loader,
      icalcomponent *component,
      guint          depth)
{
  guint index = loader->preorder++;
  icalcomponent_kind kind = icalcomponent_isa (component);

  report_component_errors (loader, component, index);

  switch (kind)
    {
    case ICAL_VEVENT_COMPONENT:
      {
        EventRef ref = { component, line_of_component (loader, index) };

        g_array_append_val (loader->events, ref);
      }
      break;

    case ICAL_VTODO_COMPONENT:
      skip_event (loader, line_of_component (loader, index), CM_FORMAT_ERROR_UNSUPPORTED,
                  "%s", _("a to-do, not an event"));
      break;

    case ICAL_VJOURNAL_COMPONENT:
      skip_event (loader, line_of_component (loader, index), CM_FORMAT_ERROR_UNSUPPORTED,
                  "%s", _("a journal entry, not an event"));
      break;

    case ICAL_NO_COMPONENT:
    case ICAL_ANY_COMPONENT:
    case ICAL_XROOT_COMPONENT:
    case ICAL_XATTACH_COMPONENT:
    case ICAL_VCALENDAR_COMPONENT:
    case ICAL_VAGENDA_COMPONENT:
    case ICAL_VFREEBUSY_COMPONENT:
    case ICAL_VALARM_COMPONENT:
    case ICAL_XAUDIOALARM_COMPONENT:
    case ICAL_XDISPLAYALARM_COMPONENT:
    case ICAL_XEMAILALARM_COMPONENT:
    case ICAL_XPROCEDUREALARM_COMPONENT:
    case ICAL_VTIMEZONE_COMPONENT:
    case ICAL_XSTANDARD_COMPONENT:
    case ICAL_XDAYLIGHT_COMPONENT:
    case ICAL_X_COMPONENT:
    case ICAL_VSCHEDULE_COMPONENT:
    case ICAL_VQUERY_COMPONENT:
    case ICAL_VREPLY_COMPONENT:
    case ICAL_VCAR_COMPONENT:
    case ICAL_VCOMMAND_COMPONENT:
    case ICAL_XLICINVALID_COMPONENT:
    case ICAL_XLICMIMEPART_COMPONENT:
    case ICAL_VAVAILABILITY_COMPONENT:
    case ICAL_XAVAILABLE_COMPONENT:
    case ICAL_VPOLL_COMPONENT:
    case ICAL_VVOTER_COMPONENT:
    case ICAL_XVOTE_COMPONENT:
    case ICAL_VPATCH_COMPONENT:
    case ICAL_XPATCH_COMPONENT:
    default:
      break;
    }

  /* Events inside events are not events (libical would not iterate them
   * the same way either); everything nested is still walked so that the
   * pre-order numbering matches the lines. */
  if (depth > MAX_DEPTH)
    return;

  for (icalcomponent *child = icalcomponent_get_first_component (component, ICAL_ANY_COMPONENT);
       child != NULL;
       child = icalcomponent_get_next_component (component, ICAL_ANY_COMPONENT))
    walk (loader, child, depth + 1);
}

/* ---- reading: times ---------------------------------------------------- */

static gboolean
x_property_value (icalcomponent *component,
                  const char    *x_name,
                  const char   **value)
{
  for (icalproperty *prop = icalcomponent_get_first_property (component, ICAL_X_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (component, ICAL_X_PROPERTY))
    {
      const char *name = icalproperty_get_x_name (prop);

      if (name != NULL && g_ascii_strcasecmp (name, x_name) == 0)
        {
          *value = icalproperty_get_x (prop);
          return *value != NULL;
        }
    }

  return FALSE;
}

/* "+0200", "-0330", "+02:00", "Z" → minutes. */
static gboolean
parse_utc_offset (const char *text,
                  int        *minutes)
{
  int sign, hours, mins = 0;
  const char *p = text;

  if (g_ascii_strcasecmp (text, "Z") == 0)
    {
      *minutes = 0;
      return TRUE;
    }
  if (*p != '+' && *p != '-')
    return FALSE;
  sign = *p++ == '-' ? -1 : 1;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  hours = (p[0] - '0') * 10 + (p[1] - '0');
  p += 2;
  if (*p == ':')
    p++;
  if (*p != '\0')
    {
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || p[2] != '\0')
        return FALSE;
      mins = (p[0] - '0') * 10 + (p[1] - '0');
    }
  if (mins > 59 || hours * 60 + mins > CM_UTC_OFFSET_MAX)
    return FALSE;

  *minutes = sign * (hours * 60 + mins);
  return TRUE;
}

/* @fallback_offset: minutes east of UTC for a TZID that libical does not
 * know but that names its offset ("UTC+02:00"), or CM_UTC_OFFSET_NONE. */
static gboolean
convert_time (struct icaltimetype  t,
              int                  fallback_offset,
              Moment              *moment)
{
  CmTime local;
  int second;

  if (icaltime_is_null_time (t))
    return FALSE;
  if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12
      || t.day < 1 || t.day > cm_days_in_month (t.year, t.month))
    return FALSE;
  if (!t.is_date && (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59
                     || t.second < 0 || t.second > 60))
    return FALSE;

  second = MIN (t.second, 59); /* a leap second */
  moment->is_date = t.is_date != 0;
  moment->offset = CM_UTC_OFFSET_NONE;
  moment->form = moment->is_date ? CM_PRECISION_DAY
               : second != 0 ? CM_PRECISION_SECOND : CM_PRECISION_MINUTE;

  if (moment->is_date)
    {
      moment->time = cm_time_from_civil (t.year, t.month, t.day, 0, 0, 0);
      return TRUE;
    }

  local = cm_time_from_civil (t.year, t.month, t.day, t.hour, t.minute, second);
  moment->time = local;

  if (icaltime_is_utc (t))
    moment->offset = 0;
  else if (t.zone != NULL)
    {
      int is_daylight = 0;
      int offset = icaltimezone_get_utc_offset ((icaltimezone *) t.zone, &t, &is_daylight);

      if (ABS (offset) <= CM_UTC_OFFSET_MAX * 60)
        {
          moment->time = local - offset;
          moment->offset = offset / 60;
        }
    }
  else if (t.zone == NULL && fallback_offset != CM_UTC_OFFSET_NONE)
    {
      moment->time = local - (CmTime) fallback_offset * 60;
      moment->offset = fallback_offset;
    }

  return TRUE;
}

/* For a DTSTART whose TZID libical cannot resolve (no VTIMEZONE, not a
 * zone it knows): the offset when the name says it ("UTC+02:00",
 * "GMT-0330", "UTC"), else CM_UTC_OFFSET_NONE and *@unknown set. */
static int
unresolved_tzid_offset (icalproperty        *prop,
                        struct icaltimetype  t,
                        gboolean            *unknown)
{
  icalparameter *param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  const char *tzid = param != NULL ? icalparameter_get_tzid (param) : NULL;
  int minutes;

  *unknown = FALSE;
  if (tzid == NULL || t.zone != NULL || t.is_date || icaltime_is_utc (t))
    return CM_UTC_OFFSET_NONE;

  if (g_ascii_strncasecmp (tzid, "UTC", 3) == 0 || g_ascii_strncasecmp (tzid, "GMT", 3) == 0)
    {
      if (tzid[3] == '\0')
        return 0;
      if (parse_utc_offset (tzid + 3, &minutes))
        return minutes;
    }

  *unknown = TRUE;
  return CM_UTC_OFFSET_NONE;
}

static icaltimezone *
find_zone (icalcomponent *component,
           const char    *tzid)
{
  icaltimezone *zone = NULL;

  for (icalcomponent *c = component; c != NULL && zone == NULL; c = icalcomponent_get_parent (c))
    zone = icalcomponent_get_timezone (c, tzid);
  if (zone == NULL)
    zone = icaltimezone_get_builtin_timezone_from_tzid (tzid);
  if (zone == NULL)
    zone = icaltimezone_get_builtin_timezone (tzid);

  return zone;
}

/* ---- colours ----------------------------------------------------------- */

/* The CSS 3 colour names, which COLOR (RFC 7986) takes. */
static const struct
{
  const char *name;
  guint32     rgb;
} css_colors[] = {
  { "aliceblue", 0xf0f8ff }, { "antiquewhite", 0xfaebd7 }, { "aqua", 0x00ffff },
  { "aquamarine", 0x7fffd4 }, { "azure", 0xf0ffff }, { "beige", 0xf5f5dc }, { "bisque", 0xffe4c4 },
  { "black", 0x000000 }, { "blanchedalmond", 0xffebcd }, { "blue", 0x0000ff },
  { "blueviolet", 0x8a2be2 }, { "brown", 0xa52a2a }, { "burlywood", 0xdeb887 },
  { "cadetblue", 0x5f9ea0 }, { "chartreuse", 0x7fff00 }, { "chocolate", 0xd2691e },
  { "coral", 0xff7f50 }, { "cornflowerblue", 0x6495ed }, { "cornsilk", 0xfff8dc },
  { "crimson", 0xdc143c }, { "cyan", 0x00ffff }, { "darkblue", 0x00008b },
  { "darkcyan", 0x008b8b }, { "darkgoldenrod", 0xb8860b }, { "darkgray", 0xa9a9a9 },
  { "darkgreen", 0x006400 }, { "darkgrey", 0xa9a9a9 }, { "darkkhaki", 0xbdb76b },
  { "darkmagenta", 0x8b008b }, { "darkolivegreen", 0x556b2f }, { "darkorange", 0xff8c00 },
  { "darkorchid", 0x9932cc }, { "darkred", 0x8b0000 }, { "darksalmon", 0xe9967a },
  { "darkseagreen", 0x8fbc8f }, { "darkslateblue", 0x483d8b }, { "darkslategray", 0x2f4f4f },
  { "darkslategrey", 0x2f4f4f }, { "darkturquoise", 0x00ced1 }, { "darkviolet", 0x9400d3 },
  { "deeppink", 0xff1493 }, { "deepskyblue", 0x00bfff }, { "dimgray", 0x696969 },
  { "dimgrey", 0x696969 }, { "dodgerblue", 0x1e90ff }, { "firebrick", 0xb22222 },
  { "floralwhite", 0xfffaf0 }, { "forestgreen", 0x228b22 }, { "fuchsia", 0xff00ff },
  { "gainsboro", 0xdcdcdc }, { "ghostwhite", 0xf8f8ff }, { "gold", 0xffd700 },
  { "goldenrod", 0xdaa520 }, { "gray", 0x808080 }, { "green", 0x008000 },
  { "greenyellow", 0xadff2f }, { "grey", 0x808080 }, { "honeydew", 0xf0fff0 },
  { "hotpink", 0xff69b4 }, { "indianred", 0xcd5c5c }, { "indigo", 0x4b0082 },
  { "ivory", 0xfffff0 }, { "khaki", 0xf0e68c }, { "lavender", 0xe6e6fa },
  { "lavenderblush", 0xfff0f5 }, { "lawngreen", 0x7cfc00 }, { "lemonchiffon", 0xfffacd },
  { "lightblue", 0xadd8e6 }, { "lightcoral", 0xf08080 }, { "lightcyan", 0xe0ffff },
  { "lightgoldenrodyellow", 0xfafad2 }, { "lightgray", 0xd3d3d3 }, { "lightgreen", 0x90ee90 },
  { "lightgrey", 0xd3d3d3 }, { "lightpink", 0xffb6c1 }, { "lightsalmon", 0xffa07a },
  { "lightseagreen", 0x20b2aa }, { "lightskyblue", 0x87cefa }, { "lightslategray", 0x778899 },
  { "lightslategrey", 0x778899 }, { "lightsteelblue", 0xb0c4de }, { "lightyellow", 0xffffe0 },
  { "lime", 0x00ff00 }, { "limegreen", 0x32cd32 }, { "linen", 0xfaf0e6 }, { "magenta", 0xff00ff },
  { "maroon", 0x800000 }, { "mediumaquamarine", 0x66cdaa }, { "mediumblue", 0x0000cd },
  { "mediumorchid", 0xba55d3 }, { "mediumpurple", 0x9370db }, { "mediumseagreen", 0x3cb371 },
  { "mediumslateblue", 0x7b68ee }, { "mediumspringgreen", 0x00fa9a },
  { "mediumturquoise", 0x48d1cc }, { "mediumvioletred", 0xc71585 }, { "midnightblue", 0x191970 },
  { "mintcream", 0xf5fffa }, { "mistyrose", 0xffe4e1 }, { "moccasin", 0xffe4b5 },
  { "navajowhite", 0xffdead }, { "navy", 0x000080 }, { "oldlace", 0xfdf5e6 },
  { "olive", 0x808000 }, { "olivedrab", 0x6b8e23 }, { "orange", 0xffa500 },
  { "orangered", 0xff4500 }, { "orchid", 0xda70d6 }, { "palegoldenrod", 0xeee8aa },
  { "palegreen", 0x98fb98 }, { "paleturquoise", 0xafeeee }, { "palevioletred", 0xdb7093 },
  { "papayawhip", 0xffefd5 }, { "peachpuff", 0xffdab9 }, { "peru", 0xcd853f },
  { "pink", 0xffc0cb }, { "plum", 0xdda0dd }, { "powderblue", 0xb0e0e6 }, { "purple", 0x800080 },
  { "red", 0xff0000 }, { "rosybrown", 0xbc8f8f }, { "royalblue", 0x4169e1 },
  { "saddlebrown", 0x8b4513 }, { "salmon", 0xfa8072 }, { "sandybrown", 0xf4a460 },
  { "seagreen", 0x2e8b57 }, { "seashell", 0xfff5ee }, { "sienna", 0xa0522d },
  { "silver", 0xc0c0c0 }, { "skyblue", 0x87ceeb }, { "slateblue", 0x6a5acd },
  { "slategray", 0x708090 }, { "slategrey", 0x708090 }, { "snow", 0xfffafa },
  { "springgreen", 0x00ff7f }, { "steelblue", 0x4682b4 }, { "tan", 0xd2b48c },
  { "teal", 0x008080 }, { "thistle", 0xd8bfd8 }, { "tomato", 0xff6347 }, { "turquoise", 0x40e0d0 },
  { "violet", 0xee82ee }, { "wheat", 0xf5deb3 }, { "white", 0xffffff }, { "whitesmoke", 0xf5f5f5 },
  { "yellow", 0xffff00 }, { "yellowgreen", 0x9acd32 },
};

/* "#rrggbb" for a CSS colour name (or a "#rrggbb" COLOR), or NULL. */
static char *
css_color_to_hex (const char *text)
{
  double red, green, blue;

  if (text == NULL)
    return NULL;
  if (cm_color_parse (text, &red, &green, &blue))
    return cm_color_to_string (red, green, blue);

  for (gsize i = 0; i < G_N_ELEMENTS (css_colors); i++)
    if (g_ascii_strcasecmp (text, css_colors[i].name) == 0)
      return g_strdup_printf ("#%06x", css_colors[i].rgb);

  return NULL;
}

/* The CSS name of exactly that colour, or NULL. */
static const char *
css_color_name (const CmCategory *category)
{
  g_autofree char *hex = cm_color_to_string (category->red, category->green, category->blue);
  guint32 rgb = (guint32) g_ascii_strtoull (hex + 1, NULL, 16);

  for (gsize i = 0; i < G_N_ELEMENTS (css_colors); i++)
    if (css_colors[i].rgb == rgb)
      return css_colors[i].name;

  return NULL;
}

/* ---- reading: events --------------------------------------------------- */

typedef struct
{
  const char  *uid;
  const char  *title;
  const char  *description;
  const char  *place;
  double       lat, lon;
  guint        category;
  guint        group;
  CmEventFlags flags;
  char        *extras;          /* owned */
  gboolean     has_end;
  Moment       start;
  Moment       end;             /* exclusive for dates, as in the file */
  CmPrecision  precision;       /* from X-CHRONOMAP-PRECISION, or the form */
  CmPrecision  end_precision;
  int          fixed_offset;    /* X-CHRONOMAP-UTC-OFFSET, or CM_UTC_OFFSET_NONE */
  int          fallback_offset; /* see unresolved_tzid_offset() */
} EventInfo;

/* RECURRENCE-ID events replace the occurrence of their UID, and EXDATE
 * excludes one, at the instant ('U') of a value in UTC or in a zone, at
 * the local time ('L') of a floating one, on the local day ('D') of a
 * date. */
static char *
override_key (const char *uid,
              char        kind,
              CmTime      time)
{
  return g_strdup_printf ("%s\x1f%c%" G_GINT64_FORMAT, uid, kind, time);
}

/* @t, a value of @prop in @event, in the zone that the TZID of @prop
 * names, which libical leaves out of some values (RECURRENCE-ID).
 * *@fallback_offset: as for convert_time(). */
static struct icaltimetype
zoned_value (icalcomponent       *event,
             icalproperty        *prop,
             struct icaltimetype  t,
             int                 *fallback_offset)
{
  icalparameter *param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  const char *tzid = param != NULL ? icalparameter_get_tzid (param) : NULL;
  gboolean unknown;

  *fallback_offset = CM_UTC_OFFSET_NONE;
  if (t.is_date || icaltime_is_utc (t) || t.zone != NULL || tzid == NULL)
    return t;

  t.zone = find_zone (event, tzid);
  if (t.zone == NULL)
    *fallback_offset = unresolved_tzid_offset (prop, t, &unknown);

  return t;
}

/* The value @t of @prop as a moment, and the kind of its override_key(). */
static gboolean
read_occurrence_value (icalcomponent       *event,
                       icalproperty        *prop,
                       struct icaltimetype  t,
                       Moment              *moment,
                       char                *kind)
{
  int fallback_offset;

  t = zoned_value (event, prop, t, &fallback_offset);
  if (!convert_time (t, fallback_offset, moment))
    return FALSE;

  *kind = moment->is_date ? 'D' : moment->offset == CM_UTC_OFFSET_NONE ? 'L' : 'U';
  return TRUE;
}

/* The RECURRENCE-ID of @event, and the kind of its override_key(). */
static gboolean
read_recurrence_id (icalcomponent *event,
                    Moment        *moment,
                    char          *kind)
{
  icalproperty *prop = icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY);

  return prop != NULL
      && read_occurrence_value (event, prop, icalproperty_get_recurrenceid (prop), moment, kind);
}

/* Whether @keys (override_key() with @uid) hold the occurrence @t, in the
 * zone of DTSTART, at @moment. */
static gboolean
matches_occurrence (GHashTable          *keys,
                    const char          *uid,
                    struct icaltimetype  t,
                    const Moment        *moment)
{
  CmTime day, local;
  g_autofree char *instant_key = NULL;
  g_autofree char *local_key = NULL;
  g_autofree char *day_key = NULL;

  if (g_hash_table_size (keys) == 0)
    return FALSE;

  day = cm_time_from_civil (t.year, t.month, t.day, 0, 0, 0);
  local = t.is_date ? day : cm_time_from_civil (t.year, t.month, t.day, t.hour, t.minute,
                                                MIN (t.second, 59));
  instant_key = override_key (uid, 'U', moment->time);
  local_key = override_key (uid, 'L', local);
  day_key = override_key (uid, 'D', day);

  return g_hash_table_contains (keys, instant_key)
      || g_hash_table_contains (keys, local_key)
      || g_hash_table_contains (keys, day_key);
}

static void
remember_name (GHashTable *names,
               const char *name,
               guint       index)
{
  if (!g_hash_table_contains (names, name))
    g_hash_table_insert (names, g_strdup (name), GUINT_TO_POINTER (index + 1));
}

static guint
lookup_name (GHashTable *names,
             const char *name)
{
  gpointer value = g_hash_table_lookup (names, name);

  return value != NULL ? GPOINTER_TO_UINT (value) - 1 : CM_NONE;
}

/* The X-ID parameter of @prop, when it is usable as an id. */
static const char *
id_parameter (icalproperty *prop)
{
  const char *id = icalproperty_get_parameter_as_string (prop, X_ID);

  return id != NULL && *id != '\0' && g_utf8_validate (id, -1, NULL) ? id : NULL;
}

/* A category by name: one the calendar declared, else one found or added
 * by _cm_format_category_by_name() with @color when it is new. */
static guint
read_category (Loader     *loader,
               const char *name,
               const char *color)
{
  guint index = lookup_name (loader->category_names, name);

  if (index == CM_NONE)
    {
      index = _cm_format_category_by_name (loader->document, name, color);
      if (index != CM_NONE)
        remember_name (loader->category_names, name, index);
    }

  return index;
}

/* The group an event's X-CHRONOMAP-GROUP names: by its X-ID, else by
 * name, else a new one of its X-KIND. */
static guint
read_group (Loader       *loader,
            icalproperty *prop,
            const char   *name)
{
  const char *id = id_parameter (prop);
  const char *kind_text = icalproperty_get_parameter_as_string (prop, X_KIND);
  CmGroupKind kind = CM_GROUP_LANE;
  guint index = CM_NONE;

  if (*name == '\0')
    return CM_NONE;

  if (id != NULL)
    index = cm_document_find_group (loader->document, id);
  if (index == CM_NONE)
    index = lookup_name (loader->group_names, name);
  if (index == CM_NONE)
    {
      if (id == NULL)
        id = name;
      index = cm_document_find_group (loader->document, id);
      if (index == CM_NONE)
        {
          if (kind_text != NULL && !cm_group_kind_from_string (kind_text, &kind))
            kind = CM_GROUP_LANE;
          index = cm_document_add_group (loader->document, id, name, kind);
        }
      remember_name (loader->group_names, name, index);
    }

  return index;
}

/* Fills @data for one occurrence starting at @start (same zone/offset rules
 * as the event's DTSTART) and adds it. */
static void
add_occurrence (Loader          *loader,
                const EventInfo *info,
                const Moment    *start,
                const char      *id)
{
  CmEventData data;
  int offset = info->fixed_offset != CM_UTC_OFFSET_NONE ? info->fixed_offset : start->offset;
  CmTime begin = start->time;
  CmTime end = CM_TIME_INVALID;

  cm_event_data_init (&data);
  data.id = id;
  data.title = info->title ? info->title : "";
  data.description = info->description;
  data.place = info->place;
  data.lat = info->lat;
  data.lon = info->lon;
  data.category = info->category;
  data.group = info->group;
  data.flags = info->flags;
  data.extras = info->extras;
  data.precision = info->precision;
  data.end_precision = info->end_precision;

  /* A value written without offset in the file but with our offset
   * property: the local calendar date or time at that offset. */
  if (info->fixed_offset != CM_UTC_OFFSET_NONE && start->offset == CM_UTC_OFFSET_NONE
      && start->is_date)
    begin -= (CmTime) info->fixed_offset * 60;

  if (info->has_end)
    {
      CmTime length = info->end.time - info->start.time;

      if (start->is_date && info->end.is_date)
        {
          /* DTEND of a date is the day after the last one. */
          CmTime unit_end = cm_time_unit_end (begin, info->precision, offset);
          CmTime exclusive = begin + length;

          if (exclusive > unit_end)
            end = cm_time_truncate (exclusive - 1, info->end_precision, offset);
        }
      else if (length > 0)
        end = begin + length;
    }

  data.start = begin;
  data.end = end;
  data.utc_offset = offset;

  cm_event_store_add (loader->store, &data);
  loader->n_events++;
  if (loader->report != NULL)
    loader->report->n_imported++;
}

static gboolean
budget_left (Loader *loader)
{
  if (loader->n_events < MAX_TOTAL_EVENTS)
    return TRUE;

  if (!loader->budget_reported)
    {
      loader->budget_reported = TRUE;
      cm_import_report_skip (loader->report,
                             _("Only the first %d events were imported: the file holds more"),
                             MAX_TOTAL_EVENTS);
    }
  return FALSE;
}

static char *
occurrence_id (const EventInfo *info,
               const Moment    *start)
{
  g_autofree char *iso = NULL;

  if (info->uid == NULL)
    return NULL;

  iso = cm_time_to_iso (start->time, start->is_date ? CM_PRECISION_DAY : CM_PRECISION_SECOND,
                        start->is_date ? CM_UTC_OFFSET_NONE : 0);
  return g_strdup_printf ("%s#%s", info->uid, iso);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  CmTime x = ((const Moment *) a)->time, y = ((const Moment *) b)->time;

  return x < y ? -1 : x > y ? 1 : 0;
}

typedef struct
{
  Loader              *loader;
  icalcomponent       *event;
  const EventInfo     *info;
  struct icaltimetype  dtstart;
  CmTime               limit;
  GArray              *moments;     /* Moment */
  GHashTable          *seen;        /* CmTime * */
  GHashTable          *excluded;    /* override_key() of EXDATE values, with "" */
  gboolean             has_exrule;
  int                  fallback_offset;
  gboolean             by_count;
  gboolean             by_time;
  guint                n_replaced;
} Expansion;

/* EXDATE values of @expansion's event, as override_key()s with no UID.
 * libical's icalproperty_recurrence_is_excluded() compares a date with
 * the day in UTC, not the local day; it still serves for EXRULE. */
static void
collect_exclusions (Expansion *expansion)
{
  icalcomponent *event = expansion->event;

  for (icalproperty *prop = icalcomponent_get_first_property (event, ICAL_EXDATE_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_EXDATE_PROPERTY))
    {
      Moment moment;
      char kind;

      if (read_occurrence_value (event, prop, icalproperty_get_exdate (prop), &moment, &kind))
        g_hash_table_add (expansion->excluded, override_key ("", kind, moment.time));
    }

  expansion->has_exrule = icalcomponent_get_first_property (event, ICAL_EXRULE_PROPERTY) != NULL;
}

static void
add_moment (Expansion           *expansion,
            struct icaltimetype  t)
{
  Moment moment;

  if (!convert_time (t, expansion->fallback_offset, &moment)
      || matches_occurrence (expansion->excluded, "", t, &moment)
      || (expansion->has_exrule
          && icalproperty_recurrence_is_excluded (expansion->event, &expansion->dtstart, &t)))
    return;

  if (moment.time > expansion->limit)
    {
      expansion->by_time = TRUE;
      return;
    }
  if (expansion->moments->len >= MAX_OCCURRENCES)
    {
      expansion->by_count = TRUE;
      return;
    }
  if (g_hash_table_contains (expansion->seen, &moment.time))
    return;

  g_hash_table_add (expansion->seen, g_memdup2 (&moment.time, sizeof moment.time));

  /* Replaced by an event of its own (RECURRENCE-ID). */
  if (expansion->info->uid != NULL
      && matches_occurrence (expansion->loader->overrides, expansion->info->uid, t, &moment))
    {
      expansion->n_replaced++;
      return;
    }

  g_array_append_val (expansion->moments, moment);
}

/* Occurrences of a recurring event: DTSTART, RRULE and RDATE, less EXDATE
 * and the occurrences that RECURRENCE-ID events replace, within
 * MAX_REPEAT_YEARS and MAX_OCCURRENCES. */
static void
expand (Loader              *loader,
        icalcomponent       *event,
        guint                line,
        EventInfo           *info,
        struct icaltimetype  dtstart)
{
  g_autoptr(GArray) moments = g_array_new (FALSE, FALSE, sizeof (Moment));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  icalproperty *rrule = icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY);
  Expansion expansion = { loader, event, info, dtstart, 0, moments, seen, excluded, FALSE,
                          info->fallback_offset, FALSE, FALSE, 0 };

  collect_exclusions (&expansion);

  /* MAX_REPEAT_YEARS calendar years after DTSTART. */
  expansion.limit = info->start.time
                  + (cm_time_from_civil (dtstart.year + MAX_REPEAT_YEARS, dtstart.month,
                                         dtstart.day, 0, 0, 0)
                     - cm_time_from_civil (dtstart.year, dtstart.month, dtstart.day, 0, 0, 0));

  add_moment (&expansion, dtstart);

  for (icalproperty *prop = rrule; prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_RRULE_PROPERTY))
    {
      struct icalrecurrencetype rule = icalproperty_get_rrule (prop);
      icalrecur_iterator *iterator;

      if (rule.freq == ICAL_NO_RECURRENCE)
        continue;
      iterator = icalrecur_iterator_new (rule, dtstart);
      if (iterator == NULL)
        {
          cm_import_report_skip (loader->report,
                                 _("line %u: ignored a recurrence rule that libical cannot expand"),
                                 line);
          continue;
        }

      for (guint steps = 0;
           steps < MAX_RULE_STEPS && !expansion.by_count && !expansion.by_time;
           steps++)
        {
          struct icaltimetype next = icalrecur_iterator_next (iterator);

          if (icaltime_is_null_time (next))
            break;
          next.zone = dtstart.zone;
          next.is_date = dtstart.is_date;
          add_moment (&expansion, next);
        }
      icalrecur_iterator_free (iterator);
    }

  for (icalproperty *prop = icalcomponent_get_first_property (event, ICAL_RDATE_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_RDATE_PROPERTY))
    {
      struct icaldatetimeperiodtype value = icalproperty_get_rdate (prop);
      struct icaltimetype t = icaltime_is_null_time (value.time) ? value.period.start : value.time;
      icalparameter *tzid = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);

      if (!icaltime_is_utc (t) && !t.is_date)
        t.zone = tzid != NULL && icalparameter_get_tzid (tzid) != NULL
               ? find_zone (event, icalparameter_get_tzid (tzid)) : dtstart.zone;
      add_moment (&expansion, t);
    }

  g_array_sort (moments, compare_times);

  if (expansion.by_count || expansion.by_time)
    {
      g_autofree char *last = NULL;

      if (moments->len > 0)
        {
          const Moment *m = &g_array_index (moments, Moment, moments->len - 1);

          last = cm_time_format (m->time, CM_PRECISION_DAY, m->offset);
        }
      cm_import_report_skip (loader->report,
                             expansion.by_count
                             ? _("line %u: “%s” repeats more than %d times: only the first %u "
                                 "occurrences were imported (until %s)")
                             : _("line %u: “%s” repeats beyond %d years: only the %u occurrences "
                                 "of the first years were imported (until %s)"),
                             line, info->title ? info->title : "",
                             expansion.by_count ? MAX_OCCURRENCES : MAX_REPEAT_YEARS,
                             moments->len, last ? last : "—");
    }
  else if (moments->len == 0 && expansion.n_replaced == 0)
    skip_event (loader, line, CM_FORMAT_ERROR_BAD_DATE,
                _("“%s” has no occurrence left: EXDATE excludes every one"),
                info->title ? info->title : "");

  if (rrule != NULL)
    {
      g_autofree char *text = icalproperty_get_value_as_string_r (rrule);
      char *extras = cm_properties_set (info->extras, EXTRA_RRULE, text);

      g_free (info->extras);
      info->extras = extras;
    }
  if (info->uid != NULL)
    {
      char *extras = cm_properties_set (info->extras, EXTRA_UID, info->uid);

      g_free (info->extras);
      info->extras = extras;
    }

  for (guint i = 0; i < moments->len && budget_left (loader); i++)
    {
      const Moment *m = &g_array_index (moments, Moment, i);
      g_autofree char *id = occurrence_id (info, m);

      add_occurrence (loader, info, m, id);
    }
}

static void
read_x_properties (Loader        *loader,
                   EventInfo     *info,
                   icalcomponent *event,
                   guint          line)
{
  for (icalproperty *prop = icalcomponent_get_first_property (event, ICAL_X_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_X_PROPERTY))
    {
      const char *name = icalproperty_get_x_name (prop);
      const char *value = icalproperty_get_x (prop);
      CmPrecision precision;

      if (name == NULL || value == NULL)
        continue;

      if (g_ascii_strcasecmp (name, X_UTC_OFFSET) == 0)
        {
          int minutes;

          if (parse_utc_offset (value, &minutes))
            info->fixed_offset = minutes;
        }
      else if (g_ascii_strcasecmp (name, X_PRECISION) == 0)
        {
          if (cm_precision_from_string (value, &precision))
            info->precision = precision;
        }
      else if (g_ascii_strcasecmp (name, X_END_PRECISION) == 0)
        {
          if (cm_precision_from_string (value, &precision))
            info->end_precision = precision;
        }
      else if (g_ascii_strcasecmp (name, X_APPROXIMATE) == 0)
        {
          g_auto(GStrv) parts = g_strsplit (value, ",", 4);

          for (guint i = 0; parts[i] != NULL; i++)
            {
              g_strstrip (parts[i]);
              if (g_ascii_strcasecmp (parts[i], "start") == 0)
                info->flags |= CM_EVENT_START_APPROXIMATE;
              else if (g_ascii_strcasecmp (parts[i], "end") == 0)
                info->flags |= CM_EVENT_END_APPROXIMATE;
              else if (g_ascii_strcasecmp (parts[i], "coordinates") == 0)
                info->flags |= CM_EVENT_COORDINATES_APPROXIMATE;
            }
        }
      else if (g_ascii_strcasecmp (name, X_GROUP) == 0)
        {
          value = checked_text (loader, line, X_GROUP, value);
          if (value != NULL && info->group == CM_NONE)
            info->group = read_group (loader, prop, value);
        }
      else if (g_ascii_strcasecmp (name, X_EXTRA) == 0)
        {
          const char *key = icalproperty_get_parameter_as_string (prop, X_KEY);

          key = checked_text (loader, line, X_EXTRA, key);
          value = checked_text (loader, line, X_EXTRA, value);
          if (key != NULL && *key != '\0' && value != NULL)
            {
              char *extras = cm_properties_set (info->extras, key, value);

              g_free (info->extras);
              info->extras = extras;
            }
        }
    }
}

static void
read_event (Loader        *loader,
            icalcomponent *event,
            guint          line)
{
  EventInfo info = { 0 };
  struct icaltimetype dtstart, dtend;
  icalproperty *prop;
  g_autoptr(GString) categories = NULL;
  g_autofree char *color = NULL;
  gboolean recurring, unknown_tzid;
  const char *url;

  info.lat = info.lon = NAN;
  info.category = CM_NONE;
  info.group = CM_NONE;
  info.fixed_offset = CM_UTC_OFFSET_NONE;

  info.title = checked_text (loader, line, "SUMMARY", icalcomponent_get_summary (event));
  info.uid = checked_text (loader, line, "UID", icalcomponent_get_uid (event));
  if (info.uid != NULL && *info.uid == '\0')
    info.uid = NULL;

  prop = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  if (prop == NULL)
    {
      skip_event (loader, line, CM_FORMAT_ERROR_MISSING_FIELD, _("“%s” has no start (DTSTART)"),
                  info.title ? info.title : "");
      return;
    }
  dtstart = icalcomponent_get_dtstart (event);
  info.fallback_offset = unresolved_tzid_offset (prop, dtstart, &unknown_tzid);
  if (unknown_tzid)
    {
      icalparameter *param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
      const char *tzid = icalparameter_get_tzid (param);

      cm_import_report_skip (loader->report,
                             _("line %u: unknown time zone “%s”: the times of “%s” are read as "
                               "local times without offset"),
                             line, g_utf8_validate (tzid, -1, NULL) ? tzid : "?",
                             info.title ? info.title : "");
    }
  if (!convert_time (dtstart, info.fallback_offset, &info.start))
    {
      skip_event (loader, line, CM_FORMAT_ERROR_BAD_DATE, _("“%s” has no valid start (DTSTART)"),
                  info.title ? info.title : "");
      return;
    }

  info.description = checked_text (loader, line, "DESCRIPTION", icalcomponent_get_description (event));
  info.place = checked_text (loader, line, "LOCATION", icalcomponent_get_location (event));

  prop = icalcomponent_get_first_property (event, ICAL_GEO_PROPERTY);
  if (prop != NULL)
    {
      struct icalgeotype geo = icalproperty_get_geo (prop);

      if (_cm_format_valid_coordinates (geo.lat, geo.lon))
        {
          info.lat = geo.lat;
          info.lon = geo.lon;
        }
      else
        cm_import_report_skip (loader->report, _("line %u: ignored coordinates out of range (GEO)"),
                               line);
    }

  prop = icalcomponent_get_first_property (event, ICAL_COLOR_PROPERTY);
  if (prop != NULL)
    color = css_color_to_hex (icalproperty_get_color (prop));

  for (prop = icalcomponent_get_first_property (event, ICAL_CATEGORIES_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_CATEGORIES_PROPERTY))
    {
      const char *name = checked_text (loader, line, "CATEGORIES", icalproperty_get_categories (prop));

      if (name == NULL || *name == '\0')
        continue;
      if (info.category == CM_NONE)
        info.category = read_category (loader, name, color);
      if (categories == NULL)
        categories = g_string_new (name);
      else
        g_string_append_printf (categories, ",%s", name);
    }
  if (categories != NULL && strchr (categories->str, ',') != NULL)
    info.extras = cm_properties_set (NULL, EXTRA_CATEGORIES, categories->str);

  prop = icalcomponent_get_first_property (event, ICAL_URL_PROPERTY);
  url = prop != NULL ? checked_text (loader, line, "URL", icalproperty_get_url (prop)) : NULL;
  if (url != NULL)
    {
      char *extras = cm_properties_set (info.extras, EXTRA_URL, url);

      g_free (info.extras);
      info.extras = extras;
    }

  info.precision = info.start.form;
  info.end_precision = info.start.form;

  if (icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY) != NULL
      || icalcomponent_get_first_property (event, ICAL_DURATION_PROPERTY) != NULL)
    {
      dtend = icalcomponent_get_dtend (event);
      if (convert_time (dtend, info.fallback_offset, &info.end))
        {
          info.has_end = TRUE;
          info.end_precision = info.end.is_date ? CM_PRECISION_DAY : info.end.form;
        }
    }

  read_x_properties (loader, &info, event, line);

  recurring = icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY) != NULL
           || icalcomponent_get_first_property (event, ICAL_RDATE_PROPERTY) != NULL;

  if (recurring)
    expand (loader, event, line, &info, dtstart);
  else if (budget_left (loader))
    {
      g_autofree char *id = NULL;

      /* An occurrence that replaces one of a recurring event: the same id
       * as the occurrence it replaces. */
      if (info.uid != NULL
          && icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY) != NULL)
        {
          Moment recurrence;
          char kind;
          char *extras = cm_properties_set (info.extras, EXTRA_UID, info.uid);

          g_free (info.extras);
          info.extras = extras;
          if (read_recurrence_id (event, &recurrence, &kind))
            id = occurrence_id (&info, &recurrence);
        }

      add_occurrence (loader, &info, &info.start, id ? id : info.uid);
    }

  g_free (info.extras);
}

static void
collect_overrides (Loader *loader)
{
  for (guint i = 0; i < loader->events->len; i++)
    {
      icalcomponent *event = g_array_index (loader->events, EventRef, i).component;
      const char *uid = icalcomponent_get_uid (event);
      Moment recurrence;
      char kind;

      if (uid == NULL || *uid == '\0' || !g_utf8_validate (uid, -1, NULL))
        continue;
      if (read_recurrence_id (event, &recurrence, &kind))
        g_hash_table_add (loader->overrides, override_key (uid, kind, recurrence.time));
    }
}

/* X-CHRONOMAP-CATEGORY and X-CHRONOMAP-GROUP of the calendar: the
 * document's categories and groups, in order, before any event. */
static void
read_declaration (Loader       *loader,
                  icalproperty *prop,
                  const char   *x_name,
                  const char   *name)
{
  const char *id = id_parameter (prop);

  if (*name == '\0')
    return;
  if (id == NULL)
    id = name;

  if (g_ascii_strcasecmp (x_name, X_CATEGORY) == 0
      && cm_document_find_category (loader->document, id) == CM_NONE)
    {
      const char *color = icalproperty_get_parameter_as_string (prop, X_COLOR);
      double red, green, blue;
      guint index;

      if (color != NULL && !cm_color_parse (color, &red, &green, &blue))
        color = NULL;
      index = cm_document_add_category (loader->document, id, name, color);
      remember_name (loader->category_names, name, index);
    }
  else if (g_ascii_strcasecmp (x_name, X_GROUP) == 0
           && cm_document_find_group (loader->document, id) == CM_NONE)
    {
      const char *kind_text = icalproperty_get_parameter_as_string (prop, X_KIND);
      CmGroupKind kind = CM_GROUP_LANE;
      guint index;

      if (kind_text != NULL && !cm_group_kind_from_string (kind_text, &kind))
        kind = CM_GROUP_LANE;
      index = cm_document_add_group (loader->document, id, name, kind);
      remember_name (loader->group_names, name, index);
    }
}

static void
read_calendar_metadata (Loader        *loader,
                        icalcomponent *calendar,
                        guint          line)
{
  const char *value;

  if (x_property_value (calendar, "X-WR-CALNAME", &value)
      && checked_text (loader, line, "X-WR-CALNAME", value) != NULL && *value != '\0')
    cm_document_set_title (loader->document, value);
  if (x_property_value (calendar, "X-WR-CALDESC", &value)
      && checked_text (loader, line, "X-WR-CALDESC", value) != NULL && *value != '\0')
    cm_document_set_description (loader->document, value);

  for (icalproperty *prop = icalcomponent_get_first_property (calendar, ICAL_X_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (calendar, ICAL_X_PROPERTY))
    {
      const char *name = icalproperty_get_x_name (prop);
      const char *key = icalproperty_get_parameter_as_string (prop, X_KEY);

      value = icalproperty_get_x (prop);
      if (name == NULL || value == NULL)
        continue;

      if (g_ascii_strcasecmp (name, X_CATEGORY) == 0 || g_ascii_strcasecmp (name, X_GROUP) == 0)
        {
          if (checked_text (loader, line, name, value) != NULL)
            read_declaration (loader, prop, name, value);
        }
      else if (g_ascii_strcasecmp (name, X_EXTRA) == 0 && key != NULL && *key != '\0'
               && checked_text (loader, line, X_EXTRA, key) != NULL
               && checked_text (loader, line, X_EXTRA, value) != NULL)
        cm_document_set_extra (loader->document, key, value);
    }
}

static CmDocument *
ical_load (GInputStream    *stream,
           const char      *name,
           goffset          size,
           gconstpointer    options,
           CmImportReport  *report,
           CmProgressFunc   progress,
           gpointer         progress_data,
           GCancellable    *cancellable,
           GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *normalized = NULL;
  Loader loader = { 0 };
  const char *data;
  gsize length;
  CmDocument *document = NULL;
  gboolean have_calendar = FALSE;
  guint calendar_line = 1;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  bytes = _cm_format_read_all (stream, name, size, MAX_FILE_SIZE, progress, progress_data,
                               cancellable, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  data = _cm_format_skip_bom (data, &length);
  if (!check_utf8 (data, length, name, error))
    return NULL;

  /* Lines ended by CR alone (some servers write them): make them LF. */
  if (memchr (data, '\n', length) == NULL && memchr (data, '\r', length) != NULL)
    {
      normalized = g_strndup (data, length);
      g_strdelimit (normalized, "\r", '\n');
      data = normalized;
    }

  loader.name = name;
  loader.document = cm_document_new ();
  loader.store = cm_event_store_new ();
  loader.report = report;
  loader.cancellable = cancellable;
  loader.begin_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  loader.errors = g_array_new (FALSE, FALSE, sizeof (ErrorLine));
  loader.roots = g_ptr_array_new ();
  loader.events = g_array_new (FALSE, FALSE, sizeof (EventRef));
  loader.overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader.category_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader.group_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!parse_lines (&loader, data, length, error))
    goto out;

  for (guint i = 0; i < loader.roots->len; i++)
    {
      icalcomponent *root = g_ptr_array_index (loader.roots, i);

      if (icalcomponent_isa (root) == ICAL_VCALENDAR_COMPONENT)
        {
          if (!have_calendar)
            {
              calendar_line = line_of_component (&loader, loader.preorder);
              read_calendar_metadata (&loader, root, calendar_line);
            }
          have_calendar = TRUE;
        }
      walk (&loader, root, 0);
    }

  if (!have_calendar)
    {
      set_error_at_line (error, name, 1, "%s",
                         _("Not an iCalendar file: expected “BEGIN:VCALENDAR”"));
      goto out;
    }

  collect_overrides (&loader);

  cm_event_store_begin_bulk (loader.store, loader.events->len);
  for (guint i = 0; i < loader.events->len; i++)
    {
      const EventRef *ref = &g_array_index (loader.events, EventRef, i);

      if ((i & 255) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cm_event_store_end_bulk (loader.store);
          goto out;
        }
      read_event (&loader, ref->component, ref->line);

      if (progress != NULL && (i & 1023) == 0)
        progress (0.5 + 0.5 * i / loader.events->len, progress_data);
    }

  /* libical's tree goes before the store is sorted and indexed. */
  for (guint i = 0; i < loader.roots->len; i++)
    icalcomponent_free (g_ptr_array_index (loader.roots, i));
  g_ptr_array_set_size (loader.roots, 0);

  cm_event_store_end_bulk (loader.store);

  /* Skipping some events is a partial success; skipping all is a failure. */
  if (loader.n_events == 0)
    {
      if (loader.first_reason != NULL)
        g_set_error (error, CM_FORMAT_ERROR, loader.first_reason_code, "%s:%u:1: %s (%s)",
                     name, loader.first_reason_line, _("No event could be read"),
                     loader.first_reason);
      else
        g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_MISSING_FIELD, "%s:%u:1: %s (%s)",
                     name, calendar_line, _("No event could be read"),
                     _("the calendar holds no event (VEVENT)"));
      goto out;
    }
  cm_event_store_take_events (cm_document_get_store (loader.document), loader.store);
  cm_document_set_dirty (loader.document, FALSE);
  document = g_steal_pointer (&loader.document);

  if (progress != NULL)
    progress (1.0, progress_data);

out:
  loader_clear (&loader);

  return document;
}

/* ---- writing ----------------------------------------------------------- */

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *out;
  GHashTable    *uids;       /* generated UIDs, to keep them unique */
  icaltimetype   stamp;
} Writer;

static gboolean
writer_flush (Writer   *writer,
              gboolean  force,
              GError  **error)
{
  return cm_output_flush (writer->stream, writer->out, force ? 0 : WRITE_CHUNK,
                          writer->cancellable, error);
}

static void
append_component (Writer        *writer,
                  icalcomponent *component)
{
  char *text = icalcomponent_as_ical_string_r (component);

  g_string_append (writer->out, text);
  free (text);
}

static void
add_x_property (icalcomponent *component,
                const char    *name,
                const char    *value)
{
  icalproperty *prop = icalproperty_new_x (value);

  icalproperty_set_x_name (prop, name);
  icalcomponent_add_property (component, prop);
}

static void
add_extra_properties (icalcomponent *component,
                      const char    *extras,
                      gboolean       skip_ours)
{
  const char *iter = extras;
  char *key, *value;

  while (extras != NULL && cm_properties_next (&iter, &key, &value))
    {
      /* These two have properties of their own. */
      gboolean ours = g_str_equal (key, EXTRA_URL) || g_str_equal (key, EXTRA_CATEGORIES);

      if (!(skip_ours && ours) && *value != '\0')
        {
          icalproperty *prop = icalproperty_new_x (value);

          icalproperty_set_x_name (prop, X_EXTRA);
          icalproperty_set_parameter_from_string (prop, X_KEY, key);
          icalcomponent_add_property (component, prop);
        }
      g_free (key);
      g_free (value);
    }
}

/* Times with an offset are written in UTC, those without one floating;
 * dates are the local day at @offset. */
static gboolean
make_time (CmTime               time,
           int                  offset,
           gboolean             is_date,
           struct icaltimetype *t)
{
  CmCivil civil;

  cm_time_to_civil (time, is_date ? offset : CM_UTC_OFFSET_NONE, &civil);
  if (civil.year < 1 || civil.year > MAX_WRITE_YEAR)
    return FALSE;

  *t = icaltime_null_time ();
  t->year = (int) civil.year;
  t->month = civil.month;
  t->day = civil.day;
  if (is_date)
    t->is_date = 1;
  else
    {
      t->hour = civil.hour;
      t->minute = civil.minute;
      t->second = civil.second;
      if (offset != CM_UTC_OFFSET_NONE)
        t->zone = icaltimezone_get_utc_timezone ();
    }

  /* libical writes zeros for what it deems invalid (years after 3000). */
  return icaltime_is_valid_time (*t);
}

typedef struct
{
  gboolean            is_date;
  CmTime              end_time;    /* CM_TIME_INVALID: no DTEND */
  struct icaltimetype start;
  struct icaltimetype end;
} EventTimes;

/* DTSTART and DTEND of @data; FALSE when libical cannot write them. */
static gboolean
event_times (const CmEventData *data,
             EventTimes        *times)
{
  times->is_date = data->precision <= CM_PRECISION_DAY
                && (data->end == CM_TIME_INVALID || data->end_precision <= CM_PRECISION_DAY);
  times->end_time = CM_TIME_INVALID;

  /* Dates are written as the day after the last one (DTEND is exclusive);
   * date-times only when the event is a span. */
  if (times->is_date)
    times->end_time = cm_time_unit_end (data->end != CM_TIME_INVALID ? data->end : data->start,
                                        data->end != CM_TIME_INVALID ? data->end_precision
                                                                     : data->precision,
                                        data->utc_offset);
  else if (data->end != CM_TIME_INVALID)
    times->end_time = data->end;

  return make_time (data->start, data->utc_offset, times->is_date, &times->start)
      && (times->end_time == CM_TIME_INVALID
          || make_time (times->end_time, data->utc_offset, times->is_date, &times->end));
}

/* The events that an iCalendar save leaves out of the file, because they
 * are dated outside the years 1 to 3000 that libical can write (the save
 * itself succeeds with the others). */
static guint
ical_count_unwritable (CmDocument  *document,
                       char       **first_title)
{
  CmEventStore *store;
  guint n, n_unwritable = 0;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), 0);

  if (first_title != NULL)
    *first_title = NULL;

  store = cm_document_get_store (document);
  n = cm_event_store_get_n_events (store);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;
      EventTimes times;

      cm_event_store_get_data (store, i, &data);
      if (event_times (&data, &times))
        continue;
      if (n_unwritable++ == 0 && first_title != NULL)
        *first_title = g_strdup (data.title);
    }

  return n_unwritable;
}

static CmPrecision
form_of (CmTime       time,
         gboolean     is_date)
{
  if (is_date)
    return CM_PRECISION_DAY;

  return time % 60 != 0 ? CM_PRECISION_SECOND : CM_PRECISION_MINUTE;
}

static char *
format_offset (int minutes)
{
  return g_strdup_printf ("%c%02d%02d", minutes < 0 ? '-' : '+',
                          ABS (minutes) / 60, ABS (minutes) % 60);
}

static const char *
stable_uid (Writer            *writer,
            const CmEventData *data)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  char *uid;

  g_checksum_update (checksum, (const guchar *) data->title, -1);
  g_checksum_update (checksum, (const guchar *) &data->start, sizeof data->start);
  g_checksum_update (checksum, (const guchar *) &data->end, sizeof data->end);
  if (data->place != NULL)
    g_checksum_update (checksum, (const guchar *) data->place, -1);

  for (guint n = 0;; n++)
    {
      uid = n == 0 ? g_strdup_printf ("%.24s@chronomap", g_checksum_get_string (checksum))
                   : g_strdup_printf ("%.24s-%u@chronomap", g_checksum_get_string (checksum), n);
      if (!g_hash_table_contains (writer->uids, uid))
        break;
      g_free (uid);
    }

  g_hash_table_add (writer->uids, uid);
  return uid;
}

/* Whether libical can write @id as a parameter value: not with a double
 * quote or a control character (RFC 5545 3.1). */
static gboolean
is_parameter_safe (const char *id)
{
  for (const char *p = id; *p != '\0'; p++)
    if (*p == '"' || (guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;

  return *id != '\0';
}

/* X-CHRONOMAP-GROUP;X-ID=…;X-KIND=…:name, for the calendar and events. */
static void
add_group_property (icalcomponent *component,
                    const CmGroup *group)
{
  icalproperty *prop = icalproperty_new_x (group->name);

  icalproperty_set_x_name (prop, X_GROUP);
  if (is_parameter_safe (group->id))
    icalproperty_set_parameter_from_string (prop, X_ID, group->id);
  icalproperty_set_parameter_from_string (prop, X_KIND, cm_group_kind_to_string (group->kind));
  icalcomponent_add_property (component, prop);
}

/* The document's categories and groups, with their ids, colours and
 * kinds, on the calendar. */
static void
add_declarations (icalcomponent *calendar,
                  CmDocument    *document)
{
  for (guint i = 0; i < cm_document_get_n_categories (document); i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);
      g_autofree char *color = cm_color_to_string (category->red, category->green, category->blue);
      icalproperty *prop;

      if (category->name == NULL || *category->name == '\0')
        continue;
      prop = icalproperty_new_x (category->name);
      icalproperty_set_x_name (prop, X_CATEGORY);
      if (is_parameter_safe (category->id))
        icalproperty_set_parameter_from_string (prop, X_ID, category->id);
      icalproperty_set_parameter_from_string (prop, X_COLOR, color);
      icalcomponent_add_property (calendar, prop);
    }

  for (guint i = 0; i < cm_document_get_n_groups (document); i++)
    {
      const CmGroup *group = cm_document_get_group (document, i);

      if (group->name != NULL && *group->name != '\0')
        add_group_property (calendar, group);
    }
}

/* Writes the event at @position, or leaves it out when it is dated beyond
 * what libical writes (see ical_count_unwritable()). */
static void
write_event (Writer       *writer,
             CmDocument   *document,
             CmEventStore *store,
             guint         position)
{
  CmEventData data;
  EventTimes times;
  icalcomponent *event;
  const char *uid;
  g_autofree char *url = NULL;
  g_autofree char *categories = NULL;
  g_autoptr(GString) approximate = g_string_new (NULL);

  cm_event_store_get_data (store, position, &data);
  if (!event_times (&data, &times))
    return;

  event = icalcomponent_new_vevent ();
  uid = data.id != NULL && *data.id != '\0' ? data.id : stable_uid (writer, &data);
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (writer->stamp));
  icalcomponent_add_property (event, icalproperty_new_dtstart (times.start));
  if (times.end_time != CM_TIME_INVALID)
    icalcomponent_add_property (event, icalproperty_new_dtend (times.end));
  icalcomponent_add_property (event, icalproperty_new_summary (data.title));
  if (data.description != NULL)
    icalcomponent_add_property (event, icalproperty_new_description (data.description));
  if (data.place != NULL)
    icalcomponent_add_property (event, icalproperty_new_location (data.place));
  if (!isnan (data.lat) && !isnan (data.lon))
    {
      struct icalgeotype geo = { data.lat, data.lon };

      icalcomponent_add_property (event, icalproperty_new_geo (geo));
    }

  categories = cm_properties_get (data.extras, EXTRA_CATEGORIES);
  if (data.category != CM_NONE && data.category < cm_document_get_n_categories (document))
    {
      const CmCategory *category = cm_document_get_category (document, data.category);
      const char *color = css_color_name (category);

      /* All the categories the event came with, when it still has the first. */
      if (categories != NULL && g_str_has_prefix (categories, category->name)
          && categories[strlen (category->name)] == ',')
        icalcomponent_add_property (event, icalproperty_new_categories (categories));
      else
        icalcomponent_add_property (event, icalproperty_new_categories (category->name));
      if (color != NULL)
        icalcomponent_add_property (event, icalproperty_new_color (color));
    }
  if (data.group != CM_NONE && data.group < cm_document_get_n_groups (document))
    add_group_property (event, cm_document_get_group (document, data.group));

  url = cm_properties_get (data.extras, EXTRA_URL);
  if (url != NULL && *url != '\0')
    icalcomponent_add_property (event, icalproperty_new_url (url));

  /* UTC is said by the "Z" of date-times, not by dates. */
  if (data.utc_offset != CM_UTC_OFFSET_NONE && (data.utc_offset != 0 || times.is_date))
    {
      g_autofree char *offset = format_offset (data.utc_offset);

      add_x_property (event, X_UTC_OFFSET, offset);
    }
  if (data.precision != form_of (data.start, times.is_date))
    add_x_property (event, X_PRECISION, cm_precision_to_string (data.precision));
  if (data.end != CM_TIME_INVALID && data.end_precision != form_of (data.end, times.is_date))
    add_x_property (event, X_END_PRECISION, cm_precision_to_string (data.end_precision));

  if (data.flags & CM_EVENT_START_APPROXIMATE)
    g_string_append (approximate, ",start");
  if (data.flags & CM_EVENT_END_APPROXIMATE)
    g_string_append (approximate, ",end");
  if (data.flags & CM_EVENT_COORDINATES_APPROXIMATE)
    g_string_append (approximate, ",coordinates");
  if (approximate->len > 0)
    add_x_property (event, X_APPROXIMATE, approximate->str + 1);

  add_extra_properties (event, data.extras, TRUE);

  append_component (writer, event);
  icalcomponent_free (event);
}

static gboolean
ical_save (CmDocument     *document,
           GOutputStream  *stream,
           GCancellable   *cancellable,
           GError        **error)
{
  CmEventStore *store;
  icalcomponent *calendar;
  g_autofree char *shell = NULL;
  char *tail;
  Writer writer = { 0 };
  gboolean ok = TRUE;
  guint n;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  store = cm_document_get_store (document);
  writer.stream = stream;
  writer.cancellable = cancellable;
  writer.out = g_string_sized_new (WRITE_CHUNK + 4096);
  writer.uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  writer.stamp = icaltime_from_timet_with_zone (time (NULL), 0, icaltimezone_get_utc_timezone ());

  /* The calendar's own properties, written by libical; the events are
   * written one at a time before its END line. */
  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Chronomap//Chronomap "
                                                                 PACKAGE_VERSION "//EN"));
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  if (cm_document_get_title (document) != NULL)
    add_x_property (calendar, "X-WR-CALNAME", cm_document_get_title (document));
  if (cm_document_get_description (document) != NULL)
    add_x_property (calendar, "X-WR-CALDESC", cm_document_get_description (document));
  add_declarations (calendar, document);
  add_extra_properties (calendar, cm_document_get_extras (document), FALSE);
  shell = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);

  /* The last END:VCALENDAR: the title may hold those words too (found by
   * fuzzing). */
  tail = g_strrstr (shell, "END:VCALENDAR");
  g_assert (tail != NULL && tail > shell && tail[-1] == '\n');
  g_string_append_len (writer.out, shell, tail - shell);

  /* Events libical cannot write are left out, as
   * ical_count_unwritable() tells. */
  n = cm_event_store_get_n_events (store);
  for (guint i = 0; i < n && ok; i++)
    {
      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        {
          write_event (&writer, document, store, i);
          ok = writer_flush (&writer, FALSE, error);
        }
    }

  if (ok)
    {
      g_string_append (writer.out, tail);
      ok = writer_flush (&writer, TRUE, error);
    }

  g_string_free (writer.out, TRUE);
  g_hash_table_unref (writer.uids);

  return ok;
}

const CmFormat cm_format_ical = {
  .id = "ical",
  .name = N_("iCalendar"),
  .extensions = ical_extensions,
  .mime_types = ical_mime_types,
  .sniff = ical_sniff,
  .load = ical_load,
  .save = ical_save,
  .count_unwritable = ical_count_unwritable,
};
