/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer-private.h"

#include <math.h>

#include "cm-scale.h"

/* The labels of @ticks, reusing those of the same ticks in the last frame
 * (both sorted): panning formats only the ticks that come into view. */
static void
label_ticks (CmTimelineRenderer *self,
             GArray             *ticks,
             GArray             *old_ticks,
             GPtrArray          *texts,
             gboolean            context)
{
  const CmScaleLevel *level = cm_scale_get_level (self->level);
  const CmZone *zone = cm_timeline_renderer_get_zone (self);
  g_autoptr(GPtrArray) old_texts = g_ptr_array_copy (texts, NULL, NULL);
  guint j = 0;

  g_ptr_array_set_size (texts, 0);

  for (guint i = 0; i < ticks->len; i++)
    {
      CmTime t = g_array_index (ticks, CmTime, i);
      TextEntry *entry = NULL;

      while (j < old_ticks->len && g_array_index (old_ticks, CmTime, j) < t)
        j++;

      if (j < old_ticks->len && j < old_texts->len && g_array_index (old_ticks, CmTime, j) == t)
        {
          entry = g_ptr_array_index (old_texts, j);
          if (entry != NULL)
            entry->last_used = self->frame_number;
        }
      else
        {
          g_autofree char *text = context
            ? cm_scale_format_context (level, t, zone)
            : cm_scale_format_tick (level, t, zone);

          if (text != NULL)
            entry = _cm_timeline_renderer_get_text (self, text);
        }

      g_ptr_array_add (texts, entry);
    }
}

void
_cm_timeline_renderer_compute_ticks (CmTimelineRenderer *self)
{
  g_autoptr(GArray) old_fine = g_array_copy (self->fine_ticks);
  g_autoptr(GArray) old_context = g_array_copy (self->context_ticks);
  const CmZone *zone = cm_timeline_renderer_get_zone (self);
  const CmScaleLevel *level;
  double span = time_diff (self->start, self->end);
  guint old_level = self->level;
  CmTime t;

  /* The level is kept while the window pans at the same zoom, as long as
   * it stays within a window's width of where the level was chosen; the
   * labels are kept as long as the zone is */
  if (!self->level_valid || span != self->level_span || self->width != self->level_width ||
      !cm_zone_equal (zone, self->level_zone) ||
      fabs (time_diff (self->level_start, self->start)) > span)
    {
      gboolean same_zone = self->level_zone != NULL && cm_zone_equal (zone, self->level_zone);

      self->level = cm_scale_choose_level (self->start, self->end, self->width, AXIS_GAP,
                                           zone, _cm_timeline_measure_cb, self);
      self->level_span = span;
      self->level_width = self->width;
      g_clear_pointer (&self->level_zone, cm_zone_unref);
      self->level_zone = cm_zone_ref ((CmZone *) zone);
      self->level_start = self->start;
      if (!self->level_valid || self->level != old_level || !same_zone)
        {
          g_array_set_size (old_fine, 0);
          g_array_set_size (old_context, 0);
        }
      self->level_valid = TRUE;
    }
  level = cm_scale_get_level (self->level);

  /* From the tick before the window to the one after it */
  g_array_set_size (self->fine_ticks, 0);
  t = cm_scale_floor (level, self->start, zone);
  while (self->fine_ticks->len < MAX_FINE_TICKS)
    {
      g_array_append_val (self->fine_ticks, t);
      if (t > self->end || t == G_MAXINT64)
        break;
      t = cm_scale_next (level, t, zone);
    }

  g_array_set_size (self->context_ticks, 0);
  if (level->context < CM_N_PRECISIONS)
    {
      t = cm_zone_truncate (zone, self->start, level->context);
      while (self->context_ticks->len < MAX_CONTEXT_TICKS)
        {
          CmTime next;

          g_array_append_val (self->context_ticks, t);
          if (t > self->end)
            break;
          next = cm_zone_unit_end (zone, t, level->context);
          if (next <= t)
            break;
          t = next;
        }
    }

  label_ticks (self, self->fine_ticks, old_fine, self->fine_texts, FALSE);
  label_ticks (self, self->context_ticks, old_context, self->context_texts, TRUE);
}

