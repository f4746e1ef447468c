/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-event.h"
#include "cm-time.h"

G_BEGIN_DECLS

#define CM_TYPE_EVENT_STORE (cm_event_store_get_type ())
G_DECLARE_FINAL_TYPE (CmEventStore, cm_event_store, CM, EVENT_STORE, GObject)

/* Plain description of one event, used to add events in bulk without a
 * GObject per event. Strings are borrowed and copied into the store's pool. */
typedef struct
{
  const char *id;          /* nullable: a stable identifier from the file */
  const char *title;
  const char *description; /* nullable */
  const char *place;       /* nullable */
  CmTime      start;
  CmTime      end;         /* CM_TIME_INVALID for an instant */
  CmPrecision precision;
  CmPrecision end_precision;
  int         utc_offset;  /* minutes, or CM_UTC_OFFSET_NONE */
  double      lat;         /* NAN when unknown */
  double      lon;         /* NAN when unknown */
  guint       category;    /* index in the document, or CM_NONE */
  guint       group;       /* index in the document, or CM_NONE */
  CmEventFlags flags;
  const char *extras;      /* nullable: extra fields, see cm-properties.h */
  guint       order;       /* explicit place among the stops of its itinerary
                            * group (1, 2, …), 0 for none: time order */
} CmEventData;

void          cm_event_data_init            (CmEventData      *data);

CmEventStore *cm_event_store_new            (void);

guint         cm_event_store_get_n_events   (CmEventStore     *self);

/* Bulk loading: add unsorted, then one sort and index build in end_bulk(),
 * which emits a single items-changed. */
void          cm_event_store_begin_bulk     (CmEventStore     *self,
                                             guint             expected);
void          cm_event_store_add            (CmEventStore     *self,
                                             const CmEventData *data);
void          cm_event_store_end_bulk       (CmEventStore     *self);

/* A new store with the same events, serials and strings: a few memory
 * copies, no sorting (the interval index is rebuilt when first needed).
 * For a worker to read while @self goes on changing. */
CmEventStore *cm_event_store_copy           (CmEventStore     *self);

/* Moves every event of @source into @self, replacing what @self held;
 * @source is left empty. One items-changed on each. */
void          cm_event_store_take_events    (CmEventStore     *self,
                                             CmEventStore     *source);

/* Edits keep the order and emit items-changed. Return the new position.
 * They keep the interval index and the serials' positions up to date where
 * events moved, not all over: an insertion or a removal shifts the arrays
 * after it, a replacement only those between its old and new place. */
guint         cm_event_store_insert         (CmEventStore     *self,
                                             const CmEventData *data);
/* Puts back an event removed earlier, under the serial it had (what undo
 * does): it takes the place it had among the same events. */
guint         cm_event_store_reinsert       (CmEventStore     *self,
                                             guint             serial,
                                             const CmEventData *data);
void          cm_event_store_remove         (CmEventStore     *self,
                                             guint             position);
/* Many at once, in one pass over the arrays and one items-changed (over
 * the positions from the first to the last event concerned): removes the
 * events with these serials (unknown ones are skipped; returns how many
 * went), puts back removed ones under their serials, or gives events a
 * category or group (CM_NONE for none). */
guint         cm_event_store_remove_serials (CmEventStore     *self,
                                             const guint      *serials,
                                             guint             n_serials);
void          cm_event_store_reinsert_many  (CmEventStore     *self,
                                             const guint      *serials,
                                             const CmEventData *data,
                                             guint             n_events);
void          cm_event_store_set_categories (CmEventStore     *self,
                                             const guint      *serials,
                                             guint             n_serials,
                                             guint             category);
void          cm_event_store_set_groups     (CmEventStore     *self,
                                             const guint      *serials,
                                             guint             n_serials,
                                             guint             group);
/* Gives the events of @serials the stop orders @orders (0 for none), in
 * one pass and one items-changed over the positions from the first to the
 * last event concerned. Unknown serials are skipped. */
void          cm_event_store_set_orders     (CmEventStore     *self,
                                             const guint      *serials,
                                             const guint      *orders,
                                             guint             n_serials);
/* Changes every field of the event at @position (its serial stays) and
 * moves it to its sorted place: one items-changed over the positions from
 * the old place to the new, so that each of them is told to look again.
 * @data may hold the store's own strings (from get_data); unchanged text
 * is not copied again. */
guint         cm_event_store_replace        (CmEventStore     *self,
                                             guint             position,
                                             const CmEventData *data);

/* After category (or group) number @index of the document was removed
 * (@delta -1: its events get none, later numbers move down) or one was
 * inserted there (@delta +1: numbers from @index move up). One
 * items-changed over every event when any changed. */
void          cm_event_store_renumber_categories (CmEventStore *self,
                                                  guint         index,
                                                  int           delta);
void          cm_event_store_renumber_groups     (CmEventStore *self,
                                                  guint         index,
                                                  int           delta);

/* Fast accessors by position (sorted by start, then end, then load order). */
CmTime        cm_event_store_get_start      (CmEventStore     *self,
                                             guint             position);
/* The end of a span, or the start for an instant. */
CmTime        cm_event_store_get_end        (CmEventStore     *self,
                                             guint             position);
gboolean      cm_event_store_is_span        (CmEventStore     *self,
                                             guint             position);
void          cm_event_store_get_data       (CmEventStore     *self,
                                             guint             position,
                                             CmEventData      *data);
const char   *cm_event_store_get_title      (CmEventStore     *self,
                                             guint             position);
guint         cm_event_store_get_category   (CmEventStore     *self,
                                             guint             position);
guint         cm_event_store_get_group      (CmEventStore     *self,
                                             guint             position);
/* The explicit stop order, 0 for none. */
guint         cm_event_store_get_order      (CmEventStore     *self,
                                             guint             position);
/* Minutes, or CM_UTC_OFFSET_NONE. */
int           cm_event_store_get_utc_offset (CmEventStore     *self,
                                             guint             position);
gboolean      cm_event_store_get_coordinates (CmEventStore    *self,
                                              guint            position,
                                              double          *lat,
                                              double          *lon);

/* A new CmEvent (transfer full) for @position. */
CmEvent      *cm_event_store_get_event      (CmEventStore     *self,
                                             guint             position);
/* Position of the event with that serial, or CM_NONE. Serials are stable
 * across edits of other events and are what selections hold. */
guint         cm_event_store_find_serial    (CmEventStore     *self,
                                             guint             serial);
guint         cm_event_store_get_serial     (CmEventStore     *self,
                                             guint             position);

/* Events overlapping the closed interval [t0, t1]: positions appended to
 * @positions (a GArray of guint) in increasing order. O(log n + k). */
void          cm_event_store_query          (CmEventStore     *self,
                                             CmTime            t0,
                                             CmTime            t1,
                                             GArray           *positions);
/* First position whose start is >= @time. */
guint         cm_event_store_lower_bound    (CmEventStore     *self,
                                             CmTime            time);
/* Earliest start and latest end; FALSE when empty. */
gboolean      cm_event_store_get_range      (CmEventStore     *self,
                                             CmTime           *first,
                                             CmTime           *last);

/* Heap bytes held by the store (arrays, pool, index). */
gsize         cm_event_store_get_memory_size (CmEventStore    *self);

G_END_DECLS
