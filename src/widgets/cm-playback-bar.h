/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-playback.h"
#include "cm-viewport.h"

G_BEGIN_DECLS

/* Controls of a CmPlayback: the itinerary played, play/pause, previous and
 * next stop, speed, a scrubber over the itinerary's time range, and the
 * current stage and date. While it plays, the bar drives the playback from
 * the frame clock and keeps the playback time inside the shared viewport's
 * window (the timeline follows).
 *
 * Actions (group "playback"): playback.toggle (Space), playback.previous,
 * playback.next. */

#define CM_TYPE_PLAYBACK_BAR (cm_playback_bar_get_type ())
G_DECLARE_FINAL_TYPE (CmPlaybackBar, cm_playback_bar, CM, PLAYBACK_BAR, GtkWidget)

GtkWidget  *cm_playback_bar_new          (void);

CmPlayback *cm_playback_bar_get_playback (CmPlaybackBar *self);
void        cm_playback_bar_set_playback (CmPlaybackBar *self,
                                          CmPlayback    *playback);
CmViewport *cm_playback_bar_get_viewport (CmPlaybackBar *self);
void        cm_playback_bar_set_viewport (CmPlaybackBar *self,
                                          CmViewport    *viewport);

G_END_DECLS
