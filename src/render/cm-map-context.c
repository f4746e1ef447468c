/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-map-context.h"

#define GUARD 256.0

/* Frame geometry ------------------------------------------------------------ */

void
_cm_map_context_init (CmMapContext    *ctx,
                      cairo_t         *cr,
                      double           width,
                      double           height,
                      const CmMapFrame *view,
                      const CmStyle   *style)
{
  double x0, x1;

  memset (ctx, 0, sizeof *ctx);
  ctx->cr = cr;
  ctx->width = width;
  ctx->height = height;
  ctx->view = *view;
  ctx->style = style;
  ctx->inv_scale = 1.0 / view->scale;
  ctx->guard = GUARD;
  cm_projection_get_bounds (view->projection, &ctx->half_width, &ctx->half_height);
  ctx->wraps = cm_projection_is_cylindrical (view->projection);
  ctx->offset_y = height / 2 + view->center_y * ctx->inv_scale;

  x0 = view->center_x - width / 2 * view->scale;
  x1 = view->center_x + width / 2 * view->scale;

  if (ctx->wraps)
    {
      double world = 2 * ctx->half_width;
      int first = (int) ceil ((x0 - ctx->half_width) / world);
      int last = (int) floor ((x1 + ctx->half_width) / world);

      /* Zoomed out that far, the frame is all copies: keep those nearest the centre. */
      if (last - first + 1 > CM_MAP_MAX_COPIES)
        {
          int middle = (int) floor (view->center_x / world + 0.5);

          first = middle - CM_MAP_MAX_COPIES / 2;
          last = first + CM_MAP_MAX_COPIES - 1;
        }
      for (int k = first; k <= last; k++)
        ctx->copies[ctx->n_copies++] = k;
    }
  else
    {
      ctx->copies[ctx->n_copies++] = 0;
    }

  for (int c = 0; c < ctx->n_copies; c++)
    ctx->offset_x[c] = width / 2
                     + (2 * ctx->half_width * ctx->copies[c] - view->center_x) * ctx->inv_scale;
}

/* Latitude of projected y (the projections' y depends on the latitude only). */
static double
lat_of_y (CmProjectionKind kind,
          double           y)
{
  double half_width, half_height, lat = 0, lon = 0;

  cm_projection_get_bounds (kind, &half_width, &half_height);
  y = CLAMP (y, -half_height, half_height);
  cm_projection_inverse (kind, 0, y, &lat, &lon);

  return lat;
}

gboolean
_cm_map_context_get_geo_bounds (const CmMapContext *ctx,
                                int                 copy,
                                double             *min_lat,
                                double             *min_lon,
                                double             *max_lat,
                                double             *max_lon)
{
  double x0 = (0 - ctx->offset_x[copy]) * ctx->view.scale;
  double x1 = (ctx->width - ctx->offset_x[copy]) * ctx->view.scale;
  double y0 = (ctx->offset_y - ctx->height) * ctx->view.scale;
  double y1 = ctx->offset_y * ctx->view.scale;

  if (x1 < -ctx->half_width || x0 > ctx->half_width || y1 < -ctx->half_height
      || y0 > ctx->half_height)
    return FALSE;

  *min_lat = lat_of_y (ctx->view.projection, y0);
  *max_lat = lat_of_y (ctx->view.projection, y1);

  if (ctx->view.projection == CM_PROJECTION_NATURAL_EARTH)
    {
      /* x = lon × f(lat), f largest at the equator: the widest longitudes
       * come from the smallest f in the latitudes shown. */
      double f_min, f_max, lat_far, lat_near, fx, fy;

      lat_far = fabs (*min_lat) > fabs (*max_lat) ? *min_lat : *max_lat;
      if (*min_lat <= 0 && *max_lat >= 0)
        lat_near = 0;
      else
        lat_near = fabs (*min_lat) < fabs (*max_lat) ? *min_lat : *max_lat;
      cm_projection_forward (CM_PROJECTION_NATURAL_EARTH, lat_far, 180, &fx, &fy);
      f_min = fx / G_PI;
      cm_projection_forward (CM_PROJECTION_NATURAL_EARTH, lat_near, 180, &fx, &fy);
      f_max = fx / G_PI;
      *min_lon = x0 < 0 ? x0 / f_min : x0 / f_max;
      *max_lon = x1 > 0 ? x1 / f_min : x1 / f_max;
      *min_lon = CLAMP (*min_lon * 180 / G_PI, -180, 180);
      *max_lon = CLAMP (*max_lon * 180 / G_PI, -180, 180);
    }
  else
    {
      *min_lon = CLAMP (x0 * 180 / G_PI, -180, 180);
      *max_lon = CLAMP (x1 * 180 / G_PI, -180, 180);
    }

  return TRUE;
}
