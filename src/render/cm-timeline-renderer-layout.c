/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer-private.h"

#include <math.h>
#include <string.h>

static gboolean
title_fits_inside (double visible_width,
                   double label_width)
{
  return visible_width >= label_width + 8;
}

/* Builds the items of @lf from the lane's visible events. */
static gboolean
collect_items (CmTimelineRenderer *self,
               LaneFrame          *lf,
               const Lane         *lane)
{
  CmTime pad = (CmTime) ceil (_cm_timeline_precision_seconds (lane->coarsest) * 1.05);
  double margin = self->row_height;

  g_array_set_size (self->hits, 0);
  cm_interval_index_query (lane->index, sat_add (self->start, -pad), self->end, self->hits);
  if (self->hits->len > ITEM_BUDGET)
    return FALSE;

  for (guint h = 0; h < self->hits->len; h++)
    {
      guint i = g_array_index (self->hits, guint, h);
      const EventMeta *meta = &lane->meta[i];
      Item item = { 0 };
      double x0, x1, unit_px;

      x0 = frame_x (self, lane->starts[i]);
      x1 = frame_x (self, lane->ends[i]);
      if (x0 > self->width + margin)
        continue;

      item.start = lane->starts[i];
      item.end = lane->ends[i];
      item.position = lane->positions[i];
      item.serial = meta->serial;
      item.category = meta->category == G_MAXUINT16 ? CM_NONE : meta->category;
      item.row = NO_ROW;

      /* A start coarser than the zoom: its whole unit, faded */
      unit_px = _cm_timeline_precision_seconds (meta->precision) * self->px_per_s;
      if (unit_px > UNCERTAIN_PX * 0.9)
        {
          CmTime unit_end = cm_time_unit_end (item.start, meta->precision, meta->utc_offset);
          double unit_x = frame_x (self, unit_end);

          if (unit_x - x0 > UNCERTAIN_PX)
            {
              item.flags |= ITEM_UNCERTAIN;
              if (item.end <= item.start)
                {
                  /* An instant: a span over its unit, faded at both ends */
                  x1 = unit_x;
                  item.fade0 = item.fade1 = (float) MIN ((x1 - x0) / 3, 48);
                }
              else
                item.fade0 = (float) MIN (MIN (unit_x - x0, (x1 - x0) / 2), 48);
            }
        }

      /* An end coarser than the zoom: the span runs through its unit */
      if (item.end > item.start &&
          _cm_timeline_precision_seconds (meta->end_precision) * self->px_per_s > UNCERTAIN_PX * 0.9)
        {
          CmTime unit_end = cm_time_unit_end (item.end, meta->end_precision, meta->utc_offset);
          double unit_x = frame_x (self, unit_end);

          if (unit_x - x1 > UNCERTAIN_PX)
            {
              item.flags |= ITEM_UNCERTAIN;
              item.fade1 = (float) MIN (unit_x - x1, 48);
              x1 = unit_x;
            }
        }

      if (x1 < -margin)
        continue;

      if (x1 - x0 >= MIN_BAR_PX)
        {
          item.kind = ITEM_BAR;
          item.ux0 = x0;
          item.ux1 = x1;
          item.x0 = MAX (x0, -margin);
          item.x1 = MIN (x1, self->width + margin);
        }
      else
        {
          item.kind = ITEM_MARKER;
          item.flags &= ~ITEM_UNCERTAIN;
          item.x0 = item.x1 = x0;
        }

      if (item.serial == self->selection)
        item.flags |= ITEM_SELECTED;
      if (item.serial == self->hover)
        item.flags |= ITEM_HOVER;

      /* Measured once per event and lane build: titles are spread over
       * memory, the lane's widths are in order */
      if (lane->label_widths[i] == 0)
        {
          const char *title = cm_event_store_get_title (self->store, item.position);

          lane->label_widths[i] = title != NULL && title[0] != '\0'
            ? (float) _cm_timeline_renderer_estimate_width (self, title) : -1;
        }
      item.label_width = MAX (lane->label_widths[i], 0);

      g_array_append_val (self->items, item);
    }

  lf->n_items = self->items->len - lf->first_item;

  return TRUE;
}

