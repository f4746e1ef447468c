/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-kml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-formats-private.h"
#include "cm-kml-private.h"

/* The "kml" CmFormat: KML (see cm-kml-private.h). */

static const char * const kml_extensions[] = { "kml", NULL };
static const char * const kml_mime_types[] = { "application/vnd.google-earth.kml+xml", NULL };

/* ---- sniffing ---------------------------------------------------------- */

static int
kml_sniff (const char *head,
           gsize       length,
           const char *filename)
{
  g_autofree char *text = g_strndup (head, length);

  if (strstr (text, "<kml") != NULL
      && (strstr (text, "opengis.net/kml") != NULL
          || strstr (text, "earth.google.com/kml") != NULL))
    return 100;
  if (strstr (text, "<kml") != NULL)
    return 70;

  if (filename != NULL)
    {
      const char *dot = strrchr (filename, '.');

      if (dot != NULL && g_ascii_strcasecmp (dot, ".kml") == 0)
        return 30;
    }

  return 0;
}

const CmFormat cm_format_kml = {
  .id = "kml",
  .name = N_("KML"),
  .extensions = kml_extensions,
  .mime_types = kml_mime_types,
  .sniff = kml_sniff,
  .load = _cm_kml_load,
  .save = _cm_kml_save,
};
