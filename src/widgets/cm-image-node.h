/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a renderer draws, as a node that shows it as an image: drawn once
 * into an image at the widget's scale, then painted into a cairo node. A
 * node drawn with cairo directly keeps a record of the drawing, which
 * GTK's cairo renderer plays back every frame it composites the node;
 * and GTK 4.8's cairo renderer spends more on a memory texture than on
 * one paint of the same image. */

/* Draws @width × @height px (widget units) into @cr. */
typedef void (*CmImageNodeDraw) (cairo_t  *cr,
                                 int       width,
                                 int       height,
                                 gpointer  user_data);

/* The node of what @draw draws, at (0, 0), or NULL when @width or
 * @height is not positive or the image cannot be made. */
GskRenderNode *cm_image_node_new (GtkWidget       *widget,
                                  int              width,
                                  int              height,
                                  CmImageNodeDraw  draw,
                                  gpointer         user_data);

G_END_DECLS
