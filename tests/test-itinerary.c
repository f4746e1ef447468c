/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "cm-core.h"
#include "cm-itinerary.h"
#include "cm-native.h"
#include "cm-projection.h"
#include "cm-test-util.h"

static CmDocument *
load_deauville (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  CmDocument *doc = cm_native_load_file (file, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static const struct
{
  const char *name;
  double      lat, lon;
} cities[] = {
  { "Dublin", 53.35, -6.26 },
  { "Moneygall", 52.88, -7.96 },
  { "London", 51.51, -0.13 },
  { "Deauville", 49.36, 0.07 },
  { "Paris", 48.86, 2.35 },
  { "Warsaw", 52.23, 21.01 },
  { "Brussels", 50.85, 4.35 },
  { "Belgrade", 44.79, 20.45 },
};

static const char *
nearest_city (double lat,
              double lon)
{
  const char *best = NULL;
  double best_km = G_MAXDOUBLE;

  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    {
      double km = cm_great_circle_distance (lat, lon, cities[i].lat, cities[i].lon);

      if (km < best_km)
        {
          best_km = km;
          best = cities[i].name;
        }
    }

  return best;
}

static void
test_deauville_route (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmItinerary) itinerary = NULL;
  g_autoptr(GPtrArray) route = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  guint group = cm_document_find_group (doc, "obama-tour-2011");
  guint n_with_coordinates = 0, n_in_stops = 0;

  g_assert_cmpuint (group, !=, CM_NONE);
  g_assert_cmpint (cm_document_get_group (doc, group)->kind, ==, CM_GROUP_ITINERARY);

  itinerary = cm_itinerary_new (doc, group);
  g_assert_cmpuint (cm_itinerary_get_group (itinerary), ==, group);
  g_assert_cmpuint (cm_itinerary_get_n_stops (itinerary), >=, 7);

  for (guint i = 0; i < cm_itinerary_get_n_stops (itinerary); i++)
    {
      const CmStop *stop = cm_itinerary_get_stop (itinerary, i);
      const char *city = nearest_city (stop->lat, stop->lon);

      /* Time order, and each stop holds what it says. */
      g_assert_cmpint (stop->arrive, <=, stop->depart);
      if (i > 0)
        g_assert_cmpint (cm_itinerary_get_stop (itinerary, i - 1)->arrive, <=, stop->arrive);
      g_assert_cmpuint (stop->n_events, >=, 1);
      g_assert_cmpuint (stop->first, <=, stop->last);
      g_assert_cmpuint (stop->serial, ==, cm_event_store_get_serial (store, stop->first));
      g_assert_cmpint (stop->arrive, ==, cm_event_store_get_start (store, stop->first));
      g_assert_nonnull (stop->place);
      n_in_stops += stop->n_events;

      if (route->len == 0 || !g_str_equal (g_ptr_array_index (route, route->len - 1), city))
        g_ptr_array_add (route, (gpointer) city);
    }
  g_ptr_array_add (route, NULL);

  joined = g_strjoinv (" → ", (char **) route->pdata);
  g_assert_cmpstr (joined, ==, "Dublin → Moneygall → Dublin → London → Deauville → Paris → Warsaw");

  /* Every event of the group with coordinates is in exactly one stop, within
   * 2 km of it; the events without coordinates in none. */
  for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
    {
      double lat, lon;
      guint s = cm_itinerary_find_stop (itinerary, p);

      if (cm_event_store_get_group (store, p) != group
          || !cm_event_store_get_coordinates (store, p, &lat, &lon))
        {
          g_assert_cmpuint (s, ==, CM_NONE);
          continue;
        }
      n_with_coordinates++;
      g_assert_cmpuint (s, <, cm_itinerary_get_n_stops (itinerary));
      {
        const CmStop *stop = cm_itinerary_get_stop (itinerary, s);

        g_assert_cmpfloat (cm_great_circle_distance (stop->lat, stop->lon, lat, lon), <=, 2.0);
        g_assert_cmpuint (p, >=, stop->first);
        g_assert_cmpuint (p, <=, stop->last);
      }
    }
  g_assert_cmpuint (n_in_stops, ==, n_with_coordinates);

  /* Deauville: the four events at the same place make one stop. */
  for (guint i = 0; i < cm_itinerary_get_n_stops (itinerary); i++)
    {
      const CmStop *stop = cm_itinerary_get_stop (itinerary, i);

      if (g_str_equal (nearest_city (stop->lat, stop->lon), "Deauville"))
        g_assert_cmpuint (stop->n_events, ==, 4);
    }
}

static void
test_deauville_locate (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  guint group = cm_document_find_group (doc, "obama-tour-2011");
  g_autoptr(CmItinerary) itinerary = cm_itinerary_new (doc, group);
  guint n = cm_itinerary_get_n_stops (itinerary);
  const CmStop *first = cm_itinerary_get_stop (itinerary, 0);
  const CmStop *last = cm_itinerary_get_stop (itinerary, n - 1);
  double lat, lon;
  guint stop;
  gboolean travelling;

  /* Before, and after. */
  g_assert_true (cm_itinerary_locate (itinerary, first->arrive - 86400, &lat, &lon, &stop,
                                      &travelling));
  g_assert_cmpuint (stop, ==, 0);
  g_assert_false (travelling);
  g_assert_cmpfloat (lat, ==, first->lat);
  g_assert_true (cm_itinerary_locate (itinerary, last->depart + 86400, &lat, &lon, &stop,
                                      &travelling));
  g_assert_cmpuint (stop, ==, n - 1);
  g_assert_false (travelling);
  g_assert_cmpfloat (lon, ==, last->lon);

  for (guint i = 0; i + 1 < n; i++)
    {
      const CmStop *here = cm_itinerary_get_stop (itinerary, i);
      const CmStop *next = cm_itinerary_get_stop (itinerary, i + 1);
      double mid_lat, mid_lon;
      CmTime t;

      /* Stops that overlap in time are not told apart by time. */
      if (next->arrive <= here->depart + 1)
        continue;

      /* At the stop from its arrival to its departure. */
      g_assert_true (cm_itinerary_locate (itinerary, here->arrive, &lat, &lon, &stop, &travelling));
      g_assert_cmpuint (stop, ==, i);
      g_assert_false (travelling);
      g_assert_cmpfloat (lat, ==, here->lat);
      g_assert_cmpfloat (lon, ==, here->lon);
      g_assert_true (cm_itinerary_locate (itinerary, here->depart, NULL, NULL, &stop, &travelling));
      g_assert_cmpuint (stop, ==, i);
      g_assert_false (travelling);

      /* Halfway in time is halfway along the great circle. */
      t = here->depart + (next->arrive - here->depart) / 2;
      g_assert_true (cm_itinerary_locate (itinerary, t, &lat, &lon, &stop, &travelling));
      g_assert_cmpuint (stop, ==, i);
      g_assert_true (travelling);
      cm_great_circle_point (here->lat, here->lon, next->lat, next->lon,
                             (double) (t - here->depart) / (double) (next->arrive - here->depart),
                             &mid_lat, &mid_lon);
      g_assert_cmpfloat_with_epsilon (lat, mid_lat, 1e-9);
      g_assert_cmpfloat_with_epsilon (lon, mid_lon, 1e-9);
    }
}

static guint
add_event (CmEventStore *store,
           CmTime        start,
           CmTime        end,
           double        lat,
           double        lon,
           guint         group)
{
  CmEventData data;

  cm_event_data_init (&data);
  data.title = "Event";
  data.place = "Somewhere";
  data.start = start;
  data.end = end;
  data.precision = CM_PRECISION_MINUTE;
  data.end_precision = CM_PRECISION_MINUTE;
  data.lat = lat;
  data.lon = lon;
  data.group = group;
  return cm_event_store_insert (store, &data);
}

static void
test_merging (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmItinerary) itinerary = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  guint trip = cm_document_add_group (doc, "trip", "Trip", CM_GROUP_ITINERARY);
  guint other = cm_document_add_group (doc, "other", "Other", CM_GROUP_LANE);
  const CmStop *stop;
  double lat, lon;
  guint index;
  gboolean travelling;

  add_event (store, 0, 3600, 0, 0, trip);
  add_event (store, 600, 7200, 0, 0.01, trip);                 /* 1.1 km away, ends later */
  add_event (store, 1000, CM_TIME_INVALID, 10, 10, other);     /* another group */
  add_event (store, 5000, CM_TIME_INVALID, NAN, NAN, trip);    /* no coordinates */
  add_event (store, 10800, 14400, 0, 0.05, trip);              /* 5.6 km from the first */
  add_event (store, 18000, CM_TIME_INVALID, 0, 0.06, trip);    /* 1.1 km from that one */
  add_event (store, 21600, CM_TIME_INVALID, 0, 0.01, trip);    /* back, after a stop elsewhere */

  itinerary = cm_itinerary_new (doc, trip);
  g_assert_cmpuint (cm_itinerary_get_n_stops (itinerary), ==, 3);

  stop = cm_itinerary_get_stop (itinerary, 0);
  g_assert_cmpuint (stop->n_events, ==, 2);
  g_assert_cmpint (stop->arrive, ==, 0);
  g_assert_cmpint (stop->depart, ==, 7200);
  g_assert_cmpstr (stop->place, ==, "Somewhere");
  stop = cm_itinerary_get_stop (itinerary, 1);
  g_assert_cmpuint (stop->n_events, ==, 2);
  g_assert_cmpint (stop->arrive, ==, 10800);
  g_assert_cmpint (stop->depart, ==, 18000);
  g_assert_cmpfloat (stop->lon, ==, 0.05);
  stop = cm_itinerary_get_stop (itinerary, 2);
  g_assert_cmpuint (stop->n_events, ==, 1);
  g_assert_cmpint (stop->arrive, ==, stop->depart);

  /* A quarter of the way in time from the first stop to the second. */
  g_assert_true (cm_itinerary_locate (itinerary, 7200 + 900, &lat, &lon, &index, &travelling));
  g_assert_true (travelling);
  g_assert_cmpuint (index, ==, 0);
  g_assert_cmpfloat_with_epsilon (lat, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 0.0125, 1e-9);

  /* Every stop of a group of other kind works too; a group without events
   * has no stop. */
  {
    g_autoptr(CmItinerary) lane = cm_itinerary_new (doc, other);
    g_autoptr(CmItinerary) none = cm_itinerary_new (doc, 42);

    g_assert_cmpuint (cm_itinerary_get_n_stops (lane), ==, 1);
    g_assert_cmpuint (cm_itinerary_get_n_stops (none), ==, 0);
    g_assert_false (cm_itinerary_locate (none, 0, &lat, &lon, &index, &travelling));
    g_assert_cmpuint (cm_itinerary_find_stop (none, 0), ==, CM_NONE);
  }
}

