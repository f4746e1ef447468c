/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "cm-format-util.h"
#include "cm-json-reader.h"

typedef struct
{
  const char        *name;
  const char        *text;
  gsize              length;
  const char        *stream_member;
  CmJsonElementFunc  func;
  gpointer           user_data;
  CmProgressFunc     progress;
  gpointer           progress_data;
  double             progress_start;
  double             reported;
  GCancellable      *cancellable;

  yajl_handle        parser;
  GError            *error;
  GString           *scratch;       /* a string value, NUL-terminated */

  GPtrArray         *stack;         /* JsonNode *: open containers, [0] the root */
  GPtrArray         *keys;          /* char *: member name awaiting its value, per level */
  JsonNode          *root;
  guint              depth;

  /* The streamed array: its level in the stack (0: none, G_MAXUINT:
   * read), and where its current element started. */
  guint              stream_level;
  gsize              element_offset;
  guint              n_elements;
  guint              skip_depth;    /* > 0 inside an element that is skipped */

  /* A cursor that only moves forward: line and column at @cursor. */
  gsize              cursor;
  CmTextPosition     at;
} Reader;

/* Line and column of byte @offset, moving the cursor there when it is
 * ahead (offsets asked for only grow, so the text is scanned once). */
static void
locate (Reader *reader,
        gsize   offset,
        guint  *line,
        guint  *column)
{
  offset = MIN (offset, reader->length);
  if (offset < reader->cursor)
    {
      reader->cursor = 0;
      reader->at = CM_TEXT_POSITION_START;
    }

  _cm_text_position_advance (&reader->at, reader->text + reader->cursor, offset - reader->cursor);
  reader->cursor = offset;

  *line = reader->at.line;
  *column = reader->at.column;
}

/* Offset of the last character of the token yajl has just read. */
static gsize
token_offset (Reader *reader)
{
  gsize consumed = yajl_get_bytes_consumed (reader->parser);

  return consumed > 0 ? consumed - 1 : 0;
}

/* Offset of the opening quote of the string yajl has just read. */
static gsize
string_offset (Reader *reader)
{
  gsize end = token_offset (reader);

  for (gsize q = end; q-- > 0; )
    if (reader->text[q] == '"')
      {
        gsize backslashes = 0;

        while (backslashes < q && reader->text[q - 1 - backslashes] == '\\')
          backslashes++;
        if (backslashes % 2 == 0)
          return q;
      }

  return end;
}

G_GNUC_PRINTF (4, 5)
static int
fail_at (Reader     *reader,
         gsize       offset,
         int         code,
         const char *format,
         ...)
{
  guint line, column;
  va_list args;

  if (reader->error != NULL)
    return 0;

  locate (reader, offset, &line, &column);
  va_start (args, format);
  _cm_format_set_error_at (&reader->error, code, reader->name, line, column, format, args);
  va_end (args);

  return 0;
}

static gboolean
in_skipped_element (Reader *reader)
{
  return reader->skip_depth > 0;
}

/* Hands a finished element over and frees it. */
static int
deliver (Reader   *reader,
         JsonNode *element)
{
  g_autoptr(JsonNode) owned = element;
  guint line, column;

  if (reader->n_elements % 1024 == 0)
    {
      if (g_cancellable_set_error_if_cancelled (reader->cancellable, &reader->error))
        return 0;
      if (reader->progress != NULL && reader->length > 0)
        {
          double fraction = reader->progress_start
                            + (1.0 - reader->progress_start)
                              * ((double) reader->element_offset / (double) reader->length);

          if (fraction - reader->reported >= 0.01)
            {
              reader->reported = fraction;
              reader->progress (fraction, reader->progress_data);
            }
        }
    }

  locate (reader, reader->element_offset, &line, &column);
  if (!reader->func (owned, reader->n_elements++, line, column, reader->user_data,
                     &reader->error))
    {
      if (reader->error == NULL)
        g_set_error (&reader->error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s",
                     reader->name, _("Reading stopped"));
      return 0;
    }

  return 1;
}

/* Places a finished value: in its parent, as the root, or handed over as
 * an element of the streamed array. Takes @node. */
static int
add_value (Reader   *reader,
           JsonNode *node)
{
  JsonNode *parent;

  if (reader->stack->len == 0)
    {
      g_clear_pointer (&reader->root, json_node_unref);
      reader->root = node;
      return 1;
    }

  if (reader->stream_level > 0 && reader->stack->len == reader->stream_level)
    {
      return deliver (reader, node);
    }

  parent = g_ptr_array_index (reader->stack, reader->stack->len - 1);
  if (JSON_NODE_HOLDS_OBJECT (parent))
    {
      g_autofree char *key = g_ptr_array_steal_index (reader->keys, reader->keys->len - 1);

      g_ptr_array_add (reader->keys, NULL);
      json_object_set_member (json_node_get_object (parent), key != NULL ? key : "", node);
    }
  else
    json_array_add_element (json_node_get_array (parent), node);

  return 1;
}

