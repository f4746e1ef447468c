/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-kml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <math.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-kml-private.h"
#include "cm-properties.h"
#include "cm-timelinejs-private.h"

/* Reading KML placemarks: text, styles, times, coordinates, tracks and
 * ExtendedData turned into events, folders into groups. */

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
      && strcmp ((const char *) node->name, name) == 0;
}

static xmlNode *
first_child (xmlNode    *node,
             const char *name)
{
  if (node == NULL)
    return NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, name))
      return child;

  return NULL;
}

/* Takes @text; text that is not UTF-8 (libxml2 passes some through with
 * an encoding it does not know, found by fuzzing) gets U+FFFD for each
 * bad byte, so that no invalid text reaches the document. */
char *
_cm_kml_valid_text (char *text)
{
  char *valid;

  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return text;

  valid = g_utf8_make_valid (text, -1);
  g_free (text);

  return valid;
}

/* The text of an element: its text and CDATA children (entity references
 * cannot occur, see check_entities). Trimmed; NULL when empty. */
char *
_cm_kml_text_of (xmlNode *node)
{
  GString *text;

  if (node == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        && child->content != NULL)
      g_string_append (text, (const char *) child->content);

  g_strstrip (text->str);
  if (text->str[0] == '\0')
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  return _cm_kml_valid_text (g_string_free (text, FALSE));
}

static char *
child_text (xmlNode    *node,
            const char *name)
{
  return _cm_kml_text_of (first_child (node, name));
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);

  return _cm_kml_valid_text (copy);
}

/* KML colours are aabbggrr. */
static char *
kml_color_to_rgb (const char *text)
{
  if (text == NULL || strlen (text) != 8)
    return NULL;
  for (guint i = 0; i < 8; i++)
    if (!g_ascii_isxdigit (text[i]))
      return NULL;

  return g_strdup_printf ("#%c%c%c%c%c%c", text[6], text[7], text[4], text[5], text[2], text[3]);
}

typedef struct
{
  CmTime      time;
  CmPrecision precision;
  int         offset;
} Stamp;

/* gYear, gYearMonth, date, dateTime (xsd), as KML uses them. */
static gboolean
parse_when (const char *text,
            Stamp      *stamp)
{
  if (text == NULL
      || !cm_time_parse_iso (text, &stamp->time, &stamp->precision, &stamp->offset, NULL))
    return FALSE;

  /* dateTime always writes seconds: ":00" is a minute. */
  if (stamp->precision == CM_PRECISION_SECOND && stamp->time % 60 == 0)
    stamp->precision = CM_PRECISION_MINUTE;

  return TRUE;
}

/* "lon,lat[,alt]" tuples separated by white space. Returns how many were
 * read into @positions (pairs lat, lon) at most @max; *@n_invalid
 * (nullable) counts the tuples out of range, left out. */
static guint
parse_coordinates (const char *text,
                   GArray     *positions,
                   guint       max,
                   guint      *n_invalid)
{
  const char *p = text;
  guint n = 0;

  if (n_invalid != NULL)
    *n_invalid = 0;

  while (p != NULL && *p != '\0' && n < max)
    {
      char *end;
      double lon, lat;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      lon = g_ascii_strtod (p, &end);
      if (end == p)
        break;
      p = end;
      while (g_ascii_isspace (*p))
        p++;
      if (*p != ',')
        break;
      p++;
      lat = g_ascii_strtod (p, &end);
      if (end == p)
        break;
      p = end;
      /* Altitude, ignored. */
      if (*p == ',')
        {
          p++;
          g_ascii_strtod (p, &end);
          p = end;
        }

      if (_cm_format_valid_coordinates (lat, lon))
        {
          g_array_append_val (positions, lat);
          g_array_append_val (positions, lon);
          n++;
        }
      else if (n_invalid != NULL)
        (*n_invalid)++;
    }

  return n;
}

