/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-document.h"

G_BEGIN_DECLS

/* What a drawing of a document follows: the document (its "changed": names,
 * colours, groups) and its store (items-changed). Embedded in the object
 * that follows, cleared in its dispose. */
typedef struct
{
  CmDocument   *document;  /* owned, nullable */
  CmEventStore *store;     /* owned: the document's */
  gulong        items_changed_id;
  gulong        changed_id;
} CmDocumentWatch;

/* Follows @document (nullable) instead: @items_changed is connected to its
 * store's items-changed and @changed to its "changed", both swapped (the
 * first argument is @data) and disconnected when @data goes. FALSE when
 * @watch already follows @document (nothing changed). */
gboolean cm_document_watch_set   (CmDocumentWatch *watch,
                                  CmDocument      *document,
                                  GCallback        items_changed,
                                  GCallback        changed,
                                  gpointer         data);
void     cm_document_watch_clear (CmDocumentWatch *watch);

G_END_DECLS
