/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-map-renderer-labels.h"
#include "cm-map-renderer-sprites.h"

#define MAX_SPRITES 1024

typedef struct
{
  float   radius;
  float   ring_width;
  float   scale;
  guint32 fill;
  guint32 ring;
  guint32 text;     /* its colour, with a count */
  guint   count;    /* written in the middle, when > 1 */
} CmMapSpriteKey;

guint
_cm_map_sprite_key_hash (gconstpointer data)
{
  const CmMapSpriteKey *key = data;
  guint32 bits[3];

  memcpy (&bits[0], &key->radius, sizeof (guint32));
  memcpy (&bits[1], &key->ring_width, sizeof (guint32));
  memcpy (&bits[2], &key->scale, sizeof (guint32));

  return ((bits[0] * 31 + bits[1]) * 31 + bits[2]) * 31
         + key->fill * 17 + key->ring + key->count * 7919;
}

gboolean
_cm_map_sprite_key_equal (gconstpointer a,
                          gconstpointer b)
{
  return memcmp (a, b, sizeof (CmMapSpriteKey)) == 0;
}

void
_cm_map_clear_digits (CmMapDigits *digits)
{
  g_clear_pointer (&digits->scaled_font, cairo_scaled_font_destroy);
  g_clear_object (&digits->font);
  digits->valid = FALSE;
}

/* Sprites ---------------------------------------------------------------------- */

static guint32
pack_color (const CmColor *color,
            double         alpha)
{
  if (color == NULL)
    return 0;

  return (guint32) (CLAMP (color->red, 0, 1) * 255 + 0.5) << 24
       | (guint32) (CLAMP (color->green, 0, 1) * 255 + 0.5) << 16
       | (guint32) (CLAMP (color->blue, 0, 1) * 255 + 0.5) << 8
       | (guint32) (CLAMP (color->alpha * alpha, 0, 1) * 255 + 0.5);
}

static void
set_packed_source (cairo_t *cr,
                   guint32  color)
{
  cairo_set_source_rgba (cr, (color >> 24) / 255.0, (color >> 16 & 0xff) / 255.0,
                         (color >> 8 & 0xff) / 255.0, (color & 0xff) / 255.0);
}

static void
append_disc (cairo_t *cr,
             double   x,
             double   y,
             double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
}

void
_cm_map_renderer_draw_disc (CmMapRenderer      *self,
                            const CmMapContext *ctx,
                            double              x,
                            double              y,
                            double              radius,
                            const CmColor      *fill,
                            const CmColor      *ring,
                            double              ring_width,
                            double              alpha,
                            guint               count)
{
  cairo_t *cr = ctx->cr;
  CmMapSpriteKey key = { 0 };
  cairo_surface_t *sprite;
  double half, scale;

  key.radius = (float) radius;
  key.ring_width = ring != NULL ? (float) ring_width : 0;
  key.scale = (float) ctx->sprite_scale;
  key.fill = pack_color (fill, alpha);
  key.ring = pack_color (ring, alpha);
  if (count > 1)
    {
      key.count = count;
      key.text = pack_color (&self->style->background, alpha);
    }

  if (!ctx->sprites)
    {
      cairo_new_path (cr);
      if (key.ring_width > 0)
        {
          append_disc (cr, x, y, radius + key.ring_width);
          set_packed_source (cr, key.ring);
          cairo_fill (cr);
        }
      append_disc (cr, x, y, radius);
      set_packed_source (cr, key.fill);
      cairo_fill (cr);
      return;
    }

  scale = ctx->sprite_scale;
  half = ceil ((radius + key.ring_width + 1) * scale) / scale;
  sprite = g_hash_table_lookup (self->sprites, &key);
  if (sprite == NULL)
    {
      int size = (int) (2 * half * scale + 0.5);
      cairo_t *sprite_cr;

      if (g_hash_table_size (self->sprites) > MAX_SPRITES)
        g_hash_table_remove_all (self->sprites);

      sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
      cairo_surface_set_device_scale (sprite, scale, scale);
      sprite_cr = cairo_create (sprite);
      if (key.ring_width > 0)
        {
          append_disc (sprite_cr, half, half, radius + key.ring_width);
          set_packed_source (sprite_cr, key.ring);
          cairo_fill (sprite_cr);
        }
      append_disc (sprite_cr, half, half, radius);
      set_packed_source (sprite_cr, key.fill);
      cairo_fill (sprite_cr);
      if (key.count > 1)
        {
          g_autoptr(PangoLayout) layout = _cm_map_renderer_new_layout (self, 0.85, TRUE);
          PangoRectangle ink;
          char text[16];

          _cm_map_format_count (key.count, text, sizeof text);
          pango_layout_set_text (layout, text, -1);
          pango_layout_get_pixel_extents (layout, &ink, NULL);
          cairo_move_to (sprite_cr, half - ink.x - ink.width / 2.0,
                         half - ink.y - ink.height / 2.0);
          set_packed_source (sprite_cr, key.text);
          pango_cairo_show_layout (sprite_cr, layout);
        }
      cairo_destroy (sprite_cr);
      g_hash_table_insert (self->sprites, g_memdup2 (&key, sizeof key), sprite);
    }

  /* To the nearest device pixel: sharp, and the same on every frame. */
  cairo_set_source_surface (cr, sprite,
                            round ((x - half) * scale) / scale,
                            round ((y - half) * scale) / scale);
  cairo_pattern_set_filter (cairo_get_source (cr), ctx->sprite_filter);
  cairo_paint (cr);
}

