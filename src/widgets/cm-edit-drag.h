/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-session.h"

G_BEGIN_DECLS

/* A drag previews its edit from this many events. */
#define CM_EDIT_DRAG_PREVIEW_EVENTS CM_VIEWPORT_PREVIEW_EVENTS

typedef enum
{
  CM_EDIT_DRAG_MOVE,   /* the start; a span keeps its duration */
  CM_EDIT_DRAG_TIMES,  /* the start and the end of a span, one of them moved */
  CM_EDIT_DRAG_PLACE,  /* the place */
} CmEditDragKind;

/* What the timeline and the map share of a drag that edits one event: a
 * press on the event, then, past the drag threshold, the edit, as one
 * step of the session's history that Escape takes back. In a small
 * document the store follows the pointer (one group of the history, that
 * the release closes); in a large one the views show a preview and the
 * release makes the edit. */
typedef struct
{
  CmSession      *session;    /* past the threshold */
  CmHistory      *history;    /* while the group is open (live edits) */
  guint           serial;     /* pressed on, or CM_NONE */
  CmEditDragKind  kind;
  CmTime          start0, end0;  /* the event at the press */
  double          lat0, lon0;
  CmTime          start, end;    /* where the drag has taken it */
  double          lat, lon;
  guint           steps;      /* the history's position when the group opened */
  guint           active : 1;     /* past the threshold */
  guint           cancelled : 1;  /* Escape: the rest of the drag does nothing */
  guint           preview : 1;    /* the edit waits for the release */
} CmEditDrag;

void     cm_edit_drag_init       (CmEditDrag   *drag);
/* A press on the event @serial of @store (CM_NONE: none); forgets the
 * last drag. FALSE when the event is not there. */
gboolean cm_edit_drag_press      (CmEditDrag     *drag,
                                  CmEventStore   *store,
                                  guint           serial,
                                  CmEditDragKind  kind);
/* Past the threshold: @gesture claims the drag, the edit begins and
 * @widget shows @cursor. */
void     cm_edit_drag_start      (CmEditDrag *drag,
                                  GtkWidget  *widget,
                                  GtkGesture *gesture,
                                  CmSession  *session,
                                  const char *cursor);
/* The drag has taken the event to @start and @end (a move: @end follows
 * the start), or to (@lat, @lon): the fields of the drag's kind count. */
void     cm_edit_drag_update     (CmEditDrag *drag,
                                  CmTime      start,
                                  CmTime      end,
                                  double      lat,
                                  double      lon);
/* The release: the edit is made (one step), unless it ends where it
 * began. FALSE when there was no press. */
gboolean cm_edit_drag_release    (CmEditDrag *drag,
                                  GtkWidget  *widget);
/* Escape: takes the edit back (a preview: nothing was made). FALSE when
 * nothing is being dragged. */
gboolean cm_edit_drag_cancel     (CmEditDrag *drag,
                                  GtkWidget  *widget);
/* Forgets the drag (another session is shown): a live edit so far is
 * kept, a preview dropped. */
void     cm_edit_drag_reset      (CmEditDrag *drag,
                                  GtkWidget  *widget);
/* Past the threshold and not cancelled. */
gboolean cm_edit_drag_is_editing (const CmEditDrag *drag);

G_END_DECLS
