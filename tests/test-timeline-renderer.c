/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of what CmTimelineRenderer draws: colours, selection and hover,
 * clusters, uncertain dates, the styles, the now line, vector output and
 * the overview. Layout, density, labels and hit testing are in
 * test-timeline-renderer-layout.c. */
#include "config.h"

#include <cairo-svg.h>
#include <string.h>

#include "timeline-renderer-tests.h"

/* {{{ Pixels */

static void
test_position_color (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-26"), end = parse ("2011-05-27");
  CmTime t = parse ("2011-05-26T13:00Z");
  guint serial = add_event (doc, "Talks", t, CM_TIME_INVALID, CM_PRECISION_MINUTE, 0, 0);
  cairo_surface_t *surface;
  double x, y, w, h;
  CmColor blue = { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 1 };

  cm_timeline_renderer_set_document (renderer, doc);
  surface = render (renderer, 800, 300, start, end);

  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h));
  g_assert_cmpfloat (fabs (x + w / 2 - cm_timeline_time_to_x (t, start, end, 800)), <, 0.01);
  g_assert_cmpint (distance (pixel (surface, x + w / 2, y + h / 2), &blue), <, 12);
  /* Half a marker to the left and right: the background */
  g_assert_cmpint (distance (pixel (surface, x - 8, y + h / 2), &cm_style_get_light ()->background),
                   <, 12);

  /* The title is beside it */
  {
    guint n;
    const CmTimelineLabel *labels = cm_timeline_renderer_get_labels (renderer, &n);
    gboolean found = FALSE;

    for (guint i = 0; i < n; i++)
      if (labels[i].kind == CM_TIMELINE_LABEL_EVENT && g_str_equal (labels[i].text, "Talks"))
        {
          found = TRUE;
          g_assert_cmpfloat (labels[i].x, >=, x + w);
        }
    g_assert_true (found);
  }

  cairo_surface_destroy (surface);
}

static guint
count_near (cairo_surface_t *surface,
            double           x0,
            double           y0,
            double           x1,
            double           y1,
            const CmColor   *color)
{
  guint n = 0;

  for (double y = MAX (y0, 0); y < y1; y++)
    for (double x = MAX (x0, 0); x < x1; x++)
      if (distance (pixel (surface, x, y), color) < 40)
        n++;

  return n;
}

static void
test_selection (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  guint marker = add_event (doc, "Instant", parse ("2011-05-24T10:00Z"), CM_TIME_INVALID,
                            CM_PRECISION_MINUTE, 1, 0);
  guint bar = add_event (doc, "Span", parse ("2011-05-25T10:00Z"), parse ("2011-05-26T10:00Z"),
                         CM_PRECISION_MINUTE, 1, 0);
  const guint serials[] = { marker, bar };
  const CmStyle *styles[] = { cm_style_get_light (), cm_style_get_dark () };

  cm_timeline_renderer_set_document (renderer, doc);

  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    for (guint i = 0; i < G_N_ELEMENTS (serials); i++)
      {
        cairo_surface_t *plain, *selected, *hovered;
        double x, y, w, h;
        guint before, after, hover;

        cm_timeline_renderer_set_style (renderer, styles[s]);
        cm_timeline_renderer_set_selection (renderer, CM_NONE);
        plain = render (renderer, 900, 300, start, end);
        g_assert_true (cm_timeline_renderer_get_event_rect (renderer, serials[i], &x, &y, &w, &h));
        before = count_near (plain, x - 6, y - 6, x + w + 6, y + h + 6, &styles[s]->accent);

        cm_timeline_renderer_set_selection (renderer, serials[i]);
        selected = render (renderer, 900, 300, start, end);
        after = count_near (selected, x - 6, y - 6, x + w + 6, y + h + 6, &styles[s]->accent);

        cm_timeline_renderer_set_selection (renderer, CM_NONE);
        cm_timeline_renderer_set_hover (renderer, serials[i]);
        hovered = render (renderer, 900, 300, start, end);
        hover = count_near (hovered, x - 6, y - 6, x + w + 6, y + h + 6, &styles[s]->accent);
        cm_timeline_renderer_set_hover (renderer, CM_NONE);

        /* The selection draws an accent outline; hovering a lighter one */
        g_assert_cmpuint (before, ==, 0);
        g_assert_cmpuint (after, >, 20);
        g_assert_cmpuint (hover, <, after);

        cairo_surface_destroy (plain);
        cairo_surface_destroy (selected);
        cairo_surface_destroy (hovered);
      }
}

