/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer-private.h"

#include <glib/gi18n-lib.h>

/* Upper bound of one unit of @precision, in seconds */
double
_cm_timeline_precision_seconds (CmPrecision precision)
{
  switch (precision)
    {
    case CM_PRECISION_BILLION_YEARS:
      return 1e9 * YEAR_SECONDS;
    case CM_PRECISION_MILLION_YEARS:
      return 1e6 * YEAR_SECONDS;
    case CM_PRECISION_MILLENNIUM:
      return 1000 * YEAR_SECONDS;
    case CM_PRECISION_CENTURY:
      return 100 * YEAR_SECONDS;
    case CM_PRECISION_DECADE:
      return 10 * YEAR_SECONDS;
    case CM_PRECISION_YEAR:
      return 366 * 86400.0;
    case CM_PRECISION_MONTH:
      return 31 * 86400.0;
    case CM_PRECISION_DAY:
      return 86400.0;
    case CM_PRECISION_HOUR:
      return 3600.0;
    case CM_PRECISION_MINUTE:
      return 60.0;
    case CM_PRECISION_SECOND:
    case CM_N_PRECISIONS:
    default:
      return 1.0;
    }
}

/* The first i >= from with starts[i] >= time, galloping from @from
 * (every starts[j] with j < from is below @time). */
guint
_cm_timeline_gallop_lower_bound (const gint64 *starts,
                                 guint         n,
                                 guint         from,
                                 gint64        time)
{
  guint lo = from, hi, step = 1;

  if (lo >= n || starts[lo] >= time)
    return lo;

  hi = lo + 1;
  while (hi < n && starts[hi] < time)
    {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
  hi = MIN (hi, n);

  /* starts[lo] < time <= starts[hi] (or hi == n) */
  return lo + 1 + _cm_timeline_lower_bound (starts + lo + 1, hi - lo - 1, time);
}

guint
_cm_timeline_lower_bound (const gint64 *starts,
                          guint         n,
                          gint64        time)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

void
_cm_timeline_renderer_clear_lanes (CmTimelineRenderer *self)
{
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, i);

      g_free (lane->name);
      g_free (lane->cached_counts);
      g_clear_pointer (&lane->index, cm_interval_index_free);
    }
  g_array_set_size (self->lanes, 0);
  g_clear_pointer (&self->all_starts, g_free);
  g_clear_pointer (&self->all_ends, g_free);
  g_clear_pointer (&self->all_positions, g_free);
  g_clear_pointer (&self->all_meta, g_free);
  g_clear_pointer (&self->all_label_widths, g_free);
  g_clear_pointer (&self->colors, g_free);
  g_clear_pointer (&self->used_categories, g_free);
  self->n_colors = 0;
}

void
_cm_timeline_renderer_invalidate_lanes (CmTimelineRenderer *self)
{
  self->lanes_valid = FALSE;
  self->frame_valid = FALSE;
}

void
_cm_timeline_renderer_ensure_lanes (CmTimelineRenderer *self)
{
  g_autofree guint *lane_of = NULL;
  g_autofree guint *counts = NULL;
  g_autofree guint *fill = NULL;
  g_autofree CmPrecision *coarsest = NULL;
  gboolean filtering;
  guint n, n_groups, n_categories, n_slots, n_kept = 0, offset = 0;

  if (self->lanes_valid)
    return;

  _cm_timeline_renderer_clear_lanes (self);
  self->lanes_valid = TRUE;

  if (self->document == NULL)
    return;

  n = cm_event_store_get_n_events (self->store);
  n_groups = cm_document_get_n_groups (self->document);
  n_categories = cm_document_get_n_categories (self->document);
  n_slots = n_groups + 1;
  filtering = self->matches != NULL && !cm_match_set_is_all (self->matches);

  self->n_colors = n_categories + 1;
  self->colors = g_new (CmColor, self->n_colors);
  self->used_categories = g_new0 (guint8, self->n_colors);
  for (guint c = 0; c < n_categories; c++)
    {
      const CmCategory *category = cm_document_get_category (self->document, c);

      self->colors[c] = (CmColor) { category->red, category->green, category->blue, 1.0 };
    }
  self->colors[n_categories] = self->style.uncategorized;

  /* One pass to sort events into lanes (counting sort, stable), one to copy */
  lane_of = g_new (guint, MAX (n, 1));
  counts = g_new0 (guint, n_slots);
  coarsest = g_new (CmPrecision, n_slots);
  for (guint s = 0; s < n_slots; s++)
    coarsest[s] = CM_PRECISION_SECOND;

  for (guint p = 0; p < n; p++)
    {
      CmEventData data;
      guint slot;

      if (filtering && !cm_match_set_contains (self->matches, p))
        {
          lane_of[p] = CM_NONE;
          continue;
        }

      cm_event_store_get_data (self->store, p, &data);
      slot = data.group < n_groups ? data.group : n_groups;
      lane_of[p] = slot;
      counts[slot]++;
      n_kept++;
      coarsest[slot] = MIN (coarsest[slot], MIN (data.precision, data.end_precision));
      self->used_categories[MIN (data.category, n_categories)] = TRUE;
    }

  self->all_starts = g_new (gint64, MAX (n_kept, 1));
  self->all_ends = g_new (gint64, MAX (n_kept, 1));
  self->all_positions = g_new (guint, MAX (n_kept, 1));
  self->all_meta = g_new (EventMeta, MAX (n_kept, 1));
  self->all_label_widths = g_new0 (float, MAX (n_kept, 1));
  fill = g_new (guint, n_slots);

  for (guint s = 0; s < n_slots; s++)
    {
      Lane lane = { 0 };

      fill[s] = offset;
      offset += counts[s];

      /* The default lane only when it has events, or is the only one */
      if (s == n_groups && counts[s] == 0 && n_groups > 0)
        continue;

      lane.group = s < n_groups ? s : CM_NONE;
      if (s < n_groups)
        lane.name = g_strdup (cm_document_get_group (self->document, s)->name != NULL
                              ? cm_document_get_group (self->document, s)->name : "");
      else
        lane.name = g_strdup (n_groups > 0 ? _("Other events") : _("Events"));
      lane.starts = self->all_starts + fill[s];
      lane.ends = self->all_ends + fill[s];
      lane.positions = self->all_positions + fill[s];
      lane.meta = self->all_meta + fill[s];
      lane.label_widths = self->all_label_widths + fill[s];
      lane.n = counts[s];
      lane.coarsest = coarsest[s];
      g_array_append_val (self->lanes, lane);
    }

  for (guint p = 0; p < n; p++)
    {
      guint slot = lane_of[p];
      CmEventData data;
      EventMeta *meta;
      guint i;

      if (slot == CM_NONE)
        continue;

      i = fill[slot]++;
      cm_event_store_get_data (self->store, p, &data);
      self->all_starts[i] = data.start;
      self->all_ends[i] = cm_event_store_get_end (self->store, p);
      self->all_positions[i] = p;

      meta = &self->all_meta[i];
      meta->serial = cm_event_store_get_serial (self->store, p);
      meta->category = data.category < n_categories ? (guint16) data.category : G_MAXUINT16;
      meta->utc_offset = (gint16) (data.utc_offset == CM_UTC_OFFSET_NONE ? 0 : data.utc_offset);
      meta->precision = (guint8) data.precision;
      meta->end_precision = (guint8) data.end_precision;
    }

  for (guint l = 0; l < self->lanes->len; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);

      lane->index = cm_interval_index_new ();
      cm_interval_index_build (lane->index, lane->starts, lane->ends, lane->n);
    }
}
