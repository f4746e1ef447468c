/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-search-index"
/* memmem() */
#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include "cm-event-filter.h"
#include "cm-search-index.h"

/* Events per chunk, as built. A chunk is the unit shared between an index
 * and the one an edit makes of it (an edit folds again only the chunks it
 * touches), and the scan looks at the cancellable between two chunks. */
#define CHUNK 4096
/* Folded text of one chunk beyond this is left out (with a warning). */
#define MAX_TEXT ((gsize) G_MAXUINT32)

/* Events first .. first + n - 1 of the index: event i's fields, each
 * followed by a NUL, are text[starts[i] .. starts[i+1]). Offsets are
 * 32-bit, as the string pool's (cm-string-pool.h). Immutable, shared by
 * reference between indexes. */
typedef struct
{
  gatomicrefcount  ref_count;
  guint            n;
  char            *text;
  guint32         *starts;      /* n + 1 */
  guint32         *categories;  /* n */
} Chunk;

struct _CmSearchIndex
{
  gatomicrefcount  ref_count;
  guint            n_events;
  guint            n_chunks;
  Chunk          **chunks;
  guint           *firsts;      /* n_chunks + 1: each chunk's first position */
};

struct _CmSearchIndexBuilder
{
  CmEventStore  *store;
  guint          next;          /* store position */
  guint          end;
  GPtrArray     *chunks;        /* done */
  /* The chunk being filled. */
  GString       *text;
  GString       *scratch;
  GArray        *starts;
  GArray        *categories;
  gboolean       truncated;     /* past MAX_TEXT: warned once */
};

G_DEFINE_BOXED_TYPE (CmSearchIndex, cm_search_index, cm_search_index_ref, cm_search_index_unref)

static Chunk *
chunk_ref (Chunk *chunk)
{
  g_atomic_ref_count_inc (&chunk->ref_count);
  return chunk;
}

static void
chunk_unref (Chunk *chunk)
{
  if (!g_atomic_ref_count_dec (&chunk->ref_count))
    return;

  g_free (chunk->text);
  g_free (chunk->starts);
  g_free (chunk->categories);
  g_free (chunk);
}

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

  for (guint c = 0; c < self->n_chunks; c++)
    chunk_unref (self->chunks[c]);
  g_free (self->chunks);
  g_free (self->firsts);
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
  gsize size;

  g_return_val_if_fail (self != NULL, 0);

  size = sizeof *self + self->n_chunks * (sizeof (Chunk *) + sizeof (guint)) + sizeof (guint);
  for (guint c = 0; c < self->n_chunks; c++)
    {
      const Chunk *chunk = self->chunks[c];

      size += sizeof *chunk + chunk->starts[chunk->n]
              + (chunk->n + 1) * sizeof (guint32) + chunk->n * sizeof (guint32);
    }

  return size;
}

/* Folds store positions @first .. @end - 1. */
static CmSearchIndexBuilder *
builder_new_range (CmEventStore *store,
                   guint         first,
                   guint         end)
{
  CmSearchIndexBuilder *self = g_new0 (CmSearchIndexBuilder, 1);

  self->store = g_object_ref (store);
  self->next = first;
  self->end = end;
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_unref);
  /* Most text is ASCII and folds to its own length. */
  self->text = g_string_sized_new (MIN (end - first, CHUNK) * 48 + 64);
  self->scratch = g_string_new (NULL);
  self->starts = g_array_sized_new (FALSE, FALSE, sizeof (guint32), CHUNK + 1);
  self->categories = g_array_sized_new (FALSE, FALSE, sizeof (guint32), CHUNK);

  return self;
}

CmSearchIndexBuilder *
cm_search_index_builder_new (CmEventStore *store)
{
  g_return_val_if_fail (CM_IS_EVENT_STORE (store), NULL);

  return builder_new_range (store, 0, cm_event_store_get_n_events (store));
}