/* Pixels of @a and @b in the box that differ noticeably. */
static guint
count_different (cairo_surface_t *a,
                 cairo_surface_t *b,
                 double           x0,
                 double           y0,
                 double           x1,
                 double           y1)
{
  guint n = 0;

  for (double y = MAX (y0, 0); y < y1; y++)
    for (double x = MAX (x0, 0); x < x1; x++)
      {
        Rgb p = pixel (a, x, y), q = pixel (b, x, y);

        if (abs (p.red - q.red) + abs (p.green - q.green) + abs (p.blue - q.blue) > 24)
          n++;
      }

  return n;
}

/* With the hover as an overlay, the frame has no hover outline and
 * cm_timeline_renderer_render_hover() draws it, where render() would. */
static void
test_hover_overlay (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  guint bar = add_event (doc, "Span", parse ("2011-05-25T10:00Z"), parse ("2011-05-26T10:00Z"),
                         CM_PRECISION_MINUTE, 1, 0);
  cairo_surface_t *plain, *inline_hover, *frame;
  double x, y, w, h, x0, y0, x1, y1;
  cairo_t *cr;

  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_style (renderer, cm_style_get_light ());
  plain = render (renderer, 900, 300, start, end);
  cm_timeline_renderer_set_hover (renderer, bar);
  inline_hover = render (renderer, 900, 300, start, end);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, bar, &x, &y, &w, &h));
  x0 = x - 6, y0 = y - 6, x1 = x + w + 6, y1 = y + h + 6;
  /* The outline shows. */
  g_assert_cmpuint (count_different (plain, inline_hover, x0, y0, x1, y1), >, 20);

  cm_timeline_renderer_set_hover_overlay (renderer, TRUE);
  frame = render (renderer, 900, 300, start, end);
  /* The frame is the one without hover ... */
  g_assert_cmpuint (count_different (plain, frame, 0, 0, 900, 300), ==, 0);
  cr = cairo_create (frame);
  cm_timeline_renderer_render_hover (renderer, cr);
  cairo_destroy (cr);
  /* ... and the overlay adds what render() drew. */
  g_assert_cmpuint (count_different (inline_hover, frame, 0, 0, 900, 300), ==, 0);

  /* Nothing hovered: the overlay draws nothing. */
  cm_timeline_renderer_set_hover (renderer, CM_NONE);
  cairo_surface_destroy (frame);
  frame = render (renderer, 900, 300, start, end);
  cr = cairo_create (frame);
  cm_timeline_renderer_render_hover (renderer, cr);
  cairo_destroy (cr);
  g_assert_cmpuint (count_different (plain, frame, 0, 0, 900, 300), ==, 0);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (inline_hover);
  cairo_surface_destroy (frame);
}

