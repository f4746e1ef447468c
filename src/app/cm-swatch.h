/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A small rounded square of one colour: the category colour of an event.
 * Its size comes from CSS (min-width/min-height of "swatch"). */

#define CM_TYPE_SWATCH (cm_swatch_get_type ())
G_DECLARE_FINAL_TYPE (CmSwatch, cm_swatch, CM, SWATCH, GtkWidget)

GtkWidget *cm_swatch_new       (void);
/* (nullable): NULL or a transparent colour draws nothing. */
void       cm_swatch_set_rgba  (CmSwatch      *self,
                                const GdkRGBA *rgba);
void       cm_swatch_set_color (CmSwatch      *self,
                                double         red,
                                double         green,
                                double         blue);
void       cm_swatch_get_rgba  (CmSwatch      *self,
                                GdkRGBA       *rgba);
void       cm_swatch_append    (GtkSnapshot           *snapshot,
                                const GdkRGBA         *rgba,
                                const graphene_rect_t *bounds);

G_END_DECLS
