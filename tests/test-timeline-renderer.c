/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cm-core.h"
#include "cm-test-util.h"
#include "cm-native.h"
#include "cm-timeline-renderer.h"
#include "cm-session.h"

#define DAY G_GINT64_CONSTANT (86400)

typedef struct
{
  int red, green, blue;
} Rgb;

static CmTime
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  CmTime time = 0;

  cm_time_parse_iso (text, &time, NULL, NULL, &error);
  g_assert_no_error (error);

  return time;
}

static cairo_surface_t *
render (CmTimelineRenderer *renderer,
        int                 width,
        int                 height,
        CmTime              start,
        CmTime              end)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  cm_timeline_renderer_render (renderer, cr, width, height, start, end);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static Rgb
pixel (cairo_surface_t *surface,
       double           x,
       double           y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (const void *) (data + (int) y * stride + 4 * (int) x);

  /* Opaque: the frame is filled with the background first */
  return (Rgb) { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };
}

static int
distance (Rgb            rgb,
          const CmColor *color)
{
  return abs (rgb.red - (int) round (color->red * 255)) +
         abs (rgb.green - (int) round (color->green * 255)) +
         abs (rgb.blue - (int) round (color->blue * 255));
}

static CmDocument *
new_document (guint n_groups)
{
  CmDocument *doc = cm_document_new ();

  cm_document_add_category (doc, "blue", "Blue", "#3584e4");
  cm_document_add_category (doc, "red", "Red", "#e01b24");
  cm_document_add_category (doc, "green", "Green", "#26a269");
  for (guint i = 0; i < n_groups; i++)
    {
      g_autofree char *id = g_strdup_printf ("group-%u", i);
      g_autofree char *name = g_strdup_printf ("Group %u", i);

      cm_document_add_group (doc, id, name, CM_GROUP_LANE);
    }

  return doc;
}

static guint
add_event (CmDocument  *doc,
           const char  *title,
           CmTime       start,
           CmTime       end,
           CmPrecision  precision,
           guint        category,
           guint        group)
{
  CmEventStore *store = cm_document_get_store (doc);
  CmEventData data;
  guint position;

  cm_event_data_init (&data);
  data.title = title;
  data.start = start;
  data.end = end;
  data.precision = precision;
  data.end_precision = precision;
  data.category = category;
  data.group = group;
  position = cm_event_store_insert (store, &data);

  return cm_event_store_get_serial (store, position);
}

static CmDocument *
load_deauville (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  CmDocument *doc = cm_native_load_file (file, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);

  return doc;
}

/* {{{ Stacking */

typedef struct
{
  guint  position;
  double x, y, width;
} Placed;

static void
collect_placed (CmTimelineRenderer *renderer,
                CmEventStore       *store,
                GArray             *placed)
{
  g_array_set_size (placed, 0);
  for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
    {
      Placed item = { p, 0, 0, 0 };
      double height;

      if (cm_timeline_renderer_get_event_rect (renderer, cm_event_store_get_serial (store, p),
                                               &item.x, &item.y, &item.width, &height))
        g_array_append_val (placed, item);
    }
}

