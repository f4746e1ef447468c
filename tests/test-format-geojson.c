/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "format-tests.h"

static const CmFormat *
geojson (void)
{
  return cm_format_by_id ("geojson");
}

static void
test_registered (void)
{
  const char *collection = "{\"type\": \"FeatureCollection\", \"features\": []}";
  const char *other = "{\"events\": []}";

  g_assert_nonnull (geojson ());
  g_assert_true (cm_format_by_extension ("places.geojson") == geojson ());
  /* .json is GeoJSON only when the content says so. */
  g_assert_true (cm_format_detect (collection, strlen (collection), "places.json") == geojson ());
  g_assert_true (cm_format_detect (other, strlen (other), "places.json") != geojson ());
  g_assert_cmpstr (geojson ()->mime_types[0], ==, "application/geo+json");
}

static void
test_linked_places (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("geojson-linked-places.geojson", report);
  CmEventData data;

  g_assert_cmpstr (cm_document_get_title (doc), ==, "Linked Places sample");
  g_assert_cmpuint (report->n_imported, ==, 3);
  g_assert_cmpuint (report->n_skipped, ==, 1);
  g_assert_true (report_mentions (report, "feature 4"));

  /* "when": {"timespans": [{"start": {"in"}, "end": {"in"}}]} */
  g_assert_true (find_event (doc, "G8 summit", &data));
  g_assert_cmpstr (data.id, ==, "http://example.org/places/deauville");
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 0, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 27, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
  g_assert_cmpstr (data.description, ==, "Leaders meet in Normandy");
  g_assert_cmpstr (data.place, ==, "Deauville");
  g_assert_cmpfloat (data.lat, ==, 49.36);
  g_assert_cmpfloat (data.lon, ==, 0.075);

  /* earliest ≠ latest: approximate, from the earliest. */
  g_assert_true (find_event (doc, "Moneygall visit", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 23, 12, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, 60);
  g_assert_true (data.flags & CM_EVENT_START_APPROXIMATE);
  g_assert_cmpstr (cm_document_get_category (doc, data.category)->name, ==, "Tour stage");

  /* "when" in the properties; a polygon stands for its middle. */
  g_assert_true (find_event (doc, "Early modern Paris", &data));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_YEAR);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (1640, 1, 1, 0, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (1715, 1, 1, 0, 0, 0));
  g_assert_cmpfloat_with_epsilon (data.lat, 48.85, 1e-9);
  g_assert_cmpfloat_with_epsilon (data.lon, 2.35, 1e-9);
  g_assert_true (data.flags & CM_EVENT_COORDINATES_APPROXIMATE);
}

static void
test_plain_properties (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("geojson-plain.geojson", report);
  const CmCategory *category;
  const CmGroup *group;
  CmEventData data;

  g_assert_cmpuint (report->n_imported, ==, 4);
  g_assert_cmpuint (report->n_skipped, ==, 1);
  g_assert_true (report_mentions (report, "feature 5: “2011-13-45” is not a valid date"));

  g_assert_true (find_event (doc, "Landing in Dublin", &data));
  g_assert_cmpstr (data.id, ==, "7");
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 23, 8, 30, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 23, 9, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, 60);
  category = cm_document_get_category (doc, data.category);
  g_assert_cmpstr (category->name, ==, "Tour stage");
  g_assert_cmpfloat_with_epsilon (category->red, 0xe0 / 255.0, 1e-9);
  group = cm_document_get_group (doc, data.group);
  g_assert_cmpstr (group->name, ==, "Tour");
  g_assert_cmpint (group->kind, ==, CM_GROUP_LANE);

  /* "date" without offset, with utc_offset: the local day. */
  g_assert_true (find_event (doc, "Warsaw", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 28, 0, 0, 0) - 120 * 60);
  g_assert_cmpint (data.utc_offset, ==, 120);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);

  /* "begin" in GDAL's form. */
  g_assert_true (find_event (doc, "London", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 24, 12, 0, 0));

  /* "time" in words, no geometry. */
  g_assert_true (find_event (doc, "Somewhere", &data));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MONTH);
  g_assert_true (isnan (data.lat));
}