static void
test_boxed (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmItinerary *itinerary = cm_itinerary_new (doc, 0);
  CmItinerary *copy;
  GValue value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (CM_TYPE_ITINERARY));
  copy = g_boxed_copy (CM_TYPE_ITINERARY, itinerary);
  g_assert_true (copy == itinerary);
  g_boxed_free (CM_TYPE_ITINERARY, copy);

  g_value_init (&value, CM_TYPE_ITINERARY);
  g_value_set_boxed (&value, itinerary);
  g_assert_true (g_value_get_boxed (&value) == itinerary);
  g_value_unset (&value);

  cm_itinerary_unref (itinerary);
}

/* Sets the order of the event at @position through the store. */
static void
set_order (CmEventStore *store,
           guint         position,
           guint         order)
{
  guint serial = cm_event_store_get_serial (store, position);

  cm_event_store_set_orders (store, &serial, &order, 1);
  g_assert_cmpuint (cm_event_store_get_order (store, position), ==, order);
}

static void
test_explicit_order (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  guint trip = cm_document_add_group (doc, "trip", "Trip", CM_GROUP_ITINERARY);
  CmTime day = 86400 * 100;
  guint n_events;
  const guint *serials;

  /* Three stops of one day, all dated at its midnight, then one the day
   * after: in time order they tie and follow load order. */
  add_event (store, day, CM_TIME_INVALID, 10, 10, trip);   /* A */
  add_event (store, day, CM_TIME_INVALID, 20, 20, trip);   /* B */
  add_event (store, day, CM_TIME_INVALID, 30, 30, trip);   /* C */
  add_event (store, day + 86400, CM_TIME_INVALID, 40, 40, trip);  /* D */

  {
    g_autoptr(CmItinerary) itinerary = cm_itinerary_new (doc, trip);

    g_assert_cmpuint (cm_itinerary_get_n_stops (itinerary), ==, 4);
    g_assert_cmpfloat (cm_itinerary_get_stop (itinerary, 0)->lat, ==, 10);
    g_assert_cmpfloat (cm_itinerary_get_stop (itinerary, 2)->lat, ==, 30);
  }

  /* C, A, B by explicit order; D has none and keeps its time after them. */
  set_order (store, 2, 1);
  set_order (store, 0, 2);
  set_order (store, 1, 3);
  {
    g_autoptr(CmItinerary) itinerary = cm_itinerary_new (doc, trip);
    const double expected[] = { 30, 10, 20, 40 };

    g_assert_cmpuint (cm_itinerary_get_n_stops (itinerary), ==, 4);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpfloat (cm_itinerary_get_stop (itinerary, i)->lat, ==, expected[i]);
    /* find_stop still answers by store position. */
    g_assert_cmpuint (cm_itinerary_find_stop (itinerary, 2), ==, 0);
    g_assert_cmpuint (cm_itinerary_find_stop (itinerary, 0), ==, 1);
    g_assert_cmpuint (cm_itinerary_find_stop (itinerary, 3), ==, 3);
    serials = cm_itinerary_get_stop_serials (itinerary, 0, &n_events);
    g_assert_cmpuint (n_events, ==, 1);
    g_assert_cmpuint (serials[0], ==, cm_event_store_get_serial (store, 2));
  }

  /* D ordered first although it is the day after: it comes first, and the
   * arrivals after it never go back in time (playback needs that). An
   * event without an order that starts earlier than every ordered one
   * still comes first. */
  set_order (store, 3, 1);
  set_order (store, 2, 2);
  set_order (store, 0, 3);
  set_order (store, 1, 4);
  add_event (store, day - 3600, CM_TIME_INVALID, 50, 50, trip);  /* E, position 0 */
  {
    g_autoptr(CmItinerary) itinerary = cm_itinerary_new (doc, trip);
    const double expected[] = { 50, 40, 30, 10, 20 };
    CmTime previous = G_MININT64;

    g_assert_cmpuint (cm_itinerary_get_n_stops (itinerary), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        const CmStop *stop = cm_itinerary_get_stop (itinerary, i);

        g_assert_cmpfloat (stop->lat, ==, expected[i]);
        g_assert_cmpint (stop->arrive, >=, previous);
        g_assert_cmpint (stop->depart, >=, stop->arrive);
        previous = stop->arrive;
      }
    g_assert_cmpint (cm_itinerary_get_stop (itinerary, 1)->arrive, ==, day + 86400);
    g_assert_cmpint (cm_itinerary_get_stop (itinerary, 2)->arrive, ==, day + 86400);
  }
}

