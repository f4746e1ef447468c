/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-time"

#include "config.h"

#include "cm-time-private.h"

#include <string.h>

/* The calendar core of CmTime: civil dates, truncation to a precision unit,
 * precision names and the GDateTime edge. ISO 8601 is in cm-time-iso.c, the
 * human forms in cm-time-format.c and cm-time-parse.c.
 *
 * Calendar arithmetic follows Howard Hinnant's era-based days_from_civil()
 * and civil_from_days(): 400-year eras of 146097 days, floor division, all
 * in gint64, so that it is exact for every year CmTime can hold. */

G_DEFINE_QUARK (cm-time-error-quark, cm_time_error)

/* CM_TIME_MAX_YEAR as text, for messages (a translatable string cannot
 * hold G_GINT64_FORMAT). */
const char *
_cm_time_max_year_text (void)
{
  static char text[32];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, CM_TIME_MAX_YEAR);
      g_once_init_leave (&initialized, 1);
    }

  return text;
}

#define DAYS_PER_ERA     G_GINT64_CONSTANT (146097)
#define DAYS_0000_TO_1970 G_GINT64_CONSTANT (719468) /* from 0000-03-01 */

/* cm_days_from_civil() and cm_civil_from_days() cannot overflow within these. */
#define CIVIL_YEAR_LIMIT G_GINT64_CONSTANT (1000000000000000)        /* 1e15 */
#define CIVIL_DAYS_LIMIT G_GINT64_CONSTANT (100000000000000000)      /* 1e17 */

/* {{{ Calendar */

gboolean
cm_is_leap_year (gint64 year)
{
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int
cm_days_in_month (gint64 year,
                  int    month)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  g_return_val_if_fail (month >= 1 && month <= 12, 0);

  if (month == 2 && cm_is_leap_year (year))
    return 29;

  return days[month - 1];
}

/* Days since 1970-01-01. Month and day out of range are normalised
 * arithmetically (month 13 is January of the next year, day 0 the last day
 * of the previous month). */
gint64
cm_days_from_civil (gint64 year,
                    int    month,
                    int    day)
{
  gint64 y, era, yoe, doy, doe;
  int m;

  g_return_val_if_fail (year >= -CIVIL_YEAR_LIMIT && year <= CIVIL_YEAR_LIMIT, 0);

  y = year + _cm_floor_div ((gint64) month - 1, 12);
  m = (int) _cm_floor_mod ((gint64) month - 1, 12) + 1;

  y -= m <= 2;
  era = _cm_floor_div (y, 400);
  yoe = y - era * 400;                                  /* [0, 399] */
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;        /* [0, 365] */
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */

  return era * DAYS_PER_ERA + doe - DAYS_0000_TO_1970 + ((gint64) day - 1);
}

void
cm_civil_from_days (gint64  days,
                    gint64 *year,
                    int    *month,
                    int    *day)
{
  gint64 z, era, doe, yoe, doy, mp;
  int m, d;

  g_return_if_fail (days >= -CIVIL_DAYS_LIMIT && days <= CIVIL_DAYS_LIMIT);

  z = days + DAYS_0000_TO_1970;
  era = _cm_floor_div (z, DAYS_PER_ERA);
  doe = z - era * DAYS_PER_ERA;                                      /* [0, 146096] */
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;      /* [0, 399] */
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                    /* [0, 365] */
  mp = (5 * doy + 2) / 153;                                         /* [0, 11] */
  d = (int) (doy - (153 * mp + 2) / 5 + 1);
  m = (int) (mp < 10 ? mp + 3 : mp - 9);

  if (year != NULL)
    *year = yoe + era * 400 + (m <= 2);
  if (month != NULL)
    *month = m;
  if (day != NULL)
    *day = d;
}

CmTime
cm_time_from_civil (gint64 year,
                    int    month,
                    int    day,
                    int    hour,
                    int    minute,
                    int    second)
{
  gint64 seconds = (gint64) hour * 3600 + (gint64) minute * 60 + (gint64) second;
  gint64 days = cm_days_from_civil (year, month, day) + _cm_floor_div (seconds, SECONDS_PER_DAY);
  gint64 rest = _cm_floor_mod (seconds, SECONDS_PER_DAY);
  gint64 result;

  /* days * 86400 + rest, exact wherever the result fits: below zero, step
   * from the next day back so that the product stays in range */
  if (days < 0)
    {
      days++;
      rest -= SECONDS_PER_DAY;
    }

  if (G_UNLIKELY (__builtin_mul_overflow (days, SECONDS_PER_DAY, &result)))
    return days > 0 ? G_MAXINT64 : G_MININT64 + 1;

  return _cm_saturating_add (result, rest);
}

void
cm_time_to_civil (CmTime   time,
                  int      utc_offset,
                  CmCivil *civil)
{
  gint64 days, seconds;

  g_return_if_fail (civil != NULL);

  /* Split first, then shift: no overflow even at the ends of the range. */
  days = _cm_floor_div (time, SECONDS_PER_DAY);
  seconds = _cm_floor_mod (time, SECONDS_PER_DAY) + _cm_offset_seconds (utc_offset);
  days += _cm_floor_div (seconds, SECONDS_PER_DAY);
  seconds = _cm_floor_mod (seconds, SECONDS_PER_DAY);

  cm_civil_from_days (days, &civil->year, &civil->month, &civil->day);
  civil->hour = (int) (seconds / 3600);
  civil->minute = (int) (seconds / 60 % 60);
  civil->second = (int) (seconds % 60);
  /* 1970-01-01 was a Thursday */
  civil->weekday = (int) _cm_floor_mod (days + 3, 7) + 1;
}

