/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-core.h"
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
  g_clear_pointer (&self->overview_sums, g_free);
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
  CmTimelineEventTable *table; /* nullable: read the store (main thread) */
  CmTimelineEventTable *table_out; /* nullable: filled on the way, of every event */
  CmEventStore *store;         /* borrowed, without a table */
  GCancellable *cancellable;   /* nullable */
  char       **group_names;    /* n_groups */
  char        *default_name;
  guint        serial;         /* the renderer's scene_serial when started */
  guint        store_serial;   /* … and store_serial */
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

/* What a thread builds lanes from: the fields of every event the lanes
 * need, in store order, copied from the store on the main thread once per
 * change of the store or document, never changed after. */
struct _CmTimelineEventTable
{
  gatomicrefcount  ref_count;
  guint            n;
  gint64          *starts;
  gint64          *ends;
  guint16         *groups;     /* G_MAXUINT16: none */
  EventMeta       *meta;
};

static CmTimelineEventTable *
event_table_ref (CmTimelineEventTable *table)
{
  g_atomic_ref_count_inc (&table->ref_count);

  return table;
}

void
_cm_timeline_event_table_unref (CmTimelineEventTable *table)
{
  if (!g_atomic_ref_count_dec (&table->ref_count))
    return;

  g_free (table->starts);
  g_free (table->ends);
  g_free (table->groups);
  g_free (table->meta);
  g_free (table);
}

#define event_table_unref _cm_timeline_event_table_unref

/* The meta of an event of @data, of a document of @n_categories. */
static inline void
event_meta_init (EventMeta         *meta,
                 const CmEventData *data,
                 guint              serial,
                 guint              n_categories)
{
  meta->serial = serial;
  meta->category = data->category < n_categories ? (guint16) data->category : G_MAXUINT16;
  meta->utc_offset = (gint16) (data->utc_offset == CM_UTC_OFFSET_NONE ? 0 : data->utc_offset);
  meta->precision = (guint8) data->precision;
  meta->end_precision = (guint8) data->end_precision;
}

/* A table of @n events, to be filled */
static CmTimelineEventTable *
event_table_alloc (guint n)
{
  CmTimelineEventTable *table = g_new0 (CmTimelineEventTable, 1);

  g_atomic_ref_count_init (&table->ref_count);
  table->n = n;
  table->starts = g_new (gint64, MAX (n, 1));
  table->ends = g_new (gint64, MAX (n, 1));
  table->groups = g_new (guint16, MAX (n, 1));
  table->meta = g_new (EventMeta, MAX (n, 1));

  return table;
}

static inline void
event_table_set (CmTimelineEventTable *table,
                 guint                 p,
                 gint64                start,
                 gint64                end,
                 guint                 group,
                 const EventMeta      *meta)
{
  table->starts[p] = start;
  table->ends[p] = end;
  table->groups[p] = group < G_MAXUINT16 ? (guint16) group : G_MAXUINT16;
  table->meta[p] = *meta;
}

/* The table of the store now: a pass over every event, here. Lanes of
 * every event built here fill one on the way (see fill_lanes()). */
static CmTimelineEventTable *
event_table_new (CmTimelineRenderer *self)
{
  CmTimelineEventTable *table = event_table_alloc (cm_event_store_get_n_events (self->store));
  guint n_categories = cm_document_get_n_categories (self->document);

  for (guint p = 0; p < table->n; p++)
    {
      CmEventData data;
      EventMeta meta;

      cm_event_store_get_data (self->store, p, &data);
      event_meta_init (&meta, &data, cm_event_store_get_serial (self->store, p), n_categories);
      event_table_set (table, p, data.start, cm_event_store_get_end (self->store, p), data.group, &meta);
    }

  return table;
}

/* One event as a build reads it: from the table, else the store. */
typedef struct
{
  gint64    start;
  gint64    end;
  guint     group;
  EventMeta meta;
} EventRow;

static inline void
read_event (CmTimelineSceneBuild *b,
            guint                 p,
            EventRow             *row)
{
  CmEventData data;

  if (b->table != NULL)
    {
      row->start = b->table->starts[p];
      row->end = b->table->ends[p];
      row->group = b->table->groups[p] == G_MAXUINT16 ? CM_NONE : b->table->groups[p];
      row->meta = b->table->meta[p];
      return;
    }

  cm_event_store_get_data (b->store, p, &data);
  row->start = data.start;
  row->end = cm_event_store_get_end (b->store, p);
  row->group = data.group;
  event_meta_init (&row->meta, &data, cm_event_store_get_serial (b->store, p), b->n_categories);
}

