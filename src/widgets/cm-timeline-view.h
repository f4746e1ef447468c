/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-session.h"
#include "cm-timeline-renderer.h"

G_BEGIN_DECLS

/* The timeline: an overview strip of the whole document with the visible
 * window as a brush, above the lanes drawn by CmTimelineRenderer. It shows
 * a CmSession: its document, the events its filter lets through, and it
 * reads and writes the visible window and the selection of its viewport.
 *
 * Input: drag or scroll to pan (kinetic after a drag or a touchpad swipe),
 * Ctrl+scroll or pinch to zoom around the pointer, click to select,
 * double-click to zoom to an event, click a cluster to zoom into it, click a
 * lane header to collapse it. Lanes taller than the widget scroll under the
 * axis: scroll bar, Shift+scroll, dragging up and down, Up/Down/Page keys.
 * Selecting an event from elsewhere (list, map) brings it into view.
 *
 * Widget actions (and their keys while the timeline has the focus):
 *   timeline.zoom-in    plus, equal, KP_Add, Ctrl+plus, Ctrl+equal
 *   timeline.zoom-out   minus, KP_Subtract, Ctrl+minus
 *   timeline.fit        Home, Ctrl+0: every event the filter lets through
 *   timeline.next       bracketright (and Tab)
 *   timeline.previous   bracketleft (and Shift+Tab)
 *   timeline.go-to      Ctrl+L: the "Go to Date" popover
 *   timeline.pan-left   Left
 *   timeline.pan-right  Right
 * Enter emits ::activate-event for the selection; Escape clears the
 * selection. Tab and Shift+Tab move the focus on past the last and first
 * event (no keyboard trap). The style follows AdwStyleManager:dark. */

#define CM_TYPE_TIMELINE_VIEW (cm_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (CmTimelineView, cm_timeline_view, CM, TIMELINE_VIEW, GtkWidget)

GtkWidget          *cm_timeline_view_new           (void);

CmSession          *cm_timeline_view_get_session   (CmTimelineView *self);
void                cm_timeline_view_set_session   (CmTimelineView *self,
                                                    CmSession      *session);

/* The renderer the view draws with: its lanes' collapsed state is what an
 * export "as shown" wants. */
CmTimelineRenderer *cm_timeline_view_get_renderer  (CmTimelineView *self);

/* Moves the visible window (animated when animations are on), within the
 * zoom limits. */
void                cm_timeline_view_show_range    (CmTimelineView *self,
                                                    CmTime          start,
                                                    CmTime          end);
/* Every event that passes the session's filter, with 5% margins. */
void                cm_timeline_view_fit           (CmTimelineView *self);
/* Where the story is (see cm_framing_story()), with 5% margins, at once:
 * the first view of a document. */
void                cm_timeline_view_show_story    (CmTimelineView *self);
/* Centres @time at a span that suits @precision ("May 2011" shows May). */
void                cm_timeline_view_go_to         (CmTimelineView *self,
                                                    CmTime          time,
                                                    CmPrecision     precision,
                                                    int             utc_offset);

G_END_DECLS
