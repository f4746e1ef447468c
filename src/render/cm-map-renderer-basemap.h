/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-context.h"
#include "cm-map-renderer-private.h"

G_BEGIN_DECLS

/* Water, land, borders, coasts and graticule: from the cache when it is on
 * and can serve, else drawn. */
void     _cm_map_renderer_draw_static  (CmMapRenderer      *self,
                                        const CmMapContext *ctx);
void     _cm_map_renderer_clear_cache  (CmMapRenderer      *self);
void     _cm_map_renderer_draw_country_names (CmMapRenderer      *self,
                                              const CmMapContext *ctx);

G_END_DECLS
