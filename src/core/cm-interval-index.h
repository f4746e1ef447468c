/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An implicit augmented interval tree over intervals already sorted by
 * start: node i of level k (k = number of trailing one bits of i) covers
 * positions [i - 2^k + 1, i + 2^k - 1] and keeps the latest end in that
 * range. One gint64 per interval; answers overlap queries in O(log n + k). */
typedef struct _CmIntervalIndex CmIntervalIndex;

CmIntervalIndex *cm_interval_index_new     (void);
void             cm_interval_index_free    (CmIntervalIndex *index);

/* @starts must be sorted; ends[i] >= starts[i]. The arrays are borrowed and
 * must stay valid and unchanged until the next build. */
void             cm_interval_index_build   (CmIntervalIndex *index,
                                            const gint64    *starts,
                                            const gint64    *ends,
                                            guint            n);
/* After the intervals at positions [@first, @last] changed, moved or were
 * shifted by an insertion or a removal (new count @n, arrays possibly
 * moved): refreshes only the nodes above them, O(last - first + log n),
 * unless the tree must grow or shrink, when it is built again. */
void             cm_interval_index_update  (CmIntervalIndex *index,
                                            const gint64    *starts,
                                            const gint64    *ends,
                                            guint            n,
                                            guint            first,
                                            guint            last);
/* Appends to @positions (GArray of guint), in increasing order, every i
 * with starts[i] <= t1 and ends[i] >= t0. */
void             cm_interval_index_query   (CmIntervalIndex *index,
                                            gint64           t0,
                                            gint64           t1,
                                            GArray          *positions);
/* The latest end of all intervals (G_MININT64 when empty). */
gint64           cm_interval_index_get_max_end (CmIntervalIndex *index);
gsize            cm_interval_index_get_memory_size (CmIntervalIndex *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmIntervalIndex, cm_interval_index_free)

G_END_DECLS
