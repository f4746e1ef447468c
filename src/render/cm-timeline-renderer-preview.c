/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer-private.h"

#include <math.h>

/* A drag's preview over the last frame: the event as the drag has taken
 * it, in its row, while the frame still shows it where it was (faded
 * there). Drawn every step of the drag without laying the lanes out
 * again, which at a million events takes most of a second. */

/* How much of the background covers the event's old place. */
#define OLD_PLACE_FADE 0.7

void
cm_timeline_renderer_render_preview (CmTimelineRenderer *self,
                                     cairo_t            *cr,
                                     guint               serial,
                                     CmTime              start,
                                     CmTime              end)
{
  const LaneFrame *lf;
  const Item *item;
  const CmColor *color;
  TextEntry *entry;
  PangoLayout *layout;
  CmColor fade;
  double y, bar_h, a, b, dx, label_x;
  int label_width;

  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));
  g_return_if_fail (cr != NULL);

  if (start == CM_TIME_INVALID || !_cm_timeline_renderer_find_item (self, serial, &lf, &item))
    return;

  y = item_y (self, lf, item);
  bar_h = self->row_height - 4;
  color = category_color (self, item->category);

  cairo_save (cr);
  cairo_rectangle (cr, 0, self->axis_height, self->width,
                   (self->legend_pinned ? self->legend_y : self->height) - self->axis_height);
  cairo_clip (cr);

  /* Where it was: faded under the background. */
  fade = self->style.background;
  fade.alpha *= OLD_PLACE_FADE;
  cairo_rectangle (cr, item->ma - 4, y - 4, item->mb - item->ma + 8, bar_h + 8);
  cm_style_set_source (cr, &fade);
  cairo_fill (cr);

  /* Where it goes, outlined as the selection is: the mark the frame drew,
   * moved by as much as its start (and its end) moved, so that an instant
   * drawn as the bar of its precision stays one. Far outside the frame, a
   * bar is cut to it (cairo's coordinates are not unbounded). */
  dx = frame_x (self, start) - frame_x (self, item->start);
  if (item->kind == ITEM_BAR)
    {
      double dx_end = end != CM_TIME_INVALID && item->end != CM_TIME_INVALID
                        ? frame_x (self, end) - frame_x (self, item->end) : dx;

      a = CLAMP (item->ux0 + dx, -1e6, 1e6);
      b = MAX (CLAMP (item->ux1 + dx_end, -1e6, 1e6), a + 2);
      rounded_rectangle (cr, a, y, b - a, bar_h, 3);
      cm_style_set_source (cr, color);
      cairo_fill (cr);
      rounded_rectangle (cr, a - 1.5, y - 1.5, b - a + 3, bar_h + 3, 4);
    }
  else
    {
      double x = CLAMP (item->x0 + dx, -1e6, 1e6);

      diamond (cr, x, y + bar_h / 2, marker_radius (self));
      cm_style_set_source (cr, color);
      cairo_fill (cr);
      diamond (cr, x, y + bar_h / 2, marker_radius (self) + 2.5);
      a = x - marker_radius (self);
      b = x + marker_radius (self);
    }
  cm_style_set_source (cr, &self->style.accent);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  /* Its title after it, on a halo: it goes over the other labels. */
  entry = _cm_timeline_renderer_get_title (self, serial, item->position);
  layout = _cm_timeline_fit_text (entry, (int) MAX (self->width / 3, 40), &label_width);
  label_x = b + 6;
  if (label_x + label_width > self->width - self->right_inset && a - 6 - label_width >= 0)
    label_x = a - 6 - label_width;
  cairo_rectangle (cr, label_x - 2, y + (bar_h - entry->height) / 2, label_width + 4, entry->height);
  cm_style_set_source (cr, &self->style.background);
  cairo_fill (cr);
  cairo_move_to (cr, label_x, y + (bar_h - entry->height) / 2);
  cm_style_set_source (cr, &self->style.foreground);
  pango_cairo_show_layout (cr, layout);

  cairo_restore (cr);
}
