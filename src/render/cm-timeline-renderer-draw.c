/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer-private.h"

static void
draw_lane_header (CmTimelineRenderer *self,
                  cairo_t            *cr,
                  const Lane         *lane,
                  const LaneFrame    *lf)
{
  TextEntry *name = _cm_timeline_renderer_get_text (self, lane->name);
  double h = self->header_height;
  double cy = lf->y + h / 2;
  double tx = self->show_disclosure ? 22 : 8, ty;
  int width;
  PangoLayout *layout;

  cairo_rectangle (cr, 0, lf->y, self->width, h);
  cm_style_set_source (cr, &self->style.header_background);
  cairo_fill (cr);

  cairo_rectangle (cr, 0, lf->y, self->width, 1);
  cairo_rectangle (cr, 0, lf->y + h - 1, self->width, 1);
  cm_style_set_source (cr, &self->style.separator);
  cairo_fill (cr);

  /* The disclosure triangle, where it can be clicked */
  if (self->show_disclosure)
    {
      if (lf->mode == MODE_COLLAPSED)
        {
          cairo_move_to (cr, 8, cy - 5);
          cairo_line_to (cr, 14, cy);
          cairo_line_to (cr, 8, cy + 5);
        }
      else
        {
          cairo_move_to (cr, 6, cy - 3);
          cairo_line_to (cr, 16, cy - 3);
          cairo_line_to (cr, 11, cy + 3);
        }
      cairo_close_path (cr);
      cm_style_set_source (cr, &self->style.dim_foreground);
      cairo_fill (cr);
    }

  layout = _cm_timeline_fit_text (name, (int) MAX (self->width - tx - 8, 8), &width);
  ty = lf->y + (h - name->height) / 2;
  if (in_legend (self, tx, ty, tx + width, ty + name->height))
    return;

  cm_style_set_source (cr, &self->style.foreground);
  _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_LANE, layout, tx, ty, width, name->height);
}

/* Fills the bars (or markers) of every visible lane, one path per colour.
 * Bars are plain rectangles: cairo fills those on its fast path, where
 * rounded corners would cost a tenth of a dense frame. */
static void
fill_by_category (CmTimelineRenderer *self,
                  cairo_t            *cr,
                  ItemKind            kind)
{
  ItemIter it;
  guint n_colors = self->n_colors;
  g_autofree guint *starts = g_new0 (guint, n_colors + 1);
  double r = marker_radius (self);
  double bar_h = self->row_height - 4;

  /* Counting sort of the items by category */
  g_array_set_size (self->order, 0);
  for (item_iter_init (&it); item_iter_next (self, &it);)
    {
      Item *item = it.item;

      if (item->kind != kind || (item->flags & (ITEM_UNCERTAIN | ITEM_OVERFLOW)))
        continue;
      starts[MIN (item->category, n_colors - 1) + 1]++;
      g_array_append_val (self->order, (guint) { it.lane });
      g_array_append_val (self->order, it.index);
    }

  if (self->order->len == 0)
    return;

  {
    guint n = self->order->len / 2;
    g_autofree guint *sorted = g_new (guint, self->order->len);
    guint *pairs = &g_array_index (self->order, guint, 0);

    for (guint c = 1; c <= n_colors; c++)
      starts[c] += starts[c - 1];

    {
      g_autofree guint *next = g_memdup2 (starts, sizeof (guint) * (n_colors + 1));

      for (guint k = 0; k < n; k++)
        {
          Item *item = &g_array_index (self->items, Item, pairs[2 * k + 1]);
          guint c = MIN (item->category, n_colors - 1);
          guint at = next[c]++;

          sorted[2 * at] = pairs[2 * k];
          sorted[2 * at + 1] = pairs[2 * k + 1];
        }
    }

    /* Markers get a halo in the background colour, all in one path */
    if (kind == ITEM_MARKER)
      {
        for (guint k = 0; k < n; k++)
          {
            LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, sorted[2 * k]);
            Item *item = &g_array_index (self->items, Item, sorted[2 * k + 1]);

            diamond (cr, item->x0, item_y (self, lf, item) + bar_h / 2, r + 1.5);
          }
        cm_style_set_source (cr, &self->style.background);
        cairo_fill (cr);
      }

    for (guint c = 0; c < n_colors; c++)
      {
        if (starts[c] == starts[c + 1])
          continue;

        for (guint k = starts[c]; k < starts[c + 1]; k++)
          {
            LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, sorted[2 * k]);
            Item *item = &g_array_index (self->items, Item, sorted[2 * k + 1]);
            double y = item_y (self, lf, item);

            if (kind == ITEM_MARKER)
              diamond (cr, item->x0, y + bar_h / 2, r);
            else
              cairo_rectangle (cr, item->x0, y, item->x1 - item->x0, bar_h);
          }

        cm_style_set_source (cr, category_color (self, c));
        cairo_fill (cr);
      }
  }
}

