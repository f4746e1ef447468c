/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-document.h"
#include "cm-history.h"

G_BEGIN_DECLS

/* One reversible edit of a document, as CmHistory keeps it (cm-history-edit.c). */

typedef enum
{
  CM_EDIT_INSERT,           /* events[0] added */
  CM_EDIT_DELETE,           /* events removed */
  CM_EDIT_CHANGE,           /* events[0] became events[1] */
  CM_EDIT_CATEGORY_INSERT,  /* category added at index */
  CM_EDIT_CATEGORY_REMOVE,  /* category removed from index; serials were its events */
  CM_EDIT_CATEGORY_CHANGE,  /* name and colour: category became after */
  CM_EDIT_GROUP_INSERT,
  CM_EDIT_GROUP_REMOVE,
  CM_EDIT_GROUP_CHANGE,     /* name and kind */
  CM_EDIT_ORDERS,           /* stop orders: serials' orders went from orders[2i] to orders[2i+1] */
} CmEditKind;

/* An event as it was, its strings owned. */
typedef struct
{
  guint       serial;
  CmEventData data;
} CmEventCopy;

typedef struct
{
  CmEditKind  kind;
  char       *name;
  GArray     *events;   /* CmEventCopy */
  guint       index;
  CmCategory  category;
  CmCategory  category_after;
  CmGroup     group;
  CmGroup     group_after;
  GArray     *serials;  /* guint, for a removed category or group */
  GArray     *orders;   /* guint, for CM_EDIT_ORDERS: before and after per serial */
} CmEdit;

CmEdit  *_cm_edit_new           (CmEditKind         kind);
void     _cm_edit_free          (gpointer           edit);
/* Appends a copy of @data (its strings too) to the edit's events. */
void     _cm_edit_add_event     (CmEdit            *edit,
                                 guint              serial,
                                 const CmEventData *data);
void     _cm_edit_copy_category (CmCategory        *copy,
                                 const CmCategory  *category);
void     _cm_edit_copy_group    (CmGroup           *copy,
                                 const CmGroup     *group);
/* "Move “Summit”": what changed from @a to @b, with @a's title. */
char    *_cm_edit_name_change   (const CmEventData *a,
                                 const CmEventData *b);
/* Whether the store keeps @a and @b the same. */
gboolean _cm_edit_data_equal    (const CmEventData *a,
                                 const CmEventData *b);
/* Does the edit (@forward) or undoes it on @document. */
void     _cm_edit_apply         (CmEdit            *edit,
                                 CmDocument        *document,
                                 gboolean           forward);
/* Stop orders (cm-history-stops.c): does or undoes a CM_EDIT_ORDERS. */
void     _cm_edit_apply_orders  (CmEdit            *edit,
                                 CmEventStore      *store,
                                 gboolean           forward);
/* Takes the edit's events out of @store, all at once. */
void     _cm_edit_take_events   (CmEdit            *edit,
                                 CmEventStore      *store);

/* Records @edit, already applied, as cm_history.c does its own. */
void     _cm_history_push_edit  (CmHistory         *self,
                                 CmEdit            *edit);

G_END_DECLS
