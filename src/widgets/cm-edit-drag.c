/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-edit-drag"

#include "config.h"

#include "cm-edit-drag.h"

#include <math.h>

void
cm_edit_drag_init (CmEditDrag *drag)
{
  *drag = (CmEditDrag) { .serial = CM_NONE };
}

static CmViewport *
get_viewport (CmEditDrag *drag)
{
  return drag->session != NULL ? cm_session_get_viewport (drag->session) : NULL;
}

/* Ends the group as it is, drops the preview, and forgets the press. */
static void
finish (CmEditDrag *drag)
{
  if (drag->history != NULL)
    {
      cm_history_end_group (drag->history);
      g_clear_object (&drag->history);
    }
  if (drag->preview && get_viewport (drag) != NULL)
    cm_viewport_clear_preview (get_viewport (drag));
  g_clear_object (&drag->session);

  cm_edit_drag_init (drag);
}

gboolean
cm_edit_drag_press (CmEditDrag     *drag,
                    CmEventStore   *store,
                    guint           serial,
                    CmEditDragKind  kind)
{
  guint position;

  finish (drag);

  if (store == NULL || serial == CM_NONE)
    return FALSE;

  position = cm_event_store_find_serial (store, serial);
  if (position == CM_NONE)
    return FALSE;

  drag->serial = serial;
  drag->kind = kind;
  drag->start0 = cm_event_store_get_start (store, position);
  drag->end0 = cm_event_store_is_span (store, position)
                 ? cm_event_store_get_end (store, position) : CM_TIME_INVALID;
  if (!cm_event_store_get_coordinates (store, position, &drag->lat0, &drag->lon0))
    drag->lat0 = drag->lon0 = NAN;
  drag->start = drag->start0;
  drag->end = drag->end0;
  drag->lat = drag->lat0;
  drag->lon = drag->lon0;

  return TRUE;
}

void
cm_edit_drag_start (CmEditDrag *drag,
                    GtkWidget  *widget,
                    GtkGesture *gesture,
                    CmSession  *session,
                    const char *cursor)
{
  CmEventStore *store;

  g_return_if_fail (drag->serial != CM_NONE && !drag->active);

  /* A drag of the event, not a click on it. */
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  drag->active = TRUE;
  drag->session = g_object_ref (session);
  store = cm_document_get_store (cm_session_get_document (session));
  drag->preview = cm_event_store_get_n_events (store) >= CM_EDIT_DRAG_PREVIEW_EVENTS;
  if (!drag->preview)
    {
      drag->history = g_object_ref (cm_session_get_history (session));
      drag->steps = cm_history_get_position (drag->history);
      cm_history_begin_group (drag->history, NULL);
    }
  gtk_widget_set_cursor_from_name (widget, cursor);
}

/* Gives the event what the drag has reached, through @history. */
static void
apply (CmEditDrag *drag,
       CmHistory  *history)
{
  CmEventStore *store = cm_document_get_store (cm_session_get_document (drag->session));
  guint position = cm_event_store_find_serial (store, drag->serial);
  CmEventData data;

  if (position == CM_NONE)
    return;

  if (drag->kind == CM_EDIT_DRAG_MOVE)
    {
      cm_history_move_event (history, drag->serial, drag->start);
      return;
    }

  cm_event_store_get_data (store, position, &data);
  if (drag->kind == CM_EDIT_DRAG_TIMES)
    {
      data.start = drag->start;
      data.end = drag->end;
    }
  else
    {
      data.lat = drag->lat;
      data.lon = drag->lon;
    }
  cm_history_change_event (history, drag->serial, &data);
}

void
cm_edit_drag_update (CmEditDrag *drag,
                     CmTime      start,
                     CmTime      end,
                     double      lat,
                     double      lon)
{
  if (!cm_edit_drag_is_editing (drag))
    return;

  if (drag->kind == CM_EDIT_DRAG_PLACE)
    {
      drag->lat = lat;
      drag->lon = lon;
    }
  else
    {
      drag->start = start;
      drag->end = end;
    }

  if (drag->preview)
    cm_viewport_set_preview (get_viewport (drag), drag->serial, drag->start, drag->end,
                             drag->lat, drag->lon);
  else
    apply (drag, drag->history);
}

/* Where the drag has taken the event is where it was at the press. */
static gboolean
unchanged (const CmEditDrag *drag)
{
  if (drag->kind == CM_EDIT_DRAG_PLACE)
    return drag->lat == drag->lat0 && drag->lon == drag->lon0;

  return drag->start == drag->start0 && drag->end == drag->end0;
}

/* Closes the group; takes its step back when @undo. */
static void
close_group (CmEditDrag *drag,
             gboolean    undo)
{
  g_autoptr(CmHistory) history = g_steal_pointer (&drag->history);

  if (history == NULL)
    return;

  cm_history_end_group (history);
  /* Only the group's own step: none when nothing changed. */
  if (undo && cm_history_get_position (history) == drag->steps + 1)
    cm_history_undo (history);
}

gboolean
cm_edit_drag_release (CmEditDrag *drag,
                      GtkWidget  *widget)
{
  gboolean active = drag->active;

  if (drag->serial == CM_NONE)
    return FALSE;

  /* Back where it began: no step that does nothing. */
  if (drag->preview)
    {
      if (cm_edit_drag_is_editing (drag) && !unchanged (drag))
        apply (drag, cm_session_get_history (drag->session));
    }
  else
    close_group (drag, unchanged (drag));
  finish (drag);
  if (active)
    gtk_widget_set_cursor_from_name (widget, NULL);

  return TRUE;
}

gboolean
cm_edit_drag_cancel (CmEditDrag *drag,
                     GtkWidget  *widget)
{
  if (!cm_edit_drag_is_editing (drag))
    return FALSE;

  if (drag->preview)
    cm_viewport_clear_preview (get_viewport (drag));
  else
    close_group (drag, TRUE);
  /* The rest of the drag, until the release, does nothing. */
  drag->cancelled = TRUE;
  gtk_widget_set_cursor_from_name (widget, NULL);

  return TRUE;
}

void
cm_edit_drag_reset (CmEditDrag *drag,
                    GtkWidget  *widget)
{
  if (cm_edit_drag_is_editing (drag))
    gtk_widget_set_cursor_from_name (widget, NULL);
  finish (drag);
}

gboolean
cm_edit_drag_is_editing (const CmEditDrag *drag)
{
  return drag->active && !drag->cancelled;
}
