/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-ical"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-ical-private.h"
#include "cm-output.h"
#include "cm-properties.h"
#include "cm-utc-offset.h"

/* Writing iCalendar: one VCALENDAR, X-CHRONOMAP-* properties for what
 * iCalendar cannot say. */

typedef struct
{
  CmDocument    *document;
  CmOutput      *out;
  GHashTable    *uids;       /* generated UIDs, to keep them unique */
  icaltimetype   stamp;
} Writer;

static void
append_component (Writer        *writer,
                  icalcomponent *component)
{
  char *text = icalcomponent_as_ical_string_r (component);

  cm_output_append (writer->out, text);
  free (text);
}

static void
add_x_property (icalcomponent *component,
                const char    *name,
                const char    *value)
{
  icalproperty *prop = icalproperty_new_x (value);

  icalproperty_set_x_name (prop, name);
  icalcomponent_add_property (component, prop);
}

static void
add_extra_properties (icalcomponent *component,
                      const char    *extras,
                      gboolean       skip_ours)
{
  const char *iter = extras;
  char *key, *value;

  while (extras != NULL && cm_properties_next (&iter, &key, &value))
    {
      /* These two have properties of their own. */
      gboolean ours = g_str_equal (key, EXTRA_URL) || g_str_equal (key, EXTRA_CATEGORIES);

      if (!(skip_ours && ours) && *value != '\0')
        {
          icalproperty *prop = icalproperty_new_x (value);

          icalproperty_set_x_name (prop, X_EXTRA);
          icalproperty_set_parameter_from_string (prop, X_KEY, key);
          icalcomponent_add_property (component, prop);
        }
      g_free (key);
      g_free (value);
    }
}

/* Times with an offset are written in UTC, those without one floating;
 * dates are the local day at @offset. */
static gboolean
make_time (CmTime               time,
           int                  offset,
           gboolean             is_date,
           struct icaltimetype *t)
{
  CmCivil civil;

  cm_time_to_civil (time, is_date ? offset : CM_UTC_OFFSET_NONE, &civil);
  if (civil.year < 1 || civil.year > MAX_WRITE_YEAR)
    return FALSE;

  *t = icaltime_null_time ();
  t->year = (int) civil.year;
  t->month = civil.month;
  t->day = civil.day;
  if (is_date)
    t->is_date = 1;
  else
    {
      t->hour = civil.hour;
      t->minute = civil.minute;
      t->second = civil.second;
      if (offset != CM_UTC_OFFSET_NONE)
        t->zone = icaltimezone_get_utc_timezone ();
    }

  /* libical writes zeros for what it deems invalid (years after 3000). */
  return icaltime_is_valid_time (*t);
}

typedef struct
{
  gboolean            is_date;
  CmTime              end_time;    /* CM_TIME_INVALID: no DTEND */
  struct icaltimetype start;
  struct icaltimetype end;
} EventTimes;

/* DTSTART and DTEND of @data; FALSE when libical cannot write them. */
static gboolean
event_times (const CmEventData *data,
             EventTimes        *times)
{
  times->is_date = data->precision <= CM_PRECISION_DAY
                && (data->end == CM_TIME_INVALID || data->end_precision <= CM_PRECISION_DAY);
  times->end_time = CM_TIME_INVALID;

  /* Dates are written as the day after the last one (DTEND is exclusive);
   * date-times only when the event is a span. */
  if (times->is_date)
    times->end_time = cm_time_unit_end (data->end != CM_TIME_INVALID ? data->end : data->start,
                                        data->end != CM_TIME_INVALID ? data->end_precision
                                                                     : data->precision,
                                        data->utc_offset);
  else if (data->end != CM_TIME_INVALID)
    times->end_time = data->end;

  return make_time (data->start, data->utc_offset, times->is_date, &times->start)
      && (times->end_time == CM_TIME_INVALID
          || make_time (times->end_time, data->utc_offset, times->is_date, &times->end));
}

/* The events that an iCalendar save leaves out of the file, because they
 * are dated outside the years 1 to 3000 that libical can write (the save
 * itself succeeds with the others). */
guint
_cm_ical_count_unwritable (CmDocument  *document,
                           char       **first_title)
{
  CmEventStore *store;
  guint n, n_unwritable = 0;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), 0);

  if (first_title != NULL)
    *first_title = NULL;

  store = cm_document_get_store (document);
  n = cm_event_store_get_n_events (store);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;
      EventTimes times;

      cm_event_store_get_data (store, i, &data);
      if (event_times (&data, &times))
        continue;
      if (n_unwritable++ == 0 && first_title != NULL)
        *first_title = g_strdup (data.title);
    }

  return n_unwritable;
}

