/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-ical"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-ical-private.h"
#include "cm-properties.h"

/* Reading iCalendar events: categories, groups, X-CHRONOMAP-*
 * properties, and the load itself. */

/* RECURRENCE-ID events replace the occurrence of their UID, and EXDATE
 * excludes one, at the instant ('U') of a value in UTC or in a zone, at
 * the local time ('L') of a floating one, on the local day ('D') of a
 * date. */
char *
_cm_ical_override_key (const char *uid,
                       char        kind,
                       CmTime      time)
{
  return g_strdup_printf ("%s\x1f%c%" G_GINT64_FORMAT, uid, kind, time);
}

/* @t, a value of @prop in @event, in the zone that the TZID of @prop
 * names, which libical leaves out of some values (RECURRENCE-ID).
 * *@fallback_offset: as for _cm_ical_convert_time(). */
static struct icaltimetype
zoned_value (icalcomponent       *event,
             icalproperty        *prop,
             struct icaltimetype  t,
             int                 *fallback_offset)
{
  icalparameter *param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  const char *tzid = param != NULL ? icalparameter_get_tzid (param) : NULL;
  gboolean unknown;

  *fallback_offset = CM_UTC_OFFSET_NONE;
  if (t.is_date || icaltime_is_utc (t) || t.zone != NULL || tzid == NULL)
    return t;

  t.zone = _cm_ical_find_zone (event, tzid);
  if (t.zone == NULL)
    *fallback_offset = _cm_ical_unresolved_tzid_offset (prop, t, &unknown);

  return t;
}

/* The value @t of @prop as a moment, and the kind of its _cm_ical_override_key(). */
gboolean
_cm_ical_read_occurrence_value (icalcomponent       *event,
                                icalproperty        *prop,
                                struct icaltimetype  t,
                                Moment              *moment,
                                char                *kind)
{
  int fallback_offset;

  t = zoned_value (event, prop, t, &fallback_offset);
  if (!_cm_ical_convert_time (t, fallback_offset, moment))
    return FALSE;

  *kind = moment->is_date ? 'D' : moment->offset == CM_UTC_OFFSET_NONE ? 'L' : 'U';
  return TRUE;
}

/* The RECURRENCE-ID of @event, and the kind of its _cm_ical_override_key(). */
static gboolean
read_recurrence_id (icalcomponent *event,
                    Moment        *moment,
                    char          *kind)
{
  icalproperty *prop = icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY);

  return prop != NULL
      && _cm_ical_read_occurrence_value (event, prop, icalproperty_get_recurrenceid (prop), moment, kind);
}

/* Whether @keys (_cm_ical_override_key() with @uid) hold the occurrence @t, in the
 * zone of DTSTART, at @moment. */
gboolean
_cm_ical_matches_occurrence (GHashTable          *keys,
                             const char          *uid,
                             struct icaltimetype  t,
                             const Moment        *moment)
{
  CmTime day, local;
  g_autofree char *instant_key = NULL;
  g_autofree char *local_key = NULL;
  g_autofree char *day_key = NULL;

  if (g_hash_table_size (keys) == 0)
    return FALSE;

  day = cm_time_from_civil (t.year, t.month, t.day, 0, 0, 0);
  local = t.is_date ? day : cm_time_from_civil (t.year, t.month, t.day, t.hour, t.minute,
                                                MIN (t.second, 59));
  instant_key = _cm_ical_override_key (uid, 'U', moment->time);
  local_key = _cm_ical_override_key (uid, 'L', local);
  day_key = _cm_ical_override_key (uid, 'D', day);

  return g_hash_table_contains (keys, instant_key)
      || g_hash_table_contains (keys, local_key)
      || g_hash_table_contains (keys, day_key);
}

static void
remember_name (GHashTable *names,
               const char *name,
               guint       index)
{
  if (!g_hash_table_contains (names, name))
    g_hash_table_insert (names, g_strdup (name), GUINT_TO_POINTER (index + 1));
}