static void
test_linestring (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("geojson-linestring.geojson", report);
  const CmGroup *group;
  CmEventData data;

  g_assert_cmpuint (report->n_skipped, ==, 0);
  g_assert_cmpuint (report->n_imported, ==, 2 + 3);

  /* "kind": "itinerary": the stops' group is an itinerary. */
  g_assert_true (find_event (doc, "Dublin", &data));
  group = cm_document_get_group (doc, data.group);
  g_assert_cmpstr (group->name, ==, "Tour");
  g_assert_cmpint (group->kind, ==, CM_GROUP_ITINERARY);

  /* coordTimes: one timed stop per vertex, in a group of its own. */
  g_assert_cmpuint (count_events (doc, "Morning run"), ==, 3);
  g_assert_true (find_event (doc, "Morning run", &data));
  group = cm_document_get_group (doc, data.group);
  g_assert_cmpstr (group->name, ==, "Morning run");
  g_assert_cmpint (group->kind, ==, CM_GROUP_ITINERARY);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 25, 6, 0, 0));
  g_assert_cmpfloat (data.lat, ==, 48.85);
}

/* One precedence for dates: a full time wins over a date alone, whatever
 * the case of the property names; a date and a time of day are combined. */
static void
test_date_precedence (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("geojson-ogr-dates.geojson", report);
  CmEventData data;

  g_assert_cmpuint (report->n_imported, ==, 6);
  g_assert_cmpuint (report->n_skipped, ==, 1);
  g_assert_true (report_mentions (report, "feature 7: “08:00:00” is not a valid date"));

  /* "Date" as GDAL writes it, "when" with the time of day. */
  g_assert_true (find_event (doc, "Press conference", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 11, 45, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_SECOND);
  g_assert_cmpint (data.utc_offset, ==, 120);
  g_assert_cmpstr (data.place, ==, "Deauville");

  /* "Date" + "Time", local at "utc_offset". */
  g_assert_true (find_event (doc, "Working dinner", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 18, 30, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_SECOND);
  g_assert_cmpint (data.utc_offset, ==, 120);

  g_assert_true (find_event (doc, "Outreach session", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 27, 7, 15, 0));
  g_assert_cmpint (data.utc_offset, ==, 120);

  /* Upper-case names; an end time of day on the start's date. */
  g_assert_true (find_event (doc, "State banquet", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 24, 17, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MINUTE);
  g_assert_cmpint (data.utc_offset, ==, 60);
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 24, 18, 30, 0));
  g_assert_cmpint (data.end_precision, ==, CM_PRECISION_MINUTE);

  /* The more precise wins over "start" too. */
  g_assert_true (find_event (doc, "Embassy visit", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 25, 10, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_SECOND);
  g_assert_cmpint (data.utc_offset, ==, 0);

  g_assert_true (find_event (doc, "Warsaw arrival", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 27, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
  g_assert_cmpint (data.utc_offset, ==, CM_UTC_OFFSET_NONE);
}

static gboolean
find_event_by_id (CmDocument  *document,
                  const char  *id,
                  CmEventData *data)
{
  CmEventStore *store = cm_document_get_store (document);

  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    {
      cm_event_store_get_data (store, i, data);
      if (g_strcmp0 (data->id, id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Linked Places: "when" on the members of a GeometryCollection, and the
 * place of a feature whose geometry is one. */
static void
test_geometry_collection (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("geojson-collection.geojson", report);
  CmEventData data;

  g_assert_cmpuint (report->n_imported, ==, 6);
  g_assert_cmpuint (report->n_skipped, ==, 1);
  g_assert_true (report_mentions (report, "feature 5: “No valid member time” has no valid time"));

  /* Each member with its own time and place, the feature's properties. */
  g_assert_cmpuint (count_events (doc, "G8 venue"), ==, 2);
  g_assert_true (find_event_by_id (doc, "http://example.org/places/g8-venue#1", &data));
  g_assert_cmpstr (data.title, ==, "G8 venue");
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2003, 6, 1, 0, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2003, 6, 3, 0, 0, 0));
  g_assert_cmpfloat (data.lat, ==, 48.8566);
  g_assert_cmpfloat (data.lon, ==, 2.3522);
  g_assert_false (data.flags & CM_EVENT_COORDINATES_APPROXIMATE);
  g_assert_cmpstr (cm_document_get_category (doc, data.category)->name, ==, "Summit");
  g_assert_true (find_event_by_id (doc, "http://example.org/places/g8-venue#2", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 0, 0, 0));
  g_assert_cmpfloat (data.lat, ==, 49.36);
  g_assert_cmpfloat (data.lon, ==, 0.075);

  /* "when" on the feature: its first Point. */
  g_assert_true (find_event (doc, "Normandy coast", &data));
  g_assert_cmpstr (data.id, ==, "http://example.org/places/normandy-coast");
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MONTH);
  g_assert_cmpfloat (data.lat, ==, 49.1829);
  g_assert_cmpfloat (data.lon, ==, -0.3707);
  g_assert_false (data.flags & CM_EVENT_COORDINATES_APPROXIMATE);

  /* No Point: the middle of the members' bounds, approximately. */
  g_assert_true (find_event (doc, "Channel crossing", &data));
  g_assert_cmpfloat_with_epsilon (data.lat, (49.0 + 51.5072) / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (data.lon, (-0.1276 + 2.0) / 2, 1e-9);
  g_assert_true (data.flags & CM_EVENT_COORDINATES_APPROXIMATE);

  /* A member with a time of its own, and the feature's time for the other. */
  g_assert_cmpuint (count_events (doc, "Tour office"), ==, 2);
  g_assert_true (find_event_by_id (doc, "http://example.org/places/tour-office#1", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 23, 0, 0, 0));
  g_assert_cmpfloat (data.lat, ==, 53.3498);
  g_assert_true (find_event_by_id (doc, "http://example.org/places/tour-office#2", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 1, 0, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 31, 0, 0, 0));
  g_assert_cmpfloat (data.lat, ==, 38.8977);
  g_assert_cmpfloat (data.lon, ==, -77.0365);
}

static guint
count_mentions (GPtrArray  *messages,
                const char *text)
{
  guint n = 0;

  for (guint i = 0; i < messages->len; i++)
    if (strstr (g_ptr_array_index (messages, i), text) != NULL)
      n++;

  return n;
}

/* The model keeps whole seconds: fractions are rounded down, told once
 * per file, their milliseconds kept and written back. */
static void
test_fractions (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmImportReport) again_report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("geojson-fractions.geojson", report);
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *millisecond = NULL;
  CmEventData data;

  g_assert_cmpuint (report->n_imported, ==, 5);
  g_assert_cmpuint (report->n_skipped, ==, 0);
  /* .250, ,5, .0004 and .120; not .000 */
  g_assert_cmpuint (count_mentions (report->warnings, "fraction"), ==, 1);
  g_assert_cmpuint (count_mentions (report->warnings,
                                    "4 times had fractions of a second, rounded down"), ==, 1);

  g_assert_true (find_event (doc, "Handshake", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 13, 45, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 26, 14, 0, 0));
  millisecond = cm_properties_get (data.extras, "start_millisecond");
  g_assert_cmpstr (millisecond, ==, "250");
  g_clear_pointer (&millisecond, g_free);
  millisecond = cm_properties_get (data.extras, "end_millisecond");
  g_assert_cmpstr (millisecond, ==, "500");
  g_clear_pointer (&millisecond, g_free);

  g_assert_true (find_event (doc, "Family photo", &data));
  g_assert_null (data.extras);
  g_assert_true (find_event (doc, "Microseconds", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 17, 0, 0));
  g_assert_null (data.extras);
  g_assert_true (find_event (doc, "Walk", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 18, 0, 0));
  millisecond = cm_properties_get (data.extras, "start_millisecond");
  g_assert_cmpstr (millisecond, ==, "120");

  /* Written back in the times, not as extras; read again the same. */
  text = save_to_text (doc, geojson ());
  g_assert_nonnull (strstr (text, "\"2011-05-26T13:45:00.250Z\""));
  g_assert_nonnull (strstr (text, "\"2011-05-26T14:00:00.500Z\""));
  g_assert_null (strstr (text, "start_millisecond"));
  again = load_text (geojson (), text, -1, again_report, &error);
  g_assert_no_error (error);
  assert_same_events (doc, again, COMPARE_ALL);
  assert_round_trip (doc, geojson (), COMPARE_ALL);
}

/* Every field the writer writes comes back, compared one by one; the
 * dataset plus what it lacks: offset 0 and no offset, with and without a
 * time of day, an itinerary of one stop. */
static void
test_round_trip_fields (void)
{
  g_autoptr(CmDocument) doc = load_default_dataset ();
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  const struct {
    const char *id;
    CmPrecision precision;
    int         offset;
    gboolean    has_end;
  } added[] = {
    { "utc-minute", CM_PRECISION_MINUTE, 0, FALSE },
    { "utc-day", CM_PRECISION_DAY, 0, TRUE },
    { "none-minute", CM_PRECISION_MINUTE, CM_UTC_OFFSET_NONE, TRUE },
    { "none-day", CM_PRECISION_DAY, CM_UTC_OFFSET_NONE, FALSE },
    { "none-second", CM_PRECISION_SECOND, CM_UTC_OFFSET_NONE, FALSE },
  };
  guint solo;

  for (guint i = 0; i < G_N_ELEMENTS (added); i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.id = added[i].id;
      data.title = added[i].id;
      data.start = cm_time_from_civil (2011, 5, 29, 9, 30, 0) + i * 3600;
      data.precision = added[i].precision;
      data.utc_offset = added[i].offset;
      if (added[i].has_end)
        {
          data.end = data.start + 86400;
          data.end_precision = CM_PRECISION_DAY;
          data.flags = CM_EVENT_END_APPROXIMATE;
        }
      cm_event_store_insert (store, &data);
    }

  {
    CmEventData data;

    solo = cm_document_add_group (doc, "solo", "Solo walk", CM_GROUP_ITINERARY);
    cm_event_data_init (&data);
    data.id = "solo-stop";
    data.title = "Solo stop";
    data.start = cm_time_from_civil (2011, 5, 30, 0, 0, 0);
    data.precision = CM_PRECISION_DAY;
    data.lat = 50.0;
    data.lon = 20.0;
    data.group = solo;
    data.flags = CM_EVENT_START_APPROXIMATE | CM_EVENT_COORDINATES_APPROXIMATE;
    cm_event_store_insert (store, &data);
  }

  text = save_to_text (doc, geojson ());
  again = load_text (geojson (), text, -1, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpuint (report->n_skipped, ==, 0);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (again)), ==,
                    cm_event_store_get_n_events (store));

  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    {
      CmEventData da, db;

      cm_event_store_get_data (store, i, &da);
      g_test_message ("event %s", da.id);
      g_assert_true (find_event_by_id (again, da.id, &db));
      g_assert_cmpstr (da.title, ==, db.title);
      g_assert_cmpstr (da.description, ==, db.description);
      g_assert_cmpstr (da.place, ==, db.place);
      g_assert_cmpint (isnan (da.lat), ==, isnan (db.lat));
      if (!isnan (da.lat))
        {
          g_assert_cmpfloat (da.lat, ==, db.lat);
          g_assert_cmpfloat (da.lon, ==, db.lon);
        }
      g_assert_cmpint (da.flags, ==, db.flags);
      g_assert_cmpint (da.start, ==, db.start);
      g_assert_cmpint (da.precision, ==, db.precision);
      g_assert_cmpint (da.end, ==, db.end);
      if (da.end != CM_TIME_INVALID)
        g_assert_cmpint (da.end_precision, ==, db.end_precision);
      /* 0 is not "none". */
      g_assert_cmpint (da.utc_offset, ==, db.utc_offset);

      g_assert_cmpint (da.category == CM_NONE, ==, db.category == CM_NONE);
      if (da.category != CM_NONE)
        {
          const CmCategory *ca = cm_document_get_category (doc, da.category);
          const CmCategory *cb = cm_document_get_category (again, db.category);
          g_autofree char *color_a = cm_color_to_string (ca->red, ca->green, ca->blue);
          g_autofree char *color_b = cm_color_to_string (cb->red, cb->green, cb->blue);

          g_assert_cmpstr (ca->name, ==, cb->name);
          g_assert_cmpstr (color_a, ==, color_b);
        }

      g_assert_cmpint (da.group == CM_NONE, ==, db.group == CM_NONE);
      if (da.group != CM_NONE)
        {
          const CmGroup *ga = cm_document_get_group (doc, da.group);
          const CmGroup *gb = cm_document_get_group (again, db.group);

          g_assert_cmpstr (ga->name, ==, gb->name);
          g_assert_cmpint (ga->kind, ==, gb->kind);
        }
    }

  g_assert_cmpstr (cm_document_get_title (again), ==, cm_document_get_title (doc));
  g_assert_cmpstr (cm_document_get_description (again), ==, cm_document_get_description (doc));
}

static void
assert_load_error (const char *text,
                   int         code,
                   const char *where)
{
  assert_format_load_error (geojson (), text, -1, code, where);
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = load_test_file ("geojson-malformed.geojson", geojson (), NULL, &error);
  g_autoptr(GString) deep = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": ");

  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "geojson-malformed.geojson:2:22: Invalid JSON"));

  assert_load_error ("", CM_FORMAT_ERROR_SYNTAX, "test:1:1: The file is empty");
  assert_load_error ("[1, 2]", CM_FORMAT_ERROR_UNSUPPORTED, "test:1:1: ");
  assert_load_error ("{\"type\": \"FeatureCollection\"}", CM_FORMAT_ERROR_MISSING_FIELD, "test:1:1: ");
  assert_load_error ("{\"type\": \"Topology\"}", CM_FORMAT_ERROR_UNSUPPORTED, "test:1:1: ");
  assert_load_error ("{\"type\":\n \"Feature\", \"x\": \"\xc3\x28\"}", CM_FORMAT_ERROR_SYNTAX, "test:2:19: ");

  /* Deep nesting is refused before json-glib recurses into it. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  assert_load_error (deep->str, CM_FORMAT_ERROR_LIMIT, "test:1:");

  /* Comments must not hide brackets from the limit. */
  g_string_assign (deep, "{\"type\": \"FeatureCollection\", /* ] \" */ \"features\": // ]]\n");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_load_error (deep->str, CM_FORMAT_ERROR_LIMIT, "test:2:");

  /* Escapes that do not decode to UTF-8 text. */
  assert_load_error ("{\"type\": \"Feature\", \"properties\": {\"title\": \"\\355\"}}",
                     CM_FORMAT_ERROR_SYNTAX, "test:1:");
  assert_load_error ("{\"type\": \"Feature\", \"properties\": {\"title\": \"\\u0000x\"}}",
                     CM_FORMAT_ERROR_SYNTAX, "test:1:");
}

static void
test_odd_features (void)
{
  const char *text =
    "{\"type\": \"FeatureCollection\", \"features\": [1, \"x\", null, {\"type\": \"Point\"},"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [500, 1]},"
    "  \"properties\": {\"title\": 12, \"start\": \"2011\"}},"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": \"no\"},"
    "  \"properties\": {\"name\": \"A\", \"start\": 2011, \"date\": \"2011-05\"}},"
    " {\"type\": \"Feature\", \"properties\": null, \"when\": {\"timespans\": [{}, {\"start\": {\"in\": \"x\"}}]}},"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[0, 0], [1, 1]]},"
    "  \"properties\": {\"coordTimes\": [\"2011\", 5, \"bad\"]}}]}";
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = load_text (geojson (), text, -1, report, &error);
  CmEventData data;

  g_assert_no_error (error);
  /* Not features (4), a "when" without a valid time, two route points. */
  g_assert_cmpuint (report->n_skipped, ==, 4 + 1 + 1);
  g_assert_cmpuint (report->n_imported, ==, 3);

  /* Coordinates out of range are dropped, the event kept. */
  {
    CmEventStore *store = cm_document_get_store (doc);
    guint without = 0;

    for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
      {
        cm_event_store_get_data (store, i, &data);
        if (g_str_equal (data.title, "") && isnan (data.lat))
          without++;
      }
    g_assert_cmpuint (without, ==, 1);
  }
  g_assert_true (find_event (doc, "A", &data));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MONTH);
}

