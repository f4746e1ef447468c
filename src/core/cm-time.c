/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-time"

#include "config.h"

#include "cm-time.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

/* Calendar arithmetic follows Howard Hinnant's era-based days_from_civil()
 * and civil_from_days(): 400-year eras of 146097 days, floor division, all
 * in gint64, so that it is exact for every year CmTime can hold. */

G_DEFINE_QUARK (cm-time-error-quark, cm_time_error)

/* CM_TIME_MAX_YEAR as text, for messages (a translatable string cannot
 * hold G_GINT64_FORMAT). */
static const char *
max_year_text (void)
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

#define SECONDS_PER_DAY  G_GINT64_CONSTANT (86400)
#define DAYS_PER_ERA     G_GINT64_CONSTANT (146097)
#define DAYS_0000_TO_1970 G_GINT64_CONSTANT (719468) /* from 0000-03-01 */

/* cm_days_from_civil() and cm_civil_from_days() cannot overflow within these. */
#define CIVIL_YEAR_LIMIT G_GINT64_CONSTANT (1000000000000000)        /* 1e15 */
#define CIVIL_DAYS_LIMIT G_GINT64_CONSTANT (100000000000000000)      /* 1e17 */

#define BILLION G_GINT64_CONSTANT (1000000000)
#define MILLION G_GINT64_CONSTANT (1000000)

/* {{{ Arithmetic helpers */

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if (a % b != 0 && ((a < 0) != (b < 0)))
    q--;

  return q;
}

static inline gint64
floor_mod (gint64 a,
           gint64 b)
{
  gint64 r = a % b;

  if (r != 0 && ((r < 0) != (b < 0)))
    r += b;

  return r;
}

/* Saturates to the CmTime range, never yielding CM_TIME_INVALID. */
static inline gint64
saturating_add (gint64 a,
                gint64 b)
{
  gint64 r;

  if (G_UNLIKELY (__builtin_add_overflow (a, b, &r)))
    return b > 0 ? G_MAXINT64 : G_MININT64 + 1;

  if (G_UNLIKELY (r == CM_TIME_INVALID))
    return G_MININT64 + 1;

  return r;
}

static inline gint64
offset_seconds (int utc_offset)
{
  if (utc_offset == CM_UTC_OFFSET_NONE)
    return 0;

  return (gint64) utc_offset * 60;
}

/* }}} */
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

  y = year + floor_div ((gint64) month - 1, 12);
  m = (int) floor_mod ((gint64) month - 1, 12) + 1;

  y -= m <= 2;
  era = floor_div (y, 400);
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
  era = floor_div (z, DAYS_PER_ERA);
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
  gint64 days = cm_days_from_civil (year, month, day) + floor_div (seconds, SECONDS_PER_DAY);
  gint64 rest = floor_mod (seconds, SECONDS_PER_DAY);
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

  return saturating_add (result, rest);
}

void
cm_time_to_civil (CmTime   time,
                  int      utc_offset,
                  CmCivil *civil)
{
  gint64 days, seconds;

  g_return_if_fail (civil != NULL);

  /* Split first, then shift: no overflow even at the ends of the range. */
  days = floor_div (time, SECONDS_PER_DAY);
  seconds = floor_mod (time, SECONDS_PER_DAY) + offset_seconds (utc_offset);
  days += floor_div (seconds, SECONDS_PER_DAY);
  seconds = floor_mod (seconds, SECONDS_PER_DAY);

  cm_civil_from_days (days, &civil->year, &civil->month, &civil->day);
  civil->hour = (int) (seconds / 3600);
  civil->minute = (int) (seconds / 60 % 60);
  civil->second = (int) (seconds % 60);
  /* 1970-01-01 was a Thursday */
  civil->weekday = (int) floor_mod (days + 3, 7) + 1;
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

  return saturating_add (local, -offset_seconds (utc_offset));
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
    c->year = floor_div (c->year, years_per_unit (precision)) * years_per_unit (precision);
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
/* {{{ ISO 8601 */

static gboolean
read_two_digits (const char **p,
                 const char  *end,
                 int         *value)
{
  const char *s = *p;

  if (end - s < 2 || !g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]))
    return FALSE;

  *value = (s[0] - '0') * 10 + (s[1] - '0');
  *p = s + 2;

  return TRUE;
}

static char *
quote_rest (const char *p,
            const char *end)
{
  gsize length = MIN ((gsize) (end - p), 32);
  g_autofree char *valid = NULL;

  if (memchr (p, '\0', length) != NULL)
    return g_strdup (_("a NUL byte"));

  valid = g_utf8_make_valid (p, length);

  return g_strdup_printf ("“%s”", valid);
}

