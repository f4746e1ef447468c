/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-session.h"

G_BEGIN_DECLS

/* Controls of a CmSession's playback: the itinerary played, play/pause,
 * previous and next stop, speed, a scrubber over the itinerary's time
 * range, and the current stage and date. While it plays, the bar drives the
 * playback from the frame clock and keeps the playback time inside the
 * window of the session's viewport (the timeline follows).
 *
 * Actions (group "playback"): playback.toggle (Space), playback.previous,
 * playback.next. */

#define CM_TYPE_PLAYBACK_BAR (cm_playback_bar_get_type ())
G_DECLARE_FINAL_TYPE (CmPlaybackBar, cm_playback_bar, CM, PLAYBACK_BAR, GtkWidget)

GtkWidget  *cm_playback_bar_new          (void);

CmSession  *cm_playback_bar_get_session  (CmPlaybackBar *self);
void        cm_playback_bar_set_session  (CmPlaybackBar *self,
                                          CmSession     *session);

G_END_DECLS
