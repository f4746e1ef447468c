/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-time-window"

#include "config.h"

#include "cm-time-window.h"

#include <math.h>

/* The margins of a "go to" window, a fraction of its span on each side. */
#define GO_TO_MARGIN 0.1

double
cm_time_window_span (CmTime start,
                     CmTime end)
{
  /* No 64-bit subtraction: a window set from outside may hold any pair. */
  return (double) end - (double) start;
}

CmTime
cm_time_window_time_from_double (double time)
{
  if (!(time > (double) CM_TIME_WINDOW_MIN)) /* also NaN */
    return CM_TIME_WINDOW_MIN;
  if (time >= (double) CM_TIME_WINDOW_MAX)
    return CM_TIME_WINDOW_MAX;

  return (CmTime) llround (time);
}

/* The world's span, in seconds. */
static double
world_span (void)
{
  return cm_time_window_span (CM_TIME_WINDOW_MIN, CM_TIME_WINDOW_MAX);
}

/* Puts [start, start + span) inside the world; @span must fit it. */
static void
shift_into_world (CmTime *start,
                  CmTime *end,
                  CmTime  span)
{
  if (*start < CM_TIME_WINDOW_MIN)
    {
      *start = CM_TIME_WINDOW_MIN;
      *end = CM_TIME_WINDOW_MIN + span;
    }
  else if (*start > CM_TIME_WINDOW_MAX - span)
    {
      *end = CM_TIME_WINDOW_MAX;
      *start = CM_TIME_WINDOW_MAX - span;
    }
  else
    {
      *end = *start + span;
    }
}

/* [@min_span, @max_span] inside [1 s, the world's span]. */
static void
span_limits (CmTime  min_span,
             CmTime  max_span,
             double *low,
             double *high)
{
  *low = MAX ((double) min_span, 1.0);
  *high = MIN ((double) max_span, world_span ());
  if (*high < *low)
    *high = *low;
}

void
cm_time_window_clamp (CmTime *start,
                      CmTime *end,
                      CmTime  min_span,
                      CmTime  max_span)
{
  double span = cm_time_window_span (*start, *end);
  double low, high, wanted, centre;
  CmTime new_span;

  g_return_if_fail (start != NULL && end != NULL);

  span_limits (min_span, max_span, &low, &high);
  wanted = CLAMP (span, low, high);
  if (wanted == span && *start >= CM_TIME_WINDOW_MIN && *end <= CM_TIME_WINDOW_MAX)
    return; /* exactly as it is */

  centre = (double) *start / 2.0 + (double) *end / 2.0;
  new_span = (CmTime) llround (wanted);
  *start = cm_time_window_time_from_double (centre - wanted / 2.0);
  shift_into_world (start, end, new_span);
}

/* Scales the span of [start, end) (inside the world) by @factor, no closer
 * than CM_TIME_WINDOW_MIN_ZOOM_SPAN, with @anchor keeping its fraction of
 * the window: integers where it counts, so that it moves by less than a
 * second. The result may lie partly outside the world. */
static void
scale_around (CmTime  start,
              CmTime  end,
              CmTime  anchor,
              double  factor,
              CmTime *new_start,
              CmTime *new_end)
{
  double span = (double) (end - start);
  double fraction = (double) (anchor - start) / span;
  double new_span = MAX (span * factor, CM_TIME_WINDOW_MIN_ZOOM_SPAN);
  double left = round (fraction * new_span);
  double first = (double) anchor - left;
  gint64 span_seconds = (gint64) round (new_span);

  /* An anchor far outside the window may take us beyond 64 bits. */
  if (first < -9e18)
    *new_start = CM_TIME_WINDOW_MIN;
  else if (first > 9e18)
    *new_start = CM_TIME_WINDOW_MAX - span_seconds;
  else
    *new_start = anchor - (gint64) left;

  *new_end = *new_start + span_seconds;
}

