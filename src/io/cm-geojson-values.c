/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-geojson"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-geojson-private.h"
#include "cm-properties.h"

/* GeoJSON values: typed members, positions, bounds and the many ways
 * properties write times. */

const char *
_cm_geojson_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The first of @members that is a non-empty string. */
const char *
_cm_geojson_get_first_string (JsonObject         *object,
                              const char * const *members)
{
  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *value = _cm_geojson_get_string (object, members[i]);

      if (value != NULL && *value != '\0')
        return value;
    }

  return NULL;
}

gboolean
_cm_geojson_get_number (JsonObject *object,
                        const char *member,
                        double     *value)
{
  JsonNode *node;
  GType type;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;

  *value = json_node_get_double (node);
  return isfinite (*value);
}

gboolean
_cm_geojson_get_boolean (JsonObject *object,
                         const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  return json_node_get_boolean (node);
}

JsonObject *
_cm_geojson_get_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonArray *
_cm_geojson_get_array (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

gboolean
_cm_geojson_get_precision (JsonObject  *object,
                           const char  *member,
                           CmPrecision *precision)
{
  const char *text = _cm_geojson_get_string (object, member);

  return text != NULL && cm_precision_from_string (text, precision);
}

/* A string or a number as text (ids may be either). */
char *
_cm_geojson_dup_scalar (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      return NULL;
    }
}

static gboolean
is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
      && (json_node_get_value_type (node) == G_TYPE_DOUBLE
          || json_node_get_value_type (node) == G_TYPE_INT64);
}

/* [lon, lat, …] → TRUE with valid coordinates. */
gboolean
_cm_geojson_read_position (JsonNode *node,
                           double   *lat,
                           double   *lon)
{
  JsonArray *array;
  JsonNode *x, *y;
  double x_value, y_value;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) < 2)
    return FALSE;

  x = json_array_get_element (array, 0);
  y = json_array_get_element (array, 1);
  if (!is_number (x) || !is_number (y))
    return FALSE;

  x_value = json_node_get_double (x);
  y_value = json_node_get_double (y);
  if (!_cm_format_valid_coordinates (y_value, x_value))
    return FALSE;

  *lon = x_value;
  *lat = y_value;
  return TRUE;
}

