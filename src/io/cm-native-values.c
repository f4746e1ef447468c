/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-native"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-native-private.h"
#include "cm-properties.h"

/* The native reader's yajl callbacks for scalars: strings, numbers,
 * booleans and null, checked against the key they belong to. */

/* A scalar arrives. Returns FALSE when it should be ignored. */
static gboolean
scalar_wanted (Reader *reader)
{
  if (_cm_native_skipping (reader))
    return FALSE;

  if (reader->section == SECTION_NONE)
    {
      fail (reader, CM_FORMAT_ERROR_UNSUPPORTED,
            _("Not a Chronomap document: expected a JSON object"));
      return FALSE;
    }

  if (reader->section == SECTION_CATEGORIES || reader->section == SECTION_GROUPS
      || reader->section == SECTION_EVENTS)
    {
      fail (reader, CM_FORMAT_ERROR_WRONG_TYPE,
            _("Expected an object in “%s”"),
            reader->section == SECTION_CATEGORIES ? "categories"
            : reader->section == SECTION_GROUPS ? "groups" : "events");
      return FALSE;
    }

  return reader->key != KEY_UNKNOWN;
}

/* Members of "extra" hold text only. */
gboolean
_cm_native_extra_wants_string (Reader *reader)
{
  fail (reader, CM_FORMAT_ERROR_WRONG_TYPE, _("Expected a string for “%s” in “extra”"),
        reader->extra_key->str);
  return FALSE;
}

int
_cm_native_on_null (void *ctx)
{
  Reader *reader = ctx;

  if (!scalar_wanted (reader))
    return reader->error == NULL;

  /* null stands for "absent" in every member. */
  return TRUE;
}

/* The flag of each boolean member of an event. */
static const CmEventFlags key_flags[N_KEYS] = {
  [KEY_APPROXIMATE] = CM_EVENT_START_APPROXIMATE,
  [KEY_END_APPROXIMATE] = CM_EVENT_END_APPROXIMATE,
  [KEY_COORDINATES_APPROXIMATE] = CM_EVENT_COORDINATES_APPROXIMATE,
};

/* The event flag that member @key sets, 0 when it is not a boolean. */
static CmEventFlags
key_flag (Key key)
{
  return (guint) key < N_KEYS ? key_flags[key] : 0;
}

int
_cm_native_on_boolean (void *ctx,
                       int   value)
{
  Reader *reader = ctx;
  CmEventFlags flag;

  if (!scalar_wanted (reader))
    return reader->error == NULL;

  if (reader->section == SECTION_EXTRA)
    return _cm_native_extra_wants_string (reader);

  if (reader->section != SECTION_EVENT)
    return _cm_native_expect (reader, _("a boolean"));

  /* A boolean where another kind of value belongs: say which. */
  flag = key_flag (reader->key);
  if (flag == 0)
    return _cm_native_expect (reader, _cm_native_key_is_number (reader->key) ? _("a number") : _("a string"));

  if (value)
    reader->event.flags |= flag;
  else
    reader->event.flags &= ~flag;

  return TRUE;
}

/* Decimal numbers of up to 15 significant digits and no exponent are
 * exact as mantissa / 10^k (both exact doubles): the common case of
 * coordinates, done without strtod. NULL when another form is needed. */
static gboolean
parse_short_decimal (const char *text,
                     size_t      length,
                     double     *value)
{
  static const double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                   1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int digits = 0, decimals = -1;
  size_t i = 0;

  if (i < length && text[i] == '-')
    {
      negative = TRUE;
      i++;
    }

  for (; i < length; i++)
    {
      char c = text[i];

      if (c >= '0' && c <= '9')
        {
          if (mantissa != 0 || c != '0')
            digits++;
          if (digits > 15)
            return FALSE;
          mantissa = mantissa * 10 + (guint64) (c - '0');
          if (decimals >= 0)
            decimals++;
        }
      else if (c == '.' && decimals < 0)
        decimals = 0;
      else
        return FALSE;
    }

  if (decimals > 15)
    return FALSE;

  *value = (double) mantissa / powers[decimals < 0 ? 0 : decimals];
  if (negative)
    *value = -*value;

  return TRUE;
}

static gboolean
parse_number (const char *text,
              size_t      length,
              double     *value)
{
  char buffer[64];
  char *end = NULL;

  if (parse_short_decimal (text, length, value))
    return TRUE;

  if (length >= sizeof buffer)
    return FALSE;

  memcpy (buffer, text, length);
  buffer[length] = '\0';
  *value = g_ascii_strtod (buffer, &end);

  return end == buffer + length && isfinite (*value);
}

