/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-event-store.h"
#include "cm-gazetteer.h"

G_BEGIN_DECLS

/* Coordinates for events that name a place but have none, proposed from
 * the offline gazetteer and applied only when accepted: after an import
 * the window shows how many were placed and lets the user accept or
 * review them; `chronomap --convert --geocode` accepts them all. Applied
 * coordinates are marked CM_EVENT_COORDINATES_APPROXIMATE. */

typedef struct
{
  guint             serial;  /* the event's, see cm_event_store_find_serial() */
  char             *place;   /* its place text, owned */
  CmGazetteerMatch  match;   /* kind PLACE or COUNTRY, with the coordinates */
} CmGeocodeProposal;

typedef struct
{
  guint      n_candidates;   /* events with a place and no coordinates */
  GArray    *proposals;      /* CmGeocodeProposal, in store order */
  GPtrArray *unmatched;      /* distinct place texts not found (char *), first seen first */
} CmGeocodeReport;

/* Looks up every event of @store that has a place and no coordinates.
 * @gazetteer: NULL for the default one. Never changes the store. */
CmGeocodeReport *cm_geocode_propose           (CmEventStore          *store,
                                               CmGazetteer           *gazetteer);
/* How many proposals matched only a country. */
guint            cm_geocode_report_count_countries (const CmGeocodeReport *report);
void             cm_geocode_report_free       (CmGeocodeReport       *report);

/* Sets the coordinates of the proposals whose @accepted entry is TRUE
 * (@accepted: NULL for all, else one gboolean per proposal), marked
 * approximate; events that meanwhile got coordinates or went are left
 * alone. Returns how many events changed. */
guint            cm_geocode_apply             (CmEventStore          *store,
                                               const CmGeocodeReport *report,
                                               const gboolean        *accepted);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmGeocodeReport, cm_geocode_report_free)

G_END_DECLS
