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
  return lo + 1 + cm_time_lower_bound (starts + lo + 1, hi - lo - 1, time);
}

/* Frees what the lanes of @lanes own, and empties it. */
static void
clear_lane_array (GArray *lanes)
{
  for (guint i = 0; i < lanes->len; i++)
    {
      Lane *lane = &g_array_index (lanes, Lane, i);

      g_free (lane->name);
      g_free (lane->cached_counts);
      g_clear_pointer (&lane->index, cm_interval_index_free);
    }
  g_array_set_size (lanes, 0);
}

void
_cm_timeline_renderer_clear_lanes (CmTimelineRenderer *self)
{
  clear_lane_array (self->lanes);
  g_clear_pointer (&self->all_starts, g_free);
  g_clear_pointer (&self->all_ends, g_free);
  g_clear_pointer (&self->all_positions, g_free);
  g_clear_pointer (&self->all_meta, g_free);
  g_clear_pointer (&self->all_label_widths, g_free);
  g_clear_pointer (&self->colors, g_free);
  g_clear_pointer (&self->used_categories, g_free);
  self->n_colors = 0;
}

/* A scene being built: the lanes of a document and filter result, in
 * steps (see cm_timeline_renderer_prepare()). The fields up to
 * used_categories are moved into the renderer when it is done. */
struct _CmTimelineSceneBuild
{
  GArray      *lanes;          /* Lane */
  gint64      *all_starts;
  gint64      *all_ends;
  guint       *all_positions;
  EventMeta   *all_meta;
  float       *all_label_widths;
  CmColor     *colors;
  guint        n_colors;
  guint8      *used_categories;

  CmMatchSet  *matches;        /* nullable */
  int          phase;
  guint        next;           /* position, or lane in the last phase */
  guint        n, n_groups, n_categories, n_slots, n_kept;
  guint       *lane_of;
  guint       *counts;
  guint       *fill;
  CmPrecision *coarsest;
  guint       *shared_category; /* per slot: of all its events, LANE_UNSET, LANE_MIXED */
};

enum
{
  PHASE_COUNT,    /* which lane each event goes to */
  PHASE_FILL,     /* the lanes' arrays */
  PHASE_INDEX,    /* an interval index per lane */
  PHASE_DONE,
};

static void
scene_build_free (CmTimelineSceneBuild *build)
{
  clear_lane_array (build->lanes);
  g_array_unref (build->lanes);
  g_free (build->all_starts);
  g_free (build->all_ends);
  g_free (build->all_positions);
  g_free (build->all_meta);
  g_free (build->all_label_widths);
  g_free (build->colors);
  g_free (build->used_categories);
  g_clear_pointer (&build->matches, cm_match_set_unref);
  g_free (build->lane_of);
  g_free (build->counts);
  g_free (build->fill);
  g_free (build->coarsest);
  g_free (build->shared_category);
  g_free (build);
}

static CmTimelineSceneBuild *
scene_build_new (CmTimelineRenderer *self)
{
  CmTimelineSceneBuild *build = g_new0 (CmTimelineSceneBuild, 1);

  build->lanes = g_array_new (FALSE, TRUE, sizeof (Lane));
  if (self->document == NULL)
    {
      build->phase = PHASE_DONE;
      return build;
    }

  if (self->matches != NULL && !cm_match_set_is_all (self->matches))
    build->matches = cm_match_set_ref (self->matches);
  build->n = cm_event_store_get_n_events (self->store);
  build->n_groups = cm_document_get_n_groups (self->document);
  build->n_categories = cm_document_get_n_categories (self->document);
  build->n_slots = build->n_groups + 1;

  build->n_colors = build->n_categories + 1;
  build->colors = g_new (CmColor, build->n_colors);
  build->used_categories = g_new0 (guint8, build->n_colors);
  for (guint c = 0; c < build->n_categories; c++)
    {
      const CmCategory *category = cm_document_get_category (self->document, c);

      build->colors[c] = (CmColor) { category->red, category->green, category->blue, 1.0 };
    }
  build->colors[build->n_categories] = self->style.uncategorized;

  /* One pass to sort events into lanes (counting sort, stable), one to copy */
  build->lane_of = g_new (guint, MAX (build->n, 1));
  build->counts = g_new0 (guint, build->n_slots);
  build->coarsest = g_new (CmPrecision, build->n_slots);
  for (guint s = 0; s < build->n_slots; s++)
    build->coarsest[s] = CM_PRECISION_SECOND;
  build->shared_category = g_new (guint, build->n_slots);
  for (guint s = 0; s < build->n_slots; s++)
    build->shared_category[s] = LANE_UNSET;
  build->phase = PHASE_COUNT;

  return build;
}