static void
close_cluster (CmTimelineRenderer *self,
               guint               first,
               guint               last,
               guint               count)
{
  Item *items = &g_array_index (self->items, Item, 0);
  Item *head = &items[first];
  guint n = 0;

  if (count < CLUSTER_MIN)
    return;

  /* The head stands for all; the others are merged into it */
  for (guint i = first + 1; i <= last; i++)
    if (items[i].kind == ITEM_MARKER && !(items[i].flags & ITEM_SELECTED))
      {
        items[i].kind = ITEM_MERGED;
        head->x1 = items[i].x0;
        head->end = items[i].start;
        n++;
      }

  head->kind = ITEM_CLUSTER;
  head->count = n + 1;
  head->label_width = 0;
  head->flags &= ~(ITEM_HOVER | ITEM_UNCERTAIN);
}

/* Markers closer than CLUSTER_GAP px chain into clusters of CLUSTER_MIN
 * or more, at most CLUSTER_MAX_PX wide. The selection stays apart. */
static void
cluster_markers (CmTimelineRenderer *self,
                 LaneFrame          *lf)
{
  Item *items = &g_array_index (self->items, Item, 0);
  guint first = G_MAXUINT, last = 0, count = 0;
  double first_x = 0, last_x = 0;

  for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
    {
      Item *item = &items[i];

      if (item->kind != ITEM_MARKER || (item->flags & ITEM_SELECTED))
        continue;

      if (first != G_MAXUINT &&
          item->x0 - last_x < CLUSTER_GAP &&
          item->x0 - first_x <= CLUSTER_MAX_PX)
        {
          last = i;
          last_x = item->x0;
          count++;
          continue;
        }

      if (first != G_MAXUINT)
        close_cluster (self, first, last, count);

      first = last = i;
      first_x = last_x = item->x0;
      count = 1;
    }

  if (first != G_MAXUINT)
    close_cluster (self, first, last, count);
}

char *
_cm_timeline_format_count (guint count,
                           gboolean overflow)
{
  if (count >= 100000)
    return g_strdup_printf (overflow ? "+%uk" : "%uk", count / 1000);

  return g_strdup_printf (overflow ? "+%u" : "%u", count);
}

/* Where a cluster's badge is drawn (its count's width from the digits') */
static void
badge_extent (CmTimelineRenderer *self,
              const Item         *item,
              double             *a,
              double             *b)
{
  double r = marker_radius (self);
  guint digits = 1;
  double text_width;

  for (guint c = item->count >= 100000 ? item->count / 1000 : item->count; c >= 10; c /= 10)
    digits++;
  text_width = digits * self->char_widths['0'] + 2;
  if (item->flags & ITEM_OVERFLOW)
    text_width += self->char_widths['+'];
  if (item->count >= 100000)
    text_width += self->char_widths['k'];

  *a = item->x0 - r;
  *b = MAX (item->x1 + r, *a + text_width + 8);
}

static void
mark_extent (CmTimelineRenderer *self,
             const Item         *item,
             double             *a,
             double             *b)
{
  double r = marker_radius (self);

  switch ((ItemKind) item->kind)
    {
    case ITEM_MARKER:
      *a = item->x0 - r;
      *b = item->x0 + r;
      break;
    case ITEM_CLUSTER:
      badge_extent (self, item, a, b);
      break;
    case ITEM_BAR:
    case ITEM_MERGED:
    default:
      *a = item->x0;
      *b = item->x1;
      break;
    }
}

static void make_overflow_badges (CmTimelineRenderer *self,
                                  LaneFrame          *lf);

static int
first_fit (const double *row_end,
           double        a)
{
  for (int r = 0; r < MAX_ROWS; r++)
    if (row_end[r] + ROW_GAP <= a)
      return r;

  return -1;
}

/* Rows by greedy first fit in store order (start, end, serial): the label's
 * room is reserved beside the mark when a row has it; else the mark alone;
 * else the item overflows into a "+N" badge below the rows. Returns how
 * many marks overflowed, and sets @n_marks to how many there were. */