gboolean
cm_time_parse_iso_len (const char   *text,
                       gsize         length,
                       CmTime       *time,
                       CmPrecision  *precision,
                       int          *utc_offset,
                       GError      **error)
{
  const char *p = text;
  const char *end = text + length;
  gboolean negative = FALSE;
  gint64 year = 0;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int offset = CM_UTC_OFFSET_NONE;
  CmPrecision prec = CM_PRECISION_YEAR;
  CmTime result;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length == 0)
    {
      g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                           _("The date is empty"));
      return FALSE;
    }

  /* Year: sign and any number of digits, accumulated without overflow */
  if (*p == '+' || *p == '-')
    {
      negative = *p == '-';
      p++;
    }

  if (p == end || !g_ascii_isdigit (*p))
    {
      g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                           _("Expected a year at the start of the date"));
      return FALSE;
    }

  while (p < end && g_ascii_isdigit (*p))
    {
      int digit = *p - '0';

      if (year > (CM_TIME_MAX_YEAR - digit) / 10)
        {
          g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                       _("The year is out of range (at most %s years before or after year 0)"),
                       max_year_text ());
          return FALSE;
        }

      year = year * 10 + digit;
      p++;
    }

  if (negative)
    year = -year;

  if (p < end && *p == '-')
    {
      p++;
      if (!read_two_digits (&p, end, &month))
        {
          g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                               _("Expected two digits for the month"));
          return FALSE;
        }
      if (month < 1 || month > 12)
        {
          g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                       _("Month %d is out of range (1 to 12)"), month);
          return FALSE;
        }
      prec = CM_PRECISION_MONTH;

      if (p < end && *p == '-')
        {
          p++;
          if (!read_two_digits (&p, end, &day))
            {
              g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                                   _("Expected two digits for the day"));
              return FALSE;
            }
          if (day < 1 || day > cm_days_in_month (year, month))
            {
              g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                           _("Day %d is out of range for month %d (1 to %d)"),
                           day, month, cm_days_in_month (year, month));
              return FALSE;
            }
          prec = CM_PRECISION_DAY;

          if (p < end && (*p == 'T' || *p == 't' || *p == ' '))
            {
              p++;
              if (!read_two_digits (&p, end, &hour))
                {
                  g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                                       _("Expected two digits for the hour"));
                  return FALSE;
                }
              if (hour > 23)
                {
                  g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                               _("Hour %d is out of range (0 to 23)"), hour);
                  return FALSE;
                }
              prec = CM_PRECISION_HOUR;

              if (p < end && *p == ':')
                {
                  p++;
                  if (!read_two_digits (&p, end, &minute))
                    {
                      g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                                           _("Expected two digits for the minute"));
                      return FALSE;
                    }
                  if (minute > 59)
                    {
                      g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                                   _("Minute %d is out of range (0 to 59)"), minute);
                      return FALSE;
                    }
                  prec = CM_PRECISION_MINUTE;

                  if (p < end && *p == ':')
                    {
                      p++;
                      if (!read_two_digits (&p, end, &second))
                        {
                          g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                                               _("Expected two digits for the second"));
                          return FALSE;
                        }
                      if (second > 59)
                        {
                          g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                                       _("Second %d is out of range (0 to 59)"), second);
                          return FALSE;
                        }
                      prec = CM_PRECISION_SECOND;

                      /* A decimal fraction of a second is read and dropped */
                      if (end - p >= 2 && (*p == '.' || *p == ',') && g_ascii_isdigit (p[1]))
                        {
                          p++;
                          while (p < end && g_ascii_isdigit (*p))
                            p++;
                        }
                    }
                }

              if (p < end && (*p == 'Z' || *p == 'z'))
                {
                  offset = 0;
                  p++;
                }
              else if (p < end && (*p == '+' || *p == '-'))
                {
                  int sign = *p == '-' ? -1 : 1;
                  int offset_hours, offset_minutes = 0;

                  p++;
                  if (!read_two_digits (&p, end, &offset_hours))
                    {
                      g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                                           _("Expected two digits for the hours of the "
                                             "time zone offset"));
                      return FALSE;
                    }
                  if (p < end && (*p == ':' || g_ascii_isdigit (*p)))
                    {
                      if (*p == ':')
                        p++;
                      if (!read_two_digits (&p, end, &offset_minutes))
                        {
                          g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                                               _("Expected two digits for the minutes of "
                                                 "the time zone offset"));
                          return FALSE;
                        }
                    }
                  if (offset_minutes > 59 || offset_hours * 60 + offset_minutes > CM_UTC_OFFSET_MAX)
                    {
                      g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                                   _("The time zone offset %c%02d:%02d is out of range "
                                     "(at most 18 hours)"),
                                   sign < 0 ? '-' : '+', offset_hours, offset_minutes);
                      return FALSE;
                    }
                  offset = sign * (offset_hours * 60 + offset_minutes);
                }
            }
        }
    }

  if (p < end)
    {
      if (prec < CM_PRECISION_HOUR && (*p == 'Z' || *p == 'z' || *p == '+' || *p == '-'))
        g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                             _("A time zone offset needs a time of day"));
      else
        {
          g_autofree char *rest = quote_rest (p, end);

          g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                       _("Unexpected %s after the date"), rest);
        }
      return FALSE;
    }

  result = cm_time_from_civil (year, month, day, hour, minute, second);
  result -= offset_seconds (offset);

  if (time != NULL)
    *time = result;
  if (precision != NULL)
    *precision = prec;
  if (utc_offset != NULL)
    *utc_offset = offset;

  return TRUE;
}

gboolean
cm_time_parse_iso (const char   *text,
                   CmTime       *time,
                   CmPrecision  *precision,
                   int          *utc_offset,
                   GError      **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return cm_time_parse_iso_len (text, strlen (text), time, precision, utc_offset, error);
}

char *
cm_time_to_iso (CmTime      time,
                CmPrecision precision,
                int         utc_offset)
{
  GString *s;
  CmCivil c;

  g_return_val_if_fail (time != CM_TIME_INVALID, NULL);
  g_return_val_if_fail ((guint) precision < CM_N_PRECISIONS, NULL);

  cm_time_to_civil (time, utc_offset, &c);
  s = g_string_new (NULL);

  if (c.year < 0)
    g_string_append_printf (s, "-%04" G_GINT64_FORMAT, -c.year);
  else if (c.year > 9999)
    g_string_append_printf (s, "+%" G_GINT64_FORMAT, c.year);
  else
    g_string_append_printf (s, "%04" G_GINT64_FORMAT, c.year);

  if (precision >= CM_PRECISION_MONTH)
    g_string_append_printf (s, "-%02d", c.month);
  if (precision >= CM_PRECISION_DAY)
    g_string_append_printf (s, "-%02d", c.day);
  if (precision >= CM_PRECISION_HOUR)
    g_string_append_printf (s, "T%02d", c.hour);
  if (precision >= CM_PRECISION_MINUTE)
    g_string_append_printf (s, ":%02d", c.minute);
  if (precision >= CM_PRECISION_SECOND)
    g_string_append_printf (s, ":%02d", c.second);

  if (precision >= CM_PRECISION_HOUR && utc_offset != CM_UTC_OFFSET_NONE)
    {
      if (utc_offset == 0)
        g_string_append_c (s, 'Z');
      else
        g_string_append_printf (s, "%c%02d:%02d",
                                utc_offset < 0 ? '-' : '+',
                                ABS (utc_offset) / 60, ABS (utc_offset) % 60);
    }

  return g_string_free (s, FALSE);
}

/* }}} */
/* {{{ Templates
 *
 * Human forms are built from translatable templates holding "%s" or "%1$s"
 * placeholders. We expand them ourselves (a broken translation cannot crash
 * printf) and match them backwards when parsing. */

#define MAX_SEGMENTS 16
#define MAX_ARGS     4

typedef struct
{
  const char *literal;  /* NULL for a placeholder */
  gsize       length;
  int         arg;
} Segment;

