/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-format-util.h"

#define READ_CHUNK (256 * 1024)

GBytes *
_cm_format_read_all (const CmLoadRequest *request,
                     gsize                limit,
                     GError             **error)
{
  g_autoptr(GByteArray) data = NULL;
  goffset size = request->size;
  double reported = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (request->stream), NULL);
  g_return_val_if_fail (request->name != NULL, NULL);

  if (size > 0 && (guint64) size > limit)
    goto too_large;

  data = g_byte_array_sized_new (size > 0 ? (guint) size + 1 : READ_CHUNK);

  for (;;)
    {
      guint old_length = data->len;
      gssize n;

      if (data->len > limit)
        goto too_large;

      g_byte_array_set_size (data, old_length + READ_CHUNK);
      n = g_input_stream_read (request->stream, data->data + old_length, READ_CHUNK,
                               request->cancellable, error);
      if (n < 0)
        {
          g_prefix_error (error, "%s: ", request->name);
          return NULL;
        }
      g_byte_array_set_size (data, old_length + (guint) n);
      if (n == 0)
        break;

      /* Reading is the first half of the work, parsing the second. */
      if (request->progress != NULL && size > 0)
        {
          double fraction = 0.5 * MIN (1.0, (double) data->len / (double) size);

          if (fraction - reported >= 0.01)
            {
              reported = fraction;
              request->progress (fraction, request->progress_data);
            }
        }
    }

  if (data->len > limit)
    goto too_large;

  /* NUL-terminate without counting it. */
  {
    gsize length = data->len;
    g_autoptr(GBytes) whole = NULL;

    g_byte_array_append (data, (const guint8 *) "", 1);
    whole = g_byte_array_free_to_bytes (g_steal_pointer (&data));

    return g_bytes_new_from_bytes (whole, 0, length);
  }

too_large:
  {
    g_autofree char *limit_text = g_format_size_full (limit, G_FORMAT_SIZE_DEFAULT);

    g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT,
                 _("%s: The file is larger than %s, too large to import"), request->name,
                 limit_text);
    return NULL;
  }
}

/* Reads the whole stream and skips the byte order mark (see
 * cm-format-util.h). */
GBytes *
_cm_format_read_text (const CmLoadRequest *request,
                      gsize                limit,
                      const char         **text,
                      gsize               *length,
                      GError             **error)
{
  GBytes *bytes;

  bytes = _cm_format_read_all (request, limit, error);
  if (bytes == NULL)
    return NULL;

  *text = g_bytes_get_data (bytes, length);
  *text = _cm_format_skip_bom (*text, length);

  return bytes;
}

/* Hands the events read over to the document (see cm-format-util.h). */
void
_cm_format_finish_load (CmDocument          *document,
                        CmEventStore        *store,
                        const CmLoadRequest *request)
{
  cm_event_store_take_events (cm_document_get_store (document), store);
  cm_document_set_dirty (document, FALSE);

  if (request->progress != NULL)
    request->progress (1.0, request->progress_data);
}

/* Checks a save's arguments and readies its output (see
 * cm-format-util.h). */
CmEventStore *
_cm_format_start_save (CmOutput            *output,
                       CmDocument          *document,
                       const CmSaveRequest *request)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (request->stream), NULL);

  cm_output_init (output, request->stream, request->cancellable);
  output->progress = request->progress;
  output->progress_data = request->progress_data;

  return cm_document_get_store (document);
}

/* Writes, flushes and checks for cancellation event by event (see
 * cm-format-util.h). */
gboolean
_cm_format_save_events (CmOutput             *output,
                        CmEventStore         *store,
                        CmFormatEventWriter   write_event,
                        gpointer              writer,
                        guint                 check_every,
                        GError              **error)
{
  guint n = cm_event_store_get_n_events (store);

  for (guint i = 0; i < n; i++)
    {
      if (i % check_every == 0)
        {
          if (g_cancellable_set_error_if_cancelled (output->cancellable, error))
            return FALSE;
          cm_output_report (output, i, n);
        }

      write_event (writer, store, i);
      if (!cm_output_flush (output, error))
        return FALSE;
    }

  return TRUE;
}