/* One Style or StyleMap of the file. */
void
_cm_kml_collect_style (Loader  *loader,
                       xmlNode *node)
{
  if (is_element (node, "Style"))
    {
      g_autofree char *id = get_attribute (node, "id");
      g_autofree char *icon = child_text (first_child (node, "IconStyle"), "color");
      g_autofree char *line = child_text (first_child (node, "LineStyle"), "color");
      g_autofree char *poly = child_text (first_child (node, "PolyStyle"), "color");
      char *color = kml_color_to_rgb (icon);

      if (color == NULL)
        color = kml_color_to_rgb (line);
      if (color == NULL)
        color = kml_color_to_rgb (poly);
      if (id != NULL)
        g_hash_table_insert (loader->styles, g_steal_pointer (&id),
                             color ? color : g_strdup (""));
      else
        g_free (color);
    }
  else if (is_element (node, "StyleMap"))
    {
      g_autofree char *id = get_attribute (node, "id");

      for (xmlNode *pair = node->children; pair != NULL && id != NULL; pair = pair->next)
        {
          g_autofree char *key = child_text (pair, "key");
          g_autofree char *url = child_text (pair, "styleUrl");

          if (is_element (pair, "Pair") && g_strcmp0 (key, "normal") == 0
              && url != NULL && url[0] == '#')
            {
              g_hash_table_insert (loader->style_maps, g_steal_pointer (&id),
                                   g_strdup (url + 1));
              break;
            }
        }
    }
}

static guint
category_of (Loader     *loader,
             const char *style_url,
             const char *name)
{
  const char *id, *color, *target;
  guint index;

  if (style_url == NULL)
    return name != NULL ? _cm_format_category_by_name (loader->target.document, loader->category_names,
                                                          name, NULL) : CM_NONE;

  /* "#id" in this file, or "other.kml#id". */
  id = strrchr (style_url, '#');
  id = id != NULL ? id + 1 : style_url;
  if (*id == '\0')
    return CM_NONE;

  index = cm_document_find_category (loader->target.document, id);
  if (index != CM_NONE)
    return index;

  target = g_hash_table_lookup (loader->style_maps, id);
  color = g_hash_table_lookup (loader->styles, target ? target : id);

  return cm_document_add_category (loader->target.document, id, name ? name : id,
                                   color != NULL && *color != '\0' ? color : NULL);
}
static void
placemark_clear (Placemark *placemark)
{
  g_free (placemark->id);
  g_free (placemark->title);
  g_free (placemark->description);
  g_free (placemark->place);
  g_free (placemark->category_name);
  g_free (placemark->extras);
}

static void
add_extra (Placemark  *placemark,
           const char *key,
           const char *value)
{
  char *extras;

  if (key == NULL || value == NULL)
    return;

  extras = cm_properties_set (placemark->extras, key, value);
  g_free (placemark->extras);
  placemark->extras = extras;
}

static void
read_data (Placemark  *placemark,
           const char *key,
           const char *value)
{
  CmPrecision precision;

  if (key == NULL || value == NULL)
    return;

  if (strcmp (key, DATA_CATEGORY) == 0)
    {
      g_free (placemark->category_name);
      placemark->category_name = g_strdup (value);
    }
  else if (strcmp (key, DATA_PRECISION) == 0 && cm_precision_from_string (value, &precision))
    {
      placemark->has_precision = TRUE;
      placemark->precision = precision;
    }
  else if (strcmp (key, DATA_END_PRECISION) == 0 && cm_precision_from_string (value, &precision))
    {
      placemark->has_end_precision = TRUE;
      placemark->end_precision = precision;
    }
  else if (strcmp (key, DATA_UTC_OFFSET) == 0)
    {
      char *end;
      gint64 minutes = g_ascii_strtoll (value, &end, 10);

      if (*end == '\0' && end != value && ABS (minutes) <= CM_UTC_OFFSET_MAX)
        {
          placemark->has_offset = TRUE;
          placemark->offset = (int) minutes;
        }
    }
  else if (strcmp (key, DATA_STOP_ORDER) == 0)
    {
      char *end;
      gint64 order = g_ascii_strtoll (value, &end, 10);

      /* A whole number from 1; anything else is no order. */
      if (*end == '\0' && end != value && order >= 1 && order <= G_MAXINT32)
        placemark->order = (guint) order;
    }
  else if (strcmp (key, DATA_APPROXIMATE) == 0)
    {
      if (strstr (value, "start") != NULL)
        placemark->flags |= CM_EVENT_START_APPROXIMATE;
      if (strstr (value, "end") != NULL)
        placemark->flags |= CM_EVENT_END_APPROXIMATE;
      if (strstr (value, "coordinates") != NULL)
        placemark->flags |= CM_EVENT_COORDINATES_APPROXIMATE;
    }
  else if (!g_str_has_prefix (key, "chronomap:"))
    add_extra (placemark, key, value);
}

