/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers for the format tests: load from memory or a fixture, save to
 * memory, compare two documents event by event. */

#include <math.h>
#include <string.h>

#include "cm-format.h"
#include "cm-properties.h"

/* What a format does not keep, so the comparisons leave it out: the one
 * set of flags for assert_same_documents() here and assert_same_events()
 * in format-tests.h. */
typedef enum
{
  COMPARE_ALL          = 0,
  COMPARE_NO_FLAGS     = 1 << 0,  /* approximate flags */
  COMPARE_NO_EXTRAS    = 1 << 1,  /* event extras (and document extras) */
  COMPARE_NO_TABLES    = 1 << 2,  /* category and group ids, colours, kinds */
  COMPARE_NO_EVENT_IDS = 1 << 3,  /* event ids */
  COMPARE_NO_GROUPS    = 1 << 4,  /* groups of events (iCalendar has none) */
  COMPARE_NO_COLORS    = 1 << 5,  /* category colours */
  COMPARE_COORDS_1E6   = 1 << 6,  /* coordinates to six decimals */
} CompareFlags;

static inline CmDocument *
load_data (const CmFormat  *format,
           const char      *data,
           gssize           length,
           const char      *name,
           gconstpointer    options,
           CmImportReport  *report,
           GError         **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (length < 0)
    length = (gssize) strlen (data);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, (gsize) length), length, g_free);

  return format->load (&(CmLoadRequest) { .stream = stream, .name = name, .size = length,
                                          .options = options, .report = report },
                       error);
}

static inline CmDocument *
load_fixture (const char      *filename,
              const CmFormat  *format,
              gconstpointer    options,
              CmImportReport  *report,
              GError         **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", filename, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return cm_format_load_file (file, format, options, report, NULL, NULL, NULL, error);
}