/* The stops with a matching event, against a brute force over each stop's
 * events, on random documents (stops of one or more events, events of
 * other groups and without coordinates in between) and random filter
 * results. */
static void
test_matched_stops (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20111);

  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(CmDocument) doc = cm_document_new ();
      g_autoptr(CmItinerary) itinerary = NULL;
      g_autoptr(CmMatchSet) matches = NULL;
      CmEventStore *store = cm_document_get_store (doc);
      guint trip = cm_document_add_group (doc, "trip", "Trip", CM_GROUP_ITINERARY);
      guint other = cm_document_add_group (doc, "other", "Other", CM_GROUP_LANE);
      guint n = (guint) g_rand_int_range (rand, 1, 200), n_stops, n_matched, n_positions = 0;
      guint32 *positions = g_new (guint32, n);
      g_autofree guint *matched = NULL;
      double lat = 0;

      for (guint i = 0; i < n; i++)
        {
          gboolean mine = g_rand_int_range (rand, 0, 4) != 0;
          gboolean placed = g_rand_int_range (rand, 0, 8) != 0;

          /* Often the same place as the one before: a stop of several. */
          if (g_rand_int_range (rand, 0, 3) == 0)
            lat += 1;
          add_event (store, (CmTime) i * 3600, CM_TIME_INVALID, placed ? lat : NAN, placed ? lat : NAN,
                     mine ? trip : other);
        }
      for (guint p = 0; p < n; p++)
        if (g_rand_int_range (rand, 0, round % 4 + 2) == 0)
          positions[n_positions++] = p;
      matches = round % 10 == 9 ? cm_match_set_new_all (n) : cm_match_set_new_take (n, positions, n_positions);
      if (round % 10 == 9)
        g_free (positions);

      itinerary = cm_itinerary_new (doc, trip);
      n_stops = cm_itinerary_get_n_stops (itinerary);
      matched = g_new (guint, MAX (n_stops, 1));
      n_matched = cm_itinerary_get_matched_stops (itinerary, matches, matched);

      {
        guint k = 0;

        for (guint s = 0; s < n_stops; s++)
          {
            guint n_events;
            const guint *serials = cm_itinerary_get_stop_serials (itinerary, s, &n_events);
            gboolean any = FALSE;

            for (guint e = 0; e < n_events; e++)
              any |= cm_match_set_contains (matches, cm_event_store_find_serial (store, serials[e]));
            if (any)
              {
                g_assert_cmpuint (k, <, n_matched);
                g_assert_cmpuint (matched[k], ==, s);
                k++;
              }
          }
        g_assert_cmpuint (k, ==, n_matched);
      }

      /* No filter: every stop. */
      g_assert_cmpuint (cm_itinerary_get_matched_stops (itinerary, NULL, matched), ==, n_stops);
    }
}

