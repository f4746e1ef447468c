/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cm-time-window.h"

#include <math.h>

/* Where @time falls across @width pixels showing [start, end). */
static double
time_to_x (CmTime time,
           CmTime start,
           CmTime end,
           double width)
{
  return ((double) time - (double) start) * width / ((double) end - (double) start);
}

/* The time at @x across @width pixels showing [start, end). */
static CmTime
x_to_time (double x,
           CmTime start,
           CmTime end,
           double width)
{
  return start + (CmTime) llround (x * (((double) end - (double) start) / width));
}

static void
test_zoom_window (void)
{
  CmTime start = cm_time_from_civil (2011, 5, 1, 0, 0, 0);
  CmTime end = cm_time_from_civil (2011, 6, 1, 0, 0, 0);
  CmTime new_start, new_end, anchor_time;
  const double width = 1200, x = 300;
  CmTime deep_start = cm_time_from_civil (-G_GINT64_CONSTANT (13800000000), 1, 1, 0, 0, 0);
  CmTime now = cm_time_from_civil (2025, 1, 1, 0, 0, 0);

  /* Zooming in keeps the time under x = 300 at x = 300. */
  anchor_time = x_to_time (x, start, end, width);
  cm_time_window_zoom (start, end, x / width, 0.5, 60, G_MAXINT64, &new_start, &new_end);
  g_assert_cmpfloat_with_epsilon ((double) (new_end - new_start), (double) (end - start) / 2, 1.0);
  g_assert_cmpfloat_with_epsilon (time_to_x (anchor_time, new_start, new_end, width),
                                  x, 1.0);

  /* The span is clamped: no closer than the minimum. */
  cm_time_window_zoom (start, end, 0.5, 1e-9, 720, G_MAXINT64, &new_start, &new_end);
  g_assert_cmpint (new_end - new_start, ==, 720);
  g_assert_cmpint (new_start, >, start);

  /* 13.8 billion years: no overflow, the anchor stays. */
  anchor_time = x_to_time (x, deep_start, now, width);
  cm_time_window_zoom (deep_start, now, x / width, 1.25, 60, CM_TIME_WINDOW_MAX,
                       &new_start, &new_end);
  g_assert_cmpint (new_end, >, new_start);
  g_assert_cmpfloat_with_epsilon ((double) new_end - (double) new_start,
                                  ((double) now - (double) deep_start) * 1.25, 1e6);
  g_assert_cmpfloat_with_epsilon (time_to_x (anchor_time, new_start, new_end, width),
                                  x, 1.0);

  /* Zoom out far past the world: the span stops at the world's. */
  cm_time_window_zoom (deep_start, now, 0.0, 1e6, 60, G_MAXINT64, &new_start, &new_end);
  g_assert_cmpint (new_start, ==, CM_TIME_WINDOW_MIN);
  g_assert_cmpint (new_end, ==, CM_TIME_WINDOW_MAX);

  /* A window beyond 64-bit spans (set from outside) comes back sane. */
  cm_time_window_zoom (G_MININT64 + 1, G_MAXINT64, 0.5, 0.5, 60, G_MAXINT64,
                       &new_start, &new_end);
  g_assert_cmpint (new_start, >=, CM_TIME_WINDOW_MIN);
  g_assert_cmpint (new_end, <=, CM_TIME_WINDOW_MAX);
  g_assert_cmpint (new_end, >, new_start);

  /* Panning stops at the world's edge, keeping the span. */
  cm_time_window_pan (deep_start, now, -1e30, &new_start, &new_end);
  g_assert_cmpint (new_start, ==, CM_TIME_WINDOW_MIN);
  g_assert_cmpint (new_end - new_start, ==, now - deep_start);
}

