/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The texts of a timeline frame: event labels that keep apart and inside
 * the frame, the legend below the lanes, no disclosure triangles when
 * asked; the ticks a drag snaps to. Image surfaces only, no display. */
#include "config.h"

#include "timeline-renderer-tests.h"

#define LABEL_SPACING 8.0   /* as the renderer promises */

static gboolean
rows_overlap (const CmTimelineLabel *a,
              const CmTimelineLabel *b)
{
  return a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Every text inside the frame, none over another; event labels on the
 * same line at least LABEL_SPACING apart. Returns the number of event
 * labels. */
static guint
check_labels (CmTimelineRenderer *renderer,
              double              width,
              double              height)
{
  const CmTimelineLabel *labels;
  guint n = 0, n_events = 0;

  labels = cm_timeline_renderer_get_labels (renderer, &n);
  for (guint i = 0; i < n; i++)
    {
      const CmTimelineLabel *a = &labels[i];

      if (a->kind == CM_TIMELINE_LABEL_EVENT)
        n_events++;

      g_assert_cmpfloat (a->x, >=, -0.5);
      g_assert_cmpfloat (a->x + a->width, <=, width + 0.5);
      g_assert_cmpfloat (a->y + a->height, <=, height + 0.5);

      for (guint j = i + 1; j < n; j++)
        {
          const CmTimelineLabel *b = &labels[j];

          if (!rows_overlap (a, b))
            continue;
          /* Axis labels are laid out by the axis, with their own gaps */
          if (a->kind == CM_TIMELINE_LABEL_EVENT && b->kind == CM_TIMELINE_LABEL_EVENT)
            {
              double gap = MAX (b->x - (a->x + a->width), a->x - (b->x + b->width));

              if (gap < LABEL_SPACING - 0.5)
                g_test_message ("“%s” at %g+%g and “%s” at %g+%g", a->text, a->x, a->width,
                                b->text, b->x, b->width);
              g_assert_cmpfloat (gap, >=, LABEL_SPACING - 0.5);
            }
          else
            {
              g_assert_true (a->x + a->width <= b->x + 0.5 || b->x + b->width <= a->x + 0.5);
            }
        }
    }

  return n_events;
}

static const CmTimelineLabel *
find_label (CmTimelineRenderer *renderer,
            const char         *text)
{
  const CmTimelineLabel *labels;
  guint n = 0;

  labels = cm_timeline_renderer_get_labels (renderer, &n);
  for (guint i = 0; i < n; i++)
    if (labels[i].kind == CM_TIMELINE_LABEL_EVENT && g_strcmp0 (labels[i].text, text) == 0)
      return &labels[i];

  return NULL;
}

/* A crowded lane: instants an hour apart, each with a long title, and
 * events at both edges of the frame. */
static void
test_crowded (void)
{
  g_autoptr(CmDocument) doc = new_document (1);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-24");
  const char *left = "Obama and Tusk meet over lunch at the Presidential Palace";
  const char *right = "Obama departs Warsaw for Washington at the end of the tour";
  cairo_surface_t *surface;
  const CmTimelineLabel *label;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *title = g_strdup_printf ("Meeting number %u of the day in the hall", i);

      add_event (doc, title, start + 2 * 3600 + (CmTime) i * 900, CM_TIME_INVALID,
                 CM_PRECISION_MINUTE, i % 3, i % 2 == 0 ? 0 : CM_NONE);
    }
  /* 5 minutes from each edge of a 24-hour frame 800 px wide: 3 px */
  add_event (doc, left, start + 300, CM_TIME_INVALID, CM_PRECISION_MINUTE, 0, CM_NONE);
  add_event (doc, right, end - 300, CM_TIME_INVALID, CM_PRECISION_MINUTE, 1, CM_NONE);

  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_show_legend (renderer, FALSE);
  for (int width = 400; width <= 1600; width += 300)
    {
      surface = render (renderer, width, 600, start, end);
      g_assert_cmpuint (check_labels (renderer, width, 600), >, 2);
      cairo_surface_destroy (surface);
    }

  /* At the edges, the whole title, slid inside beside its event */
  surface = render (renderer, 800, 600, start, end);
  label = find_label (renderer, right);
  g_assert_nonnull (label);
  g_assert_cmpfloat (label->x + label->width, <=, 800);
  g_assert_cmpfloat (label->x + label->width, >, 780);
  label = find_label (renderer, left);
  g_assert_nonnull (label);
  g_assert_cmpfloat (label->x, >=, 0);
  g_assert_cmpfloat (label->x, <, 20);
  cairo_surface_destroy (surface);

  /* With a scroll bar over the last 40 px, no event label goes under it
   * (the one whose mark is under it has no room left of it). */
  cm_timeline_renderer_set_right_inset (renderer, 40);
  surface = render (renderer, 800, 600, start, end);
  {
    const CmTimelineLabel *labels;
    guint n = 0, n_events = 0;

    labels = cm_timeline_renderer_get_labels (renderer, &n);
    for (guint i = 0; i < n; i++)
      if (labels[i].kind == CM_TIMELINE_LABEL_EVENT)
        {
          g_assert_cmpfloat (labels[i].x + labels[i].width, <=, 760.5);
          n_events++;
        }
    g_assert_cmpuint (n_events, >, 2);
  }
  g_assert_null (find_label (renderer, right));
  cairo_surface_destroy (surface);
}

