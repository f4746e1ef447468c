/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cm-bench window: the real window on a generated document, under the
 * display it is given (xvfb-run when there is none, with GTK's cairo
 * renderer unless GSK_RENDERER says otherwise). A child process per
 * run opens the file, then drives panning, zooming, playback and a typed
 * search, reading the time each frame takes on the frame clock. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cm-application.h"
#include "cm-bench.h"
#include "cm-core.h"
#include "cm-native.h"
#include "cm-playback.h"
#include "cm-window.h"
#include "cm-window-private.h"

#define PAN_FRAMES      240
#define ZOOM_FRAMES     160
#define PLAYBACK_FRAMES 240
#define MAX_FRAMES      (PAN_FRAMES + ZOOM_FRAMES + PLAYBACK_FRAMES)
#define SEARCH_TEXT     "summit"
#define DRAG_STEPS      20

typedef enum
{
  PHASE_OPENING,
  PHASE_PAN,
  PHASE_ZOOM,
  PHASE_PLAYBACK,
  PHASE_IDLE,
} Phase;

typedef struct
{
  CmWindow      *window;
  GdkFrameClock *clock;
  Phase          phase;
  guint          phase_frame;
  gint64         paint_start;
  double         frames[MAX_FRAMES];
  guint          n_frames;
  guint64        painted;      /* frames painted since the start */
  double         pan_velocity; /* window widths per frame */
  /* The longest the main loop went without running the watchdog. */
  gint64         last_beat;
  gint64         longest_gap;
  /* The frame's phases, and the longest of each during the search. */
  gint64         layout_start;
  gint64         paint_phase_start;
  gboolean       searching;
  double         search_layout_max;
  double         search_paint_max;
  double         search_frame_max;
} Run;

/* The frame clock's phases run in order: update, layout, paint. These
 * handlers run after GTK's own, so each marks the end of its phase. */
static void
update_done_cb (GdkFrameClock *clock,
                Run           *run)
{
  run->layout_start = g_get_monotonic_time ();
}

static void
layout_done_cb (GdkFrameClock *clock,
                Run           *run)
{
  run->paint_phase_start = g_get_monotonic_time ();
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Run           *run)
{
  run->paint_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Run           *run)
{
  run->painted++;
  if (run->searching && run->paint_start > 0 && run->layout_start > 0 && run->paint_phase_start > 0)
    {
      gint64 now = g_get_monotonic_time ();

      run->search_frame_max = MAX (run->search_frame_max, (now - run->paint_start) / 1000.0);
      run->search_layout_max = MAX (run->search_layout_max,
                                    (run->paint_phase_start - run->layout_start) / 1000.0);
      run->search_paint_max = MAX (run->search_paint_max, (now - run->paint_phase_start) / 1000.0);
    }
  run->layout_start = run->paint_phase_start = 0;
  if (run->phase >= PHASE_PAN && run->phase <= PHASE_PLAYBACK && run->n_frames < MAX_FRAMES
      && run->paint_start > 0)
    run->frames[run->n_frames++] = (g_get_monotonic_time () - run->paint_start) / 1000.0;
  run->paint_start = 0;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();

  if (run->last_beat > 0)
    run->longest_gap = MAX (run->longest_gap, now - run->last_beat);
  run->last_beat = now;

  return G_SOURCE_CONTINUE;
}

