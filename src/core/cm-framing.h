/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-document.h"
#include "cm-itinerary.h"
#include "cm-match-set.h"
#include "cm-session.h"

G_BEGIN_DECLS

/* Where a document's story is: the time and the places the views frame.
 *
 * At first sight (cm_framing_story()) that is the first itinerary when the
 * document has one that holds a fair share of the events in a shorter time
 * than the dense window; else the dense window: the shortest time holding
 * CM_FRAMING_DENSE_SHARE of the events, so that a few far outliers (a date
 * years away, a typo) do not shrink the rest into one cluster. "Fit all"
 * (cm_framing_all()) frames every event that passes the filter. Both read
 * only the filter's matches. */

/* The share of the events the dense window holds. */
#define CM_FRAMING_DENSE_SHARE 0.8

typedef struct
{
  CmTime   start;      /* the framed events' times, no margins */
  CmTime   end;        /* >= start */
  guint    n_events;   /* events framed */
  /* The narrowest box holding the places of those with coordinates;
   * min_lon > max_lon is a box across ±180°. */
  gboolean has_places;
  double   min_lat;
  double   max_lat;
  double   min_lon;
  double   max_lon;
} CmFraming;

/* The first view of @session's document (its first itinerary group being
 * the playback's), from the filter's matches (every event while a newer
 * result is pending). FALSE when nothing matches. */
gboolean cm_framing_story          (CmSession        *session,
                                    CmFraming        *framing);
/* Every event of @session's document that passes its filter. */
gboolean cm_framing_all            (CmSession        *session,
                                    CmFraming        *framing);

/* The same from a document's @matches (nullable: every event) and the
 * index of the itinerary group to prefer (CM_NONE: none). */
gboolean cm_framing_story_for      (CmDocument       *document,
                                    const CmMatchSet *matches,
                                    guint             itinerary_group,
                                    CmFraming        *framing);
gboolean cm_framing_all_for        (CmDocument       *document,
                                    const CmMatchSet *matches,
                                    CmFraming        *framing);
/* The itinerary's time (first arrival … last departure) and its stops. */
gboolean cm_framing_itinerary      (CmItinerary      *itinerary,
                                    CmFraming        *framing);

/* The narrowest range of longitudes (degrees in [-180, 180]) holding
 * all of @lons (at least one), in linear time: it leaves out the widest
 * gap between neighbours, which may be the one across ±180°; else
 * @min_lon > @max_lon. */
void     cm_framing_narrowest_lons (GArray           *lons,
                                    double           *min_lon,
                                    double           *max_lon);

G_END_DECLS
