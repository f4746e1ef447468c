/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-swatch"

#include "config.h"

#include "cm-swatch.h"

struct _CmSwatch
{
  GtkWidget parent_instance;

  GdkRGBA   rgba;
};

G_DEFINE_FINAL_TYPE (CmSwatch, cm_swatch, GTK_TYPE_WIDGET)

/**
 * cm_swatch_append:
 * @rgba: the colour (transparent: nothing is drawn)
 * @bounds: where, in @snapshot's coordinates
 *
 * Draws a swatch without a widget (the sidebar's rows draw their own).
 */
void
cm_swatch_append (GtkSnapshot           *snapshot,
                  const GdkRGBA         *rgba,
                  const graphene_rect_t *bounds)
{
  GskRoundedRect rect;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (rgba != NULL);
  g_return_if_fail (bounds != NULL);

  if (bounds->size.width <= 0 || bounds->size.height <= 0 || rgba->alpha <= 0.f)
    return;

  gsk_rounded_rect_init_from_rect (&rect, bounds, MIN (bounds->size.width, bounds->size.height) / 4.f);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, rgba, &rect.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
cm_swatch_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  CmSwatch *self = CM_SWATCH (widget);

  cm_swatch_append (snapshot, &self->rgba,
                    &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)));
}

static void
cm_swatch_class_init (CmSwatchClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = cm_swatch_snapshot;

  gtk_widget_class_set_css_name (widget_class, "swatch");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
cm_swatch_init (CmSwatch *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GtkWidget *
cm_swatch_new (void)
{
  return g_object_new (CM_TYPE_SWATCH, NULL);
}

void
cm_swatch_set_rgba (CmSwatch      *self,
                    const GdkRGBA *rgba)
{
  GdkRGBA none = { 0.f, 0.f, 0.f, 0.f };

  g_return_if_fail (CM_IS_SWATCH (self));

  if (rgba == NULL)
    rgba = &none;

  if (gdk_rgba_equal (&self->rgba, rgba))
    return;

  self->rgba = *rgba;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cm_swatch_set_color (CmSwatch *self,
                     double    red,
                     double    green,
                     double    blue)
{
  GdkRGBA rgba = { red, green, blue, 1.f };

  g_return_if_fail (CM_IS_SWATCH (self));

  cm_swatch_set_rgba (self, &rgba);
}

void
cm_swatch_get_rgba (CmSwatch *self,
                    GdkRGBA  *rgba)
{
  g_return_if_fail (CM_IS_SWATCH (self));
  g_return_if_fail (rgba != NULL);

  *rgba = self->rgba;
}
