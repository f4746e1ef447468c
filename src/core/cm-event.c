/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cm-event-private.h"
#include "cm-properties.h"

struct _CmEvent
{
  GObject       parent_instance;

  char         *id;
  char         *title;
  char         *description;
  char         *place;
  char         *extras;
  CmTime        start;
  CmTime        end;        /* CM_TIME_INVALID for an instant */
  double        lat;
  double        lon;
  guint         serial;
  guint         position;
  guint         category;
  guint         group;
  int           utc_offset;
  CmPrecision   precision;
  CmPrecision   end_precision;
  CmEventFlags  flags;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_PLACE,
  PROP_START,
  PROP_END,
  PROP_SERIAL,
  PROP_CATEGORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmEvent, cm_event, G_TYPE_OBJECT)

static void
cm_event_finalize (GObject *object)
{
  CmEvent *self = (CmEvent *)object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->description);
  g_free (self->place);
  g_free (self->extras);

  G_OBJECT_CLASS (cm_event_parent_class)->finalize (object);
}

static void
cm_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CmEvent *self = CM_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_PLACE:
      g_value_set_string (value, self->place);
      break;

    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;

    case PROP_END:
      g_value_set_int64 (value, self->end);
      break;

    case PROP_SERIAL:
      g_value_set_uint (value, self->serial);
      break;

    case PROP_CATEGORY:
      g_value_set_uint (value, self->category);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_event_class_init (CmEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_event_finalize;
  object_class->get_property = cm_event_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL, G_MININT64, G_MAXINT64, CM_TIME_INVALID,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SERIAL] =
    g_param_spec_uint ("serial", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CATEGORY] =
    g_param_spec_uint ("category", NULL, NULL, 0, G_MAXUINT, CM_NONE,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_event_init (CmEvent *self)
{
  self->end = CM_TIME_INVALID;
  self->lat = NAN;
  self->lon = NAN;
  self->category = CM_NONE;
  self->group = CM_NONE;
  self->utc_offset = CM_UTC_OFFSET_NONE;
}

CmEvent *
_cm_event_new (guint              position,
               guint              serial,
               const CmEventData *data)
{
  CmEvent *self = g_object_new (CM_TYPE_EVENT, NULL);

  self->position = position;
  self->serial = serial;
  self->id = g_strdup (data->id);
  self->title = g_strdup (data->title ? data->title : "");
  self->description = g_strdup (data->description);
  self->place = g_strdup (data->place);
  self->extras = g_strdup (data->extras);
  self->start = data->start;
  self->end = data->end;
  self->precision = data->precision;
  self->end_precision = data->end_precision;
  self->utc_offset = data->utc_offset;
  self->lat = data->lat;
  self->lon = data->lon;
  self->category = data->category;
  self->group = data->group;
  self->flags = data->flags;

  return self;
}

guint
cm_event_get_serial (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_NONE);
  return self->serial;
}

guint
cm_event_get_position (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_NONE);
  return self->position;
}

const char *
cm_event_get_id (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), NULL);
  return self->id;
}

const char *
cm_event_get_title (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), NULL);
  return self->title;
}

const char *
cm_event_get_description (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), NULL);
  return self->description;
}

const char *
cm_event_get_place (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), NULL);
  return self->place;
}

CmTime
cm_event_get_start (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_TIME_INVALID);
  return self->start;
}

CmTime
cm_event_get_end (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_TIME_INVALID);
  return self->end;
}

gboolean
cm_event_is_span (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), FALSE);
  return self->end != CM_TIME_INVALID;
}

CmPrecision
cm_event_get_precision (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_PRECISION_DAY);
  return self->precision;
}

CmPrecision
cm_event_get_end_precision (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_PRECISION_DAY);
  return self->end_precision;
}

int
cm_event_get_utc_offset (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_UTC_OFFSET_NONE);
  return self->utc_offset;
}

gboolean
cm_event_get_coordinates (CmEvent *self,
                          double  *lat,
                          double  *lon)
{
  g_return_val_if_fail (CM_IS_EVENT (self), FALSE);

  if (lat != NULL)
    *lat = self->lat;
  if (lon != NULL)
    *lon = self->lon;

  return !isnan (self->lat) && !isnan (self->lon);
}

guint
cm_event_get_category (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_NONE);
  return self->category;
}

guint
cm_event_get_group (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_NONE);
  return self->group;
}

CmEventFlags
cm_event_get_flags (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), CM_EVENT_FLAGS_NONE);
  return self->flags;
}

const char *
cm_event_get_extras (CmEvent *self)
{
  g_return_val_if_fail (CM_IS_EVENT (self), NULL);
  return self->extras;
}

char *
cm_event_dup_extra (CmEvent    *self,
                    const char *key)
{
  g_return_val_if_fail (CM_IS_EVENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return cm_properties_get (self->extras, key);
}

static char *
format_one (CmTime      time,
            CmPrecision precision,
            int         utc_offset,
            gboolean    approximate)
{
  g_autofree char *text = cm_time_format (time, precision, utc_offset);

  if (approximate)
    /* Translators: "circa", before an approximate date */
    return g_strdup_printf (_("c. %s"), text);

  return g_steal_pointer (&text);
}

char *
cm_event_format_date (CmEvent *self)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (CM_IS_EVENT (self), NULL);

  start = format_one (self->start, self->precision, self->utc_offset,
                      (self->flags & CM_EVENT_START_APPROXIMATE) != 0);
  if (self->end == CM_TIME_INVALID)
    return g_steal_pointer (&start);

  end = format_one (self->end, self->end_precision, self->utc_offset,
                    (self->flags & CM_EVENT_END_APPROXIMATE) != 0);

  /* Translators: a span of time, from a start to an end date */
  return g_strdup_printf (_("%s – %s"), start, end);
}
