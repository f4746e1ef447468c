/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "cm-core.h"
#include "cm-map-renderer-grid.h"

/* The cluster grid: the markers that pass the filter binned on a grid
 * aligned with the projected world, one per projection, zoom level and
 * filter result, whatever the time window. Each cell keeps the starts and
 * the ends of its markers in ascending order, so that a frame counts the
 * markers of a visible cell inside [window_start, window_end] with two
 * binary searches: inside = n - #(start > window_end) - #(end < window_start)
 * (an event ends at or after its start, so no marker is counted twice).
 * Frames that pan the time window rebuild nothing.
 *
 * A grid is built from the markers' own arrays (atomic rc boxes, never
 * changed once filled), never from the store: with an asynchronous scene
 * (the widget) in a thread, the frames drawing until it is ready with the
 * nearest grid already built; otherwise (tests, export) at once. */

#define GRID_BASE   64.0    /* projected units: the side of a cell at level 0 */
#define MAX_LEVEL   24      /* a cell of 4e-6 units: far beyond the deepest zoom */
#define MAX_GRIDS   3       /* kept, least recently used dropped first */
#define KEY_BIAS    ((gint64) 1 << 31)

typedef struct
{
  guint64 key;
  guint   value;
} Pair;

/* The markers of a grid cell: their centre and category are those of all
 * of them, whatever the window (a cell with one marker in the window takes
 * that marker's own place and category, see bin_cell()). */
typedef struct
{
  guint64 key;              /* row + 2^31 << 32 | col + 2^31 */
  double  sum_x, sum_y;     /* projected units */
  guint   count;
  guint   offset;           /* of its markers in members, starts and ends */
  guint   first;            /* marker index */
  guint   category;         /* shared by all its events, else MIXED */
} GridCell;

struct _CmMapGrid
{
  CmProjectionKind  projection;
  int               level;
  guint             matches_serial;
  guint             n_cells;
  GridCell         *cells;          /* by key */
  guint            *members;        /* marker indices, cell by cell, ascending */
  CmTime           *starts;         /* of the members, cell by cell, ascending */
  CmTime           *ends;           /* … likewise */
};

/* What a grid is built from: references to the markers' arrays. */
typedef struct
{
  guint             n;
  const float      *xy;
  const CmTime     *starts;
  const CmTime     *ends;
  const guint      *categories;
  const guint8     *matches;        /* nullable: all */
  CmProjectionKind  projection;
  int               level;
  guint             serial;
  guint             matches_serial;
} GridInput;

static void
grid_free (gpointer data)
{
  CmMapGrid *grid = data;

  g_free (grid->cells);
  g_free (grid->members);
  g_free (grid->starts);
  g_free (grid->ends);
  g_free (grid);
}

/* Forgets every grid of @markers, and cancels the one being built. */
void
_cm_map_grids_clear (CmMapMarkers *markers)
{
  if (markers->building != NULL)
    g_cancellable_cancel (markers->building);
  g_clear_object (&markers->building);
  g_clear_pointer (&markers->grids, g_ptr_array_unref);
}

static inline guint64
make_key (gint64 row,
          gint64 col)
{
  return (guint64) (row + KEY_BIAS) << 32 | (guint64) (col + KEY_BIAS);
}

/* Times as keys that sort as unsigned integers. */
static inline guint64
time_key (CmTime time)
{
  return (guint64) time ^ ((guint64) 1 << 63);
}

/* Sorts @items by key, stably, a byte at a time (the bytes all keys share
 * are skipped); @tmp is as long. The sorted array: @items or @tmp. */
static Pair *
radix_sort (Pair  *items,
            Pair  *tmp,
            gsize  n)
{
  if (n < 2)
    return items;

  for (guint shift = 0; shift < 64; shift += 8)
    {
      gsize counts[256] = { 0 };
      gsize sum = 0;
      Pair *swap;

      for (gsize i = 0; i < n; i++)
        counts[(items[i].key >> shift) & 0xff]++;
      if (counts[(items[0].key >> shift) & 0xff] == n)
        continue;

      for (guint d = 0; d < 256; d++)
        {
          gsize count = counts[d];

          counts[d] = sum;
          sum += count;
        }
      for (gsize i = 0; i < n; i++)
        tmp[counts[(items[i].key >> shift) & 0xff]++] = items[i];

      swap = items;
      items = tmp;
      tmp = swap;
    }

  return items;
}

