/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-basemap.h"
#include "cm-gazetteer.h"
#include "cm-map-view-private.h"

/* Finding a place on the map: a search field in a popover of the map's
 * controls; Enter frames what the offline gazetteer finds (a town, its
 * region, or a whole country). */

/* Half the box framed around a town, and around a region's seat, in
 * degrees of latitude. */
#define TOWN_HALF_SPAN   0.12
#define REGION_HALF_SPAN 1.5

/* Frames what @text names; FALSE when nothing is found. */
gboolean
_cm_map_view_find_place (CmMapView  *self,
                         const char *text,
                         gboolean    animate)
{
  CmGazetteer *gazetteer = cm_gazetteer_get_default ();
  CmGazetteerMatch match;
  CmMapFrame target;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double half = TOWN_HALF_SPAN;

  if (gazetteer == NULL || text == NULL || !cm_gazetteer_lookup (gazetteer, text, &match))
    return FALSE;

  target = self->frame;
  if (match.kind == CM_GAZETTEER_MATCH_COUNTRY && match.country != G_MAXUINT)
    {
      CmBasemap *basemap = cm_basemap_get_default ();
      const char *name = cm_gazetteer_get_country (gazetteer, match.country)->name;
      guint index = basemap != NULL ? cm_basemap_find_country (basemap, name) : G_MAXUINT;

      if (index != G_MAXUINT)
        {
          const CmBasemapCountry *country = cm_basemap_get_country (basemap, index);

          cm_map_frame_fit_bounds (&target, self->frame.projection,
                                   country->main_min_lat, country->main_min_lon,
                                   country->main_max_lat, country->main_max_lon,
                                   MAX (width, 1), MAX (height, 1));
          _cm_map_view_animate_to (self, &target, animate);
          return TRUE;
        }
      half = 4;
    }
  else if (match.kind == CM_GAZETTEER_MATCH_REGION)
    {
      half = REGION_HALF_SPAN;
    }

  cm_map_frame_fit_bounds (&target, self->frame.projection,
                           CLAMP (match.lat - half, -89.9, 89.9),
                           match.lon - half * 1.6,
                           CLAMP (match.lat + half, -89.9, 89.9),
                           match.lon + half * 1.6,
                           MAX (width, 1), MAX (height, 1));
  _cm_map_view_animate_to (self, &target, animate);

  return TRUE;
}

static void
search_activate_cb (GtkSearchEntry *entry,
                    CmMapView      *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (entry), GTK_TYPE_POPOVER);

  if (text[0] == '\0')
    return;

  if (_cm_map_view_find_place (self, text, TRUE))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      if (popover != NULL)
        gtk_popover_popdown (GTK_POPOVER (popover));
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
    }
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   CmMapView      *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

/* The "Find a Place" button and its popover. */
GtkWidget *
_cm_map_view_create_place_search (CmMapView *self)
{
  GtkWidget *button = _cm_map_view_new_osd_menu_button ("system-search-symbolic", _("Find a Place"));
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *entry = gtk_search_entry_new ();

  g_object_set (entry, "placeholder-text", _("City or country"), NULL);
  gtk_widget_set_size_request (entry, 240, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find a Place"),
                                  -1);
  g_signal_connect_object (entry, "activate", G_CALLBACK (search_activate_cb), self, 0);
  g_signal_connect_object (entry, "search-changed", G_CALLBACK (search_changed_cb), self, 0);
  gtk_popover_set_child (GTK_POPOVER (popover), entry);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), entry);

  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  self->place_entry = entry;

  return button;
}