/* Each frame moves the shared window as a user's gesture would. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Run *run = user_data;
  CmViewport *viewport = cm_window_get_viewport (run->window);
  CmTime start = cm_viewport_get_start (viewport);
  CmTime end = cm_viewport_get_end (viewport);
  double width = (double) (end - start);

  switch (run->phase)
    {
    case PHASE_PAN:
      {
        /* A fling: fast at first, slowing down, then another. */
        CmTime shift;

        if (run->phase_frame % 60 == 0)
          run->pan_velocity = (run->phase_frame / 60) % 2 == 0 ? 0.04 : -0.04;
        run->pan_velocity *= 0.95;
        shift = (CmTime) (width * run->pan_velocity);
        cm_viewport_set_window (viewport, start + shift, end + shift);
        if (++run->phase_frame == PAN_FRAMES)
          {
            run->phase = PHASE_ZOOM;
            run->phase_frame = 0;
          }
      }
      break;

    case PHASE_ZOOM:
      {
        /* In by 4 % a frame for half the frames, then out again. */
        double factor = run->phase_frame < ZOOM_FRAMES / 2 ? 0.96 : 1 / 0.96;
        CmTime middle = start + (CmTime) (width / 2);
        CmTime half = (CmTime) MAX (60.0, width * factor / 2);

        cm_viewport_set_window (viewport, middle - half, middle + half);
        if (++run->phase_frame == ZOOM_FRAMES)
          {
            CmPlayback *playback = cm_session_get_playback (cm_window_get_session (run->window));

            run->phase = PHASE_PLAYBACK;
            run->phase_frame = 0;
            cm_playback_set_group (playback, 0);
            cm_playback_set_speed (playback, CM_PLAYBACK_SPEED_WEEK);
            cm_playback_play (playback);
          }
      }
      break;

    case PHASE_PLAYBACK:
      if (++run->phase_frame == PLAYBACK_FRAMES)
        {
          CmPlayback *playback = cm_session_get_playback (cm_window_get_session (run->window));

          cm_playback_pause (playback);
          run->phase = PHASE_IDLE;
        }
      break;

    case PHASE_OPENING:
    case PHASE_IDLE:
    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static void
iterate_until_painted (Run *run)
{
  guint64 painted = run->painted;

  /* Two frames: the one that may have started before, and a whole one. */
  while (run->painted < painted + 2)
    g_main_context_iteration (NULL, TRUE);
}

/* The filter holds @text (an empty entry is no search). */
static gboolean
search_is (CmEventFilter *filter,
           const char    *text)
{
  const char *search = cm_event_filter_get_search (filter);

  return g_strcmp0 (search != NULL ? search : "", text) == 0;
}

static gboolean
search_settled (CmWindow *window)
{
  return !cm_session_get_pending (cm_window_get_session (window));
}

/* The timeline has the lanes of the result published (built in a thread
 * meanwhile, the previous ones drawn). */
static gboolean
timeline_settled (CmWindow *window)
{
  CmTimelineView *view = CM_TIMELINE_VIEW (cm_window_get_timeline (window));

  return cm_timeline_renderer_get_prepared (cm_timeline_view_get_renderer (view));
}

