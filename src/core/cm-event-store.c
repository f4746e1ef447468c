/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-event-private.h"
#include "cm-event-store.h"
#include "cm-interval-index.h"
#include "cm-string-pool.h"

#define NO_INDEX G_MAXUINT16

/* Everything but the times, in one compact record (56 bytes). */
typedef struct
{
  double  lat;
  double  lon;
  guint32 id;           /* string pool offsets */
  guint32 title;
  guint32 description;
  guint32 place;
  guint32 extras;
  guint32 serial;
  gint16  utc_offset;
  guint16 category;
  guint16 group;
  guint8  precision;
  guint8  end_precision;
  guint8  flags;
  guint8  is_span;
} Record;

struct _CmEventStore
{
  GObject          parent_instance;

  /* Parallel arrays, sorted by (start, end, serial). */
  gint64          *starts;
  gint64          *ends;    /* == start for instants */
  Record          *records;
  guint            n;
  guint            capacity;

  CmStringPool    *pool;

  CmIntervalIndex *index;
  guint            index_valid : 1;
  guint            in_bulk : 1;
  guint            bulk_from;

  guint32         *position_of_serial; /* CM_NONE for removed serials */
  guint            next_serial;
  guint            serial_map_valid : 1;
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmEventStore, cm_event_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

void
cm_event_data_init (CmEventData *data)
{
  g_return_if_fail (data != NULL);

  memset (data, 0, sizeof *data);
  data->start = 0;
  data->end = CM_TIME_INVALID;
  data->precision = CM_PRECISION_DAY;
  data->end_precision = CM_PRECISION_DAY;
  data->utc_offset = CM_UTC_OFFSET_NONE;
  data->lat = NAN;
  data->lon = NAN;
  data->category = CM_NONE;
  data->group = CM_NONE;
  data->flags = CM_EVENT_FLAGS_NONE;
}

static void
ensure_capacity (CmEventStore *self,
                 guint         wanted)
{
  guint capacity;

  if (wanted <= self->capacity)
    return;

  capacity = MAX (wanted, self->capacity + self->capacity / 2);
  capacity = MAX (capacity, 16);
  self->starts = g_renew (gint64, self->starts, capacity);
  self->ends = g_renew (gint64, self->ends, capacity);
  self->records = g_renew (Record, self->records, capacity);
  self->capacity = capacity;
}

static void
trim_capacity (CmEventStore *self)
{
  guint capacity = MAX (self->n, 16);

  if (self->capacity <= capacity)
    return;

  self->starts = g_renew (gint64, self->starts, capacity);
  self->ends = g_renew (gint64, self->ends, capacity);
  self->records = g_renew (Record, self->records, capacity);
  self->capacity = capacity;
}

static guint16
small_index (guint index)
{
  return index >= NO_INDEX ? NO_INDEX : (guint16) index;
}

static void
fill_record (CmEventStore      *self,
             Record            *record,
             gint64            *start,
             gint64            *end,
             const CmEventData *data)
{
  gboolean is_span = data->end != CM_TIME_INVALID && data->end > data->start;
  gboolean has_coordinates = isfinite (data->lat) && isfinite (data->lon);

  *start = data->start;
  *end = is_span ? data->end : data->start;

  record->lat = has_coordinates ? data->lat : NAN;
  record->lon = has_coordinates ? data->lon : NAN;
  record->id = data->id ? cm_string_pool_add (self->pool, data->id, strlen (data->id)) : 0;
  record->title = cm_string_pool_add (self->pool, data->title ? data->title : "",
                                      data->title ? strlen (data->title) : 0);
  record->description = data->description && *data->description
    ? cm_string_pool_add (self->pool, data->description, strlen (data->description))
    : 0;
  record->place = data->place && *data->place
    ? cm_string_pool_intern (self->pool, data->place, strlen (data->place))
    : 0;
  record->extras = data->extras && *data->extras
    ? cm_string_pool_add (self->pool, data->extras, strlen (data->extras))
    : 0;
  record->utc_offset = (data->utc_offset == CM_UTC_OFFSET_NONE
                        || ABS (data->utc_offset) > CM_UTC_OFFSET_MAX)
    ? CM_UTC_OFFSET_NONE : (gint16) data->utc_offset;
  record->category = small_index (data->category);
  record->group = small_index (data->group);
  record->precision = (guint8) CLAMP ((int) data->precision, 0, CM_N_PRECISIONS - 1);
  record->end_precision = (guint8) CLAMP ((int) data->end_precision, 0, CM_N_PRECISIONS - 1);
  record->flags = (guint8) data->flags;
  record->is_span = is_span;
}

static inline int
compare_keys (gint64  start_a,
              gint64  end_a,
              guint32 serial_a,
              gint64  start_b,
              gint64  end_b,
              guint32 serial_b)
{
  if (start_a != start_b)
    return start_a < start_b ? -1 : 1;
  if (end_a != end_b)
    return end_a < end_b ? -1 : 1;
  if (serial_a != serial_b)
    return serial_a < serial_b ? -1 : 1;
  return 0;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  CmEventStore *self = user_data;
  guint i = *(const guint *) a;
  guint j = *(const guint *) b;

  return compare_keys (self->starts[i], self->ends[i], self->records[i].serial,
                       self->starts[j], self->ends[j], self->records[j].serial);
}

static gboolean
is_sorted (CmEventStore *self)
{
  for (guint i = 1; i < self->n; i++)
    if (compare_keys (self->starts[i - 1], self->ends[i - 1], self->records[i - 1].serial,
                      self->starts[i], self->ends[i], self->records[i].serial) > 0)
      return FALSE;

  return TRUE;
}

static void
sort_all (CmEventStore *self)
{
  g_autofree guint *order = NULL;
  gint64 *starts;
  gint64 *ends;
  Record *records;

  if (is_sorted (self))
    return;

  order = g_new (guint, self->n);
  for (guint i = 0; i < self->n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) self->n, sizeof (guint), compare_positions, self);

