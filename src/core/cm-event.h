/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cm-time.h"

G_BEGIN_DECLS

/* "No category", "no group", "no position". */
#define CM_NONE G_MAXUINT

typedef enum
{
  CM_EVENT_FLAGS_NONE               = 0,
  CM_EVENT_START_APPROXIMATE        = 1 << 0, /* the start time is approximate */
  CM_EVENT_END_APPROXIMATE          = 1 << 1, /* the end time is approximate */
  CM_EVENT_COORDINATES_APPROXIMATE  = 1 << 2, /* the point stands for a wider place */
} CmEventFlags;

#define CM_TYPE_EVENT (cm_event_get_type ())
G_DECLARE_FINAL_TYPE (CmEvent, cm_event, CM, EVENT, GObject)

/* A CmEvent is a snapshot of one stored event, made on demand by
 * CmEventStore for list views and the details pane. */

guint         cm_event_get_serial          (CmEvent *self);
guint         cm_event_get_position        (CmEvent *self);
const char   *cm_event_get_id              (CmEvent *self);
const char   *cm_event_get_title           (CmEvent *self);
const char   *cm_event_get_description     (CmEvent *self);
const char   *cm_event_get_place           (CmEvent *self);
CmTime        cm_event_get_start           (CmEvent *self);
CmTime        cm_event_get_end             (CmEvent *self);
gboolean      cm_event_is_span             (CmEvent *self);
CmPrecision   cm_event_get_precision       (CmEvent *self);
CmPrecision   cm_event_get_end_precision   (CmEvent *self);
int           cm_event_get_utc_offset      (CmEvent *self);
gboolean      cm_event_get_coordinates     (CmEvent *self,
                                            double  *lat,
                                            double  *lon);
guint         cm_event_get_category        (CmEvent *self);
guint         cm_event_get_group           (CmEvent *self);
CmEventFlags  cm_event_get_flags           (CmEvent *self);
/* Extra fields (see cm-properties.h): the encoded set, and one value. */
const char   *cm_event_get_extras          (CmEvent *self);
char         *cm_event_dup_extra           (CmEvent    *self,
                                            const char *key);

/* Display text honouring precision and the event's local offset, e.g.
 * "26 May 2011, 13:00 (UTC+2)" or "23 – 28 May 2011" style for spans.
 * Approximate times are prefixed with "c." (translated). */
char         *cm_event_format_date         (CmEvent *self);

G_END_DECLS
