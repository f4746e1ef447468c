/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-kml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-kml-private.h"

/* Reading KML: libxml2's reader in passes over the file (styles, then
 * placemarks), with entities refused and errors told by line. */

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
  pass->reader = xmlReaderForMemory (data, (int) length, loader->target.name, NULL,
                                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                                     | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
  if (pass->reader == NULL)
    {
      g_set_error (&pass->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s: The XML reader could not start"), loader->target.name);
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
  if (doc != NULL && !check_entities (doc, pass->loader->target.name, &pass->error))
    return FALSE;
  if (g_strcmp0 (name, "kml") != 0)
    {
      g_set_error (&pass->error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                   _("%s:%u:1: Not a KML file: the root element is not “kml”"),
                   pass->loader->target.name, (guint) MAX (xmlTextReaderGetParserLineNumber (pass->reader), 1));
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
      set_xml_error (&pass->xml_error, pass->loader->target.name, &pass->error);
      return FALSE;
    }
  if (!pass->checked_root)
    {
      g_set_error (&pass->error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX,
                   _("%s:1:1: The file is not well-formed XML"), pass->loader->target.name);
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
            _cm_kml_collect_style (pass->loader, node);
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
              if (g_cancellable_is_cancelled (loader->target.cancellable))
                loader->cancelled = TRUE;
              if (progress != NULL && pass->length > 0)
                progress (0.5 + 0.5 * (double) xmlTextReaderByteConsumed (reader) / (double) pass->length,
                          progress_data);
            }
          if (node != NULL)
            {
              guint skipped = loader->target.report->n_skipped;

              _cm_kml_read_placemark (loader, node, current_folder (frames));
              if (loader->first_skip_line == 0 && loader->target.report->n_skipped > skipped)
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
              frame.id = _cm_kml_valid_text (copy);
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
          g_autofree char *text = node != NULL && !is_data ? _cm_kml_text_of (node) : NULL;

          if (parent->kind == FRAME_FOLDER && is_name && parent->name == NULL)
            parent->name = g_steal_pointer (&text);
          else if (parent->kind == FRAME_FOLDER && is_data && _cm_kml_is_itinerary_data (node))
            parent->folder.kind = CM_GROUP_ITINERARY;
          else if (parent->top && is_name && text != NULL)
            cm_document_set_title (loader->target.document, text);
          else if (parent->top && !is_name && !is_data && text != NULL)
            cm_document_set_description (loader->target.document, text);
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

CmDocument *
_cm_kml_load (const CmLoadRequest *request,
              GError             **error)
{
  static gsize initialised = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmEventStore) store = NULL;
  g_autoptr(CmImportReport) own_report = NULL;
  CmImportReport *report = request->report;
  Loader loader = { 0 };
  Pass pass;
  const char *data;
  gsize length;
  gboolean ok;

  bytes = _cm_format_read_all (request, MAX_FILE_SIZE, error);
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
  loader.target.name = request->name;
  loader.target.document = document;
  loader.target.store = store;
  loader.target.report = report;
  loader.target.cancellable = request->cancellable;
  loader.styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader.style_maps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader.category_names = _cm_format_names_new ();

  ok = pass_open (&pass, &loader, data, length) && read_styles (&pass);
  if (ok)
    {
      pass_close (&pass);
      cm_event_store_begin_bulk (store, 0);
      ok = pass_open (&pass, &loader, data, length)
           && read_placemarks (&pass, request->progress, request->progress_data);
      cm_event_store_end_bulk (store);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&pass.error));
  pass_close (&pass);

  g_hash_table_unref (loader.styles);
  g_hash_table_unref (loader.style_maps);
  g_hash_table_unref (loader.category_names);

  if (!ok)
    return NULL;
  if (loader.cancelled)
    {
      g_cancellable_set_error_if_cancelled (request->cancellable, error);
      return NULL;
    }
  if (!_cm_format_check_usable (request->name, cm_event_store_get_n_events (store), report,
                                loader.first_skip_line, 1, error))
    return NULL;

  _cm_format_finish_load (document, store, request);

  return g_steal_pointer (&document);
}