static CmPrecision
form_of (CmTime       time,
         gboolean     is_date)
{
  if (is_date)
    return CM_PRECISION_DAY;

  return time % 60 != 0 ? CM_PRECISION_SECOND : CM_PRECISION_MINUTE;
}

/* "+0200": the iCalendar form of an offset. */
static char *
format_offset (int minutes)
{
  char buffer[CM_UTC_OFFSET_FORMAT_SIZE];

  cm_utc_offset_format (minutes, buffer);
  memmove (buffer + 3, buffer + 4, strlen (buffer + 4) + 1);

  return g_strdup (buffer);
}

static const char *
stable_uid (Writer            *writer,
            const CmEventData *data)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  char *uid;

  g_checksum_update (checksum, (const guchar *) data->title, -1);
  g_checksum_update (checksum, (const guchar *) &data->start, sizeof data->start);
  g_checksum_update (checksum, (const guchar *) &data->end, sizeof data->end);
  if (data->place != NULL)
    g_checksum_update (checksum, (const guchar *) data->place, -1);

  for (guint n = 0;; n++)
    {
      uid = n == 0 ? g_strdup_printf ("%.24s@chronomap", g_checksum_get_string (checksum))
                   : g_strdup_printf ("%.24s-%u@chronomap", g_checksum_get_string (checksum), n);
      if (!g_hash_table_contains (writer->uids, uid))
        break;
      g_free (uid);
    }

  g_hash_table_add (writer->uids, uid);
  return uid;
}

/* Whether libical can write @id as a parameter value: not with a double
 * quote or a control character (RFC 5545 3.1). */
static gboolean
is_parameter_safe (const char *id)
{
  for (const char *p = id; *p != '\0'; p++)
    if (*p == '"' || (guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;

  return *id != '\0';
}

/* X-CHRONOMAP-GROUP;X-ID=…;X-KIND=…:name, for the calendar and events. */
static void
add_group_property (icalcomponent *component,
                    const CmGroup *group)
{
  icalproperty *prop = icalproperty_new_x (group->name);

  icalproperty_set_x_name (prop, X_GROUP);
  if (is_parameter_safe (group->id))
    icalproperty_set_parameter_from_string (prop, X_ID, group->id);
  icalproperty_set_parameter_from_string (prop, X_KIND, cm_group_kind_to_string (group->kind));
  icalcomponent_add_property (component, prop);
}

/* The document's categories and groups, with their ids, colours and
 * kinds, on the calendar. */
static void
add_declarations (icalcomponent *calendar,
                  CmDocument    *document)
{
  for (guint i = 0; i < cm_document_get_n_categories (document); i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);
      g_autofree char *color = cm_color_to_string (category->red, category->green, category->blue);
      icalproperty *prop;

      if (category->name == NULL || *category->name == '\0')
        continue;
      prop = icalproperty_new_x (category->name);
      icalproperty_set_x_name (prop, X_CATEGORY);
      if (is_parameter_safe (category->id))
        icalproperty_set_parameter_from_string (prop, X_ID, category->id);
      icalproperty_set_parameter_from_string (prop, X_COLOR, color);
      icalcomponent_add_property (calendar, prop);
    }

  for (guint i = 0; i < cm_document_get_n_groups (document); i++)
    {
      const CmGroup *group = cm_document_get_group (document, i);

      if (group->name != NULL && *group->name != '\0')
        add_group_property (calendar, group);
    }
}

/* Writes the event at @position, or leaves it out when it is dated beyond
 * what libical writes (see _cm_ical_count_unwritable()); a
 * CmFormatEventWriter. */
static void
write_event (gpointer      user_data,
             CmEventStore *store,
             guint         position)
{
  Writer *writer = user_data;
  CmDocument *document = writer->document;
  CmEventData data;
  EventTimes times;
  icalcomponent *event;
  const char *uid;
  g_autofree char *url = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *approximate = NULL;

  cm_event_store_get_data (store, position, &data);
  if (!event_times (&data, &times))
    return;

  event = icalcomponent_new_vevent ();
  uid = data.id != NULL && *data.id != '\0' ? data.id : stable_uid (writer, &data);
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (writer->stamp));
  icalcomponent_add_property (event, icalproperty_new_dtstart (times.start));
  if (times.end_time != CM_TIME_INVALID)
    icalcomponent_add_property (event, icalproperty_new_dtend (times.end));
  icalcomponent_add_property (event, icalproperty_new_summary (data.title));
  if (data.description != NULL)
    icalcomponent_add_property (event, icalproperty_new_description (data.description));
  if (data.place != NULL)
    icalcomponent_add_property (event, icalproperty_new_location (data.place));
  if (!isnan (data.lat) && !isnan (data.lon))
    {
      struct icalgeotype geo = { data.lat, data.lon };

      icalcomponent_add_property (event, icalproperty_new_geo (geo));
    }

  categories = cm_properties_get (data.extras, EXTRA_CATEGORIES);
  if (data.category != CM_NONE && data.category < cm_document_get_n_categories (document))
    {
      const CmCategory *category = cm_document_get_category (document, data.category);
      const char *color = _cm_ical_css_color_name (category);

      /* All the categories the event came with, when it still has the first. */
      if (categories != NULL && g_str_has_prefix (categories, category->name)
          && categories[strlen (category->name)] == ',')
        icalcomponent_add_property (event, icalproperty_new_categories (categories));
      else
        icalcomponent_add_property (event, icalproperty_new_categories (category->name));
      if (color != NULL)
        icalcomponent_add_property (event, icalproperty_new_color (color));
    }
  if (data.group != CM_NONE && data.group < cm_document_get_n_groups (document))
    add_group_property (event, cm_document_get_group (document, data.group));

  url = cm_properties_get (data.extras, EXTRA_URL);
  if (url != NULL && *url != '\0')
    icalcomponent_add_property (event, icalproperty_new_url (url));

  /* UTC is said by the "Z" of date-times, not by dates. */
  if (data.utc_offset != CM_UTC_OFFSET_NONE && (data.utc_offset != 0 || times.is_date))
    {
      g_autofree char *offset = format_offset (data.utc_offset);

      add_x_property (event, X_UTC_OFFSET, offset);
    }
  if (data.precision != form_of (data.start, times.is_date))
    add_x_property (event, X_PRECISION, cm_precision_to_string (data.precision));
  if (data.end != CM_TIME_INVALID && data.end_precision != form_of (data.end, times.is_date))
    add_x_property (event, X_END_PRECISION, cm_precision_to_string (data.end_precision));

  approximate = _cm_format_approximate_to_string (data.flags);
  if (approximate != NULL)
    add_x_property (event, X_APPROXIMATE, approximate);

  add_extra_properties (event, data.extras, TRUE);

  append_component (writer, event);
  icalcomponent_free (event);
}

