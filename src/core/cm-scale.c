/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-scale"

#include "config.h"

#include "cm-scale.h"
#include "cm-time-private.h"

#include <math.h>

/* From this step on, years are counted in millions and billions "ago" */
#define DEEP_STEP       MILLION

#define LEVEL(u, c, f, ctx) { CM_SCALE_UNIT_##u, G_GINT64_CONSTANT (c), CM_SCALE_FORM_##f, ctx }
#define NO_CONTEXT CM_N_PRECISIONS

static const CmScaleLevel levels[] = {
  LEVEL (MINUTE, 1, TIME, CM_PRECISION_DAY),
  LEVEL (MINUTE, 5, TIME, CM_PRECISION_DAY),
  LEVEL (MINUTE, 15, TIME, CM_PRECISION_DAY),
  LEVEL (MINUTE, 30, TIME, CM_PRECISION_DAY),
  LEVEL (HOUR, 1, TIME, CM_PRECISION_DAY),
  LEVEL (HOUR, 3, TIME, CM_PRECISION_DAY),
  LEVEL (HOUR, 6, TIME, CM_PRECISION_DAY),
  LEVEL (HOUR, 12, TIME, CM_PRECISION_DAY),
  LEVEL (DAY, 1, WEEKDAY, CM_PRECISION_MONTH),
  LEVEL (DAY, 1, DAY, CM_PRECISION_MONTH),
  LEVEL (WEEK, 1, DAY, CM_PRECISION_MONTH),
  LEVEL (MONTH, 1, MONTH, CM_PRECISION_YEAR),
  LEVEL (MONTH, 1, MONTH_ABBR, CM_PRECISION_YEAR),
  LEVEL (MONTH, 3, MONTH_ABBR, CM_PRECISION_YEAR),
  LEVEL (MONTH, 6, MONTH_ABBR, CM_PRECISION_YEAR),
  LEVEL (YEAR, 1, YEAR, CM_PRECISION_CENTURY),
  LEVEL (YEAR, 2, YEAR, CM_PRECISION_CENTURY),
  LEVEL (YEAR, 5, YEAR, CM_PRECISION_CENTURY),
  LEVEL (YEAR, 10, YEAR, CM_PRECISION_MILLENNIUM),
  LEVEL (YEAR, 20, YEAR, CM_PRECISION_MILLENNIUM),
  LEVEL (YEAR, 50, YEAR, CM_PRECISION_MILLENNIUM),
  LEVEL (YEAR, 100, YEAR, CM_PRECISION_MILLENNIUM),
  LEVEL (YEAR, 200, YEAR, CM_PRECISION_MILLENNIUM),
  LEVEL (YEAR, 500, YEAR, CM_PRECISION_MILLENNIUM),
  LEVEL (YEAR, 1000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 2000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 5000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 10000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 20000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 50000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 100000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 200000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 500000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 1000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 2000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 5000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 10000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 20000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 50000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 100000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 200000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 500000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 1000000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 2000000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 5000000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 10000000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 20000000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 50000000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 100000000000, YEAR, NO_CONTEXT),
  LEVEL (YEAR, 200000000000, YEAR, NO_CONTEXT),
};

/* {{{ Arithmetic */

static inline gint64
sat_mul (gint64 a,
         gint64 b)
{
  gint64 r;

  if (__builtin_mul_overflow (a, b, &r))
    return (a < 0) != (b < 0) ? G_MININT64 + 1 : G_MAXINT64;

  return r == CM_TIME_INVALID ? G_MININT64 + 1 : r;
}

static inline gint64
offset_seconds (int utc_offset)
{
  if (utc_offset == CM_UTC_OFFSET_NONE)
    return 0;

  return (gint64) CLAMP (utc_offset, -CM_UTC_OFFSET_MAX, CM_UTC_OFFSET_MAX) * 60;
}

/* The start of month @index (counted from January of year 0), @offset
 * seconds east of UTC */
