/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "format-tests.h"

static const CmFormat *
kml (void)
{
  return cm_format_by_id ("kml");
}

static void
test_registered (void)
{
  const char *head = "<?xml version=\"1.0\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">";

  g_assert_nonnull (kml ());
  g_assert_true (cm_format_by_extension ("tour.kml") == kml ());
  g_assert_true (cm_format_detect (head, strlen (head), "tour.xml") == kml ());
  g_assert_cmpstr (kml ()->mime_types[0], ==, "application/vnd.google-earth.kml+xml");
}

static void
test_time_forms (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("kml-features.kml", report);
  CmEventData data;

  g_assert_cmpstr (cm_document_get_title (doc), ==, "KML features");
  g_assert_cmpstr (cm_document_get_description (doc), ==, "Hand-written test file");

  /* gYear, gYearMonth, date, dateTime. */
  g_assert_true (find_event (doc, "A year", &data));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_YEAR);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 1, 1, 0, 0, 0));
  g_assert_cmpstr (data.id, ==, "year");
  g_assert_cmpfloat (data.lat, ==, 48.85);
  g_assert_cmpfloat (data.lon, ==, 2.35);
  g_assert_true (find_event (doc, "A month", &data));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MONTH);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 1, 0, 0, 0));
  g_assert_true (find_event (doc, "G8 summit", &data));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
  g_assert_cmpstr (data.description, ==, "Leaders meet");
  g_assert_true (find_event (doc, "Talks", &data));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MINUTE);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 11, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, 120);
  g_assert_true (find_event (doc, "Arrest", &data));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_SECOND);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 5, 30, 15));

  /* TimeSpan */
  g_assert_true (find_event (doc, "Tour", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 23, 0, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 28, 0, 0, 0));
  g_assert_cmpint (data.end_precision, ==, CM_PRECISION_DAY);

  /* A placemark without time is reported with its line. */
  g_assert_cmpuint (report->n_skipped, ==, 1);
  g_assert_true (report_mentions (report, "line 46: “No time”"));
}

static void
test_styles_and_folders (void)
{
  g_autoptr(CmDocument) doc = load_ok ("kml-features.kml", NULL);
  const CmCategory *category;
  const CmGroup *group;
  CmEventData data;

  /* styleUrl → category by style id, colour from IconStyle (aabbggrr). */
  g_assert_true (find_event (doc, "G8 summit", &data));
  category = cm_document_get_category (doc, data.category);
  g_assert_cmpstr (category->id, ==, "summit");
  g_assert_cmpfloat (category->red, ==, 1.0);
  g_assert_cmpfloat (category->green, ==, 0.0);
  g_assert_cmpfloat (category->blue, ==, 0.0);

  /* Through a StyleMap to its normal style, colour from LineStyle. */
  g_assert_true (find_event (doc, "Tour", &data));
  category = cm_document_get_category (doc, data.category);
  g_assert_cmpstr (category->id, ==, "tour");
  g_assert_cmpfloat (category->green, ==, 1.0);
  g_assert_cmpfloat (category->red, ==, 0.0);

  /* Folders are lanes. */
  g_assert_true (find_event (doc, "Ben Ali leaves", &data));
  group = cm_document_get_group (doc, data.group);
  g_assert_cmpstr (group->id, ==, "arab-spring");
  g_assert_cmpstr (group->name, ==, "Arab Spring");
  g_assert_cmpint (group->kind, ==, CM_GROUP_LANE);
  g_assert_true (find_event (doc, "A year", &data));
  g_assert_cmpuint (data.group, ==, CM_NONE);

  /* The "Runs" folder holds only a track: no empty lane for it. */
  g_assert_cmpuint (cm_document_find_group (doc, "Runs"), ==, CM_NONE);
}

static void
test_track (void)
{
  g_autoptr(CmDocument) doc = load_ok ("kml-features.kml", NULL);
  const CmGroup *group;
  CmEventData data;

  /* gx:Track: an itinerary whose timed points are events. */
  g_assert_cmpuint (count_events (doc, "Morning run"), ==, 3);
  g_assert_true (find_event (doc, "Morning run", &data));
  group = cm_document_get_group (doc, data.group);
  g_assert_cmpstr (group->name, ==, "Morning run");
  g_assert_cmpint (group->kind, ==, CM_GROUP_ITINERARY);
  g_assert_cmpstr (data.id, ==, "run#1");
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 25, 6, 0, 0));
  g_assert_cmpfloat (data.lat, ==, 48.85);
  g_assert_cmpfloat (data.lon, ==, 2.29);
}

