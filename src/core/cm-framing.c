/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-framing"

#include "config.h"

#include "cm-framing.h"

#include "cm-time-window.h"

#include <math.h>

/* An itinerary is the story when it holds at least this share of the
 * events (and is shorter than the dense window). */
#define ITINERARY_MIN_SHARE 0.25

/* The events the filter lets through, in store (time) order. */
typedef struct
{
  CmEventStore     *store;
  const CmMatchSet *matches;   /* NULL: every event */
  guint             n;
} Matches;

static void
matches_init (Matches          *self,
              CmDocument       *document,
              const CmMatchSet *matches)
{
  self->store = cm_document_get_store (document);
  self->n = cm_event_store_get_n_events (self->store);
  self->matches = NULL;

  if (matches != NULL && !cm_match_set_is_all (matches))
    {
      self->matches = matches;
      /* A result of an older store: only the positions still there. */
      self->n = 0;
      for (guint i = cm_match_set_get_n_matches (matches); i > 0; i--)
        if (cm_match_set_get_position (matches, i - 1) < cm_event_store_get_n_events (self->store))
          {
            self->n = i;
            break;
          }
    }
}

static inline guint
matches_position (const Matches *self,
                  guint          index)
{
  return self->matches != NULL ? cm_match_set_get_position (self->matches, index) : index;
}

/* Longitudes fall into bins of this many degrees; each bin keeps its
 * least and greatest, so that the gaps between bins are exact. */
#define LON_BINS 3600

void
cm_framing_narrowest_lons (GArray *lons,
                           double *min_lon,
                           double *max_lon)
{
  g_autofree double *lo = NULL;
  g_autofree double *hi = NULL;
  double gap = -1, first_lo = 0, previous_hi = 0;
  guint first = G_MAXUINT;

  g_return_if_fail (lons != NULL && lons->len > 0);

  /* No sort: one pass into bins, one over them. The widest gap between
   * neighbours lies between two bins (or is inside one, narrower than a
   * bin, when the places are everywhere). */
  lo = g_new (double, LON_BINS);
  hi = g_new (double, LON_BINS);
  for (guint b = 0; b < LON_BINS; b++)
    {
      lo[b] = G_MAXDOUBLE;
      hi[b] = -G_MAXDOUBLE;
    }
  for (guint i = 0; i < lons->len; i++)
    {
      double lon = CLAMP (g_array_index (lons, double, i), -180, 180);
      guint b = MIN ((guint) ((lon + 180) / 360 * LON_BINS), LON_BINS - 1);

      lo[b] = MIN (lo[b], lon);
      hi[b] = MAX (hi[b], lon);
    }

  for (guint b = 0; b < LON_BINS; b++)
    {
      if (lo[b] > hi[b])
        continue;

      if (first == G_MAXUINT)
        {
          first = b;
          first_lo = lo[b];
        }
      else if (lo[b] - previous_hi > gap)
        {
          gap = lo[b] - previous_hi;
          *min_lon = lo[b];
          *max_lon = previous_hi;
        }
      previous_hi = hi[b];
    }

  /* The gap across ±180°, from the last place round to the first: leaving
   * it out is the plain range. */
  if (first_lo + 360 - previous_hi >= gap)
    {
      *min_lon = first_lo;
      *max_lon = previous_hi;
    }
}

/* Places ----------------------------------------------------------------- */

typedef struct
{
  GArray *lons;
  double  min_lat, max_lat;
} Places;

static void
places_init (Places *places)
{
  places->lons = g_array_new (FALSE, FALSE, sizeof (double));
  places->min_lat = G_MAXDOUBLE;
  places->max_lat = -G_MAXDOUBLE;
}

static void
places_add (Places *places,
            double  lat,
            double  lon)
{
  if (!isfinite (lat) || !isfinite (lon))
    return;

  lon = CLAMP (lon, -180, 180);
  places->min_lat = MIN (places->min_lat, CLAMP (lat, -90, 90));
  places->max_lat = MAX (places->max_lat, CLAMP (lat, -90, 90));
  g_array_append_val (places->lons, lon);
}

static void
places_add_event (Places       *places,
                  CmEventStore *store,
                  guint         position)
{
  double lat, lon;

  if (cm_event_store_get_coordinates (store, position, &lat, &lon))
    places_add (places, lat, lon);
}

/* Fills the framing's places and frees @places. */
static void
places_finish (Places    *places,
               CmFraming *framing)
{
  framing->has_places = places->lons->len > 0;
  if (framing->has_places)
    {
      framing->min_lat = places->min_lat;
      framing->max_lat = places->max_lat;
      cm_framing_narrowest_lons (places->lons, &framing->min_lon, &framing->max_lon);
    }
  else
    {
      framing->min_lat = framing->max_lat = framing->min_lon = framing->max_lon = 0;
    }

  g_array_unref (places->lons);
}

/* Framings --------------------------------------------------------------- */

/* The events at indices [first, last] of @m: their times (the latest end
 * taken only as far as it at most doubles the span of their starts, so
 * that one long span does not stretch the window) and their places. */
