/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cm-bench: Chronomap's benchmarks. Prints name=value lines.
 *
 *   cm-bench                 every benchmark
 *   cm-bench native query    only those
 *   cm-bench -n 100000       another event count
 *
 * Times are medians of several runs; memory is read from /proc in a child
 * process that does nothing but load, so the figures are the document's. */
#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cm-bench.h"
#include "cm-core.h"
#include "cm-filter-model.h"
#include "cm-search-index.h"
#include "cm-format.h"
#include "cm-native.h"

int n_events = 1000000;
int n_runs = 3;

static const char * const words[] = {
  "summit", "talks", "visit", "arrival", "speech", "dinner", "treaty", "meeting",
  "election", "storm", "launch", "protest", "ceremony", "flight", "press", "council",
};

static const char * const places[] = {
  "Dublin", "Moneygall", "London", "Deauville", "Paris", "Warsaw", "Belgrade", "Tokyo",
  "Tripoli", "Cairo", "Tunis", "New York", "Brussels", "Berlin", "Rome", "Madrid",
};

double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (GCompareFunc) compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Resident and peak resident memory of this process, in bytes. */
void
read_memory (gsize *rss,
             gsize *peak)
{
  g_autofree char *status = NULL;
  char *line;

  *rss = *peak = 0;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;

  if ((line = strstr (status, "VmRSS:")) != NULL)
    *rss = (gsize) g_ascii_strtoull (line + 6, NULL, 10) * 1024;
  if ((line = strstr (status, "VmHWM:")) != NULL)
    *peak = (gsize) g_ascii_strtoull (line + 6, NULL, 10) * 1024;
}

/* N synthetic events, the same every run: titles of about 30 characters, a
 * third spans, 20 groups, 8 categories, coordinates on every event. */
CmDocument *
generate (int n)
{
  CmDocument *doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20110526);
  const CmTime first = cm_time_from_civil (1900, 1, 1, 0, 0, 0);
  const CmTime last = cm_time_from_civil (2025, 1, 1, 0, 0, 0);
  char title[64];

  cm_document_set_title (doc, "Synthetic benchmark");
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *id = g_strdup_printf ("category-%u", i);
      cm_document_add_category (doc, id, words[i], NULL);
    }
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("group-%u", i);
      g_autofree char *name = g_strdup_printf ("Group %u", i);
      cm_document_add_group (doc, id, name, i == 0 ? CM_GROUP_ITINERARY : CM_GROUP_LANE);
    }

  cm_event_store_begin_bulk (store, (guint) n);
  for (int i = 0; i < n; i++)
    {
      CmEventData data;
      guint p = g_rand_int_range (rand, 0, G_N_ELEMENTS (places));

      cm_event_data_init (&data);
      g_snprintf (title, sizeof title, "%s %s in %s no. %d",
                  words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                  words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                  places[p], i);
      data.title = title;
      data.place = places[p];
      data.start = first + (CmTime) (g_rand_double (rand) * (double) (last - first));
      data.precision = CM_PRECISION_MINUTE;
      data.utc_offset = 60 * g_rand_int_range (rand, -5, 10);
      data.start = cm_time_truncate (data.start, CM_PRECISION_MINUTE, data.utc_offset);
      if (i % 3 == 0)
        {
          data.end = data.start + 60 * g_rand_int_range (rand, 1, 60 * 24 * 30);
          data.end_precision = CM_PRECISION_MINUTE;
        }
      /* Six decimals (about 10 cm), as gazetteers and GPS give them. */
      data.lat = g_rand_int_range (rand, -60000000, 70000000) / 1e6;
      data.lon = g_rand_int_range (rand, -180000000, 180000000) / 1e6;
      data.category = (guint) g_rand_int_range (rand, 0, 8);
      data.group = (guint) g_rand_int_range (rand, 0, 20);
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  return doc;
}

static char *
write_native_file (CmDocument *doc,
                   double     *save_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cm-bench-XXXXXX", &error);
  g_autofree char *path = NULL;
  double times[8];

  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.chronomap", NULL);
  file = g_file_new_for_path (path);

  for (int r = 0; r < n_runs; r++)
    {
      double t0 = now_s ();

      if (!cm_native_save_file (doc, file, NULL, &error))
        g_error ("save: %s", error->message);
      times[r] = now_s () - t0;
    }
  *save_s = median (times, (guint) n_runs);

  return g_steal_pointer (&path);
}

