/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-native"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-native-private.h"
#include "cm-properties.h"

/* The native reader's yajl callbacks for objects, arrays and member
 * names: which section and key the reader is in, and what a finished
 * category, group or event adds to the document. */

#define K(section, name, key) { section, sizeof (name) - 1, name, key }
static const struct { Section section; guint length; const char *name; Key key; } keys[] = {
  K (SECTION_TOP, "chronomap", KEY_VERSION),
  K (SECTION_TOP, "title", KEY_TITLE),
  K (SECTION_TOP, "description", KEY_DESCRIPTION),
  K (SECTION_TOP, "categories", KEY_CATEGORIES),
  K (SECTION_TOP, "groups", KEY_GROUPS),
  K (SECTION_TOP, "events", KEY_EVENTS),
  K (SECTION_TOP, "extra", KEY_EXTRA),
  K (SECTION_CATEGORY, "id", KEY_ID),
  K (SECTION_CATEGORY, "name", KEY_NAME),
  K (SECTION_CATEGORY, "color", KEY_COLOR),
  K (SECTION_GROUP, "id", KEY_ID),
  K (SECTION_GROUP, "name", KEY_NAME),
  K (SECTION_GROUP, "kind", KEY_KIND),
  K (SECTION_EVENT, "id", KEY_ID),
  K (SECTION_EVENT, "title", KEY_TITLE),
  K (SECTION_EVENT, "description", KEY_DESCRIPTION),
  K (SECTION_EVENT, "start", KEY_START),
  K (SECTION_EVENT, "end", KEY_END),
  K (SECTION_EVENT, "precision", KEY_PRECISION),
  K (SECTION_EVENT, "end_precision", KEY_END_PRECISION),
  K (SECTION_EVENT, "utc_offset", KEY_UTC_OFFSET),
  K (SECTION_EVENT, "approximate", KEY_APPROXIMATE),
  K (SECTION_EVENT, "end_approximate", KEY_END_APPROXIMATE),
  K (SECTION_EVENT, "place", KEY_PLACE),
  K (SECTION_EVENT, "lat", KEY_LAT),
  K (SECTION_EVENT, "lon", KEY_LON),
  K (SECTION_EVENT, "coordinates_approximate", KEY_COORDINATES_APPROXIMATE),
  K (SECTION_EVENT, "category", KEY_CATEGORY),
  K (SECTION_EVENT, "group", KEY_GROUP),
  K (SECTION_EVENT, "stop_order", KEY_STOP_ORDER),
  K (SECTION_EVENT, "extra", KEY_EXTRA),
};
#undef K

static inline gboolean
key_matches (guint                i,
             Section              section,
             const unsigned char *text,
             size_t               length)
{
  return keys[i].length == length && keys[i].section == section
      && memcmp (text, keys[i].name, length) == 0;
}

/* Files repeat the same members in the same order event after event: try
 * the entry after the last one matched before searching the table. */
