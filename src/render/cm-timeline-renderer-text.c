/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer-private.h"

#include <math.h>
#include <string.h>

void
_cm_timeline_text_entry_free (gpointer data)
{
  TextEntry *entry = data;

  g_clear_object (&entry->layout);
  g_clear_object (&entry->fitted);
  g_free (entry);
}

/* Axis labels of the last frame point into the text cache */
static void
forget_axis (CmTimelineRenderer *self)
{
  g_array_set_size (self->fine_ticks, 0);
  g_array_set_size (self->context_ticks, 0);
  g_ptr_array_set_size (self->fine_texts, 0);
  g_ptr_array_set_size (self->context_texts, 0);
  self->level_valid = FALSE;
}

void
_cm_timeline_renderer_clear_fonts (CmTimelineRenderer *self)
{
  /* Estimated label widths follow the font */
  if (self->all_label_widths != NULL)
    {
      guint n = 0;

      for (guint l = 0; l < self->lanes->len; l++)
        n += g_array_index (self->lanes, Lane, l).n;
      memset (self->all_label_widths, 0, sizeof (float) * n);
    }

  g_hash_table_remove_all (self->texts);
  g_hash_table_remove_all (self->titles);
  forget_axis (self);
  g_clear_pointer (&self->font, pango_font_description_free);
  g_clear_object (&self->pango);
}

void
_cm_timeline_renderer_ensure_fonts (CmTimelineRenderer *self)
{
  g_autoptr(PangoLayout) layout = NULL;
  cairo_font_options_t *options;
  PangoRectangle logical;
  double total = 0;
  char text[2] = { 0, 0 };

  if (self->pango != NULL)
    return;

  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->pango, 96);

  /* The same metrics on screen, in PNG, SVG and PDF */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);

  self->font = pango_font_description_from_string (self->style.font_family);
  pango_font_description_set_absolute_size (self->font,
                                            self->style.font_size * 4.0 / 3.0 * PANGO_SCALE);
  pango_context_set_font_description (self->pango, self->font);

  layout = pango_layout_new (self->pango);
  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  self->line_height = MAX (logical.height, 8);

  for (int c = 32; c < 127; c++)
    {
      text[0] = (char) c;
      pango_layout_set_text (layout, text, 1);
      pango_layout_get_extents (layout, NULL, &logical);
      self->char_widths[c] = (double) logical.width / PANGO_SCALE;
      total += self->char_widths[c];
    }
  self->average_char_width = total / 95;
  for (int c = 0; c < 32; c++)
    self->char_widths[c] = 0;
  self->char_widths[127] = 0;

  self->header_height = ceil (self->line_height + 6);
  self->row_height = ceil (self->line_height + 6);
  self->axis_height = 2 * ceil (self->line_height + 5) + 2;
}

/* Titles measured without Pango: the sum of the glyph widths of the ASCII
 * characters, the average width for the others (a little generous). */
double
_cm_timeline_renderer_estimate_width (CmTimelineRenderer *self,
                                      const char         *text)
{
  double width = 2;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 128)
        width += self->char_widths[*p];
      else if ((*p & 0xc0) != 0x80)
        width += self->average_char_width * 1.2;
    }

  return MIN (width, LABEL_MAX_PX);
}