/* Past @deadline (monotonic µs; 0: none), checked every few thousand events. */
static inline gboolean
out_of_time (guint  i,
             gint64 deadline)
{
  return deadline > 0 && (i & 4095) == 4095 && g_get_monotonic_time () > deadline;
}

static void
count_events (CmTimelineRenderer   *self,
              CmTimelineSceneBuild *b,
              gint64                deadline)
{
  for (; b->next < b->n; b->next++)
    {
      guint p = b->next;
      CmEventData data;
      guint slot;

      if (out_of_time (p, deadline))
        return;

      if (b->matches != NULL && !cm_match_set_contains (b->matches, p))
        {
          b->lane_of[p] = CM_NONE;
          continue;
        }

      cm_event_store_get_data (self->store, p, &data);
      slot = data.group < b->n_groups ? data.group : b->n_groups;
      b->lane_of[p] = slot;
      b->counts[slot]++;
      b->n_kept++;
      b->coarsest[slot] = MIN (b->coarsest[slot], MIN (data.precision, data.end_precision));
      b->used_categories[MIN (data.category, b->n_categories)] = TRUE;
      if (b->shared_category[slot] == LANE_UNSET)
        b->shared_category[slot] = MIN (data.category, b->n_categories);
      else if (b->shared_category[slot] != MIN (data.category, b->n_categories))
        b->shared_category[slot] = LANE_MIXED;
    }

  b->phase = PHASE_FILL;
  b->next = 0;
}

/* The lanes and their slices of the shared arrays. */
static void
make_lanes (CmTimelineRenderer   *self,
            CmTimelineSceneBuild *b)
{
  guint offset = 0, n_kept = MAX (b->n_kept, 1);

  b->all_starts = g_new (gint64, n_kept);
  b->all_ends = g_new (gint64, n_kept);
  b->all_positions = g_new (guint, n_kept);
  b->all_meta = g_new (EventMeta, n_kept);
  b->all_label_widths = g_new0 (float, n_kept);
  b->fill = g_new (guint, b->n_slots);

  for (guint s = 0; s < b->n_slots; s++)
    {
      Lane lane = { 0 };

      b->fill[s] = offset;
      offset += b->counts[s];

      /* The default lane only when it has events, or is the only one */
      if (s == b->n_groups && b->counts[s] == 0 && b->n_groups > 0)
        continue;

      lane.group = s < b->n_groups ? s : CM_NONE;
      if (s < b->n_groups)
        lane.name = g_strdup (cm_document_get_group (self->document, s)->name != NULL
                              ? cm_document_get_group (self->document, s)->name : "");
      else
        lane.name = g_strdup (b->n_groups > 0 ? _("Other events") : _("Events"));
      lane.starts = b->all_starts + b->fill[s];
      lane.ends = b->all_ends + b->fill[s];
      lane.positions = b->all_positions + b->fill[s];
      lane.meta = b->all_meta + b->fill[s];
      lane.label_widths = b->all_label_widths + b->fill[s];
      lane.n = b->counts[s];
      lane.coarsest = b->coarsest[s];
      lane.category = b->shared_category[s];
      g_array_append_val (b->lanes, lane);
    }
}

