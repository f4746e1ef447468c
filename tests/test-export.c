/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export writes real files, checked with the tools people will open them
 * with: cairo reads the PNGs back, rsvg-convert renders the SVGs, and
 * poppler (pdfinfo, pdftoppm, pdffonts, pdftotext, pdfimages) reads the
 * PDFs. No display needed. With CM_TEST_PNG_DIR set, the renderings are
 * kept there to look at. */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cm-core.h"
#include "cm-test-util.h"
#include "cm-export.h"
#include "cm-native.h"
#include "cm-timeline-renderer.h"

/* A4 landscape, in points. */
#define A4_WIDTH  (297 * 72 / 25.4)
#define A4_HEIGHT (210 * 72 / 25.4)

typedef struct
{
  CmDocument *document;
  char       *dir;
} Fixture;

static CmTime
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  CmTime time = 0;

  cm_time_parse_iso (text, &time, NULL, NULL, &error);
  g_assert_no_error (error);

  return time;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;

  fixture->document = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->document);

  fixture->dir = cm_test_make_temp_dir ("test-export-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->document);
  cm_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* The week of the tour: 23–28 May 2011, to the end of the 28th, in the
 * document's zone (UTC+2: most of its events are in France and Poland). */
static void
week_options (Fixture         *fixture,
              CmExportOptions *options,
              CmExportFormat   format)
{
  cm_export_options_init (options, fixture->document);
  options->format = format;
  options->start = parse ("2011-05-23T00:00+02:00");
  options->end = parse ("2011-05-29T00:00+02:00");
}

static void
export_to (Fixture               *fixture,
           const CmExportOptions *options,
           const char            *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = cm_export_to_file (fixture->document, NULL, options, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* Runs a tool; its standard output, or NULL (and the test failed) when it
 * is missing or fails. */
static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (program == NULL)
    {
      g_test_message ("%s is missing: build-aux/setup installs it", argv[0]);
      g_test_fail ();
      return NULL;
    }

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("%s failed: %s\n%s", argv[0], error->message, err != NULL ? err : "");
      g_test_fail ();
      return NULL;
    }

  return g_steal_pointer (&out);
}

static void
png_size (const char *path,
          int        *width,
          int        *height)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  *width = cairo_image_surface_get_width (surface);
  *height = cairo_image_surface_get_height (surface);
  cairo_surface_destroy (surface);
}

static void
keep_png (const char *path,
          const char *name)
{
  const char *dir = g_getenv ("CM_TEST_PNG_DIR");
  g_autofree char *contents = NULL;
  gsize length;

  if (dir != NULL && g_file_get_contents (path, &contents, &length, NULL))
    {
      g_autofree char *kept = g_build_filename (dir, name, NULL);

      g_file_set_contents (kept, contents, (gssize) length, NULL);
    }
}

/* Text without its line breaks and runs of spaces. */
static char *
flatten (const char *text)
{
  g_autoptr(GString) flat = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && flat->len > 0)
        g_string_append_c (flat, ' ');
      space = FALSE;
      g_string_append_c (flat, *p);
    }

  return g_string_free (g_steal_pointer (&flat), FALSE);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *text = run_tool (argv);

  g_assert_nonnull (text);
  return text != NULL ? flatten (text) : g_strdup ("");
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

typedef struct
{
  double x0, y0, x1, y1;
  char  *text;         /* its words, one space apart */
} TextLine;

static void
text_line_clear (gpointer data)
{
  g_free (((TextLine *) data)->text);
}

static double
attribute (const char *tag,
           const char *name)
{
  g_autofree char *key = g_strdup_printf ("%s=\"", name);
  const char *p = strstr (tag, key);

  g_assert_nonnull (p);
  return p != NULL ? g_ascii_strtod (p + strlen (key), NULL) : 0;
}

