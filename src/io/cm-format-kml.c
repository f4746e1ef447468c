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

#include "cm-format.h"
#include "cm-format-util.h"
#include "cm-formats-private.h"
#include "cm-properties.h"
#include "cm-timelinejs-private.h"

/* KML 2.2 through libxml2.
 *
 * Reading: Placemarks dated by TimeStamp/when or TimeSpan/begin,end, whose
 * lexical form sets the precision (gYear "2011" a year, gYearMonth a
 * month, date a day, dateTime a minute or a second); Point coordinates
 * "lon,lat[,alt]"; name, description, address. A styleUrl names the
 * category (the style's id, its colour from IconStyle or LineStyle,
 * aabbggrr); Folders are groups (lanes); a gx:Track is an itinerary whose
 * timed points are events.
 *
 * No network, no external entities, no DTD loading: libxml2's defaults
 * with XML_PARSE_NONET; a document that declares entities is refused, so
 * that nothing expands them while reading text.
 *
 * Writing: a Document with a Style per category, a Folder per group (an
 * itinerary's Folder also holds its route as a LineString), Placemarks with
 * a TimeStamp or TimeSpan in the form of their precision, and the fields
 * KML has no element for in ExtendedData. */

#define MAX_FILE_SIZE ((gsize) 1024 * 1024 * 1024) /* KML is verbose: 1 GB */
#define WRITE_CHUNK (256 * 1024)

#define KML_NAMESPACE "http://www.opengis.net/kml/2.2"
#define GX_NAMESPACE "http://www.google.com/kml/ext/2.2"

/* ExtendedData names Chronomap writes (anything else is an extra). */
#define DATA_CATEGORY "chronomap:category"
#define DATA_PRECISION "chronomap:precision"
#define DATA_END_PRECISION "chronomap:end_precision"
#define DATA_UTC_OFFSET "chronomap:utc_offset"
#define DATA_APPROXIMATE "chronomap:approximate"
#define DATA_KIND "chronomap:kind"

/* The extra that keeps a description's HTML for the next KML save. */
#define EXTRA_DESCRIPTION_HTML "kml_description_html"

static const char * const kml_extensions[] = { "kml", NULL };
static const char * const kml_mime_types[] = { "application/vnd.google-earth.kml+xml", NULL };

/* ---- sniffing ---------------------------------------------------------- */

static int
kml_sniff (const char *head,
           gsize       length,
           const char *filename)
{
  g_autofree char *text = g_strndup (head, length);

  if (strstr (text, "<kml") != NULL
      && (strstr (text, "opengis.net/kml") != NULL
          || strstr (text, "earth.google.com/kml") != NULL))
    return 100;
  if (strstr (text, "<kml") != NULL)
    return 70;

  if (filename != NULL)
    {
      const char *dot = strrchr (filename, '.');

      if (dot != NULL && g_ascii_strcasecmp (dot, ".kml") == 0)
        return 30;
    }

  return 0;
}

/* ---- reading: helpers -------------------------------------------------- */

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
static char *
valid_text (char *text)
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
static char *
text_of (xmlNode *node)
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

  return valid_text (g_string_free (text, FALSE));
}

