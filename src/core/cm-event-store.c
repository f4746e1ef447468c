/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-event-private.h"
#include "cm-event-store-private.h"
#include "cm-interval-index.h"
#include "cm-string-pool.h"

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

guint16
_cm_event_store_small_index (guint index)
{
  return index >= NO_INDEX ? NO_INDEX : (guint16) index;
}

enum { TEXT_ID, TEXT_TITLE, TEXT_DESCRIPTION, TEXT_PLACE, TEXT_EXTRAS, N_TEXTS };

static guint32 *
record_text (Record *record,
             guint   text)
{
  switch (text)
    {
    case TEXT_ID:
      return &record->id;
    case TEXT_TITLE:
      return &record->title;
    case TEXT_DESCRIPTION:
      return &record->description;
    case TEXT_PLACE:
      return &record->place;
    case TEXT_EXTRAS:
    default:
      return &record->extras;
    }
}

/* The text a record keeps for @text of @data: NULL for none. A title is
 * never none; empty descriptions, places and extras are. */
static const char *
data_text (const CmEventData *data,
           guint              text)
{
  const char *value;

  switch (text)
    {
    case TEXT_ID:
      return data->id;
    case TEXT_TITLE:
      return data->title ? data->title : "";
    case TEXT_DESCRIPTION:
      value = data->description;
      break;
    case TEXT_PLACE:
      value = data->place;
      break;
    case TEXT_EXTRAS:
    default:
      value = data->extras;
      break;
    }

  return value != NULL && *value != '\0' ? value : NULL;
}

static guint32
add_text (CmEventStore *self,
          guint         text,
          const char   *value)
{
  if (value == NULL)
    return 0;

  /* Places repeat: one copy each. */
  if (text == TEXT_PLACE)
    return cm_string_pool_intern (self->pool, value, strlen (value));

  return cm_string_pool_add (self->pool, value, strlen (value));
}

/* Everything of @data but its text. */
static void
fill_values (Record            *record,
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
  record->utc_offset = (data->utc_offset == CM_UTC_OFFSET_NONE
                        || ABS (data->utc_offset) > CM_UTC_OFFSET_MAX)
    ? CM_UTC_OFFSET_NONE : (gint16) data->utc_offset;
  record->category = _cm_event_store_small_index (data->category);
  record->group = _cm_event_store_small_index (data->group);
  record->precision = (guint8) CLAMP ((int) data->precision, 0, CM_N_PRECISIONS - 1);
  record->end_precision = (guint8) CLAMP ((int) data->end_precision, 0, CM_N_PRECISIONS - 1);
  record->flags = (guint8) data->flags;
  record->is_span = is_span;
  record->order = data->order;
}

/* For loading: @data's strings come from outside the pool. */
static void
fill_record (CmEventStore      *self,
             Record            *record,
             gint64            *start,
             gint64            *end,
             const CmEventData *data)
{
  fill_values (record, start, end, data);
  for (guint t = 0; t < N_TEXTS; t++)
    *record_text (record, t) = add_text (self, t, data_text (data, t));
}

/* For edits: @data's strings may be the pool's own (from get_data), which
 * an addition can move, so they are copied first; text equal to @old's
 * (nullable) keeps its copy, so that moving an event adds no text. */