static guint
lookup_name (GHashTable *names,
             const char *name)
{
  gpointer value = g_hash_table_lookup (names, name);

  return value != NULL ? GPOINTER_TO_UINT (value) - 1 : CM_NONE;
}

/* The X-ID parameter of @prop, when it is usable as an id. */
static const char *
id_parameter (icalproperty *prop)
{
  const char *id = icalproperty_get_parameter_as_string (prop, X_ID);

  return id != NULL && *id != '\0' && g_utf8_validate (id, -1, NULL) ? id : NULL;
}

/* A category by name: one the calendar declared, else one found or added
 * by _cm_format_category_by_name() with @color when it is new. */
static guint
read_category (Loader     *loader,
               const char *name,
               const char *color)
{
  guint index = lookup_name (loader->category_names, name);

  if (index == CM_NONE)
    {
      index = _cm_format_category_by_name (loader->target.document, loader->names_added, name, color);
      if (index != CM_NONE)
        remember_name (loader->category_names, name, index);
    }

  return index;
}

/* The group an event's X-CHRONOMAP-GROUP names: by its X-ID, else by
 * name, else a new one of its X-KIND. */
static guint
read_group (Loader       *loader,
            icalproperty *prop,
            const char   *name)
{
  const char *id = id_parameter (prop);
  const char *kind_text = icalproperty_get_parameter_as_string (prop, X_KIND);
  CmGroupKind kind = CM_GROUP_LANE;
  guint index = CM_NONE;

  if (*name == '\0')
    return CM_NONE;

  if (id != NULL)
    index = cm_document_find_group (loader->target.document, id);
  if (index == CM_NONE)
    index = lookup_name (loader->group_names, name);
  if (index == CM_NONE)
    {
      if (id == NULL)
        id = name;
      index = cm_document_find_group (loader->target.document, id);
      if (index == CM_NONE)
        {
          if (kind_text != NULL && !cm_group_kind_from_string (kind_text, &kind))
            kind = CM_GROUP_LANE;
          index = cm_document_add_group (loader->target.document, id, name, kind);
        }
      remember_name (loader->group_names, name, index);
    }

  return index;
}

/* Fills @data for one occurrence starting at @start (same zone/offset rules
 * as the event's DTSTART) and adds it. */
void
_cm_ical_add_occurrence (Loader          *loader,
                         const EventInfo *info,
                         const Moment    *start,
                         const char      *id)
{
  CmEventData data;
  int offset = info->fixed_offset != CM_UTC_OFFSET_NONE ? info->fixed_offset : start->offset;
  CmTime begin = start->time;
  CmTime end = CM_TIME_INVALID;

  cm_event_data_init (&data);
  data.id = id;
  _cm_event_fields_apply (&info->fields, &data);
  data.extras = info->extras;
  data.precision = info->precision;
  data.end_precision = info->end_precision;

  /* A value written without offset in the file but with our offset
   * property: the local calendar date or time at that offset. */
  if (info->fixed_offset != CM_UTC_OFFSET_NONE && start->offset == CM_UTC_OFFSET_NONE
      && start->is_date)
    begin -= (CmTime) info->fixed_offset * 60;

  if (info->has_end)
    {
      CmTime length = info->end.time - info->start.time;

      if (start->is_date && info->end.is_date)
        {
          /* DTEND of a date is the day after the last one. */
          CmTime unit_end = cm_time_unit_end (begin, info->precision, offset);
          CmTime exclusive = begin + length;

          if (exclusive > unit_end)
            end = cm_time_truncate (exclusive - 1, info->end_precision, offset);
        }
      else if (length > 0)
        end = begin + length;
    }

  data.start = begin;
  data.end = end;
  data.utc_offset = offset;

  cm_event_store_add (loader->target.store, &data);
  loader->n_events++;
  if (loader->target.report != NULL)
    loader->target.report->n_imported++;
}

