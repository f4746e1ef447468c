/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-core.h"
#include "cm-format.h"
#include "cm-history.h"
#include "cm-itinerary.h"
#include "cm-native.h"
#include "format-tests.h"

/* Edits made through CmHistory survive a save and a reload in every
 * writable format, as far as the format holds them. */

#define TOUR_ID "obama-tour-2011"
#define MOVED "Obama meets Sarkozy"
#define CHANGED "Obama and Tusk meet over lunch"
#define CHANGED_TITLE "Obama and Tusk: lunch talks"
#define DELETED "Plane change at Paris-Orly"
#define ADDED "Press briefing on the flight home"
#define RENAMED "Summit"
#define NEW_NAME "Summit of leaders"

typedef struct
{
  const char   *id;
  CompareFlags  flags;          /* what the format does not keep */
  gboolean      keeps_order;    /* the explicit stop order */
} FormatCase;

/* What each format cannot hold (also in the README's table):
 * - CSV: category and group ids (names stand for them), foreign extras;
 * - iCalendar: event ids kept only as UID, no foreign extras, coordinates
 *   to six decimals;
 * - CSV and iCalendar do not keep the explicit stop order (native,
 *   TimelineJS, GeoJSON and KML do). */
static const FormatCase cases[] = {
  { "native", COMPARE_ALL, TRUE },
  { "timelinejs", COMPARE_ALL, TRUE },
  { "csv", COMPARE_NO_EXTRAS, FALSE },
  { "geojson", COMPARE_ALL, TRUE },
  { "kml", COMPARE_ALL, TRUE },
  { "ical", COMPARE_NO_EVENT_IDS | COMPARE_NO_EXTRAS | COMPARE_COORDS_1E6, FALSE },
};

static guint
serial_of (CmDocument *doc,
           const char *title)
{
  guint position = find_title (doc, title);

  g_assert_cmpuint (position, !=, CM_NONE);
  return cm_event_store_get_serial (cm_document_get_store (doc), position);
}

static guint
category_named (CmDocument *doc,
                const char *name)
{
  for (guint i = 0; i < cm_document_get_n_categories (doc); i++)
    if (g_strcmp0 (cm_document_get_category (doc, i)->name, name) == 0)
      return i;

  return CM_NONE;
}

