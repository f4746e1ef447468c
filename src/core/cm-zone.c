/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-zone"

#include "config.h"

#include "cm-time-private.h"
#include "cm-zone.h"

#include <glib/gi18n-lib.h>

/* The English originals of the labels */
#define OFFSET_LABEL "UTC%s"
#define LOCAL_LABEL  "Local time (%s)"

struct _CmZone
{
  int        utc_offset;  /* minutes, when tz is NULL */
  GTimeZone *tz;          /* owned, nullable */
  gboolean   local;
};

static void
zone_clear (gpointer data)
{
  CmZone *zone = data;

  g_clear_pointer (&zone->tz, g_time_zone_unref);
}

CmZone *
cm_zone_new_fixed (int utc_offset)
{
  CmZone *zone = g_atomic_rc_box_new0 (CmZone);

  if (utc_offset != CM_UTC_OFFSET_NONE)
    zone->utc_offset = CLAMP (utc_offset, -CM_UTC_OFFSET_MAX, CM_UTC_OFFSET_MAX);

  return zone;
}

CmZone *
cm_zone_new_time_zone (GTimeZone *tz)
{
  CmZone *zone;

  g_return_val_if_fail (tz != NULL, NULL);

  zone = g_atomic_rc_box_new0 (CmZone);
  zone->tz = g_time_zone_ref (tz);

  return zone;
}

CmZone *
cm_zone_new_local (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  CmZone *zone = cm_zone_new_time_zone (tz);

  zone->local = TRUE;

  return zone;
}

CmZone *
cm_zone_new_for_kind (CmZoneKind    kind,
                      CmEventStore *store)
{
  g_return_val_if_fail (store == NULL || CM_IS_EVENT_STORE (store), NULL);

  switch (kind)
    {
    case CM_ZONE_KIND_LOCAL:
      return cm_zone_new_local ();
    case CM_ZONE_KIND_DOCUMENT:
      return cm_zone_new_fixed (store != NULL ? cm_zone_dominant_offset (store) : 0);
    case CM_ZONE_KIND_UTC:
    default:
      return cm_zone_new_fixed (0);
    }
}

CmZone *
cm_zone_ref (CmZone *zone)
{
  g_return_val_if_fail (zone != NULL, NULL);

  return g_atomic_rc_box_acquire (zone);
}

void
cm_zone_unref (CmZone *zone)
{
  g_return_if_fail (zone != NULL);

  g_atomic_rc_box_release_full (zone, zone_clear);
}

gboolean
cm_zone_equal (const CmZone *a,
               const CmZone *b)
{
  if (a == b)
    return TRUE;

  /* NULL is UTC; only GTimeZones are local */
  if (cm_zone_is_fixed (a) || cm_zone_is_fixed (b))
    return cm_zone_is_fixed (a) && cm_zone_is_fixed (b) &&
           cm_zone_get_offset (a, 0) == cm_zone_get_offset (b, 0);

  return a->local == b->local &&
         (a->tz == b->tz ||
          g_strcmp0 (g_time_zone_get_identifier (a->tz), g_time_zone_get_identifier (b->tz)) == 0);
}

gboolean
cm_zone_is_fixed (const CmZone *zone)
{
  return zone == NULL || zone->tz == NULL;
}

int
cm_zone_get_offset (const CmZone *zone,
                    CmTime        time)
{
  int interval;

  if (zone == NULL)
    return 0;
  if (zone->tz == NULL)
    return zone->utc_offset;

  interval = g_time_zone_find_interval (zone->tz, G_TIME_TYPE_UNIVERSAL, time);

  return CLAMP (g_time_zone_get_offset (zone->tz, interval) / 60,
                -CM_UTC_OFFSET_MAX, CM_UTC_OFFSET_MAX);
}

char *
cm_zone_format_label (const CmZone *zone,
                      CmTime        time)
{
  int offset = cm_zone_get_offset (zone, time);
  g_autofree char *sign = NULL;
  g_autofree char *utc = NULL;

  if (offset == 0)
    utc = g_strdup ("UTC");
  else
    {
      /* Translators: the time zone of the timeline's axis, "UTC+2":
       * %s is the offset ("+2", "+5:45", "−5") */
      const char *tmpl = _cm_time_checked_template (C_("time zone", "UTC%s"), OFFSET_LABEL, 1);

      sign = _cm_time_format_offset (offset);
      utc = EXPAND (tmpl, sign);
    }

  if (zone != NULL && zone->local)
    {
      /* Translators: the timeline's axis shows this computer's time
       * zone: %s is its offset now, "UTC+2" */
      const char *tmpl = _cm_time_checked_template (C_("time zone", "Local time (%s)"),
                                                    LOCAL_LABEL, 1);

      return EXPAND (tmpl, utc);
    }

  return g_steal_pointer (&utc);
}

