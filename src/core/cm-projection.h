/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Map projections with forward and inverse. Projected coordinates (x, y)
 * are unitless with y growing northwards; a map view places them on screen
 * with its own scale and centre. Angles are degrees. */

typedef enum
{
  CM_PROJECTION_EQUIRECTANGULAR,
  CM_PROJECTION_WEB_MERCATOR,     /* |lat| clamped to 85.0511° */
  CM_PROJECTION_NATURAL_EARTH,    /* a compromise for the whole globe */
  CM_N_PROJECTIONS /*< skip >*/
} CmProjectionKind;

/* FALSE when the point cannot be projected (NaN input). */
gboolean     cm_projection_forward      (CmProjectionKind  kind,
                                         double            lat,
                                         double            lon,
                                         double           *x,
                                         double           *y);
/* FALSE outside the projection's domain. */
gboolean     cm_projection_inverse      (CmProjectionKind  kind,
                                         double            x,
                                         double            y,
                                         double           *lat,
                                         double           *lon);
/* Projected extent of the whole world (x: -w..w, y: -h..h). */
void         cm_projection_get_bounds   (CmProjectionKind  kind,
                                         double           *half_width,
                                         double           *half_height);
/* TRUE for the projections whose world is a rectangle that repeats
 * side by side (equirectangular, Web Mercator): maps draw copies of it
 * when panned past ±180°. */
gboolean     cm_projection_is_cylindrical (CmProjectionKind kind);
const char  *cm_projection_to_string    (CmProjectionKind  kind);   /* "equirectangular", "web-mercator", "natural-earth" */
gboolean     cm_projection_from_string  (const char       *text,
                                         CmProjectionKind *kind);

/* Great circles: the point at @fraction (0..1) of the way from (lat1, lon1)
 * to (lat2, lon2), and the distance in kilometres. */
void         cm_great_circle_point      (double            lat1,
                                         double            lon1,
                                         double            lat2,
                                         double            lon2,
                                         double            fraction,
                                         double           *lat,
                                         double           *lon);
double       cm_great_circle_distance   (double            lat1,
                                         double            lon1,
                                         double            lat2,
                                         double            lon2);

G_END_DECLS
