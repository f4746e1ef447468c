/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-session"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cm-core.h"
#include "cm-enums.h"
#include "cm-search-index.h"
#include "cm-session.h"

/* Stores this small are indexed and filtered at once. */
#define SYNC_LIMIT 20000
/* Time one main-loop step of indexing may take. */
#define STEP_USEC 5000
/* Store changes spanning more events than this are indexed again from
 * scratch, in steps; smaller ones are spliced into the index at once. */
#define SPLICE_LIMIT 65536

struct _CmSession
{
  GObject                parent_instance;

  CmDocument            *document;
  CmEventStore          *store;
  CmViewport            *viewport;
  CmEventFilter         *filter;
  CmPlayback            *playback;
  CmHistory             *history;

  CmSearchIndex         *index;      /* NULL while (re)building */
  CmSearchIndexBuilder  *builder;
  guint                  build_id;
  guint                  reindex_id; /* a store change waiting to be indexed */
  /* The store changes since the index was made, as one items-changed:
   * the index's events changed_position .. + changed_removed are now the
   * store's changed_position .. + changed_added. */
  gboolean               changed;
  guint                  changed_position;
  guint                  changed_removed;
  guint                  changed_added;

  CmMatchSet            *matches;    /* published */
  struct _Query         *answered;   /* the last search published, on index */
  GCancellable          *query;      /* the search running, if any */
  gboolean               pending;

  CmZoneKind             time_zone;  /* the timeline's and its exports' */
};

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_VIEWPORT,
  PROP_FILTER,
  PROP_PLAYBACK,
  PROP_MATCHES,
  PROP_PENDING,
  PROP_TIME_ZONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmSession, cm_session, G_TYPE_OBJECT)

static void
set_pending (CmSession *self,
             gboolean   pending)
{
  if (self->pending == pending)
    return;

  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
publish (CmSession  *self,
         CmMatchSet *matches)
{
  g_clear_pointer (&self->matches, cm_match_set_unref);
  self->matches = matches;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCHES]);
  set_pending (self, FALSE);
  /* The views drop what they built for the result before. */
  cm_core_release_memory_later ();
}

/* Every event matches: no index needed. */
static void
publish_all (CmSession *self)
{
  guint n_events = cm_event_store_get_n_events (self->store);

  if (self->matches != NULL && cm_match_set_is_all (self->matches)
      && cm_match_set_get_n_events (self->matches) == n_events)
    {
      set_pending (self, FALSE);
      return;
    }

  publish (self, cm_match_set_new_all (n_events));
}

typedef struct _Query
{
  CmSearchIndex *index;
  char         **tokens;
  guint          category;
  CmMatchSet    *within;   /* nullable: where the answers all are */
  CmMatchSet    *matches;  /* the answer, once known */
} Query;

static void
query_free (Query *query)
{
  if (query == NULL)
    return;

  cm_search_index_unref (query->index);
  g_strfreev (query->tokens);
  g_clear_pointer (&query->within, cm_match_set_unref);
  g_clear_pointer (&query->matches, cm_match_set_unref);
  g_free (query);
}

/* Results past this share of the events are scanned again in full: the
 * text scan beats a look at each of that many events. */
#define WITHIN_SHARE 4

/* The last answer holds every answer of the search @tokens, @category
 * when each of its words is part of one of them and its category is none
 * or the same: typing on narrows a search. */
static CmMatchSet *
find_within (CmSession          *self,
             const char * const *tokens,
             guint               category)
{
  Query *answered = self->answered;

  if (answered == NULL || answered->index != self->index
      || cm_match_set_get_n_matches (answered->matches)
         > cm_search_index_get_n_events (self->index) / WITHIN_SHARE)
    return NULL;
  if (answered->category != CM_NONE && answered->category != category)
    return NULL;

  /* Either list of words may be NULL for none. */
  for (guint i = 0; answered->tokens != NULL && answered->tokens[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; tokens != NULL && tokens[j] != NULL && !found; j++)
        found = strstr (tokens[j], answered->tokens[i]) != NULL;
      if (!found)
        return NULL;
    }

  return answered->matches;
}

static Query *
query_new (CmSession          *self,
           const char * const *tokens,
           guint               category)
{
  Query *query = g_new0 (Query, 1);
  CmMatchSet *within = find_within (self, tokens, category);

  query->index = cm_search_index_ref (self->index);
  query->tokens = g_strdupv ((char **) tokens);
  query->category = category;
  query->within = within != NULL ? cm_match_set_ref (within) : NULL;

  return query;
}

