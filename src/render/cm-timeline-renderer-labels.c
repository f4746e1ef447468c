/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer-private.h"

#include <math.h>

static Extent *
occupancy_find (GArray *row,
                double  a,
                guint  *index)
{
  guint lo = 0, hi = row->len;

  /* Extents in a row are sorted and disjoint: the first with b > a */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (row, Extent, mid).b <= a)
        lo = mid + 1;
      else
        hi = mid;
    }

  *index = lo;

  return lo < row->len ? &g_array_index (row, Extent, lo) : NULL;
}

static gboolean
occupancy_free (GArray *row,
                double  a,
                double  b)
{
  guint index;
  Extent *next = occupancy_find (row, a, &index);

  return next == NULL || next->a >= b;
}

static void
occupancy_insert (GArray *row,
                  double  a,
                  double  b)
{
  guint index;
  Extent extent = { a, b };

  occupancy_find (row, a, &index);
  g_array_insert_val (row, index, extent);
}

/* The free interval of @row around @x (empty when @x is occupied) */
static void
occupancy_gap (GArray *row,
               double  x,
               double *left,
               double *right)
{
  guint index;
  Extent *next = occupancy_find (row, x, &index);

  if (next != NULL && next->a <= x)
    {
      *left = *right = x;
      return;
    }

  *right = next != NULL ? next->a : G_MAXDOUBLE;
  *left = index > 0 ? g_array_index (row, Extent, index - 1).b : -G_MAXDOUBLE;
}

static GArray *
occupancy_row (CmTimelineRenderer *self,
               guint               index)
{
  while (self->occupancy->len <= index)
    g_ptr_array_add (self->occupancy, g_array_new (FALSE, FALSE, sizeof (Extent)));

  return g_ptr_array_index (self->occupancy, index);
}

typedef struct
{
  guint  lane;
  guint  item;
  double priority;
} LabelCandidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const LabelCandidate *x = a, *y = b;

  if (x->priority != y->priority)
    return x->priority > y->priority ? -1 : 1;

  return x->item < y->item ? -1 : x->item > y->item;
}

/* The bottom of the lanes' part of the frame: the legend's top when it
 * is shown. */
static double
lanes_bottom (CmTimelineRenderer *self)
{
  return self->legend_w > 0 ? self->legend_y : self->height;
}

/* Where the label of @item goes when layout reserved no room for it: the
 * whole title right of the mark, else left of it, else the wider of the
 * two (ellipsized); never past the frame's edges, another mark or another
 * label (LABEL_SPACING away). FALSE: nowhere. */
static gboolean
find_label_room (CmTimelineRenderer *self,
                 GArray             *marks,
                 GArray             *labels,
                 const Item         *item,
                 double             *la,
                 double             *lb)
{
  double need = MIN (item->label_width, LABEL_MIN_PX);
  double half = LABEL_SPACING / 2;
  double left, right, l2, r2;
  double ra, rb, wa, wb;

  /* Right of the mark */
  ra = item->mb + LABEL_GAP;
  occupancy_gap (marks, ra, &left, &right);
  occupancy_gap (labels, ra - half, &l2, &r2);
  rb = MIN (MIN (right - 1, r2 - half), self->width - self->right_inset);
  rb = MIN (rb, ra + item->label_width);

  /* Left of it */
  wb = item->ma - LABEL_GAP;
  occupancy_gap (marks, wb, &left, &right);
  occupancy_gap (labels, wb + half, &l2, &r2);
  wa = MAX (MAX (left + 1, l2 + half), 0);
  wa = MAX (wa, wb - item->label_width);

  if (rb - ra >= item->label_width || (rb - ra >= wb - wa && rb - ra >= need))
    {
      *la = ra;
      *lb = rb;
      return TRUE;
    }
  if (wb - wa >= need)
    {
      *la = wa;
      *lb = wb;
      return TRUE;
    }

  return FALSE;
}

/* Event labels: inside their bars, else beside their marks. Beside, most
 * important first, each into its row's occupancy of marks and of labels;
 * one that would touch a mark, come within LABEL_SPACING of another label
 * (two titles would read as one) or cross the frame's edges is moved to
 * the other side, shortened or dropped. */
