/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timeline-view"

#include "config.h"

#include "cm-timeline-view-private.h"

#include <glib/gi18n.h>

/* One key press zooms by this factor, around the centre. */
#define KEY_ZOOM_FACTOR 1.5
/* Left and Right pan by this fraction of the width. */
#define KEY_PAN_FRACTION 0.1

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);

  _cm_timeline_view_zoom_at (self, gtk_widget_get_width (widget) / 2.0,
                             1.0 / KEY_ZOOM_FACTOR, TRUE);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);

  _cm_timeline_view_zoom_at (self, gtk_widget_get_width (widget) / 2.0, KEY_ZOOM_FACTOR, TRUE);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  cm_timeline_view_fit (CM_TIMELINE_VIEW (widget));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _cm_timeline_view_step (CM_TIMELINE_VIEW (widget), 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _cm_timeline_view_step (CM_TIMELINE_VIEW (widget), -1);
}

static void
go_to_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _cm_timeline_view_show_go_to (CM_TIMELINE_VIEW (widget));
}

static void
pan (CmTimelineView *self,
     double          fraction)
{
  CmTime start, end, new_start, new_end;

  if (self->viewport == NULL)
    return;

  /* Held keys add up: pan from where the animation is going. */
  _cm_timeline_view_get_target (self, &start, &end);
  cm_time_window_pan (start, end, ((double) end - (double) start) * fraction,
                      &new_start, &new_end);
  _cm_timeline_view_animate_to (self, new_start, new_end);
}

static void
pan_left_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  pan (CM_TIMELINE_VIEW (widget), -KEY_PAN_FRACTION);
}

static void
pan_right_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pan (CM_TIMELINE_VIEW (widget), KEY_PAN_FRACTION);
}

/* Tab and Shift+Tab step through the events, and let the focus move on
 * when there is no further event (no keyboard trap). */
static gboolean
step_binding (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  return _cm_timeline_view_step (CM_TIMELINE_VIEW (widget), g_variant_get_int32 (args));
}

/* Up, Down, Page Up and Page Down scroll the lanes: by the argument in
 * pixels, or by a page when it is 0 (with the sign of @direction). */
static gboolean
scroll_binding (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  int pixels, direction;

  g_variant_get (args, "(ii)", &pixels, &direction);
  if (pixels == 0)
    pixels = (int) gtk_adjustment_get_page_increment (self->vadjustment);

  return _cm_timeline_view_scroll_lanes (self, pixels * direction);
}

static gboolean
activate_binding (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  CmViewport *viewport = self->viewport;
  guint serial = viewport != NULL ? cm_viewport_get_selection (viewport) : CM_NONE;

  if (serial == CM_NONE)
    return FALSE;

  g_signal_emit_by_name (self, "activate-event", serial);
  return TRUE;
}

static gboolean
unselect_binding (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  CmTimelineView *self = CM_TIMELINE_VIEW (widget);
  CmViewport *viewport = self->viewport;

  /* During a drag, Escape puts the event back and leaves it selected. */
  if (_cm_timeline_view_edit_cancel (self))
    return TRUE;

  if (viewport == NULL || cm_viewport_get_selection (viewport) == CM_NONE)
    return FALSE;

  cm_viewport_set_selection (viewport, CM_NONE);
  return TRUE;
}

/* Go to date -------------------------------------------------------------- */

static void
show_go_to_error (CmTimelineView *self,
                  const char     *message)
{
  GtkWidget *entry = GTK_WIDGET (self->go_to_entry);

  gtk_label_set_text (self->go_to_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->go_to_error), message != NULL);

  if (message != NULL)
    {
      gtk_widget_add_css_class (entry, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

void
_cm_timeline_view_show_go_to (CmTimelineView *self)
{
  GdkRectangle target = {
    gtk_widget_get_width (GTK_WIDGET (self)) / 2,
    (int) _cm_timeline_view_get_lanes_top (self),
    1, 1
  };

  show_go_to_error (self, NULL);
  gtk_popover_set_pointing_to (self->go_to_popover, &target);
  gtk_popover_popup (self->go_to_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->go_to_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->go_to_entry), 0, -1);
}

/* The entry's ::activate and the Go button's ::clicked. */
void
_cm_timeline_view_go_to_activate_cb (CmTimelineView *self,
                                     GtkEntry       *entry)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert (CM_IS_TIMELINE_VIEW (self));

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->go_to_entry))));
  if (*text == '\0')
    {
      show_go_to_error (self,
                        _("Enter a date, such as “May 2011”, “44 BC” or “2011-05-26”"));
      return;
    }

  if (!_cm_timeline_view_go_to_text (self, text, &error))
    {
      show_go_to_error (self, error->message);
      return;
    }

  show_go_to_error (self, NULL);
  gtk_popover_popdown (self->go_to_popover);
}

