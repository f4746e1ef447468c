/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "cm-projection.h"
#include "cm-test-util.h"

#define DEG (G_PI / 180.0)

/* Reference values come from formulas written differently from the ones
 * in cm-projection.c, or from published figures. */

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20110526);

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    {
      double limit = k == CM_PROJECTION_WEB_MERCATOR ? 85.05 : 90.0;

      for (guint i = 0; i < 20000; i++)
        {
          double lat = g_rand_double_range (rand, -limit, limit);
          double lon = g_rand_double_range (rand, -180, 180);
          double x, y, lat2 = NAN, lon2 = NAN;

          /* The edges too. */
          if (i < 4)
            {
              lat = i % 2 ? limit : -limit;
              lon = i / 2 ? 180 : -180;
            }

          g_assert_true (cm_projection_forward (k, lat, lon, &x, &y));
          g_assert_true (cm_projection_inverse (k, x, y, &lat2, &lon2));
          g_assert_cmpfloat_with_epsilon (lat2, lat, 1e-9);
          g_assert_cmpfloat_with_epsilon (lon2, lon, 1e-9);
        }
    }
}

static void
test_domain (void)
{
  double x = 0, y = 0, lat, lon, half_width, half_height;

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    {
      g_assert_false (cm_projection_forward (k, NAN, 0, &x, &y));
      g_assert_false (cm_projection_forward (k, 0, NAN, &x, &y));
      g_assert_false (cm_projection_inverse (k, NAN, 0, &lat, &lon));

      cm_projection_get_bounds (k, &half_width, &half_height);
      g_assert_false (cm_projection_inverse (k, half_width * 1.01, 0, &lat, &lon));
      g_assert_false (cm_projection_inverse (k, 0, half_height * 1.01, &lat, &lon));
      g_assert_true (cm_projection_inverse (k, half_width, 0, &lat, &lon));
      g_assert_cmpfloat_with_epsilon (lon, 180, 1e-9);

      /* The bounds are where ±180° and the poles go. */
      cm_projection_forward (k, 0, 180, &x, &y);
      g_assert_cmpfloat_with_epsilon (x, half_width, 1e-12);
      cm_projection_forward (k, 90, 0, &x, &y);
      g_assert_cmpfloat_with_epsilon (y, half_height, 1e-12);

      /* Longitudes wrap. */
      {
        double x2, y2;

        cm_projection_forward (k, 10, 190, &x, &y);
        cm_projection_forward (k, 10, -170, &x2, &y2);
        g_assert_cmpfloat_with_epsilon (x, x2, 1e-12);
      }
    }

  /* Natural Earth's corners are outside it. */
  g_assert_false (cm_projection_inverse (CM_PROJECTION_NATURAL_EARTH, 2.7, 1.4, &lat, &lon));

  /* Web Mercator clamps. */
  {
    double x2, y2;

    cm_projection_forward (CM_PROJECTION_WEB_MERCATOR, 89, 0, &x, &y);
    cm_projection_forward (CM_PROJECTION_WEB_MERCATOR, 85.0511287798066, 0, &x2, &y2);
    g_assert_cmpfloat_with_epsilon (y, y2, 1e-12);
    g_assert_cmpfloat_with_epsilon (y, G_PI, 1e-9);
  }

  g_assert_true (cm_projection_is_cylindrical (CM_PROJECTION_EQUIRECTANGULAR));
  g_assert_true (cm_projection_is_cylindrical (CM_PROJECTION_WEB_MERCATOR));
  g_assert_false (cm_projection_is_cylindrical (CM_PROJECTION_NATURAL_EARTH));
}

