/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-csv"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-csv-private.h"
#include "cm-utc-offset.h"

/* CSV cell values: numbers, coordinates, times of day and dates in the
 * many ways tables write them, and the day/month order they fit. */

/* A whole number within [min, max], with an optional sign. */
gboolean
_cm_csv_parse_integer (const char *text,
                       gint64      min,
                       gint64      max,
                       gint64     *value)
{
  const char *p = text;
  gboolean negative = FALSE;
  gint64 result = 0;
  int digits = 0;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; g_ascii_isdigit (*p); p++)
    {
      if (++digits > 18)
        return FALSE;
      result = result * 10 + (*p - '0');
    }
  if (digits == 0 || *p != '\0')
    return FALSE;

  result = negative ? -result : result;
  if (result < min || result > max)
    return FALSE;

  *value = result;
  return TRUE;
}

/* "13", "13:00", "13:00:05", "13:00:05.250", "1 PM", "1:30 p.m.":
 * the fields not written stay -1. */
gboolean
_cm_csv_parse_time (const char *text,
                    int        *hour,
                    int        *minute,
                    int        *second)
{
  int values[3] = { -1, -1, -1 };
  const char *p = text;
  guint n = 0;

  while (n < 3)
    {
      int value = 0, digits = 0;

      for (; g_ascii_isdigit (*p) && digits < 3; p++, digits++)
        value = value * 10 + (*p - '0');
      if (digits == 0 || digits > 2)
        return FALSE;
      values[n++] = value;
      if (*p != ':')
        break;
      p++;
    }
  if (*p == '.' && n == 3)
    for (p++; g_ascii_isdigit (*p); p++)
      ;
  while (*p == ' ')
    p++;

  if (*p != '\0')
    {
      gboolean pm;

      if (g_ascii_strcasecmp (p, "am") == 0 || g_ascii_strcasecmp (p, "a.m.") == 0)
        pm = FALSE;
      else if (g_ascii_strcasecmp (p, "pm") == 0 || g_ascii_strcasecmp (p, "p.m.") == 0)
        pm = TRUE;
      else
        return FALSE;
      if (values[0] < 1 || values[0] > 12)
        return FALSE;
      values[0] = values[0] % 12 + (pm ? 12 : 0);
    }

  if (values[0] > 23 || values[1] > 59 || values[2] > 59)
    return FALSE;

  *hour = values[0];
  *minute = values[1];
  *second = values[2];
  return TRUE;
}

/* Decimals without exponent and with at most 15 significant digits, as
 * coordinates are written, converted exactly and fast: the digits form an
 * integer below 2^53 and 10^k (k <= 22) is exact, so one division rounds
 * correctly, as g_ascii_strtod() does. FALSE for anything else. */
static gboolean
parse_decimal (const char *text,
               double     *value)
{
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };
  const char *p = text;
  gboolean negative = FALSE, dot = FALSE;
  guint64 mantissa = 0;
  int digits = 0, decimals = 0;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (;; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (++digits > 15)
            return FALSE;
          mantissa = mantissa * 10 + (guint64) (*p - '0');
          decimals += dot;
        }
      else if (*p == '.' && !dot)
        dot = TRUE;
      else
        break;
    }
  if (*p != '\0' || digits == 0)
    return FALSE;

  *value = (double) mantissa / powers[decimals];
  if (negative)
    *value = -*value;

  return TRUE;
}

/* A coordinate, "48.8566" or, in files separated by ";", "48,8566". */
gboolean
_cm_csv_parse_coordinate (char   *text,
                          double  limit,
                          double *value)
{
  char *end, *comma;

  if (parse_decimal (text, value))
    return fabs (*value) <= limit;
  if (strchr (text, '.') == NULL && (comma = strchr (text, ',')) != NULL)
    {
      *comma = '.';
      if (parse_decimal (text, value))
        return fabs (*value) <= limit;
    }
  *value = g_ascii_strtod (text, &end);

  return end != text && *end == '\0' && isfinite (*value) && fabs (*value) <= limit;
}

/* A time of day as _cm_csv_parse_time() reads it, optionally followed by an
 * offset: "13:45:10Z", "08:15+02:00", "9:30 PM -0500", "10:00 UTC".
 * *@utc_offset is CM_UTC_OFFSET_NONE when none is written. */
