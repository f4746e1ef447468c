/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include "cm-map-view-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* Arrow keys move the map by this fraction of its size. */
#define PAN_FRACTION 0.2

static void
zoom_action (CmMapView *self,
             double     factor)
{
  cm_map_view_zoom_at (self, factor,
                       gtk_widget_get_width (GTK_WIDGET (self)) / 2.,
                       gtk_widget_get_height (GTK_WIDGET (self)) / 2.,
                       TRUE);
}

static void
zoom_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  zoom_action (CM_MAP_VIEW (user_data), 2);
}

static void
zoom_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  zoom_action (CM_MAP_VIEW (user_data), 0.5);
}

static void
fit_action (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  cm_map_view_fit (CM_MAP_VIEW (user_data), TRUE);
}

static void
projection_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CmProjectionKind projection;

  if (cm_projection_from_string (g_variant_get_string (parameter, NULL), &projection))
    cm_map_view_set_projection (CM_MAP_VIEW (user_data), projection);
}

static void
outside_mode_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  const char *mode = g_variant_get_string (parameter, NULL);

  if (g_str_equal (mode, "hide"))
    cm_map_view_set_outside_mode (CM_MAP_VIEW (user_data), CM_MAP_OUTSIDE_HIDE);
  else if (g_str_equal (mode, "fade"))
    cm_map_view_set_outside_mode (CM_MAP_VIEW (user_data), CM_MAP_OUTSIDE_FADE);
}

static const GActionEntry map_actions[] = {
  { .name = "zoom-in", .activate = zoom_in_action },
  { .name = "zoom-out", .activate = zoom_out_action },
  { .name = "fit", .activate = fit_action },
  { .name = "projection", .activate = projection_action, .parameter_type = "s", .state = "'natural-earth'" },
  { .name = "outside-mode", .activate = outside_mode_action, .parameter_type = "s", .state = "'fade'" },
};

static gboolean
pan_shortcut (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  CmMapView *self = CM_MAP_VIEW (widget);
  int dx, dy;

  g_variant_get (args, "(ii)", &dx, &dy);
  _cm_map_view_pan_by (self,
                       dx * PAN_FRACTION * gtk_widget_get_width (widget),
                       dy * PAN_FRACTION * gtk_widget_get_height (widget));

  return TRUE;
}

static gboolean
toggle_playback_shortcut (GtkWidget *widget,
                          GVariant  *args,
                          gpointer   user_data)
{
  CmMapView *self = CM_MAP_VIEW (widget);

  if (self->playback == NULL || cm_playback_get_itinerary (self->playback) == NULL)
    return FALSE;

  cm_playback_toggle (self->playback);

  return TRUE;
}

void
_cm_map_view_class_init_actions (GtkWidgetClass *widget_class)
{
  static const guint zoom_in_keys[] = { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add };
  static const guint zoom_out_keys[] = { GDK_KEY_minus, GDK_KEY_KP_Subtract };

  for (guint i = 0; i < G_N_ELEMENTS (zoom_in_keys); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, zoom_in_keys[i], 0, "map.zoom-in", NULL);
      gtk_widget_class_add_binding_action (widget_class, zoom_in_keys[i], GDK_CONTROL_MASK, "map.zoom-in", NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (zoom_out_keys); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, zoom_out_keys[i], 0, "map.zoom-out", NULL);
      gtk_widget_class_add_binding_action (widget_class, zoom_out_keys[i], GDK_CONTROL_MASK, "map.zoom-out", NULL);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "map.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Home, 0, "map.fit", NULL);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, pan_shortcut, "(ii)", -1, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, pan_shortcut, "(ii)", 1, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, pan_shortcut, "(ii)", 0, -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, pan_shortcut, "(ii)", 0, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Left, 0, pan_shortcut, "(ii)", -1, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Right, 0, pan_shortcut, "(ii)", 1, 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Up, 0, pan_shortcut, "(ii)", 0, -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Down, 0, pan_shortcut, "(ii)", 0, 1);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_space, 0, toggle_playback_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Space, 0, toggle_playback_shortcut, NULL);
}

