/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cm-core.h"
#include "cm-history.h"
#include "cm-native.h"
#include "cm-playback.h"

#define GROUP_ID "obama-tour-2011"

static CmDocument *
load_dataset (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  CmDocument *document;

  document = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);

  return document;
}

/* A playback of the Deauville tour, paused at its start. */
static CmPlayback *
new_tour_playback (CmDocument *document)
{
  CmPlayback *playback = cm_playback_new (document);
  guint group = cm_document_find_group (document, GROUP_ID);

  g_assert_cmpuint (group, !=, CM_NONE);
  cm_playback_set_group (playback, group);
  g_assert_cmpuint (cm_playback_get_group (playback), ==, group);
  g_assert_nonnull (cm_playback_get_itinerary (playback));
  g_assert_cmpuint (cm_itinerary_get_n_stops (cm_playback_get_itinerary (playback)), >=, 4);

  return playback;
}

static CmTime
arrival (CmPlayback *playback,
         guint       stop)
{
  return cm_itinerary_get_stop (cm_playback_get_itinerary (playback), stop)->arrive;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
check_no_op (CmPlayback *playback)
{
  CmTime start = 0, end = 0;

  g_assert_null (cm_playback_get_itinerary (playback));
  g_assert_false (cm_playback_get_range (playback, &start, &end));
  g_assert_cmpint (cm_playback_get_time (playback), ==, CM_TIME_INVALID);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, CM_NONE);
  g_assert_false (cm_playback_locate (playback, NULL, NULL, NULL));

  cm_playback_play (playback);
  g_assert_false (cm_playback_get_playing (playback));
  cm_playback_toggle (playback);
  g_assert_false (cm_playback_get_playing (playback));
  g_assert_false (cm_playback_can_step_next (playback));
  g_assert_false (cm_playback_can_step_previous (playback));
  g_assert_false (cm_playback_step_next_stop (playback));
  g_assert_false (cm_playback_step_previous_stop (playback));
  cm_playback_seek (playback, 1306000000);
  cm_playback_advance (playback, 10);
  cm_playback_pause (playback);

  g_assert_cmpint (cm_playback_get_time (playback), ==, CM_TIME_INVALID);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, CM_NONE);
  g_assert_false (cm_playback_get_playing (playback));
}

static void
test_no_itinerary (void)
{
  g_autoptr(CmPlayback) playback = cm_playback_new (NULL);
  g_autoptr(CmDocument) empty = cm_document_new ();
  g_autoptr(CmDocument) document = load_dataset ();
  guint time_notifications = 0;
  guint lane;

  g_signal_connect (playback, "notify::time", G_CALLBACK (count_notify_cb), &time_notifications);

  /* No document */
  g_assert_cmpuint (cm_playback_get_group (playback), ==, CM_NONE);
  check_no_op (playback);

  /* A document without itinerary groups */
  cm_document_add_group (empty, "lane", "A lane", CM_GROUP_LANE);
  cm_playback_set_document (playback, empty);
  g_assert_cmpuint (cm_playback_get_group (playback), ==, CM_NONE);
  check_no_op (playback);

  /* A document with one, but a lane chosen */
  cm_playback_set_document (playback, document);
  g_assert_nonnull (cm_playback_get_itinerary (playback));
  lane = cm_document_find_group (document, GROUP_ID) == 0 ? 1 : 0;
  g_assert_cmpint (cm_document_get_group (document, lane)->kind, ==, CM_GROUP_LANE);
  cm_playback_set_group (playback, lane);
  g_assert_cmpuint (cm_playback_get_group (playback), ==, CM_NONE);
  time_notifications = 0;
  check_no_op (playback);
  g_assert_cmpuint (time_notifications, ==, 0);
}

static void
test_default_group (void)
{
  g_autoptr(CmDocument) document = load_dataset ();
  g_autoptr(CmPlayback) playback = cm_playback_new (document);
  CmTime start, end;

  /* The first itinerary group is played without being asked for. */
  g_assert_cmpuint (cm_playback_get_group (playback), ==, cm_document_find_group (document, GROUP_ID));
  g_assert_true (cm_playback_get_range (playback, &start, &end));
  g_assert_cmpint (start, <, end);
  g_assert_cmpint (cm_playback_get_time (playback), ==, start);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 0);
  g_assert_false (cm_playback_get_playing (playback));

  /* Between 22 May 2011 (local midnights east of UTC) and 29 May */
  g_assert_cmpint (start, >=, 1306022400);
  g_assert_cmpint (end, <, 1306713600);
}

