/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include "cm-window-private.h"

#include "cm-core.h"
#include "cm-zone.h"

#include <glib/gi18n.h>
#include <math.h>

/* The window's edits: Undo and Redo, New Event and Delete. Every one goes
 * through the session's history, which names the steps for the menu and
 * keeps the document's dirty flag (the title's mark) at the position. */

#define DAY_SECONDS  (24 * 3600)
#define YEAR_SECONDS (G_GINT64_CONSTANT (365) * DAY_SECONDS)

static CmHistory *
get_history (CmWindow *self)
{
  return cm_session_get_history (self->session);
}

static CmEventStore *
get_store (CmWindow *self)
{
  return cm_document_get_store (self->document);
}

/* A save reads the document in a thread, and a load replaces it (and the
 * history): no edits meanwhile. */
static gboolean
can_edit (CmWindow *self)
{
  return !self->saving && self->loader == NULL;
}

/* The event selected, by its position in the store, or CM_NONE. */
static guint
selected_position (CmWindow *self)
{
  guint serial = cm_viewport_get_selection (self->viewport);

  if (serial == CM_NONE)
    return CM_NONE;

  return cm_event_store_find_serial (get_store (self), serial);
}

/* Delete follows the selection, and whether its event is still there. */
static void
update_delete_action (CmWindow *self)
{
  _cm_window_set_action_enabled (self, "delete-event",
                                 can_edit (self) && selected_position (self) != CM_NONE);
}

/* Enables the edits that the history, the selection and the running load
 * or save allow. */
void
_cm_window_update_edit_actions (CmWindow *self)
{
  CmHistory *history = get_history (self);
  gboolean editable = can_edit (self);

  _cm_window_set_action_enabled (self, "undo", editable && cm_history_get_can_undo (history));
  _cm_window_set_action_enabled (self, "undo-delete", editable && cm_history_get_can_undo (history));
  _cm_window_set_action_enabled (self, "redo", editable && cm_history_get_can_redo (history));
  _cm_window_set_action_enabled (self, "new-event", editable);
  _cm_window_set_action_enabled (self, "new-event-at-time", editable);
  _cm_window_set_action_enabled (self, "new-event-at-place", editable);
  update_delete_action (self);
}

/* The menu ----------------------------------------------------------------
 *
 * Undo and Redo say what they would do: "Undo Move “Summit”". A menu
 * label's underscores are mnemonics: those of the step's name (from an
 * event's title) are doubled to show as they are. */

static char *
escape_mnemonics (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

/* Whether the edit section begins with Undo and Redo (it does once they
 * were added in front of its items from the .ui). */
static gboolean
has_step_items (GMenuModel *section)
{
  g_autofree char *action = NULL;

  return g_menu_model_get_n_items (section) >= 2 &&
         g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
         g_strcmp0 (action, "win.undo") == 0;
}

static void
update_edit_menu (CmWindow *self)
{
  CmHistory *history = get_history (self);
  const char *undo_name = cm_history_get_undo_name (history);
  const char *redo_name = cm_history_get_redo_name (history);
  g_autofree char *undo_escaped = undo_name != NULL ? escape_mnemonics (undo_name) : NULL;
  g_autofree char *redo_escaped = redo_name != NULL ? escape_mnemonics (redo_name) : NULL;
  g_autofree char *undo_label = NULL;
  g_autofree char *redo_label = NULL;
  g_autoptr(GMenuItem) undo = NULL;
  g_autoptr(GMenuItem) redo = NULL;

  /* Translators: the menu item undoing the step named %s, e.g. "Undo Move
   * “Summit”"; the underscore marks the mnemonic. */
  undo_label = undo_name != NULL ? g_strdup_printf (_("_Undo %s"), undo_escaped)
                                 : g_strdup (_("_Undo"));
  /* Translators: the menu item redoing the step named %s, e.g. "Redo Move
   * “Summit”"; the underscore marks the mnemonic. */
  redo_label = redo_name != NULL ? g_strdup_printf (_("_Redo %s"), redo_escaped)
                                 : g_strdup (_("_Redo"));
  undo = g_menu_item_new (undo_label, "win.undo");
  redo = g_menu_item_new (redo_label, "win.redo");

  if (has_step_items (G_MENU_MODEL (self->edit_section)))
    {
      g_menu_remove (self->edit_section, 1);
      g_menu_remove (self->edit_section, 0);
    }
  g_menu_insert_item (self->edit_section, 0, undo);
  g_menu_insert_item (self->edit_section, 1, redo);
}

/* Deleting ---------------------------------------------------------------- */

static void
delete_toast_dismissed_cb (CmWindow *self,
                           AdwToast *toast)
{
  if (self->delete_toast == toast)
    g_clear_object (&self->delete_toast);
}

/* win.delete-event: deletes the selected event, and offers to undo it in
 * a toast rather than asking first. */
static void
delete_event_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CmWindow *self = user_data;
  guint position = selected_position (self);
  g_autofree char *title = NULL;
  AdwToast *toast;
  guint serial;

  if (!can_edit (self) || position == CM_NONE)
    return;

  serial = cm_event_store_get_serial (get_store (self), position);
  title = g_strdup (cm_event_store_get_title (get_store (self), position));

  cm_history_delete_events (get_history (self), &serial, 1);
  cm_viewport_set_selection (self->viewport, CM_NONE);

  /* Translators: a toast after deleting the event titled %s. */
  toast = adw_toast_new_format (_("Deleted “%s”"), title != NULL ? title : "");
  adw_toast_set_button_label (toast, _("_Undo"));
  /* Its Undo undoes this delete only, not a later step. The toast is left
   * to time out, never dismissed from here: libadwaita 1.2 crashes when a
   * toast is dismissed while one animates. */
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target (toast, "(uu)", cm_history_get_position (get_history (self)), serial);
  g_signal_connect_object (toast, "dismissed",
                           G_CALLBACK (delete_toast_dismissed_cb), self, G_CONNECT_SWAPPED);

  g_set_object (&self->delete_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Delete, with the timeline, the map or the sidebar's list focused: not in
 * a text entry, where it deletes text. */
static gboolean
delete_key_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (GTK_IS_EDITABLE (focus) ||
                        gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE) != NULL))
    return FALSE;

  return gtk_widget_activate_action (widget, "win.delete-event", NULL);
}