static void
test_stacking (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  g_autoptr(GArray) again = g_array_new (FALSE, FALSE, sizeof (Placed));
  CmEventStore *store = cm_document_get_store (doc);
  CmTime start = parse ("2011-01-01"), end = parse ("2012-01-01");
  cairo_surface_t *surface;
  guint rows = 0;

  /* Spans only (no markers, no clusters), no titles (no label room): the
   * rows are those of the bars alone; some share a start */
  for (guint i = 0; i < 120; i++)
    {
      CmTime s = start + (CmTime) (g_test_rand_double () * 360 * DAY);
      CmTime length = (CmTime) (g_test_rand_double_range (1, 40) * DAY);

      if (i % 10 == 3)
        s = start + 100 * DAY;
      add_event (doc, "", s, s + length, CM_PRECISION_MINUTE, i % 3, 0);
    }

  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_show_legend (renderer, FALSE);
  surface = render (renderer, 1600, 2000, start, end);
  collect_placed (renderer, store, placed);
  g_assert_cmpuint (placed->len, >, 20);

  for (guint i = 0; i < placed->len; i++)
    {
      Placed *b = &g_array_index (placed, Placed, i);

      for (guint j = 0; j < placed->len; j++)
        {
          Placed *a = &g_array_index (placed, Placed, j);

          /* No two bars in one row overlap */
          if (i != j && a->y == b->y)
            g_assert_true (a->x + a->width + 2.9 <= b->x || b->x + b->width + 2.9 <= a->x);
        }
    }

  /* Greedy first fit in store order (start, end, serial): an event sits in
   * row r because every row above was still busy where it starts */
  for (guint i = 0; i < placed->len; i++)
    {
      Placed *b = &g_array_index (placed, Placed, i);
      g_autoptr(GHashTable) busy = g_hash_table_new (NULL, NULL);

      for (guint j = 0; j < placed->len; j++)
        {
          Placed *a = &g_array_index (placed, Placed, j);

          if (a->position < b->position && a->y < b->y && a->x + a->width + 3 > b->x)
            g_hash_table_add (busy, GINT_TO_POINTER ((int) a->y));
        }

      for (guint j = 0; j < placed->len; j++)
        {
          Placed *a = &g_array_index (placed, Placed, j);

          if (a->y < b->y)
            g_assert_true (g_hash_table_contains (busy, GINT_TO_POINTER ((int) a->y)));
        }
      rows = MAX (rows, g_hash_table_size (busy) + 1);
    }
  g_assert_cmpuint (rows, >, 2);

  /* The same frame again gives the same layout */
  cairo_surface_destroy (surface);
  surface = render (renderer, 1600, 2000, start, end);
  collect_placed (renderer, store, again);
  g_assert_cmpuint (again->len, ==, placed->len);
  for (guint i = 0; i < MIN (again->len, placed->len); i++)
    {
      Placed *a = &g_array_index (placed, Placed, i);
      Placed *b = &g_array_index (again, Placed, i);

      g_assert_cmpuint (a->position, ==, b->position);
      g_assert_cmpfloat (a->x, ==, b->x);
      g_assert_cmpfloat (a->y, ==, b->y);
      g_assert_cmpfloat (a->width, ==, b->width);
    }

  cairo_surface_destroy (surface);
}

/* }}} */
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

/* }}} */
/* {{{ Density */