static CmTime
month_start (gint64 index,
             gint64 offset)
{
  CmTime t = cm_time_from_civil (_cm_floor_div (index, 12), (int) _cm_floor_mod (index, 12) + 1,
                                 1, 0, 0, 0);

  return _cm_saturating_add (t, -offset);
}

/* Seconds of one step of the fixed-length units */
static gint64
fixed_step (const CmScaleLevel *level)
{
  switch (level->unit)
    {
    case CM_SCALE_UNIT_MINUTE:
      return level->count * 60;
    case CM_SCALE_UNIT_HOUR:
      return level->count * 3600;
    case CM_SCALE_UNIT_DAY:
      return level->count * SECONDS_PER_DAY;
    case CM_SCALE_UNIT_WEEK:
      return level->count * 7 * SECONDS_PER_DAY;
    case CM_SCALE_UNIT_MONTH:
    case CM_SCALE_UNIT_YEAR:
    default:
      return 0;
    }
}

/* 1 January of @year (astronomical) at local midnight */
static CmTime
year_start (gint64 year,
            gint64 offset)
{
  CmTime t = cm_time_from_civil (CLAMP (year, -3 * CM_TIME_MAX_YEAR, 3 * CM_TIME_MAX_YEAR),
                                 1, 1, 0, 0, 0);

  if (t == G_MAXINT64 || t == G_MININT64 + 1)
    return t;

  return _cm_saturating_add (t, -offset);
}

/* Year ticks. Calendar steps count BC years the historians' way: the ticks
 * are k * step (k >= 1), year 1, and 1 - k * step (k >= 1). Deep steps are
 * plain multiples of the step. */
static gint64
floor_tick_year (gint64 year,
                 gint64 step)
{
  if (step >= DEEP_STEP)
    return _cm_floor_div (year, step) * step;

  if (year >= step)
    return _cm_floor_div (year, step) * step;
  if (year >= 1)
    return 1;

  return 1 - _cm_floor_div (step - year, step) * step;
}

static gint64
next_tick_year (gint64 year,
                gint64 step)
{
  if (step >= DEEP_STEP || year >= step)
    return year + step;
  if (year == 1)
    return step > 1 ? step : 2;

  return year + step <= 0 ? year + step : 1;
}

/* }}} */
/* {{{ Levels */

guint
cm_scale_get_n_levels (void)
{
  return G_N_ELEMENTS (levels);
}

const CmScaleLevel *
cm_scale_get_level (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (levels), NULL);

  return &levels[index];
}

double
cm_scale_level_get_min_seconds (const CmScaleLevel *level)
{
  g_return_val_if_fail (level != NULL, 0);

  switch (level->unit)
    {
    case CM_SCALE_UNIT_MONTH:
      return (double) level->count * 28 * SECONDS_PER_DAY;
    case CM_SCALE_UNIT_YEAR:
      /* The step from "1 BC" … to year 1 and on to year "step" is one year
       * short: that label is dropped when it collides. */
      return (double) level->count * 365 * SECONDS_PER_DAY;
    case CM_SCALE_UNIT_MINUTE:
    case CM_SCALE_UNIT_HOUR:
    case CM_SCALE_UNIT_DAY:
    case CM_SCALE_UNIT_WEEK:
    default:
      return (double) fixed_step (level);
    }
}

gboolean
cm_scale_level_labels_interval (const CmScaleLevel *level)
{
  g_return_val_if_fail (level != NULL, FALSE);

  return level->count == 1 &&
         (level->unit == CM_SCALE_UNIT_DAY ||
          level->unit == CM_SCALE_UNIT_MONTH ||
          level->unit == CM_SCALE_UNIT_YEAR);
}

/* }}} */
/* {{{ Ticks */

