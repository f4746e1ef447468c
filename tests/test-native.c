/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cm-core.h"
#include "cm-format.h"
#include "cm-loader.h"
#include "cm-native.h"
#include "cm-properties.h"
#include "cm-test-util.h"

#define HEAD "{\"chronomap\": 1, "

static CmDocument *
load_string (const char  *text,
             GError     **error)
{
  return cm_native_load_data (text, strlen (text), "test.chronomap", error);
}

static void
test_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmEvent) event = NULL;
  CmEventStore *store;
  double lat, lon;

  doc = load_string ("{\"chronomap\": 1, \"title\": \"T\", \"events\": ["
                     "{\"title\": \"Landing\", \"start\": \"2011-05-23T09:30+01:00\", "
                     " \"lat\": 53.4214, \"lon\": -6.27, \"approximate\": true},"
                     "{\"title\": \"Day\", \"start\": \"2011-05-23\", \"utc_offset\": 60}]}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (cm_document_get_title (doc), ==, "T");
  g_assert_false (cm_document_get_dirty (doc));

  store = cm_document_get_store (doc);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, 2);

  /* Local midnight at +01:00 sorts before 09:30 local. */
  event = cm_event_store_get_event (store, 0);
  g_assert_cmpstr (cm_event_get_title (event), ==, "Day");
  g_assert_cmpint (cm_event_get_start (event), ==, 1306108800 - 3600);
  g_assert_cmpint (cm_event_get_precision (event), ==, CM_PRECISION_DAY);
  g_assert_cmpint (cm_event_get_utc_offset (event), ==, 60);
  g_clear_object (&event);

  event = cm_event_store_get_event (store, 1);
  g_assert_cmpint (cm_event_get_start (event), ==, 1306139400);
  g_assert_cmpint (cm_event_get_precision (event), ==, CM_PRECISION_MINUTE);
  g_assert_cmpint (cm_event_get_utc_offset (event), ==, 60);
  g_assert_true (cm_event_get_flags (event) & CM_EVENT_START_APPROXIMATE);
  g_assert_true (cm_event_get_coordinates (event, &lat, &lon));
  g_assert_cmpfloat (lat, ==, 53.4214);
  g_assert_cmpfloat (lon, ==, -6.27);
}

static void
assert_same_documents (CmDocument *a,
                       CmDocument *b)
{
  CmEventStore *sa = cm_document_get_store (a);
  CmEventStore *sb = cm_document_get_store (b);

  g_assert_cmpstr (cm_document_get_title (a), ==, cm_document_get_title (b));
  g_assert_cmpstr (cm_document_get_description (a), ==, cm_document_get_description (b));
  g_assert_cmpstr (cm_document_get_extras (a), ==, cm_document_get_extras (b));
  g_assert_cmpuint (cm_document_get_n_categories (a), ==, cm_document_get_n_categories (b));
  for (guint i = 0; i < cm_document_get_n_categories (a); i++)
    {
      const CmCategory *ca = cm_document_get_category (a, i);
      const CmCategory *cb = cm_document_get_category (b, i);

      g_assert_cmpstr (ca->id, ==, cb->id);
      g_assert_cmpstr (ca->name, ==, cb->name);
      g_assert_cmpfloat_with_epsilon (ca->red, cb->red, 1e-9);
      g_assert_cmpfloat_with_epsilon (ca->green, cb->green, 1e-9);
      g_assert_cmpfloat_with_epsilon (ca->blue, cb->blue, 1e-9);
    }
  g_assert_cmpuint (cm_document_get_n_groups (a), ==, cm_document_get_n_groups (b));
  for (guint i = 0; i < cm_document_get_n_groups (a); i++)
    {
      g_assert_cmpstr (cm_document_get_group (a, i)->id, ==, cm_document_get_group (b, i)->id);
      g_assert_cmpstr (cm_document_get_group (a, i)->name, ==, cm_document_get_group (b, i)->name);
      g_assert_cmpint (cm_document_get_group (a, i)->kind, ==, cm_document_get_group (b, i)->kind);
    }

  g_assert_cmpuint (cm_event_store_get_n_events (sa), ==, cm_event_store_get_n_events (sb));
  for (guint i = 0; i < MIN (cm_event_store_get_n_events (sa), cm_event_store_get_n_events (sb)); i++)
    {
      CmEventData da, db;

      cm_event_store_get_data (sa, i, &da);
      cm_event_store_get_data (sb, i, &db);
      g_assert_cmpstr (da.id, ==, db.id);
      g_assert_cmpstr (da.title, ==, db.title);
      g_assert_cmpstr (da.description, ==, db.description);
      g_assert_cmpstr (da.place, ==, db.place);
      g_assert_cmpint (da.start, ==, db.start);
      g_assert_cmpint (da.end, ==, db.end);
      g_assert_cmpint (da.precision, ==, db.precision);
      g_assert_cmpint (da.end_precision, ==, db.end_precision);
      g_assert_cmpint (da.utc_offset, ==, db.utc_offset);
      g_assert_cmpint (da.flags, ==, db.flags);
      g_assert_cmpstr (da.extras, ==, db.extras);
      g_assert_cmpuint (da.category, ==, db.category);
      g_assert_cmpuint (da.group, ==, db.group);
      g_assert_true (isnan (da.lat) == isnan (db.lat));
      if (!isnan (da.lat))
        {
          g_assert_cmpfloat (da.lat, ==, db.lat);
          g_assert_cmpfloat (da.lon, ==, db.lon);
        }
    }
}

