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

G_END_DECLS
