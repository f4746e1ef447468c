/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-image-node"

#include "config.h"

#include "cm-image-node.h"

GskRenderNode *
cm_image_node_new (GtkWidget       *widget,
                   int              width,
                   int              height,
                   CmImageNodeDraw  draw,
                   gpointer         user_data)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;
  GskRenderNode *node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int scale;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (draw != NULL, NULL);

  if (width <= 0 || height <= 0)
    return NULL;

  scale = gtk_widget_get_scale_factor (widget);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  draw (cr, width, height, user_data);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    {
      snapshot = gtk_snapshot_new ();
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      /* The surface's device scale maps its pixels onto the widget's. */
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  cairo_surface_destroy (surface);

  return node;
}