static gboolean
split_template (const char *tmpl,
                Segment    *segments,
                guint      *n_segments,
                guint      *n_args)
{
  guint n = 0, next_arg = 0, seen = 0;
  const char *p = tmpl;

  while (*p != '\0')
    {
      if (n == MAX_SEGMENTS)
        return FALSE;

      if (*p == '%')
        {
          int arg;

          if (p[1] == '%')
            {
              segments[n++] = (Segment) { p + 1, 1, -1 };
              p += 2;
              continue;
            }
          else if (p[1] == 's')
            {
              arg = next_arg++;
              p += 2;
            }
          else if (p[1] >= '1' && p[1] <= '9' && p[2] == '$' && p[3] == 's')
            {
              arg = p[1] - '1';
              p += 4;
            }
          else
            return FALSE;

          if (arg >= MAX_ARGS || (seen & (1u << arg)) != 0)
            return FALSE;
          seen |= 1u << arg;

          /* Two placeholders in a row could not be told apart */
          if (n > 0 && segments[n - 1].literal == NULL)
            return FALSE;

          segments[n++] = (Segment) { NULL, 0, arg };
        }
      else
        {
          const char *start = p;

          while (*p != '\0' && *p != '%')
            p++;
          segments[n++] = (Segment) { start, p - start, -1 };
        }
    }

  /* Arguments must be 0 … n-1, each once */
  *n_segments = n;
  *n_args = g_bit_nth_msf (seen, -1) + 1;

  return seen == (1u << *n_args) - 1;
}

/* A translated template, or the original when the translation is unusable */
static const char *
checked_template (const char *translated,
                  const char *original,
                  guint       n_args)
{
  Segment segments[MAX_SEGMENTS];
  guint n_segments, n;

  if (translated != original &&
      (!split_template (translated, segments, &n_segments, &n) || n != n_args))
    return original;

  return translated;
}

static char *
expand_template (const char        *tmpl,
                 const char *const *args)
{
  Segment segments[MAX_SEGMENTS];
  guint n_segments, n_args;
  GString *s;

  if (!split_template (tmpl, segments, &n_segments, &n_args))
    g_return_val_if_reached (g_strdup (""));

  s = g_string_new (NULL);
  for (guint i = 0; i < n_segments; i++)
    {
      if (segments[i].literal != NULL)
        g_string_append_len (s, segments[i].literal, segments[i].length);
      else
        g_string_append (s, args[segments[i].arg]);
    }

  return g_string_free (s, FALSE);
}

#define EXPAND(tmpl, ...) expand_template ((tmpl), (const char *const []) { __VA_ARGS__ })

/* }}} */
/* {{{ Human formatting */

static const char * const english_months[12] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

/* Translators: a century, "%s" is its number: "21st century". Translate
 * the four forms the same way if your language has a single ordinal form. */
static const char * const century_templates[2][4] = {
  { N_("%sst century"), N_("%snd century"), N_("%srd century"), N_("%sth century") },
  { N_("%sst century BC"), N_("%snd century BC"), N_("%srd century BC"), N_("%sth century BC") },
};

/* Translators: a millennium, "%s" is its number: "3rd millennium BC". */
static const char * const millennium_templates[2][4] = {
  { N_("%sst millennium"), N_("%snd millennium"), N_("%srd millennium"), N_("%sth millennium") },
  {
    N_("%sst millennium BC"), N_("%snd millennium BC"),
    N_("%srd millennium BC"), N_("%sth millennium BC")
  },
};

/* Translators: a decade, "%s" is its first year: "2010s" */
static const char *decade_template = N_("%ss");
/* Translators: a decade before year 1, "%s" is its first year counted
 * backwards: "40s BC" is the decade of years 41 BC to 32 BC */
static const char *decade_bc_template = N_("%ss BC");
/* Translators: a year before year 1: "44 BC" */
static const char *year_bc_template = N_("%s BC");

/* The English originals of the templates below */
#define MONTH_YEAR_TEMPLATE "%1$s %2$s"
#define DAY_TEMPLATE        "%1$s %2$s %3$s"
#define HOUR_TEMPLATE       "%sh"
#define DATE_TIME_TEMPLATE  "%1$s, %2$s"
#define OFFSET_TEMPLATE     "%1$s (UTC%2$s)"
#define UTC_TEMPLATE        "%s UTC"

/* These wrappers keep the literal strings visible to xgettext. */
static const char *
month_year_template (void)
{
  /* Translators: a month of a year, "May 2011": %1$s is the month name, %2$s the year */
  return checked_template (C_("month and year", "%1$s %2$s"), MONTH_YEAR_TEMPLATE, 2);
}

static const char *
day_template (void)
{
  /* Translators: a date, "26 May 2011": %1$s is the day, %2$s the month name,
   * %3$s the year */
  return checked_template (C_("day, month and year", "%1$s %2$s %3$s"), DAY_TEMPLATE, 3);
}

static const char *
hour_template (void)
{
  /* Translators: a time of day given to the hour, "13h": %s is the hour, 00 to 23 */
  return checked_template (C_("hour of the day", "%sh"), HOUR_TEMPLATE, 1);
}

static const char *
date_time_template (void)
{
  /* Translators: "26 May 2011, 13:00": %1$s is the date, %2$s the time of day */
  return checked_template (C_("date and time", "%1$s, %2$s"), DATE_TIME_TEMPLATE, 2);
}

static const char *
offset_template (void)
{
  /* Translators: a time with its offset from UTC, "26 May 2011, 13:00 (UTC+2)":
   * %1$s is the date and time, %2$s the offset ("+2", "+5:30", "−3") */
  return checked_template (C_("time zone", "%1$s (UTC%2$s)"), OFFSET_TEMPLATE, 2);
}

static const char *
utc_template (void)
{
  /* Translators: a time in UTC when the local offset is unknown,
   * "26 May 2011, 13:00 UTC" */
  return checked_template (C_("time zone", "%s UTC"), UTC_TEMPLATE, 1);
}

#define DEEP_BILLION_AGO   "%s billion years ago"
#define DEEP_BILLION_AHEAD "in %s billion years"
#define DEEP_MILLION_AGO   "%s million years ago"
#define DEEP_MILLION_AHEAD "in %s million years"

static const char *
deep_template (gboolean billion,
               gboolean ago,
               gulong   n)
{
  if (billion && ago)
    {
      /* Translators: "13.8 billion years ago", counted back from year 0
       * (1 BC); %s is a number, possibly with decimals */
      return checked_template (g_dngettext (GETTEXT_PACKAGE, "%s billion years ago",
                                            "%s billion years ago", n),
                               DEEP_BILLION_AGO, 1);
    }
  else if (billion)
    {
      /* Translators: "in 2 billion years", counted from year 0 */
      return checked_template (g_dngettext (GETTEXT_PACKAGE, "in %s billion years",
                                            "in %s billion years", n),
                               DEEP_BILLION_AHEAD, 1);
    }
  else if (ago)
    {
      /* Translators: "66 million years ago", counted back from year 0 (1 BC) */
      return checked_template (g_dngettext (GETTEXT_PACKAGE, "%s million years ago",
                                            "%s million years ago", n),
                               DEEP_MILLION_AGO, 1);
    }
  else
    {
      /* Translators: "in 5 million years", counted from year 0 */
      return checked_template (g_dngettext (GETTEXT_PACKAGE, "in %s million years",
                                            "in %s million years", n),
                               DEEP_MILLION_AHEAD, 1);
    }
}