/* The last tick at or before @time at a fixed offset */
static CmTime
floor_fixed (CmTime        time,
             int           utc_offset,
             gconstpointer data)
{
  const CmScaleLevel *level = data;
  gint64 offset = offset_seconds (utc_offset);
  gint64 local, step;
  CmCivil c;

  switch (level->unit)
    {
    case CM_SCALE_UNIT_MINUTE:
    case CM_SCALE_UNIT_HOUR:
    case CM_SCALE_UNIT_DAY:
      step = fixed_step (level);
      local = _cm_saturating_add (time, offset);
      return _cm_saturating_add (sat_mul (_cm_floor_div (local, step), step), -offset);

    case CM_SCALE_UNIT_WEEK:
      {
        /* 1970-01-01 was a Thursday: Mondays are days -3 + 7k */
        gint64 days = _cm_floor_div (_cm_saturating_add (time, offset), SECONDS_PER_DAY);
        gint64 monday = _cm_floor_div (days + 3, 7) * 7 - 3;

        return _cm_saturating_add (sat_mul (monday, SECONDS_PER_DAY), -offset);
      }

    case CM_SCALE_UNIT_MONTH:
      {
        gint64 index, year;

        cm_time_to_civil (time, utc_offset, &c);
        index = _cm_floor_div (c.year * 12 + (c.month - 1), level->count) * level->count;
        year = _cm_floor_div (index, 12);

        if (ABS (year) > 3 * CM_TIME_MAX_YEAR)
          return time;

        return month_start (index, offset);
      }

    case CM_SCALE_UNIT_YEAR:
    default:
      {
        CmTime t;

        cm_time_to_civil (time, utc_offset, &c);
        t = year_start (floor_tick_year (c.year, level->count), offset);

        /* At the saturated ends of the range */
        return MIN (t, time);
      }
    }
}

/* The tick after @tick at a fixed offset */
static CmTime
next_fixed (CmTime        tick,
            int           utc_offset,
            gconstpointer data)
{
  const CmScaleLevel *level = data;
  gint64 offset = offset_seconds (utc_offset);
  CmCivil c;
  CmTime next;

  switch (level->unit)
    {
    case CM_SCALE_UNIT_MINUTE:
    case CM_SCALE_UNIT_HOUR:
    case CM_SCALE_UNIT_DAY:
    case CM_SCALE_UNIT_WEEK:
      next = _cm_saturating_add (tick, fixed_step (level));
      break;

    case CM_SCALE_UNIT_MONTH:
      {
        gint64 index, year;

        cm_time_to_civil (tick, utc_offset, &c);
        index = c.year * 12 + (c.month - 1) + level->count;
        year = _cm_floor_div (index, 12);
        if (year > 3 * CM_TIME_MAX_YEAR)
          return G_MAXINT64;
        next = month_start (index, offset);
      }
      break;

    case CM_SCALE_UNIT_YEAR:
    default:
      cm_time_to_civil (tick, utc_offset, &c);
      next = year_start (next_tick_year (floor_tick_year (c.year, level->count), level->count),
                         offset);
      break;
    }

  /* Never stall, even where the range saturates */
  return next > tick ? next : G_MAXINT64;
}

CmTime
cm_scale_floor (const CmScaleLevel *level,
                CmTime              time,
                const CmZone       *zone)
{
  g_return_val_if_fail (level != NULL, time);
  g_return_val_if_fail (time != CM_TIME_INVALID, time);

  return cm_zone_floor (zone, time, floor_fixed, level);
}

CmTime
cm_scale_next (const CmScaleLevel *level,
               CmTime              tick,
               const CmZone       *zone)
{
  g_return_val_if_fail (level != NULL, G_MAXINT64);
  g_return_val_if_fail (tick != CM_TIME_INVALID, G_MAXINT64);

  return cm_zone_next (zone, tick, floor_fixed, next_fixed, level);
}

