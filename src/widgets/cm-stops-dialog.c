/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-stops-dialog"

#include "config.h"

#include "cm-stops-dialog.h"

#include "cm-history.h"
#include "cm-playback.h"

#include <glib/gi18n.h>
#include <string.h>

struct _CmStopsDialog
{
  GtkWindow    parent_instance;

  CmSession   *session;
  CmPlayback  *playback;      /* the session's */
  gulong       itinerary_id;

  GtkListBox  *list;
  GtkWidget   *up_button;
  GtkWidget   *down_button;
  GtkLabel    *empty_label;
  guint        selected_serial; /* the selected stop, kept across rebuilds */
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmStopsDialog, cm_stops_dialog, GTK_TYPE_WINDOW)

static CmItinerary *
get_itinerary (CmStopsDialog *self)
{
  return self->playback != NULL ? cm_playback_get_itinerary (self->playback) : NULL;
}

/* "Paris, 26 May 2011": the stop's place and its first event's date. */
static char *
describe_stop (CmStopsDialog *self,
               const CmStop  *stop)
{
  CmEventStore *store = cm_session_get_store (self->session);
  guint position = cm_event_store_find_serial (store, stop->serial);
  g_autofree char *date = NULL;
  CmEventData data;

  if (position == CM_NONE)
    return g_strdup (stop->place != NULL ? stop->place : "");

  cm_event_store_get_data (store, position, &data);
  date = cm_time_format (data.start, data.precision, data.utc_offset);
  if (stop->place != NULL && *stop->place != '\0')
    /* Translators: a stop of an itinerary: its place, then its date */
    return g_strdup_printf (_("%s, %s"), stop->place, date);

  return g_steal_pointer (&date);
}

static void
update_buttons (CmStopsDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  CmItinerary *itinerary = get_itinerary (self);
  guint n = itinerary != NULL ? cm_itinerary_get_n_stops (itinerary) : 0;
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stops.move-up", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stops.move-down",
                                 index >= 0 && (guint) index + 1 < n);
}

/* Drag and drop: a row carries its index; a drop on a row puts the
 * dragged stop in its place. */
static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListBoxRow *row)
{
  return gdk_content_provider_new_typed (G_TYPE_UINT, (guint) gtk_list_box_row_get_index (row));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkListBoxRow *row)
{
  CmStopsDialog *self = CM_STOPS_DIALOG (gtk_widget_get_root (GTK_WIDGET (row)));

  if (!G_VALUE_HOLDS_UINT (value))
    return FALSE;

  return cm_stops_dialog_move_stop (self, g_value_get_uint (value),
                                    (guint) gtk_list_box_row_get_index (row));
}

static GtkWidget *
create_row (CmStopsDialog *self,
            guint          index,
            const CmStop  *stop)
{
  g_autofree char *text = describe_stop (self, stop);
  g_autofree char *name = NULL;
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkWidget *number_label = gtk_label_new (number);
  GtkWidget *label = gtk_label_new (text);
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);

  gtk_widget_add_css_class (number_label, "numeric");
  gtk_widget_add_css_class (number_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), handle);
  gtk_box_append (GTK_BOX (box), number_label);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: how a screen reader names a row of the stops list: its number, its place and date */
  name = g_strdup_printf (_("Stop %u: %s"), index + 1, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag, or press Alt+Up or Alt+Down, to move this stop"),
                                  -1);
  g_object_set_data (G_OBJECT (row), "serial", GUINT_TO_POINTER (stop->serial));

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));

  return row;
}

/* The rows again, from the itinerary as it is now. */
static void
populate (CmStopsDialog *self)
{
  CmItinerary *itinerary = get_itinerary (self);
  guint n = itinerary != NULL ? cm_itinerary_get_n_stops (itinerary) : 0;
  guint selected = self->selected_serial;
  gboolean had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self->list)) != NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < n; i++)
    {
      const CmStop *stop = cm_itinerary_get_stop (itinerary, i);
      GtkWidget *row = create_row (self, i, stop);

      gtk_list_box_append (self->list, row);
      if (stop->serial == selected)
        {
          gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
          if (had_focus)
            gtk_widget_grab_focus (row);
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);
  update_buttons (self);
}

static void
itinerary_cb (CmStopsDialog *self)
{
  populate (self);
}

static void
row_selected_cb (CmStopsDialog *self,
                 GtkListBoxRow *row)
{
  if (row != NULL)
    self->selected_serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "serial"));
  update_buttons (self);
}

