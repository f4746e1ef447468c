/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timelinejs"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-output.h"
#include "cm-timelinejs-private.h"

/* Writing TimelineJS JSON: one slide per event, and a "chronomap" member
 * with what TimelineJS does not model. */

typedef struct
{
  CmDocument    *document;
  CmOutput      *out;
  JsonGenerator *generator;
  JsonBuilder   *builder;
  gint64         min_year;
  gint64         max_year;
} Writer;

/* Appends @node (consumed) as compact JSON. */
static void
writer_node (Writer   *writer,
             JsonNode *node)
{
  json_generator_set_root (writer->generator, node);
  json_generator_to_gstring (writer->generator, writer->out->buffer);
  json_node_unref (node);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* Members "prefix…" of @pairs, without the prefix, as an object. */
static void
add_prefixed_object (JsonBuilder *builder,
                     const char  *member,
                     GPtrArray   *pairs,
                     const char  *prefix)
{
  gboolean open = FALSE;

  for (guint i = 0; i < pairs->len; i += 2)
    {
      const char *key = pairs->pdata[i];

      if (!g_str_has_prefix (key, prefix))
        continue;
      if (!open)
        {
          json_builder_set_member_name (builder, member);
          json_builder_begin_object (builder);
          open = TRUE;
        }
      add_string (builder, key + strlen (prefix), pairs->pdata[i + 1]);
    }

  if (open)
    json_builder_end_object (builder);
}

/* Writes a date member; returns the precision its fields imply. */
static CmPrecision
add_date (Writer      *writer,
          const char  *member,
          CmTime       time,
          CmPrecision  precision,
          int          utc_offset,
          const char  *display_date,
          const char  *millisecond)
{
  CmTimelinejsDate date;
  JsonNode *node;
  gint64 value;

  _cm_timelinejs_date_from_time (time, precision, utc_offset, &date);
  node = _cm_timelinejs_date_to_json (&date, display_date);
  if (millisecond != NULL && date.second >= 0
      && g_ascii_string_to_signed (millisecond, 10, 1, 999, &value, NULL))
    json_object_set_int_member (json_node_get_object (node), "millisecond", value);

  json_builder_set_member_name (writer->builder, member);
  json_builder_add_value (writer->builder, node);

  writer->min_year = MIN (writer->min_year, date.year);
  writer->max_year = MAX (writer->max_year, date.year);

  return _cm_timelinejs_date_precision (&date);
}

/* What events and the title slide share: text, media, display date,
 * background, autolink. */
static void
add_slide_common (Writer     *writer,
                  GPtrArray  *pairs,
                  const char *prefix,
                  const char *title,
                  const char *description)
{
  JsonBuilder *builder = writer->builder;
  g_autofree char *headline_key = g_strconcat (prefix, "headline_html", NULL);
  g_autofree char *text_key = g_strconcat (prefix, "text_html", NULL);
  g_autofree char *media_prefix = g_strconcat (prefix, "media_", NULL);
  g_autofree char *background_prefix = g_strconcat (prefix, "background_", NULL);
  g_autofree char *display_key = g_strconcat (prefix, "display_date", NULL);
  g_autofree char *autolink_key = g_strconcat (prefix, "autolink", NULL);
  g_autofree char *headline = NULL;
  g_autofree char *text = NULL;
  const char *autolink;

  if (title != NULL && *title != '\0')
    headline = _cm_timelinejs_html_export (title, _cm_timelinejs_extras_lookup (pairs, headline_key));
  if (description != NULL && *description != '\0')
    text = _cm_timelinejs_html_export (description, _cm_timelinejs_extras_lookup (pairs, text_key));
  if (headline != NULL || text != NULL)
    {
      json_builder_set_member_name (builder, "text");
      json_builder_begin_object (builder);
      add_string (builder, "headline", headline);
      add_string (builder, "text", text);
      json_builder_end_object (builder);
    }

  add_prefixed_object (builder, "media", pairs, media_prefix);
  add_string (builder, "display_date", _cm_timelinejs_extras_lookup (pairs, display_key));
  add_prefixed_object (builder, "background", pairs, background_prefix);

  autolink = _cm_timelinejs_extras_lookup (pairs, autolink_key);
  if (autolink != NULL)
    {
      json_builder_set_member_name (builder, "autolink");
      json_builder_add_boolean_value (builder, g_str_equal (autolink, "true"));
    }
}

static JsonNode *
event_to_json (Writer            *writer,
               const CmEventData *data)
{
  JsonBuilder *builder = writer->builder;
  g_autoptr(GPtrArray) pairs = _cm_timelinejs_extras_to_array (data->extras);
  gboolean is_span = data->end != CM_TIME_INVALID && data->end > data->start;
  gboolean has_ext = FALSE;
  CmPrecision implied, end_implied = data->end_precision;

  json_builder_reset (builder);
  json_builder_begin_object (builder);

  implied = add_date (writer, "start_date", data->start, data->precision, data->utc_offset,
                      _cm_timelinejs_extras_lookup (pairs, "start_display_date"),
                      _cm_timelinejs_extras_lookup (pairs, "start_millisecond"));
  if (is_span)
    end_implied = add_date (writer, "end_date", data->end, data->end_precision, data->utc_offset,
                            _cm_timelinejs_extras_lookup (pairs, "end_display_date"),
                            _cm_timelinejs_extras_lookup (pairs, "end_millisecond"));

  add_slide_common (writer, pairs, "", data->title, data->description);
  if (data->group != CM_NONE && data->group < cm_document_get_n_groups (writer->document))
    add_string (builder, "group", cm_document_get_group (writer->document, data->group)->name);
  add_string (builder, "unique_id", data->id);

  /* What TimelineJS has no field for, in a member it ignores. */
  has_ext = (data->place != NULL && *data->place != '\0') || !isnan (data->lat)
            || data->category != CM_NONE || data->utc_offset != CM_UTC_OFFSET_NONE
            || data->precision != implied || (is_span && data->end_precision != end_implied)
            || data->flags != CM_EVENT_FLAGS_NONE || data->order != 0;
  for (guint i = 0; i < pairs->len && !has_ext; i += 2)
    has_ext = !_cm_timelinejs_is_slide_key (pairs->pdata[i]);

  if (has_ext)
    {
      gboolean has_extra = FALSE;

      json_builder_set_member_name (builder, "chronomap");
      json_builder_begin_object (builder);
      add_string (builder, "place", data->place);
      if (!isnan (data->lat) && !isnan (data->lon))
        {
          json_builder_set_member_name (builder, "lat");
          json_builder_add_double_value (builder, data->lat);
          json_builder_set_member_name (builder, "lon");
          json_builder_add_double_value (builder, data->lon);
        }
      if (data->category != CM_NONE && data->category < cm_document_get_n_categories (writer->document))
        add_string (builder, "category", cm_document_get_category (writer->document, data->category)->id);
      if (data->utc_offset != CM_UTC_OFFSET_NONE)
        {
          json_builder_set_member_name (builder, "utc_offset");
          json_builder_add_int_value (builder, data->utc_offset);
        }
      if (data->order != 0)
        {
          json_builder_set_member_name (builder, "stop_order");
          json_builder_add_int_value (builder, data->order);
        }
      if (data->precision != implied)
        add_string (builder, "precision", cm_precision_to_string (data->precision));
      if (is_span && data->end_precision != end_implied)
        add_string (builder, "end_precision", cm_precision_to_string (data->end_precision));
      if (data->flags & CM_EVENT_START_APPROXIMATE)
        {
          json_builder_set_member_name (builder, "approximate");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (data->flags & CM_EVENT_END_APPROXIMATE)
        {
          json_builder_set_member_name (builder, "end_approximate");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (data->flags & CM_EVENT_COORDINATES_APPROXIMATE)
        {
          json_builder_set_member_name (builder, "coordinates_approximate");
          json_builder_add_boolean_value (builder, TRUE);
        }
      for (guint i = 0; i < pairs->len; i += 2)
        {
          if (_cm_timelinejs_is_slide_key (pairs->pdata[i]))
            continue;
          if (!has_extra)
            {
              json_builder_set_member_name (builder, "extra");
              json_builder_begin_object (builder);
              has_extra = TRUE;
            }
          add_string (builder, pairs->pdata[i], pairs->pdata[i + 1]);
        }
      if (has_extra)
        json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
title_to_json (Writer    *writer,
               GPtrArray *pairs)
{
  CmDocument *document = writer->document;
  const char *title = cm_document_get_title (document);
  const char *description = cm_document_get_description (document);
  gboolean wanted = (title != NULL && *title != '\0') || (description != NULL && *description != '\0');

  for (guint i = 0; i < pairs->len && !wanted; i += 2)
    wanted = g_str_has_prefix (pairs->pdata[i], "title_");
  if (!wanted)
    return NULL;

  json_builder_reset (writer->builder);
  json_builder_begin_object (writer->builder);
  add_slide_common (writer, pairs, "title_", title, description);
  add_string (writer->builder, "unique_id", _cm_timelinejs_extras_lookup (pairs, "title_unique_id"));
  json_builder_end_object (writer->builder);

  return json_builder_get_root (writer->builder);
}

/* Categories, groups and foreign document extras, or NULL. */
static JsonNode *
document_ext_to_json (Writer    *writer,
                      GPtrArray *pairs)
{
  CmDocument *document = writer->document;
  JsonBuilder *builder = writer->builder;
  guint n_categories = cm_document_get_n_categories (document);
  guint n_groups = cm_document_get_n_groups (document);
  gboolean has_extra = FALSE;

  for (guint i = 0; i < pairs->len && !has_extra; i += 2)
    has_extra = !_cm_timelinejs_is_timeline_key (pairs->pdata[i]);
  if (n_categories == 0 && n_groups == 0 && !has_extra)
    return NULL;

  json_builder_reset (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);

  if (n_categories > 0)
    {
      json_builder_set_member_name (builder, "categories");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_categories; i++)
        {
          const CmCategory *category = cm_document_get_category (document, i);
          g_autofree char *color = cm_color_to_string (category->red, category->green, category->blue);

          json_builder_begin_object (builder);
          add_string (builder, "id", category->id);
          add_string (builder, "name", category->name);
          add_string (builder, "color", color);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (n_groups > 0)
    {
      json_builder_set_member_name (builder, "groups");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_groups; i++)
        {
          const CmGroup *group = cm_document_get_group (document, i);

          json_builder_begin_object (builder);
          add_string (builder, "id", group->id);
          add_string (builder, "name", group->name);
          add_string (builder, "kind", cm_group_kind_to_string (group->kind));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (has_extra)
    {
      json_builder_set_member_name (builder, "extra");
      json_builder_begin_object (builder);
      for (guint i = 0; i < pairs->len; i += 2)
        if (!_cm_timelinejs_is_timeline_key (pairs->pdata[i]))
          add_string (builder, pairs->pdata[i], pairs->pdata[i + 1]);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Writes the event at @position as one line of the "events" array (a
 * CmFormatEventWriter). */
static void
write_event (gpointer      data,
             CmEventStore *store,
             guint         position)
{
  Writer *writer = data;
  CmEventData event;

  cm_event_store_get_data (store, position, &event);
  cm_output_append (writer->out, position > 0 ? ",\n    " : "\n    ");
  writer_node (writer, event_to_json (writer, &event));
}

gboolean
_cm_timelinejs_save (CmDocument           *document,
                     const CmSaveRequest  *request,
                     GError              **error)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(CmOutput) out = { 0 };
  CmEventStore *store;
  Writer writer;
  JsonNode *node;
  const char *eras, *scale;
  gboolean cosmological;
  guint n;

  store = _cm_format_start_save (&out, document, request);
  if (store == NULL)
    return FALSE;
  writer.document = document;
  writer.out = &out;
  writer.generator = generator;
  writer.builder = builder;
  writer.min_year = G_MAXINT64;
  writer.max_year = G_MININT64;

  pairs = _cm_timelinejs_extras_to_array (cm_document_get_extras (document));
  n = cm_event_store_get_n_events (store);

  cm_output_append (&out, "{\n");
  if ((node = title_to_json (&writer, pairs)) != NULL)
    {
      cm_output_append (&out, "  \"title\": ");
      writer_node (&writer, node);
      cm_output_append (&out, ",\n");
    }

  /* One event a line: readable, and a million events never form a tree. */
  cm_output_append (&out, "  \"events\": [");
  if (!_cm_format_save_events (&out, store, write_event, &writer, 1024, error))
    return FALSE;
  cm_output_append (&out, n > 0 ? "\n  ]" : "]");

  eras = _cm_timelinejs_extras_lookup (pairs, "eras");
  if (eras != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, eras, -1, NULL)
          && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        {
          cm_output_append (&out, ",\n  \"eras\": ");
          writer_node (&writer, json_node_copy (json_parser_get_root (parser)));
        }
    }

  /* Years a JavaScript Date cannot hold need the cosmological scale. */
  scale = _cm_timelinejs_extras_lookup (pairs, "scale");
  cosmological = n > 0 && (writer.min_year < CM_TIMELINEJS_MIN_HUMAN_YEAR
                           || writer.max_year > CM_TIMELINEJS_MAX_HUMAN_YEAR);
  if (cosmological)
    scale = "cosmological";
  if (scale != NULL && (g_str_equal (scale, "human") || g_str_equal (scale, "cosmological")))
    cm_output_printf (&out, ",\n  \"scale\": \"%s\"", scale);

  if ((node = document_ext_to_json (&writer, pairs)) != NULL)
    {
      cm_output_append (&out, ",\n  \"chronomap\": ");
      writer_node (&writer, node);
    }
  cm_output_append (&out, "\n}\n");

  return cm_output_finish (&out, error);
}