static guint
assign_rows (CmTimelineRenderer *self,
             LaneFrame          *lf,
             guint              *n_marks)
{
  double row_end[MAX_ROWS];
  double right = self->width - self->right_inset;  /* where texts end */
  guint n_items = lf->first_item + lf->n_items;
  guint n_rows = 0, n_overflow = 0;
  gboolean overflow = FALSE;

  for (int r = 0; r < MAX_ROWS; r++)
    row_end[r] = -G_MAXDOUBLE;

  for (guint i = lf->first_item; i < n_items; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      double a, b, la = 0, lb = 0, width;
      gboolean label = FALSE;
      int row = -1;

      if (item->kind == ITEM_MERGED)
        continue;

      (*n_marks)++;
      mark_extent (self, item, &a, &b);
      width = item->label_width;

      /* Inside where the bar is solid (after a faded start, in the frame),
       * whole; else beside it */
      if (width > 0 && item->kind == ITEM_BAR &&
          title_fits_inside (MIN (b, right) - MAX (MAX (a, item->ux0 + item->fade0), 0),
                             width))
        item->flags |= ITEM_LABEL_INSIDE;
      else if (width > 0 && item->kind != ITEM_CLUSTER)
        {
          /* Beside the mark: right, else left, never cut by the edges */
          la = b + LABEL_GAP;
          lb = la + width;
          if (lb > right)
            {
              lb = a - LABEL_GAP;
              la = lb - width;
            }
          label = la >= 0 && lb <= right;
        }

      /* A label left of its mark keeps LABEL_SPACING from what ends the row */
      if (label)
        row = first_fit (row_end, MIN (a, la - (LABEL_SPACING - ROW_GAP)));
      if (row >= 0)
        {
          item->flags |= ITEM_HAS_LABEL;
          item->lx0 = la;
          item->lx1 = lb;
          row_end[row] = MAX (b, lb);
        }
      else if ((row = first_fit (row_end, a)) >= 0)
        row_end[row] = b;
      else
        {
          item->flags |= ITEM_OVERFLOW;
          overflow = TRUE;
          n_overflow++;
          continue;
        }

      item->row = (guint16) row;
      n_rows = MAX (n_rows, (guint) row + 1);
    }

  lf->n_rows = MAX (n_rows, 1);
  lf->has_overflow = overflow;

  if (overflow)
    make_overflow_badges (self, lf);

  for (guint i = lf->first_item; i < n_items; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);

      if (item->kind != ITEM_MERGED)
        mark_extent (self, item, &item->ma, &item->mb);
    }

  return n_overflow;
}

/* Overflowing items chain into "+N" badges on a row of their own */
static void
make_overflow_badges (CmTimelineRenderer *self,
                      LaneFrame          *lf)
{
  guint n_items = lf->first_item + lf->n_items;

  {
    guint head = G_MAXUINT;
    double head_b = -G_MAXDOUBLE;

    for (guint i = lf->first_item; i < n_items; i++)
      {
        Item *item = &g_array_index (self->items, Item, i);
        Item *first;

        if (!(item->flags & ITEM_OVERFLOW))
          continue;

        if (head != G_MAXUINT)
          {
            first = &g_array_index (self->items, Item, head);
            if (item->x0 <= first->x1 + CLUSTER_GAP ||
                item->x0 - marker_radius (self) <= head_b + ROW_GAP)
              {
                gboolean cluster = item->kind == ITEM_CLUSTER;

                first->x1 = MAX (first->x1, cluster ? item->x1 : item->x0);
                first->end = MAX (first->end, cluster ? item->end : item->start);
                first->count += cluster ? item->count : 1;
                item->kind = ITEM_MERGED;
                item->flags &= ~ITEM_OVERFLOW;
                badge_extent (self, first, &(double) { 0 }, &head_b);
                continue;
              }
          }

        /* A new badge from this item (a cluster brings its count) */
        head = i;
        if (item->kind != ITEM_CLUSTER)
          {
            item->count = 1;
            item->end = item->start;
          }
        item->kind = ITEM_CLUSTER;
        item->x0 = MAX (item->x0, marker_radius (self));  /* spans from the left */
        item->x1 = item->x0;
        item->row = (guint16) lf->n_rows;
        item->flags &= ~(ITEM_HAS_LABEL | ITEM_LABEL_INSIDE | ITEM_UNCERTAIN | ITEM_HOVER);
        badge_extent (self, item, &(double) { 0 }, &head_b);
      }
  }
}

