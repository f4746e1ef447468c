/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cm-session.h"

G_BEGIN_DECLS

/* What a widget that shows a session listens to: one signal group for the
 * session itself ("matches", "pending") and one for each object it holds
 * (document, store, viewport, playback), all pointed at a new session in
 * one step. The widget connects its handlers to the groups once, at init. */

typedef struct
{
  GSignalGroup *session;
  GSignalGroup *document;
  GSignalGroup *store;
  GSignalGroup *viewport;
  GSignalGroup *playback;
} CmSessionSignals;

/* Makes the groups, with no target. */
void cm_session_signals_init   (CmSessionSignals *signals);
/* What a view of the whole session (timeline, map) follows: connects, on
 * @instance and swapped, @document_changed to CmDocument::changed,
 * @items_changed to the store's ::items-changed, @window_changed to the
 * viewport's notify::start and notify::end, @selection_changed to its
 * notify::selection and @matches_changed to the session's notify::matches. */
void cm_session_signals_connect_view (CmSessionSignals *signals,
                                      gpointer          instance,
                                      GCallback         document_changed,
                                      GCallback         items_changed,
                                      GCallback         window_changed,
                                      GCallback         selection_changed,
                                      GCallback         matches_changed);
/* Points every group at @session (nullable) and what it holds. */
void cm_session_signals_set    (CmSessionSignals *signals,
                                CmSession        *session);
/* For a widget's set_session(): sets *@session_ptr to @session (nullable)
 * and points the groups at it. FALSE when it was the session already. */
gboolean cm_session_signals_replace (CmSessionSignals  *signals,
                                     CmSession        **session_ptr,
                                     CmSession         *session);
/* Disconnects and frees the groups (dispose: may run twice). */
void cm_session_signals_clear  (CmSessionSignals *signals);

/* The "session" property of a widget that shows one. */
GParamSpec *cm_session_param_spec_new (void);

G_END_DECLS