/* Copies the fields one by one (see cm-format-util.h). */
void
_cm_event_fields_apply (const CmEventFields *fields,
                        CmEventData         *data)
{
  data->title = fields->title ? fields->title : "";
  data->description = fields->description;
  data->place = fields->place;
  data->lat = fields->lat;
  data->lon = fields->lon;
  data->category = fields->category;
  data->group = fields->group;
  data->flags = fields->flags;
  data->order = fields->order;
}

/* Counts the line breaks, then the characters after the last one (see
 * cm-format-util.h). */
void
_cm_text_position_advance (CmTextPosition *position,
                           const char     *text,
                           gsize           length)
{
  const char *end = text + length;
  const char *line_start = text;
  const char *newline;

  for (const char *p = text; (newline = memchr (p, '\n', (gsize) (end - p))) != NULL; p = newline + 1)
    {
      position->line++;
      position->column = 1;
      line_start = newline + 1;
    }

  for (const char *p = line_start; p < end; p++)
    if (((guchar) *p & 0xc0) != 0x80)
      position->column++;
}

/* Formats the message after its place (see cm-format-util.h). */
void
_cm_format_set_error_at (GError     **error,
                         int          code,
                         const char  *name,
                         guint        line,
                         guint        column,
                         const char  *format,
                         va_list      args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_set_error (error, CM_FORMAT_ERROR, code, "%s:%u:%u: %s", name, line, column, message);
}

gboolean
_cm_format_check_utf8 (const char  *text,
                       gsize        length,
                       const char  *name,
                       GError     **error)
{
  const char *bad = NULL;

  if (g_utf8_validate_len (text, length, &bad))
    return TRUE;

  return _cm_format_set_encoding_error (text, bad, name, error);
}

gboolean
_cm_format_set_encoding_error (const char  *text,
                               const char  *bad,
                               const char  *name,
                               GError     **error)
{
  CmTextPosition at = CM_TEXT_POSITION_START;

  _cm_text_position_advance (&at, text, (gsize) (bad - text));
  if (*bad == '\0')
    g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX,
                 _("%s:%u:%u: The file contains a NUL byte (it is not a text file)"),
                 name, at.line, at.column);
  else
    g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX,
                 _("%s:%u:%u: The file is not valid UTF-8 text"), name, at.line, at.column);

  return FALSE;
}

const char *
_cm_format_skip_bom (const char *text,
                     gsize      *length)
{
  if (*length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      *length -= 3;
      return text + 3;
    }

  return text;
}

/* Lists the approximate parts (see cm-format-util.h). */
char *
_cm_format_approximate_to_string (CmEventFlags flags)
{
  g_autoptr(GString) approximate = g_string_new (NULL);

  if (flags & CM_EVENT_START_APPROXIMATE)
    g_string_append (approximate, ",start");
  if (flags & CM_EVENT_END_APPROXIMATE)
    g_string_append (approximate, ",end");
  if (flags & CM_EVENT_COORDINATES_APPROXIMATE)
    g_string_append (approximate, ",coordinates");

  return approximate->len > 0 ? g_strdup (approximate->str + 1) : NULL;
}