static void
test_step (void)
{
  g_autoptr(CmDocument) document = load_dataset ();
  g_autoptr(CmPlayback) playback = new_tour_playback (document);
  guint n_stops = cm_itinerary_get_n_stops (cm_playback_get_itinerary (playback));
  guint stop_notifications = 0;

  g_signal_connect (playback, "notify::stop", G_CALLBACK (count_notify_cb), &stop_notifications);

  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 0);
  g_assert_cmpint (cm_playback_get_time (playback), ==, arrival (playback, 0));
  g_assert_false (cm_playback_can_step_previous (playback));
  g_assert_false (cm_playback_step_previous_stop (playback));

  /* Forwards, one stop at a time, even where stops arrive together. */
  for (guint i = 1; i < n_stops; i++)
    {
      g_assert_true (cm_playback_can_step_next (playback));
      g_assert_true (cm_playback_step_next_stop (playback));
      g_assert_cmpuint (cm_playback_get_stop (playback), ==, i);
      g_assert_cmpint (cm_playback_get_time (playback), ==, arrival (playback, i));
      g_assert_cmpint (arrival (playback, i), >=, arrival (playback, i - 1));
    }
  g_assert_cmpuint (stop_notifications, ==, n_stops - 1);
  g_assert_false (cm_playback_can_step_next (playback));
  g_assert_false (cm_playback_step_next_stop (playback));
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, n_stops - 1);

  /* And back. */
  for (guint i = n_stops - 1; i > 0; i--)
    {
      g_assert_true (cm_playback_step_previous_stop (playback));
      g_assert_cmpuint (cm_playback_get_stop (playback), ==, i - 1);
      g_assert_cmpint (cm_playback_get_time (playback), ==, arrival (playback, i - 1));
    }
  g_assert_false (cm_playback_step_previous_stop (playback));
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 0);

  /* From the middle of a stage, "previous" goes back to its arrival. */
  cm_playback_seek (playback, arrival (playback, 2) + 60);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 2);
  g_assert_true (cm_playback_step_previous_stop (playback));
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 2);
  g_assert_cmpint (cm_playback_get_time (playback), ==, arrival (playback, 2));
  g_assert_true (cm_playback_step_previous_stop (playback));
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 1);
}

