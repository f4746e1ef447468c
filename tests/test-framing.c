/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "cm-core.h"
#include "cm-framing.h"
#include "cm-native.h"
#include "cm-test-util.h"

#define DAY 86400

static guint
add_event (CmDocument *doc,
           CmTime      start,
           CmTime      end,
           double      lat,
           double      lon,
           guint       group)
{
  CmEventData data;

  cm_event_data_init (&data);
  data.title = "Event";
  data.start = start;
  data.end = end;
  data.lat = lat;
  data.lon = lon;
  data.group = group;
  data.precision = CM_PRECISION_MINUTE;

  return cm_event_store_insert (cm_document_get_store (doc), &data);
}

static CmTime
day (gint64 year,
     int    month,
     int    mday)
{
  return cm_time_from_civil (year, month, mday, 12, 0, 0);
}

/* Twenty events in a week of May 2011 around Paris, and one far outlier in
 * time (2020, Tokyo): the story is the week. */
static void
test_outlier (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmFraming framing;
  CmTime week = day (2011, 5, 23);

  for (guint i = 0; i < 20; i++)
    add_event (doc, week + i * 7 * DAY / 20, CM_TIME_INVALID, 48.8 + i * 0.1, 2.3 + i * 0.1, CM_NONE);
  add_event (doc, day (2020, 1, 1), CM_TIME_INVALID, 35.7, 139.7, CM_NONE);

  g_assert_true (cm_framing_story_for (doc, NULL, CM_NONE, &framing));
  g_assert_cmpint (framing.start, >=, week);
  g_assert_cmpint (framing.end, <=, week + 7 * DAY);
  g_assert_cmpuint (framing.n_events, ==, 17); /* ⌈0.8 × 21⌉ */
  g_assert_true (framing.has_places);
  g_assert_cmpfloat (framing.min_lon, >, 0);
  g_assert_cmpfloat (framing.max_lon, <, 10);

  /* Fit all: the outlier too. */
  g_assert_true (cm_framing_all_for (doc, NULL, &framing));
  g_assert_cmpint (framing.start, ==, week);
  g_assert_cmpint (framing.end, ==, day (2020, 1, 1));
  g_assert_cmpuint (framing.n_events, ==, 21);
  g_assert_cmpfloat (framing.max_lon, ==, 139.7);
}

static void
test_single (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmFraming framing;

  /* A span alone: all of it. */
  add_event (doc, day (1914, 7, 28), day (1918, 11, 11), NAN, NAN, CM_NONE);
  g_assert_true (cm_framing_story_for (doc, NULL, CM_NONE, &framing));
  g_assert_cmpint (framing.start, ==, day (1914, 7, 28));
  g_assert_cmpint (framing.end, ==, day (1918, 11, 11));
  g_assert_cmpuint (framing.n_events, ==, 1);
  g_assert_false (framing.has_places);
}

static void
test_one_instant (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmFraming framing;
  CmTime t = day (2011, 5, 26);

  for (guint i = 0; i < 5; i++)
    add_event (doc, t, CM_TIME_INVALID, 49.36, 0.07, CM_NONE);

  g_assert_true (cm_framing_story_for (doc, NULL, CM_NONE, &framing));
  g_assert_cmpint (framing.start, ==, t);
  g_assert_cmpint (framing.end, ==, t);
  g_assert_cmpfloat (framing.min_lat, ==, framing.max_lat);
  g_assert_cmpfloat (framing.min_lon, ==, 0.07);
}

static void
test_empty (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmMatchSet) none = cm_match_set_new_take (0, NULL, 0);
  CmFraming framing;

  g_assert_false (cm_framing_story_for (doc, NULL, CM_NONE, &framing));
  g_assert_false (cm_framing_all_for (doc, NULL, &framing));

  /* Events, none of which match. */
  add_event (doc, day (2011, 5, 26), CM_TIME_INVALID, 0, 0, CM_NONE);
  g_clear_pointer (&none, cm_match_set_unref);
  none = cm_match_set_new_take (1, NULL, 0);
  g_assert_false (cm_framing_story_for (doc, none, CM_NONE, &framing));
  g_assert_false (cm_framing_all_for (doc, none, &framing));
}

/* Deep time and BCE: the same rules, no overflow. */
static void
test_bce (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmFraming framing;
  CmTime year = (CmTime) (365.2425 * DAY);

  /* The Big Bang, then ten events in 44 BC (astronomical -43). */
  add_event (doc, -G_GINT64_CONSTANT (435000000000000000), CM_TIME_INVALID, NAN, NAN, CM_NONE);
  for (guint i = 0; i < 10; i++)
    add_event (doc, day (-43, 3, 1 + i), CM_TIME_INVALID, 41.9, 12.5, CM_NONE);

  g_assert_true (cm_framing_story_for (doc, NULL, CM_NONE, &framing));
  g_assert_cmpint (framing.start, >=, day (-43, 3, 1));
  g_assert_cmpint (framing.end, <=, day (-43, 3, 10));
  g_assert_cmpint (framing.end - framing.start, <, year);

  g_assert_true (cm_framing_all_for (doc, NULL, &framing));
  g_assert_cmpint (framing.start, ==, -G_GINT64_CONSTANT (435000000000000000));
}

