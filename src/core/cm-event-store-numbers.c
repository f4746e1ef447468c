/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event-store"

#include "config.h"

#include "cm-event-store-private.h"

/* The category and group numbers of events: set for many at once, and
 * renumbered when a category or group is removed or inserted. */

/* Category (or group) @value for the events of @serials: one
 * items-changed over the positions from the first to the last. */
static void
set_index_of (CmEventStore *self,
              gboolean      groups,
              const guint  *serials,
              guint         n_serials,
              guint         value)
{
  g_autoptr(GArray) positions = NULL;
  guint16 small = _cm_event_store_small_index (value);

  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (serials != NULL || n_serials == 0);
  g_return_if_fail (!self->in_bulk);

  positions = _cm_event_store_find_positions (self, serials, n_serials);
  if (positions->len == 0)
    return;

  for (guint i = 0; i < positions->len; i++)
    {
      Record *record = &self->records[g_array_index (positions, guint, i)];

      if (groups)
        record->group = small;
      else
        record->category = small;
    }

  {
    guint lo = g_array_index (positions, guint, 0);
    guint hi = g_array_index (positions, guint, positions->len - 1);

    _cm_event_store_items_changed (self, lo, hi - lo + 1, hi - lo + 1);
  }
}

void
cm_event_store_set_categories (CmEventStore *self,
                               const guint  *serials,
                               guint         n_serials,
                               guint         category)
{
  set_index_of (self, FALSE, serials, n_serials, category);
}

void
cm_event_store_set_groups (CmEventStore *self,
                           const guint  *serials,
                           guint         n_serials,
                           guint         group)
{
  set_index_of (self, TRUE, serials, n_serials, group);
}

/* Category or group numbers of every event after number @index was
 * removed (@delta -1: its events get none) or inserted (@delta +1). */
static void
renumber (CmEventStore *self,
          gboolean      groups,
          guint         index,
          int           delta)
{
  gboolean changed = FALSE;

  g_return_if_fail (CM_IS_EVENT_STORE (self));
  g_return_if_fail (delta == 1 || delta == -1);
  g_return_if_fail (!self->in_bulk);

  for (guint i = 0; i < self->n; i++)
    {
      guint16 *value = groups ? &self->records[i].group : &self->records[i].category;

      if (*value == NO_INDEX || *value < index)
        continue;

      if (delta < 0 && *value == index)
        *value = NO_INDEX;
      else
        *value = _cm_event_store_small_index ((guint) ((int) *value + delta));
      changed = TRUE;
    }

  if (changed)
    _cm_event_store_items_changed (self, 0, self->n, self->n);
}

void
cm_event_store_renumber_categories (CmEventStore *self,
                                    guint         index,
                                    int           delta)
{
  renumber (self, FALSE, index, delta);
}

void
cm_event_store_renumber_groups (CmEventStore *self,
                                guint         index,
                                int           delta)
{
  renumber (self, TRUE, index, delta);
}