  starts = g_new (gint64, self->capacity);
  for (guint i = 0; i < self->n; i++)
    starts[i] = self->starts[order[i]];
  g_free (self->starts);
  self->starts = starts;

  ends = g_new (gint64, self->capacity);
  for (guint i = 0; i < self->n; i++)
    ends[i] = self->ends[order[i]];
  g_free (self->ends);
  self->ends = ends;

  records = g_new (Record, self->capacity);
  for (guint i = 0; i < self->n; i++)
    records[i] = self->records[order[i]];
  g_free (self->records);
  self->records = records;
}

static void
invalidate (CmEventStore *self)
{
  self->index_valid = FALSE;
  self->serial_map_valid = FALSE;
}

static void
ensure_index (CmEventStore *self)
{
  if (self->index_valid)
    return;

  cm_interval_index_build (self->index, self->starts, self->ends, self->n);
  self->index_valid = TRUE;
}

static void
ensure_serial_map (CmEventStore *self)
{
  if (self->serial_map_valid)
    return;

  g_free (self->position_of_serial);
  self->position_of_serial = g_new (guint32, MAX (self->next_serial, 1));
  memset (self->position_of_serial, 0xff, sizeof (guint32) * MAX (self->next_serial, 1));

  for (guint i = 0; i < self->n; i++)
    self->position_of_serial[self->records[i].serial] = i;

  self->serial_map_valid = TRUE;
}

static void
items_changed (CmEventStore *self,
               guint         position,
               guint         removed,
               guint         added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);

  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static GType
cm_event_store_get_item_type (GListModel *model)
{
  return CM_TYPE_EVENT;
}

static guint
cm_event_store_get_n_items (GListModel *model)
{
  return CM_EVENT_STORE (model)->n;
}

static gpointer
cm_event_store_get_item (GListModel *model,
                         guint       position)
{
  CmEventStore *self = CM_EVENT_STORE (model);

  if (position >= self->n)
    return NULL;

  return cm_event_store_get_event (self, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cm_event_store_get_item_type;
  iface->get_n_items = cm_event_store_get_n_items;
  iface->get_item = cm_event_store_get_item;
}

static void
cm_event_store_finalize (GObject *object)
{
  CmEventStore *self = (CmEventStore *)object;

  g_free (self->starts);
  g_free (self->ends);
  g_free (self->records);
  g_free (self->position_of_serial);
  g_clear_pointer (&self->pool, cm_string_pool_free);
  g_clear_pointer (&self->index, cm_interval_index_free);

  G_OBJECT_CLASS (cm_event_store_parent_class)->finalize (object);
}

static void
cm_event_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CmEventStore *self = CM_EVENT_STORE (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_event_store_class_init (CmEventStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_event_store_finalize;
  object_class->get_property = cm_event_store_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_event_store_init (CmEventStore *self)
{
  self->pool = cm_string_pool_new ();
  self->index = cm_interval_index_new ();
}

CmEventStore *
cm_event_store_new (void)
{
  return g_object_new (CM_TYPE_EVENT_STORE, NULL);
}

guint
cm_event_store_get_n_events (CmEventStore *self)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), 0);

  return self->n;
}

void
cm_event_store_begin_bulk (CmEventStore *self,
                           guint         expected)
{
  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (!self->in_bulk);

  self->in_bulk = TRUE;
  self->bulk_from = self->n;
  if (expected > 0)
    {
      ensure_capacity (self, self->n + expected);
      /* A guess at text per event: the pool grows as needed anyway. */
      cm_string_pool_reserve (self->pool, (gsize) expected * 48);
    }
}

void
cm_event_store_add (CmEventStore      *self,
                    const CmEventData *data)
{
  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (data != NULL);
  g_return_if_fail (self->in_bulk);
  g_return_if_fail (self->n < G_MAXUINT32 - 1);

  ensure_capacity (self, self->n + 1);
  fill_record (self, &self->records[self->n], &self->starts[self->n], &self->ends[self->n], data);
  self->records[self->n].serial = self->next_serial++;
  self->n++;
}