/* A wide even spread (as in a big benchmark document) gives most of it,
 * and places all over the world give the whole world; the narrowest range
 * across ±180° is found. */
static void
test_spread (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmFraming framing;
  CmTime first = day (1900, 1, 1), last = day (2025, 1, 1);
  const guint n = 100000;
  GRand *rand = g_rand_new_with_seed (7);

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = "Spread";
      data.start = first + (CmTime) (g_rand_double (rand) * (last - first));
      data.lat = g_rand_double_range (rand, -60, 60);
      data.lon = g_rand_double_range (rand, -180, 180);
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);
  g_rand_free (rand);

  g_assert_true (cm_framing_story_for (doc, NULL, CM_NONE, &framing));
  g_assert_cmpuint (framing.n_events, ==, 80000);
  g_assert_cmpfloat ((double) (framing.end - framing.start) / (last - first), >, 0.75);
  g_assert_cmpfloat ((double) (framing.end - framing.start) / (last - first), <, 0.85);
  /* Whichever gap it leaves out, it is a tiny one. */
  g_assert_cmpfloat (fmod (framing.max_lon - framing.min_lon + 360, 360), >, 359);

  /* Places on both sides of ±180° (Fiji, Samoa): a narrow box across it. */
  {
    g_autoptr(CmDocument) pacific = cm_document_new ();

    add_event (pacific, day (2000, 1, 1), CM_TIME_INVALID, -17.7, 178.0, CM_NONE);
    add_event (pacific, day (2000, 1, 2), CM_TIME_INVALID, -13.8, -172.1, CM_NONE);
    g_assert_true (cm_framing_all_for (pacific, NULL, &framing));
    g_assert_cmpfloat (framing.min_lon, ==, 178.0);
    g_assert_cmpfloat (framing.max_lon, ==, -172.1);
  }
}

/* The binned search for the narrowest range of longitudes against a
 * plain one: sort, take the widest gap. */
static double
extent (double min_lon,
        double max_lon)
{
  return min_lon <= max_lon ? max_lon - min_lon : max_lon + 360 - min_lon;
}

static int
compare_cb (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
test_narrowest_lons (void)
{
  GRand *rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GArray) lons = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) sorted = NULL;
      guint n = 1 + g_rand_int_range (rand, 0, round < 100 ? 6 : 300);
      double centre = g_rand_double_range (rand, -180, 180);
      double spread = g_rand_double_range (rand, 0.001, 200);
      double min_lon, max_lon, gap = -1, expected;

      for (guint i = 0; i < n; i++)
        {
          double lon = centre + g_rand_double_range (rand, -spread, spread);

          lon = fmod (lon + 540, 360) - 180;
          g_array_append_val (lons, lon);
        }
      sorted = g_array_copy (lons);
      g_array_sort (sorted, compare_cb);
      for (guint i = 0; i < n; i++)
        {
          double here = g_array_index (sorted, double, i);
          double next = i + 1 < n ? g_array_index (sorted, double, i + 1)
                                  : g_array_index (sorted, double, 0) + 360;

          gap = MAX (gap, next - here);
        }
      expected = 360 - gap;

      cm_framing_narrowest_lons (lons, &min_lon, &max_lon);
      g_assert_cmpfloat_with_epsilon (extent (min_lon, max_lon), expected, 1e-9);
      /* Every place is inside. */
      for (guint i = 0; i < n; i++)
        g_assert_cmpfloat (extent (min_lon, g_array_index (lons, double, i)), <=,
                           extent (min_lon, max_lon) + 1e-9);
    }
  g_rand_free (rand);
}

/* The filter: only matches count. */
static void
test_matches (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmMatchSet) matches = NULL;
  guint32 *positions = g_new (guint32, 2);
  CmFraming framing;

  add_event (doc, day (1990, 1, 1), CM_TIME_INVALID, 10, 10, CM_NONE);
  add_event (doc, day (2000, 1, 1), CM_TIME_INVALID, 20, 20, CM_NONE);
  add_event (doc, day (2000, 1, 3), CM_TIME_INVALID, 30, 30, CM_NONE);
  add_event (doc, day (2010, 1, 1), CM_TIME_INVALID, 40, 40, CM_NONE);
  positions[0] = 1;
  positions[1] = 2;
  matches = cm_match_set_new_take (4, positions, 2);

  g_assert_true (cm_framing_all_for (doc, matches, &framing));
  g_assert_cmpint (framing.start, ==, day (2000, 1, 1));
  g_assert_cmpint (framing.end, ==, day (2000, 1, 3));
  g_assert_cmpfloat (framing.min_lat, ==, 20);
  g_assert_cmpfloat (framing.max_lat, ==, 30);
}

/* While a search runs over a big document, the story is the whole
 * document's; once its result is in, the matches'. */