static void
test_cluster (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-01-01"), end = parse ("2012-01-01");
  CmTime t = parse ("2011-05-26T12:00Z");
  guint lone = add_event (doc, "Alone", parse ("2011-09-01"), CM_TIME_INVALID,
                          CM_PRECISION_MINUTE, 0, 0);
  guint first = 0;
  cairo_surface_t *surface;
  CmTimelineHit hit;
  double x, y, w, h;
  gboolean found = FALSE;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *title = g_strdup_printf ("Event %u", i);
      guint serial = add_event (doc, title, t + i * 30, CM_TIME_INVALID,
                                CM_PRECISION_SECOND, i % 3, 0);

      if (i == 0)
        first = serial;
    }

  cm_timeline_renderer_set_document (renderer, doc);
  surface = render (renderer, 800, 300, start, end);

  /* Merged: not drawn on their own */
  g_assert_false (cm_timeline_renderer_get_event_rect (renderer, first, NULL, NULL, NULL, NULL));
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, lone, &x, &y, &w, &h));

  /* The lone event's row, at the cluster's x: a cluster of 50 */
  x = cm_timeline_time_to_x (t, start, end, 800);
  for (double dy = 0; dy < h && !found; dy++)
    if (cm_timeline_renderer_hit_test (renderer, x + 1, y + dy, &hit) &&
        hit.kind == CM_TIMELINE_HIT_CLUSTER)
      found = TRUE;
  g_assert_true (found);
  g_assert_cmpuint (hit.count, ==, 50);
  g_assert_cmpint (hit.start, ==, t);
  g_assert_cmpint (hit.end, ==, t + 49 * 30);

  /* Zooming in resolves it: 30 s apart is 13 px apart */
  cairo_surface_destroy (surface);
  surface = render (renderer, 800, 3000, t - 300, t + 1500);
  for (guint p = 0; p < 51; p++)
    {
      CmEventStore *store = cm_document_get_store (doc);

      guint serial = cm_event_store_get_serial (store, p);

      gboolean drawn = cm_timeline_renderer_get_event_rect (renderer, serial,
                                                            NULL, NULL, NULL, NULL);

      g_assert_true (drawn == (serial != lone));
    }

  /* The selection stays out of clusters */
  cm_timeline_renderer_set_selection (renderer, first);
  cairo_surface_destroy (surface);
  surface = render (renderer, 800, 300, start, end);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, first, NULL, NULL, NULL, NULL));

  cairo_surface_destroy (surface);
}

static void
test_uncertain (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime may = parse ("2011-05"), june = parse ("2011-06");
  CmTime start = parse ("2011-04-15"), end = parse ("2011-06-15");
  guint serial = add_event (doc, "", may, CM_TIME_INVALID, CM_PRECISION_MONTH, 2, 0);
  const CmColor *background = &cm_style_get_light ()->background;
  cairo_surface_t *surface;
  double x, y, w, h, x0, x1;
  int centre, edge;

  cm_timeline_renderer_set_document (renderer, doc);
  surface = render (renderer, 800, 300, start, end);

  /* "May 2011" at day scale: a span over the whole month, not an instant */
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h));
  x0 = cm_timeline_time_to_x (may, start, end, 800);
  x1 = cm_timeline_time_to_x (june, start, end, 800);
  g_assert_cmpfloat (fabs (x - x0), <, 0.5);
  g_assert_cmpfloat (fabs (x + w - x1), <, 0.5);

  /* Solid in the middle, faded at the ends */
  centre = distance (pixel (surface, (x0 + x1) / 2, y + h / 2), background);
  edge = distance (pixel (surface, x0 + 2, y + h / 2), background);
  g_assert_cmpint (centre, >, 60);
  g_assert_cmpint (edge, <, centre / 3);
  edge = distance (pixel (surface, x1 - 2, y + h / 2), background);
  g_assert_cmpint (edge, <, centre / 3);

  /* Seen from afar, the month is an instant again */
  cairo_surface_destroy (surface);
  surface = render (renderer, 800, 300, parse ("1990"), parse ("2030"));
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h));
  g_assert_cmpfloat (w, <, 16);

  cairo_surface_destroy (surface);
}

static void
test_styles (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  const CmStyle *styles[] = { cm_style_get_light (), cm_style_get_dark () };

  cm_timeline_renderer_set_document (renderer, doc);
  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      cairo_surface_t *surface;
      double height;

      cm_timeline_renderer_set_style (renderer, styles[s]);
      surface = render (renderer, 1200, 900, start, end);
      height = cm_timeline_renderer_get_content_height (renderer);
      g_assert_cmpfloat (height, >, 100);
      g_assert_cmpfloat (height, <, 850);

      /* Below the lanes: the background; at the top: the axis */
      g_assert_cmpint (distance (pixel (surface, 5, height + 5), &styles[s]->background), <, 4);
      g_assert_cmpint (distance (pixel (surface, 3, 3), &styles[s]->axis_background), <, 4);
      cairo_surface_destroy (surface);
    }
}

