/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the native reader must reject or accept any bytes
 * without crashing, leaking or reading out of bounds. */
#include "config.h"

#include "fuzz-common.h"

#include "cm-native.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  doc = cm_native_load_data ((const char *) data, size, "fuzz", &error);

  fuzz_check_load (doc, error);

  if (doc != NULL)
    {
      /* A document that loads must save and load again. */
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(CmDocument) again = NULL;

      g_assert (cm_native_write (doc, out, NULL, NULL));
      g_output_stream_close (out, NULL, NULL);
      again = cm_native_load_data (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                                   "again", &error);
      g_assert (again != NULL);
      g_assert (cm_event_store_get_n_events (cm_document_get_store (again))
                == cm_event_store_get_n_events (cm_document_get_store (doc)));
    }

  return 0;
}