static void
assert_load_error (const char *text,
                   int         code,
                   const char *where)
{
  assert_format_load_error (kml (), text, -1, code, where);
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = load_test_file ("kml-malformed.kml", kml (), NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "kml-malformed.kml:"));
  g_assert_nonnull (strstr (error->message, "Invalid XML"));

  assert_load_error ("<kml><Placemark>\n<name>x</nme></Placemark></kml>", CM_FORMAT_ERROR_SYNTAX, "test:2:");
  assert_load_error ("", CM_FORMAT_ERROR_SYNTAX, "test:1:");
  assert_load_error ("<gpx><trk/></gpx>", CM_FORMAT_ERROR_UNSUPPORTED, "test:1:1: Not a KML file");
}

static void
test_entities_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  /* An external entity: never read, the file is refused. */
  doc = load_test_file ("kml-xxe.kml", kml (), NULL, &error);
  g_assert_null (doc);
  g_assert_nonnull (error);
  g_assert_cmpint (error->domain, ==, CM_FORMAT_ERROR);
  g_assert_null (strstr (error->message, "root:"));
  g_clear_error (&error);

  /* Billion laughs: libxml2's limit on entity expansion stops it while it
   * parses, so it never reaches the gigabytes however fast the machine. */
  doc = load_test_file ("kml-billion-laughs.kml", kml (), NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "kml-billion-laughs.kml:"));
  g_assert_null (strstr (error->message, "lollol"));
  g_clear_error (&error);

  /* Internal entities that are harmless are refused all the same. */
  assert_load_error ("<!DOCTYPE kml [<!ENTITY a \"A\">]><kml><Placemark><name>&a;</name>"
                     "<TimeStamp><when>2011</when></TimeStamp></Placemark></kml>",
                     CM_FORMAT_ERROR_UNSUPPORTED, "test:1:1: ");
}

/* Descriptions are HTML: read as text, the markup kept for KML; points
 * out of range are reported; nothing usable is an error. */
