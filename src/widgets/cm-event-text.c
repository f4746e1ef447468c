/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event-text"

#include "config.h"

#include "cm-event-text.h"

#include <glib/gi18n.h>

/* Text the views show of an event. */

/* "<b>Title</b>\nDate\nPlace", the place left out when empty. */
char *
cm_event_dup_tooltip_markup (CmEvent *event)
{
  g_autofree char *date = NULL;
  const char *place;

  g_return_val_if_fail (CM_IS_EVENT (event), NULL);

  date = cm_event_format_date (event);
  place = cm_event_get_place (event);

  if (place != NULL && *place != '\0')
    return g_markup_printf_escaped ("<b>%s</b>\n%s\n%s", cm_event_get_title (event), date, place);

  return g_markup_printf_escaped ("<b>%s</b>\n%s", cm_event_get_title (event), date);
}

/* "Title, date, place", the place left out when empty: what a screen
 * reader says of the event. */
char *
cm_event_dup_accessible_label (CmEvent *event)
{
  g_autofree char *date = NULL;
  const char *place;

  g_return_val_if_fail (CM_IS_EVENT (event), NULL);

  date = cm_event_format_date (event);
  place = cm_event_get_place (event);

  if (place != NULL && *place != '\0')
    /* Translators: what a screen reader says of an event: its title, date and place */
    return g_strdup_printf (C_("accessible event", "%s, %s, %s"), cm_event_get_title (event), date, place);

  /* Translators: what a screen reader says of an event: its title and date */
  return g_strdup_printf (C_("accessible event", "%s, %s"), cm_event_get_title (event), date);
}
