/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cm-document.h"
#include "cm-enums.h"
#include "cm-itinerary.h"
#include "cm-time.h"

G_BEGIN_DECLS

/* Playing an itinerary back: the itinerary of one group of a document, a
 * current time inside its range (first arrival … last departure), whether it
 * plays and how fast. No GTK: whoever owns a clock (the playback bar's tick
 * callback) calls cm_playback_advance() with the real time elapsed.
 *
 * The group is chosen by the user; by default, and whenever the chosen group
 * disappears from the document, it is the document's first itinerary group.
 * The itinerary is rebuilt when the document changes, or when a change of
 * its events concerns the group played (an edit of other events at most
 * brings the stops' store positions up to date). Without
 * an itinerary (no document, no itinerary group, or no stop) the time is
 * CM_TIME_INVALID and every method is a no-op. */

typedef enum
{
  CM_PLAYBACK_SPEED_HOUR,     /* 1 hour of the itinerary per second */
  CM_PLAYBACK_SPEED_6_HOURS,  /* 6 hours per second */
  CM_PLAYBACK_SPEED_DAY,      /* 1 day per second */
  CM_PLAYBACK_SPEED_WEEK,     /* 1 week per second */
  CM_N_PLAYBACK_SPEEDS /*< skip >*/
} CmPlaybackSpeed;

/* Seconds of itinerary time per real second. */
double           cm_playback_speed_get_rate   (CmPlaybackSpeed  speed);

#define CM_TYPE_PLAYBACK (cm_playback_get_type ())
G_DECLARE_FINAL_TYPE (CmPlayback, cm_playback, CM, PLAYBACK, GObject)

CmPlayback      *cm_playback_new              (CmDocument      *document);

CmDocument      *cm_playback_get_document     (CmPlayback      *self);
void             cm_playback_set_document     (CmPlayback      *self,
                                               CmDocument      *document);
/* Index of the itinerary group played, or CM_NONE. Setting a group that is
 * not an itinerary group of the document, or CM_NONE, plays nothing. */
guint            cm_playback_get_group        (CmPlayback      *self);
void             cm_playback_set_group        (CmPlayback      *self,
                                               guint            group);
/* (transfer none) (nullable): NULL when there is nothing to play. */
CmItinerary     *cm_playback_get_itinerary    (CmPlayback      *self);
/* First arrival and last departure; FALSE when there is no itinerary. */
gboolean         cm_playback_get_range        (CmPlayback      *self,
                                               CmTime          *start,
                                               CmTime          *end);

CmTime           cm_playback_get_time         (CmPlayback      *self);
/* The stage: index of the stop the traveller is at or last left (0-based),
 * CM_NONE without an itinerary. Stepping sets it exactly, so stops that
 * arrive at the same time are still visited one by one. */
guint            cm_playback_get_stop         (CmPlayback      *self);
/* Where the traveller is (see cm_itinerary_locate()); FALSE without an
 * itinerary. */
gboolean         cm_playback_locate           (CmPlayback      *self,
                                               double          *lat,
                                               double          *lon,
                                               gboolean        *travelling);

gboolean         cm_playback_get_playing      (CmPlayback      *self);
CmPlaybackSpeed  cm_playback_get_speed        (CmPlayback      *self);
void             cm_playback_set_speed        (CmPlayback      *self,
                                               CmPlaybackSpeed  speed);

/* Playing at the end starts again from the beginning. */
void             cm_playback_play             (CmPlayback      *self);
void             cm_playback_pause            (CmPlayback      *self);
void             cm_playback_toggle           (CmPlayback      *self);
/* Jump to the arrival of the next stop, or back to the arrival of the
 * current stop (of the previous one when already there). FALSE when there
 * is none. Playing continues. */
gboolean         cm_playback_step_next_stop     (CmPlayback    *self);
gboolean         cm_playback_step_previous_stop (CmPlayback    *self);
gboolean         cm_playback_can_step_next      (CmPlayback    *self);
gboolean         cm_playback_can_step_previous  (CmPlayback    *self);
/* Moves the time to @time, clamped to the range. */
void             cm_playback_seek             (CmPlayback      *self,
                                               CmTime           time);
/* While playing, moves the time on by @elapsed_seconds × the speed's rate;
 * at the end of the range the time stops there and playback pauses.
 * Does nothing when paused. */
void             cm_playback_advance          (CmPlayback      *self,
                                               double           elapsed_seconds);

/* How many times the itinerary was built from the whole store (tests). */
guint            _cm_playback_get_n_rebuilds  (CmPlayback      *self);

G_END_DECLS
