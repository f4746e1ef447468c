/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-time"

#include "config.h"

#include "cm-time-private.h"
#include "cm-utc-offset.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* ISO 8601: cm_time_parse_iso() and cm_time_to_iso(). */

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

/* The fields after the year, in order: the separator before each (a
 * space or 't' may stand for 'T'), its range and the message when its two
 * digits are missing */
typedef struct
{
  CmPrecision  precision;
  char         separator;
  int          min, max;    /* max 0: the days of the month */
  const char  *missing;
} IsoField;

static const IsoField iso_fields[] = {
  { CM_PRECISION_MONTH, '-', 1, 12, N_("Expected two digits for the month") },
  { CM_PRECISION_DAY, '-', 1, 0, N_("Expected two digits for the day") },
  { CM_PRECISION_HOUR, 'T', 0, 23, N_("Expected two digits for the hour") },
  { CM_PRECISION_MINUTE, ':', 0, 59, N_("Expected two digits for the minute") },
  { CM_PRECISION_SECOND, ':', 0, 59, N_("Expected two digits for the second") },
};

/* The error for @value out of range in iso_fields[@field] */
static void
set_field_range_error (GError **error,
                       guint    field,
                       int      value,
                       gint64   year,
                       int      month)
{
  switch (field)
    {
    case 0:
      g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                   _("Month %d is out of range (1 to 12)"), value);
      break;
    case 1:
      g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                   _("Day %d is out of range for month %d (1 to %d)"),
                   value, month, cm_days_in_month (year, month));
      break;
    case 2:
      g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                   _("Hour %d is out of range (0 to 23)"), value);
      break;
    case 3:
      g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                   _("Minute %d is out of range (0 to 59)"), value);
      break;
    case 4:
      g_set_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE,
                   _("Second %d is out of range (0 to 59)"), value);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The offset after a time of day, if any: "Z", "+hh:mm", "-hhmm" or "+hh".
 * Moves @position past it. */
static gboolean
read_offset (const char **position,
             const char  *end,
             int         *offset,
             GError     **error)
{
  const char *p = *position;

  if (p < end && (*p == 'Z' || *p == 'z'))
    {
      *offset = 0;
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
      *offset = sign * (offset_hours * 60 + offset_minutes);
    }

  *position = p;

  return TRUE;
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
  int values[G_N_ELEMENTS (iso_fields)] = { 1, 1, 0, 0, 0 };
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
                       _cm_time_max_year_text ());
          return FALSE;
        }

      year = year * 10 + digit;
      p++;
    }

  if (negative)
    year = -year;

  for (guint i = 0; i < G_N_ELEMENTS (iso_fields); i++)
    {
      const IsoField *field = &iso_fields[i];
      int max;

      if (p == end ||
          (*p != field->separator && (field->separator != 'T' || (*p != 't' && *p != ' '))))
        break;
      p++;

      if (!read_two_digits (&p, end, &values[i]))
        {
          g_set_error_literal (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX, _(field->missing));
          return FALSE;
        }

      max = field->max > 0 ? field->max : cm_days_in_month (year, values[0]);
      if (G_UNLIKELY (values[i] < field->min || values[i] > max))
        {
          set_field_range_error (error, i, values[i], year, values[0]);
          return FALSE;
        }

      prec = field->precision;
    }

  /* A decimal fraction of a second is read and dropped */
  if (prec == CM_PRECISION_SECOND &&
      end - p >= 2 && (*p == '.' || *p == ',') && g_ascii_isdigit (p[1]))
    {
      p++;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  if (prec >= CM_PRECISION_HOUR && !read_offset (&p, end, &offset, error))
    return FALSE;

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

  result = cm_time_from_civil (year, values[0], values[1], values[2], values[3], values[4]);
  result -= _cm_offset_seconds (offset);

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
      char offset[CM_UTC_OFFSET_FORMAT_SIZE];

      cm_utc_offset_format (utc_offset, offset);
      g_string_append (s, utc_offset == 0 ? "Z" : offset);
    }

  return g_string_free (s, FALSE);
}