/* The opacity of a faded bar at @x: @edge at its true ends, @solid past
 * the fades */
static double
fade_alpha (const Item *item,
            double      x,
            double      edge,
            double      solid)
{
  if (item->fade0 > 0 && x < item->ux0 + item->fade0)
    return edge + (solid - edge) * CLAMP ((x - item->ux0) / item->fade0, 0, 1);
  if (item->fade1 > 0 && x > item->ux1 - item->fade1)
    return edge + (solid - edge) * CLAMP ((item->ux1 - x) / item->fade1, 0, 1);

  return solid;
}

static void
draw_uncertain (CmTimelineRenderer *self,
                cairo_t            *cr,
                const LaneFrame    *lf,
                const Item         *item)
{
  const CmColor *color = category_color (self, item->category);
  double y = item_y (self, lf, item);
  double w = item->x1 - item->x0;
  double bar_h = self->row_height - 4;
  double solid = (item->end > item->start) ? 1.0 : 0.55;
  double edge = 0.08;
  double stops[4];
  cairo_pattern_t *pattern;

  if (w <= 0)
    return;

  /* The gradient over the clipped bar: its ends and the ends of the fades
   * that fall inside it, with the opacity of the whole bar at each */
  stops[0] = item->x0;
  stops[1] = CLAMP (item->ux0 + item->fade0, item->x0, item->x1);
  stops[2] = CLAMP (item->ux1 - item->fade1, stops[1], item->x1);
  stops[3] = item->x1;

  pattern = cairo_pattern_create_linear (item->x0, 0, item->x1, 0);
  for (guint k = 0; k < G_N_ELEMENTS (stops); k++)
    cairo_pattern_add_color_stop_rgba (pattern, (stops[k] - item->x0) / w,
                                       color->red, color->green, color->blue,
                                       fade_alpha (item, stops[k], edge, solid));

  rounded_rectangle (cr, item->x0, y, w, bar_h, 3);
  cairo_set_source (cr, pattern);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);

  /* A dashed rim says "somewhere in here" */
  if (item->end <= item->start && stops[2] > stops[1])
    {
      static const double dashes[] = { 3, 3 };

      cairo_save (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, stops[1], y + 0.5);
      cairo_line_to (cr, stops[2], y + 0.5);
      cairo_move_to (cr, stops[1], y + bar_h - 0.5);
      cairo_line_to (cr, stops[2], y + bar_h - 0.5);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.9);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static void
draw_clusters (CmTimelineRenderer *self,
               cairo_t            *cr)
{
  ItemIter it;
  double bar_h = self->row_height - 4;

  /* Badges first, in two paths (clusters, overflow), then their counts */
  for (int pass = 0; pass < 3; pass++)
    {
      gboolean any = FALSE;

      if (pass == 2)
        cm_style_set_source (cr, &self->style.background);

      for (item_iter_init (&it); item_iter_next (self, &it);)
        {
          LaneFrame *lf = it.lf;
          Item *item = it.item;
          gboolean overflow = (item->flags & ITEM_OVERFLOW) != 0;
          double a, b, y;

          if (item->kind != ITEM_CLUSTER || (pass < 2 && overflow != (pass == 1)))
            continue;

          a = item->ma;
          b = item->mb;
          y = item_y (self, lf, item);

          if (pass < 2)
            {
              rounded_rectangle (cr, a, y, b - a, bar_h, bar_h / 2);
              any = TRUE;
            }
          else
            {
              g_autofree char *text = _cm_timeline_format_count (item->count, overflow);
              TextEntry *entry = _cm_timeline_renderer_get_text (self, text);

              /* Centred in what is visible of the badge */
              double va = MAX (a, 0) + 2, vb = MIN (b, self->width) - 2;

              if (overflow)
                cm_style_set_source (cr, &self->style.foreground);
              if (entry->width <= vb - va)
                _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_CLUSTER, entry->layout,
                           CLAMP ((a + b - entry->width) / 2, va, vb - entry->width),
                           y + (bar_h - entry->height) / 2, entry->width, entry->height);
              if (overflow)
                cm_style_set_source (cr, &self->style.background);
            }
        }

      if (!any)
        continue;

      if (pass == 0)
        {
          cm_style_set_source (cr, &self->style.cluster);
          cairo_fill (cr);
        }
      else if (pass == 1)
        {
          cm_style_set_source_alpha (cr, &self->style.cluster, 0.3);
          cairo_fill (cr);
        }
    }
}

