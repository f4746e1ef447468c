/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-edit-drag"

#include "config.h"

#include "cm-edit-drag.h"

void
cm_edit_drag_init (CmEditDrag *drag)
{
  *drag = (CmEditDrag) { .serial = CM_NONE };
}

/* Ends the group as it is, and forgets the press. */
static void
finish (CmEditDrag *drag)
{
  if (drag->history != NULL)
    {
      cm_history_end_group (drag->history);
      g_clear_object (&drag->history);
    }

  cm_edit_drag_init (drag);
}

void
cm_edit_drag_press (CmEditDrag *drag,
                    guint       serial)
{
  finish (drag);
  drag->serial = serial;
}

void
cm_edit_drag_start (CmEditDrag *drag,
                    GtkWidget  *widget,
                    GtkGesture *gesture,
                    CmSession  *session,
                    const char *cursor)
{
  g_return_if_fail (drag->serial != CM_NONE && !drag->active);

  /* A drag of the event, not a click on it. */
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  drag->active = TRUE;
  drag->history = g_object_ref (cm_session_get_history (session));
  drag->steps = cm_history_get_position (drag->history);
  cm_history_begin_group (drag->history, NULL);
  gtk_widget_set_cursor_from_name (widget, cursor);
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
                      GtkWidget  *widget,
                      gboolean    undo)
{
  gboolean active = drag->active;

  if (drag->serial == CM_NONE)
    return FALSE;

  close_group (drag, undo);
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
