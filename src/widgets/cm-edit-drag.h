/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-session.h"

G_BEGIN_DECLS

/* What the timeline and the map share of a drag that edits one event: a
 * press on the event, then, past the drag threshold, one group of the
 * session's history that the release closes (one step for the whole
 * drag) and that Escape takes back. */
typedef struct
{
  CmHistory *history;        /* while the group is open */
  guint      serial;         /* pressed on, or CM_NONE */
  guint      steps;          /* the history's position when the group opened */
  guint      active : 1;     /* past the threshold */
  guint      cancelled : 1;  /* Escape: the rest of the drag does nothing */
} CmEditDrag;

void     cm_edit_drag_init       (CmEditDrag *drag);
/* A press on the event @serial; forgets the last drag. */
void     cm_edit_drag_press      (CmEditDrag *drag,
                                  guint       serial);
/* Past the threshold: @gesture claims the drag, the group opens and
 * @widget shows @cursor. */
void     cm_edit_drag_start      (CmEditDrag *drag,
                                  GtkWidget  *widget,
                                  GtkGesture *gesture,
                                  CmSession  *session,
                                  const char *cursor);
/* The release: closes the group, and takes its step back when @undo (an
 * edit that ended where it began). FALSE when there was no press. */
gboolean cm_edit_drag_release    (CmEditDrag *drag,
                                  GtkWidget  *widget,
                                  gboolean    undo);
/* Escape: takes the edit back. FALSE when nothing is being dragged. */
gboolean cm_edit_drag_cancel     (CmEditDrag *drag,
                                  GtkWidget  *widget);
/* Forgets the drag, keeping the edit so far (another session is shown). */
void     cm_edit_drag_reset      (CmEditDrag *drag,
                                  GtkWidget  *widget);
/* Past the threshold and not cancelled. */
gboolean cm_edit_drag_is_editing (const CmEditDrag *drag);

G_END_DECLS