/* The level whose cells are between half a screen cell and one. */
static int
level_for_scale (double inv_scale)
{
  int level = (int) ceil (log2 (GRID_BASE * inv_scale / CELL));

  return CLAMP (level, 0, MAX_LEVEL);
}

/* Fills @out with @times of the grid's members, cell by cell in ascending
 * order: one sort of every member by time, then each to its cell's run. */
static void
fill_sorted_times (CmMapGrid    *grid,
                   const CmTime *times,
                   const guint  *cell_of,
                   Pair         *pairs,
                   Pair         *tmp,
                   guint         n_members,
                   CmTime       *out)
{
  g_autofree guint *cursor = g_new (guint, MAX (grid->n_cells, 1));
  const Pair *sorted;

  for (guint j = 0; j < n_members; j++)
    {
      pairs[j].key = time_key (times[grid->members[j]]);
      pairs[j].value = grid->members[j];
    }
  sorted = radix_sort (pairs, tmp, n_members);

  for (guint c = 0; c < grid->n_cells; c++)
    cursor[c] = grid->cells[c].offset;
  for (guint j = 0; j < n_members; j++)
    out[cursor[cell_of[sorted[j].value]]++] = times[sorted[j].value];
}

/* The grid of @input: uses nothing else, so runs in any thread. */
static CmMapGrid *
build_grid (const GridInput *input)
{
  CmMapGrid *grid = g_new0 (CmMapGrid, 1);
  double per_unit = ldexp (1.0 / GRID_BASE, input->level);
  g_autofree Pair *pairs = g_new (Pair, MAX (input->n, 1));
  g_autofree Pair *tmp = g_new (Pair, MAX (input->n, 1));
  g_autofree guint *cell_of = g_new (guint, MAX (input->n, 1));
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (GridCell));
  const Pair *sorted;
  guint n = 0;

  grid->projection = input->projection;
  grid->level = input->level;
  grid->matches_serial = input->matches_serial;

  for (guint i = 0; i < input->n; i++)
    {
      if (input->matches != NULL && !input->matches[i])
        continue;

      pairs[n].key = make_key ((gint64) floor (input->xy[2 * i + 1] * per_unit),
                               (gint64) floor (input->xy[2 * i] * per_unit));
      pairs[n].value = i;
      n++;
    }

  /* Stable: each cell's markers stay in ascending order. */
  sorted = radix_sort (pairs, tmp, n);

  grid->members = g_new (guint, MAX (n, 1));
  for (guint j = 0; j < n; j++)
    {
      guint marker = sorted[j].value;
      GridCell *cell;

      if (j == 0 || sorted[j].key != sorted[j - 1].key)
        {
          GridCell fresh = { sorted[j].key, 0, 0, 0, j, marker, input->categories[marker] };

          g_array_append_val (cells, fresh);
        }
      cell = &g_array_index (cells, GridCell, cells->len - 1);
      if (cell->category != input->categories[marker])
        cell->category = MIXED;
      cell->count++;
      cell->sum_x += input->xy[2 * marker];
      cell->sum_y += input->xy[2 * marker + 1];
      grid->members[j] = marker;
      cell_of[marker] = cells->len - 1;
    }
  grid->n_cells = cells->len;
  grid->cells = (GridCell *) (void *) g_array_free (g_steal_pointer (&cells), FALSE);

  grid->starts = g_new (CmTime, MAX (n, 1));
  grid->ends = g_new (CmTime, MAX (n, 1));
  fill_sorted_times (grid, input->starts, cell_of, pairs, tmp, n, grid->starts);
  fill_sorted_times (grid, input->ends, cell_of, pairs, tmp, n, grid->ends);

  return grid;
}