static void
test_affected (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmItinerary) itinerary = NULL;
  g_autoptr(CmItinerary) same = NULL;
  g_autoptr(CmItinerary) moved = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  guint trip = cm_document_add_group (doc, "trip", "Trip", CM_GROUP_ITINERARY);
  guint other = cm_document_add_group (doc, "other", "Other", CM_GROUP_LANE);
  CmEventData data;
  guint position;

  add_event (store, 1000, CM_TIME_INVALID, 10, 10, trip);
  add_event (store, 2000, CM_TIME_INVALID, 0, 0, other);
  add_event (store, 3000, CM_TIME_INVALID, 20, 20, trip);
  itinerary = cm_itinerary_new (doc, trip);

  /* An event of another group changed in place: not affected, and the
   * positions did not move, so relocating gives the same snapshot. */
  cm_event_store_get_data (store, 1, &data);
  data.title = "Renamed";
  position = cm_event_store_replace (store, 1, &data);
  g_assert_false (cm_itinerary_is_affected (itinerary, store, position, 1, 1));
  same = cm_itinerary_relocate (itinerary, store);
  g_assert_true (same == itinerary);

  /* One added before every stop: not affected, but positions shift. */
  position = add_event (store, 0, CM_TIME_INVALID, 5, 5, other);
  g_assert_cmpuint (position, ==, 0);
  g_assert_false (cm_itinerary_is_affected (itinerary, store, 0, 0, 1));
  moved = cm_itinerary_relocate (itinerary, store);
  g_assert_true (moved != itinerary);
  g_assert_cmpuint (cm_itinerary_get_n_stops (moved), ==, 2);
  g_assert_cmpuint (cm_itinerary_get_stop (moved, 0)->first, ==, 1);
  g_assert_cmpuint (cm_itinerary_get_stop (moved, 1)->last, ==, 3);
  g_assert_cmpuint (cm_itinerary_find_stop (moved, 3), ==, 1);
  g_assert_cmpuint (cm_itinerary_find_stop (moved, 2), ==, CM_NONE);
  g_assert_cmpstr (cm_itinerary_get_stop (moved, 0)->place, ==, "Somewhere");

  /* An event of the group added, one of its events moved into another
   * group, one removed: each affects it. */
  position = add_event (store, 1500, CM_TIME_INVALID, 30, 30, trip);
  g_assert_true (cm_itinerary_is_affected (moved, store, position, 0, 1));
  cm_event_store_remove (store, position);
  g_assert_false (cm_itinerary_is_affected (moved, store, position, 1, 0));
  {
    guint serial = cm_event_store_get_serial (store, 3);

    cm_event_store_set_groups (store, &serial, 1, other);
    g_assert_true (cm_itinerary_is_affected (moved, store, 3, 1, 1));
    cm_event_store_remove (store, 3);
    g_assert_true (cm_itinerary_is_affected (moved, store, 3, 1, 0));
  }
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/core/itinerary/deauville-route", test_deauville_route);
  g_test_add_func ("/core/itinerary/deauville-locate", test_deauville_locate);
  g_test_add_func ("/core/itinerary/merging", test_merging);
  g_test_add_func ("/core/itinerary/boxed", test_boxed);
  g_test_add_func ("/core/itinerary/explicit-order", test_explicit_order);
  g_test_add_func ("/core/itinerary/affected", test_affected);
  g_test_add_func ("/core/itinerary/matched-stops", test_matched_stops);

  return g_test_run ();
}
