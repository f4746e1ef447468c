/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the TimelineJS reader must reject or accept any bytes
 * without crashing, leaking or reading out of bounds, and what it accepts
 * must write and read back. */
#include "config.h"

#include "fuzz-common.h"

#include "cm-format.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const CmFormat *format = cm_format_by_id ("timelinejs");
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  doc = fuzz_load (format, data, size, "fuzz", NULL, report, &error);

  fuzz_check_load (doc, error);
  if (doc != NULL)
    g_assert_cmpuint (report->n_imported, ==, cm_event_store_get_n_events (cm_document_get_store (doc)));

  if (doc != NULL)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(CmDocument) again = NULL;
      GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (out);

      g_assert (cm_format_write (format, doc, out, NULL, NULL));
      g_output_stream_close (out, NULL, NULL);
      again = fuzz_load (format, g_memory_output_stream_get_data (memory),
                         g_memory_output_stream_get_data_size (memory), "again", NULL, NULL, &error);
      if (again == NULL && cm_event_store_get_n_events (cm_document_get_store (doc)) > 0)
        g_error ("written file does not load: %s", error->message);
      if (again != NULL)
        g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (again)), ==,
                          cm_event_store_get_n_events (cm_document_get_store (doc)));
    }

  return 0;
}
