/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-style"

#include "config.h"

#include "cm-style.h"

#include <pango/pangocairo.h>

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, a) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, (a) }

/* The GNOME (libadwaita) palette. */
static const CmStyle light = {
  .dark = FALSE,
  .font_family = "Cantarell, DejaVu Sans, sans-serif",
  .font_size = 9.0,
  .background = RGB (0xffffff),
  .foreground = RGB (0x241f31),
  .dim_foreground = RGBA (0x241f31, 0.55),
  .grid = RGBA (0x241f31, 0.18),
  .grid_minor = RGBA (0x241f31, 0.07),
  .axis_background = RGB (0xf6f5f4),
  .header_background = RGB (0xfafafa),
  .separator = RGBA (0x000000, 0.12),
  .accent = RGB (0x1c71d8),
  .hover = RGBA (0x1c71d8, 0.35),
  .now = RGB (0xe01b24),
  .uncategorized = RGB (0x77767b),
  .cluster = RGB (0x5e5c64),
  .label_halo = RGBA (0xffffff, 0.85),
  .water = RGB (0xdbe9f6),
  .land = RGB (0xf6f5f4),
  .border = RGBA (0x77767b, 0.7),
  .coast = RGB (0x9a9996),
  .river = RGB (0x8fb8e6),
  .boundary = RGBA (0x77767b, 0.6),
  .graticule = RGBA (0x3584e4, 0.18),
  .route = RGB (0xc01c28),
  .place_label = RGB (0x5e5c64),
};

static const CmStyle dark = {
  .dark = TRUE,
  .font_family = "Cantarell, DejaVu Sans, sans-serif",
  .font_size = 9.0,
  .background = RGB (0x242424),
  .foreground = RGB (0xffffff),
  .dim_foreground = RGBA (0xffffff, 0.55),
  .grid = RGBA (0xffffff, 0.2),
  .grid_minor = RGBA (0xffffff, 0.07),
  .axis_background = RGB (0x303030),
  .header_background = RGB (0x2e2e2e),
  .separator = RGBA (0x000000, 0.36),
  .accent = RGB (0x78aeed),
  .hover = RGBA (0x78aeed, 0.35),
  .now = RGB (0xff7b63),
  .uncategorized = RGB (0x9a9996),
  .cluster = RGB (0xc0bfbc),
  .label_halo = RGBA (0x242424, 0.85),
  .water = RGB (0x1a2a3a),
  .land = RGB (0x3d3846),
  .border = RGBA (0x9a9996, 0.6),
  .coast = RGB (0x77767b),
  .river = RGB (0x3a5f86),
  .boundary = RGBA (0x9a9996, 0.5),
  .graticule = RGBA (0x99c1f1, 0.15),
  .route = RGB (0xff7b63),
  .place_label = RGB (0xc0bfbc),
};

const CmStyle *
cm_style_get_light (void)
{
  return &light;
}

const CmStyle *
cm_style_get_dark (void)
{
  return &dark;
}

const CmStyle *
cm_style_get (gboolean is_dark)
{
  return is_dark ? &dark : &light;
}

void
cm_style_set_source (cairo_t       *cr,
                     const CmColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

void
cm_style_set_source_alpha (cairo_t       *cr,
                           const CmColor *color,
                           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* A Pango context at 96 dpi with no hinting: a text measures the same on
 * screen, in PNG, SVG and PDF. */
PangoContext *
cm_style_new_pango_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  pango_cairo_context_set_resolution (context, 96);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  return context;
}
