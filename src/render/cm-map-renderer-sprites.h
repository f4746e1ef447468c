/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-context.h"
#include "cm-map-renderer-private.h"

G_BEGIN_DECLS

guint _cm_map_sprite_key_hash (gconstpointer data);
gboolean _cm_map_sprite_key_equal (gconstpointer a,
                                   gconstpointer b);
void _cm_map_clear_digits (CmMapDigits *digits);
void _cm_map_renderer_ensure_digits (CmMapRenderer *self);
void _cm_map_format_count (guint  count,
                           char  *text,
                           gsize  size);
void _cm_map_set_sprite_mode (CmMapContext *ctx);

/* A disc of @radius px filled with @fill, ringed by @ring_width px of
 * @ring (nullable), with @count written in it when > 1 (sprites only: on
 * vector targets the caller writes counts). */
void     _cm_map_renderer_draw_disc    (CmMapRenderer      *self,
                                        const CmMapContext *ctx,
                                        double              x,
                                        double              y,
                                        double              radius,
                                        const CmColor      *fill,
                                        const CmColor      *ring,
                                        double              ring_width,
                                        double              alpha,
                                        guint               count);

G_END_DECLS
