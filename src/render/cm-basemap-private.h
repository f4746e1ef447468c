/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-basemap.h"

G_BEGIN_DECLS

/* Sets the Douglas–Peucker importance of @line's points (see
 * cm_basemap_get_importance()) from the projected @xy; @stack is scratch
 * space (an array of cm-basemap-rank.c's ranges). */
void _cm_basemap_rank_line (const float         *xy,
                            float               *importance,
                            const CmBasemapLine *line,
                            GArray              *stack);
/* A new GArray fit for _cm_basemap_rank_line()'s @stack. */
GArray *_cm_basemap_new_rank_stack (void);

G_END_DECLS