/* A reference to the shared array @box, or NULL for none. */
static gpointer
acquire (gconstpointer box)
{
  return box != NULL ? g_atomic_rc_box_acquire ((gpointer) box) : NULL;
}

static void
release (gconstpointer box)
{
  if (box != NULL)
    g_atomic_rc_box_release ((gpointer) box);
}

static void
grid_input_free (gpointer data)
{
  GridInput *input = data;

  release (input->xy);
  release (input->starts);
  release (input->ends);
  release (input->categories);
  release (input->matches);
  g_free (input);
}

/* What the grid of @projection and @level is built from, now. */
static GridInput *
grid_input_new (CmMapRenderer    *self,
                CmProjectionKind  projection,
                int               level)
{
  CmMapMarkers *m = &self->markers;
  GridInput *input = g_new0 (GridInput, 1);
  float *xy = (float *) _cm_map_renderer_get_projected_markers (self, projection);

  /* Without a document there are no markers, and no arrays. */
  input->n = m->n;
  input->xy = acquire (xy);
  input->starts = acquire (m->starts);
  input->ends = acquire (m->ends);
  input->categories = acquire (m->categories);
  input->matches = acquire (m->matches);
  input->projection = projection;
  input->level = level;
  input->serial = m->serial;
  input->matches_serial = m->matches_serial;

  return input;
}

/* Keeps @grid, unless a grid of a newer filter result is kept: the grids
 * of older results go (this one is drawn with from now on), then the least
 * recently used beyond MAX_GRIDS. */
static void
add_grid (CmMapMarkers *m,
          CmMapGrid    *grid)
{
  if (m->grids == NULL)
    m->grids = g_ptr_array_new_with_free_func (grid_free);

  for (guint i = m->grids->len; i-- > 0;)
    {
      const CmMapGrid *other = g_ptr_array_index (m->grids, i);

      if (other->matches_serial > grid->matches_serial)
        {
          grid_free (grid);
          return;
        }
      if (other->matches_serial < grid->matches_serial)
        g_ptr_array_remove_index (m->grids, i);
    }
  if (m->grids->len >= MAX_GRIDS)
    g_ptr_array_remove_index (m->grids, 0);
  g_ptr_array_add (m->grids, grid);
}

static void
build_grid_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  cm_core_lower_thread_priority ();
  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, build_grid (task_data), grid_free);
}

static void
grid_built_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CmMapRenderer *self = CM_MAP_RENDERER (source);
  CmMapMarkers *m = &self->markers;
  const GridInput *input = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  CmMapGrid *grid;

  grid = g_task_propagate_pointer (G_TASK (result), &error);
  if (grid == NULL)
    return;   /* cancelled: the markers went, or the renderer */

  g_clear_object (&m->building);
  if (input->serial != m->serial)
    {
      grid_free (grid);
      return;
    }

  add_grid (m, grid);
  _cm_map_renderer_emit_changed (self);
}

/* Builds the grid of @projection and @level in a thread, unless one is
 * being built already (the frame after it asks again). */
static void
start_build (CmMapRenderer    *self,
             CmProjectionKind  projection,
             int               level)
{
  CmMapMarkers *m = &self->markers;
  g_autoptr(GTask) task = NULL;

  if (m->building != NULL)
    return;

  m->building = g_cancellable_new ();
  task = g_task_new (self, m->building, grid_built_cb, NULL);
  g_task_set_source_tag (task, start_build);
  g_task_set_name (task, "[chronomap] map grid");
  g_task_set_task_data (task, grid_input_new (self, projection, level), grid_input_free);
  g_task_run_in_thread (task, build_grid_thread);
}

/* The grid to draw this frame with: that of its projection, level and
 * filter result, built now if the scene is synchronous. Otherwise, until a
 * thread has built it, the nearest one built (a coarser level first, then
 * one of the filter result before), or NULL: nothing to draw yet. */
