/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-csv-private.h"
#include "cm-formats-private.h"

/* The "csv" CmFormat: CSV and TSV (see cm-csv-private.h). */

static int
csv_sniff (const char *head,
           gsize       length,
           const char *filename)
{
  const char *p = head, *end = head + length, *line_end;
  int by_name = 0;
  char separator;

  if (filename != NULL)
    {
      const char *dot = strrchr (filename, '.');

      if (dot != NULL && (g_ascii_strcasecmp (dot, ".csv") == 0 || g_ascii_strcasecmp (dot, ".tsv") == 0))
        by_name = 40;
      else if (dot != NULL && g_ascii_strcasecmp (dot, ".txt") == 0)
        by_name = 5;
    }

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  /* JSON, XML and iCalendar are for the other formats. */
  if (p >= end || *p == '{' || *p == '[' || *p == '<'
      || ((gsize) (end - p) >= 6 && g_ascii_strncasecmp (p, "BEGIN:", 6) == 0))
    return 0;

  if (cm_csv_is_timelinejs_template (p, (gsize) (end - p)))
    return 80;

  line_end = memchr (p, '\n', (gsize) (end - p));
  separator = cm_csv_detect_separator (p, (gsize) ((line_end != NULL ? line_end : end) - p));
  if (memchr (p, separator, (gsize) ((line_end != NULL ? line_end : end) - p)) != NULL)
    return MAX (by_name, 20);

  return by_name;
}

static const char * const csv_extensions[] = { "csv", "tsv", "txt", NULL };
static const char * const csv_mime_types[] = { "text/csv", "text/tab-separated-values", NULL };

const CmFormat cm_format_csv = {
  .id = "csv",
  .name = N_("CSV"),
  .extensions = csv_extensions,
  .mime_types = csv_mime_types,
  .sniff = csv_sniff,
  .load = _cm_csv_load,
  .save = _cm_csv_save,
};
