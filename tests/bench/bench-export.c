/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export of a page of both (title, map, timeline, legend) with 10,000
 * synthetic events over the whole document, written to a file as the
 * window and the command line do (drawing, encoding, atomic write):
 *
 *   export_pdf_s      A4 landscape PDF        budget 1 s
 *   export_png_4k_s   3840×2160 PNG at 1×     budget 0.5 s
 *   export_svg_s      1920×1080 SVG           (for information)
 *
 * Medians of at least five runs, after one export that is not timed (it
 * loads the basemap, once per process, as the window has by then). */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "cm-bench.h"
#include "cm-export.h"

void bench_export (const char *self_path);

#define N_EVENTS 10000

static double
time_export (CmDocument            *doc,
             const CmExportOptions *options,
             const char            *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  double times[16];
  guint runs = (guint) CLAMP (n_runs, 5, 16);

  for (guint r = 0; r < runs; r++)
    {
      double t0 = now_s ();

      if (!cm_export_to_file (doc, NULL, options, file, NULL, NULL, NULL, &error))
        g_error ("export: %s", error->message);
      times[r] = now_s () - t0;
    }

  return median (times, runs);
}

void
bench_export (const char *self_path)
{
  g_autoptr(CmDocument) doc = generate (N_EVENTS);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cm-bench-export-XXXXXX", &error);
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  CmExportOptions options;
  double pdf_s, png_s, svg_s;

  g_assert_no_error (error);
  pdf = g_build_filename (dir, "bench.pdf", NULL);
  png = g_build_filename (dir, "bench.png", NULL);
  svg = g_build_filename (dir, "bench.svg", NULL);

  cm_export_options_init (&options, doc);
  options.view = CM_EXPORT_VIEW_BOTH;

  /* Not timed: the basemap's first load. */
  options.format = CM_EXPORT_PNG;
  options.width = 640;
  options.height = 400;
  {
    g_autoptr(GFile) file = g_file_new_for_path (png);

    if (!cm_export_to_file (doc, NULL, &options, file, NULL, NULL, NULL, &error))
      g_error ("export: %s", error->message);
  }

  options.format = CM_EXPORT_PDF;
  options.width = 297 * 72 / 25.4;
  options.height = 210 * 72 / 25.4;
  pdf_s = time_export (doc, &options, pdf);

  options.format = CM_EXPORT_PNG;
  options.width = 3840;
  options.height = 2160;
  options.scale = 1;
  png_s = time_export (doc, &options, png);

  options.format = CM_EXPORT_SVG;
  options.width = 1920;
  options.height = 1080;
  svg_s = time_export (doc, &options, svg);

  printf ("export_events=%d\n", N_EVENTS);
  printf ("export_pdf_s=%.3f\n", pdf_s);
  printf ("export_png_4k_s=%.3f\n", png_s);
  printf ("export_svg_s=%.3f\n", svg_s);
  fflush (stdout);

  g_unlink (pdf);
  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
}