static void
test_pending (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmSession) session = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  CmFraming framing;
  const guint n = 30000;

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = i == 0 ? "Needle" : "Hay";
      data.start = day (2000, 1, 1) + (CmTime) i * 60;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);
  session = cm_session_new (doc);
  cm_session_flush (session);

  cm_event_filter_set_search (cm_session_get_filter (session), "needle");
  g_assert_true (cm_session_get_pending (session));
  g_assert_true (cm_framing_story (session, &framing));
  g_assert_cmpuint (framing.n_events, ==, 24000);
  cm_session_flush (session);
  g_assert_false (cm_session_get_pending (session));
  g_assert_true (cm_framing_story (session, &framing));
  g_assert_cmpuint (framing.n_events, ==, 1);
  g_assert_cmpint (framing.start, ==, day (2000, 1, 1));
}

/* An itinerary that holds a fair share of the events in less time than
 * the dense window is the story; one with too few events is not. */
static void
test_itinerary (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  guint tour = cm_document_add_group (doc, "tour", "Tour", CM_GROUP_ITINERARY);
  CmFraming framing;

  /* Events every month of 2011, and a tour of 5 days with 4 stops. */
  for (guint m = 1; m <= 12; m++)
    add_event (doc, day (2011, m, 1), CM_TIME_INVALID, 0, m, CM_NONE);
  for (guint i = 0; i < 4; i++)
    add_event (doc, day (2011, 5, 23 + i), CM_TIME_INVALID, 50, i * 5, tour);

  g_assert_true (cm_framing_story_for (doc, NULL, tour, &framing));
  g_assert_cmpint (framing.start, ==, day (2011, 5, 23));
  g_assert_cmpint (framing.end, ==, day (2011, 5, 26));
  g_assert_cmpuint (framing.n_events, ==, 4);
  g_assert_cmpfloat (framing.min_lon, ==, 0);
  g_assert_cmpfloat (framing.max_lon, ==, 15);

  /* Without the itinerary: the dense window. */
  g_assert_true (cm_framing_story_for (doc, NULL, CM_NONE, &framing));
  g_assert_cmpint (framing.end - framing.start, >, 100 * DAY);

  /* Too few of the events: 4 of 40. */
  for (guint i = 0; i < 24; i++)
    add_event (doc, day (2011, 6, 1 + i), CM_TIME_INVALID, 0, 0, CM_NONE);
  g_assert_true (cm_framing_story_for (doc, NULL, tour, &framing));
  g_assert_cmpint (framing.start, !=, day (2011, 5, 23));
}

/* The bundled dataset opens on the tour week, in Europe. */
static void
test_deauville (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_autoptr(CmSession) session = NULL;
  g_autoptr(CmItinerary) itinerary = NULL;
  CmFraming framing;

  g_assert_no_error (error);
  session = cm_session_new (doc);
  cm_session_flush (session);

  g_assert_true (cm_framing_story (session, &framing));
  g_assert_cmpint (framing.start, >=, cm_time_from_civil (2011, 5, 22, 0, 0, 0));
  g_assert_cmpint (framing.start, <=, cm_time_from_civil (2011, 5, 23, 12, 0, 0));
  g_assert_cmpint (framing.end, >=, cm_time_from_civil (2011, 5, 28, 0, 0, 0));
  g_assert_cmpint (framing.end, <=, cm_time_from_civil (2011, 5, 29, 0, 0, 0));
  /* Ireland to Poland. */
  g_assert_true (framing.has_places);
  g_assert_cmpfloat (framing.min_lon, >, -12);
  g_assert_cmpfloat (framing.max_lon, <, 25);
  g_assert_cmpfloat (framing.min_lat, >, 45);
  g_assert_cmpfloat (framing.max_lat, <, 56);

  /* All of it goes to 2020 and across the world. */
  g_assert_true (cm_framing_all (session, &framing));
  g_assert_cmpint (framing.end, >=, cm_time_from_civil (2020, 1, 1, 0, 0, 0));
  g_assert_cmpfloat (framing.max_lon, >, 140);

  /* The played itinerary: its stops. */
  itinerary = cm_itinerary_new (doc, cm_document_find_group (doc, "obama-tour-2011"));
  g_assert_true (cm_framing_itinerary (itinerary, &framing));
  g_assert_cmpuint (framing.n_events, ==, cm_itinerary_get_n_stops (itinerary));
  g_assert_cmpfloat (framing.min_lon, <, -6);
  g_assert_cmpfloat (framing.max_lon, >, 20);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/framing/outlier", test_outlier);
  g_test_add_func ("/framing/single", test_single);
  g_test_add_func ("/framing/one-instant", test_one_instant);
  g_test_add_func ("/framing/empty", test_empty);
  g_test_add_func ("/framing/bce", test_bce);
  g_test_add_func ("/framing/spread", test_spread);
  g_test_add_func ("/framing/narrowest-lons", test_narrowest_lons);
  g_test_add_func ("/framing/matches", test_matches);
  g_test_add_func ("/framing/itinerary", test_itinerary);
  g_test_add_func ("/framing/pending", test_pending);
  g_test_add_func ("/framing/deauville", test_deauville);

  return g_test_run ();
}
