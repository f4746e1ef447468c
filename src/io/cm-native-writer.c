/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-native"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "cm-native.h"
#include "cm-output.h"
#include "cm-properties.h"

/* The native format's writer: yajl generates each value, the layout
 * (one event per line) is written by hand. */

typedef struct
{
  yajl_gen       gen;
  GError       **error;
  CmOutput      *out;
  gboolean       failed;
} Writer;

/* Moves what yajl generated for one value into the output. */
static void
writer_take (Writer *writer)
{
  const unsigned char *buf;
  size_t len;

  yajl_gen_get_buf (writer->gen, &buf, &len);
  cm_output_append_len (writer->out, (const char *) buf, (gssize) len);
  yajl_gen_clear (writer->gen);
  yajl_gen_reset (writer->gen, NULL);
}

/* Takes the generated {"key": value} and keeps only "key": value, to write
 * one member of an object written by hand. */
static void
writer_take_member (Writer *writer)
{
  const unsigned char *buf;
  size_t len;

  yajl_gen_get_buf (writer->gen, &buf, &len);
  if (len >= 2)
    cm_output_append_len (writer->out, (const char *) buf + 1, (gssize) len - 2);
  yajl_gen_clear (writer->gen);
  yajl_gen_reset (writer->gen, NULL);
}

static void
gen_string (Writer     *writer,
            const char *text)
{
  yajl_gen_status status;

  status = yajl_gen_string (writer->gen, (const unsigned char *) text, strlen (text));
  if (status != yajl_gen_status_ok && !writer->failed)
    {
      g_autofree char *shown = g_utf8_make_valid (text, MIN (strlen (text), 60));

      /* Writing on would shift every key and value after this one. */
      writer->failed = TRUE;
      if (writer->error != NULL && *writer->error == NULL)
        g_set_error (writer->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     status == yajl_gen_invalid_string
                     ? _("The text “%s” is not valid UTF-8: the document cannot be saved")
                     : _("The text “%s” cannot be written"), shown);
    }
}

static void
gen_member (Writer     *writer,
            const char *key,
            const char *value)
{
  if (value == NULL)
    return;
  gen_string (writer, key);
  gen_string (writer, value);
}

static void
gen_double (Writer *writer,
            double  value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest form that reads back as the same double. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);

  yajl_gen_number (writer->gen, buffer, strlen (buffer));
}

static void
gen_time (Writer      *writer,
          const char  *key,
          CmTime       time,
          CmPrecision  precision,
          int          utc_offset)
{
  g_autofree char *iso = cm_time_to_iso (time, precision, utc_offset);

  gen_member (writer, key, iso);
}

static void
gen_extras (Writer     *writer,
            const char *extras)
{
  const char *iter = extras;
  char *key, *value;

  if (extras == NULL || *extras == '\0')
    return;

  gen_string (writer, "extra");
  yajl_gen_map_open (writer->gen);
  while (cm_properties_next (&iter, &key, &value))
    {
      gen_string (writer, key);
      gen_string (writer, value);
      g_free (key);
      g_free (value);
    }
  yajl_gen_map_close (writer->gen);
}

/* The ISO form to write @time in: the one of its precision (a year for
 * coarser ones) when the time is the start of that unit, else the full
 * time, so that nothing is lost (a time read as 19:10 with a precision of
 * a day stays 19:10). */
static CmPrecision
written_form (CmTime      time,
              CmPrecision precision,
              int         utc_offset)
{
  CmPrecision form = MAX (precision, CM_PRECISION_YEAR);

  if (cm_time_truncate (time, form, utc_offset) != time)
    form = CM_PRECISION_SECOND;

  return form;
}