static int
open_container (Reader   *reader,
                gboolean  object)
{
  JsonNode *node;
  gsize offset = token_offset (reader);

  if (++reader->depth > CM_JSON_MAX_DEPTH)
    return fail_at (reader, offset, CM_FORMAT_ERROR_LIMIT,
                    _("Nested more than %d levels deep"), CM_JSON_MAX_DEPTH);

  if (in_skipped_element (reader))
    {
      reader->skip_depth++;
      return 1;
    }

  if (reader->stream_level > 0 && reader->stack->len == reader->stream_level)
    {
      reader->element_offset = offset;
      if (reader->func == NULL)
        {
          reader->skip_depth = 1;
          reader->n_elements++;
          return 1;
        }
    }

  /* The node takes the container (init would add a reference). */
  node = json_node_alloc ();
  if (object)
    {
      json_node_init (node, JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
    }
  else
    {
      json_node_init (node, JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
    }

  /* The streamed array: a direct member of the root object. */
  if (!object && reader->stream_member != NULL && reader->stream_level == 0
      && reader->stack->len == 1 && JSON_NODE_HOLDS_OBJECT (g_ptr_array_index (reader->stack, 0))
      && g_strcmp0 (g_ptr_array_index (reader->keys, 0), reader->stream_member) == 0)
    reader->stream_level = 2;

  g_ptr_array_add (reader->stack, node);
  g_ptr_array_add (reader->keys, NULL);

  return 1;
}

static int
close_container (Reader *reader)
{
  JsonNode *node;

  reader->depth--;
  if (in_skipped_element (reader))
    {
      reader->skip_depth--;
      return 1;
    }

  g_return_val_if_fail (reader->stack->len > 0, 0);

  node = g_ptr_array_steal_index (reader->stack, reader->stack->len - 1);
  g_free (g_ptr_array_steal_index (reader->keys, reader->keys->len - 1));

  /* The streamed array itself ends: it stays in the root, empty. */
  if (reader->stream_level > 0 && reader->stack->len + 1 == reader->stream_level)
    reader->stream_level = G_MAXUINT;

  return add_value (reader, node);
}

static int
on_start_map (void *ctx)
{
  return open_container (ctx, TRUE);
}

static int
on_end_map (void *ctx)
{
  return close_container (ctx);
}

static int
on_start_array (void *ctx)
{
  return open_container (ctx, FALSE);
}

static int
on_end_array (void *ctx)
{
  return close_container (ctx);
}

/* A scalar value: skipped inside a skipped element, handed over as an
 * element when the streamed array holds it directly. */
static int
add_scalar (Reader   *reader,
            JsonNode *node)
{
  if (in_skipped_element (reader))
    {
      json_node_unref (node);
      return 1;
    }
  if (reader->stream_level > 0 && reader->stack->len == reader->stream_level)
    {
      reader->element_offset = token_offset (reader);
      if (reader->func == NULL)
        {
          reader->n_elements++;
          json_node_unref (node);
          return 1;
        }
    }

  return add_value (reader, node);
}

/* Text after escapes are decoded: UTF-8 without NUL characters. */
static gboolean
check_text (Reader              *reader,
            const unsigned char *text,
            size_t               length)
{
  if (memchr (text, '\0', length) != NULL)
    return fail_at (reader, string_offset (reader), CM_FORMAT_ERROR_SYNTAX, "%s",
                    _("A text contains a NUL character"));
  if (!g_utf8_validate_len ((const char *) text, length, NULL))
    return fail_at (reader, string_offset (reader), CM_FORMAT_ERROR_SYNTAX, "%s",
                    _("A text is not valid UTF-8 once its escapes are decoded"));

  return TRUE;
}

static int
on_map_key (void                *ctx,
            const unsigned char *key,
            size_t               length)
{
  Reader *reader = ctx;

  if (in_skipped_element (reader))
    return 1;
  if (!check_text (reader, key, length))
    return 0;

  g_free (g_ptr_array_steal_index (reader->keys, reader->keys->len - 1));
  g_ptr_array_add (reader->keys, g_strndup ((const char *) key, length));

  return 1;
}

static int
on_string (void                *ctx,
           const unsigned char *text,
           size_t               length)
{
  Reader *reader = ctx;
  JsonNode *node;

  if (in_skipped_element (reader))
    return 1;
  if (!check_text (reader, text, length))
    return 0;

  g_string_truncate (reader->scratch, 0);
  g_string_append_len (reader->scratch, (const char *) text, (gssize) length);
  node = json_node_init_string (json_node_alloc (), reader->scratch->str);

  return add_scalar (reader, node);
}

static int
on_number (void       *ctx,
           const char *text,
           size_t      length)
{
  Reader *reader = ctx;
  char buffer[64];
  gboolean integer = TRUE;
  gsize start = yajl_get_bytes_consumed (reader->parser) - MIN (length, yajl_get_bytes_consumed (reader->parser));

  if (in_skipped_element (reader))
    return 1;

  for (size_t i = 0; i < length; i++)
    if (text[i] == '.' || text[i] == 'e' || text[i] == 'E')
      integer = FALSE;

  if (length >= sizeof buffer)
    {
      /* More digits than any double or 64-bit integer needs. */
      if (integer)
        return fail_at (reader, start, CM_FORMAT_ERROR_LIMIT,
                        _("The number “%.*s” is too large"), 40, text);
      length = sizeof buffer - 1;
    }
  memcpy (buffer, text, length);
  buffer[length] = '\0';

  if (integer)
    {
      gint64 value;

      if (!g_ascii_string_to_signed (buffer, 10, G_MININT64, G_MAXINT64, &value, NULL))
        return fail_at (reader, start, CM_FORMAT_ERROR_LIMIT,
                        _("The number “%.*s” is too large"), (int) MIN (length, 40), text);

      return add_scalar (reader, json_node_init_int (json_node_alloc (), value));
    }
  else
    {
      double value = g_ascii_strtod (buffer, NULL);

      if (!isfinite (value))
        return fail_at (reader, start, CM_FORMAT_ERROR_LIMIT,
                        _("The number “%.*s” is too large"), (int) MIN (length, 40), text);

      return add_scalar (reader, json_node_init_double (json_node_alloc (), value));
    }
}

static int
on_boolean (void *ctx,
            int   value)
{
  Reader *reader = ctx;

  if (in_skipped_element (reader))
    return 1;

  return add_scalar (reader, json_node_init_boolean (json_node_alloc (), value != 0));
}

static int
on_null (void *ctx)
{
  Reader *reader = ctx;

  if (in_skipped_element (reader))
    return 1;

  return add_scalar (reader, json_node_init_null (json_node_alloc ()));
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end_map,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_array,
};

/* yajl's message without the prefixes (see cm-json-reader.h). */
char *
_cm_json_syntax_message (yajl_handle          parser,
                         const unsigned char *data,
                         gsize                length)
{
  unsigned char *message;
  g_autofree char *text = NULL;
  const char *detail;

  message = yajl_get_error (parser, 0, data, length);
  text = g_strstrip (g_strdup ((const char *) message));
  yajl_free_error (parser, message);

  detail = text;
  if (g_str_has_prefix (detail, "parse error: "))
    detail += strlen ("parse error: ");
  if (g_str_has_prefix (detail, "lexical error: "))
    detail += strlen ("lexical error: ");

  return g_strdup (detail);
}

/* yajl's own error (syntax, encoding) as "name:line:column: …". */
static void
set_syntax_error (Reader   *reader,
                  gboolean  at_end)
{
  g_autofree char *detail = NULL;
  gboolean blank = TRUE;

  if (reader->error != NULL)
    return;

  detail = _cm_json_syntax_message (reader->parser, (const unsigned char *) reader->text, reader->length);

  for (gsize i = 0; i < reader->length && blank; i++)
    blank = g_ascii_isspace (reader->text[i]);

  if (blank)
    g_set_error (&reader->error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX, "%s:1:1: %s",
                 reader->name, _("The file is empty"));
  else if (at_end)
    fail_at (reader, reader->length, CM_FORMAT_ERROR_SYNTAX, "%s",
             _("The file ends too early (it is truncated)"));
  else
    fail_at (reader, token_offset (reader), CM_FORMAT_ERROR_SYNTAX,
             _("Invalid JSON: %s"), detail);
}

JsonNode *
_cm_json_read (const char        *text,
               gsize              length,
               const char        *name,
               const char        *stream_member,
               CmJsonElementFunc  func,
               gpointer           user_data,
               CmProgressFunc     progress,
               gpointer           progress_data,
               double             progress_start,
               GCancellable      *cancellable,
               GError           **error)
{
  Reader reader = { 0 };
  yajl_status status;
  JsonNode *root = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader.name = name;
  reader.text = text;
  reader.length = length;
  reader.stream_member = stream_member;
  reader.func = func;
  reader.user_data = user_data;
  reader.progress = progress;
  reader.progress_data = progress_data;
  reader.progress_start = progress_start;
  reader.reported = progress_start;
  reader.cancellable = cancellable;
  reader.stack = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  reader.keys = g_ptr_array_new_with_free_func (g_free);
  reader.scratch = g_string_new (NULL);
  reader.at = CM_TEXT_POSITION_START;

  reader.parser = yajl_alloc (&callbacks, NULL, &reader);
  yajl_config (reader.parser, yajl_allow_comments, 1);

  status = yajl_parse (reader.parser, (const unsigned char *) text, length);
  if (status == yajl_status_ok)
    {
      status = yajl_complete_parse (reader.parser);
      if (status != yajl_status_ok)
        set_syntax_error (&reader, TRUE);
    }
  else if (status == yajl_status_error)
    set_syntax_error (&reader, FALSE);

  if (reader.error == NULL && reader.root == NULL)
    set_syntax_error (&reader, TRUE);

  if (reader.error != NULL)
    g_propagate_error (error, g_steal_pointer (&reader.error));
  else
    root = g_steal_pointer (&reader.root);

  yajl_free (reader.parser);
  g_clear_pointer (&reader.root, json_node_unref);
  g_ptr_array_unref (reader.stack);
  g_ptr_array_unref (reader.keys);
  g_string_free (reader.scratch, TRUE);

  return root;
}