static void
read_x_properties (Loader        *loader,
                   EventInfo     *info,
                   icalcomponent *event,
                   guint          line)
{
  for (icalproperty *prop = icalcomponent_get_first_property (event, ICAL_X_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_X_PROPERTY))
    {
      const char *name = icalproperty_get_x_name (prop);
      const char *value = icalproperty_get_x (prop);
      CmPrecision precision;

      if (name == NULL || value == NULL)
        continue;

      if (g_ascii_strcasecmp (name, X_UTC_OFFSET) == 0)
        {
          int minutes;

          if (_cm_ical_parse_utc_offset (value, &minutes))
            info->fixed_offset = minutes;
        }
      else if (g_ascii_strcasecmp (name, X_PRECISION) == 0)
        {
          if (cm_precision_from_string (value, &precision))
            info->precision = precision;
        }
      else if (g_ascii_strcasecmp (name, X_END_PRECISION) == 0)
        {
          if (cm_precision_from_string (value, &precision))
            info->end_precision = precision;
        }
      else if (g_ascii_strcasecmp (name, X_APPROXIMATE) == 0)
        {
          g_auto(GStrv) parts = g_strsplit (value, ",", 4);

          for (guint i = 0; parts[i] != NULL; i++)
            {
              g_strstrip (parts[i]);
              if (g_ascii_strcasecmp (parts[i], "start") == 0)
                info->fields.flags |= CM_EVENT_START_APPROXIMATE;
              else if (g_ascii_strcasecmp (parts[i], "end") == 0)
                info->fields.flags |= CM_EVENT_END_APPROXIMATE;
              else if (g_ascii_strcasecmp (parts[i], "coordinates") == 0)
                info->fields.flags |= CM_EVENT_COORDINATES_APPROXIMATE;
            }
        }
      else if (g_ascii_strcasecmp (name, X_GROUP) == 0)
        {
          value = _cm_ical_checked_text (loader, line, X_GROUP, value);
          if (value != NULL && info->fields.group == CM_NONE)
            info->fields.group = read_group (loader, prop, value);
        }
      else if (g_ascii_strcasecmp (name, X_EXTRA) == 0)
        {
          const char *key = icalproperty_get_parameter_as_string (prop, X_KEY);

          key = _cm_ical_checked_text (loader, line, X_EXTRA, key);
          value = _cm_ical_checked_text (loader, line, X_EXTRA, value);
          if (key != NULL && *key != '\0' && value != NULL)
            {
              char *extras = cm_properties_set (info->extras, key, value);

              g_free (info->extras);
              info->extras = extras;
            }
        }
    }
}