int
bench_window_child (const char *path)
{
  g_autoptr(CmApplication) app = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkEditable *search;
  CmEventFilter *filter;
  Run run = { 0 };
  double t0 = now_s ();
  double search_times[G_N_ELEMENTS (SEARCH_TEXT) * 2];
  double keystroke_ms[G_N_ELEMENTS (SEARCH_TEXT) * 2];
  double published_ms[G_N_ELEMENTS (SEARCH_TEXT) * 2];
  guint n_search = 0;
  gint64 search_gap = 0;
  gsize rss, peak;
  guint watchdog;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/chronomap-bench-bus", FALSE);

  app = cm_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  run.window = cm_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (run.window), 1600, 900);
  cm_window_open_file (run.window, file);
  gtk_window_present (GTK_WINDOW (run.window));

  while (run.clock == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      run.clock = gtk_widget_get_frame_clock (GTK_WIDGET (run.window));
    }
  g_signal_connect (run.clock, "before-paint", G_CALLBACK (before_paint_cb), &run);
  g_signal_connect (run.clock, "after-paint", G_CALLBACK (after_paint_cb), &run);
  g_signal_connect (run.clock, "update", G_CALLBACK (update_done_cb), &run);
  g_signal_connect (run.clock, "layout", G_CALLBACK (layout_done_cb), &run);

  /* Open: from the start of the process to the first frame that shows the
   * loaded document with its filter settled. */
  while (cm_window_get_busy (run.window) || !search_settled (run.window))
    g_main_context_iteration (NULL, TRUE);
  if (cm_window_get_error_count (run.window) > 0)
    g_error ("%s could not be opened", path);
  iterate_until_painted (&run);
  printf ("window_open_1m_s=%.3f\n", now_s () - t0);

  /* Frames. */
  gtk_widget_add_tick_callback (GTK_WIDGET (run.window), tick_cb, &run, NULL);
  run.phase = PHASE_PAN;
  while (run.phase != PHASE_IDLE)
    g_main_context_iteration (NULL, TRUE);
  iterate_until_painted (&run);

  /* Typing a search, then deleting it, a letter at a time: each keystroke
   * until the list, timeline (its lanes swapped in) and map show its
   * result and a frame is out. */
  watchdog = g_timeout_add_full (G_PRIORITY_HIGH, 2, watchdog_cb, &run, NULL);
  run.searching = TRUE;
  search = GTK_EDITABLE (cm_sidebar_get_search_entry (cm_window_get_sidebar (run.window)));
  filter = cm_session_get_filter (cm_window_get_session (run.window));
  for (guint i = 1; i <= 2 * strlen (SEARCH_TEXT); i++)
    {
      guint length = i <= strlen (SEARCH_TEXT) ? i : 2 * strlen (SEARCH_TEXT) - i;
      g_autofree char *text = g_strndup (SEARCH_TEXT, length);
      double start;

      run.last_beat = 0;
      run.longest_gap = 0;
      start = now_s ();
      /* As typing does: a letter added at the end, or the last one gone. */
      if (i <= strlen (SEARCH_TEXT))
        {
          int end = (int) i - 1;

          gtk_editable_insert_text (search, SEARCH_TEXT + i - 1, 1, &end);
        }
      else
        {
          gtk_editable_delete_text (search, (int) length, -1);
        }
      keystroke_ms[n_search] = (now_s () - start) * 1000;
      while (!search_settled (run.window) || !search_is (filter, text))
        g_main_context_iteration (NULL, TRUE);
      published_ms[n_search] = (now_s () - start) * 1000;
      while (!timeline_settled (run.window))
        g_main_context_iteration (NULL, TRUE);
      iterate_until_painted (&run);
      search_times[n_search++] = (now_s () - start) * 1000;
      search_gap = MAX (search_gap, run.longest_gap);
    }
  g_source_remove (watchdog);
  run.searching = FALSE;

  {
    double frames_sorted[MAX_FRAMES];
    double worst = 0;
    guint p99;

    memcpy (frames_sorted, run.frames, run.n_frames * sizeof (double));
    printf ("window_frame_ms_median=%.2f\n", median (frames_sorted, run.n_frames));
    p99 = MIN (run.n_frames - 1, (guint) ceil (run.n_frames * 0.99) - 1);
    printf ("window_frame_ms_p99=%.2f\n", frames_sorted[p99]);
    printf ("window_frames=%u\n", run.n_frames);
    for (guint i = 0; i < n_search; i++)
      worst = MAX (worst, search_times[i]);
    printf ("window_search_ms_median=%.1f\n", median (search_times, n_search));
    printf ("window_search_ms_max=%.1f\n", worst);
    printf ("window_search_block_ms_max=%.1f\n", search_gap / 1000.0);
    /* Where the time goes: the keystroke's own handling, then until the
     * new result is published (the rest is the frame that shows it). */
    printf ("window_search_keystroke_ms_median=%.1f\n", median (keystroke_ms, n_search));
    printf ("window_search_published_ms_median=%.1f\n", median (published_ms, n_search));
    /* The longest frame during the search, and its longest layout and
     * paint phases (the paint holds the views' snapshots). */
    printf ("window_search_frame_ms_max=%.1f\n", run.search_frame_max);
    printf ("window_search_layout_ms_max=%.1f\n", run.search_layout_max);
    printf ("window_search_paint_ms_max=%.1f\n", run.search_paint_max);
  }

  /* A drag of an event on the timeline, zoomed in on it: each step of the
   * pointer as the view makes it (a preview at a million events) until
   * painted (two frames, as above). */
  {
    CmViewport *viewport = cm_window_get_viewport (run.window);
    CmEventStore *store = cm_document_get_store (cm_session_get_document (cm_window_get_session (run.window)));
    guint position = cm_event_store_get_n_events (store) / 2;
    guint serial = cm_event_store_get_serial (store, position);
    CmTime time = cm_event_store_get_start (store, position);
    double steps[DRAG_STEPS];

    cm_viewport_set_selection (viewport, serial);
    cm_viewport_set_window (viewport, time - 3600, time + 3600);
    iterate_until_painted (&run);
    for (guint i = 0; i < DRAG_STEPS; i++)
      {
        double start = now_s ();

        cm_viewport_set_preview (viewport, serial, time + (CmTime) (i + 1) * 60, CM_TIME_INVALID,
                                 NAN, NAN);
        iterate_until_painted (&run);
        steps[i] = (now_s () - start) * 1000;
      }
    cm_viewport_clear_preview (viewport);
    printf ("window_drag_step_ms_median=%.1f\n", median (steps, DRAG_STEPS));
  }

  /* Memory at rest: the window left idle for a while after the work
   * (freed memory goes back to the system then, see
   * cm_core_release_memory_later()). */
  {
    gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      {
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (10000);
      }
  }
  read_memory (&rss, &peak);
  printf ("window_rss_mb=%.1f\n", rss / 1048576.0);
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (run.window));
  while (g_main_context_iteration (NULL, FALSE));

  return 0;
}