/* The lines of text of a PDF's first page, where poppler finds them. */
static GArray *
pdf_lines (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-bbox-layout", path, "-", NULL };
  g_autofree char *xml = run_tool (argv);
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (TextLine));

  g_array_set_clear_func (lines, text_line_clear);
  for (const char *p = xml != NULL ? strstr (xml, "<line ") : NULL; p != NULL;
       p = strstr (p + 1, "<line "))
    {
      const char *end = strstr (p, "</line>");
      g_autoptr(GString) text = g_string_new (NULL);
      TextLine line;

      g_assert_nonnull (end);
      line.x0 = attribute (p, "xMin");
      line.y0 = attribute (p, "yMin");
      line.x1 = attribute (p, "xMax");
      line.y1 = attribute (p, "yMax");
      for (const char *w = strstr (p, "<word "); w != NULL && w < end; w = strstr (w + 1, "<word "))
        {
          const char *a = strchr (w, '>') + 1;
          const char *b = strstr (a, "</word>");

          if (text->len > 0)
            g_string_append_c (text, ' ');
          g_string_append_len (text, a, b - a);
        }
      line.text = g_string_free (g_steal_pointer (&text), FALSE);
      g_array_append_val (lines, line);
    }

  return lines;
}

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
  g_assert_nonnull (strstr (text, "Map data: Natural Earth, GSHHG, DCW, GeoNames"));
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

static cairo_surface_t *
render_map (CmDocument       *document,
            const CmMapFrame *view,
            CmTime            start,
            CmTime            end,
            guint             group,
            CmTime            playback,
            int               width,
            int               height)
{
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cm_map_renderer_set_document (renderer, document);
  cm_map_renderer_set_style (renderer, cm_style_get (FALSE));
  cm_map_renderer_set_time_window (renderer, start, end);
  cm_map_renderer_set_playback (renderer, group, playback);
  cm_map_renderer_render (renderer, cr, width, height, view);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* Pixels that differ between @a and @b above @bottom. */
static guint
count_different (cairo_surface_t *a,
                 cairo_surface_t *b,
                 int              bottom)
{
  int width = cairo_image_surface_get_width (a);
  int stride_a = cairo_image_surface_get_stride (a), stride_b = cairo_image_surface_get_stride (b);
  const guchar *p = cairo_image_surface_get_data (a), *q = cairo_image_surface_get_data (b);
  guint n = 0;

  for (int y = 0; y < bottom; y++)
    for (int x = 0; x < width; x++)
      for (int c = 0; c < 3; c++)
        if (ABS ((int) p[y * stride_a + 4 * x + c] - (int) q[y * stride_b + 4 * x + c]) > 2)
          {
            n++;
            break;
          }

  return n;
}

/* An exported route is whole, whatever a window's playback is at: the
 * export draws every leg as done, as a map without playback does, not
 * the legs to come faded as a map playing the tour does. */
static void
test_whole_route (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "route.png");
  guint group = cm_document_find_group (fixture->document, "obama-tour-2011");
  cairo_surface_t *exported, *whole, *playing;
  CmExportOptions options;
  const int width = 1000, height = 700;

  week_options (fixture, &options, CM_EXPORT_PNG);
  options.view = CM_EXPORT_VIEW_MAP;
  options.width = width;
  options.height = height;
  options.has_map_view = TRUE;
  cm_map_frame_fit_bounds (&options.map_view, CM_PROJECTION_NATURAL_EARTH, 46, -12, 56, 24,
                           width, height);
  export_to (fixture, &options, path);
  exported = cairo_image_surface_create_from_png (path);
  cairo_surface_flush (exported);

  whole = render_map (fixture->document, &options.map_view, options.start, options.end,
                      CM_NONE, CM_TIME_INVALID, width, height);
  playing = render_map (fixture->document, &options.map_view, options.start, options.end,
                        group, parse ("2011-05-24T12:00Z"), width, height);

  /* Above the credit */
  g_assert_cmpuint (count_different (whole, playing, height - 40), >, 100);
  g_assert_cmpuint (count_different (exported, whole, height - 40), <=,
                    (guint) (width * height / 1000));

  cairo_surface_destroy (exported);
  cairo_surface_destroy (whole);
  cairo_surface_destroy (playing);
}

