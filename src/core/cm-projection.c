/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-projection"

#include "config.h"

#include <math.h>

#include "cm-projection.h"

/* Projected units are radians of the equator: x = longitude in radians for
 * the cylindrical projections, so one unit is about 6371 km at the equator.
 *
 * Natural Earth: Šavrič, Jenny, Patterson, Petrovič and Hurni, "A polynomial
 * equation for the Natural Earth projection", Cartography and Geographic
 * Information Science 38 (4), 2011. The inverse solves the y polynomial for
 * the latitude by Newton's method. */

#define MERCATOR_MAX_LAT 85.0511287798066
#define EARTH_RADIUS_KM 6371.0088
/* Slack for points on the edge of the domain, in projected units. */
#define EDGE_EPSILON 1e-9

static const char * const names[CM_N_PROJECTIONS] = {
  [CM_PROJECTION_EQUIRECTANGULAR] = "equirectangular",
  [CM_PROJECTION_WEB_MERCATOR] = "web-mercator",
  [CM_PROJECTION_NATURAL_EARTH] = "natural-earth",
};

static inline double
radians (double degrees)
{
  return degrees * (G_PI / 180.0);
}

static inline double
degrees (double radians)
{
  return radians * (180.0 / G_PI);
}

/* Longitude in [-180, 180]; 180 stays 180. */
static double
normalize_lon (double lon)
{
  if (lon >= -180.0 && lon <= 180.0)
    return lon;

  lon = fmod (lon + 180.0, 360.0);
  if (lon < 0)
    lon += 360.0;

  return lon - 180.0;
}

static inline double
natural_earth_x_factor (double phi)
{
  double phi2 = phi * phi, phi4 = phi2 * phi2;

  return 0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4));
}

static inline double
natural_earth_y (double phi)
{
  double phi2 = phi * phi, phi4 = phi2 * phi2;

  return phi * (1.007226
                + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)));
}

static inline double
natural_earth_dy (double phi)
{
  double phi2 = phi * phi, phi4 = phi2 * phi2;

  return 1.007226 + phi2 * (3 * 0.015085 + phi4 * (-7 * 0.044475 + 9 * 0.028874 * phi2
                                                   - 11 * 0.005916 * phi4));
}