static void
test_density_counts (void)
{
  g_autoptr(CmDocument) doc = new_document (3);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime first = parse ("1900"), last = parse ("2025");
  const guint n = 50000;
  const double width = 1600;
  g_autofree CmTime *starts = g_new (CmTime, n);
  g_autofree guint *groups = g_new (guint, n);
  cairo_surface_t *surface;
  guint checked = 0, total_seen = 0;

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = "Synthetic";
      /* Clumped: a fifth of the events in 1950 */
      data.start = i % 5 == 0
        ? parse ("1950") + (CmTime) (g_test_rand_double () * 365 * DAY)
        : first + (CmTime) (g_test_rand_double () * (double) (last - first));
      data.precision = CM_PRECISION_MINUTE;
      /* A time recorded to the minute starts on a whole minute: the
       * renderer places events by their precision unit. */
      data.start = cm_time_truncate (data.start, CM_PRECISION_MINUTE, CM_UTC_OFFSET_NONE);
      if (i % 3 == 0)
        data.end = data.start + 60 * (CmTime) (g_test_rand_double () * 30 * 24 * 60);
      data.category = i % 3;
      data.group = i % 4 == 3 ? CM_NONE : i % 4;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  for (guint p = 0; p < n; p++)
    {
      starts[p] = cm_event_store_get_start (store, p);
      groups[p] = cm_event_store_get_group (store, p);
    }

  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_show_legend (renderer, FALSE);
  surface = render (renderer, (int) width, 600, first, last);

  /* Every lane is a density strip: each column's count is exact */
  for (double y = 0; y < 600; y++)
    for (double x = 0.5; x < width; x += 3)
      {
        CmTimelineHit hit;
        guint brute = 0;

        if (!cm_timeline_renderer_hit_test (renderer, x, y, &hit) ||
            hit.kind != CM_TIMELINE_HIT_CLUSTER)
          continue;

        for (guint p = 0; p < n; p++)
          if (groups[p] == hit.group && starts[p] >= hit.start && starts[p] < hit.end)
            brute++;

        g_assert_cmpuint (hit.count, ==, brute);
        g_assert_cmpfloat (cm_timeline_time_to_x (hit.start, first, last, width), <=, x + 0.01);
        g_assert_cmpfloat (cm_timeline_time_to_x (hit.end, first, last, width), >=, x - 0.01);
        checked++;
        total_seen += hit.count;
        y += 4;
        break;
      }

  /* Some rows of lanes were hit, with events in them */
  g_assert_cmpuint (checked, >=, 4);
  g_assert_cmpuint (total_seen, >, 0);

  /* Recorded (as the widget's snapshot and export do) then replayed: the
   * same pixels as drawn directly, density strips included */
  {
    cairo_rectangle_t extents = { 0, 0, width, 600 };
    cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                                 &extents);
    cairo_surface_t *replayed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, 600);
    cairo_t *cr = cairo_create (recording);
    guint differ = 0;

    cm_timeline_renderer_render (renderer, cr, width, 600, first, last);
    cairo_destroy (cr);
    cr = cairo_create (replayed);
    cairo_set_source_surface (cr, recording, 0, 0);
    cairo_paint (cr);
    cairo_destroy (cr);
    cairo_surface_flush (replayed);

    for (int y = 0; y < 600; y += 3)
      for (int x = 0; x < (int) width; x += 3)
        {
          Rgb a = pixel (surface, x, y), b = pixel (replayed, x, y);

          if (abs (a.red - b.red) + abs (a.green - b.green) + abs (a.blue - b.blue) > 6)
            differ++;
        }
    g_assert_cmpuint (differ, ==, 0);

    cairo_surface_destroy (recording);
    cairo_surface_destroy (replayed);
  }

  /* Whole lanes: the columns add up to the lane */
  {
    double strip_y = -1;
    guint sum = 0, lane_total = 0, group = CM_NONE;
    CmTime covered_start = G_MAXINT64, covered_end = G_MININT64, previous_end = G_MININT64;

    for (double y = 0; y < 600 && strip_y < 0; y++)
      {
        CmTimelineHit hit;

        for (double x = 0.5; x < width && strip_y < 0; x += 2)
          if (cm_timeline_renderer_hit_test (renderer, x, y, &hit) &&
              hit.kind == CM_TIMELINE_HIT_CLUSTER)
            {
              strip_y = y;
              group = hit.group;
            }
      }
    g_assert_cmpfloat (strip_y, >=, 0);

    for (double x = 0.5; x < width; x += 2)
      {
        CmTimelineHit hit;

        if (cm_timeline_renderer_hit_test (renderer, x, strip_y, &hit) &&
            hit.kind == CM_TIMELINE_HIT_CLUSTER)
          {
            /* Columns follow each other without gaps or overlaps */
            if (previous_end != G_MININT64)
              g_assert_cmpint (hit.start, >=, previous_end);
            previous_end = hit.end;
            sum += hit.count;
            covered_start = MIN (covered_start, hit.start);
            covered_end = MAX (covered_end, hit.end);
          }
      }
    /* The columns sampled cover the frame up to the last partial pixel:
     * their counts add up to the lane's events over what they cover. */
    g_assert_cmpint (covered_start, <=, first + (last - first) / 100);
    g_assert_cmpint (covered_end, >=, last - (last - first) / 100);
    for (guint p = 0; p < n; p++)
      if (groups[p] == group && starts[p] >= covered_start && starts[p] < covered_end)
        lane_total++;
    g_assert_cmpuint (sum, ==, lane_total);
  }

  cairo_surface_destroy (surface);
}

