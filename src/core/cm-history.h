/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-document.h"

G_BEGIN_DECLS

/* The edits of one document, undone and redone without limit. Every edit
 * of the events, categories and groups goes through it; events are named
 * by serial, which undo keeps (a deleted event comes back with its own).
 * Each step has a translated name ("Move “Obama meets Sarkozy”") for the
 * Undo and Redo menu items. A group makes one step of many edits (a drag):
 * consecutive changes of one event in it become one change. The
 * document's dirty flag follows the position: undoing back to where it was
 * saved makes it clean again. */
#define CM_TYPE_HISTORY (cm_history_get_type ())
G_DECLARE_FINAL_TYPE (CmHistory, cm_history, CM, HISTORY, GObject)

CmHistory  *cm_history_new              (CmDocument        *document);
CmDocument *cm_history_get_document     (CmHistory         *self);

/* Adds an event; returns its serial. */
guint       cm_history_insert_event     (CmHistory         *self,
                                         const CmEventData *data);
/* Deletes the events with these serials (unknown ones are skipped). */
void        cm_history_delete_events    (CmHistory         *self,
                                         const guint       *serials,
                                         guint              n_serials);
/* Gives the event every field of @data (which may hold the store's own
 * strings, from cm_event_store_get_data()). FALSE when nothing changed or
 * there is no such event: no step then. */
gboolean    cm_history_change_event     (CmHistory         *self,
                                         guint              serial,
                                         const CmEventData *data);

/* Moves the event to begin at @start, keeping its duration (a drag on the
 * timeline): a change of its start and end. */
gboolean    cm_history_move_event       (CmHistory         *self,
                                         guint              serial,
                                         CmTime             start);

/* Categories and groups, by their index in the document. */
guint       cm_history_add_category     (CmHistory         *self,
                                         const char        *id,
                                         const char        *name,
                                         const char        *color);
void        cm_history_remove_category  (CmHistory         *self,
                                         guint              index);
void        cm_history_rename_category  (CmHistory         *self,
                                         guint              index,
                                         const char        *name);
void        cm_history_recolor_category (CmHistory         *self,
                                         guint              index,
                                         double             red,
                                         double             green,
                                         double             blue);
guint       cm_history_add_group        (CmHistory         *self,
                                         const char        *id,
                                         const char        *name,
                                         CmGroupKind        kind);
void        cm_history_remove_group     (CmHistory         *self,
                                         guint              index);
void        cm_history_rename_group     (CmHistory         *self,
                                         guint              index,
                                         const char        *name);
void        cm_history_set_group_kind   (CmHistory         *self,
                                         guint              index,
                                         CmGroupKind        kind);

/* Reorders the stops of itinerary group @group: @stop_serials are the
 * serials of every stop's first event (CmStop.serial) in the new order;
 * each stop's events get explicit orders 1, 2, … in that order, the
 * stop's own events keeping theirs among them. One step, "Reorder Stops";
 * undo gives back the orders they had. FALSE (no step) when the list is
 * not a permutation of the group's stops, or nothing changed. */
gboolean    cm_history_reorder_stops    (CmHistory         *self,
                                         guint              group,
                                         const guint       *stop_serials,
                                         guint              n_stops);

/* Edits until the matching end_group() are one step, named @name
 * (nullable: the first edit's name). Groups nest; the outermost counts. */
void        cm_history_begin_group      (CmHistory         *self,
                                         const char        *name);
void        cm_history_end_group        (CmHistory         *self);

gboolean    cm_history_undo             (CmHistory         *self);
gboolean    cm_history_redo             (CmHistory         *self);
gboolean    cm_history_get_can_undo     (CmHistory         *self);
gboolean    cm_history_get_can_redo     (CmHistory         *self);
/* The step's name (nullable when there is none), e.g. "Move “Summit”". */
const char *cm_history_get_undo_name    (CmHistory         *self);
const char *cm_history_get_redo_name    (CmHistory         *self);
/* The one event the last undo or redo changed, inserted or deleted, for
 * the views to select it; CM_NONE when it touched several events, none
 * (a category, a group) or when nothing was undone or redone yet. */
guint       cm_history_get_last_event   (CmHistory         *self);
/* Number of steps that can be undone. */
guint       cm_history_get_position     (CmHistory         *self);

/* The document was saved (or loaded) here: clean at this position. The
 * document turning clean by cm_document_set_dirty() does the same. */
void        cm_history_set_clean        (CmHistory         *self);
/* Forgets every step (after the document's contents were replaced). */
void        cm_history_clear            (CmHistory         *self);

G_END_DECLS
