/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-itinerary"

#include "config.h"

#include "cm-itinerary.h"
#include "cm-match-set.h"
#include "cm-projection.h"

#include <string.h>

/* Events closer than this to the first event of a stop belong to it. */
#define SAME_PLACE_KM 2.0

struct _CmItinerary
{
  gatomicrefcount  ref_count;
  guint            group;
  GArray          *stops;      /* CmStop */
  GArray          *stop_start; /* guint: index in serials of each stop's first event */
  GStringChunk    *places;     /* the stops' places */
  GArray          *serials;    /* guint: serials of the events, in stop order */
  GArray          *positions;  /* guint: store positions of the events, increasing */
  GArray          *stop_of;    /* guint: the stop of each of them */
};

G_DEFINE_BOXED_TYPE (CmItinerary, cm_itinerary, cm_itinerary_ref, cm_itinerary_unref)

typedef struct
{
  guint  position;
  guint  order;
  CmTime start;
} Member;

/* Explicit order, then time (store) order. */
static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const Member *ma = a, *mb = b;

  if (ma->order != mb->order)
    return ma->order < mb->order ? -1 : 1;
  return ma->position < mb->position ? -1 : ma->position > mb->position;
}

static CmItinerary *
itinerary_alloc (guint group)
{
  CmItinerary *self = g_new0 (CmItinerary, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->group = group;
  self->stops = g_array_new (FALSE, TRUE, sizeof (CmStop));
  self->stop_start = g_array_new (FALSE, FALSE, sizeof (guint));
  self->places = g_string_chunk_new (256);
  self->serials = g_array_new (FALSE, FALSE, sizeof (guint));
  self->positions = g_array_new (FALSE, FALSE, sizeof (guint));
  self->stop_of = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

/* The events of @group with coordinates, in stop order (see the header):
 * time order merged with explicit order. */
static GArray *
collect_members (CmEventStore *store,
                 guint         group)
{
  g_autoptr(GArray) timed = g_array_new (FALSE, FALSE, sizeof (Member));
  g_autoptr(GArray) ordered = g_array_new (FALSE, FALSE, sizeof (Member));
  GArray *members;
  guint n = cm_event_store_get_n_events (store);
  guint t = 0, o = 0;

  /* The store is sorted by start: its order is the time order. */
  for (guint position = 0; position < n; position++)
    {
      Member member;
      double lat, lon;

      if (cm_event_store_get_group (store, position) != group
          || !cm_event_store_get_coordinates (store, position, &lat, &lon))
        continue;

      member.position = position;
      member.order = cm_event_store_get_order (store, position);
      member.start = cm_event_store_get_start (store, position);
      g_array_append_val (member.order != 0 ? ordered : timed, member);
    }

  g_array_sort (ordered, compare_members);

  members = g_array_sized_new (FALSE, FALSE, sizeof (Member), timed->len + ordered->len);
  while (t < timed->len || o < ordered->len)
    {
      const Member *a = t < timed->len ? &g_array_index (timed, Member, t) : NULL;
      const Member *b = o < ordered->len ? &g_array_index (ordered, Member, o) : NULL;

      if (a != NULL && (b == NULL || a->start < b->start))
        {
          g_array_append_val (members, *a);
          t++;
        }
      else
        {
          g_array_append_val (members, *b);
          o++;
        }
    }

  return members;
}

static int
compare_guints (gconstpointer a,
                gconstpointer b)
{
  guint ua = *(const guint *) a, ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub;
}

/* Fills positions and stop_of (sorted by position) from the stops and
 * their events' positions in stop order, @sequence. */
static void
index_positions (CmItinerary  *self,
                 const GArray *sequence)
{
  g_autoptr(GArray) pairs = g_array_sized_new (FALSE, FALSE, 2 * sizeof (guint), sequence->len);

  for (guint s = 0; s < self->stops->len; s++)
    {
      guint from = g_array_index (self->stop_start, guint, s);
      guint to = s + 1 < self->stops->len ? g_array_index (self->stop_start, guint, s + 1)
                                          : sequence->len;

      for (guint i = from; i < to; i++)
        {
          guint pair[2] = { g_array_index (sequence, guint, i), s };

          g_array_append_val (pairs, pair);
        }
    }
  /* The pair's first member is the position: sorting compares it alone. */
  g_array_sort (pairs, compare_guints);

  g_array_set_size (self->positions, 0);
  g_array_set_size (self->stop_of, 0);
  for (guint i = 0; i < pairs->len; i++)
    {
      const guint *pair = &g_array_index (pairs, guint, 2 * i);

      g_array_append_val (self->positions, pair[0]);
      g_array_append_val (self->stop_of, pair[1]);
    }
}

/**
 * cm_itinerary_new:
 * @document: the document
 * @group: index of one of its groups (of any kind)
 *
 * Returns: (transfer full): the route of @group's events, now.
 */
CmItinerary *
cm_itinerary_new (CmDocument *document,
                  guint       group)
{
  CmItinerary *self;
  CmEventStore *store;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) sequence = NULL;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);

  self = itinerary_alloc (group);
  store = cm_document_get_store (document);
  members = collect_members (store, group);
  sequence = g_array_sized_new (FALSE, FALSE, sizeof (guint), members->len);

  for (guint i = 0; i < members->len; i++)
    {
      guint position = g_array_index (members, Member, i).position;
      CmStop *last = self->stops->len > 0
                   ? &g_array_index (self->stops, CmStop, self->stops->len - 1)
                   : NULL;
      guint serial = cm_event_store_get_serial (store, position);
      CmTime end;
      double lat, lon;

      cm_event_store_get_coordinates (store, position, &lat, &lon);
      end = cm_event_store_get_end (store, position);

      if (last != NULL
          && cm_great_circle_distance (last->lat, last->lon, lat, lon) <= SAME_PLACE_KM)
        {
          last->last = position;
          last->n_events++;
          last->depart = MAX (last->depart, end);
        }
      else
        {
          CmStop stop = { 0 };
          CmEventData data;
          guint from = self->serials->len;

          cm_event_store_get_data (store, position, &data);
          stop.lat = lat;
          stop.lon = lon;
          stop.arrive = cm_event_store_get_start (store, position);
          if (last != NULL)
            stop.arrive = MAX (stop.arrive, last->arrive);
          stop.depart = MAX (end, stop.arrive);
          stop.first = stop.last = position;
          stop.n_events = 1;
          stop.serial = serial;
          stop.place = data.place != NULL ? g_string_chunk_insert (self->places, data.place) : NULL;
          g_array_append_val (self->stops, stop);
          g_array_append_val (self->stop_start, from);
        }

      g_array_append_val (self->serials, serial);
      g_array_append_val (sequence, position);
    }

  index_positions (self, sequence);

  return self;
}