static void
read_event (Loader        *loader,
            icalcomponent *event,
            guint          line)
{
  EventInfo info = { 0 };
  struct icaltimetype dtstart, dtend;
  icalproperty *prop;
  g_autoptr(GString) categories = NULL;
  g_autofree char *color = NULL;
  gboolean recurring, unknown_tzid;
  const char *url;

  info.fields.lat = info.fields.lon = NAN;
  info.fields.category = CM_NONE;
  info.fields.group = CM_NONE;
  info.fixed_offset = CM_UTC_OFFSET_NONE;

  info.fields.title = _cm_ical_checked_text (loader, line, "SUMMARY", icalcomponent_get_summary (event));
  info.uid = _cm_ical_checked_text (loader, line, "UID", icalcomponent_get_uid (event));
  if (info.uid != NULL && *info.uid == '\0')
    info.uid = NULL;

  prop = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  if (prop == NULL)
    {
      _cm_ical_skip_event (loader, line, CM_FORMAT_ERROR_MISSING_FIELD, _("“%s” has no start (DTSTART)"),
                  info.fields.title ? info.fields.title : "");
      return;
    }
  dtstart = icalcomponent_get_dtstart (event);
  info.fallback_offset = _cm_ical_unresolved_tzid_offset (prop, dtstart, &unknown_tzid);
  if (unknown_tzid)
    {
      icalparameter *param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
      const char *tzid = icalparameter_get_tzid (param);

      cm_import_report_skip (loader->target.report,
                             _("line %u: unknown time zone “%s”: the times of “%s” are read as "
                               "local times without offset"),
                             line, g_utf8_validate (tzid, -1, NULL) ? tzid : "?",
                             info.fields.title ? info.fields.title : "");
    }
  if (!_cm_ical_convert_time (dtstart, info.fallback_offset, &info.start))
    {
      _cm_ical_skip_event (loader, line, CM_FORMAT_ERROR_BAD_DATE, _("“%s” has no valid start (DTSTART)"),
                  info.fields.title ? info.fields.title : "");
      return;
    }

  info.fields.description = _cm_ical_checked_text (loader, line, "DESCRIPTION", icalcomponent_get_description (event));
  info.fields.place = _cm_ical_checked_text (loader, line, "LOCATION", icalcomponent_get_location (event));

  prop = icalcomponent_get_first_property (event, ICAL_GEO_PROPERTY);
  if (prop != NULL)
    {
      struct icalgeotype geo = icalproperty_get_geo (prop);

      if (_cm_format_valid_coordinates (geo.lat, geo.lon))
        {
          info.fields.lat = geo.lat;
          info.fields.lon = geo.lon;
        }
      else
        cm_import_report_skip (loader->target.report, _("line %u: ignored coordinates out of range (GEO)"),
                               line);
    }

  prop = icalcomponent_get_first_property (event, ICAL_COLOR_PROPERTY);
  if (prop != NULL)
    color = _cm_ical_css_color_to_hex (icalproperty_get_color (prop));

  for (prop = icalcomponent_get_first_property (event, ICAL_CATEGORIES_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_CATEGORIES_PROPERTY))
    {
      const char *name = _cm_ical_checked_text (loader, line, "CATEGORIES", icalproperty_get_categories (prop));

      if (name == NULL || *name == '\0')
        continue;
      if (info.fields.category == CM_NONE)
        info.fields.category = read_category (loader, name, color);
      if (categories == NULL)
        categories = g_string_new (name);
      else
        g_string_append_printf (categories, ",%s", name);
    }
  if (categories != NULL && strchr (categories->str, ',') != NULL)
    info.extras = cm_properties_set (NULL, EXTRA_CATEGORIES, categories->str);

  prop = icalcomponent_get_first_property (event, ICAL_URL_PROPERTY);
  url = prop != NULL ? _cm_ical_checked_text (loader, line, "URL", icalproperty_get_url (prop)) : NULL;
  if (url != NULL)
    {
      char *extras = cm_properties_set (info.extras, EXTRA_URL, url);

      g_free (info.extras);
      info.extras = extras;
    }

  info.precision = info.start.form;
  info.end_precision = info.start.form;

  if (icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY) != NULL
      || icalcomponent_get_first_property (event, ICAL_DURATION_PROPERTY) != NULL)
    {
      dtend = icalcomponent_get_dtend (event);
      if (_cm_ical_convert_time (dtend, info.fallback_offset, &info.end))
        {
          info.has_end = TRUE;
          info.end_precision = info.end.is_date ? CM_PRECISION_DAY : info.end.form;
        }
    }

  read_x_properties (loader, &info, event, line);

  recurring = icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY) != NULL
           || icalcomponent_get_first_property (event, ICAL_RDATE_PROPERTY) != NULL;

  if (recurring)
    _cm_ical_expand (loader, event, line, &info, dtstart);
  else if (_cm_ical_budget_left (loader))
    {
      g_autofree char *id = NULL;

      /* An occurrence that replaces one of a recurring event: the same id
       * as the occurrence it replaces. */
      if (info.uid != NULL
          && icalcomponent_get_first_property (event, ICAL_RECURRENCEID_PROPERTY) != NULL)
        {
          Moment recurrence;
          char kind;
          char *extras = cm_properties_set (info.extras, EXTRA_UID, info.uid);

          g_free (info.extras);
          info.extras = extras;
          if (read_recurrence_id (event, &recurrence, &kind))
            id = _cm_ical_occurrence_id (&info, &recurrence);
        }

      _cm_ical_add_occurrence (loader, &info, &info.start, id ? id : info.uid);
    }

  g_free (info.extras);
}

