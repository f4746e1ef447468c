/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/tree.h>

#include "cm-format.h"
#include "cm-format-util.h"

G_BEGIN_DECLS

/* What the parts of the KML format share: placemarks (cm-kml-placemark.c),
 * the reader (cm-kml-reader.c) and the writer (cm-kml-writer.c). */

/* KML 2.2 through libxml2.
 *
 * Reading: Placemarks dated by TimeStamp/when or TimeSpan/begin,end, whose
 * lexical form sets the precision (gYear "2011" a year, gYearMonth a
 * month, date a day, dateTime a minute or a second); Point coordinates
 * "lon,lat[,alt]"; name, description, address. A styleUrl names the
 * category (the style's id, its colour from IconStyle or LineStyle,
 * aabbggrr); Folders are groups (lanes); a gx:Track is an itinerary whose
 * timed points are events.
 *
 * No network, no external entities, no DTD loading: libxml2's defaults
 * with XML_PARSE_NONET; a document that declares entities is refused, so
 * that nothing expands them while reading text.
 *
 * Writing: a Document with a Style per category, a Folder per group (an
 * itinerary's Folder also holds its route as a LineString), Placemarks with
 * a TimeStamp or TimeSpan in the form of their precision, and the fields
 * KML has no element for in ExtendedData. */

#define MAX_FILE_SIZE ((gsize) 1024 * 1024 * 1024) /* KML is verbose: 1 GB */

#define KML_NAMESPACE "http://www.opengis.net/kml/2.2"
#define GX_NAMESPACE "http://www.google.com/kml/ext/2.2"

/* ExtendedData names Chronomap writes (anything else is an extra). */
#define DATA_CATEGORY "chronomap:category"
#define DATA_PRECISION "chronomap:precision"
#define DATA_END_PRECISION "chronomap:end_precision"
#define DATA_UTC_OFFSET "chronomap:utc_offset"
#define DATA_STOP_ORDER "chronomap:stop_order"
#define DATA_APPROXIMATE "chronomap:approximate"
#define DATA_KIND "chronomap:kind"

/* The extra that keeps a description's HTML for the next KML save. */
#define EXTRA_DESCRIPTION_HTML "kml_description_html"

#define MAX_POINTS 1000000

typedef struct
{
  CmLoadTarget    target;
  GHashTable     *styles;        /* id → "#rrggbb" or "" (no colour) */
  GHashTable     *style_maps;    /* id → id of the "normal" style */
  guint           n_placemarks;
  guint           first_skip_line;  /* of the first placemark skipped */
  gboolean        cancelled;
  GHashTable     *category_names; /* see _cm_format_category_by_name() */
} Loader;

/* The Folder a placemark is in: its group is made when a first event
 * needs it, so that folders of undated placemarks leave no empty groups. */
typedef struct
{
  const char  *id;
  const char  *name;
  CmGroupKind  kind;
  guint        index;    /* in the document, CM_NONE until made */
} Folder;

typedef struct
{
  char        *id;
  char        *title;
  char        *description;
  char        *place;
  char        *category_name;
  char        *extras;
  double       lat, lon;
  guint        category;
  guint        group;      /* or CM_NONE: the folder's */
  Folder      *folder;     /* nullable */
  CmEventFlags flags;
  gboolean     has_precision, has_end_precision, has_offset;
  CmPrecision  precision, end_precision;
  int          offset;
  guint        order;      /* explicit stop order, 0 for none */
} Placemark;

char *
_cm_kml_valid_text (char *text);

char *
_cm_kml_text_of (xmlNode *node);

void
_cm_kml_collect_style (Loader  *loader,
                       xmlNode *node);

void
_cm_kml_read_placemark (Loader     *loader,
                        xmlNode    *node,
                        Folder     *folder);

gboolean
_cm_kml_is_itinerary_data (xmlNode *extended);

CmFormatLoadFunc _cm_kml_load;

CmFormatSaveFunc _cm_kml_save;

G_END_DECLS