static void
test_html_and_ranges (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("kml-html-ranges.kml", report);
  g_autoptr(CmDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  CmEventData data;

  g_assert_true (find_event (doc, "Harbour visit", &data));
  g_assert_cmpstr (data.description, ==, "A walk along the old quay.\n\nBoats & nets");
  g_assert_true (find_event (doc, "Off the map", &data));
  g_assert_cmpstr (data.description, ==, "Plain words only");
  g_assert_true (isnan (data.lat) && isnan (data.lon));
  g_assert_true (report_mentions (report, "“200.5,95.25” are out of range"));

  /* Written back with its link, read back as the same text. */
  written = save_to_text (doc, kml ());
  g_assert_nonnull (strstr (written, "href=\"https://example.org/quay\""));
  g_assert_null (strstr (written, "kml_description_html"));
  back = load_text (kml (), written, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (find_event (back, "Harbour visit", &data));
  g_assert_cmpstr (data.description, ==, "A walk along the old quay.\n\nBoats & nets");

  assert_load_error ("<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><name>Empty</name>"
                     "</Document></kml>",
                     CM_FORMAT_ERROR_MISSING_FIELD, "test:1:1: The file contains no events");
  assert_load_error ("<kml>\n<Placemark><name>Undated</name></Placemark></kml>",
                     CM_FORMAT_ERROR_BAD_VALUE, "test:2:1: No event could be read (line 2:");
}

static void
test_round_trip_fixture (void)
{
  g_autoptr(CmDocument) doc = load_ok ("kml-features.kml", NULL);

  assert_round_trip (doc, kml (), COMPARE_ALL);
}

static void
test_round_trip_dataset (void)
{
  g_autoptr(CmDocument) doc = load_default_dataset ();
  g_autofree char *text = save_to_text (doc, kml ());

  g_assert_nonnull (strstr (text, "<kml xmlns=\"http://www.opengis.net/kml/2.2\""));
  g_assert_nonnull (strstr (text, "<LineString>"));
  g_assert_nonnull (strstr (text, "<Folder id="));
  g_assert_nonnull (strstr (text, "<Style id="));
  assert_round_trip (doc, kml (), COMPARE_ALL);
}

static void
test_written_forms (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  g_autofree char *text = NULL;
  struct { CmPrecision precision; CmTime start; int offset; const char *form; } cases[] = {
    { CM_PRECISION_YEAR, cm_time_from_civil (2011, 1, 1, 0, 0, 0), CM_UTC_OFFSET_NONE, "<when>2011</when>" },
    { CM_PRECISION_MONTH, cm_time_from_civil (2011, 5, 1, 0, 0, 0), CM_UTC_OFFSET_NONE, "<when>2011-05</when>" },
    { CM_PRECISION_DAY, cm_time_from_civil (2011, 5, 26, 0, 0, 0) - 7200, 120, "<when>2011-05-26</when>" },
    { CM_PRECISION_MINUTE, cm_time_from_civil (2011, 5, 26, 11, 0, 0), 120, "<when>2011-05-26T13:00:00+02:00</when>" },
    { CM_PRECISION_SECOND, cm_time_from_civil (2011, 5, 26, 5, 30, 15), 0, "<when>2011-05-26T05:30:15Z</when>" },
    { CM_PRECISION_HOUR, cm_time_from_civil (2011, 5, 26, 5, 0, 0), CM_UTC_OFFSET_NONE, "<when>2011-05-26T05:00:00</when>" },
    { CM_PRECISION_CENTURY, cm_time_from_civil (-100, 1, 1, 0, 0, 0), CM_UTC_OFFSET_NONE, "<when>-0100</when>" },
  };

  cm_event_store_begin_bulk (store, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CmEventData data;
      char title[32];

      cm_event_data_init (&data);
      g_snprintf (title, sizeof title, "case %u", i);
      data.title = title;
      data.start = cases[i].start;
      data.precision = cases[i].precision;
      data.utc_offset = cases[i].offset;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  text = save_to_text (doc, kml ());
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (strstr (text, cases[i].form) == NULL)
      g_error ("%s not in\n%s", cases[i].form, text);

  assert_round_trip (doc, kml (), COMPARE_ALL);
}

static void
check_gpsbabel_kml (const char *options,
                    gboolean    expect_track)
{
  g_autofree char *gpx = test_data_path ("gpx-track.gpx");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  CmEventStore *store;
  int status = -1;
  CmEventData data;

  dir = cm_test_make_temp_dir ("cm-kml-XXXXXX");
  path = g_build_filename (dir, "track.kml", NULL);
  {
    const char *argv[] = { "gpsbabel", "-i", "gpx", "-f", gpx, "-o", options, "-F", path, NULL };

    if (!cm_test_run_tool (argv, NULL, &status))
      return;
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  doc = load_path (path, NULL, report, &error);
  g_assert_no_error (error);
  store = cm_document_get_store (doc);

  /* The five timed points of the GPX track, in order. */
  g_assert_cmpuint (report->n_imported, ==, 5);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, 5);
  cm_event_store_get_data (store, 0, &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 6, 0, 0));
  g_assert_cmpfloat_with_epsilon (data.lat, 49.357, 1e-9);
  g_assert_cmpfloat_with_epsilon (data.lon, 0.069, 1e-9);
  cm_event_store_get_data (store, 4, &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 6, 20, 30));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_SECOND);
  g_assert_cmpfloat_with_epsilon (data.lat, 49.363, 1e-9);

  if (expect_track)
    {
      const CmGroup *group = cm_document_get_group (doc, data.group);

      g_assert_nonnull (group);
      g_assert_cmpint (group->kind, ==, CM_GROUP_ITINERARY);
      g_assert_cmpstr (group->name, ==, "Deauville walk");
    }

  remove_temp (path);
}

static void
test_gpsbabel_points (void)
{
  check_gpsbabel_kml ("kml", FALSE);
}

static void
test_gpsbabel_track (void)
{
  check_gpsbabel_kml ("kml,track=1,points=0", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  cm_core_init ();

  g_test_add_func ("/io/kml/registered", test_registered);
  g_test_add_func ("/io/kml/time-forms", test_time_forms);
  g_test_add_func ("/io/kml/styles-and-folders", test_styles_and_folders);
  g_test_add_func ("/io/kml/track", test_track);
  g_test_add_func ("/io/kml/malformed", test_malformed);
  g_test_add_func ("/io/kml/entities-refused", test_entities_refused);
  g_test_add_func ("/io/kml/html-and-ranges", test_html_and_ranges);
  g_test_add_func ("/io/kml/written-forms", test_written_forms);
  g_test_add_func ("/io/kml/round-trip/fixture", test_round_trip_fixture);
  g_test_add_func ("/io/kml/round-trip/dataset", test_round_trip_dataset);
  g_test_add_func ("/io/kml/third-party/gpsbabel-points", test_gpsbabel_points);
  g_test_add_func ("/io/kml/third-party/gpsbabel-track", test_gpsbabel_track);

  return g_test_run ();
}