/* The bundled dataset at several zooms and sizes */
static void
test_dataset (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  const char *windows[][2] = {
    { "2011-05-23", "2011-05-29" },
    { "2011-05-25", "2011-05-27" },
    { "2011-05-01", "2011-06-01" },
    { "2011-01-01", "2012-01-01" },
    { "2010-06-01", "2021-01-01" },
  };

  cm_timeline_renderer_set_document (renderer, doc);
  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    for (int width = 500; width <= 1900; width += 350)
      {
        cairo_surface_t *surface = render (renderer, width, 900, parse (windows[w][0]),
                                           parse (windows[w][1]));

        check_labels (renderer, width, 900);
        cairo_surface_destroy (surface);
      }
}

/* Titles are whole: inside a bar only where it is solid (a faded end is
 * not room), else beside it. Day-long instants 240 px wide, faded over
 * 48 px at each end, with titles of many lengths, each in its own lane;
 * each title as wide as in a frame four times wider. */
static void
test_whole_titles (void)
{
  g_autoptr(CmDocument) doc = new_document (12);
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-28");
  g_autoptr(GHashTable) widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const CmTimelineLabel *labels;
  cairo_surface_t *surface;
  guint n = 0, n_compared = 0;

  for (guint i = 0; i < 12; i++)
    {
      const char *words = "in the hall of the palace with the ministers of state";
      g_autofree char *title = g_strdup_printf ("Talks %.*s", 10 + 3 * i, words);

      add_event (doc, title, start + (CmTime) (i % 4) * DAY + 3600, CM_TIME_INVALID,
                 CM_PRECISION_DAY, 0, i);
    }
  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_show_legend (renderer, FALSE);

  surface = render (renderer, 4800, 1200, start, end);
  labels = cm_timeline_renderer_get_labels (renderer, &n);
  for (guint i = 0; i < n; i++)
    if (labels[i].kind == CM_TIMELINE_LABEL_EVENT)
      g_hash_table_insert (widths, g_strdup (labels[i].text),
                           g_memdup2 (&labels[i].width, sizeof (double)));
  g_assert_cmpuint (g_hash_table_size (widths), ==, 12);
  cairo_surface_destroy (surface);

  surface = render (renderer, 1200, 1200, start, end);
  labels = cm_timeline_renderer_get_labels (renderer, &n);
  for (guint i = 0; i < n; i++)
    {
      const double *wide;

      if (labels[i].kind != CM_TIMELINE_LABEL_EVENT)
        continue;
      wide = g_hash_table_lookup (widths, labels[i].text);
      g_assert_nonnull (wide);
      if (fabs (labels[i].width - *wide) > 1)
        g_test_message ("%s: %g, not %g", labels[i].text, labels[i].width, *wide);
      g_assert_cmpfloat_with_epsilon (labels[i].width, *wide, 1);
      n_compared++;
    }
  g_assert_cmpuint (n_compared, ==, 12);
  check_labels (renderer, 1200, 1200);
  cairo_surface_destroy (surface);
}

