/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-csv-private.h"
#include "cm-format-util.h"
#include "cm-properties.h"

/* Reading CSV: libcsv fed in chunks, UTF-8 checked, fields gathered
 * into records handed to cm-csv-rows.c. */

/* Fields are trimmed: an empty row holds only their terminators. */
static gboolean
row_is_empty (Reader *reader)
{
  return reader->row_length == reader->n_fields;
}

static void
field_cb (void   *data,
          size_t  length,
          void   *user_data)
{
  Reader *reader = user_data;
  const char *text = data != NULL ? data : "";

  if (reader->error != NULL)
    return;

  if (reader->n_fields == 0)
    reader->row_line = reader->line;
  if (reader->n_fields >= MAX_COLUMNS)
    {
      _cm_csv_reader_fail (reader, CM_FORMAT_ERROR_LIMIT, reader->row_line,
                   _("More than %d columns"), MAX_COLUMNS);
      return;
    }

  /* Quoted fields may hold line breaks (most fields are empty). */
  if (length > 0)
    for (const char *p = text, *end = text + length;
         (p = memchr (p, '\n', (gsize) (end - p))) != NULL; p++)
      reader->line++;

  /* Every field is read trimmed (libcsv trims only unquoted ones). */
  while (length > 0 && (text[0] == ' ' || text[0] == '\t'))
    {
      text++;
      length--;
    }
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
    length--;

  if (reader->row_length + length + 1 > MAX_ROW)
    {
      _cm_csv_reader_fail (reader, CM_FORMAT_ERROR_LIMIT, reader->row_line,
                   _("A row is longer than %d MB"), MAX_ROW / (1024 * 1024));
      return;
    }
  if (reader->row_length + length + 1 > reader->row_size)
    {
      reader->row_size = MAX (reader->row_size * 2, reader->row_length + length + 1);
      reader->row = g_realloc (reader->row, reader->row_size);
    }
  reader->fields[reader->n_fields++] = (guint) reader->row_length;
  memcpy (reader->row + reader->row_length, text, length);
  reader->row_length += length;
  reader->row[reader->row_length++] = '\0';
  reader->after_cr = FALSE;
}

static void
row_cb (int   c,
        void *user_data)
{
  Reader *reader = user_data;

  if (reader->error == NULL && reader->n_fields > 0 && !row_is_empty (reader))
    {
      if (!reader->have_header)
        _cm_csv_read_header (reader);
      else if (reader->is_template)
        _cm_csv_read_template_row (reader);
      else
        _cm_csv_read_generic_row (reader);
    }
  reader->row_length = 0;
  reader->n_fields = 0;

  /* CR LF is one line end: libcsv reports both. */
  if (c == '\n')
    {
      if (!reader->after_cr)
        reader->line++;
      reader->after_cr = FALSE;
    }
  else if (c == '\r')
    {
      reader->line++;
      reader->after_cr = TRUE;
    }
}

/* libcsv grows a field's buffer with this: refusing is how a field too
 * long for any real table stops the parser (it then reports CSV_ENOMEM). */
static void *
limited_realloc (void   *pointer,
                 size_t  size)
{
  if (size > MAX_FIELD + CHUNK_SIZE)
    return NULL;

  return realloc (pointer, size);
}

/* g_utf8_validate_len(), after skipping ASCII without NUL eight bytes at a
 * time: most tables are mostly ASCII. */
static gboolean
validate_utf8 (const char  *data,
               gsize        length,
               const char **bad)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      if ((word & high) != 0 || ((word - ones) & ~word & high) != 0)
        break;
    }

  return g_utf8_validate_len (data + i, length - i, bad);
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->row, g_free);
  if (reader->extras != NULL)
    g_string_free (g_steal_pointer (&reader->extras), TRUE);
  if (reader->document_extras != NULL)
    g_string_free (g_steal_pointer (&reader->document_extras), TRUE);
  g_clear_pointer (&reader->fields, g_free);
  g_clear_pointer (&reader->header, g_ptr_array_unref);
  g_clear_pointer (&reader->mapped, g_free);
  g_clear_pointer (&reader->pending, g_ptr_array_unref);
  g_clear_pointer (&reader->group_names, g_hash_table_unref);
  g_clear_pointer (&reader->category_names, g_hash_table_unref);
  g_clear_pointer (&reader->eras, json_array_unref);
  g_clear_pointer (&reader->first_reason, g_free);
  g_clear_error (&reader->error);
  g_clear_object (&reader->document);
}