/* The chunk filled so far joins the done ones. */
static void
close_chunk (CmSearchIndexBuilder *self)
{
  Chunk *chunk;
  guint32 text_len = (guint32) self->text->len;

  if (self->categories->len == 0)
    return;

  chunk = g_new0 (Chunk, 1);
  g_atomic_ref_count_init (&chunk->ref_count);
  chunk->n = self->categories->len;
  g_array_append_val (self->starts, text_len);
  /* g_array_free() hands back the array's own allocation, as aligned as
   * any g_malloc() block. */
  chunk->starts = (gpointer) g_array_free (self->starts, FALSE);
  chunk->categories = (gpointer) g_array_free (self->categories, FALSE);
  /* Exactly the text: the GString reserved more. */
  chunk->text = g_realloc (g_string_free (self->text, FALSE), text_len + 1);
  g_ptr_array_add (self->chunks, chunk);

  self->text = g_string_sized_new (MIN (self->end - self->next, CHUNK) * 48 + 64);
  self->starts = g_array_sized_new (FALSE, FALSE, sizeof (guint32), CHUNK + 1);
  self->categories = g_array_sized_new (FALSE, FALSE, sizeof (guint32), CHUNK);
}

static void
append_field (CmSearchIndexBuilder *self,
              const char           *text)
{
  if (text != NULL && text[0] != '\0')
    {
      cm_fold_into (self->scratch, text);
      if (self->scratch->len + 1 <= MAX_TEXT - self->text->len)
        g_string_append_len (self->text, self->scratch->str, self->scratch->len);
      else if (!self->truncated)
        {
          g_warning ("The text of the events is too long to search past event %u", self->next);
          self->truncated = TRUE;
        }
    }
  /* Room for the NUL is kept: a chunk is closed before its text nears
   * MAX_TEXT (below). */
  g_string_append_c (self->text, '\0');
}

gboolean
cm_search_index_builder_step (CmSearchIndexBuilder *self,
                              gint64                deadline)
{
  g_return_val_if_fail (self != NULL, TRUE);

  while (self->next < self->end)
    {
      guint end = MIN (self->end, self->next + 512);

      for (; self->next < end; self->next++)
        {
          CmEventData data;
          guint32 offset;

          /* A chunk holds CHUNK events, and its offsets stay 32-bit. */
          if (self->categories->len == CHUNK || self->text->len > MAX_TEXT / 2)
            close_chunk (self);

          cm_event_store_get_data (self->store, self->next, &data);
          offset = (guint32) self->text->len;
          g_array_append_val (self->starts, offset);
          g_array_append_val (self->categories, data.category);
          append_field (self, data.title);
          append_field (self, data.place);
          append_field (self, data.description);
        }

      if (deadline > 0 && g_get_monotonic_time () > deadline)
        return self->next >= self->end;
    }

  return TRUE;
}

void
cm_search_index_builder_free (CmSearchIndexBuilder *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->store);
  g_ptr_array_unref (self->chunks);
  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_string_free (self->scratch, TRUE);
  if (self->starts != NULL)
    g_array_unref (self->starts);
  if (self->categories != NULL)
    g_array_unref (self->categories);
  g_free (self);
}

/* An index of @n_chunks chunks, taking them; firsts from their sizes. */
static CmSearchIndex *
index_new_take (Chunk **chunks,
                guint   n_chunks)
{
  CmSearchIndex *index = g_new0 (CmSearchIndex, 1);

  g_atomic_ref_count_init (&index->ref_count);
  index->n_chunks = n_chunks;
  index->chunks = chunks;
  index->firsts = g_new (guint, n_chunks + 1);
  for (guint c = 0; c < n_chunks; c++)
    {
      index->firsts[c] = index->n_events;
      index->n_events += chunks[c]->n;
    }
  index->firsts[n_chunks] = index->n_events;

  return index;
}

