/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-projection.h"

G_BEGIN_DECLS

/* The offline world map: Natural Earth 1:50m land, country borders and
 * countries (name, label point, outline), read from the compact file that
 * build-aux/generate-basemap writes (its format is described there and in
 * cm-basemap.c) and compiled into the GResource. Immutable once loaded,
 * except for the projected coordinates it makes on first use (thread-safe).
 * Coordinates are degrees; lines index into one array of points. */

#define CM_BASEMAP_RESOURCE "/io/github/chronomap/Chronomap/basemap-50m.bin"
/* The same at 1:10m, for zooms past country level. */
#define CM_BASEMAP_DETAIL_RESOURCE "/io/github/chronomap/Chronomap/basemap-10m.bin"
/* Lakes, rivers and state or province boundaries (GSHHG and the Digital
 * Chart of the World, by build-aux/generate-inland), for zooms past the
 * world's: only the CM_BASEMAP_LAKES, _RIVERS and _BOUNDARIES layers. */
#define CM_BASEMAP_INLAND_RESOURCE "/io/github/chronomap/Chronomap/basemap-inland.bin"

#define CM_BASEMAP_ERROR (cm_basemap_error_quark ())

typedef enum
{
  CM_BASEMAP_ERROR_CORRUPT,
} CmBasemapError;

typedef enum
{
  CM_BASEMAP_LAND,       /* land rings: fill them together, even-odd */
  CM_BASEMAP_COAST,      /* coastlines: land rings less their cuts along ±180° and the poles */
  CM_BASEMAP_BORDERS,    /* borders between two countries, each once */
  CM_BASEMAP_COUNTRIES,  /* every country's rings, see CmBasemapCountry */
  CM_BASEMAP_LAKES,      /* lake rings, and islands in them as holes: fill them even-odd */
  CM_BASEMAP_RIVERS,     /* river lines */
  CM_BASEMAP_BOUNDARIES, /* first-level boundaries (states, provinces) inside a country */
  CM_BASEMAP_N_LAYERS
} CmBasemapLayer;

typedef enum
{
  CM_BASEMAP_LINE_CLOSED = 1 << 0,  /* a ring: its last point joins its first */
  CM_BASEMAP_LINE_HOLE   = 1 << 1,  /* a hole in a country's polygon */
} CmBasemapLineFlags;

typedef struct
{
  guint  first;        /* index of its first point */
  guint  n_points;
  guint  flags;        /* CmBasemapLineFlags */
  guint  rank;         /* level of detail, 0 the most important (lakes by area, rivers by
                        * class); 0 in the layers before CM_BASEMAP_LAKES */
  double min_lat;      /* bounding box */
  double min_lon;
  double max_lat;
  double max_lon;
} CmBasemapLine;

typedef struct
{
  const char *name;          /* Natural Earth's short name ("Dem. Rep. Congo") */
  double      label_lat;     /* inside its largest polygon, far from its edges */
  double      label_lon;
  double      label_radius;  /* degrees of latitude from the label point to the nearest edge */
  double      area;          /* km², approximate */
  double      min_lat;       /* bounding box of the whole country */
  double      min_lon;
  double      max_lat;
  double      max_lon;
  double      main_min_lat;  /* bounding box of its largest polygon */
  double      main_min_lon;
  double      main_max_lat;
  double      main_max_lon;
  guint       first_ring;    /* its rings in CM_BASEMAP_COUNTRIES */
  guint       n_rings;
} CmBasemapCountry;

typedef struct _CmBasemap CmBasemap;

#define CM_TYPE_BASEMAP (cm_basemap_get_type ())
GType                   cm_basemap_get_type             (void) G_GNUC_CONST;
GQuark                  cm_basemap_error_quark          (void);

/* Reads a basemap file; a damaged one gives CM_BASEMAP_ERROR_CORRUPT. */
CmBasemap              *cm_basemap_new_from_bytes       (GBytes           *bytes,
                                                         GError          **error);
CmBasemap              *cm_basemap_new_from_resource    (const char       *path,
                                                         GError          **error);
/* The 1:10m map (transfer none), loaded on the first call (a few tens of
 * ms: call it from a worker in an interactive program); NULL if it cannot
 * be. */
CmBasemap              *cm_basemap_get_detail           (void);
/* The 1:10m map if cm_basemap_get_detail() has loaded it, else NULL;
 * never waits. */
CmBasemap              *cm_basemap_peek_detail          (void);
/* The same for CM_BASEMAP_INLAND_RESOURCE. */
CmBasemap              *cm_basemap_get_inland           (void);
CmBasemap              *cm_basemap_peek_inland          (void);
/* The basemap of CM_BASEMAP_RESOURCE, loaded once (transfer none). NULL,
 * with a critical warning, only when the build is broken. */
CmBasemap              *cm_basemap_get_default          (void);
CmBasemap              *cm_basemap_ref                  (CmBasemap        *self);
void                    cm_basemap_unref                (CmBasemap        *self);

guint                   cm_basemap_get_n_points         (CmBasemap        *self);
/* (lon, lat) pairs, 2 × n_points doubles. */
const double           *cm_basemap_get_coordinates      (CmBasemap        *self);
const CmBasemapLine    *cm_basemap_get_lines            (CmBasemap        *self,
                                                         CmBasemapLayer    layer,
                                                         guint            *n_lines);
guint                   cm_basemap_get_n_countries      (CmBasemap        *self);
/* Largest first. */
const CmBasemapCountry *cm_basemap_get_country          (CmBasemap        *self,
                                                         guint             index);
/* Index of the country named @name, or G_MAXUINT. */
guint                   cm_basemap_find_country         (CmBasemap        *self,
                                                         const char       *name);

/* Every point projected with @kind, (x, y) pairs of n_points floats, made
 * on first use and kept. */
const float            *cm_basemap_get_projected        (CmBasemap        *self,
                                                         CmProjectionKind  kind);
/* The projected bounding box of every line of @layer: min_x, min_y, max_x,
 * max_y per line, in the order of cm_basemap_get_lines(). */
const float            *cm_basemap_get_projected_bounds (CmBasemap        *self,
                                                         CmProjectionKind  kind,
                                                         CmBasemapLayer    layer);

/* How much each point matters to the shape, in projected units: the
 * Douglas–Peucker tolerance below which it is kept. Drawing only the
 * points whose importance is at least t simplifies every line to within t
 * (ends are always kept). Made with the projected coordinates. */
const float            *cm_basemap_get_importance       (CmBasemap        *self,
                                                         CmProjectionKind  kind);
/* Makes @kind's projected coordinates, bounds and importance now (they
 * are otherwise made on first use). */
void                    cm_basemap_project              (CmBasemap        *self,
                                                         CmProjectionKind  kind);
/* Whether they are made; FALSE, without waiting, while another thread
 * makes them. */
gboolean                cm_basemap_is_projected         (CmBasemap        *self,
                                                         CmProjectionKind  kind);

/* "Map data: Natural Earth, GSHHG, GeoNames, libgweather" (the city names
 * and their French names), translated: on
 * the map in the window and on every exported map. */
const char             *cm_basemap_get_credit           (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmBasemap, cm_basemap_unref)

G_END_DECLS