gboolean
_cm_csv_parse_time_of_day (const char *text,
                           int        *hour,
                           int        *minute,
                           int        *second,
                           int        *utc_offset)
{
  char buffer[40];
  gsize length = strlen (text);
  char *offset;

  if (length == 0 || length >= sizeof buffer)
    return FALSE;
  memcpy (buffer, text, length + 1);

  *utc_offset = CM_UTC_OFFSET_NONE;
  if (buffer[length - 1] == 'Z' || buffer[length - 1] == 'z')
    offset = buffer + length - 1;
  else if ((offset = strrchr (buffer, '+')) == NULL && (offset = strrchr (buffer, '-')) == NULL
           && length > 3 && g_ascii_strcasecmp (buffer + length - 3, "UTC") == 0)
    offset = buffer + length - 3;
  if (offset != NULL)
    {
      if (offset == buffer || !cm_utc_offset_parse (offset, -1, utc_offset))
        return FALSE;
      *offset = '\0';
      g_strchomp (buffer);
    }

  return _cm_csv_parse_time (buffer, hour, minute, second);
}

/* Gives @time, a date (DAY precision) in local time at *@utc_offset, the
 * time of day: its offset when it has one, else the date's. */
void
_cm_csv_set_time_of_day (CmTime      *time,
                         CmPrecision *precision,
                         int         *utc_offset,
                         int          hour,
                         int          minute,
                         int          second,
                         int          offset)
{
  CmCivil civil;

  cm_time_to_civil (*time, *utc_offset, &civil);
  if (offset == CM_UTC_OFFSET_NONE)
    offset = *utc_offset;
  *time = cm_time_from_civil (civil.year, civil.month, civil.day, hour, MAX (minute, 0), MAX (second, 0));
  if (offset != CM_UTC_OFFSET_NONE)
    *time -= (CmTime) offset * 60;
  *utc_offset = offset;
  *precision = second >= 0 ? CM_PRECISION_SECOND
               : minute >= 0 ? CM_PRECISION_MINUTE : CM_PRECISION_HOUR;
}

/* Where the time of day starts in "24/10/2012 13:45" or "Oct 24, 2012
 * 1:30 PM": at the first word with a ":", or at the number before a last
 * "AM"/"PM"; NULL when there is none. *@date_length: the length of what
 * comes before, without the spaces and comma that end it. */
static const char *
split_time (const char *text,
            gsize      *date_length)
{
  const char *p = text, *time = NULL, *last = NULL, *before_last = NULL;
  gsize length;

  while (*p != '\0')
    {
      const char *word;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      word = p;
      while (*p != '\0' && *p != ' ')
        p++;
      if (time == NULL && g_ascii_isdigit (*word) && memchr (word, ':', (gsize) (p - word)) != NULL)
        time = word;
      before_last = last;
      last = word;
    }
  if (time == NULL && before_last != NULL && g_ascii_isdigit (*before_last)
      && (g_ascii_strcasecmp (last, "am") == 0 || g_ascii_strcasecmp (last, "pm") == 0
          || g_ascii_strcasecmp (last, "a.m.") == 0 || g_ascii_strcasecmp (last, "p.m.") == 0))
    time = before_last;

  length = time != NULL ? (gsize) (time - text) : strlen (text);
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == ','))
    length--;
  *date_length = length;

  return time;
}

typedef struct
{
  gint64   year;
  int      first;        /* the first number after or before the year */
  int      second;
  gboolean year_first;   /* "2012/10/24": year, month, day */
} NumericDate;

/* "2012/10/24", "2012.10.24", "24/10/2012", "10-24-2012": three numbers
 * and one separator, a year of four digits first or last. */
static gboolean
parse_numeric_date (const char  *text,
                    gsize        length,
                    NumericDate *date)
{
  int values[3], digits[3];
  char separator = 0;
  gsize i = 0;

  for (guint n = 0; n < 3; n++)
    {
      int value = 0, count = 0;

      for (; i < length && g_ascii_isdigit (text[i]); i++)
        {
          if (++count > 4)
            return FALSE;
          value = value * 10 + (text[i] - '0');
        }
      if (count == 0)
        return FALSE;
      values[n] = value;
      digits[n] = count;
      if (n == 2)
        break;
      if (i >= length || (text[i] != '/' && text[i] != '.' && text[i] != '-')
          || (separator != 0 && text[i] != separator))
        return FALSE;
      separator = text[i++];
    }
  if (i != length)
    return FALSE;

  if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2)
    {
      date->year = values[0];
      date->first = values[1];
      date->second = values[2];
      date->year_first = TRUE;
      return TRUE;
    }
  if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2)
    {
      date->year = values[2];
      date->first = values[0];
      date->second = values[1];
      date->year_first = FALSE;
      return TRUE;
    }

  return FALSE;
}

