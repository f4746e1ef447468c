/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Seconds since 1970-01-01T00:00:00Z on the proleptic Gregorian calendar with
 * astronomical year numbering (year 0 = 1 BC, year -1 = 2 BC). */
typedef gint64 CmTime;

#define CM_TIME_INVALID G_MININT64

/* An offset that is not known: the event is shown in UTC. */
#define CM_UTC_OFFSET_NONE G_MININT16
/* Offsets are minutes east of UTC, within ±18 hours. */
#define CM_UTC_OFFSET_MAX (18 * 60)

typedef enum
{
  CM_PRECISION_BILLION_YEARS,
  CM_PRECISION_MILLION_YEARS,
  CM_PRECISION_MILLENNIUM,
  CM_PRECISION_CENTURY,
  CM_PRECISION_DECADE,
  CM_PRECISION_YEAR,
  CM_PRECISION_MONTH,
  CM_PRECISION_DAY,
  CM_PRECISION_HOUR,
  CM_PRECISION_MINUTE,
  CM_PRECISION_SECOND,
  CM_N_PRECISIONS
} CmPrecision;

#define CM_TIME_ERROR (cm_time_error_quark ())

typedef enum
{
  CM_TIME_ERROR_SYNTAX,
  CM_TIME_ERROR_RANGE,
} CmTimeError;

/* A broken-down date in some fixed offset. */
typedef struct
{
  gint64 year;    /* astronomical */
  int    month;   /* 1..12 */
  int    day;     /* 1..31 */
  int    hour;    /* 0..23 */
  int    minute;  /* 0..59 */
  int    second;  /* 0..59 */
  int    weekday; /* 1 = Monday … 7 = Sunday (output only) */
} CmCivil;

GQuark       cm_time_error_quark        (void);

/* Limits: |year| <= CM_TIME_MAX_YEAR, so that every CmTime fits in 64 bits. */
#define CM_TIME_MAX_YEAR G_GINT64_CONSTANT (100000000000) /* 1e11 years */

gint64       cm_days_from_civil         (gint64       year,
                                         int          month,
                                         int          day);
void         cm_civil_from_days         (gint64       days,
                                         gint64      *year,
                                         int         *month,
                                         int         *day);
gboolean     cm_is_leap_year            (gint64       year);
int          cm_days_in_month           (gint64       year,
                                         int          month);

/* UTC civil time -> CmTime. Fields out of range are normalised arithmetically
 * (month 13 is January of the next year, hour 25 is 1:00 the next day).
 * Results beyond the 64-bit range saturate (never CM_TIME_INVALID). */
CmTime       cm_time_from_civil         (gint64       year,
                                         int          month,
                                         int          day,
                                         int          hour,
                                         int          minute,
                                         int          second);
/* CmTime -> civil time at @utc_offset minutes (CM_UTC_OFFSET_NONE = UTC). */
void         cm_time_to_civil           (CmTime       time,
                                         int          utc_offset,
                                         CmCivil     *civil);

/* Start of the precision unit containing @time, in local time at @utc_offset:
 * for DAY, local midnight; for YEAR, 1 January; for DECADE, CENTURY,
 * MILLENNIUM, MILLION_YEARS and BILLION_YEARS, 1 January of the astronomical
 * year rounded down (floor) to a multiple of 10, 100, 1000, 1e6, 1e9.
 * So the "21st century" is 2000–2099 and the "1st century BC" is -100…-1
 * (101 BC to 2 BC), matching the labels of cm_time_format(). */
CmTime       cm_time_truncate           (CmTime       time,
                                         CmPrecision  precision,
                                         int          utc_offset);
/* Start of the next precision unit after the one containing @time. */
CmTime       cm_time_unit_end           (CmTime       time,
                                         CmPrecision  precision,
                                         int          utc_offset);

/* ISO 8601 (extended format), with negative and long years:
 *   "-13800000000", "-0044-03-15", "2011", "2011-05", "2011-05-26",
 *   "2011-05-26T13", "2011-05-26T13:00", "2011-05-26T13:00:05",
 *   each optionally followed by "Z" or "+hh:mm"/"-hh:mm"/"+hhmm"/"+hh"
 *   when it has a time of day. "T" may be a space.
 * The precision is that of the written form (YEAR … SECOND). The offset is
 * CM_UTC_OFFSET_NONE when none was written (the time is then read as UTC).
 * Errors: CM_TIME_ERROR with a message that names the offending part. */
