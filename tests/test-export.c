/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export writes real files, checked with the tools people will open them
 * with: cairo reads the PNGs back, rsvg-convert renders the SVGs, and
 * poppler (pdfinfo, pdftoppm, pdffonts, pdftotext, pdfimages) reads the
 * PDFs. No display needed. With CM_TEST_PNG_DIR set, the renderings are
 * kept there to look at. The map and timeline of an export are checked
 * in test-export-map.c. */
#include "config.h"

#include <pango/pangocairo.h>

#include "export-tests.h"
#include "cm-timeline-renderer.h"

/* The legend is below everything else on the page (but the credit beside
 * it), inside the page, over nothing; returns its number of entries. */
static guint
check_legend_below (CmDocument *document,
                    const char *path,
                    double      page_width,
                    double      page_height)
{
  g_autoptr(GArray) lines = pdf_lines (path);
  guint n_categories = cm_document_get_n_categories (document);
  double legend_top = G_MAXDOUBLE, above = 0;
  guint n_entries = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      TextLine *line = &g_array_index (lines, TextLine, i);

      for (guint c = 0; c < n_categories; c++)
        if (g_str_equal (line->text, cm_document_get_category (document, c)->name))
          {
            legend_top = MIN (legend_top, line->y0);
            g_assert_cmpfloat (line->x0, >=, 0);
            g_assert_cmpfloat (line->x1, <=, page_width);
            g_assert_cmpfloat (line->y1, <=, page_height);
            n_entries++;
          }
    }

  for (guint i = 0; i < lines->len; i++)
    {
      TextLine *line = &g_array_index (lines, TextLine, i);
      gboolean legend = FALSE;

      for (guint c = 0; c < n_categories; c++)
        legend |= g_str_equal (line->text, cm_document_get_category (document, c)->name);
      if (!legend && strstr (line->text, "Natural Earth") == NULL)
        above = MAX (above, line->y1);
    }

  g_assert_cmpuint (n_entries, >, 0);
  g_assert_cmpfloat (legend_top, >=, above);

  return n_entries;
}

/* Tests ----------------------------------------------------------------- */

static void
test_png (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "both.png");
  g_autofree char *path2 = path_in (fixture, "both@2x.png");
  CmExportOptions options;
  int width, height;

  week_options (fixture, &options, CM_EXPORT_PNG);
  options.width = 1280;
  options.height = 720;
  export_to (fixture, &options, path);
  png_size (path, &width, &height);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (height, ==, 720);
  keep_png (path, "export-both.png");

  /* 2×: twice the pixels each way, the same page. */
  options.scale = 2;
  export_to (fixture, &options, path2);
  png_size (path2, &width, &height);
  g_assert_cmpint (width, ==, 2560);
  g_assert_cmpint (height, ==, 1440);
  keep_png (path2, "export-both@2x.png");
}

