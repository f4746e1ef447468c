/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-timeline-renderer.h"

G_BEGIN_DECLS

/* The strip above the timeline's lanes: a whole range (the document) at a
 * glance, with the visible window as a brush. Dragging the brush moves the
 * window, dragging its edges resizes it, pressing outside it centres the
 * window there. It only asks: ::window-requested carries the window wanted,
 * and the owner (CmTimelineView) clamps it and writes the viewport. */

#define CM_TYPE_OVERVIEW (cm_overview_get_type ())
G_DECLARE_FINAL_TYPE (CmOverview, cm_overview, CM, OVERVIEW, GtkWidget)

#define CM_OVERVIEW_HEIGHT 36

GtkWidget *cm_overview_new          (void);

void       cm_overview_set_renderer (CmOverview         *self,
                                     CmTimelineRenderer *renderer);
/* [range_start, range_end) across the width, [start, end) as the brush.
 * While the brush is dragged the range stays fixed, so that the pointer
 * keeps its place on it; the latest range is taken when the drag ends. */
void       cm_overview_set_range    (CmOverview         *self,
                                     CmTime              range_start,
                                     CmTime              range_end,
                                     CmTime              start,
                                     CmTime              end);
/* Drops the cached drawing (document, filter or style changed). */
void       cm_overview_invalidate   (CmOverview         *self);
/* The playback's playhead, drawn over the strip (CM_TIME_INVALID: none). */
void       cm_overview_set_playhead (CmOverview         *self,
                                     CmTime              time);
gboolean   cm_overview_get_dragging (CmOverview         *self);

G_END_DECLS