void
_cm_timeline_view_go_to_changed_cb (CmTimelineView *self,
                                    GtkEditable    *editable)
{
  g_assert (CM_IS_TIMELINE_VIEW (self));

  show_go_to_error (self, NULL);
}

/* Class ------------------------------------------------------------------- */

static const struct
{
  guint            keyval;
  GdkModifierType  modifiers;
  const char      *action;
} key_actions[] = {
  { GDK_KEY_plus, 0, "timeline.zoom-in" },
  { GDK_KEY_equal, 0, "timeline.zoom-in" },
  { GDK_KEY_KP_Add, 0, "timeline.zoom-in" },
  { GDK_KEY_plus, GDK_CONTROL_MASK, "timeline.zoom-in" },
  { GDK_KEY_equal, GDK_CONTROL_MASK, "timeline.zoom-in" },
  { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "timeline.zoom-in" },
  { GDK_KEY_minus, 0, "timeline.zoom-out" },
  { GDK_KEY_KP_Subtract, 0, "timeline.zoom-out" },
  { GDK_KEY_minus, GDK_CONTROL_MASK, "timeline.zoom-out" },
  { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "timeline.zoom-out" },
  { GDK_KEY_Home, 0, "timeline.fit" },
  { GDK_KEY_KP_Home, 0, "timeline.fit" },
  { GDK_KEY_0, GDK_CONTROL_MASK, "timeline.fit" },
  { GDK_KEY_bracketright, 0, "timeline.next" },
  { GDK_KEY_bracketleft, 0, "timeline.previous" },
  { GDK_KEY_l, GDK_CONTROL_MASK, "timeline.go-to" },
  { GDK_KEY_Left, 0, "timeline.pan-left" },
  { GDK_KEY_KP_Left, 0, "timeline.pan-left" },
  { GDK_KEY_Right, 0, "timeline.pan-right" },
  { GDK_KEY_KP_Right, 0, "timeline.pan-right" },
};

void
_cm_timeline_view_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "timeline.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "timeline.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "timeline.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "timeline.go-to", NULL, go_to_action);
  gtk_widget_class_install_action (widget_class, "timeline.pan-left", NULL, pan_left_action);
  gtk_widget_class_install_action (widget_class, "timeline.pan-right", NULL, pan_right_action);

  for (guint i = 0; i < G_N_ELEMENTS (key_actions); i++)
    gtk_widget_class_add_binding_action (widget_class,
                                         key_actions[i].keyval, key_actions[i].modifiers,
                                         key_actions[i].action, NULL);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Tab, 0, step_binding, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Tab, 0, step_binding, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Tab, GDK_SHIFT_MASK, step_binding, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Tab, GDK_SHIFT_MASK,
                                step_binding, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK,
                                step_binding, "i", -1);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, scroll_binding, "(ii)", 40, -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Up, 0, scroll_binding, "(ii)", 40, -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, scroll_binding, "(ii)", 40, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Down, 0, scroll_binding, "(ii)", 40, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Up, 0, scroll_binding, "(ii)", 0, -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Page_Up, 0, scroll_binding, "(ii)", 0, -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Page_Down, 0, scroll_binding, "(ii)", 0, 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Page_Down, 0,
                                scroll_binding, "(ii)", 0, 1);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, activate_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Enter, 0, activate_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, 0, activate_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, unselect_binding, NULL);
}
