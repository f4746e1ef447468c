/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-search-index"
/* memmem() */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include "cm-event-filter.h"
#include "cm-search-index.h"

/* Events scanned between two looks at the cancellable. */
#define BLOCK 16384
/* Folded text beyond this is left out of the index (with a warning). */
#define MAX_TEXT ((gsize) G_MAXUINT32)

struct _CmSearchIndex
{
  gatomicrefcount  ref_count;
  guint            n_events;
  /* Event i's fields, each followed by a NUL: text[starts[i] .. starts[i+1]).
   * Offsets are 32-bit, as the string pool's (cm-string-pool.h): the text
   * is at most MAX_TEXT bytes. */
  char            *text;
  gsize            text_len;
  guint32         *starts;      /* n_events + 1 */
  guint32         *categories;  /* n_events */
};

struct _CmSearchIndexBuilder
{
  CmEventStore  *store;
  guint          n_events;
  guint          next;
  GString       *text;
  GString       *scratch;
  guint32       *starts;
  guint32       *categories;
  gboolean       truncated;     /* past MAX_TEXT */
};

G_DEFINE_BOXED_TYPE (CmSearchIndex, cm_search_index, cm_search_index_ref, cm_search_index_unref)

CmSearchIndex *
cm_search_index_ref (CmSearchIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
cm_search_index_unref (CmSearchIndex *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->text);
  g_free (self->starts);
  g_free (self->categories);
  g_free (self);
}

guint
cm_search_index_get_n_events (CmSearchIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_events;
}

gsize
cm_search_index_get_memory_size (CmSearchIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof *self + self->text_len
         + (self->n_events + 1) * sizeof (guint32)
         + self->n_events * sizeof (guint32);
}

CmSearchIndexBuilder *
cm_search_index_builder_new (CmEventStore *store)
{
  CmSearchIndexBuilder *self;

  g_return_val_if_fail (CM_IS_EVENT_STORE (store), NULL);

  self = g_new0 (CmSearchIndexBuilder, 1);
  self->store = g_object_ref (store);
  self->n_events = cm_event_store_get_n_events (store);
  /* Most text is ASCII and folds to its own length. */
  self->text = g_string_sized_new (MAX (64, self->n_events * 48));
  self->scratch = g_string_new (NULL);
  self->starts = g_new (guint32, self->n_events + 1);
  self->categories = g_new (guint32, MAX (1, self->n_events));

  return self;
}

static void
append_field (CmSearchIndexBuilder *self,
              const char           *text)
{
  if (self->truncated)
    return;

  if (text != NULL && text[0] != '\0')
    {
      cm_fold_into (self->scratch, text);
      if (self->scratch->len + 1 > MAX_TEXT - self->text->len)
        {
          g_warning ("The text of the events is too long to search past event %u", self->next);
          self->truncated = TRUE;
          return;
        }
      g_string_append_len (self->text, self->scratch->str, self->scratch->len);
    }
  else if (self->text->len >= MAX_TEXT)
    {
      return;
    }
  g_string_append_c (self->text, '\0');
}

gboolean
cm_search_index_builder_step (CmSearchIndexBuilder *self,
                              gint64                deadline)
{
  g_return_val_if_fail (self != NULL, TRUE);

  while (self->next < self->n_events)
    {
      guint end = MIN (self->n_events, self->next + 512);

      for (; self->next < end; self->next++)
        {
          CmEventData data;

          cm_event_store_get_data (self->store, self->next, &data);
          self->starts[self->next] = (guint32) self->text->len;
          self->categories[self->next] = data.category;
          append_field (self, data.title);
          append_field (self, data.place);
          append_field (self, data.description);
        }

      if (deadline > 0 && g_get_monotonic_time () > deadline)
        return self->next >= self->n_events;
    }

  return TRUE;
}

void
cm_search_index_builder_free (CmSearchIndexBuilder *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->store);
  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_string_free (self->scratch, TRUE);
  g_free (self->starts);
  g_free (self->categories);
  g_free (self);
}

