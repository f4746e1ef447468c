/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-csv"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-csv-private.h"
#include "cm-format-util.h"
#include "cm-output.h"
#include "cm-properties.h"
#include "cm-utc-offset.h"

/* Writing CSV: the TimelineJS spreadsheet template with Chronomap's own
 * columns after it. */

typedef struct
{
  CmDocument    *document;
  CmOutput      *out;
  GPtrArray     *category_colors;  /* "#rrggbb" by category index */
} Writer;

static gboolean
needs_quotes (const char *text,
              gsize       length)
{
  if (text[0] == ' ' || text[0] == '\t' || text[length - 1] == ' ' || text[length - 1] == '\t')
    return TRUE;
  for (gsize i = 0; i < length; i++)
    if (text[i] == ',' || text[i] == '"' || text[i] == '\n' || text[i] == '\r')
      return TRUE;

  return FALSE;
}

static void
append_row (GString           *out,
            const char * const cells[N_COLUMNS])
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      const char *text = cells[c];
      gsize length;

      if (c > 0)
        g_string_append_c (out, ',');
      if (text == NULL || *text == '\0')
        continue;

      length = strlen (text);
      if (needs_quotes (text, length))
        {
          gsize needed = csv_write (NULL, 0, text, length);
          gsize old = out->len;

          g_string_set_size (out, old + needed);
          csv_write (out->str + old, needed, text, length);
        }
      else
        {
          g_string_append_len (out, text, (gssize) length);
        }
    }
  g_string_append (out, "\r\n");
}

typedef struct
{
  char year[24];
  char month[4];
  char day[4];
  char time[12];
} DateCells;

/* The cells of @date; returns the precision they imply when read back. */
static CmPrecision
fill_date_cells (const CmTimelinejsDate *date,
                 DateCells              *cells)
{
  CmTimelinejsDate written = *date;

  g_snprintf (cells->year, sizeof cells->year, "%" G_GINT64_FORMAT, date->year);
  cells->month[0] = cells->day[0] = cells->time[0] = '\0';
  if (date->month > 0)
    g_snprintf (cells->month, sizeof cells->month, "%d", date->month);
  if (date->day > 0)
    g_snprintf (cells->day, sizeof cells->day, "%d", date->day);
  if (date->hour >= 0)
    {
      /* An hour alone is written "13:00", which reads as a minute. */
      written.minute = MAX (date->minute, 0);
      if (date->second >= 0)
        g_snprintf (cells->time, sizeof cells->time, "%02d:%02d:%02d",
                    date->hour, written.minute, date->second);
      else
        g_snprintf (cells->time, sizeof cells->time, "%02d:%02d", date->hour, written.minute);
    }

  return _cm_timelinejs_date_precision (&written);
}

static void
set_date_cells (const char *cells[N_COLUMNS],
                Column      first,
                DateCells  *date)
{
  cells[first] = date->year;
  cells[first + 1] = date->month;
  cells[first + 2] = date->day;
  cells[first + 3] = date->time;
}

static void
format_coordinate (char   buffer[G_ASCII_DTOSTR_BUF_SIZE],
                   double value)
{
  /* The shortest form that reads back the same double. */
  g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", value);
}

/* Extras as key, value, key, value… (owned), or NULL when none. */
static GPtrArray *
extras_to_array (const char *extras)
{
  GPtrArray *pairs;
  const char *iter = extras;
  char *key, *value;

  if (extras == NULL || *extras == '\0')
    return NULL;

  pairs = g_ptr_array_new_with_free_func (g_free);
  while (cm_properties_next (&iter, &key, &value))
    {
      g_ptr_array_add (pairs, key);
      g_ptr_array_add (pairs, value);
    }

  return pairs;
}