guint
cm_scale_get_ticks (const CmScaleLevel *level,
                    CmTime              start,
                    CmTime              end,
                    const CmZone       *zone,
                    guint               max_ticks,
                    GArray             *ticks)
{
  CmTime t;
  guint n = 0;

  g_return_val_if_fail (level != NULL, 0);
  g_return_val_if_fail (ticks != NULL, 0);
  g_return_val_if_fail (g_array_get_element_size (ticks) == sizeof (CmTime), 0);

  if (start == CM_TIME_INVALID || end < start)
    return 0;

  t = cm_scale_floor (level, start, zone);
  if (t < start)
    t = cm_scale_next (level, t, zone);

  while (t <= end && n < max_ticks)
    {
      g_array_append_val (ticks, t);
      n++;
      if (t == G_MAXINT64)
        break;
      t = cm_scale_next (level, t, zone);
    }

  return n;
}

/* }}} */
/* {{{ Labels */

typedef struct
{
  char *weekdays[7];       /* abbreviated, Monday first */
  char *months[12];        /* standalone */
  char *months_abbr[12];   /* standalone, abbreviated */
} Names;

static const char * const english_weekdays[7] = {
  "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
};

static const char * const english_months[12] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

static char *
format_or (GDateTime  *dt,
           const char *format,
           const char *fallback)
{
  char *text = g_date_time_format (dt, format);

  if (text == NULL || *text == '\0')
    {
      g_free (text);
      return g_strdup (fallback);
    }

  return text;
}

/* Locale names, read once from dates in the year 2000. */
static const Names *
get_names (void)
{
  static Names *names;

  if (g_once_init_enter (&names))
    {
      Names *n = g_new0 (Names, 1);

      for (int i = 0; i < 7; i++)
        {
          /* 3 January 2000 was a Monday */
          g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, 1, 3 + i, 12, 0, 0);

          n->weekdays[i] = format_or (dt, "%a", english_weekdays[i]);
        }

      for (int i = 0; i < 12; i++)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, i + 1, 1, 12, 0, 0);
          g_autofree char *abbr = g_strndup (english_months[i], 3);

          n->months[i] = format_or (dt, "%OB", english_months[i]);
          n->months_abbr[i] = format_or (dt, "%Ob", abbr);
        }

      g_once_init_leave (&names, n);
    }

  return names;
}

/* "66 million years ago", "1.5 billion years ago": billions only where
 * cm_time_format() writes the year exactly (3 significant digits). */
static char *
format_deep_year (CmTime tick,
                  gint64 year,
                  int    utc_offset)
{
  gint64 amount = ABS (year);
  gint64 exact;

  if (year == 0)
    return cm_time_format (tick, CM_PRECISION_YEAR, utc_offset);

  exact = amount >= 100 * BILLION ? BILLION : amount >= 10 * BILLION ? BILLION / 10 : BILLION / 100;
  if (amount >= BILLION && amount % exact == 0)
    return cm_time_format (tick, CM_PRECISION_BILLION_YEARS, utc_offset);

  return cm_time_format (tick, CM_PRECISION_MILLION_YEARS, utc_offset);
}

char *
cm_scale_format_tick (const CmScaleLevel *level,
                      CmTime              tick,
                      const CmZone       *zone)
{
  const Names *names = get_names ();
  int utc_offset;
  CmCivil c;

  g_return_val_if_fail (level != NULL, NULL);
  g_return_val_if_fail (tick != CM_TIME_INVALID, NULL);

  utc_offset = cm_zone_get_offset (zone, tick);
  cm_time_to_civil (tick, utc_offset, &c);

  switch (level->form)
    {
    case CM_SCALE_FORM_TIME:
      return g_strdup_printf ("%02d:%02d", c.hour, c.minute);
    case CM_SCALE_FORM_WEEKDAY:
      return g_strdup_printf ("%s %d", names->weekdays[c.weekday - 1], c.day);
    case CM_SCALE_FORM_DAY:
      return g_strdup_printf ("%d", c.day);
    case CM_SCALE_FORM_MONTH:
      return g_strdup (names->months[c.month - 1]);
    case CM_SCALE_FORM_MONTH_ABBR:
      return g_strdup (names->months_abbr[c.month - 1]);
    case CM_SCALE_FORM_YEAR:
    default:
      if (level->count >= DEEP_STEP)
        return format_deep_year (tick, c.year, utc_offset);
      return cm_time_format (tick, CM_PRECISION_YEAR, utc_offset);
    }
}