static const char *
decimal_point (void)
{
  const char *point = localeconv ()->decimal_point;

  return point != NULL && *point != '\0' ? point : ".";
}

/* The month name in the current locale, in the form used with a day
 * ("%B", genitive in some languages) or alone ("%OB", nominative). */
static char *
month_name (int      month,
            gboolean standalone)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, month, 1, 0, 0, 0);
  char *name = g_date_time_format (dt, standalone ? "%OB" : "%B");

  if (name == NULL || *name == '\0')
    {
      g_free (name);
      return g_strdup (english_months[month - 1]);
    }

  return name;
}

static char *
format_year (gint64 year)
{
  g_autofree char *number = NULL;

  if (year >= 1)
    return g_strdup_printf ("%" G_GINT64_FORMAT, year);

  /* astronomical year 0 is 1 BC */
  number = g_strdup_printf ("%" G_GINT64_FORMAT, 1 - year);

  return EXPAND (checked_template (_(year_bc_template), year_bc_template, 1), number);
}

static int
english_ordinal_form (gint64 n)
{
  if (n % 100 >= 11 && n % 100 <= 13)
    return 3;

  switch (n % 10)
    {
    case 1:
      return 0;
    case 2:
      return 1;
    case 3:
      return 2;
    default:
      return 3;
    }
}

/* The unit starting at year @start: units from year 0 up are numbered 1st,
 * 2nd …; units before year 0 are numbered 1st BC, 2nd BC … backwards. */
static char *
format_ordinal (gint64             start,
                gint64             unit,
                const char * const templates[2][4])
{
  gint64 k = floor_div (start, unit);
  gboolean bc = k < 0;
  gint64 n = bc ? -k : k + 1;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  const char *tmpl = templates[bc][english_ordinal_form (n)];

  return EXPAND (checked_template (_(tmpl), tmpl, 1), number);
}

static char *
format_decade (gint64 year)
{
  gint64 start = floor_div (year, 10) * 10;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (start));

  if (start < 0)
    return EXPAND (checked_template (_(decade_bc_template), decade_bc_template, 1), number);

  return EXPAND (checked_template (_(decade_template), decade_template, 1), number);
}

static gint64
power_of_ten (int n)
{
  gint64 p = 1;

  while (n-- > 0)
    p *= 10;

  return p;
}

/* "13.8 billion years ago": the whole number of units is always written;
 * decimals only up to 3 significant digits, trailing zeros trimmed. */
static char *
format_deep (gint64 year,
             gint64 unit)
{
  gboolean ago = year <= 0;
  guint64 amount = ago ? -(guint64) year : (guint64) year;
  gint64 whole = (gint64) (amount / (guint64) unit);
  gint64 rest = (gint64) (amount % (guint64) unit);
  int max_decimals = unit == BILLION ? 9 : 6;
  int decimals;
  gint64 scale, scaled, fraction;
  g_autofree char *number = NULL;

  if (whole >= 100 || rest == 0)
    decimals = 0;
  else if (whole >= 10)
    decimals = 1;
  else if (whole >= 1)
    decimals = 2;
  else
    {
      /* first significant decimal, then two more */
      decimals = 1;
      while (rest * power_of_ten (decimals) < unit)
        decimals++;
      decimals += 2;
    }
  decimals = MIN (decimals, max_decimals);

  scale = power_of_ten (decimals);
  scaled = whole * scale + (rest * scale + unit / 2) / unit;
  whole = scaled / scale;
  fraction = scaled % scale;

  while (decimals > 0 && fraction % 10 == 0)
    {
      fraction /= 10;
      decimals--;
    }

  if (decimals > 0)
    number = g_strdup_printf ("%" G_GINT64_FORMAT "%s%0*" G_GINT64_FORMAT,
                              whole, decimal_point (), decimals, fraction);
  else
    number = g_strdup_printf ("%" G_GINT64_FORMAT, whole);

  return EXPAND (deep_template (unit == BILLION, ago, (gulong) MIN (whole, G_MAXLONG)), number);
}

static char *
format_month (const CmCivil *c)
{
  g_autofree char *month = month_name (c->month, TRUE);
  g_autofree char *year = format_year (c->year);

  return EXPAND (month_year_template (), month, year);
}

static char *
format_day (const CmCivil *c)
{
  g_autofree char *day = g_strdup_printf ("%d", c->day);
  g_autofree char *month = month_name (c->month, FALSE);
  g_autofree char *year = format_year (c->year);

  return EXPAND (day_template (), day, month, year);
}

static char *
format_offset (int utc_offset)
{
  /* U+2212 MINUS SIGN, as typography wants */
  const char *sign = utc_offset < 0 ? "−" : "+";
  int minutes = ABS (utc_offset);

  if (minutes % 60 != 0)
    return g_strdup_printf ("%s%d:%02d", sign, minutes / 60, minutes % 60);

  return g_strdup_printf ("%s%d", sign, minutes / 60);
}

static char *
format_date_time (const CmCivil *c,
                  CmPrecision    precision,
                  int            utc_offset)
{
  g_autofree char *date = format_day (c);
  g_autofree char *time = NULL;
  g_autofree char *date_time = NULL;
  g_autofree char *offset = NULL;

  if (precision == CM_PRECISION_HOUR)
    {
      g_autofree char *hour = g_strdup_printf ("%02d", c->hour);

      time = EXPAND (hour_template (), hour);
    }
  else if (precision == CM_PRECISION_MINUTE)
    time = g_strdup_printf ("%02d:%02d", c->hour, c->minute);
  else
    time = g_strdup_printf ("%02d:%02d:%02d", c->hour, c->minute, c->second);

  date_time = EXPAND (date_time_template (), date, time);

  if (utc_offset == CM_UTC_OFFSET_NONE)
    return EXPAND (utc_template (), date_time);

  offset = format_offset (utc_offset);

  return EXPAND (offset_template (), date_time, offset);
}

