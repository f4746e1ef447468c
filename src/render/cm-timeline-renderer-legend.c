/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* The name of category @c in the legend; the last one is the
 * uncategorized events. */
static const char *
category_name (CmTimelineRenderer *self,
               guint               c)
{
  const char *name = c + 1 < self->n_colors
    ? cm_document_get_category (self->document, c)->name : _("Uncategorized");

  return name != NULL ? name : "";
}

void
_cm_timeline_renderer_layout_legend (CmTimelineRenderer *self,
                                     gboolean            draw,
                                     cairo_t            *cr)
{
  double swatch = 10, pad = 8, spacing = 14;
  double max_w = MIN (self->width - 16, MAX (self->width * 0.6, 240));
  double line_w = 0, box_w = 0, x, y;
  guint n_lines = 1, n_entries = 0;
  double line_h = self->line_height + 4;

  if (!draw)
    self->legend_w = self->legend_h = 0;

  if (!self->show_legend || self->document == NULL || self->n_colors == 0)
    return;

  /* Measure: entries flow into lines of at most max_w */
  for (guint c = 0; c < self->n_colors; c++)
    {
      const char *name;
      double w;

      if (!self->used_categories[c])
        continue;
      name = category_name (self, c);
      w = swatch + 5 + _cm_timeline_renderer_get_text (self, name)->width;

      if (line_w > 0 && line_w + spacing + w > max_w - 2 * pad)
        {
          box_w = MAX (box_w, line_w);
          line_w = 0;
          n_lines++;
        }
      line_w += (line_w > 0 ? spacing : 0) + w;
      n_entries++;
    }

  if (n_entries == 0)
    return;

  box_w = MIN (MAX (box_w, line_w) + 2 * pad, max_w);
  if (!draw)
    {
      self->legend_w = box_w;
      self->legend_h = n_lines * line_h + 2 * pad - 4;
      self->legend_x = self->width - box_w - 8;
      self->legend_y = self->height - self->legend_h - 8;
      if (self->legend_y < self->axis_height + 8 || self->legend_x < 0)
        self->legend_w = self->legend_h = 0;
      return;
    }

  if (self->legend_w <= 0)
    return;

  /* Pixel-aligned and opaque: cheap to fill */
  self->legend_x = floor (self->legend_x);
  self->legend_y = floor (self->legend_y);
  self->legend_w = ceil (self->legend_w);
  self->legend_h = ceil (self->legend_h);
  cairo_rectangle (cr, self->legend_x, self->legend_y, self->legend_w, self->legend_h);
  cm_style_set_source (cr, &self->style.axis_background);
  cairo_fill (cr);
  cairo_rectangle (cr, self->legend_x, self->legend_y, self->legend_w, 1);
  cairo_rectangle (cr, self->legend_x, self->legend_y + self->legend_h - 1, self->legend_w, 1);
  cairo_rectangle (cr, self->legend_x, self->legend_y + 1, 1, self->legend_h - 2);
  cairo_rectangle (cr, self->legend_x + self->legend_w - 1, self->legend_y + 1, 1,
                   self->legend_h - 2);
  cm_style_set_source (cr, &self->style.separator);
  cairo_fill (cr);

  x = self->legend_x + pad;
  y = self->legend_y + pad;
  for (guint c = 0; c < self->n_colors; c++)
    {
      const char *name;
      TextEntry *entry;
      double w;

      if (!self->used_categories[c])
        continue;
      name = category_name (self, c);
      entry = _cm_timeline_renderer_get_text (self, name);
      w = swatch + 5 + entry->width;

      if (x > self->legend_x + pad && x + w > self->legend_x + self->legend_w - pad)
        {
          x = self->legend_x + pad;
          y += line_h;
        }

      cairo_rectangle (cr, x, floor (y + (self->line_height - swatch) / 2), swatch, swatch);
      cm_style_set_source (cr, category_color (self, c));
      cairo_fill (cr);

      cm_style_set_source (cr, &self->style.foreground);
      _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_LEGEND, entry->layout, x + swatch + 5, y,
                 entry->width, entry->height);
      x += w + spacing;
    }
}
