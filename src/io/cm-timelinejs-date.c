/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timelinejs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cm-format.h"
#include "cm-timelinejs-private.h"

/* TimelineJS dates: {"year", "month", "day", "hour", "minute", "second"}
 * in local time, read from and written to JSON, and their years. */

void
_cm_timelinejs_date_init (CmTimelinejsDate *date)
{
  date->year = 0;
  date->month = 0;
  date->day = 0;
  date->hour = -1;
  date->minute = -1;
  date->second = -1;
}

CmPrecision
_cm_timelinejs_date_precision (const CmTimelinejsDate *date)
{
  gint64 magnitude = ABS (date->year);

  if (date->second >= 0)
    return CM_PRECISION_SECOND;
  if (date->minute >= 0)
    return CM_PRECISION_MINUTE;
  if (date->hour >= 0)
    return CM_PRECISION_HOUR;
  if (date->day > 0)
    return CM_PRECISION_DAY;
  if (date->month > 0)
    return CM_PRECISION_MONTH;
  if (magnitude >= 1000000000)
    return CM_PRECISION_BILLION_YEARS;
  if (magnitude >= 1000000)
    return CM_PRECISION_MILLION_YEARS;

  return CM_PRECISION_YEAR;
}

/* TimelineJS numbers the years before 1 as BCE, without a year 0 (its
 * -300 is 300 BCE); Chronomap's years are astronomical (300 BCE is -299).
 * Cosmological years (a million and more ago) are kept as written: there
 * the year is a count of years ago, not a calendar year. */
gint64
_cm_timelinejs_year_to_astronomical (gint64 year)
{
  return year < 0 && year > -1000000 ? year + 1 : year;
}

gint64
_cm_timelinejs_year_from_astronomical (gint64 year)
{
  return year <= 0 && year > -999999 ? year - 1 : year;
}

gboolean
_cm_timelinejs_date_to_time (const CmTimelinejsDate *date,
                             int                     utc_offset,
                             CmTime                 *time,
                             char                  **reason)
{
  int month = date->month > 0 ? date->month : 1;
  int day = date->day > 0 ? date->day : 1;
  gint64 year = _cm_timelinejs_year_to_astronomical (date->year);

  if (date->year < -CM_TIME_MAX_YEAR || date->year > CM_TIME_MAX_YEAR)
    {
      g_autofree char *written = g_strdup_printf ("%" G_GINT64_FORMAT, date->year);

      *reason = g_strdup_printf (_("the year %s is out of range"), written);
      return FALSE;
    }
  if (date->month < 0 || date->month > 12)
    {
      *reason = g_strdup_printf (_("“%d” is not a month"), date->month);
      return FALSE;
    }
  if (date->day < 0 || date->day > cm_days_in_month (year, month))
    {
      *reason = g_strdup_printf (_("“%d” is not a day of that month"), date->day);
      return FALSE;
    }
  if (date->hour > 23 || date->minute > 59 || date->second > 59)
    {
      *reason = g_strdup_printf (_("“%d:%02d:%02d” is not a time of day"),
                                 date->hour, MAX (date->minute, 0), MAX (date->second, 0));
      return FALSE;
    }

  *time = cm_time_from_civil (year, month, day,
                              MAX (date->hour, 0), MAX (date->minute, 0), MAX (date->second, 0));
  if (utc_offset != CM_UTC_OFFSET_NONE)
    *time -= (CmTime) utc_offset * 60;

  return TRUE;
}

void
_cm_timelinejs_date_from_time (CmTime            time,
                               CmPrecision       precision,
                               int               utc_offset,
                               CmTimelinejsDate *date)
{
  CmCivil civil;

  cm_time_to_civil (time, utc_offset, &civil);
  _cm_timelinejs_date_init (date);
  date->year = _cm_timelinejs_year_from_astronomical (civil.year);

  /* The fields from the month down to @precision (none for a year or
   * coarser). */
  if (precision >= CM_PRECISION_MONTH && precision <= CM_PRECISION_SECOND)
    {
      int *fields[] = { &date->month, &date->day, &date->hour, &date->minute, &date->second };
      const int values[] = { civil.month, civil.day, civil.hour, civil.minute, civil.second };

      for (guint i = 0; i <= (guint) (precision - CM_PRECISION_MONTH); i++)
        *fields[i] = values[i];
    }
}

/* The text of a JSON scalar, for messages. */
static char *
describe_node (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else
    text = json_to_string (node, FALSE);

  if (g_utf8_strlen (text, -1) > 40)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, 40);
      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&text);
}