static void
write_event (Writer       *writer,
             CmDocument   *document,
             CmEventStore *store,
             guint         position)
{
  CmEventData data;
  CmPrecision start_form, end_form = CM_PRECISION_SECOND;

  cm_event_store_get_data (store, position, &data);

  yajl_gen_map_open (writer->gen);
  gen_member (writer, "id", data.id);
  gen_member (writer, "title", data.title);
  start_form = written_form (data.start, data.precision, data.utc_offset);
  gen_time (writer, "start", data.start, start_form, data.utc_offset);
  if (data.end != CM_TIME_INVALID)
    {
      end_form = written_form (data.end, data.end_precision, data.utc_offset);
      gen_time (writer, "end", data.end, end_form, data.utc_offset);
    }
  /* The written form carries the precision, unless it had to say more. */
  if (start_form != data.precision)
    gen_member (writer, "precision", cm_precision_to_string (data.precision));
  if (data.end != CM_TIME_INVALID && end_form != data.end_precision)
    gen_member (writer, "end_precision", cm_precision_to_string (data.end_precision));
  if (data.utc_offset != CM_UTC_OFFSET_NONE)
    {
      gen_string (writer, "utc_offset");
      yajl_gen_integer (writer->gen, data.utc_offset);
    }
  if (data.flags & CM_EVENT_START_APPROXIMATE)
    {
      gen_string (writer, "approximate");
      yajl_gen_bool (writer->gen, TRUE);
    }
  if (data.flags & CM_EVENT_END_APPROXIMATE)
    {
      gen_string (writer, "end_approximate");
      yajl_gen_bool (writer->gen, TRUE);
    }
  gen_member (writer, "place", data.place);
  if (!isnan (data.lat))
    {
      gen_string (writer, "lat");
      gen_double (writer, data.lat);
      gen_string (writer, "lon");
      gen_double (writer, data.lon);
    }
  if (data.flags & CM_EVENT_COORDINATES_APPROXIMATE)
    {
      gen_string (writer, "coordinates_approximate");
      yajl_gen_bool (writer->gen, TRUE);
    }
  if (data.category != CM_NONE && data.category < cm_document_get_n_categories (document))
    gen_member (writer, "category", cm_document_get_category (document, data.category)->id);
  if (data.group != CM_NONE && data.group < cm_document_get_n_groups (document))
    gen_member (writer, "group", cm_document_get_group (document, data.group)->id);
  gen_member (writer, "description", data.description);
  gen_extras (writer, data.extras);
  yajl_gen_map_close (writer->gen);
}

gboolean
cm_native_write (CmDocument     *document,
                 GOutputStream  *stream,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_auto(CmOutput) out = { 0 };
  CmEventStore *store;
  Writer writer = { 0 };
  guint n_categories, n_groups, n_events;
  gboolean ok;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  store = cm_document_get_store (document);
  writer.gen = yajl_gen_alloc (NULL);
  yajl_gen_config (writer.gen, yajl_gen_validate_utf8, 1);
  cm_output_init (&out, stream, cancellable);
  writer.error = error;
  writer.out = &out;

  cm_output_append (&out, "{\n  \"chronomap\": 1");
  if (cm_document_get_title (document) != NULL)
    {
      cm_output_append (&out, ",\n  \"title\": ");
      gen_string (&writer, cm_document_get_title (document));
      writer_take (&writer);
    }
  if (cm_document_get_description (document) != NULL)
    {
      cm_output_append (&out, ",\n  \"description\": ");
      gen_string (&writer, cm_document_get_description (document));
      writer_take (&writer);
    }

  if (cm_document_get_extras (document) != NULL)
    {
      cm_output_append (&out, ",\n  ");
      yajl_gen_map_open (writer.gen);
      gen_extras (&writer, cm_document_get_extras (document));
      yajl_gen_map_close (writer.gen);
      writer_take_member (&writer);
    }

  n_categories = cm_document_get_n_categories (document);
  cm_output_append (&out, ",\n  \"categories\": [");
  for (guint i = 0; i < n_categories; i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);
      g_autofree char *color = cm_color_to_string (category->red, category->green, category->blue);

      cm_output_append (&out, i ? ",\n    " : "\n    ");
      yajl_gen_map_open (writer.gen);
      gen_member (&writer, "id", category->id);
      gen_member (&writer, "name", category->name);
      gen_member (&writer, "color", color);
      yajl_gen_map_close (writer.gen);
      writer_take (&writer);
    }
  cm_output_append (&out, n_categories ? "\n  ]" : "]");

  n_groups = cm_document_get_n_groups (document);
  cm_output_append (&out, ",\n  \"groups\": [");
  for (guint i = 0; i < n_groups; i++)
    {
      const CmGroup *group = cm_document_get_group (document, i);

      cm_output_append (&out, i ? ",\n    " : "\n    ");
      yajl_gen_map_open (writer.gen);
      gen_member (&writer, "id", group->id);
      gen_member (&writer, "name", group->name);
      gen_member (&writer, "kind", cm_group_kind_to_string (group->kind));
      yajl_gen_map_close (writer.gen);
      writer_take (&writer);
    }
  cm_output_append (&out, n_groups ? "\n  ]" : "]");

  n_events = cm_event_store_get_n_events (store);
  cm_output_append (&out, ",\n  \"events\": [");
  for (guint i = 0; i < n_events; i++)
    {
      cm_output_append (&out, i ? ",\n    " : "\n    ");
      write_event (&writer, document, store, i);
      writer_take (&writer);

      if (((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
          || writer.failed || !cm_output_flush (&out, error))
        {
          writer.failed = TRUE;
          break;
        }
    }
  cm_output_append (&out, n_events ? "\n  ]\n}\n" : "]\n}\n");

  ok = !writer.failed && cm_output_finish (&out, error);

  yajl_gen_free (writer.gen);

  return ok;
}

gboolean
cm_native_save_file (CmDocument    *document,
                     GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return cm_document_write_file (document, file, cm_native_write, cancellable, error);
}