static CmTime
time_from_local_civil (const CmCivil *civil,
                       int            utc_offset)
{
  CmTime local = cm_time_from_civil (civil->year, civil->month, civil->day,
                                     civil->hour, civil->minute, civil->second);

  /* Stay saturated at the ends of the range */
  if (local == G_MAXINT64 || local == G_MININT64 + 1)
    return local;

  return _cm_saturating_add (local, -_cm_offset_seconds (utc_offset));
}

static gint64
years_per_unit (CmPrecision precision)
{
  switch (precision)
    {
    case CM_PRECISION_BILLION_YEARS:
      return BILLION;
    case CM_PRECISION_MILLION_YEARS:
      return MILLION;
    case CM_PRECISION_MILLENNIUM:
      return 1000;
    case CM_PRECISION_CENTURY:
      return 100;
    case CM_PRECISION_DECADE:
      return 10;
    case CM_PRECISION_YEAR:
    case CM_PRECISION_MONTH:
    case CM_PRECISION_DAY:
    case CM_PRECISION_HOUR:
    case CM_PRECISION_MINUTE:
    case CM_PRECISION_SECOND:
    case CM_N_PRECISIONS:
    default:
      return 1;
    }
}

static void
truncate_civil (CmCivil     *c,
                CmPrecision  precision)
{
  if (precision < CM_PRECISION_YEAR)
    c->year = _cm_floor_div (c->year, years_per_unit (precision)) * years_per_unit (precision);
  if (precision < CM_PRECISION_MONTH)
    c->month = 1;
  if (precision < CM_PRECISION_DAY)
    c->day = 1;
  if (precision < CM_PRECISION_HOUR)
    c->hour = 0;
  if (precision < CM_PRECISION_MINUTE)
    c->minute = 0;
  if (precision < CM_PRECISION_SECOND)
    c->second = 0;
}

CmTime
cm_time_truncate (CmTime      time,
                  CmPrecision precision,
                  int         utc_offset)
{
  CmCivil c;

  g_return_val_if_fail ((guint) precision < CM_N_PRECISIONS, time);

  if (precision == CM_PRECISION_SECOND)
    return time;

  cm_time_to_civil (time, utc_offset, &c);
  truncate_civil (&c, precision);

  return time_from_local_civil (&c, utc_offset);
}

CmTime
cm_time_unit_end (CmTime      time,
                  CmPrecision precision,
                  int         utc_offset)
{
  CmCivil c;

  g_return_val_if_fail ((guint) precision < CM_N_PRECISIONS, time);

  cm_time_to_civil (time, utc_offset, &c);
  truncate_civil (&c, precision);

  /* cm_time_from_civil() normalises the field that overflows */
  switch (precision)
    {
    case CM_PRECISION_BILLION_YEARS:
    case CM_PRECISION_MILLION_YEARS:
    case CM_PRECISION_MILLENNIUM:
    case CM_PRECISION_CENTURY:
    case CM_PRECISION_DECADE:
    case CM_PRECISION_YEAR:
      c.year += years_per_unit (precision);
      break;
    case CM_PRECISION_MONTH:
      c.month++;
      break;
    case CM_PRECISION_DAY:
      c.day++;
      break;
    case CM_PRECISION_HOUR:
      c.hour++;
      break;
    case CM_PRECISION_MINUTE:
      c.minute++;
      break;
    case CM_PRECISION_SECOND:
      c.second++;
      break;
    case CM_N_PRECISIONS:
    default:
      g_assert_not_reached ();
    }

  return time_from_local_civil (&c, utc_offset);
}

/* }}} */
/* {{{ Precision names and GDateTime */

static const char * const precision_names[CM_N_PRECISIONS] = {
  "billion-years", "million-years", "millennium", "century", "decade",
  "year", "month", "day", "hour", "minute", "second",
};

const char *
cm_precision_to_string (CmPrecision precision)
{
  g_return_val_if_fail ((guint) precision < CM_N_PRECISIONS, NULL);

  return precision_names[precision];
}

gboolean
cm_precision_from_string_len (const char  *text,
                              gsize        length,
                              CmPrecision *precision)
{
  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  for (guint i = 0; i < CM_N_PRECISIONS; i++)
    if (strlen (precision_names[i]) == length && memcmp (precision_names[i], text, length) == 0)
      {
        if (precision != NULL)
          *precision = (CmPrecision) i;
        return TRUE;
      }

  return FALSE;
}

gboolean
cm_precision_from_string (const char  *text,
                          CmPrecision *precision)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return cm_precision_from_string_len (text, strlen (text), precision);
}

GDateTime *
cm_time_to_date_time (CmTime time,
                      int    utc_offset)
{
  g_autoptr(GTimeZone) tz = NULL;
  CmCivil c;

  cm_time_to_civil (time, utc_offset, &c);
  if (c.year < 1 || c.year > 9999)
    return NULL;

  if (utc_offset == CM_UTC_OFFSET_NONE)
    tz = g_time_zone_new_utc ();
  else
    tz = g_time_zone_new_offset (utc_offset * 60);

  return g_date_time_new (tz, (int) c.year, c.month, c.day, c.hour, c.minute, c.second);
}

CmTime
cm_time_from_date_time (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, CM_TIME_INVALID);

  return g_date_time_to_unix (date_time);
}

/* }}} */

guint
cm_time_lower_bound (const CmTime *times,
                     guint         n,
                     CmTime        time)
{
  guint lo = 0, hi = n;

  g_return_val_if_fail (times != NULL || n == 0, 0);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (times[mid] < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}
