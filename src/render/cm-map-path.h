/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-context.h"

G_BEGIN_DECLS

/* Builds a cairo path from screen points, clipped to the guard rectangle
 * (Sutherland–Hodgman, one stage per side: exact for fills, and the edges
 * it adds for strokes lie outside the frame) and thinned: points closer
 * than @tolerance (Manhattan, px) to the last one drawn are skipped. */
typedef struct
{
  gboolean has_first;
  gboolean prev_inside;
  double   first_x, first_y;
  double   prev_x, prev_y;
} CmClipStage;

typedef struct
{
  cairo_t     *cr;
  double       x0, y0, x1, y1;
  double       tolerance;
  gboolean     clip;
  CmClipStage  stages[4];
  gboolean     started;
  gboolean     pending;
  double       last_x, last_y;
  double       pending_x, pending_y;
} CmPathBuilder;

void     _cm_path_builder_init         (CmPathBuilder      *builder,
                                        const CmMapContext *ctx,
                                        double              tolerance);
/* @clip: FALSE when the line is known to lie inside the guard rectangle. */
void     _cm_path_builder_begin        (CmPathBuilder      *builder,
                                        gboolean            clip);
void     _cm_path_builder_point        (CmPathBuilder      *builder,
                                        double              x,
                                        double              y);
void     _cm_path_builder_end          (CmPathBuilder      *builder,
                                        gboolean            close);

G_END_DECLS
