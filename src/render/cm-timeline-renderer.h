/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "cm-document.h"
#include "cm-match-set.h"
#include "cm-style.h"
#include "cm-time.h"
#include "cm-zone.h"

G_BEGIN_DECLS

/* Draws a time window of a document into any cairo_t at any size: the
 * timeline widget calls it on the snapshot's cairo context, export on a
 * PNG, SVG or PDF surface. The cost of a frame depends on what is visible
 * (interval queries, clusters where events share pixels), not on the size
 * of the document.
 *
 * Layout from top to bottom: the time axis (two label rows, e.g. days
 * under months), then one lane per group (a header, collapsible) and a
 * default lane for events without a group, then the legend. */

#define CM_TYPE_TIMELINE_RENDERER (cm_timeline_renderer_get_type ())
G_DECLARE_FINAL_TYPE (CmTimelineRenderer, cm_timeline_renderer, CM, TIMELINE_RENDERER, GObject)

typedef enum
{
  CM_TIMELINE_HIT_NONE,
  CM_TIMELINE_HIT_EVENT,        /* position, serial */
  CM_TIMELINE_HIT_CLUSTER,      /* start, end, count: zoom there to resolve it */
  CM_TIMELINE_HIT_LANE_HEADER,  /* group (CM_NONE for the default lane) */
  CM_TIMELINE_HIT_AXIS,
} CmTimelineHitKind;

typedef struct
{
  CmTimelineHitKind kind;
  guint             position;   /* store position of the event */
  guint             serial;
  guint             group;
  guint             count;      /* events in the cluster */
  CmTime            start;      /* cluster extent */
  CmTime            end;
} CmTimelineHit;

CmTimelineRenderer *cm_timeline_renderer_new            (void);

/* The renderer observes the document's store (items-changed) and drops
 * its caches itself. */
void                cm_timeline_renderer_set_document   (CmTimelineRenderer *self,
                                                         CmDocument         *document);
/* Nullable (every event): only the events in the set are drawn. */
void                cm_timeline_renderer_set_matches    (CmTimelineRenderer *self,
                                                         CmMatchSet         *matches);

/* A new filter result needs its lanes built (about 200 ms at a million
 * events). With @async, that is done in a thread (from a copy of the
 * store's events taken once per change of the store): frames show the
 * lanes of the previous result (none for a new document) until the new
 * ones are swapped in, and "changed" is emitted. A change of the store
 * itself is still laid out at once, by the next frame. Off by default
 * (export, tests). */
void                cm_timeline_renderer_set_async_scene (CmTimelineRenderer *self,
                                                          gboolean            async);
/* Builds the lanes here until done (TRUE) or @deadline (monotonic µs; 0:
 * none), instead of a thread. */
gboolean            cm_timeline_renderer_prepare        (CmTimelineRenderer *self,
                                                         gint64              deadline);
/* TRUE until every thread that was building lanes (cancelled ones too)
 * has reported back to the main context. */
gboolean            cm_timeline_renderer_is_building    (CmTimelineRenderer *self);
/* FALSE while the lanes drawn are not those of the current result. */
gboolean            cm_timeline_renderer_get_prepared   (CmTimelineRenderer *self);
void                cm_timeline_renderer_set_style      (CmTimelineRenderer *self,
                                                         const CmStyle      *style);
/* Serials (CM_NONE for none). */
void                cm_timeline_renderer_set_selection  (CmTimelineRenderer *self,
                                                         guint               serial);
void                cm_timeline_renderer_set_hover      (CmTimelineRenderer *self,
                                                         guint               serial);
/* With @overlay, render() leaves the hover outline out and
 * cm_timeline_renderer_render_hover() draws it alone, over the last frame
 * (same coordinates): a window redraws it as the pointer moves without
 * rendering the frame again. */
void                cm_timeline_renderer_set_hover_overlay (CmTimelineRenderer *self,
                                                            gboolean            overlay);
void                cm_timeline_renderer_render_hover   (CmTimelineRenderer *self,
                                                         cairo_t            *cr);
/* A drag's preview (see cm_viewport_set_preview()), over the last frame
 * (same coordinates): the event @serial drawn from @start to @end
 * (CM_TIME_INVALID: an instant) in its row, highlighted, with its title,
 * and faded where the frame has it. Nothing when the last frame does not
 * draw the event on its own. */
void                cm_timeline_renderer_render_preview (CmTimelineRenderer *self,
                                                         cairo_t            *cr,
                                                         guint               serial,
                                                         CmTime              start,
                                                         CmTime              end);
/* Lanes: @group is a document group index, or CM_NONE for the default lane. */
void                cm_timeline_renderer_set_collapsed  (CmTimelineRenderer *self,
                                                         guint               group,
                                                         gboolean            collapsed);
gboolean            cm_timeline_renderer_get_collapsed  (CmTimelineRenderer *self,
                                                         guint               group);
/* The "now" line, drawn when in range (CM_TIME_INVALID: none). */
void                cm_timeline_renderer_set_now        (CmTimelineRenderer *self,
                                                         CmTime              now);

/* Draws [start, end) across @width × @height user units at the origin. */
void                cm_timeline_renderer_render         (CmTimelineRenderer *self,
                                                         cairo_t            *cr,
                                                         double              width,
                                                         double              height,
                                                         CmTime              start,
                                                         CmTime              end);

/* What is at (x, y) in the frame last rendered (same size and window). */
gboolean            cm_timeline_renderer_hit_test       (CmTimelineRenderer *self,
                                                         double              x,
                                                         double              y,
                                                         CmTimelineHit      *hit);
