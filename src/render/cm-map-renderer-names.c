/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-gazetteer.h"
#include "cm-map-renderer-basemap.h"
#include "cm-map-renderer-labels.h"

/* The names on the basemap: countries, largest first, and past country
 * zoom the cities, by size, where no other label is; in the renderer's
 * language where the gazetteer has the name in it. */

const char *
cm_map_renderer_get_place_label (CmMapRenderer *self,
                                 guint          place)
{
  CmGazetteer *gazetteer = cm_gazetteer_get_default ();

  g_return_val_if_fail (CM_IS_MAP_RENDERER (self), NULL);
  g_return_val_if_fail (gazetteer != NULL, NULL);

  return cm_gazetteer_get_place_name (gazetteer, place, self->language);
}

/* In English, Natural Earth's short name ("Dem. Rep. Congo"); in a
 * language the gazetteer has, its name there ("République démocratique du Congo"). */
const char *
cm_map_renderer_get_country_label (CmMapRenderer *self,
                                   guint          country)
{
  CmGazetteer *gazetteer = cm_gazetteer_get_default ();
  const char *name, *translated;
  guint index;

  g_return_val_if_fail (CM_IS_MAP_RENDERER (self), NULL);
  g_return_val_if_fail (self->basemap != NULL, NULL);
  g_return_val_if_fail (country < cm_basemap_get_n_countries (self->basemap), NULL);

  name = cm_basemap_get_country (self->basemap, country)->name;
  if (gazetteer == NULL)
    return name;
  index = cm_gazetteer_find_country (gazetteer, name);
  if (index == G_MAXUINT)
    return name;

  /* The gazetteer's English name is the longer ISO one: not on the map. */
  translated = cm_gazetteer_get_country_name (gazetteer, index, self->language);
  return translated == cm_gazetteer_get_country_name (gazetteer, index, NULL) ? name : translated;
}

static PangoLayout *
get_country_layout (CmMapRenderer *self,
                    guint          index)
{
  if (self->country_layouts[index] == NULL)
    {
      PangoLayout *layout = _cm_map_renderer_new_layout (self, 0.9, FALSE);

      pango_layout_set_text (layout, cm_map_renderer_get_country_label (self, index), -1);
      self->country_layouts[index] = layout;
    }

  return self->country_layouts[index];
}

/* Below this zoom (1: the world 1000 px wide) no city is named. */
#define CITY_MIN_ZOOM 3.0
/* Cities named at most, per frame. */
#define CITY_MAX_LABELS 150

/* Whether a projected point can be on screen, with room for its label. */
static gboolean
city_on_screen (const CmMapContext *ctx,
                double              x,
                double              y,
                int                 copy,
                double             *sx,
                double             *sy)
{
  *sx = _cm_map_context_x (ctx, copy, x);
  *sy = _cm_map_context_y (ctx, y);

  return *sx > -150 && *sx < ctx->width + 10 && *sy > -10 && *sy < ctx->height + 10;
}

/* Names of the populated places once zoomed past the countries, most
 * populous first and fewer the farther out, where nothing else was placed:
 * a dot and the name to its right, or its left when the right is taken.
 * Capitals in bold. With @capitals the capitals, else the other places;
 * @placed counts the names of both. */
static void
draw_city_names (CmMapRenderer      *self,
                 const CmMapContext *ctx,
                 gboolean            capitals,
                 guint              *placed)
{
  CmGazetteer *gazetteer;
  cairo_t *cr = ctx->cr;
  CmProjectionKind kind = ctx->view.projection;
  g_autoptr(PangoLayout) regular = NULL;
  g_autoptr(PangoLayout) bold = NULL;
  double zoom = 2 * ctx->half_width * ctx->inv_scale / 1000;
  double min_population;
  guint n;

  if (zoom < CITY_MIN_ZOOM)
    return;

  gazetteer = cm_gazetteer_get_default ();
  if (gazetteer == NULL)
    return;

  min_population = 8e6 / (zoom * zoom);
  regular = _cm_map_renderer_new_layout (self, 0.8, FALSE);
  bold = _cm_map_renderer_new_layout (self, 0.85, TRUE);
  n = cm_gazetteer_get_n_places (gazetteer);
  cm_style_set_source (cr, &ctx->style->place_label);

  for (guint i = 0; i < n && *placed < CITY_MAX_LABELS; i++)
    {
      const CmPlace *place = cm_gazetteer_get_place (gazetteer, i);
      const char *label = cm_gazetteer_get_place_name (gazetteer, i, self->language);
      double x, y;

      if (place->population < min_population)
        break;
      if ((place->kind == CM_PLACE_CAPITAL) != capitals)
        continue;
      if (!cm_projection_forward (kind, place->lat, place->lon, &x, &y))
        continue;

      for (int c = 0; c < ctx->n_copies; c++)
        {
          PangoLayout *layout = place->kind == CM_PLACE_CAPITAL ? bold : regular;
          double sx, sy, lx;
          int tw, th;

          if (!city_on_screen (ctx, x, y, c, &sx, &sy))
            continue;

          /* Measured once per place and style: most candidates find no
           * room, and shaping each of them every frame cost more than
           * the rest of the map. */
          if (self->city_sizes == NULL || self->city_sizes_n != n)
            {
              g_free (self->city_sizes);
              self->city_sizes = g_new0 (guint16, 2 * (gsize) n);
              self->city_sizes_n = n;
            }
          if (self->city_sizes[2 * i] == 0)
            {
              pango_layout_set_text (layout, label, -1);
              pango_layout_get_pixel_size (layout, &tw, &th);
              self->city_sizes[2 * i] = (guint16) CLAMP (tw, 1, G_MAXUINT16);
              self->city_sizes[2 * i + 1] = (guint16) CLAMP (th, 1, G_MAXUINT16);
            }
          tw = self->city_sizes[2 * i];
          th = self->city_sizes[2 * i + 1];

          /* The dot and the name must both be free. */
          lx = sx + 5;
          if (!_cm_map_renderer_reserve (self, sx - 3, sy - th / 2.0, tw + 10, th, FALSE))
            {
              lx = sx - 5 - tw;
              if (!_cm_map_renderer_reserve (self, lx - 2, sy - th / 2.0, tw + 10, th, FALSE))
                continue;
            }

          cairo_new_sub_path (cr);
          cairo_arc (cr, sx, sy, place->kind == CM_PLACE_CAPITAL ? 2.5 : 2, 0, 2 * G_PI);
          cairo_fill (cr);
          cairo_move_to (cr, lx, sy - th / 2.0);
          pango_layout_set_text (layout, label, -1);
          pango_cairo_show_layout (cr, layout);
          (*placed)++;
        }
    }
}