static void
add_delete_key (GtkWidget *widget)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutTrigger *trigger = gtk_shortcut_trigger_parse_string ("Delete|KP_Delete");
  GtkShortcutAction *action = gtk_callback_action_new (delete_key_cb, NULL, NULL);

  /* Bubbling: a focused entry deletes text first. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger, action));
  gtk_widget_add_controller (widget, controller);
}

/* Undo and Redo ----------------------------------------------------------- */

/* After an undo or a redo: a selected event that is gone is no longer
 * selected; the event the step was about (the one a toast's Undo brought
 * back, the one moved back or again) is, when it is still there. */
static void
fix_selection (CmWindow *self,
               guint     restored)
{
  CmEventStore *store = get_store (self);
  guint serial = cm_viewport_get_selection (self->viewport);

  if (serial != CM_NONE && cm_event_store_find_serial (store, serial) == CM_NONE)
    cm_viewport_set_selection (self->viewport, CM_NONE);

  if (restored != CM_NONE && cm_event_store_find_serial (store, restored) != CM_NONE)
    cm_viewport_set_selection (self->viewport, restored);
}

/* Ctrl+Z in a text entry (the search) undoes its typing, not the
 * document's last step: the window's shortcuts come before the entry's. A
 * menu item or a button is focused instead when it activates the action. */
static gboolean
pass_to_text (CmWindow   *self,
              const char *text_action)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!GTK_IS_TEXT (focus))
    return FALSE;

  gtk_widget_activate_action (focus, text_action, NULL);
  return TRUE;
}

/* win.undo */
static void
undo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CmWindow *self = user_data;

  if (pass_to_text (self, "text.undo"))
    return;

  if (can_edit (self) && cm_history_undo (get_history (self)))
    fix_selection (self, cm_history_get_last_event (get_history (self)));
}

/* win.undo-delete ((uu): the history's position after the delete, the
 * event's serial): the Undo of a Delete toast, while that delete is the
 * step to undo; the event comes back selected. */
static void
undo_delete_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CmWindow *self = user_data;
  guint position, serial;

  g_variant_get (parameter, "(uu)", &position, &serial);
  if (!can_edit (self) || cm_history_get_position (get_history (self)) != position)
    return;

  if (cm_history_undo (get_history (self)))
    fix_selection (self, serial);
}

/* win.redo */
static void
redo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CmWindow *self = user_data;

  if (pass_to_text (self, "text.redo"))
    return;

  if (can_edit (self) && cm_history_redo (get_history (self)))
    fix_selection (self, cm_history_get_last_event (get_history (self)));
}

/* New events -------------------------------------------------------------- */

/* As fine as what the timeline shows: minutes over a few days, days over
 * centuries, years beyond, then millions of years (deep time). */
static CmPrecision
precision_for_span (CmTime span)
{
  if (span <= 3 * DAY_SECONDS)
    return CM_PRECISION_MINUTE;
  if (span <= 1000 * YEAR_SECONDS)
    return CM_PRECISION_DAY;
  if (span <= 1000000 * YEAR_SECONDS)
    return CM_PRECISION_YEAR;
  return CM_PRECISION_MILLION_YEARS;
}