static char *
child_text (xmlNode    *node,
            const char *name)
{
  return text_of (first_child (node, name));
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

  return valid_text (copy);
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

/* ---- reading: the loader ----------------------------------------------- */

#define MAX_POINTS 1000000

typedef struct
{
  const char     *name;
  CmDocument     *document;
  CmEventStore   *store;
  CmImportReport *report;
  GCancellable   *cancellable;
  GHashTable     *styles;        /* id → "#rrggbb" or "" (no colour) */
  GHashTable     *style_maps;    /* id → id of the "normal" style */
  guint           n_placemarks;
  guint           first_skip_line;  /* of the first placemark skipped */
  gboolean        cancelled;
} Loader;

/* One Style or StyleMap of the file. */
static void
collect_style (Loader  *loader,
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
    return name != NULL ? _cm_format_category_by_name (loader->document, name, NULL) : CM_NONE;

  /* "#id" in this file, or "other.kml#id". */
  id = strrchr (style_url, '#');
  id = id != NULL ? id + 1 : style_url;
  if (*id == '\0')
    return CM_NONE;

  index = cm_document_find_category (loader->document, id);
  if (index != CM_NONE)
    return index;

  target = g_hash_table_lookup (loader->style_maps, id);
  color = g_hash_table_lookup (loader->styles, target ? target : id);

  return cm_document_add_category (loader->document, id, name ? name : id,
                                   color != NULL && *color != '\0' ? color : NULL);
}

/* The Folder a placemark is in: its group is made when a first event
 * needs it, so that folders of undated placemarks leave no empty groups. */
typedef struct
{
  const char  *id;
  const char  *name;
  CmGroupKind  kind;
  guint        index;    /* in the document, CM_NONE until made */
} Folder;

typedef struct
{
  char        *id;
  char        *title;
  char        *description;
  char        *place;
  char        *category_name;
  char        *extras;
  double       lat, lon;
  guint        category;
  guint        group;      /* or CM_NONE: the folder's */
  Folder      *folder;     /* nullable */
  CmEventFlags flags;
  gboolean     has_precision, has_end_precision, has_offset;
  CmPrecision  precision, end_precision;
  int          offset;
} Placemark;

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
              g_autofree char *value = text_of (simple);

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

  index = cm_document_find_group (loader->document, id);
  if (index == CM_NONE)
    index = cm_document_add_group (loader->document, id, name ? name : id, kind);

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

  cm_event_store_add (loader->store, &data);
  if (loader->report != NULL)
    loader->report->n_imported++;
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
      g_autofree char *when = text_of (g_ptr_array_index (whens, i));
      g_autofree char *coord = text_of (g_ptr_array_index (coords, i));
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
    cm_import_report_skip (loader->report,
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

static void
read_placemark (Loader     *loader,
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

      placemark.description = valid_text (_cm_timelinejs_html_import (html, strlen (html), &keep));
      keep = valid_text (keep);
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
        cm_import_report_skip (loader->report,
                               n_invalid > 0
                               ? _("line %u: “%s”: the coordinates “%.60s” are out of range, left out")
                               : _("line %u: “%s”: the coordinates “%.60s” cannot be read, left out"),
                               line, placemark.title ? placemark.title : "", text);
    }
  else if (polygon != NULL)
    {
      xmlNode *ring = find_descendant (polygon, "coordinates", 0);
      g_autofree char *text = text_of (ring);
      g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (double));
      guint n_invalid = 0;
      guint n = text ? parse_coordinates (text, positions, MAX_POINTS, &n_invalid) : 0;

      if (n_invalid > 0)
        cm_import_report_skip (loader->report,
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
        cm_import_report_skip (loader->report,
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
        cm_import_report_skip (loader->report,
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
        cm_import_report_skip (loader->report, _("line %u: “%s” has no valid date in its TimeSpan"),
                               line, placemark.title ? placemark.title : "");
    }
  else
    cm_import_report_skip (loader->report, _("line %u: “%s” has no date (TimeStamp or TimeSpan)"),
                           line, placemark.title ? placemark.title : "");

  placemark_clear (&placemark);
}

/* A Folder's ExtendedData that says it is an itinerary. */
static gboolean
is_itinerary_data (xmlNode *extended)
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

/* Entities declared in a DTD would be expanded while reading text: a KML
 * file has no need of them, and refusing them rules out "billion laughs"
 * and external entities altogether. */
static gboolean
check_entities (xmlDoc      *doc,
                const char  *name,
                GError     **error)
{
  xmlDtd *dtd = doc->intSubset;

  if ((dtd != NULL && (dtd->entities != NULL || dtd->pentities != NULL)) || doc->extSubset != NULL)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                   _("%s:1:1: The file declares XML entities, which KML files do not use: "
                     "refused for safety"), name);
      return FALSE;
    }

  return TRUE;
}

/* The first error libxml2 reports, with its line and column. */
typedef struct
{
  char *message;
  int   line;
  int   column;
  int   code;
} XmlError;

static void
xml_error_cb (void        *user_data,
              xmlErrorPtr  error)
{
  XmlError *first = user_data;

  if (first->message != NULL || error == NULL || error->level < XML_ERR_ERROR)
    return;

  first->message = g_strstrip (g_strdup (error->message != NULL ? error->message : ""));
  first->line = error->line;
  first->column = error->int2;
  first->code = error->code;
}

static void
set_xml_error (const XmlError  *xml_error,
               const char      *name,
               GError         **error)
{
  if (xml_error->message == NULL || xml_error->message[0] == '\0')
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX,
                   _("%s:%d:1: The file is not well-formed XML"), name, MAX (xml_error->line, 1));
      return;
    }

  g_set_error (error, CM_FORMAT_ERROR,
               xml_error->code == XML_ERR_ENTITY_LOOP ? CM_FORMAT_ERROR_LIMIT
                                                      : CM_FORMAT_ERROR_SYNTAX,
               _("%s:%d:%d: Invalid XML: %s"), name, MAX (xml_error->line, 1),
               MAX (xml_error->column, 1), xml_error->message);
}