/* <Data name="k"><value>v</value></Data> and <SchemaData><SimpleData name="k">v</SimpleData>. */
static void
read_extended_data (Placemark *placemark,
                    xmlNode   *extended)
{
  for (xmlNode *child = extended ? extended->children : NULL; child != NULL; child = child->next)
    {
      if (is_element (child, "Data"))
        {
          g_autofree char *key = get_attribute (child, "name");
          g_autofree char *value = child_text (child, "value");

          read_data (placemark, key, value);
        }
      else if (is_element (child, "SchemaData"))
        for (xmlNode *simple = child->children; simple != NULL; simple = simple->next)
          if (is_element (simple, "SimpleData"))
            {
              g_autofree char *key = get_attribute (simple, "name");
              g_autofree char *value = _cm_kml_text_of (simple);

              read_data (placemark, key, value);
            }
    }
}

static guint
group_for (Loader      *loader,
           const char  *id,
           const char  *name,
           CmGroupKind  kind)
{
  guint index;

  if (id == NULL)
    id = name;
  if (id == NULL)
    return CM_NONE;

  index = cm_document_find_group (loader->target.document, id);
  if (index == CM_NONE)
    index = cm_document_add_group (loader->target.document, id, name ? name : id, kind);

  return index;
}

static guint
folder_group (Loader *loader,
              Folder *folder)
{
  if (folder == NULL)
    return CM_NONE;
  if (folder->index == CM_NONE)
    folder->index = group_for (loader, folder->id, folder->name, folder->kind);

  return folder->index;
}

static void
add_event (Loader          *loader,
           const Placemark *placemark,
           const char      *id,
           const Stamp     *start,
           const Stamp     *end)
{
  CmEventData data;
  int offset = placemark->has_offset ? placemark->offset : start->offset;

  cm_event_data_init (&data);
  data.id = id;
  data.title = placemark->title ? placemark->title : "";
  data.description = placemark->description;
  data.place = placemark->place;
  data.lat = placemark->lat;
  data.lon = placemark->lon;
  data.category = placemark->category;
  data.group = placemark->group != CM_NONE ? placemark->group
                                           : folder_group (loader, placemark->folder);
  data.flags = placemark->flags;
  data.order = placemark->order;
  data.extras = placemark->extras;
  data.utc_offset = offset;
  data.precision = placemark->has_precision ? placemark->precision : start->precision;

  /* Written without an offset: the local time at the event's offset. */
  data.start = start->time;
  if (start->offset == CM_UTC_OFFSET_NONE && offset != CM_UTC_OFFSET_NONE)
    data.start -= (CmTime) offset * 60;
  if (end != NULL)
    {
      data.end = end->time;
      if (end->offset == CM_UTC_OFFSET_NONE && offset != CM_UTC_OFFSET_NONE)
        data.end -= (CmTime) offset * 60;
      data.end_precision = placemark->has_end_precision ? placemark->end_precision : end->precision;
      if (data.end < data.start)
        data.end = CM_TIME_INVALID;
    }

  cm_event_store_add (loader->target.store, &data);
  if (loader->target.report != NULL)
    loader->target.report->n_imported++;
}

