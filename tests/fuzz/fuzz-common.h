/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every libFuzzer target shares: GLib's fatal messages and
 * criticals become abort(), which libFuzzer catches and saves the input
 * for (G_BREAKPOINT's SIGTRAP it does not); loading bytes with a format;
 * and the checks every load and every loaded document must pass. */
#pragma once

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "cm-format.h"
#include "cm-native.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    {
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE"))
          fprintf (stderr, "fuzz: %s\n", (const char *) fields[i].value);
      abort ();
    }

  /* Warnings and debug output would only slow the run down. */
  return G_LOG_WRITER_HANDLED;
}

G_GNUC_NORETURN static void
fuzz_trap_handler (int signal_number)
{
  abort ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  signal (SIGTRAP, fuzz_trap_handler);

  return 0;
}

static void
fuzz_check_text (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      fprintf (stderr, "fuzz: a loaded text is not UTF-8\n");
      abort ();
    }
}

/* A loaded document holds only UTF-8 text, and what the native writer
 * writes of it reads back with as many events. */
static void
fuzz_check_document (CmDocument *doc)
{
  CmEventStore *store = cm_document_get_store (doc);
  guint n = cm_event_store_get_n_events (store);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (out);

  fuzz_check_text (cm_document_get_title (doc));
  fuzz_check_text (cm_document_get_description (doc));
  fuzz_check_text (cm_document_get_extras (doc));
  for (guint i = 0; i < cm_document_get_n_categories (doc); i++)
    {
      fuzz_check_text (cm_document_get_category (doc, i)->id);
      fuzz_check_text (cm_document_get_category (doc, i)->name);
    }
  for (guint i = 0; i < cm_document_get_n_groups (doc); i++)
    {
      fuzz_check_text (cm_document_get_group (doc, i)->id);
      fuzz_check_text (cm_document_get_group (doc, i)->name);
    }
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_store_get_data (store, i, &data);
      fuzz_check_text (data.id);
      fuzz_check_text (data.title);
      fuzz_check_text (data.description);
      fuzz_check_text (data.place);
      fuzz_check_text (data.extras);
    }

  if (!cm_native_write (doc, out, NULL, &error))
    g_error ("the native writer refuses a loaded document: %s", error->message);
  g_output_stream_close (out, NULL, NULL);
  again = cm_native_load_data (g_memory_output_stream_get_data (memory),
                               g_memory_output_stream_get_data_size (memory), "native", &error);
  if (again == NULL)
    g_error ("the native file of a loaded document does not load: %s", error->message);
  if (cm_event_store_get_n_events (cm_document_get_store (again)) != n)
    g_error ("the native file of a loaded document has %u events, not %u",
             cm_event_store_get_n_events (cm_document_get_store (again)), n);
}

/* Loads the @size bytes at @data with @format, as the file @name. */
static inline CmDocument *
fuzz_load (const CmFormat  *format,
           const void      *data,
           gsize            size,
           const char      *name,
           gconstpointer    options,
           CmImportReport  *report,
           GError         **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);

  return format->load (&(CmLoadRequest) { .stream = stream, .name = name, .size = (goffset) size,
                                          .options = options, .report = report },
                       error);
}

/* What every load of the input named "fuzz" gives: exactly one of a
 * document or an error; the document passes fuzz_check_document (), and
 * a format error says where. */
static inline void
fuzz_check_load (CmDocument   *doc,
                 const GError *error)
{
  g_assert ((doc == NULL) != (error == NULL));
  if (doc != NULL)
    fuzz_check_document (doc);
  if (error != NULL && error->domain == CM_FORMAT_ERROR)
    g_assert (g_str_has_prefix (error->message, "fuzz:"));
}

/* The whole target of a format whose every loaded document must save
 * (unless a date is beyond what the format can write) and load again with
 * as many events. */
static inline int
fuzz_round_trip_target (const char   *format_id,
                        const guint8 *data,
                        size_t        size)
{
  const CmFormat *format = cm_format_by_id (format_id);
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  /* Inputs are bounded by -max_len; the readers refuse more than 64 MB. */
  doc = fuzz_load (format, data, size, "fuzz", NULL, report, &error);
  fuzz_check_load (doc, error);

  if (doc != NULL)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) save_error = NULL;

      if (cm_format_write (format, doc, out, NULL, &save_error))
        {
          g_autoptr(CmImportReport) again_report = cm_import_report_new ();
          g_autoptr(CmDocument) again = NULL;

          g_output_stream_close (out, NULL, NULL);
          again = fuzz_load (format,
                             g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                             g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                             "again", NULL, again_report, &error);
          g_assert (again != NULL);
          g_assert (cm_event_store_get_n_events (cm_document_get_store (again))
                    == cm_event_store_get_n_events (cm_document_get_store (doc)));
        }
      else
        g_assert (save_error != NULL && save_error->domain == CM_FORMAT_ERROR);
    }

  return 0;
}