CmTime
cm_timeline_renderer_snap_time (CmTimelineRenderer *self,
                                CmTime              time)
{
  const CmScaleLevel *level;
  const CmZone *zone;
  CmTime before, after;

  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), time);

  if (!self->level_valid || time == CM_TIME_INVALID)
    return time;

  /* The ticks the frame shows, as _cm_timeline_renderer_compute_ticks()
   * finds them. */
  level = cm_scale_get_level (self->level);
  zone = cm_timeline_renderer_get_zone (self);
  before = cm_scale_floor (level, time, zone);
  if (before == time)
    return time;
  after = cm_scale_next (level, before, zone);

  return time_diff (before, time) <= time_diff (time, after) ? before : after;
}

void
_cm_timeline_renderer_draw_grid (CmTimelineRenderer *self,
                                 cairo_t            *cr)
{
  double top = self->axis_height;
  double h = self->height - top;

  for (guint i = 0; i < self->fine_ticks->len; i++)
    {
      double x = floor (frame_x (self, g_array_index (self->fine_ticks, CmTime, i)));

      if (x >= 0 && x < self->width)
        cairo_rectangle (cr, x, top, 1, h);
    }
  cm_style_set_source (cr, &self->style.grid_minor);
  cairo_fill (cr);

  for (guint i = 0; i < self->context_ticks->len; i++)
    {
      double x = floor (frame_x (self, g_array_index (self->context_ticks, CmTime, i)));

      if (x >= 0 && x < self->width)
        cairo_rectangle (cr, x, top, 1, h);
    }
  cm_style_set_source (cr, &self->style.grid);
  cairo_fill (cr);
}

/* The zone the axis shows, at the right end of the context row, where
 * the first context label leaves room for it: returns where the context
 * labels end. Years and coarser are the same in every zone: none then. */
static double
draw_zone_label (CmTimelineRenderer *self,
                 cairo_t            *cr,
                 double              row)
{
  const CmScaleLevel *level = cm_scale_get_level (self->level);
  GPtrArray *context = self->context_texts;
  TextEntry *first = context->len > 0 ? g_ptr_array_index (context, 0) : NULL;
  CmTime middle = sat_add (self->start, (gint64) (time_diff (self->start, self->end) / 2));
  g_autofree char *text = NULL;
  TextEntry *entry;
  double x;

  if (level->unit == CM_SCALE_UNIT_YEAR)
    return self->width;

  /* The offset in the middle of the window, for a zone that changes */
  text = cm_zone_format_label (cm_timeline_renderer_get_zone (self), middle);
  entry = _cm_timeline_renderer_get_text (self, text);
  x = self->width - 5 - entry->width;
  if (x < 5 + (first != NULL ? first->width : 0) + AXIS_GAP)
    return self->width;

  cm_style_set_source (cr, &self->style.dim_foreground);
  _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_AXIS_ZONE, entry->layout, x,
                                   (row - entry->height) / 2 + 1, entry->width, entry->height);

  return x - AXIS_GAP;
}