CmSearchIndex *
cm_search_index_builder_finish (CmSearchIndexBuilder *self)
{
  CmSearchIndex *index;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->next < self->n_events)
    {
      cm_search_index_builder_free (self);
      g_return_val_if_reached (NULL);
    }

  index = g_new0 (CmSearchIndex, 1);
  g_atomic_ref_count_init (&index->ref_count);
  index->n_events = self->n_events;
  self->starts[self->n_events] = (guint32) self->text->len;
  index->text_len = self->text->len;
  index->text = g_string_free (g_steal_pointer (&self->text), FALSE);
  /* Give back what the first guess reserved beyond the text. */
  index->text = g_realloc (index->text, index->text_len + 1);
  index->starts = g_steal_pointer (&self->starts);
  index->categories = g_steal_pointer (&self->categories);
  cm_search_index_builder_free (self);

  return index;
}

CmSearchIndex *
cm_search_index_new (CmEventStore *store)
{
  CmSearchIndexBuilder *builder = cm_search_index_builder_new (store);

  cm_search_index_builder_step (builder, 0);

  return cm_search_index_builder_finish (builder);
}

/* The last event whose text starts at or before @offset, from @low on. */
static guint
event_at (CmSearchIndex *self,
          guint          low,
          guint32        offset)
{
  guint high = self->n_events;

  /* The first event starting after @offset, minus one. */
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (self->starts[middle + 1] <= offset)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static gboolean
event_contains (CmSearchIndex *self,
                guint          event,
                const char    *token,
                gsize          length)
{
  const char *begin = self->text + self->starts[event];
  gsize size = self->starts[event + 1] - self->starts[event];

  return memmem (begin, size, token, length) != NULL;
}

CmMatchSet *
cm_search_index_query (CmSearchIndex      *self,
                       const char * const *tokens,
                       guint               category,
                       GCancellable       *cancellable)
{
  g_autofree guint32 *positions = NULL;
  g_autofree gsize *lengths = NULL;
  guint n_tokens = tokens != NULL ? g_strv_length ((char **) tokens) : 0;
  guint n_positions = 0;
  guint allocated = 0;
  guint primary = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (n_tokens == 0 && category == CM_NONE)
    return cm_match_set_new_all (self->n_events);

  lengths = g_new0 (gsize, MAX (1, n_tokens));
  for (guint t = 0; t < n_tokens; t++)
    {
      lengths[t] = strlen (tokens[t]);
      /* The longest word is the rarest, most of the time. */
      if (lengths[t] > lengths[primary])
        primary = t;
    }

  for (guint block = 0; block < self->n_events; block += BLOCK)
    {
      guint block_end = MIN (self->n_events, block + BLOCK);

      if (g_cancellable_is_cancelled (cancellable))
        return NULL;

      if (n_tokens == 0)
        {
          for (guint i = block; i < block_end; i++)
            {
              if (self->categories[i] != category)
                continue;
              if (n_positions == allocated)
                positions = g_renew (guint32, positions, allocated = MAX (1024, allocated * 2));
              positions[n_positions++] = i;
            }
          continue;
        }

      /* Find the primary word in the block's text; each hit names an
       * event, which must then hold every other word too. Fields end in
       * NUL and words have none, so a hit never spans two fields. */
      for (guint32 offset = self->starts[block]; offset < self->starts[block_end];)
        {
          const char *hit = memmem (self->text + offset, self->starts[block_end] - offset,
                                    tokens[primary], lengths[primary]);
          gboolean matches = TRUE;
          guint event;

          if (hit == NULL)
            break;

          event = event_at (self, block, (guint32) (hit - self->text));
          offset = self->starts[event + 1];

          if (category != CM_NONE && self->categories[event] != category)
            continue;

          for (guint t = 0; t < n_tokens && matches; t++)
            matches = t == primary || event_contains (self, event, tokens[t], lengths[t]);
          if (!matches)
            continue;

          if (n_positions == allocated)
            positions = g_renew (guint32, positions, allocated = MAX (1024, allocated * 2));
          positions[n_positions++] = event;
        }
    }

  if (n_positions > 0)
    positions = g_renew (guint32, positions, n_positions);

  return cm_match_set_new_take (self->n_events, g_steal_pointer (&positions), n_positions);
}
