/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cm-bench csv: the synthetic document written as CSV (the TimelineJS
 * template and Chronomap's columns) by the CSV writer, then loaded back. */
#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <time.h>

#include "cm-bench.h"
#include "cm-format.h"

void bench_csv (const char *self_path);

void
bench_csv (const char *self_path)
{
  const CmFormat *csv = cm_format_by_id ("csv");
  g_autoptr(CmDocument) doc = generate (n_events);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cm-bench-csv-XXXXXX", &error);
  g_autofree char *path = NULL;
  double load[8], cpu[8], t0, save_s;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_nonnull (csv);
  path = g_build_filename (dir, "bench.csv", NULL);
  file = g_file_new_for_path (path);

  t0 = now_s ();
  if (!cm_format_save_file (doc, file, csv, NULL, NULL, NULL, &error))
    g_error ("save: %s", error->message);
  save_s = now_s () - t0;
  g_clear_object (&doc);
  malloc_trim (0);

  for (int r = 0; r < n_runs; r++)
    {
      g_autoptr(CmDocument) loaded = NULL;
      clock_t c0;
      guint n;

      /* CPU time too: on a shared machine the wall clock says less. */
      t0 = now_s ();
      c0 = clock ();
      loaded = cm_format_load_file (file, csv, NULL, NULL, NULL, NULL, NULL, &error);
      load[r] = now_s () - t0;
      cpu[r] = (double) (clock () - c0) / CLOCKS_PER_SEC;
      if (loaded == NULL)
        g_error ("load: %s", error->message);
      n = cm_event_store_get_n_events (cm_document_get_store (loaded));
      if (n != (guint) n_events)
        g_error ("load: %u events instead of %d", n, n_events);
    }

  g_stat (path, &st);
  printf ("csv_events=%d\n", n_events);
  printf ("csv_file_mb=%.1f\n", st.st_size / (1024.0 * 1024.0));
  printf ("save_csv_s=%.3f\n", save_s);
  printf (n_events == 1000000 ? "load_csv_1m_s=%.3f\n" : "load_csv_s=%.3f\n",
          median (load, (guint) n_runs));
  printf ("load_csv_cpu_s=%.3f\n", median (cpu, (guint) n_runs));
  fflush (stdout);

  g_unlink (path);
  g_rmdir (dir);
}
