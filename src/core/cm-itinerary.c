/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-itinerary"

#include "config.h"

#include "cm-itinerary.h"
#include "cm-projection.h"

/* Events closer than this to the first event of a stop belong to it. */
#define SAME_PLACE_KM 2.0

struct _CmItinerary
{
  gatomicrefcount  ref_count;
  guint            group;
  GArray          *stops;      /* CmStop */
  GStringChunk    *places;     /* the stops' places */
  GArray          *positions;  /* guint: store positions of the events, increasing */
  GArray          *stop_of;    /* guint: the stop of each of them */
};

G_DEFINE_BOXED_TYPE (CmItinerary, cm_itinerary, cm_itinerary_ref, cm_itinerary_unref)

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
  guint n;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);

  self = g_new0 (CmItinerary, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->group = group;
  self->stops = g_array_new (FALSE, TRUE, sizeof (CmStop));
  self->places = g_string_chunk_new (256);
  self->positions = g_array_new (FALSE, FALSE, sizeof (guint));
  self->stop_of = g_array_new (FALSE, FALSE, sizeof (guint));

  store = cm_document_get_store (document);
  n = cm_event_store_get_n_events (store);

  /* The store is sorted by start: its order is the time order. */
  for (guint position = 0; position < n; position++)
    {
      CmStop *last = self->stops->len > 0
                   ? &g_array_index (self->stops, CmStop, self->stops->len - 1)
                   : NULL;
      CmTime end;
      double lat, lon;
      guint index;

      if (cm_event_store_get_group (store, position) != group
          || !cm_event_store_get_coordinates (store, position, &lat, &lon))
        continue;

      end = cm_event_store_get_end (store, position);

      if (last != NULL
          && cm_great_circle_distance (last->lat, last->lon, lat, lon) <= SAME_PLACE_KM)
        {
          last->last = position;
          last->n_events++;
          last->depart = MAX (last->depart, end);
          index = self->stops->len - 1;
        }
      else
        {
          CmStop stop = { 0 };
          CmEventData data;

          cm_event_store_get_data (store, position, &data);
          stop.lat = lat;
          stop.lon = lon;
          stop.arrive = cm_event_store_get_start (store, position);
          stop.depart = end;
          stop.first = stop.last = position;
          stop.n_events = 1;
          stop.serial = cm_event_store_get_serial (store, position);
          stop.place = data.place != NULL ? g_string_chunk_insert (self->places, data.place) : NULL;
          g_array_append_val (self->stops, stop);
          index = self->stops->len - 1;
        }

      g_array_append_val (self->positions, position);
      g_array_append_val (self->stop_of, index);
    }

  return self;
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