/* gx:Track: <when>…</when>… then <gx:coord>lon lat alt</gx:coord>… */
static void
read_track (Loader    *loader,
            Placemark *placemark,
            xmlNode   *track,
            guint      line)
{
  g_autoptr(GPtrArray) whens = g_ptr_array_new ();
  g_autoptr(GPtrArray) coords = g_ptr_array_new ();
  g_autofree char *group_name = NULL;
  guint skipped = 0;

  for (xmlNode *child = track->children; child != NULL; child = child->next)
    {
      if (is_element (child, "when") && whens->len < MAX_POINTS)
        g_ptr_array_add (whens, child);
      else if (is_element (child, "coord") && coords->len < MAX_POINTS)
        g_ptr_array_add (coords, child);
    }

  /* The track is an itinerary: the folder's when it is one, else its own. */
  if (placemark->folder != NULL && placemark->folder->kind == CM_GROUP_ITINERARY)
    placemark->group = folder_group (loader, placemark->folder);
  else
    {
      group_name = g_strdup (placemark->title ? placemark->title : placemark->id);
      if (group_name == NULL)
        group_name = g_strdup_printf (_("Track on line %u"), line);
      placemark->group = group_for (loader, NULL, group_name, CM_GROUP_ITINERARY);
    }

  for (guint i = 0; i < MIN (whens->len, coords->len); i++)
    {
      g_autofree char *when = _cm_kml_text_of (g_ptr_array_index (whens, i));
      g_autofree char *coord = _cm_kml_text_of (g_ptr_array_index (coords, i));
      g_autofree char *id = NULL;
      g_auto(GStrv) parts = NULL;
      Stamp stamp;
      double lon, lat;
      char *end_lon, *end_lat;

      if (coord == NULL || !parse_when (when, &stamp))
        {
          skipped++;
          continue;
        }
      parts = g_strsplit_set (coord, " \t\n", 4);
      if (parts[0] == NULL || parts[1] == NULL)
        {
          skipped++;
          continue;
        }
      lon = g_ascii_strtod (parts[0], &end_lon);
      lat = g_ascii_strtod (parts[1], &end_lat);
      if (end_lon == parts[0] || end_lat == parts[1] || !_cm_format_valid_coordinates (lat, lon))
        {
          skipped++;
          continue;
        }

      placemark->lat = lat;
      placemark->lon = lon;
      if (placemark->id != NULL)
        id = g_strdup_printf ("%s#%u", placemark->id, i + 1);
      add_event (loader, placemark, id, &stamp, NULL);
    }

  skipped += MAX (whens->len, coords->len) - MIN (whens->len, coords->len);
  if (skipped > 0)
    cm_import_report_skip (loader->target.report,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "line %u: %u point of the track has no valid time "
                                        "or position",
                                        "line %u: %u points of the track have no valid time "
                                        "or position",
                                        skipped),
                           line, skipped);
}

/* The first element named @name at or below @node (a Point inside a
 * MultiGeometry…). */
static xmlNode *
find_descendant (xmlNode    *node,
                 const char *name,
                 guint       depth)
{
  if (is_element (node, name))
    return node;
  if (depth > 16)
    return NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      {
        xmlNode *found = find_descendant (child, name, depth + 1);

        if (found != NULL)
          return found;
      }

  return NULL;
}