static GMenuModel *
create_menu (void)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) projection = g_menu_new ();
  g_autoptr(GMenu) outside = g_menu_new ();
  g_autoptr(GMenu) fit = g_menu_new ();
  g_autoptr(GMenuItem) fit_item = NULL;

  g_menu_append (projection, _("_Natural Earth"), "map.projection::natural-earth");
  g_menu_append (projection, _("_Web Mercator"), "map.projection::web-mercator");
  g_menu_append (projection, _("_Equirectangular"), "map.projection::equirectangular");
  g_menu_append_section (menu, _("Projection"), G_MENU_MODEL (projection));

  g_menu_append (outside, _("_Faded"), "map.outside-mode::fade");
  g_menu_append (outside, _("_Hidden"), "map.outside-mode::hide");
  g_menu_append_section (menu, _("Events Outside the Timeline"), G_MENU_MODEL (outside));

  fit_item = g_menu_item_new (_("_Fit to Events"), "map.fit");
  g_menu_item_set_attribute (fit_item, "accel", "s", "Home");
  g_menu_append_item (fit, fit_item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (fit));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static GtkWidget *
create_button (const char *icon_name,
               const char *tooltip,
               const char *action_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_add_css_class (button, "osd");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);

  return button;
}

/* A menu button for the on-map controls: @icon_name, with @label as its
 * tooltip and accessible name. */
GtkWidget *
_cm_map_view_new_osd_menu_button (const char *icon_name,
                                  const char *label)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), icon_name);
  gtk_widget_set_tooltip_text (button, label);
  gtk_widget_set_focus_on_click (button, FALSE);
  /* On its button only: an "osd" menu button would give its popover the
   * dark OSD look too. */
  gtk_widget_add_css_class (gtk_widget_get_first_child (button), "osd");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  return button;
}

/* Zoom buttons, the place search and the map's menu, in the top right
 * corner. */
static GtkWidget *
create_controls (CmMapView *self)
{
  g_autoptr(GMenuModel) menu = create_menu ();
  GtkWidget *box, *zoom_box, *menu_button;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (box, "map-controls");

  zoom_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (zoom_box, "linked");
  gtk_box_append (GTK_BOX (zoom_box), create_button ("zoom-in-symbolic", _("Zoom In"), "map.zoom-in"));
  gtk_box_append (GTK_BOX (zoom_box), create_button ("zoom-out-symbolic", _("Zoom Out"), "map.zoom-out"));
  gtk_box_append (GTK_BOX (box), zoom_box);

  gtk_box_append (GTK_BOX (box), create_button ("zoom-fit-best-symbolic", _("Fit to Events"), "map.fit"));
  gtk_box_append (GTK_BOX (box), _cm_map_view_create_place_search (self));

  menu_button = _cm_map_view_new_osd_menu_button ("view-more-symbolic", _("Map Options"));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_box_append (GTK_BOX (box), menu_button);

  return box;
}

void
_cm_map_view_init_actions (CmMapView *self)
{
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions),
                                   map_actions, G_N_ELEMENTS (map_actions),
                                   self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "map", G_ACTION_GROUP (self->actions));

  self->controls = create_controls (self);
  gtk_widget_set_parent (self->controls, GTK_WIDGET (self));

  _cm_map_view_update_actions (self);
}

static void
set_enabled (CmMapView  *self,
             const char *name,
             gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
set_state (CmMapView  *self,
           const char *name,
           const char *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);
  g_autoptr(GVariant) current = g_action_get_state (action);

  if (!g_str_equal (g_variant_get_string (current, NULL), state))
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (state));
}

void
_cm_map_view_update_actions (CmMapView *self)
{
  double min_scale, max_scale;

  if (self->actions == NULL)
    return;

  set_state (self, "projection", cm_projection_to_string (self->frame.projection));
  set_state (self, "outside-mode", self->outside_mode == CM_MAP_OUTSIDE_HIDE ? "hide" : "fade");

  _cm_map_view_get_scale_limits (self, self->frame.projection, &min_scale, &max_scale);

  set_enabled (self, "zoom-in", self->frame.scale > min_scale * 1.0001);
  set_enabled (self, "zoom-out", self->frame.scale < max_scale * 0.9999);
  set_enabled (self, "fit", self->document != NULL);
}
