/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of how CmTimelineRenderer lays a document out: stacking, density
 * counts, a million events, lanes, labels, hit testing, changes, a long
 * pan. What it draws is in test-timeline-renderer.c. */
#include "cm-session.h"
#include "config.h"

#include <string.h>

#include "cm-map-renderer-sprites.h"
#include "cm-timeline-renderer-private.h"
#include "timeline-renderer-tests.h"

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

/* Whether x is under (within 2 px of) a count the last frame wrote. */
static gboolean
under_count (CmTimelineRenderer *renderer,
             double              x)
{
  const CmTimelineLabel *labels;
  guint n;

  labels = cm_timeline_renderer_get_labels (renderer, &n);
  for (guint i = 0; i < n; i++)
    if (labels[i].kind == CM_TIMELINE_LABEL_CLUSTER &&
        x >= labels[i].x - 8 && x <= labels[i].x + labels[i].width + 8)
      return TRUE;

  return FALSE;
}

/* The rows of a density band at @x: from the first to the last y whose hit
 * is a count, less the lane's margins. */
static void
band_rows (CmTimelineRenderer *renderer,
           double              x,
           int                *top,
           int                *bottom)
{
  *top = *bottom = -1;
  for (int y = 0; y < 300; y++)
    {
      CmTimelineHit hit;

      if (cm_timeline_renderer_hit_test (renderer, x, y, &hit) &&
          hit.kind == CM_TIMELINE_HIT_CLUSTER)
        {
          if (*top < 0)
            *top = y;
          *bottom = y;
        }
    }
  g_assert_cmpint (*top, >=, 0);
  *top += 3;
  *bottom -= 5;
  g_assert_cmpint (*bottom, >, *top + 4);
}

/* A lane dense in its first half, sparse in its second: a band whose shade
 * follows the count (no outlines: each column one colour from top to
 * bottom), numbers between ticks that are right; zoomed in, its events. */
