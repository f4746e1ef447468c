/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-time.h"

G_BEGIN_DECLS

/* Arithmetic on time windows [start, end): zoom, pan, clamp, margins and
 * animation steps, with no widget. Spans are 64-bit differences scaled in
 * double, so every function is safe across the whole world below. */

/* Beyond this nothing is drawn or reachable: about ±95 billion years, so
 * that spans (differences) of any two times stay inside 64 bits. */
#define CM_TIME_WINDOW_MIN (-G_GINT64_CONSTANT (3000000000000000000))
#define CM_TIME_WINDOW_MAX (G_GINT64_CONSTANT (3000000000000000000))

/* No zoom goes closer than this, in seconds, whatever its limits say. */
#define CM_TIME_WINDOW_MIN_ZOOM_SPAN 60.0

/* @end - @start as a double, with no 64-bit overflow for any pair. */
double cm_time_window_span            (CmTime       start,
                                       CmTime       end);
/* @time rounded to whole seconds and clamped to the world (NaN gives
 * CM_TIME_WINDOW_MIN). */
CmTime cm_time_window_time_from_double (double      time);

/* Keeps the centre, brings the span into [@min_span, @max_span], then
 * shifts the window inside the world limits. */
void   cm_time_window_clamp           (CmTime      *start,
                                       CmTime      *end,
                                       CmTime       min_span,
                                       CmTime       max_span);
/* Zooms [start, end) by @factor (< 1 zooms in) around the time at
 * @anchor (0 = left edge, 1 = right edge), which stays where it is up to
 * the rounding of the result to whole seconds. The new span is clamped to
 * [@min_span, @max_span] (and no closer than CM_TIME_WINDOW_MIN_ZOOM_SPAN),
 * the window shifted inside the world limits. */
void   cm_time_window_zoom            (CmTime       start,
                                       CmTime       end,
                                       double       anchor,
                                       double       factor,
                                       CmTime       min_span,
                                       CmTime       max_span,
                                       CmTime      *new_start,
                                       CmTime      *new_end);
/* As cm_time_window_zoom(), around the time @anchor, which keeps its
 * fraction of the window to the second. A window outside the world (or
 * shorter than a second) is clamped first. */
void   cm_time_window_zoom_around     (CmTime       start,
                                       CmTime       end,
                                       CmTime       anchor,
                                       double       factor,
                                       CmTime       min_span,
                                       CmTime       max_span,
                                       CmTime      *new_start,
                                       CmTime      *new_end);
/* Shifts [start, end) by @seconds (rounded), inside the world limits. */
void   cm_time_window_pan             (CmTime       start,
                                       CmTime       end,
                                       double       seconds,
                                       CmTime      *new_start,
                                       CmTime      *new_end);
/* [start, end] with @margin (a fraction of its span) on each side. */
void   cm_time_window_add_margins     (CmTime      *start,
                                       CmTime      *end,
                                       double       margin);
/* The window for "go to" @time written at @precision: the unit it starts
 * (May 2011 for "May 2011") with 10% margins, or a unit's length centred on
 * @time when it is not a unit's start ("13.8 billion years ago"). */
void   cm_time_window_for_precision   (CmTime       time,
                                       CmPrecision  precision,
                                       int          utc_offset,
                                       CmTime      *start,
                                       CmTime      *end);
/* Interpolates windows at @t in 0..1: the span geometrically, the centre
 * along with the span (so a zoom looks like a zoom around the point that
 * stays still), or linearly when the span does not change. */
void   cm_time_window_interpolate     (CmTime       from_start,
                                       CmTime       from_end,
                                       CmTime       to_start,
                                       CmTime       to_end,
                                       double       t,
                                       CmTime      *start,
                                       CmTime      *end);

G_END_DECLS