static void
test_known_points (void)
{
  double x, y;

  /* Equirectangular is the identity in radians. */
  cm_projection_forward (CM_PROJECTION_EQUIRECTANGULAR, 48.8566, 2.3522, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 2.3522 * DEG, 1e-15);
  g_assert_cmpfloat_with_epsilon (y, 48.8566 * DEG, 1e-15);

  /* Web Mercator: London in EPSG:3857 metres is (-14226.63, 6711542.48)
   * with R = 6378137 m; and y = asinh (tan φ), the inverse Gudermannian. */
  cm_projection_forward (CM_PROJECTION_WEB_MERCATOR, 51.5074, -0.1278, &x, &y);
  g_assert_cmpfloat_with_epsilon (x * 6378137, -14226.63, 0.01);
  g_assert_cmpfloat_with_epsilon (y * 6378137, 6711542.48, 0.01);
  for (double lat = -80; lat <= 80; lat += 7.5)
    {
      cm_projection_forward (CM_PROJECTION_WEB_MERCATOR, lat, 0, &x, &y);
      g_assert_cmpfloat_with_epsilon (y, asinh (tan (lat * DEG)), 1e-12);
    }

  /* Natural Earth (Šavrič et al. 2011), the polynomial expanded. */
  for (double lat = -90; lat <= 90; lat += 15)
    for (double lon = -180; lon <= 180; lon += 45)
      {
        double p = lat * DEG, l = lon * DEG;
        double ex = l * (0.8707 - 0.131979 * pow (p, 2) - 0.013791 * pow (p, 4)
                         + 0.003971 * pow (p, 10) - 0.001529 * pow (p, 12));
        double ey = p * (1.007226 + 0.015085 * pow (p, 2) - 0.044475 * pow (p, 6)
                         + 0.028874 * pow (p, 8) - 0.005916 * pow (p, 10));

        cm_projection_forward (CM_PROJECTION_NATURAL_EARTH, lat, lon, &x, &y);
        g_assert_cmpfloat_with_epsilon (x, ex, 1e-12);
        g_assert_cmpfloat_with_epsilon (y, ey, 1e-12);
      }
  cm_projection_forward (CM_PROJECTION_NATURAL_EARTH, 45, 90, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 1.2319937779929, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 0.7930513944125, 1e-9);
  cm_projection_forward (CM_PROJECTION_NATURAL_EARTH, 90, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, 1.4223905067306, 1e-9);
}

/* The classic midpoint formula (not the vectors the code uses). */
static void
midpoint (double  lat1,
          double  lon1,
          double  lat2,
          double  lon2,
          double *lat,
          double *lon)
{
  double p1 = lat1 * DEG, l1 = lon1 * DEG, p2 = lat2 * DEG, l2 = lon2 * DEG;
  double bx = cos (p2) * cos (l2 - l1), by = cos (p2) * sin (l2 - l1);

  *lat = atan2 (sin (p1) + sin (p2), sqrt ((cos (p1) + bx) * (cos (p1) + bx) + by * by)) / DEG;
  *lon = (l1 + atan2 (by, cos (p1) + bx)) / DEG;
}

