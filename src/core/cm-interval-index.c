/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-interval-index"

#include "config.h"

#include "cm-interval-index.h"

/* Subtrees this small are scanned linearly. */
#define LEAF_LEVEL 3

struct _CmIntervalIndex
{
  const gint64 *starts;
  const gint64 *ends;
  guint         n;
  guint         top_level;  /* level of the root */
  gsize         n_nodes;    /* 2^(top_level + 1) - 1 >= n */
  gint64       *max_end;    /* per node, padding nodes included */
};

CmIntervalIndex *
cm_interval_index_new (void)
{
  return g_new0 (CmIntervalIndex, 1);
}

void
cm_interval_index_free (CmIntervalIndex *index)
{
  if (index == NULL)
    return;

  g_free (index->max_end);
  g_free (index);
}

void
cm_interval_index_build (CmIntervalIndex *index,
                         const gint64    *starts,
                         const gint64    *ends,
                         guint            n)
{
  guint top = 0;
  gsize n_nodes = 1;

  g_return_if_fail (index != NULL);

  while (n_nodes < n)
    {
      top++;
      n_nodes = ((gsize) 2 << top) - 1;
    }

  index->starts = starts;
  index->ends = ends;
  index->n = n;
  index->top_level = top;

  if (index->n_nodes != n_nodes)
    {
      g_free (index->max_end);
      index->max_end = g_new (gint64, n_nodes);
      index->n_nodes = n_nodes;
    }

  /* Leaves: even positions. */
  for (gsize i = 0; i < n_nodes; i += 2)
    index->max_end[i] = i < n ? ends[i] : G_MININT64;

  for (guint k = 1; k <= top; k++)
    {
      gsize half = (gsize) 1 << (k - 1);
      gsize first = ((gsize) 1 << k) - 1;
      gsize step = (gsize) 1 << (k + 1);

      for (gsize i = first; i < n_nodes; i += step)
        {
          gint64 m = i < n ? ends[i] : G_MININT64;

          m = MAX (m, index->max_end[i - half]);
          m = MAX (m, index->max_end[i + half]);
          index->max_end[i] = m;
        }
    }
}

void
cm_interval_index_update (CmIntervalIndex *index,
                          const gint64    *starts,
                          const gint64    *ends,
                          guint            n,
                          guint            first,
                          guint            last)
{
  g_return_if_fail (index != NULL);
  g_return_if_fail (first <= last);

  /* The tree has room for n, and is not more than four times too big (so
   * that edits around a power of two do not build it again each time). */
  if (index->max_end == NULL || n > index->n_nodes || (n > 0 && index->n_nodes / 4 > n))
    {
      cm_interval_index_build (index, starts, ends, n);
      return;
    }

  index->starts = starts;
  index->ends = ends;
  index->n = n;

  if (first >= index->n_nodes)
    return;
  last = (guint) MIN ((gsize) last, index->n_nodes - 1);

  for (gsize i = first + (first & 1); i <= last; i += 2)
    index->max_end[i] = i < n ? ends[i] : G_MININT64;

  /* Node i of level k covers [i - 2^k + 1, i + 2^k - 1]: those meeting
   * [first, last], level by level from the leaves up. */
  for (guint k = 1; k <= index->top_level; k++)
    {
      gsize half = (gsize) 1 << (k - 1);
      gsize reach = ((gsize) 1 << k) - 1;
      gsize step = (gsize) 1 << (k + 1);
      gsize i = reach;
      gsize end = MIN ((gsize) last + reach, index->n_nodes - 1);

      if ((gsize) first > 2 * reach)
        i += (first - 2 * reach + step - 1) / step * step;

      for (; i <= end; i += step)
        {
          gint64 m = i < n ? ends[i] : G_MININT64;

          m = MAX (m, index->max_end[i - half]);
          m = MAX (m, index->max_end[i + half]);
          index->max_end[i] = m;
        }
    }
}

static void
query_node (CmIntervalIndex *index,
            gsize            node,
            guint            level,
            gint64           t0,
            gint64           t1,
            GArray          *positions)
{
  for (;;)
    {
      gsize half;

      if (index->max_end[node] < t0)
        return;

      if (level <= LEAF_LEVEL)
        {
          gsize span = ((gsize) 1 << level) - 1;
          gsize lo = node - span;
          gsize hi = MIN (node + span, (gsize) index->n - 1);

          for (gsize i = lo; i <= hi && i < index->n; i++)
            {
              guint pos;

              if (index->starts[i] > t1)
                break;
              if (index->ends[i] < t0)
                continue;

              pos = (guint) i;
              g_array_append_val (positions, pos);
            }
          return;
        }

      half = (gsize) 1 << (level - 1);
      query_node (index, node - half, level - 1, t0, t1, positions);

      /* Padding nodes start after everything real. */
      if (node >= index->n || index->starts[node] > t1)
        return;

      if (index->ends[node] >= t0)
        {
          guint pos = (guint) node;
          g_array_append_val (positions, pos);
        }

      /* Right subtree: loop instead of recursing. */
      node += half;
      level -= 1;
    }
}

void
cm_interval_index_query (CmIntervalIndex *index,
                         gint64           t0,
                         gint64           t1,
                         GArray          *positions)
{
  g_return_if_fail (index != NULL);
  g_return_if_fail (positions != NULL);

  if (index->n == 0 || t1 < t0)
    return;

  query_node (index, index->n_nodes / 2, index->top_level, t0, t1, positions);
}

gint64
cm_interval_index_get_max_end (CmIntervalIndex *index)
{
  g_return_val_if_fail (index != NULL, G_MININT64);

  if (index->n == 0)
    return G_MININT64;

  return index->max_end[index->n_nodes / 2];
}

gsize
cm_interval_index_get_memory_size (CmIntervalIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return sizeof (CmIntervalIndex) + index->n_nodes * sizeof (gint64);
}