static void
test_now_line (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  CmTime now = parse ("2011-05-26T15:00Z");
  cairo_surface_t *surface;
  double x = floor (cm_timeline_time_to_x (now, start, end, 900));

  add_event (doc, "Something", parse ("2011-05-24"), CM_TIME_INVALID, CM_PRECISION_DAY, 0, 0);
  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_now (renderer, now);
  surface = render (renderer, 900, 300, start, end);
  g_assert_cmpint (distance (pixel (surface, x, 280), &cm_style_get_light ()->now), <, 60);
  cairo_surface_destroy (surface);

  cm_timeline_renderer_set_now (renderer, CM_TIME_INVALID);
  surface = render (renderer, 900, 300, start, end);
  g_assert_cmpint (distance (pixel (surface, x, 280), &cm_style_get_light ()->now), >, 100);
  cairo_surface_destroy (surface);
}

/* The playhead at the playback's time, over the lanes and over the
 * overview; never in a frame rendered on its own (as an export is). */
static void
test_playhead (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  CmTime time = parse ("2011-05-25T09:00Z");
  const CmColor *route = &cm_style_get_light ()->route;
  double x = floor (cm_timeline_time_to_x (time, start, end, 900));
  cairo_surface_t *surface;
  cairo_t *cr;

  add_event (doc, "Something", parse ("2011-05-24"), CM_TIME_INVALID, CM_PRECISION_DAY, 0, 0);
  cm_timeline_renderer_set_document (renderer, doc);
  surface = render (renderer, 900, 300, start, end);
  g_assert_cmpint (distance (pixel (surface, x, 280), route), >, 100);

  cr = cairo_create (surface);
  cm_timeline_renderer_render_playhead (renderer, cr, time);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpint (distance (pixel (surface, x, 280), route), <, 30);
  g_assert_cmpint (distance (pixel (surface, x, 150), route), <, 30);
  g_assert_cmpint (distance (pixel (surface, x + 20, 280), route), >, 100);
  /* Not over the axis labels. */
  g_assert_cmpint (distance (pixel (surface, x, 2), route), >, 100);
  cairo_surface_destroy (surface);

  /* Outside the window: nothing. */
  surface = render (renderer, 900, 300, start, end);
  cr = cairo_create (surface);
  cm_timeline_renderer_render_playhead (renderer, cr, parse ("2011-06-15"));
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  for (int px = 0; px < 900; px += 3)
    g_assert_cmpint (distance (pixel (surface, px, 280), route), >, 30);
  cairo_surface_destroy (surface);

  /* Over the overview, at its place in the whole range. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 40);
  cr = cairo_create (surface);
  cm_timeline_renderer_render_overview (renderer, cr, 800, 40, parse ("2011-01-01"), parse ("2012-01-01"),
                                        start, end);
  cm_timeline_renderer_render_overview_playhead (renderer, cr, 800, 40, parse ("2011-01-01"),
                                                 parse ("2012-01-01"), parse ("2011-09-01"));
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  x = floor (cm_timeline_time_to_x (parse ("2011-09-01"), parse ("2011-01-01"), parse ("2012-01-01"), 800));
  g_assert_cmpint (distance (pixel (surface, x, 30), route), <, 30);
  g_assert_cmpint (distance (pixel (surface, x - 20, 30), route), >, 100);
  cairo_surface_destroy (surface);
}

/* }}} */
/* {{{ Vector output and the overview */

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  *(gsize *) closure += length;

  return CAIRO_STATUS_SUCCESS;
}

