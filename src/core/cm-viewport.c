/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-viewport"

#include "config.h"

#include "cm-event.h"
#include "cm-viewport.h"

struct _CmViewport
{
  GObject parent_instance;

  CmTime  start;
  CmTime  end;
  guint   selection;
};

enum {
  PROP_0,
  PROP_START,
  PROP_END,
  PROP_SELECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_viewport_init (CmViewport *self)
{
  self->start = 0;
  self->end = 86400;
  self->selection = CM_NONE;
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
