/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The timeline's frame time: a 1600×400 view into an image surface, 200
 * frames at each of 10 zoom levels from everything to one hour, each frame
 * panned by 1% of the width from the one before (100 to the right, then
 * 100 back), with 1,000,000 events (-n) and with 10,000. The one-off
 * preparation of a document (lanes and their indexes, once per document
 * change) is timed apart, before the frames, and so is the pass that finds
 * the document's time zone (in it, once per change). CM_BENCH_VERBOSE=1 prints
 * each zoom level's figures too. */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cm-bench.h"
#include "cm-timeline-renderer.h"

void bench_timeline (const char *self_path);

#define WIDTH     1600
#define HEIGHT    400
#define N_LEVELS  10
#define N_FRAMES  200
#define N_REQUESTS 5

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static void
run_frames (int     n,
            double *median_ms,
            double *p99_ms,
            double *prepare_ms,
            double *zone_ms)
{
  g_autoptr(CmDocument) doc = generate (n);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  const guint n_times = N_LEVELS * N_FRAMES;
  g_autofree double *times = g_new (double, n_times);
  CmTime first, last;
  double total, t0;
  guint k = 0;

  cm_event_store_get_range (store, &first, &last);
  total = (double) (last - first);
  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_now (renderer, first + (last - first) / 3);

  /* The first frame builds the lanes: once per document change */
  t0 = now_s ();
  cm_timeline_renderer_render (renderer, cr, WIDTH, HEIGHT, first, last);
  *prepare_ms = (now_s () - t0) * 1000;

  t0 = now_s ();
  (void) cm_zone_dominant_offset (store);
  *zone_ms = (now_s () - t0) * 1000;

  for (int level = 0; level < N_LEVELS; level++)
    {
      /* From everything to one hour, evenly on a logarithmic scale */
      double span = total * pow (3600.0 / total, (double) level / (N_LEVELS - 1));
      CmTime width = (CmTime) span;
      CmTime start = first + (CmTime) ((total - span) / 2);

      /* Half a width left of the middle, then 100 frames to the right and
       * 100 back: the window stays around the middle of the data */
      start -= width / 2;

      for (int f = 0; f < N_FRAMES; f++)
        {
          t0 = now_s ();
          cm_timeline_renderer_render (renderer, cr, WIDTH, HEIGHT, start, start + width);
          times[k++] = (now_s () - t0) * 1000;
          start += (f < N_FRAMES / 2 ? 1 : -1) * MAX (width / 100, 1);
        }

      /* Per zoom level, on demand */
      if (g_getenv ("CM_BENCH_VERBOSE") != NULL)
        {
          double copy[N_FRAMES];

          memcpy (copy, times + k - N_FRAMES, sizeof copy);
          qsort (copy, N_FRAMES, sizeof (double), compare_doubles);
          printf ("# %d events, span %.0f s: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
                  n, span, copy[N_FRAMES / 2], copy[N_FRAMES * 99 / 100 - 1], copy[N_FRAMES - 1]);
        }
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  qsort (times, n_times, sizeof (double), compare_doubles);
  *median_ms = median (times, n_times);
  *p99_ms = times[(guint) ceil (0.99 * n_times) - 1];
}

static void
changed_cb (gboolean *changed)
{
  *changed = TRUE;
}

/* Lanes built in a thread (the window's way): what a new document and a
 * new filter result cost the main thread, and how long until they are
 * swapped in. */
static void
run_async (int     n,
           double *document_ms,
           double *document_ready_ms,
           double *request_ms_max,
           double *ready_ms_median,
           double *first_frame_ms_median)
{
  g_autoptr(CmDocument) doc = generate (n);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  double ready[N_REQUESTS], first_frame[N_REQUESTS];
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  gboolean changed = FALSE;
  CmTime first, last, start, end;
  double t0;

  cm_timeline_renderer_set_async_scene (renderer, TRUE);
  g_signal_connect_swapped (renderer, "changed", G_CALLBACK (changed_cb), &changed);

  t0 = now_s ();
  cm_timeline_renderer_set_document (renderer, doc);
  *document_ms = (now_s () - t0) * 1000;
  while (!changed)
    g_main_context_iteration (NULL, TRUE);
  *document_ready_ms = (now_s () - t0) * 1000;

  /* A week in the middle: items, labels */
  cm_event_store_get_range (store, &first, &last);
  start = first + (last - first) / 2;
  end = start + 7 * 86400;
  cm_timeline_renderer_render (renderer, cr, WIDTH, HEIGHT, start, end);

  *request_ms_max = 0;
  for (guint r = 0; r < N_REQUESTS; r++)
    {
      guint n_stored = cm_event_store_get_n_events (store);
      guint32 *positions = g_new (guint32, n_stored);
      g_autoptr(CmMatchSet) matches = NULL;
      guint k = 0;

      /* Every (r + 2)-th event */
      for (guint p = 0; p < n_stored; p += r + 2)
        positions[k++] = p;
      matches = cm_match_set_new_take (n_stored, positions, k);

      changed = FALSE;
      t0 = now_s ();
      cm_timeline_renderer_set_matches (renderer, matches);
      *request_ms_max = MAX (*request_ms_max, (now_s () - t0) * 1000);
      while (!changed)
        g_main_context_iteration (NULL, TRUE);
      ready[r] = (now_s () - t0) * 1000;

      /* The frame that shows them */
      t0 = now_s ();
      cm_timeline_renderer_render (renderer, cr, WIDTH, HEIGHT, start, end);
      first_frame[r] = (now_s () - t0) * 1000;
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  while (cm_timeline_renderer_is_building (renderer))
    g_main_context_iteration (NULL, TRUE);

  qsort (ready, N_REQUESTS, sizeof (double), compare_doubles);
  *ready_ms_median = median (ready, N_REQUESTS);
  qsort (first_frame, N_REQUESTS, sizeof (double), compare_doubles);
  *first_frame_ms_median = median (first_frame, N_REQUESTS);
}

void
bench_timeline (const char *self_path)
{
  double document_ms, document_ready_ms, request_ms_max, ready_ms_median, first_frame_ms;
  double median_ms, p99_ms, prepare_ms, zone_ms;
  double median_10k, p99_10k, prepare_10k, zone_10k;

  run_frames (n_events, &median_ms, &p99_ms, &prepare_ms, &zone_ms);
  run_frames (10000, &median_10k, &p99_10k, &prepare_10k, &zone_10k);
  run_async (n_events, &document_ms, &document_ready_ms, &request_ms_max, &ready_ms_median,
             &first_frame_ms);

  printf ("timeline_events=%d\n", n_events);
  printf ("timeline_frame_ms_median=%.2f\n", median_ms);
  printf ("timeline_frame_ms_p99=%.2f\n", p99_ms);
  printf ("timeline_prepare_ms=%.1f\n", prepare_ms);
  printf ("timeline_document_zone_ms=%.1f\n", zone_ms);
  printf ("timeline_frame_ms_median_10k=%.2f\n", median_10k);
  printf ("timeline_frame_ms_p99_10k=%.2f\n", p99_10k);
  printf ("timeline_prepare_ms_10k=%.1f\n", prepare_10k);
  printf ("timeline_median_growth_from_10k=%.2f\n", median_ms / MAX (median_10k, 1e-9));
  /* Main-thread time of a new document (copying what a thread builds
   * from) and of a new filter result, then until the lanes are in */
  printf ("timeline_async_document_ms=%.1f\n", document_ms);
  printf ("timeline_async_document_ready_ms=%.1f\n", document_ready_ms);
  printf ("timeline_async_request_ms_max=%.2f\n", request_ms_max);
  printf ("timeline_async_ready_ms_median=%.1f\n", ready_ms_median);
  printf ("timeline_async_first_frame_ms_median=%.2f\n", first_frame_ms);
  fflush (stdout);
}