static void
test_vector_and_overview (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime first = parse ("2011-01-01"), last = parse ("2012-01-01");
  CmTime start = parse ("2011-05-01"), end = parse ("2011-06-01");
  cairo_surface_t *surface;
  cairo_t *cr;
  gsize written = 0;
  double x0, x1;

  cm_timeline_renderer_set_document (renderer, doc);

  /* The same drawing into SVG */
  surface = cairo_svg_surface_create_for_stream (discard_cb, &written, 800, 600);
  cr = cairo_create (surface);
  cm_timeline_renderer_render (renderer, cr, 800, 600, start, end);
  cm_timeline_renderer_render_overview (renderer, cr, 800, 40, first, last, start, end);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (written, >, 1000);

  /* The overview: the window is marked in the accent colour */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 40);
  cr = cairo_create (surface);
  cm_timeline_renderer_render_overview (renderer, cr, 800, 40, first, last, start, end);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  x0 = cm_timeline_time_to_x (start, first, last, 800);
  x1 = cm_timeline_time_to_x (end, first, last, 800);
  g_assert_cmpint (distance (pixel (surface, x0 + 0.5, 20), &cm_style_get_light ()->accent), <, 30);
  g_assert_cmpint (distance (pixel (surface, x1 - 0.5, 20), &cm_style_get_light ()->accent), <, 30);
  {
    Rgb inside = pixel (surface, (x0 + x1) / 2, 3);

    g_assert_cmpint (distance (inside, &cm_style_get_light ()->accent), >,
                     distance (inside, &cm_style_get_light ()->axis_background) - 40);
  }
  cairo_surface_destroy (surface);
}

/* The overview drawn by @renderer, @width px wide. */
static cairo_surface_t *
render_overview (CmTimelineRenderer *renderer,
                 int                 width,
                 CmTime              first,
                 CmTime              last,
                 CmTime              start,
                 CmTime              end)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, 40);
  cairo_t *cr = cairo_create (surface);

  cm_timeline_renderer_render_overview (renderer, cr, width, 40, first, last, start, end);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* The overview's density is kept from one frame to the next: whatever
 * changed in between (the window, the width, the filter, the span), a
 * renderer that drew before draws what a new one draws. */
static void
test_overview_kept (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) kept = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  guint n = cm_event_store_get_n_events (store);
  CmTime first = parse ("2011-01-01"), last = parse ("2012-01-01");
  g_autoptr(CmMatchSet) half = NULL;
  guint32 *positions = g_new (guint32, n);
  guint n_positions = 0;
  struct { int width; CmTime first, start, end; gboolean filtered; } steps[] = {
    { 800, 0, parse ("2011-05-01"), parse ("2011-06-01"), FALSE },
    { 800, 0, parse ("2011-05-10"), parse ("2011-06-10"), FALSE },
    { 640, 0, parse ("2011-05-10"), parse ("2011-06-10"), FALSE },
    { 640, 0, parse ("2011-05-10"), parse ("2011-06-10"), TRUE },
    { 640, parse ("2010-06-01"), parse ("2011-05-10"), parse ("2011-06-10"), TRUE },
    { 800, 0, parse ("2011-05-01"), parse ("2011-06-01"), FALSE },
  };

  for (guint p = 0; p < n; p += 2)
    positions[n_positions++] = p;
  half = cm_match_set_new_take (n, positions, n_positions);
  cm_timeline_renderer_set_document (kept, doc);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(CmTimelineRenderer) fresh = cm_timeline_renderer_new ();
      CmTime from = steps[i].first != 0 ? steps[i].first : first;
      cairo_surface_t *a, *b;

      cm_timeline_renderer_set_matches (kept, steps[i].filtered ? half : NULL);
      a = render_overview (kept, steps[i].width, from, last, steps[i].start, steps[i].end);

      cm_timeline_renderer_set_document (fresh, doc);
      cm_timeline_renderer_set_matches (fresh, steps[i].filtered ? half : NULL);
      b = render_overview (fresh, steps[i].width, from, last, steps[i].start, steps[i].end);

      g_assert_cmpmem (cairo_image_surface_get_data (a),
                       cairo_image_surface_get_stride (a) * 40,
                       cairo_image_surface_get_data (b),
                       cairo_image_surface_get_stride (b) * 40);
      cairo_surface_destroy (a);
      cairo_surface_destroy (b);
    }
}