static void
test_million (void)
{
  g_autoptr(CmDocument) doc = new_document (20);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime first = parse ("1900"), last = parse ("2025");
  const guint n = 1000000;
  cairo_surface_t *surface;
  CmTimelineHit hit;

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = "A";
      data.start = first + (CmTime) (g_test_rand_double () * (double) (last - first));
      data.precision = CM_PRECISION_MINUTE;
      data.category = i % 3;
      data.group = i % 20;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  cm_timeline_renderer_set_document (renderer, doc);

  /* The first frame prepares the lanes (once per document change), the
   * next one reuses them. How long they take is cm-bench's business. */
  surface = render (renderer, 1600, 400, first, last);
  cairo_surface_destroy (surface);
  surface = render (renderer, 1600, 400, first + DAY, last + DAY);

  /* Drawn as density: the counts are there, and no event is alone */
  g_assert_true (cm_timeline_renderer_hit_test (renderer, 800, 80, &hit));
  g_assert_true (hit.kind == CM_TIMELINE_HIT_CLUSTER || hit.kind == CM_TIMELINE_HIT_LANE_HEADER);
  if (hit.kind == CM_TIMELINE_HIT_CLUSTER)
    {
      g_assert_cmpuint (hit.count, >, 0);
      g_assert_cmpuint (hit.count, <=, n);
    }
  g_assert_false (cm_timeline_renderer_get_event_rect (renderer,
                                                       cm_event_store_get_serial (store, n / 2),
                                                       NULL, NULL, NULL, NULL));

  /* Zoomed to a day: real events */
  cairo_surface_destroy (surface);
  {
    guint p = cm_event_store_lower_bound (store, parse ("1960"));
    CmTime t = cm_event_store_get_start (store, p);
    double x, y, w, h;

    cm_timeline_renderer_set_selection (renderer, cm_event_store_get_serial (store, p));
    surface = render (renderer, 1600, 4000, t - DAY / 2, t + DAY / 2);
    g_assert_true (cm_timeline_renderer_get_event_rect (renderer,
                                                        cm_event_store_get_serial (store, p),
                                                        &x, &y, &w, &h));
    g_assert_cmpfloat (fabs (x + w / 2 - 800), <, 1);
  }
  cairo_surface_destroy (surface);
}

/* }}} */
/* {{{ Lanes, labels, hits */

static void
test_lanes (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  cairo_surface_t *surface;
  CmTimelineHit hit;
  double expanded, collapsed, y = -1;

  cm_timeline_renderer_set_document (renderer, doc);
  surface = render (renderer, 1200, 900, start, end);
  expanded = cm_timeline_renderer_get_content_height (renderer);

  /* The axis, then the first lane's header */
  g_assert_true (cm_timeline_renderer_hit_test (renderer, 300, 5, &hit));
  g_assert_cmpint (hit.kind, ==, CM_TIMELINE_HIT_AXIS);
  for (double dy = 0; dy < 100 && y < 0; dy++)
    if (cm_timeline_renderer_hit_test (renderer, 60, dy, &hit) &&
        hit.kind == CM_TIMELINE_HIT_LANE_HEADER)
      y = dy;
  g_assert_cmpfloat (y, >, 0);
  g_assert_cmpuint (hit.group, ==, 0);

  /* Collapsed: a density strip under the header, counts on hit */
  g_assert_false (cm_timeline_renderer_get_collapsed (renderer, 0));
  cm_timeline_renderer_set_collapsed (renderer, 0, TRUE);
  g_assert_true (cm_timeline_renderer_get_collapsed (renderer, 0));
  cairo_surface_destroy (surface);
  surface = render (renderer, 1200, 900, start, end);
  collapsed = cm_timeline_renderer_get_content_height (renderer);
  g_assert_cmpfloat (collapsed, <, expanded - 40);
  {
    gboolean found = FALSE;

    for (double dy = y; dy < y + 40 && !found; dy++)
      for (double x = 0; x < 1200 && !found; x += 1)
        if (cm_timeline_renderer_hit_test (renderer, x, dy, &hit) &&
            hit.kind == CM_TIMELINE_HIT_CLUSTER)
          found = TRUE;
    g_assert_true (found);
    g_assert_cmpuint (hit.group, ==, 0);
    g_assert_cmpuint (hit.count, >, 0);
  }
  cm_timeline_renderer_set_collapsed (renderer, 0, FALSE);

  /* Scrolled: the axis stays, the lanes move up */
  cm_timeline_renderer_set_scroll_offset (renderer, 50);
  cairo_surface_destroy (surface);
  surface = render (renderer, 1200, 900, start, end);
  g_assert_true (cm_timeline_renderer_hit_test (renderer, 300, 5, &hit));
  g_assert_cmpint (hit.kind, ==, CM_TIMELINE_HIT_AXIS);
  g_assert_cmpfloat (cm_timeline_renderer_get_content_height (renderer), ==, expanded);

  cairo_surface_destroy (surface);
}

