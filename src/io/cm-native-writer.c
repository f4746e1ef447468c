/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-native"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "cm-format-util.h"
#include "cm-formats-private.h"
#include "cm-native.h"
#include "cm-output.h"
#include "cm-properties.h"

/* The native format's writer: yajl generates each value, the layout
 * (one event per line) is written by hand. The events are written in
 * chunks by as many threads as there are processors (the store is only
 * read), and the chunks go to the stream in order. */

/* Events in one chunk of text. */
#define CHUNK_EVENTS 4096
/* Chunks written ahead of the stream at most, per thread. */
#define CHUNKS_AHEAD 4

typedef struct
{
  yajl_gen  gen;
  GString  *text;    /* where the generated text goes */
  GError   *error;   /* the first failure */
  gboolean  failed;
} Writer;

static void
writer_init (Writer  *writer,
             GString *text)
{
  writer->gen = yajl_gen_alloc (NULL);
  yajl_gen_config (writer->gen, yajl_gen_validate_utf8, 1);
  writer->text = text;
  writer->error = NULL;
  writer->failed = FALSE;
}

static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->gen, yajl_gen_free);
  g_clear_error (&writer->error);
}

/* Moves what yajl generated for one value into the output. */
static void
writer_take (Writer *writer)
{
  const unsigned char *buf;
  size_t len;

  yajl_gen_get_buf (writer->gen, &buf, &len);
  g_string_append_len (writer->text, (const char *) buf, (gssize) len);
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
    g_string_append_len (writer->text, (const char *) buf + 1, (gssize) len - 2);
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
      g_set_error (&writer->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
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

/* Writes @value as "I.FFFFFF" (trailing zeros dropped) when it is the
 * double nearest to a number of millionths, as coordinates mostly are:
 * the decimal form then reads back as the same double (both are the
 * correctly rounded value of the same fraction), and it is what "%.15g"
 * writes for it, at a fraction of the cost. FALSE otherwise. */
static gboolean
format_millionths (double  value,
                   char   *buffer,
                   gsize   size)
{
  double scaled = value * 1e6;
  gint64 millionths, whole, fraction;
  int digits = 6;

  /* Below 1e-4 "%.15g" writes an exponent; zero keeps its sign there. */
  if (!(fabs (value) >= 1e-4 && fabs (scaled) < 9e15))
    return FALSE;
  millionths = (gint64) llround (scaled);
  if ((double) millionths / 1e6 != value)
    return FALSE;

  whole = ABS (millionths) / 1000000;
  fraction = ABS (millionths) % 1000000;
  while (digits > 0 && fraction % 10 == 0)
    {
      fraction /= 10;
      digits--;
    }

  if (digits == 0)
    g_snprintf (buffer, size, "%s%" G_GINT64_FORMAT, millionths < 0 ? "-" : "", whole);
  else
    g_snprintf (buffer, size, "%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                millionths < 0 ? "-" : "", whole, digits, fraction);

  return TRUE;
}

static void
gen_double (Writer *writer,
            double  value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest form that reads back as the same double. */
  if (!format_millionths (value, buffer, sizeof buffer))
    {
      g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
      if (g_ascii_strtod (buffer, NULL) != value)
        g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
    }

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
  if (data.order != 0)
    {
      gen_string (writer, "stop_order");
      yajl_gen_integer (writer->gen, data.order);
    }
  gen_member (writer, "description", data.description);
  gen_extras (writer, data.extras);
  yajl_gen_map_close (writer->gen);
}

/* Events [@first, @end) as they stand in the events array, each after its
 * separator. */
static void
write_events (Writer       *writer,
              CmDocument   *document,
              CmEventStore *store,
              guint         first,
              guint         end)
{
  for (guint i = first; i < end && !writer->failed; i++)
    {
      g_string_append (writer->text, i ? ",\n    " : "\n    ");
      write_event (writer, document, store, i);
      writer_take (writer);
    }
}

/* The events in chunks, written by threads, taken in order. */
typedef struct
{
  CmDocument    *document;
  CmEventStore  *store;
  guint          n_events;
  guint          n_chunks;

  GMutex         lock;
  GCond          cond;
  guint          next;      /* the next chunk to write */
  guint          taken;     /* chunks gone to the stream */
  guint          ahead;     /* how far ahead of @taken writing may go */
  gboolean       stop;
  GString      **texts;     /* a chunk's text once written */
  GError       **errors;    /* or why it could not be */
} Chunks;

static gpointer
chunk_thread (gpointer data)
{
  Chunks *chunks = data;
  Writer writer;

  writer_init (&writer, NULL);

  g_mutex_lock (&chunks->lock);
  while (!chunks->stop && chunks->next < chunks->n_chunks)
    {
      guint chunk;
      GString *text;

      if (chunks->next >= chunks->taken + chunks->ahead)
        {
          g_cond_wait (&chunks->cond, &chunks->lock);
          continue;
        }
      chunk = chunks->next++;
      g_mutex_unlock (&chunks->lock);

      text = g_string_sized_new (CHUNK_EVENTS * 160);
      writer.text = text;
      write_events (&writer, chunks->document, chunks->store, chunk * CHUNK_EVENTS,
                    MIN (chunks->n_events, (chunk + 1) * CHUNK_EVENTS));

      g_mutex_lock (&chunks->lock);
      chunks->texts[chunk] = text;
      if (writer.failed)
        {
          chunks->errors[chunk] = g_steal_pointer (&writer.error);
          chunks->stop = TRUE;
        }
      g_cond_broadcast (&chunks->cond);
    }
  g_mutex_unlock (&chunks->lock);

  writer_clear (&writer);

  return NULL;
}

/* Writes the events to @out, in threads when there are many. */
static gboolean
write_all_events (CmDocument    *document,
                  CmEventStore  *store,
                  CmOutput      *out,
                  GError       **error)
{
  Chunks chunks = { 0 };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint n_threads;
  gboolean ok = TRUE;

  chunks.document = document;
  chunks.store = store;
  chunks.n_events = cm_event_store_get_n_events (store);
  chunks.n_chunks = (chunks.n_events + CHUNK_EVENTS - 1) / CHUNK_EVENTS;
  n_threads = CLAMP (g_get_num_processors (), 1, 8);
  n_threads = MIN (n_threads, MAX (chunks.n_chunks, 1));
  chunks.ahead = CHUNKS_AHEAD * n_threads;
  chunks.texts = g_new0 (GString *, MAX (chunks.n_chunks, 1));
  chunks.errors = g_new0 (GError *, MAX (chunks.n_chunks, 1));
  g_mutex_init (&chunks.lock);
  g_cond_init (&chunks.cond);

  for (guint t = 0; t < n_threads && chunks.n_chunks > 0; t++)
    g_ptr_array_add (threads, g_thread_new ("cm-native-writer", chunk_thread, &chunks));

  for (guint c = 0; c < chunks.n_chunks && ok; c++)
    {
      GString *text;
      GError *chunk_error;

      g_mutex_lock (&chunks.lock);
      while (chunks.texts[c] == NULL)
        g_cond_wait (&chunks.cond, &chunks.lock);
      text = g_steal_pointer (&chunks.texts[c]);
      chunk_error = g_steal_pointer (&chunks.errors[c]);
      chunks.taken = c + 1;
      g_cond_broadcast (&chunks.cond);
      g_mutex_unlock (&chunks.lock);

      if (chunk_error != NULL)
        {
          g_propagate_error (error, chunk_error);
          ok = FALSE;
        }
      else
        {
          cm_output_append_len (out, text->str, (gssize) text->len);
          ok = !g_cancellable_set_error_if_cancelled (out->cancellable, error)
               && cm_output_flush (out, error);
          cm_output_report (out, MIN ((c + 1) * CHUNK_EVENTS, chunks.n_events), chunks.n_events);
        }
      g_string_free (text, TRUE);
    }

  g_mutex_lock (&chunks.lock);
  chunks.stop = TRUE;
  g_cond_broadcast (&chunks.cond);
  g_mutex_unlock (&chunks.lock);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));

  for (guint c = 0; c < chunks.n_chunks; c++)
    {
      if (chunks.texts[c] != NULL)
        g_string_free (chunks.texts[c], TRUE);
      g_clear_error (&chunks.errors[c]);
    }
  g_free (chunks.texts);
  g_free (chunks.errors);
  g_mutex_clear (&chunks.lock);
  g_cond_clear (&chunks.cond);

  return ok;
}

gboolean
_cm_native_save (CmDocument           *document,
                 const CmSaveRequest  *request,
                 GError              **error)
{
  g_auto(CmOutput) out = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);
  CmEventStore *store;
  Writer writer;
  guint n_categories, n_groups, n_events;
  gboolean ok;

  store = _cm_format_start_save (&out, document, request);
  if (store == NULL)
    return FALSE;
  writer_init (&writer, text);

  g_string_append (text, "{\n  \"chronomap\": 1");
  if (cm_document_get_title (document) != NULL)
    {
      g_string_append (text, ",\n  \"title\": ");
      gen_string (&writer, cm_document_get_title (document));
      writer_take (&writer);
    }
  if (cm_document_get_description (document) != NULL)
    {
      g_string_append (text, ",\n  \"description\": ");
      gen_string (&writer, cm_document_get_description (document));
      writer_take (&writer);
    }

  if (cm_document_get_extras (document) != NULL)
    {
      g_string_append (text, ",\n  ");
      yajl_gen_map_open (writer.gen);
      gen_extras (&writer, cm_document_get_extras (document));
      yajl_gen_map_close (writer.gen);
      writer_take_member (&writer);
    }

  n_categories = cm_document_get_n_categories (document);
  g_string_append (text, ",\n  \"categories\": [");
  for (guint i = 0; i < n_categories; i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);
      g_autofree char *color = cm_color_to_string (category->red, category->green, category->blue);

      g_string_append (text, i ? ",\n    " : "\n    ");
      yajl_gen_map_open (writer.gen);
      gen_member (&writer, "id", category->id);
      gen_member (&writer, "name", category->name);
      gen_member (&writer, "color", color);
      yajl_gen_map_close (writer.gen);
      writer_take (&writer);
    }
  g_string_append (text, n_categories ? "\n  ]" : "]");

  n_groups = cm_document_get_n_groups (document);
  g_string_append (text, ",\n  \"groups\": [");
  for (guint i = 0; i < n_groups; i++)
    {
      const CmGroup *group = cm_document_get_group (document, i);

      g_string_append (text, i ? ",\n    " : "\n    ");
      yajl_gen_map_open (writer.gen);
      gen_member (&writer, "id", group->id);
      gen_member (&writer, "name", group->name);
      gen_member (&writer, "kind", cm_group_kind_to_string (group->kind));
      yajl_gen_map_close (writer.gen);
      writer_take (&writer);
    }
  g_string_append (text, n_groups ? "\n  ]" : "]");
  g_string_append (text, ",\n  \"events\": [");

  if (writer.failed)
    {
      g_propagate_error (error, g_steal_pointer (&writer.error));
      writer_clear (&writer);
      return FALSE;
    }
  writer_clear (&writer);

  cm_output_append_len (&out, text->str, (gssize) text->len);
  if (!write_all_events (document, store, &out, error))
    return FALSE;

  n_events = cm_event_store_get_n_events (store);
  cm_output_append (&out, n_events ? "\n  ]\n}\n" : "]\n}\n");
  ok = cm_output_finish (&out, error);

  return ok;
}

gboolean
cm_native_save_file (CmDocument    *document,
                     GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return cm_document_write_file (document, file, _cm_native_save, NULL, NULL, cancellable, error);
}

gboolean
cm_native_write (CmDocument     *document,
                 GOutputStream  *stream,
                 GCancellable   *cancellable,
                 GError        **error)
{
  return cm_format_write (&cm_format_native, document, stream, cancellable, error);
}
