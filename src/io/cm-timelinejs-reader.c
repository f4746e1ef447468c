/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timelinejs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-format.h"
#include "cm-format-util.h"
#include "cm-json-reader.h"
#include "cm-properties.h"
#include "cm-timelinejs-private.h"

/* Reading TimelineJS JSON: the document around the events first, then
 * the events streamed one at a time by cm-json-reader.h. */

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
get_object_element (JsonArray *array,
                    guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_boolean (JsonObject *object,
             const char *member,
             gboolean   *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_double (JsonObject *object,
            const char *member,
            double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_double (node);
  return isfinite (*value);
}

static gboolean
valid_key (const char *key)
{
  gsize length = strlen (key);

  if (length == 0 || length > CM_TIMELINEJS_MAX_KEY_LENGTH)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

/* Every string member of @object as "prefix_member" extras. */
static void
keep_members (GString    *extras,
              JsonObject *object,
              const char *prefix)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  if (object == NULL)
    return;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &node))
    {
      g_autofree char *key = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || !valid_key (member))
        continue;
      key = g_strconcat (prefix, member, NULL);
      cm_properties_append (extras, key, json_node_get_string (node), -1);
    }
}

typedef struct
{
  const char     *name;
  CmDocument     *document;
  CmEventStore   *store;
  CmImportReport *report;
  GHashTable     *group_names;     /* name -> index */
  GHashTable     *category_names;  /* name -> index */
  GString        *extras;
  gboolean        cosmological;
  guint           n_events;
  guint           n_imported;
  guint           n_milliseconds;  /* times whose milliseconds were dropped */
  char           *first_reason;    /* why the first skipped event was */
  Position        first_position;
} Reader;

/* Text and headline, media, background, display date, id, autolink:
 * shared by events and the title slide. */
static void
read_slide_text (GString     *extras,
                 JsonObject  *slide,
                 const char  *prefix,
                 char       **title,
                 char       **description)
{
  JsonObject *text = get_object (slide, "text");
  const char *headline = get_string (text, "headline");
  const char *body = get_string (text, "text");
  const char *display_date = get_string (slide, "display_date");
  g_autofree char *key = NULL;
  gboolean autolink;

  if (headline != NULL)
    {
      g_autofree char *keep = NULL;

      *title = _cm_timelinejs_html_import (headline, strlen (headline), &keep);
      key = g_strconcat (prefix, "headline_html", NULL);
      cm_properties_append (extras, key, keep, -1);
      g_clear_pointer (&key, g_free);
    }
  if (body != NULL)
    {
      g_autofree char *keep = NULL;

      *description = _cm_timelinejs_html_import (body, strlen (body), &keep);
      key = g_strconcat (prefix, "text_html", NULL);
      cm_properties_append (extras, key, keep, -1);
      g_clear_pointer (&key, g_free);
    }

  key = g_strconcat (prefix, "media_", NULL);
  keep_members (extras, get_object (slide, "media"), key);
  g_clear_pointer (&key, g_free);
  key = g_strconcat (prefix, "background_", NULL);
  keep_members (extras, get_object (slide, "background"), key);
  g_clear_pointer (&key, g_free);

  key = g_strconcat (prefix, "display_date", NULL);
  cm_properties_append (extras, key, display_date, -1);
  g_clear_pointer (&key, g_free);

  if (get_boolean (slide, "autolink", &autolink))
    {
      key = g_strconcat (prefix, "autolink", NULL);
      cm_properties_append (extras, key, autolink ? "true" : "false", -1);
      g_clear_pointer (&key, g_free);
    }
}

static void
keep_millisecond (Reader     *reader,
                  JsonObject *date,
                  const char *key)
{
  gint64 value;

  if (_cm_timelinejs_get_integer (date, "millisecond", &value) == NUMBER_OK && value > 0 && value < 1000)
    {
      char text[8];

      reader->n_milliseconds++;
      g_snprintf (text, sizeof text, "%d", (int) value);
      cm_properties_append (reader->extras, key, text, -1);
    }
}