/* The stops' first titles, in stop order. */
static char *
describe_route (CmDocument *doc,
                const char *tour_name)
{
  guint group = CM_NONE;
  g_autoptr(CmItinerary) itinerary = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  CmEventStore *store = cm_document_get_store (doc);

  /* By name: not every format keeps group ids. */
  for (guint i = 0; i < cm_document_get_n_groups (doc); i++)
    if (g_strcmp0 (cm_document_get_group (doc, i)->name, tour_name) == 0)
      group = i;
  g_assert_cmpuint (group, !=, CM_NONE);
  itinerary = cm_itinerary_new (doc, group);
  for (guint i = 0; i < cm_itinerary_get_n_stops (itinerary); i++)
    {
      const CmStop *stop = cm_itinerary_get_stop (itinerary, i);

      g_string_append_printf (text, "%s\n",
                              cm_event_store_get_title (store, cm_event_store_find_serial (store, stop->serial)));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Every kind of edit, each one step: a move by a day (the event is dated
 * by the day), a change of title, place,
 * coordinates and category, an addition, a deletion, a category renamed,
 * the tour's last two stops swapped. */
static void
make_edits (CmDocument *doc)
{
  g_autoptr(CmHistory) history = cm_history_new (doc);
  CmEventStore *store = cm_document_get_store (doc);
  guint tour = cm_document_find_group (doc, TOUR_ID);
  guint summit = category_named (doc, RENAMED);
  guint serial;
  CmEventData data;

  g_assert_cmpuint (summit, !=, CM_NONE);

  serial = serial_of (doc, MOVED);
  cm_event_store_get_data (store, cm_event_store_find_serial (store, serial), &data);
  g_assert_true (cm_history_move_event (history, serial, data.start + 86400));

  serial = serial_of (doc, CHANGED);
  cm_event_store_get_data (store, cm_event_store_find_serial (store, serial), &data);
  data.title = CHANGED_TITLE;
  data.place = "Belweder Palace, Warsaw, Poland";
  data.lat = 52.2139;
  data.lon = 21.0264;
  data.category = summit;
  g_assert_true (cm_history_change_event (history, serial, &data));

  cm_event_data_init (&data);
  data.title = ADDED;
  data.description = "Aboard, on the way back";
  data.place = "Warsaw Chopin Airport, Poland";
  data.start = 1306591200;  /* 2011-05-28T14:00Z */
  data.precision = CM_PRECISION_MINUTE;
  data.utc_offset = 120;
  data.lat = 52.1657;
  data.lon = 20.9671;
  data.category = category_named (doc, "Tour stage");
  data.group = tour;
  cm_history_insert_event (history, &data);

  serial = serial_of (doc, DELETED);
  cm_history_delete_events (history, &serial, 1);

  cm_history_rename_category (history, summit, NEW_NAME);

  {
    g_autoptr(CmItinerary) itinerary = cm_itinerary_new (doc, tour);
    guint n = cm_itinerary_get_n_stops (itinerary);
    g_autofree guint *order = g_new (guint, n);

    g_assert_cmpuint (n, >=, 3);
    for (guint i = 0; i < n; i++)
      order[i] = cm_itinerary_get_stop (itinerary, i)->serial;
    order[n - 2] = cm_itinerary_get_stop (itinerary, n - 1)->serial;
    order[n - 1] = cm_itinerary_get_stop (itinerary, n - 2)->serial;
    g_assert_true (cm_history_reorder_stops (history, tour, order, n));
  }

  g_assert_cmpuint (cm_history_get_position (history), ==, 6);
}

static void
test_format (gconstpointer user_data)
{
  const FormatCase *c = user_data;
  const CmFormat *format = cm_format_by_id (c->id);
  g_autoptr(CmDocument) doc = load_default_dataset ();
  g_autoptr(CmDocument) plain = load_default_dataset ();
  g_autoptr(CmDocument) again = NULL;
  g_autofree char *route = NULL;
  g_autofree char *route_again = NULL;
  CmEventData moved, changed, added;
  guint summit;

  g_assert_nonnull (format);
  make_edits (doc);
  again = reload (format, doc, NULL);

  /* Everything the format holds, event by event. */
  assert_same_events (doc, again, c->flags);

  /* And each edit by name, so that a comparison made blind by a flag
   * still sees it. */
  g_assert_cmpuint (find_title (again, DELETED), ==, CM_NONE);
  g_assert_cmpuint (find_title (again, CHANGED), ==, CM_NONE);
  get_event (again, MOVED, &moved);
  {
    CmEventData original;

    get_event (plain, MOVED, &original);
    g_assert_cmpint (moved.start, ==, original.start + 86400);
  }
  get_event (again, CHANGED_TITLE, &changed);
  g_assert_cmpstr (changed.place, ==, "Belweder Palace, Warsaw, Poland");
  g_assert_cmpfloat_with_epsilon (changed.lat, 52.2139, 1e-6);
  g_assert_cmpfloat_with_epsilon (changed.lon, 21.0264, 1e-6);
  summit = category_named (again, NEW_NAME);
  g_assert_cmpuint (summit, !=, CM_NONE);
  g_assert_cmpuint (category_named (again, RENAMED), ==, CM_NONE);
  g_assert_cmpuint (changed.category, ==, summit);
  get_event (again, ADDED, &added);
  g_assert_cmpint (added.start, ==, 1306591200);
  g_assert_cmpint (added.utc_offset, ==, 120);
  g_assert_cmpstr (added.description, ==, "Aboard, on the way back");
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (again)), ==,
                    cm_event_store_get_n_events (cm_document_get_store (plain)));

  /* The stop order: kept where the format has room for it. */
  {
    const char *tour_name = cm_document_get_group (doc, cm_document_find_group (doc, TOUR_ID))->name;

    route = describe_route (doc, tour_name);
    route_again = describe_route (again, tour_name);
  }
  if (c->keeps_order)
    g_assert_cmpstr (route, ==, route_again);
  else
    /* Lost, so the route is in time order again: the swap shows. */
    g_assert_cmpstr (route, !=, route_again);
}

static CmDocument *
load_native (const char  *text,
             GError     **error)
{
  return cm_native_load_data (text, strlen (text), "stops.chronomap", error);
}

/* The native "stop_order" member: read, written, and checked. */
static void
test_native_stop_order (void)
{
  static const char * const bad[] = { "0", "-1", "1.5", "\"2\"", "true", "3000000000" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CmEventStore *store;

  doc = load_native ("{\"chronomap\": 1, \"events\": [\n"
                     "{\"title\": \"A\", \"start\": \"2011-05-23\", \"stop_order\": 2},\n"
                     "{\"title\": \"B\", \"start\": \"2011-05-23\"}]}", &error);
  g_assert_no_error (error);
  store = cm_document_get_store (doc);
  g_assert_cmpuint (cm_event_store_get_order (store, find_title (doc, "A")), ==, 2);
  g_assert_cmpuint (cm_event_store_get_order (store, find_title (doc, "B")), ==, 0);

  /* Written only when set. */
  bytes = save_data (cm_format_by_id ("native"), doc);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                  "\"stop_order\":2"));
  g_assert_null (g_strstr_len (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                               "\"stop_order\":0"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"chronomap\": 1, \"events\": [\n"
                                               "{\"title\": \"A\", \"stop_order\": %s, \"start\": \"2011\"}]}",
                                               bad[i]);
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(CmDocument) bad_doc = load_native (text, &bad_error);

      g_assert_null (bad_doc);
      g_assert_nonnull (bad_error);
      g_test_message ("%s → %s", bad[i], bad_error->message);
      /* File, line and column, then what is wrong. */
      g_assert_true (g_str_has_prefix (bad_error->message, "stops.chronomap:2:"));
      g_assert_nonnull (strstr (bad_error->message, "stop_order"));
      /* Of another kind: asked for a number, whatever it was. */
      if (bad[i][0] == '"' || bad[i][0] == 't')
        g_assert_nonnull (strstr (bad_error->message, "a number"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  cm_core_init ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/io/edit-round-trip/%s", cases[i].id);

      g_test_add_data_func (path, &cases[i], test_format);
    }
  g_test_add_func ("/io/edit-round-trip/native-stop-order", test_native_stop_order);

  return g_test_run ();
}