/* Offsets have 2 * CM_UTC_OFFSET_MAX + 1 values, counted in one pass. */
int
cm_zone_dominant_offset (CmEventStore *store)
{
  g_autofree guint *counts = NULL;
  g_autofree guint *first = NULL;
  guint n, best = G_MAXUINT;

  g_return_val_if_fail (CM_IS_EVENT_STORE (store), 0);

  n = cm_event_store_get_n_events (store);
  counts = g_new0 (guint, 2 * CM_UTC_OFFSET_MAX + 1);
  first = g_new (guint, 2 * CM_UTC_OFFSET_MAX + 1);

  for (guint i = 0; i < n; i++)
    {
      int offset = cm_event_store_get_utc_offset (store, i);
      guint slot;

      if (offset == CM_UTC_OFFSET_NONE || ABS (offset) > CM_UTC_OFFSET_MAX)
        continue;

      slot = (guint) (offset + CM_UTC_OFFSET_MAX);
      if (counts[slot]++ == 0)
        first[slot] = i;
    }

  /* Events are sorted by start: the earliest of a tie has the lowest position */
  for (guint slot = 0; slot <= 2 * CM_UTC_OFFSET_MAX; slot++)
    if (counts[slot] > 0 &&
        (best == G_MAXUINT || counts[slot] > counts[best] ||
         (counts[slot] == counts[best] && first[slot] < first[best])))
      best = slot;

  return best == G_MAXUINT ? 0 : (int) best - CM_UTC_OFFSET_MAX;
}

CmTime
cm_zone_floor (const CmZone   *zone,
               CmTime          time,
               CmZoneStepFunc  floor_step,
               gconstpointer   data)
{
  int offset, at;
  CmTime t, u;

  g_return_val_if_fail (floor_step != NULL, time);

  offset = cm_zone_get_offset (zone, time);
  t = floor_step (time, offset, data);
  if (cm_zone_is_fixed (zone))
    return t;

  /* The unit began before the offset changed (midnight in winter time on
   * the day summer time starts): its start in that offset */
  at = cm_zone_get_offset (zone, t);
  if (at == offset)
    return t;

  u = floor_step (time, at, data);
  if (cm_zone_get_offset (zone, u) == at)
    return u;

  /* A boundary that local time skips: the later of the two */
  return MAX (t, u);
}

CmTime
cm_zone_next (const CmZone   *zone,
              CmTime          tick,
              CmZoneStepFunc  floor_step,
              CmZoneStepFunc  next_step,
              gconstpointer   data)
{
  int offset, at;
  CmTime n, u;

  g_return_val_if_fail (floor_step != NULL, G_MAXINT64);
  g_return_val_if_fail (next_step != NULL, G_MAXINT64);

  offset = cm_zone_get_offset (zone, tick);
  n = next_step (tick, offset, data);
  if (cm_zone_is_fixed (zone) || n <= tick)
    return n > tick ? n : G_MAXINT64;

  /* The offset changes before the next boundary: the first boundary in
   * the new offset (after a 23-hour day, a 25-hour one; hours skip or
   * repeat as the clock does) */
  at = cm_zone_get_offset (zone, n);
  if (at == offset)
    return n;

  u = floor_step (n, at, data);
  if (u <= tick || cm_zone_get_offset (zone, u) != at)
    u = next_step (u, at, data);

  return u > tick ? u : n;
}

static CmTime
truncate_step (CmTime        time,
               int           utc_offset,
               gconstpointer data)
{
  return cm_time_truncate (time, *(const CmPrecision *) data, utc_offset);
}

static CmTime
unit_end_step (CmTime        time,
               int           utc_offset,
               gconstpointer data)
{
  return cm_time_unit_end (time, *(const CmPrecision *) data, utc_offset);
}

CmTime
cm_zone_truncate (const CmZone *zone,
                  CmTime        time,
                  CmPrecision   precision)
{
  return cm_zone_floor (zone, time, truncate_step, &precision);
}

CmTime
cm_zone_unit_end (const CmZone *zone,
                  CmTime        time,
                  CmPrecision   precision)
{
  return cm_zone_next (zone, cm_zone_truncate (zone, time, precision), truncate_step,
                       unit_end_step, &precision);
}