static const CmMapGrid *
ensure_grid (CmMapRenderer      *self,
             const CmMapContext *ctx)
{
  CmMapMarkers *m = &self->markers;
  CmProjectionKind projection = ctx->view.projection;
  int level = level_for_scale (ctx->inv_scale);
  CmMapGrid *best = NULL;
  guint best_index = 0;
  int best_score = G_MAXINT;

  for (guint i = 0; m->grids != NULL && i < m->grids->len; i++)
    {
      CmMapGrid *grid = g_ptr_array_index (m->grids, i);
      int score;

      if (grid->projection != projection
          || (!self->scene_async && grid->matches_serial != m->matches_serial))
        continue;

      score = 2 * ABS (grid->level - level) + (grid->level > level)
            + (grid->matches_serial != m->matches_serial ? 2 * (MAX_LEVEL + 1) : 0);
      if (score < best_score)
        {
          best = grid;
          best_index = i;
          best_score = score;
        }
    }

  if (best_score == 0)
    {
      /* The most recently used goes last. */
      if (best_index + 1 < m->grids->len)
        {
          g_ptr_array_steal_index (m->grids, best_index);
          g_ptr_array_add (m->grids, best);
        }
      return best;
    }

  if (self->scene_async)
    {
      start_build (self, projection, level);
      return best;
    }

  {
    GridInput *input = grid_input_new (self, projection, level);

    best = build_grid (input);
    grid_input_free (input);
    add_grid (m, best);
  }

  return best;
}