static void
test_density_band (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime first = parse ("1900"), middle = parse ("1950"), last = parse ("2000");
  const CmStyle *style = cm_style_get_light ();
  const CmTimelineLabel *labels;
  cairo_surface_t *surface;
  guint n_labels, n_counts = 0, n_checked[2] = { 0, 0 };
  int dense_min = 1000, sparse_max = 0;

  cm_event_store_begin_bulk (store, 24000);
  for (guint i = 0; i < 24000; i++)
    {
      CmEventData data;
      double f = g_test_rand_double ();

      cm_event_data_init (&data);
      data.title = "Dense";
      data.start = i < 20000 ? first + (CmTime) (f * (double) (middle - first))
                             : middle + (CmTime) (f * (double) (last - middle));
      data.start = cm_time_truncate (data.start, CM_PRECISION_MINUTE, CM_UTC_OFFSET_NONE);
      data.precision = CM_PRECISION_MINUTE;
      data.category = 1;
      data.group = 0;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_show_legend (renderer, FALSE);
  surface = render (renderer, 1200, 300, first, last);

  /* Columns away from the numbers: one shade top to bottom, in the lane's
   * colour (red); every dense column darker than every sparse one */
  for (double x = 20.5; x < 1180; x += 7)
    {
      int top, bottom, d;
      Rgb rgb;

      if (under_count (renderer, x) || fabs (x - 600) < 20)
        continue;
      band_rows (renderer, x, &top, &bottom);
      rgb = pixel (surface, x, top);
      for (int y = top; y <= bottom; y++)
        {
          Rgb other = pixel (surface, x, y);

          g_assert_cmpint (abs (other.red - rgb.red) + abs (other.green - rgb.green) +
                           abs (other.blue - rgb.blue), <=, 3);
        }
      g_assert_cmpint (rgb.red, >, rgb.green + 10);
      d = distance (rgb, &style->background);
      if (x < 600)
        dense_min = MIN (dense_min, d), n_checked[0]++;
      else
        sparse_max = MAX (sparse_max, d), n_checked[1]++;
    }
  g_assert_cmpuint (n_checked[0], >, 10);
  g_assert_cmpuint (n_checked[1], >, 10);
  g_assert_cmpint (dense_min, >, sparse_max + 20);

  /* The numbers: the events starting between two ticks, exactly */
  labels = cm_timeline_renderer_get_labels (renderer, &n_labels);
  for (guint i = 0; i < n_labels; i++)
    {
      const CmTimelineLabel *label = &labels[i];
      double cx = label->x + label->width / 2;
      CmTime lo, hi;
      guint brute = 0;
      char expected[16];

      if (label->kind != CM_TIMELINE_LABEL_CLUSTER)
        continue;
      /* The interval between ticks it is centred in */
      lo = hi = CM_TIME_INVALID;
      for (guint t = 0; t + 1 < renderer->fine_ticks->len; t++)
        {
          CmTime t0 = g_array_index (renderer->fine_ticks, CmTime, t);
          CmTime t1 = g_array_index (renderer->fine_ticks, CmTime, t + 1);

          if (cx > cm_timeline_time_to_x (t0, first, last, 1200) &&
              cx < cm_timeline_time_to_x (t1, first, last, 1200))
            {
              lo = t0;
              hi = t1;
            }
        }
      g_assert_cmpint (lo, !=, CM_TIME_INVALID);
      for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
        {
          CmTime t = cm_event_store_get_start (store, p);

          if (t >= lo && t < hi)
            brute++;
        }
      /* Written as the map's clusters are */
      _cm_map_format_count (brute, expected, sizeof expected);
      g_assert_cmpuint (brute, >, 0);
      g_assert_cmpstr (label->text, ==, expected);
      n_counts++;
    }
  g_assert_cmpuint (n_counts, >=, 5);
  cairo_surface_destroy (surface);

  /* Zoomed in on a week of the sparse half: the events themselves */
  {
    guint p = cm_event_store_lower_bound (store, parse ("1975"));
    CmTime t = cm_event_store_get_start (store, p);

    surface = render (renderer, 1200, 300, t - 3 * DAY, t + 3 * DAY);
    g_assert_true (cm_timeline_renderer_get_event_rect (renderer,
                                                        cm_event_store_get_serial (store, p),
                                                        NULL, NULL, NULL, NULL));
    cairo_surface_destroy (surface);
  }
}

/* 200 spans over one another, too few for density by their number: most
 * of them in no row, the lane is a band, and no event is picked at random */
static void
test_density_overflow (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime start = parse ("2011-01-01");
  cairo_surface_t *surface;
  guint found = 0;

  for (guint i = 0; i < 200; i++)
    add_event (doc, "", start + (CmTime) i * 3600, start + 20 * DAY, CM_PRECISION_MINUTE, 0, 0);

  cm_timeline_renderer_set_document (renderer, doc);
  surface = render (renderer, 1200, 400, start - DAY, start + 21 * DAY);
  for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
    if (cm_timeline_renderer_get_event_rect (renderer, cm_event_store_get_serial (store, p),
                                             NULL, NULL, NULL, NULL))
      found++;
  g_assert_cmpuint (found, ==, 0);
  {
    int top, bottom;
    CmTimelineHit hit;

    band_rows (renderer, 60, &top, &bottom);
    g_assert_true (cm_timeline_renderer_hit_test (renderer, 60, (top + bottom) / 2.0, &hit));
    g_assert_cmpint (hit.kind, ==, CM_TIMELINE_HIT_CLUSTER);
    g_assert_cmpuint (hit.count, >, 0);
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

/* }}} */

/* The positions of every event but the one of @skip, as a match set. */
static CmMatchSet *
all_but (CmEventStore *store,
         guint         skip)
{
  guint n = cm_event_store_get_n_events (store);
  guint32 *positions = g_new (guint32, n);
  guint k = 0;

  for (guint p = 0; p < n; p++)
    if (p != skip)
      positions[k++] = p;

  return cm_match_set_new_take (n, positions, k);
}

/* With an asynchronous scene, a new filter result keeps the lanes of the
 * old one on screen until they are built (in a thread, or here in steps
 * with cm_timeline_renderer_prepare()), then shows its own. */
static void
test_async_scene (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  guint a = add_event (doc, "A", parse ("2011-05-24T10:00Z"), CM_TIME_INVALID, CM_PRECISION_MINUTE, 0, 0);
  guint b = add_event (doc, "B", parse ("2011-05-26T10:00Z"), CM_TIME_INVALID, CM_PRECISION_MINUTE, 1, 0);
  g_autoptr(CmMatchSet) without_b = NULL;
  g_autoptr(CmMatchSet) without_a = NULL;
  cairo_surface_t *surface;
  guint steps = 0;

  /* Many more, years later: off screen, but work to lay out. */
  cm_event_store_begin_bulk (store, 60000);
  for (guint i = 0; i < 60000; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = "Later";
      data.start = parse ("2020-01-01") + (CmTime) i * 600;
      data.group = 0;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);
  without_b = all_but (store, cm_event_store_find_serial (store, b));
  without_a = all_but (store, cm_event_store_find_serial (store, a));

  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_async_scene (renderer, TRUE);
  cm_timeline_renderer_set_matches (renderer, without_b);
  surface = render (renderer, 1200, 400, start, end);
  cairo_surface_destroy (surface);
  g_assert_true (cm_timeline_renderer_get_prepared (renderer));
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, a, NULL, NULL, NULL, NULL));
  g_assert_false (cm_timeline_renderer_get_event_rect (renderer, b, NULL, NULL, NULL, NULL));

  /* A new result: the old lanes are drawn meanwhile. */
  cm_timeline_renderer_set_matches (renderer, without_a);
  g_assert_false (cm_timeline_renderer_get_prepared (renderer));
  surface = render (renderer, 1200, 400, start, end);
  cairo_surface_destroy (surface);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, a, NULL, NULL, NULL, NULL));
  g_assert_false (cm_timeline_renderer_get_event_rect (renderer, b, NULL, NULL, NULL, NULL));

  /* Steps with no time at all still finish, in more than one, instead
   * of the thread. */
  while (!cm_timeline_renderer_prepare (renderer, g_get_monotonic_time ()))
    steps++;
  g_assert_cmpuint (steps, >, 1);
  g_assert_true (cm_timeline_renderer_get_prepared (renderer));
  surface = render (renderer, 1200, 400, start, end);
  cairo_surface_destroy (surface);
  g_assert_false (cm_timeline_renderer_get_event_rect (renderer, a, NULL, NULL, NULL, NULL));
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, b, NULL, NULL, NULL, NULL));

  /* A change of the store is laid out at once. */
  add_event (doc, "C", parse ("2011-05-25T10:00Z"), CM_TIME_INVALID, CM_PRECISION_MINUTE, 0, 0);
  cm_timeline_renderer_set_matches (renderer, NULL);
  surface = render (renderer, 1200, 400, start, end);
  cairo_surface_destroy (surface);
  g_assert_true (cm_timeline_renderer_get_prepared (renderer));
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, a, NULL, NULL, NULL, NULL));

  /* The thread dropped by prepare() reports back, and swaps nothing in. */
  while (cm_timeline_renderer_is_building (renderer))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cm_timeline_renderer_get_prepared (renderer));
}

int
main (int   argc,
      char *argv[])
{
  int result;

  cm_test_init (&argc, &argv);

  g_test_add_func ("/timeline-renderer/stacking", test_stacking);
  g_test_add_func ("/timeline-renderer/density-counts", test_density_counts);
  g_test_add_func ("/timeline-renderer/density-band", test_density_band);
  g_test_add_func ("/timeline-renderer/density-overflow", test_density_overflow);
  g_test_add_func ("/timeline-renderer/million", test_million);
  g_test_add_func ("/timeline-renderer/lanes", test_lanes);
  g_test_add_func ("/timeline-renderer/labels-no-overlap", test_labels_no_overlap);
  g_test_add_func ("/timeline-renderer/hit-events", test_hit_events);
  g_test_add_func ("/timeline-renderer/filter-and-changes", test_filter_and_changes);
  g_test_add_func ("/timeline-renderer/async-scene", test_async_scene);
  g_test_add_func ("/timeline-renderer/pan", test_pan);

  result = g_test_run ();

  cm_test_release_fonts ();

  return result;
}
