/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-playback"

#include "config.h"

#include "cm-playback.h"

#include <math.h>

struct _CmPlayback
{
  GObject          parent_instance;

  CmDocument      *document;
  GSignalGroup    *document_signals;
  GSignalGroup    *store_signals;

  /* The group the user chose, found again by id after the document
   * changes; NULL with @auto_group for the first itinerary group. */
  char            *group_id;
  guint            group;
  CmItinerary     *itinerary;     /* NULL: nothing to play */
  CmTime           start;
  CmTime           end;

  CmTime           time;
  guint            stop;
  double           remainder;     /* fraction of a second carried between advances */
  CmPlaybackSpeed  speed;
  guint            playing : 1;
  guint            auto_group : 1;
  guint            n_rebuilds;    /* for tests: full builds of the itinerary */
};

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_GROUP,
  PROP_ITINERARY,
  PROP_TIME,
  PROP_STOP,
  PROP_PLAYING,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmPlayback, cm_playback, G_TYPE_OBJECT)

double
cm_playback_speed_get_rate (CmPlaybackSpeed speed)
{
  switch (speed)
    {
    case CM_PLAYBACK_SPEED_HOUR:
      return 3600.;
    case CM_PLAYBACK_SPEED_6_HOURS:
      return 6 * 3600.;
    case CM_PLAYBACK_SPEED_DAY:
      return 86400.;
    case CM_PLAYBACK_SPEED_WEEK:
      return 7 * 86400.;
    case CM_N_PLAYBACK_SPEEDS:
    default:
      g_return_val_if_reached (3600.);
    }
}

/* Helpers --------------------------------------------------------------- */

static gboolean
is_itinerary_group (CmDocument *document,
                    guint       group)
{
  return group != CM_NONE &&
         group < cm_document_get_n_groups (document) &&
         cm_document_get_group (document, group)->kind == CM_GROUP_ITINERARY;
}

static guint
first_itinerary_group (CmDocument *document)
{
  guint n = cm_document_get_n_groups (document);

  for (guint i = 0; i < n; i++)
    if (cm_document_get_group (document, i)->kind == CM_GROUP_ITINERARY)
      return i;

  return CM_NONE;
}

static guint
resolve_group (CmPlayback *self)
{
  if (self->document == NULL)
    return CM_NONE;

  if (self->group_id != NULL)
    {
      guint group = cm_document_find_group (self->document, self->group_id);

      if (is_itinerary_group (self->document, group))
        return group;
    }

  if (self->auto_group)
    return first_itinerary_group (self->document);

  return CM_NONE;
}

/* The stage at @time: the last stop arrived at by then (stops are in
 * order of arrival), the first before it starts. */