static void
test_round_trip_fixtures (void)
{
  const char *names[] = {
    "geojson-linked-places.geojson", "geojson-plain.geojson", "geojson-linestring.geojson",
    "geojson-ogr-dates.geojson", "geojson-collection.geojson", "geojson-fractions.geojson",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(CmImportReport) report = cm_import_report_new ();
      g_autoptr(CmDocument) doc = load_ok (names[i], report);

      assert_round_trip (doc, geojson (), COMPARE_ALL);
    }
}

static void
test_round_trip_dataset (void)
{
  g_autoptr(CmDocument) doc = load_default_dataset ();

  assert_round_trip (doc, geojson (), COMPARE_ALL);
}

static void
test_written_form (void)
{
  g_autoptr(CmDocument) doc = load_default_dataset ();
  g_autofree char *text = save_to_text (doc, geojson ());
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *top, *first, *properties, *when;
  JsonArray *features;
  guint n_lines = 0;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  top = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (top, "type"), ==, "FeatureCollection");
  features = json_object_get_array_member (top, "features");
  first = json_array_get_object_element (features, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "Feature");
  properties = json_object_get_object_member (first, "properties");
  g_assert_true (json_object_has_member (properties, "title"));
  g_assert_true (json_object_has_member (properties, "start"));
  g_assert_true (json_object_has_member (properties, "precision"));
  when = json_object_get_object_member (first, "when");
  g_assert_nonnull (json_object_get_array_member (when, "timespans"));

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *geometry = json_object_get_member (feature, "geometry") != NULL
                           && !json_object_get_null_member (feature, "geometry")
                           ? json_object_get_object_member (feature, "geometry") : NULL;

      if (geometry != NULL && g_strcmp0 (json_object_get_string_member (geometry, "type"), "LineString") == 0)
        n_lines++;
    }
  /* One route per itinerary group. */
  g_assert_cmpuint (n_lines, ==, 1);
  g_assert_cmpuint (json_array_get_length (features), ==,
                    cm_event_store_get_n_events (cm_document_get_store (doc)) + 1);
}