static void
check_labels (CmTimelineRenderer *renderer,
              double              width,
              double              height,
              const char         *what)
{
  const CmTimelineLabel *labels;
  guint n;

  labels = cm_timeline_renderer_get_labels (renderer, &n);
  for (guint a = 0; a < n; a++)
    {
      if (labels[a].x < -0.01 || labels[a].x + labels[a].width > width + 0.01)
        g_test_message ("“%s” (kind %d) is cut at %g px, %s",
                        labels[a].text, labels[a].kind, width, what);
      g_assert_cmpfloat (labels[a].x, >=, -0.01);
      g_assert_cmpfloat (labels[a].x + labels[a].width, <=, width + 0.01);
      g_assert_cmpfloat (labels[a].y, >=, 0);

      for (guint b = a + 1; b < n; b++)
        {
          gboolean overlap = labels[a].x < labels[b].x + labels[b].width - 0.01 &&
                             labels[b].x < labels[a].x + labels[a].width - 0.01 &&
                             labels[a].y < labels[b].y + labels[b].height - 0.01 &&
                             labels[b].y < labels[a].y + labels[a].height - 0.01;

          if (overlap)
            g_test_message ("“%s” and “%s” overlap at %g px, %s",
                            labels[a].text, labels[b].text, width, what);
          g_assert_false (overlap);
        }
    }
}

static void
test_labels_no_overlap (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  const char *windows[][2] = {
    { "2011-01-01", "2012-01-01" },
    { "2011-05-23", "2011-05-29" },
    { "2011-05-26", "2011-05-27" },
    { "2011-05-26T10:15Z", "2011-05-26T11:15Z" },
    { "1990", "2030" },
  };
  const double widths[] = { 300, 500, 800, 1200, 1600, 2560, 4000 };
  CmEventStore *store = cm_document_get_store (doc);

  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_now (renderer, parse ("2011-05-26T15:00Z"));

  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
      for (guint s = 0; s < 3; s++)
        {
          cairo_surface_t *surface;

          cm_timeline_renderer_set_style (renderer, cm_style_get (s == 1));
          cm_timeline_renderer_set_selection (renderer,
                                              s == 2 ? cm_event_store_get_serial (store, 20)
                                                     : CM_NONE);
          surface = render (renderer, (int) widths[i], 700,
                            parse (windows[w][0]), parse (windows[w][1]));
          check_labels (renderer, widths[i], 700, windows[w][0]);
          cairo_surface_destroy (surface);
        }
}

static void
test_hit_events (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  cairo_surface_t *surface;
  guint hits = 0;

  cm_timeline_renderer_set_document (renderer, doc);
  surface = render (renderer, 1600, 900, start, end);

  /* The centre of every event drawn hits that event */
  for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
    {
      guint serial = cm_event_store_get_serial (store, p);
      CmTimelineHit hit;
      double x, y, w, h;

      if (!cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h))
        continue;
      if (x + w / 2 < 0 || x + w / 2 >= 1600)
        continue;

      g_assert_true (cm_timeline_renderer_hit_test (renderer, x + w / 2, y + h / 2, &hit));
      g_assert_cmpint (hit.kind, ==, CM_TIMELINE_HIT_EVENT);
      g_assert_cmpuint (hit.serial, ==, serial);
      g_assert_cmpuint (hit.position, ==, p);
      hits++;
    }
  g_assert_cmpuint (hits, >, 20);

  /* Outside the frame, nothing */
  {
    CmTimelineHit hit;

    g_assert_false (cm_timeline_renderer_hit_test (renderer, -5, 100, &hit));
    g_assert_cmpint (hit.kind, ==, CM_TIMELINE_HIT_NONE);
  }

  cairo_surface_destroy (surface);
}

static void
matches_changed_cb (CmSession  *session,
                    GParamSpec *pspec,
                    gpointer    renderer)
{
  cm_timeline_renderer_set_matches (renderer, cm_session_get_matches (session));
}

