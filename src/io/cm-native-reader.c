/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-native"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-json-reader.h"
#include "cm-native-private.h"

/* The native format is read with yajl, a streaming parser: a file of a
 * million events never exists as a tree in memory, only as the store.
 * This file drives the parser and tracks positions for error messages;
 * the callbacks are in cm-native-structure.c and cm-native-values.c. */

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->id);
  g_free (entry->name);
  g_free (entry->color);
  g_free (entry);
}

/* Moves the cursor to @offset (in the current chunk, not before the cursor)
 * and returns where that is. */
static Position
position_at (Reader  *reader,
             guint64  offset)
{
  guint64 chunk_end = reader->chunk_offset + reader->chunk_length;
  Position position;

  offset = MIN (offset, chunk_end);
  if (offset > reader->cursor)
    {
      const char *p = reader->chunk + (reader->cursor - reader->chunk_offset);
      const char *end = reader->chunk + (offset - reader->chunk_offset);

      while ((p = memchr (p, '\n', (gsize) (end - p))) != NULL)
        {
          reader->line++;
          reader->line_offset = reader->chunk_offset + (guint64) (p - reader->chunk) + 1;
          p++;
        }
      reader->cursor = offset;
    }

  position.offset = MAX (offset, reader->cursor);
  position.line = reader->line;
  position.line_offset = reader->line_offset;

  return position;
}

/* Column (1-based, in characters where the line is still in memory). */
static guint
column_of (Reader         *reader,
           const Position *position)
{
  CmTextPosition at = CM_TEXT_POSITION_START;

  if (position->line_offset < reader->chunk_offset
      || position->offset > reader->chunk_offset + reader->chunk_length)
    return (guint) MIN (position->offset - position->line_offset, G_MAXUINT - 1) + 1;

  /* The line holds no line break before @position. */
  _cm_text_position_advance (&at, reader->chunk + (position->line_offset - reader->chunk_offset),
                             (gsize) (position->offset - position->line_offset));

  return at.column;
}

Position
_cm_native_current_position (Reader *reader)
{
  gsize consumed = reader->parser ? yajl_get_bytes_consumed (reader->parser) : 0;

  /* yajl has consumed the token that triggered the callback: point at its
   * last character. */
  if (consumed > 0)
    consumed--;

  return position_at (reader, reader->chunk_offset + consumed);
}

G_GNUC_PRINTF (4, 5)
void
_cm_native_set_error_at (Reader         *reader,
                         const Position *position,
                         int             code,
                         const char     *format,
                         ...)
{
  va_list args;

  if (reader->error != NULL)
    return;

  va_start (args, format);
  _cm_format_set_error_at (&reader->error, code, reader->name, position->line,
                           column_of (reader, position), format, args);
  va_end (args);
}

const char *
_cm_native_key_name (Key key)
{
  switch (key)
    {
    case KEY_VERSION: return "chronomap";
    case KEY_TITLE: return "title";
    case KEY_DESCRIPTION: return "description";
    case KEY_CATEGORIES: return "categories";
    case KEY_GROUPS: return "groups";
    case KEY_EVENTS: return "events";
    case KEY_ID: return "id";
    case KEY_NAME: return "name";
    case KEY_COLOR: return "color";
    case KEY_KIND: return "kind";
    case KEY_START: return "start";
    case KEY_END: return "end";
    case KEY_PRECISION: return "precision";
    case KEY_END_PRECISION: return "end_precision";
    case KEY_UTC_OFFSET: return "utc_offset";
    case KEY_APPROXIMATE: return "approximate";
    case KEY_END_APPROXIMATE: return "end_approximate";
    case KEY_PLACE: return "place";
    case KEY_LAT: return "lat";
    case KEY_LON: return "lon";
    case KEY_COORDINATES_APPROXIMATE: return "coordinates_approximate";
    case KEY_CATEGORY: return "category";
    case KEY_GROUP: return "group";
    case KEY_STOP_ORDER: return "stop_order";
    case KEY_EXTRA: return "extra";
    case KEY_UNKNOWN:
    default:
      return "?";
    }
}

/* What an object of @section is called in messages. */
static const char *
section_object_name (Section section)
{
  if (section == SECTION_CATEGORY)
    return _("category");
  if (section == SECTION_GROUP)
    return _("group");
  if (section == SECTION_EVENT)
    return _("event");
  return _("document");
}

/* Is a value for the current key of this kind expected? Sets the error when
 * not. Unknown keys take any value. */
gboolean
_cm_native_expect (Reader     *reader,
                   const char *kind)
{
  fail (reader, CM_FORMAT_ERROR_WRONG_TYPE,
        _("Expected %s for “%s” in %s"), kind, _cm_native_key_name (reader->key),
        section_object_name (reader->section));
  return FALSE;
}