static void
test_ogr2ogr_writes (void)
{
  g_autofree char *csv = test_data_path ("geojson-ogr-input.csv");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = NULL;
  int status = -1;
  CmEventData data;

  dir = cm_test_make_temp_dir ("cm-geojson-XXXXXX");
  path = g_build_filename (dir, "ogr.geojson", NULL);
  {
    const char *argv[] = { "ogr2ogr", "-f", "GeoJSON", path, csv,
                           "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat",
                           "-oo", "KEEP_GEOM_COLUMNS=NO", NULL };

    if (!cm_test_run_tool (argv, NULL, &status))
      return;
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  doc = load_path (path, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_imported, ==, 4);
  g_assert_cmpuint (report->n_skipped, ==, 0);

  g_assert_true (find_event (doc, "Talks, in Deauville", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 11, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 26, 12, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, 120);
  g_assert_cmpfloat (data.lat, ==, 49.36);
  g_assert_cmpfloat (data.lon, ==, 0.075);
  g_assert_cmpstr (data.place, ==, "Deauville");
  g_assert_cmpstr (cm_document_get_category (doc, data.category)->name, ==, "Bilateral meeting");
  g_assert_true (find_event (doc, "Moneygall", &data));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
  g_assert_cmpint (data.end, ==, CM_TIME_INVALID);

  remove_temp (path);
}

static void
test_ogrinfo_reads (void)
{
  g_autoptr(CmDocument) doc = load_default_dataset ();
  g_autofree char *path = save_to_temp (doc, geojson (), "chronomap.geojson");
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  int status = -1;
  const char *argv[] = { "ogrinfo", "-al", "-so", path, NULL };

  if (!cm_test_run_tool (argv, &out, &status))
    {
      remove_temp (path);
      return;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* Every event a Point, plus the route of the one itinerary. */
  expected = g_strdup_printf ("Feature Count: %u\n",
                              cm_event_store_get_n_events (cm_document_get_store (doc)) + 1);
  g_assert_nonnull (strstr (out, expected));
  g_assert_nonnull (strstr (out, "title: String"));
  g_assert_nonnull (strstr (out, "start: String"));
  g_assert_nonnull (strstr (out, "utc_offset: Integer"));

  remove_temp (path);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  cm_core_init ();

  g_test_add_func ("/io/geojson/registered", test_registered);
  g_test_add_func ("/io/geojson/linked-places", test_linked_places);
  g_test_add_func ("/io/geojson/plain-properties", test_plain_properties);
  g_test_add_func ("/io/geojson/linestring", test_linestring);
  g_test_add_func ("/io/geojson/date-precedence", test_date_precedence);
  g_test_add_func ("/io/geojson/geometry-collection", test_geometry_collection);
  g_test_add_func ("/io/geojson/fractions", test_fractions);
  g_test_add_func ("/io/geojson/malformed", test_malformed);
  g_test_add_func ("/io/geojson/odd-features", test_odd_features);
  g_test_add_func ("/io/geojson/written-form", test_written_form);
  g_test_add_func ("/io/geojson/round-trip/fixtures", test_round_trip_fixtures);
  g_test_add_func ("/io/geojson/round-trip/dataset", test_round_trip_dataset);
  g_test_add_func ("/io/geojson/round-trip/fields", test_round_trip_fields);
  g_test_add_func ("/io/geojson/third-party/ogr2ogr-writes", test_ogr2ogr_writes);
  g_test_add_func ("/io/geojson/third-party/ogrinfo-reads", test_ogrinfo_reads);

  return g_test_run ();
}
