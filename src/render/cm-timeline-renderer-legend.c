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

#define LEGEND_SWATCH   10.0
#define LEGEND_PAD      8.0
#define LEGEND_SPACING  14.0
#define LEGEND_MARGIN   8.0   /* from the lanes above and the frame's sides */

/* Entries flow left to right in rows no wider than the box's inside; calls
 * @func on each with its position from the box's inside top left. Returns
 * the number of rows (0: no entry). */
typedef void (*LegendEntryFunc) (CmTimelineRenderer *self,
                                 guint               category,
                                 TextEntry          *entry,
                                 double              x,
                                 double              y,
                                 gpointer            data);

static guint
flow_legend (CmTimelineRenderer *self,
             double              inside_width,
             double             *used_width,
             LegendEntryFunc     func,
             gpointer            data)
{
  double line_h = self->line_height + 4;
  double x = 0, y = 0;
  guint n_lines = 0;

  *used_width = 0;
  for (guint c = 0; c < self->n_colors; c++)
    {
      TextEntry *entry;
      double w;

      if (!self->used_categories[c])
        continue;
      entry = _cm_timeline_renderer_get_text (self, category_name (self, c));
      w = LEGEND_SWATCH + 5 + entry->width;

      if (n_lines == 0)
        n_lines = 1;
      else if (x > 0 && x + w > inside_width)
        {
          x = 0;
          y += line_h;
          n_lines++;
        }

      if (func != NULL)
        func (self, c, entry, x, y, data);
      *used_width = MAX (*used_width, MIN (x + w, inside_width));
      x += w + LEGEND_SPACING;
    }

  return n_lines;
}

/* The size of the legend at this frame's width (0 × 0: none). */
void
_cm_timeline_renderer_measure_legend (CmTimelineRenderer *self)
{
  double inside = self->width - 2 * LEGEND_MARGIN - 2 * LEGEND_PAD;
  double used;
  guint n_lines;

  self->legend_x = self->legend_y = self->legend_w = self->legend_h = 0;
  self->legend_pinned = FALSE;

  if (!self->show_legend || self->document == NULL || self->n_colors == 0 || inside < 16)
    return;

  n_lines = flow_legend (self, inside, &used, NULL, NULL);
  if (n_lines == 0)
    return;

  self->legend_w = ceil (used + 2 * LEGEND_PAD);
  self->legend_h = ceil (n_lines * (self->line_height + 4) - 4 + 2 * LEGEND_PAD);
}

/* Below the last lane, once the lanes are laid out; at the bottom of the
 * frame when they are taller (they are cut above it); none when the frame
 * has no room under the axis. The content grows by the legend. */
void
_cm_timeline_renderer_place_legend (CmTimelineRenderer *self)
{
  double lanes_bottom = self->content_height - self->scroll;

  if (self->legend_w <= 0)
    return;

  self->legend_x = LEGEND_MARGIN;
  self->legend_y = ceil (lanes_bottom + LEGEND_MARGIN);
  self->content_height += self->legend_h + 2 * LEGEND_MARGIN;
  if (self->legend_y + self->legend_h + LEGEND_MARGIN > self->height)
    {
      self->legend_y = floor (self->height - self->legend_h - LEGEND_MARGIN);
      self->legend_pinned = TRUE;
    }

  if (self->legend_y < self->axis_height + LEGEND_MARGIN)
    {
      self->legend_w = self->legend_h = 0;
      self->legend_pinned = FALSE;
    }
}

static void
draw_entry (CmTimelineRenderer *self,
            guint               category,
            TextEntry          *entry,
            double              x,
            double              y,
            gpointer            data)
{
  cairo_t *cr = data;

  x += self->legend_x + LEGEND_PAD;
  y += self->legend_y + LEGEND_PAD;

  cairo_rectangle (cr, x, floor (y + (self->line_height - LEGEND_SWATCH) / 2),
                   LEGEND_SWATCH, LEGEND_SWATCH);
  cm_style_set_source (cr, category_color (self, category));
  cairo_fill (cr);

  cm_style_set_source (cr, &self->style.foreground);
  _cm_timeline_renderer_show_text (self, cr, CM_TIMELINE_LABEL_LEGEND, entry->layout,
                                   x + LEGEND_SWATCH + 5, y, entry->width, entry->height);
}

void
_cm_timeline_renderer_draw_legend (CmTimelineRenderer *self,
                                   cairo_t            *cr)
{
  double used;

  if (self->legend_w <= 0)
    return;

  /* Pixel-aligned and opaque: cheap to fill */
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

  flow_legend (self, self->legend_w - 2 * LEGEND_PAD, &used, draw_entry, cr);
}