/* The category index of @meta, n_categories for none (G_MAXUINT16). */
static inline guint
meta_category (const CmTimelineSceneBuild *b,
               const EventMeta            *meta)
{
  return MIN (meta->category, b->n_categories);
}

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
  g_clear_pointer (&build->table, event_table_unref);
  g_clear_pointer (&build->table_out, event_table_unref);
  g_clear_object (&build->cancellable);
  g_strfreev (build->group_names);
  g_free (build->default_name);
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
  build->store = self->store;
  build->n = cm_event_store_get_n_events (self->store);
  /* Every event read from the store: the table threads build from, too
   * (only threads need it: export does not pay for it) */
  if (self->async_scene && build->matches == NULL && self->table == NULL)
    build->table_out = event_table_alloc (build->n);
  build->n_groups = cm_document_get_n_groups (self->document);
  build->group_names = g_new0 (char *, build->n_groups + 1);
  for (guint g = 0; g < build->n_groups; g++)
    {
      const char *name = cm_document_get_group (self->document, g)->name;

      build->group_names[g] = g_strdup (name != NULL ? name : "");
    }
  build->default_name = g_strdup (build->n_groups > 0 ? _("Other events") : _("Events"));
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

/* Past @deadline (monotonic µs; 0: none) or cancelled, checked every few
 * thousand events. */
static inline gboolean
out_of_time (CmTimelineSceneBuild *b,
             guint                 i,
             gint64                deadline)
{
  if ((i & 4095) != 4095)
    return FALSE;

  return (deadline > 0 && g_get_monotonic_time () > deadline)
         || g_cancellable_is_cancelled (b->cancellable);
}

static void
count_events (CmTimelineSceneBuild *b,
              gint64                deadline)
{
  for (; b->next < b->n; b->next++)
    {
      guint p = b->next;
      EventRow row;
      guint slot, category;

      if (out_of_time (b, p, deadline))
        return;

      if (b->matches != NULL && !cm_match_set_contains (b->matches, p))
        {
          b->lane_of[p] = CM_NONE;
          continue;
        }

      read_event (b, p, &row);
      slot = row.group < b->n_groups ? row.group : b->n_groups;
      category = meta_category (b, &row.meta);
      b->lane_of[p] = slot;
      b->counts[slot]++;
      b->n_kept++;
      b->coarsest[slot] = MIN (b->coarsest[slot], MIN (row.meta.precision, row.meta.end_precision));
      b->used_categories[category] = TRUE;
      if (b->shared_category[slot] == LANE_UNSET)
        b->shared_category[slot] = category;
      else if (b->shared_category[slot] != category)
        b->shared_category[slot] = LANE_MIXED;
    }

  b->phase = PHASE_FILL;
  b->next = 0;
}

/* The lanes and their slices of the shared arrays. */
static void
make_lanes (CmTimelineSceneBuild *b)
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
      lane.name = g_strdup (s < b->n_groups ? b->group_names[s] : b->default_name);
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
fill_lanes (CmTimelineSceneBuild *b,
            gint64                deadline)
{
  if (b->fill == NULL)
    make_lanes (b);

  for (; b->next < b->n; b->next++)
    {
      guint p = b->next;
      guint slot = b->lane_of[p];
      EventRow row;
      guint i;

      if (out_of_time (b, p, deadline))
        return;
      if (slot == CM_NONE)
        continue;

      i = b->fill[slot]++;
      read_event (b, p, &row);
      b->all_starts[i] = row.start;
      b->all_ends[i] = row.end;
      b->all_positions[i] = p;
      b->all_meta[i] = row.meta;
      if (b->table_out != NULL)
        event_table_set (b->table_out, p, row.start, row.end, row.group, &row.meta);
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

      if ((deadline > 0 && g_get_monotonic_time () > deadline)
          || g_cancellable_is_cancelled (b->cancellable))
        return;
      lane->index = cm_interval_index_new ();
      cm_interval_index_build (lane->index, lane->starts, lane->ends, lane->n);
    }

  b->phase = PHASE_DONE;
}