static void
test_window_for_precision (void)
{
  CmTime time, start, end, may = cm_time_from_civil (2011, 5, 1, 0, 0, 0);
  CmTime june = cm_time_from_civil (2011, 6, 1, 0, 0, 0);
  CmPrecision precision;
  int offset;

  g_assert_true (cm_time_parse ("May 2011", &time, &precision, &offset, NULL));
  cm_time_window_for_precision (time, precision, offset, &start, &end);
  /* May with 10% margins either side. */
  g_assert_cmpint (start, ==, may - (june - may) / 10);
  g_assert_cmpint (end, ==, june + (june - may) / 10);

  g_assert_true (cm_time_parse ("44 BC", &time, &precision, &offset, NULL));
  cm_time_window_for_precision (time, precision, offset, &start, &end);
  g_assert_cmpint (start, <, cm_time_from_civil (-43, 1, 1, 0, 0, 0));
  g_assert_cmpint (end, >, cm_time_from_civil (-42, 1, 1, 0, 0, 0));
  g_assert_cmpint (end - start, <, 2 * 366 * 86400);

  /* Not a unit's start: centred on the time. */
  g_assert_true (cm_time_parse ("13.8 billion years ago", &time, &precision, &offset, NULL));
  cm_time_window_for_precision (time, precision, offset, &start, &end);
  g_assert_cmpfloat_with_epsilon ((double) start / 2 + (double) end / 2, (double) time, 1e9);
}

static void
test_clamp (void)
{
  CmTime start = cm_time_from_civil (2011, 5, 1, 0, 0, 0);
  CmTime end = cm_time_from_civil (2011, 6, 1, 0, 0, 0);
  CmTime s = start, e = end;

  /* Inside the limits: untouched. */
  cm_time_window_clamp (&s, &e, 60, G_MAXINT64);
  g_assert_cmpint (s, ==, start);
  g_assert_cmpint (e, ==, end);

  /* Too close: widened around the centre. */
  s = start;
  e = start + 10;
  cm_time_window_clamp (&s, &e, 60, G_MAXINT64);
  g_assert_cmpint (e - s, ==, 60);
  g_assert_cmpint (s, ==, start + 5 - 30);

  /* Too wide: narrowed around the centre. */
  s = start;
  e = end;
  cm_time_window_clamp (&s, &e, 60, 86400);
  g_assert_cmpint (e - s, ==, 86400);
  g_assert_cmpint (s / 2 + e / 2, ==, start / 2 + end / 2);

  /* Outside the world: shifted in, the span kept (to a double's
   * resolution out there, 512 s). */
  s = CM_TIME_WINDOW_MAX - 10;
  e = CM_TIME_WINDOW_MAX + 1000;
  cm_time_window_clamp (&s, &e, 1, G_MAXINT64);
  g_assert_cmpint (e, ==, CM_TIME_WINDOW_MAX);
  g_assert_cmpint (llabs ((e - s) - 1010), <=, 512);

  /* Any pair at all: the whole world at most. */
  s = G_MININT64 + 1;
  e = G_MAXINT64;
  cm_time_window_clamp (&s, &e, 1, G_MAXINT64);
  g_assert_cmpint (s, ==, CM_TIME_WINDOW_MIN);
  g_assert_cmpint (e, ==, CM_TIME_WINDOW_MAX);
}

static void
test_zoom_limits (void)
{
  CmTime start = cm_time_from_civil (2011, 5, 1, 0, 0, 0);
  CmTime end = start + 600;
  CmTime anchor = start + 150;
  CmTime new_start, new_end;

  /* Never closer than a minute, even when the limits allow it. */
  cm_time_window_zoom (start, end, 0.5, 1e-6, 1, G_MAXINT64, &new_start, &new_end);
  g_assert_cmpint (new_end - new_start, ==, CM_TIME_WINDOW_MIN_ZOOM_SPAN);

  /* The maximum is kept. */
  cm_time_window_zoom (start, end, 0.5, 10, 1, 1200, &new_start, &new_end);
  g_assert_cmpint (new_end - new_start, ==, 1200);
  g_assert_cmpint (new_start, ==, start - 300);

  /* Bad input zooms by 1 around the centre. */
  cm_time_window_zoom (start, end, NAN, NAN, 1, G_MAXINT64, &new_start, &new_end);
  g_assert_cmpint (new_start, ==, start);
  g_assert_cmpint (new_end, ==, end);

  /* Around a time: it keeps its place, to the second. */
  cm_time_window_zoom_around (start, end, anchor, 0.5, 60, G_MAXINT64, &new_start, &new_end);
  g_assert_cmpint (new_end - new_start, ==, 300);
  g_assert_cmpint (anchor - new_start, ==, 75);

  /* The same as the fraction of the window it stands at. */
  {
    CmTime other_start, other_end;

    cm_time_window_zoom (start, end, 0.25, 0.5, 60, G_MAXINT64, &other_start, &other_end);
    g_assert_cmpint (other_start, ==, new_start);
    g_assert_cmpint (other_end, ==, new_end);
  }

  /* Zooming in and out again comes back, to the rounding of each step. */
  {
    CmTime s = cm_time_from_civil (2011, 5, 23, 0, 0, 0);
    CmTime e = cm_time_from_civil (2011, 5, 29, 0, 0, 0);
    CmTime first = s, last = e;
    CmTime middle = cm_time_from_civil (2011, 5, 26, 13, 0, 0);

    for (int i = 0; i < 10; i++)
      cm_time_window_zoom_around (s, e, middle, 0.5, 60, G_MAXINT64, &s, &e);
    for (int i = 0; i < 10; i++)
      cm_time_window_zoom_around (s, e, middle, 2, 60, G_MAXINT64, &s, &e);
    g_assert_cmpint (llabs (s - first), <=, 1 << 10);
    g_assert_cmpint (llabs (e - last), <=, 1 << 10);
  }

  /* An anchor far outside the window: no overflow, inside the world. */
  cm_time_window_zoom_around (start, end, G_MAXINT64, 1e6, 60, G_MAXINT64, &new_start, &new_end);
  g_assert_cmpint (new_start, >=, CM_TIME_WINDOW_MIN);
  g_assert_cmpint (new_end, <=, CM_TIME_WINDOW_MAX);
  g_assert_cmpint (new_end, >, new_start);
}