void
_cm_timeline_renderer_layout_lanes (CmTimelineRenderer *self)
{
  g_autofree guint *by_estimate = NULL;
  guint n_lanes = self->lanes->len;
  guint total = 0;
  double y;

  g_array_set_size (self->lane_frames, n_lanes);
  g_array_set_size (self->items, 0);

  /* Events starting in the window, per lane */
  for (guint l = 0; l < n_lanes; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      memset (lf, 0, sizeof *lf);
      lf->mode = lane_collapsed (self, lane->group) ? MODE_COLLAPSED : MODE_ITEMS;
      lf->estimate = cm_time_lower_bound (lane->starts, lane->n, sat_add (self->end, 1)) -
                     cm_time_lower_bound (lane->starts, lane->n, self->start);

      /* More than one event per CLUSTER_GAP px on average: markers would
       * chain into clusters all along, a density strip says it better */
      if (lf->mode == MODE_ITEMS && lf->estimate > self->width / CLUSTER_GAP)
        lf->mode = MODE_DENSITY;

      if (lf->mode == MODE_ITEMS)
        total += lf->estimate;
    }

  /* Past the budget, the densest lanes become density strips */
  if (total > ITEM_BUDGET)
    {
      by_estimate = g_new (guint, n_lanes);
      for (guint l = 0; l < n_lanes; l++)
        by_estimate[l] = l;

      for (guint k = 0; k < n_lanes && total > ITEM_BUDGET; k++)
        {
          guint best = k;

          for (guint m = k + 1; m < n_lanes; m++)
            if (g_array_index (self->lane_frames, LaneFrame, by_estimate[m]).estimate >
                g_array_index (self->lane_frames, LaneFrame, by_estimate[best]).estimate)
              best = m;

          if (best != k)
            {
              guint t = by_estimate[k];

              by_estimate[k] = by_estimate[best];
              by_estimate[best] = t;
            }

          {
            LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, by_estimate[k]);

            if (lf->mode == MODE_ITEMS)
              {
                lf->mode = MODE_DENSITY;
                total -= lf->estimate;
              }
          }
        }
    }

  y = self->axis_height - self->scroll;

  for (guint l = 0; l < n_lanes; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      lf->y = y;
      lf->rows_y = y + self->header_height;
      lf->first_item = self->items->len;

      if (lf->mode == MODE_ITEMS && y >= self->height)
        {
          /* Below the frame: not laid out, its height as it last was */
          lf->n_rows = MAX (lane->last_rows, 1);
          lf->has_overflow = lane->last_overflow;
        }
      else if (lf->mode == MODE_ITEMS)
        {
          guint n_marks = 0, n_overflow = 0;
          gboolean laid_out = collect_items (self, lf, lane);

          if (laid_out)
            {
              cluster_markers (self, lf);
              n_overflow = assign_rows (self, lf, &n_marks);
              lane->last_rows = lf->n_rows;
              lane->last_overflow = lf->has_overflow;
            }

          /* Most of its marks in no row: the rows would show a few at
           * random, the band shows them all */
          if (!laid_out || (n_overflow >= DENSE_OVERFLOW && 2 * n_overflow > n_marks))
            {
              g_array_set_size (self->items, lf->first_item);
              lf->n_items = 0;
              lf->mode = MODE_DENSITY;
              lane->last_rows = 1;
              lane->last_overflow = FALSE;
            }
        }

      switch (lf->mode)
        {
        case MODE_ITEMS:
          lf->height = self->header_height +
                       (lf->n_rows + (lf->has_overflow ? 1 : 0)) * self->row_height + 4;
          break;
        case MODE_DENSITY:
          lf->height = self->header_height + self->row_height + 4;
          break;
        case MODE_COLLAPSED:
        default:
          lf->height = self->header_height + 8;
          break;
        }

      y += lf->height;
    }

  self->content_height = y + self->scroll;
}

