/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-event-store.h"
#include "cm-match-set.h"

G_BEGIN_DECLS

/* The searched text of every event of a store, folded once (case and
 * diacritics, as cm_fold_text()) into one buffer, with each event's
 * category. Searching it needs no access to the store, so it runs in a
 * worker thread while the store stays on the main thread. Immutable once
 * built; a store change makes a new one (cm_search_index_splice() for a
 * range, sharing the text outside it). */

typedef struct _CmSearchIndex CmSearchIndex;

#define CM_TYPE_SEARCH_INDEX (cm_search_index_get_type ())
GType          cm_search_index_get_type       (void) G_GNUC_CONST;

CmSearchIndex *cm_search_index_ref            (CmSearchIndex        *self);
void           cm_search_index_unref          (CmSearchIndex        *self);
guint          cm_search_index_get_n_events   (CmSearchIndex        *self);
gsize          cm_search_index_get_memory_size (CmSearchIndex       *self);

/* The positions whose folded title, place or description contains every
 * one of @tokens (folded words, NULL-terminated; each in one field) and
 * whose category is @category (CM_NONE: any). NULL when @cancellable was
 * cancelled during the scan. Thread-safe. */
CmMatchSet    *cm_search_index_query          (CmSearchIndex        *self,
                                               const char * const   *tokens,
                                               guint                 category,
                                               GCancellable         *cancellable);

/* The same among the positions of @within alone (a result of this index
 * that holds every answer: a search that a word typed further narrows).
 * Thread-safe. */
CmMatchSet    *cm_search_index_query_within   (CmSearchIndex        *self,
                                               const char * const   *tokens,
                                               guint                 category,
                                               const CmMatchSet     *within,
                                               GCancellable         *cancellable);

/* Building it in steps, so a million events never block the main loop
 * for long: step() until it returns TRUE, then finish(). */
typedef struct _CmSearchIndexBuilder CmSearchIndexBuilder;

CmSearchIndexBuilder *cm_search_index_builder_new    (CmEventStore         *store);
/* Folds events until done (TRUE) or @deadline (monotonic µs; 0: none). */
gboolean              cm_search_index_builder_step   (CmSearchIndexBuilder *self,
                                                      gint64                deadline);
/* Frees the builder; returns the index (NULL if the steps are not done). */
CmSearchIndex        *cm_search_index_builder_finish (CmSearchIndexBuilder *self);
void                  cm_search_index_builder_free   (CmSearchIndexBuilder *self);

/* The whole index at once. */
CmSearchIndex *cm_search_index_new            (CmEventStore         *store);

/* The index of @store after it changed as items-changed (@position,
 * @removed, @added) says, from @self (the index of @store before): only
 * the few thousand events around the change are folded again. */
CmSearchIndex *cm_search_index_splice         (CmSearchIndex        *self,
                                               CmEventStore         *store,
                                               guint                 position,
                                               guint                 removed,
                                               guint                 added);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSearchIndex, cm_search_index_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSearchIndexBuilder, cm_search_index_builder_free)

G_END_DECLS