void
_cm_timeline_renderer_draw_labels (CmTimelineRenderer *self,
                                   cairo_t            *cr)
{
  ItemIter it;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (LabelCandidate));
  double bar_h = self->row_height - 4;
  double bottom = lanes_bottom (self);
  guint base = 0;
  g_autofree guint *row_base = g_new0 (guint, MAX (self->lane_frames->len, 1));

  /* Occupancy: every mark of every visible row, then (from base on) the
   * labels of every row */
  for (guint i = 0; i < self->occupancy->len; i++)
    g_array_set_size (g_ptr_array_index (self->occupancy, i), 0);

  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      row_base[l] = base;
      if (lf->mode != MODE_ITEMS || !lane_visible (self, lf))
        continue;
      base += lf->n_rows + 1;

      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);
          double a, b;

          if (item->kind == ITEM_MERGED || item->row == NO_ROW)
            continue;

          a = item->ma;
          b = item->mb;
          g_array_append_val (occupancy_row (self, row_base[l] + item->row), ((Extent) { a, b }));

          if (item->flags & ITEM_LABEL_INSIDE)
            continue;
          if (item->label_width <= 0 || item->kind == ITEM_CLUSTER)
            continue;

          {
            LabelCandidate c = { l, i, 0 };
            double duration = (double) item->end - (double) item->start;

            if (item->flags & ITEM_SELECTED)
              c.priority = 1e300;
            else if (item->kind == ITEM_BAR)
              c.priority = 1e200 + duration;
            else
              c.priority = duration;
            g_array_append_val (candidates, c);
          }
        }
    }

  /* Titles inside their bars: first, they go nowhere else */
  for (item_iter_init (&it); item_iter_next (self, &it);)
    {
      LaneFrame *lf = it.lf;
      Item *item = it.item;
      TextEntry *entry;
      PangoLayout *layout;
      double va, vb, y, ty;
      int width;

      if (!(item->flags & ITEM_LABEL_INSIDE) || item->kind != ITEM_BAR)
        continue;

      /* After a faded start, where the bar is solid */
      va = MAX (MAX (item->x0, item->ux0 + item->fade0), 0) + 4;
      vb = MIN (item->x1, self->width - self->right_inset) - 4;
      if (vb - va < 16)
        continue;

      entry = _cm_timeline_renderer_get_title (self, item->serial, item->position);
      layout = _cm_timeline_fit_text (entry, (int) floor (vb - va), &width);
      y = item_y (self, lf, item);
      ty = y + (bar_h - entry->height) / 2;
      if (ty < self->axis_height || ty + entry->height > bottom ||
          in_legend (self, va, ty, va + width, ty + entry->height))
        continue;

      /* Faded instants are pale: the text colour; spans are solid */
      if ((item->flags & ITEM_UNCERTAIN) && item->end <= item->start)
        cm_style_set_source (cr, &self->style.foreground);
      else if (is_dark_color (category_color (self, item->category)))
        cairo_set_source_rgb (cr, 1, 1, 1);
      else
        cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);

      item->flags |= ITEM_LABEL_DRAWN;
      occupancy_insert (occupancy_row (self, base + row_base[it.lane] + item->row),
                        va - LABEL_SPACING / 2, va + width + LABEL_SPACING / 2);
      _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_EVENT, layout, va, ty, width, entry->height);
    }

  g_array_sort (candidates, compare_candidates);

  for (guint k = 0; k < candidates->len; k++)
    {
      LabelCandidate *c = &g_array_index (candidates, LabelCandidate, k);
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, c->lane);
      Item *item = &g_array_index (self->items, Item, c->item);
      GArray *row = occupancy_row (self, row_base[c->lane] + item->row);
      GArray *label_row = occupancy_row (self, base + row_base[c->lane] + item->row);
      TextEntry *entry = _cm_timeline_renderer_get_title (self, item->serial, item->position);
      double y = item_y (self, lf, item);
      double ty = y + (bar_h - entry->height) / 2;
      double la, lb;
      int width;
      PangoLayout *layout;

      if (ty < self->axis_height || ty + entry->height > bottom)
        continue;

      if (item->flags & ITEM_HAS_LABEL)
        {
          la = item->lx0;
          lb = item->lx1;
        }
      else if (!find_label_room (self, row, label_row, item, &la, &lb))
        continue;

      if (la < 0 || lb > self->width - self->right_inset
          || lb - la < MIN (item->label_width, LABEL_MIN_PX))
        continue;

      layout = _cm_timeline_fit_text (entry, (int) floor (lb - la), &width);
      if (la >= item->ma)
        lb = la + width;
      else
        la = lb - width;

      if (in_legend (self, la, ty, lb, ty + entry->height) ||
          !occupancy_free (row, la - 1, lb + 1) ||
          !occupancy_free (label_row, la - LABEL_SPACING / 2, lb + LABEL_SPACING / 2))
        continue;

      occupancy_insert (row, la - 1, lb + 1);
      occupancy_insert (label_row, la - LABEL_SPACING / 2, lb + LABEL_SPACING / 2);
      item->flags |= ITEM_LABEL_DRAWN;
      cm_style_set_source (cr, &self->style.foreground);
      _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_EVENT, layout, la, ty, width,
                                       entry->height);
    }
}