static Query *
query_copy (const Query *query)
{
  Query *copy = g_new0 (Query, 1);

  copy->index = cm_search_index_ref (query->index);
  copy->tokens = g_strdupv (query->tokens);
  copy->category = query->category;

  return copy;
}

static CmMatchSet *
query_run (Query        *query,
           GCancellable *cancellable)
{
  return cm_search_index_query_within (query->index, (const char * const *) query->tokens,
                                       query->category, query->within, cancellable);
}

/* Publishes the answer of @query (taken), remembered for the next. */
static void
publish_answer (CmSession  *self,
                Query      *query,
                CmMatchSet *matches)
{
  g_clear_pointer (&query->within, cm_match_set_unref);
  query->matches = cm_match_set_ref (matches);
  query_free (self->answered);
  self->answered = query;
  publish (self, matches);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Query *query = task_data;
  CmMatchSet *matches;

  cm_core_lower_thread_priority ();
  matches = query_run (query, cancellable);
  if (matches == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else
    g_task_return_pointer (task, matches, (GDestroyNotify) cm_match_set_unref);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CmSession *self = CM_SESSION (object);
  Query *query = g_task_get_task_data (G_TASK (result));
  CmMatchSet *matches;

  matches = g_task_propagate_pointer (G_TASK (result), NULL);
  if (matches == NULL)
    return; /* cancelled: a newer search or store replaces it */

  g_clear_object (&self->query);
  /* The task keeps its data until it is finalized: a copy is kept. */
  query = query_copy (query);
  publish_answer (self, query, matches);
}

static void
cancel_query (CmSession *self)
{
  if (self->query != NULL)
    {
      g_cancellable_cancel (self->query);
      g_clear_object (&self->query);
    }
}

/* Runs the filter over the index, in a worker unless @sync or the store is
 * small. Needs the index. */
static void
start_query (CmSession *self,
             gboolean   sync)
{
  const char * const *tokens = cm_event_filter_get_tokens (self->filter);
  guint category = cm_event_filter_get_category (self->filter);
  g_autoptr(GTask) task = NULL;
  Query *query;

  g_assert (self->index != NULL);

  cancel_query (self);

  if (!cm_event_filter_is_active (self->filter))
    {
      publish_all (self);
      return;
    }

  query = query_new (self, tokens, category);
  if (sync || cm_search_index_get_n_events (self->index) <= SYNC_LIMIT)
    {
      publish_answer (self, query, query_run (query, NULL));
      return;
    }

  set_pending (self, TRUE);
  self->query = g_cancellable_new ();

  task = g_task_new (self, self->query, query_done_cb, NULL);
  g_task_set_source_tag (task, start_query);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  g_task_run_in_thread (task, query_thread);
}

static void
finish_index (CmSession *self)
{
  g_clear_handle_id (&self->build_id, g_source_remove);
  self->index = cm_search_index_builder_finish (g_steal_pointer (&self->builder));
#ifdef __GLIBC__
  /* Loading a large document and folding its text leave tens of MB freed
   * but kept in malloc's heaps (the loader thread's above all), the last
   * step of it being this: they go back to the system. */
  if (cm_search_index_get_n_events (self->index) > SYNC_LIMIT)
    malloc_trim (0);
#endif
}

static gboolean
build_idle (gpointer user_data)
{
  CmSession *self = user_data;

  if (!cm_search_index_builder_step (self->builder, g_get_monotonic_time () + STEP_USEC))
    return G_SOURCE_CONTINUE;

  self->build_id = 0;
  finish_index (self);
  start_query (self, FALSE);

  return G_SOURCE_REMOVE;
}

/* Forgets the index and the search running on it. */
static void
forget_index (CmSession *self)
{
  cancel_query (self);
  g_clear_handle_id (&self->build_id, g_source_remove);
  g_clear_pointer (&self->builder, cm_search_index_builder_free);
  g_clear_pointer (&self->index, cm_search_index_unref);
  g_clear_pointer (&self->answered, query_free);
  self->changed = FALSE;
}

/* Until a new index answers: every event when nothing is filtered, and
 * nothing of the old store when something is. */
static void
publish_unindexed (CmSession *self)
{
  guint n_events = cm_event_store_get_n_events (self->store);

  if (!cm_event_filter_is_active (self->filter))
    {
      publish_all (self);
      return;
    }

  if (self->matches == NULL || !self->pending || cm_match_set_get_n_matches (self->matches) > 0
      || cm_match_set_get_n_events (self->matches) != n_events)
    publish (self, cm_match_set_new_take (n_events, NULL, 0));
  set_pending (self, TRUE);
}

/* The store changed: fold its text again, then filter. */
static void
reindex (CmSession *self)
{
  forget_index (self);
  self->builder = cm_search_index_builder_new (self->store);

  if (cm_event_store_get_n_events (self->store) <= SYNC_LIMIT)
    {
      cm_search_index_builder_step (self->builder, 0);
      finish_index (self);
      start_query (self, TRUE);
      return;
    }

  /* The index is built in steps; the result meanwhile is known already
   * without a filter. */
  publish_unindexed (self);
  self->build_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, build_idle, self, NULL);
}