/* The legend: below every lane, inside the frame, in several rows when
 * the frame is narrow; at the bottom, with the lanes cut above it, when
 * they are taller than the frame. */
static void
check_legend_below (CmTimelineRenderer *renderer,
                    double              width,
                    double              height,
                    guint              *n_rows)
{
  const CmTimelineLabel *labels;
  double legend_top = G_MAXDOUBLE, lanes_bottom = 0;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = 0, n_legend = 0;

  labels = cm_timeline_renderer_get_labels (renderer, &n);
  for (guint i = 0; i < n; i++)
    {
      const CmTimelineLabel *label = &labels[i];

      if (label->kind == CM_TIMELINE_LABEL_LEGEND)
        {
          gboolean known = FALSE;

          n_legend++;
          legend_top = MIN (legend_top, label->y);
          g_assert_cmpfloat (label->x, >=, 0);
          g_assert_cmpfloat (label->x + label->width, <=, width);
          g_assert_cmpfloat (label->y + label->height, <=, height);
          for (guint r = 0; r < rows->len; r++)
            known |= g_array_index (rows, double, r) == label->y;
          if (!known)
            g_array_append_val (rows, label->y);
        }
      else if (label->kind == CM_TIMELINE_LABEL_EVENT || label->kind == CM_TIMELINE_LABEL_LANE)
        lanes_bottom = MAX (lanes_bottom, label->y + label->height);
    }

  g_assert_cmpuint (n_legend, >, 0);
  g_assert_cmpfloat (legend_top, >, lanes_bottom);
  *n_rows = rows->len;
}

static void
test_legend (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  cairo_surface_t *surface;
  guint n_rows = 0;
  double content;

  cm_timeline_renderer_set_document (renderer, doc);
  g_assert_true (cm_timeline_renderer_get_show_legend (renderer));

  /* Wide and tall: one row, below the lanes, counted in the content */
  surface = render (renderer, 1600, 1000, start, end);
  check_legend_below (renderer, 1600, 1000, &n_rows);
  g_assert_cmpuint (n_rows, ==, 1);
  content = cm_timeline_renderer_get_content_height (renderer);
  cairo_surface_destroy (surface);

  /* Narrow: several rows, the content taller */
  surface = render (renderer, 420, 1400, start, end);
  check_legend_below (renderer, 420, 1400, &n_rows);
  g_assert_cmpuint (n_rows, >, 1);
  g_assert_cmpfloat (cm_timeline_renderer_get_content_height (renderer), >, content);
  cairo_surface_destroy (surface);

  /* Shorter than the lanes: the legend at the bottom, nothing under it */
  surface = render (renderer, 900, 300, start, end);
  check_legend_below (renderer, 900, 300, &n_rows);
  check_labels (renderer, 900, 300);
  cairo_surface_destroy (surface);

  /* Off: no legend, and the content is the lanes' */
  cm_timeline_renderer_set_show_legend (renderer, FALSE);
  surface = render (renderer, 1600, 1000, start, end);
  {
    const CmTimelineLabel *labels;
    guint n = 0;

    labels = cm_timeline_renderer_get_labels (renderer, &n);
    for (guint i = 0; i < n; i++)
      g_assert_cmpint (labels[i].kind, !=, CM_TIMELINE_LABEL_LEGEND);
  }
  g_assert_cmpfloat (cm_timeline_renderer_get_content_height (renderer), <, content);
  cairo_surface_destroy (surface);
}