/**
 * cm_itinerary_relocate:
 *
 * Returns: (transfer full): @itinerary with its events' current positions
 */
CmItinerary *
cm_itinerary_relocate (CmItinerary  *itinerary,
                       CmEventStore *store)
{
  CmItinerary *self;
  g_autoptr(GArray) sequence = NULL;
  g_autoptr(GArray) sorted = NULL;

  g_return_val_if_fail (itinerary != NULL, NULL);
  g_return_val_if_fail (CM_IS_EVENT_STORE (store), NULL);

  sequence = g_array_sized_new (FALSE, FALSE, sizeof (guint), itinerary->serials->len);
  for (guint i = 0; i < itinerary->serials->len; i++)
    {
      guint position = cm_event_store_find_serial (store, g_array_index (itinerary->serials, guint, i));

      g_return_val_if_fail (position != CM_NONE, cm_itinerary_ref (itinerary));
      g_array_append_val (sequence, position);
    }

  /* Same positions (an edit that moved nothing): the same snapshot. */
  sorted = g_array_copy (sequence);
  g_array_sort (sorted, compare_guints);
  if (sorted->len == itinerary->positions->len
      && (sorted->len == 0
          || memcmp (sorted->data, itinerary->positions->data, sorted->len * sizeof (guint)) == 0))
    return cm_itinerary_ref (itinerary);

  self = itinerary_alloc (itinerary->group);
  g_array_append_vals (self->stops, itinerary->stops->data, itinerary->stops->len);
  g_array_append_vals (self->stop_start, itinerary->stop_start->data, itinerary->stop_start->len);
  g_array_append_vals (self->serials, itinerary->serials->data, itinerary->serials->len);
  for (guint s = 0; s < self->stops->len; s++)
    {
      CmStop *stop = &g_array_index (self->stops, CmStop, s);
      guint from = g_array_index (self->stop_start, guint, s);

      stop->first = g_array_index (sequence, guint, from);
      stop->last = g_array_index (sequence, guint, from + stop->n_events - 1);
      if (stop->place != NULL)
        stop->place = g_string_chunk_insert (self->places, stop->place);
    }
  index_positions (self, sequence);

  return self;
}