static void
test_margins (void)
{
  CmTime start = 1000, end = 2000;

  cm_time_window_add_margins (&start, &end, 0.1);
  g_assert_cmpint (start, ==, 900);
  g_assert_cmpint (end, ==, 2100);

  /* Never beyond the world. */
  start = CM_TIME_WINDOW_MIN + 10;
  end = CM_TIME_WINDOW_MAX - 10;
  cm_time_window_add_margins (&start, &end, 0.5);
  g_assert_cmpint (start, ==, CM_TIME_WINDOW_MIN);
  g_assert_cmpint (end, ==, CM_TIME_WINDOW_MAX);

  g_assert_cmpfloat (cm_time_window_span (G_MININT64 + 1, G_MAXINT64), >, 1.8e19);
  g_assert_cmpint (cm_time_window_time_from_double (NAN), ==, CM_TIME_WINDOW_MIN);
  g_assert_cmpint (cm_time_window_time_from_double (1e30), ==, CM_TIME_WINDOW_MAX);
  g_assert_cmpint (cm_time_window_time_from_double (41.6), ==, 42);
}

static void
test_interpolate (void)
{
  CmTime from_start = 0, from_end = 1000, to_start = 400, to_end = 500;
  CmTime start, end, last_span = 1000;

  cm_time_window_interpolate (from_start, from_end, to_start, to_end, 0, &start, &end);
  g_assert_cmpint (start, ==, from_start);
  g_assert_cmpint (end, ==, from_end);
  cm_time_window_interpolate (from_start, from_end, to_start, to_end, 1, &start, &end);
  g_assert_cmpint (start, ==, to_start);
  g_assert_cmpint (end, ==, to_end);

  /* A zoom: the span shrinks geometrically, and steadily. */
  cm_time_window_interpolate (from_start, from_end, to_start, to_end, 0.5, &start, &end);
  g_assert_cmpfloat_with_epsilon ((double) (end - start), sqrt (1000.0 * 100.0), 1.0);
  for (double t = 0.1; t <= 1.0; t += 0.1)
    {
      cm_time_window_interpolate (from_start, from_end, to_start, to_end, t, &start, &end);
      g_assert_cmpint (end - start, <, last_span);
      last_span = end - start;
    }

  /* A pan: linear. */
  cm_time_window_interpolate (0, 1000, 2000, 3000, 0.25, &start, &end);
  g_assert_cmpint (start, ==, 500);
  g_assert_cmpint (end, ==, 1500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time-window/zoom", test_zoom_window);
  g_test_add_func ("/time-window/zoom-limits", test_zoom_limits);
  g_test_add_func ("/time-window/clamp", test_clamp);
  g_test_add_func ("/time-window/margins", test_margins);
  g_test_add_func ("/time-window/interpolate", test_interpolate);
  g_test_add_func ("/time-window/for-precision", test_window_for_precision);

  return g_test_run ();
}
