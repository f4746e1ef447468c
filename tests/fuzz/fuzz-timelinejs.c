/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the TimelineJS reader must reject or accept any bytes
 * without crashing, leaking or reading out of bounds, and what it accepts
 * must write and read back. */
#include "config.h"

#include "fuzz-common.h"

#include "cm-format.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static CmDocument *
load (const CmFormat  *format,
      const void      *data,
      gsize            size,
      const char      *name,
      CmImportReport  *report,
      GError         **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);

  return format->load (stream, name, (goffset) size, NULL, report, NULL, NULL, NULL, error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const CmFormat *format = cm_format_by_id ("timelinejs");
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  doc = load (format, data, size, "fuzz", report, &error);

  /* Exactly one of a document or an error, and errors say where. */
  g_assert ((doc == NULL) != (error == NULL));
  if (doc != NULL)
    fuzz_check_document (doc);
  if (error != NULL && error->domain == CM_FORMAT_ERROR)
    g_assert (g_str_has_prefix (error->message, "fuzz:"));
  if (doc != NULL)
    g_assert_cmpuint (report->n_imported, ==, cm_event_store_get_n_events (cm_document_get_store (doc)));

  if (doc != NULL)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(CmDocument) again = NULL;
      GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (out);

      g_assert (format->save (doc, out, NULL, NULL));
      g_output_stream_close (out, NULL, NULL);
      again = load (format, g_memory_output_stream_get_data (memory),
                    g_memory_output_stream_get_data_size (memory), "again", NULL, &error);
      if (again == NULL && cm_event_store_get_n_events (cm_document_get_store (doc)) > 0)
        g_error ("written file does not load: %s", error->message);
      if (again != NULL)
        g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (again)), ==,
                          cm_event_store_get_n_events (cm_document_get_store (doc)));
    }

  return 0;
}
