/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-gazetteer.h"

G_BEGIN_DECLS

/* What cm-gazetteer.c (reading the file, the name index) and
 * cm-gazetteer-lookup.c (finding a place by its name) share. */

typedef struct
{
  guint       country;
  const char *code;
} Admin;

struct _CmGazetteer
{
  gatomicrefcount  ref_count;

  char            *text;          /* the file, cut into fields */
  CmPlace         *places;        /* sized to fit: most of the gazetteer */
  guint            n_places;
  GArray          *countries;     /* CmCountry */
  GArray          *admins;        /* Admin */

  GStringChunk    *folded;        /* folded names */
  const char     **place_folded;  /* per place, into @folded */
  const char     **place_folded_fr; /* per place, into @folded; NULL: no other French name */
  guint            n_entries;     /* of the name index */
  guint           *entry_place;   /* per name index entry, its place */
  guint           *next_same;     /* per entry, the next with the same folded name, or G_MAXUINT */
  GHashTable      *by_name;       /* canonical name (_cm_gazetteer_canonical_into()) → first entry + 1 */
  GHashTable      *country_names; /* folded name or alias → country + 1 */
  GHashTable      *admin_names;   /* "CC\tfolded name" and "\tfolded name" → admin + 1 */
};

/* The form of the folded name @folded that names are matched by, into
 * @out (see cm-gazetteer.c). */
void _cm_gazetteer_canonical_into (GString    *out,
                                   const char *folded);

G_END_DECLS
