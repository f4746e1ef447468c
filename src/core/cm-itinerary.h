/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cm-document.h"

G_BEGIN_DECLS

/* The route of an itinerary group: its events with coordinates in time
 * order, consecutive events at the same place (within 2 km) merged into
 * one stop. Between the last event of a stop and the first of the next,
 * the traveller is on the great circle between them. An immutable
 * snapshot: build a new one after the document changes. */

typedef struct
{
  double  lat;
  double  lon;
  CmTime  arrive;       /* start of the first event at this stop */
  CmTime  depart;       /* end (or start) of the last event at this stop */
  guint   first;        /* store positions of its first and last events */
  guint   last;
  guint   n_events;
  guint   serial;       /* serial of the first event */
  const char *place;    /* of the first event (owned by the itinerary) */
} CmStop;

typedef struct _CmItinerary CmItinerary;

#define CM_TYPE_ITINERARY (cm_itinerary_get_type ())
GType            cm_itinerary_get_type     (void) G_GNUC_CONST;

CmItinerary     *cm_itinerary_new          (CmDocument        *document,
                                            guint              group);
CmItinerary     *cm_itinerary_ref          (CmItinerary       *itinerary);
void             cm_itinerary_unref        (CmItinerary       *itinerary);

guint            cm_itinerary_get_group    (CmItinerary       *itinerary);
guint            cm_itinerary_get_n_stops  (CmItinerary       *itinerary);
const CmStop    *cm_itinerary_get_stop     (CmItinerary       *itinerary,
                                            guint              index);
/* Index of the stop that holds the event at store @position, or CM_NONE. */
guint            cm_itinerary_find_stop    (CmItinerary       *itinerary,
                                            guint              position);

/* Where the traveller is at @time: at a stop (@stop its index, @travelling
 * FALSE) or on the leg from @stop to @stop + 1. Before the first arrival:
 * at the first stop; after the last departure: at the last. FALSE when the
 * itinerary has no stop. */
gboolean         cm_itinerary_locate       (CmItinerary       *itinerary,
                                            CmTime             time,
                                            double            *lat,
                                            double            *lon,
                                            guint             *stop,
                                            gboolean          *travelling);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmItinerary, cm_itinerary_unref)

G_END_DECLS
