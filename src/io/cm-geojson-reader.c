/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-geojson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cm-format-util.h"
#include "cm-geojson-private.h"
#include "cm-json-reader.h"

/* Reading GeoJSON: features streamed by cm-json-reader.h, each read as
 * one event or, for timed routes and itineraries, several. */

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
          const char *text = _cm_geojson_get_string (properties, l->data);

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

      if (_cm_geojson_parse_time_of_day (texts[k], &candidate))
        {
          if (!has_time_of_day)
            time_of_day = candidate;
          has_time_of_day = TRUE;
        }
      else if (_cm_geojson_parse_time (texts[k], &candidate))
        {
          if (!has_date || candidate.precision > date.precision)
            date = candidate;
          has_date = TRUE;
        }
      else if (*invalid == NULL)
        *invalid = texts[k];
    }

  if (has_date && has_time_of_day && date.precision == CM_PRECISION_DAY)
    _cm_geojson_combine_date_time (&date, &time_of_day, stamp);
  else if (has_date)
    *stamp = date;
  else if (has_time_of_day && day != NULL)
    _cm_geojson_combine_date_time (day, &time_of_day, stamp);
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
          || !_cm_geojson_parse_time (json_node_get_string (time_node), &stamp)
          || !_cm_geojson_read_position (json_array_get_element (coordinates, i), &common->fields.lat, &common->fields.lon))
        {
          skipped++;
          continue;
        }

      if (feature_id != NULL)
        id = g_strdup_printf ("%s#%u", feature_id, i + 1);
      _cm_geojson_add_event (loader, common, id, &stamp, NULL, CM_EVENT_FLAGS_NONE);
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

/* The object @node (nullable) holds, or NULL. */
static JsonObject *
node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Element @index of @array when it is an object. */
static JsonObject *
get_member (JsonArray *array,
            guint      index)
{
  return node_object (json_array_get_element (array, index));
}

static void
extend_geometry_bounds (JsonObject *geometry,
                        double      bounds[4],
                        guint       depth)
{
  JsonArray *members = _cm_geojson_get_array (geometry, "geometries");

  if (depth > 4)
    return;

  if (members == NULL || g_strcmp0 (_cm_geojson_get_string (geometry, "type"), "GeometryCollection") != 0)
    {
      _cm_geojson_extend_bounds (json_object_get_member (geometry, "coordinates"), bounds, 0);
      return;
    }

  for (guint i = 0; i < json_array_get_length (members); i++)
    if (get_member (members, i) != NULL)
      extend_geometry_bounds (get_member (members, i), bounds, depth + 1);
}

/* Places @common in the middle of @bounds (south, west, north, east),
 * approximately, unless the bounds are empty. */