/* The credit of a map has no label under it. */
static void
test_credit_clear (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "europe.pdf");
  g_autoptr(GArray) lines = NULL;
  const TextLine *credit = NULL;
  CmExportOptions options;

  week_options (fixture, &options, CM_EXPORT_PDF);
  options.view = CM_EXPORT_VIEW_MAP;
  options.width = A4_WIDTH;
  options.height = A4_HEIGHT;
  options.has_map_view = TRUE;
  /* Towns all the way to the bottom right corner */
  cm_map_frame_fit_bounds (&options.map_view, CM_PROJECTION_NATURAL_EARTH, 40, 20, 52, 44,
                           A4_WIDTH * 96 / 72, A4_HEIGHT * 96 / 72);
  export_to (fixture, &options, path);

  lines = pdf_lines (path);
  for (guint i = 0; i < lines->len; i++)
    if (strstr (g_array_index (lines, TextLine, i).text, "Natural Earth") != NULL)
      credit = &g_array_index (lines, TextLine, i);
  g_assert_nonnull (credit);
  if (credit == NULL)
    return;
  g_assert_cmpuint (lines->len, >, 20);
  for (guint i = 0; i < lines->len; i++)
    {
      const TextLine *line = &g_array_index (lines, TextLine, i);

      if (line == credit)
        continue;
      g_assert_false (line->x0 < credit->x1 && credit->x0 < line->x1
                      && line->y0 < credit->y1 && credit->y0 < line->y1);
    }
}

/* The map frames the events of the exported window, not every event. */
static void
test_map_fits_window (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *day = path_in (fixture, "day.pdf");
  g_autofree char *all = path_in (fixture, "all.pdf");
  g_autofree char *day_text = NULL;
  g_autofree char *all_text = NULL;
  CmExportOptions options;

  /* 24 May: London, and the Libya operation under way. */
  cm_export_options_init (&options, fixture->document);
  options.format = CM_EXPORT_PDF;
  options.view = CM_EXPORT_VIEW_MAP;
  options.width = A4_WIDTH;
  options.height = A4_HEIGHT;
  options.start = parse ("2011-05-24");
  options.end = parse ("2011-05-25");
  export_to (fixture, &options, day);
  day_text = pdf_text (day);

  cm_export_options_init (&options, fixture->document);
  options.format = CM_EXPORT_PDF;
  options.view = CM_EXPORT_VIEW_MAP;
  options.width = A4_WIDTH;
  options.height = A4_HEIGHT;
  export_to (fixture, &options, all);
  all_text = pdf_text (all);

  /* The whole document reaches Japan; the day stays in Europe. */
  g_assert_nonnull (strstr (all_text, "China"));
  g_assert_null (strstr (day_text, "China"));
  g_assert_nonnull (strstr (day_text, "France"));
  g_assert_nonnull (strstr (day_text, "Map data: Natural Earth"));
}

/* An export of the timeline is what the window draws of the same window,
 * at the same size and in the same style. */