/* A whole number given as a number or, as TimelineJS accepts, a string. */
NumberStatus
_cm_timelinejs_get_integer (JsonObject *object,
                            const char *member,
                            gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NUMBER_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NUMBER_BAD;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return NUMBER_OK;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || fabs (d) > 1e15)
        return NUMBER_BAD;
      *value = (gint64) d;
      return NUMBER_OK;
    }
  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

      if (*text == '\0')
        return NUMBER_ABSENT;
      if (g_ascii_string_to_signed (text[0] == '+' ? text + 1 : text, 10,
                                    G_MININT64, G_MAXINT64, value, NULL))
        return NUMBER_OK;
    }

  return NUMBER_BAD;
}

static char *
bad_date_field (const char *member,
                const char *value)
{
  if (g_str_equal (member, "year"))
    return g_strdup_printf (_("“%s” is not a year"), value);
  if (g_str_equal (member, "month"))
    return g_strdup_printf (_("“%s” is not a month"), value);
  if (g_str_equal (member, "day"))
    return g_strdup_printf (_("“%s” is not a day"), value);
  if (g_str_equal (member, "hour"))
    return g_strdup_printf (_("“%s” is not an hour"), value);
  if (g_str_equal (member, "minute"))
    return g_strdup_printf (_("“%s” is not a minute"), value);

  return g_strdup_printf (_("“%s” is not a second"), value);
}

/* No date field holds a value (absent, null or empty strings). */
gboolean
_cm_timelinejs_date_is_empty (JsonObject *object)
{
  static const char * const members[] = { "year", "month", "day", "hour", "minute", "second" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      gint64 value;

      if (_cm_timelinejs_get_integer (object, members[i], &value) != NUMBER_ABSENT)
        return FALSE;
    }

  return TRUE;
}

gboolean
_cm_timelinejs_date_from_json (JsonObject       *object,
                               CmTimelinejsDate *date,
                               char            **reason)
{
  static const char * const members[] = { "year", "month", "day", "hour", "minute", "second" };
  gint64 values[G_N_ELEMENTS (members)];
  gboolean present[G_N_ELEMENTS (members)];

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      NumberStatus status = _cm_timelinejs_get_integer (object, members[i], &values[i]);

      if (status == NUMBER_BAD)
        {
          g_autofree char *text = describe_node (json_object_get_member (object, members[i]));

          *reason = bad_date_field (members[i], text);
          return FALSE;
        }
      present[i] = status == NUMBER_OK;
      /* Fields other than the year are small: keep them in an int. */
      if (present[i] && i > 0 && (values[i] < 0 || values[i] > 99))
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);

          *reason = bad_date_field (members[i], text);
          return FALSE;
        }
    }

  if (!present[0])
    {
      *reason = g_strdup (_("no year"));
      return FALSE;
    }

  _cm_timelinejs_date_init (date);
  date->year = values[0];
  date->month = present[1] ? (int) values[1] : 0;
  date->day = present[2] ? (int) values[2] : 0;
  date->hour = present[3] ? (int) values[3] : -1;
  date->minute = present[4] ? (int) values[4] : -1;
  date->second = present[5] ? (int) values[5] : -1;

  if ((present[1] && values[1] == 0) || (present[2] && values[2] == 0))
    {
      g_autofree char *text = g_strdup ("0");

      *reason = bad_date_field (present[1] && values[1] == 0 ? "month" : "day", text);
      return FALSE;
    }

  return TRUE;
}

JsonNode *
_cm_timelinejs_date_to_json (const CmTimelinejsDate *date,
                             const char             *display_date)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "year");
  json_builder_add_int_value (builder, date->year);
  if (date->month > 0)
    {
      json_builder_set_member_name (builder, "month");
      json_builder_add_int_value (builder, date->month);
    }
  if (date->day > 0)
    {
      json_builder_set_member_name (builder, "day");
      json_builder_add_int_value (builder, date->day);
    }
  if (date->hour >= 0)
    {
      json_builder_set_member_name (builder, "hour");
      json_builder_add_int_value (builder, date->hour);
    }
  if (date->minute >= 0)
    {
      json_builder_set_member_name (builder, "minute");
      json_builder_add_int_value (builder, date->minute);
    }
  if (date->second >= 0)
    {
      json_builder_set_member_name (builder, "second");
      json_builder_add_int_value (builder, date->second);
    }
  if (display_date != NULL && *display_date != '\0')
    {
      json_builder_set_member_name (builder, "display_date");
      json_builder_add_string_value (builder, display_date);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
