/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-history.h"
#include "cm-history-private.h"
#include "cm-itinerary.h"

/* Reordering the stops of an itinerary, kept apart from the other edits:
 * one CM_EDIT_ORDERS edit holds every event's order before and after. */

void
_cm_edit_apply_orders (CmEdit       *edit,
                       CmEventStore *store,
                       gboolean      forward)
{
  guint n = edit->serials->len;
  g_autofree guint *orders = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    orders[i] = g_array_index (edit->orders, guint, 2 * i + (forward ? 1 : 0));

  cm_event_store_set_orders (store, (const guint *) (void *) edit->serials->data, orders, n);
}

/* Index of the stop whose first event is @serial, or CM_NONE. */
static guint
find_stop_of_serial (CmItinerary *itinerary,
                     guint        serial)
{
  guint n = cm_itinerary_get_n_stops (itinerary);

  for (guint i = 0; i < n; i++)
    if (cm_itinerary_get_stop (itinerary, i)->serial == serial)
      return i;

  return CM_NONE;
}

gboolean
cm_history_reorder_stops (CmHistory   *self,
                          guint        group,
                          const guint *stop_serials,
                          guint        n_stops)
{
  CmDocument *document;
  CmEventStore *store;
  g_autoptr(CmItinerary) itinerary = NULL;
  g_autofree gboolean *seen = NULL;
  CmEdit *edit;
  gboolean changed = FALSE;
  guint order = 0;

  g_return_val_if_fail (CM_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (stop_serials != NULL || n_stops == 0, FALSE);

  document = cm_history_get_document (self);
  if (document == NULL || group >= cm_document_get_n_groups (document))
    return FALSE;

  store = cm_document_get_store (document);
  itinerary = cm_itinerary_new (document, group);
  if (n_stops != cm_itinerary_get_n_stops (itinerary) || n_stops == 0)
    return FALSE;

  edit = _cm_edit_new (CM_EDIT_ORDERS);
  edit->serials = g_array_new (FALSE, FALSE, sizeof (guint));
  edit->orders = g_array_new (FALSE, FALSE, sizeof (guint));
  seen = g_new0 (gboolean, n_stops);

  for (guint i = 0; i < n_stops; i++)
    {
      guint stop = find_stop_of_serial (itinerary, stop_serials[i]);
      const guint *serials;
      guint n_events;

      if (stop == CM_NONE || seen[stop])
        {
          _cm_edit_free (edit);
          return FALSE;
        }
      seen[stop] = TRUE;

      serials = cm_itinerary_get_stop_serials (itinerary, stop, &n_events);
      for (guint e = 0; e < n_events; e++)
        {
          guint position = cm_event_store_find_serial (store, serials[e]);
          guint before_after[2] = { cm_event_store_get_order (store, position), ++order };

          changed |= before_after[0] != before_after[1];
          g_array_append_val (edit->serials, serials[e]);
          g_array_append_vals (edit->orders, before_after, 2);
        }
    }

  if (!changed)
    {
      _cm_edit_free (edit);
      return FALSE;
    }

  edit->name = g_strdup (_("Reorder Stops"));
  _cm_edit_apply_orders (edit, store, TRUE);
  _cm_history_push_edit (self, edit);

  return TRUE;
}
