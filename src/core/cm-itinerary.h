/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cm-document.h"
#include "cm-match-set.h"

G_BEGIN_DECLS

/* The route of an itinerary group: its events with coordinates in stop
 * order, consecutive events at the same place (within 2 km) merged into
 * one stop. Between the last event of a stop and the first of the next,
 * the traveller is on the great circle between them. An immutable
 * snapshot: build a new one after the document changes.
 *
 * Stop order: events without an explicit order (CmEventData.order 0) go
 * in time order; those with one go in that order (ties in time order), and
 * the two sequences are merged by start, an event without an order coming
 * before one with an order only when it starts strictly earlier. So
 * stops of the same day keep the order the user gave them, and an event
 * added later still lands at its time. */

typedef struct
{
  double  lat;
  double  lon;
  /* Start of its first event and the latest end (or start) of its
   * events, but never earlier than the previous stop's arrival: an
   * explicit order can put a stop before an earlier one, and arrivals
   * must not decrease for playback. */
  CmTime  arrive;
  CmTime  depart;
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
/* The serials of the stop's events, in stop order (@n_events of them;
 * owned by the itinerary). */
const guint     *cm_itinerary_get_stop_serials (CmItinerary   *itinerary,
                                                guint          index,
                                                guint         *n_events);

/* Whether items-changed (@position, @removed, @added) of the document's
 * store can change this itinerary: an event of its group among the new
 * items, or one of its events gone or among them. Costs O(@added + the
 * itinerary's events), not a pass over the store. */
gboolean         cm_itinerary_is_affected  (CmItinerary       *itinerary,
                                            CmEventStore      *store,
                                            guint              position,
                                            guint              removed,
                                            guint              added);
/* The same itinerary with the store positions its events have now, after
 * a change that did not affect it (positions shift when events are added
 * or removed before them). Returns a new reference. */
CmItinerary     *cm_itinerary_relocate     (CmItinerary       *itinerary,
                                            CmEventStore      *store);

/* Index of the stop that holds the event at store @position, or CM_NONE. */
guint            cm_itinerary_find_stop    (CmItinerary       *itinerary,
                                            guint              position);

/* The stops with an event in @matches (nullable: all), ascending, into
 * @out (room for every stop); returns how many. Safe in any thread. */
guint            cm_itinerary_get_matched_stops (CmItinerary      *itinerary,
                                                 const CmMatchSet *matches,
                                                 guint            *out);

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
