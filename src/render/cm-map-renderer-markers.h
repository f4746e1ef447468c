/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-context.h"
#include "cm-map-renderer-private.h"

G_BEGIN_DECLS

#define MARKER_RADIUS 5.0
#define HIGHLIGHT_RADIUS (MARKER_RADIUS + 5)   /* with its halo and ring */
#define RING_WIDTH 1.5
#define CELL 28.0             /* px: the screen grid of the clusters */

typedef struct
{
  double sum_x, sum_y;
  guint  count;
  guint  first;           /* marker index */
  guint  category;        /* shared by all its events, else MIXED */
  int    merged_into;     /* -1, or the cell it went to */
} Cell;

typedef struct
{
  double   x, y;
  guint    count;
  guint    first;
  guint    category;
  gboolean faded;
  gboolean hidden;    /* faded, under a disc of the window's: counted, not drawn */
} Cluster;

#define MIXED (CM_NONE - 1)

double _cm_map_cluster_disc_radius (guint count);
void _cm_map_clear_markers (CmMapMarkers *markers);
void _cm_map_renderer_ensure_markers (CmMapRenderer *self);
void _cm_map_renderer_ensure_matches (CmMapRenderer *self);
const float *_cm_map_renderer_get_projected_markers (CmMapRenderer    *self,
                                                     CmProjectionKind  kind);
void _cm_map_renderer_cluster_markers (CmMapRenderer      *self,
                                       const CmMapContext *ctx,
                                       gboolean            faded);
void _cm_map_renderer_draw_clusters (CmMapRenderer      *self,
                                     const CmMapContext *ctx,
                                     gboolean            faded);
void _cm_map_renderer_register_clusters (CmMapRenderer      *self,
                                         const CmMapContext *ctx);
/* Rings around the events @hover and @selection (CM_NONE: none), in the
 * hover and the accent colour, with their titles unless @labels is FALSE;
 * with @hit_items they also join the frame's hit test. */
void _cm_map_renderer_draw_highlights (CmMapRenderer      *self,
                                       const CmMapContext *ctx,
                                       guint               hover,
                                       guint               selection,
                                       gboolean            labels,
                                       gboolean            hit_items);
void _cm_map_renderer_draw_playback (CmMapRenderer      *self,
                                     const CmMapContext *ctx);

G_END_DECLS
