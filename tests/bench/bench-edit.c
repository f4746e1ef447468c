/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Edits through the command history on the synthetic document (1,000,000
 * events by default), as the window makes them:
 *
 *   edit_move_us    moving one event (a random one each time) a day later,
 *                   start and end, by serial: its new place found, the
 *                   events between shifted, the index and serials kept
 *   undo_us         undoing that move
 *   edit_insert_us  adding one event at a random time
 *   edit_delete_us  deleting one random event
 *   edit_move_session_us  the move again with a CmSession following the
 *                   document, as in the window (its own work on the
 *                   change; its search index follows later, in idle)
 *   edit_search_ms  with a search shown ("summit"), a move until the
 *                   session shows the result on the edited store again
 *                   (its search index brought up to date, the search run
 *                   again): median of N_SEARCHED edits
 *
 * Each figure is the median of N_EDITS edits; the first edit, which builds
 * the serials' map once, is not timed. */
#include "config.h"

#include <stdio.h>

#include "cm-bench.h"
#include "cm-history.h"
#include "cm-session.h"

void bench_edit (const char *self_path);

#define N_EDITS 201
#define N_SEARCHED 11
#define DAY     (24 * 3600)

static guint
random_serial (CmEventStore *store,
               GRand        *rand)
{
  guint n = cm_event_store_get_n_events (store);

  return cm_event_store_get_serial (store, (guint) g_rand_int_range (rand, 0, (gint32) n));
}

static void
move_a_day (CmHistory    *history,
            CmEventStore *store,
            guint         serial)
{
  CmTime start = cm_event_store_get_start (store, cm_event_store_find_serial (store, serial));

  cm_history_move_event (history, serial, start + DAY);
}

/* Median microseconds of N_EDITS moves, and of their undos. */
static void
time_moves (CmHistory    *history,
            CmEventStore *store,
            GRand        *rand,
            double       *move_us,
            double       *undo_us)
{
  double moves[N_EDITS], undos[N_EDITS];

  for (guint i = 0; i < N_EDITS; i++)
    {
      guint serial = random_serial (store, rand);
      gint64 t0 = g_get_monotonic_time ();

      move_a_day (history, store, serial);
      moves[i] = (double) (g_get_monotonic_time () - t0);

      t0 = g_get_monotonic_time ();
      cm_history_undo (history);
      undos[i] = (double) (g_get_monotonic_time () - t0);
    }

  *move_us = median (moves, N_EDITS);
  *undo_us = median (undos, N_EDITS);
}

void
bench_edit (const char *self_path)
{
  g_autoptr(CmDocument) doc = generate (n_events);
  CmEventStore *store = cm_document_get_store (doc);
  g_autoptr(CmHistory) history = cm_history_new (doc);
  g_autoptr(GRand) rand = g_rand_new_with_seed (26052011);
  double inserts[N_EDITS], deletes[N_EDITS];
  double move_us, undo_us, session_move_us, session_undo_us;
  double searched[N_SEARCHED];
  CmTime first, last;

  cm_event_store_get_range (store, &first, &last);

  /* Builds the serials' map: once per document. */
  move_a_day (history, store, random_serial (store, rand));
  cm_history_undo (history);

  time_moves (history, store, rand, &move_us, &undo_us);

  for (guint i = 0; i < N_EDITS; i++)
    {
      CmEventData data;
      gint64 t0;
      guint serial;

      cm_event_data_init (&data);
      data.title = "Inserted by the benchmark";
      data.start = first + (CmTime) (g_rand_double (rand) * (double) (last - first));
      data.precision = CM_PRECISION_MINUTE;
      t0 = g_get_monotonic_time ();
      cm_history_insert_event (history, &data);
      inserts[i] = (double) (g_get_monotonic_time () - t0);

      serial = random_serial (store, rand);
      t0 = g_get_monotonic_time ();
      cm_history_delete_events (history, &serial, 1);
      deletes[i] = (double) (g_get_monotonic_time () - t0);
    }

  {
    g_autoptr(CmSession) session = cm_session_new (doc);

    time_moves (history, store, rand, &session_move_us, &session_undo_us);

    cm_event_filter_set_search (cm_session_get_filter (session), "summit");
    cm_session_flush (session);
    for (guint i = 0; i < N_SEARCHED; i++)
      {
        double t0 = now_s ();

        move_a_day (history, store, random_serial (store, rand));
        cm_session_flush (session);
        searched[i] = (now_s () - t0) * 1000;
        g_assert (!cm_session_get_pending (session));
      }
  }

  printf ("edit_events=%d\n", n_events);
  printf ("edit_move_us=%.1f\n", move_us);
  printf ("undo_us=%.1f\n", undo_us);
  printf ("edit_insert_us=%.1f\n", median (inserts, N_EDITS));
  printf ("edit_delete_us=%.1f\n", median (deletes, N_EDITS));
  printf ("edit_move_session_us=%.1f\n", session_move_us);
  printf ("undo_session_us=%.1f\n", session_undo_us);
  printf ("edit_search_ms=%.1f\n", median (searched, N_SEARCHED));
  fflush (stdout);
}
