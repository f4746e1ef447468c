/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-time.h"
#include "cm-zone.h"

G_BEGIN_DECLS

/* Calendar-aware ticks for a time axis, from minutes to hundreds of
 * billions of years. A level is one rung of the ladder: the step between
 * ticks of the fine label row ("15 minutes", "1 day", "3 months", "500
 * years"), the form of its labels, and the precision of the coarse context
 * row above it ("May 2011" over days). Levels go from the finest to the
 * coarsest; cm_scale_choose_level() picks the finest whose labels have room.
 *
 * Ticks fall exactly on unit boundaries of the proleptic Gregorian calendar
 * in local time of a zone (NULL: UTC): minutes and hours on multiples of
 * the step from midnight, days at midnight, weeks on Mondays, months on the
 * 1st (quarters and halves from January), years on 1 January. Where the
 * zone's offset changes (daylight saving time), each tick is local in the
 * offset of its own instant: that day has 23 or 25 hours, and an hour
 * is skipped or repeated as the clock does (see cm_zone_next()).
 *
 * Years before year 1 are labelled as historians count them: with a step
 * of 100 years the ticks are … "200 BC", "100 BC", "1", "100", "200" …,
 * i.e. at astronomical years 1 - k * step, then year 1, then k * step.
 * From a step of a million years on, ticks are multiples of the step in
 * astronomical years, labelled "66 million years ago" (counted from year 0,
 * as cm_time_format() does). */

typedef enum
{
  CM_SCALE_UNIT_MINUTE,
  CM_SCALE_UNIT_HOUR,
  CM_SCALE_UNIT_DAY,
  CM_SCALE_UNIT_WEEK,   /* starting on Monday */
  CM_SCALE_UNIT_MONTH,
  CM_SCALE_UNIT_YEAR,
} CmScaleUnit;

typedef enum
{
  CM_SCALE_FORM_TIME,       /* "13:05" */
  CM_SCALE_FORM_WEEKDAY,    /* "Thu 26" */
  CM_SCALE_FORM_DAY,        /* "26" */
  CM_SCALE_FORM_MONTH,      /* "September" */
  CM_SCALE_FORM_MONTH_ABBR, /* "Sep" */
  CM_SCALE_FORM_YEAR,       /* "2011", "44 BC", "66 million years ago" */
} CmScaleForm;

typedef struct
{
  CmScaleUnit unit;
  gint64      count;     /* steps of @count units: 15 minutes, 3 months, 500 years */
  CmScaleForm form;
  CmPrecision context;   /* the coarse row: DAY, MONTH, YEAR, CENTURY,
                          * MILLENNIUM; CM_N_PRECISIONS for none */
} CmScaleLevel;

/* Width of a label in pixels (any unit, as long as it matches @width). */
typedef double (*CmScaleMeasureFunc) (const char *text,
                                      gpointer    user_data);

guint               cm_scale_get_n_levels         (void);
const CmScaleLevel *cm_scale_get_level            (guint               index);

/* The shortest distance between two ticks, in seconds (a month counts 28
 * days, a year 365). A double: the coarsest steps exceed 64-bit seconds. */
double              cm_scale_level_get_min_seconds (const CmScaleLevel *level);

/* TRUE when a fine label names the whole interval up to the next tick
 * ("26", "May", "2011") rather than the instant of its tick ("13:05"):
 * it is then centred in its interval. */
gboolean            cm_scale_level_labels_interval (const CmScaleLevel *level);

/* The last tick at or before @time. Saturates at the ends of the CmTime
 * range. */
CmTime              cm_scale_floor                (const CmScaleLevel *level,
                                                   CmTime              time,
                                                   const CmZone       *zone);
/* The tick after @tick (@tick must be a tick). Saturates to G_MAXINT64. */
CmTime              cm_scale_next                 (const CmScaleLevel *level,
                                                   CmTime              tick,
                                                   const CmZone       *zone);
/* Appends to @ticks (a GArray of CmTime) every tick in [start, end], at
 * most @max_ticks of them; returns how many were appended. */
guint               cm_scale_get_ticks            (const CmScaleLevel *level,
                                                   CmTime              start,
                                                   CmTime              end,
                                                   const CmZone       *zone,
                                                   guint               max_ticks,
                                                   GArray             *ticks);

/* The fine label of @tick in the current locale. */
char               *cm_scale_format_tick          (const CmScaleLevel *level,
                                                   CmTime              tick,
                                                   const CmZone       *zone);
/* The context label of the unit holding @time ("Thu 26 May 2011",
 * "May 2011", "2011", "21st century"); NULL when the level has none. */
char               *cm_scale_format_context       (const CmScaleLevel *level,
                                                   CmTime              time,
                                                   const CmZone       *zone);

/* The finest level whose shortest step, at @width pixels for [start, end),
 * leaves at least @gap pixels between the widest labels it would show
 * (measured with @measure on a sample of its labels). The coarsest level
 * when none has room. */
guint               cm_scale_choose_level         (CmTime              start,
                                                   CmTime              end,
                                                   double              width,
                                                   double              gap,
                                                   const CmZone       *zone,
                                                   CmScaleMeasureFunc  measure,
                                                   gpointer            user_data);

G_END_DECLS
