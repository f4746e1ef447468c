/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-session.h"

G_BEGIN_DECLS

/* The events of a session's store that its filter lets through, as a
 * GListModel of CmEvent in the store's order: a view of the session's
 * published CmMatchSet (no filtering of its own, no object per event
 * until asked). "pending" follows the session's. */

#define CM_TYPE_FILTER_MODEL (cm_filter_model_get_type ())
G_DECLARE_FINAL_TYPE (CmFilterModel, cm_filter_model, CM, FILTER_MODEL, GObject)

CmFilterModel *cm_filter_model_new          (CmSession     *session);
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