static guint
stage_at (CmPlayback *self,
          CmTime      time)
{
  guint n = cm_itinerary_get_n_stops (self->itinerary);
  guint lo = 0, hi = n;

  /* First stop arriving after @time. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (cm_itinerary_get_stop (self->itinerary, mid)->arrive <= time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo > 0 ? lo - 1 : 0;
}

/* Sets time and stage, notifying what changed. @stop CM_NONE: the stage at
 * @time. */
static void
set_position (CmPlayback *self,
              CmTime      time,
              guint       stop)
{
  if (self->itinerary != NULL && stop == CM_NONE)
    stop = stage_at (self, time);

  g_object_freeze_notify (G_OBJECT (self));

  if (self->time != time)
    {
      self->time = time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
    }

  if (self->stop != stop)
    {
      self->stop = stop;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOP]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_playing (CmPlayback *self,
             gboolean    playing)
{
  playing = !!playing;
  if (self->playing == playing)
    return;

  self->playing = playing;
  self->remainder = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/* Builds the itinerary again. @restart: from the start of the range (a new
 * group or document), else the time is kept within the new range. */
static void
rebuild (CmPlayback *self,
         gboolean    restart)
{
  guint group = resolve_group (self);
  CmItinerary *itinerary = NULL;

  self->n_rebuilds++;
  if (group != CM_NONE)
    {
      itinerary = cm_itinerary_new (self->document, group);
      if (cm_itinerary_get_n_stops (itinerary) == 0)
        g_clear_pointer (&itinerary, cm_itinerary_unref);
    }

  g_object_freeze_notify (G_OBJECT (self));

  g_clear_pointer (&self->itinerary, cm_itinerary_unref);
  self->itinerary = itinerary;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITINERARY]);

  if (self->group != group)
    {
      self->group = group;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
    }

  if (itinerary != NULL)
    {
      guint n = cm_itinerary_get_n_stops (itinerary);
      CmTime time = self->time;

      self->start = cm_itinerary_get_stop (itinerary, 0)->arrive;
      self->end = self->start;
      for (guint i = 0; i < n; i++)
        {
          const CmStop *stop = cm_itinerary_get_stop (itinerary, i);

          self->end = MAX (self->end, MAX (stop->arrive, stop->depart));
        }

      if (restart || time == CM_TIME_INVALID)
        time = self->start;
      time = CLAMP (time, self->start, self->end);

      if (restart)
        set_playing (self, FALSE);
      /* The stage is recomputed: stop indices belong to the old itinerary. */
      self->stop = CM_NONE;
      set_position (self, time, CM_NONE);
    }
  else
    {
      self->start = self->end = CM_TIME_INVALID;
      set_playing (self, FALSE);
      set_position (self, CM_TIME_INVALID, CM_NONE);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
document_changed_cb (CmPlayback *self,
                     CmDocument *document)
{
  g_assert (CM_IS_PLAYBACK (self));
  g_assert (CM_IS_DOCUMENT (document));

  /* Another document was installed: a group of the same id is kept. */
  if (self->group_id == NULL || !is_itinerary_group (document, cm_document_find_group (document, self->group_id)))
    {
      g_clear_pointer (&self->group_id, g_free);
      self->auto_group = TRUE;
    }

  rebuild (self, TRUE);
}

/* Takes the same itinerary at its events' new positions (events were
 * added or removed before them): same stops, so time and stage stay. */
static void
relocate (CmPlayback   *self,
          CmEventStore *store)
{
  CmItinerary *itinerary = cm_itinerary_relocate (self->itinerary, store);

  if (itinerary == self->itinerary)
    {
      cm_itinerary_unref (itinerary);
      return;
    }

  cm_itinerary_unref (self->itinerary);
  self->itinerary = itinerary;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITINERARY]);
}

/* Whether the change can concern the played group at all: without an
 * itinerary, only when an event of the group is among the new items. */
static gboolean
change_matters (CmPlayback   *self,
                CmEventStore *store,
                guint         position,
                guint         removed,
                guint         added)
{
  if (resolve_group (self) != self->group)
    return TRUE;
  if (self->group == CM_NONE)
    return FALSE;
  if (self->itinerary != NULL)
    return cm_itinerary_is_affected (self->itinerary, store, position, removed, added);

  for (guint p = position; p < position + added; p++)
    if (cm_event_store_get_group (store, p) == self->group)
      return TRUE;

  return FALSE;
}

/* An edit elsewhere in a large document must not cost a pass over every
 * event: the itinerary is built again only when the change concerns its
 * group, else at most its positions are brought up to date. */
static void
store_items_changed_cb (CmPlayback   *self,
                        guint         position,
                        guint         removed,
                        guint         added,
                        CmEventStore *store)
{
  g_assert (CM_IS_PLAYBACK (self));
  g_assert (CM_IS_EVENT_STORE (store));

  if (change_matters (self, store, position, removed, added))
    rebuild (self, FALSE);
  else if (self->itinerary != NULL && removed != added)
    relocate (self, store);
}

guint
_cm_playback_get_n_rebuilds (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), 0);

  return self->n_rebuilds;
}

/* GObject --------------------------------------------------------------- */

static void
cm_playback_dispose (GObject *object)
{
  CmPlayback *self = CM_PLAYBACK (object);

  if (self->document_signals != NULL)
    g_signal_group_set_target (self->document_signals, NULL);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->document);
  g_clear_pointer (&self->itinerary, cm_itinerary_unref);

  G_OBJECT_CLASS (cm_playback_parent_class)->dispose (object);
}

static void
cm_playback_finalize (GObject *object)
{
  CmPlayback *self = CM_PLAYBACK (object);

  g_free (self->group_id);

  G_OBJECT_CLASS (cm_playback_parent_class)->finalize (object);
}

