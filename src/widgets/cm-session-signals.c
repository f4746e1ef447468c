/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-session-signals"

#include "config.h"

#include "cm-session-signals.h"

/* Makes the groups, with no target. */
void
cm_session_signals_init (CmSessionSignals *signals)
{
  g_return_if_fail (signals != NULL);

  signals->session = g_signal_group_new (CM_TYPE_SESSION);
  signals->document = g_signal_group_new (CM_TYPE_DOCUMENT);
  signals->store = g_signal_group_new (CM_TYPE_EVENT_STORE);
  signals->viewport = g_signal_group_new (CM_TYPE_VIEWPORT);
  signals->playback = g_signal_group_new (CM_TYPE_PLAYBACK);
}

/* What a view of the whole session (timeline, map) follows. */
void
cm_session_signals_connect_view (CmSessionSignals *signals,
                                 gpointer          instance,
                                 GCallback         document_changed,
                                 GCallback         items_changed,
                                 GCallback         window_changed,
                                 GCallback         selection_changed,
                                 GCallback         matches_changed)
{
  g_return_if_fail (signals != NULL);
  g_return_if_fail (G_IS_OBJECT (instance));

  {
    const struct
    {
      GSignalGroup *group;
      const char   *signal;
      GCallback     handler;
    } connections[] = {
      { signals->document, "changed", document_changed },
      { signals->store, "items-changed", items_changed },
      { signals->viewport, "notify::start", window_changed },
      { signals->viewport, "notify::end", window_changed },
      { signals->viewport, "notify::selection", selection_changed },
      { signals->session, "notify::matches", matches_changed },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (connections); i++)
      g_signal_group_connect_object (connections[i].group, connections[i].signal,
                                     connections[i].handler, instance, G_CONNECT_SWAPPED);
  }
}

/* Points every group at @session (nullable) and what it holds. */
void
cm_session_signals_set (CmSessionSignals *signals,
                        CmSession        *session)
{
  g_return_if_fail (signals != NULL);
  g_return_if_fail (session == NULL || CM_IS_SESSION (session));

  if (signals->session == NULL)
    return;

  g_signal_group_set_target (signals->session, session);
  g_signal_group_set_target (signals->document,
                             session != NULL ? cm_session_get_document (session) : NULL);
  g_signal_group_set_target (signals->store,
                             session != NULL ? cm_session_get_store (session) : NULL);
  g_signal_group_set_target (signals->viewport,
                             session != NULL ? cm_session_get_viewport (session) : NULL);
  g_signal_group_set_target (signals->playback,
                             session != NULL ? cm_session_get_playback (session) : NULL);
}

/* For a widget's set_session(): sets *@session_ptr to @session (nullable)
 * and points the groups at it. FALSE when it was the session already. */
gboolean
cm_session_signals_replace (CmSessionSignals  *signals,
                            CmSession        **session_ptr,
                            CmSession         *session)
{
  g_return_val_if_fail (signals != NULL, FALSE);
  g_return_val_if_fail (session_ptr != NULL, FALSE);
  g_return_val_if_fail (session == NULL || CM_IS_SESSION (session), FALSE);

  if (!g_set_object (session_ptr, session))
    return FALSE;

  cm_session_signals_set (signals, session);

  return TRUE;
}

/* Disconnects and frees the groups (dispose: may run twice). */
void
cm_session_signals_clear (CmSessionSignals *signals)
{
  g_return_if_fail (signals != NULL);

  cm_session_signals_set (signals, NULL);

  g_clear_object (&signals->session);
  g_clear_object (&signals->document);
  g_clear_object (&signals->store);
  g_clear_object (&signals->viewport);
  g_clear_object (&signals->playback);
}

/* The "session" property of a widget that shows one. */
GParamSpec *
cm_session_param_spec_new (void)
{
  return g_param_spec_object ("session", NULL, NULL,
                              CM_TYPE_SESSION,
                              (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}