char *
cm_time_format (CmTime      time,
                CmPrecision precision,
                int         utc_offset)
{
  CmCivil c;

  g_return_val_if_fail (time != CM_TIME_INVALID, NULL);
  g_return_val_if_fail ((guint) precision < CM_N_PRECISIONS, NULL);

  cm_time_to_civil (time, utc_offset, &c);

  switch (precision)
    {
    case CM_PRECISION_BILLION_YEARS:
      return format_deep (c.year, BILLION);
    case CM_PRECISION_MILLION_YEARS:
      return format_deep (c.year, MILLION);
    case CM_PRECISION_MILLENNIUM:
      return format_ordinal (c.year, 1000, millennium_templates);
    case CM_PRECISION_CENTURY:
      return format_ordinal (c.year, 100, century_templates);
    case CM_PRECISION_DECADE:
      return format_decade (c.year);
    case CM_PRECISION_YEAR:
      return format_year (c.year);
    case CM_PRECISION_MONTH:
      return format_month (&c);
    case CM_PRECISION_DAY:
      return format_day (&c);
    case CM_PRECISION_HOUR:
    case CM_PRECISION_MINUTE:
    case CM_PRECISION_SECOND:
      return format_date_time (&c, precision, utc_offset);
    case CM_N_PRECISIONS:
    default:
      g_assert_not_reached ();
    }
}

/* }}} */
/* {{{ Human parsing */

#define N_MONTH_FORMS 6

typedef struct
{
  char        *months[12][N_MONTH_FORMS];  /* folded, filled on first use */
  gboolean     have_months;
  GError      *error;                      /* first range error met */

  /* the result */
  gint64       year;
  int          month, day, hour, minute, second;
  int          offset;
  CmPrecision  precision;
} Parser;

typedef gboolean (*MatchFunc) (Parser            *parser,
                               const char *const *args,
                               const gsize       *lengths,
                               gpointer           data);

/* Case-folded, compatibility-normalised (no-break spaces become spaces) */
static char *
fold (const char *text,
      gssize      length)
{
  g_autofree char *folded = NULL;
  gsize n = length < 0 ? strlen (text) : (gsize) length;
  gsize i;

  /* Fast path: templates and most input are ASCII */
  for (i = 0; i < n && (guchar) text[i] < 0x80; i++)
    ;
  if (i == n)
    return g_ascii_strdown (text, n);

  folded = g_utf8_casefold (text, length);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL_COMPOSE);
}

static void
parser_clear (Parser *parser)
{
  for (guint m = 0; m < 12; m++)
    for (guint f = 0; f < N_MONTH_FORMS; f++)
      g_clear_pointer (&parser->months[m][f], g_free);
  g_clear_error (&parser->error);
}

static void
parser_set_error (Parser     *parser,
                  int         code,
                  const char *message)
{
  if (parser->error == NULL)
    parser->error = g_error_new_literal (CM_TIME_ERROR, code, message);
}

static void
parser_set_result (Parser      *parser,
                   gint64       year,
                   int          month,
                   int          day,
                   CmPrecision  precision)
{
  parser->year = year;
  parser->month = month;
  parser->day = day;
  parser->hour = parser->minute = parser->second = 0;
  parser->offset = CM_UTC_OFFSET_NONE;
  parser->precision = precision;
}

static gboolean
match_segments (Parser        *parser,
                const Segment *segments,
                guint          n_segments,
                guint          i,
                const char    *text,
                gsize          length,
                gsize          pos,
                const char   **args,
                gsize         *lengths,
                MatchFunc      func,
                gpointer       data)
{
  const Segment *next;

  if (i == n_segments)
    return pos == length && func (parser, args, lengths, data);

  if (segments[i].literal != NULL)
    {
      if (length - pos < segments[i].length ||
          memcmp (text + pos, segments[i].literal, segments[i].length) != 0)
        return FALSE;

      return match_segments (parser, segments, n_segments, i + 1, text, length,
                             pos + segments[i].length, args, lengths, func, data);
    }

  /* A placeholder takes one or more bytes: the rest, or up to some
   * occurrence of the literal after it (tried in order, backtracking). */
  if (i + 1 == n_segments)
    {
      if (pos == length)
        return FALSE;

      args[segments[i].arg] = text + pos;
      lengths[segments[i].arg] = length - pos;

      return func (parser, args, lengths, data);
    }

  next = &segments[i + 1];
  g_assert (next->literal != NULL);

  for (gsize q = pos + 1; q + next->length <= length; q++)
    {
      if (memcmp (text + q, next->literal, next->length) != 0)
        continue;

      args[segments[i].arg] = text + pos;
      lengths[segments[i].arg] = q - pos;

      if (match_segments (parser, segments, n_segments, i + 1, text, length, q,
                          args, lengths, func, data))
        return TRUE;
    }

  return FALSE;
}

/* @text is folded; @tmpl is folded here */
static gboolean
match_template (Parser     *parser,
                const char *tmpl,
                const char *text,
                gsize       length,
                MatchFunc   func,
                gpointer    data)
{
  g_autofree char *folded = fold (tmpl, -1);
  Segment segments[MAX_SEGMENTS];
  const char *args[MAX_ARGS] = { NULL, };
  gsize lengths[MAX_ARGS] = { 0, };
  guint n_segments, n_args;

  if (!split_template (folded, segments, &n_segments, &n_args))
    return FALSE;

  return match_segments (parser, segments, n_segments, 0, text, length, 0,
                         args, lengths, func, data);
}

/* Tries the translation, then the English original */
static gboolean
match_translated (Parser     *parser,
                  const char *translated,
                  const char *original,
                  const char *text,
                  gsize       length,
                  MatchFunc   func,
                  gpointer    data)
{
  if (match_template (parser, translated, text, length, func, data))
    return TRUE;

  return strcmp (translated, original) != 0 &&
         match_template (parser, original, text, length, func, data);
}

typedef enum
{
  NUMBER_OK,
  NUMBER_INVALID,
  NUMBER_TOO_BIG,
} NumberResult;

/* ASCII digits only, 1 to @max_digits of them (0 for any), at most @max */
static NumberResult
read_number (const char *text,
             gsize       length,
             gsize       max_digits,
             gint64      max,
             gint64     *value)
{
  gint64 v = 0;

  if (length == 0 || (max_digits > 0 && length > max_digits))
    return NUMBER_INVALID;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return NUMBER_INVALID;

  for (gsize i = 0; i < length; i++)
    {
      int digit = text[i] - '0';

      if (v > (max - digit) / 10)
        return NUMBER_TOO_BIG;
      v = v * 10 + digit;
    }

  *value = v;

  return NUMBER_OK;
}

static void
set_year_range_error (Parser *parser)
{
  g_autofree char *message =
    g_strdup_printf (_("The year is out of range (at most %s years before or after year 0)"),
                     max_year_text ());

  parser_set_error (parser, CM_TIME_ERROR_RANGE, message);
}