static const char *
extras_lookup (GPtrArray  *pairs,
               const char *prefix,
               const char *key)
{
  gsize prefix_length = strlen (prefix);

  for (guint i = 0; pairs != NULL && i < pairs->len; i += 2)
    {
      const char *name = pairs->pdata[i];

      if (strncmp (name, prefix, prefix_length) == 0 && g_str_equal (name + prefix_length, key))
        return pairs->pdata[i + 1];
    }

  return NULL;
}

/* HTML for a Headline or Text cell; plain text that needs no escaping is
 * written as it is, without a copy. */
static const char *
export_html (const char  *text,
             const char  *kept,
             char       **converted)
{
  if (text == NULL || *text == '\0')
    return NULL;
  if (kept == NULL && strpbrk (text, "&<>\n") == NULL)
    return text;

  *converted = _cm_timelinejs_html_export (text, kept);
  return *converted;
}

static void
set_extra_cells (const char *cells[N_COLUMNS],
                 GPtrArray  *pairs,
                 const char *prefix)
{
  const char *background;

  for (guint i = 0; i < G_N_ELEMENTS (column_extras); i++)
    cells[column_extras[i].column] = extras_lookup (pairs, prefix, column_extras[i].key);
  background = extras_lookup (pairs, prefix, "background_url");
  cells[COL_BACKGROUND] = background != NULL ? background : extras_lookup (pairs, prefix, "background_color");
}

static void
write_title_row (Writer *writer)
{
  CmDocument *document = writer->document;
  g_autoptr(GPtrArray) pairs = extras_to_array (cm_document_get_extras (document));
  g_autofree char *headline = NULL;
  g_autofree char *text = NULL;
  const char *cells[N_COLUMNS] = { NULL };
  gboolean wanted = cm_document_get_title (document) != NULL || cm_document_get_description (document) != NULL;

  for (guint i = 0; pairs != NULL && i < pairs->len && !wanted; i += 2)
    wanted = g_str_has_prefix (pairs->pdata[i], "title_");
  if (!wanted)
    return;

  cells[COL_TYPE] = "title";
  cells[COL_HEADLINE] = export_html (cm_document_get_title (document),
                                     extras_lookup (pairs, "title_", "headline_html"), &headline);
  cells[COL_TEXT] = export_html (cm_document_get_description (document),
                                 extras_lookup (pairs, "title_", "text_html"), &text);
  set_extra_cells (cells, pairs, "title_");
  append_row (writer->out->buffer, cells);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
write_era_rows (Writer *writer)
{
  g_autofree char *eras = cm_document_dup_extra (writer->document, "eras");
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *array;

  if (eras == NULL)
    return;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, eras, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *era, *start, *end, *text;
      CmTimelinejsDate start_date, end_date;
      g_autofree char *reason = NULL;
      const char *cells[N_COLUMNS] = { NULL };
      DateCells start_cells, end_cells;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      era = json_node_get_object (node);
      start = object_member (era, "start_date");
      end = object_member (era, "end_date");
      text = object_member (era, "text");
      if (start == NULL || end == NULL
          || !_cm_timelinejs_date_from_json (start, &start_date, &reason)
          || !_cm_timelinejs_date_from_json (end, &end_date, &reason))
        continue;

      fill_date_cells (&start_date, &start_cells);
      fill_date_cells (&end_date, &end_cells);
      set_date_cells (cells, COL_YEAR, &start_cells);
      set_date_cells (cells, COL_END_YEAR, &end_cells);
      if (text != NULL)
        {
          cells[COL_HEADLINE] = string_member (text, "headline");
          cells[COL_TEXT] = string_member (text, "text");
        }
      cells[COL_TYPE] = "era";
      append_row (writer->out->buffer, cells);
    }
}

