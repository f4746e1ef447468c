/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timelinejs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-format.h"
#include "cm-formats-private.h"
#include "cm-properties.h"
#include "cm-timelinejs-private.h"

/* TimelineJS JSON (Knight Lab's timeline): {"title": slide, "events":
 * [slide…], "eras": [era…], "scale": "human"|"cosmological"}, a slide being
 * {"start_date": {"year", "month", …}, "end_date", "text": {"headline",
 * "text"}, "media": {"url", "caption", "credit", "thumbnail"}, "group",
 * "display_date", "background": {"color"|"url"}, "unique_id", "autolink"}.
 *
 * The file is read by cm-json-reader.h, which streams the events: one
 * event's tree at a time, so a million events read in bounded memory.
 * What Chronomap does not model is kept as extras (see cm-properties.h) and
 * written back; what TimelineJS does not model (places, coordinates,
 * categories, offsets, precisions) goes into a "chronomap" member that
 * TimelineJS ignores, so that nothing is lost either way. */

/* Extras in their order: key, value, key, value… (owned strings). */
GPtrArray *
_cm_timelinejs_extras_to_array (const char *extras)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  const char *iter = extras;
  char *key, *value;

  while (cm_properties_next (&iter, &key, &value))
    {
      g_ptr_array_add (pairs, key);
      g_ptr_array_add (pairs, value);
    }

  return pairs;
}

const char *
_cm_timelinejs_extras_lookup (GPtrArray  *pairs,
                              const char *key)
{
  for (guint i = 0; i < pairs->len; i += 2)
    if (g_str_equal (pairs->pdata[i], key))
      return pairs->pdata[i + 1];

  return NULL;
}

/* Extras of an event that have a place in a TimelineJS slide. */
gboolean
_cm_timelinejs_is_slide_key (const char *key)
{
  static const char * const keys[] = {
    "display_date", "start_display_date", "end_display_date", "start_millisecond",
    "end_millisecond", "autolink", "text_html", "headline_html",
  };

  if (g_str_has_prefix (key, "media_") || g_str_has_prefix (key, "background_"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (key, keys[i]))
      return TRUE;

  return FALSE;
}

/* Extras of a document that have a place in a TimelineJS file. */
gboolean
_cm_timelinejs_is_timeline_key (const char *key)
{
  return g_str_equal (key, "eras") || g_str_equal (key, "scale") || g_str_has_prefix (key, "title_");
}

/* ---- the format --------------------------------------------------------- */

static int
timelinejs_sniff (const char *head,
                  gsize       length,
                  const char *filename)
{
  const char *p = head, *end = head + length;
  gboolean json_name = filename != NULL && g_str_has_suffix (filename, ".json");
  int score = 0;

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '{')
    return 0;

  if (g_strstr_len (p, end - p, "\"events\"") != NULL)
    score = 60;
  if (g_strstr_len (p, end - p, "\"start_date\"") != NULL)
    score = score > 0 ? 90 : 70;
  else if (g_strstr_len (p, end - p, "\"headline\"") != NULL)
    score = MAX (score, 50);

  return score > 0 ? score + (json_name ? 5 : 0) : (json_name ? 10 : 0);
}

static const char * const timelinejs_extensions[] = { "json", NULL };
static const char * const timelinejs_mime_types[] = { "application/json", NULL };

const CmFormat cm_format_timelinejs = {
  .id = "timelinejs",
  .name = N_("TimelineJS"),
  .extensions = timelinejs_extensions,
  .mime_types = timelinejs_mime_types,
  .sniff = timelinejs_sniff,
  .load = _cm_timelinejs_load,
  .save = _cm_timelinejs_save,
};
