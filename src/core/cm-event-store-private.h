/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of CmEventStore share: cm-event-store.c (the object,
 * adding, editing), cm-event-store-read.c (reading events),
 * cm-event-store-order.c (stop order) and cm-event-store-numbers.c
 * (category and group numbers). */

#include "cm-event-store.h"
#include "cm-interval-index.h"
#include "cm-string-pool.h"

G_BEGIN_DECLS

#define NO_INDEX G_MAXUINT16

/* Everything but the times, in one compact record (56 bytes: the stop
 * order fills what was padding after the small fields). */
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
  guint32 order;        /* place among its group's stops, 0 for none */
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
  guint            serial_map_size;
  guint            next_serial;
  guint            serial_map_valid : 1;
};

/* The interval index and the serial → position map, made when first
 * needed after a change. */
void _cm_event_store_ensure_index      (CmEventStore *self);
void _cm_event_store_ensure_serial_map (CmEventStore *self);

/* Shared by the files that change events. */
guint16 _cm_event_store_small_index    (guint         index);
void    _cm_event_store_items_changed  (CmEventStore *self,
                                        guint         position,
                                        guint         removed,
                                        guint         added);
GArray *_cm_event_store_find_positions (CmEventStore *self,
                                        const guint  *serials,
                                        guint         n_serials);

G_END_DECLS
