/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the ical reader must reject or accept any bytes without
 * crashing, leaking or reading out of bounds, and what it accepts must
 * save and load again. */
#include "config.h"

#include "fuzz-common.h"

#include <string.h>

#include "cm-format.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const CmFormat *format = cm_format_by_id ("ical");
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  /* Inputs are bounded by -max_len; the readers refuse more than 64 MB. */
  doc = fuzz_load (format, data, size, "fuzz", NULL, report, &error);

  fuzz_check_load (doc, error);

  if (doc != NULL)
    {
      /* A document that loads must save and load again with as many
       * events as were written (an event beyond the years iCalendar can
       * write is left out of the file and reported). */
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) save_error = NULL;

      if (cm_format_write (format, doc, out, NULL, &save_error))
        {
          g_autoptr(CmDocument) again = NULL;
          g_autofree char *text = NULL;
          guint n_written = 0;

          g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
          g_output_stream_close (out, NULL, NULL);
          text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
          /* Lines, not text: a UID may hold those words (found by fuzzing). */
          for (const char *p = text; (p = strstr (p, "\nBEGIN:VEVENT\r\n")) != NULL; p++)
            n_written++;
          g_assert (n_written == cm_event_store_get_n_events (cm_document_get_store (doc))
                                 - cm_format_count_unwritable (format, doc, NULL));
          if (n_written > 0)
            {
              g_autoptr(CmImportReport) again_report = cm_import_report_new ();

              again = fuzz_load (format, text, strlen (text), "again", NULL, again_report, &error);
              g_assert (again != NULL);
              g_assert (cm_event_store_get_n_events (cm_document_get_store (again)) == n_written);
            }
        }
      else
        g_assert (save_error != NULL && save_error->domain == CM_FORMAT_ERROR);
    }

  return 0;
}