static void
test_svg (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "both.svg");
  g_autofree char *rendered = path_in (fixture, "svg.png");
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "rsvg-convert", "--format=png", "-o", rendered, path, NULL };
  CmExportOptions options;
  int width, height;

  week_options (fixture, &options, CM_EXPORT_SVG);
  options.width = 1200;
  options.height = 800;
  export_to (fixture, &options, path);

  /* Sizes in pixels, as promised. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "width=\"1200px\""));
  g_assert_nonnull (strstr (contents, "height=\"800px\""));

  /* Vector: paths, no pictures. */
  g_assert_nonnull (strstr (contents, "<path"));
  g_assert_null (strstr (contents, "<image"));

  out = run_tool (argv);
  g_assert_nonnull (out);
  png_size (rendered, &width, &height);
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 800);
  keep_png (rendered, "export-svg.png");
}

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "both.pdf");
  g_autofree char *prefix = path_in (fixture, "pdf");
  g_autofree char *rendered = path_in (fixture, "pdf.png");
  g_autofree char *info = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *images = NULL;
  g_autofree char *ppm = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *info_argv[] = { "pdfinfo", path, NULL };
  const char *fonts_argv[] = { "pdffonts", path, NULL };
  const char *images_argv[] = { "pdfimages", "-list", path, NULL };
  const char *ppm_argv[] = { "pdftoppm", "-png", "-r", "96", "-singlefile", path, prefix, NULL };
  const char *titles[] = {
    "The Obamas land in Dublin",
    "Obama arrives in Warsaw",
    "Obama departs Stansted for Normandy",
    "G8 leaders meet in Deauville (37th summit)",
  };
  CmExportOptions options;
  const char *size;
  double width, height;
  int png_width, png_height;
  guint n_fonts = 0;

  week_options (fixture, &options, CM_EXPORT_PDF);
  options.width = A4_WIDTH;
  options.height = A4_HEIGHT;
  export_to (fixture, &options, path);

  /* One A4 landscape page. */
  info = run_tool (info_argv);
  g_assert_nonnull (info);
  if (info == NULL)
    return;
  g_assert_nonnull (strstr (info, "Pages:           1\n"));
  size = strstr (info, "Page size:");
  g_assert_nonnull (size);
  if (size == NULL)
    return;
  g_assert_cmpint (sscanf (size, "Page size: %lf x %lf pts", &width, &height), ==, 2);
  g_assert_cmpfloat_with_epsilon (width, 841.89, 1);
  g_assert_cmpfloat_with_epsilon (height, 595.28, 1);

  /* It renders: 96 dpi gives 4/3 px per pt. */
  ppm = run_tool (ppm_argv);
  g_assert_nonnull (ppm);
  png_size (rendered, &png_width, &png_height);
  g_assert_cmpint (png_width, ==, (int) ceil (841.89 * 96 / 72 - 0.5));
  g_assert_cmpint (png_height, ==, (int) ceil (595.28 * 96 / 72 - 0.5));
  keep_png (rendered, "export-pdf.png");

  /* Every font embedded. */
  fonts = run_tool (fonts_argv);
  g_assert_nonnull (fonts);
  lines = g_strsplit (fonts != NULL ? fonts : "", "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = NULL;
      guint n = 0;

      if (lines[i][0] == '\0')
        continue;
      /* name type [type] encoding emb sub uni object ID: "emb" is 5th from the end */
      columns = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      {
        g_autoptr(GPtrArray) words = g_ptr_array_new ();

        for (guint c = 0; columns[c] != NULL; c++)
          if (columns[c][0] != '\0')
            g_ptr_array_add (words, columns[c]);
        n = words->len;
        g_assert_cmpuint (n, >=, 7);
        if (n >= 7)
          g_assert_cmpstr (g_ptr_array_index (words, n - 5), ==, "yes");
      }
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >, 0);

  /* Vector: no pictures. */
  images = run_tool (images_argv);
  g_assert_nonnull (images);
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (images != NULL ? images : "", "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), <=, 3);  /* two header lines, then nothing */
  if (g_strv_length (lines) == 3)
    g_assert_cmpstr (lines[2], ==, "");

  /* The text is text: the events of the week are there, others not. */
  text = pdf_text (path);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    g_assert_nonnull (strstr (text, titles[i]));
  g_assert_null (strstr (text, "Mubarak steps down"));  /* February */
  g_assert_nonnull (strstr (text, "Deauville, May 2011"));
  g_assert_nonnull (strstr (text, "23 May 2011 – 28 May 2011"));
  /* The axis says which zone it shows: the document's by default */
  g_assert_cmpint (options.time_zone, ==, CM_ZONE_KIND_DOCUMENT);
  g_assert_nonnull (strstr (text, "UTC+2"));
  g_assert_nonnull (strstr (text, "Map data: Natural Earth, GSHHG, GeoNames, libgweather"));
}

/* Every lane of @document is named in @text. */
static void
assert_every_lane (CmDocument *document,
                   const char *text)
{
  for (guint i = 0; i < cm_document_get_n_groups (document); i++)
    g_assert_nonnull (strstr (text, cm_document_get_group (document, i)->name));
}

/* One legend on a page of both: the timeline's own is hidden. And every
 * lane is there, none cut at the bottom of the page. */
static void
test_page_layout (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "page.pdf");
  g_autofree char *small = path_in (fixture, "small.pdf");
  g_autofree char *text = NULL;
  CmExportOptions options;

  week_options (fixture, &options, CM_EXPORT_PDF);
  options.width = A4_WIDTH;
  options.height = A4_HEIGHT;
  export_to (fixture, &options, path);
  text = pdf_text (path);

  g_assert_cmpuint (count_occurrences (text, "Tour stage"), ==, 1);
  g_assert_cmpuint (count_occurrences (text, "Bilateral meeting"), ==, 1);
  /* Only the categories of the week: no disaster that week. */
  g_assert_cmpuint (count_occurrences (text, "Disaster"), ==, 0);

  assert_every_lane (fixture->document, text);

  /* A timeline far too short for its lanes keeps them all, collapsed. */
  g_clear_pointer (&text, g_free);
  options.view = CM_EXPORT_VIEW_TIMELINE;
  options.width = 600;
  options.height = 240;
  export_to (fixture, &options, small);
  text = pdf_text (small);
  assert_every_lane (fixture->document, text);
}

/* The legend lies below the lanes (the timeline's own, or the page's
 * footer), in as many rows as it takes, inside the page. */