CmDocument *
_cm_csv_load (const CmLoadRequest *request,
              GError             **error)
{
  const CmCsvMapping *mapping = request->options;
  const char *name = request->name;
  goffset size = request->size;
  g_autofree char *buffer = NULL;
  Reader reader = { 0 };
  CmTextPosition scan = CM_TEXT_POSITION_START;  /* where the data starts */
  CmDocument *document = NULL;
  gboolean parser_ready = FALSE;
  guint64 done = 0;
  gsize carry = 0, buffer_size;

  g_return_val_if_fail (G_IS_INPUT_STREAM (request->stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Small files need no big buffer (carried bytes of a cut character
   * take up to 3 more). */
  buffer_size = size > 0 ? (gsize) MIN (size, CHUNK_SIZE) : CHUNK_SIZE;
  buffer = g_malloc (buffer_size + 4);
  reader.name = name;
  reader.report = request->report;
  reader.document = cm_document_new ();
  reader.store = cm_document_get_store (reader.document);
  reader.row_size = 4096;
  reader.row = g_malloc (reader.row_size);
  reader.fields = g_new (guint, MAX_COLUMNS);
  reader.line = 1;
  reader.group_names = _cm_format_names_new ();
  reader.category_names = _cm_format_names_new ();
  reader.extras = g_string_new (NULL);
  reader.document_extras = g_string_new (NULL);
  reader.approximate = reader.category_color = reader.group_kind = -1;
  if (mapping != NULL)
    {
      reader.mapping = *mapping;
      reader.has_mapping = TRUE;
      if (mapping->date_order == CM_CSV_DATE_ORDER_DAY_FIRST
          || mapping->date_order == CM_CSV_DATE_ORDER_MONTH_FIRST)
        reader.date_order = mapping->date_order;
    }

  /* About a hundred bytes a row: room for most rows at once (within reason:
   * the size is only what the file claims). */
  cm_event_store_begin_bulk (reader.store, size > 0 ? (guint) MIN (size / 96, 4 * 1024 * 1024) : 0);

  for (;;)
    {
      const char *data = buffer, *bad;
      gsize length, valid;
      gboolean at_end;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (request->cancellable, error))
        goto out;

      n = g_input_stream_read (request->stream, buffer + carry, buffer_size,
                               request->cancellable, error);
      if (n < 0)
        {
          g_prefix_error (error, "%s: ", name);
          goto out;
        }
      at_end = n == 0;
      length = carry + (gsize) n;
      carry = 0;
      done += (guint64) n;

      if (!parser_ready && length > 0)
        {
          char separator;

          if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
            {
              data += 3;
              length -= 3;
            }
          if (mapping != NULL && (mapping->separator == ',' || mapping->separator == ';'
                                  || mapping->separator == '\t'))
            separator = mapping->separator;
          else
            separator = cm_csv_detect_separator (data, length);
          _cm_csv_parser_init (&reader.parser, separator, CSV_REPALL_NL);
          csv_set_realloc_func (&reader.parser, limited_realloc);
          csv_set_blk_size (&reader.parser, 4096);
          parser_ready = TRUE;
        }

      /* Whole characters only: a sequence cut by the chunk waits for the
       * next one; anything else that is not UTF-8 stops the load. */
      valid = length;
      if (!validate_utf8 (data, length, &bad))
        {
          gsize rest = length - (gsize) (bad - data);

          if (!at_end && rest < 4 && *bad != '\0'
              && g_utf8_get_char_validated (bad, (gssize) rest) == (gunichar) -2)
            {
              valid = length - rest;
              carry = rest;
            }
          else
            {
              CmTextPosition where = scan;

              _cm_text_position_advance (&where, data, (gsize) (bad - data));
              g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX, "%s:%u:%u: %s",
                           name, where.line, where.column,
                           *bad == '\0' ? _("The file contains a NUL byte")
                                        : _("The file is not valid UTF-8 text"));
              goto out;
            }
        }
      _cm_text_position_advance (&scan, data, valid);

      if (valid > 0 && csv_parse (&reader.parser, data, valid, field_cb, row_cb, &reader) != valid)
        {
          if (csv_error (&reader.parser) == CSV_ENOMEM)
            _cm_csv_reader_fail (&reader, CM_FORMAT_ERROR_LIMIT, reader.line,
                         _("A field is longer than %d MB"), MAX_FIELD / (1024 * 1024));
          else
            _cm_csv_reader_fail (&reader, CM_FORMAT_ERROR_SYNTAX, reader.line, "%s",
                         csv_strerror (csv_error (&reader.parser)));
        }
      if (reader.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&reader.error));
          goto out;
        }

      if (carry > 0)
        memmove (buffer, data + valid, carry);
      if (at_end)
        break;
      if (request->progress != NULL && size > 0)
        request->progress (MIN ((double) done / (double) size, 1.0), request->progress_data);
    }

  if (parser_ready)
    csv_fini (&reader.parser, field_cb, row_cb, &reader);
  /* Every date left fits either order. */
  if (reader.error == NULL && reader.pending != NULL)
    _cm_csv_decide_date_order (&reader, cm_csv_default_date_order ());
  if (reader.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader.error));
      goto out;
    }
  if (!reader.have_header)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX, "%s:1:1: %s",
                   name, _("The file is empty"));
      goto out;
    }
  /* Skipping some rows is a partial success; skipping all is a failure. */
  if (reader.n_event_rows > 0 && reader.n_imported == 0)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_DATE, "%s:%u:1: %s (%s)",
                   name, reader.first_skipped_line, _("No event could be read"), reader.first_reason);
      goto out;
    }

  if (reader.eras != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), reader.eras);
      g_autofree char *eras = json_to_string (node, FALSE);

      cm_properties_append (reader.document_extras, "eras", eras, -1);
    }
  cm_document_set_extras (reader.document,
                          reader.document_extras->len > 0 ? reader.document_extras->str : NULL);
  if (request->report != NULL)
    request->report->n_imported += reader.n_imported;

  cm_event_store_end_bulk (reader.store);
  cm_document_set_dirty (reader.document, FALSE);
  document = g_steal_pointer (&reader.document);

out:
  if (reader.store != NULL && document == NULL && reader.document != NULL)
    cm_event_store_end_bulk (reader.store);
  if (parser_ready)
    csv_free (&reader.parser);
  reader_clear (&reader);

  return document;
}