static guint
day_month_fits (const NumericDate *date)
{
  guint fits = 0;

  if (date->year < 1 || date->first > 31 || date->second > 31)
    return 0;
  if (g_date_valid_dmy ((GDateDay) date->first, (GDateMonth) date->second, (GDateYear) date->year))
    fits |= FITS_DAY_FIRST;
  if (g_date_valid_dmy ((GDateDay) date->second, (GDateMonth) date->first, (GDateYear) date->year))
    fits |= FITS_MONTH_FIRST;

  return fits;
}

/* The orders the day and month of a date such as "03/04/2012" fit
 * (FITS_*); 0 for any other text. */
guint
_cm_csv_date_order_fits (const char *text)
{
  NumericDate date;
  gsize length;

  while (*text == ' ')
    text++;
  split_time (text, &length);
  if (!parse_numeric_date (text, length, &date) || date.year_first)
    return 0;

  return day_month_fits (&date);
}

/* "Oct 24, 2012", "October 24 2012", "24-Oct-2012", "Thursday, November
 * 1, 2012": a month name, a day and a year of four digits, in any order
 * and after a week day; cm_time_parse() knows the month names. */
static gboolean
parse_month_name_date (const char *text,
                       gsize       length,
                       CmTime     *time)
{
  g_autofree char *date = NULL;
  const char *month = NULL;
  gsize month_length = 0, i = 0;
  guint n_words = 0;
  int day = -1, year = -1;
  CmPrecision precision;
  int utc_offset;

  while (i < length)
    {
      gsize start, digits = 0, letters = 0;

      while (i < length && strchr (" ,-/.", text[i]) != NULL)
        i++;
      if (i >= length)
        break;
      start = i;
      for (; i < length && strchr (" ,-/.", text[i]) == NULL; i++)
        {
          if (g_ascii_isdigit (text[i]))
            digits++;
          else if (g_ascii_isalpha (text[i]) || (guchar) text[i] >= 0x80)
            letters++;
          else
            return FALSE;
        }

      if (letters > 0 && digits == 0 && n_words < 2)
        {
          /* A week day comes before the month. */
          month = text + start;
          month_length = i - start;
          n_words++;
        }
      else if (letters == 0 && digits <= 2 && day < 0)
        day = (int) g_ascii_strtoll (text + start, NULL, 10);
      else if (letters == 0 && digits == 4 && year < 0)
        year = (int) g_ascii_strtoll (text + start, NULL, 10);
      else
        return FALSE;
    }
  if (month == NULL || day < 1 || year < 0)
    return FALSE;

  date = g_strdup_printf ("%d %.*s %d", day, (int) month_length, month, year);

  return cm_time_parse (date, time, &precision, &utc_offset, NULL) && precision == CM_PRECISION_DAY;
}

/* The forms cm_time_parse() does not read: a date as numbers or with a
 * month name, optionally followed by a time of day. Day and month as
 * numbers are read in @order (AUTO: only when one order fits). */
static gboolean
parse_other_date (const char  *text,
                  int          order,
                  CmTime      *time,
                  CmPrecision *precision,
                  int         *utc_offset)
{
  const char *time_text;
  NumericDate numeric;
  gsize length;

  time_text = split_time (text, &length);
  if (length == 0 || length > 64)
    return FALSE;

  if (parse_numeric_date (text, length, &numeric))
    {
      int day, month;

      if (numeric.year_first)
        {
          month = numeric.first;
          day = numeric.second;
        }
      else
        {
          guint fits = day_month_fits (&numeric);
          gboolean day_first;

          if (order == CM_CSV_DATE_ORDER_DAY_FIRST || order == CM_CSV_DATE_ORDER_MONTH_FIRST)
            day_first = order == CM_CSV_DATE_ORDER_DAY_FIRST;
          else if (fits == FITS_DAY_FIRST || fits == FITS_MONTH_FIRST)
            day_first = fits == FITS_DAY_FIRST;
          else
            return FALSE;
          day = day_first ? numeric.first : numeric.second;
          month = day_first ? numeric.second : numeric.first;
        }
      if (numeric.year < 1 || month > 12 || day > 31
          || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) numeric.year))
        return FALSE;
      *time = cm_time_from_civil (numeric.year, month, day, 0, 0, 0);
    }
  else if (!parse_month_name_date (text, length, time))
    {
      return FALSE;
    }
  *precision = CM_PRECISION_DAY;
  *utc_offset = CM_UTC_OFFSET_NONE;

  if (time_text != NULL)
    {
      int hour, minute, second, offset;

      if (!_cm_csv_parse_time_of_day (time_text, &hour, &minute, &second, &offset))
        return FALSE;
      _cm_csv_set_time_of_day (time, precision, utc_offset, hour, minute, second, offset);
    }

  return TRUE;
}