static void
write_event_row (Writer            *writer,
                 const CmEventData *data)
{
  CmDocument *document = writer->document;
  g_autoptr(GPtrArray) pairs = extras_to_array (data->extras);
  g_autofree char *headline = NULL;
  g_autofree char *text = NULL;
  const char *cells[N_COLUMNS] = { NULL };
  char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE], offset[CM_UTC_OFFSET_FORMAT_SIZE];
  CmTimelinejsDate date;
  DateCells start_cells, end_cells;
  CmPrecision implied;

  _cm_timelinejs_date_from_time (data->start, data->precision, data->utc_offset, &date);
  implied = fill_date_cells (&date, &start_cells);
  set_date_cells (cells, COL_YEAR, &start_cells);
  if (implied != data->precision)
    cells[COL_PRECISION] = cm_precision_to_string (data->precision);

  if (data->end != CM_TIME_INVALID && data->end > data->start)
    {
      _cm_timelinejs_date_from_time (data->end, data->end_precision, data->utc_offset, &date);
      implied = fill_date_cells (&date, &end_cells);
      set_date_cells (cells, COL_END_YEAR, &end_cells);
      if (implied != data->end_precision)
        cells[COL_END_PRECISION] = cm_precision_to_string (data->end_precision);
    }

  cells[COL_HEADLINE] = export_html (data->title, extras_lookup (pairs, "", "headline_html"), &headline);
  cells[COL_TEXT] = export_html (data->description, extras_lookup (pairs, "", "text_html"), &text);
  set_extra_cells (cells, pairs, "");
  cells[COL_TYPE] = extras_lookup (pairs, "", "type");
  if (data->group != CM_NONE && data->group < cm_document_get_n_groups (document))
    cells[COL_GROUP] = cm_document_get_group (document, data->group)->name;
  if (data->group != CM_NONE && data->group < cm_document_get_n_groups (document)
      && cm_document_get_group (document, data->group)->kind != CM_GROUP_LANE)
    cells[COL_GROUP_KIND] = cm_group_kind_to_string (cm_document_get_group (document, data->group)->kind);
  if (data->category != CM_NONE && data->category < cm_document_get_n_categories (document))
    {
      cells[COL_CATEGORY] = cm_document_get_category (document, data->category)->name;
      cells[COL_CATEGORY_COLOR] = writer->category_colors->pdata[data->category];
    }
  cells[COL_APPROXIMATE] = _cm_csv_format_approximate (data->flags);
  if (!isnan (data->lat) && !isnan (data->lon))
    {
      format_coordinate (lat, data->lat);
      format_coordinate (lon, data->lon);
      cells[COL_LATITUDE] = lat;
      cells[COL_LONGITUDE] = lon;
    }
  cells[COL_PLACE] = data->place;
  cm_utc_offset_format (data->utc_offset, offset);
  cells[COL_UTC_OFFSET] = offset;
  cells[COL_ID] = data->id;

  append_row (writer->out->buffer, cells);
}

/* Writes the row of the event at @position (a CmFormatEventWriter). */
static void
write_event (gpointer      writer,
             CmEventStore *store,
             guint         position)
{
  CmEventData data;

  cm_event_store_get_data (store, position, &data);
  write_event_row (writer, &data);
}

gboolean
_cm_csv_save (CmDocument           *document,
              const CmSaveRequest  *request,
              GError              **error)
{
  g_auto(CmOutput) out = { 0 };
  g_autoptr(GPtrArray) category_colors = g_ptr_array_new_with_free_func (g_free);
  CmEventStore *store;
  Writer writer;

  store = _cm_format_start_save (&out, document, request);
  if (store == NULL)
    return FALSE;
  writer.document = document;
  writer.out = &out;
  writer.category_colors = category_colors;
  for (guint i = 0; i < cm_document_get_n_categories (document); i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);

      g_ptr_array_add (category_colors, cm_color_to_string (category->red, category->green, category->blue));
    }

  append_row (out.buffer, column_names);
  write_title_row (&writer);
  write_era_rows (&writer);

  if (!_cm_format_save_events (&out, store, write_event, &writer, 4096, error))
    return FALSE;

  return cm_output_finish (&out, error);
}
