/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-geojson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cm-output.h"
#include "cm-format.h"
#include "cm-native.h"
#include "cm-format-util.h"
#include "cm-formats-private.h"
#include "cm-json-reader.h"
#include "cm-properties.h"

/* GeoJSON (RFC 7946), read by cm-json-reader.h one feature at a time and
 * written with json-glib.
 *
 * Reading: a FeatureCollection (or one Feature) of Point features. Titles
 * come from "title" (or "name", "label"), and "description", "place",
 * "category" (with "marker-color"), "group" are read when present.
 *
 * A feature's time, the first of these that it has:
 *   1. a Linked Places "when" on the feature,
 *        "when": {"timespans": [{"start": {"in": "1840"}, "end": {"earliest": …}}]}
 *      ("earliest" ≠ "latest": approximate, the widest reading);
 *   2. a Linked Places "when" object in its properties;
 *   3. plain properties, their names in any case ("Date", "TIME"): the most
 *      precise date that parses among "start", "start_date", "start_time",
 *      "begin", "when", "time", "timestamp", "datetime", "date_time",
 *      "date" (that order on a tie), so that a full "when" or "timestamp"
 *      wins over a date-only "Date" as ogr2ogr writes them; a date alone
 *      takes its time of day from another of them that holds only that
 *      ("Date": "2011/05/26", "Time": "13:45:00"). The end likewise from
 *      "end", "end_date", "end_time", a lone time of day on the start's
 *      date.
 * A "utc_offset" property (minutes) is the offset of times written without
 * one. Fractions of a second are rounded down (the model keeps seconds):
 * the report says how many, once per file, and their milliseconds are kept
 * as the extras "start_millisecond" and "end_millisecond", as the TimelineJS
 * reader keeps them.
 *
 * Where: a Point's position, a MultiPoint's first, a GeometryCollection's
 * first Point, else the middle of the bounds, marked approximate. The
 * members of a GeometryCollection with a "when" of their own (as in the
 * Linked Places sample) are events of their own, at their own coordinates
 * with the feature's properties; the feature's time is then that of its
 * other members, if any.
 *
 * A LineString whose properties say "kind": "itinerary" makes its "group"
 * an itinerary (also with a null geometry: a route of fewer than two
 * stops); one with a time per vertex ("coordTimes" or "times", as togeojson
 * writes them) becomes an itinerary of timed stops.
 *
 * Writing: one Point feature per event with the properties title,
 * description, place, category (and its "marker-color"), group, start, end
 * (with their milliseconds, if kept), precision, end_precision, utc_offset,
 * flags, extra and a Linked Places "when"; then one LineString per
 * itinerary group, its stops in time order. */

#define MAX_FILE_SIZE (512 * 1024 * 1024)
#define MAX_TIMES 100000 /* timed vertices of one LineString */
#define WRITE_CHUNK (256 * 1024)

/* ".json" files are GeoJSON only when their content says so (sniff). */
static const char * const geojson_extensions[] = { "geojson", NULL };
static const char * const geojson_mime_types[] = { "application/geo+json", NULL };

/* ---- sniffing ---------------------------------------------------------- */

static gboolean
has_json_suffix (const char *filename,
                 const char *suffix)
{
  gsize length = strlen (filename), suffix_length = strlen (suffix);

  return length >= suffix_length
      && g_ascii_strcasecmp (filename + length - suffix_length, suffix) == 0;
}

