/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>

#include "cm-map-frame.h"

#include "cm-framing.h"

#define FIT_MARGIN 48.0
/* Fitting a single event, or events all in one place, shows this much. */
#define FIT_MIN_DEGREES 4.0

/* @center moved towards the middle of the world, within [-@world, @world]
 * as far as the frame (@half wide) allows, keeping [@lo, @hi] inside it
 * with @margin to spare. */
static double
clamp_center (double center,
              double lo,
              double hi,
              double half,
              double margin,
              double world)
{
  double min = MAX (-world + half, hi - half + margin);
  double max = MIN (world - half, lo + half - margin);

  if (min > max)
    return center;

  return CLAMP (center, min, max);
}

void
cm_map_frame_fit_bounds (CmMapFrame        *view,
                        CmProjectionKind  projection,
                        double            min_lat,
                        double            min_lon,
                        double            max_lat,
                        double            max_lon,
                        double            width,
                        double            height)
{
  double half_width, half_height;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double room_w, room_h, max_scale;
  gboolean across = FALSE;

  g_return_if_fail (view != NULL);
  g_return_if_fail (projection < CM_N_PROJECTIONS);

  cm_projection_get_bounds (projection, &half_width, &half_height);
  width = MAX (width, 1);
  height = MAX (height, 1);
  room_w = MAX (width - 2 * FIT_MARGIN, width / 2);
  room_h = MAX (height - 2 * FIT_MARGIN, height / 2);
  max_scale = MAX (2 * half_width / width, 2 * half_height / height);

  /* min_lon > max_lon: the box goes across ±180°. */
  if (min_lon > max_lon)
    {
      if (cm_projection_is_cylindrical (projection))
        {
          across = TRUE;
          max_lon += 360;
        }
      else
        {
          min_lon = -180;
          max_lon = 180;
        }
    }

  /* Sample the box's edges: Natural Earth bends its meridians. */
  for (guint i = 0; i <= 8; i++)
    for (guint j = 0; j <= 8; j++)
      {
        double lat = min_lat + (max_lat - min_lat) * i / 8;
        double lon = min_lon + (max_lon - min_lon) * j / 8;
        double x, y;

        if (i != 0 && i != 8 && j != 0 && j != 8 && lat * (lat - max_lat) > 0)
          continue;
        if (!cm_projection_forward (projection, lat, lon > 180 ? lon - 360 : lon, &x, &y))
          continue;
        if (across && lon > 180)
          x += 2 * half_width;
        x0 = MIN (x0, x);
        x1 = MAX (x1, x);
        y0 = MIN (y0, y);
        y1 = MAX (y1, y);
      }

  view->projection = projection;
  if (x0 > x1)
    {
      view->center_x = view->center_y = 0;
      view->scale = max_scale;
      return;
    }

  view->center_x = (x0 + x1) / 2;
  view->center_y = (y0 + y1) / 2;
  view->scale = MAX ((x1 - x0) / room_w, (y1 - y0) / room_h);
  view->scale = CLAMP (view->scale, 1e-9, max_scale);

  /* Where the box leaves room, show less of what is beyond the world's
   * edges (the box stays in the frame, margins included). */
  view->center_y = clamp_center (view->center_y, y0, y1, height / 2 * view->scale,
                                 FIT_MARGIN * view->scale, half_height);
  if (!cm_projection_is_cylindrical (projection))
    view->center_x = clamp_center (view->center_x, x0, x1, width / 2 * view->scale,
                                   FIT_MARGIN * view->scale, half_width);

  if (view->center_x > half_width)
    view->center_x -= 2 * half_width;
}

/* Fits @view to places at latitudes [@min_lat, @max_lat] and at the
 * longitudes @lons (clamped to ±180°, at least one): the
 * narrowest range of longitudes holding them all, which may go across
 * ±180°, and some land around one place. */
void
_cm_map_frame_fit_places (CmMapFrame       *view,
                          CmProjectionKind  projection,
                          GArray           *lons,
                          double            min_lat,
                          double            max_lat,
                          double            width,
                          double            height)
{
  double min_lon, max_lon;

  g_assert (lons != NULL && lons->len > 0);

  cm_framing_narrowest_lons (lons, &min_lon, &max_lon);
  cm_map_frame_fit_area (view, projection, min_lat, min_lon, max_lat, max_lon, width, height);
}

