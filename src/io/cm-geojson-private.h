/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cm-format.h"
#include "cm-format-util.h"

G_BEGIN_DECLS

/* What the parts of the GeoJSON format share: values and times
 * (cm-geojson-values.c), the reader (cm-geojson-reader.c) and the writer
 * (cm-geojson-writer.c). */

/* GeoJSON (RFC 7946), read by cm-json-reader.h one feature at a time and
 * written with json-glib.
 *
 * Reading: a FeatureCollection (or one Feature) of Point features. Titles
 * come from "title" (or "name", "label"), and "description", "place",
 * "category" (with "marker-color"), "group" are read when present.
 *
 * A feature's time, the first of these that it has:
 *   1. a Linked Places "when" on the feature,
 *        "when": {"timespans": [{"start": {"in": "1840"}, "end": {"earliest": …}}]}
 *      ("earliest" ≠ "latest": approximate, the widest reading);
 *   2. a Linked Places "when" object in its properties;
 *   3. plain properties, their names in any case ("Date", "TIME"): the most
 *      precise date that parses among "start", "start_date", "start_time",
 *      "begin", "when", "time", "timestamp", "datetime", "date_time",
 *      "date" (that order on a tie), so that a full "when" or "timestamp"
 *      wins over a date-only "Date" as ogr2ogr writes them; a date alone
 *      takes its time of day from another of them that holds only that
 *      ("Date": "2011/05/26", "Time": "13:45:00"). The end likewise from
 *      "end", "end_date", "end_time", a lone time of day on the start's
 *      date.
 * A "utc_offset" property (minutes) is the offset of times written without
 * one. Fractions of a second are rounded down (the model keeps seconds):
 * the report says how many, once per file, and their milliseconds are kept
 * as the extras "start_millisecond" and "end_millisecond", as the TimelineJS
 * reader keeps them.
 *
 * Where: a Point's position, a MultiPoint's first, a GeometryCollection's
 * first Point, else the middle of the bounds, marked approximate. The
 * members of a GeometryCollection with a "when" of their own (as in the
 * Linked Places sample) are events of their own, at their own coordinates
 * with the feature's properties; the feature's time is then that of its
 * other members, if any.
 *
 * A LineString whose properties say "kind": "itinerary" makes its "group"
 * an itinerary (also with a null geometry: a route of fewer than two
 * stops); one with a time per vertex ("coordTimes" or "times", as togeojson
 * writes them) becomes an itinerary of timed stops.
 *
 * Writing: one Point feature per event with the properties title,
 * description, place, category (and its "marker-color"), group, start, end
 * (with their milliseconds, if kept), precision, end_precision, utc_offset,
 * flags, extra and a Linked Places "when"; then one LineString per
 * itinerary group, its stops in time order. */

#define MAX_FILE_SIZE (512 * 1024 * 1024)
#define MAX_TIMES 100000 /* timed vertices of one LineString */

/* ".json" files are GeoJSON only when their content says so (sniff). */

typedef struct
{
  const char     *name;
  const char     *text;
  CmDocument     *document;
  CmEventStore   *store;
  CmImportReport *report;
  guint           feature;     /* 1-based, for messages */
  guint           n_features;
  guint           first_skip_line;
  guint           first_skip_column;
  guint           n_fractions; /* times whose fraction of a second was dropped */
  GHashTable     *category_names; /* see _cm_format_category_by_name() */
  GHashTable     *group_names;
} Loader;

typedef struct
{
  CmTime      time;
  CmPrecision precision;
  int         offset;       /* written in the text, or CM_UTC_OFFSET_NONE */
  gboolean    fraction;     /* a fraction of a second was written, and dropped */
  int         millisecond;  /* its first three digits (0 to 999) */
} Stamp;

typedef struct
{
  const char   *id;
  CmEventFields fields;
  const char   *extras;
  gboolean     has_precision, has_end_precision;
  CmPrecision  precision, end_precision;
  gboolean     has_offset;
  int          offset;
} Common;

const char *
_cm_geojson_get_string (JsonObject *object,
                        const char *member);

const char *
_cm_geojson_get_first_string (JsonObject         *object,
                              const char * const *members);

gboolean
_cm_geojson_get_number (JsonObject *object,
                        const char *member,
                        double     *value);

gboolean
_cm_geojson_get_boolean (JsonObject *object,
                         const char *member);

JsonObject *
_cm_geojson_get_object (JsonObject *object,
                        const char *member);

JsonArray *
_cm_geojson_get_array (JsonObject *object,
                       const char *member);

gboolean
_cm_geojson_get_precision (JsonObject  *object,
                           const char  *member,
                           CmPrecision *precision);

char *
_cm_geojson_dup_scalar (JsonObject *object,
                        const char *member);

gboolean
_cm_geojson_read_position (JsonNode *node,
                           double   *lat,
                           double   *lon);

void
_cm_geojson_extend_bounds (JsonNode *node,
                           double    bounds[4],
                           guint     depth);

gboolean
_cm_geojson_parse_time (const char *text,
                        Stamp      *stamp);

gboolean
_cm_geojson_parse_time_of_day (const char *text,
                               Stamp      *stamp);

void
_cm_geojson_combine_date_time (const Stamp *date,
                               const Stamp *time_of_day,
                               Stamp       *stamp);

gboolean
_cm_geojson_parse_lpf_time (JsonObject *object,
                            gboolean    is_end,
                            Stamp      *stamp,
                            gboolean   *approximate);

void
_cm_geojson_add_event (Loader       *loader,
                       const Common *common,
                       const char   *id,
                       const Stamp  *start,
                       const Stamp  *end,
                       CmEventFlags  extra_flags);

char *
_cm_geojson_collect_extras (JsonObject *properties);

CmFormatLoadFunc _cm_geojson_load;

CmFormatSaveFunc _cm_geojson_save;

G_END_DECLS