void
cm_time_window_zoom_around (CmTime  start,
                            CmTime  end,
                            CmTime  anchor,
                            double  factor,
                            CmTime  min_span,
                            CmTime  max_span,
                            CmTime *new_start,
                            CmTime *new_end)
{
  double world = world_span ();
  double span, wanted, low, high;

  g_return_if_fail (new_start != NULL && new_end != NULL);

  /* From inside the world, with a span it allows: every sum below then
   * stays far inside 64 bits. */
  cm_time_window_clamp (&start, &end, 1, (CmTime) world);
  if (!isfinite (factor) || factor <= 0)
    factor = 1.0;

  /* Our limits decide the factor; the anchor time keeps its place. */
  span_limits (min_span, max_span, &low, &high);
  span = cm_time_window_span (start, end);
  wanted = CLAMP (span * factor, low, high);
  scale_around (start, end, anchor, wanted / span, new_start, new_end);

  if (*new_end <= *new_start)
    *new_end = *new_start + 1;
  shift_into_world (new_start, new_end, MIN (*new_end - *new_start, (CmTime) world));
}

void
cm_time_window_zoom (CmTime  start,
                     CmTime  end,
                     double  anchor,
                     double  factor,
                     CmTime  min_span,
                     CmTime  max_span,
                     CmTime *new_start,
                     CmTime *new_end)
{
  double span;

  g_return_if_fail (new_start != NULL && new_end != NULL);

  cm_time_window_clamp (&start, &end, 1, (CmTime) world_span ());

  if (!isfinite (anchor))
    anchor = 0.5;
  anchor = CLAMP (anchor, 0.0, 1.0);

  span = cm_time_window_span (start, end);
  cm_time_window_zoom_around (start, end, start + (CmTime) llround (anchor * span), factor,
                              min_span, max_span, new_start, new_end);
}

void
cm_time_window_pan (CmTime  start,
                    CmTime  end,
                    double  seconds,
                    CmTime *new_start,
                    CmTime *new_end)
{
  double world = world_span ();
  CmTime span;

  g_return_if_fail (new_start != NULL && new_end != NULL);

  cm_time_window_clamp (&start, &end, 1, (CmTime) world);
  span = end - start;

  if (!isfinite (seconds))
    seconds = 0;
  seconds = CLAMP (seconds, -world, world);

  *new_start = start + (CmTime) llround (seconds);
  shift_into_world (new_start, new_end, span);
}

void
cm_time_window_add_margins (CmTime *start,
                            CmTime *end,
                            double  margin)
{
  double span, amount;

  g_return_if_fail (start != NULL && end != NULL);

  span = cm_time_window_span (*start, *end);
  amount = span * margin;
  *start = cm_time_window_time_from_double ((double) *start - amount);
  *end = cm_time_window_time_from_double ((double) *end + amount);
}

void
cm_time_window_for_precision (CmTime       time,
                              CmPrecision  precision,
                              int          utc_offset,
                              CmTime      *start,
                              CmTime      *end)
{
  CmTime unit_start, unit_end;

  g_return_if_fail (start != NULL && end != NULL);

  unit_start = cm_time_truncate (time, precision, utc_offset);
  unit_end = cm_time_unit_end (time, precision, utc_offset);

  if (unit_start == time)
    {
      /* "May 2011": show May. */
      *start = unit_start;
      *end = unit_end;
    }
  else
    {
      /* "13.8 billion years ago" is no unit's start: centre it. */
      double length = cm_time_window_span (unit_start, unit_end);

      *start = cm_time_window_time_from_double ((double) time - length / 2.0);
      *end = cm_time_window_time_from_double ((double) time + length / 2.0);
    }

  if (*end <= *start)
    *end = *start + 1;

  cm_time_window_add_margins (start, end, GO_TO_MARGIN);
}

void
cm_time_window_interpolate (CmTime  from_start,
                            CmTime  from_end,
                            CmTime  to_start,
                            CmTime  to_end,
                            double  t,
                            CmTime *start,
                            CmTime *end)
{
  double s0 = MAX (cm_time_window_span (from_start, from_end), 1.0);
  double s1 = MAX (cm_time_window_span (to_start, to_end), 1.0);
  double c0 = (double) from_start / 2.0 + (double) from_end / 2.0;
  double c1 = (double) to_start / 2.0 + (double) to_end / 2.0;
  double span = exp (log (s0) + (log (s1) - log (s0)) * t);
  double w, centre;

  g_return_if_fail (start != NULL && end != NULL);

  if (fabs (s1 - s0) > 1e-6 * MAX (s0, s1))
    w = (span - s0) / (s1 - s0);
  else
    w = t;

  centre = c0 + (c1 - c0) * CLAMP (w, 0.0, 1.0);
  *start = cm_time_window_time_from_double (centre - span / 2.0);
  *end = cm_time_window_time_from_double (centre + span / 2.0);
  if (*end <= *start)
    *end = *start + 1;
}