void
cm_event_store_end_bulk (CmEventStore *self)
{
  guint old_n;

  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (self->in_bulk);

  self->in_bulk = FALSE;
  old_n = self->bulk_from;

  sort_all (self);
  trim_capacity (self);
  cm_string_pool_trim (self->pool);
  invalidate (self);
  ensure_index (self);

  if (self->n != old_n)
    items_changed (self, 0, old_n, self->n);
}

void
cm_event_store_take_events (CmEventStore *self,
                            CmEventStore *source)
{
  CmEventStore saved;
  gsize offset = G_STRUCT_OFFSET (CmEventStore, starts);
  gsize size = sizeof (CmEventStore) - offset;
  guint old_n, new_n;

  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (CM_IS_EVENT_STORE (source));
  g_return_if_fail (self != source);
  g_return_if_fail (!self->in_bulk && !source->in_bulk);

  old_n = self->n;
  new_n = source->n;

  /* Swap everything after the GObject header. */
  memcpy ((char *) &saved + offset, (char *) self + offset, size);
  memcpy ((char *) self + offset, (char *) source + offset, size);
  memcpy ((char *) source + offset, (char *) &saved + offset, size);

  /* @source now holds what was ours: empty it. */
  source->n = 0;
  trim_capacity (source);
  invalidate (source);
  if (new_n > 0)
    items_changed (source, 0, new_n, 0);

  invalidate (self);
  if (old_n > 0 || new_n > 0)
    items_changed (self, 0, old_n, new_n);
}

static guint
upper_bound (CmEventStore *self,
             gint64        start,
             gint64        end,
             guint32       serial)
{
  guint lo = 0, hi = self->n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_keys (self->starts[mid], self->ends[mid], self->records[mid].serial,
                        start, end, serial) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static void
remove_at (CmEventStore *self,
           guint         position)
{
  guint tail = self->n - position - 1;

  memmove (&self->starts[position], &self->starts[position + 1], tail * sizeof (gint64));
  memmove (&self->ends[position], &self->ends[position + 1], tail * sizeof (gint64));
  memmove (&self->records[position], &self->records[position + 1], tail * sizeof (Record));
  self->n--;
}

static guint
insert_record (CmEventStore *self,
               const Record *record,
               gint64        start,
               gint64        end)
{
  guint position = upper_bound (self, start, end, record->serial);
  guint tail = self->n - position;

  ensure_capacity (self, self->n + 1);
  memmove (&self->starts[position + 1], &self->starts[position], tail * sizeof (gint64));
  memmove (&self->ends[position + 1], &self->ends[position], tail * sizeof (gint64));
  memmove (&self->records[position + 1], &self->records[position], tail * sizeof (Record));
  self->starts[position] = start;
  self->ends[position] = end;
  self->records[position] = *record;
  self->n++;

  return position;
}

guint
cm_event_store_insert (CmEventStore      *self,
                       const CmEventData *data)
{
  Record record;
  gint64 start, end;
  guint position;

  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_NONE);
  g_return_val_if_fail (data != NULL, CM_NONE);
  g_return_val_if_fail (!self->in_bulk, CM_NONE);

  fill_record (self, &record, &start, &end, data);
  record.serial = self->next_serial++;
  position = insert_record (self, &record, start, end);
  invalidate (self);
  items_changed (self, position, 0, 1);

  return position;
}

void
cm_event_store_remove (CmEventStore *self,
                       guint         position)
{
  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (position < self->n);
  g_return_if_fail (!self->in_bulk);

  remove_at (self, position);
  invalidate (self);
  items_changed (self, position, 1, 0);
}

guint
cm_event_store_replace (CmEventStore      *self,
                        guint              position,
                        const CmEventData *data)
{
  Record record;
  gint64 start, end;
  guint32 serial;
  guint new_position;

  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_NONE);
  g_return_val_if_fail (position < self->n, CM_NONE);
  g_return_val_if_fail (data != NULL, CM_NONE);
  g_return_val_if_fail (!self->in_bulk, CM_NONE);

  serial = self->records[position].serial;
  fill_record (self, &record, &start, &end, data);
  record.serial = serial;

  remove_at (self, position);
  new_position = insert_record (self, &record, start, end);
  invalidate (self);

  if (new_position == position)
    items_changed (self, position, 1, 1);
  else
    {
      guint lo = MIN (position, new_position);
      guint hi = MAX (position, new_position);

      items_changed (self, lo, hi - lo + 1, hi - lo + 1);
    }

  return new_position;
}

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

  ensure_serial_map (self);

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

  ensure_index (self);
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
      ensure_index (self);
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
    + (self->serial_map_valid ? (gsize) self->next_serial * sizeof (guint32) : 0);
}
