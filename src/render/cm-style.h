/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>
#include <glib.h>

G_BEGIN_DECLS

/* Colours and fonts for every renderer. The widgets pick the light or dark
 * style from the desktop's preference; export takes the one asked for.
 * Event colours come from the document's categories. */

typedef struct
{
  double red, green, blue, alpha;
} CmColor;

typedef struct
{
  gboolean    dark;
  const char *font_family;       /* Pango family list */
  double      font_size;         /* points at 96 dpi: 1 pt = 4/3 px */

  CmColor     background;
  CmColor     foreground;        /* text */
  CmColor     dim_foreground;    /* secondary text, minor ticks */
  CmColor     grid;              /* major grid lines */
  CmColor     grid_minor;
  CmColor     axis_background;
  CmColor     header_background; /* lane headers */
  CmColor     separator;
  CmColor     accent;            /* selection */
  CmColor     hover;
  CmColor     now;               /* the "now" line */
  CmColor     uncategorized;     /* events without a category */
  CmColor     cluster;           /* clusters and density strips */
  CmColor     label_halo;        /* outline behind labels on busy backgrounds */

  /* Map */
  CmColor     water;
  CmColor     land;
  CmColor     border;            /* country borders */
  CmColor     coast;             /* also lake shores */
  CmColor     river;
  CmColor     boundary;          /* state and province boundaries, dashed */
  CmColor     graticule;
  CmColor     route;             /* itinerary routes */
  CmColor     place_label;
} CmStyle;

const CmStyle *cm_style_get_light   (void);
const CmStyle *cm_style_get_dark    (void);
const CmStyle *cm_style_get         (gboolean dark);

void           cm_style_set_source  (cairo_t       *cr,
                                     const CmColor *color);
void           cm_style_set_source_alpha (cairo_t       *cr,
                                          const CmColor *color,
                                          double         alpha);
PangoContext  *cm_style_new_pango_context (void);

G_END_DECLS