static void
outline_item (CmTimelineRenderer *self,
              cairo_t            *cr,
              const LaneFrame    *lf,
              const Item         *item,
              const CmColor      *color,
              double              line_width)
{
  double y = item_y (self, lf, item);
  double bar_h = self->row_height - 4;
  double a, b;

  a = item->ma;
  b = item->mb;
  if (item->kind == ITEM_MARKER)
    diamond (cr, item->x0, y + bar_h / 2, marker_radius (self) + 2.5);
  else
    rounded_rectangle (cr, a - 1.5, y - 1.5, b - a + 3, bar_h + 3, 4);

  cm_style_set_source (cr, color);
  cairo_set_line_width (cr, line_width);
  cairo_stroke (cr);
}

void
cm_timeline_renderer_render (CmTimelineRenderer *self,
                             cairo_t            *cr,
                             double              width,
                             double              height,
                             CmTime              start,
                             CmTime              end)
{
  ItemIter it;
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));
  g_return_if_fail (cr != NULL);

  self->frame_valid = FALSE;
  g_array_set_size (self->labels, 0);

  if (!(width > 0) || !(height > 0) || end <= start ||
      start == CM_TIME_INVALID || end == CM_TIME_INVALID)
    return;

  _cm_timeline_renderer_ensure_fonts (self);
  _cm_timeline_renderer_ensure_lanes (self);

  self->frame_number++;
  _cm_timeline_renderer_trim_text_caches (self);

  self->width = width;
  self->height = height;
  self->start = start;
  self->end = end;
  self->px_per_s = width / time_diff (start, end);
  _cm_timeline_renderer_set_bin_geometry (self, &self->bins_geometry, TRUE);

  cairo_save (cr);

  cairo_rectangle (cr, 0, 0, width, height);
  cm_style_set_source (cr, &self->style.background);
  cairo_fill (cr);

  _cm_timeline_renderer_compute_ticks (self);
  _cm_timeline_renderer_measure_legend (self);
  _cm_timeline_renderer_layout_lanes (self);
  _cm_timeline_renderer_place_legend (self);

  /* The lanes, under the axis (and above the legend when it is pinned to
   * the bottom of a frame they overflow) */
  cairo_save (cr);
  cairo_rectangle (cr, 0, self->axis_height, width,
                   (self->legend_pinned ? self->legend_y : height) - self->axis_height);
  cairo_clip (cr);

  _cm_timeline_renderer_draw_grid (self, cr);

  for (guint l = 0; l < self->lanes->len; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);
      LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      if (!lane_visible (self, lf))
        continue;

      draw_lane_header (self, cr, lane, lf);
      if (lf->mode != MODE_ITEMS)
        _cm_timeline_renderer_draw_density (self, cr, lane, lf);
    }

  fill_by_category (self, cr, ITEM_BAR);

  for (item_iter_init (&it); item_iter_next (self, &it);)
    {
      LaneFrame *lf = it.lf;
      Item *item = it.item;

      if (item->kind == ITEM_BAR && (item->flags & ITEM_UNCERTAIN))
        draw_uncertain (self, cr, lf, item);
    }

  fill_by_category (self, cr, ITEM_MARKER);
  draw_clusters (self, cr);

  /* Hover, then the selection on top */
  for (item_iter_init (&it); item_iter_next (self, &it);)
    {
      LaneFrame *lf = it.lf;
      Item *item = it.item;

      if (item->kind == ITEM_MERGED || item->kind == ITEM_CLUSTER)
        continue;
      if (item->flags & ITEM_HOVER && !(item->flags & ITEM_SELECTED) && !self->hover_overlay)
        outline_item (self, cr, lf, item, &self->style.hover, 2);
      if (item->flags & ITEM_SELECTED)
        outline_item (self, cr, lf, item, &self->style.accent, 2);
    }

  _cm_timeline_renderer_draw_labels (self, cr);
  _cm_timeline_renderer_draw_now (self, cr);
  cairo_restore (cr);

  _cm_timeline_renderer_draw_axis (self, cr);
  _cm_timeline_renderer_draw_legend (self, cr);

  cairo_restore (cr);

  self->frame_valid = TRUE;
}