void
cm_map_frame_fit_area (CmMapFrame       *view,
                       CmProjectionKind  projection,
                       double            min_lat,
                       double            min_lon,
                       double            max_lat,
                       double            max_lon,
                       double            width,
                       double            height)
{
  /* One place: show some of the land around it. */
  if (max_lat - min_lat < FIT_MIN_DEGREES && fabs (max_lon - min_lon) < FIT_MIN_DEGREES)
    {
      double lat = (min_lat + max_lat) / 2;
      double lon = min_lon <= max_lon ? (min_lon + max_lon) / 2 : min_lon;

      min_lat = MAX (-90, lat - FIT_MIN_DEGREES / 2);
      max_lat = MIN (90, lat + FIT_MIN_DEGREES / 2);
      min_lon = lon - FIT_MIN_DEGREES / 2;
      max_lon = lon + FIT_MIN_DEGREES / 2;
      if (min_lon < -180)
        min_lon += 360;
      if (max_lon > 180)
        max_lon -= 360;
    }

  cm_map_frame_fit_bounds (view, projection, min_lat, min_lon, max_lat, max_lon, width, height);
}

void
cm_map_frame_fit_events (CmMapFrame        *view,
                        CmDocument       *document,
                        CmProjectionKind  projection,
                        double            width,
                        double            height)
{
  g_autoptr(GArray) lons = NULL;
  CmEventStore *store;
  double min_lat = G_MAXDOUBLE, max_lat = -G_MAXDOUBLE;
  guint n;

  g_return_if_fail (view != NULL);
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));
  g_return_if_fail (projection < CM_N_PROJECTIONS);

  lons = g_array_new (FALSE, FALSE, sizeof (double));
  store = document != NULL ? cm_document_get_store (document) : NULL;
  n = store != NULL ? cm_event_store_get_n_events (store) : 0;
  for (guint i = 0; i < n; i++)
    {
      double lat, lon;

      if (!cm_event_store_get_coordinates (store, i, &lat, &lon) || !isfinite (lat)
          || !isfinite (lon))
        continue;
      min_lat = MIN (min_lat, lat);
      max_lat = MAX (max_lat, lat);
      lon = CLAMP (lon, -180, 180);
      g_array_append_val (lons, lon);
    }

  if (lons->len == 0)
    {
      double half_width, half_height;

      cm_projection_get_bounds (projection, &half_width, &half_height);
      view->projection = projection;
      view->center_x = view->center_y = 0;
      view->scale = MAX (2 * half_width / MAX (width, 1), 2 * half_height / MAX (height, 1));
      return;
    }

  _cm_map_frame_fit_places (view, projection, lons, min_lat, max_lat, width, height);
}

void
cm_map_frame_to_screen (const CmMapFrame *view,
                       double           width,
                       double           height,
                       double           lat,
                       double           lon,
                       double          *sx,
                       double          *sy)
{
  double x = 0, y = 0;

  g_return_if_fail (view != NULL);
  g_return_if_fail (sx != NULL && sy != NULL);

  if (!cm_projection_forward (view->projection, lat, lon, &x, &y))
    {
      *sx = *sy = NAN;
      return;
    }

  /* The copy of the world nearest the centre. */
  if (cm_projection_is_cylindrical (view->projection))
    {
      double half_width, half_height;

      cm_projection_get_bounds (view->projection, &half_width, &half_height);
      x += 2 * half_width * floor ((view->center_x - x) / (2 * half_width) + 0.5);
    }

  *sx = (x - view->center_x) / view->scale + width / 2;
  *sy = height / 2 - (y - view->center_y) / view->scale;
}

gboolean
cm_map_frame_from_screen (const CmMapFrame *view,
                         double           width,
                         double           height,
                         double           sx,
                         double           sy,
                         double          *lat,
                         double          *lon)
{
  double x, y;

  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (lat != NULL && lon != NULL, FALSE);

  x = view->center_x + (sx - width / 2) * view->scale;
  y = view->center_y - (sy - height / 2) * view->scale;

  if (cm_projection_is_cylindrical (view->projection))
    {
      double half_width, half_height;

      cm_projection_get_bounds (view->projection, &half_width, &half_height);
      x -= 2 * half_width * floor ((x + half_width) / (2 * half_width));
    }

  return cm_projection_inverse (view->projection, x, y, lat, lon);
}