/* The "chronomap" member of an event: what TimelineJS has no field for. */
static gboolean
read_event_ext (Reader      *reader,
                JsonObject  *ext,
                CmEventData *data,
                gboolean    *has_precision,
                gboolean    *has_end_precision,
                char       **reason)
{
  JsonObject *extra = get_object (ext, "extra");
  const char *text;
  double lat, lon;
  gint64 offset, order;
  gboolean flag;

  data->place = get_string (ext, "place");

  if (get_double (ext, "lat", &lat) && get_double (ext, "lon", &lon))
    {
      if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
        {
          *reason = g_strdup_printf (_("%g, %g are not coordinates"), lat, lon);
          return FALSE;
        }
      data->lat = lat;
      data->lon = lon;
    }

  if ((text = get_string (ext, "category")) != NULL)
    {
      data->category = cm_document_find_category (reader->document, text);
      if (data->category == CM_NONE)
        data->category = _cm_format_category_by_name (reader->document,
                                                      reader->category_names, text, NULL);
    }

  if (_cm_timelinejs_get_integer (ext, "utc_offset", &offset) == NUMBER_OK
      && ABS (offset) <= CM_UTC_OFFSET_MAX)
    data->utc_offset = (int) offset;

  /* A whole number from 1; anything else is no order. */
  if (_cm_timelinejs_get_integer (ext, "stop_order", &order) == NUMBER_OK
      && order >= 1 && order <= G_MAXINT32)
    data->order = (guint) order;

  if ((text = get_string (ext, "precision")) != NULL)
    *has_precision = cm_precision_from_string (text, &data->precision);
  if ((text = get_string (ext, "end_precision")) != NULL)
    *has_end_precision = cm_precision_from_string (text, &data->end_precision);

  if (get_boolean (ext, "approximate", &flag) && flag)
    data->flags |= CM_EVENT_START_APPROXIMATE;
  if (get_boolean (ext, "end_approximate", &flag) && flag)
    data->flags |= CM_EVENT_END_APPROXIMATE;
  if (get_boolean (ext, "coordinates_approximate", &flag) && flag)
    data->flags |= CM_EVENT_COORDINATES_APPROXIMATE;

  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init_ordered (&iter, extra);
      while (json_object_iter_next_ordered (&iter, &member, &node))
        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
          cm_properties_append (reader->extras, member, json_node_get_string (node), -1);
    }

  return TRUE;
}

