/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The map's frame time: a 1200×800 view into an image surface, with the
 * basemap and 100,000 synthetic events (coordinates on every one, group 0
 * an itinerary of some 5,000 stops), in the Natural Earth projection as the
 * map widget opens. 200 frames at the world's scale and 200 at Europe's:
 * each frame panned by 1% of the width from the one before (50 one way,
 * 100 back, 50 again, so the view stays on the world), every tenth zoomed by
 * 10% (in and out in turn). The renderer keeps its basemap cache, as the
 * widget does; the same frames without it are printed apart. The one-off
 * preparation (projecting events, basemap and routes, once per document and
 * projection) is timed apart, before the frames.
 *
 * basemap_load_ms is the median of several loads of the basemap from the
 * GResource into drawing arrays; basemap_detail_load_ms the same for the
 * 1:10m one (loaded in a worker when first zoomed past country level), and
 * basemap_detail_project_ms its projection, bounds and thinning ranks for
 * one projection (made in the same worker); basemap_inland_load_ms and
 * basemap_inland_project_ms the same for the lakes, rivers and state
 * boundaries (loaded when first zoomed past the world). The map_frame_cpu_ms_* lines are the same
 * frames in CPU time of the drawing thread, for shared machines. The
 * *_1m lines are the cached frames again with 1,000,000 events.
 *
 * map_window_frame_ms_* are frames that pan the time window instead (as a
 * timeline fling or playback does), with events outside it faded: the
 * world's view and Europe's, N_FRAMES each, the ten-year window moved by a
 * tenth of a year per frame, every tenth frame zoomed as above. */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "cm-basemap.h"
#include "cm-bench.h"
#include "cm-map-renderer.h"

void bench_map (const char *self_path);

#define WIDTH     1200
#define HEIGHT    800
#define N_EVENTS  100000
#define N_FRAMES  200
#define N_LOADS   7

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
percentile (double *values,
            guint   n,
            double  p)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[MIN ((guint) ceil (p * n) - 1, n - 1)];
}

/* CPU time of this thread: on a shared machine, wall time also counts
 * the other processes' turns. */
static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* N_FRAMES frames from @start; their wall and CPU times (ms) appended. */
static void
run_frames (CmMapRenderer   *renderer,
            cairo_t         *cr,
            const CmMapFrame *start,
            GArray          *times,
            GArray          *cpu_times)
{
  CmMapFrame view = *start;

  for (guint i = 0; i < N_FRAMES; i++)
    {
      int leg = (int) (i / 50) % 4;
      double t0, c0, ms;

      view.center_x += (leg == 0 || leg == 3 ? 1 : -1) * 0.01 * WIDTH * view.scale;
      if (i % 10 == 9)
        view.scale = (i / 10) % 2 == 0 ? view.scale / 1.1 : view.scale * 1.1;

      t0 = now_s ();
      c0 = cpu_s ();
      cm_map_renderer_render (renderer, cr, WIDTH, HEIGHT, &view);
      cairo_surface_flush (cairo_get_target (cr));
      ms = (now_s () - t0) * 1000;
      g_array_append_val (times, ms);
      ms = (cpu_s () - c0) * 1000;
      g_array_append_val (cpu_times, ms);
    }
}

/* N_FRAMES frames from @start that pan the time window by a tenth of a
 * year each, the view zoomed every tenth; their wall times (ms) appended. */
static void
run_window_frames (CmMapRenderer    *renderer,
                   cairo_t          *cr,
                   const CmMapFrame *start,
                   GArray           *times)
{
  const CmTime year = 365 * 86400;
  CmTime window_start = cm_time_from_civil (1950, 1, 1, 0, 0, 0);
  CmMapFrame view = *start;

  for (guint i = 0; i < N_FRAMES; i++)
    {
      double t0, ms;

      window_start += year / 10;
      cm_map_renderer_set_time_window (renderer, window_start, window_start + 10 * year);
      if (i % 10 == 9)
        view.scale = (i / 10) % 2 == 0 ? view.scale / 1.1 : view.scale * 1.1;

      t0 = now_s ();
      cm_map_renderer_render (renderer, cr, WIDTH, HEIGHT, &view);
      cairo_surface_flush (cairo_get_target (cr));
      ms = (now_s () - t0) * 1000;
      g_array_append_val (times, ms);
    }
}