/* Where the event is drawn in the last frame: FALSE when not visible
 * (filtered, outside, in a collapsed lane or merged into a cluster). */
gboolean            cm_timeline_renderer_get_event_rect (CmTimelineRenderer *self,
                                                         guint               serial,
                                                         double             *x,
                                                         double             *y,
                                                         double             *width,
                                                         double             *height);

/* Where the lane of @group (CM_NONE: the default lane) is in the last
 * frame, header included, scrolled; FALSE when the frame shows no such
 * lane. Lanes below the frame are not laid out: theirs is an estimate. */
gboolean            cm_timeline_renderer_get_lane_rect  (CmTimelineRenderer *self,
                                                         guint               group,
                                                         double             *y,
                                                         double             *height);

/* The overview strip: the whole of [doc_start, doc_end) as a density of
 * events, with [start, end) marked as the visible window. */
void                cm_timeline_renderer_render_overview (CmTimelineRenderer *self,
                                                          cairo_t            *cr,
                                                          double              width,
                                                          double              height,
                                                          CmTime              doc_start,
                                                          CmTime              doc_end,
                                                          CmTime              start,
                                                          CmTime              end);

/* The playhead of an itinerary playback at @time: over the lanes of the
 * last frame (same coordinates), and over an overview strip. Views draw it
 * over their cached frames; exports do not. Nothing when @time is
 * CM_TIME_INVALID or outside. */
void                cm_timeline_renderer_render_playhead (CmTimelineRenderer *self,
                                                          cairo_t            *cr,
                                                          CmTime              time);
void                cm_timeline_renderer_render_overview_playhead (CmTimelineRenderer *self,
                                                                   cairo_t            *cr,
                                                                   double              width,
                                                                   double              height,
                                                                   CmTime              doc_start,
                                                                   CmTime              doc_end,
                                                                   CmTime              time);

/* x of @time in a frame of @width showing [start, end), and back. */
double              cm_timeline_time_to_x               (CmTime              time,
                                                         CmTime              start,
                                                         CmTime              end,
                                                         double              width);
CmTime              cm_timeline_x_to_time               (double              x,
                                                         CmTime              start,
                                                         CmTime              end,
                                                         double              width);

/* The tick of the last frame's fine axis row ("26", "13:00") nearest
 * @time, in the axis's zone: where a drag on the timeline snaps to.
 * @time itself before the first frame. */
CmTime              cm_timeline_renderer_snap_time      (CmTimelineRenderer *self,
                                                         CmTime              time);

/* The legend of categories, below the last lane, in rows as wide as the
 * frame: never over the lanes (shown by default; a window lists the
 * categories elsewhere and turns it off). When the lanes are taller than
 * the frame, it stays at the bottom and the lanes are cut above it. */
void                cm_timeline_renderer_set_show_legend (CmTimelineRenderer *self,
                                                          gboolean            show_legend);
gboolean            cm_timeline_renderer_get_show_legend (CmTimelineRenderer *self);
/* The triangles that open and close lanes (shown by default): a picture
 * that cannot be clicked (export) leaves them out. */
void                cm_timeline_renderer_set_show_disclosure (CmTimelineRenderer *self,
                                                              gboolean            show_disclosure);
/* Labels keep clear of the last @inset px of the frame's right side, where
 * a view lays its scroll bar (0 by default). Marks are still drawn there. */
void                cm_timeline_renderer_set_right_inset (CmTimelineRenderer *self,
                                                          double              inset);

/* The zone the axis shows its hours, days, months and years in, and says
 * it does at its top right: the document's (the UTC offset most events
 * carry, found again when they change; the default), UTC or this
 * computer's. */
void                cm_timeline_renderer_set_zone_kind  (CmTimelineRenderer *self,
                                                         CmZoneKind          kind);
CmZoneKind          cm_timeline_renderer_get_zone_kind  (CmTimelineRenderer *self);
/* The zone the kind stands for now (transfer none): what else shows times
 * of the timeline (its tooltips) shows them in. */
const CmZone       *cm_timeline_renderer_get_zone       (CmTimelineRenderer *self);

/* Lanes scroll up by @offset px under the axis, which stays in place. */
void                cm_timeline_renderer_set_scroll_offset (CmTimelineRenderer *self,
                                                            double              offset);
/* The height the last frame's axis and lanes need, unscrolled: compare
 * with the height to size a scroll bar. Lanes below the frame are not laid
 * out: their height is the one they had when last drawn (one row at first). */
double              cm_timeline_renderer_get_content_height (CmTimelineRenderer *self);

typedef enum
{
  CM_TIMELINE_LABEL_AXIS_FINE,
  CM_TIMELINE_LABEL_AXIS_CONTEXT,
  CM_TIMELINE_LABEL_LANE,
  CM_TIMELINE_LABEL_EVENT,
  CM_TIMELINE_LABEL_CLUSTER,
  CM_TIMELINE_LABEL_LEGEND,
  CM_TIMELINE_LABEL_AXIS_ZONE,  /* the zone the axis shows, "UTC+2" */
} CmTimelineLabelKind;

typedef struct
{
  CmTimelineLabelKind kind;
  double              x, y, width, height;  /* the text's logical box */
  const char         *text;
} CmTimelineLabel;

/* Every text the last frame drew (for tests and accessibility); valid
 * until the next render. No two overlap. */
const CmTimelineLabel *cm_timeline_renderer_get_labels  (CmTimelineRenderer *self,
                                                         guint              *n_labels);

G_END_DECLS