static int
geojson_sniff (const char *head,
               gsize       length,
               const char *filename)
{
  gsize skip = length;
  const char *p = _cm_format_skip_bom (head, &skip);
  g_autofree char *text = NULL;
  gboolean is_json;

  while (skip > 0 && g_ascii_isspace (*p))
    {
      p++;
      skip--;
    }
  is_json = skip > 0 && *p == '{';
  text = g_strndup (p, skip);

  /* "type": "FeatureCollection" or "Feature" near the start. */
  if (is_json && (strstr (text, "\"FeatureCollection\"") != NULL
                  || (strstr (text, "\"Feature\"") != NULL
                      && strstr (text, "\"geometry\"") != NULL)))
    return 90;

  if (filename != NULL && has_json_suffix (filename, ".geojson"))
    return is_json ? 60 : 20;

  return 0;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct
{
  const char     *name;
  const char     *text;
  CmDocument     *document;
  CmEventStore   *store;
  CmImportReport *report;
  guint           feature;     /* 1-based, for messages */
  guint           n_features;
  guint           first_skip_line;
  guint           first_skip_column;
  guint           n_fractions; /* times whose fraction of a second was dropped */
} Loader;

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The first of @members that is a non-empty string. */
static const char *
get_first_string (JsonObject         *object,
                  const char * const *members)
{
  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *value = get_string (object, members[i]);

      if (value != NULL && *value != '\0')
        return value;
    }

  return NULL;
}