/* Frames that pan the time window over @doc: median and p99 (ms). */
static void
run_window (CmDocument *doc,
            double     *median_ms,
            double     *p99_ms)
{
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  CmMapFrame world, europe;

  cm_map_renderer_set_document (renderer, doc);
  cm_map_renderer_set_basemap_cache (renderer, TRUE);
  cm_map_renderer_set_outside_mode (renderer, CM_MAP_OUTSIDE_FADE);
  cm_map_frame_fit_bounds (&world, CM_PROJECTION_NATURAL_EARTH, -60, -180, 85, 180, WIDTH, HEIGHT);
  cm_map_frame_fit_bounds (&europe, CM_PROJECTION_NATURAL_EARTH, 36, -12, 60, 28, WIDTH, HEIGHT);

  cm_map_renderer_render (renderer, cr, WIDTH, HEIGHT, &world);
  run_window_frames (renderer, cr, &world, times);
  run_window_frames (renderer, cr, &europe, times);

  *median_ms = percentile ((double *) (void *) times->data, times->len, 0.5);
  *p99_ms = percentile ((double *) (void *) times->data, times->len, 0.99);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
run (CmDocument *doc,
     gboolean    cache,
     double     *median_ms,
     double     *p99_ms,
     double     *cpu_median_ms,
     double     *cpu_p99_ms,
     double     *prepare_ms)
{
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  CmMapFrame world, europe;
  double t0;

  cm_map_renderer_set_document (renderer, doc);
  cm_map_renderer_set_basemap_cache (renderer, cache);
  cm_map_frame_fit_bounds (&world, CM_PROJECTION_NATURAL_EARTH, -60, -180, 85, 180, WIDTH, HEIGHT);
  cm_map_frame_fit_bounds (&europe, CM_PROJECTION_NATURAL_EARTH, 36, -12, 60, 28, WIDTH, HEIGHT);

  t0 = now_s ();
  cm_map_renderer_render (renderer, cr, WIDTH, HEIGHT, &world);
  cairo_surface_flush (surface);
  *prepare_ms = (now_s () - t0) * 1000;

  run_frames (renderer, cr, &world, times, cpu_times);
  run_frames (renderer, cr, &europe, times, cpu_times);

  *median_ms = percentile ((double *) (void *) times->data, times->len, 0.5);
  *p99_ms = percentile ((double *) (void *) times->data, times->len, 0.99);
  *cpu_median_ms = percentile ((double *) (void *) cpu_times->data, cpu_times->len, 0.5);
  *cpu_p99_ms = percentile ((double *) (void *) cpu_times->data, cpu_times->len, 0.99);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Loads the basemap at @resource: ms to read it and, if @project_ms,
 * to project it. */
static void
time_load (const char *resource,
           double     *load_ms,
           double     *project_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmBasemap) basemap = NULL;
  double t0 = now_s ();

  basemap = cm_basemap_new_from_resource (resource, &error);
  *load_ms = (now_s () - t0) * 1000;
  if (basemap == NULL)
    g_error ("%s: %s", resource, error->message);

  if (project_ms != NULL)
    {
      t0 = now_s ();
      cm_basemap_project (basemap, CM_PROJECTION_NATURAL_EARTH);
      *project_ms = (now_s () - t0) * 1000;
    }
}

void
bench_map (const char *self_path)
{
  g_autoptr(CmDocument) doc = generate (N_EVENTS);
  double loads[N_LOADS], detail_loads[N_LOADS], detail_projects[N_LOADS];
  double inland_loads[N_LOADS], inland_projects[N_LOADS];
  double median_ms, p99_ms, cpu_median_ms, cpu_p99_ms, prepare_ms;

  for (guint i = 0; i < N_LOADS; i++)
    {
      time_load (CM_BASEMAP_RESOURCE, &loads[i], NULL);
      time_load (CM_BASEMAP_DETAIL_RESOURCE, &detail_loads[i], &detail_projects[i]);
      time_load (CM_BASEMAP_INLAND_RESOURCE, &inland_loads[i], &inland_projects[i]);
    }

  run (doc, FALSE, &median_ms, &p99_ms, &cpu_median_ms, &cpu_p99_ms, &prepare_ms);
  printf ("map_frame_ms_median_nocache=%.2f\n", median_ms);
  printf ("map_frame_ms_p99_nocache=%.2f\n", p99_ms);
  printf ("map_frame_cpu_ms_median_nocache=%.2f\n", cpu_median_ms);
  printf ("map_frame_cpu_ms_p99_nocache=%.2f\n", cpu_p99_ms);
  fflush (stdout);

  run (doc, TRUE, &median_ms, &p99_ms, &cpu_median_ms, &cpu_p99_ms, &prepare_ms);
  printf ("map_events=%d\n", N_EVENTS);
  printf ("map_prepare_ms=%.1f\n", prepare_ms);
  printf ("map_frame_ms_median=%.2f\n", median_ms);
  printf ("map_frame_ms_p99=%.2f\n", p99_ms);
  printf ("map_frame_cpu_ms_median=%.2f\n", cpu_median_ms);
  printf ("map_frame_cpu_ms_p99=%.2f\n", cpu_p99_ms);
  printf ("basemap_load_ms=%.1f\n", median (loads, N_LOADS));
  printf ("basemap_detail_load_ms=%.1f\n", median (detail_loads, N_LOADS));
  printf ("basemap_detail_project_ms=%.1f\n", median (detail_projects, N_LOADS));
  printf ("basemap_inland_load_ms=%.1f\n", median (inland_loads, N_LOADS));
  printf ("basemap_inland_project_ms=%.1f\n", median (inland_projects, N_LOADS));
  fflush (stdout);

  run_window (doc, &median_ms, &p99_ms);
  printf ("map_window_frame_ms_median=%.2f\n", median_ms);
  printf ("map_window_frame_ms_p99=%.2f\n", p99_ms);
  fflush (stdout);

  /* The same frames with ten times the events: a frame should cost the
   * same, whatever the number of events. */
  {
    g_autoptr(CmDocument) large = generate (10 * N_EVENTS);

    run (large, TRUE, &median_ms, &p99_ms, &cpu_median_ms, &cpu_p99_ms, &prepare_ms);
    printf ("map_prepare_ms_1m=%.1f\n", prepare_ms);
    printf ("map_frame_ms_median_1m=%.2f\n", median_ms);
    printf ("map_frame_ms_p99_1m=%.2f\n", p99_ms);
    printf ("map_frame_cpu_ms_median_1m=%.2f\n", cpu_median_ms);
    fflush (stdout);

    run_window (large, &median_ms, &p99_ms);
    printf ("map_window_frame_ms_median_1m=%.2f\n", median_ms);
    printf ("map_window_frame_ms_p99_1m=%.2f\n", p99_ms);
    fflush (stdout);
  }
}