/* A date in a generic table: ISO 8601 first (fast), then what
 * cm_time_parse() reads, then the other common forms. */
gboolean
_cm_csv_parse_date (const char  *text,
                    int          order,
                    CmTime      *time,
                    CmPrecision *precision,
                    int         *utc_offset)
{
  return cm_time_parse_iso_len (text, strlen (text), time, precision, utc_offset, NULL)
         || cm_time_parse (text, time, precision, utc_offset, NULL)
         || parse_other_date (text, order, time, precision, utc_offset);
}

/* "start end coordinates" (any of them, separated by spaces, "," or
 * ";"), or yes/true/1 for the start and no/false/0 for nothing. */
gboolean
_cm_csv_parse_approximate (const char   *text,
                           CmEventFlags *flags)
{
  g_auto(GStrv) words = g_strsplit_set (text, " ,;", -1);

  *flags = CM_EVENT_FLAGS_NONE;
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];

      if (*word == '\0' || g_ascii_strcasecmp (word, "no") == 0
          || g_ascii_strcasecmp (word, "false") == 0 || g_str_equal (word, "0"))
        continue;
      if (g_ascii_strcasecmp (word, "start") == 0 || g_ascii_strcasecmp (word, "yes") == 0
          || g_ascii_strcasecmp (word, "true") == 0 || g_str_equal (word, "1"))
        *flags |= CM_EVENT_START_APPROXIMATE;
      else if (g_ascii_strcasecmp (word, "end") == 0)
        *flags |= CM_EVENT_END_APPROXIMATE;
      else if (g_ascii_strcasecmp (word, "coordinates") == 0)
        *flags |= CM_EVENT_COORDINATES_APPROXIMATE;
      else
        return FALSE;
    }

  return TRUE;
}

/* What the writer puts in the Approximate column, by flags. */
const char *
_cm_csv_format_approximate (CmEventFlags flags)
{
  static const char * const texts[] = {
    NULL, "start", "end", "start end", "coordinates", "start coordinates", "end coordinates",
    "start end coordinates",
  };

  return texts[flags & (CM_EVENT_START_APPROXIMATE | CM_EVENT_END_APPROXIMATE
                        | CM_EVENT_COORDINATES_APPROXIMATE)];
}

/* The order of the user's locale for dates such as 03/04/2012, as GLib
 * reads them. */
int
cm_csv_default_date_order (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_parse (&date, "1/2/2000");

  return g_date_valid (&date) && g_date_get_day (&date) == 1 ? CM_CSV_DATE_ORDER_DAY_FIRST
                                                               : CM_CSV_DATE_ORDER_MONTH_FIRST;
}

gboolean
cm_csv_dates_are_ambiguous (GPtrArray          *rows,
                            const CmCsvMapping *mapping)
{
  gboolean ambiguous = FALSE;

  g_return_val_if_fail (rows != NULL, FALSE);
  g_return_val_if_fail (mapping != NULL, FALSE);

  for (guint r = 1; r < rows->len; r++)
    {
      char **fields = rows->pdata[r];
      guint n = g_strv_length (fields);
      const int columns[] = { mapping->start, mapping->end };

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          guint fits;

          if (columns[c] < 0 || (guint) columns[c] >= n)
            continue;
          fits = _cm_csv_date_order_fits (fields[columns[c]]);
          if (fits == FITS_DAY_FIRST || fits == FITS_MONTH_FIRST)
            return FALSE;
          ambiguous |= fits == FITS_BOTH;
        }
    }

  return ambiguous;
}