static CmDocument *
round_trip (CmDocument *doc)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  CmDocument *back;

  g_assert_true (cm_native_write (doc, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));

  back = cm_native_load_data (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                              g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                              "round-trip", &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  return back;
}

static void
test_round_trip_random (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmDocument) back = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  const char *texts[] = { "Plain", "Quote \" and \\ backslash", "Ünïcødé – Mladić, Łódź, 東京",
                          "Tab\tnew\nline", "\xf0\x9f\x97\xba map emoji" };

  cm_document_set_title (doc, "Round \"trip\" ✓");
  cm_document_set_description (doc, "Line one\nLine two");
  cm_document_add_category (doc, "a", "Alpha", "#123456");
  cm_document_add_category (doc, "b", "Beta", "#fedcba");
  cm_document_add_group (doc, "lane", "A lane", CM_GROUP_LANE);
  cm_document_add_group (doc, "route", "A route", CM_GROUP_ITINERARY);
  cm_document_set_extra (doc, "scale", "cosmological");
  cm_document_set_extra (doc, "eras", "[{\"x\": 1}]");

  cm_event_store_begin_bulk (store, 0);
  for (guint i = 0; i < 2000; i++)
    {
      CmEventData data;
      g_autofree char *extras = NULL;
      g_autofree char *id = g_strdup_printf ("e%u", i);
      CmPrecision precision = g_test_rand_int_range (0, CM_N_PRECISIONS);
      int offset = g_test_rand_int_range (0, 4) == 0 ? CM_UTC_OFFSET_NONE
                                                     : g_test_rand_int_range (-12 * 4, 14 * 4) * 15;
      gint64 year = precision <= CM_PRECISION_MILLION_YEARS
        ? g_test_rand_int_range (-13800, 0) * G_GINT64_CONSTANT (1000000)
        : g_test_rand_int_range (-5000, 5000);
      CmTime t = cm_time_from_civil (year, g_test_rand_int_range (1, 13), g_test_rand_int_range (1, 29),
                                     g_test_rand_int_range (0, 24), g_test_rand_int_range (0, 60),
                                     g_test_rand_int_range (0, 60));

      cm_event_data_init (&data);
      data.id = i % 7 ? id : NULL;
      data.title = texts[i % G_N_ELEMENTS (texts)];
      data.description = i % 3 ? texts[(i + 1) % G_N_ELEMENTS (texts)] : NULL;
      data.place = i % 2 ? texts[(i + 2) % G_N_ELEMENTS (texts)] : NULL;
      data.precision = precision;
      data.utc_offset = offset;
      data.start = cm_time_truncate (t, precision, offset);
      if (i % 3 == 0)
        {
          data.end_precision = g_test_rand_int_range (0, CM_N_PRECISIONS);
          data.end = cm_time_truncate (data.start + g_test_rand_int_range (1, 100000000),
                                       data.end_precision, offset);
          if (data.end <= data.start)
            data.end = CM_TIME_INVALID;
        }
      if (data.end == CM_TIME_INVALID)
        data.end_precision = data.precision;
      if (i % 4)
        {
          data.lat = g_test_rand_double_range (-90, 90);
          data.lon = g_test_rand_double_range (-180, 180);
        }
      data.flags = g_test_rand_int_range (0, 8);
      if (i % 5 == 1)
        {
          g_autofree char *one = cm_properties_set (NULL, "media_url", texts[i % G_N_ELEMENTS (texts)]);
          extras = cm_properties_set (one, "display_date", "Spring \"1811\"");
        }
      data.extras = extras;
      data.category = i % 3 == 2 ? CM_NONE : (guint) (i % 2);
      data.group = i % 5 == 4 ? CM_NONE : (guint) (i % 2);
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  back = round_trip (doc);
  assert_same_documents (doc, back);
}

