/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-time"

#include "config.h"

#include "cm-time-private.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

/* The human forms of cm_time_format(), and the translatable templates that
 * cm-time-parse.c reads them back with. */

/* {{{ Templates */

const char * const _cm_time_english_months[12] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

/* Translators: a century, "%s" is its number: "21st century". Translate
 * the four forms the same way if your language has a single ordinal form. */
const char * const _cm_time_century_templates[2][4] = {
  { N_("%sst century"), N_("%snd century"), N_("%srd century"), N_("%sth century") },
  { N_("%sst century BC"), N_("%snd century BC"), N_("%srd century BC"), N_("%sth century BC") },
};

/* Translators: a millennium, "%s" is its number: "3rd millennium BC". */
const char * const _cm_time_millennium_templates[2][4] = {
  { N_("%sst millennium"), N_("%snd millennium"), N_("%srd millennium"), N_("%sth millennium") },
  {
    N_("%sst millennium BC"), N_("%snd millennium BC"),
    N_("%srd millennium BC"), N_("%sth millennium BC")
  },
};

/* Translators: a decade, "%s" is its first year: "2010s" */
const char * const _cm_time_decade_template = N_("%ss");
/* Translators: a decade before year 1, "%s" is its first year counted
 * backwards: "40s BC" is the decade of years 41 BC to 32 BC */
const char * const _cm_time_decade_bc_template = N_("%ss BC");
/* Translators: a year before year 1: "44 BC" */
const char * const _cm_time_year_bc_template = N_("%s BC");

/* The translation of a one-placeholder N_() template, or @original when
 * the translation is unusable */
const char *
_cm_time_translate_template (const char *original)
{
  return _cm_time_checked_template (_(original), original, 1);
}

/* These wrappers keep the literal strings visible to xgettext. */
const char *
_cm_time_month_year_template (void)
{
  /* Translators: a month of a year, "May 2011": %1$s is the month name, %2$s the year */
  return _cm_time_checked_template (C_("month and year", "%1$s %2$s"), MONTH_YEAR_TEMPLATE, 2);
}

const char *
_cm_time_day_template (void)
{
  /* Translators: a date, "26 May 2011": %1$s is the day, %2$s the month name,
   * %3$s the year */
  return _cm_time_checked_template (C_("day, month and year", "%1$s %2$s %3$s"), DAY_TEMPLATE, 3);
}

const char *
_cm_time_hour_template (void)
{
  /* Translators: a time of day given to the hour, "13h": %s is the hour, 00 to 23 */
  return _cm_time_checked_template (C_("hour of the day", "%sh"), HOUR_TEMPLATE, 1);
}

const char *
_cm_time_date_time_template (void)
{
  /* Translators: "26 May 2011, 13:00": %1$s is the date, %2$s the time of day */
  return _cm_time_checked_template (C_("date and time", "%1$s, %2$s"), DATE_TIME_TEMPLATE, 2);
}

const char *
_cm_time_offset_template (void)
{
  /* Translators: a time with its offset from UTC, "26 May 2011, 13:00 (UTC+2)":
   * %1$s is the date and time, %2$s the offset ("+2", "+5:30", "−3") */
  return _cm_time_checked_template (C_("time zone", "%1$s (UTC%2$s)"), OFFSET_TEMPLATE, 2);
}

const char *
_cm_time_utc_template (void)
{
  /* Translators: a time in UTC when the local offset is unknown,
   * "26 May 2011, 13:00 UTC" */
  return _cm_time_checked_template (C_("time zone", "%s UTC"), UTC_TEMPLATE, 1);
}