gboolean
cm_projection_forward (CmProjectionKind  kind,
                       double            lat,
                       double            lon,
                       double           *x,
                       double           *y)
{
  double phi, lambda;

  g_return_val_if_fail (kind < CM_N_PROJECTIONS, FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  if (isnan (lat) || isnan (lon) || isinf (lat) || isinf (lon))
    return FALSE;

  phi = radians (CLAMP (lat, -90.0, 90.0));
  lambda = radians (normalize_lon (lon));

  switch (kind)
    {
    case CM_PROJECTION_EQUIRECTANGULAR:
      *x = lambda;
      *y = phi;
      break;

    case CM_PROJECTION_WEB_MERCATOR:
      phi = radians (CLAMP (lat, -MERCATOR_MAX_LAT, MERCATOR_MAX_LAT));
      *x = lambda;
      *y = log (tan (G_PI / 4 + phi / 2));
      break;

    case CM_PROJECTION_NATURAL_EARTH:
      *x = lambda * natural_earth_x_factor (phi);
      *y = natural_earth_y (phi);
      break;

    case CM_N_PROJECTIONS:
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

gboolean
cm_projection_inverse (CmProjectionKind  kind,
                       double            x,
                       double            y,
                       double           *lat,
                       double           *lon)
{
  double half_width, half_height;
  double phi, lambda;

  g_return_val_if_fail (kind < CM_N_PROJECTIONS, FALSE);
  g_return_val_if_fail (lat != NULL && lon != NULL, FALSE);

  if (isnan (x) || isnan (y))
    return FALSE;

  cm_projection_get_bounds (kind, &half_width, &half_height);
  if (fabs (x) > half_width + EDGE_EPSILON || fabs (y) > half_height + EDGE_EPSILON)
    return FALSE;

  switch (kind)
    {
    case CM_PROJECTION_EQUIRECTANGULAR:
      phi = y;
      lambda = x;
      break;

    case CM_PROJECTION_WEB_MERCATOR:
      phi = atan (sinh (y));
      lambda = x;
      break;

    case CM_PROJECTION_NATURAL_EARTH:
      {
        double factor;

        /* y(phi) grows strictly on [-pi/2, pi/2]: Newton from phi = y
         * converges in a handful of steps. */
        phi = CLAMP (y, -G_PI / 2, G_PI / 2);
        for (guint i = 0; i < 30; i++)
          {
            double step = (natural_earth_y (phi) - y) / natural_earth_dy (phi);

            phi = CLAMP (phi - step, -G_PI / 2, G_PI / 2);
            if (fabs (step) < 1e-15)
              break;
          }

        factor = natural_earth_x_factor (phi);
        lambda = x / factor;
        if (fabs (lambda) > G_PI + EDGE_EPSILON / factor)
          return FALSE;
      }
      break;

    case CM_N_PROJECTIONS:
    default:
      g_assert_not_reached ();
    }

  *lat = CLAMP (degrees (phi), -90.0, 90.0);
  *lon = CLAMP (degrees (lambda), -180.0, 180.0);

  return TRUE;
}

void
cm_projection_get_bounds (CmProjectionKind  kind,
                          double           *half_width,
                          double           *half_height)
{
  g_return_if_fail (kind < CM_N_PROJECTIONS);

  switch (kind)
    {
    case CM_PROJECTION_EQUIRECTANGULAR:
      *half_width = G_PI;
      *half_height = G_PI / 2;
      break;

    case CM_PROJECTION_WEB_MERCATOR:
      /* 85.0511° is where the map becomes square. */
      *half_width = G_PI;
      *half_height = G_PI;
      break;

    case CM_PROJECTION_NATURAL_EARTH:
      *half_width = G_PI * natural_earth_x_factor (0);
      *half_height = natural_earth_y (G_PI / 2);
      break;

    case CM_N_PROJECTIONS:
    default:
      g_assert_not_reached ();
    }
}

const char *
cm_projection_to_string (CmProjectionKind kind)
{
  g_return_val_if_fail (kind < CM_N_PROJECTIONS, NULL);

  return names[kind];
}

gboolean
cm_projection_from_string (const char       *text,
                           CmProjectionKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < CM_N_PROJECTIONS; i++)
    {
      if (g_str_equal (text, names[i]))
        {
          *kind = (CmProjectionKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
cm_projection_is_cylindrical (CmProjectionKind kind)
{
  return kind == CM_PROJECTION_EQUIRECTANGULAR || kind == CM_PROJECTION_WEB_MERCATOR;
}

static void
to_vector (double lat,
           double lon,
           double v[3])
{
  double phi = radians (lat), lambda = radians (lon);

  v[0] = cos (phi) * cos (lambda);
  v[1] = cos (phi) * sin (lambda);
  v[2] = sin (phi);
}

void
cm_great_circle_point (double  lat1,
                       double  lon1,
                       double  lat2,
                       double  lon2,
                       double  fraction,
                       double *lat,
                       double *lon)
{
  double a[3], b[3], p[3], cross[3];
  double dot, sin_omega, omega;

  g_return_if_fail (lat != NULL && lon != NULL);

  to_vector (lat1, lon1, a);
  to_vector (lat2, lon2, b);

  cross[0] = a[1] * b[2] - a[2] * b[1];
  cross[1] = a[2] * b[0] - a[0] * b[2];
  cross[2] = a[0] * b[1] - a[1] * b[0];
  sin_omega = sqrt (cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]);
  dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  omega = atan2 (sin_omega, dot);

  if (sin_omega < 1e-12 && dot > 0)
    {
      /* The same point (or next to it): interpolate linearly. */
      for (guint i = 0; i < 3; i++)
        p[i] = a[i] + (b[i] - a[i]) * fraction;
    }
  else if (sin_omega < 1e-12)
    {
      /* Antipodes: every great circle through them will do; take the one
       * through the poles, or for the poles themselves, through longitude 0. */
      double axis[3] = { 0, 0, 1 };
      double c[3], length;

      if (fabs (a[2]) > 0.9)
        {
          axis[0] = 1;
          axis[2] = 0;
        }
      /* c: the axis made perpendicular to a, normalised. */
      dot = axis[0] * a[0] + axis[1] * a[1] + axis[2] * a[2];
      for (guint i = 0; i < 3; i++)
        c[i] = axis[i] - dot * a[i];
      length = sqrt (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
      for (guint i = 0; i < 3; i++)
        p[i] = cos (G_PI * fraction) * a[i] + sin (G_PI * fraction) * c[i] / length;
    }
  else
    {
      double wa = sin ((1 - fraction) * omega) / sin_omega;
      double wb = sin (fraction * omega) / sin_omega;

      for (guint i = 0; i < 3; i++)
        p[i] = wa * a[i] + wb * b[i];
    }

  *lat = degrees (atan2 (p[2], sqrt (p[0] * p[0] + p[1] * p[1])));
  if (fabs (*lat) > 90.0 - 1e-12)
    *lon = fraction < 0.5 ? lon1 : lon2;   /* at a pole any longitude is right */
  else
    *lon = degrees (atan2 (p[1], p[0]));
}

double
cm_great_circle_distance (double lat1,
                          double lon1,
                          double lat2,
                          double lon2)
{
  double phi1 = radians (lat1), phi2 = radians (lat2);
  double dphi = phi2 - phi1, dlambda = radians (lon2 - lon1);
  double h = sin (dphi / 2) * sin (dphi / 2)
           + cos (phi1) * cos (phi2) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2 * EARTH_RADIUS_KM * asin (MIN (1.0, sqrt (h)));
}
