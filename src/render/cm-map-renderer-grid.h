/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-context.h"
#include "cm-map-renderer-markers.h"

G_BEGIN_DECLS

void _cm_map_grid_clear        (CmMapGrid          *grid);
void _cm_map_renderer_bin_grid (CmMapRenderer      *self,
                                const CmMapContext *ctx,
                                gboolean            faded,
                                Cell               *cells,
                                int                 cols,
                                int                 rows);

G_END_DECLS
