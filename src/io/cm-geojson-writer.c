/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-geojson"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-geojson-private.h"
#include "cm-output.h"
#include "cm-properties.h"

/* Writing GeoJSON: a FeatureCollection of Point features, routes as
 * LineStrings, one feature at a time. */

typedef struct
{
  CmDocument    *document;
  CmOutput      *out;
  JsonGenerator *generator;
  guint          n_written;
} Writer;

/* Appends one feature (json-glib writes it) to the collection. */
static void
writer_add_feature (Writer   *writer,
                    JsonNode *feature)
{
  g_autofree char *text = NULL;

  json_generator_set_root (writer->generator, feature);
  text = json_generator_to_data (writer->generator, NULL);
  cm_output_append (writer->out, writer->n_written++ ? ",\n" : "\n");
  cm_output_append (writer->out, text);
}

static void
add_position (JsonBuilder *builder,
              double       lat,
              double       lon)
{
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, lon);
  json_builder_add_double_value (builder, lat);
  json_builder_end_array (builder);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* The ISO 8601 form of a time: that of its precision (a year for coarser
 * ones) when the time is the start of that unit, else the full time, as
 * the native file writes it, so that nothing is lost (the "precision"
 * property says the precision); with the milliseconds that the extra @key
 * kept ("2011-05-26T13:45:00.250+02:00"). */
static char *
write_time (CmTime       time,
            CmPrecision  precision,
            int          utc_offset,
            const char  *extras,
            const char  *key)
{
  g_autofree char *millisecond = cm_properties_get (extras, key);
  g_autofree char *text = NULL;
  CmPrecision form = MAX (precision, CM_PRECISION_YEAR);
  gint64 value = 0;
  const char *t;

  if (millisecond != NULL && !g_ascii_string_to_signed (millisecond, 10, 1, 999, &value, NULL))
    value = 0;
  if (value > 0 || cm_time_truncate (time, form, utc_offset) != time)
    form = CM_PRECISION_SECOND;

  text = cm_time_to_iso (time, form, utc_offset);
  if (value == 0 || (t = strchr (text, 'T')) == NULL || strlen (t) < 9)
    return g_steal_pointer (&text);

  return g_strdup_printf ("%.*s.%03d%s", (int) (t - text) + 9, text, (int) value, t + 9);
}