static void
test_filter_and_changes (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  g_autoptr(CmSession) session = cm_session_new (doc);
  CmEventFilter *filter = cm_session_get_filter (session);
  CmEventStore *store = cm_document_get_store (doc);
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  guint summit = cm_document_find_category (doc, "summit");
  cairo_surface_t *surface;
  guint serial, position, shown = 0;

  cm_timeline_renderer_set_document (renderer, doc);
  /* The renderer draws the session's result, renewed on each change. */
  g_signal_connect_object (session, "notify::matches", G_CALLBACK (matches_changed_cb), renderer, 0);
  cm_timeline_renderer_set_matches (renderer, cm_session_get_matches (session));
  cm_event_filter_set_category (filter, summit);
  surface = render (renderer, 1600, 900, start, end);

  for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
    if (cm_timeline_renderer_get_event_rect (renderer, cm_event_store_get_serial (store, p),
                                             NULL, NULL, NULL, NULL))
      {
        g_assert_cmpuint (cm_event_store_get_category (store, p), ==, summit);
        shown++;
      }
  g_assert_cmpuint (shown, >, 0);

  /* Less strict: more events */
  cm_event_filter_set_category (filter, CM_NONE);
  cairo_surface_destroy (surface);
  surface = render (renderer, 1600, 900, start, end);
  position = cm_event_store_lower_bound (store, parse ("2011-05-25T12:00Z"));
  serial = cm_event_store_get_serial (store, position);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, serial, NULL, NULL, NULL, NULL));

  /* A new event shows in the next frame */
  {
    CmEventData data;

    cm_event_data_init (&data);
    data.title = "New";
    data.start = parse ("2011-05-24T03:00Z");
    data.precision = CM_PRECISION_MINUTE;
    serial = cm_event_store_get_serial (store, cm_event_store_insert (store, &data));
  }
  cairo_surface_destroy (surface);
  surface = render (renderer, 1600, 900, start, end);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, serial, NULL, NULL, NULL, NULL));

  cairo_surface_destroy (surface);
}

/* A long pan: the text caches fill up and let go of what is out of view,
 * and every frame's labels stay sound */
static void
test_pan (void)
{
  g_autoptr(CmDocument) doc = new_document (2);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime first = parse ("2011-01-01");
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 900);
  cairo_t *cr = cairo_create (surface);
  guint drawn = 0;

  cm_event_store_begin_bulk (store, 20000);
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *title = g_strdup_printf ("Event number %u of the pan", i);
      CmEventData data;

      cm_event_data_init (&data);
      data.title = title;
      data.start = first + (CmTime) (g_test_rand_double () * 365 * DAY);
      data.precision = CM_PRECISION_MINUTE;
      if (i % 4 == 0)
        data.end = data.start + (CmTime) (g_test_rand_double () * 2 * DAY);
      data.category = i % 3;
      data.group = i % 3 == 2 ? CM_NONE : i % 3;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  cm_timeline_renderer_set_document (renderer, doc);
  for (guint f = 0; f < 400; f++)
    {
      CmTime start = first + (CmTime) f * DAY * 9 / 10;

      cm_timeline_renderer_render (renderer, cr, 1600, 900, start, start + 3 * DAY);
      if (f % 20 == 0)
        check_labels (renderer, 1600, 900, "panning");

      {
        guint n;
        const CmTimelineLabel *labels = cm_timeline_renderer_get_labels (renderer, &n);

        for (guint i = 0; i < n; i++)
          {
            g_assert_nonnull (labels[i].text);
            if (labels[i].kind == CM_TIMELINE_LABEL_EVENT)
              {
                g_assert_true (g_str_has_prefix (labels[i].text, "Event number"));
                drawn++;
              }
          }
      }
    }
  g_assert_cmpuint (drawn, >, 5000);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

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

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int result;

  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  cm_core_init ();

  g_test_add_func ("/timeline-renderer/stacking", test_stacking);
  g_test_add_func ("/timeline-renderer/position-color", test_position_color);
  g_test_add_func ("/timeline-renderer/selection", test_selection);
  g_test_add_func ("/timeline-renderer/cluster", test_cluster);
  g_test_add_func ("/timeline-renderer/uncertain", test_uncertain);
  g_test_add_func ("/timeline-renderer/styles", test_styles);
  g_test_add_func ("/timeline-renderer/now-line", test_now_line);
  g_test_add_func ("/timeline-renderer/density-counts", test_density_counts);
  g_test_add_func ("/timeline-renderer/million", test_million);
  g_test_add_func ("/timeline-renderer/lanes", test_lanes);
  g_test_add_func ("/timeline-renderer/labels-no-overlap", test_labels_no_overlap);
  g_test_add_func ("/timeline-renderer/hit-events", test_hit_events);
  g_test_add_func ("/timeline-renderer/filter-and-changes", test_filter_and_changes);
  g_test_add_func ("/timeline-renderer/pan", test_pan);
  g_test_add_func ("/timeline-renderer/vector-and-overview", test_vector_and_overview);

  result = g_test_run ();

  cm_test_release_fonts ();

  return result;
}