/* Adds an event titled "New Event" at @time (to the precision the
 * timeline shows, in the zone its axis shows) and @lat, @lon (NAN: none);
 * selects it, shows the details pane and lets the user edit it. */
static void
add_new_event (CmWindow *self,
               CmTime    time,
               double    lat,
               double    lon)
{
  CmTime span = cm_viewport_get_end (self->viewport) - cm_viewport_get_start (self->viewport);
  CmZoneKind kind = cm_session_get_time_zone (self->session);
  g_autoptr(CmZone) zone = NULL;
  CmEventData data;
  guint serial;

  if (!can_edit (self))
    return;

  cm_event_data_init (&data);
  data.title = _("New Event");
  data.precision = precision_for_span (span);
  data.end_precision = data.precision;
  if (kind != CM_ZONE_KIND_UTC)
    {
      zone = cm_zone_new_for_kind (kind, get_store (self));
      data.utc_offset = cm_zone_get_offset (zone, time);
    }
  data.start = cm_time_truncate (time, data.precision, data.utc_offset);
  data.end = CM_TIME_INVALID;
  data.lat = lat;
  data.lon = lon;

  serial = cm_history_insert_event (get_history (self), &data);
  cm_viewport_set_selection (self->viewport, serial);

  if (!adw_flap_get_reveal_flap (self->details_flap))
    g_action_group_activate_action (G_ACTION_GROUP (self), "show-details", NULL);
  cm_details_edit (self->details);
}

static CmTime
visible_centre (CmWindow *self)
{
  CmTime start = cm_viewport_get_start (self->viewport);
  CmTime end = cm_viewport_get_end (self->viewport);

  return start + (end - start) / 2;
}

/* win.new-event: at the middle of the timeline, nowhere on the map. */
static void
new_event_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CmWindow *self = user_data;

  add_new_event (self, visible_centre (self), NAN, NAN);
}

/* win.new-event-at-time (x: a CmTime): where the timeline was
 * double-clicked. */
static void
new_event_at_time_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  CmWindow *self = user_data;

  add_new_event (self, g_variant_get_int64 (parameter), NAN, NAN);
}

/* win.new-event-at-place ((dd): latitude, longitude): where the map was
 * right-clicked, at the middle of the timeline. */
static void
new_event_at_place_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  CmWindow *self = user_data;
  double lat, lon;

  g_variant_get (parameter, "(dd)", &lat, &lon);
  if (!isfinite (lat) || !isfinite (lon) || fabs (lat) > 90 || fabs (lon) > 180)
    {
      g_warning ("No new event at %g, %g: not a place on Earth", lat, lon);
      return;
    }

  add_new_event (self, visible_centre (self), lat, lon);
}

/* Set-up ------------------------------------------------------------------ */

/* The history moved: Undo and Redo say so. */
static void
history_notify_cb (CmWindow   *self,
                   GParamSpec *pspec,
                   CmHistory  *history)
{
  update_edit_menu (self);
  _cm_window_update_edit_actions (self);
}

static void
selection_notify_cb (CmWindow   *self,
                     GParamSpec *pspec,
                     CmViewport *viewport)
{
  update_delete_action (self);
}

static void
store_items_changed_cb (CmWindow   *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *store)
{
  update_delete_action (self);
}

static const GActionEntry edit_actions[] = {
  { "undo", undo_action },
  { "undo-delete", undo_delete_action, "(uu)" },
  { "redo", redo_action },
  { "new-event", new_event_action },
  { "new-event-at-time", new_event_at_time_action, "x" },
  { "new-event-at-place", new_event_at_place_action, "(dd)" },
  { "delete-event", delete_event_action },
};

/* Adds the edit actions (win.undo, …), the Undo and Redo menu items and
 * the Delete key of the views and the sidebar. */
void
_cm_window_init_edit (CmWindow *self)
{
  CmHistory *history = get_history (self);
  static const char *const properties[] = { "can-undo", "can-redo", "undo-name", "redo-name" };

  g_action_map_add_action_entries (G_ACTION_MAP (self), edit_actions, G_N_ELEMENTS (edit_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", properties[i], NULL);

      g_signal_connect_object (history, signal, G_CALLBACK (history_notify_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->viewport, "notify::selection",
                           G_CALLBACK (selection_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_store (self), "items-changed",
                           G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);

  add_delete_key (GTK_WIDGET (self->timeline));
  add_delete_key (GTK_WIDGET (self->map));
  add_delete_key (GTK_WIDGET (self->sidebar));

  update_edit_menu (self);
  _cm_window_update_edit_actions (self);
}

/**
 * cm_window_get_delete_toast:
 *
 * Returns: (transfer none) (nullable): the toast offering to undo a
 *   delete, while shown
 */
AdwToast *
cm_window_get_delete_toast (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->delete_toast;
}
