/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-document"

#include "config.h"

#include "cm-document-watch.h"

void
cm_document_watch_clear (CmDocumentWatch *watch)
{
  g_return_if_fail (watch != NULL);

  if (watch->store != NULL)
    g_clear_signal_handler (&watch->items_changed_id, watch->store);
  if (watch->document != NULL)
    g_clear_signal_handler (&watch->changed_id, watch->document);
  g_clear_object (&watch->store);
  g_clear_object (&watch->document);
}

gboolean
cm_document_watch_set (CmDocumentWatch *watch,
                       CmDocument      *document,
                       GCallback        items_changed,
                       GCallback        changed,
                       gpointer         data)
{
  g_return_val_if_fail (watch != NULL, FALSE);
  g_return_val_if_fail (document == NULL || CM_IS_DOCUMENT (document), FALSE);

  if (watch->document == document)
    return FALSE;

  cm_document_watch_clear (watch);
  if (document == NULL)
    return TRUE;

  watch->document = g_object_ref (document);
  watch->store = g_object_ref (cm_document_get_store (document));
  watch->items_changed_id =
    g_signal_connect_object (watch->store, "items-changed", items_changed, data, G_CONNECT_SWAPPED);
  watch->changed_id =
    g_signal_connect_object (document, "changed", changed, data, G_CONNECT_SWAPPED);

  return TRUE;
}