/* Adds a store change (@position, @removed, @added, in the store's
 * positions just before it) to the ones the index does not know yet. */
static void
note_change (CmSession *self,
             guint      position,
             guint      removed,
             guint      added)
{
  guint start, end, old_end;

  if (!self->changed)
    {
      self->changed = TRUE;
      self->changed_position = position;
      self->changed_removed = removed;
      self->changed_added = added;
      return;
    }

  /* The union, in the store's positions before this change, of the range
   * changed so far and this one; past the range, positions are the
   * index's shifted by added - removed. */
  start = MIN (self->changed_position, position);
  end = MAX (self->changed_position + self->changed_added, position + removed);
  if (position + removed > self->changed_position + self->changed_added)
    old_end = position + removed + self->changed_removed - self->changed_added;
  else
    old_end = self->changed_position + self->changed_removed;

  self->changed_position = start;
  self->changed_removed = old_end - start;
  self->changed_added = end - removed + added - start;
}

/* Brings the index up to the store: the changed range spliced in and the
 * search run again when small, everything folded again otherwise. */
static void
apply_changes (CmSession *self)
{
  CmSearchIndex *index = NULL;

  if (self->index != NULL && self->changed && self->changed_added <= SPLICE_LIMIT)
    index = cm_search_index_splice (self->index, self->store, self->changed_position,
                                    self->changed_removed, self->changed_added);
  if (index == NULL)
    {
      reindex (self);
      return;
    }

  self->changed = FALSE;
  g_clear_pointer (&self->answered, query_free);
  g_clear_pointer (&self->index, cm_search_index_unref);
  self->index = index;
  start_query (self, FALSE);
}

static gboolean
reindex_idle (gpointer user_data)
{
  CmSession *self = user_data;

  self->reindex_id = 0;
  apply_changes (self);

  return G_SOURCE_REMOVE;
}

/* Edits come in bursts (an import, coordinates placed for many events):
 * the index follows once, when the burst is over. While it is being built
 * (steps in idle, reading the store) it starts again. */
static void
store_items_changed_cb (CmSession *self,
                        guint      position,
                        guint      removed,
                        guint      added)
{
  cancel_query (self);
  if (self->index != NULL)
    note_change (self, position, removed, added);
  else
    forget_index (self);
  publish_unindexed (self);

  if (self->reindex_id == 0)
    self->reindex_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reindex_idle, self, NULL);
}

static void
filter_changed_cb (CmSession *self,
                   int        change)
{
  if (self->index != NULL && !self->changed)
    start_query (self, FALSE);
  else if (!cm_event_filter_is_active (self->filter))
    publish_all (self);
  else
    set_pending (self, TRUE); /* the search starts when indexing is done */
}

static void
cm_session_dispose (GObject *object)
{
  CmSession *self = (CmSession *)object;

  g_clear_handle_id (&self->reindex_id, g_source_remove);
  forget_index (self);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);

  g_clear_object (&self->history);
  g_clear_object (&self->playback);
  g_clear_object (&self->filter);
  g_clear_object (&self->viewport);
  g_clear_object (&self->store);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (cm_session_parent_class)->dispose (object);
}

static void
cm_session_finalize (GObject *object)
{
  CmSession *self = (CmSession *)object;

  g_clear_pointer (&self->matches, cm_match_set_unref);

  G_OBJECT_CLASS (cm_session_parent_class)->finalize (object);
}