static void
test_numbers_exact (void)
{
  g_autoptr(GString) text = g_string_new (HEAD "\"events\": [");
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  CmEventStore *store;

  /* Short decimals take a fast path: it must agree with strtod exactly. */
  for (guint i = 0; i < 5000; i++)
    {
      int decimals = g_test_rand_int_range (0, 16);
      g_autofree char *format = g_strdup_printf ("%%.%df", decimals);
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (lat, sizeof lat, format, g_test_rand_double_range (-90, 90));
      g_ascii_formatd (lon, sizeof lon, "%.17g", g_test_rand_double_range (-180, 180));
      g_string_append_printf (text, "%s{\"title\": \"n\", \"start\": \"%04u\", \"lat\": %s, \"lon\": %s}",
                              i ? "," : "", 1000 + i, lat, lon);
      g_ptr_array_add (written, g_strdup (lat));
      g_ptr_array_add (written, g_strdup (lon));
    }
  g_string_append (text, "]}");

  doc = load_string (text->str, &error);
  g_assert_no_error (error);
  store = cm_document_get_store (doc);
  for (guint i = 0; i < 5000; i++)
    {
      double lat, lon;

      /* Start years are increasing, so positions follow the file. */
      cm_event_store_get_coordinates (store, i, &lat, &lon);
      g_assert_cmpfloat (lat, ==, g_ascii_strtod (g_ptr_array_index (written, 2 * i), NULL));
      g_assert_cmpfloat (lon, ==, g_ascii_strtod (g_ptr_array_index (written, 2 * i + 1), NULL));
    }
}

static void
test_extras (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmEvent) event = NULL;
  g_autofree char *value = NULL;
  g_autofree char *scale = NULL;
  g_autofree char *set = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *removed = NULL;
  const char *iter;
  char *key, *val;
  guint n = 0;

  doc = load_string (HEAD "\"extra\": {\"scale\": \"cosmological\"}, \"events\": ["
                     "{\"title\": \"x\", \"start\": \"2011\", \"extra\": {\"media_url\": \"a.png\", \"n\": null}}]}", &error);
  g_assert_no_error (error);
  event = cm_event_store_get_event (cm_document_get_store (doc), 0);
  value = cm_event_dup_extra (event, "media_url");
  g_assert_cmpstr (value, ==, "a.png");
  scale = cm_document_dup_extra (doc, "scale");
  g_assert_cmpstr (scale, ==, "cosmological");

  /* The encoding itself. */
  set = cm_properties_set (NULL, "a\x1f", "1\x1e");
  g_assert_cmpuint (cm_properties_count (set), ==, 1);
  replaced = cm_properties_set (set, "a", "2");
  g_assert_cmpuint (cm_properties_count (replaced), ==, 1);
  iter = replaced;
  while (cm_properties_next (&iter, &key, &val))
    {
      g_assert_cmpstr (key, ==, "a");
      g_assert_cmpstr (val, ==, "2");
      g_free (key);
      g_free (val);
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
  removed = cm_properties_set (replaced, "a", NULL);
  g_assert_null (removed);
}

static void
test_coarse_precision_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmDocument) back = NULL;

  /* A time written to the minute with a precision of a day keeps its
   * minutes when saved: the end stays after the start. */
  doc = load_string (HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011-05-26T18:10+02:00\", "
                     "\"end\": \"2011-05-26T19:10+02:00\", \"end_precision\": \"day\"},"
                     "{\"title\": \"y\", \"start\": \"2011-05-26T18:10:30Z\", \"precision\": \"year\"}]}",
                     &error);
  g_assert_no_error (error);
  back = round_trip (doc);
  assert_same_documents (doc, back);
}

static void
test_format_registry (void)
{
  const char *doc_text = HEAD "\"categories\": [{\"id\": \"a\", \"name\": \"A\"}], "
                         "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"category\": \"a\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) a = NULL;
  g_autoptr(CmDocument) b = NULL;
  CmEventStore *store;

  g_assert_true (cm_format_detect (doc_text, strlen (doc_text), NULL) == cm_format_by_id ("native"));
  g_assert_true (cm_format_detect ("  {\n \"chronomap\": 1}", 20, "x.json") == cm_format_by_id ("native"));
  g_assert_true (cm_format_by_extension ("A.CHRONOMAP") == cm_format_by_id ("native"));
  g_assert_null (cm_format_by_extension ("noextension"));
  g_assert_null (cm_format_detect ("\x89PNG\r\n", 6, "image.png"));

  /* Import: categories matched by id, the rest added. */
  a = load_string (doc_text, &error);
  g_assert_no_error (error);
  b = load_string (HEAD "\"categories\": [{\"id\": \"b\"}, {\"id\": \"a\"}], "
                   "\"events\": [{\"title\": \"y\", \"start\": \"2010\", \"category\": \"a\"},"
                   "{\"title\": \"z\", \"start\": \"2012\", \"category\": \"b\"}]}", &error);
  g_assert_no_error (error);
  cm_document_merge (a, b);
  store = cm_document_get_store (a);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, 3);
  g_assert_cmpuint (cm_document_get_n_categories (a), ==, 2);
  g_assert_cmpstr (cm_event_store_get_title (store, 0), ==, "y");
  g_assert_cmpuint (cm_event_store_get_category (store, 0), ==, cm_document_find_category (a, "a"));
  g_assert_cmpuint (cm_event_store_get_category (store, 2), ==, cm_document_find_category (a, "b"));
  g_assert_true (cm_document_get_dirty (a));
}