static void
fill_record_edit (CmEventStore      *self,
                  Record            *record,
                  gint64            *start,
                  gint64            *end,
                  const CmEventData *data,
                  const Record      *old)
{
  char *copies[N_TEXTS] = { NULL, };
  gboolean keep[N_TEXTS] = { FALSE, };

  fill_values (record, start, end, data);

  for (guint t = 0; t < N_TEXTS; t++)
    {
      const char *value = data_text (data, t);

      if (old != NULL)
        {
          guint32 offset = *record_text ((Record *) old, t);

          keep[t] = g_strcmp0 (value, cm_string_pool_get (self->pool, offset)) == 0;
          if (keep[t])
            *record_text (record, t) = offset;
        }
      if (!keep[t])
        copies[t] = g_strdup (value);
    }

  for (guint t = 0; t < N_TEXTS; t++)
    if (!keep[t])
      {
        *record_text (record, t) = add_text (self, t, copies[t]);
        g_free (copies[t]);
      }
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

void
_cm_event_store_ensure_index (CmEventStore *self)
{
  if (self->index_valid)
    return;

  cm_interval_index_build (self->index, self->starts, self->ends, self->n);
  self->index_valid = TRUE;
}

void
_cm_event_store_ensure_serial_map (CmEventStore *self)
{
  if (self->serial_map_valid)
    return;

  g_free (self->position_of_serial);
  self->serial_map_size = MAX (self->next_serial, 1);
  self->position_of_serial = g_new (guint32, self->serial_map_size);
  memset (self->position_of_serial, 0xff, sizeof (guint32) * self->serial_map_size);

  for (guint i = 0; i < self->n; i++)
    self->position_of_serial[self->records[i].serial] = i;

  self->serial_map_valid = TRUE;
}

/* A new serial: the map (when kept) grows with it. */
static guint32
take_serial (CmEventStore *self)
{
  guint32 serial = self->next_serial++;

  if (self->serial_map_valid && self->next_serial > self->serial_map_size)
    {
      guint size = MAX (self->next_serial, self->serial_map_size * 2);

      self->position_of_serial = g_renew (guint32, self->position_of_serial, size);
      memset (self->position_of_serial + self->serial_map_size, 0xff,
              sizeof (guint32) * (size - self->serial_map_size));
      self->serial_map_size = size;
    }

  return serial;
}

/* Positions [first, last] (some may be past the end now) were edited or
 * shifted: the index and the serial map follow them there only. */
static void
refresh (CmEventStore *self,
         guint         first,
         guint         last)
{
  if (self->index_valid)
    cm_interval_index_update (self->index, self->starts, self->ends, self->n, first, last);

  if (self->serial_map_valid)
    for (guint i = first; i <= last && i < self->n; i++)
      self->position_of_serial[self->records[i].serial] = i;
}

void
_cm_event_store_items_changed (CmEventStore *self,
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
  invalidate (self);
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
  self->records[self->n].serial = take_serial (self);
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
  _cm_event_store_ensure_index (self);

  if (self->n != old_n)
    _cm_event_store_items_changed (self, 0, old_n, self->n);
}

CmEventStore *
cm_event_store_copy (CmEventStore *self)
{
  CmEventStore *copy;

  g_return_val_if_fail (CM_IS_EVENT_STORE (self), NULL);
  g_return_val_if_fail (!self->in_bulk, NULL);

  copy = cm_event_store_new ();
  copy->n = copy->capacity = self->n;
  if (self->n > 0)
    {
      copy->starts = g_memdup2 (self->starts, sizeof (gint64) * self->n);
      copy->ends = g_memdup2 (self->ends, sizeof (gint64) * self->n);
      copy->records = g_memdup2 (self->records, sizeof (Record) * self->n);
    }
  cm_string_pool_free (copy->pool);
  copy->pool = cm_string_pool_copy (self->pool);
  copy->next_serial = self->next_serial;
  invalidate (copy);

  return copy;
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
    _cm_event_store_items_changed (source, 0, new_n, 0);

  invalidate (self);
  if (old_n > 0 || new_n > 0)
    _cm_event_store_items_changed (self, 0, old_n, new_n);
}

/* Where an event with that key goes: the number of events before it
 * (keys are unique, serials being so). */
static guint
find_slot (CmEventStore *self,
           gint64        start,
           gint64        end,
           guint32       serial)
{
  guint lo = 0, hi = self->n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_keys (self->starts[mid], self->ends[mid], self->records[mid].serial,
                        start, end, serial) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static void
move_rows (CmEventStore *self,
           guint         to,
           guint         from,
           guint         count)
{
  memmove (&self->starts[to], &self->starts[from], count * sizeof (gint64));
  memmove (&self->ends[to], &self->ends[from], count * sizeof (gint64));
  memmove (&self->records[to], &self->records[from], count * sizeof (Record));
}

static guint
insert_record (CmEventStore *self,
               const Record *record,
               gint64        start,
               gint64        end)
{
  guint position = find_slot (self, start, end, record->serial);
  guint tail = self->n - position;

  ensure_capacity (self, self->n + 1);
  move_rows (self, position + 1, position, tail);
  self->starts[position] = start;
  self->ends[position] = end;
  self->records[position] = *record;
  self->n++;
  refresh (self, position, self->n - 1);

  return position;
}

static guint
insert_event (CmEventStore      *self,
              guint32            serial,
              const CmEventData *data)
{
  Record record;
  gint64 start, end;
  guint position;

  fill_record_edit (self, &record, &start, &end, data, NULL);
  record.serial = serial;
  position = insert_record (self, &record, start, end);
  _cm_event_store_items_changed (self, position, 0, 1);

  return position;
}

guint
cm_event_store_insert (CmEventStore      *self,
                       const CmEventData *data)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_NONE);
  g_return_val_if_fail (data != NULL, CM_NONE);
  g_return_val_if_fail (!self->in_bulk, CM_NONE);

  return insert_event (self, take_serial (self), data);
}