void
_cm_kml_read_placemark (Loader     *loader,
                        xmlNode    *node,
                        Folder     *folder)
{
  Placemark placemark = { 0 };
  guint line = (guint) xmlGetLineNo (node);
  g_autofree char *style_url = NULL;
  xmlNode *time_stamp, *time_span, *multi_track, *track, *point, *line_string, *polygon;
  Stamp start, end;

  loader->n_placemarks++;
  placemark.lat = placemark.lon = NAN;
  placemark.group = CM_NONE;
  placemark.folder = folder;
  placemark.id = get_attribute (node, "id");
  placemark.title = child_text (node, "name");
  placemark.description = child_text (node, "description");
  if (placemark.description != NULL)
    {
      /* Descriptions are HTML in practice: their text, and the markup kept
       * to be written back. */
      g_autofree char *html = g_steal_pointer (&placemark.description);
      g_autofree char *keep = NULL;

      placemark.description = _cm_kml_valid_text (_cm_timelinejs_html_import (html, strlen (html), &keep));
      keep = _cm_kml_valid_text (keep);
      if (placemark.description != NULL && placemark.description[0] == '\0')
        g_clear_pointer (&placemark.description, g_free);
      if (keep != NULL)
        add_extra (&placemark, EXTRA_DESCRIPTION_HTML, keep);
    }
  placemark.place = child_text (node, "address");
  style_url = child_text (node, "styleUrl");
  read_extended_data (&placemark, first_child (node, "ExtendedData"));

  multi_track = find_descendant (node, "MultiTrack", 0);
  track = find_descendant (node, "Track", 0);
  point = find_descendant (node, "Point", 0);
  line_string = find_descendant (node, "LineString", 0);
  polygon = find_descendant (node, "Polygon", 0);

  if (style_url != NULL || placemark.category_name != NULL)
    placemark.category = category_of (loader, style_url, placemark.category_name);
  else
    placemark.category = CM_NONE;

  if (multi_track != NULL)
    {
      for (xmlNode *child = multi_track->children; child != NULL; child = child->next)
        if (is_element (child, "Track"))
          read_track (loader, &placemark, child, line);
      placemark_clear (&placemark);
      return;
    }
  if (track != NULL)
    {
      read_track (loader, &placemark, track, line);
      placemark_clear (&placemark);
      return;
    }

  if (point != NULL)
    {
      g_autofree char *text = child_text (point, "coordinates");
      g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (double));

      guint n_invalid = 0;

      if (text != NULL && parse_coordinates (text, positions, 1, &n_invalid) == 1)
        {
          placemark.lat = g_array_index (positions, double, 0);
          placemark.lon = g_array_index (positions, double, 1);
        }
      else if (text != NULL)
        cm_import_report_skip (loader->target.report,
                               n_invalid > 0
                               ? _("line %u: “%s”: the coordinates “%.60s” are out of range, left out")
                               : _("line %u: “%s”: the coordinates “%.60s” cannot be read, left out"),
                               line, placemark.title ? placemark.title : "", text);
    }
  else if (polygon != NULL)
    {
      xmlNode *ring = find_descendant (polygon, "coordinates", 0);
      g_autofree char *text = _cm_kml_text_of (ring);
      g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (double));
      guint n_invalid = 0;
      guint n = text ? parse_coordinates (text, positions, MAX_POINTS, &n_invalid) : 0;

      if (n_invalid > 0)
        cm_import_report_skip (loader->target.report,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "line %u: “%s”: %u point of the area is out of range, left out",
                                            "line %u: “%s”: %u points of the area are out of range, left out",
                                            n_invalid),
                               line, placemark.title ? placemark.title : "", n_invalid);

      /* The middle of its bounds stands for the area. */
      if (n > 0)
        {
          double bounds[4] = { 90, 180, -90, -180 };

          for (guint i = 0; i < n; i++)
            {
              double lat = g_array_index (positions, double, 2 * i);
              double lon = g_array_index (positions, double, 2 * i + 1);

              bounds[0] = MIN (bounds[0], lat);
              bounds[1] = MIN (bounds[1], lon);
              bounds[2] = MAX (bounds[2], lat);
              bounds[3] = MAX (bounds[3], lon);
            }
          placemark.lat = (bounds[0] + bounds[2]) / 2;
          placemark.lon = (bounds[1] + bounds[3]) / 2;
          placemark.flags |= CM_EVENT_COORDINATES_APPROXIMATE;
        }
    }
  else if (line_string != NULL)
    {
      /* A route: ours stands for its itinerary's stops, which are
       * placemarks of their own; others have no time per point. */
      if (folder == NULL || folder->kind != CM_GROUP_ITINERARY)
        cm_import_report_skip (loader->target.report,
                               _("line %u: “%s” is a line without a time for each point"),
                               line, placemark.title ? placemark.title : "");
      placemark_clear (&placemark);
      return;
    }

  time_stamp = first_child (node, "TimeStamp");
  time_span = first_child (node, "TimeSpan");
  if (time_stamp != NULL)
    {
      g_autofree char *when = child_text (time_stamp, "when");

      if (parse_when (when, &start))
        add_event (loader, &placemark, placemark.id, &start, NULL);
      else
        cm_import_report_skip (loader->target.report,
                               _("line %u: “%s” has no valid date in its TimeStamp"),
                               line, placemark.title ? placemark.title : "");
    }
  else if (time_span != NULL)
    {
      g_autofree char *begin = child_text (time_span, "begin");
      g_autofree char *finish = child_text (time_span, "end");
      gboolean has_start = parse_when (begin, &start);
      gboolean has_end = parse_when (finish, &end);

      /* An open span without a beginning: its end is the date we have. */
      if (has_start)
        add_event (loader, &placemark, placemark.id, &start, has_end ? &end : NULL);
      else if (has_end)
        add_event (loader, &placemark, placemark.id, &end, NULL);
      else
        cm_import_report_skip (loader->target.report, _("line %u: “%s” has no valid date in its TimeSpan"),
                               line, placemark.title ? placemark.title : "");
    }
  else
    cm_import_report_skip (loader->target.report, _("line %u: “%s” has no date (TimeStamp or TimeSpan)"),
                           line, placemark.title ? placemark.title : "");

  placemark_clear (&placemark);
}

/* A Folder's ExtendedData that says it is an itinerary. */
gboolean
_cm_kml_is_itinerary_data (xmlNode *extended)
{
  for (xmlNode *child = extended ? extended->children : NULL; child != NULL; child = child->next)
    {
      g_autofree char *key = is_element (child, "Data") ? get_attribute (child, "name") : NULL;
      g_autofree char *value = key ? child_text (child, "value") : NULL;

      if (g_strcmp0 (key, DATA_KIND) == 0)
        return g_strcmp0 (value, "itinerary") == 0;
    }

  return FALSE;
}