gboolean
cm_timeline_renderer_hit_test (CmTimelineRenderer *self,
                               double              x,
                               double              y,
                               CmTimelineHit      *hit)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  *hit = (CmTimelineHit) { .kind = CM_TIMELINE_HIT_NONE, .position = CM_NONE,
                           .serial = CM_NONE, .group = CM_NONE,
                           .start = CM_TIME_INVALID, .end = CM_TIME_INVALID };

  if (!self->frame_valid || x < 0 || y < 0 || x >= self->width || y >= self->height)
    return FALSE;

  if (y < self->axis_height)
    {
      hit->kind = CM_TIMELINE_HIT_AXIS;
      hit->start = hit->end = frame_time (self, x);
      return TRUE;
    }

  if (in_legend (self, x, y, x, y))
    return FALSE;

  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);
      Lane *lane = &g_array_index (self->lanes, Lane, l);
      double bar_h = self->row_height - 4;
      guint best = G_MAXUINT;
      double best_distance = G_MAXDOUBLE;

      if (y < lf->y || y >= lf->y + lf->height)
        continue;

      hit->group = lane->group;

      if (y < lf->rows_y)
        {
          hit->kind = CM_TIMELINE_HIT_LANE_HEADER;
          return TRUE;
        }

      if (lf->mode != MODE_ITEMS)
        {
          const BinGeometry *geometry = &self->bins_geometry;
          gint64 k = geometry->first + (gint64) floor ((x - geometry->x0) / DENSITY_BIN);
          CmTime t0 = bin_boundary (geometry, k);
          CmTime t1 = bin_boundary (geometry, k + 1);
          guint count = cm_time_lower_bound (lane->starts, lane->n, t1) -
                        cm_time_lower_bound (lane->starts, lane->n, t0);

          if (count == 0)
            return FALSE;

          hit->kind = CM_TIMELINE_HIT_CLUSTER;
          hit->count = count;
          hit->start = t0;
          hit->end = t1;
          return TRUE;
        }

      /* The nearest mark or drawn label in the row under the pointer */
      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);
          double iy, a, b, distance;

          if (item->kind == ITEM_MERGED || item->row == NO_ROW)
            continue;

          iy = item_y (self, lf, item);
          if (y < iy - 2 || y > iy + bar_h + 2)
            continue;

          a = item->ma;
          b = item->mb;
          if ((item->flags & ITEM_LABEL_DRAWN) && !(item->flags & ITEM_LABEL_INSIDE))
            {
              a = MIN (a, item->lx0);
              b = MAX (b, item->lx1);
            }

          if (x < a - 2 || x > b + 2)
            continue;

          distance = item->kind == ITEM_MARKER ? fabs (x - item->x0) : 0;
          if (item->flags & ITEM_SELECTED)
            distance -= 1000;
          if (distance < best_distance)
            {
              best = i;
              best_distance = distance;
            }
        }

      if (best != G_MAXUINT)
        {
          Item *item = &g_array_index (self->items, Item, best);

          if (item->kind == ITEM_CLUSTER)
            {
              hit->kind = CM_TIMELINE_HIT_CLUSTER;
              hit->count = item->count;
              hit->start = item->start;
              hit->end = item->end;
            }
          else
            {
              hit->kind = CM_TIMELINE_HIT_EVENT;
              hit->position = item->position;
              hit->serial = item->serial;
              hit->start = item->start;
              hit->end = item->end;
            }
          return TRUE;
        }

      return FALSE;
    }

  return FALSE;
}

gboolean
_cm_timeline_renderer_find_item (CmTimelineRenderer *self,
                                 guint               serial,
                                 const LaneFrame   **lane_frame,
                                 const Item        **found)
{
  if (!self->frame_valid || serial == CM_NONE)
    return FALSE;

  for (guint l = 0; l < self->lane_frames->len; l++)
    {
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      if (lf->mode != MODE_ITEMS)
        continue;

      for (guint i = lf->first_item; i < lf->first_item + lf->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);

          if (item->serial != serial || item->kind == ITEM_MERGED ||
              item->kind == ITEM_CLUSTER || item->row == NO_ROW)
            continue;

          *lane_frame = lf;
          *found = item;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
cm_timeline_renderer_get_event_rect (CmTimelineRenderer *self,
                                     guint               serial,
                                     double             *x,
                                     double             *y,
                                     double             *width,
                                     double             *height)
{
  const LaneFrame *lf;
  const Item *item;

  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);

  if (!_cm_timeline_renderer_find_item (self, serial, &lf, &item))
    return FALSE;

  if (x != NULL)
    *x = item->ma;
  if (y != NULL)
    *y = item_y (self, lf, item);
  if (width != NULL)
    *width = item->mb - item->ma;
  if (height != NULL)
    *height = self->row_height - 4;

  return TRUE;
}

const CmTimelineLabel *
cm_timeline_renderer_get_labels (CmTimelineRenderer *self,
                                 guint              *n_labels)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), NULL);
  g_return_val_if_fail (n_labels != NULL, NULL);

  *n_labels = self->labels->len;

  return (const CmTimelineLabel *) (void *) self->labels->data;
}

double
cm_timeline_renderer_get_content_height (CmTimelineRenderer *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), 0);

  return self->frame_valid ? self->content_height : 0;
}