static gboolean
year_bc_cb (Parser            *parser,
            const char *const *args,
            const gsize       *lengths,
            gpointer           data)
{
  gint64 *year = data;
  gint64 n;

  switch (read_number (args[0], lengths[0], 0, CM_TIME_MAX_YEAR + 1, &n))
    {
    case NUMBER_OK:
      if (n == 0)
        return FALSE;
      *year = 1 - n;
      return TRUE;
    case NUMBER_TOO_BIG:
      set_year_range_error (parser);
      return FALSE;
    case NUMBER_INVALID:
    default:
      return FALSE;
    }
}

static gboolean
year_ad_cb (Parser            *parser,
            const char *const *args,
            const gsize       *lengths,
            gpointer           data)
{
  gint64 *year = data;
  gint64 n;

  switch (read_number (args[0], lengths[0], 0, CM_TIME_MAX_YEAR, &n))
    {
    case NUMBER_OK:
      if (n == 0)
        return FALSE;
      *year = n;
      return TRUE;
    case NUMBER_TOO_BIG:
      set_year_range_error (parser);
      return FALSE;
    case NUMBER_INVALID:
    default:
      return FALSE;
    }
}

/* A year as format_year() writes it, plus "-44" (astronomical), "44 BCE",
 * "AD 1200", "1200 AD", "1200 CE" */
static gboolean
parse_year (Parser     *parser,
            const char *text,
            gsize       length,
            gint64     *year)
{
  static const char * const english_bc[] = { "%s bc", "%s bce", "%s b.c.", "%s b.c.e." };
  static const char * const english_ad[] = { "%s ad", "ad %s", "%s ce", "%s a.d.", "a.d. %s" };
  gboolean negative = FALSE;
  const char *digits = text;
  gsize n_digits = length;
  gint64 n;

  if (length > 0 && text[0] == '-')
    negative = TRUE, digits++, n_digits--;
  else if (length > 3 && memcmp (text, "−", 3) == 0)
    negative = TRUE, digits += 3, n_digits -= 3;

  switch (read_number (digits, n_digits, 0, CM_TIME_MAX_YEAR, &n))
    {
    case NUMBER_OK:
      *year = negative ? -n : n;
      return TRUE;
    case NUMBER_TOO_BIG:
      set_year_range_error (parser);
      return FALSE;
    case NUMBER_INVALID:
    default:
      break;
    }

  if (match_translated (parser, _(year_bc_template), year_bc_template, text, length,
                        year_bc_cb, year))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (english_bc); i++)
    if (match_template (parser, english_bc[i], text, length, year_bc_cb, year))
      return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (english_ad); i++)
    if (match_template (parser, english_ad[i], text, length, year_ad_cb, year))
      return TRUE;

  return FALSE;
}

static void
ensure_months (Parser *parser)
{
  static const char * const english_abbreviations[12] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  };

  if (parser->have_months)
    return;

  for (int m = 1; m <= 12; m++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, m, 1, 0, 0, 0);
      const char *formats[4] = { "%B", "%OB", "%b", "%Ob" };

      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autofree char *name = g_date_time_format (dt, formats[f]);

          if (name != NULL && *name != '\0')
            parser->months[m - 1][f] = fold (name, -1);
        }
      parser->months[m - 1][4] = fold (english_months[m - 1], -1);
      parser->months[m - 1][5] = g_strdup (english_abbreviations[m - 1]);
    }

  parser->have_months = TRUE;
}

/* @text is folded; "Sept" and a trailing abbreviation dot are allowed */
static int
parse_month_name (Parser     *parser,
                  const char *text,
                  gsize       length)
{
  ensure_months (parser);

  for (int pass = 0; pass < 2; pass++)
    {
      for (int m = 0; m < 12; m++)
        for (guint f = 0; f < N_MONTH_FORMS; f++)
          {
            const char *name = parser->months[m][f];

            if (name != NULL && strlen (name) == length && memcmp (name, text, length) == 0)
              return m + 1;
          }

      if (length == 4 && memcmp (text, "sept", 4) == 0)
        return 9;

      /* second pass without the abbreviation dot */
      if (length < 2 || text[length - 1] != '.')
        break;
      length--;
    }

  return 0;
}

static gboolean
month_year_cb (Parser            *parser,
               const char *const *args,
               const gsize       *lengths,
               gpointer           data G_GNUC_UNUSED)
{
  int month = parse_month_name (parser, args[0], lengths[0]);
  gint64 year;

  if (month == 0 || !parse_year (parser, args[1], lengths[1], &year))
    return FALSE;

  parser_set_result (parser, year, month, 1, CM_PRECISION_MONTH);

  return TRUE;
}

static gboolean
day_cb (Parser            *parser,
        const char *const *args,
        const gsize       *lengths,
        gpointer           data G_GNUC_UNUSED)
{
  int month = parse_month_name (parser, args[1], lengths[1]);
  gint64 year, day;

  if (month == 0 ||
      read_number (args[0], lengths[0], 2, 99, &day) != NUMBER_OK ||
      !parse_year (parser, args[2], lengths[2], &year))
    return FALSE;

  if (day < 1 || day > cm_days_in_month (year, month))
    {
      g_autofree char *message =
        g_strdup_printf (_("Day %d is out of range for month %d (1 to %d)"),
                         (int) day, month, cm_days_in_month (year, month));

      parser_set_error (parser, CM_TIME_ERROR_RANGE, message);
      return FALSE;
    }

  parser_set_result (parser, year, month, (int) day, CM_PRECISION_DAY);

  return TRUE;
}

static gboolean
parse_day (Parser     *parser,
           const char *text,
           gsize       length)
{
  return match_translated (parser, day_template (), DAY_TEMPLATE, text, length, day_cb, NULL);
}

static gboolean
parse_month (Parser     *parser,
             const char *text,
             gsize       length)
{
  return match_translated (parser, month_year_template (), MONTH_YEAR_TEMPLATE, text, length,
                           month_year_cb, NULL);
}

typedef struct
{
  int         hour, minute, second;
  CmPrecision precision;
} TimeOfDay;

static gboolean
hour_cb (Parser            *parser,
         const char *const *args,
         const gsize       *lengths,
         gpointer           data)
{
  TimeOfDay *tod = data;
  gint64 hour;

  if (read_number (args[0], lengths[0], 2, 99, &hour) != NUMBER_OK)
    return FALSE;

  if (hour > 23)
    {
      parser_set_error (parser, CM_TIME_ERROR_RANGE, _("The hour is out of range (0 to 23)"));
      return FALSE;
    }

  *tod = (TimeOfDay) { (int) hour, 0, 0, CM_PRECISION_HOUR };

  return TRUE;
}

