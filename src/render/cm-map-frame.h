/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-map-renderer.h"

G_BEGIN_DECLS

/* Map frames: fitting (cm_map_frame_fit_events(), cm_map_frame_fit_bounds())
 * and screen coordinates are declared in cm-map-renderer.h. */

void _cm_map_frame_fit_places (CmMapFrame       *view,
                               CmProjectionKind  projection,
                               GArray           *lons,
                               double            min_lat,
                               double            max_lat,
                               double            width,
                               double            height);

G_END_DECLS