/* }}} */
/* {{{ The axis' zone */

static guint
add_event_at (CmDocument *doc,
              const char *title,
              const char *start,
              int         utc_offset)
{
  CmEventStore *store = cm_document_get_store (doc);
  CmEventData data;

  cm_event_data_init (&data);
  data.title = title;
  data.start = parse (start);
  data.precision = CM_PRECISION_MINUTE;
  data.utc_offset = utc_offset;
  data.category = 0;
  data.group = 0;

  return cm_event_store_get_serial (store, cm_event_store_insert (store, &data));
}

#define ZONE_WIDTH 1200

/* The last frame's label of @kind with @text, or NULL */
static const CmTimelineLabel *
find_label (CmTimelineRenderer  *renderer,
            CmTimelineLabelKind  kind,
            const char          *text)
{
  guint n;
  const CmTimelineLabel *labels = cm_timeline_renderer_get_labels (renderer, &n);

  for (guint i = 0; i < n; i++)
    if (labels[i].kind == kind && (text == NULL || g_str_equal (labels[i].text, text)))
      return &labels[i];

  return NULL;
}

/* Where the axis' fine label @text is, its tick just left of it */
static double
tick_x (CmTimelineRenderer *renderer,
        const char         *text)
{
  const CmTimelineLabel *label = find_label (renderer, CM_TIMELINE_LABEL_AXIS_FINE, text);

  g_assert_nonnull (label);

  return label->x - 4;
}

/* The zone label is drawn: some of its box is text, not background */
static void
assert_zone_label (CmTimelineRenderer *renderer,
                   cairo_surface_t    *surface,
                   const char         *text)
{
  const CmTimelineLabel *label = find_label (renderer, CM_TIMELINE_LABEL_AXIS_ZONE, NULL);
  const CmTimelineLabel *context = find_label (renderer, CM_TIMELINE_LABEL_AXIS_CONTEXT, NULL);
  guint ink = 0;

  g_assert_nonnull (label);
  g_assert_cmpstr (label->text, ==, text);
  /* At the right end of the top row, beside the date */
  g_assert_nonnull (context);
  g_assert_cmpfloat (fabs (label->y - context->y), <, 2);
  g_assert_cmpfloat (label->x, >, context->x + context->width);
  g_assert_cmpfloat (label->x + label->width, <=, cairo_image_surface_get_width (surface) - 4);

  for (double y = label->y; y < label->y + label->height; y++)
    for (double x = label->x; x < label->x + label->width; x++)
      if (distance (pixel (surface, x, y), &cm_style_get_light ()->axis_background) > 100)
        ink++;
  g_assert_cmpuint (ink, >, 10);
}

static double
at (CmTime time,
    CmTime start,
    CmTime end)
{
  return cm_timeline_time_to_x (time, start, end, ZONE_WIDTH);
}

/* The axis' "12:00" is at @instant */
static void
assert_noon_at (CmTimelineRenderer *renderer,
                const char         *instant,
                CmTime              start,
                CmTime              end)
{
  g_assert_cmpfloat (fabs (tick_x (renderer, "12:00") - at (parse (instant), start, end)), <, 1);
}

/* Events keep their instants; the axis shows the document's zone: an event
 * at 10:45Z written at +02:00 ("12:45") sits 45 minutes right of "12:00" */
