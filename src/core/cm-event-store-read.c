/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-event-private.h"
#include "cm-event-store-private.h"

/* Reading the events of a CmEventStore: their fields, by position or
 * serial, the events over a time window, the range. */

CmTime
cm_event_store_get_start (CmEventStore *self,
                          guint         position)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_TIME_INVALID);
  g_return_val_if_fail (position < self->n, CM_TIME_INVALID);

  return self->starts[position];
}

CmTime
cm_event_store_get_end (CmEventStore *self,
                        guint         position)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_TIME_INVALID);
  g_return_val_if_fail (position < self->n, CM_TIME_INVALID);

  return self->ends[position];
}

gboolean
cm_event_store_is_span (CmEventStore *self,
                        guint         position)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), FALSE);
  g_return_val_if_fail (position < self->n, FALSE);

  return self->records[position].is_span;
}

static guint
from_small_index (guint16 index)
{
  return index == NO_INDEX ? CM_NONE : index;
}

void
cm_event_store_get_data (CmEventStore *self,
                         guint         position,
                         CmEventData  *data)
{
  const Record *r;

  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (position < self->n);
  g_return_if_fail (data != NULL);

  r = &self->records[position];
  data->id = cm_string_pool_get (self->pool, r->id);
  data->title = cm_string_pool_get (self->pool, r->title);
  data->description = cm_string_pool_get (self->pool, r->description);
  data->place = cm_string_pool_get (self->pool, r->place);
  data->start = self->starts[position];
  data->end = r->is_span ? self->ends[position] : CM_TIME_INVALID;
  data->precision = r->precision;
  data->end_precision = r->end_precision;
  data->utc_offset = r->utc_offset;
  data->lat = r->lat;
  data->lon = r->lon;
  data->category = from_small_index (r->category);
  data->group = from_small_index (r->group);
  data->flags = r->flags;
  data->extras = cm_string_pool_get (self->pool, r->extras);
  data->order = r->order;
}

const char *
cm_event_store_get_title (CmEventStore *self,
                          guint         position)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), NULL);
  g_return_val_if_fail (position < self->n, NULL);

  return cm_string_pool_get (self->pool, self->records[position].title);
}

guint
cm_event_store_get_category (CmEventStore *self,
                             guint         position)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_NONE);
  g_return_val_if_fail (position < self->n, CM_NONE);

  return from_small_index (self->records[position].category);
}

guint
cm_event_store_get_group (CmEventStore *self,
                          guint         position)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_NONE);
  g_return_val_if_fail (position < self->n, CM_NONE);

  return from_small_index (self->records[position].group);
}

int
cm_event_store_get_utc_offset (CmEventStore *self,
                               guint         position)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_UTC_OFFSET_NONE);
  g_return_val_if_fail (position < self->n, CM_UTC_OFFSET_NONE);

  return self->records[position].utc_offset;
}

gboolean
cm_event_store_get_coordinates (CmEventStore *self,
                                guint         position,
                                double       *lat,
                                double       *lon)
{
  const Record *r;

  g_return_val_if_fail (CM_IS_EVENT_STORE (self), FALSE);
  g_return_val_if_fail (position < self->n, FALSE);

  r = &self->records[position];
  if (lat != NULL)
    *lat = r->lat;
  if (lon != NULL)
    *lon = r->lon;

  return !isnan (r->lat);
}

CmEvent *
cm_event_store_get_event (CmEventStore *self,
                          guint         position)
{
  CmEventData data;

  g_return_val_if_fail (CM_IS_EVENT_STORE (self), NULL);
  g_return_val_if_fail (position < self->n, NULL);

  cm_event_store_get_data (self, position, &data);

  return _cm_event_new (position, self->records[position].serial, &data);
}

guint
cm_event_store_find_serial (CmEventStore *self,
                            guint         serial)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_NONE);

  if (serial >= self->next_serial || self->in_bulk)
    return CM_NONE;

  _cm_event_store_ensure_serial_map (self);

  return self->position_of_serial[serial] == G_MAXUINT32 ? CM_NONE : self->position_of_serial[serial];
}

guint
cm_event_store_get_serial (CmEventStore *self,
                           guint         position)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_NONE);
  g_return_val_if_fail (position < self->n, CM_NONE);

  return self->records[position].serial;
}

void
cm_event_store_query (CmEventStore *self,
                      CmTime        t0,
                      CmTime        t1,
                      GArray       *positions)
{
  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (positions != NULL);
  g_return_if_fail (g_array_get_element_size (positions) == sizeof (guint));
  g_return_if_fail (!self->in_bulk);

  _cm_event_store_ensure_index (self);
  cm_interval_index_query (self->index, t0, t1, positions);
}

guint
cm_event_store_lower_bound (CmEventStore *self,
                            CmTime        time)
{
  guint lo = 0, hi;

  g_return_val_if_fail (CM_IS_EVENT_STORE (self), 0);

  hi = self->n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->starts[mid] < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

gboolean
cm_event_store_get_range (CmEventStore *self,
                          CmTime       *first,
                          CmTime       *last)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), FALSE);

  if (self->n == 0)
    return FALSE;

  if (first != NULL)
    *first = self->starts[0];

  if (last != NULL)
    {
      _cm_event_store_ensure_index (self);
      *last = cm_interval_index_get_max_end (self->index);
    }

  return TRUE;
}

gsize
cm_event_store_get_memory_size (CmEventStore *self)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), 0);

  return (gsize) self->capacity * (2 * sizeof (gint64) + sizeof (Record))
    + cm_string_pool_get_memory_size (self->pool)
    + cm_interval_index_get_memory_size (self->index)
    + (self->serial_map_valid ? (gsize) self->serial_map_size * sizeof (guint32) : 0);
}
