/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-event-store.h"
#include "cm-time.h"

G_BEGIN_DECLS

/* The time zone a time axis is laid out in. Events keep their instants;
 * the axis puts its hours, days, months and years at local boundaries of
 * the zone: UTC, a fixed UTC offset (the document's own zone), or a
 * GTimeZone whose offset changes with daylight saving time (this
 * computer's zone), where each boundary is local in the offset of its own
 * instant.
 *
 * A zone is immutable and reference counted. Offsets are minutes east of
 * UTC; a GTimeZone's offsets that are not whole minutes (local mean time
 * before 1900) are cut to the minute. */

/* Which zone the user chose for the timeline. */
typedef enum
{
  CM_ZONE_KIND_DOCUMENT,  /* the UTC offset most events carry */
  CM_ZONE_KIND_UTC,
  CM_ZONE_KIND_LOCAL,     /* this computer's time zone */
} CmZoneKind;

typedef struct _CmZone CmZone;

/* @utc_offset in minutes; CM_UTC_OFFSET_NONE is UTC. */
CmZone     *cm_zone_new_fixed        (int                utc_offset);
/* The offsets of @tz, instant by instant. */
CmZone     *cm_zone_new_time_zone    (GTimeZone         *tz);
/* This computer's zone (g_time_zone_new_local()), labelled as such. */
CmZone     *cm_zone_new_local        (void);
/* The zone @kind stands for in a document of @store (nullable: UTC for
 * the document's zone). */
CmZone     *cm_zone_new_for_kind     (CmZoneKind         kind,
                                      CmEventStore      *store);

CmZone     *cm_zone_ref              (CmZone            *zone);
void        cm_zone_unref            (CmZone            *zone);

/* Same offsets at every instant, and the same label. */
gboolean    cm_zone_equal            (const CmZone      *a,
                                      const CmZone      *b);
/* TRUE when the offset never changes. */
gboolean    cm_zone_is_fixed         (const CmZone      *zone);
/* The offset at @time, in minutes east of UTC (nullable @zone: UTC). */
int         cm_zone_get_offset       (const CmZone      *zone,
                                      CmTime             time);
/* What an axis says of the zone, with its offset at @time: "UTC",
 * "UTC+2", "UTC−5", "UTC+5:45", "Local time (UTC+2)". */
char       *cm_zone_format_label     (const CmZone      *zone,
                                      CmTime             time);

/* The document's zone: the UTC offset most events of @store carry, in
 * minutes. Events without one do not count; ties go to the offset of the
 * earliest of the tied events; 0 (UTC) when no event has an offset. One
 * pass over the events: call it when they change, not per frame. */
int         cm_zone_dominant_offset  (CmEventStore      *store);

/* Boundaries of a calendar unit at a fixed offset, for cm_zone_floor()
 * and cm_zone_next(): @floor_step gives the last boundary at or before @time
 * in local time at @utc_offset, @next_step the boundary after the boundary
 * @time. */
typedef CmTime (*CmZoneStepFunc) (CmTime        time,
                                  int           utc_offset,
                                  gconstpointer data);

/* The last boundary at or before @time in @zone (nullable: UTC): where the
 * offset changed within the unit, its start in the offset it began in. */
CmTime      cm_zone_floor            (const CmZone      *zone,
                                      CmTime             time,
                                      CmZoneStepFunc     floor_step,
                                      gconstpointer      data);
/* The boundary after the boundary @tick in @zone: where the offset
 * changes before it, the first boundary in the new offset. Always after
 * @tick (or G_MAXINT64). */
CmTime      cm_zone_next             (const CmZone      *zone,
                                      CmTime             tick,
                                      CmZoneStepFunc     floor_step,
                                      CmZoneStepFunc     next_step,
                                      gconstpointer      data);

/* cm_time_truncate() and cm_time_unit_end() in @zone. */
CmTime      cm_zone_truncate         (const CmZone      *zone,
                                      CmTime             time,
                                      CmPrecision        precision);
CmTime      cm_zone_unit_end         (const CmZone      *zone,
                                      CmTime             time,
                                      CmPrecision        precision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmZone, cm_zone_unref)

G_END_DECLS
