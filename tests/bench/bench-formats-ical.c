/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cm-bench ical: 10,000 synthetic events written as iCalendar by the
 * iCalendar writer, then loaded back (libical parses whole calendars in
 * memory, so the figure is for a calendar-sized file, not a million). */
#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>

#include "cm-bench.h"
#include "cm-format.h"

#define ICAL_EVENTS 10000

void bench_ical (const char *self_path);

void
bench_ical (const char *self_path)
{
  const CmFormat *ical = cm_format_by_id ("ical");
  g_autoptr(CmDocument) doc = generate (ICAL_EVENTS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cm-bench-ical-XXXXXX", &error);
  g_autofree char *path = NULL;
  double load[8], t0, save_s;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_nonnull (ical);
  path = g_build_filename (dir, "bench.ics", NULL);
  file = g_file_new_for_path (path);

  t0 = now_s ();
  if (!cm_format_save_file (doc, file, ical, NULL, NULL, NULL, &error))
    g_error ("save: %s", error->message);
  save_s = now_s () - t0;
  g_clear_object (&doc);
  malloc_trim (0);

  for (int r = 0; r < n_runs; r++)
    {
      g_autoptr(CmDocument) loaded = NULL;
      guint n;

      t0 = now_s ();
      loaded = cm_format_load_file (file, ical, NULL, NULL, NULL, NULL, NULL, &error);
      load[r] = now_s () - t0;
      if (loaded == NULL)
        g_error ("load: %s", error->message);
      n = cm_event_store_get_n_events (cm_document_get_store (loaded));
      if (n != ICAL_EVENTS)
        g_error ("load: %u events instead of %d", n, ICAL_EVENTS);
    }

  g_stat (path, &st);
  printf ("ical_events=%d\n", ICAL_EVENTS);
  printf ("ical_file_mb=%.1f\n", st.st_size / (1024.0 * 1024.0));
  printf ("save_ics_10k_s=%.3f\n", save_s);
  printf ("load_ics_10k_s=%.3f\n", median (load, (guint) n_runs));
  fflush (stdout);

  g_remove (path);
  g_rmdir (dir);
}
