/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the CSV reader (template and generic tables) and the
 * helpers the import dialog uses must take any bytes without crashing,
 * leaking or reading out of bounds; what loads must write and read back. */
#include "config.h"

#include "fuzz-common.h"

#include "cm-csv.h"
#include "cm-format.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const CmFormat *format = cm_format_by_id ("csv");
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *text = (const char *) data;
  CmCsvMapping mapping;
  char separator;

  /* What the window does before asking for a mapping. */
  cm_csv_is_timelinejs_template (text, size);
  rows = cm_csv_preview (text, size, 20, 64, &separator);
  for (guint i = 0; i < rows->len; i++)
    g_assert (g_strv_length (rows->pdata[i]) <= 64);
  if (rows->len > 0)
    {
      char **header = rows->pdata[0];

      cm_csv_guess_mapping ((const char * const *) header, g_strv_length (header), &mapping);
    }
  else
    {
      cm_csv_guess_mapping (NULL, 0, &mapping);
    }
  mapping.separator = separator;
  /* And a mapping the user may have picked: any column for the title. */
  if (size > 0 && mapping.title < 0)
    mapping.title = data[0] % 4;

  doc = fuzz_load (format, data, size, "fuzz", &mapping, report, &error);
  fuzz_check_load (doc, error);

  if (doc != NULL)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(CmDocument) again = NULL;
      GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (out);
      guint n = cm_event_store_get_n_events (cm_document_get_store (doc));

      g_assert_cmpuint (report->n_imported, ==, n);
      g_assert (cm_format_write (format, doc, out, NULL, NULL));
      g_output_stream_close (out, NULL, NULL);
      /* Written as the template, read back as the template. */
      again = fuzz_load (format, g_memory_output_stream_get_data (memory),
                         g_memory_output_stream_get_data_size (memory), "again", NULL, NULL, &error);
      if (again == NULL && n > 0)
        g_error ("written file does not load: %s", error->message);
      if (again != NULL)
        g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (again)), ==, n);
    }

  return 0;
}