/* The file is read twice with libxml2's streaming reader: first its
 * styles, then its containers and placemarks, each placemark expanded
 * into a small tree of its own and freed, so that a million placemarks
 * read in bounded memory. */
typedef struct
{
  Loader          *loader;
  const char      *data;
  gsize            length;
  xmlTextReaderPtr reader;
  XmlError         xml_error;
  gboolean         checked_root;
  GError          *error;
} Pass;

static gboolean
pass_open (Pass       *pass,
           Loader     *loader,
           const char *data,
           gsize       length)
{
  memset (pass, 0, sizeof *pass);
  pass->loader = loader;
  pass->data = data;
  pass->length = length;

  /* No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD,
   * no XML_PARSE_HUGE (libxml2 keeps its limits on depth and sizes). */
  pass->reader = xmlReaderForMemory (data, (int) length, loader->name, NULL,
                                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                                     | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
  if (pass->reader == NULL)
    {
      g_set_error (&pass->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s: The XML reader could not start"), loader->name);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (pass->reader, xml_error_cb, &pass->xml_error);

  return TRUE;
}

static void
pass_close (Pass *pass)
{
  g_clear_pointer (&pass->reader, xmlFreeTextReader);
  g_clear_pointer (&pass->xml_error.message, g_free);
  g_clear_error (&pass->error);
}

/* The root element, once: "kml", and no entities declared before it. */
static gboolean
pass_check_root (Pass *pass)
{
  const char *name = (const char *) xmlTextReaderConstLocalName (pass->reader);
  xmlNode *node = xmlTextReaderCurrentNode (pass->reader);
  /* Not xmlTextReaderCurrentDoc(): that would keep the whole tree. */
  xmlDoc *doc = node != NULL ? node->doc : NULL;

  pass->checked_root = TRUE;
  if (doc != NULL && !check_entities (doc, pass->loader->name, &pass->error))
    return FALSE;
  if (g_strcmp0 (name, "kml") != 0)
    {
      g_set_error (&pass->error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                   _("%s:%u:1: Not a KML file: the root element is not “kml”"),
                   pass->loader->name, (guint) MAX (xmlTextReaderGetParserLineNumber (pass->reader), 1));
      return FALSE;
    }

  return TRUE;
}

/* After the reader stopped: its error, or a file that has no element. */
static gboolean
pass_finish (Pass *pass,
             int   status)
{
  if (pass->error != NULL)
    return FALSE;
  if (status < 0 || pass->xml_error.message != NULL)
    {
      set_xml_error (&pass->xml_error, pass->loader->name, &pass->error);
      return FALSE;
    }
  if (!pass->checked_root)
    {
      g_set_error (&pass->error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX,
                   _("%s:1:1: The file is not well-formed XML"), pass->loader->name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_reader_element (xmlTextReaderPtr  reader,
                   const char       *name)
{
  return strcmp ((const char *) xmlTextReaderConstLocalName (reader), name) == 0;
}

/* First pass: every Style and StyleMap outside placemarks. */
static gboolean
read_styles (Pass *pass)
{
  xmlTextReaderPtr reader = pass->reader;
  int status = xmlTextReaderRead (reader);

  while (status == 1)
    {
      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT)
        {
          status = xmlTextReaderRead (reader);
          continue;
        }
      if (!pass->checked_root && !pass_check_root (pass))
        return FALSE;

      if (is_reader_element (reader, "Style") || is_reader_element (reader, "StyleMap"))
        {
          xmlNode *node = xmlTextReaderExpand (reader);

          if (node != NULL)
            collect_style (pass->loader, node);
          status = xmlTextReaderNext (reader);
        }
      else if (is_reader_element (reader, "Placemark"))
        status = xmlTextReaderNext (reader);
      else
        status = xmlTextReaderRead (reader);
    }

  return pass_finish (pass, status);
}

/* An open element of the second pass, at its depth. */
typedef enum
{
  FRAME_OTHER,        /* placemarks inside it are not read */
  FRAME_KML,
  FRAME_DOCUMENT,
  FRAME_FOLDER,
} FrameKind;

typedef struct
{
  FrameKind  kind;
  gboolean   top;       /* the first Document: the document's title */
  char      *id;
  char      *name;
  Folder     folder;
} Frame;

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_free (frame->id);
  g_free (frame->name);
}

/* The innermost folder with an id or a name (one without either is no
 * group: its parent's). */
static Folder *
current_folder (GArray *frames)
{
  for (guint i = frames->len; i-- > 0; )
    {
      Frame *frame = &g_array_index (frames, Frame, i);

      if (frame->kind == FRAME_FOLDER && (frame->id != NULL || frame->name != NULL))
        {
          frame->folder.id = frame->id;
          frame->folder.name = frame->name;
          return &frame->folder;
        }
    }

  return NULL;
}

/* Second pass: containers, their names, and placemarks. */
static gboolean
read_placemarks (Pass          *pass,
                 CmProgressFunc progress,
                 gpointer       progress_data)
{
  xmlTextReaderPtr reader = pass->reader;
  Loader *loader = pass->loader;
  g_autoptr(GArray) frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  gboolean seen_top = FALSE;
  int status;

  g_array_set_clear_func (frames, frame_clear);

  status = xmlTextReaderRead (reader);
  while (status == 1 && !loader->cancelled)
    {
      int type = xmlTextReaderNodeType (reader);
      int depth = xmlTextReaderDepth (reader);
      Frame *parent;
      Frame frame = { FRAME_OTHER, FALSE, NULL, NULL, { NULL, NULL, CM_GROUP_LANE, CM_NONE } };

      if (type != XML_READER_TYPE_ELEMENT || depth < 0)
        {
          status = xmlTextReaderRead (reader);
          continue;
        }
      if (!pass->checked_root && !pass_check_root (pass))
        return FALSE;

      if ((guint) depth < frames->len)
        g_array_set_size (frames, (guint) depth);
      parent = depth > 0 && (guint) depth == frames->len
               ? &g_array_index (frames, Frame, depth - 1) : NULL;

      if (depth == 0)
        frame.kind = FRAME_KML;
      else if (parent == NULL || parent->kind == FRAME_OTHER)
        frame.kind = FRAME_OTHER;
      else if (is_reader_element (reader, "Placemark"))
        {
          xmlNode *node = xmlTextReaderExpand (reader);

          if ((loader->n_placemarks & 1023) == 0)
            {
              if (g_cancellable_is_cancelled (loader->cancellable))
                loader->cancelled = TRUE;
              if (progress != NULL && pass->length > 0)
                progress (0.5 + 0.5 * (double) xmlTextReaderByteConsumed (reader) / (double) pass->length,
                          progress_data);
            }
          if (node != NULL)
            {
              guint skipped = loader->report->n_skipped;

              read_placemark (loader, node, current_folder (frames));
              if (loader->first_skip_line == 0 && loader->report->n_skipped > skipped)
                loader->first_skip_line = (guint) xmlGetLineNo (node);
            }
          status = xmlTextReaderNext (reader);
          continue;
        }
      else if (is_reader_element (reader, "Folder"))
        {
          frame.kind = FRAME_FOLDER;
          frame.id = (char *) xmlTextReaderGetAttribute (reader, (const xmlChar *) "id");
          if (frame.id != NULL)
            {
              char *copy = g_strdup (frame.id);

              xmlFree (frame.id);
              frame.id = valid_text (copy);
            }
        }
      else if (is_reader_element (reader, "Document"))
        {
          frame.kind = FRAME_DOCUMENT;
          frame.top = !seen_top && parent->kind == FRAME_KML;
          seen_top = seen_top || frame.top;
        }
      else if (parent->kind != FRAME_KML
               && (is_reader_element (reader, "name") || is_reader_element (reader, "description")
                   || is_reader_element (reader, "ExtendedData")))
        {
          gboolean is_name = is_reader_element (reader, "name");
          gboolean is_data = is_reader_element (reader, "ExtendedData");
          xmlNode *node = xmlTextReaderExpand (reader);
          g_autofree char *text = node != NULL && !is_data ? text_of (node) : NULL;

          if (parent->kind == FRAME_FOLDER && is_name && parent->name == NULL)
            parent->name = g_steal_pointer (&text);
          else if (parent->kind == FRAME_FOLDER && is_data && is_itinerary_data (node))
            parent->folder.kind = CM_GROUP_ITINERARY;
          else if (parent->top && is_name && text != NULL)
            cm_document_set_title (loader->document, text);
          else if (parent->top && !is_name && !is_data && text != NULL)
            cm_document_set_description (loader->document, text);
          status = xmlTextReaderNext (reader);
          continue;
        }

      if (depth > 64)
        frame.kind = FRAME_OTHER;
      if (!xmlTextReaderIsEmptyElement (reader))
        g_array_append_val (frames, frame);
      else
        frame_clear (&frame);
      status = xmlTextReaderRead (reader);
    }

  if (loader->cancelled)
    return TRUE;

  return pass_finish (pass, status);
}

static CmDocument *
kml_load (GInputStream    *stream,
          const char      *name,
          goffset          size,
          gconstpointer    options,
          CmImportReport  *report,
          CmProgressFunc   progress,
          gpointer         progress_data,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmEventStore) store = NULL;
  g_autoptr(CmImportReport) own_report = NULL;
  static gsize initialised = 0;
  Loader loader = { 0 };
  Pass pass;
  const char *data;
  gsize length;
  gboolean ok;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  bytes = _cm_format_read_all (stream, name, size, MAX_FILE_SIZE, progress, progress_data,
                               cancellable, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);

  /* libxml2 wants its first initialisation done once, not concurrently. */
  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }

  document = cm_document_new ();
  store = cm_event_store_new ();
  if (report == NULL)
    report = own_report = cm_import_report_new ();
  loader.name = name;
  loader.document = document;
  loader.store = store;
  loader.report = report;
  loader.cancellable = cancellable;
  loader.styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader.style_maps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  ok = pass_open (&pass, &loader, data, length) && read_styles (&pass);
  if (ok)
    {
      pass_close (&pass);
      cm_event_store_begin_bulk (store, 0);
      ok = pass_open (&pass, &loader, data, length) && read_placemarks (&pass, progress, progress_data);
      cm_event_store_end_bulk (store);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&pass.error));
  pass_close (&pass);

  g_hash_table_unref (loader.styles);
  g_hash_table_unref (loader.style_maps);

  if (!ok)
    return NULL;
  if (loader.cancelled)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  if (!_cm_format_check_usable (name, cm_event_store_get_n_events (store), report,
                                loader.first_skip_line, 1, error))
    return NULL;

  cm_event_store_take_events (cm_document_get_store (document), store);
  cm_document_set_dirty (document, FALSE);

  if (progress != NULL)
    progress (1.0, progress_data);

  return g_steal_pointer (&document);
}

/* ---- writing ----------------------------------------------------------- */

typedef struct
{
  GOutputStream    *stream;
  GCancellable     *cancellable;
  xmlBuffer        *buffer;
  xmlTextWriter    *xml;
  CmDocument       *document;
  CmEventStore     *store;
  GPtrArray        *style_ids;    /* char *, by category index */
} Writer;

static gboolean
writer_flush (Writer   *writer,
              gboolean  force,
              GError  **error)
{
  xmlTextWriterFlush (writer->xml);
  if (xmlBufferLength (writer->buffer) < WRITE_CHUNK && !force)
    return TRUE;

  if (!g_output_stream_write_all (writer->stream, xmlBufferContent (writer->buffer),
                                  (gsize) xmlBufferLength (writer->buffer),
                                  NULL, writer->cancellable, error))
    return FALSE;

  xmlBufferEmpty (writer->buffer);
  return TRUE;
}

static void
write_element (Writer     *writer,
               const char *name,
               const char *text)
{
  if (text != NULL)
    xmlTextWriterWriteElement (writer->xml, (const xmlChar *) name, (const xmlChar *) text);
}

static void
write_data (Writer     *writer,
            const char *key,
            const char *value)
{
  xmlTextWriterStartElement (writer->xml, (const xmlChar *) "Data");
  xmlTextWriterWriteAttribute (writer->xml, (const xmlChar *) "name", (const xmlChar *) key);
  write_element (writer, "value", value);
  xmlTextWriterEndElement (writer->xml);
}

static void
format_double (char   *buffer,
               gsize   size,
               double  value)
{
  /* The shortest form that reads back as the same double. */
  g_ascii_formatd (buffer, size, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, size, "%.17g", value);
}

static char *
format_position (double lat,
                 double lon)
{
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

  format_double (x, sizeof x, lon);
  format_double (y, sizeof y, lat);

  return g_strdup_printf ("%s,%s", x, y);
}

/* The lexical form KML reads back at @precision: gYear, gYearMonth, date,
 * or a dateTime with seconds. */
static char *
format_when (CmTime      time,
             CmPrecision precision,
             int         offset)
{
  return cm_time_to_iso (time, precision <= CM_PRECISION_DAY ? precision : CM_PRECISION_SECOND,
                         offset);
}

/* What parse_when() reads from what format_when() writes. */
static CmPrecision
form_of (CmTime      time,
         CmPrecision precision)
{
  if (precision <= CM_PRECISION_YEAR)
    return CM_PRECISION_YEAR;
  if (precision <= CM_PRECISION_DAY)
    return precision;

  return time % 60 == 0 ? CM_PRECISION_MINUTE : CM_PRECISION_SECOND;
}

static void
write_placemark (Writer *writer,
                 guint   position)
{
  CmEventData data;
  g_autofree char *start = NULL;
  g_autoptr(GString) approximate = g_string_new (NULL);
  gboolean extended = FALSE;
  const char *iter;
  char *key, *value;

  cm_event_store_get_data (writer->store, position, &data);
  start = format_when (data.start, data.precision, data.utc_offset);

  xmlTextWriterStartElement (writer->xml, (const xmlChar *) "Placemark");
  if (data.id != NULL && *data.id != '\0')
    xmlTextWriterWriteAttribute (writer->xml, (const xmlChar *) "id", (const xmlChar *) data.id);
  write_element (writer, "name", data.title);
  write_element (writer, "address", data.place);
  if (data.description != NULL)
    {
      g_autofree char *kept = cm_properties_get (data.extras, EXTRA_DESCRIPTION_HTML);
      g_autofree char *html = _cm_timelinejs_html_export (data.description, kept);

      /* Markup as CDATA, the way KML files carry it. */
      if (strchr (html, '<') != NULL && strstr (html, "]]>") == NULL)
        {
          xmlTextWriterStartElement (writer->xml, (const xmlChar *) "description");
          xmlTextWriterWriteCDATA (writer->xml, (const xmlChar *) html);
          xmlTextWriterEndElement (writer->xml);
        }
      else
        write_element (writer, "description", html);
    }

  if (data.end != CM_TIME_INVALID)
    {
      g_autofree char *end = format_when (data.end, data.end_precision, data.utc_offset);

      xmlTextWriterStartElement (writer->xml, (const xmlChar *) "TimeSpan");
      write_element (writer, "begin", start);
      write_element (writer, "end", end);
      xmlTextWriterEndElement (writer->xml);
    }
  else
    {
      xmlTextWriterStartElement (writer->xml, (const xmlChar *) "TimeStamp");
      write_element (writer, "when", start);
      xmlTextWriterEndElement (writer->xml);
    }

  if (data.category != CM_NONE && data.category < writer->style_ids->len)
    {
      g_autofree char *url = g_strdup_printf ("#%s", (char *) g_ptr_array_index (writer->style_ids,
                                                                                  data.category));

      write_element (writer, "styleUrl", url);
    }

#define BEGIN_EXTENDED() \
  G_STMT_START { \
    if (!extended) \
      xmlTextWriterStartElement (writer->xml, (const xmlChar *) "ExtendedData"); \
    extended = TRUE; \
  } G_STMT_END

  if (data.category != CM_NONE && data.category < cm_document_get_n_categories (writer->document))
    {
      BEGIN_EXTENDED ();
      write_data (writer, DATA_CATEGORY,
                  cm_document_get_category (writer->document, data.category)->name);
    }
  if (data.precision != form_of (data.start, data.precision))
    {
      BEGIN_EXTENDED ();
      write_data (writer, DATA_PRECISION, cm_precision_to_string (data.precision));
    }
  if (data.end != CM_TIME_INVALID && data.end_precision != form_of (data.end, data.end_precision))
    {
      BEGIN_EXTENDED ();
      write_data (writer, DATA_END_PRECISION, cm_precision_to_string (data.end_precision));
    }
  /* Dates carry no offset in their text: keep it beside them. */
  if (data.utc_offset != CM_UTC_OFFSET_NONE)
    {
      char minutes[16];

      g_snprintf (minutes, sizeof minutes, "%d", data.utc_offset);
      BEGIN_EXTENDED ();
      write_data (writer, DATA_UTC_OFFSET, minutes);
    }
  if (data.flags & CM_EVENT_START_APPROXIMATE)
    g_string_append (approximate, ",start");
  if (data.flags & CM_EVENT_END_APPROXIMATE)
    g_string_append (approximate, ",end");
  if (data.flags & CM_EVENT_COORDINATES_APPROXIMATE)
    g_string_append (approximate, ",coordinates");
  if (approximate->len > 0)
    {
      BEGIN_EXTENDED ();
      write_data (writer, DATA_APPROXIMATE, approximate->str + 1);
    }
  iter = data.extras;
  while (data.extras != NULL && cm_properties_next (&iter, &key, &value))
    {
      if (strcmp (key, EXTRA_DESCRIPTION_HTML) == 0)
        {
          g_free (key);
          g_free (value);
          continue;
        }
      BEGIN_EXTENDED ();
      write_data (writer, key, value);
      g_free (key);
      g_free (value);
    }
  if (extended)
    xmlTextWriterEndElement (writer->xml);

#undef BEGIN_EXTENDED

  if (!isnan (data.lat) && !isnan (data.lon))
    {
      g_autofree char *coordinates = format_position (data.lat, data.lon);

      xmlTextWriterStartElement (writer->xml, (const xmlChar *) "Point");
      write_element (writer, "coordinates", coordinates);
      xmlTextWriterEndElement (writer->xml);
    }

  xmlTextWriterEndElement (writer->xml);
}

static void
write_route (Writer *writer,
             guint   group,
             GArray *positions)
{
  g_autoptr(GString) coordinates = g_string_new (NULL);
  guint n_points = 0;

  for (guint i = 0; i < positions->len; i++)
    {
      double lat, lon;

      guint position = g_array_index (positions, guint, i);

      if (cm_event_store_get_coordinates (writer->store, position, &lat, &lon))
        {
          g_autofree char *text = format_position (lat, lon);

          g_string_append_printf (coordinates, "%s%s", n_points++ ? " " : "", text);
        }
    }

  if (n_points < 2)
    return;

  xmlTextWriterStartElement (writer->xml, (const xmlChar *) "Placemark");
  write_element (writer, "name", cm_document_get_group (writer->document, group)->name);
  xmlTextWriterStartElement (writer->xml, (const xmlChar *) "LineString");
  write_element (writer, "tessellate", "1");
  write_element (writer, "coordinates", coordinates->str);
  xmlTextWriterEndElement (writer->xml);
  xmlTextWriterEndElement (writer->xml);
}

/* A valid xsd:ID from a category or group id (letters, digits, "-", "_",
 * "."): the id itself when it is one. */
static char *
xml_id_for (const char *id,
            const char *prefix,
            guint       index)
{
  GString *text = g_string_new (NULL);

  for (const char *p = id; *p != '\0'; p++)
    g_string_append_c (text, g_ascii_isalnum (*p) || strchr ("-_.", *p) != NULL ? *p : '_');
  if (text->len == 0 || !g_ascii_isalpha (text->str[0]))
    g_string_prepend (text, prefix);

  /* Unique even when two ids differ only by what was replaced. */
  if (strcmp (text->str, id) != 0)
    g_string_append_printf (text, "-%u", index);

  return g_string_free (text, FALSE);
}

static void
write_style (Writer *writer,
             guint   index)
{
  const CmCategory *category = cm_document_get_category (writer->document, index);
  g_autofree char *color = g_strdup_printf ("ff%02x%02x%02x",
                                            (guint) lround (CLAMP (category->blue, 0, 1) * 255),
                                            (guint) lround (CLAMP (category->green, 0, 1) * 255),
                                            (guint) lround (CLAMP (category->red, 0, 1) * 255));

  xmlTextWriterStartElement (writer->xml, (const xmlChar *) "Style");
  xmlTextWriterWriteAttribute (writer->xml, (const xmlChar *) "id",
                               g_ptr_array_index (writer->style_ids, index));
  xmlTextWriterStartElement (writer->xml, (const xmlChar *) "IconStyle");
  write_element (writer, "color", color);
  xmlTextWriterEndElement (writer->xml);
  xmlTextWriterStartElement (writer->xml, (const xmlChar *) "LineStyle");
  write_element (writer, "color", color);
  write_element (writer, "width", "3");
  xmlTextWriterEndElement (writer->xml);
  xmlTextWriterEndElement (writer->xml);
}

static gboolean
kml_save (CmDocument     *document,
          GOutputStream  *stream,
          GCancellable   *cancellable,
          GError        **error)
{
  Writer writer = { 0 };
  g_autoptr(GPtrArray) by_group = NULL;
  g_autoptr(GArray) ungrouped = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n, n_groups, n_categories;
  gboolean ok = TRUE;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  writer.stream = stream;
  writer.cancellable = cancellable;
  writer.document = document;
  writer.store = cm_document_get_store (document);
  writer.buffer = xmlBufferCreate ();
  writer.xml = xmlNewTextWriterMemory (writer.buffer, 0);
  writer.style_ids = g_ptr_array_new_with_free_func (g_free);
  xmlTextWriterSetIndent (writer.xml, 1);
  xmlTextWriterSetIndentString (writer.xml, (const xmlChar *) "  ");

  n = cm_event_store_get_n_events (writer.store);
  n_groups = cm_document_get_n_groups (document);
  n_categories = cm_document_get_n_categories (document);

  /* Positions of the events of each group, in time order. */
  by_group = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint g = 0; g < n_groups; g++)
    g_ptr_array_add (by_group, g_array_new (FALSE, FALSE, sizeof (guint)));
  for (guint i = 0; i < n; i++)
    {
      guint group = cm_event_store_get_group (writer.store, i);

      g_array_append_val (group < n_groups ? g_ptr_array_index (by_group, group) : ungrouped, i);
    }

  xmlTextWriterStartDocument (writer.xml, NULL, "UTF-8", NULL);
  xmlTextWriterStartElement (writer.xml, (const xmlChar *) "kml");
  xmlTextWriterWriteAttribute (writer.xml, (const xmlChar *) "xmlns",
                               (const xmlChar *) KML_NAMESPACE);
  xmlTextWriterWriteAttribute (writer.xml, (const xmlChar *) "xmlns:gx",
                               (const xmlChar *) GX_NAMESPACE);
  xmlTextWriterStartElement (writer.xml, (const xmlChar *) "Document");
  write_element (&writer, "name", cm_document_get_title (document));
  write_element (&writer, "description", cm_document_get_description (document));

  for (guint c = 0; c < n_categories; c++)
    {
      const CmCategory *category = cm_document_get_category (document, c);

      g_ptr_array_add (writer.style_ids, xml_id_for (category->id, "style-", c));
      write_style (&writer, c);
    }

  for (guint i = 0; i < ungrouped->len && ok; i++)
    {
      write_placemark (&writer, g_array_index (ungrouped, guint, i));
      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        ok = writer_flush (&writer, FALSE, error);
    }

  for (guint g = 0; g < n_groups && ok; g++)
    {
      const CmGroup *group = cm_document_get_group (document, g);
      GArray *positions = g_ptr_array_index (by_group, g);
      g_autofree char *folder_id = xml_id_for (group->id, "group-", g);

      xmlTextWriterStartElement (writer.xml, (const xmlChar *) "Folder");
      xmlTextWriterWriteAttribute (writer.xml, (const xmlChar *) "id", (const xmlChar *) folder_id);
      write_element (&writer, "name", group->name);
      if (group->kind == CM_GROUP_ITINERARY)
        {
          xmlTextWriterStartElement (writer.xml, (const xmlChar *) "ExtendedData");
          write_data (&writer, DATA_KIND, "itinerary");
          xmlTextWriterEndElement (writer.xml);
        }
      for (guint i = 0; i < positions->len && ok; i++)
        {
          write_placemark (&writer, g_array_index (positions, guint, i));
          if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            ok = FALSE;
          else
            ok = writer_flush (&writer, FALSE, error);
        }
      if (group->kind == CM_GROUP_ITINERARY)
        write_route (&writer, g, positions);
      xmlTextWriterEndElement (writer.xml);
    }

  if (ok)
    {
      xmlTextWriterEndDocument (writer.xml);
      ok = writer_flush (&writer, TRUE, error);
    }

  xmlFreeTextWriter (writer.xml);
  xmlBufferFree (writer.buffer);
  g_ptr_array_unref (writer.style_ids);

  return ok;
}

const CmFormat cm_format_kml = {
  .id = "kml",
  .name = N_("KML"),
  .extensions = kml_extensions,
  .mime_types = kml_mime_types,
  .sniff = kml_sniff,
  .load = kml_load,
  .save = kml_save,
};