/* "13.8 billion years ago" and the like, in the plural form for @n */
const char *
_cm_time_deep_template (gboolean billion,
                        gboolean ago,
                        gulong   n)
{
  if (billion && ago)
    {
      /* Translators: "13.8 billion years ago", counted back from year 0
       * (1 BC); %s is a number, possibly with decimals */
      return _cm_time_checked_template (g_dngettext (GETTEXT_PACKAGE,
                                                     "%s billion years ago",
                                                     "%s billion years ago", n),
                                        DEEP_BILLION_AGO, 1);
    }
  else if (billion)
    {
      /* Translators: "in 2 billion years", counted from year 0 */
      return _cm_time_checked_template (g_dngettext (GETTEXT_PACKAGE,
                                                     "in %s billion years",
                                                     "in %s billion years", n),
                                        DEEP_BILLION_AHEAD, 1);
    }
  else if (ago)
    {
      /* Translators: "66 million years ago", counted back from year 0 (1 BC) */
      return _cm_time_checked_template (g_dngettext (GETTEXT_PACKAGE,
                                                     "%s million years ago",
                                                     "%s million years ago", n),
                                        DEEP_MILLION_AGO, 1);
    }
  else
    {
      /* Translators: "in 5 million years", counted from year 0 */
      return _cm_time_checked_template (g_dngettext (GETTEXT_PACKAGE,
                                                     "in %s million years",
                                                     "in %s million years", n),
                                        DEEP_MILLION_AHEAD, 1);
    }
}

const char *
_cm_time_decimal_point (void)
{
  const char *point = localeconv ()->decimal_point;

  return point != NULL && *point != '\0' ? point : ".";
}

/* }}} */
/* {{{ Human formatting */

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
      return g_strdup (_cm_time_english_months[month - 1]);
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

  return EXPAND (_cm_time_translate_template (_cm_time_year_bc_template), number);
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
  gint64 k = _cm_floor_div (start, unit);
  gboolean bc = k < 0;
  gint64 n = bc ? -k : k + 1;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  const char *tmpl = templates[bc][english_ordinal_form (n)];

  return EXPAND (_cm_time_translate_template (tmpl), number);
}

static char *
format_decade (gint64 year)
{
  gint64 start = _cm_floor_div (year, 10) * 10;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (start));

  if (start < 0)
    return EXPAND (_cm_time_translate_template (_cm_time_decade_bc_template), number);

  return EXPAND (_cm_time_translate_template (_cm_time_decade_template), number);
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
  const char *tmpl;
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
                              whole, _cm_time_decimal_point (), decimals, fraction);
  else
    number = g_strdup_printf ("%" G_GINT64_FORMAT, whole);

  tmpl = _cm_time_deep_template (unit == BILLION, ago, (gulong) MIN (whole, G_MAXLONG));

  return EXPAND (tmpl, number);
}

static char *
format_month (const CmCivil *c)
{
  g_autofree char *month = month_name (c->month, TRUE);
  g_autofree char *year = format_year (c->year);

  return EXPAND (_cm_time_month_year_template (), month, year);
}

static char *
format_day (const CmCivil *c)
{
  g_autofree char *day = g_strdup_printf ("%d", c->day);
  g_autofree char *month = month_name (c->month, FALSE);
  g_autofree char *year = format_year (c->year);

  return EXPAND (_cm_time_day_template (), day, month, year);
}

char *
_cm_time_format_offset (int utc_offset)
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

      time = EXPAND (_cm_time_hour_template (), hour);
    }
  else if (precision == CM_PRECISION_MINUTE)
    time = g_strdup_printf ("%02d:%02d", c->hour, c->minute);
  else
    time = g_strdup_printf ("%02d:%02d:%02d", c->hour, c->minute, c->second);

  date_time = EXPAND (_cm_time_date_time_template (), date, time);

  if (utc_offset == CM_UTC_OFFSET_NONE)
    return EXPAND (_cm_time_utc_template (), date_time);

  offset = _cm_time_format_offset (utc_offset);

  return EXPAND (_cm_time_offset_template (), date_time, offset);
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
      return format_ordinal (c.year, 1000, _cm_time_millennium_templates);
    case CM_PRECISION_CENTURY:
      return format_ordinal (c.year, 100, _cm_time_century_templates);
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
