/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cm-document.h"
#include "cm-event-filter.h"
#include "cm-history.h"
#include "cm-match-set.h"
#include "cm-playback.h"
#include "cm-viewport.h"
#include "cm-zone.h"

G_BEGIN_DECLS

/* Everything the views of one open document share: the document, the
 * visible window and selection (viewport), what the user narrowed the
 * events to (filter) and its result (matches), the itinerary playback,
 * and the history of edits. Views, the sidebar, the details pane and the exporter take
 * the session as their one property.
 *
 * The filter runs once per change, here: the searched text is folded once
 * per store change into a CmSearchIndex (in main-loop steps of a few
 * milliseconds), and each search scans it in a worker thread; a newer
 * search cancels the one running, and the result replaces "matches" in
 * one step. Stores of up to 20,000 events are indexed and filtered at
 * once, so small documents never show a pending state. */

#define CM_TYPE_SESSION (cm_session_get_type ())
G_DECLARE_FINAL_TYPE (CmSession, cm_session, CM, SESSION, GObject)

CmSession     *cm_session_new           (CmDocument *document);

CmDocument    *cm_session_get_document  (CmSession  *self);
CmEventStore  *cm_session_get_store     (CmSession  *self);
CmViewport    *cm_session_get_viewport  (CmSession  *self);
CmEventFilter *cm_session_get_filter    (CmSession  *self);
CmPlayback    *cm_session_get_playback  (CmSession  *self);
/* The document's edits, for Undo and Redo. The window clears it when the
 * document's contents are replaced by a load. */
CmHistory     *cm_session_get_history   (CmSession  *self);

/* The published result of the filter (never NULL). It may still describe
 * the store as it was before a change while "pending" is TRUE. */
CmMatchSet    *cm_session_get_matches   (CmSession  *self);
/* TRUE while a newer result is being computed. */
gboolean       cm_session_get_pending   (CmSession  *self);
/* Whether the store position passes the published filter. */
gboolean       cm_session_matches       (CmSession  *self,
                                         guint       position);
/* The zone the timeline's axis and its exports show (default
 * CM_ZONE_KIND_DOCUMENT). */
CmZoneKind     cm_session_get_time_zone (CmSession  *self);
void           cm_session_set_time_zone (CmSession  *self,
                                         CmZoneKind  time_zone);
/* Completes indexing and filtering at once (tests, export, command line). */
void           cm_session_flush         (CmSession  *self);

G_END_DECLS