static void
test_default_dataset (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmDocument) back = NULL;
  CmEventStore *store;
  guint tour;
  g_autoptr(GString) route = g_string_new (NULL);
  const char *last_city = NULL;

  doc = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  store = cm_document_get_store (doc);
  g_assert_cmpuint (cm_event_store_get_n_events (store), >=, 30);
  g_assert_cmpuint (cm_document_get_n_categories (doc), >=, 4);

  tour = cm_document_find_group (doc, "obama-tour-2011");
  g_assert_cmpuint (tour, !=, CM_NONE);
  g_assert_cmpint (cm_document_get_group (doc, tour)->kind, ==, CM_GROUP_ITINERARY);

  /* The tour's stops in time order visit the cities in order. */
  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    {
      CmEventData data;
      static const char *cities[] = { "Dublin", "Moneygall", "London", "Stansted", "Deauville", "Orly", "Warsaw" };
      const char *city = NULL;

      cm_event_store_get_data (store, i, &data);
      if (data.group != tour || data.place == NULL || isnan (data.lat))
        continue;
      for (guint c = 0; c < G_N_ELEMENTS (cities); c++)
        if (strstr (data.place, cities[c]) != NULL)
          city = g_str_equal (cities[c], "Stansted") ? "London" : cities[c];
      g_assert_nonnull (city);
      if (city != NULL && g_strcmp0 (city, last_city) != 0)
        {
          g_string_append_printf (route, "%s%s", route->len ? " → " : "", city);
          last_city = city;
        }
    }
  g_assert_cmpstr (route->str, ==, "Dublin → Moneygall → Dublin → London → Deauville → Orly → Warsaw");

  back = round_trip (doc);
  assert_same_documents (doc, back);
}

typedef struct
{
  const char *name;
  const char *text;
  int         code;
  guint       line;   /* 0: any */
} BadInput;