static gboolean
read_event (Reader     *reader,
            JsonNode   *node,
            char      **reason)
{
  JsonObject *event, *start, *end, *ext;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  CmTimelinejsDate start_date, end_date;
  gboolean has_precision = FALSE, has_end_precision = FALSE;
  CmPrecision implied, end_implied = CM_PRECISION_YEAR;
  CmEventData data;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = g_strdup (_("not an object"));
      return FALSE;
    }
  event = json_node_get_object (node);

  start = get_object (event, "start_date");
  if (start == NULL)
    {
      *reason = g_strdup (json_object_has_member (event, "start_date")
                          ? _("“start_date” is not an object") : _("no start date"));
      return FALSE;
    }
  if (!json_object_has_member (start, "year"))
    {
      *reason = g_strdup (_("no start year"));
      return FALSE;
    }
  if (!_cm_timelinejs_date_from_json (start, &start_date, reason))
    {
      g_autofree char *inner = *reason;

      *reason = g_strdup_printf (_("start date: %s"), inner);
      return FALSE;
    }

  end = get_object (event, "end_date");
  if (end == NULL && json_object_has_member (event, "end_date")
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (event, "end_date")))
    {
      *reason = g_strdup (_("“end_date” is not an object"));
      return FALSE;
    }
  /* An end whose fields are all empty (TimelineJS's own template writes
   * them so) is no end. */
  if (end != NULL && _cm_timelinejs_date_is_empty (end))
    end = NULL;
  if (end != NULL && !json_object_has_member (end, "year"))
    {
      *reason = g_strdup (_("no end year"));
      return FALSE;
    }
  if (end != NULL && !_cm_timelinejs_date_from_json (end, &end_date, reason))
    {
      g_autofree char *inner = *reason;

      *reason = g_strdup_printf (_("end date: %s"), inner);
      return FALSE;
    }

  g_string_truncate (reader->extras, 0);
  cm_event_data_init (&data);
  data.id = get_string (event, "unique_id");

  ext = get_object (event, "chronomap");
  if (ext != NULL && !read_event_ext (reader, ext, &data, &has_precision, &has_end_precision, reason))
    return FALSE;

  /* A precision no finer than the fields written (a year alone implies
   * millions of years when large, but holds a year). */
  implied = _cm_timelinejs_date_precision (&start_date);
  if (!has_precision || data.precision > MAX (implied, CM_PRECISION_YEAR))
    data.precision = implied;
  if (!_cm_timelinejs_date_to_time (&start_date, data.utc_offset, &data.start, reason))
    {
      g_autofree char *inner = *reason;

      *reason = g_strdup_printf (_("start date: %s"), inner);
      return FALSE;
    }
  if (end != NULL)
    {
      end_implied = _cm_timelinejs_date_precision (&end_date);
      if (!_cm_timelinejs_date_to_time (&end_date, data.utc_offset, &data.end, reason))
        {
          g_autofree char *inner = *reason;

          *reason = g_strdup_printf (_("end date: %s"), inner);
          return FALSE;
        }
      if (data.end < data.start)
        {
          *reason = g_strdup (_("it ends before it starts"));
          return FALSE;
        }
    }
  if (!has_end_precision || data.end_precision > MAX (end_implied, CM_PRECISION_YEAR))
    data.end_precision = end != NULL ? end_implied : data.precision;

  if (start_date.year < CM_TIMELINEJS_MIN_HUMAN_YEAR || start_date.year > CM_TIMELINEJS_MAX_HUMAN_YEAR
      || (end != NULL && (end_date.year < CM_TIMELINEJS_MIN_HUMAN_YEAR
                          || end_date.year > CM_TIMELINEJS_MAX_HUMAN_YEAR)))
    reader->cosmological = TRUE;

  read_slide_text (reader->extras, event, "", &title, &description);
  data.title = title != NULL ? title : "";
  data.description = description;
  cm_properties_append (reader->extras, "start_display_date", get_string (start, "display_date"), -1);
  if (end != NULL)
    cm_properties_append (reader->extras, "end_display_date", get_string (end, "display_date"), -1);
  keep_millisecond (reader, start, "start_millisecond");
  if (end != NULL)
    keep_millisecond (reader, end, "end_millisecond");

  data.group = _cm_format_group_by_name (reader->document, reader->group_names,
                                         get_string (event, "group"), CM_GROUP_LANE);
  data.extras = reader->extras->len > 0 ? reader->extras->str : NULL;
  cm_event_store_add (reader->store, &data);

  return TRUE;
}

/* TRUE when a category or group of the "chronomap" member can be added:
 * it has its @id and @name, @find finds no other with the id, and fewer
 * than @max (@n_existing) are there. */
static gboolean
can_add_ext (CmDocument  *document,
             const char  *id,
             const char  *name,
             guint      (*find) (CmDocument *, const char *),
             guint        n_existing,
             guint        max)
{
  return id != NULL && name != NULL && find (document, id) == CM_NONE && n_existing < max;
}

/* Remembers that @name is at @index in @names, unless an earlier one has
 * the name. */
static void
remember_first_name (GHashTable *names,
                     const char *name,
                     guint       index)
{
  if (!g_hash_table_contains (names, name))
    g_hash_table_insert (names, g_strdup (name), GUINT_TO_POINTER (index));
}

/* A category of the "chronomap" member (see can_add_ext()). */
static void
read_ext_category (Reader     *reader,
                   JsonObject *category)
{
  const char *id = get_string (category, "id");
  const char *name = get_string (category, "name");
  const char *color = get_string (category, "color");
  double r, g, b;

  if (!can_add_ext (reader->document, id, name, cm_document_find_category,
                    cm_document_get_n_categories (reader->document),
                    CM_TIMELINEJS_MAX_CATEGORIES))
    return;
  if (color != NULL && !cm_color_parse (color, &r, &g, &b))
    color = NULL;
  remember_first_name (reader->category_names, name,
                       cm_document_add_category (reader->document, id, name, color));
}

/* A group of the "chronomap" member, with its kind (a lane unless it
 * names another). */