guint
cm_event_store_reinsert (CmEventStore      *self,
                         guint              serial,
                         const CmEventData *data)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_NONE);
  g_return_val_if_fail (data != NULL, CM_NONE);
  g_return_val_if_fail (!self->in_bulk, CM_NONE);
  g_return_val_if_fail (serial < self->next_serial, CM_NONE);
  g_return_val_if_fail (cm_event_store_find_serial (self, serial) == CM_NONE, CM_NONE);

  return insert_event (self, serial, data);
}

void
cm_event_store_remove (CmEventStore *self,
                       guint         position)
{
  guint tail;

  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (position < self->n);
  g_return_if_fail (!self->in_bulk);

  if (self->serial_map_valid)
    self->position_of_serial[self->records[position].serial] = G_MAXUINT32;

  tail = self->n - position - 1;
  move_rows (self, position, position + 1, tail);
  self->n--;
  refresh (self, position, self->n);
  _cm_event_store_items_changed (self, position, 1, 0);
}

static int
compare_guints (gconstpointer a,
                gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Sorted positions of the serials that are in the store, each once. */
GArray *
_cm_event_store_find_positions (CmEventStore *self,
                                const guint  *serials,
                                guint         n_serials)
{
  GArray *positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_serials);
  guint kept = 0;

  for (guint i = 0; i < n_serials; i++)
    {
      guint position = cm_event_store_find_serial (self, serials[i]);

      if (position != CM_NONE)
        g_array_append_val (positions, position);
    }
  g_array_sort (positions, compare_guints);

  for (guint i = 0; i < positions->len; i++)
    if (kept == 0 || g_array_index (positions, guint, i) != g_array_index (positions, guint, kept - 1))
      g_array_index (positions, guint, kept++) = g_array_index (positions, guint, i);
  g_array_set_size (positions, kept);

  return positions;
}

guint
cm_event_store_remove_serials (CmEventStore *self,
                               const guint  *serials,
                               guint         n_serials)
{
  g_autoptr(GArray) positions = NULL;
  guint k, lo, hi, to;

  g_return_val_if_fail (CM_IS_EVENT_STORE (self), 0);
  g_return_val_if_fail (serials != NULL || n_serials == 0, 0);
  g_return_val_if_fail (!self->in_bulk, 0);

  positions = _cm_event_store_find_positions (self, serials, n_serials);
  k = positions->len;
  if (k == 0)
    return 0;

  lo = g_array_index (positions, guint, 0);
  hi = g_array_index (positions, guint, k - 1);

  /* The runs between removed events close up, in one pass. */
  to = lo;
  for (guint j = 0; j < k; j++)
    {
      guint from = g_array_index (positions, guint, j) + 1;
      guint until = j + 1 < k ? g_array_index (positions, guint, j + 1) : self->n;

      if (self->serial_map_valid)
        self->position_of_serial[self->records[from - 1].serial] = G_MAXUINT32;
      move_rows (self, to, from, until - from);
      to += until - from;
    }
  self->n -= k;
  refresh (self, lo, self->n + k - 1);
  _cm_event_store_items_changed (self, lo, hi - lo + 1, hi - lo + 1 - k);

  return k;
}