int
_cm_native_on_number (void       *ctx,
                      const char *text,
                      size_t      length)
{
  Reader *reader = ctx;
  double value;

  if (!scalar_wanted (reader))
    return reader->error == NULL;

  if (reader->section == SECTION_EXTRA)
    return _cm_native_extra_wants_string (reader);

  if (reader->section == SECTION_TOP && reader->key == KEY_VERSION)
    {
      if (!parse_number (text, length, &value) || value != floor (value) || value < 1)
        {
          fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                _("“chronomap” must be a format version number such as 1"));
          return FALSE;
        }
      if (value > CM_NATIVE_FORMAT_VERSION)
        {
          fail (reader, CM_FORMAT_ERROR_UNSUPPORTED,
                _("This file uses format version %.0f; this version of Chronomap reads up to version %d"),
                value, CM_NATIVE_FORMAT_VERSION);
          return FALSE;
        }
      reader->seen_version = TRUE;
      return TRUE;
    }

  if (reader->section != SECTION_EVENT)
    return _cm_native_expect (reader, _("a string"));

  if (reader->key == KEY_LAT || reader->key == KEY_LON)
    {
      if (!parse_number (text, length, &value))
        {
          fail (reader, CM_FORMAT_ERROR_BAD_COORDINATE, _("“%s” is not a usable number"),
                _cm_native_key_name (reader->key));
          return FALSE;
        }
      if (reader->key == KEY_LAT && (value < -90 || value > 90))
        {
          fail (reader, CM_FORMAT_ERROR_BAD_COORDINATE,
                _("Latitude %g is outside −90…90 degrees"), value);
          return FALSE;
        }
      if (reader->key == KEY_LON && (value < -180 || value > 180))
        {
          fail (reader, CM_FORMAT_ERROR_BAD_COORDINATE,
                _("Longitude %g is outside −180…180 degrees"), value);
          return FALSE;
        }
      if (reader->key == KEY_LAT)
        {
          reader->event.lat = value;
          reader->event.has_lat = TRUE;
        }
      else
        {
          reader->event.lon = value;
          reader->event.has_lon = TRUE;
        }
      return TRUE;
    }

  if (reader->key == KEY_UTC_OFFSET)
    {
      if (!parse_number (text, length, &value) || value != floor (value)
          || fabs (value) > CM_UTC_OFFSET_MAX)
        {
          fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                _("“utc_offset” must be a whole number of minutes within ±%d"),
                CM_UTC_OFFSET_MAX);
          return FALSE;
        }
      reader->event.utc_offset = (int) value;
      reader->event.has_utc_offset = TRUE;
      return TRUE;
    }

  if (reader->key == KEY_STOP_ORDER)
    {
      if (!parse_number (text, length, &value) || value != floor (value)
          || value < 1 || value > MAX_STOP_ORDER)
        {
          fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                _("“stop_order” must be a whole number from 1 to %d"), MAX_STOP_ORDER);
          return FALSE;
        }
      reader->event.order = (guint) value;
      return TRUE;
    }

  if (key_flag (reader->key) != 0)
    return _cm_native_expect (reader, _("a boolean"));
  return _cm_native_expect (reader, _("a string"));
}

static gboolean
read_time (Reader      *reader,
           const char  *text,
           size_t       length,
           CmTime      *time,
           CmPrecision *form,
           int         *offset)
{
  g_autoptr(GError) error = NULL;

  if (!cm_time_parse_iso_len (text, length, time, form, offset, &error))
    {
      fail (reader, CM_FORMAT_ERROR_BAD_DATE, _("“%s” is not a valid date: %s"),
            _cm_native_key_name (reader->key), error->message);
      return FALSE;
    }

  return TRUE;
}

/* Sets @string to the @length bytes of @text, which the event now has;
 * returns TRUE. */
static gboolean
set_text (GString    *string,
          gboolean   *has,
          const char *text,
          size_t      length)
{
  g_string_overwrite_len (string, 0, text, length);
  g_string_truncate (string, length);
  *has = TRUE;
  return TRUE;
}

/* A string member of a category or a group: its id, name, colour or
 * kind; others are ignored. */
static gboolean
read_entry_string (Reader     *reader,
                   const char *text,
                   size_t      length)
{
  if (reader->key == KEY_ID)
    {
      g_free (reader->current.id);
      reader->current.id = g_strndup (text, length);
      reader->current_has_id = TRUE;
    }
  else if (reader->key == KEY_NAME)
    {
      g_free (reader->current.name);
      reader->current.name = g_strndup (text, length);
    }
  else if (reader->key == KEY_COLOR)
    {
      g_autofree char *s = g_strndup (text, length);
      double r, g, b;

      if (!cm_color_parse (s, &r, &g, &b))
        {
          fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                _("“%s” is not a colour of the form #rrggbb"), s);
          return FALSE;
        }
      g_free (reader->current.color);
      reader->current.color = g_steal_pointer (&s);
    }
  else if (reader->key == KEY_KIND)
    {
      g_autofree char *s = g_strndup (text, length);

      if (!cm_group_kind_from_string (s, &reader->current.kind))
        {
          fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                _("Unknown group kind “%s” (expected “lane” or “itinerary”)"), s);
          return FALSE;
        }
    }

  return TRUE;
}