static void
read_ext_group (Reader     *reader,
                JsonObject *group)
{
  const char *kind_text = get_string (group, "kind");
  const char *id = get_string (group, "id");
  const char *name = get_string (group, "name");
  CmGroupKind kind = CM_GROUP_LANE;

  if (!can_add_ext (reader->document, id, name, cm_document_find_group,
                    cm_document_get_n_groups (reader->document), CM_TIMELINEJS_MAX_GROUPS))
    return;
  if (kind_text != NULL && !cm_group_kind_from_string (kind_text, &kind))
    kind = CM_GROUP_LANE;
  remember_first_name (reader->group_names, name,
                       cm_document_add_group (reader->document, id, name, kind));
}

/* Each element of the array @member of @ext, if it is one, read by @read
 * (an element that is not an object comes as NULL). */
static void
read_ext_array (Reader      *reader,
                JsonObject  *ext,
                const char  *member,
                void       (*read) (Reader *, JsonObject *))
{
  JsonNode *node = json_object_get_member (ext, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    read (reader, get_object_element (array, i));
}

/* Categories, groups (with their kinds) and foreign extras written by
 * Chronomap in the top-level "chronomap" member. */
static void
read_document_ext (Reader     *reader,
                   JsonObject *ext,
                   GString    *document_extras)
{
  JsonNode *node;

  read_ext_array (reader, ext, "categories", read_ext_category);
  read_ext_array (reader, ext, "groups", read_ext_group);

  node = json_object_get_member (ext, "extra");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          cm_properties_append (document_extras, member, json_node_get_string (value), -1);
    }
}

/* ---- reading: the document ---------------------------------------------- */

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->group_names, g_hash_table_unref);
  g_clear_pointer (&reader->category_names, g_hash_table_unref);
  if (reader->extras != NULL)
    g_string_free (g_steal_pointer (&reader->extras), TRUE);
  g_clear_object (&reader->document);
  g_clear_pointer (&reader->first_reason, g_free);
}

/* One element of "events", as the JSON reader streams them. */
static gboolean
event_cb (JsonNode  *node,
          guint      index,
          guint      line,
          guint      column,
          gpointer   user_data,
          GError   **error)
{
  Reader *reader = user_data;
  g_autofree char *reason = NULL;

  reader->n_events++;
  if (read_event (reader, node, &reason))
    {
      reader->n_imported++;
      return TRUE;
    }

  cm_import_report_skip (reader->report, _("event %u (line %u): %s"), index + 1, line, reason);
  if (reader->first_reason == NULL)
    {
      reader->first_reason = g_steal_pointer (&reason);
      reader->first_position.line = line;
      reader->first_position.column = column;
    }

  return TRUE;
}

/* Where the root object starts, for errors about it. */
static Position
root_position (const char *text,
               gsize       length)
{
  CmTextPosition at = CM_TEXT_POSITION_START;
  const char *brace = memchr (text, '{', length);

  if (brace != NULL)
    _cm_text_position_advance (&at, text, (gsize) (brace - text));

  return (Position) { at.line, at.column };
}

/* The error of a top-level member of the wrong type, where the root
 * object opens: "name:line:column: @message". */
static void
set_member_type_error (GError     **error,
                       const char  *name,
                       const char  *text,
                       gsize        length,
                       const char  *message)
{
  Position position = root_position (text, length);

  g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_WRONG_TYPE, "%s:%u:%u: %s", name,
               position.line, position.column, message);
}