/* Builds until done (TRUE), @deadline or cancelled. */
static gboolean
scene_build_step (CmTimelineSceneBuild *build,
                  gint64                deadline)
{
  while (build->phase != PHASE_DONE)
    {
      if ((deadline > 0 && g_get_monotonic_time () > deadline)
          || g_cancellable_is_cancelled (build->cancellable))
        return FALSE;

      switch (build->phase)
        {
        case PHASE_COUNT:
          count_events (build, deadline);
          break;
        case PHASE_FILL:
          fill_lanes (build, deadline);
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
  if (build->table_out != NULL && self->table == NULL)
    self->table = g_steal_pointer (&build->table_out);
  scene_build_free (build);

  self->lanes_valid = TRUE;
  self->lanes_stale = FALSE;
  self->frame_valid = FALSE;
}

/* Scenes built in a thread
 *
 * With an asynchronous scene, a new filter result (or document) is built
 * in a thread from the event table and the match set, both immutable, and
 * swapped in by scene_built_cb() on the main thread; frames draw the lanes
 * of the previous result meanwhile (none for a new document). Each request
 * takes a new scene_serial and cancels the one before: a build of an older
 * request is never installed. The store is only changed on the main
 * thread, which bumps store_serial: a build begun before is dropped, and
 * the next frame lays the lanes of the changed store out at once. */

typedef struct
{
  CmTimelineSceneBuild *build;
} SceneTask;

static void
scene_task_free (gpointer data)
{
  SceneTask *task_data = data;

  g_clear_pointer (&task_data->build, scene_build_free);
  g_free (task_data);
}

static void
cancel_thread_build (CmTimelineRenderer *self)
{
  if (self->building != NULL)
    g_cancellable_cancel (self->building);
  g_clear_object (&self->building);
}

static void
scene_build_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SceneTask *scene_task = task_data;

  cm_core_lower_thread_priority ();
  g_task_return_boolean (task, scene_build_step (scene_task->build, 0));
}

static void
scene_built_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CmTimelineRenderer *self = CM_TIMELINE_RENDERER (source);
  SceneTask *scene_task = g_task_get_task_data (G_TASK (result));
  CmTimelineSceneBuild *build = scene_task->build;

  self->n_tasks--;
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;   /* cancelled */

  if (self->building == g_task_get_cancellable (G_TASK (result)))
    g_clear_object (&self->building);
  if (self->lanes_valid
      || build->serial != self->scene_serial
      || build->store_serial != self->store_serial)
    return;

  scene_build_install (self, g_steal_pointer (&scene_task->build));
  _cm_timeline_renderer_emit_changed (self);
}

/* Starts building the lanes of the current document and result in a
 * thread, instead of any build begun before. */
static void
start_thread_build (CmTimelineRenderer *self)
{
  g_autoptr(GTask) task = NULL;
  SceneTask *scene_task;
  CmTimelineSceneBuild *build;

  cancel_thread_build (self);
  g_clear_pointer (&self->build, scene_build_free);
  self->scene_serial++;

  build = scene_build_new (self);
  if (self->document != NULL)
    {
      if (self->table == NULL)
        self->table = event_table_new (self);
      build->table = event_table_ref (self->table);
      g_clear_pointer (&build->table_out, event_table_unref);
      /* The store may have changed before the renderer is told (then this
       * build is dropped): never read past the table. */
      build->n = MIN (build->n, self->table->n);
    }
  build->store = NULL;
  build->serial = self->scene_serial;
  build->store_serial = self->store_serial;
  self->building = g_cancellable_new ();
  build->cancellable = g_object_ref (self->building);

  scene_task = g_new0 (SceneTask, 1);
  scene_task->build = build;
  task = g_task_new (self, self->building, scene_built_cb, NULL);
  g_task_set_source_tag (task, start_thread_build);
  g_task_set_name (task, "[chronomap] timeline lanes");
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, scene_task, scene_task_free);
  self->n_tasks++;
  g_task_run_in_thread (task, scene_build_thread);
}

void
_cm_timeline_renderer_invalidate_lanes (CmTimelineRenderer *self,
                                        gboolean            store_changed)
{
  cancel_thread_build (self);
  g_clear_pointer (&self->build, scene_build_free);
  self->scene_serial++;
  self->lanes_valid = FALSE;
  self->frame_valid = FALSE;
  if (store_changed)
    {
      self->lanes_stale = TRUE;
      self->store_serial++;
      g_clear_pointer (&self->table, event_table_unref);
    }
  else if (self->async_scene && !self->lanes_stale)
    start_thread_build (self);
}

void
_cm_timeline_renderer_start_document_build (CmTimelineRenderer *self)
{
  if (!self->async_scene)
    return;

  /* The lanes of another document cannot be drawn: none until built. */
  _cm_timeline_renderer_clear_lanes (self);
  self->lanes_stale = FALSE;
  start_thread_build (self);
}

void
_cm_timeline_renderer_ensure_lanes (CmTimelineRenderer *self)
{
  if (self->lanes_valid)
    return;

  /* Only the filter result changed: the lanes of the last one stay on
   * screen until a thread has built the new ones. */
  if (self->async_scene && !self->lanes_stale)
    {
      if (self->building == NULL && self->build == NULL)
        start_thread_build (self);
      return;
    }

  cm_timeline_renderer_prepare (self, 0);
}

gboolean
cm_timeline_renderer_prepare (CmTimelineRenderer *self,
                              gint64              deadline)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), TRUE);

  if (self->lanes_valid)
    return TRUE;

  /* Built here, in steps, and not in a thread any more */
  if (self->building != NULL)
    {
      cancel_thread_build (self);
      self->scene_serial++;
    }
  if (self->build == NULL)
    self->build = scene_build_new (self);
  if (!scene_build_step (self->build, deadline))
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
  if (!self->async_scene && self->building != NULL)
    {
      cancel_thread_build (self);
      self->scene_serial++;
    }
}

gboolean
cm_timeline_renderer_is_building (CmTimelineRenderer *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);

  return self->n_tasks > 0;
}

gboolean
cm_timeline_renderer_get_prepared (CmTimelineRenderer *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), TRUE);

  return self->lanes_valid;
}