CmSearchIndex *
cm_search_index_builder_finish (CmSearchIndexBuilder *self)
{
  guint n_chunks;
  Chunk **chunks;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->next < self->end)
    {
      cm_search_index_builder_free (self);
      g_return_val_if_reached (NULL);
    }

  close_chunk (self);
  n_chunks = self->chunks->len;
  g_ptr_array_set_free_func (self->chunks, NULL);
  chunks = (Chunk **) g_ptr_array_free (g_steal_pointer (&self->chunks), FALSE);
  self->chunks = g_ptr_array_new ();
  cm_search_index_builder_free (self);

  return index_new_take (chunks, n_chunks);
}

CmSearchIndex *
cm_search_index_new (CmEventStore *store)
{
  CmSearchIndexBuilder *builder = cm_search_index_builder_new (store);

  cm_search_index_builder_step (builder, 0);

  return cm_search_index_builder_finish (builder);
}

/* The chunk holding @position (the last one for the end). */
static guint
chunk_at (CmSearchIndex *self,
          guint          position)
{
  guint low = 0, high = self->n_chunks - 1;

  while (low < high)
    {
      guint middle = low + (high - low + 1) / 2;

      if (self->firsts[middle] <= position)
        low = middle;
      else
        high = middle - 1;
    }

  return low;
}

CmSearchIndex *
cm_search_index_splice (CmSearchIndex *self,
                        CmEventStore  *store,
                        guint          position,
                        guint          removed,
                        guint          added)
{
  g_autoptr(CmSearchIndex) middle = NULL;
  CmSearchIndexBuilder *builder;
  guint lo, hi, first, old_end, n_chunks = 0;
  Chunk **chunks;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (CM_IS_EVENT_STORE (store), NULL);
  g_return_val_if_fail (position <= self->n_events && removed <= self->n_events - position, NULL);
  g_return_val_if_fail (cm_event_store_get_n_events (store) == self->n_events - removed + added, NULL);

  if (self->n_chunks == 0)
    return cm_search_index_new (store);

  /* The chunks the change touches, folded again from the store: chunks
   * lo .. hi of this index hold what is now first .. old_end - removed
   * + added. */
  lo = chunk_at (self, position);
  hi = removed > 0 ? chunk_at (self, position + removed - 1) : lo;
  first = self->firsts[lo];
  old_end = self->firsts[hi + 1];
  builder = builder_new_range (store, first, old_end - removed + added);
  cm_search_index_builder_step (builder, 0);
  middle = cm_search_index_builder_finish (builder);

  chunks = g_new (Chunk *, lo + middle->n_chunks + (self->n_chunks - hi - 1));
  for (guint c = 0; c < lo; c++)
    chunks[n_chunks++] = chunk_ref (self->chunks[c]);
  for (guint c = 0; c < middle->n_chunks; c++)
    chunks[n_chunks++] = chunk_ref (middle->chunks[c]);
  for (guint c = hi + 1; c < self->n_chunks; c++)
    chunks[n_chunks++] = chunk_ref (self->chunks[c]);

  return index_new_take (chunks, n_chunks);
}

