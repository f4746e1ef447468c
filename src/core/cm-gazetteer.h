/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The offline place index: populated places (GeoNames, 1,000 inhabitants or
 * more), countries and some first-level subdivisions, read from the text
 * file that build-aux/generate-places writes (its format is described
 * there) and compiled into the GResource. Immutable once loaded, shared
 * between threads. Used to propose coordinates for places named without
 * them, to find a place on the map, and to label cities on it. */

#define CM_GAZETTEER_RESOURCE "/io/github/chronomap/Chronomap/places.txt"

#define CM_GAZETTEER_ERROR (cm_gazetteer_error_quark ())

typedef enum
{
  CM_GAZETTEER_ERROR_CORRUPT,
} CmGazetteerError;

typedef enum
{
  CM_PLACE_TOWN,      /* any populated place */
  CM_PLACE_CAPITAL,   /* a country's capital */
  CM_PLACE_SEAT,      /* the seat of a first-level subdivision */
} CmPlaceKind;

typedef struct
{
  const char  *name;        /* GeoNames' name ("Warsaw", "Zrenjanin") */
  const char  *name_fr;     /* French ("Varsovie"), NULL when it is @name */
  const char  *aliases;     /* other names, "|" between them ("Warschau|Варшава"), or NULL */
  const char  *admin;       /* first-level subdivision code, "" when none */
  double       lat;
  double       lon;
  guint        country;     /* index of its country */
  guint        population;
  CmPlaceKind  kind;
} CmPlace;

typedef struct
{
  const char *code;         /* ISO 3166-1 alpha-2 */
  const char *name;         /* English ISO short name */
  const char *name_fr;      /* French */
  double      lat;          /* its capital, else its most populous place */
  double      lon;
} CmCountry;

typedef enum
{
  CM_GAZETTEER_MATCH_NONE,
  CM_GAZETTEER_MATCH_PLACE,    /* a town or city */
  CM_GAZETTEER_MATCH_REGION,   /* only a subdivision: its most populous place */
  CM_GAZETTEER_MATCH_COUNTRY,  /* only the country was recognised */
} CmGazetteerMatchKind;

typedef struct
{
  CmGazetteerMatchKind kind;
  guint                place;    /* index, or G_MAXUINT */
  guint                country;  /* index, or G_MAXUINT */
  double               lat;
  double               lon;
} CmGazetteerMatch;

typedef struct _CmGazetteer CmGazetteer;

#define CM_TYPE_GAZETTEER (cm_gazetteer_get_type ())
GType             cm_gazetteer_get_type          (void) G_GNUC_CONST;
GQuark            cm_gazetteer_error_quark       (void);

CmGazetteer      *cm_gazetteer_new_from_bytes    (GBytes            *bytes,
                                                  GError           **error);
/* The gazetteer of CM_GAZETTEER_RESOURCE, loaded on first use (transfer
 * none). NULL, with a critical warning, only when the build is broken. */
CmGazetteer      *cm_gazetteer_get_default       (void);
CmGazetteer      *cm_gazetteer_ref               (CmGazetteer       *self);
void              cm_gazetteer_unref             (CmGazetteer       *self);

/* Places, most populous first. */
guint             cm_gazetteer_get_n_places      (CmGazetteer       *self);
const CmPlace    *cm_gazetteer_get_place         (CmGazetteer       *self,
                                                  guint              index);
guint             cm_gazetteer_get_n_countries   (CmGazetteer       *self);
const CmCountry  *cm_gazetteer_get_country       (CmGazetteer       *self,
                                                  guint              index);
/* The country's name in @language ("fr", "fr_FR.UTF-8"; NULL or any other
 * for English). */
const char       *cm_gazetteer_get_country_name  (CmGazetteer       *self,
                                                  guint              index,
                                                  const char        *language);
/* The place's name in @language, as cm_gazetteer_get_country_name(): its
 * French name where the data has one, else its name. */
const char       *cm_gazetteer_get_place_name    (CmGazetteer       *self,
                                                  guint              index,
                                                  const char        *language);
/* Index of the country with that name, French name or alias (folded:
 * "Dem. Rep. Congo", "royaume-uni"), or G_MAXUINT. */
guint             cm_gazetteer_find_country      (CmGazetteer       *self,
                                                  const char        *name);

/* Finds the place that free text such as "Dublin, Ireland", "Buckingham
 * Palace, London, United Kingdom" or "Dublin, Ohio" names: the text is
 * read as comma-separated parts (parenthesised ones last); a trailing
 * country and a subdivision narrow the search; of the parts that name a
 * place the most populous wins ("near X" parts only when no other does);
 * failing that, the leading words of a part ("Dublin Airport") are tried
 * when a country was given, then the subdivision, then the country. FALSE, with @match's kind NONE, when nothing is recognised. */
gboolean          cm_gazetteer_lookup            (CmGazetteer       *self,
                                                  const char        *text,
                                                  CmGazetteerMatch  *match);

/* Up to @max places whose folded name starts with the folded @prefix, most
 * populous first, appended to @indexes (guint): for a search field. */
void              cm_gazetteer_complete          (CmGazetteer       *self,
                                                  const char        *prefix,
                                                  guint              max,
                                                  GArray            *indexes);

/* "Places: GeoNames", translated: for the About window and exports. */
const char       *cm_gazetteer_get_credit        (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmGazetteer, cm_gazetteer_unref)

G_END_DECLS
