/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-match-set"

#include "config.h"

#include "cm-event.h"
#include "cm-match-set.h"

struct _CmMatchSet
{
  gatomicrefcount  ref_count;
  guint            n_events;
  gboolean         all;
  guint32         *positions;  /* ascending; NULL when all */
  guint            n_positions;
  guint64         *bits;       /* a bit per position; NULL when all */
};

G_DEFINE_BOXED_TYPE (CmMatchSet, cm_match_set, cm_match_set_ref, cm_match_set_unref)

CmMatchSet *
cm_match_set_new_all (guint n_events)
{
  CmMatchSet *self = g_new0 (CmMatchSet, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->n_events = n_events;
  self->all = TRUE;

  return self;
}

CmMatchSet *
cm_match_set_new_take (guint     n_events,
                       guint32  *positions,
                       guint     n_positions)
{
  CmMatchSet *self = g_new0 (CmMatchSet, 1);

  g_return_val_if_fail (positions != NULL || n_positions == 0, NULL);

  g_atomic_ref_count_init (&self->ref_count);
  self->n_events = n_events;
  self->positions = positions;
  self->n_positions = n_positions;
  self->bits = g_new0 (guint64, (n_events + 63) / 64 + 1);

  for (guint i = 0; i < n_positions; i++)
    {
      g_return_val_if_fail (positions[i] < n_events, self);
      g_return_val_if_fail (i == 0 || positions[i - 1] < positions[i], self);
      self->bits[positions[i] / 64] |= G_GUINT64_CONSTANT (1) << (positions[i] % 64);
    }

  return self;
}

CmMatchSet *
cm_match_set_ref (CmMatchSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
cm_match_set_unref (CmMatchSet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->positions);
  g_free (self->bits);
  g_free (self);
}

gboolean
cm_match_set_is_all (const CmMatchSet *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->all;
}

guint
cm_match_set_get_n_events (const CmMatchSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_events;
}

guint
cm_match_set_get_n_matches (const CmMatchSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->all ? self->n_events : self->n_positions;
}

guint
cm_match_set_get_position (const CmMatchSet *self,
                           guint             index)
{
  g_return_val_if_fail (self != NULL, CM_NONE);
  g_return_val_if_fail (index < cm_match_set_get_n_matches (self), CM_NONE);

  return self->all ? index : self->positions[index];
}

gboolean
cm_match_set_contains (const CmMatchSet *self,
                       guint             position)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (position >= self->n_events)
    return FALSE;
  if (self->all)
    return TRUE;

  return (self->bits[position / 64] >> (position % 64)) & 1;
}

void
cm_match_set_contains_many (const CmMatchSet *self,
                            const guint      *positions,
                            guint             n,
                            guint8           *out)
{
  guint n_events;
  const guint64 *bits;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n == 0 || (positions != NULL && out != NULL));

  n_events = self->n_events;
  if (self->all)
    {
      for (guint i = 0; i < n; i++)
        out[i] = positions[i] < n_events;
      return;
    }

  bits = self->bits;
  for (guint i = 0; i < n; i++)
    {
      guint position = positions[i];

      out[i] = position < n_events && ((bits[position / 64] >> (position % 64)) & 1);
    }
}

guint
cm_match_set_find (const CmMatchSet *self,
                   guint             position)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (self != NULL, CM_NONE);

  if (!cm_match_set_contains (self, position))
    return CM_NONE;
  if (self->all)
    return position;

  high = self->n_positions;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (self->positions[middle] < position)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}