CmDocument *
_cm_timelinejs_load (const CmLoadRequest *request,
                     GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) rest = NULL;
  g_autoptr(GString) document_extras = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  Reader reader = { 0 };
  JsonObject *root, *title_slide, *ext;
  JsonNode *member, *events_node;
  const char *text, *scale, *unique_id;
  const char *name = request->name;
  CmDocument *document = NULL;
  gsize length;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = _cm_format_read_text (request, CM_TIMELINEJS_MAX_FILE_SIZE, &text, &length, error);
  if (bytes == NULL || !_cm_format_check_utf8 (text, length, name, error))
    return NULL;

  /* First the document around the events (its "chronomap" member comes
   * after them in the files Chronomap writes), skipping the events. */
  node = _cm_json_read (text, length, name, "events", NULL, NULL, NULL, NULL, 0.5,
                        request->cancellable, error);
  if (node == NULL)
    return NULL;

  reader.name = name;
  reader.report = request->report;
  reader.group_names = _cm_format_names_new ();
  reader.category_names = _cm_format_names_new ();
  reader.extras = g_string_new (NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED, "%s:1:1: %s", name,
                   _("Not a TimelineJS file: expected a JSON object"));
      goto out;
    }
  root = json_node_get_object (node);

  events_node = json_object_get_member (root, "events");
  if (events_node != NULL && !JSON_NODE_HOLDS_ARRAY (events_node))
    {
      set_member_type_error (error, name, text, length, _("“events” must be an array"));
      goto out;
    }
  member = json_object_get_member (root, "title");
  if (member != NULL && !JSON_NODE_HOLDS_OBJECT (member))
    {
      set_member_type_error (error, name, text, length, _("“title” must be an object"));
      goto out;
    }
  title_slide = member != NULL ? json_node_get_object (member) : NULL;
  if (events_node == NULL && title_slide == NULL)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED, "%s:1:1: %s", name,
                   _("Not a TimelineJS file: it has no “events” and no “title”"));
      goto out;
    }

  reader.document = cm_document_new ();
  reader.store = cm_document_get_store (reader.document);

  ext = get_object (root, "chronomap");
  if (ext != NULL)
    read_document_ext (&reader, ext, document_extras);

  if (title_slide != NULL)
    {
      read_slide_text (document_extras, title_slide, "title_", &title, &description);
      if ((unique_id = get_string (title_slide, "unique_id")) != NULL)
        cm_properties_append (document_extras, "title_unique_id", unique_id, -1);
      cm_document_set_title (reader.document, title != NULL && *title != '\0' ? title : NULL);
      cm_document_set_description (reader.document,
                                   description != NULL && *description != '\0' ? description : NULL);
    }

  member = json_object_get_member (root, "eras");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member)
      && json_array_get_length (json_node_get_array (member)) > 0)
    {
      g_autofree char *eras = json_to_string (member, FALSE);

      cm_properties_append (document_extras, "eras", eras, -1);
    }

  /* Then the events, one at a time. */
  if (events_node != NULL)
    {
      cm_event_store_begin_bulk (reader.store, 0);
      rest = _cm_json_read (text, length, name, "events", event_cb, &reader,
                            request->progress, request->progress_data, 0.5,
                            request->cancellable, error);
      cm_event_store_end_bulk (reader.store);
      if (rest == NULL)
        goto out;

      if (reader.report != NULL)
        reader.report->n_imported += reader.n_imported;

      /* Skipping some events is a partial success; skipping all is a failure. */
      if (reader.n_events > 0 && reader.n_imported == 0)
        {
          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_DATE, "%s:%u:%u: %s (%s)",
                       name, reader.first_position.line, reader.first_position.column,
                       _("No event could be read"), reader.first_reason);
          goto out;
        }
    }

  /* Chronomap keeps whole seconds: say what was rounded (the milliseconds
   * are kept as extras, and written back). */
  if (reader.n_milliseconds > 0)
    cm_import_report_warn (request->report,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%u time had milliseconds: placed at its whole second",
                                        "%u times had milliseconds: placed at their whole second",
                                        reader.n_milliseconds),
                           reader.n_milliseconds);

  if (!_cm_format_check_usable (name, cm_event_store_get_n_events (reader.store),
                                request->report, reader.first_position.line,
                                reader.first_position.column, error))
    goto out;

  /* The scale is kept only when the years do not say it already. */
  scale = get_string (root, "scale");
  if (scale != NULL && !g_str_equal (scale, reader.cosmological ? "cosmological" : "human"))
    cm_properties_append (document_extras, "scale", scale, -1);

  cm_document_set_extras (reader.document, document_extras->len > 0 ? document_extras->str : NULL);
  cm_document_set_dirty (reader.document, FALSE);
  document = g_steal_pointer (&reader.document);

out:
  reader_clear (&reader);

  return document;
}