char *
cm_scale_format_context (const CmScaleLevel *level,
                         CmTime              time,
                         const CmZone       *zone)
{
  g_autofree char *date = NULL;
  int utc_offset;
  CmCivil c;

  g_return_val_if_fail (level != NULL, NULL);
  g_return_val_if_fail (time != CM_TIME_INVALID, NULL);

  utc_offset = cm_zone_get_offset (zone, time);

  if (level->context >= CM_N_PRECISIONS)
    return NULL;

  date = cm_time_format (time, level->context, utc_offset);
  if (level->context != CM_PRECISION_DAY)
    return g_steal_pointer (&date);

  cm_time_to_civil (time, utc_offset, &c);

  return g_strdup_printf ("%s %s", get_names ()->weekdays[c.weekday - 1], date);
}

static double
measure_max (CmScaleMeasureFunc  measure,
             gpointer            user_data,
             const char * const *texts,
             guint               n)
{
  double width = 0;

  for (guint i = 0; i < n; i++)
    width = MAX (width, measure (texts[i], user_data));

  return width;
}

/* The widest label @level shows in [start, end], from a sample. */
static double
measure_level (const CmScaleLevel *level,
               CmTime              start,
               CmTime              end,
               const CmZone       *zone,
               CmScaleMeasureFunc  measure,
               gpointer            user_data)
{
  const Names *names = get_names ();
  double width = 0;

  switch (level->form)
    {
    case CM_SCALE_FORM_TIME:
      return measure ("00:00", user_data);

    case CM_SCALE_FORM_WEEKDAY:
      for (guint i = 0; i < 7; i++)
        {
          g_autofree char *text = g_strdup_printf ("%s 28", names->weekdays[i]);

          width = MAX (width, measure (text, user_data));
        }
      return width;

    case CM_SCALE_FORM_DAY:
      return measure ("28", user_data);

    case CM_SCALE_FORM_MONTH:
      return measure_max (measure, user_data, (const char * const *) names->months, 12);

    case CM_SCALE_FORM_MONTH_ABBR:
      return measure_max (measure, user_data, (const char * const *) names->months_abbr, 12);

    case CM_SCALE_FORM_YEAR:
    default:
      {
        /* The most digits are at the ends; decimals after the first tick */
        CmTime first = cm_scale_floor (level, start, zone);
        CmTime samples[4];

        samples[0] = first;
        samples[1] = cm_scale_next (level, first, zone);
        samples[2] = cm_scale_floor (level, end, zone);
        samples[3] = cm_scale_next (level, samples[1], zone);

        for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
          {
            g_autofree char *text = NULL;

            if (samples[i] == G_MAXINT64 || samples[i] == CM_TIME_INVALID)
              continue;
            text = cm_scale_format_tick (level, samples[i], zone);
            width = MAX (width, measure (text, user_data));
          }
        return width;
      }
    }
}

guint
cm_scale_choose_level (CmTime              start,
                       CmTime              end,
                       double              width,
                       double              gap,
                       const CmZone       *zone,
                       CmScaleMeasureFunc  measure,
                       gpointer            user_data)
{
  double span = (double) end - (double) start;
  double px_per_s;

  g_return_val_if_fail (measure != NULL, 0);

  if (!(span > 0) || !(width > 0))
    return G_N_ELEMENTS (levels) - 1;

  px_per_s = width / span;

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      double spacing = cm_scale_level_get_min_seconds (&levels[i]) * px_per_s;

      /* Far too fine: no need to measure */
      if (spacing < gap + 8)
        continue;

      if (spacing >= measure_level (&levels[i], start, end, zone, measure, user_data) + gap)
        return i;
    }

  return G_N_ELEMENTS (levels) - 1;
}

/* }}} */