static void
frame_range (const Matches *m,
             guint          first,
             guint          last,
             gboolean       all_ends,
             CmFraming     *framing)
{
  CmTime start = cm_event_store_get_start (m->store, matches_position (m, first));
  CmTime last_start = cm_event_store_get_start (m->store, matches_position (m, last));
  CmTime end = last_start;
  double span = cm_time_window_span (start, last_start);
  Places places;

  places_init (&places);
  for (guint i = first; i <= last; i++)
    {
      guint position = matches_position (m, i);

      end = MAX (end, cm_event_store_get_end (m->store, position));
      places_add_event (&places, m->store, position);
    }

  if (!all_ends && span > 0)
    end = MIN (end, cm_time_window_time_from_double ((double) last_start + span));

  framing->start = start;
  framing->end = MAX (end, last_start);
  framing->n_events = last - first + 1;
  places_finish (&places, framing);
}

gboolean
cm_framing_all_for (CmDocument       *document,
                    const CmMatchSet *matches,
                    CmFraming        *framing)
{
  Matches m;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (framing != NULL, FALSE);

  matches_init (&m, document, matches);
  if (m.n == 0)
    return FALSE;

  frame_range (&m, 0, m.n - 1, TRUE, framing);

  return TRUE;
}

/* The matching events of @group: TRUE when they hold at least
 * ITINERARY_MIN_SHARE of the matches. */
static gboolean
frame_group (const Matches *m,
             guint          group,
             CmFraming     *framing)
{
  CmTime start = CM_TIME_INVALID, end = CM_TIME_INVALID;
  guint count = 0;
  Places places;

  places_init (&places);
  for (guint i = 0; i < m->n; i++)
    {
      guint position = matches_position (m, i);

      if (cm_event_store_get_group (m->store, position) != group)
        continue;

      if (count++ == 0)
        start = cm_event_store_get_start (m->store, position);
      end = MAX (end, cm_event_store_get_end (m->store, position));
      places_add_event (&places, m->store, position);
    }

  framing->start = start;
  framing->end = end;
  framing->n_events = count;
  places_finish (&places, framing);

  return count > 0 && count >= ITINERARY_MIN_SHARE * m->n;
}

gboolean
cm_framing_story_for (CmDocument       *document,
                      const CmMatchSet *matches,
                      guint             itinerary_group,
                      CmFraming        *framing)
{
  Matches m;
  guint k, best = 0;
  double best_span = G_MAXDOUBLE;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (framing != NULL, FALSE);

  matches_init (&m, document, matches);
  if (m.n == 0)
    return FALSE;

  /* The shortest window of starts holding k of the n events: one pass,
   * the starts being sorted. */
  k = (guint) MAX (1, ceil (CM_FRAMING_DENSE_SHARE * m.n - 1e-9));
  for (guint i = 0; i + k <= m.n; i++)
    {
      double span = cm_time_window_span (cm_event_store_get_start (m.store, matches_position (&m, i)),
                                         cm_event_store_get_start (m.store, matches_position (&m, i + k - 1)));

      if (span < best_span)
        {
          best_span = span;
          best = i;
        }
    }

  frame_range (&m, best, best + k - 1, FALSE, framing);

  if (itinerary_group != CM_NONE)
    {
      CmFraming tour;

      if (frame_group (&m, itinerary_group, &tour) &&
          cm_time_window_span (tour.start, tour.end) < cm_time_window_span (framing->start, framing->end))
        *framing = tour;
    }

  return TRUE;
}

gboolean
cm_framing_story (CmSession *session,
                  CmFraming *framing)
{
  CmPlayback *playback;

  g_return_val_if_fail (CM_IS_SESSION (session), FALSE);

  if (cm_session_get_document (session) == NULL)
    return FALSE;

  playback = cm_session_get_playback (session);

  /* A document just opened while a search runs: its whole story. */
  return cm_framing_story_for (cm_session_get_document (session),
                               cm_session_get_pending (session) ? NULL : cm_session_get_matches (session),
                               cm_playback_get_itinerary (playback) != NULL
                                 ? cm_playback_get_group (playback) : CM_NONE,
                               framing);
}

gboolean
cm_framing_all (CmSession *session,
                CmFraming *framing)
{
  g_return_val_if_fail (CM_IS_SESSION (session), FALSE);

  if (cm_session_get_document (session) == NULL)
    return FALSE;

  return cm_framing_all_for (cm_session_get_document (session),
                             cm_session_get_matches (session), framing);
}

gboolean
cm_framing_itinerary (CmItinerary *itinerary,
                      CmFraming   *framing)
{
  guint n;
  Places places;

  g_return_val_if_fail (itinerary != NULL, FALSE);
  g_return_val_if_fail (framing != NULL, FALSE);

  n = cm_itinerary_get_n_stops (itinerary);
  if (n == 0)
    return FALSE;

  places_init (&places);
  for (guint i = 0; i < n; i++)
    {
      const CmStop *stop = cm_itinerary_get_stop (itinerary, i);

      places_add (&places, stop->lat, stop->lon);
    }

  framing->start = cm_itinerary_get_stop (itinerary, 0)->arrive;
  framing->end = MAX (cm_itinerary_get_stop (itinerary, n - 1)->depart, framing->start);
  framing->n_events = n;
  places_finish (&places, framing);

  return TRUE;
}