/* Child: load once (natively, or in @format_id), report time and memory. */
static int
load_child (const char *path,
            const char *format_id)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  gsize rss_before, peak_before, rss_after, peak_after;
  double t0, t1;
  guint n;

  /* Warm the page cache and the allocator's code paths are not timed: the
   * figure is parsing, not disk. */
  read_memory (&rss_before, &peak_before);
  t0 = now_s ();
  if (format_id != NULL)
    doc = cm_format_load_file (file, cm_format_by_id (format_id), NULL, NULL, NULL, NULL, NULL, &error);
  else
    doc = cm_native_load_file (file, NULL, NULL, NULL, &error);
  t1 = now_s ();
  if (doc == NULL)
    g_error ("load: %s", error->message);

  /* The parser is gone; hand freed heap back before measuring. */
  malloc_trim (0);
  read_memory (&rss_after, &peak_after);
  n = cm_event_store_get_n_events (cm_document_get_store (doc));

  printf ("child_load_s=%f\n", t1 - t0);
  printf ("child_bytes_per_event=%f\n", (double) (rss_after - rss_before) / MAX (n, 1));
  printf ("child_peak_mb=%f\n", peak_after / (1024.0 * 1024.0));
  printf ("child_store_bytes_per_event=%f\n",
          (double) cm_event_store_get_memory_size (cm_document_get_store (doc)) / MAX (n, 1));

  return 0;
}

double
child_value (const char *output,
             const char *name)
{
  g_autofree char *key = g_strdup_printf ("%s=", name);
  const char *p = strstr (output, key);

  return p ? g_ascii_strtod (p + strlen (key), NULL) : NAN;
}

static void
bench_native (const char *self_path)
{
  g_autoptr(CmDocument) doc = generate (n_events);
  g_autofree char *path = NULL;
  double save_s;
  double load[8], bytes[8], peak[8], store_bytes = 0;
  struct stat st;

  path = write_native_file (doc, &save_s);
  g_clear_object (&doc);
  malloc_trim (0);

  for (int r = 0; r < n_runs; r++)
    {
      const char *argv[] = { self_path, "--load-child", path, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, NULL, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        g_error ("child: %s", error->message);

      load[r] = child_value (out, "child_load_s");
      bytes[r] = child_value (out, "child_bytes_per_event");
      peak[r] = child_value (out, "child_peak_mb");
      store_bytes = child_value (out, "child_store_bytes_per_event");
    }

  g_stat (path, &st);
  printf ("native_events=%d\n", n_events);
  printf ("native_file_mb=%.1f\n", st.st_size / (1024.0 * 1024.0));
  printf ("load_native_s=%.3f\n", median (load, (guint) n_runs));
  printf ("save_native_s=%.3f\n", save_s);
  printf ("bytes_per_event=%.1f\n", median (bytes, (guint) n_runs));
  printf ("store_bytes_per_event=%.1f\n", store_bytes);
  printf ("load_peak_mb=%.1f\n", median (peak, (guint) n_runs));
  fflush (stdout);

  g_unlink (path);
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_rmdir (dir);
  }
}

static void
bench_query (void)
{
  g_autoptr(CmDocument) doc = generate (n_events);
  CmEventStore *store = cm_document_get_store (doc);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const guint n_queries = 2001;
  g_autofree double *times = g_new (double, n_queries);
  CmTime first, last, width;
  double total_hits = 0;

  cm_event_store_get_range (store, &first, &last);
  width = (last - first) / 1000;

  /* The first query builds the index: not timed. */
  cm_event_store_query (store, first, first + width, hits);

  for (guint q = 0; q < n_queries; q++)
    {
      CmTime t0 = first + (CmTime) (g_rand_double (rand) * (double) (last - first - width));
      gint64 start;

      g_array_set_size (hits, 0);
      start = g_get_monotonic_time ();
      cm_event_store_query (store, t0, t0 + width, hits);
      times[q] = (double) (g_get_monotonic_time () - start);
      total_hits += hits->len;
    }

  printf ("query_events=%d\n", n_events);
  printf ("query_visible_us=%.1f\n", median (times, n_queries));
  printf ("query_visible_hits=%.0f\n", total_hits / n_queries);
  fflush (stdout);
}

/* The session's way: the folded index built once, then each search a scan
 * of it (here on this thread; the window runs it in a worker). */
static void
bench_session_search (CmDocument  *doc,
                      const char **searches,
                      guint        n_searches)
{
  CmEventStore *store = cm_document_get_store (doc);
  g_autoptr(CmEventFilter) filter = cm_event_filter_new ();
  g_autoptr(CmSearchIndex) index = NULL;
  double build[8];
  double search[64];
  guint n_search = 0;
  guint matches = 0;

  for (int r = 0; r < n_runs; r++)
    {
      double t0 = now_s ();

      g_clear_pointer (&index, cm_search_index_unref);
      index = cm_search_index_new (store);
      build[r] = now_s () - t0;
    }

  for (int r = 0; r < n_runs; r++)
    {
      for (guint i = 0; i < n_searches && n_search < G_N_ELEMENTS (search); i++)
        {
          g_autoptr(CmMatchSet) set = NULL;
          double t0;

          cm_event_filter_set_search (filter, searches[i]);
          t0 = now_s ();
          set = cm_search_index_query (index, cm_event_filter_get_tokens (filter), CM_NONE, NULL);
          search[n_search++] = now_s () - t0;
          matches = cm_match_set_get_n_matches (set);
        }
    }

  printf ("session_index_ms=%.1f\n", median (build, (guint) n_runs) * 1000);
  printf ("session_index_mb=%.1f\n", cm_search_index_get_memory_size (index) / 1048576.0);
  printf ("session_search_ms_median=%.1f\n", median (search, n_search) * 1000);
  printf ("session_last_matches=%u\n", matches);
  fflush (stdout);
}

