/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cm-bench formats-memory: the synthetic document written as TimelineJS,
 * GeoJSON and KML, each loaded in a child process that does nothing else,
 * which reports its peak resident memory. The readers stream: the peak
 * should stay within three times the file plus the loaded document (the
 * native load's resident size, measured the same way). */
#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>

#include "cm-bench.h"
#include "cm-format.h"

void bench_formats_memory (const char *self_path);

static void
load_in_child (const char *self_path,
               const char *path,
               const char *format_id,
               double     *load_s,
               double     *peak_mb)
{
  const char *argv[] = { self_path, "--load-child", path, "--load-format", format_id, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("child: %s", error->message);

  *load_s = child_value (out, "child_load_s");
  *peak_mb = child_value (out, "child_peak_mb");
}

void
bench_formats_memory (const char *self_path)
{
  static const char * const formats[] = { "native", "timelinejs", "geojson", "kml" };
  g_autoptr(CmDocument) doc = generate (n_events);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cm-bench-formats-XXXXXX", &error);
  double native_peak = NAN;

  g_assert_no_error (error);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      const CmFormat *format = cm_format_by_id (formats[f]);
      g_autofree char *path = g_strdup_printf ("%s/bench.%s", dir, format->extensions[0]);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      double load[8], peak[8], file_mb, load_s, peak_mb;
      GStatBuf st;

      if (!cm_format_save_file (doc, file, format, NULL, NULL, NULL, &error))
        g_error ("save %s: %s", formats[f], error->message);
      g_stat (path, &st);
      file_mb = st.st_size / (1024.0 * 1024.0);

      for (int r = 0; r < n_runs; r++)
        load_in_child (self_path, path, formats[f], &load[r], &peak[r]);
      load_s = median (load, (guint) n_runs);
      peak_mb = median (peak, (guint) n_runs);

      if (f == 0)
        native_peak = peak_mb;
      printf ("%s_file_mb=%.1f\n", formats[f], file_mb);
      printf ("load_%s_s=%.3f\n", formats[f], load_s);
      printf ("load_%s_peak_mb=%.1f\n", formats[f], peak_mb);
      /* What the reader needs beyond the document, per byte of file. */
      if (f > 0)
        printf ("load_%s_peak_over_file=%.2f\n", formats[f], (peak_mb - native_peak) / file_mb);
      fflush (stdout);
      g_unlink (path);
    }

  g_rmdir (dir);
}
