/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-event-filter.h"
#include "cm-event-store.h"

G_BEGIN_DECLS

/* The events of a store that a CmEventFilter lets through, as a GListModel
 * of CmEvent in the store's order. Matching runs in main-loop steps of a
 * few milliseconds straight on the store (no object per event), so a
 * million events filter without blocking the interface; "pending" is TRUE
 * until a new result is in place. */

#define CM_TYPE_FILTER_MODEL (cm_filter_model_get_type ())
G_DECLARE_FINAL_TYPE (CmFilterModel, cm_filter_model, CM, FILTER_MODEL, GObject)

CmFilterModel *cm_filter_model_new          (CmEventStore  *store,
                                             CmEventFilter *filter);
gboolean       cm_filter_model_get_pending  (CmFilterModel *self);
/* Store position of the @index-th match. */
guint          cm_filter_model_get_position (CmFilterModel *self,
                                             guint          index);
/* Index of the store position among the matches, or CM_NONE. */
guint          cm_filter_model_find         (CmFilterModel *self,
                                             guint          position);
/* Completes any pending filtering at once (tests, export). */
void           cm_filter_model_flush        (CmFilterModel *self);

G_END_DECLS
