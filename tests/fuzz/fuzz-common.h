/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every libFuzzer target shares: GLib's fatal messages and
 * criticals become abort(), which libFuzzer catches and saves the input
 * for (G_BREAKPOINT's SIGTRAP it does not); and the checks every loaded
 * document must pass. */
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
