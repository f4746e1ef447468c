/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-kml"

#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <math.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-kml-private.h"
#include "cm-output.h"
#include "cm-properties.h"
#include "cm-timelinejs-private.h"

/* Writing KML: one Placemark per event, one Style per category, routes
 * as LineStrings. */

typedef struct
{
  CmOutput         *out;
  xmlTextWriter    *xml;
  CmDocument       *document;
  CmEventStore     *store;
  GPtrArray        *style_ids;    /* char *, by category index */
} Writer;

/* libxml2's output callback: what the XML writer produced goes to the
 * CmOutput, which writes it to the stream in chunks. */
static int
output_write_cb (void       *context,
                 const char *buffer,
                 int         length)
{
  cm_output_append_len (context, buffer, length);
  return length;
}

/* Hands what libxml2 holds to the output and writes a full chunk. */
static gboolean
writer_flush (Writer   *writer,
              GError  **error)
{
  xmlTextWriterFlush (writer->xml);
  return cm_output_flush (writer->out, error);
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
  g_autofree char *approximate = NULL;
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
  if (data.order != 0)
    {
      char order[16];

      g_snprintf (order, sizeof order, "%u", data.order);
      BEGIN_EXTENDED ();
      write_data (writer, DATA_STOP_ORDER, order);
    }
  approximate = _cm_format_approximate_to_string (data.flags);
  if (approximate != NULL)
    {
      BEGIN_EXTENDED ();
      write_data (writer, DATA_APPROXIMATE, approximate);
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

gboolean
_cm_kml_save (CmDocument           *document,
              const CmSaveRequest  *request,
              GError              **error)
{
  g_auto(CmOutput) out = { 0 };
  Writer writer = { 0 };
  g_autoptr(GPtrArray) by_group = NULL;
  g_autoptr(GArray) ungrouped = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n, n_groups, n_categories, written = 0;
  gboolean ok = TRUE;

  writer.store = _cm_format_start_save (&out, document, request);
  if (writer.store == NULL)
    return FALSE;
  writer.out = &out;
  writer.document = document;
  writer.xml = xmlNewTextWriter (xmlOutputBufferCreateIO (output_write_cb, NULL, &out, NULL));
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
      if ((++written & 1023) == 0)
        cm_output_report (&out, written, n);
      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (request->cancellable, error))
        ok = FALSE;
      else
        ok = writer_flush (&writer, error);
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
          if ((++written & 1023) == 0)
            cm_output_report (&out, written, n);
          if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (request->cancellable, error))
            ok = FALSE;
          else
            ok = writer_flush (&writer, error);
        }
      if (group->kind == CM_GROUP_ITINERARY)
        write_route (&writer, g, positions);
      xmlTextWriterEndElement (writer.xml);
    }

  if (ok)
    {
      xmlTextWriterEndDocument (writer.xml);
      xmlTextWriterFlush (writer.xml);
      ok = cm_output_finish (&out, error);
    }

  xmlFreeTextWriter (writer.xml);
  g_ptr_array_unref (writer.style_ids);

  return ok;
}