/* The first cell of @grid with a key >= @key. */
static guint
lower_bound (const CmMapGrid *grid,
             guint64          key)
{
  guint lo = 0, hi = grid->n_cells;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (grid->cells[mid].key < key)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* How many of the @n ascending @times are > @time. */
static guint
count_after (const CmTime *times,
             guint         n,
             CmTime        time)
{
  return time == G_MAXINT64 ? 0 : n - cm_time_lower_bound (times, n, time + 1);
}

static inline gboolean
marker_inside (const CmMapMarkers *m,
               guint               marker,
               CmTime              window_start,
               CmTime              window_end)
{
  return m->starts[marker] <= window_end && m->ends[marker] >= window_start;
}

/* The markers of @gc in (or, @faded, outside) the window of @self. */
static guint
count_cell (CmMapRenderer   *self,
            const CmMapGrid *grid,
            const GridCell  *gc,
            gboolean         faded)
{
  const CmMapMarkers *m = &self->markers;
  CmTime ws = self->window_start, we = self->window_end;
  guint inside = 0;

  if (ws == CM_TIME_INVALID || we == CM_TIME_INVALID)
    return faded ? 0 : gc->count;

  if (ws <= we)
    {
      inside = gc->count - count_after (&grid->starts[gc->offset], gc->count, we)
                         - cm_time_lower_bound (&grid->ends[gc->offset], gc->count, ws);
    }
  else
    {
      /* A window backwards: an event may both start after its end and end
       * before its start; count them one by one. */
      for (guint j = 0; j < gc->count; j++)
        inside += marker_inside (m, grid->members[gc->offset + j], ws, we);
    }

  return faded ? gc->count - inside : inside;
}

/* The one marker of @gc in (or, @faded, outside) the window. */
static guint
find_single (CmMapRenderer   *self,
             const CmMapGrid *grid,
             const GridCell  *gc,
             gboolean         faded)
{
  const CmMapMarkers *m = &self->markers;

  for (guint j = 0; j < gc->count; j++)
    {
      guint marker = grid->members[gc->offset + j];

      if (marker_inside (m, marker, self->window_start, self->window_end) != faded)
        return marker;
    }

  g_assert_not_reached ();
}

/* Adds the markers of @gc in (or, @faded, outside) the window, seen in copy
 * @c of the world, to the screen cell of CELL px their centre falls in. */
static void
bin_cell (CmMapRenderer      *self,
          const CmMapContext *ctx,
          const CmMapGrid    *grid,
          const GridCell     *gc,
          int                 c,
          gboolean            faded,
          Cell               *cells,
          int                 cols,
          int                 rows)
{
  double inv = ctx->inv_scale;
  double max_x = ctx->width + CELL, max_y = ctx->height + CELL;
  guint count = count_cell (self, grid, gc, faded);
  double sum_x, sum_y, sx, sy;
  guint first = gc->first, category = gc->category;
  Cell *cell;
  guint index;

  if (count == 0)
    return;

  if (count == gc->count)
    {
      sum_x = gc->sum_x;
      sum_y = gc->sum_y;
    }
  else if (count == 1)
    {
      /* One marker: its own place, for its label, hover and hit test. */
      const float *xy = self->markers.projected[grid->projection];

      first = find_single (self, grid, gc, faded);
      category = self->markers.categories[first];
      sum_x = xy[2 * first];
      sum_y = xy[2 * first + 1];
    }
  else
    {
      /* Some of them: the centre, category and first of them all. */
      sum_x = gc->sum_x / gc->count * count;
      sum_y = gc->sum_y / gc->count * count;
    }

  sx = sum_x / count * inv + ctx->offset_x[c];
  sy = ctx->offset_y - sum_y / count * inv;
  if (sx < -CELL || sx >= max_x || sy < -CELL || sy >= max_y)
    return;

  index = (guint) ((int) ((sy + CELL) / CELL) * cols + (int) ((sx + CELL) / CELL));
  g_assert (index < (guint) (cols * rows));
  cell = &cells[index];
  if (cell->count == 0)
    {
      cell->first = first;
      cell->category = category;
      cell->merged_into = -1;
      g_array_append_val (self->scratch, index);
    }
  else
    {
      if (cell->category != category)
        cell->category = MIXED;
      cell->first = MIN (cell->first, first);
    }
  cell->count += count;
  cell->sum_x += sum_x * inv + count * ctx->offset_x[c];
  cell->sum_y += count * ctx->offset_y - sum_y * inv;
}

/* Adds the grid cells seen in this frame (every copy of the world) to the
 * screen cells of CELL px they fall in, by their centres, with their
 * markers in (or, @faded, outside) the time window: the cost is that of
 * the visible cells, whatever the number of events or the window. */
void
_cm_map_renderer_bin_grid (CmMapRenderer      *self,
                           const CmMapContext *ctx,
                           gboolean            faded,
                           Cell               *cells,
                           int                 cols,
                           int                 rows)
{
  const CmMapGrid *grid = ensure_grid (self, ctx);
  double inv = ctx->inv_scale;
  double per_unit, max_x = ctx->width + CELL, max_y = ctx->height + CELL;
  gint64 row0, row1;

  if (grid == NULL || grid->n_cells == 0)
    return;

  per_unit = ldexp (1.0 / GRID_BASE, grid->level);

  /* Screen y grows down, projected y up */
  row0 = (gint64) floor ((ctx->offset_y - max_y) / inv * per_unit);
  row1 = (gint64) floor ((ctx->offset_y + CELL) / inv * per_unit);

  /* A much finer grid, until this level's is built: fewer cells than rows. */
  if ((row1 - row0 + 1) * ctx->n_copies > (gint64) grid->n_cells)
    {
      for (int c = 0; c < ctx->n_copies; c++)
        for (guint g = 0; g < grid->n_cells; g++)
          bin_cell (self, ctx, grid, &grid->cells[g], c, faded, cells, cols, rows);
      return;
    }

  for (int c = 0; c < ctx->n_copies; c++)
    {
      gint64 col0 = (gint64) floor ((-CELL - ctx->offset_x[c]) / inv * per_unit);
      gint64 col1 = (gint64) floor ((max_x - ctx->offset_x[c]) / inv * per_unit);

      for (gint64 row = row0; row <= row1; row++)
        {
          guint64 last = make_key (row, col1);

          for (guint g = lower_bound (grid, make_key (row, col0));
               g < grid->n_cells && grid->cells[g].key <= last; g++)
            bin_cell (self, ctx, grid, &grid->cells[g], c, faded, cells, cols, rows);
        }
    }
}