void
_cm_timeline_renderer_draw_axis (CmTimelineRenderer *self,
                                 cairo_t            *cr)
{
  const CmScaleLevel *level = cm_scale_get_level (self->level);
  double row = floor ((self->axis_height - 2) / 2);
  double last_right = -G_MAXDOUBLE, right;
  gboolean interval = cm_scale_level_labels_interval (level);

  cairo_rectangle (cr, 0, 0, self->width, self->axis_height);
  cm_style_set_source (cr, &self->style.axis_background);
  cairo_fill (cr);
  cairo_rectangle (cr, 0, self->axis_height - 1, self->width, 1);
  cm_style_set_source (cr, &self->style.separator);
  cairo_fill (cr);

  /* Tick marks: short for the fine row, the full height for the context */
  for (guint i = 0; i < self->fine_ticks->len; i++)
    {
      double x = floor (frame_x (self, g_array_index (self->fine_ticks, CmTime, i)));

      if (x >= 0 && x < self->width)
        cairo_rectangle (cr, x, self->axis_height - 6, 1, 5);
    }
  cm_style_set_source (cr, &self->style.dim_foreground);
  cairo_fill (cr);

  for (guint i = 0; i < self->context_ticks->len; i++)
    {
      double x = floor (frame_x (self, g_array_index (self->context_ticks, CmTime, i)));

      if (x >= 0 && x < self->width)
        cairo_rectangle (cr, x, 0, 1, self->axis_height - 1);
    }
  cm_style_set_source (cr, &self->style.grid);
  cairo_fill (cr);

  /* The fine row */
  cm_style_set_source (cr, &self->style.dim_foreground);
  for (guint i = 0; i < self->fine_ticks->len; i++)
    {
      CmTime t = g_array_index (self->fine_ticks, CmTime, i);
      TextEntry *entry = g_ptr_array_index (self->fine_texts, i);
      double x, y;

      if (t > self->end)
        break;
      if (entry == NULL)
        continue;

      y = row + (row - entry->height) / 2 + 1;

      if (interval)
        {
          CmTime next = i + 1 < self->fine_ticks->len
            ? g_array_index (self->fine_ticks, CmTime, i + 1)
            : cm_scale_next (level, t, cm_timeline_renderer_get_zone (self));
          double a = MAX (frame_x (self, t), 0) + 2;
          double b = MIN (frame_x (self, next), self->width) - 2;

          if (b - a < entry->width)
            continue;
          x = CLAMP ((frame_x (self, t) + frame_x (self, next) - entry->width) / 2,
                     a, b - entry->width);
        }
      else
        x = frame_x (self, t) + 4;

      if (x < 0 || x + entry->width > self->width || x < last_right + AXIS_GAP / 2)
        continue;

      _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_AXIS_FINE, entry->layout, x, y,
                 entry->width, entry->height);
      last_right = x + entry->width;
    }

  right = draw_zone_label (self, cr, row);

  /* The context row, each label held inside its unit, the first one
   * sticking to the left edge */
  cm_style_set_source (cr, &self->style.foreground);
  last_right = -G_MAXDOUBLE;
  for (guint i = 0; i < self->context_ticks->len; i++)
    {
      CmTime t = g_array_index (self->context_ticks, CmTime, i);
      TextEntry *entry = g_ptr_array_index (self->context_texts, i);
      double x, limit, y;

      if (t > self->end)
        break;
      if (entry == NULL)
        break;

      y = (row - entry->height) / 2 + 1;

      x = MAX (frame_x (self, t), 0) + 5;
      limit = i + 1 < self->context_ticks->len
        ? frame_x (self, g_array_index (self->context_ticks, CmTime, i + 1)) - 5
        : self->width;
      limit = MIN (limit, right);
      if (x + entry->width > limit)
        x = limit - entry->width;

      /* Pushed out of its unit by the next one: dropped */
      if (x < 0 || (frame_x (self, t) > 0 && x < frame_x (self, t) + 1) ||
          x < last_right + AXIS_GAP)
        continue;

      _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_AXIS_CONTEXT, entry->layout, x, y,
                 entry->width, entry->height);
      last_right = x + entry->width;
    }
}

void
_cm_timeline_renderer_draw_now (CmTimelineRenderer *self,
                                cairo_t            *cr)
{
  double x;

  if (self->now == CM_TIME_INVALID || self->now < self->start || self->now > self->end)
    return;

  x = floor (frame_x (self, self->now)) + 0.5;
  cairo_move_to (cr, x, self->axis_height);
  cairo_line_to (cr, x, self->height);
  cm_style_set_source (cr, &self->style.now);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  cairo_move_to (cr, x - 5, self->axis_height);
  cairo_line_to (cr, x + 5, self->axis_height);
  cairo_line_to (cr, x, self->axis_height + 6);
  cairo_close_path (cr);
  cairo_fill (cr);
}
