/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "cm-map-context.h"
#include "cm-map-renderer-private.h"

G_BEGIN_DECLS

typedef struct
{
  PangoLayout *layout;
  double       x, y, width, height;
} Label;

PangoLayout *_cm_map_renderer_new_layout (CmMapRenderer *self,
                                          double         size_scale,
                                          gboolean       bold);
/* Marks a screen rectangle as taken for labels; TRUE when it was free
 * and inside the frame (and is now taken). @force: take it all the same. */
gboolean _cm_map_renderer_reserve      (CmMapRenderer      *self,
                                        double              x,
                                        double              y,
                                        double              width,
                                        double              height,
                                        gboolean            force);
void _cm_map_renderer_reset_occupied (CmMapRenderer *self,
                                      double         width,
                                      double         height);
PangoLayout *_cm_map_renderer_get_label_layout (CmMapRenderer *self,
                                                guint          serial,
                                                guint          position);
gboolean _cm_map_renderer_place_label (CmMapRenderer *self,
                                       PangoLayout   *layout,
                                       double         x,
                                       double         y,
                                       double         radius,
                                       gboolean       force,
                                       GArray        *labels);
void _cm_map_renderer_draw_labels (CmMapRenderer      *self,
                                   const CmMapContext *ctx,
                                   GArray             *labels);
GArray *_cm_map_renderer_new_highlight_labels (void);
/* The title of the highlighted event @serial beside (x, y): where the
 * frame's layout kept room for it, else as _cm_map_renderer_place_label()
 * with @force. */
void _cm_map_renderer_place_highlight_label (CmMapRenderer *self,
                                             guint          serial,
                                             PangoLayout   *layout,
                                             double         x,
                                             double         y,
                                             double         radius,
                                             GArray        *labels);
void _cm_map_renderer_layout_labels (CmMapRenderer      *self,
                                     const CmMapContext *ctx,
                                     GArray             *labels);

G_END_DECLS
