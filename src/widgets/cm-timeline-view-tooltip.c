/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timeline-view"

#include "config.h"

#include "cm-timeline-view-private.h"

#include "cm-event-text.h"

#include <glib/gi18n.h>
#include <math.h>

/* What the timeline tells of what is under the pointer or selected:
 * tooltips and the screen reader's description. */

/* Where the selected event is in @store, or CM_NONE. */
static guint
find_selected (CmTimelineView *self,
               CmEventStore   *store)
{
  guint serial = self->viewport != NULL ? cm_viewport_get_selection (self->viewport) : CM_NONE;

  if (store == NULL || serial == CM_NONE)
    return CM_NONE;

  return cm_event_store_find_serial (store, serial);
}

/* Tells the screen reader which event is selected. */
void
_cm_timeline_view_update_accessible_description (CmTimelineView *self)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);
  guint position = find_selected (self, store);

  _cm_timeline_view_update_accessible_label (self, store, position);

  if (position != CM_NONE)
    {
      g_autoptr(CmEvent) event = cm_event_store_get_event (store, position);
      g_autofree char *date = cm_event_format_date (event);
      /* Translators: what a screen reader says of the timeline: the
       * selected event's title and date */
      g_autofree char *text = g_strdup_printf (_("Selected: %s, %s"),
                                               cm_event_get_title (event), date);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
    }
  else
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* The tooltip of the event at @position. */
static char *
event_tooltip_markup (CmEventStore *store,
                      guint         position)
{
  g_autoptr(CmEvent) event = cm_event_store_get_event (store, position);

  return cm_event_dup_tooltip_markup (event);
}

static CmPrecision
precision_for_span (double seconds)
{
  if (seconds > 2000.0 * 365 * 86400)
    return CM_PRECISION_MILLENNIUM;
  if (seconds > 20.0 * 365 * 86400)
    return CM_PRECISION_YEAR;
  if (seconds > 60.0 * 86400)
    return CM_PRECISION_MONTH;
  if (seconds > 2.0 * 86400)
    return CM_PRECISION_DAY;

  return CM_PRECISION_MINUTE;
}

char *
_cm_timeline_view_dup_tooltip_markup (CmTimelineView *self,
                                      double          x,
                                      double          y,
                                      GdkRectangle   *area)
{
  CmEventStore *store = _cm_timeline_view_get_store (self);
  CmTimelineHit hit;

  if (store == NULL || self->viewport == NULL || !_cm_timeline_view_hit_test (self, x, y, &hit))
    return NULL;

  switch (hit.kind)
    {
    case CM_TIMELINE_HIT_EVENT:
      {
        double rx, ry, rw, rh;

        if (area != NULL &&
            cm_timeline_renderer_get_event_rect (self->renderer, hit.serial, &rx, &ry, &rw, &rh))
          {
            area->x = (int) floor (rx);
            area->y = (int) floor (ry + _cm_timeline_view_get_lanes_top (self));
            area->width = (int) ceil (rw);
            area->height = (int) ceil (rh);
          }

        return event_tooltip_markup (store, hit.position);
      }

    case CM_TIMELINE_HIT_CLUSTER:
      {
        CmPrecision precision = precision_for_span (cm_time_window_span (cm_viewport_get_start (self->viewport),
                                                                         cm_viewport_get_end (self->viewport)));
        /* In the axis' zone */
        const CmZone *zone = cm_timeline_renderer_get_zone (self->renderer);
        g_autofree char *from = cm_time_format (hit.start, precision,
                                                cm_zone_get_offset (zone, hit.start));
        g_autofree char *to = cm_time_format (hit.end, precision,
                                              cm_zone_get_offset (zone, hit.end));
        g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event",
                                                               "%u events", hit.count),
                                                  hit.count);

        if (g_strcmp0 (from, to) == 0)
          return g_markup_printf_escaped ("<b>%s</b>\n%s\n%s", count, from, _("Click to zoom in"));

        /* Translators: a range of dates */
        return g_markup_printf_escaped ("<b>%s</b>\n%s – %s\n%s",
                                        count, from, to, _("Click to zoom in"));
      }

    case CM_TIMELINE_HIT_LANE_HEADER:
      if (cm_timeline_renderer_get_collapsed (self->renderer, hit.group))
        return g_markup_escape_text (_("Expand Lane"), -1);
      else
        return g_markup_escape_text (_("Collapse Lane"), -1);

    case CM_TIMELINE_HIT_AXIS:
    case CM_TIMELINE_HIT_NONE:
    default:
      return NULL;
    }
}

gboolean
_cm_timeline_view_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  CmEventStore *store = _cm_timeline_view_get_store (self);
  g_autofree char *markup = NULL;
  GdkRectangle area = { 0, 0, -1, -1 };

  if (store == NULL || self->viewport == NULL)
    return FALSE;

  if (keyboard_mode)
    {
      guint position = find_selected (self, store);

      if (position == CM_NONE)
        return FALSE;

      markup = event_tooltip_markup (store, position);
    }
  else
    {
      markup = _cm_timeline_view_dup_tooltip_markup (self, x, y, &area);
    }

  if (markup == NULL)
    return FALSE;

  gtk_tooltip_set_markup (tooltip, markup);
  if (area.width > 0)
    gtk_tooltip_set_tip_area (tooltip, &area);

  return TRUE;
}
