/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of CmTime: the calendar against independent oracles, truncation,
 * ISO 8601 and formatting round trips, formatting examples. Reading what
 * people write is in test-time-parse.c. */

#include "config.h"

#include "cm-time.h"

#include <glib.h>
#include <locale.h>
#include <string.h>

#define JDN_1970_01_01 G_GINT64_CONSTANT (2440588)

/* Helpers written independently of cm-time.c */

static gint64
test_floor_div (gint64 a,
                gint64 b)
{
  gint64 q = a / b;

  if (q * b > a)
    q--;

  return q;
}

static gboolean
test_is_leap (gint64 year)
{
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

/* Fliegel & Van Flandern (1968), Gregorian calendar. Floor division keeps
 * it exact for every year, as it is periodic in 400 years (146097 days). */
static gint64
jdn_gregorian (gint64 y,
               int    m,
               int    d)
{
  gint64 a = (m - 14) / 12; /* truncating on purpose: -1 for January and February */

  return test_floor_div (1461 * (y + 4800 + a), 4)
         + test_floor_div (367 * (m - 2 - 12 * a), 12)
         - test_floor_div (3 * test_floor_div (y + 4900 + a, 100), 4)
         + d - 32075;
}

/* The same for the Julian calendar, valid for years after -4712 */
static gint64
jdn_julian (gint64 y,
            int    m,
            int    d)
{
  return 367 * y - (7 * (y + 5001 + (m - 9) / 7)) / 4 + (275 * m) / 9 + d + 1729777;
}

static guint64
rand_u64 (void)
{
  return ((guint64) (guint32) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
}

/* Uniform in [lo, hi] */
static gint64
rand_range64 (gint64 lo,
              gint64 hi)
{
  guint64 span = (guint64) hi - (guint64) lo + 1;

  return lo + (gint64) (rand_u64 () % span);
}

static gint64
rand_year (void)
{
  switch (g_test_rand_int_range (0, 4))
    {
    case 0:
      return rand_range64 (-(CM_TIME_MAX_YEAR - 1), CM_TIME_MAX_YEAR - 1);
    case 1:
      return rand_range64 (-100000000, 100000000);
    case 2:
      return rand_range64 (-20000, 20000);
    default:
      return rand_range64 (1, 9999);
    }
}

static int
rand_offset (void)
{
  static const int common[] = { 0, 60, 120, -300, 330, 345, -210, 840, -720, CM_UTC_OFFSET_MAX,
                                -CM_UTC_OFFSET_MAX };

  switch (g_test_rand_int_range (0, 4))
    {
    case 0:
      return CM_UTC_OFFSET_NONE;
    case 1:
      return common[g_test_rand_int_range (0, G_N_ELEMENTS (common))];
    default:
      return g_test_rand_int_range (-CM_UTC_OFFSET_MAX, CM_UTC_OFFSET_MAX + 1);
    }
}

static CmTime
rand_time (void)
{
  gint64 year = rand_year ();
  int month = g_test_rand_int_range (1, 13);
  int day = g_test_rand_int_range (1, cm_days_in_month (year, month) + 1);

  return cm_time_from_civil (year, month, day,
                             g_test_rand_int_range (0, 24),
                             g_test_rand_int_range (0, 60),
                             g_test_rand_int_range (0, 60));
}

static gint64
offset_seconds (int utc_offset)
{
  return utc_offset == CM_UTC_OFFSET_NONE ? 0 : (gint64) utc_offset * 60;
}

/* 1. Every day of years 1..9999 against GDateTime */
static void
test_civil_gdatetime (void)
{
  guint n_days = 0;

  for (int y = 1; y <= 9999; y++)
    {
      for (int m = 1; m <= 12; m++)
        {
          int days_in_month = cm_days_in_month (y, m);

          g_assert_cmpint (days_in_month, ==, g_date_get_days_in_month (m, y));

          for (int d = 1; d <= days_in_month; d++)
            {
              int tod = g_test_rand_int_range (0, 86400);
              int h = tod / 3600, mi = tod / 60 % 60, s = tod % 60;
              GDateTime *dt = g_date_time_new_utc (y, m, d, h, mi, s);
              CmTime t = cm_time_from_civil (y, m, d, h, mi, s);
              CmCivil c;

              cm_time_to_civil (t, CM_UTC_OFFSET_NONE, &c);

              g_assert_cmpint (t, ==, g_date_time_to_unix (dt));
              g_assert_cmpint (c.year, ==, y);
              g_assert_cmpint (c.month, ==, m);
              g_assert_cmpint (c.day, ==, d);
              g_assert_cmpint (c.hour, ==, h);
              g_assert_cmpint (c.minute, ==, mi);
              g_assert_cmpint (c.second, ==, s);
              g_assert_cmpint (c.weekday, ==, g_date_time_get_day_of_week (dt));

              g_date_time_unref (dt);
              n_days++;
            }

          if (g_test_failed ())
            return;
        }
    }

  g_assert_cmpuint (n_days, ==, 3652059);
}

/* 2. BCE dates against Julian Day Numbers */
static void
test_jdn_fixed (void)
{
  gint64 year;
  int month, day;

  g_assert_cmpint (jdn_gregorian (1970, 1, 1), ==, JDN_1970_01_01);
  g_assert_cmpint (jdn_gregorian (2000, 1, 1), ==, 2451545);
  g_assert_cmpint (jdn_gregorian (-4713, 11, 24), ==, 0);

  g_assert_cmpint (cm_days_from_civil (1970, 1, 1), ==, 0);
  g_assert_cmpint (cm_days_from_civil (2000, 1, 1) + JDN_1970_01_01, ==, 2451545);
  g_assert_cmpint (cm_days_from_civil (-4713, 11, 24) + JDN_1970_01_01, ==, 0);
  g_assert_cmpint (cm_days_from_civil (1, 1, 1) + JDN_1970_01_01, ==, 1721426);
  g_assert_cmpint (cm_days_from_civil (0, 1, 1) + JDN_1970_01_01, ==, 1721060);
  g_assert_cmpint (cm_days_from_civil (-1, 12, 31) + JDN_1970_01_01, ==, 1721059);

  cm_civil_from_days (-JDN_1970_01_01, &year, &month, &day);
  g_assert_cmpint (year, ==, -4713);
  g_assert_cmpint (month, ==, 11);
  g_assert_cmpint (day, ==, 24);

  /* The Ides of March, 44 BC: 15 March -43 Julian = JDN 1705426 = 13 March -43 Gregorian */
  g_assert_cmpint (jdn_julian (-43, 3, 15), ==, 1705426);
  g_assert_cmpint (cm_days_from_civil (-43, 3, 13) + JDN_1970_01_01, ==, 1705426);
  cm_civil_from_days (1705426 - JDN_1970_01_01, &year, &month, &day);
  g_assert_cmpint (year, ==, -43);
  g_assert_cmpint (month, ==, 3);
  g_assert_cmpint (day, ==, 13);

  /* Julian and Gregorian agree in the 3rd century */
  g_assert_cmpint (jdn_julian (250, 6, 1), ==, jdn_gregorian (250, 6, 1));
  g_assert_cmpint (cm_days_from_civil (250, 6, 1) + JDN_1970_01_01, ==, jdn_julian (250, 6, 1));

  /* Normalisation of out-of-range fields */
  g_assert_cmpint (cm_days_from_civil (2011, 13, 1), ==, cm_days_from_civil (2012, 1, 1));
  g_assert_cmpint (cm_days_from_civil (2011, 0, 1), ==, cm_days_from_civil (2010, 12, 1));
  g_assert_cmpint (cm_days_from_civil (0, 3, 0), ==, cm_days_from_civil (0, 2, 29));
  g_assert_cmpint (cm_days_from_civil (-1, -11, 1), ==, cm_days_from_civil (-2, 1, 1));
  g_assert_cmpint (cm_time_from_civil (2011, 5, 26, 25, 0, 0), ==,
                   cm_time_from_civil (2011, 5, 27, 1, 0, 0));
  g_assert_cmpint (cm_time_from_civil (2011, 5, 26, 0, 0, -1), ==,
                   cm_time_from_civil (2011, 5, 25, 23, 59, 59));
}

static void
test_leap_years (void)
{
  static const struct { gint64 year; gboolean leap; } cases[] = {
    { 2000, TRUE }, { 1900, FALSE }, { 2011, FALSE }, { 2012, TRUE },
    { 0, TRUE }, { -1, FALSE }, { -4, TRUE }, { -100, FALSE }, { -200, FALSE },
    { -400, TRUE }, { -4713, FALSE }, { -4716, TRUE }, { -13800000000, TRUE },
    { -13800000100, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (cm_is_leap_year (cases[i].year), ==, cases[i].leap);
      g_assert_cmpint (cm_days_in_month (cases[i].year, 2), ==, cases[i].leap ? 29 : 28);
      /* the year is as long as the calendar says */
      g_assert_cmpint (cm_days_from_civil (cases[i].year + 1, 1, 1) -
                       cm_days_from_civil (cases[i].year, 1, 1), ==, cases[i].leap ? 366 : 365);
    }
}

static void
test_jdn_bce (void)
{
  gint64 jan1 = 2451545; /* 2000-01-01 */

  /* Walk back year by year from 2000 to -10000, by an independent leap rule */
  for (gint64 y = 1999; y >= -10000; y--)
    {
      jan1 -= test_is_leap (y) ? 366 : 365;

      g_assert_cmpint (cm_days_from_civil (y, 1, 1) + JDN_1970_01_01, ==, jan1);
      g_assert_cmpint (jdn_gregorian (y, 1, 1), ==, jan1);
      if (y == 1)
        g_assert_cmpint (jan1, ==, 1721426);
      if (g_test_failed ())
        return;
    }

  /* Random days in years -10000 .. 0 */
  for (guint i = 0; i < 200000; i++)
    {
      gint64 y = g_test_rand_int_range (-10000, 1);
      int m = g_test_rand_int_range (1, 13);
      int d = g_test_rand_int_range (1, (m == 2 && test_is_leap (y) ? 29 :
                                         m == 2 ? 28 :
                                         (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31) + 1);
      gint64 jdn = jdn_gregorian (y, m, d);
      gint64 y2, other_jdn;
      int m2, d2, other_y, other_m, other_d;
      CmCivil c;

      g_assert_cmpint (cm_days_from_civil (y, m, d) + JDN_1970_01_01, ==, jdn);

      cm_civil_from_days (jdn - JDN_1970_01_01, &y2, &m2, &d2);
      g_assert_cmpint (y2, ==, y);
      g_assert_cmpint (m2, ==, m);
      g_assert_cmpint (d2, ==, d);

      /* JDN modulo 7: 0 is a Monday */
      cm_time_to_civil (cm_time_from_civil (y, m, d, 12, 0, 0), CM_UTC_OFFSET_NONE, &c);
      g_assert_cmpint (c.weekday, ==, jdn - test_floor_div (jdn, 7) * 7 + 1);

      /* Day differences are JDN differences */
      other_y = g_test_rand_int_range (-10000, 1);
      other_m = g_test_rand_int_range (1, 13);
      other_d = g_test_rand_int_range (1, 29);
      other_jdn = jdn_gregorian (other_y, other_m, other_d);
      g_assert_cmpint (cm_days_from_civil (y, m, d) -
                       cm_days_from_civil (other_y, other_m, other_d), ==, jdn - other_jdn);
      g_assert_cmpint (cm_time_from_civil (y, m, d, 0, 0, 0) -
                       cm_time_from_civil (other_y, other_m, other_d, 0, 0, 0),
                       ==, (jdn - other_jdn) * 86400);

      if (g_test_failed ())
        return;
    }
}

static void
test_deep_civil (void)
{
  static const gint64 years[] = {
    -CM_TIME_MAX_YEAR, -13800000000, -4540000000, -66000000, -1000001, 0,
    4000000000, CM_TIME_MAX_YEAR,
  };

  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      CmTime t = cm_time_from_civil (years[i], 12, 31, 23, 59, 59);
      CmCivil c;

      cm_time_to_civil (t, CM_UTC_OFFSET_NONE, &c);
      g_assert_cmpint (c.year, ==, years[i]);
      g_assert_cmpint (c.month, ==, 12);
      g_assert_cmpint (c.day, ==, 31);
      g_assert_cmpint (c.second, ==, 59);
      g_assert_cmpint (t + 1, ==, cm_time_from_civil (years[i] + 1, 1, 1, 0, 0, 0));
      /* 400 years are always 146097 days */
      g_assert_cmpint (cm_days_from_civil (years[i] + 400, 3, 1) -
                       cm_days_from_civil (years[i], 3, 1), ==, 146097);
    }

  /* Random times over the whole range survive civil and back */
  for (guint i = 0; i < 100000; i++)
    {
      CmTime t = rand_range64 (cm_time_from_civil (-CM_TIME_MAX_YEAR, 1, 1, 0, 0, 0),
                               cm_time_from_civil (CM_TIME_MAX_YEAR, 12, 31, 23, 59, 59));
      int offset = rand_offset ();
      CmCivil c;

      cm_time_to_civil (t, offset, &c);
      g_assert_cmpint (cm_time_from_civil (c.year, c.month, c.day, c.hour, c.minute, c.second)
                       - offset_seconds (offset), ==, t);
      if (g_test_failed ())
        return;
    }
}

/* Truncation and unit ends */
static void
test_truncate (void)
{
  CmTime t = cm_time_from_civil (2011, 5, 26, 11, 45, 30); /* 13:45:30 at +02:00 */
  CmTime t_bc = cm_time_from_civil (-43, 3, 13, 12, 0, 0);
  static const struct {
    CmPrecision precision;
    gint64 year;
    int month, day, hour, minute;
  } cases[] = {
    { CM_PRECISION_BILLION_YEARS, 0, 1, 1, 0, 0 },
    { CM_PRECISION_MILLION_YEARS, 0, 1, 1, 0, 0 },
    { CM_PRECISION_MILLENNIUM, 2000, 1, 1, 0, 0 },
    { CM_PRECISION_CENTURY, 2000, 1, 1, 0, 0 },
    { CM_PRECISION_DECADE, 2010, 1, 1, 0, 0 },
    { CM_PRECISION_YEAR, 2011, 1, 1, 0, 0 },
    { CM_PRECISION_MONTH, 2011, 5, 1, 0, 0 },
    { CM_PRECISION_DAY, 2011, 5, 26, 0, 0 },
    { CM_PRECISION_HOUR, 2011, 5, 26, 13, 0 },
    { CM_PRECISION_MINUTE, 2011, 5, 26, 13, 45 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* local time at +02:00 */
      CmTime want = cm_time_from_civil (cases[i].year, cases[i].month, cases[i].day,
                                        cases[i].hour, cases[i].minute, 0) - 7200;

      g_assert_cmpint (cm_time_truncate (t, cases[i].precision, 120), ==, want);
    }
  g_assert_cmpint (cm_time_truncate (t, CM_PRECISION_SECOND, 120), ==, t);

  /* Half-hour offsets: the local hour starts at :30 UTC */
  g_assert_cmpint (cm_time_truncate (cm_time_from_civil (2011, 5, 26, 8, 29, 0),
                                     CM_PRECISION_HOUR, 330), ==,
                   cm_time_from_civil (2011, 5, 26, 7, 30, 0));
  /* A UTC instant late in the day belongs to the next local day east of UTC */
  g_assert_cmpint (cm_time_truncate (cm_time_from_civil (2011, 5, 26, 23, 0, 0),
                                     CM_PRECISION_DAY, 120), ==,
                   cm_time_from_civil (2011, 5, 27, 0, 0, 0) - 7200);
  g_assert_cmpint (cm_time_truncate (cm_time_from_civil (2011, 1, 1, 1, 0, 0),
                                     CM_PRECISION_YEAR, -300), ==,
                   cm_time_from_civil (2010, 1, 1, 5, 0, 0));

  /* Units before year 0 floor on the astronomical year */
  g_assert_cmpint (cm_time_truncate (t_bc, CM_PRECISION_YEAR, CM_UTC_OFFSET_NONE), ==,
                   cm_time_from_civil (-43, 1, 1, 0, 0, 0));
  g_assert_cmpint (cm_time_truncate (t_bc, CM_PRECISION_DECADE, CM_UTC_OFFSET_NONE), ==,
                   cm_time_from_civil (-50, 1, 1, 0, 0, 0));
  g_assert_cmpint (cm_time_truncate (t_bc, CM_PRECISION_CENTURY, CM_UTC_OFFSET_NONE), ==,
                   cm_time_from_civil (-100, 1, 1, 0, 0, 0));
  g_assert_cmpint (cm_time_truncate (t_bc, CM_PRECISION_MILLENNIUM, CM_UTC_OFFSET_NONE), ==,
                   cm_time_from_civil (-1000, 1, 1, 0, 0, 0));
  g_assert_cmpint (cm_time_truncate (t_bc, CM_PRECISION_MILLION_YEARS, CM_UTC_OFFSET_NONE), ==,
                   cm_time_from_civil (-1000000, 1, 1, 0, 0, 0));
  g_assert_cmpint (cm_time_unit_end (t_bc, CM_PRECISION_CENTURY, CM_UTC_OFFSET_NONE), ==,
                   cm_time_from_civil (0, 1, 1, 0, 0, 0));
  g_assert_cmpint (cm_time_unit_end (t_bc, CM_PRECISION_MONTH, CM_UTC_OFFSET_NONE), ==,
                   cm_time_from_civil (-43, 4, 1, 0, 0, 0));
  g_assert_cmpint (cm_time_unit_end (cm_time_from_civil (0, 2, 10, 0, 0, 0), CM_PRECISION_MONTH,
                                     CM_UTC_OFFSET_NONE), ==,
                   cm_time_from_civil (0, 2, 29, 0, 0, 0) + 86400);
  g_assert_cmpint (cm_time_unit_end (cm_time_from_civil (2011, 12, 31, 23, 59, 59),
                                     CM_PRECISION_SECOND, CM_UTC_OFFSET_NONE), ==,
                   cm_time_from_civil (2012, 1, 1, 0, 0, 0));

  /* truncate (t) <= t < unit_end (t), both boundaries fixed points, for random times */
  for (guint i = 0; i < 20000; i++)
    {
      CmTime r = rand_time ();
      int offset = rand_offset ();

      for (CmPrecision p = 0; p < CM_N_PRECISIONS; p++)
        {
          CmTime start = cm_time_truncate (r, p, offset);
          CmTime end = cm_time_unit_end (r, p, offset);

          g_assert_cmpint (start, <=, r);
          g_assert_cmpint (r, <, end);
          g_assert_cmpint (cm_time_truncate (start, p, offset), ==, start);
          g_assert_cmpint (cm_time_truncate (end, p, offset), ==, end);
          g_assert_cmpint (cm_time_truncate (end - 1, p, offset), ==, start);
        }
      if (g_test_failed ())
        return;
    }
}

/* 3. Round trips */
static void
check_iso_round_trip (CmTime      t,
                      CmPrecision p,
                      int         offset)
{
  g_autoptr(GError) error = NULL;
  CmTime start = cm_time_truncate (t, p, offset);
  g_autofree char *iso = cm_time_to_iso (start, p, offset);
  CmTime parsed = CM_TIME_INVALID;
  CmPrecision parsed_precision = CM_N_PRECISIONS;
  int parsed_offset = 12345;
  gboolean ok = cm_time_parse_iso (iso, &parsed, &parsed_precision, &parsed_offset, &error);

  g_assert_no_error (error);
  g_assert_true (ok);

  if (p >= CM_PRECISION_HOUR)
    {
      g_assert_cmpint (parsed, ==, start);
      g_assert_cmpint (parsed_precision, ==, p);
      g_assert_cmpint (parsed_offset, ==, offset);
    }
  else
    {
      /* The local calendar date is written; read back as UTC */
      g_assert_cmpint (parsed - offset_seconds (offset), ==, start);
      g_assert_cmpint (parsed_precision, ==, MAX (p, CM_PRECISION_YEAR));
      g_assert_cmpint (parsed_offset, ==, CM_UTC_OFFSET_NONE);
    }

  if (g_test_failed ())
    g_test_message ("ISO round trip of %s at precision %s, offset %d",
                    iso, cm_precision_to_string (p), offset);
}

static void
test_iso_round_trip (void)
{
  for (guint i = 0; i < 30000; i++)
    {
      CmTime t = rand_time ();
      int offset = rand_offset ();

      for (CmPrecision p = 0; p < CM_N_PRECISIONS; p++)
        check_iso_round_trip (t, p, offset);

      if (g_test_failed ())
        return;
    }
}

static void
check_format_round_trip (CmTime      t,
                         CmPrecision p,
                         int         offset)
{
  g_autoptr(GError) error = NULL;
  CmTime start = cm_time_truncate (t, p, offset);
  g_autofree char *text = cm_time_format (start, p, offset);
  CmTime parsed = CM_TIME_INVALID;
  CmPrecision parsed_precision = CM_N_PRECISIONS;
  int parsed_offset = 12345;
  gboolean ok = cm_time_parse (text, &parsed, &parsed_precision, &parsed_offset, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (parsed_precision, ==, p);

  if (p >= CM_PRECISION_HOUR)
    {
      g_assert_cmpint (parsed, ==, start);
      g_assert_cmpint (parsed_offset, ==, offset);
    }
  else
    {
      g_assert_cmpint (parsed - offset_seconds (offset), ==, start);
      g_assert_cmpint (parsed_offset, ==, CM_UTC_OFFSET_NONE);
    }

  if (g_test_failed ())
    g_test_message ("Format round trip of '%s' at precision %s, offset %d",
                    text, cm_precision_to_string (p), offset);
}

static void
test_format_round_trip (void)
{
  for (guint i = 0; i < 8000; i++)
    {
      CmTime t = rand_time ();
      int offset = rand_offset ();

      for (CmPrecision p = 0; p < CM_N_PRECISIONS; p++)
        check_format_round_trip (t, p, offset);

      if (g_test_failed ())
        return;
    }
}

/* 4. Formatting in the C locale */
static void
check_format (CmTime      t,
              CmPrecision p,
              int         offset,
              const char *want)
{
  g_autofree char *text = cm_time_format (t, p, offset);

  g_assert_cmpstr (text, ==, want);
}

static void
test_format_examples (void)
{
  CmTime g8 = 1306407600; /* 2011-05-26T13:00+02:00 */

  check_format (cm_time_from_civil (-13800000000, 1, 1, 0, 0, 0), CM_PRECISION_BILLION_YEARS,
                CM_UTC_OFFSET_NONE, "13.8 billion years ago");
  check_format (cm_time_from_civil (-4543000000, 1, 1, 0, 0, 0), CM_PRECISION_BILLION_YEARS,
                CM_UTC_OFFSET_NONE, "4.54 billion years ago");
  check_format (cm_time_from_civil (-1000000000, 1, 1, 0, 0, 0), CM_PRECISION_BILLION_YEARS,
                CM_UTC_OFFSET_NONE, "1 billion years ago");
  check_format (cm_time_from_civil (-500000000, 1, 1, 0, 0, 0), CM_PRECISION_BILLION_YEARS,
                CM_UTC_OFFSET_NONE, "0.5 billion years ago");
  check_format (cm_time_from_civil (-66038000, 6, 1, 0, 0, 0), CM_PRECISION_MILLION_YEARS,
                CM_UTC_OFFSET_NONE, "66 million years ago");
  check_format (cm_time_from_civil (-13800000000, 1, 1, 0, 0, 0), CM_PRECISION_MILLION_YEARS,
                CM_UTC_OFFSET_NONE, "13800 million years ago");
  check_format (cm_time_from_civil (5000000, 1, 1, 0, 0, 0), CM_PRECISION_MILLION_YEARS,
                CM_UTC_OFFSET_NONE, "in 5 million years");
  check_format (cm_time_from_civil (-2500, 1, 1, 0, 0, 0), CM_PRECISION_MILLENNIUM,
                CM_UTC_OFFSET_NONE, "3rd millennium BC");
  check_format (cm_time_from_civil (1500, 1, 1, 0, 0, 0), CM_PRECISION_MILLENNIUM,
                CM_UTC_OFFSET_NONE, "2nd millennium");
  check_format (cm_time_from_civil (-43, 3, 15, 0, 0, 0), CM_PRECISION_CENTURY,
                CM_UTC_OFFSET_NONE, "1st century BC");
  check_format (g8, CM_PRECISION_CENTURY, 120, "21st century");
  check_format (cm_time_from_civil (1111, 1, 1, 0, 0, 0), CM_PRECISION_CENTURY,
                CM_UTC_OFFSET_NONE, "12th century");
  check_format (g8, CM_PRECISION_DECADE, 120, "2010s");
  check_format (cm_time_from_civil (-33, 1, 1, 0, 0, 0), CM_PRECISION_DECADE,
                CM_UTC_OFFSET_NONE, "40s BC");
  check_format (g8, CM_PRECISION_YEAR, 120, "2011");
  check_format (cm_time_from_civil (-43, 3, 15, 0, 0, 0), CM_PRECISION_YEAR,
                CM_UTC_OFFSET_NONE, "44 BC");
  check_format (cm_time_from_civil (0, 3, 15, 0, 0, 0), CM_PRECISION_YEAR,
                CM_UTC_OFFSET_NONE, "1 BC");
  check_format (g8, CM_PRECISION_MONTH, 120, "May 2011");
  check_format (g8, CM_PRECISION_DAY, 120, "26 May 2011");
  check_format (cm_time_from_civil (-43, 3, 15, 0, 0, 0), CM_PRECISION_DAY,
                CM_UTC_OFFSET_NONE, "15 March 44 BC");
  check_format (g8, CM_PRECISION_MINUTE, 120, "26 May 2011, 13:00 (UTC+2)");
  check_format (g8, CM_PRECISION_HOUR, 120, "26 May 2011, 13h (UTC+2)");
  check_format (g8 + 5, CM_PRECISION_SECOND, 120, "26 May 2011, 13:00:05 (UTC+2)");
  check_format (g8, CM_PRECISION_MINUTE, CM_UTC_OFFSET_NONE, "26 May 2011, 11:00 UTC");
  check_format (g8, CM_PRECISION_MINUTE, 330, "26 May 2011, 16:30 (UTC+5:30)");
  check_format (g8, CM_PRECISION_MINUTE, -180, "26 May 2011, 08:00 (UTC−3)");
  check_format (g8, CM_PRECISION_MINUTE, 0, "26 May 2011, 11:00 (UTC+0)");
  check_format (cm_time_from_civil (5, 1, 1, 0, 0, 0), CM_PRECISION_DECADE,
                CM_UTC_OFFSET_NONE, "0s");
  check_format (cm_time_from_civil (-1, 1, 1, 0, 0, 0), CM_PRECISION_DECADE,
                CM_UTC_OFFSET_NONE, "10s BC");
  check_format (cm_time_from_civil (0, 1, 1, 0, 0, 0), CM_PRECISION_CENTURY,
                CM_UTC_OFFSET_NONE, "1st century");
  check_format (cm_time_from_civil (-1, 1, 1, 0, 0, 0), CM_PRECISION_MILLENNIUM,
                CM_UTC_OFFSET_NONE, "1st millennium BC");
  check_format (cm_time_from_civil (-11000, 1, 1, 0, 0, 0), CM_PRECISION_MILLENNIUM,
                CM_UTC_OFFSET_NONE, "11th millennium BC");
  check_format (cm_time_from_civil (-1000, 1, 1, 0, 0, 0), CM_PRECISION_MILLION_YEARS,
                CM_UTC_OFFSET_NONE, "0.001 million years ago");
  check_format (cm_time_from_civil (0, 1, 1, 0, 0, 0), CM_PRECISION_MILLION_YEARS,
                CM_UTC_OFFSET_NONE, "0 million years ago");
  check_format (cm_time_from_civil (-99960000000, 1, 1, 0, 0, 0), CM_PRECISION_BILLION_YEARS,
                CM_UTC_OFFSET_NONE, "100 billion years ago");
  check_format (cm_time_from_civil (-9996000000, 1, 1, 0, 0, 0), CM_PRECISION_BILLION_YEARS,
                CM_UTC_OFFSET_NONE, "10 billion years ago");
  check_format (cm_time_from_civil (12000, 7, 4, 0, 0, 0), CM_PRECISION_DAY,
                CM_UTC_OFFSET_NONE, "4 July 12000");
  /* the local date, east of UTC */
  check_format (cm_time_from_civil (2011, 5, 26, 23, 0, 0), CM_PRECISION_DAY, 120,
                "27 May 2011");
}

static void
test_iso_examples (void)
{
  static const struct { gint64 year; int month, day, hour, minute, second;
                        CmPrecision p; int offset; const char *iso; } cases[] = {
    { -13800000000, 1, 1, 0, 0, 0, CM_PRECISION_BILLION_YEARS, CM_UTC_OFFSET_NONE,
      "-13800000000" },
    { -44, 3, 15, 0, 0, 0, CM_PRECISION_DAY, CM_UTC_OFFSET_NONE, "-0044-03-15" },
    { 0, 6, 1, 0, 0, 0, CM_PRECISION_MONTH, CM_UTC_OFFSET_NONE, "0000-06" },
    { 12000, 1, 1, 0, 0, 0, CM_PRECISION_YEAR, CM_UTC_OFFSET_NONE, "+12000" },
    { 2011, 5, 26, 11, 0, 0, CM_PRECISION_MINUTE, 120, "2011-05-26T13:00+02:00" },
    { 2011, 5, 26, 11, 0, 0, CM_PRECISION_HOUR, -330, "2011-05-26T05-05:30" },
    { 2011, 5, 26, 11, 0, 5, CM_PRECISION_SECOND, 0, "2011-05-26T11:00:05Z" },
    { 2011, 5, 26, 11, 0, 5, CM_PRECISION_SECOND, CM_UTC_OFFSET_NONE, "2011-05-26T11:00:05" },
    { 2011, 5, 26, 23, 0, 0, CM_PRECISION_DAY, 120, "2011-05-27" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CmTime t = cm_time_from_civil (cases[i].year, cases[i].month, cases[i].day,
                                     cases[i].hour, cases[i].minute, cases[i].second);
      g_autofree char *iso = cm_time_to_iso (t, cases[i].p, cases[i].offset);

      g_assert_cmpstr (iso, ==, cases[i].iso);
    }
}

static void
test_precision_strings (void)
{
  static const char * const names[] = {
    "billion-years", "million-years", "millennium", "century", "decade",
    "year", "month", "day", "hour", "minute", "second",
  };
  CmPrecision p;

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, CM_N_PRECISIONS);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *padded = g_strconcat (names[i], "xyz", NULL);

      g_assert_cmpstr (cm_precision_to_string (i), ==, names[i]);
      p = CM_N_PRECISIONS;
      g_assert_true (cm_precision_from_string (names[i], &p));
      g_assert_cmpint (p, ==, i);
      p = CM_N_PRECISIONS;
      g_assert_true (cm_precision_from_string_len (padded, strlen (names[i]), &p));
      g_assert_cmpint (p, ==, i);
      g_assert_false (cm_precision_from_string (padded, &p));
    }

  g_assert_false (cm_precision_from_string ("", &p));
  g_assert_false (cm_precision_from_string ("Year", &p));
  g_assert_false (cm_precision_from_string_len ("year", 3, &p));
}

static void
test_date_time_edge (void)
{
  CmTime g8 = 1306407600;
  GDateTime *dt;

  dt = cm_time_to_date_time (g8, 120);
  g_assert_nonnull (dt);
  if (dt != NULL)
    {
      g_assert_cmpint (g_date_time_get_hour (dt), ==, 13);
      g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, G_GINT64_CONSTANT (7200000000));
      g_assert_cmpint (cm_time_from_date_time (dt), ==, g8);
      g_date_time_unref (dt);
    }

  dt = cm_time_to_date_time (g8, CM_UTC_OFFSET_NONE);
  g_assert_nonnull (dt);
  if (dt != NULL)
    {
      g_assert_cmpint (g_date_time_get_hour (dt), ==, 11);
      g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, 0);
      g_date_time_unref (dt);
    }

  /* Years 1 … 9999 only, in local time */
  dt = cm_time_to_date_time (cm_time_from_civil (1, 1, 1, 0, 0, 0), CM_UTC_OFFSET_NONE);
  g_assert_nonnull (dt);
  g_clear_pointer (&dt, g_date_time_unref);
  dt = cm_time_to_date_time (cm_time_from_civil (9999, 12, 31, 23, 59, 59), CM_UTC_OFFSET_NONE);
  g_assert_nonnull (dt);
  g_clear_pointer (&dt, g_date_time_unref);
  g_assert_null (cm_time_to_date_time (cm_time_from_civil (0, 12, 31, 23, 0, 0),
                                       CM_UTC_OFFSET_NONE));
  g_assert_null (cm_time_to_date_time (cm_time_from_civil (10000, 1, 1, 0, 0, 0),
                                       CM_UTC_OFFSET_NONE));
  g_assert_null (cm_time_to_date_time (cm_time_from_civil (1, 1, 1, 0, 30, 0), -60));
  g_assert_null (cm_time_to_date_time (cm_time_from_civil (-13800000000, 1, 1, 0, 0, 0),
                                       CM_UTC_OFFSET_NONE));
}

/* No overflow or undefined behaviour at the ends of the CmTime range */
static void
test_extremes (void)
{
  static const CmTime times[] = { G_MININT64 + 1, G_MININT64 + 86400, -1, 0, 1,
                                  G_MAXINT64 - 86400, G_MAXINT64 };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      for (CmPrecision p = 0; p < CM_N_PRECISIONS; p++)
        {
          int offsets[] = { CM_UTC_OFFSET_NONE, CM_UTC_OFFSET_MAX, -CM_UTC_OFFSET_MAX };

          for (guint o = 0; o < G_N_ELEMENTS (offsets); o++)
            {
              CmTime start = cm_time_truncate (times[i], p, offsets[o]);
              CmTime end = cm_time_unit_end (times[i], p, offsets[o]);
              g_autofree char *iso = cm_time_to_iso (times[i], p, offsets[o]);
              g_autofree char *text = cm_time_format (times[i], p, offsets[o]);
              CmCivil c;

              /* saturated, but ordered and never CM_TIME_INVALID */
              g_assert_cmpint (start, <=, times[i]);
              g_assert_cmpint (end, >=, times[i]);
              g_assert_cmpint (start, !=, CM_TIME_INVALID);
              g_assert_nonnull (iso);
              g_assert_nonnull (text);

              cm_time_to_civil (times[i], offsets[o], &c);
              g_assert_cmpint (c.month, >=, 1);
              g_assert_cmpint (c.month, <=, 12);
              g_assert_cmpint (c.day, >=, 1);
              g_assert_cmpint (c.day, <=, cm_days_in_month (c.year, c.month));
              g_assert_cmpint (c.weekday, >=, 1);
              g_assert_cmpint (c.weekday, <=, 7);
            }
        }
    }

  /* The largest years parse, one more does not */
  g_assert_true (cm_time_parse_iso ("+100000000000-12-31T23:59:59Z", NULL, NULL, NULL, NULL));
  g_assert_true (cm_time_parse_iso ("-100000000000-01-01", NULL, NULL, NULL, NULL));
  g_assert_true (cm_time_parse ("100 billion years ago", NULL, NULL, NULL, NULL));
  g_assert_true (cm_time_parse ("100000000001 BC", NULL, NULL, NULL, NULL));
  g_assert_false (cm_time_parse ("100000000002 BC", NULL, NULL, NULL, NULL));
}

static void
test_lower_bound (void)
{
  const CmTime times[] = { -5, 0, 0, 3, G_MAXINT64 };

  g_assert_cmpuint (cm_time_lower_bound (NULL, 0, 7), ==, 0);
  g_assert_cmpuint (cm_time_lower_bound (times, 5, G_MININT64), ==, 0);
  g_assert_cmpuint (cm_time_lower_bound (times, 5, -5), ==, 0);
  g_assert_cmpuint (cm_time_lower_bound (times, 5, 0), ==, 1);
  g_assert_cmpuint (cm_time_lower_bound (times, 5, 1), ==, 3);
  g_assert_cmpuint (cm_time_lower_bound (times, 5, G_MAXINT64), ==, 4);
  g_assert_cmpuint (cm_time_lower_bound (times, 4, G_MAXINT64), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  setlocale (LC_ALL, "C");

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/core/time/civil-gdatetime", test_civil_gdatetime);
  g_test_add_func ("/core/time/jdn-fixed", test_jdn_fixed);
  g_test_add_func ("/core/time/leap-years", test_leap_years);
  g_test_add_func ("/core/time/jdn-bce", test_jdn_bce);
  g_test_add_func ("/core/time/deep-civil", test_deep_civil);
  g_test_add_func ("/core/time/truncate", test_truncate);
  g_test_add_func ("/core/time/iso-examples", test_iso_examples);
  g_test_add_func ("/core/time/iso-round-trip", test_iso_round_trip);
  g_test_add_func ("/core/time/format-round-trip", test_format_round_trip);
  g_test_add_func ("/core/time/format-examples", test_format_examples);
  g_test_add_func ("/core/time/precision-strings", test_precision_strings);
  g_test_add_func ("/core/time/date-time-edge", test_date_time_edge);
  g_test_add_func ("/core/time/extremes", test_extremes);

  g_test_add_func ("/time/lower-bound", test_lower_bound);

  return g_test_run ();
}
