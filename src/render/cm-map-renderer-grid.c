/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "cm-map-renderer-grid.h"

#define GRID_BASE   64.0    /* projected units: the side of a cell at level 0 */
#define MAX_LEVEL   24      /* a cell of 4e-6 units: far beyond the deepest zoom */
#define KEY_BIAS    ((gint64) 1 << 31)

typedef struct
{
  guint64 key;
  guint   marker;
} Binned;

/* Forgets the cells of @grid. */
void
_cm_map_grid_clear (CmMapGrid *grid)
{
  g_clear_pointer (&grid->cells, g_array_unref);
  grid->valid = FALSE;
}

static inline guint64
make_key (gint64 row,
          gint64 col)
{
  return (guint64) (row + KEY_BIAS) << 32 | (guint64) (col + KEY_BIAS);
}

static int
compare_binned (const void *a,
                const void *b)
{
  const Binned *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->marker < y->marker ? -1 : x->marker > y->marker;
}

/* The level whose cells are between half a screen cell and one. */
static int
level_for_scale (double inv_scale)
{
  int level = (int) ceil (log2 (GRID_BASE * inv_scale / CELL));

  return CLAMP (level, 0, MAX_LEVEL);
}

/* Sums the markers that pass the filter, in (or, @faded, outside) the
 * window, into the cells of @level: once per level, window and filter. */
static void
build_grid (CmMapRenderer    *self,
            CmMapGrid        *grid,
            CmProjectionKind  projection,
            int               level,
            gboolean          faded)
{
  const CmMapMarkers *m = &self->markers;
  const float *xy = _cm_map_renderer_get_projected_markers (self, projection);
  gboolean has_window = self->window_start != CM_TIME_INVALID
                     && self->window_end != CM_TIME_INVALID;
  double per_unit = ldexp (1.0 / GRID_BASE, level);
  g_autofree Binned *binned = g_new (Binned, MAX (m->n, 1));
  guint n = 0;

  _cm_map_grid_clear (grid);
  grid->cells = g_array_new (FALSE, FALSE, sizeof (CmMapGridCell));
  grid->valid = TRUE;
  grid->projection = projection;
  grid->level = level;
  grid->window_start = self->window_start;
  grid->window_end = self->window_end;

  for (guint i = 0; i < m->n; i++)
    {
      if (m->matches != NULL && !m->matches[i])
        continue;
      if (has_window)
        {
          gboolean inside = m->starts[i] <= self->window_end && m->ends[i] >= self->window_start;

          if (inside == faded)
            continue;
        }

      binned[n].key = make_key ((gint64) floor (xy[2 * i + 1] * per_unit),
                                (gint64) floor (xy[2 * i] * per_unit));
      binned[n].marker = i;
      n++;
    }

  qsort (binned, n, sizeof (Binned), compare_binned);

  for (guint i = 0; i < n; i++)
    {
      guint marker = binned[i].marker;
      CmMapGridCell *cell;

      if (i == 0 || binned[i].key != binned[i - 1].key)
        {
          CmMapGridCell fresh = { binned[i].key, 0, 0, 0, marker, m->categories[marker] };

          g_array_append_val (grid->cells, fresh);
        }
      cell = &g_array_index (grid->cells, CmMapGridCell, grid->cells->len - 1);
      if (cell->category != m->categories[marker])
        cell->category = MIXED;
      cell->count++;
      cell->sum_x += xy[2 * marker];
      cell->sum_y += xy[2 * marker + 1];
    }
}

/* The grid for this frame's level, built if the last one does not fit. */
static const CmMapGrid *
ensure_grid (CmMapRenderer      *self,
             const CmMapContext *ctx,
             gboolean            faded)
{
  CmMapGrid *grid = &self->markers.grids[faded ? 1 : 0];
  int level = level_for_scale (ctx->inv_scale);

  if (!grid->valid || grid->projection != ctx->view.projection || grid->level != level
      || grid->window_start != self->window_start || grid->window_end != self->window_end)
    build_grid (self, grid, ctx->view.projection, level, faded);

  return grid;
}

/* The first cell of @grid with a key >= @key. */
static guint
lower_bound (const CmMapGrid *grid,
             guint64          key)
{
  const CmMapGridCell *cells = (const CmMapGridCell *) (void *) grid->cells->data;
  guint lo = 0, hi = grid->cells->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (cells[mid].key < key)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Adds the grid cells seen in this frame (every copy of the world) to the
 * screen cells of CELL px they fall in, by their centres: the cost is that
 * of the visible cells, whatever the number of events. */
void
_cm_map_renderer_bin_grid (CmMapRenderer      *self,
                           const CmMapContext *ctx,
                           gboolean            faded,
                           Cell               *cells,
                           int                 cols,
                           int                 rows)
{
  const CmMapGrid *grid = ensure_grid (self, ctx, faded);
  const CmMapGridCell *grid_cells = (const CmMapGridCell *) (void *) grid->cells->data;
  double inv = ctx->inv_scale;
  double per_unit = ldexp (1.0 / GRID_BASE, grid->level);
  double max_x = ctx->width + CELL, max_y = ctx->height + CELL;
  gint64 row0, row1;

  if (grid->cells->len == 0)
    return;

  /* Screen y grows down, projected y up */
  row0 = (gint64) floor ((ctx->offset_y - max_y) / inv * per_unit);
  row1 = (gint64) floor ((ctx->offset_y + CELL) / inv * per_unit);

  for (int c = 0; c < ctx->n_copies; c++)
    {
      gint64 col0 = (gint64) floor ((-CELL - ctx->offset_x[c]) / inv * per_unit);
      gint64 col1 = (gint64) floor ((max_x - ctx->offset_x[c]) / inv * per_unit);

      for (gint64 row = row0; row <= row1; row++)
        {
          guint64 last = make_key (row, col1);

          for (guint g = lower_bound (grid, make_key (row, col0));
               g < grid->cells->len && grid_cells[g].key <= last; g++)
            {
              const CmMapGridCell *gc = &grid_cells[g];
              double sx = gc->sum_x / gc->count * inv + ctx->offset_x[c];
              double sy = ctx->offset_y - gc->sum_y / gc->count * inv;
              Cell *cell;
              guint index;

              if (sx < -CELL || sx >= max_x || sy < -CELL || sy >= max_y)
                continue;

              index = (guint) ((int) ((sy + CELL) / CELL) * cols + (int) ((sx + CELL) / CELL));
              g_assert (index < (guint) (cols * rows));
              cell = &cells[index];
              if (cell->count == 0)
                {
                  cell->first = gc->first;
                  cell->category = gc->category;
                  cell->merged_into = -1;
                  g_array_append_val (self->scratch, index);
                }
              else
                {
                  if (cell->category != gc->category)
                    cell->category = MIXED;
                  cell->first = MIN (cell->first, gc->first);
                }
              cell->count += gc->count;
              cell->sum_x += gc->sum_x * inv + gc->count * ctx->offset_x[c];
              cell->sum_y += gc->count * ctx->offset_y - gc->sum_y * inv;
            }
        }
    }
}
