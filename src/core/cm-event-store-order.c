/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event-store"

#include "config.h"

#include "cm-event-store-private.h"

/* The explicit stop order of events (what "Reorder Stops" sets). It lives
 * in the record's former padding: a million events cost no more memory. */
G_STATIC_ASSERT (sizeof (Record) == 56);

guint
cm_event_store_get_order (CmEventStore *self,
                          guint         position)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (self), 0);
  g_return_val_if_fail (position < self->n, 0);

  return self->records[position].order;
}

void
cm_event_store_set_orders (CmEventStore *self,
                           const guint  *serials,
                           const guint  *orders,
                           guint         n_serials)
{
  guint lo = G_MAXUINT, hi = 0;

  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail ((serials != NULL && orders != NULL) || n_serials == 0);
  g_return_if_fail (!self->in_bulk);

  for (guint i = 0; i < n_serials; i++)
    {
      guint position = cm_event_store_find_serial (self, serials[i]);

      if (position == CM_NONE)
        continue;

      self->records[position].order = orders[i];
      lo = MIN (lo, position);
      hi = MAX (hi, position);
    }

  /* Nothing moves: the count stays, so no n-items notification. */
  if (lo <= hi)
    g_list_model_items_changed (G_LIST_MODEL (self), lo, hi - lo + 1, hi - lo + 1);
}