static void
locate_at_middle (Common       *common,
                  const double  bounds[4])
{
  if (bounds[0] <= bounds[2])
    {
      common->fields.lat = (bounds[0] + bounds[2]) / 2;
      common->fields.lon = (bounds[1] + bounds[3]) / 2;
      common->fields.flags |= CM_EVENT_COORDINATES_APPROXIMATE;
    }
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
  const char *type = _cm_geojson_get_string (geometry, "type");
  double bounds[4] = { 90, 180, -90, -180 };

  if (geometry == NULL || depth > 4)
    return;

  if (g_strcmp0 (type, "Point") == 0)
    {
      _cm_geojson_read_position (json_object_get_member (geometry, "coordinates"), &common->fields.lat, &common->fields.lon);
      return;
    }

  if (g_strcmp0 (type, "MultiPoint") == 0)
    {
      JsonArray *points = _cm_geojson_get_array (geometry, "coordinates");

      if (points != NULL && json_array_get_length (points) > 0)
        _cm_geojson_read_position (json_array_get_element (points, 0), &common->fields.lat, &common->fields.lon);
      return;
    }

  if (g_strcmp0 (type, "GeometryCollection") == 0)
    {
      locate_members (_cm_geojson_get_array (geometry, "geometries"), FALSE, common, depth + 1);
      return;
    }

  /* Polygons and the like: the middle of their bounds, approximately. */
  extend_geometry_bounds (geometry, bounds, depth);
  locate_at_middle (common, bounds);
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

      if (member == NULL || (untimed_only && _cm_geojson_get_object (member, "when") != NULL))
        continue;
      if (g_strcmp0 (_cm_geojson_get_string (member, "type"), "Point") == 0
          && _cm_geojson_read_position (json_object_get_member (member, "coordinates"),
                            &common->fields.lat, &common->fields.lon))
        return;
    }

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = get_member (members, i);

      if (member != NULL && !(untimed_only && _cm_geojson_get_object (member, "when") != NULL))
        extend_geometry_bounds (member, bounds, depth + 1);
    }
  locate_at_middle (common, bounds);
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
      JsonObject *start_object = _cm_geojson_get_object (span, "start");
      JsonObject *end_object = _cm_geojson_get_object (span, "end");
      g_autofree char *span_id = NULL;
      gboolean start_approximate, end_approximate = FALSE;
      Stamp start, end;
      gboolean has_end;

      /* Numbered by position, so that an id names the same timespan. */
      if (numbered)
        span_id = g_strdup_printf ("%s#%u", id, ++*serial);
      if (start_object == NULL
          || !_cm_geojson_parse_lpf_time (start_object, FALSE, &start, &start_approximate))
        continue;
      has_end = end_object != NULL && _cm_geojson_parse_lpf_time (end_object, TRUE, &end, &end_approximate);

      _cm_geojson_add_event (loader, common, numbered ? span_id : id, &start, has_end ? &end : NULL,
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
  JsonObject *properties = _cm_geojson_get_object (feature, "properties");
  JsonObject *geometry = _cm_geojson_get_object (feature, "geometry");
  JsonObject *when = _cm_geojson_get_object (feature, "when");
  const char *geometry_type = _cm_geojson_get_string (geometry, "type");
  const char *category_name, *color, *kind;
  g_autofree char *id = NULL;
  g_autofree char *extras = NULL;
  Common common = { 0 };
  double number;
  JsonArray *timespans, *members = NULL;
  guint n_timed = 0, n_untimed = 0, n_spans = 0, added = 0, serial = 0;
  gboolean is_route, use_feature_time, numbered;

  common.fields.lat = common.fields.lon = NAN;
  common.fields.category = common.fields.group = CM_NONE;

  id = _cm_geojson_dup_scalar (feature, "id");
  if (id == NULL)
    id = _cm_geojson_dup_scalar (feature, "@id");
  if (id == NULL)
    id = _cm_geojson_dup_scalar (properties, "id");
  common.id = id;

  common.fields.title = _cm_geojson_get_first_string (properties, title_members);
  if (common.fields.title == NULL)
    common.fields.title = _cm_geojson_get_string (feature, "title");
  common.fields.description = _cm_geojson_get_first_string (properties, description_members);
  common.fields.place = _cm_geojson_get_first_string (properties, place_members);

  category_name = _cm_geojson_get_string (properties, "category");
  color = _cm_geojson_get_string (properties, "marker-color");
  common.fields.category = _cm_format_category_by_name (loader->document, loader->category_names,
                                                 category_name, color);

  if (_cm_geojson_get_boolean (properties, "approximate"))
    common.fields.flags |= CM_EVENT_START_APPROXIMATE;
  if (_cm_geojson_get_boolean (properties, "end_approximate"))
    common.fields.flags |= CM_EVENT_END_APPROXIMATE;
  if (_cm_geojson_get_boolean (properties, "coordinates_approximate"))
    common.fields.flags |= CM_EVENT_COORDINATES_APPROXIMATE;

  common.has_precision = _cm_geojson_get_precision (properties, "precision", &common.precision);
  common.has_end_precision = _cm_geojson_get_precision (properties, "end_precision", &common.end_precision);
  if (_cm_geojson_get_number (properties, "utc_offset", &number) && fabs (number) <= CM_UTC_OFFSET_MAX)
    {
      common.has_offset = TRUE;
      common.offset = (int) number;
    }

  /* Chronomap's own member, as the native format's: a whole number from 1
   * (anything else is no order). */
  if (_cm_geojson_get_number (properties, "stop_order", &number)
      && number >= 1 && number <= G_MAXINT32 && number == floor (number))
    common.fields.order = (guint) number;

  extras = _cm_geojson_collect_extras (properties);
  common.extras = extras;

  kind = _cm_geojson_get_string (properties, "kind");
  /* A route of fewer than two stops is written without a geometry. */
  is_route = g_strcmp0 (geometry_type, "LineString") == 0
          || (geometry == NULL && g_strcmp0 (kind, "itinerary") == 0);

  if (is_route)
    {
      const char *group_name = _cm_geojson_get_string (properties, "group");
      JsonArray *coordinates = _cm_geojson_get_array (geometry, "coordinates");
      JsonArray *times = _cm_geojson_get_array (properties, "coordTimes");

      if (times == NULL)
        times = _cm_geojson_get_array (properties, "times");
      if (group_name == NULL)
        group_name = common.fields.title;
      if (group_name == NULL)
        group_name = id;

      common.fields.group = _cm_format_group_by_name (loader->document, loader->group_names, group_name, CM_GROUP_ITINERARY);

      if (times != NULL && coordinates != NULL)
        read_timed_route (loader, &common, id, coordinates, times);
      else if (g_strcmp0 (kind, "itinerary") != 0)
        cm_import_report_skip (loader->report,
                               _("feature %u: a route without a time for each point: only its "
                                 "group was kept"), loader->feature);
      return;
    }

  common.fields.group = _cm_format_group_by_name (loader->document, loader->group_names,
                                 _cm_geojson_get_string (properties, "group"), CM_GROUP_LANE);

  /* Linked Places: "when" on the feature, or in its properties; and on
   * the members of a GeometryCollection. */
  if (when == NULL)
    when = _cm_geojson_get_object (properties, "when");
  timespans = _cm_geojson_get_array (when, "timespans");
  if (timespans != NULL && json_array_get_length (timespans) == 0)
    timespans = NULL;

  if (g_strcmp0 (geometry_type, "GeometryCollection") == 0)
    members = _cm_geojson_get_array (geometry, "geometries");
  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonArray *spans = _cm_geojson_get_array (_cm_geojson_get_object (get_member (members, i), "when"), "timespans");

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
      JsonArray *spans = _cm_geojson_get_array (_cm_geojson_get_object (member, "when"), "timespans");
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

          _cm_geojson_add_event (loader, &common, numbered ? plain_id : id, &start, has_end ? &end : NULL,
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
                                 loader->feature, common.fields.title ? common.fields.title : "");
          return;
        }
    }

  if (added == 0)
    cm_import_report_skip (loader->report, _("feature %u: “%s” has no valid time in “when”"),
                           loader->feature, common.fields.title ? common.fields.title : "");
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
  JsonObject *feature = node_object (node);
  JsonObject *properties = _cm_geojson_get_object (feature, "properties");
  JsonObject *geometry = _cm_geojson_get_object (feature, "geometry");

  if (g_strcmp0 (_cm_geojson_get_string (properties, "kind"), "itinerary") == 0
      && (geometry == NULL || g_strcmp0 (_cm_geojson_get_string (geometry, "type"), "LineString") == 0))
    _cm_format_group_by_name (loader->document, loader->group_names,
                              _cm_geojson_get_string (properties, "group"), CM_GROUP_ITINERARY);

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
  JsonObject *feature = node_object (node);

  guint skipped = loader->report->n_skipped;

  loader->feature = index + 1;
  loader->n_features++;
  if (feature == NULL || g_strcmp0 (_cm_geojson_get_string (feature, "type"), "Feature") != 0)
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