static TextEntry *
text_entry_new (CmTimelineRenderer *self,
                const char         *text,
                int                 max_width)
{
  TextEntry *entry = g_new0 (TextEntry, 1);
  PangoRectangle logical;

  entry->layout = pango_layout_new (self->pango);
  pango_layout_set_text (entry->layout, text, -1);
  pango_layout_set_single_paragraph_mode (entry->layout, TRUE);
  if (max_width > 0)
    {
      pango_layout_set_width (entry->layout, max_width * PANGO_SCALE);
      pango_layout_set_ellipsize (entry->layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_extents (entry->layout, NULL, &logical);
  entry->width = logical.width;
  entry->height = logical.height;

  return entry;
}

TextEntry *
_cm_timeline_renderer_get_text (CmTimelineRenderer *self,
                                const char         *text)
{
  TextEntry *entry = g_hash_table_lookup (self->texts, text);

  if (entry == NULL)
    {
      entry = text_entry_new (self, text, -1);
      g_hash_table_insert (self->texts, g_strdup (text), entry);
    }
  entry->last_used = self->frame_number;

  return entry;
}

static gboolean
unused_cb (gpointer key,
           gpointer value,
           gpointer user_data)
{
  const TextEntry *entry = value;
  guint frame = GPOINTER_TO_UINT (user_data);

  return entry->last_used + 1 < frame;
}

/* Past TEXT_CACHE_MAX entries, what neither this frame nor the last one
 * used goes (the last frame's axis labels are reused by this one) */
void
_cm_timeline_renderer_trim_text_caches (CmTimelineRenderer *self)
{
  if (g_hash_table_size (self->texts) > TEXT_CACHE_MAX)
    g_hash_table_foreach_remove (self->texts, unused_cb, GUINT_TO_POINTER (self->frame_number));
  if (g_hash_table_size (self->titles) > TEXT_CACHE_MAX)
    g_hash_table_foreach_remove (self->titles, unused_cb, GUINT_TO_POINTER (self->frame_number));

  /* Still too many: everything was in use, start again */
  if (g_hash_table_size (self->texts) > 2 * TEXT_CACHE_MAX)
    {
      g_hash_table_remove_all (self->texts);
      forget_axis (self);
    }
  if (g_hash_table_size (self->titles) > 2 * TEXT_CACHE_MAX)
    g_hash_table_remove_all (self->titles);
}

TextEntry *
_cm_timeline_renderer_get_title (CmTimelineRenderer *self,
                                 guint               serial,
                                 guint               position)
{
  TextEntry *entry = g_hash_table_lookup (self->titles, GUINT_TO_POINTER (serial));

  if (entry == NULL)
    {
      entry = text_entry_new (self, cm_event_store_get_title (self->store, position), LABEL_MAX_PX);
      g_hash_table_insert (self->titles, GUINT_TO_POINTER (serial), entry);
    }
  entry->last_used = self->frame_number;

  return entry;
}

/* The layout to draw in @max_width px: the full one, or one ellipsized */
PangoLayout *
_cm_timeline_fit_text (TextEntry *entry,
                       int        max_width,
                       int       *width)
{
  PangoRectangle logical;

  if (entry->width <= max_width)
    {
      *width = entry->width;
      return entry->layout;
    }

  if (entry->fitted == NULL || entry->fitted_width != max_width)
    {
      g_clear_object (&entry->fitted);
      entry->fitted = pango_layout_copy (entry->layout);
      pango_layout_set_width (entry->fitted, max_width * PANGO_SCALE);
      pango_layout_set_ellipsize (entry->fitted, PANGO_ELLIPSIZE_END);
      entry->fitted_width = max_width;
      pango_layout_get_pixel_extents (entry->fitted, NULL, &logical);
      entry->fitted_logical_width = logical.width;
    }

  *width = entry->fitted_logical_width;

  return entry->fitted;
}

double
_cm_timeline_measure_cb (const char *text,
                         gpointer    user_data)
{
  return _cm_timeline_renderer_get_text (user_data, text)->width;
}

static void
add_label (CmTimelineRenderer  *self,
           CmTimelineLabelKind  kind,
           double               x,
           double               y,
           double               width,
           double               height,
           PangoLayout         *layout)
{
  CmTimelineLabel label = { kind, x, y, width, height, pango_layout_get_text (layout) };

  g_array_append_val (self->labels, label);
}

void
_cm_timeline_renderer_show_text (CmTimelineRenderer  *self,
                                 cairo_t             *cr,
                                 CmTimelineLabelKind  kind,
                                 PangoLayout         *layout,
                                 double               x,
                                 double               y,
                                 double               width,
                                 double               height)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  add_label (self, kind, x, y, width, height, layout);
}