/* "13h", "13:00", "13:00:05" */
static gboolean
parse_time_of_day (Parser     *parser,
                   const char *text,
                   gsize       length,
                   TimeOfDay  *tod)
{
  const char *colon = memchr (text, ':', length);
  gint64 hour, minute, second = 0;
  CmPrecision precision = CM_PRECISION_MINUTE;
  const char *p;

  if (colon == NULL)
    return match_translated (parser, hour_template (), HOUR_TEMPLATE, text, length,
                             hour_cb, tod);

  if (read_number (text, colon - text, 2, 99, &hour) != NUMBER_OK)
    return FALSE;

  p = colon + 1;
  if (text + length - p < 2 || read_number (p, 2, 2, 99, &minute) != NUMBER_OK)
    return FALSE;
  p += 2;

  if (p < text + length)
    {
      if (*p != ':' || text + length - p != 3 ||
          read_number (p + 1, 2, 2, 99, &second) != NUMBER_OK)
        return FALSE;
      precision = CM_PRECISION_SECOND;
    }

  if (hour > 23 || minute > 59 || second > 59)
    {
      parser_set_error (parser, CM_TIME_ERROR_RANGE, _("The time of day is out of range"));
      return FALSE;
    }

  *tod = (TimeOfDay) { (int) hour, (int) minute, (int) second, precision };

  return TRUE;
}

static gboolean
date_time_cb (Parser            *parser,
              const char *const *args,
              const gsize       *lengths,
              gpointer           data G_GNUC_UNUSED)
{
  TimeOfDay tod;

  if (!parse_time_of_day (parser, args[1], lengths[1], &tod) ||
      !parse_day (parser, args[0], lengths[0]))
    return FALSE;

  parser->hour = tod.hour;
  parser->minute = tod.minute;
  parser->second = tod.second;
  parser->precision = tod.precision;

  return TRUE;
}

static gboolean
parse_date_time (Parser     *parser,
                 const char *text,
                 gsize       length)
{
  return match_translated (parser, date_time_template (), DATE_TIME_TEMPLATE, text, length,
                           date_time_cb, NULL);
}

/* "+2", "+5:30", "−3" (or ASCII '-'), "+0" */
static gboolean
parse_offset (Parser     *parser,
              const char *text,
              gsize       length,
              int        *offset)
{
  const char *end = text + length;
  const char *p = text;
  const char *colon;
  int sign;
  gint64 hours, minutes = 0;

  if (p < end && (*p == '+' || *p == '-'))
    sign = *p == '-' ? -1 : 1, p++;
  else if (end - p >= 3 && memcmp (p, "−", 3) == 0)
    sign = -1, p += 3;
  else
    return FALSE;

  colon = memchr (p, ':', end - p);
  if (colon != NULL)
    {
      if (read_number (colon + 1, end - colon - 1, 2, 99, &minutes) != NUMBER_OK ||
          end - colon - 1 != 2)
        return FALSE;
      end = colon;
    }

  if (read_number (p, end - p, 2, 99, &hours) != NUMBER_OK)
    return FALSE;

  if (minutes > 59 || hours * 60 + minutes > CM_UTC_OFFSET_MAX)
    {
      parser_set_error (parser, CM_TIME_ERROR_RANGE,
                        _("The time zone offset is out of range (at most 18 hours)"));
      return FALSE;
    }

  *offset = sign * (int) (hours * 60 + minutes);

  return TRUE;
}

static gboolean
offset_cb (Parser            *parser,
           const char *const *args,
           const gsize       *lengths,
           gpointer           data G_GNUC_UNUSED)
{
  int offset;

  if (!parse_offset (parser, args[1], lengths[1], &offset) ||
      !parse_date_time (parser, args[0], lengths[0]))
    return FALSE;

  parser->offset = offset;

  return TRUE;
}

static gboolean
utc_cb (Parser            *parser,
        const char *const *args,
        const gsize       *lengths,
        gpointer           data G_GNUC_UNUSED)
{
  return parse_date_time (parser, args[0], lengths[0]);
}

typedef struct
{
  gint64      unit;        /* years */
  gboolean    ago;
  CmPrecision precision;
} DeepForm;

/* "13.8", "4,54", "66": a number of @unit years, exact to the year */
static gboolean
deep_cb (Parser            *parser,
         const char *const *args,
         const gsize       *lengths,
         gpointer           data)
{
  const DeepForm *form = data;
  const char *text = args[0];
  const char *end = text + lengths[0];
  const char *p = text;
  const char *point = decimal_point ();
  gint64 whole = 0, years, fraction = 0, scale;

  while (p < end && g_ascii_isdigit (*p))
    p++;

  switch (read_number (text, p - text, 0, CM_TIME_MAX_YEAR / form->unit + 1, &whole))
    {
    case NUMBER_OK:
      break;
    case NUMBER_TOO_BIG:
      set_year_range_error (parser);
      return FALSE;
    case NUMBER_INVALID:
    default:
      return FALSE;
    }

  if (p < end)
    {
      if (*p == '.' || *p == ',')
        p++;
      else if (strlen (point) <= (gsize) (end - p) && memcmp (p, point, strlen (point)) == 0)
        p += strlen (point);
      else
        return FALSE;

      if (p == end)
        return FALSE;

      /* digits beyond a year are dropped */
      scale = form->unit / 10;
      for (; p < end; p++)
        {
          if (!g_ascii_isdigit (*p))
            return FALSE;
          fraction += (*p - '0') * scale;
          scale /= 10;
        }
    }

  years = whole * form->unit + fraction;
  if (years > CM_TIME_MAX_YEAR)
    {
      set_year_range_error (parser);
      return FALSE;
    }

  parser_set_result (parser, form->ago ? -years : years, 1, 1, form->precision);

  return TRUE;
}

static gboolean
parse_deep (Parser     *parser,
            const char *text,
            gsize       length)
{
  /* Plural forms of every usual plural rule */
  static const gulong counts[] = { 1, 2, 3, 5, 0, 11, 21, 22, 101, 111 };
  static const DeepForm forms[] = {
    { BILLION, TRUE, CM_PRECISION_BILLION_YEARS },
    { BILLION, FALSE, CM_PRECISION_BILLION_YEARS },
    { MILLION, TRUE, CM_PRECISION_MILLION_YEARS },
    { MILLION, FALSE, CM_PRECISION_MILLION_YEARS },
  };
  static const char * const originals[] = {
    DEEP_BILLION_AGO, DEEP_BILLION_AHEAD, DEEP_MILLION_AGO, DEEP_MILLION_AHEAD,
  };
  gsize d;

  /* All forms have a digit */
  for (d = 0; d < length && !g_ascii_isdigit (text[d]); d++)
    ;
  if (d == length)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      gboolean billion = forms[i].unit == BILLION;
      const char *tried[G_N_ELEMENTS (counts) + 1];
      guint n_tried = 0;

      for (guint c = 0; c <= G_N_ELEMENTS (counts); c++)
        {
          const char *tmpl = c < G_N_ELEMENTS (counts)
            ? deep_template (billion, forms[i].ago, counts[c])
            : originals[i];
          gboolean seen = FALSE;

          for (guint k = 0; k < n_tried && !seen; k++)
            seen = strcmp (tried[k], tmpl) == 0;
          if (seen)
            continue;
          tried[n_tried++] = tmpl;

          if (match_template (parser, tmpl, text, length, deep_cb, (gpointer) &forms[i]))
            return TRUE;
        }
    }

  return FALSE;
}