gboolean     cm_time_parse_iso          (const char  *text,
                                         CmTime      *time,
                                         CmPrecision *precision,
                                         int         *utc_offset,
                                         GError     **error);
/* Same, over the first @length bytes (no NUL needed). */
gboolean     cm_time_parse_iso_len      (const char  *text,
                                         gsize        length,
                                         CmTime      *time,
                                         CmPrecision *precision,
                                         int         *utc_offset,
                                         GError     **error);

/* The ISO 8601 form written for @precision, in local time at @utc_offset
 * with the offset appended ("Z" for 0) when the precision has a time of day
 * and the offset is known. Years outside 0..9999 are written with a sign and
 * at least 4 digits ("-0044", "+12000"). Fields finer than @precision are
 * dropped; coarser than YEAR writes the year of @time as it is (not rounded
 * to the unit, so "-13800000000" stays exact at BILLION_YEARS).
 *
 * DAY and coarser write the LOCAL calendar date and no offset: parsing it
 * back gives CM_UTC_OFFSET_NONE and that date at UTC midnight. A caller that
 * keeps the offset separately (the native file does) gets the original
 * instant back as parsed_time - utc_offset * 60. With HOUR and finer the
 * offset is in the text and the round trip is exact as it is.
 * @time must not be CM_TIME_INVALID. */
char        *cm_time_to_iso             (CmTime       time,
                                         CmPrecision  precision,
                                         int          utc_offset);

/* Human, locale-aware text honouring the precision:
 *   BILLION_YEARS "13.8 billion years ago", MILLION_YEARS "66 million years ago",
 *   MILLENNIUM "3rd millennium BC" / "2nd millennium", CENTURY "1st century BC" / "21st century",
 *   DECADE "2010s" / "40s BC", YEAR "2011" / "44 BC", MONTH "May 2011",
 *   DAY "26 May 2011", HOUR "26 May 2011, 13h", MINUTE "26 May 2011, 13:00",
 *   SECOND "26 May 2011, 13:00:05"
 * with " (UTC+2)" style suffix after a time of day when the offset is known
 * ("(UTC+5:30)", "(UTC−3)" with U+2212, "(UTC+0)"), and " UTC" when it is not.
 * Everything is in local time at @utc_offset. Month names come from the locale.
 *
 * Deep time counts years from year 0 (1 BC): "N billion/million years ago"
 * for years <= 0, "in N million years" after. N always has all its whole
 * units, and decimals up to 3 significant digits ("13.8", "4.54", "0.5").
 * Decades, centuries and millennia are the floor units of cm_time_truncate():
 * units from year 0 up count 1st, 2nd … ("0s", "2010s", "1st century" =
 * years 0–99), units before count backwards with "BC" ("10s BC" = years
 * -10…-1, "1st century BC" = -100…-1).
 * @time must not be CM_TIME_INVALID. */
char        *cm_time_format             (CmTime       time,
                                         CmPrecision  precision,
                                         int          utc_offset);

/* Reads what cm_time_format() writes (in the current locale and in English,
 * case-insensitively), and plain forms such as "May 2011", "44 BC", "1200",
 * "13.8 billion years ago", and any ISO form cm_time_parse_iso() accepts;
 * white space around is ignored. The precision is that of the form; the time
 * is the start of what is written (a date without a time of day at UTC
 * midnight, as with cm_time_parse_iso()). "-44" is ISO, i.e. 45 BC. */
gboolean     cm_time_parse              (const char  *text,
                                         CmTime      *time,
                                         CmPrecision *precision,
                                         int         *utc_offset,
                                         GError     **error);

/* Stable identifiers used in files: "billion-years", "million-years",
 * "millennium", "century", "decade", "year", "month", "day", "hour",
 * "minute", "second". */
const char  *cm_precision_to_string     (CmPrecision  precision);
gboolean     cm_precision_from_string   (const char  *text,
                                         CmPrecision *precision);
/* Length of @text is given; returns FALSE when unknown. */
gboolean     cm_precision_from_string_len (const char  *text,
                                           gsize        length,
                                           CmPrecision *precision);

/* Conversions at the GDateTime edge (years 1..9999 only; NULL outside). */
GDateTime   *cm_time_to_date_time       (CmTime       time,
                                         int          utc_offset);
CmTime       cm_time_from_date_time     (GDateTime   *date_time);

/* How many of the @n ascending @times are below @time (the first index
 * at or after it), by binary search. */
guint        cm_time_lower_bound          (const CmTime *times,
                                           guint         n,
                                           CmTime        time);

G_END_DECLS