void
_cm_native_event_reset (EventScratch *event)
{
  g_string_truncate (event->id, 0);
  g_string_truncate (event->title, 0);
  g_string_truncate (event->description, 0);
  g_string_truncate (event->place, 0);
  event->has_id = event->has_title = event->has_description = event->has_place = FALSE;
  event->has_start = event->has_end = FALSE;
  event->has_precision = event->has_end_precision = event->has_utc_offset = FALSE;
  event->has_lat = event->has_lon = event->has_extras = FALSE;
  event->flags = CM_EVENT_FLAGS_NONE;
  event->category = CM_NONE;
  event->group = CM_NONE;
  event->order = 0;
}

guint
_cm_native_reference (Reader     *reader,
                      GPtrArray  *entries,
                      GHashTable *ids,
                      const char *id,
                      gboolean    define)
{
  gpointer found = g_hash_table_lookup (ids, id);
  Entry *entry;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  entry = g_new0 (Entry, 1);
  entry->id = g_strdup (id);
  {
    Position position = _cm_native_current_position (reader);

    entry->line = position.line;
    entry->column = column_of (reader, &position);
  }
  g_ptr_array_add (entries, entry);
  g_hash_table_insert (ids, entry->id, GUINT_TO_POINTER (entries->len));
  (void) define;

  return entries->len - 1;
}

static const yajl_callbacks callbacks = {
  .yajl_null = _cm_native_on_null,
  .yajl_boolean = _cm_native_on_boolean,
  .yajl_number = _cm_native_on_number,
  .yajl_string = _cm_native_on_string,
  .yajl_start_map = _cm_native_on_start_map,
  .yajl_map_key = _cm_native_on_map_key,
  .yajl_end_map = _cm_native_on_end_map,
  .yajl_start_array = _cm_native_on_start_array,
  .yajl_end_array = _cm_native_on_end_array,
};

/* ---- driving the parser ------------------------------------------------ */

static void
reader_init (Reader     *reader,
             const char *name)
{
  memset (reader, 0, sizeof *reader);
  reader->name = name;
  reader->document = cm_document_new ();
  reader->store = cm_event_store_new ();
  reader->line = 1;
  reader->skip_depth = -1;
  reader->section = SECTION_NONE;
  reader->categories = g_ptr_array_new_with_free_func (entry_free);
  reader->category_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader->groups = g_ptr_array_new_with_free_func (entry_free);
  reader->group_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader->event.id = g_string_new (NULL);
  reader->event.title = g_string_new (NULL);
  reader->event.description = g_string_new (NULL);
  reader->event.place = g_string_new (NULL);
  reader->extra_key = g_string_new (NULL);
  reader->extras = g_string_new (NULL);
  reader->parser = yajl_alloc (&callbacks, NULL, reader);
  cm_event_store_begin_bulk (reader->store, 0);
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->parser, yajl_free);
  g_clear_object (&reader->document);
  g_clear_object (&reader->store);
  g_clear_pointer (&reader->categories, g_ptr_array_unref);
  g_clear_pointer (&reader->category_ids, g_hash_table_unref);
  g_clear_pointer (&reader->groups, g_ptr_array_unref);
  g_clear_pointer (&reader->group_ids, g_hash_table_unref);
  g_string_free (reader->event.id, TRUE);
  g_string_free (reader->event.title, TRUE);
  g_string_free (reader->event.description, TRUE);
  g_string_free (reader->event.place, TRUE);
  g_string_free (reader->extra_key, TRUE);
  g_string_free (reader->extras, TRUE);
  g_clear_pointer (&reader->current.id, g_free);
  g_clear_pointer (&reader->current.name, g_free);
  g_clear_pointer (&reader->current.color, g_free);
  g_clear_error (&reader->error);
}

/* After yajl returned an error of its own (syntax, encoding). */
static void
set_syntax_error (Reader              *reader,
                  const unsigned char *data,
                  gsize                length,
                  gboolean             at_end)
{
  g_autofree char *text = NULL;
  Position position;
  gsize consumed;

  if (reader->error != NULL)
    return;

  text = _cm_json_syntax_message (reader->parser, data, length);

  if (at_end)
    consumed = reader->chunk_length;
  else
    consumed = yajl_get_bytes_consumed (reader->parser);
  position = position_at (reader, reader->chunk_offset + consumed);

  if (at_end && (strstr (text, "premature EOF") != NULL || !reader->seen_top))
    _cm_native_set_error_at (reader, &position, CM_FORMAT_ERROR_SYNTAX,
                  reader->seen_top ? _("The file ends too early (it is truncated)")
                                   : _("The file is empty"));
  else
    _cm_native_set_error_at (reader, &position, CM_FORMAT_ERROR_SYNTAX, _("Invalid JSON: %s"), text);
}

