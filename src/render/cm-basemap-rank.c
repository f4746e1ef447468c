/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-basemap"

#include "config.h"

#include <math.h>

#include "cm-basemap-private.h"

typedef struct
{
  guint a, b;      /* split the points strictly between these */
  float cap;       /* importance of the points a and b were found between */
} Range;

/* Distance from p to the segment a–b. */
static inline float
segment_distance (const float *p,
                  const float *a,
                  const float *b)
{
  float dx = b[0] - a[0], dy = b[1] - a[1];
  float length2 = dx * dx + dy * dy;
  float t = length2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2 : 0;
  float x, y;

  t = CLAMP (t, 0.0f, 1.0f);
  x = a[0] + t * dx - p[0];
  y = a[1] + t * dy - p[1];

  return sqrtf (x * x + y * y);
}

/* Douglas–Peucker ranks: the importance of a point is the distance from the
 * chord at which the algorithm keeps it, capped by the importance of the
 * points it was found between. Keeping the points whose importance is at
 * least t is then Douglas–Peucker with tolerance t, for any t, at the cost
 * of one comparison per point. Ends (and for rings, the point farthest from
 * the first) always stay. */
void
_cm_basemap_rank_line (const float         *xy,
           float               *importance,
           const CmBasemapLine *line,
           GArray              *stack)
{
  const float *p = xy + 2 * line->first;
  float *rank = importance + line->first;
  guint n = line->n_points;
  gboolean closed = (line->flags & CM_BASEMAP_LINE_CLOSED) != 0;
  guint far = n - 1;

  for (guint i = 0; i < n; i++)
    rank[i] = 0;
  rank[0] = G_MAXFLOAT;
  if (!closed)
    rank[n - 1] = G_MAXFLOAT;

  if (closed)
    {
      float best = -1;

      for (guint i = 1; i < n; i++)
        {
          float dx = p[2 * i] - p[0], dy = p[2 * i + 1] - p[1];

          if (dx * dx + dy * dy > best)
            {
              best = dx * dx + dy * dy;
              far = i;
            }
        }
      rank[far] = G_MAXFLOAT;
    }

  /* Ranges still to split; for rings b == n stands for point 0. */
  g_array_set_size (stack, 0);
  {
    Range range = { 0, far, G_MAXFLOAT };

    g_array_append_val (stack, range);
    if (closed)
      {
        range.a = far;
        range.b = n;
        g_array_append_val (stack, range);
      }
  }

  while (stack->len > 0)
    {
      Range range = g_array_index (stack, Range, stack->len - 1);
      const float *pb = p + 2 * (range.b % n);
      float best = -1;
      guint best_index = 0;

      g_array_set_size (stack, stack->len - 1);
      if (range.b <= range.a + 1)
        continue;

      for (guint i = range.a + 1; i < range.b; i++)
        {
          float d = segment_distance (p + 2 * i, p + 2 * range.a, pb);

          if (d > best)
            {
              best = d;
              best_index = i;
            }
        }

      best = MIN (best, range.cap);
      rank[best_index] = best;
      {
        Range left = { range.a, best_index, best }, right = { best_index, range.b, best };

        g_array_append_val (stack, left);
        g_array_append_val (stack, right);
      }
    }
}

GArray *
_cm_basemap_new_rank_stack (void)
{
  return g_array_new (FALSE, FALSE, sizeof (Range));
}