/* The hover outline of the last frame (see cm_timeline_renderer_set_hover_overlay()). */
void
cm_timeline_renderer_render_hover (CmTimelineRenderer *self,
                                   cairo_t            *cr)
{
  ItemIter it;

  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (!self->frame_valid || self->hover == CM_NONE)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, self->axis_height, self->width, self->height - self->axis_height);
  cairo_clip (cr);
  for (item_iter_init (&it); item_iter_next (self, &it);)
    {
      const Item *item = it.item;

      if (item->kind == ITEM_MERGED || item->kind == ITEM_CLUSTER || item->serial != self->hover
          || (item->flags & ITEM_SELECTED))
        continue;
      outline_item (self, cr, it.lf, item, &self->style.hover, 2);
    }
  cairo_restore (cr);
}

/* The playhead: a line in the route's colour, with a handle at @top. */
static void
draw_playhead (CmTimelineRenderer *self,
               cairo_t            *cr,
               double              x,
               double              top,
               double              bottom)
{
  x = floor (x) + 0.5;

  cairo_save (cr);
  cairo_move_to (cr, x, top);
  cairo_line_to (cr, x, bottom);
  cm_style_set_source (cr, &self->style.background);
  cairo_set_line_width (cr, 4);
  cairo_stroke_preserve (cr);
  cm_style_set_source (cr, &self->style.route);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  cairo_move_to (cr, x - 6, top);
  cairo_line_to (cr, x + 6, top);
  cairo_line_to (cr, x, top + 8);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* The itinerary playback's time over the lanes of the last frame (same
 * coordinates), from the axis down: the view draws it over its cached
 * frame as the playback moves; an export never does. */
void
cm_timeline_renderer_render_playhead (CmTimelineRenderer *self,
                                      cairo_t            *cr,
                                      CmTime              time)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (!self->frame_valid || time == CM_TIME_INVALID || time < self->start || time > self->end)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, self->axis_height, self->width, self->height - self->axis_height);
  cairo_clip (cr);
  draw_playhead (self, cr, frame_x (self, time), self->axis_height, self->height);
  cairo_restore (cr);
}

/* The same over an overview strip (see render_overview()). */
void
cm_timeline_renderer_render_overview_playhead (CmTimelineRenderer *self,
                                               cairo_t            *cr,
                                               double              width,
                                               double              height,
                                               CmTime              doc_start,
                                               CmTime              doc_end,
                                               CmTime              time)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (time == CM_TIME_INVALID || time < doc_start || time > doc_end || !(width > 0))
    return;

  draw_playhead (self, cr, cm_timeline_time_to_x (time, doc_start, doc_end, width), 0, height);
}

/* Where the lane of @group (CM_NONE: the default lane) is in the last
 * frame, scrolled, header included; lanes below the frame keep the height
 * they had when last laid out. FALSE when it has no events shown. */
gboolean
cm_timeline_renderer_get_lane_rect (CmTimelineRenderer *self,
                                    guint               group,
                                    double             *y,
                                    double             *height)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);

  if (!self->frame_valid)
    return FALSE;

  for (guint l = 0; l < self->lanes->len && l < self->lane_frames->len; l++)
    {
      const LaneFrame *lf = &g_array_index (self->lane_frames, LaneFrame, l);

      if (g_array_index (self->lanes, Lane, l).group != group)
        continue;

      *y = lf->y;
      *height = lf->height;
      return TRUE;
    }

  return FALSE;
}
