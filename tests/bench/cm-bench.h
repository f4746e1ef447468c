/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-document.h"

G_BEGIN_DECLS

/* Shared by the benchmarks of cm-bench: each prints name=value lines. */

extern int n_events;   /* -n, default 1,000,000 */
extern int n_runs;     /* -r, default 3: figures are medians */

double      now_s       (void);
/* Sorts @values. */
double      median      (double *values,
                         guint   n);
void        read_memory (gsize  *rss,
                         gsize  *peak);
/* @n synthetic events, the same every run: titles of about 30 characters,
 * a third spans, 20 groups (group 0 an itinerary), 8 categories,
 * coordinates on every event, years 1900–2025. */
CmDocument *generate    (int     n);
/* The value of "name=" in a child's output, or NAN. */
double      child_value (const char *output,
                         const char *name);

#ifdef CM_BENCH_WINDOW
/* bench-window.c: the real window, one child process per run. */
void        bench_window       (const char *self_path);
int         bench_window_child (const char *path);
#endif

G_END_DECLS