static void
test_matches_renderer (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "timeline.png");
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  cairo_surface_t *screen, *exported;
  CmExportOptions options;
  const int width = 1000, height = 700;
  const guchar *a, *b;
  int stride_a, stride_b;
  guint n_different = 0;
  cairo_t *cr;

  week_options (fixture, &options, CM_EXPORT_PNG);
  options.view = CM_EXPORT_VIEW_TIMELINE;
  options.width = width;
  options.height = height;
  export_to (fixture, &options, path);

  cm_timeline_renderer_set_document (renderer, fixture->document);
  cm_timeline_renderer_set_style (renderer, cm_style_get (FALSE));
  /* A picture has no triangles to open lanes with. */
  cm_timeline_renderer_set_show_disclosure (renderer, FALSE);
  screen = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (screen);
  cm_timeline_renderer_render (renderer, cr, width, height, options.start, options.end);
  cairo_destroy (cr);
  cairo_surface_flush (screen);

  exported = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (exported), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (exported), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (exported), ==, height);
  cairo_surface_flush (exported);

  a = cairo_image_surface_get_data (screen);
  b = cairo_image_surface_get_data (exported);
  stride_a = cairo_image_surface_get_stride (screen);
  stride_b = cairo_image_surface_get_stride (exported);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = a + y * stride_a + 4 * x;
        const guchar *q = b + y * stride_b + 4 * x;

        for (int c = 0; c < 4; c++)
          if (ABS ((int) p[c] - (int) q[c]) > 2)
            {
              n_different++;
              break;
            }
      }

  /* A small tolerance: PNG round trip of the alpha. */
  g_assert_cmpuint (n_different, <=, (guint) (width * height / 1000));

  /* No disclosure triangles: left of each lane's name, its header only. */
  {
    const CmTimelineLabel *labels;
    const CmStyle *style = cm_style_get (FALSE);
    guint n_labels = 0, n_lanes = 0;

    labels = cm_timeline_renderer_get_labels (renderer, &n_labels);
    for (guint i = 0; i < n_labels; i++)
      {
        int cy = (int) (labels[i].y + labels[i].height / 2);

        if (labels[i].kind != CM_TIMELINE_LABEL_LANE)
          continue;
        n_lanes++;
        for (int y = cy - 5; y <= cy + 5; y++)
          for (int x = 1; x < (int) labels[i].x - 1; x++)
            {
              const guchar *q = b + y * stride_b + 4 * x;
              const CmColor *header = &style->header_background;

              g_assert_cmpint (ABS (q[2] - (int) round (header->red * 255)), <=, 2);
              g_assert_cmpint (ABS (q[1] - (int) round (header->green * 255)), <=, 2);
              g_assert_cmpint (ABS (q[0] - (int) round (header->blue * 255)), <=, 2);
            }
      }
    g_assert_cmpuint (n_lanes, >, 3);
  }

  /* And the picture is not blank: the labels were drawn. */
  {
    guint n_labels = 0;

    cm_timeline_renderer_get_labels (renderer, &n_labels);
    g_assert_cmpuint (n_labels, >, 20);
  }

  cairo_surface_destroy (screen);
  cairo_surface_destroy (exported);
}

/* The exported timeline's axis is in the zone the window shows: the
 * export in each zone is the renderer's in that zone, not in the other */
static void
test_zone (Fixture       *fixture,
           gconstpointer  data)
{
  const CmZoneKind kinds[] = { CM_ZONE_KIND_DOCUMENT, CM_ZONE_KIND_UTC };
  const int width = 1000, height = 700;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *path = path_in (fixture, "zone.png");
      cairo_surface_t *exported, *frames[2];
      CmExportOptions options;

      week_options (fixture, &options, CM_EXPORT_PNG);
      options.view = CM_EXPORT_VIEW_TIMELINE;
      options.width = width;
      options.height = height;
      options.time_zone = kinds[k];
      export_to (fixture, &options, path);
      exported = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (exported), ==, CAIRO_STATUS_SUCCESS);

      /* The window's renderer, in this zone and in the other */
      for (guint z = 0; z < G_N_ELEMENTS (kinds); z++)
        {
          g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
          cairo_t *cr;

          cm_timeline_renderer_set_document (renderer, fixture->document);
          cm_timeline_renderer_set_style (renderer, cm_style_get (FALSE));
          cm_timeline_renderer_set_show_disclosure (renderer, FALSE);
          cm_timeline_renderer_set_zone_kind (renderer, kinds[z]);
          frames[z] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
          cr = cairo_create (frames[z]);
          cm_timeline_renderer_render (renderer, cr, width, height, options.start, options.end);
          cairo_destroy (cr);
          cairo_surface_flush (frames[z]);
        }

      g_assert_cmpuint (count_different (frames[k], exported, height), <=,
                        (guint) (width * height / 1000));
      g_assert_cmpuint (count_different (frames[1 - k], exported, height), >,
                        (guint) (width * height / 100));

      cairo_surface_destroy (frames[0]);
      cairo_surface_destroy (frames[1]);
      cairo_surface_destroy (exported);
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
  ADD ("/export/whole-route", test_whole_route);
  ADD ("/export/credit-clear", test_credit_clear);
  ADD ("/export/map-fits-window", test_map_fits_window);
  ADD ("/export/matches-renderer", test_matches_renderer);
  ADD ("/export/zone", test_zone);
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
