/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-time"

#include "config.h"

#include "cm-time-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* cm_time_parse(): the human forms cm_time_format() writes, read back with
 * its templates in the current locale and in English, after ISO 8601. */

#define N_MONTH_FORMS 6

struct _CmTimeParser
{
  char        *months[12][N_MONTH_FORMS];  /* folded, filled on first use */
  gboolean     have_months;
  GError      *error;                      /* first range error met */

  /* the result */
  gint64       year;
  int          month, day, hour, minute, second;
  int          offset;
  CmPrecision  precision;
};

typedef CmTimeParser Parser;

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
                     _cm_time_max_year_text ());

  parser_set_error (parser, CM_TIME_ERROR_RANGE, message);
}

/* read_number() for a count of years or of larger units (any number of
 * digits): one too big sets the year range error */
static NumberResult
read_count (Parser     *parser,
            const char *text,
            gsize       length,
            gint64      max,
            gint64     *value)
{
  NumberResult result = read_number (text, length, 0, max, value);

  if (result == NUMBER_TOO_BIG)
    set_year_range_error (parser);

  return result;
}

typedef struct
{
  gboolean bc;     /* the era of the template being matched */
  gint64   year;   /* the result */
} EraYear;

/* "44" in "44 BC" or "1200" in "AD 1200": a year from 1 in an era */
static gboolean
era_year_cb (Parser            *parser,
             const char *const *args,
             const gsize       *lengths,
             gpointer           data)
{
  EraYear *era_year = data;
  gint64 n = 0;

  if (read_count (parser, args[0], lengths[0], CM_TIME_MAX_YEAR + era_year->bc, &n) != NUMBER_OK ||
      n == 0)
    return FALSE;

  era_year->year = era_year->bc ? 1 - n : n;

  return TRUE;
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
  EraYear era_year = { TRUE, 0 };
  gint64 n = 0;

  if (length > 0 && text[0] == '-')
    negative = TRUE, digits++, n_digits--;
  else if (length > 3 && memcmp (text, "−", 3) == 0)
    negative = TRUE, digits += 3, n_digits -= 3;

  switch (read_count (parser, digits, n_digits, CM_TIME_MAX_YEAR, &n))
    {
    case NUMBER_OK:
      *year = negative ? -n : n;
      return TRUE;
    case NUMBER_TOO_BIG:
      return FALSE;
    case NUMBER_INVALID:
    default:
      break;
    }

  if (_cm_time_match_translated (parser, _(_cm_time_year_bc_template), _cm_time_year_bc_template,
                                 text, length, era_year_cb, &era_year))
    goto found;

  for (guint i = 0; i < G_N_ELEMENTS (english_bc); i++)
    if (_cm_time_match_template (parser, english_bc[i], text, length, era_year_cb, &era_year))
      goto found;

  era_year.bc = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (english_ad); i++)
    if (_cm_time_match_template (parser, english_ad[i], text, length, era_year_cb, &era_year))
      goto found;

  return FALSE;

found:
  *year = era_year.year;

  return TRUE;
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
            parser->months[m - 1][f] = _cm_time_fold (name, -1);
        }
      parser->months[m - 1][4] = _cm_time_fold (_cm_time_english_months[m - 1], -1);
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
  return _cm_time_match_translated (parser, _cm_time_day_template (), DAY_TEMPLATE, text, length,
                                    day_cb, NULL);
}

static gboolean
parse_month (Parser     *parser,
             const char *text,
             gsize       length)
{
  return _cm_time_match_translated (parser, _cm_time_month_year_template (), MONTH_YEAR_TEMPLATE,
                                    text, length, month_year_cb, NULL);
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
    return _cm_time_match_translated (parser, _cm_time_hour_template (), HOUR_TEMPLATE,
                                      text, length, hour_cb, tod);

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
  return _cm_time_match_translated (parser, _cm_time_date_time_template (), DATE_TIME_TEMPLATE,
                                    text, length, date_time_cb, NULL);
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
  const char *point = _cm_time_decimal_point ();
  gint64 whole = 0, years, fraction = 0, scale;

  while (p < end && g_ascii_isdigit (*p))
    p++;

  if (read_count (parser, text, p - text, CM_TIME_MAX_YEAR / form->unit + 1, &whole) != NUMBER_OK)
    return FALSE;

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
            ? _cm_time_deep_template (billion, forms[i].ago, counts[c])
            : originals[i];
          gboolean seen = FALSE;

          for (guint k = 0; k < n_tried && !seen; k++)
            seen = strcmp (tried[k], tmpl) == 0;
          if (seen)
            continue;
          tried[n_tried++] = tmpl;

          if (_cm_time_match_template (parser, tmpl, text, length, deep_cb, (gpointer) &forms[i]))
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
  gint64 max = CM_TIME_MAX_YEAR / form->unit + 1;
  gint64 n = 0;

  if (read_count (parser, args[0], lengths[0], max, &n) != NUMBER_OK || n == 0)
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
        const char *m = _cm_time_millennium_templates[bc][f];
        const char *c = _cm_time_century_templates[bc][f];

        if (_cm_time_match_translated (parser, _cm_time_translate_template (m), m, text, length,
                                       ordinal_cb, &millennium) ||
            _cm_time_match_translated (parser, _cm_time_translate_template (c), c, text, length,
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
  gint64 n = 0;

  if (read_count (parser, args[0], lengths[0], CM_TIME_MAX_YEAR, &n) != NUMBER_OK || n % 10 != 0)
    return FALSE;

  parser_set_result (parser, bc ? -n : n, 1, 1, CM_PRECISION_DECADE);

  return TRUE;
}

static gboolean
parse_decade (Parser     *parser,
              const char *text,
              gsize       length)
{
  const char *bc = _cm_time_decade_bc_template;
  const char *ad = _cm_time_decade_template;

  return _cm_time_match_translated (parser, _cm_time_translate_template (bc), bc, text, length,
                                    decade_cb, GINT_TO_POINTER (TRUE)) ||
         _cm_time_match_translated (parser, _cm_time_translate_template (ad), ad, text, length,
                                    decade_cb, GINT_TO_POINTER (FALSE));
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
  if (_cm_time_match_translated (parser, _cm_time_offset_template (), OFFSET_TEMPLATE, text, length,
                                 offset_cb, NULL) ||
      _cm_time_match_translated (parser, _cm_time_utc_template (), UTC_TEMPLATE, text, length,
                                 utc_cb, NULL))
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

  folded = _cm_time_fold (stripped, -1);
  ok = parse_human (&parser, folded, strlen (folded));

  if (ok)
    {
      CmTime t = cm_time_from_civil (parser.year, parser.month, parser.day,
                                     parser.hour, parser.minute, parser.second);

      if (time != NULL)
        *time = t - _cm_offset_seconds (parser.offset);
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