/* Search over every event as the window runs it, through the session and
 * its list model (here completed at once with a flush). */
static void
bench_filter (const char *self_path)
{
  g_autoptr(CmDocument) doc = generate (n_events);
  g_autoptr(CmSession) session = cm_session_new (doc);
  g_autoptr(CmFilterModel) model = cm_filter_model_new (session);
  CmEventFilter *filter = cm_session_get_filter (session);
  const char *searches[] = { "warsaw", "summit talks", "no such words", "deauville 42" };
  double times[8];
  guint matches = 0;

  for (int r = 0; r < n_runs; r++)
    {
      double t0;

      cm_event_filter_set_search (filter, NULL);
      t0 = now_s ();
      for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
        {
          cm_event_filter_set_search (filter, NULL);
          cm_event_filter_set_search (filter, searches[i]);
          cm_filter_model_flush (model);
          matches = g_list_model_get_n_items (G_LIST_MODEL (model));
        }
      times[r] = (now_s () - t0) / G_N_ELEMENTS (searches);
    }

  printf ("filter_events=%d\n", n_events);
  printf ("filter_search_ms=%.1f\n", median (times, (guint) n_runs) * 1000);
  printf ("filter_last_matches=%u\n", matches);
  fflush (stdout);

  bench_session_search (doc, searches, G_N_ELEMENTS (searches));
}

typedef struct
{
  const char *name;
  void (*run) (const char *self_path);
} Bench;

/* One line per benchmark; each area keeps its own in tests/bench/bench-*.c. */
static void
run_query (const char *self_path)
{
  bench_query ();
}

void bench_timeline (const char *self_path);
void bench_map (const char *self_path);
void bench_csv (const char *self_path);
void bench_ical (const char *self_path);
void bench_export (const char *self_path);
void bench_formats_memory (const char *self_path);
void bench_edit (const char *self_path);

static const Bench benches[] = {
  { "native", bench_native },
  { "query", run_query },
  { "filter", bench_filter },
  { "timeline", bench_timeline },
  { "map", bench_map },
  { "csv", bench_csv },
  { "ical", bench_ical },
  { "export", bench_export },
  { "formats-memory", bench_formats_memory },
  { "edit", bench_edit },
#ifdef CM_BENCH_WINDOW
  { "window", bench_window },
#endif
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *load_child_path = NULL;
  g_autofree char *load_format = NULL;
  g_autofree char *window_child_path = NULL;
  g_autofree char *generate_path = NULL;
  g_autofree char *self_path = NULL;
  const GOptionEntry entries[] = {
    { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Number of synthetic events (default 1000000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Runs per figure, the median is printed (default 3)", "R" },
    { "generate", 0, 0, G_OPTION_ARG_FILENAME, &generate_path, "Write the synthetic document to FILE and exit", "FILE" },
    { "load-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &load_child_path, NULL, NULL },
    { "load-format", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &load_format, NULL, NULL },
    { "window-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &window_child_path, NULL, NULL },
    { NULL }
  };

  g_setenv ("TZ", "UTC", TRUE);
  cm_core_init ();

  context = g_option_context_new ("[BENCHMARK…] — benchmarks: native query filter timeline map csv ical export formats-memory edit window");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_runs = CLAMP (n_runs, 1, 8);

  if (load_child_path != NULL)
    return load_child (load_child_path, load_format);
#ifdef CM_BENCH_WINDOW
  if (window_child_path != NULL)
    return bench_window_child (window_child_path);
#endif

  if (generate_path != NULL)
    {
      g_autoptr(CmDocument) doc = generate (n_events);
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (generate_path);

      if (!cm_native_save_file (doc, file, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return 0;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  for (guint i = 0; i < G_N_ELEMENTS (benches); i++)
    {
      gboolean wanted = argc < 2;

      for (int a = 1; a < argc; a++)
        if (g_str_equal (argv[a], benches[i].name))
          wanted = TRUE;

      if (wanted)
        benches[i].run (self_path);
    }

  return 0;
}
