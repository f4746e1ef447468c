/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The map and the timeline of an export are the renderers' own: the
 * route is whole, the credit is clear of the map's content, the map fits
 * the events of the exported window, the picture is what the renderers
 * draw, and the axis is in the zone asked for. No display needed. */
#include "config.h"

#include <pango/pangocairo.h>

#include "export-tests.h"
#include "cm-timeline-renderer.h"

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

int
main (int   argc,
      char *argv[])
{
  int result;

  g_setenv ("SOURCE_DATE_EPOCH", "1306368000", TRUE);
  cm_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/export/whole-route", test_whole_route);
  ADD ("/export/credit-clear", test_credit_clear);
  ADD ("/export/map-fits-window", test_map_fits_window);
  ADD ("/export/matches-renderer", test_matches_renderer);
  ADD ("/export/zone", test_zone);

#undef ADD

  result = g_test_run ();

  cm_test_release_fonts ();

  return result;
}