static void
test_great_circle (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  double lat, lon, lat2, lon2;

  cm_great_circle_point (0, 0, 0, 90, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lon, 45, 1e-12);

  cm_great_circle_point (0, 0, 90, 0, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 45, 1e-12);
  g_assert_cmpfloat_with_epsilon (lon, 0, 1e-12);

  /* London – New York: (52.3684, -41.2903), north of both. */
  cm_great_circle_point (51.5074, -0.1278, 40.7128, -74.0060, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 52.3684, 1e-4);
  g_assert_cmpfloat_with_epsilon (lon, -41.2903, 1e-4);

  /* Across the antimeridian, the short way. */
  cm_great_circle_point (0, 170, 0, -170, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (fabs (lon), 180, 1e-9);

  for (guint i = 0; i < 1000; i++)
    {
      double a = g_rand_double_range (rand, -80, 80), b = g_rand_double_range (rand, -180, 180);
      double c = g_rand_double_range (rand, -80, 80), d = g_rand_double_range (rand, -180, 180);
      double total = cm_great_circle_distance (a, b, c, d);
      double f = g_rand_double (rand);

      if (total > 19000)
        continue;   /* nearly antipodal: the midpoint is ill-defined */

      cm_great_circle_point (a, b, c, d, 0.5, &lat, &lon);
      midpoint (a, b, c, d, &lat2, &lon2);
      g_assert_cmpfloat_with_epsilon (lat, lat2, 1e-9);
      g_assert_cmpfloat_with_epsilon (remainder (lon - lon2, 360), 0, 1e-9);

      /* Ends, and the point at f lies f of the way. */
      cm_great_circle_point (a, b, c, d, 0, &lat, &lon);
      g_assert_cmpfloat_with_epsilon (lat, a, 1e-9);
      g_assert_cmpfloat_with_epsilon (remainder (lon - b, 360), 0, 1e-9);
      cm_great_circle_point (a, b, c, d, 1, &lat, &lon);
      g_assert_cmpfloat_with_epsilon (lat, c, 1e-9);
      g_assert_cmpfloat_with_epsilon (remainder (lon - d, 360), 0, 1e-9);
      cm_great_circle_point (a, b, c, d, f, &lat, &lon);
      g_assert_cmpfloat_with_epsilon (cm_great_circle_distance (a, b, lat, lon), f * total, 1e-6);
      g_assert_cmpfloat_with_epsilon (cm_great_circle_distance (lat, lon, c, d), (1 - f) * total,
                                      1e-6);
    }

  /* Antipodes: some great circle, halfway is a quarter of the way round. */
  cm_great_circle_point (10, 20, -10, -160, 0.5, &lat, &lon);
  g_assert_false (isnan (lat) || isnan (lon));
  g_assert_cmpfloat_with_epsilon (cm_great_circle_distance (10, 20, lat, lon),
                                  G_PI / 2 * 6371.0088, 1e-6);

  /* The same place. */
  cm_great_circle_point (48.85, 2.35, 48.85, 2.35, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 48.85, 1e-12);
  g_assert_cmpfloat_with_epsilon (lon, 2.35, 1e-12);
}

static void
test_distance (void)
{
  /* London – Paris, 343.5 km. */
  g_assert_cmpfloat_with_epsilon (cm_great_circle_distance (51.5074, -0.1278, 48.8566, 2.3522),
                                  343.5, 1);
  g_assert_cmpfloat_with_epsilon (cm_great_circle_distance (51.5074, -0.1278, 48.8566, 2.3522),
                                  343.557, 0.001);
  g_assert_cmpfloat (cm_great_circle_distance (1, 2, 1, 2), ==, 0);
  g_assert_cmpfloat_with_epsilon (cm_great_circle_distance (0, 0, 0, 180), G_PI * 6371.0088, 1e-6);
  g_assert_cmpfloat_with_epsilon (cm_great_circle_distance (90, 0, -90, 0), G_PI * 6371.0088, 1e-6);
  /* A degree of latitude: 111.2 km. */
  g_assert_cmpfloat_with_epsilon (cm_great_circle_distance (10, 5, 11, 5), 111.195, 0.001);
  /* Symmetric, and across ±180° the short way. */
  g_assert_cmpfloat_with_epsilon (cm_great_circle_distance (0, 179.5, 0, -179.5), 111.195, 0.001);
}

static void
test_strings (void)
{
  CmProjectionKind kind;

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    {
      g_assert_true (cm_projection_from_string (cm_projection_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_cmpstr (cm_projection_to_string (CM_PROJECTION_NATURAL_EARTH), ==, "natural-earth");
  g_assert_cmpstr (cm_projection_to_string (CM_PROJECTION_WEB_MERCATOR), ==, "web-mercator");
  g_assert_cmpstr (cm_projection_to_string (CM_PROJECTION_EQUIRECTANGULAR), ==, "equirectangular");
  g_assert_false (cm_projection_from_string ("mercator", &kind));
  g_assert_false (cm_projection_from_string (NULL, &kind));
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/core/projection/round-trip", test_round_trip);
  g_test_add_func ("/core/projection/domain", test_domain);
  g_test_add_func ("/core/projection/known-points", test_known_points);
  g_test_add_func ("/core/projection/great-circle", test_great_circle);
  g_test_add_func ("/core/projection/distance", test_distance);
  g_test_add_func ("/core/projection/strings", test_strings);

  return g_test_run ();
}