static void
test_advance (void)
{
  g_autoptr(CmDocument) document = load_dataset ();
  g_autoptr(CmPlayback) playback = new_tour_playback (document);
  CmItinerary *itinerary = cm_playback_get_itinerary (playback);
  guint n_stops = cm_itinerary_get_n_stops (itinerary);
  const CmStop *from = NULL, *to = NULL;
  guint leg = CM_NONE, time_notifications = 0;
  gboolean was_travelling = FALSE, travelling;
  double lat, lon, from_lat = 0, from_lon = 0;
  CmTime time, end;

  /* A leg: a gap of more than an hour after a stay of half an hour or more. */
  for (guint i = 0; i + 1 < n_stops && leg == CM_NONE; i++)
    {
      from = cm_itinerary_get_stop (itinerary, i);
      to = cm_itinerary_get_stop (itinerary, i + 1);
      if (to->arrive - from->depart > 3600 && from->depart - from->arrive >= 1800)
        leg = i;
    }
  g_assert_cmpuint (leg, !=, CM_NONE);

  cm_playback_set_speed (playback, CM_PLAYBACK_SPEED_HOUR);
  g_assert_cmpint (cm_playback_get_speed (playback), ==, CM_PLAYBACK_SPEED_HOUR);
  cm_playback_seek (playback, from->depart - 1800);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, leg);

  /* Paused: nothing moves. */
  cm_playback_advance (playback, 5);
  g_assert_cmpint (cm_playback_get_time (playback), ==, from->depart - 1800);

  g_signal_connect (playback, "notify::time", G_CALLBACK (count_notify_cb), &time_notifications);
  cm_playback_play (playback);
  g_assert_true (cm_playback_get_playing (playback));

  /* Elapsed × rate, fractions carried over. */
  time = cm_playback_get_time (playback);
  cm_playback_advance (playback, 0.25);
  cm_playback_advance (playback, 0.25);
  cm_playback_advance (playback, 0.25);
  cm_playback_advance (playback, 0.25);
  g_assert_cmpint (cm_playback_get_time (playback), ==, time + 3600);
  g_assert_cmpuint (time_notifications, ==, 4);
  for (guint i = 0; i < 7; i++)
    cm_playback_advance (playback, 1 / 7.);
  g_assert_cmpint (cm_playback_get_time (playback), >=, time + 2 * 3600 - 1);
  g_assert_cmpint (cm_playback_get_time (playback), <=, time + 2 * 3600);

  /* Across the leg: at the stop, travelling, then at the next stop. */
  cm_playback_seek (playback, from->depart - 1);
  g_assert_true (cm_playback_locate (playback, &from_lat, &from_lon, &travelling));
  g_assert_false (travelling);
  g_assert_cmpfloat_with_epsilon (from_lat, from->lat, 1e-6);
  for (guint frame = 0; frame < 10000 && cm_playback_get_stop (playback) == leg; frame++)
    {
      time = cm_playback_get_time (playback);
      cm_playback_advance (playback, 1 / 60.);
      g_assert_cmpint (cm_playback_get_time (playback), ==, time + 60);
      g_assert_true (cm_playback_locate (playback, &lat, &lon, &travelling));
      if (travelling)
        {
          was_travelling = TRUE;
          g_assert_true (lat != from_lat || lon != from_lon);
        }
    }
  g_assert_true (was_travelling);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, leg + 1);
  g_assert_cmpint (cm_playback_get_time (playback), >=, to->arrive);
  g_assert_cmpint (cm_playback_get_time (playback), <, to->arrive + 60);
  g_assert_true (cm_playback_get_playing (playback));

  /* Faster */
  cm_playback_set_speed (playback, CM_PLAYBACK_SPEED_DAY);
  time = cm_playback_get_time (playback);
  cm_playback_advance (playback, 0.5);
  g_assert_true (cm_playback_get_range (playback, NULL, &end));
  g_assert_cmpint (cm_playback_get_time (playback), ==, MIN (time + 43200, end));
  g_assert_cmpfloat (cm_playback_speed_get_rate (CM_PLAYBACK_SPEED_WEEK), ==, 7 * 86400.);
}

static void
test_end (void)
{
  g_autoptr(CmDocument) document = load_dataset ();
  g_autoptr(CmPlayback) playback = new_tour_playback (document);
  guint n_stops = cm_itinerary_get_n_stops (cm_playback_get_itinerary (playback));
  guint playing_notifications = 0;
  CmTime start, end;

  g_assert_true (cm_playback_get_range (playback, &start, &end));
  g_signal_connect (playback, "notify::playing", G_CALLBACK (count_notify_cb), &playing_notifications);

  cm_playback_set_speed (playback, CM_PLAYBACK_SPEED_WEEK);
  cm_playback_seek (playback, end - 100);
  cm_playback_play (playback);
  g_assert_cmpuint (playing_notifications, ==, 1);
  cm_playback_advance (playback, 1);

  /* Clamped to the end, and paused. */
  g_assert_cmpint (cm_playback_get_time (playback), ==, end);
  g_assert_false (cm_playback_get_playing (playback));
  g_assert_cmpuint (playing_notifications, ==, 2);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, n_stops - 1);
  g_assert_false (cm_playback_can_step_next (playback));

  /* Advancing now does nothing; playing again starts over. */
  cm_playback_advance (playback, 1);
  g_assert_cmpint (cm_playback_get_time (playback), ==, end);
  cm_playback_toggle (playback);
  g_assert_true (cm_playback_get_playing (playback));
  g_assert_cmpint (cm_playback_get_time (playback), ==, start);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 0);
  cm_playback_toggle (playback);
  g_assert_false (cm_playback_get_playing (playback));
}