static const char *names[] = {
  "window_open_1m_s", "window_frame_ms_median", "window_frame_ms_p99", "window_frames",
  "window_search_ms_median", "window_search_ms_max", "window_search_block_ms_max",
  "window_search_keystroke_ms_median", "window_search_published_ms_median",
  "window_search_frame_ms_max", "window_search_layout_ms_max", "window_search_paint_ms_max",
  "window_rss_mb",
  "window_drag_step_ms_median",
};

void
bench_window (const char *self_path)
{
  g_autoptr(CmDocument) doc = generate (n_events);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cm-bench-window-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *n_text = g_strdup_printf ("%d", n_events);
  g_autofree char *data_dir = NULL;
  double values[G_N_ELEMENTS (names)][8];
  gboolean xvfb = g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "window.chronomap", NULL);
  file = g_file_new_for_path (path);
  if (!cm_native_save_file (doc, file, NULL, &error))
    g_error ("save: %s", error->message);
  g_clear_object (&doc);

  /* The compiled settings schema of the build tree. */
  data_dir = g_build_filename (g_path_get_dirname (self_path), "..", "..", "data", NULL);

  for (int r = 0; r < n_runs; r++)
    {
      const char *argv_xvfb[] = { "xvfb-run", "-a", "-s", "-screen 0 1920x1080x24",
                                  self_path, "--window-child", path, NULL };
      const char *argv_plain[] = { self_path, "--window-child", path, NULL };
      g_auto(GStrv) envp = g_get_environ ();
      g_autofree char *out = NULL;
      int status = 0;

      envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", data_dir, FALSE);
      /* The virtual X server has no GPU: GTK's GL renderer would run on a
       * software rasteriser and measure that. Cairo, unless told else. */
      if (xvfb)
        envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", FALSE);
      if (!g_spawn_sync (NULL, (char **) (xvfb ? argv_xvfb : argv_plain), envp, G_SPAWN_SEARCH_PATH,
                         NULL, NULL, &out, NULL, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        g_error ("window child: %s", error->message);

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        values[i][r] = child_value (out, names[i]);
    }

  printf ("window_events=%s\n", n_text);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    printf ("%s=%.*f\n", names[i], i == 0 ? 3 : 1, median (values[i], (guint) n_runs));
  fflush (stdout);

  g_unlink (path);
  g_rmdir (dir);
}