static Key
lookup_key (guint               *last,
            Section              section,
            const unsigned char *text,
            size_t               length)
{
  for (guint tries = 1; tries <= 2; tries++)
    {
      guint next = (*last + tries) % G_N_ELEMENTS (keys);

      if (key_matches (next, section, text, length))
        {
          *last = next;
          return keys[next].key;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (key_matches (i, section, text, length))
      {
        *last = i;
        return keys[i].key;
      }

  return KEY_UNKNOWN;
}

static gboolean
enter (Reader *reader)
{
  reader->depth++;
  if (reader->depth > MAX_DEPTH)
    {
      fail (reader, CM_FORMAT_ERROR_LIMIT, _("Nested more than %d levels deep"), MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

/* What the start of an object or an array does first: counts the depth,
 * and answers alone for skipped members and values inside "extra".
 * Returns TRUE when *@answer is the handler's answer. */
static gboolean
start_container (Reader *reader,
                 int    *answer)
{
  if (!enter (reader))
    *answer = FALSE;
  else if (_cm_native_skipping (reader))
    *answer = TRUE;
  else if (reader->section == SECTION_EXTRA)
    *answer = _cm_native_extra_wants_string (reader);
  else
    return FALSE;

  return TRUE;
}

/* What the end of an object or an array does first: counts the depth
 * down, and ends a skip that closes here. Returns TRUE while skipping
 * (the handler has nothing more to do). */
static gboolean
end_container (Reader *reader)
{
  reader->depth--;

  if (!_cm_native_skipping (reader))
    return FALSE;

  if (reader->depth == reader->skip_depth)
    reader->skip_depth = -1;
  return TRUE;
}

int
_cm_native_on_start_map (void *ctx)
{
  Reader *reader = ctx;
  int answer;

  if (start_container (reader, &answer))
    return answer;

  if (reader->key == KEY_EXTRA && (reader->section == SECTION_TOP || reader->section == SECTION_EVENT))
    {
      reader->extra_parent = reader->section;
      reader->section = SECTION_EXTRA;
      g_string_truncate (reader->extras, 0);
      g_string_truncate (reader->extra_key, 0);
      return TRUE;
    }

  switch (reader->section)
    {
    case SECTION_NONE:
      reader->section = SECTION_TOP;
      reader->seen_top = TRUE;
      reader->key = KEY_UNKNOWN;
      return TRUE;

    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
      reader->section = reader->section == SECTION_CATEGORIES ? SECTION_CATEGORY : SECTION_GROUP;
      memset (&reader->current, 0, sizeof reader->current);
      reader->current_has_id = FALSE;
      reader->current_position = _cm_native_current_position (reader);
      reader->key = KEY_UNKNOWN;
      return TRUE;

    case SECTION_EVENTS:
      reader->section = SECTION_EVENT;
      _cm_native_event_reset (&reader->event);
      reader->event.position = _cm_native_current_position (reader);
      reader->key = KEY_UNKNOWN;
      return TRUE;

    case SECTION_TOP:
    case SECTION_CATEGORY:
    case SECTION_GROUP:
    case SECTION_EVENT:
    case SECTION_EXTRA:
    case SECTION_DONE:
    default:
      if (reader->key == KEY_UNKNOWN)
        {
          reader->skip_depth = reader->depth - 1;
          return TRUE;
        }
      if (reader->section == SECTION_TOP
          && (reader->key == KEY_CATEGORIES || reader->key == KEY_GROUPS || reader->key == KEY_EVENTS))
        return _cm_native_expect (reader, _("an array"));
      if (reader->key == KEY_VERSION || _cm_native_key_is_number (reader->key))
        return _cm_native_expect (reader, _("a number"));
      if (reader->key == KEY_APPROXIMATE || reader->key == KEY_END_APPROXIMATE
          || reader->key == KEY_COORDINATES_APPROXIMATE)
        return _cm_native_expect (reader, _("a boolean"));
      return _cm_native_expect (reader, _("a string"));
    }
}

int
_cm_native_on_map_key (void                *ctx,
                       const unsigned char *text,
                       size_t               length)
{
  Reader *reader = ctx;

  if (_cm_native_skipping (reader))
    return TRUE;

  if (reader->section == SECTION_EXTRA)
    {
      if (!g_utf8_validate_len ((const char *) text, length, NULL) || memchr (text, '\0', length) != NULL)
        {
          fail (reader, CM_FORMAT_ERROR_SYNTAX, _("A member name in “extra” is not valid UTF-8 text"));
          return FALSE;
        }
      g_string_truncate (reader->extra_key, 0);
      g_string_append_len (reader->extra_key, (const char *) text, (gssize) length);
      reader->key = KEY_EXTRA;
      return TRUE;
    }

  reader->key = lookup_key (&reader->last_key, reader->section, text, length);

  return TRUE;
}

static gboolean
finish_entry (Reader     *reader,
              GPtrArray  *entries,
              GHashTable *ids,
              gboolean    is_category)
{
  gpointer found;
  Entry *entry;

  if (!reader->current_has_id || reader->current.id == NULL || reader->current.id[0] == '\0')
    {
      _cm_native_set_error_at (reader, &reader->current_position, CM_FORMAT_ERROR_MISSING_FIELD, "%s",
                    is_category ? _("This category has no “id”") : _("This group has no “id”"));
      return FALSE;
    }

  found = g_hash_table_lookup (ids, reader->current.id);
  if (found != NULL)
    {
      entry = g_ptr_array_index (entries, GPOINTER_TO_UINT (found) - 1);
      if (entry->defined)
        {
          _cm_native_set_error_at (reader, &reader->current_position, CM_FORMAT_ERROR_BAD_VALUE,
                        is_category ? _("A second category has the id “%s”")
                                    : _("A second group has the id “%s”"),
                        reader->current.id);
          return FALSE;
        }
    }
  else
    {
      if (entries->len >= MAX_CATEGORIES)
        {
          _cm_native_set_error_at (reader, &reader->current_position,
                        CM_FORMAT_ERROR_LIMIT, _("More than %d entries"), MAX_CATEGORIES);
          return FALSE;
        }
      entry = g_new0 (Entry, 1);
      entry->id = g_strdup (reader->current.id);
      g_ptr_array_add (entries, entry);
      g_hash_table_insert (ids, entry->id, GUINT_TO_POINTER (entries->len));
    }

  entry->defined = TRUE;
  g_free (entry->name);
  entry->name = g_steal_pointer (&reader->current.name);
  g_free (entry->color);
  entry->color = g_steal_pointer (&reader->current.color);
  entry->kind = reader->current.kind;
  g_clear_pointer (&reader->current.id, g_free);

  return TRUE;
}

static gboolean
finish_event (Reader *reader)
{
  EventScratch *event = &reader->event;
  CmEventData data;
  const char *missing = NULL;

  if (!event->has_title)
    missing = "title";
  else if (!event->has_start)
    missing = "start";

  if (missing != NULL)
    {
      _cm_native_set_error_at (reader, &event->position, CM_FORMAT_ERROR_MISSING_FIELD,
                    _("This event has no “%s”"), missing);
      return FALSE;
    }

  if (event->has_lat != event->has_lon)
    {
      _cm_native_set_error_at (reader, &event->position, CM_FORMAT_ERROR_BAD_COORDINATE,
                    _("This event has “%s” but no “%s”"),
                    event->has_lat ? "lat" : "lon", event->has_lat ? "lon" : "lat");
      return FALSE;
    }

  cm_event_data_init (&data);
  data.id = event->has_id ? event->id->str : NULL;
  data.title = event->title->str;
  data.description = event->has_description ? event->description->str : NULL;
  data.place = event->has_place ? event->place->str : NULL;
  data.flags = event->flags;
  data.extras = event->has_extras ? reader->extras->str : NULL;
  data.category = event->category;
  data.group = event->group;
  data.order = event->order;
  if (event->has_lat)
    {
      data.lat = event->lat;
      data.lon = event->lon;
    }

  /* The offset to show the event in: the member, else the one written in the
   * start. A date written without an offset is local time at that offset. */
  data.utc_offset = event->has_utc_offset ? event->utc_offset : event->start_offset;
  data.start = event->start;
  if (event->start_offset == CM_UTC_OFFSET_NONE && data.utc_offset != CM_UTC_OFFSET_NONE)
    data.start -= (CmTime) data.utc_offset * 60;

  data.precision = event->has_precision ? event->precision : event->start_form;
  if (data.precision > event->start_form)
    {
      _cm_native_set_error_at (reader, &event->position, CM_FORMAT_ERROR_BAD_VALUE,
                    _("The precision “%s” is finer than the start date written"),
                    cm_precision_to_string (data.precision));
      return FALSE;
    }

  if (event->has_end)
    {
      data.end = event->end;
      if (event->end_offset == CM_UTC_OFFSET_NONE && data.utc_offset != CM_UTC_OFFSET_NONE)
        data.end -= (CmTime) data.utc_offset * 60;
      data.end_precision = event->has_end_precision ? event->end_precision : event->end_form;
      if (data.end_precision > event->end_form)
        {
          _cm_native_set_error_at (reader, &event->position, CM_FORMAT_ERROR_BAD_VALUE,
                        _("The precision “%s” is finer than the end date written"),
                        cm_precision_to_string (data.end_precision));
          return FALSE;
        }
      if (data.end < data.start)
        {
          _cm_native_set_error_at (reader, &event->position, CM_FORMAT_ERROR_BAD_DATE,
                        _("This event ends before it starts"));
          return FALSE;
        }
    }
  else
    {
      data.end_precision = data.precision;
    }

  cm_event_store_add (reader->store, &data);

  return TRUE;
}

int
_cm_native_on_end_map (void *ctx)
{
  Reader *reader = ctx;

  if (end_container (reader))
    return TRUE;

  switch (reader->section)
    {
    case SECTION_TOP:
      reader->section = SECTION_DONE;
      return TRUE;

    case SECTION_CATEGORY:
      reader->section = SECTION_CATEGORIES;
      return finish_entry (reader, reader->categories, reader->category_ids, TRUE);

    case SECTION_GROUP:
      reader->section = SECTION_GROUPS;
      return finish_entry (reader, reader->groups, reader->group_ids, FALSE);

    case SECTION_EVENT:
      reader->section = SECTION_EVENTS;
      return finish_event (reader);

    case SECTION_EXTRA:
      reader->section = reader->extra_parent;
      reader->key = KEY_UNKNOWN;
      if (reader->section == SECTION_TOP)
        cm_document_set_extras (reader->document, reader->extras->str);
      else
        reader->event.has_extras = reader->extras->len > 0;
      return TRUE;

    case SECTION_NONE:
    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
    case SECTION_EVENTS:
    case SECTION_DONE:
    default:
      return TRUE;
    }
}

int
_cm_native_on_start_array (void *ctx)
{
  Reader *reader = ctx;
  int answer;

  if (start_container (reader, &answer))
    return answer;

  if (reader->key == KEY_EXTRA)
    return _cm_native_expect (reader, _("an object"));

  switch (reader->section)
    {
    case SECTION_NONE:
      fail (reader, CM_FORMAT_ERROR_UNSUPPORTED,
            _("Not a Chronomap document: expected a JSON object"));
      return FALSE;

    case SECTION_TOP:
      if (reader->key == KEY_CATEGORIES)
        reader->section = SECTION_CATEGORIES;
      else if (reader->key == KEY_GROUPS)
        reader->section = SECTION_GROUPS;
      else if (reader->key == KEY_EVENTS)
        reader->section = SECTION_EVENTS;
      else if (reader->key == KEY_UNKNOWN)
        reader->skip_depth = reader->depth - 1;
      else if (reader->key == KEY_VERSION)
        return _cm_native_expect (reader, _("a number"));
      else
        return _cm_native_expect (reader, _("a string"));
      return TRUE;

    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
    case SECTION_EVENTS:
      fail (reader, CM_FORMAT_ERROR_WRONG_TYPE, _("Expected an object, not an array"));
      return FALSE;

    case SECTION_CATEGORY:
    case SECTION_GROUP:
    case SECTION_EVENT:
    case SECTION_EXTRA:
    case SECTION_DONE:
    default:
      if (reader->key == KEY_UNKNOWN)
        {
          reader->skip_depth = reader->depth - 1;
          return TRUE;
        }
      if (_cm_native_key_is_number (reader->key))
        return _cm_native_expect (reader, _("a number"));
      if (reader->key == KEY_APPROXIMATE || reader->key == KEY_END_APPROXIMATE
          || reader->key == KEY_COORDINATES_APPROXIMATE)
        return _cm_native_expect (reader, _("a boolean"));
      return _cm_native_expect (reader, _("a string"));
    }
}

int
_cm_native_on_end_array (void *ctx)
{
  Reader *reader = ctx;

  if (end_container (reader))
    return TRUE;

  if (reader->section == SECTION_CATEGORIES || reader->section == SECTION_GROUPS
      || reader->section == SECTION_EVENTS)
    reader->section = SECTION_TOP;

  return TRUE;
}