typedef struct
{
  Record record;
  gint64 start;
  gint64 end;
} Row;

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *x = a, *y = b;

  return compare_keys (x->start, x->end, x->record.serial, y->start, y->end, y->record.serial);
}

void
cm_event_store_reinsert_many (CmEventStore      *self,
                              const guint       *serials,
                              const CmEventData *data,
                              guint              n_events)
{
  g_autofree Row *rows = NULL;
  guint old_n, lo = 0, hi = 0;
  gint64 i, j, to;

  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (n_events == 0 || (serials != NULL && data != NULL));
  g_return_if_fail (!self->in_bulk);

  for (guint e = 0; e < n_events; e++)
    {
      g_return_if_fail (serials[e] < self->next_serial);
      g_return_if_fail (cm_event_store_find_serial (self, serials[e]) == CM_NONE);
    }
  if (n_events == 0)
    return;

  rows = g_new (Row, n_events);
  for (guint e = 0; e < n_events; e++)
    {
      fill_record_edit (self, &rows[e].record, &rows[e].start, &rows[e].end, &data[e], NULL);
      rows[e].record.serial = serials[e];
    }
  qsort (rows, n_events, sizeof (Row), compare_rows);

  /* Merged in from the end, each event moving once. */
  old_n = self->n;
  ensure_capacity (self, old_n + n_events);
  i = (gint64) old_n - 1;
  j = (gint64) n_events - 1;
  for (to = (gint64) old_n + n_events - 1; j >= 0; to--)
    {
      const Row *row = &rows[j];

      if (i >= 0 && compare_keys (self->starts[i], self->ends[i], self->records[i].serial,
                                  row->start, row->end, row->record.serial) > 0)
        {
          self->starts[to] = self->starts[i];
          self->ends[to] = self->ends[i];
          self->records[to] = self->records[i];
          i--;
          continue;
        }

      self->starts[to] = row->start;
      self->ends[to] = row->end;
      self->records[to] = row->record;
      if (j == (gint64) n_events - 1)
        hi = (guint) to;
      lo = (guint) to;
      j--;
    }
  self->n = old_n + n_events;
  refresh (self, lo, self->n - 1);
  _cm_event_store_items_changed (self, lo, hi - lo + 1 - n_events, hi - lo + 1);
}

guint
cm_event_store_replace (CmEventStore      *self,
                        guint              position,
                        const CmEventData *data)
{
  Record record;
  gint64 start, end;
  guint new_position, lo, hi;

  g_return_val_if_fail (CM_IS_EVENT_STORE (self), CM_NONE);
  g_return_val_if_fail (position < self->n, CM_NONE);
  g_return_val_if_fail (data != NULL, CM_NONE);
  g_return_val_if_fail (!self->in_bulk, CM_NONE);

  fill_record_edit (self, &record, &start, &end, data, &self->records[position]);
  record.serial = self->records[position].serial;

  /* The slot among the others: the event itself counts when before it. */
  new_position = find_slot (self, start, end, record.serial);
  if (new_position > position)
    new_position--;

  /* Only the events between the two places shift, by one. */
  lo = MIN (position, new_position);
  hi = MAX (position, new_position);
  if (new_position < position)
    move_rows (self, lo + 1, lo, position - new_position);
  else if (new_position > position)
    move_rows (self, lo, lo + 1, new_position - position);
  self->starts[new_position] = start;
  self->ends[new_position] = end;
  self->records[new_position] = record;
  refresh (self, lo, hi);

  _cm_event_store_items_changed (self, lo, hi - lo + 1, hi - lo + 1);

  return new_position;
}