/* Extends a bounding box with every position below @node (polygons). */
void
_cm_geojson_extend_bounds (JsonNode *node,
                           double    bounds[4],
                           guint     depth)
{
  JsonArray *array;
  double lat, lon;

  if (depth > 4 || node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  if (_cm_geojson_read_position (node, &lat, &lon))
    {
      bounds[0] = MIN (bounds[0], lat);
      bounds[1] = MIN (bounds[1], lon);
      bounds[2] = MAX (bounds[2], lat);
      bounds[3] = MAX (bounds[3], lon);
      return;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    _cm_geojson_extend_bounds (json_array_get_element (array, i), bounds, depth + 1);
}

/* The fraction of a second in a time that parsed ("13:45:00.250"): the
 * time itself keeps whole seconds, rounded down. */
static void
find_fraction (const char *text,
               Stamp      *stamp)
{
  stamp->fraction = FALSE;
  stamp->millisecond = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      int scale = 100;

      if (!(p[0] == ':' && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
            && (p[3] == '.' || p[3] == ',') && g_ascii_isdigit (p[4])))
        continue;

      for (p += 4; g_ascii_isdigit (*p); p++)
        {
          if (*p != '0')
            stamp->fraction = TRUE;
          stamp->millisecond += (*p - '0') * scale;
          scale /= 10;
        }
      return;
    }
}

gboolean
_cm_geojson_parse_time (const char *text,
                        Stamp      *stamp)
{
  g_autofree char *copy = NULL;
  gboolean ok = FALSE;

  if (text == NULL || *text == '\0')
    return FALSE;

  if (cm_time_parse_iso (text, &stamp->time, &stamp->precision, &stamp->offset, NULL))
    ok = TRUE;

  /* GDAL writes "2011/05/26 13:00:00+02", and dates "2011/05/26". */
  copy = g_strstrip (g_strdup (text));
  if (!ok && strlen (copy) >= 10 && copy[4] == '/' && copy[7] == '/')
    {
      copy[4] = copy[7] = '-';
      ok = cm_time_parse_iso (copy, &stamp->time, &stamp->precision, &stamp->offset, NULL);
    }

  if (!ok)
    ok = cm_time_parse (text, &stamp->time, &stamp->precision, &stamp->offset, NULL);

  if (ok)
    find_fraction (text, stamp);

  return ok;
}

/* A time of day alone ("13:45", "13:45:00.250", "9:30+02"), as GDAL writes
 * a Time field: @stamp->time is its number of seconds after midnight UTC
 * on 1 January 1970, the precision HOUR or finer. */
gboolean
_cm_geojson_parse_time_of_day (const char *text,
                               Stamp      *stamp)
{
  g_autofree char *copy = NULL;
  g_autofree char *full = NULL;

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  if (!(g_ascii_isdigit (copy[0])
        && (copy[1] == ':' || (g_ascii_isdigit (copy[1]) && copy[2] == ':'))))
    return FALSE;

  full = g_strconcat (copy[1] == ':' ? "1970-01-01T0" : "1970-01-01T", copy, NULL);
  if (!cm_time_parse_iso (full, &stamp->time, &stamp->precision, &stamp->offset, NULL)
      || stamp->precision < CM_PRECISION_HOUR)
    return FALSE;

  find_fraction (full, stamp);
  return TRUE;
}

/* A date alone at its time of day. */
void
_cm_geojson_combine_date_time (const Stamp *date,
                               const Stamp *time_of_day,
                               Stamp       *stamp)
{
  *stamp = *time_of_day;
  stamp->time = date->time + time_of_day->time;
}

/* A Linked Places time: {"in": …} or {"earliest": …, "latest": …}. */
gboolean
_cm_geojson_parse_lpf_time (JsonObject *object,
                            gboolean    is_end,
                            Stamp      *stamp,
                            gboolean   *approximate)
{
  const char *in = _cm_geojson_get_string (object, "in");
  const char *earliest = _cm_geojson_get_string (object, "earliest");
  const char *latest = _cm_geojson_get_string (object, "latest");

  *approximate = FALSE;
  if (_cm_geojson_parse_time (in, stamp))
    return TRUE;

  if (earliest != NULL && latest != NULL && g_strcmp0 (earliest, latest) != 0)
    *approximate = TRUE;

  /* The widest reading: from the earliest start to the latest end. */
  if (is_end)
    return _cm_geojson_parse_time (latest, stamp) || _cm_geojson_parse_time (earliest, stamp);

  return _cm_geojson_parse_time (earliest, stamp) || _cm_geojson_parse_time (latest, stamp);
}

/* Chronomap keeps whole seconds: a dropped fraction is counted for the
 * report, and its milliseconds kept as an extra (as the TimelineJS reader
 * keeps them), that the writer puts back. */
static void
keep_fraction (Loader      *loader,
               const Stamp *stamp,
               const char  *key,
               char       **extras)
{
  char text[8];
  char *next;

  if (!stamp->fraction)
    return;

  loader->n_fractions++;
  if (stamp->millisecond <= 0)
    return;

  g_snprintf (text, sizeof text, "%d", stamp->millisecond);
  next = cm_properties_set (*extras, key, text);
  g_free (*extras);
  *extras = next;
}

void
_cm_geojson_add_event (Loader       *loader,
                       const Common *common,
                       const char   *id,
                       const Stamp  *start,
                       const Stamp  *end,
                       CmEventFlags  extra_flags)
{
  g_autofree char *extras = g_strdup (common->extras);
  CmEventData data;
  int offset;

  cm_event_data_init (&data);
  data.id = id;
  _cm_event_fields_apply (&common->fields, &data);
  data.flags |= extra_flags;

  offset = common->has_offset ? common->offset : start->offset;
  data.utc_offset = offset;
  data.precision = common->has_precision ? common->precision : start->precision;
  /* Written without an offset: the local time at the event's offset. */
  data.start = start->time;
  if (start->offset == CM_UTC_OFFSET_NONE && offset != CM_UTC_OFFSET_NONE)
    data.start -= (CmTime) offset * 60;
  keep_fraction (loader, start, "start_millisecond", &extras);

  if (end != NULL)
    {
      data.end = end->time;
      if (end->offset == CM_UTC_OFFSET_NONE && offset != CM_UTC_OFFSET_NONE)
        data.end -= (CmTime) offset * 60;
      data.end_precision = common->has_end_precision ? common->end_precision : end->precision;
      if (data.end < data.start)
        data.end = CM_TIME_INVALID;
      else
        keep_fraction (loader, end, "end_millisecond", &extras);
    }

  data.extras = extras;
  cm_event_store_add (loader->store, &data);
  if (loader->report != NULL)
    loader->report->n_imported++;
}

char *
_cm_geojson_collect_extras (JsonObject *properties)
{
  JsonObject *extra = _cm_geojson_get_object (properties, "extra");
  char *extras = NULL;
  GList *members;

  if (extra == NULL)
    return NULL;

  members = json_object_get_members (extra);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = _cm_geojson_get_string (extra, l->data);

      if (value != NULL)
        {
          char *next = cm_properties_set (extras, l->data, value);

          g_free (extras);
          extras = next;
        }
    }
  g_list_free (members);

  return extras;
}