static void
test_seek (void)
{
  g_autoptr(CmDocument) document = load_dataset ();
  g_autoptr(CmPlayback) playback = new_tour_playback (document);
  CmItinerary *itinerary = cm_playback_get_itinerary (playback);
  guint n_stops = cm_itinerary_get_n_stops (itinerary);
  guint time_notifications = 0;
  CmTime start, end;

  g_assert_true (cm_playback_get_range (playback, &start, &end));
  g_signal_connect (playback, "notify::time", G_CALLBACK (count_notify_cb), &time_notifications);

  cm_playback_seek (playback, end + 1000000);
  g_assert_cmpint (cm_playback_get_time (playback), ==, end);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, n_stops - 1);
  cm_playback_seek (playback, start - 1000000);
  g_assert_cmpint (cm_playback_get_time (playback), ==, start);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 0);
  g_assert_cmpuint (time_notifications, ==, 2);

  /* Seeking where it is notifies nothing. */
  cm_playback_seek (playback, start);
  g_assert_cmpuint (time_notifications, ==, 2);

  /* Anywhere in between: the stage is the last stop arrived at. */
  for (CmTime t = start; t <= end; t += 5419)
    {
      guint stop;

      cm_playback_seek (playback, t);
      g_assert_cmpint (cm_playback_get_time (playback), ==, t);
      stop = cm_playback_get_stop (playback);
      g_assert_cmpuint (stop, <, n_stops);
      g_assert_cmpint (cm_itinerary_get_stop (itinerary, stop)->arrive, <=, t);
      if (stop + 1 < n_stops)
        g_assert_cmpint (cm_itinerary_get_stop (itinerary, stop + 1)->arrive, >, t);
    }
}

static void
test_document_changes (void)
{
  g_autoptr(CmDocument) document = load_dataset ();
  g_autoptr(CmDocument) other = load_dataset ();
  g_autoptr(CmPlayback) playback = new_tour_playback (document);
  guint itinerary_notifications = 0;
  CmTime start;

  g_signal_connect (playback, "notify::itinerary", G_CALLBACK (count_notify_cb), &itinerary_notifications);

  cm_playback_step_next_stop (playback);
  cm_playback_step_next_stop (playback);
  cm_playback_play (playback);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 2);

  /* Another document installed in place: rebuilt, from the start. */
  cm_document_take (document, other);
  g_assert_cmpuint (itinerary_notifications, >=, 1);
  g_assert_nonnull (cm_playback_get_itinerary (playback));
  g_assert_true (cm_playback_get_range (playback, &start, NULL));
  g_assert_cmpint (cm_playback_get_time (playback), ==, start);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 0);
  g_assert_false (cm_playback_get_playing (playback));

  /* An empty one: nothing to play. */
  g_clear_object (&other);
  other = cm_document_new ();
  cm_document_take (document, other);
  check_no_op (playback);
}

/* The first event of the store not in the tour group. */
static guint
find_other_event (CmDocument *document,
                  guint       group)
{
  CmEventStore *store = cm_document_get_store (document);

  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    if (cm_event_store_get_group (store, i) != group)
      return i;

  g_assert_not_reached ();
}

