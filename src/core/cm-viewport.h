/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cm-time.h"

G_BEGIN_DECLS

/* The state every view shares: the visible time window and the selected
 * event (by serial: see cm_event_store_get_serial()). */

#define CM_TYPE_VIEWPORT (cm_viewport_get_type ())
G_DECLARE_FINAL_TYPE (CmViewport, cm_viewport, CM, VIEWPORT, GObject)

CmViewport *cm_viewport_new             (void);

CmTime      cm_viewport_get_start       (CmViewport *self);
CmTime      cm_viewport_get_end         (CmViewport *self);
/* Sets both ends at once (one "changed" notification of each property that
 * changed). @end must be > @start. */
void        cm_viewport_set_window      (CmViewport *self,
                                         CmTime      start,
                                         CmTime      end);

/* Serial of the selected event, or CM_NONE. */
guint       cm_viewport_get_selection   (CmViewport *self);
void        cm_viewport_set_selection   (CmViewport *self,
                                         guint       serial);

/* Whether the views may edit the document (drag events): FALSE while a
 * load or a save reads it (the window says). TRUE by default. */
gboolean    cm_viewport_get_editable    (CmViewport *self);
void        cm_viewport_set_editable    (CmViewport *self,
                                         gboolean    editable);

/* From this many events, a drag previews its edit and makes it once, on
 * the release: a change of the store costs a rebuild of the timeline's
 * lanes and the map's marker grid, about 0.7 ms per thousand events
 * (680 ms a step at a million), and below this a step of the drag still
 * fits in a frame. */
#define CM_VIEWPORT_PREVIEW_EVENTS 20000

/* A drag's edit not made yet: the event @serial as it would be, its
 * @start and @end (CM_TIME_INVALID: an instant) and its place (@lat,
 * @lon; NAN when it has none). Every view draws it so over its last
 * frame, without the store changing (rebuilding a large document's
 * lanes and markers at every step of a drag would take too long);
 * "preview-changed" says it moved. */
void        cm_viewport_set_preview     (CmViewport *self,
                                         guint       serial,
                                         CmTime      start,
                                         CmTime      end,
                                         double      lat,
                                         double      lon);
void        cm_viewport_clear_preview   (CmViewport *self);
/* The serial previewed (CM_NONE: none), and its fields (each nullable). */
guint       cm_viewport_get_preview     (CmViewport *self,
                                         CmTime     *start,
                                         CmTime     *end,
                                         double     *lat,
                                         double     *lon);

G_END_DECLS