static const BadInput bad_inputs[] = {
  { "empty", "", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "whitespace only", "  \n  ", CM_FORMAT_ERROR_SYNTAX, 0 },
  { "truncated object", "{\"chronomap\": 1, \"events\": [", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "truncated string", "{\"chronomap\": 1, \"title\": \"abc", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "truncated event", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\"", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "not json", "hello", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "trailing garbage", HEAD "\"events\": []} x", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "trailing comma", HEAD "\"events\": [],}", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "single quotes", "{'chronomap': 1}", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "invalid utf-8", HEAD "\"title\": \"\xff\xfe\"}", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "overlong utf-8", HEAD "\"title\": \"\xc0\xaf\"}", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "bad escape", HEAD "\"title\": \"\\q\"}", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "control char", HEAD "\"title\": \"a\x01" "b\"}", CM_FORMAT_ERROR_SYNTAX, 1 },
  { "nul escape", HEAD "\"title\": \"a\\u0000b\"}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "top level array", "[1, 2]", CM_FORMAT_ERROR_UNSUPPORTED, 1 },
  { "top level number", "42", CM_FORMAT_ERROR_UNSUPPORTED, 1 },
  { "no version", "{\"title\": \"x\", \"events\": []}", CM_FORMAT_ERROR_UNSUPPORTED, 1 },
  { "newer version", "{\"chronomap\": 99}", CM_FORMAT_ERROR_UNSUPPORTED, 1 },
  { "version string", "{\"chronomap\": \"1\"}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "huge version", "{\"chronomap\": 1e999}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "title number", HEAD "\"title\": 5}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "events object", HEAD "\"events\": {}}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "event not object", HEAD "\"events\": [1]}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "event array", HEAD "\"events\": [[]]}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "missing title", HEAD "\n\"events\": [\n{\"start\": \"2011\"}]}", CM_FORMAT_ERROR_MISSING_FIELD, 3 },
  { "missing start", HEAD "\"events\": [\n\n{\"title\": \"x\"}]}", CM_FORMAT_ERROR_MISSING_FIELD, 3 },
  { "start number", HEAD "\"events\": [{\"title\": \"x\", \"start\": 2011}]}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "bad date", HEAD "\"events\": [{\"title\": \"x\",\n \"start\": \"2011-13-01\"}]}", CM_FORMAT_ERROR_BAD_DATE, 2 },
  { "bad day", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011-02-30\"}]}", CM_FORMAT_ERROR_BAD_DATE, 1 },
  { "huge year", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"99999999999999999999999\"}]}", CM_FORMAT_ERROR_BAD_DATE, 1 },
  { "end before start", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2012\", \"end\": \"2011\"}]}", CM_FORMAT_ERROR_BAD_DATE, 1 },
  { "bad precision", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"precision\": \"fortnight\"}]}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "precision too fine", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"precision\": \"minute\"}]}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "latitude range", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"lat\": 91, \"lon\": 0}]}", CM_FORMAT_ERROR_BAD_COORDINATE, 1 },
  { "longitude huge", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"lat\": 1, \"lon\": 1e400}]}", CM_FORMAT_ERROR_BAD_COORDINATE, 1 },
  { "latitude string", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"lat\": \"north\"}]}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "lat without lon", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"lat\": 1}]}", CM_FORMAT_ERROR_BAD_COORDINATE, 1 },
  { "offset range", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"utc_offset\": 5000}]}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "offset fraction", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"utc_offset\": 1.5}]}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "approximate string", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"approximate\": \"yes\"}]}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "unknown category", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\",\n\"category\": \"nope\"}]}", CM_FORMAT_ERROR_BAD_VALUE, 2 },
  { "unknown group", HEAD "\"groups\": [], \"events\": [{\"title\": \"x\", \"start\": \"2011\", \"group\": \"g\"}]}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "category without id", HEAD "\"categories\": [{\"name\": \"x\"}]}", CM_FORMAT_ERROR_MISSING_FIELD, 1 },
  { "duplicate category", HEAD "\"categories\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "bad colour", HEAD "\"categories\": [{\"id\": \"a\", \"color\": \"red\"}]}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "bad group kind", HEAD "\"groups\": [{\"id\": \"a\", \"kind\": \"tree\"}]}", CM_FORMAT_ERROR_BAD_VALUE, 1 },
  { "category name object", HEAD "\"categories\": [{\"id\": \"a\", \"name\": {}}]}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "extra number", HEAD "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"extra\": {\"a\": 1}}]}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "extra nested", HEAD "\"extra\": {\"a\": {\"b\": \"c\"}}}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "extra array", HEAD "\"extra\": [\"a\"]}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
  { "duplicate key object", HEAD "\"events\": [{\"title\": {\"a\": 1}, \"start\": \"2011\"}]}", CM_FORMAT_ERROR_WRONG_TYPE, 1 },
};

static void
test_bad_inputs (void)
{
  g_autoptr(GRegex) position = g_regex_new ("^test\\.chronomap:([0-9]+):([0-9]+): .+", 0, 0, NULL);

  g_assert_cmpuint (G_N_ELEMENTS (bad_inputs), >=, 30);

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      const BadInput *bad = &bad_inputs[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) doc = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      g_test_message ("bad input: %s", bad->name);
      doc = load_string (bad->text, &error);
      g_assert_null (doc);
      g_assert_error (error, CM_FORMAT_ERROR, bad->code);
      if (error == NULL)
        continue;
      g_test_message ("  → %s", error->message);
      g_assert_true (g_regex_match (position, error->message, 0, &match));
      if (bad->line != 0 && g_match_info_matches (match))
        {
          g_autofree char *line = g_match_info_fetch (match, 1);
          g_assert_cmpstr (line, ==, (char *) (bad->line == 1 ? "1" : bad->line == 2 ? "2" : "3"));
        }
    }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) text = g_string_new (HEAD "\"future\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  doc = load_string (text->str, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT);
}

static void
test_unknown_members_skipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  doc = load_string (HEAD "\"future\": {\"a\": [1, {\"b\": null}], \"title\": 5}, "
                     "\"events\": [{\"title\": \"x\", \"start\": \"2011\", \"media\": [\"u\"], "
                     "\"later\": {\"title\": 1}}]}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  if (doc != NULL)
    g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (doc)), ==, 1);
}

static void
test_columns (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  /* Columns count characters: "ééé" is three columns wide. */
  doc = load_string ("{\"chronomap\": 1,\n \"title\": \"ééé\", \"x\": tru}", &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX);
  if (error != NULL)
    g_assert_true (g_str_has_prefix (error->message, "test.chronomap:2:"));
}