/* Moves the line count past a chunk that was parsed. */
static void
advance_chunk (Reader *reader)
{
  position_at (reader, reader->chunk_offset + reader->chunk_length);
  reader->chunk_offset += reader->chunk_length;
}

static gboolean
reader_feed (Reader     *reader,
             const char *data,
             gsize       length)
{
  yajl_status status;

  reader->chunk = data;
  reader->chunk_length = length;

  status = yajl_parse (reader->parser, (const unsigned char *) data, length);
  if (status != yajl_status_ok)
    {
      if (status == yajl_status_error)
        set_syntax_error (reader, (const unsigned char *) data, length, FALSE);
      g_assert (reader->error != NULL);
      return FALSE;
    }

  advance_chunk (reader);
  return TRUE;
}

static CmDocument *
reader_finish (Reader  *reader,
               GError **error)
{
  yajl_status status;
  CmDocument *document;

  reader->chunk = "";
  reader->chunk_length = 0;

  status = yajl_complete_parse (reader->parser);
  if (status != yajl_status_ok || !reader->seen_top)
    {
      set_syntax_error (reader, (const unsigned char *) "", 0, TRUE);
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return NULL;
    }

  if (!reader->seen_version)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                   "%s:1:1: %s", reader->name,
                   _("Not a Chronomap document: the “chronomap” format version is missing"));
      return NULL;
    }

  for (guint i = 0; i < reader->categories->len; i++)
    {
      Entry *entry = g_ptr_array_index (reader->categories, i);

      if (!entry->defined)
        {
          g_autofree char *message = g_strdup_printf (_("No category has the id “%s”"), entry->id);

          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_VALUE,
                       "%s:%u:%u: %s", reader->name, entry->line, entry->column, message);
          return NULL;
        }
      cm_document_add_category (reader->document, entry->id, entry->name, entry->color);
    }

  for (guint i = 0; i < reader->groups->len; i++)
    {
      Entry *entry = g_ptr_array_index (reader->groups, i);

      if (!entry->defined)
        {
          g_autofree char *message = g_strdup_printf (_("No group has the id “%s”"), entry->id);

          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_VALUE,
                       "%s:%u:%u: %s", reader->name, entry->line, entry->column, message);
          return NULL;
        }
      cm_document_add_group (reader->document, entry->id, entry->name, entry->kind);
    }

  /* The parser and its buffers go before the store is sorted and indexed,
   * which keeps the peak low. */
  g_clear_pointer (&reader->parser, yajl_free);
  cm_event_store_end_bulk (reader->store);
  cm_event_store_take_events (cm_document_get_store (reader->document), reader->store);

  document = g_steal_pointer (&reader->document);
  cm_document_set_dirty (document, FALSE);

  return document;
}

CmDocument *
cm_native_load_stream (GInputStream   *stream,
                       const char     *name,
                       goffset         size,
                       CmProgressFunc  progress,
                       gpointer        progress_data,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autofree char *buffer = NULL;
  Reader reader;
  CmDocument *document = NULL;
  double reported = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  buffer = g_malloc (CHUNK_SIZE);
  reader_init (&reader, name);

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      n = g_input_stream_read (stream, buffer, CHUNK_SIZE, cancellable, error);
      if (n < 0)
        {
          g_prefix_error (error, "%s: ", name);
          goto out;
        }
      if (n == 0)
        break;

      if (!reader_feed (&reader, buffer, (gsize) n))
        {
          g_propagate_error (error, g_steal_pointer (&reader.error));
          goto out;
        }

      if (progress != NULL && size > 0)
        {
          double fraction = MIN (1.0, (double) reader.chunk_offset / (double) size);

          if (fraction - reported >= 0.005)
            {
              reported = fraction;
              progress (fraction, progress_data);
            }
        }
    }

  document = reader_finish (&reader, error);
  if (document != NULL && progress != NULL)
    progress (1.0, progress_data);

out:
  reader_clear (&reader);

  return document;
}

CmDocument *
cm_native_load_file (GFile          *file,
                     CmProgressFunc  progress,
                     gpointer        progress_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *name = NULL;
  CmDocument *document;
  goffset size = -1;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = cm_file_dup_display_name (file);

  stream = cm_file_read (file, &size, cancellable, error);
  if (stream == NULL)
    return NULL;

  document = cm_native_load_stream (G_INPUT_STREAM (stream), name, size,
                                    progress, progress_data, cancellable, error);
  if (document != NULL)
    cm_document_set_file (document, file);

  return document;
}

CmDocument *
cm_native_load_data (const char  *data,
                     gsize        length,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  stream = g_memory_input_stream_new_from_data (data, (gssize) length, NULL);

  return cm_native_load_stream (stream, name ? name : "data", (goffset) length,
                                NULL, NULL, NULL, error);
}