static void
test_legend_below (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *both = path_in (fixture, "both.pdf");
  g_autofree char *timeline = path_in (fixture, "timeline.pdf");
  g_autofree char *narrow = path_in (fixture, "narrow.pdf");
  CmExportOptions options;
  guint n_categories = cm_document_get_n_categories (fixture->document);

  /* The whole document, every category */
  cm_export_options_init (&options, fixture->document);
  options.format = CM_EXPORT_PDF;
  options.width = A4_WIDTH;
  options.height = A4_HEIGHT;
  export_to (fixture, &options, both);
  g_assert_cmpuint (check_legend_below (fixture->document, both, A4_WIDTH, A4_HEIGHT), ==,
                    n_categories);

  options.view = CM_EXPORT_VIEW_TIMELINE;
  export_to (fixture, &options, timeline);
  g_assert_cmpuint (check_legend_below (fixture->document, timeline, A4_WIDTH, A4_HEIGHT), ==,
                    n_categories);

  /* Narrow and short: the legend wraps and the lanes make room for it */
  week_options (fixture, &options, CM_EXPORT_PDF);
  options.view = CM_EXPORT_VIEW_TIMELINE;
  options.width = 300;
  options.height = 420;
  export_to (fixture, &options, narrow);
  g_assert_cmpuint (check_legend_below (fixture->document, narrow, 300, 420), >, 3);
  {
    g_autofree char *text = pdf_text (narrow);

    /* … and hides no lane */
    assert_every_lane (fixture->document, text);
  }
}

static void
test_dark (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "dark.png");
  CmExportOptions options;
  cairo_surface_t *surface;
  const guchar *p;

  week_options (fixture, &options, CM_EXPORT_PNG);
  options.width = 640;
  options.height = 400;
  options.dark = TRUE;
  export_to (fixture, &options, path);

  /* The page's corner is the dark background. */
  surface = cairo_image_surface_create_from_png (path);
  cairo_surface_flush (surface);
  p = cairo_image_surface_get_data (surface);
  g_assert_cmpint (p[0] + p[1] + p[2], <, 3 * 80);
  cairo_surface_destroy (surface);
}

/* A file in a folder that does not exist: an error, and nothing made. */
static void
test_missing_folder (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *folder = path_in (fixture, "no-such-folder");
  g_autofree char *path = g_build_filename (folder, "out.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CmExportOptions options;

  week_options (fixture, &options, CM_EXPORT_PNG);
  g_assert_false (cm_export_to_file (fixture->document, NULL, &options, file,
                                     NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

static void
cancel_cb (double   fraction,
           gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static guint
count_files (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);

  return n;
}

/* A cancelled export leaves the old file as it was, and no new one. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "old.pdf");
  g_autofree char *fresh = path_in (fixture, "fresh.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) fresh_file = g_file_new_for_path (fresh);
  const char *old_contents = "the old file";
  g_autofree char *contents = NULL;
  CmExportOptions options;

  week_options (fixture, &options, CM_EXPORT_PDF);
  g_assert_true (g_file_set_contents (path, old_contents, -1, NULL));

  /* Cancelled while drawing. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (cm_export_to_file (fixture->document, NULL, &options, file,
                                       cancel_cb, cancellable, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old_contents);

  /* Cancelled before it starts, and a file that was not there. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_false (cm_export_to_file (fixture->document, NULL, &options, fresh_file,
                                       NULL, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (cm_export_to_file (fixture->document, NULL, &options, fresh_file,
                                       cancel_cb, cancellable, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));

  /* No temporary file left behind: the old file only. */
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);

  /* Not cancelled, it replaces the old file. */
  export_to (fixture, &options, path);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
}

static void
test_bad_options (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "bad.png");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CmExportOptions options;

  week_options (fixture, &options, CM_EXPORT_PNG);
  options.width = 0;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cm_export_to_file (fixture->document, NULL, &options, file,
                                     NULL, NULL, NULL, &error));
    g_assert_error (error, CM_EXPORT_ERROR, CM_EXPORT_ERROR_BAD_SIZE);
  }

  week_options (fixture, &options, CM_EXPORT_PNG);
  options.end = options.start;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cm_export_to_file (fixture->document, NULL, &options, file,
                                     NULL, NULL, NULL, &error));
    g_assert_error (error, CM_EXPORT_ERROR, CM_EXPORT_ERROR_BAD_SIZE);
  }

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_format_from_name (void)
{
  CmExportFormat format = CM_EXPORT_PNG;

  g_assert_true (cm_export_format_from_name ("a.pdf", &format));
  g_assert_cmpint (format, ==, CM_EXPORT_PDF);
  g_assert_true (cm_export_format_from_name ("b.SVG", &format));
  g_assert_cmpint (format, ==, CM_EXPORT_SVG);
  g_assert_true (cm_export_format_from_name ("c.png", &format));
  g_assert_cmpint (format, ==, CM_EXPORT_PNG);
  g_assert_false (cm_export_format_from_name ("d.jpg", &format));
  g_assert_false (cm_export_format_from_name ("png", &format));
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_setenv ("SOURCE_DATE_EPOCH", "1306368000", TRUE);
  cm_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/export/png", test_png);
  ADD ("/export/svg", test_svg);
  ADD ("/export/pdf", test_pdf);
  ADD ("/export/page-layout", test_page_layout);
  ADD ("/export/legend-below", test_legend_below);
  ADD ("/export/dark", test_dark);
  ADD ("/export/missing-folder", test_missing_folder);
  ADD ("/export/cancel", test_cancel);
  ADD ("/export/bad-options", test_bad_options);
  g_test_add_func ("/export/format-from-name", test_format_from_name);

#undef ADD

  result = g_test_run ();

  cm_test_release_fonts ();

  return result;
}