static void
test_unrelated_edits (void)
{
  g_autoptr(CmDocument) document = load_dataset ();
  g_autoptr(CmPlayback) playback = new_tour_playback (document);
  g_autoptr(CmHistory) history = cm_history_new (document);
  CmEventStore *store = cm_document_get_store (document);
  guint group = cm_playback_get_group (playback);
  guint rebuilds = _cm_playback_get_n_rebuilds (playback);
  CmItinerary *before = cm_playback_get_itinerary (playback);
  guint first = cm_itinerary_get_stop (before, 0)->first;
  guint n_stops = cm_itinerary_get_n_stops (before);
  guint position, serial;
  CmEventData data;

  cm_playback_step_next_stop (playback);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 1);

  /* Retitling an event of another group: no rebuild, the same itinerary. */
  position = find_other_event (document, group);
  cm_event_store_get_data (store, position, &data);
  data.title = "Another title";
  g_assert_true (cm_history_change_event (history, cm_event_store_get_serial (store, position), &data));
  g_assert_cmpuint (_cm_playback_get_n_rebuilds (playback), ==, rebuilds);
  g_assert_true (cm_playback_get_itinerary (playback) == before);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 1);

  /* Adding one before the whole tour, in no group: no rebuild, but the
   * stops' positions follow, and the stage stays. */
  cm_event_data_init (&data);
  data.title = "Long before";
  data.start = cm_itinerary_get_stop (before, 0)->arrive - 86400 * 365;
  serial = cm_history_insert_event (history, &data);
  g_assert_cmpuint (cm_event_store_find_serial (store, serial), <=, first);
  g_assert_cmpuint (_cm_playback_get_n_rebuilds (playback), ==, rebuilds);
  g_assert_true (cm_playback_get_itinerary (playback) != before);
  before = cm_playback_get_itinerary (playback);
  g_assert_cmpuint (cm_itinerary_get_stop (before, 0)->first, ==, first + 1);
  g_assert_cmpuint (cm_event_store_get_group (store, first + 1), ==, group);
  g_assert_cmpuint (cm_itinerary_find_stop (before, first + 1), ==, 0);
  g_assert_cmpuint (cm_itinerary_get_n_stops (before), ==, n_stops);
  g_assert_cmpuint (cm_playback_get_stop (playback), ==, 1);

  /* Undoing it: the same again. */
  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (_cm_playback_get_n_rebuilds (playback), ==, rebuilds);
  g_assert_cmpuint (cm_itinerary_get_stop (cm_playback_get_itinerary (playback), 0)->first, ==, first);

  /* An event of the tour moved: rebuilt, once. */
  before = cm_playback_get_itinerary (playback);
  serial = cm_itinerary_get_stop (before, 0)->serial;
  g_assert_true (cm_history_move_event (history, serial, cm_itinerary_get_stop (before, 0)->arrive + 60));
  g_assert_cmpuint (_cm_playback_get_n_rebuilds (playback), ==, rebuilds + 1);

  /* The tour's stops reordered: rebuilt once, in the new order. */
  {
    CmItinerary *itinerary = cm_playback_get_itinerary (playback);
    guint n = cm_itinerary_get_n_stops (itinerary);
    g_autofree guint *order = g_new (guint, n);

    for (guint i = 0; i < n; i++)
      order[i] = cm_itinerary_get_stop (itinerary, i)->serial;
    /* The last two stops swap (they are far apart: no merge). */
    order[n - 1] = cm_itinerary_get_stop (itinerary, n - 2)->serial;
    order[n - 2] = cm_itinerary_get_stop (itinerary, n - 1)->serial;
    g_assert_true (cm_history_reorder_stops (history, group, order, n));
    g_assert_cmpuint (_cm_playback_get_n_rebuilds (playback), ==, rebuilds + 2);
    itinerary = cm_playback_get_itinerary (playback);
    g_assert_cmpuint (cm_itinerary_get_stop (itinerary, n - 1)->serial, ==, order[n - 1]);
  }
}

/* A large document: an edit of another event costs no full build (the
 * count of builds is what is checked, not a time). */
static void
test_large_document (void)
{
  g_autoptr(CmDocument) document = cm_document_new ();
  g_autoptr(CmPlayback) playback = NULL;
  g_autoptr(CmHistory) history = cm_history_new (document);
  CmEventStore *store = cm_document_get_store (document);
  guint trip = cm_document_add_group (document, "trip", "Trip", CM_GROUP_ITINERARY);
  const guint n = 200000;
  guint rebuilds;
  CmEventData data;

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      cm_event_data_init (&data);
      data.title = "Event";
      data.start = (CmTime) i * 60;
      data.lat = (i % 90);
      data.lon = (i % 180);
      data.group = i % 10000 == 0 ? trip : CM_NONE;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  playback = cm_playback_new (document);
  g_assert_cmpuint (cm_playback_get_group (playback), ==, trip);
  g_assert_cmpuint (cm_itinerary_get_n_stops (cm_playback_get_itinerary (playback)), ==, n / 10000);
  rebuilds = _cm_playback_get_n_rebuilds (playback);

  cm_event_store_get_data (store, n / 2 + 1, &data);
  data.title = "Changed";
  cm_history_change_event (history, cm_event_store_get_serial (store, n / 2 + 1), &data);
  cm_event_data_init (&data);
  data.title = "Added";
  data.start = 30;
  cm_history_insert_event (history, &data);
  g_assert_cmpuint (_cm_playback_get_n_rebuilds (playback), ==, rebuilds);
  g_assert_cmpuint (cm_itinerary_get_stop (cm_playback_get_itinerary (playback), 1)->first, ==, 10001);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  cm_core_init ();

  g_test_add_func ("/core/playback/no-itinerary", test_no_itinerary);
  g_test_add_func ("/core/playback/default-group", test_default_group);
  g_test_add_func ("/core/playback/step", test_step);
  g_test_add_func ("/core/playback/advance", test_advance);
  g_test_add_func ("/core/playback/end", test_end);
  g_test_add_func ("/core/playback/seek", test_seek);
  g_test_add_func ("/core/playback/document-changes", test_document_changes);
  g_test_add_func ("/core/playback/unrelated-edits", test_unrelated_edits);
  g_test_add_func ("/core/playback/large-document", test_large_document);

  return g_test_run ();
}
