/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-context.h"
#include "cm-map-renderer-markers.h"

G_BEGIN_DECLS

void _cm_map_grids_clear       (CmMapMarkers       *markers);
void _cm_map_renderer_bin_grid (CmMapRenderer      *self,
                                const CmMapContext *ctx,
                                gboolean            faded,
                                Cell               *cells,
                                int                 cols,
                                int                 rows);

G_END_DECLS