/* Names of the countries big enough to hold them, largest first, where
 * nothing else was placed: the capitals first (a small country's name
 * would sit on its capital, Belgium's on Brussels), then the countries, a
 * line above or below the label point when it is taken, then the other
 * cities (draw_city_names). */
void
_cm_map_renderer_draw_country_names (CmMapRenderer      *self,
                                     const CmMapContext *ctx)
{
  cairo_t *cr = ctx->cr;
  CmProjectionKind kind = ctx->view.projection;
  guint n, placed = 0;

  if (self->basemap == NULL)
    return;

  draw_city_names (self, ctx, TRUE, &placed);

  cm_style_set_source (cr, &ctx->style->place_label);
  n = cm_basemap_get_n_countries (self->basemap);

  for (guint i = 0; i < n; i++)
    {
      const CmBasemapCountry *country = cm_basemap_get_country (self->basemap, i);
      double x0, x1, y0, y1, xa, xb, ya, yb, lx, ly, ry;
      double box_w, box_h, radius;
      PangoLayout *layout = NULL;
      int tw = 0, th = 0;

      /* The largest polygon's box on screen (Natural Earth bends meridians). */
      cm_projection_forward (kind, country->main_min_lat, country->main_min_lon, &x0, &y0);
      cm_projection_forward (kind, country->main_max_lat, country->main_max_lon, &x1, &y1);
      cm_projection_forward (kind, country->main_max_lat, country->main_min_lon, &xa, &ya);
      cm_projection_forward (kind, country->main_min_lat, country->main_max_lon, &xb, &yb);
      box_w = (MAX (x1, xb) - MIN (x0, xa)) * ctx->inv_scale;
      box_h = (y1 - y0) * ctx->inv_scale;
      if (box_w < 30 || box_h < 10)
        continue;

      cm_projection_forward (kind, country->label_lat, country->label_lon, &lx, &ly);
      cm_projection_forward (kind, MIN (country->label_lat + country->label_radius, 90),
                             country->label_lon, &x0, &ry);
      radius = (ry - ly) * ctx->inv_scale;

      for (int c = 0; c < ctx->n_copies; c++)
        {
          double sx = _cm_map_context_x (ctx, c, lx), sy = _cm_map_context_y (ctx, ly);

          if (sx < -100 || sx > ctx->width + 100 || sy < -20 || sy > ctx->height + 20)
            continue;

          if (layout == NULL)
            {
              layout = get_country_layout (self, i);
              pango_layout_get_pixel_size (layout, &tw, &th);
            }

          /* It fits: across the country's main body, and its height near
           * the label point. */
          if (tw > box_w * 0.9 || th > box_h * 0.8 || th > radius * 2.4 || tw > radius * 6)
            break;

          for (int shift = 0; shift < 3; shift++)
            {
              double y = sy + (shift == 0 ? 0 : shift == 1 ? -(th + 2) : th + 2);

              if (!_cm_map_renderer_reserve (self, sx - tw / 2.0 - 3, y - th / 2.0 - 1, tw + 6,
                                             th + 2, FALSE))
                continue;

              cairo_move_to (cr, sx - tw / 2.0, y - th / 2.0);
              pango_cairo_show_layout (cr, layout);
              break;
            }
        }
    }

  draw_city_names (self, ctx, FALSE, &placed);
}