static void
test_chunk_boundaries (void)
{
  /* Long enough to span several read chunks, with an error at the end. */
  g_autoptr(GString) text = g_string_new (HEAD "\"events\": [\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autofree char *expected = NULL;
  guint lines = 2;

  for (guint i = 0; i < 20000; i++, lines++)
    g_string_append_printf (text, "{\"title\": \"Event number %u with some padding text\", \"start\": \"2011-05-%02u\"},\n",
                            i, i % 28 + 1);
  g_string_append (text, "{\"title\": \"bad\", \"start\": \"2011-05-35\"}]}");

  doc = load_string (text->str, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_DATE);
  expected = g_strdup_printf ("test.chronomap:%u:", lines);
  if (error != NULL)
    g_assert_true (g_str_has_prefix (error->message, expected));
}

static gboolean
failing_write (CmDocument           *document,
               const CmSaveRequest  *request,
               GError              **error)
{
  g_output_stream_write_all (request->stream, "{\"chronomap\": 1, \"ev", 20, NULL, NULL, NULL);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left");
  return FALSE;
}

static void
test_save_atomic (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cm-native-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "doc.chronomap", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autofree char *missing_path = NULL;
  CmEventData data;

  doc = load_string (HEAD "\"title\": \"First\", \"events\": [{\"title\": \"x\", \"start\": \"2011\"}]}", &error);
  g_assert_no_error (error);
  g_assert_true (cm_native_save_file (doc, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  /* A cancelled save leaves the old file as it was. */
  cm_document_set_title (doc, "Second");
  cm_event_data_init (&data);
  data.title = "y";
  cm_event_store_insert (cm_document_get_store (doc), &data);
  g_cancellable_cancel (cancelled);
  g_assert_false (cm_native_save_file (doc, file, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* A save to a new file that fails half-way leaves no file behind, and
   * one over an existing file leaves it as it was. */
  {
    g_autofree char *new_path = g_build_filename (dir, "new.chronomap", NULL);
    g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
    g_autofree char *still = NULL;

    g_assert_false (cm_document_write_file (doc, new_file, failing_write, NULL, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
    g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));

    g_assert_false (cm_document_write_file (doc, file, failing_write, NULL, NULL, NULL, &error));
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (path, &still, NULL, NULL));
    g_assert_cmpstr (still, ==, before);
  }

  /* Saving into a folder that does not exist fails cleanly. */
  missing_path = g_build_filename (dir, "no", "such", "dir", "x.chronomap", NULL);
  missing = g_file_new_for_path (missing_path);
  g_assert_false (cm_native_save_file (doc, missing, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A real save replaces it, and reads back. */
  g_assert_true (cm_native_save_file (doc, file, NULL, &error));
  back = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_document_get_title (back), ==, "Second");
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (back)), ==, 2);
  g_assert_true (g_file_equal (cm_document_get_file (back), file));

  g_unlink (path);
  g_rmdir (dir);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_progress_and_cancel (void)
{
  g_autoptr(GString) text = g_string_new (HEAD "\"events\": [\n");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  double last = 0;
  gsize length;

  for (guint i = 0; i < 30000; i++)
    g_string_append_printf (text, "%s{\"title\": \"Event %u\", \"start\": \"2011-05-26T13:%02u+02:00\"}",
                            i ? ",\n" : "", i, i % 60);
  g_string_append (text, "]}");
  length = text->len;

  stream = g_memory_input_stream_new_from_data (text->str, (gssize) length, NULL);
  doc = cm_native_load_stream (stream, "big", (goffset) length, progress_cb, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpfloat (last, ==, 1.0);
  g_clear_object (&stream);
  g_clear_object (&doc);

  g_cancellable_cancel (cancellable);
  stream = g_memory_input_stream_new_from_data (text->str, (gssize) length, NULL);
  doc = cm_native_load_stream (stream, "big", (goffset) length, NULL, NULL, cancellable, &error);
  g_assert_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  double last;
  guint  n_calls;
} SaveProgress;

static void
save_progress_cb (double   fraction,
                  gpointer user_data)
{
  SaveProgress *progress = user_data;

  g_assert_cmpfloat (fraction, >=, progress->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  progress->last = fraction;
  progress->n_calls++;
}

/* Every format that writes tells a save's progress: rising, a bounded
 * number of times, ending at 1; the file then reads back whole. */
static void
test_save_progress (void)
{
  g_autofree char *dir = cm_test_make_temp_dir ("save-progress-XXXXXX");
  g_autoptr(CmDocument) doc = cm_test_make_events (40000);
  const CmFormat * const *formats = cm_format_list ();

  for (guint f = 0; formats[f] != NULL; f++)
    {
      const CmFormat *format = formats[f];
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) back = NULL;
      SaveProgress progress = { 0 };

      if (format->save == NULL)
        continue;

      path = g_strdup_printf ("%s/doc.%s", dir, format->extensions[0]);
      file = g_file_new_for_path (path);
      g_test_message ("%s", format->id);
      g_assert_true (cm_format_save_file (doc, file, format, save_progress_cb, &progress,
                                          NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (progress.last, ==, 1.0);
      g_assert_cmpuint (progress.n_calls, >=, 3);
      g_assert_cmpuint (progress.n_calls, <=, 400);

      back = cm_format_load_file (file, format, NULL, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (back)), ==, 40000);
    }

  cm_test_remove_tree (dir);
}

static void
loader_save_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  gboolean saved = cm_loader_save_finish (CM_LOADER (object), result, error);

  g_assert_true (saved == (*error == NULL));
  g_object_set_data (object, "done", GINT_TO_POINTER (1));
}

/* A save in a worker: "busy" while it runs, "fraction" rises to 1 on the
 * main thread, and the file is what a save in this thread writes. */
static void
test_loader_save (void)
{
  g_autofree char *dir = cm_test_make_temp_dir ("loader-save-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "async.chronomap", NULL);
  g_autofree char *sync_path = g_build_filename (dir, "sync.chronomap", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) sync_file = g_file_new_for_path (sync_path);
  g_autoptr(CmDocument) doc = cm_test_make_events (50000);
  g_autoptr(CmLoader) loader = cm_loader_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *expected = NULL;
  double last = 0;

  cm_loader_save_async (loader, doc, file, NULL, NULL, loader_save_cb, &error);
  g_assert_true (cm_loader_get_busy (loader));
  while (g_object_get_data (G_OBJECT (loader), "done") == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpfloat (cm_loader_get_fraction (loader), >=, last);
      last = cm_loader_get_fraction (loader);
    }
  g_assert_no_error (error);
  g_assert_false (cm_loader_get_busy (loader));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_true (cm_native_save_file (doc, sync_file, NULL, &error));
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_true (g_file_get_contents (sync_path, &expected, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);

  cm_test_remove_tree (dir);
}

/* Writes half a document, then dies as a killed process would. */
static gboolean
dying_write (CmDocument           *document,
             const CmSaveRequest  *request,
             GError              **error)
{
  g_autofree char *junk = g_malloc0 (256 * 1024);

  g_output_stream_write_all (request->stream, junk, 256 * 1024, NULL, NULL, NULL);
  g_output_stream_flush (request->stream, NULL, NULL);
  raise (SIGKILL);
  return FALSE;
}

static guint
count_temporary_files (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *entry;
  guint n = 0;

  while ((entry = g_dir_read_name (folder)) != NULL)
    if (strstr (entry, CM_FILE_SAVE_MARKER) != NULL)
      n++;

  return n;
}

static void
test_save_interrupted (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cm-native-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "doc.chronomap", NULL);
  g_autofree char *live = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int status;
  pid_t pid;

  doc = load_string (HEAD "\"title\": \"First\", \"events\": [{\"title\": \"x\", \"start\": \"2011\"}]}", &error);
  g_assert_no_error (error);
  g_assert_true (cm_native_save_file (doc, file, NULL, &error));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  /* A save killed half-way leaves the old file and a temporary file that
   * says whose it is. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      cm_document_write_file (doc, file, dying_write, NULL, NULL, NULL, NULL);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_assert_cmpuint (count_temporary_files (dir), ==, 1);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* One of a save still running (this process) is left alone; the next
   * save removes the dead one. */
  live = g_strdup_printf ("%s/.doc.chronomap" CM_FILE_SAVE_MARKER "%d-abcdef", dir, (int) getpid ());
  g_assert_true (g_file_set_contents (live, "partial", -1, NULL));
  g_assert_true (cm_native_save_file (doc, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_temporary_files (dir), ==, 1);
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));

  g_unlink (live);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_save_errors (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/sys/doc.chronomap");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cm-native-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "doc.chronomap", NULL);
  g_autoptr(GFile) local = g_file_new_for_path (path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  doc = load_string (HEAD "\"title\": \"First\", \"events\": [{\"title\": \"x\", \"start\": \"2011\"}]}", &error);
  g_assert_no_error (error);

  /* A folder nobody may write to (not even root) is named as such. */
  g_assert_false (cm_native_save_file (doc, file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "the folder “/sys” cannot be written"));
  g_clear_error (&error);

  /* Text that is not UTF-8 cannot be written as JSON: the save fails and
   * the old file stays. */
  g_assert_true (cm_native_save_file (doc, local, NULL, &error));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  cm_document_set_title (doc, "Caf\xe9");
  g_assert_false (cm_native_write (doc, out, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (cm_native_save_file (doc, local, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_temporary_files (dir), ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_not_regular_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cm-native-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.chronomap", NULL);
  const char *paths[] = { fifo, dir, "/dev/null" };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) native_error = NULL;
      g_autoptr(CmDocument) doc = NULL;
      g_autoptr(CmDocument) native = NULL;

      /* Refused at once: reading a pipe nobody writes to would block. */
      doc = cm_format_load_file (file, NULL, NULL, NULL, NULL, NULL, NULL, &error);
      g_assert_null (doc);
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE)
                     || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY));
      g_assert_nonnull (strstr (error->message, "Not a file Chronomap can read"));

      native = cm_native_load_file (file, NULL, NULL, NULL, &native_error);
      g_assert_null (native);
      g_assert_nonnull (native_error);
    }

  g_unlink (fifo);
  g_rmdir (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/chronomap/file.chronomap");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = cm_native_load_file (file, NULL, NULL, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Many events are written in chunks by several threads: the file holds
 * them in order, numbers read back bit for bit, and a bad text in a late
 * chunk fails the write (no partial file, no hang). */
static void
test_parallel_chunks (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmDocument) back = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) bad_out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  CmEventStore *back_store;
  const double specials[] = { 0.0, -0.0, 1e-5, -1e-5, 1e-4, 0.1, 1.0 / 3, 53.349805, -6.26031,
                              179.999999, -180, 90, 12.123456, 2.5e-7, 45.0000005 };
  const guint n = 20000;
  char title[64];

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      g_snprintf (title, sizeof title, "Event no. %u", i);
      data.title = title;
      data.start = (CmTime) i * 3600;
      data.precision = CM_PRECISION_MINUTE;
      if (i < G_N_ELEMENTS (specials))
        {
          data.lat = specials[i] / 2.5;
          data.lon = specials[i];
        }
      else
        {
          data.lat = g_test_rand_int_range (-90000000, 90000000) / 1e6;
          data.lon = g_test_rand_double_range (-180, 180);
        }
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  g_assert_true (cm_native_write (doc, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  back = cm_native_load_data (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                              g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                              "chunks.chronomap", &error);
  g_assert_no_error (error);
  back_store = cm_document_get_store (back);
  g_assert_cmpuint (cm_event_store_get_n_events (back_store), ==, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData a, b;

      cm_event_store_get_data (store, i, &a);
      cm_event_store_get_data (back_store, i, &b);
      g_assert_cmpstr (a.title, ==, b.title);
      g_assert_cmpint (a.start, ==, b.start);
      g_assert_true (memcmp (&a.lat, &b.lat, sizeof a.lat) == 0);
      g_assert_true (memcmp (&a.lon, &b.lon, sizeof a.lon) == 0);
    }

  /* Text that is not UTF-8, far into the events. */
  {
    CmEventData data;

    cm_event_store_get_data (store, 13000, &data);
    data.title = "Caf\xe9";
    cm_event_store_replace (store, 13000, &data);
  }
  g_assert_false (cm_native_write (doc, bad_out, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/io/native/minimal", test_minimal);
  g_test_add_func ("/io/native/round-trip-random", test_round_trip_random);
  g_test_add_func ("/io/native/numbers-exact", test_numbers_exact);
  g_test_add_func ("/io/native/extras", test_extras);
  g_test_add_func ("/io/format/registry-and-merge", test_format_registry);
  g_test_add_func ("/io/native/coarse-precision-round-trip", test_coarse_precision_round_trip);
  g_test_add_func ("/io/native/default-dataset", test_default_dataset);
  g_test_add_func ("/io/native/bad-inputs", test_bad_inputs);
  g_test_add_func ("/io/native/deep-nesting", test_deep_nesting);
  g_test_add_func ("/io/native/unknown-members", test_unknown_members_skipped);
  g_test_add_func ("/io/native/columns", test_columns);
  g_test_add_func ("/io/native/chunk-boundaries", test_chunk_boundaries);
  g_test_add_func ("/io/native/save-atomic", test_save_atomic);
  g_test_add_func ("/io/native/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/io/format/save-progress", test_save_progress);
  g_test_add_func ("/io/native/loader-save", test_loader_save);
  g_test_add_func ("/io/native/missing-file", test_missing_file);
  g_test_add_func ("/io/native/save-interrupted", test_save_interrupted);
  g_test_add_func ("/io/native/save-errors", test_save_errors);
  g_test_add_func ("/io/native/not-regular-files", test_not_regular_files);
  g_test_add_func ("/io/native/parallel-chunks", test_parallel_chunks);

  return g_test_run ();
}