static void
cm_playback_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CmPlayback *self = CM_PLAYBACK (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, cm_playback_get_document (self));
      break;

    case PROP_GROUP:
      g_value_set_uint (value, cm_playback_get_group (self));
      break;

    case PROP_ITINERARY:
      g_value_set_boxed (value, cm_playback_get_itinerary (self));
      break;

    case PROP_TIME:
      g_value_set_int64 (value, cm_playback_get_time (self));
      break;

    case PROP_STOP:
      g_value_set_uint (value, cm_playback_get_stop (self));
      break;

    case PROP_PLAYING:
      g_value_set_boolean (value, cm_playback_get_playing (self));
      break;

    case PROP_SPEED:
      g_value_set_enum (value, cm_playback_get_speed (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_playback_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CmPlayback *self = CM_PLAYBACK (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      cm_playback_set_document (self, g_value_get_object (value));
      break;

    case PROP_GROUP:
      cm_playback_set_group (self, g_value_get_uint (value));
      break;

    case PROP_PLAYING:
      if (g_value_get_boolean (value))
        cm_playback_play (self);
      else
        cm_playback_pause (self);
      break;

    case PROP_SPEED:
      cm_playback_set_speed (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_playback_class_init (CmPlaybackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cm_playback_dispose;
  object_class->finalize = cm_playback_finalize;
  object_class->get_property = cm_playback_get_property;
  object_class->set_property = cm_playback_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         CM_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_GROUP] =
    g_param_spec_uint ("group", NULL, NULL,
                       0, G_MAXUINT, CM_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Notified whenever the itinerary is rebuilt. */
  properties[PROP_ITINERARY] =
    g_param_spec_boxed ("itinerary", NULL, NULL,
                        CM_TYPE_ITINERARY,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL,
                        G_MININT64, G_MAXINT64, CM_TIME_INVALID,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STOP] =
    g_param_spec_uint ("stop", NULL, NULL,
                       0, G_MAXUINT, CM_NONE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SPEED] =
    g_param_spec_enum ("speed", NULL, NULL,
                       CM_TYPE_PLAYBACK_SPEED, CM_PLAYBACK_SPEED_6_HOURS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_playback_init (CmPlayback *self)
{
  self->group = CM_NONE;
  self->stop = CM_NONE;
  self->time = CM_TIME_INVALID;
  self->start = CM_TIME_INVALID;
  self->end = CM_TIME_INVALID;
  self->speed = CM_PLAYBACK_SPEED_6_HOURS;
  self->auto_group = TRUE;

  self->document_signals = g_signal_group_new (CM_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "changed",
                                 G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);
  self->store_signals = g_signal_group_new (CM_TYPE_EVENT_STORE);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Public API ------------------------------------------------------------ */

/**
 * cm_playback_new:
 * @document: (nullable): the document to play an itinerary of
 */
CmPlayback *
cm_playback_new (CmDocument *document)
{
  g_return_val_if_fail (document == NULL || CM_IS_DOCUMENT (document), NULL);

  return g_object_new (CM_TYPE_PLAYBACK, "document", document, NULL);
}

/**
 * cm_playback_get_document:
 *
 * Returns: (transfer none) (nullable): the document
 */
CmDocument *
cm_playback_get_document (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), NULL);

  return self->document;
}

void
cm_playback_set_document (CmPlayback *self,
                          CmDocument *document)
{
  g_return_if_fail (CM_IS_PLAYBACK (self));
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  g_signal_group_set_target (self->document_signals, document);
  g_signal_group_set_target (self->store_signals,
                             document != NULL ? cm_document_get_store (document) : NULL);

  g_clear_pointer (&self->group_id, g_free);
  self->auto_group = TRUE;
  rebuild (self, TRUE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

guint
cm_playback_get_group (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), CM_NONE);

  return self->group;
}

void
cm_playback_set_group (CmPlayback *self,
                       guint       group)
{
  g_return_if_fail (CM_IS_PLAYBACK (self));

  if (self->document == NULL || !is_itinerary_group (self->document, group))
    group = CM_NONE;

  if (group == self->group && !self->auto_group)
    return;

  g_clear_pointer (&self->group_id, g_free);
  if (group != CM_NONE)
    self->group_id = g_strdup (cm_document_get_group (self->document, group)->id);
  self->auto_group = FALSE;

  if (group == self->group)
    return;

  rebuild (self, TRUE);
}

/**
 * cm_playback_get_itinerary:
 *
 * Returns: (transfer none) (nullable): the itinerary played
 */
CmItinerary *
cm_playback_get_itinerary (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), NULL);

  return self->itinerary;
}

gboolean
cm_playback_get_range (CmPlayback *self,
                       CmTime     *start,
                       CmTime     *end)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), FALSE);

  if (start != NULL)
    *start = self->start;
  if (end != NULL)
    *end = self->end;

  return self->itinerary != NULL;
}

CmTime
cm_playback_get_time (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), CM_TIME_INVALID);

  return self->time;
}

guint
cm_playback_get_stop (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), CM_NONE);

  return self->stop;
}