static void
move_selected (CmStopsDialog *self,
               int            delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int index;

  if (row == NULL)
    return;

  index = gtk_list_box_row_get_index (row);
  if (index + delta < 0)
    return;
  cm_stops_dialog_move_stop (self, (guint) index, (guint) (index + delta));
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_selected (CM_STOPS_DIALOG (widget), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_selected (CM_STOPS_DIALOG (widget), 1);
}

gboolean
cm_stops_dialog_move_stop (CmStopsDialog *self,
                           guint          from,
                           guint          to)
{
  CmItinerary *itinerary;
  g_autofree guint *serials = NULL;
  guint n, moved;

  g_return_val_if_fail (CM_IS_STOPS_DIALOG (self), FALSE);

  itinerary = get_itinerary (self);
  n = itinerary != NULL ? cm_itinerary_get_n_stops (itinerary) : 0;
  if (from >= n || to >= n || from == to)
    return FALSE;

  serials = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    serials[i] = cm_itinerary_get_stop (itinerary, i)->serial;

  moved = serials[from];
  if (from < to)
    memmove (&serials[from], &serials[from + 1], (to - from) * sizeof (guint));
  else
    memmove (&serials[to + 1], &serials[to], (from - to) * sizeof (guint));
  serials[to] = moved;

  /* The moved stop stays selected when the list is rebuilt. */
  self->selected_serial = moved;

  return cm_history_reorder_stops (cm_session_get_history (self->session),
                                   cm_itinerary_get_group (itinerary), serials, n);
}

static void
cm_stops_dialog_constructed (GObject *object)
{
  CmStopsDialog *self = CM_STOPS_DIALOG (object);

  G_OBJECT_CLASS (cm_stops_dialog_parent_class)->constructed (object);

  g_assert (CM_IS_SESSION (self->session));
  self->playback = cm_session_get_playback (self->session);
  self->itinerary_id = g_signal_connect_object (self->playback, "notify::itinerary",
                                                G_CALLBACK (itinerary_cb), self, G_CONNECT_SWAPPED);
  populate (self);
}

static void
cm_stops_dialog_dispose (GObject *object)
{
  CmStopsDialog *self = CM_STOPS_DIALOG (object);

  if (self->playback != NULL)
    g_clear_signal_handler (&self->itinerary_id, self->playback);
  self->playback = NULL;
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cm_stops_dialog_parent_class)->dispose (object);
}

static void
cm_stops_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CmStopsDialog *self = CM_STOPS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_stops_dialog_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CmStopsDialog *self = CM_STOPS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_stops_dialog_class_init (CmStopsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cm_stops_dialog_constructed;
  object_class->dispose = cm_stops_dialog_dispose;
  object_class->get_property = cm_stops_dialog_get_property;
  object_class->set_property = cm_stops_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CM_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "stops.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "stops.move-down", NULL, move_down_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "stops.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK, "stops.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "stops.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK, "stops.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
create_button (const char *icon,
               const char *label,
               const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return button;
}

static void
cm_stops_dialog_init (CmStopsDialog *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *hint = gtk_label_new (_("Drag a stop, or select it and press Alt+Up or Alt+Down."));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->selected_serial = CM_NONE;

  gtk_window_set_title (GTK_WINDOW (self), _("Reorder Stops"));
  gtk_window_set_default_size (GTK_WINDOW (self), 420, 480);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  self->up_button = create_button ("go-up-symbolic", _("Move Up"), "stops.move-up");
  self->down_button = create_button ("go-down-symbolic", _("Move Down"), "stops.move-down");
  gtk_box_append (GTK_BOX (buttons), self->up_button);
  gtk_box_append (GTK_BOX (buttons), self->down_button);
  gtk_widget_add_css_class (buttons, "linked");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), buttons);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), hint);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stops"),
                                  -1);
  g_signal_connect_object (self->list, "row-selected", G_CALLBACK (row_selected_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  self->empty_label = GTK_LABEL (gtk_label_new (_("No itinerary to reorder")));
  gtk_widget_set_vexpand (GTK_WIDGET (self->empty_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->empty_label));

  gtk_window_set_child (GTK_WINDOW (self), box);
}

GtkWidget *
cm_stops_dialog_new (CmSession *session)
{
  g_return_val_if_fail (CM_IS_SESSION (session), NULL);

  return g_object_new (CM_TYPE_STOPS_DIALOG, "session", session, NULL);
}

CmSession *
cm_stops_dialog_get_session (CmStopsDialog *self)
{
  g_return_val_if_fail (CM_IS_STOPS_DIALOG (self), NULL);

  return self->session;
}