static void
collect_overrides (Loader *loader)
{
  for (guint i = 0; i < loader->events->len; i++)
    {
      icalcomponent *event = g_array_index (loader->events, EventRef, i).component;
      const char *uid = icalcomponent_get_uid (event);
      Moment recurrence;
      char kind;

      if (uid == NULL || *uid == '\0' || !g_utf8_validate (uid, -1, NULL))
        continue;
      if (read_recurrence_id (event, &recurrence, &kind))
        g_hash_table_add (loader->overrides, _cm_ical_override_key (uid, kind, recurrence.time));
    }
}

/* X-CHRONOMAP-CATEGORY and X-CHRONOMAP-GROUP of the calendar: the
 * document's categories and groups, in order, before any event. */
static void
read_declaration (Loader       *loader,
                  icalproperty *prop,
                  const char   *x_name,
                  const char   *name)
{
  const char *id = id_parameter (prop);

  if (*name == '\0')
    return;
  if (id == NULL)
    id = name;

  if (g_ascii_strcasecmp (x_name, X_CATEGORY) == 0
      && cm_document_find_category (loader->target.document, id) == CM_NONE)
    {
      const char *color = icalproperty_get_parameter_as_string (prop, X_COLOR);
      double red, green, blue;
      guint index;

      if (color != NULL && !cm_color_parse (color, &red, &green, &blue))
        color = NULL;
      index = cm_document_add_category (loader->target.document, id, name, color);
      remember_name (loader->category_names, name, index);
    }
  else if (g_ascii_strcasecmp (x_name, X_GROUP) == 0
           && cm_document_find_group (loader->target.document, id) == CM_NONE)
    {
      const char *kind_text = icalproperty_get_parameter_as_string (prop, X_KIND);
      CmGroupKind kind = CM_GROUP_LANE;
      guint index;

      if (kind_text != NULL && !cm_group_kind_from_string (kind_text, &kind))
        kind = CM_GROUP_LANE;
      index = cm_document_add_group (loader->target.document, id, name, kind);
      remember_name (loader->group_names, name, index);
    }
}