static void
cm_session_constructed (GObject *object)
{
  CmSession *self = (CmSession *)object;

  G_OBJECT_CLASS (cm_session_parent_class)->constructed (object);

  if (self->document == NULL)
    self->document = cm_document_new ();
  self->store = g_object_ref (cm_document_get_store (self->document));
  self->viewport = cm_viewport_new ();
  self->filter = cm_event_filter_new ();
  self->playback = cm_playback_new (self->document);
  self->history = cm_history_new (self->document);

  g_signal_connect_object (self->store, "items-changed",
                           G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "changed",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);

  reindex (self);
}

static void
cm_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CmSession *self = CM_SESSION (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_VIEWPORT:
      g_value_set_object (value, self->viewport);
      break;

    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;

    case PROP_PLAYBACK:
      g_value_set_object (value, self->playback);
      break;

    case PROP_MATCHES:
      g_value_set_boxed (value, self->matches);
      break;

    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;

    case PROP_TIME_ZONE:
      g_value_set_enum (value, self->time_zone);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CmSession *self = CM_SESSION (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;

    case PROP_TIME_ZONE:
      cm_session_set_time_zone (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_session_class_init (CmSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cm_session_constructed;
  object_class->dispose = cm_session_dispose;
  object_class->finalize = cm_session_finalize;
  object_class->get_property = cm_session_get_property;
  object_class->set_property = cm_session_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, CM_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL, CM_TYPE_VIEWPORT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, CM_TYPE_EVENT_FILTER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAYBACK] =
    g_param_spec_object ("playback", NULL, NULL, CM_TYPE_PLAYBACK,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_MATCHES] =
    g_param_spec_boxed ("matches", NULL, NULL, CM_TYPE_MATCH_SET,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TIME_ZONE] =
    g_param_spec_enum ("time-zone", NULL, NULL, CM_TYPE_ZONE_KIND, CM_ZONE_KIND_DOCUMENT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_session_init (CmSession *self)
{
}

CmSession *
cm_session_new (CmDocument *document)
{
  g_return_val_if_fail (document == NULL || CM_IS_DOCUMENT (document), NULL);

  return g_object_new (CM_TYPE_SESSION, "document", document, NULL);
}

CmDocument *
cm_session_get_document (CmSession *self)
{
  g_return_val_if_fail (CM_IS_SESSION (self), NULL);
  return self->document;
}

CmEventStore *
cm_session_get_store (CmSession *self)
{
  g_return_val_if_fail (CM_IS_SESSION (self), NULL);
  return self->store;
}

CmViewport *
cm_session_get_viewport (CmSession *self)
{
  g_return_val_if_fail (CM_IS_SESSION (self), NULL);
  return self->viewport;
}

CmEventFilter *
cm_session_get_filter (CmSession *self)
{
  g_return_val_if_fail (CM_IS_SESSION (self), NULL);
  return self->filter;
}

CmPlayback *
cm_session_get_playback (CmSession *self)
{
  g_return_val_if_fail (CM_IS_SESSION (self), NULL);
  return self->playback;
}

CmHistory *
cm_session_get_history (CmSession *self)
{
  g_return_val_if_fail (CM_IS_SESSION (self), NULL);
  return self->history;
}

CmMatchSet *
cm_session_get_matches (CmSession *self)
{
  g_return_val_if_fail (CM_IS_SESSION (self), NULL);
  return self->matches;
}

gboolean
cm_session_get_pending (CmSession *self)
{
  g_return_val_if_fail (CM_IS_SESSION (self), FALSE);
  return self->pending;
}

CmZoneKind
cm_session_get_time_zone (CmSession *self)
{
  g_return_val_if_fail (CM_IS_SESSION (self), CM_ZONE_KIND_DOCUMENT);
  return self->time_zone;
}

void
cm_session_set_time_zone (CmSession  *self,
                          CmZoneKind  time_zone)
{
  g_return_if_fail (CM_IS_SESSION (self));

  if (self->time_zone == time_zone)
    return;

  self->time_zone = time_zone;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
}

gboolean
cm_session_matches (CmSession *self,
                    guint      position)
{
  g_return_val_if_fail (CM_IS_SESSION (self), FALSE);
  return cm_match_set_contains (self->matches, position);
}

void
cm_session_flush (CmSession *self)
{
  g_return_if_fail (CM_IS_SESSION (self));

  if (self->reindex_id != 0)
    {
      g_clear_handle_id (&self->reindex_id, g_source_remove);
      apply_changes (self);
    }
  if (self->builder != NULL)
    {
      cm_search_index_builder_step (self->builder, 0);
      finish_index (self);
      start_query (self, TRUE);
    }
  else if (self->query != NULL)
    {
      start_query (self, TRUE);
    }
}
