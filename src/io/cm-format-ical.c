/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-ical"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-formats-private.h"
#include "cm-ical-private.h"

/* The "ical" CmFormat: iCalendar (see cm-ical-private.h). */

static const char * const ical_extensions[] = { "ics", "ical", NULL };
static const char * const ical_mime_types[] = { "text/calendar", NULL };

/* ---- sniffing ---------------------------------------------------------- */

static int
ical_sniff (const char *head,
            gsize       length,
            const char *filename)
{
  gsize skip = length;
  const char *p = _cm_format_skip_bom (head, &skip);
  const char *end = p + skip;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if ((gsize) (end - p) >= 15 && g_ascii_strncasecmp (p, "BEGIN:VCALENDAR", 15) == 0)
    return 100;

  if (filename != NULL)
    {
      const char *dot = strrchr (filename, '.');

      if (dot != NULL
          && (g_ascii_strcasecmp (dot, ".ics") == 0 || g_ascii_strcasecmp (dot, ".ical") == 0))
        return 30;
    }

  return 0;
}

const CmFormat cm_format_ical = {
  .id = "ical",
  .name = N_("iCalendar"),
  .extensions = ical_extensions,
  .mime_types = ical_mime_types,
  .sniff = ical_sniff,
  .load = _cm_ical_load,
  .save = _cm_ical_save,
  .count_unwritable = _cm_ical_count_unwritable,
};