static void
fill_lanes (CmTimelineRenderer   *self,
            CmTimelineSceneBuild *b,
            gint64                deadline)
{
  if (b->next == 0)
    make_lanes (self, b);

  for (; b->next < b->n; b->next++)
    {
      guint p = b->next;
      guint slot = b->lane_of[p];
      CmEventData data;
      EventMeta *meta;
      guint i;

      if (out_of_time (p, deadline))
        return;
      if (slot == CM_NONE)
        continue;

      i = b->fill[slot]++;
      cm_event_store_get_data (self->store, p, &data);
      b->all_starts[i] = data.start;
      b->all_ends[i] = cm_event_store_get_end (self->store, p);
      b->all_positions[i] = p;

      meta = &b->all_meta[i];
      meta->serial = cm_event_store_get_serial (self->store, p);
      meta->category = data.category < b->n_categories ? (guint16) data.category : G_MAXUINT16;
      meta->utc_offset = (gint16) (data.utc_offset == CM_UTC_OFFSET_NONE ? 0 : data.utc_offset);
      meta->precision = (guint8) data.precision;
      meta->end_precision = (guint8) data.end_precision;
    }

  b->phase = PHASE_INDEX;
  b->next = 0;
}

static void
index_lanes (CmTimelineSceneBuild *b,
             gint64                deadline)
{
  for (; b->next < b->lanes->len; b->next++)
    {
      Lane *lane = &g_array_index (b->lanes, Lane, b->next);

      if (deadline > 0 && g_get_monotonic_time () > deadline)
        return;
      lane->index = cm_interval_index_new ();
      cm_interval_index_build (lane->index, lane->starts, lane->ends, lane->n);
    }

  b->phase = PHASE_DONE;
}

/* Builds until done (TRUE) or @deadline. */
static gboolean
scene_build_step (CmTimelineRenderer   *self,
                  CmTimelineSceneBuild *build,
                  gint64                deadline)
{
  while (build->phase != PHASE_DONE)
    {
      if (deadline > 0 && g_get_monotonic_time () > deadline)
        return FALSE;

      switch (build->phase)
        {
        case PHASE_COUNT:
          count_events (self, build, deadline);
          break;
        case PHASE_FILL:
          fill_lanes (self, build, deadline);
          break;
        case PHASE_INDEX:
          index_lanes (build, deadline);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

/* The built scene replaces the renderer's. */
static void
scene_build_install (CmTimelineRenderer   *self,
                     CmTimelineSceneBuild *build)
{
  _cm_timeline_renderer_clear_lanes (self);
  g_array_append_vals (self->lanes, build->lanes->data, build->lanes->len);
  g_array_set_size (build->lanes, 0);
  self->all_starts = g_steal_pointer (&build->all_starts);
  self->all_ends = g_steal_pointer (&build->all_ends);
  self->all_positions = g_steal_pointer (&build->all_positions);
  self->all_meta = g_steal_pointer (&build->all_meta);
  self->all_label_widths = g_steal_pointer (&build->all_label_widths);
  self->colors = g_steal_pointer (&build->colors);
  self->n_colors = build->n_colors;
  self->used_categories = g_steal_pointer (&build->used_categories);
  scene_build_free (build);

  self->lanes_valid = TRUE;
  self->lanes_stale = FALSE;
  self->frame_valid = FALSE;
}

void
_cm_timeline_renderer_invalidate_lanes (CmTimelineRenderer *self,
                                        gboolean            store_changed)
{
  g_clear_pointer (&self->build, scene_build_free);
  self->lanes_valid = FALSE;
  self->frame_valid = FALSE;
  if (store_changed)
    self->lanes_stale = TRUE;
}

void
_cm_timeline_renderer_ensure_lanes (CmTimelineRenderer *self)
{
  if (self->lanes_valid)
    return;

  /* Only the filter result changed: the lanes of the last one stay on
   * screen until cm_timeline_renderer_prepare() has built the new ones. */
  if (self->async_scene && !self->lanes_stale && self->lanes->len > 0)
    return;

  cm_timeline_renderer_prepare (self, 0);
}

gboolean
cm_timeline_renderer_prepare (CmTimelineRenderer *self,
                              gint64              deadline)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), TRUE);

  if (self->lanes_valid)
    return TRUE;

  if (self->build == NULL)
    self->build = scene_build_new (self);
  if (!scene_build_step (self, self->build, deadline))
    return FALSE;

  scene_build_install (self, g_steal_pointer (&self->build));

  return TRUE;
}

void
cm_timeline_renderer_set_async_scene (CmTimelineRenderer *self,
                                      gboolean            async)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->async_scene = !!async;
}

gboolean
cm_timeline_renderer_get_prepared (CmTimelineRenderer *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), TRUE);

  return self->lanes_valid;
}