int
_cm_native_on_string (void                *ctx,
                      const unsigned char *value,
                      size_t               length)
{
  Reader *reader = ctx;
  const char *text = (const char *) value;
  EventScratch *event = &reader->event;

  if (!scalar_wanted (reader))
    return reader->error == NULL;

  if (length > MAX_STRING)
    {
      fail (reader, CM_FORMAT_ERROR_LIMIT, _("“%s” is longer than %d bytes"),
            _cm_native_key_name (reader->key), MAX_STRING);
      return FALSE;
    }

  if (memchr (text, '\0', length) != NULL)
    {
      fail (reader, CM_FORMAT_ERROR_BAD_VALUE, _("“%s” contains a NUL character"),
            _cm_native_key_name (reader->key));
      return FALSE;
    }

  /* yajl lets overlong forms and surrogates through. */
  if (!g_utf8_validate_len (text, length, NULL))
    {
      fail (reader, CM_FORMAT_ERROR_SYNTAX, _("“%s” is not valid UTF-8 text"),
            _cm_native_key_name (reader->key));
      return FALSE;
    }

  if (reader->section == SECTION_EXTRA)
    {
      cm_properties_append (reader->extras, reader->extra_key->str, text, (gssize) length);
      return TRUE;
    }

  switch (reader->section)
    {
    case SECTION_TOP:
      if (reader->key == KEY_TITLE)
        {
          g_autofree char *s = g_strndup (text, length);
          cm_document_set_title (reader->document, s);
          return TRUE;
        }
      if (reader->key == KEY_DESCRIPTION)
        {
          g_autofree char *s = g_strndup (text, length);
          cm_document_set_description (reader->document, s);
          return TRUE;
        }
      if (reader->key == KEY_VERSION)
        return _cm_native_expect (reader, _("a number"));
      return _cm_native_expect (reader, _("an array"));

    case SECTION_CATEGORY:
    case SECTION_GROUP:
      return read_entry_string (reader, text, length);

    case SECTION_EVENT:
      switch (reader->key)
        {
        case KEY_ID:
          return set_text (event->id, &event->has_id, text, length);

        case KEY_TITLE:
          return set_text (event->title, &event->has_title, text, length);

        case KEY_DESCRIPTION:
          return set_text (event->description, &event->has_description, text, length);

        case KEY_PLACE:
          return set_text (event->place, &event->has_place, text, length);

        case KEY_START:
          if (!read_time (reader, text, length, &event->start, &event->start_form,
                          &event->start_offset))
            return FALSE;
          event->has_start = TRUE;
          return TRUE;

        case KEY_END:
          if (!read_time (reader, text, length, &event->end, &event->end_form,
                          &event->end_offset))
            return FALSE;
          event->has_end = TRUE;
          return TRUE;

        case KEY_PRECISION:
        case KEY_END_PRECISION:
          {
            CmPrecision precision;

            if (!cm_precision_from_string_len (text, length, &precision))
              {
                g_autofree char *s = g_strndup (text, length);

                fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                      _("Unknown precision “%s” (expected one of billion-years, million-years, "
                        "millennium, century, decade, year, month, day, hour, minute, second)"), s);
                return FALSE;
              }
            if (reader->key == KEY_PRECISION)
              {
                event->precision = precision;
                event->has_precision = TRUE;
              }
            else
              {
                event->end_precision = precision;
                event->has_end_precision = TRUE;
              }
            return TRUE;
          }

        case KEY_CATEGORY:
        case KEY_GROUP:
        case KEY_EXTRA:
          {
            g_autofree char *s = g_strndup (text, length);

            if (reader->key == KEY_CATEGORY)
              {
                if (reader->categories->len >= MAX_CATEGORIES && !g_hash_table_contains (reader->category_ids, s))
                  {
                    fail (reader, CM_FORMAT_ERROR_LIMIT, _("More than %d categories"), MAX_CATEGORIES);
                    return FALSE;
                  }
                event->category = _cm_native_reference (reader, reader->categories, reader->category_ids, s, FALSE);
              }
            else
              {
                if (reader->groups->len >= MAX_GROUPS && !g_hash_table_contains (reader->group_ids, s))
                  {
                    fail (reader, CM_FORMAT_ERROR_LIMIT, _("More than %d groups"), MAX_GROUPS);
                    return FALSE;
                  }
                event->group = _cm_native_reference (reader, reader->groups, reader->group_ids, s, FALSE);
              }
            return TRUE;
          }

        case KEY_UTC_OFFSET:
        case KEY_STOP_ORDER:
        case KEY_LAT:
        case KEY_LON:
          return _cm_native_expect (reader, _("a number"));

        case KEY_APPROXIMATE:
        case KEY_END_APPROXIMATE:
        case KEY_COORDINATES_APPROXIMATE:
          return _cm_native_expect (reader, _("a boolean"));

        case KEY_UNKNOWN:
        case KEY_VERSION:
        case KEY_CATEGORIES:
        case KEY_GROUPS:
        case KEY_EVENTS:
        case KEY_NAME:
        case KEY_COLOR:
        case KEY_KIND:
        default:
          return TRUE;
        }

    case SECTION_NONE:
    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
    case SECTION_EVENTS:
    case SECTION_EXTRA:
    case SECTION_DONE:
    default:
      return TRUE;
    }
}
