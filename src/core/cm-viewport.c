/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-viewport"

#include "config.h"

#include "cm-event.h"
#include "cm-viewport.h"

#include <math.h>

struct _CmViewport
{
  GObject parent_instance;

  CmTime  start;
  CmTime  end;
  guint   selection;
  gboolean editable;

  guint   preview;          /* serial, or CM_NONE */
  CmTime  preview_start;
  CmTime  preview_end;
  double  preview_lat;
  double  preview_lon;
};

enum {
  PROP_0,
  PROP_START,
  PROP_END,
  PROP_SELECTION,
  PROP_EDITABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PREVIEW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmViewport, cm_viewport, G_TYPE_OBJECT)

static void
cm_viewport_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CmViewport *self = CM_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;

    case PROP_END:
      g_value_set_int64 (value, self->end);
      break;

    case PROP_SELECTION:
      g_value_set_uint (value, self->selection);
      break;

    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_viewport_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CmViewport *self = CM_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_START:
      cm_viewport_set_window (self, g_value_get_int64 (value), MAX (self->end, g_value_get_int64 (value) + 1));
      break;

    case PROP_END:
      cm_viewport_set_window (self, MIN (self->start, g_value_get_int64 (value) - 1), g_value_get_int64 (value));
      break;

    case PROP_SELECTION:
      cm_viewport_set_selection (self, g_value_get_uint (value));
      break;

    case PROP_EDITABLE:
      cm_viewport_set_editable (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_viewport_class_init (CmViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cm_viewport_get_property;
  object_class->set_property = cm_viewport_set_property;

  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL, G_MININT64 + 1, G_MAXINT64 - 1, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL, G_MININT64 + 2, G_MAXINT64, 86400,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTION] =
    g_param_spec_uint ("selection", NULL, NULL, 0, G_MAXUINT, CM_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PREVIEW_CHANGED] =
    g_signal_new ("preview-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cm_viewport_init (CmViewport *self)
{
  self->start = 0;
  self->end = 86400;
  self->selection = CM_NONE;
  self->editable = TRUE;
  self->preview = CM_NONE;
}

CmViewport *
cm_viewport_new (void)
{
  return g_object_new (CM_TYPE_VIEWPORT, NULL);
}

CmTime
cm_viewport_get_start (CmViewport *self)
{
  g_return_val_if_fail (CM_IS_VIEWPORT (self), 0);
  return self->start;
}

CmTime
cm_viewport_get_end (CmViewport *self)
{
  g_return_val_if_fail (CM_IS_VIEWPORT (self), 0);
  return self->end;
}

void
cm_viewport_set_window (CmViewport *self,
                        CmTime      start,
                        CmTime      end)
{
  gboolean start_changed, end_changed;

  g_return_if_fail (CM_IS_VIEWPORT (self));
  g_return_if_fail (end > start);

  start_changed = start != self->start;
  end_changed = end != self->end;
  self->start = start;
  self->end = end;

  g_object_freeze_notify (G_OBJECT (self));
  if (start_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
  if (end_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
cm_viewport_get_selection (CmViewport *self)
{
  g_return_val_if_fail (CM_IS_VIEWPORT (self), CM_NONE);
  return self->selection;
}

void
cm_viewport_set_selection (CmViewport *self,
                           guint       serial)
{
  g_return_if_fail (CM_IS_VIEWPORT (self));

  if (self->selection == serial)
    return;

  self->selection = serial;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION]);
}

gboolean
cm_viewport_get_editable (CmViewport *self)
{
  g_return_val_if_fail (CM_IS_VIEWPORT (self), FALSE);
  return self->editable;
}

void
cm_viewport_set_editable (CmViewport *self,
                          gboolean    editable)
{
  g_return_if_fail (CM_IS_VIEWPORT (self));

  editable = !!editable;
  if (self->editable == editable)
    return;

  self->editable = editable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

void
cm_viewport_set_preview (CmViewport *self,
                         guint       serial,
                         CmTime      start,
                         CmTime      end,
                         double      lat,
                         double      lon)
{
  g_return_if_fail (CM_IS_VIEWPORT (self));

  if (serial == CM_NONE)
    {
      cm_viewport_clear_preview (self);
      return;
    }

  /* A step of the pointer within one pixel or one snapped tick: no frame
   * to draw again. */
  if (self->preview == serial && self->preview_start == start && self->preview_end == end &&
      (self->preview_lat == lat || (isnan (lat) && isnan (self->preview_lat))) &&
      (self->preview_lon == lon || (isnan (lon) && isnan (self->preview_lon))))
    return;

  self->preview = serial;
  self->preview_start = start;
  self->preview_end = end;
  self->preview_lat = lat;
  self->preview_lon = lon;
  g_signal_emit (self, signals[PREVIEW_CHANGED], 0);
}

void
cm_viewport_clear_preview (CmViewport *self)
{
  g_return_if_fail (CM_IS_VIEWPORT (self));

  if (self->preview == CM_NONE)
    return;

  self->preview = CM_NONE;
  g_signal_emit (self, signals[PREVIEW_CHANGED], 0);
}

guint
cm_viewport_get_preview (CmViewport *self,
                         CmTime     *start,
                         CmTime     *end,
                         double     *lat,
                         double     *lon)
{
  g_return_val_if_fail (CM_IS_VIEWPORT (self), CM_NONE);

  if (self->preview == CM_NONE)
    return CM_NONE;

  if (start != NULL)
    *start = self->preview_start;
  if (end != NULL)
    *end = self->preview_end;
  if (lat != NULL)
    *lat = self->preview_lat;
  if (lon != NULL)
    *lon = self->preview_lon;

  return self->preview;
}