static inline GBytes *
save_data (const CmFormat *format,
           CmDocument     *document)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_format_write (format, document, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static inline CmDocument *
reload (const CmFormat *format,
        CmDocument     *document,
        gconstpointer   options)
{
  g_autoptr(GBytes) bytes = save_data (format, document);
  g_autoptr(GError) error = NULL;
  CmDocument *again;

  again = load_data (format, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                     "again", options, NULL, &error);
  if (error != NULL)
    g_printerr ("%.*s\n", (int) MIN (g_bytes_get_size (bytes), 4000),
                (const char *) g_bytes_get_data (bytes, NULL));
  g_assert_no_error (error);
  g_assert_nonnull (again);

  return again;
}

static inline int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Extras as sorted "key=value" lines, so that the order does not count. */
static inline char *
sorted_extras (const char *extras)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *iter = extras;
  char *key, *value;

  while (cm_properties_next (&iter, &key, &value))
    {
      g_ptr_array_add (lines, g_strdup_printf ("%s=%s", key, value));
      g_free (key);
      g_free (value);
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

static inline const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static inline void
assert_same_documents (CmDocument   *a,
                       CmDocument   *b,
                       CompareFlags  flags)
{
  CmEventStore *sa = cm_document_get_store (a);
  CmEventStore *sb = cm_document_get_store (b);
  guint n = cm_event_store_get_n_events (sa);

  g_assert_cmpstr (or_empty (cm_document_get_title (a)), ==, or_empty (cm_document_get_title (b)));
  g_assert_cmpstr (or_empty (cm_document_get_description (a)), ==,
                   or_empty (cm_document_get_description (b)));
  if (!(flags & COMPARE_NO_EXTRAS))
    {
      g_autofree char *ea = sorted_extras (cm_document_get_extras (a));
      g_autofree char *eb = sorted_extras (cm_document_get_extras (b));

      g_assert_cmpstr (ea, ==, eb);
    }
  if (!(flags & COMPARE_NO_TABLES))
    {
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
          g_assert_cmpint (cm_document_get_group (a, i)->kind, ==, cm_document_get_group (b, i)->kind);
        }
    }

  g_assert_cmpuint (n, ==, cm_event_store_get_n_events (sb));
  for (guint i = 0; i < n && i < cm_event_store_get_n_events (sb); i++)
    {
      CmEventData da, db;
      const char *cat_a = NULL, *cat_b = NULL, *group_a = NULL, *group_b = NULL;

      cm_event_store_get_data (sa, i, &da);
      cm_event_store_get_data (sb, i, &db);

      g_assert_cmpstr (or_empty (da.title), ==, or_empty (db.title));
      g_assert_cmpstr (or_empty (da.description), ==, or_empty (db.description));
      g_assert_cmpstr (or_empty (da.place), ==, or_empty (db.place));
      g_assert_cmpstr (or_empty (da.id), ==, or_empty (db.id));
      g_assert_cmpint (da.start, ==, db.start);
      g_assert_cmpint (da.end, ==, db.end);
      g_assert_cmpint (da.precision, ==, db.precision);
      if (da.end != CM_TIME_INVALID)
        g_assert_cmpint (da.end_precision, ==, db.end_precision);
      g_assert_cmpint (da.utc_offset, ==, db.utc_offset);
      g_assert_cmpint (isnan (da.lat), ==, isnan (db.lat));
      if (!isnan (da.lat))
        {
          g_assert_cmpfloat (da.lat, ==, db.lat);
          g_assert_cmpfloat (da.lon, ==, db.lon);
        }
      if (da.category != CM_NONE)
        cat_a = cm_document_get_category (a, da.category)->name;
      if (db.category != CM_NONE)
        cat_b = cm_document_get_category (b, db.category)->name;
      g_assert_cmpstr (cat_a, ==, cat_b);
      if (da.group != CM_NONE)
        group_a = cm_document_get_group (a, da.group)->name;
      if (db.group != CM_NONE)
        group_b = cm_document_get_group (b, db.group)->name;
      g_assert_cmpstr (group_a, ==, group_b);
      if (!(flags & COMPARE_NO_FLAGS))
        g_assert_cmpint (da.flags, ==, db.flags);
      if (!(flags & COMPARE_NO_EXTRAS))
        {
          g_autofree char *ea = sorted_extras (da.extras);
          g_autofree char *eb = sorted_extras (db.extras);

          g_assert_cmpstr (ea, ==, eb);
        }
    }
}

/* A document with everything Chronomap models: categories with colours,
 * a lane and an itinerary, places, coordinates, offsets, spans, every
 * precision, approximate flags, ids, extras, BCE and deep-time years. */
static inline CmDocument *
make_rich_document (void)
{
  CmDocument *doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  guint summit = cm_document_add_category (doc, "summit", "Summit", "#e01b24");
  guint history = cm_document_add_category (doc, "history", "History & myth", "#3584e4");
  guint tour = cm_document_add_group (doc, "tour", "Presidential tour", CM_GROUP_ITINERARY);
  guint lane = cm_document_add_group (doc, "lane-2", "Other, \"quoted\" lane", CM_GROUP_LANE);
  CmEventData data;

  cm_document_set_title (doc, "Rich <document> & more");
  cm_document_set_description (doc, "First paragraph.\n\nSecond, with a line\nbreak.");

  cm_event_store_begin_bulk (store, 8);

  cm_event_data_init (&data);
  data.id = "dublin";
  data.title = "Arrival in Dublin";
  data.description = "Air Force One lands; \"welcome\" at the airport.";
  data.place = "Dublin";
  data.start = cm_time_from_civil (2011, 5, 23, 8, 30, 0) - 60 * 60;
  data.precision = CM_PRECISION_MINUTE;
  data.utc_offset = 60;
  data.lat = 53.4213;
  data.lon = -6.2701;
  data.category = summit;
  data.group = tour;
  data.flags = CM_EVENT_START_APPROXIMATE;
  cm_event_store_add (store, &data);

  cm_event_data_init (&data);
  data.title = "G8 summit";
  data.place = "Deauville";
  data.start = cm_time_from_civil (2011, 5, 26, 0, 0, 0) - 120 * 60;
  data.end = cm_time_from_civil (2011, 5, 27, 0, 0, 0) - 120 * 60;
  data.precision = data.end_precision = CM_PRECISION_DAY;
  data.utc_offset = 120;
  data.lat = 49.3578;
  data.lon = 0.0689;
  data.category = summit;
  data.group = tour;
  data.flags = CM_EVENT_COORDINATES_APPROXIMATE | CM_EVENT_END_APPROXIMATE;
  cm_event_store_add (store, &data);

  cm_event_data_init (&data);
  data.title = "Press conference at the hour";
  data.start = cm_time_from_civil (2011, 5, 27, 13, 0, 0);
  data.precision = CM_PRECISION_HOUR;
  data.end = cm_time_from_civil (2011, 5, 27, 14, 15, 30);
  data.end_precision = CM_PRECISION_SECOND;
  data.group = lane;
  cm_event_store_add (store, &data);

  cm_event_data_init (&data);
  data.title = "Ides of March";
  data.description = "Caesar, 44 BC (astronomical year -43).";
  data.start = cm_time_from_civil (-43, 3, 15, 0, 0, 0);
  data.precision = CM_PRECISION_DAY;
  data.category = history;
  data.lat = 41.8955;
  data.lon = 12.4823;
  cm_event_store_add (store, &data);

  cm_event_data_init (&data);
  data.title = "The 1900s";
  data.start = cm_time_from_civil (1900, 1, 1, 0, 0, 0);
  data.precision = CM_PRECISION_CENTURY;
  data.extras = "source\x1fWikipedia\x1e" "kml_style\x1f#red\x1e";
  cm_event_store_add (store, &data);

  cm_event_data_init (&data);
  data.title = "Big Bang";
  data.start = cm_time_from_civil (-13800000000, 1, 1, 0, 0, 0);
  data.precision = CM_PRECISION_BILLION_YEARS;
  data.category = history;
  cm_event_store_add (store, &data);

  cm_event_data_init (&data);
  data.title = "Dinosaurs die out";
  data.start = cm_time_from_civil (-66000000, 1, 1, 0, 0, 0);
  data.precision = CM_PRECISION_MILLION_YEARS;
  cm_event_store_add (store, &data);

  cm_event_data_init (&data);
  data.title = "May 2011";
  data.start = cm_time_from_civil (2011, 5, 1, 0, 0, 0);
  data.precision = CM_PRECISION_MONTH;
  cm_event_store_add (store, &data);

  cm_event_store_end_bulk (store);

  return doc;
}