static gboolean
get_number (JsonObject *object,
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

static gboolean
get_boolean (JsonObject *object,
             const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  return json_node_get_boolean (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

static gboolean
get_precision (JsonObject  *object,
               const char  *member,
               CmPrecision *precision)
{
  const char *text = get_string (object, member);

  return text != NULL && cm_precision_from_string (text, precision);
}

/* A string or a number as text (ids may be either). */
static char *
dup_scalar (JsonObject *object,
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
static gboolean
read_position (JsonNode *node,
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
static void
extend_bounds (JsonNode *node,
               double    bounds[4],
               guint     depth)
{
  JsonArray *array;
  double lat, lon;

  if (depth > 4 || node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  if (read_position (node, &lat, &lon))
    {
      bounds[0] = MIN (bounds[0], lat);
      bounds[1] = MIN (bounds[1], lon);
      bounds[2] = MAX (bounds[2], lat);
      bounds[3] = MAX (bounds[3], lon);
      return;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    extend_bounds (json_array_get_element (array, i), bounds, depth + 1);
}

typedef struct
{
  CmTime      time;
  CmPrecision precision;
  int         offset;       /* written in the text, or CM_UTC_OFFSET_NONE */
  gboolean    fraction;     /* a fraction of a second was written, and dropped */
  int         millisecond;  /* its first three digits (0 to 999) */
} Stamp;

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

static gboolean
parse_time (const char *text,
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
static gboolean
parse_time_of_day (const char *text,
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
static void
combine_date_time (const Stamp *date,
                   const Stamp *time_of_day,
                   Stamp       *stamp)
{
  *stamp = *time_of_day;
  stamp->time = date->time + time_of_day->time;
}

/* A Linked Places time: {"in": …} or {"earliest": …, "latest": …}. */
static gboolean
parse_lpf_time (JsonObject *object,
                gboolean    is_end,
                Stamp      *stamp,
                gboolean   *approximate)
{
  const char *in = get_string (object, "in");
  const char *earliest = get_string (object, "earliest");
  const char *latest = get_string (object, "latest");

  *approximate = FALSE;
  if (parse_time (in, stamp))
    return TRUE;

  if (earliest != NULL && latest != NULL && g_strcmp0 (earliest, latest) != 0)
    *approximate = TRUE;

  /* The widest reading: from the earliest start to the latest end. */
  if (is_end)
    return parse_time (latest, stamp) || parse_time (earliest, stamp);

  return parse_time (earliest, stamp) || parse_time (latest, stamp);
}

typedef struct
{
  const char  *id;
  const char  *title;
  const char  *description;
  const char  *place;
  double       lat, lon;
  guint        category;
  guint        group;
  CmEventFlags flags;
  const char  *extras;
  gboolean     has_precision, has_end_precision;
  CmPrecision  precision, end_precision;
  gboolean     has_offset;
  int          offset;
} Common;

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

static void
add_event (Loader       *loader,
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
  data.title = common->title ? common->title : "";
  data.description = common->description;
  data.place = common->place;
  data.lat = common->lat;
  data.lon = common->lon;
  data.category = common->category;
  data.group = common->group;
  data.flags = common->flags | extra_flags;

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

static guint
group_by_name (Loader      *loader,
               const char  *name,
               CmGroupKind  kind)
{
  guint index;

  if (name == NULL || *name == '\0')
    return CM_NONE;

  index = cm_document_find_group (loader->document, name);
  if (index == CM_NONE)
    index = cm_document_add_group (loader->document, name, name, kind);

  return index;
}

static char *
collect_extras (JsonObject *properties)
{
  JsonObject *extra = get_object (properties, "extra");
  char *extras = NULL;
  GList *members;

  if (extra == NULL)
    return NULL;

  members = json_object_get_members (extra);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = get_string (extra, l->data);

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

static const char * const title_members[] = { "title", "name", "label", "Name", "NAME", "Title",
                                              NULL };
static const char * const description_members[] = { "description", "desc", "Description", NULL };
static const char * const place_members[] = { "place", "location", "Place", NULL };
/* The date properties, matched case-insensitively ("Date", "TIME"), in
 * the order that breaks ties of precision. */
static const char * const start_keys[] = { "start", "start_date", "start_time", "begin", "when",
                                           "time", "timestamp", "datetime", "date_time", "date",
                                           NULL };
static const char * const end_keys[] = { "end", "end_date", "end_time", NULL };

typedef enum
{
  PLAIN_NONE,     /* none of the properties */
  PLAIN_INVALID,  /* some, none of them a date */
  PLAIN_OK,
} PlainResult;

/* The plain date properties @keys of @properties: the most precise date
 * that parses, the first of @keys on a tie; a date alone (day precision)
 * takes its time of day from another of @keys that holds only that
 * ("Date": "2011/05/26", "Time": "13:45:00"). A lone time of day falls on
 * @day (nullable). @invalid: the first text that was no date. When
 * @day_of_start is not NULL, it is set to the date alone that was found
 * (@has_day TRUE), for the end's lone time of day. */
static PlainResult
read_plain_time (JsonObject         *properties,
                 const char * const *keys,
                 const Stamp        *day,
                 Stamp              *stamp,
                 Stamp              *day_of_start,
                 gboolean           *has_day,
                 const char        **invalid)
{
  const char *texts[16] = { NULL };
  gboolean has_date = FALSE, has_time_of_day = FALSE;
  Stamp date = { 0 }, time_of_day = { 0 };
  GList *members;
  guint n_keys = g_strv_length ((char **) keys);

  g_assert (n_keys <= G_N_ELEMENTS (texts));
  *invalid = NULL;
  if (has_day != NULL)
    *has_day = FALSE;
  if (properties == NULL)
    return PLAIN_NONE;

  members = json_object_get_members (properties);
  for (GList *l = members; l != NULL; l = l->next)
    for (guint k = 0; k < n_keys; k++)
      if (texts[k] == NULL && g_ascii_strcasecmp (l->data, keys[k]) == 0)
        {
          const char *text = get_string (properties, l->data);

          if (text != NULL && *text != '\0')
            texts[k] = text;
          break;
        }
  g_list_free (members);

  for (guint k = 0; k < n_keys; k++)
    {
      Stamp candidate;

      if (texts[k] == NULL)
        continue;

      if (parse_time_of_day (texts[k], &candidate))
        {
          if (!has_time_of_day)
            time_of_day = candidate;
          has_time_of_day = TRUE;
        }
      else if (parse_time (texts[k], &candidate))
        {
          if (!has_date || candidate.precision > date.precision)
            date = candidate;
          has_date = TRUE;
        }
      else if (*invalid == NULL)
        *invalid = texts[k];
    }

  if (has_date && has_time_of_day && date.precision == CM_PRECISION_DAY)
    combine_date_time (&date, &time_of_day, stamp);
  else if (has_date)
    *stamp = date;
  else if (has_time_of_day && day != NULL)
    combine_date_time (day, &time_of_day, stamp);
  else
    {
      /* The first text that is no date, else a lone time of day. */
      for (guint k = 0; *invalid == NULL && k < n_keys; k++)
        *invalid = texts[k];
      return *invalid != NULL ? PLAIN_INVALID : PLAIN_NONE;
    }

  if (day_of_start != NULL && has_date && date.precision == CM_PRECISION_DAY)
    {
      *day_of_start = date;
      *has_day = TRUE;
    }

  return PLAIN_OK;
}

/* Events of a LineString with a time per vertex. */
static void
read_timed_route (Loader     *loader,
                  Common     *common,
                  const char *feature_id,
                  JsonArray  *coordinates,
                  JsonArray  *times)
{
  guint n = MIN (json_array_get_length (coordinates), json_array_get_length (times));
  guint skipped = 0;

  if (n > MAX_TIMES)
    {
      cm_import_report_skip (loader->report,
                             _("feature %u: only the first %d points of the route were imported"),
                             loader->feature, MAX_TIMES);
      n = MAX_TIMES;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *time_node = json_array_get_element (times, i);
      g_autofree char *id = NULL;
      Stamp stamp;

      if (!JSON_NODE_HOLDS_VALUE (time_node)
          || json_node_get_value_type (time_node) != G_TYPE_STRING
          || !parse_time (json_node_get_string (time_node), &stamp)
          || !read_position (json_array_get_element (coordinates, i), &common->lat, &common->lon))
        {
          skipped++;
          continue;
        }

      if (feature_id != NULL)
        id = g_strdup_printf ("%s#%u", feature_id, i + 1);
      add_event (loader, common, id, &stamp, NULL, CM_EVENT_FLAGS_NONE);
    }

  if (skipped > 0)
    cm_import_report_skip (loader->report,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "feature %u: %u point of the route has no valid time "
                                        "or position",
                                        "feature %u: %u points of the route have no valid time "
                                        "or position",
                                        skipped),
                           loader->feature, skipped);
}

/* Element @index of @array when it is an object. */
static JsonObject *
get_member (JsonArray *array,
            guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
extend_geometry_bounds (JsonObject *geometry,
                        double      bounds[4],
                        guint       depth)
{
  JsonArray *members = get_array (geometry, "geometries");

  if (depth > 4)
    return;

  if (members == NULL || g_strcmp0 (get_string (geometry, "type"), "GeometryCollection") != 0)
    {
      extend_bounds (json_object_get_member (geometry, "coordinates"), bounds, 0);
      return;
    }

  for (guint i = 0; i < json_array_get_length (members); i++)
    if (get_member (members, i) != NULL)
      extend_geometry_bounds (get_member (members, i), bounds, depth + 1);
}

static void locate_members (JsonArray *members,
                            gboolean   untimed_only,
                            Common    *common,
                            guint      depth);

/* Where a geometry stands on the map: a Point's position, a MultiPoint's
 * first, a GeometryCollection's first Point; the middle of anything else's
 * bounds, approximately. */
static void
locate_geometry (JsonObject *geometry,
                 Common     *common,
                 guint       depth)
{
  const char *type = get_string (geometry, "type");
  double bounds[4] = { 90, 180, -90, -180 };

  if (geometry == NULL || depth > 4)
    return;

  if (g_strcmp0 (type, "Point") == 0)
    {
      read_position (json_object_get_member (geometry, "coordinates"), &common->lat, &common->lon);
      return;
    }

  if (g_strcmp0 (type, "MultiPoint") == 0)
    {
      JsonArray *points = get_array (geometry, "coordinates");

      if (points != NULL && json_array_get_length (points) > 0)
        read_position (json_array_get_element (points, 0), &common->lat, &common->lon);
      return;
    }

  if (g_strcmp0 (type, "GeometryCollection") == 0)
    {
      locate_members (get_array (geometry, "geometries"), FALSE, common, depth + 1);
      return;
    }

  /* Polygons and the like: the middle of their bounds, approximately. */
  extend_geometry_bounds (geometry, bounds, depth);
  if (bounds[0] <= bounds[2])
    {
      common->lat = (bounds[0] + bounds[2]) / 2;
      common->lon = (bounds[1] + bounds[3]) / 2;
      common->flags |= CM_EVENT_COORDINATES_APPROXIMATE;
    }
}

/* The members of a GeometryCollection (those without their own "when"
 * when @untimed_only): the first Point among them, else the middle of
 * their bounds, approximately. */
static void
locate_members (JsonArray *members,
                gboolean   untimed_only,
                Common    *common,
                guint      depth)
{
  double bounds[4] = { 90, 180, -90, -180 };

  if (members == NULL || depth > 4)
    return;

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = get_member (members, i);

      if (member == NULL || (untimed_only && get_object (member, "when") != NULL))
        continue;
      if (g_strcmp0 (get_string (member, "type"), "Point") == 0
          && read_position (json_object_get_member (member, "coordinates"),
                            &common->lat, &common->lon))
        return;
    }

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = get_member (members, i);

      if (member != NULL && !(untimed_only && get_object (member, "when") != NULL))
        extend_geometry_bounds (member, bounds, depth + 1);
    }
  if (bounds[0] <= bounds[2])
    {
      common->lat = (bounds[0] + bounds[2]) / 2;
      common->lon = (bounds[1] + bounds[3]) / 2;
      common->flags |= CM_EVENT_COORDINATES_APPROXIMATE;
    }
}

/* One event per Linked Places timespan with a valid start; returns how
 * many. Numbered ids are "id#1", "id#2"… across the feature (@serial). */
static guint
add_timespans (Loader       *loader,
               const Common *common,
               JsonArray    *timespans,
               const char   *id,
               gboolean      numbered,
               guint        *serial)
{
  guint n = json_array_get_length (timespans), added = 0;

  for (guint i = 0; i < n && i < MAX_TIMES; i++)
    {
      JsonObject *span = get_member (timespans, i);
      JsonObject *start_object = get_object (span, "start");
      JsonObject *end_object = get_object (span, "end");
      g_autofree char *span_id = NULL;
      gboolean start_approximate, end_approximate = FALSE;
      Stamp start, end;
      gboolean has_end;

      /* Numbered by position, so that an id names the same timespan. */
      if (numbered)
        span_id = g_strdup_printf ("%s#%u", id, ++*serial);
      if (start_object == NULL
          || !parse_lpf_time (start_object, FALSE, &start, &start_approximate))
        continue;
      has_end = end_object != NULL && parse_lpf_time (end_object, TRUE, &end, &end_approximate);

      add_event (loader, common, numbered ? span_id : id, &start, has_end ? &end : NULL,
                 (start_approximate ? CM_EVENT_START_APPROXIMATE : 0)
                 | (end_approximate ? CM_EVENT_END_APPROXIMATE : 0));
      added++;
    }

  return added;
}

static void
read_feature (Loader     *loader,
              JsonObject *feature)
{
  JsonObject *properties = get_object (feature, "properties");
  JsonObject *geometry = get_object (feature, "geometry");
  JsonObject *when = get_object (feature, "when");
  const char *geometry_type = get_string (geometry, "type");
  const char *category_name, *color, *kind;
  g_autofree char *id = NULL;
  g_autofree char *extras = NULL;
  Common common = { 0 };
  double number;
  JsonArray *timespans, *members = NULL;
  guint n_timed = 0, n_untimed = 0, n_spans = 0, added = 0, serial = 0;
  gboolean is_route, use_feature_time, numbered;

  common.lat = common.lon = NAN;
  common.category = common.group = CM_NONE;

  id = dup_scalar (feature, "id");
  if (id == NULL)
    id = dup_scalar (feature, "@id");
  if (id == NULL)
    id = dup_scalar (properties, "id");
  common.id = id;

  common.title = get_first_string (properties, title_members);
  if (common.title == NULL)
    common.title = get_string (feature, "title");
  common.description = get_first_string (properties, description_members);
  common.place = get_first_string (properties, place_members);

  category_name = get_string (properties, "category");
  color = get_string (properties, "marker-color");
  common.category = _cm_format_category_by_name (loader->document, category_name, color);

  if (get_boolean (properties, "approximate"))
    common.flags |= CM_EVENT_START_APPROXIMATE;
  if (get_boolean (properties, "end_approximate"))
    common.flags |= CM_EVENT_END_APPROXIMATE;
  if (get_boolean (properties, "coordinates_approximate"))
    common.flags |= CM_EVENT_COORDINATES_APPROXIMATE;

  common.has_precision = get_precision (properties, "precision", &common.precision);
  common.has_end_precision = get_precision (properties, "end_precision", &common.end_precision);
  if (get_number (properties, "utc_offset", &number) && fabs (number) <= CM_UTC_OFFSET_MAX)
    {
      common.has_offset = TRUE;
      common.offset = (int) number;
    }

  extras = collect_extras (properties);
  common.extras = extras;

  kind = get_string (properties, "kind");
  /* A route of fewer than two stops is written without a geometry. */
  is_route = g_strcmp0 (geometry_type, "LineString") == 0
          || (geometry == NULL && g_strcmp0 (kind, "itinerary") == 0);

  if (is_route)
    {
      const char *group_name = get_string (properties, "group");
      JsonArray *coordinates = get_array (geometry, "coordinates");
      JsonArray *times = get_array (properties, "coordTimes");

      if (times == NULL)
        times = get_array (properties, "times");
      if (group_name == NULL)
        group_name = common.title;
      if (group_name == NULL)
        group_name = id;

      common.group = group_by_name (loader, group_name, CM_GROUP_ITINERARY);

      if (times != NULL && coordinates != NULL)
        read_timed_route (loader, &common, id, coordinates, times);
      else if (g_strcmp0 (kind, "itinerary") != 0)
        cm_import_report_skip (loader->report,
                               _("feature %u: a route without a time for each point: only its "
                                 "group was kept"), loader->feature);
      return;
    }

  common.group = group_by_name (loader, get_string (properties, "group"), CM_GROUP_LANE);

  /* Linked Places: "when" on the feature, or in its properties; and on
   * the members of a GeometryCollection. */
  if (when == NULL)
    when = get_object (properties, "when");
  timespans = get_array (when, "timespans");
  if (timespans != NULL && json_array_get_length (timespans) == 0)
    timespans = NULL;

  if (g_strcmp0 (geometry_type, "GeometryCollection") == 0)
    members = get_array (geometry, "geometries");
  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonArray *spans = get_array (get_object (get_member (members, i), "when"), "timespans");

      if (spans != NULL)
        {
          n_timed++;
          n_spans += json_array_get_length (spans);
        }
      else if (get_member (members, i) != NULL)
        n_untimed++;
    }

  /* The feature's own time is that of its members without one. */
  use_feature_time = n_timed == 0 || n_untimed > 0;
  if (use_feature_time)
    n_spans += timespans != NULL ? json_array_get_length (timespans) : 1;
  numbered = id != NULL && n_spans > 1;

  for (guint i = 0; n_timed > 0 && i < json_array_get_length (members); i++)
    {
      JsonObject *member = get_member (members, i);
      JsonArray *spans = get_array (get_object (member, "when"), "timespans");
      Common at_member = common;

      if (spans == NULL)
        continue;
      locate_geometry (member, &at_member, 0);
      added += add_timespans (loader, &at_member, spans, id, numbered, &serial);
    }

  if (use_feature_time && n_timed > 0)
    locate_members (members, TRUE, &common, 0);
  else if (use_feature_time)
    locate_geometry (geometry, &common, 0);

  if (use_feature_time && timespans != NULL)
    added += add_timespans (loader, &common, timespans, id, numbered, &serial);
  else if (use_feature_time)
    {
      Stamp start, end, day;
      gboolean has_day;
      const char *invalid;
      PlainResult result;

      result = read_plain_time (properties, start_keys, NULL, &start, &day, &has_day, &invalid);
      if (result == PLAIN_OK)
        {
          gboolean has_end = read_plain_time (properties, end_keys, has_day ? &day : NULL, &end,
                                              NULL, NULL, &invalid) == PLAIN_OK;
          g_autofree char *plain_id = numbered ? g_strdup_printf ("%s#%u", id, ++serial) : NULL;

          add_event (loader, &common, numbered ? plain_id : id, &start, has_end ? &end : NULL,
                     CM_EVENT_FLAGS_NONE);
          added++;
        }
      else if (n_timed == 0 && result == PLAIN_INVALID)
        {
          cm_import_report_skip (loader->report, _("feature %u: “%s” is not a valid date"),
                                 loader->feature, invalid);
          return;
        }
      else if (n_timed == 0 && when == NULL)
        {
          cm_import_report_skip (loader->report, _("feature %u: “%s” has no date"),
                                 loader->feature, common.title ? common.title : "");
          return;
        }
    }

  if (added == 0)
    cm_import_report_skip (loader->report, _("feature %u: “%s” has no valid time in “when”"),
                           loader->feature, common.title ? common.title : "");
}

/* The first pass: LineStrings that make their group an itinerary, so that
 * the stops read in the second pass find the group's kind. */
static gboolean
itinerary_cb (JsonNode  *node,
              guint      index,
              guint      line,
              guint      column,
              gpointer   user_data,
              GError   **error)
{
  Loader *loader = user_data;
  JsonObject *feature = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *properties = get_object (feature, "properties");
  JsonObject *geometry = get_object (feature, "geometry");

  if (g_strcmp0 (get_string (properties, "kind"), "itinerary") == 0
      && (geometry == NULL || g_strcmp0 (get_string (geometry, "type"), "LineString") == 0))
    group_by_name (loader, get_string (properties, "group"), CM_GROUP_ITINERARY);

  return TRUE;
}

static gboolean
feature_cb (JsonNode  *node,
            guint      index,
            guint      line,
            guint      column,
            gpointer   user_data,
            GError   **error)
{
  Loader *loader = user_data;
  JsonObject *feature = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  guint skipped = loader->report->n_skipped;

  loader->feature = index + 1;
  loader->n_features++;
  if (feature == NULL || g_strcmp0 (get_string (feature, "type"), "Feature") != 0)
    cm_import_report_skip (loader->report, _("feature %u (line %u): not a Feature object"),
                           index + 1, line);
  else
    read_feature (loader, feature);

  if (loader->first_skip_line == 0 && loader->report->n_skipped > skipped)
    {
      loader->first_skip_line = line;
      loader->first_skip_column = column;
    }

  return TRUE;
}

static CmDocument *
geojson_load (GInputStream    *stream,
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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) rest = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmEventStore) store = NULL;
  g_autoptr(CmImportReport) own_report = NULL;
  Loader loader = { 0 };
  JsonObject *top;
  const char *type, *data;
  gboolean collection;
  gsize length;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  bytes = _cm_format_read_all (stream, name, size, MAX_FILE_SIZE, progress, progress_data,
                               cancellable, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  data = _cm_format_skip_bom (data, &length);
  if (!_cm_format_check_utf8 (data, length, name, error))
    return NULL;

  document = cm_document_new ();
  store = cm_event_store_new ();
  if (report == NULL)
    report = own_report = cm_import_report_new ();
  loader.name = name;
  loader.document = document;
  loader.store = store;
  loader.report = report;

  /* First pass: the collection around the features, and itineraries. */
  root = _cm_json_read (data, length, name, "features", itinerary_cb, &loader, NULL, NULL, 0.5,
                        cancellable, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                   _("%s:1:1: Not GeoJSON: expected an object with “type”: “FeatureCollection”"),
                   name);
      return NULL;
    }

  top = json_node_get_object (root);
  type = get_string (top, "type");
  collection = g_strcmp0 (type, "FeatureCollection") == 0;
  if (collection)
    {
      if (get_array (top, "features") == NULL)
        {
          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_MISSING_FIELD,
                       _("%s:1:1: The FeatureCollection has no “features” array"), name);
          return NULL;
        }
    }
  else if (g_strcmp0 (type, "Feature") != 0)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                   _("%s:1:1: Not GeoJSON: expected an object with “type”: “FeatureCollection”"),
                   name);
      return NULL;
    }

  if (get_string (top, "title") != NULL)
    cm_document_set_title (document, get_string (top, "title"));
  else if (get_string (top, "name") != NULL)
    cm_document_set_title (document, get_string (top, "name"));
  if (get_string (top, "description") != NULL)
    cm_document_set_description (document, get_string (top, "description"));

  /* Second pass: the features, one at a time. */
  cm_event_store_begin_bulk (store, 0);
  if (collection)
    {
      rest = _cm_json_read (data, length, name, "features", feature_cb, &loader, progress,
                            progress_data, 0.5, cancellable, error);
      if (rest == NULL)
        {
          cm_event_store_end_bulk (store);
          return NULL;
        }
    }
  else
    {
      itinerary_cb (root, 0, 1, 1, &loader, NULL);
      feature_cb (root, 0, 1, 1, &loader, NULL);
    }
  cm_event_store_end_bulk (store);

  /* Chronomap keeps whole seconds: say once what was rounded (the
   * milliseconds are kept as extras, and written back). */
  if (loader.n_fractions > 0)
    cm_import_report_warn (report,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%u time had a fraction of a second, rounded down",
                                        "%u times had fractions of a second, rounded down",
                                        loader.n_fractions),
                           loader.n_fractions);

  if (!_cm_format_check_usable (name, cm_event_store_get_n_events (store), report,
                                loader.first_skip_line, loader.first_skip_column, error))
    return NULL;

  cm_event_store_take_events (cm_document_get_store (document), store);
  cm_document_set_dirty (document, FALSE);

  if (progress != NULL)
    progress (1.0, progress_data);

  return g_steal_pointer (&document);
}

/* ---- writing ----------------------------------------------------------- */

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *out;
  JsonGenerator *generator;
  guint          n_written;
} Writer;

static gboolean
writer_flush (Writer   *writer,
              gboolean  force,
              GError  **error)
{
  return cm_output_flush (writer->stream, writer->out, force ? 0 : WRITE_CHUNK,
                          writer->cancellable, error);
}

/* Appends one feature (json-glib writes it) to the collection. */
static void
writer_add_feature (Writer   *writer,
                    JsonNode *feature)
{
  g_autofree char *text = NULL;

  json_generator_set_root (writer->generator, feature);
  text = json_generator_to_data (writer->generator, NULL);
  g_string_append (writer->out, writer->n_written++ ? ",\n" : "\n");
  g_string_append (writer->out, text);
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

static gboolean
geojson_save (CmDocument     *document,
              GOutputStream  *stream,
              GCancellable   *cancellable,
              GError        **error)
{
  CmEventStore *store;
  Writer writer = { 0 };
  gboolean ok = TRUE;
  guint n;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  store = cm_document_get_store (document);
  writer.stream = stream;
  writer.cancellable = cancellable;
  writer.out = g_string_sized_new (WRITE_CHUNK + 4096);
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
    g_string_append_len (writer.out, text, (gssize) strlen (text) - 1);
    g_string_append (writer.out, ",\"features\":[");
  }

  n = cm_event_store_get_n_events (store);
  for (guint i = 0; i < n && ok; i++)
    {
      g_autoptr(JsonNode) feature = build_event (document, store, i);

      writer_add_feature (&writer, feature);
      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        ok = writer_flush (&writer, FALSE, error);
    }

  for (guint g = 0; g < cm_document_get_n_groups (document) && ok; g++)
    {
      g_autoptr(JsonNode) route = NULL;

      if (cm_document_get_group (document, g)->kind != CM_GROUP_ITINERARY)
        continue;
      route = build_route (document, store, g);
      writer_add_feature (&writer, route);
      ok = writer_flush (&writer, FALSE, error);
    }

  if (ok)
    {
      g_string_append (writer.out, "\n]}\n");
      ok = writer_flush (&writer, TRUE, error);
    }

  g_object_unref (writer.generator);
  g_string_free (writer.out, TRUE);

  return ok;
}

const CmFormat cm_format_geojson = {
  .id = "geojson",
  .name = N_("GeoJSON"),
  .extensions = geojson_extensions,
  .mime_types = geojson_mime_types,
  .sniff = geojson_sniff,
  .load = geojson_load,
  .save = geojson_save,
};