gboolean
cm_playback_locate (CmPlayback *self,
                    double     *lat,
                    double     *lon,
                    gboolean   *travelling)
{
  double lat_ = NAN, lon_ = NAN;
  gboolean travelling_ = FALSE;
  guint stop;
  gboolean found = FALSE;

  g_return_val_if_fail (CM_IS_PLAYBACK (self), FALSE);

  if (self->itinerary != NULL)
    found = cm_itinerary_locate (self->itinerary, self->time, &lat_, &lon_, &stop, &travelling_);

  if (lat != NULL)
    *lat = lat_;
  if (lon != NULL)
    *lon = lon_;
  if (travelling != NULL)
    *travelling = travelling_;

  return found;
}

gboolean
cm_playback_get_playing (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), FALSE);

  return self->playing;
}

CmPlaybackSpeed
cm_playback_get_speed (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), CM_PLAYBACK_SPEED_HOUR);

  return self->speed;
}

void
cm_playback_set_speed (CmPlayback      *self,
                       CmPlaybackSpeed  speed)
{
  g_return_if_fail (CM_IS_PLAYBACK (self));
  g_return_if_fail (speed < CM_N_PLAYBACK_SPEEDS);

  if (self->speed == speed)
    return;

  self->speed = speed;
  self->remainder = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

void
cm_playback_play (CmPlayback *self)
{
  g_return_if_fail (CM_IS_PLAYBACK (self));

  if (self->itinerary == NULL || self->playing)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->time >= self->end)
    set_position (self, self->start, CM_NONE);
  set_playing (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cm_playback_pause (CmPlayback *self)
{
  g_return_if_fail (CM_IS_PLAYBACK (self));

  set_playing (self, FALSE);
}

void
cm_playback_toggle (CmPlayback *self)
{
  g_return_if_fail (CM_IS_PLAYBACK (self));

  if (self->playing)
    cm_playback_pause (self);
  else
    cm_playback_play (self);
}

gboolean
cm_playback_can_step_next (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), FALSE);

  return self->itinerary != NULL &&
         self->stop + 1 < cm_itinerary_get_n_stops (self->itinerary);
}

gboolean
cm_playback_can_step_previous (CmPlayback *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK (self), FALSE);

  return self->itinerary != NULL &&
         (self->stop > 0 || self->time > cm_itinerary_get_stop (self->itinerary, self->stop)->arrive);
}

gboolean
cm_playback_step_next_stop (CmPlayback *self)
{
  guint next;

  g_return_val_if_fail (CM_IS_PLAYBACK (self), FALSE);

  if (!cm_playback_can_step_next (self))
    return FALSE;

  next = self->stop + 1;
  self->remainder = 0;
  set_position (self, cm_itinerary_get_stop (self->itinerary, next)->arrive, next);

  return TRUE;
}

gboolean
cm_playback_step_previous_stop (CmPlayback *self)
{
  guint previous;

  g_return_val_if_fail (CM_IS_PLAYBACK (self), FALSE);

  if (!cm_playback_can_step_previous (self))
    return FALSE;

  /* Back to the start of this stage, or to the previous stop when there. */
  previous = self->stop;
  if (self->time <= cm_itinerary_get_stop (self->itinerary, previous)->arrive)
    previous--;

  self->remainder = 0;
  set_position (self, cm_itinerary_get_stop (self->itinerary, previous)->arrive, previous);

  return TRUE;
}

void
cm_playback_seek (CmPlayback *self,
                  CmTime      time)
{
  g_return_if_fail (CM_IS_PLAYBACK (self));

  if (self->itinerary == NULL || time == CM_TIME_INVALID)
    return;

  time = CLAMP (time, self->start, self->end);
  if (time == self->time)
    return;

  self->remainder = 0;
  set_position (self, time, CM_NONE);
}

void
cm_playback_advance (CmPlayback *self,
                     double      elapsed_seconds)
{
  double delta, whole;
  CmTime time;

  g_return_if_fail (CM_IS_PLAYBACK (self));

  if (!self->playing || self->itinerary == NULL ||
      !(elapsed_seconds > 0) || !isfinite (elapsed_seconds))
    return;

  delta = elapsed_seconds * cm_playback_speed_get_rate (self->speed) + self->remainder;
  whole = floor (delta);

  if (whole >= (double) (self->end - self->time))
    {
      g_object_freeze_notify (G_OBJECT (self));
      set_position (self, self->end, CM_NONE);
      set_playing (self, FALSE);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  self->remainder = delta - whole;
  if (whole < 1)
    return; /* keeps a stage set by stepping */

  time = self->time + (CmTime) whole;
  set_position (self, time, CM_NONE);
}