gboolean
cm_itinerary_is_affected (CmItinerary  *itinerary,
                          CmEventStore *store,
                          guint         position,
                          guint         removed,
                          guint         added)
{
  guint end = position + added;

  g_return_val_if_fail (itinerary != NULL, TRUE);
  g_return_val_if_fail (CM_IS_EVENT_STORE (store), TRUE);
  g_return_val_if_fail (end <= cm_event_store_get_n_events (store), TRUE);

  /* An event of the group among the new items: added, changed or moved. */
  for (guint p = position; p < end; p++)
    if (cm_event_store_get_group (store, p) == itinerary->group)
      return TRUE;

  /* Removed items need no look of their own: one of ours among them is
   * found gone. One of ours removed, or changed (its group maybe taken away). */
  for (guint i = 0; i < itinerary->serials->len; i++)
    {
      guint p = cm_event_store_find_serial (store, g_array_index (itinerary->serials, guint, i));

      if (p == CM_NONE || (p >= position && p < end))
        return TRUE;
    }

  return FALSE;
}

const guint *
cm_itinerary_get_stop_serials (CmItinerary *itinerary,
                               guint        index,
                               guint       *n_events)
{
  const CmStop *stop;

  g_return_val_if_fail (itinerary != NULL, NULL);
  g_return_val_if_fail (index < itinerary->stops->len, NULL);

  stop = &g_array_index (itinerary->stops, CmStop, index);
  if (n_events != NULL)
    *n_events = stop->n_events;

  return &g_array_index (itinerary->serials, guint, g_array_index (itinerary->stop_start, guint, index));
}

CmItinerary *
cm_itinerary_ref (CmItinerary *itinerary)
{
  g_return_val_if_fail (itinerary != NULL, NULL);

  g_atomic_ref_count_inc (&itinerary->ref_count);
  return itinerary;
}

void
cm_itinerary_unref (CmItinerary *itinerary)
{
  g_return_if_fail (itinerary != NULL);

  if (!g_atomic_ref_count_dec (&itinerary->ref_count))
    return;

  g_array_unref (itinerary->stops);
  g_array_unref (itinerary->stop_start);
  g_array_unref (itinerary->serials);
  g_string_chunk_free (itinerary->places);
  g_array_unref (itinerary->positions);
  g_array_unref (itinerary->stop_of);
  g_free (itinerary);
}

guint
cm_itinerary_get_group (CmItinerary *itinerary)
{
  g_return_val_if_fail (itinerary != NULL, CM_NONE);

  return itinerary->group;
}

guint
cm_itinerary_get_n_stops (CmItinerary *itinerary)
{
  g_return_val_if_fail (itinerary != NULL, 0);

  return itinerary->stops->len;
}

const CmStop *
cm_itinerary_get_stop (CmItinerary *itinerary,
                       guint        index)
{
  g_return_val_if_fail (itinerary != NULL, NULL);
  g_return_val_if_fail (index < itinerary->stops->len, NULL);

  return &g_array_index (itinerary->stops, CmStop, index);
}