/* The last event of @chunk whose text starts at or before @offset. */
static guint
event_at (const Chunk *chunk,
          guint32      offset)
{
  guint low = 0, high = chunk->n;

  /* The first event starting after @offset, minus one. */
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (chunk->starts[middle + 1] <= offset)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static gboolean
event_contains (const Chunk *chunk,
                guint        event,
                const char  *token,
                gsize        length)
{
  const char *begin = chunk->text + chunk->starts[event];
  gsize size = chunk->starts[event + 1] - chunk->starts[event];

  return memmem (begin, size, token, length) != NULL;
}

typedef struct
{
  guint32 *positions;
  guint    n;
  guint    allocated;
} Positions;

static inline void
positions_add (Positions *p,
               guint      position)
{
  if (p->n == p->allocated)
    p->positions = g_renew (guint32, p->positions, p->allocated = MAX (1024, p->allocated * 2));
  p->positions[p->n++] = position;
}

/* Every word in the event's fields, and the category. */
static gboolean
event_matches (const Chunk        *chunk,
               guint               event,
               const char * const *tokens,
               const gsize        *lengths,
               guint               category)
{
  if (category != CM_NONE && chunk->categories[event] != category)
    return FALSE;

  for (guint t = 0; tokens != NULL && tokens[t] != NULL; t++)
    if (!event_contains (chunk, event, tokens[t], lengths[t]))
      return FALSE;

  return TRUE;
}

CmMatchSet *
cm_search_index_query_within (CmSearchIndex      *self,
                              const char * const *tokens,
                              guint               category,
                              const CmMatchSet   *within,
                              GCancellable       *cancellable)
{
  g_autofree gsize *lengths = NULL;
  guint n_tokens = tokens != NULL ? g_strv_length ((char **) tokens) : 0;
  Positions found = { NULL, 0, 0 };
  guint n_within, c = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (within == NULL || cm_match_set_is_all (within)
      || cm_match_set_get_n_events (within) != self->n_events)
    return cm_search_index_query (self, tokens, category, cancellable);

  lengths = g_new0 (gsize, MAX (1, n_tokens));
  for (guint t = 0; t < n_tokens; t++)
    lengths[t] = strlen (tokens[t]);

  n_within = cm_match_set_get_n_matches (within);
  for (guint i = 0; i < n_within; i++)
    {
      guint position = cm_match_set_get_position (within, i);

      if (i % CHUNK == 0 && g_cancellable_is_cancelled (cancellable))
        {
          g_free (found.positions);
          return NULL;
        }

      /* Positions ascend: the chunk moves forward only. */
      while (self->firsts[c + 1] <= position)
        c++;
      if (event_matches (self->chunks[c], position - self->firsts[c], tokens, lengths, category))
        positions_add (&found, position);
    }

  if (found.n > 0)
    found.positions = g_renew (guint32, found.positions, found.n);

  return cm_match_set_new_take (self->n_events, found.positions, found.n);
}

CmMatchSet *
cm_search_index_query (CmSearchIndex      *self,
                       const char * const *tokens,
                       guint               category,
                       GCancellable       *cancellable)
{
  g_autofree gsize *lengths = NULL;
  guint n_tokens = tokens != NULL ? g_strv_length ((char **) tokens) : 0;
  Positions found = { NULL, 0, 0 };
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

  for (guint c = 0; c < self->n_chunks; c++)
    {
      const Chunk *chunk = self->chunks[c];
      guint base = self->firsts[c];
      guint32 text_end = chunk->starts[chunk->n];

      if (g_cancellable_is_cancelled (cancellable))
        {
          g_free (found.positions);
          return NULL;
        }

      if (n_tokens == 0)
        {
          for (guint i = 0; i < chunk->n; i++)
            if (chunk->categories[i] == category)
              positions_add (&found, base + i);
          continue;
        }

      /* Find the primary word in the chunk's text; each hit names an
       * event, which must then hold every other word too. Fields end in
       * NUL and words have none, so a hit never spans two fields. */
      for (guint32 offset = 0; offset < text_end;)
        {
          const char *hit = memmem (chunk->text + offset, text_end - offset,
                                    tokens[primary], lengths[primary]);
          gboolean matches = TRUE;
          guint event;

          if (hit == NULL)
            break;

          event = event_at (chunk, (guint32) (hit - chunk->text));
          offset = chunk->starts[event + 1];

          if (category != CM_NONE && chunk->categories[event] != category)
            continue;

          for (guint t = 0; t < n_tokens && matches; t++)
            matches = t == primary || event_contains (chunk, event, tokens[t], lengths[t]);
          if (matches)
            positions_add (&found, base + event);
        }
    }

  if (found.n > 0)
    found.positions = g_renew (guint32, found.positions, found.n);

  return cm_match_set_new_take (self->n_events, found.positions, found.n);
}