/* The triangles left of the lane names, and none when asked. */
static void
test_no_disclosure (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
  const CmStyle *style = cm_style_get_light ();

  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_style (renderer, style);
  for (int show = 1; show >= 0; show--)
    {
      const CmTimelineLabel *labels;
      cairo_surface_t *surface;
      guint n = 0, n_lanes = 0;

      cm_timeline_renderer_set_show_disclosure (renderer, show);
      surface = render (renderer, 1200, 900, start, end);
      labels = cm_timeline_renderer_get_labels (renderer, &n);
      for (guint i = 0; i < n; i++)
        {
          double cy = labels[i].y + labels[i].height / 2;
          guint ink = 0;

          if (labels[i].kind != CM_TIMELINE_LABEL_LANE)
            continue;
          n_lanes++;
          /* Left of the lane's name, around the header's middle: the
           * triangle, or nothing */
          for (int x = 1; x < (int) labels[i].x - 1; x++)
            for (int y = (int) cy - 5; y <= (int) cy + 5; y++)
              if (distance (pixel (surface, x, y), &style->header_background) > 40)
                ink++;
          if (show)
            g_assert_cmpuint (ink, >, 10);
          else
            {
              g_assert_cmpuint (ink, ==, 0);
              g_assert_cmpfloat (labels[i].x, <, 12);
            }
        }
      g_assert_cmpuint (n_lanes, >, 3);
      cairo_surface_destroy (surface);
    }
}

/* The time a drag snaps to is the nearest tick of the axis shown: days on
 * a month, hours on a few hours; itself before any frame. */
static void
test_snap (void)
{
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  g_autoptr(CmDocument) doc = new_document (0);
  CmTime month = parse ("2011-05-01T00:00:00Z"), t = parse ("2011-05-10T13:20:00Z");
  cairo_surface_t *surface;
  CmTime previous = G_MININT64;

  add_event (doc, "Summit", parse ("2011-05-26T10:00:00Z"), CM_TIME_INVALID, CM_PRECISION_HOUR,
             CM_NONE, CM_NONE);
  cm_timeline_renderer_set_document (renderer, doc);
  cm_timeline_renderer_set_zone_kind (renderer, CM_ZONE_KIND_UTC);
  g_assert_cmpint (cm_timeline_renderer_snap_time (renderer, t), ==, t);

  /* A month: midnights, the nearest one. */
  surface = render (renderer, 1200, 300, month, month + 31 * DAY);
  g_assert_cmpint (cm_timeline_renderer_snap_time (renderer, t), ==, parse ("2011-05-11T00:00:00Z"));
  g_assert_cmpint (cm_timeline_renderer_snap_time (renderer, t - 2 * 3600), ==,
                   parse ("2011-05-10T00:00:00Z"));
  for (CmTime u = month + 1234; u < month + 31 * DAY; u += 3 * 3600 + 17)
    {
      CmTime snapped = cm_timeline_renderer_snap_time (renderer, u);

      g_assert_cmpint (snapped % DAY, ==, 0);
      g_assert_cmpint (cm_timeline_renderer_snap_time (renderer, snapped), ==, snapped);
      g_assert_cmpint (snapped, >=, previous);
      g_assert_cmpint (ABS (snapped - u), <=, 7 * DAY / 2);
      previous = snapped;
    }
  cairo_surface_destroy (surface);

  /* Six hours: within the hour, not at midnight. */
  surface = render (renderer, 1200, 300, t - 3 * 3600, t + 3 * 3600);
  g_assert_cmpint (ABS (cm_timeline_renderer_snap_time (renderer, t) - t), <=, 1800);
  g_assert_cmpint (cm_timeline_renderer_snap_time (renderer, t) % DAY, !=, 0);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  cm_test_init (&argc, &argv);

  g_test_add_func ("/timeline-renderer-labels/crowded", test_crowded);
  g_test_add_func ("/timeline-renderer-labels/dataset", test_dataset);
  g_test_add_func ("/timeline-renderer-labels/whole-titles", test_whole_titles);
  g_test_add_func ("/timeline-renderer-labels/legend", test_legend);
  g_test_add_func ("/timeline-renderer-labels/no-disclosure", test_no_disclosure);
  g_test_add_func ("/timeline-renderer-labels/snap", test_snap);

  result = g_test_run ();
  cm_test_release_fonts ();

  return result;
}