guint
cm_itinerary_find_stop (CmItinerary *itinerary,
                        guint        position)
{
  guint lo = 0, hi;

  g_return_val_if_fail (itinerary != NULL, CM_NONE);

  hi = itinerary->positions->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint value = g_array_index (itinerary->positions, guint, mid);

      if (value == position)
        return g_array_index (itinerary->stop_of, guint, mid);
      if (value < position)
        lo = mid + 1;
      else
        hi = mid;
    }

  return CM_NONE;
}

/**
 * cm_itinerary_get_matched_stops:
 * @matches: (nullable): a filter result over the store the itinerary was
 *   made from (NULL: every event matches)
 * @out: room for as many indices as the itinerary has stops
 *
 * Finds the stops with an event in @matches. Reads the itinerary and the
 * set only, both immutable: safe in any thread.
 *
 * Returns: how many stops were written to @out, ascending
 */
guint
cm_itinerary_get_matched_stops (CmItinerary      *itinerary,
                                const CmMatchSet *matches,
                                guint            *out)
{
  guint n_stops, n_events, n = 0;
  g_autofree guint8 *contained = NULL;
  g_autofree guint8 *stop_matches = NULL;

  g_return_val_if_fail (itinerary != NULL, 0);
  g_return_val_if_fail (out != NULL || itinerary->stops->len == 0, 0);

  n_stops = itinerary->stops->len;
  if (matches == NULL || cm_match_set_is_all (matches))
    {
      for (guint s = 0; s < n_stops; s++)
        out[s] = s;
      return n_stops;
    }

  n_events = itinerary->positions->len;
  contained = g_new (guint8, MAX (n_events, 1));
  stop_matches = g_new0 (guint8, MAX (n_stops, 1));
  cm_match_set_contains_many (matches, (const guint *) (void *) itinerary->positions->data,
                              n_events, contained);
  for (guint i = 0; i < n_events; i++)
    if (contained[i])
      stop_matches[g_array_index (itinerary->stop_of, guint, i)] = TRUE;
  for (guint s = 0; s < n_stops; s++)
    if (stop_matches[s])
      out[n++] = s;

  return n;
}

gboolean
cm_itinerary_locate (CmItinerary *itinerary,
                     CmTime       time,
                     double      *lat,
                     double      *lon,
                     guint       *stop,
                     gboolean    *travelling)
{
  const CmStop *stops, *here, *next;
  guint n, lo, hi, index;
  double fraction;

  g_return_val_if_fail (itinerary != NULL, FALSE);

  n = itinerary->stops->len;
  if (n == 0)
    return FALSE;

  stops = (const CmStop *) (void *) itinerary->stops->data;

  /* The last stop arrived at by @time (arrivals never decrease). */
  lo = 0;
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (stops[mid].arrive <= time)
        lo = mid + 1;
      else
        hi = mid;
    }
  index = lo > 0 ? lo - 1 : 0;
  here = &stops[index];

  if (time == CM_TIME_INVALID || lo == 0 || time <= here->depart || index == n - 1)
    {
      if (lat != NULL)
        *lat = here->lat;
      if (lon != NULL)
        *lon = here->lon;
      if (stop != NULL)
        *stop = index;
      if (travelling != NULL)
        *travelling = FALSE;
      return TRUE;
    }

  next = &stops[index + 1];
  fraction = next->arrive > here->depart
           ? (double) (time - here->depart) / (double) (next->arrive - here->depart)
           : 1.0;
  fraction = CLAMP (fraction, 0.0, 1.0);

  if (lat != NULL || lon != NULL)
    {
      double plat, plon;

      cm_great_circle_point (here->lat, here->lon, next->lat, next->lon, fraction, &plat, &plon);
      if (lat != NULL)
        *lat = plat;
      if (lon != NULL)
        *lon = plon;
    }
  if (stop != NULL)
    *stop = index;
  if (travelling != NULL)
    *travelling = TRUE;

  return TRUE;
}