static void
read_calendar_metadata (Loader        *loader,
                        icalcomponent *calendar,
                        guint          line)
{
  const char *value;

  if (_cm_ical_x_property_value (calendar, "X-WR-CALNAME", &value)
      && _cm_ical_checked_text (loader, line, "X-WR-CALNAME", value) != NULL && *value != '\0')
    cm_document_set_title (loader->target.document, value);
  if (_cm_ical_x_property_value (calendar, "X-WR-CALDESC", &value)
      && _cm_ical_checked_text (loader, line, "X-WR-CALDESC", value) != NULL && *value != '\0')
    cm_document_set_description (loader->target.document, value);

  for (icalproperty *prop = icalcomponent_get_first_property (calendar, ICAL_X_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (calendar, ICAL_X_PROPERTY))
    {
      const char *name = icalproperty_get_x_name (prop);
      const char *key = icalproperty_get_parameter_as_string (prop, X_KEY);

      value = icalproperty_get_x (prop);
      if (name == NULL || value == NULL)
        continue;

      if (g_ascii_strcasecmp (name, X_CATEGORY) == 0 || g_ascii_strcasecmp (name, X_GROUP) == 0)
        {
          if (_cm_ical_checked_text (loader, line, name, value) != NULL)
            read_declaration (loader, prop, name, value);
        }
      else if (g_ascii_strcasecmp (name, X_EXTRA) == 0 && key != NULL && *key != '\0'
               && _cm_ical_checked_text (loader, line, X_EXTRA, key) != NULL
               && _cm_ical_checked_text (loader, line, X_EXTRA, value) != NULL)
        cm_document_set_extra (loader->target.document, key, value);
    }
}

CmDocument *
_cm_ical_load (const CmLoadRequest *request,
               GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *normalized = NULL;
  Loader loader = { 0 };
  const char *data;
  gsize length;
  CmDocument *document = NULL;
  gboolean have_calendar = FALSE;
  guint calendar_line = 1;

  bytes = _cm_format_read_text (request, MAX_FILE_SIZE, &data, &length, error);
  if (bytes == NULL || !_cm_ical_check_utf8 (data, length, request->name, error))
    return NULL;

  /* Lines ended by CR alone (some servers write them): make them LF. */
  if (memchr (data, '\n', length) == NULL && memchr (data, '\r', length) != NULL)
    {
      normalized = g_strndup (data, length);
      g_strdelimit (normalized, "\r", '\n');
      data = normalized;
    }

  loader.target.name = request->name;
  loader.target.document = cm_document_new ();
  loader.target.store = cm_event_store_new ();
  loader.target.report = request->report;
  loader.target.cancellable = request->cancellable;
  loader.begin_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  loader.errors = g_array_new (FALSE, FALSE, sizeof (ErrorLine));
  loader.roots = g_ptr_array_new ();
  loader.events = g_array_new (FALSE, FALSE, sizeof (EventRef));
  loader.overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader.category_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader.names_added = _cm_format_names_new ();
  loader.group_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!_cm_ical_parse_lines (&loader, data, length, error))
    goto out;

  for (guint i = 0; i < loader.roots->len; i++)
    {
      icalcomponent *root = g_ptr_array_index (loader.roots, i);

      if (icalcomponent_isa (root) == ICAL_VCALENDAR_COMPONENT)
        {
          if (!have_calendar)
            {
              calendar_line = _cm_ical_line_of_component (&loader, loader.preorder);
              read_calendar_metadata (&loader, root, calendar_line);
            }
          have_calendar = TRUE;
        }
      _cm_ical_walk (&loader, root, 0);
    }

  if (!have_calendar)
    {
      _cm_ical_set_error_at_line (error, request->name, 1, "%s",
                         _("Not an iCalendar file: expected “BEGIN:VCALENDAR”"));
      goto out;
    }

  collect_overrides (&loader);

  cm_event_store_begin_bulk (loader.target.store, loader.events->len);
  for (guint i = 0; i < loader.events->len; i++)
    {
      const EventRef *ref = &g_array_index (loader.events, EventRef, i);

      if ((i & 255) == 0 && g_cancellable_set_error_if_cancelled (request->cancellable, error))
        {
          cm_event_store_end_bulk (loader.target.store);
          goto out;
        }
      read_event (&loader, ref->component, ref->line);

      if (request->progress != NULL && (i & 1023) == 0)
        request->progress (0.5 + 0.5 * i / loader.events->len, request->progress_data);
    }

  /* libical's tree goes before the store is sorted and indexed. */
  for (guint i = 0; i < loader.roots->len; i++)
    icalcomponent_free (g_ptr_array_index (loader.roots, i));
  g_ptr_array_set_size (loader.roots, 0);

  cm_event_store_end_bulk (loader.target.store);

  /* Skipping some events is a partial success; skipping all is a failure. */
  if (loader.n_events == 0)
    {
      if (loader.first_reason != NULL)
        g_set_error (error, CM_FORMAT_ERROR, loader.first_reason_code, "%s:%u:1: %s (%s)",
                     request->name, loader.first_reason_line, _("No event could be read"),
                     loader.first_reason);
      else
        g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_MISSING_FIELD, "%s:%u:1: %s (%s)",
                     request->name, calendar_line, _("No event could be read"),
                     _("the calendar holds no event (VEVENT)"));
      goto out;
    }
  _cm_format_finish_load (loader.target.document, loader.target.store, request);
  document = g_steal_pointer (&loader.target.document);

out:
  _cm_ical_loader_clear (&loader);

  return document;
}