static JsonNode *
build_event (CmDocument   *document,
             CmEventStore *store,
             guint         position)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  CmEventData data;

  cm_event_store_get_data (store, position, &data);
  start = write_time (data.start, data.precision, data.utc_offset, data.extras,
                      "start_millisecond");
  if (data.end != CM_TIME_INVALID)
    end = write_time (data.end, data.end_precision, data.utc_offset, data.extras,
                      "end_millisecond");

  json_builder_begin_object (builder);
  add_string_member (builder, "type", "Feature");
  if (data.id != NULL)
    add_string_member (builder, "id", data.id);

  json_builder_set_member_name (builder, "geometry");
  if (!isnan (data.lat) && !isnan (data.lon))
    {
      json_builder_begin_object (builder);
      add_string_member (builder, "type", "Point");
      json_builder_set_member_name (builder, "coordinates");
      add_position (builder, data.lat, data.lon);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_string_member (builder, "title", data.title);
  add_string_member (builder, "description", data.description);
  add_string_member (builder, "place", data.place);
  if (data.category != CM_NONE && data.category < cm_document_get_n_categories (document))
    {
      const CmCategory *category = cm_document_get_category (document, data.category);
      g_autofree char *color = cm_color_to_string (category->red, category->green, category->blue);

      add_string_member (builder, "category", category->name);
      add_string_member (builder, "marker-color", color);
    }
  if (data.group != CM_NONE && data.group < cm_document_get_n_groups (document))
    add_string_member (builder, "group", cm_document_get_group (document, data.group)->name);
  add_string_member (builder, "start", start);
  add_string_member (builder, "end", end);
  add_string_member (builder, "precision", cm_precision_to_string (data.precision));
  if (end != NULL)
    add_string_member (builder, "end_precision", cm_precision_to_string (data.end_precision));
  if (data.utc_offset != CM_UTC_OFFSET_NONE)
    {
      json_builder_set_member_name (builder, "utc_offset");
      json_builder_add_int_value (builder, data.utc_offset);
    }
  if (data.order != 0)
    {
      json_builder_set_member_name (builder, "stop_order");
      json_builder_add_int_value (builder, data.order);
    }
  if (data.flags & CM_EVENT_START_APPROXIMATE)
    {
      json_builder_set_member_name (builder, "approximate");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (data.flags & CM_EVENT_END_APPROXIMATE)
    {
      json_builder_set_member_name (builder, "end_approximate");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (data.flags & CM_EVENT_COORDINATES_APPROXIMATE)
    {
      json_builder_set_member_name (builder, "coordinates_approximate");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (data.extras != NULL && *data.extras != '\0')
    {
      const char *iter = data.extras;
      char *key, *value;

      json_builder_set_member_name (builder, "extra");
      json_builder_begin_object (builder);
      while (cm_properties_next (&iter, &key, &value))
        {
          /* The milliseconds are in the times. */
          if (!g_str_equal (key, "start_millisecond") && !g_str_equal (key, "end_millisecond"))
            add_string_member (builder, key, value);
          g_free (key);
          g_free (value);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  /* Linked Places */
  json_builder_set_member_name (builder, "when");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "timespans");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_begin_object (builder);
  add_string_member (builder, "in", start);
  json_builder_end_object (builder);
  if (end != NULL)
    {
      json_builder_set_member_name (builder, "end");
      json_builder_begin_object (builder);
      add_string_member (builder, "in", end);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* One LineString per itinerary group: its stops with coordinates, in time
 * order (the store's order). With fewer than two, the feature has no
 * geometry (a LineString needs two positions), only the group's kind. */
static JsonNode *
build_route (CmDocument   *document,
             CmEventStore *store,
             guint         group)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  const CmGroup *info = cm_document_get_group (document, group);
  guint n = cm_event_store_get_n_events (store), n_points = 0;
  double lat, lon;

  for (guint i = 0; i < n && n_points < 2; i++)
    if (cm_event_store_get_group (store, i) == group
        && cm_event_store_get_coordinates (store, i, &lat, &lon))
      n_points++;

  json_builder_begin_object (builder);
  add_string_member (builder, "type", "Feature");
  json_builder_set_member_name (builder, "geometry");
  if (n_points >= 2)
    {
      json_builder_begin_object (builder);
      add_string_member (builder, "type", "LineString");
      json_builder_set_member_name (builder, "coordinates");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        if (cm_event_store_get_group (store, i) == group
            && cm_event_store_get_coordinates (store, i, &lat, &lon))
          add_position (builder, lat, lon);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_string_member (builder, "title", info->name);
  add_string_member (builder, "group", info->name);
  add_string_member (builder, "kind", "itinerary");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Writes the feature of the event at @position (a CmFormatEventWriter). */
static void
write_event (gpointer      data,
             CmEventStore *store,
             guint         position)
{
  Writer *writer = data;
  g_autoptr(JsonNode) feature = build_event (writer->document, store, position);

  writer_add_feature (writer, feature);
}

gboolean
_cm_geojson_save (CmDocument           *document,
                  const CmSaveRequest  *request,
                  GError              **error)
{
  g_auto(CmOutput) out = { 0 };
  CmEventStore *store;
  Writer writer = { 0 };
  gboolean ok = TRUE;

  store = _cm_format_start_save (&out, document, request);
  if (store == NULL)
    return FALSE;
  writer.document = document;
  writer.out = &out;
  writer.generator = json_generator_new ();

  /* The collection's members (json-glib escapes the strings); the features
   * follow one by one so that a large document never exists as one tree. */
  {
    g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
    g_autoptr(JsonNode) head = NULL;
    g_autofree char *text = NULL;

    json_builder_begin_object (builder);
    add_string_member (builder, "type", "FeatureCollection");
    add_string_member (builder, "title", cm_document_get_title (document));
    add_string_member (builder, "description", cm_document_get_description (document));
    json_builder_end_object (builder);
    head = json_builder_get_root (builder);
    json_generator_set_root (writer.generator, head);
    text = json_generator_to_data (writer.generator, NULL);

    /* {"type":"FeatureCollection",…} → {"type":"FeatureCollection",…,"features":[ */
    cm_output_append_len (&out, text, (gssize) strlen (text) - 1);
    cm_output_append (&out, ",\"features\":[");
  }

  ok = _cm_format_save_events (&out, store, write_event, &writer, 1024, error);

  for (guint g = 0; g < cm_document_get_n_groups (document) && ok; g++)
    {
      g_autoptr(JsonNode) route = NULL;

      if (cm_document_get_group (document, g)->kind != CM_GROUP_ITINERARY)
        continue;
      route = build_route (document, store, g);
      writer_add_feature (&writer, route);
      ok = cm_output_flush (&out, error);
    }

  if (ok)
    {
      cm_output_append (&out, "\n]}\n");
      ok = cm_output_finish (&out, error);
    }

  g_object_unref (writer.generator);

  return ok;
}
