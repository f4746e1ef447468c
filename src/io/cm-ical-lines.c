/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-ical"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-ical-private.h"

/* Reading iCalendar: content lines unfolded and fed to libical one at a
 * time, so that each component and each error has its line. */

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
gboolean
_cm_ical_check_utf8 (const char  *data,
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

void
_cm_ical_loader_clear (Loader *loader)
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
  g_clear_pointer (&loader->names_added, g_hash_table_unref);
  g_clear_pointer (&loader->group_names, g_hash_table_unref);
  g_clear_pointer (&loader->first_reason, g_free);
  g_clear_object (&loader->target.store);
  g_clear_object (&loader->target.document);
}

G_GNUC_PRINTF (4, 5)
void
_cm_ical_set_error_at_line (GError     **error,
                            const char  *name,
                            guint        line,
                            const char  *format,
                            ...)
{
  va_list args;

  va_start (args, format);
  _cm_format_set_error_at (error, CM_FORMAT_ERROR_SYNTAX, name, line, 1, format, args);
  va_end (args);
}

/* Reports an event (or a component read instead of one) that is left out;
 * the first reason is kept for the error of a file with no event. */
G_GNUC_PRINTF (4, 5)
void
_cm_ical_skip_event (Loader        *loader,
                     guint          line,
                     CmFormatError  code,
                     const char    *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  if (_cm_format_skip_at_line (loader->target.report, &loader->first_reason, line, format, args))
    {
      loader->first_reason_line = line;
      loader->first_reason_code = code;
    }
  va_end (args);
}

/* @text when it is valid UTF-8, else NULL with a note in the report:
 * libical lets some bytes through undecoded (a backslash before a
 * multi-byte character takes its first byte away). */
const char *
_cm_ical_checked_text (Loader     *loader,
                       guint       line,
                       const char *property,
                       const char *text)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return text;

  cm_import_report_skip (loader->target.report, _("line %u: ignored %s: its text is not valid UTF-8"),
                         line, property);
  return NULL;
}

/* Runs libical over the text, one logical line at a time. */
gboolean
_cm_ical_parse_lines (Loader      *loader,
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
          && g_cancellable_set_error_if_cancelled (loader->target.cancellable, error))
        {
          icalmemory_free_buffer (text);
          ok = FALSE;
          break;
        }

      if (strlen (text) > MAX_LINE_LENGTH)
        {
          icalmemory_free_buffer (text);
          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT,
                       _("%s:%u:1: This line is too long (more than 8 MB)"), loader->target.name, line);
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
                                 loader->target.name, line, MAX_DEPTH);
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
                      _cm_ical_set_error_at_line (error, loader->target.name, line, "%s",
                                         _("Not an iCalendar file: expected “BEGIN:VCALENDAR”"));
                      ok = FALSE;
                    }
                  else
                    cm_import_report_skip (loader->target.report,
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
          cm_import_report_skip (loader->target.report,
                                 _("line %u: the file ends without “END:VCALENDAR”: read as if "
                                   "it were there"),
                                 MAX (source.line, 1));
        }
    }
  if (source.n_blank_folds > 0)
    cm_import_report_skip (loader->target.report,
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

      _cm_ical_set_error_at_line (error, loader->target.name, MAX (source.line, 1),
                         _("The file ends inside the component that begins on line %u "
                           "(it is truncated)"), begin);
      ok = FALSE;
    }
  if (ok && loader->roots->len == 0)
    {
      _cm_ical_set_error_at_line (error, loader->target.name, MAX (source.line, 1), "%s",
                         _("Not an iCalendar file: expected “BEGIN:VCALENDAR”"));
      ok = FALSE;
    }

  /* Frees what it holds of an unfinished component too. */
  icalparser_free (parser);

  return ok;
}

guint
_cm_ical_line_of_component (Loader *loader,
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
        line = _cm_ical_line_of_component (loader, index);

      cm_import_report_skip (loader->target.report, _("line %u: ignored: %s"), line, message);
    }
}

void
_cm_ical_walk (Loader        *loader,
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
        EventRef ref = { component, _cm_ical_line_of_component (loader, index) };

        g_array_append_val (loader->events, ref);
      }
      break;

    case ICAL_VTODO_COMPONENT:
      _cm_ical_skip_event (loader, _cm_ical_line_of_component (loader, index), CM_FORMAT_ERROR_UNSUPPORTED,
                  "%s", _("a to-do, not an event"));
      break;

    case ICAL_VJOURNAL_COMPONENT:
      _cm_ical_skip_event (loader, _cm_ical_line_of_component (loader, index), CM_FORMAT_ERROR_UNSUPPORTED,
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
    _cm_ical_walk (loader, child, depth + 1);
}
