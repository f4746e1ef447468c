/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include "cm-map-view-private.h"

#include "cm-event-text.h"

#include <glib/gi18n.h>

/* Tooltips: an event's or a stop's title, dates and place. */

static char *
format_stop_dates (CmMapView    *self,
                   const CmStop *stop)
{
  CmEventStore *store = cm_document_get_store (self->document);
  CmEventData first, last;
  g_autofree char *arrive = NULL;
  g_autofree char *depart = NULL;
  CmPrecision depart_precision;

  cm_event_store_get_data (store, stop->first, &first);
  cm_event_store_get_data (store, stop->last, &last);
  depart_precision = last.end != CM_TIME_INVALID ? last.end_precision : last.precision;

  arrive = cm_time_format (stop->arrive, first.precision, first.utc_offset);
  depart = cm_time_format (stop->depart, depart_precision, last.utc_offset);

  if (stop->depart <= stop->arrive || g_strcmp0 (arrive, depart) == 0)
    return g_steal_pointer (&arrive);

  /* Translators: a stay somewhere, from arrival to departure */
  return g_strdup_printf (_("%s – %s"), arrive, depart);
}

static char *
describe_stop (CmMapView      *self,
               const CmMapHit *hit)
{
  const CmStop *stop;
  g_autofree char *place = NULL;
  g_autofree char *dates = NULL;
  guint n_stops;

  if (self->tooltip_itinerary == NULL || cm_itinerary_get_group (self->tooltip_itinerary) != hit->group)
    {
      g_clear_pointer (&self->tooltip_itinerary, cm_itinerary_unref);
      self->tooltip_itinerary = cm_itinerary_new (self->document, hit->group);
    }

  n_stops = cm_itinerary_get_n_stops (self->tooltip_itinerary);
  if (hit->stop < 1 || hit->stop > n_stops)
    return NULL;

  stop = cm_itinerary_get_stop (self->tooltip_itinerary, hit->stop - 1);
  place = g_markup_escape_text (stop->place != NULL ? stop->place : "", -1);
  dates = format_stop_dates (self, stop);

  /* Translators: a stop of an itinerary on the map: its number, the number of stops, and the place */
  return g_strdup_printf (_("<b>Stop %u of %u</b>\n%s\n%s"), hit->stop, n_stops, place, dates);
}

/* The tooltip of the event hit. */
static char *
describe_event (CmMapView      *self,
                const CmMapHit *hit)
{
  CmEventStore *store = cm_document_get_store (self->document);
  guint position = cm_event_store_find_serial (store, hit->serial);
  g_autoptr(CmEvent) event = NULL;

  if (position == CM_NONE)
    return NULL;

  event = cm_event_store_get_event (store, position);

  return cm_event_dup_tooltip_markup (event);
}

gboolean
_cm_map_view_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard_mode,
                           GtkTooltip *tooltip)
{
  CmMapView *self = CM_MAP_VIEW (widget);
  g_autofree char *markup = NULL;
  CmMapHit hit;

  if (keyboard_mode || !_cm_map_view_hit_test (self, x, y, &hit))
    return FALSE;

  switch (hit.kind)
    {
    case CM_MAP_HIT_EVENT:
      markup = describe_event (self, &hit);
      break;

    case CM_MAP_HIT_STOP:
      markup = describe_stop (self, &hit);
      break;

    case CM_MAP_HIT_CLUSTER:
      {
        CmMapClusterInfo info;

        _cm_map_view_collect_cluster (self, &hit, &info, NULL);
        if (_cm_map_view_cluster_is_one_place (&info))
          markup = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "<b>%u event at this place</b>\nClick to choose one",
                                                 "<b>%u events at this place</b>\nClick to choose one",
                                                 hit.count),
                                    hit.count);
        else
          markup = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "<b>%u event</b>\nClick to zoom in",
                                                 "<b>%u events</b>\nClick to zoom in",
                                                 hit.count),
                                    hit.count);
      }
      break;

    case CM_MAP_HIT_NONE:
    default:
      break;
    }

  if (markup == NULL)
    return FALSE;

  gtk_tooltip_set_markup (tooltip, markup);

  return TRUE;
}