typedef struct
{
  gint64      unit;
  gboolean    bc;
  CmPrecision precision;
} OrdinalForm;

static gboolean
ordinal_cb (Parser            *parser,
            const char *const *args,
            const gsize       *lengths,
            gpointer           data)
{
  const OrdinalForm *form = data;
  gint64 n;

  switch (read_number (args[0], lengths[0], 0, CM_TIME_MAX_YEAR / form->unit + 1, &n))
    {
    case NUMBER_OK:
      break;
    case NUMBER_TOO_BIG:
      set_year_range_error (parser);
      return FALSE;
    case NUMBER_INVALID:
    default:
      return FALSE;
    }

  if (n == 0)
    return FALSE;

  if ((form->bc ? n : n - 1) * form->unit > CM_TIME_MAX_YEAR)
    {
      set_year_range_error (parser);
      return FALSE;
    }

  parser_set_result (parser, form->bc ? -n * form->unit : (n - 1) * form->unit, 1, 1,
                     form->precision);

  return TRUE;
}

static gboolean
parse_ordinal (Parser     *parser,
               const char *text,
               gsize       length)
{
  for (guint bc = 0; bc < 2; bc++)
    for (guint f = 0; f < 4; f++)
      {
        OrdinalForm millennium = { 1000, bc, CM_PRECISION_MILLENNIUM };
        OrdinalForm century = { 100, bc, CM_PRECISION_CENTURY };
        const char *m = millennium_templates[bc][f];
        const char *c = century_templates[bc][f];

        if (match_translated (parser, checked_template (_(m), m, 1), m, text, length,
                              ordinal_cb, &millennium) ||
            match_translated (parser, checked_template (_(c), c, 1), c, text, length,
                              ordinal_cb, &century))
          return TRUE;
      }

  return FALSE;
}

static gboolean
decade_cb (Parser            *parser,
           const char *const *args,
           const gsize       *lengths,
           gpointer           data)
{
  gboolean bc = GPOINTER_TO_INT (data);
  gint64 n;

  switch (read_number (args[0], lengths[0], 0, CM_TIME_MAX_YEAR, &n))
    {
    case NUMBER_OK:
      break;
    case NUMBER_TOO_BIG:
      set_year_range_error (parser);
      return FALSE;
    case NUMBER_INVALID:
    default:
      return FALSE;
    }

  if (n % 10 != 0)
    return FALSE;

  parser_set_result (parser, bc ? -n : n, 1, 1, CM_PRECISION_DECADE);

  return TRUE;
}

static gboolean
parse_decade (Parser     *parser,
              const char *text,
              gsize       length)
{
  return match_translated (parser, checked_template (_(decade_bc_template), decade_bc_template, 1),
                           decade_bc_template, text, length, decade_cb, GINT_TO_POINTER (TRUE)) ||
         match_translated (parser, checked_template (_(decade_template), decade_template, 1),
                           decade_template, text, length, decade_cb, GINT_TO_POINTER (FALSE));
}

static gboolean
parse_human (Parser     *parser,
             const char *text,
             gsize       length)
{
  gint64 year;

  if (parse_deep (parser, text, length) ||
      parse_ordinal (parser, text, length) ||
      parse_decade (parser, text, length))
    return TRUE;

  if (parse_year (parser, text, length, &year))
    {
      parser_set_result (parser, year, 1, 1, CM_PRECISION_YEAR);
      return TRUE;
    }

  if (parse_month (parser, text, length) || parse_day (parser, text, length))
    return TRUE;

  /* date and time, with " (UTC+2)", " UTC" or nothing after it */
  parser->offset = CM_UTC_OFFSET_NONE;
  if (match_translated (parser, offset_template (), OFFSET_TEMPLATE, text, length,
                        offset_cb, NULL) ||
      match_translated (parser, utc_template (), UTC_TEMPLATE, text, length, utc_cb, NULL))
    return TRUE;

  parser->offset = CM_UTC_OFFSET_NONE;
  return parse_date_time (parser, text, length);
}

/* Only characters of ISO 8601 dates: its error then says more */
static gboolean
looks_like_iso (const char *text)
{
  return text[strspn (text, "0123456789+-:.,TtZz ")] == '\0';
}

gboolean
cm_time_parse (const char   *text,
               CmTime       *time,
               CmPrecision  *precision,
               int          *utc_offset,
               GError      **error)
{
  g_autoptr(GError) iso_error = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;
  Parser parser;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (&parser, 0, sizeof parser);
  stripped = g_strstrip (g_strdup (text));

  if (cm_time_parse_iso (stripped, time, precision, utc_offset, &iso_error))
    return TRUE;

  if (looks_like_iso (stripped))
    {
      g_propagate_error (error, g_steal_pointer (&iso_error));
      return FALSE;
    }

  if (!g_utf8_validate (stripped, -1, NULL))
    {
      g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                           _("The date is not valid UTF-8 text"));
      return FALSE;
    }

  folded = fold (stripped, -1);
  ok = parse_human (&parser, folded, strlen (folded));

  if (ok)
    {
      CmTime t = cm_time_from_civil (parser.year, parser.month, parser.day,
                                     parser.hour, parser.minute, parser.second);

      if (time != NULL)
        *time = t - offset_seconds (parser.offset);
      if (precision != NULL)
        *precision = parser.precision;
      if (utc_offset != NULL)
        *utc_offset = parser.offset;
    }
  else if (parser.error != NULL)
    g_propagate_error (error, g_steal_pointer (&parser.error));
  else if (iso_error->code == CM_TIME_ERROR_RANGE)
    g_propagate_error (error, g_steal_pointer (&iso_error));
  else
    g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX,
                 _("“%s” is not a date that can be read"), stripped);

  parser_clear (&parser);

  return ok;
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
