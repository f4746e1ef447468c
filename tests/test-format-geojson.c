/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "format-tests.h"

static const CmFormat *
geojson (void)
{
  return cm_format_by_id ("geojson");
}

static CmDocument *
load_ok (const char     *name,
         CmImportReport *report)
{
  g_autoptr(GError) error = NULL;
  CmDocument *document = load_test_file (name, NULL, report, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);

  return document;
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

static void
assert_load_error (const char *text,
                   int         code,
                   const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = load_text (geojson (), text, -1, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, code);
  if (!g_str_has_prefix (error->message, where))
    g_error ("“%s” does not start with “%s”", error->message, where);
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

  dir = g_dir_make_tmp ("cm-geojson-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "ogr.geojson", NULL);
  {
    const char *argv[] = { "ogr2ogr", "-f", "GeoJSON", path, csv,
                           "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat",
                           "-oo", "KEEP_GEOM_COLUMNS=NO", NULL };

    if (!run_tool (argv, NULL, &status))
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

  if (!run_tool (argv, &out, &status))
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
  g_test_add_func ("/io/geojson/malformed", test_malformed);
  g_test_add_func ("/io/geojson/odd-features", test_odd_features);
  g_test_add_func ("/io/geojson/written-form", test_written_form);
  g_test_add_func ("/io/geojson/round-trip/fixtures", test_round_trip_fixtures);
  g_test_add_func ("/io/geojson/round-trip/dataset", test_round_trip_dataset);
  g_test_add_func ("/io/geojson/third-party/ogr2ogr-writes", test_ogr2ogr_writes);
  g_test_add_func ("/io/geojson/third-party/ogrinfo-reads", test_ogrinfo_reads);

  return g_test_run ();
}