CmDocument *
_cm_geojson_load (const CmLoadRequest *request,
                  GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) rest = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmEventStore) store = NULL;
  g_autoptr(CmImportReport) own_report = NULL;
  CmImportReport *report = request->report;
  const char *name = request->name;
  Loader loader = { 0 };
  g_autoptr(GHashTable) category_names = _cm_format_names_new ();
  g_autoptr(GHashTable) group_names = _cm_format_names_new ();
  JsonObject *top;
  const char *type, *data;
  gboolean collection;
  gsize length;

  bytes = _cm_format_read_text (request, MAX_FILE_SIZE, &data, &length, error);
  if (bytes == NULL || !_cm_format_check_utf8 (data, length, name, error))
    return NULL;

  document = cm_document_new ();
  store = cm_event_store_new ();
  if (report == NULL)
    report = own_report = cm_import_report_new ();
  loader.name = name;
  loader.document = document;
  loader.store = store;
  loader.category_names = category_names;
  loader.group_names = group_names;
  loader.report = report;

  /* First pass: the collection around the features, and itineraries. */
  root = _cm_json_read (data, length, name, "features", itinerary_cb, &loader, NULL, NULL, 0.5,
                        request->cancellable, error);
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
  type = _cm_geojson_get_string (top, "type");
  collection = g_strcmp0 (type, "FeatureCollection") == 0;
  if (collection)
    {
      if (_cm_geojson_get_array (top, "features") == NULL)
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

  if (_cm_geojson_get_string (top, "title") != NULL)
    cm_document_set_title (document, _cm_geojson_get_string (top, "title"));
  else if (_cm_geojson_get_string (top, "name") != NULL)
    cm_document_set_title (document, _cm_geojson_get_string (top, "name"));
  if (_cm_geojson_get_string (top, "description") != NULL)
    cm_document_set_description (document, _cm_geojson_get_string (top, "description"));

  /* Second pass: the features, one at a time. */
  cm_event_store_begin_bulk (store, 0);
  if (collection)
    {
      rest = _cm_json_read (data, length, name, "features", feature_cb, &loader,
                            request->progress, request->progress_data, 0.5,
                            request->cancellable, error);
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

  _cm_format_finish_load (document, store, request);

  return g_steal_pointer (&document);
}