static void
test_zone (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-26T00:00+02:00"), end = start + DAY;
  CmTime lunch = parse ("2011-05-26T10:45Z");
  const double width = ZONE_WIDTH;
  double px_per_s = width / (double) (end - start);
  guint serial = add_event_at (doc, "Lunch", "2011-05-26T12:45+02:00", 120);
  cairo_surface_t *surface;
  double x, y, w, h;

  add_event_at (doc, "Arrival", "2011-05-26T08:00+02:00", 120);
  add_event_at (doc, "Call", "2011-05-26T09:00+01:00", 60);
  cm_timeline_renderer_set_document (renderer, doc);
  g_assert_cmpint (cm_timeline_renderer_get_zone_kind (renderer), ==, CM_ZONE_KIND_DOCUMENT);

  surface = render (renderer, width, 300, start, end);
  g_assert_cmpint (cm_zone_get_offset (cm_timeline_renderer_get_zone (renderer), lunch), ==, 120);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h));
  assert_noon_at (renderer, "2011-05-26T10:00Z", start, end);
  g_assert_cmpfloat (fabs (x + w / 2 - tick_x (renderer, "12:00") - 45 * 60 * px_per_s), <, 1.5);
  /* The day starts at local midnight, at the left edge */
  g_assert_cmpfloat (fabs (tick_x (renderer, "00:00")), <, 1);
  g_assert_nonnull (find_label (renderer, CM_TIMELINE_LABEL_AXIS_CONTEXT, "Thu 26 May 2011"));
  assert_zone_label (renderer, surface, "UTC+2");
  cairo_surface_destroy (surface);

  /* In UTC the same event is left of "12:00", and the axis says so */
  cm_timeline_renderer_set_zone_kind (renderer, CM_ZONE_KIND_UTC);
  surface = render (renderer, width, 300, start, end);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h));
  assert_noon_at (renderer, "2011-05-26T12:00Z", start, end);
  g_assert_cmpfloat (fabs (tick_x (renderer, "12:00") - x - w / 2 - 75 * 60 * px_per_s), <, 1.5);
  assert_zone_label (renderer, surface, "UTC");
  cairo_surface_destroy (surface);

  /* This computer's zone (the tests run with TZ=UTC) */
  cm_timeline_renderer_set_zone_kind (renderer, CM_ZONE_KIND_LOCAL);
  surface = render (renderer, width, 300, start, end);
  g_assert_false (cm_zone_is_fixed (cm_timeline_renderer_get_zone (renderer)));
  assert_noon_at (renderer, "2011-05-26T12:00Z", start, end);
  assert_zone_label (renderer, surface, "Local time (UTC)");
  cairo_surface_destroy (surface);

  /* The document's zone follows its events */
  cm_timeline_renderer_set_zone_kind (renderer, CM_ZONE_KIND_DOCUMENT);
  for (int i = 0; i < 3; i++)
    add_event_at (doc, "Later", "2011-05-26T20:00-05:00", -300);
  surface = render (renderer, width, 300, start, end);
  assert_noon_at (renderer, "2011-05-26T17:00Z", start, end);
  assert_zone_label (renderer, surface, "UTC−5");
  cairo_surface_destroy (surface);

  /* Years look the same in every zone: no label */
  surface = render (renderer, width, 300, parse ("1900"), parse ("2100"));
  g_assert_null (find_label (renderer, CM_TIMELINE_LABEL_AXIS_ZONE, NULL));
  cairo_surface_destroy (surface);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int result;

  cm_test_init (&argc, &argv);

  g_test_add_func ("/timeline-renderer/position-color", test_position_color);
  g_test_add_func ("/timeline-renderer/selection", test_selection);
  g_test_add_func ("/timeline-renderer/hover-overlay", test_hover_overlay);
  g_test_add_func ("/timeline-renderer/cluster", test_cluster);
  g_test_add_func ("/timeline-renderer/uncertain", test_uncertain);
  g_test_add_func ("/timeline-renderer/styles", test_styles);
  g_test_add_func ("/timeline-renderer/now-line", test_now_line);
  g_test_add_func ("/timeline-renderer/playhead", test_playhead);
  g_test_add_func ("/timeline-renderer/vector-and-overview", test_vector_and_overview);
  g_test_add_func ("/timeline-renderer/overview-kept", test_overview_kept);
  g_test_add_func ("/timeline-renderer/zone", test_zone);

  result = g_test_run ();

  cm_test_release_fonts ();

  return result;
}