/* Glyphs for counts: one run of one font, or none (then counts use Pango). */
void
_cm_map_renderer_ensure_digits (CmMapRenderer *self)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoLayoutLine *line;
  PangoGlyphItem *run;
  cairo_scaled_font_t *scaled_font;
  cairo_text_extents_t extents;
  cairo_glyph_t zero = { 0 };

  if (self->digits.valid || self->digits.font != NULL)
    return;

  layout = _cm_map_renderer_new_layout (self, 0.85, TRUE);
  pango_layout_set_text (layout, CM_MAP_DIGITS, -1);
  line = pango_layout_get_line_readonly (layout, 0);
  if (line == NULL || line->runs == NULL || line->runs->next != NULL)
    return;

  run = line->runs->data;
  if (run->glyphs->num_glyphs != CM_MAP_N_DIGITS || !PANGO_IS_CAIRO_FONT (run->item->analysis.font))
    return;

  for (guint i = 0; i < CM_MAP_N_DIGITS; i++)
    {
      PangoGlyphInfo *info = &run->glyphs->glyphs[i];

      if (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
        return;
      self->digits.glyphs[i] = info->glyph;
      self->digits.advances[i] = (double) info->geometry.width / PANGO_SCALE;
    }

  self->digits.font = g_object_ref (run->item->analysis.font);
  scaled_font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (self->digits.font));
  self->digits.scaled_font = cairo_scaled_font_reference (scaled_font);
  if (self->digits.scaled_font == NULL
      || cairo_scaled_font_status (self->digits.scaled_font) != CAIRO_STATUS_SUCCESS)
    {
      _cm_map_clear_digits (&self->digits);
      return;
    }

  zero.index = self->digits.glyphs[0];
  cairo_scaled_font_glyph_extents (self->digits.scaled_font, &zero, 1, &extents);
  self->digits.baseline_shift = -(extents.y_bearing + extents.height / 2);
  self->digits.valid = TRUE;
}

void
_cm_map_format_count (guint  count,
                      char  *text,
                      gsize  size)
{
  if (count < 1000)
    g_snprintf (text, size, "%u", count);
  else if (count < 10000)
    g_snprintf (text, size, "%u.%uk", count / 1000, count % 1000 / 100);
  else
    g_snprintf (text, size, "%uk", MIN (count / 1000, 999999u));
}

/* Sprites where the target is pixels in the end: images (at their device
 * scale, when drawn upright) and recordings (the widget's snapshot, drawn
 * at 2× so that they stay sharp on high-density screens). */
void
_cm_map_set_sprite_mode (CmMapContext *ctx)
{
  cairo_surface_t *target = cairo_get_target (ctx->cr);
  cairo_matrix_t matrix;
  double sx, sy;

  ctx->sprites = FALSE;
  ctx->sprite_scale = 1;
  ctx->sprite_filter = CAIRO_FILTER_NEAREST;

  cairo_get_matrix (ctx->cr, &matrix);
  if (matrix.xy != 0 || matrix.yx != 0 || matrix.xx != matrix.yy || matrix.xx <= 0)
    return;

  switch ((int) cairo_surface_get_type (target))
    {
    case CAIRO_SURFACE_TYPE_IMAGE:
      cairo_surface_get_device_scale (target, &sx, &sy);
      if (sx != sy)
        return;
      ctx->sprites = TRUE;
      ctx->sprite_scale = CLAMP (sx * matrix.xx, 0.25, 8);
      if (matrix.xx != 1)
        ctx->sprite_filter = CAIRO_FILTER_BILINEAR;
      break;

    case CAIRO_SURFACE_TYPE_RECORDING:
      ctx->sprites = TRUE;
      ctx->sprite_scale = 2 * matrix.xx;
      ctx->sprite_filter = CAIRO_FILTER_GOOD;
      break;

    default:
      break;
    }
}
