/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-map-renderer-labels.h"
#include "cm-map-renderer-markers.h"

#define LABEL_CELL 4
/* Event titles are drawn when at most this many single markers are in view. */
#define MAX_LABELLED 40
#define MAX_LABEL_LAYOUTS 4096

/* Labels --------------------------------------------------------------------- */

PangoLayout *
_cm_map_renderer_new_layout (CmMapRenderer *self,
                             double         size_scale,
                             gboolean       bold)
{
  PangoLayout *layout = pango_layout_new (self->pango);
  PangoFontDescription *font = pango_font_description_from_string (self->style->font_family);

  pango_font_description_set_size (font, (int) (self->style->font_size * size_scale * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  return layout;
}

void
_cm_map_renderer_reset_occupied (CmMapRenderer *self,
                                 double         width,
                                 double         height)
{
  guint w = (guint) ceil (width / LABEL_CELL) + 1;
  guint h = (guint) ceil (height / LABEL_CELL) + 1;

  self->frame_width = width;
  self->frame_height = height;
  if (w != self->occupied_width || h != self->occupied_height)
    {
      g_free (self->occupied);
      self->occupied = g_new (guint8, (gsize) w * h);
      self->occupied_width = w;
      self->occupied_height = h;
    }
  memset (self->occupied, 0, (gsize) w * h);

  g_array_set_size (self->boxes, 0);
  for (guint i = 0; i < self->keep_out->len; i++)
    {
      const CmMapBox *box = &g_array_index (self->keep_out, CmMapBox, i);

      _cm_map_renderer_reserve (self, box->x, box->y, box->width, box->height, TRUE);
    }
}

void
cm_map_renderer_set_keep_out (CmMapRenderer  *self,
                              const CmMapBox *boxes,
                              guint           n_boxes)
{
  g_return_if_fail (CM_IS_MAP_RENDERER (self));
  g_return_if_fail (boxes != NULL || n_boxes == 0);

  g_array_set_size (self->keep_out, 0);
  for (guint i = 0; i < n_boxes; i++)
    {
      CmMapBox box = boxes[i];

      box.label = FALSE;
      g_array_append_val (self->keep_out, box);
    }
}

const CmMapBox *
cm_map_renderer_get_boxes (CmMapRenderer *self,
                           guint         *n_boxes)
{
  g_return_val_if_fail (CM_IS_MAP_RENDERER (self), NULL);
  g_return_val_if_fail (n_boxes != NULL, NULL);

  *n_boxes = self->boxes->len;

  return (const CmMapBox *) (const void *) self->boxes->data;
}

gboolean
_cm_map_renderer_reserve (CmMapRenderer *self,
                          double         x,
                          double         y,
                          double         width,
                          double         height,
                          gboolean       force)
{
  int cx0 = (int) floor (x / LABEL_CELL);
  int cy0 = (int) floor (y / LABEL_CELL);
  int cx1 = (int) floor ((x + width) / LABEL_CELL);
  int cy1 = (int) floor ((y + height) / LABEL_CELL);

  /* A text is whole or not at all: one cut by the frame's edge goes
   * elsewhere (its other side) or is left out. */
  if (!force && (x < 0 || y < 0 || x + width > self->frame_width
                 || y + height > self->frame_height))
    return FALSE;

  cx0 = MAX (cx0, 0);
  cy0 = MAX (cy0, 0);
  cx1 = MIN (cx1, (int) self->occupied_width - 1);
  cy1 = MIN (cy1, (int) self->occupied_height - 1);
  if (cx0 > cx1 || cy0 > cy1)
    return force;

  if (!force)
    {
      for (int cy = cy0; cy <= cy1; cy++)
        {
          const guint8 *row = self->occupied + (gsize) cy * self->occupied_width;

          for (int cx = cx0; cx <= cx1; cx++)
            {
              if (row[cx])
                return FALSE;
            }
        }
    }

  for (int cy = cy0; cy <= cy1; cy++)
    memset (self->occupied + (gsize) cy * self->occupied_width + cx0, 1, (gsize) (cx1 - cx0 + 1));

  g_array_append_val (self->boxes, ((CmMapBox) { x, y, width, height, !force }));

  return TRUE;
}

PangoLayout *
_cm_map_renderer_get_label_layout (CmMapRenderer *self,
                                   guint          serial,
                                   guint          position)
{
  PangoLayout *layout = g_hash_table_lookup (self->label_layouts, GUINT_TO_POINTER (serial));

  if (layout == NULL)
    {
      if (g_hash_table_size (self->label_layouts) >= MAX_LABEL_LAYOUTS)
        g_hash_table_remove_all (self->label_layouts);

      layout = _cm_map_renderer_new_layout (self, 1.0, FALSE);
      pango_layout_set_text (layout, cm_event_store_get_title (self->store, position), -1);
      pango_layout_set_width (layout, 220 * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      g_hash_table_insert (self->label_layouts, GUINT_TO_POINTER (serial), layout);
    }

  return layout;
}

/* Tries the right of the marker, then its left. */
gboolean
_cm_map_renderer_place_label (CmMapRenderer *self,
                              PangoLayout   *layout,
                              double         x,
                              double         y,
                              double         radius,
                              gboolean       force,
                              GArray        *labels)
{
  PangoRectangle ink, logical;
  Label label;

  pango_layout_get_pixel_extents (layout, &ink, &logical);
  label.layout = layout;
  label.width = logical.width + 6;
  label.height = logical.height + 2;
  label.y = y - label.height / 2;

  /* Right, else left, in the frame; @force: right (or left) all the same. */
  for (guint side = 0; side < 2; side++)
    {
      label.x = side == 0 ? x + radius + 4 : x - radius - 4 - label.width;
      if (label.x < 0 || label.x + label.width > self->frame_width
          || label.y < 0 || label.y + label.height > self->frame_height)
        continue;
      if (_cm_map_renderer_reserve (self, label.x, label.y, label.width, label.height, FALSE))
        {
          g_array_append_val (labels, label);
          return TRUE;
        }
    }

  if (force)
    {
      if (x + radius + 4 + label.width <= self->frame_width)
        label.x = x + radius + 4;
      else
        label.x = x - radius - 4 - label.width;
      _cm_map_renderer_reserve (self, label.x, label.y, label.width, label.height, TRUE);
      g_array_append_val (labels, label);
      return TRUE;
    }

  return FALSE;
}

void
_cm_map_renderer_draw_labels (CmMapRenderer      *self,
                              const CmMapContext *ctx,
                              GArray             *labels)
{
  cairo_t *cr = ctx->cr;

  if (labels->len == 0)
    return;

  cairo_new_path (cr);
  for (guint i = 0; i < labels->len; i++)
    {
      const Label *l = &g_array_index (labels, Label, i);
      double r = l->height / 2;

      cairo_new_sub_path (cr);
      cairo_arc (cr, l->x + r, l->y + r, r, G_PI / 2, 3 * G_PI / 2);
      cairo_arc (cr, l->x + l->width - r, l->y + r, r, -G_PI / 2, G_PI / 2);
      cairo_close_path (cr);
    }
  cm_style_set_source (cr, &self->style->label_halo);
  cairo_fill (cr);

  cm_style_set_source (cr, &self->style->foreground);
  for (guint i = 0; i < labels->len; i++)
    {
      const Label *l = &g_array_index (labels, Label, i);

      cairo_move_to (cr, l->x + 3, l->y + 1);
      pango_cairo_show_layout (cr, l->layout);
    }
}

/* A highlighted event's title, placed before the others */
typedef struct
{
  guint  serial;
  double x, y;         /* its marker */
  Label  label;
} HighlightLabel;

GArray *
_cm_map_renderer_new_highlight_labels (void)
{
  return g_array_new (FALSE, FALSE, sizeof (HighlightLabel));
}

void
_cm_map_renderer_place_highlight_label (CmMapRenderer *self,
                                        guint          serial,
                                        PangoLayout   *layout,
                                        double         x,
                                        double         y,
                                        double         radius,
                                        GArray        *labels)
{
  for (guint i = 0; i < self->highlight_labels->len; i++)
    {
      HighlightLabel *h = &g_array_index (self->highlight_labels, HighlightLabel, i);

      if (h->serial == serial && fabs (h->x - x) < 0.5 && fabs (h->y - y) < 0.5)
        {
          h->label.layout = layout;
          g_array_append_val (labels, h->label);
          return;
        }
    }

  _cm_map_renderer_place_label (self, layout, x, y, radius, TRUE, labels);
}

/* The selected event's titles first: they are shown whatever else is
 * there, so the other labels keep clear of them. (The hover's is
 * fleeting: drawn over the frame, as its overlay would.) */
static void
layout_highlight_labels (CmMapRenderer      *self,
                         const CmMapContext *ctx)
{
  guint serials[1] = { self->selection };
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Label));

  g_array_set_size (self->highlight_labels, 0);
  if (self->store == NULL)
    return;

  for (guint s = 0; s < G_N_ELEMENTS (serials); s++)
    {
      guint position;
      double lat, lon, x, y;

      if (serials[s] == CM_NONE)
        continue;
      position = cm_event_store_find_serial (self->store, serials[s]);
      if (position == CM_NONE
          || !cm_event_store_get_coordinates (self->store, position, &lat, &lon)
          || !cm_projection_forward (ctx->view.projection, lat, lon, &x, &y))
        continue;

      for (int c = 0; c < ctx->n_copies; c++)
        {
          HighlightLabel h = { serials[s], _cm_map_context_x (ctx, c, x),
                               _cm_map_context_y (ctx, y), { 0 } };
          PangoLayout *layout;

          if (h.x < 0 || h.x >= ctx->width || h.y < 0 || h.y >= ctx->height)
            continue;
          g_array_set_size (placed, 0);
          layout = _cm_map_renderer_get_label_layout (self, serials[s], position);
          _cm_map_renderer_place_label (self, layout, h.x, h.y, HIGHLIGHT_RADIUS, TRUE, placed);
          h.label = g_array_index (placed, Label, 0);
          g_array_append_val (self->highlight_labels, h);
        }
    }
}

/* Titles next to single markers, when few are in view: each where it
 * overlaps no other label, marker, cluster, stop badge or control. */
void
_cm_map_renderer_layout_labels (CmMapRenderer      *self,
                                const CmMapContext *ctx,
                                GArray             *labels)
{
  const Cluster *clusters = (const Cluster *) (void *) self->clusters->data;
  const CmMapMarkers *m = &self->markers;
  guint n_single = 0;

  layout_highlight_labels (self, ctx);
  g_hash_table_remove_all (self->labelled);
  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &clusters[i];

      if (c->count == 1 && !c->faded
          && c->x >= 0 && c->x < ctx->width && c->y >= 0 && c->y < ctx->height)
        n_single++;
    }
  if (n_single > MAX_LABELLED)
    return;

  for (guint i = 0; i < self->clusters->len; i++)
    {
      const Cluster *c = &clusters[i];
      const char *title;
      guint position, serial;

      if (c->count != 1 || c->faded || c->x < 0 || c->x >= ctx->width || c->y < 0
          || c->y >= ctx->height)
        continue;

      position = m->positions[c->first];
      serial = cm_event_store_get_serial (self->store, position);
      if (serial == self->selection || (serial == self->hover && !self->hover_overlay))
        continue;   /* drawn with the highlight */
      title = cm_event_store_get_title (self->store, position);
      if (title == NULL || title[0] == '\0')
        continue;
      if (_cm_map_renderer_place_label (self, _cm_map_renderer_get_label_layout (self, serial, position),
                                        c->x, c->y, MARKER_RADIUS, FALSE, labels))
        g_hash_table_add (self->labelled, GUINT_TO_POINTER (serial + 1));
    }
}