gboolean
_cm_ical_save (CmDocument           *document,
               const CmSaveRequest  *request,
               GError              **error)
{
  g_auto(CmOutput) out = { 0 };
  CmEventStore *store;
  icalcomponent *calendar;
  g_autofree char *shell = NULL;
  char *tail;
  Writer writer = { 0 };
  gboolean ok = TRUE;

  store = _cm_format_start_save (&out, document, request);
  if (store == NULL)
    return FALSE;
  writer.document = document;
  writer.out = &out;
  writer.uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  writer.stamp = icaltime_from_timet_with_zone (time (NULL), 0, icaltimezone_get_utc_timezone ());

  /* The calendar's own properties, written by libical; the events are
   * written one at a time before its END line. */
  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Chronomap//Chronomap "
                                                                 PACKAGE_VERSION "//EN"));
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  if (cm_document_get_title (document) != NULL)
    add_x_property (calendar, "X-WR-CALNAME", cm_document_get_title (document));
  if (cm_document_get_description (document) != NULL)
    add_x_property (calendar, "X-WR-CALDESC", cm_document_get_description (document));
  add_declarations (calendar, document);
  add_extra_properties (calendar, cm_document_get_extras (document), FALSE);
  shell = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);

  /* The last END:VCALENDAR: the title may hold those words too (found by
   * fuzzing). */
  tail = g_strrstr (shell, "END:VCALENDAR");
  g_assert (tail != NULL && tail > shell && tail[-1] == '\n');
  cm_output_append_len (&out, shell, tail - shell);

  /* Events libical cannot write are left out, as
   * _cm_ical_count_unwritable() tells. */
  ok = _cm_format_save_events (&out, store, write_event, &writer, 1024, error);

  if (ok)
    {
      cm_output_append (&out, tail);
      ok = cm_output_finish (&out, error);
    }

  g_hash_table_unref (writer.uids);

  return ok;
}
