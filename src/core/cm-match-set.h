/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The result of a filter over a store: which positions match. Immutable
 * once made and shared by reference between the list, the timeline, the
 * map and the exporter, so the filter runs once per change. Either "all"
 * (every position below n_events) or an ascending array of positions with
 * a bit per position for O(1) membership. Safe to read from any thread. */

typedef struct _CmMatchSet CmMatchSet;

#define CM_TYPE_MATCH_SET (cm_match_set_get_type ())
GType       cm_match_set_get_type      (void) G_GNUC_CONST;

/* Every one of @n_events positions. */
CmMatchSet *cm_match_set_new_all       (guint             n_events);
/* Takes @positions (ascending, each < @n_events, g_malloc'ed, may be NULL
 * when @n_positions is 0). */
CmMatchSet *cm_match_set_new_take      (guint             n_events,
                                        guint32          *positions,
                                        guint             n_positions);

CmMatchSet *cm_match_set_ref           (CmMatchSet       *self);
void        cm_match_set_unref         (CmMatchSet       *self);

/* TRUE when the set is every position. */
gboolean    cm_match_set_is_all        (const CmMatchSet *self);
/* Size of the store the set was made for. */
guint       cm_match_set_get_n_events  (const CmMatchSet *self);
guint       cm_match_set_get_n_matches (const CmMatchSet *self);
/* Store position of the @index-th match (@index < n_matches). */
guint       cm_match_set_get_position  (const CmMatchSet *self,
                                        guint             index);
/* FALSE for positions outside the store the set was made for. */
gboolean    cm_match_set_contains      (const CmMatchSet *self,
                                        guint             position);
/* @out[i] = contains (@positions[i]) for i < @n: one call for a million
 * lookups (a marker's, a lane's), with no check per position. */
void        cm_match_set_contains_many (const CmMatchSet *self,
                                        const guint      *positions,
                                        guint             n,
                                        guint8           *out);
/* Index of @position among the matches, or CM_NONE. */
guint       cm_match_set_find          (const CmMatchSet *self,
                                        guint             position);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmMatchSet, cm_match_set_unref)

G_END_DECLS