gboolean
_cm_format_valid_coordinates (double lat,
                              double lon)
{
  return isfinite (lat) && isfinite (lon)
      && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

/* A new id for @name: the name itself, else "name-2", "name-3"… */
static char *
unique_id (CmDocument *document,
           const char *name,
           guint     (*find) (CmDocument *, const char *))
{
  char *id = g_strdup (name);

  for (guint n = 2; find (document, id) != CM_NONE; n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", name, n);
    }

  return id;
}

/* The part of the rule that adds nothing: TRUE with *@index CM_NONE for
 * no name or when @n_existing reached @max (beyond what a store can index
 * the event stays without one), or with the index @names remembers; FALSE
 * when @name is to be added. */
static gboolean
find_known_name (GHashTable *names,
                 const char *name,
                 guint       n_existing,
                 guint       max,
                 guint      *index)
{
  gpointer found;

  *index = CM_NONE;
  if (name == NULL || *name == '\0')
    return TRUE;
  if (g_hash_table_lookup_extended (names, name, NULL, &found))
    {
      *index = GPOINTER_TO_UINT (found);
      return TRUE;
    }

  return n_existing >= max;
}

/* Remembers that @name was added at @index, and returns @index. */
static guint
remember_name (GHashTable *names,
               const char *name,
               guint       index)
{
  g_hash_table_insert (names, g_strdup (name), GUINT_TO_POINTER (index));

  return index;
}

/* Adds the category or group @name with the id @id; @data: its color
 * or kind. */
typedef guint (*AddFunc) (CmDocument    *document,
                          const char    *id,
                          const char    *name,
                          gconstpointer  data);

static guint
add_category (CmDocument    *document,
              const char    *id,
              const char    *name,
              gconstpointer  color)
{
  return cm_document_add_category (document, id, name, color);
}

static guint
add_group (CmDocument    *document,
           const char    *id,
           const char    *name,
           gconstpointer  kind)
{
  return cm_document_add_group (document, id, name, (CmGroupKind) GPOINTER_TO_INT (kind));
}

/* The rule of _cm_format_category_by_name() and _cm_format_group_by_name():
 * @n_existing of at most @max are in @document, @find finds one by id and
 * @add adds one, with @data. */
static guint
find_or_add_by_name (CmDocument    *document,
                     GHashTable    *names,
                     const char    *name,
                     guint          n_existing,
                     guint          max,
                     guint        (*find) (CmDocument *, const char *),
                     AddFunc        add,
                     gconstpointer  data)
{
  g_autofree char *id = NULL;
  guint index;

  if (find_known_name (names, name, n_existing, max, &index))
    return index;

  id = unique_id (document, name, find);
  return remember_name (names, name, add (document, id, name, data));
}

guint
_cm_format_category_by_name (CmDocument *document,
                             GHashTable *names,
                             const char *name,
                             const char *color)
{
  return find_or_add_by_name (document, names, name, cm_document_get_n_categories (document),
                              CM_FORMAT_MAX_CATEGORIES, cm_document_find_category,
                              add_category, color);
}

guint
_cm_format_group_by_name (CmDocument  *document,
                          GHashTable  *names,
                          const char  *name,
                          CmGroupKind  kind)
{
  return find_or_add_by_name (document, names, name, cm_document_get_n_groups (document),
                              CM_FORMAT_MAX_GROUPS, cm_document_find_group,
                              add_group, GINT_TO_POINTER (kind));
}

GHashTable *
_cm_format_names_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Reports the event left out and keeps the first reason (see
 * cm-format-util.h). */
gboolean
_cm_format_skip_at_line (CmImportReport  *report,
                         char           **first_reason,
                         guint            line,
                         const char      *format,
                         va_list          args)
{
  g_autofree char *reason = g_strdup_vprintf (format, args);

  cm_import_report_skip (report, _("line %u: %s"), line, reason);
  if (*first_reason != NULL)
    return FALSE;

  *first_reason = g_steal_pointer (&reason);
  return TRUE;
}

gboolean
_cm_format_check_usable (const char     *name,
                         guint           n_events,
                         CmImportReport *report,
                         guint           line,
                         guint           column,
                         GError        **error)
{
  if (n_events > 0)
    return TRUE;

  if (report != NULL && report->n_skipped > 0 && report->skipped->len > 0)
    g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_VALUE, "%s:%u:%u: %s (%s)",
                 name, MAX (line, 1), MAX (column, 1), _("No event could be read"),
                 (const char *) g_ptr_array_index (report->skipped, 0));
  else
    g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_MISSING_FIELD, "%s:1:1: %s",
                 name, _("The file contains no events"));

  return FALSE;
}
