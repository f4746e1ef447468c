/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-geojson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-format-util.h"
#include "cm-formats-private.h"
#include "cm-geojson-private.h"

/* The "geojson" CmFormat: GeoJSON (see cm-geojson-private.h). */

static const char * const geojson_extensions[] = { "geojson", NULL };
static const char * const geojson_mime_types[] = { "application/geo+json", NULL };

/* ---- sniffing ---------------------------------------------------------- */

static gboolean
has_json_suffix (const char *filename,
                 const char *suffix)
{
  gsize length = strlen (filename), suffix_length = strlen (suffix);

  return length >= suffix_length
      && g_ascii_strcasecmp (filename + length - suffix_length, suffix) == 0;
}

static int
geojson_sniff (const char *head,
               gsize       length,
               const char *filename)
{
  gsize skip = length;
  const char *p = _cm_format_skip_bom (head, &skip);
  g_autofree char *text = NULL;
  gboolean is_json;

  while (skip > 0 && g_ascii_isspace (*p))
    {
      p++;
      skip--;
    }
  is_json = skip > 0 && *p == '{';
  text = g_strndup (p, skip);

  /* "type": "FeatureCollection" or "Feature" near the start. */
  if (is_json && (strstr (text, "\"FeatureCollection\"") != NULL
                  || (strstr (text, "\"Feature\"") != NULL
                      && strstr (text, "\"geometry\"") != NULL)))
    return 90;

  if (filename != NULL && has_json_suffix (filename, ".geojson"))
    return is_json ? 60 : 20;

  return 0;
}

const CmFormat cm_format_geojson = {
  .id = "geojson",
  .name = N_("GeoJSON"),
  .extensions = geojson_extensions,
  .mime_types = geojson_mime_types,
  .sniff = geojson_sniff,
  .load = _cm_geojson_load,
  .save = _cm_geojson_save,
};
